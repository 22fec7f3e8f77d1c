/*
 * Unit tests for util/error-report.h: message prefixes and the location
 * stack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "capture.h"
#include "util/error-report.h"

static char *argv_m[] = {"emu", "-m", "foo", "-smp", "2", NULL};

static void test_progname(void **state)
{
    StderrCapture cap;
    char *out;

    assert_string_equal(error_get_progname(), "emu");

    /* argv[0] is usually a path; only the last component is printed. */
    error_set_progname("/usr/local/bin/emu-x86_64");
    assert_string_equal(error_get_progname(), "emu-x86_64");
    capture_begin(&cap);
    error_report("hello");
    out = capture_end(&cap);
    assert_string_equal(out, "emu-x86_64: hello\n");
    g_free(out);

    error_set_progname("plain");
    assert_string_equal(error_get_progname(), "plain");
    error_set_progname("emu");
    assert_string_equal(error_get_progname(), "emu");
}

static void test_report_kinds(void **state)
{
    StderrCapture cap;
    char *out;

    capture_begin(&cap);
    error_report("bad value %d", 3);
    warn_report("odd value %s", "x");
    info_report("using %u CPUs", 2u);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: bad value 3\n"
                             "emu: warning: odd value x\n"
                             "emu: info: using 2 CPUs\n");
    g_free(out);
}

static void call_vreport(void (*fn)(const char *, va_list), const char *fmt,
                         ...) __attribute__((format(printf, 2, 3)));

static void call_vreport(void (*fn)(const char *, va_list), const char *fmt,
                         ...)
{
    va_list ap;

    va_start(ap, fmt);
    fn(fmt, ap);
    va_end(ap);
}

static void test_vreport(void **state)
{
    StderrCapture cap;
    char *out;

    capture_begin(&cap);
    call_vreport(error_vreport, "e%d", 1);
    call_vreport(warn_vreport, "w%d", 2);
    call_vreport(info_vreport, "i%d", 3);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: e1\nemu: warning: w2\nemu: info: i3\n");
    g_free(out);
}

static void test_loc_cmdline(void **state)
{
    StderrCapture cap;
    Location loc;
    char *out;

    loc_push_none(&loc);
    capture_begin(&cap);
    loc_set_cmdline(argv_m, 1, 2);
    error_report("Parameter 'size' expects a size");
    warn_report("w");
    info_report("i");
    loc_set_cmdline(argv_m, 3, 1);
    error_report("one word");
    loc_set_cmdline(argv_m, 1, 4);
    error_report("four words");
    out = capture_end(&cap);
    loc_pop(&loc);
    assert_string_equal(out, "emu: -m foo: Parameter 'size' expects a size\n"
                             "emu: -m foo: warning: w\n"
                             "emu: -m foo: info: i\n"
                             "emu: -smp: one word\n"
                             "emu: -m foo -smp 2: four words\n");
    g_free(out);
}

static void test_loc_file(void **state)
{
    StderrCapture cap;
    Location loc;
    char *out;

    loc_push_none(&loc);
    capture_begin(&cap);
    loc_set_file("vm.cfg", 12);
    error_report("unknown key");
    loc_set_file("vm.cfg", 0);
    warn_report("empty file");
    /* No name: nothing meaningful to print, so no location at all. */
    loc_set_file(NULL, 3);
    error_report("nameless");
    out = capture_end(&cap);
    loc_pop(&loc);
    assert_string_equal(out, "emu: vm.cfg:12: unknown key\n"
                             "emu: vm.cfg: warning: empty file\n"
                             "emu: nameless\n");
    g_free(out);
}

static void test_print_loc(void **state)
{
    StderrCapture cap;
    Location loc;
    char *out;

    loc_push_none(&loc);
    capture_begin(&cap);
    error_print_loc();
    fputs("|", stderr);
    loc_set_cmdline(argv_m, 1, 2);
    error_print_loc();
    fputs("|", stderr);
    loc_set_file("a.cfg", 7);
    error_print_loc();
    fputs("|", stderr);
    loc_set_none();
    error_print_loc();
    out = capture_end(&cap);
    loc_pop(&loc);
    assert_string_equal(out, "|-m foo: |a.cfg:7: |");
    g_free(out);
}

static void test_loc_stack(void **state)
{
    StderrCapture cap;
    Location outer;
    Location inner;
    char *out;

    capture_begin(&cap);
    assert_ptr_equal(loc_push_none(&outer), &outer);
    loc_set_cmdline(argv_m, 1, 2);
    error_report("a");
    assert_ptr_equal(loc_push_none(&inner), &inner);
    error_report("b");
    loc_set_file("x.cfg", 1);
    error_report("c");
    assert_ptr_equal(loc_pop(&inner), &inner);
    error_report("d");
    loc_pop(&outer);
    error_report("e");
    out = capture_end(&cap);
    assert_string_equal(out, "emu: -m foo: a\nemu: b\nemu: x.cfg:1: c\n"
                             "emu: -m foo: d\nemu: e\n");
    g_free(out);
}

static void test_loc_save_restore(void **state)
{
    StderrCapture cap;
    Location top;
    Location saved;
    Location *ret;
    char *out;

    loc_push_none(&top);
    loc_set_file("saved.cfg", 5);
    ret = loc_save(&saved);
    assert_ptr_equal(ret, &saved);
    assert_int_equal(saved.kind, LOC_FILE);
    assert_int_equal(saved.num, 5);
    assert_null(saved.prev);

    capture_begin(&cap);
    loc_set_cmdline(argv_m, 3, 2);
    error_report("a");
    /* Make the current location the saved one again. */
    loc_restore(&saved);
    error_report("b");
    loc_set_none();
    error_report("c");
    /* Or push the saved one on top, then pop back. */
    assert_ptr_equal(loc_push_restore(&saved), &saved);
    error_report("d");
    loc_pop(&saved);
    error_report("e");
    out = capture_end(&cap);
    loc_pop(&top);
    assert_string_equal(out, "emu: -smp 2: a\nemu: saved.cfg:5: b\n"
                             "emu: c\nemu: saved.cfg:5: d\nemu: e\n");
    g_free(out);
}

static void child_pop_not_top(void *opaque)
{
    Location a;
    Location b;

    loc_push_none(&a);
    loc_push_none(&b);
    loc_pop(&a);
}

static void child_pop_bottom(void *opaque)
{
    Location never_pushed = {.kind = LOC_NONE};

    loc_pop(&never_pushed);
}

static void child_push_twice(void *opaque)
{
    Location a;

    loc_push_none(&a);
    loc_push_restore(&a);
}

static void test_loc_misuse_asserts(void **state)
{
    assert_child_aborts(child_pop_not_top, NULL, "cur_loc == loc");
    assert_child_aborts(child_pop_bottom, NULL, "cur_loc == loc");
    assert_child_aborts(child_push_twice, NULL, "!loc->prev");
}

static bool report_once_site(int i)
{
    return error_report_once("once %d", i);
}

static bool warn_once_site(int i)
{
    return warn_report_once("warn once %d", i);
}

static void test_report_once(void **state)
{
    StderrCapture cap;
    bool r[6];
    char *out;

    capture_begin(&cap);
    r[0] = report_once_site(1);
    r[1] = report_once_site(2);
    r[2] = report_once_site(3);
    r[3] = warn_once_site(1);
    r[4] = warn_once_site(2);
    /* Each call site has its own flag. */
    r[5] = error_report_once("other site");
    out = capture_end(&cap);
    assert_true(r[0]);
    assert_false(r[1]);
    assert_false(r[2]);
    assert_true(r[3]);
    assert_false(r[4]);
    assert_true(r[5]);
    assert_string_equal(out, "emu: once 1\nemu: warning: warn once 1\n"
                             "emu: other site\n");
    g_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progname),
        cmocka_unit_test(test_report_kinds),
        cmocka_unit_test(test_vreport),
        cmocka_unit_test(test_loc_cmdline),
        cmocka_unit_test(test_loc_file),
        cmocka_unit_test(test_print_loc),
        cmocka_unit_test(test_loc_stack),
        cmocka_unit_test(test_loc_save_restore),
        cmocka_unit_test(test_loc_misuse_asserts),
        cmocka_unit_test(test_report_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
