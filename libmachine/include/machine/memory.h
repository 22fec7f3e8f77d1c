/*
 * The memory API: memory regions, address spaces, flat views, listeners.
 *
 * QEMU's model and names.  A guest access goes
 *   address_space_rw(as, addr, ...) -> the address space's flat view
 *   -> a RAM range (memcpy) or a MemoryRegion's MemoryRegionOps.
 *
 * A MemoryRegion is one of:
 *   - RAM:        host memory (anonymous mmap, MAP_NORESERVE unless
 *                 preallocated); memory_region_init_ram().
 *   - ROM:        RAM that the guest cannot write; memory_region_init_rom().
 *   - ROM device: reads from host memory while in ROMD mode, writes (and all
 *                 accesses outside ROMD mode) go to the ops;
 *                 memory_region_init_rom_device().
 *   - I/O:        MMIO or port I/O handled by callbacks;
 *                 memory_region_init_io().
 *   - container:  holds subregions, decodes nothing itself;
 *                 memory_region_init().
 *   - alias:      a window [offset, offset + size) onto another region;
 *                 memory_region_init_alias().
 * Any region may have subregions; they take precedence over the region's
 * own contents (a RAM region with an MMIO overlay, for instance).
 *
 * MemoryRegion and QOM: unlike QEMU, a MemoryRegion is NOT a QOM object.
 * It is a plain struct, normally embedded in its owner's state, with an
 * "Object *owner" (the device, the machine, or NULL).  Why: a machine has
 * thousands of regions that are created, re-mapped and walked on hot
 * paths, and a QOM object each (type lookup, property table, finalize
 * chain) buys nothing the memory API needs.  Lifetime is still safe: the
 * owner is referenced (object_ref) while the region is mapped in a
 * container, while it is an address space root, while an alias points at
 * it, and while a flat view that some thread may still be reading names
 * it.  So a device cannot be finalized under a vCPU that is dispatching
 * to it.  Regions without an owner must simply outlive their use (board
 * and test regions).  Release a region's resources with
 * memory_region_destroy() once it is unmapped.
 *
 * Threads and locking (the rule):
 *   - Every change of the topology (init, add/del subregion, enable, move,
 *     alias offset, readonly, transactions, address_space_init/destroy,
 *     listener register/unregister) happens under the big lock (BQL).
 *   - Dispatch (address_space_* and dma_memory_*) is called with the big
 *     lock held by the caller (vCPU threads take it on exits), so device
 *     callbacks are serialised.  Dispatch itself does not need the lock to
 *     be safe with respect to the view: each address space publishes its
 *     flat view through one atomic pointer; a reader enters a read-side
 *     critical section (an epoch-based RCU private to this library), loads
 *     the pointer and uses that view until it leaves.  A rebuilt view is
 *     fully constructed before it is published, so a reader never sees a
 *     half-built view; the view it replaces is freed (and its owner
 *     references dropped) only once every thread that was reading when it
 *     was replaced has left its read section.  Reclamation runs in the
 *     thread that commits or that leaves the last read section, i.e. under
 *     the big lock.
 *
 * Re-entrancy guard: while a region's callback runs, any nested access to
 * a region of the same owner (or to the same region, when it has no owner)
 * is refused: reads return all-ones, writes are dropped, the result is
 * MEMTX_ACCESS_ERROR and "Blocked re-entrant IO on MemoryRegion: <name> at
 * addr: 0x<offset>" is logged.  It is per device rather than per region
 * because a device's DMA into its *other* registers is the same bug (the
 * CVE-2021-3750 class).  Dispatch to a different device from a callback is
 * fine.  Set mr->disable_reentrancy_guard to opt out.
 *
 * Guest-visible errors (unassigned address, invalid access size or
 * alignment, write to ROM, re-entrant access) are never fatal: reads
 * return all-ones, writes are dropped, the result says why, and a line is
 * logged under -d guest_errors (LOG_GUEST_ERROR).
 */
#ifndef MACHINE_MEMORY_H
#define MACHINE_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>

#include "qom/object.h"
#include "util/error.h"

/* A guest physical address (or an offset within a region). */
typedef uint64_t hwaddr;
#define HWADDR_MAX UINT64_MAX
#define HWADDR_PRIx PRIx64
#define HWADDR_PRIX PRIX64
#define HWADDR_PRIu PRIu64

/* An address as seen by a DMA-capable device. */
typedef uint64_t dma_addr_t;

/* The result of a memory transaction: a bit mask, MEMTX_OK is 0. */
typedef uint32_t MemTxResult;
#define MEMTX_OK 0
#define MEMTX_ERROR (1U << 0) /* device returned an error */
#define MEMTX_DECODE_ERROR                                                     \
    (1U << 1)                        /* nothing at that address, or the        \
                                        access is invalid for it */
#define MEMTX_ACCESS_ERROR (1U << 2) /* refused (re-entrant access) */

/* Attributes of a transaction (who issues it and how). */
typedef struct MemTxAttrs {
    unsigned int unspecified : 1; /* the issuer did not say */
    unsigned int secure : 1;
    unsigned int user : 1;          /* CPU in user mode */
    unsigned int memory : 1;        /* a memory (not I/O) access */
    unsigned int requester_id : 16; /* PCI requester ID of a DMA master */
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs){.unspecified = 1})

/*
 * The byte order of a device's registers.  NATIVE is the target's: emu
 * emulates x86, so NATIVE is little-endian.
 */
enum device_endian {
    DEVICE_NATIVE_ENDIAN,
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
};

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct MemoryListener MemoryListener;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;

/*
 * Callbacks of an I/O region.  addr is the offset within the region; size
 * is 1, 2, 4 or 8; values are numbers in the device's endianness (the core
 * converts to and from the bus byte order).
 *
 * valid: what the bus accepts.  An access outside it is refused (all-ones,
 *   MEMTX_DECODE_ERROR, logged) and never reaches the callbacks.
 *   max_access_size 0 means "any size 1..8"; min 0 means 1; unaligned
 *   false refuses an access whose address is not a multiple of its size;
 *   accepts, if set, may refuse an access for any other reason.
 * impl: what the callbacks implement (min 0 means 1, max 0 means 4).  A
 *   wider access is split into impl.max_access_size pieces; a narrower one
 *   is widened to impl.min_access_size: a read reads the wider (aligned,
 *   unless impl.unaligned) unit and extracts the bytes asked for; a write
 *   writes the wider unit with the data shifted into place and the other
 *   bytes zero (no read-modify-write: reads may have side effects).
 *
 * address_space_rw() cuts an access into bus accesses of the largest
 * power of two that fits the remaining length, valid.max_access_size (4
 * when 0) and, unless impl.unaligned, the alignment of the address; each
 * is then checked against valid and adjusted to impl as above.
 *
 * The *_with_attrs forms, when set, are used instead of read/write and
 * may return an error (MEMTX_ERROR) to the issuer.
 */
struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);
    enum device_endian endianness;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size, bool is_write,
                        MemTxAttrs attrs);
    } valid;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

/*
 * A memory region.  Embed it in the owner's state and initialise it with
 * one of the memory_region_init*() functions; every field is private to
 * the memory API (use the accessors below), except
 * disable_reentrancy_guard, which a device may set before mapping the
 * region if it really must be re-entered (it then owns the consequences).
 */
struct MemoryRegion {
    /* private: */
    Object *owner;
    char *name;
    uint64_t size; /* UINT64_MAX stands for 2^64 */
    const MemoryRegionOps *ops;
    void *opaque;

    uint8_t *ram_ptr;   /* RAM, ROM, ROM device */
    size_t ram_map_len; /* > 0: mmap()ed by us, munmap on destroy */
    bool ram;
    bool rom_device;
    bool romd_mode;
    bool readonly;
    bool terminates; /* RAM, ROM, ROM device, I/O */
    bool enabled;
    bool initialised;
    bool disable_reentrancy_guard; /* public, see above */

    MemoryRegion *alias;
    hwaddr alias_offset;
    unsigned alias_count; /* aliases pointing at this region */
    unsigned root_count;  /* address spaces rooted here */

    MemoryRegion *container;
    hwaddr addr; /* offset within the container */
    int priority;
    bool may_overlap;
    MemoryRegion *subregions; /* sorted: highest priority first */
    MemoryRegion *sub_next;
    MemoryRegion *sub_prev;
};

/*
 * One contiguous piece of an address space's flat view, as given to
 * listeners: [offset_within_address_space, + size) maps to
 * [offset_within_region, + size) of mr.  mr is never an alias or a
 * container: aliases are resolved.  For RAM (memory_region_is_ram(mr),
 * or a ROM device in ROMD mode), the host memory is at
 * memory_region_get_ram_ptr(mr) + offset_within_region.  size is clamped
 * to UINT64_MAX for the (theoretical) single range covering all 2^64
 * bytes.
 */
struct MemoryRegionSection {
    MemoryRegion *mr;
    AddressSpace *address_space;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    uint64_t size;
    bool readonly; /* writes are not allowed (ROM, readonly) */
    bool romd;     /* ROM device in ROMD mode: reads from host memory */
};

/*
 * Observes one address space's flat view.  After every change of the view,
 * each listener (in ascending priority) gets begin(), then region_del()
 * for every range that went away (listeners in descending priority),
 * region_add() for every new one and region_nop() for every unchanged one
 * (ascending), then commit().  A range that changed in any way (moved,
 * resized, other region, other offset, readonly toggled) is a del plus an
 * add.  Any callback may be NULL.  Registration replays the current view
 * as region_add (between begin and commit); unregistration sends
 * region_del for every range.  The section pointer is valid only during
 * the call.
 */
struct MemoryListener {
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener, MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener, MemoryRegionSection *section);
    void (*region_nop)(MemoryListener *listener, MemoryRegionSection *section);
    int priority;
    const char *name;
    /* private: */
    AddressSpace *address_space;
    MemoryListener *next;
};

/*
 * An address space: a root region and the flat view computed from it.
 * Embed it (PCI bus master spaces) or use the two global ones.
 */
struct AddressSpace {
    /* private: */
    char *name;
    MemoryRegion *root;
    FlatView *current_map;     /* atomic; readers under RCU */
    MemoryListener *listeners; /* sorted by ascending priority */
    AddressSpace *next;
};

/* ---- Regions ---------------------------------------------------------- */

/* A container: holds subregions, decodes nothing itself. */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);

/* An I/O region handled by ops (copied by pointer: must outlive mr). */
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);

/* Flags of memory_region_init_ram_flags(). */
#define RAM_PREALLOC                                                           \
    (1U << 0) /* commit and populate the memory now, so                        \
                 that running out fails here and not on                        \
                 a guest access */

/*
 * RAM backed by anonymous host memory (zero-filled, MAP_NORESERVE unless
 * RAM_PREALLOC).  On failure sets errp to "cannot set up guest memory
 * '<name>': <reason>" and leaves mr uninitialised.
 */
bool memory_region_init_ram_flags(MemoryRegion *mr, Object *owner,
                                  const char *name, uint64_t size,
                                  uint32_t ram_flags, Error **errp);
bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/* RAM over caller-provided host memory (not freed by the memory API). */
void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr);
/* Read-only RAM: guest writes are dropped (loaders use write_rom). */
bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/*
 * A ROM device (flash): reads come from host memory while in ROMD mode
 * (the initial mode), writes always go to ops; outside ROMD mode every
 * access goes to ops.
 */
bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp);
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode);

/* A window onto [offset, offset + size) of orig (which may be an alias). */
void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);

/*
 * Release what mr holds (RAM, name; its subregions are removed first).
 * mr must not be mapped, be an address space root or have aliases.
 */
void memory_region_destroy(MemoryRegion *mr);

/* Reference / release the region's owner (no-op without owner). */
void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);

/*
 * Map sub at offset within parent (a container or any region).  sub must
 * not already be mapped.  The non-overlap form gives priority 0 and
 * expects no overlap with siblings; where subregions overlap, the higher
 * priority wins, and among equal priorities the one added last.
 */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub);
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub);

void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move a mapped (or not yet mapped) region within its container. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
/*
 * Guest writes to a read-only region, or to anything mapped under it, are
 * dropped and logged (address_space_write_rom still writes host memory).
 */
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
/* Change the size (UINT64_MAX for 2^64); RAM regions cannot grow. */
void memory_region_set_size(MemoryRegion *mr, uint64_t size);

uint64_t memory_region_size(MemoryRegion *mr); /* UINT64_MAX for 2^64 */
const char *memory_region_name(const MemoryRegion *mr);
Object *memory_region_owner(MemoryRegion *mr);
hwaddr memory_region_get_address(const MemoryRegion *mr);
bool memory_region_is_mapped(const MemoryRegion *mr);
bool memory_region_is_enabled(const MemoryRegion *mr);
bool memory_region_is_ram(const MemoryRegion *mr);  /* RAM or ROM */
bool memory_region_is_rom(const MemoryRegion *mr);  /* read-only RAM */
bool memory_region_is_romd(const MemoryRegion *mr); /* ROMD mode now */
bool memory_region_is_alias(const MemoryRegion *mr);
bool memory_region_is_readonly(const MemoryRegion *mr);
/*
 * Host memory of a RAM, ROM or ROM-device region, or of the region an
 * alias (chain) points at, offset by the alias offsets; NULL otherwise.
 */
void *memory_region_get_ram_ptr(MemoryRegion *mr);

/*
 * Batch topology changes: the flat views are rebuilt (and listeners told)
 * once, at the outermost commit.  Nests.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/*
 * Access a region directly (the softmmu and tests use this; devices go
 * through an address space).  size 1, 2, 4 or 8 at offset addr; the value
 * is the number an x86 (little-endian) CPU sees: the device's value,
 * byte-swapped for a big-endian device.  Applies the valid/impl rules and
 * the re-entrancy guard exactly like address_space_rw().
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, unsigned size,
                                         MemTxAttrs attrs);

/* ---- Address spaces --------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
/* Listeners still registered get region_del for everything, then are
 * detached. */
void address_space_destroy(AddressSpace *as);
const char *address_space_name(const AddressSpace *as);
MemoryRegion *address_space_root(const AddressSpace *as);

/*
 * Copy len bytes between buf and the address space, crossing region
 * boundaries.  The bytes of an I/O access are in the device's byte order
 * (a little-endian device's 0x11223344 reads as 44 33 22 11).  Unassigned
 * bytes read as 0xff and are not written; the result ORs what happened to
 * every piece.  Writes to ROM are dropped (MEMTX_OK, logged).
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len);
/* Like address_space_write, but also writes ROM and ROMD host memory
 * (loaders putting firmware in place). */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);

/*
 * Find what backs addr: fills *section (mr not referenced) and returns true,
 * or returns false for an unassigned address.  The section is a snapshot:
 * valid until the next topology change.
 */
bool address_space_find_section(AddressSpace *as, hwaddr addr,
                                MemoryRegionSection *section);

/*
 * The host pointer of the RAM, ROM or ROM device backing addr, the bytes
 * from there to the end of that range in *avail, and in *readonly (if not
 * NULL) whether stores must go through the memory API instead; NULL for
 * anything else.  Needs no big lock (the lookup is an RCU read, as for
 * the loads and stores): for vCPU threads that may hold other locks.  The
 * pointer stays valid as long as the RAM exists.
 */
void *address_space_ram_ptr(AddressSpace *as, hwaddr addr, hwaddr *avail,
                            bool *readonly);

/*
 * Called after the memory API stored into RAM or ROM host memory
 * (address_space_write/rw, the st*_phys and DMA helpers, loaders):
 * [addr, addr + len) of address space as.  TCG registers one to drop the
 * code it translated from those bytes; without one (KVM) nothing is
 * called.  Stores through memory_region_dispatch_write() on a RAM region
 * and through host pointers (vCPUs' softmmu) do not call it.
 */
typedef void (*MemoryRamWriteHook)(AddressSpace *as, hwaddr addr, hwaddr len);
void memory_set_ram_write_hook(MemoryRamWriteHook hook);

/*
 * Called before the memory API copies bytes out of RAM (not ROM) for a
 * read (address_space_read/rw, the ld*_phys and DMA helpers): the len
 * bytes at host back [addr, addr + len) of as, and the hook may store
 * into them first.  The device fuzzer fills DMA buffers on demand this
 * way (fuzz/device); nothing else sets one.
 */
typedef void (*MemoryRamReadHook)(AddressSpace *as, hwaddr addr,
                                  uint8_t *host, hwaddr len);
void memory_set_ram_read_hook(MemoryRamReadHook hook);

/* Loads and stores of one value; result may be NULL. */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);

/* The same with MEMTXATTRS_UNSPECIFIED and no result (QEMU's *_phys). */
uint32_t ldub_phys(AddressSpace *as, hwaddr addr);
uint32_t lduw_le_phys(AddressSpace *as, hwaddr addr);
uint32_t lduw_be_phys(AddressSpace *as, hwaddr addr);
uint32_t ldl_le_phys(AddressSpace *as, hwaddr addr);
uint32_t ldl_be_phys(AddressSpace *as, hwaddr addr);
uint64_t ldq_le_phys(AddressSpace *as, hwaddr addr);
uint64_t ldq_be_phys(AddressSpace *as, hwaddr addr);
void stb_phys(AddressSpace *as, hwaddr addr, uint32_t val);
void stw_le_phys(AddressSpace *as, hwaddr addr, uint32_t val);
void stw_be_phys(AddressSpace *as, hwaddr addr, uint32_t val);
void stl_le_phys(AddressSpace *as, hwaddr addr, uint32_t val);
void stl_be_phys(AddressSpace *as, hwaddr addr, uint32_t val);
void stq_le_phys(AddressSpace *as, hwaddr addr, uint64_t val);
void stq_be_phys(AddressSpace *as, hwaddr addr, uint64_t val);

/* ---- DMA -------------------------------------------------------------- */

/*
 * A device reading or writing guest memory.  A range that wraps around
 * the end of the address space is refused whole (MEMTX_DECODE_ERROR,
 * nothing transferred, logged); unassigned bytes fail the transfer
 * (MEMTX_DECODE_ERROR) without crashing.  A device must not DMA into its
 * own MMIO: the re-entrancy guard refuses it (MEMTX_ACCESS_ERROR).
 */
MemTxResult dma_memory_read(AddressSpace *as, dma_addr_t addr, void *buf,
                            dma_addr_t len, MemTxAttrs attrs);
MemTxResult dma_memory_write(AddressSpace *as, dma_addr_t addr, const void *buf,
                             dma_addr_t len, MemTxAttrs attrs);
/* Fill len bytes at addr with c. */
MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs);
/*
 * True if every byte of [addr, addr + len) is assigned (and, for a write,
 * not read-only); nothing is accessed.
 */
bool dma_memory_valid(AddressSpace *as, dma_addr_t addr, dma_addr_t len,
                      bool is_write);

/* ---- Listeners -------------------------------------------------------- */

void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/* ---- info mtree --------------------------------------------------------- */

/*
 * The memory trees as text in QEMU's "info mtree" layout, appended to
 * out: each address space ("address-space: NAME", those sharing a root
 * listed together) with its regions as "START-END (prio N, TYPE): NAME"
 * (aliases "alias NAME @TARGET START-END"), two spaces per level and
 * subregions by address, then "memory-region: NAME" for every alias
 * target.  flatview: the flat views instead ("FlatView #N", the
 * rendered ranges).  owner: each region's owner.  disabled: disabled
 * regions too, marked "[disabled]".
 */
void mtree_info(GString *out, bool flatview, bool owner, bool disabled);

/* ---- The system address spaces ---------------------------------------- */

/*
 * "system" (a container of 2^64 bytes) and "io" (a container of 64 KiB,
 * the x86 port space), with their address spaces "memory" and "I/O".
 * The board calls memory_map_init() once before mapping anything;
 * memory_map_cleanup() tears both down (tests, orderly exit).
 */
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;
void memory_map_init(void);
void memory_map_cleanup(void);
MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);

#endif /* MACHINE_MEMORY_H */
