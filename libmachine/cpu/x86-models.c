/*
 * The x86 CPU models: QEMU 7.2's model list with each model's vendor,
 * signature, CPUID levels, model-id, features and versions.
 *
 * The data was established from QEMU 7.2 itself (its "-cpu help" and the
 * QMP query-cpu-model-expansion of every model and version, with the
 * optional feature groups switched on so that each model's VMX controls
 * show) and is kept in that order: alphabetical as -cpu help lists them.
 * Features are listed per feature word, in bit order; "hypervisor" is
 * added to every model at load time.  A version lists only what changes
 * from the previous one (versions are cumulative).
 */
#include "x86-internal.h"

/* clang-format off */
#define KiB 1024u
#define MiB (1024u * 1024u)

/*
 * QEMU's "legacy" caches, reported by models that define none of their
 * own, as three views: CPUID leaf 2 descriptors, CPUID leaf 4 and AMD's
 * 8000_0005/8000_0006.  Values as QEMU 7.2 reports them.
 */
static const X86CacheInfo legacy_l1d_cache = {
    .type = X86_CACHE_DATA, .level = 1, .size = 32 * KiB,
    .line_size = 64, .associativity = 8, .sets = 64, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo legacy_l1d_cache_amd = {
    .type = X86_CACHE_DATA, .level = 1, .size = 64 * KiB,
    .line_size = 64, .associativity = 2, .sets = 512, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo legacy_l1i_cache = {
    .type = X86_CACHE_INST, .level = 1, .size = 32 * KiB,
    .line_size = 64, .associativity = 8, .sets = 64, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo legacy_l1i_cache_amd = {
    .type = X86_CACHE_INST, .level = 1, .size = 64 * KiB,
    .line_size = 64, .associativity = 2, .sets = 512, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo legacy_l2_cache = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 4 * MiB,
    .line_size = 64, .associativity = 16, .sets = 4096, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

/* Leaf 2 reports a different L2 (descriptor 7DH) than leaf 4. */
static const X86CacheInfo legacy_l2_cache_cpuid2 = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 2 * MiB,
    .line_size = 64, .associativity = 8,
};

static const X86CacheInfo legacy_l2_cache_amd = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 512 * KiB,
    .line_size = 64, .associativity = 16, .sets = 512, .partitions = 1,
    .lines_per_tag = 1,
};

static const X86CacheInfo legacy_l3_cache = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 16 * MiB,
    .line_size = 64, .associativity = 16, .sets = 16384, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .inclusive = true,
    .complex_indexing = true,
};

const X86CPUCaches legacy_cpuid2_caches = {
    .l1d_cache = &legacy_l1d_cache,
    .l1i_cache = &legacy_l1i_cache,
    .l2_cache = &legacy_l2_cache_cpuid2,
    .l3_cache = &legacy_l3_cache,
};

const X86CPUCaches legacy_cpuid4_caches = {
    .l1d_cache = &legacy_l1d_cache,
    .l1i_cache = &legacy_l1i_cache,
    .l2_cache = &legacy_l2_cache,
    .l3_cache = &legacy_l3_cache,
};

const X86CPUCaches legacy_amd_caches = {
    .l1d_cache = &legacy_l1d_cache_amd,
    .l1i_cache = &legacy_l1i_cache_amd,
    .l2_cache = &legacy_l2_cache_amd,
    .l3_cache = &legacy_l3_cache,
};

/* The AMD EPYC family's caches (as QEMU 7.2 reports them). */
static const X86CacheInfo epyc_l1d_cache = {
    .type = X86_CACHE_DATA, .level = 1, .size = 32 * KiB,
    .line_size = 64, .associativity = 8, .sets = 64, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo epyc_l1i_cache = {
    .type = X86_CACHE_INST, .level = 1, .size = 64 * KiB,
    .line_size = 64, .associativity = 4, .sets = 256, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo epyc_rome_l1i_cache = {
    .type = X86_CACHE_INST, .level = 1, .size = 32 * KiB,
    .line_size = 64, .associativity = 8, .sets = 64, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .no_invd_sharing = true,
};

static const X86CacheInfo epyc_l2_cache = {
    .type = X86_CACHE_UNIFIED, .level = 2, .size = 512 * KiB,
    .line_size = 64, .associativity = 8, .sets = 1024, .partitions = 1,
    .lines_per_tag = 1,
};

static const X86CacheInfo epyc_l3_cache = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 8 * MiB,
    .line_size = 64, .associativity = 16, .sets = 8192, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .inclusive = true,
    .complex_indexing = true,
};

static const X86CacheInfo epyc_rome_l3_cache = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 16 * MiB,
    .line_size = 64, .associativity = 16, .sets = 16384, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .inclusive = true,
    .complex_indexing = true,
};

static const X86CacheInfo epyc_milan_l3_cache = {
    .type = X86_CACHE_UNIFIED, .level = 3, .size = 32 * MiB,
    .line_size = 64, .associativity = 16, .sets = 32768, .partitions = 1,
    .lines_per_tag = 1, .self_init = true, .inclusive = true,
    .complex_indexing = true,
};

static const X86CPUCaches epyc_cache_info = {
    .l1d_cache = &epyc_l1d_cache,
    .l1i_cache = &epyc_l1i_cache,
    .l2_cache = &epyc_l2_cache,
    .l3_cache = &epyc_l3_cache,
};

/* Hygon Dhyana is an EPYC (Zen) derivative with the same caches. */
#define dhyana_cache_info epyc_cache_info

static const X86CPUCaches epyc_rome_cache_info = {
    .l1d_cache = &epyc_l1d_cache,
    .l1i_cache = &epyc_rome_l1i_cache,
    .l2_cache = &epyc_l2_cache,
    .l3_cache = &epyc_rome_l3_cache,
};

static const X86CPUCaches epyc_milan_cache_info = {
    .l1d_cache = &epyc_l1d_cache,
    .l1i_cache = &epyc_rome_l1i_cache,
    .l2_cache = &epyc_l2_cache,
    .l3_cache = &epyc_milan_l3_cache,
};

const X86CPUModelDef x86_cpu_model_defs[] = {
    {
        .name = "486",
        .vendor = "GenuineIntel",
        .family = 4, .model = 8, .stepping = 0,
        .level = 0x1, .xlevel = 0x0,
        .model_id = "",
        .features =
            "fpu pse ",
    },
    {
        .name = "Broadwell",
        .vendor = "GenuineIntel",
        .family = 6, .model = 61, .stepping = 2,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Broadwell)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed adx "
            "smap "
            "syscall nx rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs vmx-rdseed-exit "
            "vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Broadwell-noTSX",
                .props = "hle=off rtm=off",
                .model_id = "Intel Core Processor (Broadwell, no TSX)",
            },
            {
                .version = 3,
                .alias = "Broadwell-IBRS",
                .props = "hle=on rtm=on spec-ctrl=on",
                .model_id = "Intel Core Processor (Broadwell, IBRS)",
            },
            {
                .version = 4,
                .alias = "Broadwell-noTSX-IBRS",
                .props = "hle=off rtm=off",
                .model_id = "Intel Core Processor (Broadwell, no TSX, IBRS)",
            },
            { 0 },
        },
    },
    {
        .name = "Cascadelake-Server",
        .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 6,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cascadelake)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f "
            "avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw "
            "avx512vl "
            "pku avx512vnni "
            "spec-ctrl ssbd "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs vmx-rdseed-exit "
            "vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .note = "ARCH_CAPABILITIES",
                .props = "arch-capabilities=on ibrs-all=on mds-no=on "
                    "rdctl-no=on skip-l1dfl-vmentry=on",
            },
            {
                .version = 3,
                .alias = "Cascadelake-Server-noTSX",
                .note = "ARCH_CAPABILITIES, no TSX",
                .props = "hle=off rtm=off",
            },
            {
                .version = 4,
                .note = "ARCH_CAPABILITIES, EPT switching, no TSX",
                .props = "vmx-eptp-switching=on",
            },
            {
                .version = 5,
                .note = "ARCH_CAPABILITIES, EPT switching, XSAVES, no TSX",
                .props = "vmx-xsaves=on xsaves=on",
            },
            { 0 },
        },
    },
    {
        .name = "Conroe",
        .vendor = "GenuineIntel",
        .family = 6, .model = 15, .stepping = 3,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel Celeron_4x0 (Conroe/Merom Class Core 2)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni ssse3 "
            "syscall nx lm "
            "lahf-lm "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr8-load-exit "
            "vmx-cr8-store-exit vmx-flexpriority vmx-vnmi-pending "
            "vmx-movdr-exit vmx-io-exit vmx-io-bitmap vmx-msr-bitmap "
            "vmx-monitor-exit vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi "
            "vmx-exit-ack-intr "
            "vmx-entry-ia32e-mode "
            "vmx-activity-hlt "
            "vmx-ins-outs ",
    },
    {
        .name = "Cooperlake",
        .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 10,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Cooperlake)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f "
            "avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw "
            "avx512vl "
            "pku avx512vnni "
            "spec-ctrl stibp arch-capabilities ssbd "
            "avx512-bf16 "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "rdctl-no ibrs-all skip-l1dfl-vmentry mds-no pschange-mc-no "
            "taa-no "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs vmx-rdseed-exit "
            "vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .note = "XSAVES",
                .props = "vmx-xsaves=on xsaves=on",
            },
            { 0 },
        },
    },
    {
        .name = "Denverton",
        .vendor = "GenuineIntel",
        .family = 6, .model = 95, .stepping = 1,
        .level = 0x15, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (Denverton)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq monitor ssse3 cx16 sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave rdrand "
            "fsgsbase smep erms mpx rdseed smap clflushopt sha-ni "
            "spec-ctrl arch-capabilities ssbd "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "rdctl-no skip-l1dfl-vmentry "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit vmx-vmfunc "
            "vmx-shadow-vmcs vmx-rdseed-exit vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .note = "no MPX, no MONITOR",
                .props = "monitor=off mpx=off",
            },
            {
                .version = 3,
                .note = "XSAVES, no MPX, no MONITOR",
                .props = "vmx-xsaves=on xsaves=on",
            },
            { 0 },
        },
    },
    {
        .name = "Dhyana",
        .vendor = "HygonGenuine",
        .family = 24, .model = 0, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "Hygon Dhyana Processor",
        .cache_info = &dhyana_cache_info,
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni monitor ssse3 fma cx16 sse4.1 sse4.2 movbe popcnt xsave avx "
            "f16c rdrand "
            "fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap clflushopt "
            "syscall nx mmxext fxsr-opt pdpe1gb rdtscp lm "
            "lahf-lm svm cr8legacy abm sse4a misalignsse 3dnowprefetch osvw "
            "topoext "
            "ibpb "
            "npt nrip-save "
            "xsaveopt xsavec xgetbv1 "
            "arat ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            { .version = 2, .note = "XSAVES", .props = "xsaves=on" },
            { 0 },
        },
    },
    {
        .name = "EPYC-Milan",
        .vendor = "AuthenticAMD",
        .family = 25, .model = 1, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC-Milan Processor",
        .cache_info = &epyc_milan_cache_info,
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq monitor ssse3 fma cx16 pcid sse4.1 sse4.2 movbe "
            "popcnt aes xsave avx f16c rdrand "
            "fsgsbase bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap "
            "clflushopt clwb sha-ni "
            "umip pku rdpid "
            "fsrm "
            "syscall nx mmxext fxsr-opt pdpe1gb rdtscp lm "
            "lahf-lm svm cr8legacy abm sse4a misalignsse 3dnowprefetch osvw "
            "topoext perfctr-core "
            "clzero xsaveerptr wbnoinvd ibpb ibrs amd-stibp amd-ssbd "
            "npt nrip-save svme-addr-chk "
            "xsaveopt xsavec xgetbv1 xsaves "
            "arat ",
    },
    {
        .name = "EPYC-Rome",
        .vendor = "AuthenticAMD",
        .family = 23, .model = 49, .stepping = 0,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC-Rome Processor",
        .cache_info = &epyc_rome_cache_info,
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq monitor ssse3 fma cx16 sse4.1 sse4.2 movbe popcnt "
            "aes xsave avx f16c rdrand "
            "fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap clflushopt clwb "
            "sha-ni "
            "umip rdpid "
            "syscall nx mmxext fxsr-opt pdpe1gb rdtscp lm "
            "lahf-lm svm cr8legacy abm sse4a misalignsse 3dnowprefetch osvw "
            "topoext perfctr-core "
            "clzero xsaveerptr wbnoinvd ibpb amd-stibp "
            "npt nrip-save "
            "xsaveopt xsavec xgetbv1 xsaves "
            "arat ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            { .version = 2, .props = "amd-ssbd=on ibrs=on" },
            { 0 },
        },
    },
    {
        .name = "EPYC",
        .vendor = "AuthenticAMD",
        .family = 23, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001e,
        .model_id = "AMD EPYC Processor",
        .cache_info = &epyc_cache_info,
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq monitor ssse3 fma cx16 sse4.1 sse4.2 movbe popcnt "
            "aes xsave avx f16c rdrand "
            "fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap clflushopt sha-ni "
            "syscall nx mmxext fxsr-opt pdpe1gb rdtscp lm "
            "lahf-lm svm cr8legacy abm sse4a misalignsse 3dnowprefetch osvw "
            "topoext "
            "npt nrip-save "
            "xsaveopt xsavec xgetbv1 "
            "arat ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "EPYC-IBPB",
                .props = "ibpb=on",
                .model_id = "AMD EPYC Processor (with IBPB)",
            },
            {
                .version = 3,
                .props = "clzero=on perfctr-core=on xsaveerptr=on xsaves=on",
                .model_id = "AMD EPYC Processor",
            },
            { 0 },
        },
    },
    {
        .name = "Haswell",
        .vendor = "GenuineIntel",
        .family = 6, .model = 60, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Haswell)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm "
            "syscall nx rdtscp lm "
            "lahf-lm abm "
            "xsaveopt "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Haswell-noTSX",
                .props = "hle=off rtm=off stepping=1",
                .model_id = "Intel Core Processor (Haswell, no TSX)",
            },
            {
                .version = 3,
                .alias = "Haswell-IBRS",
                .props = "hle=on rtm=on spec-ctrl=on stepping=4",
                .model_id = "Intel Core Processor (Haswell, IBRS)",
            },
            {
                .version = 4,
                .alias = "Haswell-noTSX-IBRS",
                .props = "hle=off rtm=off stepping=1",
                .model_id = "Intel Core Processor (Haswell, no TSX, IBRS)",
            },
            { 0 },
        },
    },
    {
        .name = "Icelake-Server",
        .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Icelake)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f "
            "avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw "
            "avx512vl "
            "avx512vbmi umip pku avx512vbmi2 gfni vaes vpclmulqdq avx512vnni "
            "avx512bitalg avx512-vpopcntdq la57 "
            "spec-ctrl ssbd "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "wbnoinvd "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Icelake-Server-noTSX",
                .note = "no TSX",
                .props = "hle=off rtm=off",
            },
            {
                .version = 3,
                .props = "arch-capabilities=on ibrs-all=on mds-no=on "
                    "pschange-mc-no=on rdctl-no=on "
                    "skip-l1dfl-vmentry=on taa-no=on",
            },
            {
                .version = 4,
                .props = "avx512ifma=on fsrm=on rdpid=on sha-ni=on "
                    "vmx-eptp-switching=on vmx-pml=on "
                    "vmx-rdseed-exit=on model=106",
            },
            {
                .version = 5,
                .note = "XSAVES",
                .props = "vmx-xsaves=on xsaves=on",
            },
            {
                .version = 6,
                .note = "5-level EPT",
                .props = "vmx-page-walk-5=on",
            },
            { 0 },
        },
    },
    {
        .name = "IvyBridge",
        .vendor = "GenuineIntel",
        .family = 6, .model = 58, .stepping = 9,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E3-12xx v2 (Ivy Bridge)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 x2apic popcnt "
            "tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase smep erms "
            "syscall nx rdtscp lm "
            "lahf-lm "
            "xsaveopt "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-invept-single-context vmx-invept-all-context "
            "vmx-invvpid vmx-invvpid-single-addr vmx-invvpid-all-context "
            "vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "IvyBridge-IBRS",
                .props = "spec-ctrl=on",
                .model_id = "Intel Xeon E3-12xx v2 (Ivy Bridge, IBRS)",
            },
            { 0 },
        },
    },
    {
        .name = "KnightsMill",
        .vendor = "GenuineIntel",
        .family = 6, .model = 133, .stepping = 0,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Phi Processor (Knights Mill)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 ss "
            "pni pclmulqdq ssse3 fma cx16 sse4.1 sse4.2 x2apic movbe popcnt "
            "tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 avx2 smep bmi2 erms avx512f rdseed adx avx512pf "
            "avx512er avx512cd "
            "avx512-vpopcntdq "
            "avx512-4vnniw avx512-4fmaps "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt "
            "arat ",
    },
    {
        .name = "Nehalem",
        .vendor = "GenuineIntel",
        .family = 6, .model = 26, .stepping = 3,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Intel Core i7 9xx (Nehalem Class Core i7)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni ssse3 cx16 sse4.1 sse4.2 popcnt "
            "syscall nx lm "
            "lahf-lm "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-apicv-x2apic vmx-vpid "
            "vmx-wbinvd-exit "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-activity-hlt "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-invept-single-context vmx-invept-all-context "
            "vmx-invvpid vmx-invvpid-single-addr vmx-invvpid-all-context "
            "vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Nehalem-IBRS",
                .props = "spec-ctrl=on",
                .model_id = "Intel Core i7 9xx (Nehalem Core i7, IBRS update)",
            },
            { 0 },
        },
    },
    {
        .name = "Opteron_G1",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x80000008,
        .model_id = "AMD Opteron 240 (Gen 1 Class Opteron)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni "
            "syscall nx lm ",
    },
    {
        .name = "Opteron_G2",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x8000000a,
        .model_id = "AMD Opteron 22xx (Gen 2 Class Opteron)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni cx16 "
            "syscall nx lm "
            "lahf-lm svm ",
    },
    {
        .name = "Opteron_G3",
        .vendor = "AuthenticAMD",
        .family = 16, .model = 2, .stepping = 3,
        .level = 0x5, .xlevel = 0x8000000a,
        .model_id = "AMD Opteron 23xx (Gen 3 Class Opteron)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni monitor cx16 popcnt "
            "syscall nx rdtscp lm "
            "lahf-lm svm abm sse4a misalignsse ",
    },
    {
        .name = "Opteron_G4",
        .vendor = "AuthenticAMD",
        .family = 21, .model = 1, .stepping = 2,
        .level = 0xd, .xlevel = 0x8000001a,
        .model_id = "AMD Opteron 62xx class CPU",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 popcnt aes xsave avx "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm svm abm sse4a misalignsse 3dnowprefetch xop fma4 "
            "npt nrip-save ",
    },
    {
        .name = "Opteron_G5",
        .vendor = "AuthenticAMD",
        .family = 21, .model = 2, .stepping = 0,
        .level = 0xd, .xlevel = 0x8000001a,
        .model_id = "AMD Opteron 63xx class CPU",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 sse4.1 sse4.2 popcnt aes xsave avx "
            "f16c "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm svm abm sse4a misalignsse 3dnowprefetch xop fma4 tbm "
            "npt nrip-save ",
    },
    {
        .name = "Penryn",
        .vendor = "GenuineIntel",
        .family = 6, .model = 23, .stepping = 3,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel Core 2 Duo P9xxx (Penryn Class Core 2)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni ssse3 cx16 sse4.1 "
            "syscall nx lm "
            "lahf-lm "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr8-load-exit "
            "vmx-cr8-store-exit vmx-flexpriority vmx-vnmi-pending "
            "vmx-movdr-exit vmx-io-exit vmx-io-bitmap vmx-msr-bitmap "
            "vmx-monitor-exit vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-wbinvd-exit "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi "
            "vmx-exit-load-perf-global-ctrl vmx-exit-ack-intr "
            "vmx-entry-ia32e-mode vmx-entry-load-perf-global-ctrl "
            "vmx-activity-hlt "
            "vmx-ins-outs ",
    },
    {
        .name = "SandyBridge",
        .vendor = "GenuineIntel",
        .family = 6, .model = 42, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon E312xx (Sandy Bridge)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 x2apic popcnt "
            "tsc-deadline aes xsave avx "
            "syscall nx rdtscp lm "
            "lahf-lm "
            "xsaveopt "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-invept-single-context vmx-invept-all-context "
            "vmx-invvpid vmx-invvpid-single-addr vmx-invvpid-all-context "
            "vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "SandyBridge-IBRS",
                .props = "spec-ctrl=on",
                .model_id = "Intel Xeon E312xx (Sandy Bridge, IBRS update)",
            },
            { 0 },
        },
    },
    {
        .name = "Skylake-Client",
        .vendor = "GenuineIntel",
        .family = 6, .model = 94, .stepping = 3,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Core Processor (Skylake)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed adx "
            "smap "
            "syscall nx rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit vmx-vpid "
            "vmx-wbinvd-exit vmx-unrestricted-guest vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs vmx-rdseed-exit "
            "vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Skylake-Client-IBRS",
                .props = "spec-ctrl=on",
                .model_id = "Intel Core Processor (Skylake, IBRS)",
            },
            {
                .version = 3,
                .alias = "Skylake-Client-noTSX-IBRS",
                .props = "hle=off rtm=off",
                .model_id = "Intel Core Processor (Skylake, IBRS, no TSX)",
            },
            {
                .version = 4,
                .note = "IBRS, XSAVES, no TSX",
                .props = "vmx-xsaves=on xsaves=on",
            },
            { 0 },
        },
    },
    {
        .name = "Skylake-Server",
        .vendor = "GenuineIntel",
        .family = 6, .model = 85, .stepping = 4,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Intel Xeon Processor (Skylake)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 fma cx16 pcid sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave avx f16c rdrand "
            "fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f "
            "avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw "
            "avx512vl "
            "pku "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm abm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit "
            "vmx-invpcid-exit vmx-vmfunc vmx-shadow-vmcs vmx-rdseed-exit "
            "vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Skylake-Server-IBRS",
                .props = "spec-ctrl=on clflushopt=off",
                .model_id = "Intel Xeon Processor (Skylake, IBRS)",
            },
            {
                .version = 3,
                .alias = "Skylake-Server-noTSX-IBRS",
                .props = "hle=off rtm=off",
                .model_id = "Intel Xeon Processor (Skylake, IBRS, no TSX)",
            },
            {
                .version = 4,
                .note = "IBRS, EPT switching, no TSX",
                .props = "vmx-eptp-switching=on",
            },
            {
                .version = 5,
                .note = "IBRS, XSAVES, EPT switching, no TSX",
                .props = "vmx-xsaves=on xsaves=on",
            },
            { 0 },
        },
    },
    {
        .name = "Snowridge",
        .vendor = "GenuineIntel",
        .family = 6, .model = 134, .stepping = 1,
        .level = 0x1b, .xlevel = 0x80000008,
        .model_id = "Intel Atom Processor (SnowRidge)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq monitor ssse3 cx16 sse4.1 sse4.2 x2apic movbe "
            "popcnt tsc-deadline aes xsave rdrand "
            "fsgsbase smep erms mpx rdseed smap clflushopt clwb sha-ni "
            "umip gfni cldemote movdiri movdir64b "
            "spec-ctrl arch-capabilities core-capability ssbd "
            "syscall nx pdpe1gb rdtscp lm "
            "lahf-lm 3dnowprefetch "
            "xsaveopt xsavec xgetbv1 "
            "arat "
            "split-lock-detect "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-rdtscp-exit "
            "vmx-apicv-x2apic vmx-vpid vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-apicv-register vmx-apicv-vid vmx-rdrand-exit vmx-vmfunc "
            "vmx-shadow-vmcs vmx-rdseed-exit vmx-pml "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-posted-intr "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt vmx-vmwrite-vmexit-fields "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-eptad vmx-invept-single-context "
            "vmx-invept-all-context vmx-invvpid vmx-invvpid-single-addr "
            "vmx-invvpid-all-context vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls "
            "vmx-eptp-switching ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .props = "mpx=off",
                .model_id = "Intel Atom Processor (Snowridge, no MPX)",
            },
            {
                .version = 3,
                .note = "XSAVES, no MPX",
                .props = "vmx-xsaves=on xsaves=on",
            },
            {
                .version = 4,
                .note = "no split lock detect, no core-capability",
                .props = "core-capability=off split-lock-detect=off",
            },
            { 0 },
        },
    },
    {
        .name = "Westmere",
        .vendor = "GenuineIntel",
        .family = 6, .model = 44, .stepping = 1,
        .level = 0xb, .xlevel = 0x80000008,
        .model_id = "Westmere E56xx/L56xx/X56xx (Nehalem-C)",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni pclmulqdq ssse3 cx16 sse4.1 sse4.2 popcnt aes "
            "syscall nx lm "
            "lahf-lm "
            "arat "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr3-load-noexit "
            "vmx-cr3-store-noexit vmx-cr8-load-exit vmx-cr8-store-exit "
            "vmx-flexpriority vmx-vnmi-pending vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-mtf vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic vmx-ept vmx-desc-exit vmx-apicv-x2apic vmx-vpid "
            "vmx-wbinvd-exit vmx-unrestricted-guest "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi vmx-preemption-timer "
            "vmx-exit-nosave-debugctl vmx-exit-load-perf-global-ctrl "
            "vmx-exit-ack-intr vmx-exit-save-pat vmx-exit-load-pat "
            "vmx-exit-save-efer vmx-exit-load-efer "
            "vmx-exit-save-preemption-timer "
            "vmx-entry-noload-debugctl vmx-entry-ia32e-mode "
            "vmx-entry-load-perf-global-ctrl vmx-entry-load-pat "
            "vmx-entry-load-efer "
            "vmx-store-lma vmx-activity-hlt "
            "vmx-ept-execonly vmx-page-walk-4 vmx-ept-2mb vmx-ept-1gb "
            "vmx-invept vmx-invept-single-context vmx-invept-all-context "
            "vmx-invvpid vmx-invvpid-single-addr vmx-invvpid-all-context "
            "vmx-invept-single-context-noglobals "
            "vmx-ins-outs vmx-true-ctls ",
        .versions = (const X86CPUVersionDef[]) {
            { .version = 1 },
            {
                .version = 2,
                .alias = "Westmere-IBRS",
                .props = "spec-ctrl=on",
                .model_id = "Westmere E56xx/L56xx/X56xx (IBRS update)",
            },
            { 0 },
        },
    },
    {
        .name = "athlon",
        .vendor = "AuthenticAMD",
        .family = 6, .model = 2, .stepping = 3,
        .level = 0x2, .xlevel = 0x80000008,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 mmx fxsr sse sse2 "
            "mmxext 3dnowext 3dnow ",
    },
    {
        .name = "core2duo",
        .vendor = "GenuineIntel",
        .family = 6, .model = 15, .stepping = 11,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel(R) Core(TM)2 Duo CPU     T7700  @ 2.40GHz",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush acpi mmx fxsr sse sse2 ss "
            "pni monitor ssse3 cx16 "
            "syscall nx lm "
            "lahf-lm "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr8-load-exit "
            "vmx-cr8-store-exit vmx-flexpriority vmx-vnmi-pending "
            "vmx-movdr-exit vmx-io-exit vmx-io-bitmap vmx-msr-bitmap "
            "vmx-monitor-exit vmx-pause-exit vmx-secondary-ctls "
            "vmx-apicv-xapic "
            "vmx-intr-exit vmx-nmi-exit vmx-vnmi "
            "vmx-exit-ack-intr "
            "vmx-entry-ia32e-mode "
            "vmx-activity-hlt "
            "vmx-ins-outs ",
    },
    {
        .name = "coreduo",
        .vendor = "GenuineIntel",
        .family = 6, .model = 14, .stepping = 8,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Genuine Intel(R) CPU           T2600  @ 2.16GHz",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "clflush acpi mmx fxsr sse sse2 ss "
            "pni monitor "
            "nx "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-movdr-exit "
            "vmx-io-exit vmx-io-bitmap vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit "
            "vmx-intr-exit vmx-nmi-exit "
            "vmx-exit-ack-intr "
            "vmx-activity-hlt ",
    },
    {
        .name = "kvm32",
        .vendor = "GenuineIntel",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0x5, .xlevel = 0x80000008,
        .model_id = "Common 32-bit KVM processor",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-movdr-exit "
            "vmx-io-exit vmx-io-bitmap vmx-msr-bitmap vmx-monitor-exit "
            "vmx-pause-exit "
            "vmx-intr-exit vmx-nmi-exit "
            "vmx-exit-ack-intr "
            "vmx-activity-hlt ",
    },
    {
        .name = "kvm64",
        .vendor = "GenuineIntel",
        .family = 15, .model = 6, .stepping = 1,
        .level = 0xd, .xlevel = 0x80000008,
        .model_id = "Common KVM processor",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni cx16 "
            "syscall nx lm "
            "vmx-vintr-pending vmx-tsc-offset vmx-hlt-exit vmx-invlpg-exit "
            "vmx-mwait-exit vmx-rdpmc-exit vmx-rdtsc-exit vmx-cr8-load-exit "
            "vmx-cr8-store-exit vmx-flexpriority vmx-movdr-exit vmx-io-exit "
            "vmx-io-bitmap vmx-monitor-exit vmx-pause-exit "
            "vmx-intr-exit vmx-nmi-exit "
            "vmx-exit-ack-intr "
            "vmx-entry-ia32e-mode "
            "vmx-activity-hlt ",
    },
    {
        .name = "n270",
        .vendor = "GenuineIntel",
        .family = 6, .model = 28, .stepping = 2,
        .level = 0xa, .xlevel = 0x80000008,
        .model_id = "Intel(R) Atom(TM) CPU N270   @ 1.60GHz",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "clflush acpi mmx fxsr sse sse2 ss "
            "pni monitor ssse3 movbe "
            "nx "
            "lahf-lm ",
    },
    {
        .name = "pentium",
        .vendor = "GenuineIntel",
        .family = 5, .model = 4, .stepping = 3,
        .level = 0x1, .xlevel = 0x0,
        .model_id = "",
        .features =
            "fpu de pse tsc msr mce cx8 apic mmx ",
    },
    {
        .name = "pentium2",
        .vendor = "GenuineIntel",
        .family = 6, .model = 5, .stepping = 2,
        .level = 0x2, .xlevel = 0x0,
        .model_id = "",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 mmx fxsr ",
    },
    {
        .name = "pentium3",
        .vendor = "GenuineIntel",
        .family = 6, .model = 7, .stepping = 3,
        .level = 0x3, .xlevel = 0x0,
        .model_id = "",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 mmx fxsr sse ",
    },
    {
        .name = "phenom",
        .vendor = "AuthenticAMD",
        .family = 16, .model = 2, .stepping = 3,
        .level = 0x5, .xlevel = 0x8000001a,
        .model_id = "AMD Phenom(tm) 9550 Quad-Core Processor",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni monitor cx16 popcnt "
            "syscall nx mmxext fxsr-opt pdpe1gb rdtscp lm 3dnowext 3dnow "
            "lahf-lm svm abm sse4a "
            "npt ",
    },
    {
        .name = "qemu32",
        .vendor = "GenuineIntel",
        .family = 6, .model = 6, .stepping = 3,
        .level = 0x4, .xlevel = 0x80000004,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep pge cmov pat mmx fxsr "
            "sse sse2 "
            "pni ",
    },
    {
        .name = "qemu64",
        .vendor = "AuthenticAMD",
        .family = 15, .model = 107, .stepping = 1,
        .level = 0xd, .xlevel = 0x8000000a,
        .model_id = "QEMU Virtual CPU version 2.5+",
        .features =
            "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 "
            "pni cx16 "
            "syscall nx lm "
            "lahf-lm svm ",
    },
};

const size_t x86_cpu_model_defs_count = G_N_ELEMENTS(x86_cpu_model_defs);
/* clang-format on */
