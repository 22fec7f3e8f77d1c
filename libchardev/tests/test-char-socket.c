/*
 * The socket backend with real sockets: unix paths in a temporary
 * directory and TCP on the loopback (ephemeral ports).  The test plays
 * the peer with plain sockets while the chardev runs on the default
 * main context.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "char-test.h"
#include "util/main-loop.h"

static const uint8_t telnet_offer[12] = {
    0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03, 0xff, 0xfb, 0x00, 0xff, 0xfd, 0x00,
};

/* ---- The peer ---- */

static int peer_unix(const char *path)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    if (connect(fd, (struct sockaddr *)&su, sizeof(su)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int peer_tcp(int port)
{
    struct sockaddr_in sin = {.sin_family = AF_INET};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    return fd;
}

/* A listening TCP socket on the loopback; its port in *port. */
static int listen_tcp(int *port, bool do_listen)
{
    struct sockaddr_in sin = {.sin_family = AF_INET};
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    if (do_listen) {
        assert_int_equal(listen(fd, 4), 0);
    }
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    *port = ntohs(sin.sin_port);
    return fd;
}

static int listen_unix(const char *path)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

    assert_true(fd >= 0);
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    assert_int_equal(bind(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    assert_int_equal(listen(fd, 4), 0);
    return fd;
}

/* Read exactly n bytes from the peer, running the chardev meanwhile. */
static GByteArray *peer_read(int fd, size_t n)
{
    GByteArray *got = g_byte_array_new();
    uint8_t buf[4096];

    WAIT_UNTIL(({
        ssize_t r = recv(fd, buf, MIN(sizeof(buf), n - got->len), MSG_DONTWAIT);

        if (r > 0) {
            g_byte_array_append(got, buf, r);
        }
        got->len >= n;
    }));
    return got;
}

static void peer_expect(int fd, const void *want, size_t n)
{
    GByteArray *got = peer_read(fd, n);

    assert_memory_equal(got->data, want, n);
    g_byte_array_free(got, true);
}

static void peer_send(int fd, const void *buf, size_t n)
{
    assert_int_equal(send(fd, buf, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* The peer sees the connection closed (EOF). */
static void peer_expect_eof(int fd)
{
    WAIT_UNTIL(({
        char c;
        ssize_t r = recv(fd, &c, 1, MSG_DONTWAIT);

        assert_false(r > 0);
        r == 0;
    }));
}

/* The port of a listening chardev, from its "info chardev" name. */
static int chr_port(Chardev *chr)
{
    const char *colon = strrchr(chr->filename, ':');

    assert_non_null(colon);
    return atoi(colon + 1);
}

/* ---- Servers ---- */

static void check_data_both_ways(TestFE *t, int peer)
{
    size_t before = t->rx->len;

    assert_int_equal(qemu_chr_fe_write(&t->be, (const uint8_t *)"hello", 5), 5);
    peer_expect(peer, "hello", 5);
    peer_send(peer, "world", 5);
    WAIT_UNTIL(t->rx->len == before + 5);
    assert_memory_equal(t->rx->data + before, "world", 5);
}

static void test_unix_server_nowait(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "mon.sock", NULL);
    g_autofree char *name = NULL;
    Chardev *chr;
    TestFE t;
    int peer;

    chr = chr_new("socket,id=charmonitor,path=%s,server=on,wait=off", path);
    name = g_strdup_printf("disconnected:unix:%s,server=on", path);
    assert_string_equal(chr->filename, name);
    test_fe_attach(&t, chr);
    drain_context();
    assert_int_equal(t.nevents, 0);
    assert_false(qemu_chr_fe_backend_open(&t.be));
    /* Not connected: a write fails (EIO), there is nothing to wait on. */
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"x", 1), -1);
    assert_int_equal(errno, EIO);
    assert_int_equal(qemu_chr_fe_add_watch(&t.be, G_IO_OUT, NULL, NULL), 0);

    peer = peer_unix(path);
    assert_true(peer >= 0);
    WAIT_UNTIL(t.nevents == 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    assert_true(qemu_chr_fe_backend_open(&t.be));
    g_free(name);
    name = g_strdup_printf("unix:%s,server=on", path);
    assert_string_equal(chr->filename, name);
    check_data_both_ways(&t, peer);
    close(peer);
    test_fe_detach(&t);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

static void test_tcp_server(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    g_autofree char *prefix = NULL;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    TestFE t;
    int port, peer;

    /* Port 0: the name shows the port actually bound. */
    assert_true(g_str_has_prefix(chr->filename, "disconnected:tcp:127.0.0.1:"));
    assert_true(g_str_has_suffix(chr->filename, ",server=on"));
    port = atoi(chr->filename + strlen("disconnected:tcp:127.0.0.1:"));
    assert_true(port > 0);
    test_fe_attach(&t, chr);
    peer = peer_tcp(port);
    WAIT_UNTIL(test_fe_count(&t, CHR_EVENT_OPENED) == 1);
    assert_int_equal(getsockname(peer, (struct sockaddr *)&sin, &len), 0);
    prefix = g_strdup_printf("tcp:127.0.0.1:%d,server=on <-> 127.0.0.1:%d",
                             port, ntohs(sin.sin_port));
    assert_string_equal(chr->filename, prefix);
    check_data_both_ways(&t, peer);
    close(peer);
    test_fe_detach(&t);
}

/* A client leaves: CLOSED, listening again; the next client works. */
static void test_server_client_comes_back(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "s", NULL);
    Chardev *chr = chr_new("socket,id=s,path=%s,server=on,wait=off", path);
    TestFE t;
    int peer;

    test_fe_attach(&t, chr);
    for (int round = 0; round < 3; round++) {
        peer = peer_unix(path);
        assert_true(peer >= 0);
        WAIT_UNTIL(t.nevents == 2 * round + 1);
        assert_int_equal(test_fe_last_event(&t), CHR_EVENT_OPENED);
        check_data_both_ways(&t, peer);
        close(peer);
        WAIT_UNTIL(t.nevents == 2 * round + 2);
        assert_int_equal(test_fe_last_event(&t), CHR_EVENT_CLOSED);
        assert_true(g_str_has_prefix(chr->filename, "disconnected:unix:"));
        assert_false(qemu_chr_fe_backend_open(&t.be));
    }
    test_fe_detach(&t);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

/* One client at a time: the second waits until the first leaves. */
static void test_server_one_client(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    int port = chr_port(chr);
    TestFE t;
    int c1, c2;

    test_fe_attach(&t, chr);
    c1 = peer_tcp(port);
    WAIT_UNTIL(t.nevents == 1);
    /* The kernel completes the second connection; emu does not take it. */
    c2 = peer_tcp(port);
    peer_send(c2, "second", 6);
    peer_send(c1, "first", 5);
    WAIT_UNTIL(t.rx->len == 5);
    drain_context();
    assert_true(test_fe_has(&t, "first"));
    close(c1);
    WAIT_UNTIL(t.nevents == 3);
    assert_int_equal(t.events[1], CHR_EVENT_CLOSED);
    assert_int_equal(t.events[2], CHR_EVENT_OPENED);
    WAIT_UNTIL(t.rx->len == 11);
    assert_true(test_fe_has(&t, "firstsecond"));
    close(c2);
    test_fe_detach(&t);
}

/* fe_disconnect drops the client; the server listens again. */
static void test_server_fe_disconnect(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    int port = chr_port(chr);
    TestFE t;
    int c1, c2;

    test_fe_attach(&t, chr);
    c1 = peer_tcp(port);
    WAIT_UNTIL(t.nevents == 1);
    assert_int_equal(qemu_chr_fe_disconnect(&t.be), 0);
    assert_int_equal(test_fe_last_event(&t), CHR_EVENT_CLOSED);
    peer_expect_eof(c1);
    c2 = peer_tcp(port);
    WAIT_UNTIL(t.nevents == 3);
    check_data_both_ways(&t, c2);
    close(c1);
    close(c2);
    test_fe_detach(&t);
}

typedef struct ConnectLater {
    char *path;
    int fd;
} ConnectLater;

static void *connect_later_thread(void *opaque)
{
    ConnectLater *c = opaque;

    /* Until emu listens (it does before it blocks), up to 20 s. */
    for (int i = 0; i < 20000 && c->fd < 0; i++) {
        c->fd = peer_unix(c->path);
        if (c->fd < 0) {
            g_usleep(1000);
        }
    }
    return NULL;
}

/* wait=on: creation blocks until a client comes, with QEMU's message. */
static void test_server_wait(void **state)
{
    char *dir = make_tmpdir();
    ConnectLater c = {.path = g_build_filename(dir, "w", NULL), .fd = -1};
    g_autofree char *want = NULL;
    g_autofree char *err = NULL;
    pthread_t th;
    FdCapture cap;
    Chardev *chr;
    TestFE t;

    assert_int_equal(pthread_create(&th, NULL, connect_later_thread, &c), 0);
    fd_capture_begin(&cap, STDERR_FILENO);
    chr = chr_new("socket,id=s,path=%s,server=on", c.path);
    err = fd_capture_end(&cap);
    pthread_join(th, NULL);
    assert_true(c.fd >= 0);
    want = g_strdup_printf("info: QEMU waiting for connection on: "
                           "disconnected:unix:%s,server=on\n",
                           c.path);
    assert_true(g_str_has_suffix(err, want));
    /* Connected before any front end: it hears OPENED on attaching. */
    assert_true(chr->be_open);
    test_fe_attach(&t, chr);
    assert_int_equal(t.nevents, 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    check_data_both_ways(&t, c.fd);
    close(c.fd);
    test_fe_detach(&t);
    qemu_chr_cleanup();
    g_free(c.path);
    rm_tmpdir(dir);
}

static void test_server_stale_path(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "s", NULL);
    int peer;

    /* A socket file left behind by an earlier run is replaced. */
    assert_true(g_file_set_contents(path, "", 0, NULL));
    chr_new("socket,id=s,path=%s,server=on,wait=off", path);
    peer = peer_unix(path);
    assert_true(peer >= 0);
    close(peer);
    qemu_chr_cleanup();
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    rm_tmpdir(dir);
}

static void test_server_errors(void **state)
{
    int port;
    int busy = listen_tcp(&port, true);
    g_autofree char *opts = g_strdup_printf(
        "socket,id=s,host=127.0.0.1,port=%d,server=on,wait=off", port);

    chr_expect_error(opts,
                     "Failed to find an available port: Address already in "
                     "use");
    chr_expect_error("socket,id=s,path=/nonexistent-dir/s,server=on,wait=off",
                     "Failed to bind socket to /nonexistent-dir/s: No such "
                     "file or directory");
    chr_expect_error("socket,id=s,host=nosuchhost.invalid,port=5,server=on,"
                     "wait=off",
                     "address resolution failed for nosuchhost.invalid:5: "
                     "Name or service not known");
    close(busy);
}

static void test_parse_errors(void **state)
{
    chr_expect_error("socket,id=s", "Unable to parse FD number ");
    chr_expect_error("socket,id=s,host=127.0.0.1",
                     "chardev: socket: no port given");
    chr_expect_error("socket,id=s,path=/tmp/x,host=1",
                     "None or one of 'path', 'fd' or 'host' option "
                     "required.");
    chr_expect_error("socket,id=s,path=/tmp/x,reconnect=1,server=on",
                     "'reconnect' option is incompatible with socket in "
                     "server listen mode");
    chr_expect_error("socket,id=s,path=/tmp/x,wait=off",
                     "'wait' option is incompatible with socket in client "
                     "connect mode");
    chr_expect_error("socket,id=s,path=/tmp/x,delay=on,nodelay=on",
                     "'delay' and 'nodelay' are mutually exclusive");
    chr_expect_error("socket,id=s,path=/tmp/x,tls-creds=t",
                     "chardev: socket: 'tls-creds' is not supported by emu");
    assert_null(qemu_chr_find("s"));
}

/* ---- Clients ---- */

static void test_tcp_client(void **state)
{
    int port;
    int lfd = listen_tcp(&port, true);
    Chardev *chr =
        chr_new("socket,id=c,host=127.0.0.1,port=%d,nodelay=on", port);
    g_autofree char *suffix = g_strdup_printf(" <-> 127.0.0.1:%d", port);
    TestFE t;
    int peer = accept(lfd, NULL, NULL);

    assert_true(peer >= 0);
    /* Connected at creation, so open before the device attaches. */
    assert_true(chr->be_open);
    assert_true(g_str_has_prefix(chr->filename, "tcp:127.0.0.1:"));
    assert_true(g_str_has_suffix(chr->filename, suffix));
    test_fe_attach(&t, chr);
    assert_int_equal(t.nevents, 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    check_data_both_ways(&t, peer);
    /* The server goes away: CLOSED, and writes fail from then on. */
    close(peer);
    WAIT_UNTIL(t.nevents == 2);
    assert_int_equal(t.events[1], CHR_EVENT_CLOSED);
    assert_true(g_str_has_prefix(chr->filename, "disconnected:tcp:"));
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"x", 1), -1);
    test_fe_detach(&t);
    close(lfd);
}

static void test_client_errors(void **state)
{
    int port;
    int bound = listen_tcp(&port, false);
    g_autofree char *opts =
        g_strdup_printf("socket,id=c,host=127.0.0.1,port=%d", port);
    g_autofree char *want =
        g_strdup_printf("Failed to connect to '127.0.0.1:%d': Connection "
                        "refused",
                        port);

    /* Bound but not listening: refused. */
    chr_expect_error(opts, want);
    close(bound);
    chr_expect_error("socket,id=c,path=/nonexistent-dir/s",
                     "Failed to connect to '/nonexistent-dir/s': No such "
                     "file or directory");
    assert_null(qemu_chr_find("c"));
}

/* reconnect=1: tries in the background, reports once, connects later. */
static void test_client_reconnect(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "r", NULL);
    g_autofree char *err = NULL;
    g_autofree char *want = NULL;
    FdCapture cap;
    Chardev *chr;
    TestFE t;
    int lfd, peer = -1;

    fd_capture_begin(&cap, STDERR_FILENO);
    chr = chr_new("socket,id=c,path=%s,reconnect=1", path);
    test_fe_attach(&t, chr);
    assert_true(qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_RECONNECTABLE));
    /* Let it retry (every second) a few times: still one message. */
    {
        gint64 until = g_get_monotonic_time() + 2500 * 1000;

        WAIT_UNTIL(g_get_monotonic_time() > until);
    }
    err = fd_capture_end(&cap);
    want = g_strdup_printf("Unable to connect character device c: Failed to "
                           "connect to '%s': No such file or directory\n",
                           path);
    assert_true(g_str_has_suffix(err, want));
    assert_null(strstr(strstr(err, "Unable") + 1, "Unable"));
    assert_int_equal(t.nevents, 0);

    lfd = listen_unix(path);
    for (int round = 0; round < 2; round++) {
        WAIT_UNTIL((peer = accept(lfd, NULL, NULL)) >= 0);
        WAIT_UNTIL(t.nevents == 2 * round + 1);
        assert_int_equal(test_fe_last_event(&t), CHR_EVENT_OPENED);
        check_data_both_ways(&t, peer);
        /* The server drops us: CLOSED, then we come back by ourselves. */
        close(peer);
        WAIT_UNTIL(t.nevents == 2 * round + 2);
        assert_int_equal(test_fe_last_event(&t), CHR_EVENT_CLOSED);
    }
    test_fe_detach(&t);
    close(lfd);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

/* ---- telnet ---- */

static void test_telnet(void **state)
{
    Chardev *chr = chr_new("socket,id=t,host=127.0.0.1,port=0,server=on,"
                           "wait=off,telnet=on");
    /* Commands of every shape, an escaped 0xff, a subnegotiation. */
    static const uint8_t in1[] = {
        'a', 0xff, 0xfd, 0x18, /* IAC DO TERMINAL-TYPE */
        'b', 0xff, 0xff,       /* IAC IAC: a data 0xff */
        'c', 0xff, 0xfa, 0x18, 0x00, 'x', 'y', 0xff, 0xf0, /* IAC SB..SE */
        'd', 0xff, 0xf1,                                   /* IAC NOP */
        'e', 0xff, /* IAC, split across packets */
    };
    static const uint8_t in2[] = {0xfb, 0x01, 'f'};
    static const uint8_t want[] = {'a', 'b', 0xff, 'c', 'd', 'e', 'f'};
    static const uint8_t brk[] = {'g', 0xff, 0xf3, 'h'};
    TestFE t;
    int peer;

    assert_true(g_str_has_prefix(chr->filename, "disconnected:telnet:"));
    test_fe_attach(&t, chr);
    peer = peer_tcp(chr_port(chr));
    /* The negotiation comes first, then the front end hears OPENED. */
    peer_expect(peer, telnet_offer, sizeof(telnet_offer));
    WAIT_UNTIL(t.nevents == 1);
    assert_true(g_str_has_prefix(chr->filename, "telnet:127.0.0.1:"));
    peer_send(peer, in1, sizeof(in1));
    WAIT_UNTIL(t.rx->len == 6);
    drain_context();
    peer_send(peer, in2, sizeof(in2));
    WAIT_UNTIL(t.rx->len == sizeof(want));
    assert_memory_equal(t.rx->data, want, sizeof(want));

    /* IAC BRK: a break, in its place between g and h. */
    g_byte_array_set_size(t.rx, 0);
    t.room = 1;
    peer_send(peer, brk, sizeof(brk));
    WAIT_UNTIL(t.rx->len == 1);
    drain_context();
    assert_int_equal(test_fe_count(&t, CHR_EVENT_BREAK), 0);
    t.room = -1;
    qemu_chr_fe_accept_input(&t.be);
    WAIT_UNTIL(t.rx->len == 2);
    assert_int_equal(test_fe_count(&t, CHR_EVENT_BREAK), 1);
    assert_memory_equal(t.rx->data, "gh", 2);
    close(peer);
    test_fe_detach(&t);
}

static void test_telnet_client(void **state)
{
    int port;
    int lfd = listen_tcp(&port, true);
    Chardev *chr =
        chr_new("socket,id=t,host=127.0.0.1,port=%d,telnet=on", port);
    TestFE t;
    int peer = accept(lfd, NULL, NULL);

    /* A telnet client offers the same. */
    peer_expect(peer, telnet_offer, sizeof(telnet_offer));
    test_fe_attach(&t, chr);
    assert_int_equal(test_fe_count(&t, CHR_EVENT_OPENED), 1);
    check_data_both_ways(&t, peer);
    close(peer);
    close(lfd);
    test_fe_detach(&t);
}

/* ---- Flow control ---- */

static bool watch_fired;

static gboolean watch_cb(void *do_not_use, GIOCondition cond, void *opaque)
{
    watch_fired = true;
    return G_SOURCE_REMOVE;
}

/* A peer that does not read: writes take less, then nothing; nothing lost. */
static void test_write_backpressure(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    g_autofree uint8_t *pattern = g_malloc(65536);
    GByteArray *got;
    size_t total = 0;
    TestFE t;
    int peer, n;

    for (int i = 0; i < 65536; i++) {
        pattern[i] = i * 7 + (i >> 8);
    }
    test_fe_attach(&t, chr);
    peer = peer_tcp(chr_port(chr));
    WAIT_UNTIL(t.nevents == 1);
    /* Fill the send and receive buffers. */
    for (;;) {
        n = qemu_chr_fe_write(&t.be, pattern + total % 65536,
                              65536 - total % 65536);
        assert_true(n >= 0);
        if (n == 0) {
            break;
        }
        total += n;
    }
    assert_true(total > 0);
    watch_fired = false;
    assert_true(qemu_chr_fe_add_watch(&t.be, G_IO_OUT, watch_cb, NULL) > 0);
    drain_context();
    assert_false(watch_fired);
    /* The peer reads everything: every byte taken arrives, in order. */
    got = peer_read(peer, total);
    for (size_t i = 0; i < total; i++) {
        if (got->data[i] != pattern[i % 65536]) {
            fail_msg("byte %zu differs", i);
        }
    }
    g_byte_array_free(got, true);
    WAIT_UNTIL(watch_fired);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"z", 1), 1);
    peer_expect(peer, "z", 1);
    close(peer);
    test_fe_detach(&t);
}

/* A device that is full gets nothing; it gets it all when it has room. */
static void test_read_backpressure(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    g_autofree uint8_t *data = g_malloc(100000);
    TestFE t;
    int peer;

    for (int i = 0; i < 100000; i++) {
        data[i] = i % 251;
    }
    test_fe_attach(&t, chr);
    peer = peer_tcp(chr_port(chr));
    WAIT_UNTIL(t.nevents == 1);
    t.room = 0;
    peer_send(peer, data, 100000);
    drain_context();
    assert_int_equal(t.rx->len, 0);
    /* A 16-byte FIFO's worth at a time, as a UART would. */
    while (t.rx->len < 100000) {
        t.room = 16;
        qemu_chr_fe_accept_input(&t.be);
        WAIT_UNTIL(t.room == 0 || t.rx->len == 100000);
    }
    assert_memory_equal(t.rx->data, data, 100000);
    close(peer);
    test_fe_detach(&t);
}

/* The same flow driven by emu's main loop instead of raw glib. */
static void test_main_loop(void **state)
{
    Chardev *chr =
        chr_new("socket,id=s,host=127.0.0.1,port=0,server=on,wait=off");
    gint64 deadline = g_get_monotonic_time() + WAIT_TIMEOUT_MS * 1000LL;
    char buf[8];
    TestFE t;
    int peer;

    test_fe_attach(&t, chr);
    peer = peer_tcp(chr_port(chr));
    while (t.nevents < 1 && g_get_monotonic_time() < deadline) {
        main_loop_wait(false);
    }
    assert_int_equal(t.nevents, 1);
    peer_send(peer, "ping", 4);
    while (t.rx->len < 4 && g_get_monotonic_time() < deadline) {
        main_loop_wait(false);
    }
    assert_true(test_fe_has(&t, "ping"));
    /* The device writes from "a vCPU", under the big lock. */
    qemu_mutex_lock_iothread();
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"pong", 4), 4);
    qemu_mutex_unlock_iothread();
    assert_int_equal(recv(peer, buf, 4, MSG_WAITALL), 4);
    assert_memory_equal(buf, "pong", 4);
    close(peer);
    while (t.nevents < 2 && g_get_monotonic_time() < deadline) {
        main_loop_wait(false);
    }
    assert_int_equal(test_fe_last_event(&t), CHR_EVENT_CLOSED);
    test_fe_detach(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        char_unit_test(test_unix_server_nowait),
        char_unit_test(test_tcp_server),
        char_unit_test(test_server_client_comes_back),
        char_unit_test(test_server_one_client),
        char_unit_test(test_server_fe_disconnect),
        char_unit_test(test_server_wait),
        char_unit_test(test_server_stale_path),
        char_unit_test(test_server_errors),
        char_unit_test(test_parse_errors),
        char_unit_test(test_tcp_client),
        char_unit_test(test_client_errors),
        char_unit_test(test_client_reconnect),
        char_unit_test(test_telnet),
        char_unit_test(test_telnet_client),
        char_unit_test(test_write_backpressure),
        char_unit_test(test_read_backpressure),
        char_unit_test(test_main_loop),
    };

    char_test_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
