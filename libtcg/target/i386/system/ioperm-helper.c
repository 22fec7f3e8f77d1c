/*
 * The I/O permission check of IN, OUT, INS and OUTS when CPL > IOPL or
 * in virtual-8086 mode (Intel SDM vol. 1, 19.5): every port the access
 * covers must have a clear bit in the current 32-bit TSS's I/O
 * permission bitmap, else #GP(0).  The front end calls this only when
 * IOPL does not already allow the access.
 */
#include "x86-system.h"

/* The I/O map base address field of a 32-bit TSS. */
#define TSS_IOMAP_BASE 0x66

uint64_t helper_check_io(uint64_t env_, uint64_t port, uint64_t size)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 15;
    uint32_t base, addr, bits;

    /* A 16-bit TSS has no bitmap: nothing is allowed. */
    if (!(env->tr.flags & DESC_P_MASK) ||
        (type != DESC_TYPE_TSS32_AVAIL && type != DESC_TYPE_TSS32_BUSY) ||
        env->tr.limit < TSS_IOMAP_BASE + 1) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    base = x86_lduw_kernel(env, env->tr.base + TSS_IOMAP_BASE);
    addr = base + (uint32_t)(port >> 3);
    /* Two bytes are read: the ports may straddle a byte boundary. */
    if (addr + 1 > env->tr.limit) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    bits = x86_lduw_kernel(env, env->tr.base + addr);
    if ((bits >> (port & 7)) & ((1u << size) - 1)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    return 0;
}

const TCGHelperInfo helper_info_check_io = {
    .func = (void (*)(void))helper_check_io,
    .name = "check_io",
    .nb_args = 3,
};
