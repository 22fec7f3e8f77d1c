/*
 * Every value op of tcg-opc.h, both widths, on edge values: the generated
 * code must leave the CPU state exactly as the interpreter does.  Inputs
 * come from globals, constants (immediate forms), the output global
 * itself (aliasing), one temp twice, or TB temps that die at the op (the
 * allocator reuses their registers); env loads/stores and brcond too.
 */
#include "codegen-test.h"

static const uint64_t vals[] = {
    0,
    1,
    2,
    7,
    31,
    32,
    33,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x8000,
    0xffff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x123456789abcdef0ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xfffffffffffffffeull,
    UINT64_MAX,
};
#define NB_VALS G_N_ELEMENTS(vals)

typedef enum Mode {
    MODE_GLOBALS, /* every input a global */
    MODE_CONST_B, /* the last input a constant */
    MODE_CONST_A, /* the first input a constant */
    MODE_ALIAS,   /* output 0 is input 0 */
    MODE_SAME,    /* every input the same global */
    MODE_TEMPS,   /* inputs copied to TB temps that die at the op */
    NB_MODES,
} Mode;

typedef struct OpsTest {
    TestCtx t;
    TCGCodeBuffer *buf;
    GRand *rand;
    long programs;
} OpsTest;

static TCGType in_type(TCGOpcode opc)
{
    if (opc == INDEX_op_ext_i32_i64 || opc == INDEX_op_extu_i32_i64) {
        return TCG_TYPE_I32;
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        return TCG_TYPE_I64;
    }
    return tcg_op_defs[opc].flags & TCG_OPF_64BIT ? TCG_TYPE_I64 : TCG_TYPE_I32;
}

static TCGType out_type(TCGOpcode opc)
{
    if (opc == INDEX_op_ext_i32_i64 || opc == INDEX_op_extu_i32_i64) {
        return TCG_TYPE_I64;
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        return TCG_TYPE_I32;
    }
    return in_type(opc);
}

static int global(OpsTest *c, TCGType type, int i)
{
    return type == TCG_TYPE_I64 ? c->t.g64[i].n : c->t.g32[i].n;
}

static void set_global(TestEnv *env, TCGType type, int i, uint64_t v)
{
    if (type == TCG_TYPE_I64) {
        env->r64[i] = v;
    } else {
        env->r32[i] = v;
    }
}

static void check(OpsTest *c, const TestEnv *env0, const char *name)
{
    TestEnv e1 = *env0;
    CGEnv e2 = {.e = *env0};
    TCIResult r;
    TCGHostTB tb;

    assert_int_equal(test_run(&c->t, &e1, NULL, NULL, &r), TCI_EXIT_TB);
    tcg_liveness_analysis(&c->t.s);
    cg_compile(&c->t, c->buf, &tb);
    uintptr_t v = tcg_host_exec(c->buf, &e2, tb.code);
    tcg_host_tb_free(&tb);
    c->programs++;
    if (v != r.exit_val || memcmp(&e1, &e2.e, sizeof(e1))) {
        for (int i = 0; i < 8; i++) {
            print_message("r32[%d] %08x %08x  r64[%d] %016llx %016llx\n", i,
                          e1.r32[i], e2.e.r32[i], i,
                          (unsigned long long)e1.r64[i],
                          (unsigned long long)e2.e.r64[i]);
        }
        cg_fail_dump(&c->t, name);
    }
}

/* One program: out(s) = op(inputs), then exit. */
static void run_op(OpsTest *c, TCGOpcode opc, Mode mode, const uint64_t *in,
                   const TCGArg *cargs)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGType it = in_type(opc), ot = out_type(opc);
    int no = def->nb_oargs, ni = def->nb_iargs;
    TCGArg a[TCG_MAX_OP_ARGS];
    TestEnv env = {0};

    tcg_func_start(&c->t.s);
    for (int i = 0; i < ni; i++) {
        int g = mode == MODE_SAME ? 0 : i;
        set_global(&env, it, g, in[mode == MODE_SAME ? 0 : i]);
        a[no + i] = global(c, it, g);
        if (mode == MODE_TEMPS) {
            int tmp = tcg_temp_alloc(&c->t.s, TEMP_TB, it);
            TCGOp *mv =
                tcg_emit_op(&c->t.s, it == TCG_TYPE_I64 ? INDEX_op_mov_i64
                                                        : INDEX_op_mov_i32);
            mv->args[0] = tmp;
            mv->args[1] = a[no + i];
            a[no + i] = tmp;
        }
    }
    if (mode == MODE_CONST_B && ni) {
        a[no + ni - 1] = tcg_constant_temp(&c->t.s, it, in[ni - 1]);
    }
    if (mode == MODE_CONST_A && ni) {
        a[no] = tcg_constant_temp(&c->t.s, it, in[0]);
    }
    for (int i = 0; i < no; i++) {
        a[i] = global(c, ot, 6 + i);
        set_global(&env, ot, 6 + i, 0x5a5a5a5a5a5a5a5aull);
    }
    if (mode == MODE_ALIAS && ni && it == ot) {
        a[0] = a[no];
    }
    for (int i = 0; i < def->nb_cargs; i++) {
        a[no + ni + i] = cargs[i];
    }
    TCGOp *op = tcg_emit_op(&c->t.s, opc);
    memcpy(op->args, a, sizeof(a));
    tcg_gen_exit_tb(NULL, 0);
    check(c, &env, def->name);
}

static bool is_value_op(TCGOpcode opc)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    if (def->flags & (TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT | TCG_OPF_CALL |
                      TCG_OPF_SIDE_EFFECTS | TCG_OPF_CAN_FAULT)) {
        return false;
    }
    return def->nb_oargs > 0 && opc != INDEX_op_movi_i32 &&
           opc != INDEX_op_movi_i64 &&
           !(opc >= INDEX_op_ld8u_i32 && opc <= INDEX_op_ld32s_i64);
}

static int field_cargs(TCGOpcode opc, TCGArg (*f)[2])
{
    static const TCGArg fields[][2] = {
        {0, 1},  {0, 8},   {3, 5},  {8, 16}, {0, 32}, {31, 1},  {16, 16},
        {1, 31}, {32, 32}, {0, 64}, {63, 1}, {5, 40}, {12, 20}, {0, 63},
    };
    /* Outside the width: tcg-eval.c clips them (hand-made ops only). */
    static const TCGArg clipped[][2] = {{0, 0}, {30, 8}, {33, 4}, {70, 100}};
    int n = 0;
    unsigned w = tcg_op_defs[opc].flags & TCG_OPF_64BIT ? 64 : 32;
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (fields[i][0] + fields[i][1] <= w) {
            f[n][0] = fields[i][0];
            f[n][1] = fields[i][1];
            n++;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(clipped); i++) {
        f[n][0] = clipped[i][0];
        f[n][1] = clipped[i][1];
        n++;
    }
    return n;
}

static void test_value_ops(void **state)
{
    OpsTest *c = *state;
    TCGArg fields[24][2];

    for (TCGOpcode opc = 0; opc < NB_OPS; opc++) {
        if (!is_value_op(opc)) {
            continue;
        }
        const TCGOpDef *def = &tcg_op_defs[opc];
        int ni = def->nb_iargs;
        bool has_cond = strstr(def->name, "cond") != NULL;
        int nb_cargs_sets = has_cond             ? TCG_NB_CONDS
                            : def->nb_cargs == 2 ? field_cargs(opc, fields)
                                                 : 1;
        for (int k = 0; k < nb_cargs_sets; k++) {
            TCGArg cargs[2] = {k, 0};
            if (def->nb_cargs == 2 && !has_cond) {
                cargs[0] = fields[k][0];
                cargs[1] = fields[k][1];
            }
            for (Mode m = 0; m < NB_MODES; m++) {
                uint64_t in[4];
                if (ni == 1 || (ni == 2 && m == MODE_GLOBALS && !has_cond)) {
                    /* Every value (pair). */
                    size_t n = ni == 1 ? NB_VALS : NB_VALS * NB_VALS;
                    for (size_t i = 0; i < n; i++) {
                        in[0] = vals[i % NB_VALS];
                        in[1] = vals[i / NB_VALS];
                        run_op(c, opc, m, in, cargs);
                    }
                    continue;
                }
                for (int i = 0; i < (has_cond ? 40 : 150); i++) {
                    for (int j = 0; j < ni; j++) {
                        in[j] = vals[g_rand_int_range(c->rand, 0, NB_VALS)];
                    }
                    run_op(c, opc, m, in, cargs);
                }
            }
        }
    }
    print_message("%ld programs\n", c->programs);
}

/* brcond: the taken and fall-through paths, every condition. */
static void test_brcond(void **state)
{
    OpsTest *c = *state;

    for (int is64 = 0; is64 < 2; is64++) {
        TCGType ty = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
        for (TCGCond cond = 0; cond < TCG_NB_CONDS; cond++) {
            for (Mode m = 0; m < MODE_ALIAS; m++) {
                for (size_t i = 0; i < NB_VALS * NB_VALS; i += 7) {
                    TestEnv env = {0};
                    uint64_t x = vals[i % NB_VALS], y = vals[i / NB_VALS];
                    tcg_func_start(&c->t.s);
                    set_global(&env, ty, 0, x);
                    set_global(&env, ty, 1, y);
                    int a = m == MODE_CONST_A
                                ? tcg_constant_temp(&c->t.s, ty, x)
                                : global(c, ty, 0);
                    int b = m == MODE_CONST_B
                                ? tcg_constant_temp(&c->t.s, ty, y)
                                : global(c, ty, 1);
                    TCGLabel *l = gen_new_label();
                    tcg_gen_movi_i32(c->t.g32[7], 1);
                    TCGOp *op =
                        tcg_emit_op(&c->t.s, is64 ? INDEX_op_brcond_i64
                                                  : INDEX_op_brcond_i32);
                    op->args[0] = a;
                    op->args[1] = b;
                    op->args[2] = cond;
                    op->args[3] = label_arg(l);
                    l->refs++;
                    tcg_gen_movi_i32(c->t.g32[7], 2);
                    gen_set_label(l);
                    tcg_gen_exit_tb(NULL, 0);
                    check(c, &env, "brcond");
                }
            }
        }
    }
}

/* Loads and stores through env at every size, register and immediate. */
static void test_env_access(void **state)
{
    OpsTest *c = *state;
    static const TCGOpcode lds[] = {
        INDEX_op_ld8u_i32,  INDEX_op_ld8s_i32,  INDEX_op_ld16u_i32,
        INDEX_op_ld16s_i32, INDEX_op_ld_i32,    INDEX_op_ld8u_i64,
        INDEX_op_ld8s_i64,  INDEX_op_ld16u_i64, INDEX_op_ld16s_i64,
        INDEX_op_ld32u_i64, INDEX_op_ld32s_i64, INDEX_op_ld_i64,
    };
    static const TCGOpcode sts[] = {
        INDEX_op_st8_i32,  INDEX_op_st16_i32, INDEX_op_st_i32, INDEX_op_st8_i64,
        INDEX_op_st16_i64, INDEX_op_st32_i64, INDEX_op_st_i64,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(lds); i++) {
        TCGType ty = in_type(lds[i]);
        for (int ofs = 0; ofs < 56; ofs += 5) {
            TestEnv env = {0};
            for (size_t k = 0; k < sizeof(env.scratch); k++) {
                env.scratch[k] = 0x71 * k + 0x93;
            }
            tcg_func_start(&c->t.s);
            TCGOp *op = tcg_emit_op(&c->t.s, lds[i]);
            op->args[0] = global(c, ty, 6);
            op->args[1] = tcg_env.n;
            op->args[2] = offsetof(TestEnv, scratch) + ofs;
            tcg_gen_exit_tb(NULL, 0);
            check(c, &env, tcg_op_defs[lds[i]].name);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(sts); i++) {
        TCGType ty = in_type(sts[i]);
        for (size_t v = 0; v < NB_VALS; v++) {
            for (int konst = 0; konst < 2; konst++) {
                TestEnv env = {0};
                tcg_func_start(&c->t.s);
                set_global(&env, ty, 0, vals[v]);
                TCGOp *op = tcg_emit_op(&c->t.s, sts[i]);
                op->args[0] = konst ? tcg_constant_temp(&c->t.s, ty, vals[v])
                                    : global(c, ty, 0);
                op->args[1] = tcg_env.n;
                op->args[2] = offsetof(TestEnv, scratch) + 3 * v % 56;
                tcg_gen_exit_tb(NULL, 0);
                check(c, &env, tcg_op_defs[sts[i]].name);
            }
        }
    }
}

static int setup(void **state)
{
    OpsTest *c = g_new0(OpsTest, 1);
    TCGCodegenConfig cfg = {.tlb_ptr_offset = -1};
    test_ctx_init(&c->t);
    c->buf = tcg_code_buffer_new(1 << 20, &cfg);
    assert_non_null(c->buf);
    c->rand = g_rand_new_with_seed(4242);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    OpsTest *c = *state;
    tcg_code_buffer_free(c->buf);
    tcg_context_destroy(&c->t.s);
    g_rand_free(c->rand);
    g_free(c);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_value_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brcond, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_access, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
