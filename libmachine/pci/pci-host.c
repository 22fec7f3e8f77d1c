/*
 * TYPE_PCI_HOST_BRIDGE and configuration mechanism #1 (PCI Local Bus
 * Specification 3.0, 3.2.2.3.2): the CONFIG_ADDRESS / CONFIG_DATA port
 * pair and configuration accesses on a bus.
 */
#include "machine/pci-host.h"
#include "pci-internal.h"

/* CONFIG_ADDRESS bit 31: the next CONFIG_DATA access is a config cycle. */
#define PCI_CONFIG_ENABLE (1u << 31)

/* ---- Configuration accesses ---- */

void pci_host_config_write_common(PCIDevice *pci_dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len)
{
    g_assert(len == 1 || len == 2 || len == 4);
    limit = MIN(limit, pci_config_size(pci_dev));
    if (addr >= limit) {
        return;
    }
    /* A hot-added function behind an absent function 0 is not there. */
    if (DEVICE(pci_dev)->hotplugged && !pci_get_function_0(pci_dev)) {
        return;
    }
    pci_dev->config_write(pci_dev, addr, val, MIN(len, limit - addr));
}

uint32_t pci_host_config_read_common(PCIDevice *pci_dev, uint32_t addr,
                                     uint32_t limit, uint32_t len)
{
    g_assert(len == 1 || len == 2 || len == 4);
    limit = MIN(limit, pci_config_size(pci_dev));
    if (addr >= limit) {
        return ~0u;
    }
    if (DEVICE(pci_dev)->hotplugged && !pci_get_function_0(pci_dev)) {
        return ~0u;
    }
    return pci_dev->config_read(pci_dev, addr, MIN(len, limit - addr));
}

/* The function a CONFIG_ADDRESS value selects (bus 23:16, devfn 15:8). */
static PCIDevice *pci_dev_find_by_addr(PCIBus *bus, uint32_t addr)
{
    if (!bus) {
        return NULL;
    }
    return pci_find_device(bus, (addr >> 16) & 0xff, (addr >> 8) & 0xff);
}

void pci_data_write(PCIBus *s, uint32_t addr, uint32_t val, unsigned len)
{
    PCIDevice *pci_dev = pci_dev_find_by_addr(s, addr);

    /* No DEVSEL#: a master abort, the write goes nowhere. */
    if (!pci_dev) {
        return;
    }
    pci_host_config_write_common(pci_dev, addr & (PCI_CONFIG_SPACE_SIZE - 1),
                                 PCI_CONFIG_SPACE_SIZE, val, len);
}

uint32_t pci_data_read(PCIBus *s, uint32_t addr, unsigned len)
{
    PCIDevice *pci_dev = pci_dev_find_by_addr(s, addr);

    /*
     * PCI 3.0 6.1: the host bridge answers a read from a function that is
     * not there with all-ones (so the Vendor ID reads 0xffff).
     */
    if (!pci_dev) {
        return ~0u;
    }
    return pci_host_config_read_common(pci_dev,
                                       addr & (PCI_CONFIG_SPACE_SIZE - 1),
                                       PCI_CONFIG_SPACE_SIZE, len);
}

/* ---- The ports ---- */

/*
 * 3.2.2.3.2: only a dword write to CONFIG_ADDRESS loads it; anything
 * narrower is an ordinary I/O cycle to whatever else decodes there.
 */
static void pci_host_config_write(void *opaque, hwaddr addr, uint64_t val,
                                  unsigned len)
{
    PCIHostState *s = opaque;

    if (len == 1 && s->conf_port_claim[addr & 3]) {
        memory_region_dispatch_write(s->conf_port_claim[addr & 3], 0, val, 1,
                                     MEMTXATTRS_UNSPECIFIED);
        return;
    }
    if (addr != 0 || len != 4) {
        return;
    }
    s->config_reg = val;
}

/* As QEMU: the register whatever the width; the core keeps len bytes. */
static uint64_t pci_host_config_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;
    uint64_t val;

    if (len == 1 && s->conf_port_claim[addr & 3]) {
        memory_region_dispatch_read(s->conf_port_claim[addr & 3], 0, &val, 1,
                                    MEMTXATTRS_UNSPECIFIED);
        return val;
    }
    return s->config_reg;
}

void pci_host_claim_conf_port(PCIHostState *s, unsigned offset,
                              MemoryRegion *mr)
{
    /* Offset 0 is CONFIG_ADDRESS itself, never claimable. */
    g_assert(offset >= 1 && offset <= 3);
    g_assert(!mr || !s->conf_port_claim[offset]);
    s->conf_port_claim[offset] = mr;
}

static void pci_host_data_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned len)
{
    PCIHostState *s = opaque;

    if (s->config_reg & PCI_CONFIG_ENABLE) {
        pci_data_write(s->bus, s->config_reg | (addr & 3), val, len);
    }
}

static uint64_t pci_host_data_read(void *opaque, hwaddr addr, unsigned len)
{
    PCIHostState *s = opaque;

    if (!(s->config_reg & PCI_CONFIG_ENABLE)) {
        return 0xffffffff;
    }
    return pci_data_read(s->bus, s->config_reg | (addr & 3), len);
}

const MemoryRegionOps pci_host_conf_le_ops = {
    .read = pci_host_config_read,
    .write = pci_host_config_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

const MemoryRegionOps pci_host_data_le_ops = {
    .read = pci_host_data_read,
    .write = pci_host_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* ---- The type ---- */

static void pci_host_finalize(Object *obj)
{
    PCIHostState *s = PCI_HOST_BRIDGE(obj);

    /* No-ops for regions the subclass never initialised. */
    memory_region_destroy(&s->conf_mem);
    memory_region_destroy(&s->data_mem);
}

/*
 * QEMU's properties of every host bridge.  emu has no IOMMU, so every bus
 * bypasses one whatever bypass-iommu says, and no migration, so the
 * migration switch has nothing to switch: both are accepted and listed.
 */
static Property pci_host_properties[] = {
    DEFINE_PROP_BOOL("x-config-reg-migration-enabled", PCIHostState,
                     mig_enabled, true),
    DEFINE_PROP_BOOL("bypass-iommu", PCIHostState, bypass_iommu, false),
    DEFINE_PROP_END_OF_LIST(),
};

/* CONFIG_ADDRESS is 0 after a reset (the 82441FX's CONFADD default). */
static void pci_host_reset(DeviceState *dev)
{
    PCI_HOST_BRIDGE(dev)->config_reg = 0;
}

static void pci_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = pci_host_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, pci_host_properties);
}

static const TypeInfo pci_host_type_info = {
    .name = TYPE_PCI_HOST_BRIDGE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PCIHostState),
    .instance_finalize = pci_host_finalize,
    .abstract = true,
    .class_size = sizeof(PCIHostBridgeClass),
    .class_init = pci_host_class_init,
};

static void pci_host_register_types(void)
{
    type_register_static(&pci_host_type_info);
}

type_init(pci_host_register_types)
