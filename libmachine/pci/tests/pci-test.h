/*
 * Helpers shared by the PCI core tests: a host bridge with the 0xcf8 /
 * 0xcfc ports and a root bus ("pci.0") mapping into the system memory and
 * I/O spaces, with four recorded interrupt lines; test device types; and
 * configuration access shorthands.  Each test starts with a fresh
 * machine, memory map and bus.
 */
#ifndef PCI_TEST_H
#define PCI_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "emu-test.h"
#include "machine/memory.h"
#include "machine/pci-host.h"
#include "machine/pci-ids.h"
#include "machine/pci.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "util/error.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define TYPE_TEST_HOST "test-pci-host"
/* No BARs, no interrupt pin. */
#define TYPE_TEST_PLAIN "test-pci-plain"
/*
 * INTA#; BAR0 4 KiB MMIO, BAR1 32 ports, BAR2+3 16 KiB 64-bit
 * prefetchable MMIO; a vendor register at 0x40 that counts writes.
 */
#define TYPE_TEST_DEV "test-pci-dev"
/* Like test-pci-plain with its own subsystem IDs and pin INTB#. */
#define TYPE_TEST_SUBSYS "test-pci-subsys"
/* A type 1 function with a secondary bus "<id or pci>.N". */
#define TYPE_TEST_BRIDGE "test-pci-bridge"
/* A PCI Express function (4 KiB of configuration space). */
#define TYPE_TEST_PCIE "test-pcie-dev"
/* Its class realize fails after registering a BAR. */
#define TYPE_TEST_FAIL "test-pci-fail"

/* ---- The test devices ---- */

typedef struct TestPCIDev {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion io;
    MemoryRegion mmio64;
    uint32_t regs[0x400];
    int vendor_writes;
    int exits;
} TestPCIDev;

static uint64_t tdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestPCIDev *s = opaque;

    return s->regs[(addr / 4) % G_N_ELEMENTS(s->regs)];
}

static void tdev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestPCIDev *s = opaque;

    s->regs[(addr / 4) % G_N_ELEMENTS(s->regs)] = val;
}

static const MemoryRegionOps tdev_ops = {
    .read = tdev_read,
    .write = tdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static void tdev_init(Object *obj)
{
    TestPCIDev *s = (TestPCIDev *)obj;
    int i;

    for (i = 0; i < (int)G_N_ELEMENTS(s->regs); i++) {
        s->regs[i] = 0x5a000000 | i;
    }
    memory_region_init_io(&s->mmio, obj, &tdev_ops, s, "tdev-mmio", 0x1000);
    memory_region_init_io(&s->io, obj, &tdev_ops, s, "tdev-io", 32);
    memory_region_init_io(&s->mmio64, obj, &tdev_ops, s, "tdev-mmio64", 0x4000);
}

static void tdev_finalize(Object *obj)
{
    TestPCIDev *s = (TestPCIDev *)obj;

    memory_region_destroy(&s->mmio);
    memory_region_destroy(&s->io);
    memory_region_destroy(&s->mmio64);
}

static void tdev_realize(PCIDevice *pdev, Error **errp)
{
    TestPCIDev *s = (TestPCIDev *)pdev;

    pci_config_set_interrupt_pin(pdev->config, 1);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_IO, &s->io);
    pci_register_bar(pdev, 2,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_TYPE_64 |
                         PCI_BASE_ADDRESS_MEM_PREFETCH,
                     &s->mmio64);
}

static void tdev_exit(PCIDevice *pdev)
{
    ((TestPCIDev *)pdev)->exits++;
}

/* Register 0x40 counts the guest's writes; the rest is the default. */
static void tdev_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                              int len)
{
    if (addr == 0x40) {
        ((TestPCIDev *)pdev)->vendor_writes++;
    }
    pci_default_write_config(pdev, addr, val, len);
}

static void tdev_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = tdev_realize;
    k->exit = tdev_exit;
    k->config_write = tdev_config_write;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_TEST;
    k->revision = 2;
    k->class_id = PCI_CLASS_OTHERS;
}

static void tplain_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->vendor_id = 0x1234;
    k->device_id = 0x5678;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
}

static void tsubsys_realize(PCIDevice *pdev, Error **errp)
{
    pci_config_set_interrupt_pin(pdev->config, 2);
}

static void tsubsys_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = tsubsys_realize;
    k->vendor_id = 0x8086;
    k->device_id = 0x100e;
    k->subsystem_vendor_id = 0x1af4;
    k->subsystem_id = 0x0042;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
}

static void tbridge_realize(PCIDevice *pdev, Error **errp)
{
    PCIBus *parent = pci_get_bus(pdev);

    pci_config_set_interrupt_pin(pdev->config, 1);
    pci_secondary_bus_new(pdev, TYPE_PCI_BUS, NULL, parent->address_space_mem,
                          parent->address_space_io);
}

static void tbridge_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = tbridge_realize;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_BRIDGE;
    k->class_id = PCI_CLASS_BRIDGE_PCI;
    k->is_bridge = true;
}

static void tfail_realize(PCIDevice *pdev, Error **errp)
{
    TestPCIDev *s = (TestPCIDev *)pdev;

    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    error_setg(errp, "test-pci-fail: no luck");
}

static void tfail_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = tfail_realize;
    k->vendor_id = 0x1234;
    k->device_id = 0x0bad;
}

static void tpcie_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->vendor_id = 0x1b36;
    k->device_id = 0x000d;
}

/* ---- The host bridge ---- */

typedef struct TestHost {
    PCIHostState parent_obj;
} TestHost;

static void thost_init(Object *obj)
{
    PCIHostState *phb = PCI_HOST_BRIDGE(obj);

    memory_region_init_io(&phb->conf_mem, obj, &pci_host_conf_le_ops, phb,
                          "pci-conf-idx", 4);
    memory_region_init_io(&phb->data_mem, obj, &pci_host_data_le_ops, phb,
                          "pci-conf-data", 4);
}

static const TypeInfo pci_test_types[] = {
    {
        .name = TYPE_TEST_HOST,
        .parent = TYPE_PCI_HOST_BRIDGE,
        .instance_size = sizeof(TestHost),
        .instance_init = thost_init,
    },
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(TestPCIDev),
        .instance_init = tdev_init,
        .instance_finalize = tdev_finalize,
        .class_init = tdev_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_CONVENTIONAL_PCI_DEVICE},
                {NULL},
            },
    },
    {
        .name = TYPE_TEST_PLAIN,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_init = tplain_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_CONVENTIONAL_PCI_DEVICE},
                {NULL},
            },
    },
    {
        .name = TYPE_TEST_SUBSYS,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_init = tsubsys_class_init,
    },
    {
        .name = TYPE_TEST_BRIDGE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_init = tbridge_class_init,
    },
    {
        .name = TYPE_TEST_FAIL,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(TestPCIDev),
        .instance_init = tdev_init,
        .instance_finalize = tdev_finalize,
        .class_init = tfail_class_init,
    },
    {
        .name = TYPE_TEST_PCIE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_init = tpcie_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_PCIE_DEVICE},
                {NULL},
            },
    },
};

DEFINE_TYPES(pci_test_types)

/* ---- The fixture ---- */

static PCIHostState *test_host G_GNUC_UNUSED;
static PCIBus *test_bus G_GNUC_UNUSED;
/* Level of each host line and how many times set_irq was called. */
static int irq_level[4] G_GNUC_UNUSED;
static int irq_calls G_GNUC_UNUSED;

static void test_set_irq(void *opaque, int irq_num, int level)
{
    irq_level[irq_num] = level;
    irq_calls++;
}

/* Like a PC board: pins rotate with the slot onto four lines. */
static int test_map_irq(PCIDevice *d, int pin)
{
    return (pin + PCI_SLOT(d->devfn)) % 4;
}

static inline int pci_test_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    /* Every test's first bus is "pci.0", as in a fresh emu process. */
    BUS_CLASS(object_class_by_name(TYPE_PCI_BUS))->automatic_ids = 0;
    memory_map_init();
    memset(irq_level, 0, sizeof(irq_level));
    irq_calls = 0;

    test_host = PCI_HOST_BRIDGE(qdev_new(TYPE_TEST_HOST));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(test_host), &error_abort);
    memory_region_add_subregion(get_system_io(), 0xcf8, &test_host->conf_mem);
    memory_region_add_subregion(get_system_io(), 0xcfc, &test_host->data_mem);
    test_bus = pci_register_root_bus(DEVICE(test_host), NULL, test_set_irq,
                                     test_map_irq, NULL, get_system_memory(),
                                     get_system_io(), 0, 4, TYPE_PCI_BUS);
    return 0;
}

static inline int pci_test_teardown(void **state)
{
    memory_region_del_subregion(get_system_io(), &test_host->conf_mem);
    memory_region_del_subregion(get_system_io(), &test_host->data_mem);
    /* Dropping /machine unplugs and unrealizes everything below it. */
    object_unparent(qdev_get_machine());
    memory_map_cleanup();
    qdev_prop_clear_globals();
    test_host = NULL;
    test_bus = NULL;
    return 0;
}

#define pci_unit_test(f)                                                       \
    cmocka_unit_test_setup_teardown(f, pci_test_setup, pci_test_teardown)

/* Assert err is set with exactly text, and free it. */
#define assert_error(err, text)                                                \
    do {                                                                       \
        if (!(err)) {                                                          \
            print_error("expected error \"%s\", got none\n", (text));          \
            fail();                                                            \
        }                                                                      \
        assert_string_equal(error_get_pretty(err), (text));                    \
        error_free(err);                                                       \
        (err) = NULL;                                                          \
    } while (0)

/* ---- Shorthands ---- */

/* A device of type at devfn (-1: any) on bus, realized, or NULL + errp. */
static inline PCIDevice *pci_test_add(PCIBus *bus, const char *type, int devfn,
                                      bool multifunction, Error **errp)
{
    PCIDevice *d = pci_new_multifunction(devfn, multifunction, type);

    object_ref(OBJECT(d));
    if (!pci_realize_and_unref(d, bus, errp)) {
        object_unref(OBJECT(d));
        return NULL;
    }
    object_unref(OBJECT(d));
    return d;
}

/* -device TYPE,addr=ADDR[,id=ID] as the command line would do it. */
static inline PCIDevice *pci_test_device_add(const char *type, const char *id,
                                             const char *addr, Error **errp)
{
    const char *props[] = {"addr", addr, NULL};
    DeviceState *dev =
        qdev_device_add_from_props(type, id, addr ? props : NULL, errp);

    if (!dev) {
        return NULL;
    }
    object_unref(OBJECT(dev));
    return PCI_DEVICE(dev);
}

#define CFG_ADDR(bus, devfn, reg)                                              \
    (0x80000000u | (uint32_t)(bus) << 16 | (uint32_t)(devfn) << 8 | (reg))

/* Configuration access on the test bus, bus 0, as the host does it. */
static inline uint32_t cfg_read(int devfn, uint32_t reg, unsigned len)
{
    return pci_data_read(test_bus, CFG_ADDR(0, devfn, reg), len);
}

static inline void cfg_write(int devfn, uint32_t reg, uint32_t val,
                             unsigned len)
{
    pci_data_write(test_bus, CFG_ADDR(0, devfn, reg), val, len);
}

/* Port I/O through the system I/O space. */
static inline uint32_t io_in(uint16_t port, unsigned len)
{
    uint32_t v = 0;

    address_space_read(&address_space_io, port, ATTRS, &v, len);
    return v;
}

static inline void io_out(uint16_t port, uint32_t v, unsigned len)
{
    address_space_write(&address_space_io, port, ATTRS, &v, len);
}

static inline uint32_t mem_readl(hwaddr addr)
{
    uint32_t v = 0;

    address_space_read(&address_space_memory, addr, ATTRS, &v, 4);
    return v;
}

#endif /* PCI_TEST_H */
