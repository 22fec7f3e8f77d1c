/*
 * Guest memory ops: the softmmu TLB lookup inline (tcg/cputlb.h), the
 * access itself on a hit, and a call of the configured slow path out of
 * line, at the end of the block, on a miss.
 *
 * The compare uses the page of the access's last byte, so a page-crossing
 * access misses (x86 guests may access unaligned).  Around the slow call
 * the live caller-saved registers are parked in the frame's save area.
 */
#include "codegen-internal.h"

#include <stddef.h>

#include "tcg/cputlb.h"

static uint32_t bit(int r)
{
    return 1u << r;
}

/* Whether the access can take the inline path at all. */
static bool tlb_inline(CG *cg, MemOpIdx oi)
{
    intptr_t tlb_off = cg->o.buf->cfg.tlb_ptr_offset;
    return tlb_off >= 0 && cg_fits_s32(tlb_off) &&
           get_mmuidx(oi) < NB_MMU_MODES;
}

/*
 * Emit the lookup; on a hit t0 holds the addend and execution falls
 * through.  Returns the offset of the rel32 that jumps to the slow path
 * (an unconditional jump without the inline path).
 */
static size_t gen_tlb_lookup(CG *cg, int addr, int t0, int t1, MemOpIdx oi,
                             bool is_store)
{
    CGOut *o = &cg->o;
    intptr_t tlb_off = cg->o.buf->cfg.tlb_ptr_offset;
    unsigned mmu = get_mmuidx(oi);
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);

    if (!tlb_inline(cg, oi)) {
        cg_jmp32(o);
        return o->off - 4;
    }
    int32_t entry0 = mmu * CPU_TLB_SIZE * sizeof(CPUTLBEntry);
    bool write_tag = is_store || (get_memop(oi) & MO_WRITE_INTENT);
    int32_t tag = entry0 + (write_tag ? offsetof(CPUTLBEntry, addr_write)
                                     : offsetof(CPUTLBEntry, addr_read));
    int32_t addend = entry0 + offsetof(CPUTLBEntry, addend);

    cg_ld(o, true, t0, CG_AREG0, tlb_off);
    cg_mov_rr(o, true, t1, addr);
    cg_shift_ri(o, SHIFT_SHR, true, t1, TARGET_PAGE_BITS);
    cg_arith_ri(o, ARITH_AND, true, t1, CPU_TLB_SIZE - 1);
    cg_shift_ri(o, SHIFT_SHL, true, t1, CPUTLB_ENTRY_BITS);
    cg_arith_rr(o, ARITH_ADD, true, t0, t1);
    cg_modrm_mem(o, OPC_LEA | P_REXW, t1, addr, size - 1);
    cg_arith_ri(o, ARITH_AND, true, t1, (int32_t)TARGET_PAGE_MASK);
    cg_modrm_mem(o, 0x3b | P_REXW, t1, t0, tag); /* cmp t1, tag */
    cg_jcc32(o, JCC_NE);
    size_t rel = o->off - 4;
    cg_ld(o, true, t0, t0, addend);
    return rel;
}

/* Zero- or sign-extend a loaded value of size s in r (in place). */
static void gen_extend(CG *cg, int r, int src, MemOp mop, bool is64)
{
    unsigned s = mop & MO_SIZE;
    bool sign = mop & MO_SIGN;

    switch (s) {
    case MO_8:
        cg_modrm_rr(&cg->o,
                    (sign ? OPC_MOVSBL | P_W(is64) : OPC_MOVZBL) | P_REXB_RM, r,
                    src);
        break;
    case MO_16:
        cg_modrm_rr(&cg->o, sign ? OPC_MOVSWL | P_W(is64) : OPC_MOVZWL, r, src);
        break;
    case MO_32:
        if (sign && is64) {
            cg_modrm_rr(&cg->o, OPC_MOVSLQ, r, src);
        } else {
            cg_mov_rr(&cg->o, false, r, src);
        }
        break;
    default:
        cg_mov_rr(&cg->o, true, r, src);
        break;
    }
}

static void record_slow(CG *cg, bool is_store, bool is64, MemOpIdx oi, int addr,
                        int val, int out, size_t rel)
{
    CGSlowPath sp = {
        .is_store = is_store,
        .is64 = is64,
        .oi = oi,
        .addr_reg = addr,
        .val_reg = val,
        .out_reg = out,
        .jump_from = rel,
        .resume = cg->o.off,
        .insn = cg->insn,
    };
    uint32_t m = (ra_owned_mask(cg) | bit(addr)) & CG_CALL_CLOBBERED;
    if (val >= 0) {
        m |= bit(val) & CG_CALL_CLOBBERED;
    }
    if (out >= 0) {
        m &= ~bit(out);
    }
    sp.save_mask = m;
    g_array_append_val(cg->slow, sp);
}

bool cg_gen_qemu_ld(CG *cg, const TCGOp *op)
{
    bool is64 = op->opc == INDEX_op_qemu_ld_i64;
    MemOpIdx oi = op->args[2];
    MemOp mop = get_memop(oi);

    ra_sync_globals(cg); /* a fault must see exact globals */
    int addr = ra_load(cg, op->args[1], 0);
    int t0 = ra_alloc(cg, 0), t1 = ra_alloc(cg, 0), r = ra_alloc(cg, 0);
    size_t rel = gen_tlb_lookup(cg, addr, t0, t1, oi, false);

    /* The access on a hit: [addend + addr]. */
    unsigned s = mop & MO_SIZE;
    bool sign = mop & MO_SIGN;
    if (!tlb_inline(cg, oi)) {
        /* Nothing inline: the slow path does it all. */
    } else if (mop & MO_BSWAP && s != MO_8) {
        cg_modrm_sib(&cg->o,
                     s == MO_16 ? OPC_MOVZWL : OPC_MOVL_GvEv | P_W(s == MO_64),
                     r, t0, addr, 0);
        if (s == MO_16) {
            cg_modrm_rr(&cg->o, 0xc1 | P_DATA16, SHIFT_ROL, r);
            cg_emit8(&cg->o, 8);
        } else {
            cg_opc(&cg->o, (0xc8 + (r & 7)) | P_EXT | P_W(s == MO_64), 0, r, 0);
        }
        if (sign && s != MO_64) {
            gen_extend(cg, r, r, mop, is64);
        }
    } else {
        int opc;
        switch (s) {
        case MO_8:
            opc = sign ? OPC_MOVSBL | P_W(is64) : OPC_MOVZBL;
            break;
        case MO_16:
            opc = sign ? OPC_MOVSWL | P_W(is64) : OPC_MOVZWL;
            break;
        case MO_32:
            opc = sign && is64 ? OPC_MOVSLQ : OPC_MOVL_GvEv;
            break;
        default:
            opc = OPC_MOVL_GvEv | P_REXW;
            break;
        }
        cg_modrm_sib(&cg->o, opc, r, t0, addr, 0);
    }
    record_slow(cg, false, is64, oi, addr, -1, r, rel);
    ra_free_dead_inputs(cg, op);
    ra_set_out(cg, op->args[0], r);
    ra_out_done(cg, op, 0);
    return true;
}

bool cg_gen_qemu_st(CG *cg, const TCGOp *op)
{
    MemOpIdx oi = op->args[2];
    MemOp mop = get_memop(oi);
    unsigned s = mop & MO_SIZE;

    ra_sync_globals(cg);
    int val = ra_load(cg, op->args[0], 0);
    int addr = ra_load(cg, op->args[1], 0);
    int t0 = ra_alloc(cg, 0), t1 = ra_alloc(cg, 0);
    size_t rel = gen_tlb_lookup(cg, addr, t0, t1, oi, true);

    if (tlb_inline(cg, oi)) {
        int src = val;
        if (mop & MO_BSWAP && s != MO_8) {
            cg_mov_rr(&cg->o, true, t1, val);
            if (s == MO_16) {
                cg_modrm_rr(&cg->o, 0xc1 | P_DATA16, SHIFT_ROL, t1);
                cg_emit8(&cg->o, 8);
            } else {
                cg_opc(&cg->o, (0xc8 + (t1 & 7)) | P_EXT | P_W(s == MO_64), 0,
                       t1, 0);
            }
            src = t1;
        }
        int opc = s == MO_8    ? OPC_MOVB_EvGv | P_REXB_R
                  : s == MO_16 ? OPC_MOVL_EvGv | P_DATA16
                  : s == MO_32 ? OPC_MOVL_EvGv
                               : OPC_MOVL_EvGv | P_REXW;
        cg_modrm_sib(&cg->o, opc, src, t0, addr, 0);
    }
    record_slow(cg, true, false, oi, addr, val, -1, rel);
    ra_free_dead_inputs(cg, op);
    return true;
}

/* A register's value at the slow path's entry: parked or untouched. */
static void load_arg(CG *cg, int dst, int src, uint32_t saved)
{
    if (saved & bit(src)) {
        cg_ld(&cg->o, true, dst, R_RSP, 8 * src);
    } else {
        cg_mov_rr(&cg->o, true, dst, src);
    }
}

void cg_gen_slow_paths(CG *cg)
{
    CGOut *o = &cg->o;

    for (guint i = 0; i < cg->slow->len; i++) {
        CGSlowPath *sp = &g_array_index(cg->slow, CGSlowPath, i);
        size_t start = o->off;
        uint32_t m = sp->save_mask;

        cg_patch32(o, sp->jump_from, o->off - (sp->jump_from + 4));
        for (int r = 0; r < 16; r++) {
            if (m & bit(r)) {
                cg_st(o, true, r, R_RSP, 8 * r);
            }
        }
        load_arg(cg, R_RSI, sp->addr_reg, m);
        int ra_reg;
        if (sp->is_store) {
            load_arg(cg, R_RDX, sp->val_reg, m);
            cg_movi(o, false, R_RCX, sp->oi);
            ra_reg = R_R8;
        } else {
            cg_movi(o, false, R_RDX, sp->oi);
            ra_reg = R_RCX;
        }
        cg_mov_rr(o, true, R_RDI, CG_AREG0);
        /* lea ra_reg, [rip + (return address - end of lea)] */
        cg_opc(o, OPC_LEA | P_REXW, ra_reg, 0, 0);
        cg_emit8(o, 0x05 | ((ra_reg & 7) << 3));
        size_t disp_at = o->off;
        cg_emit32(o, 0);
        cg_call_abs(o, sp->is_store ? (uintptr_t)o->buf->cfg.st_slow
                                    : (uintptr_t)o->buf->cfg.ld_slow);
        cg_patch32(o, disp_at, o->off - (disp_at + 4));
        if (!sp->is_store) {
            gen_extend(cg, sp->out_reg, R_RAX, get_memop(sp->oi), sp->is64);
        }
        for (int r = 0; r < 16; r++) {
            if (m & bit(r)) {
                cg_ld(o, true, r, R_RSP, 8 * r);
            }
        }
        cg_jmp_to(o, sp->resume);
        CGSearchEntry e = {start - cg->tb_start, o->off - cg->tb_start,
                           sp->insn};
        g_array_append_val(cg->entries, e);
    }
}
