/*
 * The benchmarks built for the host, the reference for the guest's
 * checksums:
 *
 *     host-check NAME SIZE REPS   bench: NAME checksum 0x... iterations REPS
 *     host-check --list           NAME DEFAULT_SIZE MAX_SIZE, one a line
 *     host-check --self-test      known answers of the textbook algorithms
 *
 * Exit status 0, or 2 for bad arguments, 1 for a failed self-test.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int self_test(void)
{
    static const struct {
        uint32_t n, count, sum;
    } sieves[] = {
        {100, 25, 1060},               /* pi(100), and the primes' sum */
        {1000000, 78498, 0xbe2da9e7u}, /* 37550402023 mod 2^32 */
    };
    int failed = 0;
    uint32_t got;

    /* The CRC-32 check value (Williams, "A painless guide to CRC"). */
    got = crc32_ieee((const uint8_t *)"123456789", 9);
    if (got != 0xcbf43926u) {
        printf("FAIL: crc32(\"123456789\") = 0x%08" PRIx32 "\n", got);
        failed = 1;
    }
    for (size_t i = 0; i < sizeof(sieves) / sizeof(sieves[0]); i++) {
        uint32_t want = bench_mix(bench_mix(0, sieves[i].count), sieves[i].sum);

        got = bench_sieve(sieves[i].n, 1);
        if (got != want) {
            printf("FAIL: sieve %" PRIu32 ": checksum 0x%08" PRIx32
                   ", want 0x%08" PRIx32 "\n",
                   sieves[i].n, got, want);
            failed = 1;
        }
    }
    printf("%s\n", failed ? "self-test failed" : "self-test passed");
    return failed;
}

static int list(void)
{
    for (const BenchInfo *b = bench_table; b->name; b++) {
        printf("%s %" PRIu32 " %" PRIu32 "\n", b->name, b->default_size,
               b->max_size);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const BenchInfo *b;
    unsigned long size, reps;
    char *end1, *end2;

    if (argc == 2 && !strcmp(argv[1], "--self-test")) {
        return self_test();
    }
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        return list();
    }
    if (argc != 4) {
        fprintf(stderr, "usage: host-check NAME SIZE REPS | --list | "
                        "--self-test\n");
        return 2;
    }
    b = bench_find(argv[1]);
    size = strtoul(argv[2], &end1, 10);
    reps = strtoul(argv[3], &end2, 10);
    if (!b || *end1 || *end2 || !size || size > b->max_size || !reps ||
        reps > 0xffffffffu) {
        fprintf(stderr, "host-check: cannot run %s size %s reps %s\n", argv[1],
                argv[2], argv[3]);
        list();
        return 2;
    }
    printf("bench: %s checksum 0x%08" PRIx32 " iterations %lu\n", b->name,
           b->run((uint32_t)size, (uint32_t)reps), reps);
    return 0;
}
