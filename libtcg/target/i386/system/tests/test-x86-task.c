/*
 * Hardware task switches against Intel SDM vol. 3A, 7.3 and vol. 2A
 * (JMP, CALL, IRET, INT n): a #DF handler in its own task through an IDT
 * task gate and IRET back, JMP to a TSS, and a segment fault taken in
 * the new task.
 */
#include "x86-sys-test.h"

#include "util/module.h"

#define SEL_TSS2 0x58
#define TSS2_BASE 0x3200u
#define TSS2_ESP 0xa000u
#define TSS2_EIP 0x6000u

/* GDT 11: an available 32-bit TSS for the second task, ready to run. */
static void set_second_task(CPUX86State *env, uint32_t ss)
{
    static const uint32_t segs[NB_SEGS] = {SEL_DATA0, SEL_CODE0, 0,
                                           SEL_DATA0, 0,         SEL_DATA0};

    env->gdt.limit = 12 * 8 - 1;
    test_set_desc(TEST_GDT_BASE, 11, TSS2_BASE, 0x67,
                  ACC_P | DESC_TYPE_TSS32_AVAIL, 0);
    mem_stl(TSS2_BASE + 0x1c, 0x5000);              /* CR3 */
    mem_stl(TSS2_BASE + 0x20, TSS2_EIP);            /* EIP */
    mem_stl(TSS2_BASE + 0x24, CC_Z | RFLAGS_FIXED); /* EFLAGS */
    for (int i = 0; i < 8; i++) {
        mem_stl(TSS2_BASE + 0x28 + i * 4, 0x1000 + i);
    }
    mem_stl(TSS2_BASE + 0x28 + R_ESP * 4, TSS2_ESP);
    for (int i = 0; i < NB_SEGS; i++) {
        mem_stl(TSS2_BASE + 0x48 + i * 4, i == R_SS ? ss : segs[i]);
    }
}

static bool tss_busy(int index)
{
    return test_desc_high(TEST_GDT_BASE, index) & DESC_TSS_BUSY_MASK;
}

static void test_double_fault_task_and_iret(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);
    int deliveries = 0;

    test_enter_protected(env);
    set_second_task(env, SEL_DATA0);
    /* #GP's handler is not present: #DF, whose gate is a task gate. */
    test_set_gate(TEST_IDT_BASE, EXCP0D_GPF, SEL_NP_CODE, 0x100,
                  DESC_TYPE_INT_GATE32, 0, true, 0);
    test_set_gate(TEST_IDT_BASE, EXCP08_DBLE, SEL_TSS2, 0, DESC_TYPE_TASK_GATE,
                  0, true, 0);
    env->cr[0] |= CR0_PG_MASK; /* CR3 comes from the TSS with paging */
    env->eip = 0x4000;
    env->eflags = IF_MASK | CC_C | RFLAGS_FIXED;
    env->regs[R_EAX] = 0xaaaa;
    env->regs[R_ESP] = 0x8000;

    TEST_RUN(cs, raise_exception_err(env, EXCP0D_GPF, 0));
    assert_int_equal(test_deliver(cs, &deliveries), -1);
    assert_int_equal(deliveries, 2);
    /* In the new task, with #DF's error code on its stack. */
    assert_int_equal(env->tr.selector, SEL_TSS2);
    assert_true(env->tr.base == TSS2_BASE);
    assert_true(env->eip == TSS2_EIP);
    assert_true(env->regs[R_ESP] == TSS2_ESP - 4);
    assert_int_equal(mem_ldl(TSS2_ESP - 4), 0);
    assert_true(env->regs[R_EAX] == 0x1000);
    assert_true(env->cr[3] == 0x5000);
    assert_true(env->cr[0] & CR0_TS_MASK);
    /* A nested task: NT, back link, both TSSes busy. */
    assert_true(env->eflags == (NT_MASK | CC_Z | RFLAGS_FIXED));
    assert_int_equal(mem_lduw(TSS2_BASE), SEL_TSS);
    assert_true(tss_busy(11) && tss_busy(5));
    /* The old task saved at the faulting instruction. */
    assert_int_equal(mem_ldl(TEST_TSS_BASE + 0x20), 0x4000);
    assert_int_equal(mem_ldl(TEST_TSS_BASE + 0x24),
                     IF_MASK | CC_C | RFLAGS_FIXED);
    assert_int_equal(mem_ldl(TEST_TSS_BASE + 0x28), 0xaaaa);
    assert_int_equal(mem_ldl(TEST_TSS_BASE + 0x4c), SEL_CODE0);

    /* IRET with NT: back to the first task, the second one not busy. */
    env->regs[R_EAX] = 0xbbbb;
    assert_int_equal(TEST_RUN(cs, helper_iret((uintptr_t)env, 1, 1)), -1);
    assert_int_equal(env->tr.selector, SEL_TSS);
    assert_true(env->eip == 0x4000);
    assert_true(env->regs[R_EAX] == 0xaaaa);
    assert_true(env->regs[R_ESP] == 0x8000);
    assert_true(env->eflags == (IF_MASK | CC_C | RFLAGS_FIXED));
    assert_false(tss_busy(11));
    assert_true(tss_busy(5));
    /* The second task saved without NT, after its IRET. */
    assert_int_equal(mem_ldl(TSS2_BASE + 0x24), CC_Z | RFLAGS_FIXED);
    assert_int_equal(mem_ldl(TSS2_BASE + 0x20), TSS2_EIP + 1);
    assert_int_equal(mem_ldl(TSS2_BASE + 0x28), 0xbbbb);
}

static void test_jmp_to_tss(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    set_second_task(env, SEL_DATA0);
    env->eip = 0x100;
    assert_int_equal(TEST_RUN(cs, helper_ljmp((uintptr_t)env, SEL_TSS2, 0, 7)),
                     -1);
    assert_int_equal(env->tr.selector, SEL_TSS2);
    assert_true(env->eip == TSS2_EIP);
    /* JMP: no nesting; the old task is no longer busy. */
    assert_false(env->eflags & NT_MASK);
    assert_int_equal(mem_lduw(TSS2_BASE), 0);
    assert_true(tss_busy(11));
    assert_false(tss_busy(5));
    assert_int_equal(mem_ldl(TEST_TSS_BASE + 0x20), 0x107);
    /* Without paging CR3 stays. */
    assert_true(env->cr[3] == 0);

    /* Now busy: a JMP to it again is #GP(selector). */
    assert_int_equal(TEST_RUN(cs, helper_ljmp((uintptr_t)env, SEL_TSS2, 0, 7)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_TSS2);
}

static void test_task_segment_fault_in_new_task(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    /* The new task's SS is not present: #SS(SS) once switched. */
    set_second_task(env, SEL_NP_DATA);
    env->eip = 0x100;
    assert_int_equal(TEST_RUN(cs, helper_ljmp((uintptr_t)env, SEL_TSS2, 0, 7)),
                     EXCP0C_STACK);
    assert_int_equal(env->error_code, SEL_NP_DATA);
    assert_int_equal(env->tr.selector, SEL_TSS2);
    assert_true(env->eip == TSS2_EIP);

    /* A limit below 67H: #TS(selector) before anything changes. */
    test_enter_protected(env);
    set_second_task(env, SEL_DATA0);
    test_set_desc(TEST_GDT_BASE, 11, TSS2_BASE, 0x20,
                  ACC_P | DESC_TYPE_TSS32_AVAIL, 0);
    env->eip = 0x100;
    assert_int_equal(TEST_RUN(cs, helper_ljmp((uintptr_t)env, SEL_TSS2, 0, 7)),
                     EXCP0A_TSS);
    assert_int_equal(env->error_code, SEL_TSS2);
    assert_int_equal(env->tr.selector, SEL_TSS);
    assert_true(env->eip == 0x100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_double_fault_task_and_iret),
        sys_test(test_jmp_to_tss),
        sys_test(test_task_segment_fault_in_new_task),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
