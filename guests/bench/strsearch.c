/*
 * String search: Boyer-Moore-Horspool (Horspool 1980: shift by the
 * text byte under the pattern's last position) over size bytes of text
 * from a 4-letter alphabet, so that partial matches are common.  Each
 * round searches for 16 patterns of 4 to 19 bytes, most cut from the
 * text itself, counting every occurrence (overlapping ones too); the
 * counts and the first positions go into the checksum.
 */
#include "bench.h"

#define TEXT_MAX (4u << 20)
#define PATTERNS 16
#define PATTERN_MAX 20

static uint8_t text[TEXT_MAX];

static uint32_t horspool(const uint8_t *t, uint32_t n, const uint8_t *p,
                         uint32_t m, uint32_t *first)
{
    uint32_t shift[256], count = 0;

    *first = 0xffffffffu;
    if (m == 0 || m > n) {
        return 0;
    }
    for (uint32_t c = 0; c < 256; c++) {
        shift[c] = m;
    }
    for (uint32_t i = 0; i + 1 < m; i++) {
        shift[p[i]] = m - 1 - i;
    }
    for (uint32_t pos = 0; pos + m <= n; pos += shift[t[pos + m - 1]]) {
        uint32_t i = m;

        /* Compare from the right, as the shift was taken there. */
        while (i > 0 && t[pos + i - 1] == p[i - 1]) {
            i--;
        }
        if (i == 0) {
            if (!count) {
                *first = pos;
            }
            count++;
        }
    }
    return count;
}

uint32_t bench_strsearch(uint32_t size, uint32_t reps)
{
    uint32_t s = 0x7e47u, h = 0;

    for (uint32_t i = 0; i < size; i++) {
        text[i] = (uint8_t) "acgt"[bench_rand(&s) >> 30];
    }
    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t ps = bench_seed(0x9a77u, rep);

        for (int k = 0; k < PATTERNS; k++) {
            uint8_t pat[PATTERN_MAX];
            uint32_t m = 4 + (bench_rand(&ps) & 15), first, count;

            if (m > size) {
                m = size;
            }
            if (k % 4 == 3 || size == m) {
                /* Random: mostly absent, exercises the mismatch path. */
                for (uint32_t i = 0; i < m; i++) {
                    pat[i] = (uint8_t) "acgt"[bench_rand(&ps) >> 30];
                }
            } else {
                uint32_t at = bench_rand(&ps) % (size - m);

                for (uint32_t i = 0; i < m; i++) {
                    pat[i] = text[at + i];
                }
            }
            count = horspool(text, size, pat, m, &first);
            h = bench_mix(bench_mix(h, count), first);
        }
    }
    return h;
}
