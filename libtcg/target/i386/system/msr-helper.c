/*
 * RDMSR and WRMSR (Intel SDM vol. 2B; the MSRs themselves in vol. 4):
 * ECX selects the MSR, EDX:EAX holds the value.  An MSR this CPU does
 * not have, or a write of a value it does not accept, is #GP(0); MSRs
 * not implemented here are logged with -d unimp so that a guest that
 * needs one shows up.
 *
 * The TSC is the one RDTSC reads (misc-helper.c): the virtual clock
 * counted at tsc_khz (1 GHz when unset) plus IA32_TSC_ADJUST, so that it
 * stops with the VM.  A write to IA32_TSC moves IA32_TSC_ADJUST by the
 * same amount, as the SDM has it (vol. 3B, 17.17.3), and env->tsc keeps
 * the value last written.
 */
#include <inttypes.h>

#include "machine/x86-intr.h"
#include "util/main-loop.h"
#include "util/timer.h"
#include "x86-system.h"

/* IA32_MTRRCAP: fixed-range MTRRs (bit 8) and write-combining (bit 10). */
#define MTRRCAP_FIXRANGE (1ULL << 8)
#define MTRRCAP_WC (1ULL << 10)
#define MCG_CTL_P (1ULL << 8)
#define FEATURE_CONTROL_LOCKED (1ULL << 0)

static bool cpu_has(const CPUX86State *env, FeatureWord w, uint64_t bit)
{
    return env->features[w] & bit;
}

static uint64_t tsc_khz(const CPUX86State *env)
{
    return env->tsc_khz > 0 ? (uint64_t)env->tsc_khz : 1000000;
}

/* The TSC at virtual time ns (keep in step with helper_rdtsc). */
static uint64_t tsc_at(const CPUX86State *env, int64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * tsc_khz(env) / 1000000) +
           env->tsc_adjust;
}

/*
 * IA32_TSC_DEADLINE (SDM vol. 3A, 10.5.4.1) goes to the local APIC with
 * the virtual time at which the TSC reaches it.
 */
static void set_tsc_deadline(CPUX86State *env, DeviceState *apic,
                             uint64_t deadline)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t tsc = tsc_at(env, now);
    uint64_t ticks = deadline > tsc ? deadline - tsc : 0;
    unsigned __int128 ns = (unsigned __int128)ticks * 1000000 / tsc_khz(env);

    env->tsc_deadline = deadline;
    apic_set_tsc_deadline(apic, deadline,
                          deadline ? now + (int64_t)MIN(ns, INT64_MAX / 2) : 0);
}

/* PAT entries: memory types 0, 1, 4-7 (2 and 3 are reserved, SDM 11.12.2). */
static bool pat_valid(uint64_t val)
{
    for (int i = 0; i < 8; i++) {
        uint8_t type = val >> (i * 8);

        if (type > 7 || type == 2 || type == 3) {
            return false;
        }
    }
    return true;
}

/* The fixed-range MTRR index of msr, or -1 (SDM vol. 3A, table 11-9). */
static int mtrr_fixed_index(uint32_t msr)
{
    if (msr == MSR_MTRRfix64K_00000) {
        return 0;
    }
    if (msr == MSR_MTRRfix16K_80000 || msr == MSR_MTRRfix16K_A0000) {
        return 1 + msr - MSR_MTRRfix16K_80000;
    }
    if (msr >= MSR_MTRRfix4K_C0000 && msr < MSR_MTRRfix4K_C0000 + 8) {
        return 3 + msr - MSR_MTRRfix4K_C0000;
    }
    return -1;
}

/* The machine-check bank register of msr, or NULL. */
static uint64_t *mce_bank_reg(CPUX86State *env, uint32_t msr)
{
    uint32_t banks = env->mcg_cap & 0xff;

    if (msr >= MSR_MC0_CTL && msr < MSR_MC0_CTL + 4 * banks &&
        msr - MSR_MC0_CTL < G_N_ELEMENTS(env->mce_banks)) {
        return &env->mce_banks[msr - MSR_MC0_CTL];
    }
    return NULL;
}

static DeviceState *cpu_apic(CPUX86State *env)
{
    return env_archcpu(env)->apic_state;
}

/* The value of msr; false if this CPU has no such MSR. */
static bool read_msr(CPUX86State *env, uint32_t msr, uint64_t *val)
{
    bool mtrr = cpu_has(env, FEAT_1_EDX, CPUID_MTRR);
    uint64_t *bank;
    int fixed;

    switch (msr) {
    case MSR_IA32_TSC:
        *val = tsc_at(env, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return true;
    case MSR_IA32_TSC_DEADLINE:
        *val = cpu_apic(env) ? apic_get_tsc_deadline(cpu_apic(env)) : 0;
        return cpu_apic(env) &&
               cpu_has(env, FEAT_1_ECX, CPUID_EXT_TSC_DEADLINE_TIMER);
    case MSR_IA32_APICBASE:
        *val =
            cpu_apic(env) ? cpu_get_apic_base(cpu_apic(env)) : env->apic_base;
        return true;
    case MSR_IA32_FEATURE_CONTROL:
        *val = env->msr_ia32_feature_control;
        return true;
    case MSR_IA32_UCODE_REV:
        *val = env->ucode_rev;
        return true;
    case MSR_IA32_SYSENTER_CS:
        *val = env->sysenter_cs;
        return true;
    case MSR_IA32_SYSENTER_ESP:
        *val = env->sysenter_esp;
        return true;
    case MSR_IA32_SYSENTER_EIP:
        *val = env->sysenter_eip;
        return true;
    case MSR_PAT:
        *val = env->pat;
        return true;
    case MSR_EFER:
        *val = env->efer;
        return true;
    case MSR_IA32_MISC_ENABLE:
        *val = env->msr_ia32_misc_enable;
        return true;
    case MSR_IA32_DEBUGCTL:
        *val = env->debugctl;
        return true;
    case MSR_MCG_CAP:
        *val = env->mcg_cap;
        return true;
    case MSR_MCG_STATUS:
        *val = env->mcg_status;
        return true;
    case MSR_MCG_CTL:
        *val = env->mcg_ctl;
        return env->mcg_cap & MCG_CTL_P;
    case MSR_MTRRcap:
        *val = MSR_MTRRcap_VCNT | MTRRCAP_FIXRANGE | MTRRCAP_WC;
        return mtrr;
    case MSR_MTRRdefType:
        *val = env->mtrr_deftype;
        return mtrr;
    case MSR_TSC_AUX:
        *val = env->tsc_aux;
        return cpu_has(env, FEAT_8000_0001_EDX, CPUID_EXT2_RDTSCP) ||
               cpu_has(env, FEAT_7_0_ECX, CPUID_7_0_ECX_RDPID);
    case MSR_TSC_ADJUST:
        *val = env->tsc_adjust;
        return cpu_has(env, FEAT_7_0_EBX, CPUID_7_0_EBX_TSC_ADJUST);
    case MSR_IA32_SPEC_CTRL:
        *val = env->spec_ctrl;
        return cpu_has(env, FEAT_7_0_EDX, CPUID_7_0_EDX_SPEC_CTRL);
    case MSR_IA32_ARCH_CAPABILITIES:
        *val = env->features[FEAT_ARCH_CAPABILITIES];
        return cpu_has(env, FEAT_7_0_EDX, CPUID_7_0_EDX_ARCH_CAPABILITIES);
    case MSR_K8_SYSCFG:
        /* AMD's memory-type extensions, all off (as KVM reports them). */
    case MSR_K8_INT_PENDING_MSG:
        /* No C1E: no interrupt-pending message to enable (as KVM). */
        *val = 0;
        return x86_cpu_is_amd(env);
    }
    if (msr >= MSR_MTRRphysBase(0) &&
        msr <= MSR_MTRRphysMask(MSR_MTRRcap_VCNT - 1)) {
        unsigned reg = (msr - MSR_MTRRphysBase(0)) / 2;

        *val = (msr & 1) ? env->mtrr_var[reg].mask : env->mtrr_var[reg].base;
        return mtrr;
    }
    fixed = mtrr_fixed_index(msr);
    if (fixed >= 0) {
        *val = env->mtrr_fixed[fixed];
        return mtrr;
    }
    bank = mce_bank_reg(env, msr);
    if (bank) {
        *val = *bank;
        return true;
    }
    return false;
}

static bool write_efer(CPUX86State *env, uint64_t val)
{
    uint64_t valid = 0;

    /* Long mode waits for the 64-bit stage: LME is refused. */
    if (cpu_has(env, FEAT_8000_0001_EDX, CPUID_EXT2_NX)) {
        valid |= MSR_EFER_NXE;
    }
    if (val & ~valid) {
        return false;
    }
    if ((env->efer ^ val) & MSR_EFER_NXE) {
        tlb_flush(env_cpu(env));
    }
    env->efer = val;
    x86_update_hflags(env);
    return true;
}

/* Write msr; false (#GP) if this CPU has no such MSR or refuses val. */
static bool write_msr(CPUX86State *env, uint32_t msr, uint64_t val)
{
    bool mtrr = cpu_has(env, FEAT_1_EDX, CPUID_MTRR);
    uint64_t *bank;
    int fixed;

    switch (msr) {
    case MSR_IA32_TSC:
        env->tsc_adjust +=
            val - tsc_at(env, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        env->tsc = val;
        return true;
    case MSR_IA32_TSC_DEADLINE:
        set_tsc_deadline(env, cpu_apic(env), val);
        return true;
    case MSR_IA32_APICBASE:
        if (cpu_apic(env)) {
            if (!cpu_set_apic_base(cpu_apic(env), val)) {
                return false;
            }
            env->apic_base = cpu_get_apic_base(cpu_apic(env));
            return true;
        }
        /* No local APIC model: the register alone (BSP is read-only). */
        if (val & ~(MSR_IA32_APICBASE_BASE | MSR_IA32_APICBASE_ENABLE |
                    MSR_IA32_APICBASE_BSP)) {
            return false;
        }
        env->apic_base = (val & ~MSR_IA32_APICBASE_BSP) |
                         (env->apic_base & MSR_IA32_APICBASE_BSP);
        return true;
    case MSR_IA32_FEATURE_CONTROL:
        if (env->msr_ia32_feature_control & FEATURE_CONTROL_LOCKED) {
            return false;
        }
        env->msr_ia32_feature_control = val;
        return true;
    case MSR_IA32_UCODE_REV:
        /* Writing 0 before CPUID asks for the revision: nothing to do. */
        return true;
    case MSR_IA32_SYSENTER_CS:
        env->sysenter_cs = val & 0xffff;
        return true;
    case MSR_IA32_SYSENTER_ESP:
        env->sysenter_esp = val;
        return true;
    case MSR_IA32_SYSENTER_EIP:
        env->sysenter_eip = val;
        return true;
    case MSR_PAT:
        if (!pat_valid(val)) {
            return false;
        }
        env->pat = val;
        return true;
    case MSR_EFER:
        return write_efer(env, val);
    case MSR_IA32_MISC_ENABLE:
        env->msr_ia32_misc_enable = val;
        return true;
    case MSR_IA32_DEBUGCTL:
        env->debugctl = val;
        return true;
    case MSR_MCG_STATUS:
        env->mcg_status = val;
        return true;
    case MSR_MCG_CTL:
        if (!(env->mcg_cap & MCG_CTL_P) || (val != 0 && val != ~0ULL)) {
            return false;
        }
        env->mcg_ctl = val;
        return true;
    case MSR_MTRRdefType:
        env->mtrr_deftype = val;
        return mtrr;
    case MSR_TSC_AUX:
        env->tsc_aux = (uint32_t)val;
        return cpu_has(env, FEAT_8000_0001_EDX, CPUID_EXT2_RDTSCP) ||
               cpu_has(env, FEAT_7_0_ECX, CPUID_7_0_ECX_RDPID);
    case MSR_TSC_ADJUST:
        env->tsc_adjust = val;
        return cpu_has(env, FEAT_7_0_EBX, CPUID_7_0_EBX_TSC_ADJUST);
    case MSR_IA32_SPEC_CTRL:
        env->spec_ctrl = val;
        return cpu_has(env, FEAT_7_0_EDX, CPUID_7_0_EDX_SPEC_CTRL);
    case MSR_K8_SYSCFG:
    case MSR_K8_INT_PENDING_MSG:
        /* No memory types to extend, no C1E: nothing to keep (as KVM). */
        return true;
    }
    if (msr >= MSR_MTRRphysBase(0) &&
        msr <= MSR_MTRRphysMask(MSR_MTRRcap_VCNT - 1) && mtrr) {
        unsigned reg = (msr - MSR_MTRRphysBase(0)) / 2;

        if (msr & 1) {
            env->mtrr_var[reg].mask = val;
        } else {
            env->mtrr_var[reg].base = val;
        }
        return true;
    }
    fixed = mtrr_fixed_index(msr);
    if (fixed >= 0 && mtrr) {
        env->mtrr_fixed[fixed] = val;
        return true;
    }
    bank = mce_bank_reg(env, msr);
    if (bank) {
        *bank = val;
        return true;
    }
    return false;
}

/* The local APIC model runs under the big lock (machine/x86-intr.h). */
static bool msr_lock(void)
{
    bool locked = qemu_mutex_iothread_locked();

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    return locked;
}

static void msr_unlock(bool was_locked)
{
    if (!was_locked) {
        qemu_mutex_unlock_iothread();
    }
}

uint64_t helper_rdmsr(uint64_t env_)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    uint32_t msr = env->regs[R_ECX];
    uint64_t val = 0;
    bool locked = msr_lock();
    bool ok = read_msr(env, msr, &val);

    msr_unlock(locked);
    if (!ok) {
        qemu_log_mask(LOG_UNIMP,
                      "rdmsr: MSR 0x%" PRIx32 " not implemented, #GP\n", msr);
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = (uint32_t)(val >> 32);
    return 0;
}

uint64_t helper_wrmsr(uint64_t env_)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    uint32_t msr = env->regs[R_ECX];
    uint64_t val = ((uint64_t)(uint32_t)env->regs[R_EDX] << 32) |
                   (uint32_t)env->regs[R_EAX];
    bool locked = msr_lock();
    uint64_t old;
    bool known, ok;

    /* The MSRs this CPU has but refuses the value for are no LOG_UNIMP. */
    known = read_msr(env, msr, &old);
    ok = known && write_msr(env, msr, val);
    msr_unlock(locked);
    if (!known) {
        qemu_log_mask(LOG_UNIMP,
                      "wrmsr: MSR 0x%" PRIx32 " (value 0x%" PRIx64
                      ") not implemented, #GP\n",
                      msr, val);
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wrmsr: MSR 0x%" PRIx32 " refuses 0x%" PRIx64 ", #GP\n",
                      msr, val);
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    return 0;
}

const TCGHelperInfo helper_info_rdmsr = {
    .func = (void (*)(void))helper_rdmsr,
    .name = "rdmsr",
    .nb_args = 1,
};

const TCGHelperInfo helper_info_wrmsr = {
    .func = (void (*)(void))helper_wrmsr,
    .name = "wrmsr",
    .nb_args = 1,
};
