/*
 * Debug and diagnostic ports of a PC, with QEMU's names:
 *
 *   isa-debug-exit  iobase (0x501), iosize (2): a write of v ends emu
 *                   with exit status (v << 1) | 1, for test guests.
 *   isa-debugcon    iobase (0xe9), chardev, readback (0xe9): bytes
 *                   written go to the chardev (Bochs' "port e9 hack";
 *                   QEMU's firmware log is iobase=0x402).
 *   port 0x80       the POST code port: a sink, mapped by the board.
 *
 * pvpanic has its own header (devices/pvpanic.h).
 */
#ifndef DEVICES_MISC_H
#define DEVICES_MISC_H

#include "machine/memory.h"
#include "qom/object.h"

#define TYPE_ISA_DEBUG_EXIT_DEVICE "isa-debug-exit"
#define TYPE_ISA_DEBUGCON_DEVICE "isa-debugcon"

/*
 * Map the POST diagnostic port 0x80 into io (the board's I/O space,
 * get_system_io()) as QEMU's pc board does: writes are taken and
 * ignored, reads return 0xff.  mr is the caller's storage (embed it in
 * the board's state); owner is the board.  Before the owner goes, unmap
 * it with memory_region_del_subregion(io, mr) and free it with
 * memory_region_destroy(mr).
 */
void ioport80_init(MemoryRegion *mr, Object *owner, MemoryRegion *io);

#endif /* DEVICES_MISC_H */
