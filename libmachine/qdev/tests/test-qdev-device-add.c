/*
 * Unit tests for -device (qdev_device_add_from_props): driver checks,
 * bus selection, ids and QOM paths, property errors with QEMU 7.2's
 * texts, and that every failure leaves nothing behind.
 */
#include <string.h>

#include "machine/sysbus.h"
#include "qdev-test.h"

#define TYPE_TPCI_BUS "TPCI"
#define TYPE_TISA_BUS "TISA"
#define TYPE_HOST "test-host"
#define TYPE_NIC "test-nic"
#define TYPE_ABSTRACT_NIC "test-abstract-nic"
#define TYPE_BOARD_ONLY "test-board-only"
#define TYPE_TSYSBUS "test-sysbus-dev"
#define TYPE_NOBUS "test-nobus-dev"
#define TYPE_TISA_DEV "test-isa-dev"

typedef struct HostDev {
    DeviceState parent_obj;
    BusState *pci;
    BusState *isa;
    uint32_t pci_max;
} HostDev;

typedef struct NicDev {
    DeviceState parent_obj;
    uint32_t vectors;
    bool mq;
    uint64_t hostmem;
    int32_t addr;
    MACAddr mac;
    bool fail;
    uint32_t index;
} NicDev;

static Property nic_props[] = {
    DEFINE_PROP_UINT32("vectors", NicDev, vectors, 3),
    DEFINE_PROP_BOOL("mq", NicDev, mq, false),
    DEFINE_PROP_SIZE("max_hostmem", NicDev, hostmem, 256 << 20),
    DEFINE_PROP_PCI_DEVFN("addr", NicDev, addr, -1),
    DEFINE_PROP_MACADDR("mac", NicDev, mac),
    DEFINE_PROP_BOOL("fail", NicDev, fail, false),
    DEFINE_PROP_UINT32("index", NicDev, index, -1),
    DEFINE_PROP_END_OF_LIST(),
};

static void nic_realize(DeviceState *dev, Error **errp)
{
    if (((NicDev *)dev)->fail) {
        error_setg(errp, "nic refused to start");
    }
}

static void nic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TPCI_BUS;
    dc->realize = nic_realize;
    device_class_set_props(dc, nic_props);
}

static void board_only_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->user_creatable = false;
}

static void tsysbus_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->user_creatable = true;
}

static void isa_dev_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_TISA_BUS;
}

static Property host_props[] = {
    DEFINE_PROP_UINT32("pci-max", HostDev, pci_max, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void tpci_bus_class_init(ObjectClass *oc, void *data)
{
    /* Two slots, so the tests can fill a bus. */
    BUS_CLASS(oc)->max_dev = 2;
}

static void host_realize(DeviceState *dev, Error **errp)
{
    HostDev *s = (HostDev *)dev;

    s->pci = qbus_new(TYPE_TPCI_BUS, dev, NULL);
    s->isa = qbus_new(TYPE_TISA_BUS, dev, NULL);
}

static void host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    dc->realize = host_realize;
    dc->user_creatable = false;
    device_class_set_props(dc, host_props);
}

static const TypeInfo add_types[] = {
    {
        .name = TYPE_TPCI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = tpci_bus_class_init,
    },
    {
        .name = TYPE_TISA_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    },
    {
        .name = TYPE_HOST,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(HostDev),
        .class_init = host_class_init,
    },
    {
        .name = TYPE_ABSTRACT_NIC,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(NicDev),
        .abstract = true,
        .class_init = nic_class_init,
    },
    {
        .name = TYPE_NIC,
        .parent = TYPE_ABSTRACT_NIC,
    },
    {
        .name = TYPE_BOARD_ONLY,
        .parent = TYPE_NIC,
        .class_init = board_only_class_init,
    },
    {
        .name = TYPE_TSYSBUS,
        .parent = TYPE_SYS_BUS_DEVICE,
        .class_init = tsysbus_class_init,
    },
    {
        .name = TYPE_NOBUS,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
    },
    {
        .name = TYPE_TISA_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = isa_dev_class_init,
    },
};

DEFINE_TYPES(add_types)

/* The host bridge of each test: /machine/host with buses tpci.N, tisa.N */
static HostDev *host;

static HostDev *add_host(const char *id)
{
    HostDev *h = (HostDev *)qdev_new(TYPE_HOST);

    object_property_add_child(qdev_get_machine(), id, OBJECT(h));
    qdev_realize_and_unref(DEVICE(h), sysbus_get_default(), &error_abort);
    return h;
}

static int add_setup(void **state)
{
    /* Bus numbers count per process; restart them for each test. */
    BUS_CLASS(object_class_by_name(TYPE_TPCI_BUS))->automatic_ids = 0;
    BUS_CLASS(object_class_by_name(TYPE_TISA_BUS))->automatic_ids = 0;
    qdev_test_machine_setup(state);
    host = add_host("host");
    return 0;
}

static int add_teardown(void **state)
{
    host = NULL;
    return qdev_test_machine_teardown(state);
}

#define add_test(f) cmocka_unit_test_setup_teardown(f, add_setup, add_teardown)

/* Assert that -device DRIVER,props fails with text, leaving no trace. */
static void assert_add_fails(const char *driver, const char *id,
                             const char *const *props, const char *text)
{
    int periph = qdev_test_count_children("/machine/peripheral");
    int anon = qdev_test_count_children("/machine/peripheral-anon");
    int unattached = qdev_test_count_children("/machine/unattached");
    int on_pci = host ? host->pci->num_children : 0;
    int on_isa = host ? host->isa->num_children : 0;
    int on_sys = sysbus_get_default()->num_children;
    Error *err = NULL;

    assert_null(qdev_device_add_from_props(driver, id, props, &err));
    assert_error(err, text);
    assert_int_equal(qdev_test_count_children("/machine/peripheral"), periph);
    assert_int_equal(qdev_test_count_children("/machine/peripheral-anon"),
                     anon);
    assert_int_equal(qdev_test_count_children("/machine/unattached"),
                     unattached);
    if (host) {
        assert_int_equal(host->pci->num_children, on_pci);
        assert_int_equal(host->isa->num_children, on_isa);
    }
    assert_int_equal(sysbus_get_default()->num_children, on_sys);
}

static void test_add_with_id(void **state)
{
    static const char *const props[] = {"vectors", "8",   "mq",
                                        "on",      "mac", "fa:16:3e:d1:2d:99",
                                        "addr",    "0x4", NULL};
    DeviceState *dev;
    NicDev *nic;

    dev = qdev_device_add_from_props(TYPE_NIC, "net0", props, &error_abort);
    nic = (NicDev *)dev;
    assert_ptr_equal(object_resolve_path("/machine/peripheral/net0", NULL),
                     dev);
    assert_string_equal(dev->id, "net0");
    assert_true(dev->realized);
    assert_ptr_equal(dev->parent_bus, host->pci);
    assert_string_equal(host->pci->name, "tpci.0");
    assert_int_equal(nic->vectors, 8);
    assert_true(nic->mq);
    assert_int_equal(nic->addr, 4 << 3);
    assert_int_equal(nic->mac.a[5], 0x99);
    /* The caller's reference; the tree keeps its own. */
    object_unref(dev);
    assert_ptr_equal(object_resolve_path("/machine/peripheral/net0", NULL),
                     dev);
}

static void test_add_anonymous(void **state)
{
    DeviceState *a =
        qdev_device_add_from_props(TYPE_NIC, NULL, NULL, &error_abort);
    DeviceState *b =
        qdev_device_add_from_props(TYPE_NOBUS, NULL, NULL, &error_abort);
    const char *na = object_get_canonical_path_component(OBJECT(a));
    const char *nb = object_get_canonical_path_component(OBJECT(b));
    int ia, ib;
    g_autofree char *pa = object_get_canonical_path(OBJECT(a));

    assert_true(g_str_has_prefix(pa, "/machine/peripheral-anon/device["));
    assert_int_equal(sscanf(na, "device[%d]", &ia), 1);
    assert_int_equal(sscanf(nb, "device[%d]", &ib), 1);
    /* Numbered in creation order, never reused. */
    assert_int_equal(ib, ia + 1);
    assert_null(a->id);
    /* A device without bus type sits on no bus. */
    assert_null(b->parent_bus);
    assert_true(b->realized);
    object_unref(a);
    object_unref(b);
}

static void test_add_driver_errors(void **state)
{
    assert_add_fails("foo", NULL, NULL,
                     "'foo' is not a valid device model "
                     "name");
    /* A type that exists but is no device. */
    assert_add_fails(TYPE_CONTAINER, NULL, NULL,
                     "'container' is not a valid device model name");
    assert_add_fails(TYPE_DEVICE, NULL, NULL,
                     "Parameter 'driver' expects a non-abstract device type");
    assert_add_fails(TYPE_ABSTRACT_NIC, NULL, NULL,
                     "Parameter 'driver' expects a non-abstract device type");
    assert_add_fails(TYPE_BOARD_ONLY, NULL, NULL,
                     "Parameter 'driver' expects a pluggable device type");
    assert_add_fails(TYPE_HOST, NULL, NULL,
                     "Parameter 'driver' expects a pluggable device type");
}

static bool allow_tsysbus(const char *typename)
{
    return strcmp(typename, TYPE_TSYSBUS) == 0;
}

static void test_add_dynamic_sysbus(void **state)
{
    DeviceState *dev;

    assert_add_fails(TYPE_TSYSBUS, NULL, NULL,
                     "Parameter 'driver' expects a dynamic sysbus device "
                     "type for the machine");
    qdev_set_dynamic_sysbus_check(allow_tsysbus);
    dev = qdev_device_add_from_props(TYPE_TSYSBUS, "sb", NULL, &error_abort);
    assert_ptr_equal(dev->parent_bus, sysbus_get_default());
    object_unref(dev);
    qdev_set_dynamic_sysbus_check(NULL);
}

static void test_add_bus_errors(void **state)
{
    static const char *const missing[] = {"bus", "tpci.7", NULL};
    static const char *const empty[] = {"bus", "", NULL};
    static const char *const wrong[] = {"bus", "tisa.0", NULL};
    static const char *const sys[] = {"bus", "/", NULL};
    static const char *const nobus[] = {"bus", "tpci.0", NULL};
    static const char *const baddev[] = {"bus", "/host/x", NULL};
    g_autofree char *tpci = g_strdup(host->pci->name);
    g_autofree char *tisa = g_strdup(host->isa->name);

    assert_string_equal(tpci, "tpci.0");
    assert_string_equal(tisa, "tisa.0");
    assert_add_fails(TYPE_NIC, "n", missing, "Bus 'tpci.7' not found");
    assert_add_fails(TYPE_NIC, "n", empty, "Bus '' not found");
    assert_add_fails(TYPE_NIC, "n", wrong,
                     "Device 'test-nic' can't go on TISA bus");
    assert_add_fails(TYPE_NIC, "n", sys,
                     "Device 'test-nic' can't go on System bus");
    assert_add_fails(TYPE_NOBUS, "n", nobus,
                     "Device 'test-nobus-dev' can't go on TPCI bus");
    assert_add_fails(TYPE_NIC, "n", baddev, "Device 'host' not found");
    /* No bus of the type anywhere. */
    object_unparent(OBJECT(host));
    host = NULL;
    assert_add_fails(TYPE_TISA_DEV, NULL, NULL,
                     "No 'TISA' bus found for device 'test-isa-dev'");
}

static void test_add_bus_full(void **state)
{
    static const char *const on_pci[] = {"bus", "tpci.0", NULL};
    DeviceState *a, *b;

    a = qdev_device_add_from_props(TYPE_NIC, "a", on_pci, &error_abort);
    b = qdev_device_add_from_props(TYPE_NIC, "b", NULL, &error_abort);
    object_unref(a);
    object_unref(b);
    assert_int_equal(host->pci->num_children, 2);
    assert_add_fails(TYPE_NIC, "c", on_pci, "Bus 'tpci.0' is full");
    assert_add_fails(TYPE_NIC, "c", NULL,
                     "No 'TPCI' bus found for device 'test-nic'");
}

static void test_add_first_free_bus(void **state)
{
    HostDev *second = add_host("host2");
    static const char *const by_path[] = {"bus", "/test-host/tpci.1", NULL};
    static const char *const by_name[] = {"bus", "tpci.0", NULL};
    DeviceState *devs[4];
    int i;

    assert_string_equal(second->pci->name, "tpci.1");
    /*
     * QEMU searches depth first, newest device first: the second host's
     * bus until it is full, then the first one's.
     */
    for (i = 0; i < 3; i++) {
        g_autofree char *id = g_strdup_printf("n%d", i);

        devs[i] = qdev_device_add_from_props(TYPE_NIC, id, NULL, &error_abort);
    }
    assert_ptr_equal(devs[0]->parent_bus, second->pci);
    assert_ptr_equal(devs[1]->parent_bus, second->pci);
    assert_ptr_equal(devs[2]->parent_bus, host->pci);
    /* A qdev path (a device by type name: the newest) to a full bus. */
    assert_add_fails(TYPE_NIC, "p", by_path,
                     "Bus '/test-host/tpci.1' is "
                     "full");
    devs[3] = qdev_device_add_from_props(TYPE_NIC, "p", by_name, &error_abort);
    assert_ptr_equal(devs[3]->parent_bus, host->pci);
    for (i = 0; i < 4; i++) {
        object_unref(devs[i]);
    }
}

static void test_add_id_errors(void **state)
{
    DeviceState *dev;
    static const char *const bad_ids[] = {"0net", "a/b", "", "net 0", "-x"};
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_ids); i++) {
        assert_add_fails(TYPE_NIC, bad_ids[i], NULL,
                         "Parameter 'id' expects an identifier");
    }
    dev = qdev_device_add_from_props(TYPE_NIC, "net0", NULL, &error_abort);
    object_unref(dev);
    assert_add_fails(TYPE_NIC, "net0", NULL, "Duplicate device ID 'net0'");
    /* Letters, digits, '-', '.', '_' after a letter are fine. */
    dev = qdev_device_add_from_props(TYPE_NIC, "N-1.x_y", NULL, &error_abort);
    object_unref(dev);
}

static void report_bad_id(void *opaque)
{
    Error *err = NULL;

    qdev_device_add_from_props(TYPE_NIC, "0net", NULL, &err);
    error_report_err(err);
}

static void test_add_id_hint(void **state)
{
    ChildResult r = run_in_child(report_bad_id, NULL);

    assert_string_equal(r.err, "emu: Parameter 'id' expects an identifier\n"
                               "Identifiers consist of letters, digits, "
                               "'-', '.', '_', starting with a letter.\n");
    g_free(r.err);
}

static void test_add_property_errors(void **state)
{
    static const struct {
        const char *key, *value, *text;
    } cases[] = {
        /* Texts as qemu-system-x86_64 7.2 prints them for -device. */
        {"bogus", "1", "Property 'test-nic.bogus' not found"},
        {"vectors", "foo", "Parameter 'vectors' expects integer"},
        {"vectors", "", "Parameter 'vectors' expects integer"},
        {"index", "99999999999", "Parameter 'index' expects uint32_t"},
        {"index", "-1", "Parameter 'index' expects uint32_t"},
        {"mq", "maybe", "Parameter 'mq' expects 'on' or 'off'"},
        {"mq", "", "Parameter 'mq' expects 'on' or 'off'"},
        {"max_hostmem", "foo", "Parameter 'max_hostmem' expects size"},
        {"max_hostmem", "-1", "Parameter 'max_hostmem' expects size"},
        {"max_hostmem", "1Z", "Parameter 'max_hostmem' expects size"},
        {"max_hostmem", "99999999999999999999",
         "Parameter 'max_hostmem' expects size"},
        {"addr", "0x1.0x9",
         "Property 'test-nic.addr' doesn't take value '0x1.0x9'"},
        {"addr", "32", "Property 'test-nic.addr' doesn't take value '32'"},
        {"mac", "zz", "Property 'test-nic.mac' doesn't take value 'zz'"},
        {"realized", "maybe", "Parameter 'realized' expects 'on' or 'off'"},
        {"hotpluggable", "on",
         "Property 'test-nic.hotpluggable' is not writable"},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *const props[] = {"vectors", "1", cases[i].key,
                                     cases[i].value, NULL};

        assert_add_fails(TYPE_NIC, "n", props, cases[i].text);
        assert_add_fails(TYPE_NIC, NULL, props, cases[i].text);
    }
}

static void test_add_property_values(void **state)
{
    static const char *const props[] = {
        "index",  "0x10",    "max_hostmem", "1G",      "addr",
        "1f.7",   "vectors", "1",           "vectors", "2",
        "driver", "ignored", "id",          "ignored", NULL};
    NicDev *nic;

    nic = (NicDev *)qdev_device_add_from_props(TYPE_NIC, "n", props,
                                               &error_abort);
    assert_int_equal(nic->index, 16);
    assert_true(nic->hostmem == 1ULL << 30);
    assert_int_equal(nic->addr, 255);
    /* Applied in order: the last one wins. */
    assert_int_equal(nic->vectors, 2);
    assert_string_equal(DEVICE(nic)->id, "n");
    object_unref(nic);
}

static void test_add_realize_error(void **state)
{
    static const char *const props[] = {"fail", "on", NULL};

    assert_add_fails(TYPE_NIC, "n", props, "nic refused to start");
    assert_add_fails(TYPE_NIC, NULL, props, "nic refused to start");
    /* The id is free again. */
    object_unref(qdev_device_add_from_props(TYPE_NIC, "n", NULL, &error_abort));
}

static void test_add_global_error(void **state)
{
    qdev_prop_register_global(TYPE_NIC, "bogus", "1");
    assert_add_fails(TYPE_NIC, "n", NULL,
                     "can't apply global test-nic.bogus=1: Property "
                     "'test-nic.bogus' not found");
    qdev_prop_clear_globals();
    qdev_prop_register_global(TYPE_ABSTRACT_NIC, "vectors", "7");
    {
        NicDev *nic = (NicDev *)qdev_device_add_from_props(TYPE_NIC, "n", NULL,
                                                           &error_abort);

        assert_int_equal(nic->vectors, 7);
        object_unref(nic);
    }
}

static void test_add_unplug(void **state)
{
    DeviceState *dev =
        qdev_device_add_from_props(TYPE_NIC, "n", NULL, &error_abort);

    object_unref(dev);
    assert_int_equal(host->pci->num_children, 1);
    /* device_del's end: leaving the tree unrealizes and unplugs. */
    object_unparent(OBJECT(dev));
    assert_int_equal(host->pci->num_children, 0);
    assert_null(object_resolve_path("/machine/peripheral/n", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        add_test(test_add_with_id),         add_test(test_add_anonymous),
        add_test(test_add_driver_errors),   add_test(test_add_dynamic_sysbus),
        add_test(test_add_bus_errors),      add_test(test_add_bus_full),
        add_test(test_add_first_free_bus),  add_test(test_add_id_errors),
        add_test(test_add_id_hint),         add_test(test_add_property_errors),
        add_test(test_add_property_values), add_test(test_add_realize_error),
        add_test(test_add_global_error),    add_test(test_add_unplug),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
