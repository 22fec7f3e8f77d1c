/*
 * The in-kernel interrupt controllers (kernel-irqchip=on, QEMU 7.2's pc
 * default): the kernel's dual i8259, I/O APIC and local APICs, its i8254
 * PIT, and the GSI routing QEMU gives a PC (kvm_pc_setup_irq_routing):
 * ISA IRQ n reaches PIC input n and I/O APIC pin n, except IRQ 0, which
 * the I/O APIC takes on pin 2 (the MP/ACPI interrupt source override).
 * Device interrupts reach the kernel through KVM_IRQ_LINE; the kernel's
 * devices then own their ports (0x20, 0xa0, 0x40-0x43, 0x4d0) and the
 * I/O APIC and local APIC windows, so the board's own models of them
 * see no guest access.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kvm-internal.h"
#include "util/error-report.h"

#define KVM_PC_GSI_COUNT 24
#define KVM_PIC_PINS 8

int kvm_set_irq(int irq, int level)
{
    struct kvm_irq_level event = {.irq = irq, .level = level};
    int ret;

    if (!kvm_state || !kvm_state->irqchip_in_kernel) {
        return -ENODEV;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_IRQ_LINE, &event);
    if (ret < 0) {
        error_report("kvm_set_irq: KVM_IRQ_LINE %d failed: %s", irq,
                     strerror(-ret));
    }
    return ret;
}

static void kvm_gsi_handler(void *opaque, int n, int level)
{
    kvm_set_irq(n, level);
}

qemu_irq kvm_get_gsi_irq(AccelState *accel, unsigned gsi)
{
    KVMState *s = KVM_ACCEL(accel);

    if (!s->irqchip_in_kernel || gsi >= KVM_PC_GSI_COUNT) {
        return NULL;
    }
    return s->gsi_irqs[gsi];
}

static void add_route(struct kvm_irq_routing *r, uint32_t gsi, uint32_t irqchip,
                      uint32_t pin)
{
    struct kvm_irq_routing_entry *e = &r->entries[r->nr++];

    memset(e, 0, sizeof(*e));
    e->gsi = gsi;
    e->type = KVM_IRQ_ROUTING_IRQCHIP;
    e->u.irqchip.irqchip = irqchip;
    e->u.irqchip.pin = pin;
}

static int kvm_pc_setup_irq_routing(KVMState *s)
{
    /* 7 + 8 PIC routes and 23 I/O APIC routes. */
    g_autofree struct kvm_irq_routing *r =
        g_malloc0(sizeof(*r) + 48 * sizeof(r->entries[0]));
    uint32_t i;

    for (i = 0; i < KVM_PIC_PINS; i++) {
        /* Pin 2 of the master is the cascade. */
        if (i != 2) {
            add_route(r, i, KVM_IRQCHIP_PIC_MASTER, i);
        }
    }
    for (i = KVM_PIC_PINS; i < 2 * KVM_PIC_PINS; i++) {
        add_route(r, i, KVM_IRQCHIP_PIC_SLAVE, i - KVM_PIC_PINS);
    }
    for (i = 0; i < KVM_PC_GSI_COUNT; i++) {
        if (i == 0) {
            add_route(r, 0, KVM_IRQCHIP_IOAPIC, 2);
        } else if (i != 2) {
            add_route(r, i, KVM_IRQCHIP_IOAPIC, i);
        }
    }
    return kvm_vm_ioctl(s, KVM_SET_GSI_ROUTING, r);
}

bool kvm_irqchip_create(KVMState *s, Error **errp)
{
    struct kvm_pit_config pit = {.flags = 0};
    int ret;

    if (!kvm_vm_check_extension(s, KVM_CAP_IRQCHIP)) {
        error_setg(errp, "kernel-irqchip=on requested but KVM does not "
                         "support KVM_CAP_IRQCHIP (kernel-irqchip=off is "
                         "not supported yet)");
        return false;
    }
    ret = kvm_vm_ioctl(s, KVM_CREATE_IRQCHIP, NULL);
    if (ret < 0) {
        fprintf(stderr, "Create kernel irqchip failed: %s\n", strerror(-ret));
        error_setg(errp, "%s", strerror(-ret));
        return false;
    }
    if (!kvm_vm_check_extension(s, KVM_CAP_PIT2)) {
        error_setg(errp, "kvm does not support KVM_CAP_PIT2 (the in-kernel "
                         "PIT; a userspace PIT is not supported yet)");
        return false;
    }
    ret = kvm_vm_ioctl(s, KVM_CREATE_PIT2, &pit);
    if (ret < 0) {
        error_setg(errp, "Create kernel PIC irqchip failed: %s",
                   strerror(-ret));
        return false;
    }
    if (!kvm_vm_check_extension(s, KVM_CAP_IRQ_ROUTING)) {
        error_setg(errp, "kvm does not support KVM_CAP_IRQ_ROUTING");
        return false;
    }
    ret = kvm_pc_setup_irq_routing(s);
    if (ret < 0) {
        error_setg(errp, "KVM_SET_GSI_ROUTING failed: %s", strerror(-ret));
        return false;
    }
    s->gsi_irqs = qemu_allocate_irqs(kvm_gsi_handler, s, KVM_PC_GSI_COUNT);
    s->irqchip_in_kernel = true;
    return true;
}
