/*
 * System and privileged instructions: port I/O, CLI/STI, HLT, PUSHF/POPF,
 * CPUID, RDTSC, RDMSR/WRMSR, descriptor tables (LGDT LIDT SGDT SIDT),
 * control registers (MOV CRn, LMSW, SMSW, CLTS) and segment registers.
 * Instructions that change the mode or the interrupt state end the block
 * so that the next one is looked up with the new flags.
 */
#include <stddef.h>

#include "system/mmu-helper.h"
#include "translate.h"

static int iopl(DisasContext *s)
{
    return (s->flags & IOPL_MASK) >> 12;
}

/* Port I/O when IOPL does not allow it: the TSS bitmap decides. */
void gen_check_io(DisasContext *s, MemOp ot, TCGv_i32 port)
{
    if (s->pe && (s->vm86 || s->cpl > iopl(s))) {
        gen_update_eip_cur(s);
        gen_helper(&helper_info_check_io, -1, 3, ENV_ARG, port.n,
                   tcg_constant_i32(1 << ot).n);
    }
}

static void gen_io_in(DisasContext *s, MemOp ot, TCGv_i32 port)
{
    static const TCGHelperInfo *const in[3] = {
        &helper_info_inb, &helper_info_inw, &helper_info_inl};
    gen_check_io(s, ot, port);
    gen_helper(in[ot], s->T0.n, 2, ENV_ARG, port.n);
    gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
}

static void gen_io_out(DisasContext *s, MemOp ot, TCGv_i32 port)
{
    static const TCGHelperInfo *const out[3] = {
        &helper_info_outb, &helper_info_outw, &helper_info_outl};
    gen_check_io(s, ot, port);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    gen_helper(out[ot], -1, 3, ENV_ARG, port.n, s->T0.n);
}

/* CLI/STI/PUSHF/POPF sensitivity: CPL <= IOPL (vm86: IOPL = 3). */
static bool check_iopl(DisasContext *s)
{
    if (s->vm86 ? iopl(s) != 3 : s->cpl > iopl(s)) {
        gen_exception(s, EXCP0D_GPF);
        return false;
    }
    return true;
}

static void gen_set_hflag(uint32_t mask)
{
    TCGv_i32 t = new_tmp();

    tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, hflags));
    tcg_gen_ori_i32(t, t, mask);
    tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, hflags));
}

static void gen_eflags_if(bool set)
{
    TCGv_i32 t = new_tmp();

    tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, eflags));
    if (set) {
        tcg_gen_ori_i32(t, t, IF_MASK);
    } else {
        tcg_gen_andi_i32(t, t, ~IF_MASK);
    }
    tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, eflags));
}

static void gen_pushf(DisasContext *s)
{
    if (s->vm86 && !check_iopl(s)) {
        return;
    }
    gen_helper(&helper_info_read_eflags, s->T0.n, 1, ENV_ARG);
    /* The image has VM and RF clear (Intel SDM vol. 2B, PUSHF). */
    tcg_gen_andi_i32(s->T0, s->T0, ~(VM_MASK | RF_MASK));
    gen_push_v(s, s->dflag, s->T0);
}

/*
 * POPF: CPL 0 changes IF and IOPL, CPL <= IOPL changes IF; VM, RF, VIP
 * and VIF never change here (Intel SDM vol. 2B, POPF).
 */
static void gen_popf(DisasContext *s)
{
    uint32_t mask = CC_ALL | DF_MASK | TF_MASK | NT_MASK | AC_MASK | ID_MASK;

    if (s->vm86 && !check_iopl(s)) {
        return;
    }
    if (s->cpl == 0) {
        mask |= IF_MASK | IOPL_MASK;
    } else if (s->cpl <= iopl(s)) {
        mask |= IF_MASK;
    }
    if (s->dflag == MO_16) {
        mask &= 0xffff;
    }
    gen_pop_load(s, s->dflag, s->T0);
    gen_helper(&helper_info_write_eflags, -1, 3, ENV_ARG, s->T0.n,
               tcg_constant_i32(mask).n);
    s->cc_op = CC_OP_EFLAGS; /* the helper left it in env */
    gen_pop_update(s, s->dflag);
    s->is_jmp = DISAS_EOB_NEXT;
}

bool disas_system(DisasContext *s, int b)
{
    MemOp ot = (b & 1) ? s->dflag : MO_8;

    switch (b) {
    case 0xe4:
    case 0xe5:
        gen_io_in(s, ot, tcg_constant_i32(x86_ldub_code(s)));
        return true;
    case 0xe6:
    case 0xe7:
        gen_io_out(s, ot, tcg_constant_i32(x86_ldub_code(s)));
        return true;
    case 0xec:
    case 0xed:
    case 0xee:
    case 0xef: {
        TCGv_i32 port = new_tmp();
        tcg_gen_ext16u_i32(port, cpu_regs[R_EDX]);
        if (b < 0xee) {
            gen_io_in(s, ot, port);
        } else {
            gen_io_out(s, ot, port);
        }
        return true;
    }
    case 0xfa: /* CLI */
        if (check_iopl(s)) {
            gen_eflags_if(false);
        }
        return true;
    case 0xfb: /* STI: interrupts wait one more instruction */
        if (check_iopl(s)) {
            gen_eflags_if(true);
            gen_set_hflag(HF_INHIBIT_IRQ_MASK);
            s->is_jmp = DISAS_EOB_NEXT;
        }
        return true;
    case 0xf4: /* HLT */
        if (check_cpl0(s)) {
            gen_update_eip_cur(s);
            gen_helper(&helper_info_hlt, -1, 2, ENV_ARG,
                       tcg_constant_i32(s->pc - s->eip).n);
            tcg_gen_exit_tb(NULL, 0);
            s->is_jmp = DISAS_NORETURN;
        }
        return true;
    case 0x9c:
        gen_pushf(s);
        return true;
    case 0x9d:
        gen_popf(s);
        return true;
    default:
        return false;
    }
}

/* LGDT/LIDT/SGDT/SIDT: a 6-byte pseudo-descriptor, 24-bit base in o16. */
static void gen_desc_table(DisasContext *s, int modrm, bool load,
                           size_t base_ofs, size_t limit_ofs)
{
    TCGv_i32 a = new_tmp(), limit = new_tmp(), base = new_tmp();

    gen_lea_modrm(s, modrm);
    gen_addr_add(s, a, s->A0, 2);
    if (load) {
        TCGv_i64 b64 = new_tmp64();
        gen_op_ld(s, MO_16, limit, s->A0);
        gen_op_ld(s, MO_32, base, a);
        if (s->dflag == MO_16) {
            tcg_gen_andi_i32(base, base, 0xffffff);
        }
        tcg_gen_extu_i32_i64(b64, base);
        tcg_gen_st_i64(b64, tcg_env, base_ofs);
        tcg_gen_st_i32(limit, tcg_env, limit_ofs);
        s->is_jmp = DISAS_EOB_NEXT;
    } else {
        tcg_gen_ld_i32(limit, tcg_env, limit_ofs);
        tcg_gen_ld_i32(base, tcg_env, base_ofs);
        if (s->dflag == MO_16) {
            tcg_gen_andi_i32(base, base, 0xffffff);
        }
        gen_op_st(s, MO_16, limit, s->A0);
        gen_op_st(s, MO_32, base, a);
    }
}

static void gen_write_cr(DisasContext *s, int cr, TCGv_i32 v)
{
    gen_update_eip_cur(s);
    gen_helper(&helper_info_write_crN, -1, 3, ENV_ARG, tcg_constant_i32(cr).n,
               v.n);
    s->is_jmp = DISAS_EOB_NEXT;
}

/* 0F 01: SGDT SIDT LGDT LIDT SMSW LMSW INVLPG. */
bool disas_0f01(DisasContext *s, int modrm)
{
    int op = (modrm >> 3) & 7;
    bool mem = (modrm >> 6) != 3;

    switch (op) {
    case 0:
    case 1:
        if (!mem) {
            return false;
        }
        gen_desc_table(s, modrm, false,
                       op ? offsetof(CPUX86State, idt.base)
                          : offsetof(CPUX86State, gdt.base),
                       op ? offsetof(CPUX86State, idt.limit)
                          : offsetof(CPUX86State, gdt.limit));
        return true;
    case 2:
    case 3:
        if (!mem) {
            return false;
        }
        if (check_cpl0(s)) {
            gen_desc_table(s, modrm, true,
                           op == 3 ? offsetof(CPUX86State, idt.base)
                                   : offsetof(CPUX86State, gdt.base),
                           op == 3 ? offsetof(CPUX86State, idt.limit)
                                   : offsetof(CPUX86State, gdt.limit));
        }
        return true;
    case 4: /* SMSW: all of CR0 to a 32-bit register, 16 bits to memory */
        tcg_gen_ld_i32(s->T0, tcg_env, offsetof(CPUX86State, cr[0]));
        if (mem) {
            gen_ldst_modrm_store(s, modrm, MO_16, s->T0);
        } else {
            gen_ldst_modrm_store(s, modrm, s->dflag, s->T0);
        }
        return true;
    case 6: /* LMSW: MP EM TS and PE, which it cannot clear */
        if (!check_cpl0(s)) {
            return true;
        }
        gen_ldst_modrm_load(s, modrm, MO_16, s->T0);
        tcg_gen_ld_i32(s->T1, tcg_env, offsetof(CPUX86State, cr[0]));
        tcg_gen_andi_i32(s->T0, s->T0, 0xf);
        tcg_gen_andi_i32(s->tmp, s->T1, ~0xe);
        tcg_gen_or_i32(s->T0, s->T0, s->tmp);
        gen_write_cr(s, 0, s->T0);
        return true;
    case 7: /* INVLPG: the block ends, its own mapping may have changed */
        if (!mem) {
            return false;
        }
        if (check_cpl0(s)) {
            gen_lea_modrm(s, modrm);
            gen_update_eip_cur(s);
            gen_helper(&helper_info_invlpg, -1, 2, ENV_ARG, s->A0.n);
            s->is_jmp = DISAS_EOB_NEXT;
        }
        return true;
    default:
        return false;
    }
}

/* Two-byte system opcodes: 0F 06 20-23 30 31 32 A2. */
bool disas_crn(DisasContext *s, int b)
{
    switch (b) {
    case 0x06: /* CLTS */
        if (check_cpl0(s)) {
            gen_update_eip_cur(s);
            gen_helper(&helper_info_read_crN, s->T0.n, 2, ENV_ARG,
                       tcg_constant_i32(0).n);
            tcg_gen_andi_i32(s->T0, s->T0, (int32_t) ~(uint32_t)CR0_TS_MASK);
            gen_write_cr(s, 0, s->T0);
        }
        return true;
    case 0x20:
    case 0x22: { /* MOV r32, CRn / MOV CRn, r32 (mod is ignored) */
        int modrm = x86_ldub_code(s);
        int cr = (modrm >> 3) & 7, rm = modrm & 7;
        if (cr == 1 || cr > 4) {
            return false;
        }
        if (!check_cpl0(s)) {
            return true;
        }
        gen_update_eip_cur(s);
        if (b == 0x20) {
            gen_helper(&helper_info_read_crN, s->T0.n, 2, ENV_ARG,
                       tcg_constant_i32(cr).n);
            tcg_gen_mov_i32(cpu_regs[rm], s->T0);
        } else {
            gen_write_cr(s, cr, cpu_regs[rm]);
        }
        return true;
    }
    case 0x21:
    case 0x23: { /* MOV r32, DRn / MOV DRn, r32 (mod is ignored) */
        int modrm = x86_ldub_code(s);
        int dr = (modrm >> 3) & 7, rm = modrm & 7;
        if (!check_cpl0(s)) {
            return true;
        }
        gen_update_eip_cur(s);
        if (b == 0x21) {
            gen_helper(&helper_info_read_drN, s->T0.n, 2, ENV_ARG,
                       tcg_constant_i32(dr).n);
            tcg_gen_mov_i32(cpu_regs[rm], s->T0);
        } else {
            gen_helper(&helper_info_write_drN, -1, 3, ENV_ARG,
                       tcg_constant_i32(dr).n, cpu_regs[rm].n);
            s->is_jmp = DISAS_EOB_NEXT;
        }
        return true;
    }
    case 0x30: /* WRMSR */
    case 0x32: /* RDMSR */
        if (check_cpl0(s)) {
            gen_update_eip_cur(s);
            gen_helper(b == 0x30 ? &helper_info_wrmsr : &helper_info_rdmsr, -1,
                       1, ENV_ARG);
            if (b == 0x30) {
                s->is_jmp = DISAS_EOB_NEXT;
            }
        }
        return true;
    case 0x31: /* RDTSC (CR4.TSD not checked: stage A is CPL 0) */
        gen_update_eip_cur(s);
        gen_helper(&helper_info_rdtsc, -1, 1, ENV_ARG);
        return true;
    case 0xa2:
        gen_update_eip_cur(s);
        gen_helper(&helper_info_cpuid, -1, 1, ENV_ARG);
        return true;
    default:
        return false;
    }
}

/*
 * Load a segment register through the system helper (real-mode or
 * descriptor checks there).  The mode may change (ADDSEG, SS32): end the
 * block.  SS also holds off interrupts for one instruction.
 */
void gen_movl_seg(DisasContext *s, int seg, TCGv_i32 sel)
{
    gen_update_eip_cur(s);
    gen_helper(&helper_info_load_seg, -1, 3, ENV_ARG, tcg_constant_i32(seg).n,
               sel.n);
    if (seg == R_SS) {
        gen_set_hflag(HF_INHIBIT_IRQ_MASK);
    }
    s->is_jmp = DISAS_EOB_NEXT;
}

/*
 * PUSH Sreg: ESP moves by the operand size, but only the 16-bit selector
 * is written, as current Intel processors do (SDM vol. 2B, PUSH).
 */
void gen_push_seg(DisasContext *s, int seg)
{
    TCGv_i32 nesp = new_tmp(), a = new_tmp();

    tcg_gen_ld_i32(s->T0, tcg_env, offsetof(CPUX86State, segs[seg].selector));
    tcg_gen_subi_i32(nesp, cpu_regs[R_ESP], 1 << s->dflag);
    gen_stack_addr(s, a, nesp);
    gen_op_st(s, MO_16, s->T0, a);
    gen_op_mov_reg_v(s, stack_size(s), R_ESP, nesp);
}

void gen_pop_seg(DisasContext *s, int seg)
{
    gen_pop_load(s, s->dflag, s->T0);
    tcg_gen_ext16u_i32(s->T0, s->T0);
    gen_movl_seg(s, seg, s->T0);
    gen_pop_update(s, s->dflag);
}

/* 0F 00: SLDT STR LLDT LTR VERR VERW, protected mode only. */
bool disas_0f00(DisasContext *s, int modrm)
{
    int op = (modrm >> 3) & 7;
    bool mem = (modrm >> 6) != 3;
    TCGv_i32 z;

    if (!s->pe || s->vm86) {
        return false;
    }
    switch (op) {
    case 0: /* SLDT, STR: 16 bits to memory, zero-extended to a register */
    case 1:
        tcg_gen_ld_i32(s->T0, tcg_env,
                       op ? offsetof(CPUX86State, tr.selector)
                          : offsetof(CPUX86State, ldt.selector));
        gen_ldst_modrm_store(s, modrm, mem ? MO_16 : s->dflag, s->T0);
        return true;
    case 2: /* LLDT, LTR */
    case 3:
        if (!check_cpl0(s)) {
            return true;
        }
        gen_ldst_modrm_load(s, modrm, MO_16, s->T0);
        gen_update_eip_cur(s);
        gen_helper(op == 2 ? &helper_info_lldt : &helper_info_ltr, -1, 2,
                   ENV_ARG, s->T0.n);
        return true;
    case 4: /* VERR, VERW */
    case 5:
        z = new_tmp();
        gen_ldst_modrm_load(s, modrm, MO_16, s->T0);
        gen_update_eip_cur(s);
        gen_helper(&helper_info_verr_verw, z.n, 3, ENV_ARG, s->T0.n,
                   tcg_constant_i32(op == 5).n);
        gen_set_zf(s, z);
        return true;
    default:
        return false;
    }
}

/* 0F 02 LAR, 0F 03 LSL: the register is written only when ZF is set. */
bool disas_lar_lsl(DisasContext *s, int b)
{
    int modrm = x86_ldub_code(s);
    int reg = (modrm >> 3) & 7;
    TCGv_i64 r = new_tmp64();
    TCGv_i32 z = new_tmp(), v = new_tmp(), old = new_tmp();

    if (!s->pe || s->vm86) {
        return false;
    }
    gen_ldst_modrm_load(s, modrm, MO_16, s->T0);
    gen_update_eip_cur(s);
    gen_helper(&helper_info_lar_lsl, r.n, 3, ENV_ARG, s->T0.n,
               tcg_constant_i32(b == 3).n);
    tcg_gen_extrl_i64_i32(v, r);
    tcg_gen_extrh_i64_i32(z, r);
    gen_op_mov_v_reg(s, s->dflag, old, reg);
    tcg_gen_movcond_i32(TCG_COND_NE, v, z, tcg_constant_i32(0), v, old);
    gen_op_mov_reg_v(s, s->dflag, reg, v);
    gen_set_zf(s, z);
    return true;
}

/* 0F 34 SYSENTER, 0F 35 SYSEXIT: the helpers set CS, SS, ESP and EIP. */
bool disas_sysenter(DisasContext *s, int b)
{
    gen_update_eip_cur(s);
    gen_helper(b == 0x34 ? &helper_info_sysenter : &helper_info_sysexit, -1, 1,
               ENV_ARG);
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
    return true;
}
