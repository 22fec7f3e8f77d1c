/*
 * The KVM accelerator ("kvm-accel", -accel kvm), QEMU's sysemu/kvm.h
 * names for what other code may ask of it.  Boards and devices normally
 * need none of this: they reach the accelerator through QOM
 * (machine/accel.h), e.g. the GSI lines of the in-kernel irqchip.
 */
#ifndef ACCEL_KVM_KVM_H
#define ACCEL_KVM_KVM_H

#include <stdbool.h>

/* KVM is the running accelerator. */
bool kvm_enabled(void);
/* The PIC, I/O APIC and local APICs are the kernel's (kernel-irqchip). */
bool kvm_irqchip_in_kernel(void);
/*
 * Drive global system interrupt irq of the in-kernel irqchip
 * (KVM_IRQ_LINE).  Returns >= 0, or -errno (-ENODEV without one).
 */
int kvm_set_irq(int irq, int level);

#endif /* ACCEL_KVM_KVM_H */
