/*
 * What the device fuzzer's ops reach: the I/O regions (memory and port
 * space) and the PCI functions whose owner's QOM type name, or own name,
 * matches one of the target's globs.  The regions are followed as they
 * are mapped and unmapped (a BAR the input moves is reached where it is
 * now); RAM and ROM are never fuzzed directly.
 */
#ifndef FUZZ_REGIONS_H
#define FUZZ_REGIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/pci.h"

typedef struct FuzzRange {
    uint64_t addr; /* in the address space */
    uint64_t size;
} FuzzRange;

/* Start following both spaces; globs are space-separated. */
void fuzz_regions_init(const char *globs);

/*
 * The n-th matching range mapped now in port (io) or memory space,
 * n taken modulo their count; false when there is none.
 */
bool fuzz_regions_pick(bool io, unsigned n, FuzzRange *range);

/* The matching PCI functions, found once at start. */
unsigned fuzz_pci_count(void);
PCIDevice *fuzz_pci_device(unsigned n);

/* What the ops reach now (for -runs=0). */
void fuzz_regions_print(FILE *out);

#endif /* FUZZ_REGIONS_H */
