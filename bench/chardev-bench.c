/*
 * chardev-bench: how fast a guest can push bytes out of isa-serial into a
 * chardev.  The "guest" is the polled write loop every simple driver runs
 * (read LSR until THRE is set, then write the byte to THR), done through
 * the device's port handlers with address_space_ldub/address_space_stb
 * on address_space_io, as a CPU's IN and OUT would be, without a CPU.
 * Two backends: a file chardev writing to a temp file, and a unix socket
 * chardev (server=on,wait=off) whose peer is drained by a reader thread.
 * Every byte is checked: the count that arrived (and its content) must
 * match what was written.
 *
 * Each figure stands beside a baseline measured in the same run doing the
 * same job without emu: write() of the same bytes one at a time to a
 * plain file and to one end of a plain unix socket pair drained by the
 * same reader thread.  ratio = emu / baseline (bytes per second): the
 * fraction of the bare one-byte-write() speed left after the device.
 *
 * usage: chardev-bench [seconds-per-measurement]   (default 0.2; each
 * figure is the best of 3, emu and baseline alternating)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib.h>

#include "chardev/char.h"
#include "devices/serial.h"
#include "machine/isa.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "qom/object.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"

#define COM1 0x3f8
#define COM2 0x2f8
#define UART_THR 0
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define LCR_8N1 0x03
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define ATTRS MEMTXATTRS_UNSPECIFIED

static double seconds = 0.2;
/* Each figure is the best of this many measurements. */
#define ROUNDS 3
static char *tmp_dir;

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;
static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "chardev-bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

typedef void (*BenchFn)(void *ctx, long n);

/*
 * Bytes per second of fn (which writes n bytes and returns once they
 * have all arrived), n grown until one run lasts `seconds`.
 */
static double measure(BenchFn fn, void *ctx)
{
    long n = 1000;

    for (;;) {
        gint64 t0 = g_get_monotonic_time();
        double dt;

        fn(ctx, n);
        dt = (g_get_monotonic_time() - t0) / 1e6;
        if (dt >= seconds) {
            return n / dt;
        }
        n = dt > 0.01 ? (long)(n * (seconds / dt) * 1.1) : n * 10;
    }
}

static void report(const char *what, double emu, double ref)
{
    printf("%-44s %14.0f %14.0f %8.3f\n", what, emu, ref, emu / ref);
}

/* ---- Peer of a socket: a thread that reads and checks every byte ---- */

typedef struct Reader {
    int fd;
    GThread *thread;
    /* Bytes received so far; the k-th byte must be k & 0xff. */
    _Atomic uint64_t got;
    /* First byte that was wrong + 1; 0: none. */
    _Atomic uint64_t bad;
} Reader;

static gpointer reader_run(gpointer opaque)
{
    Reader *r = opaque;
    uint8_t buf[65536];
    uint64_t got = 0;

    for (;;) {
        ssize_t n = recv(r->fd, buf, sizeof(buf), 0);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != ((got + i) & 0xff) && !atomic_load(&r->bad)) {
                atomic_store(&r->bad, got + i + 1);
            }
        }
        got += n;
        atomic_store(&r->got, got);
    }
    return NULL;
}

static void reader_start(Reader *r, int fd)
{
    r->fd = fd;
    atomic_store(&r->got, 0);
    atomic_store(&r->bad, 0);
    r->thread = g_thread_new("chardev-bench-reader", reader_run, r);
}

/* Close the peer's write side first (EOF for the thread), then join. */
static void reader_stop(Reader *r, int writer_fd)
{
    shutdown(writer_fd, SHUT_WR);
    g_thread_join(r->thread);
    close(r->fd);
}

static void reader_check(Reader *r, uint64_t sent, const char *what)
{
    uint64_t got = atomic_load(&r->got);
    uint64_t bad = atomic_load(&r->bad);

    if (got != sent) {
        die("%s: %" G_GUINT64_FORMAT " bytes written, %" G_GUINT64_FORMAT
            " arrived",
            what, sent, got);
    }
    if (bad) {
        die("%s: byte %" G_GUINT64_FORMAT " arrived wrong", what, bad - 1);
    }
}

/* ---- The guest's write loop ---- */

typedef struct SerialPath {
    uint16_t base;
    Chardev *chr;
    /* Bytes the guest has written so far (the pattern's position). */
    uint64_t sent;
    /* socket: the peer, and the bytes that arrived there. */
    Reader *reader;
} SerialPath;

/*
 * Poll LSR for THRE, write the byte to THR: n times.  While THRE is
 * clear the backend is full and the device waits on a G_IO_OUT watch, so
 * run the main loop (as a vCPU would simply keep polling while the I/O
 * thread runs it).
 */
static void guest_write(SerialPath *p, long n)
{
    for (long i = 0; i < n; i++) {
        while (!(address_space_ldub(&address_space_io, p->base + UART_LSR, ATTRS,
                                    NULL) &
                 LSR_THRE)) {
            main_loop_wait(false);
        }
        address_space_stb(&address_space_io, p->base + UART_THR,
                          p->sent++ & 0xff, ATTRS, NULL);
    }
    /* The last byte has left the shift register for the backend. */
    while (!(address_space_ldub(&address_space_io, p->base + UART_LSR, ATTRS,
                                NULL) &
             LSR_TEMT)) {
        main_loop_wait(false);
    }
}

static void emu_file(void *ctx, long n)
{
    guest_write(ctx, n);
}

static void emu_socket(void *ctx, long n)
{
    SerialPath *p = ctx;

    guest_write(p, n);
    while (atomic_load(&p->reader->got) < p->sent) {
        /* Nothing left in the device: the socket's peer is catching up. */
    }
}

/* ---- Baselines: write() one byte at a time ---- */

typedef struct PlainPath {
    int fd;
    uint64_t sent;
    Reader *reader;
} PlainPath;

static void plain_write(PlainPath *p, long n)
{
    for (long i = 0; i < n; i++) {
        uint8_t b = p->sent & 0xff;
        ssize_t r;

        while ((r = write(p->fd, &b, 1)) < 0 && errno == EINTR) {
        }
        if (r != 1) {
            die("write: %s", r < 0 ? g_strerror(errno) : "short");
        }
        p->sent++;
    }
}

static void plain_file(void *ctx, long n)
{
    plain_write(ctx, n);
}

static void plain_socket(void *ctx, long n)
{
    PlainPath *p = ctx;

    plain_write(p, n);
    while (atomic_load(&p->reader->got) < p->sent) {
    }
}

/* The file holds exactly `sent` bytes of the pattern. */
static void check_file(const char *path, uint64_t sent, const char *what)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) gerr = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        die("%s: %s", what, gerr->message);
    }
    if (len != sent) {
        die("%s: %" G_GUINT64_FORMAT " bytes written, %" G_GSIZE_FORMAT
            " in the file",
            what, sent, len);
    }
    for (gsize i = 0; i < len; i++) {
        if ((uint8_t)data[i] != (i & 0xff)) {
            die("%s: byte %" G_GSIZE_FORMAT " is wrong in the file", what, i);
        }
    }
}

/* ---- Set-up ---- */

static void irq_handler(void *opaque, int n, int level)
{
}

static Chardev *chr_new(const char *str)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(&qemu_chardev_opts, str, true, &err);
    Chardev *chr = opts ? qemu_chr_new_from_opts(opts, NULL, &err) : NULL;

    if (opts) {
        qemu_opts_del(opts);
    }
    if (!chr) {
        die("-chardev %s: %s", str, err ? error_get_pretty(err) : "?");
    }
    return chr;
}

static void serial_new(ISABus *bus, int index, const char *chardev,
                       uint16_t base)
{
    if (!isa_serial_create(bus, index, chardev, &error_abort)) {
        die("isa-serial %d", index);
    }
    address_space_stb(&address_space_io, base + UART_LCR, LCR_8N1, ATTRS, NULL);
    /* 16450 mode: one byte per THRE, the loop a polled driver runs. */
    address_space_stb(&address_space_io, base + UART_FCR, 0, ATTRS, NULL);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    if (fd < 0 || connect(fd, (struct sockaddr *)&su, sizeof(su)) < 0) {
        die("connect %s: %s", path, g_strerror(errno));
    }
    return fd;
}

int main(int argc, char **argv)
{
    g_autofree char *emu_file_path = NULL, *plain_file_path = NULL;
    g_autofree char *sock_path = NULL, *str = NULL;
    SerialPath file_path = {.base = COM1}, sock = {.base = COM2};
    PlainPath plain_f = {0}, plain_s = {0};
    Reader emu_reader, plain_reader;
    double emu_f, ref_f, emu_s, ref_s;
    Object *machine;
    ISABus *bus;
    int client, pair[2];
    gint64 deadline;

    if (argc > 1) {
        seconds = atof(argv[1]);
        if (seconds <= 0) {
            fprintf(stderr, "usage: %s [seconds-per-measurement]\n", argv[0]);
            return 2;
        }
    }

    module_call_init(MODULE_INIT_QOM);
    emu_register_option_groups();
    qemu_init_main_loop(&error_abort);
    qemu_mutex_lock_iothread();

    /* A bare machine: an ISA bus on the system I/O space. */
    machine = object_new(TYPE_CONTAINER);
    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    memory_map_init();
    bus = isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    isa_bus_irqs(bus, qemu_allocate_irqs(irq_handler, NULL, ISA_NUM_IRQS));

    tmp_dir = g_dir_make_tmp("emu-chardev-bench-XXXXXX", NULL);
    if (!tmp_dir) {
        die("no temp directory");
    }
    emu_file_path = g_build_filename(tmp_dir, "emu.out", NULL);
    plain_file_path = g_build_filename(tmp_dir, "plain.out", NULL);
    sock_path = g_build_filename(tmp_dir, "emu.sock", NULL);

    /* COM1 -> file chardev. */
    str = g_strdup_printf("file,id=cfile,path=%s", emu_file_path);
    file_path.chr = chr_new(str);
    serial_new(bus, 0, "cfile", COM1);

    /* COM2 -> unix socket server; the bench is its client. */
    g_free(str);
    str = g_strdup_printf("socket,id=csock,path=%s,server=on,wait=off",
                          sock_path);
    sock.chr = chr_new(str);
    serial_new(bus, 1, "csock", COM2);
    client = unix_connect(sock_path);
    deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    while (!sock.chr->be_open) {
        if (g_get_monotonic_time() > deadline) {
            die("the socket chardev never accepted its client");
        }
        main_loop_wait(true);
        g_usleep(1000);
    }
    reader_start(&emu_reader, client);
    sock.reader = &emu_reader;

    /* Baselines: a plain file and a plain unix socket pair. */
    plain_f.fd = open(plain_file_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      0666);
    if (plain_f.fd < 0) {
        die("%s: %s", plain_file_path, g_strerror(errno));
    }
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
        die("socketpair: %s", g_strerror(errno));
    }
    plain_s.fd = pair[0];
    reader_start(&plain_reader, pair[1]);
    plain_s.reader = &plain_reader;

    printf("%-44s %14s %14s %8s\n", "path (bytes per second)", "emu",
           "baseline", "ratio");
    /* Best of ROUNDS, emu and baseline alternating: the VM is noisy. */
    emu_f = ref_f = emu_s = ref_s = 0;
    for (int i = 0; i < ROUNDS; i++) {
        emu_f = MAX(emu_f, measure(emu_file, &file_path));
        ref_f = MAX(ref_f, measure(plain_file, &plain_f));
    }
    report("isa-serial -> file chardev (vs write())", emu_f, ref_f);
    for (int i = 0; i < ROUNDS; i++) {
        emu_s = MAX(emu_s, measure(emu_socket, &sock));
        ref_s = MAX(ref_s, measure(plain_socket, &plain_s));
    }
    report("isa-serial -> unix socket (vs write())", emu_s, ref_s);

    /* Nothing lost: the counts (and the bytes) match what was written. */
    reader_check(&emu_reader, sock.sent, "isa-serial -> unix socket");
    reader_check(&plain_reader, plain_s.sent, "plain unix socket");
    close(plain_f.fd);
    check_file(emu_file_path, file_path.sent, "isa-serial -> file");
    check_file(plain_file_path, plain_f.sent, "plain file");
    printf("all bytes arrived: file %" G_GUINT64_FORMAT ", socket %"
           G_GUINT64_FORMAT " (emu); file %" G_GUINT64_FORMAT ", socket %"
           G_GUINT64_FORMAT " (baseline)\n",
           file_path.sent, sock.sent, plain_f.sent, plain_s.sent);

    reader_stop(&plain_reader, pair[0]);
    close(pair[0]);
    /* Wakes the reader's recv() with EOF. */
    shutdown(client, SHUT_RDWR);
    g_thread_join(emu_reader.thread);
    close(client);
    object_unparent(qdev_get_machine());
    qemu_chr_cleanup();
    qemu_mutex_unlock_iothread();

    unlink(emu_file_path);
    unlink(plain_file_path);
    unlink(sock_path);
    rmdir(tmp_dir);
    g_free(tmp_dir);
    return 0;
}
