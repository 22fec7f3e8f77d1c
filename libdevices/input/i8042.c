/*
 * The i8042 keyboard controller ("i8042"): the 8042's status register,
 * command byte, output port (A20 gate, reset line) and the commands
 * PC firmware and kernels use, in front of the PS/2 keyboard and mouse
 * (ps2.c).  Behaviour from the 8042 / PS/2 references and, where they
 * leave room, QEMU 7.2's (checked with qtest): which source the output
 * buffer serves first, the status bits QEMU keeps fixed, the commands
 * it knows.  See devices/i8042.h for properties and wiring.
 *
 * The output buffer holds one byte for the guest.  Three sources offer
 * bytes: the controller's own replies (one byte, to the keyboard or the
 * mouse side), the keyboard and the mouse; a free buffer takes the next
 * one in that order, and the byte itself is fetched from its source when
 * the guest reads port 0x60 (as in QEMU: a new keyboard command replaces
 * a reply not read yet).  A read with the buffer empty returns the last
 * byte again.
 *
 * Reset puts back every register, including the last data byte and a
 * command still waiting for its data byte, which QEMU keeps.
 */
#include <inttypes.h>

#include "devices/i8042.h"
#include "devices/ps2.h"
#include "machine/qdev-properties.h"
#include "machine/reset.h"
#include "machine/sysbus.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISAKBDState, I8042)

#define I8042_DATA_PORT 0x60
#define I8042_CMD_PORT 0x64

/* Status register. */
#define KBD_STAT_OBF 0x01
#define KBD_STAT_SELFTEST 0x04 /* the system flag */
#define KBD_STAT_CMD 0x08
#define KBD_STAT_UNLOCKED 0x10
#define KBD_STAT_MOUSE_OBF 0x20
/*
 * QEMU keeps "last write was a command" and "keyboard not inhibited" set
 * for good (qtest: the status reads 0x18 after data writes too).
 */
#define KBD_STAT_RESET (KBD_STAT_CMD | KBD_STAT_UNLOCKED)

/* Command byte ("mode"). */
#define KBD_MODE_KBD_INT 0x01
#define KBD_MODE_MOUSE_INT 0x02
#define KBD_MODE_DISABLE_KBD 0x10
#define KBD_MODE_DISABLE_MOUSE 0x20
#define KBD_MODE_KCC 0x40 /* translate to scan code set 1 */
#define KBD_MODE_RESET (KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT)

/* Output port. */
#define KBD_OUT_RESET 0x01 /* low: the CPU is held in reset */
#define KBD_OUT_A20 0x02
#define KBD_OUT_OBF 0x10
#define KBD_OUT_MOUSE_OBF 0x20
#define KBD_OUT_ONES 0xcc /* what QEMU's port reads in the other bits */
#define KBD_OUT_RESET_VALUE (KBD_OUT_RESET | KBD_OUT_A20 | KBD_OUT_ONES)

/* The input port: bit 7 set, keyboard not inhibited (QEMU's 0x80). */
#define KBD_IN_VALUE 0x80

/* Controller commands (port 0x64). */
#define KBD_CCMD_READ_MODE 0x20
#define KBD_CCMD_WRITE_MODE 0x60
#define KBD_CCMD_MOUSE_DISABLE 0xa7
#define KBD_CCMD_MOUSE_ENABLE 0xa8
#define KBD_CCMD_TEST_MOUSE 0xa9
#define KBD_CCMD_SELF_TEST 0xaa
#define KBD_CCMD_KBD_TEST 0xab
#define KBD_CCMD_KBD_DISABLE 0xad
#define KBD_CCMD_KBD_ENABLE 0xae
#define KBD_CCMD_READ_INPORT 0xc0
#define KBD_CCMD_READ_OUTPORT 0xd0
#define KBD_CCMD_WRITE_OUTPORT 0xd1
#define KBD_CCMD_WRITE_OBUF 0xd2
#define KBD_CCMD_WRITE_AUX_OBUF 0xd3
#define KBD_CCMD_WRITE_MOUSE 0xd4
#define KBD_CCMD_DISABLE_A20 0xdd
#define KBD_CCMD_ENABLE_A20 0xdf
/* 0xf0-0xff pulse output port bits 3:0 low for those written 0. */
#define KBD_CCMD_PULSE 0xf0

#define KBD_SELF_TEST_OK 0x55
#define KBD_TEST_OK 0x00

/* Sources with a byte for the guest, in the order the buffer takes them. */
#define KBD_PENDING_CTRL_KBD 0x01
#define KBD_PENDING_CTRL_AUX 0x02
#define KBD_PENDING_KBD 0x04
#define KBD_PENDING_AUX 0x08
#define KBD_PENDING_CTRL (KBD_PENDING_CTRL_KBD | KBD_PENDING_CTRL_AUX)

typedef enum KBDSource {
    KBD_SRC_NONE,
    KBD_SRC_CTRL,
    KBD_SRC_KBD,
    KBD_SRC_MOUSE,
} KBDSource;

/* kbd-throttle: a keyboard byte at most every millisecond. */
#define KBD_THROTTLE_US 1000

#define I8042_KBD_IRQ 0
#define I8042_MOUSE_IRQ 1

struct ISAKBDState {
    ISADevice parent_obj;

    MemoryRegion io[2];
    PS2KbdState ps2kbd;
    PS2MouseState ps2mouse;
    qemu_irq irqs[2];
    qemu_irq a20_out;
    QEMUTimer throttle_timer;

    /* Properties. */
    bool extended_state;
    bool kbd_throttle;
    uint8_t kbd_irq;
    uint8_t mouse_irq;

    uint8_t status;
    uint8_t mode;
    uint8_t outport;
    /* The command that waits for its byte on port 0x60, or 0. */
    uint8_t write_cmd;
    uint8_t pending;
    KBDSource obsrc; /* who fills the output buffer while OBF is set */
    uint8_t cbdata;  /* the controller's reply */
    uint8_t obdata;  /* the byte read last */
};

/* ---- Output buffer and interrupts ---- */

static void kbd_update_irq_lines(ISAKBDState *s)
{
    bool kbd = false, mouse = false;

    if (s->status & KBD_STAT_OBF) {
        if (s->status & KBD_STAT_MOUSE_OBF) {
            mouse = s->mode & KBD_MODE_MOUSE_INT;
        } else {
            kbd = (s->mode & KBD_MODE_KBD_INT) &&
                  !(s->mode & KBD_MODE_DISABLE_KBD);
        }
    }
    qemu_set_irq(s->irqs[I8042_KBD_IRQ], kbd);
    qemu_set_irq(s->irqs[I8042_MOUSE_IRQ], mouse);
}

static void kbd_set_obf(ISAKBDState *s, bool full, bool mouse)
{
    s->status &= ~(KBD_STAT_OBF | KBD_STAT_MOUSE_OBF);
    s->outport &= ~(KBD_OUT_OBF | KBD_OUT_MOUSE_OBF);
    if (full) {
        s->status |= KBD_STAT_OBF;
        s->outport |= KBD_OUT_OBF;
    }
    if (full && mouse) {
        s->status |= KBD_STAT_MOUSE_OBF;
        s->outport |= KBD_OUT_MOUSE_OBF;
    }
}

/*
 * The sources that may fill the buffer: a keyboard or mouse the command
 * byte disabled holds its bytes back (unless extended-state is off, the
 * behaviour of pc-i440fx-6.0 and older).
 */
static uint8_t kbd_pending(const ISAKBDState *s)
{
    uint8_t p = s->pending;

    if (s->extended_state) {
        if (s->mode & KBD_MODE_DISABLE_KBD) {
            p &= ~KBD_PENDING_KBD;
        }
        if (s->mode & KBD_MODE_DISABLE_MOUSE) {
            p &= ~KBD_PENDING_AUX;
        }
    }
    return p;
}

/* Fill a free buffer from the first source with a byte. */
static void kbd_fill_obuf(ISAKBDState *s)
{
    uint8_t p;

    if ((s->status & KBD_STAT_OBF) ||
        (s->kbd_throttle && timer_pending(&s->throttle_timer))) {
        return;
    }
    p = kbd_pending(s);
    if (p & KBD_PENDING_CTRL_KBD) {
        s->obsrc = KBD_SRC_CTRL;
        kbd_set_obf(s, true, false);
    } else if (p & KBD_PENDING_CTRL_AUX) {
        s->obsrc = KBD_SRC_CTRL;
        kbd_set_obf(s, true, true);
    } else if (p & KBD_PENDING_KBD) {
        s->obsrc = KBD_SRC_KBD;
        kbd_set_obf(s, true, false);
    } else if (p & KBD_PENDING_AUX) {
        s->obsrc = KBD_SRC_MOUSE;
        kbd_set_obf(s, true, true);
    } else {
        return;
    }
    kbd_update_irq_lines(s);
}

/* A reply of the controller itself, on the keyboard or the mouse side. */
static void kbd_queue(ISAKBDState *s, uint8_t b, bool aux)
{
    s->cbdata = b;
    s->pending &= ~KBD_PENDING_CTRL;
    s->pending |= aux ? KBD_PENDING_CTRL_AUX : KBD_PENDING_CTRL_KBD;
    kbd_fill_obuf(s);
}

/* The PS/2 devices' output lines (named GPIO inputs). */
static void kbd_update_kbd_irq(void *opaque, int n, int level)
{
    ISAKBDState *s = opaque;

    if (level) {
        s->pending |= KBD_PENDING_KBD;
    } else {
        s->pending &= ~KBD_PENDING_KBD;
    }
    kbd_fill_obuf(s);
}

static void kbd_update_aux_irq(void *opaque, int n, int level)
{
    ISAKBDState *s = opaque;

    if (level) {
        s->pending |= KBD_PENDING_AUX;
    } else {
        s->pending &= ~KBD_PENDING_AUX;
    }
    kbd_fill_obuf(s);
}

static void kbd_throttle_timeout(void *opaque)
{
    kbd_fill_obuf(opaque);
}

/* The command byte changed: interrupt gating and disabled sources. */
static void kbd_mode_changed(ISAKBDState *s)
{
    kbd_update_irq_lines(s);
    kbd_fill_obuf(s);
}

/*
 * A disabled side enabled again: its bytes may come now.  As in QEMU,
 * this does not re-evaluate the interrupt of a byte already waiting.
 */
static void kbd_side_enabled(ISAKBDState *s, uint8_t disable_bit)
{
    s->mode &= ~disable_bit;
    kbd_fill_obuf(s);
}

/* ---- Output port ---- */

static void kbd_outport_write(ISAKBDState *s, uint8_t val)
{
    s->outport = val;
    qemu_set_irq(s->a20_out, (val & KBD_OUT_A20) != 0);
    if (!(val & KBD_OUT_RESET)) {
        /* The reset line is active low. */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

/* ---- Ports ---- */

static uint64_t kbd_read_status(void *opaque, hwaddr addr, unsigned size)
{
    return ((ISAKBDState *)opaque)->status;
}

static void kbd_write_command(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    ISAKBDState *s = opaque;
    uint8_t val = val64;

    if (val >= KBD_CCMD_PULSE) {
        /* Only bit 0 (reset) does something when pulsed. */
        if (!(val & KBD_OUT_RESET)) {
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
        return;
    }
    switch (val) {
    case KBD_CCMD_READ_MODE:
        kbd_queue(s, s->mode, false);
        break;
    case KBD_CCMD_WRITE_MODE:
    case KBD_CCMD_WRITE_OUTPORT:
    case KBD_CCMD_WRITE_OBUF:
    case KBD_CCMD_WRITE_AUX_OBUF:
    case KBD_CCMD_WRITE_MOUSE:
        s->write_cmd = val;
        break;
    case KBD_CCMD_MOUSE_DISABLE:
        s->mode |= KBD_MODE_DISABLE_MOUSE;
        break;
    case KBD_CCMD_MOUSE_ENABLE:
        kbd_side_enabled(s, KBD_MODE_DISABLE_MOUSE);
        break;
    case KBD_CCMD_TEST_MOUSE:
    case KBD_CCMD_KBD_TEST:
        kbd_queue(s, KBD_TEST_OK, false);
        break;
    case KBD_CCMD_SELF_TEST:
        s->status |= KBD_STAT_SELFTEST;
        kbd_queue(s, KBD_SELF_TEST_OK, false);
        break;
    case KBD_CCMD_KBD_DISABLE:
        /* An interrupt already raised stays up until the read (QEMU). */
        s->mode |= KBD_MODE_DISABLE_KBD;
        break;
    case KBD_CCMD_KBD_ENABLE:
        kbd_side_enabled(s, KBD_MODE_DISABLE_KBD);
        break;
    case KBD_CCMD_READ_INPORT:
        kbd_queue(s, KBD_IN_VALUE, false);
        break;
    case KBD_CCMD_READ_OUTPORT:
        kbd_queue(s, s->outport, false);
        break;
    case KBD_CCMD_DISABLE_A20:
        s->outport &= ~KBD_OUT_A20;
        qemu_irq_lower(s->a20_out);
        break;
    case KBD_CCMD_ENABLE_A20:
        s->outport |= KBD_OUT_A20;
        qemu_irq_raise(s->a20_out);
        break;
    default:
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "i8042: unsupported command 0x%02x\n", val);
        break;
    }
}

static uint64_t kbd_read_data(void *opaque, hwaddr addr, unsigned size)
{
    ISAKBDState *s = opaque;
    KBDSource src = s->obsrc;

    if (!(s->status & KBD_STAT_OBF)) {
        return s->obdata;
    }
    kbd_set_obf(s, false, false);
    s->obsrc = KBD_SRC_NONE;
    kbd_update_irq_lines(s);
    switch (src) {
    case KBD_SRC_CTRL:
        s->pending &= ~KBD_PENDING_CTRL;
        s->obdata = s->cbdata;
        break;
    case KBD_SRC_KBD:
        if (s->kbd_throttle) {
            timer_mod(&s->throttle_timer,
                      qemu_clock_get_us(QEMU_CLOCK_VIRTUAL) + KBD_THROTTLE_US);
        }
        s->obdata = ps2_read_data(PS2_DEVICE(&s->ps2kbd));
        break;
    case KBD_SRC_MOUSE:
        s->obdata = ps2_read_data(PS2_DEVICE(&s->ps2mouse));
        break;
    case KBD_SRC_NONE:
        break;
    }
    kbd_fill_obuf(s);
    return s->obdata;
}

static void kbd_write_data(void *opaque, hwaddr addr, uint64_t val64,
                           unsigned size)
{
    ISAKBDState *s = opaque;
    uint8_t val = val64;
    uint8_t cmd = s->write_cmd;

    s->write_cmd = 0;
    switch (cmd) {
    case 0:
        ps2_write_keyboard(&s->ps2kbd, val);
        /* Talking to the keyboard enables its interface again. */
        kbd_side_enabled(s, KBD_MODE_DISABLE_KBD);
        break;
    case KBD_CCMD_WRITE_MODE:
        s->mode = val;
        ps2_keyboard_set_translation(&s->ps2kbd, val & KBD_MODE_KCC);
        kbd_mode_changed(s);
        break;
    case KBD_CCMD_WRITE_OBUF:
        kbd_queue(s, val, false);
        break;
    case KBD_CCMD_WRITE_AUX_OBUF:
        kbd_queue(s, val, true);
        break;
    case KBD_CCMD_WRITE_OUTPORT:
        kbd_outport_write(s, val);
        break;
    case KBD_CCMD_WRITE_MOUSE:
        ps2_write_mouse(&s->ps2mouse, val);
        kbd_side_enabled(s, KBD_MODE_DISABLE_MOUSE);
        break;
    }
}

static const MemoryRegionOps i8042_data_ops = {
    .read = kbd_read_data,
    .write = kbd_write_data,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static const MemoryRegionOps i8042_cmd_ops = {
    .read = kbd_read_status,
    .write = kbd_write_command,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void i8042_setup_a20_line(ISADevice *dev, qemu_irq a20_out)
{
    qdev_connect_gpio_out_named(DEVICE(dev), I8042_A20_LINE, 0, a20_out);
}

/* ---- Device ---- */

static void i8042_reset(DeviceState *dev)
{
    ISAKBDState *s = I8042(dev);

    s->mode = KBD_MODE_RESET;
    s->status = KBD_STAT_RESET;
    s->outport = KBD_OUT_RESET_VALUE;
    s->write_cmd = 0;
    /* The PS/2 lines are wires: their devices' reset lowers them. */
    s->pending &= ~KBD_PENDING_CTRL;
    s->obsrc = KBD_SRC_NONE;
    s->cbdata = 0;
    s->obdata = 0;
    if (s->kbd_throttle) {
        timer_del(&s->throttle_timer);
    }
    kbd_update_irq_lines(s);
}

static void i8042_initfn(Object *obj)
{
    ISAKBDState *s = I8042(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->io[0], obj, &i8042_data_ops, s, "i8042-data", 1);
    memory_region_init_io(&s->io[1], obj, &i8042_cmd_ops, s, "i8042-cmd", 1);
    /* In QEMU's order, so that info qtree lists them as QEMU does. */
    qdev_init_gpio_out_named(dev, &s->a20_out, I8042_A20_LINE, 1);
    qdev_init_gpio_out(dev, s->irqs, 2);
    object_initialize_child(obj, "ps2kbd", &s->ps2kbd, TYPE_PS2_KBD_DEVICE);
    object_initialize_child(obj, "ps2mouse", &s->ps2mouse,
                            TYPE_PS2_MOUSE_DEVICE);
    qdev_init_gpio_in_named(dev, kbd_update_kbd_irq, "ps2-kbd-input-irq", 1);
    qdev_init_gpio_in_named(dev, kbd_update_aux_irq, "ps2-mouse-input-irq", 1);
}

static void i8042_realizefn(DeviceState *dev, Error **errp)
{
    ISAKBDState *s = I8042(dev);
    ISADevice *isadev = ISA_DEVICE(dev);

    /* QEMU 7.2's texts. */
    if (s->kbd_irq >= ISA_NUM_IRQS) {
        error_setg(errp, "Maximum value for \"kbd-irq\" is: %u",
                   ISA_NUM_IRQS - 1);
        return;
    }
    if (s->mouse_irq >= ISA_NUM_IRQS) {
        error_setg(errp, "Maximum value for \"mouse-irq\" is: %u",
                   ISA_NUM_IRQS - 1);
        return;
    }
    if (!sysbus_realize(SYS_BUS_DEVICE(&s->ps2kbd), errp) ||
        !sysbus_realize(SYS_BUS_DEVICE(&s->ps2mouse), errp)) {
        return;
    }
    qdev_connect_gpio_out(DEVICE(&s->ps2kbd), 0,
                          qdev_get_gpio_in_named(dev, "ps2-kbd-input-irq", 0));
    qdev_connect_gpio_out(
        DEVICE(&s->ps2mouse), 0,
        qdev_get_gpio_in_named(dev, "ps2-mouse-input-irq", 0));
    isa_connect_gpio_out(isadev, I8042_KBD_IRQ, s->kbd_irq);
    isa_connect_gpio_out(isadev, I8042_MOUSE_IRQ, s->mouse_irq);
    isa_register_ioport(isadev, &s->io[0], I8042_DATA_PORT);
    isa_register_ioport(isadev, &s->io[1], I8042_CMD_PORT);
    if (s->kbd_throttle) {
        timer_init_us(&s->throttle_timer, QEMU_CLOCK_VIRTUAL,
                      kbd_throttle_timeout, s);
    }
}

static void i8042_unrealizefn(DeviceState *dev)
{
    ISAKBDState *s = I8042(dev);

    if (s->kbd_throttle) {
        timer_deinit(&s->throttle_timer);
    }
}

static void i8042_finalize(Object *obj)
{
    ISAKBDState *s = I8042(obj);

    memory_region_destroy(&s->io[0]);
    memory_region_destroy(&s->io[1]);
}

static Property i8042_properties[] = {
    DEFINE_PROP_BOOL("extended-state", ISAKBDState, extended_state, true),
    DEFINE_PROP_BOOL("kbd-throttle", ISAKBDState, kbd_throttle, false),
    DEFINE_PROP_UINT8("kbd-irq", ISAKBDState, kbd_irq, 1),
    DEFINE_PROP_UINT8("mouse-irq", ISAKBDState, mouse_irq, 12),
    DEFINE_PROP_END_OF_LIST(),
};

static void i8042_class_initfn(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = i8042_realizefn;
    dc->unrealize = i8042_unrealizefn;
    dc->reset = i8042_reset;
    device_class_set_props(dc, i8042_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
}

static const TypeInfo i8042_info = {
    .name = TYPE_I8042,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISAKBDState),
    .instance_init = i8042_initfn,
    .instance_finalize = i8042_finalize,
    .class_init = i8042_class_initfn,
};

static void i8042_register_types(void)
{
    type_register_static(&i8042_info);
}

type_init(i8042_register_types)
