/*
 * Arithmetic and logic: the eight ALU operations, INC/DEC, the shift and
 * rotate groups, SHLD/SHRD, group 3 (TEST NOT NEG MUL IMUL DIV IDIV),
 * IMUL, the bit tests and scans, XADD, CMPXCHG(8B) and the flag moves.
 * Results go to memory before any register or flag changes, so a faulting
 * store restarts the instruction from unchanged state.
 *
 * With LOCK (and for XCHG with memory, locked without it) the load and
 * the store of a memory destination are one host atomic operation in a
 * helper (atomic-helper.c), which returns the old value; the result and
 * the flags are computed from it exactly as in the unlocked form.
 */
#include "translate.h"

static CCOp sized(CCOp base, MemOp ot)
{
    return (CCOp)(base + ot);
}

/* Store T0 to operand d: register d, or memory at A0 when d < 0. */
static void store_dest(DisasContext *s, MemOp ot, int d, TCGv_i32 v)
{
    if (d >= 0) {
        gen_op_mov_reg_v(s, ot, d, v);
    } else {
        gen_op_st(s, ot, v, s->A0);
    }
}

/* A locked read-modify-write of the memory destination at A0. */
static bool locked_dest(DisasContext *s, int d)
{
    return d < 0 && (s->prefix & PREFIX_LOCK);
}

void gen_op_ld_rmw(DisasContext *s, MemOp ot)
{
    if (!(s->prefix & PREFIX_LOCK)) {
        /* lock_ok: the instruction writes (not CMP). */
        if (s->lock_ok) {
            gen_op_ld_w(s, ot, s->T0, s->A0);
        } else {
            gen_op_ld(s, ot, s->T0, s->A0);
        }
    }
}

/* old = memory at A0, which becomes old (op) val, atomically. */
void gen_atomic_rmw(DisasContext *s, int op, MemOp ot, TCGv_i32 old,
                    TCGv_i32 val)
{
    /* A #PF comes from the helper. */
    gen_seg_check(s, s->A0, 1 << ot, true);
    gen_update_eip_cur(s);
    gen_helper(&helper_info_atomic_rmw, old.n, 4, ENV_ARG, s->A0.n, val.n,
               tcg_constant_i32(op | ot << 4 | s->mem_idx << 8).n);
}

static void gen_atomic_cmpxchg(DisasContext *s, MemOp ot, int old, int cmp,
                               int nv)
{
    gen_seg_check(s, s->A0, 1 << ot, true);
    gen_update_eip_cur(s);
    gen_helper(&helper_info_atomic_cmpxchg, old, 5, ENV_ARG, s->A0.n, cmp, nv,
               tcg_constant_i32(ot << 4 | s->mem_idx << 8).n);
}

/* T0 = the old value of a locked ALU operation with T1 (and carry c). */
static void gen_alu_atomic(DisasContext *s, int op, MemOp ot, TCGv_i32 c)
{
    TCGv_i32 v = new_tmp();
    int aop = ATOMIC_ADD;

    switch (op) {
    case OP_ADD:
        tcg_gen_mov_i32(v, s->T1);
        break;
    case OP_ADC:
        tcg_gen_add_i32(v, s->T1, c);
        break;
    case OP_SUB:
        tcg_gen_neg_i32(v, s->T1);
        break;
    case OP_SBB:
        tcg_gen_add_i32(v, s->T1, c);
        tcg_gen_neg_i32(v, v);
        break;
    case OP_AND:
        aop = ATOMIC_AND;
        tcg_gen_mov_i32(v, s->T1);
        break;
    case OP_OR:
        aop = ATOMIC_OR;
        tcg_gen_mov_i32(v, s->T1);
        break;
    default:
        aop = ATOMIC_XOR;
        tcg_gen_mov_i32(v, s->T1);
        break;
    }
    gen_atomic_rmw(s, aop, ot, s->T0, v);
}

static void set_cc(DisasContext *s, CCOp op, TCGv_i32 dst, TCGv_i32 src)
{
    tcg_gen_mov_i32(cpu_cc_dst, dst);
    if (src.n) {
        tcg_gen_mov_i32(cpu_cc_src, src);
    }
    set_cc_op(s, op);
}

void gen_alu(DisasContext *s, int op, MemOp ot, int d)
{
    TCGv_i32 T0 = s->T0, T1 = s->T1, c = {0};
    bool locked = locked_dest(s, d) && op != OP_CMP && op != OP_TEST;

    gen_ext(ot, T1, T1, false);
    if (op == OP_ADC || op == OP_SBB) {
        c = new_tmp();
        gen_compute_c(s, c);
    }
    if (locked) {
        gen_alu_atomic(s, op, ot, c);
    }
    switch (op) {
    case OP_ADD:
        tcg_gen_add_i32(T0, T0, T1);
        break;
    case OP_ADC:
        tcg_gen_add_i32(T0, T0, T1);
        tcg_gen_add_i32(T0, T0, c);
        break;
    case OP_SBB:
        tcg_gen_sub_i32(T0, T0, T1);
        tcg_gen_sub_i32(T0, T0, c);
        break;
    case OP_SUB:
    case OP_CMP:
        tcg_gen_sub_i32(T0, T0, T1);
        break;
    case OP_AND:
    case OP_TEST:
        tcg_gen_and_i32(T0, T0, T1);
        break;
    case OP_OR:
        tcg_gen_or_i32(T0, T0, T1);
        break;
    default:
        tcg_gen_xor_i32(T0, T0, T1);
        break;
    }
    gen_ext(ot, T0, T0, false);
    if (op != OP_CMP && op != OP_TEST && !locked) {
        store_dest(s, ot, d, T0);
    }
    switch (op) {
    case OP_ADD:
        set_cc(s, sized(CC_OP_ADDB, ot), T0, T1);
        break;
    case OP_ADC:
        tcg_gen_mov_i32(cpu_cc_src2, c);
        set_cc(s, sized(CC_OP_ADCB, ot), T0, T1);
        break;
    case OP_SBB:
        tcg_gen_mov_i32(cpu_cc_src2, c);
        set_cc(s, sized(CC_OP_SBBB, ot), T0, T1);
        break;
    case OP_SUB:
    case OP_CMP:
        set_cc(s, sized(CC_OP_SUBB, ot), T0, T1);
        break;
    default:
        set_cc(s, sized(CC_OP_LOGICB, ot), T0, (TCGv_i32){0});
        break;
    }
}

/* T0 holds the operand; c is +1 or -1. */
void gen_inc_dec(DisasContext *s, MemOp ot, int d, int c)
{
    TCGv_i32 cf = new_tmp();

    gen_compute_c(s, cf);
    if (locked_dest(s, d)) {
        gen_atomic_rmw(s, ATOMIC_ADD, ot, s->T0, tcg_constant_i32(c));
    }
    tcg_gen_addi_i32(s->T0, s->T0, c);
    gen_ext(ot, s->T0, s->T0, false);
    if (!locked_dest(s, d)) {
        store_dest(s, ot, d, s->T0);
    }
    set_cc(s, sized(c > 0 ? CC_OP_INCB : CC_OP_DECB, ot), s->T0, cf);
}

/*
 * Record a shift's flags; a count that is 0 after masking leaves every
 * flag unchanged, which needs a run-time choice for a count in CL.
 */
static void gen_shift_cc(DisasContext *s, CCOp op, TCGv_i32 res, TCGv_i32 ccsrc,
                         TCGv_i32 count, bool is_const, int cval)
{
    if (is_const) {
        if (cval) {
            set_cc(s, op, res, ccsrc);
        }
        return;
    }
    TCGv_i32 zero = tcg_constant_i32(0);
    tcg_gen_movcond_i32(TCG_COND_NE, cpu_cc_dst, count, zero, res, cpu_cc_dst);
    tcg_gen_movcond_i32(TCG_COND_NE, cpu_cc_src, count, zero, ccsrc,
                        cpu_cc_src);
    tcg_gen_movcond_i32(TCG_COND_NE, cpu_cc_op, count, zero,
                        tcg_constant_i32(op), cpu_cc_op);
    s->cc_op = CC_OP_DYNAMIC;
}

/*
 * The r/m operand into T0 (A0 computed once for the store); rmw: the
 * instruction writes it back, so the read faults as a write.
 */
static int load_rm(DisasContext *s, int modrm, MemOp ot, bool rmw)
{
    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, s->T0, modrm & 7);
        return modrm & 7;
    }
    gen_lea_modrm(s, modrm);
    if (rmw) {
        gen_op_ld_w(s, ot, s->T0, s->A0);
    } else {
        gen_op_ld(s, ot, s->T0, s->A0);
    }
    return -1;
}

void gen_shift_group(DisasContext *s, int op, MemOp ot, int modrm,
                     TCGv_i32 count, bool is_const, int cval)
{
    int d = load_rm(s, modrm, ot, true);
    TCGv_i32 c = new_tmp(), c1 = new_tmp(), res = new_tmp();
    TCGv_i32 ccs = new_tmp(), x = s->T0;

    if (op < 4) {
        /* Rotates: the helper changes the flags, so probe the store. */
        if (d < 0) {
            gen_op_st(s, ot, s->T0, s->A0);
        }
        gen_helper(&helper_info_rotate, res.n, 4, ENV_ARG, s->T0.n, count.n,
                   tcg_constant_i32(ot | op << 2).n);
        store_dest(s, ot, d, res);
        s->cc_op = CC_OP_EFLAGS; /* the helper stored it in env */
        return;
    }
    cval &= 0x1f;
    tcg_gen_andi_i32(c, count, 0x1f);
    tcg_gen_subi_i32(c1, c, 1);
    switch (op) {
    case 4:
    case 6: /* SHL, SAL */
        tcg_gen_shl_i32(res, x, c);
        tcg_gen_shl_i32(ccs, x, c1);
        break;
    case 5: /* SHR */
        tcg_gen_shr_i32(res, x, c);
        tcg_gen_shr_i32(ccs, x, c1);
        break;
    default: /* SAR */
        x = new_tmp();
        gen_ext(ot, x, s->T0, true);
        tcg_gen_sar_i32(res, x, c);
        tcg_gen_sar_i32(ccs, x, c1);
        break;
    }
    gen_ext(ot, res, res, false);
    gen_ext(ot, ccs, ccs, false);
    store_dest(s, ot, d, res);
    gen_shift_cc(s, sized(op == 4 || op == 6 ? CC_OP_SHLB : CC_OP_SARB, ot),
                 res, ccs, c, is_const, cval);
}

/*
 * SHLD/SHRD on (dst, src): computed on 64 bits.  A 16-bit operand uses
 * dst:src:dst so that counts of 17-31 (undefined results) stay
 * deterministic, as several hosts do.
 */
void gen_shiftd(DisasContext *s, MemOp ot, int modrm, bool right,
                TCGv_i32 count, bool is_const, int cval)
{
    int d = load_rm(s, modrm, ot, true);
    TCGv_i32 src = new_tmp(), c = new_tmp(), c1 = new_tmp();
    TCGv_i32 res = new_tmp(), ccs = new_tmp();
    TCGv_i64 v = new_tmp64(), a = new_tmp64(), b = new_tmp64();
    TCGv_i64 c64 = new_tmp64(), c164 = new_tmp64();

    gen_op_mov_v_reg(s, ot, src, (modrm >> 3) & 7);
    tcg_gen_andi_i32(c, count, 0x1f);
    tcg_gen_subi_i32(c1, c, 1);
    tcg_gen_extu_i32_i64(c64, c);
    tcg_gen_extu_i32_i64(c164, c1);
    tcg_gen_andi_i64(c164, c164, 63);
    tcg_gen_extu_i32_i64(a, s->T0);
    tcg_gen_extu_i32_i64(b, src);
    if (ot == MO_32) {
        /* SHRD: src:dst >> c; SHLD: (dst:src << c) >> 32 */
        tcg_gen_shli_i64(v, right ? b : a, 32);
        tcg_gen_or_i64(v, v, right ? a : b);
    } else {
        tcg_gen_shli_i64(v, a, 32);
        tcg_gen_shli_i64(b, b, 16);
        tcg_gen_or_i64(v, v, b);
        tcg_gen_or_i64(v, v, a);
    }
    if (right) {
        tcg_gen_shr_i64(a, v, c64);
        tcg_gen_shr_i64(b, v, c164);
    } else {
        tcg_gen_shl_i64(a, v, c64);
        tcg_gen_shl_i64(b, v, c164);
        tcg_gen_shri_i64(a, a, 32);
        tcg_gen_shri_i64(b, b, 32);
    }
    tcg_gen_extrl_i64_i32(res, a);
    tcg_gen_extrl_i64_i32(ccs, b);
    gen_ext(ot, res, res, false);
    gen_ext(ot, ccs, ccs, false);
    store_dest(s, ot, d, res);
    gen_shift_cc(s, sized(right ? CC_OP_SARB : CC_OP_SHLB, ot), res, ccs, c,
                 is_const, cval & 0x1f);
}

void gen_imul(DisasContext *s, MemOp ot, int reg, TCGv_i32 a, TCGv_i32 b)
{
    TCGv_i32 lo = new_tmp(), hi = new_tmp(), t = new_tmp();

    if (ot == MO_32) {
        tcg_gen_muls2_i32(lo, hi, a, b);
        tcg_gen_sari_i32(t, lo, 31);
        tcg_gen_sub_i32(hi, hi, t);
    } else {
        TCGv_i32 sa = new_tmp(), sb = new_tmp();
        gen_ext(ot, sa, a, true);
        gen_ext(ot, sb, b, true);
        tcg_gen_mul_i32(lo, sa, sb);
        gen_ext(ot, t, lo, true);
        tcg_gen_sub_i32(hi, lo, t);
        gen_ext(ot, lo, lo, false);
    }
    gen_op_mov_reg_v(s, ot, reg, lo);
    set_cc(s, sized(CC_OP_MULB, ot), lo, hi);
}

static void gen_mul(DisasContext *s, MemOp ot, bool sign)
{
    TCGv_i32 lo = new_tmp(), hi = new_tmp(), a = new_tmp(), t = new_tmp();

    gen_op_mov_v_reg(s, ot, a, R_EAX);
    if (ot == MO_32) {
        if (sign) {
            tcg_gen_muls2_i32(lo, hi, a, s->T0);
        } else {
            tcg_gen_mulu2_i32(lo, hi, a, s->T0);
        }
        tcg_gen_mov_i32(cpu_regs[R_EAX], lo);
        tcg_gen_mov_i32(cpu_regs[R_EDX], hi);
        if (sign) {
            tcg_gen_sari_i32(t, lo, 31);
            tcg_gen_sub_i32(hi, hi, t);
        }
        set_cc(s, CC_OP_MULL, lo, hi);
        return;
    }
    if (sign) {
        gen_ext(ot, a, a, true);
        gen_ext(ot, t, s->T0, true);
        tcg_gen_mul_i32(lo, a, t);
    } else {
        tcg_gen_mul_i32(lo, a, s->T0);
    }
    if (ot == MO_8) {
        gen_op_mov_reg_v(s, MO_16, R_EAX, lo);
    } else {
        tcg_gen_shri_i32(t, lo, 16);
        gen_op_mov_reg_v(s, MO_16, R_EAX, lo);
        gen_op_mov_reg_v(s, MO_16, R_EDX, t);
    }
    /* CF = OF = the high half is not the extension of the low half. */
    if (sign) {
        gen_ext(ot, t, lo, true);
        tcg_gen_sub_i32(hi, lo, t);
    } else {
        tcg_gen_shri_i32(hi, lo, 8 << ot);
    }
    gen_ext(ot, lo, lo, false);
    set_cc(s, sized(CC_OP_MULB, ot), lo, hi);
}

/* LOCK NOT / LOCK NEG of memory. */
static void gen_group3_locked(DisasContext *s, MemOp ot, int modrm, bool neg)
{
    TCGv_i32 x = new_tmp();

    gen_lea_modrm(s, modrm);
    if (!neg) {
        /* NOT is XOR with all ones (the helper masks to the size). */
        gen_atomic_rmw(s, ATOMIC_XOR, ot, x, tcg_constant_i32(-1));
        return;
    }
    gen_atomic_rmw(s, ATOMIC_NEG, ot, x, tcg_constant_i32(0));
    tcg_gen_neg_i32(s->T0, x);
    gen_ext(ot, s->T0, s->T0, false);
    set_cc(s, sized(CC_OP_SUBB, ot), s->T0, x);
}

void gen_group3(DisasContext *s, MemOp ot, int modrm)
{
    int op = (modrm >> 3) & 7, d;
    static const TCGHelperInfo *const div[2][3] = {
        {&helper_info_divb, &helper_info_divw, &helper_info_divl},
        {&helper_info_idivb, &helper_info_idivw, &helper_info_idivl},
    };

    if (op == 2 || op == 3) {
        s->lock_ok = (modrm >> 6) != 3;
        if (s->lock_ok && (s->prefix & PREFIX_LOCK)) {
            gen_group3_locked(s, ot, modrm, op == 3);
            return;
        }
    }
    d = load_rm(s, modrm, ot, op == 2 || op == 3); /* NOT, NEG */
    switch (op) {
    case 0:
    case 1: /* TEST r/m, imm */
        tcg_gen_movi_i32(s->T1, insn_get(s, ot));
        tcg_gen_and_i32(s->T0, s->T0, s->T1);
        set_cc(s, sized(CC_OP_LOGICB, ot), s->T0, (TCGv_i32){0});
        break;
    case 2: /* NOT: no flags */
        tcg_gen_not_i32(s->T0, s->T0);
        gen_ext(ot, s->T0, s->T0, false);
        store_dest(s, ot, d, s->T0);
        break;
    case 3: { /* NEG: 0 - x, flags as SUB */
        TCGv_i32 x = new_tmp();
        tcg_gen_mov_i32(x, s->T0);
        tcg_gen_neg_i32(s->T0, s->T0);
        gen_ext(ot, s->T0, s->T0, false);
        store_dest(s, ot, d, s->T0);
        set_cc(s, sized(CC_OP_SUBB, ot), s->T0, x);
        break;
    }
    case 4:
    case 5:
        gen_mul(s, ot, op == 5);
        break;
    default:
        /* #DE comes from the helper: EIP and CC_OP synced. */
        gen_update_eip_cur(s);
        gen_helper(div[op == 7][ot], -1, 2, ENV_ARG, s->T0.n);
        break;
    }
}

/*
 * BT/BTS/BTR/BTC.  A register bit offset addresses memory beyond the
 * operand (signed, in operand-size units); an immediate or a register
 * destination takes the offset modulo the size.  CF = the bit; ZF
 * unchanged; OF SF AF PF undefined (kept).
 */
/* CF = the bit (ZF unchanged, the others kept as in gen_bt). */
static void gen_bt_flags(DisasContext *s, TCGv_i32 bit)
{
    gen_compute_eflags(s);
    tcg_gen_andi_i32(cpu_cc_src, cpu_cc_src, ~CC_C);
    tcg_gen_or_i32(cpu_cc_src, cpu_cc_src, bit);
}

/* LOCK BTS/BTR/BTC (op 1, 2, 3) of memory at A0, bit off. */
static void gen_bt_locked(DisasContext *s, MemOp ot, int op, TCGv_i32 off)
{
    static const int aop[4] = {0, ATOMIC_OR, ATOMIC_AND, ATOMIC_XOR};
    TCGv_i32 m = new_tmp(), bit = new_tmp();

    tcg_gen_shl_i32(m, tcg_constant_i32(1), off);
    if (op == 2) {
        tcg_gen_not_i32(m, m);
    }
    gen_atomic_rmw(s, aop[op], ot, s->T0, m);
    tcg_gen_shr_i32(bit, s->T0, off);
    tcg_gen_andi_i32(bit, bit, 1);
    gen_bt_flags(s, bit);
}

void gen_bt(DisasContext *s, MemOp ot, int modrm, int op, bool imm)
{
    int bits = 8 << ot, d = -1;
    TCGv_i32 off = new_tmp(), bit = new_tmp(), m = new_tmp();

    if (imm) {
        /* the immediate follows the ModRM bytes: read it after them */
        if ((modrm >> 6) != 3) {
            gen_lea_modrm(s, modrm);
        }
        tcg_gen_movi_i32(off, x86_ldub_code(s) & (bits - 1));
    } else {
        gen_op_mov_v_reg(s, ot, off, (modrm >> 3) & 7);
        if ((modrm >> 6) != 3) {
            TCGv_i32 disp = new_tmp();
            gen_lea_modrm(s, modrm);
            gen_ext(ot, disp, off, true);
            tcg_gen_sari_i32(disp, disp, 3 + ot);
            tcg_gen_shli_i32(disp, disp, ot);
            tcg_gen_add_i32(s->A0, s->A0, disp);
        }
        tcg_gen_andi_i32(off, off, bits - 1);
    }
    if ((modrm >> 6) == 3) {
        d = modrm & 7;
        gen_op_mov_v_reg(s, ot, s->T0, d);
    } else {
        s->lock_ok = op != 0;
        if (s->lock_ok && (s->prefix & PREFIX_LOCK)) {
            gen_bt_locked(s, ot, op, off);
            return;
        }
        if (op != 0) { /* BTS, BTR, BTC write the bit back */
            gen_op_ld_w(s, ot, s->T0, s->A0);
        } else {
            gen_op_ld(s, ot, s->T0, s->A0);
        }
    }
    tcg_gen_shr_i32(bit, s->T0, off);
    tcg_gen_andi_i32(bit, bit, 1);
    if (op != 0) {
        tcg_gen_shl_i32(m, tcg_constant_i32(1), off);
        if (op == 1) {
            tcg_gen_or_i32(s->T0, s->T0, m);
        } else if (op == 2) {
            tcg_gen_andc_i32(s->T0, s->T0, m);
        } else {
            tcg_gen_xor_i32(s->T0, s->T0, m);
        }
        store_dest(s, ot, d, s->T0);
    }
    gen_bt_flags(s, bit);
}

/* A zero source leaves the destination unchanged and sets ZF (AMD). */
void gen_bsf_bsr(DisasContext *s, MemOp ot, int modrm, bool bsr)
{
    int reg = (modrm >> 3) & 7;
    TCGv_i32 idx = new_tmp(), old = new_tmp();

    gen_ldst_modrm_load(s, modrm, ot, s->T0);
    if (bsr) {
        tcg_gen_clz_i32(idx, s->T0, tcg_constant_i32(32));
        tcg_gen_xori_i32(idx, idx, 31);
    } else {
        tcg_gen_ctz_i32(idx, s->T0, tcg_constant_i32(32));
    }
    gen_op_mov_v_reg(s, ot, old, reg);
    tcg_gen_movcond_i32(TCG_COND_NE, idx, s->T0, tcg_constant_i32(0), idx, old);
    gen_op_mov_reg_v(s, ot, reg, idx);
    set_cc(s, sized(CC_OP_LOGICB, ot), s->T0, (TCGv_i32){0});
}

void gen_xadd(DisasContext *s, MemOp ot, int modrm)
{
    int reg = (modrm >> 3) & 7;
    TCGv_i32 sum = new_tmp();

    s->lock_ok = (modrm >> 6) != 3;
    gen_op_mov_v_reg(s, ot, s->T1, reg);
    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, s->T0, modrm & 7);
        tcg_gen_add_i32(sum, s->T0, s->T1);
        gen_ext(ot, sum, sum, false);
        /* SDM: SRC = DEST, then DEST = SUM (wins when both are one reg) */
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        gen_op_mov_reg_v(s, ot, modrm & 7, sum);
    } else {
        gen_lea_modrm(s, modrm);
        if (s->prefix & PREFIX_LOCK) {
            gen_atomic_rmw(s, ATOMIC_ADD, ot, s->T0, s->T1);
            tcg_gen_add_i32(sum, s->T0, s->T1);
            gen_ext(ot, sum, sum, false);
        } else {
            gen_op_ld_w(s, ot, s->T0, s->A0);
            tcg_gen_add_i32(sum, s->T0, s->T1);
            gen_ext(ot, sum, sum, false);
            gen_op_st(s, ot, sum, s->A0);
        }
        gen_op_mov_reg_v(s, ot, reg, s->T0);
    }
    set_cc(s, sized(CC_OP_ADDB, ot), sum, s->T1);
}

/*
 * CMPXCHG: the destination is always written (the old value back when
 * the compare fails, as the processor does), then the accumulator.
 * With LOCK a host compare-and-exchange does the memory part (which
 * writes nothing when the compare fails: no other CPU can tell).
 */
void gen_cmpxchg(DisasContext *s, MemOp ot, int modrm)
{
    int reg = (modrm >> 3) & 7, d = -1;
    TCGv_i32 acc = new_tmp(), nv = new_tmp(), diff = new_tmp();

    s->lock_ok = (modrm >> 6) != 3;
    if (s->lock_ok && (s->prefix & PREFIX_LOCK)) {
        gen_lea_modrm(s, modrm);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        gen_op_mov_v_reg(s, ot, acc, R_EAX);
        gen_atomic_cmpxchg(s, ot, s->T0.n, acc.n, s->T1.n);
    } else {
        d = load_rm(s, modrm, ot, true);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        gen_op_mov_v_reg(s, ot, acc, R_EAX);
        tcg_gen_movcond_i32(TCG_COND_EQ, nv, acc, s->T0, s->T1, s->T0);
        store_dest(s, ot, d, nv);
    }
    tcg_gen_sub_i32(diff, acc, s->T0);
    gen_ext(ot, diff, diff, false);
    /* Not equal: the accumulator takes the destination's value. */
    {
        TCGv_i32 cur = new_tmp();
        gen_op_mov_v_reg(s, ot, cur, R_EAX);
        tcg_gen_movcond_i32(TCG_COND_EQ, cur, acc, s->T0, cur, s->T0);
        gen_op_mov_reg_v(s, ot, R_EAX, cur);
    }
    set_cc(s, sized(CC_OP_SUBB, ot), diff, s->T0);
}

/* CMPXCHG8B m64: one 64-bit access each way; only ZF changes. */
void gen_cmpxchg8b(DisasContext *s, int modrm)
{
    TCGv_i64 m = new_tmp64(), cmp = new_tmp64(), nv = new_tmp64();
    TCGv_i64 t = new_tmp64();
    TCGv_i32 lo = new_tmp(), hi = new_tmp(), z = new_tmp();

    if ((modrm >> 6) == 3) {
        gen_illegal_opcode(s);
        return;
    }
    s->lock_ok = true;
    gen_lea_modrm(s, modrm);
    tcg_gen_extu_i32_i64(cmp, cpu_regs[R_EDX]);
    tcg_gen_shli_i64(cmp, cmp, 32);
    tcg_gen_extu_i32_i64(t, cpu_regs[R_EAX]);
    tcg_gen_or_i64(cmp, cmp, t);
    tcg_gen_extu_i32_i64(nv, cpu_regs[R_ECX]);
    tcg_gen_shli_i64(nv, nv, 32);
    tcg_gen_extu_i32_i64(t, cpu_regs[R_EBX]);
    tcg_gen_or_i64(nv, nv, t);
    if (s->prefix & PREFIX_LOCK) {
        gen_atomic_cmpxchg(s, MO_64, m.n, cmp.n, nv.n);
    } else {
        /* Always written back: the read faults as the write would. */
        gen_qemu_ld64(s, m, s->A0, MO_LEUQ | MO_WRITE_INTENT);
        tcg_gen_movcond_i64(TCG_COND_EQ, nv, m, cmp, nv, m);
        gen_qemu_st64(s, nv, s->A0, MO_LEUQ);
    }
    /* Equal: EDX:EAX keeps its value, which is m; else it takes m. */
    tcg_gen_extrl_i64_i32(lo, m);
    tcg_gen_extrh_i64_i32(hi, m);
    tcg_gen_setcond_i64(TCG_COND_EQ, t, m, cmp);
    tcg_gen_extrl_i64_i32(z, t);
    tcg_gen_mov_i32(cpu_regs[R_EAX], lo);
    tcg_gen_mov_i32(cpu_regs[R_EDX], hi);
    gen_set_zf(s, z);
}

void gen_sahf(DisasContext *s)
{
    TCGv_i32 ah = new_tmp();

    gen_op_mov_v_reg(s, MO_8, ah, 4);
    gen_compute_eflags(s);
    tcg_gen_andi_i32(cpu_cc_src, cpu_cc_src, CC_O);
    tcg_gen_andi_i32(ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_or_i32(cpu_cc_src, cpu_cc_src, ah);
}

void gen_lahf(DisasContext *s)
{
    TCGv_i32 f = new_tmp();

    gen_compute_eflags(s);
    tcg_gen_andi_i32(f, cpu_cc_src, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_ori_i32(f, f, RFLAGS_FIXED);
    gen_op_mov_reg_v(s, MO_8, 4, f);
}

/* 0: CMC, 1: CLC, 2: STC */
void gen_cmc_clc_stc(DisasContext *s, int which)
{
    gen_compute_eflags(s);
    if (which == 0) {
        tcg_gen_xori_i32(cpu_cc_src, cpu_cc_src, CC_C);
    } else if (which == 1) {
        tcg_gen_andi_i32(cpu_cc_src, cpu_cc_src, ~CC_C);
    } else {
        tcg_gen_ori_i32(cpu_cc_src, cpu_cc_src, CC_C);
    }
}
