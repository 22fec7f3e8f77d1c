/*
 * Unit tests for the property core (property.c): adding, finding,
 * iterating and deleting properties, generic and typed set/get, parse and
 * print, descriptions and class property defaults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_TEST_BASE "test-prop-base"
#define TYPE_TEST_SUB "test-prop-sub"
#define TYPE_TEST_DUP "test-prop-dup"

typedef struct TestBase {
    Object parent_obj;
    bool flag;
    uint32_t level;
    char *label;
    uint64_t mem;
    int64_t offset;
    /* What instance_init saw: the defaults must already be there. */
    bool flag_at_init;
    uint32_t level_at_init;
    char *label_at_init;
    int64_t value;
} TestBase;

static bool base_get_flag(Object *obj, Error **errp)
{
    return ((TestBase *)obj)->flag;
}

static void base_set_flag(Object *obj, bool value, Error **errp)
{
    ((TestBase *)obj)->flag = value;
}

static char *base_get_label(Object *obj, Error **errp)
{
    return g_strdup(((TestBase *)obj)->label);
}

static void base_set_label(Object *obj, const char *value, Error **errp)
{
    TestBase *s = (TestBase *)obj;

    if (g_str_equal(value, "forbidden")) {
        error_setg(errp, "Label '%s' is reserved", value);
        return;
    }
    g_free(s->label);
    s->label = g_strdup(value);
}

static void base_class_init(ObjectClass *oc, void *data)
{
    ObjectProperty *op;

    op = object_class_property_add_bool(oc, "flag", base_get_flag,
                                        base_set_flag);
    object_property_set_default_bool(op, true);
    op = object_class_property_add_uint32_ptr(
        oc, "level", (uint32_t *)offsetof(TestBase, level),
        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(op, 7);
    op = object_class_property_add_str(oc, "label", base_get_label,
                                       base_set_label);
    object_property_set_default_str(op, "dflt");
    object_class_property_set_description(oc, "label", "A friendly name");
    op = object_class_property_add_size_ptr(oc, "mem",
                                            (uint64_t *)offsetof(TestBase, mem),
                                            OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(op, 128 * 1024 * 1024);
    op = object_class_property_add_int64_ptr(
        oc, "offset", (int64_t *)offsetof(TestBase, offset),
        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_int(op, -42);
}

static void base_instance_init(Object *obj)
{
    TestBase *s = (TestBase *)obj;

    s->flag_at_init = s->flag;
    s->level_at_init = s->level;
    s->label_at_init = g_strdup(s->label);
}

static void base_instance_finalize(Object *obj)
{
    TestBase *s = (TestBase *)obj;

    g_free(s->label);
    g_free(s->label_at_init);
}

static void sub_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_bool(oc, "extra", base_get_flag, NULL);
}

/* A subclass that re-adds its parent's property: a programming error. */
static void dup_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_bool(oc, "flag", base_get_flag, NULL);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_BASE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestBase),
        .instance_init = base_instance_init,
        .instance_finalize = base_instance_finalize,
        .class_init = base_class_init,
    },
    {
        .name = TYPE_TEST_SUB,
        .parent = TYPE_TEST_BASE,
        .class_init = sub_class_init,
    },
    {
        .name = TYPE_TEST_DUP,
        .parent = TYPE_TEST_BASE,
        .class_init = dup_class_init,
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

/* ---- A hand-made instance property with counting accessors ---- */

typedef struct Counter {
    int gets;
    int sets;
    int releases;
    char released_name[16];
    bool fail;
} Counter;

static void counter_get(Object *obj, Visitor *v, const char *name, void *opaque,
                        Error **errp)
{
    Counter *c = opaque;
    int64_t value = ((TestBase *)obj)->value;

    c->gets++;
    visit_type_int(v, name, &value, errp);
}

static void counter_set(Object *obj, Visitor *v, const char *name, void *opaque,
                        Error **errp)
{
    Counter *c = opaque;
    int64_t value;

    c->sets++;
    if (!visit_type_int(v, name, &value, errp)) {
        return;
    }
    if (c->fail) {
        error_setg(errp, "Property '%s' refuses %" PRId64, name, value);
        return;
    }
    ((TestBase *)obj)->value = value;
}

static void counter_release(Object *obj, const char *name, void *opaque)
{
    Counter *c = opaque;

    c->releases++;
    g_strlcpy(c->released_name, name, sizeof(c->released_name));
}

/* ---- Adding, finding, deleting ---- */

static void test_add_find_del(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    Counter c = {0};
    Error *err = NULL;
    ObjectProperty *op;

    op = object_property_add(obj, "count", "int", counter_get, counter_set,
                             counter_release, &c);
    assert_non_null(op);
    assert_string_equal(op->name, "count");
    assert_string_equal(op->type, "int");
    assert_ptr_equal(op->opaque, &c);
    assert_null(op->description);
    assert_ptr_equal(object_property_find(obj, "count"), op);
    assert_ptr_equal(object_property_find_err(obj, "count", &error_abort), op);
    assert_string_equal(object_property_get_type(obj, "count", &err), "int");
    /* Class properties are found through the instance too. */
    assert_string_equal(object_property_get_type(obj, "flag", &err), "bool");
    assert_string_equal(object_property_get_type(obj, "level", &err), "uint32");

    assert_null(object_property_find(obj, "nope"));
    assert_null(object_property_find_err(obj, "nope", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_null(object_property_get_type(obj, "nope", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");

    object_property_del(obj, "count");
    assert_int_equal(c.releases, 1);
    assert_string_equal(c.released_name, "count");
    assert_null(object_property_find(obj, "count"));
    /* Deleting what is not there is harmless. */
    object_property_del(obj, "count");
    assert_int_equal(c.releases, 1);

    object_unref(obj);
    assert_int_equal(c.releases, 1);
}

static void test_try_add_duplicate(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    Counter c = {0};
    Error *err = NULL;

    assert_non_null(object_property_try_add(obj, "count", "int", counter_get,
                                            counter_set, NULL, &c, &err));
    assert_null(err);
    assert_null(object_property_try_add(obj, "count", "int", counter_get, NULL,
                                        NULL, &c, &err));
    check_error(&err, "attempt to add duplicate property 'count' to object "
                      "(type 'test-prop-base')");
    /* A class property's name is taken as well. */
    assert_null(object_property_try_add(obj, "flag", "bool", NULL, NULL, NULL,
                                        NULL, &err));
    check_error(&err, "attempt to add duplicate property 'flag' to object "
                      "(type 'test-prop-base')");
    object_unref(obj);
}

static void add_duplicate(void *opaque)
{
    Object *obj = object_new(TYPE_TEST_BASE);

    object_property_add(obj, "x", "int", NULL, NULL, NULL, NULL);
    object_property_add(obj, "x", "int", NULL, NULL, NULL, NULL);
}

static void add_class_duplicate(void *opaque)
{
    object_new(TYPE_TEST_DUP);
}

static void test_add_duplicate_aborts(void **state)
{
    assert_child_aborts(add_duplicate, NULL,
                        "attempt to add duplicate property 'x' to object "
                        "(type 'test-prop-base')");
    assert_child_aborts(add_class_duplicate, NULL,
                        "attempt to add duplicate property 'flag' to class "
                        "(type 'test-prop-dup')");
}

static void test_array_names(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    ObjectProperty *op;
    int i;

    for (i = 0; i < 3; i++) {
        g_autofree char *want = g_strdup_printf("slot[%d]", i);

        op = object_property_add(obj, "slot[*]", "int", NULL, NULL, NULL, NULL);
        assert_string_equal(op->name, want);
    }
    /* The first free index is reused. */
    object_property_del(obj, "slot[1]");
    op = object_property_add(obj, "slot[*]", "int", NULL, NULL, NULL, NULL);
    assert_string_equal(op->name, "slot[1]");
    op = object_property_add(obj, "slot[*]", "int", NULL, NULL, NULL, NULL);
    assert_string_equal(op->name, "slot[3]");
    /* Only a trailing "[*]" is special. */
    op = object_property_add(obj, "a[*]b", "int", NULL, NULL, NULL, NULL);
    assert_string_equal(op->name, "a[*]b");
    object_unref(obj);
}

static void test_class_find_through_subclass(void **state)
{
    ObjectClass *sub = object_class_by_name(TYPE_TEST_SUB);
    ObjectClass *base = object_class_by_name(TYPE_TEST_BASE);
    Object *obj = object_new(TYPE_TEST_SUB);
    Error *err = NULL;
    ObjectProperty *op;

    op = object_class_property_find(sub, "flag");
    assert_non_null(op);
    assert_ptr_equal(op, object_class_property_find(base, "flag"));
    assert_ptr_equal(op, object_property_find(obj, "flag"));
    assert_non_null(object_class_property_find(sub, "extra"));
    /* Not in the other direction. */
    assert_null(object_class_property_find(base, "extra"));
    assert_null(object_class_property_find_err(base, "extra", &err));
    check_error(&err, "Property 'test-prop-base.extra' not found");
    assert_ptr_equal(object_class_property_find_err(sub, "extra", &err),
                     object_property_find(obj, "extra"));
    assert_null(err);

    /* The subclass's instance gets the base class defaults. */
    assert_true(object_property_get_bool(obj, "flag", &error_abort));
    assert_true(object_property_get_bool(obj, "extra", &error_abort));
    assert_int_equal(object_property_get_uint(obj, "level", &error_abort), 7);
    object_unref(obj);
}

static void test_iterators(void **state)
{
    static const char *const want_instance[] = {
        "flag", "level", "label", "mem", "offset", "extra", "mine", "also",
    };
    Object *obj = object_new(TYPE_TEST_SUB);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    ObjectPropertyIterator iter;
    ObjectProperty *op;
    size_t n_object = 0;
    size_t i;

    /* Whatever TYPE_OBJECT itself defines comes on top of ours. */
    object_class_property_iter_init(&iter, object_class_by_name(TYPE_OBJECT));
    while (object_property_iter_next(&iter)) {
        n_object++;
    }

    object_property_add(obj, "mine", "int", NULL, NULL, NULL, NULL);
    object_property_add(obj, "also", "int", NULL, NULL, NULL, NULL);

    /* Instance properties come first, then the class chain's. */
    object_property_iter_init(&iter, obj);
    for (i = 0; (op = object_property_iter_next(&iter)); i++) {
        if (i < 2) {
            assert_true(g_str_equal(op->name, "mine") ||
                        g_str_equal(op->name, "also"));
        }
        assert_true(g_hash_table_add(seen, op->name));
    }
    assert_int_equal(i, G_N_ELEMENTS(want_instance) + n_object);
    for (i = 0; i < G_N_ELEMENTS(want_instance); i++) {
        assert_true(g_hash_table_contains(seen, want_instance[i]));
    }

    g_hash_table_remove_all(seen);
    object_class_property_iter_init(&iter, object_get_class(obj));
    for (i = 0; (op = object_property_iter_next(&iter)); i++) {
        assert_true(g_hash_table_add(seen, op->name));
    }
    assert_int_equal(i, 6 + n_object);
    assert_true(g_hash_table_contains(seen, "extra"));
    assert_false(g_hash_table_contains(seen, "mine"));

    object_class_property_iter_init(&iter,
                                    object_class_by_name(TYPE_TEST_BASE));
    for (i = 0; object_property_iter_next(&iter); i++) {
    }
    assert_int_equal(i, 5 + n_object);
    object_unref(obj);
}

/* ---- Values ---- */

static void test_set_get_generic(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    Counter c = {0};
    Error *err = NULL;
    char *str = NULL;
    Visitor *v;

    object_property_add(obj, "count", "int", counter_get, counter_set, NULL,
                        &c);
    object_property_add(obj, "ro", "int", counter_get, NULL, NULL, &c);
    object_property_add(obj, "wo", "int", NULL, counter_set, NULL, &c);

    v = string_input_visitor_new("0x20");
    assert_true(object_property_set(obj, "count", v, &error_abort));
    assert_int_equal(((TestBase *)obj)->value, 32);
    assert_false(object_property_set(obj, "ro", v, &err));
    check_error(&err, "Property 'test-prop-base.ro' is not writable");
    assert_false(object_property_set(obj, "nope", v, &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_true(object_property_set(obj, "wo", v, NULL));
    visit_free(v);

    v = string_output_visitor_new(false, &str);
    assert_true(object_property_get(obj, "count", v, &error_abort));
    visit_complete(v, &str);
    visit_free(v);
    assert_string_equal(str, "32");
    g_free(str);

    v = string_output_visitor_new(false, &str);
    assert_false(object_property_get(obj, "wo", v, &err));
    check_error(&err, "Property 'test-prop-base.wo' is not readable");
    assert_false(object_property_get(obj, "nope", v, &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    visit_free(v);

    /* The accessor's own error comes back, with false. */
    c.fail = true;
    assert_false(object_property_set_int(obj, "count", 5, &err));
    check_error(&err, "Property 'count' refuses 5");
    assert_false(object_property_set_int(obj, "count", 5, NULL));
    assert_false(object_property_parse(obj, "count", "x", &err));
    check_error(&err, "Parameter 'count' expects an int64 value");
    assert_int_equal(((TestBase *)obj)->value, 32);
    assert_int_equal(c.sets, 5);
    assert_int_equal(c.gets, 1);
    object_unref(obj);
}

static void test_typed_set_get(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    Counter c = {0};
    Error *err = NULL;
    char *str;

    object_property_add(obj, "count", "int", counter_get, counter_set, NULL,
                        &c);

    assert_true(object_property_set_str(obj, "label", "hello", &err));
    str = object_property_get_str(obj, "label", &error_abort);
    assert_string_equal(str, "hello");
    g_free(str);
    assert_true(object_property_set_bool(obj, "flag", false, &err));
    assert_false(object_property_get_bool(obj, "flag", &error_abort));
    assert_true(object_property_set_int(obj, "count", -9, &err));
    assert_int_equal(object_property_get_int(obj, "count", &error_abort), -9);
    /* Signed and unsigned mix when the value fits. */
    assert_true(object_property_set_int(obj, "level", 12, &err));
    assert_int_equal(object_property_get_int(obj, "level", &error_abort), 12);
    assert_true(object_property_set_uint(obj, "count", 44, &err));
    assert_int_equal(object_property_get_uint(obj, "count", &error_abort), 44);
    assert_null(err);

    /* Wrong types, both ways. */
    assert_false(object_property_set_str(obj, "flag", "on", &err));
    check_error(&err, "Invalid parameter type for 'flag', expected: boolean");
    assert_false(object_property_set_bool(obj, "level", true, &err));
    check_error(&err, "Invalid parameter type for 'level', expected: "
                      "integer");
    assert_false(object_property_set_int(obj, "label", 1, &err));
    check_error(&err, "Invalid parameter type for 'label', expected: "
                      "string");
    assert_false(object_property_set_int(obj, "level", -1, &err));
    check_error(&err, "Parameter 'level' expects uint64");
    assert_false(object_property_set_uint(obj, "level", 1ULL << 32, &err));
    check_error(&err, "Parameter 'level' expects uint32_t");
    assert_int_equal(object_property_get_uint(obj, "level", &error_abort), 12);

    assert_null(object_property_get_str(obj, "level", &err));
    check_error(&err, "Invalid parameter type for 'level', expected: "
                      "string");
    assert_false(object_property_get_bool(obj, "label", &err));
    check_error(&err, "Invalid parameter type for 'label', expected: "
                      "boolean");
    assert_int_equal(object_property_get_int(obj, "flag", &err), -1);
    check_error(&err, "Invalid parameter type for 'flag', expected: "
                      "integer");
    object_property_set_int(obj, "count", -3, &error_abort);
    assert_int_equal(object_property_get_uint(obj, "count", &err), 0);
    check_error(&err, "Parameter 'count' expects uint64");
    assert_int_equal(object_property_get_uint(obj, "label", &err), 0);
    check_error(&err, "Invalid parameter type for 'label', expected: "
                      "integer");

    /* Unknown property: the usual not-found for every accessor. */
    assert_false(object_property_set_str(obj, "nope", "x", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_null(object_property_get_str(obj, "nope", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_int_equal(object_property_get_int(obj, "nope", &err), -1);
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_false(object_property_get_bool(obj, "nope", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");

    /* The setter's own refusal reaches the caller. */
    assert_false(object_property_set_str(obj, "label", "forbidden", &err));
    check_error(&err, "Label 'forbidden' is reserved");
    object_unref(obj);
}

static void test_parse_and_print(void **state)
{
    static const struct {
        const char *in;
        bool want;
    } bools[] = {
        {"on", true},  {"off", false}, {"yes", true},
        {"no", false}, {"true", true}, {"false", false},
    };
    Object *obj = object_new(TYPE_TEST_BASE);
    Error *err = NULL;
    char *str;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bools); i++) {
        assert_true(object_property_parse(obj, "flag", bools[i].in, &err));
        assert_int_equal(object_property_get_bool(obj, "flag", &err),
                         bools[i].want);
    }
    assert_false(object_property_parse(obj, "flag", "maybe", &err));
    check_error(&err, "Parameter 'flag' expects 'on' or 'off'");

    assert_true(object_property_parse(obj, "level", "0x10", &err));
    assert_int_equal(((TestBase *)obj)->level, 16);
    assert_true(object_property_parse(obj, "mem", "2G", &err));
    assert_true(((TestBase *)obj)->mem == 2ULL << 30);
    str = object_property_print(obj, "mem", true, &err);
    assert_string_equal(str, "2147483648 (2 GiB)");
    g_free(str);
    str = object_property_print(obj, "mem", false, &err);
    assert_string_equal(str, "2147483648");
    g_free(str);
    assert_true(object_property_parse(obj, "mem", "1.5M", &err));
    assert_true(((TestBase *)obj)->mem == 1572864);
    assert_false(object_property_parse(obj, "mem", "big", &err));
    check_error(&err, "Parameter 'mem' expects a size value");
    assert_true(((TestBase *)obj)->mem == 1572864);
    assert_null(err);

    str = object_property_print(obj, "level", true, &err);
    assert_string_equal(str, "16 (0x10)");
    g_free(str);
    str = object_property_print(obj, "level", false, &err);
    assert_string_equal(str, "16");
    g_free(str);
    str = object_property_print(obj, "flag", true, &err);
    assert_string_equal(str, "false");
    g_free(str);
    str = object_property_print(obj, "label", true, &err);
    assert_string_equal(str, "\"dflt\"");
    g_free(str);
    str = object_property_print(obj, "label", false, &err);
    assert_string_equal(str, "dflt");
    g_free(str);

    assert_false(object_property_parse(obj, "nope", "1", &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    assert_null(object_property_print(obj, "nope", false, &err));
    check_error(&err, "Property 'test-prop-base.nope' not found");
    object_unref(obj);
}

/* ---- Defaults and descriptions ---- */

static void test_defaults(void **state)
{
    ObjectClass *oc = object_class_by_name(TYPE_TEST_BASE);
    Object *obj = object_new(TYPE_TEST_BASE);
    TestBase *s = (TestBase *)obj;

    /* In place before instance_init ran. */
    assert_true(s->flag_at_init);
    assert_int_equal(s->level_at_init, 7);
    assert_string_equal(s->label_at_init, "dflt");
    assert_true(s->mem == 128 * 1024 * 1024);
    assert_int_equal(s->offset, -42);

    /* Kept as strings for help output. */
    assert_string_equal(object_class_property_find(oc, "flag")->defval, "true");
    assert_string_equal(object_class_property_find(oc, "level")->defval, "7");
    assert_string_equal(object_class_property_find(oc, "label")->defval,
                        "dflt");
    assert_string_equal(object_class_property_find(oc, "mem")->defval,
                        "134217728");
    assert_string_equal(object_class_property_find(oc, "offset")->defval,
                        "-42");

    /* Each instance gets its own copy. */
    object_property_set_uint(obj, "level", 99, &error_abort);
    {
        Object *other = object_new(TYPE_TEST_BASE);

        assert_int_equal(((TestBase *)other)->level, 7);
        object_unref(other);
    }
    object_unref(obj);

    {
        ObjectProperty *op = object_class_property_find(oc, "flag");
        ObjectProperty tmp = {.name = (char *)"t"};

        assert_non_null(op->init);
        /* A false default is stored too. */
        object_property_set_default_bool(&tmp, false);
        assert_string_equal(tmp.defval, "false");
        assert_non_null(tmp.init);
        g_free(tmp.defval);
    }
}

static void test_descriptions(void **state)
{
    ObjectClass *oc = object_class_by_name(TYPE_TEST_BASE);
    Object *obj = object_new(TYPE_TEST_BASE);
    ObjectProperty *op;

    assert_string_equal(object_class_property_find(oc, "label")->description,
                        "A friendly name");
    op = object_property_add(obj, "count", "int", NULL, NULL, NULL, NULL);
    object_property_set_description(obj, "count", "How many");
    assert_string_equal(op->description, "How many");
    /* Replacing frees the old text (checked by the sanitizer build). */
    object_property_set_description(obj, "count", "How many now");
    assert_string_equal(op->description, "How many now");
    object_unref(obj);
}

/* ---- Release ---- */

typedef struct Chain {
    int released_a;
    int released_b;
    int released_c;
} Chain;

static void release_b(Object *obj, const char *name, void *opaque)
{
    ((Chain *)opaque)->released_b++;
}

static void release_c(Object *obj, const char *name, void *opaque)
{
    ((Chain *)opaque)->released_c++;
}

/* Deleting other properties from inside a release must be safe. */
static void release_a(Object *obj, const char *name, void *opaque)
{
    Chain *chain = opaque;

    chain->released_a++;
    object_property_del(obj, "b");
    object_property_del(obj, "a");
    object_property_add(obj, "c", "int", NULL, NULL, release_c, chain);
}

static void test_release_on_finalize(void **state)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    Counter counters[8] = {{0}};
    Chain chain = {0};
    int i;

    for (i = 0; i < 8; i++) {
        object_property_add(obj, "n[*]", "int", counter_get, NULL,
                            counter_release, &counters[i]);
    }
    object_property_add(obj, "a", "int", NULL, NULL, release_a, &chain);
    object_property_add(obj, "b", "int", NULL, NULL, release_b, &chain);
    object_unref(obj);

    for (i = 0; i < 8; i++) {
        assert_int_equal(counters[i].releases, 1);
    }
    assert_int_equal(chain.released_a, 1);
    assert_int_equal(chain.released_b, 1);
    assert_int_equal(chain.released_c, 1);

    /* The same through an explicit delete. */
    chain = (Chain){0};
    obj = object_new(TYPE_TEST_BASE);
    object_property_add(obj, "a", "int", NULL, NULL, release_a, &chain);
    object_property_add(obj, "b", "int", NULL, NULL, release_b, &chain);
    object_property_del(obj, "a");
    assert_null(object_property_find(obj, "a"));
    assert_null(object_property_find(obj, "b"));
    assert_non_null(object_property_find(obj, "c"));
    assert_int_equal(chain.released_a, 1);
    assert_int_equal(chain.released_b, 1);
    assert_int_equal(chain.released_c, 0);
    object_unref(obj);
    assert_int_equal(chain.released_c, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find_del),
        cmocka_unit_test(test_try_add_duplicate),
        cmocka_unit_test(test_add_duplicate_aborts),
        cmocka_unit_test(test_array_names),
        cmocka_unit_test(test_class_find_through_subclass),
        cmocka_unit_test(test_iterators),
        cmocka_unit_test(test_set_get_generic),
        cmocka_unit_test(test_typed_set_get),
        cmocka_unit_test(test_parse_and_print),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_descriptions),
        cmocka_unit_test(test_release_on_finalize),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
