/*
 * The x86 page walk (Intel SDM vol. 3A, chapter 4) for 32-bit linear
 * addresses: 2-level paging with 4 KiB and, with CR4.PSE, 4 MiB pages
 * (4.3), and PAE paging with 4 KiB and 2 MiB pages and execute-disable
 * (4.4); global pages with CR4.PGE (4.10.2.4); accessed and dirty bits
 * set atomically in guest memory (4.8); the #PF error code (4.7).
 * And INVLPG.
 *
 * The softmmu (cputlb.c) calls the walk on a TLB miss and caches what
 * it returns: the permissions for one MMU index, write only once the
 * dirty bit is set, so that the first write to a clean page comes back
 * here to set it.
 */
#include <string.h>

#include "mmu-helper.h"
#include "x86-system.h"

/*
 * The physical-address width (MAXPHYADDR, SDM vol. 3A, 4.1.4): the CPU's
 * phys-bits, 36 if unset.  Entry bits from it up to bit 62 are reserved.
 */
static uint64_t phys_mask(CPUX86State *env)
{
    unsigned bits = ((X86CPU *)env_cpu(env))->phys_bits;

    return (1ULL << (bits ? bits : 36)) - 1;
}

/* One paging-structure entry: its value and where it lives. */
typedef struct PTE {
    uint64_t val;
    uint64_t paddr;
    bool wide; /* 8 bytes (PAE) */
} PTE;

static void pte_load(CPUX86State *env, PTE *e, uint64_t paddr, bool wide)
{
    void *p = x86_phys_pte_ptr(env, paddr, wide ? 8 : 4);

    e->paddr = paddr;
    e->wide = wide;
    if (!p) {
        /* Paging structures outside RAM read as not present. */
        e->val = 0;
        return;
    }
    e->val = wide ? __atomic_load_n((uint64_t *)p, __ATOMIC_ACQUIRE)
                  : __atomic_load_n((uint32_t *)p, __ATOMIC_ACQUIRE);
}

/*
 * Set bits in an entry with a locked compare-and-exchange, as the
 * processor's locked read-modify-write does (SDM vol. 3A, 4.8): false
 * when another vCPU changed the entry since the walk read it (the walk
 * starts again: it may be not present now, and then its other bits are
 * the guest's, e.g. a swap entry, and must stay as they are).
 */
static bool pte_set_bits(CPUX86State *env, PTE *e, uint64_t bits)
{
    void *p;

    if ((e->val & bits) == bits) {
        return true;
    }
    p = x86_phys_pte_ptr(env, e->paddr, e->wide ? 8 : 4);
    if (!p) {
        return true;
    }
    if (e->wide) {
        uint64_t old = e->val;

        if (!__atomic_compare_exchange_n((uint64_t *)p, &old, old | bits, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return false;
        }
    } else {
        uint32_t old = e->val;

        if (!__atomic_compare_exchange_n((uint32_t *)p, &old,
                                         old | (uint32_t)bits, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return false;
        }
    }
    e->val |= bits;
    return true;
}

/* Reserved bits of PAE entries: above MAXPHYADDR, and XD without NXE. */
static uint64_t pae_rsvd_mask(CPUX86State *env)
{
    uint64_t m = ~phys_mask(env) & ~PG_NX_MASK;

    if (!(env->efer & MSR_EFER_NXE)) {
        m |= PG_NX_MASK;
    }
    return m;
}

typedef struct Walk {
    PTE e[2];    /* PDE and PTE (or the large-page PDE alone) */
    int n;       /* how many of e[]; e[n - 1] maps the page */
    uint64_t rw; /* AND of the R/W, U/S and NX bits over the levels */
    uint64_t phys_page;
    uint64_t page_size;
} Walk;

/*
 * The walks: 0, or the error code bits of a fault on the structure
 * itself (WALK_NOT_PRESENT, an error code of 0, or P | RSVD).
 */
#define WALK_NOT_PRESENT 0x10000u
static uint32_t walk_32(CPUX86State *env, uint32_t la, Walk *w)
{
    PTE *pde = &w->e[0], *pte = &w->e[1];
    uint64_t dir = env->cr[3] & 0xfffff000u;

    pte_load(env, pde, dir + ((la >> 22) & 0x3ff) * 4, false);
    if (!(pde->val & PG_PRESENT_MASK)) {
        return WALK_NOT_PRESENT;
    }
    w->n = 1;
    w->rw = pde->val & (PG_RW_MASK | PG_USER_MASK);
    if ((pde->val & PG_PSE_MASK) && (env->cr[4] & CR4_PSE_MASK)) {
        /*
         * 4 MiB page (table 4-5): PSE-36 puts physical bits 39:32 in bits
         * 20:13; bit 21 and those above MAXPHYADDR are reserved.
         */
        uint64_t hi = (pde->val >> 13) & 0xff;
        uint64_t rsvd = (1u << 21) | ((~phys_mask(env) >> 19) & 0x1fe000u);

        if (pde->val & rsvd) {
            return PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
        }
        w->phys_page = (pde->val & 0xffc00000u) | (hi << 32);
        w->page_size = 4 << 20;
        return 0;
    }
    pte_load(env, pte, (pde->val & 0xfffff000u) + ((la >> 12) & 0x3ff) * 4,
             false);
    if (!(pte->val & PG_PRESENT_MASK)) {
        return WALK_NOT_PRESENT;
    }
    w->n = 2;
    w->rw &= pte->val;
    w->phys_page = pte->val & 0xfffff000u;
    w->page_size = 4096;
    return 0;
}

static uint32_t walk_pae(CPUX86State *env, uint32_t la, Walk *w)
{
    uint64_t rsvd = pae_rsvd_mask(env);
    uint64_t addr_mask = phys_mask(env) & ~0xfffULL;
    PTE pdpte_, *pdpte = &pdpte_, *pde = &w->e[0], *pte = &w->e[1];

    /*
     * PDPTEs (table 4-8) have no R/W, U/S, A or XD: bits 1, 2, 5-8 and 63
     * are reserved.  Real processors load them at MOV CR3; walking them
     * each time is what a TLB flush on every CR3 write allows.
     */
    pte_load(env, pdpte, (env->cr[3] & 0xffffffe0u) + ((la >> 30) & 3) * 8,
             true);
    if (!(pdpte->val & PG_PRESENT_MASK)) {
        return WALK_NOT_PRESENT;
    }
    if (pdpte->val & (~phys_mask(env) | 0x1e6)) {
        return PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
    }
    pte_load(env, pde, (pdpte->val & addr_mask) + ((la >> 21) & 0x1ff) * 8,
             true);
    if (!(pde->val & PG_PRESENT_MASK)) {
        return WALK_NOT_PRESENT;
    }
    w->n = 1;
    w->rw = pde->val & (PG_RW_MASK | PG_USER_MASK | PG_NX_MASK);
    if (pde->val & PG_PSE_MASK) {
        /* 2 MiB page (table 4-9): bits 20:13 are reserved. */
        if (pde->val & (rsvd | 0x1fe000)) {
            return PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
        }
        w->phys_page = pde->val & addr_mask & ~0x1fffffULL;
        w->page_size = 2 << 20;
        return 0;
    }
    if (pde->val & rsvd) {
        return PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
    }
    pte_load(env, pte, (pde->val & addr_mask) + ((la >> 12) & 0x1ff) * 8, true);
    if (!(pte->val & PG_PRESENT_MASK)) {
        return WALK_NOT_PRESENT;
    }
    if (pte->val & rsvd) {
        return PG_ERROR_RSVD_MASK | PG_ERROR_P_MASK;
    }
    w->n = 2;
    w->rw = (w->rw & pte->val & (PG_RW_MASK | PG_USER_MASK)) |
            ((w->rw | pte->val) & PG_NX_MASK);
    w->phys_page = pte->val & addr_mask;
    w->page_size = 4096;
    return 0;
}

/*
 * Accessed in every entry used, dirty in the one that maps the page on a
 * write (SDM vol. 3A, 4.8); false if an entry changed meanwhile.
 */
static bool set_accessed_dirty(CPUX86State *env, Walk *w, X86Access access)
{
    for (int i = 0; i < w->n; i++) {
        if (!pte_set_bits(env, &w->e[i], PG_ACCESSED_MASK)) {
            return false;
        }
    }
    return access != X86_ACCESS_WRITE ||
           pte_set_bits(env, &w->e[w->n - 1], PG_DIRTY_MASK);
}

/* The walk and the access rights (SDM vol. 3A, 4.6); false with *error. */
static bool walk_check(CPUX86State *env, uint32_t la, X86Access access,
                       bool user, Walk *w, bool *writable, uint32_t *error)
{
    bool pae = env->cr[4] & CR4_PAE_MASK;
    bool nx = pae && (env->efer & MSR_EFER_NXE);
    uint32_t err;

    memset(w, 0, sizeof(*w));
    err = pae ? walk_pae(env, la, w) : walk_32(env, la, w);
    if (!err) {
        *writable =
            (w->rw & PG_RW_MASK) || (!user && !(env->cr[0] & CR0_WP_MASK));
        if ((user && !(w->rw & PG_USER_MASK)) ||
            (access == X86_ACCESS_WRITE && !*writable) ||
            (access == X86_ACCESS_FETCH && nx && (w->rw & PG_NX_MASK))) {
            err = PG_ERROR_P_MASK;
        }
    }
    if (err) {
        err &= ~WALK_NOT_PRESENT;
        err |= access == X86_ACCESS_WRITE ? PG_ERROR_W_MASK : 0;
        err |= user ? PG_ERROR_U_MASK : 0;
        /* I/D is reported where execute-disable exists (4.7). */
        if (access == X86_ACCESS_FETCH && nx) {
            err |= PG_ERROR_I_D_MASK;
        }
        *error = err;
        return false;
    }
    return true;
}

bool x86_cpu_get_physical_page(CPUX86State *env, uint64_t linear,
                               X86Access access, int mmu_idx, uint64_t *phys,
                               int *prot, uint64_t *page_size,
                               uint32_t *error_code)
{
    bool nx = (env->cr[4] & CR4_PAE_MASK) && (env->efer & MSR_EFER_NXE);
    bool user = mmu_idx == MMU_USER_IDX;
    uint32_t la = linear;
    bool writable = false;
    PTE *leaf;
    Walk w;
    int p = X86_PROT_READ;

    /* Bounded: a guest rewriting its tables forever cannot stall us. */
    for (int tries = 0;; tries++) {
        if (!walk_check(env, la, access, user, &w, &writable, error_code)) {
            return false;
        }
        if (set_accessed_dirty(env, &w, access) || tries == 8) {
            break;
        }
    }
    leaf = &w.e[w.n - 1];
    if (writable && (leaf->val & PG_DIRTY_MASK)) {
        p |= X86_PROT_WRITE;
    }
    if (!(nx && (w.rw & PG_NX_MASK))) {
        p |= X86_PROT_EXEC;
    }
    if ((leaf->val & PG_GLOBAL_MASK) && (env->cr[4] & CR4_PGE_MASK)) {
        p |= X86_PROT_GLOBAL;
    }
    *prot = p;
    *page_size = w.page_size;
    *phys = w.phys_page | (la & (w.page_size - 1));
    return true;
}

uint64_t helper_invlpg(uint64_t envp, uint64_t addr)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)envp;

    tlb_flush_page(env_cpu(env), addr & 0xffffffffu);
    return 0;
}

const TCGHelperInfo helper_info_invlpg = {
    .func = (void (*)(void))helper_invlpg,
    .name = "invlpg",
    .nb_args = 2,
};
