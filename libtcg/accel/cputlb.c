/*
 * The softmmu: each vCPU's TLB (tcg/cputlb.h), its fill from the memory
 * API, and the slow paths of guest loads and stores.
 *
 * Paging is off in this stage, so a linear address is physical (through
 * the A20 gate).  A page of RAM or ROM gets a direct entry (host address
 * = guest address + addend); everything else (device regions, unassigned
 * space, pages only partly RAM) is TLB_MMIO and goes through
 * address_space_rw() under the big lock, so every device works unchanged.
 * Stores to pages that hold translated code are TLB_NOTDIRTY: the slow
 * path invalidates the blocks on the bytes written first (self-modifying
 * code), and if the running block was one of them it is restarted as a
 * one-instruction block so that the next instruction is fetched anew.
 */
#include <string.h>

#include "accel-internal.h"
#include "machine/cpus.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "x86-tcg.h"

/* ---- Entries ---- */

static void tlb_entry_invalidate(CPUTLBEntry *e)
{
    e->addr_read = e->addr_write = e->addr_code = (uint64_t)-1;
    e->addend = 0;
}

void tlb_init(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    tcs->tlb = g_new(CPUTLBTable, 1);
    cpu_env(cpu)->tcg_tlb = tcs->tlb;
    tlb_flush(cpu);
}

void tlb_flush(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < CPU_TLB_SIZE; i++) {
            tlb_entry_invalidate(&tcs->tlb->e[m][i]);
        }
    }
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    AccelCPUState *tcs = cpu->accel;
    uint64_t page = addr & TARGET_PAGE_MASK;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        CPUTLBEntry *e = &tcs->tlb->e[m][tlb_index(addr)];

        if ((e->addr_read & TARGET_PAGE_MASK) == page ||
            (e->addr_write & TARGET_PAGE_MASK) == page ||
            (e->addr_code & TARGET_PAGE_MASK) == page) {
            tlb_entry_invalidate(e);
        }
    }
}

/*
 * A page now holds code: every CPU's write entry for it takes the slow
 * path from now on.  (With paging, several linear pages may map it; here
 * linear = physical, so the entry at its own index is the only one.)
 */
void tlb_protect_code_page(uint64_t page)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;

        if (!tcs || !tcs->tlb) {
            continue;
        }
        for (int m = 0; m < NB_MMU_MODES; m++) {
            CPUTLBEntry *e = &tcs->tlb->e[m][tlb_index(page)];
            uint64_t w = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);

            if ((w & TARGET_PAGE_MASK) == page) {
                __atomic_store_n(&e->addr_write, w | TLB_NOTDIRTY,
                                 __ATOMIC_SEQ_CST);
            }
        }
    }
}

static uint64_t linear_to_phys(CPUX86State *env, uint64_t addr)
{
    return addr & (uint64_t)(int64_t)env->a20_mask;
}

void *tcg_phys_ram_ptr(uint64_t paddr, uint64_t *avail)
{
    MemoryRegionSection sec;
    bool locked = qemu_mutex_iothread_locked();
    void *p = NULL;

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    if (address_space_find_section(&address_space_memory, paddr, &sec) &&
        (memory_region_is_ram(sec.mr) || sec.romd)) {
        uint64_t off = paddr - sec.offset_within_address_space;

        p = (uint8_t *)memory_region_get_ram_ptr(sec.mr) +
            sec.offset_within_region + off;
        *avail = sec.size - off;
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return p;
}

/* Fill the entry of addr for mmu_idx; returns it. */
static CPUTLBEntry *tlb_fill(CPUX86State *env, uint64_t addr, int mmu_idx)
{
    CPUTLBTable *t = env->tcg_tlb;
    CPUTLBEntry *e = &t->e[mmu_idx][tlb_index(addr)];
    uint64_t vpage = addr & TARGET_PAGE_MASK;
    uint64_t ppage = linear_to_phys(env, vpage);
    uint64_t avail = 0;
    uint8_t *host = tcg_phys_ram_ptr(ppage, &avail);
    MemoryRegionSection sec;
    bool readonly = true;

    if (host && avail >= TARGET_PAGE_SIZE) {
        bool locked = qemu_mutex_iothread_locked();

        if (!locked) {
            qemu_mutex_lock_iothread();
        }
        if (address_space_find_section(&address_space_memory, ppage, &sec)) {
            readonly = sec.readonly || sec.romd;
        }
        if (!locked) {
            qemu_mutex_unlock_iothread();
        }
        e->addend = (uintptr_t)host - vpage;
        __atomic_store_n(&e->addr_read, vpage, __ATOMIC_RELAXED);
        __atomic_store_n(&e->addr_code, vpage, __ATOMIC_RELAXED);
        if (readonly) {
            /* ROM: writes go to the memory API, which drops them. */
            __atomic_store_n(&e->addr_write, vpage | TLB_MMIO,
                             __ATOMIC_RELAXED);
        } else if (tb_page_has_code(ppage)) {
            __atomic_store_n(&e->addr_write, vpage | TLB_NOTDIRTY,
                             __ATOMIC_RELAXED);
        } else {
            __atomic_store_n(&e->addr_write, vpage, __ATOMIC_RELAXED);
        }
    } else {
        e->addend = 0;
        e->addr_read = e->addr_write = e->addr_code = vpage | TLB_MMIO;
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

static uint64_t ldn_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    memcpy(&v, p, size); /* little-endian host */
    return v;
}

static void stn_le(uint8_t *p, uint64_t v, unsigned size)
{
    memcpy(p, &v, size);
}

/* ---- Slow paths ---- */

typedef enum AccessResult {
    ACCESS_DONE,
    ACCESS_RESTART, /* self-modifying code: rerun the instruction */
} AccessResult;

static bool tag_match(uint64_t tag, uint64_t addr)
{
    return (tag & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) ==
           (addr & TARGET_PAGE_MASK);
}

static uint64_t load_page(CPUX86State *env, uint64_t addr, unsigned size,
                          int mmu_idx)
{
    CPUTLBEntry *e = &((CPUTLBTable *)env->tcg_tlb)->e[mmu_idx][tlb_index(addr)];

    if (!tag_match(__atomic_load_n(&e->addr_read, __ATOMIC_RELAXED), addr)) {
        e = tlb_fill(env, addr, mmu_idx);
    }
    if (e->addr_read & TLB_MMIO) {
        return io_read(env_cpu(env), linear_to_phys(env, addr), size);
    }
    return ldn_le((uint8_t *)(uintptr_t)(addr + e->addend), size);
}

static uint64_t load_any(CPUX86State *env, uint64_t addr, unsigned size,
                         int mmu_idx)
{
    uint64_t v = 0;

    if (((addr ^ (addr + size - 1)) & TARGET_PAGE_MASK) == 0) {
        return load_page(env, addr, size, mmu_idx);
    }
    /* Crossing a page: byte by byte, each page through its entry. */
    for (unsigned i = 0; i < size; i++) {
        v |= load_page(env, addr + i, 1, mmu_idx) << (8 * i);
    }
    return v;
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

static AccessResult notdirty_write(CPUX86State *env, uint64_t paddr,
                                   unsigned size, uintptr_t retaddr)
{
    CPUState *cpu = env_cpu(env);
    AccelCPUState *tcs = cpu->accel;
    TranslationBlock *cur = running_tb(retaddr);
    bool hit_current = false;

    tb_invalidate_phys_range(paddr, paddr + size, cur, &hit_current);
    if (hit_current && cur->icount > 1) {
        /* Rerun this instruction alone; it then writes for real. */
        tcs->cflags_next_tb = 1 | CF_NO_GOTO_TB;
        return ACCESS_RESTART;
    }
    return ACCESS_DONE;
}

static AccessResult store_page(CPUX86State *env, uint64_t addr, uint64_t v,
                               unsigned size, int mmu_idx, uintptr_t retaddr)
{
    CPUTLBEntry *e = &((CPUTLBTable *)env->tcg_tlb)->e[mmu_idx][tlb_index(addr)];
    uint64_t tag = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);

    if (!tag_match(tag, addr)) {
        e = tlb_fill(env, addr, mmu_idx);
        tag = e->addr_write;
    }
    if (tag & TLB_MMIO) {
        io_write(env_cpu(env), linear_to_phys(env, addr), v, size);
        return ACCESS_DONE;
    }
    if (tag & TLB_NOTDIRTY) {
        uint64_t paddr = linear_to_phys(env, addr);

        if (notdirty_write(env, paddr, size, retaddr) == ACCESS_RESTART) {
            return ACCESS_RESTART;
        }
        if (!tb_page_has_code(paddr & TARGET_PAGE_MASK)) {
            __atomic_store_n(&e->addr_write, tag & ~(uint64_t)TLB_NOTDIRTY,
                             __ATOMIC_RELAXED);
        }
    }
    stn_le((uint8_t *)(uintptr_t)(addr + e->addend), v, size);
    return ACCESS_DONE;
}

static AccessResult store_any(CPUX86State *env, uint64_t addr, uint64_t v,
                              unsigned size, int mmu_idx, uintptr_t retaddr)
{
    if (((addr ^ (addr + size - 1)) & TARGET_PAGE_MASK) == 0) {
        return store_page(env, addr, v, size, mmu_idx, retaddr);
    }
    /*
     * Crossing a page.  Paging will have to probe both pages before the
     * first byte is written; without paging nothing can fault, and only
     * the first byte's code check may ask for a restart.
     */
    for (unsigned i = 0; i < size; i++) {
        if (store_page(env, addr + i, (v >> (8 * i)) & 0xff, 1, mmu_idx,
                       retaddr) == ACCESS_RESTART) {
            return ACCESS_RESTART;
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

uint64_t helper_ld_mmu(uint64_t env, uint64_t addr, uint64_t oi,
                       uint64_t retaddr)
{
    MemOp mop = get_memop(oi);

    return apply_memop(load_any((CPUX86State *)(uintptr_t)env,
                                guest_addr(addr), 1u << (mop & MO_SIZE),
                                get_mmuidx(oi)),
                       mop);
}

uint64_t helper_st_mmu(uint64_t envp, uint64_t addr, uint64_t val,
                       uint64_t oi, uint64_t retaddr)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)envp;
    MemOp mop = get_memop(oi);

    if (store_any(env, guest_addr(addr), apply_memop(val, mop),
                  1u << (mop & MO_SIZE), get_mmuidx(oi),
                  retaddr) == ACCESS_RESTART) {
        cpu_loop_exit_restore(env_cpu(env), retaddr);
    }
    return 0;
}

uint64_t cpu_ld_mmu(CPUX86State *env, uint64_t addr, MemOp mop,
                    unsigned mmu_idx, uintptr_t retaddr)
{
    return apply_memop(load_any(env, guest_addr(addr),
                                1u << (mop & MO_SIZE), mmu_idx),
                       mop);
}

void cpu_st_mmu(CPUX86State *env, uint64_t addr, uint64_t val, MemOp mop,
                unsigned mmu_idx, uintptr_t retaddr)
{
    /*
     * From a helper, whose instruction synced EIP: a restart reruns that
     * instruction as a block of its own.
     */
    if (store_any(env, guest_addr(addr), apply_memop(val, mop),
                  1u << (mop & MO_SIZE), mmu_idx,
                  retaddr) == ACCESS_RESTART) {
        cpu_loop_exit_restore(env_cpu(env), retaddr);
    }
}

/* ---- The interpreter's guest memory ---- */

static bool tci_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    CPUX86State *env = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t a = guest_addr(addr);
    CPUTLBEntry *e =
        &((CPUTLBTable *)env->tcg_tlb)->e[get_mmuidx(oi)][tlb_index(a)];

    /* The fast path the code generator inlines, in C. */
    if (e->addr_read == ((a + size - 1) & TARGET_PAGE_MASK)) {
        *val = apply_memop(ldn_le((uint8_t *)(uintptr_t)(a + e->addend),
                                  size),
                           mop);
        return true;
    }
    *val = apply_memop(load_any(env, a, size, get_mmuidx(oi)), mop);
    return true;
}

static bool tci_store(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val)
{
    CPUX86State *env = opaque;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t a = guest_addr(addr);
    CPUTLBEntry *e =
        &((CPUTLBTable *)env->tcg_tlb)->e[get_mmuidx(oi)][tlb_index(a)];

    val = apply_memop(val, mop);
    if (e->addr_write == ((a + size - 1) & TARGET_PAGE_MASK)) {
        stn_le((uint8_t *)(uintptr_t)(a + e->addend), val, size);
        return true;
    }
    /* false: the interpreter stops at this instruction (restart). */
    return store_any(env, a, val, size, get_mmuidx(oi), 0) == ACCESS_DONE;
}

const TCIMemOps tcg_tci_mem_ops = {
    .load = tci_load,
    .store = tci_store,
};

/* ---- Code fetch ---- */

static uint8_t *code_ptr(CPUX86State *env, TranslationBlock *tb, uint64_t pc)
{
    uint64_t ppage = linear_to_phys(env, pc) & TARGET_PAGE_MASK;
    uint64_t avail = 0;
    uint8_t *host;

    if (ppage != tb->page_addr[0] && tb->page_addr[1] == (uint64_t)-1) {
        tb->page_addr[1] = ppage;
    }
    host = tcg_phys_ram_ptr(linear_to_phys(env, pc), &avail);
    if (!host) {
        return NULL;
    }
    return host;
}

static uint8_t code_byte(CPUX86State *env, TranslationBlock *tb, uint64_t pc)
{
    uint8_t *p = code_ptr(env, tb, guest_addr(pc));

    if (!p) {
        /* Executing from a device or from nothing: the block fails. */
        tb->cflags |= CF_INVALID;
        return 0xff;
    }
    return *p;
}

uint8_t translator_ldub(void *env, TranslationBlock *tb, uint64_t pc)
{
    return code_byte(env, tb, pc);
}

uint16_t translator_lduw(void *env, TranslationBlock *tb, uint64_t pc)
{
    return code_byte(env, tb, pc) | (uint16_t)code_byte(env, tb, pc + 1) << 8;
}

uint32_t translator_ldl(void *env, TranslationBlock *tb, uint64_t pc)
{
    return translator_lduw(env, tb, pc) |
           (uint32_t)translator_lduw(env, tb, pc + 2) << 16;
}

/* ---- Memory map changes ---- */

static void tcg_commit(MemoryListener *listener)
{
    CPUState *cpu;

    /*
     * Entries and blocks may point at memory that moved: every vCPU
     * flushes before its next block (cpu-exec.c).
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
    .commit = tcg_commit,
    .name = "tcg",
};

void tcg_memory_listener_register(void)
{
    memory_listener_register(&tcg_memory_listener, &address_space_memory);
}
