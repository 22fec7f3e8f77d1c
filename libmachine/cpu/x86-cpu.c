/*
 * The x86 CPU models as QOM types: TYPE_X86_CPU ("x86_64-cpu"), one
 * subclass per model and version, "host", "max" and "base"; their
 * properties (one bool per CPUID feature); -cpu feature parsing; and
 * realize, which turns the requested model into the final feature set.
 *
 * The order of events for one CPU follows QEMU 7.2:
 *   instance_init    model loaded: vendor, signature, levels, features
 *   post_init        accelerator defaults, then -global / -cpu feat=on|off
 *   (board)          apic-id, topology, other properties
 *   realize          +feat, then -feat; dependencies; CPUID levels raised
 *                    for the enabled features; XSAVE components; features
 *                    the accelerator cannot provide filtered out (warned
 *                    about, or an error with enforce=on); reset.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "machine/loader.h"
#include "machine/qdev-properties.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "x86-internal.h"

#define UNASSIGNED_APIC_ID 0xFFFFFFFFu
/* Physical address width limits (QEMU's x86_64 target). */
#define TARGET_PHYS_ADDR_SPACE_BITS 52
#define TCG_PHYS_ADDR_BITS 40
/* MCG_CAP (Intel SDM vol. 3B, 15.3.1.1): MCG_CTL present, software
 * error recovery, local MCE. */
#define MCG_CTL_P (1ULL << 8)
#define MCG_SER_P (1ULL << 24)
#define MCG_LMCE_P (1ULL << 27)
/* CPUID[5].ECX defaults: EMX and IBE. */
#define CPUID_MWAIT_DEFAULT 0x3

static const X86CPUAccelOps *accel_ops;
static int default_cpu_version = 1;
/* -cpu +feat / -feat, applied at realize to every x86 CPU (as QEMU). */
static GPtrArray *plus_features;
static GPtrArray *minus_features;

X86CPU *env_archcpu(CPUX86State *env)
{
    return (X86CPU *)((char *)env - offsetof(X86CPU, env));
}

void x86_cpu_set_accel_ops(const X86CPUAccelOps *ops)
{
    accel_ops = ops;
}

const X86CPUAccelOps *x86_cpu_get_accel_ops(void)
{
    return accel_ops;
}

void x86_cpu_set_default_version(int version)
{
    g_assert(version >= CPU_VERSION_LATEST);
    default_cpu_version = version;
}

void x86_cpu_clear_plus_minus_features(void)
{
    if (plus_features) {
        g_ptr_array_free(plus_features, true);
        plus_features = NULL;
    }
    if (minus_features) {
        g_ptr_array_free(minus_features, true);
        minus_features = NULL;
    }
}

/* ---- Vendor ---- */

static uint32_t vendor_word(const char *s)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
           (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

void x86_cpu_vendor_words2str(char *dst, uint32_t vendor1, uint32_t vendor2,
                              uint32_t vendor3)
{
    int i;

    for (i = 0; i < 4; i++) {
        dst[i] = vendor1 >> (8 * i);
        dst[i + 4] = vendor2 >> (8 * i);
        dst[i + 8] = vendor3 >> (8 * i);
    }
    dst[CPUID_VENDOR_SZ] = '\0';
}

static bool vendor_is(const CPUX86State *env, const char *vendor)
{
    return env->cpuid_vendor1 == vendor_word(vendor) &&
           env->cpuid_vendor2 == vendor_word(vendor + 4) &&
           env->cpuid_vendor3 == vendor_word(vendor + 8);
}

bool x86_cpu_is_intel(const CPUX86State *env)
{
    return vendor_is(env, CPUID_VENDOR_INTEL);
}

bool x86_cpu_is_amd(const CPUX86State *env)
{
    return vendor_is(env, CPUID_VENDOR_AMD);
}

static void set_vendor(CPUX86State *env, const char *vendor)
{
    char buf[CPUID_VENDOR_SZ + 1] = {0};

    strncpy(buf, vendor, CPUID_VENDOR_SZ);
    /* CPUID[0]: EBX, EDX, ECX hold bytes 0-3, 4-7, 8-11. */
    env->cpuid_vendor1 = vendor_word(buf);
    env->cpuid_vendor2 = vendor_word(buf + 4);
    env->cpuid_vendor3 = vendor_word(buf + 8);
}

/* ---- Signature (CPUID[1].EAX, Intel SDM vol. 2A, figure 3-6) ---- */

static void set_family(CPUX86State *env, int64_t value)
{
    /* Family 15 and up use the extended family field: 0xF + ext. */
    env->cpuid_version &= ~0xff00f00u;
    if (value > 0x0f) {
        env->cpuid_version |= 0xf00 | ((value - 0x0f) << 20);
    } else {
        env->cpuid_version |= value << 8;
    }
}

static int64_t get_family(const CPUX86State *env)
{
    int64_t value = (env->cpuid_version >> 8) & 0xf;

    if (value == 0xf) {
        value += (env->cpuid_version >> 20) & 0xff;
    }
    return value;
}

static void set_model(CPUX86State *env, int64_t value)
{
    /* Low nibble in bits 7:4, high nibble in the extended model 19:16. */
    env->cpuid_version &= ~0xf00f0u;
    env->cpuid_version |= ((value & 0xf) << 4) | ((value >> 4) << 16);
}

static int64_t get_model(const CPUX86State *env)
{
    return ((env->cpuid_version >> 4) & 0xf) |
           ((env->cpuid_version >> 12) & 0xf0);
}

static void set_stepping(CPUX86State *env, int64_t value)
{
    env->cpuid_version &= ~0xfu;
    env->cpuid_version |= value;
}

static void set_model_id(CPUX86State *env, const char *model_id)
{
    size_t len = strlen(model_id);
    int i;

    /* 48 bytes, NUL-padded; longer strings are cut (as QEMU does). */
    memset(env->cpuid_model, 0, sizeof(env->cpuid_model));
    for (i = 0; i < 48 && (size_t)i < len; i++) {
        env->cpuid_model[i >> 2] |= (uint32_t)(uint8_t)model_id[i]
                                    << (8 * (i & 3));
    }
}

static char *get_model_id(const CPUX86State *env)
{
    char *s = g_malloc0(49);
    int i;

    for (i = 0; i < 48; i++) {
        s[i] = env->cpuid_model[i >> 2] >> (8 * (i & 3));
    }
    return s;
}

/* ---- Properties ---- */

static bool refuse_if_realized(Object *obj, const char *name, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_prop_set_after_realize(dev, name, errp);
        return true;
    }
    return false;
}

/* QEMU's QERR_PROPERTY_VALUE_OUT_OF_RANGE, with an empty type name. */
static bool check_range(const char *name, int64_t value, int64_t min,
                        int64_t max, Error **errp)
{
    if (value < min || value > max) {
        error_setg(errp,
                   "Property .%s doesn't take value %" PRId64
                   " (minimum: %" PRId64 ", maximum: %" PRId64 ")",
                   name, value, min, max);
        return false;
    }
    return true;
}

static void prop_get_family(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    int64_t value = get_family(&X86_CPU(obj)->env);

    visit_type_int(v, name, &value, errp);
}

static void prop_set_family(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    int64_t value;

    if (refuse_if_realized(obj, name, errp) ||
        !visit_type_int(v, name, &value, errp) ||
        !check_range(name, value, 0, 0xff + 0xf, errp)) {
        return;
    }
    set_family(&X86_CPU(obj)->env, value);
}

static void prop_get_model(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    int64_t value = get_model(&X86_CPU(obj)->env);

    visit_type_int(v, name, &value, errp);
}

static void prop_set_model(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    int64_t value;

    if (refuse_if_realized(obj, name, errp) ||
        !visit_type_int(v, name, &value, errp) ||
        !check_range(name, value, 0, 0xff, errp)) {
        return;
    }
    set_model(&X86_CPU(obj)->env, value);
}

static void prop_get_stepping(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    int64_t value = X86_CPU(obj)->env.cpuid_version & 0xf;

    visit_type_int(v, name, &value, errp);
}

static void prop_set_stepping(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    int64_t value;

    if (refuse_if_realized(obj, name, errp) ||
        !visit_type_int(v, name, &value, errp) ||
        !check_range(name, value, 0, 0xf, errp)) {
        return;
    }
    set_stepping(&X86_CPU(obj)->env, value);
}

static void prop_get_tsc_freq(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    int64_t value = X86_CPU(obj)->env.tsc_khz * 1000;

    visit_type_int(v, name, &value, errp);
}

static void prop_set_tsc_freq(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    X86CPU *cpu = X86_CPU(obj);
    int64_t value;

    if (refuse_if_realized(obj, name, errp) ||
        !visit_type_int(v, name, &value, errp) ||
        !check_range(name, value, 0, INT64_MAX, errp)) {
        return;
    }
    cpu->env.tsc_khz = cpu->env.user_tsc_khz = value / 1000;
}

static char *prop_get_vendor(Object *obj, Error **errp)
{
    CPUX86State *env = &X86_CPU(obj)->env;
    char *s = g_malloc(CPUID_VENDOR_SZ + 1);

    x86_cpu_vendor_words2str(s, env->cpuid_vendor1, env->cpuid_vendor2,
                             env->cpuid_vendor3);
    return s;
}

static void prop_set_vendor(Object *obj, const char *value, Error **errp)
{
    if (refuse_if_realized(obj, "vendor", errp)) {
        return;
    }
    /* CPUID[0] holds exactly twelve characters. */
    if (strlen(value) != CPUID_VENDOR_SZ) {
        error_setg(errp, "Property '.vendor' doesn't take value '%s'", value);
        return;
    }
    set_vendor(&X86_CPU(obj)->env, value);
}

static char *prop_get_model_id(Object *obj, Error **errp)
{
    return get_model_id(&X86_CPU(obj)->env);
}

static void prop_set_model_id(Object *obj, const char *value, Error **errp)
{
    if (refuse_if_realized(obj, "model-id", errp)) {
        return;
    }
    set_model_id(&X86_CPU(obj)->env, value ? value : "");
}

/* A CPUID feature as a bool property: its bit(s) in one word. */
typedef struct BitProperty {
    FeatureWord w;
    uint64_t mask;
} BitProperty;

static void prop_get_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    X86CPU *cpu = X86_CPU(obj);
    BitProperty *fp = opaque;
    bool value = (cpu->env.features[fp->w] & fp->mask) == fp->mask;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    X86CPU *cpu = X86_CPU(obj);
    BitProperty *fp = opaque;
    bool value;

    if (refuse_if_realized(obj, name, errp) ||
        !visit_type_bool(v, name, &value, errp)) {
        return;
    }
    if (value) {
        cpu->env.features[fp->w] |= fp->mask;
    } else {
        cpu->env.features[fp->w] &= ~fp->mask;
    }
    cpu->env.user_features[fp->w] |= fp->mask;
}

/* osxsave/ospke: read the live bit, accept and ignore writes. */
static void prop_get_dynamic(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    CPUX86State *env = &X86_CPU(obj)->env;
    bool value;

    if (!strcmp(name, "osxsave")) {
        value = (env->features[FEAT_1_ECX] & CPUID_EXT_XSAVE) &&
                (env->cr[4] & CR4_OSXSAVE_MASK);
    } else {
        value = (env->features[FEAT_7_0_ECX] & CPUID_7_0_ECX_PKU) &&
                (env->cr[4] & CR4_PKE_MASK);
    }
    visit_type_bool(v, name, &value, errp);
}

static void prop_set_dynamic(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    bool value;

    if (refuse_if_realized(obj, name, errp)) {
        return;
    }
    visit_type_bool(v, name, &value, errp);
}

static void x86_cpu_register_feature_props(ObjectClass *oc)
{
    const X86FeatureAlias *a;
    const char *const *dyn;
    int w, b;

    for (w = 0; w < FEATURE_WORDS; w++) {
        const FeatureWordInfo *fi = x86_feature_word_info(w);

        for (b = 0; b < x86_feature_word_bits(w); b++) {
            const char *name = fi->feat_names[b];
            ObjectProperty *op;
            BitProperty *fp;

            if (!name) {
                continue;
            }
            op = object_class_property_find(oc, name);
            if (op) {
                /* The same name twice: one property for both bits. */
                fp = op->opaque;
                g_assert(fp->w == (FeatureWord)w);
                fp->mask |= 1ULL << b;
                continue;
            }
            /* Class lifetime: the class (and fp) live until exit. */
            fp = g_new0(BitProperty, 1);
            fp->w = w;
            fp->mask = 1ULL << b;
            object_class_property_add(oc, name, "bool", prop_get_bit,
                                      prop_set_bit, NULL, fp);
        }
    }
    for (a = x86_feature_aliases; a->alias; a++) {
        ObjectProperty *op = object_class_property_find(oc, a->name);

        g_assert(op);
        object_class_property_add(oc, a->alias, "bool", prop_get_bit,
                                  prop_set_bit, NULL, op->opaque);
    }
    for (dyn = x86_dynamic_feature_names; *dyn; dyn++) {
        object_class_property_add(oc, *dyn, "bool", prop_get_dynamic,
                                  prop_set_dynamic, NULL, NULL);
    }
}

static Property x86_cpu_properties[] = {
    DEFINE_PROP_UINT32("apic-id", X86CPU, apic_id, UNASSIGNED_APIC_ID),
    DEFINE_PROP_INT32("thread-id", X86CPU, thread_id, -1),
    DEFINE_PROP_INT32("core-id", X86CPU, core_id, -1),
    DEFINE_PROP_INT32("die-id", X86CPU, die_id, -1),
    DEFINE_PROP_INT32("socket-id", X86CPU, socket_id, -1),
    DEFINE_PROP_INT32("node-id", X86CPU, node_id, -1),
    DEFINE_PROP_BOOL("pmu", X86CPU, enable_pmu, false),
    DEFINE_PROP_BOOL("check", X86CPU, check_cpuid, true),
    DEFINE_PROP_BOOL("enforce", X86CPU, enforce_cpuid, false),
    DEFINE_PROP_BOOL("x-force-features", X86CPU, force_features, false),
    DEFINE_PROP_BOOL("kvm", X86CPU, expose_kvm, true),
    DEFINE_PROP_BOOL("tcg-cpuid", X86CPU, expose_tcg, true),
    DEFINE_PROP_BOOL("migratable", X86CPU, migratable, true),
    DEFINE_PROP_UINT32("phys-bits", X86CPU, phys_bits, 0),
    DEFINE_PROP_BOOL("host-phys-bits", X86CPU, host_phys_bits, false),
    DEFINE_PROP_UINT8("host-phys-bits-limit", X86CPU, host_phys_bits_limit, 0),
    DEFINE_PROP_BOOL("fill-mtrr-mask", X86CPU, fill_mtrr_mask, true),
    DEFINE_PROP_UINT32("level-func7", X86CPU, env.cpuid_level_func7,
                       UINT32_MAX),
    DEFINE_PROP_UINT32("level", X86CPU, env.cpuid_level, UINT32_MAX),
    DEFINE_PROP_UINT32("xlevel", X86CPU, env.cpuid_xlevel, UINT32_MAX),
    DEFINE_PROP_UINT32("xlevel2", X86CPU, env.cpuid_xlevel2, UINT32_MAX),
    DEFINE_PROP_UINT32("min-level", X86CPU, env.cpuid_min_level, 0),
    DEFINE_PROP_UINT32("min-xlevel", X86CPU, env.cpuid_min_xlevel, 0),
    DEFINE_PROP_UINT32("min-xlevel2", X86CPU, env.cpuid_min_xlevel2, 0),
    DEFINE_PROP_UINT64("ucode-rev", X86CPU, env.ucode_rev, 0),
    DEFINE_PROP_BOOL("full-cpuid-auto-level", X86CPU, full_cpuid_auto_level,
                     true),
    DEFINE_PROP_BOOL("cpuid-0xb", X86CPU, enable_cpuid_0xb, true),
    DEFINE_PROP_BOOL("x-vendor-cpuid-only", X86CPU, vendor_cpuid_only, true),
    DEFINE_PROP_BOOL("lmce", X86CPU, enable_lmce, false),
    DEFINE_PROP_BOOL("l3-cache", X86CPU, enable_l3_cache, true),
    DEFINE_PROP_BOOL("legacy-cache", X86CPU, legacy_cache, true),
    DEFINE_PROP_BOOL("vmware-cpuid-freq", X86CPU, vmware_cpuid_freq, true),
    DEFINE_PROP_BOOL("host-cache-info", X86CPU, cache_info_passthrough, false),
    DEFINE_PROP_END_OF_LIST(),
};

/* ---- Models ---- */

/* Each model definition's features, parsed once from its name list. */
static FeatureWordArray *model_features;
static bool *model_features_parsed;

static const uint64_t *x86_cpu_def_features(const X86CPUModelDef *def)
{
    size_t i = def - x86_cpu_model_defs;

    g_assert(i < x86_cpu_model_defs_count);
    if (!model_features) {
        model_features = g_new0(FeatureWordArray, x86_cpu_model_defs_count);
        model_features_parsed = g_new0(bool, x86_cpu_model_defs_count);
    }
    if (!model_features_parsed[i]) {
        x86_features_from_names(model_features[i], def->features);
        model_features_parsed[i] = true;
    }
    return model_features[i];
}

static int x86_cpu_model_last_version(const X86CPUModelDef *def)
{
    const X86CPUVersionDef *v;
    int last = 1;

    for (v = def->versions; v && v->version; v++) {
        last = v->version;
    }
    return last;
}

static int x86_cpu_model_resolve_version(const X86CPUModel *model)
{
    int v = model->version;

    if (v == CPU_VERSION_AUTO) {
        v = default_cpu_version;
    }
    if (v == CPU_VERSION_LATEST) {
        return x86_cpu_model_last_version(model->cpudef);
    }
    return v;
}

static void x86_cpu_apply_props_string(X86CPU *cpu, const char *props)
{
    g_auto(GStrv) list = g_strsplit(props, " ", -1);
    char **p;

    for (p = list; *p; p++) {
        char *eq = strchr(*p, '=');

        if (!**p) {
            continue;
        }
        g_assert(eq);
        *eq = '\0';
        object_property_parse(OBJECT(cpu), *p, eq + 1, &error_abort);
    }
}

static void x86_cpu_load_model(X86CPU *cpu, const X86CPUModel *model)
{
    const X86CPUModelDef *def = model->cpudef;
    CPUX86State *env = &cpu->env;
    const X86CPUVersionDef *vdef;
    int version = x86_cpu_model_resolve_version(model);

    env->cpuid_min_level = def->level;
    env->cpuid_min_xlevel = def->xlevel;
    env->cpuid_min_xlevel2 = def->xlevel2;
    set_family(env, def->family);
    set_model(env, def->model);
    set_stepping(env, def->stepping);
    set_model_id(env, def->model_id);
    set_vendor(env, def->vendor);
    /* Models with caches of their own report them, not the legacy ones. */
    cpu->legacy_cache = !def->cache_info;
    memcpy(env->features, x86_cpu_def_features(def), sizeof(env->features));
    /* QEMU sets the hypervisor bit on every model (a guest is a guest). */
    env->features[FEAT_1_ECX] |= CPUID_EXT_HYPERVISOR;

    /* Versions are cumulative; the legacy version (0) applies none. */
    for (vdef = def->versions; vdef && vdef->version; vdef++) {
        if (vdef->version > version) {
            break;
        }
        if (vdef->props) {
            x86_cpu_apply_props_string(cpu, vdef->props);
        }
        if (vdef->model_id) {
            set_model_id(env, vdef->model_id);
        }
    }
    /* What the model and its versions set is not the user's request. */
    memset(env->user_features, 0, sizeof(env->user_features));
}

const char *x86_cpu_class_get_model_name(X86CPUClass *xcc)
{
    const char *name = object_class_get_name(OBJECT_CLASS(xcc));
    size_t len = strlen(name), slen = strlen(X86_CPU_TYPE_SUFFIX);

    if (len <= slen || strcmp(name + len - slen, X86_CPU_TYPE_SUFFIX)) {
        return NULL;
    }
    /* Type names are interned by QOM: cache the cut copy per class. */
    {
        static GHashTable *names;
        char *model;

        if (!names) {
            names = g_hash_table_new(g_direct_hash, g_direct_equal);
        }
        model = g_hash_table_lookup(names, xcc);
        if (!model) {
            model = g_strndup(name, len - slen);
            g_hash_table_insert(names, xcc, model);
        }
        return model;
    }
}

/* ---- Instance ---- */

static void x86_cpu_initfn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(obj);
    CPUX86State *env = &cpu->env;

    CPU(obj)->env_ptr = env;
    env->nr_dies = 1;
    env->mwait_ecx = CPUID_MWAIT_DEFAULT;
    env->exception_nr = -1;
    env->interrupt_injected = -1;
    if (xcc->model) {
        x86_cpu_load_model(cpu, xcc->model);
    }
}

/* After every instance_init, before -global: accelerator defaults. */
static void x86_cpu_post_initfn(Object *obj)
{
    CPUClass *cc = CPU_GET_CLASS(obj);

    if (cc->accel_cpu && cc->accel_cpu->cpu_instance_init) {
        cc->accel_cpu->cpu_instance_init(CPU(obj));
    }
}

static void x86_cpu_finalizefn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);

    g_free(cpu->env.xsave_buf);
    cpu->env.xsave_buf = NULL;
}

void x86_cpu_load_host_identity(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    uint32_t eax, ebx, ecx, edx, max;
    int i;

    if (!host_cpuid(0, 0, &max, &ebx, &ecx, &edx)) {
        return;
    }
    env->cpuid_vendor1 = ebx;
    env->cpuid_vendor2 = edx;
    env->cpuid_vendor3 = ecx;
    host_cpuid(1, 0, &eax, &ebx, &ecx, &edx);
    env->cpuid_version = eax;
    host_cpuid(0x80000000, 0, &max, &ebx, &ecx, &edx);
    if (max >= 0x80000004) {
        for (i = 0; i < 3; i++) {
            host_cpuid(0x80000002 + i, 0, &env->cpuid_model[i * 4],
                       &env->cpuid_model[i * 4 + 1],
                       &env->cpuid_model[i * 4 + 2],
                       &env->cpuid_model[i * 4 + 3]);
        }
    }
}

static void max_x86_cpu_initfn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    CPUX86State *env = &cpu->env;

    /*
     * The features are filled in at realize, once "migratable" is known.
     * Identity: QEMU's TCG "max" (an accelerator running on the host CPU
     * replaces it with the host's in its cpu_instance_init).
     */
    cpu->max_features = true;
    cpu->enable_pmu = true;
    set_vendor(env, CPUID_VENDOR_AMD);
    set_family(env, 15);
    set_model(env, 107);
    set_stepping(env, 1);
    set_model_id(env, X86_CPU_MAX_MODEL_ID);
}

static void host_x86_cpu_initfn(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    CPUX86State *env = &cpu->env;
    uint32_t eax, ebx, ecx, edx;

    /* Levels as the host reports them, raised for features at realize. */
    if (host_cpuid(0, 0, &eax, &ebx, &ecx, &edx)) {
        env->cpuid_min_level = eax;
        host_cpuid(0x80000000, 0, &eax, &ebx, &ecx, &edx);
        env->cpuid_min_xlevel = eax;
    }
    x86_cpu_load_host_identity(cpu);
    cpu->enable_lmce = true;
    cpu->cache_info_passthrough = true;
}

/* The features the accelerator can give the guest. */
static uint64_t x86_cpu_migratable_flags(FeatureWord w)
{
    const FeatureWordInfo *fi = x86_feature_word_info(w);
    uint64_t r = 0;
    int b;

    for (b = 0; b < x86_feature_word_bits(w); b++) {
        if (fi->feat_names[b]) {
            r |= 1ULL << b;
        }
    }
    /* Invariant TSC depends on the host: a guest cannot migrate with it. */
    if (w == FEAT_8000_0007_EDX) {
        r &= ~(uint64_t)CPUID_APM_INVTSC;
    }
    return r;
}

uint64_t x86_cpu_get_supported_feature_word(FeatureWord w, bool migratable_only)
{
    uint64_t r = ~0ULL;

    if (accel_ops && accel_ops->get_supported_feature_word) {
        r = accel_ops->get_supported_feature_word(w);
    }
    if (migratable_only) {
        r &= x86_cpu_migratable_flags(w);
    }
    if (!x86_feature_word_info(w)->is_msr) {
        r &= 0xffffffffULL;
    }
    return r;
}

bool x86_cpu_has_feature(X86CPU *cpu, const char *name)
{
    FeatureWord w;
    uint64_t mask;

    if (!x86_cpu_feature_lookup(name, &w, &mask)) {
        return false;
    }
    return (cpu->env.features[w] & mask) == mask;
}

static void x86_cpu_adjust_level(uint32_t *min, uint32_t value)
{
    if (*min < value) {
        *min = value;
    }
}

/* A word in use needs its CPUID leaf within the reported levels. */
static void x86_cpu_adjust_feat_level(X86CPU *cpu, FeatureWord w)
{
    CPUX86State *env = &cpu->env;
    const FeatureWordInfo *fi = x86_feature_word_info(w);
    uint32_t eax = fi->cpuid_eax;

    if (!env->features[w]) {
        return;
    }
    switch (eax & 0xF0000000) {
    case 0x00000000:
        x86_cpu_adjust_level(&env->cpuid_min_level, eax);
        break;
    case 0x80000000:
        x86_cpu_adjust_level(&env->cpuid_min_xlevel, eax);
        break;
    case 0xC0000000:
        x86_cpu_adjust_level(&env->cpuid_min_xlevel2, eax);
        break;
    default:
        break;
    }
    if (eax == 7) {
        x86_cpu_adjust_level(&env->cpuid_min_level_func7, fi->cpuid_ecx);
    }
}

static bool apply_plus_minus(X86CPU *cpu, GPtrArray *list, bool value,
                             Error **errp)
{
    guint i;

    for (i = 0; list && i < list->len; i++) {
        if (!object_property_set_bool(OBJECT(cpu), list->pdata[i], value,
                                      errp)) {
            return false;
        }
    }
    return true;
}

static bool x86_cpu_expand_features(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;
    bool kvm_features;
    int w;

    if (cpu->max_features) {
        for (w = 0; w < FEATURE_WORDS; w++) {
            uint64_t mask =
                x86_cpu_get_supported_feature_word(w, cpu->migratable);

            /* The KVM "realtime" hint is a promise only a user can make. */
            if (w == FEAT_KVM_HINTS) {
                mask &= ~1ULL;
            }
            /* Only what the user did not set explicitly. */
            env->features[w] |= mask & ~env->user_features[w];
        }
    }
    /* QEMU's order: all +feat, then all -feat (so -feat wins). */
    if (!apply_plus_minus(cpu, plus_features, true, errp) ||
        !apply_plus_minus(cpu, minus_features, false, errp)) {
        return false;
    }
    x86_cpu_apply_feature_dependencies(cpu);

    /* The KVM paravirtual leaf exists only under KVM, and only if asked. */
    kvm_features = accel_ops && accel_ops->uses_host_cpuid;
    if (!kvm_features || !cpu->expose_kvm) {
        env->features[FEAT_KVM] = 0;
    }

    x86_cpu_enable_xsave_components(cpu);

    /* Leaf 7 features raise the level even with auto-level off. */
    x86_cpu_adjust_feat_level(cpu, FEAT_7_0_EBX);
    if (cpu->full_cpuid_auto_level) {
        static const FeatureWord words[] = {
            FEAT_1_EDX,         FEAT_1_ECX,         FEAT_6_EAX,
            FEAT_7_0_ECX,       FEAT_7_1_EAX,       FEAT_8000_0001_EDX,
            FEAT_8000_0001_ECX, FEAT_8000_0007_EDX, FEAT_8000_0008_EBX,
            FEAT_C000_0001_EDX, FEAT_SVM,           FEAT_XSAVE,
        };
        size_t i;

        for (i = 0; i < G_N_ELEMENTS(words); i++) {
            x86_cpu_adjust_feat_level(cpu, words[i]);
        }
        /* Intel PT is described by leaf 14H, SGX by leaf 12H. */
        if (env->features[FEAT_7_0_EBX] & CPUID_7_0_EBX_INTEL_PT) {
            x86_cpu_adjust_level(&env->cpuid_min_level, 0x14);
        }
        if (env->features[FEAT_7_0_EBX] & CPUID_7_0_EBX_SGX) {
            x86_cpu_adjust_level(&env->cpuid_min_level, 0x12);
        }
        /*
         * Dies are enumerated by leaf 1FH (SDM vol. 2A); AMD models use
         * leaf 0BH and 8000_001E (unless the machine wants QEMU < 7.1).
         */
        if (env->nr_dies > 1 &&
            (x86_cpu_is_intel(env) || !cpu->vendor_cpuid_only)) {
            x86_cpu_adjust_level(&env->cpuid_min_level, 0x1F);
        }
        /* SVM is described by leaf 8000_000AH. */
        if (env->features[FEAT_8000_0001_ECX] & CPUID_EXT3_SVM) {
            x86_cpu_adjust_level(&env->cpuid_min_xlevel, 0x8000000A);
        }
    }
    if (env->cpuid_level_func7 == UINT32_MAX) {
        env->cpuid_level_func7 = env->cpuid_min_level_func7;
    }
    if (env->cpuid_level == UINT32_MAX) {
        env->cpuid_level = env->cpuid_min_level;
    }
    if (env->cpuid_xlevel == UINT32_MAX) {
        env->cpuid_xlevel = env->cpuid_min_xlevel;
    }
    if (env->cpuid_xlevel2 == UINT32_MAX) {
        env->cpuid_xlevel2 = env->cpuid_min_xlevel2;
    }
    return true;
}

static bool x86_cpu_filter_features(X86CPU *cpu, bool verbose)
{
    CPUX86State *env = &cpu->env;
    g_autofree char *prefix = NULL;
    bool filtered = false;
    int w;

    if (verbose) {
        prefix = g_strdup_printf("%s doesn't support requested feature",
                                 accel_ops && accel_ops->name ? accel_ops->name
                                                              : "accelerator");
    }
    for (w = 0; w < FEATURE_WORDS; w++) {
        uint64_t unavailable =
            env->features[w] & ~x86_cpu_get_supported_feature_word(w, false);

        if (unavailable) {
            x86_cpu_mark_unavailable(cpu, w, unavailable, prefix);
            filtered = true;
        }
    }
    return filtered;
}

static bool x86_cpu_check_phys_bits(X86CPU *cpu, Error **errp)
{
    CPUX86State *env = &cpu->env;

    if (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_LM) {
        if (cpu->phys_bits && (cpu->phys_bits > TARGET_PHYS_ADDR_SPACE_BITS ||
                               cpu->phys_bits < 32)) {
            error_setg(errp,
                       "phys-bits should be between 32 and %u  (but is %u)",
                       TARGET_PHYS_ADDR_SPACE_BITS, cpu->phys_bits);
            return false;
        }
        if (cpu->phys_bits == 0) {
            cpu->phys_bits = TCG_PHYS_ADDR_BITS;
        }
    } else {
        /* 32-bit CPUs: what the guest sees follows PSE-36 (QEMU). */
        if (cpu->phys_bits != 0) {
            error_setg(errp, "phys-bits is not user-configurable in 32 bit");
            return false;
        }
        cpu->phys_bits = (env->features[FEAT_1_EDX] & CPUID_PSE36) ? 36 : 32;
    }
    return true;
}

static void x86_cpu_mce_init(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    int i;

    /* Machine check architecture (Intel SDM vol. 3B, 15.3) from P6 on. */
    if (((env->cpuid_version >> 8) & 0xf) >= 6 &&
        (env->features[FEAT_1_EDX] & (CPUID_MCE | CPUID_MCA)) ==
            (CPUID_MCE | CPUID_MCA)) {
        env->mcg_cap = MCG_CTL_P | MCG_SER_P | MCE_BANKS_DEF |
                       (cpu->enable_lmce ? MCG_LMCE_P : 0);
        env->mcg_ctl = ~0ULL;
        for (i = 0; i < MCE_BANKS_DEF; i++) {
            env->mce_banks[i * 4] = ~0ULL;
        }
    }
}

static void x86_cpu_realizefn(DeviceState *dev, Error **errp)
{
    X86CPU *cpu = X86_CPU(dev);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(dev);
    CPUState *cs = CPU(dev);
    CPUX86State *env = &cpu->env;
    const char *model = x86_cpu_class_get_model_name(xcc);

    if (xcc->host_cpuid_required &&
        !(accel_ops && accel_ops->uses_host_cpuid)) {
        /* QEMU 7.2's text (emu has no HVF; KVM provides "host"). */
        error_setg(errp, "CPU model '%s' requires KVM or HVF", model);
        return;
    }
    if (cpu->apic_id == UNASSIGNED_APIC_ID) {
        error_setg(errp, "apic-id property was not initialized properly");
        return;
    }
    if (!x86_cpu_expand_features(cpu, errp)) {
        return;
    }
    if (x86_cpu_filter_features(cpu, cpu->check_cpuid || cpu->enforce_cpuid) &&
        cpu->enforce_cpuid) {
        error_setg(errp, "%s doesn't support requested features",
                   accel_ops && accel_ops->uses_host_cpuid ? "Host"
                   : accel_ops && accel_ops->name          ? accel_ops->name
                                                           : "The accelerator");
        return;
    }

    /* AMD repeats CPUID[1].EDX bits in 8000_0001.EDX (APM vol. 3, E.4.2). */
    if (x86_cpu_is_amd(env)) {
        env->features[FEAT_8000_0001_EDX] &= ~(uint64_t)CPUID_EXT2_AMD_ALIASES;
        env->features[FEAT_8000_0001_EDX] |=
            env->features[FEAT_1_EDX] & CPUID_EXT2_AMD_ALIASES;
    }
    if (!x86_cpu_check_phys_bits(cpu, errp)) {
        return;
    }

    if (!cpu->legacy_cache) {
        const X86CPUCaches *caches =
            xcc->model ? xcc->model->cpudef->cache_info : NULL;

        if (!caches) {
            error_setg(errp, "CPU model '%s' doesn't support legacy-cache=off",
                       model);
            return;
        }
        env->cache_info_cpuid2 = *caches;
        env->cache_info_cpuid4 = *caches;
        env->cache_info_amd = *caches;
    } else {
        env->cache_info_cpuid2 = legacy_cpuid2_caches;
        env->cache_info_cpuid4 = legacy_cpuid4_caches;
        env->cache_info_amd = legacy_amd_caches;
    }

    if (env->ucode_rev == 0) {
        /* Plausible microcode revisions (QEMU's), so guests see one. */
        env->ucode_rev = x86_cpu_is_amd(env) ? 0x01000065 : 0x100000000ULL;
    }
    x86_cpu_mce_init(cpu);

    /* The XSAVE image for accelerators (at least the 4 KiB of KVM's). */
    g_free(env->xsave_buf);
    env->xsave_buf_len =
        MAX(4096u, xsave_area_size(x86_cpu_xsave_xcr0_components(cpu) |
                                       x86_cpu_xsave_xss_components(cpu),
                                   false));
    env->xsave_buf = g_malloc0(env->xsave_buf_len);

    if (!cs->nr_cores) {
        cs->nr_cores = 1;
    }
    if (!cs->nr_threads) {
        cs->nr_threads = 1;
    }

    /* The CPU list and the accelerator's realize (TYPE_CPU). */
    {
        Error *local_err = NULL;

        CPU_CLASS(xcc)->parent_realize(dev, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            return;
        }
    }
    cpu_reset(cs);
}

void x86_cpu_set_topology(X86CPU *cpu, const X86CPUTopoInfo *topo)
{
    CPUState *cs = CPU(cpu);

    cs->nr_cores = MAX(topo->cores_per_die, 1u);
    cs->nr_threads = MAX(topo->threads_per_core, 1u);
    cpu->env.nr_dies = MAX(topo->dies_per_pkg, 1u);
}

/* ---- Class ---- */

static ObjectClass *x86_cpu_class_by_name(const char *cpu_model)
{
    g_autofree char *typename =
        g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX, cpu_model);
    ObjectClass *oc = object_class_by_name(typename);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_X86_CPU)) {
        return NULL;
    }
    return oc;
}

static bool list_has(GPtrArray *list, const char *name)
{
    guint i;

    for (i = 0; list && i < list->len; i++) {
        if (!strcmp(list->pdata[i], name)) {
            return true;
        }
    }
    return false;
}

static void list_append(GPtrArray **list, GPtrArray *more)
{
    guint i;

    if (!*list) {
        *list = g_ptr_array_new_with_free_func(g_free);
    }
    for (i = 0; i < more->len; i++) {
        g_ptr_array_add(*list, g_strdup(more->pdata[i]));
    }
}

/*
 * A number with an optional SI suffix (k, M, G, T: powers of 1000) and
 * an optional fraction ("2.5G"), as QEMU's tsc-freq takes it.
 */
static bool parse_metric(const char *s, uint64_t *result)
{
    char *end;
    double v;

    if (!g_ascii_isdigit(*s)) {
        return false;
    }
    v = g_ascii_strtod(s, &end);
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        v *= 1e3;
        break;
    case 'M':
        v *= 1e6;
        break;
    case 'G':
        v *= 1e9;
        break;
    case 'T':
        v *= 1e12;
        break;
    default:
        return false;
    }
    if (*end && end[1]) {
        return false;
    }
    if (v >= 18446744073709551616.0 || v != (double)(uint64_t)v) {
        return false;
    }
    *result = (uint64_t)v;
    return true;
}

/* QEMU's feat2prop: "lahf_lm" is the property "lahf-lm". */
static void feat2prop(char *s)
{
    for (; *s; s++) {
        if (*s == '_') {
            *s = '-';
        }
    }
}

/*
 * Check a feature=value pair as applying it would: on a scratch instance
 * of the model, with QEMU's "can't apply global" wording, so that a bad
 * -cpu is refused when parsed rather than when the CPU is created.
 */
static bool x86_cpu_check_global(const char *typename, const char *name,
                                 const char *value, Error **errp)
{
    Object *obj = object_new(typename);
    Error *err = NULL;

    if (!object_property_parse(obj, name, value, &err)) {
        error_prepend(&err, "can't apply global %s.%s=%s: ", typename, name,
                      value);
        error_propagate(errp, err);
        object_unref(obj);
        return false;
    }
    object_unref(obj);
    return true;
}

/*
 * -cpu MODEL,feat...: "feat=value" and a bare "feat" ("on") become
 * -global MODEL.feat=value defaults, applied in order at creation;
 * "+feat" and "-feat" are QEMU's legacy syntax, applied at realize after
 * all of them (+ first, then -).  QEMU warns when both styles name the
 * same feature.
 */
static bool x86_cpu_parse_featurestr(const char *typename, char *features,
                                     Error **errp)
{
    ObjectClass *oc = object_class_by_name(typename);
    /* Collected first, committed only if the whole string is good. */
    g_autoptr(GPtrArray) plus = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) minus = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) globals = g_ptr_array_new_with_free_func(g_free);
    bool ambiguous = false;
    char *saveptr = NULL;
    char *featurestr;
    guint i;

    for (featurestr = strtok_r(features, ",", &saveptr); featurestr;
         featurestr = strtok_r(NULL, ",", &saveptr)) {
        const char *name;
        const char *val;
        char *eq;
        char num[32];

        if (featurestr[0] == '+' || featurestr[0] == '-') {
            const char *feat = featurestr + 1;
            g_autofree char *dashed = g_strdup(feat);

            feat2prop(dashed);
            if (!object_class_property_find(oc, feat)) {
                if (!object_class_property_find(oc, dashed)) {
                    error_setg(errp, "Property '%s.%s' not found", typename,
                               feat);
                    return false;
                }
                feat = dashed;
            }
            g_ptr_array_add(featurestr[0] == '+' ? plus : minus,
                            g_strdup(feat));
            continue;
        }

        eq = strchr(featurestr, '=');
        if (eq) {
            *eq++ = '\0';
            val = eq;
        } else {
            val = "on";
        }
        feat2prop(featurestr);
        name = featurestr;

        if (list_has(plus, name) || list_has(plus_features, name)) {
            warn_report("Ambiguous CPU model string. "
                        "Don't mix both \"+%s\" and \"%s=%s\"",
                        name, name, val);
            ambiguous = true;
        }
        if (list_has(minus, name) || list_has(minus_features, name)) {
            warn_report("Ambiguous CPU model string. "
                        "Don't mix both \"-%s\" and \"%s=%s\"",
                        name, name, val);
            ambiguous = true;
        }

        /* tsc-freq takes SI suffixes (2.5G) and is tsc-frequency in Hz. */
        if (!strcmp(name, "tsc-freq")) {
            uint64_t hz;

            if (!parse_metric(val, &hz) || hz > INT64_MAX) {
                error_setg(errp, "bad numerical value %s", val);
                return false;
            }
            snprintf(num, sizeof(num), "%" PRIu64, hz);
            val = num;
            name = "tsc-frequency";
        }

        if (!x86_cpu_check_global(typename, name, val, errp)) {
            return false;
        }
        g_ptr_array_add(globals, g_strdup(name));
        g_ptr_array_add(globals, g_strdup(val));
    }
    if (ambiguous) {
        warn_report("Compatibility of ambiguous CPU model strings "
                    "won't be kept on future QEMU versions");
    }
    for (i = 0; i < globals->len; i += 2) {
        qdev_prop_register_global(typename, globals->pdata[i],
                                  globals->pdata[i + 1]);
    }
    list_append(&plus_features, plus);
    list_append(&minus_features, minus);
    return true;
}

static bool x86_cpu_has_work(CPUState *cs)
{
    /* Without an interrupt controller model: external events only. */
    return cs->interrupt_request &
           (CPU_INTERRUPT_HARD | CPU_INTERRUPT_POLL | CPU_INTERRUPT_NMI |
            CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI | CPU_INTERRUPT_MCE |
            CPU_INTERRUPT_SMI);
}

static int64_t x86_cpu_get_arch_id(CPUState *cs)
{
    return X86_CPU(cs)->apic_id;
}

static void x86_cpu_set_pc(CPUState *cs, vaddr value)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    /* EIP is relative to CS (outside 64-bit mode CS.base counts). */
    env->eip = value - env->segs[R_CS].base;
}

static vaddr x86_cpu_get_pc(CPUState *cs)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    return env->eip + env->segs[R_CS].base;
}

static bool x86_cpu_get_paging_enabled(CPUState *cs)
{
    return X86_CPU(cs)->env.cr[0] & CR0_PG_MASK;
}

static void x86_cpu_common_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);

    device_class_set_parent_realize(dc, x86_cpu_realizefn, &cc->parent_realize);
    device_class_set_parent_reset(dc, x86_cpu_reset_hold, &cc->parent_reset);
    device_class_set_props(dc, x86_cpu_properties);
    /*
     * As in QEMU, listed by -device help; plugging one needs the board's
     * topology checks, so without apic-id realize refuses it.
     */
    dc->user_creatable = true;

    cc->class_by_name = x86_cpu_class_by_name;
    cc->parse_features = x86_cpu_parse_featurestr;
    cc->has_work = x86_cpu_has_work;
    cc->get_arch_id = x86_cpu_get_arch_id;
    cc->set_pc = x86_cpu_set_pc;
    cc->get_pc = x86_cpu_get_pc;
    cc->get_paging_enabled = x86_cpu_get_paging_enabled;
    cc->dump_state = x86_cpu_dump_state;

    object_class_property_add(oc, "family", "int", prop_get_family,
                              prop_set_family, NULL, NULL);
    object_class_property_add(oc, "model", "int", prop_get_model,
                              prop_set_model, NULL, NULL);
    object_class_property_add(oc, "stepping", "int", prop_get_stepping,
                              prop_set_stepping, NULL, NULL);
    object_class_property_add(oc, "tsc-frequency", "int", prop_get_tsc_freq,
                              prop_set_tsc_freq, NULL, NULL);
    object_class_property_add_str(oc, "vendor", prop_get_vendor,
                                  prop_set_vendor);
    object_class_property_add_str(oc, "model-id", prop_get_model_id,
                                  prop_set_model_id);
    x86_cpu_register_feature_props(oc);
}

static void x86_cpu_model_class_init(ObjectClass *oc, void *data)
{
    X86_CPU_CLASS(oc)->model = data;
}

static void max_x86_cpu_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);

    xcc->ordering = 9;
    xcc->model_description =
        "Enables all features supported by the accelerator in the current "
        "host";
}

static void host_x86_cpu_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);

    xcc->host_cpuid_required = true;
    xcc->ordering = 8;
    /* Sic: QEMU's text ends with a space. */
    xcc->model_description = "processor with all supported host features ";
}

static void base_x86_cpu_class_init(ObjectClass *oc, void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);

    xcc->static_model = true;
    xcc->ordering = 8;
    xcc->model_description = "base CPU model type with no features enabled";
}

static const TypeInfo x86_cpu_base_types[] = {
    {
        .name = TYPE_X86_CPU,
        .parent = TYPE_CPU,
        .instance_size = sizeof(X86CPU),
        .instance_align = __alignof__(X86CPU),
        .instance_init = x86_cpu_initfn,
        .instance_post_init = x86_cpu_post_initfn,
        .instance_finalize = x86_cpu_finalizefn,
        .abstract = true,
        .class_size = sizeof(X86CPUClass),
        .class_init = x86_cpu_common_class_init,
    },
    {
        .name = X86_CPU_TYPE_NAME("max"),
        .parent = TYPE_X86_CPU,
        .instance_init = max_x86_cpu_initfn,
        .class_init = max_x86_cpu_class_init,
    },
    {
        .name = X86_CPU_TYPE_NAME("host"),
        .parent = X86_CPU_TYPE_NAME("max"),
        .instance_init = host_x86_cpu_initfn,
        .class_init = host_x86_cpu_class_init,
    },
    {
        .name = X86_CPU_TYPE_NAME("base"),
        .parent = TYPE_X86_CPU,
        .class_init = base_x86_cpu_class_init,
    },
};

static void x86_register_cpu_model_type(const char *name, X86CPUModel *model)
{
    g_autofree char *typename = g_strdup_printf("%s" X86_CPU_TYPE_SUFFIX, name);
    TypeInfo ti = {
        .name = typename,
        .parent = TYPE_X86_CPU,
        .class_init = x86_cpu_model_class_init,
        .class_data = model,
    };

    type_register(&ti);
}

static void x86_register_cpudef_types(const X86CPUModelDef *def)
{
    const X86CPUVersionDef *vdef;
    X86CPUModel *m;
    int nversions = 0;

    /* The unversioned name resolves through the machine's default. */
    m = g_new0(X86CPUModel, 1);
    m->cpudef = def;
    m->version = CPU_VERSION_AUTO;
    m->is_alias = true;
    x86_register_cpu_model_type(def->name, m);

    for (vdef = def->versions; vdef && vdef->version; vdef++) {
        g_autofree char *name =
            g_strdup_printf("%s-v%d", def->name, vdef->version);

        nversions++;
        m = g_new0(X86CPUModel, 1);
        m->cpudef = def;
        m->version = vdef->version;
        m->note = vdef->note;
        x86_register_cpu_model_type(name, m);
        if (vdef->alias) {
            m = g_new0(X86CPUModel, 1);
            m->cpudef = def;
            m->version = vdef->version;
            m->is_alias = true;
            x86_register_cpu_model_type(vdef->alias, m);
        }
    }
    if (!nversions) {
        g_autofree char *name = g_strdup_printf("%s-v1", def->name);

        m = g_new0(X86CPUModel, 1);
        m->cpudef = def;
        m->version = 1;
        x86_register_cpu_model_type(name, m);
    }
}

static void x86_cpu_register_types(void)
{
    size_t i;

    type_register_static_array(x86_cpu_base_types,
                               G_N_ELEMENTS(x86_cpu_base_types));
    for (i = 0; i < x86_cpu_model_defs_count; i++) {
        x86_register_cpudef_types(&x86_cpu_model_defs[i]);
    }
}

type_init(x86_cpu_register_types)

    /* ---- -cpu help ---- */

    static const char *x86_cpu_model_id_of(const X86CPUModel *m, int version)
{
    const char *id = m->cpudef->model_id;
    const X86CPUVersionDef *vdef;

    for (vdef = m->cpudef->versions; vdef && vdef->version; vdef++) {
        if (vdef->version > version) {
            break;
        }
        if (vdef->model_id) {
            id = vdef->model_id;
        }
    }
    return id;
}

static char *x86_cpu_class_description(X86CPUClass *xcc)
{
    const X86CPUModel *m = xcc->model;

    if (!m) {
        return g_strdup(xcc->model_description ? xcc->model_description : "");
    }
    if (m->is_alias) {
        if (m->version == CPU_VERSION_AUTO) {
            return g_strdup("(alias configured by machine type)");
        }
        return g_strdup_printf("(alias of %s-v%d)", m->cpudef->name,
                               m->version);
    }
    if (m->note) {
        return g_strdup_printf("%s [%s]", x86_cpu_model_id_of(m, m->version),
                               m->note);
    }
    return g_strdup(x86_cpu_model_id_of(m, m->version));
}

static gint x86_cpu_list_compare(gconstpointer a, gconstpointer b)
{
    X86CPUClass *cc_a = X86_CPU_CLASS(a);
    X86CPUClass *cc_b = X86_CPU_CLASS(b);

    if (cc_a->ordering != cc_b->ordering) {
        return cc_a->ordering - cc_b->ordering;
    }
    /* By model name: "Broadwell" before "Broadwell-IBRS". */
    return strcmp(x86_cpu_class_get_model_name(cc_a),
                  x86_cpu_class_get_model_name(cc_b));
}

char *x86_cpu_list_text(void)
{
    GString *s = g_string_new("Available CPUs:\n");
    GSList *list = object_class_get_list(TYPE_X86_CPU, false);
    GPtrArray *names;
    GSList *l;
    size_t len = 0;
    guint i;

    list = g_slist_sort(list, x86_cpu_list_compare);
    for (l = list; l; l = l->next) {
        X86CPUClass *xcc = X86_CPU_CLASS(l->data);
        g_autofree char *desc = x86_cpu_class_description(xcc);

        g_string_append_printf(s, "x86 %-20s  %s\n",
                               x86_cpu_class_get_model_name(xcc), desc);
    }
    g_slist_free(list);

    /* Flags wrapped so that no line exceeds 75 columns (QEMU's). */
    g_string_append(s, "\nRecognized CPUID flags:\n");
    names = x86_feature_names_sorted();
    for (i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];

        if (len && len + 1 + strlen(name) > 75) {
            g_string_append_c(s, '\n');
            len = 0;
        }
        g_string_append(s, len ? " " : "  ");
        len += len ? 1 : 2;
        g_string_append(s, name);
        len += strlen(name);
    }
    g_ptr_array_free(names, true);
    g_string_append(s, "\n\n");
    return g_string_free(s, false);
}

void x86_cpu_list(void)
{
    g_autofree char *text = x86_cpu_list_text();

    fputs(text, stdout);
}
