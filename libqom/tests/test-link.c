/*
 * Unit tests for link<T> properties (link.c): setting by path or object,
 * type checks, check callbacks, strong references, class links, and
 * following links in paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_TARGET "test-link-target"
#define TYPE_TARGET_SUB "test-link-target-sub"
#define TYPE_OTHER "test-link-other"
#define TYPE_OWNER "test-link-owner"

typedef struct Owner {
    Object parent_obj;
    Object *weak;
    Object *strong;
    Object *checked;
    Object *ro;
    /* Behind the class links. */
    Object *cls;
    Object *cls_weak;
    /* What the check callback saw and whether it refuses. */
    int checks;
    Object *checked_val;
    bool refuse;
} Owner;

static Owner *owner(Object *obj)
{
    return (Owner *)obj;
}

static void refusing_check(const Object *obj, const char *name, Object *val,
                           Error **errp)
{
    Owner *s = owner((Object *)obj);

    s->checks++;
    s->checked_val = val;
    if (s->refuse) {
        error_setg(errp, "Link '%s' is locked", name);
    }
}

static void owner_instance_init(Object *obj)
{
    Owner *s = owner(obj);

    object_property_add_link(obj, "weak", TYPE_TARGET, &s->weak,
                             object_property_allow_set_link, 0);
    object_property_add_link(obj, "strong", TYPE_TARGET, &s->strong,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
    object_property_add_link(obj, "checked", TYPE_TARGET, &s->checked,
                             refusing_check, OBJ_PROP_LINK_STRONG);
    object_property_add_link(obj, "ro", TYPE_TARGET, &s->ro, NULL, 0);
}

static void owner_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_link(oc, "cls", TYPE_TARGET, offsetof(Owner, cls),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
    object_class_property_add_link(oc, "cls-weak", TYPE_OBJECT,
                                   offsetof(Owner, cls_weak),
                                   object_property_allow_set_link, 0);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TARGET,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    },
    {
        .name = TYPE_TARGET_SUB,
        .parent = TYPE_TARGET,
    },
    {
        .name = TYPE_OTHER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    },
    {
        .name = TYPE_OWNER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Owner),
        .instance_init = owner_instance_init,
        .class_init = owner_class_init,
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

/*
 * Every test works under /test-link: t1, t2 (targets), sub (a subclass
 * of target), other (unrelated type), owner.  The fixture's container is
 * unparented afterwards, which must free everything.
 */
typedef struct Fixture {
    Object *box;
    Object *t1;
    Object *t2;
    Object *sub;
    Object *other;
    Object *owner;
} Fixture;

static Object *add_new_child(Object *parent, const char *name, const char *type)
{
    Object *obj = object_new(type);

    object_property_add_child(parent, name, obj);
    object_unref(obj);
    return obj;
}

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);

    f->box = container_get(object_get_root(), "/test-link");
    f->t1 = add_new_child(f->box, "t1", TYPE_TARGET);
    f->t2 = add_new_child(f->box, "t2", TYPE_TARGET);
    f->sub = add_new_child(f->box, "sub", TYPE_TARGET_SUB);
    f->other = add_new_child(f->box, "other", TYPE_OTHER);
    f->owner = add_new_child(f->box, "owner", TYPE_OWNER);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;

    object_unparent(f->box);
    assert_null(object_resolve_path("/test-link", NULL));
    g_free(f);
    return 0;
}

static void test_link_set_get(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    char *str;

    assert_string_equal(object_property_get_type(f->owner, "weak", &err),
                        "link<test-link-target>");
    assert_null(object_property_get_link(f->owner, "weak", &err));
    str = object_property_get_str(f->owner, "weak", &err);
    assert_string_equal(str, "");
    g_free(str);

    assert_true(object_property_set_link(f->owner, "weak", f->t1, &err));
    assert_ptr_equal(owner(f->owner)->weak, f->t1);
    assert_ptr_equal(object_property_get_link(f->owner, "weak", &err), f->t1);
    str = object_property_get_str(f->owner, "weak", &err);
    assert_string_equal(str, "/test-link/t1");
    g_free(str);
    str = object_property_print(f->owner, "weak", true, &err);
    assert_string_equal(str, "\"/test-link/t1\"");
    g_free(str);
    /* A weak link takes no reference. */
    assert_int_equal(f->t1->ref, 1);

    /* A subclass of the link's type is welcome. */
    assert_true(object_property_set_link(f->owner, "weak", f->sub, &err));
    assert_ptr_equal(owner(f->owner)->weak, f->sub);

    assert_true(object_property_set_link(f->owner, "weak", NULL, &err));
    assert_null(owner(f->owner)->weak);
    assert_null(object_property_get_link(f->owner, "weak", &err));
    assert_null(err);

    /* Links are followed by path resolution, and resolve to the target. */
    object_property_set_link(f->owner, "weak", f->t2, &error_abort);
    assert_ptr_equal(object_resolve_path_component(f->owner, "weak"), f->t2);
    assert_ptr_equal(object_resolve_path("/test-link/owner/weak", NULL), f->t2);
    object_property_set_link(f->owner, "weak", NULL, &error_abort);
    assert_null(object_resolve_path_component(f->owner, "weak"));
    assert_null(object_resolve_path("/test-link/owner/weak", NULL));
}

static void test_link_set_by_path(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;

    assert_true(
        object_property_set_str(f->owner, "weak", "/test-link/t2", &err));
    assert_ptr_equal(owner(f->owner)->weak, f->t2);
    /* A partial path is enough when it is unique. */
    assert_true(object_property_set_str(f->owner, "weak", "t1", &err));
    assert_ptr_equal(owner(f->owner)->weak, f->t1);
    assert_true(object_property_parse(f->owner, "weak", "test-link/sub", &err));
    assert_ptr_equal(owner(f->owner)->weak, f->sub);
    /* The empty string clears. */
    assert_true(object_property_parse(f->owner, "weak", "", &err));
    assert_null(owner(f->owner)->weak);
    assert_null(err);
}

static void test_link_errors(void **state)
{
    Fixture *f = *state;
    Object *box2 = container_get(f->box, "/more");
    Object *loose = object_new(TYPE_TARGET);
    Error *err = NULL;

    object_property_set_link(f->owner, "weak", f->t1, &error_abort);

    assert_false(
        object_property_set_str(f->owner, "weak", "/test-link/nope", &err));
    check_error(&err, "Device '/test-link/nope' not found");
    assert_false(object_property_set_str(f->owner, "weak", "nope", &err));
    check_error(&err, "Device 'nope' not found");
    assert_false(object_property_set_str(f->owner, "weak", "other", &err));
    check_error(&err, "Invalid parameter type for 'weak', expected: "
                      "test-link-target");
    assert_false(object_property_set_link(f->owner, "weak", f->other, &err));
    check_error(&err, "Invalid parameter type for 'weak', expected: "
                      "test-link-target");

    /* "t1" becomes ambiguous once a second target has that name. */
    add_new_child(box2, "t1", TYPE_TARGET);
    assert_false(object_property_set_str(f->owner, "weak", "t1", &err));
    check_error(&err, "Path 't1' does not uniquely identify an object");
    /* The type narrows the search: one "other" of the right type. */
    add_new_child(box2, "other", TYPE_TARGET);
    assert_true(object_property_set_str(f->owner, "weak", "other", &err));
    assert_ptr_equal(owner(f->owner)->weak,
                     object_resolve_path("/test-link/more/other", NULL));
    object_property_set_link(f->owner, "weak", f->t1, &error_abort);

    /* Only objects in the tree have a path to link to. */
    assert_false(object_property_set_link(f->owner, "weak", loose, &err));
    check_error(&err, "Cannot set link 'test-link-owner.weak' to an object "
                      "of type 'test-link-target': it is not in the "
                      "composition tree");
    assert_false(object_property_set_link(f->owner, "nope", f->t1, &err));
    check_error(&err, "Property 'test-link-owner.nope' not found");
    assert_false(object_property_set_int(f->owner, "weak", 1, &err));
    check_error(&err, "Invalid parameter type for 'weak', expected: string");

    /* After all that, the link is unchanged. */
    assert_ptr_equal(owner(f->owner)->weak, f->t1);

    /* get_link on a string that names nothing. */
    object_property_add_str(f->owner, "path", NULL, NULL);
    assert_null(object_property_get_link(f->owner, "path", &err));
    check_error(&err, "Property 'test-link-owner.path' is not readable");
    assert_null(object_property_get_link(f->owner, "nope", &err));
    check_error(&err, "Property 'test-link-owner.nope' not found");
    object_unref(loose);
}

static void test_link_strong_refcount(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;

    assert_int_equal(f->t1->ref, 1);
    object_property_set_link(f->owner, "strong", f->t1, &err);
    assert_int_equal(f->t1->ref, 2);
    /* Setting the same target again keeps one reference. */
    object_property_set_link(f->owner, "strong", f->t1, &err);
    assert_int_equal(f->t1->ref, 2);
    object_property_set_link(f->owner, "strong", f->t2, &err);
    assert_int_equal(f->t1->ref, 1);
    assert_int_equal(f->t2->ref, 2);
    object_property_set_link(f->owner, "strong", NULL, &err);
    assert_int_equal(f->t2->ref, 1);
    assert_null(err);

    /* A failed set leaves the references alone. */
    object_property_set_link(f->owner, "strong", f->t1, &err);
    assert_false(object_property_set_str(f->owner, "strong", "nope", &err));
    check_error(&err, "Device 'nope' not found");
    assert_int_equal(f->t1->ref, 2);

    /* The reference keeps the target alive after it leaves the tree. */
    object_ref(f->t1);
    object_unparent(f->t1);
    assert_int_equal(f->t1->ref, 2);
    assert_null(object_get_canonical_path(f->t1));
    /* Its path is gone, so the link reads as empty. */
    {
        char *str = object_property_get_str(f->owner, "strong", &err);

        assert_string_equal(str, "");
        g_free(str);
    }

    /* Unparenting the owner drops the link's reference. */
    object_unparent(f->owner);
    assert_int_equal(f->t1->ref, 1);
    object_unref(f->t1);
}

static void test_link_check_callback(void **state)
{
    Fixture *f = *state;
    Owner *s = owner(f->owner);
    Error *err = NULL;

    assert_true(object_property_set_link(f->owner, "checked", f->t1, &err));
    assert_int_equal(s->checks, 1);
    assert_ptr_equal(s->checked_val, f->t1);
    assert_ptr_equal(s->checked, f->t1);

    s->refuse = true;
    assert_false(object_property_set_link(f->owner, "checked", f->t2, &err));
    check_error(&err, "Link 'checked' is locked");
    assert_int_equal(s->checks, 2);
    assert_ptr_equal(s->checked_val, f->t2);
    assert_ptr_equal(s->checked, f->t1);
    assert_int_equal(f->t1->ref, 2);
    assert_int_equal(f->t2->ref, 1);
    /* Clearing is vetted as well (with a NULL value). */
    assert_false(object_property_set_link(f->owner, "checked", NULL, &err));
    check_error(&err, "Link 'checked' is locked");
    assert_null(s->checked_val);
    /* A bad path fails before the check is asked. */
    assert_false(object_property_set_str(f->owner, "checked", "nope", &err));
    check_error(&err, "Device 'nope' not found");
    assert_int_equal(s->checks, 3);

    s->refuse = false;
    assert_true(object_property_set_link(f->owner, "checked", NULL, &err));
    assert_int_equal(f->t1->ref, 1);
}

static void test_link_read_only(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    char *str;

    assert_false(object_property_set_link(f->owner, "ro", f->t1, &err));
    check_error(&err, "Property 'test-link-owner.ro' is not writable");
    /* The owner sets the pointer itself; the property reads it. */
    owner(f->owner)->ro = f->t2;
    str = object_property_get_str(f->owner, "ro", &err);
    assert_string_equal(str, "/test-link/t2");
    g_free(str);
    assert_ptr_equal(object_property_get_link(f->owner, "ro", &err), f->t2);
    assert_ptr_equal(object_resolve_path("/test-link/owner/ro", NULL), f->t2);
    assert_null(err);
}

static void test_link_class_form(void **state)
{
    Fixture *f = *state;
    Object *second = add_new_child(f->box, "owner2", TYPE_OWNER);
    Error *err = NULL;

    assert_string_equal(object_property_get_type(f->owner, "cls", &err),
                        "link<test-link-target>");
    assert_string_equal(object_property_get_type(f->owner, "cls-weak", &err),
                        "link<object>");
    /* One class property, a separate pointer in each instance. */
    assert_true(object_property_set_link(f->owner, "cls", f->t1, &err));
    assert_true(object_property_set_str(second, "cls", "t2", &err));
    assert_ptr_equal(owner(f->owner)->cls, f->t1);
    assert_ptr_equal(owner(second)->cls, f->t2);
    assert_ptr_equal(object_property_get_link(second, "cls", &err), f->t2);
    assert_int_equal(f->t1->ref, 2);
    assert_int_equal(f->t2->ref, 2);
    /* link<object> takes anything. */
    assert_true(object_property_set_link(second, "cls-weak", f->other, &err));
    assert_ptr_equal(owner(second)->cls_weak, f->other);
    assert_ptr_equal(object_resolve_path("/test-link/owner2/cls-weak", NULL),
                     f->other);
    assert_null(err);

    /* Finalizing an instance releases its class links' references. */
    object_unparent(second);
    assert_int_equal(f->t2->ref, 1);
    assert_int_equal(f->other->ref, 1);
    assert_int_equal(f->t1->ref, 2);
    object_property_set_link(f->owner, "cls", NULL, &err);
    assert_int_equal(f->t1->ref, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_link_set_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_set_by_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_strong_refcount, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_link_check_callback, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_link_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_class_form, setup, teardown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
