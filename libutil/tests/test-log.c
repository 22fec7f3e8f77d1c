/*
 * Unit tests for util/log.h: -d item parsing, the log destination and the
 * rate limiter.
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
#include "util/log.h"

static const struct {
    const char *name;
    int mask;
} expected_items[] = {
    {"out_asm", CPU_LOG_TB_OUT_ASM},
    {"in_asm", CPU_LOG_TB_IN_ASM},
    {"op", CPU_LOG_TB_OP},
    {"op_opt", CPU_LOG_TB_OP_OPT},
    {"op_ind", CPU_LOG_TB_OP_IND},
    {"int", CPU_LOG_INT},
    {"exec", CPU_LOG_EXEC},
    {"cpu", CPU_LOG_TB_CPU},
    {"fpu", CPU_LOG_TB_FPU},
    {"mmu", CPU_LOG_MMU},
    {"pcall", CPU_LOG_PCALL},
    {"cpu_reset", CPU_LOG_RESET},
    {"unimp", LOG_UNIMP},
    {"guest_errors", LOG_GUEST_ERROR},
    {"page", CPU_LOG_PAGE},
    {"nochain", CPU_LOG_TB_NOCHAIN},
    {"strace", LOG_STRACE},
    {"trace", LOG_TRACE},
};

static int teardown(void **state)
{
    Error *err = NULL;

    qemu_set_log(0, &err);
    qemu_set_log_filename(NULL, &err);
    assert_null(err);
    qemu_log_ratelimit_set_clock(NULL);
    return 0;
}

static char *read_file(const char *path)
{
    char *contents = NULL;

    if (!g_file_get_contents(path, &contents, NULL, NULL)) {
        return NULL;
    }
    return contents;
}

static char *temp_log_path(void)
{
    char *path = g_build_filename(g_get_tmp_dir(), "emu-test-log-XXXXXX", NULL);
    int fd = g_mkstemp(path);

    assert_true(fd >= 0);
    close(fd);
    return path;
}

static void test_log_items(void **state)
{
    const QEMULogItem *item;
    size_t i;
    int seen = 0;
    int count = 0;

    for (i = 0; i < G_N_ELEMENTS(expected_items); i++) {
        bool found = false;

        for (item = qemu_log_items; item->name; item++) {
            if (!strcmp(item->name, expected_items[i].name)) {
                assert_int_equal(item->mask, expected_items[i].mask);
                found = true;
            }
        }
        if (!found) {
            fail_msg("log item '%s' missing", expected_items[i].name);
        }
    }
    /* Every item has help, and no two items share a bit. */
    for (item = qemu_log_items; item->name; item++) {
        assert_non_null(item->help);
        assert_true(strlen(item->help) > 0);
        assert_int_equal(seen & item->mask, 0);
        seen |= item->mask;
        count++;
    }
    assert_int_equal(count, G_N_ELEMENTS(expected_items));
}

static void test_str_to_log_mask(void **state)
{
    int all = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(expected_items); i++) {
        assert_int_equal(qemu_str_to_log_mask(expected_items[i].name),
                         expected_items[i].mask);
        all |= expected_items[i].mask;
    }
    assert_int_equal(qemu_str_to_log_mask("in_asm,int,guest_errors"),
                     CPU_LOG_TB_IN_ASM | CPU_LOG_INT | LOG_GUEST_ERROR);
    assert_int_equal(qemu_str_to_log_mask("all"), all);
    assert_int_equal(qemu_str_to_log_mask("unimp,all"), all);
    /* "op" must not match as a prefix of "op_opt" or vice versa. */
    assert_int_equal(qemu_str_to_log_mask("op"), CPU_LOG_TB_OP);
    assert_int_equal(qemu_str_to_log_mask("op_"), 0);
    assert_int_equal(qemu_str_to_log_mask("in_asmx"), 0);

    /* Any unknown item invalidates the whole list. */
    assert_int_equal(qemu_str_to_log_mask("bogus"), 0);
    assert_int_equal(qemu_str_to_log_mask("int,bogus"), 0);
    assert_int_equal(qemu_str_to_log_mask("int,"), 0);
    assert_int_equal(qemu_str_to_log_mask(""), 0);
    assert_int_equal(qemu_str_to_log_mask(NULL), 0);
    assert_int_equal(qemu_str_to_log_mask("none"), 0);
    assert_int_equal(qemu_str_to_log_mask("none,int"), CPU_LOG_INT);
}

static void test_help(void **state)
{
    assert_int_equal(qemu_str_to_log_mask("help"), 0);
    assert_int_equal(qemu_str_to_log_mask("?"), 0);
    assert_true(qemu_log_str_is_help("help"));
    assert_true(qemu_log_str_is_help("?"));
    assert_false(qemu_log_str_is_help("int"));
    assert_false(qemu_log_str_is_help("helpme"));
    assert_false(qemu_log_str_is_help(""));
    assert_false(qemu_log_str_is_help(NULL));
}

static void test_print_usage(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    g_autoptr(GString) want = g_string_new("Log items (comma separated):\n");
    const QEMULogItem *item;

    assert_non_null(f);
    qemu_print_log_usage(f);
    fclose(f);
    for (item = qemu_log_items; item->name; item++) {
        g_string_append_printf(want, "%-15s %s\n", item->name, item->help);
    }
    g_string_append_printf(want, "%-15s %s\n", "all",
                           "enable every item above");
    assert_string_equal(buf, want->str);
    /* Spot-check the column layout. */
    assert_non_null(strstr(buf, "\nint             report interrupts"));
    free(buf);
}

static void test_set_log_mask(void **state)
{
    StderrCapture cap;
    char *out;
    int n;

    assert_true(qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, NULL));
    assert_int_equal(qemu_loglevel, LOG_GUEST_ERROR | LOG_UNIMP);
    assert_true(qemu_loglevel_mask(LOG_GUEST_ERROR));
    assert_true(qemu_loglevel_mask(LOG_UNIMP | CPU_LOG_INT));
    assert_false(qemu_loglevel_mask(CPU_LOG_INT));

    capture_begin(&cap);
    qemu_log_mask(LOG_GUEST_ERROR, "bad write at 0x%x\n", 0x3f8);
    qemu_log_mask(CPU_LOG_INT, "not shown\n");
    n = qemu_log("unconditional %d\n", 1);
    out = capture_end(&cap);
    assert_int_equal(n, strlen("unconditional 1\n"));
    assert_string_equal(out, "bad write at 0x3f8\nunconditional 1\n");
    g_free(out);

    assert_true(qemu_set_log(0, NULL));
    assert_int_equal(qemu_loglevel, 0);
    assert_false(qemu_loglevel_mask(LOG_GUEST_ERROR));
}

static void test_log_to_file(void **state)
{
    g_autofree char *path = temp_log_path();
    g_autofree char *contents = NULL;
    Error *err = NULL;
    StderrCapture cap;
    char *out;

    /* The file is truncated when opened. */
    assert_true(g_file_set_contents(path, "old junk\n", -1, NULL));
    assert_true(qemu_set_log_filename(path, &err));
    assert_true(qemu_set_log(LOG_GUEST_ERROR, &err));
    assert_null(err);

    capture_begin(&cap);
    assert_int_equal(qemu_log("hello %s\n", "file"), 11);
    qemu_log_mask(LOG_GUEST_ERROR, "guest %d\n", 2);
    out = capture_end(&cap);
    /* Flushed at once: readable without closing. */
    contents = read_file(path);
    assert_string_equal(contents, "hello file\nguest 2\n");
    assert_string_equal(out, "");
    g_free(out);

    /* Back to stderr. */
    assert_true(qemu_set_log_filename("", &err));
    capture_begin(&cap);
    qemu_log("to stderr\n");
    out = capture_end(&cap);
    assert_string_equal(out, "to stderr\n");
    g_free(out);
    g_free(contents);
    contents = read_file(path);
    assert_string_equal(contents, "hello file\nguest 2\n");
    unlink(path);
}

static void test_log_file_lazy_and_close(void **state)
{
    g_autofree char *path = temp_log_path();
    char *contents;

    unlink(path);
    /* With an empty mask nothing is created until the first message. */
    assert_true(qemu_set_log_filename(path, NULL));
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    qemu_log("first\n");
    assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    qemu_log_close();
    qemu_log_close();

    contents = read_file(path);
    assert_string_equal(contents, "first\n");
    g_free(contents);
    unlink(path);
}

static void test_log_file_errors(void **state)
{
    const char *bad = "/nonexistent-emu-dir/emu.log";
    g_autofree char *want = g_strdup_printf("could not open log file '%s': %s",
                                            bad, g_strerror(ENOENT));
    Error *err = NULL;
    StderrCapture cap;
    char *out;

    /* Mask 0: nothing opened, nothing to fail yet. */
    assert_true(qemu_set_log_filename(bad, &err));
    assert_null(err);

    assert_false(qemu_set_log(LOG_UNIMP, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
    err = NULL;
    /* The mask is still applied. */
    assert_int_equal(qemu_loglevel, LOG_UNIMP);

    /* With a mask set, naming the file opens it at once. */
    assert_false(qemu_set_log_filename(bad, &err));
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
    err = NULL;

    /* Errors can be ignored with NULL. */
    assert_false(qemu_set_log(LOG_UNIMP, NULL));

    /* Messages are not lost: they fall back to stderr. */
    capture_begin(&cap);
    qemu_log("still here\n");
    out = capture_end(&cap);
    assert_string_equal(out, "still here\n");
    g_free(out);
}

static long long fake_now;

static long long fake_clock(void)
{
    return fake_now;
}

static void test_ratelimit(void **state)
{
    QemuLogRateLimit rl = {0};
    unsigned long long dropped = 99;
    int i;

    fake_now = 5000;
    qemu_log_ratelimit_set_clock(fake_clock);
    for (i = 0; i < QEMU_LOG_RATELIMIT_BURST; i++) {
        assert_true(qemu_log_ratelimit_allow(&rl, &dropped));
        assert_int_equal(dropped, 0);
        fake_now += 10;
    }
    for (i = 0; i < 5; i++) {
        assert_false(qemu_log_ratelimit_allow(&rl, &dropped));
        assert_int_equal(dropped, 0);
    }
    /* Still inside the window that began at 5000. */
    fake_now = 5000 + QEMU_LOG_RATELIMIT_PERIOD_MS - 1;
    assert_false(qemu_log_ratelimit_allow(&rl, &dropped));
    assert_int_equal(rl.suppressed, 6);

    /* New window: the next message reports what was dropped, once. */
    fake_now = 5000 + QEMU_LOG_RATELIMIT_PERIOD_MS;
    assert_true(qemu_log_ratelimit_allow(&rl, &dropped));
    assert_int_equal(dropped, 6);
    assert_true(qemu_log_ratelimit_allow(&rl, &dropped));
    assert_int_equal(dropped, 0);
    assert_int_equal(rl.emitted, 2);

    /* dropped may be NULL. */
    assert_true(qemu_log_ratelimit_allow(&rl, NULL));

    /* A clock that goes backwards starts a new window too. */
    assert_int_equal(rl.emitted, 3);
    for (i = 3; i < QEMU_LOG_RATELIMIT_BURST; i++) {
        assert_true(qemu_log_ratelimit_allow(&rl, NULL));
    }
    assert_false(qemu_log_ratelimit_allow(&rl, NULL));
    assert_false(qemu_log_ratelimit_allow(&rl, NULL));
    fake_now = 0;
    assert_true(qemu_log_ratelimit_allow(&rl, &dropped));
    assert_int_equal(dropped, 2);
    assert_int_equal(rl.period_start_ms, 0);
}

static void test_ratelimit_host_clock(void **state)
{
    QemuLogRateLimit rl = {0};
    unsigned long long dropped = 99;
    int i;

    /* NULL restores the host clock; a fresh limiter allows a burst. */
    qemu_log_ratelimit_set_clock(NULL);
    for (i = 0; i < QEMU_LOG_RATELIMIT_BURST; i++) {
        assert_true(qemu_log_ratelimit_allow(&rl, &dropped));
        assert_int_equal(dropped, 0);
    }
    assert_true(rl.period_start_ms > 0);
}

static void log_guest_error(int i)
{
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR, "bad access %d\n", i);
}

static void test_ratelimited_macro(void **state)
{
    g_autoptr(GString) want = g_string_new(NULL);
    StderrCapture cap;
    char *out;
    int i;

    fake_now = 100000;
    qemu_log_ratelimit_set_clock(fake_clock);

    /* Masked out: not printed and not counted. */
    capture_begin(&cap);
    log_guest_error(-1);
    assert_true(qemu_set_log(LOG_GUEST_ERROR, NULL));
    for (i = 0; i < 15; i++) {
        log_guest_error(i);
    }
    fake_now += QEMU_LOG_RATELIMIT_PERIOD_MS;
    log_guest_error(99);
    out = capture_end(&cap);

    for (i = 0; i < QEMU_LOG_RATELIMIT_BURST; i++) {
        g_string_append_printf(want, "bad access %d\n", i);
    }
    g_string_append(want, "(5 similar messages suppressed)\n"
                          "bad access 99\n");
    assert_string_equal(out, want->str);
    g_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_log_items, teardown),
        cmocka_unit_test_teardown(test_str_to_log_mask, teardown),
        cmocka_unit_test_teardown(test_help, teardown),
        cmocka_unit_test_teardown(test_print_usage, teardown),
        cmocka_unit_test_teardown(test_set_log_mask, teardown),
        cmocka_unit_test_teardown(test_log_to_file, teardown),
        cmocka_unit_test_teardown(test_log_file_lazy_and_close, teardown),
        cmocka_unit_test_teardown(test_log_file_errors, teardown),
        cmocka_unit_test_teardown(test_ratelimit, teardown),
        cmocka_unit_test_teardown(test_ratelimit_host_clock, teardown),
        cmocka_unit_test_teardown(test_ratelimited_macro, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
