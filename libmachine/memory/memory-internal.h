/*
 * Private to libmachine/memory: flat views, the read-side protection of
 * published views, and the dispatch helpers shared by memory.c and
 * dispatch.c.  Tests include it to check the views directly.
 */
#ifndef MACHINE_MEMORY_INTERNAL_H
#define MACHINE_MEMORY_INTERNAL_H

#include "machine/memory.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

/* A region's size as a 65-bit number (UINT64_MAX stands for 2^64). */
static inline u128 mr_size128(const MemoryRegion *mr)
{
    return mr->size == UINT64_MAX ? (u128)1 << 64 : (u128)mr->size;
}

/*
 * One piece of a flat view: guest addresses [start, last] map to
 * [offset_in_region, ...] of mr, a terminating region (RAM, ROM, ROM
 * device or I/O; never an alias or a container).  owner is mr's owner at
 * build time, referenced by the view so that freeing the view never
 * touches mr itself.
 */
typedef struct FlatRange {
    hwaddr start;
    hwaddr last; /* inclusive: a range may end at 2^64 - 1 */
    MemoryRegion *mr;
    Object *owner;
    hwaddr offset_in_region;
    bool readonly;
    bool romd; /* ROM device in ROMD mode at build time */
} FlatRange;

/*
 * An immutable, sorted, non-overlapping list of ranges.  Built completely,
 * then published with an atomic store into AddressSpace.current_map.
 * ref counts the address spaces using it (changed under the big lock
 * only); when it drops to zero the view is handed to mem_rcu_call().
 */
struct FlatView {
    unsigned ref;
    MemoryRegion *root;
    FlatRange *ranges;
    unsigned nr;
    unsigned hint; /* last range hit; racy by design, relaxed */
};

/*
 * Read-side critical sections (epoch-based RCU).  Nest.  While a thread
 * is inside one, no view it may have loaded is freed.
 */
void mem_rcu_read_lock(void);
void mem_rcu_read_unlock(void);
/*
 * Call fn(data) once no thread can still be in a read section that began
 * before this call.  The pointer to data must already be unpublished.
 */
void mem_rcu_call(void (*fn)(void *), void *data);
/* Run the callbacks whose grace period is over (called automatically). */
void mem_rcu_reclaim(void);
/* Number of callbacks waiting (tests). */
unsigned mem_rcu_pending(void);

/* Sequentially consistent: pairs with the reader's slot store (rcu.c). */
static inline FlatView *address_space_get_view(AddressSpace *as)
{
    return __atomic_load_n(&as->current_map, __ATOMIC_SEQ_CST);
}

/*
 * The range containing addr, or NULL.  When NULL and next is not NULL,
 * *next receives the start of the first range above addr (or 0 with
 * *has_next false when there is none).
 */
const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr, hwaddr *next,
                                 bool *has_next);

/* Build the view of root (NULL root: an empty view).  ref is 1. */
FlatView *flatview_build(MemoryRegion *root);
void flatview_unref(FlatView *fv);

/* The first address space (in creation order; follow ->next), or NULL. */
AddressSpace *memory_address_spaces(void);

/* Count of flat view rebuilds (outermost commits that rebuilt; tests). */
extern unsigned long memory_rebuild_count;

#endif /* MACHINE_MEMORY_INTERNAL_H */
