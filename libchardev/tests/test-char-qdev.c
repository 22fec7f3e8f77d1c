/*
 * The qdev side: a device's DEFINE_PROP_CHR property finds the chardev
 * through libchardev's resolver, with QEMU 7.2's errors, and the seed
 * command line's chardev + device options end at the right QOM paths.
 */
#include "char-test.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"

#define TYPE_TEST_CHR_DEV "test-chr-dev"

typedef struct TestChrDev {
    DeviceState parent_obj;
    QdevBackendRef chr_ref;
    CharBackend be;
} TestChrDev;

#define TEST_CHR_DEV(obj) OBJECT_CHECK(TestChrDev, (obj), TYPE_TEST_CHR_DEV)

static Property test_chr_dev_props[] = {
    DEFINE_PROP_CHR("chardev", TestChrDev, chr_ref),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_chr_dev_realize(DeviceState *dev, Error **errp)
{
    TestChrDev *s = TEST_CHR_DEV(dev);

    qemu_chr_fe_init(&s->be, s->chr_ref.backend, errp);
}

static void test_chr_dev_unrealize(DeviceState *dev)
{
    qemu_chr_fe_deinit(&TEST_CHR_DEV(dev)->be, false);
}

static void test_chr_dev_finalize(Object *obj)
{
    qemu_chr_fe_deinit(&TEST_CHR_DEV(obj)->be, false);
}

static void test_chr_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = test_chr_dev_realize;
    dc->unrealize = test_chr_dev_unrealize;
    device_class_set_props(dc, test_chr_dev_props);
}

static const TypeInfo test_chr_dev_types[] = {
    {
        .name = TYPE_TEST_CHR_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestChrDev),
        .instance_finalize = test_chr_dev_finalize,
        .class_init = test_chr_dev_class_init,
    },
};

DEFINE_TYPES(test_chr_dev_types)

static int machine_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    return 0;
}

static int machine_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    return char_test_teardown(state);
}

#define qdev_chr_test(f)                                                       \
    cmocka_unit_test_setup_teardown(f, machine_setup, machine_teardown)

static DeviceState *add_device(const char *id, const char *chardev,
                               Error **errp)
{
    const char *props[] = {"chardev", chardev, NULL};

    return qdev_device_add_from_props(TYPE_TEST_CHR_DEV, id, props, errp);
}

/* The seed's -chardev/-device pairs, end to end. */
static void test_seed_paths(void **state)
{
    char *dir = make_tmpdir();
    g_autofree char *log = g_build_filename(dir, "console.log", NULL);
    g_autofree char *mon = g_build_filename(dir, "monitor.sock", NULL);
    g_autofree char *got = NULL;
    g_autofree char *out = NULL;
    DeviceState *serial0, *serial1;
    TestChrDev *s;
    FdCapture cap;

    chr_new("socket,id=charmonitor,path=%s,server,nowait", mon);
    chr_new("file,id=charserial0,path=%s", log);
    fd_capture_begin(&cap, STDOUT_FILENO);
    chr_new("pty,id=charserial1");
    out = fd_capture_end(&cap);
    assert_true(g_str_has_prefix(out, "char device redirected to /dev/pts/"));
    assert_true(g_str_has_suffix(out, " (label charserial1)\n"));

    serial0 = add_device("serial0", "charserial0", &error_abort);
    serial1 = add_device("serial1", "charserial1", &error_abort);
    assert_ptr_equal(object_resolve_path("/machine/peripheral/serial0", NULL),
                     serial0);
    assert_ptr_equal(object_resolve_path("/machine/peripheral/serial1", NULL),
                     serial1);
    assert_string_equal(
        object_get_typename(object_resolve_path("/chardevs/charserial0", NULL)),
        "chardev-file");
    assert_string_equal(
        object_get_typename(object_resolve_path("/chardevs/charmonitor", NULL)),
        "chardev-socket");
    assert_true(
        g_str_has_suffix(qemu_chr_find("charmonitor")->filename, ",server=on"));

    /* The device writes through the chardev it named. */
    s = TEST_CHR_DEV(serial0);
    assert_ptr_equal(s->chr_ref.backend, qemu_chr_find("charserial0"));
    assert_ptr_equal(qemu_chr_fe_get_driver(&s->be),
                     qemu_chr_find("charserial0"));
    qemu_chr_fe_write_all(&s->be, (const uint8_t *)"Hello\n", 6);
    got = read_file_str(log);
    assert_string_equal(got, "Hello\n");
    object_unref(serial0);
    object_unref(serial1);
    object_unparent(qdev_get_machine());
    qemu_chr_cleanup();
    rm_tmpdir(dir);
}

static void test_unknown_chardev(void **state)
{
    Error *err = NULL;

    assert_null(add_device("serial0", "nope", &err));
    assert_string_equal(error_get_pretty(err),
                        "Property 'test-chr-dev.chardev' can't find value "
                        "'nope'");
    error_free(err);
    assert_null(object_resolve_path("/machine/peripheral/serial0", NULL));
}

static void test_chardev_in_use(void **state)
{
    DeviceState *a;
    Error *err = NULL;
    CharBackend mon = {0};

    chr_new("null,id=c0");
    a = add_device("a", "c0", &error_abort);
    assert_null(add_device("b", "c0", &err));
    assert_string_equal(error_get_pretty(err),
                        "Property 'test-chr-dev.chardev' can't take value "
                        "'c0': Device 'c0' is in use");
    error_free(err);
    err = NULL;

    /* A chardev a monitor already uses is taken as well. */
    assert_true(qemu_chr_fe_init(&mon, chr_new("null,id=c1"), &error_abort));
    assert_null(add_device("b", "c1", &err));
    assert_string_equal(error_get_pretty(err),
                        "Property 'test-chr-dev.chardev' can't take value "
                        "'c1': Device 'c1' is in use");
    error_free(err);
    qemu_chr_fe_deinit(&mon, false);

    /* Once a is gone, c0 is free again. */
    object_unparent(OBJECT(a));
    object_unref(a);
    a = add_device("b", "c0", &error_abort);
    object_unref(a);
}

static void test_mux_shared(void **state)
{
    DeviceState *a, *b;
    TestFE monitor;
    Chardev *mux = chr_new("ringbuf,id=m,mux=on");

    /* -serial mon:stdio: the serial port and the monitor share one. */
    test_fe_attach(&monitor, mux);
    a = add_device("serial0", "m", &error_abort);
    b = add_device("debugcon", "m", &error_abort);
    qemu_chr_fe_write_all(&TEST_CHR_DEV(a)->be, (const uint8_t *)"a", 1);
    qemu_chr_fe_write_all(&TEST_CHR_DEV(b)->be, (const uint8_t *)"b", 1);
    assert_int_equal(ringbuf_count(qemu_chr_find("m-base")), 2);
    object_unref(a);
    object_unref(b);
    test_fe_detach(&monitor);
}

/* The device's reference keeps the chardev past qemu_chr_cleanup(). */
static void test_lifetime(void **state)
{
    DeviceState *dev;
    Chardev *chr;

    chr_new("ringbuf,id=r");
    dev = add_device("serial0", "r", &error_abort);
    chr = qemu_chr_find("r");
    qemu_chr_cleanup();
    assert_null(qemu_chr_find("r"));
    /* Still usable by the device until it goes. */
    qemu_chr_fe_write_all(&TEST_CHR_DEV(dev)->be, (const uint8_t *)"x", 1);
    assert_int_equal(ringbuf_count(chr), 1);
    object_unref(dev);
    object_unparent(qdev_get_machine());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        qdev_chr_test(test_seed_paths),     qdev_chr_test(test_unknown_chardev),
        qdev_chr_test(test_chardev_in_use), qdev_chr_test(test_mux_shared),
        qdev_chr_test(test_lifetime),
    };

    char_test_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
