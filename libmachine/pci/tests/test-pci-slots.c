/*
 * Unit tests for placing PCI functions on a bus: automatic and explicit
 * addresses, multi-function slots, reserved slots, QEMU 7.2's error
 * texts (checked against qemu-system-x86_64 7.2), that a refused device
 * leaves nothing behind, and bus paths and lookups.
 */
#include "pci-test.h"

static void test_types(void **state)
{
    PCIDevice *d;

    assert_string_equal(BUS(test_bus)->name, "pci.0");
    assert_string_equal(object_get_typename(OBJECT(test_bus)), "PCI");
    assert_true(pci_bus_is_root(test_bus));
    assert_int_equal(pci_bus_num(test_bus), 0);
    assert_ptr_equal(test_host->bus, test_bus);
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_PCI_DEVICE)));
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_PCI_HOST_BRIDGE)));

    d = pci_test_add(test_bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    assert_string_equal(DEVICE_GET_CLASS(d)->bus_type, TYPE_PCI_BUS);
    assert_string_equal(d->name, TYPE_TEST_PLAIN);
    assert_ptr_equal(pci_get_bus(d), test_bus);
    assert_int_equal(pci_config_size(d), PCI_CONFIG_SPACE_SIZE);
}

/* addr=-1 takes function 0 of the first free slot, from devfn_min up. */
static void test_auto_slot(void **state)
{
    PCIDevice *a, *b, *c;

    b = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(1, 0), false,
                     &error_abort);
    a = pci_test_add(test_bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    c = pci_test_add(test_bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    assert_int_equal(a->devfn, PCI_DEVFN(0, 0));
    assert_int_equal(b->devfn, PCI_DEVFN(1, 0));
    assert_int_equal(c->devfn, PCI_DEVFN(2, 0));
    /* The property reads back the slot it got. */
    assert_int_equal(object_property_get_int(OBJECT(c), "addr", NULL), 0x10);
    assert_ptr_equal(test_bus->devices[0x10], c);
}

static void test_devfn_min_and_reserved(void **state)
{
    PCIBus *bus =
        pci_root_bus_new(DEVICE(test_host), "pci.7", get_system_memory(),
                         get_system_io(), PCI_DEVFN(2, 0), TYPE_PCI_BUS);
    Error *err = NULL;
    PCIDevice *d;

    bus->slot_reserved_mask = 1u << 3;
    d = pci_test_add(bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(2, 0));
    d = pci_test_add(bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(4, 0));
    /* An explicit address below devfn_min is the user's choice. */
    d = pci_test_add(bus, TYPE_TEST_PLAIN, PCI_DEVFN(0, 0), false,
                     &error_abort);
    assert_int_equal(d->devfn, 0);

    assert_null(
        pci_test_add(bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 0), false, &err));
    assert_error(err, "PCI: slot 3 function 0 not available for "
                      "test-pci-plain, reserved");
}

/* The -device spellings of addr: slot, or slot.function, in hex. */
static void test_explicit_addr(void **state)
{
    PCIDevice *d =
        pci_test_device_add(TYPE_TEST_PLAIN, "n1", "0x4", &error_abort);
    g_autofree char *printed = NULL;

    assert_int_equal(d->devfn, PCI_DEVFN(4, 0));
    printed = qdev_prop_print(DEVICE(d), "addr", &error_abort);
    assert_string_equal(printed, "04.0");

    /* Function 2 of a slot whose function 0 is absent is accepted. */
    d = pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x1.0x2", &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(1, 2));
    d = pci_test_device_add(TYPE_TEST_PLAIN, NULL, "1f.7", &error_abort);
    assert_int_equal(d->devfn, 0xff);
    assert_ptr_equal(pci_find_device(test_bus, 0, 0xff), d);
}

static void test_addr_in_use(void **state)
{
    Error *err = NULL;

    pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x3", &error_abort);
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x3", &err));
    assert_error(err, "PCI: slot 3 function 0 not available for "
                      "test-pci-plain, in use by test-pci-plain,id=(null)");

    pci_test_device_add(TYPE_TEST_DEV, "foo", "0x1f.07", &error_abort);
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, "bar", "1f.7", &err));
    assert_error(err, "PCI: slot 31 function 7 not available for "
                      "test-pci-plain, in use by test-pci-dev,id=foo");
}

static void test_bad_addr_value(void **state)
{
    Error *err = NULL;

    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x20", &err));
    assert_error(err, "Property 'test-pci-plain.addr' doesn't take value "
                      "'0x20'");
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x1f.8", &err));
    assert_error(err, "Property 'test-pci-plain.addr' doesn't take value "
                      "'0x1f.8'");
}

/*
 * Functions 1-7 need a multi-function function 0, in either order
 * (PCI 3.0 6.2.1, header type bit 7).
 */
static void test_single_function_errors(void **state)
{
    Error *err = NULL;

    pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x3", &error_abort);
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x3.2", &err));
    assert_error(err, "PCI: single function device can't be populated in "
                      "function 3.2");

    pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x1a.1", &error_abort);
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x1a.0", &err));
    assert_error(err, "PCI: 1a.0 indicates single function, but 1a.1 is "
                      "already populated.");
}

static void test_multifunction(void **state)
{
    PCIDevice *f0, *f2, *f5;

    f0 = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(5, 0), true,
                      &error_abort);
    f2 = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(5, 2), false,
                      &error_abort);
    /* Only function 0's bit matters; others may set it too. */
    f5 = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(5, 5), true,
                      &error_abort);
    assert_int_equal(cfg_read(f0->devfn, PCI_HEADER_TYPE, 1), 0x80);
    assert_int_equal(cfg_read(f2->devfn, PCI_HEADER_TYPE, 1), 0x00);
    assert_int_equal(cfg_read(f5->devfn, PCI_HEADER_TYPE, 1), 0x80);
    assert_ptr_equal(pci_get_function_0(f2), f0);
    assert_ptr_equal(pci_get_function_0(f0), f0);

    /* A multi-function function > 0 before its function 0 is fine too. */
    pci_test_device_add(TYPE_TEST_PLAIN, NULL, "6.3", &error_abort);
    f0 = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(6, 0), true,
                      &error_abort);
    assert_ptr_equal(test_bus->devices[PCI_DEVFN(6, 0)], f0);
}

static void test_bus_full(void **state)
{
    Error *err = NULL;
    int i;

    for (i = 0; i < PCI_SLOT_MAX; i++) {
        pci_test_device_add(TYPE_TEST_PLAIN, NULL, NULL, &error_abort);
    }
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, NULL, NULL, &err));
    assert_error(err, "PCI: no slot/function available for test-pci-plain, "
                      "all in use or reserved");
}

/* A refused device is neither on the bus nor in the tree afterwards. */
static void test_refused_leaves_nothing(void **state)
{
    PCIDevice *d;
    Error *err = NULL;
    int before = 0;

    pci_test_device_add(TYPE_TEST_PLAIN, NULL, "0x3", &error_abort);
    before = BUS(test_bus)->num_children;
    assert_null(pci_test_device_add(TYPE_TEST_PLAIN, "dup", "0x3", &err));
    error_free(err);
    err = NULL;
    assert_int_equal(BUS(test_bus)->num_children, before);
    assert_null(object_resolve_path("/machine/peripheral/dup", NULL));

    /* The class realize fails after the core placed it: all undone. */
    d = pci_new(-1, TYPE_TEST_FAIL);
    object_ref(OBJECT(d));
    assert_false(pci_realize_and_unref(d, test_bus, &err));
    assert_error(err, "test-pci-fail: no luck");
    assert_int_equal(d->devfn, -1);
    assert_null(d->config);
    assert_null(test_bus->devices[0]);
    assert_false(memory_region_is_mapped(&((TestPCIDev *)d)->mmio));
    object_unref(OBJECT(d));
    assert_int_equal(BUS(test_bus)->num_children, before);

    /* The slot is still free for the next one. */
    d = pci_test_add(test_bus, TYPE_TEST_PLAIN, -1, false, &error_abort);
    assert_int_equal(d->devfn, 0);
}

/* Unplugging frees the slot and the device. */
static void test_unplug_frees_slot(void **state)
{
    PCIDevice *d = pci_test_device_add(TYPE_TEST_DEV, "x", "0x2", &error_abort);
    TestPCIDev *s = (TestPCIDev *)d;

    /* Mapped BARs hold the device: unplugging must unmap them. */
    cfg_write(d->devfn, PCI_BASE_ADDRESS_0, 0xfebf0000, 4);
    cfg_write(d->devfn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    assert_true(memory_region_is_mapped(&s->mmio));

    object_ref(OBJECT(d));
    object_unparent(OBJECT(d));
    assert_int_equal(s->exits, 1);
    assert_false(memory_region_is_mapped(&s->mmio));
    assert_null(test_bus->devices[PCI_DEVFN(2, 0)]);
    assert_null(d->config);
    assert_int_equal(OBJECT(d)->ref, 1);
    object_unref(OBJECT(d));

    assert_int_equal(cfg_read(PCI_DEVFN(2, 0), PCI_VENDOR_ID, 4), 0xffffffff);
    pci_test_device_add(TYPE_TEST_PLAIN, "y", "0x2", &error_abort);
}

/* A function hot-added next to a present function 0 stays invisible. */
static void test_hotplug_beside_function0(void **state)
{
    PCIDevice *d;
    Error *err = NULL;

    pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(4, 0), true,
                 &error_abort);
    d = pci_new(PCI_DEVFN(4, 1), TYPE_TEST_PLAIN);
    DEVICE(d)->hotplugged = true;
    assert_false(pci_realize_and_unref(d, test_bus, &err));
    assert_error(err, "PCI: slot 4 function 0 already occupied by "
                      "test-pci-plain, new func test-pci-plain cannot be "
                      "exposed to guest.");
}

static void test_paths(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 0),
                                true, &error_abort);
    PCIDevice *f = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 2),
                                false, &error_abort);
    g_autofree char *p1 = qdev_get_dev_path(DEVICE(d));
    g_autofree char *p2 = qdev_get_dev_path(DEVICE(f));
    g_autofree char *fw1 = NULL, *fw2 = NULL;
    BusClass *bc = BUS_GET_CLASS(test_bus);

    assert_string_equal(p1, "0000:00:03.0");
    assert_string_equal(p2, "0000:00:03.2");
    fw1 = bc->get_fw_dev_path(DEVICE(d));
    fw2 = bc->get_fw_dev_path(DEVICE(f));
    assert_string_equal(fw1, "test-pci-plain@3");
    assert_string_equal(fw2, "test-pci-plain@3,2");
    assert_string_equal(pci_root_bus_path(f), "0000:00");
    assert_int_equal(pci_requester_id(f), 0x001a);
}

/* Only PCI functions plug into a PCI bus, and they need one. */
static void test_wrong_bus(void **state)
{
    DeviceState *d = qdev_new(TYPE_TEST_PLAIN);
    Error *err = NULL;

    object_ref(OBJECT(d));
    assert_false(qdev_realize_and_unref(d, sysbus_get_default(), &err));
    assert_error(err, "Device 'test-pci-plain' can't go on System bus");
    object_unref(OBJECT(d));
}

/* Without bus=, -device finds the PCI bus. */
static void test_device_add_finds_bus(void **state)
{
    const char *props[] = {"bus", "pci.0", NULL};
    DeviceState *dev;

    dev = qdev_device_add_from_props(TYPE_TEST_DEV, "nic0", NULL, &error_abort);
    assert_ptr_equal(dev->parent_bus, BUS(test_bus));
    object_unref(OBJECT(dev));
    dev =
        qdev_device_add_from_props(TYPE_TEST_PLAIN, NULL, props, &error_abort);
    assert_ptr_equal(dev->parent_bus, BUS(test_bus));
    assert_int_equal(PCI_DEVICE(dev)->devfn, PCI_DEVFN(1, 0));
    object_unref(OBJECT(dev));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pci_unit_test(test_types),
        pci_unit_test(test_auto_slot),
        pci_unit_test(test_devfn_min_and_reserved),
        pci_unit_test(test_explicit_addr),
        pci_unit_test(test_addr_in_use),
        pci_unit_test(test_bad_addr_value),
        pci_unit_test(test_single_function_errors),
        pci_unit_test(test_multifunction),
        pci_unit_test(test_bus_full),
        pci_unit_test(test_refused_leaves_nothing),
        pci_unit_test(test_unplug_frees_slot),
        pci_unit_test(test_hotplug_beside_function0),
        pci_unit_test(test_paths),
        pci_unit_test(test_wrong_bus),
        pci_unit_test(test_device_add_finds_bus),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
