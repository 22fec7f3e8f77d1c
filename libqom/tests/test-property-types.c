/*
 * Unit tests for the typed property helpers (property-types.c): str, bool
 * and enum properties over C accessors, and the field-backed integer
 * properties, in their object_ and object_class_ forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_TEST_DEV "test-types-dev"
#define TYPE_TEST_DEV_SUB "test-types-dev-sub"

typedef enum {
    MODE_OFF,
    MODE_AUTO,
    MODE_FORCE,
    MODE__MAX,
} TestMode;

static const char *const mode_names[] = {"off", "auto", "force"};
static const QEnumLookup mode_lookup = {
    .array = mode_names,
    .size = MODE__MAX,
};

typedef struct TestDev {
    Object parent_obj;
    char *name;
    bool on;
    int mode;
    /* Fields behind the integer properties. */
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int64_t i64;
    uint64_t size;
    /* The same, behind class properties. */
    uint8_t c_u8;
    uint16_t c_u16;
    uint32_t c_u32;
    uint64_t c_u64;
    int64_t c_i64;
    uint64_t c_size;
    bool fail_get;
} TestDev;

static TestDev *test_dev(Object *obj)
{
    return (TestDev *)obj;
}

static char *dev_get_name(Object *obj, Error **errp)
{
    if (test_dev(obj)->fail_get) {
        error_setg(errp, "name unavailable");
        return NULL;
    }
    return g_strdup(test_dev(obj)->name);
}

static void dev_set_name(Object *obj, const char *value, Error **errp)
{
    g_free(test_dev(obj)->name);
    test_dev(obj)->name = g_strdup(value);
}

static bool dev_get_on(Object *obj, Error **errp)
{
    if (test_dev(obj)->fail_get) {
        error_setg(errp, "state unavailable");
        return false;
    }
    return test_dev(obj)->on;
}

static void dev_set_on(Object *obj, bool value, Error **errp)
{
    test_dev(obj)->on = value;
}

static int dev_get_mode(Object *obj, Error **errp)
{
    if (test_dev(obj)->fail_get) {
        error_setg(errp, "mode unavailable");
        return -1;
    }
    return test_dev(obj)->mode;
}

static void dev_set_mode(Object *obj, int value, Error **errp)
{
    if (value == MODE_FORCE && !test_dev(obj)->on) {
        error_setg(errp, "mode 'force' needs 'on'");
        return;
    }
    test_dev(obj)->mode = value;
}

static void dev_class_init(ObjectClass *oc, void *data)
{
    ObjectProperty *op;

    object_class_property_add_str(oc, "cname", dev_get_name, dev_set_name);
    object_class_property_add_str(oc, "cname-ro", dev_get_name, NULL);
    object_class_property_add_bool(oc, "con", dev_get_on, dev_set_on);
    op = object_class_property_add_enum(oc, "cmode", "TestMode", &mode_lookup,
                                        dev_get_mode, dev_set_mode);
    object_property_set_default_str(op, "auto");

    object_class_property_add_uint8_ptr(oc, "c-u8",
                                        (uint8_t *)offsetof(TestDev, c_u8),
                                        OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_uint16_ptr(oc, "c-u16",
                                         (uint16_t *)offsetof(TestDev, c_u16),
                                         OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_uint32_ptr(
        oc, "c-u32", (uint32_t *)offsetof(TestDev, c_u32), OBJ_PROP_FLAG_READ);
    object_class_property_add_uint64_ptr(
        oc, "c-u64", (uint64_t *)offsetof(TestDev, c_u64), OBJ_PROP_FLAG_WRITE);
    object_class_property_add_int64_ptr(oc, "c-i64",
                                        (int64_t *)offsetof(TestDev, c_i64),
                                        OBJ_PROP_FLAG_READWRITE);
    op = object_class_property_add_size_ptr(
        oc, "c-size", (uint64_t *)offsetof(TestDev, c_size),
        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(op, 4096);
}

static void dev_instance_init(Object *obj)
{
    TestDev *s = test_dev(obj);

    object_property_add_str(obj, "name", dev_get_name, dev_set_name);
    object_property_add_bool(obj, "on", dev_get_on, dev_set_on);
    object_property_add_bool(obj, "on-ro", dev_get_on, NULL);
    object_property_add_enum(obj, "mode", "TestMode", &mode_lookup,
                             dev_get_mode, dev_set_mode);
    object_property_add_uint8_ptr(obj, "u8", &s->u8, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &s->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &s->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &s->u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_int64_ptr(obj, "i64", &s->i64, OBJ_PROP_FLAG_READWRITE);
    object_property_add_size_ptr(obj, "size", &s->size,
                                 OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32-ro", &s->u32, OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "u32-wo", &s->u32, OBJ_PROP_FLAG_WRITE);
}

static void dev_instance_finalize(Object *obj)
{
    g_free(test_dev(obj)->name);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestDev),
        .instance_init = dev_instance_init,
        .instance_finalize = dev_instance_finalize,
        .class_init = dev_class_init,
    },
    {
        .name = TYPE_TEST_DEV_SUB,
        .parent = TYPE_TEST_DEV,
    },
};

DEFINE_TYPES(test_types)

static void check_error(Error **errp, const char *msg)
{
    assert_non_null(*errp);
    assert_string_equal(error_get_pretty(*errp), msg);
    error_free(*errp);
    *errp = NULL;
}

static void check_print(Object *obj, const char *name, bool human,
                        const char *want)
{
    g_autofree char *got =
        object_property_print(obj, name, human, &error_abort);

    assert_string_equal(got, want);
}

static void test_type_names(void **state)
{
    static const struct {
        const char *prop;
        const char *type;
    } want[] = {
        {"name", "string"},  {"cname", "string"},  {"on", "bool"},
        {"con", "bool"},     {"mode", "TestMode"}, {"cmode", "TestMode"},
        {"u8", "uint8"},     {"u16", "uint16"},    {"u32", "uint32"},
        {"u64", "uint64"},   {"i64", "int"},       {"size", "size"},
        {"c-u8", "uint8"},   {"c-u16", "uint16"},  {"c-u32", "uint32"},
        {"c-u64", "uint64"}, {"c-i64", "int"},     {"c-size", "size"},
    };
    Object *obj = object_new(TYPE_TEST_DEV);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(want); i++) {
        assert_string_equal(
            object_property_get_type(obj, want[i].prop, &error_abort),
            want[i].type);
    }
    object_unref(obj);
}

static void test_str_property(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    Error *err = NULL;
    char *str;

    assert_true(object_property_set_str(obj, "name", "uart", &err));
    assert_string_equal(test_dev(obj)->name, "uart");
    str = object_property_get_str(obj, "name", &err);
    assert_string_equal(str, "uart");
    g_free(str);

    /* The class form reaches the same accessors. */
    assert_true(object_property_parse(obj, "cname", "com1", &err));
    str = object_property_get_str(obj, "cname-ro", &err);
    assert_string_equal(str, "com1");
    g_free(str);
    check_print(obj, "cname", true, "\"com1\"");
    check_print(obj, "name", false, "com1");

    assert_false(object_property_set_str(obj, "cname-ro", "x", &err));
    check_error(&err, "Property 'test-types-dev.cname-ro' is not writable");

    /* A getter's error comes back as the property's error. */
    test_dev(obj)->fail_get = true;
    assert_null(object_property_get_str(obj, "name", &err));
    check_error(&err, "name unavailable");
    assert_null(object_property_print(obj, "cname", false, &err));
    check_error(&err, "name unavailable");
    assert_null(err);
    object_unref(obj);
}

static void test_bool_property(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    Error *err = NULL;

    assert_true(object_property_set_bool(obj, "on", true, &err));
    assert_true(test_dev(obj)->on);
    assert_true(object_property_get_bool(obj, "on-ro", &err));
    assert_true(object_property_parse(obj, "con", "off", &err));
    assert_false(object_property_get_bool(obj, "on", &err));
    assert_true(object_property_parse(obj, "con", "yes", &err));
    check_print(obj, "on", false, "true");
    assert_null(err);

    assert_false(object_property_parse(obj, "on-ro", "off", &err));
    check_error(&err, "Property 'test-types-dev.on-ro' is not writable");
    assert_false(object_property_parse(obj, "on", "2", &err));
    check_error(&err, "Parameter 'on' expects 'on' or 'off'");
    assert_false(object_property_set_str(obj, "on", "true", &err));
    check_error(&err, "Invalid parameter type for 'on', expected: boolean");

    test_dev(obj)->fail_get = true;
    assert_false(object_property_get_bool(obj, "con", &err));
    check_error(&err, "state unavailable");
    object_unref(obj);
}

static void test_enum_property(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    Error *err = NULL;
    char *str;

    /* The class property's default went through the enum setter. */
    assert_int_equal(test_dev(obj)->mode, MODE_AUTO);
    assert_int_equal(object_property_get_enum(obj, "cmode", "TestMode", &err),
                     MODE_AUTO);

    assert_true(object_property_set_str(obj, "mode", "off", &err));
    assert_int_equal(test_dev(obj)->mode, MODE_OFF);
    str = object_property_get_str(obj, "mode", &err);
    assert_string_equal(str, "off");
    g_free(str);
    assert_int_equal(object_property_get_enum(obj, "mode", "TestMode", &err),
                     MODE_OFF);
    object_property_set_bool(obj, "on", true, &err);
    assert_true(object_property_parse(obj, "mode", "force", &err));
    check_print(obj, "mode", false, "force");
    check_print(obj, "cmode", true, "\"force\"");
    assert_null(err);

    assert_false(object_property_parse(obj, "mode", "purple", &err));
    check_error(&err, "Parameter 'mode' does not accept value 'purple'");
    assert_false(object_property_set_str(obj, "cmode", "Auto", &err));
    check_error(&err, "Parameter 'cmode' does not accept value 'Auto'");
    assert_false(object_property_set_int(obj, "mode", 1, &err));
    check_error(&err, "Invalid parameter type for 'mode', expected: string");
    assert_int_equal(test_dev(obj)->mode, MODE_FORCE);

    /* The setter still has the last word. */
    object_property_set_bool(obj, "on", false, &err);
    object_property_set_str(obj, "mode", "off", &err);
    assert_false(object_property_set_str(obj, "mode", "force", &err));
    check_error(&err, "mode 'force' needs 'on'");

    assert_int_equal(object_property_get_enum(obj, "mode", "OtherEnum", &err),
                     -1);
    check_error(&err, "Invalid parameter type for 'mode', expected: OtherEnum");
    assert_int_equal(object_property_get_enum(obj, "name", "string", &err), -1);
    check_error(&err, "Invalid parameter type for 'name', expected: string");
    assert_int_equal(object_property_get_enum(obj, "nope", "TestMode", &err),
                     -1);
    check_error(&err, "Property 'test-types-dev.nope' not found");

    /* A getter returning a value outside the enum. */
    test_dev(obj)->mode = 7;
    assert_null(object_property_get_str(obj, "mode", &err));
    check_error(&err, "Invalid parameter 'mode'");
    assert_int_equal(object_property_get_enum(obj, "mode", "TestMode", &err),
                     -1);
    check_error(&err, "Invalid parameter 'mode'");
    test_dev(obj)->fail_get = true;
    assert_int_equal(object_property_get_enum(obj, "cmode", "TestMode", &err),
                     -1);
    check_error(&err, "mode unavailable");
    object_unref(obj);
}

static void test_uint_ptr_properties(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    TestDev *s = test_dev(obj);
    Error *err = NULL;

    assert_true(object_property_set_uint(obj, "u8", 255, &err));
    assert_int_equal(s->u8, 255);
    assert_true(object_property_set_uint(obj, "u16", 65535, &err));
    assert_int_equal(s->u16, 65535);
    assert_true(object_property_set_uint(obj, "u32", UINT32_MAX, &err));
    assert_int_equal(s->u32, UINT32_MAX);
    assert_true(object_property_set_uint(obj, "u64", UINT64_MAX, &err));
    assert_true(s->u64 == UINT64_MAX);
    assert_null(err);
    assert_int_equal(object_property_get_uint(obj, "u8", &err), 255);
    assert_int_equal(object_property_get_uint(obj, "u16", &err), 65535);
    assert_int_equal(object_property_get_uint(obj, "u32", &err), UINT32_MAX);
    assert_true(object_property_get_uint(obj, "u64", &err) == UINT64_MAX);
    assert_null(err);

    /* Out of range: refused, and the field keeps its value. */
    assert_false(object_property_set_uint(obj, "u8", 256, &err));
    check_error(&err, "Parameter 'u8' expects uint8_t");
    assert_false(object_property_parse(obj, "u8", "0x100", &err));
    check_error(&err, "Parameter 'u8' expects uint8_t");
    assert_int_equal(s->u8, 255);
    assert_false(object_property_parse(obj, "u16", "65536", &err));
    check_error(&err, "Parameter 'u16' expects uint16_t");
    assert_false(object_property_set_uint(obj, "u32", 1ULL << 32, &err));
    check_error(&err, "Parameter 'u32' expects uint32_t");
    assert_false(object_property_parse(obj, "u64", "-1", &err));
    check_error(&err, "Parameter 'u64' expects a uint64 value");
    assert_false(object_property_parse(obj, "u8", "lots", &err));
    check_error(&err, "Parameter 'u8' expects a uint64 value");
    assert_int_equal(s->u8, 255);
    assert_int_equal(s->u16, 65535);

    assert_true(object_property_parse(obj, "u16", "0x10", &err));
    assert_int_equal(s->u16, 16);
    check_print(obj, "u16", true, "16 (0x10)");
    check_print(obj, "u8", false, "255");
    object_unref(obj);
}

static void test_int_and_size_properties(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    TestDev *s = test_dev(obj);
    Error *err = NULL;

    assert_true(object_property_parse(obj, "i64", "-12", &err));
    assert_int_equal(s->i64, -12);
    assert_int_equal(object_property_get_int(obj, "i64", &err), -12);
    check_print(obj, "i64", false, "-12");
    assert_true(object_property_set_int(obj, "i64", INT64_MIN, &err));
    assert_true(s->i64 == INT64_MIN);
    assert_false(object_property_set_uint(obj, "i64", 1ULL << 63, &err));
    check_error(&err, "Parameter 'i64' expects int64");

    assert_true(object_property_parse(obj, "size", "2G", &err));
    assert_true(s->size == 2ULL << 30);
    check_print(obj, "size", true, "2147483648 (2 GiB)");
    check_print(obj, "size", false, "2147483648");
    assert_true(object_property_parse(obj, "size", "1.5M", &err));
    assert_true(s->size == 1572864);
    assert_true(object_property_set_int(obj, "size", 512, &err));
    assert_int_equal(object_property_get_uint(obj, "size", &err), 512);
    assert_null(err);
    assert_false(object_property_set_int(obj, "size", -1, &err));
    check_error(&err, "Parameter 'size' expects size");
    assert_false(object_property_parse(obj, "size", "1Q", &err));
    check_error(&err, "Parameter 'size' expects a size value");
    assert_int_equal(s->size, 512);
    object_unref(obj);
}

static void test_read_only_and_write_only(void **state)
{
    Object *obj = object_new(TYPE_TEST_DEV);
    TestDev *s = test_dev(obj);
    Error *err = NULL;

    s->u32 = 5;
    assert_int_equal(object_property_get_uint(obj, "u32-ro", &err), 5);
    assert_false(object_property_set_uint(obj, "u32-ro", 6, &err));
    check_error(&err, "Property 'test-types-dev.u32-ro' is not writable");
    assert_false(object_property_parse(obj, "u32-ro", "6", &err));
    check_error(&err, "Property 'test-types-dev.u32-ro' is not writable");
    assert_int_equal(s->u32, 5);

    assert_true(object_property_set_uint(obj, "u32-wo", 6, &err));
    assert_int_equal(s->u32, 6);
    assert_int_equal(object_property_get_uint(obj, "u32-wo", &err), 0);
    check_error(&err, "Property 'test-types-dev.u32-wo' is not readable");

    /* Same for the class forms. */
    assert_false(object_property_set_uint(obj, "c-u32", 1, &err));
    check_error(&err, "Property 'test-types-dev.c-u32' is not writable");
    assert_true(object_property_set_uint(obj, "c-u64", 1, &err));
    assert_null(object_property_print(obj, "c-u64", false, &err));
    check_error(&err, "Property 'test-types-dev.c-u64' is not readable");
    object_unref(obj);
}

static void test_class_ptr_properties(void **state)
{
    Object *a = object_new(TYPE_TEST_DEV);
    Object *b = object_new(TYPE_TEST_DEV_SUB);
    Error *err = NULL;

    /* One class property, a field in each instance. */
    assert_true(object_property_set_uint(a, "c-u8", 1, &err));
    assert_true(object_property_set_uint(b, "c-u8", 2, &err));
    assert_int_equal(test_dev(a)->c_u8, 1);
    assert_int_equal(test_dev(b)->c_u8, 2);
    assert_int_equal(object_property_get_uint(a, "c-u8", &err), 1);
    assert_int_equal(object_property_get_uint(b, "c-u8", &err), 2);

    assert_true(object_property_parse(a, "c-u16", "300", &err));
    assert_int_equal(test_dev(a)->c_u16, 300);
    test_dev(b)->c_u32 = 77;
    assert_int_equal(object_property_get_uint(b, "c-u32", &err), 77);
    assert_true(object_property_set_uint(b, "c-u64", 1ULL << 40, &err));
    assert_true(test_dev(b)->c_u64 == 1ULL << 40);
    assert_true(object_property_set_int(a, "c-i64", -3, &err));
    assert_true(test_dev(a)->c_i64 == -3);
    assert_null(err);

    /* Class defaults reach subclass instances too. */
    assert_true(test_dev(a)->c_size == 4096);
    assert_true(test_dev(b)->c_size == 4096);
    assert_int_equal(test_dev(b)->mode, MODE_AUTO);
    assert_true(object_property_parse(b, "c-size", "64K", &err));
    assert_true(test_dev(b)->c_size == 65536);
    assert_true(test_dev(a)->c_size == 4096);

    assert_false(object_property_set_uint(a, "c-u8", 1000, &err));
    check_error(&err, "Parameter 'c-u8' expects uint8_t");
    assert_int_equal(test_dev(a)->c_u8, 1);
    object_unref(a);
    object_unref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_str_property),
        cmocka_unit_test(test_bool_property),
        cmocka_unit_test(test_enum_property),
        cmocka_unit_test(test_uint_ptr_properties),
        cmocka_unit_test(test_int_and_size_properties),
        cmocka_unit_test(test_read_only_and_write_only),
        cmocka_unit_test(test_class_ptr_properties),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
