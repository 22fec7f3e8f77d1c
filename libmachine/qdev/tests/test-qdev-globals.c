/*
 * Unit tests for -global and compat properties: which devices they reach
 * (the type and its subclasses), the order against defaults, instance
 * init and the user's values, failures, and the unused-global warnings.
 */
#include <string.h>

#include "qdev-test.h"

#define TYPE_GBASE "test-gbase"
#define TYPE_GSUB "test-gsub"
#define TYPE_GOTHER "test-gother"
#define TYPE_GNOHP "test-gnohp"

typedef struct GDev {
    DeviceState parent_obj;
    uint32_t level;
    uint32_t init_level;
    char *label;
    /* What instance_init saw, and what it set. */
    uint32_t level_at_init;
} GDev;

static Property gdev_props[] = {
    DEFINE_PROP_UINT32("level", GDev, level, 1),
    DEFINE_PROP_UINT32("init-level", GDev, init_level, 1),
    DEFINE_PROP_STRING("label", GDev, label),
    DEFINE_PROP_END_OF_LIST(),
};

static void gdev_init(Object *obj)
{
    GDev *s = (GDev *)obj;

    s->level_at_init = s->level;
    /* A device may compute a default in instance_init: -global wins. */
    s->init_level = 100;
}

static void gdev_class_init(ObjectClass *oc, void *data)
{
    device_class_set_props(DEVICE_CLASS(oc), gdev_props);
}

static void gnohp_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->hotpluggable = false;
}

static const TypeInfo global_types[] = {
    {
        .name = TYPE_GBASE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(GDev),
        .instance_init = gdev_init,
        .class_init = gdev_class_init,
    },
    {
        .name = TYPE_GSUB,
        .parent = TYPE_GBASE,
    },
    {
        .name = TYPE_GOTHER,
        .parent = TYPE_GBASE,
    },
    {
        .name = TYPE_GNOHP,
        .parent = TYPE_GBASE,
        .class_init = gnohp_class_init,
    },
};

DEFINE_TYPES(global_types)

static GDev *gdev_new(const char *type)
{
    return (GDev *)qdev_new(type);
}

static void test_global_applies(void **state)
{
    GDev *s;

    qdev_prop_register_global(TYPE_GSUB, "level", "5");
    s = gdev_new(TYPE_GSUB);
    assert_int_equal(s->level, 5);
    /* Globals come after the defaults and instance_init. */
    assert_int_equal(s->level_at_init, 1);
    assert_null(DEVICE(s)->global_error);
    object_unref(s);
    /* Not for other types. */
    s = gdev_new(TYPE_GOTHER);
    assert_int_equal(s->level, 1);
    object_unref(s);
}

static void test_global_subclasses(void **state)
{
    GDev *sub, *base;

    /* A global on a parent type reaches every subclass. */
    qdev_prop_register_global(TYPE_GBASE, "level", "7");
    sub = gdev_new(TYPE_GSUB);
    base = gdev_new(TYPE_GBASE);
    assert_int_equal(sub->level, 7);
    assert_int_equal(base->level, 7);
    object_unref(sub);
    object_unref(base);
    /* And the abstract "device" reaches them all. */
    qdev_prop_register_global(TYPE_DEVICE, "label", "all");
    sub = gdev_new(TYPE_GOTHER);
    assert_string_equal(sub->label, "all");
    object_unref(sub);
}

static void test_global_order(void **state)
{
    GDev *s;
    static const char *const user[] = {"level", "9", NULL};

    qdev_prop_register_global(TYPE_GBASE, "init-level", "3");
    qdev_prop_register_global(TYPE_GBASE, "level", "4");
    /* The later of two globals for the same property wins. */
    qdev_prop_register_global(TYPE_GSUB, "level", "6");
    s = gdev_new(TYPE_GSUB);
    assert_int_equal(s->init_level, 3);
    assert_int_equal(s->level, 6);
    object_unref(s);
    /* The user's value (-device) comes last. */
    s = (GDev *)qdev_device_add_from_props(TYPE_GSUB, "g", user, &error_abort);
    assert_int_equal(s->level, 9);
    assert_int_equal(s->init_level, 3);
    object_unref(s);
}

static void test_global_unknown_property(void **state)
{
    GDev *s;
    Error *err = NULL;

    qdev_prop_register_global(TYPE_GSUB, "bogus", "1");
    s = gdev_new(TYPE_GSUB);
    /* Reported when the device is realized. */
    assert_false(qdev_realize(DEVICE(s), NULL, &err));
    assert_error(err, "can't apply global test-gsub.bogus=1: Property "
                      "'test-gsub.bogus' not found");
    assert_false(DEVICE(s)->realized);
    assert_null(OBJECT(s)->parent);
    object_unref(s);
}

static void test_global_bad_value(void **state)
{
    GDev *s;
    Error *err = NULL;

    qdev_prop_register_global(TYPE_GBASE, "level", "foo");
    qdev_prop_register_global(TYPE_GBASE, "label", "kept");
    s = gdev_new(TYPE_GBASE);
    assert_false(qdev_realize(DEVICE(s), NULL, &err));
    /* The reason is the property parser's (libqom's string input). */
    assert_true(g_str_has_prefix(error_get_pretty(err),
                                 "can't apply global test-gbase.level=foo: "
                                 "Parameter 'level' expects"));
    error_free(err);
    /* The first failure stops the rest. */
    assert_null(s->label);
    object_unref(s);
}

static void test_global_optional_and_compat(void **state)
{
    GlobalProperty opt = {
        .driver = TYPE_GBASE,
        .property = "nosuch",
        .value = "1",
        .optional = true,
    };
    GlobalProperty machine_prop = {
        .driver = TYPE_GBASE,
        .property = "level",
        .value = "20",
    };
    GlobalProperty accel_prop = {
        .driver = TYPE_GBASE,
        .property = "level",
        .value = "10",
    };
    GlobalProperty accel_label = {
        .driver = TYPE_GBASE,
        .property = "label",
        .value = "accel",
    };
    GPtrArray *machine = g_ptr_array_new();
    GPtrArray *accel = g_ptr_array_new();
    GDev *s;

    qdev_prop_register_global_prop(&opt);
    s = gdev_new(TYPE_GBASE);
    assert_null(DEVICE(s)->global_error);
    assert_false(opt.used);
    object_unref(s);

    /* Accelerator, then machine, then -global. */
    g_ptr_array_add(accel, &accel_prop);
    g_ptr_array_add(accel, &accel_label);
    g_ptr_array_add(machine, &machine_prop);
    qdev_set_accel_compat_props(accel);
    qdev_set_machine_compat_props(machine);
    s = gdev_new(TYPE_GBASE);
    assert_int_equal(s->level, 20);
    assert_string_equal(s->label, "accel");
    object_unref(s);
    qdev_prop_register_global(TYPE_GBASE, "level", "30");
    s = gdev_new(TYPE_GBASE);
    assert_int_equal(s->level, 30);
    object_unref(s);
    assert_true(machine_prop.used);
    qdev_set_accel_compat_props(NULL);
    qdev_set_machine_compat_props(NULL);
    g_ptr_array_free(machine, true);
    g_ptr_array_free(accel, true);
}

static void apply_with_warnings(void *opaque)
{
    GlobalProperty bad = {
        .driver = TYPE_GBASE,
        .property = "bogus",
        .value = "x",
    };
    GPtrArray *props = g_ptr_array_new();
    Object *obj = object_new(TYPE_GSUB);

    g_ptr_array_add(props, &bad);
    /* Without errp each failure is a warning and the rest go on. */
    object_apply_global_props(obj, props, NULL);
    object_unref(obj);
    g_ptr_array_free(props, true);
}

static void test_apply_global_props_warns(void **state)
{
    ChildResult r = run_in_child(apply_with_warnings, NULL);

    assert_true(r.exited);
    assert_string_equal(r.err, "emu: warning: can't apply global "
                               "test-gbase.bogus=x: Property "
                               "'test-gsub.bogus' not found\n");
    g_free(r.err);
}

static void check_globals_child(void *opaque)
{
    GDev *s;

    qdev_prop_register_global("bogusdrv", "x", "1");
    qdev_prop_register_global(TYPE_CONTAINER, "y", "2");
    /* Unused, but a hotpluggable device may still come: no warning. */
    qdev_prop_register_global(TYPE_GOTHER, "level", "3");
    qdev_prop_register_global(TYPE_GNOHP, "level", "4");
    qdev_prop_register_global(TYPE_GSUB, "level", "5");
    s = gdev_new(TYPE_GSUB);
    object_unref(s);
    exit(qdev_prop_check_globals() ? 3 : 0);
}

static void test_check_globals(void **state)
{
    ChildResult r = run_in_child(check_globals_child, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 3);
    assert_string_equal(r.err,
                        "emu: warning: global bogusdrv.x has invalid class "
                        "name\n"
                        "emu: warning: global container.y has invalid class "
                        "name\n"
                        "emu: warning: global test-gnohp.level=4 not used\n");
    g_free(r.err);
}

static void test_check_globals_quiet(void **state)
{
    GDev *s;

    assert_false(qdev_prop_check_globals());
    qdev_prop_register_global(TYPE_GNOHP, "level", "4");
    s = gdev_new(TYPE_GNOHP);
    assert_int_equal(s->level, 4);
    object_unref(s);
    assert_false(qdev_prop_check_globals());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        qdev_unit_test(test_global_applies),
        qdev_unit_test(test_global_subclasses),
        qdev_unit_test(test_global_order),
        qdev_unit_test(test_global_unknown_property),
        qdev_unit_test(test_global_bad_value),
        qdev_unit_test(test_global_optional_and_compat),
        qdev_unit_test(test_apply_global_props_warns),
        qdev_unit_test(test_check_globals),
        qdev_unit_test(test_check_globals_quiet),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
