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
