/*
 * Hardware task switches (Intel SDM vol. 3A, 7.3): through a task gate
 * in the IDT (a #DF handler in its own task), a far JMP or CALL to a TSS
 * descriptor or task gate, and IRET with NT set back to the previous
 * task.  32-bit TSSes only; a 16-bit one is logged with LOG_UNIMP and
 * refused with #TS.
 *
 * The SDM's order is kept where it matters for precise exceptions: the
 * new TSS is read and the old one written before anything changes; the
 * LDT and segment descriptors of the new task are checked after the
 * switch, so their faults (#TS, #NP, #SS) are taken in the new task.
 */
#include "x86-system.h"

/* 32-bit TSS fields (SDM vol. 3A, figure 7-2). */
#define TSS_LINK 0x00
#define TSS_CR3 0x1c
#define TSS_EIP 0x20
#define TSS_EFLAGS 0x24
#define TSS_REGS 0x28 /* EAX ... EDI, ModRM order */
#define TSS_SEGS 0x48 /* ES CS SS DS FS GS, a dword each */
#define TSS_LDT 0x60
#define TSS_TRAP 0x64
#define TSS32_MIN_LIMIT 0x67

/* What the new task's TSS holds. */
typedef struct X86TaskState {
    uint32_t cr3, eip, eflags, ldt, trap;
    uint32_t regs[8];
    uint32_t segs[NB_SEGS];
} X86TaskState;

static void set_tss_busy(CPUX86State *env, uint32_t selector, bool busy)
{
    uint64_t addr = env->gdt.base + (selector & SEL_INDEX_MASK) + 4;
    uint32_t e2 = x86_ldl_kernel(env, addr);

    e2 = busy ? e2 | DESC_TSS_BUSY_MASK : e2 & ~DESC_TSS_BUSY_MASK;
    x86_stl_kernel(env, addr, e2);
}

static void read_task_state(CPUX86State *env, uint64_t base, X86TaskState *t)
{
    t->cr3 = x86_ldl_kernel(env, base + TSS_CR3);
    t->eip = x86_ldl_kernel(env, base + TSS_EIP);
    t->eflags = x86_ldl_kernel(env, base + TSS_EFLAGS);
    for (int i = 0; i < 8; i++) {
        t->regs[i] = x86_ldl_kernel(env, base + TSS_REGS + i * 4);
    }
    for (int i = 0; i < NB_SEGS; i++) {
        t->segs[i] = x86_lduw_kernel(env, base + TSS_SEGS + i * 4);
    }
    t->ldt = x86_lduw_kernel(env, base + TSS_LDT);
    t->trap = x86_lduw_kernel(env, base + TSS_TRAP);
}

/* The current state into the current TSS (the dynamic fields). */
static void save_task_state(CPUX86State *env, uint32_t eip, uint32_t eflags)
{
    uint64_t base = env->tr.base;

    x86_stl_kernel(env, base + TSS_EIP, eip);
    x86_stl_kernel(env, base + TSS_EFLAGS, eflags);
    for (int i = 0; i < 8; i++) {
        x86_stl_kernel(env, base + TSS_REGS + i * 4, env->regs[i]);
    }
    for (int i = 0; i < NB_SEGS; i++) {
        x86_stl_kernel(env, base + TSS_SEGS + i * 4, env->segs[i].selector);
    }
}

/* The new task's LDT: null, or an LDT descriptor in the GDT. */
static void load_task_ldt(CPUX86State *env, uint32_t selector)
{
    uint32_t err = selector & ~SEL_RPL_MASK;
    X86Desc d;

    if (!err) {
        x86_load_system_seg(&env->ldt, selector, NULL);
        return;
    }
    if ((selector & SEL_TI_MASK) || !x86_read_desc(env, selector, &d) ||
        (d.e2 & DESC_S_MASK) || desc_type(&d) != DESC_TYPE_LDT ||
        !desc_present(&d)) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    x86_load_system_seg(&env->ldt, selector, &d);
}

/*
 * A segment register of the new task (SDM vol. 3A, table 7-1): #TS for
 * a wrong descriptor, #NP (#SS for SS) when not present.  cpl is the new
 * task's, CS.RPL.
 */
static void load_task_seg(CPUX86State *env, int seg_reg, uint32_t selector,
                          int cpl)
{
    uint32_t err = selector & ~SEL_RPL_MASK;
    int rpl = selector & SEL_RPL_MASK;
    bool ok;
    X86Desc d;

    if (!err && seg_reg != R_CS && seg_reg != R_SS) {
        cpu_x86_load_seg_cache(env, seg_reg, selector, 0, 0, 0);
        return;
    }
    if (!err || !x86_read_desc(env, selector, &d) || !(d.e2 & DESC_S_MASK)) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    if (seg_reg == R_CS) {
        ok = desc_is_code(&d) &&
             ((d.e2 & DESC_C_MASK) ? desc_dpl(&d) <= rpl : desc_dpl(&d) == rpl);
    } else if (seg_reg == R_SS) {
        ok = !(d.e2 & DESC_CS_MASK) && (d.e2 & DESC_W_MASK) && rpl == cpl &&
             desc_dpl(&d) == cpl;
    } else {
        bool conforming = desc_is_code(&d) && (d.e2 & DESC_C_MASK);

        ok = (!(d.e2 & DESC_CS_MASK) || (d.e2 & DESC_R_MASK)) &&
             (conforming || (desc_dpl(&d) >= cpl && desc_dpl(&d) >= rpl));
    }
    if (!ok) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    if (!desc_present(&d)) {
        raise_exception_err(env, seg_reg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                            err);
    }
    x86_set_desc_accessed(env, selector, &d);
    x86_load_seg_desc(env, seg_reg, selector, &d);
}

/* The segment registers and LDT of the new task, checked (7.3 step 13). */
static void load_task_segments(CPUX86State *env, const X86TaskState *t)
{
    static const int order[] = {R_CS, R_SS, R_ES, R_DS, R_FS, R_GS};
    int cpl = t->segs[R_CS] & SEL_RPL_MASK;

    /*
     * The selectors first, without descriptors: a fault while loading
     * them is taken in the new task with its selectors in place.
     */
    for (int i = 0; i < NB_SEGS; i++) {
        env->segs[i].selector = t->segs[i];
    }
    load_task_ldt(env, t->ldt);
    if (t->eflags & VM_MASK) {
        for (int i = 0; i < NB_SEGS; i++) {
            cpu_x86_load_seg_cache(env, i, t->segs[i], t->segs[i] << 4, 0xffff,
                                   DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                       DESC_A_MASK | (3 << DESC_DPL_SHIFT));
        }
        return;
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(order); i++) {
        load_task_seg(env, order[i], t->segs[order[i]], cpl);
    }
}

void x86_task_switch(CPUX86State *env, uint32_t selector, const X86Desc *tss,
                     X86TaskSource source, uint32_t next_eip, int ext)
{
    uint32_t err = (selector & ~SEL_RPL_MASK) + ext;
    uint32_t old_eflags = cpu_compute_eflags(env);
    uint32_t old_tr = env->tr.selector;
    uint64_t base = desc_base(tss);
    X86TaskState t;

    qemu_log_mask(CPU_LOG_PCALL, "task switch from 0x%04x to 0x%04x (%s)\n",
                  old_tr, selector,
                  source == X86_TASK_JMP    ? "jmp"
                  : source == X86_TASK_CALL ? "call/interrupt"
                                            : "iret");
    if (!(desc_type(tss) & 8) ||
        ((env->tr.flags >> DESC_TYPE_SHIFT) & 8) == 0) {
        qemu_log_mask(LOG_UNIMP,
                      "task switch with a 16-bit TSS (0x%04x or "
                      "0x%04x) is not implemented, #TS\n",
                      old_tr, selector);
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    if (!desc_present(tss)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
    if (desc_limit(tss) < TSS32_MIN_LIMIT) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    if (env->tr.limit < TSS32_MIN_LIMIT) {
        raise_exception_err(env, EXCP0A_TSS, (old_tr & ~SEL_RPL_MASK) + ext);
    }

    /* Memory first: read the new TSS, then write the old one. */
    read_task_state(env, base, &t);
    if (source == X86_TASK_IRET) {
        old_eflags &= ~NT_MASK;
    }
    save_task_state(env, next_eip, old_eflags);
    if (source != X86_TASK_CALL) {
        set_tss_busy(env, old_tr, false);
    } else {
        /* A nested task: the back link, and NT in its EFLAGS. */
        x86_stl_kernel(env, base + TSS_LINK, old_tr);
        t.eflags |= NT_MASK;
    }
    if (source != X86_TASK_IRET) {
        set_tss_busy(env, selector, true);
    }

    /* The switch. */
    env->tr.selector = selector;
    env->tr.base = base;
    env->tr.limit = desc_limit(tss);
    env->tr.flags = (tss->e2 & DESC_FLAGS_MASK) | DESC_TSS_BUSY_MASK;
    env->cr[0] |= CR0_TS_MASK;
    if (env->cr[0] & CR0_PG_MASK) {
        env->cr[3] = t.cr3;
        tlb_flush(env_cpu(env));
    }
    for (int i = 0; i < 8; i++) {
        env->regs[i] = t.regs[i];
    }
    cpu_load_eflags(env, t.eflags, ~0u);
    env->eip = t.eip;
    if (t.trap & 1) {
        qemu_log_mask(LOG_UNIMP, "TSS debug trap bit: no #DB raised\n");
    }
    load_task_segments(env, &t);
    x86_update_hflags(env);
}

void x86_task_gate(CPUX86State *env, const X86Desc *gate, X86TaskSource source,
                   uint32_t next_eip, int ext)
{
    uint32_t selector = gate->e1 >> 16;
    uint32_t err = (selector & ~SEL_RPL_MASK) + ext;
    X86Desc tss;

    /* The TSS descriptor: in the GDT, available (SDM vol. 3A, 7.2.5). */
    if ((selector & SEL_TI_MASK) || !x86_read_desc(env, selector, &tss) ||
        (tss.e2 & DESC_S_MASK) ||
        (desc_type(&tss) != DESC_TYPE_TSS32_AVAIL &&
         desc_type(&tss) != DESC_TYPE_TSS16_AVAIL)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    x86_task_switch(env, selector, &tss, source, next_eip, ext);
}

void x86_task_return(CPUX86State *env, uint32_t next_eip)
{
    uint32_t link = x86_lduw_kernel(env, env->tr.base + TSS_LINK);
    uint32_t err = link & ~SEL_RPL_MASK;
    X86Desc tss;

    /* The previous task: a busy TSS in the GDT (SDM vol. 2A, IRET). */
    if ((link & SEL_TI_MASK) || !x86_read_desc(env, link, &tss) ||
        (tss.e2 & DESC_S_MASK) ||
        (desc_type(&tss) != DESC_TYPE_TSS32_BUSY &&
         desc_type(&tss) != DESC_TYPE_TSS16_BUSY)) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    x86_task_switch(env, link, &tss, X86_TASK_IRET, next_eip, 0);
}
