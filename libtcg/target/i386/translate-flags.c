/*
 * Lazy flags in generated code: recording the last flag-setting
 * operation, and evaluating conditions (Jcc, SETcc, CMOVcc) straight from
 * its operands when the operation is known at translation time, so that
 * CMP + Jcc is one compare and no EFLAGS is ever built.
 */
#include "translate.h"

/*
 * cpu_cc_op is a global: each change is a movi that liveness deletes when
 * the next flag-setting instruction overwrites it before anything (a
 * helper, a fault, the end of the block) reads it.
 */
void set_cc_op(DisasContext *s, CCOp op)
{
    if (s->cc_op != op) {
        if (op != CC_OP_DYNAMIC) {
            tcg_gen_movi_i32(cpu_cc_op, op);
        }
        s->cc_op = op;
    }
}

static TCGv_i32 cc_op_arg(DisasContext *s)
{
    return s->cc_op == CC_OP_DYNAMIC ? cpu_cc_op : tcg_constant_i32(s->cc_op);
}

void gen_compute_eflags(DisasContext *s)
{
    TCGv_i32 t;

    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    t = new_tmp();
    gen_helper(&helper_info_cc_compute_all, t.n, 4, cpu_cc_dst.n, cpu_cc_src.n,
               cpu_cc_src2.n, cc_op_arg(s).n);
    tcg_gen_mov_i32(cpu_cc_src, t);
    s->cc_op = CC_OP_DYNAMIC; /* force the movi */
    set_cc_op(s, CC_OP_EFLAGS);
}

/* Sign-extend v of size ot (I32 values are zero-extended). */
static TCGv_i32 sext(MemOp ot, TCGv_i32 v)
{
    TCGv_i32 t;

    if (ot == MO_32) {
        return v;
    }
    t = new_tmp();
    gen_ext(ot, t, v, true);
    return t;
}

static CCPrepare prep(TCGCond c, TCGv_i32 a, TCGv_i32 b)
{
    return (CCPrepare){.cond = c, .a = a, .b = b};
}

/* The full flags in a temp, then a bit test. */
static CCPrepare prepare_slow(DisasContext *s, int jcc)
{
    TCGv_i32 f, t = new_tmp();

    if (s->cc_op == CC_OP_EFLAGS) {
        f = cpu_cc_src;
    } else {
        f = new_tmp();
        gen_helper(&helper_info_cc_compute_all, f.n, 4, cpu_cc_dst.n,
                   cpu_cc_src.n, cpu_cc_src2.n, cc_op_arg(s).n);
    }
    switch (jcc) {
    case 0: /* O */
        tcg_gen_andi_i32(t, f, CC_O);
        break;
    case 1: /* B */
        tcg_gen_andi_i32(t, f, CC_C);
        break;
    case 2: /* Z */
        tcg_gen_andi_i32(t, f, CC_Z);
        break;
    case 3: /* BE */
        tcg_gen_andi_i32(t, f, CC_C | CC_Z);
        break;
    case 4: /* S */
        tcg_gen_andi_i32(t, f, CC_S);
        break;
    case 5: /* P */
        tcg_gen_andi_i32(t, f, CC_P);
        break;
    case 6:                        /* L: SF != OF */
        tcg_gen_shri_i32(t, f, 4); /* OF (bit 11) onto SF (bit 7) */
        tcg_gen_xor_i32(t, t, f);
        tcg_gen_andi_i32(t, t, CC_S);
        break;
    default: { /* LE: ZF or SF != OF */
        TCGv_i32 z = new_tmp();
        tcg_gen_shri_i32(t, f, 4);
        tcg_gen_xor_i32(t, t, f);
        tcg_gen_andi_i32(t, t, CC_S);
        tcg_gen_andi_i32(z, f, CC_Z);
        tcg_gen_or_i32(t, t, z);
        break;
    }
    }
    return prep(TCG_COND_NE, t, tcg_constant_i32(0));
}

/*
 * CF alone, without the flags helper, for the groups whose carry is one
 * comparison (the rules of cc-helper.c's compute_all).
 */
static CCPrepare prepare_carry(DisasContext *s, int group, MemOp ot)
{
    TCGv_i32 t = new_tmp(), u = new_tmp();
    TCGv_i32 zero = tcg_constant_i32(0);

    switch (group) {
    case CC_OP_INCB:
    case CC_OP_DECB:
    case CC_OP_MULB:
        /* INC/DEC keep the old CF in src; MUL's src is its overflow. */
        return prep(TCG_COND_NE, cpu_cc_src, zero);
    case CC_OP_SHLB:
        /* src is the value shifted by count - 1: its sign bit went out. */
        tcg_gen_andi_i32(t, cpu_cc_src, 1u << ((8 << ot) - 1));
        return prep(TCG_COND_NE, t, zero);
    case CC_OP_SARB:
        tcg_gen_andi_i32(t, cpu_cc_src, 1);
        return prep(TCG_COND_NE, t, zero);
    case CC_OP_ADCB:
    case CC_OP_SBBB: {
        /* ADC: dst <= src with a carry in (src2), dst < src without;
         * SBB the same on the first operand dst + src + src2. */
        TCGv_i32 a = new_tmp(), b = new_tmp();
        if (group == CC_OP_ADCB) {
            gen_ext(ot, a, cpu_cc_dst, false);
        } else {
            tcg_gen_add_i32(a, cpu_cc_dst, cpu_cc_src);
            tcg_gen_add_i32(a, a, cpu_cc_src2);
            gen_ext(ot, a, a, false);
        }
        gen_ext(ot, b, cpu_cc_src, false);
        tcg_gen_setcond_i32(TCG_COND_LEU, t, a, b);
        tcg_gen_setcond_i32(TCG_COND_LTU, u, a, b);
        tcg_gen_movcond_i32(TCG_COND_NE, t, cpu_cc_src2, zero, t, u);
        return prep(TCG_COND_NE, t, zero);
    }
    default:
        return prepare_slow(s, 1);
    }
}

/*
 * Condition b (the low nibble of Jcc: 0 O, 2 B, 4 Z, 6 BE, 8 S, A P,
 * C L, E LE; odd: negated) as a comparison of two temps.
 */
CCPrepare gen_prepare_cc(DisasContext *s, int b)
{
    int jcc = (b >> 1) & 7;
    bool inv = b & 1;
    CCOp op = s->cc_op;
    CCPrepare p;
    TCGv_i32 zero = tcg_constant_i32(0);
    MemOp ot = op >= CC_OP_ADDB && op < CC_OP_NB ? cc_op_size(op) : MO_32;
    int group = op >= CC_OP_ADDB && op < CC_OP_NB
                    ? (op - CC_OP_ADDB) / 3 * 3 + CC_OP_ADDB
                    : op;
    bool zs = group == CC_OP_ADDB || group == CC_OP_ADCB ||
              group == CC_OP_SUBB || group == CC_OP_SBBB ||
              group == CC_OP_LOGICB || group == CC_OP_INCB ||
              group == CC_OP_DECB || group == CC_OP_SHLB ||
              group == CC_OP_SARB || group == CC_OP_MULB;

    if (zs && jcc == 2) {
        p = prep(TCG_COND_EQ, cpu_cc_dst, zero);
    } else if (zs && jcc == 4) {
        p = prep(TCG_COND_LT, sext(ot, cpu_cc_dst), zero);
    } else if (group == CC_OP_SUBB && jcc != 0 && jcc != 5) {
        /* CMP/SUB: compare the first operand (dst + src) with src. */
        TCGv_i32 a = new_tmp();
        tcg_gen_add_i32(a, cpu_cc_dst, cpu_cc_src);
        gen_ext(ot, a, a, false);
        switch (jcc) {
        case 1:
            p = prep(TCG_COND_LTU, a, cpu_cc_src);
            break;
        case 3:
            p = prep(TCG_COND_LEU, a, cpu_cc_src);
            break;
        case 6:
            p = prep(TCG_COND_LT, sext(ot, a), sext(ot, cpu_cc_src));
            break;
        default:
            p = prep(TCG_COND_LE, sext(ot, a), sext(ot, cpu_cc_src));
            break;
        }
    } else if (group == CC_OP_ADDB && jcc == 1) {
        p = prep(TCG_COND_LTU, cpu_cc_dst, cpu_cc_src);
    } else if (jcc == 1 && group != CC_OP_LOGICB && op >= CC_OP_ADDB &&
               op < CC_OP_NB) {
        p = prepare_carry(s, group, ot);
    } else if (group == CC_OP_LOGICB && jcc != 5) {
        /* CF = OF = 0. */
        switch (jcc) {
        case 0:
        case 1:
            p = prep(TCG_COND_NE, zero, zero);
            break;
        case 3:
            p = prep(TCG_COND_EQ, cpu_cc_dst, zero);
            break;
        case 6:
            p = prep(TCG_COND_LT, sext(ot, cpu_cc_dst), zero);
            break;
        default:
            p = prep(TCG_COND_LE, sext(ot, cpu_cc_dst), zero);
            break;
        }
    } else if (op == CC_OP_EFLAGS && jcc != 6 && jcc != 7) {
        static const uint32_t bit[8] = {CC_O,        CC_C, CC_Z,
                                        CC_C | CC_Z, CC_S, CC_P};
        TCGv_i32 t = new_tmp();
        tcg_gen_andi_i32(t, cpu_cc_src, bit[jcc]);
        p = prep(TCG_COND_NE, t, zero);
    } else {
        p = prepare_slow(s, jcc);
    }
    if (inv) {
        p.cond = tcg_invert_cond(p.cond);
    }
    return p;
}

void gen_setcc(DisasContext *s, int b, TCGv_i32 d)
{
    CCPrepare p = gen_prepare_cc(s, b);

    tcg_gen_setcond_i32(p.cond, d, p.a, p.b);
}

void gen_jcc_label(DisasContext *s, int b, TCGLabel *l)
{
    CCPrepare p = gen_prepare_cc(s, b);

    tcg_gen_brcond_i32(p.cond, p.a, p.b, l);
}

void gen_compute_c(DisasContext *s, TCGv_i32 d)
{
    gen_setcc(s, 2, d);
}

void gen_set_zf(DisasContext *s, TCGv_i32 z)
{
    gen_compute_eflags(s);
    tcg_gen_andi_i32(cpu_cc_src, cpu_cc_src, ~CC_Z);
    tcg_gen_shli_i32(z, z, 6);
    tcg_gen_or_i32(cpu_cc_src, cpu_cc_src, z);
}
