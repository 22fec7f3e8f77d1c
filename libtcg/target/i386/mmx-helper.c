/*
 * The MMX arithmetic (Intel SDM vol. 1, chapter 9; vol. 2, each
 * instruction): packed bytes, words and doublewords in a 64-bit value.
 * The front end (translate-mmx.c) moves the registers and memory
 * operands and does the plain logic ops in IR; everything lane-wise is
 * here, one pure helper keyed by the register form's opcode byte.
 */
#include "translate.h"

/* Lane i of v, lanes of bits width, zero- or sign-extended. */
static uint64_t lane(uint64_t v, int bits, int i)
{
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;

    return (v >> (i * bits)) & mask;
}

static int64_t lane_s(uint64_t v, int bits, int i)
{
    uint64_t x = lane(v, bits, i), sign = 1ull << (bits - 1);

    return (int64_t)((x ^ sign) - sign);
}

static uint64_t put(uint64_t r, int bits, int i, uint64_t x)
{
    return r | (lane(x, bits, 0) << (i * bits));
}

/* Saturation to a signed or unsigned field of bits width. */
static uint64_t sat_s(int64_t x, int bits)
{
    int64_t max = (1ll << (bits - 1)) - 1, min = -max - 1;

    return (uint64_t)(x > max ? max : x < min ? min : x);
}

static uint64_t sat_u(int64_t x, int bits)
{
    int64_t max = (1ll << bits) - 1;

    return (uint64_t)(x > max ? max : x < 0 ? 0 : x);
}

/* PUNPCKL* (high = false) and PUNPCKH*: a's and b's lanes alternate. */
static uint64_t unpack(uint64_t a, uint64_t b, int bits, bool high)
{
    int n = 64 / bits / 2, base = high ? n : 0;
    uint64_t r = 0;

    for (int i = 0; i < n; i++) {
        r = put(r, bits, 2 * i, lane(a, bits, base + i));
        r = put(r, bits, 2 * i + 1, lane(b, bits, base + i));
    }
    return r;
}

/* PACKSSWB, PACKSSDW, PACKUSWB: a's lanes low, b's high, narrowed. */
static uint64_t pack(uint64_t a, uint64_t b, int bits, bool is_unsigned)
{
    int n = 64 / bits, half = bits / 2;
    uint64_t r = 0;

    for (int i = 0; i < 2 * n; i++) {
        int64_t x = lane_s(i < n ? a : b, bits, i % n);
        r = put(r, half, i, is_unsigned ? sat_u(x, half) : sat_s(x, half));
    }
    return r;
}

typedef enum {
    ADD,
    ADD_SS, /* signed saturation */
    ADD_US, /* unsigned saturation */
    SUB,
    SUB_SS,
    SUB_US,
    CMPEQ,
    CMPGT,
    MULL,
    MULH,
} LaneOp;

static uint64_t lanewise(uint64_t a, uint64_t b, int bits, LaneOp op)
{
    uint64_t r = 0, ones = lane(~0ull, bits, 0);

    for (int i = 0; i < 64 / bits; i++) {
        int64_t sa = lane_s(a, bits, i), sb = lane_s(b, bits, i);
        int64_t ua = (int64_t)lane(a, bits, i), ub = (int64_t)lane(b, bits, i);
        uint64_t x;

        switch (op) {
        case ADD:
            x = (uint64_t)(ua + ub);
            break;
        case ADD_SS:
            x = sat_s(sa + sb, bits);
            break;
        case ADD_US:
            x = sat_u(ua + ub, bits);
            break;
        case SUB:
            x = (uint64_t)(ua - ub);
            break;
        case SUB_SS:
            x = sat_s(sa - sb, bits);
            break;
        case SUB_US:
            x = sat_u(ua - ub, bits);
            break;
        case CMPEQ:
            x = ua == ub ? ones : 0;
            break;
        case CMPGT:
            x = sa > sb ? ones : 0;
            break;
        case MULL:
            x = (uint64_t)(sa * sb);
            break;
        default: /* MULH: the high half of the signed product */
            x = (uint64_t)((sa * sb) >> bits);
            break;
        }
        r = put(r, bits, i, x);
    }
    return r;
}

/* PMADDWD: each dword is the sum of two adjacent signed word products. */
static uint64_t pmaddwd(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 0; i < 2; i++) {
        int64_t p = lane_s(a, 16, 2 * i) * lane_s(b, 16, 2 * i) +
                    lane_s(a, 16, 2 * i + 1) * lane_s(b, 16, 2 * i + 1);
        /* 2 * 0x8000 * 0x8000 wraps to 0x80000000, as the SDM says */
        r = put(r, 32, i, (uint64_t)p);
    }
    return r;
}

/*
 * PSLL/PSRL/PSRA: the count is the whole 64-bit operand; a count past
 * the lane width clears the lane (logical) or fills it with the sign.
 */
static uint64_t shift(uint64_t a, uint64_t count, int bits, int kind)
{
    uint64_t r = 0;

    for (int i = 0; i < 64 / bits; i++) {
        uint64_t x;

        if (kind == 2) { /* PSRA */
            int n = count > (uint64_t)bits - 1 ? bits - 1 : (int)count;
            x = (uint64_t)(lane_s(a, bits, i) >> n);
        } else if (count > (uint64_t)bits - 1) {
            x = 0;
        } else if (kind == 0) { /* PSRL */
            x = lane(a, bits, i) >> count;
        } else { /* PSLL */
            x = lane(a, bits, i) << count;
        }
        r = put(r, bits, i, x);
    }
    return r;
}

uint64_t helper_mmx_op(uint64_t op, uint64_t a, uint64_t b)
{
    switch (op) {
    case 0x60 ... 0x62:
        return unpack(a, b, 8 << (op - 0x60), false);
    case 0x68 ... 0x6a:
        return unpack(a, b, 8 << (op - 0x68), true);
    case 0x63:
        return pack(a, b, 16, false);
    case 0x6b:
        return pack(a, b, 32, false);
    case 0x67:
        return pack(a, b, 16, true);
    case 0x64 ... 0x66:
        return lanewise(a, b, 8 << (op - 0x64), CMPGT);
    case 0x74 ... 0x76:
        return lanewise(a, b, 8 << (op - 0x74), CMPEQ);
    case 0xd1 ... 0xd3:
        return shift(a, b, 16 << (op - 0xd1), 0);
    case 0xe1 ... 0xe2:
        return shift(a, b, 16 << (op - 0xe1), 2);
    case 0xf1 ... 0xf3:
        return shift(a, b, 16 << (op - 0xf1), 1);
    case 0xd5:
        return lanewise(a, b, 16, MULL);
    case 0xe5:
        return lanewise(a, b, 16, MULH);
    case 0xf5:
        return pmaddwd(a, b);
    case 0xd8 ... 0xd9:
        return lanewise(a, b, 8 << (op - 0xd8), SUB_US);
    case 0xdc ... 0xdd:
        return lanewise(a, b, 8 << (op - 0xdc), ADD_US);
    case 0xe8 ... 0xe9:
        return lanewise(a, b, 8 << (op - 0xe8), SUB_SS);
    case 0xec ... 0xed:
        return lanewise(a, b, 8 << (op - 0xec), ADD_SS);
    case 0xf8 ... 0xfa:
        return lanewise(a, b, 8 << (op - 0xf8), SUB);
    case 0xfc ... 0xfe:
        return lanewise(a, b, 8 << (op - 0xfc), ADD);
    default:
        g_assert_not_reached(); /* the front end passes only these */
    }
}

const TCGHelperInfo helper_info_mmx_op = {
    .func = (void (*)(void))helper_mmx_op,
    .name = "mmx_op",
    .flags = TCG_CALL_PURE,
    .nb_args = 3,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
};
