/*
 * MOV to and from control registers CR0, CR2, CR3 and CR4 (Intel SDM
 * vol. 2B, "MOV-Move to/from Control Registers"; vol. 3A, 2.5).  CR8
 * exists only in 64-bit mode (#UD here, as the other numbers).
 *
 * A change of a bit the address translation depends on drops the TLB,
 * a CR3 load all of it but the global pages;
 * every write recomputes hflags (PE, MP/EM/TS, OSFXSR live there), so
 * the front end ends the block after a control register write.
 */
#include <inttypes.h>

#include "mmu-helper.h"
#include "x86-system.h"

/* The CR0 bits that exist (SDM vol. 3A, 2.5); the others are reserved. */
#define CR0_VALID_MASK                                                         \
    (CR0_PE_MASK | CR0_MP_MASK | CR0_EM_MASK | CR0_TS_MASK | CR0_ET_MASK |     \
     CR0_NE_MASK | CR0_WP_MASK | CR0_AM_MASK | CR0_NW_MASK | CR0_CD_MASK |     \
     CR0_PG_MASK)

/* CR4 bits whose change changes address translation (SDM vol. 3A, 4.10.4.1). */
#define CR4_PAGING_MASK                                                        \
    (CR4_PSE_MASK | CR4_PAE_MASK | CR4_PGE_MASK | CR4_SMEP_MASK |              \
     CR4_SMAP_MASK | CR4_PKE_MASK)

/*
 * The CR4 bits this CPU's CPUID makes writable (SDM vol. 3A, 2.5: setting
 * a bit for a feature the processor lacks is #GP).  PCIDE and LA57 need
 * long mode, VMXE/SMXE VMX and SMX, which a 32-bit TCG guest lacks.
 */
static uint64_t cr4_valid_mask(const CPUX86State *env)
{
    uint64_t edx1 = env->features[FEAT_1_EDX];
    uint64_t ecx1 = env->features[FEAT_1_ECX];
    uint64_t ebx7 = env->features[FEAT_7_0_EBX];
    uint64_t ecx7 = env->features[FEAT_7_0_ECX];
    uint64_t valid = CR4_PCE_MASK;

    valid |= (edx1 & CPUID_VME) ? CR4_VME_MASK | CR4_PVI_MASK : 0;
    valid |= (edx1 & CPUID_TSC) ? CR4_TSD_MASK : 0;
    valid |= (edx1 & CPUID_DE) ? CR4_DE_MASK : 0;
    valid |= (edx1 & CPUID_PSE) ? CR4_PSE_MASK : 0;
    valid |= (edx1 & CPUID_PAE) ? CR4_PAE_MASK : 0;
    valid |= (edx1 & CPUID_MCE) ? CR4_MCE_MASK : 0;
    valid |= (edx1 & CPUID_PGE) ? CR4_PGE_MASK : 0;
    valid |= (edx1 & CPUID_FXSR) ? CR4_OSFXSR_MASK : 0;
    valid |= (edx1 & CPUID_SSE) ? CR4_OSXMMEXCPT_MASK : 0;
    valid |= (ecx1 & CPUID_EXT_XSAVE) ? CR4_OSXSAVE_MASK : 0;
    valid |= (ebx7 & CPUID_7_0_EBX_FSGSBASE) ? CR4_FSGSBASE_MASK : 0;
    valid |= (ebx7 & CPUID_7_0_EBX_SMEP) ? CR4_SMEP_MASK : 0;
    valid |= (ebx7 & CPUID_7_0_EBX_SMAP) ? CR4_SMAP_MASK : 0;
    valid |= (ecx7 & CPUID_7_0_ECX_UMIP) ? CR4_UMIP_MASK : 0;
    valid |= (ecx7 & CPUID_7_0_ECX_PKU) ? CR4_PKE_MASK : 0;
    return valid;
}

static void write_cr0(CPUX86State *env, uint64_t val)
{
    uint64_t old = env->cr[0];

    /* Reserved bits, PG without PE, NW without CD: #GP(0). */
    if ((val & ~CR0_VALID_MASK) ||
        ((val & CR0_PG_MASK) && !(val & CR0_PE_MASK)) ||
        ((val & CR0_NW_MASK) && !(val & CR0_CD_MASK))) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    /* ET is hard-wired to 1 since the P6 family. */
    val |= CR0_ET_MASK;
    env->cr[0] = val;
    if ((old ^ val) & (CR0_PE_MASK | CR0_PG_MASK | CR0_WP_MASK)) {
        tlb_flush(env_cpu(env));
    }
    x86_update_hflags(env);
}

static void write_cr4(CPUX86State *env, uint64_t val)
{
    uint64_t old = env->cr[4];

    if (val & ~cr4_valid_mask(env)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "MOV CR4, 0x%" PRIx64 ": unsupported bits 0x%" PRIx64
                      ", #GP\n",
                      val, val & ~cr4_valid_mask(env));
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    env->cr[4] = val;
    if ((old ^ val) & CR4_PAGING_MASK) {
        tlb_flush(env_cpu(env));
    }
    x86_update_hflags(env);
}

uint64_t helper_read_crN(uint64_t env_, uint64_t reg)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    switch (reg) {
    case 0:
    case 2:
    case 3:
    case 4:
        return env->cr[reg];
    default:
        raise_exception(env, EXCP06_ILLOP);
    }
}

uint64_t helper_write_crN(uint64_t env_, uint64_t reg, uint64_t val)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    switch (reg) {
    case 0:
        write_cr0(env, val);
        break;
    case 2:
        env->cr[2] = val;
        break;
    case 3:
        env->cr[3] = val;
        /* Global pages survive a CR3 load while CR4.PGE is set (4.10.4.1). */
        if (env->cr[4] & CR4_PGE_MASK) {
            tlb_flush_nonglobal(env_cpu(env));
        } else {
            tlb_flush(env_cpu(env));
        }
        break;
    case 4:
        write_cr4(env, val);
        break;
    default:
        raise_exception(env, EXCP06_ILLOP);
    }
    return 0;
}

const TCGHelperInfo helper_info_read_crN = {
    .func = (void (*)(void))helper_read_crN,
    .name = "read_crN",
    .nb_args = 2,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32, /* 32-bit control registers (no CR8) */
};

const TCGHelperInfo helper_info_write_crN = {
    .func = (void (*)(void))helper_write_crN,
    .name = "write_crN",
    .nb_args = 3,
};
