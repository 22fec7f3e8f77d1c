/*
 * Segment checks of data accesses (Intel SDM vol. 3A, 5.3 and 5.4.1;
 * vol. 2, the #GP and #SS rows of each instruction): the operand's bytes
 * must lie within the limit (above it for expand-down data), the segment
 * must allow the access (no writes to code or read-only data, no reads
 * of execute-only code), and DS/ES/FS/GS must not hold a null selector
 * in protected mode.  #SS(0) through SS, #GP(0) otherwise.  Called only
 * for segments HF_SEGCHK marks; EIP and CC_OP are synced.
 */
#include "translate.h"

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))

uint64_t helper_seg_check(uint64_t e, uint64_t addr, uint64_t desc)
{
    CPUX86State *env = ENV(e);
    int seg = desc & 7;
    bool write = desc & 8;
    uint32_t size = desc >> 4;
    const SegmentCache *sc = &env->segs[seg];
    uint32_t off = (uint32_t)addr - (uint32_t)sc->base;
    uint64_t last = (uint64_t)off + size - 1;
    bool code = sc->flags & DESC_CS_MASK;
    bool pm = (env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK);
    bool ok;

    if (pm && ((seg != R_CS && !(sc->selector & ~3)) ||
               (code && (write || !(sc->flags & DESC_R_MASK))) ||
               (!code && write && !(sc->flags & DESC_W_MASK)))) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!code && (sc->flags & DESC_E_MASK)) {
        /* Expand-down: limit+1 up to 64 KiB or 4 GiB (the B bit). */
        uint32_t upper = sc->flags & DESC_B_MASK ? 0xffffffff : 0xffff;
        ok = off > sc->limit && last <= upper;
    } else {
        ok = last <= sc->limit;
    }
    if (!ok) {
        raise_exception_err(env, seg == R_SS ? EXCP0C_STACK : EXCP0D_GPF, 0);
    }
    return 0;
}
DEF_HELPER_INFO(seg_check, TCG_CALL_NO_WRITE_GLOBALS, 3, false);
