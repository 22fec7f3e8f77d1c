/*
 * isa-debugcon: Bochs' "port 0xe9 hack", QEMU's names and behaviour.
 * Every byte the guest writes to the port goes to the chardev; a read
 * returns the readback property (0xe9), which is how software detects
 * the port.  Firmware (SeaBIOS, OVMF) logs to iobase=0x402.
 *
 * Unlike the UART there is no status register to throttle the guest
 * with, so output is written whole (qemu_chr_fe_write_all(), waiting
 * for a slow backend) rather than dropped, as in QEMU.
 */
#include "chardev/char-fe.h"
#include "devices/misc.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISADebugconState, ISA_DEBUGCON_DEVICE)

struct ISADebugconState {
    ISADevice parent_obj;

    uint32_t iobase;
    uint32_t readback;
    QdevBackendRef chr_ref;
    CharBackend chr;
    MemoryRegion io;
};

static uint64_t debugcon_read(void *opaque, hwaddr addr, unsigned size)
{
    ISADebugconState *s = opaque;

    return s->readback;
}

static void debugcon_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    ISADebugconState *s = opaque;
    uint8_t ch = val;

    qemu_chr_fe_write_all(&s->chr, &ch, 1);
}

static const MemoryRegionOps debugcon_ops = {
    .read = debugcon_read,
    .write = debugcon_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void debugcon_realize(DeviceState *dev, Error **errp)
{
    ISADebugconState *s = ISA_DEBUGCON_DEVICE(dev);

    if (s->iobase > 0xffff) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 " is beyond the I/O space (0 to "
                   "0xffff)",
                   s->iobase);
        return;
    }
    if (s->chr_ref.id && !s->chr_ref.backend) {
        /* Only without libchardev's resolver (see qdev-properties.h). */
        error_setg(errp, "Property '%s.chardev' can't find value '%s'",
                   object_get_typename(OBJECT(dev)), s->chr_ref.id);
        return;
    }
    if (!s->chr_ref.backend) {
        error_setg(errp, "Can't create debugcon device, empty char device");
        return;
    }
    if (!qemu_chr_fe_init(&s->chr, s->chr_ref.backend, errp)) {
        return;
    }
    qemu_chr_fe_set_handlers(&s->chr, NULL, NULL, NULL, NULL, s, NULL, true);
    memory_region_init_io(&s->io, OBJECT(dev), &debugcon_ops, s,
                          TYPE_ISA_DEBUGCON_DEVICE, 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
}

static void debugcon_unrealize(DeviceState *dev)
{
    qemu_chr_fe_deinit(&ISA_DEBUGCON_DEVICE(dev)->chr, false);
}

static void debugcon_finalize(Object *obj)
{
    memory_region_destroy(&ISA_DEBUGCON_DEVICE(obj)->io);
}

static Property debugcon_properties[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugconState, iobase, 0xe9),
    DEFINE_PROP_CHR("chardev", ISADebugconState, chr_ref),
    DEFINE_PROP_UINT32("readback", ISADebugconState, readback, 0xe9),
    DEFINE_PROP_END_OF_LIST(),
};

static void debugcon_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = debugcon_realize;
    dc->unrealize = debugcon_unrealize;
    device_class_set_props(dc, debugcon_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo debugcon_info = {
    .name = TYPE_ISA_DEBUGCON_DEVICE,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISADebugconState),
    .instance_finalize = debugcon_finalize,
    .class_init = debugcon_class_init,
};

static void debugcon_register_types(void)
{
    type_register_static(&debugcon_info);
}

type_init(debugcon_register_types)
