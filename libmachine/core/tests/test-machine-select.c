/*
 * Unit tests for choosing the machine type: the default machine, -machine
 * type= by name, alias or distribution alias, unknown names, the
 * -machine help listing and the deprecation warning (QEMU 7.2's
 * behaviour and texts, checked against qemu-system-x86_64 7.2).
 */
#include <string.h>

#include "machine-test.h"

/*
 * A versioned family as QEMU's pc machines: 2.10 (newest, no alias),
 * 2.1 (alias "tb", default, a distribution alias), 2.0 (deprecated).
 */
static bool test_board_init(MachineState *ms, Error **errp)
{
    return true;
}

static const char *const tb_21_compat_aliases[] = {"test-board-trusty", NULL};

static void test_board_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->family = "test_fam";
    mc->desc = "Test board (family)";
    mc->init = test_board_init;
    mc->max_cpus = 64;
}

static void test_board_2_10_class_init(ObjectClass *oc, void *data)
{
    MACHINE_CLASS(oc)->desc = "Test board, newer";
}

static void test_board_2_1_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->alias = "tb";
    mc->is_default = true;
    mc->compat_aliases = tb_21_compat_aliases;
}

static void test_board_2_0_class_init(ObjectClass *oc, void *data)
{
    MACHINE_CLASS(oc)->deprecation_reason = "old - use a newer version";
}

/* A family that sorts before test_fam, and a machine without family. */
static void alpha_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->family = "alpha_fam";
    mc->desc = "Alpha board";
    mc->init = test_board_init;
}

static void zeta_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "Zeta board";
    mc->alias = "z";
    mc->init = test_board_init;
}

#define TYPE_TEST_BOARD "test-board-base"

static const TypeInfo select_test_types[] = {
    {
        .name = TYPE_TEST_BOARD,
        .parent = TYPE_MACHINE,
        .abstract = true,
        .class_init = test_board_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("test-board-2.10"),
        .parent = TYPE_TEST_BOARD,
        .class_init = test_board_2_10_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("test-board-2.1"),
        .parent = TYPE_TEST_BOARD,
        .class_init = test_board_2_1_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("test-board-2.0"),
        .parent = TYPE_TEST_BOARD,
        .class_init = test_board_2_0_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("alpha"),
        .parent = TYPE_MACHINE,
        .class_init = alpha_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("zeta"),
        .parent = TYPE_MACHINE,
        .class_init = zeta_class_init,
    },
};

DEFINE_TYPES(select_test_types)

static void test_select_default(void **state)
{
    MachineClass *mc = select_machine(NULL, &error_abort);

    assert_non_null(mc);
    assert_string_equal(mc->name, "test-board-2.1");
    assert_ptr_equal(find_default_machine(), mc);
    assert_string_equal(object_class_get_name(OBJECT_CLASS(mc)),
                        "test-board-2.1-machine");
}

static void test_select_by_name(void **state)
{
    MachineClass *mc = select_machine("test-board-2.0", &error_abort);

    assert_string_equal(mc->name, "test-board-2.0");
    mc = select_machine("none", &error_abort);
    assert_string_equal(object_class_get_name(OBJECT_CLASS(mc)),
                        MACHINE_TYPE_NAME("none"));
    /* The QOM type name is not a -machine name. */
    assert_null(find_machine("test-board-2.0-machine"));
}

static void test_select_by_alias(void **state)
{
    MachineClass *mc = select_machine("tb", &error_abort);

    assert_string_equal(mc->name, "test-board-2.1");
    assert_ptr_equal(select_machine("z", &error_abort), find_machine("zeta"));
}

static void test_select_by_compat_alias(void **state)
{
    /* The seed's OpenStack line uses "-machine pc-i440fx-trusty". */
    MachineClass *mc = select_machine("test-board-trusty", &error_abort);

    assert_string_equal(mc->name, "test-board-2.1");
}

static void test_select_unknown(void **state)
{
    Error *err = NULL;

    assert_null(select_machine("foo", &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), "unsupported machine type");
    error_free(err);
    err = NULL;
    /* An abstract class and an empty name are no machines either. */
    assert_null(select_machine("test-board-base", &err));
    assert_error(err, "unsupported machine type");
    assert_null(select_machine("", &err));
    assert_error(err, "unsupported machine type");
}

static void select_foo_fatal(void *opaque)
{
    select_machine("foo", &error_fatal);
}

static void test_select_unknown_message(void **state)
{
    /* qemu-system-x86_64 -machine foo, word for word (with the hint). */
    ChildResult r = run_in_child(select_foo_fatal, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err,
                        "emu: unsupported machine type\n"
                        "Use -machine help to list supported machines\n");
    g_free(r.err);
}

static void help_fn(void *opaque, FILE *out)
{
    machine_help_func(out);
}

static void test_help_layout(void **state)
{
    g_autofree char *out = capture_output(help_fn, NULL);

    /*
     * QEMU's layout: families first (alpha_fam, test_fam), versions newest
     * first by type name ("2.10" > "2.1" > "2.0"), the alias line before
     * its machine, then machines without family in increasing order.
     */
    assert_string_equal(
        out,
        "Supported machines are:\n"
        "alpha                Alpha board\n"
        "test-board-2.10      Test board, newer\n"
        "tb                   Test board (family) (alias of test-board-2.1)\n"
        "test-board-trusty    Test board (family) (alias of test-board-2.1)\n"
        "test-board-2.1       Test board (family) (default)\n"
        "test-board-2.0       Test board (family) (deprecated)\n"
        "none                 empty machine\n"
        "z                    Zeta board (alias of zeta)\n"
        "zeta                 Zeta board\n");
}

static void test_class_defaults(void **state)
{
    MachineClass *tb21 = find_machine("test-board-2.1");
    MachineClass *tb20 = find_machine("test-board-2.0");
    MachineClass *zeta = find_machine("zeta");

    /* QEMU's defaults: one CPU, 128 MiB. */
    assert_int_equal(zeta->max_cpus, 1);
    assert_int_equal(zeta->min_cpus, 1);
    assert_int_equal(zeta->default_cpus, 1);
    assert_int_equal(zeta->default_ram_size, 128 * MiB);
    assert_false(zeta->smp_props.prefer_sockets);
    assert_false(zeta->smp_props.dies_supported);
    /* Inherited from the abstract family class. */
    assert_int_equal(tb21->max_cpus, 64);
    assert_string_equal(tb21->family, "test_fam");
    /* Every concrete class has its own compat property array. */
    assert_non_null(tb21->compat_props);
    assert_non_null(tb20->compat_props);
    assert_ptr_not_equal(tb21->compat_props, tb20->compat_props);
    assert_int_equal(tb21->compat_props->len, 0);
}

static void deprecated_fn(void *opaque)
{
    machine_warn_if_deprecated(find_machine("test-board-2.1"));
    machine_warn_if_deprecated(find_machine("test-board-2.0"));
}

static void test_deprecation_warning(void **state)
{
    ChildResult r = run_in_child(deprecated_fn, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "emu: warning: Machine type 'test-board-2.0' "
                               "is deprecated: old - use a newer version\n");
    g_free(r.err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_default),
        cmocka_unit_test(test_select_by_name),
        cmocka_unit_test(test_select_by_alias),
        cmocka_unit_test(test_select_by_compat_alias),
        cmocka_unit_test(test_select_unknown),
        cmocka_unit_test(test_select_unknown_message),
        cmocka_unit_test(test_help_layout),
        cmocka_unit_test(test_class_defaults),
        cmocka_unit_test(test_deprecation_warning),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
