/*
 * tcg_gen_*: appending ops to tcg_ctx, with the argument checks that keep
 * every emitted op well formed (the interpreter relies on them).
 */
#include "tcg/tcg-op.h"

#include <assert.h>

TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_alloc(tcg_ctx, TEMP_TB, TCG_TYPE_I32));
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_alloc(tcg_ctx, TEMP_TB, TCG_TYPE_I64));
}

TCGv_i32 tcg_temp_ebb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_alloc(tcg_ctx, TEMP_EBB, TCG_TYPE_I32));
}

TCGv_i64 tcg_temp_ebb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_alloc(tcg_ctx, TEMP_EBB, TCG_TYPE_I64));
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return temp_tcgv_i32(tcg_constant_temp(tcg_ctx, TCG_TYPE_I32, val));
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return temp_tcgv_i64(tcg_constant_temp(tcg_ctx, TCG_TYPE_I64, val));
}

TCGv_i32 tcg_global_mem_new_i32(intptr_t offset, const char *name)
{
    return temp_tcgv_i32(
        tcg_global_mem_alloc(tcg_ctx, TCG_TYPE_I32, offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(intptr_t offset, const char *name)
{
    return temp_tcgv_i64(
        tcg_global_mem_alloc(tcg_ctx, TCG_TYPE_I64, offset, name));
}

static TCGOp *gen_op(TCGOpcode opc, int n, const TCGArg *a)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGContext *s = tcg_ctx;
    TCGOp *op = tcg_emit_op(s, opc);

    assert(n == def->nb_oargs + def->nb_iargs + def->nb_cargs);
    for (int i = 0; i < n; i++) {
        op->args[i] = a[i];
        /* Outputs and inputs name existing temps; no write to a const. */
        if (i < def->nb_oargs + def->nb_iargs) {
            assert(a[i] < (TCGArg)s->nb_temps);
        }
        if (i < def->nb_oargs) {
            assert(s->temps[a[i]].kind != TEMP_CONST &&
                   s->temps[a[i]].kind != TEMP_FIXED);
        }
    }
    return op;
}

void tcg_gen_op1(TCGOpcode opc, TCGArg a1)
{
    gen_op(opc, 1, (TCGArg[]){ a1 });
}

void tcg_gen_op2(TCGOpcode opc, TCGArg a1, TCGArg a2)
{
    gen_op(opc, 2, (TCGArg[]){ a1, a2 });
}

void tcg_gen_op3(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3)
{
    gen_op(opc, 3, (TCGArg[]){ a1, a2, a3 });
}

void tcg_gen_op4(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4)
{
    gen_op(opc, 4, (TCGArg[]){ a1, a2, a3, a4 });
}

void tcg_gen_op5(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                 TCGArg a5)
{
    gen_op(opc, 5, (TCGArg[]){ a1, a2, a3, a4, a5 });
}

void tcg_gen_op6(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                 TCGArg a5, TCGArg a6)
{
    gen_op(opc, 6, (TCGArg[]){ a1, a2, a3, a4, a5, a6 });
}

#define GEN_PAIR(name, T)                                                   \
    void tcg_gen_##name##_##T(TCGv_##T rl, TCGv_##T rh, TCGv_##T al,        \
                              TCGv_##T ah, TCGv_##T bl, TCGv_##T bh)        \
    {                                                                       \
        tcg_gen_op6(INDEX_op_##name##_##T, rl.n, rh.n, al.n, ah.n, bl.n,    \
                    bh.n);                                                  \
    }
GEN_PAIR(add2, i32)
GEN_PAIR(add2, i64)
GEN_PAIR(sub2, i32)
GEN_PAIR(sub2, i64)

#define GEN_MUL2(name, T)                                                   \
    void tcg_gen_##name##_##T(TCGv_##T rl, TCGv_##T rh, TCGv_##T a,         \
                              TCGv_##T b)                                   \
    {                                                                       \
        tcg_gen_op4(INDEX_op_##name##_##T, rl.n, rh.n, a.n, b.n);           \
    }
GEN_MUL2(mulu2, i32)
GEN_MUL2(mulu2, i64)
GEN_MUL2(muls2, i32)
GEN_MUL2(muls2, i64)

#define GEN_DIV2(name, T)                                                   \
    void tcg_gen_##name##_##T(TCGv_##T q, TCGv_##T r, TCGv_##T al,          \
                              TCGv_##T ah, TCGv_##T b)                      \
    {                                                                       \
        tcg_gen_op5(INDEX_op_##name##_##T, q.n, r.n, al.n, ah.n, b.n);      \
    }
GEN_DIV2(div2, i32)
GEN_DIV2(div2, i64)
GEN_DIV2(divu2, i32)
GEN_DIV2(divu2, i64)

static void check_field(unsigned ofs, unsigned len, unsigned width)
{
    assert(len > 0 && len <= width && ofs < width && ofs + len <= width);
}

#define GEN_FIELD(T, W)                                                     \
    void tcg_gen_deposit_##T(TCGv_##T d, TCGv_##T a, TCGv_##T b,            \
                             unsigned ofs, unsigned len)                    \
    {                                                                       \
        check_field(ofs, len, W);                                           \
        tcg_gen_op5(INDEX_op_deposit_##T, d.n, a.n, b.n, ofs, len);         \
    }                                                                       \
    void tcg_gen_extract_##T(TCGv_##T d, TCGv_##T a, unsigned ofs,          \
                             unsigned len)                                  \
    {                                                                       \
        check_field(ofs, len, W);                                           \
        tcg_gen_op4(INDEX_op_extract_##T, d.n, a.n, ofs, len);              \
    }                                                                       \
    void tcg_gen_sextract_##T(TCGv_##T d, TCGv_##T a, unsigned ofs,         \
                              unsigned len)                                 \
    {                                                                       \
        check_field(ofs, len, W);                                           \
        tcg_gen_op4(INDEX_op_sextract_##T, d.n, a.n, ofs, len);             \
    }
GEN_FIELD(i32, 32)
GEN_FIELD(i64, 64)

#define GEN_COND(T, CT)                                                     \
    void tcg_gen_setcond_##T(TCGCond c, TCGv_##T d, TCGv_##T a,             \
                             TCGv_##T b)                                    \
    {                                                                       \
        assert((unsigned)c < TCG_NB_CONDS);                                 \
        tcg_gen_op4(INDEX_op_setcond_##T, d.n, a.n, b.n, c);                \
    }                                                                       \
    void tcg_gen_movcond_##T(TCGCond c, TCGv_##T d, TCGv_##T c1,            \
                             TCGv_##T c2, TCGv_##T v1, TCGv_##T v2)         \
    {                                                                       \
        assert((unsigned)c < TCG_NB_CONDS);                                 \
        tcg_gen_op6(INDEX_op_movcond_##T, d.n, c1.n, c2.n, v1.n, v2.n, c);  \
    }                                                                       \
    void tcg_gen_brcond_##T(TCGCond c, TCGv_##T a, TCGv_##T b,              \
                            TCGLabel *l)                                    \
    {                                                                       \
        assert((unsigned)c < TCG_NB_CONDS);                                 \
        l->refs++;                                                          \
        tcg_gen_op4(INDEX_op_brcond_##T, a.n, b.n, c, label_arg(l));        \
    }                                                                       \
    void tcg_gen_brcondi_##T(TCGCond c, TCGv_##T a, CT b, TCGLabel *l)      \
    {                                                                       \
        tcg_gen_brcond_##T(c, a, tcg_constant_##T(b), l);                   \
    }
GEN_COND(i32, int32_t)
GEN_COND(i64, int64_t)

void gen_set_label(TCGLabel *l)
{
    assert(!l->present);
    l->present = true;
    tcg_gen_op1(INDEX_op_set_label, label_arg(l));
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs++;
    tcg_gen_op1(INDEX_op_br, label_arg(l));
}

#define GEN_LDST(name, T)                                                   \
    void tcg_gen_##name##_##T(TCGv_##T v, TCGv_ptr base, intptr_t ofs)      \
    {                                                                       \
        tcg_gen_op3(INDEX_op_##name##_##T, v.n, base.n, (TCGArg)ofs);       \
    }
GEN_LDST(ld8u, i32)
GEN_LDST(ld8s, i32)
GEN_LDST(ld16u, i32)
GEN_LDST(ld16s, i32)
GEN_LDST(ld, i32)
GEN_LDST(st8, i32)
GEN_LDST(st16, i32)
GEN_LDST(st, i32)
GEN_LDST(ld8u, i64)
GEN_LDST(ld8s, i64)
GEN_LDST(ld16u, i64)
GEN_LDST(ld16s, i64)
GEN_LDST(ld32u, i64)
GEN_LDST(ld32s, i64)
GEN_LDST(ld, i64)
GEN_LDST(st8, i64)
GEN_LDST(st16, i64)
GEN_LDST(st32, i64)
GEN_LDST(st, i64)

static MemOpIdx check_memop(MemOp mop, unsigned mmu_idx, bool is64)
{
    assert(mmu_idx < TCG_MAX_MMU_IDX);
    assert((mop & ~(MO_SIZE | MO_SIGN | MO_BSWAP | MO_WRITE_INTENT)) == 0);
    /* A 64-bit value fills an I64: no extension to ask for. */
    assert(is64 || (mop & MO_SIZE) != MO_64);
    return make_memop_idx(mop, mmu_idx);
}

void tcg_gen_qemu_ld_i32(TCGv_i32 v, int addr, unsigned mmu_idx, MemOp mop)
{
    tcg_gen_op3(INDEX_op_qemu_ld_i32, v.n, addr,
                check_memop(mop, mmu_idx, false));
}

void tcg_gen_qemu_ld_i64(TCGv_i64 v, int addr, unsigned mmu_idx, MemOp mop)
{
    tcg_gen_op3(INDEX_op_qemu_ld_i64, v.n, addr,
                check_memop(mop, mmu_idx, true));
}

void tcg_gen_qemu_st_i32(TCGv_i32 v, int addr, unsigned mmu_idx, MemOp mop)
{
    tcg_gen_op3(INDEX_op_qemu_st_i32, v.n, addr,
                check_memop(mop & ~MO_SIGN, mmu_idx, false));
}

void tcg_gen_qemu_st_i64(TCGv_i64 v, int addr, unsigned mmu_idx, MemOp mop)
{
    tcg_gen_op3(INDEX_op_qemu_st_i64, v.n, addr,
                check_memop(mop & ~MO_SIGN, mmu_idx, true));
}

void tcg_gen_call(const TCGHelperInfo *info, int ret, const int *args)
{
    TCGContext *s = tcg_ctx;
    assert(info->nb_args <= TCG_MAX_HELPER_ARGS);
    assert(info->has_ret == (ret >= 0));
    TCGOp *op = tcg_emit_op(s, INDEX_op_call);
    int n = 0;
    if (ret >= 0) {
        assert(ret < s->nb_temps && s->temps[ret].kind != TEMP_CONST &&
               s->temps[ret].kind != TEMP_FIXED);
        op->args[n++] = ret;
    }
    op->call_o = n;
    op->call_i = info->nb_args;
    for (int i = 0; i < info->nb_args; i++) {
        assert(args[i] >= 0 && args[i] < s->nb_temps);
        op->args[n++] = args[i];
    }
    op->args[n] = (TCGArg)(uintptr_t)info;
}

void tcg_gen_insn_start(const uint64_t *words)
{
    TCGOp *op = tcg_emit_op(tcg_ctx, INDEX_op_insn_start);
    for (int i = 0; i < tcg_ctx->insn_start_words; i++) {
        op->args[i] = words[i];
    }
}

void tcg_gen_goto_tb(unsigned idx)
{
    assert(idx <= 1);
    tcg_gen_op1(INDEX_op_goto_tb, idx);
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    uintptr_t v = (uintptr_t)tb;
    assert((v & TB_EXIT_MASK) == 0 && idx <= TB_EXIT_MASK);
    assert(tb || idx == 0);
    tcg_gen_op1(INDEX_op_exit_tb, v + idx);
}

void tcg_gen_goto_ptr(TCGv_ptr target)
{
    tcg_gen_op1(INDEX_op_goto_ptr, target.n);
}

void tcg_gen_discard_i32(TCGv_i32 v)
{
    tcg_gen_op1(INDEX_op_discard, v.n);
}

void tcg_gen_discard_i64(TCGv_i64 v)
{
    tcg_gen_op1(INDEX_op_discard, v.n);
}

void tcg_gen_mb(unsigned kind)
{
    tcg_gen_op1(INDEX_op_mb, kind & TCG_MO_ALL);
}
