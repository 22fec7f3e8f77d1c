/*
 * isa-serial: a 16550A (serial.c) on the ISA bus, QEMU's type, names
 * and defaults: COM1 0x3f8/IRQ 4, COM2 0x2f8/IRQ 3, COM3 0x3e8/IRQ 4,
 * COM4 0x2e8/IRQ 3 (the IBM PC/AT convention), eight byte-wide ports.
 */
#include "devices/serial.h"
#include "machine/qdev-properties.h"
#include "serial.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISASerialState, ISA_SERIAL)

struct ISASerialState {
    ISADevice parent_obj;

    uint32_t index;  /* -1: the next free, in creation order */
    uint32_t iobase; /* -1: the index's default */
    uint32_t isairq; /* -1: the index's default */
    SerialState state;
};

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = {
    0x3f8,
    0x2f8,
    0x3e8,
    0x2e8,
};
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = {4, 3, 4, 3};

/* The I/O space is 64 KiB; the UART takes 8 ports. */
#define ISA_SERIAL_IO_SIZE 8
#define ISA_IO_SPACE_SIZE 0x10000

/*
 * QEMU numbers the ports it realizes with a process-wide counter; emu
 * counts the isa-serial devices already realized on the same bus, which
 * is the same number for one machine and lets a process build several.
 */
static uint32_t isa_serial_next_index(ISADevice *isadev)
{
    BusState *bus = qdev_get_parent_bus(DEVICE(isadev));
    BusChild *kid;
    uint32_t n = 0;

    QBUS_FOREACH_CHILD(bus, kid)
    {
        DeviceState *d = kid->child;

        if (d != DEVICE(isadev) && d->realized &&
            object_dynamic_cast(OBJECT(d), TYPE_ISA_SERIAL)) {
            n++;
        }
    }
    return n;
}

static void isa_serial_realize(DeviceState *dev, Error **errp)
{
    ISASerialState *isa = ISA_SERIAL(dev);
    ISADevice *isadev = ISA_DEVICE(dev);
    SerialState *s = &isa->state;
    uint32_t index = isa->index;
    uint32_t iobase, irq;

    if (index == UINT32_MAX) {
        index = isa_serial_next_index(isadev);
    }
    if (index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d.",
                   MAX_ISA_SERIAL_PORTS);
        return;
    }
    iobase = isa->iobase == UINT32_MAX ? isa_serial_io[index] : isa->iobase;
    irq = isa->isairq == UINT32_MAX ? isa_serial_irq[index] : isa->isairq;
    /* QEMU 7.2 truncates the one and asserts on the other. */
    if (iobase > ISA_IO_SPACE_SIZE - ISA_SERIAL_IO_SIZE) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 " is out of range: the %d ports "
                   "must end by 0xffff",
                   iobase, ISA_SERIAL_IO_SIZE);
        return;
    }
    if (irq >= ISA_NUM_IRQS) {
        error_setg(errp,
                   "irq %" PRIu32 " is out of range: the ISA bus has "
                   "IRQs 0 to %d",
                   irq, ISA_NUM_IRQS - 1);
        return;
    }
    if (s->chr_ref.id && !s->chr_ref.backend) {
        /* Only without libchardev's resolver (see qdev-properties.h). */
        error_setg(errp, "Property '%s.chardev' can't find value '%s'",
                   object_get_typename(OBJECT(dev)), s->chr_ref.id);
        return;
    }

    g_free(s->name);
    s->name = g_strdup_printf("isa-serial at 0x%" PRIx32, iobase);
    if (!serial_realize_core(s, errp)) {
        g_free(s->name);
        s->name = NULL;
        return;
    }
    /* The properties keep what the port became (info qtree shows it). */
    isa->index = index;
    isa->iobase = iobase;
    isa->isairq = irq;
    isa_init_irq(isadev, &s->irq, irq);
    memory_region_init_io(&s->io, OBJECT(dev), &serial_io_ops, s, "serial",
                          ISA_SERIAL_IO_SIZE);
    isa_register_ioport(isadev, &s->io, iobase);
}

static void isa_serial_unrealize(DeviceState *dev)
{
    serial_unrealize_core(&ISA_SERIAL(dev)->state);
}

static void isa_serial_reset(DeviceState *dev)
{
    serial_reset(&ISA_SERIAL(dev)->state);
}

static void isa_serial_instance_init(Object *obj)
{
    serial_init_core(&ISA_SERIAL(obj)->state);
}

static void isa_serial_instance_finalize(Object *obj)
{
    serial_finalize_core(&ISA_SERIAL(obj)->state);
}

/*
 * QEMU 7.2's list (-device isa-serial,help), where chardev, baudbase and
 * wakeup are aliases of the embedded "serial" child's properties; emu's
 * core is not a QOM object, so they are isa-serial's own.
 */
static Property isa_serial_properties[] = {
    DEFINE_PROP_UINT32("index", ISASerialState, index, -1),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, -1),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, -1),
    DEFINE_PROP_CHR("chardev", ISASerialState, state.chr_ref),
    DEFINE_PROP_UINT32("baudbase", ISASerialState, state.baudbase, 115200),
    DEFINE_PROP_BOOL("wakeup", ISASerialState, state.wakeup, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void isa_serial_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = isa_serial_realize;
    dc->unrealize = isa_serial_unrealize;
    dc->reset = isa_serial_reset;
    device_class_set_props(dc, isa_serial_properties);
    /* QEMU lists it under "Input devices". */
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
}

ISADevice *isa_serial_create(ISABus *bus, int index, const char *chardev_id,
                             Error **errp)
{
    ISADevice *dev = isa_new(TYPE_ISA_SERIAL);

    qdev_prop_set_uint32(DEVICE(dev), "index", index);
    if (chardev_id &&
        !object_property_set_str(OBJECT(dev), "chardev", chardev_id, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    if (!isa_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    return dev;
}

static const TypeInfo isa_serial_info = {
    .name = TYPE_ISA_SERIAL,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISASerialState),
    .instance_init = isa_serial_instance_init,
    .instance_finalize = isa_serial_instance_finalize,
    .class_init = isa_serial_class_init,
};

static void isa_serial_register_types(void)
{
    type_register_static(&isa_serial_info);
}

type_init(isa_serial_register_types)
