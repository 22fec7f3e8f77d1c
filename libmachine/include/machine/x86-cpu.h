/*
 * x86 CPUs: the CPU models (TYPE_X86_CPU and one QOM type per -cpu
 * model), their CPUID feature words, the CPUID leaves they produce for a
 * topology, and the architectural register state (CPUX86State) that the
 * KVM and TCG accelerators both load and save.  QEMU's names throughout.
 *
 * Type names are QEMU's: the abstract base "x86_64-cpu", and for each
 * model "<model>-x86_64-cpu" ("SandyBridge-x86_64-cpu", its versions
 * "SandyBridge-v1-x86_64-cpu", ..., and their aliases
 * "SandyBridge-IBRS-x86_64-cpu"), plus "host", "max" and "base".
 *
 * Every CPUID feature is a bool QOM property of the CPU named as QEMU
 * names it ("erms", "sse4.2", "tsc-deadline", "vmx-ept", ...), so both
 * "-cpu SandyBridge,+erms" and "-global SandyBridge-x86_64-cpu.erms=on"
 * work.  Creating a CPU: object_new(type), set "apic-id" (and the ids of
 * the topology, see machine/x86-topology.h and x86_cpu_set_topology()),
 * then realize.  Realize applies +feat/-feat, drops features whose
 * prerequisites are off, raises the CPUID levels the features need, and
 * asks the accelerator (x86_cpu_set_accel_ops()) what it supports.
 */
#ifndef MACHINE_X86_CPU_H
#define MACHINE_X86_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "machine/cpu.h"
#include "machine/x86-topology.h"

#define TYPE_X86_CPU "x86_64-cpu"
#define X86_CPU_TYPE_SUFFIX "-" TYPE_X86_CPU
#define X86_CPU_TYPE_NAME(name) (name X86_CPU_TYPE_SUFFIX)
/* The type parse_cpu_option() resolves -cpu model names against. */
#define CPU_RESOLVING_TYPE TYPE_X86_CPU

OBJECT_DECLARE_TYPE(X86CPU, X86CPUClass, X86_CPU)

/* ---------------------------------------------------------------------- */
/* Feature words                                                          */

/*
 * One word per CPUID register (or feature MSR) that holds feature bits,
 * QEMU's list.  Words of MSRs are 64 bits wide; the others 32.
 */
typedef enum FeatureWord {
    FEAT_1_EDX,              /* CPUID[1].EDX */
    FEAT_1_ECX,              /* CPUID[1].ECX */
    FEAT_7_0_EBX,            /* CPUID[EAX=7,ECX=0].EBX */
    FEAT_7_0_ECX,            /* CPUID[EAX=7,ECX=0].ECX */
    FEAT_7_0_EDX,            /* CPUID[EAX=7,ECX=0].EDX */
    FEAT_7_1_EAX,            /* CPUID[EAX=7,ECX=1].EAX */
    FEAT_8000_0001_EDX,      /* CPUID[8000_0001].EDX */
    FEAT_8000_0001_ECX,      /* CPUID[8000_0001].ECX */
    FEAT_8000_0007_EDX,      /* CPUID[8000_0007].EDX */
    FEAT_8000_0008_EBX,      /* CPUID[8000_0008].EBX */
    FEAT_C000_0001_EDX,      /* CPUID[C000_0001].EDX (VIA/Centaur) */
    FEAT_KVM,                /* CPUID[4000_0001].EAX (KVM paravirt) */
    FEAT_KVM_HINTS,          /* CPUID[4000_0001].EDX */
    FEAT_SVM,                /* CPUID[8000_000A].EDX */
    FEAT_XSAVE,              /* CPUID[EAX=0xd,ECX=1].EAX */
    FEAT_6_EAX,              /* CPUID[6].EAX */
    FEAT_XSAVE_XCR0_LO,      /* CPUID[EAX=0xd,ECX=0].EAX (computed) */
    FEAT_XSAVE_XCR0_HI,      /* CPUID[EAX=0xd,ECX=0].EDX (computed) */
    FEAT_ARCH_CAPABILITIES,  /* MSR 0x10a */
    FEAT_CORE_CAPABILITY,    /* MSR 0xcf */
    FEAT_PERF_CAPABILITIES,  /* MSR 0x345 */
    FEAT_VMX_PROCBASED_CTLS, /* MSR 0x482, allowed-1 settings */
    FEAT_VMX_SECONDARY_CTLS, /* MSR 0x48b */
    FEAT_VMX_PINBASED_CTLS,  /* MSR 0x481 */
    FEAT_VMX_EXIT_CTLS,      /* MSR 0x483 */
    FEAT_VMX_ENTRY_CTLS,     /* MSR 0x484 */
    FEAT_VMX_MISC,           /* MSR 0x485 */
    FEAT_VMX_EPT_VPID_CAPS,  /* MSR 0x48c */
    FEAT_VMX_BASIC,          /* MSR 0x480 */
    FEAT_VMX_VMFUNC,         /* MSR 0x491 */
    FEAT_14_0_ECX,           /* CPUID[EAX=0x14,ECX=0].ECX (Intel PT) */
    FEAT_SGX_12_0_EAX,       /* CPUID[EAX=0x12,ECX=0].EAX */
    FEAT_SGX_12_0_EBX,       /* CPUID[EAX=0x12,ECX=0].EBX */
    FEAT_SGX_12_1_EAX,       /* CPUID[EAX=0x12,ECX=1].EAX */
    FEAT_XSAVE_XSS_LO,       /* CPUID[EAX=0xd,ECX=1].ECX (computed) */
    FEAT_XSAVE_XSS_HI,       /* CPUID[EAX=0xd,ECX=1].EDX (computed) */
    FEATURE_WORDS,
} FeatureWord;

typedef uint64_t FeatureWordArray[FEATURE_WORDS];

/* CPUID[1].EDX (Intel SDM vol. 2A, table 3-11) */
#define CPUID_FP87 (1U << 0)
#define CPUID_VME (1U << 1)
#define CPUID_DE (1U << 2)
#define CPUID_PSE (1U << 3)
#define CPUID_TSC (1U << 4)
#define CPUID_MSR (1U << 5)
#define CPUID_PAE (1U << 6)
#define CPUID_MCE (1U << 7)
#define CPUID_CX8 (1U << 8)
#define CPUID_APIC (1U << 9)
#define CPUID_SEP (1U << 11)
#define CPUID_MTRR (1U << 12)
#define CPUID_PGE (1U << 13)
#define CPUID_MCA (1U << 14)
#define CPUID_CMOV (1U << 15)
#define CPUID_PAT (1U << 16)
#define CPUID_PSE36 (1U << 17)
#define CPUID_PN (1U << 18)
#define CPUID_CLFLUSH (1U << 19)
#define CPUID_DTS (1U << 21)
#define CPUID_ACPI (1U << 22)
#define CPUID_MMX (1U << 23)
#define CPUID_FXSR (1U << 24)
#define CPUID_SSE (1U << 25)
#define CPUID_SSE2 (1U << 26)
#define CPUID_SS (1U << 27)
#define CPUID_HT (1U << 28)
#define CPUID_TM (1U << 29)
#define CPUID_IA64 (1U << 30)
#define CPUID_PBE (1U << 31)

/* CPUID[1].ECX (Intel SDM vol. 2A, table 3-10) */
#define CPUID_EXT_SSE3 (1U << 0)
#define CPUID_EXT_PCLMULQDQ (1U << 1)
#define CPUID_EXT_DTES64 (1U << 2)
#define CPUID_EXT_MONITOR (1U << 3)
#define CPUID_EXT_DSCPL (1U << 4)
#define CPUID_EXT_VMX (1U << 5)
#define CPUID_EXT_SMX (1U << 6)
#define CPUID_EXT_EST (1U << 7)
#define CPUID_EXT_TM2 (1U << 8)
#define CPUID_EXT_SSSE3 (1U << 9)
#define CPUID_EXT_CID (1U << 10)
#define CPUID_EXT_FMA (1U << 12)
#define CPUID_EXT_CX16 (1U << 13)
#define CPUID_EXT_XTPR (1U << 14)
#define CPUID_EXT_PDCM (1U << 15)
#define CPUID_EXT_PCID (1U << 17)
#define CPUID_EXT_DCA (1U << 18)
#define CPUID_EXT_SSE41 (1U << 19)
#define CPUID_EXT_SSE42 (1U << 20)
#define CPUID_EXT_X2APIC (1U << 21)
#define CPUID_EXT_MOVBE (1U << 22)
#define CPUID_EXT_POPCNT (1U << 23)
#define CPUID_EXT_TSC_DEADLINE_TIMER (1U << 24)
#define CPUID_EXT_AES (1U << 25)
#define CPUID_EXT_XSAVE (1U << 26)
#define CPUID_EXT_OSXSAVE (1U << 27)
#define CPUID_EXT_AVX (1U << 28)
#define CPUID_EXT_F16C (1U << 29)
#define CPUID_EXT_RDRAND (1U << 30)
#define CPUID_EXT_HYPERVISOR (1U << 31)

/* CPUID[EAX=7,ECX=0].EBX/ECX/EDX (Intel SDM vol. 2A, CPUID leaf 07H) */
#define CPUID_7_0_EBX_FSGSBASE (1U << 0)
#define CPUID_7_0_EBX_TSC_ADJUST (1U << 1)
#define CPUID_7_0_EBX_SGX (1U << 2)
#define CPUID_7_0_EBX_BMI1 (1U << 3)
#define CPUID_7_0_EBX_HLE (1U << 4)
#define CPUID_7_0_EBX_AVX2 (1U << 5)
#define CPUID_7_0_EBX_SMEP (1U << 7)
#define CPUID_7_0_EBX_BMI2 (1U << 8)
#define CPUID_7_0_EBX_ERMS (1U << 9)
#define CPUID_7_0_EBX_INVPCID (1U << 10)
#define CPUID_7_0_EBX_RTM (1U << 11)
#define CPUID_7_0_EBX_MPX (1U << 14)
#define CPUID_7_0_EBX_AVX512F (1U << 16)
#define CPUID_7_0_EBX_AVX512DQ (1U << 17)
#define CPUID_7_0_EBX_RDSEED (1U << 18)
#define CPUID_7_0_EBX_ADX (1U << 19)
#define CPUID_7_0_EBX_SMAP (1U << 20)
#define CPUID_7_0_EBX_AVX512IFMA (1U << 21)
#define CPUID_7_0_EBX_CLFLUSHOPT (1U << 23)
#define CPUID_7_0_EBX_CLWB (1U << 24)
#define CPUID_7_0_EBX_INTEL_PT (1U << 25)
#define CPUID_7_0_EBX_AVX512PF (1U << 26)
#define CPUID_7_0_EBX_AVX512ER (1U << 27)
#define CPUID_7_0_EBX_AVX512CD (1U << 28)
#define CPUID_7_0_EBX_SHA_NI (1U << 29)
#define CPUID_7_0_EBX_AVX512BW (1U << 30)
#define CPUID_7_0_EBX_AVX512VL (1U << 31)

#define CPUID_7_0_ECX_AVX512_VBMI (1U << 1)
#define CPUID_7_0_ECX_UMIP (1U << 2)
#define CPUID_7_0_ECX_PKU (1U << 3)
#define CPUID_7_0_ECX_OSPKE (1U << 4)
#define CPUID_7_0_ECX_WAITPKG (1U << 5)
#define CPUID_7_0_ECX_AVX512_VBMI2 (1U << 6)
#define CPUID_7_0_ECX_GFNI (1U << 8)
#define CPUID_7_0_ECX_VAES (1U << 9)
#define CPUID_7_0_ECX_VPCLMULQDQ (1U << 10)
#define CPUID_7_0_ECX_AVX512VNNI (1U << 11)
#define CPUID_7_0_ECX_AVX512BITALG (1U << 12)
#define CPUID_7_0_ECX_AVX512_VPOPCNTDQ (1U << 14)
#define CPUID_7_0_ECX_LA57 (1U << 16)
#define CPUID_7_0_ECX_RDPID (1U << 22)
#define CPUID_7_0_ECX_SGX_LC (1U << 30)
#define CPUID_7_0_ECX_PKS (1U << 31)

#define CPUID_7_0_EDX_FSRM (1U << 4)
#define CPUID_7_0_EDX_MD_CLEAR (1U << 10)
#define CPUID_7_0_EDX_SERIALIZE (1U << 14)
#define CPUID_7_0_EDX_ARCH_LBR (1U << 19)
#define CPUID_7_0_EDX_AMX_TILE (1U << 24)
#define CPUID_7_0_EDX_SPEC_CTRL (1U << 26)
#define CPUID_7_0_EDX_STIBP (1U << 27)
#define CPUID_7_0_EDX_ARCH_CAPABILITIES (1U << 29)
#define CPUID_7_0_EDX_CORE_CAPABILITY (1U << 30)
#define CPUID_7_0_EDX_SPEC_CTRL_SSBD (1U << 31)

/* CPUID[8000_0001].EDX (AMD APM vol. 3, appendix E.4.2) */
#define CPUID_EXT2_SYSCALL (1U << 11)
#define CPUID_EXT2_NX (1U << 20)
#define CPUID_EXT2_MMXEXT (1U << 22)
#define CPUID_EXT2_FFXSR (1U << 25)
#define CPUID_EXT2_PDPE1GB (1U << 26)
#define CPUID_EXT2_RDTSCP (1U << 27)
#define CPUID_EXT2_LM (1U << 29)
#define CPUID_EXT2_3DNOWEXT (1U << 30)
#define CPUID_EXT2_3DNOW (1U << 31)
/*
 * On AMD processors these bits of CPUID[8000_0001].EDX repeat
 * CPUID[1].EDX (fpu ... pse36, mmx, fxsr); they have no names of their
 * own and are copied at realize for AMD vendors.
 */
#define CPUID_EXT2_AMD_ALIASES 0x0183F3FFU

/* CPUID[8000_0001].ECX */
#define CPUID_EXT3_LAHF_LM (1U << 0)
#define CPUID_EXT3_CMP_LEG (1U << 1)
#define CPUID_EXT3_SVM (1U << 2)
#define CPUID_EXT3_EXTAPIC (1U << 3)
#define CPUID_EXT3_CR8LEG (1U << 4)
#define CPUID_EXT3_ABM (1U << 5)
#define CPUID_EXT3_SSE4A (1U << 6)
#define CPUID_EXT3_MISALIGNSSE (1U << 7)
#define CPUID_EXT3_3DNOWPREFETCH (1U << 8)
#define CPUID_EXT3_OSVW (1U << 9)
#define CPUID_EXT3_XOP (1U << 11)
#define CPUID_EXT3_FMA4 (1U << 16)
#define CPUID_EXT3_TBM (1U << 21)
#define CPUID_EXT3_TOPOEXT (1U << 22)
#define CPUID_EXT3_PERFCORE (1U << 23)

/* CPUID[EAX=0xd,ECX=1].EAX */
#define CPUID_XSAVE_XSAVEOPT (1U << 0)
#define CPUID_XSAVE_XSAVEC (1U << 1)
#define CPUID_XSAVE_XGETBV1 (1U << 2)
#define CPUID_XSAVE_XSAVES (1U << 3)
#define CPUID_XSAVE_XFD (1U << 4)

#define CPUID_6_EAX_ARAT (1U << 2)
#define CPUID_APM_INVTSC (1U << 8) /* CPUID[8000_0007].EDX */
#define CPUID_SVM_NPT (1U << 0)    /* CPUID[8000_000A].EDX */

/* ---------------------------------------------------------------------- */
/* XSAVE state components (Intel SDM vol. 1, 13.1)                        */

enum {
    XSTATE_FP_BIT = 0,
    XSTATE_SSE_BIT = 1,
    XSTATE_YMM_BIT = 2,
    XSTATE_BNDREGS_BIT = 3,
    XSTATE_BNDCSR_BIT = 4,
    XSTATE_OPMASK_BIT = 5,
    XSTATE_ZMM_Hi256_BIT = 6,
    XSTATE_Hi16_ZMM_BIT = 7,
    XSTATE_PKRU_BIT = 9,
    XSTATE_XTILE_CFG_BIT = 17,
    XSTATE_XTILE_DATA_BIT = 18,
};

#define XSTATE_FP_MASK (1ULL << XSTATE_FP_BIT)
#define XSTATE_SSE_MASK (1ULL << XSTATE_SSE_BIT)
#define XSTATE_YMM_MASK (1ULL << XSTATE_YMM_BIT)
#define XSTATE_BNDREGS_MASK (1ULL << XSTATE_BNDREGS_BIT)
#define XSTATE_BNDCSR_MASK (1ULL << XSTATE_BNDCSR_BIT)
#define XSTATE_OPMASK_MASK (1ULL << XSTATE_OPMASK_BIT)
#define XSTATE_ZMM_Hi256_MASK (1ULL << XSTATE_ZMM_Hi256_BIT)
#define XSTATE_Hi16_ZMM_MASK (1ULL << XSTATE_Hi16_ZMM_BIT)
#define XSTATE_PKRU_MASK (1ULL << XSTATE_PKRU_BIT)
#define XSTATE_XTILE_CFG_MASK (1ULL << XSTATE_XTILE_CFG_BIT)
#define XSTATE_XTILE_DATA_MASK (1ULL << XSTATE_XTILE_DATA_BIT)

/* The legacy region (FXSAVE image) and the XSAVE header. */
#define XSAVE_LEGACY_SIZE 512
#define XSAVE_HEADER_SIZE 64

/* ---------------------------------------------------------------------- */
/* Control registers, flags, segments, MSRs                               */

#define CR0_PE_MASK (1ULL << 0)
#define CR0_MP_MASK (1ULL << 1)
#define CR0_EM_MASK (1ULL << 2)
#define CR0_TS_MASK (1ULL << 3)
#define CR0_ET_MASK (1ULL << 4)
#define CR0_NE_MASK (1ULL << 5)
#define CR0_WP_MASK (1ULL << 16)
#define CR0_AM_MASK (1ULL << 18)
#define CR0_NW_MASK (1ULL << 29)
#define CR0_CD_MASK (1ULL << 30)
#define CR0_PG_MASK (1ULL << 31)

/* DR6 and DR7 bits that read as 1 (Intel SDM vol. 3B, 17.2.3/17.2.4). */
#define DR6_FIXED_1 0xffff0ff0ULL
#define DR7_FIXED_1 0x00000400ULL
#define DR6_BS (1ULL << 14) /* single step */

#define CR4_VME_MASK (1ULL << 0)
#define CR4_PVI_MASK (1ULL << 1)
#define CR4_TSD_MASK (1ULL << 2)
#define CR4_DE_MASK (1ULL << 3)
#define CR4_PSE_MASK (1ULL << 4)
#define CR4_PAE_MASK (1ULL << 5)
#define CR4_MCE_MASK (1ULL << 6)
#define CR4_PGE_MASK (1ULL << 7)
#define CR4_PCE_MASK (1ULL << 8)
#define CR4_OSFXSR_MASK (1ULL << 9)
#define CR4_OSXMMEXCPT_MASK (1ULL << 10)
#define CR4_UMIP_MASK (1ULL << 11)
#define CR4_LA57_MASK (1ULL << 12)
#define CR4_VMXE_MASK (1ULL << 13)
#define CR4_SMXE_MASK (1ULL << 14)
#define CR4_FSGSBASE_MASK (1ULL << 16)
#define CR4_PCIDE_MASK (1ULL << 17)
#define CR4_OSXSAVE_MASK (1ULL << 18)
#define CR4_SMEP_MASK (1ULL << 20)
#define CR4_SMAP_MASK (1ULL << 21)
#define CR4_PKE_MASK (1ULL << 22)
#define CR4_PKS_MASK (1ULL << 24)

#define MSR_EFER_SCE (1ULL << 0)
#define MSR_EFER_LME (1ULL << 8)
#define MSR_EFER_LMA (1ULL << 10)
#define MSR_EFER_NXE (1ULL << 11)
#define MSR_EFER_SVME (1ULL << 12)
#define MSR_EFER_FFXSR (1ULL << 14)

/* RFLAGS (Intel SDM vol. 1, 3.4.3) */
#define CC_C 0x0001
#define CC_P 0x0004
#define CC_A 0x0010
#define CC_Z 0x0040
#define CC_S 0x0080
#define CC_O 0x0800
#define TF_MASK 0x00000100
#define IF_MASK 0x00000200
#define DF_MASK 0x00000400
#define IOPL_MASK 0x00003000
#define NT_MASK 0x00004000
#define RF_MASK 0x00010000
#define VM_MASK 0x00020000
#define AC_MASK 0x00040000
#define VIF_MASK 0x00080000
#define VIP_MASK 0x00100000
#define ID_MASK 0x00200000
/* Bit 1 of RFLAGS reads as 1. */
#define RFLAGS_FIXED 0x2

/*
 * SegmentCache.flags: bits 8-23 of the descriptor's high dword, as a
 * processor keeps them in the hidden part of a segment register (Intel
 * SDM vol. 3A, 3.4.5): type, S, DPL, P, AVL, L, D/B, G.
 */
#define DESC_TYPE_SHIFT 8
#define DESC_TYPE_MASK (15 << DESC_TYPE_SHIFT)
#define DESC_A_MASK (1 << 8)
#define DESC_W_MASK (1 << 9)  /* data: writable */
#define DESC_R_MASK (1 << 9)  /* code: readable */
#define DESC_E_MASK (1 << 10) /* data: expand-down */
#define DESC_C_MASK (1 << 10) /* code: conforming */
#define DESC_CS_MASK (1 << 11)
#define DESC_TSS_BUSY_MASK (1 << 9)
#define DESC_S_SHIFT 12
#define DESC_S_MASK (1 << DESC_S_SHIFT)
#define DESC_DPL_SHIFT 13
#define DESC_DPL_MASK (3 << DESC_DPL_SHIFT)
#define DESC_P_SHIFT 15
#define DESC_P_MASK (1 << DESC_P_SHIFT)
#define DESC_AVL_SHIFT 20
#define DESC_AVL_MASK (1 << DESC_AVL_SHIFT)
#define DESC_L_SHIFT 21
#define DESC_L_MASK (1 << DESC_L_SHIFT)
#define DESC_B_SHIFT 22
#define DESC_B_MASK (1 << DESC_B_SHIFT)
#define DESC_G_SHIFT 23
#define DESC_G_MASK (1 << DESC_G_SHIFT)

/* System descriptor types (DESC_TYPE field with S clear). */
#define DESC_TYPE_LDT 2
#define DESC_TYPE_TSS32_BUSY 11

/* Segment register indices in CPUX86State.segs, the ModRM sreg order. */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, NB_SEGS };

/* General register indices in CPUX86State.regs, ModRM order. */
enum {
    R_EAX,
    R_ECX,
    R_EDX,
    R_EBX,
    R_ESP,
    R_EBP,
    R_ESI,
    R_EDI,
    R_R8,
    R_R9,
    R_R10,
    R_R11,
    R_R12,
    R_R13,
    R_R14,
    R_R15,
    CPU_NB_REGS
};

/* Model-specific registers (Intel SDM vol. 4). */
#define MSR_IA32_TSC 0x10
#define MSR_IA32_APICBASE 0x1b
#define MSR_IA32_APICBASE_BSP (1ULL << 8)
#define MSR_IA32_APICBASE_EXTD (1ULL << 10)
#define MSR_IA32_APICBASE_ENABLE (1ULL << 11)
#define MSR_IA32_APICBASE_BASE 0xfffff000ULL
#define APIC_DEFAULT_ADDRESS 0xfee00000ULL
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_TSC_ADJUST 0x3b
#define MSR_IA32_SPEC_CTRL 0x48
#define MSR_IA32_UCODE_REV 0x8b
#define MSR_IA32_CORE_CAPABILITY 0xcf
#define MSR_MTRRcap 0xfe
#define MSR_IA32_ARCH_CAPABILITIES 0x10a
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MCG_CTL 0x17b
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_MISC_ENABLE_FASTSTRING (1ULL << 0)
#define MSR_IA32_MISC_ENABLE_MWAIT (1ULL << 18)
#define MSR_IA32_DEBUGCTL 0x1d9
#define MSR_MTRRphysBase(reg) (0x200 + 2 * (reg))
#define MSR_MTRRphysMask(reg) (0x201 + 2 * (reg))
#define MSR_MTRRfix64K_00000 0x250
#define MSR_MTRRfix16K_80000 0x258
#define MSR_MTRRfix16K_A0000 0x259
#define MSR_MTRRfix4K_C0000 0x268
#define MSR_PAT 0x277
#define MSR_MTRRdefType 0x2ff
#define MSR_IA32_PERF_CAPABILITIES 0x345
#define MSR_MC0_CTL 0x400
#define MSR_IA32_VMX_BASIC 0x480
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_IA32_PKRS 0x6e1
#define MSR_IA32_XSS 0xda0
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_FMASK 0xc0000084
#define MSR_FSBASE 0xc0000100
#define MSR_GSBASE 0xc0000101
#define MSR_KERNELGSBASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_K8_SYSCFG 0xc0010010
#define MSR_K8_INT_PENDING_MSG 0xc0010055
#define MSR_VM_HSAVE_PA 0xc0010117

/* Power-on PAT: WB, WT, UC-, UC, repeated (Intel SDM vol. 3A, 11.12.4). */
#define MSR_PAT_DEFAULT 0x0007040600070406ULL
#define MSR_MTRRcap_VCNT 8
#define MCE_BANKS_DEF 10

/* x86 names of the target-specific interrupt_request bits. */
#define CPU_INTERRUPT_POLL CPU_INTERRUPT_TGT_EXT_1
#define CPU_INTERRUPT_SMI CPU_INTERRUPT_TGT_EXT_2
#define CPU_INTERRUPT_NMI CPU_INTERRUPT_TGT_EXT_3
#define CPU_INTERRUPT_MCE CPU_INTERRUPT_TGT_EXT_4
#define CPU_INTERRUPT_VIRQ CPU_INTERRUPT_TGT_INT_0
#define CPU_INTERRUPT_SIPI CPU_INTERRUPT_TGT_INT_1
#define CPU_INTERRUPT_TPR CPU_INTERRUPT_TGT_INT_2
#define CPU_INTERRUPT_INIT CPU_INTERRUPT_RESET

/*
 * CPUX86State.hflags: mode bits derived from the registers, kept up to
 * date by x86_update_hflags() (after an accelerator loads registers) so
 * that both accelerators and the dump agree on the mode.
 */
#define HF_CPL_MASK 0x3
#define HF_INHIBIT_IRQ_MASK (1 << 3) /* STI / MOV SS interrupt shadow */
#define HF_CS32_MASK (1 << 4)
#define HF_SS32_MASK (1 << 5)
/* Segment bases must be added to DS/ES/SS addresses (real mode, vm86,
 * or a non-zero base): a translator may drop them otherwise. */
#define HF_ADDSEG_MASK (1 << 6)
#define HF_PE_MASK (1 << 7)
#define HF_MP_MASK (1 << 9)
#define HF_EM_MASK (1 << 10)
#define HF_TS_MASK (1 << 11)
#define HF_LMA_MASK (1 << 14)
#define HF_CS64_MASK (1 << 15)
#define HF_SMM_MASK (1 << 19)
#define HF_OSFXSR_MASK (1 << 22)
/* Bits 23-28, one per segment register (R_ES..R_GS): data accesses
 * through it need the limit, type or null-selector checks (a limit
 * below 4 GiB, expand-down, read-only data, code, or a null selector in
 * protected mode); clear for a flat, writable data segment. */
#define HF_SEGCHK_SHIFT 23
#define HF_SEGCHK_MASK (0x3f << HF_SEGCHK_SHIFT)

/* Exception and interrupt vectors (Intel SDM vol. 3A, table 6-1). */
#define EXCP00_DIVZ 0
#define EXCP01_DB 1
#define EXCP02_NMI 2
#define EXCP03_INT3 3
#define EXCP04_INTO 4
#define EXCP05_BOUND 5
#define EXCP06_ILLOP 6
#define EXCP07_PREX 7
#define EXCP08_DBLE 8
#define EXCP09_XERR 9
#define EXCP0A_TSS 10
#define EXCP0B_NOSEG 11
#define EXCP0C_STACK 12
#define EXCP0D_GPF 13
#define EXCP0E_PAGE 14
#define EXCP10_COPR 16
#define EXCP11_ALGN 17
#define EXCP12_MCHK 18

/* Processor activity state (KVM's mp_state values). */
typedef enum X86MPState {
    X86_MP_STATE_RUNNABLE = 0,
    X86_MP_STATE_UNINITIALIZED = 1, /* AP waiting for INIT-SIPI-SIPI */
    X86_MP_STATE_INIT_RECEIVED = 2,
    X86_MP_STATE_HALTED = 3,
    X86_MP_STATE_SIPI_RECEIVED = 4,
} X86MPState;

/* ---------------------------------------------------------------------- */
/* Register state                                                         */

typedef struct SegmentCache {
    uint32_t selector;
    uint64_t base;
    uint32_t limit; /* in bytes (granularity already applied) */
    uint32_t flags; /* DESC_* */
} SegmentCache;

/* An x87 register: 64-bit significand, sign and 15-bit exponent. */
typedef struct X86FPReg {
    uint64_t mant;
    uint16_t exp;
} X86FPReg;

/* A vector register, XMM in the low 16 bytes of the ZMM. */
typedef union X86ZMMReg {
    uint8_t b[64];
    uint16_t w[32];
    uint32_t l[16];
    uint64_t q[8];
} X86ZMMReg;

typedef struct X86BNDReg {
    uint64_t lb;
    uint64_t ub;
} X86BNDReg;

/* A cache for the CPUID cache leaves (2, 4, 8000_0005/6, 8000_001D). */
typedef enum X86CacheType {
    X86_CACHE_DATA = 1,
    X86_CACHE_INST = 2,
    X86_CACHE_UNIFIED = 3,
} X86CacheType;

typedef struct X86CacheInfo {
    X86CacheType type;
    uint8_t level;
    uint32_t size;         /* bytes */
    uint16_t line_size;    /* bytes */
    uint8_t associativity; /* ways; 0xff: fully associative */
    uint8_t partitions;    /* physical line partitions */
    uint32_t sets;
    uint8_t lines_per_tag; /* AMD 8000_0005/6 */
    bool self_init;
    bool no_invd_sharing; /* WBINVD/INVD do not act on lower sharers */
    bool inclusive;
    bool complex_indexing;
} X86CacheInfo;

typedef struct X86CPUCaches {
    const X86CacheInfo *l1d_cache;
    const X86CacheInfo *l1i_cache;
    const X86CacheInfo *l2_cache;
    const X86CacheInfo *l3_cache;
} X86CPUCaches;

/*
 * The architectural state of one x86 processor, as both accelerators see
 * it.  Registers are full 64-bit values.  The x87 stack follows QEMU:
 * fpregs[] are the physical registers R0-R7, ST(i) is
 * fpregs[(fpstt + i) & 7], fptags[i] is 1 when Ri is empty, and fpus is
 * the status word without TOP (which is fpstt).
 */
/* Entries of CPUX86State.tcg_jmp_fast (a power of two). */
#define TCG_JMP_FAST_BITS 10
#define TCG_JMP_FAST_SIZE (1 << TCG_JMP_FAST_BITS)

typedef struct TCGJmpFastEntry {
    uint32_t pc;    /* linear address */
    uint32_t flags; /* the block's mode flags */
    uint64_t code;  /* its host code; 0: empty */
} TCGJmpFastEntry;

typedef struct CPUX86State {
    /* General purpose registers, RIP, RFLAGS. */
    uint64_t regs[CPU_NB_REGS];
    uint64_t eip;
    uint64_t eflags;

    /* Segments, with their hidden parts. */
    SegmentCache segs[NB_SEGS];
    SegmentCache ldt;
    SegmentCache tr;
    SegmentCache gdt; /* only base and limit used */
    SegmentCache idt; /* only base and limit used */

    uint64_t cr[5]; /* CR0, CR1 (unused), CR2, CR3, CR4 */
    uint64_t dr[8]; /* DR0-DR7; DR4/5 alias DR6/7 */
    uint64_t efer;
    uint32_t hflags;  /* HF_*, derived */
    int32_t a20_mask; /* ~0 when A20 is enabled */

    /*
     * Translator (TCG) working state.  While a vCPU runs under TCG the
     * arithmetic flags live here in lazy form (the last flag-setting
     * operation cc_op and its operands) and DF as df (+1/-1), and eflags
     * holds the other bits; outside TCG's cpu_exec, eflags is complete.
     */
    uint64_t cc_dst;
    uint64_t cc_src;
    uint64_t cc_src2;
    uint32_t cc_op;
    int32_t df;
    /* The exception being raised (CPUState.exception_index holds its
     * vector): INT n/INT3/INTO, and the return EIP for those. */
    int32_t exception_is_int;
    uint64_t exception_next_eip;
    /* The vector being delivered, for double-fault detection; -1: none. */
    int32_t old_exception;

    /* x87 and SSE. */
    unsigned int fpstt;
    uint16_t fpus;
    uint16_t fpuc;
    uint8_t fptags[8];
    X86FPReg fpregs[8];
    uint16_t fpop;
    uint16_t fpcs;
    uint16_t fpds;
    uint64_t fpip;
    uint64_t fpdp;
    uint32_t mxcsr;
    X86ZMMReg xmm_regs[32]; /* XMM/YMM/ZMM 0-31 */
    uint64_t opmask_regs[8];
    X86BNDReg bnd_regs[4];
    uint64_t bndcs_regs[2]; /* BNDCFGU, BNDSTATUS */
    uint32_t pkru;
    uint64_t xcr0;
    uint64_t xss;

    /* MSRs. */
    uint32_t sysenter_cs;
    uint64_t sysenter_esp;
    uint64_t sysenter_eip;
    uint64_t star;
    uint64_t lstar;
    uint64_t cstar;
    uint64_t fmask;
    uint64_t kernelgsbase;
    uint64_t tsc;
    uint64_t tsc_adjust;
    uint64_t tsc_deadline;
    uint64_t tsc_aux;
    uint64_t apic_base;
    uint64_t pat;
    uint64_t msr_ia32_misc_enable;
    uint64_t msr_ia32_feature_control;
    uint64_t spec_ctrl;
    uint64_t debugctl;
    uint64_t pkrs;
    uint64_t mtrr_fixed[11];
    uint64_t mtrr_deftype;
    struct {
        uint64_t base;
        uint64_t mask;
    } mtrr_var[MSR_MTRRcap_VCNT];
    uint64_t mcg_status;
    uint64_t vm_hsave;
    uint32_t smbase;

    /* Events in flight (saved and restored with the registers). */
    int32_t exception_nr; /* -1: none */
    bool exception_pending;
    bool exception_injected;
    bool exception_has_payload;
    uint8_t has_error_code;
    uint32_t error_code;
    uint64_t exception_payload;
    int32_t interrupt_injected; /* vector, -1: none */
    uint8_t soft_interrupt;
    bool nmi_injected;
    bool nmi_pending;
    bool nmi_masked;
    uint8_t sipi_vector;
    uint32_t mp_state; /* X86MPState */

    /* ---- Not reset: everything from here on survives x86_cpu_reset ---- */

    /*
     * An XSAVE-format image of the extended state, for accelerators that
     * exchange state in that format (xsave_buf_len bytes, at least the
     * 4 KiB of KVM's struct kvm_xsave; allocated at realize).  See
     * x86_cpu_xsave_all_areas().
     */
    void *xsave_buf;
    uint32_t xsave_buf_len;

    /* TCG: the vCPU's softmmu TLB (tcg/cputlb.h); NULL under KVM. */
    void *tcg_tlb;
    /* TCG: non-zero asks the running block to return to cpu_exec (every
     * block checks it on entry, so chained loops see it too). */
    int32_t tcg_exit_request;
    /*
     * TCG: the indirect-branch cache that generated code searches inline
     * (linear PC and mode flags -> host code; code 0: empty).  In env so
     * that the lookup is env-relative for both back ends.
     */
    TCGJmpFastEntry tcg_jmp_fast[TCG_JMP_FAST_SIZE];

    /* Machine check banks (Intel SDM vol. 3B, 15.3): set at realize. */
    uint64_t mcg_cap;
    uint64_t mcg_ctl;
    uint64_t mce_banks[MCE_BANKS_DEF * 4];

    /* ---- CPUID configuration ---- */
    uint32_t cpuid_level_func7;
    uint32_t cpuid_min_level_func7;
    uint32_t cpuid_min_level;
    uint32_t cpuid_min_xlevel;
    uint32_t cpuid_min_xlevel2;
    uint32_t cpuid_level;
    uint32_t cpuid_xlevel;
    uint32_t cpuid_xlevel2;
    uint32_t cpuid_vendor1;
    uint32_t cpuid_vendor2;
    uint32_t cpuid_vendor3;
    uint32_t cpuid_version;   /* CPUID[1].EAX: family/model/stepping */
    uint32_t cpuid_model[12]; /* brand string, CPUID[8000_0002..4] */
    /* Hypervisor leaves (4000_0000): filled in by the accelerator. */
    uint32_t cpuid_hv_level;
    char cpuid_hv_vendor[13];
    FeatureWordArray features;
    /* Features the user set or cleared explicitly (properties). */
    FeatureWordArray user_features;
    uint32_t nr_dies;
    int64_t tsc_khz;
    int64_t user_tsc_khz;
    uint64_t ucode_rev;
    X86CPUCaches cache_info_cpuid2;
    X86CPUCaches cache_info_cpuid4;
    X86CPUCaches cache_info_amd;
    /* CPUID[5]: MONITOR/MWAIT parameters. */
    uint32_t mwait_eax, mwait_ebx, mwait_ecx, mwait_edx;
} CPUX86State;

typedef struct X86CPUModel X86CPUModel;

struct X86CPUClass {
    CPUClass parent_class;

    /* The model this type instantiates; NULL for the abstract base. */
    const X86CPUModel *model;
    /* "host": the features come from the host's CPUID. */
    bool host_cpuid_required;
    /* Order in -cpu help (lower first: versioned, then host/max/base). */
    int ordering;
    /* The "(...)" text of -cpu help when it is no model-id. */
    const char *model_description;
    /* Only "base": no features and no hypervisor bit. */
    bool static_model;
};

struct X86CPU {
    CPUState parent_obj;

    CPUX86State env;

    /* Topology and identity, set by the board before realize. */
    uint32_t apic_id;
    int32_t socket_id;
    int32_t die_id;
    int32_t core_id;
    int32_t thread_id;
    int32_t node_id;

    /* Options (QOM properties, QEMU's names in comments). */
    bool check_cpuid;    /* "check" */
    bool enforce_cpuid;  /* "enforce" */
    bool force_features; /* "x-force-features" */
    bool expose_kvm;     /* "kvm" */
    bool expose_tcg;     /* "tcg-cpuid" */
    bool migratable;     /* "migratable" */
    bool max_features;
    bool vmware_cpuid_freq;       /* "vmware-cpuid-freq" */
    bool enable_pmu;              /* "pmu" */
    bool enable_l3_cache;         /* "l3-cache" */
    bool legacy_cache;            /* "legacy-cache" */
    bool enable_cpuid_0xb;        /* "cpuid-0xb" */
    bool full_cpuid_auto_level;   /* "full-cpuid-auto-level" */
    bool vendor_cpuid_only;       /* "x-vendor-cpuid-only" */
    bool fill_mtrr_mask;          /* "fill-mtrr-mask" */
    bool host_phys_bits;          /* "host-phys-bits" */
    uint8_t host_phys_bits_limit; /* "host-phys-bits-limit" */
    bool enable_lmce;             /* "lmce" */
    bool cache_info_passthrough;  /* "host-cache-info" */
    uint32_t phys_bits;           /* "phys-bits"; 0: default */

    /* Features the accelerator could not provide (after realize). */
    FeatureWordArray filtered_features;

    /*
     * The userspace local APIC the board gave this CPU (its child
     * "lapic", machine/x86-intr.h), NULL when the accelerator has its
     * own (KVM's kernel-irqchip=on|split).  QEMU's name.
     */
    DeviceState *apic_state;
};

/* ---------------------------------------------------------------------- */
/* Feature names                                                          */

/* Where a feature word lives: a CPUID register or an MSR. */
typedef struct FeatureWordInfo {
    bool is_msr;
    uint32_t cpuid_eax;
    bool cpuid_needs_ecx;
    uint32_t cpuid_ecx;
    int cpuid_reg; /* R_EAX, R_EBX, R_ECX or R_EDX */
    uint32_t msr_index;
    /* Bit names; NULL for unnamed bits (64 for MSR words, else 32). */
    const char *feat_names[64];
} FeatureWordInfo;

const FeatureWordInfo *x86_feature_word_info(FeatureWord w);

/*
 * Find a feature by name: QEMU's names ("sse4.1", "lahf-lm"), QEMU's
 * aliases ("sse4_1", "lahf_lm", "ds_cpl", "xd", "i64", ...) and
 * /proc/cpuinfo spellings QEMU does not take ("cr8_legacy",
 * "avx512_vnni").  Underscores are accepted for dashes.  Returns the
 * canonical name and sets *w and *mask (several bits for names that
 * QEMU uses twice, e.g. "kvmclock"); NULL if unknown.
 */
const char *x86_cpu_feature_lookup(const char *name, FeatureWord *w,
                                   uint64_t *mask);

/* "CPUID.01H:ECX" / "MSR(10AH)": the word as filter warnings name it. */
char *x86_feature_word_description(FeatureWord w);

/* ---------------------------------------------------------------------- */
/* Accelerator hooks                                                      */

/*
 * What the chosen accelerator can give the guest, set by the accelerator
 * at its initialisation (no accelerator: everything is supported, as
 * under QEMU's qtest accelerator).
 */
typedef struct X86CPUAccelOps {
    /* "TCG" or "host": warnings read "<name> doesn't support ...". */
    const char *name;
    /* The accelerator runs guests on the host CPU (KVM): "host" works. */
    bool uses_host_cpuid;
    /* Bits of word w the accelerator supports; NULL: all. */
    uint64_t (*get_supported_feature_word)(FeatureWord w);
    /* XSAVE components it supports (XCR0 | XSS); 0: all. */
    uint64_t supported_xsave_components;
} X86CPUAccelOps;

void x86_cpu_set_accel_ops(const X86CPUAccelOps *ops);
const X86CPUAccelOps *x86_cpu_get_accel_ops(void);

/*
 * The bits of word w the accelerator supports (migratable_only: without
 * the host-dependent ones, e.g. invtsc).
 */
uint64_t x86_cpu_get_supported_feature_word(FeatureWord w,
                                            bool migratable_only);

/*
 * Version of the unversioned model names ("SandyBridge") for the
 * machine: 0 (CPU_VERSION_LEGACY) for QEMU <= 4.0 machine types, else 1
 * as in QEMU 7.2; the board sets it before parsing -cpu.
 */
#define CPU_VERSION_LEGACY 0
#define CPU_VERSION_LATEST -1
void x86_cpu_set_default_version(int version);

/* ---------------------------------------------------------------------- */
/* CPU API                                                                */

/* Set CPUState.nr_cores/nr_threads and the die count from a topology. */
void x86_cpu_set_topology(X86CPU *cpu, const X86CPUTopoInfo *topo);

/*
 * Execute CPUID leaf index, sub-leaf count for this vCPU, as the guest
 * sees it (Intel SDM vol. 2A, CPUID; AMD APM vol. 3, appendix E).
 */
void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx);

/* The X86CPU of an env. */
X86CPU *env_archcpu(CPUX86State *env);

/* Vendor checks on CPUID[0]. */
bool x86_cpu_is_intel(const CPUX86State *env);
bool x86_cpu_is_amd(const CPUX86State *env);

/*
 * Size of the XSAVE area for the components in mask: standard format
 * (offsets from CPUID[0xd]) or compacted (XSAVEC/XSAVES).
 */
uint32_t xsave_area_size(uint64_t mask, bool compacted);
/* XCR0 / IA32_XSS components this CPU supports. */
uint64_t x86_cpu_xsave_xcr0_components(X86CPU *cpu);
uint64_t x86_cpu_xsave_xss_components(X86CPU *cpu);

/*
 * Convert between env and a standard-format XSAVE image (the layout of
 * KVM_GET_XSAVE): x87, SSE, AVX, MPX, AVX-512 and PKRU state.  buf must
 * hold xsave_area_size() of the CPU's components (x86_cpu_xsave_all_areas
 * zero-fills what it does not write).
 */
void x86_cpu_xsave_all_areas(X86CPU *cpu, void *buf, uint32_t buflen);
void x86_cpu_xrstor_all_areas(X86CPU *cpu, const void *buf, uint32_t buflen);

/* Load a segment register's visible and hidden parts. */
void cpu_x86_load_seg_cache(CPUX86State *env, int seg_reg,
                            unsigned int selector, uint64_t base,
                            unsigned int limit, unsigned int flags);
/* Recompute env->hflags from CR0/CR4/EFER/segments. */
void x86_update_hflags(CPUX86State *env);

/*
 * Put the CPU in the state a boot loader describes (machine/loader.h):
 * registers, segments, descriptor tables, CR0/CR3/CR4, EFER.  Everything
 * else keeps its reset value.
 */
struct BootState;
void x86_cpu_apply_boot_state(X86CPU *cpu, const struct BootState *bs);

/*
 * Give the CPU the host's vendor, signature and brand string (host CPUID;
 * nothing on other hosts).  For accelerators that run the guest on the
 * host CPU, from their cpu_instance_init of "max".
 */
void x86_cpu_load_host_identity(X86CPU *cpu);

/* Whether feature "name" (any accepted spelling) is on. */
bool x86_cpu_has_feature(X86CPU *cpu, const char *name);

/* The model's name ("SandyBridge-v2", "host"); NULL for the base type. */
const char *x86_cpu_class_get_model_name(X86CPUClass *xcc);

/*
 * The -cpu help text, QEMU 7.2's layout: "Available CPUs:", one
 * "x86 <name> <description>" line per model, a blank line, then
 * "Recognized CPUID flags:" and the flag names wrapped at 75 columns.
 */
char *x86_cpu_list_text(void);
/* Print it to stdout. */
void x86_cpu_list(void);

/* Forget every +feat/-feat of -cpu (tests). */
void x86_cpu_clear_plus_minus_features(void);

#endif /* MACHINE_X86_CPU_H */
