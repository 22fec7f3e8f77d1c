/*
 * Type registration: the static, copying and checked forms, and every
 * registration error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_TT_STATIC "tt-static"
#define TYPE_TT_IFACE "tt-iface"

typedef struct TtObj {
    Object parent_obj;
    int value;
} TtObj;

static const TypeInfo tt_static_info = {
    .name = TYPE_TT_STATIC,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(TtObj),
};

static const TypeInfo tt_array[] = {
    {
        .name = "tt-array-a",
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TtObj),
    },
    {
        .name = "tt-array-b",
        .parent = "tt-array-a",
    },
};

static const TypeInfo tt_iface_info = {
    .name = TYPE_TT_IFACE,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(InterfaceClass),
};

static void tt_register_types(void)
{
    type_register_static(&tt_static_info);
    type_register_static_array(tt_array, G_N_ELEMENTS(tt_array));
    type_register_static(&tt_iface_info);
}

type_init(tt_register_types)

    /* Abstract roots, no parent, registered by libqom itself. */
    static void test_base_types(void **state)
{
    ObjectClass *object = object_class_by_name(TYPE_OBJECT);
    ObjectClass *interface = object_class_by_name(TYPE_INTERFACE);
    Error *err = NULL;

    assert_non_null(object);
    assert_non_null(interface);
    assert_string_equal(object_class_get_name(object), "object");
    assert_string_equal(object_class_get_name(interface), "interface");
    assert_true(object_class_is_abstract(object));
    assert_true(object_class_is_abstract(interface));
    assert_null(object_class_get_parent(object));
    assert_null(object_class_get_parent(interface));
    /* Unrelated roots. */
    assert_null(object_class_dynamic_cast(object, TYPE_INTERFACE));
    assert_null(object_class_dynamic_cast(interface, TYPE_OBJECT));

    assert_null(object_new_with_props(TYPE_OBJECT, NULL, NULL, &err, NULL));
    assert_string_equal(error_get_pretty(err),
                        "Object type 'object' is abstract");
    error_free(err);
}

/* type_register_static() keeps the caller's strings. */
static void test_register_static(void **state)
{
    ObjectClass *klass = object_class_by_name(TYPE_TT_STATIC);
    Object *obj;

    assert_non_null(klass);
    assert_ptr_equal(object_class_get_name(klass), tt_static_info.name);
    assert_ptr_equal(object_class_get_parent(klass),
                     object_class_by_name(TYPE_OBJECT));
    assert_false(object_class_is_abstract(klass));

    obj = object_new(TYPE_TT_STATIC);
    assert_ptr_equal(object_get_class(obj), klass);
    object_unref(obj);
}

/* type_register() copies every string, interfaces included. */
static void test_register_copies_strings(void **state)
{
    char *name = g_strdup("tt-copied");
    char *parent = g_strdup(TYPE_TT_STATIC);
    char *iface = g_strdup(TYPE_TT_IFACE);
    InterfaceInfo ifaces[] = {{iface}, {NULL}};
    TypeInfo info = {
        .name = name,
        .parent = parent,
        .interfaces = ifaces,
    };
    Type t = type_register(&info);
    ObjectClass *klass;

    assert_non_null(t);
    /* Scribble before freeing, so a kept pointer would show. */
    name[0] = parent[0] = iface[0] = 'X';
    g_free(name);
    g_free(parent);
    g_free(iface);
    ifaces[0].type = NULL;

    klass = object_class_by_name("tt-copied");
    assert_non_null(klass);
    assert_string_equal(object_class_get_name(klass), "tt-copied");
    assert_string_equal(object_class_get_name(object_class_get_parent(klass)),
                        TYPE_TT_STATIC);
    assert_non_null(object_class_dynamic_cast(klass, TYPE_TT_IFACE));
}

static void test_register_static_array(void **state)
{
    ObjectClass *a = object_class_by_name("tt-array-a");
    ObjectClass *b = object_class_by_name("tt-array-b");

    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_equal(object_class_get_parent(b), a);
    assert_ptr_equal(object_class_get_name(b), tt_array[1].name);
}

/* The checked form returns the Type, usable like the others. */
static void test_try_register(void **state)
{
    TypeInfo info = {
        .name = "tt-tried",
        .parent = TYPE_TT_STATIC,
    };
    Error *err = NULL;
    Type t = type_try_register(&info, &err);

    assert_non_null(t);
    assert_null(err);
    assert_non_null(object_class_by_name("tt-tried"));
}

static void test_try_register_duplicate(void **state)
{
    TypeInfo info = {
        .name = TYPE_TT_STATIC,
        .parent = "tt-array-a",
    };
    Error *err = NULL;

    assert_null(type_try_register(&info, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err),
                        "Type 'tt-static' is already registered");
    error_free(err);
    /* The first registration stands. */
    assert_ptr_equal(
        object_class_get_name(object_class_by_name(TYPE_TT_STATIC)),
        tt_static_info.name);
    assert_null(object_class_dynamic_cast(object_class_by_name(TYPE_TT_STATIC),
                                          "tt-array-a"));
}

static void test_try_register_no_name(void **state)
{
    TypeInfo info = {
        .parent = TYPE_OBJECT,
    };
    Error *err = NULL;

    assert_null(type_try_register(&info, &err));
    assert_string_equal(error_get_pretty(err),
                        "Cannot register a type without a name");
    error_free(err);
}

static void test_try_register_no_parent(void **state)
{
    TypeInfo info = {
        .name = "tt-orphan",
        .instance_size = sizeof(TtObj),
    };
    Error *err = NULL;

    assert_null(type_try_register(&info, &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'tt-orphan' has no parent type");
    error_free(err);
    assert_null(object_class_by_name("tt-orphan"));
}

/* Directly under TYPE_INTERFACE, or under a registered interface. */
static void test_try_register_interface_with_interfaces(void **state)
{
    static const InterfaceInfo ifaces[] = {{TYPE_TT_IFACE}, {NULL}};
    TypeInfo direct = {
        .name = "tt-iface-direct",
        .parent = TYPE_INTERFACE,
        .interfaces = ifaces,
    };
    TypeInfo indirect = {
        .name = "tt-iface-indirect",
        .parent = TYPE_TT_IFACE,
        .interfaces = ifaces,
    };
    Error *err = NULL;

    assert_null(type_try_register(&direct, &err));
    assert_string_equal(
        error_get_pretty(err),
        "Interface type 'tt-iface-direct' cannot implement interfaces");
    error_free(err);
    err = NULL;

    assert_null(type_try_register(&indirect, &err));
    assert_string_equal(
        error_get_pretty(err),
        "Interface type 'tt-iface-indirect' cannot implement interfaces");
    error_free(err);
    assert_null(object_class_by_name("tt-iface-indirect"));
}

static void register_duplicate_static(void *opaque)
{
    type_register_static(&tt_static_info);
}

static void register_nameless(void *opaque)
{
    static const TypeInfo info = {
        .parent = TYPE_OBJECT,
    };

    type_register(&info);
}

/* The unchecked forms treat a bad TypeInfo as a programming error. */
static void test_register_errors_abort(void **state)
{
    assert_child_aborts(register_duplicate_static, NULL,
                        "Type 'tt-static' is already registered");
    assert_child_aborts(register_nameless, NULL,
                        "Cannot register a type without a name");
}

/* Registration order does not matter: the parent is found on first use. */
static void test_register_child_before_parent(void **state)
{
    TypeInfo child = {
        .name = "tt-early-child",
        .parent = "tt-late-parent",
    };
    TypeInfo parent = {
        .name = "tt-late-parent",
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TtObj),
    };
    ObjectClass *klass;

    assert_non_null(type_try_register(&child, NULL));
    assert_non_null(type_try_register(&parent, NULL));
    klass = object_class_by_name("tt-early-child");
    assert_non_null(klass);
    assert_ptr_equal(object_class_get_parent(klass),
                     object_class_by_name("tt-late-parent"));
}

static void lookup_unknown(void *opaque)
{
    if (object_class_by_name("tt-nope")) {
        abort();
    }
}

/* Unknown names are a normal answer: NULL, and nothing printed. */
static void test_lookup_unknown(void **state)
{
    Error *err = NULL;
    ChildResult r = run_in_child(lookup_unknown, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    g_free(r.err);

    assert_null(object_class_try_by_name("tt-nope", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'tt-nope' is not registered");
    error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_types),
        cmocka_unit_test(test_register_static),
        cmocka_unit_test(test_register_copies_strings),
        cmocka_unit_test(test_register_static_array),
        cmocka_unit_test(test_try_register),
        cmocka_unit_test(test_try_register_duplicate),
        cmocka_unit_test(test_try_register_no_name),
        cmocka_unit_test(test_try_register_no_parent),
        cmocka_unit_test(test_try_register_interface_with_interfaces),
        cmocka_unit_test(test_register_errors_abort),
        cmocka_unit_test(test_register_child_before_parent),
        cmocka_unit_test(test_lookup_unknown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests_name("libqom/type", tests, NULL, NULL);
}
