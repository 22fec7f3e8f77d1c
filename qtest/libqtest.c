/*
 * libqtest: the qtest client (see include/qtest/libqtest.h and
 * /work/shared/design/QTEST-PROTOCOL.md).
 */
#include "qtest/libqtest.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#define MAX_IRQ 256
/* Waiting for the child to connect: long, only to avoid hanging forever. */
#define CONNECT_TIMEOUT_MS (60 * 1000)

struct QTestState {
    pid_t pid;
    int fd;
    int qmp_fd;
    GString *rx;
    GString *qmp_rx;
    bool irq_level[MAX_IRQ];
    int expected_status;
    int clock_known;        /* -1 unknown, 0 no, 1 yes */
    GQueue events;          /* JsonObject * */
    char *tmpdir;
    char *sock_path;
    char *qmp_path;
    bool log;
};

static G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "libqtest: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

static int listen_unix(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        die("socket path too long: %s", path);
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        die("cannot listen on %s: %s", path, strerror(errno));
    }
    return fd;
}

static int accept_child(QTestState *s, int lfd, const char *what)
{
    int waited = 0;

    while (waited < CONNECT_TIMEOUT_MS) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        int status;
        int r = poll(&pfd, 1, 100);

        if (r > 0) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            if (fd < 0) {
                die("accept (%s): %s", what, strerror(errno));
            }
            return fd;
        }
        if (r < 0 && errno != EINTR) {
            die("poll: %s", strerror(errno));
        }
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = -1;
            die("the child exited before connecting the %s socket "
                "(status 0x%x)", what, status);
        }
        waited += 100;
    }
    die("the child did not connect the %s socket", what);
}

static bool binary_is_qemu(const char *bin)
{
    char *base = g_path_get_basename(bin);
    bool r = g_str_has_prefix(base, "qemu-system-");

    g_free(base);
    return r;
}

static void reap_child(QTestState *s, int *status)
{
    int i;
    pid_t r = 0;

    kill(s->pid, SIGTERM);
    for (i = 0; i < 3000; i++) {
        r = waitpid(s->pid, status, WNOHANG);
        if (r != 0) {
            break;
        }
        g_usleep(10 * 1000);
    }
    if (r == 0) {
        fprintf(stderr, "libqtest: child %d did not end in 30 s: killing it\n",
                (int)s->pid);
        kill(s->pid, SIGKILL);
        r = waitpid(s->pid, status, 0);
    }
    if (r != s->pid) {
        die("waitpid: %s", strerror(errno));
    }
    s->pid = -1;
}

static void check_status(QTestState *s, int status)
{
    if (WIFSIGNALED(status)) {
        die("child killed by signal %d (%s)%s", WTERMSIG(status),
            strsignal(WTERMSIG(status)),
            WCOREDUMP(status) ? " (core dumped)" : "");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != s->expected_status) {
        die("child exit status %d, expected %d", WEXITSTATUS(status),
            s->expected_status);
    }
}

/*
 * The connection closed: with a non-zero expected status set, the child
 * ending with it is expected (the request that ended it gets no answer
 * from QEMU).  Aborts on any other ending.
 */
static bool child_left_as_expected(QTestState *s)
{
    int status;

    if (s->pid <= 0) {
        die("the child is gone");
    }
    if (!s->expected_status) {
        return false;
    }
    reap_child(s, &status);
    check_status(s, status);
    return true;
}

/* Read into buf until it holds a whole line; return it (without '\n'). */
static char *read_line(QTestState *s, int fd, GString *buf, const char *what)
{
    for (;;) {
        char *nl = memchr(buf->str, '\n', buf->len);
        char tmp[4096];
        ssize_t n;

        if (nl) {
            size_t len = nl - buf->str;
            char *line = g_strndup(buf->str, len);

            g_string_erase(buf, 0, len + 1);
            if (len && line[len - 1] == '\r') {
                line[len - 1] = '\0';
            }
            if (s->log) {
                fprintf(stderr, "[%s R] %s\n", what, line);
            }
            return line;
        }
        n = read(fd, tmp, sizeof(tmp));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (child_left_as_expected(s)) {
                /* QEMU exits inside the request (isa-debug-exit). */
                return g_strdup("OK 0");
            }
            die("%s connection lost", what);
        }
        g_string_append_len(buf, tmp, n);
    }
}

static void send_all(QTestState *s, int fd, const char *str, const char *what)
{
    size_t len = strlen(str), off = 0;

    if (s->log) {
        fprintf(stderr, "[%s S] %s", what, str);
    }
    if (s->pid <= 0) {
        die("the child is gone");
    }
    while (off < len) {
        ssize_t n = send(fd, str + off, len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            die("%s write failed", what);
        }
        off += n;
    }
}

static G_GNUC_PRINTF(2, 3) void qtest_sendf(QTestState *s, const char *fmt,
                                            ...)
{
    va_list ap;
    char *str;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    send_all(s, s->fd, str, "qtest");
    g_free(str);
}

/* The next response line, recording the IRQ lines met before it. */
static char *qtest_response(QTestState *s)
{
    for (;;) {
        char *line = read_line(s, s->fd, s->rx, "qtest");
        bool raise = g_str_has_prefix(line, "IRQ raise ");

        if (raise || g_str_has_prefix(line, "IRQ lower ")) {
            char *end;
            long n = strtol(line + 10, &end, 10);

            if (*end || n < 0 || n >= MAX_IRQ) {
                die("bad IRQ line: %s", line);
            }
            s->irq_level[n] = raise;
            g_free(line);
            continue;
        }
        return line;
    }
}

/* Response split in words; aborts unless it starts with OK. */
static char **qtest_rsp(QTestState *s)
{
    char *line = qtest_response(s);
    char **words = g_strsplit(line, " ", 0);

    if (!words[0] || strcmp(words[0], "OK") != 0) {
        die("unexpected response: %s", line);
    }
    g_free(line);
    return words;
}

static void qtest_ok(QTestState *s)
{
    g_strfreev(qtest_rsp(s));
}

static uint64_t qtest_rsp_u64(QTestState *s)
{
    char **words = qtest_rsp(s);
    char *end;
    uint64_t v;

    if (!words[1]) {
        die("response without a value");
    }
    errno = 0;
    v = g_ascii_strtoull(words[1], &end, 0);
    if (errno || *end || end == words[1]) {
        die("bad value in response: %s", words[1]);
    }
    g_strfreev(words);
    return v;
}

static JsonObject *qmp_read(QTestState *s)
{
    for (;;) {
        char *line = read_line(s, s->qmp_fd, s->qmp_rx, "qmp");
        JsonParser *p = json_parser_new();
        GError *err = NULL;
        JsonNode *root;
        JsonObject *obj;

        if (!*line) {
            g_free(line);
            g_object_unref(p);
            continue;
        }
        if (!json_parser_load_from_data(p, line, -1, &err)) {
            die("bad QMP reply (%s): %s", err->message, line);
        }
        root = json_parser_get_root(p);
        if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
            die("QMP reply is not an object: %s", line);
        }
        obj = json_object_ref(json_node_get_object(root));
        g_object_unref(p);
        g_free(line);
        return obj;
    }
}

static JsonObject *qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    char *cmd = g_strdup_vprintf(fmt, ap);
    char *line = g_strconcat(cmd, "\n", NULL);

    send_all(s, s->qmp_fd, line, "qmp");
    g_free(line);
    g_free(cmd);
    for (;;) {
        JsonObject *obj = qmp_read(s);

        if (json_object_has_member(obj, "event")) {
            g_queue_push_tail(&s->events, obj);
            continue;
        }
        return obj;
    }
}

static void child_exec(const char *cmd, pid_t parent)
{
    /* Die with the test process. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(1);
    }
    execlp("sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
}

QTestState *qtest_init(const char *extra_args)
{
    QTestState *s = g_new0(QTestState, 1);
    const char *bin = g_getenv("QTEST_QEMU_BINARY");
    const char *accel;
    char *cmd;
    int lfd, qmp_lfd;
    JsonObject *obj;
    GError *err = NULL;
    pid_t parent = getpid();

    if (!bin || !*bin) {
        bin = g_getenv("EMU_QTEST_BINARY");
    }
    if (!bin || !*bin) {
        die("set QTEST_QEMU_BINARY or EMU_QTEST_BINARY");
    }
    accel = binary_is_qemu(bin) ? "-accel tcg -S" : "-accel qtest";
    s->log = g_getenv("QTEST_LOG") != NULL;
    s->clock_known = -1;
    g_queue_init(&s->events);
    s->tmpdir = g_dir_make_tmp("libqtest-XXXXXX", &err);
    if (!s->tmpdir) {
        die("tmpdir: %s", err->message);
    }
    s->sock_path = g_build_filename(s->tmpdir, "qtest.sock", NULL);
    s->qmp_path = g_build_filename(s->tmpdir, "qmp.sock", NULL);
    lfd = listen_unix(s->sock_path);
    qmp_lfd = listen_unix(s->qmp_path);
    cmd = g_strdup_printf("exec '%s' -qtest unix:%s -qtest-log %s "
                          "-chardev socket,path=%s,id=char0 "
                          "-mon chardev=char0,mode=control -display none "
                          "%s %s",
                          bin, s->sock_path,
                          s->log ? "/dev/fd/2" : "/dev/null",
                          s->qmp_path, extra_args ? extra_args : "", accel);
    if (s->log) {
        fprintf(stderr, "[start] %s\n", cmd);
    }
    fflush(NULL);
    s->pid = fork();
    if (s->pid < 0) {
        die("fork: %s", strerror(errno));
    }
    if (s->pid == 0) {
        child_exec(cmd, parent);
    }
    g_free(cmd);
    s->fd = accept_child(s, lfd, "qtest");
    s->qmp_fd = accept_child(s, qmp_lfd, "QMP");
    close(lfd);
    close(qmp_lfd);
    g_unlink(s->sock_path);
    g_unlink(s->qmp_path);
    s->rx = g_string_new(NULL);
    s->qmp_rx = g_string_new(NULL);

    qtest_sendf(s, "endianness\n");
    g_strfreev(qtest_rsp(s));

    obj = qmp_read(s);
    if (!json_object_has_member(obj, "QMP")) {
        die("no QMP greeting");
    }
    json_object_unref(obj);
    obj = qtest_qmp(s, "{\"execute\": \"qmp_capabilities\"}");
    if (!json_object_has_member(obj, "return")) {
        die("qmp_capabilities failed");
    }
    json_object_unref(obj);
    return s;
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    char *args;
    QTestState *s;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    s = qtest_init(args);
    g_free(args);
    return s;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

static void wait_child(QTestState *s)
{
    int status;

    if (s->pid <= 0) {
        return;
    }
    reap_child(s, &status);
    check_status(s, status);
}

void qtest_quit(QTestState *s)
{
    JsonObject *ev;

    wait_child(s);
    close(s->fd);
    close(s->qmp_fd);
    g_string_free(s->rx, TRUE);
    g_string_free(s->qmp_rx, TRUE);
    while ((ev = g_queue_pop_head(&s->events))) {
        json_object_unref(ev);
    }
    g_rmdir(s->tmpdir);
    g_free(s->tmpdir);
    g_free(s->sock_path);
    g_free(s->qmp_path);
    g_free(s);
}

bool qtest_probe_clock(QTestState *s)
{
    if (s->clock_known < 0) {
        char *line;

        qtest_sendf(s, "clock_step 0\n");
        line = qtest_response(s);
        s->clock_known = g_str_has_prefix(line, "OK");
        g_free(line);
    }
    return s->clock_known;
}

static uint64_t qtest_in(QTestState *s, const char *cmd, uint16_t addr)
{
    qtest_sendf(s, "%s 0x%x\n", cmd, addr);
    return qtest_rsp_u64(s);
}

static void qtest_out(QTestState *s, const char *cmd, uint16_t addr,
                      uint32_t value)
{
    qtest_sendf(s, "%s 0x%x 0x%x\n", cmd, addr, value);
    qtest_ok(s);
}

uint8_t qtest_inb(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inb", addr);
}

uint16_t qtest_inw(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inw", addr);
}

uint32_t qtest_inl(QTestState *s, uint16_t addr)
{
    return qtest_in(s, "inl", addr);
}

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value)
{
    qtest_out(s, "outb", addr, value);
}

void qtest_outw(QTestState *s, uint16_t addr, uint16_t value)
{
    qtest_out(s, "outw", addr, value);
}

void qtest_outl(QTestState *s, uint16_t addr, uint32_t value)
{
    qtest_out(s, "outl", addr, value);
}

static uint64_t qtest_read(QTestState *s, const char *cmd, uint64_t addr)
{
    qtest_sendf(s, "%s 0x%" PRIx64 "\n", cmd, addr);
    return qtest_rsp_u64(s);
}

static void qtest_write(QTestState *s, const char *cmd, uint64_t addr,
                        uint64_t value)
{
    qtest_sendf(s, "%s 0x%" PRIx64 " 0x%" PRIx64 "\n", cmd, addr, value);
    qtest_ok(s);
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readb", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readw", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readl", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_read(s, "readq", addr);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_write(s, "writeb", addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_write(s, "writew", addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_write(s, "writel", addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_write(s, "writeq", addr, value);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    uint8_t *p = data;
    char **words;
    size_t i;

    if (!size) {
        return;
    }
    qtest_sendf(s, "read 0x%" PRIx64 " 0x%zx\n", addr, size);
    words = qtest_rsp(s);
    if (!words[1] || strlen(words[1]) != 2 + 2 * size ||
        strncmp(words[1], "0x", 2) != 0) {
        die("bad read response");
    }
    for (i = 0; i < size; i++) {
        int hi = hexval(words[1][2 + 2 * i]);
        int lo = hexval(words[1][3 + 2 * i]);

        if (hi < 0 || lo < 0) {
            die("bad hex in read response");
        }
        p[i] = hi << 4 | lo;
    }
    g_strfreev(words);
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    const uint8_t *p = data;
    GString *hex;
    size_t i;

    if (!size) {
        return;
    }
    hex = g_string_sized_new(2 * size + 1);
    for (i = 0; i < size; i++) {
        g_string_append_printf(hex, "%02x", p[i]);
    }
    qtest_sendf(s, "write 0x%" PRIx64 " 0x%zx 0x%s\n", addr, size, hex->str);
    g_string_free(hex, TRUE);
    qtest_ok(s);
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    char **words;
    guchar *dec;
    gsize len;

    qtest_sendf(s, "b64read 0x%" PRIx64 " 0x%zx\n", addr, size);
    words = qtest_rsp(s);
    if (!words[1]) {
        die("bad b64read response");
    }
    dec = g_base64_decode(words[1], &len);
    if (len != size) {
        die("b64read: %zu bytes, expected %zu", (size_t)len, size);
    }
    memcpy(data, dec, size);
    g_free(dec);
    g_strfreev(words);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    char *b64 = g_base64_encode(data, size);

    qtest_sendf(s, "b64write 0x%" PRIx64 " 0x%zx %s\n", addr, size, b64);
    g_free(b64);
    qtest_ok(s);
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size)
{
    qtest_sendf(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x\n", addr, size,
                pattern);
    qtest_ok(s);
}

int64_t qtest_clock_step_next(QTestState *s)
{
    qtest_sendf(s, "clock_step\n");
    return qtest_rsp_u64(s);
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    qtest_sendf(s, "clock_step %" PRId64 "\n", step);
    return qtest_rsp_u64(s);
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    qtest_sendf(s, "clock_set %" PRId64 "\n", val);
    return qtest_rsp_u64(s);
}

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    qtest_sendf(s, "irq_intercept_in %s\n", qom_path);
    qtest_ok(s);
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    qtest_sendf(s, "irq_intercept_out %s\n", qom_path);
    qtest_ok(s);
}

bool qtest_get_irq(QTestState *s, int num)
{
    if (num < 0 || num >= MAX_IRQ) {
        die("IRQ %d out of range", num);
    }
    qtest_inb(s, 0);
    return s->irq_level[num];
}

JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *obj;

    va_start(ap, fmt);
    obj = qmp_vsend(s, fmt, ap);
    va_end(ap);
    return obj;
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    JsonObject *obj;

    va_start(ap, fmt);
    obj = qmp_vsend(s, fmt, ap);
    va_end(ap);
    if (!json_object_has_member(obj, "return")) {
        die("QMP command failed");
    }
    json_object_unref(obj);
}

static bool event_is(JsonObject *obj, const char *event)
{
    const char *name = json_object_get_string_member_with_default(
        obj, "event", NULL);

    return name && strcmp(name, event) == 0;
}

JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    JsonObject *obj;

    while ((obj = g_queue_pop_head(&s->events))) {
        if (event_is(obj, event)) {
            return obj;
        }
        json_object_unref(obj);
    }
    for (;;) {
        obj = qmp_read(s);
        if (event_is(obj, event)) {
            return obj;
        }
        json_object_unref(obj);
    }
}

void qtest_qmp_eventwait(QTestState *s, const char *event)
{
    json_object_unref(qtest_qmp_eventwait_ref(s, event));
}
