/*
 * The execution loop of a TCG vCPU and leaving generated code.
 *
 * cpu_exec() runs translated blocks until something needs the vCPU
 * thread: an exception index >= EXCP_INTERRUPT (halt, exit request, debug)
 * is returned.  Guest exceptions are raised by helpers with
 * cpu_loop_exit(), a siglongjmp back into cpu_exec(), which delivers them
 * through the target's do_interrupt hook.
 */
#ifndef TCG_CPU_EXEC_H
#define TCG_CPU_EXEC_H

#include <glib.h>
#include <stdint.h>

#include "machine/x86-cpu.h"
#include "tcg/tcg.h"
#include "util/error.h"

/* CPUState.exception_index values beyond the guest's vectors. */
#define EXCP_INTERRUPT 0x10000 /* exit request (kick, pause, reset) */
#define EXCP_HLT 0x10001       /* the CPU executed HLT */
#define EXCP_DEBUG 0x10002
#define EXCP_HALTED 0x10003 /* the CPU is halted: wait for work */

static inline CPUState *env_cpu(CPUX86State *env)
{
    return (CPUState *)((char *)env - offsetof(X86CPU, env));
}

/* Leave the block to the cpu_exec loop (state already exact). */
G_NORETURN void cpu_loop_exit(CPUState *cpu);
/*
 * The same after restoring the guest state (EIP, CC_OP) of the
 * instruction whose generated code called from host address retaddr
 * (0: nothing to restore).
 */
G_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
/* Restore only; false if retaddr is not in generated code. */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);

/* Run the vCPU (the caller holds no lock); returns an EXCP_* >= 0x10000. */
int cpu_exec(CPUState *cpu);

/*
 * Harnesses (fuzz/tcg) run a vCPU synchronously on their own thread, with
 * a budget, instead of on its vCPU thread.  The VM must be stopped (its
 * vCPU threads parked, e.g. created with -S and never started) and only
 * one thread may use these at a time.
 *
 * tcg_cpu_exec_bounded() runs cpu until it halts, fails or has run at
 * least max_insns guest instructions (at most one block, 512, more),
 * counted per block the loop dispatches (tb->icount, even when an
 * exception ends the block early).  So that every block comes back to be
 * counted, a bounded run does not chain blocks and its indirect jumps
 * return to the loop.  The CPU's stop flag is not consulted (the caller
 * owns the CPU).  Returns EXCP_INTERRUPT when the
 * budget ran out, EXCP_HALTED or EXCP_HLT when the CPU halted or failed
 * (tcg_exec_take_failure()); *insns (if not NULL) gets the count.
 */
int tcg_cpu_exec_bounded(CPUState *cpu, uint64_t max_insns, uint64_t *insns);
/*
 * Whether cpu stopped on a fatal guest condition (code fetch outside RAM
 * or ROM, an interpreter error) since the last call; clears it, so that
 * the CPU may run again.
 */
bool tcg_exec_take_failure(CPUState *cpu);
/*
 * Drop every block, every CPU's TLB and pending engine state (what the
 * system reset does for TCG); every vCPU must be outside cpu_exec().
 */
void tcg_exec_flush(void);
/*
 * Switch the back end ("jit" or "interp") while no vCPU runs; every
 * block is dropped.  False with errp set for an unknown name or when the
 * code buffer cannot be made.
 */
bool tcg_exec_set_backend(const char *name, Error **errp);
const char *tcg_exec_get_backend(void);
/*
 * The engine's own consistency while no vCPU runs: no lock held, no block
 * running, no exit or exception left pending; the block cache's hash,
 * page lists and jump caches agree with each other and chains are
 * symmetric and lead to valid blocks.  False with errp saying what.
 */
bool tcg_exec_check(Error **errp);

/* Drop every translation-lookaside entry of cpu / of one page. */
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, uint64_t addr);

/*
 * Guest memory from helpers, through the TLB: MMU index mmu_idx, retaddr
 * as for cpu_loop_exit_restore().  Little-endian, zero-extended.
 */
uint64_t cpu_ld_mmu(CPUX86State *env, uint64_t addr, MemOp mop,
                    unsigned mmu_idx, uintptr_t retaddr);
void cpu_st_mmu(CPUX86State *env, uint64_t addr, uint64_t val, MemOp mop,
                unsigned mmu_idx, uintptr_t retaddr);

#endif /* TCG_CPU_EXEC_H */
