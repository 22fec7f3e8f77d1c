/*
 * The KVM accelerator ("kvm-accel", -accel kvm), QEMU's sysemu/kvm.h
 * names for what other code may ask of it.  Boards and devices normally
 * need none of this: they reach the accelerator through QOM
 * (machine/accel.h), e.g. the GSI lines of the in-kernel irqchip.
 * Devices that serve guests without the vCPU threads (virtio) use the
 * MSI, irqfd and ioeventfd calls.
 *
 * Calls return >= 0 on success or -errno: -ENODEV when KVM is not in
 * use (or has no in-kernel irqchip, where one is needed), -EINVAL for
 * arguments KVM would refuse, else the ioctl's error.  Call them under
 * the big lock.
 */
#ifndef ACCEL_KVM_KVM_H
#define ACCEL_KVM_KVM_H

#include <stdbool.h>
#include <stdint.h>

/* KVM is the running accelerator. */
bool kvm_enabled(void);
/* The local APICs (and with kernel-irqchip=on the PIC, I/O APIC) are the
 * kernel's. */
bool kvm_irqchip_in_kernel(void);
/*
 * Drive global system interrupt irq of the in-kernel irqchip
 * (KVM_IRQ_LINE).  Returns >= 0, or -errno (-ENODEV without one).
 */
int kvm_set_irq(int irq, int level);

/* ---- MSIs to the in-kernel local APICs ---- */

/*
 * Send the message (address 0xfee0xxxx, data: vector, delivery and
 * trigger mode) now (KVM_SIGNAL_MSI): 1 delivered, 0 refused by the
 * local APICs (no destination, masked).
 */
int kvm_irqchip_send_msi(uint64_t addr, uint32_t data);
/*
 * A GSI ("virq") whose route sends the message, for irqfds: returns the
 * GSI (>= 24), -ENOSPC when none is left.
 */
int kvm_irqchip_add_msi_route(uint64_t addr, uint32_t data);
/* Change or drop an MSI route of kvm_irqchip_add_msi_route(). */
int kvm_irqchip_update_msi_route(int virq, uint64_t addr, uint32_t data);
int kvm_irqchip_release_virq(int virq);

/* ---- irqfds and ioeventfds ---- */

/*
 * Writes to eventfd fd raise GSI virq (an irqchip pin or an MSI route);
 * rfd >= 0 (a level-triggered pin) is signalled when the guest EOIs it.
 */
int kvm_irqchip_add_irqfd_notifier_gsi(int fd, int rfd, int virq);
int kvm_irqchip_remove_irqfd_notifier_gsi(int fd, int virq);
/*
 * A guest write of size bytes (1, 2, 4; MMIO also 8) to port or address
 * addr signals eventfd fd instead of exiting, for any value or, with
 * datamatch, only for val.  assign false removes the same registration.
 */
int kvm_set_ioeventfd_pio(int fd, uint16_t addr, uint16_t val, bool assign,
                          uint32_t size, bool datamatch);
int kvm_set_ioeventfd_mmio(int fd, uint64_t addr, uint64_t val, bool assign,
                           uint32_t size, bool datamatch);

#endif /* ACCEL_KVM_KVM_H */
