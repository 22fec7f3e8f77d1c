/*
 * TCG context: temps, labels, the op list and the op table.
 */
#include "tcg/tcg.h"

#include <assert.h>
#include <string.h>

__thread TCGContext *tcg_ctx;

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = {#n, o, i, c, f},
#include "tcg/tcg-opc.h"
};

static const char *const cond_names[TCG_NB_CONDS] = {
    [TCG_COND_EQ] = "eq",   [TCG_COND_NE] = "ne",   [TCG_COND_LT] = "lt",
    [TCG_COND_GE] = "ge",   [TCG_COND_LE] = "le",   [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu", [TCG_COND_LEU] = "leu",
    [TCG_COND_GTU] = "gtu",
};

const char *tcg_cond_name(TCGCond c)
{
    return (unsigned)c < TCG_NB_CONDS ? cond_names[c] : "??";
}

TCGCond tcg_invert_cond(TCGCond c)
{
    static const TCGCond inv[TCG_NB_CONDS] = {
        [TCG_COND_EQ] = TCG_COND_NE,   [TCG_COND_NE] = TCG_COND_EQ,
        [TCG_COND_LT] = TCG_COND_GE,   [TCG_COND_GE] = TCG_COND_LT,
        [TCG_COND_LE] = TCG_COND_GT,   [TCG_COND_GT] = TCG_COND_LE,
        [TCG_COND_LTU] = TCG_COND_GEU, [TCG_COND_GEU] = TCG_COND_LTU,
        [TCG_COND_LEU] = TCG_COND_GTU, [TCG_COND_GTU] = TCG_COND_LEU,
    };
    return inv[c];
}

TCGCond tcg_swap_cond(TCGCond c)
{
    static const TCGCond swp[TCG_NB_CONDS] = {
        [TCG_COND_EQ] = TCG_COND_EQ,   [TCG_COND_NE] = TCG_COND_NE,
        [TCG_COND_LT] = TCG_COND_GT,   [TCG_COND_GE] = TCG_COND_LE,
        [TCG_COND_LE] = TCG_COND_GE,   [TCG_COND_GT] = TCG_COND_LT,
        [TCG_COND_LTU] = TCG_COND_GTU, [TCG_COND_GEU] = TCG_COND_LEU,
        [TCG_COND_LEU] = TCG_COND_GEU, [TCG_COND_GTU] = TCG_COND_LTU,
    };
    return swp[c];
}

void tcg_set_ctx(TCGContext *s)
{
    tcg_ctx = s;
}

void tcg_context_init(TCGContext *s, size_t env_size, int insn_start_words)
{
    assert(insn_start_words >= 1 &&
           insn_start_words <= TCG_MAX_INSN_START_WORDS);
    memset(s, 0, sizeof(*s));
    s->env_size = env_size;
    s->insn_start_words = insn_start_words;
    s->consts[0] = g_hash_table_new(g_int64_hash, g_int64_equal);
    s->consts[1] = g_hash_table_new(g_int64_hash, g_int64_equal);
    tcg_temp_alloc(s, TEMP_FIXED, TCG_TYPE_PTR);
    s->temps[0].name = "env";
    s->nb_globals = 1;
    tcg_set_ctx(s);
}

static void free_labels(TCGContext *s)
{
    for (int i = 0; i < s->nb_labels; i++) {
        g_free(s->labels[i]);
    }
    s->nb_labels = 0;
}

void tcg_context_destroy(TCGContext *s)
{
    free_labels(s);
    g_free(s->labels);
    g_free(s->temps);
    g_free(s->ops);
    g_hash_table_destroy(s->consts[0]);
    g_hash_table_destroy(s->consts[1]);
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
    }
    memset(s, 0, sizeof(*s));
}

void tcg_func_start(TCGContext *s)
{
    free_labels(s);
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals;
    /* The hash keys point into the temps being dropped. */
    g_hash_table_remove_all(s->consts[0]);
    g_hash_table_remove_all(s->consts[1]);
    tcg_set_ctx(s);
}

int tcg_temp_alloc(TCGContext *s, TCGTempKind kind, TCGType type)
{
    if (s->nb_temps == s->temps_alloc) {
        int n = s->temps_alloc ? s->temps_alloc * 2 : 64;
        /* Constant keys point into temps: move them with the array. */
        TCGTemp *old = s->temps;
        s->temps = g_new0(TCGTemp, n);
        if (old) {
            memcpy(s->temps, old, sizeof(TCGTemp) * s->nb_temps);
        }
        s->temps_alloc = n;
        for (int t = 0; t < 2; t++) {
            g_hash_table_remove_all(s->consts[t]);
        }
        for (int i = 0; i < s->nb_temps; i++) {
            if (s->temps[i].kind == TEMP_CONST) {
                g_hash_table_insert(s->consts[s->temps[i].type],
                                    &s->temps[i].val, GINT_TO_POINTER(i + 1));
            }
        }
        g_free(old);
    }
    /* A block needing more temps than this is a front-end bug. */
    assert(s->nb_temps < TCG_MAX_TEMPS);
    int idx = s->nb_temps++;
    TCGTemp *ts = &s->temps[idx];
    memset(ts, 0, sizeof(*ts));
    ts->kind = kind;
    ts->type = type;
    return idx;
}

int tcg_constant_temp(TCGContext *s, TCGType type, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    gpointer hit = g_hash_table_lookup(s->consts[type], &val);
    if (hit) {
        return GPOINTER_TO_INT(hit) - 1;
    }
    int idx = tcg_temp_alloc(s, TEMP_CONST, type);
    s->temps[idx].val = val;
    g_hash_table_insert(s->consts[type], &s->temps[idx].val,
                        GINT_TO_POINTER(idx + 1));
    return idx;
}

int tcg_global_mem_alloc(TCGContext *s, TCGType type, intptr_t offset,
                         const char *name)
{
    size_t size = type == TCG_TYPE_I32 ? 4 : 8;
    /* Globals are registered once, before the first block. */
    assert(s->nb_temps == s->nb_globals);
    assert(offset >= 0 && (size_t)offset + size <= s->env_size);
    int idx = tcg_temp_alloc(s, TEMP_GLOBAL, type);
    s->temps[idx].mem_offset = offset;
    s->temps[idx].name = name;
    s->nb_globals++;
    return idx;
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_labels == s->labels_alloc) {
        s->labels_alloc = s->labels_alloc ? s->labels_alloc * 2 : 16;
        s->labels = g_renew(TCGLabel *, s->labels, s->labels_alloc);
    }
    TCGLabel *l = g_new0(TCGLabel, 1);
    l->id = s->nb_labels;
    s->labels[s->nb_labels++] = l;
    return l;
}

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc)
{
    if (s->nb_ops == s->ops_alloc) {
        s->ops_alloc = s->ops_alloc ? s->ops_alloc * 2 : 128;
        s->ops = g_renew(TCGOp, s->ops, s->ops_alloc);
    }
    TCGOp *op = &s->ops[s->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    return op;
}

int tcg_op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_o
                                    : tcg_op_defs[op->opc].nb_oargs;
}

int tcg_op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_i
                                    : tcg_op_defs[op->opc].nb_iargs;
}

int tcg_op_nb_cargs(const TCGOp *op)
{
    return tcg_op_defs[op->opc].nb_cargs;
}

void tcg_compact_ops(TCGContext *s)
{
    int j = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != INDEX_op_nop) {
            s->ops[j++] = s->ops[i];
        }
    }
    s->nb_ops = j;
}
