/*
 * Liveness: which global writes survive a helper call depending on the
 * helper's flags, removal of dead pure calls, faulting ops as sync points,
 * temps across labels, and the DEAD_ARG/SYNC_ARG annotations.
 */
#include "tcg-test.h"

static uint64_t helper_touch(uint64_t env)
{
    /* Side effect outside the globals: a counter in scratch. */
    TestEnv *e = (TestEnv *)(uintptr_t)env;
    e->scratch[0]++;
    return 0;
}

static uint64_t helper_twice(uint64_t x)
{
    return 2 * x;
}

static const TCGHelperInfo info_twice = {
    .func = (void (*)(void))helper_twice,
    .name = "twice",
    .nb_args = 1,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
    .flags = TCG_CALL_PURE,
};

static const TCGHelperInfo info_twice_se = {
    .func = (void (*)(void))helper_twice,
    .name = "twice_se",
    .nb_args = 1,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
    .flags = TCG_CALL_NO_RWG,
};

static int count_ops(TestCtx *t, TCGOpcode opc)
{
    int n = 0;
    for (int i = 0; i < t->s.nb_ops; i++) {
        n += t->s.ops[i].opc == opc;
    }
    return n;
}

/*
 * movi eax,1; call touch(env); movi eax,2: the first write matters only if
 * the helper may read globals, or may write them (then eax must be in env
 * before the call, as the helper may leave it alone).
 */
static void test_helper_flags(void **state)
{
    static const struct {
        unsigned flags;
        int movi_left;
    } cases[] = {
        {0, 2},
        {TCG_CALL_NO_READ_GLOBALS, 2},
        {TCG_CALL_NO_WRITE_GLOBALS, 2},
        {TCG_CALL_NO_RWG, 1},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        TCGHelperInfo info = {
            .func = (void (*)(void))helper_touch,
            .name = "touch",
            .nb_args = 1,
            .flags = cases[i].flags,
        };
        TestCtx t;
        TestEnv env = {0};
        TCIResult res;
        test_ctx_init(&t);
        int e = tcg_env.n;
        tcg_gen_movi_i32(t.g32[0], 1);
        tcg_gen_call(&info, -1, &e);
        tcg_gen_movi_i32(t.g32[0], 2);
        tcg_gen_exit_tb(NULL, 0);
        tcg_liveness_analysis(&t.s);
        assert_int_equal(count_ops(&t, INDEX_op_movi_i32), cases[i].movi_left);
        assert_int_equal(count_ops(&t, INDEX_op_call), 1);
        /* Both surviving writes go to env. */
        for (int n = 0; n < t.s.nb_ops; n++) {
            if (t.s.ops[n].opc == INDEX_op_movi_i32) {
                assert_true(t.s.ops[n].life & SYNC_ARG(0));
            }
        }
        assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
        assert_int_equal(env.r32[0], 2);
        assert_int_equal(env.scratch[0], 1);
        tcg_context_destroy(&t.s);
    }
}

/* A pure call whose result is unused goes; one with side effects stays. */
static void test_dead_calls(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 r = tcg_temp_new_i32();
    int a = t.g32[0].n;
    tcg_gen_call(&info_twice, r.n, &a);
    tcg_gen_call(&info_twice_se, r.n, &a);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t.s);
    assert_int_equal(count_ops(&t, INDEX_op_call), 1);
    const TCGHelperInfo *left =
        (const TCGHelperInfo *)(uintptr_t)t.s.ops[0].args[2];
    assert_ptr_equal(left, &info_twice_se);
    /* Its output is dead on arrival; eax is read later by nothing. */
    assert_true(t.s.ops[0].life & DEAD_ARG(0));
    assert_true(t.s.ops[0].life & DEAD_ARG(1));
    tcg_context_destroy(&t.s);
}

/* A guest access may fault, so eax must be in env before it. */
static void test_fault_is_sync_point(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    tcg_gen_movi_i32(t.g32[0], 1);
    tcg_gen_qemu_ld_i32(t.g32[1], t.g32[2].n, 0, MO_UB);
    tcg_gen_movi_i32(t.g32[0], 2);
    tcg_gen_movi_i32(t.g32[3], 1);
    tcg_gen_ld_i32(t.g32[4], tcg_env, offsetof(TestEnv, scratch));
    tcg_gen_movi_i32(t.g32[3], 2);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t.s);
    g_autofree char *d = test_dump(&t, true);
    /* ebx's first write is dead: a host load of env does not fault. */
    assert_int_equal(count_ops(&t, INDEX_op_movi_i32), 3);
    assert_non_null(strstr(d, " movi_i32 eax,$0x1"));
    assert_non_null(strstr(d, " movi_i32 ebx,$0x2"));
    assert_null(strstr(d, " movi_i32 ebx,$0x1"));
    tcg_context_destroy(&t.s);
}

/* DEAD_ARG on last uses; a temp read twice dies at its last read. */
static void test_dead_args(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
    tcg_gen_add_i32(a, t.g32[0], t.g32[1]);
    tcg_gen_add_i32(b, a, t.g32[0]);
    tcg_gen_add_i32(t.g32[2], a, b);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t.s);
    assert_int_equal(t.s.nb_ops, 4);
    /* add a,eax,ecx: eax is read again, ecx is not (in registers). */
    assert_int_equal(t.s.ops[0].life, DEAD_ARG(2));
    assert_int_equal(t.s.ops[1].life, DEAD_ARG(2));
    assert_int_equal(t.s.ops[2].life, DEAD_ARG(1) | DEAD_ARG(2) | SYNC_ARG(0));
    tcg_context_destroy(&t.s);
}

/* TB temps survive labels; EBB temps and discarded temps do not. */
static void test_temps_and_labels(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGLabel *l = gen_new_label();
    TCGv_i32 tb = tcg_temp_new_i32(), ebb = tcg_temp_ebb_new_i32();
    TCGv_i32 gone = tcg_temp_new_i32();
    tcg_gen_add_i32(tb, t.g32[0], t.g32[1]);
    tcg_gen_sub_i32(ebb, t.g32[0], t.g32[1]);
    tcg_gen_mul_i32(gone, t.g32[0], t.g32[1]);
    tcg_gen_discard_i32(gone);
    tcg_gen_brcond_i32(TCG_COND_EQ, t.g32[0], t.g32[1], l);
    gen_set_label(l);
    tcg_gen_mov_i32(t.g32[2], tb);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t.s);
    assert_int_equal(count_ops(&t, INDEX_op_add_i32), 1);
    assert_int_equal(count_ops(&t, INDEX_op_sub_i32), 0);
    assert_int_equal(count_ops(&t, INDEX_op_mul_i32), 0);
    tcg_context_destroy(&t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helper_flags),
        cmocka_unit_test(test_dead_calls),
        cmocka_unit_test(test_fault_is_sync_point),
        cmocka_unit_test(test_dead_args),
        cmocka_unit_test(test_temps_and_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
