/*
 * The x86 front end: globals, the block key, the block loop, code fetch,
 * block ends and exceptions.  The opcode map is in translate-decode.c,
 * instruction families in translate-alu.c, -string.c, -control.c and
 * -system.c, operands in translate-modrm.c, lazy flags in
 * translate-flags.c.
 */
#include <stdarg.h>
#include <stddef.h>

#include "translate.h"
#include "tcg/cputlb.h"
#include "util/log.h"

TCGv_i32 cpu_regs[8];
TCGv_i32 cpu_cc_dst, cpu_cc_src, cpu_cc_src2, cpu_cc_op;

void x86_tcg_init_globals(TCGContext *s)
{
    static const char *const names[8] = {"eax", "ecx", "edx", "ebx",
                                         "esp", "ebp", "esi", "edi"};

    tcg_set_ctx(s);
    /* The low halves of the 64-bit fields (little-endian host). */
    for (int i = 0; i < 8; i++) {
        cpu_regs[i] =
            tcg_global_mem_new_i32(offsetof(CPUX86State, regs[i]), names[i]);
    }
    cpu_cc_dst =
        tcg_global_mem_new_i32(offsetof(CPUX86State, cc_dst), "cc_dst");
    cpu_cc_src =
        tcg_global_mem_new_i32(offsetof(CPUX86State, cc_src), "cc_src");
    cpu_cc_src2 =
        tcg_global_mem_new_i32(offsetof(CPUX86State, cc_src2), "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(offsetof(CPUX86State, cc_op), "cc_op");
}

void x86_get_tb_cpu_state(CPUX86State *env, uint64_t *pc, uint64_t *cs_base,
                          uint32_t *flags)
{
    *cs_base = (uint32_t)env->segs[R_CS].base;
    *pc = (uint32_t)(*cs_base + env->eip);
    /* hflags and these eflags bits do not overlap. */
    *flags = env->hflags | (env->eflags & (IOPL_MASK | TF_MASK | VM_MASK));
}

void x86_restore_state_to_opc(CPUX86State *env, const TranslationBlock *tb,
                              const uint64_t *data)
{
    env->eip = data[0];
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}

/* ---- scratch temps ---------------------------------------------------- */

#define TMP_POOL 48

static __thread struct {
    TCGv_i32 t32[TMP_POOL];
    TCGv_i64 t64[TMP_POOL];
    int n32, n64, used32, used64;
} pool;

TCGv_i32 new_tmp(void)
{
    g_assert(pool.used32 < TMP_POOL);
    if (pool.used32 == pool.n32) {
        pool.t32[pool.n32++] = tcg_temp_ebb_new_i32();
    }
    return pool.t32[pool.used32++];
}

TCGv_i64 new_tmp64(void)
{
    g_assert(pool.used64 < TMP_POOL);
    if (pool.used64 == pool.n64) {
        pool.t64[pool.n64++] = tcg_temp_ebb_new_i64();
    }
    return pool.t64[pool.used64++];
}

void gen_helper(const TCGHelperInfo *info, int ret, int nargs, ...)
{
    int args[TCG_MAX_HELPER_ARGS];
    va_list ap;

    g_assert(nargs == info->nb_args);
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++) {
        args[i] = va_arg(ap, int);
    }
    va_end(ap);
    tcg_gen_call(info, ret, args);
}

/* ---- code fetch ------------------------------------------------------- */

uint8_t x86_ldub_code(DisasContext *s)
{
    uint8_t v = translator_ldub(s->env, s->tb, s->cs_base + s->pc);
    s->pc++;
    return v;
}

uint16_t x86_lduw_code(DisasContext *s)
{
    uint16_t v = translator_lduw(s->env, s->tb, s->cs_base + s->pc);
    s->pc += 2;
    return v;
}

uint32_t x86_ldl_code(DisasContext *s)
{
    uint32_t v = translator_ldl(s->env, s->tb, s->cs_base + s->pc);
    s->pc += 4;
    return v;
}

uint32_t insn_get(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8:
        return x86_ldub_code(s);
    case MO_16:
        return x86_lduw_code(s);
    default:
        return x86_ldl_code(s);
    }
}

uint32_t insn_get_signed(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8:
        return (int8_t)x86_ldub_code(s);
    case MO_16:
        return (int16_t)x86_lduw_code(s);
    default:
        return x86_ldl_code(s);
    }
}

/* ---- EIP and block ends ----------------------------------------------- */

static void gen_store_eip_const(uint32_t eip)
{
    tcg_gen_st_i64(tcg_constant_i64(eip), tcg_env, offsetof(CPUX86State, eip));
}

void gen_update_eip_cur(DisasContext *s)
{
    gen_store_eip_const(s->eip);
}

void gen_update_eip_next(DisasContext *s)
{
    gen_store_eip_const(s->pc);
}

void gen_update_eip_tmp(TCGv_i32 eip)
{
    TCGv_i64 t = new_tmp64();

    tcg_gen_extu_i32_i64(t, eip);
    tcg_gen_st_i64(t, tcg_env, offsetof(CPUX86State, eip));
}

/*
 * TF: a single-step trap (#DB) after every instruction, with EIP (already
 * stored) at the next one.  Blocks are one instruction long then.
 */
static bool gen_single_step(DisasContext *s)
{
    TCGv_i64 dr6;

    if (!(s->flags & TF_MASK)) {
        return false;
    }
    /* A single-step trap sets DR6.BS (SDM vol. 3A, 17.2.3). */
    dr6 = new_tmp64();
    tcg_gen_ld_i64(dr6, tcg_env, offsetof(CPUX86State, dr[6]));
    tcg_gen_ori_i64(dr6, dr6, DR6_BS);
    tcg_gen_st_i64(dr6, tcg_env, offsetof(CPUX86State, dr[6]));
    gen_helper(&helper_info_raise_exception, -1, 2, ENV_ARG,
               tcg_constant_i32(EXCP01_DB).n);
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

/*
 * The instruction in an STI / MOV SS shadow ends its block with a return
 * to the cpu_exec loop, never a chained jump or a lookup: the loop must
 * look at pending interrupts right after it ("sti; nop; cli" opens a
 * one-instruction window).
 */
static bool gen_exit_after_shadow(DisasContext *s)
{
    if (!(s->flags & HF_INHIBIT_IRQ_MASK)) {
        return false;
    }
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

/* An indirect jump to the EIP stored in env: the engine's inline lookup. */
void gen_jr(DisasContext *s)
{
    TCGv_i32 pc = new_tmp();

    if (gen_single_step(s) || gen_exit_after_shadow(s)) {
        return;
    }
    tcg_gen_ld_i32(pc, tcg_env, offsetof(CPUX86State, eip));
    tcg_gen_addi_i32(pc, pc, s->cs_base);
    translator_gen_lookup_and_goto_ptr(s->tb, pc);
    s->is_jmp = DISAS_NORETURN;
}

void gen_jmp_tb(DisasContext *s, uint32_t dest, int n)
{
    if (s->flags & (TF_MASK | HF_INHIBIT_IRQ_MASK)) {
        gen_store_eip_const(dest);
        if (!gen_single_step(s)) {
            gen_exit_after_shadow(s);
        }
    } else if (translator_use_goto_tb(s->tb, s->cs_base + dest)) {
        tcg_gen_goto_tb(n);
        gen_store_eip_const(dest);
        tcg_gen_exit_tb(s->tb, n);
    } else {
        gen_store_eip_const(dest);
        gen_jr(s);
    }
    s->is_jmp = DISAS_NORETURN;
}

void gen_eob(DisasContext *s)
{
    gen_update_eip_next(s);
    if (gen_single_step(s)) {
        return;
    }
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
}

void gen_exception(DisasContext *s, int vector)
{
    gen_update_eip_cur(s);
    gen_helper(&helper_info_raise_exception, -1, 2, ENV_ARG,
               tcg_constant_i32(vector).n);
    tcg_gen_exit_tb(NULL, 0);
    s->is_jmp = DISAS_NORETURN;
}

/*
 * #UD: drop whatever the instruction emitted so far (its decoding may
 * have gone some way before the opcode turned out invalid) and raise.
 */
void gen_illegal_opcode(DisasContext *s)
{
    if (qemu_loglevel_mask(LOG_UNIMP)) {
        GString *buf = g_string_new(NULL);
        for (uint32_t p = s->eip; p != s->pc && p - s->eip < 16; p++) {
            g_string_append_printf(
                buf, " %02x", translator_ldub(s->env, s->tb, s->cs_base + p));
        }
        qemu_log("ILLOPC: %08x:%s\n", s->eip, buf->str);
        g_string_free(buf, TRUE);
    }
    tcg_ctx->nb_ops = s->insn_op_start;
    s->illegal = true;
    gen_exception(s, EXCP06_ILLOP);
}

bool check_cpl0(DisasContext *s)
{
    if (s->cpl != 0) {
        gen_exception(s, EXCP0D_GPF);
        return false;
    }
    return true;
}

/* ---- the block loop --------------------------------------------------- */

static void log_in_asm(DisasContext *s, GArray *starts)
{
    GString *buf = g_string_new("----------------\nIN: \n");

    for (guint i = 0; i < starts->len; i++) {
        uint32_t a = g_array_index(starts, uint32_t, i);
        uint32_t e = i + 1 < starts->len
                         ? g_array_index(starts, uint32_t, i + 1)
                         : s->pc;
        g_string_append_printf(buf, "0x%08x:  ", s->cs_base + a);
        for (uint32_t p = a; p != e; p++) {
            g_string_append_printf(
                buf, "%s%02x", p == a ? "" : " ",
                translator_ldub(s->env, s->tb, s->cs_base + p));
        }
        g_string_append_c(buf, '\n');
    }
    g_string_append_c(buf, '\n');
    qemu_log("%s", buf->str);
    g_string_free(buf, TRUE);
}

void x86_translate_block(CPUX86State *env, TranslationBlock *tb, int max_insns)
{
    DisasContext dc = {0}, *s = &dc;
    uint32_t flags = tb->flags;
    GArray *starts = NULL;

    tcg_func_start(tcg_ctx);
    pool.n32 = pool.n64 = pool.used32 = pool.used64 = 0;

    s->env = env;
    s->tb = tb;
    s->flags = flags;
    s->cs_base = (uint32_t)tb->cs_base;
    s->pc = (uint32_t)(tb->pc - tb->cs_base);
    s->code32 = flags & HF_CS32_MASK;
    s->ss32 = flags & HF_SS32_MASK;
    s->addseg = flags & HF_ADDSEG_MASK;
    s->segchk = (flags & HF_SEGCHK_MASK) >> HF_SEGCHK_SHIFT;
    s->pe = flags & HF_PE_MASK;
    s->vm86 = flags & VM_MASK;
    s->cpl = flags & HF_CPL_MASK;
    s->mem_idx = s->cpl == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
    s->cc_op = CC_OP_DYNAMIC;
    s->A0 = tcg_temp_ebb_new_i32();
    s->T0 = tcg_temp_ebb_new_i32();
    s->T1 = tcg_temp_ebb_new_i32();
    s->tmp = tcg_temp_ebb_new_i32();
    s->seg_base = tcg_temp_ebb_new_i32();
    if (max_insns <= 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    /* After STI or MOV SS: one instruction, then the shadow is over. */
    if (flags & (HF_INHIBIT_IRQ_MASK | TF_MASK)) {
        max_insns = 1;
    }
    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        starts = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    }
    /* Leave at once when the engine wants the vCPU back (kicks). */
    translator_gen_tb_start(tb);

    for (;;) {
        uint64_t words[X86_INSN_START_WORDS];

        s->eip = s->pc;
        if (starts) {
            g_array_append_val(starts, s->eip);
        }
        words[0] = s->eip;
        words[1] = s->cc_op;
        tcg_gen_insn_start(words);
        s->insn_op_start = tcg_ctx->nb_ops;
        pool.used32 = pool.used64 = 0;
        s->n_addr_seg = 0;
        if (flags & HF_INHIBIT_IRQ_MASK) {
            TCGv_i32 t = new_tmp();
            tcg_gen_ld_i32(t, tcg_env, offsetof(CPUX86State, hflags));
            tcg_gen_andi_i32(t, t, ~HF_INHIBIT_IRQ_MASK);
            tcg_gen_st_i32(t, tcg_env, offsetof(CPUX86State, hflags));
            s->insn_op_start = tcg_ctx->nb_ops;
        }
        disas_insn(s);
        s->num_insns++;
        if (s->is_jmp == DISAS_EOB_NEXT) {
            gen_eob(s);
        }
        if (s->is_jmp == DISAS_NORETURN) {
            break;
        }
        /* The engine found no RAM or ROM under the code: give up. */
        if (tb->cflags & CF_INVALID) {
            break;
        }
        if (s->num_insns >= max_insns ||
            ((s->cs_base + s->pc) ^ tb->pc) & TARGET_PAGE_MASK) {
            gen_jmp_tb(s, s->pc, 0);
            break;
        }
    }
    tb->size = s->pc - (uint32_t)(tb->pc - tb->cs_base);
    tb->icount = s->num_insns;
    if (starts) {
        log_in_asm(s, starts);
        g_array_free(starts, TRUE);
    }
}
