/*
 * Unit tests for util/error.h: creating, decorating, propagating and
 * reporting errors, and the &error_abort / &error_fatal destinations.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "capture.h"
#include "util/error.h"
#include "util/error-report.h"

/* Returns the line of the error_setg() call, to check the recorded one. */
static int make_error(Error **errp)
{
    int line = __LINE__ + 1;
    error_setg(errp, "boom %d", 7);
    return line;
}

static void test_setg_local(void **state)
{
    Error *err = NULL;
    int line = make_error(&err);

    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), "boom 7");
    assert_string_equal(error_get_src_file(err), __FILE__);
    assert_int_equal(error_get_src_line(err), line);
    error_free(err);
}

static void test_setg_null_discards(void **state)
{
    errno = EBUSY;
    error_setg(NULL, "ignored %s", "message");
    error_setg_errno(NULL, ENOENT, "ignored too");
    /* Reporting must not disturb errno, which callers often still need. */
    assert_int_equal(errno, EBUSY);
}

static void test_setg_errno(void **state)
{
    Error *err = NULL;
    g_autofree char *want =
        g_strdup_printf("open 'disk.img': %s", g_strerror(ENOENT));

    errno = EPERM;
    error_setg_errno(&err, ENOENT, "open '%s'", "disk.img");
    assert_int_equal(errno, EPERM);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
    err = NULL;

    /* os_errno 0 adds nothing. */
    error_setg_errno(&err, 0, "plain");
    assert_string_equal(error_get_pretty(err), "plain");
    error_free(err);
}

static void child_setg_twice(void *opaque)
{
    Error *err = NULL;

    error_setg(&err, "first");
    error_setg(&err, "second");
}

static void test_setg_twice_asserts(void **state)
{
    assert_child_aborts(child_setg_twice, NULL, "*errp == NULL");
}

static void child_make_error_abort(void *opaque)
{
    make_error(&error_abort);
}

static void test_setg_abort(void **state)
{
    Error *err = NULL;
    int line = make_error(&err);
    g_autofree char *want = g_strdup_printf(
        "Unexpected error in make_error() at %s:%d:\nemu: boom 7\n", __FILE__,
        line);
    ChildResult r;

    error_free(err);
    r = run_in_child(child_make_error_abort, NULL);
    assert_false(r.exited);
    assert_int_equal(r.status, SIGABRT);
    assert_string_equal(r.err, want);
    g_free(r.err);
}

static void child_setg_fatal(void *opaque)
{
    error_setg(&error_fatal, "cannot continue: %s", "no memory");
    /* Not reached: exit(1) above. */
    fprintf(stderr, "returned");
}

static void test_setg_fatal(void **state)
{
    ChildResult r = run_in_child(child_setg_fatal, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "emu: cannot continue: no memory\n");
    g_free(r.err);
}

static void vprepend_helper(Error **errp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void vprepend_helper(Error **errp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprepend(errp, fmt, ap);
    va_end(ap);
}

static void test_prepend(void **state)
{
    Error *err = NULL;

    /* No destination or no error: nothing to do, nothing to crash on. */
    error_prepend(NULL, "x");
    error_prepend(&err, "x");
    vprepend_helper(&err, "x");
    assert_null(err);

    error_setg(&err, "not found");
    error_prepend(&err, "device '%s': ", "net0");
    assert_string_equal(error_get_pretty(err), "device 'net0': not found");
    vprepend_helper(&err, "%s: ", "-device");
    assert_string_equal(error_get_pretty(err),
                        "-device: device 'net0': not found");
    error_free(err);
}

static void test_append_hint(void **state)
{
    Error *err = NULL;
    StderrCapture cap;
    char *out;

    error_append_hint(NULL, "ignored\n");

    error_setg(&err, "bad size");
    errno = EINTR;
    error_append_hint(&err, "Use %s.\n", "-m 128");
    error_append_hint(&err, "Second line.\n");
    assert_int_equal(errno, EINTR);
    /* The hint is not part of the message. */
    assert_string_equal(error_get_pretty(err), "bad size");

    capture_begin(&cap);
    error_report_err(err);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: bad size\nUse -m 128.\nSecond line.\n");
    g_free(out);
}

static void child_hint_fatal(void *opaque)
{
    error_append_hint(&error_fatal, "hint\n");
}

static void child_hint_abort(void *opaque)
{
    error_append_hint(&error_abort, "hint\n");
}

static void child_hint_no_error(void *opaque)
{
    Error *err = NULL;

    error_append_hint(&err, "hint\n");
}

static void test_append_hint_misuse_asserts(void **state)
{
    assert_child_aborts(child_hint_fatal, NULL, "errp != &error_abort");
    assert_child_aborts(child_hint_abort, NULL, "errp != &error_abort");
    assert_child_aborts(child_hint_no_error, NULL, "*errp");
}

static void test_propagate(void **state)
{
    Error *dst = NULL;
    Error *err = NULL;
    Error *second = NULL;

    /* Nothing to propagate. */
    error_propagate(&dst, NULL);
    error_propagate(NULL, NULL);
    assert_null(dst);

    /* Into NULL: freed (the sanitizer build checks for the leak). */
    error_setg(&err, "dropped");
    error_propagate(NULL, err);

    /* Into an empty destination: moved, the very same object. */
    err = NULL;
    error_setg(&err, "first");
    error_propagate(&dst, err);
    assert_ptr_equal(dst, err);

    /* Into a set destination: the first error wins. */
    error_setg(&second, "second");
    error_propagate(&dst, second);
    assert_string_equal(error_get_pretty(dst), "first");
    error_free(dst);
}

static void child_propagate_abort(void *opaque)
{
    Error *err = NULL;

    make_error(&err);
    error_propagate(&error_abort, err);
}

static void child_propagate_fatal(void *opaque)
{
    Error *err = NULL;

    error_setg(&err, "lost the disk");
    error_append_hint(&err, "Check the path.\n");
    error_propagate(&error_fatal, err);
}

static void test_propagate_special(void **state)
{
    ChildResult r;

    assert_child_aborts(child_propagate_abort, NULL,
                        "Unexpected error in make_error() at ");
    assert_child_aborts(child_propagate_abort, NULL, "\nemu: boom 7\n");

    r = run_in_child(child_propagate_fatal, NULL);
    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "emu: lost the disk\nCheck the path.\n");
    g_free(r.err);
}

static void test_propagate_prepend(void **state)
{
    Error *dst = NULL;
    Error *err = NULL;

    error_propagate_prepend(&dst, NULL, "unused: ");
    assert_null(dst);

    error_setg(&err, "too big");
    error_propagate_prepend(&dst, err, "property '%s': ", "size");
    assert_string_equal(error_get_pretty(dst), "property 'size': too big");

    /* Destination already set: the new error is dropped unchanged. */
    err = NULL;
    error_setg(&err, "other");
    error_propagate_prepend(&dst, err, "prefix: ");
    assert_string_equal(error_get_pretty(dst), "property 'size': too big");

    /* Into NULL: freed. */
    err = NULL;
    error_setg(&err, "gone");
    error_propagate_prepend(NULL, err, "prefix: ");

    error_free(dst);
}

static void child_propagate_prepend_fatal(void *opaque)
{
    Error *err = NULL;

    error_setg(&err, "no such file");
    error_propagate_prepend(&error_fatal, err, "-kernel %s: ", "bzImage");
}

static void test_propagate_prepend_fatal(void **state)
{
    assert_child_exits(child_propagate_prepend_fatal, NULL, 1,
                       "emu: -kernel bzImage: no such file\n");
}

static void test_copy(void **state)
{
    Error *err = NULL;
    Error *copy;
    StderrCapture cap;
    char *out;
    int line = make_error(&err);

    error_append_hint(&err, "a hint\n");
    copy = error_copy(err);
    assert_ptr_not_equal(copy, err);
    assert_string_equal(error_get_pretty(copy), "boom 7");
    assert_ptr_not_equal(error_get_pretty(copy), error_get_pretty(err));
    assert_string_equal(error_get_src_file(copy), __FILE__);
    assert_int_equal(error_get_src_line(copy), line);

    /* Independent objects: changing one leaves the other alone. */
    error_prepend(&err, "orig: ");
    assert_string_equal(error_get_pretty(copy), "boom 7");
    error_free(err);

    capture_begin(&cap);
    error_report_err(copy);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: boom 7\na hint\n");
    g_free(out);

    /* A copy without a hint has none. */
    err = NULL;
    error_setg(&err, "plain");
    copy = error_copy(err);
    error_free(err);
    capture_begin(&cap);
    error_report_err(copy);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: plain\n");
    g_free(out);
}

static void test_error_free(void **state)
{
    Error *err = NULL;

    error_free(NULL);
    error_setg(&err, "to be freed");
    error_free_or_abort(&err);
    assert_null(err);
}

static void child_free_or_abort_unset(void *opaque)
{
    Error *err = NULL;

    error_free_or_abort(&err);
}

static void test_free_or_abort_unset(void **state)
{
    assert_child_aborts(child_free_or_abort_unset, NULL, "*errp");
}

static void test_report_err(void **state)
{
    Error *err = NULL;
    StderrCapture cap;
    char *argv[] = {"emu", "-smp", "0", NULL};
    Location loc;
    char *out;

    loc_push_none(&loc);
    loc_set_cmdline(argv, 1, 2);
    error_setg(&err, "Invalid CPU count %d", 0);
    error_append_hint(&err, "At least one CPU is needed.\n");
    capture_begin(&cap);
    error_report_err(err);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: -smp 0: Invalid CPU count 0\n"
                             "At least one CPU is needed.\n");
    g_free(out);

    err = NULL;
    error_setg(&err, "ignoring %s", "x");
    error_append_hint(&err, "hint\n");
    capture_begin(&cap);
    warn_report_err(err);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: -smp 0: warning: ignoring x\nhint\n");
    g_free(out);
    loc_pop(&loc);
}

/* A function in the ERRP_GUARD style: it inspects and decorates *errp. */
static bool guarded(int value, bool *saw_error, Error **errp)
{
    ERRP_GUARD();

    if (value < 0) {
        error_setg(errp, "value %d is negative", value);
    }
    *saw_error = *errp != NULL;
    if (*errp) {
        error_append_hint(errp, "Use a positive value.\n");
        return false;
    }
    return true;
}

static void child_guarded_fatal(void *opaque)
{
    bool saw = false;

    guarded(-3, &saw, &error_fatal);
}

static void test_errp_guard(void **state)
{
    Error *err = NULL;
    StderrCapture cap;
    bool saw = false;
    char *out;

    /* NULL: the function can still see its own error; then it is freed. */
    assert_false(guarded(-1, &saw, NULL));
    assert_true(saw);
    assert_true(guarded(1, &saw, NULL));
    assert_false(saw);

    /* A real errp is used as-is and gets the hint. */
    assert_false(guarded(-2, &saw, &err));
    assert_true(saw);
    capture_begin(&cap);
    error_report_err(err);
    out = capture_end(&cap);
    assert_string_equal(out, "emu: value -2 is negative\n"
                             "Use a positive value.\n");
    g_free(out);

    /* &error_fatal: the hint still makes it into the fatal message. */
    assert_child_exits(child_guarded_fatal, NULL, 1,
                       "emu: value -3 is negative\nUse a positive value.\n");
}

static void test_propagator_cleanup(void **state)
{
    Error *dst = NULL;
    ErrorPropagator prop = {.errp = &dst};

    /* Nothing collected: nothing happens. */
    error_propagator_cleanup(&prop);
    assert_null(dst);

    error_setg(&prop.local_err, "collected");
    error_propagator_cleanup(&prop);
    assert_non_null(dst);
    assert_string_equal(error_get_pretty(dst), "collected");
    error_free(dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setg_local),
        cmocka_unit_test(test_setg_null_discards),
        cmocka_unit_test(test_setg_errno),
        cmocka_unit_test(test_setg_twice_asserts),
        cmocka_unit_test(test_setg_abort),
        cmocka_unit_test(test_setg_fatal),
        cmocka_unit_test(test_prepend),
        cmocka_unit_test(test_append_hint),
        cmocka_unit_test(test_append_hint_misuse_asserts),
        cmocka_unit_test(test_propagate),
        cmocka_unit_test(test_propagate_special),
        cmocka_unit_test(test_propagate_prepend),
        cmocka_unit_test(test_propagate_prepend_fatal),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_error_free),
        cmocka_unit_test(test_free_or_abort_unset),
        cmocka_unit_test(test_report_err),
        cmocka_unit_test(test_errp_guard),
        cmocka_unit_test(test_propagator_cleanup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
