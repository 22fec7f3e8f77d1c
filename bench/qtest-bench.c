/*
 * qtest-bench: qtest round trips per second, emu beside QEMU in the same
 * run.  Each binary is started with the same machine (-M pc -nodefaults,
 * one isa-serial at COM1 on a null chardev) and a qtest unix socket;
 * emu runs with -accel qtest, qemu-system-* (built without the qtest
 * accelerator) with -accel tcg -S, as libqtest does.
 *
 * Two loads:
 *   lock-step   "inb 0x3fd" (the LSR), one request, wait for its answer
 *   pipelined   "outb 0x3ff" (the scratch register), a batch of
 *               PIPE_DEPTH requests written at once, then PIPE_DEPTH "OK"s
 *               read back (libqtest is lock-step, so this bench talks to
 *               the socket itself)
 *
 * Both binaries run side by side; measurements alternate between them for
 * ROUNDS (9) rounds and each figure is the median.  ratio = emu / QEMU
 * (operations per second): > 1 means emu is faster.
 *
 * usage: qtest-bench [seconds-per-measurement [qemu-binary]]
 *        (default 1 s, /usr/bin/qemu-system-x86_64; skipped if absent)
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>
#include <glib.h>

#ifndef EMU_BINARY
#error "EMU_BINARY must name the emu binary (set by bench/meson.build)"
#endif

#define PIPE_DEPTH 256
#define ROUNDS 9
#define MACHINE_ARGS "-M", "pc", "-nodefaults", "-chardev", "null,id=c", \
    "-device", "isa-serial,chardev=c"

static double seconds = 1.0;

typedef struct {
    pid_t pid;
    int fd;
    char buf[65536];
    size_t len, pos;
} Server;

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "qtest-bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static void send_all(Server *s, const char *data, size_t n)
{
    while (n) {
        ssize_t r = write(s->fd, data, n);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            die("write: %s", strerror(errno));
        }
        data += r;
        n -= r;
    }
}

/* The next answer line (without '\n'), valid until the next call. */
static const char *read_line(Server *s)
{
    for (;;) {
        char *nl = memchr(s->buf + s->pos, '\n', s->len - s->pos);
        ssize_t r;

        if (nl) {
            const char *line = s->buf + s->pos;

            *nl = '\0';
            s->pos = nl + 1 - s->buf;
            return line;
        }
        if (s->pos) {
            memmove(s->buf, s->buf + s->pos, s->len - s->pos);
            s->len -= s->pos;
            s->pos = 0;
        }
        if (s->len == sizeof(s->buf) - 1) {
            die("answer line too long");
        }
        r = read(s->fd, s->buf + s->len, sizeof(s->buf) - 1 - s->len);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            die("connection lost");
        }
        s->len += r;
    }
}

static const char *expect_ok(Server *s)
{
    const char *line = read_line(s);

    if (strncmp(line, "OK", 2) != 0) {
        die("unexpected answer '%s'", line);
    }
    return line;
}

static bool is_qemu(const char *bin)
{
    g_autofree char *base = g_path_get_basename(bin);

    return g_str_has_prefix(base, "qemu-system-");
}

static void server_start(Server *s, const char *bin)
{
    g_autofree char *dir = g_dir_make_tmp("qtest-bench-XXXXXX", NULL);
    g_autofree char *path = NULL;
    g_autofree char *qarg = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int lfd, waited = 0;

    if (!dir) {
        die("cannot make a temporary directory");
    }
    path = g_build_filename(dir, "qtest.sock", NULL);
    qarg = g_strdup_printf("unix:%s", path);
    if (strlen(path) >= sizeof(addr.sun_path)) {
        die("socket path too long: %s", path);
    }
    strcpy(addr.sun_path, path);
    lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(lfd, 1) < 0) {
        die("cannot listen on %s: %s", path, strerror(errno));
    }
    fflush(NULL);
    s->pid = fork();
    if (s->pid < 0) {
        die("fork: %s", strerror(errno));
    }
    if (s->pid == 0) {
        if (is_qemu(bin)) {
            execl(bin, bin, "-qtest", qarg, "-qtest-log", "/dev/null", "-display", "none", MACHINE_ARGS,
                  "-accel", "tcg", "-S", (char *)NULL);
        } else {
            execl(bin, bin, "-qtest", qarg, "-qtest-log", "/dev/null", "-display", "none", MACHINE_ARGS,
                  "-accel", "qtest", (char *)NULL);
        }
        fprintf(stderr, "qtest-bench: exec %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    s->fd = -1;
    while (waited < 30000) {
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        int status;

        if (poll(&pfd, 1, 100) > 0) {
            s->fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            break;
        }
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            die("%s exited before connecting (status 0x%x)", bin, status);
        }
        waited += 100;
    }
    if (s->fd < 0) {
        die("%s did not connect the qtest socket", bin);
    }
    close(lfd);
    unlink(path);
    rmdir(dir);
    s->len = s->pos = 0;
    send_all(s, "endianness\n", 11);
    expect_ok(s);
}

static void server_stop(Server *s)
{
    int status;

    close(s->fd);
    kill(s->pid, SIGTERM);
    waitpid(s->pid, &status, 0);
}

typedef void (*BenchFn)(Server *s, long n);

static void lockstep_inb(Server *s, long n)
{
    static const char req[] = "inb 0x3fd\n";

    for (long i = 0; i < n; i++) {
        send_all(s, req, sizeof(req) - 1);
        expect_ok(s);
    }
}

/* n rounded up to whole batches of PIPE_DEPTH. */
static void pipelined_outb(Server *s, long n)
{
    static char batch[PIPE_DEPTH * 24];
    static size_t batch_len;

    if (!batch_len) {
        for (int i = 0; i < PIPE_DEPTH; i++) {
            batch_len += sprintf(batch + batch_len, "outb 0x3ff 0x%02x\n",
                                 i & 0xff);
        }
    }
    for (long done = 0; done < n; done += PIPE_DEPTH) {
        send_all(s, batch, batch_len);
        for (int i = 0; i < PIPE_DEPTH; i++) {
            expect_ok(s);
        }
    }
}

/* Operations per second of fn, grown until one run lasts `seconds`. */
static double measure(Server *s, BenchFn fn, long granule)
{
    long n = granule > 1000 ? granule : 1000;

    fn(s, n); /* warm up */
    for (;;) {
        gint64 t0 = g_get_monotonic_time();
        double dt;

        fn(s, n);
        dt = (g_get_monotonic_time() - t0) / 1e6;
        if (dt >= seconds) {
            return n / dt;
        }
        n = dt > 0.01 ? (long)(n * (seconds / dt) * 1.1) : n * 10;
        n = (n + granule - 1) / granule * granule;
    }
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(v[0]), dbl_cmp);
    return n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void report(const char *what, double emu, double ref)
{
    if (ref > 0) {
        printf("%-34s %14.0f %14.0f %8.3f\n", what, emu, ref, emu / ref);
    } else {
        printf("%-34s %14.0f %14s %8s\n", what, emu, "-", "-");
    }
}

int main(int argc, char **argv)
{
    const char *qemu = "/usr/bin/qemu-system-x86_64";
    double inb[2][ROUNDS], outb[2][ROUNDS];
    Server srv[2];
    int nsrv = 1;
    char label[64];

    if (argc > 1) {
        seconds = atof(argv[1]);
        if (seconds <= 0) {
            fprintf(stderr, "qtest-bench: bad duration '%s'\n", argv[1]);
            return 1;
        }
    }
    if (argc > 2) {
        qemu = argv[2];
    }
    signal(SIGPIPE, SIG_IGN);

    /*
     * Both servers stay up (an idle one sleeps in poll) and the rounds
     * alternate between them, so that drift in the machine's load hits
     * both alike; each figure is the median of ROUNDS measurements.
     */
    server_start(&srv[0], EMU_BINARY);
    if (access(qemu, X_OK) == 0) {
        server_start(&srv[1], qemu);
        nsrv = 2;
    } else {
        fprintf(stderr, "qtest-bench: %s not found: no reference\n", qemu);
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < nsrv; i++) {
            inb[i][r] = measure(&srv[i], lockstep_inb, 1);
            outb[i][r] = measure(&srv[i], pipelined_outb, PIPE_DEPTH);
        }
    }
    for (int i = 0; i < nsrv; i++) {
        server_stop(&srv[i]);
    }

    printf("%-34s %14s %14s %8s\n", "test (ops per second)", "emu", "QEMU",
           "ratio");
    report("lock-step inb 0x3fd", median(inb[0], ROUNDS),
           nsrv > 1 ? median(inb[1], ROUNDS) : 0);
    snprintf(label, sizeof(label), "pipelined outb 0x3ff (depth %d)",
             PIPE_DEPTH);
    report(label, median(outb[0], ROUNDS),
           nsrv > 1 ? median(outb[1], ROUNDS) : 0);
    return 0;
}
