/*
 * What the x86 system helpers share among themselves: descriptor table
 * access, the stack of a privilege level, interrupt delivery and the
 * double-fault bookkeeping.  Private to libtcg/target/i386/system/.
 *
 * Memory goes through the softmmu (cpu_ld_mmu/cpu_st_mmu) with retaddr 0:
 * every helper here runs with EIP and CC_OP already synced by the front
 * end (x86-tcg.h), so a fault needs no state restore.  Descriptor tables
 * and TSS reads are system accesses (MMU_KERNEL_IDX) whatever the CPL
 * (Intel SDM vol. 3A, 4.6.1: "implicit supervisor-mode accesses").
 */
#ifndef X86_SYSTEM_H
#define X86_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/cpu-exec.h"
#include "tcg/cputlb.h"
#include "util/log.h"
#include "x86-tcg.h"

/* Selector fields (SDM vol. 3A, 3.4.2). */
#define SEL_RPL_MASK 3
#define SEL_TI_MASK 4
#define SEL_INDEX_MASK 0xfff8

/* Error code bits (SDM vol. 3A, 6.13): EXT, IDT, TI. */
#define ERR_EXT 1
#define ERR_IDT 2

/* System descriptor and gate types (DESC_TYPE field, S clear). */
#define DESC_TYPE_TSS16_AVAIL 1
#define DESC_TYPE_TSS16_BUSY 3
#define DESC_TYPE_CALL_GATE16 4
#define DESC_TYPE_TASK_GATE 5
#define DESC_TYPE_INT_GATE16 6
#define DESC_TYPE_TRAP_GATE16 7
#define DESC_TYPE_TSS32_AVAIL 9
#define DESC_TYPE_TSS32_BUSY 11
#define DESC_TYPE_CALL_GATE32 12
#define DESC_TYPE_INT_GATE32 14
#define DESC_TYPE_TRAP_GATE32 15

/* SegmentCache.flags: bits 8-15 and 20-23 of the high dword. */
#define DESC_FLAGS_MASK 0x00f0ff00u

/* Contributory exceptions (SDM vol. 3A, table 6-4). */
static inline bool x86_excp_is_contributory(int vector)
{
    return vector == EXCP00_DIVZ ||
           (vector >= EXCP0A_TSS && vector <= EXCP0D_GPF);
}

/* Whether the exception pushes an error code (SDM vol. 3A, table 6-1). */
static inline bool x86_excp_has_error_code(int vector)
{
    return vector == EXCP08_DBLE || vector == EXCP0E_PAGE ||
           vector == EXCP11_ALGN ||
           (vector >= EXCP0A_TSS && vector <= EXCP0D_GPF);
}

static inline int x86_cpl(CPUX86State *env)
{
    return env->hflags & HF_CPL_MASK;
}

static inline bool x86_protected_mode(CPUX86State *env)
{
    return (env->cr[0] & CR0_PE_MASK) && !(env->eflags & VM_MASK);
}

/* ---- System memory ---- */

static inline uint32_t x86_ldl_kernel(CPUX86State *env, uint64_t addr)
{
    return cpu_ld_mmu(env, addr & 0xffffffffu, MO_LEUL, MMU_KERNEL_IDX, 0);
}

static inline uint16_t x86_lduw_kernel(CPUX86State *env, uint64_t addr)
{
    return cpu_ld_mmu(env, addr & 0xffffffffu, MO_LEUW, MMU_KERNEL_IDX, 0);
}

static inline void x86_stl_kernel(CPUX86State *env, uint64_t addr, uint32_t val)
{
    cpu_st_mmu(env, addr & 0xffffffffu, val, MO_LEUL, MMU_KERNEL_IDX, 0);
}

/* ---- Descriptors (seg-helper.c) ---- */

/* The two dwords of a segment descriptor or gate. */
typedef struct X86Desc {
    uint32_t e1; /* low: limit 15:0, base 15:0 (gates: offset, selector) */
    uint32_t e2; /* high: base 31:24, flags, limit 19:16, base 23:16 */
} X86Desc;

static inline uint32_t desc_base(const X86Desc *d)
{
    return (d->e1 >> 16) | ((d->e2 & 0xff) << 16) | (d->e2 & 0xff000000);
}

/* The limit in bytes, granularity applied. */
static inline uint32_t desc_limit(const X86Desc *d)
{
    uint32_t limit = (d->e1 & 0xffff) | (d->e2 & 0x000f0000);

    return (d->e2 & DESC_G_MASK) ? (limit << 12) | 0xfff : limit;
}

static inline int desc_dpl(const X86Desc *d)
{
    return (d->e2 >> DESC_DPL_SHIFT) & 3;
}

static inline int desc_type(const X86Desc *d)
{
    return (d->e2 >> DESC_TYPE_SHIFT) & 15;
}

static inline bool desc_present(const X86Desc *d)
{
    return d->e2 & DESC_P_MASK;
}

/* A code segment (S set, type bit 3 set). */
static inline bool desc_is_code(const X86Desc *d)
{
    return (d->e2 & (DESC_S_MASK | DESC_CS_MASK)) ==
           (DESC_S_MASK | DESC_CS_MASK);
}

/*
 * Read the descriptor selector names from the GDT or LDT (TI bit); false
 * when it lies beyond the table's limit (or the LDT is null).
 */
bool x86_read_desc(CPUX86State *env, uint32_t selector, X86Desc *d);
/* Set the accessed bit in memory (SDM vol. 3A, 3.4.5.1) if clear. */
void x86_set_desc_accessed(CPUX86State *env, uint32_t selector, X86Desc *d);
/*
 * LDTR or TR (sc) from a system descriptor, or unusable (all zero) for
 * a null selector (d NULL).
 */
void x86_load_system_seg(SegmentCache *sc, uint32_t selector,
                         const X86Desc *d);
/* Load seg_reg's visible and hidden parts from a descriptor. */
void x86_load_seg_desc(CPUX86State *env, int seg_reg, uint32_t selector,
                       const X86Desc *d);
/*
 * The inner stack for privilege level dpl from the current TSS
 * (SDM vol. 3A, 7.2.1); #TS(TSS selector) when beyond its limit.
 */
void x86_tss_get_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp);
/*
 * Check the stack segment of an inner stack (ss from the TSS for a ring
 * change to dpl); raises #TS(ss + ext) or #SS(ss + ext).
 */
void x86_check_inner_ss(CPUX86State *env, uint32_t ss, int dpl, int ext,
                        X86Desc *d);
/*
 * After a return to an outer level: null the data segment registers the
 * new CPL may not use (SDM vol. 2A, RET and IRET: "FOR each of ES, FS,
 * GS, and DS").
 */
void x86_validate_data_segs(CPUX86State *env, int cpl);

/* ---- The stack of a transfer ---- */

/*
 * A stack pointer being pushed to or popped from: base and SP size of
 * the stack segment (SDM vol. 3A, 6.2.3: SS.B selects SP or ESP), so
 * that every access comes before any register write.
 */
typedef struct X86Stack {
    uint64_t base;
    uint32_t sp;
    uint32_t mask; /* 0xffff or 0xffffffff */
    unsigned mmu_idx;
} X86Stack;

static inline uint32_t x86_ss_mask(uint32_t ss_flags)
{
    return (ss_flags & DESC_B_MASK) ? 0xffffffffu : 0xffffu;
}

static inline void x86_stack_init(X86Stack *st, uint64_t base, uint32_t sp,
                                  uint32_t ss_flags, int cpl)
{
    st->base = base;
    st->sp = sp;
    st->mask = x86_ss_mask(ss_flags);
    st->mmu_idx = cpl == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

/* The current stack (SS:ESP) at the current CPL. */
static inline void x86_stack_current(X86Stack *st, CPUX86State *env)
{
    x86_stack_init(st, env->segs[R_SS].base, env->regs[R_ESP],
                   env->segs[R_SS].flags, x86_cpl(env));
}

static inline uint64_t x86_stack_addr(const X86Stack *st)
{
    return (st->base + (st->sp & st->mask)) & 0xffffffffu;
}

/* Push a word (shift 0) or dword (shift 1). */
static inline void x86_push(CPUX86State *env, X86Stack *st, int shift,
                            uint32_t val)
{
    MemOp mop = shift ? MO_LEUL : MO_LEUW;

    st->sp = (st->sp & ~st->mask) | ((st->sp - (2u << shift)) & st->mask);
    cpu_st_mmu(env, x86_stack_addr(st), val, mop, st->mmu_idx, 0);
}

static inline uint32_t x86_pop(CPUX86State *env, X86Stack *st, int shift)
{
    MemOp mop = shift ? MO_LEUL : MO_LEUW;
    uint32_t val = cpu_ld_mmu(env, x86_stack_addr(st), mop, st->mmu_idx, 0);

    st->sp = (st->sp & ~st->mask) | ((st->sp + (2u << shift)) & st->mask);
    return val;
}

/* Release n bytes (RET imm16). */
static inline void x86_stack_drop(X86Stack *st, uint32_t n)
{
    st->sp = (st->sp & ~st->mask) | ((st->sp + n) & st->mask);
}

/*
 * Write the stack pointer back.  sp started as a full ESP (the current
 * one or the TSS's) and the pushes and pops changed only the bits
 * st->mask covers, as a 16-bit stack keeps ESP's high half.
 */
static inline void x86_stack_commit(CPUX86State *env, const X86Stack *st)
{
    env->regs[R_ESP] = st->sp;
}

/* ---- EFLAGS ---- */

/*
 * Set or clear system bits of EFLAGS without going through the lazy
 * flags: only TF, IF, NT, RF, VM, AC, VIF, VIP, IOPL live in env->eflags
 * while TCG runs (x86-tcg.h).
 */
static inline void x86_clear_eflags(CPUX86State *env, uint32_t mask)
{
    env->eflags &= ~(uint64_t)mask;
}

/* ---- Interrupt delivery (delivery.c) ---- */

/*
 * Deliver vector through the IVT (real mode) or IDT (protected mode).
 * is_int: INT n/INT3/INTO (return to next_eip, gate DPL checked);
 * is_hw: an external interrupt or NMI; error_code is pushed for the
 * exceptions that have one.  Raises on a fault during delivery.
 */
void x86_do_interrupt_all(CPUX86State *env, int vector, bool is_int, bool is_hw,
                          int error_code, uint64_t next_eip);

/* ---- Task switches (task-helper.c) ---- */

/*
 * What starts a task switch: JMP (the old task's busy bit goes), CALL or
 * an interrupt/exception (a nested task: back link and NT), IRET (back
 * to the previous task, which is busy already).
 */
typedef enum X86TaskSource {
    X86_TASK_JMP,
    X86_TASK_CALL,
    X86_TASK_IRET,
} X86TaskSource;

/*
 * Switch to the task of TSS descriptor tss (selector); next_eip is saved
 * as the old task's EIP.  Raises #TS/#NP(selector + ext) for a bad TSS,
 * then after the switch the new task's segment faults.
 */
void x86_task_switch(CPUX86State *env, uint32_t selector, const X86Desc *tss,
                     X86TaskSource source, uint32_t next_eip, int ext);
/* Through a task gate (IDT, or JMP/CALL): #GP for a bad TSS selector. */
void x86_task_gate(CPUX86State *env, const X86Desc *gate, X86TaskSource source,
                   uint32_t next_eip, int ext);
/* IRET with NT set: back to the task of the current TSS's back link. */
void x86_task_return(CPUX86State *env, uint32_t next_eip);

/* ---- Exceptions (excp-helper.c) ---- */

/*
 * The exception-delivery failure and triple fault path (a fault while
 * delivering #DF, SDM vol. 3A, 6.15 "Interrupt 8"): ask for a machine
 * reset as the chipset's shutdown cycle does and stop the CPU.
 */
G_NORETURN void x86_triple_fault(CPUX86State *env);

#endif /* X86_SYSTEM_H */
