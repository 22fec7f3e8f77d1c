/*
 * Objects: creation and init order, reference counting, finalization,
 * embedded objects, alignment, and object_new_with_props/object_set_props.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_OBJ_ROOT "obj-root"
#define TYPE_OBJ_MID "obj-mid"
#define TYPE_OBJ_LEAF "obj-leaf"
#define TYPE_OBJ_ABSTRACT "obj-abstract"
#define TYPE_OBJ_ALIGNED "obj-aligned"
#define TYPE_OBJ_ALIGNED_CHILD "obj-aligned-child"
#define TYPE_OBJ_PROPS "obj-props"

static GString *obj_log;
/* Objects initialised and not yet finalized. */
static int obj_live;

static void log_add(const char *what, Object *obj)
{
    g_string_append_printf(obj_log, "%s%s", obj_log->len ? " " : "", what);
}

typedef struct ObjRoot {
    Object parent_obj;
    int inits;
    int sentinel;
} ObjRoot;
OBJECT_DECLARE_SIMPLE_TYPE(ObjRoot, OBJ_ROOT)

typedef struct ObjLeaf {
    ObjRoot parent_obj;
    uint64_t extra[2];
} ObjLeaf;

static void obj_root_init(Object *obj)
{
    ObjRoot *r = (ObjRoot *)obj;

    /* Zeroed memory, whatever was there before. */
    assert_int_equal(r->inits, 0);
    assert_int_equal(r->sentinel, 0);
    r->inits++;
    obj_live++;
    log_add("init:root", obj);
}

static void obj_root_post_init(Object *obj)
{
    log_add("post:root", obj);
}

static void obj_root_finalize(Object *obj)
{
    obj_live--;
    log_add("fin:root", obj);
}

static void obj_mid_init(Object *obj)
{
    log_add("init:mid", obj);
}

static void obj_mid_post_init(Object *obj)
{
    log_add("post:mid", obj);
}

static void obj_mid_finalize(Object *obj)
{
    log_add("fin:mid", obj);
}

static void obj_leaf_init(Object *obj)
{
    log_add("init:leaf", obj);
}

static void obj_leaf_post_init(Object *obj)
{
    log_add("post:leaf", obj);
}

static void obj_leaf_finalize(Object *obj)
{
    log_add("fin:leaf", obj);
}

typedef struct ObjAligned {
    Object parent_obj;
    uint8_t block[64];
} ObjAligned;

/* A type with properties, for object_new_with_props/object_set_props. */
typedef struct ObjProps {
    ObjRoot parent_obj;
    char *name;
    bool flag;
    uint32_t count;
    /* What count was when instance_init ran. */
    uint32_t count_at_init;
} ObjProps;

static char *obj_props_get_name(Object *obj, Error **errp)
{
    return g_strdup(((ObjProps *)obj)->name);
}

static void obj_props_set_name(Object *obj, const char *value, Error **errp)
{
    ObjProps *p = (ObjProps *)obj;

    g_free(p->name);
    p->name = g_strdup(value);
}

static bool obj_props_get_flag(Object *obj, Error **errp)
{
    return ((ObjProps *)obj)->flag;
}

static void obj_props_set_flag(Object *obj, bool value, Error **errp)
{
    ((ObjProps *)obj)->flag = value;
}

static void obj_props_release_note(Object *obj, const char *name, void *opaque)
{
    log_add("release:note", obj);
}

static void obj_props_init(Object *obj)
{
    ObjProps *p = (ObjProps *)obj;

    p->count_at_init = p->count;
    object_property_add_str(obj, "name", obj_props_get_name,
                            obj_props_set_name);
    object_property_add_bool(obj, "flag", obj_props_get_flag,
                             obj_props_set_flag);
    object_property_add(obj, "note", "string", NULL, NULL,
                        obj_props_release_note, NULL);
}

static void obj_props_finalize(Object *obj)
{
    g_free(((ObjProps *)obj)->name);
}

static void obj_props_class_init(ObjectClass *klass, void *data)
{
    ObjectProperty *prop = object_class_property_add_uint32_ptr(
        klass, "count", (const uint32_t *)offsetof(ObjProps, count),
        OBJ_PROP_FLAG_READWRITE);

    object_property_set_default_uint(prop, 7);
}

static const TypeInfo obj_types[] = {
    {
        .name = TYPE_OBJ_ROOT,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(ObjRoot),
        .instance_init = obj_root_init,
        .instance_post_init = obj_root_post_init,
        .instance_finalize = obj_root_finalize,
    },
    {
        .name = TYPE_OBJ_MID,
        .parent = TYPE_OBJ_ROOT,
        .instance_init = obj_mid_init,
        .instance_post_init = obj_mid_post_init,
        .instance_finalize = obj_mid_finalize,
    },
    {
        .name = TYPE_OBJ_LEAF,
        .parent = TYPE_OBJ_MID,
        .instance_size = sizeof(ObjLeaf),
        .instance_init = obj_leaf_init,
        .instance_post_init = obj_leaf_post_init,
        .instance_finalize = obj_leaf_finalize,
    },
    {
        .name = TYPE_OBJ_ABSTRACT,
        .parent = TYPE_OBJ_ROOT,
        .abstract = true,
    },
    {
        .name = "obj-broken",
        .parent = "obj-missing",
    },
    {
        .name = TYPE_OBJ_ALIGNED,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(ObjAligned),
        .instance_align = 64,
    },
    {
        /* Inherits the alignment. */
        .name = TYPE_OBJ_ALIGNED_CHILD,
        .parent = TYPE_OBJ_ALIGNED,
    },
    {
        .name = TYPE_OBJ_PROPS,
        .parent = TYPE_OBJ_ROOT,
        .instance_size = sizeof(ObjProps),
        .instance_init = obj_props_init,
        .instance_finalize = obj_props_finalize,
        .class_init = obj_props_class_init,
    },
};

DEFINE_TYPES(obj_types)

static int setup(void **state)
{
    g_string_truncate(obj_log, 0);
    obj_live = 0;
    return 0;
}

/* ---- Creation ---- */

/* instance_init parents first, then instance_post_init children first. */
static void test_object_new(void **state)
{
    Object *obj = object_new(TYPE_OBJ_LEAF);

    assert_non_null(obj);
    assert_string_equal(obj_log->str, "init:root init:mid init:leaf "
                                      "post:leaf post:mid post:root");
    assert_int_equal(obj->ref, 1);
    assert_null(obj->parent);
    assert_non_null(obj->free);
    assert_ptr_equal(object_get_class(obj),
                     object_class_by_name(TYPE_OBJ_LEAF));
    assert_string_equal(object_get_typename(obj), TYPE_OBJ_LEAF);
    assert_int_equal(((ObjRoot *)obj)->inits, 1);
    assert_int_equal(((ObjLeaf *)obj)->extra[1], 0);
    object_unref(obj);
    assert_int_equal(obj_live, 0);
}

static void test_object_new_with_class(void **state)
{
    ObjectClass *klass = object_class_by_name(TYPE_OBJ_MID);
    Object *obj = object_new_with_class(klass);

    assert_ptr_equal(object_get_class(obj), klass);
    assert_string_equal(obj_log->str, "init:root init:mid post:mid post:root");
    object_unref(obj);
}

/* The child-most type's finalize runs first. */
static void test_object_finalize_order(void **state)
{
    Object *obj = object_new(TYPE_OBJ_LEAF);

    g_string_truncate(obj_log, 0);
    object_unref(obj);
    assert_string_equal(obj_log->str, "fin:leaf fin:mid fin:root");
    assert_int_equal(obj_live, 0);
}

static void test_object_refcount(void **state)
{
    Object *obj = object_new(TYPE_OBJ_ROOT);

    assert_ptr_equal(object_ref(obj), obj);
    assert_int_equal(obj->ref, 2);
    object_unref(obj);
    assert_int_equal(obj->ref, 1);
    assert_int_equal(obj_live, 1);
    object_unref(obj);
    assert_int_equal(obj_live, 0);

    assert_null(object_ref(NULL));
    object_unref(NULL);
}

static void test_object_autoptr(void **state)
{
    {
        g_autoptr(ObjRoot) r = OBJ_ROOT(object_new(TYPE_OBJ_ROOT));

        assert_int_equal(r->inits, 1);
        assert_int_equal(obj_live, 1);
    }
    assert_int_equal(obj_live, 0);
}

/* Instance properties are released before any instance_finalize. */
static void test_object_properties_released_first(void **state)
{
    Object *obj = object_new(TYPE_OBJ_PROPS);

    g_string_truncate(obj_log, 0);
    object_unref(obj);
    assert_string_equal(obj_log->str, "release:note fin:root");
}

/* Class property defaults are set before instance_init runs. */
static void test_object_class_defaults_before_init(void **state)
{
    ObjProps *p = (ObjProps *)object_new(TYPE_OBJ_PROPS);

    assert_int_equal(p->count_at_init, 7);
    assert_int_equal(p->count, 7);
    object_unref(p);
}

static void test_object_aligned(void **state)
{
    Object *objs[8];

    for (int i = 0; i < 8; i++) {
        objs[i] = object_new(i % 2 ? TYPE_OBJ_ALIGNED_CHILD : TYPE_OBJ_ALIGNED);
        assert_int_equal((uintptr_t)objs[i] % 64, 0);
        /* The whole instance is usable (ASan checks the bounds). */
        ((ObjAligned *)objs[i])->block[63] = 1;
    }
    for (int i = 0; i < 8; i++) {
        object_unref(objs[i]);
    }
}

/* ---- Embedded objects ---- */

typedef struct Holder {
    int before;
    ObjLeaf child;
    int after;
} Holder;

/* Finalized by its last unref, but the memory stays the caller's. */
static void test_object_initialize_embedded(void **state)
{
    Holder *h = g_new(Holder, 1);
    Object *obj = OBJECT(&h->child);

    memset(h, 0xa5, sizeof(*h));
    h->before = 1;
    h->after = 2;
    object_initialize(&h->child, sizeof(h->child), TYPE_OBJ_LEAF);
    assert_null(obj->free);
    assert_int_equal(obj->ref, 1);
    assert_string_equal(object_get_typename(obj), TYPE_OBJ_LEAF);
    assert_int_equal(h->child.extra[1], 0);

    g_string_truncate(obj_log, 0);
    object_unref(obj);
    assert_string_equal(obj_log->str, "fin:leaf fin:mid fin:root");
    assert_int_equal(h->before, 1);
    assert_int_equal(h->after, 2);
    /* Still readable: nothing was freed. */
    assert_int_equal(h->child.parent_obj.inits, 1);
    g_free(h);
}

/* Only instance_size bytes are cleared in a larger buffer. */
static void test_object_initialize_larger_buffer(void **state)
{
    union {
        ObjRoot obj;
        uint8_t bytes[sizeof(ObjRoot) + 16];
    } buf;

    memset(&buf, 0x5a, sizeof(buf));
    object_initialize(&buf, sizeof(buf), TYPE_OBJ_ROOT);
    assert_int_equal(buf.obj.sentinel, 0);
    assert_int_equal(buf.bytes[sizeof(ObjRoot)], 0x5a);
    assert_int_equal(buf.bytes[sizeof(buf) - 1], 0x5a);
    object_unref(&buf.obj);
}

static void initialize_too_small(void *opaque)
{
    ObjRoot r;

    object_initialize(&r, sizeof(Object), TYPE_OBJ_ROOT);
}

static void unref_finalized(void *opaque)
{
    object_unref(opaque);
}

static void test_object_programming_errors(void **state)
{
    ObjRoot r;
    g_autofree char *too_small = g_strdup_printf(
        "emu: Cannot initialise an object of type 'obj-root' in %zu bytes: "
        "it needs %zu\n",
        sizeof(Object), sizeof(ObjRoot));
    g_autofree char *no_ref = NULL;

    assert_child_aborts(initialize_too_small, NULL, too_small);

    object_initialize(&r, sizeof(r), TYPE_OBJ_ROOT);
    object_unref(&r);
    no_ref = g_strdup_printf("emu: object_unref: object %p of type "
                             "'obj-root' has no reference left\n",
                             (void *)&r);
    assert_child_aborts(unref_finalized, &r, no_ref);
}

static void new_by_name(void *opaque)
{
    object_new(opaque);
}

/* object_new() of what cannot have instances is a programming error. */
static void test_object_new_aborts(void **state)
{
    assert_child_aborts(new_by_name, (void *)TYPE_OBJ_ABSTRACT,
                        "emu: Cannot create object of abstract type "
                        "'obj-abstract'\n");
    assert_child_aborts(new_by_name, (void *)"obj-nope",
                        "emu: Cannot create object of unknown type "
                        "'obj-nope'\n");
    assert_child_aborts(new_by_name, (void *)"obj-broken",
                        "emu: Cannot create object of type 'obj-broken': "
                        "Type 'obj-broken' has unknown parent type "
                        "'obj-missing'\n");
    assert_child_aborts(new_by_name, (void *)TYPE_INTERFACE,
                        "emu: Cannot create object of abstract type "
                        "'interface'\n");
}

/* ---- object_new_with_props ---- */

static void test_object_new_with_props_type_errors(void **state)
{
    Object *parent = object_new(TYPE_OBJ_ROOT);
    Error *err = NULL;

    assert_null(object_new_with_props("obj-nope", parent, "x", &err, NULL));
    assert_string_equal(error_get_pretty(err), "invalid object type: obj-nope");
    error_free(err);
    err = NULL;

    assert_null(
        object_new_with_props(TYPE_OBJ_ABSTRACT, parent, "x", &err, NULL));
    assert_string_equal(error_get_pretty(err),
                        "Object type 'obj-abstract' is abstract");
    error_free(err);
    err = NULL;

    assert_null(object_new_with_props("obj-broken", NULL, NULL, &err, NULL));
    assert_string_equal(error_get_pretty(err),
                        "Type 'obj-broken' has unknown parent type "
                        "'obj-missing'");
    error_free(err);

    /* Nothing was created, nothing was added. */
    assert_null(object_property_find(parent, "x"));
    assert_int_equal(obj_live, 1);
    object_unref(parent);
}

static void test_object_new_with_props(void **state)
{
    Error *err = NULL;
    ObjProps *p = (ObjProps *)object_new_with_props(
        TYPE_OBJ_PROPS, NULL, NULL, &err, "name", "disk0", "flag", "on",
        "count", "12", NULL);

    assert_null(err);
    assert_non_null(p);
    assert_string_equal(p->name, "disk0");
    assert_true(p->flag);
    assert_int_equal(p->count, 12);
    /* No parent: the caller owns the only reference. */
    assert_int_equal(OBJECT(p)->ref, 1);
    assert_null(OBJECT(p)->parent);
    object_unref(p);
    assert_int_equal(obj_live, 0);
}

/* With a parent, the parent's child<> property owns the new object. */
static void test_object_new_with_props_parent(void **state)
{
    Object *parent = object_new(TYPE_OBJ_ROOT);
    Object *obj = object_new_with_props(TYPE_OBJ_PROPS, parent, "kid",
                                        &error_abort, "name", "k", NULL);

    assert_non_null(obj);
    assert_int_equal(obj->ref, 1);
    assert_ptr_equal(obj->parent, parent);
    assert_ptr_equal(object_resolve_path_component(parent, "kid"), obj);
    assert_int_equal(obj_live, 2);

    object_unparent(obj);
    assert_int_equal(obj_live, 1);
    object_unref(parent);
    assert_int_equal(obj_live, 0);
}

/* Any failure unrefs the new object: nothing left behind. */
static void test_object_new_with_props_errors(void **state)
{
    Object *parent = object_new(TYPE_OBJ_ROOT);
    Object *first;
    Error *err = NULL;

    assert_null(object_new_with_props(TYPE_OBJ_PROPS, parent, "kid", &err,
                                      "name", "a", "nope", "1", NULL));
    assert_string_equal(error_get_pretty(err),
                        "Property 'obj-props.nope' not found");
    error_free(err);
    err = NULL;
    assert_int_equal(obj_live, 1);
    assert_null(object_property_find(parent, "kid"));

    assert_null(object_new_with_props(TYPE_OBJ_PROPS, NULL, NULL, &err, "count",
                                      "lots", NULL));
    assert_non_null(err);
    error_free(err);
    err = NULL;
    assert_int_equal(obj_live, 1);

    /* The id is taken: the second object goes away again. */
    first = object_new_with_props(TYPE_OBJ_PROPS, parent, "kid", &error_abort,
                                  NULL);
    assert_null(
        object_new_with_props(TYPE_OBJ_PROPS, parent, "kid", &err, NULL));
    assert_non_null(strstr(error_get_pretty(err), "'kid'"));
    error_free(err);
    assert_int_equal(obj_live, 2);
    assert_ptr_equal(object_resolve_path_component(parent, "kid"), first);

    object_unref(parent);
    assert_int_equal(obj_live, 0);
}

static void test_object_set_props(void **state)
{
    ObjProps *p = (ObjProps *)object_new(TYPE_OBJ_PROPS);
    Error *err = NULL;

    assert_true(
        object_set_props(OBJECT(p), &err, "name", "n1", "count", "0x20", NULL));
    assert_null(err);
    assert_string_equal(p->name, "n1");
    assert_int_equal(p->count, 32);

    assert_true(object_set_props(OBJECT(p), &error_abort, NULL));

    /* Stops at the first error; earlier pairs are applied. */
    assert_false(object_set_props(OBJECT(p), &err, "name", "n2", "missing", "x",
                                  "flag", "on", NULL));
    assert_string_equal(error_get_pretty(err),
                        "Property 'obj-props.missing' not found");
    error_free(err);
    assert_string_equal(p->name, "n2");
    assert_false(p->flag);
    object_unref(p);
}

/* ---- object_initialize_child ---- */

typedef struct Board {
    ObjRoot parent_obj;
    ObjLeaf chip;
} Board;

static void test_object_initialize_child(void **state)
{
    Board *b = g_new0(Board, 1);
    Object *board = object_new(TYPE_OBJ_ROOT);

    object_initialize_child(board, "chip", &b->chip, TYPE_OBJ_LEAF);
    assert_string_equal(object_get_typename(OBJECT(&b->chip)), TYPE_OBJ_LEAF);
    /* The parent's reference is the only one. */
    assert_int_equal(OBJECT(&b->chip)->ref, 1);
    assert_ptr_equal(OBJECT(&b->chip)->parent, board);
    assert_null(OBJECT(&b->chip)->free);
    assert_int_equal(obj_live, 2);

    g_string_truncate(obj_log, 0);
    object_unparent(OBJECT(&b->chip));
    assert_string_equal(obj_log->str, "fin:leaf fin:mid fin:root");
    assert_int_equal(obj_live, 1);
    object_unref(board);
    g_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_object_new, setup),
        cmocka_unit_test_setup(test_object_new_with_class, setup),
        cmocka_unit_test_setup(test_object_finalize_order, setup),
        cmocka_unit_test_setup(test_object_refcount, setup),
        cmocka_unit_test_setup(test_object_autoptr, setup),
        cmocka_unit_test_setup(test_object_properties_released_first, setup),
        cmocka_unit_test_setup(test_object_class_defaults_before_init, setup),
        cmocka_unit_test_setup(test_object_aligned, setup),
        cmocka_unit_test_setup(test_object_initialize_embedded, setup),
        cmocka_unit_test_setup(test_object_initialize_larger_buffer, setup),
        cmocka_unit_test_setup(test_object_programming_errors, setup),
        cmocka_unit_test_setup(test_object_new_aborts, setup),
        cmocka_unit_test_setup(test_object_new_with_props_type_errors, setup),
        cmocka_unit_test_setup(test_object_new_with_props, setup),
        cmocka_unit_test_setup(test_object_new_with_props_parent, setup),
        cmocka_unit_test_setup(test_object_new_with_props_errors, setup),
        cmocka_unit_test_setup(test_object_set_props, setup),
        cmocka_unit_test_setup(test_object_initialize_child, setup),
    };
    int ret;

    obj_log = g_string_new(NULL);
    module_call_init(MODULE_INIT_QOM);
    ret = cmocka_run_group_tests_name("libqom/object", tests, NULL, NULL);
    g_string_free(obj_log, true);
    return ret;
}
