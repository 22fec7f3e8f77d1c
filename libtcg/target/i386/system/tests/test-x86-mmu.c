/*
 * The page walk against Intel SDM vol. 3A, chapter 4: 2-level paging
 * with 4 KiB and 4 MiB pages (4.3), PAE paging with 4 KiB and 2 MiB
 * pages and execute-disable (4.4), access rights with CR0.WP (4.6), the
 * #PF error code (4.7), accessed and dirty bits (4.8), global pages and
 * the TLB flushes of INVLPG and MOV CR3 (4.10).  Page tables live in
 * test_ram; the walk reads and updates them there.
 */
#include "mmu-helper.h"
#include "x86-sys-test-paging.h"

#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"

#define PD 0x10000u /* page directory (2-level) or PAE page directory */
#define PT 0x11000u /* a page table */
#define PDPT 0x12000u

#define P PG_PRESENT_MASK
#define RW PG_RW_MASK
#define US PG_USER_MASK
#define A PG_ACCESSED_MASK
#define D PG_DIRTY_MASK
#define PS PG_PSE_MASK
#define G PG_GLOBAL_MASK

/* One walk's outcome. */
typedef struct Result {
    bool ok;
    uint64_t phys;
    int prot;
    uint64_t size;
    uint32_t err;
} Result;

static Result walk(CPUX86State *env, uint32_t la, X86Access access, int mmu_idx)
{
    Result r = {0};

    r.ok = x86_cpu_get_physical_page(env, la, access, mmu_idx, &r.phys, &r.prot,
                                     &r.size, &r.err);
    return r;
}

static uint64_t mem_ldq(uint32_t addr)
{
    uint64_t v;

    memcpy(&v, &test_ram[addr], 8);
    return v;
}

static void mem_stq(uint32_t addr, uint64_t v)
{
    memcpy(&test_ram[addr], &v, 8);
}

static X86CPU *paging_cpu(uint64_t cr4, bool wp)
{
    X86CPU *cpu = test_cpu_create("SandyBridge", 0);
    CPUX86State *env = &cpu->env;

    env->cr[0] =
        CR0_PE_MASK | CR0_PG_MASK | CR0_ET_MASK | (wp ? CR0_WP_MASK : 0);
    env->cr[3] = (cr4 & CR4_PAE_MASK) ? PDPT : PD;
    env->cr[4] = cr4;
    test_tlb_page_flushes = test_tlb_nonglobal_flushes = 0;
    return cpu;
}

/* 2-level paging: linear 0x00403000 -> PD[1] -> PT[3]. */
#define LA_4K 0x00403123u

static void test_2level_4k(void **state)
{
    CPUX86State *env = &paging_cpu(0, true)->env;
    uint32_t pde = PD + 1 * 4, pte = PT + 3 * 4;
    Result r;

    mem_stl(pde, PT | P | RW | US);
    mem_stl(pte, 0x00777000u | P | RW | US);

    /* A read: the address, read and exec, no write until D is set. */
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.phys == 0x00777123u);
    assert_true(r.size == 4096);
    assert_int_equal(r.prot, X86_PROT_READ | X86_PROT_EXEC);
    assert_true(mem_ldl(pde) & A);
    assert_true(mem_ldl(pte) & A);
    assert_false(mem_ldl(pte) & D);
    assert_false(mem_ldl(pde) & D);

    /* A write sets D in the PTE only, and the page becomes writable. */
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_USER_IDX);
    assert_true(r.ok);
    assert_true(mem_ldl(pte) & D);
    assert_false(mem_ldl(pde) & D);
    assert_int_equal(r.prot, X86_PROT_READ | X86_PROT_WRITE | X86_PROT_EXEC);
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.prot & X86_PROT_WRITE);
}

static void test_2level_not_present(void **state)
{
    CPUX86State *env = &paging_cpu(0, true)->env;
    Result r;

    /* PDE not present: error code W and U only, no A anywhere. */
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, 0);
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_KERNEL_IDX);
    assert_int_equal(r.err, PG_ERROR_W_MASK);
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_USER_IDX);
    assert_int_equal(r.err, PG_ERROR_W_MASK | PG_ERROR_U_MASK);

    /* PTE not present; the PDE is not marked accessed either. */
    mem_stl(PD + 4, PT | P | RW | US);
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_USER_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_U_MASK);
    assert_false(mem_ldl(PD + 4) & A);
    /* Without NX, a fetch fault has no I/D bit. */
    r = walk(env, LA_4K, X86_ACCESS_FETCH, MMU_KERNEL_IDX);
    assert_int_equal(r.err, 0);
}

static void test_2level_rights(void **state)
{
    X86CPU *cpu = paging_cpu(0, true);
    CPUX86State *env = &cpu->env;
    Result r;

    /* Supervisor in the PDE, user in the PTE: the AND is supervisor. */
    mem_stl(PD + 4, PT | P | RW);
    mem_stl(PT + 12, 0x00777000u | P | RW | US);
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_USER_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_U_MASK);
    assert_true(walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX).ok);

    /* Read-only in the PTE: user writes fault, and with WP kernel ones. */
    mem_stl(PD + 4, PT | P | RW | US);
    mem_stl(PT + 12, 0x00777000u | P | US);
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_USER_IDX);
    assert_int_equal(r.err,
                     PG_ERROR_P_MASK | PG_ERROR_W_MASK | PG_ERROR_U_MASK);
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_KERNEL_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_W_MASK);
    assert_false(mem_ldl(PT + 12) & D);
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_USER_IDX);
    assert_true(r.ok);
    assert_false(r.prot & X86_PROT_WRITE);

    /* CR0.WP clear: the kernel writes anyway (and sets D). */
    env->cr[0] &= ~CR0_WP_MASK;
    r = walk(env, LA_4K, X86_ACCESS_WRITE, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.prot & X86_PROT_WRITE);
    assert_true(mem_ldl(PT + 12) & D);
    /* ... but not for the user. */
    r = walk(env, LA_4K, X86_ACCESS_READ, MMU_USER_IDX);
    assert_false(r.prot & X86_PROT_WRITE);
}

static void test_2level_4m(void **state)
{
    CPUX86State *env = &paging_cpu(CR4_PSE_MASK, true)->env;
    uint32_t la = 0x00c12345u; /* PD[3] */
    Result r;

    mem_stl(PD + 3 * 4, 0x01800000u | P | RW | PS);
    r = walk(env, la, X86_ACCESS_WRITE, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.phys == 0x01812345u);
    assert_true(r.size == 4u << 20);
    assert_true((mem_ldl(PD + 12) & (A | D)) == (A | D));

    /* PSE-36: bits 20:13 of the PDE are physical bits 39:32. */
    mem_stl(PD + 3 * 4, 0x01800000u | (0x5u << 13) | P | RW | PS);
    r = walk(env, la, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.phys == 0x501812345ULL);

    /* Bit 21 is reserved: P | RSVD. */
    mem_stl(PD + 3 * 4, 0x01800000u | (1u << 21) | P | RW | PS);
    r = walk(env, la, X86_ACCESS_WRITE, MMU_USER_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK |
                                PG_ERROR_W_MASK | PG_ERROR_U_MASK);

    /* Without CR4.PSE, PS is ignored: the PDE points at a page table. */
    env->cr[4] = 0;
    mem_stl(PD + 3 * 4, PT | P | RW | PS);
    mem_stl(PT + 0x12 * 4, 0x00555000u | P);
    r = walk(env, la, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.phys == 0x00555345u);
    assert_true(r.size == 4096);
}

static void test_global(void **state)
{
    CPUX86State *env = &paging_cpu(CR4_PGE_MASK, true)->env;

    mem_stl(PD + 4, PT | P | RW);
    mem_stl(PT + 12, 0x00777000u | P | RW | G);
    assert_true(walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX).prot &
                X86_PROT_GLOBAL);
    /* G means nothing without CR4.PGE. */
    env->cr[4] = 0;
    assert_false(walk(env, LA_4K, X86_ACCESS_READ, MMU_KERNEL_IDX).prot &
                 X86_PROT_GLOBAL);
}

/* PAE: linear 0x40603123 -> PDPT[1] -> PD[3] -> PT[3]. */
#define LA_PAE 0x40603123u

static void pae_map_4k(uint64_t pte)
{
    mem_stq(PDPT + 8, PD | P);
    mem_stq(PD + 3 * 8, PT | P | RW | US);
    mem_stq(PT + 3 * 8, pte);
}

static void test_pae_4k_2m(void **state)
{
    CPUX86State *env = &paging_cpu(CR4_PAE_MASK, true)->env;
    Result r;

    /* Physical addresses above 4 GiB (MAXPHYADDR 36). */
    pae_map_4k(0x876543000ULL | P | RW);
    r = walk(env, LA_PAE, X86_ACCESS_WRITE, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.phys == 0x876543123ULL);
    assert_true(r.size == 4096);
    assert_true((mem_ldq(PT + 24) & (A | D)) == (A | D));
    assert_true(mem_ldq(PD + 24) & A);
    /* The PDPTE has no accessed bit (bit 5 is reserved there). */
    assert_false(mem_ldq(PDPT + 8) & A);

    /* 2 MiB page. */
    mem_stq(PD + 3 * 8, 0x1fe00000ULL | P | RW | PS);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_true(r.phys == 0x1fe03123ULL);
    assert_true(r.size == 2u << 20);
    assert_true(mem_ldq(PD + 24) & A);
    assert_false(mem_ldq(PD + 24) & D);
    /* Bits 20:13 of a 2 MiB PDE are reserved. */
    mem_stq(PD + 3 * 8, 0x1fe00000ULL | (1u << 13) | P | RW | PS);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK);
}

static void test_pae_reserved(void **state)
{
    CPUX86State *env = &paging_cpu(CR4_PAE_MASK, true)->env;
    Result r;

    /* Above MAXPHYADDR. */
    pae_map_4k((1ULL << 40) | 0x5000 | P | RW);
    r = walk(env, LA_PAE, X86_ACCESS_WRITE, MMU_USER_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK |
                                PG_ERROR_W_MASK | PG_ERROR_U_MASK);
    assert_false(mem_ldq(PT + 24) & A);
    /* XD without EFER.NXE is reserved. */
    pae_map_4k(PG_NX_MASK | 0x5000 | P | RW);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK);
    /* A PDPTE with R/W (bit 1) set. */
    pae_map_4k(0x5000 | P | RW);
    mem_stq(PDPT + 8, PD | P | RW);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_RSVD_MASK);
    /* A not-present PDPTE. */
    mem_stq(PDPT + 8, 0);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_int_equal(r.err, 0);
}

static void test_pae_nx(void **state)
{
    CPUX86State *env = &paging_cpu(CR4_PAE_MASK, true)->env;
    Result r;

    env->efer |= MSR_EFER_NXE;
    pae_map_4k(PG_NX_MASK | 0x5000 | P | RW);
    r = walk(env, LA_PAE, X86_ACCESS_READ, MMU_KERNEL_IDX);
    assert_true(r.ok);
    assert_false(r.prot & X86_PROT_EXEC);
    r = walk(env, LA_PAE, X86_ACCESS_FETCH, MMU_KERNEL_IDX);
    assert_false(r.ok);
    assert_int_equal(r.err, PG_ERROR_P_MASK | PG_ERROR_I_D_MASK);
    /* XD in the PDE covers the whole table. */
    pae_map_4k(0x5000 | P | RW);
    mem_stq(PD + 3 * 8, PT | P | RW | US | PG_NX_MASK);
    r = walk(env, LA_PAE, X86_ACCESS_FETCH, MMU_USER_IDX);
    assert_int_equal(r.err,
                     PG_ERROR_P_MASK | PG_ERROR_I_D_MASK | PG_ERROR_U_MASK);
    /* Executable otherwise; a not-present fetch fault has I/D. */
    mem_stq(PD + 3 * 8, PT | P | RW | US);
    r = walk(env, LA_PAE, X86_ACCESS_FETCH, MMU_KERNEL_IDX);
    assert_true(r.ok && (r.prot & X86_PROT_EXEC));
    mem_stq(PT + 24, 0);
    r = walk(env, LA_PAE, X86_ACCESS_FETCH, MMU_KERNEL_IDX);
    assert_int_equal(r.err, PG_ERROR_I_D_MASK);
}

static void test_flushes(void **state)
{
    X86CPU *cpu = paging_cpu(0, true);
    CPUX86State *env = &cpu->env;
    uint64_t envp = (uintptr_t)env;

    /* INVLPG flushes its page, truncated to 32 bits. */
    assert_int_equal(TEST_RUN(CPU(cpu), helper_invlpg(envp, 0x100403123ULL)),
                     -1);
    assert_int_equal(test_tlb_page_flushes, 1);
    assert_true(test_tlb_page_flush_addr == 0x00403123u);

    /* MOV CR3: everything without PGE, the non-global entries with it. */
    assert_int_equal(TEST_RUN(CPU(cpu), helper_write_crN(envp, 3, PD)), -1);
    assert_int_equal(test_tlb_flushes, 1);
    assert_int_equal(test_tlb_nonglobal_flushes, 0);
    env->cr[4] = CR4_PGE_MASK;
    assert_int_equal(TEST_RUN(CPU(cpu), helper_write_crN(envp, 3, PD)), -1);
    assert_int_equal(test_tlb_nonglobal_flushes, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sys_test(test_2level_4k),     sys_test(test_2level_not_present),
        sys_test(test_2level_rights), sys_test(test_2level_4m),
        sys_test(test_global),        sys_test(test_pae_4k_2m),
        sys_test(test_pae_reserved),  sys_test(test_pae_nx),
        sys_test(test_flushes),
    };

    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
