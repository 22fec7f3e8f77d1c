/*
 * Unit tests for the x86 CPU model table: QOM type names and hierarchy,
 * the models' identity (vendor, signature, model-id), versions and
 * aliases, host/max/base, and the -cpu help listing.  Expected values
 * are QEMU 7.2's (its -cpu help and query-cpu-model-expansion).
 */
#include <string.h>

#include "cpu-test.h"
#include "util/module.h"

/* The models issue 4 asks for, plus the ones beside them in QEMU. */
static const char *const required_models[] = {
    "qemu64",
    "qemu32",
    "kvm64",
    "kvm32",
    "host",
    "max",
    "base",
    "pentium",
    "pentium2",
    "pentium3",
    "Conroe",
    "Penryn",
    "Nehalem",
    "Westmere",
    "SandyBridge",
    "IvyBridge",
    "Haswell",
    "Broadwell",
    "Skylake-Client",
    "Skylake-Server",
    "Cascadelake-Server",
    "EPYC",
    "486",
    "coreduo",
    "core2duo",
    "athlon",
    "phenom",
    "n270",
    "Opteron_G1",
    "Opteron_G5",
    "Icelake-Server",
    "EPYC-Rome",
};

static void test_type_hierarchy(void **state)
{
    ObjectClass *oc = object_class_by_name(TYPE_X86_CPU);

    assert_non_null(oc);
    assert_true(object_class_is_abstract(oc));
    assert_string_equal(TYPE_X86_CPU, "x86_64-cpu");
    assert_true(object_class_is_abstract(object_class_by_name(TYPE_CPU)));
    assert_string_equal(object_class_get_name(object_class_get_parent(oc)),
                        TYPE_CPU);
    assert_non_null(object_class_dynamic_cast(oc, TYPE_DEVICE));
    oc = object_class_by_name("SandyBridge-x86_64-cpu");
    assert_non_null(oc);
    assert_false(object_class_is_abstract(oc));
    assert_non_null(object_class_dynamic_cast(oc, TYPE_X86_CPU));
    /* host derives from max, as in QEMU. */
    oc = object_class_by_name(X86_CPU_TYPE_NAME("host"));
    assert_string_equal(object_class_get_name(object_class_get_parent(oc)),
                        "max-x86_64-cpu");
}

static void test_required_models(void **state)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(required_models); i++) {
        g_autofree char *type =
            g_strdup_printf("%s-x86_64-cpu", required_models[i]);
        ObjectClass *oc = cpu_class_by_name(TYPE_X86_CPU, required_models[i]);

        assert_non_null(oc);
        assert_string_equal(object_class_get_name(oc), type);
        assert_string_equal(x86_cpu_class_get_model_name(X86_CPU_CLASS(oc)),
                            required_models[i]);
    }
}

static void test_class_by_name_misses(void **state)
{
    assert_null(cpu_class_by_name(TYPE_X86_CPU, "foo"));
    /* Names are case-sensitive, as in QEMU. */
    assert_null(cpu_class_by_name(TYPE_X86_CPU, "sandybridge"));
    /* The abstract base is no model. */
    assert_null(cpu_class_by_name(TYPE_X86_CPU, "x86_64"));
    assert_null(cpu_class_by_name(TYPE_X86_CPU, ""));
}

static void test_parse_cpu_option_type(void **state)
{
    Error *err = NULL;

    assert_string_equal(parse_cpu_option("SandyBridge", &error_abort),
                        "SandyBridge-x86_64-cpu");
    assert_string_equal(parse_cpu_option("Haswell-noTSX-IBRS", &error_abort),
                        "Haswell-noTSX-IBRS-x86_64-cpu");
    assert_null(parse_cpu_option("foo", &err));
    assert_error(err, "unable to find CPU model 'foo'");
    assert_null(parse_cpu_option("foo,+erms", &err));
    assert_error(err, "unable to find CPU model 'foo'");
}

static void check_identity(const char *model, const char *vendor,
                           int64_t family, int64_t mdl, int64_t stepping,
                           const char *model_id)
{
    X86CPU *cpu = cpu_test_new(model, NULL, 0);
    Object *obj = OBJECT(cpu);
    g_autofree char *v = object_property_get_str(obj, "vendor", &error_abort);
    g_autofree char *id =
        object_property_get_str(obj, "model-id", &error_abort);

    assert_string_equal(v, vendor);
    assert_int_equal(object_property_get_int(obj, "family", &error_abort),
                     family);
    assert_int_equal(object_property_get_int(obj, "model", &error_abort), mdl);
    assert_int_equal(object_property_get_int(obj, "stepping", &error_abort),
                     stepping);
    assert_string_equal(id, model_id);
    object_unref(obj);
}

static void test_model_identities(void **state)
{
    check_identity("SandyBridge", "GenuineIntel", 6, 42, 1,
                   "Intel Xeon E312xx (Sandy Bridge)");
    check_identity("qemu64", "AuthenticAMD", 15, 107, 1,
                   "QEMU Virtual CPU version 2.5+");
    check_identity("qemu32", "GenuineIntel", 6, 6, 3,
                   "QEMU Virtual CPU version 2.5+");
    check_identity("kvm64", "GenuineIntel", 15, 6, 1, "Common KVM processor");
    check_identity("pentium", "GenuineIntel", 5, 4, 3, "");
    check_identity("pentium3", "GenuineIntel", 6, 7, 3, "");
    check_identity("Conroe", "GenuineIntel", 6, 15, 3,
                   "Intel Celeron_4x0 (Conroe/Merom Class Core 2)");
    check_identity("Nehalem", "GenuineIntel", 6, 26, 3,
                   "Intel Core i7 9xx (Nehalem Class Core i7)");
    check_identity("Westmere", "GenuineIntel", 6, 44, 1,
                   "Westmere E56xx/L56xx/X56xx (Nehalem-C)");
    check_identity("IvyBridge", "GenuineIntel", 6, 58, 9,
                   "Intel Xeon E3-12xx v2 (Ivy Bridge)");
    check_identity("Haswell", "GenuineIntel", 6, 60, 4,
                   "Intel Core Processor (Haswell)");
    check_identity("Broadwell", "GenuineIntel", 6, 61, 2,
                   "Intel Core Processor (Broadwell)");
    check_identity("Skylake-Client", "GenuineIntel", 6, 94, 3,
                   "Intel Core Processor (Skylake)");
    check_identity("Skylake-Server", "GenuineIntel", 6, 85, 4,
                   "Intel Xeon Processor (Skylake)");
    check_identity("Cascadelake-Server", "GenuineIntel", 6, 85, 6,
                   "Intel Xeon Processor (Cascadelake)");
    check_identity("EPYC", "AuthenticAMD", 23, 1, 2, "AMD EPYC Processor");
    check_identity("max", "AuthenticAMD", 15, 107, 1,
                   "QEMU TCG CPU version 2.5+");
    check_identity("base", "", 0, 0, 0, "");
}

static void test_model_feature_sets(void **state)
{
    X86CPU *sb = cpu_test_create("SandyBridge", NULL, 0);
    X86CPU *epyc = cpu_test_create("EPYC", NULL, 1);

    /* QEMU's SandyBridge: AVX and XSAVE but no VME, no AVX2, no ERMS. */
    assert_true(x86_cpu_has_feature(sb, "avx"));
    assert_true(x86_cpu_has_feature(sb, "xsaveopt"));
    assert_true(x86_cpu_has_feature(sb, "tsc-deadline"));
    assert_true(x86_cpu_has_feature(sb, "hypervisor"));
    assert_false(x86_cpu_has_feature(sb, "vme"));
    assert_false(x86_cpu_has_feature(sb, "avx2"));
    assert_false(x86_cpu_has_feature(sb, "erms"));
    assert_false(x86_cpu_has_feature(sb, "vmx"));
    /* Its VMX controls are defined but off while vmx is off. */
    assert_false(x86_cpu_has_feature(sb, "vmx-ept"));
    assert_true(x86_cpu_has_feature(epyc, "topoext"));
    assert_true(x86_cpu_has_feature(epyc, "svm"));
    assert_true(x86_cpu_has_feature(epyc, "npt"));
    assert_false(
        object_property_get_bool(OBJECT(epyc), "legacy-cache", &error_abort));
    assert_true(
        object_property_get_bool(OBJECT(sb), "legacy-cache", &error_abort));
}

static void test_versions_and_aliases(void **state)
{
    X86CPU *v1 = cpu_test_new("Haswell-v1", NULL, 0);
    X86CPU *notsx = cpu_test_new("Haswell-noTSX", NULL, 0);
    X86CPU *v4 = cpu_test_new("Haswell-v4", NULL, 0);
    g_autofree char *id = NULL;

    assert_true(x86_cpu_has_feature(v1, "hle"));
    assert_true(x86_cpu_has_feature(v1, "rtm"));
    assert_false(x86_cpu_has_feature(notsx, "hle"));
    assert_false(x86_cpu_has_feature(notsx, "rtm"));
    assert_int_equal(
        object_property_get_int(OBJECT(notsx), "stepping", &error_abort), 1);
    /* v4 = v2 + v3 + v4: spec-ctrl from v3, TSX off again. */
    assert_true(x86_cpu_has_feature(v4, "spec-ctrl"));
    assert_false(x86_cpu_has_feature(v4, "rtm"));
    id = object_property_get_str(OBJECT(v4), "model-id", &error_abort);
    assert_string_equal(id, "Intel Core Processor (Haswell, no TSX, IBRS)");
    object_unref(v1);
    object_unref(notsx);
    object_unref(v4);
}

static void test_default_version(void **state)
{
    X86CPU *cpu;
    g_autofree char *id1 = NULL;
    g_autofree char *id2 = NULL;

    /* pc-i440fx-4.0 and older: the legacy definition (QEMU 7.2). */
    x86_cpu_set_default_version(CPU_VERSION_LEGACY);
    cpu = cpu_test_new("SandyBridge", NULL, 0);
    assert_false(x86_cpu_has_feature(cpu, "spec-ctrl"));
    object_unref(cpu);

    x86_cpu_set_default_version(CPU_VERSION_LATEST);
    cpu = cpu_test_new("SandyBridge", NULL, 0);
    assert_true(x86_cpu_has_feature(cpu, "spec-ctrl"));
    id2 = object_property_get_str(OBJECT(cpu), "model-id", &error_abort);
    assert_string_equal(id2, "Intel Xeon E312xx (Sandy Bridge, IBRS update)");
    object_unref(cpu);

    x86_cpu_set_default_version(1);
    cpu = cpu_test_new("SandyBridge", NULL, 0);
    assert_false(x86_cpu_has_feature(cpu, "spec-ctrl"));
    id1 = object_property_get_str(OBJECT(cpu), "model-id", &error_abort);
    assert_string_equal(id1, "Intel Xeon E312xx (Sandy Bridge)");
    object_unref(cpu);
}

static void test_host_needs_accelerator(void **state)
{
    X86CPU *cpu = cpu_test_new("host", NULL, 0);
    Error *err = NULL;

    assert_false(qdev_realize(DEVICE(cpu), NULL, &err));
    assert_error(err, "CPU model 'host' requires KVM or HVF");
    object_unref(cpu);
}

static uint64_t small_accel_words(FeatureWord w)
{
    switch (w) {
    case FEAT_1_EDX:
        return CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_SSE | CPUID_SSE2;
    case FEAT_1_ECX:
        return CPUID_EXT_SSE3 | CPUID_EXT_HYPERVISOR;
    case FEAT_8000_0001_EDX:
        return CPUID_EXT2_LM | CPUID_EXT2_NX | CPUID_EXT2_SYSCALL;
    default:
        return 0;
    }
}

static const X86CPUAccelOps small_accel = {
    .name = "TCG",
    .get_supported_feature_word = small_accel_words,
};

static void test_max_takes_accelerator_features(void **state)
{
    X86CPU *cpu;

    x86_cpu_set_accel_ops(&small_accel);
    cpu = cpu_test_create("max,check=off", NULL, 0);
    assert_int_equal(cpu->env.features[FEAT_1_EDX], CPUID_FP87 | CPUID_TSC |
                                                        CPUID_CX8 | CPUID_SSE |
                                                        CPUID_SSE2);
    assert_int_equal(cpu->env.features[FEAT_1_ECX],
                     CPUID_EXT_SSE3 | CPUID_EXT_HYPERVISOR);
    assert_true(x86_cpu_has_feature(cpu, "lm"));
    assert_false(x86_cpu_has_feature(cpu, "avx"));
    assert_true(cpu->enable_pmu);
}

static void test_max_without_accelerator(void **state)
{
    X86CPU *cpu = cpu_test_create("max", NULL, 0);

    /* Without an accelerator everything emu knows, but the host-bound. */
    assert_true(x86_cpu_has_feature(cpu, "avx512f"));
    assert_true(x86_cpu_has_feature(cpu, "vmx-ept"));
    assert_false(x86_cpu_has_feature(cpu, "invtsc"));
    assert_false(x86_cpu_has_feature(cpu, "kvm-hint-dedicated"));
    /* The KVM paravirtual leaf needs KVM. */
    assert_int_equal(cpu->env.features[FEAT_KVM], 0);
}

static void test_base_has_nothing(void **state)
{
    X86CPU *cpu = cpu_test_create("base", NULL, 0);
    int w;

    for (w = 0; w < FEATURE_WORDS; w++) {
        assert_int_equal(cpu->env.features[w], 0);
    }
    assert_cpuid(cpu, 0, 0, 0, 0, 0, 0);
}

static void test_cpu_help_layout(void **state)
{
    g_autofree char *text = x86_cpu_list_text();
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    guint i, flags_start = 0;

    assert_string_equal(lines[0], "Available CPUs:");
    assert_string_equal(lines[1], "x86 486                   "
                                  "(alias configured by machine type)");
    assert_string_equal(lines[2], "x86 486-v1                ");
    assert_true(strstr(text, "\nx86 SandyBridge           (alias configured "
                             "by machine type)\n"));
    assert_true(strstr(text, "\nx86 SandyBridge-IBRS      "
                             "(alias of SandyBridge-v2)\n"));
    assert_true(strstr(text, "\nx86 SandyBridge-v1        "
                             "Intel Xeon E312xx (Sandy Bridge)\n"));
    assert_true(strstr(text, "\nx86 Cascadelake-Server-v2  Intel Xeon "
                             "Processor (Cascadelake) [ARCH_CAPABILITIES]\n"));
    /* host, max and base come last, QEMU's order. */
    assert_true(strstr(text, "x86 qemu64-v1             QEMU Virtual CPU "
                             "version 2.5+\n"
                             "x86 base                  base CPU model type "
                             "with no features enabled\n"
                             "x86 host                  processor with all "
                             "supported host features \n"
                             "x86 max                   Enables all "
                             "features supported by the accelerator in the "
                             "current host\n\n"
                             "Recognized CPUID flags:\n"));
    for (i = 0; i < n; i++) {
        if (!strcmp(lines[i], "Recognized CPUID flags:")) {
            flags_start = i + 1;
        }
    }
    assert_true(flags_start > 100);
    assert_string_equal(lines[flags_start], "  3dnow 3dnowext 3dnowprefetch "
                                            "abm ace2 ace2-en acpi adx aes "
                                            "amd-no-ssb");
    for (i = flags_start; i < n - 2; i++) {
        assert_true(strlen(lines[i]) <= 75);
        assert_true(g_str_has_prefix(lines[i], "  "));
    }
    /* The listing ends with the last flag line and a blank line. */
    assert_string_equal(lines[n - 3], "  xsaveerptr xsaveopt xsaves xstore "
                                      "xstore-en xtpr");
    assert_string_equal(lines[n - 2], "");
    assert_string_equal(lines[n - 1], "");
    /* 132 model lines (QEMU 7.2's count) and QEMU's duplicate names. */
    assert_int_equal(flags_start - 3, 132);
    assert_true(strstr(text, " kvmclock\n  kvmclock kvmclock-stable-bit "));
}

static void test_every_flag_is_a_property(void **state)
{
    ObjectClass *oc = object_class_by_name("SandyBridge-x86_64-cpu");
    int w, b, count = 0;

    for (w = 0; w < FEATURE_WORDS; w++) {
        const FeatureWordInfo *fi = x86_feature_word_info(w);

        for (b = 0; b < (fi->is_msr ? 64 : 32); b++) {
            ObjectProperty *op;

            if (!fi->feat_names[b]) {
                continue;
            }
            op = object_class_property_find(oc, fi->feat_names[b]);
            assert_non_null(op);
            assert_string_equal(op->type, "bool");
            count++;
        }
    }
    /* QEMU 7.2 lists 321 flag names (two of them twice). */
    assert_int_equal(count, 321);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cpu_unit_test(test_type_hierarchy),
        cpu_unit_test(test_required_models),
        cpu_unit_test(test_class_by_name_misses),
        cpu_unit_test(test_parse_cpu_option_type),
        cpu_unit_test(test_model_identities),
        cpu_unit_test(test_model_feature_sets),
        cpu_unit_test(test_versions_and_aliases),
        cpu_unit_test(test_default_version),
        cpu_unit_test(test_host_needs_accelerator),
        cpu_unit_test(test_max_takes_accelerator_features),
        cpu_unit_test(test_max_without_accelerator),
        cpu_unit_test(test_base_has_nothing),
        cpu_unit_test(test_cpu_help_layout),
        cpu_unit_test(test_every_flag_is_a_property),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
