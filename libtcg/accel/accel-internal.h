/*
 * The TCG execution engine's private state: the accelerator object, each
 * vCPU's part (AccelCPUState), and what the engine keeps per translation
 * block.  Files: tcg-accel.c (QOM type, options), tcg-cpus.c (vCPU
 * threads, kicks), cpu-exec.c (the loop), tb-cache.c (lookup, chaining,
 * invalidation), cputlb.c (softmmu), translate-all.c (translating a block
 * with either back end).
 */
#ifndef TCG_ACCEL_INTERNAL_H
#define TCG_ACCEL_INTERNAL_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "machine/accel.h"
#include "machine/x86-cpu.h"
#include "tcg/cpu-exec.h"
#include "tcg/cputlb.h"
#include "tcg/tcg-codegen.h"
#include "tcg/tci.h"
#include "tcg/translator.h"

#define TYPE_TCG_ACCEL ACCEL_CLASS_NAME("tcg")
#define TYPE_TCG_ACCEL_CPU "tcg-accel-" CPU_RESOLVING_TYPE

typedef enum TCGBackend {
    TCG_BACKEND_JIT,    /* x86-64 host code (tcg-codegen.h) */
    TCG_BACKEND_INTERP, /* the IR interpreter (tci.h) */
} TCGBackend;

typedef struct TCGAccelState {
    AccelState parent_obj;
    TCGBackend backend;
    bool backend_set;
    uint64_t tb_size; /* MiB of code buffer; 0: default */
    char *thread;     /* "multi" (the only model) */
} TCGAccelState;

OBJECT_DECLARE_SIMPLE_TYPE(TCGAccelState, TCG_ACCEL)

/* The engine's view of the accelerator, fixed at init_machine. */
typedef struct TCGEngine {
    TCGBackend backend;
    TCGCodeBuffer *code_buf; /* JIT only */
    size_t code_buf_size;
    /* Interpreter: bytes of programs since the last flush (tb_lock). */
    size_t interp_bytes;
} TCGEngine;

extern TCGEngine tcg_engine;

/* Per translation block. */
struct TBEngine {
    TranslationBlock *tb;
    TCIProg *prog;   /* interpreter */
    TCGHostTB host;  /* JIT */
    /* Chained successors (slot 0/1) and the blocks chained into us. */
    TranslationBlock *jmp_dest[2];
    GPtrArray *jmp_incoming; /* of TranslationBlock * | slot */
    bool chainable;          /* false once invalidated */
};

/* Per vCPU (CPUState.accel). */
struct AccelCPUState {
    pthread_t thread;
    bool thread_started;
    sigjmp_buf jmp_env;
    TCGContext ctx; /* the thread's translation context */
    bool ctx_ready;
    CPUTLBTable *tlb;
    /* Per-CPU jump cache: pc hash -> block (atomic pointers). */
    TranslationBlock **jmp_cache;
    /*
     * Behind it, blocks by physical address (atomic pointers): a TLB
     * flush (CR3 write) empties the jump cache but not this, so that a
     * process's blocks are found again without the translation lock.
     * Entries are only hints, checked against the key.
     */
    TranslationBlock **phys_cache;
    /* Flags for the next block translated for this CPU (SMC restart). */
    uint32_t cflags_next_tb;
    /* The block running now and whether it may still be running stale
     * code after a store into its own page. */
    TranslationBlock *current_tb;
    /* The memory map changed: flush the TLB before the next block. */
    bool memory_changed;
    /* A fatal error was reported: never run again. */
    bool failed;
    /*
     * A bounded run (tcg_cpu_exec_bounded()): forward chaining only, no
     * inline indirect lookups, stop after budget instructions.
     */
    bool bounded;
    uint64_t budget;
    uint64_t insns_run;
};

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    return (pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
}

#define TB_PHYS_CACHE_BITS 14
#define TB_PHYS_CACHE_SIZE (1 << TB_PHYS_CACHE_BITS)

static inline unsigned tb_phys_cache_hash(uint64_t phys_pc, uint32_t flags)
{
    uint64_t h = phys_pc ^ (phys_pc >> TB_PHYS_CACHE_BITS) ^ flags;

    return (unsigned)h & (TB_PHYS_CACHE_SIZE - 1);
}

static inline CPUX86State *cpu_env(CPUState *cpu)
{
    return cpu->env_ptr;
}

/* The indirect-branch cache in env (x86-cpu.h), filled by the JIT only. */
static inline unsigned tb_jmp_fast_hash(uint32_t pc)
{
    return (pc ^ (pc >> TCG_JMP_FAST_BITS)) & (TCG_JMP_FAST_SIZE - 1);
}
void tb_jmp_fast_set(CPUX86State *env, TranslationBlock *tb);

/* ---- tb-cache.c (all under tb_lock unless said) ---- */
void tb_lock(void);
void tb_unlock(void);
void tb_cache_init(void);
/*
 * The valid block for this key, translating it if needed; NULL with
 * *status TB_GEN_FULL (flush and retry) or TB_GEN_NO_RAM.
 */
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags, int *status);
/* Patch tb's slot n to jump to dest (both valid, lock taken inside). */
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest);
/*
 * Invalidate every block with code in [start, end) of guest-physical
 * memory; returns whether any was found.  *hit_current tells whether the
 * block current_tb was among them.
 */
bool tb_invalidate_phys_range(uint64_t start, uint64_t end,
                              TranslationBlock *current_tb, bool *hit_current);
/* Whether tb has code in [start, end) of guest-physical memory (any lock). */
bool tb_overlaps_phys_range(const TranslationBlock *tb, uint64_t start,
                            uint64_t end);
/*
 * After a memory map change: whether RAM too large to walk went away, so
 * that every block must go (once: the first vCPU to ask flushes).
 */
bool tlb_take_tb_flush(void);
/* Whether any block has code on the physical page. */
bool tb_page_has_code(uint64_t page);
/*
 * A store found TLB_NOTDIRTY in *tag_ptr (value tag): clear it if the
 * page holds no code any more.
 */
void tb_page_unprotect_if_no_code(uint64_t page, uint64_t *tag_ptr,
                                  uint64_t tag);
/* Drop every block (all vCPUs out of generated code). */
void tb_flush_all(void);
/* The block whose generated code contains host_pc (JIT), or NULL. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
/* The block a TCIProg belongs to. */
TranslationBlock *tb_of_prog(const TCIProg *prog);
/* Counters for x-query-jit / the log. */
typedef struct TBStats {
    uint64_t translated;
    uint64_t invalidated;
    uint64_t flushes;
    int64_t translate_ns;
} TBStats;
void tb_get_stats(TBStats *st);
/* tcg_exec_check()'s part for the cache (takes tb_lock). */
bool tb_cache_check(Error **errp);

/* ---- translate-all.c ---- */
/* Translate (tb's key set) with the CPU's context: TB_GEN_*. */
enum { TB_GEN_OK = 0, TB_GEN_FULL = -1, TB_GEN_NO_RAM = -2 };
int tb_gen_code(CPUState *cpu, TranslationBlock *tb);
void tcg_cpu_context_init(CPUState *cpu);

/* ---- cputlb.c ---- */
void tlb_init(CPUState *cpu);
void tlb_protect_code_page(uint64_t page);
/*
 * Guest physical address -> host pointer of RAM or ROM (bytes up to the
 * region's end in *avail; whether writes must go to the memory API in
 * *readonly, if not NULL), or NULL.
 */
void *tcg_phys_ram_ptr(uint64_t paddr, uint64_t *avail, bool *readonly);
extern const TCIMemOps tcg_tci_mem_ops;
void tcg_memory_listener_register(void);

/* ---- cpu-exec.c ---- */
void tcg_exec_init(void);
/* exec_lock is free (nobody runs generated code, no flush under way). */
bool tcg_exec_lock_free(void);
/* Make cpu leave generated code and return to its loop soon. */
void tcg_cpu_exit(CPUState *cpu);

/* ---- tcg-cpus.c ---- */
bool tcg_start_vcpu_thread(CPUState *cpu, Error **errp);
void tcg_register_cpus_ops(void);
void tcg_cpus_reset(void *opaque);

#endif /* TCG_ACCEL_INTERNAL_H */
