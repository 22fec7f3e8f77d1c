/*
 * The wires between an x86 CPU's interrupt logic and the board's
 * interrupt controllers, for when the two sides live in different
 * libraries (the local APICs in the KVM kernel under
 * kernel-irqchip=split, the 8259 pair and the I/O APIC in libdevices).
 * The board registers its ends; the CPU side calls them.
 *
 * - INTR: the master 8259's INT raises CPU_INTERRUPT_HARD on the BSP
 *   (the board's line, QEMU's pic_irq_request); the CPU takes the vector
 *   with the INTA cycles, cpu_get_pic_interrupt().
 * - Interrupt messages go to the local APICs as MSI writes to
 *   0xfee00000 in the system address space (no wire needed); the I/O
 *   APIC also tells the CPU side what each pin sends, since KVM needs
 *   the level-triggered vectors to report their EOI.
 * - EOI: a local APIC's EOI of a level-triggered vector goes back to
 *   the I/O APIC (x86_intr_ioapic_eoi()).
 */
#ifndef MACHINE_X86_INTR_H
#define MACHINE_X86_INTR_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/x86-cpu.h"

/*
 * The INTA cycles: the vector of the 8259 pair's highest request (QEMU's
 * cpu_get_pic_interrupt), -1 when the board has no 8259.
 */
int cpu_get_pic_interrupt(CPUX86State *env);
void x86_intr_set_pic_intack(int (*intack)(void *opaque), void *opaque);

/*
 * The message I/O APIC pin sends (an MSI address and data), or none
 * (masked); the handler, if any, learns of every change.
 */
typedef void (*X86IOAPICRouteHandler)(void *opaque, unsigned pin, bool masked,
                                      uint32_t addr, uint32_t data);
void x86_intr_set_ioapic_route_handler(X86IOAPICRouteHandler handler,
                                       void *opaque);
void x86_intr_ioapic_route_changed(unsigned pin, bool masked, uint32_t addr,
                                   uint32_t data);

/* A local APIC's EOI of vector, to the I/O APICs (QEMU's broadcast). */
void x86_intr_ioapic_eoi(int vector);
void x86_intr_set_ioapic_eoi_handler(void (*eoi)(int vector));

#endif /* MACHINE_X86_INTR_H */
