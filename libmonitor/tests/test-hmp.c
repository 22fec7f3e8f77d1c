/*
 * HMP over real sockets: a unix socket server chardev with the human
 * monitor on it, the test typing as a terminal would and reading the
 * echo, the output and the prompt while driving the main loop; a second
 * socket carries QMP for human-monitor-command and the events.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "emu-chr-test.h"
#include "machine/memory.h"
#include "monitor/monitor.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "readline.h"

/* Generous: only a broken build waits this long. */
#define WAIT_TIMEOUT_US (20 * G_USEC_PER_SEC)

#define BANNER "emu " EMU_VERSION " monitor - type 'help' for more information"
#define PROMPT "(qemu) "

typedef struct Client {
    int fd;
    GString *in;
} Client;

typedef struct Fixture {
    char *dir;
    char *hmp_path;
    char *qmp_path;
    Client hmp;
    Client qmp;
} Fixture;

static Fixture fx;
static int hook_calls[5];

/* ---- Sockets ---- */

static int client_connect(const char *path)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    return fd;
}

static void send_bytes(Client *c, const char *s, size_t len)
{
    while (len) {
        ssize_t n = send(c->fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);

        if (n < 0) {
            assert_int_equal(errno, EAGAIN);
            main_loop_wait(true);
            continue;
        }
        s += n;
        len -= n;
    }
}

static void type(const char *s)
{
    send_bytes(&fx.hmp, s, strlen(s));
}

/* Read until c's input holds until; return it all and consume it. */
static char *read_until(Client *c, const char *until)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_TIMEOUT_US;
    char buf[4096];

    for (;;) {
        char *hit = strstr(c->in->str, until);

        if (hit) {
            size_t len = hit - c->in->str + strlen(until);
            char *text = g_strndup(c->in->str, len);

            g_string_erase(c->in, 0, len);
            return text;
        }
        if (g_get_monotonic_time() > deadline) {
            fail_msg("waited for \"%s\"; have \"%s\"", until, c->in->str);
        }
        main_loop_wait(true);
        ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (n > 0) {
            g_string_append_len(c->in, buf, n);
        } else if (n == 0) {
            fail_msg("monitor closed the connection; have \"%s\"", c->in->str);
        } else if (errno != EAGAIN) {
            fail_msg("recv: %s", strerror(errno));
        } else {
            g_usleep(1000);
        }
    }
}

/* Nothing more arrives on c after running the loop a while. */
static void expect_nothing(Client *c)
{
    char buf[256];

    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    assert_int_equal(recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT), -1);
    assert_int_equal(c->in->len, 0);
}

/*
 * Type line and Enter; the command's output: what comes between the end
 * of the echo (the first "\r\n") and the next prompt.
 */
static char *run(const char *line)
{
    g_autofree char *all = NULL;
    char *end_of_echo;

    type(line);
    type("\r");
    all = read_until(&fx.hmp, "\r\n");
    g_free(all);
    all = read_until(&fx.hmp, PROMPT);
    end_of_echo = all;
    return g_strndup(end_of_echo, strlen(end_of_echo) - strlen(PROMPT));
}

static void check(const char *line, const char *want)
{
    g_autofree char *got = run(line);

    assert_string_equal(got, want);
}

/* ---- QMP side ---- */

static char *qmp_line(void)
{
    return read_until(&fx.qmp, "\r\n");
}

static void qmp_cmd(const char *req, const char *want)
{
    g_autofree char *line = NULL;

    send_bytes(&fx.qmp, req, strlen(req));
    line = qmp_line();
    assert_string_equal(line, want);
}

/* The next QMP line is event name (timestamp not checked). */
static void qmp_expect_event(const char *rest)
{
    g_autofree char *line = qmp_line();
    const char *p = strstr(line, "}, \"event\": ");

    assert_non_null(p);
    assert_string_equal(p + 3, rest);
}

/* ---- Hooks ---- */

static void hook_quit(void *opaque)
{
    hook_calls[0]++;
}

static void hook_stop(void *opaque)
{
    hook_calls[1]++;
}

static void hook_cont(void *opaque)
{
    hook_calls[2]++;
}

/* As an application's hook does: the reset, then QEMU's RESET event. */
static void hook_reset(void *opaque)
{
    JsonObject *data = json_object_new();
    JsonNode *node = json_node_alloc();

    hook_calls[3]++;
    json_object_set_boolean_member(data, "guest", false);
    json_object_set_string_member(data, "reason", "host-qmp-system-reset");
    json_node_init_object(node, data);
    json_object_unref(data);
    qapi_event_send("RESET", node);
    json_node_unref(node);
}

static void hook_powerdown(void *opaque)
{
    hook_calls[4]++;
}

/* ---- Fixture ---- */

static int hmp_setup(void **state)
{
    static bool done;
    static const MonitorHooks hooks = {
        .quit = hook_quit,
        .stop = hook_stop,
        .cont = hook_cont,
        .system_reset = hook_reset,
        .system_powerdown = hook_powerdown,
    };
    g_autofree char *greeting = NULL;
    Chardev *chr;

    if (!done) {
        module_call_init(MODULE_INIT_QOM);
        emu_register_option_groups();
        qemu_init_main_loop(&error_abort);
        done = true;
    }
    memset(hook_calls, 0, sizeof(hook_calls));
    monitor_set_hooks(&hooks, NULL);
    fx.dir = g_dir_make_tmp("emu-hmp-XXXXXX", NULL);
    assert_non_null(fx.dir);
    fx.hmp_path = g_build_filename(fx.dir, "hmp", NULL);
    fx.qmp_path = g_build_filename(fx.dir, "qmp", NULL);
    chr = chr_new("socket,id=hmp,path=%s,server=on,wait=off", fx.hmp_path);
    assert_true(monitor_init_hmp(chr, &error_abort));
    chr = chr_new("socket,id=qmp,path=%s,server=on,wait=off", fx.qmp_path);
    assert_true(monitor_init_qmp(chr, false, &error_abort));
    fx.hmp.in = g_string_new(NULL);
    fx.qmp.in = g_string_new(NULL);
    fx.hmp.fd = client_connect(fx.hmp_path);
    fx.qmp.fd = client_connect(fx.qmp_path);
    greeting = qmp_line();
    qmp_cmd("{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}\r\n");
    return 0;
}

static int hmp_teardown(void **state)
{
    close(fx.hmp.fd);
    close(fx.qmp.fd);
    monitor_cleanup();
    qemu_chr_cleanup();
    qemu_opts_reset(&qemu_chardev_opts);
    qemu_opts_reset(&qemu_mon_opts);
    for (int i = 0; i < 10; i++) {
        main_loop_wait(true);
    }
    unlink(fx.hmp_path);
    unlink(fx.qmp_path);
    rmdir(fx.dir);
    g_free(fx.hmp_path);
    g_free(fx.qmp_path);
    g_free(fx.dir);
    g_string_free(fx.hmp.in, true);
    g_string_free(fx.qmp.in, true);
    memset(&fx, 0, sizeof(fx));
    return 0;
}

static void expect_greeting(void)
{
    g_autofree char *text = read_until(&fx.hmp, PROMPT);

    assert_string_equal(text, BANNER "\r\n" PROMPT);
}

/* ---- Tests ---- */

static void test_greeting_and_echo(void **state)
{
    g_autofree char *text = NULL;

    expect_greeting();
    /* QEMU's redraw: back to the input's start, text, erase to the end. */
    type("ab");
    text = read_until(&fx.hmp, "ab\033[K");
    assert_string_equal(text, "a\033[K\033[Dab\033[K");
    g_free(text);
    type("\r");
    text = read_until(&fx.hmp, PROMPT);
    assert_string_equal(text, "\r\nunknown command: 'ab'\r\n" PROMPT);
    g_free(text);
    /* An empty line: only a new prompt. */
    type("\r");
    text = read_until(&fx.hmp, PROMPT);
    assert_string_equal(text, "\r\n" PROMPT);
    g_free(text);
    /* CR LF is two Enters, as in QEMU. */
    type("\r\n");
    text = read_until(&fx.hmp, PROMPT "\r\n" PROMPT);
    assert_string_equal(text, "\r\n" PROMPT "\r\n" PROMPT);
    expect_nothing(&fx.hmp);
}

static void test_help(void **state)
{
    expect_greeting();
    check("help",
          "cont|c  -- resume emulation\r\n"
          "help|? [cmd] -- show the help\r\n"
          "info [subcommand] -- show various information about the system "
          "state\r\n"
          "quit|q  -- quit the emulator\r\n"
          "stop|s  -- stop emulation\r\n"
          "system_powerdown  -- send system power down event\r\n"
          "system_reset  -- reset the system\r\n");
    check("help quit", "quit|q  -- quit the emulator\r\n");
    check("? q", "quit|q  -- quit the emulator\r\n");
    check("help  stop  ", "stop|s  -- stop emulation\r\n");
    check("help info status",
          "info status  -- show the current VM status (running|paused)\r\n");
    check("help info foo", "unknown command: 'info foo'\r\n");
    check("help foo", "unknown command: 'foo'\r\n");
    check("help \"info", "unterminated string\r\n");
    {
        g_autofree char *info = run("info");
        g_autofree char *help_info = run("help info");

        assert_string_equal(info, help_info);
        assert_true(g_str_has_prefix(
            info, "info chardev  -- show the character devices\r\n"));
        assert_non_null(strstr(info, "\r\ninfo mtree [-f][-d][-o][-D] -- "
                                     "show memory tree (-f: "));
        assert_true(g_str_has_suffix(
            info, "info version  -- show the version of emu\r\n"));
    }
}

static void test_info(void **state)
{
    g_autofree char *chardev = NULL;
    g_autofree char *want = NULL;
    g_autofree char *kvm = NULL;
    g_autofree char *cpus = NULL;

    expect_greeting();
    check("info status", "VM status: paused (prelaunch)\r\n");
    check("info version", "0.1.0emu " EMU_VERSION "\r\n");
    check("info name", "");
    monitor_set_vm_name("guest1");
    check("info name", "guest1\r\n");
    check("info uuid", "00000000-0000-0000-0000-000000000000\r\n");
    monitor_set_vm_uuid("12345678-1234-1234-1234-123456789abc");
    check("info uuid", "12345678-1234-1234-1234-123456789abc\r\n");
    chardev = run("info chardev");
    want = g_strdup_printf("hmp: filename=unix:%s,server=on\r\n"
                           "qmp: filename=unix:%s,server=on\r\n",
                           fx.hmp_path, fx.qmp_path);
    assert_string_equal(chardev, want);
    /* No CPUs in this test: the list is empty. */
    cpus = run("info cpus");
    assert_string_equal(cpus, "");
    kvm = run("info kvm");
    assert_true(g_str_has_prefix(kvm, "kvm support: "));
    assert_true(g_str_has_suffix(kvm, "\r\n"));
    check("info qtree", "bus: main-system-bus\r\n  type System\r\n");
    check("info history",
          "0: 'info status'\r\n1: 'info version'\r\n2: 'info name'\r\n"
          "3: 'info uuid'\r\n4: 'info chardev'\r\n5: 'info cpus'\r\n"
          "6: 'info kvm'\r\n7: 'info qtree'\r\n8: 'info history'\r\n");
}

static void test_info_mtree(void **state)
{
    expect_greeting();
    memory_map_init();
    check("info mtree",
          "address-space: memory\r\n"
          "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\r\n"
          "\r\n"
          "address-space: I/O\r\n"
          "  0000000000000000-000000000000ffff (prio 0, i/o): io\r\n"
          "\r\n");
    check("info mtree -f", "FlatView #0\r\n"
                           " AS \"memory\", root: system\r\n"
                           " AS \"I/O\", root: io\r\n"
                           " Root memory region: (none)\r\n"
                           "  No rendered FlatView\r\n"
                           "\r\n");
    /* No machine: regions without owner have no parent either. */
    check("info mtree -o -D",
          "address-space: memory\r\n"
          "  0000000000000000-ffffffffffffffff (prio 0, i/o): system "
          "orphan\r\n"
          "\r\n"
          "address-space: I/O\r\n"
          "  0000000000000000-000000000000ffff (prio 0, i/o): io orphan\r\n"
          "\r\n");
    check("info mtree -f -d",
          "mtree: the dispatch tree (-d) does not exist in emu\r\n");
    /* Flags in QEMU's order only. */
    check("info mtree -o -f", "mtree: unsupported option -f\r\n"
                              "Try \"help info mtree\" for more "
                              "information\r\n");
    check("info mtree -x", "mtree: unsupported option -x\r\n"
                           "Try \"help info mtree\" for more information\r\n");
    check("info mtree -fo", "mtree: extraneous characters at the end of "
                            "line\r\nTry \"help info mtree\" for more "
                            "information\r\n");
    memory_map_cleanup();
}

static void test_errors(void **state)
{
    expect_greeting();
    check("foo", "unknown command: 'foo'\r\n");
    check("  foo bar", "unknown command: '  foo'\r\n");
    check("info foo", "unknown command: 'info foo'\r\n");
    check("info \"status\"", "unknown command: 'info \"status\"'\r\n");
    check("x/10", "unknown command: 'x'\r\n");
    check("quit x", "quit|q: extraneous characters at the end of line\r\n"
                    "Try \"help quit\" for more information\r\n");
    check("  q   x", "quit|q: extraneous characters at the end of line\r\n"
                     "Try \"help   q\" for more information\r\n");
    check("info status extra",
          "status: extraneous characters at the end of line\r\n"
          "Try \"help info status\" for more information\r\n");
    check("stop now", "stop|s: extraneous characters at the end of line\r\n"
                      "Try \"help stop\" for more information\r\n");
    /* Nothing ran. */
    assert_int_equal(hook_calls[0] + hook_calls[1], 0);
}

static void test_run_state(void **state)
{
    expect_greeting();
    check("c", "");
    qmp_expect_event("\"event\": \"RESUME\"}\r\n");
    check("info status", "VM status: running\r\n");
    check("stop", "");
    qmp_expect_event("\"event\": \"STOP\"}\r\n");
    check("info status", "VM status: paused\r\n");
    check("s", "");
    check("cont", "");
    qmp_expect_event("\"event\": \"RESUME\"}\r\n");
    check("system_reset", "");
    qmp_expect_event("\"event\": \"RESET\", \"data\": {\"guest\": false, "
                     "\"reason\": \"host-qmp-system-reset\"}}\r\n");
    check("system_powerdown", "");
    qmp_expect_event("\"event\": \"POWERDOWN\"}\r\n");
    assert_int_equal(hook_calls[1], 1);
    assert_int_equal(hook_calls[2], 2);
    assert_int_equal(hook_calls[3], 1);
    assert_int_equal(hook_calls[4], 1);
}

static void test_quit(void **state)
{
    g_autofree char *text = NULL;

    expect_greeting();
    /* What follows quit in the same write is never run. */
    type("quit\rinfo status\r");
    text = read_until(&fx.hmp, "quit\033[K\r\n");
    qmp_expect_event("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, "
                     "\"reason\": \"host-qmp-quit\"}}\r\n");
    assert_int_equal(hook_calls[0], 1);
    expect_nothing(&fx.hmp);
}

#define STATUS_OUT "VM status: paused (prelaunch)\r\n"

static void test_line_editing(void **state)
{
    expect_greeting();
    /* Backspace (C-h) and DEL. */
    check("infx\bo statux\x7fs", STATUS_OUT);
    /* Left, then insert in the middle. */
    check("info sus\033[D\033[Dtat", STATUS_OUT);
    /* Delete under the cursor: ESC [ 3 ~ and C-d. */
    check("info statusXY\033[D\033[D\033[3~\033[3~", STATUS_OUT);
    check("info sstatus\x01\033[C\033[C\033[C\033[C\033[C\x04", STATUS_OUT);
    /* Home: ESC [ H, ESC O H, ESC [ 1 ~, ESC [ 7 ~, C-a. */
    check("nfo status\033[Hi", STATUS_OUT);
    check("nfo status\033OHi", STATUS_OUT);
    check("nfo status\033[1~i", STATUS_OUT);
    check("nfo status\033[7~i", STATUS_OUT);
    check("nfo status\x01i", STATUS_OUT);
    /* End: ESC [ F, ESC O F, ESC [ 4 ~, ESC [ 8 ~, C-e. */
    check("info statu\x01\033[Fs", STATUS_OUT);
    check("info statu\x01\033OFs", STATUS_OUT);
    check("info statu\x01\033[4~s", STATUS_OUT);
    check("info statu\x01\033[8~s", STATUS_OUT);
    check("info statu\x01\x05s", STATUS_OUT);
    /* C-b / C-f, right at the end stays there. */
    check("info statsu\x02\x02\x06\x7f\x06s\033[C\033[C", STATUS_OUT);
    /* C-k kills to the end, C-u to the start, C-w a word. */
    check("info statusJUNK\033[D\033[D\033[D\033[D\x0b", STATUS_OUT);
    check("garbage here\x15info status", STATUS_OUT);
    check("info foo bar\x17\x17status", STATUS_OUT);
    /* Other control characters and unknown escapes change nothing. */
    check("\x07info\x0c status\033x\033[Z", STATUS_OUT);
    check("\033[99999999999~info status", STATUS_OUT);
}

static void test_history(void **state)
{
    g_autofree char *text = NULL;

    expect_greeting();
    check("info name", "");
    check("info status", STATUS_OUT);
    check("info uuid", "00000000-0000-0000-0000-000000000000\r\n");
    /* Up twice: "info status"; C-p and C-n work the same. */
    check("\033[A\033[A", STATUS_OUT);
    /* Entered again: it moved to the end of the history. */
    check("\x10\x10\x10\x0e", "00000000-0000-0000-0000-000000000000\r\n");
    check("info history", "0: 'info name'\r\n1: 'info status'\r\n"
                          "2: 'info uuid'\r\n3: 'info history'\r\n");
    /* Down past the newest line: an empty line again. */
    check("\033[A\033[Bfoo", "unknown command: 'foo'\r\n");
    /* Up at the oldest line stays there. */
    for (int i = 0; i < 10; i++) {
        type("\033[A");
    }
    check("", "");
    text = run("info history");
    assert_true(g_str_has_prefix(text, "0: 'info status'\r\n"));
}

static void test_disconnect_mid_line(void **state)
{
    expect_greeting();
    type("info sta");
    close(fx.hmp.fd);
    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    g_string_truncate(fx.hmp.in, 0);
    fx.hmp.fd = client_connect(fx.hmp_path);
    expect_greeting();
    /* The half line of the first client is gone. */
    check("tus", "unknown command: 'tus'\r\n");
    /* And a client leaving in the middle of a command's output. */
    type("help\r");
    close(fx.hmp.fd);
    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    g_string_truncate(fx.hmp.in, 0);
    fx.hmp.fd = client_connect(fx.hmp_path);
    expect_greeting();
    check("info status", STATUS_OUT);
}

static void test_human_monitor_command(void **state)
{
    expect_greeting();
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"info status\"}}",
            "{\"return\": \"VM status: paused (prelaunch)\\r\\n\"}\r\n");
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"foo\"}}",
            "{\"return\": \"unknown command: 'foo'\\r\\n\"}\r\n");
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"\"}}",
            "{\"return\": \"\"}\r\n");
    /* No line editor there: no history. */
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"info history\"}}",
            "{\"return\": \"\"}\r\n");
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"help quit\"}}",
            "{\"return\": \"quit|q  -- quit the emulator\\r\\n\"}\r\n");
    qmp_cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"info status\", \"cpu-index\": 3}}",
            "{\"error\": {\"class\": \"GenericError\", \"desc\": "
            "\"Parameter 'cpu-index' expects a CPU number\"}}\r\n");
    send_bytes(&fx.qmp,
               "{\"execute\": \"human-monitor-command\", \"arguments\": "
               "{\"command-line\": \"stop\"}}",
               strlen("{\"execute\": \"human-monitor-command\", "
                      "\"arguments\": {\"command-line\": \"stop\"}}"));
    qmp_expect_event("\"event\": \"STOP\"}\r\n");
    {
        g_autofree char *line = qmp_line();

        assert_string_equal(line, "{\"return\": \"\"}\r\n");
    }
    /* quit: the SHUTDOWN event, then the reply (QEMU's order), the hook. */
    {
        static const char req[] =
            "{\"execute\": \"human-monitor-command\", \"arguments\": "
            "{\"command-line\": \"quit\"}}";
        g_autofree char *line = NULL;

        send_bytes(&fx.qmp, req, strlen(req));
        qmp_expect_event("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": "
                         "false, \"reason\": \"host-qmp-quit\"}}\r\n");
        line = qmp_line();
        assert_string_equal(line, "{\"return\": \"\"}\r\n");
    }
    assert_int_equal(hook_calls[0], 1);
    /* The HMP monitor saw none of it. */
    expect_nothing(&fx.hmp);
}

static void test_init_opts(void **state)
{
    g_autofree char *path = g_build_filename(fx.dir, "mon", NULL);
    QemuOpts *opts;
    Error *err = NULL;
    Client c = {.in = g_string_new(NULL)};
    g_autofree char *text = NULL;

    expect_greeting();
    chr_new("socket,id=mon,path=%s,server=on,wait=off", path);
    opts = qemu_opts_parse(&qemu_mon_opts, "chardev=nosuch,mode=readline",
                           false, &error_abort);
    assert_false(monitor_init_opts(opts, &err));
    assert_string_equal(error_get_pretty(err), "chardev \"nosuch\" not found");
    error_free(err);
    qemu_opts_del(opts);
    /* No mode: the human monitor, as in QEMU. */
    opts = qemu_opts_parse(&qemu_mon_opts, "chardev=mon", false, &error_abort);
    assert_true(monitor_init_opts(opts, &error_abort));
    qemu_opts_del(opts);
    c.fd = client_connect(path);
    text = read_until(&c, PROMPT);
    assert_string_equal(text, BANNER "\r\n" PROMPT);
    close(c.fd);
    g_string_free(c.in, true);
    unlink(path);
}

/* ---- A mux shared with another front end (-nographic) ---- */

static GString *fe_input;

static int fe_can_read(void *opaque)
{
    return 4096;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    g_string_append_len(fe_input, (const char *)buf, size);
}

static void test_mux(void **state)
{
    g_autofree char *path = g_build_filename(fx.dir, "mux", NULL);
    Chardev *mux =
        chr_new("socket,id=mux,path=%s,server=on,wait=off,mux=on", path);
    CharBackend fe = {0};
    Client c = {.in = g_string_new(NULL)};
    g_autofree char *text = NULL;

    expect_greeting();
    fe_input = g_string_new(NULL);
    /* The monitor first, then the serial port, as emu attaches them. */
    assert_true(monitor_init_hmp(mux, &error_abort));
    assert_true(qemu_chr_fe_init(&fe, mux, &error_abort));
    qemu_chr_fe_set_handlers(&fe, fe_can_read, fe_read, NULL, NULL, &fe, NULL,
                             true);
    c.fd = client_connect(path);
    /* The serial port has the focus: the greeting waits. */
    send_bytes(&c, "abc", 3);
    while (fe_input->len < 3) {
        main_loop_wait(true);
    }
    assert_string_equal(fe_input->str, "abc");
    assert_int_equal(c.in->len, 0);
    /* C-a c: the monitor, with what it held. */
    send_bytes(&c, "\001c", 2);
    text = read_until(&c, PROMPT);
    assert_string_equal(text, BANNER "\r\n" PROMPT);
    g_free(text);
    send_bytes(&c, "info status\r", 12);
    g_free(read_until(&c, "\r\n"));
    text = read_until(&c, PROMPT);
    assert_string_equal(text, STATUS_OUT PROMPT);
    g_free(text);
    /* Back to the serial port: the monitor ends its line. */
    send_bytes(&c, "\001cxyz", 5);
    while (fe_input->len < 6) {
        main_loop_wait(true);
    }
    assert_string_equal(fe_input->str, "abcxyz");
    text = read_until(&c, "\r\n");
    assert_string_equal(text, "\r\n");
    g_free(text);
    /* And back again: a fresh prompt. */
    send_bytes(&c, "\001c", 2);
    text = read_until(&c, PROMPT);
    assert_string_equal(text, PROMPT);
    qemu_chr_fe_deinit(&fe, false);
    close(c.fd);
    g_string_free(c.in, true);
    g_string_free(fe_input, true);
    unlink(path);
}

/* ---- The line editor alone ---- */

static void rl_print(void *opaque, const char *text)
{
    g_string_append(opaque, text);
}

static GPtrArray *rl_lines;

static void rl_line(void *opaque, const char *line)
{
    g_ptr_array_add(rl_lines, g_strdup(line));
}

static void rl_type(ReadLineState *rs, const char *s)
{
    for (; *s; s++) {
        readline_handle_byte(rs, (uint8_t)*s);
    }
}

static void test_readline(void **state)
{
    GString *out = g_string_new(NULL);
    ReadLineState *rs = readline_init(rl_print, rl_line, out, "> ");
    g_autofree char *longline = g_strnfill(5000, 'z');

    rl_lines = g_ptr_array_new_with_free_func(g_free);
    readline_show_prompt(rs);
    rl_type(rs, "ab\033[D");
    /* QEMU's bytes: redraw from the input's start, then place the cursor. */
    assert_string_equal(out->str, "> a\033[K\033[Dab\033[K\033[D");
    g_string_truncate(out, 0);
    rl_type(rs, "X\r");
    assert_string_equal(out->str, "\033[DaXb\033[K\033[D\n");
    assert_string_equal(rl_lines->pdata[0], "aXb");
    /* A line longer than the buffer is cut, not overrun. */
    rl_type(rs, longline);
    rl_type(rs, "\r");
    assert_int_equal(strlen(rl_lines->pdata[1]), READLINE_CMD_BUF_SIZE - 1);
    /* The history keeps the newest READLINE_MAX_CMDS lines, each once. */
    for (int i = 0; i < READLINE_MAX_CMDS + 10; i++) {
        g_autofree char *line = g_strdup_printf("cmd%d\r", i);

        rl_type(rs, line);
    }
    rl_type(rs, "cmd20\r");
    assert_string_equal(readline_get_history(rs, 0), "cmd10");
    assert_string_equal(readline_get_history(rs, READLINE_MAX_CMDS - 1),
                        "cmd20");
    assert_string_equal(readline_get_history(rs, READLINE_MAX_CMDS - 2),
                        "cmd73");
    assert_null(readline_get_history(rs, READLINE_MAX_CMDS));
    readline_free(rs);
    g_ptr_array_unref(rl_lines);
    g_string_free(out, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, hmp_setup, hmp_teardown)
        T(test_greeting_and_echo),
        T(test_help),
        T(test_info),
        T(test_info_mtree),
        T(test_errors),
        T(test_run_state),
        T(test_quit),
        T(test_line_editing),
        T(test_history),
        T(test_disconnect_mid_line),
        T(test_human_monitor_command),
        T(test_init_opts),
        T(test_mux),
#undef T
        cmocka_unit_test(test_readline),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
