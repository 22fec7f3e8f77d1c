/*
 * cpu_exec: run translated blocks on one vCPU until its thread has
 * something else to do (QEMU's cpu-exec.c structure, own code).
 *
 * Each pass of the loop delivers a pending exception, returns to the
 * thread for exit requests (kicks, pause, halt), takes interrupts the
 * CPU state allows, looks the next block up (per-CPU jump cache, then
 * the global hash, translating on a miss), chains the previous block to
 * it, and runs it with the chosen back end.  Helpers leave a block with
 * cpu_loop_exit(), a siglongjmp back here.
 *
 * A vCPU holds exec_lock for reading while it may run generated code;
 * flushing the whole cache (code buffer full, memory map changed) takes it
 * for writing after asking every vCPU to come back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "accel-internal.h"
#include "machine/cpus.h"
#include "tcg/tcg-op.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "x86-tcg.h"

static pthread_rwlock_t exec_lock;

void tcg_exec_init(void)
{
    pthread_rwlockattr_t attr;

    pthread_rwlockattr_init(&attr);
    /* A flush must not starve behind vCPUs re-entering their loops. */
    pthread_rwlockattr_setkind_np(&attr,
                                  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&exec_lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

void tcg_cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, true, __ATOMIC_SEQ_CST);
    __atomic_store_n(&cpu_env(cpu)->tcg_exit_request, 1, __ATOMIC_SEQ_CST);
}

/* ---- Leaving generated code ---- */

void cpu_loop_exit(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    siglongjmp(tcs->jmp_env, 1);
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    uint64_t data[TCG_MAX_INSN_START_WORDS];
    TranslationBlock *tb;
    int idx;

    if (!retaddr || tcg_engine.backend != TCG_BACKEND_JIT) {
        return false;
    }
    tb = tb_find_by_host_pc(retaddr);
    if (!tb || !tcg_host_tb_find_insn(&tb->engine->host, retaddr, &idx,
                                      data)) {
        return false;
    }
    x86_restore_state_to_opc(cpu_env(cpu), tb, data);
    return true;
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_restore_state(cpu, retaddr);
    cpu_loop_exit(cpu);
}

/* ---- What generated code calls ---- */

void translator_gen_tb_start(TranslationBlock *tb)
{
    TCGv_i32 flag = tcg_temp_ebb_new_i32();
    TCGLabel *go = gen_new_label();

    tcg_gen_ld_i32(flag, tcg_env, offsetof(CPUX86State, tcg_exit_request));
    tcg_gen_brcondi_i32(TCG_COND_EQ, flag, 0, go);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);
    gen_set_label(go);
}

void translator_gen_lookup_and_goto_ptr(TranslationBlock *tb, TCGv_i32 pc)
{
    const intptr_t base = offsetof(CPUX86State, tcg_jmp_fast);
    TCGv_i32 h = tcg_temp_ebb_new_i32();
    TCGv_i32 key = tcg_temp_ebb_new_i32();
    TCGv_i64 off = tcg_temp_ebb_new_i64();
    TCGv_i64 code = tcg_temp_ebb_new_i64();
    TCGv_ptr entry;
    TCGLabel *slow = gen_new_label();
    int env_arg = 0, ret;

    /* entry = env + hash(pc) * 16: the same hash as tb_jmp_fast_hash(). */
    tcg_gen_shri_i32(h, pc, TCG_JMP_FAST_BITS);
    tcg_gen_xor_i32(h, h, pc);
    tcg_gen_andi_i32(h, h, TCG_JMP_FAST_SIZE - 1);
    tcg_gen_shli_i32(h, h, 4);
    tcg_gen_extu_i32_i64(off, h);
    tcg_gen_add_i64(off, off, (TCGv_i64){tcg_env.n});
    entry = (TCGv_ptr){off.n};
    tcg_gen_ld_i32(key, entry, base + offsetof(TCGJmpFastEntry, pc));
    tcg_gen_brcond_i32(TCG_COND_NE, key, pc, slow);
    tcg_gen_ld_i32(key, entry, base + offsetof(TCGJmpFastEntry, flags));
    tcg_gen_brcondi_i32(TCG_COND_NE, key, tb->flags, slow);
    /* A hit: its code, or 0 (emptied) back to the loop. */
    tcg_gen_ld_i64(code, entry, base + offsetof(TCGJmpFastEntry, code));
    tcg_gen_goto_ptr((TCGv_ptr){code.n});
    gen_set_label(slow);
    ret = tcg_temp_ebb_new_i64().n;
    tcg_gen_call(&helper_info_lookup_tb_ptr, ret, &env_arg);
    tcg_gen_goto_ptr((TCGv_ptr){ret});
}

bool translator_use_goto_tb(const TranslationBlock *tb, uint64_t dest)
{
    return !(tb->cflags & CF_NO_GOTO_TB) &&
           ((dest ^ tb->pc) & TARGET_PAGE_MASK) == 0;
}

uint64_t helper_lookup_tb_ptr(uint64_t envp)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)envp;
    CPUState *cpu = env_cpu(env);
    AccelCPUState *tcs = cpu->accel;
    uint64_t pc, cs_base;
    uint32_t flags;
    TranslationBlock *tb;

    /*
     * The interpreter returns to the loop, which looks up anyway; a
     * bounded run counts every block the loop dispatches.
     */
    if (tcg_engine.backend != TCG_BACKEND_JIT || tcs->cflags_next_tb ||
        tcs->bounded ||
        __atomic_load_n(&env->tcg_exit_request, __ATOMIC_RELAXED)) {
        return 0;
    }
    x86_get_tb_cpu_state(env, &pc, &cs_base, &flags);
    tb = __atomic_load_n(&tcs->jmp_cache[tb_jmp_cache_hash(pc)],
                         __ATOMIC_ACQUIRE);
    if (!tb || tb->pc != pc || tb->cs_base != cs_base || tb->flags != flags ||
        tb->cflags != 0 || tb->page_addr[1] != (uint64_t)-1) {
        return 0;
    }
    /* Next time the inline search finds it. */
    tb_jmp_fast_set(env, tb);
    return (uintptr_t)tb->engine->host.code;
}

const TCGHelperInfo helper_info_lookup_tb_ptr = {
    .func = (void (*)(void))helper_lookup_tb_ptr,
    .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .nb_args = 1,
    .has_ret = true,
    .ret_type = TCG_TYPE_PTR,
};

/* ---- The loop ---- */

/* Every vCPU outside generated code, then the whole cache goes. */
static void tb_flush_exclusive(CPUState *self)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        if (cpu != self && cpu->accel) {
            tcg_cpu_exit(cpu);
        }
    }
    pthread_rwlock_unlock(&exec_lock);
    pthread_rwlock_wrlock(&exec_lock);
    tb_flush_all();
    pthread_rwlock_unlock(&exec_lock);
    pthread_rwlock_rdlock(&exec_lock);
}

static void tcg_cpu_fail(CPUState *cpu, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

static void tcg_cpu_fail(CPUState *cpu, const char *fmt, ...)
{
    AccelCPUState *tcs = cpu->accel;
    va_list ap;

    va_start(ap, fmt);
    qemu_mutex_lock_iothread();
    error_vreport(fmt, ap);
    tcs->failed = true;
    qemu_main_loop_request_exit(1);
    qemu_mutex_unlock_iothread();
    va_end(ap);
}

typedef struct ExecState {
    TranslationBlock *last_tb; /* chain its slot last_slot to the next */
    int last_slot;
} ExecState;

/* The exit value of a block: which block stopped and whether to chain. */
static void tb_exit_decode(CPUState *cpu, uintptr_t v, ExecState *es)
{
    TranslationBlock *last = (TranslationBlock *)(v & ~(uintptr_t)TB_EXIT_MASK);
    int idx = v & TB_EXIT_MASK;

    es->last_tb = NULL;
    if (!last) {
        return; /* exit_tb 0 or goto_ptr 0: the state is exact */
    }
    if (idx == TB_EXIT_REQUESTED) {
        /* Stopped on entry: EIP may still be the previous block's. */
        cpu_env(cpu)->eip = last->pc - last->cs_base;
        return;
    }
    es->last_tb = last;
    es->last_slot = idx;
}

static bool cpu_tb_exec(CPUState *cpu, TranslationBlock *tb, ExecState *es)
{
    CPUX86State *env = cpu_env(cpu);
    AccelCPUState *tcs = cpu->accel;

    if (qemu_loglevel_mask(CPU_LOG_EXEC)) {
        qemu_log("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                 cpu->cpu_index, (void *)tb, tb->cs_base, tb->pc, tb->flags,
                 tb->cflags);
    }
    tcs->current_tb = tb;
    if (tcg_engine.backend == TCG_BACKEND_JIT) {
        uintptr_t v = tcg_host_exec(tcg_engine.code_buf, env,
                                    tb->engine->host.code);

        tb_exit_decode(cpu, v, es);
    } else {
        TCIResult res;

        switch (tci_exec(tb->engine->prog, env, &tcg_tci_mem_ops, env, &res)) {
        case TCI_EXIT_TB:
            tb_exit_decode(cpu, res.exit_val, es);
            break;
        case TCI_EXIT_GOTO_PTR:
            es->last_tb = NULL;
            break;
        case TCI_EXIT_FAULT:
            /*
             * Back to the instruction: a #PF the access recorded
             * (exception_index) is delivered next, else it was a store
             * into code that runs now and the instruction reruns.
             */
            x86_restore_state_to_opc(env, tb_of_prog(res.prog),
                                     res.insn_data);
            es->last_tb = NULL;
            break;
        case TCI_EXIT_ERROR:
            tcs->current_tb = NULL;
            tcg_cpu_fail(cpu, "TCG interpreter: %s at 0x%08" PRIx64,
                         res.error, env->eip);
            return false;
        }
    }
    tcs->current_tb = NULL;
    return true;
}

/* Pending exception: deliver it, or return it when it is for the loop. */
static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    int idx = cpu->exception_index;

    if (idx < 0) {
        return false;
    }
    if (idx >= EXCP_INTERRUPT) {
        cpu->exception_index = -1;
        *ret = idx;
        return true;
    }
    x86_cpu_do_interrupt(cpu);
    cpu->exception_index = -1;
    return false;
}

/* Exit requests and interrupts; true to return *ret to the thread. */
static bool cpu_handle_interrupt(CPUState *cpu, ExecState *es, int *ret)
{
    CPUX86State *env = cpu_env(cpu);
    AccelCPUState *tcs = cpu->accel;
    uint32_t req;

    __atomic_store_n(&env->tcg_exit_request, 0, __ATOMIC_SEQ_CST);
    if (__atomic_exchange_n(&cpu->exit_request, false, __ATOMIC_SEQ_CST) ||
        (!tcs->bounded && cpu_should_leave_guest(cpu))) {
        *ret = EXCP_INTERRUPT;
        return true;
    }
    if (__atomic_exchange_n(&tcs->memory_changed, false, __ATOMIC_SEQ_CST)) {
        /* The blocks on RAM that moved went at the change (cputlb.c). */
        tlb_flush(cpu);
        if (tlb_take_tb_flush()) {
            tb_flush_exclusive(cpu);
        }
        es->last_tb = NULL;
    }
    req = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_SEQ_CST);
    if (req) {
        bool changed;

        qemu_mutex_lock_iothread();
        changed = x86_cpu_exec_interrupt(cpu, req);
        qemu_mutex_unlock_iothread();
        if (changed) {
            es->last_tb = NULL;
        }
    }
    if (cpu->halted) {
        *ret = EXCP_HALTED;
        return true;
    }
    return false;
}

/* The loop proper; a helper's cpu_loop_exit() restarts it afresh. */
static G_NO_INLINE int cpu_exec_loop(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;
    CPUX86State *env = cpu_env(cpu);
    ExecState es = {NULL, 0};

    for (;;) {
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        TranslationBlock *tb;
        int status = TB_GEN_OK, r;

        if (cpu_handle_exception(cpu, &r)) {
            return r;
        }
        if (cpu->exception_index >= 0) {
            continue;
        }
        if (cpu_handle_interrupt(cpu, &es, &r)) {
            return r;
        }
        if (cpu->exception_index >= 0) {
            continue;
        }
        cflags = tcs->cflags_next_tb;
        tcs->cflags_next_tb = 0;
        x86_get_tb_cpu_state(env, &pc, &cs_base, &flags);
        tb = tb_lookup(cpu, pc, cs_base, flags, cflags, &status);
        if (!tb) {
            if (status == TB_GEN_FULL) {
                tb_flush_exclusive(cpu);
                tcs->cflags_next_tb = cflags;
                es.last_tb = NULL;
                continue;
            }
            tcg_cpu_fail(cpu,
                         "Trying to execute code outside RAM or ROM at "
                         "0x%08" PRIx64,
                         pc);
            return EXCP_HALTED;
        }
        /*
         * A block on two pages is entered through the lookup only, which
         * checks that its second page is still mapped where it was.  A
         * bounded run does not chain: every block comes back here to be
         * counted.
         */
        if (es.last_tb && !cflags && tb->page_addr[1] == (uint64_t)-1 &&
            !tcs->bounded) {
            tb_add_jump(es.last_tb, es.last_slot, tb);
        }
        if (tcs->bounded) {
            if (tcs->insns_run >= tcs->budget) {
                return EXCP_INTERRUPT;
            }
            tcs->insns_run += tb->icount;
        }
        if (!cpu_tb_exec(cpu, tb, &es)) {
            return EXCP_HALTED;
        }
    }
}

static int cpu_exec_setjmp(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    if (sigsetjmp(tcs->jmp_env, 0) != 0) {
        /* Back from a helper, which may have held the big lock. */
        if (qemu_mutex_iothread_locked()) {
            qemu_mutex_unlock_iothread();
        }
        tcs->current_tb = NULL;
    }
    return cpu_exec_loop(cpu);
}

int cpu_exec(CPUState *cpu)
{
    CPUX86State *env = cpu_env(cpu);
    int ret;

    if (cpu->halted && !x86_cpu_has_work(cpu)) {
        return EXCP_HALTED;
    }
    pthread_rwlock_rdlock(&exec_lock);
    x86_cpu_exec_enter(env);
    ret = cpu_exec_setjmp(cpu);
    x86_cpu_exec_exit(env);
    pthread_rwlock_unlock(&exec_lock);
    return ret;
}

bool tcg_exec_lock_free(void)
{
    if (pthread_rwlock_trywrlock(&exec_lock) != 0) {
        return false;
    }
    pthread_rwlock_unlock(&exec_lock);
    return true;
}

int tcg_cpu_exec_bounded(CPUState *cpu, uint64_t max_insns, uint64_t *insns)
{
    AccelCPUState *tcs = cpu->accel;
    CPUState *saved = current_cpu;
    int ret = EXCP_HALTED;

    g_assert(tcs && tcs->ctx_ready && !tcs->bounded);
    tcs->bounded = true;
    tcs->budget = max_insns;
    tcs->insns_run = 0;
    current_cpu = cpu;
    while (!tcs->failed && tcs->insns_run < max_insns) {
        ret = cpu_exec(cpu);
        /* EXCP_INTERRUPT: the budget, or a stray kick: go on. */
        if (ret != EXCP_INTERRUPT) {
            break;
        }
    }
    if (tcs->failed) {
        ret = EXCP_HALTED;
    }
    current_cpu = saved;
    tcs->bounded = false;
    if (insns) {
        *insns = tcs->insns_run;
    }
    return ret;
}

bool tcg_exec_take_failure(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;
    bool failed = tcs->failed;

    tcs->failed = false;
    return failed;
}
