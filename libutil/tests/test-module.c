/*
 * Unit tests for util/module.h: registration order, run-once semantics
 * and the constructor macros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "util/module.h"

/* Each init function appends its letter, so order is visible. */
static GString *trace;

static void init_a(void)
{
    g_string_append_c(trace, 'a');
}

static void init_b(void)
{
    g_string_append_c(trace, 'b');
}

static void init_c(void)
{
    g_string_append_c(trace, 'c');
}

static void init_late(void)
{
    g_string_append_c(trace, 'L');
}

static void init_registers_more(void)
{
    g_string_append_c(trace, 'R');
    register_module_init(init_late, MODULE_INIT_OPTS);
}

static void ctor_qom(void)
{
    g_string_append_c(trace, 'Q');
}

static void ctor_block(void)
{
    g_string_append_c(trace, 'B');
}

static void ctor_opts(void)
{
    g_string_append_c(trace, 'O');
}

static void ctor_migration(void)
{
    g_string_append_c(trace, 'M');
}

/* Registered by constructors before main() runs. */
type_init(ctor_qom) block_init(ctor_block) opts_init(ctor_opts)
    module_init(ctor_migration, MODULE_INIT_MIGRATION)

        static int setup(void **state)
{
    g_string_truncate(trace, 0);
    return 0;
}

static void test_constructors(void **state)
{
    assert_false(module_init_done(MODULE_INIT_BLOCK));
    assert_false(module_init_done(MODULE_INIT_MIGRATION));
    module_call_init(MODULE_INIT_BLOCK);
    assert_true(module_init_done(MODULE_INIT_BLOCK));
    /* Only the kind asked for runs. */
    assert_string_equal(trace->str, "B");
    assert_false(module_init_done(MODULE_INIT_MIGRATION));
    module_call_init(MODULE_INIT_MIGRATION);
    assert_string_equal(trace->str, "BM");
    assert_true(module_init_done(MODULE_INIT_MIGRATION));
}

static void test_order_and_once(void **state)
{
    register_module_init(init_a, MODULE_INIT_QOM);
    register_module_init(init_b, MODULE_INIT_QOM);
    assert_string_equal(trace->str, "");
    assert_false(module_init_done(MODULE_INIT_QOM));

    module_call_init(MODULE_INIT_QOM);
    assert_string_equal(trace->str, "Qab");
    assert_true(module_init_done(MODULE_INIT_QOM));

    /* A second call runs nothing that already ran. */
    module_call_init(MODULE_INIT_QOM);
    assert_string_equal(trace->str, "Qab");

    /* Registered later: runs on the next call, alone. */
    register_module_init(init_c, MODULE_INIT_QOM);
    assert_string_equal(trace->str, "Qab");
    module_call_init(MODULE_INIT_QOM);
    assert_string_equal(trace->str, "Qabc");
}

static void test_register_during_init(void **state)
{
    register_module_init(init_registers_more, MODULE_INIT_OPTS);
    module_call_init(MODULE_INIT_OPTS);
    /* Functions registered by an init function run in the same pass. */
    assert_string_equal(trace->str, "ORL");
    module_call_init(MODULE_INIT_OPTS);
    assert_string_equal(trace->str, "ORL");
}

static void test_empty_kind(void **state)
{
    assert_false(module_init_done(MODULE_INIT_TRACE));
    module_call_init(MODULE_INIT_TRACE);
    assert_true(module_init_done(MODULE_INIT_TRACE));
    assert_string_equal(trace->str, "");
}

static void child_register_bad_type(void *opaque)
{
    register_module_init(init_a, MODULE_INIT_MAX);
}

static void child_call_bad_type(void *opaque)
{
    module_call_init((module_init_type)-1);
}

static void child_done_bad_type(void *opaque)
{
    module_init_done(MODULE_INIT_MAX);
}

static void child_register_null(void *opaque)
{
    register_module_init(NULL, MODULE_INIT_QOM);
}

static void test_bad_arguments_assert(void **state)
{
    assert_child_aborts(child_register_bad_type, NULL, "MODULE_INIT_MAX");
    assert_child_aborts(child_call_bad_type, NULL, "type >= 0");
    assert_child_aborts(child_done_bad_type, NULL, "MODULE_INIT_MAX");
    assert_child_aborts(child_register_null, NULL, "fn");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_constructors, setup),
        cmocka_unit_test_setup(test_order_and_once, setup),
        cmocka_unit_test_setup(test_register_during_init, setup),
        cmocka_unit_test_setup(test_empty_kind, setup),
        cmocka_unit_test_setup(test_bad_arguments_assert, setup),
    };
    int ret;

    trace = g_string_new(NULL);
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    g_string_free(trace, true);
    return ret;
}
