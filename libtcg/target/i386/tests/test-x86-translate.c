/*
 * The x86 front end through the test engine: instruction results
 * (registers, EFLAGS, memory) computed here in C from the operands, the
 * lazy flags' code (a compare and branch builds no EFLAGS), precise
 * exceptions (#DE, #UD, faulting accesses leave the registers as they
 * were), 16-bit code, REP string loops, block boundaries and -d in_asm.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "x86-test-engine.h"
#include "tcg/tcg-op.h"
#include "util/log.h"

#define CODE 0x1000
#define DATA 0x8000
#define ARITH (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)

static XTState st;

static int setup32(void **state)
{
    xt_init(&st, true);
    st.env.eip = CODE;
    st.env.regs[R_ESP] = 0x20000;
    return 0;
}

static int setup16(void **state)
{
    xt_init(&st, false);
    st.env.eip = CODE;
    st.env.regs[R_ESP] = 0xfffe;
    return 0;
}

static int teardown(void **state)
{
    xt_free(&st);
    return 0;
}

/* Load code at CODE followed by HLT and run it to the HLT. */
static XTStop run_code(const uint8_t *code, size_t len)
{
    uint8_t hlt = 0xf4;

    xt_load(&st, CODE + (uint32_t)st.env.segs[R_CS].base, code, len);
    xt_load(&st, CODE + (uint32_t)st.env.segs[R_CS].base + len, &hlt, 1);
    return xt_run(&st, 10000);
}

#define RUN(...)                                                               \
    do {                                                                       \
        static const uint8_t c_[] = {__VA_ARGS__};                             \
        assert_int_equal(run_code(c_, sizeof(c_)), XT_HALT);                   \
    } while (0)

static uint32_t reg(int r)
{
    return (uint32_t)st.env.regs[r];
}

static uint32_t parity(uint32_t v)
{
    return __builtin_parity(v & 0xff) ? 0 : CC_P;
}

/* Flags of a 32-bit a - b computed from the definitions. */
static uint32_t sub_flags(uint32_t a, uint32_t b)
{
    uint32_t r = a - b, f = parity(r);

    f |= a < b ? CC_C : 0;
    f |= r == 0 ? CC_Z : 0;
    f |= (r >> 31) ? CC_S : 0;
    f |= ((a ^ b) & (a ^ r)) >> 31 ? CC_O : 0;
    f |= (a ^ b ^ r) & CC_A;
    return f;
}

static uint32_t add_flags(uint32_t a, uint32_t b)
{
    uint32_t r = a + b, f = parity(r);

    f |= r < a ? CC_C : 0;
    f |= r == 0 ? CC_Z : 0;
    f |= (r >> 31) ? CC_S : 0;
    f |= (~(a ^ b) & (a ^ r)) >> 31 ? CC_O : 0;
    f |= (a ^ b ^ r) & CC_A;
    return f;
}

static void test_add_sub_flags(void **state)
{
    static const uint32_t vals[] = {
        0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x0000000f, 0x12345678};

    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
            uint32_t a = vals[i], b = vals[j];
            /* mov eax,a; mov ebx,b; mov ecx,eax; add ecx,ebx; sub eax,ebx */
            uint8_t code[] = {0xb8, a,    a >> 8, a >> 16, a >> 24,
                              0xbb, b,    b >> 8, b >> 16, b >> 24,
                              0x89, 0xc1, 0x01,   0xd9,    0xf4};
            uint8_t code2[] = {0xb8, a,    a >> 8, a >> 16, a >> 24,
                               0xbb, b,    b >> 8, b >> 16, b >> 24,
                               0x29, 0xd8, 0xf4};
            st.env.eip = CODE;
            assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
            assert_int_equal(reg(R_ECX), a + b);
            assert_int_equal(xt_eflags(&st) & ARITH, add_flags(a, b));
            st.env.eip = CODE;
            assert_int_equal(run_code(code2, sizeof(code2)), XT_HALT);
            assert_int_equal(reg(R_EAX), a - b);
            assert_int_equal(xt_eflags(&st) & ARITH, sub_flags(a, b));
        }
    }
}

/* SETcc after CMP for every condition, against the C comparisons. */
static void test_setcc_after_cmp(void **state)
{
    static const uint32_t vals[] = {0,          1,          0x7fffffff,
                                    0x80000000, 0xffffffff, 5};

    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(vals); j++) {
            uint32_t a = vals[i], b = vals[j];
            int32_t sa = (int32_t)a, sb = (int32_t)b;
            bool want[16] = {
                [0x2] = a < b,
                [0x4] = a == b,
                [0x6] = a <= b,
                [0x8] = (int32_t)(a - b) < 0,
                [0xc] = sa < sb,
                [0xe] = sa <= sb,
                [0x0] =
                    (sa < 0) != (sb < 0) && (sa < 0) != ((int32_t)(a - b) < 0),
                [0xa] = !__builtin_parity((a - b) & 0xff),
            };
            for (int cc = 0; cc < 16; cc++) {
                /* cmp eax, ebx; setcc cl */
                uint8_t code[] = {0x39, 0xd8, 0x0f, 0x90 + cc, 0xc1, 0xf4};
                bool w = (cc & 1) ? !want[cc & ~1] : want[cc];
                st.env.eip = CODE;
                st.env.regs[R_EAX] = a;
                st.env.regs[R_EBX] = b;
                assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
                assert_int_equal(reg(R_ECX) & 0xff, w);
            }
        }
    }
}

/*
 * The point of lazy flags: CMP + JB compiles to a compare of the saved
 * operands, and the optimised block calls no flag helper.
 */
static void test_cmp_jcc_no_eflags(void **state)
{
    static const uint8_t code[] = {0x39, 0xd8, 0x72, 0x00}; /* cmp; jb */
    TranslationBlock tb = {0};
    uint32_t flags;
    GString *buf = g_string_new(NULL);

    xt_load(&st, CODE, code, sizeof(code));
    x86_get_tb_cpu_state(&st.env, &tb.pc, &tb.cs_base, &flags);
    tb.flags = flags;
    x86_translate_block(&st.env, &tb, 0);
    tcg_optimize(tcg_ctx);
    tcg_liveness_analysis(tcg_ctx);
    tcg_dump_ops(tcg_ctx, buf, true);
    assert_null(strstr(buf->str, "cc_compute"));
    assert_non_null(strstr(buf->str, "brcond_i32"));
    assert_int_equal(tb.size, sizeof(code));
    assert_int_equal(tb.icount, 2);
    g_string_free(buf, TRUE);
}

static void test_adc_sbb_chain(void **state)
{
    /* 64-bit add and subtract with ADC/SBB: edx:eax += ecx:ebx etc. */
    uint64_t a = 0x00000001ffffffffull, b = 0x00000002ffffffffull;

    st.env.regs[R_EAX] = (uint32_t)a;
    st.env.regs[R_EDX] = a >> 32;
    st.env.regs[R_EBX] = (uint32_t)b;
    st.env.regs[R_ECX] = b >> 32;
    /* add eax,ebx; adc edx,ecx; mov esi,eax; mov edi,edx;
     * sub esi,ebx; sbb edi,ecx */
    RUN(0x01, 0xd8, 0x11, 0xca, 0x89, 0xc6, 0x89, 0xd7, 0x29, 0xde, 0x19, 0xcf);
    assert_int_equal(reg(R_EAX), (uint32_t)(a + b));
    assert_int_equal(reg(R_EDX), (uint32_t)((a + b) >> 32));
    assert_int_equal(reg(R_ESI), (uint32_t)a);
    assert_int_equal(reg(R_EDI), (uint32_t)(a >> 32));
}

static void test_mul_div(void **state)
{
    uint32_t a = 0x89abcdef, b = 0x12345;
    uint64_t p = (uint64_t)a * b;

    st.env.regs[R_EAX] = a;
    st.env.regs[R_EBX] = b;
    /* mul ebx; mov esi,eax; mov edi,edx; div ebx */
    RUN(0xf7, 0xe3, 0x89, 0xc6, 0x89, 0xd7, 0xf7, 0xf3);
    assert_int_equal(reg(R_ESI), (uint32_t)p);
    assert_int_equal(reg(R_EDI), (uint32_t)(p >> 32));
    assert_int_equal(reg(R_EAX), a);
    assert_int_equal(reg(R_EDX), 0);
    /* CF = OF = the high half is non-zero */
    assert_int_equal(xt_eflags(&st) & (CC_C | CC_O),
                     (p >> 32) ? CC_C | CC_O : 0);
}

/* #DE: EIP at the DIV, registers unchanged. */
static void test_div_zero(void **state)
{
    static const uint8_t code[] = {0x40, 0xf7, 0xf3}; /* inc eax; div ebx */

    st.env.regs[R_EAX] = 7;
    st.env.regs[R_EDX] = 0;
    st.env.regs[R_EBX] = 0;
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP00_DIVZ);
    assert_int_equal(st.env.eip, CODE + 1);
    assert_int_equal(reg(R_EAX), 8);
    /* INC's flags survive in the lazy state the helper saw */
    assert_int_equal(xt_eflags(&st) & (CC_Z | CC_S | CC_P), parity(8));
}

static void test_idiv_overflow(void **state)
{
    static const uint8_t code[] = {0xf7, 0xfb}; /* idiv ebx */

    st.env.regs[R_EAX] = 0;
    st.env.regs[R_EDX] = 0x80000000;
    st.env.regs[R_EBX] = 0xffffffff;
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP00_DIVZ);
    assert_int_equal(st.env.eip, CODE);
}

static void test_illegal(void **state)
{
    /* nop; ud2 */
    static const uint8_t ud2[] = {0x90, 0x0f, 0x0b};
    /* lock add eax, ebx: LOCK on a register destination */
    static const uint8_t lock_reg[] = {0xf0, 0x01, 0xd8};
    /* lock add [0x8000], ebx: allowed */
    static const uint8_t lock_mem[] = {0xf0, 0x01, 0x1d, 0x00,
                                       0x80, 0x00, 0x00};

    assert_int_equal(run_code(ud2, sizeof(ud2)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP06_ILLOP);
    assert_int_equal(st.env.eip, CODE + 1);

    st.env.eip = CODE;
    st.env.regs[R_EAX] = 1;
    assert_int_equal(run_code(lock_reg, sizeof(lock_reg)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP06_ILLOP);
    assert_int_equal(reg(R_EAX), 1);

    st.env.eip = CODE;
    st.env.regs[R_EBX] = 5;
    st.mem[DATA] = 3;
    assert_int_equal(run_code(lock_mem, sizeof(lock_mem)), XT_HALT);
    assert_int_equal(st.mem[DATA], 8);
}

/* A faulting push leaves ESP; a faulting pop leaves ESP and the target. */
static void test_precise_stack_fault(void **state)
{
    static const uint8_t push[] = {0x41, 0x50}; /* inc ecx; push eax */
    static const uint8_t pop[] = {0x5b};        /* pop ebx */

    st.env.regs[R_ESP] = XT_MEM_SIZE + 0x100;
    st.env.regs[R_ECX] = 1;
    assert_int_equal(run_code(push, sizeof(push)), XT_EXCEPTION);
    assert_int_equal(st.env.eip, CODE + 1);
    assert_int_equal(reg(R_ESP), XT_MEM_SIZE + 0x100);
    assert_int_equal(reg(R_ECX), 2);

    st.env.eip = CODE;
    st.env.regs[R_EBX] = 0x55;
    assert_int_equal(run_code(pop, sizeof(pop)), XT_EXCEPTION);
    assert_int_equal(reg(R_ESP), XT_MEM_SIZE + 0x100);
    assert_int_equal(reg(R_EBX), 0x55);
}

static void test_rep_string(void **state)
{
    uint8_t src[37];

    for (size_t i = 0; i < sizeof(src); i++) {
        src[i] = (uint8_t)(i * 7 + 1);
    }
    memcpy(st.mem + DATA, src, sizeof(src));
    memset(st.mem + DATA + 0x100, 0, 0x100);
    st.env.regs[R_ESI] = DATA;
    st.env.regs[R_EDI] = DATA + 0x100;
    st.env.regs[R_ECX] = sizeof(src);
    /* cld; rep movsb */
    RUN(0xfc, 0xf3, 0xa4);
    assert_memory_equal(st.mem + DATA + 0x100, src, sizeof(src));
    assert_int_equal(reg(R_ECX), 0);
    assert_int_equal(reg(R_ESI), DATA + sizeof(src));
    assert_int_equal(reg(R_EDI), DATA + 0x100 + sizeof(src));

    /* std; rep stosd with ECX = 3: writes downwards */
    st.env.eip = CODE;
    st.env.regs[R_EAX] = 0xdeadbeef;
    st.env.regs[R_EDI] = DATA + 0x208;
    st.env.regs[R_ECX] = 3;
    RUN(0xfd, 0xf3, 0xab, 0xfc);
    for (int i = 0; i < 3; i++) {
        uint32_t v;
        memcpy(&v, st.mem + DATA + 0x208 - 4 * i, 4);
        assert_int_equal(v, 0xdeadbeef);
    }
    assert_int_equal(reg(R_EDI), DATA + 0x208 - 12);

    /* repe cmpsb stops at the first difference */
    st.env.eip = CODE;
    memcpy(st.mem + DATA + 0x300, src, sizeof(src));
    st.mem[DATA + 0x300 + 10] ^= 0xff;
    st.env.regs[R_ESI] = DATA;
    st.env.regs[R_EDI] = DATA + 0x300;
    st.env.regs[R_ECX] = sizeof(src);
    RUN(0xf3, 0xa6);
    assert_int_equal(reg(R_ECX), sizeof(src) - 11);
    assert_int_equal(xt_eflags(&st) & CC_Z, 0);

    /* rep with ECX = 0 does nothing */
    st.env.eip = CODE;
    st.env.regs[R_ECX] = 0;
    st.env.regs[R_EDI] = DATA + 0x400;
    RUN(0xf3, 0xaa);
    assert_int_equal(reg(R_EDI), DATA + 0x400);
}

/* Real mode: segment bases, 16-bit wrap of offsets and of SP. */
static void test_real_mode(void **state)
{
    /* mov ax,0x800; mov ds,ax; mov bx,0xfff0; mov word [bx+0x20],0x1234
     * push ds; pop es; add ax,[es:0x10]; */
    RUN(0xb8, 0x00, 0x08, 0x8e, 0xd8, 0xbb, 0xf0, 0xff, 0xc7, 0x47, 0x20, 0x34,
        0x12, 0x1e, 0x07, 0x26, 0x03, 0x06, 0x10, 0x00);
    /* [bx+0x20] wraps to 0x10: linear 0x8000 + 0x10 */
    assert_int_equal(st.mem[0x8010] | st.mem[0x8011] << 8, 0x1234);
    assert_int_equal(reg(R_EAX) & 0xffff, 0x800 + 0x1234);
    assert_int_equal(st.env.segs[R_ES].base, 0x8000);
    assert_int_equal(reg(R_ESP), 0xfffe);
}

/* 16-bit operand size in 32-bit code, and 32-bit in 16-bit code. */
static void test_operand_size(void **state)
{
    st.env.regs[R_EAX] = 0x1234ffff;
    /* inc ax (66 40): only AX wraps, CF unchanged, ZF set */
    RUN(0xf9, 0x66, 0x40);
    assert_int_equal(reg(R_EAX), 0x12340000);
    assert_int_equal(xt_eflags(&st) & (CC_C | CC_Z), CC_C | CC_Z);
}

static void test_operand_size16(void **state)
{
    st.env.regs[R_EAX] = 0x1234ffff;
    /* 66 40: inc eax in 16-bit code */
    RUN(0x66, 0x40);
    assert_int_equal(reg(R_EAX), 0x12350000);
}

static void test_bsf_zero(void **state)
{
    st.env.regs[R_EAX] = 0x55;
    st.env.regs[R_EBX] = 0;
    st.env.regs[R_ECX] = 0x100;
    /* bsf eax, ebx; bsr edx, ecx */
    RUN(0x0f, 0xbc, 0xc3, 0x0f, 0xbd, 0xd1);
    assert_int_equal(reg(R_EAX), 0x55);
    assert_int_equal(reg(R_EDX), 8);
    assert_int_equal(xt_eflags(&st) & CC_Z, 0);
}

static void test_io(void **state)
{
    st.in_val = 0x1000;
    st.env.regs[R_EAX] = 0xa5;
    st.env.regs[R_EDX] = 0x3f8;
    /* out dx, al; in eax, 0x60 */
    RUN(0xee, 0xe5, 0x60);
    assert_int_equal(st.out_port, 0x3f8);
    assert_int_equal(st.out_val, 0xa5);
    assert_int_equal(reg(R_EAX), 0x1000 + 0x60);
}

static void test_int(void **state)
{
    static const uint8_t code[] = {0x90, 0xcd, 0x21};

    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, 0x21);
    assert_true(st.is_int);
    assert_int_equal(st.env.eip, CODE + 1);
    assert_int_equal(st.env.exception_next_eip, CODE + 3);
}

static void test_pushf_popf(void **state)
{
    /* stc; std; pushf; pop eax; push 0x8d5 | IF; popf */
    RUN(0xf9, 0xfd, 0x9c, 0x58, 0x68, 0xd5, 0x0a, 0x00, 0x00, 0x9d);
    assert_int_equal(reg(R_EAX) & (CC_C | DF_MASK | RFLAGS_FIXED),
                     CC_C | DF_MASK | RFLAGS_FIXED);
    assert_int_equal(xt_eflags(&st) & (0x8d5 | IF_MASK | DF_MASK),
                     0x8d5 | IF_MASK);
}

static void test_descriptor_tables(void **state)
{
    static const uint8_t pd[6] = {0xff, 0x03, 0x78, 0x56, 0x34, 0x12};

    memcpy(st.mem + DATA, pd, sizeof(pd));
    /* lgdt [0x8000]; sgdt [0x8010]; o16 lidt [0x8000] */
    RUN(0x0f, 0x01, 0x15, 0x00, 0x80, 0x00, 0x00, 0x0f, 0x01, 0x05, 0x10, 0x80,
        0x00, 0x00, 0x66, 0x0f, 0x01, 0x1d, 0x00, 0x80, 0x00, 0x00);
    assert_int_equal(st.env.gdt.base, 0x12345678);
    assert_int_equal(st.env.gdt.limit, 0x3ff);
    assert_memory_equal(st.mem + DATA + 0x10, pd, sizeof(pd));
    assert_int_equal(st.env.idt.base, 0x345678);
}

/* A block stops before the next page and after max insns. */
static void test_block_bounds(void **state)
{
    TranslationBlock tb = {0};
    uint32_t flags;
    uint8_t nops[32];

    memset(nops, 0x90, sizeof(nops));
    xt_load(&st, 0x2ff0, nops, sizeof(nops));
    st.env.eip = 0x2ff0;
    x86_get_tb_cpu_state(&st.env, &tb.pc, &tb.cs_base, &flags);
    tb.flags = flags;
    x86_translate_block(&st.env, &tb, 0);
    assert_int_equal(tb.size, 0x10);
    x86_translate_block(&st.env, &tb, 5);
    assert_int_equal(tb.icount, 5);
}

static void test_sti_shadow(void **state)
{
    TranslationBlock tb = {0};
    uint32_t flags;

    /* sti; nop: the block ends after STI and sets the shadow */
    RUN(0xfb);
    assert_true(st.env.eflags & IF_MASK);
    /* the engine ran the HLT after it: the shadow was lifted there */
    assert_false(st.env.hflags & HF_INHIBIT_IRQ_MASK);
    st.env.hflags |= HF_INHIBIT_IRQ_MASK;
    st.env.eip = CODE;
    x86_get_tb_cpu_state(&st.env, &tb.pc, &tb.cs_base, &flags);
    tb.flags = flags;
    x86_translate_block(&st.env, &tb, 0);
    assert_int_equal(tb.icount, 1);
    /* The shadowed instruction returns to the loop: no chaining. */
    {
        GString *buf = g_string_new(NULL);
        tcg_dump_ops(tcg_ctx, buf, false);
        assert_null(strstr(buf->str, "goto_tb"));
        assert_null(strstr(buf->str, "goto_ptr"));
        assert_non_null(strstr(buf->str, "exit_tb $0x0"));
        g_string_free(buf, TRUE);
    }
}

static void test_in_asm_log(void **state)
{
    g_autofree char *path =
        g_build_filename(g_get_tmp_dir(), "x86-in-asm.log", NULL);
    g_autofree char *text = NULL;

    assert_true(qemu_set_log_filename(path, NULL));
    assert_true(qemu_set_log(CPU_LOG_TB_IN_ASM, NULL));
    RUN(0x01, 0xd8, 0x90);
    qemu_set_log(0, NULL);
    qemu_log_close();
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    assert_non_null(strstr(text, "IN: \n0x00001000:  01 d8\n"
                                 "0x00001002:  90\n0x00001003:  f4\n"));
    unlink(path);
}

static void test_shifts_rotates(void **state)
{
    uint32_t x = 0x81234567;

    st.env.regs[R_EAX] = x;
    st.env.regs[R_EBX] = x;
    st.env.regs[R_EDX] = x;
    st.env.regs[R_ECX] = 0;
    /* shl eax,4; rol ebx,8; shr edx,cl (cl = 0: flags unchanged) */
    RUN(0xc1, 0xe0, 0x04, 0xc1, 0xc3, 0x08, 0xd3, 0xea);
    assert_int_equal(reg(R_EAX), x << 4);
    assert_int_equal(reg(R_EBX), (x << 8) | (x >> 24));
    assert_int_equal(reg(R_EDX), x);
    /* ROL's CF = low bit of the result; ZF from SHL (non-zero) */
    assert_int_equal(xt_eflags(&st) & (CC_C | CC_Z),
                     (((x << 8) | (x >> 24)) & 1) ? CC_C : 0);
}

static void test_cmpxchg8b(void **state)
{
    uint64_t m = 0x1122334455667788ull;

    memcpy(st.mem + DATA, &m, 8);
    st.env.regs[R_EAX] = (uint32_t)m;
    st.env.regs[R_EDX] = m >> 32;
    st.env.regs[R_EBX] = 1;
    st.env.regs[R_ECX] = 2;
    /* cmpxchg8b [0x8000] */
    RUN(0x0f, 0xc7, 0x0d, 0x00, 0x80, 0x00, 0x00);
    memcpy(&m, st.mem + DATA, 8);
    assert_int_equal(m, 0x200000001ull);
    assert_int_equal(xt_eflags(&st) & CC_Z, CC_Z);
}

/* 0x67 in 32-bit code: 16-bit addressing, the offset wraps at 64 KiB. */
static void test_addr16_prefix(void **state)
{
    uint32_t bx = 0xfff8, off = (bx + 0x10) & 0xffff;

    st.mem[off] = 0x11;
    st.mem[off + 1] = 0x22;
    st.mem[off + 2] = 0x33;
    st.mem[off + 3] = 0x44;
    st.env.regs[R_EBX] = 0x10000 | bx; /* only BX counts */
    /* mov eax, [bx+0x10] (67 8b 47 10); lea ecx, [bx+si+0x10] (67 8d 48 10) */
    st.env.regs[R_ESI] = 0x20;
    RUN(0x67, 0x8b, 0x47, 0x10, 0x67, 0x8d, 0x48, 0x10);
    assert_int_equal(reg(R_EAX), 0x44332211);
    assert_int_equal(reg(R_ECX), (bx + 0x20 + 0x10) & 0xffff);
}

/* Real mode REP MOVSW: SI and DI wrap inside their segments. */
static void test_string16(void **state)
{
    enum { ds = 0x800, es = 0x900 };

    for (int i = 0; i < 6; i++) {
        st.mem[ds * 16 + ((0xfffc + i) & 0xffff)] = (uint8_t)(0xa0 + i);
    }
    st.env.regs[R_ECX] = 3;
    st.env.regs[R_ESI] = 0xfffc;
    st.env.regs[R_EDI] = 0x10;
    /* mov ax,0x800; mov ds,ax; mov ax,0x900; mov es,ax; cld; rep movsw */
    RUN(0xb8, ds & 0xff, ds >> 8, 0x8e, 0xd8, 0xb8, es & 0xff, es >> 8, 0x8e,
        0xc0, 0xfc, 0xf3, 0xa5);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(st.mem[es * 16 + 0x10 + i], 0xa0 + i);
    }
    assert_int_equal(reg(R_ESI), 0x0002);
    assert_int_equal(reg(R_EDI), 0x16);
    assert_int_equal(reg(R_ECX), 0);
}

static void test_xlat_lds(void **state)
{
    st.mem[DATA + 0x45] = 0x99;
    /* far pointer at DATA + 0x200: offset 0x12345678, selector 0x10 */
    st.mem[DATA + 0x200] = 0x78;
    st.mem[DATA + 0x201] = 0x56;
    st.mem[DATA + 0x202] = 0x34;
    st.mem[DATA + 0x203] = 0x12;
    st.mem[DATA + 0x204] = 0x10;
    st.mem[DATA + 0x205] = 0x00;
    st.env.regs[R_EBX] = DATA;
    st.env.regs[R_EAX] = 0x45;
    /* xlat; les esi, [ebx+0x200] */
    RUN(0xd7, 0xc4, 0xb3, 0x00, 0x02, 0x00, 0x00);
    assert_int_equal(reg(R_EAX), 0x99);
    assert_int_equal(reg(R_ESI), 0x12345678);
    assert_int_equal(st.env.segs[R_ES].selector, 0x10);
}

/* ENTER with nesting in 16-bit code, then LEAVE restores SP and BP. */
static void test_enter_leave16(void **state)
{
    uint32_t sp = 0xfffe, bp = 0x1234;

    st.env.regs[R_EBP] = bp;
    /* enter 8, 2: push bp, push [bp-2], push frame; sp -= 8 */
    RUN(0xc8, 0x08, 0x00, 0x02, 0x89, 0xe1, 0x89, 0xea, 0xc9);
    /* mov cx, sp; mov dx, bp (captured after ENTER) */
    assert_int_equal(reg(R_EDX) & 0xffff, sp - 2);
    assert_int_equal(reg(R_ECX) & 0xffff, sp - 2 - 2 * 2 - 8);
    assert_int_equal(st.mem[sp - 2] | st.mem[sp - 1] << 8, bp);
    assert_int_equal(st.mem[sp - 6] | st.mem[sp - 5] << 8, sp - 2);
    assert_int_equal(reg(R_ESP) & 0xffff, sp);
    assert_int_equal(reg(R_EBP) & 0xffff, bp);
}

static void test_loop_jecxz(void **state)
{
    st.env.regs[R_ECX] = 5;
    st.env.regs[R_EAX] = 0;
    /* l: inc eax; loop l; jecxz +1; int3 (skipped); */
    RUN(0x40, 0xe2, 0xfd, 0xe3, 0x01, 0xcc);
    assert_int_equal(reg(R_EAX), 5);
    assert_int_equal(reg(R_ECX), 0);
}

static void test_ins_outs(void **state)
{
    st.mem[DATA] = 1;
    st.mem[DATA + 1] = 2;
    st.mem[DATA + 2] = 3;
    st.in_val = 0x4000;
    st.env.regs[R_EDX] = 0x70;
    st.env.regs[R_ESI] = DATA;
    st.env.regs[R_ECX] = 3;
    st.env.regs[R_EDI] = DATA + 0x100;
    /* rep outsb; mov cl, 2; rep insw */
    RUN(0xf3, 0x6e, 0xb1, 0x02, 0x66, 0xf3, 0x6d);
    assert_int_equal(st.out_count, 3);
    assert_int_equal(st.out_val, 3);
    assert_int_equal(st.mem[DATA + 0x100] | st.mem[DATA + 0x101] << 8,
                     0x4000 + 0x70);
    assert_int_equal(reg(R_EDI), DATA + 0x104);
}

static void test_unimp_log(void **state)
{
    g_autofree char *path =
        g_build_filename(g_get_tmp_dir(), "x86-unimp.log", NULL);
    g_autofree char *text = NULL;
    static const uint8_t code[] = {0x0f, 0x0b};

    assert_true(qemu_set_log_filename(path, NULL));
    assert_true(qemu_set_log(LOG_UNIMP, NULL));
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    qemu_set_log(0, NULL);
    qemu_log_close();
    assert_int_equal(st.vector, EXCP06_ILLOP);
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    assert_non_null(strstr(text, "00001000: 0f 0b"));
    unlink(path);
}

/* MOV SS holds interrupts off for one instruction, then the shadow ends. */
static void test_mov_ss_shadow(void **state)
{
    TranslationBlock tb = {0};
    uint32_t flags;
    static const uint8_t code[] = {0x8e, 0xd0, 0x90}; /* mov ss,ax; nop */

    xt_load(&st, CODE, code, sizeof(code));
    x86_get_tb_cpu_state(&st.env, &tb.pc, &tb.cs_base, &flags);
    tb.flags = flags;
    x86_translate_block(&st.env, &tb, 0);
    assert_int_equal(tb.icount, 1);
    assert_int_equal(xt_run(&st, 1), XT_BUDGET);
    assert_true(st.env.hflags & HF_INHIBIT_IRQ_MASK);
    assert_int_equal(st.env.eip, CODE + 2);
    assert_int_equal(xt_run(&st, 1), XT_BUDGET);
    assert_false(st.env.hflags & HF_INHIBIT_IRQ_MASK);
}

static void test_cr_cpuid_rdtsc(void **state)
{
    st.env.cr[0] = CR0_PE_MASK | CR0_ET_MASK;
    /* mov eax,cr0; or eax,8 (TS); mov cr0,eax; clts; cpuid; rdtsc */
    RUN(0x0f, 0x20, 0xc0, 0x83, 0xc8, 0x08, 0x0f, 0x22, 0xc0, 0x0f, 0x06, 0x0f,
        0xa2, 0x0f, 0x31);
    assert_int_equal(st.env.cr[0], CR0_PE_MASK | CR0_ET_MASK);
    assert_int_equal(reg(R_EBX), 0x756e6547); /* the double's CPUID */
    assert_int_equal(reg(R_EAX), 0x1000);     /* the double's TSC */
}

/* Privileged instructions at CPL 3: #GP before any change. */
static void test_cpl3(void **state)
{
    static const uint8_t code[] = {0x0f, 0x22, 0xc0}; /* mov cr0,eax */

    st.env.hflags |= 3;
    st.env.regs[R_EAX] = 0;
    st.env.cr[0] = CR0_PE_MASK;
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP0D_GPF);
    assert_int_equal(st.env.cr[0], CR0_PE_MASK);
}

/* POP [ESP+4]: the address uses ESP after the pop (SDM vol. 2B, POP). */
static void test_pop_mem_esp(void **state)
{
    uint32_t esp = 0x20000;

    st.mem[esp] = 0x5a;
    st.env.regs[R_ESP] = esp;
    /* pop dword [esp+4] */
    RUN(0x8f, 0x44, 0x24, 0x04);
    assert_int_equal(st.mem[esp + 4 + 4], 0x5a);
    assert_int_equal(reg(R_ESP), esp + 4);
}

/* 15 bytes is the longest instruction (SDM vol. 2A, 2.3.11). */
static void test_insn_length(void **state)
{
    uint8_t code[17];

    memset(code, 0x66, sizeof(code));
    code[14] = 0x90; /* 14 prefixes + NOP: 15 bytes */
    code[15] = 0xf4;
    assert_int_equal(run_code(code, 16), XT_HALT);
    st.env.eip = CODE;
    memset(code, 0x66, sizeof(code));
    code[15] = 0x90; /* 16 bytes */
    assert_int_equal(run_code(code, 16), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP0D_GPF);
    assert_int_equal(st.env.eip, CODE);
}

/* TF: #DB after each instruction, EIP at the next one. */
static void test_single_step(void **state)
{
    static const uint8_t code[] = {0x40, 0x40, 0xeb, 0x00};

    xt_set_eflags(&st, TF_MASK);
    st.env.regs[R_EAX] = 0;
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP01_DB);
    assert_int_equal(st.env.eip, CODE + 1);
    assert_int_equal(reg(R_EAX), 1);
    /* a jump traps at its target */
    st.env.eip = CODE + 2;
    assert_int_equal(xt_run(&st, 10), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP01_DB);
    assert_int_equal(st.env.eip, CODE + 4);
}

/*
 * Any bytes a guest may hold translate into a well-formed block: random
 * code in both modes runs to a HLT, an exception or the block budget,
 * never into a malformed program (XT_ERROR) or an assertion.
 */
static void test_random_bytes(void **state)
{
    GRand *r = g_rand_new_with_seed(20261122);
    int stops[4] = {0};

    for (int i = 0; i < 2000; i++) {
        uint8_t code[48];
        bool code32 = i & 1;

        for (size_t k = 0; k < sizeof(code); k++) {
            code[k] = (uint8_t)g_rand_int(r);
        }
        xt_reset_cpu(&st, code32);
        for (int k = 0; k < 8; k++) {
            st.env.regs[k] =
                g_rand_int_range(r, 0, 2) ? g_rand_int(r) : DATA + 0x100;
        }
        st.env.regs[R_ESP] = code32 ? 0x20000 : 0xfff0;
        st.env.eip = CODE;
        xt_load(&st, CODE, code, sizeof(code));
        stops[xt_run(&st, 20)]++;
    }
    assert_int_equal(stops[XT_ERROR], 0);
    /* The mix is varied enough to mean something. */
    assert_true(stops[XT_EXCEPTION] > 100);
    assert_true(stops[XT_BUDGET] + stops[XT_HALT] > 10);
    g_rand_free(r);
}

/* BOUND: signed bounds from memory, #BR at the instruction. */
static void test_bound(void **state)
{
    static const uint8_t code[] = {0x62, 0x05, 0x00, 0x80, 0x00, 0x00};
    int32_t lo = -5, hi = 100;

    memcpy(st.mem + DATA, &lo, 4);
    memcpy(st.mem + DATA + 4, &hi, 4);
    st.env.regs[R_EAX] = (uint32_t)-5; /* bound eax, [0x8000] */
    assert_int_equal(run_code(code, sizeof(code)), XT_HALT);
    st.env.eip = CODE;
    st.env.regs[R_EAX] = 101;
    assert_int_equal(run_code(code, sizeof(code)), XT_EXCEPTION);
    assert_int_equal(st.vector, EXCP05_BOUND);
    assert_int_equal(st.env.eip, CODE);
}

/* ARPL raises the destination's RPL to the source's and sets ZF. */
static void test_arpl(void **state)
{
    st.env.regs[R_EAX] = 0x12340010;
    st.env.regs[R_ECX] = 0x0023;
    st.env.regs[R_EDX] = 0x0013;
    /* arpl ax, cx; setz bl; arpl ax, dx; setz bh */
    RUN(0x63, 0xc8, 0x0f, 0x94, 0xc3, 0x63, 0xd0, 0x0f, 0x94, 0xc7);
    assert_int_equal(reg(R_EAX), 0x12340013);
    assert_int_equal(reg(R_EBX) & 0xffff, 0x0001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)
#define T16(f) cmocka_unit_test_setup_teardown(f, setup16, teardown)
        T32(test_add_sub_flags),
        T32(test_setcc_after_cmp),
        T32(test_cmp_jcc_no_eflags),
        T32(test_adc_sbb_chain),
        T32(test_mul_div),
        T32(test_div_zero),
        T32(test_idiv_overflow),
        T32(test_illegal),
        T32(test_precise_stack_fault),
        T32(test_rep_string),
        T16(test_real_mode),
        T32(test_operand_size),
        T16(test_operand_size16),
        T32(test_bsf_zero),
        T32(test_io),
        T32(test_int),
        T32(test_pushf_popf),
        T32(test_descriptor_tables),
        T32(test_block_bounds),
        T32(test_sti_shadow),
        T32(test_in_asm_log),
        T32(test_shifts_rotates),
        T32(test_cmpxchg8b),
        T32(test_addr16_prefix),
        T16(test_string16),
        T32(test_xlat_lds),
        T16(test_enter_leave16),
        T32(test_loop_jecxz),
        T32(test_ins_outs),
        T32(test_unimp_log),
        T32(test_mov_ss_shadow),
        T32(test_cr_cpuid_rdtsc),
        T32(test_cpl3),
        T32(test_pop_mem_esp),
        T32(test_insn_length),
        T32(test_single_step),
        T32(test_random_bytes),
        T32(test_bound),
        T32(test_arpl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
