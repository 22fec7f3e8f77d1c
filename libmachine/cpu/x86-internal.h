/*
 * Private to libmachine/cpu: the x86 model table and the helpers the
 * x86 CPU files share.
 */
#ifndef LIBMACHINE_CPU_X86_INTERNAL_H
#define LIBMACHINE_CPU_X86_INTERNAL_H

#include "machine/x86-cpu.h"

#define CPUID_VENDOR_SZ 12
#define CPUID_VENDOR_INTEL "GenuineIntel"
#define CPUID_VENDOR_AMD "AuthenticAMD"
#define CPUID_VENDOR_HYGON "HygonGenuine"

/* The model-id of "max" (and "host" without an accelerator), QEMU's. */
#define X86_CPU_MAX_MODEL_ID "QEMU TCG CPU version 2.5+"

/* Resolved through x86_cpu_set_default_version(). */
#define CPU_VERSION_AUTO -2

/*
 * One version of a model: what changes from the previous version (a
 * space-separated list of "property=value", features or family/model/
 * stepping), an optional new model-id, the alias type it also gets
 * ("Haswell-noTSX") and the note -cpu help shows.
 */
typedef struct X86CPUVersionDef {
    int version;
    const char *alias;
    const char *note;
    const char *props;
    const char *model_id;
} X86CPUVersionDef;

/*
 * A CPU model as defined by QEMU 7.2 (its -cpu help and
 * query-cpu-model-expansion): features as a space-separated list of
 * feature names, grouped by feature word.  Every model also gets the
 * "hypervisor" bit (QEMU sets it for all models but "base").
 */
typedef struct X86CPUModelDef {
    const char *name;
    const char *vendor;
    int family;
    int model;
    int stepping;
    uint32_t level;
    uint32_t xlevel;
    uint32_t xlevel2;
    const char *model_id;
    const char *features;
    /* The model's own caches; NULL: QEMU's legacy cache values. */
    const X86CPUCaches *cache_info;
    /* Terminated by version 0; NULL means a single version 1. */
    const X86CPUVersionDef *versions;
} X86CPUModelDef;

/* A registered QOM type's view of a model definition. */
struct X86CPUModel {
    const X86CPUModelDef *cpudef;
    /* A version number, or CPU_VERSION_AUTO for the unversioned name. */
    int version;
    const char *note;
    /* Listed as "(alias ...)" in -cpu help. */
    bool is_alias;
};

extern const X86CPUModelDef x86_cpu_model_defs[];
extern const size_t x86_cpu_model_defs_count;

/* QEMU's legacy caches: CPUID 2, CPUID 4 and AMD 8000_0005/6 views. */
extern const X86CPUCaches legacy_cpuid2_caches;
extern const X86CPUCaches legacy_cpuid4_caches;
extern const X86CPUCaches legacy_amd_caches;

/* ---- x86-features.c ---- */

/* Property name aliases (QEMU's and /proc/cpuinfo's), NULL-terminated. */
typedef struct X86FeatureAlias {
    const char *alias;
    const char *name;
} X86FeatureAlias;
extern const X86FeatureAlias x86_feature_aliases[];

/*
 * Names accepted for compatibility with older QEMU command lines whose
 * bits the processor computes itself (osxsave mirrors CR4.OSXSAVE,
 * ospke CR4.PKE): setting them has no effect.
 */
extern const char *const x86_dynamic_feature_names[];

/*
 * Clear the features whose prerequisites are off (Intel SDM: e.g. the
 * VMX capability MSRs only exist with VMX, XSAVEOPT needs XSAVE); warn
 * about the ones the user asked for.
 */
void x86_cpu_apply_feature_dependencies(X86CPU *cpu);

/*
 * Record mask of word w as unavailable: cleared (unless
 * x-force-features), kept in filtered_features, and with a prefix, one
 * warning per bit: "<prefix>: CPUID.01H:ECX.x2apic [bit 21]".
 */
void x86_cpu_mark_unavailable(X86CPU *cpu, FeatureWord w, uint64_t mask,
                              const char *prefix);

/* Number of bits of word w (64 for MSR words, else 32). */
int x86_feature_word_bits(FeatureWord w);

/* Every flag name of every word, sorted, with QEMU's duplicates. */
GPtrArray *x86_feature_names_sorted(void);

/* Set the features of a space-separated name list (asserts on typos). */
void x86_features_from_names(FeatureWordArray f, const char *names);

/* ---- x86-cpuid.c ---- */

/* The XSAVE components: size, standard-format offset, enabling feature. */
typedef struct X86XSaveArea {
    FeatureWord feature;
    uint64_t bits;
    uint32_t offset;
    uint32_t size;
    bool supervisor;
    bool aligned;
} X86XSaveArea;
extern const X86XSaveArea x86_ext_save_areas[XSTATE_XTILE_DATA_BIT + 1];

/* Fill FEAT_XSAVE_XCR0_* / XSS_* from the enabled features. */
void x86_cpu_enable_xsave_components(X86CPU *cpu);

/* ---- x86-host.c ---- */

/* Run CPUID on the host; false on hosts that are not x86. */
bool host_cpuid(uint32_t function, uint32_t count, uint32_t *eax, uint32_t *ebx,
                uint32_t *ecx, uint32_t *edx);

/* ---- x86-state.c ---- */

/* Power-on state (Intel SDM vol. 3A, 9.1.1); the device's reset. */
void x86_cpu_reset_hold(DeviceState *dev);
/* CPUClass.dump_state. */
void x86_cpu_dump_state(CPUState *cs, GString *buf, int flags);

/* ---- x86-cpu.c ---- */

/* The vendor string of the words of CPUID[0] (13 bytes with the NUL). */
void x86_cpu_vendor_words2str(char *dst, uint32_t vendor1, uint32_t vendor2,
                              uint32_t vendor3);

#endif /* LIBMACHINE_CPU_X86_INTERNAL_H */
