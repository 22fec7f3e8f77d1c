/*
 * Integer helpers too long to emit inline: DIV/IDIV with their #DE
 * checks (Intel SDM vol. 2A, DIV/IDIV: a zero divisor or a quotient that
 * does not fit raises #DE), and the rotates, whose flags depend on the
 * masked count.  The front end has synced EIP and CC_OP before calling.
 */
#include "translate.h"

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))
#define REG(env, r) ((env)->regs[r])

static void set_reg32(CPUX86State *env, int r, uint32_t v)
{
    env->regs[r] = (env->regs[r] & ~0xffffffffull) | v;
}

static void set_reg16(CPUX86State *env, int r, uint16_t v)
{
    env->regs[r] = (env->regs[r] & ~0xffffull) | v;
}

uint64_t helper_divb(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    uint32_t num = REG(env, R_EAX) & 0xffff, den = val & 0xff, q;

    if (den == 0 || (q = num / den) > 0xff) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg16(env, R_EAX, (uint16_t)(((num % den) << 8) | q));
    return 0;
}
DEF_HELPER_INFO(divb, 0, 2, false);

uint64_t helper_idivb(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    int32_t num = (int16_t)REG(env, R_EAX), den = (int8_t)val, q;

    if (den == 0) {
        raise_exception(env, EXCP00_DIVZ);
    }
    q = num / den;
    if (q != (int8_t)q) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg16(env, R_EAX, (uint16_t)((((num % den) & 0xff) << 8) | (q & 0xff)));
    return 0;
}
DEF_HELPER_INFO(idivb, 0, 2, false);

uint64_t helper_divw(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    uint32_t num = (uint32_t)(REG(env, R_EAX) & 0xffff) |
                   (uint32_t)(REG(env, R_EDX) & 0xffff) << 16;
    uint32_t den = val & 0xffff, q;

    if (den == 0 || (q = num / den) > 0xffff) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg16(env, R_EAX, (uint16_t)q);
    set_reg16(env, R_EDX, (uint16_t)(num % den));
    return 0;
}
DEF_HELPER_INFO(divw, 0, 2, false);

uint64_t helper_idivw(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    int32_t num = (int32_t)((uint32_t)(REG(env, R_EAX) & 0xffff) |
                            (uint32_t)(REG(env, R_EDX) & 0xffff) << 16);
    int32_t den = (int16_t)val, q;

    /* INT32_MIN / -1 would trap on the host: its quotient never fits. */
    if (den == 0 || (den == -1 && num == INT32_MIN)) {
        raise_exception(env, EXCP00_DIVZ);
    }
    q = num / den;
    if (q != (int16_t)q) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg16(env, R_EAX, (uint16_t)q);
    set_reg16(env, R_EDX, (uint16_t)(num % den));
    return 0;
}
DEF_HELPER_INFO(idivw, 0, 2, false);

uint64_t helper_divl(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    uint64_t num =
        (REG(env, R_EAX) & 0xffffffffu) | (REG(env, R_EDX) & 0xffffffffu) << 32;
    uint64_t den = val & 0xffffffffu, q;

    if (den == 0 || (q = num / den) > 0xffffffffu) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg32(env, R_EAX, (uint32_t)q);
    set_reg32(env, R_EDX, (uint32_t)(num % den));
    return 0;
}
DEF_HELPER_INFO(divl, 0, 2, false);

uint64_t helper_idivl(uint64_t e, uint64_t val)
{
    CPUX86State *env = ENV(e);
    int64_t num = (int64_t)((REG(env, R_EAX) & 0xffffffffu) |
                            (REG(env, R_EDX) & 0xffffffffu) << 32);
    int64_t den = (int32_t)val, q;

    if (den == 0 || (den == -1 && num == INT64_MIN)) {
        raise_exception(env, EXCP00_DIVZ);
    }
    q = num / den;
    if (q != (int32_t)q) {
        raise_exception(env, EXCP00_DIVZ);
    }
    set_reg32(env, R_EAX, (uint32_t)q);
    set_reg32(env, R_EDX, (uint32_t)(num % den));
    return 0;
}
DEF_HELPER_INFO(idivl, 0, 2, false);

/*
 * Intel SDM vol. 2B, RCL/RCR/ROL/ROR: the count is masked to 5 bits; a
 * masked count of 0 changes nothing, flags included.  RCL/RCR rotate
 * size + 1 bits (CF included).  OF is defined for a count of 1 only;
 * for other counts it gets the same formula, which is what the Intel
 * hosts we compared against do (MSB(result) XOR CF for ROL/RCL, the XOR
 * of the two top result bits for ROR/RCR).
 */
uint64_t helper_rotate(uint64_t e, uint64_t val, uint64_t count,
                       uint64_t ot_kind)
{
    CPUX86State *env = ENV(e);
    int bits = 8 << (ot_kind & 3), kind = (ot_kind >> 2) & 3;
    uint64_t mask = (1ull << bits) - 1, x = val & mask, res;
    uint32_t fl = cpu_cc_compute_all(env), cf = fl & CC_C, msb, msb2;
    unsigned c = count & 0x1f;

    if (c == 0) {
        env->cc_src = fl;
        env->cc_op = CC_OP_EFLAGS;
        return x;
    }
    switch (kind) {
    case 0: /* ROL */
        c %= bits;
        res = ((x << c) | (x >> ((bits - c) % bits))) & mask;
        cf = res & 1;
        break;
    case 1: /* ROR */
        c %= bits;
        res = ((x >> c) | (x << ((bits - c) % bits))) & mask;
        cf = (res >> (bits - 1)) & 1;
        break;
    case 2: /* RCL: rotate the bits+1-bit value CF:x left */
        c %= bits + 1;
        x |= (uint64_t)cf << bits;
        res = ((x << c) | (x >> ((bits + 1 - c) % (bits + 1)))) &
              ((mask << 1) | 1);
        cf = (res >> bits) & 1;
        res &= mask;
        break;
    default: /* RCR */
        c %= bits + 1;
        x |= (uint64_t)cf << bits;
        res = ((x >> c) | (x << ((bits + 1 - c) % (bits + 1)))) &
              ((mask << 1) | 1);
        cf = (res >> bits) & 1;
        res &= mask;
        break;
    }
    msb = (res >> (bits - 1)) & 1;
    msb2 = (res >> (bits - 2)) & 1;
    fl &= ~(CC_C | CC_O);
    fl |= cf ? CC_C : 0;
    if (kind == 0 || kind == 2) {
        fl |= (msb ^ cf) ? CC_O : 0;
    } else {
        fl |= (msb ^ msb2) ? CC_O : 0;
    }
    env->cc_src = fl;
    env->cc_op = CC_OP_EFLAGS;
    return res;
}
DEF_HELPER_INFO(rotate, 0, 4, true);

/*
 * BCD adjustments (Intel SDM vol. 2A: DAA, DAS, AAA, AAS, AAM, AAD), on
 * AL/AH with the flags in EFLAGS form.  The flags the SDM leaves
 * undefined get what the operation's result gives (SF ZF PF from AL) or
 * 0 (OF, and CF AF for AAM/AAD), as our Intel hosts do.
 */
static uint32_t zsp8(uint8_t v)
{
    return (v ? 0 : CC_Z) | (v & 0x80 ? CC_S : 0) |
           (__builtin_parity(v) ? 0 : CC_P);
}

uint64_t helper_bcd(uint64_t e, uint64_t op, uint64_t imm)
{
    CPUX86State *env = ENV(e);
    uint32_t fl = cpu_cc_compute_all(env);
    uint16_t ax = env->regs[R_EAX] & 0xffff;
    uint8_t al = ax & 0xff, old_al = al;
    bool cf = fl & CC_C, af = fl & CC_A;

    switch (op) {
    case BCD_DAA:
    case BCD_DAS: {
        bool new_cf = false;
        if ((al & 0xf) > 9 || af) {
            new_cf = op == BCD_DAA ? al > 0xf9 : al < 6;
            al = op == BCD_DAA ? al + 6 : al - 6;
            new_cf |= cf;
            af = true;
        } else {
            af = false;
        }
        if (old_al > 0x99 || cf) {
            al = op == BCD_DAA ? al + 0x60 : al - 0x60;
            new_cf = true;
        } else if (op == BCD_DAA) {
            new_cf = false;
        }
        cf = new_cf;
        ax = (ax & 0xff00) | al;
        fl = zsp8(al);
        break;
    }
    case BCD_AAA:
    case BCD_AAS:
        if ((al & 0xf) > 9 || af) {
            ax = op == BCD_AAA ? ax + 0x106 : ax - 0x106;
            af = cf = true;
        } else {
            af = cf = false;
        }
        ax &= 0xff0f;
        fl = zsp8(ax & 0xff);
        break;
    case BCD_AAM:
        if ((imm & 0xff) == 0) {
            raise_exception(env, EXCP00_DIVZ);
        }
        ax = (uint16_t)((al / (imm & 0xff)) << 8 | (al % (imm & 0xff)));
        af = cf = false;
        fl = zsp8(ax & 0xff);
        break;
    default: /* AAD */
        al = (uint8_t)(al + (ax >> 8) * imm);
        ax = al;
        af = cf = false;
        fl = zsp8(al);
        break;
    }
    fl |= (cf ? CC_C : 0) | (af ? CC_A : 0);
    set_reg16(env, R_EAX, ax);
    env->cc_src = fl;
    env->cc_op = CC_OP_EFLAGS;
    return 0;
}
DEF_HELPER_INFO(bcd, 0, 3, false);
