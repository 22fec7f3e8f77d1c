/*
 * PCI host bridges: the CPU side of a PCI hierarchy.
 *
 * TYPE_PCI_HOST_BRIDGE is an abstract sysbus device holding the root bus
 * and the state of PCI configuration mechanism #1 (PCI Local Bus
 * Specification 3.0, 3.2.2.3.2): a 32-bit CONFIG_ADDRESS register
 * (usually at I/O port 0xcf8) selects enable (bit 31), bus (23:16),
 * device (15:11), function (10:8) and register (7:2); CONFIG_DATA (0xcfc,
 * accessed as bytes, words or a dword at 0xcfc..0xcff) then reads or
 * writes that register.  A chipset (i440FX) derives from it, creates its
 * bus with pci_register_root_bus() and maps conf_mem/data_mem, which it
 * initialises with pci_host_conf_le_ops / pci_host_data_le_ops:
 *
 *     memory_region_init_io(&phb->conf_mem, obj, &pci_host_conf_le_ops,
 *                           phb, "pci-conf-idx", 4);
 *     memory_region_init_io(&phb->data_mem, obj, &pci_host_data_le_ops,
 *                           phb, "pci-conf-data", 4);
 *
 * The base type releases both regions when the host is finalized; whoever
 * mapped them unmaps them first.
 */
#ifndef MACHINE_PCI_HOST_H
#define MACHINE_PCI_HOST_H

#include "machine/pci.h"
#include "machine/sysbus.h"

#define TYPE_PCI_HOST_BRIDGE "pci-host-bridge"

OBJECT_DECLARE_TYPE(PCIHostState, PCIHostBridgeClass, PCI_HOST_BRIDGE)

struct PCIHostState {
    SysBusDevice busdev;

    MemoryRegion conf_mem;
    MemoryRegion data_mem;
    /* CONFIG_ADDRESS as last written with a dword access. */
    uint32_t config_reg;
    PCIBus *bus;
    /* Byte ports of CONFIG_ADDRESS a device claims (see below), or NULL. */
    MemoryRegion *conf_port_claim[4];

    /* Properties, QEMU's: "bypass-iommu", "x-config-reg-migration-enabled". */
    bool bypass_iommu;
    bool mig_enabled;
};

struct PCIHostBridgeClass {
    SysBusDeviceClass parent_class;
    /* "domain:bus" of rootbus for device paths; NULL: "0000:NN". */
    const char *(*root_bus_path)(PCIHostState *host, PCIBus *rootbus);
};

/*
 * CONFIG_ADDRESS: a dword write at offset 0 sets config_reg (anything
 * narrower is not a configuration access and is ignored); a read returns
 * config_reg (QEMU's behaviour, whatever the size and offset).
 */
extern const MemoryRegionOps pci_host_conf_le_ops;
/*
 * A device on the host's bus that decodes byte accesses to CONFIG_ADDRESS
 * + offset (1..3) as a register of its own, as the PIIX3 does with its
 * reset control register at 0xcf9: such accesses go to mr (at its offset
 * 0) while dword accesses still load CONFIG_ADDRESS.  QEMU maps that
 * register over the port with a higher priority and relies on its memory
 * core dispatching an access whole to the region at its first byte; emu's
 * memory core cuts accesses at flat-view boundaries, which would split
 * every dword write to CONFIG_ADDRESS.  mr NULL releases the port.
 */
void pci_host_claim_conf_port(PCIHostState *s, unsigned offset,
                              MemoryRegion *mr);

/*
 * CONFIG_DATA: with bit 31 of config_reg set, an access of size len at
 * offset n (0..3) reads or writes register (config_reg & 0xfc) + n of the
 * selected function; bit 31 clear, or no function there: reads return
 * all-ones and writes are dropped.
 */
extern const MemoryRegionOps pci_host_data_le_ops;

/*
 * The same on bus without the ports: addr is a CONFIG_ADDRESS value (bit
 * 31 is not checked), len 1, 2 or 4.  An absent function reads as
 * all-ones (a master abort, PCI 3.0 6.1) and ignores writes.
 */
uint32_t pci_data_read(PCIBus *s, uint32_t addr, unsigned len);
void pci_data_write(PCIBus *s, uint32_t addr, uint32_t val, unsigned len);

/*
 * One configuration access to pci_dev through its config_read/write
 * hooks, cut to the first limit bytes of its configuration space (an
 * access starting beyond it reads all-ones / is dropped).
 */
uint32_t pci_host_config_read_common(PCIDevice *pci_dev, uint32_t addr,
                                     uint32_t limit, uint32_t len);
void pci_host_config_write_common(PCIDevice *pci_dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len);

#endif /* MACHINE_PCI_HOST_H */
