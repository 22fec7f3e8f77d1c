/*
 * Guest accesses: address_space_rw() and friends, the load/store helpers,
 * DMA helpers, and the dispatch of one access to a region's callbacks with
 * QEMU's valid/impl access-size rules and a re-entrancy guard.
 */
#include <string.h>
#include <glib.h>

#include "memory-internal.h"
#include "util/log.h"

/* ---- Byte helpers ------------------------------------------------------ */

static inline uint64_t size_mask(unsigned bytes)
{
    return bytes >= 8 ? UINT64_MAX : (1ULL << (bytes * 8)) - 1;
}

/* Little-endian load/store of 1..8 bytes. */
static inline uint64_t ldn_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    switch (n) {
    case 1:
        return p[0];
    case 2: {
        uint16_t x;
        memcpy(&x, p, 2);
        return GUINT16_FROM_LE(x);
    }
    case 4: {
        uint32_t x;
        memcpy(&x, p, 4);
        return GUINT32_FROM_LE(x);
    }
    case 8: {
        uint64_t x;
        memcpy(&x, p, 8);
        return GUINT64_FROM_LE(x);
    }
    default:
        while (n--) {
            v = (v << 8) | p[n];
        }
        return v;
    }
}

static inline void stn_le(uint8_t *p, unsigned n, uint64_t v)
{
    switch (n) {
    case 1:
        p[0] = v;
        return;
    case 2: {
        uint16_t x = GUINT16_TO_LE((uint16_t)v);
        memcpy(p, &x, 2);
        return;
    }
    case 4: {
        uint32_t x = GUINT32_TO_LE((uint32_t)v);
        memcpy(p, &x, 4);
        return;
    }
    case 8: {
        uint64_t x = GUINT64_TO_LE(v);
        memcpy(p, &x, 8);
        return;
    }
    default:
        for (unsigned i = 0; i < n; i++) {
            p[i] = v >> (8 * i);
        }
    }
}

static inline uint64_t bswap_n(uint64_t v, unsigned size)
{
    switch (size) {
    case 2:
        return GUINT16_SWAP_LE_BE((uint16_t)v);
    case 4:
        return GUINT32_SWAP_LE_BE((uint32_t)v);
    case 8:
        return GUINT64_SWAP_LE_BE(v);
    default:
        return v;
    }
}

/* emu emulates x86: native device endianness is little-endian. */
static inline bool mr_big_endian(const MemoryRegion *mr)
{
    return mr->ops->endianness == DEVICE_BIG_ENDIAN;
}

/* ---- Re-entrancy guard ------------------------------------------------ */

/*
 * While a region's callback runs, any nested dispatch to the same device
 * (the region's owner, or the region itself when it has none) is refused:
 * a device whose DMA targets its own registers would otherwise recurse
 * into handlers that are half-way through updating state (the class of
 * CVE-2021-3750).  Dispatch is serialised by the big lock, so a small
 * per-thread stack of engaged devices is enough.
 */
#define GUARD_MAX_DEPTH 16

static __thread const void *guard_stack[GUARD_MAX_DEPTH];
static __thread unsigned guard_depth;

static bool guard_enter(MemoryRegion *mr, hwaddr addr)
{
    const void *key = mr->owner ? (const void *)mr->owner : (const void *)mr;
    unsigned i;

    if (mr->disable_reentrancy_guard) {
        return true;
    }
    for (i = 0; i < guard_depth; i++) {
        if (guard_stack[i] == key) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "Blocked re-entrant IO on "
                          "MemoryRegion: %s at addr: 0x%" HWADDR_PRIX "\n",
                          mr->name, addr);
            return false;
        }
    }
    if (guard_depth == GUARD_MAX_DEPTH) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "Blocked IO nested %u deep on "
                      "MemoryRegion: %s at addr: 0x%" HWADDR_PRIX "\n",
                      GUARD_MAX_DEPTH, mr->name, addr);
        return false;
    }
    guard_stack[guard_depth++] = key;
    return true;
}

static void guard_leave(MemoryRegion *mr)
{
    if (!mr->disable_reentrancy_guard) {
        guard_depth--;
    }
}

/* ---- One access to a region -------------------------------------------- */

static void log_invalid(MemoryRegion *mr, hwaddr addr, uint64_t size,
                        bool is_write, const char *reason)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "Invalid %s at addr 0x%" HWADDR_PRIX ", size %" PRIu64
                  ", region '%s', reason: %s\n",
                  is_write ? "write" : "read", addr, size, mr->name, reason);
}

/* The bus-level check: ops->valid, and that a callback exists. */
static bool access_valid(MemoryRegion *mr, hwaddr addr, unsigned size,
                         bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned min = ops->valid.min_access_size ? ops->valid.min_access_size : 1;
    unsigned max = ops->valid.max_access_size ? ops->valid.max_access_size : 8;

    if (!ops->valid.unaligned && (addr & (size - 1))) {
        log_invalid(mr, addr, size, is_write, "unaligned");
        return false;
    }
    if (size < min || size > max) {
        g_autofree char *why =
            g_strdup_printf("invalid size (min:%u max:%u)", min, max);
        log_invalid(mr, addr, size, is_write, why);
        return false;
    }
    if (ops->valid.accepts &&
        !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        log_invalid(mr, addr, size, is_write, "rejected");
        return false;
    }
    if (is_write ? !ops->write && !ops->write_with_attrs
                 : !ops->read && !ops->read_with_attrs) {
        log_invalid(mr, addr, size, is_write,
                    is_write ? "not writable" : "not readable");
        return false;
    }
    return true;
}

static MemTxResult call_read(MemoryRegion *mr, hwaddr addr, uint64_t *v,
                             unsigned size, MemTxAttrs attrs)
{
    if (mr->ops->read_with_attrs) {
        *v = 0;
        return mr->ops->read_with_attrs(mr->opaque, addr, v, size, attrs);
    }
    *v = mr->ops->read(mr->opaque, addr, size);
    return MEMTX_OK;
}

static MemTxResult call_write(MemoryRegion *mr, hwaddr addr, uint64_t v,
                              unsigned size, MemTxAttrs attrs)
{
    if (mr->ops->write_with_attrs) {
        return mr->ops->write_with_attrs(mr->opaque, addr, v, size, attrs);
    }
    mr->ops->write(mr->opaque, addr, v, size);
    return MEMTX_OK;
}

/*
 * Turn one valid access of size bytes at addr into calls of the sizes the
 * callbacks implement.  Units of A bytes (size clamped to impl), aligned
 * to A unless impl.unaligned, cover [addr, addr + size); the bytes of each
 * unit that fall inside the access are moved between the unit's value and
 * the access value.  Byte k of a little-endian value is bits 8k..8k+7; of
 * a big-endian value of n bytes, bits 8(n-1-k)...
 */
static MemTxResult access_adjusted(MemoryRegion *mr, hwaddr addr,
                                   uint64_t *value, unsigned size,
                                   bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned imin = ops->impl.min_access_size ? ops->impl.min_access_size : 1;
    unsigned imax = ops->impl.max_access_size ? ops->impl.max_access_size : 4;
    unsigned a = MAX(MIN(size, imax), imin);
    bool be = mr_big_endian(mr);
    hwaddr end = addr + size;
    hwaddr u = ops->impl.unaligned ? addr : addr & ~(hwaddr)(a - 1);
    MemTxResult r = MEMTX_OK;
    uint64_t result = 0;

    if (a == size && u == addr) {
        /* The common case: the callback implements this access as is. */
        if (is_write) {
            return call_write(mr, addr, *value, size, attrs);
        }
        r = call_read(mr, addr, value, size, attrs);
        *value &= size_mask(size);
        return r;
    }
    for (; u < end; u += a) {
        hwaddr os = MAX(u, addr), oe = MIN(u + a, end);
        unsigned n = oe - os;
        /* Bit position of the overlap within the unit and the access. */
        unsigned ushift = be ? 8 * (u + a - oe) : 8 * (os - u);
        unsigned vshift = be ? 8 * (end - oe) : 8 * (os - addr);

        if (is_write) {
            uint64_t part = (*value >> vshift) & size_mask(n);

            r |= call_write(mr, u, part << ushift, a, attrs);
        } else {
            uint64_t unit = 0;

            r |= call_read(mr, u, &unit, a, attrs);
            result |= ((unit >> ushift) & size_mask(n)) << vshift;
        }
    }
    if (!is_write) {
        *value = result;
    }
    return r;
}

/* Direct callers pass offsets the flat view never checked. */
static bool ram_in_bounds(MemoryRegion *mr, hwaddr addr, unsigned size,
                          bool is_write)
{
    if (addr >= mr->size || mr->size - addr < size) {
        log_invalid(mr, addr, size, is_write, "outside the region");
        return false;
    }
    return true;
}

/*
 * The value an x86 CPU sees is the little-endian reading of the bus bytes:
 * a big-endian device's number comes out byte-swapped.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs)
{
    uint64_t v = 0;
    MemTxResult r;

    g_assert(size == 1 || size == 2 || size == 4 || size == 8);
    if (mr->ram_ptr && (mr->ram || mr->romd_mode)) {
        if (!ram_in_bounds(mr, addr, size, false)) {
            *pval = size_mask(size);
            return MEMTX_DECODE_ERROR;
        }
        *pval = ldn_le(mr->ram_ptr + addr, size);
        return MEMTX_OK;
    }
    if (!mr->ops) {
        log_invalid(mr, addr, size, false, "no device");
        *pval = size_mask(size);
        return MEMTX_DECODE_ERROR;
    }
    if (!access_valid(mr, addr, size, false, attrs)) {
        *pval = size_mask(size);
        return MEMTX_DECODE_ERROR;
    }
    if (!guard_enter(mr, addr)) {
        *pval = size_mask(size);
        return MEMTX_ACCESS_ERROR;
    }
    r = access_adjusted(mr, addr, &v, size, false, attrs);
    guard_leave(mr);
    *pval = mr_big_endian(mr) ? bswap_n(v, size) : v;
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, unsigned size,
                                         MemTxAttrs attrs)
{
    MemTxResult r;

    g_assert(size == 1 || size == 2 || size == 4 || size == 8);
    data &= size_mask(size);
    if (mr->ram && mr->ram_ptr) {
        if (!ram_in_bounds(mr, addr, size, true)) {
            return MEMTX_DECODE_ERROR;
        }
        if (mr->readonly) {
            log_invalid(mr, addr, size, true, "read-only");
            return MEMTX_OK;
        }
        stn_le(mr->ram_ptr + addr, size, data);
        return MEMTX_OK;
    }
    if (!mr->ops) {
        log_invalid(mr, addr, size, true, "no device");
        return MEMTX_DECODE_ERROR;
    }
    if (!access_valid(mr, addr, size, true, attrs)) {
        return MEMTX_DECODE_ERROR;
    }
    if (!guard_enter(mr, addr)) {
        return MEMTX_ACCESS_ERROR;
    }
    if (mr_big_endian(mr)) {
        data = bswap_n(data, size);
    }
    r = access_adjusted(mr, addr, &data, size, true, attrs);
    guard_leave(mr);
    return r;
}

/* ---- Address spaces ---------------------------------------------------- */

static MemoryRamWriteHook ram_write_hook;

void memory_set_ram_write_hook(MemoryRamWriteHook hook)
{
    __atomic_store_n(&ram_write_hook, hook, __ATOMIC_RELEASE);
}

/* After the bytes are stored: a reader of the hook's kind sees them. */
static inline void ram_written(AddressSpace *as, hwaddr addr, hwaddr len)
{
    MemoryRamWriteHook hook =
        __atomic_load_n(&ram_write_hook, __ATOMIC_ACQUIRE);

    if (hook) {
        hook(as, addr, len);
    }
}

static MemoryRamReadHook ram_read_hook;

void memory_set_ram_read_hook(MemoryRamReadHook hook)
{
    __atomic_store_n(&ram_read_hook, hook, __ATOMIC_RELEASE);
}

/* Before the bytes at host are copied out (the fuzzer fills them). */
static inline void ram_reading(AddressSpace *as, hwaddr addr, uint8_t *host,
                               hwaddr len)
{
    MemoryRamReadHook hook =
        __atomic_load_n(&ram_read_hook, __ATOMIC_ACQUIRE);

    if (hook) {
        hook(as, addr, host, len);
    }
}

/*
 * The size of the next bus access to an I/O region for l remaining bytes
 * at offset addr: the largest power of two not above l, the bus maximum
 * (valid.max_access_size, default 4) and, unless the device takes
 * unaligned accesses, the alignment of addr.
 */
static unsigned io_access_size(MemoryRegion *mr, hwaddr addr, uint64_t l)
{
    unsigned max = mr->ops && mr->ops->valid.max_access_size
                       ? mr->ops->valid.max_access_size
                       : 4;
    unsigned n;

    if (!(mr->ops && mr->ops->impl.unaligned)) {
        hwaddr align = addr & -addr;

        if (align && align < max) {
            max = align;
        }
    }
    if (l > max) {
        l = max;
    }
    for (n = 8; n > l; n >>= 1) {
        continue;
    }
    return n;
}

static MemTxResult io_rw(MemoryRegion *mr, hwaddr off, MemTxAttrs attrs,
                         uint8_t *buf, uint64_t len, bool is_write)
{
    MemTxResult r = MEMTX_OK;

    while (len > 0) {
        unsigned n = io_access_size(mr, off, len);
        uint64_t v;

        if (is_write) {
            v = ldn_le(buf, n);
            r |= memory_region_dispatch_write(mr, off, v, n, attrs);
        } else {
            r |= memory_region_dispatch_read(mr, off, &v, n, attrs);
            stn_le(buf, n, v);
        }
        off += n;
        buf += n;
        len -= n;
    }
    return r;
}

static MemTxResult flatview_rw(AddressSpace *as, FlatView *fv, hwaddr addr,
                               MemTxAttrs attrs, uint8_t *buf, uint64_t len,
                               bool is_write, bool rom_ok)
{
    MemTxResult result = MEMTX_OK;

    while (len > 0) {
        hwaddr next = 0;
        bool has_next = false;
        const FlatRange *fr =
            fv ? flatview_lookup(fv, addr, &next, &has_next) : NULL;
        uint64_t l = len;

        if (!fr) {
            /* Unassigned up to the next range (or the end of the access). */
            if (has_next && next - addr < l) {
                l = next - addr;
            }
            qemu_log_mask(LOG_GUEST_ERROR,
                          "Invalid %s at addr 0x%" HWADDR_PRIX ", size %" PRIu64
                          ", address space "
                          "'%s', reason: unassigned\n",
                          is_write ? "write" : "read", addr, l, as->name);
            if (!is_write) {
                memset(buf, 0xff, l);
            }
            result |= MEMTX_DECODE_ERROR;
        } else {
            MemoryRegion *mr = fr->mr;
            hwaddr off = fr->offset_in_region + (addr - fr->start);
            uint64_t avail = fr->last - addr + 1; /* 0: all 2^64 bytes */

            if (avail && avail < l) {
                l = avail;
            }
            if (is_write) {
                if (mr->ram_ptr && (rom_ok || (mr->ram && !fr->readonly))) {
                    memcpy(mr->ram_ptr + off, buf, l);
                    ram_written(as, addr, l);
                } else if (fr->readonly) {
                    /* ROM: the write goes nowhere (QEMU does the same). */
                    log_invalid(mr, off, l, true, "read-only");
                } else {
                    result |= io_rw(mr, off, attrs, buf, l, true);
                }
            } else if (mr->ram || fr->romd) {
                if (mr->ram) {
                    ram_reading(as, addr, mr->ram_ptr + off, l);
                }
                memcpy(buf, mr->ram_ptr + off, l);
            } else {
                result |= io_rw(mr, off, attrs, buf, l, false);
            }
        }
        addr += l;
        buf += l;
        len -= l;
    }
    return result;
}

static MemTxResult as_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                         uint8_t *buf, uint64_t len, bool is_write, bool rom_ok)
{
    MemTxResult r;

    mem_rcu_read_lock();
    r = flatview_rw(as, address_space_get_view(as), addr, attrs, buf, len,
                    is_write, rom_ok);
    mem_rcu_read_unlock();
    return r;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    return as_rw(as, addr, attrs, buf, len, is_write, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len)
{
    return as_rw(as, addr, attrs, buf, len, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len)
{
    /* Only read from buf: a write never stores into the caller's buffer. */
    return as_rw(as, addr, attrs, (uint8_t *)buf, len, true, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len)
{
    return as_rw(as, addr, attrs, (uint8_t *)buf, len, true, true);
}

bool address_space_find_section(AddressSpace *as, hwaddr addr,
                                MemoryRegionSection *section)
{
    const FlatRange *fr;
    FlatView *fv;
    bool found = false;

    mem_rcu_read_lock();
    fv = address_space_get_view(as);
    fr = fv ? flatview_lookup(fv, addr, NULL, NULL) : NULL;
    if (fr) {
        uint64_t size = fr->last - fr->start + 1;

        *section = (MemoryRegionSection){
            .mr = fr->mr,
            .address_space = as,
            .offset_within_region = fr->offset_in_region,
            .offset_within_address_space = fr->start,
            .size = size ? size : UINT64_MAX,
            .readonly = fr->readonly,
            .romd = fr->romd,
        };
        found = true;
    }
    mem_rcu_read_unlock();
    return found;
}

void *address_space_ram_ptr(AddressSpace *as, hwaddr addr, hwaddr *avail,
                            bool *readonly)
{
    const FlatRange *fr;
    FlatView *fv;
    void *p = NULL;

    mem_rcu_read_lock();
    fv = address_space_get_view(as);
    fr = fv ? flatview_lookup(fv, addr, NULL, NULL) : NULL;
    if (fr && (fr->mr->ram || fr->romd)) {
        p = fr->mr->ram_ptr + fr->offset_in_region + (addr - fr->start);
        *avail = fr->last - addr + 1;
        if (readonly) {
            /* ROM, or a ROM device whose writes go to the device. */
            *readonly = fr->readonly || fr->romd;
        }
    }
    mem_rcu_read_unlock();
    return p;
}

/* ---- Loads and stores --------------------------------------------------- */

/*
 * One value of n bytes.  RAM that holds all of it is read directly;
 * anything else takes the general path through a small buffer.
 */
static uint64_t as_load(AddressSpace *as, hwaddr addr, unsigned n,
                        bool big_endian, MemTxAttrs attrs, MemTxResult *result)
{
    uint8_t buf[8];
    const FlatRange *fr;
    MemTxResult r = MEMTX_OK;
    FlatView *fv;
    uint64_t v;

    mem_rcu_read_lock();
    fv = address_space_get_view(as);
    fr = fv ? flatview_lookup(fv, addr, NULL, NULL) : NULL;
    if (fr && (fr->mr->ram || fr->romd) && fr->last - addr >= n - 1) {
        uint8_t *host =
            fr->mr->ram_ptr + fr->offset_in_region + (addr - fr->start);

        if (fr->mr->ram) {
            ram_reading(as, addr, host, n);
        }
        memcpy(buf, host, n);
    } else {
        r = flatview_rw(as, fv, addr, attrs, buf, n, false, false);
    }
    mem_rcu_read_unlock();
    v = ldn_le(buf, n);
    if (result) {
        *result = r;
    }
    return big_endian ? bswap_n(v, n) : v;
}

static void as_store(AddressSpace *as, hwaddr addr, unsigned n, uint64_t v,
                     bool big_endian, MemTxAttrs attrs, MemTxResult *result)
{
    uint8_t buf[8];
    const FlatRange *fr;
    MemTxResult r = MEMTX_OK;
    FlatView *fv;

    stn_le(buf, n, big_endian ? bswap_n(v, n) : v);
    mem_rcu_read_lock();
    fv = address_space_get_view(as);
    fr = fv ? flatview_lookup(fv, addr, NULL, NULL) : NULL;
    if (fr && fr->mr->ram && !fr->readonly && fr->last - addr >= n - 1) {
        memcpy(fr->mr->ram_ptr + fr->offset_in_region + (addr - fr->start), buf,
               n);
        ram_written(as, addr, n);
    } else {
        r = flatview_rw(as, fv, addr, attrs, buf, n, true, false);
    }
    mem_rcu_read_unlock();
    if (result) {
        *result = r;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result)
{
    return as_load(as, addr, 1, false, attrs, result);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result)
{
    return as_load(as, addr, 2, false, attrs, result);
}

uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result)
{
    return as_load(as, addr, 2, true, attrs, result);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return as_load(as, addr, 4, false, attrs, result);
}

uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return as_load(as, addr, 4, true, attrs, result);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return as_load(as, addr, 8, false, attrs, result);
}

uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return as_load(as, addr, 8, true, attrs, result);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 1, val, false, attrs, result);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 2, val, false, attrs, result);
}

void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 2, val, true, attrs, result);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 4, val, false, attrs, result);
}

void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 4, val, true, attrs, result);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 8, val, false, attrs, result);
}

void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, 8, val, true, attrs, result);
}

#define U MEMTXATTRS_UNSPECIFIED

uint32_t ldub_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_ldub(as, addr, U, NULL);
}

uint32_t lduw_le_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_lduw_le(as, addr, U, NULL);
}

uint32_t lduw_be_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_lduw_be(as, addr, U, NULL);
}

uint32_t ldl_le_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_ldl_le(as, addr, U, NULL);
}

uint32_t ldl_be_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_ldl_be(as, addr, U, NULL);
}

uint64_t ldq_le_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_ldq_le(as, addr, U, NULL);
}

uint64_t ldq_be_phys(AddressSpace *as, hwaddr addr)
{
    return address_space_ldq_be(as, addr, U, NULL);
}

void stb_phys(AddressSpace *as, hwaddr addr, uint32_t val)
{
    address_space_stb(as, addr, val, U, NULL);
}

void stw_le_phys(AddressSpace *as, hwaddr addr, uint32_t val)
{
    address_space_stw_le(as, addr, val, U, NULL);
}

void stw_be_phys(AddressSpace *as, hwaddr addr, uint32_t val)
{
    address_space_stw_be(as, addr, val, U, NULL);
}

void stl_le_phys(AddressSpace *as, hwaddr addr, uint32_t val)
{
    address_space_stl_le(as, addr, val, U, NULL);
}

void stl_be_phys(AddressSpace *as, hwaddr addr, uint32_t val)
{
    address_space_stl_be(as, addr, val, U, NULL);
}

void stq_le_phys(AddressSpace *as, hwaddr addr, uint64_t val)
{
    address_space_stq_le(as, addr, val, U, NULL);
}

void stq_be_phys(AddressSpace *as, hwaddr addr, uint64_t val)
{
    address_space_stq_be(as, addr, val, U, NULL);
}

#undef U

/* ---- DMA --------------------------------------------------------------- */

/* A transfer that would wrap past the top of the address space. */
static bool dma_wraps(AddressSpace *as, dma_addr_t addr, dma_addr_t len,
                      bool is_write)
{
    if (len && addr + (len - 1) < addr) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "Invalid DMA %s at addr 0x%" HWADDR_PRIX ", size %" PRIu64
                      ", address space '%s', "
                      "reason: wraps around\n",
                      is_write ? "write" : "read", addr, len, as->name);
        return true;
    }
    return false;
}

MemTxResult dma_memory_read(AddressSpace *as, dma_addr_t addr, void *buf,
                            dma_addr_t len, MemTxAttrs attrs)
{
    if (dma_wraps(as, addr, len, false)) {
        /* Never hand the device uninitialised bytes. */
        memset(buf, 0xff, len);
        return MEMTX_DECODE_ERROR;
    }
    return address_space_read(as, addr, attrs, buf, len);
}

MemTxResult dma_memory_write(AddressSpace *as, dma_addr_t addr, const void *buf,
                             dma_addr_t len, MemTxAttrs attrs)
{
    if (dma_wraps(as, addr, len, true)) {
        return MEMTX_DECODE_ERROR;
    }
    return address_space_write(as, addr, attrs, buf, len);
}

/*
 * Range by range of the flat view: RAM is set in one memset, a hole is
 * skipped whole (one log line), anything else is written 512 bytes at a
 * time.  A guest may ask for gigabytes (fw_cfg DMA reads of nothing):
 * per-chunk writes over holes took seconds.
 */
MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs)
{
    uint8_t fill[512];
    MemTxResult r = MEMTX_OK;

    if (dma_wraps(as, addr, len, true)) {
        return MEMTX_DECODE_ERROR;
    }
    memset(fill, c, sizeof(fill));
    while (len > 0) {
        hwaddr next = 0;
        bool has_next = false;
        FlatView *fv;
        const FlatRange *fr;
        uint64_t l = len;

        mem_rcu_read_lock();
        fv = address_space_get_view(as);
        fr = fv ? flatview_lookup(fv, addr, &next, &has_next) : NULL;
        if (!fr) {
            if (has_next && next - addr < l) {
                l = next - addr;
            }
            qemu_log_mask(LOG_GUEST_ERROR,
                          "Invalid write at addr 0x%" HWADDR_PRIX
                          ", size %" PRIu64 ", address space '%s', "
                          "reason: unassigned\n",
                          (hwaddr)addr, l, as->name);
            r |= MEMTX_DECODE_ERROR;
        } else {
            uint64_t avail = fr->last - addr + 1; /* 0: all 2^64 bytes */

            if (avail && avail < l) {
                l = avail;
            }
            if (fr->mr->ram && !fr->readonly) {
                memset(fr->mr->ram_ptr + fr->offset_in_region +
                           (addr - fr->start),
                       c, l);
                ram_written(as, addr, l);
            } else {
                l = MIN(l, sizeof(fill));
                r |= flatview_rw(as, fv, addr, attrs, fill, l, true, false);
            }
        }
        mem_rcu_read_unlock();
        addr += l;
        len -= l;
    }
    return r;
}

bool dma_memory_valid(AddressSpace *as, dma_addr_t addr, dma_addr_t len,
                      bool is_write)
{
    FlatView *fv;
    bool ok = true;

    if (len && addr + (len - 1) < addr) {
        return false;
    }
    mem_rcu_read_lock();
    fv = address_space_get_view(as);
    while (len > 0) {
        const FlatRange *fr = fv ? flatview_lookup(fv, addr, NULL, NULL) : NULL;
        uint64_t avail;

        if (!fr || (is_write && fr->readonly)) {
            ok = false;
            break;
        }
        avail = fr->last - addr + 1;
        if (!avail || avail >= len) {
            break;
        }
        addr += avail;
        len -= avail;
    }
    mem_rcu_read_unlock();
    return ok;
}
