/*
 * The POST diagnostic port 0x80.  BIOSes write their progress codes
 * there (for a diagnostic card), and Linux uses it as a short delay
 * (outb_p): nothing answers on a PC's own board, so QEMU's pc board maps
 * a region that takes writes and reads 0xff, and so does emu's, which
 * keeps such writes out of the "-d guest_errors" log of unassigned
 * ports.
 */
#include "devices/misc.h"

#define IOPORT80 0x80

static uint64_t ioport80_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0xff;
}

static void ioport80_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
}

static const MemoryRegionOps ioport80_ops = {
    .read = ioport80_read,
    .write = ioport80_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void ioport80_init(MemoryRegion *mr, Object *owner, MemoryRegion *io)
{
    memory_region_init_io(mr, owner, &ioport80_ops, NULL, "ioport80", 1);
    memory_region_add_subregion(io, IOPORT80, mr);
}
