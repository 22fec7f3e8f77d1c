/*
 * Interrupt and exception delivery: through the interrupt vector table
 * in real mode (Intel SDM vol. 3A, 20.1.4) and through IDT interrupt and
 * trap gates in protected mode (SDM vol. 3A, 6.10-6.12), with the stack
 * switch to an inner privilege level from the TSS, or to a task through
 * a task gate (task-helper.c).
 *
 * Every guest memory access (gate, descriptors, pushes) comes before the
 * first register write, so a fault on the way leaves the state as it
 * was and is delivered instead (excp-helper.c combines it into #DF).
 */
#include "x86-system.h"

static void do_interrupt_real(CPUX86State *env, int vector, bool is_int,
                              uint64_t next_eip)
{
    uint64_t entry = env->idt.base + vector * 4;
    uint32_t ret_eip = is_int ? next_eip : env->eip;
    uint16_t new_ip, new_cs;
    X86Stack st;

    if ((uint32_t)vector * 4 + 3 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, vector * 8 + ERR_IDT);
    }
    new_ip = x86_lduw_kernel(env, entry);
    new_cs = x86_lduw_kernel(env, entry + 2);

    /* FLAGS, CS, IP: 16-bit, no error code in real mode. */
    x86_stack_current(&st, env);
    x86_push(env, &st, 0, cpu_compute_eflags(env));
    x86_push(env, &st, 0, env->segs[R_CS].selector);
    x86_push(env, &st, 0, ret_eip);

    x86_stack_commit(env, &st);
    /* The limit and attributes stay (unreal mode keeps its limits). */
    cpu_x86_load_seg_cache(env, R_CS, new_cs, (uint32_t)new_cs << 4,
                           env->segs[R_CS].limit, env->segs[R_CS].flags);
    env->eip = new_ip;
    x86_clear_eflags(env, IF_MASK | TF_MASK | AC_MASK | RF_MASK);
}

/* The gate for vector, checked as SDM vol. 3A, 6.12.1.1 says. */
static void read_idt_gate(CPUX86State *env, int vector, bool is_int, int ext,
                          X86Desc *gate)
{
    uint32_t gate_err = vector * 8 + ERR_IDT + ext;

    if ((uint32_t)vector * 8 + 7 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    gate->e1 = x86_ldl_kernel(env, env->idt.base + vector * 8);
    gate->e2 = x86_ldl_kernel(env, env->idt.base + vector * 8 + 4);
    if (gate->e2 & DESC_S_MASK) {
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    switch (desc_type(gate)) {
    case DESC_TYPE_INT_GATE16:
    case DESC_TYPE_TRAP_GATE16:
    case DESC_TYPE_INT_GATE32:
    case DESC_TYPE_TRAP_GATE32:
        break;
    case DESC_TYPE_TASK_GATE:
        break;
    default:
        raise_exception_err(env, EXCP0D_GPF, gate_err);
    }
    /* Software interrupts may only use gates of their privilege. */
    if (is_int && desc_dpl(gate) < x86_cpl(env)) {
        raise_exception_err(env, EXCP0D_GPF, vector * 8 + ERR_IDT);
    }
    if (!desc_present(gate)) {
        raise_exception_err(env, EXCP0B_NOSEG, gate_err);
    }
}

static void do_interrupt_protected(CPUX86State *env, int vector, bool is_int,
                                   bool is_hw, int error_code,
                                   uint64_t next_eip)
{
    /* Everything but INT n is external to the program (SDM 6.13). */
    int ext = is_int ? 0 : ERR_EXT;
    bool has_error = !is_int && !is_hw && x86_excp_has_error_code(vector);
    bool vm86 = env->eflags & VM_MASK;
    int cpl = x86_cpl(env);
    uint32_t ret_eip = is_int ? next_eip : env->eip;
    uint32_t eflags = cpu_compute_eflags(env);
    uint32_t sel, offset, ss_sel = 0, tss_esp = 0;
    X86Desc gate, code, ss = {0};
    bool inner;
    int shift, dpl;
    X86Stack st;

    read_idt_gate(env, vector, is_int, ext, &gate);
    if (desc_type(&gate) == DESC_TYPE_TASK_GATE) {
        /* The handler is a task (SDM vol. 3A, 6.12.2), e.g. for #DF. */
        x86_task_gate(env, &gate, X86_TASK_CALL, ret_eip, ext);
        if (has_error) {
            x86_stack_current(&st, env);
            x86_push(env, &st, 1, error_code);
            x86_stack_commit(env, &st);
        }
        return;
    }
    shift = desc_type(&gate) >> 3; /* 32-bit gates have type bit 3 set */
    sel = gate.e1 >> 16;
    offset = (gate.e2 & 0xffff0000) | (gate.e1 & 0xffff);
    if (!shift) {
        offset &= 0xffff;
    }

    /* The handler's code segment (SDM vol. 3A, 6.12.1). */
    if (!(sel & ~SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, ext);
    }
    if (!x86_read_desc(env, sel, &code) || !desc_is_code(&code)) {
        raise_exception_err(env, EXCP0D_GPF, (sel & ~SEL_RPL_MASK) + ext);
    }
    dpl = desc_dpl(&code);
    if (dpl > cpl) {
        raise_exception_err(env, EXCP0D_GPF, (sel & ~SEL_RPL_MASK) + ext);
    }
    if (!desc_present(&code)) {
        raise_exception_err(env, EXCP0B_NOSEG, (sel & ~SEL_RPL_MASK) + ext);
    }
    if (offset > desc_limit(&code)) {
        raise_exception_err(env, EXCP0D_GPF, ext);
    }
    inner = !(code.e2 & DESC_C_MASK) && dpl < cpl;
    if (vm86 && (!inner || dpl != 0)) {
        /* From virtual-8086 mode only to a ring 0 non-conforming handler. */
        raise_exception_err(env, EXCP0D_GPF, (sel & ~SEL_RPL_MASK) + ext);
    }
    if (!inner) {
        dpl = cpl;
    }

    if (inner) {
        x86_tss_get_stack(env, dpl, &ss_sel, &tss_esp);
        x86_check_inner_ss(env, ss_sel, dpl, ext, &ss);
        x86_stack_init(&st, desc_base(&ss), tss_esp, ss.e2, dpl);
        if (vm86) {
            /* SDM vol. 3A, 20.3.1.1: the real-mode segments go first. */
            x86_push(env, &st, shift, env->segs[R_GS].selector);
            x86_push(env, &st, shift, env->segs[R_FS].selector);
            x86_push(env, &st, shift, env->segs[R_DS].selector);
            x86_push(env, &st, shift, env->segs[R_ES].selector);
        }
        x86_push(env, &st, shift, env->segs[R_SS].selector);
        x86_push(env, &st, shift, env->regs[R_ESP]);
    } else {
        x86_stack_current(&st, env);
    }
    x86_push(env, &st, shift, eflags);
    x86_push(env, &st, shift, env->segs[R_CS].selector);
    x86_push(env, &st, shift, ret_eip);
    if (has_error) {
        x86_push(env, &st, shift, error_code);
    }
    x86_set_desc_accessed(env, sel, &code);

    /* No fault from here on: the transfer. */
    if (inner) {
        if (vm86) {
            cpu_x86_load_seg_cache(env, R_ES, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_DS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_FS, 0, 0, 0, 0);
            cpu_x86_load_seg_cache(env, R_GS, 0, 0, 0, 0);
        }
        x86_load_seg_desc(env, R_SS, (ss_sel & ~SEL_RPL_MASK) | dpl, &ss);
    }
    x86_stack_commit(env, &st);
    x86_clear_eflags(env, TF_MASK | VM_MASK | RF_MASK | NT_MASK);
    /* Interrupt gates (type bit 0 clear) also clear IF (SDM 6.12.1.3). */
    if (!(desc_type(&gate) & 1)) {
        x86_clear_eflags(env, IF_MASK);
    }
    x86_load_seg_desc(env, R_CS, (sel & ~SEL_RPL_MASK) | dpl, &code);
    env->eip = offset;
}

void x86_do_interrupt_all(CPUX86State *env, int vector, bool is_int, bool is_hw,
                          int error_code, uint64_t next_eip)
{
    if (env->cr[0] & CR0_PE_MASK) {
        do_interrupt_protected(env, vector, is_int, is_hw, error_code,
                               next_eip);
    } else {
        do_interrupt_real(env, vector, is_int, next_eip);
    }
}
