/*
 * Port 0x92 ("port92", System Control Port A): the fast A20 gate (bit 1)
 * and the fast reset (bit 0), QEMU's ISA device that the pc board
 * creates next to the i8042 (devices/i8042.h).
 *
 * Writing bit 0 as 1 when it was 0 asks for a system reset; the bit
 * reads back as written until a reset clears it.  Bit 1 drives the A20
 * output.  The other bits read back as written (QEMU's behaviour).  A
 * reset clears the whole register, as the super I/O data sheets give
 * it (ALT_A20 "driven low upon reset"); QEMU 7.2 clears bit 0 only and
 * keeps the A20 bit.
 */
#include "devices/i8042.h"
#include "machine/reset.h"

OBJECT_DECLARE_SIMPLE_TYPE(Port92State, PORT92)

#define PORT92_IOPORT 0x92
#define PORT92_RESET 0x01
#define PORT92_A20 0x02

struct Port92State {
    ISADevice parent_obj;

    MemoryRegion io;
    uint8_t outport;
    qemu_irq a20_out;
};

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    return PORT92(opaque)->outport;
}

static void port92_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    Port92State *s = opaque;
    uint8_t old = s->outport;

    s->outport = val;
    qemu_set_irq(s->a20_out, (val & PORT92_A20) != 0);
    if ((val & PORT92_RESET) && !(old & PORT92_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void port92_reset(DeviceState *dev)
{
    PORT92(dev)->outport = 0;
}

static void port92_initfn(Object *obj)
{
    Port92State *s = PORT92(obj);

    memory_region_init_io(&s->io, obj, &port92_ops, s, "port92", 1);
    qdev_init_gpio_out_named(DEVICE(obj), &s->a20_out, PORT92_A20_LINE, 1);
}

static void port92_realizefn(DeviceState *dev, Error **errp)
{
    isa_register_ioport(ISA_DEVICE(dev), &PORT92(dev)->io, PORT92_IOPORT);
}

static void port92_finalize(Object *obj)
{
    memory_region_destroy(&PORT92(obj)->io);
}

static void port92_class_initfn(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = port92_realizefn;
    dc->reset = port92_reset;
    /* The board wires its A20 output (QEMU: not user creatable). */
    dc->user_creatable = false;
}

static const TypeInfo port92_info = {
    .name = TYPE_PORT92,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(Port92State),
    .instance_init = port92_initfn,
    .instance_finalize = port92_finalize,
    .class_init = port92_class_initfn,
};

static void port92_register_types(void)
{
    type_register_static(&port92_info);
}

type_init(port92_register_types)
