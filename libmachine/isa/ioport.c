/*
 * Port I/O lists (machine/ioport.h): tables of per-port, per-width
 * callbacks turned into I/O MemoryRegions.
 */
#include <string.h>

#include "machine/ioport.h"

/* One region: a run of overlapping or adjacent entries of a list. */
typedef struct PortioRegion {
    MemoryRegion mr;
    void *opaque;
    /* Copies of the entries, offsets relative to the region, base set. */
    unsigned nports;
    MemoryRegionPortio ports[];
} PortioRegion;

static const MemoryRegionPortio *portio_find(PortioRegion *pr, hwaddr addr,
                                             unsigned size, bool is_write)
{
    unsigned i;

    for (i = 0; i < pr->nports; i++) {
        const MemoryRegionPortio *p = &pr->ports[i];

        if (addr >= p->offset && addr < (hwaddr)p->offset + p->len &&
            size == p->size &&
            (is_write ? p->write != NULL : p->read != NULL)) {
            return p;
        }
    }
    return NULL;
}

static uint64_t portio_read(void *opaque, hwaddr addr, unsigned size)
{
    PortioRegion *pr = opaque;
    const MemoryRegionPortio *p = portio_find(pr, addr, size, false);
    uint64_t data;

    if (p) {
        return p->read(pr->opaque, p->base + addr);
    }
    /* Nothing answers: the bus floats high. */
    data = size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
    if (size == 2) {
        /* Old devices decode 16-bit cycles as two byte cycles. */
        p = portio_find(pr, addr, 1, false);
        if (p) {
            data = p->read(pr->opaque, p->base + addr) & 0xff;
            if (addr + 1 < (hwaddr)p->offset + p->len) {
                data |= (p->read(pr->opaque, p->base + addr + 1) & 0xff) << 8;
            } else {
                data |= 0xff00;
            }
        }
    }
    return data;
}

static void portio_write(void *opaque, hwaddr addr, uint64_t data,
                         unsigned size)
{
    PortioRegion *pr = opaque;
    const MemoryRegionPortio *p = portio_find(pr, addr, size, true);

    if (p) {
        p->write(pr->opaque, p->base + addr, data);
        return;
    }
    if (size == 2) {
        p = portio_find(pr, addr, 1, true);
        if (p) {
            p->write(pr->opaque, p->base + addr, data & 0xff);
            if (addr + 1 < (hwaddr)p->offset + p->len) {
                p->write(pr->opaque, p->base + addr + 1, (data >> 8) & 0xff);
            }
        }
    }
}

static const MemoryRegionOps portio_ops = {
    .read = portio_read,
    .write = portio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* The entries decide what is valid, at any port. */
    .valid.unaligned = true,
    .impl.unaligned = true,
};

void portio_list_init(PortioList *piolist, Object *owner,
                      const MemoryRegionPortio *callbacks, void *opaque,
                      const char *name)
{
    memset(piolist, 0, sizeof(*piolist));
    piolist->ports = callbacks;
    piolist->owner = owner;
    piolist->opaque = opaque;
    piolist->name = name;
}

/* Make a region of entries [first, first + count), covering [low, high). */
static void portio_list_add_run(PortioList *piolist,
                                const MemoryRegionPortio *first, unsigned count,
                                uint32_t start, uint32_t low, uint32_t high)
{
    PortioRegion *pr =
        g_malloc0(sizeof(*pr) + count * sizeof(MemoryRegionPortio));
    unsigned i;

    pr->opaque = piolist->opaque;
    pr->nports = count;
    for (i = 0; i < count; i++) {
        pr->ports[i] = first[i];
        pr->ports[i].offset -= low;
        pr->ports[i].base = start + low;
    }
    memory_region_init_io(&pr->mr, piolist->owner, &portio_ops, pr,
                          piolist->name, high - low);
    piolist->regions =
        g_renew(PortioRegion *, piolist->regions, piolist->nr + 1);
    piolist->regions[piolist->nr++] = pr;
    memory_region_add_subregion(piolist->address_space, start + low, &pr->mr);
}

static void portio_list_free_regions(PortioList *piolist)
{
    unsigned i;

    for (i = 0; i < piolist->nr; i++) {
        memory_region_destroy(&piolist->regions[i]->mr);
        g_free(piolist->regions[i]);
    }
    g_free(piolist->regions);
    piolist->regions = NULL;
    piolist->nr = 0;
}

void portio_list_add(PortioList *piolist, MemoryRegion *address_space,
                     uint32_t start)
{
    const MemoryRegionPortio *p, *run = piolist->ports;
    uint32_t low, high, last;
    unsigned count;

    g_assert(run && run->size);
    /* Added again after portio_list_del: build afresh at the new place. */
    portio_list_del(piolist);
    portio_list_free_regions(piolist);
    piolist->address_space = address_space;

    /*
     * A region spans the ports its entries start at plus room for their
     * widest access at the last one; the next entry joins it unless it
     * starts past that end.
     */
    memory_region_transaction_begin();
    low = last = run->offset;
    high = low + run->len + run->size - 1;
    count = 1;
    for (p = run + 1; p->size; p++, count++) {
        g_assert(p->offset >= last);
        last = p->offset;
        if (last > high) {
            portio_list_add_run(piolist, run, count, start, low, high);
            run = p;
            low = last;
            high = low + p->len + p->size - 1;
            count = 0;
        } else if (last + p->len + p->size - 1 > high) {
            high = last + p->len + p->size - 1;
        }
    }
    portio_list_add_run(piolist, run, count, start, low, high);
    memory_region_transaction_commit();
}

void portio_list_del(PortioList *piolist)
{
    unsigned i;

    memory_region_transaction_begin();
    for (i = 0; i < piolist->nr; i++) {
        MemoryRegion *mr = &piolist->regions[i]->mr;

        if (memory_region_is_mapped(mr)) {
            memory_region_del_subregion(piolist->address_space, mr);
        }
    }
    memory_region_transaction_commit();
}

void portio_list_destroy(PortioList *piolist)
{
    portio_list_del(piolist);
    portio_list_free_regions(piolist);
}
