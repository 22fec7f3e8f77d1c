/*
 * Locked instructions (atomic-helper.c) through the test engine: every
 * LOCK form leaves registers, EFLAGS and memory exactly as its unlocked
 * form does (which the differential tester checks against the host), a
 * locked access that faults changes nothing, and the helpers called from
 * several host threads at once lose no update, aligned or not (an
 * operand across a cache line takes a host bus lock).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "x86-test-engine.h"
#include "translate.h"

#define CODE 0x1000
#define DATA 0x8000

static XTState st;

static int setup(void **state)
{
    xt_init(&st, true);
    return 0;
}

static int teardown(void **state)
{
    xt_free(&st);
    return 0;
}

typedef struct Result {
    XTStop stop;
    uint32_t regs[8], eflags;
    uint8_t mem[16];
} Result;

/* Run code (then HLT) from a fixed state; EBX points at DATA + 4. */
static Result run_form(const uint8_t *code, size_t len, uint32_t a, uint32_t c,
                       uint32_t d, uint64_t m, bool cf)
{
    static const uint8_t hlt = 0xf4;
    Result r;

    xt_reset_cpu(&st, true);
    st.env.eip = CODE;
    st.env.regs[R_ESP] = 0x20000;
    st.env.regs[R_EAX] = a;
    st.env.regs[R_ECX] = c;
    st.env.regs[R_EDX] = d;
    st.env.regs[R_EBX] = DATA + 4;
    xt_set_eflags(&st, cf ? CC_C : 0);
    memset(st.mem + DATA, 0x5a, 16);
    memcpy(st.mem + DATA + 4, &m, 8);
    xt_load(&st, CODE, code, len);
    xt_load(&st, CODE + len, &hlt, 1);
    memset(&r, 0, sizeof(r));
    r.stop = xt_run(&st, 100);
    for (int i = 0; i < 8; i++) {
        r.regs[i] = st.env.regs[i];
    }
    r.eflags = xt_eflags(&st);
    memcpy(r.mem, st.mem + DATA, 16);
    return r;
}

/* Read-modify-write forms on [ebx]; a LOCK prefix goes in front. */
static const struct {
    const char *name;
    uint8_t len, code[6];
} forms[] = {
    {"add", 2, {0x01, 0x03}},
    {"adc", 2, {0x11, 0x03}},
    {"sbb", 2, {0x19, 0x03}},
    {"sub", 2, {0x29, 0x03}},
    {"and", 2, {0x21, 0x03}},
    {"or", 2, {0x09, 0x03}},
    {"xor", 2, {0x31, 0x03}},
    {"add8", 2, {0x00, 0x23}},
    {"sbb16", 3, {0x66, 0x19, 0x0b}},
    {"add imm8", 3, {0x83, 0x03, 0x85}},
    {"sub imm32", 6, {0x81, 0x2b, 0x78, 0x56, 0x34, 0x12}},
    {"inc", 2, {0xff, 0x03}},
    {"dec16", 3, {0x66, 0xff, 0x0b}},
    {"dec8", 2, {0xfe, 0x0b}},
    {"not", 2, {0xf7, 0x13}},
    {"neg", 2, {0xf7, 0x1b}},
    {"neg8", 2, {0xf6, 0x1b}},
    {"bts", 3, {0x0f, 0xab, 0x0b}},
    {"btr", 3, {0x0f, 0xb3, 0x0b}},
    {"btc16", 4, {0x66, 0x0f, 0xbb, 0x0b}},
    {"bts imm", 4, {0x0f, 0xba, 0x2b, 0x25}},
    {"btr imm", 4, {0x0f, 0xba, 0x33, 0x07}},
    {"xadd", 3, {0x0f, 0xc1, 0x03}},
    {"xadd8", 3, {0x0f, 0xc0, 0x23}},
    {"cmpxchg", 3, {0x0f, 0xb1, 0x0b}},
    {"cmpxchg16", 4, {0x66, 0x0f, 0xb1, 0x0b}},
    {"cmpxchg8", 3, {0x0f, 0xb0, 0x0b}},
    {"cmpxchg8b", 3, {0x0f, 0xc7, 0x0b}},
};

static const uint32_t vals[] = {0,          1,          0x7f,       0x80,
                                0xff,       0x7fff,     0x8000,     0xffff,
                                0x7fffffff, 0x80000000, 0xffffffff, 0x12345678};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

static void test_locked_as_unlocked(void **state)
{
    uint8_t code[8];
    int checked = 0;

    for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
        for (size_t i = 0; i < NVALS; i++) {
            for (size_t j = 0; j < NVALS; j++) {
                /* The accumulator equal to memory half the time. */
                uint32_t m = vals[i], a = (j & 1) ? m : vals[j];
                uint32_t c = vals[(i + j) % NVALS];
                uint64_t m64 = (uint64_t)vals[j] << 32 | m;
                bool cf = (i + j) & 1;
                Result plain, locked;

                /* Bit offsets in ECX stay near the operand. */
                if (forms[f].name[0] == 'b') {
                    c = (c & 0x3f) - 16;
                }
                plain = run_form(forms[f].code, forms[f].len, a, c,
                                 (j & 2) ? (uint32_t)(m64 >> 32) : c, m64, cf);
                code[0] = 0xf0;
                memcpy(code + 1, forms[f].code, forms[f].len);
                locked = run_form(code, forms[f].len + 1u, a, c,
                                  (j & 2) ? (uint32_t)(m64 >> 32) : c, m64, cf);
                assert_int_equal(plain.stop, XT_HALT);
                assert_int_equal(locked.stop, XT_HALT);
                if (memcmp(plain.regs, locked.regs, sizeof(plain.regs)) ||
                    plain.eflags != locked.eflags ||
                    memcmp(plain.mem, locked.mem, sizeof(plain.mem))) {
                    fail_msg("lock %s: mem %08x a %08x c %08x cf %d: flags "
                             "%08x vs %08x, eax %08x vs %08x",
                             forms[f].name, m, a, c, cf, plain.eflags,
                             locked.eflags, plain.regs[R_EAX],
                             locked.regs[R_EAX]);
                }
                checked++;
            }
        }
    }
    assert_true(checked > 4000);
}

/* XCHG with memory is locked anyway: the values swap, flags stay. */
static void test_xchg(void **state)
{
    static const uint8_t code[] = {0x87, 0x03}; /* xchg [ebx], eax */
    Result r = run_form(code, sizeof(code), 0x11223344, 0, 0, 0xaabbccdd, true);
    uint32_t m;

    memcpy(&m, r.mem + 4, 4);
    assert_int_equal(r.stop, XT_HALT);
    assert_int_equal(r.regs[R_EAX], 0xaabbccdd);
    assert_int_equal(m, 0x11223344);
    assert_int_equal(r.eflags & CC_C, CC_C);
}

/* A locked access that faults: #PF, registers and EIP unchanged. */
static void test_fault(void **state)
{
    static const uint8_t code[] = {0xf0, 0x0f, 0xc1, 0x03}; /* xadd */

    xt_reset_cpu(&st, true);
    st.env.eip = CODE;
    st.env.regs[R_EAX] = 5;
    st.env.regs[R_EBX] = XT_MEM_SIZE - 2;
    xt_load(&st, CODE, code, sizeof(code));
    assert_int_equal(xt_run(&st, 10), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP0E_PAGE);
    assert_int_equal(st.env.eip, CODE);
    assert_int_equal(st.env.regs[R_EAX], 5);
}

/* ---- The helpers from several threads at once ---- */

#define THREADS 4
#define ROUNDS 200000
#define CNT 0x9000   /* aligned */
#define CNT16 0x9041 /* odd, inside an 8-byte word */
#define CNT_X 0x90be /* a dword across a 64-byte line */
#define CNT64 0x90fc /* a qword across a 64-byte line */

static uint8_t *shared_mem;

static uint64_t desc(int op, MemOp ot)
{
    return op | ot << 4; /* MMU index 0: the flat memory ignores it */
}

static void *hammer(void *arg)
{
    /* Each thread's own state over the same memory (the doubles' view). */
    XTState *t = g_new0(XTState, 1);
    uint64_t env = (uintptr_t)&t->env;

    t->mem = shared_mem;
    xt_cur = t;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t old;

        helper_atomic_rmw(env, CNT, 1, desc(ATOMIC_ADD, MO_32));
        helper_atomic_rmw(env, CNT16, 0xffff, desc(ATOMIC_ADD, MO_16));
        helper_atomic_rmw(env, CNT16, 2, desc(ATOMIC_ADD, MO_16));
        helper_atomic_rmw(env, CNT_X, 3, desc(ATOMIC_ADD, MO_32));
        old = 0;
        for (;;) {
            uint64_t seen =
                helper_atomic_cmpxchg(env, CNT64, old, old + 1, desc(0, MO_64));

            if (seen == old) {
                break;
            }
            old = seen;
        }
    }
    xt_cur = NULL;
    g_free(t);
    return arg;
}

static void test_threads(void **state)
{
    pthread_t th[THREADS];
    uint32_t v32;
    uint16_t v16;
    uint64_t v64;

    shared_mem = st.mem;
    memset(shared_mem + CNT, 0, 0x200);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&th[i], NULL, hammer, NULL), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
    }
    memcpy(&v32, shared_mem + CNT, 4);
    assert_int_equal(v32, THREADS * ROUNDS);
    memcpy(&v16, shared_mem + CNT16, 2);
    assert_int_equal(v16, (uint16_t)(THREADS * ROUNDS));
    memcpy(&v32, shared_mem + CNT_X, 4);
    assert_int_equal(v32, 3u * THREADS * ROUNDS);
    memcpy(&v64, shared_mem + CNT64, 8);
    assert_int_equal(v64, (uint64_t)THREADS * ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_locked_as_unlocked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xchg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
