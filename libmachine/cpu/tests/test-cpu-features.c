/*
 * Unit tests for CPU feature names and -cpu parsing: every flag of the
 * seed's OpenStack command line, QEMU's aliases, the order in which
 * +feat, -feat and feat=on|off apply (QEMU 7.2's: feat=value in order
 * at creation, then every +feat, then every -feat), the error texts,
 * key=value properties, -global, dependencies and filtering.
 */
#include <string.h>

#include "cpu-test.h"
#include "util/module.h"

/* The seed's libvirt/OpenStack -cpu argument, verbatim. */
#define SEED_CPU                                                               \
    "SandyBridge,+erms,+smep,+fsgsbase,+pdpe1gb,+rdrand,+f16c,+osxsave,"       \
    "+dca,+pcid,+pdcm,+xtpr,+tm2,+est,+smx,+vmx,+ds_cpl,+monitor,"             \
    "+dtes64,+pbe,+tm,+ht,+ss,+acpi,+ds,+vme"

/* name, word, bit: from the Intel SDM / AMD APM CPUID tables. */
/* clang-format off */
static const struct {
    const char *name;
    FeatureWord w;
    int bit;
} known_bits[] = {
    { "erms", FEAT_7_0_EBX, 9 },     { "smep", FEAT_7_0_EBX, 7 },
    { "fsgsbase", FEAT_7_0_EBX, 0 }, { "pdpe1gb", FEAT_8000_0001_EDX, 26 },
    { "rdrand", FEAT_1_ECX, 30 },    { "f16c", FEAT_1_ECX, 29 },
    { "dca", FEAT_1_ECX, 18 },       { "pcid", FEAT_1_ECX, 17 },
    { "pdcm", FEAT_1_ECX, 15 },      { "xtpr", FEAT_1_ECX, 14 },
    { "tm2", FEAT_1_ECX, 8 },        { "est", FEAT_1_ECX, 7 },
    { "smx", FEAT_1_ECX, 6 },        { "vmx", FEAT_1_ECX, 5 },
    { "ds-cpl", FEAT_1_ECX, 4 },     { "monitor", FEAT_1_ECX, 3 },
    { "dtes64", FEAT_1_ECX, 2 },     { "pbe", FEAT_1_EDX, 31 },
    { "tm", FEAT_1_EDX, 29 },        { "ht", FEAT_1_EDX, 28 },
    { "ss", FEAT_1_EDX, 27 },        { "acpi", FEAT_1_EDX, 22 },
    { "ds", FEAT_1_EDX, 21 },        { "vme", FEAT_1_EDX, 1 },
    { "fpu", FEAT_1_EDX, 0 },        { "de", FEAT_1_EDX, 2 },
    { "pse", FEAT_1_EDX, 3 },        { "tsc", FEAT_1_EDX, 4 },
    { "msr", FEAT_1_EDX, 5 },        { "pae", FEAT_1_EDX, 6 },
    { "mce", FEAT_1_EDX, 7 },        { "cx8", FEAT_1_EDX, 8 },
    { "apic", FEAT_1_EDX, 9 },       { "sep", FEAT_1_EDX, 11 },
    { "mtrr", FEAT_1_EDX, 12 },      { "pge", FEAT_1_EDX, 13 },
    { "mca", FEAT_1_EDX, 14 },       { "cmov", FEAT_1_EDX, 15 },
    { "pat", FEAT_1_EDX, 16 },       { "pse36", FEAT_1_EDX, 17 },
    { "clflush", FEAT_1_EDX, 19 },   { "mmx", FEAT_1_EDX, 23 },
    { "fxsr", FEAT_1_EDX, 24 },      { "sse", FEAT_1_EDX, 25 },
    { "sse2", FEAT_1_EDX, 26 },      { "pni", FEAT_1_ECX, 0 },
    { "sse3", FEAT_1_ECX, 0 },       { "pclmulqdq", FEAT_1_ECX, 1 },
    { "ssse3", FEAT_1_ECX, 9 },      { "fma", FEAT_1_ECX, 12 },
    { "cx16", FEAT_1_ECX, 13 },      { "sse4.1", FEAT_1_ECX, 19 },
    { "sse4_1", FEAT_1_ECX, 19 },    { "sse4.2", FEAT_1_ECX, 20 },
    { "sse4_2", FEAT_1_ECX, 20 },    { "x2apic", FEAT_1_ECX, 21 },
    { "movbe", FEAT_1_ECX, 22 },     { "popcnt", FEAT_1_ECX, 23 },
    { "tsc-deadline", FEAT_1_ECX, 24 }, { "aes", FEAT_1_ECX, 25 },
    { "xsave", FEAT_1_ECX, 26 },     { "avx", FEAT_1_ECX, 28 },
    { "hypervisor", FEAT_1_ECX, 31 }, { "lahf_lm", FEAT_8000_0001_ECX, 0 },
    { "abm", FEAT_8000_0001_ECX, 5 },
    { "3dnowprefetch", FEAT_8000_0001_ECX, 8 },
    { "syscall", FEAT_8000_0001_EDX, 11 }, { "nx", FEAT_8000_0001_EDX, 20 },
    { "xd", FEAT_8000_0001_EDX, 20 }, { "rdtscp", FEAT_8000_0001_EDX, 27 },
    { "lm", FEAT_8000_0001_EDX, 29 }, { "bmi1", FEAT_7_0_EBX, 3 },
    { "hle", FEAT_7_0_EBX, 4 },      { "avx2", FEAT_7_0_EBX, 5 },
    { "bmi2", FEAT_7_0_EBX, 8 },     { "invpcid", FEAT_7_0_EBX, 10 },
    { "rtm", FEAT_7_0_EBX, 11 },     { "mpx", FEAT_7_0_EBX, 14 },
    { "avx512f", FEAT_7_0_EBX, 16 }, { "adx", FEAT_7_0_EBX, 19 },
    { "smap", FEAT_7_0_EBX, 20 },    { "clflushopt", FEAT_7_0_EBX, 23 },
    { "clwb", FEAT_7_0_EBX, 24 },    { "sha-ni", FEAT_7_0_EBX, 29 },
    { "avx512vl", FEAT_7_0_EBX, 31 }, { "xsaveopt", FEAT_XSAVE, 0 },
    { "xsavec", FEAT_XSAVE, 1 },     { "xgetbv1", FEAT_XSAVE, 2 },
    { "xsaves", FEAT_XSAVE, 3 },     { "arat", FEAT_6_EAX, 2 },
    { "pku", FEAT_7_0_ECX, 3 },      { "la57", FEAT_7_0_ECX, 16 },
    { "spec-ctrl", FEAT_7_0_EDX, 26 }, { "invtsc", FEAT_8000_0007_EDX, 8 },
    { "svm", FEAT_8000_0001_ECX, 2 }, { "npt", FEAT_SVM, 0 },
    { "vmx-ept", FEAT_VMX_SECONDARY_CTLS, 1 },
    { "vmx-invvpid", FEAT_VMX_EPT_VPID_CAPS, 32 },
    { "vmx-true-ctls", FEAT_VMX_BASIC, 55 },
    { "kvm-pv-eoi", FEAT_KVM, 6 },  { "rdctl-no", FEAT_ARCH_CAPABILITIES, 0 },
};
/* clang-format on */

static void test_feature_bits(void **state)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(known_bits); i++) {
        FeatureWord w;
        uint64_t mask;

        if (!x86_cpu_feature_lookup(known_bits[i].name, &w, &mask)) {
            print_error("unknown feature %s\n", known_bits[i].name);
            fail();
        }
        assert_int_equal(w, known_bits[i].w);
        assert_true(mask == 1ULL << known_bits[i].bit);
    }
}

static void test_aliases(void **state)
{
    /* clang-format off */
    static const char *const pairs[][2] = {
        { "sse4_1", "sse4.1" }, { "sse4-1", "sse4.1" }, { "sse4_2", "sse4.2" },
        { "sse3", "pni" },      { "pclmuldq", "pclmulqdq" },
        { "xd", "nx" },         { "i64", "lm" },     { "ds_cpl", "ds-cpl" },
        { "lahf_lm", "lahf-lm" }, { "ffxsr", "fxsr-opt" },
        { "fxsr_opt", "fxsr-opt" }, { "tsc_adjust", "tsc-adjust" },
        { "kvm_pv_eoi", "kvm-pv-eoi" }, { "cr8_legacy", "cr8legacy" },
        { "tsc_deadline_timer", "tsc-deadline" },
        { "avx512_vnni", "avx512vnni" }, { "sha_ni", "sha-ni" },
        { "avx512_vpopcntdq", "avx512-vpopcntdq" },
    };
    /* clang-format on */
    FeatureWord w;
    uint64_t mask;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(pairs); i++) {
        const char *name = x86_cpu_feature_lookup(pairs[i][0], &w, &mask);

        assert_non_null(name);
        assert_string_equal(name, pairs[i][1]);
    }
    /* QEMU uses kvmclock for two bits: one name sets both. */
    assert_non_null(x86_cpu_feature_lookup("kvmclock", &w, &mask));
    assert_int_equal(w, FEAT_KVM);
    assert_true(mask == ((1ULL << 0) | (1ULL << 3)));
    assert_null(x86_cpu_feature_lookup("foo", &w, &mask));
    assert_null(x86_cpu_feature_lookup("", &w, &mask));
}

static void test_seed_cpu_line(void **state)
{
    X86CPU *cpu = cpu_test_create(SEED_CPU, NULL, 0);
    size_t i;

    for (i = 0; i < 25; i++) {
        /* The first 25 entries of known_bits are the seed's flags. */
        assert_true(x86_cpu_has_feature(cpu, known_bits[i].name));
    }
    /* What the guest sees (pmu=off hides PDCM, as QEMU does). */
    assert_cpuid(cpu, 1, 0, 0x000206a1, 0x00000800, 0xf7be63ff, 0xbfebfbff);
    assert_cpuid(cpu, 7, 0, 0, 0x00000281, 0, 0);
    assert_int_equal(cpuid(cpu, 0x80000001, 0).edx, 0x2c100800);
    /* +vmx brings SandyBridge's VMX controls along. */
    assert_true(x86_cpu_has_feature(cpu, "vmx-ept"));
    assert_true(x86_cpu_has_feature(cpu, "vmx-unrestricted-guest"));
}

static void test_plus_minus_order(void **state)
{
    static const struct {
        const char *option;
        bool erms;
    } cases[] = {
        {"SandyBridge", false},
        {"SandyBridge,+erms", true},
        {"SandyBridge,erms", true},
        {"SandyBridge,erms=on", true},
        {"SandyBridge,erms=on,erms=off", false},
        {"SandyBridge,erms=off,erms=on", true},
        {"SandyBridge,erms=off,erms", true},
        /* Legacy +/- apply after every feat=value, - after +. */
        {"SandyBridge,-erms,+erms", false},
        {"SandyBridge,+erms,-erms", false},
        {"SandyBridge,+erms,erms=off", true},
        {"SandyBridge,erms=off,+erms", true},
        {"SandyBridge,-erms,erms=on", false},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        X86CPU *cpu = cpu_test_create(cases[i].option, NULL, i);

        if (x86_cpu_has_feature(cpu, "erms") != cases[i].erms) {
            print_error("%s: erms should be %d\n", cases[i].option,
                        cases[i].erms);
            fail();
        }
        /* Each -cpu string starts afresh. */
        qdev_prop_clear_globals();
        x86_cpu_clear_plus_minus_features();
    }
}

static void parse_ambiguous(void *opaque)
{
    parse_cpu_option(opaque, &error_abort);
}

static void test_ambiguous_warning(void **state)
{
    assert_child_exits(parse_ambiguous, "SandyBridge,+erms,erms=off", 0,
                       "warning: Ambiguous CPU model string. Don't mix both "
                       "\"+erms\" and \"erms=off\"\n");
    assert_child_exits(parse_ambiguous, "SandyBridge,-erms,erms=on", 0,
                       "warning: Compatibility of ambiguous CPU model "
                       "strings won't be kept on future QEMU versions\n");
}

static void test_aliases_on_command_line(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64,+sse4_1,sse4-2=on,+ds_cpl,"
                                  "lahf_lm=off,-xd,+cr8_legacy",
                                  NULL, 0);

    assert_true(x86_cpu_has_feature(cpu, "sse4.1"));
    assert_true(x86_cpu_has_feature(cpu, "sse4.2"));
    assert_true(x86_cpu_has_feature(cpu, "ds-cpl"));
    assert_false(x86_cpu_has_feature(cpu, "lahf-lm"));
    assert_false(x86_cpu_has_feature(cpu, "nx"));
    assert_true(x86_cpu_has_feature(cpu, "cr8legacy"));
}

static void test_unknown_feature_errors(void **state)
{
    Error *err = NULL;

    assert_null(parse_cpu_option("SandyBridge,+foo", &err));
    assert_error(err, "Property 'SandyBridge-x86_64-cpu.foo' not found");
    assert_null(parse_cpu_option("SandyBridge,-foo", &err));
    assert_error(err, "Property 'SandyBridge-x86_64-cpu.foo' not found");
    assert_null(parse_cpu_option("SandyBridge,foo=on", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.foo=on: "
                      "Property 'SandyBridge-x86_64-cpu.foo' not found");
    assert_null(parse_cpu_option("SandyBridge,foo", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.foo=on: "
                      "Property 'SandyBridge-x86_64-cpu.foo' not found");
    /* QEMU's feat2prop: the error names the dashed form. */
    assert_null(parse_cpu_option("qemu64,foo_bar=on", &err));
    assert_error(err, "can't apply global qemu64-x86_64-cpu.foo-bar=on: "
                      "Property 'qemu64-x86_64-cpu.foo-bar' not found");
}

static void test_bad_value_errors(void **state)
{
    Error *err = NULL;

    assert_null(parse_cpu_option("SandyBridge,erms=maybe", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.erms=maybe: "
                      "Parameter 'erms' expects 'on' or 'off'");
    assert_null(parse_cpu_option("SandyBridge,family=300", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.family=300: "
                      "Property .family doesn't take value 300 (minimum: 0, "
                      "maximum: 270)");
    assert_null(parse_cpu_option("SandyBridge,model=256", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.model=256: "
                      "Property .model doesn't take value 256 (minimum: 0, "
                      "maximum: 255)");
    assert_null(parse_cpu_option("SandyBridge,vendor=abc", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.vendor=abc: "
                      "Property '.vendor' doesn't take value 'abc'");
    assert_null(parse_cpu_option("SandyBridge,tsc-freq=fast", &err));
    assert_error(err, "bad numerical value fast");
    /* A good feature before a bad one is not kept either. */
    assert_null(
        parse_cpu_option("SandyBridge,+erms,erms=on,stepping=99", &err));
    assert_error(err, "can't apply global SandyBridge-x86_64-cpu.stepping=99: "
                      "Property .stepping doesn't take value 99 (minimum: 0, "
                      "maximum: 15)");
    /* Nothing of a refused string is left registered. */
    assert_false(
        x86_cpu_has_feature(cpu_test_create("SandyBridge", NULL, 0), "erms"));
}

static void test_key_value_properties(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64,family=6,model=158,stepping=10,"
                                  "vendor=GenuineIntel,level=0x14,"
                                  "xlevel=0x80000008,model-id=Test CPU,"
                                  "tsc-freq=2.5G",
                                  NULL, 0);
    CpuidRegs r = cpuid(cpu, 0x80000002, 0);

    /* Family 6, model 9EH (extended model 9), stepping 10. */
    assert_int_equal(cpuid(cpu, 1, 0).eax, 0x000906ea);
    assert_cpuid(cpu, 0, 0, 0x14, 0x756e6547, 0x6c65746e, 0x49656e69);
    assert_int_equal(cpuid(cpu, 0x80000000, 0).eax, 0x80000008);
    assert_int_equal(r.eax, 0x74736554); /* "Test" */
    assert_int_equal(r.ebx, 0x55504320); /* " CPU" */
    assert_int_equal(
        object_property_get_int(OBJECT(cpu), "tsc-frequency", &error_abort),
        2500000000);
}

static void test_family_encoding(void **state)
{
    X86CPU *cpu = cpu_test_new("qemu64", NULL, 0);
    Object *obj = OBJECT(cpu);

    /* Intel SDM vol. 2A, figure 3-6: families above 15 are 0FH + ext. */
    object_property_set_int(obj, "family", 25, &error_abort);
    object_property_set_int(obj, "model", 0x21, &error_abort);
    object_property_set_int(obj, "stepping", 2, &error_abort);
    assert_int_equal(cpu->env.cpuid_version, 0x00a20f12);
    assert_int_equal(object_property_get_int(obj, "family", &error_abort), 25);
    assert_int_equal(object_property_get_int(obj, "model", &error_abort), 0x21);
    object_property_set_int(obj, "family", 15, &error_abort);
    assert_int_equal(cpu->env.cpuid_version, 0x00020f12);
    object_property_set_int(obj, "family", 5, &error_abort);
    assert_int_equal(cpu->env.cpuid_version, 0x00020512);
    object_unref(obj);
}

static void test_global_sets_feature(void **state)
{
    X86CPU *cpu;

    qdev_prop_register_global("SandyBridge-x86_64-cpu", "erms", "on");
    qdev_prop_register_global("x86_64-cpu", "sse4_1", "off");
    cpu = cpu_test_create("SandyBridge", NULL, 0);
    assert_true(x86_cpu_has_feature(cpu, "erms"));
    assert_false(x86_cpu_has_feature(cpu, "sse4.1"));
    /* Not for other models; the base type's global for all of them. */
    cpu = cpu_test_create("Westmere", NULL, 1);
    assert_false(x86_cpu_has_feature(cpu, "erms"));
    assert_false(x86_cpu_has_feature(cpu, "sse4.1"));
    assert_true(x86_cpu_has_feature(cpu, "sse4.2"));
}

static void test_osxsave_is_dynamic(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge,+osxsave,-ospke", NULL, 0);

    /* Bit 27 mirrors CR4.OSXSAVE (Intel SDM vol. 2A, table 3-10). */
    assert_false(cpuid(cpu, 1, 0).ecx & CPUID_EXT_OSXSAVE);
    assert_false(
        object_property_get_bool(OBJECT(cpu), "osxsave", &error_abort));
    cpu->env.cr[4] |= CR4_OSXSAVE_MASK;
    assert_true(cpuid(cpu, 1, 0).ecx & CPUID_EXT_OSXSAVE);
    assert_true(object_property_get_bool(OBJECT(cpu), "osxsave", &error_abort));
}

static void test_dependencies(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge,-xsave", NULL, 0);

    /* XSAVEOPT and the XSAVE leaf go with XSAVE. */
    assert_false(x86_cpu_has_feature(cpu, "xsaveopt"));
    assert_cpuid(cpu, 0xd, 0, 0, 0, 0, 0);
    assert_cpuid(cpu, 0xd, 1, 0, 0, 0, 0);
    cpu = cpu_test_create("SandyBridge,+vmx,-vmx-secondary-ctls", NULL, 1);
    assert_true(x86_cpu_has_feature(cpu, "vmx-hlt-exit"));
    assert_false(x86_cpu_has_feature(cpu, "vmx-ept"));
    assert_false(x86_cpu_has_feature(cpu, "vmx-invept"));
}

static void create_ept_without_vmx(void *opaque)
{
    cpu_test_create("SandyBridge,vmx-ept=on", NULL, 0);
}

static void test_dependency_warning(void **state)
{
    assert_child_exits(create_ept_without_vmx, NULL, 0,
                       "warning: This feature depends on other features "
                       "that were not requested: MSR(48BH).vmx-ept "
                       "[bit 1]\n");
}

static uint64_t tcg_like_words(FeatureWord w)
{
    /* SandyBridge's words without x2apic and tsc-deadline. */
    switch (w) {
    case FEAT_1_ECX:
        return ~(uint64_t)(CPUID_EXT_X2APIC | CPUID_EXT_TSC_DEADLINE_TIMER);
    default:
        return ~0ULL;
    }
}

static const X86CPUAccelOps tcg_like = {
    .name = "TCG",
    .get_supported_feature_word = tcg_like_words,
};

static void create_filtered(void *opaque)
{
    x86_cpu_set_accel_ops(&tcg_like);
    cpu_test_create(opaque, NULL, 0);
}

static void test_filter_warnings(void **state)
{
    assert_child_exits(create_filtered, "SandyBridge", 0,
                       "warning: TCG doesn't support requested feature: "
                       "CPUID.01H:ECX.x2apic [bit 21]\n"
                       "emu: warning: TCG doesn't support requested feature: "
                       "CPUID.01H:ECX.tsc-deadline [bit 24]\n");
}

static void test_enforce(void **state)
{
    X86CPU *cpu;
    Error *err = NULL;

    x86_cpu_set_accel_ops(&tcg_like);
    cpu = cpu_test_new("SandyBridge,enforce=on,check=off", NULL, 0);
    assert_false(qdev_realize(DEVICE(cpu), NULL, &err));
    assert_error(err, "TCG doesn't support requested features");
    object_unref(cpu);
    qdev_prop_clear_globals();
    /* check=off: filtered silently, recorded in filtered_features. */
    cpu = cpu_test_create("SandyBridge,check=off", NULL, 0);
    assert_false(x86_cpu_has_feature(cpu, "x2apic"));
    assert_true(cpu->filtered_features[FEAT_1_ECX] ==
                (uint64_t)(CPUID_EXT_X2APIC | CPUID_EXT_TSC_DEADLINE_TIMER));
}

static void test_set_after_realize(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);
    Error *err = NULL;

    assert_false(object_property_set_bool(OBJECT(cpu), "erms", true, &err));
    assert_error(err, "Attempt to set property 'erms' on anonymous device "
                      "(type 'SandyBridge-x86_64-cpu') after it was realized");
    assert_false(object_property_set_int(OBJECT(cpu), "family", 6, &err));
    assert_non_null(err);
    error_free(err);
    assert_false(x86_cpu_has_feature(cpu, "erms"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cpu_unit_test(test_feature_bits),
        cpu_unit_test(test_aliases),
        cpu_unit_test(test_seed_cpu_line),
        cpu_unit_test(test_plus_minus_order),
        cpu_unit_test(test_ambiguous_warning),
        cpu_unit_test(test_aliases_on_command_line),
        cpu_unit_test(test_unknown_feature_errors),
        cpu_unit_test(test_bad_value_errors),
        cpu_unit_test(test_key_value_properties),
        cpu_unit_test(test_family_encoding),
        cpu_unit_test(test_global_sets_feature),
        cpu_unit_test(test_osxsave_is_dynamic),
        cpu_unit_test(test_dependencies),
        cpu_unit_test(test_dependency_warning),
        cpu_unit_test(test_filter_warnings),
        cpu_unit_test(test_enforce),
        cpu_unit_test(test_set_after_realize),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
