/*
 * Memory regions, their topology, flat views and listeners.
 *
 * Rendering follows QEMU's documented semantics (docs/devel/memory.rst):
 * a region's subregions are considered in priority order, highest first,
 * and among equal priorities the most recently added first; each one is
 * clipped to its container; an alias forwards to its target shifted by
 * the alias offset; where a container terminates (RAM, I/O) its own
 * contents show through wherever no subregion claimed the address; a
 * disabled region is invisible.  So every piece of every terminating
 * region gets a precedence rank (the order of that walk), and the flat
 * view is, at each address, the piece of lowest rank covering it.  The
 * view is computed with one sort and a sweep over piece boundaries,
 * O(n log n) in the number of regions.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>

#include "memory-internal.h"
#include "util/log.h"

/* Alias chains and container nesting beyond this are programming errors. */
#define MAX_RENDER_DEPTH 64

static unsigned transaction_depth;
static bool update_pending;
static AddressSpace *address_spaces;
unsigned long memory_rebuild_count;

/* ---- Region initialisation -------------------------------------------- */

static void region_init_common(MemoryRegion *mr, Object *owner,
                               const char *name, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->owner = owner;
    mr->name = g_strdup(name ? name : "anonymous");
    mr->size = size;
    mr->enabled = true;
    mr->initialised = true;
}

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    region_init_common(mr, owner, name, size);
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    g_assert(ops);
    region_init_common(mr, owner, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

static bool ram_alloc(MemoryRegion *mr, const char *name, uint64_t size,
                      uint32_t ram_flags, Error **errp)
{
    long page = sysconf(_SC_PAGESIZE);
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    size_t len;
    void *p;

    if (size == 0 || size > (uint64_t)SIZE_MAX - (uint64_t)page) {
        error_setg(errp,
                   "cannot set up guest memory '%s': invalid size "
                   "%" PRIu64,
                   name, size);
        return false;
    }
    len = ((size_t)size + (size_t)page - 1) & ~((size_t)page - 1);
    /*
     * Without prealloc, reserve nothing: the guest's untouched memory costs
     * nothing (mmap(2), MAP_NORESERVE).  With it, let the kernel account
     * the whole size now and fault every page in, so a shortage is an
     * error here rather than a SIGBUS or the OOM killer mid-run.
     */
    if (ram_flags & RAM_PREALLOC) {
        flags |= MAP_POPULATE;
    } else {
        flags |= MAP_NORESERVE;
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot set up guest memory '%s'", name);
        return false;
    }
    mr->ram_ptr = p;
    mr->ram_map_len = len;
    return true;
}

bool memory_region_init_ram_flags(MemoryRegion *mr, Object *owner,
                                  const char *name, uint64_t size,
                                  uint32_t ram_flags, Error **errp)
{
    MemoryRegion tmp;

    region_init_common(&tmp, owner, name, size);
    if (!ram_alloc(&tmp, tmp.name, size, ram_flags, errp)) {
        g_free(tmp.name);
        return false;
    }
    tmp.ram = true;
    tmp.terminates = true;
    *mr = tmp;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    return memory_region_init_ram_flags(mr, owner, name, size, 0, errp);
}

void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr)
{
    g_assert(ptr);
    region_init_common(mr, owner, name, size);
    mr->ram_ptr = ptr;
    mr->ram = true;
    mr->terminates = true;
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp)
{
    MemoryRegion tmp;

    g_assert(ops);
    region_init_common(&tmp, owner, name, size);
    if (!ram_alloc(&tmp, tmp.name, size, 0, errp)) {
        g_free(tmp.name);
        return false;
    }
    tmp.ops = ops;
    tmp.opaque = opaque;
    tmp.rom_device = true;
    tmp.romd_mode = true;
    tmp.terminates = true;
    *mr = tmp;
    return true;
}

void memory_region_ref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_ref(mr->owner);
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr && mr->owner) {
        object_unref(mr->owner);
    }
}

/*
 * A region referencing another with the same owner takes no owner
 * reference: both live in the same object, and the reference would keep
 * that object alive forever.
 */
static void ref_from(MemoryRegion *holder, MemoryRegion *mr)
{
    if (mr->owner && mr->owner != holder->owner) {
        object_ref(mr->owner);
    }
}

static void unref_from(MemoryRegion *holder, MemoryRegion *mr)
{
    if (mr->owner && mr->owner != holder->owner) {
        object_unref(mr->owner);
    }
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    g_assert(orig && orig->initialised);
    region_init_common(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
    orig->alias_count++;
    ref_from(mr, orig);
}

/* ---- Topology changes -------------------------------------------------- */

/*
 * Could a change to mr show in some address space?  Only if mr is, or is
 * inside, an address space root or a region some alias points at.  Regions
 * being assembled before they are mapped cost no rebuild.
 */
static bool region_may_be_visible(const MemoryRegion *mr)
{
    for (; mr; mr = mr->container) {
        if (mr->root_count || mr->alias_count) {
            return true;
        }
    }
    return false;
}

static void topology_changed(const MemoryRegion *mr)
{
    if (region_may_be_visible(mr)) {
        update_pending = true;
    }
}

static void subregion_link(MemoryRegion *parent, MemoryRegion *sub)
{
    MemoryRegion *other, *prev = NULL;

    /* Before the first sibling of lower or equal priority: newest wins. */
    for (other = parent->subregions; other; other = other->sub_next) {
        if (sub->priority >= other->priority) {
            break;
        }
        prev = other;
    }
    sub->sub_prev = prev;
    sub->sub_next = other;
    if (other) {
        other->sub_prev = sub;
    }
    if (prev) {
        prev->sub_next = sub;
    } else {
        parent->subregions = sub;
    }
}

static void subregion_unlink(MemoryRegion *parent, MemoryRegion *sub)
{
    if (sub->sub_prev) {
        sub->sub_prev->sub_next = sub->sub_next;
    } else {
        parent->subregions = sub->sub_next;
    }
    if (sub->sub_next) {
        sub->sub_next->sub_prev = sub->sub_prev;
    }
    sub->sub_next = sub->sub_prev = NULL;
}

static void add_subregion_common(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub)
{
    g_assert(parent && parent->initialised);
    g_assert(sub && sub->initialised);
    /* A region lives in one container at a time, and not inside itself. */
    g_assert(!sub->container);
    g_assert(sub != parent);
    g_assert(!parent->alias);

    memory_region_transaction_begin();
    sub->container = parent;
    sub->addr = offset;
    ref_from(parent, sub);
    subregion_link(parent, sub);
    topology_changed(parent);
    memory_region_transaction_commit();
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub)
{
    sub->priority = 0;
    sub->may_overlap = false;
    add_subregion_common(parent, offset, sub);
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority)
{
    sub->priority = priority;
    sub->may_overlap = true;
    add_subregion_common(parent, offset, sub);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    g_assert(sub->container == parent);

    memory_region_transaction_begin();
    topology_changed(parent);
    subregion_unlink(parent, sub);
    sub->container = NULL;
    /*
     * An unmapped region has no placement (the next add gives it one):
     * forgetting it makes a device's state after unmapping independent
     * of where the region was (the device fuzzer's reset check).
     */
    sub->addr = 0;
    sub->priority = 0;
    sub->may_overlap = false;
    memory_region_transaction_commit();
    unref_from(parent, sub);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled) {
        return;
    }
    memory_region_transaction_begin();
    mr->enabled = enabled;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr == addr) {
        return;
    }
    memory_region_transaction_begin();
    mr->addr = addr;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    g_assert(mr->alias);
    if (mr->alias_offset == offset) {
        return;
    }
    memory_region_transaction_begin();
    mr->alias_offset = offset;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly == readonly) {
        return;
    }
    memory_region_transaction_begin();
    mr->readonly = readonly;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    /* Host memory was mapped for the original size: it cannot grow. */
    g_assert(!mr->ram_map_len || size <= mr->ram_map_len);
    if (mr->size == size) {
        return;
    }
    memory_region_transaction_begin();
    mr->size = size;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode)
{
    g_assert(mr->rom_device);
    if (mr->romd_mode == romd_mode) {
        return;
    }
    memory_region_transaction_begin();
    mr->romd_mode = romd_mode;
    topology_changed(mr);
    memory_region_transaction_commit();
}

void memory_region_destroy(MemoryRegion *mr)
{
    if (!mr || !mr->initialised) {
        return;
    }
    /* Destroying what is still in use is a bug in the caller. */
    g_assert(!mr->container);
    g_assert(mr->root_count == 0);
    g_assert(mr->alias_count == 0);

    memory_region_transaction_begin();
    while (mr->subregions) {
        memory_region_del_subregion(mr, mr->subregions);
    }
    memory_region_transaction_commit();
    if (mr->alias) {
        mr->alias->alias_count--;
        unref_from(mr, mr->alias);
    }
    if (mr->ram_map_len) {
        munmap(mr->ram_ptr, mr->ram_map_len);
    }
    g_free(mr->name);
    memset(mr, 0, sizeof(*mr));
}

/* ---- Accessors --------------------------------------------------------- */

uint64_t memory_region_size(MemoryRegion *mr)
{
    return mr->size;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

hwaddr memory_region_get_address(const MemoryRegion *mr)
{
    return mr->addr;
}

bool memory_region_is_mapped(const MemoryRegion *mr)
{
    return mr->container != NULL;
}

bool memory_region_is_enabled(const MemoryRegion *mr)
{
    return mr->enabled;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->ram;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

bool memory_region_is_romd(const MemoryRegion *mr)
{
    return mr->rom_device && mr->romd_mode;
}

bool memory_region_is_alias(const MemoryRegion *mr)
{
    return mr->alias != NULL;
}

bool memory_region_is_readonly(const MemoryRegion *mr)
{
    return mr->readonly;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;
    unsigned depth = 0;

    while (mr->alias) {
        g_assert(++depth < MAX_RENDER_DEPTH);
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    if (!mr->ram_ptr) {
        return NULL;
    }
    return mr->ram_ptr + offset;
}

/* ---- Flat views ------------------------------------------------------- */

/* A piece of a terminating region, clipped, with its precedence rank. */
typedef struct Piece {
    u128 start;
    u128 end; /* exclusive */
    MemoryRegion *mr;
    hwaddr offset; /* offset within mr of start */
    bool readonly;
} Piece;

static void render(GArray *pieces, MemoryRegion *mr, s128 base, u128 clip_start,
                   u128 clip_end, bool readonly, unsigned depth)
{
    s128 mstart = base;
    s128 mend = base + (s128)mr_size128(mr);
    MemoryRegion *sub;

    g_assert(depth < MAX_RENDER_DEPTH);
    if (!mr->enabled) {
        return;
    }
    if (mstart > (s128)clip_start) {
        clip_start = (u128)mstart;
    }
    if (mend < (s128)clip_end) {
        clip_end = mend < 0 ? 0 : (u128)mend;
    }
    if (clip_start >= clip_end) {
        return;
    }
    readonly |= mr->readonly;

    if (mr->alias) {
        /* Offset x of the alias is offset x + alias_offset of the target. */
        render(pieces, mr->alias, base - (s128)mr->alias_offset, clip_start,
               clip_end, readonly, depth + 1);
        return;
    }
    for (sub = mr->subregions; sub; sub = sub->sub_next) {
        render(pieces, sub, base + (s128)sub->addr, clip_start, clip_end,
               readonly, depth + 1);
    }
    if (mr->terminates) {
        Piece p = {
            .start = clip_start,
            .end = clip_end,
            .mr = mr,
            .offset = (hwaddr)((s128)clip_start - base),
            .readonly = readonly,
        };
        g_array_append_val(pieces, p);
    }
}

typedef struct Boundary {
    u128 addr;
    unsigned piece;
    bool is_start;
} Boundary;

static int boundary_cmp(const void *a, const void *b)
{
    const Boundary *x = a, *y = b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    return 0;
}

/* A binary min-heap of piece ranks (lower rank = higher precedence). */
typedef struct RankHeap {
    unsigned *v;
    unsigned n;
} RankHeap;

static void heap_push(RankHeap *h, unsigned rank)
{
    unsigned i = h->n++;

    while (i > 0 && h->v[(i - 1) / 2] > rank) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = rank;
}

static void heap_pop(RankHeap *h)
{
    unsigned last = h->v[--h->n];
    unsigned i = 0;

    for (;;) {
        unsigned c = 2 * i + 1;

        if (c >= h->n) {
            break;
        }
        if (c + 1 < h->n && h->v[c + 1] < h->v[c]) {
            c++;
        }
        if (h->v[c] >= last) {
            break;
        }
        h->v[i] = h->v[c];
        i = c;
    }
    if (h->n) {
        h->v[i] = last;
    }
}

static void view_append(GArray *ranges, const Piece *p, u128 start, u128 end)
{
    FlatRange fr = {
        .start = (hwaddr)start,
        .last = (hwaddr)(end - 1),
        .mr = p->mr,
        .owner = p->mr->owner,
        .offset_in_region = p->offset + (hwaddr)(start - p->start),
        .readonly = p->readonly,
        .romd = p->mr->rom_device && p->mr->romd_mode,
    };

    if (ranges->len) {
        FlatRange *prev = &g_array_index(ranges, FlatRange, ranges->len - 1);

        /* Neighbouring pieces of one region, contiguous in it: one range. */
        if (prev->mr == fr.mr && prev->last + 1 == fr.start &&
            prev->offset_in_region + (fr.start - prev->start) ==
                fr.offset_in_region &&
            prev->readonly == fr.readonly && prev->romd == fr.romd) {
            prev->last = fr.last;
            return;
        }
    }
    g_array_append_val(ranges, fr);
}

FlatView *flatview_build(MemoryRegion *root)
{
    FlatView *fv = g_new0(FlatView, 1);
    GArray *pieces = g_array_new(false, false, sizeof(Piece));
    GArray *ranges = g_array_new(false, false, sizeof(FlatRange));
    Boundary *b;
    bool *ended;
    RankHeap heap = {0};
    unsigned nb, i;
    u128 prev = 0;

    fv->ref = 1;
    fv->root = root;
    if (root) {
        render(pieces, root, 0, 0, (u128)1 << 64, false, 0);
    }
    nb = pieces->len * 2;
    b = g_new(Boundary, nb ? nb : 1);
    ended = g_new0(bool, pieces->len ? pieces->len : 1);
    heap.v = g_new(unsigned, pieces->len ? pieces->len : 1);
    for (i = 0; i < pieces->len; i++) {
        Piece *p = &g_array_index(pieces, Piece, i);

        b[2 * i] = (Boundary){.addr = p->start, .piece = i, .is_start = true};
        b[2 * i + 1] =
            (Boundary){.addr = p->end, .piece = i, .is_start = false};
    }
    qsort(b, nb, sizeof(*b), boundary_cmp);

    /* Sweep: between two boundaries, the live piece of lowest rank wins. */
    i = 0;
    while (i < nb) {
        u128 here = b[i].addr;

        if (heap.n && prev < here) {
            view_append(ranges, &g_array_index(pieces, Piece, heap.v[0]), prev,
                        here);
        }
        for (; i < nb && b[i].addr == here; i++) {
            if (b[i].is_start) {
                heap_push(&heap, b[i].piece);
            } else {
                ended[b[i].piece] = true;
            }
        }
        while (heap.n && ended[heap.v[0]]) {
            heap_pop(&heap);
        }
        prev = here;
    }

    for (i = 0; i < ranges->len; i++) {
        FlatRange *fr = &g_array_index(ranges, FlatRange, i);

        if (fr->owner) {
            object_ref(fr->owner);
        }
    }
    fv->nr = ranges->len;
    fv->ranges = (FlatRange *)g_array_free(ranges, false);
    g_array_free(pieces, true);
    g_free(b);
    g_free(ended);
    g_free(heap.v);
    return fv;
}

static void flatview_free(void *opaque)
{
    FlatView *fv = opaque;
    unsigned i;

    for (i = 0; i < fv->nr; i++) {
        if (fv->ranges[i].owner) {
            object_unref(fv->ranges[i].owner);
        }
    }
    g_free(fv->ranges);
    g_free(fv);
}

void flatview_unref(FlatView *fv)
{
    if (fv && --fv->ref == 0) {
        mem_rcu_call(flatview_free, fv);
    }
}

const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr, hwaddr *next,
                                 bool *has_next)
{
    unsigned hint = __atomic_load_n(&fv->hint, __ATOMIC_RELAXED);
    unsigned lo = 0, hi = fv->nr;
    const FlatRange *fr;

    if (hint < fv->nr) {
        fr = &fv->ranges[hint];
        if (fr->start <= addr && addr <= fr->last) {
            return fr;
        }
    }
    /* The first range starting above addr is at index lo. */
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;

        if (fv->ranges[mid].start <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 && addr <= fv->ranges[lo - 1].last) {
        __atomic_store_n(&fv->hint, lo - 1, __ATOMIC_RELAXED);
        return &fv->ranges[lo - 1];
    }
    if (next) {
        *has_next = lo < fv->nr;
        *next = lo < fv->nr ? fv->ranges[lo].start : 0;
    }
    return NULL;
}

/* ---- Listeners ------------------------------------------------------- */

static void section_from_range(MemoryRegionSection *s, AddressSpace *as,
                               const FlatRange *fr)
{
    uint64_t size = fr->last - fr->start + 1;

    *s = (MemoryRegionSection){
        .mr = fr->mr,
        .address_space = as,
        .offset_within_region = fr->offset_in_region,
        .offset_within_address_space = fr->start,
        .size = size ? size : UINT64_MAX,
        .readonly = fr->readonly,
        .romd = fr->romd,
    };
}

static bool flatrange_equal(const FlatRange *a, const FlatRange *b)
{
    return a->start == b->start && a->last == b->last && a->mr == b->mr &&
           a->offset_in_region == b->offset_in_region &&
           a->readonly == b->readonly && a->romd == b->romd;
}

typedef enum { CALL_DEL, CALL_ADD, CALL_NOP } ListenerCall;

static void listeners_call(AddressSpace *as, ListenerCall call,
                           const FlatRange *fr)
{
    MemoryRegionSection s;
    MemoryListener *l;
    GPtrArray *rev;
    guint i;

    section_from_range(&s, as, fr);
    if (call != CALL_DEL) {
        for (l = as->listeners; l; l = l->next) {
            if (call == CALL_ADD && l->region_add) {
                l->region_add(l, &s);
            } else if (call == CALL_NOP && l->region_nop) {
                l->region_nop(l, &s);
            }
        }
        return;
    }
    /* Removal in descending priority: the reverse of addition. */
    rev = g_ptr_array_new();
    for (l = as->listeners; l; l = l->next) {
        g_ptr_array_add(rev, l);
    }
    for (i = rev->len; i-- > 0;) {
        l = g_ptr_array_index(rev, i);
        if (l->region_del) {
            l->region_del(l, &s);
        }
    }
    g_ptr_array_free(rev, true);
}

static void listeners_begin_commit(AddressSpace *as, bool begin)
{
    MemoryListener *l;

    for (l = as->listeners; l; l = l->next) {
        if (begin && l->begin) {
            l->begin(l);
        } else if (!begin && l->commit) {
            l->commit(l);
        }
    }
}

/*
 * Tell as's listeners how old became new: every removed range first (so
 * that KVM can drop a slot before adding an overlapping one), then every
 * added or unchanged one.  Both lists are sorted by address.
 */
static void listeners_update(AddressSpace *as, FlatView *old, FlatView *new)
{
    unsigned pass, i, j;
    unsigned onr = old ? old->nr : 0, nnr = new ? new->nr : 0;

    if (!as->listeners) {
        return;
    }
    listeners_begin_commit(as, true);
    for (pass = 0; pass < 2; pass++) {
        i = j = 0;
        while (i < onr || j < nnr) {
            const FlatRange *o = i < onr ? &old->ranges[i] : NULL;
            const FlatRange *n = j < nnr ? &new->ranges[j] : NULL;

            if (o && n && flatrange_equal(o, n)) {
                if (pass == 1) {
                    listeners_call(as, CALL_NOP, n);
                }
                i++;
                j++;
            } else if (o && (!n || o->start <= n->start)) {
                if (pass == 0) {
                    listeners_call(as, CALL_DEL, o);
                }
                i++;
            } else {
                if (pass == 1) {
                    listeners_call(as, CALL_ADD, n);
                }
                j++;
            }
        }
    }
    listeners_begin_commit(as, false);
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    MemoryListener **p;
    FlatView *fv = address_space_get_view(as);
    unsigned i;

    g_assert(!listener->address_space);
    listener->address_space = as;
    /* After the listeners of lower or equal priority. */
    for (p = &as->listeners; *p && (*p)->priority <= listener->priority;
         p = &(*p)->next) {
        continue;
    }
    listener->next = *p;
    *p = listener;

    if (listener->begin) {
        listener->begin(listener);
    }
    for (i = 0; fv && i < fv->nr; i++) {
        MemoryRegionSection s;

        section_from_range(&s, as, &fv->ranges[i]);
        if (listener->region_add) {
            listener->region_add(listener, &s);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;
    MemoryListener **p;
    FlatView *fv;
    unsigned i;

    if (!as) {
        return;
    }
    fv = address_space_get_view(as);
    if (listener->begin) {
        listener->begin(listener);
    }
    for (i = 0; fv && i < fv->nr; i++) {
        MemoryRegionSection s;

        section_from_range(&s, as, &fv->ranges[i]);
        if (listener->region_del) {
            listener->region_del(listener, &s);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
    for (p = &as->listeners; *p; p = &(*p)->next) {
        if (*p == listener) {
            *p = listener->next;
            break;
        }
    }
    listener->next = NULL;
    listener->address_space = NULL;
}

/* ---- Transactions and address spaces ---------------------------------- */

static void address_space_set_view(AddressSpace *as, FlatView *new)
{
    FlatView *old = as->current_map;

    /* Fully built before it becomes visible to readers. */
    __atomic_store_n(&as->current_map, new, __ATOMIC_SEQ_CST);
    listeners_update(as, old, new);
    flatview_unref(old);
}

static void rebuild_all(void)
{
    GHashTable *by_root = g_hash_table_new(NULL, NULL);
    AddressSpace *as;

    memory_rebuild_count++;
    /* Address spaces sharing a root share one view. */
    for (as = address_spaces; as; as = as->next) {
        FlatView *fv = g_hash_table_lookup(by_root, as->root);

        if (fv) {
            fv->ref++;
        } else {
            fv = flatview_build(as->root);
            g_hash_table_insert(by_root, as->root, fv);
        }
        address_space_set_view(as, fv);
    }
    g_hash_table_destroy(by_root);
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    g_assert(transaction_depth > 0);
    if (--transaction_depth == 0 && update_pending) {
        update_pending = false;
        rebuild_all();
    }
}

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    AddressSpace **p;

    g_assert(root && root->initialised);
    memset(as, 0, sizeof(*as));
    as->name = g_strdup(name ? name : "anonymous");
    as->root = root;
    root->root_count++;
    memory_region_ref(root);
    for (p = &address_spaces; *p; p = &(*p)->next) {
        continue;
    }
    *p = as;
    as->current_map = flatview_build(root);
}

void address_space_destroy(AddressSpace *as)
{
    AddressSpace **p;
    MemoryRegion *root = as->root;
    FlatView *empty = flatview_build(NULL);

    /* Listeners see everything go, then are detached. */
    address_space_set_view(as, empty);
    while (as->listeners) {
        MemoryListener *l = as->listeners;

        as->listeners = l->next;
        l->next = NULL;
        l->address_space = NULL;
    }
    for (p = &address_spaces; *p; p = &(*p)->next) {
        if (*p == as) {
            *p = as->next;
            break;
        }
    }
    root->root_count--;
    memory_region_unref(root);
    __atomic_store_n(&as->current_map, NULL, __ATOMIC_SEQ_CST);
    flatview_unref(empty);
    g_free(as->name);
    as->name = NULL;
    as->root = NULL;
}

AddressSpace *memory_address_spaces(void)
{
    return address_spaces;
}

const char *address_space_name(const AddressSpace *as)
{
    return as->name;
}

MemoryRegion *address_space_root(const AddressSpace *as)
{
    return as->root;
}

/* ---- The system address spaces -------------------------------------- */

AddressSpace address_space_memory;
AddressSpace address_space_io;
static MemoryRegion system_memory;
static MemoryRegion system_io;
static bool memory_map_ready;

void memory_map_init(void)
{
    g_assert(!memory_map_ready);
    /* The whole 64-bit physical space; the x86 port space is 64 KiB. */
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    memory_region_init(&system_io, NULL, "io", 0x10000);
    address_space_init(&address_space_memory, &system_memory, "memory");
    address_space_init(&address_space_io, &system_io, "I/O");
    memory_map_ready = true;
}

void memory_map_cleanup(void)
{
    if (!memory_map_ready) {
        return;
    }
    address_space_destroy(&address_space_memory);
    address_space_destroy(&address_space_io);
    memory_region_destroy(&system_memory);
    memory_region_destroy(&system_io);
    memory_map_ready = false;
}

MemoryRegion *get_system_memory(void)
{
    g_assert(memory_map_ready);
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    g_assert(memory_map_ready);
    return &system_io;
}
