/*
 * Every value op in the interpreter, with edge values: signed extremes,
 * carries and borrows, shift counts at and past the width, division by
 * zero and overflow (emu's pinned results, docs/tcg.md).
 */
#include "tcg-test.h"

typedef struct OpCase {
    TCGOpcode opc;
    bool in64, out64;
    uint64_t in[5];
    TCGArg c[2];
    uint64_t out[2];
} OpCase;

#define M32 0xffffffffull
#define M64 0xffffffffffffffffull
#define MIN64 0x8000000000000000ull

/* i32 and i64 cases: inputs, constant args, expected outputs. */
#define C32(op, ...) { INDEX_op_##op##_i32, false, false, __VA_ARGS__ }
#define C64(op, ...) { INDEX_op_##op##_i64, true, true, __VA_ARGS__ }
#define IN(...) { __VA_ARGS__ }

static const OpCase cases[] = {
    C32(mov, IN(0x12345678), {}, { 0x12345678 }),
    C32(movi, IN(0), { 0xdeadbeef }, { 0xdeadbeef }),
    C32(add, IN(M32, 1), {}, { 0 }),
    C32(sub, IN(0, 1), {}, { M32 }),
    C32(mul, IN(0x10000, 0x10000), {}, { 0 }),
    C32(mul, IN(M32, M32), {}, { 1 }),
    C32(neg, IN(0x80000000), {}, { 0x80000000 }),
    C32(neg, IN(1), {}, { M32 }),
    C32(div, IN(0x80000000, M32), {}, { 0x80000000 }),
    C32(div, IN(0xfffffff9, 2), {}, { 0xfffffffd }),
    C32(div, IN(5, 0), {}, { 0 }),
    C32(rem, IN(0xfffffff9, 2), {}, { M32 }),
    C32(rem, IN(0x80000000, M32), {}, { 0 }),
    C32(rem, IN(5, 0), {}, { 5 }),
    C32(divu, IN(M32, 2), {}, { 0x7fffffff }),
    C32(divu, IN(9, 0), {}, { 0 }),
    C32(remu, IN(M32, 2), {}, { 1 }),
    C32(remu, IN(7, 0), {}, { 7 }),
    C32(add2, IN(M32, 0, 1, 0), {}, { 0, 1 }),
    C32(add2, IN(M32, M32, 1, 0), {}, { 0, 0 }),
    C32(sub2, IN(0, 1, 1, 0), {}, { M32, 0 }),
    C32(sub2, IN(0, 0, 1, 0), {}, { M32, M32 }),
    C32(mulu2, IN(M32, M32), {}, { 1, 0xfffffffe }),
    C32(muls2, IN(M32, M32), {}, { 1, 0 }),
    C32(muls2, IN(0x80000000, 2), {}, { 0, M32 }),
    C32(div2, IN(0xfffffff9, M32, 2), {}, { 0xfffffffd, M32 }),
    C32(div2, IN(0, 1, 1), {}, { 0, 0 }),
    C32(div2, IN(3, 0, 0), {}, { 0, 3 }),
    C32(divu2, IN(0, 1, 2), {}, { 0x80000000, 0 }),
    C32(divu2, IN(5, 0, 0), {}, { 0, 5 }),
    C32(and, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0xf000f000 }),
    C32(or, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0xfff0fff0 }),
    C32(xor, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0x0ff00ff0 }),
    C32(andc, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0x00f000f0 }),
    C32(orc, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0xf0fff0ff }),
    C32(eqv, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0xf00ff00f }),
    C32(nand, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0x0fff0fff }),
    C32(nor, IN(0xf0f0f0f0, 0xff00ff00), {}, { 0x000f000f }),
    C32(not, IN(0), {}, { M32 }),
    C32(shl, IN(1, 31), {}, { 0x80000000 }),
    C32(shl, IN(1, 32), {}, { 1 }),
    C32(shl, IN(3, 33), {}, { 6 }),
    C32(shr, IN(0x80000000, 31), {}, { 1 }),
    C32(shr, IN(0x80000000, 63), {}, { 1 }),
    C32(sar, IN(0x80000000, 31), {}, { M32 }),
    C32(sar, IN(0x80000000, 33), {}, { 0xc0000000 }),
    C32(rotl, IN(0x80000001, 1), {}, { 3 }),
    C32(rotl, IN(0x80000001, 0), {}, { 0x80000001 }),
    C32(rotr, IN(0x80000001, 1), {}, { 0xc0000000 }),
    C32(rotr, IN(0x80000001, 32), {}, { 0x80000001 }),
    C32(ext8s, IN(0x80), {}, { 0xffffff80 }),
    C32(ext8u, IN(0x1ff), {}, { 0xff }),
    C32(ext16s, IN(0x8000), {}, { 0xffff8000 }),
    C32(ext16u, IN(0x12345678), {}, { 0x5678 }),
    C32(deposit, IN(M32, 0), { 8, 8 }, { 0xffff00ff }),
    C32(deposit, IN(0, M32), { 0, 32 }, { M32 }),
    C32(extract, IN(0x12345678), { 4, 8 }, { 0x67 }),
    C32(extract, IN(0x80000000), { 31, 1 }, { 1 }),
    C32(sextract, IN(0x00000f00), { 8, 4 }, { M32 }),
    C32(sextract, IN(0x00000700), { 8, 4 }, { 7 }),
    C32(bswap16, IN(0x12345678), {}, { 0x7856 }),
    C32(bswap32, IN(0x12345678), {}, { 0x78563412 }),
    C32(clz, IN(0x00010000, 99), {}, { 15 }),
    C32(clz, IN(0, 32), {}, { 32 }),
    C32(ctz, IN(0x00010000, 99), {}, { 16 }),
    C32(ctz, IN(0, 77), {}, { 77 }),
    C32(movcond, IN(M32, 0, 10, 20), { TCG_COND_LT }, { 10 }),
    C32(movcond, IN(M32, 0, 10, 20), { TCG_COND_LTU }, { 20 }),

    C64(add, IN(M64, 1), {}, { 0 }),
    C64(sub, IN(0, 1), {}, { M64 }),
    C64(mul, IN(1ull << 32, 1ull << 32), {}, { 0 }),
    C64(neg, IN(MIN64), {}, { MIN64 }),
    C64(div, IN(MIN64, M64), {}, { MIN64 }),
    C64(div, IN(-7ull, 2), {}, { -3ull }),
    C64(div, IN(1, 0), {}, { 0 }),
    C64(rem, IN(MIN64, M64), {}, { 0 }),
    C64(rem, IN(-7ull, 2), {}, { M64 }),
    C64(divu, IN(M64, 2), {}, { M64 >> 1 }),
    C64(remu, IN(M64, 0), {}, { M64 }),
    C64(add2, IN(M64, 0, 1, 0), {}, { 0, 1 }),
    C64(sub2, IN(0, 0, 1, 0), {}, { M64, M64 }),
    C64(mulu2, IN(M64, M64), {}, { 1, M64 - 1 }),
    C64(muls2, IN(MIN64, M64), {}, { MIN64, 0 }),
    C64(muls2, IN(M64, 1), {}, { M64, M64 }),
    C64(div2, IN(-7ull, M64, 2), {}, { -3ull, M64 }),
    C64(div2, IN(0, 1, M64), {}, { 0, 0 }),
    C64(divu2, IN(0, 1, 2), {}, { MIN64, 0 }),
    C64(divu2, IN(9, 9, 0), {}, { 0, 9 }),
    C64(and, IN(M64, 0x00ff), {}, { 0xff }),
    C64(eqv, IN(0, 0), {}, { M64 }),
    C64(nor, IN(0, 0), {}, { M64 }),
    C64(shl, IN(1, 63), {}, { MIN64 }),
    C64(shl, IN(1, 64), {}, { 1 }),
    C64(shr, IN(MIN64, 63), {}, { 1 }),
    C64(sar, IN(MIN64, 63), {}, { M64 }),
    C64(rotl, IN(MIN64 | 1, 1), {}, { 3 }),
    C64(rotr, IN(MIN64 | 1, 1), {}, { 0xc000000000000000ull }),
    C64(rotr, IN(MIN64 | 1, 64), {}, { MIN64 | 1 }),
    C64(ext8s, IN(0x7f80), {}, { 0xffffffffffffff80ull }),
    C64(ext16u, IN(M64), {}, { 0xffff }),
    C64(ext32s, IN(0x80000000), {}, { 0xffffffff80000000ull }),
    C64(ext32u, IN(0xffffffff80000000ull), {}, { 0x80000000 }),
    C64(deposit, IN(0, 0xff), { 56, 8 }, { 0xff00000000000000ull }),
    C64(extract, IN(MIN64), { 63, 1 }, { 1 }),
    C64(sextract, IN(MIN64), { 63, 1 }, { M64 }),
    C64(bswap16, IN(0xaaaa1234), {}, { 0x3412 }),
    C64(bswap32, IN(0xaaaaaaaa12345678ull), {}, { 0x78563412 }),
    C64(bswap64, IN(0x0102030405060708ull), {}, { 0x0807060504030201ull }),
    C64(clz, IN(1, 0), {}, { 63 }),
    C64(clz, IN(0, 64), {}, { 64 }),
    C64(ctz, IN(MIN64, 0), {}, { 63 }),
    C64(movcond, IN(MIN64, 0, 1, 2), { TCG_COND_LT }, { 1 }),
    { INDEX_op_ext_i32_i64, false, true, IN(0x80000000), {},
      { 0xffffffff80000000ull } },
    { INDEX_op_extu_i32_i64, false, true, IN(0x80000000), {},
      { 0x80000000 } },
    { INDEX_op_extrl_i64_i32, true, false, IN(0x1234567887654321ull), {},
      { 0x87654321 } },
    { INDEX_op_extrh_i64_i32, true, false, IN(0x1234567887654321ull), {},
      { 0x12345678 } },
};

/* Run one op with inputs in globals 0.., outputs in globals 6 and 7. */
static void run_case(const OpCase *oc, uint64_t *out)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCIResult res;
    const TCGOpDef *def = &tcg_op_defs[oc->opc];

    test_ctx_init(&t);
    TCGOp *op = tcg_emit_op(&t.s, oc->opc);
    for (int i = 0; i < def->nb_oargs; i++) {
        op->args[i] = oc->out64 ? t.g64[6 + i].n : t.g32[6 + i].n;
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        op->args[def->nb_oargs + i] = oc->in64 ? t.g64[i].n : t.g32[i].n;
        env.r32[i] = oc->in[i];
        env.r64[i] = oc->in[i];
    }
    for (int i = 0; i < def->nb_cargs; i++) {
        op->args[def->nb_oargs + def->nb_iargs + i] = oc->c[i];
    }
    tcg_gen_exit_tb(NULL, 0);
    assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
    for (int i = 0; i < def->nb_oargs; i++) {
        out[i] = oc->out64 ? env.r64[6 + i] : env.r32[6 + i];
    }
    tcg_context_destroy(&t.s);
}

static void test_value_ops(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const OpCase *oc = &cases[i];
        uint64_t out[2] = { 0 };
        run_case(oc, out);
        for (int j = 0; j < tcg_op_defs[oc->opc].nb_oargs; j++) {
            if (out[j] != oc->out[j]) {
                fail_msg("case %zu %s out%d: got 0x%llx want 0x%llx", i,
                         tcg_op_defs[oc->opc].name, j,
                         (unsigned long long)out[j],
                         (unsigned long long)oc->out[j]);
            }
        }
    }
}

/* All ten conditions, signed and unsigned, both widths. */
static void test_conditions(void **state)
{
    /* x, y, then eq ne lt ge le gt ltu geu leu gtu */
    static const struct {
        uint64_t x, y;
        bool is64;
        uint8_t r[TCG_NB_CONDS];
    } cc[] = {
        { M32, 1, false, { 0, 1, 1, 0, 1, 0, 0, 1, 0, 1 } },
        { 5, 5, false, { 1, 0, 0, 1, 1, 0, 0, 1, 1, 0 } },
        { 0x7fffffff, 0x80000000, false, { 0, 1, 0, 1, 0, 1, 1, 0, 1, 0 } },
        { MIN64, 0, true, { 0, 1, 1, 0, 1, 0, 0, 1, 0, 1 } },
        { 0x80000000, 1, true, { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 } },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cc); i++) {
        for (int c = 0; c < TCG_NB_CONDS; c++) {
            OpCase oc = {
                .opc = cc[i].is64 ? INDEX_op_setcond_i64
                                  : INDEX_op_setcond_i32,
                .in64 = cc[i].is64, .out64 = cc[i].is64,
                .in = { cc[i].x, cc[i].y }, .c = { c },
            };
            uint64_t out[2];
            run_case(&oc, out);
            if (out[0] != cc[i].r[c]) {
                fail_msg("pair %zu cond %s: got %llu", i, tcg_cond_name(c),
                         (unsigned long long)out[0]);
            }
        }
    }
}

/* The optimiser folds with the same code: spot-check it agrees. */
static void test_folded_matches(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const OpCase *oc = &cases[i];
        const TCGOpDef *def = &tcg_op_defs[oc->opc];
        TestCtx t;
        TestEnv env = { 0 };
        TCIResult res;

        test_ctx_init(&t);
        TCGOp *op = tcg_emit_op(&t.s, oc->opc);
        for (int j = 0; j < def->nb_oargs; j++) {
            op->args[j] = oc->out64 ? t.g64[6 + j].n : t.g32[6 + j].n;
        }
        for (int j = 0; j < def->nb_iargs; j++) {
            op = &t.s.ops[0];
            op->args[def->nb_oargs + j] = tcg_constant_temp(
                &t.s, oc->in64 ? TCG_TYPE_I64 : TCG_TYPE_I32, oc->in[j]);
        }
        for (int j = 0; j < def->nb_cargs; j++) {
            t.s.ops[0].args[def->nb_oargs + def->nb_iargs + j] = oc->c[j];
        }
        tcg_gen_exit_tb(NULL, 0);
        tcg_optimize(&t.s);
        tcg_liveness_analysis(&t.s);
        /* Folded to movi (or nothing but exit_tb for a mov of a const). */
        for (int j = 0; j < t.s.nb_ops; j++) {
            TCGOpcode o = t.s.ops[j].opc;
            assert_true(o == INDEX_op_movi_i32 || o == INDEX_op_movi_i64 ||
                        o == INDEX_op_exit_tb);
        }
        assert_int_equal(test_run(&t, &env, NULL, NULL, &res), TCI_EXIT_TB);
        for (int j = 0; j < def->nb_oargs; j++) {
            uint64_t v = oc->out64 ? env.r64[6 + j] : env.r32[6 + j];
            if (v != oc->out[j]) {
                fail_msg("folded case %zu %s out%d: got 0x%llx", i,
                         def->name, j, (unsigned long long)v);
            }
        }
        tcg_context_destroy(&t.s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_ops),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_folded_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
