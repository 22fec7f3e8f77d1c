/*
 * Private to libmachine/pci: what the PCI core's source files share.
 */
#ifndef PCI_INTERNAL_H
#define PCI_INTERNAL_H

#include "machine/pci.h"

static inline bool pci_is_bridge(PCIDevice *d)
{
    return PCI_DEVICE_GET_CLASS(d)->is_bridge;
}

/* pci-bus.c: the secondary bus a bridge owns, or NULL. */
PCIBus *pci_bridge_get_sec_bus(PCIDevice *bridge);

/* pci-config.c: masks of a new function, header type 0 or 1. */
void pci_init_config_masks(PCIDevice *d);
/* Offset of BAR reg (0-5 or PCI_ROM_SLOT) in the configuration space. */
int pci_bar(PCIDevice *d, int reg);
/* Map / unmap each BAR where its register and the command say. */
void pci_update_mappings(PCIDevice *d);
/* Unmap and forget every BAR. */
void pci_unregister_io_regions(PCIDevice *d);

/* pci-device.c: Bus Master gate follows the command register. */
void pci_update_bus_master(PCIDevice *d);
/* The configuration part of PCI reset (no device hooks). */
void pci_do_device_reset(PCIDevice *d);

/* pci-irq.c */
bool pci_irq_disabled(PCIDevice *d);
/* After a command write: apply a change of Interrupt Disable. */
void pci_update_irq_disabled(PCIDevice *d, bool was_irq_disabled);

#endif /* PCI_INTERNAL_H */
