/*
 * Private to libdevices/ide: the PCI IDE controller base type "pci-ide"
 * (QEMU's PCIIDEState) and its bus master IDE register block, SFF-8038i
 * ("Programming Interface for Bus Master IDE Controller" 1.0) as the
 * 82371SB implements it: per channel a command register, a status
 * register and the descriptor table pointer, 8 bytes each channel in a
 * 16-byte I/O BAR.
 *
 * The ATA channels and their drives (legacy ports 0x1f0/0x3f6 and
 * 0x170/0x376, IRQ 14/15) come with the storage work: until then no
 * drive ever requests a transfer, so a started engine stays active and
 * nothing sets the interrupt or error bits.
 */
#ifndef IDE_PCI_IDE_H
#define IDE_PCI_IDE_H

#include <stdint.h>

#include "devices/piix.h"
#include "machine/memory.h"
#include "machine/pci.h"

/* Bus master IDE command register (SFF-8038i 3.1). */
#define BM_CMD_START 0x01 /* start/stop bus master */
#define BM_CMD_READ 0x08  /* 1: write to memory (a disk read) */
#define BM_CMD_MASK (BM_CMD_START | BM_CMD_READ)

/* Bus master IDE status register (SFF-8038i 3.2). */
#define BM_STATUS_DMAING 0x01  /* active, read-only */
#define BM_STATUS_ERROR 0x02   /* write 1 to clear */
#define BM_STATUS_INT 0x04     /* write 1 to clear */
#define BM_STATUS_DRIVE0 0x20  /* drive 0 DMA capable, read/write */
#define BM_STATUS_DRIVE1 0x40  /* drive 1 DMA capable, read/write */
#define BM_STATUS_SIMPLEX 0x80 /* simplex only, read-only (0: duplex) */

typedef struct BMDMAState {
    uint8_t cmd;
    uint8_t status;
    /* Descriptor table pointer, dword aligned (bits 1:0 read 0). */
    uint32_t addr;
    /* Where the engine is in the table (reloaded when started). */
    uint32_t cur_addr;
    MemoryRegion extra_io;    /* command and status, 4 bytes */
    MemoryRegion addr_ioport; /* descriptor table pointer, 4 bytes */
} BMDMAState;

OBJECT_DECLARE_SIMPLE_TYPE(PCIIDEState, PCI_IDE)

struct PCIIDEState {
    PCIDevice parent_obj;

    BMDMAState bmdma[2];
    /* BAR 4: channel 0 at 0, channel 1 at 8. */
    MemoryRegion bmdma_bar;
};

/* Build the 16-byte bus master BAR (not yet registered). */
void bmdma_setup_bar(PCIIDEState *d);
/* Both channels' registers to 0 (SFF-8038i: the power-on values). */
void bmdma_reset(PCIIDEState *d);

#endif /* IDE_PCI_IDE_H */
