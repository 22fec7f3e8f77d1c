/*
 * isa-debug-exit through libqtest: "outb 0xf4 N" ends the child with
 * status (N << 1) | 1.  Passes against emu and QEMU.  Also checks that
 * the QMP link works (query-status) before the exit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

static void exit_with(uint8_t n)
{
    QTestState *s = qtest_init("-M pc -nodefaults "
                               "-device isa-debug-exit,iobase=0xf4,iosize=4");
    JsonObject *r = qtest_qmp(s, "{\"execute\": \"query-status\"}");

    assert_true(json_object_has_member(r, "return"));
    json_object_unref(r);
    qtest_set_expected_status(s, (n << 1) | 1);
    qtest_outb(s, 0xf4, n);
    qtest_quit(s);
}

static void test_exit_0(void **state)
{
    (void)state;
    exit_with(0);
}

static void test_exit_21(void **state)
{
    (void)state;
    exit_with(21);
}

static void test_exit_127(void **state)
{
    (void)state;
    exit_with(127);     /* status 255 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_0),
        cmocka_unit_test(test_exit_21),
        cmocka_unit_test(test_exit_127),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
