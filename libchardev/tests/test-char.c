/*
 * The chardev core and the simple backends: creation from -chardev and
 * -serial syntax, ids and errors, null, file, pipe, ringbuf, logfile,
 * and the front-end API's rules.
 */
#include "char-test.h"
#include "opts/cmdline.h"

/* ---- Creation ---- */

static void test_opts_create_object(void **state)
{
    Chardev *chr = chr_new("null,id=charserial0");
    Object *obj = object_resolve_path("/chardevs/charserial0", NULL);

    assert_ptr_equal(obj, chr);
    assert_string_equal(object_get_typename(obj), "chardev-null");
    assert_ptr_equal(qemu_chr_find("charserial0"), chr);
    assert_string_equal(chr->label, "charserial0");
    assert_string_equal(chr->filename, "null");
    assert_null(qemu_chr_find("nope"));
}

static void test_no_id(void **state)
{
    chr_expect_error("null", "chardev: no id specified");
}

static void test_missing_backend(void **state)
{
    chr_expect_error("id=x", "chardev: \"x\" missing backend");
}

static void test_unknown_backend(void **state)
{
    chr_expect_error("foo,id=a", "'foo' is not a valid char driver name");
    /* The abstract bases are no backends either. */
    chr_expect_error("fd,id=a", "'fd' is not a valid char driver name");
    chr_expect_error("vc,id=a", "chardev backend 'vc' is not supported by emu");
    assert_null(qemu_chr_find("a"));
}

static void test_duplicate_id(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&qemu_chardev_opts, "null,id=a", true, &error_abort);
    Chardev *first = qemu_chr_new_from_opts(opts, NULL, &error_abort);
    g_autoptr(ChardevBackend) backend = chardev_backend_new("ringbuf");
    Error *err = NULL;

    /* The option layer refuses a second -chardev id=a ... */
    assert_null(qemu_opts_parse(&qemu_chardev_opts, "null,id=a", true, &err));
    assert_string_equal(error_get_pretty(err), "Duplicate ID 'a' for chardev");
    error_free(err);
    err = NULL;
    /* ... and the chardev layer a second chardev a (QMP chardev-add). */
    assert_null(
        qemu_chardev_new("a", TYPE_CHARDEV_RINGBUF, backend, NULL, &err));
    assert_string_equal(error_get_pretty(err),
                        "attempt to add duplicate property 'a' to object "
                        "(type 'container')");
    error_free(err);
    assert_ptr_equal(qemu_chr_find("a"), first);
}

static void test_help(void **state)
{
    FdCapture c;
    g_autofree char *out = NULL;
    Error *err = NULL;

    fd_capture_begin(&c, STDOUT_FILENO);
    assert_null(chr_from_str("help", &err));
    out = fd_capture_end(&c);
    assert_null(err);
    assert_string_equal(out, "Available chardev backend types: \n"
                             "  file\n"
                             "  memory\n"
                             "  mux\n"
                             "  null\n"
                             "  pipe\n"
                             "  pty\n"
                             "  ringbuf\n"
                             "  socket\n"
                             "  stdio\n");
}

static void test_legacy_specs(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *file = g_build_filename(dir, "out.log", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", file);
    g_autofree char *sock = g_build_filename(dir, "s.sock", NULL);
    g_autofree char *uspec =
        g_strdup_printf("unix:%s,server=on,wait=off", sock);
    g_autofree char *uname =
        g_strdup_printf("disconnected:unix:%s,server=on", sock);
    Chardev *chr;

    chr = qemu_chr_new("serial0", "null", NULL);
    assert_string_equal(object_get_typename(OBJECT(chr)), "chardev-null");
    chr = qemu_chr_new("serial1", spec, NULL);
    assert_string_equal(object_get_typename(OBJECT(chr)), "chardev-file");
    assert_ptr_equal(qemu_chr_find("serial1"), chr);
    chr = qemu_chr_new("serial2", uspec, NULL);
    assert_string_equal(object_get_typename(OBJECT(chr)), "chardev-socket");
    assert_string_equal(chr->filename, uname);
    chr = qemu_chr_new("serial3", "tcp:127.0.0.1:0,server=on,wait=off", NULL);
    assert_true(g_str_has_prefix(chr->filename, "disconnected:tcp:127.0.0.1:"));
    chr =
        qemu_chr_new("serial4", "telnet:127.0.0.1:0,server=on,wait=off", NULL);
    assert_true(
        g_str_has_prefix(chr->filename, "disconnected:telnet:127.0.0.1:"));
    /* chardev:ID names an existing one and creates nothing. */
    assert_ptr_equal(qemu_chr_new("serial5", "chardev:serial0", NULL),
                     qemu_chr_find("serial0"));
    assert_null(qemu_chr_find("serial5"));
    assert_null(qemu_chr_new("serial5", "chardev:nope", NULL));

    qemu_chr_cleanup();
    /* The server's socket file goes with it. */
    assert_false(g_file_test(sock, G_FILE_TEST_EXISTS));
    rm_tmpdir(dir);
}

static void test_legacy_invalid(void **state)
{
    FdCapture c;
    g_autofree char *out = NULL;

    fd_capture_begin(&c, STDERR_FILENO);
    assert_null(qemu_chr_new("serial0", "foo:bar", NULL));
    /* mon: is for qemu_chr_new_mux_mon() only. */
    assert_null(qemu_chr_new("serial0", "mon:stdio", NULL));
    out = fd_capture_end(&c);
    assert_non_null(strstr(out, "'foo:bar' is not a valid char driver"));
    assert_non_null(strstr(out, "'mon:stdio' is not a valid char driver"));
    assert_null(qemu_chr_find("serial0"));
}

static int mon_hook_calls;
static Chardev *mon_hook_chr;

static void test_mon_hook(Chardev *mux, void *opaque)
{
    mon_hook_calls++;
    mon_hook_chr = mux;
}

static void test_legacy_mon(void **state)
{
    Chardev *chr;

    mon_hook_calls = 0;
    qemu_chr_set_mon_hook(test_mon_hook, NULL);
    chr = qemu_chr_new_mux_mon("serial0", "mon:null", NULL);
    qemu_chr_set_mon_hook(NULL, NULL);
    assert_non_null(chr);
    assert_string_equal(object_get_typename(OBJECT(chr)), "chardev-mux");
    assert_ptr_equal(qemu_chr_find("serial0"), chr);
    assert_string_equal(
        object_get_typename(OBJECT(qemu_chr_find("serial0-base"))),
        "chardev-null");
    assert_int_equal(mon_hook_calls, 1);
    assert_ptr_equal(mon_hook_chr, chr);
}

static void test_remove_and_cleanup(void **state)
{
    TestFE t;
    Chardev *chr = chr_new("null,id=busy");
    Error *err = NULL;

    chr_new("null,id=idle");
    test_fe_attach(&t, chr);
    assert_false(qemu_chr_remove("busy", &err));
    assert_string_equal(error_get_pretty(err), "Chardev 'busy' is busy");
    error_free(err);
    err = NULL;
    assert_true(qemu_chr_remove("idle", &error_abort));
    assert_null(qemu_chr_find("idle"));
    assert_false(qemu_chr_remove("idle", &err));
    assert_string_equal(error_get_pretty(err), "Chardev 'idle' not found");
    error_free(err);
    test_fe_detach(&t);

    qemu_chr_cleanup();
    assert_null(object_resolve_path("/chardevs/busy", NULL));
    /* A new /chardevs comes back on demand. */
    chr_new("null,id=busy");
}

/* ---- The front end ---- */

static void test_fe_unattached(void **state)
{
    CharBackend be = {0};
    const uint8_t buf[3] = "abc";

    assert_true(qemu_chr_fe_init(&be, NULL, &error_abort));
    assert_false(qemu_chr_fe_backend_connected(&be));
    assert_false(qemu_chr_fe_backend_open(&be));
    /* Nothing attached: the bytes go nowhere, none is left pending. */
    assert_int_equal(qemu_chr_fe_write(&be, buf, 3), 3);
    assert_int_equal(qemu_chr_fe_write_all(&be, buf, 3), 3);
    assert_int_equal(qemu_chr_fe_add_watch(&be, G_IO_OUT, NULL, NULL), 0);
    assert_int_equal(qemu_chr_fe_ioctl(&be, CHR_IOCTL_SERIAL_SET_BREAK, NULL),
                     -ENOTSUP);
    qemu_chr_fe_accept_input(&be);
    qemu_chr_fe_deinit(&be, false);
}

static void test_fe_in_use(void **state)
{
    Chardev *chr = chr_new("null,id=x");
    CharBackend a = {0}, b = {0};
    Error *err = NULL;

    assert_true(qemu_chr_fe_init(&a, chr, &error_abort));
    assert_false(qemu_chr_fe_init(&b, chr, &err));
    assert_string_equal(error_get_pretty(err), "Device 'x' is in use");
    error_free(err);
    /* Once the first lets go, another may attach. */
    qemu_chr_fe_deinit(&a, false);
    assert_true(qemu_chr_fe_init(&b, chr, &error_abort));
    qemu_chr_fe_deinit(&b, true);
    assert_null(qemu_chr_find("x"));
}

/* ---- null ---- */

static void test_null(void **state)
{
    Chardev *chr = chr_new("null,id=n");
    TestFE t;

    test_fe_attach(&t, chr);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"hello", 5), 5);
    drain_context();
    /* QEMU's null backend never opens and never produces input. */
    assert_int_equal(t.nevents, 0);
    assert_false(qemu_chr_fe_backend_open(&t.be));
    assert_int_equal(t.rx->len, 0);
    test_fe_detach(&t);
}

/* ---- file ---- */

static void test_file_write(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "console.log", NULL);
    g_autofree char *got = NULL;
    Chardev *chr;
    TestFE t;

    assert_true(g_file_set_contents(path, "old contents", -1, NULL));
    chr = chr_new("file,id=charserial0,path=%s", path);
    test_fe_attach(&t, chr);
    /* A file is open from the start. */
    assert_int_equal(t.nevents, 1);
    assert_int_equal(t.events[0], CHR_EVENT_OPENED);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"boot\n", 5), 5);
    assert_int_equal(qemu_chr_fe_write_all(&t.be, (const uint8_t *)"ok\n", 3),
                     3);
    /* Without append= the old contents are gone. */
    got = read_file_str(path);
    assert_string_equal(got, "boot\nok\n");
    test_fe_detach(&t);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

static void test_file_append(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "console.log", NULL);
    g_autofree char *got = NULL;
    Chardev *chr;
    TestFE t;

    assert_true(g_file_set_contents(path, "first run\n", -1, NULL));
    chr = chr_new("file,id=f,path=%s,append=on", path);
    test_fe_attach(&t, chr);
    qemu_chr_fe_write_all(&t.be, (const uint8_t *)"second run\n", 11);
    got = read_file_str(path);
    assert_string_equal(got, "first run\nsecond run\n");
    test_fe_detach(&t);
    rm_tmpdir(dir);
}

static void test_file_errors(void **state)
{
    chr_expect_error("file,id=f", "chardev: file: no filename given");
    chr_expect_error("file,id=f,path=/nonexistent-dir/x",
                     "Could not open '/nonexistent-dir/x': No such file or "
                     "directory");
    assert_null(qemu_chr_find("f"));
}

/* The API's input file: read as the front end has room, then CLOSED. */
static void test_file_input_flow(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *in = g_build_filename(dir, "in", NULL);
    g_autoptr(ChardevBackend) backend = chardev_backend_new("file");
    Chardev *chr;
    TestFE t;

    assert_true(g_file_set_contents(in, "0123456789", -1, NULL));
    backend->path = g_strdup(out);
    backend->in_path = g_strdup(in);
    chr =
        qemu_chardev_new("fin", TYPE_CHARDEV_FILE, backend, NULL, &error_abort);
    test_fe_attach(&t, chr);
    /* A full device gets nothing and loses nothing. */
    t.room = 0;
    drain_context();
    assert_int_equal(t.rx->len, 0);
    t.room = 4;
    qemu_chr_fe_accept_input(&t.be);
    WAIT_UNTIL(t.room == 0);
    drain_context();
    assert_true(test_fe_has(&t, "0123"));
    t.room = -1;
    qemu_chr_fe_accept_input(&t.be);
    WAIT_UNTIL(test_fe_count(&t, CHR_EVENT_CLOSED) == 1);
    assert_true(test_fe_has(&t, "0123456789"));
    test_fe_detach(&t);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

/* ---- logfile ---- */

static void test_logfile(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *log = g_build_filename(dir, "serial.log", NULL);
    g_autofree char *got = NULL;
    Chardev *chr;
    TestFE t;

    assert_true(g_file_set_contents(log, "stale\n", -1, NULL));
    chr = chr_new("null,id=n,logfile=%s", log);
    test_fe_attach(&t, chr);
    qemu_chr_fe_write(&t.be, (const uint8_t *)"line 1\n", 7);
    got = read_file_str(log);
    assert_string_equal(got, "line 1\n");
    g_free(got);
    test_fe_detach(&t);
    qemu_chr_cleanup();

    /* logappend=on keeps what is there. */
    chr = chr_new("ringbuf,id=r,logfile=%s,logappend=on", log);
    test_fe_attach(&t, chr);
    qemu_chr_fe_write(&t.be, (const uint8_t *)"line 2\n", 7);
    got = read_file_str(log);
    assert_string_equal(got, "line 1\nline 2\n");
    test_fe_detach(&t);
    qemu_chr_cleanup();

    chr_expect_error("null,id=n,logfile=/nonexistent-dir/l",
                     "Could not create '/nonexistent-dir/l': No such file or "
                     "directory");
    rm_tmpdir(dir);
}

/* ---- pipe ---- */

static void pipe_check_io(Chardev *chr, int fd_to_emu, int fd_from_emu)
{
    TestFE t;
    char buf[16] = {0};

    test_fe_attach(&t, chr);
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"out", 3), 3);
    assert_int_equal(read(fd_from_emu, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "out", 3);
    assert_int_equal(write(fd_to_emu, "in", 2), 2);
    WAIT_UNTIL(t.rx->len == 2);
    assert_true(test_fe_has(&t, "in"));
    test_fe_detach(&t);
}

static void test_pipe_in_out(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *base = g_build_filename(dir, "p", NULL);
    g_autofree char *pin = g_strdup_printf("%s.in", base);
    g_autofree char *pout = g_strdup_printf("%s.out", base);
    Chardev *chr;
    int to_emu, from_emu;

    assert_int_equal(mkfifo(pin, 0600), 0);
    assert_int_equal(mkfifo(pout, 0600), 0);
    chr = chr_new("pipe,id=p,path=%s", base);
    to_emu = open(pin, O_WRONLY);
    from_emu = open(pout, O_RDONLY);
    assert_true(to_emu >= 0 && from_emu >= 0);
    pipe_check_io(chr, to_emu, from_emu);
    close(to_emu);
    close(from_emu);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

static void test_pipe_single(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "p", NULL);
    Chardev *chr;
    TestFE t;
    char buf[16];
    int fd;

    assert_int_equal(mkfifo(path, 0600), 0);
    chr = chr_new("pipe,id=p,path=%s", path);
    /* One fifo both ways: what emu writes it may read back itself. */
    fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    test_fe_attach(&t, chr);
    t.room = 0;
    assert_int_equal(qemu_chr_fe_write(&t.be, (const uint8_t *)"xy", 2), 2);
    assert_int_equal(read(fd, buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "xy", 2);
    test_fe_detach(&t);
    close(fd);
    chr_expect_error("pipe,id=q", "chardev: pipe: no device path given");
    chr_expect_error("pipe,id=q,path=/nonexistent-dir/p",
                     "Could not open '/nonexistent-dir/p': No such file or "
                     "directory");
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

static bool watch_fired;

static gboolean test_watch_cb(void *do_not_use, GIOCondition cond, void *opaque)
{
    watch_fired = true;
    assert_true(cond & G_IO_OUT);
    return G_SOURCE_REMOVE;
}

/* A full pipe takes less; the G_IO_OUT watch says when it has room. */
static void test_pipe_backpressure(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *path = g_build_filename(dir, "p", NULL);
    g_autofree char *pout = g_strdup_printf("%s.out", path);
    g_autofree char *pin = g_strdup_printf("%s.in", path);
    g_autofree uint8_t *chunk = g_malloc0(65536);
    Chardev *chr;
    TestFE t;
    size_t total = 0, drained = 0;
    int fd, n;

    assert_int_equal(mkfifo(pin, 0600), 0);
    assert_int_equal(mkfifo(pout, 0600), 0);
    chr = chr_new("pipe,id=p,path=%s", path);
    fd = open(pout, O_RDONLY | O_NONBLOCK);
    test_fe_attach(&t, chr);
    for (;;) {
        n = qemu_chr_fe_write(&t.be, chunk, 65536);
        assert_true(n >= 0 && n <= 65536);
        total += n;
        if (n < 65536) {
            break;
        }
    }
    /* Full now: nothing more is taken. */
    assert_int_equal(qemu_chr_fe_write(&t.be, chunk, 1), 0);
    watch_fired = false;
    assert_true(qemu_chr_fe_add_watch(&t.be, G_IO_OUT, test_watch_cb, NULL) >
                0);
    drain_context();
    assert_false(watch_fired);
    while (drained < total) {
        n = read(fd, chunk, 65536);
        assert_true(n > 0);
        drained += n;
    }
    WAIT_UNTIL(watch_fired);
    assert_int_equal(qemu_chr_fe_write(&t.be, chunk, 1), 1);
    test_fe_detach(&t);
    close(fd);
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

/* ---- ringbuf ---- */

static void test_ringbuf_wrap(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=r,size=16");
    TestFE t;
    size_t len;
    g_autofree uint8_t *a = NULL;
    g_autofree uint8_t *b = NULL;

    test_fe_attach(&t, chr);
    assert_true(CHARDEV_IS_RINGBUF(chr));
    qemu_chr_fe_write(&t.be, (const uint8_t *)"0123456789", 10);
    assert_int_equal(ringbuf_count(chr), 10);
    a = ringbuf_read(chr, 4, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(a, "0123", 4);
    /* 6 left + 14 = 20 > 16: the oldest 4 are overwritten. */
    qemu_chr_fe_write(&t.be, (const uint8_t *)"abcdefghijklmn", 14);
    assert_int_equal(ringbuf_count(chr), 16);
    b = ringbuf_read(chr, 100, &len);
    assert_int_equal(len, 16);
    assert_memory_equal(b, "89abcdefghijklmn", 16);
    assert_int_equal(ringbuf_count(chr), 0);
    test_fe_detach(&t);
}

static void test_ringbuf_size(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=r");
    g_autofree uint8_t *big = g_malloc0(70000);

    chr_expect_error("ringbuf,id=s,size=1000",
                     "size of ringbuf chardev must be power of two");
    /* The default is 64 KiB. */
    ringbuf_write(chr, big, 70000);
    assert_int_equal(ringbuf_count(chr), 65536);
    chr = chr_new("ringbuf,id=k,size=1K");
    ringbuf_write(chr, big, 2000);
    assert_int_equal(ringbuf_count(chr), 1024);
    /* "memory" is the old name of the same backend. */
    chr = chr_new("memory,id=m,size=4");
    assert_string_equal(object_get_typename(OBJECT(chr)), "chardev-memory");
    assert_true(CHARDEV_IS_RINGBUF(chr));
    ringbuf_write(chr, (const uint8_t *)"abcdef", 6);
    assert_int_equal(ringbuf_count(chr), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        char_unit_test(test_opts_create_object),
        char_unit_test(test_no_id),
        char_unit_test(test_missing_backend),
        char_unit_test(test_unknown_backend),
        char_unit_test(test_duplicate_id),
        char_unit_test(test_help),
        char_unit_test(test_legacy_specs),
        char_unit_test(test_legacy_invalid),
        char_unit_test(test_legacy_mon),
        char_unit_test(test_remove_and_cleanup),
        char_unit_test(test_fe_unattached),
        char_unit_test(test_fe_in_use),
        char_unit_test(test_null),
        char_unit_test(test_file_write),
        char_unit_test(test_file_append),
        char_unit_test(test_file_errors),
        char_unit_test(test_file_input_flow),
        char_unit_test(test_logfile),
        char_unit_test(test_pipe_in_out),
        char_unit_test(test_pipe_single),
        char_unit_test(test_pipe_backpressure),
        char_unit_test(test_ringbuf_wrap),
        char_unit_test(test_ringbuf_size),
    };

    char_test_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
