/*
 * Device state snapshots for the reset check (fuzz-state.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-state.h"
#include "machine/pci.h"
#include "machine/qdev-core.h"
#include "qom/object.h"

typedef struct DevState {
    Object *obj;
    char *path;
    const uint8_t *base; /* what is compared: the instance, the config */
    size_t size;
    size_t skip; /* offset of base in what it belongs to */
    uint8_t *saved;
    const char *what;
} DevState;

static GArray *states; /* DevState */

/* A qdev_declare_persistent() range and its bytes after the first reset. */
typedef struct Persistent {
    void *ptr;
    size_t size;
    uint8_t *saved;
} Persistent;

static GArray *persistent; /* Persistent */

static void add(Object *obj, const void *base, size_t skip, size_t size,
                const char *what)
{
    DevState d = {
        .obj = obj,
        .path = object_get_canonical_path(obj),
        .base = (const uint8_t *)base + skip,
        .size = size - skip,
        .skip = skip,
        .saved = g_memdup2((const uint8_t *)base + skip, size - skip),
        .what = what,
    };

    g_array_append_val(states, d);
}

static int snapshot_one(Object *obj, void *opaque)
{
    PCIDevice *pci = (PCIDevice *)object_dynamic_cast(obj, TYPE_PCI_DEVICE);

    const GArray *keep;

    if (!object_dynamic_cast(obj, TYPE_DEVICE)) {
        return 0;
    }
    keep = qdev_get_persistent(DEVICE(obj));
    for (guint i = 0; keep && i < keep->len; i++) {
        const DevicePersistent *p = &g_array_index(keep, DevicePersistent, i);
        Persistent saved = {p->ptr, p->size, g_memdup2(p->ptr, p->size)};

        g_array_append_val(persistent, saved);
    }
    /*
     * From the end of the QOM header: its reference count is not the
     * device's state (iterating the tree takes references).
     */
    if (pci) {
        /*
         * Up to the bus master address space, and after it: its flat
         * view is rebuilt (a new pointer) whenever the topology changes.
         */
        size_t as_start = offsetof(PCIDevice, bus_master_as);

        add(obj, obj, sizeof(Object), as_start, "instance");
        add(obj, obj, as_start + sizeof(AddressSpace),
            object_class_get_instance_size(object_get_class(obj)), "instance");
    } else {
        add(obj, obj, sizeof(Object),
            object_class_get_instance_size(object_get_class(obj)),
            "instance");
    }
    if (pci && pci->config) {
        add(obj, pci->config, 0, pci->config_size, "PCI configuration space");
    }
    return 0;
}

void fuzz_state_snapshot(void)
{
    states = g_array_new(false, false, sizeof(DevState));
    persistent = g_array_new(false, false, sizeof(Persistent));
    object_child_foreach_recursive(object_get_root(), snapshot_one, NULL);
}

static void report(const DevState *d)
{
    size_t first = 0, last = 0;

    while (first < d->size && d->base[first] == d->saved[first]) {
        first++;
    }
    for (size_t i = first; i < d->size; i++) {
        if (d->base[i] != d->saved[i]) {
            last = i;
        }
    }
    fprintf(stderr,
            "fuzz: reset did not restore %s (%s): %s bytes 0x%zx..0x%zx "
            "differ\n",
            d->path, object_get_typename(d->obj), d->what, first + d->skip,
            last + d->skip);
    for (size_t i = first, shown = 0; i <= last && shown < 32; i++) {
        if (d->base[i] == d->saved[i]) {
            continue;
        }
        shown++;
        fprintf(stderr, "  +0x%zx: 0x%02x after the first reset, 0x%02x now\n",
                i + d->skip, d->saved[i], d->base[i]);
    }
}

void fuzz_state_restore_persistent(void)
{
    for (guint i = 0; persistent && i < persistent->len; i++) {
        Persistent *p = &g_array_index(persistent, Persistent, i);

        memcpy(p->ptr, p->saved, p->size);
    }
}

void fuzz_state_check(void)
{
    bool ok = true;

    for (guint i = 0; i < states->len; i++) {
        const DevState *d = &g_array_index(states, DevState, i);

        if (memcmp(d->base, d->saved, d->size)) {
            report(d);
            ok = false;
        }
    }
    if (!ok) {
        abort();
    }
}
