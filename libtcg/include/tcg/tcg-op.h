/*
 * Emitting TCG ops into the thread's context (tcg_ctx).
 *
 * The typed handles keep I32 and I64 values apart at compile time; each
 * wraps a temp number.  tcg_temp_new_* temps live for the whole block,
 * tcg_temp_ebb_new_* temps only until the next label.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

typedef struct { int n; } TCGv_i32;
typedef struct { int n; } TCGv_i64;
typedef struct { int n; } TCGv_ptr;

/* env, the pointer to the CPU state (temp 0). */
static const TCGv_ptr tcg_env = { 0 };

static inline TCGArg tcgv_i32_arg(TCGv_i32 v) { return v.n; }
static inline TCGArg tcgv_i64_arg(TCGv_i64 v) { return v.n; }
static inline TCGArg tcgv_ptr_arg(TCGv_ptr v) { return v.n; }
static inline TCGv_i32 temp_tcgv_i32(int n) { return (TCGv_i32){ n }; }
static inline TCGv_i64 temp_tcgv_i64(int n) { return (TCGv_i64){ n }; }

TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_i32 tcg_temp_ebb_new_i32(void);
TCGv_i64 tcg_temp_ebb_new_i64(void);
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);
TCGv_i32 tcg_global_mem_new_i32(intptr_t offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(intptr_t offset, const char *name);

/* Generic emitters: args in table order (outputs, inputs, constants). */
void tcg_gen_op1(TCGOpcode opc, TCGArg a1);
void tcg_gen_op2(TCGOpcode opc, TCGArg a1, TCGArg a2);
void tcg_gen_op3(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3);
void tcg_gen_op4(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3,
                 TCGArg a4);
void tcg_gen_op5(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3,
                 TCGArg a4, TCGArg a5);
void tcg_gen_op6(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3,
                 TCGArg a4, TCGArg a5, TCGArg a6);

#define TCG_GEN_UNARY(name)                                               \
    static inline void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a)       \
    {                                                                     \
        tcg_gen_op2(INDEX_op_##name##_i32, d.n, a.n);                     \
    }                                                                     \
    static inline void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a)       \
    {                                                                     \
        tcg_gen_op2(INDEX_op_##name##_i64, d.n, a.n);                     \
    }

#define TCG_GEN_BINARY(name)                                              \
    static inline void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a,       \
                                            TCGv_i32 b)                   \
    {                                                                     \
        tcg_gen_op3(INDEX_op_##name##_i32, d.n, a.n, b.n);                \
    }                                                                     \
    static inline void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a,       \
                                            TCGv_i64 b)                   \
    {                                                                     \
        tcg_gen_op3(INDEX_op_##name##_i64, d.n, a.n, b.n);                \
    }                                                                     \
    static inline void tcg_gen_##name##i_i32(TCGv_i32 d, TCGv_i32 a,      \
                                             int32_t b)                   \
    {                                                                     \
        tcg_gen_##name##_i32(d, a, tcg_constant_i32(b));                  \
    }                                                                     \
    static inline void tcg_gen_##name##i_i64(TCGv_i64 d, TCGv_i64 a,      \
                                             int64_t b)                   \
    {                                                                     \
        tcg_gen_##name##_i64(d, a, tcg_constant_i64(b));                  \
    }

TCG_GEN_UNARY(mov)
TCG_GEN_UNARY(neg)
TCG_GEN_UNARY(not)
TCG_GEN_UNARY(ext8s)
TCG_GEN_UNARY(ext8u)
TCG_GEN_UNARY(ext16s)
TCG_GEN_UNARY(ext16u)
TCG_GEN_UNARY(bswap16)
TCG_GEN_UNARY(bswap32)
TCG_GEN_BINARY(add)
TCG_GEN_BINARY(sub)
TCG_GEN_BINARY(mul)
TCG_GEN_BINARY(div)
TCG_GEN_BINARY(divu)
TCG_GEN_BINARY(rem)
TCG_GEN_BINARY(remu)
TCG_GEN_BINARY(and)
TCG_GEN_BINARY(or)
TCG_GEN_BINARY(xor)
TCG_GEN_BINARY(andc)
TCG_GEN_BINARY(orc)
TCG_GEN_BINARY(eqv)
TCG_GEN_BINARY(nand)
TCG_GEN_BINARY(nor)
TCG_GEN_BINARY(shl)
TCG_GEN_BINARY(shr)
TCG_GEN_BINARY(sar)
TCG_GEN_BINARY(rotl)
TCG_GEN_BINARY(rotr)
TCG_GEN_BINARY(clz)
TCG_GEN_BINARY(ctz)

#undef TCG_GEN_UNARY
#undef TCG_GEN_BINARY

static inline void tcg_gen_movi_i32(TCGv_i32 d, int32_t val)
{
    tcg_gen_op2(INDEX_op_movi_i32, d.n, (uint32_t)val);
}

static inline void tcg_gen_movi_i64(TCGv_i64 d, int64_t val)
{
    tcg_gen_op2(INDEX_op_movi_i64, d.n, (uint64_t)val);
}

static inline void tcg_gen_ext32s_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_ext32s_i64, d.n, a.n);
}

static inline void tcg_gen_ext32u_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_ext32u_i64, d.n, a.n);
}

static inline void tcg_gen_bswap64_i64(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_bswap64_i64, d.n, a.n);
}

static inline void tcg_gen_ext_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    tcg_gen_op2(INDEX_op_ext_i32_i64, d.n, a.n);
}

static inline void tcg_gen_extu_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    tcg_gen_op2(INDEX_op_extu_i32_i64, d.n, a.n);
}

static inline void tcg_gen_extrl_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_extrl_i64_i32, d.n, a.n);
}

static inline void tcg_gen_extrh_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    tcg_gen_op2(INDEX_op_extrh_i64_i32, d.n, a.n);
}

/* Carry pairs: (rh:rl) = (ah:al) +/- (bh:bl). */
void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
/* Double-width product (rh:rl) = a * b. */
void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
/* (ah:al) / b: quotient q, remainder r (x86 div/idiv). */
void tcg_gen_div2_i32(TCGv_i32 q, TCGv_i32 r, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 b);
void tcg_gen_div2_i64(TCGv_i64 q, TCGv_i64 r, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 b);
void tcg_gen_divu2_i32(TCGv_i32 q, TCGv_i32 r, TCGv_i32 al, TCGv_i32 ah,
                       TCGv_i32 b);
void tcg_gen_divu2_i64(TCGv_i64 q, TCGv_i64 r, TCGv_i64 al, TCGv_i64 ah,
                       TCGv_i64 b);

/* Bit fields: 0 < len, ofs + len <= width (checked). */
void tcg_gen_deposit_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b,
                         unsigned ofs, unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b,
                         unsigned ofs, unsigned len);
void tcg_gen_extract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs, unsigned len);
void tcg_gen_extract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs, unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs,
                          unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs,
                          unsigned len);

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
/* d = (c1 cond c2) ? v1 : v2 */
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l);
void gen_set_label(TCGLabel *l);
void tcg_gen_br(TCGLabel *l);

/* CPU state fields: base + offset (base is usually tcg_env). */
void tcg_gen_ld8u_i32(TCGv_i32 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i32(TCGv_i32 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i32(TCGv_i32 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i32(TCGv_i32 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i32(TCGv_i32 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i32(TCGv_i32 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i32(TCGv_i32 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i32(TCGv_i32 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8u_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32u_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i64(TCGv_i64 d, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i64(TCGv_i64 v, TCGv_ptr base, intptr_t ofs);

/* Guest memory: addr is an I32 or I64 temp (the guest address width). */
void tcg_gen_qemu_ld_i32(TCGv_i32 v, int addr, unsigned mmu_idx, MemOp mop);
void tcg_gen_qemu_ld_i64(TCGv_i64 v, int addr, unsigned mmu_idx, MemOp mop);
void tcg_gen_qemu_st_i32(TCGv_i32 v, int addr, unsigned mmu_idx, MemOp mop);
void tcg_gen_qemu_st_i64(TCGv_i64 v, int addr, unsigned mmu_idx, MemOp mop);

/*
 * Helper call: ret is a temp number or -1 when info->has_ret is false;
 * args holds info->nb_args temp numbers.
 */
void tcg_gen_call(const TCGHelperInfo *info, int ret, const int *args);

/* One per guest instruction, before its ops: pc and the extra words. */
void tcg_gen_insn_start(const uint64_t *words);
void tcg_gen_goto_tb(unsigned idx);
/* Leave the block returning (uintptr_t)tb + idx (tb NULL: 0). */
void tcg_gen_exit_tb(const void *tb, unsigned idx);
/* Jump to host code (or, interpreted, hand target back to cpu_exec). */
void tcg_gen_goto_ptr(TCGv_ptr target);
void tcg_gen_discard_i32(TCGv_i32 v);
void tcg_gen_discard_i64(TCGv_i64 v);
void tcg_gen_mb(unsigned kind);

#endif /* TCG_TCG_OP_H */
