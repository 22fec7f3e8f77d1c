/*
 * The guest's clock for timing a benchmark from inside: the ACPI PM
 * timer for resolution, the RTC to count its wraps.
 */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include <stdint.h>

typedef struct BenchClock {
    uint32_t pm;      /* 24-bit PM timer count */
    uint32_t seconds; /* RTC time of day, in seconds */
} BenchClock;

void bench_clock_init(void);
BenchClock bench_clock_now(void);
/* PM timer ticks from a to b, saturating at 2^32 - 1 (20 minutes). */
uint32_t bench_clock_ticks(BenchClock a, BenchClock b);

#endif /* BENCH_CLOCK_H */
