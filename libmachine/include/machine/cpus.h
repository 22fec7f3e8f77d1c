/*
 * Running vCPUs: QEMU's generic vCPU control (softmmu/cpus.c names),
 * independent of the accelerator.
 *
 * An accelerator that runs each vCPU in a thread of its own (KVM)
 * registers CpusAccelOps; its threads loop on cpu_thread_wait_to_run()
 * and run guest code in between.  pause_all_vcpus() / resume_all_vcpus()
 * (QMP stop/cont, the VM start) and cpus_exit_all() (the end of the run)
 * then work for any of them; without registered ops (the qtest
 * accelerator, whose CPUs never run) they do nothing.
 *
 * Locking: the run-control fields of CPUState (stop, stopped, unplug,
 * created) are guarded by a lock private to this file, never held while
 * taking the big lock.  pause_all_vcpus() drops the big lock while it
 * waits, so that a vCPU blocked on it can finish its exit and stop.
 */
#ifndef MACHINE_CPUS_H
#define MACHINE_CPUS_H

#include <stdbool.h>

#include "machine/cpu.h"

/* The vCPU the calling thread runs, NULL outside vCPU threads (QEMU's). */
extern __thread CPUState *current_cpu;

typedef struct CpusAccelOps {
    /*
     * Make cpu's thread leave guest code soon (any thread; the thread
     * then re-checks what it should do).
     */
    void (*kick_vcpu_thread)(CPUState *cpu);
    /* Wait for cpu's thread to end (after cpus_exit_all() asked it to). */
    void (*join_vcpu_thread)(CPUState *cpu);
} CpusAccelOps;

/* The running accelerator's thread operations (NULL: none). */
void cpus_register_accel(const CpusAccelOps *ops);

/* ---- For vCPU threads ---- */

/*
 * Block every signal in the calling vCPU thread but the synchronous
 * faults (SIGBUS, SIGSEGV, SIGFPE, SIGILL, SIGABRT) and keep (0: none),
 * the accelerator's kick: the main loop takes the others.
 */
void cpu_thread_block_signals(int keep);
/* The thread is up: wakes whoever waits in cpus_wait_created(). */
void cpu_thread_signal_created(CPUState *cpu);
/* Wait until cpu's thread has called cpu_thread_signal_created(). */
void cpus_wait_created(CPUState *cpu);
/*
 * Block while cpu must not run guest code: it is asked to stop (it then
 * counts as stopped for pause_all_vcpus()), or idle(cpu) says it has
 * nothing to do (idle may be NULL).  Returns false when the thread must
 * end (cpus_exit_all()).  Call without the big lock.
 */
bool cpu_thread_wait_to_run(CPUState *cpu, bool (*idle)(CPUState *cpu));
/* Whether cpu's thread should leave guest code now (stop or exit). */
bool cpu_should_leave_guest(CPUState *cpu);

/* ---- For everyone ---- */

/*
 * Wake cpu's thread: re-evaluate idle() and leave guest code (QEMU's
 * qemu_cpu_kick).
 */
void qemu_cpu_kick(CPUState *cpu);
/*
 * Stop every vCPU and wait until each has (QEMU's pause_all_vcpus).  From
 * a vCPU thread, that vCPU stops when it returns to its loop.  The big
 * lock, if held, is dropped while waiting.
 */
void pause_all_vcpus(void);
/*
 * Raise (cpu_interrupt) or clear the mask bits of cpu->interrupt_request
 * (CPU_INTERRUPT_*), QEMU's names.  Raising kicks cpu's thread, unless
 * the caller is that thread: it looks at the bits before entering the
 * guest again.  Under the big lock; the vCPU thread reads the bits
 * atomically without it.
 */
void cpu_interrupt(CPUState *cpu, int mask);
void cpu_reset_interrupt(CPUState *cpu, int mask);
/* Let every vCPU run again (QEMU's resume_all_vcpus). */
void resume_all_vcpus(void);
/* Whether the last of pause/resume_all_vcpus() was a resume. */
bool vcpus_resumed(void);
/*
 * End every vCPU thread and wait for it (the end of the run).  Call
 * without the big lock, from a thread that is not a vCPU's.
 */
void cpus_exit_all(void);

#endif /* MACHINE_CPUS_H */
