/*
 * The random IR program generator shared by test-random-ir (optimiser
 * and liveness against the interpreter) and the code generator's tests:
 * every value op, both widths, constants with edge values, forward
 * branches, helper calls with each kind of flags, env loads/stores and
 * guest loads/stores.  Only TB temps are used, so values may cross
 * labels.  The caller provides the guest memory model; the generator only
 * decides the address masks (Gen.addr_mask).
 */
#ifndef TCG_TESTS_RANDOM_IR_H
#define TCG_TESTS_RANDOM_IR_H

#include "tcg-test.h"

#define NB_T 6

typedef struct Gen {
    TestCtx t;
    GRand *rand;
    TCGv_i32 t32[NB_T];
    TCGv_i64 t64[NB_T];
    TCGLabel *pending[4];
    int nb_pending;
    /* Guest addresses: src & addr_mask[0], one time in 8 addr_mask[1]. */
    uint32_t addr_mask[2];
} Gen;

static inline uint64_t h_mix(uint64_t a, uint64_t b)
{
    return a * 31 + (b ^ 0x5555);
}

/* Reads eax, writes ecx: a helper that needs all of the globals. */
static inline uint64_t h_globals(uint64_t env)
{
    TestEnv *e = (TestEnv *)(uintptr_t)env;
    e->r32[1] = e->r32[0] * 3 + 1;
    e->r64[1] ^= e->r64[0];
    return 0;
}

/* Bumps a scratch byte: a side effect the optimiser must keep. */
static inline uint64_t h_count(uint64_t env)
{
    TestEnv *e = (TestEnv *)(uintptr_t)env;
    e->scratch[63]++;
    return e->scratch[63];
}

static const TCGHelperInfo info_mix = {
    .func = (void (*)(void))h_mix,
    .name = "mix",
    .nb_args = 2,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
    .flags = TCG_CALL_PURE,
};
static const TCGHelperInfo info_globals = {
    .func = (void (*)(void))h_globals,
    .name = "globals",
    .nb_args = 1,
};
static const TCGHelperInfo info_count = {
    .func = (void (*)(void))h_count,
    .name = "count",
    .nb_args = 1,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
    .flags = TCG_CALL_NO_RWG,
};

static const uint64_t edge[] = {
    0,
    1,
    2,
    3,
    7,
    8,
    31,
    32,
    33,
    63,
    64,
    0xff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    UINT64_MAX,
};

static inline uint64_t rnd64(Gen *g)
{
    return ((uint64_t)g_rand_int(g->rand) << 32) | g_rand_int(g->rand);
}

static inline int pick(Gen *g, int n)
{
    return g_rand_int_range(g->rand, 0, n);
}

static inline uint64_t value(Gen *g)
{
    return pick(g, 2) ? edge[pick(g, G_N_ELEMENTS(edge))] : rnd64(g);
}

/* An input: a global, a TB temp or a constant. */
static inline int src(Gen *g, bool is64)
{
    switch (pick(g, 4)) {
    case 0:
        return is64 ? g->t.g64[pick(g, 8)].n : g->t.g32[pick(g, 8)].n;
    case 1:
        return tcg_constant_temp(&g->t.s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32,
                                 value(g));
    default:
        return is64 ? g->t64[pick(g, NB_T)].n : g->t32[pick(g, NB_T)].n;
    }
}

static inline int dst(Gen *g, bool is64)
{
    if (pick(g, 2)) {
        return is64 ? g->t.g64[pick(g, 8)].n : g->t.g32[pick(g, 8)].n;
    }
    return is64 ? g->t64[pick(g, NB_T)].n : g->t32[pick(g, NB_T)].n;
}

static const TCGOpcode value_ops[] = {
#define P(n) INDEX_op_##n##_i32
    P(mov),   P(add),     P(sub),     P(mul),     P(neg),     P(div),
    P(divu),  P(rem),     P(remu),    P(and),     P(or),      P(xor),
    P(andc),  P(orc),     P(eqv),     P(nand),    P(nor),     P(not ),
    P(shl),   P(shr),     P(sar),     P(rotl),    P(rotr),    P(ext8s),
    P(ext8u), P(ext16s),  P(ext16u),  P(bswap16), P(bswap32), P(clz),
    P(ctz),   P(add2),    P(sub2),    P(mulu2),   P(muls2),   P(div2),
    P(divu2), P(setcond), P(movcond), P(deposit), P(extract), P(sextract),
#undef P
};

static inline void gen_value_op(Gen *g)
{
    bool is64 = pick(g, 2);
    TCGOpcode opc = value_ops[pick(g, G_N_ELEMENTS(value_ops))] + is64;
    const TCGOpDef *def = &tcg_op_defs[opc];
    unsigned w = is64 ? 64 : 32;
    TCGArg a[TCG_MAX_OP_ARGS];
    int n = 0;

    /* DEF2 puts each _i64 op right after its _i32 twin. */
    g_assert(tcg_op_defs[opc].flags & TCG_OPF_64BIT || !is64);
    a[n++] = dst(g, is64);
    if (def->nb_oargs == 2) {
        do {
            a[n] = dst(g, is64);
        } while (a[n] == a[0]);
        n++;
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        a[n++] = src(g, is64);
    }
    if (opc == INDEX_op_setcond_i32 || opc == INDEX_op_setcond_i64 ||
        opc == INDEX_op_movcond_i32 || opc == INDEX_op_movcond_i64) {
        a[n++] = pick(g, TCG_NB_CONDS);
    } else if (def->nb_cargs == 2) {
        unsigned ofs = pick(g, w), len = 1 + pick(g, w - ofs);
        a[n++] = ofs;
        a[n++] = len;
    }
    TCGOp *op = tcg_emit_op(&g->t.s, opc);
    memcpy(op->args, a, sizeof(TCGArg) * n);
}

static inline void gen_conversion(Gen *g)
{
    switch (pick(g, 4)) {
    case 0:
        tcg_gen_ext_i32_i64(temp_tcgv_i64(dst(g, true)),
                            temp_tcgv_i32(src(g, false)));
        break;
    case 1:
        tcg_gen_extu_i32_i64(temp_tcgv_i64(dst(g, true)),
                             temp_tcgv_i32(src(g, false)));
        break;
    case 2:
        tcg_gen_extrl_i64_i32(temp_tcgv_i32(dst(g, false)),
                              temp_tcgv_i64(src(g, true)));
        break;
    default:
        tcg_gen_extrh_i64_i32(temp_tcgv_i32(dst(g, false)),
                              temp_tcgv_i64(src(g, true)));
        break;
    }
}

static inline void gen_branch(Gen *g)
{
    TCGLabel *l;
    if (g->nb_pending < 4 && (g->nb_pending == 0 || pick(g, 2))) {
        l = gen_new_label();
        g->pending[g->nb_pending++] = l;
    } else {
        l = g->pending[pick(g, g->nb_pending)];
    }
    if (pick(g, 6) == 0) {
        tcg_gen_br(l);
        return;
    }
    bool is64 = pick(g, 2);
    TCGCond c = pick(g, TCG_NB_CONDS);
    if (is64) {
        tcg_gen_brcond_i64(c, temp_tcgv_i64(src(g, true)),
                           temp_tcgv_i64(src(g, true)), l);
    } else {
        tcg_gen_brcond_i32(c, temp_tcgv_i32(src(g, false)),
                           temp_tcgv_i32(src(g, false)), l);
    }
}

static inline void place_label(Gen *g)
{
    int i = pick(g, g->nb_pending);
    gen_set_label(g->pending[i]);
    g->pending[i] = g->pending[--g->nb_pending];
}

static inline void gen_memory(Gen *g)
{
    bool is64 = pick(g, 2);
    MemOp mop = pick(g, is64 ? 4 : 3) | (pick(g, 2) ? MO_BSWAP : 0);
    TCGv_i32 addr = tcg_temp_new_i32();
    tcg_gen_andi_i32(addr, temp_tcgv_i32(src(g, false)),
                     pick(g, 8) ? g->addr_mask[0] : g->addr_mask[1]);
    if (pick(g, 2)) {
        if (pick(g, 2)) {
            mop |= MO_SIGN;
        }
        if ((mop & MO_SIZE) == MO_64) {
            mop &= ~MO_SIGN;
        }
        if (is64) {
            tcg_gen_qemu_ld_i64(temp_tcgv_i64(dst(g, true)), addr.n, 0, mop);
        } else {
            tcg_gen_qemu_ld_i32(temp_tcgv_i32(dst(g, false)), addr.n, 0, mop);
        }
    } else if (is64) {
        tcg_gen_qemu_st_i64(temp_tcgv_i64(src(g, true)), addr.n, 0, mop);
    } else {
        tcg_gen_qemu_st_i32(temp_tcgv_i32(src(g, false)), addr.n, 0, mop);
    }
}

static inline void gen_env_access(Gen *g)
{
    intptr_t ofs = offsetof(TestEnv, scratch) + 8 * pick(g, 7);
    if (pick(g, 2)) {
        tcg_gen_st_i64(temp_tcgv_i64(src(g, true)), tcg_env, ofs);
    } else {
        tcg_gen_ld32s_i64(temp_tcgv_i64(dst(g, true)), tcg_env, ofs);
    }
}

static inline void gen_call(Gen *g)
{
    int e = tcg_env.n;
    switch (pick(g, 3)) {
    case 0: {
        int args[2] = {src(g, true), src(g, true)};
        tcg_gen_call(&info_mix, dst(g, true), args);
        break;
    }
    case 1:
        tcg_gen_call(&info_globals, -1, &e);
        break;
    default:
        tcg_gen_call(&info_count, dst(g, false), &e);
        break;
    }
}

static inline void gen_program(Gen *g)
{
    int nb_insns = 1 + pick(g, 8);
    g->nb_pending = 0;
    for (int i = 0; i < NB_T; i++) {
        g->t32[i] = tcg_temp_new_i32();
        g->t64[i] = tcg_temp_new_i64();
    }
    for (int insn = 0; insn < nb_insns; insn++) {
        tcg_gen_insn_start((uint64_t[]){0x1000 + insn * 4, insn});
        int nb_ops = 1 + pick(g, 6);
        for (int k = 0; k < nb_ops; k++) {
            int r = pick(g, 100);
            if (r < 60) {
                gen_value_op(g);
            } else if (r < 66) {
                gen_conversion(g);
            } else if (r < 74) {
                gen_branch(g);
            } else if (r < 82 && g->nb_pending) {
                place_label(g);
            } else if (r < 88) {
                gen_memory(g);
            } else if (r < 93) {
                gen_env_access(g);
            } else {
                gen_call(g);
            }
        }
    }
    while (g->nb_pending) {
        place_label(g);
    }
    tcg_gen_exit_tb(NULL, 0);
}

static inline void randomize(Gen *g, TestEnv *env, uint8_t *ram,
                             size_t ram_size)
{
    for (int i = 0; i < 8; i++) {
        env->r32[i] = value(g);
        env->r64[i] = value(g);
    }
    for (size_t i = 0; i < sizeof(env->scratch); i++) {
        env->scratch[i] = g_rand_int(g->rand);
    }
    for (size_t i = 0; i < ram_size; i++) {
        ram[i] = g_rand_int(g->rand);
    }
}

#endif /* TCG_TESTS_RANDOM_IR_H */
