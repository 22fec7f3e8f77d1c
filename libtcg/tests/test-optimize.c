/*
 * The optimiser's rules, checked on the op list it leaves (after liveness,
 * which removes what the rules made dead), and the -d op output format.
 */
#include "tcg-test.h"

#include <stdio.h>
#include <unistd.h>

#include "util/log.h"

static char *optimized(TestCtx *t)
{
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(&t->s);
    tcg_liveness_analysis(&t->s);
    return test_dump(t, false);
}

static void test_fold_constants(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
    TCGv_i64 c = tcg_temp_new_i64();
    tcg_gen_movi_i32(a, 3);
    tcg_gen_movi_i32(b, 4);
    tcg_gen_add_i32(t.g32[0], a, b);
    tcg_gen_mul_i32(a, a, b);
    tcg_gen_shl_i32(t.g32[1], a, b);            /* (3 * 4) << 4 */
    tcg_gen_extu_i32_i64(c, a);
    tcg_gen_mulu2_i64(t.g64[0], t.g64[1], c, tcg_constant_i64(-1));
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " movi_i32 eax,$0x7\n"
                        " movi_i32 ecx,$0xc0\n"
                        " movi_i64 r0,$0xfffffffffffffff4\n"
                        " movi_i64 r1,$0xb\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

static void test_copy_propagation(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
    tcg_gen_mov_i32(a, t.g32[0]);
    tcg_gen_mov_i32(b, a);
    tcg_gen_add_i32(t.g32[1], b, a);
    /* eax changes: a and b keep the old value, not eax's new one. */
    tcg_gen_movi_i32(t.g32[0], 9);
    tcg_gen_sub_i32(t.g32[2], b, t.g32[3]);
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " mov_i32 tmp18,eax\n"
                        " add_i32 ecx,eax,eax\n"
                        " movi_i32 eax,$0x9\n"
                        " sub_i32 edx,tmp18,ebx\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

static void test_identities(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 x = t.g32[0];
    tcg_gen_addi_i32(t.g32[1], x, 0);
    tcg_gen_muli_i32(t.g32[2], x, 1);
    tcg_gen_andi_i32(t.g32[3], x, 0);
    tcg_gen_xor_i32(t.g32[4], x, x);
    tcg_gen_shli_i32(t.g32[5], x, 0);
    tcg_gen_ori_i32(t.g32[6], x, -1);
    tcg_gen_andi_i32(t.g32[7], x, -1);
    tcg_gen_sub_i64(t.g64[0], t.g64[1], t.g64[1]);
    tcg_gen_rotri_i64(t.g64[2], t.g64[1], 64);
    /* A constant first operand moves second, then x * 0 is 0. */
    tcg_gen_mul_i64(t.g64[3], tcg_constant_i64(0), t.g64[1]);
    tcg_gen_setcond_i32(TCG_COND_LEU, t.g32[0], t.g32[2], t.g32[2]);
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " mov_i32 ecx,eax\n"
                        " mov_i32 edx,eax\n"
                        " movi_i32 ebx,$0x0\n"
                        " movi_i32 esp,$0x0\n"
                        " mov_i32 ebp,eax\n"
                        " movi_i32 esi,$0xffffffff\n"
                        " mov_i32 edi,eax\n"
                        " movi_i64 r0,$0x0\n"
                        " mov_i64 r2,r1\n"
                        " movi_i64 r3,$0x0\n"
                        " movi_i32 eax,$0x1\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

/*
 * Lazy flags: each instruction leaves its result and operands for the flag
 * computation in cc_dst/cc_src; only the last instruction's survive.
 */
static void test_dead_flag_computation(void **state)
{
    TestCtx t;
    TestEnv env = { .r32 = { 10, 20, 30 } }, env2;
    TCIResult res;
    test_ctx_init(&t);
    TCGv_i32 cc_dst = t.g32[6], cc_src = t.g32[7];
    TCGv_i32 eax = t.g32[0], ecx = t.g32[1], edx = t.g32[2];

    tcg_gen_insn_start((uint64_t[]){ 0x1000, 0 });       /* add eax,ecx */
    tcg_gen_mov_i32(cc_src, ecx);
    tcg_gen_add_i32(eax, eax, ecx);
    tcg_gen_mov_i32(cc_dst, eax);
    tcg_gen_insn_start((uint64_t[]){ 0x1002, 0 });       /* sub eax,edx */
    TCGv_i32 tmp = tcg_temp_ebb_new_i32();
    tcg_gen_sub_i32(tmp, eax, edx);
    tcg_gen_mov_i32(cc_src, edx);
    tcg_gen_mov_i32(eax, tmp);
    tcg_gen_mov_i32(cc_dst, tmp);
    tcg_gen_exit_tb(NULL, 0);

    env2 = env;
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    g_autofree char *d = test_dump(&t, false);
    assert_string_equal(d,
                        "\n ---- 0x1000 0x0\n"
                        " add_i32 eax,eax,ecx\n"
                        "\n ---- 0x1002 0x0\n"
                        " sub_i32 tmp17,eax,edx\n"
                        " mov_i32 edi,edx\n"
                        " mov_i32 eax,tmp17\n"
                        " mov_i32 esi,tmp17\n"
                        " exit_tb $0x0\n");
    assert_int_equal(test_run(&t, &env2, NULL, NULL, &res), TCI_EXIT_TB);
    assert_memory_equal(&env, &env2, sizeof(env));
    assert_int_equal(env.r32[0], 0);
    tcg_context_destroy(&t.s);
}

static void test_branch_folding(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGLabel *l1 = gen_new_label(), *l2 = gen_new_label();
    TCGv_i32 k = tcg_temp_new_i32();
    tcg_gen_movi_i32(k, 5);
    tcg_gen_brcondi_i32(TCG_COND_NE, k, 5, l1);     /* never taken */
    tcg_gen_movi_i32(t.g32[0], 1);
    gen_set_label(l1);
    tcg_gen_brcondi_i32(TCG_COND_GEU, k, 5, l2);    /* always taken */
    tcg_gen_movi_i32(t.g32[1], 2);                  /* unreachable */
    tcg_gen_brcond_i32(TCG_COND_EQ, t.g32[1], t.g32[2], l2);
    gen_set_label(l2);
    tcg_gen_setcond_i32(TCG_COND_GT, t.g32[2], k, tcg_constant_i32(-1));
    tcg_gen_movcond_i32(TCG_COND_LTU, t.g32[3], k, tcg_constant_i32(9),
                        t.g32[4], t.g32[5]);
    tcg_gen_exit_tb(NULL, 0);
    tcg_gen_movi_i32(t.g32[6], 3);                  /* after exit_tb */
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " movi_i32 eax,$0x1\n"
                        " movi_i32 edx,$0x1\n"
                        " mov_i32 ebx,esp\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

/* Labels are join points: what was known before one is forgotten. */
static void test_labels_reset_knowledge(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGLabel *l = gen_new_label();
    TCGv_i32 k = tcg_temp_new_i32();
    tcg_gen_brcond_i32(TCG_COND_EQ, t.g32[0], t.g32[1], l);
    tcg_gen_movi_i32(k, 5);
    gen_set_label(l);
    tcg_gen_addi_i32(t.g32[2], k, 1);
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " brcond_i32 eax,ecx,eq,$L0\n"
                        " movi_i32 tmp17,$0x5\n"
                        " set_label $L0\n"
                        " add_i32 edx,tmp17,$0x1\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

static uint64_t helper_nop(uint64_t env)
{
    return 0;
}

static void test_calls_forget_globals(void **state)
{
    static const TCGHelperInfo writes = {
        .func = (void (*)(void))helper_nop, .name = "writes", .nb_args = 1,
    };
    static const TCGHelperInfo no_wg = {
        .func = (void (*)(void))helper_nop, .name = "no_wg", .nb_args = 1,
        .flags = TCG_CALL_NO_WRITE_GLOBALS,
    };
    TestCtx t;
    test_ctx_init(&t);
    int env = tcg_env.n;
    tcg_gen_movi_i32(t.g32[0], 5);
    tcg_gen_call(&no_wg, -1, &env);
    tcg_gen_addi_i32(t.g32[1], t.g32[0], 1);       /* folds: 6 */
    tcg_gen_call(&writes, -1, &env);
    tcg_gen_addi_i32(t.g32[2], t.g32[0], 1);       /* eax may be new */
    g_autofree char *d = optimized(&t);
    assert_string_equal(d,
                        " movi_i32 eax,$0x5\n"
                        " call no_wg,$0x2,$0,env\n"
                        " movi_i32 ecx,$0x6\n"
                        " call writes,$0x0,$0,env\n"
                        " add_i32 edx,eax,$0x1\n"
                        " exit_tb $0x0\n");
    tcg_context_destroy(&t.s);
}

static void test_dump_format(void **state)
{
    TestCtx t;
    test_ctx_init(&t);
    TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
    tcg_gen_insn_start((uint64_t[]){ 0x1000, 0 });
    tcg_gen_movi_i32(a, 1);
    tcg_gen_add_i32(b, t.g32[0], a);
    tcg_gen_qemu_ld_i32(t.g32[1], b.n, 1, MO_LESW);
    tcg_gen_ld_i32(t.g32[2], tcg_env, 0x60);
    tcg_gen_exit_tb(NULL, 0);
    g_autofree char *d = test_dump(&t, false);
    assert_string_equal(d,
                        "\n ---- 0x1000 0x0\n"
                        " movi_i32 tmp17,$0x1\n"
                        " add_i32 tmp18,eax,tmp17\n"
                        " qemu_ld_i32 ecx,tmp18,lesw,1\n"
                        " ld_i32 edx,env,$0x60\n"
                        " exit_tb $0x0\n");

    /* -d op and -d op_opt through the log, with liveness notes. */
    char path[] = "/tmp/tcg-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(qemu_set_log_filename(path, NULL));
    assert_true(qemu_set_log(CPU_LOG_TB_OP | CPU_LOG_TB_OP_OPT, NULL));
    tcg_log_ops(&t.s, CPU_LOG_TB_OP, "OP");
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    tcg_log_ops(&t.s, CPU_LOG_TB_OP_OPT,
                "OP after optimization and liveness analysis");
    qemu_log_close();
    qemu_set_log(0, NULL);
    g_autofree char *log = NULL;
    assert_true(g_file_get_contents(path, &log, NULL, NULL));
    unlink(path);
    assert_non_null(strstr(log, "OP:\n\n ---- 0x1000 0x0\n"));
    assert_non_null(strstr(log, " add_i32 tmp18,eax,tmp17\n"));
    assert_non_null(strstr(log, "OP after optimization and liveness "
                                "analysis:\n"));
    /* a + 1 with a known: the add takes the constant directly. */
    assert_non_null(strstr(log, " add_i32 tmp18,eax,$0x1"));
    assert_non_null(strstr(log, "dead: 1"));
    assert_non_null(strstr(log, "sync: 0"));
    tcg_context_destroy(&t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_constants),
        cmocka_unit_test(test_copy_propagation),
        cmocka_unit_test(test_identities),
        cmocka_unit_test(test_dead_flag_computation),
        cmocka_unit_test(test_branch_folding),
        cmocka_unit_test(test_labels_reset_knowledge),
        cmocka_unit_test(test_calls_forget_globals),
        cmocka_unit_test(test_dump_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
