/*
 * Helpers shared by the qdev unit tests: a stand-in machine ("/machine",
 * a plain container) created before each test and torn down after, so
 * every test starts with an empty tree, and error-text checks.
 */
#ifndef QDEV_TEST_H
#define QDEV_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"
#include "qom/object.h"
#include "util/error.h"

static inline int qdev_test_machine_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    return 0;
}

/* Dropping /machine unparents (and so unplugs) every device below it. */
static inline int qdev_test_machine_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    qdev_prop_clear_globals();
    return 0;
}

/* A test that runs between qdev_test_machine_setup/teardown. */
#define qdev_unit_test(f)                                                   \
    cmocka_unit_test_setup_teardown(f, qdev_test_machine_setup,            \
                                    qdev_test_machine_teardown)

/* Assert err is set with exactly text, and free it. */
#define assert_error(err, text)                                             \
    do {                                                                    \
        if (!(err)) {                                                       \
            print_error("expected error \"%s\", got none\n", (text));       \
            fail();                                                         \
        }                                                                   \
        assert_string_equal(error_get_pretty(err), (text));                 \
        error_free(err);                                                    \
        (err) = NULL;                                                       \
    } while (0)

/* Number of child<> properties of the object at path (0 if none). */
static inline int count_children_fn(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

static inline int qdev_test_count_children(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);
    int n = 0;

    if (obj) {
        object_child_foreach(obj, count_children_fn, &n);
    }
    return n;
}

#endif /* QDEV_TEST_H */
