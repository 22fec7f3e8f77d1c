/*
 * The x87 helpers (fpu-helper.c) and the operation codes the front end
 * (translate-fpu.c) passes them.
 */
#ifndef TCG_TARGET_I386_FPU_HELPER_H
#define TCG_TARGET_I386_FPU_HELPER_H

#include "translate.h"

/* Memory operand formats; FMT_TRUNC: FISTTP (chop whatever RC says). */
enum { FMT_F32, FMT_F64, FMT_F80, FMT_I16, FMT_I32, FMT_I64, FMT_BCD };
#define FMT_TRUNC 0x10

/* The D8 group's operations (ModRM reg field), dst op src. */
enum {
    FOP_ADD,
    FOP_MUL,
    FOP_COM,
    FOP_COMP,
    FOP_SUB,
    FOP_SUBR,
    FOP_DIV,
    FOP_DIVR
};
#define FARITH_TO_STI 1 /* DC/DE: the destination is ST(i) */
#define FARITH_POP 2

enum {
    FREG_FLD,
    FREG_FXCH,
    FREG_FST,
    FREG_FSTP,
    FREG_FFREE,
    FREG_FUCOM,
    FREG_FUCOMP,
    FREG_FUCOMPP,
    FREG_FFREEP
};
#define FCOMI_UNORDERED 1
#define FCOMI_POP 2

/* helper_fmisc: D9 E0-FF by their second byte, and these. */
#define FMISC_FNCLEX 0x100
#define FMISC_FNINIT 0x101

/* helper_fpu_prep info: FOP (11 bits), flags, the operand's segment. */
#define FPREP_WAIT (1 << 11)   /* a waiting instruction: #MF first */
#define FPREP_RECORD (1 << 12) /* record FIP/FCS/FOP (and FDP/FDS) */
#define FPREP_MEM (1 << 13)
#define FPREP_SEG_SHIFT 14

#define FENV_REAL (1ull << 32) /* helper_fldenv_ptrs: real-mode layout */

uint64_t helper_fpu_prep(uint64_t env, uint64_t info, uint64_t ea);
uint64_t helper_fld_mem(uint64_t env, uint64_t fmt, uint64_t lo, uint64_t hi);
uint64_t helper_fst_check(uint64_t env, uint64_t fmt);
uint64_t helper_fpu_probe_store(uint64_t env, uint64_t addr, uint64_t desc);
uint64_t helper_fst_val(uint64_t env, uint64_t fmt, uint64_t hi);
uint64_t helper_fst_done(uint64_t env, uint64_t fmt, uint64_t pop);
uint64_t helper_farith_mem(uint64_t env, uint64_t op, uint64_t fmt,
                           uint64_t lo);
uint64_t helper_farith_reg(uint64_t env, uint64_t op, uint64_t i,
                           uint64_t flags);
uint64_t helper_freg(uint64_t env, uint64_t op, uint64_t i);
uint64_t helper_fcmov(uint64_t env, uint64_t i, uint64_t cond);
uint64_t helper_fcomi(uint64_t env, uint64_t i, uint64_t flags);
uint64_t helper_fmisc(uint64_t env, uint64_t op);
uint64_t helper_fnstsw(uint64_t env);
uint64_t helper_fldcw(uint64_t env, uint64_t cw);
uint64_t helper_ftag_word(uint64_t env);
uint64_t helper_fenv_field(uint64_t env, uint64_t k, uint64_t real);
uint64_t helper_fldenv(uint64_t env, uint64_t cw, uint64_t sw, uint64_t tw);
uint64_t helper_fldenv_ptrs(uint64_t env, uint64_t ip, uint64_t cs_op,
                            uint64_t dp, uint64_t ds_real);
uint64_t helper_fnstenv_done(uint64_t env);
uint64_t helper_fget_st(uint64_t env, uint64_t i, uint64_t hi);
uint64_t helper_fset_st(uint64_t env, uint64_t i, uint64_t mant, uint64_t exp);
uint64_t helper_fxsave_check(uint64_t env, uint64_t addr);
uint64_t helper_fxsave_hdr(uint64_t env, uint64_t k);
uint64_t helper_fxrstor_hdr(uint64_t env, uint64_t q0, uint64_t q1, uint64_t q2,
                            uint64_t q3);

extern const TCGHelperInfo helper_info_fpu_prep, helper_info_fld_mem,
    helper_info_fst_check, helper_info_fpu_probe_store, helper_info_fst_val,
    helper_info_fst_done, helper_info_farith_mem,
    helper_info_farith_reg, helper_info_freg, helper_info_fcmov,
    helper_info_fcomi, helper_info_fmisc, helper_info_fnstsw, helper_info_fldcw,
    helper_info_fenv_field, helper_info_fldenv, helper_info_fldenv_ptrs,
    helper_info_fnstenv_done, helper_info_fget_st, helper_info_fset_st,
    helper_info_fxsave_check, helper_info_fxsave_hdr, helper_info_fxrstor_hdr;

/* translate-fpu.c: D8-DF (b), 9B, and 0F AE /0 /1. */
bool disas_fpu(DisasContext *s, int b);
bool disas_fxsave(DisasContext *s, int modrm);

#endif /* TCG_TARGET_I386_FPU_HELPER_H */
