/*
 * Control transfers: Jcc, JMP, CALL, RET (near, and far through the
 * system helpers), LOOP/JECXZ, ENTER/LEAVE, INT n/INT3/INTO, IRET.
 * Each ends the block: direct targets through gen_jmp_tb (chainable),
 * indirect ones with a lookup, mode changes with an exit to the loop.
 */
#include "translate.h"

static uint32_t mask_eip(DisasContext *s, uint32_t eip)
{
    return s->dflag == MO_16 ? eip & 0xffff : eip;
}

void gen_jcc_rel(DisasContext *s, int b, int32_t disp)
{
    TCGLabel *taken = gen_new_label();
    uint32_t target = mask_eip(s, s->pc + disp);

    gen_jcc_label(s, b, taken);
    gen_jmp_tb(s, s->pc, 0);
    gen_set_label(taken);
    gen_jmp_tb(s, target, 1);
    s->is_jmp = DISAS_NORETURN;
}

/* LOOP, LOOPE, LOOPNE, JECXZ: the count at the address size. */
static void gen_loop(DisasContext *s, int b, int32_t disp)
{
    TCGLabel *taken = gen_new_label(), *not_taken = gen_new_label();
    uint32_t target = mask_eip(s, s->pc + disp);
    TCGv_i32 c = new_tmp();

    if (b != 0xe3) {
        tcg_gen_subi_i32(c, cpu_regs[R_ECX], 1);
        gen_op_mov_reg_v(s, s->aflag, R_ECX, c);
    }
    if (s->aflag == MO_16) {
        tcg_gen_ext16u_i32(c, cpu_regs[R_ECX]);
    } else {
        tcg_gen_mov_i32(c, cpu_regs[R_ECX]);
    }
    switch (b) {
    case 0xe0: /* LOOPNE: ECX != 0 and ZF = 0 */
        tcg_gen_brcondi_i32(TCG_COND_EQ, c, 0, not_taken);
        gen_jcc_label(s, 5, taken);
        break;
    case 0xe1: /* LOOPE */
        tcg_gen_brcondi_i32(TCG_COND_EQ, c, 0, not_taken);
        gen_jcc_label(s, 4, taken);
        break;
    case 0xe2:
        tcg_gen_brcondi_i32(TCG_COND_NE, c, 0, taken);
        break;
    default: /* JECXZ */
        tcg_gen_brcondi_i32(TCG_COND_EQ, c, 0, taken);
        break;
    }
    gen_set_label(not_taken);
    gen_jmp_tb(s, s->pc, 0);
    gen_set_label(taken);
    gen_jmp_tb(s, target, 1);
    s->is_jmp = DISAS_NORETURN;
}

/* Near RET: the pop is read before ESP moves. */
static void gen_ret(DisasContext *s, int imm)
{
    MemOp ot = s->dflag;

    gen_pop_load(s, ot, s->T0);
    gen_add_esp(s, (1 << ot) + imm);
    gen_update_eip_tmp(s->T0);
    gen_jr(s);
}

/*
 * ENTER (Intel SDM vol. 2A, ENTER): every stack access first, then EBP
 * and ESP, so a fault restarts the instruction.
 */
static void gen_enter(DisasContext *s, int esp_addend, int level)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;
    TCGv_i32 frame = new_tmp(), a = new_tmp(), v = new_tmp();
    TCGv_i32 t = new_tmp();

    level &= 31;
    tcg_gen_subi_i32(frame, cpu_regs[R_ESP], size);
    gen_stack_addr(s, a, frame);
    gen_op_mov_v_reg(s, ot, v, R_EBP);
    gen_op_st(s, ot, v, a);
    for (int i = 1; i < level; i++) {
        tcg_gen_subi_i32(t, cpu_regs[R_EBP], size * i);
        gen_stack_addr(s, a, t);
        gen_op_ld(s, ot, v, a);
        tcg_gen_subi_i32(t, frame, size * i);
        gen_stack_addr(s, a, t);
        gen_op_st(s, ot, v, a);
    }
    if (level) {
        tcg_gen_subi_i32(t, frame, size * level);
        gen_stack_addr(s, a, t);
        gen_op_st(s, ot, frame, a);
    }
    tcg_gen_subi_i32(t, frame, size * level + esp_addend);
    gen_op_mov_reg_v(s, ot, R_EBP, frame);
    gen_op_mov_reg_v(s, stack_size(s), R_ESP, t);
}

static void gen_leave(DisasContext *s)
{
    MemOp ot = s->dflag;
    TCGv_i32 a = new_tmp(), v = new_tmp();

    gen_stack_addr(s, a, cpu_regs[R_EBP]);
    gen_op_ld(s, ot, v, a);
    tcg_gen_addi_i32(a, cpu_regs[R_EBP], 1 << ot);
    gen_op_mov_reg_v(s, stack_size(s), R_ESP, a);
    gen_op_mov_reg_v(s, ot, R_EBP, v);
}

static void gen_interrupt(DisasContext *s, int vector)
{
    gen_update_eip_cur(s);
    gen_helper(&helper_info_raise_interrupt, -1, 3, ENV_ARG,
               tcg_constant_i32(vector).n, tcg_constant_i32(s->pc - s->eip).n);
}

/* After a helper that changed CS:EIP (and maybe the mode). */
static void gen_exit_after_helper(DisasContext *s)
{
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
}

static void gen_far_call_jmp(DisasContext *s, bool call, TCGv_i32 sel,
                             TCGv_i32 off)
{
    gen_update_eip_cur(s);
    if (call) {
        gen_helper(&helper_info_lcall, -1, 5, ENV_ARG, sel.n, off.n,
                   tcg_constant_i32(s->dflag == MO_32).n,
                   tcg_constant_i32(s->pc - s->eip).n);
    } else {
        gen_helper(&helper_info_ljmp, -1, 4, ENV_ARG, sel.n, off.n,
                   tcg_constant_i32(s->pc - s->eip).n);
    }
    gen_exit_after_helper(s);
}

/* FF /2 /3 /4 /5 (the /0 /1 /6 forms are in translate.c). */
bool disas_ff_control(DisasContext *s, int modrm)
{
    int op = (modrm >> 3) & 7;
    MemOp ot = s->dflag;

    switch (op) {
    case 2: /* CALL near r/m */
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        tcg_gen_movi_i32(s->T1, s->pc);
        gen_push_v(s, ot, s->T1);
        gen_update_eip_tmp(s->T0);
        gen_jr(s);
        return true;
    case 4: /* JMP near r/m */
        gen_ldst_modrm_load(s, modrm, ot, s->T0);
        gen_update_eip_tmp(s->T0);
        gen_jr(s);
        return true;
    case 3:
    case 5: { /* CALL/JMP far m16:16/32 */
        TCGv_i32 a = new_tmp();
        if ((modrm >> 6) == 3) {
            gen_illegal_opcode(s);
            return true;
        }
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot, s->T0, s->A0);
        gen_addr_add(s, a, s->A0, 1 << ot);
        gen_op_ld(s, MO_16, s->T1, a);
        gen_far_call_jmp(s, op == 3, s->T1, s->T0);
        return true;
    }
    default:
        return false;
    }
}

bool disas_control(DisasContext *s, int b)
{
    int32_t disp;

    switch (b) {
    case 0x70 ... 0x7f:
        disp = (int8_t)x86_ldub_code(s);
        gen_jcc_rel(s, b & 15, disp);
        return true;
    case 0xeb:
        disp = (int8_t)x86_ldub_code(s);
        gen_jmp_tb(s, mask_eip(s, s->pc + disp), 0);
        s->is_jmp = DISAS_NORETURN;
        return true;
    case 0xe9:
        disp = insn_get_signed(s, s->dflag);
        gen_jmp_tb(s, mask_eip(s, s->pc + disp), 0);
        s->is_jmp = DISAS_NORETURN;
        return true;
    case 0xe8:
        disp = insn_get_signed(s, s->dflag);
        tcg_gen_movi_i32(s->T0, s->pc);
        gen_push_v(s, s->dflag, s->T0);
        gen_jmp_tb(s, mask_eip(s, s->pc + disp), 0);
        s->is_jmp = DISAS_NORETURN;
        return true;
    case 0xe0 ... 0xe3:
        disp = (int8_t)x86_ldub_code(s);
        gen_loop(s, b, disp);
        return true;
    case 0xc2:
        disp = x86_lduw_code(s);
        gen_ret(s, disp);
        return true;
    case 0xc3:
        gen_ret(s, 0);
        return true;
    case 0xc8: {
        int addend = x86_lduw_code(s);
        int level = x86_ldub_code(s);
        gen_enter(s, addend, level);
        return true;
    }
    case 0xc9:
        gen_leave(s);
        return true;
    case 0x9a:
    case 0xea: { /* CALL/JMP ptr16:16/32 */
        uint32_t off = insn_get(s, s->dflag);
        uint32_t sel = x86_lduw_code(s);
        tcg_gen_movi_i32(s->T0, off);
        tcg_gen_movi_i32(s->T1, sel);
        gen_far_call_jmp(s, b == 0x9a, s->T1, s->T0);
        return true;
    }
    case 0xca:
    case 0xcb: /* RETF (imm16) */
        disp = b == 0xca ? x86_lduw_code(s) : 0;
        gen_update_eip_cur(s);
        gen_helper(&helper_info_lret, -1, 3, ENV_ARG,
                   tcg_constant_i32(s->dflag == MO_32).n,
                   tcg_constant_i32(disp).n);
        gen_exit_after_helper(s);
        return true;
    case 0xcf:
        gen_update_eip_cur(s);
        gen_helper(&helper_info_iret, -1, 3, ENV_ARG,
                   tcg_constant_i32(s->dflag == MO_32).n,
                   tcg_constant_i32(s->pc - s->eip).n);
        /* IRET restores EFLAGS: the flags are in env now */
        s->cc_op = CC_OP_DYNAMIC;
        gen_exit_after_helper(s);
        return true;
    case 0xcc:
        gen_interrupt(s, EXCP03_INT3);
        gen_exit_after_helper(s);
        return true;
    case 0xcd: {
        int vector = x86_ldub_code(s);
        gen_interrupt(s, vector);
        gen_exit_after_helper(s);
        return true;
    }
    case 0xce: { /* INTO: only when OF is set */
        TCGLabel *skip = gen_new_label();
        gen_jcc_label(s, 1, skip);
        gen_interrupt(s, EXCP04_INTO);
        gen_set_label(skip);
        return true;
    }
    default:
        return false;
    }
}
