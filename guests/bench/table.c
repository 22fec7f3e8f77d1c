/*
 * The benchmarks by name, with their default and largest sizes.  One
 * round at the default size takes 0.05 to 0.9 s under qemu-system-i386
 * -accel tcg on the development machine; bench/tcg-bench adds rounds
 * (reps=N) to bring each near a second.
 */
#include "bench.h"

const BenchInfo bench_table[] = {
    {"sieve", bench_sieve, 4000000, 8u << 20, "numbers"},
    {"crc32", bench_crc32, 4000000, 4u << 20, "bytes"},
    {"quicksort", bench_quicksort, 400000, 1u << 20, "words"},
    {"matmul", bench_matmul, 200, 512, "rows"},
    {"strsearch", bench_strsearch, 1000000, 4u << 20, "bytes"},
    {"bytecode", bench_bytecode, 1000000, 0xffffffffu, "iterations"},
    {"ptrchase", bench_ptrchase, 500000, 1u << 20, "nodes"},
    {"coremix", bench_coremix, 5000, 0xffffffffu, "iterations"},
    {NULL, NULL, 0, 0, NULL},
};

static int name_is(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const BenchInfo *bench_find(const char *name)
{
    for (const BenchInfo *b = bench_table; b->name; b++) {
        if (name_is(b->name, name)) {
            return b;
        }
    }
    return NULL;
}
