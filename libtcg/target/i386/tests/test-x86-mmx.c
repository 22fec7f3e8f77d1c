/*
 * MMX through the test engine, against the host CPU (x86-64 hosts have
 * MMX): every instruction form runs here on random x87/MMX states and
 * operands, and the same bytes run natively between an FRSTOR of the
 * same state and an FNSAVE.  Compared: the eight registers with their
 * exponents, TOP, which tags are empty, the status word, ECX/EDX and the
 * memory operand.  Then what the host cannot show: #UD for the opcodes
 * that need SSE or a prefix, CR0.EM (#UD) and CR0.TS (#NM), a pending
 * x87 exception (#MF) and a faulting operand, each with the state
 * unchanged.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "x86-test-engine.h"

#if !defined(__x86_64__)
#error "the oracle runs MMX code natively in 64-bit mode"
#endif

#define CODE 0x1000
#define DATA 0x8000
#define CASES 1000

/*
 * The bytes an instruction form is tested with: ModRM mod 00 r/m 000 is
 * [EAX] in the guest and [RAX] on the host; mod 11 r/m 1 or 2 is ECX or
 * EDX for MOVD.
 */
typedef struct Form {
    const char *name;
    uint8_t op; /* the byte after 0F */
    int mode;   /* one of the F_* below */
    int group;  /* 71-73: the ModRM reg field */
} Form;

enum {
    F_MM,      /* mm, mm/m64 (both ModRM forms) */
    F_SHIFT,   /* shift by mm/m64: small counts half the time */
    F_IMM,     /* 71-73 group: mm, imm8 */
    F_GPR,     /* MOVD: r/m32 */
    F_NOMODRM, /* EMMS */
};

/* clang-format off */
static const Form forms[] = {
    {"punpcklbw", 0x60, F_MM},  {"punpcklwd", 0x61, F_MM},
    {"punpckldq", 0x62, F_MM},  {"packsswb", 0x63, F_MM},
    {"pcmpgtb", 0x64, F_MM},    {"pcmpgtw", 0x65, F_MM},
    {"pcmpgtd", 0x66, F_MM},    {"packuswb", 0x67, F_MM},
    {"punpckhbw", 0x68, F_MM},  {"punpckhwd", 0x69, F_MM},
    {"punpckhdq", 0x6a, F_MM},  {"packssdw", 0x6b, F_MM},
    {"movd mm, r/m32", 0x6e, F_GPR}, {"movq mm, mm/m64", 0x6f, F_MM},
    {"psrlw imm", 0x71, F_IMM, 2},  {"psraw imm", 0x71, F_IMM, 4},
    {"psllw imm", 0x71, F_IMM, 6},  {"psrld imm", 0x72, F_IMM, 2},
    {"psrad imm", 0x72, F_IMM, 4},  {"pslld imm", 0x72, F_IMM, 6},
    {"psrlq imm", 0x73, F_IMM, 2},  {"psllq imm", 0x73, F_IMM, 6},
    {"pcmpeqb", 0x74, F_MM},    {"pcmpeqw", 0x75, F_MM},
    {"pcmpeqd", 0x76, F_MM},    {"emms", 0x77, F_NOMODRM},
    {"movd r/m32, mm", 0x7e, F_GPR}, {"movq mm/m64, mm", 0x7f, F_MM},
    {"psrlw", 0xd1, F_SHIFT},   {"psrld", 0xd2, F_SHIFT},
    {"psrlq", 0xd3, F_SHIFT},   {"pmullw", 0xd5, F_MM},
    {"psubusb", 0xd8, F_MM},    {"psubusw", 0xd9, F_MM},
    {"pand", 0xdb, F_MM},       {"paddusb", 0xdc, F_MM},
    {"paddusw", 0xdd, F_MM},    {"pandn", 0xdf, F_MM},
    {"psraw", 0xe1, F_SHIFT},   {"psrad", 0xe2, F_SHIFT},
    {"pmulhw", 0xe5, F_MM},     {"psubsb", 0xe8, F_MM},
    {"psubsw", 0xe9, F_MM},     {"por", 0xeb, F_MM},
    {"paddsb", 0xec, F_MM},     {"paddsw", 0xed, F_MM},
    {"pxor", 0xef, F_MM},       {"psllw", 0xf1, F_SHIFT},
    {"pslld", 0xf2, F_SHIFT},   {"psllq", 0xf3, F_SHIFT},
    {"pmaddwd", 0xf5, F_MM},    {"psubb", 0xf8, F_MM},
    {"psubw", 0xf9, F_MM},      {"psubd", 0xfa, F_MM},
    {"paddb", 0xfc, F_MM},      {"paddw", 0xfd, F_MM},
    {"paddd", 0xfe, F_MM},
};
/* clang-format on */

/* The 108-byte FNSAVE/FRSTOR image, 32-bit protected mode (vol. 1, 8.1.10). */
typedef struct FpImage {
    uint32_t cw, sw, tw, fip, fcs, fdp, fds;
    uint8_t st[8][10];
} FpImage;

/* What the host code reads and writes (offsets fixed in host_code). */
typedef struct HostState {
    FpImage fpu;  /* 0 */
    uint32_t ecx; /* 108 */
    uint32_t edx; /* 112 */
    uint8_t pad[12];
    uint8_t data[16]; /* 128: the memory operand */
} HostState;

G_STATIC_ASSERT(sizeof(FpImage) == 108);
G_STATIC_ASSERT(offsetof(HostState, ecx) == 108);
G_STATIC_ASSERT(offsetof(HostState, data) == 128);

static XTState st;
static uint8_t *host_buf;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Random lanes with the saturation and sign edges often. */
static uint64_t rnd_operand(void)
{
    static const uint8_t edges[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff};
    uint64_t v = rnd();

    if (rnd() & 1) {
        for (int i = 0; i < 8; i++) {
            if (rnd() % 3 == 0) {
                v &= ~(0xffull << (8 * i));
                v |= (uint64_t)edges[rnd() % sizeof(edges)] << (8 * i);
            }
        }
    }
    return v;
}

static int setup(void **state)
{
    xt_init(&st, true);
    host_buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(host_buf != MAP_FAILED);
    return 0;
}

static int teardown(void **state)
{
    munmap(host_buf, 4096);
    xt_free(&st);
    return 0;
}

/*
 * Native code around insn: FRSTOR [rdi]; ECX, EDX from the state; RAX =
 * the data; insn; ECX, EDX back; FNSAVE [rdi] (which also leaves the
 * host's FPU initialised); RET.
 */
static void host_code(const uint8_t *insn, size_t len)
{
    static const uint8_t pre[] = {
        0xdd, 0x27,                              /* frstor [rdi] */
        0x8b, 0x4f, 0x6c,                        /* mov ecx, [rdi+108] */
        0x8b, 0x57, 0x70,                        /* mov edx, [rdi+112] */
        0x48, 0x8d, 0x87, 0x80, 0x00, 0x00, 0x00 /* lea rax, [rdi+128] */
    };
    static const uint8_t post[] = {
        0x89, 0x4f, 0x6c, /* mov [rdi+108], ecx */
        0x89, 0x57, 0x70, /* mov [rdi+112], edx */
        0xdd, 0x37,       /* fnsave [rdi] */
        0xc3,             /* ret */
    };
    uint8_t *p = host_buf;

    assert_int_equal(mprotect(host_buf, 4096, PROT_READ | PROT_WRITE), 0);
    memcpy(p, pre, sizeof(pre));
    p += sizeof(pre);
    memcpy(p, insn, len);
    p += len;
    memcpy(p, post, sizeof(post));
    assert_int_equal(mprotect(host_buf, 4096, PROT_READ | PROT_EXEC), 0);
}

static void host_run(HostState *h)
{
    void (*fn)(HostState *) = (void (*)(HostState *))(uintptr_t)host_buf;

    fn(h);
}

/* A random x87 state with every exception masked and none pending. */
static void rnd_image(FpImage *f)
{
    memset(f, 0, sizeof(*f));
    f->cw = 0x037f;
    /* C0-C3 and TOP; no exception flags (ES would follow them) */
    f->sw = (rnd() & 0x4700) | ((rnd() & 7) << 11);
    f->tw = rnd() & 0xffff;
    for (int i = 0; i < 8; i++) {
        uint64_t m = rnd_operand();
        uint16_t e = rnd() & 0xffff;
        memcpy(f->st[i], &m, 8);
        memcpy(f->st[i] + 8, &e, 2);
    }
}

/* The guest state from the same image: ST(k) is physical (TOP + k) & 7. */
static void image_to_env(CPUX86State *env, const FpImage *f)
{
    int top = (f->sw >> 11) & 7;

    env->fpuc = f->cw;
    env->fpus = f->sw & ~0x3800;
    env->fpstt = top;
    for (int i = 0; i < 8; i++) {
        int phys = (top + i) & 7;
        env->fptags[i] = ((f->tw >> (2 * i)) & 3) == 3;
        memcpy(&env->fpregs[phys].mant, f->st[i], 8);
        memcpy(&env->fpregs[phys].exp, f->st[i] + 8, 2);
    }
}

static void compare(const HostState *h, const char *name, const uint8_t *insn,
                    size_t len)
{
    const CPUX86State *env = &st.env;
    int top = (h->fpu.sw >> 11) & 7;
    char bytes[64] = "";

    for (size_t i = 0; i < len && i < 15; i++) {
        snprintf(bytes + 3 * i, 4, "%02x ", insn[i]);
    }
    if (env->fpstt != (unsigned)top ||
        env->fpus != (h->fpu.sw & ~0x3800 & 0xffff)) {
        fail_msg("%s (%s): TOP/SW %d/%04x, host %d/%04x", name, bytes,
                 env->fpstt, env->fpus, top, h->fpu.sw & 0xffff);
    }
    for (int i = 0; i < 8; i++) {
        const uint8_t *r = h->fpu.st[(i - top) & 7];
        uint64_t m;
        uint16_t e;

        memcpy(&m, r, 8);
        memcpy(&e, r + 8, 2);
        if (env->fpregs[i].mant != m || env->fpregs[i].exp != e) {
            fail_msg("%s (%s): R%d %04x:%016" PRIx64 ", host %04x:%016" PRIx64,
                     name, bytes, i, env->fpregs[i].exp, env->fpregs[i].mant, e,
                     m);
        }
        if (env->fptags[i] != (((h->fpu.tw >> (2 * i)) & 3) == 3)) {
            fail_msg("%s (%s): tag %d %d, host tag word %04x", name, bytes, i,
                     env->fptags[i], h->fpu.tw & 0xffff);
        }
    }
    if ((uint32_t)env->regs[R_ECX] != h->ecx ||
        (uint32_t)env->regs[R_EDX] != h->edx) {
        fail_msg("%s (%s): ECX/EDX %08x/%08x, host %08x/%08x", name, bytes,
                 (uint32_t)env->regs[R_ECX], (uint32_t)env->regs[R_EDX], h->ecx,
                 h->edx);
    }
    if (memcmp(st.mem + DATA, h->data, sizeof(h->data)) != 0) {
        fail_msg("%s (%s): memory operand differs", name, bytes);
    }
}

/* One instance of a form: the ModRM and immediate chosen at random. */
static size_t make_insn(const Form *f, uint8_t *insn, bool mem)
{
    size_t n = 0;
    int reg = rnd() & 7;

    insn[n++] = 0x0f;
    insn[n++] = f->op;
    switch (f->mode) {
    case F_NOMODRM:
        break;
    case F_IMM:
        insn[n++] = 0xc0 | f->group << 3 | reg;
        /* counts past the lane width half the time */
        insn[n++] = rnd() & 1 ? rnd() % 70 : rnd() & 0xff;
        break;
    case F_GPR:
        insn[n++] = mem ? reg << 3 : 0xc0 | reg << 3 | (1 + (int)(rnd() & 1));
        break;
    default:
        insn[n++] = mem ? reg << 3 : 0xc0 | reg << 3 | (int)(rnd() & 7);
        break;
    }
    return n;
}

static void run_case(const Form *f, bool mem)
{
    uint8_t insn[8], hlt = 0xf4;
    HostState h;

    for (int c = 0; c < CASES; c++) {
        /* registers and immediate chosen anew for each case */
        size_t len = make_insn(f, insn, mem);

        host_code(insn, len);
        memset(&h, 0, sizeof(h));
        rnd_image(&h.fpu);
        h.ecx = (uint32_t)rnd();
        h.edx = (uint32_t)rnd();
        for (int i = 0; i < 16; i += 8) {
            uint64_t v = rnd_operand();
            memcpy(h.data + i, &v, 8);
        }
        if (f->mode == F_SHIFT && (rnd() & 1)) {
            /* a count in range: the source register or memory */
            uint64_t cnt = rnd() % 70;
            int src = insn[2] & 7;
            memcpy(mem ? h.data : h.fpu.st[(src - ((h.fpu.sw >> 11) & 7)) & 7],
                   &cnt, 8);
        }

        xt_reset_cpu(&st, true);
        image_to_env(&st.env, &h.fpu);
        st.env.regs[R_EAX] = DATA;
        st.env.regs[R_ECX] = h.ecx;
        st.env.regs[R_EDX] = h.edx;
        memcpy(st.mem + DATA, h.data, sizeof(h.data));
        st.env.eip = CODE;
        xt_load(&st, CODE, insn, len);
        xt_load(&st, CODE + len, &hlt, 1);

        host_run(&h);
        assert_int_equal(xt_run(&st, 10), XT_HALT);
        compare(&h, f->name, insn, len);
    }
}

static void test_against_host(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        const Form *f = &forms[i];

        run_case(f, false);
        if (f->mode != F_IMM && f->mode != F_NOMODRM) {
            run_case(f, true);
        }
    }
}

/* Run code; the stop and vector, with the x87 state left as it was. */
static void expect_fault(const uint8_t *code, size_t len, int vector)
{
    uint8_t hlt = 0xf4;
    CPUX86State before;
    FpImage img;

    rnd_image(&img);
    image_to_env(&st.env, &img);
    st.env.regs[R_EAX] = DATA;
    st.env.eip = CODE;
    xt_load(&st, CODE, code, len);
    xt_load(&st, CODE + len, &hlt, 1);
    before = st.env;
    assert_int_equal(xt_run(&st, 10), XT_EXCEPTION);
    assert_int_equal(st.vector, vector);
    assert_int_equal(st.env.eip, CODE);
    assert_int_equal(st.env.fpstt, before.fpstt);
    assert_memory_equal(st.env.fptags, before.fptags, 8);
    assert_memory_equal(st.env.fpregs, before.fpregs, sizeof(before.fpregs));
}

/*
 * The MMX opcode space without a valid form here: SSE's and SSE2's
 * (PSHUFW, PMOVMSKB, PMINUB, PAVGB, MOVNTQ, PADDQ, ...), and the 71-73
 * ModRM fields that are not shifts, or with a memory operand.
 */
static void test_invalid(void **state)
{
    static const uint8_t sse_ops[] = {0x6c, 0x6d, 0x70, 0x78, 0x79, 0x7a, 0x7b,
                                      0x7c, 0x7d, 0xd0, 0xd4, 0xd6, 0xd7, 0xda,
                                      0xde, 0xe0, 0xe3, 0xe4, 0xe6, 0xe7, 0xea,
                                      0xee, 0xf0, 0xf4, 0xf6, 0xf7, 0xfb};
    static const uint8_t bad_groups[][2] = {
        {0x71, 0}, {0x71, 1}, {0x71, 3}, {0x71, 5}, {0x71, 7},
        {0x72, 3}, {0x72, 7}, {0x73, 3}, {0x73, 4}, {0x73, 7},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(sse_ops); i++) {
        uint8_t c[] = {0x0f, sse_ops[i], 0xc1, 0x00};
        xt_reset_cpu(&st, true);
        expect_fault(c, sizeof(c), EXCP06_ILLOP);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_groups); i++) {
        uint8_t c[] = {0x0f, bad_groups[i][0], 0xc1 | bad_groups[i][1] << 3,
                       0x01};
        xt_reset_cpu(&st, true);
        expect_fault(c, sizeof(c), EXCP06_ILLOP);
    }
    /* a shift group with a memory operand: PSRLW [EAX], 1 */
    {
        uint8_t c[] = {0x0f, 0x71, 0x10, 0x01};
        xt_reset_cpu(&st, true);
        expect_fault(c, sizeof(c), EXCP06_ILLOP);
    }
    /* 66 (SSE2's XMM forms), F3 and F2 (SSE's): MOVQ, PADDB, MOVD, EMMS */
    for (int p = 0; p < 3; p++) {
        static const uint8_t prefixes[] = {0x66, 0xf3, 0xf2};
        uint8_t c1[] = {prefixes[p], 0x0f, 0x6f, 0xc1};
        uint8_t c2[] = {prefixes[p], 0x0f, 0xfc, 0xc1};
        uint8_t c3[] = {prefixes[p], 0x0f, 0x7e, 0xc1};
        uint8_t c4[] = {prefixes[p], 0x0f, 0x77};
        xt_reset_cpu(&st, true);
        expect_fault(c1, sizeof(c1), EXCP06_ILLOP);
        expect_fault(c2, sizeof(c2), EXCP06_ILLOP);
        expect_fault(c3, sizeof(c3), EXCP06_ILLOP);
        expect_fault(c4, sizeof(c4), EXCP06_ILLOP);
    }
    /* LOCK is #UD on every MMX instruction */
    {
        uint8_t c[] = {0xf0, 0x0f, 0xfc, 0x00};
        xt_reset_cpu(&st, true);
        expect_fault(c, sizeof(c), EXCP06_ILLOP);
    }
}

/* SDM vol. 3A, table 12-1: CR0.EM -> #UD (before TS), CR0.TS -> #NM. */
static void test_cr0(void **state)
{
    static const uint8_t paddb_mem[] = {0x0f, 0xfc, 0x00};
    static const uint8_t movq_reg[] = {0x0f, 0x6f, 0xc1};
    static const uint8_t emms[] = {0x0f, 0x77};
    const uint8_t *codes[] = {paddb_mem, movq_reg, emms};
    size_t lens[] = {sizeof(paddb_mem), sizeof(movq_reg), sizeof(emms)};

    for (int i = 0; i < 3; i++) {
        xt_reset_cpu(&st, true);
        st.env.cr[0] |= CR0_EM_MASK;
        x86_update_hflags(&st.env);
        expect_fault(codes[i], lens[i], EXCP06_ILLOP);

        xt_reset_cpu(&st, true);
        st.env.cr[0] |= CR0_EM_MASK | CR0_TS_MASK;
        x86_update_hflags(&st.env);
        expect_fault(codes[i], lens[i], EXCP06_ILLOP);

        xt_reset_cpu(&st, true);
        st.env.cr[0] |= CR0_TS_MASK; /* MP does not matter here */
        x86_update_hflags(&st.env);
        expect_fault(codes[i], lens[i], EXCP07_PREX);
    }
}

/* An unmasked x87 exception pending (ES) is taken first: #MF, CR0.NE. */
static void test_pending_x87(void **state)
{
    static const uint8_t paddb_mem[] = {0x0f, 0xfc, 0x00};
    static const uint8_t emms[] = {0x0f, 0x77};
    static const uint8_t movd_st[] = {0x0f, 0x7e, 0x00};
    uint8_t hlt = 0xf4;
    const uint8_t *codes[] = {paddb_mem, emms, movd_st};
    size_t lens[] = {sizeof(paddb_mem), sizeof(emms), sizeof(movd_st)};
    FpImage img;

    for (int i = 0; i < 3; i++) {
        uint32_t before;
        xt_reset_cpu(&st, true);
        st.env.cr[0] |= CR0_NE_MASK;
        x86_update_hflags(&st.env);
        rnd_image(&img);
        img.cw = 0x037e;  /* IM unmasked */
        img.sw |= 0x0081; /* IE, ES */
        image_to_env(&st.env, &img);
        st.env.regs[R_EAX] = DATA;
        memcpy(&before, st.mem + DATA, 4);
        st.env.eip = CODE;
        xt_load(&st, CODE, codes[i], lens[i]);
        xt_load(&st, CODE + lens[i], &hlt, 1);
        assert_int_equal(xt_run(&st, 10), XT_EXCEPTION);
        assert_int_equal(st.vector, EXCP10_COPR);
        assert_int_equal(st.env.eip, CODE);
        assert_int_equal(st.env.fpstt, (img.sw >> 11) & 7);
        assert_memory_equal(st.mem + DATA, &before, 4);
    }
    /* with ES clear, the same unmasked control word changes nothing */
    xt_reset_cpu(&st, true);
    st.env.cr[0] |= CR0_NE_MASK;
    x86_update_hflags(&st.env);
    rnd_image(&img);
    img.cw = 0x037e;
    image_to_env(&st.env, &img);
    st.env.eip = CODE;
    xt_load(&st, CODE, emms, sizeof(emms));
    xt_load(&st, CODE + sizeof(emms), &hlt, 1);
    assert_int_equal(xt_run(&st, 10), XT_HALT);
    assert_int_equal(st.env.fpstt, 0);
}

/* A memory operand that faults leaves the x87 state and memory alone. */
static void test_fault(void **state)
{
    static const uint8_t movq_ld[] = {0x0f, 0x6f, 0x08}; /* mm1, [eax] */
    static const uint8_t movq_st[] = {0x0f, 0x7f, 0x08}; /* [eax], mm1 */
    static const uint8_t pmaddwd[] = {0x0f, 0xf5, 0x10}; /* mm2, [eax] */
    static const uint8_t movd_st[] = {0x0f, 0x7e, 0x18}; /* [eax], mm3 */
    const uint8_t *codes[] = {movq_ld, movq_st, pmaddwd, movd_st};

    for (int i = 0; i < 4; i++) {
        xt_reset_cpu(&st, true);
        st.env.regs[R_EAX] = XT_MEM_SIZE - 2; /* the access runs off */
        st.env.eip = CODE;
        {
            uint8_t hlt = 0xf4;
            CPUX86State before;
            FpImage img;
            rnd_image(&img);
            image_to_env(&st.env, &img);
            xt_load(&st, CODE, codes[i], 3);
            xt_load(&st, CODE + 3, &hlt, 1);
            before = st.env;
            assert_int_equal(xt_run(&st, 10), XT_EXCEPTION);
            assert_int_equal(st.vector, EXCP0E_PAGE);
            assert_int_equal(st.env.eip, CODE);
            assert_int_equal(st.env.fpstt, before.fpstt);
            assert_memory_equal(st.env.fptags, before.fptags, 8);
            assert_memory_equal(st.env.fpregs, before.fpregs,
                                sizeof(before.fpregs));
        }
    }
}

/* Real mode: 16-bit addressing and a segment base reach the operands. */
static void test_real_mode(void **state)
{
    static const uint8_t code[] = {
        0x0f, 0x6f, 0x08,       /* movq mm1, [bx+si] */
        0x0f, 0xfc, 0x0f,       /* paddb mm1, [bx] */
        0x26, 0x0f, 0x7f, 0x0d, /* movq es:[di], mm1 */
        0xf4,
    };
    uint64_t a = rnd(), b = rnd(), r, want = 0;

    xt_reset_cpu(&st, false);
    st.env.regs[R_EBX] = 0x100;
    st.env.regs[R_ESI] = 0x10;
    st.env.regs[R_EDI] = 0x20;
    st.env.segs[R_DS].base = DATA; /* DS = 0x800 */
    st.env.segs[R_DS].selector = DATA >> 4;
    st.env.segs[R_ES].base = DATA + 0x1000;
    st.env.segs[R_ES].selector = (DATA + 0x1000) >> 4;
    memcpy(st.mem + DATA + 0x110, &a, 8);
    memcpy(st.mem + DATA + 0x100, &b, 8);
    st.env.eip = CODE;
    xt_load(&st, CODE, code, sizeof(code));
    assert_int_equal(xt_run(&st, 10), XT_HALT);
    for (int i = 0; i < 8; i++) {
        want |= (uint64_t)(uint8_t)((a >> (8 * i)) + (b >> (8 * i))) << (8 * i);
    }
    memcpy(&r, st.mem + DATA + 0x1020, 8);
    assert_int_equal(r, want);
    assert_int_equal(st.env.fpregs[1].mant, want);
    assert_int_equal(st.env.fpregs[1].exp, 0xffff);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_against_host), T(test_invalid), T(test_cr0),
        T(test_pending_x87),  T(test_fault),   T(test_real_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
