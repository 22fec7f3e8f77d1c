/*
 * The host code generator: TCG ops -> x86-64 machine code.
 *
 * tcg_gen_code() compiles the op list of a TCGContext (after tcg_optimize()
 * and tcg_liveness_analysis(), whose TCGOp.life drives register
 * allocation) into a TCGCodeBuffer, an executable region with W^X (the
 * code is written through one mapping and run through another, or the
 * pages are flipped with mprotect).  The generated code computes exactly
 * what tci_exec() computes for the same ops (tci.h is the oracle).
 *
 * Guest memory ops inline the softmmu TLB lookup (tcg/cputlb.h) and call
 * the configured slow paths on a miss with the host return address, so a
 * fault can be mapped back to its guest instruction with
 * tcg_host_tb_find_insn().
 */
#ifndef TCG_TCG_CODEGEN_H
#define TCG_TCG_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/tcg.h"

typedef struct TCGCodegenConfig {
    /*
     * env + tlb_ptr_offset holds a CPUTLBTable * (cputlb.h); negative:
     * no inline fast path, every guest access calls the slow path.
     */
    intptr_t tlb_ptr_offset;
    /* Slow paths, uniform helper ABI (see helper_ld_mmu in cputlb.h). */
    uint64_t (*ld_slow)(uint64_t env, uint64_t addr, uint64_t oi,
                        uint64_t retaddr);
    uint64_t (*st_slow)(uint64_t env, uint64_t addr, uint64_t val,
                        uint64_t oi, uint64_t retaddr);
} TCGCodegenConfig;

typedef struct TCGCodeBuffer TCGCodeBuffer;

/* An executable buffer of size bytes (rounded to pages); NULL on error. */
TCGCodeBuffer *tcg_code_buffer_new(size_t size, const TCGCodegenConfig *cfg);
void tcg_code_buffer_free(TCGCodeBuffer *buf);
/* Forget every block (after the caller has dropped its references). */
void tcg_code_buffer_reset(TCGCodeBuffer *buf);
size_t tcg_code_buffer_used(const TCGCodeBuffer *buf);
size_t tcg_code_buffer_size(const TCGCodeBuffer *buf);

/* What tcg_gen_code() produced for one block. */
typedef struct TCGHostTB {
    const void *code; /* entry point (executable mapping) */
    uint32_t size;    /* bytes of code */
    /* goto_tb slot n: offset of its patchable jump, UINT32_MAX if absent. */
    uint32_t jmp_insn_offset[2];
    /* Where the unchained jump of slot n goes (the exit_tb path). */
    uint32_t jmp_reset_offset[2];
    /* Search data for tcg_host_tb_find_insn() (owned; freed below). */
    void *search;
} TCGHostTB;

/*
 * Compile the ops of s.  Returns 0; -1 when the buffer is full (reset it
 * and translate again); -2 when an op cannot be compiled (a bug: the
 * message goes to stderr).
 */
int tcg_gen_code(TCGContext *s, TCGCodeBuffer *buf, TCGHostTB *out);
/* Free what out holds (not the code: that goes with the buffer). */
void tcg_host_tb_free(TCGHostTB *tb);

/*
 * Point goto_tb slot n of from at dest (host code of another block) or,
 * with dest NULL, back at the exit path.  One aligned 4-byte store, safe
 * while other threads run the block.
 */
void tcg_host_tb_set_jump(TCGHostTB *from, unsigned n, const void *dest);

/*
 * Run the block at code on env (the CPU state; temp 0 of the context).
 * Returns the value of the exit_tb that ended the run (chained blocks
 * included), or 0 after goto_ptr to 0.  goto_ptr to a non-zero value
 * jumps to that host code address.
 */
uintptr_t tcg_host_exec(TCGCodeBuffer *buf, void *env, const void *code);

/*
 * The guest instruction whose code contains host_pc (a return address
 * from a call inside tb's code): its 0-based insn_start index and words.
 * false if host_pc is not inside tb.
 */
bool tcg_host_tb_find_insn(const TCGHostTB *tb, uintptr_t host_pc,
                           int *index, uint64_t data[TCG_MAX_INSN_START_WORDS]);

#endif /* TCG_TCG_CODEGEN_H */
