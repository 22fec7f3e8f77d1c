/*
 * A test-local execution engine for the x86 front end, until the real
 * one (cpu_exec, the TB cache, the softmmu) exists: translate a block,
 * optimise, run it in the interpreter, repeat.  Guest memory is a flat
 * 16 MiB array (linear = physical); the system helpers of x86-tcg.h are
 * test doubles that record what they were asked (vectors, ports) and stop
 * the run where the real ones would deliver an exception.
 */
#ifndef X86_TEST_ENGINE_H
#define X86_TEST_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "x86-tcg.h"

/* Enough for the differential tester's fixed addresses (64 MiB up). */
#define XT_MEM_SIZE (80u << 20)

typedef enum XTStop {
    XT_HALT,      /* HLT */
    XT_EXCEPTION, /* a guest exception: XTState.vector */
    XT_BUDGET,    /* block budget used up */
    XT_ERROR,     /* the interpreter rejected a program */
} XTStop;

typedef struct XTState {
    CPUX86State env;
    uint8_t *mem; /* XT_MEM_SIZE bytes */
    int vector;   /* XT_EXCEPTION */
    int error_code;
    bool is_int; /* raised by INT n / INT3 / INTO */
    uint32_t fault_addr;
    /* I/O doubles: the last OUT, and what IN returns. */
    uint32_t out_port, out_val, out_count;
    uint32_t in_val;
    /* Statistics. */
    long blocks, insns, ops_before, ops_after;
    bool optimize; /* run tcg_optimize + liveness (default on) */
} XTState;

/* The state xt_run is running (for the helper doubles). */
extern __thread XTState *xt_cur;

/* A CPU in flat 32-bit protected mode (or 16-bit real mode), CPL 0. */
void xt_init(XTState *st, bool code32);
void xt_free(XTState *st);
/* Back to that state without touching memory. */
void xt_reset_cpu(XTState *st, bool code32);
/* Copy code into memory at linear address addr. */
void xt_load(XTState *st, uint32_t addr, const void *code, uint32_t len);
/* Run from CS:EIP for at most max_blocks blocks. */
XTStop xt_run(XTState *st, long max_blocks);
/* EFLAGS as the guest would see it (lazy flags folded in). */
uint32_t xt_eflags(XTState *st);
void xt_set_eflags(XTState *st, uint32_t eflags);

#endif /* X86_TEST_ENGINE_H */
