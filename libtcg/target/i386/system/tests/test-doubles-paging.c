/*
 * Test doubles for what paging needs from the engine (mmu-helper.h):
 * the host address of a paging-structure entry in test_ram, and the TLB
 * flushes INVLPG and MOV CR3 ask for, counted.
 */
#include "mmu-helper.h"
#include "x86-sys-test-paging.h"

int test_tlb_page_flushes;
int test_tlb_nonglobal_flushes;
uint64_t test_tlb_page_flush_addr;

void *x86_phys_pte_ptr(CPUX86State *env, uint64_t paddr, unsigned size)
{
    if (paddr + size > TEST_RAM_SIZE) {
        return NULL;
    }
    return &test_ram[paddr];
}

void tlb_flush_nonglobal(CPUState *cpu)
{
    /* Counted with the full flushes too: the CR tests count CR3 loads. */
    test_tlb_flushes++;
    test_tlb_nonglobal_flushes++;
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    test_tlb_page_flushes++;
    test_tlb_page_flush_addr = addr;
}
