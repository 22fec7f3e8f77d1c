/*
 * Programmable Attribute Map areas (see devices/pam.h): four aliases per
 * area, one enabled at a time.
 *
 * The 82441FX forwards reads of a write-only area (attribute 2) to PCI
 * and only writes to DRAM; like QEMU, emu maps DRAM for both, which is
 * what firmware copying itself into shadow RAM needs.
 */
#include "devices/pam.h"

void init_pam(PAMMemoryRegion *mem, Object *owner, MemoryRegion *ram_memory,
              MemoryRegion *system_memory, MemoryRegion *pci_address_space,
              uint32_t start, uint32_t size)
{
    int i;

    memory_region_init_alias(&mem->alias[0], owner, "pam-pci",
                             pci_address_space, start, size);
    memory_region_init_alias(&mem->alias[1], owner, "pam-rom", ram_memory,
                             start, size);
    memory_region_set_readonly(&mem->alias[1], true);
    memory_region_init_alias(&mem->alias[2], owner, "pam-pci", ram_memory,
                             start, size);
    memory_region_init_alias(&mem->alias[3], owner, "pam-ram", ram_memory,
                             start, size);

    memory_region_transaction_begin();
    for (i = 0; i < 4; i++) {
        memory_region_set_enabled(&mem->alias[i], i == 0);
        memory_region_add_subregion_overlap(system_memory, start,
                                            &mem->alias[i], 1);
    }
    memory_region_transaction_commit();
    mem->current = 0;
}

void pam_update(PAMMemoryRegion *mem, int idx, uint8_t val)
{
    g_assert(idx >= 0 && idx < PAM_REGIONS_COUNT);

    memory_region_transaction_begin();
    memory_region_set_enabled(&mem->alias[mem->current], false);
    mem->current = (idx & 1 ? val : val >> 4) & PAM_ATTR_MASK;
    memory_region_set_enabled(&mem->alias[mem->current], true);
    memory_region_transaction_commit();
}

void pam_destroy(PAMMemoryRegion *mem, MemoryRegion *system_memory)
{
    int i;

    memory_region_transaction_begin();
    for (i = 0; i < 4; i++) {
        memory_region_del_subregion(system_memory, &mem->alias[i]);
    }
    memory_region_transaction_commit();
    for (i = 0; i < 4; i++) {
        memory_region_destroy(&mem->alias[i]);
    }
}
