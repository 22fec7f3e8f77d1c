/*
 * The PM timer (ACPI 1.0, 4.7.2.1: 3.579545 MHz, 24 bits here) wraps
 * every 4.69 s, too soon for a benchmark; the RTC's seconds (MC146818)
 * say how many wraps passed: their count is off by less than a second,
 * under half a wrap, so the wrap count nearest to it is the right one.
 */
#include "guest.h"
#include "clock.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_A_UIP 0x80 /* update in progress: the time may be torn */
#define RTC_B_24H 0x02
#define RTC_B_BINARY 0x04

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static uint32_t rtc_field(uint8_t v, uint8_t reg_b)
{
    return (reg_b & RTC_B_BINARY) ? v : (uint32_t)(v >> 4) * 10 + (v & 15);
}

static uint32_t rtc_seconds_once(void)
{
    uint8_t b = cmos_read(RTC_REG_B);
    uint8_t h = cmos_read(RTC_HOURS);
    uint32_t hours;

    while (cmos_read(RTC_REG_A) & RTC_A_UIP) {
        /* at most 2 ms (MC146818 datasheet: the update cycle) */
    }
    hours = rtc_field(h & 0x7f, b);
    if (!(b & RTC_B_24H)) {
        /* 12-hour mode: 12 is 0, bit 7 is PM. */
        hours = hours % 12 + ((h & 0x80) ? 12 : 0);
    }
    return (hours * 60 + rtc_field(cmos_read(RTC_MINUTES), b)) * 60 +
           rtc_field(cmos_read(RTC_SECONDS), b);
}

void bench_clock_init(void)
{
    pm_io_enable();
}

BenchClock bench_clock_now(void)
{
    BenchClock c;
    uint32_t s;

    /* Two equal readings: no update came between the fields. */
    do {
        s = rtc_seconds_once();
        c.pm = pm_timer();
        c.seconds = rtc_seconds_once();
    } while (c.seconds != s);
    return c;
}

uint32_t bench_clock_ticks(BenchClock a, BenchClock b)
{
    uint32_t pm = (b.pm - a.pm) & PM_TMR_MASK;
    uint32_t secs = b.seconds + (b.seconds < a.seconds ? 86400 : 0) - a.seconds;
    uint64_t rtc = (uint64_t)secs * PM_TMR_HZ;
    uint64_t wraps = 0, total;

    if (rtc > pm) {
        wraps = (rtc - pm + (1u << (PM_TMR_BITS - 1))) >> PM_TMR_BITS;
    }
    total = pm + (wraps << PM_TMR_BITS);
    return total > 0xffffffffu ? 0xffffffffu : (uint32_t)total;
}
