/*
 * The descriptor instructions, SYSENTER/SYSEXIT, the I/O permission
 * bitmap and the debug registers against Intel SDM vol. 2A/2B (LLDT,
 * LTR, VERR/VERW, LAR, LSL, SYSENTER, SYSEXIT, MOV DRn) and vol. 1,
 * 19.5 (I/O permission bit map).
 */
#include "x86-sys-test.h"

#include "util/module.h"

static uint64_t envp(CPUX86State *env)
{
    return (uintptr_t)env;
}

/* GDT entries beyond the standard layout (x86-sys-test.h). */
#define IDX_TSS_AVAIL 11
#define IDX_TSS_NP 12
#define IDX_LDT 13
#define IDX_CONFORMING3 14
#define SEL_TSS_AVAIL (IDX_TSS_AVAIL * 8)
#define SEL_TSS_NP (IDX_TSS_NP * 8)
#define SEL_LDT (IDX_LDT * 8)
#define SEL_CONFORMING (IDX_CONFORMING3 * 8)
#define TSS2_BASE 0x4000u

static X86CPU *desc_cpu(void)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;

    test_enter_protected(env);
    test_set_desc(TEST_GDT_BASE, IDX_TSS_AVAIL, TSS2_BASE, 0x67, ACC_P | 0x09,
                  0);
    test_set_desc(TEST_GDT_BASE, IDX_TSS_NP, TSS2_BASE, 0x67, 0x09, 0);
    test_set_desc(TEST_GDT_BASE, IDX_LDT, TEST_LDT_BASE, 0x2f, ACC_P | 0x02, 0);
    /* Conforming, readable code of DPL 3 with a byte-granular limit. */
    test_set_desc(TEST_GDT_BASE, IDX_CONFORMING3, 0, 0x1234,
                  ACC_P | ACC_DPL(3) | 0x1e, FLG_DB);
    env->gdt.limit = 15 * 8 - 1;
    return cpu;
}

static void test_ltr(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    /* Null: #GP(0); busy TSS, data segment: #GP(selector); #NP. */
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), 0)), EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_TSS)), EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_TSS);
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_DATA0)),
                     EXCP0D_GPF);
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_TSS_NP)),
                     EXCP0B_NOSEG);
    assert_int_equal(env->error_code, SEL_TSS_NP);
    /* An LDT selector (TI set) never names a TSS. */
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_TSS_AVAIL | 4)),
                     EXCP0D_GPF);
    assert_int_equal(env->tr.selector, SEL_TSS);

    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_TSS_AVAIL)), -1);
    assert_int_equal(env->tr.selector, SEL_TSS_AVAIL);
    assert_true(env->tr.base == TSS2_BASE);
    assert_int_equal(env->tr.limit, 0x67);
    /* Busy in memory and in TR. */
    assert_int_equal((test_desc_high(TEST_GDT_BASE, IDX_TSS_AVAIL) >> 8) & 15,
                     0x0b);
    assert_int_equal((env->tr.flags >> DESC_TYPE_SHIFT) & 15, 0x0b);
    /* A second LTR of it: now busy, #GP. */
    assert_int_equal(TEST_RUN(cs, helper_ltr(envp(env), SEL_TSS_AVAIL)),
                     EXCP0D_GPF);
}

static void test_lldt(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    assert_int_equal(TEST_RUN(cs, helper_lldt(envp(env), SEL_LDT)), -1);
    assert_int_equal(env->ldt.selector, SEL_LDT);
    assert_true(env->ldt.base == TEST_LDT_BASE);
    assert_int_equal(env->ldt.limit, 0x2f);
    /* Not an LDT descriptor, or TI set: #GP(selector). */
    assert_int_equal(TEST_RUN(cs, helper_lldt(envp(env), SEL_TSS_AVAIL)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, SEL_TSS_AVAIL);
    assert_int_equal(TEST_RUN(cs, helper_lldt(envp(env), SEL_LDT | 4)),
                     EXCP0D_GPF);
    assert_int_equal(env->ldt.selector, SEL_LDT);
    /* Null: the LDT becomes unusable, no fault. */
    assert_int_equal(TEST_RUN(cs, helper_lldt(envp(env), 0)), -1);
    assert_int_equal(env->ldt.selector, 0);
    assert_int_equal(env->ldt.limit, 0);
}

static void test_verr_verw(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;

    /* Ring 0: code is readable, never writable; read-only data. */
    assert_int_equal(helper_verr_verw(envp(env), SEL_CODE0, 0), 1);
    assert_int_equal(helper_verr_verw(envp(env), SEL_CODE0, 1), 0);
    assert_int_equal(helper_verr_verw(envp(env), SEL_DATA0, 1), 1);
    assert_int_equal(helper_verr_verw(envp(env), SEL_RO_DATA, 0), 1);
    assert_int_equal(helper_verr_verw(envp(env), SEL_RO_DATA, 1), 0);
    /* Null, beyond the GDT, system descriptors: ZF clear, no fault. */
    assert_int_equal(helper_verr_verw(envp(env), 0, 0), 0);
    assert_int_equal(helper_verr_verw(envp(env), 0x200, 0), 0);
    assert_int_equal(helper_verr_verw(envp(env), SEL_TSS, 0), 0);
    /* RPL 3 hides DPL 0 segments; CPL 3 too, but not conforming code. */
    assert_int_equal(helper_verr_verw(envp(env), SEL_DATA0 | 3, 1), 0);
    test_enter_ring3(env, 0x7000);
    assert_int_equal(helper_verr_verw(envp(env), SEL_DATA0, 0), 0);
    assert_int_equal(helper_verr_verw(envp(env), SEL_DATA3, 1), 1);
    assert_int_equal(helper_verr_verw(envp(env), SEL_CODE0_NA, 0), 0);
    assert_int_equal(helper_verr_verw(envp(env), SEL_CONFORMING | 3, 0), 1);
}

static void test_lar_lsl(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    uint64_t r;

    r = helper_lar_lsl(envp(env), SEL_DATA0, 0);
    assert_true(r >> 32);
    assert_int_equal((uint32_t)r,
                     test_desc_high(TEST_GDT_BASE, 2) & 0x00f0ff00u);
    /* LSL: the limit in bytes (G set: 4 GiB - 1). */
    r = helper_lar_lsl(envp(env), SEL_DATA0, 1);
    assert_true((r >> 32) && (uint32_t)r == 0xffffffffu);
    r = helper_lar_lsl(envp(env), SEL_CONFORMING, 1);
    assert_true((r >> 32) && (uint32_t)r == 0x1234);
    /* TSS and LDT: both answer; a gate only to LAR. */
    r = helper_lar_lsl(envp(env), SEL_TSS, 1);
    assert_true((r >> 32) && (uint32_t)r == 0x67);
    assert_true(helper_lar_lsl(envp(env), SEL_LDT, 0) >> 32);
    test_set_gate(TEST_GDT_BASE, IDX_TSS_NP, SEL_CODE0, 0x1000, 12, 0, true, 0);
    assert_true(helper_lar_lsl(envp(env), SEL_TSS_NP, 0) >> 32);
    assert_false(helper_lar_lsl(envp(env), SEL_TSS_NP, 1) >> 32);
    /* Interrupt gates: neither. */
    test_set_gate(TEST_GDT_BASE, IDX_TSS_NP, SEL_CODE0, 0x1000, 14, 0, true, 0);
    assert_false(helper_lar_lsl(envp(env), SEL_TSS_NP, 0) >> 32);
    /* Null, and DPL 0 seen from ring 3. */
    assert_false(helper_lar_lsl(envp(env), 0, 0) >> 32);
    test_enter_ring3(env, 0x7000);
    assert_false(helper_lar_lsl(envp(env), SEL_DATA0, 0) >> 32);
    assert_true(helper_lar_lsl(envp(env), SEL_DATA3, 1) >> 32);
}

static void test_sysenter_sysexit(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    /* A null IA32_SYSENTER_CS: #GP(0). */
    env->sysenter_cs = 0;
    assert_int_equal(TEST_RUN(cs, helper_sysenter(envp(env))), EXCP0D_GPF);
    env->sysenter_cs = SEL_CODE0;
    env->sysenter_esp = 0x9000;
    env->sysenter_eip = 0xc0001000;

    test_enter_ring3(env, 0x7000);
    env->eflags |= IF_MASK;
    assert_int_equal(TEST_RUN(cs, helper_sysenter(envp(env))), -1);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE0);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA0);
    assert_int_equal(env->hflags & HF_CPL_MASK, 0);
    assert_true(env->hflags & HF_CS32_MASK);
    assert_true(env->regs[R_ESP] == 0x9000 && env->eip == 0xc0001000);
    assert_false(env->eflags & IF_MASK);

    env->regs[R_ECX] = 0xbfff0000;
    env->regs[R_EDX] = 0x08048000;
    assert_int_equal(TEST_RUN(cs, helper_sysexit(envp(env))), -1);
    assert_int_equal(env->segs[R_CS].selector, SEL_CODE3);
    assert_int_equal(env->segs[R_SS].selector, SEL_DATA3);
    assert_int_equal(env->hflags & HF_CPL_MASK, 3);
    assert_true(env->segs[R_CS].limit == 0xffffffff);
    assert_true(env->regs[R_ESP] == 0xbfff0000 && env->eip == 0x08048000);
    /* SYSEXIT from ring 3: #GP(0). */
    assert_int_equal(TEST_RUN(cs, helper_sysexit(envp(env))), EXCP0D_GPF);
}

static void test_io_bitmap(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    /* A bitmap base at the TSS limit 0x67 leaves no bitmap at all. */
    mem_stw(TEST_TSS_BASE + 0x66, 0x68);
    test_enter_ring3(env, 0x7000);
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x80, 1)),
                     EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);

    /* A bitmap at 0x68 covering ports 0-0x3ff (plus the spare byte). */
    env->tr.limit = 0x68 + 0x80;
    for (int i = 0; i <= 0x80; i++) {
        test_ram[TEST_TSS_BASE + 0x68 + i] = 0xff;
    }
    /* Ports 0x3f8-0x3ff allowed. */
    test_ram[TEST_TSS_BASE + 0x68 + 0x7f] = 0x00;
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3f8, 4)), -1);
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3fc, 4)), -1);
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3f7, 1)),
                     EXCP0D_GPF);
    /* A word straddling into a denied port. */
    test_ram[TEST_TSS_BASE + 0x68 + 0x7f] = 0x3f;
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3fe, 2)), -1);
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3ff, 1)), -1);
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x3ff, 2)),
                     EXCP0D_GPF);
    /* Beyond the bitmap (past the TSS limit): denied. */
    assert_int_equal(TEST_RUN(cs, helper_check_io(envp(env), 0x400, 1)),
                     EXCP0D_GPF);
}

static void test_debug_registers(void **state)
{
    X86CPU *cpu = desc_cpu();
    CPUX86State *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    assert_true(helper_read_drN(envp(env), 6) == 0xffff0ff0);
    assert_true(helper_read_drN(envp(env), 7) == 0x400);
    helper_write_drN(envp(env), 0, 0x12345678);
    assert_true(helper_read_drN(envp(env), 0) == 0x12345678);
    /* Reserved bits read as fixed; DR5 is DR7 without CR4.DE. */
    helper_write_drN(envp(env), 5, 0);
    assert_true(helper_read_drN(envp(env), 7) == 0x400);
    helper_write_drN(envp(env), 6, 0x4000);
    assert_true(helper_read_drN(envp(env), 4) == 0xffff4ff0);
    env->cr[4] |= CR4_DE_MASK;
    assert_int_equal(TEST_RUN(cs, helper_read_drN(envp(env), 4)),
                     EXCP06_ILLOP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_ltr),
        sys_test(test_lldt),
        sys_test(test_verr_verw),
        sys_test(test_lar_lsl),
        sys_test(test_sysenter_sysexit),
        sys_test(test_io_bitmap),
        sys_test(test_debug_registers),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
