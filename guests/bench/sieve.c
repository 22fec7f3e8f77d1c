/*
 * Sieve of Eratosthenes: the primes up to size, one byte per number;
 * each round sieves afresh and folds the count and the sum of the
 * primes into the checksum.
 */
#include "bench.h"

#define SIEVE_MAX (8u << 20)

static uint8_t composite[SIEVE_MAX + 1];

uint32_t bench_sieve(uint32_t size, uint32_t reps)
{
    uint32_t h = 0;

    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t count = 0, sum = 0;

        for (uint32_t i = 0; i <= size; i++) {
            composite[i] = 0;
        }
        /* Multiples of p from p * p: smaller ones have a smaller factor. */
        for (uint32_t p = 2; p * p <= size; p++) {
            if (composite[p]) {
                continue;
            }
            for (uint32_t m = p * p; m <= size; m += p) {
                composite[m] = 1;
            }
        }
        for (uint32_t i = 2; i <= size; i++) {
            if (!composite[i]) {
                count++;
                sum += i;
            }
        }
        h = bench_mix(bench_mix(h, count), sum);
    }
    return h;
}
