/*
 * The pc board's buses: the PCI root bus "pci.0" behind the placeholder
 * host bridge at /machine/i440fx, with configuration mechanism #1 at
 * ports 0xcf8/0xcfc (PCI Local Bus Specification 3.0, 3.2.2.3.2), and
 * the ISA bus "isa.0" at /machine/isa-bridge.
 *
 * One machine per process in the first test: bus names without an
 * explicit one count up per bus type in a process (QEMU's rule), and
 * "isa.0" is what a program sees.
 */
#include "machine/isa.h"
#include "machine/pci-host.h"
#include "machine/pci.h"
#include "machine/sysbus.h"
#include "pc-internal.h"
#include "pc-test.h"

static void test_bus_paths(void **state)
{
    MachineState *ms = pc_test_build_ram(0);
    Object *host = object_resolve_path("/machine/i440fx", NULL);
    Object *pci = object_resolve_path("/machine/i440fx/pci.0", NULL);
    Object *bridge = object_resolve_path("/machine/isa-bridge", NULL);
    Object *isa = object_resolve_path("/machine/isa-bridge/isa.0", NULL);

    assert_non_null(host);
    assert_string_equal(object_get_typename(host),
                        TYPE_PC_PLACEHOLDER_PCI_HOST);
    assert_true(DEVICE(host)->realized);
    assert_non_null(pci);
    assert_non_null(object_dynamic_cast(pci, TYPE_PCI_BUS));
    assert_true(pci_bus_is_root(PCI_BUS(pci)));
    assert_ptr_equal(PCI_HOST_BRIDGE(host)->bus, PCI_BUS(pci));
    assert_ptr_equal(qdev_get_parent_bus(DEVICE(host)), sysbus_get_default());

    assert_non_null(bridge);
    assert_string_equal(object_get_typename(bridge), TYPE_ISABUS_BRIDGE);
    assert_non_null(isa);
    assert_non_null(object_dynamic_cast(isa, TYPE_ISA_BUS));
    /* ISA memory is the PCI memory space; ports the system I/O space. */
    assert_ptr_equal(isa_address_space(NULL), &PC_MACHINE(ms)->pci_memory);
    assert_ptr_equal(isa_address_space_io(NULL), get_system_io());
    /* ISA IRQ n is GSI n (the I/O APIC's input, test-ioapic.c). */
    assert_ptr_equal(isa_get_irq(NULL, 4), X86_MACHINE(ms)->gsi[4]);
    /* qbus_find() takes the names -device bus= uses. */
    assert_ptr_equal(qbus_find("pci.0", &error_abort), BUS(pci));
    assert_ptr_equal(qbus_find("isa.0", &error_abort), BUS(isa));
}

static void test_config_ports(void **state)
{
    AddressSpace *io = &address_space_io;

    pc_test_build_ram(0);
    /* CONFIG_ADDRESS reads back what a dword write put there. */
    address_space_stl_le(io, 0xcf8, 0x80000000, MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(
        address_space_ldl_le(io, 0xcf8, MEMTXATTRS_UNSPECIFIED, NULL),
        0x80000000);
    /* No function at 00:00.0 yet: all-ones (a master abort). */
    assert_int_equal(
        address_space_ldl_le(io, 0xcfc, MEMTXATTRS_UNSPECIFIED, NULL),
        0xffffffff);
    assert_int_equal(
        address_space_lduw_le(io, 0xcfe, MEMTXATTRS_UNSPECIFIED, NULL), 0xffff);
    /* A byte write is not a CONFIG_ADDRESS write. */
    address_space_stb(io, 0xcf8, 0, MEMTXATTRS_UNSPECIFIED, NULL);
    assert_int_equal(
        address_space_ldl_le(io, 0xcf8, MEMTXATTRS_UNSPECIFIED, NULL),
        0x80000000);
}

static void test_second_machine_same_layout(void **state)
{
    pc_test_build_ram(0);
    pc_test_teardown(NULL);
    /* Tearing down and building again gives the same tree. */
    pc_test_build_ram(0);
    assert_non_null(object_resolve_path("/machine/i440fx/pci.0", NULL));
    assert_non_null(object_resolve_path_type("/machine/isa-bridge",
                                             TYPE_ISABUS_BRIDGE, NULL));
}

/* Port 0x80 (POST codes, I/O delay): writes vanish, reads give 0xff. */
static void test_port80(void **state)
{
    AddressSpace *io = &address_space_io;

    pc_test_build_ram(0);
    assert_int_equal(address_space_write(io, 0x80, MEMTXATTRS_UNSPECIFIED,
                                         (uint8_t[]){0x55}, 1),
                     MEMTX_OK);
    assert_int_equal(
        address_space_ldub(io, 0x80, MEMTXATTRS_UNSPECIFIED, NULL), 0xff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_bus_paths),
        pc_test(test_config_ports),
        pc_test(test_second_machine_same_layout),
        pc_test(test_port80),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
