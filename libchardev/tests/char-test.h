/*
 * Helpers shared by the libchardev tests: a recording front end, a way
 * to create chardevs from -chardev strings, waiting on the default main
 * context (with a generous deadline, never a timing assertion), and
 * capturing stdout/stderr.
 */
#ifndef CHAR_TEST_H
#define CHAR_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "emu-test.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "qom/object.h"
#include "util/error.h"
#include "util/module.h"
#include "emu-chr-test.h"

/* Generous: only a broken build waits this long. */
#define WAIT_TIMEOUT_MS 20000

/* A front end that records what it gets. */
typedef struct TestFE {
    CharBackend be;
    GByteArray *rx;
    /* Bytes it can take before it is full; -1: always 4096. */
    int room;
    QEMUChrEvent events[64];
    int nevents;
} TestFE;

static inline int test_fe_can_read(void *opaque)
{
    TestFE *t = opaque;

    return t->room < 0 ? 4096 : t->room;
}

static inline void test_fe_read(void *opaque, const uint8_t *buf, int size)
{
    TestFE *t = opaque;

    /* A backend must respect can_read. */
    assert_true(size > 0);
    if (t->room >= 0) {
        assert_true(size <= t->room);
        t->room -= size;
    }
    g_byte_array_append(t->rx, buf, size);
}

static inline void test_fe_event(void *opaque, QEMUChrEvent event)
{
    TestFE *t = opaque;

    if (t->nevents < (int)G_N_ELEMENTS(t->events)) {
        t->events[t->nevents++] = event;
    }
}

static inline int test_fe_count(TestFE *t, QEMUChrEvent event)
{
    int n = 0;

    for (int i = 0; i < t->nevents; i++) {
        n += t->events[i] == event;
    }
    return n;
}

static inline QEMUChrEvent test_fe_last_event(TestFE *t)
{
    assert_true(t->nevents > 0);
    return t->events[t->nevents - 1];
}

/* Attach t to chr with the recording handlers. */
static inline void test_fe_attach(TestFE *t, Chardev *chr)
{
    memset(t, 0, sizeof(*t));
    t->rx = g_byte_array_new();
    t->room = -1;
    assert_true(qemu_chr_fe_init(&t->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&t->be, test_fe_can_read, test_fe_read,
                             test_fe_event, NULL, t, NULL, true);
}

static inline void test_fe_detach(TestFE *t)
{
    qemu_chr_fe_deinit(&t->be, false);
    g_byte_array_free(t->rx, true);
    t->rx = NULL;
}

static inline bool test_fe_has(TestFE *t, const char *s)
{
    return t->rx->len == strlen(s) && !memcmp(t->rx->data, s, t->rx->len);
}

/* Run the default context until expr holds; fails the test after a while. */
#define WAIT_UNTIL(expr)                                                       \
    do {                                                                       \
        gint64 deadline_ =                                                     \
            g_get_monotonic_time() + (gint64)WAIT_TIMEOUT_MS * 1000;           \
        while (!(expr)) {                                                      \
            if (g_get_monotonic_time() > deadline_) {                          \
                fail_msg("timed out waiting for %s", #expr);                   \
            }                                                                  \
            if (!g_main_context_iteration(NULL, FALSE)) {                      \
                g_usleep(1000);                                                \
            }                                                                  \
        }                                                                      \
    } while (0)

/* Run whatever is ready on the default context, without blocking. */
static inline void drain_context(void)
{
    for (int i = 0; i < 100; i++) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            break;
        }
    }
}

static inline void char_test_init(void)
{
    static bool done;

    if (!done) {
        module_call_init(MODULE_INIT_QOM);
        emu_register_option_groups();
        done = true;
    }
}

/* Per-test teardown: drop every chardev, every -chardev set. */
static inline int char_test_teardown(void **state)
{
    qemu_chr_cleanup();
    qemu_opts_reset(&qemu_chardev_opts);
    drain_context();
    return 0;
}

#define char_unit_test(f) cmocka_unit_test_teardown(f, char_test_teardown)

/* chr_from_str() and chr_new(): see emu-chr-test.h. */

/* -chardev STR must fail with exactly want. */
static inline void chr_expect_error(const char *str, const char *want)
{
    Error *err = NULL;
    Chardev *chr = chr_from_str(str, &err);

    assert_null(chr);
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
}

/* ---- Capturing a file descriptor (stdout or stderr) ---- */

typedef struct FdCapture {
    int fd;
    int saved;
    FILE *tmp;
} FdCapture;

static inline void fd_capture_begin(FdCapture *c, int fd)
{
    fflush(stdout);
    fflush(stderr);
    c->fd = fd;
    c->tmp = tmpfile();
    c->saved = dup(fd);
    assert_non_null(c->tmp);
    assert_true(c->saved >= 0);
    assert_true(dup2(fileno(c->tmp), fd) >= 0);
}

static inline char *fd_capture_end(FdCapture *c)
{
    GString *out = g_string_new(NULL);
    char buf[512];
    size_t n;

    fflush(stdout);
    fflush(stderr);
    dup2(c->saved, c->fd);
    close(c->saved);
    rewind(c->tmp);
    while ((n = fread(buf, 1, sizeof(buf), c->tmp)) > 0) {
        g_string_append_len(out, buf, n);
    }
    fclose(c->tmp);
    return g_string_free(out, false);
}

/* ---- Files ---- */

static inline char *read_file_str(const char *path)
{
    char *contents = NULL;
    gsize len = 0;

    assert_true(g_file_get_contents(path, &contents, &len, NULL));
    return contents;
}

/* A fresh temporary directory, removed (with its files) by rm_tmpdir. */
static inline char *make_tmpdir(void)
{
    char *dir = g_dir_make_tmp("emu-chardev-XXXXXX", NULL);

    assert_non_null(dir);
    return dir;
}

static inline void rm_tmpdir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);

        unlink(p);
    }
    if (d) {
        g_dir_close(d);
    }
    rmdir(dir);
    g_free(dir);
}

#endif /* CHAR_TEST_H */
