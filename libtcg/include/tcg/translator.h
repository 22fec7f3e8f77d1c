/*
 * Translation blocks and what a front end gets from the execution engine.
 *
 * cpu_exec() (cpu-exec.h) looks blocks up by (pc, cs_base, flags), the
 * values the target's get_tb_cpu_state() computes from the CPU state, and
 * the physical address of pc; a miss asks the front end to translate one
 * block: it emits ops into the thread's TCGContext, fetching code through
 * translator_ld*(), which record the guest pages the block covers so that
 * a write to them invalidates it.
 */
#ifndef TCG_TRANSLATOR_H
#define TCG_TRANSLATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg-op.h"

/* TranslationBlock.cflags */
#define CF_COUNT_MASK 0x000001ff /* max guest instructions; 0: default */
#define CF_NO_GOTO_TB 0x00000200 /* do not chain (e.g. single-step) */
#define CF_NO_GOTO_PTR 0x00000400
#define CF_INVALID 0x00010000 /* removed from the caches */

/* Instructions per block unless cflags says otherwise. */
#define TCG_MAX_INSNS 512

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint64_t pc;      /* linear address of the first instruction */
    uint64_t cs_base; /* x86: CS base (pc - cs_base is EIP) */
    uint32_t flags;   /* mode bits the code depends on (target's) */
    uint32_t cflags;  /* CF_* */
    uint32_t size;    /* bytes of guest code */
    uint16_t icount;  /* guest instructions */
    /* Physical pages of the code: [1] is -1 when one page holds it. */
    uint64_t page_addr[2];

    /* The rest belongs to the execution engine. */
    struct TBEngine *engine;
};

/*
 * Code fetch for the front end: the byte/word/dword at linear address pc
 * of the block being translated.  It extends tb->page_addr[] when pc
 * enters a second page.
 */
uint8_t translator_ldub(void *env, TranslationBlock *tb, uint64_t pc);
uint16_t translator_lduw(void *env, TranslationBlock *tb, uint64_t pc);
uint32_t translator_ldl(void *env, TranslationBlock *tb, uint64_t pc);

/*
 * The first ops of every block: leave at once (exit_tb with
 * TB_EXIT_REQUESTED) when the engine asked the vCPU to come back, so that
 * chained loops notice kicks and interrupts.
 */
void translator_gen_tb_start(TranslationBlock *tb);

/*
 * Whether a direct jump to linear address dest may be chained with
 * goto_tb (same guest page as the block start, chaining allowed by
 * cflags); otherwise end with a lookup (helper_lookup_tb_ptr + goto_ptr)
 * or exit_tb.
 */
bool translator_use_goto_tb(const TranslationBlock *tb, uint64_t dest);

/*
 * End the block with an indirect jump to linear address pc (EIP already
 * stored): an inline search of the CPU's indirect-branch cache for a
 * block with the same mode flags, then helper_lookup_tb_ptr(), then
 * goto_ptr.
 */
void translator_gen_lookup_and_goto_ptr(TranslationBlock *tb, TCGv_i32 pc);

/*
 * The indirect-branch lookup, called by generated code with the state
 * synced (EIP stored): the code to continue at for the current CPU state
 * (a host code address or, under the interpreter, its program), or 0 to
 * go back to the cpu_exec loop.  Uniform helper ABI.
 */
uint64_t helper_lookup_tb_ptr(uint64_t env);
extern const TCGHelperInfo helper_info_lookup_tb_ptr;

#endif /* TCG_TRANSLATOR_H */
