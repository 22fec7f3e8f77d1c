/*
 * Private to the x86-64 code generator: the code buffer, the emission
 * cursor, the instruction encoders and the register allocator's state.
 *
 * Generated code runs on a fixed frame set up by the prologue:
 *     r14           env (the CPU state, temp 0)
 *     rsp + 0       CG_SAVE_SLOTS words where slow paths park the
 *                   caller-saved registers around the call
 *     rsp + CG_SLOTS_OFFSET   CG_NB_SLOTS spill slots for temps
 * and is 16-byte aligned at every call it makes (System V ABI).
 */
#ifndef TCG_CODEGEN_INTERNAL_H
#define TCG_CODEGEN_INTERNAL_H

#include "tcg/tcg-codegen.h"

/* Host registers, numbered as in the ModRM encoding. */
enum {
    R_RAX,
    R_RCX,
    R_RDX,
    R_RBX,
    R_RSP,
    R_RBP,
    R_RSI,
    R_RDI,
    R_R8,
    R_R9,
    R_R10,
    R_R11,
    R_R12,
    R_R13,
    R_R14,
    R_R15,
};

#define CG_AREG0 R_R14 /* env */
#define CG_SAVE_SLOTS 16
#define CG_SCRATCH_OFFSET (CG_SAVE_SLOTS * 8) /* two words for helpers */
#define CG_SLOTS_OFFSET (CG_SCRATCH_OFFSET + 16)
#define CG_NB_SLOTS 1024
/* 6 pushes + the return address + the frame keep rsp 16-byte aligned. */
#define CG_FRAME_SIZE (CG_SLOTS_OFFSET + CG_NB_SLOTS * 8 + 8)

/* Registers a helper call may clobber (System V ABI). */
#define CG_CALL_CLOBBERED                                                      \
    ((1u << R_RAX) | (1u << R_RCX) | (1u << R_RDX) | (1u << R_RSI) |           \
     (1u << R_RDI) | (1u << R_R8) | (1u << R_R9) | (1u << R_R10) |             \
     (1u << R_R11))

struct TCGCodeBuffer {
    uint8_t *rw; /* where code is written */
    uint8_t *rx; /* where it runs (== rw with the mprotect fallback) */
    size_t size;
    size_t used;
    size_t prologue_size;
    size_t epilogue_offset;      /* add rsp, pop, ret; rax is the result */
    size_t epilogue_zero_offset; /* the same with rax = 0 */
    bool dual;                   /* two mappings of one memfd */
    TCGCodegenConfig cfg;
};

/* Tests only: new buffers use the mprotect fallback, not memfd. */
extern bool cg_force_mprotect;

/* Open the buffer for writing / make it executable again (mprotect mode). */
void cg_buffer_begin_write(TCGCodeBuffer *buf);
void cg_buffer_end_write(TCGCodeBuffer *buf);

/* The emission cursor: offsets are from the start of the buffer. */
typedef struct CGOut {
    TCGCodeBuffer *buf;
    size_t off;   /* next byte */
    size_t limit; /* never write at or past this */
    bool full;
} CGOut;

void cg_emit8(CGOut *o, uint8_t b);
void cg_emit32(CGOut *o, uint32_t v);
void cg_emit64(CGOut *o, uint64_t v);
void cg_patch32(CGOut *o, size_t at, uint32_t v);
/* The run-time address of offset off. */
static inline uintptr_t cg_rx_addr(const CGOut *o, size_t off)
{
    return (uintptr_t)o->buf->rx + off;
}

/* Opcode flags for the encoders, above the opcode byte. */
#define P_EXT 0x100      /* 0x0f escape */
#define P_DATA16 0x200   /* 0x66 operand size prefix */
#define P_REXW 0x400     /* 64-bit operand size */
#define P_REXB_R 0x800   /* the reg field names a byte register */
#define P_REXB_RM 0x1000 /* the r/m field names a byte register */
#define P_W(is64) ((is64) ? P_REXW : 0)

/* Group 1 arithmetic (Intel SDM vol. 2, "ADD" .. "CMP"): the /digit. */
enum {
    ARITH_ADD,
    ARITH_OR,
    ARITH_ADC,
    ARITH_SBB,
    ARITH_AND,
    ARITH_SUB,
    ARITH_XOR,
    ARITH_CMP
};
/* Group 2 shifts: the /digit. */
enum {
    SHIFT_ROL = 0,
    SHIFT_ROR = 1,
    SHIFT_SHL = 4,
    SHIFT_SHR = 5,
    SHIFT_SAR = 7
};
/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    JCC_B = 2,
    JCC_AE = 3,
    JCC_E = 4,
    JCC_NE = 5,
    JCC_BE = 6,
    JCC_A = 7,
    JCC_L = 0xc,
    JCC_GE = 0xd,
    JCC_LE = 0xe,
    JCC_G = 0xf
};

#define OPC_MOVZBL (0xb6 | P_EXT)
#define OPC_MOVZWL (0xb7 | P_EXT)
#define OPC_MOVSBL (0xbe | P_EXT)
#define OPC_MOVSWL (0xbf | P_EXT)
#define OPC_MOVSLQ (0x63 | P_REXW)
#define OPC_MOVL_EvGv 0x89
#define OPC_MOVL_GvEv 0x8b
#define OPC_MOVB_EvGv 0x88
#define OPC_LEA 0x8d
#define OPC_IMUL_GvEv (0xaf | P_EXT)
#define OPC_BSF (0xbc | P_EXT)
#define OPC_BSR (0xbd | P_EXT)
#define OPC_TESTL 0x85
#define OPC_GRP3 0xf7 /* /2 not, /3 neg, /4 mul, /5 imul, /6 div, /7 idiv */

void cg_opc(CGOut *o, int opc, int r, int rm, int x);
void cg_modrm_rr(CGOut *o, int opc, int r, int rm);
/* [base + disp]; base may be any register but rsp needs a SIB. */
void cg_modrm_mem(CGOut *o, int opc, int r, int base, int32_t disp);
/* [base + index + disp] */
void cg_modrm_sib(CGOut *o, int opc, int r, int base, int index, int32_t disp);
void cg_mov_rr(CGOut *o, bool is64, int dst, int src);
void cg_movi(CGOut *o, bool is64, int r, uint64_t val);
void cg_ld(CGOut *o, bool is64, int r, int base, int32_t disp);
void cg_st(CGOut *o, bool is64, int r, int base, int32_t disp);
void cg_arith_rr(CGOut *o, int arith, bool is64, int dst, int src);
void cg_arith_ri(CGOut *o, int arith, bool is64, int r, int32_t imm);
void cg_shift_ri(CGOut *o, int shift, bool is64, int r, int count);
void cg_shift_cl(CGOut *o, int shift, bool is64, int r);
void cg_jcc32(CGOut *o, int cc); /* rel32 placeholder follows */
void cg_jmp32(CGOut *o);
void cg_jmp_to(CGOut *o, size_t target);
void cg_call_abs(CGOut *o, uintptr_t fn);
void cg_push(CGOut *o, int r);
void cg_pop(CGOut *o, int r);
bool cg_fits_s32(int64_t v);

/* Register allocation: the state of each temp during tcg_gen_code(). */
enum { VAL_DEAD, VAL_REG, VAL_MEM, VAL_CONST };

typedef struct CGTemp {
    uint8_t val_type;
    int8_t reg;
    bool coherent; /* the memory copy holds the value */
    int slot;      /* spill slot of a non-global, -1 if none */
    uint64_t val;  /* VAL_CONST */
} CGTemp;

typedef struct CGLabelState {
    int64_t pos;  /* offset, -1 until set */
    GArray *refs; /* size_t offsets of rel32 fields to patch */
} CGLabelState;

typedef struct CGSlowPath {
    bool is_store;
    bool is64;
    MemOpIdx oi;
    int8_t addr_reg, val_reg, out_reg;
    uint32_t save_mask; /* caller-saved registers live across the call */
    size_t jump_from;   /* rel32 of the jne to patch */
    size_t resume;      /* where the fast path joins */
    int insn;           /* the guest instruction, for the search table */
} CGSlowPath;

typedef struct CGSearchEntry {
    uint32_t start, end; /* [start, end) host offsets from the TB start */
    int insn;
} CGSearchEntry;

typedef struct CGSearch {
    TCGCodeBuffer *buf;
    int nb_entries;
    CGSearchEntry *entries; /* sorted by start */
    int nb_insns, words;
    uint64_t *data; /* nb_insns * words */
} CGSearch;

typedef struct CG {
    TCGContext *s;
    CGOut o;
    size_t tb_start;
    CGTemp *t;
    int reg_owner[16]; /* temp index, -1 if free */
    uint32_t locked;   /* registers the current op uses */
    uint32_t slot_free[CG_NB_SLOTS / 32];
    bool *used; /* temps referenced by any op */
    CGLabelState *labels;
    GArray *slow;      /* CGSlowPath */
    GArray *entries;   /* CGSearchEntry */
    GArray *insn_data; /* uint64_t */
    int insn;          /* current insn_start index, -1 before one */
    size_t insn_begin;
    const char *error;
} CG;

/* regalloc.c */
void ra_init(CG *cg);
void ra_fini(CG *cg);
bool ra_is_const(CG *cg, TCGArg t, uint64_t *val);
int ra_load(CG *cg, TCGArg t, uint32_t avoid);
int ra_alloc(CG *cg, uint32_t avoid);
void ra_take(CG *cg, int reg);
int ra_dest_from(CG *cg, const TCGOp *op, int argi, uint32_t avoid);
/* src (holding input argi) if that input dies here, else a new register. */
int ra_dest_reuse(CG *cg, const TCGOp *op, int argi, int src);
void ra_copy(CG *cg, TCGArg t, int reg);
void ra_set_out(CG *cg, TCGArg t, int reg);
void ra_set_const(CG *cg, TCGArg t, uint64_t val);
void ra_out_done(CG *cg, const TCGOp *op, int i);
void ra_free_dead_inputs(CG *cg, const TCGOp *op);
void ra_discard(CG *cg, TCGArg t);
void ra_sync_globals(CG *cg);
void ra_forget_globals(CG *cg);
void ra_bb_end(CG *cg);
void ra_label(CG *cg);
void ra_spill_regs(CG *cg, uint32_t mask);
uint32_t ra_owned_mask(CG *cg);

/* gen-alu.c */
bool cg_gen_value_op(CG *cg, const TCGOp *op);
void cg_gen_brcond(CG *cg, const TCGOp *op, bool is64, size_t *rel);

/* gen-ldst.c */
bool cg_gen_qemu_ld(CG *cg, const TCGOp *op);
bool cg_gen_qemu_st(CG *cg, const TCGOp *op);
void cg_gen_slow_paths(CG *cg);

/* gen-call.c */
void cg_gen_call(CG *cg, const TCGOp *op);
void cg_gen_eval_call(CG *cg, const TCGOp *op);

/* tb-search.c */
void cg_search_build(CG *cg, TCGHostTB *out);
void cg_log_out_asm(const TCGHostTB *tb);

#endif /* TCG_CODEGEN_INTERNAL_H */
