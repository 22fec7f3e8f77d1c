/*
 * Operands: registers by size, ModRM/SIB effective addresses (16- and
 * 32-bit addressing), segment bases, guest memory and the stack.
 * Intel SDM vol. 2A, 2.1.5 (ModRM and SIB tables).
 */
#include <stddef.h>

#include "translate.h"

/* AH, CH, DH, BH are registers 4-7 of 8-bit operands (no REX here). */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i32 t, int reg)
{
    switch (ot) {
    case MO_8:
        if (reg < 4) {
            tcg_gen_ext8u_i32(t, cpu_regs[reg]);
        } else {
            tcg_gen_extract_i32(t, cpu_regs[reg - 4], 8, 8);
        }
        break;
    case MO_16:
        tcg_gen_ext16u_i32(t, cpu_regs[reg]);
        break;
    default:
        tcg_gen_mov_i32(t, cpu_regs[reg]);
        break;
    }
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i32 t)
{
    switch (ot) {
    case MO_8:
        if (reg < 4) {
            tcg_gen_deposit_i32(cpu_regs[reg], cpu_regs[reg], t, 0, 8);
        } else {
            tcg_gen_deposit_i32(cpu_regs[reg - 4], cpu_regs[reg - 4], t, 8, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_i32(cpu_regs[reg], cpu_regs[reg], t, 0, 16);
        break;
    default:
        tcg_gen_mov_i32(cpu_regs[reg], t);
        break;
    }
}

void gen_ext(MemOp ot, TCGv_i32 d, TCGv_i32 a, bool sign)
{
    switch (ot) {
    case MO_8:
        if (sign) {
            tcg_gen_ext8s_i32(d, a);
        } else {
            tcg_gen_ext8u_i32(d, a);
        }
        break;
    case MO_16:
        if (sign) {
            tcg_gen_ext16s_i32(d, a);
        } else {
            tcg_gen_ext16u_i32(d, a);
        }
        break;
    default:
        tcg_gen_mov_i32(d, a);
        break;
    }
}

/* Remember that linear address temp d is in segment seg. */
static void set_addr_seg(DisasContext *s, TCGv_i32 d, int seg)
{
    for (int i = 0; i < s->n_addr_seg; i++) {
        if (s->addr_seg[i].temp == d.n) {
            s->addr_seg[i].seg = seg;
            return;
        }
    }
    g_assert(s->n_addr_seg < (int)G_N_ELEMENTS(s->addr_seg));
    s->addr_seg[s->n_addr_seg].temp = d.n;
    s->addr_seg[s->n_addr_seg++].seg = seg;
}

static int addr_seg(DisasContext *s, TCGv_i32 a)
{
    for (int i = 0; i < s->n_addr_seg; i++) {
        if (s->addr_seg[i].temp == a.n) {
            return s->addr_seg[i].seg;
        }
    }
    /* Every guest access goes through a segment: a front-end bug. */
    g_assert_not_reached();
}

void gen_addr_add(DisasContext *s, TCGv_i32 d, TCGv_i32 a, int32_t k)
{
    int seg = addr_seg(s, a);

    tcg_gen_addi_i32(d, a, k);
    set_addr_seg(s, d, seg);
}

/*
 * The offset is the linear address minus the base, so an address moved
 * by gen_addr_add is checked at its own offset; the helper raises, so
 * EIP is synced first (CC_OP is a global the call syncs).
 */
void gen_seg_check(DisasContext *s, TCGv_i32 a, int size, bool write)
{
    int seg;

    if (!s->segchk) {
        return;
    }
    seg = addr_seg(s, a);
    if (!(s->segchk & (1u << seg))) {
        return;
    }
    gen_update_eip_cur(s);
    gen_helper(&helper_info_seg_check, -1, 3, ENV_ARG, a.n,
               tcg_constant_i32(seg | write << 3 | size << 4).n);
}

void gen_op_ld(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr)
{
    gen_seg_check(s, addr, 1 << ot, false);
    tcg_gen_qemu_ld_i32(v, addr.n, s->mem_idx, MO_LE | ot);
}

/* The read of a read-modify-write: it faults as the write would. */
void gen_op_ld_w(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr)
{
    gen_seg_check(s, addr, 1 << ot, true);
    tcg_gen_qemu_ld_i32(v, addr.n, s->mem_idx, MO_LE | ot | MO_WRITE_INTENT);
}

void gen_op_st(DisasContext *s, MemOp ot, TCGv_i32 v, TCGv_i32 addr)
{
    gen_seg_check(s, addr, 1 << ot, true);
    tcg_gen_qemu_st_i32(v, addr.n, s->mem_idx, MO_LE | ot);
}

void gen_qemu_ld64(DisasContext *s, TCGv_i64 v, TCGv_i32 a, MemOp mop)
{
    gen_seg_check(s, a, 1 << (mop & MO_SIZE), mop & MO_WRITE_INTENT);
    tcg_gen_qemu_ld_i64(v, a.n, s->mem_idx, mop);
}

void gen_qemu_st64(DisasContext *s, TCGv_i64 v, TCGv_i32 a, MemOp mop)
{
    gen_seg_check(s, a, 1 << (mop & MO_SIZE), true);
    tcg_gen_qemu_st_i64(v, a.n, s->mem_idx, mop);
}

void gen_seg_base(TCGv_i32 d, int seg)
{
    /* The low half of the 64-bit base (little-endian host). */
    tcg_gen_ld_i32(d, tcg_env, offsetof(CPUX86State, segs[seg].base));
}

/*
 * Linear address: the offset wraps at 64 KiB with 16-bit addressing,
 * then the segment base is added when the mode needs it (HF_ADDSEG) or
 * an override names the segment; the sum wraps at 4 GiB.
 */
void gen_lea_seg(DisasContext *s, TCGv_i32 d, TCGv_i32 ea, int def_seg,
                 bool allow_override, MemOp aflag)
{
    int seg = def_seg;
    bool add = s->addseg;

    if (allow_override && s->override >= 0) {
        seg = s->override;
        add = true;
    }
    if (aflag == MO_16) {
        tcg_gen_ext16u_i32(d, ea);
    } else {
        tcg_gen_mov_i32(d, ea);
    }
    if (add) {
        gen_seg_base(s->seg_base, seg);
        tcg_gen_add_i32(d, d, s->seg_base);
    }
    set_addr_seg(s, d, seg);
}

void gen_lea_modrm_ea(DisasContext *s, int modrm, TCGv_i32 ea, int *seg)
{
    int mod = (modrm >> 6) & 3, rm = modrm & 7;
    int32_t disp;

    if (s->aflag == MO_32) {
        int base = rm, index = -1, scale = 0;

        if (rm == 4) {
            int sib = x86_ldub_code(s);
            scale = sib >> 6;
            index = (sib >> 3) & 7;
            base = sib & 7;
            if (index == 4) {
                index = -1; /* no index */
            }
        }
        if (mod == 0 && base == 5) {
            base = -1; /* disp32, no base */
            disp = (int32_t)x86_ldl_code(s);
        } else if (mod == 1) {
            disp = (int8_t)x86_ldub_code(s);
        } else if (mod == 2) {
            disp = (int32_t)x86_ldl_code(s);
        } else {
            disp = 0;
        }
        *seg = (base == R_ESP || base == R_EBP) ? R_SS : R_DS;
        if (base == R_ESP) {
            disp += s->popl_esp_hack;
        }
        tcg_gen_movi_i32(ea, disp);
        if (base >= 0) {
            tcg_gen_add_i32(ea, ea, cpu_regs[base]);
        }
        if (index >= 0) {
            TCGv_i32 t = new_tmp();
            tcg_gen_shli_i32(t, cpu_regs[index], scale);
            tcg_gen_add_i32(ea, ea, t);
        }
        return;
    }

    /* 16-bit: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP (disp16 if mod 0), BX */
    static const int8_t base16[8] = {R_EBX, R_EBX, R_EBP, R_EBP,
                                     R_ESI, R_EDI, R_EBP, R_EBX};
    static const int8_t index16[8] = {R_ESI, R_EDI, R_ESI, R_EDI,
                                      -1,    -1,    -1,    -1};
    if (mod == 0 && rm == 6) {
        disp = x86_lduw_code(s);
        tcg_gen_movi_i32(ea, disp);
        *seg = R_DS;
        return;
    }
    disp = mod == 1   ? (int8_t)x86_ldub_code(s)
           : mod == 2 ? (int16_t)x86_lduw_code(s)
                      : 0;
    tcg_gen_addi_i32(ea, cpu_regs[base16[rm]], disp);
    if (index16[rm] >= 0) {
        tcg_gen_add_i32(ea, ea, cpu_regs[index16[rm]]);
    }
    tcg_gen_ext16u_i32(ea, ea);
    *seg = base16[rm] == R_EBP ? R_SS : R_DS;
}

void gen_lea_modrm(DisasContext *s, int modrm)
{
    TCGv_i32 ea = new_tmp();
    int seg;

    gen_lea_modrm_ea(s, modrm, ea, &seg);
    gen_lea_seg(s, s->A0, ea, seg, true, s->aflag);
}

void gen_ldst_modrm_load(DisasContext *s, int modrm, MemOp ot, TCGv_i32 v)
{
    if ((modrm >> 6) == 3) {
        gen_op_mov_v_reg(s, ot, v, modrm & 7);
    } else {
        gen_lea_modrm(s, modrm);
        gen_op_ld(s, ot, v, s->A0);
    }
}

void gen_ldst_modrm_store(DisasContext *s, int modrm, MemOp ot, TCGv_i32 v)
{
    if ((modrm >> 6) == 3) {
        gen_op_mov_reg_v(s, ot, modrm & 7, v);
    } else {
        gen_lea_modrm(s, modrm);
        gen_op_st(s, ot, v, s->A0);
    }
}

/* d = linear address of SS:(ESP + esp_off) at the stack's address size. */
void gen_stack_addr(DisasContext *s, TCGv_i32 d, TCGv_i32 esp_off)
{
    if (!s->ss32) {
        tcg_gen_ext16u_i32(d, esp_off);
    } else {
        tcg_gen_mov_i32(d, esp_off);
    }
    if (s->addseg) {
        gen_seg_base(s->seg_base, R_SS);
        tcg_gen_add_i32(d, d, s->seg_base);
    }
    set_addr_seg(s, d, R_SS);
}

static void gen_set_esp(DisasContext *s, TCGv_i32 v)
{
    gen_op_mov_reg_v(s, stack_size(s), R_ESP, v);
}

void gen_add_esp(DisasContext *s, int32_t addend)
{
    TCGv_i32 t = new_tmp();

    tcg_gen_addi_i32(t, cpu_regs[R_ESP], addend);
    gen_set_esp(s, t);
}

/* The store can fault: it comes before ESP changes. */
void gen_push_v(DisasContext *s, MemOp ot, TCGv_i32 v)
{
    TCGv_i32 nesp = new_tmp(), addr = new_tmp();

    tcg_gen_subi_i32(nesp, cpu_regs[R_ESP], 1 << ot);
    gen_stack_addr(s, addr, nesp);
    gen_op_st(s, ot, v, addr);
    gen_set_esp(s, nesp);
}

void gen_pop_load(DisasContext *s, MemOp ot, TCGv_i32 v)
{
    TCGv_i32 addr = new_tmp();

    gen_stack_addr(s, addr, cpu_regs[R_ESP]);
    gen_op_ld(s, ot, v, addr);
}

void gen_pop_update(DisasContext *s, MemOp ot)
{
    gen_add_esp(s, 1 << ot);
}
