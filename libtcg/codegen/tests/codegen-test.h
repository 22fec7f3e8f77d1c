/*
 * Shared by the code generator's tests: the test CPU state of tcg-test.h
 * followed by the TLB pointer the inline fast path loads, and running a
 * block both ways: the interpreter (the oracle) and the generated code.
 */
#ifndef TCG_CODEGEN_TEST_H
#define TCG_CODEGEN_TEST_H

#include <stdio.h>

#include "tcg-test.h"

#include "tcg/cputlb.h"
#include "tcg/tcg-codegen.h"

typedef struct CGEnv {
    TestEnv e; /* first: tci and globals see only this part */
    CPUTLBTable *tlb;
} CGEnv;

/*
 * Compile the current ops of t (already through liveness) into buf,
 * resetting the buffer once if it is full.
 */
static inline void cg_compile(TestCtx *t, TCGCodeBuffer *buf, TCGHostTB *tb)
{
    int rc = tcg_gen_code(&t->s, buf, tb);
    if (rc == -1) {
        tcg_code_buffer_reset(buf);
        rc = tcg_gen_code(&t->s, buf, tb);
    }
    if (rc != 0) {
        char *ops = test_dump(t, true);
        fail_msg("tcg_gen_code returned %d; ops:\n%s", rc, ops);
        g_free(ops);
    }
}

static inline void cg_fail_dump(TestCtx *t, const char *what)
{
    char *ops = test_dump(t, true);
    fputs(ops, stderr);
    g_free(ops);
    fail_msg("%s differs (ops above)", what);
}

#endif /* TCG_CODEGEN_TEST_H */
