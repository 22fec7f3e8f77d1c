/*
 * x86 CPUID feature words: where each word lives, the names of its bits
 * (QEMU's spellings), their aliases, and the rules that tie features
 * together.
 *
 * Bit positions: Intel SDM vol. 2A (CPUID), vol. 3D appendix A (VMX
 * capability MSRs), vol. 4 (IA32_ARCH_CAPABILITIES, IA32_CORE_CAPABILITY,
 * IA32_PERF_CAPABILITIES); AMD APM vol. 3 appendix E; the Linux KVM
 * documentation (virt/kvm/x86/cpuid.rst) for the KVM paravirtual leaf.
 * Names: QEMU 7.2's "-cpu help" list, which is reproduced exactly.
 */
#include <string.h>

#include "util/error-report.h"
#include "x86-internal.h"

/* clang-format off */
static const FeatureWordInfo feature_word_info[FEATURE_WORDS] = {
    [FEAT_1_EDX] = {
        .cpuid_eax = 0x1,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [0] = "fpu", [1] = "vme", [2] = "de", [3] = "pse", [4] = "tsc",
            [5] = "msr", [6] = "pae", [7] = "mce", [8] = "cx8", [9] = "apic",
            [11] = "sep", [12] = "mtrr", [13] = "pge", [14] = "mca",
            [15] = "cmov", [16] = "pat", [17] = "pse36", [18] = "pn",
            [19] = "clflush", [21] = "ds", [22] = "acpi", [23] = "mmx",
            [24] = "fxsr", [25] = "sse", [26] = "sse2", [27] = "ss",
            [28] = "ht", [29] = "tm", [30] = "ia64", [31] = "pbe",
        },
    },
    [FEAT_1_ECX] = {
        .cpuid_eax = 0x1,
        .cpuid_reg = R_ECX,
        .feat_names = {
            [0] = "pni", [1] = "pclmulqdq", [2] = "dtes64", [3] = "monitor",
            [4] = "ds-cpl", [5] = "vmx", [6] = "smx", [7] = "est",
            [8] = "tm2", [9] = "ssse3", [10] = "cid", [12] = "fma",
            [13] = "cx16", [14] = "xtpr", [15] = "pdcm", [17] = "pcid",
            [18] = "dca", [19] = "sse4.1", [20] = "sse4.2", [21] = "x2apic",
            [22] = "movbe", [23] = "popcnt", [24] = "tsc-deadline",
            [25] = "aes", [26] = "xsave", [28] = "avx", [29] = "f16c",
            [30] = "rdrand", [31] = "hypervisor",
        },
    },
    [FEAT_7_0_EBX] = {
        .cpuid_eax = 0x7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EBX,
        .feat_names = {
            [0] = "fsgsbase", [1] = "tsc-adjust", [2] = "sgx", [3] = "bmi1",
            [4] = "hle", [5] = "avx2", [7] = "smep", [8] = "bmi2",
            [9] = "erms", [10] = "invpcid", [11] = "rtm", [14] = "mpx",
            [16] = "avx512f", [17] = "avx512dq", [18] = "rdseed",
            [19] = "adx", [20] = "smap", [21] = "avx512ifma",
            [22] = "pcommit", [23] = "clflushopt", [24] = "clwb",
            [25] = "intel-pt", [26] = "avx512pf", [27] = "avx512er",
            [28] = "avx512cd", [29] = "sha-ni", [30] = "avx512bw",
            [31] = "avx512vl",
        },
    },
    [FEAT_7_0_ECX] = {
        .cpuid_eax = 0x7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_ECX,
        .feat_names = {
            [1] = "avx512vbmi", [2] = "umip", [3] = "pku", [5] = "waitpkg",
            [6] = "avx512vbmi2", [8] = "gfni", [9] = "vaes",
            [10] = "vpclmulqdq", [11] = "avx512vnni", [12] = "avx512bitalg",
            [14] = "avx512-vpopcntdq", [16] = "la57", [22] = "rdpid",
            [24] = "bus-lock-detect", [25] = "cldemote", [27] = "movdiri",
            [28] = "movdir64b", [30] = "sgxlc", [31] = "pks",
        },
    },
    [FEAT_7_0_EDX] = {
        .cpuid_eax = 0x7, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [2] = "avx512-4vnniw", [3] = "avx512-4fmaps", [4] = "fsrm",
            [8] = "avx512-vp2intersect", [10] = "md-clear",
            [14] = "serialize", [16] = "tsx-ldtrk", [19] = "arch-lbr",
            [22] = "amx-bf16", [23] = "avx512-fp16", [24] = "amx-tile",
            [25] = "amx-int8", [26] = "spec-ctrl", [27] = "stibp",
            [29] = "arch-capabilities", [30] = "core-capability",
            [31] = "ssbd",
        },
    },
    [FEAT_7_1_EAX] = {
        .cpuid_eax = 0x7, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [4] = "avx-vnni", [5] = "avx512-bf16",
        },
    },
    [FEAT_8000_0001_EDX] = {
        .cpuid_eax = 0x80000001,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [11] = "syscall", [20] = "nx", [22] = "mmxext", [25] = "fxsr-opt",
            [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm", [30] = "3dnowext",
            [31] = "3dnow",
        },
    },
    [FEAT_8000_0001_ECX] = {
        .cpuid_eax = 0x80000001,
        .cpuid_reg = R_ECX,
        .feat_names = {
            [0] = "lahf-lm", [1] = "cmp-legacy", [2] = "svm", [3] = "extapic",
            [4] = "cr8legacy", [5] = "abm", [6] = "sse4a",
            [7] = "misalignsse", [8] = "3dnowprefetch", [9] = "osvw",
            [10] = "ibs", [11] = "xop", [12] = "skinit", [13] = "wdt",
            [15] = "lwp", [16] = "fma4", [17] = "tce", [19] = "nodeid-msr",
            [21] = "tbm", [22] = "topoext", [23] = "perfctr-core",
            [24] = "perfctr-nb",
        },
    },
    [FEAT_8000_0007_EDX] = {
        .cpuid_eax = 0x80000007,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [8] = "invtsc",
        },
    },
    [FEAT_8000_0008_EBX] = {
        .cpuid_eax = 0x80000008,
        .cpuid_reg = R_EBX,
        .feat_names = {
            [0] = "clzero", [2] = "xsaveerptr", [9] = "wbnoinvd",
            [12] = "ibpb", [14] = "ibrs", [15] = "amd-stibp",
            [24] = "amd-ssbd", [25] = "virt-ssbd", [26] = "amd-no-ssb",
        },
    },
    [FEAT_C000_0001_EDX] = {
        .cpuid_eax = 0xc0000001,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [2] = "xstore", [3] = "xstore-en", [6] = "xcrypt",
            [7] = "xcrypt-en", [8] = "ace2", [9] = "ace2-en", [10] = "phe",
            [11] = "phe-en", [12] = "pmm", [13] = "pmm-en",
        },
    },
    [FEAT_KVM] = {
        .cpuid_eax = 0x40000001,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [0] = "kvmclock", [1] = "kvm-nopiodelay", [2] = "kvm-mmu",
            [3] = "kvmclock", [4] = "kvm-asyncpf", [5] = "kvm-steal-time",
            [6] = "kvm-pv-eoi", [7] = "kvm-pv-unhalt",
            [9] = "kvm-pv-tlb-flush", [11] = "kvm-pv-ipi",
            [12] = "kvm-poll-control", [13] = "kvm-pv-sched-yield",
            [14] = "kvm-asyncpf-int", [15] = "kvm-msi-ext-dest-id",
            [24] = "kvmclock-stable-bit",
        },
    },
    [FEAT_KVM_HINTS] = {
        .cpuid_eax = 0x40000001,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [0] = "kvm-hint-dedicated",
        },
    },
    [FEAT_SVM] = {
        .cpuid_eax = 0x8000000a,
        .cpuid_reg = R_EDX,
        .feat_names = {
            [0] = "npt", [1] = "lbrv", [2] = "svm-lock", [3] = "nrip-save",
            [4] = "tsc-scale", [5] = "vmcb-clean", [6] = "flushbyasid",
            [7] = "decodeassists", [10] = "pause-filter",
            [12] = "pfthreshold", [13] = "avic", [15] = "v-vmsave-vmload",
            [16] = "vgif", [28] = "svme-addr-chk",
        },
    },
    [FEAT_XSAVE] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [0] = "xsaveopt", [1] = "xsavec", [2] = "xgetbv1", [3] = "xsaves",
            [4] = "xfd",
        },
    },
    [FEAT_6_EAX] = {
        .cpuid_eax = 0x6,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [2] = "arat",
        },
    },
    [FEAT_XSAVE_XCR0_LO] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EAX,
    },
    [FEAT_XSAVE_XCR0_HI] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EDX,
    },
    [FEAT_ARCH_CAPABILITIES] = {
        .is_msr = true,
        .msr_index = 0x10a,
        .feat_names = {
            [0] = "rdctl-no", [1] = "ibrs-all", [2] = "rsba",
            [3] = "skip-l1dfl-vmentry", [4] = "ssb-no", [5] = "mds-no",
            [6] = "pschange-mc-no", [7] = "tsx-ctrl", [8] = "taa-no",
        },
    },
    [FEAT_CORE_CAPABILITY] = {
        .is_msr = true,
        .msr_index = 0xcf,
        .feat_names = {
            [5] = "split-lock-detect",
        },
    },
    [FEAT_PERF_CAPABILITIES] = {
        .is_msr = true,
        .msr_index = 0x345,
        .feat_names = {
            [13] = "full-width-write",
        },
    },
    [FEAT_VMX_PROCBASED_CTLS] = {
        .is_msr = true,
        .msr_index = 0x482,
        .feat_names = {
            [2] = "vmx-vintr-pending", [3] = "vmx-tsc-offset",
            [7] = "vmx-hlt-exit", [9] = "vmx-invlpg-exit",
            [10] = "vmx-mwait-exit", [11] = "vmx-rdpmc-exit",
            [12] = "vmx-rdtsc-exit", [15] = "vmx-cr3-load-noexit",
            [16] = "vmx-cr3-store-noexit", [19] = "vmx-cr8-load-exit",
            [20] = "vmx-cr8-store-exit", [21] = "vmx-flexpriority",
            [22] = "vmx-vnmi-pending", [23] = "vmx-movdr-exit",
            [24] = "vmx-io-exit", [25] = "vmx-io-bitmap", [27] = "vmx-mtf",
            [28] = "vmx-msr-bitmap", [29] = "vmx-monitor-exit",
            [30] = "vmx-pause-exit", [31] = "vmx-secondary-ctls",
        },
    },
    [FEAT_VMX_SECONDARY_CTLS] = {
        .is_msr = true,
        .msr_index = 0x48b,
        .feat_names = {
            [0] = "vmx-apicv-xapic", [1] = "vmx-ept", [2] = "vmx-desc-exit",
            [3] = "vmx-rdtscp-exit", [4] = "vmx-apicv-x2apic",
            [5] = "vmx-vpid", [6] = "vmx-wbinvd-exit",
            [7] = "vmx-unrestricted-guest", [8] = "vmx-apicv-register",
            [9] = "vmx-apicv-vid", [10] = "vmx-ple", [11] = "vmx-rdrand-exit",
            [12] = "vmx-invpcid-exit", [13] = "vmx-vmfunc",
            [14] = "vmx-shadow-vmcs", [15] = "vmx-encls-exit",
            [16] = "vmx-rdseed-exit", [17] = "vmx-pml", [20] = "vmx-xsaves",
            [25] = "vmx-tsc-scaling",
        },
    },
    [FEAT_VMX_PINBASED_CTLS] = {
        .is_msr = true,
        .msr_index = 0x481,
        .feat_names = {
            [0] = "vmx-intr-exit", [3] = "vmx-nmi-exit", [5] = "vmx-vnmi",
            [6] = "vmx-preemption-timer", [7] = "vmx-posted-intr",
        },
    },
    [FEAT_VMX_EXIT_CTLS] = {
        .is_msr = true,
        .msr_index = 0x483,
        .feat_names = {
            [2] = "vmx-exit-nosave-debugctl",
            [12] = "vmx-exit-load-perf-global-ctrl",
            [15] = "vmx-exit-ack-intr", [18] = "vmx-exit-save-pat",
            [19] = "vmx-exit-load-pat", [20] = "vmx-exit-save-efer",
            [21] = "vmx-exit-load-efer",
            [22] = "vmx-exit-save-preemption-timer",
            [23] = "vmx-exit-clear-bndcfgs", [25] = "vmx-exit-clear-rtit-ctl",
            [29] = "vmx-exit-load-pkrs",
        },
    },
    [FEAT_VMX_ENTRY_CTLS] = {
        .is_msr = true,
        .msr_index = 0x484,
        .feat_names = {
            [2] = "vmx-entry-noload-debugctl", [9] = "vmx-entry-ia32e-mode",
            [13] = "vmx-entry-load-perf-global-ctrl",
            [14] = "vmx-entry-load-pat", [15] = "vmx-entry-load-efer",
            [16] = "vmx-entry-load-bndcfgs", [18] = "vmx-entry-load-rtit-ctl",
            [22] = "vmx-entry-load-pkrs",
        },
    },
    [FEAT_VMX_MISC] = {
        .is_msr = true,
        .msr_index = 0x485,
        .feat_names = {
            [5] = "vmx-store-lma", [6] = "vmx-activity-hlt",
            [7] = "vmx-activity-shutdown", [8] = "vmx-activity-wait-sipi",
            [29] = "vmx-vmwrite-vmexit-fields", [30] = "vmx-zero-len-inject",
        },
    },
    [FEAT_VMX_EPT_VPID_CAPS] = {
        .is_msr = true,
        .msr_index = 0x48c,
        .feat_names = {
            [0] = "vmx-ept-execonly", [6] = "vmx-page-walk-4",
            [7] = "vmx-page-walk-5", [16] = "vmx-ept-2mb",
            [17] = "vmx-ept-1gb", [20] = "vmx-invept", [21] = "vmx-eptad",
            [22] = "vmx-ept-advanced-exitinfo",
            [25] = "vmx-invept-single-context",
            [26] = "vmx-invept-all-context", [32] = "vmx-invvpid",
            [40] = "vmx-invvpid-single-addr",
            [41] = "vmx-invept-single-context",
            [42] = "vmx-invvpid-all-context",
            [43] = "vmx-invept-single-context-noglobals",
        },
    },
    [FEAT_VMX_BASIC] = {
        .is_msr = true,
        .msr_index = 0x480,
        .feat_names = {
            [54] = "vmx-ins-outs", [55] = "vmx-true-ctls",
        },
    },
    [FEAT_VMX_VMFUNC] = {
        .is_msr = true,
        .msr_index = 0x491,
        .feat_names = {
            [0] = "vmx-eptp-switching",
        },
    },
    [FEAT_14_0_ECX] = {
        .cpuid_eax = 0x14, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_ECX,
        .feat_names = {
            [31] = "intel-pt-lip",
        },
    },
    [FEAT_SGX_12_0_EAX] = {
        .cpuid_eax = 0x12, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [0] = "sgx1", [1] = "sgx2",
        },
    },
    [FEAT_SGX_12_0_EBX] = {
        .cpuid_eax = 0x12, .cpuid_needs_ecx = true, .cpuid_ecx = 0,
        .cpuid_reg = R_EBX,
        .feat_names = {
            [0] = "sgx-exinfo",
        },
    },
    [FEAT_SGX_12_1_EAX] = {
        .cpuid_eax = 0x12, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EAX,
        .feat_names = {
            [1] = "sgx-debug", [2] = "sgx-mode64", [4] = "sgx-provisionkey",
            [5] = "sgx-tokenkey", [7] = "sgx-kss",
        },
    },
    [FEAT_XSAVE_XSS_LO] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_ECX,
    },
    [FEAT_XSAVE_XSS_HI] = {
        .cpuid_eax = 0xd, .cpuid_needs_ecx = true, .cpuid_ecx = 1,
        .cpuid_reg = R_EDX,
    },
};
/* clang-format on */

const FeatureWordInfo *x86_feature_word_info(FeatureWord w)
{
    g_assert(w < FEATURE_WORDS);
    return &feature_word_info[w];
}

int x86_feature_word_bits(FeatureWord w)
{
    return feature_word_info[w].is_msr ? 64 : 32;
}

/*
 * Alternative property names.  The first group are QEMU's own aliases
 * (so "-global X.sse4_1=on" works as in QEMU); the second are
 * /proc/cpuinfo spellings of flags QEMU names differently, accepted so
 * that a flag list copied from a Linux guest works.
 */
const X86FeatureAlias x86_feature_aliases[] = {
    {"sse3", "pni"},
    {"pclmuldq", "pclmulqdq"},
    {"sse4-1", "sse4.1"},
    {"sse4-2", "sse4.2"},
    {"sse4_1", "sse4.1"},
    {"sse4_2", "sse4.2"},
    {"xd", "nx"},
    {"ffxsr", "fxsr-opt"},
    {"i64", "lm"},
    {"ds_cpl", "ds-cpl"},
    {"tsc_adjust", "tsc-adjust"},
    {"fxsr_opt", "fxsr-opt"},
    {"lahf_lm", "lahf-lm"},
    {"cmp_legacy", "cmp-legacy"},
    {"nodeid_msr", "nodeid-msr"},
    {"perfctr_core", "perfctr-core"},
    {"perfctr_nb", "perfctr-nb"},
    {"kvm_nopiodelay", "kvm-nopiodelay"},
    {"kvm_mmu", "kvm-mmu"},
    {"kvm_asyncpf", "kvm-asyncpf"},
    {"kvm_asyncpf_int", "kvm-asyncpf-int"},
    {"kvm_steal_time", "kvm-steal-time"},
    {"kvm_pv_eoi", "kvm-pv-eoi"},
    {"kvm_pv_unhalt", "kvm-pv-unhalt"},
    {"kvm_poll_control", "kvm-poll-control"},
    {"svm_lock", "svm-lock"},
    {"nrip_save", "nrip-save"},
    {"tsc_scale", "tsc-scale"},
    {"vmcb_clean", "vmcb-clean"},
    {"pause_filter", "pause-filter"},
    /* /proc/cpuinfo */
    {"cr8-legacy", "cr8legacy"},
    {"cr8_legacy", "cr8legacy"},
    {"tsc-deadline-timer", "tsc-deadline"},
    {"tsc_deadline_timer", "tsc-deadline"},
    {"avx512-vbmi", "avx512vbmi"},
    {"avx512_vbmi", "avx512vbmi"},
    {"avx512-vbmi2", "avx512vbmi2"},
    {"avx512_vbmi2", "avx512vbmi2"},
    {"avx512-vnni", "avx512vnni"},
    {"avx512_vnni", "avx512vnni"},
    {"avx512-bitalg", "avx512bitalg"},
    {"avx512_bitalg", "avx512bitalg"},
    {"sha_ni", "sha-ni"},
    {NULL, NULL},
};

/*
 * CPUID.01H:ECX.OSXSAVE[27] and CPUID.07H:ECX.OSPKE[4] reflect CR4.OSXSAVE
 * and CR4.PKE (Intel SDM vol. 2A, CPUID); QEMU before 2.10 took them as
 * flags, and libvirt of that time passes "+osxsave" (the seed's command
 * line does).  They are accepted and ignored: cpu_x86_cpuid() computes
 * both from CR4.
 */
const char *const x86_dynamic_feature_names[] = {
    "osxsave",
    "ospke",
    NULL,
};

static bool find_canonical(const char *name, FeatureWord *w, uint64_t *mask)
{
    bool found = false;
    int i, b;

    for (i = 0; i < FEATURE_WORDS; i++) {
        for (b = 0; b < x86_feature_word_bits(i); b++) {
            const char *n = feature_word_info[i].feat_names[b];

            if (n && !strcmp(n, name)) {
                /* A name used twice is in one word (kvmclock: 0 and 3). */
                g_assert(!found || *w == (FeatureWord)i);
                *w = i;
                *mask = found ? *mask | (1ULL << b) : 1ULL << b;
                found = true;
            }
        }
        if (found) {
            return true;
        }
    }
    return false;
}

const char *x86_cpu_feature_lookup(const char *name, FeatureWord *w,
                                   uint64_t *mask)
{
    g_autofree char *dashed = g_strdup(name);
    const X86FeatureAlias *a;
    char *p;
    int i, b;

    for (a = x86_feature_aliases; a->alias; a++) {
        if (!strcmp(a->alias, name)) {
            name = a->name;
            break;
        }
    }
    /* QEMU turns '_' into '-' in -cpu feature names ("lahf_lm"). */
    for (p = dashed; *p; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
    for (a = x86_feature_aliases; a->alias; a++) {
        if (!strcmp(a->alias, dashed)) {
            name = a->name;
            break;
        }
    }
    if (!find_canonical(name, w, mask) && !find_canonical(dashed, w, mask)) {
        return NULL;
    }
    /* Return the table's string, which outlives the argument. */
    b = __builtin_ctzll(*mask);
    i = *w;
    return feature_word_info[i].feat_names[b];
}

static const char *reg_name(int reg)
{
    switch (reg) {
    case R_EAX:
        return "EAX";
    case R_EBX:
        return "EBX";
    case R_ECX:
        return "ECX";
    case R_EDX:
        return "EDX";
    default:
        g_assert_not_reached();
    }
}

char *x86_feature_word_description(FeatureWord w)
{
    const FeatureWordInfo *f = &feature_word_info[w];

    if (f->is_msr) {
        return g_strdup_printf("MSR(%02XH)", f->msr_index);
    }
    return g_strdup_printf("CPUID.%02XH:%s", f->cpuid_eax,
                           reg_name(f->cpuid_reg));
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *x86_feature_names_sorted(void)
{
    GPtrArray *names = g_ptr_array_new();
    int w, b;

    for (w = 0; w < FEATURE_WORDS; w++) {
        for (b = 0; b < x86_feature_word_bits(w); b++) {
            if (feature_word_info[w].feat_names[b]) {
                g_ptr_array_add(names,
                                (gpointer)feature_word_info[w].feat_names[b]);
            }
        }
    }
    g_ptr_array_sort(names, compare_names);
    return names;
}

void x86_features_from_names(FeatureWordArray f, const char *names)
{
    g_auto(GStrv) list = g_strsplit(names, " ", -1);
    char **p;

    for (p = list; *p; p++) {
        FeatureWord w;
        uint64_t mask;

        if (!**p) {
            continue;
        }
        if (!x86_cpu_feature_lookup(*p, &w, &mask)) {
            /* The model table is ours: a typo is a programming error. */
            g_error("x86 CPU model table: unknown feature '%s'", *p);
        }
        f[w] |= mask;
    }
}

void x86_cpu_mark_unavailable(X86CPU *cpu, FeatureWord w, uint64_t mask,
                              const char *prefix)
{
    const FeatureWordInfo *f = &feature_word_info[w];
    CPUX86State *env = &cpu->env;
    int b;

    if (!cpu->force_features) {
        env->features[w] &= ~mask;
    }
    cpu->filtered_features[w] |= mask;
    if (!prefix) {
        return;
    }
    for (b = 0; b < x86_feature_word_bits(w); b++) {
        if (mask & (1ULL << b)) {
            g_autofree char *desc = x86_feature_word_description(w);
            const char *name = f->feat_names[b];

            warn_report("%s: %s%s%s [bit %d]", prefix, desc, name ? "." : "",
                        name ? name : "", b);
        }
    }
}

/*
 * Feature B (to) is only meaningful when feature A (from) is present.
 * Mostly architectural: the VMX capability MSRs exist only with VMX
 * (Intel SDM vol. 3D, A.1), the secondary controls only when the primary
 * "activate secondary controls" is allowed-1 (A.3.3), the EPT/VPID
 * capabilities with EPT/VPID (A.10), the VM-function MSR with "enable VM
 * functions" (A.11); IA32_ARCH_CAPABILITIES, IA32_CORE_CAPABILITIES and
 * IA32_PERF_CAPABILITIES exist when CPUID enumerates them (vol. 4);
 * CPUID leaf 0DH sub-leaf 1 describes XSAVE extensions (vol. 1, 13.2);
 * the SVM leaf needs SVM (AMD APM vol. 2, 15.4); leaf 14H needs Intel
 * PT; the SGX leaves need SGX.  The VMX exit controls for instructions
 * need those instructions.  QEMU applies the same rules.
 */
typedef struct FeatureDep {
    FeatureWord from_w;
    uint64_t from_mask;
    FeatureWord to_w;
    uint64_t to_mask;
} FeatureDep;

#define VMX_PRIMARY_SECONDARY_CTLS (1ULL << 31)
#define VMX_SECONDARY_EPT (1ULL << 1)
#define VMX_SECONDARY_RDTSCP (1ULL << 3)
#define VMX_SECONDARY_VPID (1ULL << 5)
#define VMX_SECONDARY_UNRESTRICTED (1ULL << 7)
#define VMX_SECONDARY_RDRAND (1ULL << 11)
#define VMX_SECONDARY_INVPCID (1ULL << 12)
#define VMX_SECONDARY_VMFUNC (1ULL << 13)
#define VMX_SECONDARY_RDSEED (1ULL << 16)
#define VMX_SECONDARY_XSAVES (1ULL << 20)
#define VMX_EXIT_CLEAR_BNDCFGS (1ULL << 23)
#define VMX_ENTRY_IA32E_MODE (1ULL << 9)
#define VMX_ENTRY_LOAD_BNDCFGS (1ULL << 16)

static const FeatureDep feature_dependencies[] = {
    {FEAT_1_ECX, CPUID_EXT_XSAVE, FEAT_XSAVE, ~0ULL},
    {FEAT_7_0_EDX, CPUID_7_0_EDX_ARCH_CAPABILITIES, FEAT_ARCH_CAPABILITIES,
     ~0ULL},
    {FEAT_7_0_EDX, CPUID_7_0_EDX_CORE_CAPABILITY, FEAT_CORE_CAPABILITY, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_PDCM, FEAT_PERF_CAPABILITIES, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_PROCBASED_CTLS, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_PINBASED_CTLS, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_EXIT_CTLS, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_ENTRY_CTLS, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_MISC, ~0ULL},
    {FEAT_1_ECX, CPUID_EXT_VMX, FEAT_VMX_BASIC, ~0ULL},
    {FEAT_8000_0001_EDX, CPUID_EXT2_LM, FEAT_VMX_ENTRY_CTLS,
     VMX_ENTRY_IA32E_MODE},
    {FEAT_VMX_PROCBASED_CTLS, VMX_PRIMARY_SECONDARY_CTLS,
     FEAT_VMX_SECONDARY_CTLS, ~0ULL},
    {FEAT_8000_0001_EDX, CPUID_EXT2_RDTSCP, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_RDTSCP},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_INVPCID, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_INVPCID},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_MPX, FEAT_VMX_EXIT_CTLS,
     VMX_EXIT_CLEAR_BNDCFGS},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_MPX, FEAT_VMX_ENTRY_CTLS,
     VMX_ENTRY_LOAD_BNDCFGS},
    {FEAT_1_ECX, CPUID_EXT_RDRAND, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_RDRAND},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_RDSEED, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_RDSEED},
    {FEAT_XSAVE, CPUID_XSAVE_XSAVES, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_XSAVES},
    {FEAT_VMX_SECONDARY_CTLS, VMX_SECONDARY_EPT, FEAT_VMX_EPT_VPID_CAPS,
     0xffffffffULL},
    {FEAT_VMX_SECONDARY_CTLS, VMX_SECONDARY_EPT, FEAT_VMX_SECONDARY_CTLS,
     VMX_SECONDARY_UNRESTRICTED},
    {FEAT_VMX_SECONDARY_CTLS, VMX_SECONDARY_VPID, FEAT_VMX_EPT_VPID_CAPS,
     0xffffffffULL << 32},
    {FEAT_VMX_SECONDARY_CTLS, VMX_SECONDARY_VMFUNC, FEAT_VMX_VMFUNC, ~0ULL},
    {FEAT_8000_0001_ECX, CPUID_EXT3_SVM, FEAT_SVM, ~0ULL},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_INTEL_PT, FEAT_14_0_ECX, ~0ULL},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_SGX, FEAT_7_0_ECX, CPUID_7_0_ECX_SGX_LC},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_SGX, FEAT_SGX_12_0_EAX, ~0ULL},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_SGX, FEAT_SGX_12_0_EBX, ~0ULL},
    {FEAT_7_0_EBX, CPUID_7_0_EBX_SGX, FEAT_SGX_12_1_EAX, ~0ULL},
};

void x86_cpu_apply_feature_dependencies(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    size_t i;

    /*
     * In table order, so that a chain (vmx -> secondary controls -> EPT
     * capabilities) resolves in one pass.
     */
    for (i = 0; i < G_N_ELEMENTS(feature_dependencies); i++) {
        const FeatureDep *d = &feature_dependencies[i];
        uint64_t lost;

        if ((env->features[d->from_w] & d->from_mask) == d->from_mask) {
            continue;
        }
        lost = env->features[d->to_w] & d->to_mask;
        if (!lost) {
            continue;
        }
        x86_cpu_mark_unavailable(cpu, d->to_w,
                                 lost & env->user_features[d->to_w],
                                 "This feature depends on other features "
                                 "that were not requested");
        env->features[d->to_w] &= ~lost;
    }
}
