/*
 * The I/O APIC ("ioapic"), QEMU's sysbus device for the PC's interrupt
 * router (Intel 82093AA, version 0x20 with the ICH's EOI register).
 *
 * The board maps MMIO region 0 at IO_APIC_DEFAULT_ADDRESS and wires its
 * 24 unnamed GPIO inputs ("unnamed-gpio-in[N]") to the GSIs.  As in QEMU
 * 7.2, input 0 (ISA IRQ 0, the PIT) drives pin 2, the interrupt source
 * override every PC's firmware tables describe.  Interrupts leave as
 * MSI-style 32-bit writes to 0xfee00000 | ... in the system address
 * space, where the local APIC decodes them.
 *
 * Property: version (uint8, 0x20 or 0x11; pc-i440fx-2.7 and older 0x11).
 */
#ifndef DEVICES_IOAPIC_H
#define DEVICES_IOAPIC_H

#define TYPE_IOAPIC "ioapic"

#define IOAPIC_NUM_PINS 24
#define IO_APIC_DEFAULT_ADDRESS 0xfec00000

/*
 * A local APIC's EOI for a level-triggered interrupt: every I/O APIC
 * clears remote IRR on the entries programmed with vector (and delivers
 * again those whose input is still asserted).  QEMU's entry point name.
 */
void ioapic_eoi_broadcast(int vector);

#endif /* DEVICES_IOAPIC_H */
