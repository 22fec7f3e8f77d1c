/*
 * "isa-pit": the Intel 8254 programmable interval timer as the PIIX3
 * integrates it, ports 0x40-0x42 (counters) and 0x43 (control word),
 * counter 0's OUT on IRQ 0.  The counting itself is i8254-common.c's;
 * this file is the bus side from the 8254 datasheet: the byte
 * flip-flops of each access format, the counter latch command, the
 * read-back command (status and count, several counters at once), and
 * the timer that turns counter 0's OUT transitions into IRQ 0 edges on
 * the virtual clock (so qtest's clock_step delivers them).
 *
 * lost_tick_policy (emu's addition to QEMU's isa-pit, with the values
 * QEMU's kvm-pit accepts) decides what a late timer does, when the
 * virtual clock has passed further transitions before the callback ran
 * (a stalled host): "delay" delivers every missed edge, one after
 * another, late; "discard" drops the missed ones and delivers at most
 * one, then follows the counter from the current time.
 */
#include "i8254-common.h"
#include "machine/qdev-properties.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(PITState, I8254)

struct PITState {
    PITCommonState parent_obj;

    LostTickPolicy lost_tick_policy; /* property lost_tick_policy */
    /* Counter 0's OUT (unnamed GPIO output 0) and its transitions. */
    qemu_irq irq;
    QEMUTimer irq_timer;
    int64_t next_transition_time;
    /* GPIO input 0 low: the HPET's legacy mode has taken IRQ 0 over. */
    bool irq_disabled;
};

#define PIT_CONTROL 3

/* Control word fields (8254 datasheet, "Control Word Format"). */
#define PIT_CW_SC_SHIFT 6
#define PIT_CW_SC_READ_BACK 3
#define PIT_CW_RW_SHIFT 4
#define PIT_CW_MODE_SHIFT 1
#define PIT_CW_BCD 0x01
/* Read-back command: bits 5 and 4 low latch count and status. */
#define PIT_RB_NO_COUNT 0x20
#define PIT_RB_NO_STATUS 0x10

static int64_t pit_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* ---- IRQ 0 ---- */

/* Drive IRQ 0 with counter 0's OUT at time t; arm for the next change. */
static void pit_irq_update(PITState *s, int64_t t)
{
    PITChannelState *c = &PIT_COMMON(s)->channels[0];

    if (s->irq_disabled) {
        return;
    }
    qemu_set_irq(s->irq, pit_channel_out(c, t));
    s->next_transition_time = pit_channel_next_transition(c, t);
    if (s->next_transition_time < 0) {
        timer_del(&s->irq_timer);
    } else {
        timer_mod_ns(&s->irq_timer, s->next_transition_time);
    }
}

static void pit_irq_timer(void *opaque)
{
    PITState *s = opaque;
    int64_t t = s->next_transition_time;
    int64_t now = pit_now();

    /* "delay": this transition at its own time, the next ones in turn. */
    pit_irq_update(s, t);
    if (s->lost_tick_policy == LOST_TICK_POLICY_DISCARD &&
        s->next_transition_time >= 0 && s->next_transition_time <= now) {
        /*
         * Late by more transitions than this one: drop them.  If OUT is
         * on the other level by now, one more change gets there (an edge
         * the guest sees); then transitions are taken from now on.
         */
        PITChannelState *c = &PIT_COMMON(s)->channels[0];

        if (pit_channel_out(c, now) != pit_channel_out(c, t)) {
            s->next_transition_time = now;
            timer_mod_ns(&s->irq_timer, now);
        } else {
            pit_irq_update(s, now);
        }
    }
}

/* GPIO input 0: the HPET's legacy replacement mode (QEMU's wiring). */
static void pit_irq_control(void *opaque, int n, int enable)
{
    PITState *s = opaque;

    if (enable) {
        s->irq_disabled = false;
        pit_irq_update(s, pit_now());
    } else {
        timer_del(&s->irq_timer);
        s->irq_disabled = true;
    }
}

static void pit_channel_changed(PITCommonState *pit, int channel)
{
    if (channel == 0) {
        pit_irq_update(I8254(pit), pit_now());
    }
}

/* ---- Ports ---- */

static void pit_latch_count(PITChannelState *c, int64_t now)
{
    /* A second latch before the first is read is ignored. */
    if (!c->count_latched) {
        c->latched_count = pit_channel_count(c, now);
        c->count_latched = c->rw_mode ? c->rw_mode : RW_STATE_LSB;
    }
}

static void pit_latch_status(PITChannelState *c, int64_t now)
{
    if (!c->status_latched) {
        c->status = pit_channel_status(c, now);
        c->status_latched = true;
    }
}

static void pit_control_write(PITState *s, uint8_t val)
{
    PITCommonState *pit = PIT_COMMON(s);
    int64_t now = pit_now();
    int sc = val >> PIT_CW_SC_SHIFT;
    int rw = (val >> PIT_CW_RW_SHIFT) & 3;
    int i;

    if (sc == PIT_CW_SC_READ_BACK) {
        for (i = 0; i < 3; i++) {
            if (!(val & (2 << i))) {
                continue;
            }
            if (!(val & PIT_RB_NO_COUNT)) {
                pit_latch_count(&pit->channels[i], now);
            }
            if (!(val & PIT_RB_NO_STATUS)) {
                pit_latch_status(&pit->channels[i], now);
            }
        }
        return;
    }
    if (rw == 0) {
        pit_latch_count(&pit->channels[sc], now);
        return;
    }
    pit_channel_set_mode(&pit->channels[sc], rw, (val >> PIT_CW_MODE_SHIFT) & 7,
                         val & PIT_CW_BCD, now);
    if (sc == 0) {
        pit_irq_update(s, now);
    }
}

static void pit_counter_write(PITState *s, int channel, uint8_t val)
{
    PITChannelState *c = &PIT_COMMON(s)->channels[channel];
    int64_t now = pit_now();

    switch (c->write_state) {
    case RW_STATE_MSB:
        pit_channel_load_count(c, val << 8, now);
        break;
    case RW_STATE_WORD0:
        c->write_latch = val;
        c->write_state = RW_STATE_WORD1;
        if (c->mode == 0) {
            pit_channel_hold(c, now);
        }
        break;
    case RW_STATE_WORD1:
        pit_channel_load_count(c, c->write_latch | val << 8, now);
        c->write_state = RW_STATE_WORD0;
        break;
    default:
        /* LSB only; also before the first control word. */
        pit_channel_load_count(c, val, now);
        break;
    }
    if (channel == 0) {
        pit_irq_update(s, now);
    }
}

static uint8_t pit_counter_read(PITState *s, int channel)
{
    PITChannelState *c = &PIT_COMMON(s)->channels[channel];
    uint16_t count;

    /* A latched status comes first, then a latched count. */
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    switch (c->count_latched) {
    case RW_STATE_LSB:
        c->count_latched = 0;
        return c->latched_count;
    case RW_STATE_MSB:
        c->count_latched = 0;
        return c->latched_count >> 8;
    case RW_STATE_WORD0:
        c->count_latched = RW_STATE_MSB;
        return c->latched_count;
    }
    /* Unlatched: the counting element as it is at this read. */
    count = pit_channel_count(c, pit_now());
    switch (c->read_state) {
    case RW_STATE_MSB:
        return count >> 8;
    case RW_STATE_WORD0:
        c->read_state = RW_STATE_WORD1;
        return count;
    case RW_STATE_WORD1:
        c->read_state = RW_STATE_WORD0;
        return count >> 8;
    default:
        return count;
    }
}

static uint64_t pit_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    if (addr == PIT_CONTROL) {
        /* Write-only; QEMU 7.2 reads 0 there (checked with qtest). */
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "i8254: read of the write-only control "
                                  "word register\n");
        return 0;
    }
    return pit_counter_read(opaque, addr);
}

static void pit_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    if (addr == PIT_CONTROL) {
        pit_control_write(opaque, val);
    } else {
        pit_counter_write(opaque, addr, val);
    }
}

static const MemoryRegionOps pit_ioport_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- Device ---- */

static void pit_init_chip(PITCommonState *pit)
{
    PITState *s = I8254(pit);
    DeviceState *dev = DEVICE(pit);

    memory_region_init_io(&pit->ioports, OBJECT(pit), &pit_ioport_ops, s, "pit",
                          4);
    qdev_init_gpio_out(dev, &s->irq, 1);
    qdev_init_gpio_in(dev, pit_irq_control, 1);
}

static void pit_realize(DeviceState *dev, Error **errp)
{
    PITState *s = I8254(dev);

    /* QEMU's kvm-pit accepts these two, with this text for the rest. */
    if (s->lost_tick_policy != LOST_TICK_POLICY_DELAY &&
        s->lost_tick_policy != LOST_TICK_POLICY_DISCARD) {
        error_setg(errp, "Lost tick policy not supported.");
        return;
    }
    PIT_COMMON_GET_CLASS(dev)->parent_realize(dev, errp);
}

/*
 * QEMU's reset values (pit_common_reset).  IRQ 0 goes low and follows
 * counter 0 from its next transition, as in QEMU: the first interrupt
 * comes one period (65536 pulses, 54.9 ms) after reset.
 */
static void pit_reset(DeviceState *dev)
{
    PITState *s = I8254(dev);
    PITChannelState *c = &PIT_COMMON(s)->channels[0];
    int64_t now = pit_now();

    pit_common_reset(PIT_COMMON(s));
    qemu_set_irq(s->irq, 0);
    timer_del(&s->irq_timer);
    if (!s->irq_disabled) {
        s->next_transition_time = pit_channel_next_transition(c, now);
        if (s->next_transition_time >= 0) {
            timer_mod_ns(&s->irq_timer, s->next_transition_time);
        }
    }
}

static void pit_instance_init(Object *obj)
{
    PITState *s = I8254(obj);

    timer_init_ns(&s->irq_timer, QEMU_CLOCK_VIRTUAL, pit_irq_timer, s);
}

static void pit_unrealize(DeviceState *dev)
{
    timer_del(&I8254(dev)->irq_timer);
}

static void pit_finalize(Object *obj)
{
    timer_deinit(&I8254(obj)->irq_timer);
}

static Property pit_properties[] = {
    DEFINE_PROP_LOSTTICKPOLICY("lost_tick_policy", PITState, lost_tick_policy,
                               LOST_TICK_POLICY_DELAY),
    DEFINE_PROP_END_OF_LIST(),
};

static void pit_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PITCommonClass *pcc = PIT_COMMON_CLASS(oc);

    device_class_set_parent_realize(dc, pit_realize, &pcc->parent_realize);
    dc->unrealize = pit_unrealize;
    dc->reset = pit_reset;
    device_class_set_props(dc, pit_properties);
    pcc->init_chip = pit_init_chip;
    pcc->channel_changed = pit_channel_changed;
}

ISADevice *i8254_pit_init(ISABus *bus, int base, int isa_irq, qemu_irq alt_irq,
                          Error **errp)
{
    ISADevice *isadev = isa_new(TYPE_I8254);
    DeviceState *dev = DEVICE(isadev);

    qdev_prop_set_uint32(dev, "iobase", base);
    if (!isa_realize_and_unref(isadev, bus, errp)) {
        return NULL;
    }
    if (isa_irq >= 0) {
        isa_connect_gpio_out(isadev, 0, isa_irq);
    } else {
        qdev_connect_gpio_out(dev, 0, alt_irq);
    }
    return isadev;
}

static const TypeInfo i8254_info = {
    .name = TYPE_I8254,
    .parent = TYPE_PIT_COMMON,
    .instance_size = sizeof(PITState),
    .instance_init = pit_instance_init,
    .instance_finalize = pit_finalize,
    .class_init = pit_class_init,
};

static void i8254_register_types(void)
{
    type_register_static(&i8254_info);
}

type_init(i8254_register_types)
