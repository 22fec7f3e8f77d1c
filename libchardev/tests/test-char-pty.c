/*
 * The pty backend with a real /dev/pts reader: the announcement line,
 * data both ways through the slave, connection tracking (QEMU polls an
 * unopened pty once a second: the tests wait for it), and output while
 * nobody has the slave open.
 */
#include <poll.h>
#include <pty.h>
#include <termios.h>

#include "char-test.h"

static char *pty_path(Chardev *chr)
{
    assert_true(g_str_has_prefix(chr->filename, "pty:/dev/pts/"));
    return g_strdup(chr->filename + 4);
}

static Chardev *new_pty(const char *id, char **out)
{
    FdCapture c;
    Chardev *chr;

    fd_capture_begin(&c, STDOUT_FILENO);
    chr = chr_new("pty,id=%s", id);
    *out = fd_capture_end(&c);
    return chr;
}

static int open_slave(Chardev *chr)
{
    g_autofree char *path = pty_path(chr);
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);

    assert_true(fd >= 0);
    return fd;
}

/* Read n bytes from the slave while the chardev runs. */
static void slave_expect(int fd, const char *want)
{
    size_t n = strlen(want);
    GString *got = g_string_new(NULL);

    WAIT_UNTIL(({
        char buf[256];
        ssize_t r = read(fd, buf, sizeof(buf));

        if (r > 0) {
            g_string_append_len(got, buf, r);
        }
        got->len >= n;
    }));
    assert_int_equal(got->len, n);
    assert_memory_equal(got->str, want, n);
    g_string_free(got, true);
}

static void test_pty_announce(void **state)
{
    g_autofree char *out = NULL;
    g_autofree char *path = NULL;
    g_autofree char *want = NULL;
    Chardev *chr = new_pty("charserial1", &out);
    struct termios tio;
    int fd;

    path = pty_path(chr);
    /* QEMU 7.2's line, on stdout. */
    want = g_strdup_printf("char device redirected to %s (label "
                           "charserial1)\n",
                           path);
    assert_string_equal(out, want);
    assert_ptr_equal(object_resolve_path("/chardevs/charserial1", NULL), chr);
    /* The slave is raw: the guest's bytes reach the reader unchanged. */
    fd = open_slave(chr);
    assert_int_equal(tcgetattr(fd, &tio), 0);
    assert_int_equal(tio.c_lflag & (ICANON | ECHO | ISIG), 0);
    assert_int_equal(tio.c_oflag & OPOST, 0);
    close(fd);
}

static void test_pty_io(void **state)
{
    g_autofree char *out = NULL;
    Chardev *chr = new_pty("p", &out);
    TestFE t;
    int fd;

    test_fe_attach(&t, chr);
    drain_context();
    /* Nobody on the slave yet: not open. */
    assert_int_equal(t.nevents, 0);
    fd = open_slave(chr);
    WAIT_UNTIL(t.nevents == 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    assert_true(qemu_chr_fe_backend_open(&t.be));

    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"login:\n", 7),
                     7);
    slave_expect(fd, "login:\n");
    assert_int_equal(write(fd, "root\r", 5), 5);
    WAIT_UNTIL(t.rx->len == 5);
    assert_true(test_fe_has(&t, "root\r"));

    /* The reader goes away: CLOSED; a new reader: OPENED again. */
    close(fd);
    WAIT_UNTIL(t.nevents == 2);
    assert_int_equal(t.events[1], CHR_EVENT_CLOSED);
    fd = open_slave(chr);
    WAIT_UNTIL(t.nevents == 3);
    assert_int_equal(t.events[2], CHR_EVENT_OPENED);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"again", 5), 5);
    slave_expect(fd, "again");
    close(fd);
    test_fe_detach(&t);
}

/* Output while nobody has the slave open is dropped, as in QEMU. */
static void test_pty_unopened(void **state)
{
    g_autofree char *out = NULL;
    Chardev *chr = new_pty("p", &out);
    struct pollfd pfd;
    TestFE t;
    int fd;

    test_fe_attach(&t, chr);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"lost", 4), 4);
    /* Nothing to wait for either. */
    assert_int_equal(qemu_chr_fe_add_watch(&t.be, G_IO_OUT, NULL, NULL), 0);
    fd = open_slave(chr);
    /* A write notices the reader at once, without waiting for the poll. */
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"seen", 4), 4);
    slave_expect(fd, "seen");
    WAIT_UNTIL(t.nevents == 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    pfd = (struct pollfd){.fd = fd, .events = POLLIN};
    assert_int_equal(poll(&pfd, 1, 0), 0);
    close(fd);
    test_fe_detach(&t);
}

/* A slave reader that does not read: the pty pushes back, loses nothing. */
static void test_pty_backpressure(void **state)
{
    g_autofree char *out = NULL;
    Chardev *chr = new_pty("p", &out);
    uint8_t chunk[4096];
    size_t total = 0, got = 0;
    TestFE t;
    int fd, n;

    for (size_t i = 0; i < sizeof(chunk); i++) {
        chunk[i] = 'a' + i % 26;
    }
    test_fe_attach(&t, chr);
    fd = open_slave(chr);
    WAIT_UNTIL(t.nevents == 1);
    do {
        n = qemu_chr_fe_write(&t.be, chunk, sizeof(chunk));
        assert_true(n >= 0);
        total += n;
    } while (n == (int)sizeof(chunk));
    assert_true(qemu_chr_fe_add_watch(&t.be, G_IO_OUT, NULL, NULL) > 0);
    while (got < total) {
        uint8_t buf[4096];
        ssize_t r;

        WAIT_UNTIL((r = read(fd, buf, sizeof(buf))) > 0);
        for (ssize_t i = 0; i < r; i++) {
            assert_int_equal(buf[i], 'a' + (got + i) % sizeof(chunk) % 26);
        }
        got += r;
    }
    assert_int_equal(got, total);
    close(fd);
    test_fe_detach(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        char_unit_test(test_pty_announce),
        char_unit_test(test_pty_io),
        char_unit_test(test_pty_unopened),
        char_unit_test(test_pty_backpressure),
    };

    int m, sl;

    /* No pseudo-terminals here (a bare container): skip. */
    if (openpty(&m, &sl, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "no pseudo-terminals: %s\n", strerror(errno));
        return 77;
    }
    close(m);
    close(sl);
    char_test_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
