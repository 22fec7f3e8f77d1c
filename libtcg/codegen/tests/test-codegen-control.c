/*
 * Control flow between blocks and the buffer: goto_tb chaining and
 * unchaining with tcg_host_tb_set_jump (against tci_prog_set_jump),
 * goto_ptr to a block and to 0, the exit value through the epilogue,
 * return addresses of helper calls mapped back to their instruction, a
 * full buffer returning -1 without writing past its end, and -d out_asm.
 */
#include <stdio.h>
#include <unistd.h>

#include "codegen-test.h"
#include "util/log.h"

static TCGCodegenConfig no_tlb = {.tlb_ptr_offset = -1};

/* Fake TranslationBlock pointers: only their alignment matters. */
#define TB_A ((const void *)0x10000)
#define TB_B ((const void *)0x20000)

/* Block A: eax += 1; goto_tb 0; exit_tb A+0.  Block B: ecx += 10. */
static void gen_block_a(TestCtx *t)
{
    tcg_func_start(&t->s);
    tcg_gen_insn_start((uint64_t[]){0x100, 0});
    tcg_gen_addi_i32(t->g32[0], t->g32[0], 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(TB_A, 0);
    tcg_optimize(&t->s);
    tcg_liveness_analysis(&t->s);
}

static void gen_block_b(TestCtx *t)
{
    tcg_func_start(&t->s);
    tcg_gen_insn_start((uint64_t[]){0x200, 0});
    tcg_gen_addi_i32(t->g32[1], t->g32[1], 10);
    tcg_gen_exit_tb(TB_B, 1);
    tcg_optimize(&t->s);
    tcg_liveness_analysis(&t->s);
}

static void test_goto_tb_chain(void **state)
{
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB a, b;
    TCIResult r;
    TestEnv ti = {0};
    CGEnv ce = {0};

    test_ctx_init(&t);
    gen_block_a(&t);
    TCIProg *pa = tci_prog_new(&t.s);
    cg_compile(&t, buf, &a);
    gen_block_b(&t);
    TCIProg *pb = tci_prog_new(&t.s);
    cg_compile(&t, buf, &b);

    assert_int_not_equal(a.jmp_insn_offset[0], UINT32_MAX);
    assert_int_equal(a.jmp_insn_offset[1], UINT32_MAX);
    /* The rel32 is aligned so that one store re-targets it. */
    assert_int_equal(((uintptr_t)a.code + a.jmp_insn_offset[0] + 1) % 4, 0);

    for (int round = 0; round < 2; round++) {
        /* Unchained: A exits through its own exit_tb. */
        assert_int_equal(tci_exec(pa, &ti, NULL, NULL, &r), TCI_EXIT_TB);
        uintptr_t v = tcg_host_exec(buf, &ce, a.code);
        assert_int_equal(v, r.exit_val);
        assert_int_equal(v, (uintptr_t)TB_A);
        assert_memory_equal(&ti, &ce.e, sizeof(ti));

        /* Chained: A runs on into B and exits through B's exit_tb. */
        tci_prog_set_jump(pa, 0, pb);
        tcg_host_tb_set_jump(&a, 0, b.code);
        assert_int_equal(tci_exec(pa, &ti, NULL, NULL, &r), TCI_EXIT_TB);
        v = tcg_host_exec(buf, &ce, a.code);
        assert_int_equal(v, r.exit_val);
        assert_int_equal(v, (uintptr_t)TB_B + 1);
        assert_memory_equal(&ti, &ce.e, sizeof(ti));

        tci_prog_set_jump(pa, 0, NULL);
        tcg_host_tb_set_jump(&a, 0, NULL);
    }
    assert_int_equal(ce.e.r32[0], 4);
    assert_int_equal(ce.e.r32[1], 20);

    tci_prog_free(pa);
    tci_prog_free(pb);
    tcg_host_tb_free(&a);
    tcg_host_tb_free(&b);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

static void test_goto_ptr(void **state)
{
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB b, c;
    CGEnv ce = {0};

    test_ctx_init(&t);
    gen_block_b(&t);
    cg_compile(&t, buf, &b);

    /* C: edx = 5; goto_ptr r0 (the host code to run next, or 0). */
    tcg_func_start(&t.s);
    tcg_gen_insn_start((uint64_t[]){0x300, 0});
    tcg_gen_movi_i32(t.g32[2], 5);
    tcg_gen_goto_ptr((TCGv_ptr){t.g64[0].n});
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    cg_compile(&t, buf, &c);

    ce.e.r64[0] = (uintptr_t)b.code;
    assert_int_equal(tcg_host_exec(buf, &ce, c.code), (uintptr_t)TB_B + 1);
    assert_int_equal(ce.e.r32[1], 10);
    assert_int_equal(ce.e.r32[2], 5);

    ce.e.r64[0] = 0;
    ce.e.r32[2] = 0;
    assert_int_equal(tcg_host_exec(buf, &ce, c.code), 0);
    assert_int_equal(ce.e.r32[1], 10);
    assert_int_equal(ce.e.r32[2], 5);

    tcg_host_tb_free(&b);
    tcg_host_tb_free(&c);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

/* Helpers that report the return address they were called with. */
static uintptr_t seen_ra[4];
static int nb_seen;

static __attribute__((noinline)) uint64_t h_where(uint64_t env)
{
    if (nb_seen < 4) {
        seen_ra[nb_seen++] = (uintptr_t)__builtin_extract_return_addr(
            __builtin_return_address(0));
    }
    return 0;
}

static const TCGHelperInfo info_where = {
    .func = (void (*)(void))h_where,
    .name = "where",
    .nb_args = 1,
    .flags = TCG_CALL_NO_RWG,
};

static void test_find_insn(void **state)
{
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB tb;
    CGEnv ce = {0};
    int e = tcg_env.n;

    test_ctx_init(&t);
    tcg_func_start(&t.s);
    for (int i = 0; i < 4; i++) {
        tcg_gen_insn_start((uint64_t[]){0x4000 + 3 * i, i * 7});
        tcg_gen_addi_i32(t.g32[i], t.g32[i], i);
        if (i != 2) {
            tcg_gen_call(&info_where, -1, &e);
        }
    }
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    cg_compile(&t, buf, &tb);

    nb_seen = 0;
    tcg_host_exec(buf, &ce, tb.code);
    assert_int_equal(nb_seen, 3);
    static const int want[3] = {0, 1, 3};
    for (int k = 0; k < 3; k++) {
        int idx = -1;
        uint64_t data[TCG_MAX_INSN_START_WORDS];
        assert_true(tcg_host_tb_find_insn(&tb, seen_ra[k], &idx, data));
        assert_int_equal(idx, want[k]);
        assert_int_equal(data[0], 0x4000 + 3 * want[k]);
        assert_int_equal(data[1], want[k] * 7);
    }
    /* Outside the block. */
    int idx;
    uint64_t data[TCG_MAX_INSN_START_WORDS];
    assert_false(tcg_host_tb_find_insn(&tb, (uintptr_t)tb.code + tb.size + 1,
                                       &idx, data));
    assert_false(
        tcg_host_tb_find_insn(&tb, (uintptr_t)tb.code - 1, &idx, data));
    tcg_host_tb_free(&tb);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

static uint64_t h_mix3(uint64_t a, uint64_t b, uint64_t c)
{
    return (a * 3) ^ (b << 7) ^ (c >> 3);
}

static const TCGHelperInfo info_mix3 = {
    .func = (void (*)(void))h_mix3,
    .name = "mix3",
    .nb_args = 3,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
    .flags = TCG_CALL_NO_RWG,
};

/*
 * More live values than host registers, across helper calls, a branch
 * and a label: spills, reloads and slots must keep every value.
 */
static void test_register_pressure(void **state)
{
    enum { N = 40 };
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB tb;
    TCGv_i64 v[N];
    TCGv_i32 w[N];
    TCGLabel *l = NULL;

    test_ctx_init(&t);
    tcg_func_start(&t.s);
    tcg_gen_insn_start((uint64_t[]){0x600, 0});
    for (int i = 0; i < N; i++) {
        v[i] = i % 3 ? tcg_temp_new_i64() : tcg_temp_ebb_new_i64();
        w[i] = tcg_temp_new_i32();
        tcg_gen_muli_i64(v[i], t.g64[i % 8], i + 1);
        tcg_gen_addi_i64(v[i], v[i], i * 0x10001);
        tcg_gen_xori_i32(w[i], t.g32[i % 8], i << 9);
        if (i % 13 == 12) {
            int args[3] = {v[i].n, v[i - 1].n, t.g64[i % 8].n};
            tcg_gen_call(&info_mix3, v[i].n, args);
        }
    }
    for (int i = 1; i < N; i++) {
        tcg_gen_add_i64(v[0], v[0], v[i]);
        tcg_gen_sub_i32(w[0], w[0], w[i]);
        if (i == N / 2) {
            /* EBB temps die at the label: only TB ones are read after. */
            l = gen_new_label();
            tcg_gen_brcondi_i32(TCG_COND_EQ, t.g32[7], 12345, l);
            tcg_gen_movi_i32(t.g32[6], 1);
            gen_set_label(l);
            for (int k = i + 1; k < N; k++) {
                if (k % 3 == 0) {
                    tcg_gen_movi_i64(v[k], k);
                }
            }
        }
    }
    tcg_gen_mov_i64(t.g64[0], v[0]);
    tcg_gen_mov_i32(t.g32[0], w[0]);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(&t.s);
    tcg_liveness_analysis(&t.s);
    TCIProg *p = tci_prog_new(&t.s);
    cg_compile(&t, buf, &tb);

    for (int run = 0; run < 2; run++) {
        TestEnv ti = {.r64 = {3, 5, 7, 11, 13, 17, 19, 23},
                      .r32 = {1, 2, 3, 4, 5, 6, 7, run ? 12345 : 0}};
        CGEnv ce = {.e = ti};
        TCIResult r;
        assert_int_equal(tci_exec(p, &ti, NULL, NULL, &r), TCI_EXIT_TB);
        assert_int_equal(tcg_host_exec(buf, &ce, tb.code), r.exit_val);
        assert_memory_equal(&ti, &ce.e, sizeof(ti));
        assert_int_equal(ti.r32[6], run ? 7 : 1);
    }
    tci_prog_free(p);
    tcg_host_tb_free(&tb);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

/* A block big enough that a few fill a small buffer. */
static void gen_big_block(TestCtx *t)
{
    tcg_func_start(&t->s);
    tcg_gen_insn_start((uint64_t[]){0x500, 0});
    for (int i = 0; i < 200; i++) {
        tcg_gen_add_i64(t->g64[i % 8], t->g64[(i + 1) % 8],
                        t->g64[(i + 3) % 8]);
        tcg_gen_xori_i64(t->g64[(i + 5) % 8], t->g64[i % 8], i);
    }
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(&t->s);
    tcg_liveness_analysis(&t->s);
}

static void test_buffer_full(void **state)
{
    TestCtx t;
    long page = sysconf(_SC_PAGESIZE);
    TCGCodeBuffer *buf = tcg_code_buffer_new(2 * page, &no_tlb);
    TCGHostTB tb;
    int compiled = 0, rc;

    assert_int_equal(tcg_code_buffer_size(buf), 2 * page);
    test_ctx_init(&t);
    gen_big_block(&t);
    TCIProg *p = tci_prog_new(&t.s);
    while ((rc = tcg_gen_code(&t.s, buf, &tb)) == 0) {
        assert_true(tcg_code_buffer_used(buf) <= tcg_code_buffer_size(buf));
        tcg_host_tb_free(&tb);
        compiled++;
    }
    assert_int_equal(rc, -1);
    assert_true(compiled >= 1);
    assert_true(tcg_code_buffer_used(buf) <= tcg_code_buffer_size(buf));

    /* After a reset the same block compiles and runs. */
    tcg_code_buffer_reset(buf);
    assert_int_equal(tcg_gen_code(&t.s, buf, &tb), 0);
    TestEnv ti = {.r64 = {1, 2, 3, 4, 5, 6, 7, 8}};
    CGEnv ce = {.e = ti};
    TCIResult r;
    assert_int_equal(tci_exec(p, &ti, NULL, NULL, &r), TCI_EXIT_TB);
    assert_int_equal(tcg_host_exec(buf, &ce, tb.code), r.exit_val);
    assert_memory_equal(&ti, &ce.e, sizeof(ti));

    tci_prog_free(p);
    tcg_host_tb_free(&tb);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

static void test_out_asm(void **state)
{
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB tb;
    char path[] = "/tmp/emu-out-asm-XXXXXX";
    int fd = mkstemp(path);
    char *log = NULL;
    char head[64];

    assert_true(fd >= 0);
    close(fd);
    assert_true(qemu_set_log_filename(path, NULL));
    assert_true(qemu_set_log(CPU_LOG_TB_OUT_ASM, NULL));
    test_ctx_init(&t);
    gen_block_b(&t);
    cg_compile(&t, buf, &tb);
    qemu_set_log(0, NULL);
    qemu_log_close();

    assert_true(g_file_get_contents(path, &log, NULL, NULL));
    snprintf(head, sizeof(head), "OUT: [size=%u]\n", tb.size);
    assert_non_null(strstr(log, head));
    /* The first line of bytes starts at the block's address. */
    snprintf(head, sizeof(head),
             "0x%016llx:", (unsigned long long)(uintptr_t)tb.code);
    assert_non_null(strstr(log, head));
    g_free(log);
    unlink(path);
    tcg_host_tb_free(&tb);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

/* The permissions of the mapping holding addr, from /proc/self/maps. */
static bool mapping_perms(uintptr_t addr, char perms[5])
{
    char *maps = NULL;
    bool found = false;

    if (!g_file_get_contents("/proc/self/maps", &maps, NULL, NULL)) {
        return false;
    }
    for (char *line = maps; line && *line && !found;) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && addr >= lo &&
            addr < hi) {
            found = true;
        }
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    g_free(maps);
    return found;
}

/* W^X: the code runs from a mapping nobody can write. */
static void test_wx(void **state)
{
    TestCtx t;
    TCGCodeBuffer *buf = tcg_code_buffer_new(64 * 1024, &no_tlb);
    TCGHostTB tb;
    char perms[5];

    test_ctx_init(&t);
    gen_block_b(&t);
    cg_compile(&t, buf, &tb);
    if (!mapping_perms((uintptr_t)tb.code, perms)) {
        skip();
    }
    assert_int_equal(perms[1], '-');
    assert_int_equal(perms[2], 'x');
    tcg_host_tb_free(&tb);
    tcg_code_buffer_free(buf);
    tcg_context_destroy(&t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goto_tb_chain),
        cmocka_unit_test(test_goto_ptr),
        cmocka_unit_test(test_find_insn),
        cmocka_unit_test(test_register_pressure),
        cmocka_unit_test(test_buffer_full),
        cmocka_unit_test(test_out_asm),
        cmocka_unit_test(test_wx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
