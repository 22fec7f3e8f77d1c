/*
 * The x87 escapes D8-DF, WAIT (9B) and FXSAVE/FXRSTOR (0F AE /0 /1): the
 * ModRM forms (Intel SDM vol. 2, appendix A.4), memory operands loaded
 * and stored here, the arithmetic in fpu-helper.c.  Every access that
 * can fault comes before the helper that changes the FPU state.
 */
#include <stddef.h>

#include "fpu-helper.h"

#define CALL(NAME, RET, N, ...)                                                \
    gen_helper(&helper_info_##NAME, RET, N, ENV_ARG, __VA_ARGS__)
#define CI(v) tcg_constant_i32(v).n

/* EIP for #MF and the instruction pointer; FOP is the low 11 bits. */
static void gen_fpu_prep(DisasContext *s, int info, TCGv_i32 ea)
{
    gen_update_eip_cur(s);
    gen_helper(&helper_info_fpu_prep, -1, 3, ENV_ARG, CI(info),
               ea.n ? ea.n : CI(0));
}

static TCGv_i32 gen_addr(DisasContext *s, int k)
{
    TCGv_i32 a = new_tmp();

    gen_addr_add(s, a, s->A0, k);
    return a;
}

static void gen_ld64(DisasContext *s, TCGv_i64 v, int k, MemOp ot)
{
    gen_qemu_ld64(s, v, gen_addr(s, k), MO_LE | ot);
}

static void gen_st64(DisasContext *s, TCGv_i64 v, int k, MemOp ot)
{
    gen_qemu_st64(s, v, gen_addr(s, k), MO_LE | ot);
}

/* The size of a memory format, for the loads and stores here. */
static MemOp fmt_memop(int fmt)
{
    static const MemOp m[] = {MO_32, MO_64, MO_64, MO_16, MO_32, MO_64, MO_64};
    return m[fmt & ~FMT_TRUNC];
}

static bool fmt_is80(int fmt)
{
    return fmt == FMT_F80 || fmt == FMT_BCD;
}

/* A store done in parts: all size bytes writable first (or the #PF). */
static void gen_probe_store(DisasContext *s, int size)
{
    gen_seg_check(s, s->A0, size, true);
    gen_update_eip_cur(s);
    CALL(fpu_probe_store, -1, 3, s->A0.n, CI(size | s->mem_idx << 12));
}

static void gen_fld_mem(DisasContext *s, int fmt)
{
    TCGv_i64 lo = new_tmp64(), hi = new_tmp64();

    gen_ld64(s, lo, 0, fmt_memop(fmt));
    if (fmt_is80(fmt)) {
        gen_ld64(s, hi, 8, MO_16);
    } else {
        tcg_gen_movi_i64(hi, 0);
    }
    CALL(fld_mem, -1, 4, CI(fmt), lo.n, hi.n);
}

/* An unmasked IE, OE or UE skips the store and the pop (fst_check). */
static void gen_fst_mem(DisasContext *s, int fmt, bool pop)
{
    TCGv_i64 lo = new_tmp64(), hi = new_tmp64();
    TCGv_i32 ok = new_tmp();
    TCGLabel *skip = gen_new_label();

    CALL(fst_check, ok.n, 2, CI(fmt));
    tcg_gen_brcondi_i32(TCG_COND_EQ, ok, 0, skip);
    if (fmt_is80(fmt)) {
        gen_probe_store(s, 10);
    }
    CALL(fst_val, lo.n, 3, CI(fmt), CI(0));
    if (fmt_is80(fmt)) {
        CALL(fst_val, hi.n, 3, CI(fmt), CI(1));
    }
    gen_st64(s, lo, 0, fmt_memop(fmt));
    if (fmt_is80(fmt)) {
        gen_st64(s, hi, 8, MO_16);
    }
    CALL(fst_done, -1, 3, CI(fmt), CI(pop));
    gen_set_label(skip);
}

/* FNSTENV/FNSAVE's environment: 14 or 28 bytes. */
static void gen_fstenv(DisasContext *s)
{
    MemOp ot = s->dflag;
    TCGv_i64 v = new_tmp64();
    int real = !s->pe || s->vm86;

    for (int k = 0; k < 7; k++) {
        CALL(fenv_field, v.n, 3, CI(k), CI(real));
        gen_st64(s, v, k << ot, ot);
    }
}

/* The env words, loaded before anything changes (#PF restarts cleanly). */
static void gen_fldenv(DisasContext *s)
{
    MemOp ot = s->dflag;
    TCGv_i64 f[7];
    int real = !s->pe || s->vm86;

    for (int k = 0; k < 7; k++) {
        f[k] = new_tmp64();
        gen_ld64(s, f[k], k << ot, ot);
    }
    if (real) {
        tcg_gen_or_i64(f[6], f[6], tcg_constant_i64(FENV_REAL));
    }
    CALL(fldenv, -1, 4, f[0].n, f[1].n, f[2].n);
    CALL(fldenv_ptrs, -1, 5, f[3].n, f[4].n, f[5].n, f[6].n);
}

static void gen_fsave(DisasContext *s)
{
    int base = 14 << (s->dflag - MO_16);
    TCGv_i64 m = new_tmp64(), e = new_tmp64();

    gen_probe_store(s, base + 80);
    gen_fstenv(s);
    for (int i = 0; i < 8; i++) {
        CALL(fget_st, m.n, 3, CI(i), CI(0));
        CALL(fget_st, e.n, 3, CI(i), CI(1));
        gen_st64(s, m, base + 10 * i, MO_64);
        gen_st64(s, e, base + 10 * i + 8, MO_16);
    }
    CALL(fmisc, -1, 2, CI(FMISC_FNINIT));
}

static void gen_frstor(DisasContext *s)
{
    int base = 14 << (s->dflag - MO_16);
    TCGv_i64 m[8], e[8];

    for (int i = 0; i < 8; i++) {
        m[i] = new_tmp64();
        e[i] = new_tmp64();
        gen_ld64(s, m[i], base + 10 * i, MO_64);
        gen_ld64(s, e[i], base + 10 * i + 8, MO_16);
    }
    gen_fldenv(s);
    for (int i = 0; i < 8; i++) {
        CALL(fset_st, -1, 4, CI(i), m[i].n, e[i].n);
    }
}

/* D9 /4-/7, DD /4 /6 /7: control instructions with a memory operand. */
static bool gen_fpu_control_mem(DisasContext *s, int op)
{
    TCGv_i32 t = new_tmp();

    switch (op) {
    case 0x0c: /* FLDENV */
        gen_fldenv(s);
        return true;
    case 0x0d: /* FLDCW m16 */
        gen_op_ld(s, MO_16, t, s->A0);
        CALL(fldcw, -1, 2, t.n);
        return true;
    case 0x0e: /* FNSTENV */
        gen_probe_store(s, 14 << (s->dflag - MO_16));
        gen_fstenv(s);
        gen_helper(&helper_info_fnstenv_done, -1, 1, ENV_ARG);
        return true;
    case 0x0f:   /* FNSTCW m16 */
    case 0x2f: { /* FNSTSW m16 */
        if (op == 0x0f) {
            tcg_gen_ld16u_i32(t, tcg_env, offsetof(CPUX86State, fpuc));
        } else {
            gen_helper(&helper_info_fnstsw, t.n, 1, ENV_ARG);
        }
        gen_op_st(s, MO_16, t, s->A0);
        return true;
    }
    case 0x2c: /* FRSTOR */
        gen_frstor(s);
        return true;
    case 0x2e: /* FNSAVE */
        gen_fsave(s);
        return true;
    default:
        return false;
    }
}

/* op = (low 3 bits of the opcode) << 3 | ModRM reg, the memory forms. */
static bool gen_fpu_mem(DisasContext *s, int b, int modrm)
{
    static const int arith_fmt[8] = {FMT_F32, 0, FMT_I32, 0,
                                     FMT_F64, 0, FMT_I16, 0};
    int op = ((b & 7) << 3) | ((modrm >> 3) & 7), seg, info;
    TCGv_i32 ea = new_tmp();
    TCGv_i64 v;
    bool control =
        (op >= 0x0c && op <= 0x0f) || op == 0x2c || op == 0x2e || op == 0x2f;

    gen_lea_modrm_ea(s, modrm, ea, &seg);
    gen_lea_seg(s, s->A0, ea, seg, true, s->aflag);
    if (s->override >= 0) {
        seg = s->override;
    }
    /* FNSTENV FNSTCW FNSAVE FNSTSW do not wait; none records FIP. */
    info = ((b & 7) << 8) | modrm;
    if (!control) {
        info |= FPREP_WAIT | FPREP_RECORD | FPREP_MEM | seg << FPREP_SEG_SHIFT;
    } else if (op == 0x0c || op == 0x0d || op == 0x2c) {
        info |= FPREP_WAIT;
    }
    gen_fpu_prep(s, info, ea);
    if (control) {
        return gen_fpu_control_mem(s, op);
    }
    switch (b & 7) {
    case 0:
    case 2:
    case 4:
    case 6: /* FADD ... FDIVR, FCOM(P), FIxxx with m32fp m32int m64fp m16int */
        v = new_tmp64();
        gen_ld64(s, v, 0, fmt_memop(arith_fmt[b & 7]));
        CALL(farith_mem, -1, 4, CI((modrm >> 3) & 7), CI(arith_fmt[b & 7]),
             v.n);
        return true;
    default:
        break;
    }
    switch (op) {
    case 0x08:
        gen_fld_mem(s, FMT_F32);
        return true;
    case 0x0a:
    case 0x0b:
        gen_fst_mem(s, FMT_F32, op & 1);
        return true;
    case 0x18:
        gen_fld_mem(s, FMT_I32);
        return true;
    case 0x19:
        gen_fst_mem(s, FMT_I32 | FMT_TRUNC, true);
        return true;
    case 0x1a:
    case 0x1b:
        gen_fst_mem(s, FMT_I32, op & 1);
        return true;
    case 0x1d:
        gen_fld_mem(s, FMT_F80);
        return true;
    case 0x1f:
        gen_fst_mem(s, FMT_F80, true);
        return true;
    case 0x28:
        gen_fld_mem(s, FMT_F64);
        return true;
    case 0x29:
        gen_fst_mem(s, FMT_I64 | FMT_TRUNC, true);
        return true;
    case 0x2a:
    case 0x2b:
        gen_fst_mem(s, FMT_F64, op & 1);
        return true;
    case 0x38:
        gen_fld_mem(s, FMT_I16);
        return true;
    case 0x39:
        gen_fst_mem(s, FMT_I16 | FMT_TRUNC, true);
        return true;
    case 0x3a:
    case 0x3b:
        gen_fst_mem(s, FMT_I16, op & 1);
        return true;
    case 0x3c:
        gen_fld_mem(s, FMT_BCD);
        return true;
    case 0x3d:
        gen_fld_mem(s, FMT_I64);
        return true;
    case 0x3e:
        gen_fst_mem(s, FMT_BCD, true);
        return true;
    case 0x3f:
        gen_fst_mem(s, FMT_I64, true);
        return true;
    default:
        return false;
    }
}

/* FCMOVcc (DA/DB C0-DF): B E BE U, negated in DB; Jcc condition codes. */
static void gen_fcmov(DisasContext *s, int b, int modrm)
{
    static const int jcc[4] = {0x2, 0x4, 0x6, 0xa};
    TCGv_i32 c = new_tmp();

    gen_setcc(s, jcc[(modrm >> 3) & 3] | (b & 1), c);
    CALL(fcmov, -1, 3, CI(modrm & 7), c.n);
}

static void gen_fcomi(DisasContext *s, int i, int flags)
{
    TCGv_i32 ef = new_tmp();

    /* an unmasked IE leaves EFLAGS: the helper computes them from env */
    CALL(fcomi, ef.n, 3, CI(i), CI(flags));
    tcg_gen_mov_i32(cpu_cc_src, ef);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* The register forms (mod = 3); false for reserved encodings. */
static bool gen_fpu_reg(DisasContext *s, int b, int modrm)
{
    int op = (modrm >> 3) & 7, i = modrm & 7, info;
    bool nowait = (b == 0xdb && (modrm == 0xe2 || modrm == 0xe3)) ||
                  (b == 0xdf && modrm == 0xe0);
    TCGv_i32 t;

    info = ((b & 7) << 8) | modrm;
    if (!nowait) {
        info |= FPREP_WAIT | FPREP_RECORD;
    }
    gen_fpu_prep(s, info, (TCGv_i32){0});
    switch (b) {
    case 0xd8:
        CALL(farith_reg, -1, 4, CI(op), CI(i), CI(0));
        return true;
    case 0xdc:
    case 0xde:
        if (op == FOP_COM || op == FOP_COMP) {
            if (b == 0xde && modrm == 0xd9) { /* FCOMPP */
                CALL(farith_reg, -1, 4, CI(FOP_COMP), CI(1), CI(FARITH_POP));
                return true;
            }
            if (b == 0xde && op == FOP_COMP) {
                return false;
            }
            /* aliases of FCOM/FCOMP ST(i): DC D0+i, DC D8+i, DE D0+i */
            CALL(farith_reg, -1, 4, CI(b == 0xde ? FOP_COMP : op), CI(i),
                 CI(0));
            return true;
        }
        /* ST(i) = ST(i) - ST(0) is FSUB here: SUB/SUBR, DIV/DIVR swap */
        CALL(farith_reg, -1, 4, CI(op >= FOP_SUB ? op ^ 1 : op), CI(i),
             CI(FARITH_TO_STI | (b == 0xde ? FARITH_POP : 0)));
        return true;
    case 0xd9:
        switch (op) {
        case 0:
            CALL(freg, -1, 3, CI(FREG_FLD), CI(i));
            return true;
        case 1:
            CALL(freg, -1, 3, CI(FREG_FXCH), CI(i));
            return true;
        case 2:
            return modrm == 0xd0; /* FNOP */
        case 3:                   /* D9 D8+i: FSTP ST(i) (an alias: FSTP1) */
            CALL(freg, -1, 3, CI(FREG_FSTP), CI(i));
            return true;
        default:
            if (modrm == 0xe2 || modrm == 0xe3 || modrm == 0xe6 ||
                modrm == 0xe7 || modrm == 0xef) {
                return false;
            }
            CALL(fmisc, -1, 2, CI(modrm));
            return true;
        }
    case 0xda:
        if (op < 4) {
            gen_fcmov(s, b, modrm);
            return true;
        }
        if (modrm == 0xe9) {
            CALL(freg, -1, 3, CI(FREG_FUCOMPP), CI(1));
            return true;
        }
        return false;
    case 0xdb:
        if (op < 4) {
            gen_fcmov(s, b, modrm);
            return true;
        }
        switch (modrm) {
        case 0xe0:
        case 0xe1:
        case 0xe4: /* FENI, FDISI, FSETPM: 8087/287 leftovers, no-ops */
            return true;
        case 0xe2:
            CALL(fmisc, -1, 2, CI(FMISC_FNCLEX));
            return true;
        case 0xe3:
            CALL(fmisc, -1, 2, CI(FMISC_FNINIT));
            return true;
        default:
            if (op == 5 || op == 6) {
                gen_fcomi(s, i, op == 5 ? FCOMI_UNORDERED : 0);
                return true;
            }
            return false;
        }
    case 0xdd:
        switch (op) {
        case 0:
            CALL(freg, -1, 3, CI(FREG_FFREE), CI(i));
            return true;
        case 1: /* DD C8+i: FXCH (an alias: FXCH4) */
            CALL(freg, -1, 3, CI(FREG_FXCH), CI(i));
            return true;
        case 2:
        case 3:
            CALL(freg, -1, 3, CI(op == 2 ? FREG_FST : FREG_FSTP), CI(i));
            return true;
        case 4:
        case 5:
            CALL(freg, -1, 3, CI(op == 4 ? FREG_FUCOM : FREG_FUCOMP), CI(i));
            return true;
        default:
            return false;
        }
    default: /* 0xdf; E0 is FNSTSW AX */
        if (modrm == 0xe0) {
            t = new_tmp();
            gen_helper(&helper_info_fnstsw, t.n, 1, ENV_ARG);
            gen_op_mov_reg_v(s, MO_16, R_EAX, t);
            return true;
        }
        if (op == 5 || op == 6) {
            gen_fcomi(s, i, FCOMI_POP | (op == 5 ? FCOMI_UNORDERED : 0));
            return true;
        }
        /*
         * FFREEP (DF C0+i, which gcc-built code and Linux's may use), and
         * the aliases the hardware runs: FXCH7 (DF C8+i), FSTP8 and FSTP9
         * (DF D0+i, DF D8+i).
         */
        switch (op) {
        case 0:
            CALL(freg, -1, 3, CI(FREG_FFREEP), CI(i));
            return true;
        case 1:
            CALL(freg, -1, 3, CI(FREG_FXCH), CI(i));
            return true;
        case 2:
        case 3:
            CALL(freg, -1, 3, CI(FREG_FSTP), CI(i));
            return true;
        default:
            return false;
        }
    }
}

bool disas_fpu(DisasContext *s, int b)
{
    int modrm;

    /* SDM vol. 3A, 2.5: EM or TS -> #NM; WAIT only for TS with MP. */
    if (b == 0x9b) {
        if ((s->flags & (HF_TS_MASK | HF_MP_MASK)) ==
            (HF_TS_MASK | HF_MP_MASK)) {
            gen_exception(s, EXCP07_PREX);
            return true;
        }
        gen_fpu_prep(s, FPREP_WAIT, (TCGv_i32){0});
        return true;
    }
    modrm = x86_ldub_code(s);
    if (s->flags & (HF_EM_MASK | HF_TS_MASK)) {
        if ((modrm >> 6) != 3) {
            gen_lea_modrm(s, modrm); /* consume the displacement */
        }
        tcg_ctx->nb_ops = s->insn_op_start;
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    if ((modrm >> 6) != 3) {
        return gen_fpu_mem(s, b, modrm);
    }
    return gen_fpu_reg(s, b, modrm);
}

/*
 * FXSAVE/FXRSTOR: the x87 header and registers, MXCSR (no SSE yet, so
 * the XMM area is left alone); 16-byte alignment or #GP(0).  Not gated
 * on CPUID.FXSR: the front end has no CPU model to look at.
 */
bool disas_fxsave(DisasContext *s, int modrm)
{
    int op = (modrm >> 3) & 7;
    TCGv_i64 q[4], m[8], e[8];

    if ((modrm >> 6) == 3 || op > 1) {
        return false;
    }
    gen_lea_modrm(s, modrm);
    if (s->flags & (HF_EM_MASK | HF_TS_MASK)) {
        tcg_ctx->nb_ops = s->insn_op_start;
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    gen_update_eip_cur(s);
    CALL(fxsave_check, -1, 2, s->A0.n);
    if (op == 0) {
        gen_probe_store(s, 512);
        for (int k = 0; k < 4; k++) {
            q[k] = new_tmp64();
            CALL(fxsave_hdr, q[k].n, 2, CI(k));
            gen_st64(s, q[k], 8 * k, MO_64);
        }
        for (int i = 0; i < 8; i++) {
            m[i] = new_tmp64();
            CALL(fget_st, m[i].n, 3, CI(i), CI(0));
            gen_st64(s, m[i], 32 + 16 * i, MO_64);
            CALL(fget_st, m[i].n, 3, CI(i), CI(1));
            gen_st64(s, m[i], 40 + 16 * i, MO_16);
        }
        return true;
    }
    for (int k = 0; k < 4; k++) {
        q[k] = new_tmp64();
        gen_ld64(s, q[k], 8 * k, MO_64);
    }
    for (int i = 0; i < 8; i++) {
        m[i] = new_tmp64();
        e[i] = new_tmp64();
        gen_ld64(s, m[i], 32 + 16 * i, MO_64);
        gen_ld64(s, e[i], 40 + 16 * i, MO_16);
    }
    CALL(fxrstor_hdr, -1, 5, q[0].n, q[1].n, q[2].n, q[3].n);
    for (int i = 0; i < 8; i++) {
        CALL(fset_st, -1, 4, CI(i), m[i].n, e[i].n);
    }
    return true;
}
