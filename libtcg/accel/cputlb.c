/*
 * The softmmu: each vCPU's TLB (tcg/cputlb.h), its fill from the page
 * walk (target/i386/system/mmu-helper.c) and the memory API, and the
 * slow paths of guest loads and stores.
 *
 * With paging off a linear address is physical (through the A20 gate);
 * with CR0.PG the fill walks the page tables for the access's MMU index
 * and caches the page's permissions in the tags: a kind of access the
 * page forbids (or a write to a page whose dirty bit is still clear)
 * gets TLB_INVALID_MASK, so it comes back here, walks, and raises #PF or
 * sets the dirty bit.  A page of RAM or ROM gets a direct entry (host
 * address = guest address + addend); everything else (device regions,
 * unassigned space, pages only partly RAM) is TLB_MMIO and goes through
 * address_space_rw() under the big lock, so every device works unchanged.
 * Stores to pages that hold translated code are TLB_NOTDIRTY in every
 * CPU's TLB: the slow path stores, then invalidates the blocks on the
 * bytes written (self-modifying code; in that order a CPU translating
 * meanwhile cannot keep the old bytes); if the running block has code
 * there, it is first restarted as a one-instruction block so that the
 * next instruction is fetched anew.  Locked read-modify-writes get a host
 * pointer here (atomic_mmu_lookup()) for atomic-helper.c, and stores the
 * memory API makes into RAM (DMA, loaders) invalidate through a hook.
 */
#include <string.h>

#include "accel-internal.h"
#include "machine/cpus.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "system/mmu-helper.h"
#include "x86-tcg.h"

/* ---- Entries ---- */

/*
 * What the engine keeps beside the table the generated code reads: per
 * entry the physical page (MMIO and code paths need it without walking
 * again) and whether it maps a global page; the 4 MiB/2 MiB pages seen
 * (one TLB entry covers 4 KiB of them, so INVLPG in one drops all); a
 * code fetch that faulted while translating.
 */
/* A code fetch that faulted in the second page of a block (code_ptr()). */
typedef struct TLBFetchFault {
    bool pending;
    uint64_t addr;
    uint32_t error_code;
    int insns_before; /* whole instructions of the block before it */
} TLBFetchFault;

typedef struct CPUTLBFull {
    CPUTLBTable t; /* first: env->tcg_tlb points here */
    uint64_t phys[NB_MMU_MODES][CPU_TLB_SIZE];
    bool global[NB_MMU_MODES][CPU_TLB_SIZE];
    bool large_seen;
    uint64_t large_addr, large_mask; /* a range holding every one seen */
    TLBFetchFault fetch_fault;
} CPUTLBFull;

static CPUTLBFull *tlb_full(CPUX86State *env)
{
    return (CPUTLBFull *)env->tcg_tlb;
}

/* Atomic stores: other CPUs' tlb_protect_code_page() reads the tags. */
static void tlb_entry_invalidate(CPUTLBEntry *e)
{
    __atomic_store_n(&e->addr_read, (uint64_t)-1, __ATOMIC_RELAXED);
    __atomic_store_n(&e->addr_write, (uint64_t)-1, __ATOMIC_RELAXED);
    __atomic_store_n(&e->addr_code, (uint64_t)-1, __ATOMIC_RELAXED);
    e->addend = 0;
}

void tlb_init(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;
    CPUTLBFull *f = g_new0(CPUTLBFull, 1);

    tcs->tlb = &f->t;
    cpu_env(cpu)->tcg_tlb = tcs->tlb;
    tlb_flush(cpu);
}

/*
 * Blocks found by linear PC alone (the jump caches) were found under the
 * old translation: forget them with it.
 */
static void tlb_flush_jmp_cache(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;
    CPUX86State *env = cpu_env(cpu);

    if (tcs->jmp_cache) {
        for (int i = 0; i < TB_JMP_CACHE_SIZE; i++) {
            __atomic_store_n(&tcs->jmp_cache[i], NULL, __ATOMIC_RELAXED);
        }
    }
    for (int i = 0; i < TCG_JMP_FAST_SIZE; i++) {
        __atomic_store_n(&env->tcg_jmp_fast[i].code, 0, __ATOMIC_RELAXED);
    }
}

static bool tb_on_page(const TranslationBlock *tb, uint64_t page)
{
    return (tb->pc & TARGET_PAGE_MASK) == page ||
           ((tb->pc + tb->size - 1) & TARGET_PAGE_MASK) == page;
}

/*
 * The same for the blocks with code on one linear page (INVLPG); the
 * others stay.  Blocks in the caches stay allocated until a full flush,
 * which cannot run while this vCPU is in a helper.
 */
static void tlb_flush_jmp_cache_page(CPUState *cpu, uint64_t page)
{
    AccelCPUState *tcs = cpu->accel;
    CPUX86State *env = cpu_env(cpu);

    if (tcs->jmp_cache) {
        for (int i = 0; i < TB_JMP_CACHE_SIZE; i++) {
            TranslationBlock *tb =
                __atomic_load_n(&tcs->jmp_cache[i], __ATOMIC_RELAXED);

            if (tb && tb_on_page(tb, page)) {
                __atomic_store_n(&tcs->jmp_cache[i], NULL, __ATOMIC_RELAXED);
            }
        }
    }
    /* Only blocks on one page are here (tb_jmp_fast_set()). */
    for (int i = 0; i < TCG_JMP_FAST_SIZE; i++) {
        if ((env->tcg_jmp_fast[i].pc & TARGET_PAGE_MASK) == page) {
            __atomic_store_n(&env->tcg_jmp_fast[i].code, 0, __ATOMIC_RELAXED);
        }
    }
}

static void tlb_flush_entries(CPUState *cpu, bool keep_global)
{
    CPUTLBFull *f = tlb_full(cpu_env(cpu));

    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < CPU_TLB_SIZE; i++) {
            if (!(keep_global && f->global[m][i])) {
                tlb_entry_invalidate(&f->t.e[m][i]);
                f->global[m][i] = false;
            }
        }
    }
    if (!keep_global) {
        f->large_seen = false;
    }
    tlb_flush_jmp_cache(cpu);
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_entries(cpu, false);
}

void tlb_flush_nonglobal(CPUState *cpu)
{
    tlb_flush_entries(cpu, true);
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    CPUTLBFull *f = tlb_full(cpu_env(cpu));
    uint64_t page = addr & TARGET_PAGE_MASK;

    /* Within a large page: its other 4 KiB entries go too. */
    if (f->large_seen && (addr & f->large_mask) == f->large_addr) {
        tlb_flush(cpu);
        return;
    }
    for (int m = 0; m < NB_MMU_MODES; m++) {
        CPUTLBEntry *e = &f->t.e[m][tlb_index(addr)];

        if ((e->addr_read & TARGET_PAGE_MASK) == page ||
            (e->addr_write & TARGET_PAGE_MASK) == page ||
            (e->addr_code & TARGET_PAGE_MASK) == page) {
            tlb_entry_invalidate(e);
            f->global[m][tlb_index(addr)] = false;
        }
    }
    tlb_flush_jmp_cache_page(cpu, page);
}

/*
 * A page now holds code: every CPU's write entries that map it take the
 * slow path from now on (with paging, any linear page may map it), or a
 * CPU with a cached writable entry would change the code unnoticed.
 *
 * Other threads own these entries and may refill one at any moment, so
 * the flag goes in with a compare-and-exchange: a plain store could put
 * back a tag the owner has just replaced (with a new addend).  Runs under
 * tb_lock after the page entered the code list; an owner's fill stores
 * its tag and then asks tb_page_has_code() (tb_lock), so a fill this scan
 * misses sees the page as code itself (tlb_fill()).
 */
void tlb_protect_code_page(uint64_t page)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;
        CPUTLBFull *f;

        if (!tcs || !tcs->tlb) {
            continue;
        }
        f = (CPUTLBFull *)tcs->tlb;
        for (int m = 0; m < NB_MMU_MODES; m++) {
            for (int i = 0; i < CPU_TLB_SIZE; i++) {
                CPUTLBEntry *e = &f->t.e[m][i];
                uint64_t w = __atomic_load_n(&e->addr_write, __ATOMIC_SEQ_CST);

                if (!(w & (TLB_INVALID_MASK | TLB_NOTDIRTY)) &&
                    __atomic_load_n(&f->phys[m][i], __ATOMIC_SEQ_CST) == page) {
                    /* Failing means a refill, which checks for itself. */
                    __atomic_compare_exchange_n(
                        &e->addr_write, &w, w | TLB_NOTDIRTY, false,
                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
                }
            }
        }
    }
}

static bool paging_on(CPUX86State *env, int mmu_idx)
{
    return (env->cr[0] & CR0_PG_MASK) && mmu_idx != MMU_PHYS_IDX;
}

static uint64_t a20(CPUX86State *env, uint64_t paddr)
{
    return paddr & (uint64_t)(int64_t)env->a20_mask;
}

/* The physical address of addr through a filled entry. */
static uint64_t entry_phys(CPUX86State *env, int mmu_idx, uint64_t addr)
{
    return tlb_full(env)->phys[mmu_idx][tlb_index(addr)] |
           (addr & ~TARGET_PAGE_MASK);
}

void *tcg_phys_ram_ptr(uint64_t paddr, uint64_t *avail, bool *readonly)
{
    /*
     * No big lock: code fetch calls this with the translation lock held,
     * while a CPU delivering an interrupt holds the big lock and wants
     * the translation lock (tb_page_has_code).
     */
    return address_space_ram_ptr(&address_space_memory, paddr, avail,
                                 readonly);
}

/*
 * Translate addr for an access of kind access (paging, A20); false with
 * the #PF error code.
 */
static bool linear_to_phys(CPUX86State *env, uint64_t addr, int mmu_idx,
                           X86Access access, uint64_t *paddr, int *prot,
                           uint32_t *err)
{
    uint64_t size;

    if (!paging_on(env, mmu_idx)) {
        *paddr = a20(env, addr);
        *prot = X86_PROT_READ | X86_PROT_WRITE | X86_PROT_EXEC;
        return true;
    }
    if (!x86_cpu_get_physical_page(env, addr, access, mmu_idx, paddr, prot,
                                   &size, err)) {
        return false;
    }
    *paddr = a20(env, *paddr);
    if (size > TARGET_PAGE_SIZE) {
        CPUTLBFull *f = tlb_full(env);
        uint64_t mask = ~(size - 1) & 0xffffffffULL;

        /* Remember one range covering every large page seen. */
        if (!f->large_seen) {
            f->large_seen = true;
            f->large_addr = addr & mask;
            f->large_mask = mask;
        } else {
            while ((addr & f->large_mask) != f->large_addr) {
                f->large_mask <<= 1;
                f->large_mask &= 0xffffffffULL;
                f->large_addr &= f->large_mask;
            }
        }
    }
    return true;
}

/*
 * Set while this thread holds tb_lock (translating, looking a block up):
 * a fill then must not ask tb_page_has_code(), which takes the lock.
 */
static __thread bool fill_under_tb_lock;

/*
 * Fill the entry of addr for mmu_idx, walking for an access of kind
 * access; returns it, or NULL with the #PF error code.
 */
static CPUTLBEntry *tlb_fill(CPUX86State *env, uint64_t addr, int mmu_idx,
                             X86Access access, uint32_t *err)
{
    CPUTLBFull *f = tlb_full(env);
    unsigned idx = tlb_index(addr);
    CPUTLBEntry *e = &f->t.e[mmu_idx][idx];
    uint64_t vpage = addr & TARGET_PAGE_MASK;
    uint64_t ppage, avail = 0;
    uint64_t no_read, no_write, no_code;
    uint8_t *host;
    bool readonly = true;
    int prot;

    if (!linear_to_phys(env, vpage, mmu_idx, access, &ppage, &prot, err)) {
        return NULL;
    }
    no_read = (prot & X86_PROT_READ) ? 0 : TLB_INVALID_MASK;
    no_write = (prot & X86_PROT_WRITE) ? 0 : TLB_INVALID_MASK;
    no_code = (prot & X86_PROT_EXEC) ? 0 : TLB_INVALID_MASK;
    /* Read by other CPUs' tlb_protect_code_page(). */
    __atomic_store_n(&f->phys[mmu_idx][idx], ppage, __ATOMIC_SEQ_CST);
    f->global[mmu_idx][idx] = prot & X86_PROT_GLOBAL;
    host = tcg_phys_ram_ptr(ppage, &avail, &readonly);
    if (host && avail >= TARGET_PAGE_SIZE) {
        e->addend = (uintptr_t)host - vpage;
        __atomic_store_n(&e->addr_read, vpage | no_read, __ATOMIC_RELAXED);
        __atomic_store_n(&e->addr_code, vpage | no_code, __ATOMIC_RELAXED);
        if (readonly) {
            /* ROM: writes go to the memory API, which drops them. */
            __atomic_store_n(&e->addr_write, vpage | TLB_MMIO | no_write,
                             __ATOMIC_RELAXED);
        } else if (fill_under_tb_lock) {
            /* Under tb_lock, assume code: the first store finds out. */
            __atomic_store_n(&e->addr_write, vpage | TLB_NOTDIRTY | no_write,
                             __ATOMIC_SEQ_CST);
        } else {
            /*
             * The tag first, then the question: a page that gets code
             * after the answer was no has its scan see this tag
             * (tlb_protect_code_page()).  Only this thread stores through
             * the entry, so it is not used in between.
             */
            __atomic_store_n(&e->addr_write, vpage | no_write,
                             __ATOMIC_SEQ_CST);
            if (tb_page_has_code(ppage)) {
                __atomic_fetch_or(&e->addr_write, TLB_NOTDIRTY,
                                  __ATOMIC_SEQ_CST);
            }
        }
    } else {
        e->addend = 0;
        __atomic_store_n(&e->addr_read, vpage | TLB_MMIO | no_read,
                         __ATOMIC_RELAXED);
        __atomic_store_n(&e->addr_write, vpage | TLB_MMIO | no_write,
                         __ATOMIC_SEQ_CST);
        __atomic_store_n(&e->addr_code, vpage | TLB_MMIO | no_code,
                         __ATOMIC_RELAXED);
    }
    return e;
}

/* ---- Memory API accesses ---- */

static uint64_t io_read(CPUState *cpu, uint64_t paddr, unsigned size)
{
    bool locked = qemu_mutex_iothread_locked();
    uint8_t buf[8] = {0};
    uint64_t v = 0;

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    address_space_rw(&address_space_memory, paddr, MEMTXATTRS_UNSPECIFIED,
                     buf, size, false);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    return v;
}

static void io_write(CPUState *cpu, uint64_t paddr, uint64_t v, unsigned size)
{
    bool locked = qemu_mutex_iothread_locked();
    uint8_t buf[8];

    for (unsigned i = 0; i < size; i++) {
        buf[i] = v >> (8 * i);
    }
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    address_space_rw(&address_space_memory, paddr, MEMTXATTRS_UNSPECIFIED,
                     buf, size, true);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    /* A device may have interrupted this CPU (a self-IPI): leave soon. */
    if (__atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST)) {
        __atomic_store_n(&cpu_env(cpu)->tcg_exit_request, 1,
                         __ATOMIC_SEQ_CST);
    }
}

/*
 * One host access per guest access (little-endian host).  The x86 makes
 * an aligned load or store, and one within a cache line, single-copy
 * atomic, and other vCPUs' locked operations rely on it: a spin lock's
 * release must not be stored twice.  memcpy() of a variable size may do
 * just that (glibc copies 4 bytes as two overlapping 4-byte moves), so
 * that another vCPU's XCHG between the two was undone: the interpreter,
 * whose every access comes here, let two CPUs into a critical section.
 * A volatile access of a byte-aligned type is one move of its size.
 */
typedef uint16_t __attribute__((aligned(1), may_alias)) una_u16;
typedef uint32_t __attribute__((aligned(1), may_alias)) una_u32;
typedef uint64_t __attribute__((aligned(1), may_alias)) una_u64;

static uint64_t ldn_le(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1:
        return *(const volatile uint8_t *)p;
    case 2:
        return *(const volatile una_u16 *)p;
    case 4:
        return *(const volatile una_u32 *)p;
    default:
        g_assert(size == 8);
        return *(const volatile una_u64 *)p;
    }
}

static void stn_le(uint8_t *p, uint64_t v, unsigned size)
{
    switch (size) {
    case 1:
        *(volatile uint8_t *)p = v;
        break;
    case 2:
        *(volatile una_u16 *)p = v;
        break;
    case 4:
        *(volatile una_u32 *)p = v;
        break;
    default:
        g_assert(size == 8);
        *(volatile una_u64 *)p = v;
        break;
    }
}

/* ---- Slow paths ---- */

typedef enum AccessResult {
    ACCESS_DONE,
    ACCESS_RESTART, /* self-modifying code: rerun the instruction */
    ACCESS_FAULT,   /* #PF: env->cr[2] and *err say where and why */
} AccessResult;

static bool tag_match(uint64_t tag, uint64_t addr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) ==
           (addr & TARGET_PAGE_MASK);
}

static CPUTLBEntry *tlb_entry(CPUX86State *env, int mmu_idx, uint64_t addr)
{
    return &tlb_full(env)->t.e[mmu_idx][tlb_index(addr)];
}

/* The valid entry of addr for access, filling it; NULL on #PF. */
static CPUTLBEntry *tlb_probe(CPUX86State *env, uint64_t addr, int mmu_idx,
                              X86Access access, uint32_t *err)
{
    CPUTLBEntry *e = tlb_entry(env, mmu_idx, addr);
    uint64_t *tag = access == X86_ACCESS_WRITE ? &e->addr_write
                    : access == X86_ACCESS_FETCH ? &e->addr_code
                                                 : &e->addr_read;

    if (tag_match(__atomic_load_n(tag, __ATOMIC_RELAXED), addr)) {
        return e;
    }
    return tlb_fill(env, addr, mmu_idx, access, err);
}

/*
 * Paging-structure entries through the physical MMU index's entries, so
 * that a walk does not take the big lock for tables it read before.
 */
void *x86_phys_pte_ptr(CPUX86State *env, uint64_t paddr, unsigned size)
{
    uint64_t avail = 0;
    uint32_t err = 0;
    CPUTLBEntry *e;
    void *p;

    if (paddr <= 0xffffffffULL) {
        e = tlb_probe(env, paddr, MMU_PHYS_IDX, X86_ACCESS_READ, &err);
        if (e && !(e->addr_read & TLB_MMIO)) {
            return (void *)(uintptr_t)(paddr + e->addend);
        }
    }
    p = tcg_phys_ram_ptr(a20(env, paddr), &avail, NULL);
    return p && avail >= size ? p : NULL;
}

/* A load's access kind: a read-modify-write's read checks for writing. */
static X86Access load_access(MemOp mop)
{
    return (mop & MO_WRITE_INTENT) ? X86_ACCESS_WRITE : X86_ACCESS_READ;
}

static AccessResult load_page(CPUX86State *env, uint64_t addr, unsigned size,
                              int mmu_idx, X86Access access, uint64_t *val,
                              uint32_t *err)
{
    CPUTLBEntry *e = tlb_probe(env, addr, mmu_idx, access, err);

    if (!e) {
        env->cr[2] = addr;
        return ACCESS_FAULT;
    }
    if (e->addr_read & TLB_MMIO) {
        *val = io_read(env_cpu(env), entry_phys(env, mmu_idx, addr), size);
    } else {
        *val = ldn_le((uint8_t *)(uintptr_t)(addr + e->addend), size);
    }
    return ACCESS_DONE;
}

static AccessResult load_any(CPUX86State *env, uint64_t addr, unsigned size,
                             int mmu_idx, X86Access access, uint64_t *val,
                             uint32_t *err)
{
    *val = 0;
    if (((addr ^ (addr + size - 1)) & TARGET_PAGE_MASK) == 0) {
        return load_page(env, addr, size, mmu_idx, access, val, err);
    }
    /* Crossing a page: byte by byte, each page through its entry. */
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;

        if (load_page(env, addr + i, 1, mmu_idx, access, &b, err) ==
            ACCESS_FAULT) {
            return ACCESS_FAULT;
        }
        *val |= b << (8 * i);
    }
    return ACCESS_DONE;
}

/*
 * The running block, when the store comes from generated code: found
 * by the return address (JIT) or the interpreter's current program.
 */
static TranslationBlock *running_tb(uintptr_t retaddr)
{
    if (tcg_engine.backend == TCG_BACKEND_JIT) {
        return retaddr ? tb_find_by_host_pc(retaddr) : NULL;
    }
    return tb_of_prog(tci_running_prog());
}

/*
 * Before a store of size bytes at paddr into a page with code: if the
 * running block has code there and more instructions than this one, its
 * blocks go now and the instruction reruns alone (ACCESS_RESTART),
 * without storing; the rerun, a block of one instruction, stores.
 */
static AccessResult notdirty_before_write(CPUX86State *env, uint64_t paddr,
                                          unsigned size, uintptr_t retaddr)
{
    AccelCPUState *tcs = env_cpu(env)->accel;
    TranslationBlock *cur = running_tb(retaddr);
    bool hit_current = false;

    /* Invalid already: another store has made this decision. */
    if (!cur || cur->icount <= 1 || (cur->cflags & CF_INVALID) ||
        !tb_overlaps_phys_range(cur, paddr, paddr + size)) {
        return ACCESS_DONE;
    }
    tb_invalidate_phys_range(paddr, paddr + size, cur, &hit_current);
    tcs->cflags_next_tb = 1 | CF_NO_GOTO_TB;
    return ACCESS_RESTART;
}

/*
 * After the store: the blocks on the bytes go, and the flag with them if
 * the page has no code left.  In this order, a CPU translating the page
 * meanwhile either read the new bytes or made a block this finds; the
 * other order would let a block of the old bytes, made between the two,
 * outlive the store (cross-modifying code, SDM vol. 3A, 8.1.3).
 */
static void notdirty_after_write(uint64_t paddr, unsigned size,
                                 uint64_t *tag_ptr, uint64_t tag)
{
    bool hit_current;

    tb_invalidate_phys_range(paddr, paddr + size, NULL, &hit_current);
    tb_page_unprotect_if_no_code(paddr & TARGET_PAGE_MASK, tag_ptr, tag);
}

static AccessResult store_page(CPUX86State *env, uint64_t addr, uint64_t v,
                               unsigned size, int mmu_idx, uintptr_t retaddr,
                               uint32_t *err)
{
    CPUTLBEntry *e = tlb_probe(env, addr, mmu_idx, X86_ACCESS_WRITE, err);
    uint64_t tag, paddr;

    if (!e) {
        env->cr[2] = addr;
        return ACCESS_FAULT;
    }
    tag = e->addr_write;
    paddr = entry_phys(env, mmu_idx, addr);
    if (tag & TLB_MMIO) {
        io_write(env_cpu(env), paddr, v, size);
        return ACCESS_DONE;
    }
    if ((tag & TLB_NOTDIRTY) &&
        notdirty_before_write(env, paddr, size, retaddr) == ACCESS_RESTART) {
        return ACCESS_RESTART;
    }
    stn_le((uint8_t *)(uintptr_t)(addr + e->addend), v, size);
    if (tag & TLB_NOTDIRTY) {
        notdirty_after_write(paddr, size, &e->addr_write, tag);
    }
    return ACCESS_DONE;
}

static AccessResult store_any(CPUX86State *env, uint64_t addr, uint64_t v,
                              unsigned size, int mmu_idx, uintptr_t retaddr,
                              uint32_t *err)
{
    if (((addr ^ (addr + size - 1)) & TARGET_PAGE_MASK) == 0) {
        return store_page(env, addr, v, size, mmu_idx, retaddr, err);
    }
    /*
     * Crossing a page: both pages must allow the write before the first
     * byte is written (a #PF leaves memory as it was), and a restart for
     * the running block's code is decided before too (a half-done store
     * would feed a rerun read-modify-write); then byte by byte.
     */
    if (!tlb_probe(env, addr, mmu_idx, X86_ACCESS_WRITE, err)) {
        env->cr[2] = addr;
        return ACCESS_FAULT;
    }
    if (!tlb_probe(env, addr + size - 1, mmu_idx, X86_ACCESS_WRITE, err)) {
        env->cr[2] = (addr + size - 1) & TARGET_PAGE_MASK;
        return ACCESS_FAULT;
    }
    for (unsigned i = 0; i < size; i++) {
        CPUTLBEntry *e = tlb_entry(env, mmu_idx, addr + i);

        if ((e->addr_write & TLB_NOTDIRTY) &&
            notdirty_before_write(env, entry_phys(env, mmu_idx, addr + i), 1,
                                  retaddr) == ACCESS_RESTART) {
            return ACCESS_RESTART;
        }
    }
    for (unsigned i = 0; i < size; i++) {
        AccessResult r = store_page(env, addr + i, (v >> (8 * i)) & 0xff, 1,
                                    mmu_idx, retaddr, err);

        if (r != ACCESS_DONE) {
            return r;
        }
    }
    return ACCESS_DONE;
}

static uint64_t guest_addr(uint64_t addr)
{
    /* 32-bit guests: addresses are 32-bit linear addresses. */
    return addr & 0xffffffffULL;
}

static uint64_t apply_memop(uint64_t v, MemOp mop)
{
    unsigned size = 1u << (mop & MO_SIZE);

    if (mop & MO_BSWAP) {
        switch (size) {
        case 2:
            v = __builtin_bswap16(v);
            break;
        case 4:
            v = __builtin_bswap32(v);
            break;
        case 8:
            v = __builtin_bswap64(v);
            break;
        }
    }
    return v;
}

/*
 * #PF (CR2 set by the access) for the instruction at retaddr in generated
 * code, or, with retaddr 0, for a helper whose instruction synced EIP.
 */
static G_NORETURN void page_fault(CPUX86State *env, uint32_t err,
                                  uintptr_t retaddr)
{
    cpu_restore_state(env_cpu(env), retaddr);
    raise_exception_err(env, EXCP0E_PAGE, err);
}

/* The same, from code that cannot leave: recorded for cpu_exec(). */
static void page_fault_record(CPUX86State *env, uint32_t err)
{
    env_cpu(env)->exception_index = EXCP0E_PAGE;
    env->error_code = err;
    env->exception_is_int = 0;
    env->exception_next_eip = env->eip;
}

uint64_t helper_ld_mmu(uint64_t envp, uint64_t addr, uint64_t oi,
                       uint64_t retaddr)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)envp;

    return cpu_ld_mmu(env, addr, get_memop(oi), get_mmuidx(oi), retaddr);
}

uint64_t helper_st_mmu(uint64_t envp, uint64_t addr, uint64_t val,
                       uint64_t oi, uint64_t retaddr)
{
    cpu_st_mmu((CPUX86State *)(uintptr_t)envp, addr, val, get_memop(oi),
               get_mmuidx(oi), retaddr);
    return 0;
}

uint64_t cpu_ld_mmu(CPUX86State *env, uint64_t addr, MemOp mop,
                    unsigned mmu_idx, uintptr_t retaddr)
{
    uint32_t err = 0;
    uint64_t v;

    if (load_any(env, guest_addr(addr), 1u << (mop & MO_SIZE), mmu_idx,
                 load_access(mop), &v, &err) == ACCESS_FAULT) {
        page_fault(env, err, retaddr);
    }
    return apply_memop(v, mop);
}

void cpu_st_mmu(CPUX86State *env, uint64_t addr, uint64_t val, MemOp mop,
                unsigned mmu_idx, uintptr_t retaddr)
{
    uint32_t err = 0;

    /*
     * From a helper (retaddr 0), whose instruction synced EIP, a restart
     * reruns that instruction as a block of its own.
     */
    switch (store_any(env, guest_addr(addr), apply_memop(val, mop),
                      1u << (mop & MO_SIZE), mmu_idx, retaddr, &err)) {
    case ACCESS_DONE:
        break;
    case ACCESS_RESTART:
        cpu_loop_exit_restore(env_cpu(env), retaddr);
    case ACCESS_FAULT:
        page_fault(env, err, retaddr);
    }
}

/* ---- Locked read-modify-writes (atomic-helper.c) ---- */

void *atomic_mmu_lookup(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx, uintptr_t retaddr)
{
    uint64_t first = guest_addr(addr), last = guest_addr(addr + size - 1);
    uint64_t start[2] = {first, last & TARGET_PAGE_MASK};
    uint64_t end[2] = {last + 1, last + 1};
    int n = ((first ^ last) & TARGET_PAGE_MASK) ? 2 : 1;
    uint8_t *host[2];
    uint32_t err = 0;

    if (n == 2) {
        end[0] = start[1];
    }
    /* Every page writable before anything changes, as for a store. */
    for (int i = 0; i < n; i++) {
        if (!tlb_probe(env, start[i], mmu_idx, X86_ACCESS_WRITE, &err)) {
            env->cr[2] = start[i];
            page_fault(env, err, retaddr);
        }
    }
    for (int i = 0; i < n; i++) {
        CPUTLBEntry *e = tlb_entry(env, mmu_idx, start[i]);
        uint64_t tag = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);

        if (tag & TLB_MMIO) {
            return NULL;
        }
        if ((tag & TLB_NOTDIRTY) &&
            notdirty_before_write(env, entry_phys(env, mmu_idx, start[i]),
                                  end[i] - start[i],
                                  retaddr) == ACCESS_RESTART) {
            cpu_loop_exit_restore(env_cpu(env), retaddr);
        }
        host[i] = (uint8_t *)(uintptr_t)(start[i] + e->addend);
    }
    /* Across a page: one host access only if the host pages are adjacent. */
    if (n == 2 && host[1] != host[0] + (end[0] - start[0])) {
        return NULL;
    }
    return host[0];
}

void atomic_mmu_written(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx)
{
    uint64_t first = guest_addr(addr), last = guest_addr(addr + size - 1);
    uint64_t page = first & TARGET_PAGE_MASK;

    /* The entries atomic_mmu_lookup() filled (nothing ran in between). */
    for (;;) {
        CPUTLBEntry *e = tlb_entry(env, mmu_idx, page);
        uint64_t tag = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
        uint64_t from = MAX(first, page);
        uint64_t to = MIN(last + 1, page + TARGET_PAGE_SIZE);

        if (tag & TLB_NOTDIRTY) {
            notdirty_after_write(entry_phys(env, mmu_idx, from), to - from,
                                 &e->addr_write, tag);
        }
        if (page == (last & TARGET_PAGE_MASK)) {
            break;
        }
        page += TARGET_PAGE_SIZE;
    }
}

/* ---- The interpreter's guest memory ---- */

/*
 * false stops the interpreter at this instruction, whose state cpu_exec()
 * restores from the insn data: a #PF recorded here is then delivered, or
 * without one the instruction reruns (self-modifying code).
 */
static bool tci_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    CPUX86State *env = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t a = guest_addr(addr);
    CPUTLBEntry *e = tlb_entry(env, get_mmuidx(oi), a);
    uint32_t err = 0;

    /* The fast path the code generator inlines, in C. */
    if (((mop & MO_WRITE_INTENT) ? e->addr_write : e->addr_read) ==
        ((a + size - 1) & TARGET_PAGE_MASK)) {
        *val = apply_memop(ldn_le((uint8_t *)(uintptr_t)(a + e->addend),
                                  size),
                           mop);
        return true;
    }
    if (load_any(env, a, size, get_mmuidx(oi), load_access(mop), val, &err) ==
        ACCESS_FAULT) {
        page_fault_record(env, err);
        return false;
    }
    *val = apply_memop(*val, mop);
    return true;
}

static bool tci_store(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val)
{
    CPUX86State *env = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t a = guest_addr(addr);
    CPUTLBEntry *e = tlb_entry(env, get_mmuidx(oi), a);
    uint32_t err = 0;

    val = apply_memop(val, mop);
    if (e->addr_write == ((a + size - 1) & TARGET_PAGE_MASK)) {
        stn_le((uint8_t *)(uintptr_t)(a + e->addend), val, size);
        return true;
    }
    switch (store_any(env, a, val, size, get_mmuidx(oi), 0, &err)) {
    case ACCESS_DONE:
        return true;
    case ACCESS_FAULT:
        page_fault_record(env, err);
        return false;
    default:
        return false;
    }
}

const TCIMemOps tcg_tci_mem_ops = {
    .load = tci_load,
    .store = tci_store,
};

/* ---- Code fetch ---- */

static int code_mmu_idx(uint32_t tb_flags)
{
    return (tb_flags & HF_CPL_MASK) == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

/* The physical address of code at linear pc, or false with #PF's code. */
static bool code_phys(CPUX86State *env, uint64_t pc, int mmu_idx,
                      uint64_t *paddr, uint32_t *err)
{
    if (!tlb_probe(env, pc, mmu_idx, X86_ACCESS_FETCH, err)) {
        return false;
    }
    *paddr = entry_phys(env, mmu_idx, pc);
    return true;
}

uint64_t get_page_addr_code(CPUX86State *env, uint64_t pc)
{
    uint32_t err = 0;
    uint64_t paddr;

    if (!code_phys(env, guest_addr(pc), code_mmu_idx(env->hflags), &paddr,
                   &err)) {
        /* Between blocks: EIP is the block's first instruction. */
        env->cr[2] = guest_addr(pc);
        raise_exception_err(env, EXCP0E_PAGE, err);
    }
    return paddr & TARGET_PAGE_MASK;
}

/* Code fetch under tb_lock (translation, block lookup). */
static bool code_phys_locked(CPUX86State *env, uint64_t pc, int mmu_idx,
                             uint64_t *paddr, uint32_t *err)
{
    bool ok;

    fill_under_tb_lock = true;
    ok = code_phys(env, pc, mmu_idx, paddr, err);
    fill_under_tb_lock = false;
    return ok;
}

bool probe_page_addr_code(CPUX86State *env, uint64_t pc, uint64_t *page)
{
    uint32_t err = 0;

    if (!code_phys_locked(env, guest_addr(pc), code_mmu_idx(env->hflags),
                          page, &err)) {
        return false;
    }
    *page &= TARGET_PAGE_MASK;
    return true;
}

/* Instructions begun in the block being translated (insn_start ops). */
static int insns_started(void)
{
    int n = 0;

    for (int i = 0; i < tcg_ctx->nb_ops; i++) {
        n += tcg_ctx->ops[i].opc == INDEX_op_insn_start;
    }
    return n;
}

/*
 * The host address of code at paddr.  The page of the last byte fetched
 * is remembered for the block being translated, so that the memory map
 * (and the big lock) is consulted once per page, not once per byte.
 */
/* Bumped at every memory map change: host pointers found before are stale. */
static unsigned memory_map_generation;

static uint8_t *code_host_ptr(const TranslationBlock *tb, uint64_t paddr)
{
    static __thread const TranslationBlock *last_tb;
    static __thread uint64_t last_page = (uint64_t)-1;
    static __thread uint8_t *last_host;
    static __thread unsigned last_gen;
    unsigned gen = __atomic_load_n(&memory_map_generation, __ATOMIC_ACQUIRE);
    uint64_t page = paddr & TARGET_PAGE_MASK, avail = 0;
    uint8_t *host;

    if (tb == last_tb && page == last_page && gen == last_gen) {
        return last_host + (paddr - page);
    }
    host = tcg_phys_ram_ptr(paddr, &avail, NULL);
    if (host && avail >= TARGET_PAGE_SIZE - (paddr - page)) {
        last_tb = tb;
        last_page = page;
        last_gen = gen;
        last_host = host - (paddr - page);
    } else {
        last_tb = NULL;
    }
    return host;
}

static uint8_t *code_ptr(CPUX86State *env, TranslationBlock *tb, uint64_t pc)
{
    uint64_t paddr;
    uint32_t err = 0;

    if (((pc ^ tb->pc) & TARGET_PAGE_MASK) == 0) {
        /* The first page: looked up (and walked) before translating. */
        paddr = tb->page_addr[0] | (pc & ~TARGET_PAGE_MASK);
    } else if (!code_phys_locked(env, pc, code_mmu_idx(tb->flags), &paddr,
                                 &err)) {
        /*
         * The instruction crossing into the next page cannot be fetched:
         * tb_lookup() raises #PF if it is the block's first, or
         * translates the block again without it.
         */
        TLBFetchFault *ff = &tlb_full(env)->fetch_fault;

        /* The first byte that faulted is CR2; the decoder may read on. */
        if (!ff->pending) {
            ff->pending = true;
            ff->addr = pc;
            ff->error_code = err;
            ff->insns_before = insns_started() - 1;
        }
        return NULL;
    } else {
        uint64_t ppage = paddr & TARGET_PAGE_MASK;

        if (tb->page_addr[1] == (uint64_t)-1) {
            tb->page_addr[1] = ppage;
        }
    }
    return code_host_ptr(tb, paddr);
}

static uint8_t code_byte(CPUX86State *env, TranslationBlock *tb, uint64_t pc)
{
    uint8_t *p = code_ptr(env, tb, guest_addr(pc));

    if (!p) {
        /* Executing from a device, nothing, or a page that faults. */
        tb->cflags |= CF_INVALID;
        return 0xff;
    }
    return *p;
}

uint8_t translator_ldub(void *env, TranslationBlock *tb, uint64_t pc)
{
    return code_byte(env, tb, pc);
}

/*
 * Byte by byte in address order (sequenced statements, not operands of
 * one expression): the first byte that faults is the one CR2 names.
 */
uint16_t translator_lduw(void *env, TranslationBlock *tb, uint64_t pc)
{
    uint16_t lo = code_byte(env, tb, pc);

    return lo | (uint16_t)code_byte(env, tb, pc + 1) << 8;
}

uint32_t translator_ldl(void *env, TranslationBlock *tb, uint64_t pc)
{
    uint32_t lo = translator_lduw(env, tb, pc);

    return lo | (uint32_t)translator_lduw(env, tb, pc + 2) << 16;
}

bool tlb_fetch_fault_retry(CPUState *cpu, uint32_t *cflags)
{
    TLBFetchFault *ff = &tlb_full(cpu_env(cpu))->fetch_fault;

    if (!ff->pending || ff->insns_before <= 0) {
        return false;
    }
    ff->pending = false;
    *cflags = (*cflags & ~CF_COUNT_MASK) | ff->insns_before;
    return true;
}

void tlb_fetch_fault_raise(CPUState *cpu)
{
    CPUX86State *env = cpu_env(cpu);
    TLBFetchFault *ff = &tlb_full(env)->fetch_fault;

    if (ff->pending) {
        ff->pending = false;
        env->cr[2] = ff->addr;
        raise_exception_err(env, EXCP0E_PAGE, ff->error_code);
    }
}

/* ---- Memory map changes ---- */

/* A removed range larger than this flushes all blocks (see below). */
#define TCG_REGION_DEL_MAX_PAGES (1ULL << 18) /* 1 GiB */

/* Set by tcg_region_del, taken by the vCPUs (tlb_take_tb_flush). */
static bool tb_flush_wanted;

/*
 * Blocks are keyed by guest-physical address: RAM or ROM leaving an
 * address (moved, resized, unmapped, ROMD toggled: a del then an add)
 * takes the blocks translated from it along.  MMIO ranges (PCI BARs
 * being sized and placed) hold no code, so they cost no blocks.
 */
static void tcg_region_del(MemoryListener *listener,
                           MemoryRegionSection *section)
{
    uint64_t start = section->offset_within_address_space;
    uint64_t size = section->size;
    bool hit_current;

    if (!memory_region_is_ram(section->mr) && !section->romd) {
        return;
    }
    if (size > TCG_REGION_DEL_MAX_PAGES * TARGET_PAGE_SIZE) {
        /* Walking it page by page would cost more than translating again. */
        __atomic_store_n(&tb_flush_wanted, true, __ATOMIC_SEQ_CST);
        return;
    }
    tb_invalidate_phys_range(start, start + size, NULL, &hit_current);
}

bool tlb_take_tb_flush(void)
{
    return __atomic_exchange_n(&tb_flush_wanted, false, __ATOMIC_SEQ_CST);
}

static void tcg_commit(MemoryListener *listener)
{
    CPUState *cpu;

    __atomic_add_fetch(&memory_map_generation, 1, __ATOMIC_RELEASE);
    /*
     * TLB entries may point at memory that moved: every vCPU flushes its
     * TLB before its next block (cpu-exec.c).
     */
    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;

        if (tcs) {
            __atomic_store_n(&tcs->memory_changed, true, __ATOMIC_SEQ_CST);
            tcg_cpu_exit(cpu);
        }
    }
}

static MemoryListener tcg_memory_listener = {
    .region_del = tcg_region_del,
    .commit = tcg_commit,
    .name = "tcg",
};

/*
 * Stores the memory API made into RAM (device DMA, loaders, qtest),
 * after they are done: the blocks translated from those bytes go.  Every
 * address space that reaches RAM on the PC (system memory, the PCI
 * bus-master spaces) sees it at its physical address.
 */
static void tcg_ram_written(AddressSpace *as, hwaddr addr, hwaddr len)
{
    bool hit_current;

    if (len) {
        tb_invalidate_phys_range(addr, addr + len, NULL, &hit_current);
    }
}

void tcg_memory_listener_register(void)
{
    memory_listener_register(&tcg_memory_listener, &address_space_memory);
    memory_set_ram_write_hook(tcg_ram_written);
}
