/*
 * Shared by libtcg's tests: a small CPU state, its globals, and running a
 * translated block in the interpreter.
 */
#ifndef TCG_TEST_H
#define TCG_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tcg/tcg-op.h"
#include "tcg/tci.h"

typedef struct TestEnv {
    uint32_t r32[8];
    uint64_t r64[8];
    uint8_t scratch[64];    /* ld/st through env */
} TestEnv;

typedef struct TestCtx {
    TCGContext s;
    TCGv_i32 g32[8];
    TCGv_i64 g64[8];
} TestCtx;

static inline void test_ctx_init(TestCtx *t)
{
    static const char *const n32[8] = { "eax", "ecx", "edx", "ebx",
                                        "esp", "ebp", "esi", "edi" };
    static const char *const n64[8] = { "r0", "r1", "r2", "r3",
                                        "r4", "r5", "r6", "r7" };
    tcg_context_init(&t->s, sizeof(TestEnv), 2);
    for (int i = 0; i < 8; i++) {
        t->g32[i] = tcg_global_mem_new_i32(
            offsetof(TestEnv, r32) + 4 * i, n32[i]);
    }
    for (int i = 0; i < 8; i++) {
        t->g64[i] = tcg_global_mem_new_i64(
            offsetof(TestEnv, r64) + 8 * i, n64[i]);
    }
    tcg_func_start(&t->s);
}

/* The ops as -d op prints them, without liveness annotations. */
static inline char *test_dump(TestCtx *t, bool life)
{
    GString *buf = g_string_new(NULL);
    tcg_dump_ops(&t->s, buf, life);
    return g_string_free(buf, FALSE);
}

static inline TCIExit test_run(TestCtx *t, TestEnv *env, const TCIMemOps *mem,
                               void *opaque, TCIResult *res)
{
    TCIProg *p = tci_prog_new(&t->s);
    TCIExit e = tci_exec(p, env, mem, opaque, res);
    tci_prog_free(p);
    return e;
}

#endif /* TCG_TEST_H */
