/*
 * The pc board's buses, as QEMU 7.2's pc assembles them: the i440FX host
 * bridge at /machine/i440fx with the root bus "pci.0" and configuration
 * mechanism #1 at ports 0xcf8/0xcfc (PCI Local Bus Specification 3.0,
 * 3.2.2.3.2); the functions 00:00.0 (i440FX), 00:01.0 (PIIX3, owning the
 * ISA bus "isa.0"), 00:01.1 (piix3-ide) and 00:01.3 (PIIX4_PM, unless
 * acpi=off); and what -device placement on pci.0 does.
 *
 * One machine per process in the first test: bus names without an
 * explicit one count up per bus type in a process (QEMU's rule), and
 * "isa.0" is what a program sees.
 */
#include "devices/i440fx.h"
#include "devices/piix.h"
#include "machine/isa.h"
#include "machine/pci-host.h"
#include "machine/pci.h"
#include "machine/sysbus.h"
#include "pc-internal.h"
#include "pc-test.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

static uint32_t cfg_read(int devfn, int reg)
{
    address_space_stl_le(&address_space_io, 0xcf8,
                         0x80000000u | devfn << 8 | (reg & 0xfc), ATTRS, NULL);
    return address_space_ldl_le(&address_space_io, 0xcfc, ATTRS, NULL);
}

static void test_bus_paths(void **state)
{
    MachineState *ms = pc_test_build_ram(0);
    PCMachineState *pcms = PC_MACHINE(ms);
    Object *host = object_resolve_path("/machine/i440fx", NULL);
    Object *pci = object_resolve_path("/machine/i440fx/pci.0", NULL);
    PCIBus *bus = PCI_BUS(pci);
    PCIDevice *piix3 = bus->devices[PCI_DEVFN(1, 0)];
    g_autofree char *piix3_path = NULL;
    g_autofree char *isa_path = NULL;
    Object *isa;

    assert_non_null(host);
    assert_string_equal(object_get_typename(host), TYPE_I440FX_PCI_HOST_BRIDGE);
    assert_true(DEVICE(host)->realized);
    assert_non_null(pci);
    assert_true(pci_bus_is_root(bus));
    assert_ptr_equal(PCI_HOST_BRIDGE(host)->bus, bus);
    assert_ptr_equal(qdev_get_parent_bus(DEVICE(host)), sysbus_get_default());

    /* QEMU's functions and where they are (qom-list on QEMU 7.2). */
    assert_string_equal(object_get_typename(OBJECT(bus->devices[0])),
                        TYPE_I440FX_PCI_DEVICE);
    assert_string_equal(object_get_typename(OBJECT(piix3)), TYPE_PIIX3_DEVICE);
    assert_string_equal(
        object_get_typename(OBJECT(bus->devices[PCI_DEVFN(1, 1)])),
        TYPE_PIIX3_IDE);
    assert_null(bus->devices[PCI_DEVFN(1, 2)]);
    assert_string_equal(
        object_get_typename(OBJECT(bus->devices[PCI_DEVFN(1, 3)])),
        TYPE_PIIX4_PM);
    for (int devfn = PCI_DEVFN(1, 4); devfn < PCI_DEVFN_MAX; devfn++) {
        assert_null(bus->devices[devfn]);
    }
    piix3_path = object_get_canonical_path(OBJECT(piix3));
    assert_true(g_str_has_prefix(piix3_path, "/machine/unattached/device["));
    assert_ptr_equal(pcms->piix3, piix3);

    /* The ISA bus is the PIIX3's child, as in QEMU. */
    isa_path = g_strdup_printf("%s/isa.0", piix3_path);
    isa = object_resolve_path(isa_path, NULL);
    assert_non_null(isa);
    assert_ptr_equal(isa, OBJECT(pcms->isa_bus));
    assert_null(object_resolve_path("/machine/isa-bridge", NULL));
    /* ISA memory is the PCI memory space; ports the system I/O space. */
    assert_ptr_equal(isa_address_space(NULL), &pcms->pci_memory);
    assert_ptr_equal(isa_address_space_io(NULL), get_system_io());
    /* ISA IRQ n is GSI n (the I/O APIC's input, test-ioapic.c). */
    assert_ptr_equal(isa_get_irq(NULL, 4), X86_MACHINE(ms)->gsi[4]);
    /* qbus_find() takes the names -device bus= uses. */
    assert_ptr_equal(qbus_find("pci.0", &error_abort), BUS(pci));
    assert_ptr_equal(qbus_find("isa.0", &error_abort), BUS(isa));
}

/* The properties QEMU 7.2 reports for its host (qom-get, -m 128M / 5G). */
static void test_host_properties(void **state)
{
    Object *host;

    pc_test_build_ram(0);
    host = object_resolve_path("/machine/i440fx", NULL);
    assert_int_equal(object_property_get_uint(host, "pci-hole-start", NULL),
                     128 * MiB);
    assert_int_equal(object_property_get_uint(host, "pci-hole-end", NULL),
                     0xfec00000);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-start", NULL),
                     4 * GiB);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-end", NULL),
                     6 * GiB);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-size", NULL),
                     2 * GiB);
    assert_int_equal(object_property_get_uint(host, "short_root_bus", NULL), 0);
    assert_true(object_property_get_bool(host, "x-pci-hole64-fix", NULL));
    assert_false(object_property_get_bool(host, "bypass-iommu", NULL));
    assert_true(
        object_property_get_bool(host, "x-config-reg-migration-enabled", NULL));
    pc_test_teardown(NULL);

    pc_test_build_ram(5 * GiB);
    host = object_resolve_path("/machine/i440fx", NULL);
    assert_int_equal(object_property_get_uint(host, "pci-hole-start", NULL),
                     3 * GiB);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-start", NULL),
                     6 * GiB);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-end", NULL),
                     8 * GiB);
    pc_test_teardown(NULL);

    /* pc-i440fx-2.10 and older: no hole without 64-bit BARs (QEMU's). */
    {
        PCTestArgs a = {.machine = "pc-i440fx-2.10"};

        pc_test_build(&a);
    }
    host = object_resolve_path("/machine/i440fx", NULL);
    assert_false(object_property_get_bool(host, "x-pci-hole64-fix", NULL));
    assert_int_equal(object_property_get_uint(host, "pci-hole64-start", NULL),
                     0);
    assert_int_equal(object_property_get_uint(host, "pci-hole64-end", NULL), 0);
}

static void test_config_ports(void **state)
{
    AddressSpace *io = &address_space_io;

    pc_test_build_ram(0);
    /* CONFIG_ADDRESS reads back what a dword write put there. */
    address_space_stl_le(io, 0xcf8, 0x80000000, ATTRS, NULL);
    assert_int_equal(address_space_ldl_le(io, 0xcf8, ATTRS, NULL), 0x80000000);
    /* 00:00.0 is the i440FX, at any offset and width of CONFIG_DATA. */
    assert_int_equal(address_space_ldl_le(io, 0xcfc, ATTRS, NULL), 0x12378086);
    assert_int_equal(address_space_lduw_le(io, 0xcfe, ATTRS, NULL), 0x1237);
    assert_int_equal(address_space_ldub(io, 0xcfd, ATTRS, NULL), 0x80);
    /* A byte write is not a CONFIG_ADDRESS write. */
    address_space_stb(io, 0xcf8, 0, ATTRS, NULL);
    assert_int_equal(address_space_ldl_le(io, 0xcf8, ATTRS, NULL), 0x80000000);
    /* 0xcf9 is the PIIX3's reset control register, 0 after reset. */
    assert_int_equal(address_space_ldub(io, 0xcf9, ATTRS, NULL), 0);
    /* Enable bit clear: no configuration cycle, all-ones. */
    address_space_stl_le(io, 0xcf8, 0, ATTRS, NULL);
    assert_int_equal(address_space_ldl_le(io, 0xcfc, ATTRS, NULL), 0xffffffff);
    /* No function at 00:02.0 (-nodefaults board): a master abort. */
    assert_int_equal(cfg_read(PCI_DEVFN(2, 0), 0), 0xffffffff);
    assert_int_equal(cfg_read(PCI_DEVFN(1, 3), 0), 0x71138086);
}

static void test_acpi_off(void **state)
{
    const char *keys[] = {"acpi", "off", NULL};
    PCTestArgs a = {.machine = "pc", .keys = keys};

    pc_test_build(&a);
    /* No PIIX4_PM; the IDE function stays. */
    assert_int_equal(cfg_read(PCI_DEVFN(1, 3), 0), 0xffffffff);
    assert_int_equal(cfg_read(PCI_DEVFN(1, 1), 0), 0x70108086);
}

/* -device X,bus=pci.0,addr=... as qdev_device_add() does it. */
static PCIDevice *add_ide(const char *addr, bool multifunction, const char *id,
                          Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_PIIX3_IDE);

    if (id) {
        dev->id = g_strdup(id);
    }
    if (!object_property_parse(OBJECT(dev), "addr", addr, errp) ||
        (multifunction &&
         !object_property_parse(OBJECT(dev), "multifunction", "on", errp))) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    /* Takes the reference, realized or not. */
    if (!qdev_realize_and_unref(dev, qbus_find("pci.0", &error_abort), errp)) {
        return NULL;
    }
    return PCI_DEVICE(dev);
}

static void test_device_placement(void **state)
{
    Error *err = NULL;
    PCIDevice *d;

    pc_test_build_ram(0);
    /* Placed exactly where addr says: slot 4 and slot 5 function 0. */
    d = add_ide("0x4", false, NULL, &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(4, 0));
    assert_int_equal(cfg_read(PCI_DEVFN(4, 0), 0), 0x70108086);
    d = add_ide("05.0", true, "mf", &error_abort);
    assert_int_equal(cfg_read(PCI_DEVFN(5, 0), 0x0c) >> 16 & 0xff, 0x80);
    d = add_ide("5.2", false, NULL, &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(5, 2));
    assert_int_equal(cfg_read(PCI_DEVFN(5, 2), 0), 0x70108086);
    /* The PIIX3's slot is multi-function: 01.2 is free for the taking. */
    d = add_ide("1.2", false, "two", &error_abort);
    assert_int_equal(d->devfn, PCI_DEVFN(1, 2));

    /* QEMU 7.2's messages (checked against qemu-system-x86_64). */
    add_ide("1.0", false, NULL, &err);
    assert_error(err, "PCI: slot 1 function 0 not available for piix3-ide, "
                      "in use by PIIX3,id=(null)");
    add_ide("1.2", false, NULL, &err);
    assert_error(err, "PCI: slot 1 function 2 not available for piix3-ide, "
                      "in use by piix3-ide,id=two");
    add_ide("0.1", false, NULL, &err);
    assert_error(err, "PCI: single function device can't be populated in "
                      "function 0.1");
    add_ide("4.1", false, NULL, &err);
    assert_error(err, "PCI: single function device can't be populated in "
                      "function 4.1");
    add_ide("6.1", false, NULL, &error_abort);
    add_ide("6.0", false, NULL, &err);
    assert_error(err, "PCI: 6.0 indicates single function, but 6.1 is "
                      "already populated.");
    add_ide("0x20", false, NULL, &err);
    assert_error(err, "Property 'piix3-ide.addr' doesn't take value '0x20'");
}

static void test_second_machine_same_layout(void **state)
{
    pc_test_build_ram(0);
    pc_test_teardown(NULL);
    /* Tearing down and building again gives the same tree. */
    pc_test_build_ram(0);
    assert_non_null(object_resolve_path_type(
        "/machine/i440fx", TYPE_I440FX_PCI_HOST_BRIDGE, NULL));
    assert_non_null(object_resolve_path("/machine/i440fx/pci.0", NULL));
    assert_int_equal(cfg_read(PCI_DEVFN(1, 0), 0), 0x70008086);
}

/* Port 0x80 (POST codes, I/O delay): writes vanish, reads give 0xff. */
static void test_port80(void **state)
{
    AddressSpace *io = &address_space_io;

    pc_test_build_ram(0);
    assert_int_equal(address_space_write(io, 0x80, ATTRS, (uint8_t[]){0x55}, 1),
                     MEMTX_OK);
    assert_int_equal(address_space_ldub(io, 0x80, ATTRS, NULL), 0xff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_bus_paths),
        pc_test(test_host_properties),
        pc_test(test_config_ports),
        pc_test(test_acpi_off),
        pc_test(test_device_placement),
        pc_test(test_second_machine_same_layout),
        pc_test(test_port80),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
