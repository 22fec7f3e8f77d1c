/*
 * "isa-i8259": the Intel 8259A programmable interrupt controller, two of
 * which the PIIX3 integrates as the PC's master (ports 0x20/0x21, ELCR1
 * at 0x4d0) and slave (0xa0/0xa1, ELCR2 at 0x4d1) on the master's IR2.
 *
 * Behaviour from the 8259A datasheet (ICW1-4, OCW1-3, priority
 * resolution, rotation, special mask, special fully nested mode, poll,
 * auto-EOI, the spurious IR7) and the PIIX3 datasheet (the ELCRs decide
 * edge or level sensing per input; ICW1's LTIM bit is disabled; the pair
 * is wired in cascade on IR2); QEMU 7.2's choices where those leave room,
 * checked with qtest (qtest/tests/i8259-test.c runs on both).
 *
 * Edge-triggered inputs latch the rising edge until the request is
 * acknowledged, even if the line drops first: emulated devices pulse
 * their lines in zero time (raise then lower), which the 8259A's "IR
 * must stay high until the first INTA" rule would lose.  QEMU does the
 * same.  A level-triggered input requests for as long as it is high.
 */
#include "i8259-common.h"
#include "machine/qdev-properties.h"
#include "util/error.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(I8259State, I8259)

struct I8259State {
    PICCommonState parent_obj;

    /* The master's slave, for the cascaded INTA (a reference). */
    PICCommonState *slave;
};

DeviceState *isa_pic;

/* The PIIX3 wires the slave's INT to the master's IR2. */
#define PIC_CASCADE_IRQ 2

/* ICW1 (A0 = 0, D4 = 1) and OCW2/OCW3 (A0 = 0, D4 = 0). */
#define ICW1_IC4 0x01
#define ICW1_SNGL 0x02
#define ICW1_LTIM 0x08
#define ICW1_SELECT 0x10
#define OCW3_SELECT 0x08
#define OCW3_RIS 0x01
#define OCW3_RR 0x02
#define OCW3_POLL 0x04
#define OCW3_SMM 0x20
#define OCW3_ESMM 0x40
/* ICW4. */
#define ICW4_UPM 0x01
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10

/* OCW2 commands: bits R, SL, EOI. */
enum {
    OCW2_ROTATE_AEOI_CLEAR = 0,
    OCW2_NS_EOI = 1,
    OCW2_NOP = 2,
    OCW2_SPECIFIC_EOI = 3,
    OCW2_ROTATE_AEOI_SET = 4,
    OCW2_ROTATE_NS_EOI = 5,
    OCW2_SET_PRIORITY = 6,
    OCW2_ROTATE_SPECIFIC_EOI = 7,
};

/* ---- Priority resolution ---- */

/*
 * The rank (0 highest .. 7 lowest) of the highest-priority input in
 * mask, or 8 for none.  Rank r is input (r + priority_add) & 7.
 */
static int pic_priority(const PICCommonState *s, uint8_t mask)
{
    int r;

    for (r = 0; r < 8; r++) {
        if (mask & (1u << ((r + s->priority_add) & 7))) {
            return r;
        }
    }
    return 8;
}

/* Whether the master's input irq has the slave on it (ICW1 SNGL off). */
static bool pic_is_cascade(const PICCommonState *s, int irq)
{
    return s->master && !s->single_mode && irq == PIC_CASCADE_IRQ;
}

/*
 * The input that should interrupt the CPU now, or -1: the highest
 * unmasked request, if it outranks every input in service.  Special mask
 * mode lets masked in-service levels stop blocking; special fully nested
 * mode lets the slave interrupt again while its cascade input is in
 * service, so that its higher-priority requests get through.
 */
static int pic_get_irq(const PICCommonState *s)
{
    uint8_t in_service = s->isr;
    int request = pic_priority(s, pic_common_irr(s) & ~s->imr);

    if (request == 8) {
        return -1;
    }
    if (s->special_mask) {
        in_service &= ~s->imr;
    }
    if (s->special_fully_nested_mode && s->master && !s->single_mode) {
        in_service &= ~(1u << PIC_CASCADE_IRQ);
    }
    if (request < pic_priority(s, in_service)) {
        return (request + s->priority_add) & 7;
    }
    return -1;
}

static void pic_update_irq(PICCommonState *s)
{
    qemu_set_irq(s->int_out, pic_get_irq(s) >= 0);
}

/*
 * The INTA cycle for irq: in service (or, with auto-EOI, only rotated
 * if asked to), and an edge request consumed.
 */
static void pic_intack(PICCommonState *s, int irq)
{
    if (s->auto_eoi) {
        if (s->rotate_on_auto_eoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= 1u << irq;
    }
    s->irr &= ~(1u << irq);
    pic_update_irq(s);
}

int pic_read_irq(DeviceState *pic)
{
    PICCommonState *s = PIC_COMMON(pic);
    PICCommonState *slave = I8259(pic)->slave;
    int irq = pic_get_irq(s);
    int vector;

    if (irq < 0) {
        /* 8259A: no request left at INTA, the chip answers IR7. */
        return s->irq_base + 7;
    }
    if (pic_is_cascade(s, irq) && slave) {
        int irq2 = pic_get_irq(slave);

        if (irq2 >= 0) {
            pic_intack(slave, irq2);
            vector = slave->irq_base + irq2;
        } else {
            /* Spurious on the slave: IR15, nothing in service there. */
            vector = slave->irq_base + 7;
        }
    } else {
        vector = s->irq_base + irq;
    }
    pic_intack(s, irq);
    return vector;
}

int pic_get_output(DeviceState *pic)
{
    return pic_get_irq(PIC_COMMON(pic)) >= 0;
}

/* ---- Inputs ---- */

static void pic_set_irq(void *opaque, int n, int level)
{
    PICCommonState *s = opaque;
    uint8_t mask = 1u << n;
    bool was_high = s->input_level & mask;

    if (level) {
        s->input_level |= mask;
    } else {
        s->input_level &= ~mask;
    }
    /* Edge-triggered: latch a rising edge (level inputs are sensed). */
    if (level && !was_high && !(s->elcr & mask)) {
        s->irr |= mask;
    }
    pic_update_irq(s);
}

/* ---- Command and data ports ---- */

/* OCW3 P: this read acknowledges the highest request as INTA would. */
static uint8_t pic_poll_read(PICCommonState *s)
{
    int irq = pic_get_irq(s);

    s->poll = false;
    if (irq < 0) {
        return 0;
    }
    pic_intack(s, irq);
    return 0x80 | irq;
}

static uint64_t pic_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICCommonState *s = opaque;

    /* 8259A: after a poll command, the next read (either port) polls. */
    if (s->poll) {
        return pic_poll_read(s);
    }
    if (addr == 0) {
        return s->read_reg_select ? s->isr : pic_common_irr(s);
    }
    return s->imr;
}

static void pic_icw1(PICCommonState *s, uint8_t val)
{
    pic_common_init_reset(s);
    s->init_state = 1;
    s->init4 = val & ICW1_IC4;
    s->single_mode = val & ICW1_SNGL;
    if (val & ICW1_LTIM) {
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "i8259: ICW1 LTIM ignored: the PIIX3 takes "
                                  "edge/level sensing from the ELCR\n");
    }
    if (!s->init4) {
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "i8259: ICW1 without ICW4 selects 8080/85 "
                                  "mode, which emu does not model: vectors "
                                  "stay 8086-style\n");
    }
    pic_update_irq(s);
}

static void pic_ocw2(PICCommonState *s, uint8_t val)
{
    int level = val & 7;
    int rank;

    switch (val >> 5) {
    case OCW2_ROTATE_AEOI_CLEAR:
        s->rotate_on_auto_eoi = false;
        break;
    case OCW2_ROTATE_AEOI_SET:
        s->rotate_on_auto_eoi = true;
        break;
    case OCW2_NS_EOI:
    case OCW2_ROTATE_NS_EOI:
        /* The highest-priority input in service. */
        rank = pic_priority(s, s->isr);
        if (rank < 8) {
            int irq = (rank + s->priority_add) & 7;

            s->isr &= ~(1u << irq);
            if (val >> 5 == OCW2_ROTATE_NS_EOI) {
                s->priority_add = (irq + 1) & 7;
            }
        }
        break;
    case OCW2_SPECIFIC_EOI:
        s->isr &= ~(1u << level);
        break;
    case OCW2_ROTATE_SPECIFIC_EOI:
        s->isr &= ~(1u << level);
        s->priority_add = (level + 1) & 7;
        break;
    case OCW2_SET_PRIORITY:
        /* level becomes the lowest priority. */
        s->priority_add = (level + 1) & 7;
        break;
    case OCW2_NOP:
        break;
    }
    pic_update_irq(s);
}

static void pic_ocw3(PICCommonState *s, uint8_t val)
{
    if (val & OCW3_POLL) {
        s->poll = true;
    }
    if (val & OCW3_RR) {
        s->read_reg_select = val & OCW3_RIS;
    }
    if (val & OCW3_ESMM) {
        s->special_mask = val & OCW3_SMM;
    }
    pic_update_irq(s);
}

/* ICW2-4 while initialising, OCW1 (the mask) otherwise. */
static void pic_data_write(PICCommonState *s, uint8_t val)
{
    /* PIIX3: ICW3 must be 0x04 on the master, 0x02 on the slave. */
    uint8_t icw3 = s->master ? 1u << PIC_CASCADE_IRQ : PIC_CASCADE_IRQ;

    switch (s->init_state) {
    case 0:
        s->imr = val;
        pic_update_irq(s);
        break;
    case 1:
        /* ICW2: T7-T3; the low bits come from the input (8086 mode). */
        s->irq_base = val & 0xf8;
        if (!s->single_mode) {
            s->init_state = 2;
        } else {
            s->init_state = s->init4 ? 3 : 0;
        }
        break;
    case 2:
        if (val != icw3) {
            qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                      "i8259: ICW3 0x%02x on the %s ignored: "
                                      "the cascade is wired on IR2 (0x%02x)\n",
                                      val, s->master ? "master" : "slave",
                                      icw3);
        }
        s->init_state = s->init4 ? 3 : 0;
        break;
    case 3:
        s->special_fully_nested_mode = val & ICW4_SFNM;
        s->auto_eoi = val & ICW4_AEOI;
        if (!(val & ICW4_UPM)) {
            qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                      "i8259: ICW4 selects 8080/85 mode, which "
                                      "emu does not model: vectors stay "
                                      "8086-style\n");
        }
        s->init_state = 0;
        pic_update_irq(s);
        break;
    }
}

static void pic_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    PICCommonState *s = opaque;
    uint8_t val = val64;

    if (addr == 1) {
        pic_data_write(s, val);
    } else if (val & ICW1_SELECT) {
        pic_icw1(s, val);
    } else if (val & OCW3_SELECT) {
        pic_ocw3(s, val);
    } else {
        pic_ocw2(s, val);
    }
}

static const MemoryRegionOps pic_base_ioport_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- ELCR (PIIX3 ELCR1 at 0x4d0, ELCR2 at 0x4d1) ---- */

static uint64_t elcr_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    return PIC_COMMON(opaque)->elcr;
}

static void elcr_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PICCommonState *s = opaque;

    /* Bits for inputs that must stay edge-triggered read back 0. */
    s->elcr = val & s->elcr_mask;
    /* A level-triggered input is sensed, not latched. */
    s->irr &= ~s->elcr;
    pic_update_irq(s);
}

static const MemoryRegionOps pic_elcr_ioport_ops = {
    .read = elcr_ioport_read,
    .write = elcr_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- Device ---- */

static void pic_init_chip(PICCommonState *s)
{
    DeviceState *dev = DEVICE(s);

    memory_region_init_io(&s->base_io, OBJECT(s), &pic_base_ioport_ops, s,
                          "pic", 2);
    memory_region_init_io(&s->elcr_io, OBJECT(s), &pic_elcr_ioport_ops, s,
                          "elcr", 1);
    qdev_init_gpio_out(dev, &s->int_out, 1);
    qdev_init_gpio_in(dev, pic_set_irq, 8);
}

/* PIIX3: ELCR resets to 0 (all edge); the chip as after ICW1. */
static void pic_reset(DeviceState *dev)
{
    PICCommonState *s = PIC_COMMON(dev);

    s->elcr = 0;
    pic_common_init_reset(s);
    pic_update_irq(s);
}

static void pic_finalize(Object *obj)
{
    I8259State *s = I8259(obj);

    if (isa_pic == DEVICE(obj)) {
        isa_pic = NULL;
    }
    if (s->slave) {
        object_unref(OBJECT(s->slave));
    }
}

static void pic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PICCommonClass *pcc = PIC_COMMON_CLASS(oc);

    pcc->init_chip = pic_init_chip;
    dc->reset = pic_reset;
}

/* ---- The pair on a board ---- */

static DeviceState *i8259_init_chip(ISABus *bus, bool master, Error **errp)
{
    ISADevice *isadev = isa_new(TYPE_I8259);
    DeviceState *dev = DEVICE(isadev);

    qdev_prop_set_uint32(dev, "iobase", master ? 0x20 : 0xa0);
    qdev_prop_set_uint32(dev, "elcr_addr", master ? 0x4d0 : 0x4d1);
    /* PIIX3: IRQ0-2 (master) and IRQ8/IRQ13 (slave) are edge only. */
    qdev_prop_set_uint8(dev, "elcr_mask", master ? 0xf8 : 0xde);
    qdev_prop_set_bit(dev, "master", master);
    return isa_realize_and_unref(isadev, bus, errp) ? dev : NULL;
}

qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq, Error **errp)
{
    g_autofree qemu_irq *irqs = g_new0(qemu_irq, ISA_NUM_IRQS);
    DeviceState *master = i8259_init_chip(bus, true, errp);
    DeviceState *slave;
    int i;

    if (!master) {
        return NULL;
    }
    qdev_connect_gpio_out(master, I8259_GPIO_INT, parent_irq);
    for (i = 0; i < 8; i++) {
        irqs[i] = qdev_get_gpio_in(master, i);
    }
    slave = i8259_init_chip(bus, false, errp);
    if (!slave) {
        return NULL;
    }
    qdev_connect_gpio_out(slave, I8259_GPIO_INT, irqs[PIC_CASCADE_IRQ]);
    for (i = 0; i < 8; i++) {
        irqs[8 + i] = qdev_get_gpio_in(slave, i);
    }
    I8259(master)->slave = PIC_COMMON(object_ref(OBJECT(slave)));
    isa_pic = master;
    return g_steal_pointer(&irqs);
}

static const TypeInfo i8259_info = {
    .name = TYPE_I8259,
    .parent = TYPE_PIC_COMMON,
    .instance_size = sizeof(I8259State),
    .instance_finalize = pic_finalize,
    .class_init = pic_class_init,
};

static void i8259_register_types(void)
{
    type_register_static(&i8259_info);
}

type_init(i8259_register_types)
