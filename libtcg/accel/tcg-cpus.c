/*
 * TCG vCPU threads (QEMU's multi-threaded TCG: one host thread per
 * vCPU).  A thread runs cpu_exec() without the big lock whenever
 * machine/cpus.h lets it run, and sleeps there while its CPU is halted
 * with nothing to do.  Other threads kick it by raising its exit
 * request, which every block checks on entry.
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "accel-internal.h"
#include "machine/cpus.h"
#include "util/thread.h"
#include "x86-tcg.h"

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    tcg_cpu_exit(cpu);
}

static void tcg_join_vcpu_thread(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    if (tcs && tcs->thread_started) {
        pthread_join(tcs->thread, NULL);
        tcs->thread_started = false;
    }
}

static const CpusAccelOps tcg_cpus_ops = {
    .kick_vcpu_thread = tcg_kick_vcpu_thread,
    .join_vcpu_thread = tcg_join_vcpu_thread,
};

void tcg_register_cpus_ops(void)
{
    cpus_register_accel(&tcg_cpus_ops);
}

/*
 * The system reset, with every vCPU paused: the images the loaders put
 * back and the CPUs' new state make every block, TLB entry and chain
 * stale.
 */
void tcg_cpus_reset(void *opaque)
{
    CPUState *cpu;

    tb_flush_all();
    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;

        if (tcs) {
            tlb_flush(cpu);
            tcs->cflags_next_tb = 0;
            cpu->exception_index = -1;
        }
    }
}

static bool tcg_cpu_is_idle(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    return tcs->failed || (cpu->halted && !x86_cpu_has_work(cpu));
}

static void *tcg_vcpu_thread_fn(void *arg)
{
    CPUState *cpu = arg;

    current_cpu = cpu;
    cpu->thread_id = syscall(SYS_gettid);
    /* Kicks are flags, not signals: the main loop takes every signal. */
    cpu_thread_block_signals(0);
    tcg_cpu_context_init(cpu);
    cpu_thread_signal_created(cpu);

    while (cpu_thread_wait_to_run(cpu, tcg_cpu_is_idle)) {
        cpu_exec(cpu);
    }
    tcg_context_destroy(&((AccelCPUState *)cpu->accel)->ctx);
    current_cpu = NULL;
    return NULL;
}

bool tcg_start_vcpu_thread(CPUState *cpu, Error **errp)
{
    AccelCPUState *tcs = cpu->accel;
    g_autofree char *name = NULL;
    int ret;

    /* Stopped until the VM starts (resume_all_vcpus()). */
    cpu->stop = true;
    name = g_strdup_printf("CPU %d/TCG", cpu->cpu_index);
    ret = qemu_thread_create(&tcs->thread, name, tcg_vcpu_thread_fn, cpu);
    if (ret) {
        error_setg(errp, "failed to create the vCPU thread: %s", strerror(ret));
        return false;
    }
    tcs->thread_started = true;
    cpus_wait_created(cpu);
    return true;
}
