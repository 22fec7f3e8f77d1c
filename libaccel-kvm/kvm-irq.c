/*
 * Interrupts into KVM: the GSI routing table, KVM_IRQ_LINE, MSIs
 * (KVM_SIGNAL_MSI and MSI routes) and irqfds, and the in-kernel
 * interrupt controllers of kernel-irqchip=on (QEMU 7.2's pc default):
 * the kernel's dual i8259, I/O APIC and local APICs, its i8254 PIT, and
 * the GSI routing QEMU gives a PC (kvm_pc_setup_irq_routing): ISA IRQ n
 * reaches PIC input n and I/O APIC pin n, except IRQ 0, which the I/O
 * APIC takes on pin 2 (the MP/ACPI interrupt source override).  Device
 * interrupts reach the kernel through KVM_IRQ_LINE; the kernel's devices
 * then own their ports (0x20, 0xa0, 0x40-0x43, 0x4d0) and the I/O APIC
 * and local APIC windows, so the board's own models of them see no
 * guest access.  kernel-irqchip=split is kvm-irqchip-split.c.
 *
 * The routing table is kept here whole, since KVM_SET_GSI_ROUTING
 * replaces it whole: GSIs below KVM_PC_GSI_COUNT belong to the irqchip,
 * those above to MSI routes handed out by kvm_irqchip_add_msi_route().
 * Everything here runs under the big lock.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kvm-internal.h"
#include "util/error-report.h"

#define KVM_PIC_PINS 8
/* Never more MSI routes than this, whatever KVM_CAP_IRQ_ROUTING says. */
#define KVM_MAX_GSI 1024

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

    if (!s->gsi_irqs || gsi >= KVM_PC_GSI_COUNT) {
        return NULL;
    }
    return s->gsi_irqs[gsi];
}

/* ---- The routing table ---- */

void kvm_irqchip_remove_route(KVMState *s, uint32_t gsi)
{
    guint i = 0;

    while (s->irq_routes && i < s->irq_routes->len) {
        if (g_array_index(s->irq_routes, struct kvm_irq_routing_entry, i).gsi ==
            gsi) {
            g_array_remove_index(s->irq_routes, i);
        } else {
            i++;
        }
    }
}

void kvm_irqchip_add_route(KVMState *s, const struct kvm_irq_routing_entry *e)
{
    if (!s->irq_routes) {
        s->irq_routes =
            g_array_new(false, true, sizeof(struct kvm_irq_routing_entry));
    }
    g_array_append_val(s->irq_routes, *e);
}

int kvm_irqchip_commit_routes(KVMState *s)
{
    guint n = s->irq_routes ? s->irq_routes->len : 0;
    g_autofree struct kvm_irq_routing *r =
        g_malloc0(sizeof(*r) + n * sizeof(r->entries[0]));
    int ret;

    r->nr = n;
    if (n) {
        memcpy(r->entries, s->irq_routes->data, n * sizeof(r->entries[0]));
    }
    ret = kvm_vm_ioctl(s, KVM_SET_GSI_ROUTING, r);
    if (ret < 0) {
        error_report("kvm: KVM_SET_GSI_ROUTING failed: %s", strerror(-ret));
    }
    return ret;
}

static void add_irqchip_route(KVMState *s, uint32_t gsi, uint32_t irqchip,
                              uint32_t pin)
{
    struct kvm_irq_routing_entry e = {
        .gsi = gsi,
        .type = KVM_IRQ_ROUTING_IRQCHIP,
        .u.irqchip = {.irqchip = irqchip, .pin = pin},
    };

    kvm_irqchip_add_route(s, &e);
}

void kvm_msi_route_entry(struct kvm_irq_routing_entry *e, uint32_t gsi,
                         uint64_t addr, uint32_t data)
{
    memset(e, 0, sizeof(*e));
    e->gsi = gsi;
    e->type = KVM_IRQ_ROUTING_MSI;
    e->u.msi.address_lo = (uint32_t)addr;
    e->u.msi.address_hi = (uint32_t)(addr >> 32);
    e->u.msi.data = data;
}

/* ---- MSIs ---- */

int kvm_irqchip_send_msi(uint64_t addr, uint32_t data)
{
    struct kvm_msi msi = {
        .address_lo = (uint32_t)addr,
        .address_hi = (uint32_t)(addr >> 32),
        .data = data,
    };

    if (!kvm_state || !kvm_state->irqchip_in_kernel) {
        return -ENODEV;
    }
    return kvm_vm_ioctl(kvm_state, KVM_SIGNAL_MSI, &msi);
}

int kvm_irqchip_add_msi_route(uint64_t addr, uint32_t data)
{
    struct kvm_irq_routing_entry e;
    KVMState *s = kvm_state;
    int gsi, ret;

    if (!s || !s->irqchip_in_kernel) {
        return -ENODEV;
    }
    for (gsi = KVM_PC_GSI_COUNT; gsi < s->max_gsi; gsi++) {
        if (!g_hash_table_contains(s->msi_gsis, GINT_TO_POINTER(gsi))) {
            break;
        }
    }
    if (gsi >= s->max_gsi) {
        return -ENOSPC;
    }
    kvm_msi_route_entry(&e, gsi, addr, data);
    kvm_irqchip_add_route(s, &e);
    ret = kvm_irqchip_commit_routes(s);
    if (ret < 0) {
        kvm_irqchip_remove_route(s, gsi);
        return ret;
    }
    g_hash_table_add(s->msi_gsis, GINT_TO_POINTER(gsi));
    return gsi;
}

/* An MSI route of kvm_irqchip_add_msi_route(), or -EINVAL. */
static int kvm_check_msi_gsi(KVMState *s, int virq)
{
    if (!s || !s->irqchip_in_kernel) {
        return -ENODEV;
    }
    return g_hash_table_contains(s->msi_gsis, GINT_TO_POINTER(virq)) ? 0
                                                                     : -EINVAL;
}

int kvm_irqchip_update_msi_route(int virq, uint64_t addr, uint32_t data)
{
    struct kvm_irq_routing_entry e;
    int ret = kvm_check_msi_gsi(kvm_state, virq);

    if (ret < 0) {
        return ret;
    }
    kvm_irqchip_remove_route(kvm_state, virq);
    kvm_msi_route_entry(&e, virq, addr, data);
    kvm_irqchip_add_route(kvm_state, &e);
    return kvm_irqchip_commit_routes(kvm_state);
}

int kvm_irqchip_release_virq(int virq)
{
    int ret = kvm_check_msi_gsi(kvm_state, virq);

    if (ret < 0) {
        return ret;
    }
    kvm_irqchip_remove_route(kvm_state, virq);
    g_hash_table_remove(kvm_state->msi_gsis, GINT_TO_POINTER(virq));
    return kvm_irqchip_commit_routes(kvm_state);
}

/* ---- kernel-irqchip=on ---- */

static void kvm_pc_setup_irq_routing(KVMState *s)
{
    uint32_t i;

    for (i = 0; i < KVM_PIC_PINS; i++) {
        /* Pin 2 of the master is the cascade. */
        if (i != 2) {
            add_irqchip_route(s, i, KVM_IRQCHIP_PIC_MASTER, i);
        }
    }
    for (i = KVM_PIC_PINS; i < 2 * KVM_PIC_PINS; i++) {
        add_irqchip_route(s, i, KVM_IRQCHIP_PIC_SLAVE, i - KVM_PIC_PINS);
    }
    for (i = 0; i < KVM_PC_GSI_COUNT; i++) {
        if (i == 0) {
            add_irqchip_route(s, 0, KVM_IRQCHIP_IOAPIC, 2);
        } else if (i != 2) {
            add_irqchip_route(s, i, KVM_IRQCHIP_IOAPIC, i);
        }
    }
}

static bool kvm_irqchip_create_full(KVMState *s, Error **errp)
{
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
    /* The PIT comes with the board's kvm-pit (kvm-chipset.c). */
    kvm_pc_setup_irq_routing(s);
    if (kvm_irqchip_commit_routes(s) < 0) {
        error_setg(errp, "KVM_SET_GSI_ROUTING failed");
        return false;
    }
    s->gsi_irqs = qemu_allocate_irqs(kvm_gsi_handler, s, KVM_PC_GSI_COUNT);
    return true;
}

bool kvm_irqchip_create(KVMState *s, KVMIrqchipMode mode, Error **errp)
{
    int max;

    if (!kvm_vm_check_extension(s, KVM_CAP_IRQ_ROUTING)) {
        error_setg(errp, "kvm does not support KVM_CAP_IRQ_ROUTING");
        return false;
    }
    /* KVM_CAP_IRQ_ROUTING: how many GSIs the routing table may name. */
    max = kvm_vm_check_extension(s, KVM_CAP_IRQ_ROUTING);
    s->max_gsi = MIN(MAX(max, KVM_PC_GSI_COUNT), KVM_MAX_GSI);
    s->msi_gsis = g_hash_table_new(NULL, NULL);
    if (mode == KVM_IRQCHIP_SPLIT ? !kvm_irqchip_create_split(s, errp)
                                  : !kvm_irqchip_create_full(s, errp)) {
        return false;
    }
    s->irqchip_in_kernel = true;
    s->irqchip_split = mode == KVM_IRQCHIP_SPLIT;
    return true;
}

void kvm_irqchip_free(KVMState *s)
{
    if (s->irq_routes) {
        g_array_free(s->irq_routes, true);
        s->irq_routes = NULL;
    }
    if (s->msi_gsis) {
        g_hash_table_destroy(s->msi_gsis);
        s->msi_gsis = NULL;
    }
}
