/*
 * The PIIX south bridge functions of the pc board, QEMU's type names:
 *
 *   "PIIX3"      00:01.0  82371SB PCI-to-ISA bridge (8086:7000): owns the
 *                         ISA bus "isa.0", routes PCI INTA#-INTD# to ISA
 *                         IRQs (PIRQ route registers 0x60-0x63), reset
 *                         control register at port 0xcf9
 *   "piix3-ide"  00:01.1  82371SB IDE (8086:7010): bus master IDE
 *                         registers (BAR 4); the drives come later
 *   "PIIX4_PM"   00:01.3  82371AB power management (8086:7113): ACPI
 *                         PM1/PM timer/GPE0 at PMBA, SCI, APM ports
 *                         0xb2/0xb3 (see devices/acpi.h)
 */
#ifndef DEVICES_PIIX_H
#define DEVICES_PIIX_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/pci.h"

#define TYPE_PIIX3_PCI_DEVICE "pci-piix3"
#define TYPE_PIIX3_DEVICE "PIIX3"
#define TYPE_PCI_IDE "pci-ide"
#define TYPE_PIIX3_IDE "piix3-ide"
#define TYPE_PIIX4_PM "PIIX4_PM"

/* PIIX3 function 0 (82371SB 2.2). */
#define PIIX_NUM_PIC_IRQS 16 /* ISA IRQs the PIRQs can be routed to */
#define PIIX_NUM_PIRQS 4     /* PIRQA#-PIRQD# */
#define PIIX_PIRQCA 0x60     /* PIRQ route control A..D at 0x60-0x63 */
#define PIIX_RCR_IOPORT 0xcf9

/*
 * Route the INTx lines of piix3's bus through its PIRQ route registers:
 * a device's pin reaches PIRQ map_irq(dev, pin) (the board's wiring),
 * which drives pic[n] (n < 16: ISA IRQ n, the board's GSI lines) when its
 * register holds n and routing is enabled (bit 7 clear).
 */
void piix3_connect_pci_irqs(PCIDevice *piix3, qemu_irq *pic,
                            pci_map_irq_fn map_irq);

/* PIIX4 function 3 (82371AB 3.3.1): what the board configures. */
#define PIIX4_PM_PROP_SMB_IO_BASE "smb_io_base"
#define PIIX4_PM_PROP_SMM_ENABLED "smm-enabled"

#endif /* DEVICES_PIIX_H */
