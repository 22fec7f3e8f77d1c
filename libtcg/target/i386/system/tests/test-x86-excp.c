/*
 * Exceptions and interrupts against Intel SDM vol. 3A: raising from
 * helpers, real-mode delivery through the IVT (20.1.4), protected-mode
 * interrupt and trap gates with their error codes and checks (6.11-6.13),
 * the stack switch of a ring change (6.12.1), #DF and the triple fault
 * (6.15), IRET back, and the engine hooks for INTR, NMI, INIT and SIPI.
 */
#include "x86-sys-test.h"

#include "machine/cpus.h"
#include "machine/reset.h"
#include "machine/x86-intr.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"

static CPUState *cpu_of(X86CPU *cpu)
{
    return CPU(cpu);
}

/* The IDT's gate for vector: a 32-bit interrupt gate to 0x08:handler. */
static uint32_t handler_of(int vector)
{
    return 0x10000 + vector * 0x10;
}

static void set_int_gate(int vector, int type, int dpl)
{
    test_set_gate(TEST_IDT_BASE, vector, SEL_CODE0, handler_of(vector), type,
                  dpl, true, 0);
}

/* All 32 exception vectors with ring 0 interrupt gates. */
static void set_exception_gates(void)
{
    for (int v = 0; v < 32; v++) {
        set_int_gate(v, DESC_TYPE_INT_GATE32, 0);
    }
}

static void test_raise_records_event(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    env->eip = 0x1000;
    assert_int_equal(TEST_RUN(cs, helper_raise_exception((uintptr_t)env, 6)),
                     6);
    assert_int_equal(env->exception_is_int, 0);
    assert_int_equal(TEST_RUN(cs, raise_exception_err(env, 13, 0x58)), 13);
    assert_int_equal(env->error_code, 0x58);
    assert_int_equal(env->exception_is_int, 0);
    /* INT 21h is two bytes long: it returns after itself. */
    assert_int_equal(
        TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x21, 2)), 0x21);
    assert_int_equal(env->exception_is_int, 1);
    assert_true(env->exception_next_eip == 0x1002);
}

static void test_real_mode_int(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t flags = IF_MASK | TF_MASK | CC_C | RFLAGS_FIXED;

    /* IVT entry 21h: 2000:1234. */
    mem_stw(0x21 * 4, 0x1234);
    mem_stw(0x21 * 4 + 2, 0x2000);
    cpu_x86_load_seg_cache(env, R_CS, 0x0100, 0x1000, 0xffff,
                           env->segs[R_CS].flags);
    cpu_x86_load_seg_cache(env, R_SS, 0x0600, 0x6000, 0xffff,
                           env->segs[R_SS].flags);
    env->regs[R_ESP] = 0x12340800; /* 16-bit stack: only SP moves */
    env->eip = 0x50;
    env->eflags = flags;

    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x21, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    /* FLAGS, CS, IP pushed on SS:SP (SDM vol. 3A, 20.1.4). */
    assert_true(env->regs[R_ESP] == 0x123407fa);
    assert_int_equal(mem_lduw(0x6000 + 0x7fa), 0x52);
    assert_int_equal(mem_lduw(0x6000 + 0x7fc), 0x0100);
    assert_int_equal(mem_lduw(0x6000 + 0x7fe), flags);
    assert_int_equal(env->segs[R_CS].selector, 0x2000);
    assert_true(env->segs[R_CS].base == 0x20000);
    assert_true(env->eip == 0x1234);
    /* IF and TF cleared, the arithmetic flags kept. */
    assert_true((env->eflags & (IF_MASK | TF_MASK | CC_C)) == CC_C);
    assert_int_equal(cs->exception_index, -1);
}

static void test_real_mode_fault_ivt_base(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    /* LIDT may move the IVT in real mode; #DE returns to the fault. */
    env->idt.base = 0x4000;
    mem_stw(0x4000, 0x0040);
    mem_stw(0x4002, 0x0300);
    cpu_x86_load_seg_cache(env, R_CS, 0, 0, 0xffff, env->segs[R_CS].flags);
    env->regs[R_ESP] = 0x7000;
    env->eip = 0x777;

    TEST_RUN(cs, raise_exception(env, EXCP00_DIVZ));
    assert_int_equal(test_deliver(cs, NULL), -1);
    /* No error code in real mode: three words. */
    assert_true(env->regs[R_ESP] == 0x7000 - 6);
    assert_int_equal(mem_lduw(0x7000 - 6), 0x777);
    assert_true(env->eip == 0x40);
    assert_true(env->segs[R_CS].base == 0x3000);
}

static void test_interrupt_vs_trap_gate(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t flags = IF_MASK | CC_Z | RFLAGS_FIXED;

    test_enter_protected(env);
    set_int_gate(0x40, DESC_TYPE_INT_GATE32, 0);
    set_int_gate(0x41, DESC_TYPE_TRAP_GATE32, 0);

    env->eflags = flags;
    env->eip = 0x4000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x40, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    /* Same privilege: EFLAGS, CS, EIP (SDM vol. 3A, figure 6-4). */
    assert_true(env->regs[R_ESP] == 0x8000 - 12);
    assert_int_equal(mem_ldl(0x8000 - 12), 0x4002);
    assert_int_equal(mem_ldl(0x8000 - 8), SEL_CODE0);
    assert_int_equal(mem_ldl(0x8000 - 4), flags);
    assert_true(env->eip == handler_of(0x40));
    assert_false(env->eflags & IF_MASK);

    /* A trap gate leaves IF alone. */
    env->eflags = flags;
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x41, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(0x41));
    assert_true(env->eflags & IF_MASK);
}

static void test_error_code_push(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    test_enter_protected(env);
    set_exception_gates();
    env->eip = 0x4000;
    env->eflags = RFLAGS_FIXED;
    TEST_RUN(cs, raise_exception_err(env, EXCP0D_GPF, 0x1234));
    assert_int_equal(test_deliver(cs, NULL), -1);
    /* Error code below EIP; EIP is the faulting instruction's. */
    assert_true(env->regs[R_ESP] == 0x8000 - 16);
    assert_int_equal(mem_ldl(0x8000 - 16), 0x1234);
    assert_int_equal(mem_ldl(0x8000 - 12), 0x4000);
    assert_true(env->eip == handler_of(EXCP0D_GPF));

    /* #UD has no error code. */
    env->regs[R_ESP] = 0x8000;
    env->eip = 0x4000;
    TEST_RUN(cs, raise_exception(env, EXCP06_ILLOP));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->regs[R_ESP] == 0x8000 - 12);
    assert_int_equal(mem_ldl(0x8000 - 12), 0x4000);

    /* A 16-bit trap gate pushes words: FLAGS, CS, IP, error code. */
    test_set_gate(TEST_IDT_BASE, EXCP0C_STACK, SEL_CODE0, 0x2345,
                  DESC_TYPE_TRAP_GATE16, 0, true, 0);
    env->regs[R_ESP] = 0x8000;
    env->eip = 0x4000;
    TEST_RUN(cs, raise_exception_err(env, EXCP0C_STACK, 0x10));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->regs[R_ESP] == 0x8000 - 8);
    assert_int_equal(mem_lduw(0x8000 - 8), 0x10);
    assert_int_equal(mem_lduw(0x8000 - 6), 0x4000);
    assert_int_equal(mem_lduw(0x8000 - 4), SEL_CODE0);
    assert_true(env->eip == 0x2345);
}

static void test_gate_checks(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    test_enter_protected(env);
    set_exception_gates();
    env->idt.limit = 0x48 * 8 - 1;
    test_set_gate(TEST_IDT_BASE, 0x42, SEL_CODE0, 0x5000, DESC_TYPE_INT_GATE32,
                  0, false, 0);
    test_set_gate(TEST_IDT_BASE, 0x43, SEL_CODE0, 0x5000, DESC_TYPE_CALL_GATE32,
                  0, true, 0);

    /* INT 50h beyond the IDT limit: #GP(vector * 8 + IDT), EXT clear. */
    env->eip = 0x4000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x50, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP0D_GPF));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x50 * 8 + 2);
    /* A fault on the way is delivered at the INT, not after it. */
    assert_int_equal(mem_ldl(env->regs[R_ESP] + 4), 0x4000);

    /* Not-present gate: #NP(vector * 8 + IDT). */
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x42, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP0B_NOSEG));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x42 * 8 + 2);

    /* A call gate in the IDT is no interrupt gate: #GP. */
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x43, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP0D_GPF));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x43 * 8 + 2);

    /* A task gate to a busy TSS (the current one): #GP(TSS selector). */
    test_set_gate(TEST_IDT_BASE, 0x44, SEL_TSS, 0, DESC_TYPE_TASK_GATE, 0, true,
                  0);
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x44, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_int_equal(mem_ldl(env->regs[R_ESP]), SEL_TSS);
}

static int fake_pic_vector;
static int fake_pic_intacks;

static int fake_pic_intack(void *opaque)
{
    fake_pic_intacks++;
    return fake_pic_vector;
}

static void test_hw_interrupt_ext_bit(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    test_enter_protected(env);
    set_exception_gates();
    env->idt.limit = 0x48 * 8 - 1;
    x86_intr_set_pic_intack(fake_pic_intack, NULL);
    fake_pic_vector = 0x50;
    env->eflags = IF_MASK | RFLAGS_FIXED;
    env->eip = 0x4000;
    cs->interrupt_request = CPU_INTERRUPT_HARD;

    /* An external event: the error code has EXT set (SDM 6.13). */
    assert_int_equal(
        TEST_RUN(cs, x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_HARD)),
        EXCP0D_GPF);
    assert_int_equal(env->error_code, 0x50 * 8 + 2 + 1);
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x50 * 8 + 2 + 1);
    x86_intr_set_pic_intack(NULL, NULL);
}

static void test_ring_change_and_iret(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t flags = IF_MASK | CC_C | RFLAGS_FIXED;
    uint32_t frame = TEST_ESP0 - 20;

    test_enter_protected(env);
    set_exception_gates();
    set_int_gate(0x80, DESC_TYPE_INT_GATE32, 3);
    set_int_gate(0x81, DESC_TYPE_INT_GATE32, 0);
    test_enter_ring3(env, 0x7000);
    env->eflags = flags;
    env->eip = 0x4000;
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);

    /* INT 81h from ring 3 to a DPL 0 gate: #GP(vector * 8 + 2). */
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x81, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP0D_GPF));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x81 * 8 + 2);

    /* INT 80h: ring 0 stack from the TSS, SS:ESP pushed (figure 6-4). */
    test_enter_ring3(env, 0x7000);
    env->eflags = flags;
    env->eip = 0x4000;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x80, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_true(env->regs[R_ESP] == frame);
    assert_int_equal(mem_ldl(frame), 0x4002);
    assert_int_equal(mem_ldl(frame + 4), SEL_CODE3);
    assert_int_equal(mem_ldl(frame + 8), flags);
    assert_int_equal(mem_ldl(frame + 12), 0x7000);
    assert_int_equal(mem_ldl(frame + 16), SEL_DATA3);

    /* IRET: back to ring 3 with its stack and flags. */
    env->eflags = RFLAGS_FIXED;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)), -1);
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE3);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);
    assert_true(env->regs[R_ESP] == 0x7000);
    assert_true(env->eip == 0x4002);
    assert_true(env->eflags == flags);
    /* The data segments were ring 3's: kept. */
    assert_int_equal(env->segs[R_DS].selector, SEL_DATA3);
}

static void test_iret_same_level_flags(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t sp = 0x8000 - 12;

    test_enter_protected(env);
    /* A ring 0 frame returning with IOPL 3, IF, DF and VIF. */
    mem_stl(sp, 0x1234);
    mem_stl(sp + 4, SEL_CODE0);
    mem_stl(sp + 8, IOPL_MASK | IF_MASK | DF_MASK | VIF_MASK | 2);
    env->regs[R_ESP] = sp;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)), -1);
    assert_true(env->eip == 0x1234);
    assert_true(env->regs[R_ESP] == 0x8000);
    assert_true(env->eflags == (IOPL_MASK | IF_MASK | DF_MASK | VIF_MASK | 2));

    /* From ring 3 with IOPL 0: IOPL and IF stay (SDM vol. 2A, IRET). */
    test_enter_ring3(env, sp);
    env->eflags = RFLAGS_FIXED;
    mem_stl(sp, 0x5678);
    mem_stl(sp + 4, SEL_CODE3);
    mem_stl(sp + 8, IOPL_MASK | IF_MASK | CC_O | 2);
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)), -1);
    assert_true(env->eflags == (CC_O | 2));
    assert_true(env->eip == 0x5678);

    /* NT set: a task return; a null back link is #TS(0), no change. */
    env->eflags = NT_MASK | RFLAGS_FIXED;
    env->eip = 0x9999;
    env->regs[R_ESP] = sp;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)),
                     EXCP0A_TSS);
    assert_int_equal(env->error_code, 0);
    assert_true(env->eip == 0x9999 && env->regs[R_ESP] == sp);
}

static void test_iret_to_vm86_refused(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t sp = 0x8000 - 12;

    test_enter_protected(env);
    mem_stl(sp, 0x1234);
    mem_stl(sp + 4, 0x1000);
    mem_stl(sp + 8, VM_MASK | 2);
    env->regs[R_ESP] = sp;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)),
                     EXCP0D_GPF);
    assert_false(env->eflags & VM_MASK);
}

static void test_vm86_interrupt(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    uint32_t vm_seg = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK |
                      (3 << DESC_DPL_SHIFT);
    uint32_t frame = TEST_ESP0 - 36;
    static const int segs[] = {R_ES, R_CS, R_SS, R_DS, R_FS, R_GS};

    test_enter_protected(env);
    set_int_gate(0x10, DESC_TYPE_INT_GATE32, 3);
    /* Virtual-8086 mode: every segment real-style at DPL 3. */
    for (unsigned i = 0; i < G_N_ELEMENTS(segs); i++) {
        cpu_x86_load_seg_cache(env, segs[i], 0x100 + i, (0x100 + i) << 4,
                               0xffff, vm_seg);
    }
    env->eflags = VM_MASK | IF_MASK | IOPL_MASK | RFLAGS_FIXED;
    x86_update_hflags(env);
    env->regs[R_ESP] = 0x200;
    env->eip = 0x30;
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);

    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x10, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    /* SDM vol. 3A, figure 20-4: GS FS DS ES SS ESP EFLAGS CS EIP. */
    assert_true(env->regs[R_ESP] == frame);
    assert_int_equal(mem_ldl(frame), 0x32);
    assert_int_equal(mem_ldl(frame + 4), 0x101);
    assert_int_equal(mem_ldl(frame + 8),
                     VM_MASK | IF_MASK | IOPL_MASK | RFLAGS_FIXED);
    assert_int_equal(mem_ldl(frame + 12), 0x200);
    assert_int_equal(mem_ldl(frame + 16), 0x102);
    assert_int_equal(mem_ldl(frame + 20), 0x100);
    assert_int_equal(mem_ldl(frame + 24), 0x103);
    assert_int_equal(mem_ldl(frame + 28), 0x104);
    assert_int_equal(mem_ldl(frame + 32), 0x105);
    /* Protected mode at ring 0 with the data segments null. */
    assert_false(env->eflags & (VM_MASK | IF_MASK));
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
    assert_int_equal(env->segs[R_DS].selector, 0);
    assert_int_equal(env->segs[R_GS].selector, 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_true(env->eip == handler_of(0x10));
}

static void test_real_mode_iret(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    mem_stw(0x21 * 4, 0x0010);
    mem_stw(0x21 * 4 + 2, 0x0800);
    cpu_x86_load_seg_cache(env, R_CS, 0x0100, 0x1000, 0xffff,
                           env->segs[R_CS].flags);
    env->regs[R_ESP] = 0x7000;
    env->eip = 0x20;
    env->eflags = IF_MASK | CC_S | RFLAGS_FIXED;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, 0x21, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_false(env->eflags & IF_MASK);
    env->eflags = RFLAGS_FIXED;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 0, 1)), -1);
    assert_int_equal(env->segs[R_CS].selector, 0x0100);
    assert_true(env->segs[R_CS].base == 0x1000);
    assert_true(env->eip == 0x22);
    assert_true(env->regs[R_ESP] == 0x7000);
    assert_true(env->eflags == (IF_MASK | CC_S | RFLAGS_FIXED));
}

static void test_double_fault(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    int deliveries = 0;

    test_enter_protected(env);
    set_exception_gates();
    /* #GP's handler is in a not-present segment: #NP on the way. */
    test_set_gate(TEST_IDT_BASE, EXCP0D_GPF, SEL_NP_CODE, 0x100,
                  DESC_TYPE_INT_GATE32, 0, true, 0);
    env->eip = 0x4000;
    TEST_RUN(cs, raise_exception_err(env, EXCP0D_GPF, 0));
    assert_int_equal(test_deliver(cs, &deliveries), -1);
    /* Contributory on contributory: #DF with error code 0. */
    assert_int_equal(deliveries, 2);
    assert_true(env->eip == handler_of(EXCP08_DBLE));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0);
    assert_int_equal(mem_ldl(env->regs[R_ESP] + 4), 0x4000);
    assert_int_equal(env->old_exception, -1);

    /* #UD is benign: the #NP is delivered serially (EXT set). */
    test_set_gate(TEST_IDT_BASE, EXCP06_ILLOP, SEL_NP_CODE, 0x100,
                  DESC_TYPE_INT_GATE32, 0, true, 0);
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, raise_exception(env, EXCP06_ILLOP));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP0B_NOSEG));
    assert_int_equal(mem_ldl(env->regs[R_ESP]), SEL_NP_CODE + 1);

    /* #PF, then #NP delivering it: #DF (table 6-5). */
    test_set_gate(TEST_IDT_BASE, EXCP0E_PAGE, SEL_NP_CODE, 0x100,
                  DESC_TYPE_INT_GATE32, 0, true, 0);
    env->regs[R_ESP] = 0x8000;
    TEST_RUN(cs, raise_exception_err(env, EXCP0E_PAGE, 2));
    assert_int_equal(test_deliver(cs, NULL), -1);
    assert_true(env->eip == handler_of(EXCP08_DBLE));

    /* #PF on the stack while delivering #GP: #PF serially, CR2 set. */
    set_int_gate(EXCP0D_GPF, DESC_TYPE_INT_GATE32, 0);
    set_int_gate(EXCP0E_PAGE, DESC_TYPE_INT_GATE32, 0);
    test_unmapped_faults = true;
    env->regs[R_ESP] = TEST_UNMAPPED_END + 8;
    TEST_RUN(cs, raise_exception_err(env, EXCP0D_GPF, 0));
    assert_int_equal(test_deliver(cs, NULL), EXCP_HLT);
    /* ... whose own delivery faults on the stack, and #DF's: shutdown. */
    assert_int_equal(cs->halted, 1);
    assert_true(env->cr[2] >= TEST_UNMAPPED_BASE &&
                env->cr[2] < TEST_UNMAPPED_END);
}

static int reset_events;
static ShutdownCause reset_cause;

static void reset_event(ShutdownCause reason, void *opaque)
{
    reset_events++;
    reset_cause = reason;
}

static void test_triple_fault_resets(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);
    int deliveries = 0;

    qemu_system_reset_set_event_handler(reset_event, NULL);
    reset_events = 0;
    test_enter_protected(env);
    /* An empty IDT. */
    env->idt.limit = 0;
    env->eflags = IF_MASK | RFLAGS_FIXED;
    TEST_RUN(cs, helper_raise_interrupt((uintptr_t)env, EXCP03_INT3, 1));
    /* INT3 -> #GP (gate limit) -> #GP again: #DF -> #GP: shutdown. */
    assert_int_equal(test_deliver(cs, &deliveries), EXCP_HLT);
    assert_int_equal(deliveries, 4);
    assert_int_equal(cs->halted, 1);
    assert_false(env->eflags & IF_MASK);
    assert_int_equal(env->old_exception, -1);
    /* The reset request reaches the main loop as a guest reset. */
    qemu_mutex_lock_iothread();
    main_loop_wait(true);
    qemu_mutex_unlock_iothread();
    assert_int_equal(reset_events, 1);
    assert_int_equal(reset_cause, SHUTDOWN_CAUSE_GUEST_RESET);
    /* Shut down: an interrupt request does not wake it, INIT does. */
    cs->interrupt_request = CPU_INTERRUPT_HARD;
    assert_false(x86_cpu_has_work(cs));
    cs->interrupt_request = CPU_INTERRUPT_INIT;
    assert_true(x86_cpu_has_work(cs));
    cs->interrupt_request = 0;
    qemu_system_reset_set_event_handler(NULL, NULL);
}

static void test_exec_interrupt_hard(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    test_enter_protected(env);
    set_exception_gates();
    set_int_gate(0x30, DESC_TYPE_INT_GATE32, 0);
    x86_intr_set_pic_intack(fake_pic_intack, NULL);
    fake_pic_vector = 0x30;
    fake_pic_intacks = 0;
    env->eip = 0x4000;
    cs->interrupt_request = CPU_INTERRUPT_HARD;

    /* IF clear: no INTA, nothing to do for a halted CPU. */
    env->eflags = RFLAGS_FIXED;
    assert_false(x86_cpu_has_work(cs));
    assert_false(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_HARD));
    assert_int_equal(fake_pic_intacks, 0);

    /*
     * STI's shadow: not before the next instruction, which clears it
     * as it starts (the front end does).
     */
    env->eflags = IF_MASK | RFLAGS_FIXED;
    env->hflags |= HF_INHIBIT_IRQ_MASK;
    assert_true(x86_cpu_has_work(cs));
    assert_false(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_HARD));
    assert_int_equal(fake_pic_intacks, 0);
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;

    cs->halted = 1;
    assert_true(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_HARD));
    assert_int_equal(fake_pic_intacks, 1);
    assert_int_equal(cs->halted, 0);
    assert_true(env->eip == handler_of(0x30));
    /* An external interrupt returns to the interrupted instruction. */
    assert_int_equal(mem_ldl(env->regs[R_ESP]), 0x4000);
    assert_false(env->eflags & IF_MASK);

    /* Spurious (the 8259 has nothing): the request goes. */
    fake_pic_vector = -1;
    env->eflags = IF_MASK | RFLAGS_FIXED;
    assert_false(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_HARD));
    assert_int_equal(cs->interrupt_request, 0);
    x86_intr_set_pic_intack(NULL, NULL);
}

static void test_hlt(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    env->eip = 0x100;
    env->hflags |= HF_INHIBIT_IRQ_MASK;
    assert_int_equal(TEST_RUN(cs, helper_hlt((uintptr_t)env, 1)), EXCP_HLT);
    assert_int_equal(cs->halted, 1);
    assert_true(env->eip == 0x101);
    /* STI; HLT: the shadow ended with the HLT. */
    assert_false(env->hflags & HF_INHIBIT_IRQ_MASK);
}

static void test_nmi_blocking(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    test_enter_protected(env);
    set_exception_gates();
    env->eip = 0x4000;
    env->eflags = RFLAGS_FIXED; /* IF does not mask NMI */
    cs->interrupt_request = CPU_INTERRUPT_NMI;
    assert_true(x86_cpu_has_work(cs));
    assert_true(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_NMI));
    assert_true(env->eip == handler_of(EXCP02_NMI));
    assert_true(env->nmi_masked);
    assert_int_equal(cs->interrupt_request, 0);

    /* A second NMI waits for the IRET of the first. */
    cs->interrupt_request = CPU_INTERRUPT_NMI;
    assert_false(x86_cpu_has_work(cs));
    assert_false(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_NMI));
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)), -1);
    assert_true(env->eip == 0x4000);
    assert_false(env->nmi_masked);
    assert_true(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_NMI));
    assert_true(env->eip == handler_of(EXCP02_NMI));
}

/* ---- INIT and SIPI through a stand-in local APIC ---- */

static X86CPU *apic_cpu;
static int apic_init_resets;
static uint8_t apic_sipi_vector;

static void fake_apic_sipi(DeviceState *dev)
{
    cpu_reset_interrupt(CPU(apic_cpu), CPU_INTERRUPT_SIPI);
    if (apic_cpu->env.mp_state == X86_MP_STATE_UNINITIALIZED) {
        x86_cpu_do_sipi(apic_cpu, apic_sipi_vector);
    }
}

static void fake_apic_init_reset(DeviceState *dev)
{
    apic_init_resets++;
}

static int fake_apic_get_interrupt(DeviceState *dev)
{
    return -1;
}

static bool fake_apic_accept_pic_intr(DeviceState *dev)
{
    return false;
}

static void fake_apic_poll_irq(DeviceState *dev)
{
}

static const X86APICOps fake_apic_ops = {
    .get_interrupt = fake_apic_get_interrupt,
    .accept_pic_intr = fake_apic_accept_pic_intr,
    .poll_irq = fake_apic_poll_irq,
    .sipi = fake_apic_sipi,
    .init_reset = fake_apic_init_reset,
};

static void test_init_bsp(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    /* INIT on the BSP: the reset vector, running (no SIPI wait). */
    test_enter_protected(env);
    env->eip = 0x1234;
    env->old_exception = EXCP0D_GPF;
    cs->interrupt_request = CPU_INTERRUPT_INIT;
    assert_int_equal(TEST_RUN(cs, assert_true(x86_cpu_exec_interrupt(
                                      cs, CPU_INTERRUPT_INIT))),
                     -1);
    assert_int_equal(cs->halted, 0);
    assert_true(env->eip == 0xfff0 && env->segs[R_CS].selector == 0xf000);
    assert_false(env->cr[0] & CR0_PE_MASK);
    assert_int_equal(env->old_exception, -1);
    assert_int_equal(test_tlb_flushes, 1);
    assert_int_equal(cs->interrupt_request, 0);
}

static void test_init_sipi_trampoline(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 1);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    apic_cpu = cpu;
    apic_init_resets = 0;
    x86_intr_set_apic_ops(&fake_apic_ops);
    /* Any device will do as the APIC handle: the ops ignore it. */
    cpu->apic_state = DEVICE(cpu);

    /* An AP out of reset waits for SIPI: interrupts do not wake it. */
    assert_int_equal(cs->halted, 1);
    cs->interrupt_request = CPU_INTERRUPT_HARD | CPU_INTERRUPT_NMI;
    assert_false(x86_cpu_has_work(cs));

    /* INIT: reset state, the APIC's INIT, still waiting: EXCP_HLT. */
    env->regs[R_EBX] = 0x1234;
    cs->interrupt_request = CPU_INTERRUPT_INIT;
    assert_true(x86_cpu_has_work(cs));
    assert_int_equal(
        TEST_RUN(cs, x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_INIT)), EXCP_HLT);
    assert_int_equal(apic_init_resets, 1);
    assert_true(env->regs[R_EBX] == 0);
    assert_int_equal(env->old_exception, -1);
    assert_int_equal(cs->halted, 1);

    /* SIPI 9Ah: real mode at 9A00:0000. */
    apic_sipi_vector = 0x9a;
    cs->interrupt_request = CPU_INTERRUPT_SIPI;
    assert_true(x86_cpu_has_work(cs));
    assert_true(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_SIPI));
    assert_int_equal(cs->halted, 0);
    assert_int_equal(env->segs[R_CS].selector, 0x9a00);
    assert_true(env->segs[R_CS].base == 0x9a000 && env->eip == 0);

    /* The trampoline: LGDT, MOV CR0 (PE), far JMP 08:1000. */
    test_enter_protected(env);
    env->cr[0] &= ~CR0_PE_MASK;
    cpu_x86_load_seg_cache(env, R_CS, 0x9a00, 0x9a000, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK |
                               DESC_R_MASK | DESC_A_MASK);
    x86_update_hflags(env);
    assert_int_equal(TEST_RUN(cs, helper_write_crN((uintptr_t)env, 0,
                                                   env->cr[0] | CR0_PE_MASK)),
                     -1);
    assert_true(env->hflags & HF_PE_MASK);
    assert_false(env->hflags & HF_CS32_MASK);
    assert_int_equal(
        TEST_RUN(cs, helper_ljmp((uintptr_t)env, SEL_CODE0, 0x1000, 7)), -1);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_true(env->segs[R_CS].base == 0 && env->eip == 0x1000);
    assert_true(env->hflags & HF_CS32_MASK);

    cpu->apic_state = NULL;
    x86_intr_set_apic_ops(NULL);
    cs->interrupt_request = 0;
}

/* INIT and SIPI both pending when the AP's thread takes them: both act. */
static void test_init_sipi_pending_together(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 1);
    CPUX86State *env = &cpu->env;
    CPUState *cs = cpu_of(cpu);

    apic_cpu = cpu;
    apic_init_resets = 0;
    x86_intr_set_apic_ops(&fake_apic_ops);
    cpu->apic_state = DEVICE(cpu);
    apic_sipi_vector = 0x9b;

    cs->interrupt_request = CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI;
    assert_int_equal(TEST_RUN(cs, x86_cpu_exec_interrupt(
                                      cs, CPU_INTERRUPT_INIT |
                                              CPU_INTERRUPT_SIPI)),
                     EXCP_HLT);
    assert_int_equal(apic_init_resets, 1);
    /* The INIT's reset kept the SIPI, which starts the AP next. */
    assert_int_equal(cs->interrupt_request, CPU_INTERRUPT_SIPI);
    assert_true(x86_cpu_has_work(cs));
    assert_true(x86_cpu_exec_interrupt(cs, CPU_INTERRUPT_SIPI));
    assert_int_equal(cs->halted, 0);
    assert_true(env->segs[R_CS].base == 0x9b000 && env->eip == 0);

    cpu->apic_state = NULL;
    x86_intr_set_apic_ops(NULL);
    cs->interrupt_request = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_raise_records_event),
        sys_test(test_real_mode_int),
        sys_test(test_real_mode_fault_ivt_base),
        sys_test(test_interrupt_vs_trap_gate),
        sys_test(test_error_code_push),
        sys_test(test_gate_checks),
        sys_test(test_hw_interrupt_ext_bit),
        sys_test(test_ring_change_and_iret),
        sys_test(test_iret_same_level_flags),
        sys_test(test_iret_to_vm86_refused),
        sys_test(test_vm86_interrupt),
        sys_test(test_real_mode_iret),
        sys_test(test_double_fault),
        sys_test(test_triple_fault_resets),
        sys_test(test_exec_interrupt_hard),
        sys_test(test_hlt),
        sys_test(test_nmi_blocking),
        sys_test(test_init_bsp),
        sys_test(test_init_sipi_trampoline),
        sys_test(test_init_sipi_pending_together),
    };

    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
