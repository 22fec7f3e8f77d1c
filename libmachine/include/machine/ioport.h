/*
 * Port I/O lists: legacy devices that describe their ports as a table of
 * per-port, per-width callbacks (QEMU's PortioList, ioport.h).
 *
 *     static const MemoryRegionPortio ctl_ports[] = {
 *         { 0, 2, 1, .read = ctl_readb, .write = ctl_writeb },
 *         { 0, 1, 2, .read = ctl_readw, .write = ctl_writew },
 *         { 6, 1, 1, .read = ctl_status },
 *         PORTIO_END_OF_LIST(),
 *     };
 *
 * An entry { offset, len, size } serves accesses of exactly size bytes
 * starting at ports start + offset .. start + offset + len - 1; its
 * callbacks get the absolute port number.  A 16-bit access that no entry
 * serves is done as two 8-bit accesses when an 8-bit entry covers the
 * port; any other unserved read returns all-ones and an unserved write is
 * dropped.  Entries must be sorted by offset; overlapping or adjacent
 * entries share one MemoryRegion (named after the list), a gap starts a
 * new one.
 */
#ifndef MACHINE_IOPORT_H
#define MACHINE_IOPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/memory.h"

typedef struct MemoryRegionPortio {
    uint32_t offset;
    uint32_t len;
    unsigned size;
    uint32_t (*read)(void *opaque, uint32_t address);
    void (*write)(void *opaque, uint32_t address, uint32_t data);
    /* private: the port of offset 0 once added. */
    uint32_t base;
} MemoryRegionPortio;

#define PORTIO_END_OF_LIST()                                                   \
    {                                                                          \
    }

typedef struct PortioList {
    const MemoryRegionPortio *ports;
    Object *owner;
    MemoryRegion *address_space;
    /* private: one region per run of entries. */
    unsigned nr;
    struct PortioRegion **regions;
    void *opaque;
    const char *name;
} PortioList;

/* Describe a list; name must outlive it; nothing is mapped yet. */
void portio_list_init(PortioList *piolist, Object *owner,
                      const MemoryRegionPortio *callbacks, void *opaque,
                      const char *name);
/* Map the list with offset 0 at port start of address_space. */
void portio_list_add(PortioList *piolist, MemoryRegion *address_space,
                     uint32_t start);
/* Unmap (no-op if not mapped). */
void portio_list_del(PortioList *piolist);
/* Unmap and free the regions. */
void portio_list_destroy(PortioList *piolist);

#endif /* MACHINE_IOPORT_H */
