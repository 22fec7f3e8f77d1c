/*
 * "piix3-ide": the IDE function of the PIIX3 (82371SB function 1,
 * 8086:7010), QEMU 7.2's type, user-creatable as in QEMU.
 *
 * Configuration space at power-on (checked against QEMU 7.2): class
 * 0x0101 with programming interface 0x80 (bus master capable, both
 * channels in legacy mode at the fixed ports), command 0, status 0x0280
 * (fast back-to-back capable, medium DEVSEL), no interrupt pin (legacy
 * mode uses ISA IRQ 14/15), BAR 4 (BMIBA) a 16-byte I/O BAR with the bus
 * master registers (pci-ide.c).  The IDE timing registers after the
 * header are plain storage, as in QEMU.
 *
 * What is missing: the ATA channels themselves (command blocks at
 * 0x1f0-0x1f7/0x3f6 and 0x170-0x177/0x376, the "ide.0"/"ide.1" buses
 * and their drives) come with the storage work; -hda and if=ide are
 * refused until then.
 */
#include <string.h>

#include "machine/pci-ids.h"
#include "pci-ide.h"

#define PIIX_IDE_PROG_IF 0x80 /* legacy mode, bus master capable */
#define PIIX_IDE_BMIBA_BAR 4
#define PIIX_IDE_DEVICE_SPECIFIC 0x40

static void piix_ide_set_defaults(PCIDevice *dev)
{
    uint8_t *conf = dev->config;

    memset(conf + PIIX_IDE_DEVICE_SPECIFIC, 0,
           PCI_CONFIG_SPACE_SIZE - PIIX_IDE_DEVICE_SPECIFIC);
    pci_set_word(conf + PCI_COMMAND, 0);
    pci_set_word(conf + PCI_STATUS,
                 PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
}

static void piix_ide_realize(PCIDevice *dev, Error **errp)
{
    PCIIDEState *d = PCI_IDE(dev);

    dev->config[PCI_CLASS_PROG] = PIIX_IDE_PROG_IF;
    bmdma_setup_bar(d);
    pci_register_bar(dev, PIIX_IDE_BMIBA_BAR, PCI_BASE_ADDRESS_SPACE_IO,
                     &d->bmdma_bar);
    piix_ide_set_defaults(dev);
}

static void piix_ide_reset(DeviceState *dev)
{
    piix_ide_set_defaults(PCI_DEVICE(dev));
    bmdma_reset(PCI_IDE(dev));
}

static void piix3_ide_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix_ide_realize;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371SB_1;
    k->class_id = PCI_CLASS_STORAGE_IDE;
    dc->reset = piix_ide_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    dc->hotpluggable = false;
}

static const TypeInfo piix3_ide_info = {
    .name = TYPE_PIIX3_IDE,
    .parent = TYPE_PCI_IDE,
    .class_init = piix3_ide_class_init,
};

static void piix_ide_register_types(void)
{
    type_register_static(&piix3_ide_info);
}

type_init(piix_ide_register_types)
