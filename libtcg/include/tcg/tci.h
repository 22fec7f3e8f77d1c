/*
 * TCI: the TCG interpreter, the portable back end and the oracle the host
 * code generator is checked against.
 *
 * tci_prog_new() snapshots a finished op list (after tcg_optimize() and
 * tcg_liveness_analysis(), or as emitted) into a program that no longer
 * needs the TCGContext, so the context can translate the next block while
 * the program lives in the translation block cache.  Programs interpret
 * the ops themselves, with labels resolved to op indices; there is no
 * separate bytecode (see docs/tcg.md for why).
 */
#ifndef TCG_TCI_H
#define TCG_TCI_H

#include "tcg/tcg.h"

/*
 * Guest memory for qemu_ld/qemu_st, provided by the softmmu.  The callback
 * does the size and byte order of get_memop(oi) and returns the value
 * zero-extended (the interpreter applies MO_SIGN).  It returns false when
 * the access faults, after recording whatever the CPU needs (exception,
 * fault address) in its own state; the interpreter then stops the block.
 * It must not change the env fields that back globals otherwise.
 */
typedef struct TCIMemOps {
    bool (*load)(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val);
    bool (*store)(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val);
} TCIMemOps;

typedef enum TCIExit {
    TCI_EXIT_TB,       /* exit_tb: exit_val is its value */
    TCI_EXIT_GOTO_PTR, /* goto_ptr: exit_val is the target */
    TCI_EXIT_FAULT,    /* a guest access faulted: see insn_* */
    TCI_EXIT_ERROR,    /* malformed program: error says what */
} TCIExit;

typedef struct TCIResult {
    TCIExit exit;
    uintptr_t exit_val;
    int goto_tb; /* the last goto_tb passed, -1 if none */
    /* The guest instruction current when the block stopped. */
    int insn_index; /* 0-based count of insn_start, -1 before one */
    uint64_t insn_data[TCG_MAX_INSN_START_WORDS];
    const struct TCIProg *prog; /* the program that stopped */
    const char *error;
} TCIResult;

typedef struct TCIProg TCIProg;

TCIProg *tci_prog_new(TCGContext *s);
void tci_prog_free(TCIProg *p);
/* Chain goto_tb slot to dest (NULL: unchain, fall through to exit_tb). */
void tci_prog_set_jump(TCIProg *p, unsigned slot, TCIProg *dest);
int tci_prog_nb_ops(const TCIProg *p);
/* A pointer the owner keeps with the program (the engine: its block). */
void tci_prog_set_opaque(TCIProg *p, void *opaque);
void *tci_prog_get_opaque(const TCIProg *p);
/* The program tci_exec() runs in this thread now (NULL outside). */
const TCIProg *tci_running_prog(void);

/*
 * Run p (and the programs chained from it) on the CPU state env, whose
 * size is the env_size of the context.  Never crashes on any program:
 * malformed ones stop with TCI_EXIT_ERROR.
 */
TCIExit tci_exec(const TCIProg *p, void *env, const TCIMemOps *mem,
                 void *opaque, TCIResult *res);

#endif /* TCG_TCI_H */
