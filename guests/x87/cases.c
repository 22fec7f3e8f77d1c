/*
 * The x87 cases: each runs a few x87 instructions from FNINIT with a
 * given control word and operands in memory, then FNSAVEs the FPU, and
 * the line printed is the control, status and tag words, the non-empty
 * registers and whatever the case stored to memory.  Every instruction
 * is written out in assembly (register forms as bytes: AT&T's
 * FSUB/FSUBR operand order is a trap), so the guest and the host run
 * exactly the same instructions whatever the compiler does with floats.
 * The instruction and operand pointers and FOP are not compared except
 * in the #MF case: CPUs may leave them stale (Intel's FOP and FDP
 * deprecation, AMD saving them only with ES set; SDM vol. 1, 8.1.8-9).
 */
#include "x87.h"

/* The inputs of a case: ST(0) = x and ST(1) = y when it loads them. */
typedef struct X87In {
    uint16_t cw;
    X87Reg x, y;
    uint8_t m[16]; /* the memory source operand */
} X87In;

/* The outputs: the FNSAVE image, and a memory destination. */
typedef struct X87Out {
    X87Save save;
    uint8_t m[112]; /* prefilled with 0xa5: what a store left alone */
    uint8_t zpc[4]; /* ZF PF CF after FCOMI and friends */
} X87Out;

typedef void X87Fn(X87Out *o, const X87In *in);

/* FNINIT, FLDCW, the body, FNSAVE (which initializes the FPU again). */
#define X87_ASM(body)                                                          \
    __asm__ volatile(                                                          \
        "fninit\n\tfldcw %[cw]\n\t" body "\n\tfnsave %[s]"                     \
        : [s] "=m"(o->save), [o] "+m"(o->m), [z] "=m"(o->zpc[0]),              \
          [p] "=m"(o->zpc[1]), [c] "=m"(o->zpc[2])                             \
        : [cw] "m"(in->cw), [x] "m"(in->x), [y] "m"(in->y), [m] "m"(in->m)     \
        : "memory", "cc", "eax", "st", "st(1)", "st(2)", "st(3)", "st(4)",     \
          "st(5)", "st(6)", "st(7)")
#define X87_FN(name, body)                                                     \
    static void name(X87Out *o, const X87In *in)                               \
    {                                                                          \
        X87_ASM(body);                                                         \
    }
#define XY "fldt %[y]\n\tfldt %[x]\n\t"
#define ZPC "\n\tsetz %[z]\n\tsetp %[p]\n\tsetc %[c]"

/* ---- the cases' code --------------------------------------------------- */

/* D8, DC and DE register forms with ST(0) = x, ST(1) = y. */
X87_FN(d8_add, XY ".byte 0xd8, 0xc1")
X87_FN(d8_mul, XY ".byte 0xd8, 0xc9")
X87_FN(d8_sub, XY ".byte 0xd8, 0xe1")
X87_FN(d8_subr, XY ".byte 0xd8, 0xe9")
X87_FN(d8_div, XY ".byte 0xd8, 0xf1")
X87_FN(d8_divr, XY ".byte 0xd8, 0xf9")
X87_FN(dc_add, XY ".byte 0xdc, 0xc1")
X87_FN(dc_mul, XY ".byte 0xdc, 0xc9")
X87_FN(dc_subr, XY ".byte 0xdc, 0xe1")
X87_FN(dc_sub, XY ".byte 0xdc, 0xe9")
X87_FN(dc_divr, XY ".byte 0xdc, 0xf1")
X87_FN(dc_div, XY ".byte 0xdc, 0xf9")
X87_FN(de_addp, XY ".byte 0xde, 0xc1")
X87_FN(de_mulp, XY ".byte 0xde, 0xc9")
X87_FN(de_subrp, XY ".byte 0xde, 0xe1")
X87_FN(de_subp, XY ".byte 0xde, 0xe9")
X87_FN(de_divrp, XY ".byte 0xde, 0xf1")
X87_FN(de_divp, XY ".byte 0xde, 0xf9")

static X87Fn *const d8_fns[] = {d8_add,  d8_mul, d8_sub,
                                d8_subr, d8_div, d8_divr};
static const char *const d8_names[] = {"fadd",  "fmul", "fsub",
                                       "fsubr", "fdiv", "fdivr"};
static X87Fn *const dcde_fns[] = {dc_add,   dc_mul,  dc_subr,  dc_sub,
                                  dc_divr,  dc_div,  de_addp,  de_mulp,
                                  de_subrp, de_subp, de_divrp, de_divp};
static const char *const dcde_names[] = {
    "dc-fadd", "dc-fmul", "dc-fsubr", "dc-fsub", "dc-fdivr", "dc-fdiv",
    "faddp",   "fmulp",   "fsubrp",   "fsubp",   "fdivrp",   "fdivp"};

/* Compares of ST(0) = x with ST(1) = y. */
X87_FN(c_fcom, XY ".byte 0xd8, 0xd1")
X87_FN(c_fcomp, XY ".byte 0xd8, 0xd9")
X87_FN(c_fcompp, XY ".byte 0xde, 0xd9")
X87_FN(c_fucom, XY ".byte 0xdd, 0xe1")
X87_FN(c_fucomp, XY ".byte 0xdd, 0xe9")
X87_FN(c_fucompp, XY ".byte 0xda, 0xe9")
X87_FN(c_fcomi, XY ".byte 0xdb, 0xf1" ZPC)
X87_FN(c_fucomi, XY ".byte 0xdb, 0xe9" ZPC)
X87_FN(c_fcomip, XY ".byte 0xdf, 0xf1" ZPC)
X87_FN(c_fucomip, XY ".byte 0xdf, 0xe9" ZPC)
/* FCMOVcc after FUCOMI: each condition of the compare's flags. */
X87_FN(c_fcmovb, XY ".byte 0xdb, 0xe9, 0xda, 0xc1")
X87_FN(c_fcmove, XY ".byte 0xdb, 0xe9, 0xda, 0xc9")
X87_FN(c_fcmovbe, XY ".byte 0xdb, 0xe9, 0xda, 0xd1")
X87_FN(c_fcmovu, XY ".byte 0xdb, 0xe9, 0xda, 0xd9")
X87_FN(c_fcmovnb, XY ".byte 0xdb, 0xe9, 0xdb, 0xc1")
X87_FN(c_fcmovne, XY ".byte 0xdb, 0xe9, 0xdb, 0xc9")
X87_FN(c_fcmovnbe, XY ".byte 0xdb, 0xe9, 0xdb, 0xd1")
X87_FN(c_fcmovnu, XY ".byte 0xdb, 0xe9, 0xdb, 0xd9")

static X87Fn *const cmp_fns[] = {
    c_fcom,    c_fcomp,  c_fcompp,  c_fucom,   c_fucomp,   c_fucompp,
    c_fcomi,   c_fucomi, c_fcomip,  c_fucomip, c_fcmovb,   c_fcmove,
    c_fcmovbe, c_fcmovu, c_fcmovnb, c_fcmovne, c_fcmovnbe, c_fcmovnu};
static const char *const cmp_names[] = {
    "fcom",    "fcomp",  "fcompp",  "fucom",   "fucomp",   "fucompp",
    "fcomi",   "fucomi", "fcomip",  "fucomip", "fcmovb",   "fcmove",
    "fcmovbe", "fcmovu", "fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu"};

/* D9 E0-FF with ST(0) = x, ST(1) = y. */
X87_FN(u_fchs, XY "fchs")
X87_FN(u_fabs, XY "fabs")
X87_FN(u_ftst, XY "ftst")
X87_FN(u_fxam, XY "fxam")
X87_FN(u_f2xm1, XY "f2xm1")
X87_FN(u_fyl2x, XY "fyl2x")
X87_FN(u_fptan, "fldt %[x]\n\tfptan")
X87_FN(u_fpatan, XY "fpatan")
X87_FN(u_fxtract, "fldt %[x]\n\tfxtract")
X87_FN(u_fprem1, XY "fprem1")
X87_FN(u_fprem, XY "fprem")
X87_FN(u_fyl2xp1, XY "fyl2xp1")
X87_FN(u_fsqrt, XY "fsqrt")
X87_FN(u_fsincos, "fldt %[x]\n\tfsincos")
X87_FN(u_frndint, XY "frndint")
X87_FN(u_fscale, XY "fscale")
X87_FN(u_fsin, XY "fsin")
X87_FN(u_fcos, XY "fcos")

static X87Fn *const d9_fns[] = {
    u_fchs,  u_fabs,    u_ftst,    u_fxam,   u_f2xm1, u_fyl2x,
    u_fptan, u_fpatan,  u_fxtract, u_fprem1, u_fprem, u_fyl2xp1,
    u_fsqrt, u_fsincos, u_frndint, u_fscale, u_fsin,  u_fcos};
static const char *const d9_names[] = {
    "fchs",  "fabs",    "ftst",    "fxam",   "f2xm1", "fyl2x",
    "fptan", "fpatan",  "fxtract", "fprem1", "fprem", "fyl2xp1",
    "fsqrt", "fsincos", "frndint", "fscale", "fsin",  "fcos"};

/* Memory operand arithmetic: ST(0) = x op m, each of the four formats. */
#define MEM_OPS(fmt)                                                           \
    X87_FN(m_add##fmt, XY "fadd" #fmt " %[m]")                                 \
    X87_FN(m_mul##fmt, XY "fmul" #fmt " %[m]")                                 \
    X87_FN(m_com##fmt, XY "fcom" #fmt " %[m]")                                 \
    X87_FN(m_comp##fmt, XY "fcomp" #fmt " %[m]")                               \
    X87_FN(m_sub##fmt, XY "fsub" #fmt " %[m]")                                 \
    X87_FN(m_subr##fmt, XY "fsubr" #fmt " %[m]")                               \
    X87_FN(m_div##fmt, XY "fdiv" #fmt " %[m]")                                 \
    X87_FN(m_divr##fmt, XY "fdivr" #fmt " %[m]")
MEM_OPS(s)
MEM_OPS(l)
#define IMEM_OPS(fmt)                                                          \
    X87_FN(m_iadd##fmt, XY "fiadd" #fmt " %[m]")                               \
    X87_FN(m_imul##fmt, XY "fimul" #fmt " %[m]")                               \
    X87_FN(m_icom##fmt, XY "ficom" #fmt " %[m]")                               \
    X87_FN(m_icomp##fmt, XY "ficomp" #fmt " %[m]")                             \
    X87_FN(m_isub##fmt, XY "fisub" #fmt " %[m]")                               \
    X87_FN(m_isubr##fmt, XY "fisubr" #fmt " %[m]")                             \
    X87_FN(m_idiv##fmt, XY "fidiv" #fmt " %[m]")                               \
    X87_FN(m_idivr##fmt, XY "fidivr" #fmt " %[m]")
IMEM_OPS(s)
IMEM_OPS(l)

static X87Fn *const mem_fns[4][8] = {
    {m_adds, m_muls, m_coms, m_comps, m_subs, m_subrs, m_divs, m_divrs},
    {m_addl, m_mull, m_coml, m_compl, m_subl, m_subrl, m_divl, m_divrl},
    {m_iadds, m_imuls, m_icoms, m_icomps, m_isubs, m_isubrs, m_idivs, m_idivrs},
    {m_iaddl, m_imull, m_icoml, m_icompl, m_isubl, m_isubrl, m_idivl, m_idivrl},
};
static const char *const mem_names[4][8] = {
    {"fadd-m32", "fmul-m32", "fcom-m32", "fcomp-m32", "fsub-m32", "fsubr-m32",
     "fdiv-m32", "fdivr-m32"},
    {"fadd-m64", "fmul-m64", "fcom-m64", "fcomp-m64", "fsub-m64", "fsubr-m64",
     "fdiv-m64", "fdivr-m64"},
    {"fiadd-m16", "fimul-m16", "ficom-m16", "ficomp-m16", "fisub-m16",
     "fisubr-m16", "fidiv-m16", "fidivr-m16"},
    {"fiadd-m32", "fimul-m32", "ficom-m32", "ficomp-m32", "fisub-m32",
     "fisubr-m32", "fidiv-m32", "fidivr-m32"},
};

/* Loads of each format (onto y, so that a push shows beside it). */
X87_FN(l_flds, "fldt %[y]\n\tflds %[m]")
X87_FN(l_fldl, "fldt %[y]\n\tfldl %[m]")
X87_FN(l_fldt, "fldt %[y]\n\tfldt %[m]")
X87_FN(l_filds, "fldt %[y]\n\tfilds %[m]")
X87_FN(l_fildl, "fldt %[y]\n\tfildl %[m]")
X87_FN(l_fildll, "fldt %[y]\n\tfildll %[m]")
X87_FN(l_fbld, "fldt %[y]\n\tfbld %[m]")

/* The memory format a load section's inputs are in. */
enum { F32, F64, F80, I16, I32, I64, BCD, NFMT };
static X87Fn *const load_fns[NFMT] = {l_flds,  l_fldl,   l_fldt, l_filds,
                                      l_fildl, l_fildll, l_fbld};
static const char *const fmt_names[NFMT] = {
    "m32fp", "m64fp", "m80fp", "m16int", "m32int", "m64int", "m80bcd"};

/* Stores of ST(0) = x in each format (FST and FSTP; FIST and FISTP). */
X87_FN(s_fsts, XY "fsts %[o]")
X87_FN(s_fstps, XY "fstps %[o]")
X87_FN(s_fstl, XY "fstl %[o]")
X87_FN(s_fstpl, XY "fstpl %[o]")
X87_FN(s_fstpt, XY "fstpt %[o]")
X87_FN(s_fists, XY "fists %[o]")
X87_FN(s_fistps, XY "fistps %[o]")
X87_FN(s_fistl, XY "fistl %[o]")
X87_FN(s_fistpl, XY "fistpl %[o]")
X87_FN(s_fistpll, XY "fistpll %[o]")
X87_FN(s_fbstp, XY "fbstp %[o]")

static X87Fn *const store_fns[] = {s_fsts,   s_fstps,   s_fstl,   s_fstpl,
                                   s_fstpt,  s_fists,   s_fistps, s_fistl,
                                   s_fistpl, s_fistpll, s_fbstp};
static const char *const store_names[] = {
    "fst-m32",   "fstp-m32", "fst-m64",   "fstp-m64",  "fstp-m80", "fist-m16",
    "fistp-m16", "fist-m32", "fistp-m32", "fistp-m64", "fbstp"};

/* The constants, under each rounding mode. */
X87_FN(k_fld1, "fld1")
X87_FN(k_fldl2t, "fldl2t")
X87_FN(k_fldl2e, "fldl2e")
X87_FN(k_fldpi, "fldpi")
X87_FN(k_fldlg2, "fldlg2")
X87_FN(k_fldln2, "fldln2")
X87_FN(k_fldz, "fldz")

static X87Fn *const const_fns[] = {k_fld1,   k_fldl2t, k_fldl2e, k_fldpi,
                                   k_fldlg2, k_fldln2, k_fldz};
static const char *const const_names[] = {"fld1",   "fldl2t", "fldl2e", "fldpi",
                                          "fldlg2", "fldln2", "fldz"};

/* The stack: overflow, underflow, TOP, tags, FXCH, FFREE, FST ST(i). */
X87_FN(t_overflow, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
                   "fld1\n\tfldpi")
X87_FN(t_underflow, "fstp %%st(0)")
X87_FN(t_underflow_arith, "fldt %[x]\n\t.byte 0xd8, 0xc1")
X87_FN(t_fxch, XY "fxch %%st(1)")
X87_FN(t_fxch_empty, "fldt %[x]\n\tfxch %%st(3)")
X87_FN(t_fincstp, XY "fincstp\n\tfincstp\n\tfincstp")
X87_FN(t_fdecstp, XY "fdecstp\n\tfldt %[y]")
X87_FN(t_ffree, XY "ffree %%st(1)")
X87_FN(t_fst_sti, XY "fst %%st(3)\n\tfstp %%st(2)")
X87_FN(t_fld_sti, XY "fld %%st(1)\n\tfld %%st(5)")
X87_FN(t_fstsw, XY "fnstsw %[o]\n\tfnstcw 2+%[o]\n\tfstsw %%ax\n\t"
                   "mov %%ax, 4+%[o]")
X87_FN(t_fnclex, XY "fdivs %[m]\n\tfnclex")
X87_FN(t_fldcw, XY "fldcw %[m]\n\tfsqrt\n\tfnstcw %[o]")
X87_FN(t_fnop, XY "fnop\n\tfwait")
X87_FN(t_fsave, XY "fnsave %[o]\n\tfld1\n\tfrstor %[o]")
X87_FN(t_fenv, XY "fnstenv %[o]\n\tfldz\n\tfldz\n\tfld1\n\tfldenv %[o]")

static X87Fn *const stack_fns[] = {
    t_overflow,   t_underflow, t_underflow_arith, t_fxch,
    t_fxch_empty, t_fincstp,   t_fdecstp,         t_ffree,
    t_fst_sti,    t_fld_sti,   t_fstsw,           t_fnclex,
    t_fldcw,      t_fnop,      t_fsave,           t_fenv};
static const char *const stack_names[] = {
    "overflow",   "underflow", "underflow-arith", "fxch",
    "fxch-empty", "fincstp",   "fdecstp",         "ffree",
    "fst-sti",    "fld-sti",   "fstsw",           "fnclex",
    "fldcw",      "fnop",      "fsave",           "fenv"};

/* ---- operands ---------------------------------------------------------- */

#define R(m, e)                                                                \
    {                                                                          \
        0x##m##ull, 0x##e                                                      \
    }
static const X87Reg values[] = {
    R(8000000000000000, 3fff), /* 1 */
    R(a000000000000000, c000), /* -2.5 */
    R(c90fdaa22168c235, 4000), /* pi */
    R(aaaaaaaaaaaaaaab, 3ffd), /* 1/3 */
    R(b17217f7d1cf79ac, 3ffe), /* ln 2 */
    R(f424000000000001, 4012), /* 1e6 and a bit */
    R(8000000000000400, 403e), /* 2^63 + 2^10 */
    R(ffffffffffffffff, 7ffe), /* the largest */
    R(8000000000000000, 0001), /* the smallest normal */
    R(0000000000000001, 0000), /* the smallest denormal */
    R(4000000000000000, 8000), /* a negative denormal */
    R(0000000000000000, 0000), /* +0 */
    R(0000000000000000, 8000), /* -0 */
    R(8000000000000000, 7fff), /* +inf */
    R(8000000000000000, ffff), /* -inf */
    R(c000000000000001, 7fff), /* a QNaN */
    R(a000000000000000, ffff), /* an SNaN */
    R(3000000000000000, 4000), /* an unnormal (unsupported: IE) */
    R(c90fdaa22168c235, 403f), /* pi * 2^64: beyond FSIN's range */
    R(b8aa3b295c17f0bc, bffe), /* -log2(e) / 2 */
};
#define NVALUES (sizeof(values) / sizeof(values[0]))
/* The first ones are finite and normal: the pairs done in every mode. */
#define NFINITE 9

/* Memory operands of each format, as bytes (little-endian). */
static const uint64_t mem_values[NFMT][8] = {
    [F32] = {0x3f800000, 0xc0490fdb, 0x00000001, 0x7f800000, 0x7fc00000,
             0x7fa00000, 0x80000000, 0x7f7fffff},
    [F64] = {0x3ff0000000000000, 0xc00921fb54442d18, 1, 0x7ff0000000000000,
             0x7ff8000000000000, 0x7ff4000000000000, 0x8000000000000000,
             0x7fefffffffffffff},
    [I16] = {0, 1, 0xffff, 0x7fff, 0x8000, 12345, 0xfffd, 3},
    [I32] = {0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 123456789, 0xfffffffd,
             3},
    [I64] = {0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000,
             0x123456789abcdef0, 0xfffffffffffffffd, 3},
};
/* Packed BCD (SDM vol. 1, 4.7): 18 digits, sign in bit 79. */
static const X87Reg bcd_values[8] = {
    R(0000000000000000, 0000), R(0000000000000001, 0000),
    R(0000000000000001, 8000), R(9999999999999999, 0099),
    R(0000000000000000, 8000), R(1234567890123456, 0078),
    R(00000000000000ab, 0000), /* an invalid digit: undefined, skipped */
    R(0000000000000042, 0000),
};
#define BCD_INVALID 6

static uint16_t make_cw(int pc, int rc)
{
    return 0x007f | (uint16_t)(pc << 8) | (uint16_t)(rc << 10);
}

/* ---- output ------------------------------------------------------------ */

static char line[512];
static uint32_t line_len;
static int verbose_lines;
static uint16_t sw_shown = 0xffff; /* X87_QEMU: without C1 */

typedef struct Section {
    const char *name;
    uint32_t count;
    uint32_t fnv;
} Section;

static void put_str(const char *s)
{
    while (*s && line_len < sizeof(line) - 2) {
        line[line_len++] = *s++;
    }
}

static void put_hex(uint64_t v, int digits)
{
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        char c[2] = {"0123456789abcdef"[(v >> shift) & 15], 0};

        put_str(c);
    }
}

static void put_reg(const X87Reg *r)
{
    put_hex(r->exp, 4);
    put_str(":");
    put_hex(r->mant, 16);
}

static void section_begin(Section *sec, const char *name)
{
    sec->name = name;
    sec->count = 0;
    sec->fnv = 2166136261u;
}

static void line_begin(Section *sec, const char *what)
{
    line_len = 0;
    put_str("x87: ");
    put_str(sec->name);
    put_str(" ");
    put_str(what);
}

static void line_end(Section *sec)
{
    line[line_len] = 0;
    for (uint32_t i = 0; i < line_len; i++) {
        sec->fnv = (sec->fnv ^ (uint8_t)line[i]) * 16777619u;
    }
    sec->count++;
    if (verbose_lines) {
        line[line_len++] = '\n';
        line[line_len] = 0;
        x87_puts(line);
    }
}

static uint32_t section_end(Section *sec)
{
    line_len = 0;
    put_str("x87: ");
    put_str(sec->name);
    put_str(" ");
    put_hex(sec->count, 4);
    put_str(" ");
    put_hex(sec->fnv, 8);
    put_str("\n");
    line[line_len] = 0;
    x87_puts(line);
    return sec->count;
}

/*
 * Run fn and describe the state it left: control, status and tag words
 * (FNSAVE's), each register that is not empty, from ST(0), then nstore
 * bytes of the memory destination and with zpc, the flags of FCOMI.
 */
static void run_case(Section *sec, X87Fn *fn, const X87In *in, int nstore,
                     int zpc)
{
    X87Out o;
    const X87Save *s = &o.save;
    int top;

    for (unsigned i = 0; i < sizeof(o.m); i++) {
        o.m[i] = 0xa5;
    }
    o.zpc[0] = o.zpc[1] = o.zpc[2] = 0xa5;
    fn(&o, in);
    put_str(" = ");
    put_hex(s->cw & 0xffff, 4);
    put_str(" ");
    put_hex(s->sw & sw_shown, 4);
    put_str(" ");
    put_hex(s->tw & 0xffff, 4);
    top = (s->sw >> 11) & 7;
    for (int i = 0; i < 8; i++) {
        if (((s->tw >> (2 * ((top + i) & 7))) & 3) != 3) {
            put_str(" st");
            put_hex(i, 1);
            put_str("=");
            put_reg(&s->st[i]);
        }
    }
    if (nstore) {
        put_str(" m=");
        for (int i = nstore - 1; i >= 0; i--) {
            put_hex(o.m[i], 2);
        }
    }
    if (zpc) {
        put_str(" zpc=");
        put_hex(o.zpc[0], 1);
        put_hex(o.zpc[1], 1);
        put_hex(o.zpc[2], 1);
    }
    line_end(sec);
}

static void put_in(const X87In *in, int with_y)
{
    put_str(" cw=");
    put_hex(in->cw, 4);
    put_str(" x=");
    put_reg(&in->x);
    if (with_y) {
        put_str(" y=");
        put_reg(&in->y);
    }
}

static void set_mem(X87In *in, uint64_t lo, uint16_t hi)
{
    for (int i = 0; i < 8; i++) {
        in->m[i] = (uint8_t)(lo >> (8 * i));
    }
    in->m[8] = (uint8_t)hi;
    in->m[9] = (uint8_t)(hi >> 8);
    for (int i = 10; i < 16; i++) {
        in->m[i] = 0;
    }
}

/* ---- the sections ------------------------------------------------------ */

/* The D8 register forms over the finite pairs, in all 12 PC x RC modes. */
static uint32_t sec_arith_modes(void)
{
    static const int pcs[3] = {0, 2, 3};
    Section sec;
    X87In in = {0};

    section_begin(&sec, "arith-modes");
    for (unsigned f = 0; f < sizeof(d8_fns) / sizeof(d8_fns[0]); f++) {
        for (int p = 0; p < 3; p++) {
            for (int rc = 0; rc < 4; rc++) {
                in.cw = make_cw(pcs[p], rc);
                for (int i = 0; i < NFINITE; i++) {
                    in.x = values[i];
                    in.y = values[(i * 5 + 3) % NFINITE];
                    line_begin(&sec, d8_names[f]);
                    put_in(&in, 1);
                    run_case(&sec, d8_fns[f], &in, 0, 0);
                }
            }
        }
    }
    return section_end(&sec);
}

/* Every form over every pair of values, special ones included. */
static uint32_t sec_pairs(const char *name, X87Fn *const *fns,
                          const char *const *names, unsigned n, int zpc)
{
    Section sec;
    X87In in = {0};

    section_begin(&sec, name);
    in.cw = make_cw(3, 0);
    for (unsigned f = 0; f < n; f++) {
        for (unsigned i = 0; i < NVALUES; i++) {
            for (unsigned j = 0; j < NVALUES; j++) {
                in.x = values[i];
                in.y = values[j];
                line_begin(&sec, names[f]);
                put_in(&in, 1);
                run_case(&sec, fns[f], &in, 0, zpc);
            }
        }
    }
    return section_end(&sec);
}

/* D9 E0-FF on every value (and pair), under each rounding mode. */
static uint32_t sec_d9(void)
{
    Section sec;
    X87In in = {0};

    section_begin(&sec, "d9");
    for (unsigned f = 0; f < sizeof(d9_fns) / sizeof(d9_fns[0]); f++) {
        for (int rc = 0; rc < 4; rc++) {
            in.cw = make_cw(3, rc);
            for (unsigned i = 0; i < NVALUES; i++) {
                for (unsigned j = 0; j < NVALUES; j += (rc ? 4 : 1)) {
                    in.x = values[i];
                    in.y = values[j];
                    line_begin(&sec, d9_names[f]);
                    put_in(&in, 1);
                    run_case(&sec, d9_fns[f], &in, 0, 0);
                }
            }
        }
    }
    in.cw = make_cw(0, 0); /* FSQRT, FRNDINT... round to PC too */
    for (unsigned f = 0; f < sizeof(d9_fns) / sizeof(d9_fns[0]); f++) {
        for (unsigned i = 0; i < NVALUES; i++) {
            in.x = values[i];
            in.y = values[2];
            line_begin(&sec, d9_names[f]);
            put_in(&in, 1);
            run_case(&sec, d9_fns[f], &in, 0, 0);
        }
    }
    return section_end(&sec);
}

/* Memory operand arithmetic: every value against every memory operand. */
static uint32_t sec_mem_arith(void)
{
    static const int fmts[4] = {F32, F64, I16, I32};
    Section sec;
    X87In in = {0};

    section_begin(&sec, "mem-arith");
    for (int f = 0; f < 4; f++) {
        for (int op = 0; op < 8; op++) {
            for (int rc = 0; rc < 4; rc += 3) {
                in.cw = make_cw(rc ? 2 : 3, rc);
                for (unsigned i = 0; i < NVALUES; i++) {
                    for (int k = 0; k < 8; k++) {
                        in.x = values[i];
                        in.y = values[3];
                        set_mem(&in, mem_values[fmts[f]][k], 0);
                        line_begin(&sec, mem_names[f][op]);
                        put_in(&in, 0);
                        put_str(" m=");
                        put_hex(mem_values[fmts[f]][k], 16);
                        run_case(&sec, mem_fns[f][op], &in, 0, 0);
                    }
                }
            }
        }
    }
    return section_end(&sec);
}

/* FLD of each format, FILD, FBLD. */
static uint32_t sec_loads(void)
{
    Section sec;
    X87In in = {0};

    section_begin(&sec, "loads");
    in.cw = make_cw(3, 0);
    in.y = values[2];
    for (int f = 0; f < NFMT; f++) {
        unsigned n = f == F80 ? NVALUES : 8;

        for (unsigned k = 0; k < n; k++) {
            if (f == BCD && k == BCD_INVALID) {
                continue; /* invalid digits: the result is undefined */
            }
            if (f == F80) {
                set_mem(&in, values[k].mant, values[k].exp);
            } else if (f == BCD) {
                set_mem(&in, bcd_values[k].mant, bcd_values[k].exp);
            } else {
                set_mem(&in, mem_values[f][k], 0);
            }
            line_begin(&sec, fmt_names[f]);
            put_str(" m=");
            put_hex(in.m[9] << 8 | in.m[8], 4);
            put_hex((uint64_t)in.m[7] << 56 | (uint64_t)in.m[6] << 48 |
                        (uint64_t)in.m[5] << 40 | (uint64_t)in.m[4] << 32 |
                        (uint64_t)in.m[3] << 24 | (uint64_t)in.m[2] << 16 |
                        (uint64_t)in.m[1] << 8 | in.m[0],
                    16);
            run_case(&sec, load_fns[f], &in, 0, 0);
        }
    }
    return section_end(&sec);
}

/* FST, FIST, FBSTP of every value in every rounding mode. */
static uint32_t sec_stores(void)
{
    static const int size[] = {4, 4, 8, 8, 10, 2, 2, 4, 4, 8, 10};
    Section sec;
    X87In in = {0};

    section_begin(&sec, "stores");
    for (unsigned f = 0; f < sizeof(store_fns) / sizeof(store_fns[0]); f++) {
        for (int rc = 0; rc < 4; rc++) {
            in.cw = make_cw(3, rc);
            for (unsigned i = 0; i < NVALUES; i++) {
                in.x = values[i];
                in.y = values[0];
                line_begin(&sec, store_names[f]);
                put_in(&in, 0);
                run_case(&sec, store_fns[f], &in, size[f], 0);
            }
        }
    }
    /* values FIST and FBSTP round to (or just past) their limits */
    static const X87Reg edges[] = {
        R(fffe000000000000, 400e), /* 32767 */
        R(ffff000000000000, 400e), /* 32767.5 */
        R(8000800000000000, c00e), /* -32768.5 */
        R(fffffffe00000000, 401e), /* 2^32 - 1 */
        R(ffffffffffffffff, 403d), /* 2^63 - 0.5 */
        R(de0b6b3a763fffff, 4039), /* 10^18 - a bit */
        R(de0b6b3a76400000, 4039), /* 10^18 */
        R(8000000000000000, 3ffe), /* 0.5 */
        R(c000000000000000, bffe), /* -0.75 */
    };
    for (unsigned f = 5; f < sizeof(store_fns) / sizeof(store_fns[0]); f++) {
        for (int rc = 0; rc < 4; rc++) {
            in.cw = make_cw(3, rc);
            for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
                in.x = edges[i];
                line_begin(&sec, store_names[f]);
                put_in(&in, 0);
                run_case(&sec, store_fns[f], &in, size[f], 0);
            }
        }
    }
    return section_end(&sec);
}

static uint32_t sec_consts(void)
{
    Section sec;
    X87In in = {0};

    section_begin(&sec, "consts");
    for (unsigned f = 0; f < sizeof(const_fns) / sizeof(const_fns[0]); f++) {
        for (int p = 0; p < 4; p++) {
            for (int rc = 0; rc < 4; rc++) {
                in.cw = make_cw(p, rc);
                line_begin(&sec, const_names[f]);
                put_in(&in, 0);
                run_case(&sec, const_fns[f], &in, 0, 0);
            }
        }
    }
    return section_end(&sec);
}

static uint32_t sec_stack(void)
{
    Section sec;
    X87In in = {0};

    section_begin(&sec, "stack");
    for (unsigned f = 0; f < sizeof(stack_fns) / sizeof(stack_fns[0]); f++) {
        for (int k = 0; k < 4; k++) {
            in.cw = k & 1 ? 0x0f7e : 0x037f; /* IE unmasked, or not */
            in.x = values[k * 3];
            in.y = values[k * 4 + 1];
            set_mem(&in, k & 2 ? 0 : 0x0c60, 0); /* FDIV m32 0, or FLDCW */
            line_begin(&sec, stack_names[f]);
            put_in(&in, 1);
            /* FNSAVE's and FNSTENV's pointers and FOP are left out */
            run_case(&sec, stack_fns[f], &in,
                     f == 14 || f == 15   ? 12
                     : f == 10 || f == 12 ? 6
                                          : 0,
                     0);
        }
    }
    return section_end(&sec);
}

/*
 * Unmasked exceptions (SDM vol. 1, 8.5 and 8.7): the FNSAVE right after
 * the instruction shows ES and B set and what the instruction did to its
 * destination (nothing for IE, ZE and DE; for a register, OE and UE
 * deliver the result with its exponent adjusted by 24576; a memory
 * destination is left alone).
 */
static uint32_t sec_unmasked(void)
{
    static const uint16_t cws[] = {0x037e, 0x037d, 0x037b, 0x0377,
                                   0x036f, 0x035f, 0x0340};
    Section sec;
    X87In in = {0};

    section_begin(&sec, "unmasked");
    for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++) {
        in.cw = cws[c];
        for (unsigned i = 0; i < NVALUES; i += 1) {
            for (unsigned j = 0; j < NVALUES; j += 3) {
                in.x = values[i];
                in.y = values[j];
                for (unsigned f = 0; f < 6; f++) {
                    line_begin(&sec, d8_names[f]);
                    put_in(&in, 1);
                    run_case(&sec, d8_fns[f], &in, 0, 0);
                }
            }
            for (unsigned f = 0; f < sizeof(store_fns) / sizeof(store_fns[0]);
                 f++) {
                static const int size[] = {4, 4, 8, 8, 10, 2, 2, 4, 4, 8, 10};

                line_begin(&sec, store_names[f]);
                put_in(&in, 0);
                run_case(&sec, store_fns[f], &in, size[f], 0);
            }
            for (unsigned f = 0; f < sizeof(d9_fns) / sizeof(d9_fns[0]); f++) {
                in.y = values[3];
                line_begin(&sec, d9_names[f]);
                put_in(&in, 1);
                run_case(&sec, d9_fns[f], &in, 0, 0);
            }
        }
    }
    return section_end(&sec);
}

/* ---- #MF ---------------------------------------------------------------- */

volatile X87Fault x87_fault;

#ifdef __x86_64__
#define LEA_1F "lea 1f(%%rip), %[ip]"
#else
#define LEA_1F "lea 1f, %[ip]"
#endif

/*
 * FDIV m32 by zero with ZE unmasked, then FWAIT: the #MF (CR0.NE = 1)
 * comes at the FWAIT, with FIP at the FDIV, FDP at its operand and FOP
 * its opcode (D8 /6 with its ModRM: 0x0700 | modrm, SDM vol. 1, 8.1.8).
 */
static uint32_t sec_mf(void)
{
    Section sec;
    X87In in = {0}, *pin = &in;
    X87Out out, *o = &out;
    uintptr_t ip;
    X87Fault f;

    section_begin(&sec, "mf");
    in.cw = 0x037b;
    in.x = values[2];
    set_mem(&in, 0, 0);
    x87_fault.count = 0;
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[x]\n\t" LEA_1F "\n"
                     "1:\tfdivs %[m]\n\tfwait\n\tfnsave %[s]"
                     : [s] "=m"(o->save), [ip] "=r"(ip)
                     : [cw] "m"(pin->cw), [x] "m"(pin->x), [m] "m"(pin->m)
                     : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)",
                       "st(5)", "st(6)", "st(7)");
    f = x87_fault;
    line_begin(&sec, "fdiv-m32-by-0");
    put_str(" faults=");
    put_hex(f.count, 2);
    put_str(" sw=");
    put_hex(f.sw, 4);
    put_str(" fop=");
    /* the opcode's low bits and ModRM.reg (mod and r/m: the compiler's) */
    put_hex(f.fop & 0x0738, 4);
    put_str(f.fip == ip ? " fip=fdiv" : " fip=elsewhere");
    put_str(f.fdp == (uintptr_t)pin->m ? " fdp=operand" : " fdp=elsewhere");
    put_str(" after: ");
    put_hex(out.save.cw & 0xffff, 4);
    put_str(" ");
    put_hex(out.save.sw & 0xffff, 4);
    put_str(" st0=");
    put_reg(&out.save.st[0]);
    line_end(&sec);
    return section_end(&sec);
}

uint32_t x87_run_cases(int flags)
{
    uint32_t n = 0;

    verbose_lines = flags & X87_VERBOSE;
    if (flags & X87_QEMU) {
        sw_shown = ~0x0200;
        n += sec_arith_modes();
        n += sec_stores();
        n += sec_consts();
        return n;
    }
    n += sec_arith_modes();
    n += sec_pairs("arith-pairs", d8_fns, d8_names, 6, 0);
    n += sec_pairs("dc-de", dcde_fns, dcde_names, 12, 0);
    n += sec_pairs("compare", cmp_fns, cmp_names,
                   sizeof(cmp_fns) / sizeof(cmp_fns[0]), 1);
    n += sec_d9();
    n += sec_mem_arith();
    n += sec_loads();
    n += sec_stores();
    n += sec_consts();
    n += sec_stack();
    n += sec_unmasked();
    n += sec_mf();
    return n;
}
