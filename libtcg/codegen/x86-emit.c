/*
 * x86-64 instruction encoders (Intel SDM vol. 2, chapter 2: REX prefix,
 * ModRM and SIB bytes).  Every byte goes through cg_emit8(), which stops
 * writing at the limit and marks the output full instead, so a block
 * that does not fit never touches memory past the buffer.
 */
#include "codegen-internal.h"

#include <string.h>

void cg_emit8(CGOut *o, uint8_t b)
{
    if (o->off < o->limit) {
        o->buf->rw[o->off] = b;
    } else {
        o->full = true;
    }
    o->off++;
}

void cg_emit32(CGOut *o, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        cg_emit8(o, v >> (8 * i));
    }
}

void cg_emit64(CGOut *o, uint64_t v)
{
    cg_emit32(o, v);
    cg_emit32(o, v >> 32);
}

void cg_patch32(CGOut *o, size_t at, uint32_t v)
{
    if (at + 4 <= o->limit) {
        memcpy(o->buf->rw + at, &v, 4);
    } else {
        o->full = true;
    }
}

bool cg_fits_s32(int64_t v)
{
    return v == (int32_t)v;
}

/* Prefixes, REX and the opcode bytes; r, rm and x are register numbers. */
void cg_opc(CGOut *o, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        cg_emit8(o, 0x66);
    }
    if (opc & P_REXW) {
        rex |= 8;
    }
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* SDM 2.2.1: without REX, byte registers 4-7 are ah, ch, dh, bh. */
    if (rex || ((opc & P_REXB_R) && r >= 4) || ((opc & P_REXB_RM) && rm >= 4)) {
        cg_emit8(o, 0x40 | rex);
    }
    if (opc & P_EXT) {
        cg_emit8(o, 0x0f);
    }
    cg_emit8(o, opc & 0xff);
}

void cg_modrm_rr(CGOut *o, int opc, int r, int rm)
{
    cg_opc(o, opc, r, rm, 0);
    cg_emit8(o, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

static void modrm_disp(CGOut *o, int r, int rm_field, bool sib, int sib_byte,
                       int base, int32_t disp)
{
    /* SDM table 2-2: rbp/r13 as a base need a displacement. */
    int mod = disp == 0 && (base & 7) != R_RBP ? 0
              : disp == (int8_t)disp           ? 1
                                               : 2;
    cg_emit8(o, (mod << 6) | ((r & 7) << 3) | rm_field);
    if (sib) {
        cg_emit8(o, sib_byte);
    }
    if (mod == 1) {
        cg_emit8(o, disp);
    } else if (mod == 2) {
        cg_emit32(o, disp);
    }
}

void cg_modrm_mem(CGOut *o, int opc, int r, int base, int32_t disp)
{
    cg_opc(o, opc, r, base, 0);
    if ((base & 7) == R_RSP) {
        /* rsp/r12 as a base: SIB with no index. */
        modrm_disp(o, r, 4, true, 0x24, base, disp);
    } else {
        modrm_disp(o, r, base & 7, false, 0, base, disp);
    }
}

void cg_modrm_sib(CGOut *o, int opc, int r, int base, int index, int32_t disp)
{
    cg_opc(o, opc, r, base, index);
    modrm_disp(o, r, 4, true, ((index & 7) << 3) | (base & 7), base, disp);
}

void cg_mov_rr(CGOut *o, bool is64, int dst, int src)
{
    if (dst != src || !is64) {
        cg_modrm_rr(o, OPC_MOVL_EvGv | P_W(is64), src, dst);
    }
}

/* Never xor: the allocator materialises constants between cmp and jcc. */
void cg_movi(CGOut *o, bool is64, int r, uint64_t val)
{
    if (!is64 || val <= UINT32_MAX) {
        cg_opc(o, 0xb8 + (r & 7), 0, r, 0);
        cg_emit32(o, val);
    } else if (cg_fits_s32(val)) {
        cg_modrm_rr(o, 0xc7 | P_REXW, 0, r);
        cg_emit32(o, val);
    } else {
        cg_opc(o, (0xb8 + (r & 7)) | P_REXW, 0, r, 0);
        cg_emit64(o, val);
    }
}

void cg_ld(CGOut *o, bool is64, int r, int base, int32_t disp)
{
    cg_modrm_mem(o, OPC_MOVL_GvEv | P_W(is64), r, base, disp);
}

void cg_st(CGOut *o, bool is64, int r, int base, int32_t disp)
{
    cg_modrm_mem(o, OPC_MOVL_EvGv | P_W(is64), r, base, disp);
}

void cg_arith_rr(CGOut *o, int arith, bool is64, int dst, int src)
{
    cg_modrm_rr(o, (0x01 + (arith << 3)) | P_W(is64), src, dst);
}

void cg_arith_ri(CGOut *o, int arith, bool is64, int r, int32_t imm)
{
    if (imm == (int8_t)imm) {
        cg_modrm_rr(o, 0x83 | P_W(is64), arith, r);
        cg_emit8(o, imm);
    } else {
        cg_modrm_rr(o, 0x81 | P_W(is64), arith, r);
        cg_emit32(o, imm);
    }
}

void cg_shift_ri(CGOut *o, int shift, bool is64, int r, int count)
{
    cg_modrm_rr(o, 0xc1 | P_W(is64), shift, r);
    cg_emit8(o, count);
}

void cg_shift_cl(CGOut *o, int shift, bool is64, int r)
{
    cg_modrm_rr(o, 0xd3 | P_W(is64), shift, r);
}

void cg_jcc32(CGOut *o, int cc)
{
    cg_emit8(o, 0x0f);
    cg_emit8(o, 0x80 + cc);
    cg_emit32(o, 0);
}

void cg_jmp32(CGOut *o)
{
    cg_emit8(o, 0xe9);
    cg_emit32(o, 0);
}

/* A jmp rel32 to an offset of the buffer (same layout in both views). */
void cg_jmp_to(CGOut *o, size_t target)
{
    cg_emit8(o, 0xe9);
    cg_emit32(o, (uint32_t)(target - (o->off + 4)));
}

void cg_call_abs(CGOut *o, uintptr_t fn)
{
    int64_t rel = (int64_t)(fn - cg_rx_addr(o, o->off + 5));
    if (cg_fits_s32(rel)) {
        cg_emit8(o, 0xe8);
        cg_emit32(o, rel);
    } else {
        /* rax is free at a call: arguments are in rdi..r9. */
        cg_movi(o, true, R_RAX, fn);
        cg_modrm_rr(o, 0xff, 2, R_RAX);
    }
}

void cg_push(CGOut *o, int r)
{
    cg_opc(o, 0x50 + (r & 7), 0, r, 0);
}

void cg_pop(CGOut *o, int r)
{
    cg_opc(o, 0x58 + (r & 7), 0, r, 0);
}
