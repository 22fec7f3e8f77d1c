/*
 * A placeholder PCI host bridge for the pc board: PCI configuration
 * mechanism #1 at I/O ports 0xcf8 (CONFIG_ADDRESS) and 0xcfc-0xcff
 * (CONFIG_DATA) in front of the root bus "pci.0", and nothing else.
 *
 * The i440FX host bridge (issue 7) replaces it: the i440FX PCI function
 * at 00:0.0 with its PAM and SMRAM registers, the PCI holes, and the
 * INTx routing through the PIIX3.  Until then the bus has no function
 * at all, so every configuration read returns all-ones (PCI Local Bus
 * Specification 3.0, 6.1: no device answers) and -device can plug PCI
 * functions into it.
 */
#include "machine/pci-host.h"
#include "pc-internal.h"

/* PCI 3.0, 3.2.2.3.2: the two 32-bit registers of mechanism #1. */
#define PC_PCI_CONFIG_ADDRESS 0xcf8
#define PC_PCI_CONFIG_DATA 0xcfc

static void pc_placeholder_pci_host_init(Object *obj)
{
    PCIHostState *phb = PCI_HOST_BRIDGE(obj);

    memory_region_init_io(&phb->conf_mem, obj, &pci_host_conf_le_ops, phb,
                          "pci-conf-idx", 4);
    memory_region_init_io(&phb->data_mem, obj, &pci_host_data_le_ops, phb,
                          "pci-conf-data", 4);
}

static void pc_placeholder_pci_host_realize(DeviceState *dev, Error **errp)
{
    PCIHostState *phb = PCI_HOST_BRIDGE(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_add_io(sbd, PC_PCI_CONFIG_ADDRESS, &phb->conf_mem);
    sysbus_init_ioports(sbd, PC_PCI_CONFIG_ADDRESS, 4);
    sysbus_add_io(sbd, PC_PCI_CONFIG_DATA, &phb->data_mem);
    sysbus_init_ioports(sbd, PC_PCI_CONFIG_DATA, 4);
}

static void pc_placeholder_pci_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pc_placeholder_pci_host_realize;
    dc->desc = "PCI host bridge placeholder of the pc board";
    /* Part of the board: -device cannot add a second one. */
    dc->user_creatable = false;
}

static const TypeInfo pc_placeholder_pci_host_info = {
    .name = TYPE_PC_PLACEHOLDER_PCI_HOST,
    .parent = TYPE_PCI_HOST_BRIDGE,
    .instance_size = sizeof(PCIHostState),
    .instance_init = pc_placeholder_pci_host_init,
    .class_init = pc_placeholder_pci_host_class_init,
};

static void pc_placeholder_pci_host_register_types(void)
{
    type_register_static(&pc_placeholder_pci_host_info);
}

type_init(pc_placeholder_pci_host_register_types)
