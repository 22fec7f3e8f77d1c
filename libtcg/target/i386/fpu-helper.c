/*
 * The x87 FPU (Intel SDM vol. 1, chapter 8): the register stack, the
 * status and control words, stack faults and the arithmetic, computed by
 * the host's own x87 unit with the guest's control word loaded (rounding
 * and precision control) and all exceptions masked, so that results,
 * exception flags and C1 (rounded up) are those of the hardware.  The
 * front end (translate-fpu.c) moves memory operands; helpers see bits.
 */
#include <string.h>

#include "translate.h"
#include "fpu-helper.h"
#include "util/log.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "the x87 helpers run on the host's x87 unit"
#endif

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))

/* Intel SDM vol. 1, 8.1.3 and 8.1.5: status and control word bits. */
#define FSW_IE 0x0001
#define FSW_DE 0x0002
#define FSW_ZE 0x0004
#define FSW_OE 0x0008
#define FSW_UE 0x0010
#define FSW_SF 0x0040
#define FSW_ES 0x0080
#define FSW_C0 0x0100
#define FSW_C1 0x0200
#define FSW_C2 0x0400
#define FSW_C3 0x4000
#define FSW_B 0x8000
#define FSW_EXC 0x003f
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)
#define FCW_RC_CHOP 0x0c00

/* ---- the register stack ----------------------------------------------- */

static long double st_get(CPUX86State *env, int i)
{
    long double v = 0;

    memcpy(&v, &env->fpregs[(env->fpstt + i) & 7], 10);
    return v;
}

static void st_set(CPUX86State *env, int i, long double v)
{
    X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

    memcpy(r, &v, 10);
    env->fptags[(env->fpstt + i) & 7] = 0;
}

static bool st_empty(CPUX86State *env, int i)
{
    return env->fptags[(env->fpstt + i) & 7];
}

static void fpop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* The QNaN floating-point indefinite (SDM vol. 1, 4.8.3.7). */
static long double fp_indefinite(void)
{
    X86FPReg r = {.mant = 0xc000000000000000ull, .exp = 0xffff};
    long double v = 0;

    memcpy(&v, &r, 10);
    return v;
}

/* ES and B follow the unmasked pending exceptions (SDM vol. 1, 8.1.3.5). */
static void fpu_update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FSW_EXC) {
        env->fpus |= FSW_ES | FSW_B;
    } else {
        env->fpus &= ~(FSW_ES | FSW_B);
    }
}

/* Record exception flags; true if one of them is unmasked. */
static bool fpu_raise(CPUX86State *env, uint16_t exc)
{
    env->fpus |= exc & (FSW_EXC | FSW_SF);
    fpu_update_es(env);
    return (exc & ~env->fpuc & FSW_EXC) != 0;
}

/*
 * Stack underflow (an empty source) and overflow (a push onto a full
 * register): IE and SF, C1 = 0 / 1 (SDM vol. 1, 8.5.1.1).  true when
 * masked: the instruction goes on with the indefinite.
 */
static bool fpu_stack_fault(CPUX86State *env, bool overflow)
{
    env->fpus = (env->fpus & ~FSW_C1) | (overflow ? FSW_C1 : 0);
    return !fpu_raise(env, FSW_IE | FSW_SF);
}

static bool fpush(CPUX86State *env, long double v)
{
    if (!st_empty(env, 7) && !fpu_stack_fault(env, true)) {
        return false;
    }
    if (!st_empty(env, 7)) {
        v = fp_indefinite();
    }
    env->fpstt = (env->fpstt - 1) & 7;
    st_set(env, 0, v);
    return true;
}

/* ---- the host x87 with the guest's control word ----------------------- */

/*
 * Each operation's asm ends with FNSTSW into sw (the compiler's own FSTP
 * of what it leaves on the stack afterwards would clear C1, round-up,
 * and FPREM's quotient bit) and FNCLEX: with the guest's exception masks
 * (host_begin_exact) an unmasked exception must not stay pending on the
 * host's FPU, where the next waiting instruction would raise SIGFPE.
 */
typedef struct HostFPU {
    uint16_t saved_cw;
    uint16_t sw;
} HostFPU;

static void host_begin(CPUX86State *env, HostFPU *h, uint16_t rc_override)
{
    uint16_t cw = env->fpuc | FSW_EXC | 0x40;

    if (rc_override) {
        cw = (cw & ~0x0c00) | rc_override;
    }
    h->sw = 0;
    asm volatile("fnstcw %0" : "=m"(h->saved_cw));
    asm volatile("fnclex\n\tfldcw %0" : : "m"(cw));
}

/*
 * With the guest's own exception masks, for operations whose only result
 * is ST(0): the host then does what SDM vol. 1, 8.5 says unmasked
 * exceptions do (no result for IE, DE, ZE; for OE and UE the result with
 * its exponent adjusted by 24576), and reports only the flags the
 * hardware sets in that case.
 */
static void host_begin_exact(CPUX86State *env, HostFPU *h, uint16_t masked)
{
    uint16_t cw = env->fpuc | masked | 0x40;

    h->sw = 0;
    asm volatile("fnstcw %0" : "=m"(h->saved_cw));
    asm volatile("fnclex\n\tfldcw %0" : : "m"(cw));
}

/* The host's status word right after the operation since host_begin. */
static uint16_t host_end(HostFPU *h)
{
    asm volatile("fnclex\n\tfldcw %0" : : "m"(h->saved_cw));
    return h->sw;
}

/*
 * Finish an arithmetic result: flags, C1 from the host (rounded up),
 * and the destination written unless a pre-computation exception (IE,
 * ZE, DE) is unmasked (SDM vol. 1, 8.5 and 8.7): then only those flags,
 * C1 clear, nothing written.  OE/UE unmasked: the host computed with
 * the guest's masks (host_begin_exact) and r is already bias-adjusted.
 */
static bool fpu_result(CPUX86State *env, int i, long double r, uint16_t sw)
{
    if (sw & ~env->fpuc & (FSW_IE | FSW_ZE | FSW_DE)) {
        env->fpus &= ~FSW_C1;
        fpu_raise(env, sw & (FSW_IE | FSW_ZE | FSW_DE));
        return false;
    }
    env->fpus = (env->fpus & ~FSW_C1) | (sw & FSW_C1);
    fpu_raise(env, sw);
    st_set(env, i, r);
    return true;
}

/* a op b on the host for the D8 group's operation numbers. */
static long double host_arith(HostFPU *h, int op, long double a, long double b)
{
    long double r;

    switch (op) {
    case FOP_ADD:
        asm volatile("fadd %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    case FOP_MUL:
        asm volatile("fmul %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    case FOP_SUB:
        asm volatile("fsub %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    case FOP_SUBR:
        asm volatile("fsubr %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    case FOP_DIV:
        asm volatile("fdiv %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    default: /* FOP_DIVR */
        asm volatile("fdivr %%st(1), %%st\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(a), "u"(b));
        break;
    }
    return r;
}

/* C3 C2 C0 of a compare from the host's FCOM/FUCOM (and its IE, DE). */
static uint16_t host_compare(CPUX86State *env, long double a, long double b,
                             bool unordered_ok)
{
    HostFPU h;

    host_begin(env, &h, 0);
    if (unordered_ok) {
        asm volatile("fucom %%st(1)\n\tfnstsw %[hsw]\n\tfnclex"
                     : [hsw] "=m"(h.sw)
                     : "t"(a), "u"(b));
    } else {
        asm volatile("fcom %%st(1)\n\tfnstsw %[hsw]\n\tfnclex"
                     : [hsw] "=m"(h.sw)
                     : "t"(a), "u"(b));
    }
    return host_end(&h);
}

static void fpu_set_cc(CPUX86State *env, uint16_t sw)
{
    env->fpus = (env->fpus & ~FSW_CC) | (sw & (FSW_C0 | FSW_C2 | FSW_C3));
}

/* ---- memory formats ---------------------------------------------------- */

/* Convert a memory operand to long double (FLD, FILD, FBLD, operands). */
static long double fpu_from_mem(CPUX86State *env, int fmt, uint64_t lo,
                                uint64_t hi, uint16_t *sw)
{
    long double r = 0;
    HostFPU h;
    int16_t i16 = lo;
    int32_t i32 = lo;
    int64_t i64 = lo;
    uint32_t f32 = lo;
    uint8_t buf[10];

    memcpy(buf, &lo, 8);
    memcpy(buf + 8, &hi, 2);
    host_begin(env, &h, 0);
    switch (fmt) {
    case FMT_F32:
        asm volatile("flds %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(f32));
        break;
    case FMT_F64:
        asm volatile("fldl %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(lo));
        break;
    case FMT_I16:
        asm volatile("filds %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(i16));
        break;
    case FMT_I32:
        asm volatile("fildl %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(i32));
        break;
    case FMT_I64:
        asm volatile("fildll %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(i64));
        break;
    case FMT_BCD:
        asm volatile("fbld %[src]\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw)
                     : [src] "m"(buf));
        break;
    default: /* FMT_F80: bits as they are, no exception */
        memcpy(&r, buf, 10);
        break;
    }
    *sw = host_end(&h);
    return r;
}

/* ST(0) in a memory format: the low 64 bits, or the high 16 if hi. */
static uint64_t fpu_to_mem(CPUX86State *env, int fmt, bool hi, uint16_t *sw)
{
    long double v = st_get(env, 0);
    uint64_t lo = 0, hw = 0;
    uint8_t buf[10];
    HostFPU h;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint32_t f32;
    uint16_t rc = (fmt & FMT_TRUNC) ? FCW_RC_CHOP : 0;

    if (st_empty(env, 0)) {
        /* masked underflow stores the indefinite of the format */
        v = fp_indefinite();
    }
    host_begin(env, &h, rc);
    switch (fmt & ~FMT_TRUNC) {
    case FMT_F32:
        asm volatile("fsts %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(f32), [hsw] "=m"(h.sw)
                     : "t"(v));
        lo = f32;
        break;
    case FMT_F64:
        asm volatile("fstl %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(lo), [hsw] "=m"(h.sw)
                     : "t"(v));
        break;
    case FMT_I16:
        asm volatile("fists %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(i16), [hsw] "=m"(h.sw)
                     : "t"(v));
        lo = (uint16_t)i16;
        break;
    case FMT_I32:
        asm volatile("fistl %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(i32), [hsw] "=m"(h.sw)
                     : "t"(v));
        lo = (uint32_t)i32;
        break;
    case FMT_I64:
        asm volatile("fistpll %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(i64), [hsw] "=m"(h.sw)
                     : "t"(v)
                     : "st");
        lo = i64;
        break;
    case FMT_BCD:
        asm volatile("fbstp %0\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=m"(buf), [hsw] "=m"(h.sw)
                     : "t"(v)
                     : "st");
        memcpy(&lo, buf, 8);
        memcpy(&hw, buf + 8, 2);
        break;
    default:
        memcpy(buf, &v, 10);
        memcpy(&lo, buf, 8);
        memcpy(&hw, buf + 8, 2);
        break;
    }
    *sw = host_end(&h);
    return hi ? hw : lo;
}

/* ---- #MF and the instruction pointers ---------------------------------- */

uint64_t helper_fpu_prep(uint64_t e, uint64_t info, uint64_t ea)
{
    static bool ferr_logged;
    CPUX86State *env = ENV(e);

    if ((info & FPREP_WAIT) && (env->fpus & FSW_ES)) {
        if (env->cr[0] & CR0_NE_MASK) {
            raise_exception(env, EXCP10_COPR);
        }
        /* once: a guest that ignores ES would fill the log */
        if (!ferr_logged) {
            ferr_logged = true;
            qemu_log_mask(LOG_UNIMP, "x87: FERR# (CR0.NE=0, IRQ 13) is not "
                                     "implemented; the exception is ignored\n");
        }
    }
    if (info & FPREP_RECORD) {
        env->fpip = (uint32_t)env->eip;
        env->fpcs = env->segs[R_CS].selector;
        env->fpop = info & 0x7ff;
        if (info & FPREP_MEM) {
            env->fpdp = (uint32_t)ea;
            env->fpds = env->segs[(info >> FPREP_SEG_SHIFT) & 7].selector;
        }
    }
    return 0;
}
DEF_HELPER_INFO(fpu_prep, 0, 3, false);

/* ---- loads, stores, arithmetic on memory operands ---------------------- */

uint64_t helper_fld_mem(uint64_t e, uint64_t fmt, uint64_t lo, uint64_t hi)
{
    CPUX86State *env = ENV(e);
    uint16_t sw;
    long double v = fpu_from_mem(env, fmt, lo, hi, &sw);

    env->fpus &= ~FSW_C1;
    if (fpu_raise(env, sw) && (sw & ~env->fpuc & (FSW_IE | FSW_DE))) {
        return 0;
    }
    fpush(env, v);
    return 0;
}
DEF_HELPER_INFO(fld_mem, 0, 4, false);

/*
 * Before a store: 1 if it is done, 0 if an unmasked exception suppresses
 * it (SDM vol. 1, 8.5: IE, and OE and UE for a memory destination, leave
 * memory and the stack unchanged, no pop): then only the flags of the
 * unmasked exception class are set, C1 cleared.
 */
uint64_t helper_fst_check(uint64_t e, uint64_t fmt)
{
    CPUX86State *env = ENV(e);
    uint16_t sw;

    if (st_empty(env, 0)) {
        if (env->fpuc & FSW_IE) {
            return 1; /* masked: the indefinite, flags in fst_done */
        }
        fpu_stack_fault(env, false);
        return 0;
    }
    fpu_to_mem(env, fmt, false, &sw);
    sw &= FSW_IE | FSW_DE | FSW_ZE | FSW_OE | FSW_UE;
    if (!(sw & ~env->fpuc)) {
        return 1;
    }
    env->fpus &= ~FSW_C1;
    fpu_raise(env, sw);
    return 0;
}
DEF_HELPER_INFO(fst_check, 0, 2, true);

/*
 * Before a store the generated code splits (m80, FNSAVE, FNSTENV,
 * FXSAVE): every byte writable, or the #PF now, so that a fault leaves
 * memory as it was (as the processor does).  desc: size | mmu_idx << 12.
 */
uint64_t helper_fpu_probe_store(uint64_t e, uint64_t addr, uint64_t desc)
{
    atomic_mmu_lookup(ENV(e), (uint32_t)addr, desc & 0xfff, desc >> 12,
                      (uintptr_t)__builtin_return_address(0));
    return 0;
}
DEF_HELPER_INFO(fpu_probe_store, 0, 3, false);

uint64_t helper_fst_val(uint64_t e, uint64_t fmt, uint64_t hi)
{
    uint16_t sw;

    return fpu_to_mem(ENV(e), fmt, hi, &sw);
}
DEF_HELPER_INFO(fst_val, 0, 3, true);

/* After the store: the flags of the conversion, and the pop. */
uint64_t helper_fst_done(uint64_t e, uint64_t fmt, uint64_t pop)
{
    CPUX86State *env = ENV(e);
    uint16_t sw = 0;

    if (st_empty(env, 0)) {
        /* masked (fst_check let the store through): C1 and flags */
        env->fpus &= ~FSW_C1;
        fpu_raise(env, FSW_IE | FSW_SF);
    } else {
        fpu_to_mem(env, fmt, false, &sw);
        env->fpus = (env->fpus & ~FSW_C1) | (sw & FSW_C1);
        fpu_raise(env, sw);
    }
    if (pop) {
        fpop(env);
    }
    return 0;
}
DEF_HELPER_INFO(fst_done, 0, 3, false);

/* The compare part of FCOM/FUCOM/FTST/FICOM: C3 C2 C0. */
static void fpu_compare(CPUX86State *env, long double a, long double b,
                        bool unordered_ok)
{
    uint16_t sw = host_compare(env, a, b, unordered_ok);

    fpu_set_cc(env, sw);
    env->fpus &= ~FSW_C1;
    fpu_raise(env, sw);
}

/* ST(dst) = ST(dst) op v, or a compare of ST(0) with v; op: FOP_*. */
static void fpu_arith(CPUX86State *env, int op, int dst, long double v,
                      bool v_empty)
{
    HostFPU h;
    long double r;
    uint16_t sw;

    if (st_empty(env, dst) || v_empty) {
        if (fpu_stack_fault(env, false)) {
            if (op == FOP_COM || op == FOP_COMP) {
                env->fpus |= FSW_C0 | FSW_C2 | FSW_C3;
            } else {
                st_set(env, dst, fp_indefinite());
            }
        }
        return;
    }
    if (op == FOP_COM || op == FOP_COMP) {
        fpu_compare(env, st_get(env, dst), v, false);
        return;
    }
    host_begin_exact(env, &h, 0);
    r = host_arith(&h, op, st_get(env, dst), v);
    sw = host_end(&h);
    fpu_result(env, dst, r, sw);
}

/*
 * ST(0) op m on the host with the memory operand itself: which of a
 * NaN, a denormal and an SNaN operand is reported (DE is not when the
 * other operand is a NaN) is the host's, not a load's then an op's.
 */
#define HOST_MEM_CASE(k, insn, ty)                                             \
    case k:                                                                    \
        asm volatile(insn " %[m]\n\tfnstsw %[hsw]\n\tfnclex"                   \
                     : "=t"(r), [hsw] "=m"(h->sw)                              \
                     : "0"(a), [m] "m"(*(const ty *)&lo));                     \
        break;
#define HOST_MEM_FMT(base, i, sfx, ty)                                         \
    HOST_MEM_CASE(base + FOP_ADD, "f" i "add" sfx, ty)                         \
    HOST_MEM_CASE(base + FOP_MUL, "f" i "mul" sfx, ty)                         \
    HOST_MEM_CASE(base + FOP_COM, "f" i "com" sfx, ty)                         \
    HOST_MEM_CASE(base + FOP_COMP, "f" i "com" sfx, ty) /* popped by us */     \
    HOST_MEM_CASE(base + FOP_SUB, "f" i "sub" sfx, ty)                         \
    HOST_MEM_CASE(base + FOP_SUBR, "f" i "subr" sfx, ty)                       \
    HOST_MEM_CASE(base + FOP_DIV, "f" i "div" sfx, ty)                         \
    HOST_MEM_CASE(base + FOP_DIVR, "f" i "divr" sfx, ty)

static long double host_arith_mem(HostFPU *h, int op, int fmt, long double a,
                                  uint64_t lo)
{
    long double r = a;

    switch (fmt * 8 + op) {
        HOST_MEM_FMT(FMT_F32 * 8, "", "s", uint32_t)
        HOST_MEM_FMT(FMT_F64 * 8, "", "l", uint64_t)
        HOST_MEM_FMT(FMT_I16 * 8, "i", "s", uint16_t)
        HOST_MEM_FMT(FMT_I32 * 8, "i", "l", uint32_t)
    default:
        g_assert_not_reached();
    }
    return r;
}

uint64_t helper_farith_mem(uint64_t e, uint64_t op, uint64_t fmt, uint64_t lo)
{
    CPUX86State *env = ENV(e);
    HostFPU h;
    long double r;
    uint16_t sw;

    if (st_empty(env, 0)) {
        fpu_arith(env, op, 0, 0, false); /* the stack fault */
    } else {
        if (op == FOP_COM || op == FOP_COMP) {
            host_begin(env, &h, 0);
        } else {
            host_begin_exact(env, &h, 0);
        }
        r = host_arith_mem(&h, op, fmt, st_get(env, 0), lo);
        sw = host_end(&h);
        if (op == FOP_COM || op == FOP_COMP) {
            fpu_set_cc(env, sw);
            env->fpus &= ~FSW_C1;
            fpu_raise(env, sw);
        } else {
            fpu_result(env, 0, r, sw);
        }
    }
    if (op == FOP_COMP) {
        fpop(env);
    }
    return 0;
}
DEF_HELPER_INFO(farith_mem, 0, 4, false);

/* D8/DC/DE register forms: flags FARITH_TO_STI (dst ST(i)), FARITH_POP. */
uint64_t helper_farith_reg(uint64_t e, uint64_t op, uint64_t i, uint64_t flags)
{
    CPUX86State *env = ENV(e);
    int dst = (flags & FARITH_TO_STI) ? i : 0, src = dst ? 0 : i;

    fpu_arith(env, op, dst, st_get(env, src), st_empty(env, src));
    if (op == FOP_COMP) {
        fpop(env);
    }
    if (flags & FARITH_POP) { /* DE: ...P, and FCOMPP's second pop */
        fpop(env);
    }
    return 0;
}
DEF_HELPER_INFO(farith_reg, 0, 4, false);

/* ---- register operations ----------------------------------------------- */

uint64_t helper_freg(uint64_t e, uint64_t op, uint64_t i)
{
    CPUX86State *env = ENV(e);
    long double a, b;

    switch (op) {
    case FREG_FLD:
        if (st_empty(env, i)) {
            if (fpu_stack_fault(env, false)) {
                fpush(env, fp_indefinite());
            }
            return 0;
        }
        env->fpus &= ~FSW_C1;
        fpush(env, st_get(env, i));
        return 0;
    case FREG_FXCH:
        if (st_empty(env, 0) || st_empty(env, i)) {
            if (!fpu_stack_fault(env, false)) {
                return 0;
            }
            /* masked: the empty ones become the indefinite, then swap */
            if (st_empty(env, 0)) {
                st_set(env, 0, fp_indefinite());
            }
            if (st_empty(env, i)) {
                st_set(env, i, fp_indefinite());
            }
        } else {
            env->fpus &= ~FSW_C1;
        }
        a = st_get(env, 0);
        st_set(env, 0, st_get(env, i));
        st_set(env, i, a);
        return 0;
    case FREG_FST:
    case FREG_FSTP:
        if (st_empty(env, 0)) {
            if (!fpu_stack_fault(env, false)) {
                return 0;
            }
            st_set(env, i, fp_indefinite());
        } else {
            env->fpus &= ~FSW_C1;
            st_set(env, i, st_get(env, 0));
        }
        if (op == FREG_FSTP) {
            fpop(env);
        }
        return 0;
    case FREG_FFREE:
        env->fptags[(env->fpstt + i) & 7] = 1;
        return 0;
    case FREG_FFREEP: /* DF C0+i: FFREE, then pop; C1 cleared (hw) */
        env->fptags[(env->fpstt + i) & 7] = 1;
        env->fpus &= ~FSW_C1;
        fpop(env);
        return 0;
    default: /* FREG_FUCOM, FREG_FUCOMP, FREG_FUCOMPP */
        if (st_empty(env, 0) || st_empty(env, i)) {
            if (fpu_stack_fault(env, false)) {
                env->fpus |= FSW_C0 | FSW_C2 | FSW_C3;
            }
        } else {
            a = st_get(env, 0);
            b = st_get(env, i);
            fpu_compare(env, a, b, true);
        }
        if (op != FREG_FUCOM) {
            fpop(env);
        }
        if (op == FREG_FUCOMPP) {
            fpop(env);
        }
        return 0;
    }
}
DEF_HELPER_INFO(freg, 0, 3, false);

/* FCMOVcc: the condition was evaluated by the generated code. */
uint64_t helper_fcmov(uint64_t e, uint64_t i, uint64_t cond)
{
    CPUX86State *env = ENV(e);

    if (st_empty(env, 0) || st_empty(env, i)) {
        /* masked: the indefinite whatever the condition (as the
           hardware does) */
        if (fpu_stack_fault(env, false)) {
            st_set(env, 0, fp_indefinite());
        }
        return 0;
    }
    /* C0-C3 are left alone (the hardware does: SDM vol. 2A leaves them
       undefined, C1 only cleared on an underflow) */
    if (cond) {
        st_set(env, 0, st_get(env, i));
    }
    return 0;
}
DEF_HELPER_INFO(fcmov, 0, 3, false);

/*
 * FCOMI/FUCOMI(P): ZF PF CF from C3 C2 C0, OF SF AF cleared (SDM vol. 2A);
 * returns the EFLAGS arithmetic bits.
 */
uint64_t helper_fcomi(uint64_t e, uint64_t i, uint64_t flags)
{
    CPUX86State *env = ENV(e);
    uint16_t sw;
    uint32_t ef = CC_Z | CC_P | CC_C;

    if (st_empty(env, 0) || st_empty(env, i)) {
        if (!fpu_stack_fault(env, false)) {
            ef = cpu_cc_compute_all(env);
        }
    } else {
        /* C1 as it was: cleared only by an underflow */
        sw = host_compare(env, st_get(env, 0), st_get(env, i),
                          flags & FCOMI_UNORDERED);
        if (fpu_raise(env, sw) && (sw & ~env->fpuc & FSW_IE)) {
            ef = cpu_cc_compute_all(env); /* unmasked IE: unchanged */
        } else {
            ef = ((sw & FSW_C3) ? CC_Z : 0) | ((sw & FSW_C2) ? CC_P : 0) |
                 ((sw & FSW_C0) ? CC_C : 0);
        }
    }
    if (flags & FCOMI_POP) {
        fpop(env);
    }
    return ef;
}
DEF_HELPER_INFO(fcomi, 0, 3, true);

/* ---- D9 E0-FF and the other operand-less instructions ------------------- */

/* FLD1 ... FLDZ: the constants the host's x87 rounds per the RC field. */
static long double host_const(CPUX86State *env, int which)
{
    long double r;
    HostFPU h;

    host_begin(env, &h, 0);
    switch (which) {
    case 0xe8:
        asm volatile("fld1\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    case 0xe9:
        asm volatile("fldl2t\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    case 0xea:
        asm volatile("fldl2e\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    case 0xeb:
        asm volatile("fldpi\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    case 0xec:
        asm volatile("fldlg2\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    case 0xed:
        asm volatile("fldln2\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    default:
        asm volatile("fldz\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h.sw));
        break;
    }
    host_end(&h);
    return r;
}

/* |x| >= 2^63: FPTAN/FSIN/FCOS/FSINCOS leave it and set C2. */
static bool trig_out_of_range(long double x)
{
    X86FPReg r;
    int e;

    memcpy(&r, &x, 10);
    e = r.exp & 0x7fff;
    /* finite and normal: infinities and unsupported encodings are IE */
    return e >= 0x3fff + 63 && e < 0x7fff && (r.mant >> 63);
}

/* One-operand functions of ST(0) on the host. */
static long double host_unary(HostFPU *h, int op, long double x)
{
    long double r;

    switch (op) {
    case 0xf0:
        asm volatile("f2xm1\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(x));
        break;
    case 0xfa:
        asm volatile("fsqrt\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(x));
        break;
    case 0xfc:
        asm volatile("frndint\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(x));
        break;
    case 0xfe:
        asm volatile("fsin\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(x));
        break;
    default: /* 0xff */
        asm volatile("fcos\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r), [hsw] "=m"(h->sw)
                     : "0"(x));
        break;
    }
    return r;
}

/* Two-operand ones: ST(0) = x, ST(1) = y; results as the host leaves. */
static void host_binary(HostFPU *h, int op, long double x, long double y,
                        long double *r0, long double *r1)
{
    switch (op) {
    case 0xf1: /* FYL2X: ST(1) = y * log2(x), pop */
        asm volatile("fyl2x\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r1), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y)
                     : "st(1)");
        break;
    case 0xf3: /* FPATAN: ST(1) = atan(y / x), pop */
        asm volatile("fpatan\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r1), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y)
                     : "st(1)");
        break;
    case 0xf9: /* FYL2XP1 */
        asm volatile("fyl2xp1\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r1), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y)
                     : "st(1)");
        break;
    case 0xf5:
        asm volatile("fprem1\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r0), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y));
        break;
    case 0xf8:
        asm volatile("fprem\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r0), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y));
        break;
    default: /* 0xfd FSCALE */
        asm volatile("fscale\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(*r0), [hsw] "=m"(h->sw)
                     : "0"(x), "u"(y));
        break;
    }
}

static void fpu_fxam(CPUX86State *env)
{
    long double x = st_get(env, 0);
    uint16_t sw;

    if (st_empty(env, 0)) {
        sw = FSW_C3 | FSW_C0;
    } else {
        asm volatile("fxam\n\tfnstsw %0" : "=m"(sw) : "t"(x));
        sw &= FSW_C0 | FSW_C2 | FSW_C3;
    }
    /* C1 is the sign, empty registers included */
    sw |= (env->fpregs[env->fpstt].exp & 0x8000) ? FSW_C1 : 0;
    env->fpus = (env->fpus & ~FSW_CC) | sw;
}

static void fpu_misc_d9(CPUX86State *env, int op)
{
    long double x = st_get(env, 0), y = st_get(env, 1), r0 = 0, r1 = 0;
    bool two = op == 0xf1 || op == 0xf3 || op == 0xf5 || op == 0xf8 ||
               op == 0xf9 || op == 0xfd;
    bool pops = op == 0xf1 || op == 0xf3 || op == 0xf9;
    bool pushes = op == 0xf2 || op == 0xf4 || op == 0xfb;
    bool trig = op == 0xf2 || op == 0xfb || op == 0xfe || op == 0xff;
    HostFPU h;
    uint16_t sw;

    if (st_empty(env, 0) || (two && st_empty(env, 1))) {
        if (!fpu_stack_fault(env, false)) {
            return;
        }
        if (trig) {
            env->fpus &= ~FSW_C2; /* no range problem: C2 clear (hw) */
        }
        if (pushes) {
            st_set(env, 0, fp_indefinite());
            fpush(env, fp_indefinite());
        } else if (pops) {
            st_set(env, 1, fp_indefinite());
            fpop(env);
        } else if (op != 0xf5 && op != 0xf8) {
            st_set(env, 0, fp_indefinite());
        } else {
            st_set(env, 0, fp_indefinite());
            env->fpus &= ~FSW_C2;
        }
        return;
    }
    if (pushes && !st_empty(env, 7)) {
        if (fpu_stack_fault(env, true)) {
            env->fpus &= ~FSW_C2;
            st_set(env, 0, fp_indefinite());
            fpush(env, fp_indefinite());
        }
        return;
    }
    if (trig && trig_out_of_range(x)) {
        /* the operand stays (reduce it first): C2 set, C1 clear */
        env->fpus = (env->fpus & ~FSW_C1) | FSW_C2;
        return;
    }
    /*
     * a push or pop the host skips on an unmasked IE, DE or ZE would
     * unbalance the compiler's view of the stack: those stay masked
     * (fpu_result does the rest); OE and UE still deliver the result
     */
    if (pushes || pops) {
        host_begin_exact(env, &h, FSW_IE | FSW_DE | FSW_ZE);
    } else {
        host_begin_exact(env, &h, 0);
    }
    switch (op) {
    case 0xf2: /* FPTAN: tan, then push 1.0 */
        asm volatile("fptan\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r0), "=u"(r1), [hsw] "=m"(h.sw)
                     : "0"(x));
        break;
    case 0xf4: /* FXTRACT: ST(1) = exponent, ST(0) = significand */
        asm volatile("fxtract\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r0), "=u"(r1), [hsw] "=m"(h.sw)
                     : "0"(x));
        break;
    case 0xfb: /* FSINCOS: ST(1) = sin, ST(0) = cos */
        asm volatile("fsincos\n\tfnstsw %[hsw]\n\tfnclex"
                     : "=t"(r0), "=u"(r1), [hsw] "=m"(h.sw)
                     : "0"(x));
        break;
    default:
        if (two) {
            host_binary(&h, op, x, y, &r0, &r1);
        } else {
            r0 = host_unary(&h, op, x);
        }
        break;
    }
    sw = host_end(&h);
    if (op == 0xf5 || op == 0xf8) {
        /* FPREM/FPREM1: C2 incomplete, C0 C3 C1 the quotient's bits;
           a NaN result leaves C0 and C3, clears C1 and C2 (as the
           hardware does) */
        uint16_t cc = (sw & FSW_IE) || __builtin_isnan(r0)
                          ? (env->fpus & (FSW_C0 | FSW_C3))
                          : (sw & FSW_CC);

        if (fpu_result(env, 0, r0, sw)) {
            env->fpus = (env->fpus & ~FSW_CC) | cc;
        }
        return;
    }
    /* C2 is the trigonometric functions' range flag; for the rest it is
       undefined and the hardware leaves it as it was */
    if (trig) {
        env->fpus &= ~FSW_C2;
    }
    if (pops) {
        if (fpu_result(env, 1, r1, sw)) {
            fpop(env);
        }
    } else if (pushes) {
        if (fpu_result(env, 0, r1, sw)) {
            fpush(env, r0);
        }
    } else {
        fpu_result(env, 0, r0, sw);
    }
}

static void fpu_fninit(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = env->fpop = 0;
}

uint64_t helper_fmisc(uint64_t e, uint64_t op)
{
    CPUX86State *env = ENV(e);
    long double x;

    switch (op) {
    case 0xe0: /* FCHS */
    case 0xe1: /* FABS */
        if (st_empty(env, 0)) {
            if (fpu_stack_fault(env, false)) {
                st_set(env, 0, fp_indefinite());
            }
            return 0;
        }
        env->fpus &= ~FSW_C1;
        x = st_get(env, 0);
        st_set(env, 0, x);
        env->fpregs[env->fpstt].exp ^= 0x8000;
        if (op == 0xe1) {
            env->fpregs[env->fpstt].exp &= 0x7fff;
        }
        return 0;
    case 0xe4: /* FTST */
        if (st_empty(env, 0)) {
            if (fpu_stack_fault(env, false)) {
                env->fpus |= FSW_C0 | FSW_C2 | FSW_C3;
            }
            return 0;
        }
        fpu_compare(env, st_get(env, 0), 0.0L, false);
        return 0;
    case 0xe5:
        fpu_fxam(env);
        return 0;
    case 0xe8 ... 0xee:
        env->fpus &= ~FSW_C1;
        fpush(env, host_const(env, op));
        return 0;
    case 0xf6: /* FDECSTP */
        env->fpus &= ~FSW_C1;
        env->fpstt = (env->fpstt - 1) & 7;
        return 0;
    case 0xf7: /* FINCSTP */
        env->fpus &= ~FSW_C1;
        env->fpstt = (env->fpstt + 1) & 7;
        return 0;
    case FMISC_FNCLEX:
        env->fpus &= ~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
        return 0;
    case FMISC_FNINIT:
        fpu_fninit(env);
        return 0;
    default:
        fpu_misc_d9(env, op);
        return 0;
    }
}
DEF_HELPER_INFO(fmisc, 0, 2, false);

/* ---- control and status words, environment ----------------------------- */

uint64_t helper_fnstsw(uint64_t e)
{
    CPUX86State *env = ENV(e);

    return (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
}
DEF_HELPER_INFO(fnstsw, TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS, 1, true);

uint64_t helper_fldcw(uint64_t e, uint64_t cw)
{
    CPUX86State *env = ENV(e);

    env->fpuc = (cw & 0x1f7f) | 0x40; /* bit 6 reads as 1 */
    fpu_update_es(env);
    return 0;
}
DEF_HELPER_INFO(fldcw, 0, 2, false);

/* The two-bit tag of Ri (SDM vol. 1, 8.1.7): valid, zero, special, empty. */
static int fpu_tag(CPUX86State *env, int i)
{
    X86FPReg *r = &env->fpregs[i];
    int e = r->exp & 0x7fff;

    if (env->fptags[i]) {
        return 3;
    }
    if (e == 0 && r->mant == 0) {
        return 1;
    }
    if (e == 0x7fff || e == 0 || !(r->mant >> 63)) {
        return 2;
    }
    return 0;
}

uint64_t helper_ftag_word(uint64_t e)
{
    CPUX86State *env = ENV(e);
    uint32_t tw = 0;

    for (int i = 0; i < 8; i++) {
        tw |= fpu_tag(env, i) << (2 * i);
    }
    return tw;
}

/*
 * FNSTENV/FNSAVE environment field k (0-6) in the protected-mode layout
 * (SDM vol. 1, figures 8-9 and 8-10), or the real-mode one.
 */
uint64_t helper_fenv_field(uint64_t e, uint64_t k, uint64_t real)
{
    CPUX86State *env = ENV(e);
    uint32_t ip = env->fpip, dp = env->fpdp;

    if (real) { /* real-mode images hold 20-bit linear pointers */
        ip += (uint32_t)env->fpcs << 4;
        dp += (uint32_t)env->fpds << 4;
    }

    switch (k) {
    case 0:
        return env->fpuc | 0xffff0000u;
    case 1:
        return helper_fnstsw(e) | 0xffff0000u;
    case 2:
        return helper_ftag_word(e) | 0xffff0000u;
    case 3:
        return real ? (ip & 0xffff) | 0xffff0000u : ip;
    case 4:
        return real ? ((ip >> 16) << 12) | (env->fpop & 0x7ff)
                    : env->fpcs | ((uint32_t)(env->fpop & 0x7ff) << 16);
    case 5:
        return real ? (dp & 0xffff) | 0xffff0000u : dp;
    default:
        return real ? (dp >> 16) << 12 : env->fpds | 0xffff0000u;
    }
}
DEF_HELPER_INFO(fenv_field, TCG_CALL_NO_WRITE_GLOBALS, 3, true);

/* FLDENV/FRSTOR: the words were loaded by the generated code. */
uint64_t helper_fldenv(uint64_t e, uint64_t cw, uint64_t sw, uint64_t tw)
{
    CPUX86State *env = ENV(e);

    env->fpuc = (cw & 0x1f7f) | 0x40;
    env->fpstt = (sw >> 11) & 7;
    env->fpus = sw & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((tw >> (2 * i)) & 3) == 3;
    }
    fpu_update_es(env);
    return 0;
}
DEF_HELPER_INFO(fldenv, 0, 4, false);

uint64_t helper_fldenv_ptrs(uint64_t e, uint64_t ip, uint64_t cs_op,
                            uint64_t dp, uint64_t ds_real)
{
    CPUX86State *env = ENV(e);

    if (ds_real & FENV_REAL) {
        env->fpip = (ip & 0xffff) | ((cs_op >> 12) & 0xffff) << 16;
        env->fpop = cs_op & 0x7ff;
        env->fpdp = (dp & 0xffff) | ((ds_real & 0xffff000) >> 12) << 16;
        env->fpcs = env->fpds = 0; /* the pointers are linear already */
    } else {
        env->fpip = (uint32_t)ip;
        env->fpcs = cs_op & 0xffff;
        env->fpop = (cs_op >> 16) & 0x7ff;
        env->fpdp = (uint32_t)dp;
        env->fpds = ds_real & 0xffff;
    }
    return 0;
}
DEF_HELPER_INFO(fldenv_ptrs, 0, 5, false);

/* FNSTENV masks all exceptions after the store (SDM vol. 2A). */
uint64_t helper_fnstenv_done(uint64_t e)
{
    CPUX86State *env = ENV(e);

    env->fpuc |= FSW_EXC;
    fpu_update_es(env);
    return 0;
}
DEF_HELPER_INFO(fnstenv_done, 0, 1, false);

/* ST(i) as stored by FNSAVE/FXSAVE: mantissa, or sign/exponent if hi. */
uint64_t helper_fget_st(uint64_t e, uint64_t i, uint64_t hi)
{
    CPUX86State *env = ENV(e);
    X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

    return hi ? r->exp : r->mant;
}
DEF_HELPER_INFO(fget_st, TCG_CALL_NO_WRITE_GLOBALS, 3, true);

/* FRSTOR/FXRSTOR: ST(i) from memory, the tag left as loaded. */
uint64_t helper_fset_st(uint64_t e, uint64_t i, uint64_t mant, uint64_t exp)
{
    CPUX86State *env = ENV(e);
    X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

    r->mant = mant;
    r->exp = exp;
    return 0;
}
DEF_HELPER_INFO(fset_st, 0, 4, false);

/* ---- FXSAVE / FXRSTOR (SDM vol. 2A, table 3-53), x87 and MXCSR ---------- */

uint64_t helper_fxsave_check(uint64_t e, uint64_t addr)
{
    if (addr & 15) {
        raise_exception_err(ENV(e), EXCP0D_GPF, 0);
    }
    return 0;
}
DEF_HELPER_INFO(fxsave_check, 0, 2, false);

/* Quadword k (0-3) of the FXSAVE header. */
uint64_t helper_fxsave_hdr(uint64_t e, uint64_t k)
{
    CPUX86State *env = ENV(e);
    uint64_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        ftw |= (uint64_t)!env->fptags[i] << i;
    }
    switch (k) {
    case 0:
        return env->fpuc | helper_fnstsw(e) << 16 | ftw << 32 |
               (uint64_t)(env->fpop & 0x7ff) << 48;
    case 1:
        return (uint32_t)env->fpip | (uint64_t)env->fpcs << 32;
    case 2:
        return (uint32_t)env->fpdp | (uint64_t)env->fpds << 32;
    default:
        return env->mxcsr | (uint64_t)0xffff << 32; /* MXCSR_MASK */
    }
}
DEF_HELPER_INFO(fxsave_hdr, TCG_CALL_NO_WRITE_GLOBALS, 2, true);

uint64_t helper_fxrstor_hdr(uint64_t e, uint64_t q0, uint64_t q1, uint64_t q2,
                            uint64_t q3)
{
    CPUX86State *env = ENV(e);

    env->fpuc = (q0 & 0x1f7f) | 0x40;
    env->fpstt = (q0 >> 27) & 7;
    env->fpus = (q0 >> 16) & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((q0 >> (32 + i)) & 1);
    }
    env->fpop = (q0 >> 48) & 0x7ff;
    env->fpip = (uint32_t)q1;
    env->fpcs = q1 >> 32;
    env->fpdp = (uint32_t)q2;
    env->fpds = q2 >> 32;
    env->mxcsr = (uint32_t)q3 & 0xffff;
    fpu_update_es(env);
    return 0;
}
DEF_HELPER_INFO(fxrstor_hdr, 0, 5, false);
