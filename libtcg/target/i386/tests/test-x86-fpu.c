/*
 * The x87 FPU through the test engine: each result is compared with the
 * same computation done here in the host's long double (the x87
 * extended format on x86-64 hosts): loads and stores of every memory
 * format, the arithmetic in all operand forms, compares and their flags,
 * the functions, rounding modes, stack faults, the environment images,
 * FCMOVcc, and #MF / #NM.
 */
#include <fenv.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "x86-test-engine.h"

#define CODE 0x1000
#define DATA 0x8000
/* disp32 addressing of DATA + o: ModRM mod 00, r/m 101 */
#define M(reg, o)                                                              \
    ((reg) << 3) | 5, (DATA + (o)) & 0xff, ((DATA + (o)) >> 8) & 0xff,         \
        (DATA + (o)) >> 16, 0
#define FNINIT 0xdb, 0xe3

#define SW_IE 0x0001
#define SW_ZE 0x0004
#define SW_PE 0x0020
#define SW_SF 0x0040
#define SW_ES 0x0080
#define SW_C0 0x0100
#define SW_C1 0x0200
#define SW_C2 0x0400
#define SW_C3 0x4000

static XTState st;

static int setup32(void **state)
{
    xt_init(&st, true);
    return 0;
}

static int teardown(void **state)
{
    xt_free(&st);
    return 0;
}

static XTStop run_code(const uint8_t *code, size_t len)
{
    uint8_t hlt = 0xf4;

    st.env.eip = CODE;
    xt_load(&st, CODE, code, len);
    xt_load(&st, CODE + len, &hlt, 1);
    return xt_run(&st, 1000);
}

#define RUN(...)                                                               \
    do {                                                                       \
        static const uint8_t c_[] = {__VA_ARGS__};                             \
        assert_int_equal(run_code(c_, sizeof(c_)), XT_HALT);                   \
    } while (0)

static void put(uint32_t off, const void *p, size_t n)
{
    memcpy(st.mem + DATA + off, p, n);
}

static void put_ld(uint32_t off, long double v)
{
    put(off, &v, 10);
}

static long double get_ld(uint32_t off)
{
    long double v = 0;

    memcpy(&v, st.mem + DATA + off, 10);
    return v;
}

static long double st_reg(int i)
{
    long double v = 0;

    memcpy(&v, &st.env.fpregs[(st.env.fpstt + i) & 7], 10);
    return v;
}

static uint16_t fsw(void)
{
    return (st.env.fpus & ~0x3800) | (st.env.fpstt << 11);
}

/* Same 80 bits (NaNs included: the host made them the same way). */
static void assert_ld_equal(long double a, long double b)
{
    if (memcmp(&a, &b, 10) != 0) {
        fail_msg("%La != %La", a, b);
    }
}

/* Within n units in the last place of the extended format. */
#define assert_ld_near(a, e, n) assert_ld_near_at(a, e, n, __LINE__)
static void assert_ld_near_at(long double a, long double e, int n, int line)
{
    long double ulp = fabsl(e) * 0x1p-63L;

    if (isnan(e) ? !isnan(a) : fabsl(a - e) > n * ulp + 0x1p-16382L) {
        fail_msg("line %d: %La is not within %d ulp of %La", line, a, n, e);
    }
}

static const long double vals[] = {
    1.5L,    -3.25L,      0.1L, 1e300L,   -1e-300L, 0.0L,      -0.0L,
    1e4000L, 0x1p-16400L, 7.0L, 1.0L / 3, INFINITY, -INFINITY, NAN,
};
#define NV G_N_ELEMENTS(vals)

static long double host_op(int op, long double a, long double b)
{
    switch (op) {
    case 0:
        return a + b;
    case 1:
        return a * b;
    case 4:
        return a - b;
    case 5:
        return b - a;
    case 6:
        return a / b;
    default:
        return b / a;
    }
}

static const int arith_ops[] = {0, 1, 4, 5, 6, 7};

/* FADD ... FDIVR: D8 ST(0),ST(i); DC ST(i),ST(0); DE ...P; m32/m64. */
static void test_arith_forms(void **state)
{
    for (size_t i = 0; i < NV; i++) {
        for (size_t j = 0; j < NV; j++) {
            long double a = vals[i], b = vals[j];
            double bd = (double)b;
            float bf = (float)b;

            for (size_t k = 0; k < G_N_ELEMENTS(arith_ops); k++) {
                int op = arith_ops[k];
                uint8_t code[] = {
                    FNINIT,   0xdb,
                    M(5, 0),  0xdb,
                    M(5, 16),                 /* a, b */
                    0xd8,     0xc1 | op << 3, /* ST0 = b op a */
                    0xdb,     M(7, 32),       /* FSTP m80 */
                    0xdb,     M(5, 0),
                    0xdb,     M(5, 16),
                    0xdc,     0xc1 | op << 3, /* ST1 = a op' b (DC swap) */
                    0xdd,     0xd8,           /* FSTP ST(0) */
                    0xdb,     M(7, 48),
                    0xdb,     M(5, 0),
                    0xdb,     M(5, 16),
                    0xde,     0xc1 | op << 3, /* ...P */
                    0xdb,     M(7, 64),
                    0xdb,     M(5, 0),
                    0xdc,     M(op, 80),
                    0xdb,     M(7, 96),
                    0xdb,     M(5, 0),
                    0xd8,     M(op, 112),
                    0xdb,     M(7, 128),
                    0xf4};

                put_ld(0, a);
                put_ld(16, b);
                put(80, &bd, 8);
                put(112, &bf, 4);
                assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
                assert_ld_equal(get_ld(32), host_op(op, b, a));
                /* DC E0+i is FSUBR ST(i),ST(0): ST(i) = ST(0) - ST(i) */
                assert_ld_equal(get_ld(48),
                                host_op(op >= 4 ? op ^ 1 : op, a, b));
                assert_ld_equal(get_ld(64),
                                host_op(op >= 4 ? op ^ 1 : op, a, b));
                assert_ld_equal(get_ld(96), host_op(op, a, bd));
                assert_ld_equal(get_ld(128), host_op(op, a, bf));
                assert_int_equal(st.env.fpstt, 7); /* a is left */
            }
        }
    }
}

/* Integer operands: FIADD ... FIDIVR with m16int and m32int. */
static void test_arith_int(void **state)
{
    static const int32_t ints[] = {0,      1,      -7,         32767,
                                   -32768, 100000, -2147483647};

    for (size_t i = 0; i < NV; i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(ints); j++) {
            for (size_t k = 0; k < G_N_ELEMENTS(arith_ops); k++) {
                int op = arith_ops[k];
                int32_t v32 = ints[j];
                int16_t v16 = (int16_t)ints[j];
                uint8_t code[] = {FNINIT,    0xdb, M(5, 0),   0xda,
                                  M(op, 16), 0xdb, M(7, 32),  0xdb,
                                  M(5, 0),   0xde, M(op, 48), 0xdb,
                                  M(7, 64),  0xf4};

                put_ld(0, vals[i]);
                put(16, &v32, 4);
                put(48, &v16, 2);
                assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
                assert_ld_equal(get_ld(32),
                                host_op(op, vals[i], (long double)v32));
                assert_ld_equal(get_ld(64),
                                host_op(op, vals[i], (long double)v16));
            }
        }
    }
}

/* FLD/FST(P) of m32fp m64fp m80fp, FILD of m16/32/64int. */
static void test_load_store(void **state)
{
    for (size_t i = 0; i < NV; i++) {
        long double v = vals[i];
        double d = (double)v;
        float f = (float)v;
        int64_t q = (int64_t)(i * 0x123456789abcdll) - 77;
        int32_t l = (int32_t)q;
        int16_t w = (int16_t)q;
        float f2;
        double d2;

        put_ld(0, v);
        put(16, &d, 8);
        put(32, &f, 4);
        put(40, &q, 8);
        put(48, &l, 4);
        put(52, &w, 2);
        RUN(FNINIT, 0xdb, M(5, 0), 0xd9, M(2, 64), 0xdd, M(2, 72), 0xdb,
            M(7, 80), /* FST m32, FST m64, FSTP m80 */
            0xdd, M(0, 16), 0xdb, M(7, 96), 0xd9, M(0, 32), 0xdb, M(7, 112),
            0xdf, M(5, 40), 0xdb, M(7, 128), 0xdb, M(0, 48), 0xdb, M(7, 144),
            0xdf, M(0, 52), 0xdb, M(7, 160));
        memcpy(&f2, st.mem + DATA + 64, 4);
        memcpy(&d2, st.mem + DATA + 72, 8);
        assert_memory_equal(&f2, &f, 4);
        assert_memory_equal(&d2, &d, 8);
        assert_ld_equal(get_ld(80), v);
        assert_ld_equal(get_ld(96), (long double)d);
        assert_ld_equal(get_ld(112), (long double)f);
        assert_ld_equal(get_ld(128), (long double)q);
        assert_ld_equal(get_ld(144), (long double)l);
        assert_ld_equal(get_ld(160), (long double)w);
        assert_int_equal(st.env.fpstt, 0);
    }
}

static const int rc_host[4] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
                               FE_TOWARDZERO};

/* The integer a store of v gives: rounded per mode, or the indefinite. */
static int64_t host_fist(long double v, int mode, int bits)
{
    long double r;
    long double lim = ldexpl(1, bits - 1);

    fesetround(rc_host[mode]);
    r = rintl(v);
    fesetround(FE_TONEAREST);
    if (isnan(r) || r >= lim || r < -lim) {
        return (int64_t)-lim;
    }
    return (int64_t)r;
}

/* FIST/FISTP m16/32/64 with each rounding mode, FISTTP, FRNDINT. */
static void test_fist_rounding(void **state)
{
    static const long double iv[] = {2.5L,  -2.5L,  3.5L,     -0.4L,
                                     1e10L, -1e10L, 40000.7L, 1e19L,
                                     -3e4L, 0.5L,   NAN,      -32768.2L};

    for (size_t i = 0; i < G_N_ELEMENTS(iv); i++) {
        for (int mode = 0; mode < 4; mode++) {
            uint16_t cw = 0x37f | mode << 10;
            int16_t w;
            int32_t l;
            int64_t q;
            long double r;

            put_ld(0, iv[i]);
            put(16, &cw, 2);
            RUN(FNINIT, 0xd9, M(5, 16), 0xdb, M(5, 0), 0xdf, M(2, 32), 0xdb,
                M(2, 40), 0xdf, M(7, 48),      /* FIST m16, m32, FISTP m64 */
                0xdb, M(5, 0), 0xdf, M(1, 64), /* FISTTP m16 */
                0xdb, M(5, 0), 0xdb, M(1, 72), /* FISTTP m32 */
                0xdb, M(5, 0), 0xdd, M(1, 80), /* FISTTP m64 */
                0xdb, M(5, 0), 0xd9, 0xfc, 0xdb, M(7, 96));
            memcpy(&w, st.mem + DATA + 32, 2);
            memcpy(&l, st.mem + DATA + 40, 4);
            memcpy(&q, st.mem + DATA + 48, 8);
            assert_int_equal(w, host_fist(iv[i], mode, 16));
            assert_int_equal(l, host_fist(iv[i], mode, 32));
            assert_int_equal(q, host_fist(iv[i], mode, 64));
            memcpy(&w, st.mem + DATA + 64, 2);
            memcpy(&l, st.mem + DATA + 72, 4);
            memcpy(&q, st.mem + DATA + 80, 8);
            assert_int_equal(w, host_fist(iv[i], 3, 16));
            assert_int_equal(l, host_fist(iv[i], 3, 32));
            assert_int_equal(q, host_fist(iv[i], 3, 64));
            fesetround(rc_host[mode]);
            r = rintl(iv[i]);
            fesetround(FE_TONEAREST);
            assert_ld_equal(get_ld(96), r);
            /* an out-of-range m16 store is an invalid operation */
            if (isnan(r) || r >= 32768 || r < -32768) {
                assert_true(st.env.fpus & SW_IE);
            }
        }
    }
}

/* FBLD/FBSTP: 18 packed decimal digits and a sign byte. */
static void test_bcd(void **state)
{
    static const int64_t nums[] = {
        0, 1, -1, 99, 1234567890123456789 / 10, -987654321, 999999999999999999};

    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++) {
        uint8_t bcd[10] = {0}, out[10];
        uint64_t n = nums[i] < 0 ? -nums[i] : nums[i];

        for (int k = 0; k < 9; k++, n /= 100) {
            bcd[k] = (n % 10) | ((n / 10) % 10) << 4;
        }
        bcd[9] = nums[i] < 0 ? 0x80 : 0;
        put(0, bcd, 10);
        put_ld(16, (long double)nums[i] + 0.25L);
        RUN(FNINIT, 0xdf, M(4, 0), 0xdb, M(7, 32), 0xdb, M(5, 16), 0xdf,
            M(6, 48));
        assert_ld_equal(get_ld(32), (long double)nums[i]);
        memcpy(out, st.mem + DATA + 48, 10);
        if (nums[i] == 0) {
            out[9] &= 0x7f; /* +0.25 and -0: the sign of the value */
        }
        assert_memory_equal(out, bcd, 10);
    }
}

/* C3 C2 C0 of a compare: >, <, =, unordered. */
static uint16_t host_cc(long double a, long double b)
{
    if (isnan(a) || isnan(b)) {
        return SW_C3 | SW_C2 | SW_C0;
    }
    return a < b ? SW_C0 : a == b ? SW_C3 : 0;
}

/* FCOM FCOMP FCOMPP FUCOM(P)(P) FTST FICOM, FCOMI FUCOMI(P). */
static void test_compare(void **state)
{
    for (size_t i = 0; i < NV; i++) {
        for (size_t j = 0; j < NV; j++) {
            long double a = vals[i], b = vals[j];
            double bd = (double)b;
            uint16_t cc = host_cc(a, b), s1, s2, s3, s4;
            uint32_t ef;

            put_ld(0, a);
            put_ld(16, b);
            put(32, &bd, 8);
            /* FLD b; FLD a; FCOM ST1; FNSTSW [40]; FUCOM; FNSTSW [42] */
            RUN(FNINIT, 0xdb, M(5, 16), 0xdb, M(5, 0), 0xd8, 0xd1, 0xdd,
                M(7, 40), 0xdd, 0xe1, 0xdd, M(7, 42), 0xdc, M(2, 32), 0xdd,
                M(7, 44),                    /* FCOM m64 */
                0xde, 0xd9, 0xdd, M(7, 46)); /* FCOMPP */
            memcpy(&s1, st.mem + DATA + 40, 2);
            memcpy(&s2, st.mem + DATA + 42, 2);
            memcpy(&s3, st.mem + DATA + 44, 2);
            memcpy(&s4, st.mem + DATA + 46, 2);
            assert_int_equal(s1 & (SW_C0 | SW_C2 | SW_C3 | SW_C1), cc);
            assert_int_equal(s2 & (SW_C0 | SW_C2 | SW_C3), cc);
            assert_int_equal(s3 & (SW_C0 | SW_C2 | SW_C3),
                             host_cc(a, (long double)bd));
            assert_int_equal(s4 & (SW_C0 | SW_C2 | SW_C3), cc);
            /* FCOM signals IE for a QNaN, FUCOM does not */
            assert_int_equal(!!(s1 & SW_IE), isnan(a) || isnan(b));
            assert_int_equal(st.env.fpstt, 0);

            RUN(FNINIT, 0xdb, M(5, 16), 0xdb, M(5, 0), 0xdb, 0xe9, /* FUCOMI */
                0xdf, 0xf1);                                       /* FCOMIP */
            ef = xt_eflags(&st);
            assert_int_equal(ef & (CC_Z | CC_P | CC_C | CC_O | CC_S | CC_A),
                             ((cc & SW_C3) ? CC_Z : 0) |
                                 ((cc & SW_C2) ? CC_P : 0) |
                                 ((cc & SW_C0) ? CC_C : 0));
            assert_int_equal(st.env.fpstt, 7);
            assert_int_equal(!!(st.env.fpus & SW_IE), isnan(a) || isnan(b));

            RUN(FNINIT, 0xdb, M(5, 0), 0xd9, 0xe4); /* FTST */
            assert_int_equal(fsw() & (SW_C0 | SW_C2 | SW_C3), host_cc(a, 0.0L));
        }
    }
}

/* FXAM: the class in C3 C2 C0, the sign in C1; empty registers. */
static void test_fxam(void **state)
{
    for (size_t i = 0; i < NV; i++) {
        long double v = vals[i];
        uint16_t want;

        switch (fpclassify(v)) {
        case FP_NAN:
            want = SW_C0;
            break;
        case FP_INFINITE:
            want = SW_C2 | SW_C0;
            break;
        case FP_ZERO:
            want = SW_C3;
            break;
        case FP_SUBNORMAL:
            want = SW_C3 | SW_C2;
            break;
        default:
            want = SW_C2;
            break;
        }
        want |= signbit(v) ? SW_C1 : 0;
        put_ld(0, v);
        RUN(FNINIT, 0xdb, M(5, 0), 0xd9, 0xe5);
        assert_int_equal(fsw() & (SW_C0 | SW_C1 | SW_C2 | SW_C3), want);
    }
    RUN(FNINIT, 0xd9, 0xe5);
    assert_int_equal(fsw() & (SW_C0 | SW_C2 | SW_C3), SW_C3 | SW_C0);
}

/* FCHS FABS FSQRT FSCALE FXTRACT FPREM FPREM1 and the functions. */
static void test_functions(void **state)
{
    static const long double xs[] = {0.5L,  -0.3L,  2.0L, 10.75L,
                                     1e-5L, 0.999L, -1.5L};
    static const long double ys[] = {3.0L, -0.7L, 1.25L};

    for (size_t i = 0; i < G_N_ELEMENTS(xs); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(ys); j++) {
            long double x = xs[i], y = ys[j];
            int ex;

            put_ld(0, x);
            put_ld(16, y);
#define ONE(op, off) 0xdb, M(5, 0), 0xd9, op, 0xdb, M(7, off)
#define TWO(op, off) 0xdb, M(5, 16), 0xdb, M(5, 0), 0xd9, op, 0xdb, M(7, off)
            RUN(FNINIT, ONE(0xe0, 32), ONE(0xe1, 48), ONE(0xfa, 64),
                ONE(0xfe, 80), ONE(0xff, 96), ONE(0xf0, 112), TWO(0xfd, 128),
                0xdd, 0xd8, TWO(0xf8, 144), 0xdd, 0xd8, TWO(0xf5, 160), 0xdd,
                0xd8, TWO(0xf1, 176), TWO(0xf3, 192), TWO(0xf9, 208));
            assert_ld_equal(get_ld(32), -x);
            assert_ld_equal(get_ld(48), fabsl(x));
            assert_ld_equal(get_ld(64), sqrtl(x));
            assert_ld_near(get_ld(80), sinl(x), 4);
            assert_ld_near(get_ld(96), cosl(x), 4);
            if (fabsl(x) <= 1) {
                assert_ld_near(get_ld(112), expm1l(x * logl(2.0L)), 4);
            }
            assert_ld_equal(get_ld(128), scalbnl(x, (int)truncl(y)));
            assert_ld_equal(get_ld(144), fmodl(x, y));
            assert_ld_equal(get_ld(160), remainderl(x, y));
            if (x > 0) {
                assert_ld_near(get_ld(176), y * log2l(x), 4);
            }
            assert_ld_near(get_ld(192), atan2l(y, x), 2);
            if (fabsl(x) < 1 - sqrtl(0.5L)) {
                assert_ld_near(get_ld(208), y * (log1pl(x) / logl(2.0L)), 4);
            }
            assert_int_equal(st.env.fpstt, 0);

            /* FPTAN FSINCOS FXTRACT push: ST(1) and ST(0) */
            RUN(FNINIT, 0xdb, M(5, 0), 0xd9, 0xf2, 0xdb, M(7, 32), 0xdb,
                M(7, 48), 0xdb, M(5, 0), 0xd9, 0xfb, 0xdb, M(7, 64), 0xdb,
                M(7, 80), 0xdb, M(5, 0), 0xd9, 0xf4, 0xdb, M(7, 96), 0xdb,
                M(7, 112));
            assert_ld_equal(get_ld(32), 1.0L);
            assert_ld_near(get_ld(48), tanl(x), 2);
            assert_ld_near(get_ld(64), cosl(x), 4);
            assert_ld_near(get_ld(80), sinl(x), 4);
            assert_ld_equal(get_ld(96), frexpl(x, &ex) * 2);
            assert_ld_equal(get_ld(112), (long double)(ex - 1));
        }
    }
}

/* FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ (round to nearest). */
static void test_constants(void **state)
{
    long double want[7] = {1.0L,         log2l(10.0L), 1 / logl(2.0L),
                           acosl(-1.0L), log10l(2.0L), logl(2.0L),
                           0.0L};

    RUN(FNINIT, 0xd9, 0xe8, 0xd9, 0xe9, 0xd9, 0xea, 0xd9, 0xeb, 0xd9, 0xec,
        0xd9, 0xed, 0xd9, 0xee);
    for (int k = 0; k < 7; k++) {
        assert_ld_near(st_reg(6 - k), want[k], 1);
    }
    assert_ld_equal(st_reg(0), 0.0L);
    assert_ld_equal(st_reg(6), 1.0L);
}

/* FXCH FFREE FINCSTP FDECSTP FST/FSTP ST(i) FNSTSW AX, FCMOVcc. */
static void test_stack_ops(void **state)
{
    put_ld(0, 1.5L);
    put_ld(16, -2.0L);
    /* FLD a; FLD b; FXCH ST1; FNSTSW AX */
    RUN(FNINIT, 0xdb, M(5, 0), 0xdb, M(5, 16), 0xd9, 0xc9, 0xdf, 0xe0);
    assert_ld_equal(st_reg(0), 1.5L);
    assert_ld_equal(st_reg(1), -2.0L);
    assert_int_equal(st.env.regs[R_EAX] & 0xffff, fsw());
    assert_int_equal((fsw() >> 11) & 7, 6);
    /* FINCSTP, FDECSTP, FFREE ST1, FST ST(3), FSTP ST(1) */
    RUN(0xd9, 0xf7, 0xd9, 0xf6, 0xdd, 0xc1, 0xdd, 0xd3, 0xdd, 0xd9);
    assert_int_equal(st.env.fpstt, 7);
    assert_ld_equal(st_reg(0), 1.5L);
    assert_ld_equal(st_reg(2), 1.5L);
    assert_int_equal(st.env.fptags[6], 1);

    /* FCMOVB/FCMOVNB/FCMOVE/FCMOVNE/FCMOVBE/FCMOVU after CMP eax, ebx */
    for (int a = 0; a < 3; a++) {
        for (int c = 0; c < 8; c++) {
            static const uint8_t cm[8] = {0xda, 0xdb, 0xda, 0xdb,
                                          0xda, 0xdb, 0xda, 0xdb};
            uint8_t code[] = {FNINIT,
                              0xdb,
                              M(5, 0),
                              0xdb,
                              M(5, 16),
                              0xb8,
                              a,
                              0,
                              0,
                              0,
                              0xbb,
                              1,
                              0,
                              0,
                              0,
                              0x39,
                              0xd8,
                              cm[c],
                              0xc1 | (c >> 1) << 3,
                              0xf4};
            bool cond;

            switch (c >> 1) {
            case 0:
                cond = a < 1;
                break;
            case 1:
                cond = a == 1;
                break;
            case 2:
                cond = a <= 1;
                break;
            default: /* PF of a - 1 */
                cond = !__builtin_parity((uint8_t)(a - 1));
                break;
            }
            cond ^= c & 1;
            assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
            assert_ld_equal(st_reg(0), cond ? 1.5L : -2.0L);
        }
    }
}

/* Overflow, underflow: IE SF, C1, the indefinite; FNCLEX; FLDCW/FNSTCW. */
static void test_stack_faults(void **state)
{
    long double ind;
    uint16_t cw;

    RUN(FNINIT, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8,
        0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xee);
    assert_int_equal(fsw() & (SW_IE | SW_SF | SW_C1), SW_IE | SW_SF | SW_C1);
    ind = st_reg(0);
    assert_true(isnan(ind) && signbit(ind));
    assert_ld_equal(ind, -(long double)NAN); /* the default NaN */
    RUN(FNINIT, 0xd8, 0xc1); /* FADD ST0, ST1 on an empty stack */
    assert_int_equal(fsw() & (SW_IE | SW_SF | SW_C1), SW_IE | SW_SF);
    assert_ld_equal(st_reg(0), ind);
    RUN(0xdb, 0xe2); /* FNCLEX */
    assert_int_equal(fsw() & 0x80ff, 0);
    cw = 0x0c7f;
    put(0, &cw, 2);
    RUN(FNINIT, 0xd9, M(5, 0), 0xd9, M(7, 2));
    assert_int_equal(st.env.fpuc, 0x0c7f);
    memcpy(&cw, st.mem + DATA + 2, 2);
    assert_int_equal(cw, 0x0c7f);
}

/* FNSTENV/FLDENV (32- and 16-bit), FNSAVE/FRSTOR, FXSAVE/FXRSTOR. */
static void test_env_images(void **state)
{
    uint16_t w[14];
    uint32_t l[7];
    long double r;

    put_ld(0, 2.5L);
    put_ld(16, -7.0L);
    /* 32-bit FNSTENV at 64 */
    RUN(FNINIT, 0xdb, M(5, 0), 0xdb, M(5, 16), 0xd9, 0xee, 0xd9, M(6, 64));
    memcpy(l, st.mem + DATA + 64, 28);
    assert_int_equal(l[0] & 0xffff, 0x37f);
    assert_int_equal(l[1] & 0xffff, 5 << 11);
    /* R7 2.5 valid, R6 -7 valid, R5 0 zero, the rest empty */
    assert_int_equal(l[2] & 0xffff, 0x07ff);
    assert_int_equal(l[3], CODE + 2 + 6 + 6);      /* FIP: the FLDZ */
    assert_int_equal(l[4] >> 16, (1 << 8) | 0xee); /* FOP D9 EE */
    assert_int_equal(l[5], DATA + 16);             /* FDP: last operand */
    assert_int_equal(st.env.fpuc & 0x3f, 0x3f);
    /* 16-bit FNSTENV (66 prefix) at 96 */
    RUN(0x66, 0xd9, M(6, 96));
    memcpy(w, st.mem + DATA + 96, 14);
    assert_int_equal(w[0], 0x37f);
    assert_int_equal(w[2], 0x07ff);
    assert_int_equal(w[3], CODE + 2 + 6 + 6);
    /* FNSAVE at 128 empties the FPU, FRSTOR brings the stack back */
    RUN(0xdd, M(6, 128), 0xd9, 0xe5);
    assert_int_equal(fsw() & (SW_C0 | SW_C3), SW_C0 | SW_C3);
    memcpy(&r, st.mem + DATA + 128 + 28, 10);
    assert_ld_equal(r, 0.0L);
    memcpy(&r, st.mem + DATA + 128 + 28 + 20, 10);
    assert_ld_equal(r, 2.5L);
    RUN(0xdd, M(4, 128));
    assert_int_equal(st.env.fpstt, 5);
    assert_ld_equal(st_reg(1), -7.0L);
    assert_int_equal(st.env.fptags[4], 1);
    /* FXSAVE at 256 (aligned), FNINIT, FXRSTOR */
    RUN(0x0f, 0xae, M(0, 256), FNINIT, 0x0f, 0xae, M(1, 256));
    assert_int_equal(st.env.fpstt, 5);
    assert_ld_equal(st_reg(2), 2.5L);
    assert_int_equal(st.mem[DATA + 256 + 4], 0xe0); /* abridged tags */
    memcpy(&r, st.mem + DATA + 256 + 32 + 16, 10);
    assert_ld_equal(r, -7.0L);
    /* misaligned: #GP(0) */
    assert_int_equal(run_code((const uint8_t[]){0x0f, 0xae, M(0, 264)}, 7),
                     XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP0D_GPF);
}

/* Real mode: the 16-bit image with 20-bit linear pointers and FOP. */
static void test_env_real_mode(void **state)
{
    uint16_t w[7], cw = 0x27f;

    xt_reset_cpu(&st, false);
    cpu_x86_load_seg_cache(&st.env, R_DS, 0x0700, 0x7000, 0xffff,
                           st.env.segs[R_DS].flags);
    memcpy(st.mem + 0x7000 + 0x1010, &cw, 2);
    /* FNINIT; FLD1; FLDCW [0x1010]; FLDZ; FNSTENV [0x1020] (disp16) */
    RUN(FNINIT, 0xd9, 0xe8, 0xd9, 0x2e, 0x10, 0x10, 0xd9, 0xee, 0xd9, 0x36,
        0x20, 0x10);
    memcpy(w, st.mem + 0x7000 + 0x1020, 14);
    assert_int_equal(w[0], 0x27f);
    assert_int_equal(w[1] >> 11, 6);
    assert_int_equal(w[2], 0x1fff); /* R6 zero (01), R7 valid (00) */
    assert_int_equal(w[3], (CODE + 8) & 0xffff);
    assert_int_equal(w[4], (((CODE + 8) >> 16) << 12) | 0x1ee);
    /* FLDENV of that image in another FPU state brings it back */
    RUN(FNINIT, 0xd9, 0x26, 0x20, 0x10);
    assert_int_equal(st.env.fpuc, 0x27f);
    assert_int_equal(st.env.fpstt, 6);
    assert_int_equal(st.env.fptags[6], 0);
    assert_int_equal(st.env.fptags[5], 1);
    /* and the pointers come back out the same */
    RUN(0xd9, 0x36, 0x40, 0x10);
    assert_memory_equal(st.mem + 0x7000 + 0x1040 + 6, w + 3, 8);
}

/* A faulting access restarts the instruction: the FPU is unchanged. */
static void test_precise_faults(void **state)
{
    uint32_t a = XT_MEM_SIZE - 40; /* FRSTOR's last registers fault */
    uint8_t frstor[] = {0xdd, 0x25, a, a >> 8, a >> 16, a >> 24};
    uint8_t fstp[] = {0xdb,          0x3d,           a + 36,
                      (a + 36) >> 8, (a + 36) >> 16, (a + 36) >> 24};
    CPUX86State before;

    RUN(FNINIT, 0xd9, 0xe8, 0xd9, 0xeb);
    before = st.env;
    assert_int_equal(run_code(frstor, sizeof(frstor)), XT_EXCEPTION);
    assert_int_equal(st.env.fpstt, before.fpstt);
    assert_int_equal(st.env.fpuc, before.fpuc);
    assert_memory_equal(st.env.fptags, before.fptags, 8);
    assert_memory_equal(st.env.fpregs, before.fpregs, sizeof(before.fpregs));
    assert_int_equal(st.env.eip, CODE);
    /* FSTP m80 across the end: no pop */
    assert_int_equal(run_code(fstp, sizeof(fstp)), XT_EXCEPTION);
    assert_int_equal(st.env.fpstt, before.fpstt);
    assert_memory_equal(st.env.fptags, before.fptags, 8);
    assert_int_equal(st.env.fpus, before.fpus);
}

/* Unmasked ZE: ES set, ST unchanged, #MF on the next waiting insn. */
static void test_exceptions(void **state)
{
    uint16_t cw = 0x037b; /* ZM clear */

    put(0, &cw, 2);
    put_ld(16, 3.0L);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xd9, 0xee, 0xd8, 0xf9);
    assert_int_equal(fsw() & (SW_ZE | SW_ES), SW_ZE | SW_ES);
    assert_ld_equal(st_reg(0), 0.0L);
    /* CR0.NE=0: FERR# is not modelled, the FWAIT goes on */
    RUN(0x9b);
    st.env.cr[0] |= CR0_NE_MASK;
    assert_int_equal(run_code((const uint8_t[]){0x9b}, 1), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP10_COPR);
    assert_int_equal(st.env.eip, CODE);
    /* FNCLEX does not wait and clears it */
    RUN(0xdb, 0xe2, 0x9b, 0xd9, 0xe8);
    assert_ld_equal(st_reg(0), 1.0L);
    /* masked PE: just the flag; the result is the host's */
    put_ld(32, 1.0L / 3);
    RUN(FNINIT, 0xdb, M(5, 32), 0xdb, M(5, 16), 0xde, 0xc9);
    assert_true(fsw() & SW_PE);
    assert_ld_equal(st_reg(0), (1.0L / 3) * 3.0L);

    /* #NM: TS or EM for x87 insns, TS with MP for WAIT */
    st.env.hflags |= HF_TS_MASK;
    assert_int_equal(run_code((const uint8_t[]){0xd9, 0xe8}, 2), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP07_PREX);
    RUN(0x9b);
    st.env.hflags |= HF_MP_MASK;
    assert_int_equal(run_code((const uint8_t[]){0x9b}, 1), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP07_PREX);
    st.env.hflags &= ~(HF_TS_MASK | HF_MP_MASK);
    st.env.hflags |= HF_EM_MASK;
    assert_int_equal(run_code((const uint8_t[]){0xdd, M(0, 0)}, 6),
                     XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP07_PREX);
}

/* The host's status word after ST(0) = a op b under control word cw. */
static uint16_t host_fadd_sw(long double a, long double b, uint16_t cw)
{
    uint16_t sw, saved;
    long double r;

    __asm__ volatile("fnstcw %[saved]\n\tfldcw %[cw]\n\tfnclex\n\t"
                     "fadd %%st(1), %%st\n\tfnstsw %[sw]\n\tfnclex\n\t"
                     "fldcw %[saved]"
                     : "=t"(r), [sw] "=m"(sw), [saved] "=m"(saved)
                     : "0"(a), "u"(b), [cw] "m"(cw));
    (void)r;
    return sw;
}

/*
 * C1 is the round-up bit of each result (SDM vol. 1, 8.1.3.1), and the
 * rules for unmasked exceptions (SDM vol. 1, 8.5): IE, DE and ZE leave
 * the destination and the stack alone with only their own flag set; OE
 * and UE deliver a register result with the exponent adjusted by
 * 24576 (8.5.4, 8.5.5), and store nothing to memory (no pop either).
 */
static void test_unmasked_rules(void **state)
{
    static const uint16_t cw24 = 0x007f, cw_ie = 0x037e, cw_de = 0x037d,
                          cw_oe = 0x0377, cw_ue = 0x036f;
    uint8_t pattern[4] = {0xa5, 0xa5, 0xa5, 0xa5};

    /* 1 + 1/3 to 24 bits rounds up; 1 + 1/4 is exact */
    put(0, &cw24, 2);
    put_ld(16, 1.0L);
    put_ld(32, 1.0L / 3);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xdb, M(5, 32), 0xd8, 0xc1);
    assert_int_equal(fsw() & (SW_C1 | SW_PE),
                     host_fadd_sw(1.0L / 3, 1.0L, cw24) & (SW_C1 | SW_PE));
    assert_true(fsw() & SW_C1);

    /* FISTP m16 of 1e10 with IE unmasked: no store, no pop */
    put(0, &cw_ie, 2);
    put_ld(16, 1e10L);
    put(48, pattern, 4);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xdf, M(3, 48));
    assert_memory_equal(st.mem + DATA + 48, pattern, 4);
    assert_int_equal(fsw() & 0x38ff, 0x3800 | SW_ES | SW_IE);
    assert_ld_equal(st_reg(0), 1e10L);

    /* FSTP m32 of 1e300 with OE unmasked: OE only, no store, no pop */
    put(0, &cw_oe, 2);
    put_ld(16, 1e300L);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xd9, M(3, 48));
    assert_memory_equal(st.mem + DATA + 48, pattern, 4);
    assert_int_equal(fsw() & 0x38ff, 0x3800 | SW_ES | 0x08);
    assert_ld_equal(st_reg(0), 1e300L);
    /* FMUL overflowing with OE unmasked: the product scaled by 2^-24576 */
    put_ld(16, 1e4000L);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xdb, M(5, 16), 0xd8, 0xc9);
    assert_ld_equal(st_reg(0),
                    (1e4000L * 0x1p-12288L) * (1e4000L * 0x1p-12288L));
    assert_true(fsw() & 0x08);
    assert_true(fsw() & SW_ES);

    /* and underflowing with UE unmasked: scaled by 2^24576 */
    put(0, &cw_ue, 2);
    put_ld(16, 1e-4000L);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 16), 0xdb, M(5, 16), 0xd8, 0xc9);
    assert_ld_equal(st_reg(0),
                    (1e-4000L * 0x1p12288L) * (1e-4000L * 0x1p12288L));
    assert_true(fsw() & 0x10);

    /* FADD of a denormal with DE unmasked: DE alone, ST(0) unchanged */
    put(0, &cw_de, 2);
    put_ld(16, 1.0L);
    put_ld(32, 0x1p-16440L);
    RUN(FNINIT, 0xd9, M(5, 0), 0xdb, M(5, 32), 0xdb, M(5, 16), 0xd8, 0xc1);
    assert_int_equal(fsw() & 0x3aff, 0x3000 | SW_ES | 0x02);
    assert_ld_equal(st_reg(0), 1.0L);
}

/*
 * Register-only x87 code run by the host CPU and by the front end from
 * FNINIT: the same status word, tags and registers.  For what the SDM
 * leaves undefined but the hardware does one way (C0-C3 after FCOMI,
 * FCMOVcc, FSQRT; FCMOVcc on an empty register) and the aliases.
 */
#define STR_(...) #__VA_ARGS__
#define STR(...) STR_(__VA_ARGS__)
#define SAME_AS_HOST(...)                                                      \
    do {                                                                       \
        uint8_t img_[108];                                                     \
                                                                               \
        __asm__ volatile("fninit\n\t.byte " STR(__VA_ARGS__) "\n\tfnsave %0"   \
                         : "=m"(img_)                                          \
                         :                                                     \
                         : "eax", "cc", "st", "st(1)", "st(2)", "st(3)",       \
                           "st(4)", "st(5)", "st(6)", "st(7)");                \
        RUN(FNINIT, __VA_ARGS__);                                              \
        assert_same_as_host(img_, __LINE__);                                   \
    } while (0)

static void assert_same_as_host(const uint8_t *img, int line)
{
    uint16_t sw = img[4] | img[5] << 8, tw = img[8] | img[9] << 8;
    int top = (sw >> 11) & 7;

    if (fsw() != sw) {
        fail_msg("line %d: status word 0x%04x, the host's 0x%04x", line, fsw(),
                 sw);
    }
    for (int i = 0; i < 8; i++) {
        bool empty = ((tw >> (2 * ((top + i) & 7))) & 3) == 3;
        long double h = 0;

        memcpy(&h, img + 28 + 10 * i, 10);
        if (empty != !!st.env.fptags[(st.env.fpstt + i) & 7]) {
            fail_msg("line %d: ST(%d) empty %d, the host's %d", line, i, !empty,
                     empty);
        }
        if (!empty) {
            assert_ld_equal(st_reg(i), h);
        }
    }
}

static void test_same_as_host(void **state)
{
    /* FFREEP, and FCMOVcc from an empty register, condition false */
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xeb, 0xd9, 0xee, 0xdf, 0xc1);
    SAME_AS_HOST(0xd9, 0xe8, 0x31, 0xc0, 0xdb, 0xc9);
    SAME_AS_HOST(0xd9, 0xe8, 0x31, 0xc0, 0xda, 0xc9);
    /* the aliases FSTP1, FCOM2, FXCH4, FCOMP5, FXCH7, FSTP8, FCOMP3,
       FSTP9 */
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xeb, 0xd9, 0xea, 0xd9, 0xec, 0xd9, 0xd9,
                 0xdc, 0xd1, 0xdd, 0xc9, 0xde, 0xd1, 0xdf, 0xc9, 0xdf, 0xd1);
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xeb, 0xd9, 0xee, 0xdc, 0xd9, 0xdf, 0xd9);
    /* C1 of a rounded-up quotient through FCOMI and FCMOVcc */
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xeb, 0xd8, 0xf1, 0xdb, 0xf1, 0xdb, 0xc1);
    /* FXAM's C2 through FSQRT, FSCALE and F2XM1; FSIN after FSCALE */
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xe5, 0xd9, 0xfa, 0xd9, 0xe8, 0xd9, 0xfd,
                 0xd9, 0xf0);
    SAME_AS_HOST(0xd9, 0xe9, 0xd9, 0xe8, 0xd9, 0xfd, 0xd9, 0xfe);
    /* FCOS of an empty register clears FXAM's C2, FSQRT's keeps it */
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xe5, 0xdd, 0xd8, 0xd9, 0xff);
    SAME_AS_HOST(0xd9, 0xe8, 0xd9, 0xe5, 0xdd, 0xd8, 0xd9, 0xfa);
    /* FPREM of a NaN (0/0) after a compare: C0 C3 kept, C1 C2 cleared */
    SAME_AS_HOST(0xd9, 0xee, 0xd9, 0xee, 0xd8, 0xf1, 0xd9, 0xe8, 0xd8, 0xd9,
                 0xd9, 0xe8, 0xd9, 0xc9, 0xd9, 0xf8);
}

int main(void)
{
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)
    const struct CMUnitTest tests[] = {
        T32(test_arith_forms),
        T32(test_arith_int),
        T32(test_load_store),
        T32(test_fist_rounding),
        T32(test_bcd),
        T32(test_compare),
        T32(test_fxam),
        T32(test_functions),
        T32(test_constants),
        T32(test_stack_ops),
        T32(test_stack_faults),
        T32(test_env_images),
        T32(test_exceptions),
        T32(test_env_real_mode),
        T32(test_precise_faults),
        T32(test_unmasked_rules),
        T32(test_same_as_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
