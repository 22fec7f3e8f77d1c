/*
 * String instructions (MOVS CMPS STOS LODS SCAS INS OUTS) with their
 * REP/REPE/REPNE forms.  A repeated instruction runs one iteration per
 * pass and jumps back to itself, so interrupts and faults land between
 * iterations with ECX, ESI and EDI exact (Intel SDM vol. 2B, REP).
 */
#include <stddef.h>

#include "translate.h"

/* Register r (an index register or the count) at the address size. */
static void gen_addr_reg(DisasContext *s, TCGv_i32 d, int r)
{
    if (s->aflag == MO_16) {
        tcg_gen_ext16u_i32(d, cpu_regs[r]);
    } else {
        tcg_gen_mov_i32(d, cpu_regs[r]);
    }
}

static void gen_add_addr_reg(DisasContext *s, int r, TCGv_i32 delta)
{
    TCGv_i32 t = new_tmp();

    tcg_gen_add_i32(t, cpu_regs[r], delta);
    gen_op_mov_reg_v(s, s->aflag, r, t);
}

/* DS:ESI (override allowed) and ES:EDI (never overridden). */
static void gen_src_addr(DisasContext *s, TCGv_i32 d)
{
    gen_lea_seg(s, d, cpu_regs[R_ESI], R_DS, true, s->aflag);
}

static void gen_dst_addr(DisasContext *s, TCGv_i32 d)
{
    gen_lea_seg(s, d, cpu_regs[R_EDI], R_ES, false, s->aflag);
}

static void gen_in(MemOp ot, TCGv_i32 v, TCGv_i32 port)
{
    static const TCGHelperInfo *const in[3] = {
        &helper_info_inb, &helper_info_inw, &helper_info_inl};
    gen_helper(in[ot], v.n, 2, ENV_ARG, port.n);
}

static void gen_out(MemOp ot, TCGv_i32 port, TCGv_i32 v)
{
    static const TCGHelperInfo *const out[3] = {
        &helper_info_outb, &helper_info_outw, &helper_info_outl};
    gen_helper(out[ot], -1, 3, ENV_ARG, port.n, v.n);
}

void gen_string(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    bool rep = s->prefix & (PREFIX_REPZ | PREFIX_REPNZ);
    bool cmp = (b & ~1) == 0xa6 || (b & ~1) == 0xae;
    TCGv_i32 delta = new_tmp(), a = new_tmp(), v = new_tmp();
    TCGv_i32 w = new_tmp(), port = new_tmp();
    TCGLabel *done = NULL;

    if (rep) {
        done = gen_new_label();
        gen_addr_reg(s, a, R_ECX);
        tcg_gen_brcondi_i32(TCG_COND_EQ, a, 0, done);
    }
    /* delta = DF * size */
    tcg_gen_ld_i32(delta, tcg_env, offsetof(CPUX86State, df));
    tcg_gen_shli_i32(delta, delta, ot);

    switch (b & ~1) {
    case 0xa4: /* MOVS */
        gen_src_addr(s, a);
        gen_op_ld(s, ot, v, a);
        gen_dst_addr(s, a);
        gen_op_st(s, ot, v, a);
        gen_add_addr_reg(s, R_ESI, delta);
        gen_add_addr_reg(s, R_EDI, delta);
        break;
    case 0xa6: /* CMPS: [ESI] - [EDI] */
        gen_src_addr(s, a);
        gen_op_ld(s, ot, v, a);
        gen_dst_addr(s, a);
        gen_op_ld(s, ot, w, a);
        gen_add_addr_reg(s, R_ESI, delta);
        gen_add_addr_reg(s, R_EDI, delta);
        break;
    case 0xaa: /* STOS */
        gen_op_mov_v_reg(s, ot, v, R_EAX);
        gen_dst_addr(s, a);
        gen_op_st(s, ot, v, a);
        gen_add_addr_reg(s, R_EDI, delta);
        break;
    case 0xac: /* LODS */
        gen_src_addr(s, a);
        gen_op_ld(s, ot, v, a);
        gen_op_mov_reg_v(s, ot, R_EAX, v);
        gen_add_addr_reg(s, R_ESI, delta);
        break;
    case 0xae: /* SCAS: eAX - [EDI] */
        gen_dst_addr(s, a);
        gen_op_ld(s, ot, w, a);
        gen_op_mov_v_reg(s, ot, v, R_EAX);
        gen_add_addr_reg(s, R_EDI, delta);
        break;
    case 0x6c: /* INS: the port is read before the store (as hardware) */
        tcg_gen_ext16u_i32(port, cpu_regs[R_EDX]);
        gen_check_io(s, ot, port);
        gen_in(ot, v, port);
        gen_dst_addr(s, a);
        gen_op_st(s, ot, v, a);
        gen_add_addr_reg(s, R_EDI, delta);
        break;
    default: /* 0x6e OUTS */
        tcg_gen_ext16u_i32(port, cpu_regs[R_EDX]);
        gen_check_io(s, ot, port);
        gen_src_addr(s, a);
        gen_op_ld(s, ot, v, a);
        gen_out(ot, port, v);
        gen_add_addr_reg(s, R_ESI, delta);
        break;
    }
    if (cmp) {
        tcg_gen_sub_i32(cpu_cc_dst, v, w);
        gen_ext(ot, cpu_cc_dst, cpu_cc_dst, false);
        tcg_gen_mov_i32(cpu_cc_src, w);
        set_cc_op(s, (CCOp)(CC_OP_SUBB + ot));
    }
    if (!rep) {
        return;
    }
    tcg_gen_movi_i32(a, -1);
    gen_add_addr_reg(s, R_ECX, a);
    if (cmp) {
        /* REPE stops when ZF = 0, REPNE when ZF = 1. */
        gen_jcc_label(s, (s->prefix & PREFIX_REPZ) ? 5 : 4, done);
    }
    gen_addr_reg(s, a, R_ECX);
    tcg_gen_brcondi_i32(TCG_COND_EQ, a, 0, done);
    gen_jmp_tb(s, s->eip, 1);
    gen_set_label(done);
    gen_jmp_tb(s, s->pc, 0);
    s->is_jmp = DISAS_NORETURN;
}
