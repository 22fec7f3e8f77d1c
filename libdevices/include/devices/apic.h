/*
 * The local APIC ("apic", parent "apic-common"), QEMU's userspace model
 * of an xAPIC, for accelerators without local APICs of their own (TCG,
 * KVM with kernel-irqchip=off): Intel SDM vol. 3A, chapter 10.
 *
 * One per CPU, the CPU's child "lapic" (/machine/unattached/device[N]/
 * lapic), created by the board (apic_create()) and reached by the CPU
 * side through X86CPU.apic_state and machine/x86-intr.h.  Not on a bus.
 *
 * Properties (QEMU 7.2's): id (uint32, the initial APIC ID; at most 254:
 * no x2APIC), version (uint8, 0x14; the version register reads 0x50014,
 * six LVT entries).
 *
 * The board maps apic_get_io_region() of the first APIC at
 * APIC_DEFAULT_ADDRESS with priority APIC_MSI_PRIORITY, QEMU's "apic-msi"
 * (1 MiB): a CPU's own accesses (current_cpu set) to the first 4 KiB are
 * its APIC's registers; every other write is an interrupt message
 * (SDM 10.11) to the APICs it addresses.  Reads without a current CPU
 * return 0, as in QEMU.
 */
#ifndef DEVICES_APIC_H
#define DEVICES_APIC_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "machine/x86-cpu.h"
#include "util/error.h"

#define TYPE_APIC_COMMON "apic-common"
#define TYPE_APIC "apic"

/* The MSI window (SDM 10.11.1) and QEMU's priority for it. */
#define APIC_SPACE_SIZE 0x100000
#define APIC_MSI_PRIORITY 0x1000

/*
 * Give cpu (not yet realized) its local APIC with initial ID apic_id as
 * its child "lapic" and set cpu->apic_state (QEMU's
 * x86_cpu_apic_create).  Realize it with qdev_realize(dev, NULL, errp)
 * after the CPU: its reset needs the CPU's index (CPU 0 is the BSP).
 */
DeviceState *apic_create(X86CPU *cpu, uint32_t apic_id, Error **errp);

/* The region to map at APIC_DEFAULT_ADDRESS (one for all APICs). */
MemoryRegion *apic_get_io_region(DeviceState *dev);

/*
 * The master 8259's INT, to every CPU's APIC (QEMU's pic_irq_request
 * with apic_deliver_pic_intr): taken as LINT0 by those that accept it
 * (apic_accept_pic_intr()).
 */
void apic_deliver_pic_intr(DeviceState *dev, int level);

/* An external NMI (LINT1), QEMU's apic_deliver_nmi (HMP "nmi"). */
void apic_deliver_nmi(DeviceState *dev);

#endif /* DEVICES_APIC_H */
