/*
 * SYSENTER and SYSEXIT (Intel SDM vol. 2B): fast ring 3 <-> ring 0
 * transitions whose flat segments come from IA32_SYSENTER_CS rather
 * than from descriptors; nothing is read from the GDT.  Legacy
 * (32-bit) forms only: emu's TCG has no long mode.
 */
#include "x86-system.h"

/* Flat 4 GiB segments, accessed, of the given DPL (SDM: "Operation"). */
#define FLAT_FLAGS (DESC_G_MASK | DESC_B_MASK | DESC_P_MASK | DESC_S_MASK | \
                    DESC_A_MASK)
#define FLAT_CODE (FLAT_FLAGS | DESC_CS_MASK | DESC_R_MASK)
#define FLAT_DATA (FLAT_FLAGS | DESC_W_MASK)

static void load_flat(CPUX86State *env, uint32_t cs, int dpl)
{
    uint32_t dpl_bits = (uint32_t)dpl << DESC_DPL_SHIFT;

    cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffff, FLAT_CODE | dpl_bits);
    cpu_x86_load_seg_cache(env, R_SS, cs + 8, 0, 0xffffffff,
                           FLAT_DATA | dpl_bits);
}

/* #GP(0) outside protected mode or with a null IA32_SYSENTER_CS. */
static void check_sysenter_cs(CPUX86State *env)
{
    if (!(env->cr[0] & CR0_PE_MASK) || !(env->sysenter_cs & 0xfffc)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
}

uint64_t helper_sysenter(uint64_t env_)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    check_sysenter_cs(env);
    x86_clear_eflags(env, VM_MASK | IF_MASK | RF_MASK);
    load_flat(env, env->sysenter_cs & 0xfffc, 0);
    env->regs[R_ESP] = (uint32_t)env->sysenter_esp;
    env->eip = (uint32_t)env->sysenter_eip;
    return 0;
}

uint64_t helper_sysexit(uint64_t env_)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    check_sysenter_cs(env);
    if (x86_cpl(env) != 0) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    /* CS is SYSENTER_CS + 16 and SS (CS + 8) + 24, both with RPL 3. */
    load_flat(env, ((env->sysenter_cs + 16) & 0xfffc) | 3, 3);
    env->regs[R_ESP] = env->regs[R_ECX];
    env->eip = env->regs[R_EDX];
    return 0;
}

const TCGHelperInfo helper_info_sysenter = {
    .func = (void (*)(void))helper_sysenter,
    .name = "sysenter",
    .nb_args = 1,
};

const TCGHelperInfo helper_info_sysexit = {
    .func = (void (*)(void))helper_sysexit,
    .name = "sysexit",
    .nb_args = 1,
};
