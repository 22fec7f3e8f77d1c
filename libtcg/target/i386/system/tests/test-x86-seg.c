/*
 * Segment loads and far transfers against Intel SDM vol. 2B (MOV Sreg,
 * JMP, CALL, RET) and vol. 3A, 3.4 and 5.5-5.8: real-mode bases, the
 * protection checks and their error codes, the accessed bit, call gates
 * with a stack switch, and returns to an outer level.
 */
#include "x86-sys-test.h"

#include "util/module.h"

static uint64_t envp(CPUX86State *env)
{
    return (uintptr_t)env;
}

static void test_load_seg_real(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_DS, 0x1234)),
                     -1);
    assert_int_equal(env->segs[R_DS].selector, 0x1234);
    assert_true(env->segs[R_DS].base == 0x12340);
    assert_int_equal(env->segs[R_DS].limit, 0xffff);
    assert_true(env->segs[R_DS].flags & DESC_P_MASK);
    assert_true(env->segs[R_DS].flags & DESC_W_MASK);
    /* A real-mode base needs the translator to add it. */
    assert_true(env->hflags & HF_ADDSEG_MASK);
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
}

static void test_load_seg_null_and_limit(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    /* Null DS/ES/FS/GS load; null SS is #GP(0). */
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_FS, 3)), -1);
    assert_int_equal(env->segs[R_FS].selector, 3);
    assert_false(env->segs[R_FS].flags & DESC_P_MASK);
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_SS, 0)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);

    /* Beyond the GDT limit: #GP(selector without RPL). */
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_DS, 0x103)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, 0x100);
    /* The LDT is null: every TI=1 selector faults. */
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_DS, 0x0c)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, 0x0c);
    /* A system descriptor (the TSS) is no data segment. */
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_ES, SEL_TSS)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_TSS);
}

static void test_load_seg_not_present(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_DS, SEL_NP_DATA)),
        EXCP0B_NOSEG);
    assert_int_equal(env->error_code, SEL_NP_DATA);
    /* SS: #SS instead of #NP. */
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_SS, SEL_NP_DATA)),
        EXCP0C_STACK);
    assert_int_equal(env->error_code, SEL_NP_DATA);
    assert_int_equal(env->segs[R_DS].selector, SEL_DATA0);
}

static void test_load_seg_types_and_privilege(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    /* SS must be writable data at CPL with RPL = CPL. */
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_SS, SEL_RO_DATA)),
        EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_RO_DATA);
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_SS, SEL_DATA0 | 1)),
        EXCP0D_GPF);
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_SS, SEL_CODE0)),
                     EXCP0D_GPF);
    /* Readable code and read-only data may go in DS. */
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_DS, SEL_CODE0)),
                     -1);
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_ES, SEL_RO_DATA)), -1);
    /* Execute-only code may not. */
    test_set_desc(TEST_GDT_BASE, 10, 0, 0xfffff, ACC_P | 0x18 | ACC_A,
                  FLG_G | FLG_DB);
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_DS, SEL_CODE0_NA)),
        EXCP0D_GPF);

    /* At CPL 3: ring 0 data is #GP, ring 3 data fine, RPL counts too. */
    test_enter_ring3(env, 0x7000);
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_DS, SEL_DATA0)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_DATA0);
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_GS, SEL_DATA3)),
                     -1);
    assert_int_equal(env->segs[R_GS].selector, SEL_DATA3);
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);
}

static void test_load_seg_sets_accessed(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    /* A data segment at base 0x12345000 without the accessed bit. */
    test_set_desc(TEST_GDT_BASE, 10, 0x12345000, 0xfff, ACC_P | ACC_DATA, 0);
    assert_false(test_desc_high(TEST_GDT_BASE, 10) & DESC_A_MASK);
    assert_int_equal(
        TEST_RUN(cs, helper_load_seg(envp(env), R_DS, SEL_CODE0_NA)), -1);
    assert_true(test_desc_high(TEST_GDT_BASE, 10) & DESC_A_MASK);
    assert_true(env->segs[R_DS].base == 0x12345000);
    assert_int_equal(env->segs[R_DS].limit, 0xfff);
    assert_true(env->hflags & HF_ADDSEG_MASK);

    /* Through the LDT (TI set) too. */
    test_set_desc(TEST_LDT_BASE, 1, 0x4000, 0xffff, ACC_P | ACC_DATA, 0);
    env->ldt.selector = 0x58;
    env->ldt.base = TEST_LDT_BASE;
    env->ldt.limit = 15;
    assert_int_equal(TEST_RUN(cs, helper_load_seg(envp(env), R_FS, 0x0c)), -1);
    assert_true(env->segs[R_FS].base == 0x4000);
    assert_true(test_desc_high(TEST_LDT_BASE, 1) & DESC_A_MASK);
}

static void test_ljmp_protected(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    env->eip = 0x100;
    /* To 16-bit code: CS32 goes. */
    assert_int_equal(TEST_RUN(cs, helper_ljmp(envp(env), SEL_CODE16, 0x20, 5)),
                     -1);
    assert_true(env->segs[R_CS].base == 0x10000 && env->eip == 0x20);
    assert_false(env->hflags & HF_CS32_MASK);
    /* Beyond the limit: #GP(0), CS:EIP unchanged. */
    assert_int_equal(
        TEST_RUN(cs, helper_ljmp(envp(env), SEL_CODE16, 0x10000, 5)),
        EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE16);
    /* Not present: #NP(sel); ring 3 code from ring 0: #GP(sel). */
    assert_int_equal(TEST_RUN(cs, helper_ljmp(envp(env), SEL_NP_CODE, 0, 5)),
                     EXCP0B_NOSEG);
    assert_int_equal(env->error_code, SEL_NP_CODE);
    assert_int_equal(TEST_RUN(cs, helper_ljmp(envp(env), SEL_CODE3, 0, 5)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_CODE3 & ~3);
    /* Data is no target. */
    assert_int_equal(TEST_RUN(cs, helper_ljmp(envp(env), SEL_DATA0, 0, 5)),
                     EXCP0D_GPF);
    assert_true(env->eip == 0x20);
    /* The accessed bit of the target gets set. */
    assert_int_equal(
        TEST_RUN(cs, helper_ljmp(envp(env), SEL_CODE0_NA, 0x30, 5)), -1);
    assert_true(test_desc_high(TEST_GDT_BASE, 10) & DESC_A_MASK);
    assert_true(env->hflags & HF_CS32_MASK);
}

static void test_lcall_lret_real(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    cpu_x86_load_seg_cache(env, R_CS, 0x0100, 0x1000, 0xffff,
                           env->segs[R_CS].flags);
    env->regs[R_ESP] = 0x7000;
    env->eip = 0x10;
    /* CALL 2000:0300 (5 bytes), 16-bit. */
    assert_int_equal(TEST_RUN(cs, helper_lcall(envp(env), 0x2000, 0x300, 0, 5)),
                     -1);
    assert_true(env->regs[R_ESP] == 0x7000 - 4);
    assert_int_equal(mem_lduw(0x7000 - 2), 0x0100);
    assert_int_equal(mem_lduw(0x7000 - 4), 0x15);
    assert_true(env->segs[R_CS].base == 0x20000 && env->eip == 0x300);
    /* RETF 4: back, and 4 more bytes released. */
    assert_int_equal(TEST_RUN(cs, helper_lret(envp(env), 0, 4)), -1);
    assert_true(env->regs[R_ESP] == 0x7000 + 4);
    assert_int_equal(env->segs[R_CS].selector, 0x0100);
    assert_true(env->eip == 0x15);

    /* 32-bit operand size: dwords. */
    env->regs[R_ESP] = 0x7000;
    assert_int_equal(TEST_RUN(cs, helper_lcall(envp(env), 0x3000, 0x12, 1, 7)),
                     -1);
    assert_true(env->regs[R_ESP] == 0x7000 - 8);
    assert_int_equal(mem_ldl(0x7000 - 4), 0x0100);
    assert_int_equal(mem_ldl(0x7000 - 8), 0x1c);
}

static void test_lcall_gate_inner_and_lret(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);
    uint32_t new_sp = TEST_ESP0 - 4 * 6;

    test_enter_protected(env);
    /* GDT 11: a 32-bit call gate, DPL 3, to 0x08:0x5000, 2 parameters. */
    env->gdt.limit = 12 * 8 - 1;
    test_set_gate(TEST_GDT_BASE, 11, SEL_CODE0, 0x5000, DESC_TYPE_CALL_GATE32,
                  3, true, 2);
    test_enter_ring3(env, 0x7000);
    mem_stl(0x7000, 0xaaaa);
    mem_stl(0x7004, 0xbbbb);
    env->eip = 0x400;

    assert_int_equal(TEST_RUN(cs, helper_lcall(envp(env), 0x5b, 0, 1, 7)), -1);
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_true(env->eip == 0x5000);
    /* SDM vol. 3A, figure 5-13: SS, ESP, params, CS, EIP. */
    assert_true(env->regs[R_ESP] == new_sp);
    assert_int_equal(mem_ldl(new_sp), 0x407);
    assert_int_equal(mem_ldl(new_sp + 4), SEL_CODE3);
    assert_int_equal(mem_ldl(new_sp + 8), 0xaaaa);
    assert_int_equal(mem_ldl(new_sp + 12), 0xbbbb);
    assert_int_equal(mem_ldl(new_sp + 16), 0x7000);
    assert_int_equal(mem_ldl(new_sp + 20), SEL_DATA3);

    /* A ring 0 DS: dropped by the return to ring 3. */
    cpu_x86_load_seg_cache(env, R_DS, SEL_DATA0, 0, 0xffffffff,
                           test_desc_high(TEST_GDT_BASE, 2) & DESC_FLAGS_MASK);
    /* RETF 8: the parameters are released on both stacks. */
    assert_int_equal(TEST_RUN(cs, helper_lret(envp(env), 1, 8)), -1);
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);
    assert_true(env->regs[R_ESP] == 0x7008);
    assert_true(env->eip == 0x407);
    assert_int_equal(env->segs[R_DS].selector, 0);
    assert_int_equal(env->segs[R_ES].selector, SEL_DATA3);

    /* The gate's DPL is below CPL 3: #GP(gate selector). */
    test_set_gate(TEST_GDT_BASE, 11, SEL_CODE0, 0x5000, DESC_TYPE_CALL_GATE32,
                  0, true, 0);
    assert_int_equal(TEST_RUN(cs, helper_lcall(envp(env), 0x5b, 0, 1, 7)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, 0x58);
    /* Not present: #NP(gate selector). */
    test_set_gate(TEST_GDT_BASE, 11, SEL_CODE0, 0x5000, DESC_TYPE_CALL_GATE32,
                  3, false, 0);
    assert_int_equal(TEST_RUN(cs, helper_lcall(envp(env), 0x5b, 0, 1, 7)),
                     EXCP0B_NOSEG);
    assert_int_equal(env->error_code, 0x58);
    assert_true(env->eip == 0x407 && env->regs[R_ESP] == 0x7008);
}

static void test_lret_checks(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    test_enter_protected(env);
    test_enter_ring3(env, 0x7000);
    /* From ring 3 to ring 0 code: RPL < CPL, #GP(sel). */
    mem_stl(0x7000, 0x1234);
    mem_stl(0x7004, SEL_CODE0);
    assert_int_equal(TEST_RUN(cs, helper_lret(envp(env), 1, 0)), EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_CODE0);
    assert_true(env->regs[R_ESP] == 0x7000);
    /* Null CS: #GP(0). */
    mem_stl(0x7004, 0);
    assert_int_equal(TEST_RUN(cs, helper_lret(envp(env), 1, 0)), EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    /* Same level. */
    mem_stl(0x7004, SEL_CODE3);
    assert_int_equal(TEST_RUN(cs, helper_lret(envp(env), 1, 0)), -1);
    assert_true(env->eip == 0x1234 && env->regs[R_ESP] == 0x7008);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_load_seg_real),
        sys_test(test_load_seg_null_and_limit),
        sys_test(test_load_seg_not_present),
        sys_test(test_load_seg_types_and_privilege),
        sys_test(test_load_seg_sets_accessed),
        sys_test(test_ljmp_protected),
        sys_test(test_lcall_lret_real),
        sys_test(test_lcall_gate_inner_and_lret),
        sys_test(test_lret_checks),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
