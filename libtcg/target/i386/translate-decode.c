/*
 * The opcode map of 16- and 32-bit code (Intel SDM vol. 2, appendix A):
 * prefixes, the one-byte and 0F two-byte opcodes, and the forms simple
 * enough to emit here (MOV, PUSH/POP, XCHG, LEA, CMOVcc, SETcc, ...).
 * Instruction families live in translate-alu.c, -string.c, -control.c
 * and -system.c.
 */
#include <stddef.h>

#include "translate.h"
#include "fpu-helper.h"

/* ---- the opcode map --------------------------------------------------- */

static bool disas_insn_1byte(DisasContext *s, int b);
static bool disas_insn_0f(DisasContext *s, int b);

void disas_insn(DisasContext *s)
{
    int b;
    bool ok;

    s->prefix = 0;
    s->override = -1;
    s->lock_ok = false;
    s->illegal = false;
    s->popl_esp_hack = 0;
    for (;;) {
        b = x86_ldub_code(s);
        if (s->pc - s->eip > 15) {
            break; /* too long: #GP below */
        }
        switch (b) {
        case 0xf3:
            s->prefix = (s->prefix & ~PREFIX_REPNZ) | PREFIX_REPZ;
            continue;
        case 0xf2:
            s->prefix = (s->prefix & ~PREFIX_REPZ) | PREFIX_REPNZ;
            continue;
        case 0xf0:
            s->prefix |= PREFIX_LOCK;
            continue;
        case 0x2e:
            s->override = R_CS;
            continue;
        case 0x36:
            s->override = R_SS;
            continue;
        case 0x3e:
            s->override = R_DS;
            continue;
        case 0x26:
            s->override = R_ES;
            continue;
        case 0x64:
            s->override = R_FS;
            continue;
        case 0x65:
            s->override = R_GS;
            continue;
        case 0x66:
            s->prefix |= PREFIX_DATA;
            continue;
        case 0x67:
            s->prefix |= PREFIX_ADR;
            continue;
        default:
            break;
        }
        break;
    }
    s->dflag = (s->code32 != !!(s->prefix & PREFIX_DATA)) ? MO_32 : MO_16;
    s->aflag = (s->code32 != !!(s->prefix & PREFIX_ADR)) ? MO_32 : MO_16;
    if (b == 0x0f) {
        b = x86_ldub_code(s);
        ok = disas_insn_0f(s, b);
    } else {
        ok = disas_insn_1byte(s, b);
    }
    if (s->illegal) {
        return;
    }
    /* Intel SDM vol. 2A, 2.3.11: 15 bytes at most, else #GP(0). */
    if (s->pc - s->eip > 15) {
        tcg_ctx->nb_ops = s->insn_op_start;
        gen_exception(s, EXCP0D_GPF);
        return;
    }
    if (!ok || ((s->prefix & PREFIX_LOCK) && !s->lock_ok)) {
        gen_illegal_opcode(s);
    }
}

static void gen_mov_rm_reg(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    int modrm = x86_ldub_code(s), reg = (modrm >> 3) & 7;

    if (b & 2) { /* 8A/8B: reg <- r/m */
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        gen_op_mov_reg_v(s, ot, reg, s->T0);
    } else {
        gen_op_mov_v_reg(s, ot, s->T0, reg);
        gen_ldst_modrm_store(s, modrm, ot, s->T0);
    }
}

/* 00-3F: the eight ALU operations in six forms each. */
static void gen_alu_forms(DisasContext *s, int b)
{
    int op = (b >> 3) & 7, form = b & 7, modrm, reg, rm;
    MemOp ot = (b & 1) ? s->dflag : MO_8;

    switch (form) {
    case 0:
    case 1: /* r/m op= reg */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        if ((modrm >> 6) == 3) {
            rm = modrm & 7;
            gen_op_mov_v_reg(s, ot, s->T0, rm);
            gen_op_mov_v_reg(s, ot, s->T1, reg);
            gen_alu(s, op, ot, rm);
        } else {
            s->lock_ok = op != OP_CMP;
            gen_lea_modrm(s, modrm);
            gen_op_ld_rmw(s, ot);
            gen_op_mov_v_reg(s, ot, s->T1, reg);
            gen_alu(s, op, ot, -1);
        }
        break;
    case 2:
    case 3: /* reg op= r/m */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm_load(s, modrm, ot, s->T1);
        gen_op_mov_v_reg(s, ot, s->T0, reg);
        gen_alu(s, op, ot, reg);
        break;
    default: /* AL/eAX op= imm */
        tcg_gen_movi_i32(s->T1, insn_get(s, ot));
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_alu(s, op, ot, R_EAX);
        break;
    }
}

/* 80 81 82 83: ALU r/m, imm. */
static void gen_alu_group1(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    int modrm = x86_ldub_code(s), op = (modrm >> 3) & 7, d = -1;

    if ((modrm >> 6) == 3) {
        d = modrm & 7;
    } else {
        s->lock_ok = op != OP_CMP;
        gen_lea_modrm(s, modrm);
    }
    /* The immediate follows the displacement. */
    tcg_gen_movi_i32(s->T1,
                     b == 0x83 ? insn_get_signed(s, MO_8) : insn_get(s, ot));
    if (d >= 0) {
        gen_op_mov_v_reg(s, ot, s->T0, d);
    } else {
        gen_op_ld_rmw(s, ot);
    }
    gen_alu(s, op, ot, d);
}

static void gen_shift_forms(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    int modrm = x86_ldub_code(s), op = (modrm >> 3) & 7;

    s->modrm = modrm;
    if (b == 0xc0 || b == 0xc1) {
        /* imm8 after the displacement: decode the address first */
        int save_pc = s->pc, c;
        if ((modrm >> 6) != 3) {
            TCGv_i32 ea = new_tmp();
            int seg;
            int start = tcg_ctx->nb_ops;
            gen_lea_modrm_ea(s, modrm, ea, &seg);
            tcg_ctx->nb_ops = start; /* only to find the length */
        }
        c = x86_ldub_code(s);
        s->pc = save_pc;
        gen_shift_group(s, op, ot, modrm, tcg_constant_i32(c), true, c);
        s->pc++;
    } else if (b == 0xd0 || b == 0xd1) {
        gen_shift_group(s, op, ot, modrm, tcg_constant_i32(1), true, 1);
    } else {
        TCGv_i32 c = new_tmp();
        tcg_gen_ext8u_i32(c, cpu_regs[R_ECX]);
        gen_shift_group(s, op, ot, modrm, c, false, 0);
    }
}

static void gen_push_reg(DisasContext *s, int r)
{
    gen_op_mov_v_reg(s, s->dflag, s->T0, r);
    gen_push_v(s, s->dflag, s->T0);
}

static void gen_pusha(DisasContext *s)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;
    TCGv_i32 a = new_tmp(), t = new_tmp(), v = new_tmp();

    for (int i = 0; i < 8; i++) {
        tcg_gen_subi_i32(t, cpu_regs[R_ESP], (i + 1) * size);
        gen_stack_addr(s, a, t);
        gen_op_mov_v_reg(s, ot, v, i);
        gen_op_st(s, ot, v, a);
    }
    gen_add_esp(s, -8 * size);
}

static void gen_popa(DisasContext *s)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;
    TCGv_i32 a = new_tmp(), t = new_tmp(), v[8];

    /* All loads first; the ESP slot is skipped. */
    for (int i = 0; i < 8; i++) {
        if (i == R_ESP) {
            continue;
        }
        v[i] = new_tmp();
        tcg_gen_addi_i32(t, cpu_regs[R_ESP], (7 - i) * size);
        gen_stack_addr(s, a, t);
        gen_op_ld(s, ot, v[i], a);
    }
    for (int i = 0; i < 8; i++) {
        if (i != R_ESP) {
            gen_op_mov_reg_v(s, ot, i, v[i]);
        }
    }
    gen_add_esp(s, 8 * size);
}

static void gen_xchg(DisasContext *s, MemOp ot, int modrm)
{
    int reg = (modrm >> 3) & 7;

    gen_op_mov_v_reg(s, ot, s->T1, reg);
    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, s->T0, modrm & 7);
        gen_op_mov_reg_v(s, ot, modrm & 7, s->T1);
    } else {
        /* XCHG with memory is locked with or without the prefix. */
        s->lock_ok = true;
        gen_lea_modrm(s, modrm);
        gen_atomic_rmw(s, ATOMIC_XCHG, ot, s->T0, s->T1);
    }
    gen_op_mov_reg_v(s, ot, reg, s->T0);
}

/* LDS LES LSS LFS LGS: offset, then the selector after it. */
static bool gen_lxs(DisasContext *s, int seg)
{
    int modrm = x86_ldub_code(s);
    TCGv_i32 a = new_tmp();

    if ((modrm >> 6) == 3) {
        return false;
    }
    gen_lea_modrm(s, modrm);
    gen_op_ld(s, s->dflag, s->T1, s->A0);
    gen_addr_add(s, a, s->A0, 1 << s->dflag);
    gen_op_ld(s, MO_16, s->T0, a);
    gen_movl_seg(s, seg, s->T0);
    gen_op_mov_reg_v(s, s->dflag, (modrm >> 3) & 7, s->T1);
    return true;
}

static void gen_moffs(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    TCGv_i32 ea = new_tmp();

    tcg_gen_movi_i32(ea, insn_get(s, s->aflag));
    gen_lea_seg(s, s->A0, ea, R_DS, true, s->aflag);
    if (b < 0xa2) {
        gen_op_ld(s, ot, s->T0, s->A0);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
    } else {
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_op_st(s, ot, s->T0, s->A0);
    }
}

static bool disas_insn_1byte(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;
    int modrm, reg;

    switch (b) {
    case 0x00 ... 0x05:
    case 0x08 ... 0x0d:
    case 0x10 ... 0x15:
    case 0x18 ... 0x1d:
    case 0x20 ... 0x25:
    case 0x28 ... 0x2d:
    case 0x30 ... 0x35:
    case 0x38 ... 0x3d:
        gen_alu_forms(s, b);
        return true;
    case 0x06:
    case 0x0e:
    case 0x16:
    case 0x1e:
        gen_push_seg(s, b >> 3);
        return true;
    case 0x07:
    case 0x17:
    case 0x1f:
        gen_pop_seg(s, b >> 3);
        return true;
    case 0x40 ... 0x47:
        gen_op_mov_v_reg(s, s->dflag, s->T0, b & 7);
        gen_inc_dec(s, s->dflag, b & 7, 1);
        return true;
    case 0x48 ... 0x4f:
        gen_op_mov_v_reg(s, s->dflag, s->T0, b & 7);
        gen_inc_dec(s, s->dflag, b & 7, -1);
        return true;
    case 0x50 ... 0x57:
        gen_push_reg(s, b & 7);
        return true;
    case 0x58 ... 0x5f:
        gen_pop_load(s, s->dflag, s->T0);
        /* POP ESP: the popped value wins over the increment */
        gen_pop_update(s, s->dflag);
        gen_op_mov_reg_v(s, s->dflag, b & 7, s->T0);
        return true;
    case 0x60:
        gen_pusha(s);
        return true;
    case 0x61:
        gen_popa(s);
        return true;
    case 0x68:
    case 0x6a:
        tcg_gen_movi_i32(s->T0, b == 0x6a ? insn_get_signed(s, MO_8)
                                          : insn_get(s, s->dflag));
        gen_push_v(s, s->dflag, s->T0);
        return true;
    case 0x69:
    case 0x6b: /* IMUL r, r/m, imm */
        modrm = x86_ldub_code(s);
        gen_ldst_modrm_load(s, modrm, s->dflag, s->T0);
        tcg_gen_movi_i32(s->T1, b == 0x6b ? insn_get_signed(s, MO_8)
                                          : insn_get_signed(s, s->dflag));
        gen_imul(s, s->dflag, (modrm >> 3) & 7, s->T0, s->T1);
        return true;
    case 0x6c ... 0x6f:
    case 0xa4 ... 0xa7:
    case 0xaa ... 0xaf:
        gen_string(s, b);
        return true;
    case 0x80 ... 0x83:
        gen_alu_group1(s, b);
        return true;
    case 0x84:
    case 0x85: /* TEST r/m, reg */
        modrm = x86_ldub_code(s);
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, s->T1, (modrm >> 3) & 7);
        gen_alu(s, OP_TEST, ot, -1);
        return true;
    case 0x86:
    case 0x87:
        gen_xchg(s, ot, x86_ldub_code(s));
        return true;
    case 0x88 ... 0x8b:
        gen_mov_rm_reg(s, b);
        return true;
    case 0x8c: { /* MOV r/m, Sreg */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (reg >= NB_SEGS) {
            return false;
        }
        tcg_gen_ld_i32(s->T0, tcg_env,
                       offsetof(CPUX86State, segs[reg].selector));
        gen_ldst_modrm_store(s, modrm, (modrm >> 6) == 3 ? s->dflag : MO_16,
                             s->T0);
        return true;
    }
    case 0x8d: { /* LEA: the offset at the address size, no segment */
        TCGv_i32 ea = new_tmp();
        int seg;
        modrm = x86_ldub_code(s);
        if ((modrm >> 6) == 3) {
            return false;
        }
        gen_lea_modrm_ea(s, modrm, ea, &seg);
        gen_op_mov_reg_v(s, s->dflag, (modrm >> 3) & 7, ea);
        return true;
    }
    case 0x8e: /* MOV Sreg, r/m16 */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        if (reg >= NB_SEGS || reg == R_CS) {
            return false;
        }
        gen_ldst_modrm_load(s, modrm, MO_16, s->T0);
        gen_movl_seg(s, reg, s->T0);
        return true;
    case 0x8f: /* POP r/m: the address uses ESP after the pop */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;
        }
        gen_pop_load(s, s->dflag, s->T0);
        if ((modrm >> 6) == 3) {
            gen_pop_update(s, s->dflag);
            gen_op_mov_reg_v(s, s->dflag, modrm & 7, s->T0);
        } else {
            s->popl_esp_hack = 1 << s->dflag;
            gen_lea_modrm(s, modrm);
            s->popl_esp_hack = 0;
            gen_op_st(s, s->dflag, s->T0, s->A0);
            gen_pop_update(s, s->dflag);
        }
        return true;
    case 0x90: /* NOP, PAUSE (F3 90) */
        return true;
    case 0x91 ... 0x97:
        gen_xchg(s, s->dflag, 0xc0 | (b & 7));
        return true;
    case 0x98: /* CBW, CWDE */
        gen_op_mov_v_reg(s, s->dflag - 1, s->T0, R_EAX);
        gen_ext(s->dflag - 1, s->T0, s->T0, true);
        gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
        return true;
    case 0x99: /* CWD, CDQ */
        gen_op_mov_v_reg(s, s->dflag, s->T0, R_EAX);
        gen_ext(s->dflag, s->T0, s->T0, true);
        tcg_gen_sari_i32(s->T0, s->T0, 31);
        gen_op_mov_reg_v(s, s->dflag, R_EDX, s->T0);
        return true;
    case 0x9e:
        gen_sahf(s);
        return true;
    case 0x9f:
        gen_lahf(s);
        return true;
    case 0xa0 ... 0xa3:
        gen_moffs(s, b);
        return true;
    case 0xa8:
    case 0xa9: /* TEST AL/eAX, imm */
        tcg_gen_movi_i32(s->T1, insn_get(s, ot));
        gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
        gen_alu(s, OP_TEST, ot, -1);
        return true;
    case 0xb0 ... 0xb7:
        tcg_gen_movi_i32(s->T0, insn_get(s, MO_8));
        gen_op_mov_reg_v(s, MO_8, b & 7, s->T0);
        return true;
    case 0xb8 ... 0xbf:
        tcg_gen_movi_i32(s->T0, insn_get(s, s->dflag));
        gen_op_mov_reg_v(s, s->dflag, b & 7, s->T0);
        return true;
    case 0xc0:
    case 0xc1:
    case 0xd0 ... 0xd3:
        gen_shift_forms(s, b);
        return true;
    case 0xc4:
        return gen_lxs(s, R_ES);
    case 0xc5:
        return gen_lxs(s, R_DS);
    case 0xc6:
    case 0xc7: /* MOV r/m, imm */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 0) {
            return false;
        }
        if ((modrm >> 6) == 3) {
            tcg_gen_movi_i32(s->T0, insn_get(s, ot));
            gen_op_mov_reg_v(s, ot, modrm & 7, s->T0);
        } else {
            gen_lea_modrm(s, modrm);
            tcg_gen_movi_i32(s->T0, insn_get(s, ot));
            gen_op_st(s, ot, s->T0, s->A0);
        }
        return true;
    case 0x27:
    case 0x2f:
    case 0x37:
    case 0x3f:
    case 0xd4:
    case 0xd5: { /* BCD: DAA DAS AAA AAS AAM AAD */
        static const uint8_t ops[] = {[0x27 >> 3] = BCD_DAA,
                                      [0x2f >> 3] = BCD_DAS,
                                      [0x37 >> 3] = BCD_AAA,
                                      [0x3f >> 3] = BCD_AAS};
        int op = b == 0xd4 ? BCD_AAM : b == 0xd5 ? BCD_AAD : ops[b >> 3];
        int imm = b >= 0xd4 ? x86_ldub_code(s) : 0;
        gen_update_eip_cur(s); /* AAM 0 raises #DE */
        gen_helper(&helper_info_bcd, -1, 3, ENV_ARG, tcg_constant_i32(op).n,
                   tcg_constant_i32(imm).n);
        s->cc_op = CC_OP_EFLAGS; /* the helper left it in env */
        return true;
    }
    case 0x62: { /* BOUND: #BR unless lower <= index <= upper (signed) */
        TCGLabel *ok = gen_new_label(), *fail = gen_new_label();
        TCGv_i32 lo = new_tmp(), hi = new_tmp(), idx = new_tmp();
        modrm = x86_ldub_code(s);
        if ((modrm >> 6) == 3) {
            return false;
        }
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, s->dflag, lo, s->A0);
        tcg_gen_addi_i32(s->A0, s->A0, 1 << s->dflag);
        gen_op_ld(s, s->dflag, hi, s->A0);
        gen_op_mov_v_reg(s, s->dflag, idx, (modrm >> 3) & 7);
        gen_ext(s->dflag, lo, lo, true);
        gen_ext(s->dflag, hi, hi, true);
        gen_ext(s->dflag, idx, idx, true);
        tcg_gen_brcond_i32(TCG_COND_LT, idx, lo, fail);
        tcg_gen_brcond_i32(TCG_COND_LE, idx, hi, ok);
        gen_set_label(fail);
        gen_update_eip_cur(s);
        gen_helper(&helper_info_raise_exception, -1, 2, ENV_ARG,
                   tcg_constant_i32(EXCP05_BOUND).n);
        gen_set_label(ok);
        return true;
    }
    case 0x63: { /* ARPL r/m16, r16 (protected mode only) */
        TCGv_i32 src = new_tmp(), z = new_tmp(), rpl = new_tmp();
        int d;
        if (!s->pe || s->vm86) {
            return false;
        }
        modrm = x86_ldub_code(s);
        d = (modrm >> 6) == 3 ? modrm & 7 : -1;
        if (d < 0) {
            gen_lea_modrm(s, modrm);
            gen_op_ld(s, MO_16, s->T0, s->A0);
        } else {
            gen_op_mov_v_reg(s, MO_16, s->T0, d);
        }
        gen_op_mov_v_reg(s, MO_16, src, (modrm >> 3) & 7);
        tcg_gen_andi_i32(src, src, 3);
        tcg_gen_andi_i32(rpl, s->T0, 3);
        tcg_gen_setcond_i32(TCG_COND_LTU, z, rpl, src);
        tcg_gen_andi_i32(s->T1, s->T0, ~3);
        tcg_gen_or_i32(s->T1, s->T1, src);
        tcg_gen_movcond_i32(TCG_COND_NE, s->T0, z, tcg_constant_i32(0), s->T1,
                            s->T0);
        if (d < 0) {
            gen_op_st(s, MO_16, s->T0, s->A0);
        } else {
            gen_op_mov_reg_v(s, MO_16, d, s->T0);
        }
        gen_set_zf(s, z);
        return true;
    }
    case 0xd6: /* SALC is left out: #UD */
        return false;
    case 0xd7: { /* XLAT: AL = [seg:eBX + AL] */
        TCGv_i32 ea = new_tmp();
        tcg_gen_ext8u_i32(ea, cpu_regs[R_EAX]);
        tcg_gen_add_i32(ea, ea, cpu_regs[R_EBX]);
        gen_lea_seg(s, s->A0, ea, R_DS, true, s->aflag);
        gen_op_ld(s, MO_8, s->T0, s->A0);
        gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
        return true;
    }
    case 0xf5:
        gen_cmc_clc_stc(s, 0);
        return true;
    case 0xf6:
    case 0xf7:
        modrm = x86_ldub_code(s);
        gen_group3(s, ot, modrm);
        return true;
    case 0xf8:
        gen_cmc_clc_stc(s, 1);
        return true;
    case 0xf9:
        gen_cmc_clc_stc(s, 2);
        return true;
    case 0xfc:
    case 0xfd: /* CLD, STD */
        tcg_gen_st_i32(tcg_constant_i32(b == 0xfc ? 1 : -1), tcg_env,
                       offsetof(CPUX86State, df));
        return true;
    case 0xfe:
    case 0xff: {
        int op;
        modrm = x86_ldub_code(s);
        op = (modrm >> 3) & 7;
        if (op < 2) { /* INC, DEC r/m */
            int d = -1;
            if ((modrm >> 6) == 3) {
                d = modrm & 7;
                gen_op_mov_v_reg(s, ot, s->T0, d);
            } else {
                s->lock_ok = true;
                gen_lea_modrm(s, modrm);
                gen_op_ld_rmw(s, ot);
            }
            gen_inc_dec(s, ot, d, op == 0 ? 1 : -1);
            return true;
        }
        if (b == 0xfe) {
            return false;
        }
        if (op == 6) { /* PUSH r/m */
            gen_ldst_modrm_load(s, modrm, s->dflag, s->T0);
            gen_push_v(s, s->dflag, s->T0);
            return true;
        }
        return disas_ff_control(s, modrm);
    }
    case 0x9b:
    case 0xd8 ... 0xdf: /* WAIT and the x87 escapes */
        return disas_fpu(s, b);
    default:
        return disas_control(s, b) || disas_system(s, b);
    }
}

static bool disas_insn_0f(DisasContext *s, int b)
{
    int modrm, reg;
    MemOp ot = s->dflag;

    switch (b) {
    case 0x00:
        return disas_0f00(s, x86_ldub_code(s));
    case 0x01:
        return disas_0f01(s, x86_ldub_code(s));
    case 0x02:
    case 0x03:
        return disas_lar_lsl(s, b);
    case 0x34:
    case 0x35:
        return disas_sysenter(s, b);
    case 0x06:
    case 0x20 ... 0x23:
    case 0x30 ... 0x32:
    case 0xa2:
        return disas_crn(s, b);
    case 0xae: /* FXSAVE, FXRSTOR; the rest of the group is #UD */
        return disas_fxsave(s, x86_ldub_code(s));
    case 0x0b: /* UD2 */
        return false;
    case 0x08:
    case 0x09: /* INVD, WBINVD: no caches to write back */
        check_cpl0(s);
        return true;
    case 0x18 ... 0x1f: /* NOP r/m, hints (multi-byte NOP): no access */
        modrm = x86_ldub_code(s);
        if ((modrm >> 6) != 3) {
            TCGv_i32 ea = new_tmp();
            int seg;
            gen_lea_modrm_ea(s, modrm, ea, &seg);
        }
        return true;
    case 0x40 ... 0x4f: { /* CMOVcc: the source is read either way */
        TCGv_i32 old = new_tmp();
        CCPrepare p;
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, old, reg);
        p = gen_prepare_cc(s, b & 15);
        tcg_gen_movcond_i32(p.cond, s->T0, p.a, p.b, s->T0, old);
        gen_op_mov_reg_v(s, ot, reg, s->T0);
        return true;
    }
    case 0x80 ... 0x8f:
        gen_jcc_rel(s, b & 15, insn_get_signed(s, s->dflag));
        return true;
    case 0x90 ... 0x9f: /* SETcc r/m8 */
        modrm = x86_ldub_code(s);
        gen_setcc(s, b & 15, s->T0);
        gen_ldst_modrm_store(s, modrm, MO_8, s->T0);
        return true;
    case 0xa0:
        gen_push_seg(s, R_FS);
        return true;
    case 0xa1:
        gen_pop_seg(s, R_FS);
        return true;
    case 0xa8:
        gen_push_seg(s, R_GS);
        return true;
    case 0xa9:
        gen_pop_seg(s, R_GS);
        return true;
    case 0xa3:
    case 0xab:
    case 0xb3:
    case 0xbb: /* BT BTS BTR BTC r/m, reg */
        gen_bt(s, ot, x86_ldub_code(s), (b >> 3) & 3, false);
        return true;
    case 0xba: /* BT BTS BTR BTC r/m, imm8 */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) < 4) {
            return false;
        }
        gen_bt(s, ot, modrm, (modrm >> 3) & 3, true);
        return true;
    case 0xa4:
    case 0xa5:
    case 0xac:
    case 0xad: { /* SHLD, SHRD: imm8 or CL */
        bool right = b >= 0xac;
        modrm = x86_ldub_code(s);
        s->modrm = modrm;
        if (b & 1) {
            TCGv_i32 c = new_tmp();
            tcg_gen_ext8u_i32(c, cpu_regs[R_ECX]);
            gen_shiftd(s, ot, modrm, right, c, false, 0);
        } else {
            /* imm8 after the displacement */
            int save_pc = s->pc, c, start = tcg_ctx->nb_ops;
            if ((modrm >> 6) != 3) {
                TCGv_i32 ea = new_tmp();
                int seg;
                gen_lea_modrm_ea(s, modrm, ea, &seg);
            }
            tcg_ctx->nb_ops = start;
            c = x86_ldub_code(s);
            s->pc = save_pc;
            gen_shiftd(s, ot, modrm, right, tcg_constant_i32(c), true, c);
            s->pc++;
        }
        return true;
    }
    case 0xaf: /* IMUL r, r/m */
        modrm = x86_ldub_code(s);
        reg = (modrm >> 3) & 7;
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        gen_op_mov_v_reg(s, ot, s->T1, reg);
        gen_imul(s, ot, reg, s->T1, s->T0);
        return true;
    case 0xb0:
    case 0xb1:
        gen_cmpxchg(s, (b & 1) ? ot : MO_8, x86_ldub_code(s));
        return true;
    case 0xb2:
        return gen_lxs(s, R_SS);
    case 0xb4:
        return gen_lxs(s, R_FS);
    case 0xb5:
        return gen_lxs(s, R_GS);
    case 0xb6:
    case 0xb7:
    case 0xbe:
    case 0xbf: { /* MOVZX, MOVSX */
        MemOp sot = (b & 1) ? MO_16 : MO_8;
        modrm = x86_ldub_code(s);
        gen_ldst_modrm_load(s, modrm, sot, s->T0);
        gen_ext(sot, s->T0, s->T0, b >= 0xbe);
        gen_op_mov_reg_v(s, ot, (modrm >> 3) & 7, s->T0);
        return true;
    }
    case 0xbc:
    case 0xbd:
        gen_bsf_bsr(s, ot, x86_ldub_code(s), b == 0xbd);
        return true;
    case 0xc0:
    case 0xc1:
        gen_xadd(s, (b & 1) ? ot : MO_8, x86_ldub_code(s));
        return true;
    case 0xc7: /* CMPXCHG8B m64 */
        modrm = x86_ldub_code(s);
        if (((modrm >> 3) & 7) != 1) {
            return false;
        }
        gen_cmpxchg8b(s, modrm);
        return true;
    case 0x60 ... 0x7f:
    case 0xd0 ... 0xff: /* MMX; the SSE opcodes among them are #UD */
        return disas_mmx(s, b);
    case 0xc8 ... 0xcf: /* BSWAP (16-bit operand: undefined, gives 0) */
        if (ot == MO_32) {
            tcg_gen_bswap32_i32(cpu_regs[b & 7], cpu_regs[b & 7]);
        } else {
            gen_op_mov_reg_v(s, MO_16, b & 7, tcg_constant_i32(0));
        }
        return true;
    default:
        return false;
    }
}
