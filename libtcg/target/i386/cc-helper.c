/*
 * Lazy flags: CF PF AF ZF SF OF from (cc_op, cc_dst, cc_src, cc_src2)
 * (the table is in translate.h), and the conversions between the
 * architectural EFLAGS and the form TCG runs with.
 */
#include "translate.h"

/* ZF, SF and PF of a result of size bits (mask already applied). */
static uint32_t zsp(uint32_t res, int bits)
{
    /* PF: even number of ones in the low byte. */
    uint32_t f = __builtin_parity(res & 0xff) ? 0 : CC_P;

    if (res == 0) {
        f |= CC_Z;
    }
    if (res >> (bits - 1)) {
        f |= CC_S;
    }
    return f;
}

static uint32_t compute_all(uint32_t op, uint32_t dst, uint32_t src,
                            uint32_t src2)
{
    int bits, ot;
    uint32_t mask, sign, src1, f = 0, raw_src = src;

    if (op == CC_OP_EFLAGS) {
        return src & CC_ALL;
    }
    if (op < CC_OP_ADDB || op >= CC_OP_NB) {
        return 0; /* CC_OP_DYNAMIC in env is a translator bug */
    }
    ot = cc_op_size(op);
    bits = 8 << ot;
    mask = ot == MO_32 ? 0xffffffffu : (1u << bits) - 1;
    sign = 1u << (bits - 1);
    dst &= mask;
    src &= mask;
    switch ((op - CC_OP_ADDB) / 3 * 3 + CC_OP_ADDB) {
    case CC_OP_ADDB:
        src1 = (dst - src) & mask;
        f = dst < src ? CC_C : 0;
        f |= (~(src1 ^ src) & (src1 ^ dst) & sign) ? CC_O : 0;
        break;
    case CC_OP_ADCB:
        src1 = (dst - src - src2) & mask;
        f = (src2 ? dst <= src : dst < src) ? CC_C : 0;
        f |= (~(src1 ^ src) & (src1 ^ dst) & sign) ? CC_O : 0;
        break;
    case CC_OP_SUBB:
        src1 = (dst + src) & mask;
        f = src1 < src ? CC_C : 0;
        f |= ((src1 ^ src) & (src1 ^ dst) & sign) ? CC_O : 0;
        break;
    case CC_OP_SBBB:
        src1 = (dst + src + src2) & mask;
        f = (src2 ? src1 <= src : src1 < src) ? CC_C : 0;
        f |= ((src1 ^ src) & (src1 ^ dst) & sign) ? CC_O : 0;
        break;
    case CC_OP_LOGICB:
        return zsp(dst, bits);
    case CC_OP_INCB:
        f = (src ? CC_C : 0) | (dst == sign ? CC_O : 0);
        f |= (dst ^ (dst - 1)) & CC_A;
        return f | zsp(dst, bits);
    case CC_OP_DECB:
        f = (src ? CC_C : 0) | (dst == sign - 1 ? CC_O : 0);
        f |= (dst ^ (dst + 1)) & CC_A;
        return f | zsp(dst, bits);
    case CC_OP_SHLB:
        f = (src & sign) ? CC_C : 0;
        f |= ((src ^ dst) & sign) ? CC_O : 0;
        return f | zsp(dst, bits);
    case CC_OP_SARB:
        f = (src & 1) ? CC_C : 0;
        f |= ((src ^ dst) & sign) ? CC_O : 0;
        return f | zsp(dst, bits);
    case CC_OP_MULB:
        /* src is an overflow indicator, wider than the operation */
        f = raw_src ? CC_C | CC_O : 0;
        return f | zsp(dst, bits);
    default:
        return 0;
    }
    /* ADD, ADC, SUB, SBB: AF is the carry out of bit 3. */
    return f | ((src1 ^ src ^ dst) & CC_A) | zsp(dst, bits);
}

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint64_t op)
{
    return compute_all(op, dst, src, src2);
}
DEF_HELPER_INFO(cc_compute_all, TCG_CALL_PURE, 4, true);

uint32_t cpu_cc_compute_all(CPUX86State *env)
{
    return compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
}

uint32_t cpu_compute_eflags(CPUX86State *env)
{
    return (uint32_t)env->eflags | cpu_cc_compute_all(env) |
           (env->df < 0 ? DF_MASK : 0) | RFLAGS_FIXED;
}

void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask)
{
    uint32_t cc = cpu_cc_compute_all(env);

    cc = (cc & ~update_mask) | (eflags & update_mask & CC_ALL);
    env->cc_src = cc;
    env->cc_op = CC_OP_EFLAGS;
    if (update_mask & DF_MASK) {
        env->df = (eflags & DF_MASK) ? -1 : 1;
    }
    update_mask &= ~(CC_ALL | DF_MASK);
    env->eflags =
        ((env->eflags & ~update_mask) | (eflags & update_mask)) | RFLAGS_FIXED;
}

void x86_cpu_exec_enter(CPUX86State *env)
{
    env->cc_src = env->eflags & CC_ALL;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (env->eflags & DF_MASK) ? -1 : 1;
    env->eflags &= ~(uint64_t)(CC_ALL | DF_MASK);
}

void x86_cpu_exec_exit(CPUX86State *env)
{
    env->eflags = cpu_compute_eflags(env);
}

uint64_t helper_read_eflags(uint64_t env)
{
    return cpu_compute_eflags((CPUX86State *)(uintptr_t)env);
}
DEF_HELPER_INFO(read_eflags, TCG_CALL_NO_WRITE_GLOBALS, 1, true);

uint64_t helper_write_eflags(uint64_t env, uint64_t val, uint64_t mask)
{
    cpu_load_eflags((CPUX86State *)(uintptr_t)env, val, mask);
    return 0;
}
DEF_HELPER_INFO(write_eflags, 0, 3, false);
