/*
 * "pci-ide", the abstract PCI IDE controller, and its bus master IDE
 * registers (see pci-ide.h), with the 82371SB's access rules as QEMU 7.2
 * models them: the command and status registers take byte accesses only
 * (wider reads return all-ones, wider writes are dropped), the
 * descriptor table pointer any width.
 */
#include "pci-ide.h"
#include "util/log.h"

/* ---- Command and status (offsets 0 and 2 of a channel) ---- */

static void bmdma_cmd_writeb(BMDMAState *bm, uint8_t val)
{
    /*
     * SFF-8038i 3.1: writing Start loads the engine from the table
     * pointer and makes it active; clearing it stops the engine, which
     * is then no longer active.  Rewriting the current value of Start
     * changes nothing.
     */
    if ((val & BM_CMD_START) != (bm->cmd & BM_CMD_START)) {
        if (val & BM_CMD_START) {
            bm->cur_addr = bm->addr;
            bm->status |= BM_STATUS_DMAING;
        } else {
            bm->status &= ~BM_STATUS_DMAING;
        }
    }
    bm->cmd = val & BM_CMD_MASK;
}

static uint64_t bmdma_read(void *opaque, hwaddr addr, unsigned size)
{
    BMDMAState *bm = opaque;

    if (size != 1) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "piix3-ide: %u-byte read of bus master register %d\n",
                      size, (int)addr);
        return (1ULL << (size * 8)) - 1;
    }
    switch (addr) {
    case 0:
        return bm->cmd;
    case 2:
        return bm->status;
    default:
        /* Bytes 1 and 3 are reserved (device-specific in SFF-8038i). */
        return 0xff;
    }
}

static void bmdma_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    BMDMAState *bm = opaque;

    if (size != 1) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "piix3-ide: %u-byte write of bus master register %d\n",
                      size, (int)addr);
        return;
    }
    switch (addr) {
    case 0:
        bmdma_cmd_writeb(bm, val);
        break;
    case 2:
        /* Drive bits written, Error and Interrupt cleared by 1s. */
        bm->status = (val & (BM_STATUS_DRIVE0 | BM_STATUS_DRIVE1)) |
                     (bm->status & BM_STATUS_DMAING) |
                     (bm->status & ~val & (BM_STATUS_ERROR | BM_STATUS_INT));
        break;
    default:
        break;
    }
}

static const MemoryRegionOps bmdma_ops = {
    .read = bmdma_read,
    .write = bmdma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* ---- Descriptor table pointer (offsets 4-7) ---- */

static uint64_t bmdma_addr_read(void *opaque, hwaddr addr, unsigned size)
{
    BMDMAState *bm = opaque;

    return (bm->addr >> (addr * 8)) & ((1ULL << (size * 8)) - 1);
}

static void bmdma_addr_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    BMDMAState *bm = opaque;
    unsigned shift = addr * 8;
    uint32_t mask = ((1ULL << (size * 8)) - 1) << shift;

    /* SFF-8038i 3.3: the table is dword aligned, bits 1:0 read 0. */
    bm->addr = (bm->addr & ~mask) | (((uint32_t)val << shift) & mask & ~3u);
}

static const MemoryRegionOps bmdma_addr_ops = {
    .read = bmdma_addr_read,
    .write = bmdma_addr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/* ---- The BAR ---- */

void bmdma_setup_bar(PCIIDEState *d)
{
    Object *owner = OBJECT(d);
    int i;

    memory_region_init(&d->bmdma_bar, owner, "piix-bmdma-container", 16);
    for (i = 0; i < 2; i++) {
        BMDMAState *bm = &d->bmdma[i];

        memory_region_init_io(&bm->extra_io, owner, &bmdma_ops, bm,
                              "piix-bmdma", 4);
        memory_region_add_subregion(&d->bmdma_bar, i * 8, &bm->extra_io);
        memory_region_init_io(&bm->addr_ioport, owner, &bmdma_addr_ops, bm,
                              "bmdma", 4);
        memory_region_add_subregion(&d->bmdma_bar, i * 8 + 4, &bm->addr_ioport);
    }
}

void bmdma_reset(PCIIDEState *d)
{
    int i;

    for (i = 0; i < 2; i++) {
        BMDMAState *bm = &d->bmdma[i];

        bm->cmd = 0;
        bm->status = 0;
        bm->addr = 0;
        bm->cur_addr = 0;
    }
}

static void pci_ide_exit(PCIDevice *dev)
{
    PCIIDEState *d = PCI_IDE(dev);
    int i;

    for (i = 0; i < 2; i++) {
        memory_region_del_subregion(&d->bmdma_bar, &d->bmdma[i].extra_io);
        memory_region_del_subregion(&d->bmdma_bar, &d->bmdma[i].addr_ioport);
        memory_region_destroy(&d->bmdma[i].extra_io);
        memory_region_destroy(&d->bmdma[i].addr_ioport);
    }
    memory_region_destroy(&d->bmdma_bar);
}

static void pci_ide_class_init(ObjectClass *oc, void *data)
{
    PCI_DEVICE_CLASS(oc)->exit = pci_ide_exit;
}

static const TypeInfo pci_ide_type_info = {
    .name = TYPE_PCI_IDE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCIIDEState),
    .abstract = true,
    .class_init = pci_ide_class_init,
    .interfaces =
        (InterfaceInfo[]){
            {INTERFACE_CONVENTIONAL_PCI_DEVICE},
            {},
        },
};

static void pci_ide_register_types(void)
{
    type_register_static(&pci_ide_type_info);
}

type_init(pci_ide_register_types)
