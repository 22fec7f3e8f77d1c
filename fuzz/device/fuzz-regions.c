/*
 * The fuzzed ranges, kept current by memory listeners on the system
 * memory and I/O address spaces, and the fuzzed PCI functions.
 */
#include <glib.h>

#include "fuzz-regions.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "qom/object.h"

typedef struct Space {
    MemoryListener listener;
    GArray *ranges; /* FuzzRange, with their names for printing */
    GPtrArray *names;
} Space;

static Space io_space, mem_space;
static GPtrArray *globs;    /* GPatternSpec */
static GPtrArray *pci_devs; /* PCIDevice, referenced */

/* Whether a QOM type or region name matches the globs. */
static bool fuzz_regions_match(const char *name)
{
    for (guint i = 0; name && i < globs->len; i++) {
        if (g_pattern_spec_match_string(g_ptr_array_index(globs, i), name)) {
            return true;
        }
    }
    return false;
}

static bool section_matches(MemoryRegionSection *section)
{
    MemoryRegion *mr = section->mr;
    Object *owner = memory_region_owner(mr);

    if (memory_region_is_ram(mr)) {
        return false;
    }
    return fuzz_regions_match(memory_region_name(mr)) ||
           (owner && fuzz_regions_match(object_get_typename(owner)));
}

static void region_add(MemoryListener *l, MemoryRegionSection *section)
{
    Space *s = (Space *)l; /* the listener comes first */
    FuzzRange r = {section->offset_within_address_space, section->size};

    guint i = 0;

    if (!section_matches(section)) {
        return;
    }
    /* By address: an op's pick must not depend on the mapping order. */
    while (i < s->ranges->len &&
           g_array_index(s->ranges, FuzzRange, i).addr < r.addr) {
        i++;
    }
    g_array_insert_val(s->ranges, i, r);
    g_ptr_array_insert(s->names, i, g_strdup(memory_region_name(section->mr)));
}

static void region_del(MemoryListener *l, MemoryRegionSection *section)
{
    Space *s = (Space *)l; /* the listener comes first */

    for (guint i = 0; i < s->ranges->len; i++) {
        FuzzRange *r = &g_array_index(s->ranges, FuzzRange, i);

        if (r->addr == section->offset_within_address_space &&
            r->size == section->size) {
            g_array_remove_index(s->ranges, i);
            g_ptr_array_remove_index(s->names, i);
            return;
        }
    }
}

static void space_init(Space *s, AddressSpace *as, const char *name)
{
    s->ranges = g_array_new(false, false, sizeof(FuzzRange));
    s->names = g_ptr_array_new_with_free_func(g_free);
    s->listener.region_add = region_add;
    s->listener.region_del = region_del;
    s->listener.name = name;
    memory_listener_register(&s->listener, as);
}

static int find_pci(Object *obj, void *opaque)
{
    PCIDevice *dev = (PCIDevice *)object_dynamic_cast(obj, TYPE_PCI_DEVICE);

    if (dev && fuzz_regions_match(object_get_typename(obj))) {
        object_ref(obj);
        g_ptr_array_add(pci_devs, dev);
    }
    return 0;
}

void fuzz_regions_init(const char *spec)
{
    g_auto(GStrv) words = g_strsplit_set(spec, " \t", -1);

    globs = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_pattern_spec_free);
    for (char **w = words; *w; w++) {
        if (**w) {
            g_ptr_array_add(globs, g_pattern_spec_new(*w));
        }
    }
    pci_devs = g_ptr_array_new();
    object_child_foreach_recursive(object_get_root(), find_pci, NULL);
    space_init(&io_space, &address_space_io, "fuzz-io");
    space_init(&mem_space, &address_space_memory, "fuzz-memory");
}

bool fuzz_regions_pick(bool io, unsigned n, FuzzRange *range)
{
    Space *s = io ? &io_space : &mem_space;

    if (!s->ranges->len) {
        return false;
    }
    *range = g_array_index(s->ranges, FuzzRange, n % s->ranges->len);
    return true;
}

unsigned fuzz_pci_count(void)
{
    return pci_devs->len;
}

PCIDevice *fuzz_pci_device(unsigned n)
{
    return g_ptr_array_index(pci_devs, n);
}

static void print_space(FILE *out, Space *s, const char *what)
{
    for (guint i = 0; i < s->ranges->len; i++) {
        FuzzRange *r = &g_array_index(s->ranges, FuzzRange, i);

        fprintf(out, "  %s 0x%" PRIx64 "-0x%" PRIx64 " %s\n", what, r->addr,
                r->addr + r->size - 1, (char *)g_ptr_array_index(s->names, i));
    }
}

void fuzz_regions_print(FILE *out)
{
    print_space(out, &io_space, "port");
    print_space(out, &mem_space, "mmio");
    for (guint i = 0; i < pci_devs->len; i++) {
        PCIDevice *dev = g_ptr_array_index(pci_devs, i);

        fprintf(out, "  pci  %02x.%x %s\n", dev->devfn >> 3, dev->devfn & 7,
                object_get_typename(OBJECT(dev)));
    }
}
