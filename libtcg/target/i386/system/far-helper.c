/*
 * Far control transfers: JMP ptr/m, CALL ptr/m, RET far and IRET
 * (Intel SDM vol. 2A-2B, their "Operation" sections; vol. 3A, 5.8 for
 * call gates and privilege changes).  Real mode and virtual-8086 mode
 * load CS as selector * 16; protected mode checks the code segment or
 * call gate, or switches tasks (task-helper.c) for a TSS or task gate.
 *
 * shift is the operand size: 0 for 16-bit, 1 for 32-bit.  EIP is written
 * last, after every memory access (x86-tcg.h: precise exceptions).
 */
#include "x86-system.h"

/* Arithmetic flags and DF, which every EFLAGS load takes. */
#define EFLAGS_CC_DF (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O | DF_MASK)

static CPUX86State *to_env(uint64_t env)
{
    return (CPUX86State *)(uintptr_t)env;
}

/* Real mode and virtual-8086 mode CS: base selector * 16, same limit. */
static void load_cs_real(CPUX86State *env, uint32_t selector)
{
    cpu_x86_load_seg_cache(env, R_CS, selector, selector << 4,
                           env->segs[R_CS].limit, env->segs[R_CS].flags);
}

/*
 * The code segment of a JMP or CALL to selector, directly or through a
 * call gate: conforming with DPL <= CPL, or non-conforming with DPL =
 * CPL (a CALL through a gate may go to an inner one: allow_inner).
 */
static void check_code_target(CPUX86State *env, uint32_t selector,
                              bool check_rpl, bool allow_inner, X86Desc *d)
{
    int cpl = x86_cpl(env);
    uint32_t err = selector & ~SEL_RPL_MASK;
    int dpl;

    if (!err) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, selector, d) || !desc_is_code(d)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    dpl = desc_dpl(d);
    if (d->e2 & DESC_C_MASK) {
        if (dpl > cpl) {
            raise_exception_err(env, EXCP0D_GPF, err);
        }
    } else {
        bool ok = allow_inner ? dpl <= cpl
                              : dpl == cpl &&
                                    (!check_rpl || (int)(selector & 3) <= cpl);

        if (!ok) {
            raise_exception_err(env, EXCP0D_GPF, err);
        }
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
}

/* A call gate (JMP and CALL through it); fills in the target. */
static void read_call_gate(CPUX86State *env, uint32_t selector,
                           const X86Desc *gate, uint32_t *target_sel,
                           uint32_t *target_eip)
{
    int cpl = x86_cpl(env);
    int type = desc_type(gate);
    uint32_t err = selector & ~SEL_RPL_MASK;

    if (type != DESC_TYPE_CALL_GATE16 && type != DESC_TYPE_CALL_GATE32) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (desc_dpl(gate) < cpl || desc_dpl(gate) < (int)(selector & 3)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (!desc_present(gate)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
    *target_sel = gate->e1 >> 16;
    *target_eip = (gate->e2 & 0xffff0000) | (gate->e1 & 0xffff);
    if (type == DESC_TYPE_CALL_GATE16) {
        *target_eip &= 0xffff;
    }
}

/*
 * A JMP or CALL to a TSS descriptor or a task gate (SDM vol. 2A, JMP:
 * "TASK-GATE", "TASK-STATE-SEGMENT"): DPL >= CPL and RPL, present, then
 * the task switch.  false: not a task target.
 */
static bool far_task_switch(CPUX86State *env, uint32_t selector,
                            const X86Desc *d, X86TaskSource source,
                            uint32_t next_eip)
{
    uint32_t err = selector & ~SEL_RPL_MASK;
    int type = desc_type(d);

    if (type != DESC_TYPE_TASK_GATE && type != DESC_TYPE_TSS32_AVAIL &&
        type != DESC_TYPE_TSS16_AVAIL) {
        return false;
    }
    if (desc_dpl(d) < x86_cpl(env) ||
        desc_dpl(d) < (int)(selector & SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
    if (type == DESC_TYPE_TASK_GATE) {
        x86_task_gate(env, d, source, next_eip, 0);
    } else {
        x86_task_switch(env, selector, d, source, next_eip, 0);
    }
    return true;
}

/* ---- JMP far ---- */

static void ljmp_protected(CPUX86State *env, uint32_t selector,
                           uint32_t new_eip, uint32_t next_eip)
{
    uint32_t target = selector;
    X86Desc d, code;

    if (!(selector & ~SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, selector, &d)) {
        raise_exception_err(env, EXCP0D_GPF, selector & ~SEL_RPL_MASK);
    }
    if (d.e2 & DESC_S_MASK) {
        check_code_target(env, selector, true, false, &code);
    } else if (far_task_switch(env, selector, &d, X86_TASK_JMP, next_eip)) {
        return;
    } else {
        /* Through a call gate: no privilege change for JMP. */
        read_call_gate(env, selector, &d, &target, &new_eip);
        check_code_target(env, target, false, false, &code);
    }
    if (new_eip > desc_limit(&code)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    x86_set_desc_accessed(env, target, &code);
    x86_load_seg_desc(env, R_CS, (target & ~SEL_RPL_MASK) | x86_cpl(env),
                      &code);
    env->eip = new_eip;
}

uint64_t helper_ljmp(uint64_t env_, uint64_t selector, uint64_t new_eip,
                     uint64_t next_eip_addend)
{
    CPUX86State *env = to_env(env_);

    if (x86_protected_mode(env)) {
        ljmp_protected(env, selector & 0xffff, new_eip,
                       env->eip + next_eip_addend);
    } else {
        load_cs_real(env, selector & 0xffff);
        env->eip = (uint32_t)new_eip;
    }
    return 0;
}

/* ---- CALL far ---- */

/* CALL through a gate to an inner level: new stack, parameters copied. */
static void lcall_gate_inner(CPUX86State *env, const X86Desc *gate,
                             uint32_t target, X86Desc *code, uint32_t new_eip,
                             uint32_t ret_eip)
{
    int dpl = desc_dpl(code);
    int shift = desc_type(gate) >> 3;
    unsigned nparams = gate->e2 & 0x1f;
    uint32_t ss_sel, tss_esp;
    X86Stack old, st;
    X86Desc ss;

    x86_tss_get_stack(env, dpl, &ss_sel, &tss_esp);
    x86_check_inner_ss(env, ss_sel, dpl, 0, &ss);
    x86_stack_init(&st, desc_base(&ss), tss_esp, ss.e2, dpl);
    x86_stack_current(&old, env);
    x86_push(env, &st, shift, env->segs[R_SS].selector);
    x86_push(env, &st, shift, old.sp);
    /* SDM vol. 3A, 5.8.5: the parameters keep their order. */
    for (unsigned i = nparams; i-- > 0;) {
        X86Stack p = old;

        x86_stack_drop(&p, i << (shift + 1));
        x86_push(env, &st, shift, x86_pop(env, &p, shift));
    }
    x86_push(env, &st, shift, env->segs[R_CS].selector);
    x86_push(env, &st, shift, ret_eip);
    x86_set_desc_accessed(env, target, code);

    x86_load_seg_desc(env, R_SS, (ss_sel & ~SEL_RPL_MASK) | dpl, &ss);
    x86_stack_commit(env, &st);
    x86_load_seg_desc(env, R_CS, (target & ~SEL_RPL_MASK) | dpl, code);
    env->eip = new_eip;
}

static void lcall_protected(CPUX86State *env, uint32_t selector,
                            uint32_t new_eip, int shift, uint32_t ret_eip)
{
    uint32_t target = selector;
    X86Desc d, code;
    X86Stack st;

    if (!(selector & ~SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, selector, &d)) {
        raise_exception_err(env, EXCP0D_GPF, selector & ~SEL_RPL_MASK);
    }
    if (d.e2 & DESC_S_MASK) {
        check_code_target(env, selector, true, false, &code);
    } else if (far_task_switch(env, selector, &d, X86_TASK_CALL, ret_eip)) {
        return;
    } else {
        read_call_gate(env, selector, &d, &target, &new_eip);
        check_code_target(env, target, false, true, &code);
        shift = desc_type(&d) >> 3;
    }
    if (new_eip > desc_limit(&code)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!(d.e2 & DESC_S_MASK) && !(code.e2 & DESC_C_MASK) &&
        desc_dpl(&code) < x86_cpl(env)) {
        lcall_gate_inner(env, &d, target, &code, new_eip, ret_eip);
        return;
    }
    x86_stack_current(&st, env);
    x86_push(env, &st, shift, env->segs[R_CS].selector);
    x86_push(env, &st, shift, ret_eip);
    x86_set_desc_accessed(env, target, &code);

    x86_stack_commit(env, &st);
    x86_load_seg_desc(env, R_CS, (target & ~SEL_RPL_MASK) | x86_cpl(env),
                      &code);
    env->eip = new_eip;
}

uint64_t helper_lcall(uint64_t env_, uint64_t selector, uint64_t new_eip,
                      uint64_t shift, uint64_t next_eip_addend)
{
    CPUX86State *env = to_env(env_);
    uint32_t ret_eip = env->eip + next_eip_addend;
    X86Stack st;

    if (x86_protected_mode(env)) {
        lcall_protected(env, selector & 0xffff, new_eip, shift, ret_eip);
        return 0;
    }
    x86_stack_current(&st, env);
    x86_push(env, &st, shift, env->segs[R_CS].selector);
    x86_push(env, &st, shift, ret_eip);
    x86_stack_commit(env, &st);
    load_cs_real(env, selector & 0xffff);
    env->eip = (uint32_t)new_eip;
    return 0;
}

/* ---- RET far and IRET ---- */

/*
 * The code segment a RET or IRET returns to (SDM vol. 2B, RET: "RETURN
 * TO PROTECTED MODE"): RPL >= CPL, conforming DPL <= RPL, non-conforming
 * DPL = RPL, present.
 */
static void check_return_cs(CPUX86State *env, uint32_t selector, X86Desc *d)
{
    uint32_t err = selector & ~SEL_RPL_MASK;
    int rpl = selector & SEL_RPL_MASK;

    if (!err) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, selector, d) || !desc_is_code(d) ||
        rpl < x86_cpl(env)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if ((d->e2 & DESC_C_MASK) ? desc_dpl(d) > rpl : desc_dpl(d) != rpl) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
}

/* The outer stack segment of a return to level rpl. */
static void check_return_ss(CPUX86State *env, uint32_t selector, int rpl,
                            X86Desc *d)
{
    uint32_t err = selector & ~SEL_RPL_MASK;

    if (!err) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!x86_read_desc(env, selector, d) ||
        (int)(selector & SEL_RPL_MASK) != rpl || desc_dpl(d) != rpl ||
        (d->e2 & (DESC_S_MASK | DESC_CS_MASK | DESC_W_MASK)) !=
            (DESC_S_MASK | DESC_W_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0C_STACK, err);
    }
}

/*
 * The common part of RET far and IRET in protected mode, once EIP and CS
 * (and for IRET EFLAGS) are popped: the same level, or an outer one with
 * SS:ESP popped too.  addend is RET's imm16.
 */
static void return_protected(CPUX86State *env, X86Stack *st, int shift,
                             uint32_t new_cs, uint32_t new_eip, uint32_t addend,
                             bool is_iret, uint32_t new_eflags,
                             uint32_t eflags_mask)
{
    int rpl = new_cs & SEL_RPL_MASK;
    uint32_t new_ss = 0;
    X86Desc code, ss = {0};
    X86Stack outer = {0};

    check_return_cs(env, new_cs, &code);
    x86_stack_drop(st, addend);
    if (rpl != x86_cpl(env)) {
        uint32_t new_esp = x86_pop(env, st, shift);

        new_ss = x86_pop(env, st, shift) & 0xffff;
        check_return_ss(env, new_ss, rpl, &ss);
        x86_stack_init(&outer, desc_base(&ss), new_esp, ss.e2, rpl);
        x86_stack_drop(&outer, addend);
    }
    if (new_eip > desc_limit(&code)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    x86_set_desc_accessed(env, new_cs, &code);
    if (rpl != x86_cpl(env)) {
        x86_set_desc_accessed(env, new_ss, &ss);
    }

    /* No fault from here on. */
    if (is_iret) {
        cpu_load_eflags(env, new_eflags, eflags_mask);
    }
    if (rpl != x86_cpl(env)) {
        x86_load_seg_desc(env, R_CS, new_cs, &code);
        x86_load_seg_desc(env, R_SS, new_ss, &ss);
        x86_stack_commit(env, &outer);
        x86_validate_data_segs(env, rpl);
    } else {
        x86_stack_commit(env, st);
        x86_load_seg_desc(env, R_CS, new_cs, &code);
    }
    env->eip = new_eip;
}

uint64_t helper_lret(uint64_t env_, uint64_t shift, uint64_t addend)
{
    CPUX86State *env = to_env(env_);
    uint32_t new_eip, new_cs;
    X86Stack st;

    x86_stack_current(&st, env);
    new_eip = x86_pop(env, &st, shift);
    new_cs = x86_pop(env, &st, shift) & 0xffff;
    if (x86_protected_mode(env)) {
        return_protected(env, &st, shift, new_cs, new_eip, addend, false, 0, 0);
        return 0;
    }
    x86_stack_drop(&st, addend);
    x86_stack_commit(env, &st);
    load_cs_real(env, new_cs);
    env->eip = new_eip;
    return 0;
}

/*
 * IRET in real mode, and in virtual-8086 mode with IOPL 3 (SDM vol. 2A,
 * IRET: VM, VIF and VIP stay; vm86 also keeps IOPL).
 */
static void iret_real(CPUX86State *env, int shift)
{
    uint32_t mask = EFLAGS_CC_DF | TF_MASK | IF_MASK | NT_MASK | RF_MASK |
                    AC_MASK | ID_MASK | IOPL_MASK;
    uint32_t new_eip, new_cs, new_eflags;
    X86Stack st;

    if (env->eflags & VM_MASK) {
        if (((env->eflags & IOPL_MASK) >> 12) != 3) {
            raise_exception_err(env, EXCP0D_GPF, 0);
        }
        mask &= ~IOPL_MASK;
    }
    x86_stack_current(&st, env);
    new_eip = x86_pop(env, &st, shift);
    new_cs = x86_pop(env, &st, shift) & 0xffff;
    new_eflags = x86_pop(env, &st, shift);
    if (!shift) {
        mask &= 0xffff;
    }
    x86_stack_commit(env, &st);
    load_cs_real(env, new_cs);
    cpu_load_eflags(env, new_eflags, mask);
    env->eip = new_eip;
}

static void iret_protected(CPUX86State *env, int shift, uint32_t next_eip)
{
    int cpl = x86_cpl(env);
    int iopl = (env->eflags & IOPL_MASK) >> 12;
    uint32_t mask =
        EFLAGS_CC_DF | TF_MASK | NT_MASK | RF_MASK | AC_MASK | ID_MASK;
    uint32_t new_eip, new_cs, new_eflags;
    X86Stack st;

    if (env->eflags & NT_MASK) {
        /* The return from a nested task (SDM vol. 2A, IRET). */
        x86_task_return(env, next_eip);
        return;
    }
    x86_stack_current(&st, env);
    new_eip = x86_pop(env, &st, shift);
    new_cs = x86_pop(env, &st, shift) & 0xffff;
    new_eflags = x86_pop(env, &st, shift);
    if (shift && (new_eflags & VM_MASK) && cpl == 0) {
        qemu_log_mask(LOG_UNIMP, "IRET to virtual-8086 mode is not "
                                 "implemented, #GP\n");
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    /* SDM vol. 2A, IRET: IF if CPL <= IOPL; IOPL, VIF, VIP at CPL 0. */
    if (cpl <= iopl) {
        mask |= IF_MASK;
    }
    if (cpl == 0) {
        mask |= IOPL_MASK | VIF_MASK | VIP_MASK;
    }
    if (!shift) {
        mask &= 0xffff;
    }
    return_protected(env, &st, shift, new_cs, new_eip, 0, true, new_eflags,
                     mask);
}

uint64_t helper_iret(uint64_t env_, uint64_t shift, uint64_t next_eip_addend)
{
    CPUX86State *env = to_env(env_);

    if (x86_protected_mode(env)) {
        iret_protected(env, shift, env->eip + next_eip_addend);
    } else {
        iret_real(env, shift);
    }
    /* IRET ends the blocking of NMIs (SDM vol. 3A, 6.7.1). */
    env->nmi_masked = false;
    return 0;
}

const TCGHelperInfo helper_info_ljmp = {
    .func = (void (*)(void))helper_ljmp,
    .name = "ljmp",
    .nb_args = 4,
};

const TCGHelperInfo helper_info_lcall = {
    .func = (void (*)(void))helper_lcall,
    .name = "lcall",
    .nb_args = 5,
};

const TCGHelperInfo helper_info_lret = {
    .func = (void (*)(void))helper_lret,
    .name = "lret",
    .nb_args = 3,
};

const TCGHelperInfo helper_info_iret = {
    .func = (void (*)(void))helper_iret,
    .name = "iret",
    .nb_args = 3,
};
