/*
 * The softmmu TLB: per vCPU and per MMU index, a direct-mapped table of
 * guest pages with the host address of the page's RAM.
 *
 * Generated code inlines the fast path (tcg-codegen.h): it loads the table
 * pointer from env + CPUTLB_ENV_OFFSET(env layout), indexes it with the
 * guest page number, compares the page address of the access's last byte
 * with the tag of the access kind, and on a match uses addr + addend as
 * the host address.  Any flag bit in a tag (invalid, MMIO, watched code)
 * makes the compare fail, so everything special goes through the slow
 * path, helper_ld_mmu()/helper_st_mmu().
 */
#ifndef TCG_CPUTLB_H
#define TCG_CPUTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg.h"

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ULL << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

/* Entries per MMU index (a power of two). */
#define CPU_TLB_BITS 10
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)

/*
 * MMU indices (the low 4 bits of a MemOpIdx).  Paging will give kernel
 * and user accesses different permissions; MMU_PHYS_IDX maps linear =
 * physical for page walks and firmware tables.
 */
#define MMU_KERNEL_IDX 0
#define MMU_USER_IDX 1
#define MMU_PHYS_IDX 2
#define NB_MMU_MODES 3

/*
 * Tag flag bits, below the page bits.  The page address of an invalid
 * entry is TLB_INVALID_MASK | all ones, which no access matches.
 */
#define TLB_INVALID_MASK (1u << 11) /* no translation: take the slow path */
#define TLB_MMIO (1u << 10)         /* not RAM: memory API dispatch */
#define TLB_NOTDIRTY (1u << 9)      /* page holds translated code */
#define TLB_FLAGS_MASK (TLB_INVALID_MASK | TLB_MMIO | TLB_NOTDIRTY)
/* Room for paging's permission and accessed/dirty tracking: bits 0-8. */

typedef struct CPUTLBEntry {
    uint64_t addr_read;  /* page | flags, for loads */
    uint64_t addr_write; /* page | flags, for stores */
    uint64_t addr_code;  /* page | flags, for instruction fetch */
    uintptr_t addend;    /* host address = guest address + addend */
} CPUTLBEntry;

/* The table env's tlb pointer points at: [mmu_idx][index]. */
typedef struct CPUTLBTable {
    CPUTLBEntry e[NB_MMU_MODES][CPU_TLB_SIZE];
} CPUTLBTable;

#define CPUTLB_ENTRY_BITS 5 /* log2(sizeof(CPUTLBEntry)) on 64-bit hosts */

static inline unsigned tlb_index(uint64_t addr)
{
    return (addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1);
}

/*
 * The slow paths, with the uniform helper ABI (tcg.h).  env is the CPU
 * state, oi the MemOpIdx, retaddr the host address just after the call in
 * generated code (0 when the caller has already made the guest state
 * exact, e.g. a helper that synced EIP).  A fault restores the guest
 * state of the instruction at retaddr and leaves the block
 * (cpu_loop_exit); it never returns.  Loads return the value zero-extended
 * (the caller applies MO_SIGN).
 */
uint64_t helper_ld_mmu(uint64_t env, uint64_t addr, uint64_t oi,
                       uint64_t retaddr);
uint64_t helper_st_mmu(uint64_t env, uint64_t addr, uint64_t val,
                       uint64_t oi, uint64_t retaddr);

#endif /* TCG_CPUTLB_H */
