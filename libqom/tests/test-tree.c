/*
 * Unit tests for the composition tree (tree.c): child<> properties, the
 * root and containers, canonical paths, absolute and partial path
 * resolution, unparenting and walking children.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_DEV "test-tree-dev"
#define TYPE_SERIAL "test-tree-serial"
#define TYPE_HOOKED "test-tree-hooked"

typedef struct TreeDev {
    Object parent_obj;
    int *finalized;
} TreeDev;

static void dev_instance_finalize(Object *obj)
{
    TreeDev *s = (TreeDev *)obj;

    if (s->finalized) {
        (*s->finalized)++;
    }
}

/* What the unparent hook saw, for the ordering test. */
static struct {
    int calls;
    bool had_parent;
    char *path;
    uint32_t ref;
} hook_seen;

static void hooked_unparent(Object *obj)
{
    hook_seen.calls++;
    hook_seen.had_parent = obj->parent != NULL;
    g_free(hook_seen.path);
    hook_seen.path = object_get_canonical_path(obj);
    hook_seen.ref = obj->ref;
}

static void hooked_class_init(ObjectClass *oc, void *data)
{
    oc->unparent = hooked_unparent;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_DEV,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TreeDev),
        .instance_finalize = dev_instance_finalize,
    },
    {
        .name = TYPE_SERIAL,
        .parent = TYPE_DEV,
    },
    {
        .name = TYPE_HOOKED,
        .parent = TYPE_DEV,
        .class_init = hooked_class_init,
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

/* A new object owned only by its new parent. */
static Object *add_dev(Object *parent, const char *name, const char *type,
                       int *finalized)
{
    Object *obj = object_new(type);

    ((TreeDev *)obj)->finalized = finalized;
    object_property_add_child(parent, name, obj);
    object_unref(obj);
    return obj;
}

static void check_path(Object *obj, const char *want)
{
    g_autofree char *path = object_get_canonical_path(obj);

    if (want) {
        assert_non_null(path);
        assert_string_equal(path, want);
    } else {
        assert_null(path);
    }
}

static void test_root_and_containers(void **state)
{
    Object *root = object_get_root();
    Object *machine;
    Object *peripheral;
    Object *objects;

    assert_non_null(root);
    assert_ptr_equal(object_get_root(), root);
    assert_string_equal(object_get_typename(root), TYPE_CONTAINER);
    check_path(root, "/");
    assert_null(object_get_canonical_path_component(root));
    assert_ptr_equal(object_resolve_path("/", NULL), root);

    peripheral = container_get(root, "/machine/peripheral");
    machine = object_resolve_path("/machine", NULL);
    assert_non_null(machine);
    assert_string_equal(object_get_typename(machine), TYPE_CONTAINER);
    assert_string_equal(object_get_typename(peripheral), TYPE_CONTAINER);
    assert_ptr_equal(peripheral->parent, machine);
    assert_ptr_equal(machine->parent, root);
    check_path(peripheral, "/machine/peripheral");
    assert_string_equal(object_get_canonical_path_component(peripheral),
                        "peripheral");
    /* Existing containers are found, not duplicated. */
    assert_ptr_equal(container_get(root, "/machine/peripheral"), peripheral);
    assert_ptr_equal(container_get(root, "/machine"), machine);
    assert_ptr_equal(container_get(machine, "/peripheral"), peripheral);
    /* The parent's child<> property holds the only reference. */
    assert_int_equal(peripheral->ref, 1);
    assert_string_equal(
        object_property_get_type(machine, "peripheral", &error_abort),
        "child<container>");

    objects = object_get_objects_root();
    assert_ptr_equal(objects, object_get_objects_root());
    check_path(objects, "/objects");

    object_unparent(machine);
    assert_null(object_resolve_path("/machine/peripheral", NULL));
}

static void test_child_paths(void **state)
{
    Object *peripheral =
        container_get(object_get_root(), "/machine/peripheral");
    int finalized = 0;
    Object *serial = add_dev(peripheral, "serial0", TYPE_SERIAL, &finalized);
    Error *err = NULL;
    char *str;

    check_path(serial, "/machine/peripheral/serial0");
    assert_string_equal(object_get_canonical_path_component(serial), "serial0");
    assert_ptr_equal(serial->parent, peripheral);
    assert_string_equal(object_property_get_type(peripheral, "serial0", &err),
                        "child<test-tree-serial>");
    /* A child property reads as the child's path and is read-only. */
    str = object_property_get_str(peripheral, "serial0", &err);
    assert_string_equal(str, "/machine/peripheral/serial0");
    g_free(str);
    assert_ptr_equal(object_property_get_link(peripheral, "serial0", &err),
                     serial);
    assert_false(object_property_set_str(peripheral, "serial0", "x", &err));
    check_error(&err, "Property 'container.serial0' is not writable");
    assert_ptr_equal(object_resolve_path_component(peripheral, "serial0"),
                     serial);
    assert_null(object_resolve_path_component(peripheral, "serial1"));

    object_unparent(container_get(object_get_root(), "/machine"));
    assert_int_equal(finalized, 1);
}

static void test_detached_objects(void **state)
{
    Object *loose = object_new(TYPE_DEV);
    int finalized = 0;
    Object *child = add_dev(loose, "kid", TYPE_DEV, &finalized);
    char *str;

    assert_null(object_get_canonical_path_component(loose));
    check_path(loose, NULL);
    /* The child has a name in its parent, but no complete path. */
    assert_string_equal(object_get_canonical_path_component(child), "kid");
    check_path(child, NULL);
    str = object_property_get_str(loose, "kid", &error_abort);
    assert_string_equal(str, "");
    g_free(str);
    /* Unparenting a parentless object does nothing. */
    object_unparent(loose);
    assert_int_equal(loose->ref, 1);

    /* Finalizing the parent releases (and here finalizes) its children. */
    object_unref(loose);
    assert_int_equal(finalized, 1);
}

static void test_child_refcount_and_unparent(void **state)
{
    Object *box = container_get(object_get_root(), "/test-tree");
    int finalized = 0;
    Object *dev = object_new(TYPE_DEV);
    Error *err = NULL;

    ((TreeDev *)dev)->finalized = &finalized;
    assert_non_null(object_property_try_add_child(box, "dev", dev, &err));
    assert_int_equal(dev->ref, 2);
    assert_ptr_equal(dev->parent, box);

    /* The caller's reference survives unparenting. */
    object_unparent(dev);
    assert_null(dev->parent);
    assert_int_equal(dev->ref, 1);
    assert_null(object_property_find(box, "dev"));
    assert_int_equal(finalized, 0);
    check_path(dev, NULL);

    /* Owned only by its parent: unparent finalizes it. */
    object_property_add_child(box, "dev", dev);
    object_unref(dev);
    assert_int_equal(dev->ref, 1);
    object_unparent(dev);
    assert_int_equal(finalized, 1);

    /* A duplicate name is reported by the try_ form, nothing taken. */
    dev = add_dev(box, "a", TYPE_DEV, &finalized);
    {
        Object *other = object_new(TYPE_DEV);

        assert_null(object_property_try_add_child(box, "a", other, &err));
        check_error(&err, "attempt to add duplicate property 'a' to object "
                          "(type 'container')");
        assert_int_equal(other->ref, 1);
        assert_null(other->parent);
        object_unref(other);
    }
    /* "[*]" names work for children too. */
    {
        Object *c0 = add_dev(box, "item[*]", TYPE_DEV, NULL);
        Object *c1 = add_dev(box, "item[*]", TYPE_DEV, NULL);

        check_path(c0, "/test-tree/item[0]");
        check_path(c1, "/test-tree/item[1]");
    }
    object_unparent(box);
    assert_int_equal(finalized, 2);
}

static void add_child_twice(void *opaque)
{
    Object *box = object_new(TYPE_CONTAINER);

    object_property_add_child(box, "x", object_new(TYPE_DEV));
    object_property_add_child(box, "x", object_new(TYPE_DEV));
}

static void add_child_to_two_parents(void *opaque)
{
    Object *a = container_get(object_get_root(), "/a");
    Object *b = container_get(object_get_root(), "/b");
    Object *dev = object_new(TYPE_DEV);

    object_property_add_child(a, "dev", dev);
    object_property_add_child(b, "dev2", dev);
}

static void test_add_child_aborts(void **state)
{
    assert_child_aborts(add_child_twice, NULL,
                        "attempt to add duplicate property 'x' to object "
                        "(type 'container')");
    assert_child_aborts(add_child_to_two_parents, NULL,
                        "Cannot add '/a/dev' (type 'test-tree-dev') as "
                        "child 'dev2': it already has a parent");
}

static void test_unparent_hook(void **state)
{
    Object *box = container_get(object_get_root(), "/test-tree");
    int finalized = 0;
    Object *dev = add_dev(box, "hooked", TYPE_HOOKED, &finalized);

    /* The hook runs while the object is still fully in the tree. */
    object_unparent(dev);
    assert_int_equal(hook_seen.calls, 1);
    assert_true(hook_seen.had_parent);
    assert_string_equal(hook_seen.path, "/test-tree/hooked");
    assert_int_equal(hook_seen.ref, 1);
    assert_int_equal(finalized, 1);

    /* Also when the parent goes away with its children. */
    add_dev(box, "h1", TYPE_HOOKED, &finalized);
    object_unparent(box);
    assert_int_equal(hook_seen.calls, 2);
    assert_true(hook_seen.had_parent);
    assert_int_equal(finalized, 2);
    g_free(hook_seen.path);
    hook_seen.path = NULL;
}

/* Builds /test-tree/{a/{a1, a2/{deep}}, b, c}, with a link in a. */
static Object *build_tree(int *finalized)
{
    Object *box = container_get(object_get_root(), "/test-tree");
    Object *a = add_dev(box, "a", TYPE_DEV, finalized);
    Object *a2;

    add_dev(a, "a1", TYPE_DEV, finalized);
    a2 = add_dev(a, "a2", TYPE_SERIAL, finalized);
    add_dev(a2, "deep", TYPE_DEV, finalized);
    add_dev(box, "b", TYPE_SERIAL, finalized);
    add_dev(box, "c", TYPE_DEV, finalized);
    object_property_add(a, "not-a-child", "int", NULL, NULL, NULL, NULL);
    return box;
}

static void test_resolve_absolute(void **state)
{
    int finalized = 0;
    Object *box = build_tree(&finalized);
    Object *deep = object_resolve_path("/test-tree/a/a2/deep", NULL);
    bool ambiguous = true;

    assert_non_null(deep);
    check_path(deep, "/test-tree/a/a2/deep");
    /* Absolute paths are never ambiguous, and reset the flag. */
    assert_ptr_equal(object_resolve_path("/test-tree/a/a2/deep", &ambiguous),
                     deep);
    assert_false(ambiguous);
    assert_ptr_equal(object_resolve_path("/test-tree//a/a2/deep/", NULL), deep);
    assert_null(object_resolve_path("/test-tree/a/nope", NULL));
    assert_null(object_resolve_path("/test-tree/a/not-a-child", NULL));
    assert_null(object_resolve_path("/test-tree/a/a2/deep/x", NULL));
    assert_null(object_resolve_path("", NULL));
    /* "" with a type: the one object of that type, or ambiguous. */
    assert_null(object_resolve_path_type("", TYPE_OBJECT, &ambiguous));
    assert_true(ambiguous);
    assert_ptr_equal(object_resolve_path_type("", TYPE_CONTAINER "-none",
                                              &ambiguous),
                     NULL);
    assert_false(ambiguous);

    assert_ptr_equal(
        object_resolve_path_type("/test-tree/a/a2", TYPE_SERIAL, NULL),
        object_resolve_path("/test-tree/a/a2", NULL));
    assert_null(object_resolve_path_type("/test-tree/a/a1", TYPE_SERIAL, NULL));
    assert_ptr_equal(
        object_resolve_path_type("/test-tree/a/a1", TYPE_DEV, NULL),
        object_resolve_path("/test-tree/a/a1", NULL));

    object_unparent(box);
    assert_int_equal(finalized, 6);
}

static void test_resolve_partial(void **state)
{
    int finalized = 0;
    Object *box = build_tree(&finalized);
    Object *deep = object_resolve_path("/test-tree/a/a2/deep", NULL);
    Object *a2 = object_resolve_path("/test-tree/a/a2", NULL);
    Object *a1b;
    bool ambiguous = true;

    assert_ptr_equal(object_resolve_path("deep", &ambiguous), deep);
    assert_false(ambiguous);
    assert_ptr_equal(object_resolve_path("a2/deep", NULL), deep);
    assert_ptr_equal(object_resolve_path("a/a2/deep", NULL), deep);
    assert_ptr_equal(object_resolve_path("test-tree/a/a2", NULL), a2);
    assert_null(object_resolve_path("a2/nope", &ambiguous));
    assert_false(ambiguous);
    assert_null(object_resolve_path("a1/deep", NULL));

    /* Two objects named a1: ambiguous, unless the type tells them apart. */
    a1b = add_dev(object_resolve_path("/test-tree/c", NULL), "a1", TYPE_SERIAL,
                  &finalized);
    assert_null(object_resolve_path("a1", &ambiguous));
    assert_true(ambiguous);
    assert_null(object_resolve_path("a1", NULL));
    ambiguous = false;
    assert_ptr_equal(object_resolve_path_type("a1", TYPE_SERIAL, &ambiguous),
                     a1b);
    assert_false(ambiguous);
    assert_ptr_equal(object_resolve_path("c/a1", &ambiguous), a1b);
    assert_false(ambiguous);
    assert_null(object_resolve_path_type("a1", TYPE_DEV, &ambiguous));
    assert_true(ambiguous);

    /* A link to an object is another way there, not another object. */
    object_property_add_link(box, "deep", TYPE_DEV, &deep,
                             object_property_allow_set_link, 0);
    assert_ptr_equal(object_resolve_path("deep", &ambiguous), deep);
    assert_false(ambiguous);
    assert_ptr_equal(object_resolve_path("/test-tree/deep", NULL), deep);
    object_property_del(box, "deep");

    object_unparent(box);
    assert_int_equal(finalized, 7);
}

typedef struct Walk {
    GPtrArray *seen;
    int stop_after;
    bool unparent;
} Walk;

static int walk_fn(Object *child, void *opaque)
{
    Walk *w = opaque;

    g_ptr_array_add(w->seen, object_get_canonical_path(child));
    if (w->unparent) {
        object_unparent(child);
    }
    if (w->stop_after && (int)w->seen->len == w->stop_after) {
        return 42;
    }
    return 0;
}

static bool seen_path(Walk *w, const char *path)
{
    guint i;

    for (i = 0; i < w->seen->len; i++) {
        if (g_str_equal(w->seen->pdata[i], path)) {
            return true;
        }
    }
    return false;
}

static void test_child_foreach(void **state)
{
    int finalized = 0;
    Object *box = build_tree(&finalized);
    Walk w = {.seen = g_ptr_array_new_with_free_func(g_free)};
    guint i;

    /* Children only: not the plain property, not grandchildren. */
    assert_int_equal(object_child_foreach(box, walk_fn, &w), 0);
    assert_int_equal(w.seen->len, 3);
    assert_true(seen_path(&w, "/test-tree/a"));
    assert_true(seen_path(&w, "/test-tree/b"));
    assert_true(seen_path(&w, "/test-tree/c"));
    g_ptr_array_set_size(w.seen, 0);

    assert_int_equal(object_child_foreach_recursive(box, walk_fn, &w), 0);
    assert_int_equal(w.seen->len, 6);
    assert_true(seen_path(&w, "/test-tree/a/a2/deep"));
    /* Depth first: a parent comes right before its subtree. */
    for (i = 0; i < w.seen->len; i++) {
        if (g_str_equal(w.seen->pdata[i], "/test-tree/a/a2")) {
            assert_string_equal(w.seen->pdata[i + 1], "/test-tree/a/a2/deep");
        }
    }
    g_ptr_array_set_size(w.seen, 0);

    /* A non-zero return stops the walk and is passed on. */
    w.stop_after = 2;
    assert_int_equal(object_child_foreach(box, walk_fn, &w), 42);
    assert_int_equal(w.seen->len, 2);
    g_ptr_array_set_size(w.seen, 0);
    w.stop_after = 4;
    assert_int_equal(object_child_foreach_recursive(box, walk_fn, &w), 42);
    assert_int_equal(w.seen->len, 4);
    g_ptr_array_set_size(w.seen, 0);
    w.stop_after = 0;

    /* fn may unparent the child it is given. */
    w.unparent = true;
    assert_int_equal(
        object_child_foreach(object_resolve_path("/test-tree/a", NULL), walk_fn,
                             &w),
        0);
    assert_int_equal(w.seen->len, 2);
    assert_int_equal(finalized, 3);
    g_ptr_array_set_size(w.seen, 0);
    assert_int_equal(object_child_foreach_recursive(box, walk_fn, &w), 0);
    /* a, b, c; the unparented ones' subtrees are not walked. */
    assert_int_equal(w.seen->len, 3);
    assert_int_equal(finalized, 6);
    assert_int_equal(object_child_foreach(box, walk_fn, &w), 0);
    assert_int_equal(w.seen->len, 3);

    g_ptr_array_free(w.seen, true);
    object_unparent(box);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_and_containers),
        cmocka_unit_test(test_child_paths),
        cmocka_unit_test(test_detached_objects),
        cmocka_unit_test(test_child_refcount_and_unparent),
        cmocka_unit_test(test_add_child_aborts),
        cmocka_unit_test(test_unparent_hook),
        cmocka_unit_test(test_resolve_absolute),
        cmocka_unit_test(test_resolve_partial),
        cmocka_unit_test(test_child_foreach),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
