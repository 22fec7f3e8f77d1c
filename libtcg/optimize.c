/*
 * The optimiser: one forward pass over the op list with, per temp, what is
 * known of its value (a constant, or a copy of another temp).  It folds
 * value ops whose inputs are constants (with tcg_eval_op, the definition
 * the interpreter runs), propagates copies and constants into inputs,
 * applies algebraic identities, folds conditional branches whose outcome
 * is known and drops code after unconditional branches up to the next
 * label that is still branched to.  Knowledge is dropped at every basic
 * block boundary, for globals at helper calls that may write them, and for
 * a temp when it is written.  Dead ops are removed later, by liveness.
 */
#include "tcg-internal.h"

#include <string.h>

typedef struct TempInfo {
    bool is_const;
    int copy;      /* the temp this one equals, or -1 */
    int nb_copies; /* how many temps have this one as their copy */
    uint64_t val;
} TempInfo;

typedef struct OptContext {
    TCGContext *s;
    TempInfo *info;
    TCGOp *out;
    int nb_out;
} OptContext;

static void set_copy(OptContext *ctx, int t, int src)
{
    if (ctx->info[t].copy >= 0) {
        ctx->info[ctx->info[t].copy].nb_copies--;
    }
    ctx->info[t].copy = src;
    if (src >= 0) {
        ctx->info[src].nb_copies++;
    }
}

static void reset_temp(OptContext *ctx, int t)
{
    TCGContext *s = ctx->s;
    ctx->info[t].is_const = s->temps[t].kind == TEMP_CONST;
    ctx->info[t].val = s->temps[t].val;
    set_copy(ctx, t, -1);
    /*
     * Temps that were copies of t keep their value but lose the link.
     * Only when there are any: a scan per written temp made translation
     * quadratic in the block's size (globals are reset at every call).
     */
    for (int i = 0; ctx->info[t].nb_copies > 0 && i < s->nb_temps; i++) {
        if (ctx->info[i].copy == t) {
            set_copy(ctx, i, -1);
        }
    }
}

static void reset_all(OptContext *ctx)
{
    TCGContext *s = ctx->s;
    for (int i = 0; i < s->nb_temps; i++) {
        ctx->info[i].is_const = s->temps[i].kind == TEMP_CONST;
        ctx->info[i].val = s->temps[i].val;
        ctx->info[i].copy = -1;
        ctx->info[i].nb_copies = 0;
    }
}

static void reset_globals(OptContext *ctx)
{
    for (int i = 1; i < ctx->s->nb_globals; i++) {
        reset_temp(ctx, i);
    }
}

static TCGType op_type(TCGOpcode opc)
{
    return tcg_op_is_64(opc) ? TCG_TYPE_I64 : TCG_TYPE_I32;
}

static bool arg_is_const(OptContext *ctx, TCGArg t)
{
    return ctx->info[t].is_const;
}

static bool arg_is_val(OptContext *ctx, TCGArg t, uint64_t v)
{
    return ctx->info[t].is_const && ctx->info[t].val == v;
}

static TCGOp *emit(OptContext *ctx, const TCGOp *src)
{
    TCGOp *op = &ctx->out[ctx->nb_out++];
    *op = *src;
    op->life = 0;
    return op;
}

static void emit_movi(OptContext *ctx, TCGType type, TCGArg dst, uint64_t v)
{
    TCGOp op = {0};
    op.opc = type == TCG_TYPE_I64 ? INDEX_op_movi_i64 : INDEX_op_movi_i32;
    op.args[0] = dst;
    op.args[1] = type == TCG_TYPE_I64 ? v : (uint32_t)v;
    emit(ctx, &op);
    reset_temp(ctx, dst);
    ctx->info[dst].is_const = true;
    ctx->info[dst].val = op.args[1];
}

static void emit_mov(OptContext *ctx, TCGType type, TCGArg dst, TCGArg src)
{
    if (ctx->info[src].is_const) {
        emit_movi(ctx, type, dst, ctx->info[src].val);
        return;
    }
    if (dst == src) {
        return; /* mov x,x: nothing to do */
    }
    TCGOp op = {0};
    op.opc = type == TCG_TYPE_I64 ? INDEX_op_mov_i64 : INDEX_op_mov_i32;
    op.args[0] = dst;
    op.args[1] = src;
    emit(ctx, &op);
    reset_temp(ctx, dst);
    /* Only same-typed temps stand in for each other. */
    if (ctx->s->temps[src].type == ctx->s->temps[dst].type) {
        set_copy(ctx, dst, src);
    }
}

/* Replace each input by its copy source or by a constant temp. */
static void subst_inputs(OptContext *ctx, TCGOp *op)
{
    TCGContext *s = ctx->s;
    int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
    for (int i = no; i < no + ni; i++) {
        TCGArg t = op->args[i];
        TempInfo *ti = &ctx->info[t];
        if (ti->is_const && s->temps[t].kind != TEMP_CONST) {
            int c = tcg_constant_temp(s, s->temps[t].type, ti->val);
            ctx->info[c].is_const = true;
            ctx->info[c].val = s->temps[c].val;
            set_copy(ctx, c, -1);
            op->args[i] = c;
        } else if (ti->copy >= 0) {
            op->args[i] = ti->copy;
        }
    }
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add_i32:
    case INDEX_op_add_i64:
    case INDEX_op_mul_i32:
    case INDEX_op_mul_i64:
    case INDEX_op_and_i32:
    case INDEX_op_and_i64:
    case INDEX_op_or_i32:
    case INDEX_op_or_i64:
    case INDEX_op_xor_i32:
    case INDEX_op_xor_i64:
    case INDEX_op_eqv_i32:
    case INDEX_op_eqv_i64:
    case INDEX_op_nand_i32:
    case INDEX_op_nand_i64:
    case INDEX_op_nor_i32:
    case INDEX_op_nor_i64:
        return true;
    default:
        return false;
    }
}

/* The outcome of (x cond y) when it is known: 1 or 0, else -1. */
static int fold_cond(OptContext *ctx, TCGCond c, TCGArg x, TCGArg y, bool is64)
{
    if (arg_is_const(ctx, x) && arg_is_const(ctx, y)) {
        return tcg_eval_cond(c, ctx->info[x].val, ctx->info[y].val, is64);
    }
    if (x == y) {
        switch (c) {
        case TCG_COND_EQ:
        case TCG_COND_GE:
        case TCG_COND_LE:
        case TCG_COND_GEU:
        case TCG_COND_LEU:
            return 1;
        default:
            return 0;
        }
    }
    /* Unsigned compares against zero with a known answer. */
    if (arg_is_val(ctx, y, 0)) {
        if (c == TCG_COND_GEU) {
            return 1;
        }
        if (c == TCG_COND_LTU) {
            return 0;
        }
    }
    return -1;
}

/*
 * Algebraic identities for a two-input op d = x op y.  Returns true when
 * the op was replaced by a mov or movi.
 */
static bool fold_identity(OptContext *ctx, TCGOp *op)
{
    TCGOpcode opc = op->opc;
    TCGType type = op_type(opc);
    unsigned w = type == TCG_TYPE_I64 ? 64 : 32;
    uint64_t m = w == 64 ? UINT64_MAX : UINT32_MAX;
    TCGArg d = op->args[0], x = op->args[1], y = op->args[2];
    bool yc = arg_is_const(ctx, y);
    uint64_t yv = ctx->info[y].val;

#define IS(name) (opc == INDEX_op_##name##_i32 || opc == INDEX_op_##name##_i64)
    if (yc) {
        bool zero_is_identity =
            IS(add) || IS(sub) || IS(or) || IS(xor) || IS(andc);
        bool count_is_zero =
            (IS(shl) || IS(shr) || IS(sar) || IS(rotl) || IS(rotr)) &&
            (yv & (w - 1)) == 0;
        if ((zero_is_identity && yv == 0) || count_is_zero ||
            ((IS(mul) || IS(div) || IS(divu)) && yv == 1) ||
            (IS(and) && yv == m) || (IS(orc) && yv == m)) {
            emit_mov(ctx, type, d, x);
            return true;
        }
        if (((IS(mul) || IS(and)) && yv == 0) ||
            ((IS(rem) || IS(remu)) && yv == 1)) {
            emit_movi(ctx, type, d, 0);
            return true;
        }
        if ((IS(or) && yv == m) || (IS(orc) && yv == 0)) {
            emit_movi(ctx, type, d, m);
            return true;
        }
    }
    if (x == y) {
        if (IS(and) || IS(or)) {
            emit_mov(ctx, type, d, x);
            return true;
        }
        if (IS(sub) || IS(xor) || IS(andc)) {
            emit_movi(ctx, type, d, 0);
            return true;
        }
        if (IS(eqv) || IS(orc)) {
            emit_movi(ctx, type, d, m);
            return true;
        }
    }
#undef IS
    return false;
}

static bool is_binary_value_op(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    return def->nb_oargs == 1 && def->nb_iargs == 2 && def->nb_cargs == 0;
}

/* Fold an op whose inputs are all constants into movi ops. */
static bool fold_constants(OptContext *ctx, TCGOp *op)
{
    int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
    uint64_t in[4] = {0}, out[2];

    if (op->opc == INDEX_op_call || no == 0 || ni > 4 ||
        (tcg_op_defs[op->opc].flags & TCG_OPF_SIDE_EFFECTS)) {
        return false;
    }
    for (int i = 0; i < ni; i++) {
        if (!arg_is_const(ctx, op->args[no + i])) {
            return false;
        }
        in[i] = ctx->info[op->args[no + i]].val;
    }
    if (!tcg_eval_op(op->opc, in, op->args + no + ni, out)) {
        return false;
    }
    for (int i = 0; i < no; i++) {
        emit_movi(ctx, ctx->s->temps[op->args[i]].type, op->args[i], out[i]);
    }
    return true;
}

static void drop_branch_ref(const TCGOp *op)
{
    TCGArg l = op->opc == INDEX_op_br ? op->args[0] : op->args[3];
    arg_label(l)->refs--;
}

static void record_outputs(OptContext *ctx, const TCGOp *op)
{
    int no = tcg_op_nb_oargs(op);
    for (int i = 0; i < no; i++) {
        reset_temp(ctx, op->args[i]);
    }
}

void tcg_optimize(TCGContext *s)
{
    OptContext ctx = {.s = s};
    bool unreachable = false;

    ctx.info = g_new0(TempInfo, TCG_MAX_TEMPS);
    /* A two-output op folds into two movi: at most double the ops. */
    int cap = s->nb_ops * 2 + 1;
    ctx.out = g_new0(TCGOp, cap);
    reset_all(&ctx);

    for (int n = 0; n < s->nb_ops; n++) {
        TCGOp op = s->ops[n];
        const TCGOpDef *def = &tcg_op_defs[op.opc];
        TCGType type = op_type(op.opc);

        if (op.opc == INDEX_op_nop) {
            continue;
        }
        if (op.opc == INDEX_op_set_label) {
            TCGLabel *l = arg_label(op.args[0]);
            TCGOp *prev = ctx.nb_out ? &ctx.out[ctx.nb_out - 1] : NULL;
            /* br to the very next op is a fall-through. */
            if (prev && prev->opc == INDEX_op_br &&
                prev->args[0] == op.args[0]) {
                l->refs--;
                ctx.nb_out--;
                unreachable = false;
            }
            if (l->refs == 0) {
                continue; /* not a join point any more */
            }
            unreachable = false;
            reset_all(&ctx);
            emit(&ctx, &op);
            continue;
        }
        if (unreachable) {
            if (op.opc == INDEX_op_br || (def->flags & TCG_OPF_COND_BRANCH)) {
                drop_branch_ref(&op);
            }
            continue;
        }

        subst_inputs(&ctx, &op);

        switch (op.opc) {
        case INDEX_op_mov_i32:
        case INDEX_op_mov_i64:
            emit_mov(&ctx, type, op.args[0], op.args[1]);
            continue;
        case INDEX_op_movi_i32:
        case INDEX_op_movi_i64:
            emit_movi(&ctx, type, op.args[0], op.args[1]);
            continue;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64: {
            int r = fold_cond(&ctx, op.args[2], op.args[0], op.args[1],
                              type == TCG_TYPE_I64);
            if (r == 0) {
                drop_branch_ref(&op);
                continue;
            }
            if (r == 1) {
                TCGOp br = {.opc = INDEX_op_br, .args = {op.args[3]}};
                emit(&ctx, &br);
                unreachable = true;
                continue;
            }
            break;
        }
        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64: {
            int r = fold_cond(&ctx, op.args[3], op.args[1], op.args[2],
                              type == TCG_TYPE_I64);
            if (r >= 0) {
                emit_movi(&ctx, type, op.args[0], r);
                continue;
            }
            break;
        }
        case INDEX_op_movcond_i32:
        case INDEX_op_movcond_i64: {
            int r = fold_cond(&ctx, op.args[5], op.args[1], op.args[2],
                              type == TCG_TYPE_I64);
            if (r >= 0) {
                emit_mov(&ctx, type, op.args[0], op.args[r ? 3 : 4]);
                continue;
            }
            if (op.args[3] == op.args[4]) {
                emit_mov(&ctx, type, op.args[0], op.args[3]);
                continue;
            }
            break;
        }
        default:
            break;
        }

        if (fold_constants(&ctx, &op)) {
            continue;
        }
        if (is_binary_value_op(&op)) {
            if (is_commutative(op.opc) && arg_is_const(&ctx, op.args[1]) &&
                !arg_is_const(&ctx, op.args[2])) {
                TCGArg t = op.args[1];
                op.args[1] = op.args[2];
                op.args[2] = t;
            }
            if (fold_identity(&ctx, &op)) {
                continue;
            }
        }

        emit(&ctx, &op);
        if (op.opc == INDEX_op_call) {
            int ci = op.call_o + op.call_i;
            const TCGHelperInfo *info =
                (const TCGHelperInfo *)(uintptr_t)op.args[ci];
            if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                reset_globals(&ctx);
            }
        }
        record_outputs(&ctx, &op);
        /*
         * After an unconditional exit nothing runs until a label that is
         * still a target, and reaching one resets: keeping what is known
         * lets "br L; set_label L" fold away as a plain fall-through.
         */
        if ((def->flags & TCG_OPF_BB_END) && !(def->flags & TCG_OPF_BB_EXIT)) {
            reset_all(&ctx);
        }
        if (def->flags & TCG_OPF_BB_EXIT) {
            unreachable = true;
        }
    }

    g_free(s->ops);
    s->ops = ctx.out;
    s->nb_ops = ctx.nb_out;
    s->ops_alloc = cap;
    g_free(ctx.info);
}
