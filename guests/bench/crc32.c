/*
 * CRC-32 as in IEEE 802.3 (and zlib, PNG): reflected polynomial
 * 0xEDB88320, register preset to all ones, result inverted; one table
 * lookup per byte.  Each round runs over size bytes of xorshift data,
 * the round's seed different each time.
 */
#include "bench.h"

#define CRC_MAX (4u << 20)

static uint8_t crc_buf[CRC_MAX];
static uint32_t crc_table[256];

static void crc32_init_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;

        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[n] = c;
    }
}

uint32_t crc32_ieee(const uint8_t *buf, uint32_t len)
{
    uint32_t c = 0xffffffffu;

    if (!crc_table[1]) {
        crc32_init_table();
    }
    for (uint32_t i = 0; i < len; i++) {
        c = crc_table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
    }
    return c ^ 0xffffffffu;
}

uint32_t bench_crc32(uint32_t size, uint32_t reps)
{
    uint32_t h = 0;

    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t s = bench_seed(0xc3c32u, rep);

        for (uint32_t i = 0; i < size; i++) {
            crc_buf[i] = (uint8_t)(bench_rand(&s) >> 24);
        }
        h = bench_mix(h, crc32_ieee(crc_buf, size));
    }
    return h;
}
