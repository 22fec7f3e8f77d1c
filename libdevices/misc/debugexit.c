/*
 * isa-debug-exit: a write ends emu with status (value << 1) | 1, QEMU's
 * device for test guests.  The status is odd, so a test can tell the
 * guest's verdict from emu failing on its own (status 1 only when the
 * guest writes 0).
 *
 * QEMU 7.2 calls exit() from the vCPU thread.  emu asks the main loop
 * to exit instead (qemu_main_loop_request_exit()), so the chardevs are
 * flushed and the terminal restored on the way out; the guest may run
 * a little further before the loop sees the request.  The process
 * reports the low 8 bits of the status, as exit() would.
 */
#include "devices/misc.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"
#include "util/main-loop.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISADebugExitState, ISA_DEBUG_EXIT_DEVICE)

struct ISADebugExitState {
    ISADevice parent_obj;

    uint32_t iobase;
    uint32_t iosize;
    MemoryRegion io;
};

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    qemu_main_loop_request_exit((int)(((val << 1) | 1) & 0xff));
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
};

static void debug_exit_realize(DeviceState *dev, Error **errp)
{
    ISADebugExitState *s = ISA_DEBUG_EXIT_DEVICE(dev);

    /* QEMU 7.2 truncates iobase to 16 bits; emu refuses instead. */
    if (s->iobase > 0xffff || s->iosize > 0x10000 - s->iobase) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 " and iosize %" PRIu32
                   " go beyond the I/O space (0 to 0xffff)",
                   s->iobase, s->iosize);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &debug_exit_ops, s,
                          TYPE_ISA_DEBUG_EXIT_DEVICE, s->iosize);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
}

static void debug_exit_finalize(Object *obj)
{
    memory_region_destroy(&ISA_DEBUG_EXIT_DEVICE(obj)->io);
}

static Property debug_exit_properties[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugExitState, iobase, 0x501),
    DEFINE_PROP_UINT32("iosize", ISADebugExitState, iosize, 0x02),
    DEFINE_PROP_END_OF_LIST(),
};

static void debug_exit_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = debug_exit_realize;
    device_class_set_props(dc, debug_exit_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo debug_exit_info = {
    .name = TYPE_ISA_DEBUG_EXIT_DEVICE,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISADebugExitState),
    .instance_finalize = debug_exit_finalize,
    .class_init = debug_exit_class_init,
};

static void debug_exit_register_types(void)
{
    type_register_static(&debug_exit_info);
}

type_init(debug_exit_register_types)
