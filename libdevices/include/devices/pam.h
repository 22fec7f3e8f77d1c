/*
 * Programmable Attribute Map: the i440FX's (and later chipsets') routing
 * of the BIOS and expansion areas below 1 MiB to DRAM or to PCI (82441FX
 * datasheet, PAM0-PAM6 at configuration offsets 0x59-0x5f).  QEMU's
 * model and names (hw/pci-host/pam.h).
 *
 * Each of the 13 areas (0xf0000-0xfffff, then 0xc0000-0xeffff in 16 KiB
 * pieces) gets four aliases over the system memory, one per attribute
 * value, of which exactly the one the register selects is enabled:
 *   0  "pam-pci": the PCI memory space (option ROMs, the BIOS)
 *   1  "pam-rom": DRAM, read-only (writes are dropped)
 *   2  "pam-pci": DRAM, read and write (QEMU's model of write-only)
 *   3  "pam-ram": DRAM, read and write
 */
#ifndef DEVICES_PAM_H
#define DEVICES_PAM_H

#include <stdint.h>

#include "machine/memory.h"

#define PAM_BIOS_BASE 0xf0000
#define PAM_BIOS_SIZE 0x10000
#define PAM_EXPAN_BASE 0xc0000
#define PAM_EXPAN_SIZE 0x4000
#define PAM_REGIONS_COUNT 13

/* The two attribute bits of an area: RE (bit 0) and WE (bit 1). */
#define PAM_ATTR_MASK 0x3

typedef struct PAMMemoryRegion {
    MemoryRegion alias[4];
    /* The enabled alias (the attribute value). */
    unsigned current;
} PAMMemoryRegion;

/*
 * Map the aliases of the area [start, start + size) over system_memory
 * (priority 1), onto ram_memory (the RAM region, at offset start) and
 * pci_address_space; the area starts in PCI mode (attribute 0).
 */
void init_pam(PAMMemoryRegion *mem, Object *owner, MemoryRegion *ram_memory,
              MemoryRegion *system_memory, MemoryRegion *pci_address_space,
              uint32_t start, uint32_t size);
/*
 * Area idx (0: the BIOS area, 1-12: the expansion areas) takes the
 * attribute its nibble of PAM register value val holds: the high nibble
 * for even idx, the low one for odd idx (82441FX 3.2.18).
 */
void pam_update(PAMMemoryRegion *mem, int idx, uint8_t val);
/* Unmap and release the aliases (system_memory: where init_pam put them). */
void pam_destroy(PAMMemoryRegion *mem, MemoryRegion *system_memory);

#endif /* DEVICES_PAM_H */
