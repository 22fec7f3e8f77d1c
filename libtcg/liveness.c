/*
 * Liveness: one backward pass that
 *  - removes ops whose outputs are all dead and that have no side effects
 *    (a flag computation overwritten before anyone reads it disappears
 *    here), helper calls flagged TCG_CALL_NO_SIDE_EFFECTS included;
 *  - sets TCGOp.life: DEAD_ARG(n) when argument n is not used after the op,
 *    SYNC_ARG(n) when output n is a global whose value must reach env.
 *
 * A global must be in env ("needs memory") at the end of the block, at
 * every basic block boundary, before an op that can fault (a guest load or
 * store: the state must be exact if it does), before a helper that may read
 * globals, and before one that may write them (it may write only some; the
 * others are read back from env after the call).  Temps die where the
 * TB is left (exit_tb, goto_ptr); inside it TB temps are assumed live at
 * every label and branch, EBB temps die at labels and at br.  ld/st
 * through env must not touch a field that backs a global (the front end
 * reads and writes those through the global).
 */
#include "tcg-internal.h"

typedef struct LiveState {
    bool *live;     /* the value is read later */
    bool *need_mem; /* globals: the value must be in env later */
} LiveState;

static void globals_to_mem(TCGContext *s, LiveState *ls, bool keep_live)
{
    for (int i = 1; i < s->nb_globals; i++) {
        ls->need_mem[i] = true;
        if (!keep_live) {
            ls->live[i] = false;
        }
    }
}

/*
 * A basic block boundary inside the TB: a branch target may read any TB
 * temp; an EBB temp is dead unless execution falls through.
 */
static void bb_end(TCGContext *s, LiveState *ls, bool falls_through)
{
    globals_to_mem(s, ls, falls_through);
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        if (s->temps[i].kind == TEMP_TB) {
            ls->live[i] = true;
        } else if (s->temps[i].kind == TEMP_EBB && !falls_through) {
            ls->live[i] = false;
        }
    }
}

/* Leaving the TB: only the globals in env survive. */
static void tb_end(TCGContext *s, LiveState *ls)
{
    globals_to_mem(s, ls, false);
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        ls->live[i] = false;
    }
}

static bool is_tracked(TCGContext *s, TCGArg t)
{
    TCGTempKind k = s->temps[t].kind;
    return k != TEMP_CONST && k != TEMP_FIXED;
}

static bool op_removable(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    if (op->opc == INDEX_op_call) {
        const TCGHelperInfo *info =
            (const TCGHelperInfo *)(uintptr_t)op->args[op->call_o + op->call_i];
        return info->flags & TCG_CALL_NO_SIDE_EFFECTS;
    }
    if (op->opc == INDEX_op_insn_start || op->opc == INDEX_op_discard) {
        return false;
    }
    return !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END));
}

void tcg_liveness_analysis(TCGContext *s)
{
    LiveState ls;
    ls.live = g_new0(bool, s->nb_temps);
    ls.need_mem = g_new0(bool, s->nb_temps);

    /* At the end of the block the globals are what the next one reads. */
    tb_end(s, &ls);

    for (int n = s->nb_ops - 1; n >= 0; n--) {
        TCGOp *op = &s->ops[n];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        uint32_t life = 0;

        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            bb_end(s, &ls, false);
            continue;
        }
        if (op->opc == INDEX_op_discard) {
            ls.live[op->args[0]] = false;
            ls.need_mem[op->args[0]] = false;
            continue;
        }

        bool all_dead = true;
        for (int i = 0; i < no; i++) {
            TCGArg t = op->args[i];
            if (ls.live[t] || ls.need_mem[t]) {
                all_dead = false;
            }
        }
        if (all_dead && op_removable(op)) {
            op->opc = INDEX_op_nop;
            continue;
        }

        for (int i = 0; i < no; i++) {
            TCGArg t = op->args[i];
            if (!ls.live[t] && !ls.need_mem[t]) {
                life |= DEAD_ARG(i);
            }
            if (ls.need_mem[t]) {
                life |= SYNC_ARG(i);
            }
            ls.live[t] = false;
            ls.need_mem[t] = false;
        }

        if (op->opc == INDEX_op_call) {
            const TCGHelperInfo *info =
                (const TCGHelperInfo *)(uintptr_t)op->args[no + ni];
            if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                globals_to_mem(s, &ls, false);
            } else if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
                globals_to_mem(s, &ls, true);
            }
        } else if (op->opc == INDEX_op_exit_tb ||
                   op->opc == INDEX_op_goto_ptr) {
            tb_end(s, &ls);
        } else if (op->opc == INDEX_op_goto_tb) {
            /* Chained or not, globals reach env; temps go on as they are. */
            globals_to_mem(s, &ls, true);
        } else if (def->flags & TCG_OPF_BB_END) {
            bb_end(s, &ls, !(def->flags & TCG_OPF_BB_EXIT));
        } else if (def->flags & TCG_OPF_CAN_FAULT) {
            globals_to_mem(s, &ls, true);
        }

        for (int i = no; i < no + ni; i++) {
            TCGArg t = op->args[i];
            if (is_tracked(s, t) && !ls.live[t]) {
                life |= DEAD_ARG(i);
            }
        }
        for (int i = no; i < no + ni; i++) {
            if (is_tracked(s, op->args[i])) {
                ls.live[op->args[i]] = true;
            }
        }
        op->life = life;
    }

    tcg_compact_ops(s);
    g_free(ls.live);
    g_free(ls.need_mem);
}
