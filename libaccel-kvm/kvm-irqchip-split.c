/*
 * kernel-irqchip=split (QEMU's default for q35 and microvm): the local
 * APICs stay in the kernel (KVM_CAP_SPLIT_IRQCHIP), the I/O APIC, the
 * 8259 pair and the PIT are the board's own models, which then take the
 * GSIs (kvm_get_gsi_irq() gives the board no lines) and their ports.
 * Documentation/virt/kvm/api.rst: KVM_CAP_SPLIT_IRQCHIP,
 * KVM_EXIT_IOAPIC_EOI, KVM_INTERRUPT.
 *
 * - Interrupt messages (the I/O APIC's, later PCI MSIs) are writes to
 *   0xfee00000-0xfeefffff in the system address space: a region there
 *   turns each into KVM_SIGNAL_MSI (QEMU's kvm-apic-msi).  The guest's
 *   own accesses to its local APIC never get here: the kernel takes them.
 * - EOIs: the kernel reports the EOI of a vector the I/O APIC sent
 *   level-triggered as KVM_EXIT_IOAPIC_EOI, which goes back to the I/O
 *   APIC.  It knows those vectors from the MSI routes of GSIs 0-23
 *   (KVM_CAP_SPLIT_IRQCHIP's reserved pins), so each pin's route mirrors
 *   its redirection table entry.
 * - ExtINT: the master 8259's INT raises CPU_INTERRUPT_HARD on the BSP;
 *   before entering the guest the vCPU thread runs the INTA cycle and
 *   queues the vector with KVM_INTERRUPT once the kernel says the vCPU
 *   takes it (IF set, LVT0 in ExtINT mode), or asks for an exit when it
 *   can (request_interrupt_window).
 */
#include <errno.h>
#include <string.h>

#include "kvm-internal.h"
#include "machine/cpus.h"
#include "machine/x86-intr.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/main-loop.h"

/* Intel SDM vol. 3A, 11.11.1: the MSI address window of the local APICs. */
#define APIC_MSI_BASE 0xfee00000ULL
#define APIC_MSI_SIZE 0x100000ULL
/* QEMU's priority for its APIC window: above the PCI hole's contents. */
#define APIC_MSI_PRIORITY 0x1000

static uint64_t kvm_apic_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    /* Only device DMA reads get here; there is nothing to read. */
    qemu_log_mask(LOG_GUEST_ERROR,
                  "kvm-apic-msi: %u-byte read at 0x%llx: the MSI window "
                  "cannot be read\n",
                  size, (unsigned long long)(APIC_MSI_BASE + addr));
    return ~0ULL;
}

static void kvm_apic_msi_write(void *opaque, hwaddr addr, uint64_t data,
                               unsigned size)
{
    int ret = kvm_irqchip_send_msi(APIC_MSI_BASE + addr, (uint32_t)data);

    /* 0: the local APICs refused it (masked or no destination). */
    if (ret < 0) {
        error_report("kvm: KVM_SIGNAL_MSI to 0x%llx (data 0x%x) failed: %s",
                     (unsigned long long)(APIC_MSI_BASE + addr), (uint32_t)data,
                     strerror(-ret));
    }
}

/* An interrupt message is one dword write (PCI 3.0, 6.8.1.3). */
static const MemoryRegionOps kvm_apic_msi_ops = {
    .read = kvm_apic_msi_read,
    .write = kvm_apic_msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 4, .max_access_size = 4},
    .impl = {.min_access_size = 4, .max_access_size = 4},
};

/* The route of I/O APIC pin: an MSI route while it may send, else none. */
static void kvm_split_ioapic_route(void *opaque, unsigned pin, bool masked,
                                   uint32_t addr, uint32_t data)
{
    KVMState *s = opaque;
    struct kvm_irq_routing_entry e;
    bool was = s->split_route_valid & (1u << pin);

    if (pin >= KVM_PC_GSI_COUNT) {
        return;
    }
    kvm_msi_route_entry(&e, pin, addr, data);
    if (masked ? !was : was && !memcmp(&e, &s->split_routes[pin], sizeof(e))) {
        return;
    }
    kvm_irqchip_remove_route(s, pin);
    if (masked) {
        s->split_route_valid &= ~(1u << pin);
    } else {
        s->split_routes[pin] = e;
        s->split_route_valid |= 1u << pin;
        kvm_irqchip_add_route(s, &e);
    }
    kvm_irqchip_commit_routes(s);
}

bool kvm_irqchip_create_split(KVMState *s, Error **errp)
{
    struct kvm_enable_cap cap = {
        .cap = KVM_CAP_SPLIT_IRQCHIP,
        .args = {KVM_PC_GSI_COUNT},
    };
    int ret;

    if (!kvm_vm_check_extension(s, KVM_CAP_SIGNAL_MSI)) {
        error_setg(errp, "kernel-irqchip=split requested but KVM does not "
                         "support KVM_CAP_SIGNAL_MSI");
        return false;
    }
    ret = kvm_vm_check_extension(s, KVM_CAP_SPLIT_IRQCHIP)
              ? kvm_vm_ioctl(s, KVM_ENABLE_CAP, &cap)
              : -EINVAL;
    if (ret < 0) {
        /* QEMU 7.2's text. */
        error_setg(errp, "Could not enable split irqchip mode: %s",
                   strerror(-ret));
        return false;
    }
    x86_intr_set_ioapic_route_handler(kvm_split_ioapic_route, s);
    return true;
}

void kvm_irqchip_split_setup_post(KVMState *s)
{
    memory_region_init_io(&s->apic_msi, OBJECT(s), &kvm_apic_msi_ops, s,
                          "kvm-apic-msi", APIC_MSI_SIZE);
    memory_region_add_subregion_overlap(get_system_memory(), APIC_MSI_BASE,
                                        &s->apic_msi, APIC_MSI_PRIORITY);
}

void kvm_irqchip_split_pre_run(CPUState *cpu, struct kvm_run *run)
{
    uint32_t pending =
        __atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST) &
        CPU_INTERRUPT_HARD;

    if (pending && run->ready_for_interrupt_injection) {
        int vector;

        qemu_mutex_lock_iothread();
        /* The INTA cycle may raise INT again: clear the request first. */
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
        vector = cpu_get_pic_interrupt(&X86_CPU(cpu)->env);
        qemu_mutex_unlock_iothread();
        if (vector >= 0) {
            struct kvm_interrupt intr = {.irq = (uint32_t)vector};
            int ret = kvm_vcpu_ioctl(cpu, KVM_INTERRUPT, &intr);

            if (ret < 0) {
                error_report("kvm: KVM_INTERRUPT vector %d failed: %s", vector,
                             strerror(-ret));
            }
        }
        pending = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST) &
                  CPU_INTERRUPT_HARD;
    }
    /* Exit as soon as the vCPU takes the one still pending. */
    run->request_interrupt_window = pending ? 1 : 0;
}
