/*
 * TCG: the intermediate representation of translated guest code.
 *
 * A front end translates one block of guest code into a list of ops on
 * typed temporaries held in a TCGContext; tcg_optimize() and
 * tcg_liveness_analysis() rewrite the list; a back end (the interpreter in
 * tci.h, the host code generator next) runs it.  Emission helpers are in
 * tcg-op.h, the op table in tcg-opc.h, the semantics in docs/tcg.md.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A guest instruction records up to this many words in insn_start. */
#define TCG_MAX_INSN_START_WORDS 3
/* Outputs + inputs + constants of the widest op (call: 1 + 6 + 1). */
#define TCG_MAX_OP_ARGS 8
#define TCG_MAX_HELPER_ARGS 6
/* Temps per translation (globals included). */
#define TCG_MAX_TEMPS 4096

typedef uint64_t TCGArg;

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
} TCGType;

#if UINTPTR_MAX == UINT64_MAX
#define TCG_TYPE_PTR TCG_TYPE_I64
#else
#define TCG_TYPE_PTR TCG_TYPE_I32
#endif

/*
 * Lifetimes.  An EBB temp dies at the end of its extended basic block (any
 * label); a TB temp lives across branches within the block; a global is a
 * field of the CPU state at env + mem_offset and is what other blocks and
 * helpers see; the fixed temp is env itself; constants are read-only.
 */
typedef enum TCGTempKind {
    TEMP_EBB,
    TEMP_TB,
    TEMP_GLOBAL,
    TEMP_FIXED,
    TEMP_CONST,
} TCGTempKind;

typedef struct TCGTemp {
    TCGTempKind kind;
    TCGType type;
    int64_t val;         /* TEMP_CONST: the value (I32: zero-extended) */
    intptr_t mem_offset; /* TEMP_GLOBAL: offset from env */
    const char *name;    /* globals and env */
} TCGTemp;

/* Opcodes, from tcg-opc.h. */
typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
    NB_OPS,
} TCGOpcode;

enum {
    TCG_OPF_BB_END = 0x01,       /* ends a basic block: globals synced */
    TCG_OPF_BB_EXIT = 0x02,      /* never falls through */
    TCG_OPF_SIDE_EFFECTS = 0x04, /* never removed even if outputs are dead */
    TCG_OPF_64BIT = 0x08,        /* operands are I64 */
    TCG_OPF_NOT_PRESENT = 0x10,  /* generates no host code */
    TCG_OPF_COND_BRANCH = 0x20,
    TCG_OPF_CAN_FAULT = 0x40, /* globals must be exact in env here */
    TCG_OPF_CALL = 0x80,      /* argument counts in TCGOp.call_o/call_i */
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Conditions of setcond, movcond and brcond. */
typedef enum TCGCond {
    TCG_COND_EQ,
    TCG_COND_NE,
    TCG_COND_LT,
    TCG_COND_GE,
    TCG_COND_LE,
    TCG_COND_GT,
    TCG_COND_LTU,
    TCG_COND_GEU,
    TCG_COND_LEU,
    TCG_COND_GTU,
    TCG_NB_CONDS,
} TCGCond;

TCGCond tcg_invert_cond(TCGCond c);
/* The condition that gives the same result with the operands swapped. */
TCGCond tcg_swap_cond(TCGCond c);
const char *tcg_cond_name(TCGCond c);

/* Guest memory access: size, sign extension of loads, endianness. */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_LE = 0,
    MO_BE = 8,
    MO_BSWAP = 8,
    /*
     * A load that reads for a read-modify-write: permissions and faults
     * as for a store (x86 reports #PF with W set on the read).
     */
    MO_WRITE_INTENT = 16,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,
    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
} MemOp;

/* A MemOp with the MMU index (which TLB) of the access. */
typedef uint32_t MemOpIdx;
#define TCG_MAX_MMU_IDX 16

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return (op << 4) | (mmu_idx & 15);
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return oi >> 4;
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

/* Memory barrier kinds (mb argument): which orderings are kept. */
enum {
    TCG_MO_LD_LD = 1,
    TCG_MO_ST_LD = 2,
    TCG_MO_LD_ST = 4,
    TCG_MO_ST_ST = 8,
    TCG_MO_ALL = 15,
};

/*
 * Helpers.  Every helper has the uniform signature
 *     uint64_t helper(uint64_t a0, ..., uint64_t an-1)
 * with n = nb_args (at most 6): I32 values are passed zero-extended and a
 * pointer (env) as its integer value; a void helper returns 0.  The
 * uniform ABI lets the interpreter call a helper through a typed pointer
 * without a foreign-function library and the code generator pass
 * arguments in host registers.
 */
enum {
    TCG_CALL_NO_READ_GLOBALS = 1,  /* does not read globals from env */
    TCG_CALL_NO_WRITE_GLOBALS = 2, /* does not write globals in env */
    TCG_CALL_NO_SIDE_EFFECTS = 4,  /* removable when its result is dead */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_PURE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
};

typedef struct TCGHelperInfo {
    void (*func)(void); /* cast to the n-argument signature above */
    const char *name;
    unsigned flags;
    uint8_t nb_args;
    bool has_ret;
    TCGType ret_type;
} TCGHelperInfo;

/*
 * The value of exit_tb: the TranslationBlock pointer (aligned) plus the
 * index of the goto_tb slot that was not chained, or TB_EXIT_REQUESTED when
 * the block stopped early (interrupt or exit request).
 */
#define TB_EXIT_MASK 3
#define TB_EXIT_IDX0 0
#define TB_EXIT_IDX1 1
#define TB_EXIT_REQUESTED 3

typedef struct TCGLabel {
    int id;
    int refs;     /* branches to it */
    bool present; /* set_label emitted */
} TCGLabel;

/*
 * TCGOp.life: bit n set means argument n dies here (DEAD_ARG), bit 16+n
 * that output n is a global to be written back to env (SYNC_ARG).
 */
#define DEAD_ARG(n) (1u << (n))
#define SYNC_ARG(n) (1u << (16 + (n)))

typedef struct TCGOp {
    TCGOpcode opc;
    uint8_t call_o, call_i; /* call only */
    uint32_t life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

/* One translation.  Globals stay registered across tcg_func_start(). */
typedef struct TCGContext {
    TCGTemp *temps;
    int nb_temps, nb_globals, temps_alloc;
    TCGOp *ops;
    int nb_ops, ops_alloc;
    TCGLabel **labels;
    int nb_labels, labels_alloc;
    size_t env_size;       /* bytes of the CPU state reachable from env */
    int insn_start_words;  /* words per insn_start (1..3) */
    GHashTable *consts[2]; /* value -> temp index + 1, per type */
} TCGContext;

/* The context the tcg_gen_* functions of this thread append to. */
extern __thread TCGContext *tcg_ctx;

/*
 * Set up s for a CPU state of env_size bytes with insn_start_words words
 * per instruction, and make it the thread's context.  Temp 0 is env.
 */
void tcg_context_init(TCGContext *s, size_t env_size, int insn_start_words);
void tcg_context_destroy(TCGContext *s);
void tcg_set_ctx(TCGContext *s);
/* Start a new block: drop the ops, labels and non-global temps. */
void tcg_func_start(TCGContext *s);

/* Temp numbers are TCGArg values in op arguments. */
static inline TCGTemp *tcg_temp(TCGContext *s, TCGArg idx)
{
    return &s->temps[idx];
}

int tcg_temp_alloc(TCGContext *s, TCGTempKind kind, TCGType type);
/* The constant temp for val in type (shared within the translation). */
int tcg_constant_temp(TCGContext *s, TCGType type, int64_t val);
int tcg_global_mem_alloc(TCGContext *s, TCGType type, intptr_t offset,
                         const char *name);

TCGLabel *gen_new_label(void);
static inline TCGArg label_arg(TCGLabel *l)
{
    return (TCGArg)(uintptr_t)l;
}
static inline TCGLabel *arg_label(TCGArg a)
{
    return (TCGLabel *)(uintptr_t)a;
}

/* Append an op and return it (args zeroed); pointers die on the next. */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc);
int tcg_op_nb_oargs(const TCGOp *op);
int tcg_op_nb_iargs(const TCGOp *op);
int tcg_op_nb_cargs(const TCGOp *op);
/* Remove the ops marked nop (passes mark, then compact). */
void tcg_compact_ops(TCGContext *s);

/*
 * Passes, run in this order by the translator: constant folding, copy
 * propagation, algebraic simplification and branch folding; then the
 * backward liveness pass, which deletes ops whose results are unused and
 * fills TCGOp.life.
 */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);

/* Print the ops QEMU-style (-d op, -d op_opt) into buf. */
void tcg_dump_ops(TCGContext *s, GString *buf, bool have_life);
/* Print under the -d mask (CPU_LOG_TB_OP or CPU_LOG_TB_OP_OPT). */
void tcg_log_ops(TCGContext *s, int mask, const char *title);

#endif /* TCG_TCG_H */
