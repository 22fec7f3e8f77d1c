/*
 * The translation block cache: the global hash keyed by physical PC, PC,
 * CS base, mode flags and cflags; the per-CPU jump caches in front of it;
 * the per-page lists that find the blocks a store invalidates; direct
 * chaining between blocks and its undoing.
 *
 * Locking: tb_lock (one mutex) guards everything here; the vCPUs read
 * their own jump cache without it (atomic pointers, and a block found
 * there is rechecked for CF_INVALID).  Blocks are never freed while a
 * vCPU may run them: invalidation only unlinks a block; its memory and
 * generated code go at the next tb_flush_all(), which runs while every
 * vCPU is outside generated code.
 */
#include <inttypes.h>
#include <string.h>

#include "accel-internal.h"
#include "system/mmu-helper.h"
#include "util/log.h"
#include "util/timer.h"
#include "x86-tcg.h"

static GMutex tb_mutex;
static GHashTable *tb_htable;   /* TranslationBlock * (key and value) */
static GHashTable *tb_pages;    /* physical page -> GPtrArray of blocks */
static GPtrArray *tb_all;       /* every block since the last flush */
static GTree *tb_by_code;       /* host code start -> block (JIT) */
static TBStats tb_stats;

void tb_lock(void)
{
    g_mutex_lock(&tb_mutex);
}

void tb_unlock(void)
{
    g_mutex_unlock(&tb_mutex);
}

static uint64_t tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] | (tb->pc & ~TARGET_PAGE_MASK);
}

static guint tb_hash(gconstpointer p)
{
    const TranslationBlock *tb = p;
    uint64_t h = tb_phys_pc(tb) * 0x9e3779b97f4a7c15ULL;

    h ^= tb->pc + (h << 6) + (h >> 2);
    h ^= tb->flags * 0x85ebca6bU + (tb->cflags & CF_COUNT_MASK);
    return (guint)(h ^ (h >> 32));
}

static gboolean tb_equal(gconstpointer a, gconstpointer b)
{
    const TranslationBlock *x = a, *y = b;

    return x->pc == y->pc && x->cs_base == y->cs_base &&
           x->flags == y->flags &&
           (x->cflags & ~CF_INVALID) == (y->cflags & ~CF_INVALID) &&
           tb_phys_pc(x) == tb_phys_pc(y);
}

static gint code_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;

    return x < y ? -1 : x > y;
}

static void page_list_free(gpointer p)
{
    g_ptr_array_free(p, TRUE);
}

void tb_cache_init(void)
{
    tb_htable = g_hash_table_new(tb_hash, tb_equal);
    tb_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                     page_list_free);
    tb_all = g_ptr_array_new();
    tb_by_code = g_tree_new_full(code_cmp, NULL, NULL, NULL);
}

/* ---- Pages ---- */

static void page_add_tb(uint64_t page, TranslationBlock *tb)
{
    GPtrArray *list = g_hash_table_lookup(tb_pages, &page);

    if (!list) {
        uint64_t *key = g_new(uint64_t, 1);

        *key = page;
        list = g_ptr_array_new();
        g_hash_table_insert(tb_pages, key, list);
        tlb_protect_code_page(page);
    }
    g_ptr_array_add(list, tb);
}

static void page_remove_tb(uint64_t page, TranslationBlock *tb)
{
    GPtrArray *list = g_hash_table_lookup(tb_pages, &page);

    if (list) {
        g_ptr_array_remove_fast(list, tb);
        if (list->len == 0) {
            g_hash_table_remove(tb_pages, &page);
        }
    }
}

bool tb_page_has_code(uint64_t page)
{
    bool r;

    tb_lock();
    r = g_hash_table_contains(tb_pages, &page);
    tb_unlock();
    return r;
}

/*
 * Under tb_lock, so that the page cannot get code (and its scan set the
 * flag) between the question and the change; a tag that changed
 * meanwhile (a refill) is left alone.
 */
void tb_page_unprotect_if_no_code(uint64_t page, uint64_t *tag_ptr,
                                  uint64_t tag)
{
    tb_lock();
    if (!g_hash_table_contains(tb_pages, &page)) {
        __atomic_compare_exchange_n(tag_ptr, &tag,
                                    tag & ~(uint64_t)TLB_NOTDIRTY, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    tb_unlock();
}

/* ---- Chaining ---- */

static void tb_patch_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    struct TBEngine *e = tb->engine;

    if (tcg_engine.backend == TCG_BACKEND_JIT) {
        tcg_host_tb_set_jump(&e->host, n,
                             dest ? dest->engine->host.code : NULL);
    } else {
        tci_prog_set_jump(e->prog, n, dest ? dest->engine->prog : NULL);
    }
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    struct TBEngine *e = tb->engine;

    tb_lock();
    if (e->chainable && dest->engine->chainable && !e->jmp_dest[n] &&
        !(tb->cflags & CF_NO_GOTO_TB)) {
        if (tcg_engine.backend != TCG_BACKEND_JIT ||
            e->host.jmp_insn_offset[n] != UINT32_MAX) {
            e->jmp_dest[n] = dest;
            g_ptr_array_add(dest->engine->jmp_incoming,
                            (void *)((uintptr_t)tb | n));
            tb_patch_jump(tb, n, dest);
            qemu_log_mask(CPU_LOG_EXEC,
                          "Linking TBs %p index %d -> %p\n", (void *)tb, n,
                          (void *)dest);
        }
    }
    tb_unlock();
}

/* ---- Lookup and insertion ---- */

static TranslationBlock *tb_alloc(void)
{
    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    struct TBEngine *e = g_new0(struct TBEngine, 1);

    tb->engine = e;
    e->tb = tb;
    e->jmp_incoming = g_ptr_array_new();
    e->chainable = true;
    e->host.jmp_insn_offset[0] = e->host.jmp_insn_offset[1] = UINT32_MAX;
    return tb;
}

static void tb_free(TranslationBlock *tb)
{
    struct TBEngine *e = tb->engine;

    if (e->prog) {
        tci_prog_free(e->prog);
    }
    tcg_host_tb_free(&e->host);
    g_ptr_array_free(e->jmp_incoming, TRUE);
    g_free(e);
    g_free(tb);
}

static uint64_t tb_code_page(CPUState *cpu, uint64_t pc)
{
    /* Through paging and the A20 gate; #PF when pc cannot be fetched. */
    return get_page_addr_code(cpu_env(cpu), pc);
}

static void tb_insert(TranslationBlock *tb)
{
    g_hash_table_add(tb_htable, tb);
    g_ptr_array_add(tb_all, tb);
    page_add_tb(tb->page_addr[0], tb);
    if (tb->page_addr[1] != (uint64_t)-1) {
        page_add_tb(tb->page_addr[1], tb);
    }
    if (tcg_engine.backend == TCG_BACKEND_JIT) {
        g_tree_insert(tb_by_code, (gpointer)tb->engine->host.code, tb);
    }
}

/* Generate code, flushing the whole cache once if the buffer is full. */
static TranslationBlock *tb_translate(CPUState *cpu, TranslationBlock *key,
                                      int *status)
{
    TranslationBlock *tb = tb_alloc();
    int64_t t0 = get_clock();

    tb->pc = key->pc;
    tb->cs_base = key->cs_base;
    tb->flags = key->flags;
    tb->cflags = key->cflags;
    tb->page_addr[0] = key->page_addr[0];
    tb->page_addr[1] = (uint64_t)-1;
    *status = tb_gen_code(cpu, tb);
    if (*status != TB_GEN_OK) {
        tb_free(tb);
        return NULL;
    }
    tb_stats.translated++;
    tb_stats.translate_ns += get_clock() - t0;
    tb_insert(tb);
    return tb;
}

static void tb_phys_invalidate(TranslationBlock *tb);

/*
 * The hash knows a block by its first physical page only: the linear
 * page of its last byte must still map the physical page it was
 * translated from (paging may have moved it), or the block goes.
 */
static bool tb_second_page_current(CPUState *cpu, TranslationBlock *tb)
{
    uint64_t page;

    if (tb->page_addr[1] == (uint64_t)-1) {
        return true;
    }
    return probe_page_addr_code(cpu_env(cpu), tb->pc + tb->size - 1, &page) &&
           page == tb->page_addr[1];
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags, int *status)
{
    AccelCPUState *tcs = cpu->accel;
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb, key;
    unsigned ph;

    tb = __atomic_load_n(&tcs->jmp_cache[h], __ATOMIC_ACQUIRE);
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags) {
        return tb;
    }
    memset(&key, 0, sizeof(key));
    key.pc = pc;
    key.cs_base = cs_base;
    key.flags = flags;
    key.cflags = cflags;
    key.page_addr[0] = tb_code_page(cpu, pc);
    /*
     * The physical cache, without the lock: a block invalidated since
     * has CF_INVALID in its cflags and fails the compare; blocks are only
     * freed by a flush, which runs with every vCPU out and empties it.
     */
    ph = tb_phys_cache_hash(key.page_addr[0] | (pc & ~TARGET_PAGE_MASK), flags);
    tb = __atomic_load_n(&tcs->phys_cache[ph], __ATOMIC_ACQUIRE);
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        __atomic_load_n(&tb->cflags, __ATOMIC_ACQUIRE) == cflags &&
        tb->page_addr[0] == key.page_addr[0] &&
        tb_second_page_current(cpu, tb)) {
        goto found;
    }
    tb_lock();
    tb = g_hash_table_lookup(tb_htable, &key);
    if (tb && !tb_second_page_current(cpu, tb)) {
        tb_phys_invalidate(tb);
        tb = NULL;
    }
    if (!tb) {
        tb = tb_translate(cpu, &key, status);
        /* The code's second page faulted: end the block before it. */
        if (!tb && tlb_fetch_fault_retry(cpu, &key.cflags)) {
            tb = g_hash_table_lookup(tb_htable, &key);
            if (!tb) {
                tb = tb_translate(cpu, &key, status);
            }
        }
    }
    tb_unlock();
    if (!tb) {
        tlb_fetch_fault_raise(cpu);
        return NULL;
    }
    if (tb->page_addr[0] == key.page_addr[0]) {
        __atomic_store_n(&tcs->phys_cache[ph], tb, __ATOMIC_RELEASE);
    }
found:
    __atomic_store_n(&tcs->jmp_cache[h], tb, __ATOMIC_RELEASE);
    tb_jmp_fast_set(cpu_env(cpu), tb);
    return tb;
}

/*
 * Only the CPU's own thread fills its entries; others only empty them
 * (code 0 first, so a reader never pairs one block's key with another's
 * code for longer than the block stays allocated).
 */
void tb_jmp_fast_set(CPUX86State *env, TranslationBlock *tb)
{
    unsigned h = tb_jmp_fast_hash(tb->pc);

    /* A bounded run's indirect jumps all go back to the loop. */
    if (tcg_engine.backend != TCG_BACKEND_JIT || tb->cflags ||
        tb->pc > UINT32_MAX || tb->page_addr[1] != (uint64_t)-1 ||
        ((AccelCPUState *)env_cpu(env)->accel)->bounded) {
        return;
    }
    __atomic_store_n(&env->tcg_jmp_fast[h].code, 0, __ATOMIC_SEQ_CST);
    env->tcg_jmp_fast[h].pc = tb->pc;
    env->tcg_jmp_fast[h].flags = tb->flags;
    __atomic_store_n(&env->tcg_jmp_fast[h].code,
                     (uintptr_t)tb->engine->host.code, __ATOMIC_RELEASE);
}

/* ---- Invalidation ---- */

static void tb_jmp_cache_remove(TranslationBlock *tb)
{
    unsigned h = tb_jmp_cache_hash(tb->pc);
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;
        TranslationBlock *expected = tb;

        if (tcs && tcs->jmp_cache) {
            __atomic_compare_exchange_n(&tcs->jmp_cache[h], &expected, NULL,
                                        false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST);
        }
        if (tcs && tcg_engine.backend == TCG_BACKEND_JIT) {
            CPUX86State *env = cpu_env(cpu);
            uint64_t code = (uintptr_t)tb->engine->host.code;

            __atomic_compare_exchange_n(
                &env->tcg_jmp_fast[tb_jmp_fast_hash(tb->pc)].code, &code, 0,
                false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        }
    }
}

static void tb_unlink(TranslationBlock *tb)
{
    struct TBEngine *e = tb->engine;

    /* Blocks jumping to us go back to their exit path. */
    for (guint i = 0; i < e->jmp_incoming->len; i++) {
        uintptr_t v = (uintptr_t)g_ptr_array_index(e->jmp_incoming, i);
        TranslationBlock *src = (TranslationBlock *)(v & ~(uintptr_t)1);
        int n = v & 1;

        src->engine->jmp_dest[n] = NULL;
        tb_patch_jump(src, n, NULL);
    }
    g_ptr_array_set_size(e->jmp_incoming, 0);
    /* Our own jumps: drop us from the destinations' lists. */
    for (int n = 0; n < 2; n++) {
        TranslationBlock *dest = e->jmp_dest[n];

        if (dest) {
            g_ptr_array_remove_fast(dest->engine->jmp_incoming,
                                    (void *)((uintptr_t)tb | n));
            e->jmp_dest[n] = NULL;
            tb_patch_jump(tb, n, NULL);
        }
    }
}

static void tb_phys_invalidate(TranslationBlock *tb)
{
    if (tb->cflags & CF_INVALID) {
        return;
    }
    tb->engine->chainable = false;
    __atomic_or_fetch(&tb->cflags, CF_INVALID, __ATOMIC_SEQ_CST);
    g_hash_table_remove(tb_htable, tb);
    page_remove_tb(tb->page_addr[0], tb);
    if (tb->page_addr[1] != (uint64_t)-1) {
        page_remove_tb(tb->page_addr[1], tb);
    }
    tb_jmp_cache_remove(tb);
    tb_unlink(tb);
    tb_stats.invalidated++;
}

bool tb_overlaps_phys_range(const TranslationBlock *tb, uint64_t start,
                            uint64_t end)
{
    uint64_t first = tb_phys_pc(tb);
    uint64_t in_first = MIN((uint64_t)tb->size,
                            TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK));

    if (first < end && start < first + in_first) {
        return true;
    }
    if (tb->page_addr[1] != (uint64_t)-1) {
        uint64_t second = tb->page_addr[1];
        uint64_t rest = tb->size - in_first;

        return second < end && start < second + rest;
    }
    return false;
}

bool tb_invalidate_phys_range(uint64_t start, uint64_t end,
                              TranslationBlock *current_tb, bool *hit_current)
{
    bool found = false;

    *hit_current = false;
    tb_lock();
    for (uint64_t page = start & TARGET_PAGE_MASK; page < end;
         page += TARGET_PAGE_SIZE) {
        GPtrArray *list = g_hash_table_lookup(tb_pages, &page);

        /* Invalidation edits the list: walk a copy. */
        g_autoptr(GPtrArray) copy =
            list ? g_ptr_array_copy(list, NULL, NULL) : NULL;

        for (guint i = 0; copy && i < copy->len; i++) {
            TranslationBlock *tb = g_ptr_array_index(copy, i);

            if (tb_overlaps_phys_range(tb, start, end)) {
                if (tb == current_tb) {
                    *hit_current = true;
                }
                tb_phys_invalidate(tb);
                found = true;
            }
        }
    }
    tb_unlock();
    return found;
}

void tb_flush_all(void)
{
    CPUState *cpu;
    guint tb_all_len;

    tb_lock();
    g_hash_table_remove_all(tb_htable);
    g_hash_table_remove_all(tb_pages);
    g_tree_destroy(tb_by_code);
    tb_by_code = g_tree_new_full(code_cmp, NULL, NULL, NULL);
    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;

        if (tcs && tcs->jmp_cache) {
            memset(tcs->jmp_cache, 0,
                   sizeof(*tcs->jmp_cache) * TB_JMP_CACHE_SIZE);
            memset(tcs->phys_cache, 0,
                   sizeof(*tcs->phys_cache) * TB_PHYS_CACHE_SIZE);
            memset(cpu_env(cpu)->tcg_jmp_fast, 0,
                   sizeof(cpu_env(cpu)->tcg_jmp_fast));
        }
    }
    tb_all_len = tb_all->len;
    for (guint i = 0; i < tb_all->len; i++) {
        tb_free(g_ptr_array_index(tb_all, i));
    }
    g_ptr_array_set_size(tb_all, 0);
    if (tcg_engine.code_buf) {
        tcg_code_buffer_reset(tcg_engine.code_buf);
    }
    tcg_engine.interp_bytes = 0;
    tb_stats.flushes++;
    qemu_log_mask(CPU_LOG_EXEC, "TB flush %" PRIu64 ": %u blocks dropped\n",
                  tb_stats.flushes, tb_all_len);
    tb_unlock();
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    TranslationBlock *found = NULL;
    GTreeNode *node;

    tb_lock();
    /* The block with the greatest code start <= host_pc. */
    node = g_tree_upper_bound(tb_by_code, (gconstpointer)host_pc);
    node = node ? g_tree_node_previous(node) : g_tree_node_last(tb_by_code);
    if (node) {
        TranslationBlock *tb = g_tree_node_value(node);
        uintptr_t code = (uintptr_t)tb->engine->host.code;

        if (host_pc >= code && host_pc < code + tb->engine->host.size) {
            found = tb;
        }
    }
    tb_unlock();
    return found;
}

TranslationBlock *tb_of_prog(const TCIProg *prog)
{
    return prog ? tci_prog_get_opaque(prog) : NULL;
}

void tb_get_stats(TBStats *st)
{
    tb_lock();
    *st = tb_stats;
    tb_unlock();
}

/* ---- Consistency (tcg_exec_check) ---- */

static bool tb_check_valid_block(TranslationBlock *tb, GHashTable *all,
                                 const char *what, Error **errp)
{
    if (!g_hash_table_contains(all, tb)) {
        error_setg(errp, "%s %p is not a block of the cache", what,
                   (void *)tb);
        return false;
    }
    if (tb->cflags & CF_INVALID) {
        error_setg(errp, "%s %p (pc 0x%" PRIx64 ") is invalidated", what,
                   (void *)tb, tb->pc);
        return false;
    }
    return true;
}

static bool tb_check_chains(TranslationBlock *tb, GHashTable *all,
                            Error **errp)
{
    struct TBEngine *e = tb->engine;

    for (int n = 0; n < 2; n++) {
        TranslationBlock *dest = e->jmp_dest[n];
        void *back = (void *)((uintptr_t)tb | n);
        bool found = false;

        if (!dest) {
            continue;
        }
        if (!tb_check_valid_block(tb, all, "chained block", errp) ||
            !tb_check_valid_block(dest, all, "chain target", errp)) {
            return false;
        }
        for (guint i = 0; i < dest->engine->jmp_incoming->len; i++) {
            found |= g_ptr_array_index(dest->engine->jmp_incoming, i) == back;
        }
        if (!found) {
            error_setg(errp, "block %p slot %d chains to %p, which does "
                       "not list it", (void *)tb, n, (void *)dest);
            return false;
        }
    }
    for (guint i = 0; i < e->jmp_incoming->len; i++) {
        uintptr_t v = (uintptr_t)g_ptr_array_index(e->jmp_incoming, i);
        TranslationBlock *src = (TranslationBlock *)(v & ~(uintptr_t)1);

        if (!g_hash_table_contains(all, src) ||
            src->engine->jmp_dest[v & 1] != tb) {
            error_setg(errp, "block %p lists %p slot %d as chained into "
                       "it, which it is not", (void *)tb, (void *)src,
                       (int)(v & 1));
            return false;
        }
    }
    return true;
}

static bool tb_check_pages(TranslationBlock *tb, Error **errp)
{
    for (int i = 0; i < 2; i++) {
        uint64_t page = tb->page_addr[i];
        GPtrArray *list;
        bool found = false;

        if (i == 1 && page == (uint64_t)-1) {
            break;
        }
        list = g_hash_table_lookup(tb_pages, &page);
        for (guint j = 0; list && j < list->len; j++) {
            found |= g_ptr_array_index(list, j) == tb;
        }
        if (!found) {
            error_setg(errp, "block %p (pc 0x%" PRIx64 ") missing from the "
                       "list of page 0x%" PRIx64, (void *)tb, tb->pc, page);
            return false;
        }
    }
    return true;
}

static bool tb_check_locked(GHashTable *all, Error **errp)
{
    GHashTableIter it;
    gpointer key, value;
    guint valid = 0;
    CPUState *cpu;

    for (guint i = 0; i < tb_all->len; i++) {
        TranslationBlock *tb = g_ptr_array_index(tb_all, i);
        bool in_hash = g_hash_table_lookup(tb_htable, tb) == tb;

        if (!(tb->cflags & CF_INVALID)) {
            valid++;
            if (!in_hash) {
                error_setg(errp, "valid block %p (pc 0x%" PRIx64 ") is not "
                           "in the hash", (void *)tb, tb->pc);
                return false;
            }
            if (!tb_check_pages(tb, errp)) {
                return false;
            }
        } else if (in_hash || tb->engine->chainable) {
            error_setg(errp, "invalidated block %p (pc 0x%" PRIx64 ") still "
                       "%s", (void *)tb, tb->pc,
                       in_hash ? "in the hash" : "chainable");
            return false;
        }
        if (!tb_check_chains(tb, all, errp)) {
            return false;
        }
    }
    if (g_hash_table_size(tb_htable) != valid) {
        error_setg(errp, "the hash holds %u blocks, %u are valid",
                   g_hash_table_size(tb_htable), valid);
        return false;
    }
    g_hash_table_iter_init(&it, tb_pages);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        GPtrArray *list = value;

        if (list->len == 0) {
            error_setg(errp, "page 0x%" PRIx64 " has an empty block list",
                       *(uint64_t *)key);
            return false;
        }
        for (guint j = 0; j < list->len; j++) {
            if (!tb_check_valid_block(g_ptr_array_index(list, j), all,
                                      "page list entry", errp)) {
                return false;
            }
        }
    }
    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;
        CPUX86State *env = cpu_env(cpu);

        if (!tcs || !tcs->jmp_cache) {
            continue;
        }
        /* The jump caches may hold invalidated blocks: lookups recheck. */
        for (unsigned h = 0; h < TB_JMP_CACHE_SIZE; h++) {
            TranslationBlock *tb = tcs->jmp_cache[h];

            if (tb && !g_hash_table_contains(all, tb)) {
                error_setg(errp, "CPU %d jump cache entry %u: %p is not a "
                           "block of the cache", cpu->cpu_index, h,
                           (void *)tb);
                return false;
            }
        }
        for (unsigned h = 0; h < TB_PHYS_CACHE_SIZE; h++) {
            TranslationBlock *tb = tcs->phys_cache[h];

            if (tb && !g_hash_table_contains(all, tb)) {
                error_setg(errp, "CPU %d physical cache entry %u: %p is not "
                           "a block of the cache", cpu->cpu_index, h,
                           (void *)tb);
                return false;
            }
        }
        /* Generated code jumps through these without any check. */
        for (unsigned h = 0; h < TCG_JMP_FAST_SIZE; h++) {
            uintptr_t code = env->tcg_jmp_fast[h].code;
            TranslationBlock *tb;

            if (!code) {
                continue;
            }
            tb = g_tree_lookup(tb_by_code, (gconstpointer)code);
            if (!tb || (tb->cflags & CF_INVALID) ||
                tb->pc != env->tcg_jmp_fast[h].pc ||
                tb->flags != env->tcg_jmp_fast[h].flags) {
                error_setg(errp, "CPU %d inline lookup entry %u (pc 0x%x) "
                           "leads to no valid block of that key",
                           cpu->cpu_index, h, env->tcg_jmp_fast[h].pc);
                return false;
            }
        }
    }
    return true;
}

bool tb_cache_check(Error **errp)
{
    g_autoptr(GHashTable) all = g_hash_table_new(NULL, NULL);
    bool ok;

    if (!g_mutex_trylock(&tb_mutex)) {
        error_setg(errp, "tb_lock is held");
        return false;
    }
    for (guint i = 0; i < tb_all->len; i++) {
        g_hash_table_add(all, g_ptr_array_index(tb_all, i));
    }
    ok = tb_check_locked(all, errp);
    tb_unlock();
    return ok;
}
