/*
 * The CPUID instruction as an x86 vCPU answers it: the leaves follow
 * from the CPU model (feature words, levels, vendor, caches) and the
 * vCPU's place in the topology.  Both accelerators use it: TCG executes
 * it, KVM hands the whole table to the kernel.
 *
 * Reference: Intel SDM vol. 2A, "CPUID"; AMD APM vol. 3, appendix E.
 * Where the manuals leave a choice (cache sizes, TLB geometry, which
 * leaves an AMD model answers), the values are QEMU 7.2's, so a guest
 * sees the same processor under emu as under QEMU.
 */
#include <string.h>

#include "x86-internal.h"

#define KiB 1024u

/* CPUID[0BH/1FH].ECX[15:8]: level type (SDM vol. 2A, table 3-8). */
#define CPUID_TOPOLOGY_LEVEL_INVALID (0U << 8)
#define CPUID_TOPOLOGY_LEVEL_SMT (1U << 8)
#define CPUID_TOPOLOGY_LEVEL_CORE (2U << 8)
#define CPUID_TOPOLOGY_LEVEL_DIE (5U << 8)

/* CPUID[5].ECX: MWAIT extensions enumerated, interrupt break-event. */
#define CPUID_MWAIT_EMX (1U << 0)
#define CPUID_MWAIT_IBE (1U << 1)

/*
 * CPUID[8000_0005/6] TLB geometry: 255-entry direct-mapped L1 TLBs and a
 * 4-way 512-entry L2 TLB for 4K pages, no 2M/4M L2 TLB (QEMU's values).
 */
#define L1_TLB_ASSOC 1
#define L1_TLB_ENTRIES 255
#define L2_TLB_4K_ASSOC 4
#define L2_TLB_4K_ENTRIES 512

/* Standard-format XSAVE layout (SDM vol. 1, 13.4; CPUID[0DH]). */
/* clang-format off */
const X86XSaveArea x86_ext_save_areas[XSTATE_XTILE_DATA_BIT + 1] = {
    [XSTATE_FP_BIT] = { .feature = FEAT_1_EDX, .bits = CPUID_FP87,
                        .size = XSAVE_LEGACY_SIZE + XSAVE_HEADER_SIZE },
    [XSTATE_SSE_BIT] = { .feature = FEAT_1_EDX, .bits = CPUID_SSE,
                         .size = XSAVE_LEGACY_SIZE + XSAVE_HEADER_SIZE },
    [XSTATE_YMM_BIT] = { .feature = FEAT_1_ECX, .bits = CPUID_EXT_AVX,
                         .offset = 576, .size = 256 },
    [XSTATE_BNDREGS_BIT] = { .feature = FEAT_7_0_EBX,
                             .bits = CPUID_7_0_EBX_MPX,
                             .offset = 960, .size = 64 },
    [XSTATE_BNDCSR_BIT] = { .feature = FEAT_7_0_EBX,
                            .bits = CPUID_7_0_EBX_MPX,
                            .offset = 1024, .size = 64 },
    [XSTATE_OPMASK_BIT] = { .feature = FEAT_7_0_EBX,
                            .bits = CPUID_7_0_EBX_AVX512F,
                            .offset = 1088, .size = 64 },
    [XSTATE_ZMM_Hi256_BIT] = { .feature = FEAT_7_0_EBX,
                               .bits = CPUID_7_0_EBX_AVX512F,
                               .offset = 1152, .size = 512 },
    [XSTATE_Hi16_ZMM_BIT] = { .feature = FEAT_7_0_EBX,
                              .bits = CPUID_7_0_EBX_AVX512F,
                              .offset = 1664, .size = 1024 },
    [XSTATE_PKRU_BIT] = { .feature = FEAT_7_0_ECX,
                          .bits = CPUID_7_0_ECX_PKU,
                          .offset = 2688, .size = 8 },
    [XSTATE_XTILE_CFG_BIT] = { .feature = FEAT_7_0_EDX,
                               .bits = CPUID_7_0_EDX_AMX_TILE,
                               .offset = 2752, .size = 64 },
    [XSTATE_XTILE_DATA_BIT] = { .feature = FEAT_7_0_EDX,
                                .bits = CPUID_7_0_EDX_AMX_TILE,
                                .offset = 2816, .size = 8192,
                                .aligned = true },
};
/* clang-format on */

uint32_t xsave_area_size(uint64_t mask, bool compacted)
{
    uint32_t size = XSAVE_LEGACY_SIZE + XSAVE_HEADER_SIZE;
    unsigned i;

    /*
     * Components 0 and 1 live in the legacy region.  In the compacted
     * format (SDM vol. 1, 13.4.3) the others follow each other in
     * component order, 64-byte aligned when CPUID says so.
     */
    for (i = 2; i < G_N_ELEMENTS(x86_ext_save_areas); i++) {
        const X86XSaveArea *esa = &x86_ext_save_areas[i];
        uint32_t offset;

        if (!(mask & (1ULL << i)) || !esa->size) {
            continue;
        }
        if (compacted) {
            offset = esa->aligned ? (size + 63) & ~63u : size;
        } else {
            offset = esa->offset;
        }
        size = MAX(size, offset + esa->size);
    }
    return size;
}

uint64_t x86_cpu_xsave_xcr0_components(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    return (env->features[FEAT_XSAVE_XCR0_HI] << 32) |
           env->features[FEAT_XSAVE_XCR0_LO];
}

uint64_t x86_cpu_xsave_xss_components(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    return (env->features[FEAT_XSAVE_XSS_HI] << 32) |
           env->features[FEAT_XSAVE_XSS_LO];
}

void x86_cpu_enable_xsave_components(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    const X86CPUAccelOps *ops = x86_cpu_get_accel_ops();
    uint64_t user = 0, supervisor = 0;
    unsigned i;

    if (!(env->features[FEAT_1_ECX] & CPUID_EXT_XSAVE)) {
        env->features[FEAT_XSAVE_XCR0_LO] = 0;
        env->features[FEAT_XSAVE_XCR0_HI] = 0;
        env->features[FEAT_XSAVE_XSS_LO] = 0;
        env->features[FEAT_XSAVE_XSS_HI] = 0;
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(x86_ext_save_areas); i++) {
        const X86XSaveArea *esa = &x86_ext_save_areas[i];

        if (!esa->bits || !(env->features[esa->feature] & esa->bits)) {
            continue;
        }
        if (esa->supervisor) {
            supervisor |= 1ULL << i;
        } else {
            user |= 1ULL << i;
        }
    }
    if (ops && ops->supported_xsave_components) {
        user &= ops->supported_xsave_components;
        supervisor &= ops->supported_xsave_components;
    }
    env->features[FEAT_XSAVE_XCR0_LO] = user & 0xffffffffULL;
    env->features[FEAT_XSAVE_XCR0_HI] = user >> 32;
    env->features[FEAT_XSAVE_XSS_LO] = supervisor & 0xffffffffULL;
    env->features[FEAT_XSAVE_XSS_HI] = supervisor >> 32;
}

/* ---- Caches ---- */

/* CPUID leaf 2 descriptors (SDM vol. 2A, table 3-12), non-sectored. */
typedef struct CacheDescriptor {
    uint8_t desc;
    uint8_t level;
    X86CacheType type;
    uint32_t size_kib;
    uint8_t ways;
    uint8_t line;
} CacheDescriptor;

/* clang-format off */
static const CacheDescriptor cpuid2_descriptors[] = {
    { 0x06, 1, X86_CACHE_INST, 8, 4, 32 },
    { 0x08, 1, X86_CACHE_INST, 16, 4, 32 },
    { 0x09, 1, X86_CACHE_INST, 32, 4, 64 },
    { 0x0A, 1, X86_CACHE_DATA, 8, 2, 32 },
    { 0x0C, 1, X86_CACHE_DATA, 16, 4, 32 },
    { 0x0D, 1, X86_CACHE_DATA, 16, 4, 64 },
    { 0x0E, 1, X86_CACHE_DATA, 24, 6, 64 },
    { 0x1D, 2, X86_CACHE_UNIFIED, 128, 2, 64 },
    { 0x21, 2, X86_CACHE_UNIFIED, 256, 8, 64 },
    { 0x24, 2, X86_CACHE_UNIFIED, 1024, 16, 64 },
    { 0x2C, 1, X86_CACHE_DATA, 32, 8, 64 },
    { 0x30, 1, X86_CACHE_INST, 32, 8, 64 },
    { 0x41, 2, X86_CACHE_UNIFIED, 128, 4, 32 },
    { 0x42, 2, X86_CACHE_UNIFIED, 256, 4, 32 },
    { 0x43, 2, X86_CACHE_UNIFIED, 512, 4, 32 },
    { 0x44, 2, X86_CACHE_UNIFIED, 1024, 4, 32 },
    { 0x45, 2, X86_CACHE_UNIFIED, 2048, 4, 32 },
    { 0x46, 3, X86_CACHE_UNIFIED, 4096, 4, 64 },
    { 0x47, 3, X86_CACHE_UNIFIED, 8192, 8, 64 },
    { 0x48, 2, X86_CACHE_UNIFIED, 3072, 12, 64 },
    { 0x4A, 3, X86_CACHE_UNIFIED, 6144, 12, 64 },
    { 0x4B, 3, X86_CACHE_UNIFIED, 8192, 16, 64 },
    { 0x4C, 3, X86_CACHE_UNIFIED, 12288, 12, 64 },
    { 0x4D, 3, X86_CACHE_UNIFIED, 16384, 16, 64 },
    { 0x4E, 2, X86_CACHE_UNIFIED, 6144, 24, 64 },
    { 0x60, 1, X86_CACHE_DATA, 16, 8, 64 },
    { 0x66, 1, X86_CACHE_DATA, 8, 4, 64 },
    { 0x67, 1, X86_CACHE_DATA, 16, 4, 64 },
    { 0x68, 1, X86_CACHE_DATA, 32, 4, 64 },
    { 0x78, 2, X86_CACHE_UNIFIED, 1024, 4, 64 },
    { 0x7D, 2, X86_CACHE_UNIFIED, 2048, 8, 64 },
    { 0x7F, 2, X86_CACHE_UNIFIED, 512, 2, 64 },
    { 0x80, 2, X86_CACHE_UNIFIED, 512, 8, 64 },
    { 0x82, 2, X86_CACHE_UNIFIED, 256, 8, 32 },
    { 0x83, 2, X86_CACHE_UNIFIED, 512, 8, 32 },
    { 0x84, 2, X86_CACHE_UNIFIED, 1024, 8, 32 },
    { 0x85, 2, X86_CACHE_UNIFIED, 2048, 8, 32 },
    { 0x86, 2, X86_CACHE_UNIFIED, 512, 4, 64 },
    { 0x87, 2, X86_CACHE_UNIFIED, 1024, 8, 64 },
    { 0xD0, 3, X86_CACHE_UNIFIED, 512, 4, 64 },
    { 0xD1, 3, X86_CACHE_UNIFIED, 1024, 4, 64 },
    { 0xD2, 3, X86_CACHE_UNIFIED, 2048, 4, 64 },
    { 0xD6, 3, X86_CACHE_UNIFIED, 1024, 8, 64 },
    { 0xD7, 3, X86_CACHE_UNIFIED, 2048, 8, 64 },
    { 0xD8, 3, X86_CACHE_UNIFIED, 4096, 8, 64 },
    { 0xDC, 3, X86_CACHE_UNIFIED, 1536, 12, 64 },
    { 0xDD, 3, X86_CACHE_UNIFIED, 3072, 12, 64 },
    { 0xDE, 3, X86_CACHE_UNIFIED, 6144, 12, 64 },
    { 0xE2, 3, X86_CACHE_UNIFIED, 2048, 16, 64 },
    { 0xE3, 3, X86_CACHE_UNIFIED, 4096, 16, 64 },
    { 0xE4, 3, X86_CACHE_UNIFIED, 8192, 16, 64 },
    { 0xEA, 3, X86_CACHE_UNIFIED, 12288, 24, 64 },
    { 0xEB, 3, X86_CACHE_UNIFIED, 18432, 24, 64 },
    { 0xEC, 3, X86_CACHE_UNIFIED, 24576, 24, 64 },
};
/* clang-format on */

/* FFH: "no descriptor; use leaf 4" (SDM vol. 2A, table 3-12). */
#define CACHE_DESCRIPTOR_UNAVAILABLE 0xFF

static uint8_t cpuid2_cache_descriptor(const X86CacheInfo *cache)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cpuid2_descriptors); i++) {
        const CacheDescriptor *d = &cpuid2_descriptors[i];

        if (d->level == cache->level && d->type == cache->type &&
            d->size_kib * KiB == cache->size &&
            d->ways == cache->associativity && d->line == cache->line_size) {
            return d->desc;
        }
    }
    return CACHE_DESCRIPTOR_UNAVAILABLE;
}

/*
 * CPUID leaf 4 (SDM vol. 2A, table 3-8): num_apic_ids logical
 * processors share the cache, num_cores cores are in the package.
 */
static void encode_cache_cpuid4(const X86CacheInfo *cache,
                                unsigned num_apic_ids, unsigned num_cores,
                                uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                                uint32_t *edx)
{
    g_assert(cache->size == cache->line_size * cache->associativity *
                                cache->partitions * cache->sets);
    *eax = cache->type | (cache->level << 5) |
           (cache->self_init ? 1U << 8 : 0) | ((num_cores - 1) << 26) |
           ((num_apic_ids - 1) << 14);
    *ebx = (cache->line_size - 1) | ((cache->partitions - 1) << 12) |
           ((cache->associativity - 1) << 22);
    *ecx = cache->sets - 1;
    *edx = (cache->no_invd_sharing ? 1U << 0 : 0) |
           (cache->inclusive ? 1U << 1 : 0) |
           (cache->complex_indexing ? 1U << 2 : 0);
}

/* AMD APM vol. 3, E.4.4: L1 cache in 8000_0005 ECX/EDX. */
static uint32_t encode_cache_cpuid80000005(const X86CacheInfo *cache)
{
    return ((cache->size / KiB) << 24) | (cache->associativity << 16) |
           (cache->lines_per_tag << 8) | cache->line_size;
}

/*
 * AMD's 4-bit associativity encoding for 8000_0006 (AMD APM vol. 3,
 * E.4.5); ways with no code of their own report "reserved" (0).
 */
static uint32_t amd_enc_assoc(unsigned ways)
{
    switch (ways) {
    case 0:
        return 0x0;
    case 1:
        return 0x1;
    case 2:
        return 0x2;
    case 4:
        return 0x4;
    case 8:
        return 0x6;
    case 16:
        return 0x8;
    case 32:
        return 0xA;
    case 48:
        return 0xB;
    case 64:
        return 0xC;
    case 96:
        return 0xD;
    case 128:
        return 0xE;
    case 0xff:
        return 0xF;
    default:
        return 0x0;
    }
}

static void encode_cache_cpuid80000006(const X86CacheInfo *l2,
                                       const X86CacheInfo *l3, uint32_t *ecx,
                                       uint32_t *edx)
{
    *ecx = ((l2->size / KiB) << 16) | (amd_enc_assoc(l2->associativity) << 12) |
           (l2->lines_per_tag << 8) | l2->line_size;
    if (l3) {
        /* L3 size in 512 KiB units (AMD APM vol. 3, E.4.5). */
        *edx = ((l3->size / (512 * KiB)) << 18) |
               (amd_enc_assoc(l3->associativity) << 12) |
               (l3->lines_per_tag << 8) | l3->line_size;
    } else {
        *edx = 0;
    }
}

/* AMD APM vol. 3, E.4.15: cache topology, 8000_001D. */
static void encode_cache_cpuid8000001d(const X86CacheInfo *cache,
                                       const X86CPUTopoInfo *topo,
                                       uint32_t *eax, uint32_t *ebx,
                                       uint32_t *ecx, uint32_t *edx)
{
    unsigned sharing;

    /* L3 is shared by the die's cores; L1/L2 by a core's threads. */
    if (cache->level == 3) {
        sharing = topo->cores_per_die * topo->threads_per_core;
    } else {
        sharing = topo->threads_per_core;
    }
    *eax = cache->type | (cache->level << 5) |
           (cache->self_init ? 1U << 8 : 0) | ((sharing - 1) << 14);
    *ebx = (cache->line_size - 1) | ((cache->partitions - 1) << 12) |
           ((cache->associativity - 1) << 22);
    *ecx = cache->sets - 1;
    *edx = (cache->no_invd_sharing ? 1U << 0 : 0) |
           (cache->inclusive ? 1U << 1 : 0) |
           (cache->complex_indexing ? 1U << 2 : 0);
}

/* ---- The leaves ---- */

static void x86_cpu_topo_info(X86CPU *cpu, X86CPUTopoInfo *topo)
{
    CPUState *cs = CPU(cpu);

    topo->dies_per_pkg = MAX(cpu->env.nr_dies, 1u);
    topo->cores_per_die = MAX(cs->nr_cores, 1);
    topo->threads_per_core = MAX(cs->nr_threads, 1);
}

static void cpuid_extended_topology(X86CPU *cpu, uint32_t count, bool v2,
                                    uint32_t *eax, uint32_t *ebx, uint32_t *ecx,
                                    uint32_t *edx)
{
    X86CPUTopoInfo topo;
    unsigned threads, cores;

    x86_cpu_topo_info(cpu, &topo);
    threads = topo.threads_per_core;
    cores = topo.cores_per_die;

    /* SDM vol. 2A, CPUID leaf 0BH / 1FH. */
    *ecx = count & 0xff;
    *edx = cpu->apic_id;
    switch (count) {
    case 0:
        *eax = apicid_core_offset(&topo);
        *ebx = threads;
        *ecx |= CPUID_TOPOLOGY_LEVEL_SMT;
        break;
    case 1:
        *eax = v2 ? apicid_die_offset(&topo) : apicid_pkg_offset(&topo);
        *ebx = cores * threads;
        *ecx |= CPUID_TOPOLOGY_LEVEL_CORE;
        break;
    case 2:
        if (v2) {
            *eax = apicid_pkg_offset(&topo);
            *ebx = topo.dies_per_pkg * cores * threads;
            *ecx |= CPUID_TOPOLOGY_LEVEL_DIE;
            break;
        }
        /* fall through */
    default:
        *eax = 0;
        *ebx = 0;
        *ecx |= CPUID_TOPOLOGY_LEVEL_INVALID;
        break;
    }
    /* EBX[15:0] only: the count is informational (SDM). */
    *ebx &= 0xffff;
}

static void cpuid_xsave(X86CPU *cpu, uint32_t count, uint32_t *eax,
                        uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    CPUX86State *env = &cpu->env;
    uint64_t xcr0 = x86_cpu_xsave_xcr0_components(cpu);
    uint64_t xss = x86_cpu_xsave_xss_components(cpu);

    if (!(env->features[FEAT_1_ECX] & CPUID_EXT_XSAVE)) {
        return;
    }
    if (count == 0) {
        *eax = env->features[FEAT_XSAVE_XCR0_LO];
        *edx = env->features[FEAT_XSAVE_XCR0_HI];
        /* EBX: size for the components enabled in XCR0 right now. */
        *ebx = xsave_area_size(env->xcr0 & xcr0, false);
        *ecx = xsave_area_size(xcr0, false);
    } else if (count == 1) {
        *eax = env->features[FEAT_XSAVE];
        *ebx = xsave_area_size(xcr0 | xss, true);
        *ecx = env->features[FEAT_XSAVE_XSS_LO];
        *edx = env->features[FEAT_XSAVE_XSS_HI];
    } else if (count < G_N_ELEMENTS(x86_ext_save_areas)) {
        const X86XSaveArea *esa = &x86_ext_save_areas[count];

        if (xcr0 & (1ULL << count)) {
            *eax = esa->size;
            *ebx = esa->offset;
            *ecx = esa->aligned ? 1U << 1 : 0;
        } else if (xss & (1ULL << count)) {
            *eax = esa->size;
            *ebx = 0;
            *ecx = 1U << 0 | (esa->aligned ? 1U << 1 : 0);
        }
    }
}

static uint32_t cpu_x86_virtual_addr_width(CPUX86State *env)
{
    return (env->features[FEAT_7_0_ECX] & CPUID_7_0_ECX_LA57) ? 57 : 48;
}

void cpu_x86_cpuid(CPUX86State *env, uint32_t index, uint32_t count,
                   uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    X86CPU *cpu = env_archcpu(env);
    X86CPUTopoInfo topo;
    unsigned threads_per_pkg;
    uint32_t limit;

    x86_cpu_topo_info(cpu, &topo);
    /* Logical processors per package as QEMU counts them (not dies). */
    threads_per_pkg = topo.cores_per_die * topo.threads_per_core;

    /*
     * SDM vol. 2A, CPUID: "If a value entered for CPUID.EAX is higher
     * than the maximum input value for basic or extended function for
     * that processor then the data for the highest basic information
     * leaf is returned."
     */
    if (index >= 0xC0000000) {
        limit = env->cpuid_xlevel2;
    } else if (index >= 0x80000000) {
        limit = env->cpuid_xlevel;
    } else if (index >= 0x40000000) {
        limit = 0x40000001;
    } else {
        limit = env->cpuid_level;
    }
    if (index > limit) {
        index = env->cpuid_level;
    }

    *eax = *ebx = *ecx = *edx = 0;
    switch (index) {
    case 0:
        *eax = env->cpuid_level;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 1:
        *eax = env->cpuid_version;
        /* EBX: initial APIC ID, CLFLUSH line size in 8-byte units. */
        *ebx = (cpu->apic_id << 24) | (8 << 8);
        *ecx = env->features[FEAT_1_ECX];
        if ((*ecx & CPUID_EXT_XSAVE) && (env->cr[4] & CR4_OSXSAVE_MASK)) {
            *ecx |= CPUID_EXT_OSXSAVE;
        }
        *edx = env->features[FEAT_1_EDX];
        if (threads_per_pkg > 1) {
            *ebx |= threads_per_pkg << 16;
            *edx |= CPUID_HT;
        }
        /* Without a PMU there is no IA32_PERF_CAPABILITIES to point to. */
        if (!cpu->enable_pmu) {
            *ecx &= ~CPUID_EXT_PDCM;
        }
        break;
    case 2:
        if (cpu->vendor_cpuid_only && x86_cpu_is_amd(env)) {
            break;
        }
        /* One iteration; AL = 1 (SDM vol. 2A, CPUID leaf 2). */
        *eax = 1;
        *ecx = cpu->enable_l3_cache
                   ? cpuid2_cache_descriptor(env->cache_info_cpuid2.l3_cache)
                   : 0;
        *edx =
            (cpuid2_cache_descriptor(env->cache_info_cpuid2.l1d_cache) << 16) |
            (cpuid2_cache_descriptor(env->cache_info_cpuid2.l1i_cache) << 8) |
            cpuid2_cache_descriptor(env->cache_info_cpuid2.l2_cache);
        break;
    case 4:
        if (cpu->vendor_cpuid_only && x86_cpu_is_amd(env)) {
            break;
        }
        switch (count) {
        case 0:
            encode_cache_cpuid4(env->cache_info_cpuid4.l1d_cache, 1,
                                topo.cores_per_die, eax, ebx, ecx, edx);
            break;
        case 1:
            encode_cache_cpuid4(env->cache_info_cpuid4.l1i_cache, 1,
                                topo.cores_per_die, eax, ebx, ecx, edx);
            break;
        case 2:
            encode_cache_cpuid4(env->cache_info_cpuid4.l2_cache,
                                topo.threads_per_core, topo.cores_per_die, eax,
                                ebx, ecx, edx);
            break;
        case 3:
            if (cpu->enable_l3_cache) {
                encode_cache_cpuid4(env->cache_info_cpuid4.l3_cache,
                                    1u << apicid_die_offset(&topo),
                                    topo.cores_per_die, eax, ebx, ecx, edx);
            }
            break;
        default:
            break;
        }
        break;
    case 5:
        *eax = env->mwait_eax;
        *ebx = env->mwait_ebx;
        *ecx = env->mwait_ecx;
        *edx = env->mwait_edx;
        break;
    case 6:
        *eax = env->features[FEAT_6_EAX];
        break;
    case 7:
        if (count == 0) {
            *eax = env->cpuid_level_func7;
            *ebx = env->features[FEAT_7_0_EBX];
            *ecx = env->features[FEAT_7_0_ECX];
            if ((*ecx & CPUID_7_0_ECX_PKU) && (env->cr[4] & CR4_PKE_MASK)) {
                *ecx |= CPUID_7_0_ECX_OSPKE;
            }
            *edx = env->features[FEAT_7_0_EDX];
        } else if (count == 1) {
            *eax = env->features[FEAT_7_1_EAX];
        }
        break;
    case 0xB:
        if (cpu->enable_cpuid_0xb) {
            cpuid_extended_topology(cpu, count, false, eax, ebx, ecx, edx);
        }
        break;
    case 0xD:
        cpuid_xsave(cpu, count, eax, ebx, ecx, edx);
        break;
    case 0x1D:
        /* AMX palette 1 (SDM vol. 2A, CPUID leaf 1DH). */
        if (env->features[FEAT_7_0_EDX] & CPUID_7_0_EDX_AMX_TILE) {
            if (count == 0) {
                *eax = 1; /* highest palette */
            } else if (count == 1) {
                *eax = 8192 | (1024 << 16); /* total, per-tile bytes */
                *ebx = 64 | (8 << 16);      /* bytes per row, tiles */
                *ecx = 16;                  /* rows */
            }
        }
        break;
    case 0x1E:
        if ((env->features[FEAT_7_0_EDX] & CPUID_7_0_EDX_AMX_TILE) &&
            count == 0) {
            *ebx = 16 | (64 << 8); /* TMUL max K and N */
        }
        break;
    case 0x1F:
        if (env->nr_dies >= 2) {
            cpuid_extended_topology(cpu, count, true, eax, ebx, ecx, edx);
        }
        break;
    case 0x40000000:
        if (env->cpuid_hv_level) {
            uint32_t sig[3] = {0};

            memcpy(sig, env->cpuid_hv_vendor,
                   MIN(strlen(env->cpuid_hv_vendor), sizeof(sig)));
            *eax = env->cpuid_hv_level;
            *ebx = GUINT32_FROM_LE(sig[0]);
            *ecx = GUINT32_FROM_LE(sig[1]);
            *edx = GUINT32_FROM_LE(sig[2]);
        }
        break;
    case 0x40000001:
        if (env->cpuid_hv_level >= 0x40000001) {
            *eax = env->features[FEAT_KVM];
            *edx = env->features[FEAT_KVM_HINTS];
        }
        break;
    case 0x80000000:
        *eax = env->cpuid_xlevel;
        *ebx = env->cpuid_vendor1;
        *edx = env->cpuid_vendor2;
        *ecx = env->cpuid_vendor3;
        break;
    case 0x80000001:
        *eax = env->cpuid_version;
        *ecx = env->features[FEAT_8000_0001_ECX];
        *edx = env->features[FEAT_8000_0001_EDX];
        /*
         * CmpLegacy (AMD APM vol. 3, E.4.2) for multi-threaded non-Intel
         * packages; Linux ignores the thread count on Intel if it is set.
         */
        if (threads_per_pkg > 1 && !x86_cpu_is_intel(env)) {
            *ecx |= CPUID_EXT3_CMP_LEG;
        }
        break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
        *eax = env->cpuid_model[(index - 0x80000002) * 4 + 0];
        *ebx = env->cpuid_model[(index - 0x80000002) * 4 + 1];
        *ecx = env->cpuid_model[(index - 0x80000002) * 4 + 2];
        *edx = env->cpuid_model[(index - 0x80000002) * 4 + 3];
        break;
    case 0x80000005:
        *eax = (L1_TLB_ASSOC << 24) | (L1_TLB_ENTRIES << 16) |
               (L1_TLB_ASSOC << 8) | L1_TLB_ENTRIES;
        *ebx = *eax;
        *ecx = encode_cache_cpuid80000005(env->cache_info_amd.l1d_cache);
        *edx = encode_cache_cpuid80000005(env->cache_info_amd.l1i_cache);
        break;
    case 0x80000006:
        *ebx = (amd_enc_assoc(L2_TLB_4K_ASSOC) << 28) |
               (L2_TLB_4K_ENTRIES << 16) |
               (amd_enc_assoc(L2_TLB_4K_ASSOC) << 12) | L2_TLB_4K_ENTRIES;
        encode_cache_cpuid80000006(
            env->cache_info_amd.l2_cache,
            cpu->enable_l3_cache ? env->cache_info_amd.l3_cache : NULL, ecx,
            edx);
        break;
    case 0x80000007:
        *edx = env->features[FEAT_8000_0007_EDX];
        break;
    case 0x80000008:
        /* Physical and linear address widths. */
        *eax = cpu->phys_bits;
        if (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_LM) {
            *eax |= cpu_x86_virtual_addr_width(env) << 8;
        }
        *ebx = env->features[FEAT_8000_0008_EBX];
        /* ECX: APIC ID bits for the package, threads per package - 1. */
        if (threads_per_pkg > 1) {
            *ecx = (apicid_pkg_offset(&topo) << 12) | (threads_per_pkg - 1);
        }
        break;
    case 0x8000000A:
        if (env->features[FEAT_8000_0001_ECX] & CPUID_EXT3_SVM) {
            *eax = 1;    /* SVM revision */
            *ebx = 0x10; /* number of ASIDs */
            *edx = env->features[FEAT_SVM];
        }
        break;
    case 0x8000001D:
        switch (count) {
        case 0:
            encode_cache_cpuid8000001d(env->cache_info_amd.l1d_cache, &topo,
                                       eax, ebx, ecx, edx);
            break;
        case 1:
            encode_cache_cpuid8000001d(env->cache_info_amd.l1i_cache, &topo,
                                       eax, ebx, ecx, edx);
            break;
        case 2:
            encode_cache_cpuid8000001d(env->cache_info_amd.l2_cache, &topo, eax,
                                       ebx, ecx, edx);
            break;
        case 3:
            encode_cache_cpuid8000001d(env->cache_info_amd.l3_cache, &topo, eax,
                                       ebx, ecx, edx);
            break;
        default:
            break;
        }
        break;
    case 0x8000001E:
        /* AMD APM vol. 3, E.4.16: extended APIC ID, core and node ids. */
        if (cpu->core_id <= 255) {
            X86CPUTopoIDs ids;

            x86_topo_ids_from_apicid(cpu->apic_id, &topo, &ids);
            *eax = cpu->apic_id;
            *ebx = ((topo.threads_per_core - 1) << 8) | (ids.core_id & 0xff);
            *ecx = ((topo.dies_per_pkg - 1) << 8) |
                   ((cpu->apic_id >> apicid_die_offset(&topo)) & 0xff);
        }
        break;
    case 0xC0000000:
        *eax = env->cpuid_xlevel2;
        break;
    case 0xC0000001:
        *eax = env->cpuid_version;
        *edx = env->features[FEAT_C000_0001_EDX];
        break;
    default:
        /*
         * Unimplemented leaves read as zero: the PMU leaf 0AH (no PMU
         * is emulated without an accelerator that provides one), SGX
         * (12H), Intel PT (14H), SEV (8000_001F).
         */
        break;
    }
}
