/*
 * kernel-irqchip=off: no interrupt controller in the kernel.  The board
 * gives every CPU emu's own local APIC ("apic", libdevices, reached
 * through machine/x86-intr.h) next to its 8259 pair, I/O APIC and PIT,
 * and the vCPU threads do what the kernel's irqchip would (QEMU's
 * kvm_arch_pre_run, kvm_arch_post_run, kvm_arch_process_async_events):
 *
 * - interrupts: the vector the APIC (or, through LINT0, the 8259) has
 *   for the CPU goes in with KVM_INTERRUPT when the vCPU can take it
 *   (kvm_irqchip_split_pre_run(), shared with split's ExtINT), NMIs with
 *   KVM_NMI;
 * - CR8 and IA32_APIC_BASE: the kernel keeps them in kvm_run (cr8,
 *   apic_base), copied to the APIC after each exit and the TPR back
 *   before each entry;
 * - HLT exits to userspace: the vCPU waits in its thread until an
 *   interrupt it can take (IF was set at the HLT), an NMI, INIT or SIPI;
 * - INIT and SIPI (IPIs from another APIC): INIT resets the CPU and its
 *   APIC, an AP then waits for a SIPI, which starts it in real mode at
 *   the vector's page.  KVM keeps no MP state without its irqchip.
 */
#include <errno.h>
#include <string.h>

#include "kvm-internal.h"
#include "machine/cpus.h"
#include "machine/x86-intr.h"
#include "util/error-report.h"
#include "util/main-loop.h"

static DeviceState *cpu_apic(CPUState *cpu)
{
    return X86_CPU(cpu)->apic_state;
}

static uint32_t pending(CPUState *cpu, uint32_t mask)
{
    return __atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST) & mask;
}

bool kvm_user_irqchip_can_wake(CPUState *cpu)
{
    struct kvm_run *run = cpu->accel->run;

    /* IF as the guest had it at its HLT. */
    return pending(cpu, CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI |
                            CPU_INTERRUPT_NMI | CPU_INTERRUPT_POLL) ||
           (pending(cpu, CPU_INTERRUPT_HARD) && run->if_flag);
}

bool kvm_user_irqchip_process_events(CPUState *cpu)
{
    DeviceState *apic = cpu_apic(cpu);
    AccelCPUState *kcs = cpu->accel;
    bool halted;

    qemu_mutex_lock_iothread();
    if (pending(cpu, CPU_INTERRUPT_INIT)) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_INIT);
        /* The CPU's INIT state, then its APIC's; an AP waits for SIPI. */
        cpu_reset(cpu);
        if (apic) {
            apic_init_reset(apic);
        }
        kvm_cpu_set_put_reset_state(kcs, true);
    }
    if (pending(cpu, CPU_INTERRUPT_SIPI)) {
        bool waited = cpu->halted;

        /* Clears the request; starts the CPU if it waits for one. */
        if (apic) {
            apic_sipi(apic);
        } else {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_SIPI);
        }
        /* Started now: load its real-mode entry (a running CPU ignores it). */
        if (waited && !cpu->halted) {
            cpu->vcpu_dirty = true;
        }
    }
    if (pending(cpu, CPU_INTERRUPT_POLL)) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_POLL);
        if (apic) {
            apic_poll_irq(apic);
        }
    }
    if (cpu->halted && X86_CPU(cpu)->env.mp_state != X86_MP_STATE_UNINITIALIZED &&
        ((pending(cpu, CPU_INTERRUPT_HARD) && kcs->run->if_flag) ||
         pending(cpu, CPU_INTERRUPT_NMI))) {
        cpu->halted = 0;
    }
    halted = cpu->halted;
    qemu_mutex_unlock_iothread();
    return halted;
}

void kvm_user_irqchip_pre_run(CPUState *cpu, struct kvm_run *run)
{
    DeviceState *apic = cpu_apic(cpu);

    if (pending(cpu, CPU_INTERRUPT_NMI)) {
        int ret;

        cpu_reset_interrupt(cpu, CPU_INTERRUPT_NMI);
        ret = kvm_vcpu_ioctl(cpu, KVM_NMI, NULL);
        if (ret < 0) {
            error_report("KVM: injection failed, NMI lost (%s)",
                         strerror(-ret));
        }
    }
    kvm_irqchip_split_pre_run(cpu, run);
    if (apic) {
        qemu_mutex_lock_iothread();
        /* The vector taken may leave others pending: HARD again. */
        apic_poll_irq(apic);
        run->cr8 = cpu_get_apic_tpr(apic);
        qemu_mutex_unlock_iothread();
        if (pending(cpu, CPU_INTERRUPT_HARD)) {
            run->request_interrupt_window = 1;
        }
    }
}

void kvm_user_irqchip_post_run(CPUState *cpu, struct kvm_run *run)
{
    DeviceState *apic = cpu_apic(cpu);

    if (!apic) {
        return;
    }
    qemu_mutex_lock_iothread();
    cpu_set_apic_tpr(apic, run->cr8);
    /* The kernel checked the write (#GP for reserved bits). */
    cpu_set_apic_base(apic, run->apic_base);
    qemu_mutex_unlock_iothread();
}
