/*
 * 32-bit paging for TCG (Intel SDM vol. 3A, chapter 4): the page walk
 * the softmmu calls on a TLB miss, and what the walk and INVLPG need from
 * the engine.  Shared by libtcg/target/i386/system/ and libtcg/accel/.
 */
#ifndef X86_MMU_HELPER_H
#define X86_MMU_HELPER_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/cpu-exec.h"
#include "tcg/tcg.h"

/* What a page allows for the MMU index it was walked for. */
#define X86_PROT_READ 1
#define X86_PROT_WRITE 2 /* only once the dirty bit is set */
#define X86_PROT_EXEC 4
#define X86_PROT_GLOBAL 8 /* G set and CR4.PGE: survives a CR3 write */

typedef enum X86Access {
    X86_ACCESS_READ,
    X86_ACCESS_WRITE,
    X86_ACCESS_FETCH,
} X86Access;

/* #PF error code (SDM vol. 3A, 4.7). */
#define PG_ERROR_P_MASK 0x01
#define PG_ERROR_W_MASK 0x02
#define PG_ERROR_U_MASK 0x04
#define PG_ERROR_RSVD_MASK 0x08
#define PG_ERROR_I_D_MASK 0x10

/* Paging-structure entry bits (SDM vol. 3A, tables 4-4 to 4-11). */
#define PG_PRESENT_MASK (1ULL << 0)
#define PG_RW_MASK (1ULL << 1)
#define PG_USER_MASK (1ULL << 2)
#define PG_ACCESSED_MASK (1ULL << 5)
#define PG_DIRTY_MASK (1ULL << 6)
#define PG_PSE_MASK (1ULL << 7)
#define PG_GLOBAL_MASK (1ULL << 8)
#define PG_NX_MASK (1ULL << 63)

/*
 * Translate linear for an access of kind access at mmu_idx
 * (MMU_KERNEL_IDX or MMU_USER_IDX), setting the accessed and dirty bits
 * the access needs.  True with the physical address, the X86_PROT_* of
 * the page and its size (4 KiB, 2 MiB or 4 MiB); false with the #PF
 * error code.  Paging must be on (CR0.PG).
 */
bool x86_cpu_get_physical_page(CPUX86State *env, uint64_t linear,
                               X86Access access, int mmu_idx, uint64_t *phys,
                               int *prot, uint64_t *page_size,
                               uint32_t *error_code);

/* INVLPG m (SDM vol. 2A): drop the translation of one linear address. */
uint64_t helper_invlpg(uint64_t env, uint64_t addr);
extern const TCGHelperInfo helper_info_invlpg;

/* ---- From the engine (cputlb.c) ---- */

/*
 * The host address of size bytes (4 or 8, aligned) of guest-physical RAM
 * holding a paging-structure entry, or NULL outside RAM.
 */
void *x86_phys_pte_ptr(CPUX86State *env, uint64_t paddr, unsigned size);
/* Drop every TLB entry that is not a global page (MOV CR3, SDM 4.10.4.1). */
void tlb_flush_nonglobal(CPUState *cpu);

/* ---- Between the softmmu and the block cache (both in libtcg/accel/) ---- */

/*
 * The physical page of the code at linear pc for the current CPL: a
 * block's key.  Raises #PF (EIP is the block start) when pc cannot be
 * fetched.
 */
uint64_t get_page_addr_code(CPUX86State *env, uint64_t pc);
/* The same without raising, under tb_lock: false when pc cannot be fetched. */
bool probe_page_addr_code(CPUX86State *env, uint64_t pc, uint64_t *page);
/*
 * After a translation failed: if it was a code fetch faulting in the
 * second page after whole instructions, true with *cflags limited to
 * them (translate again); otherwise false.
 */
bool tlb_fetch_fault_retry(CPUState *cpu, uint32_t *cflags);
/* Raise the #PF of a fetch fault in a block's first instruction, if any. */
void tlb_fetch_fault_raise(CPUState *cpu);

#endif /* X86_MMU_HELPER_H */
