/*
 * emu's integer benchmarks: the same C source runs as a freestanding
 * i386 guest (main.c) and as a host program (host-check.c) whose
 * checksums the guest's are compared with.  Each benchmark does `reps`
 * rounds over a problem of `size` (what size counts is its own: bytes,
 * elements, rows, nodes, steps) from inputs made by bench_rand(), and
 * returns a checksum that depends on every round's result.  Nothing
 * here may depend on pointer values or widths: the host is 64-bit.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t (*BenchFn)(uint32_t size, uint32_t reps);

typedef struct BenchInfo {
    const char *name;
    BenchFn run;
    uint32_t default_size; /* a second or so under QEMU's TCG */
    uint32_t max_size;     /* what its static buffers hold */
    const char *unit;      /* what size counts */
} BenchInfo;

/* Every benchmark, in the order they are listed; NULL-terminated. */
extern const BenchInfo bench_table[];

const BenchInfo *bench_find(const char *name);

/* Marsaglia's xorshift32 ("Xorshift RNGs", 2003), shifts 13, 17, 5. */
static inline uint32_t bench_rand(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* A seed for round `rep` of a benchmark: never zero (xorshift's fixpoint). */
static inline uint32_t bench_seed(uint32_t salt, uint32_t rep)
{
    return (salt ^ (rep * 0x9e3779b9u)) | 1u;
}

/* Folds v into the running checksum h (rotate, xor, odd multiply). */
static inline uint32_t bench_mix(uint32_t h, uint32_t v)
{
    h = (h << 5 | h >> 27) ^ v;
    return h * 0x01000193u;
}

uint32_t bench_sieve(uint32_t size, uint32_t reps);
uint32_t bench_crc32(uint32_t size, uint32_t reps);
uint32_t bench_quicksort(uint32_t size, uint32_t reps);
uint32_t bench_matmul(uint32_t size, uint32_t reps);
uint32_t bench_strsearch(uint32_t size, uint32_t reps);
uint32_t bench_bytecode(uint32_t size, uint32_t reps);
uint32_t bench_ptrchase(uint32_t size, uint32_t reps);
uint32_t bench_coremix(uint32_t size, uint32_t reps);

/* CRC-32 of len bytes (exposed for host-check's known-answer test). */
uint32_t crc32_ieee(const uint8_t *buf, uint32_t len);

#endif /* BENCH_H */
