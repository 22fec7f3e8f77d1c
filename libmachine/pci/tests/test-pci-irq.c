/*
 * Unit tests for INTx: the pin and the status Interrupt bit, routing
 * through the host's map_irq to its lines, shared lines (up while any
 * device drives them), Interrupt Disable, swizzling through a bridge, and
 * deassertion on unplug and reset.
 */
#include "pci-test.h"

static PCIDevice *add_dev(int slot)
{
    return pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(slot, 0), false,
                        &error_abort);
}

static void test_assert_routes_to_line(void **state)
{
    PCIDevice *d = add_dev(2);

    pci_irq_assert(d);
    /* INTA# of slot 2 is line (0 + 2) % 4 on the test board. */
    assert_int_equal(irq_level[2], 1);
    assert_int_equal(pci_bus_get_irq_level(test_bus, 2), 1);
    assert_true(cfg_read(d->devfn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    assert_int_equal(d->irq_state, 1);

    /* Asserting again is no change. */
    irq_calls = 0;
    pci_set_irq(d, 1);
    assert_int_equal(irq_calls, 0);

    pci_irq_deassert(d);
    assert_int_equal(irq_level[2], 0);
    assert_int_equal(pci_bus_get_irq_level(test_bus, 2), 0);
    assert_false(cfg_read(d->devfn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);

    pci_irq_pulse(d);
    assert_int_equal(irq_calls, 1 + 2);
    assert_int_equal(irq_level[2], 0);
}

/* Slots 1 and 5 share line 1: it stays up while either drives it. */
static void test_shared_line(void **state)
{
    PCIDevice *a = add_dev(1);
    PCIDevice *b = add_dev(5);

    pci_irq_assert(a);
    assert_int_equal(irq_level[1], 1);
    pci_irq_assert(b);
    assert_int_equal(irq_level[1], 1);
    assert_int_equal(test_bus->irq_count[1], 2);
    pci_irq_deassert(a);
    assert_int_equal(irq_level[1], 1);
    pci_irq_deassert(b);
    assert_int_equal(irq_level[1], 0);
    assert_int_equal(test_bus->irq_count[1], 0);
    /* The other lines never moved. */
    assert_int_equal(irq_level[0] | irq_level[2] | irq_level[3], 0);
}

/* Different pins of the same slot land on different lines. */
static void test_pin_rotation(void **state)
{
    PCIDevice *a = add_dev(1);
    PCIDevice *b = pci_test_add(test_bus, TYPE_TEST_SUBSYS, PCI_DEVFN(2, 0),
                                false, &error_abort);

    /* test-pci-subsys uses INTB#: slot 2 -> line (1 + 2) % 4. */
    pci_irq_assert(b);
    assert_int_equal(irq_level[3], 1);
    pci_irq_assert(a);
    assert_int_equal(irq_level[1], 1);
    assert_int_equal(pci_swizzle_map_irq_fn(b, 1), 3);
}

/*
 * PCI 3.0 6.2.2: Interrupt Disable stops the pin driving the line; the
 * status bit keeps showing the device's request.
 */
static void test_intx_disable(void **state)
{
    PCIDevice *a = add_dev(1);
    PCIDevice *b = add_dev(5);

    pci_irq_assert(a);
    pci_irq_assert(b);
    cfg_write(a->devfn, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    /* b still drives the shared line. */
    assert_int_equal(irq_level[1], 1);
    cfg_write(b->devfn, PCI_COMMAND + 1, PCI_COMMAND_INTX_DISABLE >> 8, 1);
    assert_int_equal(irq_level[1], 0);
    assert_true(cfg_read(a->devfn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);

    /* Requests while disabled only show in status. */
    pci_irq_deassert(a);
    assert_false(cfg_read(a->devfn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    pci_irq_assert(a);
    assert_int_equal(irq_level[1], 0);

    /* Enabling again lets the pending requests through. */
    cfg_write(a->devfn, PCI_COMMAND, 0, 2);
    assert_int_equal(irq_level[1], 1);
    assert_int_equal(test_bus->irq_count[1], 1);
    cfg_write(b->devfn, PCI_COMMAND, 0, 2);
    assert_int_equal(test_bus->irq_count[1], 2);
    pci_irq_deassert(a);
    pci_irq_deassert(b);
    assert_int_equal(irq_level[1], 0);
    /* Re-writing the same value is no change. */
    irq_calls = 0;
    cfg_write(a->devfn, PCI_COMMAND, 0, 2);
    assert_int_equal(irq_calls, 0);
}

/*
 * Bridge spec 9.1: behind a bridge in slot 2, INTA# of slot 1 becomes
 * the bridge's INTB#, which the host routes like the bridge's own pin.
 */
static void test_bridge_swizzle(void **state)
{
    PCIDevice *br = pci_test_add(test_bus, TYPE_TEST_BRIDGE, PCI_DEVFN(2, 0),
                                 false, &error_abort);
    PCIBus *sec = PCI_BUS(qdev_get_child_bus(DEVICE(br), "pci.1"));
    PCIDevice *d, *e;

    assert_non_null(sec);
    assert_false(pci_bus_is_root(sec));
    assert_ptr_equal(sec->parent_dev, br);
    d = pci_test_add(sec, TYPE_TEST_DEV, PCI_DEVFN(1, 0), false, &error_abort);
    e = pci_test_add(sec, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false, &error_abort);

    pci_irq_assert(d);
    /* Bridge pin (0 + 1) % 4 = INTB#; host line (1 + 2) % 4 = 3. */
    assert_int_equal(irq_level[3], 1);
    pci_irq_assert(e);
    /* INTA# of slot 3: bridge INTD#, host line (3 + 2) % 4 = 1. */
    assert_int_equal(irq_level[1], 1);
    /* The bridge's own pin is separate and shares line 2. */
    pci_irq_assert(br);
    assert_int_equal(irq_level[2], 1);
    pci_irq_deassert(d);
    pci_irq_deassert(e);
    pci_irq_deassert(br);
    assert_int_equal(irq_level[1] | irq_level[2] | irq_level[3], 0);
}

/* An unplugged or reset device lets go of its line. */
static void test_deassert_on_unplug_and_reset(void **state)
{
    PCIDevice *a = add_dev(1);
    PCIDevice *b = add_dev(5);

    pci_irq_assert(a);
    pci_irq_assert(b);
    object_unparent(OBJECT(a));
    assert_int_equal(irq_level[1], 1);
    assert_int_equal(test_bus->irq_count[1], 1);
    bus_cold_reset(BUS(test_bus));
    assert_int_equal(irq_level[1], 0);
    assert_int_equal(test_bus->irq_count[1], 0);
    assert_int_equal(b->irq_state, 0);
}

/* A qemu_irq for the pin, for code that takes a generic line. */
static void test_allocate_irq(void **state)
{
    PCIDevice *d = add_dev(3);
    qemu_irq irq = pci_allocate_irq(d);

    qemu_irq_raise(irq);
    assert_int_equal(irq_level[3], 1);
    qemu_irq_lower(irq);
    assert_int_equal(irq_level[3], 0);
    qemu_free_irq(irq);
}

/* A root bus the host gave no lines: pins go nowhere, harmlessly. */
static void test_unrouted_bus(void **state)
{
    PCIBus *bus =
        pci_root_bus_new(DEVICE(test_host), "pci.9", get_system_memory(),
                         get_system_io(), 0, TYPE_PCI_BUS);
    PCIDevice *d = pci_test_add(bus, TYPE_TEST_DEV, -1, false, &error_abort);

    pci_irq_assert(d);
    assert_true(d->config[PCI_STATUS] & PCI_STATUS_INTERRUPT);
    assert_int_equal(irq_calls, 0);
    pci_irq_deassert(d);

    /* Lines installed later. */
    pci_bus_irqs(bus, test_set_irq, NULL, 4);
    pci_bus_map_irqs(bus, pci_swizzle_map_irq_fn);
    pci_irq_assert(d);
    assert_int_equal(irq_level[0], 1);
    assert_int_equal(pci_bus_get_irq_level(bus, 0), 1);
    pci_irq_deassert(d);
    pci_bus_irqs_cleanup(bus);
    assert_int_equal(bus->nirq, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pci_unit_test(test_assert_routes_to_line),
        pci_unit_test(test_shared_line),
        pci_unit_test(test_pin_rotation),
        pci_unit_test(test_intx_disable),
        pci_unit_test(test_bridge_swizzle),
        pci_unit_test(test_deassert_on_unplug_and_reset),
        pci_unit_test(test_allocate_irq),
        pci_unit_test(test_unrouted_bus),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
