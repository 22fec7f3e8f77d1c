/*
 * A local register allocator, in the spirit of QEMU's: each temp is dead,
 * in a register, in memory (env for a global, a frame slot otherwise) or a
 * known constant.  Values are loaded on use and stay cached until a basic
 * block ends, a call clobbers them or registers run out; liveness
 * (TCGOp.life) says when a register can be dropped and when a global must
 * be written back.  I32 values are kept zero-extended in registers.
 */
#include "codegen-internal.h"

/* Callee-saved first: their values survive helper calls. */
static const int alloc_order[] = {
    R_RBX, R_RBP, R_R12, R_R13, R_R15, R_R10, R_R11,
    R_R9,  R_R8,  R_RSI, R_RDI, R_RCX, R_RDX, R_RAX,
};

static TCGTemp *tcg_ts(CG *cg, TCGArg t)
{
    return &cg->s->temps[t];
}

static bool is_global(CG *cg, TCGArg t)
{
    return tcg_ts(cg, t)->kind == TEMP_GLOBAL;
}

static bool is_fixed_kind(CG *cg, TCGArg t)
{
    TCGTempKind k = tcg_ts(cg, t)->kind;
    return k == TEMP_FIXED || k == TEMP_CONST;
}

void ra_init(CG *cg)
{
    TCGContext *s = cg->s;
    cg->t = g_new0(CGTemp, s->nb_temps);
    for (int i = 0; i < s->nb_temps; i++) {
        CGTemp *t = &cg->t[i];
        t->slot = -1;
        switch (s->temps[i].kind) {
        case TEMP_GLOBAL:
            t->val_type = VAL_MEM;
            t->coherent = true;
            break;
        case TEMP_FIXED:
            t->val_type = VAL_REG;
            t->reg = CG_AREG0;
            t->coherent = true;
            break;
        case TEMP_CONST:
            t->val_type = VAL_CONST;
            t->val = s->temps[i].val;
            t->coherent = true;
            break;
        default:
            /* The interpreter reads a never-written temp as 0. */
            t->val_type = VAL_CONST;
            t->val = 0;
            break;
        }
    }
    for (int r = 0; r < 16; r++) {
        cg->reg_owner[r] = -1;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cg->slot_free); i++) {
        cg->slot_free[i] = UINT32_MAX;
    }
}

void ra_fini(CG *cg)
{
    g_free(cg->t);
    cg->t = NULL;
}

static int slot_alloc(CG *cg)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cg->slot_free); i++) {
        if (cg->slot_free[i]) {
            int b = __builtin_ctz(cg->slot_free[i]);
            cg->slot_free[i] &= ~(1u << b);
            return i * 32 + b;
        }
    }
    cg->error = "out of spill slots";
    return 0;
}

static void slot_free(CG *cg, CGTemp *t)
{
    if (t->slot >= 0) {
        cg->slot_free[t->slot / 32] |= 1u << (t->slot % 32);
        t->slot = -1;
    }
}

/* Where t lives in memory: base register, displacement, access width. */
static void temp_mem(CG *cg, TCGArg t, int *base, int32_t *disp, bool *is64)
{
    if (is_global(cg, t)) {
        *base = CG_AREG0;
        *disp = tcg_ts(cg, t)->mem_offset;
        *is64 = tcg_ts(cg, t)->type == TCG_TYPE_I64;
        return;
    }
    CGTemp *ct = &cg->t[t];
    if (ct->slot < 0) {
        ct->slot = slot_alloc(cg);
    }
    *base = R_RSP;
    *disp = CG_SLOTS_OFFSET + 8 * ct->slot;
    *is64 = true; /* slots hold the zero-extended 64-bit value */
}

static void sync_temp(CG *cg, TCGArg t)
{
    CGTemp *ct = &cg->t[t];
    int base;
    int32_t disp;
    bool is64;

    if (ct->coherent || is_fixed_kind(cg, t)) {
        return;
    }
    switch (ct->val_type) {
    case VAL_REG:
        temp_mem(cg, t, &base, &disp, &is64);
        cg_st(&cg->o, is64, ct->reg, base, disp);
        break;
    case VAL_CONST:
        temp_mem(cg, t, &base, &disp, &is64);
        if (!is64 || cg_fits_s32(ct->val)) {
            cg_modrm_mem(&cg->o, 0xc7 | P_W(is64), 0, base, disp);
            cg_emit32(&cg->o, ct->val);
        } else {
            uint32_t was_locked = cg->locked;
            int r = ra_alloc(cg, 0);
            cg_movi(&cg->o, true, r, ct->val);
            cg_st(&cg->o, true, r, base, disp);
            cg->locked = was_locked;
        }
        break;
    default:
        break;
    }
    ct->coherent = true;
}

static void free_reg(CG *cg, CGTemp *ct)
{
    if (ct->val_type == VAL_REG) {
        cg->reg_owner[ct->reg] = -1;
    }
}

/* Make memory hold t's value and drop its register. */
static void temp_to_mem(CG *cg, TCGArg t)
{
    CGTemp *ct = &cg->t[t];
    if (is_fixed_kind(cg, t)) {
        return;
    }
    sync_temp(cg, t);
    free_reg(cg, ct);
    if (ct->val_type != VAL_DEAD) {
        ct->val_type = VAL_MEM;
    }
}

/* t's value is no longer needed (liveness). */
static void temp_dead(CG *cg, TCGArg t)
{
    CGTemp *ct = &cg->t[t];
    if (is_fixed_kind(cg, t)) {
        return;
    }
    free_reg(cg, ct);
    if (is_global(cg, t)) {
        /* env holds the value the next reader expects (SYNC_ARG). */
        ct->val_type = VAL_MEM;
        ct->coherent = true;
    } else {
        ct->val_type = VAL_DEAD;
        ct->coherent = false;
        /* A TB temp keeps its slot: every label expects it there. */
        if (tcg_ts(cg, t)->kind == TEMP_EBB) {
            slot_free(cg, ct);
        }
    }
}

int ra_alloc(CG *cg, uint32_t avoid)
{
    uint32_t busy = avoid | cg->locked;

    for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
        int r = alloc_order[i];
        if (!(busy & (1u << r)) && cg->reg_owner[r] < 0) {
            cg->locked |= 1u << r;
            return r;
        }
    }
    /* Evict: a clean value first, it costs no store. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
            int r = alloc_order[i];
            int owner = cg->reg_owner[r];
            if (!(busy & (1u << r)) && (pass == 1 || cg->t[owner].coherent)) {
                temp_to_mem(cg, owner);
                cg->locked |= 1u << r;
                return r;
            }
        }
    }
    g_assert_not_reached(); /* an op never locks all 14 registers */
}

/* Free reg for the op's own use, moving its value elsewhere if possible. */
void ra_take(CG *cg, int reg)
{
    int owner = cg->reg_owner[reg];
    cg->locked |= 1u << reg;
    if (owner < 0) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
        int r = alloc_order[i];
        if (!(cg->locked & (1u << r)) && cg->reg_owner[r] < 0) {
            cg_mov_rr(&cg->o, true, r, reg);
            cg->reg_owner[r] = owner;
            cg->reg_owner[reg] = -1;
            cg->t[owner].reg = r;
            return;
        }
    }
    temp_to_mem(cg, owner);
}

bool ra_is_const(CG *cg, TCGArg t, uint64_t *val)
{
    if (cg->t[t].val_type == VAL_CONST) {
        *val = cg->t[t].val;
        return true;
    }
    return false;
}

/* Put t's value into r (which t does not own). */
void ra_copy(CG *cg, TCGArg t, int r)
{
    CGTemp *ct = &cg->t[t];
    int base;
    int32_t disp;
    bool is64;

    switch (ct->val_type) {
    case VAL_REG:
        cg_mov_rr(&cg->o, true, r, ct->reg);
        break;
    case VAL_CONST:
        cg_movi(&cg->o, true, r, ct->val);
        break;
    case VAL_MEM:
        temp_mem(cg, t, &base, &disp, &is64);
        cg_ld(&cg->o, is64, r, base, disp);
        break;
    default:
        cg_movi(&cg->o, true, r, 0);
        break;
    }
}

int ra_load(CG *cg, TCGArg t, uint32_t avoid)
{
    CGTemp *ct = &cg->t[t];

    if (ct->val_type == VAL_REG) {
        int r = ct->reg;
        if ((avoid & (1u << r)) && !(cg->locked & (1u << r)) && r != CG_AREG0) {
            int r2 = ra_alloc(cg, avoid);
            cg_mov_rr(&cg->o, true, r2, r);
            cg->reg_owner[r] = -1;
            cg->reg_owner[r2] = t;
            ct->reg = r2;
            return r2;
        }
        cg->locked |= 1u << r;
        return r;
    }
    int r = ra_alloc(cg, avoid);
    ra_copy(cg, t, r);
    if (tcg_ts(cg, t)->kind == TEMP_CONST) {
        return r; /* a scratch copy for this op */
    }
    if (ct->val_type == VAL_MEM) {
        ct->coherent = true;
    } else if (ct->val_type == VAL_DEAD) {
        ct->coherent = false;
    }
    ct->val_type = VAL_REG;
    ct->reg = r;
    cg->reg_owner[r] = t;
    return r;
}

int ra_dest_from(CG *cg, const TCGOp *op, int argi, uint32_t avoid)
{
    TCGArg t = op->args[argi];
    CGTemp *ct = &cg->t[t];

    if (ct->val_type == VAL_REG && (op->life & DEAD_ARG(argi)) &&
        !is_fixed_kind(cg, t) && !(avoid & (1u << ct->reg))) {
        int r = ct->reg;
        temp_dead(cg, t);
        cg->locked |= 1u << r;
        return r;
    }
    int r = ra_alloc(cg, avoid);
    ra_copy(cg, t, r);
    return r;
}

void ra_set_out(CG *cg, TCGArg t, int reg)
{
    CGTemp *ct = &cg->t[t];

    if (is_fixed_kind(cg, t)) {
        cg->error = "write to a constant or env";
        return;
    }
    if (ct->val_type == VAL_REG && ct->reg != reg) {
        cg->reg_owner[ct->reg] = -1;
    }
    if (cg->reg_owner[reg] >= 0 && cg->reg_owner[reg] != (int)t) {
        /* reg held an input that died here without being freed yet. */
        CGTemp *old = &cg->t[cg->reg_owner[reg]];
        old->val_type = VAL_MEM;
    }
    cg->reg_owner[reg] = t;
    ct->val_type = VAL_REG;
    ct->reg = reg;
    ct->coherent = false;
}

void ra_set_const(CG *cg, TCGArg t, uint64_t val)
{
    CGTemp *ct = &cg->t[t];

    if (is_fixed_kind(cg, t)) {
        cg->error = "write to a constant or env";
        return;
    }
    free_reg(cg, ct);
    ct->val_type = VAL_CONST;
    ct->val = val;
    ct->coherent = false;
}

void ra_out_done(CG *cg, const TCGOp *op, int i)
{
    TCGArg t = op->args[i];
    if (op->life & SYNC_ARG(i)) {
        sync_temp(cg, t);
    }
    if (op->life & DEAD_ARG(i)) {
        temp_dead(cg, t);
    }
}

void ra_free_dead_inputs(CG *cg, const TCGOp *op)
{
    int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
    for (int i = no; i < no + ni; i++) {
        if (op->life & DEAD_ARG(i)) {
            temp_dead(cg, op->args[i]);
        }
    }
}

void ra_discard(CG *cg, TCGArg t)
{
    temp_dead(cg, t);
}

void ra_sync_globals(CG *cg)
{
    for (int i = 0; i < cg->s->nb_globals; i++) {
        sync_temp(cg, i);
    }
}

void ra_forget_globals(CG *cg)
{
    for (int i = 0; i < cg->s->nb_globals; i++) {
        temp_to_mem(cg, i);
    }
}

/* Before a branch: what the target expects in memory. */
void ra_bb_end(CG *cg)
{
    ra_sync_globals(cg);
    for (int i = cg->s->nb_globals; i < cg->s->nb_temps; i++) {
        if (cg->used[i] && tcg_ts(cg, i)->kind == TEMP_TB) {
            sync_temp(cg, i);
        }
    }
}

/* At a label: nothing is known to be in a register. */
void ra_label(CG *cg)
{
    for (int i = 0; i < cg->s->nb_temps; i++) {
        TCGTempKind k = tcg_ts(cg, i)->kind;
        if (k != TEMP_GLOBAL && !cg->used[i]) {
            continue;
        }
        if (k == TEMP_GLOBAL || k == TEMP_TB) {
            temp_to_mem(cg, i);
        } else if (k == TEMP_EBB) {
            temp_dead(cg, i);
        }
    }
}

void ra_spill_regs(CG *cg, uint32_t mask)
{
    for (int r = 0; r < 16; r++) {
        if ((mask & (1u << r)) && cg->reg_owner[r] >= 0) {
            temp_to_mem(cg, cg->reg_owner[r]);
        }
    }
}

uint32_t ra_owned_mask(CG *cg)
{
    uint32_t m = 0;
    for (int r = 0; r < 16; r++) {
        if (cg->reg_owner[r] >= 0) {
            m |= 1u << r;
        }
    }
    return m;
}

int ra_dest_reuse(CG *cg, const TCGOp *op, int argi, int src)
{
    TCGArg t = op->args[argi];
    CGTemp *ct = &cg->t[t];

    if ((op->life & DEAD_ARG(argi)) && !is_fixed_kind(cg, t) &&
        ct->val_type == VAL_REG && ct->reg == src) {
        temp_dead(cg, t);
        cg->locked |= 1u << src;
        return src;
    }
    return ra_alloc(cg, 1u << src);
}
