/*
 * Pointer chase: size nodes linked into one random cycle (Sattolo's
 * algorithm: a uniformly random cyclic permutation), followed for
 * 8 * size steps per round, each load's address coming from the one
 * before, so nothing overlaps but the emulator's own work.  The values
 * met (not the addresses: the host's are 64-bit) make the checksum.
 */
#include "bench.h"

#define CHASE_MAX (1u << 20)
#define CHASE_STEPS_PER_NODE 8

typedef struct Node {
    struct Node *next;
    uint32_t value;
} Node;

static Node nodes[CHASE_MAX];
static uint32_t order[CHASE_MAX];

static void link_cycle(uint32_t n)
{
    uint32_t s = 0xc4a5e1u;

    for (uint32_t i = 0; i < n; i++) {
        order[i] = i;
    }
    /* Sattolo (1986): j < i strictly, so the permutation is one cycle. */
    for (uint32_t i = n - 1; i > 0; i--) {
        uint32_t j = bench_rand(&s) % i, t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < n; i++) {
        nodes[i].next = &nodes[order[i]];
        nodes[i].value = bench_rand(&s);
    }
}

uint32_t bench_ptrchase(uint32_t size, uint32_t reps)
{
    uint32_t h = 0;
    const Node *p = &nodes[0];

    link_cycle(size);
    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t steps = size * CHASE_STEPS_PER_NODE, sum = rep;

        for (uint32_t i = 0; i < steps; i++) {
            sum = sum * 31 + p->value;
            p = p->next;
        }
        h = bench_mix(bench_mix(h, sum), p->value);
    }
    return h;
}
