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
 * - A userspace local APIC (libdevices' "apic", when the accelerator
 *   has none: TCG, KVM with kernel-irqchip=off) sits between them: it
 *   registers its operations (x86_intr_set_apic_ops()) and the CPU side
 *   reaches it through X86CPU.apic_state with QEMU's function names
 *   below.  It raises CPU_INTERRUPT_HARD on its CPU when it has a
 *   vector to deliver (or the 8259's ExtINT through LINT0), NMI, SMI,
 *   INIT and SIPI as their CPU_INTERRUPT_* bits.
 */
#ifndef MACHINE_X86_INTR_H
#define MACHINE_X86_INTR_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/x86-cpu.h"

/*
 * The INTA cycles (QEMU's cpu_get_pic_interrupt): with a userspace local
 * APIC, its vector (apic_get_interrupt()) unless it lets the 8259 pair
 * answer (ExtINT); then the vector of the pair's highest request, -1
 * when there is none or the board has no 8259.
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

/* ---- The userspace local APIC, for the CPU side ---- */

/* What the local APIC model provides (dev: an X86CPU's apic_state). */
typedef struct X86APICOps {
    int (*get_interrupt)(DeviceState *dev);
    bool (*accept_pic_intr)(DeviceState *dev);
    void (*poll_irq)(DeviceState *dev);
    void (*sipi)(DeviceState *dev);
    void (*init_reset)(DeviceState *dev);
    bool (*set_base)(DeviceState *dev, uint64_t val);
    uint64_t (*get_base)(DeviceState *dev);
    void (*set_tpr)(DeviceState *dev, uint8_t val);
    uint8_t (*get_tpr)(DeviceState *dev);
    void (*set_tsc_deadline)(DeviceState *dev, uint64_t deadline,
                             int64_t expire_ns);
    uint64_t (*get_tsc_deadline)(DeviceState *dev);
} X86APICOps;
void x86_intr_set_apic_ops(const X86APICOps *ops);

/*
 * INTA of the local APIC (Intel SDM vol. 3A, 10.8.4): the highest IRR
 * vector above the processor priority moves to ISR and is returned; the
 * spurious vector when the pending one is masked by the processor
 * priority; -1 when nothing is pending, the APIC is software-disabled,
 * or the 8259's ExtINT goes first (cpu_get_pic_interrupt() does all).
 */
int apic_get_interrupt(DeviceState *dev);
/*
 * Whether the 8259's INT reaches this CPU: its APIC is hardware-disabled
 * (LINT0 is then plain INTR) or LVT LINT0 is unmasked in ExtINT mode.
 */
bool apic_accept_pic_intr(DeviceState *dev);
/* Re-evaluate CPU_INTERRUPT_HARD (after the CPU took an ExtINT). */
void apic_poll_irq(DeviceState *dev);
/*
 * The CPU's CPU_INTERRUPT_SIPI request: clear it and, if the CPU waits
 * for a start-up IPI (after INIT, not the BSP), start it at the vector
 * the SIPI carried (x86_cpu_do_sipi()).
 */
void apic_sipi(DeviceState *dev);
/*
 * INIT (after CPU_INTERRUPT_INIT, once the CPU itself is reset): every
 * register to its reset value except the APIC ID and IA32_APIC_BASE;
 * an AP then waits for a SIPI (SDM 10.4.7.3).
 */
void apic_init_reset(DeviceState *dev);
/*
 * IA32_APIC_BASE (SDM 10.4.4): the global enable bit and the base.  The
 * BSP flag is read-only; false (the caller raises #GP) for x2APIC mode
 * (not supported, logged as a guest error) or reserved bits.
 */
bool cpu_set_apic_base(DeviceState *dev, uint64_t val);
uint64_t cpu_get_apic_base(DeviceState *dev);
/* CR8: TPR bits 7:4 (SDM 10.8.6.1). */
void cpu_set_apic_tpr(DeviceState *dev, uint8_t val);
uint8_t cpu_get_apic_tpr(DeviceState *dev);
/*
 * IA32_TSC_DEADLINE (SDM 10.5.4.1), in TSC-deadline timer mode only:
 * the CPU side converts its TSC to the virtual clock, expire_ns being
 * the QEMU_CLOCK_VIRTUAL time at which its TSC reaches deadline (the
 * accelerator keeps TSC = offset + virtual ns * tsc_khz / 10^6).  0
 * disarms.  The timer interrupt clears the MSR; in other modes writes
 * are ignored and reads return 0.
 */
void apic_set_tsc_deadline(DeviceState *dev, uint64_t deadline,
                           int64_t expire_ns);
uint64_t apic_get_tsc_deadline(DeviceState *dev);

/*
 * Start cpu at a start-up IPI's vector (SDM 8.4.4.1): real mode, CS
 * selector vector << 8, base vector << 12, IP 0; no longer halted.
 */
void x86_cpu_do_sipi(X86CPU *cpu, uint8_t vector);

#endif /* MACHINE_X86_INTR_H */
