/*
 * A test-local engine for the x86 system helpers: a real X86CPU (the
 * libmachine model, reset to its power-on state), guest memory as a flat
 * array behind test versions of cpu_ld_mmu/cpu_st_mmu (test-doubles.c),
 * cpu_loop_exit() as a siglongjmp back to the test, and descriptor
 * table builders.  The front end's EFLAGS functions are test doubles
 * too: here the arithmetic flags simply stay in env->eflags.
 */
#ifndef X86_SYS_TEST_H
#define X86_SYS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "x86-system.h"

/* Guest RAM: 1 MiB at 0. */
#define TEST_RAM_SIZE 0x100000u
/* A window of linear addresses whose accesses raise #PF (CR2 set). */
#define TEST_UNMAPPED_BASE 0x80000u
#define TEST_UNMAPPED_END 0x81000u

extern uint8_t test_ram[TEST_RAM_SIZE];
extern int test_tlb_flushes;
extern sigjmp_buf test_exit_jmp;
extern bool test_exit_armed;
/* Whether an access to the unmapped window faults (else it is RAM). */
extern bool test_unmapped_faults;

/* ---- Memory ---- */

static inline uint32_t mem_ldl(uint32_t addr)
{
    uint32_t v;

    memcpy(&v, &test_ram[addr], 4);
    return v;
}

static inline uint16_t mem_lduw(uint32_t addr)
{
    uint16_t v;

    memcpy(&v, &test_ram[addr], 2);
    return v;
}

static inline void mem_stl(uint32_t addr, uint32_t v)
{
    memcpy(&test_ram[addr], &v, 4);
}

static inline void mem_stw(uint32_t addr, uint16_t v)
{
    memcpy(&test_ram[addr], &v, 2);
}

/* ---- Leaving helpers ---- */

/*
 * Run stmt (a helper call) as generated code would: -1 when it returns,
 * else the CPUState.exception_index it left with.
 */
#define TEST_RUN(cs, stmt)                                                     \
    ({                                                                         \
        volatile int r_ = -1;                                                  \
        if (sigsetjmp(test_exit_jmp, 0) == 0) {                                \
            test_exit_armed = true;                                            \
            stmt;                                                              \
        } else {                                                               \
            r_ = (cs)->exception_index;                                        \
        }                                                                      \
        test_exit_armed = false;                                               \
        r_;                                                                    \
    })

/*
 * What cpu_exec() does with a raised exception: x86_cpu_do_interrupt()
 * until it is delivered (-1) or the CPU stops (EXCP_HLT ...); a fault
 * during delivery raises again and is delivered in turn.  *deliveries
 * (if not NULL) counts the calls.
 */
int test_deliver(CPUState *cs, int *deliveries);

/* ---- The CPU ---- */

/*
 * A realized CPU of -cpu model (index 0: the BSP), owned by the stand-in
 * machine container that test_setup() makes and test_teardown() drops
 * (test RAM cleared, counters zeroed).
 */
X86CPU *test_cpu_create(const char *model, int index);
int test_setup(void **state);
int test_teardown(void **state);
#define sys_test(f)                                                            \
    cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

/* ---- Descriptor tables ---- */

#define TEST_GDT_BASE 0x1000u
#define TEST_IDT_BASE 0x2000u
#define TEST_TSS_BASE 0x3000u
#define TEST_LDT_BASE 0x3800u

/* Access bytes (P, DPL, S, type) for the builders. */
#define ACC_P 0x80
#define ACC_DPL(n) ((n) << 5)
#define ACC_S 0x10
#define ACC_CODE 0x1a /* S, code, readable */
#define ACC_DATA 0x12 /* S, data, writable */
#define ACC_A 0x01
/* Flags nibble: G and D/B. */
#define FLG_G 0x8
#define FLG_DB 0x4

/* Descriptor number index of the GDT. */
static inline void test_set_desc(uint32_t table, int index, uint32_t base,
                                 uint32_t limit, uint8_t access, uint8_t flg)
{
    uint32_t e1 = (limit & 0xffff) | (base << 16);
    uint32_t e2 = ((base >> 16) & 0xff) | (base & 0xff000000) |
                  (limit & 0xf0000) | ((uint32_t)access << 8) |
                  ((uint32_t)flg << 20);

    mem_stl(table + index * 8, e1);
    mem_stl(table + index * 8 + 4, e2);
}

static inline uint32_t test_desc_high(uint32_t table, int index)
{
    return mem_ldl(table + index * 8 + 4);
}

/* A gate (interrupt/trap/call/task) of type in table at index. */
static inline void test_set_gate(uint32_t table, int index, uint16_t selector,
                                 uint32_t offset, int type, int dpl,
                                 bool present, int params)
{
    uint32_t e1 = (offset & 0xffff) | ((uint32_t)selector << 16);
    uint32_t e2 = (offset & 0xffff0000) | ((uint32_t)type << 8) |
                  ((uint32_t)dpl << 13) | (present ? 0x8000 : 0) |
                  (params & 0x1f);

    mem_stl(table + index * 8, e1);
    mem_stl(table + index * 8 + 4, e2);
}

/*
 * The standard protected-mode layout of the tests: GDT with
 *   0x08 flat 32-bit ring 0 code, 0x10 flat ring 0 data,
 *   0x1b flat ring 3 code, 0x23 flat ring 3 data,
 *   0x28 32-bit TSS at TEST_TSS_BASE (ESP0 0x9000, SS0 0x10),
 *   0x30 16-bit code based at 0x10000, 0x38 not-present data,
 *   0x40 not-present code, 0x48 read-only data, 0x50 ring 0 code
 *   without the accessed bit;
 * an empty IDT of 256 gates at TEST_IDT_BASE; CR0.PE with CS 0x08,
 * DS/ES/SS 0x10, ESP 0x8000.
 */
#define SEL_CODE0 0x08
#define SEL_DATA0 0x10
#define SEL_CODE3 0x1b
#define SEL_DATA3 0x23
#define SEL_TSS 0x28
#define SEL_CODE16 0x30
#define SEL_NP_DATA 0x38
#define SEL_NP_CODE 0x40
#define SEL_RO_DATA 0x48
#define SEL_CODE0_NA 0x50
#define TEST_ESP0 0x9000u
void test_enter_protected(CPUX86State *env);
/* Switch to ring 3 code/data (flat), ESP esp. */
void test_enter_ring3(CPUX86State *env, uint32_t esp);

#endif /* X86_SYS_TEST_H */
