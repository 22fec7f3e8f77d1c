/*
 * The test engine (see x86-test-engine.h).  The doubles of the system
 * helpers below are minimal stand-ins, not the real seg-helper.c /
 * excp-helper.c: an exception or interrupt stops the run with its vector
 * recorded, segment loads follow real-mode rules (base = selector << 4)
 * or a flat 4 GiB descriptor in protected mode.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "x86-test-engine.h"
#include "tcg/tcg-op.h"
#include "tcg/tci.h"
#include "system/mmu-helper.h"
#include "translate.h"

__thread XTState *xt_cur;
#define cur xt_cur
static __thread sigjmp_buf exit_jmp;
static __thread TCIProg *cur_prog;

/* ---- code fetch and block chaining (tcg/translator.h) ---- */

uint8_t translator_ldub(void *env, TranslationBlock *tb, uint64_t pc)
{
    return cur->mem[pc % XT_MEM_SIZE];
}

uint16_t translator_lduw(void *env, TranslationBlock *tb, uint64_t pc)
{
    return translator_ldub(env, tb, pc) | translator_ldub(env, tb, pc + 1) << 8;
}

uint32_t translator_ldl(void *env, TranslationBlock *tb, uint64_t pc)
{
    return translator_lduw(env, tb, pc) |
           (uint32_t)translator_lduw(env, tb, pc + 2) << 16;
}

/* No kicks in these tests: nothing to check at block start. */
void translator_gen_tb_start(TranslationBlock *tb)
{
}

bool translator_use_goto_tb(const TranslationBlock *tb, uint64_t dest)
{
    return false;
}

uint64_t helper_lookup_tb_ptr(uint64_t env)
{
    return 0;
}
const TCGHelperInfo helper_info_lookup_tb_ptr = {
    .func = (void (*)(void))helper_lookup_tb_ptr,
    .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
    .nb_args = 1,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
};

/* No block cache here: every indirect jump returns to the test's loop. */
void translator_gen_lookup_and_goto_ptr(TranslationBlock *tb, TCGv_i32 pc)
{
    tcg_gen_goto_ptr((TCGv_ptr){tcg_constant_i64(0).n});
}

/* ---- exceptions ---- */

static G_NORETURN void stop_run(int code)
{
    siglongjmp(exit_jmp, code);
}

G_NORETURN void raise_exception_err(CPUX86State *env, int vector,
                                    int error_code)
{
    cur->vector = vector;
    cur->error_code = error_code;
    stop_run(1);
}

G_NORETURN void raise_exception(CPUX86State *env, int vector)
{
    raise_exception_err(env, vector, 0);
}

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))

uint64_t helper_raise_exception(uint64_t env, uint64_t vector)
{
    raise_exception(ENV(env), (int)vector);
}
DEF_HELPER_INFO(raise_exception, 0, 2, false);

uint64_t helper_raise_interrupt(uint64_t env, uint64_t vector,
                                uint64_t next_eip_addend)
{
    ENV(env)->exception_next_eip = ENV(env)->eip + next_eip_addend;
    cur->is_int = true;
    raise_exception(ENV(env), (int)vector);
}
DEF_HELPER_INFO(raise_interrupt, 0, 3, false);

uint64_t helper_hlt(uint64_t env, uint64_t next_eip_addend)
{
    ENV(env)->eip += next_eip_addend;
    stop_run(2);
}
DEF_HELPER_INFO(hlt, 0, 2, false);

uint64_t helper_load_seg(uint64_t env, uint64_t seg, uint64_t sel)
{
    CPUX86State *e = ENV(env);

    if (e->cr[0] & CR0_PE_MASK) {
        cpu_x86_load_seg_cache(e, seg, sel, 0, 0xffffffff,
                               DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                   DESC_B_MASK | DESC_G_MASK);
    } else {
        cpu_x86_load_seg_cache(e, seg, sel, (sel & 0xffff) << 4, 0xffff,
                               DESC_P_MASK | DESC_S_MASK | DESC_W_MASK);
    }
    return 0;
}
DEF_HELPER_INFO(load_seg, 0, 3, false);

/* Far transfers are out of these tests' scope: record and stop. */
uint64_t helper_ljmp(uint64_t env, uint64_t sel, uint64_t eip, uint64_t a)
{
    raise_exception(ENV(env), 0x100);
}
DEF_HELPER_INFO(ljmp, 0, 4, false);

uint64_t helper_lcall(uint64_t env, uint64_t sel, uint64_t eip, uint64_t shift,
                      uint64_t a)
{
    raise_exception(ENV(env), 0x101);
}
DEF_HELPER_INFO(lcall, 0, 5, false);

uint64_t helper_lret(uint64_t env, uint64_t shift, uint64_t addend)
{
    raise_exception(ENV(env), 0x102);
}
DEF_HELPER_INFO(lret, 0, 3, false);

uint64_t helper_iret(uint64_t env, uint64_t shift, uint64_t a)
{
    raise_exception(ENV(env), 0x103);
}
DEF_HELPER_INFO(iret, 0, 3, false);

uint64_t helper_read_crN(uint64_t env, uint64_t reg)
{
    return (uint32_t)ENV(env)->cr[reg];
}
DEF_HELPER_INFO(read_crN, 0, 2, true);

uint64_t helper_write_crN(uint64_t env, uint64_t reg, uint64_t val)
{
    ENV(env)->cr[reg] = (uint32_t)val;
    return 0;
}
DEF_HELPER_INFO(write_crN, 0, 3, false);

/* No TLB here: INVLPG has nothing to drop. */
uint64_t helper_invlpg(uint64_t env, uint64_t addr)
{
    return 0;
}
DEF_HELPER_INFO(invlpg, 0, 2, false);

uint64_t helper_rdmsr(uint64_t env)
{
    raise_exception(ENV(env), EXCP0D_GPF);
}
DEF_HELPER_INFO(rdmsr, 0, 1, false);

uint64_t helper_wrmsr(uint64_t env)
{
    raise_exception(ENV(env), EXCP0D_GPF);
}
DEF_HELPER_INFO(wrmsr, 0, 1, false);

/* Descriptor instructions and SYSENTER: out of scope too (vectors 0x104+). */
uint64_t helper_lldt(uint64_t env, uint64_t sel)
{
    raise_exception(ENV(env), 0x104);
}
DEF_HELPER_INFO(lldt, 0, 2, false);

uint64_t helper_ltr(uint64_t env, uint64_t sel)
{
    raise_exception(ENV(env), 0x105);
}
DEF_HELPER_INFO(ltr, 0, 2, false);

uint64_t helper_verr_verw(uint64_t env, uint64_t sel, uint64_t write)
{
    raise_exception(ENV(env), 0x106);
}
DEF_HELPER_INFO(verr_verw, 0, 3, true);

uint64_t helper_lar_lsl(uint64_t env, uint64_t sel, uint64_t lsl)
{
    raise_exception(ENV(env), 0x107);
}
const TCGHelperInfo helper_info_lar_lsl = {
    .func = (void (*)(void))helper_lar_lsl,
    .name = "lar_lsl",
    .nb_args = 3,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
};

uint64_t helper_sysenter(uint64_t env)
{
    raise_exception(ENV(env), 0x108);
}
DEF_HELPER_INFO(sysenter, 0, 1, false);

uint64_t helper_sysexit(uint64_t env)
{
    raise_exception(ENV(env), 0x109);
}
DEF_HELPER_INFO(sysexit, 0, 1, false);

uint64_t helper_check_io(uint64_t env, uint64_t port, uint64_t size)
{
    raise_exception(ENV(env), 0x10c);
}
DEF_HELPER_INFO(check_io, 0, 3, false);

uint64_t helper_read_drN(uint64_t env, uint64_t reg)
{
    raise_exception(ENV(env), 0x10a);
}
DEF_HELPER_INFO(read_drN, 0, 2, true);

uint64_t helper_write_drN(uint64_t env, uint64_t reg, uint64_t val)
{
    raise_exception(ENV(env), 0x10b);
}
DEF_HELPER_INFO(write_drN, 0, 3, false);

/* ---- guest memory ---- */

static bool mem_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    uint64_t v = 0;

    if (addr >= XT_MEM_SIZE || size > XT_MEM_SIZE - addr) {
        cur->fault_addr = (uint32_t)addr;
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)cur->mem[addr + i] << (8 * i);
    }
    *val = v;
    return true;
}

static bool mem_store(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val)
{
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);

    if (addr >= XT_MEM_SIZE || size > XT_MEM_SIZE - addr) {
        cur->fault_addr = (uint32_t)addr;
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        cur->mem[addr + i] = val >> (8 * i);
    }
    return true;
}

static const TCIMemOps mem_ops = {mem_load, mem_store};

/* Locked instructions (atomic-helper.c): the flat memory is all RAM. */
void *atomic_mmu_lookup(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx, uintptr_t retaddr)
{
    if (addr >= XT_MEM_SIZE || size > XT_MEM_SIZE - addr) {
        cur->fault_addr = (uint32_t)addr;
        raise_exception_err(env, EXCP0E_PAGE, 0);
    }
    return cur->mem + addr;
}

void atomic_mmu_written(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx)
{
}

/* Only for memory atomic_mmu_lookup() has no pointer to: never here. */
uint64_t cpu_ld_mmu(CPUX86State *env, uint64_t addr, MemOp mop,
                    unsigned mmu_idx, uintptr_t retaddr)
{
    abort();
}

void cpu_st_mmu(CPUX86State *env, uint64_t addr, uint64_t val, MemOp mop,
                unsigned mmu_idx, uintptr_t retaddr)
{
    abort();
}

/* ---- the loop ---- */

static __thread TCGContext *ctx;

void xt_init(XTState *st, bool code32)
{
    memset(st, 0, sizeof(*st));
    /* Fresh zero pages, touched only where used (malloc would fill). */
    st->mem = mmap(NULL, XT_MEM_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    g_assert(st->mem != MAP_FAILED);
    st->optimize = true;
    xt_reset_cpu(st, code32);
}

void xt_reset_cpu(XTState *st, bool code32)
{
    uint32_t fl = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK;

    memset(&st->env, 0, sizeof(st->env));
    if (!ctx) {
        ctx = g_new0(TCGContext, 1);
        tcg_context_init(ctx, sizeof(CPUX86State), X86_INSN_START_WORDS);
        x86_tcg_init_globals(ctx);
    }
    tcg_set_ctx(ctx);
    if (code32) {
        st->env.cr[0] = CR0_PE_MASK;
        fl |= DESC_B_MASK | DESC_G_MASK;
    }
    /* Protected mode: non-null selectors (GDT 0x08 code, 0x10 data). */
    for (int i = 0; i < NB_SEGS; i++) {
        cpu_x86_load_seg_cache(&st->env, i,
                               code32 ? (i == R_CS ? 0x08 : 0x10) : 0, 0,
                               code32 ? 0xffffffff : 0xffff,
                               fl | (i == R_CS ? DESC_CS_MASK : 0));
    }
    st->env.eflags = RFLAGS_FIXED;
    x86_update_hflags(&st->env);
}

void xt_free(XTState *st)
{
    munmap(st->mem, XT_MEM_SIZE);
    st->mem = NULL;
}

void xt_load(XTState *st, uint32_t addr, const void *code, uint32_t len)
{
    g_assert(addr < XT_MEM_SIZE && len <= XT_MEM_SIZE - addr);
    memcpy(st->mem + addr, code, len);
}

uint32_t xt_eflags(XTState *st)
{
    return (uint32_t)st->env.eflags;
}

void xt_set_eflags(XTState *st, uint32_t eflags)
{
    st->env.eflags = eflags | RFLAGS_FIXED;
}

XTStop xt_run(XTState *st, long max_blocks)
{
    CPUX86State *env = &st->env;
    volatile XTStop stop = XT_BUDGET;
    volatile long n = 0;
    int code;

    cur = st;
    tcg_set_ctx(ctx);
    st->vector = -1;
    x86_cpu_exec_enter(env);
    code = sigsetjmp(exit_jmp, 0);
    if (code) {
        tci_prog_free(cur_prog);
        cur_prog = NULL;
        stop = code == 2 ? XT_HALT : XT_EXCEPTION;
        goto out;
    }
    while (n < max_blocks) {
        TranslationBlock tb = {0};
        TCIResult res;
        uint32_t flags;

        n++;
        x86_get_tb_cpu_state(env, &tb.pc, &tb.cs_base, &flags);
        tb.flags = flags;
        x86_translate_block(env, &tb, 0);
        st->blocks++;
        st->insns += tb.icount;
        st->ops_before += ctx->nb_ops;
        if (st->optimize) {
            tcg_optimize(ctx);
            tcg_liveness_analysis(ctx);
        }
        st->ops_after += ctx->nb_ops;
        cur_prog = tci_prog_new(ctx);
        tci_exec(cur_prog, env, &mem_ops, st, &res);
        tci_prog_free(cur_prog);
        cur_prog = NULL;
        if (res.exit == TCI_EXIT_FAULT) {
            x86_restore_state_to_opc(env, &tb, res.insn_data);
            st->vector = EXCP0E_PAGE;
            stop = XT_EXCEPTION;
            break;
        }
        if (res.exit == TCI_EXIT_ERROR) {
            fprintf(stderr, "xt_run: %s\n", res.error);
            stop = XT_ERROR;
            break;
        }
    }
out:
    x86_cpu_exec_exit(env);
    return stop;
}
