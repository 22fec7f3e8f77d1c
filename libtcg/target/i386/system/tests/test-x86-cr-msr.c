/*
 * Control registers and MSRs against Intel SDM vol. 2B (MOV CRn,
 * RDMSR/WRMSR), vol. 3A, 2.5 (CR0/CR4 bits and their #GP cases) and
 * vol. 4 (the MSRs): reserved bits, CPUID-dependent CR4 bits, TLB
 * flushes, MSR round trips, refused values, and unknown MSRs.
 */
#include <stdio.h>
#include <unistd.h>

#include "x86-sys-test.h"

#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "util/timer.h"

static uint64_t envp(CPUX86State *env)
{
    return (uintptr_t)env;
}

static int write_cr(X86CPU *cpu, int reg, uint64_t val)
{
    return TEST_RUN(CPU(cpu), helper_write_crN(envp(&cpu->env), reg, val));
}

static void test_cr0(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    uint64_t reset_cr0 = env->cr[0];

    /* Reserved bit 6, bit 32, PG without PE, NW without CD: #GP(0). */
    assert_int_equal(write_cr(cpu, 0, reset_cr0 | (1 << 6)), EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    assert_int_equal(write_cr(cpu, 0, reset_cr0 | (1ULL << 32)), EXCP0D_GPF);
    assert_int_equal(write_cr(cpu, 0, CR0_PG_MASK | CR0_ET_MASK), EXCP0D_GPF);
    assert_int_equal(write_cr(cpu, 0, CR0_NW_MASK | CR0_PE_MASK), EXCP0D_GPF);
    assert_true(env->cr[0] == reset_cr0);
    assert_int_equal(test_tlb_flushes, 0);

    /* PE: hflags and a TLB flush; ET stays set. */
    assert_int_equal(write_cr(cpu, 0, CR0_PE_MASK), -1);
    assert_true(env->cr[0] == (CR0_PE_MASK | CR0_ET_MASK));
    assert_true(env->hflags & HF_PE_MASK);
    assert_int_equal(test_tlb_flushes, 1);
    /* TS only: no flush, but HF_TS follows. */
    assert_int_equal(write_cr(cpu, 0, env->cr[0] | CR0_TS_MASK), -1);
    assert_int_equal(test_tlb_flushes, 1);
    assert_true(env->hflags & HF_TS_MASK);
    /* PG and WP flush. */
    assert_int_equal(write_cr(cpu, 0, env->cr[0] | CR0_PG_MASK | CR0_WP_MASK),
                     -1);
    assert_int_equal(test_tlb_flushes, 2);
    assert_true(helper_read_crN(envp(env), 0) == env->cr[0]);
}

static void test_cr2_cr3_cr8(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;

    assert_int_equal(write_cr(cpu, 2, 0xdeadb000), -1);
    assert_true(helper_read_crN(envp(env), 2) == 0xdeadb000);
    assert_int_equal(test_tlb_flushes, 0);
    assert_int_equal(write_cr(cpu, 3, 0x123000), -1);
    assert_true(helper_read_crN(envp(env), 3) == 0x123000);
    assert_int_equal(test_tlb_flushes, 1);
    /* CR8 is 64-bit mode only; CR1, CR5-7 never exist: #UD. */
    assert_int_equal(write_cr(cpu, 8, 0), EXCP06_ILLOP);
    assert_int_equal(TEST_RUN(CPU(cpu), helper_read_crN(envp(env), 1)),
                     EXCP06_ILLOP);
}

static void test_cr4(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    X86CPU *old = test_cpu_create("486", 1);
    CPUX86State *env = &cpu->env;

    /* LA57, VMXE, PCIDE, and a reserved bit: #GP(0). */
    assert_int_equal(write_cr(cpu, 4, CR4_LA57_MASK), EXCP0D_GPF);
    assert_int_equal(write_cr(cpu, 4, CR4_VMXE_MASK), EXCP0D_GPF);
    assert_int_equal(write_cr(cpu, 4, CR4_PCIDE_MASK), EXCP0D_GPF);
    assert_int_equal(write_cr(cpu, 4, 1 << 15), EXCP0D_GPF);
    assert_true(env->cr[4] == 0);

    /* PSE/PAE/PGE flush; OSFXSR shows in hflags without a flush. */
    assert_int_equal(write_cr(cpu, 4, CR4_PSE_MASK | CR4_PGE_MASK), -1);
    assert_int_equal(test_tlb_flushes, 1);
    assert_int_equal(
        write_cr(cpu, 4, env->cr[4] | CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK),
        -1);
    assert_int_equal(test_tlb_flushes, 1);
    assert_true(env->hflags & HF_OSFXSR_MASK);
    assert_true(
        helper_read_crN(envp(env), 4) ==
        (CR4_PSE_MASK | CR4_PGE_MASK | CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK));

    /* A 486 has no PGE, PAE or FXSR in CPUID: those bits are #GP. */
    assert_false(old->env.features[FEAT_1_EDX] & CPUID_PGE);
    assert_int_equal(write_cr(old, 4, CR4_PGE_MASK), EXCP0D_GPF);
    assert_int_equal(write_cr(old, 4, CR4_OSFXSR_MASK), EXCP0D_GPF);
}

static int rdmsr(X86CPU *cpu, uint32_t msr, uint64_t *val)
{
    CPUX86State *env = &cpu->env;
    int r;

    env->regs[R_ECX] = msr;
    env->regs[R_EAX] = env->regs[R_EDX] = 0xffffffffffffULL;
    r = TEST_RUN(CPU(cpu), helper_rdmsr(envp(env)));
    *val = (env->regs[R_EDX] << 32) | env->regs[R_EAX];
    return r;
}

static int wrmsr(X86CPU *cpu, uint32_t msr, uint64_t val)
{
    CPUX86State *env = &cpu->env;

    env->regs[R_ECX] = msr;
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = val >> 32;
    return TEST_RUN(CPU(cpu), helper_wrmsr(envp(env)));
}

/* Write val and read it back. */
static uint64_t msr_round_trip(X86CPU *cpu, uint32_t msr, uint64_t val)
{
    uint64_t got = ~val;

    assert_int_equal(wrmsr(cpu, msr, val), -1);
    assert_int_equal(rdmsr(cpu, msr, &got), -1);
    return got;
}

static void test_msr_round_trips(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    uint64_t v;

    assert_true(msr_round_trip(cpu, MSR_IA32_SYSENTER_CS, 0x10) == 0x10);
    assert_true(msr_round_trip(cpu, MSR_IA32_SYSENTER_ESP, 0xc0001000) ==
                0xc0001000);
    assert_true(msr_round_trip(cpu, MSR_IA32_SYSENTER_EIP, 0xc0100000) ==
                0xc0100000);
    assert_true(msr_round_trip(cpu, MSR_PAT, 0x0007010600070106ULL) ==
                0x0007010600070106ULL);
    assert_true(msr_round_trip(cpu, MSR_MTRRdefType, 0xc06) == 0xc06);
    assert_true(msr_round_trip(cpu, MSR_MTRRphysBase(1), 0x80000006) ==
                0x80000006);
    assert_true(msr_round_trip(cpu, MSR_MTRRphysMask(1), 0xf80000800ULL) ==
                0xf80000800ULL);
    assert_true(env->mtrr_var[1].base == 0x80000006);
    assert_true(msr_round_trip(cpu, MSR_MTRRfix4K_C0000 + 2, 0x0505050505ULL) ==
                0x0505050505ULL);
    assert_true(env->mtrr_fixed[5] == 0x0505050505ULL);
    assert_true(msr_round_trip(cpu, MSR_TSC_AUX, 3) == 3);
    assert_true(msr_round_trip(cpu, MSR_IA32_MISC_ENABLE, 1) == 1);

    /* The reset values read back as the CPU model set them. */
    assert_int_equal(rdmsr(cpu, MSR_MCG_CAP, &v), -1);
    assert_true(v == env->mcg_cap);
    /* MTRRcap: 8 variable ranges, fixed ranges, WC; read-only. */
    assert_int_equal(rdmsr(cpu, MSR_MTRRcap, &v), -1);
    assert_true(v == (MSR_MTRRcap_VCNT | (1 << 8) | (1 << 10)));
    assert_int_equal(wrmsr(cpu, MSR_MTRRcap, 0), EXCP0D_GPF);
    assert_int_equal(rdmsr(cpu, MSR_IA32_APICBASE, &v), -1);
    assert_true(v == (APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE |
                      MSR_IA32_APICBASE_BSP));
    /* Without a local APIC model: the base moves, BSP stays. */
    assert_true(msr_round_trip(cpu, MSR_IA32_APICBASE, 0xfed00000) ==
                (0xfed00000 | MSR_IA32_APICBASE_BSP));
}

static void advance_virtual_clock(int64_t ns)
{
    qemu_mutex_lock_iothread();
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
    qemu_mutex_unlock_iothread();
}

static void test_msr_tsc(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    uint64_t khz = env->tsc_khz > 0 ? env->tsc_khz : 1000000;
    uint64_t v;

    /* The TSC runs with the virtual clock, at tsc_khz. */
    advance_virtual_clock(5000000);
    assert_int_equal(rdmsr(cpu, MSR_IA32_TSC, &v), -1);
    assert_true(v == (uint64_t)qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) * khz /
                         1000000);
    /* A write sets it; IA32_TSC_ADJUST moves by as much (SDM 17.17.3). */
    assert_true(msr_round_trip(cpu, MSR_IA32_TSC, 0x123456789aULL) ==
                0x123456789aULL);
    assert_true(env->tsc_adjust == 0x123456789aULL - v);
    advance_virtual_clock(1000000);
    assert_int_equal(rdmsr(cpu, MSR_IA32_TSC, &v), -1);
    assert_true(v == 0x123456789aULL + khz);
    /* No TSC-deadline timer without a local APIC model. */
    assert_int_equal(wrmsr(cpu, MSR_IA32_TSC_DEADLINE, 1), EXCP0D_GPF);
}

static void test_msr_refused_values(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;
    uint64_t v;

    /* PAT type 2 is reserved. */
    assert_int_equal(wrmsr(cpu, MSR_PAT, 0x0007040600070402ULL), EXCP0D_GPF);
    assert_int_equal(env->error_code, 0);
    assert_true(env->pat == MSR_PAT_DEFAULT);
    /* EFER: NXE with CPUID NX; LME waits for the 64-bit stage. */
    assert_true(env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_NX);
    assert_true(msr_round_trip(cpu, MSR_EFER, MSR_EFER_NXE) == MSR_EFER_NXE);
    assert_int_equal(test_tlb_flushes, 1);
    assert_int_equal(wrmsr(cpu, MSR_EFER, MSR_EFER_LME), EXCP0D_GPF);
    assert_int_equal(rdmsr(cpu, MSR_EFER, &v), -1);
    assert_true(v == MSR_EFER_NXE);
    /* The APIC base has no bit 9; with a locked feature control no write. */
    assert_int_equal(wrmsr(cpu, MSR_IA32_APICBASE, 0xfee00200), EXCP0D_GPF);
    assert_int_equal(wrmsr(cpu, MSR_IA32_FEATURE_CONTROL, 1), -1);
    assert_int_equal(wrmsr(cpu, MSR_IA32_FEATURE_CONTROL, 5), EXCP0D_GPF);
}

static void test_msr_unknown_logged(void **state)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    X86CPU *old = test_cpu_create("486", 1);
    char path[] = "/tmp/test-x86-msr-XXXXXX";
    int fd = mkstemp(path);
    g_autofree char *log = NULL;
    uint64_t v;

    assert_true(fd >= 0);
    close(fd);
    assert_true(qemu_set_log_filename(path, &error_abort));
    assert_true(qemu_set_log(LOG_UNIMP, &error_abort));

    assert_int_equal(rdmsr(cpu, 0x12345, &v), EXCP0D_GPF);
    assert_int_equal(cpu->env.error_code, 0);
    assert_int_equal(wrmsr(cpu, 0xc0011234, 7), EXCP0D_GPF);
    /* MSRs of features the CPU lacks are #GP as well. */
    assert_int_equal(rdmsr(old, MSR_MTRRdefType, &v), EXCP0D_GPF);
    assert_int_equal(rdmsr(old, MSR_TSC_AUX, &v), EXCP0D_GPF);

    qemu_set_log(0, &error_abort);
    qemu_log_close();
    assert_true(g_file_get_contents(path, &log, NULL, NULL));
    unlink(path);
    assert_non_null(strstr(log, "rdmsr: MSR 0x12345 not implemented"));
    assert_non_null(strstr(log, "wrmsr: MSR 0xc0011234"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_cr0),
        sys_test(test_cr2_cr3_cr8),
        sys_test(test_cr4),
        sys_test(test_msr_round_trips),
        sys_test(test_msr_tsc),
        sys_test(test_msr_refused_values),
        sys_test(test_msr_unknown_logged),
    };

    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);
    /* Virtual time moves only when a test says so. */
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
