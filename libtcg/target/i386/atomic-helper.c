/*
 * Locked read-modify-write instructions (LOCK-prefixed ADD ... BTC, XCHG
 * with memory, XADD, CMPXCHG, CMPXCHG8B) as host atomic operations, so
 * that vCPU threads running at once never lose each other's updates
 * (Intel SDM vol. 3A, 9.1.2: the locked operation is atomic with respect
 * to every other processor's access to the same memory).
 *
 * The front end computes the operand and, from the old value a helper
 * returns, the result and the flags exactly as for the unlocked form;
 * the helper only does the memory part.  The engine's
 * atomic_mmu_lookup() gives the host address (the page made writable
 * first, #PF as for a store) and atomic_mmu_written() then invalidates
 * translated code on the bytes.  An
 * operand that is not plain RAM in one host range (MMIO, ROM, a page
 * crossing into memory that is not adjacent on the host) is read and
 * written under the big lock instead: devices only run under it.
 *
 * The front end has stored EIP and CC_OP before calling (x86-tcg.h).
 */
#include <string.h>

#include "translate.h"
#include "tcg/cpu-exec.h"
#include "util/main-loop.h"

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))
/* The address just after the call in generated code (JIT). */
#define GETPC() ((uintptr_t)__builtin_return_address(0))

static uint64_t size_mask(MemOp ot)
{
    return ot == MO_64 ? UINT64_MAX : (1ULL << (8 << ot)) - 1;
}

/* The value an ATOMIC_* operation leaves in memory. */
static uint64_t rmw_result(int op, uint64_t old, uint64_t val)
{
    switch (op) {
    case ATOMIC_ADD:
        return old + val;
    case ATOMIC_AND:
        return old & val;
    case ATOMIC_OR:
        return old | val;
    case ATOMIC_XOR:
        return old ^ val;
    case ATOMIC_NEG:
        return -old;
    default: /* ATOMIC_XCHG */
        return val;
    }
}

/*
 * Compare-and-exchange of size bytes at host address p, which need not
 * be aligned: x86 hosts lock an unaligned operand too (a bus lock when
 * it spans two cache lines), which a C atomic on a misaligned object
 * does not promise.
 */
static bool host_cmpxchg(void *p, MemOp ot, uint64_t *expected,
                         uint64_t desired)
{
    bool ok;

    if (((uintptr_t)p & ((1u << ot) - 1)) == 0) {
        switch (ot) {
        case MO_8: {
            uint8_t e = *expected;
            ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired,
                                             false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            *expected = e;
            return ok;
        }
        case MO_16: {
            uint16_t e = *expected;
            ok = __atomic_compare_exchange_n(
                (uint16_t *)p, &e, (uint16_t)desired, false, __ATOMIC_SEQ_CST,
                __ATOMIC_SEQ_CST);
            *expected = e;
            return ok;
        }
        case MO_32: {
            uint32_t e = *expected;
            ok = __atomic_compare_exchange_n(
                (uint32_t *)p, &e, (uint32_t)desired, false, __ATOMIC_SEQ_CST,
                __ATOMIC_SEQ_CST);
            *expected = e;
            return ok;
        }
        default:
            return __atomic_compare_exchange_n((uint64_t *)p, expected, desired,
                                               false, __ATOMIC_SEQ_CST,
                                               __ATOMIC_SEQ_CST);
        }
    }
#if defined(__x86_64__)
    switch (ot) {
    case MO_16: {
        uint16_t e = *expected;
        __asm__ volatile("lock cmpxchgw %3, %1"
                         : "+a"(e), "+m"(*(uint16_t *)p), "=@ccz"(ok)
                         : "r"((uint16_t)desired)
                         : "memory");
        *expected = e;
        return ok;
    }
    case MO_32: {
        uint32_t e = *expected;
        __asm__ volatile("lock cmpxchgl %3, %1"
                         : "+a"(e), "+m"(*(uint32_t *)p), "=@ccz"(ok)
                         : "r"((uint32_t)desired)
                         : "memory");
        *expected = e;
        return ok;
    }
    default: {
        uint64_t e = *expected;
        __asm__ volatile("lock cmpxchgq %3, %1"
                         : "+a"(e), "+m"(*(uint64_t *)p), "=@ccz"(ok)
                         : "r"(desired)
                         : "memory");
        *expected = e;
        return ok;
    }
    }
#else
#error "locked accesses need an x86-64 host (unaligned lock cmpxchg)"
#endif
}

static uint64_t host_load(const void *p, MemOp ot)
{
    uint64_t v = 0;

    memcpy(&v, p, 1u << ot); /* little-endian host; a start value only */
    return v;
}

/* The read-modify-write on host memory; returns the old value. */
static uint64_t host_rmw(void *p, int op, MemOp ot, uint64_t val)
{
    uint64_t old;

    /* The common aligned 32-bit forms map onto single host instructions. */
    if (ot == MO_32 && ((uintptr_t)p & 3) == 0) {
        uint32_t *q = p;

        switch (op) {
        case ATOMIC_ADD:
            return __atomic_fetch_add(q, (uint32_t)val, __ATOMIC_SEQ_CST);
        case ATOMIC_XCHG:
            return __atomic_exchange_n(q, (uint32_t)val, __ATOMIC_SEQ_CST);
        default:
            break;
        }
    }
    old = host_load(p, ot);
    while (
        !host_cmpxchg(p, ot, &old, rmw_result(op, old, val) & size_mask(ot))) {
        continue; /* old now holds the current value */
    }
    return old;
}

/*
 * Not one range of host RAM: load and store through the TLB under the big
 * lock, which every device access and every other CPU's access to such
 * memory takes too.  The store always happens (CMPXCHG writes the old
 * value back when the compare fails, as the processor does).
 */
static uint64_t locked_rmw_slow(CPUX86State *env, uint64_t addr, MemOp ot,
                                unsigned mmu_idx, uintptr_t ra, int op,
                                uint64_t val, const uint64_t *cmp)
{
    bool locked = qemu_mutex_iothread_locked();
    uint64_t old, nv;

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    old = cpu_ld_mmu(env, addr, MO_LE | ot, mmu_idx, ra);
    if (cmp) {
        nv = old == *cmp ? val : old;
    } else {
        nv = rmw_result(op, old, val) & size_mask(ot);
    }
    cpu_st_mmu(env, addr, nv, MO_LE | ot, mmu_idx, ra);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return old;
}

uint64_t helper_atomic_rmw(uint64_t envp, uint64_t addr, uint64_t val,
                           uint64_t desc)
{
    CPUX86State *env = ENV(envp);
    uintptr_t ra = GETPC();
    int op = desc & 15;
    MemOp ot = (desc >> 4) & 3;
    unsigned mmu_idx = desc >> 8;
    void *p = atomic_mmu_lookup(env, addr, 1u << ot, mmu_idx, ra);

    uint64_t old;

    val &= size_mask(ot);
    if (!p) {
        return locked_rmw_slow(env, addr, ot, mmu_idx, ra, op, val, NULL);
    }
    old = host_rmw(p, op, ot, val);
    atomic_mmu_written(env, addr, 1u << ot, mmu_idx);
    return old;
}

/* CMPXCHG (sizes 8 to 32 bits) and CMPXCHG8B: the old value. */
uint64_t helper_atomic_cmpxchg(uint64_t envp, uint64_t addr, uint64_t cmp,
                               uint64_t nv, uint64_t desc)
{
    CPUX86State *env = ENV(envp);
    uintptr_t ra = GETPC();
    MemOp ot = (desc >> 4) & 3;
    unsigned mmu_idx = desc >> 8;
    void *p = atomic_mmu_lookup(env, addr, 1u << ot, mmu_idx, ra);
    uint64_t old = cmp & size_mask(ot);

    nv &= size_mask(ot);
    if (!p) {
        return locked_rmw_slow(env, addr, ot, mmu_idx, ra, 0, nv, &old);
    }
    if (host_cmpxchg(p, ot, &old, nv)) {
        atomic_mmu_written(env, addr, 1u << ot, mmu_idx);
    }
    return old;
}

/* May raise #PF: reads the globals (synced), writes none. */
DEF_HELPER_INFO(atomic_rmw, TCG_CALL_NO_WRITE_GLOBALS, 4, true);
DEF_HELPER_INFO(atomic_cmpxchg, TCG_CALL_NO_WRITE_GLOBALS, 5, true);
