/* The paging test doubles' counters (test-doubles-paging.c). */
#ifndef X86_SYS_TEST_PAGING_H
#define X86_SYS_TEST_PAGING_H

#include "x86-sys-test.h"

extern int test_tlb_page_flushes;
extern int test_tlb_nonglobal_flushes;
extern uint64_t test_tlb_page_flush_addr;

#endif /* X86_SYS_TEST_PAGING_H */
