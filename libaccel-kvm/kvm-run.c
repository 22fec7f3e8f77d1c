/*
 * vCPU threads and the KVM_RUN loop (QEMU's kvm-accel-ops.c and
 * kvm_cpu_exec, own code).
 *
 * Each vCPU runs in a thread of its own, without the big lock while in
 * the guest; it takes the lock for each exit it hands to the device
 * models (port and MMIO accesses through the memory API) and to load
 * registers.  machine/cpus.h decides when it may run; to make it
 * re-check, other threads kick it: kvm_run->immediate_exit set, then
 * SIG_IPI, which interrupts a KVM_RUN in progress (the flag covers the
 * window just before one starts).  The thread clears the flag only after
 * KVM_RUN returned, and re-checks everything after that.
 *
 * Fatal exits (internal error, failed entry, an unknown exit, a failing
 * KVM_RUN) print what QEMU prints, including the register dump in
 * cpu_dump_state's layout, and end the run with status 1 (QEMU stops the
 * VM in its internal-error state instead).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kvm-internal.h"
#include "machine/cpus.h"
#include "machine/reset.h"
#include "machine/x86-intr.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/thread.h"

/* QEMU's vCPU kick signal. */
#define SIG_IPI SIGUSR1
/* VMX exit reason 33 (Intel SDM vol. 3C, appendix C). */
#define VMX_INVALID_GUEST_STATE 0x80000021ULL

static void kvm_ipi_handler(int sig)
{
    /* Nothing: being delivered is what interrupts KVM_RUN. */
}

void kvm_init_cpu_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = kvm_ipi_handler;
    /* Other syscalls of a vCPU thread (chardev writes) just go on. */
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIG_IPI, &sa, NULL);
}

static void kvm_kick_vcpu_thread(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;

    __atomic_store_n(&kcs->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    pthread_kill(kcs->thread, SIG_IPI);
}

static void kvm_join_vcpu_thread(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;

    if (kcs && kcs->thread_started) {
        pthread_join(kcs->thread, NULL);
        kcs->thread_started = false;
    }
}

static const CpusAccelOps kvm_cpus_ops = {
    .kick_vcpu_thread = kvm_kick_vcpu_thread,
    .join_vcpu_thread = kvm_join_vcpu_thread,
};

void kvm_register_cpus_ops(void)
{
    cpus_register_accel(&kvm_cpus_ops);
}

/*
 * The system reset (a reset handler, so under the big lock, after the
 * devices): every vCPU reloads its whole state before it runs again,
 * and one that triple faulted may run.  The CPUs' reset and the boot
 * state come after this handler, but a vCPU needs the big lock to load
 * its state, so it loads the final one.
 */
void kvm_cpus_reset(void *opaque)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        AccelCPUState *kcs = cpu->accel;

        if (!kcs) {
            continue;
        }
        kvm_cpu_set_put_reset_state(kcs, true);
        __atomic_store_n(&kcs->wait_reset, false, __ATOMIC_SEQ_CST);
        qemu_cpu_kick(cpu);
    }
}

/* ---- Fatal exits ---- */

/* Registers from the vCPU, then QEMU's dump with the code bytes. */
static void kvm_dump_state(CPUState *cpu)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    Error *err = NULL;

    if (!kvm_arch_get_registers(cpu, &err)) {
        error_report_err(err);
        return;
    }
    cpu_dump_state(cpu, buf, CPU_DUMP_CODE);
    fputs(buf->str, stderr);
}

/* vCPUs whose put_reset_state is set (kvm_other_cpus_loading_reset). */
int kvm_cpus_loading_reset;

void kvm_cpu_set_put_reset_state(AccelCPUState *kcs, bool pending)
{
    if (__atomic_exchange_n(&kcs->put_reset_state, pending,
                            __ATOMIC_SEQ_CST) != pending) {
        __atomic_add_fetch(&kvm_cpus_loading_reset, pending ? 1 : -1,
                           __ATOMIC_SEQ_CST);
    }
}

/* This vCPU never runs again: nobody waits for its reset state. */
static void kvm_cpu_set_failed(AccelCPUState *kcs)
{
    __atomic_store_n(&kcs->failed, true, __ATOMIC_SEQ_CST);
    kvm_cpu_set_put_reset_state(kcs, false);
}

/* Report done: this vCPU never runs again and the run ends. */
static void kvm_cpu_fail(CPUState *cpu)
{
    kvm_dump_state(cpu);
    fflush(stderr);
    kvm_cpu_set_failed(cpu->accel);
    qemu_main_loop_request_exit(1);
}

/* Intel SDM vol. 3A, 20: CPL 3 in protected mode. */
static bool kvm_cpu_in_user_mode(CPUState *cpu)
{
    CPUX86State *env = &X86_CPU(cpu)->env;

    return (env->cr[0] & CR0_PE_MASK) && (env->segs[R_CS].selector & 3) == 3;
}

/*
 * QEMU's kvm_handle_internal_error: an emulation failure in user mode
 * is reported and the guest goes on (the kernel injected #UD); anything
 * else stops it.  Returns true to go on.
 */
static bool kvm_handle_internal_error(CPUState *cpu, struct kvm_run *run)
{
    uint32_t i;

    fprintf(stderr, "KVM internal error. Suberror: %d\n",
            run->internal.suberror);
    if (kvm_state->has_intr_error_data) {
        for (i = 0; i < run->internal.ndata && i < 16; i++) {
            fprintf(stderr, "extra data[%u]: 0x%016" PRIx64 "\n", i,
                    (uint64_t)run->internal.data[i]);
        }
    }
    if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION) {
        Error *err = NULL;

        fprintf(stderr, "emulation failure\n");
        if (kvm_arch_get_registers(cpu, &err) && kvm_cpu_in_user_mode(cpu)) {
            kvm_dump_state(cpu);
            return true;
        }
        error_free(err);
    }
    kvm_cpu_fail(cpu);
    return false;
}

/* ---- Exits to the device models ---- */

static void kvm_handle_io(CPUState *cpu, struct kvm_run *run)
{
    uint64_t size = run->io.size;
    uint64_t span = size * run->io.count;
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    bool is_write = run->io.direction == KVM_EXIT_IO_OUT;
    uint32_t i;

    /* The kernel's own layout; checked all the same. */
    if (run->io.data_offset > (uint64_t)kvm_state->vcpu_mmap_size ||
        span > (uint64_t)kvm_state->vcpu_mmap_size - run->io.data_offset) {
        error_report("kvm: KVM_EXIT_IO outside the kvm_run area");
        return;
    }
    for (i = 0; i < run->io.count; i++) {
        address_space_rw(&address_space_io, run->io.port,
                         MEMTXATTRS_UNSPECIFIED, data, size, is_write);
        data += size;
    }
}

static void kvm_handle_mmio(CPUState *cpu, struct kvm_run *run)
{
    uint32_t len = MIN(run->mmio.len, (uint32_t)sizeof(run->mmio.data));

    address_space_rw(&address_space_memory, run->mmio.phys_addr,
                     MEMTXATTRS_UNSPECIFIED, run->mmio.data, len,
                     run->mmio.is_write);
}

/* KVM_EXIT_SYSTEM_EVENT: the guest (PSCI, Hyper-V, ...) asks the host. */
static void kvm_handle_system_event(CPUState *cpu, struct kvm_run *run)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        cpu->accel->wait_reset = true;
        break;
    case KVM_SYSTEM_EVENT_RESET:
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        cpu->accel->wait_reset = true;
        break;
    case KVM_SYSTEM_EVENT_CRASH:
        qemu_log_mask(LOG_GUEST_ERROR, "Guest crashed\n");
        qemu_main_loop_request_exit(0);
        cpu->accel->wait_reset = true;
        break;
    default:
        fprintf(stderr, "KVM: unknown exit reason %d\n", run->exit_reason);
        kvm_cpu_fail(cpu);
        break;
    }
}

/*
 * An exit is handled under the big lock.  Returns true to re-enter the
 * guest, false to go back to the thread loop.
 */
static bool kvm_handle_exit(CPUState *cpu, struct kvm_run *run)
{
    AccelCPUState *kcs = cpu->accel;

    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        kvm_handle_io(cpu, run);
        kcs->exit_pending_completion = true;
        return true;
    case KVM_EXIT_MMIO:
        kvm_handle_mmio(cpu, run);
        kcs->exit_pending_completion = true;
        return true;
    case KVM_EXIT_IRQ_WINDOW_OPEN:
    case KVM_EXIT_INTR:
        return true;
    case KVM_EXIT_IOAPIC_EOI:
        /* kernel-irqchip=split: back to the board's I/O APIC. */
        x86_intr_ioapic_eoi(run->eoi.vector);
        return true;
    case KVM_EXIT_HLT:
        /* Only without the in-kernel LAPIC, which halts in the kernel. */
        cpu->halted = 1;
        return false;
    case KVM_EXIT_SHUTDOWN:
        /* Triple fault: the machine resets (QEMU's guest-reset). */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        kcs->wait_reset = true;
        return false;
    case KVM_EXIT_SYSTEM_EVENT:
        kvm_handle_system_event(cpu, run);
        return false;
    case KVM_EXIT_INTERNAL_ERROR:
        return kvm_handle_internal_error(cpu, run);
    case KVM_EXIT_FAIL_ENTRY: {
        uint64_t code = run->fail_entry.hardware_entry_failure_reason;

        fprintf(stderr, "KVM: entry failed, hardware error 0x%" PRIx64 "\n",
                code);
        if (code == VMX_INVALID_GUEST_STATE) {
            fprintf(stderr,
                    "\nIf you're running a guest on an Intel machine without "
                    "unrestricted mode\nsupport, the failure can be most "
                    "likely due to the guest entering an invalid\nstate for "
                    "Intel VT. For example, the guest maybe running in big "
                    "real mode\nwhich is not supported on less recent Intel "
                    "processors.\n\n");
        }
        kvm_cpu_fail(cpu);
        return false;
    }
    default:
        fprintf(stderr, "KVM: unknown exit reason %d\n", run->exit_reason);
        kvm_cpu_fail(cpu);
        return false;
    }
}

/*
 * Another vCPU has yet to load its reset state.  Until all have, none
 * enters the guest: an AP loading its reset LAPIC and MP state after the
 * BSP sent it INIT and SIPI would lose them and never start (QEMU loads
 * every vCPU's reset state before it resumes any).  Asked before every
 * KVM_RUN: a count, not a walk over the CPUs.
 */
static bool kvm_other_cpus_loading_reset(CPUState *self)
{
    int pending = __atomic_load_n(&kvm_cpus_loading_reset, __ATOMIC_SEQ_CST);

    if (__atomic_load_n(&self->accel->put_reset_state, __ATOMIC_SEQ_CST)) {
        pending--;
    }
    return pending > 0;
}

/* The last vCPU to load its reset state lets the others run. */
static void kvm_reset_loaded(CPUState *self)
{
    CPUState *cpu;

    if (kvm_other_cpus_loading_reset(self)) {
        return;
    }
    CPU_FOREACH(cpu)
    {
        if (cpu != self && cpu->accel) {
            qemu_cpu_kick(cpu);
        }
    }
}

/*
 * Load env into the vCPU (after realize or a reset), under the big lock.
 * An I/O or MMIO exit is completed first (KVM_RUN with immediate_exit),
 * or KVM would finish the old instruction on top of the new state.
 */
static bool kvm_cpu_put_state(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;
    Error *err = NULL;
    bool reset, ok;

    qemu_mutex_lock_iothread();
    if (kcs->exit_pending_completion) {
        __atomic_store_n(&kcs->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
        ioctl(kcs->fd, KVM_RUN, 0);
        __atomic_store_n(&kcs->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        kcs->exit_pending_completion = false;
    }
    reset = kcs->put_reset_state;
    ok = kvm_arch_put_registers(cpu, &err);
    if (ok) {
        kvm_cpu_set_put_reset_state(kcs, false);
        cpu->vcpu_dirty = false;
        /*
         * The kernel's MP state says who runs; else emu's halted does,
         * as the reset left it (an HLT the guest ran after the reset
         * request but before this load must not stick).
         */
        if (kvm_state->irqchip_in_kernel) {
            cpu->halted = 0;
        } else if (reset) {
            cpu->halted = X86_CPU(cpu)->env.mp_state ==
                          X86_MP_STATE_UNINITIALIZED;
        }
    } else {
        error_report_err(err);
        kvm_cpu_set_failed(kcs);
        qemu_main_loop_request_exit(1);
    }
    qemu_mutex_unlock_iothread();
    if (reset) {
        kvm_reset_loaded(cpu);
    }
    return ok;
}

/* Run the guest until something needs the thread loop. */
static void kvm_cpu_exec(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;
    struct kvm_run *run = kcs->run;
    bool go_on = true;

    while (go_on) {
        int ret;

        if ((__atomic_load_n(&kcs->put_reset_state, __ATOMIC_SEQ_CST) ||
             cpu->vcpu_dirty) &&
            !kvm_cpu_put_state(cpu)) {
            return;
        }
        if (!kvm_state->irqchip_in_kernel) {
            /* INIT, SIPI, waking from HLT (kernel-irqchip=off). */
            bool halted = kvm_user_irqchip_process_events(cpu);

            if (__atomic_load_n(&kcs->put_reset_state, __ATOMIC_SEQ_CST) ||
                cpu->vcpu_dirty) {
                continue;
            }
            if (halted) {
                return;
            }
        }
        if (cpu_should_leave_guest(cpu) ||
            __atomic_load_n(&kcs->wait_reset, __ATOMIC_SEQ_CST) ||
            kvm_other_cpus_loading_reset(cpu)) {
            return;
        }
        if (kvm_state->irqchip_split) {
            kvm_irqchip_split_pre_run(cpu, run);
        } else if (!kvm_state->irqchip_in_kernel) {
            kvm_user_irqchip_pre_run(cpu, run);
        }
        ret = ioctl(kcs->fd, KVM_RUN, 0);
        if (ret < 0) {
            int err = errno;

            if (err == EINTR || err == EAGAIN) {
                /* Kicked: clear the flag, then look at why. */
                __atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
                continue;
            }
            qemu_mutex_lock_iothread();
            fprintf(stderr, "error: kvm run failed %s\n", strerror(err));
            kvm_cpu_fail(cpu);
            qemu_mutex_unlock_iothread();
            return;
        }
        kcs->exit_pending_completion = false;
        if (!kvm_state->irqchip_in_kernel) {
            kvm_user_irqchip_post_run(cpu, run);
        }
        qemu_mutex_lock_iothread();
        go_on = kvm_handle_exit(cpu, run);
        qemu_mutex_unlock_iothread();
    }
}

/* What keeps the vCPU out of the guest besides a stop request. */
static bool kvm_cpu_is_idle(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;

    return kcs->failed || __atomic_load_n(&kcs->wait_reset, __ATOMIC_SEQ_CST) ||
           (!kvm_state->irqchip_in_kernel && cpu->halted &&
            !__atomic_load_n(&kcs->put_reset_state, __ATOMIC_SEQ_CST) &&
            !kvm_user_irqchip_can_wake(cpu)) ||
           (!__atomic_load_n(&kcs->put_reset_state, __ATOMIC_SEQ_CST) &&
            kvm_other_cpus_loading_reset(cpu));
}

static void *kvm_vcpu_thread_fn(void *arg)
{
    CPUState *cpu = arg;

    current_cpu = cpu;
    cpu->thread_id = syscall(SYS_gettid);
    /* Only the kick is for this thread; the main loop takes the rest. */
    cpu_thread_block_signals(SIG_IPI);
    cpu_thread_signal_created(cpu);

    while (cpu_thread_wait_to_run(cpu, kvm_cpu_is_idle)) {
        kvm_cpu_exec(cpu);
    }
    current_cpu = NULL;
    return NULL;
}

bool kvm_start_vcpu_thread(CPUState *cpu, Error **errp)
{
    AccelCPUState *kcs = cpu->accel;
    g_autofree char *name = NULL;
    int ret;

    /* Stopped until the VM starts (resume_all_vcpus()). */
    cpu->stop = true;
    /* QEMU's thread name, shown with -name debug-threads=on. */
    name = g_strdup_printf("CPU %d/KVM", cpu->cpu_index);
    ret = qemu_thread_create(&kcs->thread, name, kvm_vcpu_thread_fn, cpu);
    if (ret) {
        error_setg(errp, "failed to create the vCPU thread: %s", strerror(ret));
        return false;
    }
    kcs->thread_started = true;
    cpus_wait_created(cpu);
    return true;
}
