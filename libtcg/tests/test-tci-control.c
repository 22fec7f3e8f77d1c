/*
 * The interpreter beyond value ops: env loads/stores, branches, helper
 * calls, guest memory through the callbacks with faults reported at the
 * right insn_start, goto_tb chaining, exit_tb and goto_ptr values, and
 * malformed programs stopping cleanly.
 */
#include "tcg-test.h"

/* A 256-byte little-endian guest memory; addresses >= 256 fault. */
typedef struct Mem {
    uint8_t ram[256];
    int faults;
    uint64_t fault_addr;
} Mem;

static bool mem_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    Mem *m = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    if (addr >= sizeof(m->ram) || size > sizeof(m->ram) - addr) {
        m->faults++;
        m->fault_addr = addr;
        return false;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) ? size - 1 - i : i;
        v |= (uint64_t)m->ram[addr + i] << (8 * b);
    }
    *val = v;
    return true;
}

static bool mem_store(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val)
{
    Mem *m = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    if (addr >= sizeof(m->ram) || size > sizeof(m->ram) - addr) {
        m->faults++;
        m->fault_addr = addr;
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (mop & MO_BSWAP) ? size - 1 - i : i;
        m->ram[addr + i] = val >> (8 * b);
    }
    return true;
}

static const TCIMemOps mem_ops = {mem_load, mem_store};

static void test_env_ldst(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;
    intptr_t sc = offsetof(TestEnv, scratch);

    test_ctx_init(&t);
    TCGv_i32 a = tcg_temp_new_i32();
    TCGv_i64 b = tcg_temp_new_i64();
    env.scratch[0] = 0x80;
    env.scratch[2] = 0x01;
    env.scratch[3] = 0x80;
    tcg_gen_ld8s_i32(a, tcg_env, sc);
    tcg_gen_mov_i32(t.g32[0], a);
    tcg_gen_ld8u_i32(t.g32[1], tcg_env, sc);
    tcg_gen_ld16s_i32(t.g32[2], tcg_env, sc + 2);
    tcg_gen_ld16u_i64(t.g64[0], tcg_env, sc + 2);
    tcg_gen_ld32s_i64(t.g64[1], tcg_env, sc);
    tcg_gen_movi_i64(b, 0x1122334455667788ll);
    tcg_gen_st_i64(b, tcg_env, sc + 8);
    tcg_gen_st32_i64(b, tcg_env, sc + 16);
    tcg_gen_st16_i32(a, tcg_env, sc + 20);
    tcg_gen_st8_i64(b, tcg_env, sc + 22);
    tcg_gen_ld_i64(t.g64[2], tcg_env, sc + 16);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);

    assert_int_equal(env.r32[0], 0xffffff80);
    assert_int_equal(env.r32[1], 0x80);
    assert_int_equal(env.r32[2], 0xffff8001);
    assert_int_equal(env.r64[0], 0x8001);
    assert_int_equal(env.r64[1], 0xffffffff80010080ull);
    assert_int_equal(env.r64[2], 0x0088ff8055667788ull);
    tcg_context_destroy(&t.s);
}

/* A loop: sum 1..10 with a backward branch. */
static void test_branches(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;

    test_ctx_init(&t);
    TCGLabel *loop = gen_new_label(), *done = gen_new_label();
    TCGv_i32 i = tcg_temp_new_i32(), sum = tcg_temp_new_i32();
    tcg_gen_movi_i32(i, 1);
    tcg_gen_movi_i32(sum, 0);
    gen_set_label(loop);
    tcg_gen_brcondi_i32(TCG_COND_GT, i, 10, done);
    tcg_gen_add_i32(sum, sum, i);
    tcg_gen_addi_i32(i, i, 1);
    tcg_gen_br(loop);
    gen_set_label(done);
    tcg_gen_mov_i32(t.g32[0], sum);
    tcg_gen_exit_tb(NULL, 0);

    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(env.r32[0], 55);

    /* The same after optimisation and liveness. */
    env.r32[0] = 0;
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(env.r32[0], 55);
    tcg_context_destroy(&t.s);
}

static uint64_t h0(void)
{
    return 42;
}
static uint64_t h6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                   uint64_t f)
{
    return a + 10 * b + 100 * c + 1000 * d + 10000 * e + 100000 * f;
}
static uint64_t h_env(uint64_t env)
{
    /* A helper that reads and writes globals through env. */
    TestEnv *e = (TestEnv *)(uintptr_t)env;
    e->r32[1] = e->r32[0] * 2;
    return 0;
}

static const TCGHelperInfo info_h0 = {
    .func = (void (*)(void))h0,
    .name = "h0",
    .nb_args = 0,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
    .flags = TCG_CALL_PURE,
};
static const TCGHelperInfo info_h6 = {
    .func = (void (*)(void))h6,
    .name = "h6",
    .nb_args = 6,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
    .flags = TCG_CALL_PURE,
};
static const TCGHelperInfo info_env = {
    .func = (void (*)(void))h_env,
    .name = "env",
    .nb_args = 1,
};

static void test_calls(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;

    test_ctx_init(&t);
    int args[6];
    for (int i = 0; i < 6; i++) {
        args[i] = tcg_constant_i64(i + 1).n;
    }
    tcg_gen_call(&info_h0, t.g32[2].n, NULL);
    tcg_gen_call(&info_h6, t.g64[0].n, args);
    tcg_gen_movi_i32(t.g32[0], 21);
    int e = tcg_env.n;
    tcg_gen_call(&info_env, -1, &e);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(env.r32[2], 42);
    assert_int_equal(env.r64[0], 654321);
    assert_int_equal(env.r32[1], 42);
    tcg_context_destroy(&t.s);
}

static void test_guest_memory(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    Mem m = {0};
    TCIResult res;

    test_ctx_init(&t);
    TCGv_i32 addr = tcg_temp_new_i32();
    tcg_gen_movi_i32(addr, 0x10);
    tcg_gen_movi_i32(t.g32[0], 0x8081);
    tcg_gen_qemu_st_i32(t.g32[0], addr.n, 0, MO_LEUW);
    tcg_gen_qemu_ld_i32(t.g32[1], addr.n, 0, MO_LESW);
    tcg_gen_qemu_ld_i32(t.g32[2], addr.n, 0, MO_BEUW);
    tcg_gen_qemu_ld_i32(t.g32[3], addr.n, 1, MO_SB);
    tcg_gen_movi_i64(t.g64[0], 0x0102030405060708ll);
    tcg_gen_qemu_st_i64(t.g64[0], addr.n, 0, MO_BEUQ);
    tcg_gen_qemu_ld_i64(t.g64[1], addr.n, 0, MO_LEUQ);
    tcg_gen_qemu_ld_i64(t.g64[2], addr.n, 0, MO_LESL);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, &mem_ops, &m, &res), TCI_EXIT_TB);
    assert_int_equal(env.r32[1], 0xffff8081);
    assert_int_equal(env.r32[2], 0x8180);
    assert_int_equal(env.r32[3], 0xffffff81);
    assert_int_equal(m.ram[0x10], 0x01);
    assert_int_equal(env.r64[1], 0x0807060504030201ull);
    assert_int_equal(env.r64[2], 0x04030201);
    assert_int_equal(m.faults, 0);
    tcg_context_destroy(&t.s);
}

/*
 * Three guest instructions; the second's store faults.  The first's
 * register write is in env, the second's is not done, and the result
 * names instruction 1 and its pc, with and without optimisation.
 */
static void test_fault_insn_start(void **state)
{
    for (int opt = 0; opt < 2; opt++) {
        TestCtx t;
        TestEnv env = {0};
        Mem m = {0};
        TCIResult res;

        test_ctx_init(&t);
        TCGv_i32 addr = tcg_temp_new_i32();
        tcg_gen_insn_start((uint64_t[]){0x1000, 7});
        tcg_gen_movi_i32(t.g32[0], 1);
        tcg_gen_insn_start((uint64_t[]){0x1002, 8});
        tcg_gen_movi_i32(addr, 0x1000);
        tcg_gen_qemu_st_i32(t.g32[0], addr.n, 0, MO_LEUL);
        tcg_gen_movi_i32(t.g32[1], 2);
        tcg_gen_insn_start((uint64_t[]){0x1005, 9});
        tcg_gen_movi_i32(t.g32[2], 3);
        tcg_gen_exit_tb(NULL, 0);
        if (opt) {
            tcg_optimize(&t.s);
            tcg_liveness_analysis(&t.s);
        }
        assert_int_equal(test_run(&t, &env, &mem_ops, &m, &res),
                         TCI_EXIT_FAULT);
        assert_int_equal(res.insn_index, 1);
        assert_int_equal(res.insn_data[0], 0x1002);
        assert_int_equal(res.insn_data[1], 8);
        assert_int_equal(m.fault_addr, 0x1000);
        assert_int_equal(env.r32[0], 1);
        assert_int_equal(env.r32[1], 0);
        assert_int_equal(env.r32[2], 0);
        tcg_context_destroy(&t.s);
    }
}

/* Two blocks: A sets eax and goes to slot 0; B adds and exits. */
static void test_goto_tb_chain(void **state)
{
    static uint64_t fake_tb[2] __attribute__((aligned(8)));
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;

    test_ctx_init(&t);
    tcg_gen_movi_i32(t.g32[0], 5);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(&fake_tb[0], TB_EXIT_IDX0);
    TCIProg *a = tci_prog_new(&t.s);

    tcg_func_start(&t.s);
    tcg_gen_addi_i32(t.g32[0], t.g32[0], 1);
    tcg_gen_exit_tb(&fake_tb[1], TB_EXIT_REQUESTED);
    TCIProg *b = tci_prog_new(&t.s);

    /* Unchained: falls through to exit_tb with the slot index. */
    assert_int_equal(tci_exec(a, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(res.exit_val, (uintptr_t)&fake_tb[0] + TB_EXIT_IDX0);
    assert_int_equal(res.goto_tb, 0);
    assert_int_equal(env.r32[0], 5);

    tci_prog_set_jump(a, 0, b);
    assert_int_equal(tci_exec(a, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(res.exit_val & TB_EXIT_MASK, TB_EXIT_REQUESTED);
    assert_int_equal(res.exit_val & ~(uintptr_t)TB_EXIT_MASK,
                     (uintptr_t)&fake_tb[1]);
    assert_ptr_equal(res.prog, b);
    assert_int_equal(env.r32[0], 6);

    tci_prog_set_jump(a, 0, NULL);
    assert_int_equal(tci_exec(a, &env, NULL, NULL, &res), TCI_EXIT_TB);
    assert_int_equal(env.r32[0], 5);
    tci_prog_free(a);
    tci_prog_free(b);
    tcg_context_destroy(&t.s);
}

static void test_goto_ptr_and_mb(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;

    test_ctx_init(&t);
    tcg_gen_mb(TCG_MO_ALL);
    TCGv_ptr p = {tcg_temp_new_i64().n};
    tcg_gen_movi_i64((TCGv_i64){p.n}, 0x4000);
    tcg_gen_goto_ptr(p);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_GOTO_PTR);
    assert_int_equal(res.exit_val, 0x4000);
    tcg_context_destroy(&t.s);
}

/* Malformed programs stop with an error instead of crashing. */
static void test_malformed(void **state)
{
    TestCtx t;
    TestEnv env = {0};
    TCIResult res;

    /* An env access outside the state. */
    test_ctx_init(&t);
    tcg_gen_ld_i32(t.g32[0], tcg_env, sizeof(TestEnv) - 2);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_ERROR);

    /* Through a wild pointer. */
    tcg_func_start(&t.s);
    TCGv_i64 wild = tcg_temp_new_i64();
    tcg_gen_movi_i64(wild, 8);
    tcg_gen_st_i32(t.g32[0], (TCGv_ptr){wild.n}, 0);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_ERROR);

    /* No exit. */
    tcg_func_start(&t.s);
    tcg_gen_movi_i32(t.g32[0], 1);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_ERROR);

    /* A branch to a label never placed. */
    tcg_func_start(&t.s);
    tcg_gen_br(gen_new_label());
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_ERROR);

    /* A guest access with no memory interface is a fault. */
    tcg_func_start(&t.s);
    tcg_gen_qemu_ld_i32(t.g32[0], t.g32[1].n, 0, MO_UB);
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_FAULT);
    assert_int_equal(res.insn_index, -1);

    /* A hand-made op naming a temp that does not exist. */
    tcg_func_start(&t.s);
    TCGOp *op = tcg_emit_op(&t.s, INDEX_op_add_i32);
    op->args[0] = t.g32[0].n;
    op->args[1] = 100000;
    op->args[2] = t.g32[0].n;
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_ERROR);
    tcg_context_destroy(&t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_ldst),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_calls),
        cmocka_unit_test(test_guest_memory),
        cmocka_unit_test(test_fault_insn_start),
        cmocka_unit_test(test_goto_tb_chain),
        cmocka_unit_test(test_goto_ptr_and_mb),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
