/*
 * Value ops: each computes what tcg_eval_op() (tcg-eval.c) computes.  I32
 * ops use the 32-bit instruction forms, which zero-extend their result
 * (Intel SDM vol. 1, 3.4.1.1), so I32 values stay zero-extended.
 */
#include "codegen-internal.h"

#include "../tcg-internal.h"

static uint32_t bit(int r)
{
    return 1u << r;
}

static const int cond_cc[TCG_NB_CONDS] = {
    [TCG_COND_EQ] = JCC_E,  [TCG_COND_NE] = JCC_NE,  [TCG_COND_LT] = JCC_L,
    [TCG_COND_GE] = JCC_GE, [TCG_COND_LE] = JCC_LE,  [TCG_COND_GT] = JCC_G,
    [TCG_COND_LTU] = JCC_B, [TCG_COND_GEU] = JCC_AE, [TCG_COND_LEU] = JCC_BE,
    [TCG_COND_GTU] = JCC_A,
};

/* An immediate operand for a w-bit instruction, if t is such a constant. */
static bool imm_arg(CG *cg, TCGArg t, bool is64, int32_t *imm)
{
    uint64_t v;
    if (!ra_is_const(cg, t, &v) || (is64 && !cg_fits_s32(v))) {
        return false;
    }
    *imm = (int32_t)v;
    return true;
}

static void finish1(CG *cg, const TCGOp *op, int r)
{
    ra_free_dead_inputs(cg, op);
    ra_set_out(cg, op->args[0], r);
    ra_out_done(cg, op, 0);
}

static void finish2(CG *cg, const TCGOp *op, int r0, int r1)
{
    ra_free_dead_inputs(cg, op);
    ra_set_out(cg, op->args[0], r0);
    ra_set_out(cg, op->args[1], r1);
    ra_out_done(cg, op, 0);
    ra_out_done(cg, op, 1);
}

static void emit_not(CG *cg, bool is64, int r)
{
    cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), 2, r);
}

/* r &= imm for a w-bit value, through a scratch register if need be. */
static void emit_and_imm(CG *cg, bool is64, int r, uint64_t imm)
{
    if (!is64 || cg_fits_s32(imm)) {
        cg_arith_ri(&cg->o, ARITH_AND, is64, r, (int32_t)imm);
    } else if (imm == UINT32_MAX) {
        cg_mov_rr(&cg->o, false, r, r);
    } else {
        int s = ra_alloc(cg, bit(r));
        cg_movi(&cg->o, true, s, imm);
        cg_arith_rr(&cg->o, ARITH_AND, true, r, s);
    }
}

/* out = a OP b for the group 1 ops, then optionally not. */
static void gen_arith(CG *cg, const TCGOp *op, int arith, bool is64,
                      bool commutative, bool invert)
{
    int ia = 1, ib = 2, rb = -1;
    uint32_t avoid = 0;
    int32_t imm;
    uint64_t v;

    if (commutative && ra_is_const(cg, op->args[1], &v) &&
        !ra_is_const(cg, op->args[2], &v)) {
        ia = 2;
        ib = 1;
    }
    bool use_imm = imm_arg(cg, op->args[ib], is64, &imm);
    if (!use_imm) {
        rb = ra_load(cg, op->args[ib], 0);
        avoid = bit(rb);
    }
    int r = ra_dest_from(cg, op, ia, avoid);
    if (use_imm) {
        cg_arith_ri(&cg->o, arith, is64, r, imm);
    } else {
        cg_arith_rr(&cg->o, arith, is64, r, rb);
    }
    if (invert) {
        emit_not(cg, is64, r);
    }
    finish1(cg, op, r);
}

/* andc and orc: a OP ~b. */
static void gen_arith_c(CG *cg, const TCGOp *op, int arith, bool is64)
{
    uint64_t v;
    int r;

    if (ra_is_const(cg, op->args[2], &v) && (!is64 || cg_fits_s32(~v))) {
        r = ra_dest_from(cg, op, 1, 0);
        cg_arith_ri(&cg->o, arith, is64, r, (int32_t)~v);
    } else {
        int rb = ra_load(cg, op->args[2], 0);
        int t = ra_alloc(cg, 0);
        cg_mov_rr(&cg->o, true, t, rb);
        emit_not(cg, is64, t);
        r = ra_dest_from(cg, op, 1, bit(t));
        cg_arith_rr(&cg->o, arith, is64, r, t);
    }
    finish1(cg, op, r);
}

static void gen_mul(CG *cg, const TCGOp *op, bool is64)
{
    int32_t imm;
    int r;

    if (imm_arg(cg, op->args[2], is64, &imm)) {
        r = ra_dest_from(cg, op, 1, 0);
        cg_modrm_rr(&cg->o, 0x69 | P_W(is64), r, r);
        cg_emit32(&cg->o, imm);
    } else {
        int rb = ra_load(cg, op->args[2], 0);
        r = ra_dest_from(cg, op, 1, bit(rb));
        cg_modrm_rr(&cg->o, OPC_IMUL_GvEv | P_W(is64), r, rb);
    }
    finish1(cg, op, r);
}

static void gen_unary_grp3(CG *cg, const TCGOp *op, int ext, bool is64)
{
    int r = ra_dest_from(cg, op, 1, 0);
    cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), ext, r);
    finish1(cg, op, r);
}

static void gen_shift(CG *cg, const TCGOp *op, int shift, bool is64)
{
    unsigned w = is64 ? 64 : 32;
    TCGArg b = op->args[2];
    uint64_t v;
    int r;

    if (ra_is_const(cg, b, &v)) {
        r = ra_dest_from(cg, op, 1, 0);
        if (v & (w - 1)) {
            cg_shift_ri(&cg->o, shift, is64, r, v & (w - 1));
        }
        finish1(cg, op, r);
        return;
    }
    /* SDM: the count is masked to 5 (6 with REX.W) bits, as tcg-eval.c. */
    int rb = ra_load(cg, b, 0);
    if (rb != R_RCX) {
        cg->locked &= ~bit(rb);
        ra_take(cg, R_RCX);
        ra_copy(cg, b, R_RCX);
    }
    r = ra_dest_from(cg, op, 1, bit(R_RCX));
    cg_shift_cl(&cg->o, shift, is64, r);
    finish1(cg, op, r);
}

static size_t jcc_fwd(CG *cg, int cc)
{
    cg_jcc32(&cg->o, cc);
    return cg->o.off - 4;
}

static size_t jmp_fwd(CG *cg)
{
    cg_jmp32(&cg->o);
    return cg->o.off - 4;
}

static void bind_here(CG *cg, size_t rel)
{
    cg_patch32(&cg->o, rel, cg->o.off - (rel + 4));
}

/* div, divu, rem, remu with the results tcg-eval.c pins for / 0, MIN / -1. */
static void gen_div(CG *cg, const TCGOp *op, bool is64, bool is_signed,
                    bool want_rem)
{
    ra_take(cg, R_RAX);
    ra_take(cg, R_RDX);
    int rb = ra_load(cg, op->args[2], bit(R_RAX) | bit(R_RDX));
    ra_copy(cg, op->args[1], R_RAX);

    cg_modrm_rr(&cg->o, OPC_TESTL | P_W(is64), rb, rb);
    size_t to_zero = jcc_fwd(cg, JCC_E);
    size_t to_done1 = 0;
    if (is_signed) {
        cg_arith_ri(&cg->o, ARITH_CMP, is64, rb, -1);
        size_t to_do = jcc_fwd(cg, JCC_NE);
        if (want_rem) {
            cg_movi(&cg->o, false, R_RDX, 0);
        } else {
            cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), 3, R_RAX); /* wraps */
        }
        to_done1 = jmp_fwd(cg);
        bind_here(cg, to_do);
        if (is64) {
            cg_emit8(&cg->o, 0x48);
        }
        cg_emit8(&cg->o, 0x99); /* cdq / cqo */
        cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), 7, rb);
    } else {
        cg_movi(&cg->o, false, R_RDX, 0);
        cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), 6, rb);
    }
    size_t to_done2 = jmp_fwd(cg);
    bind_here(cg, to_zero);
    if (want_rem) {
        cg_mov_rr(&cg->o, true, R_RDX, R_RAX);
    } else {
        cg_movi(&cg->o, false, R_RAX, 0);
    }
    if (is_signed) {
        bind_here(cg, to_done1);
    }
    bind_here(cg, to_done2);
    finish1(cg, op, want_rem ? R_RDX : R_RAX);
}

static void gen_mul2(CG *cg, const TCGOp *op, bool is64, bool is_signed)
{
    ra_take(cg, R_RAX);
    ra_take(cg, R_RDX);
    int rb = ra_load(cg, op->args[3], bit(R_RAX) | bit(R_RDX));
    ra_copy(cg, op->args[2], R_RAX);
    cg_modrm_rr(&cg->o, OPC_GRP3 | P_W(is64), is_signed ? 5 : 4, rb);
    finish2(cg, op, R_RAX, R_RDX);
}

static void gen_addsub2(CG *cg, const TCGOp *op, bool is64, bool is_sub)
{
    int32_t imm_l, imm_h;
    bool il = imm_arg(cg, op->args[4], is64, &imm_l);
    bool ih = imm_arg(cg, op->args[5], is64, &imm_h);
    int rbl = il ? -1 : ra_load(cg, op->args[4], 0);
    int rbh = ih ? -1 : ra_load(cg, op->args[5], 0);
    int rl = ra_alloc(cg, 0), rh = ra_alloc(cg, 0);

    ra_copy(cg, op->args[2], rl);
    ra_copy(cg, op->args[3], rh);
    if (il) {
        cg_arith_ri(&cg->o, is_sub ? ARITH_SUB : ARITH_ADD, is64, rl, imm_l);
    } else {
        cg_arith_rr(&cg->o, is_sub ? ARITH_SUB : ARITH_ADD, is64, rl, rbl);
    }
    if (ih) {
        cg_arith_ri(&cg->o, is_sub ? ARITH_SBB : ARITH_ADC, is64, rh, imm_h);
    } else {
        cg_arith_rr(&cg->o, is_sub ? ARITH_SBB : ARITH_ADC, is64, rh, rbh);
    }
    finish2(cg, op, rl, rh);
}

/* How to compare args[ia] with args[ib]: registers or an immediate. */
typedef struct CmpPlan {
    int ra, rb;
    int32_t imm;
    bool use_imm;
    TCGCond cond;
    bool is64;
} CmpPlan;

static void cmp_prepare(CG *cg, const TCGOp *op, int ia, int ib, TCGCond c,
                        bool is64, CmpPlan *p)
{
    TCGArg a = op->args[ia], b = op->args[ib];
    uint64_t v;

    p->is64 = is64;
    p->cond = c;
    if (ra_is_const(cg, a, &v) && !ra_is_const(cg, b, &v)) {
        TCGArg t = a;
        a = b;
        b = t;
        p->cond = tcg_swap_cond(c);
    }
    p->use_imm = imm_arg(cg, b, is64, &p->imm);
    p->ra = ra_load(cg, a, 0);
    p->rb = p->use_imm ? -1 : ra_load(cg, b, 0);
}

static int cmp_emit(CG *cg, const CmpPlan *p)
{
    if (p->use_imm && p->imm == 0 &&
        (p->cond == TCG_COND_EQ || p->cond == TCG_COND_NE)) {
        cg_modrm_rr(&cg->o, OPC_TESTL | P_W(p->is64), p->ra, p->ra);
    } else if (p->use_imm) {
        cg_arith_ri(&cg->o, ARITH_CMP, p->is64, p->ra, p->imm);
    } else {
        cg_arith_rr(&cg->o, ARITH_CMP, p->is64, p->ra, p->rb);
    }
    return cond_cc[p->cond];
}

static uint32_t plan_regs(const CmpPlan *p)
{
    return bit(p->ra) | (p->rb >= 0 ? bit(p->rb) : 0);
}

static void gen_setcond(CG *cg, const TCGOp *op, bool is64)
{
    CmpPlan p;
    cmp_prepare(cg, op, 1, 2, op->args[3], is64, &p);
    int r = ra_alloc(cg, plan_regs(&p));
    int cc = cmp_emit(cg, &p);
    cg_modrm_rr(&cg->o, (0x90 + cc) | P_EXT | P_REXB_RM, 0, r);
    cg_modrm_rr(&cg->o, OPC_MOVZBL | P_REXB_RM, r, r);
    finish1(cg, op, r);
}

static void gen_movcond(CG *cg, const TCGOp *op, bool is64)
{
    CmpPlan p;
    cmp_prepare(cg, op, 1, 2, op->args[5], is64, &p);
    int rv1 = ra_load(cg, op->args[3], 0);
    int r = ra_dest_from(cg, op, 4, plan_regs(&p) | bit(rv1));
    int cc = cmp_emit(cg, &p);
    cg_modrm_rr(&cg->o, (0x40 + cc) | P_EXT | P_W(is64), r, rv1);
    finish1(cg, op, r);
}

void cg_gen_brcond(CG *cg, const TCGOp *op, bool is64, size_t *rel)
{
    CmpPlan p;
    ra_bb_end(cg);
    cmp_prepare(cg, op, 0, 1, op->args[2], is64, &p);
    int cc = cmp_emit(cg, &p);
    *rel = jcc_fwd(cg, cc);
    ra_free_dead_inputs(cg, op);
}

/* Unary ops that read a register and write another (maybe the same). */
static void gen_ext(CG *cg, const TCGOp *op, int opc)
{
    int rs = ra_load(cg, op->args[1], 0);
    int r = ra_dest_reuse(cg, op, 1, rs);
    cg_modrm_rr(&cg->o, opc, r, rs);
    finish1(cg, op, r);
}

static void gen_bswap(CG *cg, const TCGOp *op, int size)
{
    int rs = ra_load(cg, op->args[1], 0);
    int r = ra_dest_reuse(cg, op, 1, rs);
    if (size == 1) {
        cg_modrm_rr(&cg->o, OPC_MOVZWL, r, rs);
        cg_modrm_rr(&cg->o, 0xc1 | P_DATA16, SHIFT_ROL, r);
        cg_emit8(&cg->o, 8);
    } else {
        cg_mov_rr(&cg->o, size == 3, r, rs);
        cg_opc(&cg->o, (0xc8 + (r & 7)) | P_EXT | P_W(size == 3), 0, r, 0);
    }
    finish1(cg, op, r);
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? UINT64_MAX : (1ull << len) - 1;
}

static void clip_field(unsigned *ofs, unsigned *len, unsigned w)
{
    *ofs &= w - 1;
    if (*len > w - *ofs) {
        *len = w - *ofs;
    }
}

static void gen_deposit(CG *cg, const TCGOp *op, bool is64)
{
    unsigned w = is64 ? 64 : 32, ofs = op->args[3], len = op->args[4];
    uint64_t wmask = is64 ? UINT64_MAX : UINT32_MAX;
    clip_field(&ofs, &len, w);
    uint64_t m = field_mask(len);

    int ry = ra_load(cg, op->args[2], 0);
    int t = ra_alloc(cg, 0);
    cg_mov_rr(&cg->o, true, t, ry);
    emit_and_imm(cg, is64, t, m);
    if (ofs) {
        cg_shift_ri(&cg->o, SHIFT_SHL, is64, t, ofs);
    }
    int r = ra_dest_from(cg, op, 1, bit(t) | bit(ry));
    emit_and_imm(cg, is64, r, ~(m << ofs) & wmask);
    cg_arith_rr(&cg->o, ARITH_OR, is64, r, t);
    finish1(cg, op, r);
}

static void gen_extract(CG *cg, const TCGOp *op, bool is64, bool is_signed)
{
    unsigned w = is64 ? 64 : 32, ofs = op->args[2], len = op->args[3];
    clip_field(&ofs, &len, w);
    int r = ra_dest_from(cg, op, 1, 0);

    if (len == 0) {
        cg_movi(&cg->o, true, r, 0);
    } else if (is_signed) {
        if (w - ofs - len) {
            cg_shift_ri(&cg->o, SHIFT_SHL, is64, r, w - ofs - len);
        }
        if (w - len) {
            cg_shift_ri(&cg->o, SHIFT_SAR, is64, r, w - len);
        }
    } else {
        if (ofs) {
            cg_shift_ri(&cg->o, SHIFT_SHR, is64, r, ofs);
        }
        if (ofs + len < w) {
            emit_and_imm(cg, is64, r, field_mask(len));
        }
    }
    finish1(cg, op, r);
}

/* clz/ctz with bsr/bsf; the z operand when the input is 0 (ZF set). */
static void gen_bitcount(CG *cg, const TCGOp *op, bool is64, bool is_clz)
{
    unsigned w = is64 ? 64 : 32;
    int rx = ra_load(cg, op->args[1], 0);
    int y = ra_dest_from(cg, op, 2, bit(rx));
    if (is_clz) {
        /* clz = bsr ^ (w - 1); pre-xor z so one xor fixes both. */
        cg_arith_ri(&cg->o, ARITH_XOR, is64, y, w - 1);
    }
    int r = ra_alloc(cg, bit(rx) | bit(y));
    cg_modrm_rr(&cg->o, (is_clz ? OPC_BSR : OPC_BSF) | P_W(is64), r, rx);
    cg_modrm_rr(&cg->o, (0x40 + JCC_E) | P_EXT | P_W(is64), r, y);
    if (is_clz) {
        cg_arith_ri(&cg->o, ARITH_XOR, is64, r, w - 1);
    }
    finish1(cg, op, r);
}

static void gen_mov(CG *cg, const TCGOp *op, bool is64)
{
    uint64_t v;
    if (ra_is_const(cg, op->args[1], &v)) {
        ra_free_dead_inputs(cg, op);
        ra_set_const(cg, op->args[0], v);
        ra_out_done(cg, op, 0);
        return;
    }
    int rs = ra_load(cg, op->args[1], 0);
    int r = ra_dest_reuse(cg, op, 1, rs);
    if (r != rs) {
        cg_mov_rr(&cg->o, is64, r, rs);
    }
    finish1(cg, op, r);
}

static void gen_ld(CG *cg, const TCGOp *op, int opc, bool is64)
{
    int rb = ra_load(cg, op->args[1], 0);
    int r = ra_alloc(cg, 0);
    cg_modrm_mem(&cg->o, opc | P_W(is64), r, rb, (int32_t)op->args[2]);
    finish1(cg, op, r);
}

static void gen_st(CG *cg, const TCGOp *op, int size)
{
    int32_t disp = (int32_t)op->args[2], imm;
    int rb = ra_load(cg, op->args[1], 0);
    int pfx = size == 1 ? P_DATA16 : size == 3 ? P_REXW : 0;

    if (imm_arg(cg, op->args[0], size == 3, &imm)) {
        cg_modrm_mem(&cg->o, (size == 0 ? 0xc6 : 0xc7) | pfx, 0, rb, disp);
        if (size == 0) {
            cg_emit8(&cg->o, imm);
        } else if (size == 1) {
            cg_emit8(&cg->o, imm);
            cg_emit8(&cg->o, imm >> 8);
        } else {
            cg_emit32(&cg->o, imm);
        }
    } else {
        int rv = ra_load(cg, op->args[0], 0);
        cg_modrm_mem(&cg->o,
                     size == 0 ? OPC_MOVB_EvGv | P_REXB_R : OPC_MOVL_EvGv | pfx,
                     rv, rb, disp);
    }
    ra_free_dead_inputs(cg, op);
}

static bool disp_ok(const TCGOp *op)
{
    return cg_fits_s32((int64_t)op->args[2]);
}

bool cg_gen_value_op(CG *cg, const TCGOp *op)
{
    TCGOpcode opc = op->opc;
    bool is64 = tcg_op_is_64(opc);
    uint64_t wmask = is64 ? UINT64_MAX : UINT32_MAX;

    /* clang-format would take "CASE2(x):" for a bit field. */
    /* clang-format off */
#define CASE2(name) case INDEX_op_##name##_i32: case INDEX_op_##name##_i64
    switch (opc) {
    CASE2(mov):
        gen_mov(cg, op, is64);
        return true;
    CASE2(movi):
        ra_set_const(cg, op->args[0], op->args[1] & wmask);
        ra_out_done(cg, op, 0);
        return true;
    CASE2(setcond):
        gen_setcond(cg, op, is64);
        return true;
    CASE2(movcond):
        gen_movcond(cg, op, is64);
        return true;
    CASE2(add):
        gen_arith(cg, op, ARITH_ADD, is64, true, false);
        return true;
    CASE2(sub):
        gen_arith(cg, op, ARITH_SUB, is64, false, false);
        return true;
    CASE2(and):
        gen_arith(cg, op, ARITH_AND, is64, true, false);
        return true;
    CASE2(or):
        gen_arith(cg, op, ARITH_OR, is64, true, false);
        return true;
    CASE2(xor):
        gen_arith(cg, op, ARITH_XOR, is64, true, false);
        return true;
    CASE2(eqv):
        gen_arith(cg, op, ARITH_XOR, is64, true, true);
        return true;
    CASE2(nand):
        gen_arith(cg, op, ARITH_AND, is64, true, true);
        return true;
    CASE2(nor):
        gen_arith(cg, op, ARITH_OR, is64, true, true);
        return true;
    CASE2(andc):
        gen_arith_c(cg, op, ARITH_AND, is64);
        return true;
    CASE2(orc):
        gen_arith_c(cg, op, ARITH_OR, is64);
        return true;
    CASE2(mul):
        gen_mul(cg, op, is64);
        return true;
    CASE2(neg):
        gen_unary_grp3(cg, op, 3, is64);
        return true;
    CASE2(not):
        gen_unary_grp3(cg, op, 2, is64);
        return true;
    CASE2(div):
        gen_div(cg, op, is64, true, false);
        return true;
    CASE2(divu):
        gen_div(cg, op, is64, false, false);
        return true;
    CASE2(rem):
        gen_div(cg, op, is64, true, true);
        return true;
    CASE2(remu):
        gen_div(cg, op, is64, false, true);
        return true;
    CASE2(shl):
        gen_shift(cg, op, SHIFT_SHL, is64);
        return true;
    CASE2(shr):
        gen_shift(cg, op, SHIFT_SHR, is64);
        return true;
    CASE2(sar):
        gen_shift(cg, op, SHIFT_SAR, is64);
        return true;
    CASE2(rotl):
        gen_shift(cg, op, SHIFT_ROL, is64);
        return true;
    CASE2(rotr):
        gen_shift(cg, op, SHIFT_ROR, is64);
        return true;
    CASE2(add2):
        gen_addsub2(cg, op, is64, false);
        return true;
    CASE2(sub2):
        gen_addsub2(cg, op, is64, true);
        return true;
    CASE2(mulu2):
        gen_mul2(cg, op, is64, false);
        return true;
    CASE2(muls2):
        gen_mul2(cg, op, is64, true);
        return true;
    CASE2(div2):
    CASE2(divu2):
        /* Quotients wider than the width: #DE on x86, truncated in TCG. */
        cg_gen_eval_call(cg, op);
        return true;
    CASE2(ext8s):
        gen_ext(cg, op, OPC_MOVSBL | P_REXB_RM | P_W(is64));
        return true;
    CASE2(ext8u):
        gen_ext(cg, op, OPC_MOVZBL | P_REXB_RM);
        return true;
    CASE2(ext16s):
        gen_ext(cg, op, OPC_MOVSWL | P_W(is64));
        return true;
    CASE2(ext16u):
        gen_ext(cg, op, OPC_MOVZWL);
        return true;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        gen_ext(cg, op, OPC_MOVSLQ);
        return true;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        gen_ext(cg, op, OPC_MOVL_GvEv);
        return true;
    case INDEX_op_extrh_i64_i32: {
        int r = ra_dest_from(cg, op, 1, 0);
        cg_shift_ri(&cg->o, SHIFT_SHR, true, r, 32);
        finish1(cg, op, r);
        return true;
    }
    CASE2(deposit):
        gen_deposit(cg, op, is64);
        return true;
    CASE2(extract):
        gen_extract(cg, op, is64, false);
        return true;
    CASE2(sextract):
        gen_extract(cg, op, is64, true);
        return true;
    CASE2(bswap16):
        gen_bswap(cg, op, 1);
        return true;
    CASE2(bswap32):
        gen_bswap(cg, op, 2);
        return true;
    case INDEX_op_bswap64_i64:
        gen_bswap(cg, op, 3);
        return true;
    CASE2(clz):
        gen_bitcount(cg, op, is64, true);
        return true;
    CASE2(ctz):
        gen_bitcount(cg, op, is64, false);
        return true;
    CASE2(ld8u):
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVZBL, false), true);
    CASE2(ld8s):
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVSBL, is64), true);
    CASE2(ld16u):
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVZWL, false), true);
    CASE2(ld16s):
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVSWL, is64), true);
    case INDEX_op_ld_i32:
    case INDEX_op_ld32u_i64:
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVL_GvEv, false), true);
    case INDEX_op_ld_i64:
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVL_GvEv, true), true);
    case INDEX_op_ld32s_i64:
        return disp_ok(op) && (gen_ld(cg, op, OPC_MOVSLQ, false), true);
    CASE2(st8):
        return disp_ok(op) && (gen_st(cg, op, 0), true);
    CASE2(st16):
        return disp_ok(op) && (gen_st(cg, op, 1), true);
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        return disp_ok(op) && (gen_st(cg, op, 2), true);
    case INDEX_op_st_i64:
        return disp_ok(op) && (gen_st(cg, op, 3), true);
    default:
        return false;
    }
#undef CASE2
    /* clang-format on */
}
