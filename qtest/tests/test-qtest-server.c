/*
 * The qtest protocol engine, driven in process: every command with its
 * exact response bytes, on the "none" machine with RAM and on "pc" (port
 * commands against isa-serial's registers), and malformed requests.
 */
#include "pc-test.h"

#include "emu-chr-test.h"

#include <string.h>

#include "machine/irq.h"
#include "machine/qdev-core.h"
#include "qtest/qtest.h"
#include "util/main-loop.h"
#include "util/timer.h"

/* ---- A device with GPIO lines, for the IRQ commands ---- */

#define TYPE_QT_GPIO "qtest-test-gpio"

typedef struct QtGpio {
    DeviceState parent_obj;
    qemu_irq out[3];
    qemu_irq named_out;
    int in_level[2];
    int in_calls;
} QtGpio;

#define QT_GPIO(obj) OBJECT_CHECK(QtGpio, (obj), TYPE_QT_GPIO)

static void qt_gpio_in(void *opaque, int n, int level)
{
    QtGpio *g = QT_GPIO(opaque);

    g->in_level[n] = level;
    g->in_calls++;
}

static void qt_gpio_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    QtGpio *g = QT_GPIO(obj);

    qdev_init_gpio_in(dev, qt_gpio_in, 2);
    qdev_init_gpio_out(dev, g->out, 3);
    qdev_init_gpio_out_named(dev, &g->named_out, "alarm", 1);
}

static const TypeInfo qt_gpio_info = {
    .name = TYPE_QT_GPIO,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(QtGpio),
    .instance_init = qt_gpio_init,
};

static void qt_gpio_register(void)
{
    type_register_static(&qt_gpio_info);
}

type_init(qt_gpio_register)

/* ---- Driving the server ---- */

static GString *sent;
static int sends;

/* Whole lines only; one call per qtest_server_feed() at most. */
static void test_send(void *opaque, const char *buf, size_t len)
{
    g_assert(len > 0 && buf[len - 1] == '\n');
    g_string_append_len(sent, buf, len);
    sends++;
}

static QTestServer *server_new(void)
{
    if (!sent) {
        sent = g_string_new(NULL);
    }
    g_string_truncate(sent, 0);
    sends = 0;
    return qtest_server_new(test_send, NULL);
}

/* Feed req (any bytes) and check everything sent back is want. */
static void exchange_len(QTestServer *s, const char *req, size_t len,
                         const char *want)
{
    g_string_truncate(sent, 0);
    sends = 0;
    qtest_server_feed(s, req, len);
    assert_string_equal(sent->str, want);
    assert_true(sends <= 1);
}

static void exchange(QTestServer *s, const char *req, const char *want)
{
    exchange_len(s, req, strlen(req), want);
}

static MachineState *build_none(void)
{
    PCTestArgs a = {.machine = "none", .ram_size = 16 * MiB};

    return pc_test_build(&a);
}

static QtGpio *add_gpio(MachineState *ms)
{
    DeviceState *dev = qdev_new(TYPE_QT_GPIO);

    object_property_add_child(OBJECT(ms), "gpio", OBJECT(dev));
    g_assert(qdev_realize_and_unref(dev, NULL, &error_abort));
    return QT_GPIO(dev);
}

/* ---- Memory ---- */

static void test_mem_sized(void **state)
{
    QTestServer *s;

    build_none();
    s = server_new();
    exchange(s, "writeb 0x1000 0x12\n", "OK\n");
    exchange(s, "readb 0x1000\n", "OK 0x0000000000000012\n");
    exchange(s, "writew 0x1000 0xabcd\n", "OK\n");
    exchange(s, "readb 0x1000\n", "OK 0x00000000000000cd\n");
    exchange(s, "readw 0x1000\n", "OK 0x000000000000abcd\n");
    exchange(s, "writel 0x1000 0x11223344\n", "OK\n");
    exchange(s, "readl 0x1000\n", "OK 0x0000000011223344\n");
    exchange(s, "read 0x1000 4\n", "OK 0x44332211\n");
    exchange(s, "writeq 0x2000 0x0102030405060708\n", "OK\n");
    exchange(s, "readq 0x2000\n", "OK 0x0102030405060708\n");
    exchange(s, "readl 0x2004\n", "OK 0x0000000001020304\n");
    /* Values wider than the access are truncated; decimal and octal. */
    exchange(s, "writeb 4096 0x1ff\n", "OK\n");
    exchange(s, "readb 010000\n", "OK 0x00000000000000ff\n");
    /* Unassigned memory reads as ones. */
    exchange(s, "readq 0x40000000\n", "OK 0xffffffffffffffff\n");
    exchange(s, "writel 0x40000000 1\n", "OK\n");
    qtest_server_free(s);
}

static void test_mem_bulk(void **state)
{
    QTestServer *s;

    build_none();
    s = server_new();
    exchange(s, "write 0x3000 4 0xdeadbeef\n", "OK\n");
    exchange(s, "read 0x3000 4\n", "OK 0xdeadbeef\n");
    /* Short data is zero-filled. */
    exchange(s, "write 0x3000 4 0xAB\n", "OK\n");
    exchange(s, "read 0x3000 5\n", "OK 0xab00000000\n");
    exchange(s, "write 0x3000 2 0x\n", "ERR invalid argument size\n");
    exchange(s, "write 0x3000 0 0x1234\n", "OK\n");
    exchange(s, "b64read 0x3000 3\n", "OK qwAA\n");
    exchange(s, "b64write 0x3000 3 AQID\n", "OK\n");
    exchange(s, "read 0x3000 3\n", "OK 0x010203\n");
    exchange(s, "b64write 0x3000 3 AQ\n", "ERR invalid argument size\n");
    /* More data than SIZE: only SIZE bytes are written. */
    exchange(s, "b64write 0x3010 1 AQID\n", "OK\n");
    exchange(s, "read 0x3010 3\n", "OK 0x010000\n");
    exchange(s, "b64read 0x3000 0\n", "OK \n");
    exchange(s, "memset 0x3000 3 0x5a\n", "OK\n");
    exchange(s, "memset 0x3000 0 0x11\n", "OK\n");
    exchange(s, "read 0x3000 4\n", "OK 0x5a5a5a00\n");
    qtest_server_free(s);
}

/* ---- Ports, on pc with an isa-serial ---- */

static void test_ports(void **state)
{
    QTestServer *s;
    Error *err = NULL;

    pc_test_build_ram(128 * MiB);
    g_assert(qdev_device_add_from_props("isa-serial", "com1",
                                        (const char *const[]){NULL}, &err));
    object_unref(object_resolve_path("/machine/peripheral/com1", NULL));
    s = server_new();
    /* Scratch register. */
    exchange(s, "outb 0x3ff 0xa5\n", "OK\n");
    exchange(s, "inb 0x3ff\n", "OK 0x00a5\n");
    /* LSR: transmitter idle. */
    exchange(s, "inb 0x3fd\n", "OK 0x0060\n");
    /* Divisor latch through a word access with DLAB set. */
    exchange(s, "outb 0x3fb 0x80\n", "OK\n");
    exchange(s, "outw 0x3f8 0x0c01\n", "OK\n");
    exchange(s, "inb 0x3f8\n", "OK 0x0001\n");
    exchange(s, "inb 0x3f9\n", "OK 0x000c\n");
    exchange(s, "inw 0x3f8\n", "OK 0x0c01\n");
    /* A long write reaches the four byte registers: LCR gets 0x00. */
    exchange(s, "outl 0x3f8 0x00000203\n", "OK\n");
    exchange(s, "inb 0x3fb\n", "OK 0x0000\n");
    exchange(s, "outb 0x3fb 0x80\n", "OK\n");
    exchange(s, "inw 0x3f8\n", "OK 0x0203\n");
    exchange(s, "outb 0x3fb 0x03\n", "OK\n");
    /* Nothing there: ones. */
    exchange(s, "inb 0x3000\n", "OK 0x00ff\n");
    exchange(s, "inl 0x3000\n", "OK 0xffffffff\n");
    exchange(s, "outb 0x10000 1\n", "ERR invalid port address\n");
    exchange(s, "inb 0x10000\n", "ERR invalid port address\n");
    exchange(s, "outq 0x80 1\n", "FAIL Unknown command 'outq'\n");
    exchange(s, "inq 0x80\n", "FAIL Unknown command 'inq'\n");
    qtest_server_free(s);
}

/* ---- Other commands ---- */

static void test_misc(void **state)
{
    QTestServer *s;

    build_none();
    s = server_new();
    exchange(s, "endianness\n", "OK little\n");
    exchange(s, "module_load block curl\n", "FAIL\n");
    exchange(s, "module_load block\n", "ERR missing argument\n");
    exchange(s, "frobnicate 1 2\n", "FAIL Unknown command 'frobnicate'\n");
    exchange(s, "readx 0\n", "FAIL Unknown command 'readx'\n");
    /* Outside the qtest accelerator, as QEMU. */
    exchange(s, "clock_step\n", "FAIL Unknown command 'clock_step'\n");
    exchange(s, "clock_set 10\n", "FAIL Unknown command 'clock_set'\n");
    /* Several lines at once, and a line split across feeds. */
    exchange(s, "endianness\nreadb 0x1000\n",
             "OK little\nOK 0x0000000000000000\n");
    exchange(s, "endian", "");
    exchange(s, "ness\n", "OK little\n");
    qtest_server_free(s);
}

static int timer_runs;

static void test_timer_cb(void *opaque)
{
    timer_runs++;
}

static void test_clock(void **state)
{
    QTestServer *s;
    QEMUTimer *t;
    int64_t base;
    char *want;

    build_none();
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s = server_new();
    exchange(s, "clock_step\n",
             "FAIL cannot advance clock to the next deadline because there "
             "is no pending deadline\n");
    want = g_strdup_printf("OK %" PRId64 "\n", base + 100);
    exchange(s, "clock_step 100\n", want);
    g_free(want);
    t = timer_new_ns(QEMU_CLOCK_VIRTUAL, test_timer_cb, NULL);
    timer_mod(t, base + 1000);
    timer_runs = 0;
    want = g_strdup_printf("OK %" PRId64 "\n", base + 1000);
    exchange(s, "clock_step\n", want);
    g_free(want);
    assert_int_equal(timer_runs, 1);
    want = g_strdup_printf("clock_set %" PRId64 "\n", base + 5000);
    g_string_truncate(sent, 0);
    qtest_server_feed(s, want, strlen(want));
    g_free(want);
    want = g_strdup_printf("OK %" PRId64 "\n", base + 5000);
    assert_string_equal(sent->str, want);
    g_free(want);
    /* Backwards: the clock stays. */
    want = g_strdup_printf("FAIL %" PRId64 "\n", base + 5000);
    exchange(s, "clock_set 0\n", want);
    g_free(want);
    exchange(s, "clock_set\n", "ERR missing argument\n");
    exchange(s, "clock_set x\n", "ERR invalid number\n");
    exchange(s, "clock_step -1\n", "ERR invalid number\n");
    timer_free(t);
    qtest_server_free(s);
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_HOST);
}

/* ---- IRQs ---- */

static int sink_level[4];

static void sink_handler(void *opaque, int n, int level)
{
    sink_level[n] = level;
}

static void test_irq_in(void **state)
{
    MachineState *ms = build_none();
    QtGpio *g = add_gpio(ms);
    QTestServer *s;
    DeviceState *other = qdev_new(TYPE_QT_GPIO);

    object_property_add_child(OBJECT(ms), "other", OBJECT(other));
    g_assert(qdev_realize_and_unref(other, NULL, &error_abort));
    s = server_new();
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 1 1\n", "OK\n");
    assert_int_equal(g->in_level[1], 1);
    exchange(s, "irq_intercept_in /machine/nothing\n", "FAIL Unknown device\n");
    /* Not a device. */
    exchange(s, "irq_intercept_in /machine/unattached\n",
             "FAIL Unknown device\n");
    exchange(s, "irq_intercept_in /machine/gpio\n", "OK\n");
    exchange(s, "irq_intercept_in /machine/gpio\n", "OK\n");
    exchange(s, "irq_intercept_out /machine/other\n",
             "FAIL IRQ intercept already enabled\n");
    /* Reported once per change, before the response; still forwarded. */
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 0 1\n",
             "IRQ raise 0\nOK\n");
    assert_int_equal(g->in_level[0], 1);
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 0 1\n", "OK\n");
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 0 0\n",
             "IRQ lower 0\nOK\n");
    /* Levels start low when the server starts, as in QEMU. */
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 1 0\n", "OK\n");
    assert_int_equal(g->in_level[1], 0);
    qemu_set_irq(qdev_get_gpio_in(DEVICE(g), 1), 1);
    assert_string_equal(sent->str, "OK\nIRQ raise 1\n");
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 2 0\n",
             "FAIL Unknown IRQ\n");
    exchange(s, "set_irq_in /machine/gpio nosuch 0 0\n", "FAIL Unknown IRQ\n");
    exchange(s, "set_irq_in /machine/nothing unnamed-gpio-in 0 0\n",
             "FAIL Unknown device\n");
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in x 0\n",
             "ERR invalid number\n");
    exchange(s, "set_irq_in /machine/gpio unnamed-gpio-in 0\n",
             "ERR missing argument\n");
    exchange(s, "irq_intercept_in\n", "ERR missing argument\n");
    qtest_server_free(s);
}

static void test_irq_out(void **state)
{
    MachineState *ms = build_none();
    QtGpio *g = add_gpio(ms);
    qemu_irq *sinks = qemu_allocate_irqs(sink_handler, NULL, 4);
    QTestServer *s;

    qdev_connect_gpio_out(DEVICE(g), 0, sinks[0]);
    qdev_connect_gpio_out_named(DEVICE(g), "alarm", 0, sinks[3]);
    s = server_new();
    exchange(s, "irq_intercept_out /machine/gpio\n", "OK\n");
    g_string_truncate(sent, 0);
    qemu_set_irq(g->out[0], 1);
    qemu_set_irq(g->out[0], 1);
    qemu_set_irq(g->out[2], 1);
    qemu_set_irq(g->out[2], 0);
    /* The named group is not intercepted without its name. */
    qemu_set_irq(g->named_out, 1);
    assert_string_equal(sent->str, "IRQ raise 0\nIRQ raise 2\nIRQ lower 2\n");
    assert_int_equal(sink_level[0], 1);
    assert_int_equal(sink_level[3], 1);
    qtest_server_free(s);
    qemu_free_irqs(sinks, 4);
}

static void test_irq_out_named(void **state)
{
    MachineState *ms = build_none();
    QtGpio *g = add_gpio(ms);
    QTestServer *s = server_new();

    exchange(s, "irq_intercept_out /machine/gpio alarm\n", "OK\n");
    g_string_truncate(sent, 0);
    qemu_set_irq(g->out[0], 1);
    qemu_set_irq(g->named_out, 1);
    assert_string_equal(sent->str, "IRQ raise 0\n");
    qtest_server_free(s);
}

/* ---- Malformed input ---- */

static void test_malformed(void **state)
{
    QTestServer *s;
    char *big, *want;
    size_t n = QTEST_MAX_LINE + 10;

    build_none();
    s = server_new();
    exchange(s, "\n", "ERR empty request\n");
    exchange(s, " \n", "FAIL Unknown command ''\n");
    exchange(s, "readb\n", "ERR missing argument\n");
    exchange(s, "readb 0x10zz\n", "ERR invalid number\n");
    exchange(s, "readb \n", "ERR invalid number\n");
    exchange(s, "readb  0x10\n", "ERR invalid number\n");
    exchange(s, "readb 0x1ffffffffffffffff\n", "ERR invalid number\n");
    exchange(s, "writeb 0x10\n", "ERR missing argument\n");
    exchange(s, "writeq 0x10 junk\n", "ERR invalid number\n");
    exchange(s, "outb 0x80\n", "ERR missing argument\n");
    exchange(s, "inw\n", "ERR missing argument\n");
    exchange(s, "read 0x10\n", "ERR missing argument\n");
    exchange(s, "read 0x10 0\n", "ERR invalid argument size\n");
    exchange(s, "read 0x10 0x40000000\n", "ERR invalid argument size\n");
    exchange(s, "memset 0 0xffffffffffffffff 0\n",
             "ERR invalid argument size\n");
    exchange(s, "memset 0 1 x\n", "ERR invalid number\n");
    exchange(s, "write 0x10 2\n", "ERR missing argument\n");
    exchange(s, "b64write 0x10 2\n", "ERR missing argument\n");
    exchange(s, "b64read 0x10\n", "ERR missing argument\n");
    /* Non-hex digits, as QEMU, count as -1. */
    exchange(s, "write 0x10 1 0xzz\n", "OK\n");
    exchange(s, "readb 0x10\n", "OK 0x00000000000000ff\n");
    /* Garbage base64 decodes to something; no crash. */
    exchange(s, "b64write 0x10 4 !!!!****\n", "OK\n");
    exchange_len(s, "read\0b 0\n", 9, "ERR invalid character in request\n");
    exchange_len(s, "\xff\xfe\x01\n", 4,
                 "FAIL Unknown command '\xff\xfe\x01'\n");
    exchange(s, "endianness\r\n", "FAIL Unknown command 'endianness\r'\n");

    /* A huge line: one ERR at its end, then the next line is served. */
    big = g_malloc(n);
    memset(big, 'a', n);
    exchange_len(s, big, n, "");
    exchange_len(s, big, n, "");
    exchange(s, "bbb\nendianness\n", "ERR request too long\nOK little\n");
    /* The same, the newline in the same feed. */
    big[n - 1] = '\n';
    exchange_len(s, big, n, "ERR request too long\n");
    exchange(s, "endianness\n", "OK little\n");
    /* Exactly the limit is fine. */
    big[QTEST_MAX_LINE] = '\n';
    want =
        g_strdup_printf("FAIL Unknown command '%.*s'\n", QTEST_MAX_LINE, big);
    exchange_len(s, big, QTEST_MAX_LINE + 1, want);
    g_free(want);
    g_free(big);
    qtest_server_free(s);
}

/* ---- The log ---- */

static void test_log(void **state)
{
    QTestServer *s;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    char **lines;

    build_none();
    s = server_new();
    qtest_server_set_log(s, fp);
    exchange(s, "endianness\nreadb 0x0\n",
             "OK little\nOK 0x0000000000000000\n");
    qtest_server_set_log(s, NULL);
    exchange(s, "endianness\n", "OK little\n");
    fclose(fp);
    lines = g_strsplit(buf, "\n", 0);
    assert_int_equal(g_strv_length(lines), 5);
    g_assert(g_regex_match_simple("^\\[R \\+[0-9]+\\.[0-9]{6}\\] endianness$",
                                  lines[0], 0, 0));
    g_assert(g_regex_match_simple("^\\[S \\+[0-9]+\\.[0-9]{6}\\] OK little$",
                                  lines[1], 0, 0));
    g_assert(g_regex_match_simple("^\\[R \\+[0-9]+\\.[0-9]{6}\\] readb 0x0$",
                                  lines[2], 0, 0));
    g_assert(g_regex_match_simple(
        "^\\[S \\+[0-9]+\\.[0-9]{6}\\] OK 0x0000000000000000$", lines[3], 0,
        0));
    assert_string_equal(lines[4], "");
    g_strfreev(lines);
    free(buf);
    qtest_server_free(s);
}

/* ---- -qtest CHARDEV ---- */

static void test_chr(void **state)
{
    static const char req[] = "endianness\nreadb 0\n";
    Error *err = NULL;
    Chardev *chr;
    size_t len;
    char *out;
    int status;

    build_none();
    g_assert(!qtest_chr_init("chardev:nosuch", "none", &err));
    assert_error(err, "Failed to initialize device for qtest: "
                      "\"chardev:nosuch\"");
    chr = chr_new("ringbuf,id=qt");
    g_assert(qtest_chr_init("chardev:qt", "none", &error_abort));
    qemu_chr_be_write(chr, (const uint8_t *)req, strlen(req));
    out = (char *)ringbuf_read(chr, 1 << 20, &len);
    assert_string_equal(out, "OK little\nOK 0x0000000000000000\n");
    g_free(out);
    /* The peer leaving requests an exit with status 0. */
    g_assert(!main_loop_should_exit(&status));
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    g_assert(main_loop_should_exit(&status));
    assert_int_equal(status, 0);
    qtest_chr_cleanup();
    qemu_chr_cleanup();
}

/* ---- The accelerator ---- */

static void check_qtest_accel(MachineState *ms)
{
    QTestServer *s;
    int64_t base;
    char *want;

    assert_string_equal(object_get_typename(OBJECT(current_accel())),
                        "qtest-accel");
    g_assert(qtest_enabled());
    assert_int_equal(qemu_clock_get_virtual_mode(), QEMU_VIRTUAL_CLOCK_MANUAL);
    g_assert(machine_run_board_init(ms, &error_abort));
    assert_int_equal(cpu_list_length(), 1);
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s = server_new();
    want = g_strdup_printf("OK %" PRId64 "\n", base + 10);
    exchange(s, "clock_step 10\n", want);
    g_free(want);
    qtest_server_free(s);
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_HOST);
}

static void test_accel_option(void **state)
{
    MachineClass *mc = select_machine("pc", &error_abort);
    MachineState *ms = machine_create(mc, &error_abort);
    AccelOptions accel = {.name = "qtest"};

    g_assert(!qtest_enabled());
    g_assert(configure_accelerators(ms, &accel, 1, "emu", &error_abort));
    check_qtest_accel(ms);
}

static void test_accel_machine_prop(void **state)
{
    MachineClass *mc = select_machine("pc", &error_abort);
    MachineState *ms = machine_create(mc, &error_abort);

    g_assert(object_property_parse(OBJECT(ms), "accel", "qtest", &error_abort));
    g_assert(configure_accelerators(ms, NULL, 0, "emu", &error_abort));
    check_qtest_accel(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_mem_sized),
        pc_test(test_mem_bulk),
        pc_test(test_ports),
        pc_test(test_misc),
        pc_test(test_clock),
        pc_test(test_irq_in),
        pc_test(test_irq_out),
        pc_test(test_irq_out_named),
        pc_test(test_malformed),
        pc_test(test_log),
        pc_test(test_chr),
        pc_test(test_accel_option),
        pc_test(test_accel_machine_prop),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
