/*
 * info mtree: the region trees and flat views as text, in QEMU's layout.
 *
 *     address-space: memory
 *       0000000000000000-ffffffffffffffff (prio 0, i/o): system
 *         00000000000a0000-00000000000bffff (prio 1, i/o): alias x @pci ...
 *
 *     memory-region: pci
 *       ...
 *
 * Ends are inclusive; an alias shows its target's range; the children
 * of a region that is not shown (disabled) still are, one level deeper,
 * as QEMU prints them.  Every alias target met on the way, shown or not,
 * gets a "memory-region:" section of its own afterwards.
 */
#include <string.h>

#include "machine/qdev-core.h"
#include "memory-internal.h"

#define MTREE_INDENT "  "
/* As deep as rendering goes (memory.c); beyond is a broken tree. */
#define MTREE_MAX_DEPTH 64

typedef struct MTreeState {
    GString *out;
    bool owner;
    bool disabled;
    /* Alias targets, in the order met, each once. */
    GPtrArray *alias_targets;
} MTreeState;

/* QEMU's type names: an alias has its target's type. */
static const char *region_type(const MemoryRegion *mr)
{
    for (int i = 0; mr->alias && i < MTREE_MAX_DEPTH; i++) {
        mr = mr->alias;
    }
    if (mr->rom_device && mr->romd_mode) {
        return "romd";
    }
    if (mr->ram && mr->readonly) {
        return "rom";
    }
    return mr->ram ? "ram" : "i/o";
}

/* The last byte of a region starting at start (its size may be 2^64). */
static hwaddr region_last(hwaddr start, const MemoryRegion *mr)
{
    u128 size = mr_size128(mr);

    return size ? (hwaddr)(start + size - 1) : start;
}

static void print_owner_of(GString *out, const char *label, Object *obj)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    g_autofree char *path = NULL;

    g_string_append_printf(out, " %s:{%s", label, dev ? "dev" : "obj");
    if (dev && dev->id) {
        g_string_append_printf(out, " id=%s", dev->id);
    } else if ((path = object_get_canonical_path(obj))) {
        g_string_append_printf(out, " path=%s", path);
    } else {
        g_string_append_printf(out, " type=%s", object_get_typename(obj));
    }
    g_string_append_c(out, '}');
}

/*
 * A region without an owner is, in QEMU, a QOM child of
 * /machine/unattached; emu's regions are not QOM objects, so the same
 * parent is named where a machine exists.
 */
static void print_owner(GString *out, const MemoryRegion *mr)
{
    Object *unattached;

    if (mr->owner) {
        print_owner_of(out, "owner", mr->owner);
        return;
    }
    unattached = object_resolve_path("/machine/unattached", NULL);
    if (unattached) {
        print_owner_of(out, "parent", unattached);
    } else {
        g_string_append(out, " orphan");
    }
}

static void note_alias_target(MTreeState *s, MemoryRegion *target)
{
    for (guint i = 0; i < s->alias_targets->len; i++) {
        if (s->alias_targets->pdata[i] == target) {
            return;
        }
    }
    g_ptr_array_add(s->alias_targets, target);
}

/* Subregions by address, the higher priority first at one address. */
static gint subregion_order(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = *(MemoryRegion *const *)a;
    const MemoryRegion *y = *(MemoryRegion *const *)b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    return y->priority - x->priority;
}

static void print_region(MTreeState *s, MemoryRegion *mr, unsigned level,
                         hwaddr base, unsigned depth)
{
    hwaddr start = base + mr->addr;
    hwaddr last = region_last(start, mr);
    g_autoptr(GPtrArray) subs = g_ptr_array_new();
    GString *out = s->out;

    if (depth > MTREE_MAX_DEPTH) {
        return;
    }
    if (mr->enabled || s->disabled) {
        for (unsigned i = 0; i < level; i++) {
            g_string_append(out, MTREE_INDENT);
        }
        if (start < base || last < start) {
            g_string_append(out, "[DETECTED OVERFLOW!] ");
        }
        g_string_append_printf(
            out, "%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): ", start, last,
            mr->priority, region_type(mr));
        if (mr->alias) {
            g_string_append_printf(out,
                                   "alias %s @%s %016" PRIx64 "-%016" PRIx64,
                                   mr->name, mr->alias->name, mr->alias_offset,
                                   region_last(mr->alias_offset, mr));
        } else {
            g_string_append(out, mr->name);
        }
        if (!mr->enabled) {
            g_string_append(out, " [disabled]");
        }
        if (s->owner) {
            print_owner(out, mr);
        }
        g_string_append_c(out, '\n');
    }
    if (mr->alias) {
        note_alias_target(s, mr->alias);
    }
    /* The list is by priority, highest first: a stable sort keeps that. */
    for (MemoryRegion *sub = mr->subregions; sub; sub = sub->sub_next) {
        g_ptr_array_add(subs, sub);
    }
    g_ptr_array_sort(subs, subregion_order);
    for (guint i = 0; i < subs->len; i++) {
        print_region(s, subs->pdata[i], level + 1, start, depth + 1);
    }
}

static gint as_name_order(gconstpointer a, gconstpointer b)
{
    return strcmp(address_space_name(*(AddressSpace *const *)a),
                  address_space_name(*(AddressSpace *const *)b));
}

/* Address spaces grouped by fn(as): groups in creation order. */
static GPtrArray *group_address_spaces(const void *(*key)(AddressSpace *))
{
    GPtrArray *groups =
        g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);

    for (AddressSpace *as = memory_address_spaces(); as; as = as->next) {
        GPtrArray *group = NULL;

        for (guint i = 0; i < groups->len && !group; i++) {
            GPtrArray *g = groups->pdata[i];

            if (key(g->pdata[0]) == key(as)) {
                group = g;
            }
        }
        if (!group) {
            group = g_ptr_array_new();
            g_ptr_array_add(groups, group);
        }
        g_ptr_array_add(group, as);
    }
    return groups;
}

static const void *as_root_key(AddressSpace *as)
{
    return as->root;
}

static void print_trees(MTreeState *s)
{
    g_autoptr(GPtrArray) groups = group_address_spaces(as_root_key);

    for (guint i = 0; i < groups->len; i++) {
        GPtrArray *group = groups->pdata[i];

        g_ptr_array_sort(group, as_name_order);
        for (guint j = 0; j < group->len; j++) {
            g_string_append_printf(s->out, "address-space: %s\n",
                                   address_space_name(group->pdata[j]));
        }
        print_region(s, ((AddressSpace *)group->pdata[0])->root, 1, 0, 0);
        g_string_append_c(s->out, '\n');
    }
    /* The list grows while it is printed: targets of targets follow. */
    for (guint i = 0; i < s->alias_targets->len; i++) {
        MemoryRegion *mr = s->alias_targets->pdata[i];

        g_string_append_printf(s->out, "memory-region: %s\n", mr->name);
        print_region(s, mr, 1, 0, 0);
        g_string_append_c(s->out, '\n');
    }
}

/*
 * The region a flat view is named after, as QEMU finds it: down through
 * an alias that shows all of its target from offset 0, and through a
 * container whose only enabled child covers it from address 0; NULL
 * when nothing enabled is left.  Address spaces whose roots lead to the
 * same region share a view.
 */
static const void *flatview_root(AddressSpace *as)
{
    MemoryRegion *mr = as->root;

    for (int depth = 0; mr && mr->enabled && depth < MTREE_MAX_DEPTH; depth++) {
        if (mr->alias) {
            if (!mr->alias_offset && mr_size128(mr) >= mr_size128(mr->alias)) {
                mr = mr->alias;
                continue;
            }
        } else if (!mr->terminates) {
            MemoryRegion *only = NULL;
            unsigned found = 0;

            for (MemoryRegion *c = mr->subregions; c; c = c->sub_next) {
                if (c->enabled) {
                    found++;
                    only = c;
                }
            }
            if (found == 0) {
                return NULL;
            }
            if (found == 1 && !only->addr &&
                mr_size128(mr) >= mr_size128(only)) {
                mr = only;
                continue;
            }
        }
        return mr;
    }
    return NULL;
}

static void print_flatviews(MTreeState *s)
{
    g_autoptr(GPtrArray) groups = group_address_spaces(flatview_root);

    for (guint i = 0; i < groups->len; i++) {
        GPtrArray *group = groups->pdata[i];
        AddressSpace *first = group->pdata[0];
        const MemoryRegion *root = flatview_root(first);
        FlatView *fv;

        g_string_append_printf(s->out, "FlatView #%u\n", i);
        for (guint j = 0; j < group->len; j++) {
            AddressSpace *as = group->pdata[j];

            g_string_append_printf(s->out, " AS \"%s\", root: %s\n",
                                   address_space_name(as), as->root->name);
        }
        g_string_append_printf(s->out, " Root memory region: %s\n",
                               root ? root->name : "(none)");
        mem_rcu_read_lock();
        fv = address_space_get_view(first);
        if (!fv || !fv->nr) {
            g_string_append(s->out, MTREE_INDENT "No rendered FlatView\n\n");
            mem_rcu_read_unlock();
            continue;
        }
        for (unsigned r = 0; r < fv->nr; r++) {
            const FlatRange *fr = &fv->ranges[r];

            g_string_append_printf(
                s->out,
                MTREE_INDENT "%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s",
                fr->start, fr->last, fr->mr->priority,
                fr->readonly ? "rom" : region_type(fr->mr), fr->mr->name);
            if (fr->offset_in_region) {
                g_string_append_printf(s->out, " @%016" PRIx64,
                                       fr->offset_in_region);
            }
            if (s->owner) {
                print_owner(s->out, fr->mr);
            }
            g_string_append_c(s->out, '\n');
        }
        g_string_append_c(s->out, '\n');
        mem_rcu_read_unlock();
    }
}

void mtree_info(GString *out, bool flatview, bool owner, bool disabled)
{
    MTreeState s = {
        .out = out,
        .owner = owner,
        .disabled = disabled,
        .alias_targets = g_ptr_array_new(),
    };

    if (flatview) {
        print_flatviews(&s);
    } else {
        print_trees(&s);
    }
    g_ptr_array_unref(s.alias_targets);
}
