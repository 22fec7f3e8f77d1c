/*
 * Integer matrix multiply: C = A * B for size x size matrices of 32-bit
 * entries in [-128, 127] (products wrap modulo 2^32, as C's unsigned
 * arithmetic does everywhere), the textbook i-k-j loop order so the
 * inner loop walks rows.  Each round makes a new A; B stays.
 */
#include "bench.h"

#define MATMUL_MAX 512u

static int32_t mat_a[MATMUL_MAX * MATMUL_MAX];
static int32_t mat_b[MATMUL_MAX * MATMUL_MAX];
static int32_t mat_c[MATMUL_MAX * MATMUL_MAX];

static void fill(int32_t *m, uint32_t n, uint32_t seed)
{
    for (uint32_t i = 0; i < n * n; i++) {
        m[i] = (int32_t)(bench_rand(&seed) & 0xff) - 128;
    }
}

uint32_t bench_matmul(uint32_t size, uint32_t reps)
{
    uint32_t n = size, h = 0;

    fill(mat_b, n, 0xb0b0b0b1u);
    for (uint32_t rep = 0; rep < reps; rep++) {
        fill(mat_a, n, bench_seed(0xa0a0u, rep));
        for (uint32_t i = 0; i < n * n; i++) {
            mat_c[i] = 0;
        }
        for (uint32_t i = 0; i < n; i++) {
            int32_t *c = &mat_c[i * n];

            for (uint32_t k = 0; k < n; k++) {
                uint32_t a = (uint32_t)mat_a[i * n + k];
                const int32_t *b = &mat_b[k * n];

                for (uint32_t j = 0; j < n; j++) {
                    c[j] = (int32_t)((uint32_t)c[j] + a * (uint32_t)b[j]);
                }
            }
        }
        for (uint32_t i = 0; i < n * n; i++) {
            h = bench_mix(h, (uint32_t)mat_c[i]);
        }
    }
    return h;
}
