/*
 * Classes: lazy construction, base_init/class_init order and data, class
 * bytes inherited from the parent, size inheritance, the errors found on
 * first use, and the class queries and lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

static GString *class_log;

static void log_add(const char *what, ObjectClass *klass, void *data)
{
    g_string_append_printf(class_log, "%s%s:%s(%s)", class_log->len ? " " : "",
                           what, object_class_get_name(klass),
                           data ? (const char *)data : "-");
}

/* ---- A three-level hierarchy: ord-root > ord-mid > ord-leaf ---- */

typedef struct OrdRootClass {
    ObjectClass parent_class;
    int a;
    int b;
    /* Reset by ord-root's base_init in every subclass. */
    int per_class;
} OrdRootClass;

typedef struct OrdMidClass {
    OrdRootClass parent_class;
    int c;
} OrdMidClass;

typedef struct OrdObj {
    Object parent_obj;
    uint64_t payload[4];
} OrdObj;

static void ord_root_base_init(ObjectClass *klass, void *data)
{
    ((OrdRootClass *)klass)->per_class = 0;
    log_add("base:ord-root", klass, data);
}

static void ord_mid_base_init(ObjectClass *klass, void *data)
{
    log_add("base:ord-mid", klass, data);
}

static void ord_root_class_init(ObjectClass *klass, void *data)
{
    OrdRootClass *rc = (OrdRootClass *)klass;

    rc->a = 1;
    rc->b = 2;
    rc->per_class = 100;
    log_add("init", klass, data);
}

static void ord_mid_class_init(ObjectClass *klass, void *data)
{
    OrdMidClass *mc = (OrdMidClass *)klass;

    mc->parent_class.b = 20;
    mc->c = 3;
    log_add("init", klass, data);
}

static void ord_leaf_class_init(ObjectClass *klass, void *data)
{
    OrdMidClass *mc = (OrdMidClass *)klass;

    mc->c = 30;
    log_add("init", klass, data);
}

static const TypeInfo ord_types[] = {
    {
        .name = "ord-root",
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(OrdObj),
        .class_size = sizeof(OrdRootClass),
        .class_base_init = ord_root_base_init,
        .class_init = ord_root_class_init,
        .class_data = (void *)"root-data",
    },
    {
        .name = "ord-mid",
        .parent = "ord-root",
        .class_size = sizeof(OrdMidClass),
        .class_base_init = ord_mid_base_init,
        .class_init = ord_mid_class_init,
        .class_data = (void *)"mid-data",
    },
    {
        /* Both sizes 0: inherited. */
        .name = "ord-leaf",
        .parent = "ord-mid",
        .class_init = ord_leaf_class_init,
        .class_data = (void *)"leaf-data",
    },
};

/* ---- For the lists ---- */

static const InterfaceInfo lst_ifaces[] = {{"lst-iface"}, {NULL}};

static const TypeInfo lst_types[] = {
    {
        .name = "lst-base",
        .parent = TYPE_OBJECT,
        .abstract = true,
    },
    {
        .name = "lst-a",
        .parent = "lst-base",
    },
    {
        .name = "lst-b",
        .parent = "lst-base",
    },
    {
        .name = "lst-iface",
        .parent = TYPE_INTERFACE,
    },
    {
        .name = "lst-c",
        .parent = "lst-a",
        .interfaces = lst_ifaces,
    },
    {
        .name = "lst-abstract-c",
        .parent = TYPE_OBJECT,
        .abstract = true,
        .interfaces = lst_ifaces,
    },
    {
        .name = "srt-base",
        .parent = TYPE_OBJECT,
        .abstract = true,
    },
    {
        .name = "srt-Beta",
        .parent = "srt-base",
    },
    {
        .name = "srt-alpha",
        .parent = "srt-base",
    },
    {
        .name = "srt-delta",
        .parent = "srt-base",
    },
    {
        .name = "srt-Gamma",
        .parent = "srt-base",
    },
};

static void class_register_types(void)
{
    type_register_static_array(ord_types, G_N_ELEMENTS(ord_types));
    type_register_static_array(lst_types, G_N_ELEMENTS(lst_types));
}

type_init(class_register_types)

    /* Names of the classes in list, in list order. */
    static char *list_names(GSList *list)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (GSList *e = list; e; e = e->next) {
        g_ptr_array_add(names, (gpointer)object_class_get_name(e->data));
    }
    g_ptr_array_add(names, NULL);
    return g_strjoinv(",", (char **)names->pdata);
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names of the classes in list that start with prefix, sorted. */
static char *list_names_sorted(GSList *list, const char *prefix)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (GSList *e = list; e; e = e->next) {
        const char *name = object_class_get_name(e->data);

        if (g_str_has_prefix(name, prefix)) {
            g_ptr_array_add(names, (gpointer)name);
        }
    }
    g_ptr_array_sort(names, cmp_str_ptr);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(",", (char **)names->pdata);
}

/* ---- Tests ---- */

static int lazy_inits;

static void lazy_class_init(ObjectClass *klass, void *data)
{
    lazy_inits++;
}

/* class_init runs on first use only, and once. */
static void test_class_lazy_init(void **state)
{
    TypeInfo info = {
        .name = "cls-lazy",
        .parent = TYPE_OBJECT,
        .class_init = lazy_class_init,
    };
    Object *obj;

    lazy_inits = 0;
    assert_non_null(type_try_register(&info, &error_abort));
    assert_int_equal(lazy_inits, 0);
    assert_non_null(object_class_by_name("cls-lazy"));
    assert_int_equal(lazy_inits, 1);
    assert_non_null(object_class_try_by_name("cls-lazy", &error_abort));
    obj = object_new("cls-lazy");
    object_unref(obj);
    assert_int_equal(lazy_inits, 1);
}

/*
 * Parents are built first; for each class, every ancestor's base_init
 * runs root first with the new type's class_data, then its class_init.
 */
static void test_class_init_order(void **state)
{
    g_string_truncate(class_log, 0);
    assert_non_null(object_class_by_name("ord-leaf"));
    assert_string_equal(class_log->str, "init:ord-root(root-data) "
                                        "base:ord-root:ord-mid(mid-data) "
                                        "init:ord-mid(mid-data) "
                                        "base:ord-root:ord-leaf(leaf-data) "
                                        "base:ord-mid:ord-leaf(leaf-data) "
                                        "init:ord-leaf(leaf-data)");
    /* Built once: no more calls. */
    g_string_truncate(class_log, 0);
    assert_non_null(object_class_by_name("ord-mid"));
    assert_non_null(object_class_by_name("ord-leaf"));
    assert_string_equal(class_log->str, "");
}

/* The parent's class bytes are copied, then overridden by class_init. */
static void test_class_bytes_copied(void **state)
{
    OrdRootClass *root = (OrdRootClass *)object_class_by_name("ord-root");
    OrdMidClass *mid = (OrdMidClass *)object_class_by_name("ord-mid");
    OrdMidClass *leaf = (OrdMidClass *)object_class_by_name("ord-leaf");

    assert_int_equal(root->a, 1);
    assert_int_equal(root->b, 2);
    assert_int_equal(mid->parent_class.a, 1);
    assert_int_equal(mid->parent_class.b, 20);
    assert_int_equal(mid->c, 3);
    assert_int_equal(leaf->parent_class.a, 1);
    assert_int_equal(leaf->parent_class.b, 20);
    assert_int_equal(leaf->c, 30);
    /* root's base_init undid the copied value in each subclass. */
    assert_int_equal(root->per_class, 100);
    assert_int_equal(mid->parent_class.per_class, 0);
    assert_int_equal(leaf->parent_class.per_class, 0);
    /* Each class has its own identity and property table. */
    assert_string_equal(object_class_get_name(OBJECT_CLASS(leaf)), "ord-leaf");
    assert_ptr_not_equal(OBJECT_CLASS(leaf)->properties,
                         OBJECT_CLASS(mid)->properties);
}

/* instance_size 0 inherits the parent's (ASan sees any overflow). */
static void test_class_sizes_inherited(void **state)
{
    OrdObj *obj = (OrdObj *)object_new("ord-leaf");

    obj->payload[3] = 42;
    assert_int_equal(obj->payload[0], 0);
    assert_false(object_class_is_abstract(object_get_class(OBJECT(obj))));
    object_unref(obj);
}

static void test_class_queries(void **state)
{
    ObjectClass *leaf = object_class_by_name("ord-leaf");
    ObjectClass *mid = object_class_get_parent(leaf);
    ObjectClass *root = object_class_get_parent(mid);

    assert_string_equal(object_class_get_name(mid), "ord-mid");
    assert_string_equal(object_class_get_name(root), "ord-root");
    assert_ptr_equal(object_class_get_parent(root),
                     object_class_by_name(TYPE_OBJECT));
    assert_null(object_class_get_parent(object_class_get_parent(root)));
    assert_true(object_class_is_abstract(root));
    assert_false(object_class_is_abstract(mid));
    assert_ptr_equal(object_class_try_by_name("ord-mid", &error_abort), mid);
}

static void by_name_twice(void *opaque)
{
    const char *name = opaque;

    if (object_class_by_name(name) || object_class_by_name(name)) {
        abort();
    }
}

/*
 * An unknown parent: try_by_name gives the reason; by_name returns NULL
 * and prints it once; the type works once the parent is registered.
 */
static void test_class_unknown_parent(void **state)
{
    TypeInfo orphan = {
        .name = "cls-orphan",
        .parent = "cls-missing",
    };
    TypeInfo missing = {
        .name = "cls-missing",
        .parent = TYPE_OBJECT,
    };
    Error *err = NULL;
    ChildResult r;

    type_try_register(&orphan, &error_abort);
    assert_null(object_class_try_by_name("cls-orphan", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cls-orphan' has unknown parent type "
                        "'cls-missing'");
    error_free(err);

    r = run_in_child(by_name_twice, (void *)"cls-orphan");
    assert_true(r.exited);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "emu: Type 'cls-orphan' has unknown parent "
                               "type 'cls-missing'\n");
    g_free(r.err);

    type_try_register(&missing, &error_abort);
    assert_ptr_equal(object_class_get_parent(
                         object_class_try_by_name("cls-orphan", &error_abort)),
                     object_class_by_name("cls-missing"));
}

/* A parent that cannot be built names both types. */
static void test_class_broken_parent(void **state)
{
    TypeInfo broken = {
        .name = "cls-broken",
        .parent = "cls-nowhere",
    };
    TypeInfo child = {
        .name = "cls-broken-child",
        .parent = "cls-broken",
    };
    Error *err = NULL;

    type_try_register(&broken, &error_abort);
    type_try_register(&child, &error_abort);
    assert_null(object_class_try_by_name("cls-broken-child", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cls-broken-child' cannot be initialised: Type "
                        "'cls-broken' has unknown parent type 'cls-nowhere'");
    error_free(err);
}

static void test_class_smaller_instance_size(void **state)
{
    TypeInfo info = {
        .name = "cls-small-inst",
        .parent = "ord-root",
        .instance_size = sizeof(Object),
    };
    g_autofree char *want = g_strdup_printf(
        "Type 'cls-small-inst' has instance_size %zu, smaller than its "
        "parent 'ord-root' (%zu)",
        sizeof(Object), sizeof(OrdObj));
    Error *err = NULL;

    type_try_register(&info, &error_abort);
    assert_null(object_class_try_by_name("cls-small-inst", &err));
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
}

static void test_class_smaller_class_size(void **state)
{
    TypeInfo info = {
        .name = "cls-small-class",
        .parent = "ord-mid",
        .class_size = sizeof(OrdRootClass),
    };
    g_autofree char *want = g_strdup_printf(
        "Type 'cls-small-class' has class_size %zu, smaller than its "
        "parent 'ord-mid' (%zu)",
        sizeof(OrdRootClass), sizeof(OrdMidClass));
    Error *err = NULL;

    type_try_register(&info, &error_abort);
    assert_null(object_class_try_by_name("cls-small-class", &err));
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
}

static void test_class_bad_align(void **state)
{
    TypeInfo info = {
        .name = "cls-bad-align",
        .parent = TYPE_OBJECT,
        .instance_align = 24,
    };
    Error *err = NULL;

    type_try_register(&info, &error_abort);
    assert_null(object_class_try_by_name("cls-bad-align", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cls-bad-align' has instance_align 24, which "
                        "is not a power of two");
    error_free(err);
}

static void test_class_cycle(void **state)
{
    TypeInfo infos[] = {
        {.name = "cyc-a", .parent = "cyc-b"},
        {.name = "cyc-b", .parent = "cyc-a"},
        {.name = "cyc-c", .parent = "cyc-a"},
        {.name = "cyc-self", .parent = "cyc-self"},
    };
    Error *err = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(infos); i++) {
        type_try_register(&infos[i], &error_abort);
    }
    assert_null(object_class_try_by_name("cyc-a", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cyc-a' has a cycle in its parent chain: "
                        "cyc-a -> cyc-b -> cyc-a");
    error_free(err);
    err = NULL;
    assert_null(object_class_try_by_name("cyc-c", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cyc-c' has a cycle in its parent chain: "
                        "cyc-c -> cyc-a -> cyc-b -> cyc-a");
    error_free(err);
    err = NULL;
    assert_null(object_class_try_by_name("cyc-self", &err));
    assert_string_equal(error_get_pretty(err),
                        "Type 'cyc-self' has a cycle in its parent chain: "
                        "cyc-self -> cyc-self");
    error_free(err);
}

static void count_class(ObjectClass *klass, void *opaque)
{
    GPtrArray *seen = opaque;

    g_ptr_array_add(seen, klass);
}

static void test_class_foreach(void **state)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new();

    object_class_foreach(count_class, "lst-base", false, seen);
    assert_int_equal(seen->len, 3);
    assert_true(g_ptr_array_find(seen, object_class_by_name("lst-a"), NULL));
    assert_true(g_ptr_array_find(seen, object_class_by_name("lst-b"), NULL));
    assert_true(g_ptr_array_find(seen, object_class_by_name("lst-c"), NULL));

    g_ptr_array_set_size(seen, 0);
    object_class_foreach(count_class, "lst-base", true, seen);
    assert_int_equal(seen->len, 4);
    assert_true(g_ptr_array_find(seen, object_class_by_name("lst-base"), NULL));

    g_ptr_array_set_size(seen, 0);
    object_class_foreach(count_class, "lst-no-such-type", true, seen);
    assert_int_equal(seen->len, 0);
}

static void test_class_get_list(void **state)
{
    GSList *list;
    char *names;

    list = object_class_get_list("lst-base", false);
    names = list_names_sorted(list, "");
    assert_string_equal(names, "lst-a,lst-b,lst-c");
    g_free(names);
    g_slist_free(list);

    list = object_class_get_list("lst-base", true);
    names = list_names_sorted(list, "");
    assert_string_equal(names, "lst-a,lst-b,lst-base,lst-c");
    g_free(names);
    g_slist_free(list);

    /* Implementers of an interface; the interface itself is abstract. */
    list = object_class_get_list("lst-iface", false);
    names = list_names_sorted(list, "");
    assert_string_equal(names, "lst-c");
    g_free(names);
    g_slist_free(list);

    list = object_class_get_list("lst-iface", true);
    names = list_names_sorted(list, "");
    assert_string_equal(names, "lst-abstract-c,lst-c,lst-iface");
    g_free(names);
    g_slist_free(list);

    /* Everything: the roots are abstract. */
    list = object_class_get_list(NULL, false);
    assert_null(g_slist_find(list, object_class_by_name(TYPE_OBJECT)));
    assert_non_null(g_slist_find(list, object_class_by_name("ord-leaf")));
    names = list_names_sorted(list, "lst-");
    assert_string_equal(names, "lst-a,lst-b,lst-c");
    g_free(names);
    g_slist_free(list);

    list = object_class_get_list(NULL, true);
    assert_non_null(g_slist_find(list, object_class_by_name(TYPE_OBJECT)));
    assert_non_null(g_slist_find(list, object_class_by_name(TYPE_INTERFACE)));
    g_slist_free(list);
}

/* Case-insensitive, as QEMU's help lists. */
static void test_class_get_list_sorted(void **state)
{
    GSList *list = object_class_get_list_sorted("srt-base", false);
    char *names = list_names(list);

    assert_string_equal(names, "srt-alpha,srt-Beta,srt-delta,srt-Gamma");
    g_free(names);
    g_slist_free(list);

    list = object_class_get_list_sorted("srt-base", true);
    names = list_names(list);
    assert_string_equal(names,
                        "srt-alpha,srt-base,srt-Beta,srt-delta,srt-Gamma");
    g_free(names);
    g_slist_free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_lazy_init),
        cmocka_unit_test(test_class_init_order),
        cmocka_unit_test(test_class_bytes_copied),
        cmocka_unit_test(test_class_sizes_inherited),
        cmocka_unit_test(test_class_queries),
        cmocka_unit_test(test_class_unknown_parent),
        cmocka_unit_test(test_class_broken_parent),
        cmocka_unit_test(test_class_smaller_instance_size),
        cmocka_unit_test(test_class_smaller_class_size),
        cmocka_unit_test(test_class_bad_align),
        cmocka_unit_test(test_class_cycle),
        cmocka_unit_test(test_class_foreach),
        cmocka_unit_test(test_class_get_list),
        cmocka_unit_test(test_class_get_list_sorted),
    };
    int ret;

    class_log = g_string_new(NULL);
    module_call_init(MODULE_INIT_QOM);
    ret = cmocka_run_group_tests_name("libqom/class", tests, NULL, NULL);
    g_string_free(class_log, true);
    return ret;
}
