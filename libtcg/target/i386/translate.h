/*
 * The x86 front end's private interface: the decoder state of one block
 * (DisasContext), the lazy-flags operations (CCOp), and the emitters the
 * translate-*.c files share.  Only 16- and 32-bit code (stage A).
 */
#ifndef TCG_TARGET_I386_TRANSLATE_H
#define TCG_TARGET_I386_TRANSLATE_H

#include "x86-tcg.h"
#include "tcg/tcg-op.h"

/*
 * Lazy flags: the last flag-setting operation and its operands; the
 * flags are computed from them only when something reads them.
 *
 *   CCOp          cc_dst          cc_src                 cc_src2
 *   DYNAMIC       (the real CCOp is in env->cc_op: unknown when translating)
 *   EFLAGS        -               CF PF AF ZF SF OF bits -
 *   ADD{B,W,L}    result          second operand         -
 *   ADC{B,W,L}    result          second operand         carry in (0/1)
 *   SUB{B,W,L}    result          second operand         -
 *   SBB{B,W,L}    result          second operand         borrow in (0/1)
 *   LOGIC{B,W,L}  result          -                      -
 *   INC{B,W,L}    result          CF before (0/1)        -
 *   DEC{B,W,L}    result          CF before (0/1)        -
 *   SHL{B,W,L}    result          operand << (count - 1) -
 *   SAR{B,W,L}    result          operand >> (count - 1) -  (SHR too)
 *   MUL{B,W,L}    low result      non-zero: CF = OF = 1  -
 *
 * The first operand of ADD/SUB is recovered as dst - src / dst + src, so
 * a Jcc after CMP compares (cc_dst + cc_src) with cc_src directly.
 * Values are kept zero-extended to the operation size.
 */
/* clang-format off */
typedef enum CCOp {
    CC_OP_DYNAMIC = 0, /* fixed by the engine */
    CC_OP_EFLAGS = 1,  /* fixed by the engine */
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL,
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL,
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL,
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL,
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL,
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL,
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL,
    CC_OP_NB,
} CCOp;
/* clang-format on */

/* The operand size of a sized CCOp (MO_8, MO_16, MO_32). */
static inline MemOp cc_op_size(CCOp op)
{
    return (MemOp)((op - CC_OP_ADDB) % 3);
}

#define CC_ALL (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)

/* Prefixes. */
#define PREFIX_REPZ 0x01
#define PREFIX_REPNZ 0x02
#define PREFIX_LOCK 0x04
#define PREFIX_DATA 0x08
#define PREFIX_ADR 0x10

/* How the block goes on after an instruction. */
typedef enum DisasJumpType {
    DISAS_NEXT,     /* fall through to the next instruction */
    DISAS_NORETURN, /* the block has ended (exit emitted) */
    DISAS_EOB_NEXT, /* end after this insn: store EIP, exit to the loop */
} DisasJumpType;

typedef struct DisasContext {
    CPUX86State *env;
    TranslationBlock *tb;
    uint32_t flags; /* tb->flags: the mode, never read from env */
    uint32_t cs_base;
    uint32_t eip; /* EIP of the current instruction */
    uint32_t pc;  /* EIP of the next byte to fetch */
    bool code32, ss32, addseg, pe, vm86;
    uint8_t segchk; /* HF_SEGCHK: segments whose accesses are checked */
    int cpl;
    unsigned mem_idx;

    /* The current instruction. */
    int prefix;
    int override; /* segment override, -1: none */
    MemOp dflag;  /* operand size: MO_16 or MO_32 */
    MemOp aflag;  /* address size: MO_16 or MO_32 */
    int modrm;
    bool lock_ok;      /* LOCK is allowed on what was decoded */
    int insn_op_start; /* ops of this instruction start here */
    bool illegal;
    int popl_esp_hack; /* POP r/m: ESP-based address after the pop */
    /* The segment of each linear-address temp made by this instruction. */
    struct {
        int temp;
        int seg;
    } addr_seg[64];
    int n_addr_seg;

    CCOp cc_op; /* known at translation time, or CC_OP_DYNAMIC */
    DisasJumpType is_jmp;
    int num_insns;

    /* Scratch temps of every instruction (EBB temps, see new_tmp). */
    TCGv_i32 A0, T0, T1, tmp;
    TCGv_i32 seg_base; /* a segment base, loaded just before its add */
} DisasContext;

/* Globals. */
extern TCGv_i32 cpu_regs[8];
extern TCGv_i32 cpu_cc_dst, cpu_cc_src, cpu_cc_src2, cpu_cc_op;

/*
 * Scratch temps, recycled at each instruction: a block would otherwise
 * run out of temps (TCG_MAX_TEMPS).  They are EBB temps, so liveness can
 * drop dead copies; no instruction keeps a value in one across a label
 * (after a label there is only the block's exit).
 */
TCGv_i32 new_tmp(void);
TCGv_i64 new_tmp64(void);

/* Helper calls with temps as arguments (env is tcg_env.n). */
void gen_helper(const TCGHelperInfo *info, int ret, int nargs, ...);
#define ENV_ARG tcg_env.n

/* ---- translate.c: fetch, block ends, exceptions ---- */
uint8_t x86_ldub_code(DisasContext *s);
uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);
uint32_t insn_get(DisasContext *s, MemOp ot); /* imm of size ot */
uint32_t insn_get_signed(DisasContext *s, MemOp ot);
void gen_update_eip_cur(DisasContext *s);
void gen_update_eip_next(DisasContext *s);
void gen_update_eip_tmp(TCGv_i32 eip);
/* Jump to EIP dest (a direct edge, chaining slot n). */
void gen_jmp_tb(DisasContext *s, uint32_t dest, int n);
/* Indirect jump: EIP already stored. */
void gen_jr(DisasContext *s);
/* End the block after this insn; the loop rechecks interrupts. */
void gen_eob(DisasContext *s);
void gen_exception(DisasContext *s, int vector);
void gen_illegal_opcode(DisasContext *s);
/* The instruction needs CPL 0 (no IOPL-sensitive subtleties here). */
bool check_cpl0(DisasContext *s);

/* ---- translate-decode.c: one instruction at s->pc ---- */
void disas_insn(DisasContext *s);

/* ---- translate-modrm.c: operands ---- */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i32 t, int reg);
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i32 t);
void gen_ext(MemOp ot, TCGv_i32 d, TCGv_i32 a, bool sign);
void gen_op_ld(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr);
void gen_op_ld_w(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr);
void gen_op_st(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr);
/* s->A0 = linear address of the ModRM memory operand (mod != 3). */
void gen_lea_modrm(DisasContext *s, int modrm);
/* The offset only (LEA). */
void gen_lea_modrm_ea(DisasContext *s, int modrm, TCGv_i32 ea, int *seg);
/* d = linear address of offset ea in segment seg (override applies). */
void gen_lea_seg(DisasContext *s, TCGv_i32 d, TCGv_i32 ea, int def_seg,
                 bool allow_override, MemOp aflag);
void gen_seg_base(TCGv_i32 d, int seg);
/* d = linear address a + k, in a's segment. */
void gen_addr_add(DisasContext *s, TCGv_i32 d, TCGv_i32 a, int32_t k);
/*
 * Segment checks of size bytes at linear address a (made by gen_lea_seg,
 * gen_stack_addr or gen_addr_add): limit, type and null selector, #GP(0)
 * or #SS(0).  Code only when the segment is not flat (HF_SEGCHK).
 * gen_op_ld/st and gen_qemu_ld/st64 check their own accesses.
 */
void gen_seg_check(DisasContext *s, TCGv_i32 a, int size, bool write);
void gen_qemu_ld64(DisasContext *s, TCGv_i64 v, TCGv_i32 a, MemOp mop);
void gen_qemu_st64(DisasContext *s, TCGv_i64 v, TCGv_i32 a, MemOp mop);
/* Load/store the r/m operand (register or memory at A0). */
void gen_ldst_modrm_load(DisasContext *s, int modrm, MemOp ot, TCGv_i32 v);
void gen_ldst_modrm_store(DisasContext *s, int modrm, MemOp ot, TCGv_i32 v);
/* Stack: push stores before ESP changes; pop loads, then ESP moves. */
void gen_push_v(DisasContext *s, MemOp ot, TCGv_i32 v);
void gen_pop_load(DisasContext *s, MemOp ot, TCGv_i32 v);
void gen_pop_update(DisasContext *s, MemOp ot);
void gen_stack_addr(DisasContext *s, TCGv_i32 d, TCGv_i32 esp_off);
void gen_add_esp(DisasContext *s, int32_t addend);
static inline MemOp stack_size(DisasContext *s)
{
    return s->ss32 ? MO_32 : MO_16;
}

/* ---- translate-flags.c: lazy flags and conditions ---- */
void set_cc_op(DisasContext *s, CCOp op);
/* Make cc_op EFLAGS (cc_src holds all six flags). */
void gen_compute_eflags(DisasContext *s);
/* ZF = z (0 or 1; z is clobbered), the other flags unchanged. */
void gen_set_zf(DisasContext *s, TCGv_i32 z);
/* d = CF (0/1) of the current state. */
void gen_compute_c(DisasContext *s, TCGv_i32 d);
typedef struct CCPrepare {
    TCGCond cond;
    TCGv_i32 a, b;
} CCPrepare;
CCPrepare gen_prepare_cc(DisasContext *s, int b);
void gen_setcc(DisasContext *s, int b, TCGv_i32 d);
void gen_jcc_label(DisasContext *s, int b, TCGLabel *l);

/* ---- translate-alu.c ---- */
/* ModRM reg order; OP_TEST is AND without the store. */
enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP, OP_TEST };
/* T0 (op) T1 into operand d (register, or -1: memory at A0). */
void gen_alu(DisasContext *s, int op, MemOp ot, int d);
/*
 * T0 = the memory operand at A0 of a read-modify-write, unless LOCK
 * makes the load part of the atomic operation (gen_alu, gen_inc_dec with
 * d = -1 then do it).
 */
void gen_op_ld_rmw(DisasContext *s, MemOp ot);
/* Locked: old = memory at A0, which becomes old (ATOMIC_* op) val. */
void gen_atomic_rmw(DisasContext *s, int op, MemOp ot, TCGv_i32 old,
                    TCGv_i32 val);
void gen_inc_dec(DisasContext *s, MemOp ot, int d, int c);
void gen_shift_group(DisasContext *s, int op, MemOp ot, int modrm,
                     TCGv_i32 count, bool is_const, int cval);
void gen_shiftd(DisasContext *s, MemOp ot, int modrm, bool right,
                TCGv_i32 count, bool is_const, int cval);
void gen_group3(DisasContext *s, MemOp ot, int modrm);
void gen_imul(DisasContext *s, MemOp ot, int reg, TCGv_i32 a, TCGv_i32 b);
void gen_bt(DisasContext *s, MemOp ot, int modrm, int op, bool imm);
void gen_bsf_bsr(DisasContext *s, MemOp ot, int modrm, bool bsr);
void gen_xadd(DisasContext *s, MemOp ot, int modrm);
void gen_cmpxchg(DisasContext *s, MemOp ot, int modrm);
void gen_cmpxchg8b(DisasContext *s, int modrm);
void gen_sahf(DisasContext *s);
void gen_lahf(DisasContext *s);
void gen_cmc_clc_stc(DisasContext *s, int which);

/* ---- translate-string.c ---- */
/* b is the opcode (0x6c-0x6f, 0xa4-0xa7, 0xaa-0xaf). */
void gen_string(DisasContext *s, int b);

/* ---- translate-control.c ---- */
bool disas_control(DisasContext *s, int b);
/* FF /2 /3 /4 /5; false for the other forms. */
bool disas_ff_control(DisasContext *s, int modrm);
void gen_jcc_rel(DisasContext *s, int b, int32_t disp);

/* ---- translate-mmx.c, mmx-helper.c ---- */
bool disas_mmx(DisasContext *s, int b);
/* op: the register form's opcode byte; returns a op b, lane-wise. */
uint64_t helper_mmx_op(uint64_t op, uint64_t a, uint64_t b);
extern const TCGHelperInfo helper_info_mmx_op;

/* ---- translate-system.c ---- */
bool disas_system(DisasContext *s, int b);
bool disas_0f01(DisasContext *s, int modrm);
bool disas_crn(DisasContext *s, int b);
bool disas_0f00(DisasContext *s, int modrm);
bool disas_lar_lsl(DisasContext *s, int b);
bool disas_sysenter(DisasContext *s, int b);
void gen_check_io(DisasContext *s, MemOp ot, TCGv_i32 port);
void gen_movl_seg(DisasContext *s, int seg, TCGv_i32 sel);
void gen_push_seg(DisasContext *s, int seg);
void gen_pop_seg(DisasContext *s, int seg);

/* ---- helpers of this front end ---- */
#define DEF_HELPER_INFO(NAME, FLAGS, NARGS, HAS_RET)                           \
    const TCGHelperInfo helper_info_##NAME = {                                 \
        .func = (void (*)(void))helper_##NAME,                                 \
        .name = #NAME,                                                         \
        .flags = (FLAGS),                                                      \
        .nb_args = (NARGS),                                                    \
        .has_ret = (HAS_RET),                                                  \
        .ret_type = TCG_TYPE_I32,                                              \
    }

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint64_t op);
extern const TCGHelperInfo helper_info_cc_compute_all;

/* int-helper.c: DIV/IDIV (raise #DE; EDX:EAX etc. updated). */
uint64_t helper_divb(uint64_t env, uint64_t val);
uint64_t helper_divw(uint64_t env, uint64_t val);
uint64_t helper_divl(uint64_t env, uint64_t val);
uint64_t helper_idivb(uint64_t env, uint64_t val);
uint64_t helper_idivw(uint64_t env, uint64_t val);
uint64_t helper_idivl(uint64_t env, uint64_t val);
extern const TCGHelperInfo helper_info_divb, helper_info_divw, helper_info_divl,
    helper_info_idivb, helper_info_idivw, helper_info_idivl;
/*
 * ROL/ROR/RCL/RCR (kind 0-3) of val by count (raw, masked here) at size
 * ot: returns the result; the flags leave in EFLAGS form.
 */
uint64_t helper_rotate(uint64_t env, uint64_t val, uint64_t count,
                       uint64_t ot_kind);
extern const TCGHelperInfo helper_info_rotate;
/* DAA DAS AAA AAS AAM AAD on AL/AH (AAM 0: #DE); flags in EFLAGS form. */
enum { BCD_DAA, BCD_DAS, BCD_AAA, BCD_AAS, BCD_AAM, BCD_AAD };
uint64_t helper_bcd(uint64_t env, uint64_t op, uint64_t imm);
extern const TCGHelperInfo helper_info_bcd;
/* POPF/IRET-free EFLAGS writes: loads the bits of mask. */
uint64_t helper_write_eflags(uint64_t env, uint64_t val, uint64_t mask);
uint64_t helper_read_eflags(uint64_t env);
extern const TCGHelperInfo helper_info_write_eflags, helper_info_read_eflags;

/*
 * atomic-helper.c: locked read-modify-writes on guest memory at a linear
 * address; desc = ATOMIC_* | MemOp size << 4 | MMU index << 8.  They
 * return the old value (zero-extended); EIP and CC_OP must be synced
 * (#PF).  helper_atomic_rmw stores old (op) val: ADD (SUB/ADC/SBB/INC/DEC
 * add the right operand), AND/OR/XOR (NOT, BTS/BTR/BTC), XCHG, NEG.
 * helper_atomic_cmpxchg stores nv if the old value equals cmp (MO_64:
 * CMPXCHG8B, with 64-bit temps).
 */
enum { ATOMIC_ADD, ATOMIC_AND, ATOMIC_OR, ATOMIC_XOR, ATOMIC_XCHG, ATOMIC_NEG };
uint64_t helper_atomic_rmw(uint64_t env, uint64_t addr, uint64_t val,
                           uint64_t desc);
uint64_t helper_atomic_cmpxchg(uint64_t env, uint64_t addr, uint64_t cmp,
                               uint64_t nv, uint64_t desc);
extern const TCGHelperInfo helper_info_atomic_rmw, helper_info_atomic_cmpxchg;

/* seg-check-helper.c: desc = seg | write << 3 | size << 4 (see
 * gen_seg_check). */
uint64_t helper_seg_check(uint64_t env, uint64_t addr, uint64_t desc);
extern const TCGHelperInfo helper_info_seg_check;

/* misc-helper.c */
uint64_t helper_cpuid(uint64_t env);
uint64_t helper_rdtsc(uint64_t env);
uint64_t helper_inb(uint64_t env, uint64_t port);
uint64_t helper_inw(uint64_t env, uint64_t port);
uint64_t helper_inl(uint64_t env, uint64_t port);
uint64_t helper_outb(uint64_t env, uint64_t port, uint64_t val);
uint64_t helper_outw(uint64_t env, uint64_t port, uint64_t val);
uint64_t helper_outl(uint64_t env, uint64_t port, uint64_t val);
extern const TCGHelperInfo helper_info_cpuid, helper_info_rdtsc,
    helper_info_inb, helper_info_inw, helper_info_inl, helper_info_outb,
    helper_info_outw, helper_info_outl;

#endif /* TCG_TARGET_I386_TRANSLATE_H */
