/*
 * Running vCPUs (machine/cpus.h): the pause/resume handshake between the
 * main loop and the accelerator's vCPU threads, QEMU's softmmu/cpus.c
 * model with a private lock instead of the big lock's conditions.
 */
#include <glib.h>
#include <pthread.h>
#include <signal.h>

#include "machine/cpus.h"
#include "util/main-loop.h"

__thread CPUState *current_cpu;

static GMutex cpus_lock;
static GCond cpus_cond;
static const CpusAccelOps *cpus_accel;
static bool cpus_resumed;

void cpus_register_accel(const CpusAccelOps *ops)
{
    cpus_accel = ops;
    cpus_resumed = false;
}

void cpu_thread_block_signals(int keep)
{
    static const int faults[] = {SIGBUS, SIGSEGV, SIGFPE, SIGILL, SIGABRT};
    sigset_t set;

    sigfillset(&set);
    for (size_t i = 0; i < G_N_ELEMENTS(faults); i++) {
        sigdelset(&set, faults[i]);
    }
    if (keep) {
        sigdelset(&set, keep);
    }
    pthread_sigmask(SIG_SETMASK, &set, NULL);
}

void cpu_thread_signal_created(CPUState *cpu)
{
    g_mutex_lock(&cpus_lock);
    cpu->created = true;
    g_cond_broadcast(&cpus_cond);
    g_mutex_unlock(&cpus_lock);
}

void cpus_wait_created(CPUState *cpu)
{
    g_mutex_lock(&cpus_lock);
    while (!cpu->created) {
        g_cond_wait(&cpus_cond, &cpus_lock);
    }
    g_mutex_unlock(&cpus_lock);
}

bool cpu_thread_wait_to_run(CPUState *cpu, bool (*idle)(CPUState *cpu))
{
    bool run;

    g_mutex_lock(&cpus_lock);
    for (;;) {
        if (cpu->unplug) {
            run = false;
            break;
        }
        if (cpu->stop || (idle && idle(cpu))) {
            if (!cpu->stopped) {
                cpu->stopped = true;
                g_cond_broadcast(&cpus_cond);
            }
            g_cond_wait(&cpus_cond, &cpus_lock);
            continue;
        }
        run = true;
        break;
    }
    cpu->stopped = !run;
    g_cond_broadcast(&cpus_cond);
    g_mutex_unlock(&cpus_lock);
    return run;
}

bool cpu_should_leave_guest(CPUState *cpu)
{
    return __atomic_load_n(&cpu->stop, __ATOMIC_SEQ_CST) ||
           __atomic_load_n(&cpu->unplug, __ATOMIC_SEQ_CST);
}

void qemu_cpu_kick(CPUState *cpu)
{
    g_mutex_lock(&cpus_lock);
    g_cond_broadcast(&cpus_cond);
    g_mutex_unlock(&cpus_lock);
    if (cpus_accel && cpus_accel->kick_vcpu_thread && cpu->created) {
        cpus_accel->kick_vcpu_thread(cpu);
    }
}

void cpu_interrupt(CPUState *cpu, int mask)
{
    __atomic_or_fetch(&cpu->interrupt_request, (uint32_t)mask,
                      __ATOMIC_SEQ_CST);
    if (current_cpu != cpu) {
        qemu_cpu_kick(cpu);
    }
}

void cpu_reset_interrupt(CPUState *cpu, int mask)
{
    __atomic_and_fetch(&cpu->interrupt_request, ~(uint32_t)mask,
                       __ATOMIC_SEQ_CST);
}

/* Every vCPU thread but the caller's has stopped.  cpus_lock held. */
static bool all_others_stopped(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        if (cpu != current_cpu && cpu->created && !cpu->stopped) {
            return false;
        }
    }
    return true;
}

void pause_all_vcpus(void)
{
    bool locked = qemu_mutex_iothread_locked();
    CPUState *cpu;

    g_mutex_lock(&cpus_lock);
    cpus_resumed = false;
    CPU_FOREACH(cpu)
    {
        __atomic_store_n(&cpu->stop, true, __ATOMIC_SEQ_CST);
    }
    g_mutex_unlock(&cpus_lock);
    if (!cpus_accel) {
        return;
    }
    CPU_FOREACH(cpu)
    {
        qemu_cpu_kick(cpu);
    }
    /* A vCPU waiting for the big lock must get it to reach its stop. */
    if (locked) {
        qemu_mutex_unlock_iothread();
    }
    g_mutex_lock(&cpus_lock);
    while (!all_others_stopped()) {
        g_cond_wait(&cpus_cond, &cpus_lock);
    }
    g_mutex_unlock(&cpus_lock);
    if (locked) {
        qemu_mutex_lock_iothread();
    }
}

void resume_all_vcpus(void)
{
    CPUState *cpu;

    g_mutex_lock(&cpus_lock);
    cpus_resumed = true;
    CPU_FOREACH(cpu)
    {
        __atomic_store_n(&cpu->stop, false, __ATOMIC_SEQ_CST);
    }
    g_cond_broadcast(&cpus_cond);
    g_mutex_unlock(&cpus_lock);
}

bool vcpus_resumed(void)
{
    bool r;

    g_mutex_lock(&cpus_lock);
    r = cpus_resumed;
    g_mutex_unlock(&cpus_lock);
    return r;
}

void cpus_exit_all(void)
{
    CPUState *cpu;

    g_assert(!current_cpu && !qemu_mutex_iothread_locked());
    g_mutex_lock(&cpus_lock);
    cpus_resumed = false;
    CPU_FOREACH(cpu)
    {
        __atomic_store_n(&cpu->stop, true, __ATOMIC_SEQ_CST);
        __atomic_store_n(&cpu->unplug, true, __ATOMIC_SEQ_CST);
    }
    g_mutex_unlock(&cpus_lock);
    if (!cpus_accel) {
        return;
    }
    CPU_FOREACH(cpu)
    {
        if (!cpu->created) {
            continue;
        }
        qemu_cpu_kick(cpu);
        if (cpus_accel->join_vcpu_thread) {
            cpus_accel->join_vcpu_thread(cpu);
        }
        cpu->created = false;
    }
}
