/*
 * The PC's debug and diagnostic ports: isa-debug-exit (the exit status
 * formula through the main loop's exit request), isa-debugcon (output
 * and readback), the POST port 0x80 sink, and pvpanic (the events
 * bitmap, the report on stderr, the handler hook).  Values and texts are
 * QEMU 7.2's, checked against qemu-system-x86_64.
 */
#include "char-dev-test.h"
#include "devices/misc.h"
#include "devices/pvpanic.h"

/* ---- isa-debug-exit ---- */

static int exit_status(void)
{
    int status = -1;

    assert_true(main_loop_should_exit(&status));
    return status;
}

/* A write of v asks for exit status (v << 1) | 1 (low 8 bits). */
static void test_debug_exit_status(void **state)
{
    static const struct {
        uint8_t v;
        int status;
    } cases[] = {{0, 1},       {1, 3},    {0x10, 0x21},
                 {0x7f, 0xff}, {0x80, 1}, {0xff, 0xff}};
    int status;

    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, NULL);
    assert_false(main_loop_should_exit(&status));
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        outb(0x501, cases[i].v);
        assert_int_equal(exit_status(), cases[i].status);
        assert_false(main_loop_should_exit(&status));
    }
    /* The second port of the pair does the same; reads give 0. */
    outb(0x502, 0x20);
    assert_int_equal(exit_status(), 0x41);
    assert_int_equal(inb(0x501), 0);
    assert_false(main_loop_should_exit(&status));
}

/* Word and dword writes: the status comes from the low byte. */
static void test_debug_exit_wide_writes(void **state)
{
    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, NULL);
    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, "iobase", "0x504", "iosize", "4",
            NULL);
    outw(0x501, 0x0102);
    assert_int_equal(exit_status(), 0x05);
    outl(0x504, 0x12345621);
    assert_int_equal(exit_status(), 0x43);
}

/* The first request wins (the guest may write again before the loop). */
static void test_debug_exit_first_wins(void **state)
{
    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, NULL);
    outb(0x501, 2);
    outb(0x501, 3);
    assert_int_equal(exit_status(), 5);
}

static void test_debug_exit_properties(void **state)
{
    Error *err = NULL;
    int status;

    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, "iobase", "0xf4", "iosize", "4",
            NULL);
    outb(0xf7, 0x11);
    assert_int_equal(exit_status(), 0x23);
    outb(0xf8, 0x11);
    assert_false(main_loop_should_exit(&status));
    outb(0x501, 0x11);
    assert_false(main_loop_should_exit(&status));

    /* iosize=0 is accepted and decodes nothing, as in QEMU. */
    dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, "iobase", "0x700", "iosize",
            "0", NULL);
    outb(0x700, 0x11);
    assert_false(main_loop_should_exit(&status));

    assert_null(dev_try_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, &err, "iobase",
                            "0xffff", "iosize", "2", NULL));
    assert_error(err, "iobase 0xffff and iosize 2 go beyond the I/O space "
                      "(0 to 0xffff)");
}

/* ---- isa-debugcon ---- */

static void test_debugcon_output(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=dbg");
    g_autofree char *got = NULL;
    const char *msg = "SeaBIOS (version 1.16)\n";

    dev_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, "chardev", "dbg", NULL);
    for (const char *p = msg; *p; p++) {
        outb(0xe9, *p);
    }
    got = ringbuf_take(chr);
    assert_string_equal(got, msg);
    /* Bochs' detection: the port reads back 0xe9. */
    assert_int_equal(inb(0xe9), 0xe9);
}

/* QEMU's firmware log port, to a file, with another readback value. */
static void test_debugcon_file_and_props(void **state)
{
    g_autofree char *path = test_path("firmware.log");
    g_autofree char *got = NULL;

    chr_new("file,id=fw,path=%s", path);
    dev_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, "chardev", "fw", "iobase", "0x402",
            "readback", "0x42", NULL);
    outb(0x402, 'o');
    outb(0x402, 'k');
    assert_int_equal(inb(0x402), 0x42);
    assert_int_equal(inb(0xe9), 0xff);
    assert_true(g_file_get_contents(path, &got, NULL, NULL));
    assert_string_equal(got, "ok");
}

/* A word write sends its low byte (the port is one byte wide). */
static void test_debugcon_wide_write(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=dbg");
    g_autofree char *got = NULL;

    dev_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, "chardev", "dbg", NULL);
    outw(0xe9, 0x4241);
    got = ringbuf_take(chr);
    assert_string_equal(got, "A");
}

static void test_debugcon_errors(void **state)
{
    Error *err = NULL;

    assert_null(dev_try_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, &err, NULL));
    assert_error(err, "Can't create debugcon device, empty char device");
    assert_null(dev_try_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, &err, "chardev",
                            "missing", NULL));
    assert_error(err,
                 "Property 'isa-debugcon.chardev' can't find value 'missing'");
    /* Nothing was left on the port. */
    assert_int_equal(inb(0xe9), 0xff);
}

/* ---- Port 0x80 ---- */

static void test_port80(void **state)
{
    MemoryRegion mr;
    uint8_t v = 0;

    /* Nothing there yet: an unassigned port. */
    assert_int_not_equal(
        address_space_write(&address_space_io, 0x80, ATTRS, &v, 1), MEMTX_OK);

    ioport80_init(&mr, NULL, get_system_io());
    for (int code = 0; code < 256; code++) {
        v = code;
        assert_int_equal(
            address_space_write(&address_space_io, 0x80, ATTRS, &v, 1),
            MEMTX_OK);
    }
    v = 0;
    assert_int_equal(address_space_read(&address_space_io, 0x80, ATTRS, &v, 1),
                     MEMTX_OK);
    assert_int_equal(v, 0xff);
    /* One port only. */
    assert_int_not_equal(
        address_space_write(&address_space_io, 0x81, ATTRS, &v, 1), MEMTX_OK);
    memory_region_del_subregion(get_system_io(), &mr);
    memory_region_destroy(&mr);
}

/* ---- pvpanic ---- */

static int handler_events[8];
static int handler_calls;

static void record_event(int event, void *opaque)
{
    if (handler_calls < (int)G_N_ELEMENTS(handler_events)) {
        handler_events[handler_calls] = event;
    }
    handler_calls++;
    *(int *)opaque += 1;
}

/* Reads return the supported events (the events property). */
static void test_pvpanic_read(void **state)
{
    Error *err = NULL;

    dev_add(TYPE_PVPANIC_ISA_DEVICE, NULL, NULL);
    assert_int_equal(inb(0x505), PVPANIC_PANICKED | PVPANIC_CRASH_LOADED);
    assert_int_equal(inb(0x506), 0xff);
    /* One per machine (QEMU: both would publish the same fw_cfg file). */
    assert_null(dev_try_add(TYPE_PVPANIC_ISA_DEVICE, NULL, &err, "ioport",
                            "0x600", NULL));
    assert_error(err, "duplicate fw_cfg file name: etc/pvpanic-port");
}

static void test_pvpanic_properties(void **state)
{
    Error *err = NULL;

    dev_add(TYPE_PVPANIC_ISA_DEVICE, NULL, "ioport", "0x600", "events", "1",
            NULL);
    assert_int_equal(inb(0x600), PVPANIC_PANICKED);
    assert_int_equal(inb(0x505), 0xff);
    assert_null(dev_try_add(TYPE_PVPANIC_ISA_DEVICE, NULL, &err, "ioport",
                            "0x10000", NULL));
    assert_error(err, "Parameter 'ioport' expects uint16_t");
}

/* The handler gets one event; a panic wins over crash-loaded. */
static void test_pvpanic_handler(void **state)
{
    int calls = 0;

    dev_add(TYPE_PVPANIC_ISA_DEVICE, NULL, NULL);
    handler_calls = 0;
    pvpanic_set_event_handler(record_event, &calls);
    outb(0x505, PVPANIC_PANICKED);
    outb(0x505, PVPANIC_CRASH_LOADED);
    outb(0x505, PVPANIC_PANICKED | PVPANIC_CRASH_LOADED);
    /* Unknown bits alone do nothing (logged once under guest_errors). */
    outb(0x505, 0x04);
    outb(0x505, 0);
    pvpanic_set_event_handler(NULL, NULL);
    assert_int_equal(calls, 3);
    assert_int_equal(handler_events[0], PVPANIC_PANICKED);
    assert_int_equal(handler_events[1], PVPANIC_CRASH_LOADED);
    assert_int_equal(handler_events[2], PVPANIC_PANICKED);
}

/*
 * Default: a panic is reported on stderr and shuts the VM down (QEMU's
 * default -action panic=shutdown: exit status 0).
 */
static void panic_child(void *opaque)
{
    int status = -1;

    outb(0x505, PVPANIC_PANICKED);
    exit(main_loop_should_exit(&status) ? 100 + status : 99);
}

static void crash_loaded_child(void *opaque)
{
    int status = -1;

    outb(0x505, PVPANIC_CRASH_LOADED);
    exit(main_loop_should_exit(&status) ? 100 + status : 99);
}

static void test_pvpanic_default_report(void **state)
{
    dev_add(TYPE_PVPANIC_ISA_DEVICE, NULL, NULL);
    assert_child_exits(panic_child, NULL, 100,
                       "guest panicked (pvpanic): shutting down");
    /* Crash kernel loaded: reported, the VM goes on. */
    assert_child_exits(crash_loaded_child, NULL, 99,
                       "guest loaded its crash kernel (pvpanic)");
}

/* ---- Classes ---- */

static void test_classes(void **state)
{
    static const char *const misc[] = {
        TYPE_ISA_DEBUG_EXIT_DEVICE,
        TYPE_ISA_DEBUGCON_DEVICE,
        TYPE_PVPANIC_ISA_DEVICE,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(misc); i++) {
        DeviceClass *dc = DEVICE_CLASS(object_class_by_name(misc[i]));

        assert_true(device_class_has_category(dc, DEVICE_CATEGORY_MISC));
        assert_true(dc->user_creatable);
        assert_string_equal(dc->bus_type, TYPE_ISA_BUS);
    }
}

/* Unplugged, the debug devices stop decoding. */
static void test_unplug(void **state)
{
    DeviceState *exit_dev = dev_add(TYPE_ISA_DEBUG_EXIT_DEVICE, NULL, NULL);
    DeviceState *con;
    DeviceState *panic = dev_add(TYPE_PVPANIC_ISA_DEVICE, NULL, NULL);
    Chardev *chr = chr_new("null,id=dbg");
    int status;

    con = dev_add(TYPE_ISA_DEBUGCON_DEVICE, NULL, "chardev", "dbg", NULL);
    object_unparent(OBJECT(exit_dev));
    object_unparent(OBJECT(con));
    object_unparent(OBJECT(panic));
    outb(0x501, 1);
    assert_false(main_loop_should_exit(&status));
    assert_int_equal(inb(0xe9), 0xff);
    assert_int_equal(inb(0x505), 0xff);
    assert_null(chr->be);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        dev_test(test_debug_exit_status),
        dev_test(test_debug_exit_wide_writes),
        dev_test(test_debug_exit_first_wins),
        dev_test(test_debug_exit_properties),
        dev_test(test_debugcon_output),
        dev_test(test_debugcon_file_and_props),
        dev_test(test_debugcon_wide_write),
        dev_test(test_debugcon_errors),
        dev_test(test_port80),
        dev_test(test_pvpanic_read),
        dev_test(test_pvpanic_properties),
        dev_test(test_pvpanic_handler),
        dev_test(test_pvpanic_default_report),
        dev_test(test_classes),
        dev_test(test_unplug),
    };

    /* TEST_FILTER=test_name (cmocka's pattern) runs a subset. */
    if (getenv("TEST_FILTER")) {
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
