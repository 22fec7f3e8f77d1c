/*
 * The pc-i440fx-X.Y machine types: registration, the default and its
 * "pc" alias, distribution aliases, -machine help in QEMU 7.2's layout,
 * class defaults, machine properties and their errors, and what each
 * older version keeps (compat properties, -smp rule, CPU versions).
 */
#include <string.h>

#include "devices/i440fx.h"
#include "pc-internal.h"
#include "pc-test.h"

/* Newest first, as -machine help lists them (QEMU compares names). */
static const char *const pc_versions[] = {
    "7.2", "7.1", "7.0", "6.2", "6.1",  "6.0",  "5.2",  "5.1", "5.0",
    "4.2", "4.1", "4.0", "3.1", "3.0",  "2.9",  "2.8",  "2.7", "2.6",
    "2.5", "2.4", "2.3", "2.2", "2.12", "2.11", "2.10", "2.1", "2.0",
};

static MachineClass *pc_class(const char *version)
{
    g_autofree char *name = g_strdup_printf("pc-i440fx-%s", version);
    MachineClass *mc = find_machine(name);

    assert_non_null(mc);
    return mc;
}

static void test_types_registered(void **state)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(pc_versions); i++) {
        g_autofree char *type =
            g_strdup_printf("pc-i440fx-%s-machine", pc_versions[i]);
        ObjectClass *oc = object_class_by_name(type);

        assert_non_null(oc);
        assert_false(object_class_is_abstract(oc));
        assert_non_null(object_class_dynamic_cast(oc, TYPE_PC_MACHINE));
        assert_non_null(object_class_dynamic_cast(oc, TYPE_X86_MACHINE));
    }
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_PC_MACHINE)));
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_X86_MACHINE)));
    assert_non_null(object_class_by_name(TYPE_I440FX_PCI_HOST_BRIDGE));
    /* QEMU 7.2 has no older i440FX types than 1.4; emu starts at 2.0. */
    assert_null(find_machine("pc-i440fx-1.7"));
}

static void test_default_and_alias(void **state)
{
    MachineClass *mc = find_default_machine();

    assert_non_null(mc);
    assert_string_equal(mc->name, "pc-i440fx-7.2");
    assert_string_equal(mc->alias, "pc");
    assert_ptr_equal(select_machine("pc", &error_abort), mc);
    assert_ptr_equal(select_machine(NULL, &error_abort), mc);
    /* Only the newest has the alias and the mark. */
    assert_null(pc_class("7.1")->alias);
    assert_false(pc_class("7.1")->is_default);
}

static void test_distribution_aliases(void **state)
{
    static const char *const aliases[][2] = {
        {"pc-i440fx-trusty", "pc-i440fx-2.0"},
        {"pc-i440fx-xenial", "pc-i440fx-2.5"},
        {"pc-i440fx-bionic", "pc-i440fx-2.11"},
        {"pc-i440fx-focal", "pc-i440fx-4.2"},
        {"pc-i440fx-jammy", "pc-i440fx-6.2"},
    };
    Error *err = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(aliases); i++) {
        MachineClass *mc = select_machine(aliases[i][0], &error_abort);

        assert_string_equal(mc->name, aliases[i][1]);
    }
    assert_null(select_machine("pc-i440fx-noble", &err));
    assert_error(err, "unsupported machine type");
}

static void help_fn(void *opaque, FILE *out)
{
    machine_help_func(out);
}

static void test_machine_help(void **state)
{
    g_autofree char *out = capture_output(help_fn, NULL);
    GString *want = g_string_new("Supported machines are:\n");
    const char *desc = "Standard PC (i440FX + PIIX, 1996)";
    size_t i;

    g_string_append_printf(want, "%-20s %s (alias of pc-i440fx-7.2)\n", "pc",
                           desc);
    for (i = 0; i < G_N_ELEMENTS(pc_versions); i++) {
        g_autofree char *name = g_strdup_printf("pc-i440fx-%s", pc_versions[i]);
        const char *alias = NULL;

        if (!strcmp(pc_versions[i], "6.2")) {
            alias = "pc-i440fx-jammy";
        } else if (!strcmp(pc_versions[i], "4.2")) {
            alias = "pc-i440fx-focal";
        } else if (!strcmp(pc_versions[i], "2.11")) {
            alias = "pc-i440fx-bionic";
        } else if (!strcmp(pc_versions[i], "2.5")) {
            alias = "pc-i440fx-xenial";
        } else if (!strcmp(pc_versions[i], "2.0")) {
            alias = "pc-i440fx-trusty";
        }
        if (alias) {
            g_string_append_printf(want, "%-20s %s (alias of %s)\n", alias,
                                   desc, name);
        }
        g_string_append_printf(want, "%-20s %s%s\n", name, desc,
                               i == 0 ? " (default)" : "");
    }
    g_string_append(want, "none                 empty machine\n");
    assert_string_equal(out, want->str);
    g_string_free(want, true);
}

static void test_class_defaults(void **state)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(pc_versions); i++) {
        MachineClass *mc = pc_class(pc_versions[i]);

        assert_string_equal(mc->desc, "Standard PC (i440FX + PIIX, 1996)");
        assert_string_equal(mc->family, "pc_piix");
        assert_int_equal(mc->max_cpus, 255);
        assert_int_equal(mc->default_cpus, 1);
        assert_int_equal(mc->default_ram_size, 128 * MiB);
        assert_string_equal(mc->default_ram_id, "pc.ram");
        assert_string_equal(mc->default_cpu_type, "qemu64-x86_64-cpu");
        assert_string_equal(mc->default_boot_order, "cad");
        assert_true(mc->smp_props.dies_supported);
        assert_false(mc->smp_props.clusters_supported);
        assert_null(mc->deprecation_reason);
    }
}

static void test_version_rules(void **state)
{
    /* -smp computes sockets first before 6.2, cores first since. */
    assert_false(pc_class("6.2")->smp_props.prefer_sockets);
    assert_true(pc_class("6.1")->smp_props.prefer_sockets);
    assert_true(pc_class("2.0")->smp_props.prefer_sockets);
    /* Unversioned CPU model names: legacy up to 4.0. */
    assert_int_equal(PC_MACHINE_CLASS(pc_class("7.2"))->default_cpu_version, 1);
    assert_int_equal(PC_MACHINE_CLASS(pc_class("4.1"))->default_cpu_version, 1);
    assert_int_equal(PC_MACHINE_CLASS(pc_class("4.0"))->default_cpu_version,
                     CPU_VERSION_LEGACY);
    /* The newest keeps nothing; each older one keeps more. */
    assert_int_equal(pc_class("7.2")->compat_props->len, 0);
    assert_int_equal(pc_class("6.1")->compat_props->len, 0);
    /* 6.0: the qemu64 model's three, x-vendor-cpuid-only, i8042's. */
    assert_int_equal(pc_class("6.0")->compat_props->len, 5);
    assert_true(pc_class("2.0")->compat_props->len >
                pc_class("2.1")->compat_props->len);
}

static void test_smp_by_version(void **state)
{
    SMPConfiguration smp = {.has_cpus = true, .cpus = 4};
    PCTestArgs a = {.machine = "pc-i440fx-6.1", .smp = smp};
    MachineState *ms = pc_test_prepare(&a, &error_abort);

    /* -smp 4: 4 sockets before 6.2, 4 cores since. */
    assert_int_equal(ms->smp.sockets, 4);
    assert_int_equal(ms->smp.cores, 1);
    pc_test_teardown(NULL);
    a.machine = "pc-i440fx-6.2";
    ms = pc_test_prepare(&a, &error_abort);
    assert_int_equal(ms->smp.sockets, 1);
    assert_int_equal(ms->smp.cores, 4);
}

static void test_smp_limit(void **state)
{
    SMPConfiguration smp = {.has_cpus = true, .cpus = 300};
    PCTestArgs a = {.machine = "pc", .smp = smp};
    Error *err = NULL;

    assert_null(pc_test_prepare(&a, &err));
    assert_error(err, "Invalid SMP CPUs 300. The max CPUs supported by "
                      "machine 'pc-i440fx-7.2' is 255");
    pc_test_teardown(NULL);
    /* 255 is fine, and so is a second die per package. */
    a.smp = (SMPConfiguration){
        .has_cpus = true, .cpus = 4, .has_dies = true, .dies = 2};
    assert_non_null(pc_test_prepare(&a, &error_abort));
}

/* Every compat property names a property its (existing) type has. */
static void test_compat_props_exist(void **state)
{
    size_t i;
    guint j;

    for (i = 0; i < G_N_ELEMENTS(pc_versions); i++) {
        GPtrArray *props = pc_class(pc_versions[i])->compat_props;

        for (j = 0; j < props->len; j++) {
            GlobalProperty *p = g_ptr_array_index(props, j);
            ObjectClass *oc = object_class_by_name(p->driver);

            if (oc && !object_class_property_find(oc, p->property)) {
                fail_msg("%s.%s does not exist", p->driver, p->property);
            }
        }
    }
}

static X86CPU *cpu0(void)
{
    return X86_CPU(first_cpu);
}

static void test_compat_props_applied(void **state)
{
    PCTestArgs a = {.machine = "pc-i440fx-2.0"};
    Object *cpu;
    g_autofree char *model_id = NULL;

    /* The seed's machine type: QEMU 2.0's qemu64. */
    a.machine = "pc-i440fx-trusty";
    pc_test_build(&a);
    cpu = OBJECT(cpu0());
    model_id = object_property_get_str(cpu, "model-id", &error_abort);
    assert_string_equal(model_id, "QEMU Virtual CPU version 2.0.0");
    assert_false(object_property_get_bool(cpu, "l3-cache", &error_abort));
    assert_true(object_property_get_bool(cpu, "legacy-cache", &error_abort));
    assert_false(object_property_get_bool(cpu, "cpuid-0xb", &error_abort));
    assert_false(object_property_get_bool(cpu, "arat", &error_abort));
    assert_false(
        object_property_get_bool(cpu, "x-vendor-cpuid-only", &error_abort));
    assert_int_equal(object_property_get_int(cpu, "family", &error_abort), 6);
    assert_int_equal(object_property_get_int(cpu, "model", &error_abort), 6);
    /* 2.4's popcnt=on is overridden by nothing older. */
    assert_true(object_property_get_bool(cpu, "popcnt", &error_abort));
}

static void test_compat_props_newest(void **state)
{
    PCTestArgs a = {.machine = "pc"};
    Object *cpu;

    pc_test_build(&a);
    cpu = OBJECT(cpu0());
    assert_true(object_property_get_bool(cpu, "l3-cache", &error_abort));
    assert_true(
        object_property_get_bool(cpu, "x-vendor-cpuid-only", &error_abort));
    assert_true(object_property_get_bool(cpu, "cpuid-0xb", &error_abort));
    pc_test_teardown(NULL);

    /* 6.0 is the newest that keeps x-vendor-cpuid-only=off. */
    a.machine = "pc-i440fx-6.1";
    cpu = OBJECT((pc_test_build(&a), cpu0()));
    assert_true(
        object_property_get_bool(cpu, "x-vendor-cpuid-only", &error_abort));
    pc_test_teardown(NULL);
    a.machine = "pc-i440fx-6.0";
    cpu = OBJECT((pc_test_build(&a), cpu0()));
    assert_false(
        object_property_get_bool(cpu, "x-vendor-cpuid-only", &error_abort));
}

/* ---- Machine properties ---- */

static void test_machine_properties(void **state)
{
    PCTestArgs a = {.machine = "pc"};
    MachineState *ms = pc_test_prepare(&a, &error_abort);
    Object *obj = OBJECT(ms);
    g_autofree char *vmport = NULL;
    g_autofree char *smm = NULL;

    /* QEMU 7.2's defaults. */
    assert_true(object_property_get_bool(obj, "hpet", &error_abort));
    assert_true(object_property_get_bool(obj, "sata", &error_abort));
    assert_true(object_property_get_bool(obj, "smbus", &error_abort));
    assert_true(object_property_get_bool(obj, "i8042", &error_abort));
    assert_false(object_property_get_bool(obj, "default-bus-bypass-iommu",
                                          &error_abort));
    assert_int_equal(object_property_get_uint(obj, "max-fw-size", NULL),
                     8 * MiB);
    vmport = object_property_get_str(obj, "vmport", &error_abort);
    assert_string_equal(vmport, "auto");
    /* As -no-hpet, -no-acpi and the seed's -machine would set them. */
    assert_true(object_property_parse(obj, "hpet", "off", &error_abort));
    assert_false(object_property_get_bool(obj, "hpet", &error_abort));
    assert_true(object_property_parse(obj, "acpi", "off", &error_abort));
    assert_true(object_property_parse(obj, "smm", "on", &error_abort));
    smm = object_property_get_str(obj, "smm", &error_abort);
    assert_string_equal(smm, "on");
    assert_true(object_property_parse(obj, "usb", "off", &error_abort));
    assert_true(object_property_parse(obj, "max-fw-size", "16M", &error_abort));
}

static void test_machine_property_errors(void **state)
{
    PCTestArgs a = {.machine = "pc"};
    Object *obj = OBJECT(pc_test_prepare(&a, &error_abort));
    Error *err = NULL;

    /* QEMU 7.2's texts. */
    assert_false(object_property_parse(obj, "max-ram-below-4g", "5G", &err));
    assert_error(err, "Machine option 'max-ram-below-4g=5368709120' expects "
                      "size less than or equal to 4G");
    assert_false(object_property_parse(obj, "max-fw-size", "32M", &err));
    assert_error(err, "User specified max allowed firmware size 33554432 is "
                      "greater than 16MiB. If combined firwmare size exceeds "
                      "16MiB the system may not boot, or experience "
                      "intermittentstability issues.");
    assert_false(object_property_parse(obj, "vmport", "x", &err));
    assert_error(err, "Parameter 'vmport' does not accept value 'x'");
    assert_false(object_property_parse(obj, "hpet", "maybe", &err));
    assert_error(err, "Parameter 'hpet' expects 'on' or 'off'");
    assert_false(object_property_parse(obj, "foo", "bar", &err));
    assert_error(err, "Property 'pc-i440fx-7.2-machine.foo' not found");
}

static void small_below_4g_fn(void *opaque)
{
    PCTestArgs a = {.machine = "pc"};
    Object *obj = OBJECT(pc_test_prepare(&a, &error_abort));

    object_property_parse(obj, "max-ram-below-4g", "0x100", &error_abort);
}

static void test_small_below_4g_warns(void **state)
{
    ChildResult r;

    pc_test_teardown(NULL);
    r = run_in_child(small_below_4g_fn, NULL);
    assert_true(r.exited);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "emu: warning: Only 256 bytes of RAM below "
                               "the 4GiB boundary,BIOS may not work with "
                               "less than 1MiB\n");
    g_free(r.err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_types_registered),
        pc_test(test_default_and_alias),
        pc_test(test_distribution_aliases),
        pc_test(test_machine_help),
        pc_test(test_class_defaults),
        pc_test(test_version_rules),
        pc_test(test_smp_by_version),
        pc_test(test_smp_limit),
        pc_test(test_compat_props_exist),
        pc_test(test_compat_props_applied),
        pc_test(test_compat_props_newest),
        pc_test(test_machine_properties),
        pc_test(test_machine_property_errors),
        pc_test(test_small_below_4g_warns),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
