/*
 * The mux backend: several front ends on one chardev, focus, and QEMU's
 * Ctrl-a escapes.  The chardev under the mux is a ringbuf: what the mux
 * writes is read back from the ring, and "typing" is input handed to the
 * ringbuf's front end (the mux) the way any backend hands it over.
 */
#include "char-test.h"

static const char help_text[] =
    "\n\r"
    "C-a h    print this help\n\r"
    "C-a x    exit emulator\n\r"
    "C-a s    save disk data back to file (if -snapshot)\n\r"
    "C-a t    toggle console timestamps\n\r"
    "C-a b    send break (magic sysrq)\n\r"
    "C-a c    switch between console and monitor\n\r"
    "C-a C-a  sends C-a\n\r";

/* Type s on the chardev below mux id, respecting its can_read. */
static void type(const char *id, const char *s, size_t n)
{
    g_autofree char *base_id = g_strdup_printf("%s-base", id);
    Chardev *base = qemu_chr_find(base_id);

    assert_non_null(base);
    for (size_t i = 0; i < n; i++) {
        assert_true(qemu_chr_be_can_write(base) > 0);
        qemu_chr_be_write(base, (const uint8_t *)s + i, 1);
    }
}

#define TYPE_STR(id, s) type((id), (s), sizeof(s) - 1)

/* What the mux has written so far. */
static char *output(const char *id)
{
    g_autofree char *base_id = g_strdup_printf("%s-base", id);
    Chardev *base = qemu_chr_find(base_id);
    size_t len;

    return (char *)ringbuf_read(base, 1 << 20, &len);
}

/* serial attaches first, the monitor second (and takes the focus). */
static Chardev *setup(TestFE *serial, TestFE *mon)
{
    Chardev *mux = chr_new("ringbuf,id=m,mux=on");

    assert_true(CHARDEV_IS_MUX(mux));
    assert_ptr_equal(qemu_chr_find("m"), mux);
    test_fe_attach(serial, mux);
    test_fe_attach(mon, mux);
    return mux;
}

static void teardown(TestFE *serial, TestFE *mon)
{
    test_fe_detach(serial);
    test_fe_detach(mon);
}

static void test_mux_focus(void **state)
{
    TestFE serial, mon;

    setup(&serial, &mon);
    /* Each took the focus when it attached, and heard OPENED. */
    assert_int_equal(serial.nevents, 3);
    assert_int_equal(serial.events[0], CHR_EVENT_MUX_IN);
    assert_int_equal(serial.events[1], CHR_EVENT_OPENED);
    assert_int_equal(serial.events[2], CHR_EVENT_MUX_OUT);
    assert_int_equal(mon.nevents, 2);
    assert_int_equal(mon.events[0], CHR_EVENT_MUX_IN);
    assert_int_equal(mon.events[1], CHR_EVENT_OPENED);

    TYPE_STR("m", "info");
    assert_true(test_fe_has(&mon, "info"));
    assert_int_equal(serial.rx->len, 0);

    /* C-a c: the focus moves on, with MUX_OUT/MUX_IN. */
    TYPE_STR("m", "\001c");
    assert_int_equal(test_fe_last_event(&mon), CHR_EVENT_MUX_OUT);
    assert_int_equal(test_fe_last_event(&serial), CHR_EVENT_MUX_IN);
    TYPE_STR("m", "ls");
    assert_true(test_fe_has(&serial, "ls"));
    assert_true(test_fe_has(&mon, "info"));
    /* And back. */
    TYPE_STR("m", "\001cq");
    assert_int_equal(test_fe_last_event(&mon), CHR_EVENT_MUX_IN);
    assert_true(test_fe_has(&mon, "infoq"));
    teardown(&serial, &mon);
}

static void test_mux_output_shared(void **state)
{
    TestFE serial, mon;
    g_autofree char *out = NULL;

    setup(&serial, &mon);
    /* Focused or not, every front end's output goes out. */
    qemu_chr_fe_write_all(&serial.be, (const uint8_t *)"boot ", 5);
    qemu_chr_fe_write_all(&mon.be, (const uint8_t *)"(qemu) ", 7);
    out = output("m");
    assert_string_equal(out, "boot (qemu) ");
    teardown(&serial, &mon);
}

static void test_mux_help(void **state)
{
    TestFE serial, mon;
    g_autofree char *out = NULL;

    setup(&serial, &mon);
    TYPE_STR("m", "\001h");
    out = output("m");
    assert_string_equal(out, help_text);
    /* The escape is no input. */
    assert_int_equal(mon.rx->len, 0);
    assert_int_equal(serial.rx->len, 0);
    teardown(&serial, &mon);
}

static int quit_calls;

static void quit_handler(void *opaque)
{
    quit_calls++;
    assert_ptr_equal(opaque, &quit_calls);
}

static void test_mux_exit(void **state)
{
    TestFE serial, mon;
    g_autofree char *out = NULL;

    setup(&serial, &mon);
    quit_calls = 0;
    qemu_chr_set_mux_quit_handler(quit_handler, &quit_calls);
    TYPE_STR("m", "\001x");
    qemu_chr_set_mux_quit_handler(NULL, NULL);
    assert_int_equal(quit_calls, 1);
    out = output("m");
    assert_string_equal(out, "QEMU: Terminated\n\r");
    teardown(&serial, &mon);
}

static void exit_without_handler(void *opaque)
{
    TestFE serial, mon;

    setup(&serial, &mon);
    TYPE_STR("m", "\001x");
    /* Not reached: C-a x exits. */
    _exit(7);
}

static void test_mux_exit_default(void **state)
{
    /* Without a handler, C-a x ends the process with status 0. */
    assert_child_exits(exit_without_handler, NULL, 0, "");
}

static void test_mux_escape_escape(void **state)
{
    TestFE serial, mon;

    setup(&serial, &mon);
    TYPE_STR("m", "a\001\001b");
    assert_int_equal(mon.rx->len, 3);
    assert_memory_equal(mon.rx->data, "a\001b", 3);
    /* An unknown command is dropped with its escape. */
    TYPE_STR("m", "\001zc");
    assert_int_equal(mon.rx->len, 4);
    assert_memory_equal(mon.rx->data, "a\001bc", 4);
    teardown(&serial, &mon);
}

static void test_mux_break(void **state)
{
    TestFE serial, mon;
    g_autofree char *out = NULL;

    setup(&serial, &mon);
    TYPE_STR("m", "\001c\001b");
    /* C-a b: a break for the focused front end only. */
    assert_int_equal(test_fe_count(&serial, CHR_EVENT_BREAK), 1);
    assert_int_equal(test_fe_count(&mon, CHR_EVENT_BREAK), 0);
    /* C-a s and C-a t are accepted, print nothing, deliver nothing. */
    TYPE_STR("m", "\001s\001t\001t");
    out = output("m");
    assert_string_equal(out, "");
    assert_int_equal(serial.rx->len, 0);
    teardown(&serial, &mon);
}

/* The focused front end is full: input waits in the mux, escapes work. */
static void test_mux_buffering(void **state)
{
    TestFE serial, mon;
    g_autofree char *out = NULL;

    setup(&serial, &mon);
    mon.room = 0;
    TYPE_STR("m", "xyz\001h");
    assert_int_equal(mon.rx->len, 0);
    out = output("m");
    assert_string_equal(out, help_text);
    mon.room = 2;
    qemu_chr_fe_accept_input(&mon.be);
    assert_true(test_fe_has(&mon, "xy"));
    mon.room = -1;
    qemu_chr_fe_accept_input(&mon.be);
    assert_true(test_fe_has(&mon, "xyz"));
    /* New input comes after what was kept. */
    TYPE_STR("m", "!");
    assert_true(test_fe_has(&mon, "xyz!"));
    teardown(&serial, &mon);
}

static void test_mux_limit(void **state)
{
    TestFE fe[MAX_MUX];
    CharBackend extra = {0};
    Chardev *mux = chr_new("null,id=m,mux=on");
    Error *err = NULL;

    for (int i = 0; i < MAX_MUX; i++) {
        test_fe_attach(&fe[i], mux);
    }
    assert_false(qemu_chr_fe_init(&extra, mux, &err));
    assert_string_equal(error_get_pretty(err), "Device 'm' is in use");
    error_free(err);
    /* A slot that frees up can be taken again. */
    test_fe_detach(&fe[1]);
    assert_true(qemu_chr_fe_init(&extra, mux, &error_abort));
    qemu_chr_fe_deinit(&extra, false);
    for (int i = 0; i < MAX_MUX; i++) {
        if (i != 1) {
            test_fe_detach(&fe[i]);
        }
    }
}

static void test_mux_direct(void **state)
{
    Chardev *base = chr_new("ringbuf,id=b");
    Chardev *mux = chr_new("mux,id=mx,chardev=b");
    TestFE t;

    assert_true(CHARDEV_IS_MUX(mux));
    test_fe_attach(&t, mux);
    qemu_chr_fe_write_all(&t.be, (const uint8_t *)"hi", 2);
    assert_int_equal(ringbuf_count(base), 2);
    test_fe_detach(&t);
    chr_expect_error("mux,id=my,chardev=nope",
                     "mux: base chardev nope not found");
    chr_expect_error("mux,id=my", "chardev: mux: no chardev given");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        char_unit_test(test_mux_focus),
        char_unit_test(test_mux_output_shared),
        char_unit_test(test_mux_help),
        char_unit_test(test_mux_exit),
        char_unit_test(test_mux_exit_default),
        char_unit_test(test_mux_escape_escape),
        char_unit_test(test_mux_break),
        char_unit_test(test_mux_buffering),
        char_unit_test(test_mux_limit),
        char_unit_test(test_mux_direct),
    };

    char_test_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
