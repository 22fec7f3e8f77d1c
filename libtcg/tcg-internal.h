/*
 * Private to libtcg: the one definition of what each value op computes,
 * shared by the interpreter and the optimiser's constant folding so that
 * folding can never disagree with execution.
 */
#ifndef TCG_INTERNAL_H
#define TCG_INTERNAL_H

#include "tcg/tcg.h"

/*
 * Compute the outputs of a value op (no memory, no control flow) from its
 * inputs and constant arguments.  I32 values are held zero-extended in
 * uint64_t and results come back that way.  Returns false for ops that are
 * not value ops.  Defined for every input: see docs/tcg.md for the cases
 * the IR leaves open (shift counts, division by zero, overflow).
 */
bool tcg_eval_op(TCGOpcode opc, const uint64_t *in, const TCGArg *cargs,
                 uint64_t *out);
bool tcg_eval_cond(TCGCond c, uint64_t x, uint64_t y, bool is64);

static inline bool tcg_op_is_64(TCGOpcode opc)
{
    return tcg_op_defs[opc].flags & TCG_OPF_64BIT;
}

#endif /* TCG_INTERNAL_H */
