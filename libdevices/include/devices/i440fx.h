/*
 * The Intel 82441FX PCI and Memory Controller (PMC) of the i440FX
 * chipset, QEMU's names: the sysbus host bridge "i440FX-pcihost" (PCI
 * configuration mechanism #1 at ports 0xcf8/0xcfc in front of the root
 * bus "pci.0") and its PCI function "i440FX" at 00:00.0 (8086:1237 rev 2,
 * host bridge), whose PAM registers (0x59-0x5f) route the BIOS and
 * expansion areas 0xc0000-0xfffff to RAM or to PCI and whose SMRAM
 * register (0x72) opens the 0xa0000-0xbffff window onto RAM.
 */
#ifndef DEVICES_I440FX_H
#define DEVICES_I440FX_H

#include <stdint.h>

#include "machine/memory.h"
#include "machine/pci.h"
#include "machine/qdev-core.h"
#include "util/error.h"

#define TYPE_I440FX_PCI_HOST_BRIDGE "i440FX-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"

/* Configuration registers of 00:00.0 (82441FX 3.2). */
#define I440FX_COREBOOT_RAM_SIZE 0x57 /* RAM in 8 MiB units, QEMU's */
#define I440FX_PAM 0x59
#define I440FX_PAM_SIZE 7
#define I440FX_SMRAM 0x72

/* SMRAM register bits (82441FX 3.2.26). */
#define SMRAM_D_OPEN 0x40
#define SMRAM_D_CLS 0x20
#define SMRAM_D_LCK 0x10
#define SMRAM_G_SMRAME 0x08
#define SMRAM_C_BASE_SEG 0x07

/*
 * Realize dev (an unrealized TYPE_I440FX_PCI_HOST_BRIDGE the caller has
 * placed in the tree) with the root bus "pci.0", whose BARs map into
 * pci_memory and address_space_io, and create the function 00:00.0 with
 * its PAM and SMRAM windows over address_space_mem shadowing ram_memory.
 * The RAM sizes give the PCI holes (the "pci-hole*" properties) and
 * register 0x57.  Returns the bus, or NULL with errp set.
 */
PCIBus *i440fx_init(DeviceState *dev, MemoryRegion *address_space_mem,
                    MemoryRegion *address_space_io, uint64_t ram_size,
                    uint64_t below_4g_mem_size, uint64_t above_4g_mem_size,
                    MemoryRegion *pci_memory, MemoryRegion *ram_memory,
                    Error **errp);

#endif /* DEVICES_I440FX_H */
