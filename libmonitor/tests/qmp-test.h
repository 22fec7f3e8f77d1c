/*
 * The QMP tests' client side: a unix socket server chardev in a temporary
 * directory with a monitor on it, and a plain socket playing the client
 * while the test drives the main loop.  Include after <cmocka.h>.
 */
#ifndef QMP_TEST_H
#define QMP_TEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "chardev/char.h"
#include "emu-chr-test.h"
#include "monitor/monitor.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"

/* Generous: only a broken build waits this long. */
#define WAIT_TIMEOUT_US (20 * G_USEC_PER_SEC)

#define GREETING                                                               \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 1, "         \
    "\"major\": 0}, \"package\": \"emu 0.1.0\"}, \"capabilities\": "           \
    "[\"oob\"]}}\r\n"

typedef struct Fixture {
    char *dir;
    char *path;
    Chardev *chr;
    int fd;
    GString *in;
} Fixture;

static Fixture fx G_GNUC_UNUSED;

static inline int client_connect(void)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    g_strlcpy(su.sun_path, fx.path, sizeof(su.sun_path));
    assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    return fd;
}

static inline void client_send_len(const char *s, size_t len)
{
    /* Non-blocking: the monitor only reads while the loop runs. */
    while (len) {
        ssize_t n = send(fx.fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);

        if (n < 0) {
            char in[4096];
            ssize_t got;

            assert_int_equal(errno, EAGAIN);
            main_loop_wait(true);
            /* Take the replies so the monitor never waits on us. */
            got = recv(fx.fd, in, sizeof(in), MSG_DONTWAIT);
            if (got > 0) {
                g_string_append_len(fx.in, in, got);
            }
            continue;
        }
        s += n;
        len -= n;
    }
}

static inline void client_send(const char *s)
{
    client_send_len(s, strlen(s));
}

/*
 * The next "\r\n"-terminated line a monitor sends on socket fd (in holds
 * what was read beyond the last line), newly allocated.
 */
static inline char *client_line_from(int fd, GString *in)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_TIMEOUT_US;
    char buf[4096];

    for (;;) {
        char *nl = strstr(in->str, "\r\n");

        if (nl) {
            size_t len = nl - in->str + 2;
            char *line = g_strndup(in->str, len);

            g_string_erase(in, 0, len);
            return line;
        }
        if (g_get_monotonic_time() > deadline) {
            fail_msg("no line from the monitor; have \"%s\"", in->str);
        }
        main_loop_wait(true);
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_string_append_len(in, buf, n);
        } else if (n == 0) {
            fail_msg("monitor closed the connection");
        } else if (errno != EAGAIN) {
            fail_msg("recv: %s", strerror(errno));
        } else {
            g_usleep(1000);
        }
    }
}

/* The next line on the fixture's client socket. */
static inline char *client_line(void)
{
    return client_line_from(fx.fd, fx.in);
}

static inline void expect(const char *want)
{
    g_autofree char *line = client_line();

    assert_string_equal(line, want);
}

/* line is an event: the timestamp is checked for shape, the rest exactly. */
static inline void check_event(const char *line, const char *rest)
{
    const char *p = line;
    const char *pre = "{\"timestamp\": {\"seconds\": ";

    assert_true(g_str_has_prefix(p, pre));
    p += strlen(pre);
    assert_true(g_ascii_isdigit(*p));
    while (g_ascii_isdigit(*p)) {
        p++;
    }
    assert_true(g_str_has_prefix(p, ", \"microseconds\": "));
    p += strlen(", \"microseconds\": ");
    assert_true(g_ascii_isdigit(*p));
    while (g_ascii_isdigit(*p)) {
        p++;
    }
    assert_true(g_str_has_prefix(p, "}, "));
    assert_string_equal(p + 3, rest);
}

/* The next line is an event (see check_event()). */
static inline void expect_event(const char *rest)
{
    g_autofree char *line = client_line();

    check_event(line, rest);
}

/* Nothing more arrives after running the loop a while. */
static inline void expect_nothing(void)
{
    char buf[256];

    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    assert_int_equal(recv(fx.fd, buf, sizeof(buf), MSG_DONTWAIT), -1);
    assert_int_equal(fx.in->len, 0);
}

static inline void cmd(const char *req, const char *want)
{
    client_send(req);
    expect(want);
}

static inline void negotiate(void)
{
    expect(GREETING);
    cmd("{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}\r\n");
}

/* Types, option groups and the main loop, once per process. */
static inline void qmp_test_init(void)
{
    static bool done;

    if (!done) {
        module_call_init(MODULE_INIT_QOM);
        emu_register_option_groups();
        qemu_init_main_loop(&error_abort);
        done = true;
    }
}

/* A monitor on a fresh socket server, and a client connected to it. */
static inline int qmp_test_setup(void **state)
{
    Error *err = NULL;

    qmp_test_init();
    fx.dir = g_dir_make_tmp("emu-qmp-XXXXXX", NULL);
    assert_non_null(fx.dir);
    fx.path = g_build_filename(fx.dir, "qmp", NULL);
    fx.chr = chr_new("socket,id=qmp,path=%s,server=on,wait=off", fx.path);
    assert_true(monitor_init_qmp(fx.chr, false, &err));
    fx.in = g_string_new(NULL);
    fx.fd = client_connect();
    return 0;
}

static inline int qmp_test_teardown(void **state)
{
    if (fx.fd >= 0) {
        close(fx.fd);
    }
    monitor_cleanup();
    qemu_chr_cleanup();
    qemu_opts_reset(&qemu_chardev_opts);
    qemu_opts_reset(&qemu_mon_opts);
    for (int i = 0; i < 10; i++) {
        main_loop_wait(true);
    }
    unlink(fx.path);
    rmdir(fx.dir);
    g_free(fx.path);
    g_free(fx.dir);
    g_string_free(fx.in, true);
    memset(&fx, 0, sizeof(fx));
    return 0;
}

#define GENERIC(d)                                                             \
    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" d "\"}}\r\n"

#endif /* QMP_TEST_H */
