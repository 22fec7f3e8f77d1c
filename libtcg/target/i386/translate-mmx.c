/*
 * MMX (Intel SDM vol. 1, chapter 9; vol. 2, appendix A.3): the 0F
 * opcodes 60-6F, 71-77, 7E, 7F and D1-FE without a prefix, for a CPU
 * with MMX and no SSE (the 66/F2/F3 forms and SSE's integer additions
 * are #UD).  MMn is the 64-bit significand of the physical x87 register
 * Rn (env->fpregs[n].mant, not ST(n)).  The lane arithmetic is in
 * mmx-helper.c.
 */
#include <stddef.h>

#include "translate.h"
#include "fpu-helper.h"

#define FSW_ES 0x0080

/* What the second opcode byte does. */
typedef enum {
    MMX_INVALID,
    MMX_ARITH,      /* mm = mm op mm/m64 through helper_mmx_op */
    MMX_UNPACK_LOW, /* the same with an m32 memory operand */
    MMX_LOGIC,
    MMX_SHIFT_IMM, /* 71-73: mm op= imm8 */
    MMX_MOVD_TO,   /* 6E: mm = r/m32 */
    MMX_MOVQ_TO,   /* 6F: mm = mm/m64 */
    MMX_MOVD_FROM, /* 7E: r/m32 = mm */
    MMX_MOVQ_FROM, /* 7F: mm/m64 = mm */
    MMX_EMMS,
} MMXKind;

static MMXKind mmx_kind(int b)
{
    switch (b) {
    case 0x60 ... 0x62:
        return MMX_UNPACK_LOW;
    case 0x63 ... 0x6b:
    case 0x74 ... 0x76:
    case 0xd1 ... 0xd3:
    case 0xd5:
    case 0xd8 ... 0xd9:
    case 0xdc ... 0xdd:
    case 0xe1 ... 0xe2:
    case 0xe5:
    case 0xe8 ... 0xe9:
    case 0xec ... 0xed:
    case 0xf1 ... 0xf3:
    case 0xf5:
    case 0xf8 ... 0xfa:
    case 0xfc ... 0xfe:
        return MMX_ARITH;
    case 0xdb:
    case 0xdf:
    case 0xeb:
    case 0xef:
        return MMX_LOGIC;
    case 0x71 ... 0x73:
        return MMX_SHIFT_IMM;
    case 0x6e:
        return MMX_MOVD_TO;
    case 0x6f:
        return MMX_MOVQ_TO;
    case 0x7e:
        return MMX_MOVD_FROM;
    case 0x7f:
        return MMX_MOVQ_FROM;
    case 0x77:
        return MMX_EMMS;
    default: /* 6C 6D D4 D6 D7 DA DE E0 E3 E4 E6 E7 EA EE F0 F4 F6 F7 FB */
        return MMX_INVALID;
    }
}

/*
 * 71-73 /2 /4 /6 (PSRL, PSRA, PSLL by imm8) as the register form's
 * opcode byte for helper_mmx_op; 0 for the encodings MMX leaves
 * undefined (73 /4: no PSRAQ; /3 /7 are SSE2's byte shifts).
 */
static int shift_imm_op(int b, int reg)
{
    int size = b - 0x71; /* words, dwords, qword */

    switch (reg) {
    case 2:
        return 0xd1 + size;
    case 4:
        return size < 2 ? 0xe1 + size : 0;
    case 6:
        return 0xf1 + size;
    default:
        return 0;
    }
}

static intptr_t mm_ofs(int i)
{
    return offsetof(CPUX86State, fpregs[i].mant);
}

/* A write to MMi: sign and exponent become all ones (SDM vol. 1, 9.5.1). */
static void gen_mm_store(int i, TCGv_i64 v)
{
    tcg_gen_st_i64(v, tcg_env, mm_ofs(i));
    tcg_gen_st16_i32(tcg_constant_i32(0xffff), tcg_env,
                     offsetof(CPUX86State, fpregs[i].exp));
}

/*
 * Every MMX instruction but EMMS makes TOP 0 and all tags valid; EMMS
 * makes them all empty and TOP 0 too (SDM vol. 1, table 9-1, and what
 * the hardware's FNSAVE image shows).  Done last: a memory fault leaves
 * the x87 state as it was.
 */
static void gen_mmx_enter(bool emms)
{
    tcg_gen_st_i32(tcg_constant_i32(0), tcg_env, offsetof(CPUX86State, fpstt));
    tcg_gen_st_i64(tcg_constant_i64(emms ? 0x0101010101010101ull : 0), tcg_env,
                   offsetof(CPUX86State, fptags));
}

/*
 * A pending unmasked x87 exception is taken first, as a waiting x87
 * instruction takes it (#MF with CR0.NE; helper_fpu_prep knows the rest).
 * The common case (ES clear) costs a load and a branch.
 */
static void gen_mmx_wait(DisasContext *s)
{
    TCGv_i32 sw = new_tmp();
    TCGLabel *done = gen_new_label();

    tcg_gen_ld16u_i32(sw, tcg_env, offsetof(CPUX86State, fpus));
    tcg_gen_andi_i32(sw, sw, FSW_ES);
    tcg_gen_brcondi_i32(TCG_COND_EQ, sw, 0, done);
    gen_update_eip_cur(s);
    gen_helper(&helper_info_fpu_prep, -1, 3, ENV_ARG,
               tcg_constant_i32(FPREP_WAIT).n, tcg_constant_i32(0).n);
    gen_set_label(done);
}

static void gen_ldq(DisasContext *s, TCGv_i64 v, MemOp size)
{
    gen_qemu_ld64(s, v, s->A0, MO_LE | size);
}

bool disas_mmx(DisasContext *s, int b)
{
    MMXKind kind = mmx_kind(b);
    int modrm = 0, reg, rm, op = b;
    bool mem;
    TCGv_i64 d, v;
    TCGv_i32 t;

    /* 66 is SSE2's form of these opcodes, F2/F3 SSE's: none here. */
    if (kind == MMX_INVALID ||
        (s->prefix & (PREFIX_DATA | PREFIX_REPZ | PREFIX_REPNZ))) {
        return false;
    }
    if (kind != MMX_EMMS) {
        modrm = x86_ldub_code(s);
    }
    reg = (modrm >> 3) & 7;
    rm = modrm & 7;
    mem = kind != MMX_EMMS && (modrm >> 6) != 3;
    if (kind == MMX_SHIFT_IMM) {
        op = shift_imm_op(b, reg);
        if (mem || !op) {
            return false;
        }
    }
    /* SDM vol. 3A, 2.5 and 12.1: CR0.EM makes MMX #UD, CR0.TS #NM. */
    if (s->flags & HF_EM_MASK) {
        return false;
    }
    if (s->flags & HF_TS_MASK) {
        if (mem) {
            gen_lea_modrm(s, modrm); /* consume the displacement */
        }
        tcg_ctx->nb_ops = s->insn_op_start;
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    /* before the address: A0 is an EBB temp, dead after the label */
    gen_mmx_wait(s);
    if (mem) {
        gen_lea_modrm(s, modrm);
    }

    d = new_tmp64();
    v = new_tmp64();
    switch (kind) {
    case MMX_EMMS:
        gen_mmx_enter(true);
        return true;
    case MMX_SHIFT_IMM:
        tcg_gen_ld_i64(d, tcg_env, mm_ofs(rm));
        tcg_gen_movi_i64(v, x86_ldub_code(s));
        gen_helper(&helper_info_mmx_op, d.n, 3, tcg_constant_i32(op).n, d.n,
                   v.n);
        gen_mm_store(rm, d);
        break;
    case MMX_MOVD_TO:
        t = new_tmp();
        if (mem) {
            gen_op_ld(s, MO_32, t, s->A0);
        } else {
            gen_op_mov_v_reg(s, MO_32, t, rm);
        }
        tcg_gen_extu_i32_i64(v, t);
        gen_mm_store(reg, v);
        break;
    case MMX_MOVD_FROM:
        t = new_tmp();
        tcg_gen_ld_i32(t, tcg_env, mm_ofs(reg)); /* the low half */
        if (mem) {
            gen_op_st(s, MO_32, t, s->A0);
        } else {
            gen_op_mov_reg_v(s, MO_32, rm, t);
        }
        break;
    case MMX_MOVQ_FROM:
        tcg_gen_ld_i64(v, tcg_env, mm_ofs(reg));
        if (mem) {
            gen_qemu_st64(s, v, s->A0, MO_LE | MO_64);
        } else {
            gen_mm_store(rm, v);
        }
        break;
    default: /* mm = mm op mm/m64 (m32 for PUNPCKL*), MOVQ mm, mm/m64 */
        if (mem) {
            gen_ldq(s, v, kind == MMX_UNPACK_LOW ? MO_32 : MO_64);
        } else {
            tcg_gen_ld_i64(v, tcg_env, mm_ofs(rm));
        }
        if (kind != MMX_MOVQ_TO) {
            tcg_gen_ld_i64(d, tcg_env, mm_ofs(reg));
        }
        if (kind == MMX_LOGIC) {
            switch (b) {
            case 0xdb:
                tcg_gen_and_i64(d, d, v);
                break;
            case 0xdf: /* PANDN: the destination is the one inverted */
                tcg_gen_andc_i64(d, v, d);
                break;
            case 0xeb:
                tcg_gen_or_i64(d, d, v);
                break;
            default:
                tcg_gen_xor_i64(d, d, v);
                break;
            }
        } else if (kind == MMX_MOVQ_TO) {
            tcg_gen_mov_i64(d, v);
        } else {
            gen_helper(&helper_info_mmx_op, d.n, 3, tcg_constant_i32(op).n, d.n,
                       v.n);
        }
        gen_mm_store(reg, d);
        break;
    }
    gen_mmx_enter(false);
    return true;
}
