/*
 * Semantics of the TCG value ops.
 *
 * The IR leaves some results open (QEMU's documentation calls them
 * unspecified); emu pins each to one value so that the interpreter, the
 * optimiser and the code generator can be compared bit for bit:
 *  - shift and rotate counts are taken modulo the width, as the x86-64
 *    host's shl/shr/sar/rol/ror with a register count do;
 *  - x / 0 is 0 and x % 0 is x; MIN / -1 is MIN and MIN % -1 is 0 (the x86
 *    front end raises #DE before ever reaching these);
 *  - div2 quotients that do not fit are truncated to the width;
 *  - bit fields outside the width are clipped to it (tcg-op.c rejects them
 *    at emission, so only hand-made ops meet this).
 */
#include "tcg-internal.h"

#include <assert.h>

static uint64_t sext(uint64_t x, unsigned bits)
{
    if (bits == 0) {
        return 0;
    }
    return bits >= 64 ? x : (uint64_t)((int64_t)(x << (64 - bits)) >>
                                       (64 - bits));
}

static uint64_t mask_for(unsigned w)
{
    return w == 64 ? UINT64_MAX : UINT32_MAX;
}

bool tcg_eval_cond(TCGCond c, uint64_t x, uint64_t y, bool is64)
{
    int64_t sx = is64 ? (int64_t)x : (int32_t)x;
    int64_t sy = is64 ? (int64_t)y : (int32_t)y;
    if (!is64) {
        x = (uint32_t)x;
        y = (uint32_t)y;
    }
    switch (c) {
    case TCG_COND_EQ:  return x == y;
    case TCG_COND_NE:  return x != y;
    case TCG_COND_LT:  return sx < sy;
    case TCG_COND_GE:  return sx >= sy;
    case TCG_COND_LE:  return sx <= sy;
    case TCG_COND_GT:  return sx > sy;
    case TCG_COND_LTU: return x < y;
    case TCG_COND_GEU: return x >= y;
    case TCG_COND_LEU: return x <= y;
    case TCG_COND_GTU: return x > y;
    default:           return false;
    }
}

static uint64_t rotl(uint64_t x, unsigned n, unsigned w)
{
    n &= w - 1;
    return n ? ((x << n) | (x >> (w - n))) & mask_for(w) : x;
}

/* Clip a field to the width: ofs modulo w, len to what is left. */
static void clip_field(unsigned *ofs, unsigned *len, unsigned w)
{
    *ofs &= w - 1;
    if (*len > w - *ofs) {
        *len = w - *ofs;
    }
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? UINT64_MAX : (1ull << len) - 1;
}

static uint64_t bswap16(uint64_t x)
{
    return ((x & 0xff) << 8) | ((x >> 8) & 0xff);
}

static unsigned clz_w(uint64_t x, unsigned w)
{
    return __builtin_clzll(x) - (64 - w);
}

static void div2(bool is_signed, unsigned w, const uint64_t *in,
                 uint64_t *out)
{
    uint64_t al = in[0], ah = in[1], b = in[2];
    if (b == 0) {
        out[0] = 0;
        out[1] = al;
        return;
    }
    if (w == 32) {
        uint64_t n = (ah << 32) | al;
        if (is_signed) {
            int64_t sn = (int64_t)n, sb = (int32_t)b;
            if (sn == INT64_MIN && sb == -1) {
                out[0] = 0;     /* INT64_MIN truncated to 32 bits */
                out[1] = 0;
                return;
            }
            out[0] = (uint32_t)(sn / sb);
            out[1] = (uint32_t)(sn % sb);
        } else {
            out[0] = (uint32_t)(n / b);
            out[1] = (uint32_t)(n % b);
        }
        return;
    }
    unsigned __int128 n = ((unsigned __int128)ah << 64) | al;
    if (is_signed) {
        __int128 sn = (__int128)n, sb = (int64_t)b;
        if (sb == -1) {
            /* -n wraps; avoids the one overflowing __int128 division. */
            out[0] = (uint64_t)(0 - n);
            out[1] = 0;
            return;
        }
        out[0] = (uint64_t)(sn / sb);
        out[1] = (uint64_t)(sn % sb);
    } else {
        out[0] = (uint64_t)(n / b);
        out[1] = (uint64_t)(n % b);
    }
}

bool tcg_eval_op(TCGOpcode opc, const uint64_t *in, const TCGArg *c,
                 uint64_t *out)
{
    bool is64 = tcg_op_is_64(opc);
    unsigned w = is64 ? 64 : 32;
    uint64_t m = mask_for(w);
    uint64_t x = in[0], y = in[1];
    int64_t sx = is64 ? (int64_t)x : (int32_t)x;
    int64_t sy = is64 ? (int64_t)y : (int32_t)y;
    int64_t smin = is64 ? INT64_MIN : INT32_MIN;
    uint64_t r;
    unsigned ofs, len;

#define CASE2(name) case INDEX_op_##name##_i32: case INDEX_op_##name##_i64
    switch (opc) {
    CASE2(mov):
        r = x;
        break;
    CASE2(movi):
        r = c[0];
        break;
    CASE2(setcond):
        r = tcg_eval_cond(c[0], x, y, is64);
        break;
    CASE2(movcond):
        r = tcg_eval_cond(c[0], x, y, is64) ? in[2] : in[3];
        break;
    CASE2(add):
        r = x + y;
        break;
    CASE2(sub):
        r = x - y;
        break;
    CASE2(mul):
        r = x * y;
        break;
    CASE2(neg):
        r = -x;
        break;
    CASE2(div):
        r = sy == 0 ? 0 : (sx == smin && sy == -1) ? (uint64_t)smin
                                                     : (uint64_t)(sx / sy);
        break;
    CASE2(rem):
        r = sy == 0 ? x : sy == -1 ? 0 : (uint64_t)(sx % sy);
        break;
    CASE2(divu):
        r = (y & m) == 0 ? 0 : (x & m) / (y & m);
        break;
    CASE2(remu):
        r = (y & m) == 0 ? x : (x & m) % (y & m);
        break;
    CASE2(and):
        r = x & y;
        break;
    CASE2(or):
        r = x | y;
        break;
    CASE2(xor):
        r = x ^ y;
        break;
    CASE2(andc):
        r = x & ~y;
        break;
    CASE2(orc):
        r = x | ~y;
        break;
    CASE2(eqv):
        r = ~(x ^ y);
        break;
    CASE2(nand):
        r = ~(x & y);
        break;
    CASE2(nor):
        r = ~(x | y);
        break;
    CASE2(not):
        r = ~x;
        break;
    CASE2(shl):
        r = (x & m) << (y & (w - 1));
        break;
    CASE2(shr):
        r = (x & m) >> (y & (w - 1));
        break;
    CASE2(sar):
        r = (uint64_t)(sx >> (y & (w - 1)));
        break;
    CASE2(rotl):
        r = rotl(x & m, y, w);
        break;
    CASE2(rotr):
        r = rotl(x & m, w - (y & (w - 1)), w);
        break;
    CASE2(ext8s):
        r = sext(x, 8);
        break;
    CASE2(ext8u):
        r = x & 0xff;
        break;
    CASE2(ext16s):
        r = sext(x, 16);
        break;
    CASE2(ext16u):
        r = x & 0xffff;
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        r = sext(x, 32);
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        r = (uint32_t)x;
        break;
    case INDEX_op_extrh_i64_i32:
        r = x >> 32;
        break;
    CASE2(deposit):
        ofs = c[0];
        len = c[1];
        clip_field(&ofs, &len, w);
        r = (x & ~(field_mask(len) << ofs)) |
            ((y & field_mask(len)) << ofs);
        break;
    CASE2(extract):
        ofs = c[0];
        len = c[1];
        clip_field(&ofs, &len, w);
        r = ((x & m) >> ofs) & field_mask(len);
        break;
    CASE2(sextract):
        ofs = c[0];
        len = c[1];
        clip_field(&ofs, &len, w);
        r = sext(((x & m) >> ofs) & field_mask(len), len);
        break;
    CASE2(bswap16):
        r = bswap16(x);
        break;
    CASE2(bswap32):
        r = __builtin_bswap32((uint32_t)x);
        break;
    case INDEX_op_bswap64_i64:
        r = __builtin_bswap64(x);
        break;
    CASE2(clz):
        r = (x & m) ? clz_w(x & m, w) : y;
        break;
    CASE2(ctz):
        r = (x & m) ? (uint64_t)__builtin_ctzll(x & m) : y;
        break;
    CASE2(add2):
        out[0] = (x + in[2]) & m;
        out[1] = (y + in[3] + (out[0] < (x & m))) & m;
        return true;
    CASE2(sub2):
        out[0] = (x - in[2]) & m;
        out[1] = (y - in[3] - ((x & m) < (in[2] & m))) & m;
        return true;
    CASE2(mulu2):
        if (is64) {
            unsigned __int128 p = (unsigned __int128)x * y;
            out[0] = (uint64_t)p;
            out[1] = (uint64_t)(p >> 64);
        } else {
            uint64_t p = (uint64_t)(uint32_t)x * (uint32_t)y;
            out[0] = (uint32_t)p;
            out[1] = p >> 32;
        }
        return true;
    CASE2(muls2):
        if (is64) {
            __int128 p = (__int128)sx * sy;
            out[0] = (uint64_t)p;
            out[1] = (uint64_t)((unsigned __int128)p >> 64);
        } else {
            uint64_t p = (uint64_t)(sx * sy);
            out[0] = (uint32_t)p;
            out[1] = p >> 32;
        }
        return true;
    CASE2(div2):
        div2(true, w, in, out);
        return true;
    CASE2(divu2):
        div2(false, w, in, out);
        return true;
    default:
        return false;
    }
#undef CASE2
    out[0] = opc == INDEX_op_extrh_i64_i32 || opc == INDEX_op_extrl_i64_i32
                 ? r & UINT32_MAX
                 : r & m;
    return true;
}
