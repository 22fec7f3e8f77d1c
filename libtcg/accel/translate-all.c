/*
 * Translating one block: the front end emits ops into the vCPU thread's
 * context, the optimiser and liveness pass rewrite them, and the chosen
 * back end turns them into a program for the interpreter or into host
 * code (QEMU's tb_gen_code, own code).  Called under tb_lock.
 */
#include "accel-internal.h"
#include "util/log.h"
#include "x86-tcg.h"

void tcg_cpu_context_init(CPUState *cpu)
{
    AccelCPUState *tcs = cpu->accel;

    tcg_context_init(&tcs->ctx, sizeof(CPUX86State), X86_INSN_START_WORDS);
    x86_tcg_init_globals(&tcs->ctx);
    tcs->ctx_ready = true;
}

int tb_gen_code(CPUState *cpu, TranslationBlock *tb)
{
    AccelCPUState *tcs = cpu->accel;
    TCGContext *s = &tcs->ctx;
    struct TBEngine *e = tb->engine;
    int max_insns = tb->cflags & CF_COUNT_MASK;

    if (!max_insns) {
        max_insns = TCG_MAX_INSNS;
    }
    tcg_set_ctx(s);
    tcg_func_start(s);
    x86_translate_block(cpu_env(cpu), tb, max_insns);
    if (tb->cflags & CF_INVALID) {
        return TB_GEN_NO_RAM; /* code fetch found no RAM or ROM */
    }
    tcg_log_ops(s, CPU_LOG_TB_OP, "OP");
    tcg_optimize(s);
    tcg_liveness_analysis(s);
    tcg_log_ops(s, CPU_LOG_TB_OP_OPT,
                "OP after optimization and liveness analysis");
    if (tcg_engine.backend == TCG_BACKEND_INTERP) {
        /*
         * The same budget as the code buffer, so that blocks a guest keeps
         * invalidating (self-modifying code) are freed by a flush.
         */
        size_t bytes = (size_t)s->nb_ops * sizeof(TCGOp) +
                       (size_t)s->nb_temps * sizeof(TCGTemp);

        if (tcg_engine.interp_bytes + bytes > tcg_engine.code_buf_size) {
            return TB_GEN_FULL;
        }
        tcg_engine.interp_bytes += bytes;
        e->prog = tci_prog_new(s);
        tci_prog_set_opaque(e->prog, tb);
        return TB_GEN_OK;
    }
    switch (tcg_gen_code(s, tcg_engine.code_buf, &e->host)) {
    case 0:
        return TB_GEN_OK;
    case -1:
        return TB_GEN_FULL;
    default:
        /* An op the generator lacks is a bug in emu; report and stop. */
        g_error("tcg: cannot generate host code for the block at 0x%08llx",
                (unsigned long long)tb->pc);
    }
}
