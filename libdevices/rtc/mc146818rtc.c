/*
 * mc146818rtc: the Motorola MC146818A real-time clock plus RAM, as the
 * PC/AT wires it (ports 0x70/0x71, IRQ 8), with QEMU 7.2's type name,
 * properties and the behaviour observed through qtest where the data
 * sheet leaves room.  Data sheet: "MC146818A Real-Time Clock Plus RAM
 * (RTC)", Motorola (registers A-D, update cycle, interrupts, divider).
 *
 * Time keeping is lazy: the device keeps the time (rtc_secs) and the
 * instant of the last update (tick_clock) on the -rtc clock, and brings
 * registers and flags up to date (rtc_sync) when the guest looks, when
 * its configuration changes, or when a timer it armed because an
 * interrupt is due fires.  So nothing runs while no interrupt is
 * enabled, and under the qtest accelerator with -rtc clock=vm the clock
 * moves only with clock_step.
 *
 * The time base is the PC's 32.768 kHz crystal whatever DV2-0 say, as
 * in QEMU; the update cycle itself takes no time (the registers change
 * at once, 244 us after UIP rose).
 */
#include <inttypes.h>

#include "devices/mc146818rtc.h"
#include "devices/rtc.h"
#include "machine/qdev-properties.h"
#include "rtc-time.h"
#include "util/log.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(MC146818RtcState, MC146818_RTC)

/* ---- Registers (data sheet, "Address Map") ---- */

#define RTC_SECONDS 0x00
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES 0x02
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS 0x04
#define RTC_HOURS_ALARM 0x05
#define RTC_DAY_OF_WEEK 0x06
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d
/* The PC's shutdown status byte: firmware's, cleared at reset (below). */
#define RTC_SHUTDOWN_STATUS 0x0f
/* The IBM century byte, and the PS/2's copy of it (QEMU keeps both). */
#define RTC_CENTURY 0x32
#define RTC_PS2_CENTURY 0x37

#define REG_A_UIP 0x80
#define REG_A_DV 0x70
#define REG_A_RS 0x0f
/* DV2-0 = 11x holds the divider chain in reset. */
#define REG_A_DV_RESET 0x60

#define REG_B_SET 0x80
#define REG_B_PIE 0x40
#define REG_B_AIE 0x20
#define REG_B_UIE 0x10
#define REG_B_SQWE 0x08
#define REG_B_DM 0x04
#define REG_B_24H 0x02
#define REG_B_DSE 0x01

#define REG_C_IRQF 0x80
#define REG_C_PF 0x40
#define REG_C_AF 0x20
#define REG_C_UF 0x10
/* PF, AF and UF sit at the same bits as PIE, AIE and UIE in B. */
#define REG_C_FLAGS (REG_C_PF | REG_C_AF | REG_C_UF)

#define REG_D_VRT 0x80

/* Alarm bytes with both top bits set match every value. */
#define ALARM_DONT_CARE 0xc0

/* Power-on values (data sheet; QEMU's too): 32.768 kHz, 1024 Hz, 24 h. */
#define REG_A_INIT 0x26
#define REG_B_INIT REG_B_24H

#define RTC_IO_SIZE 2
#define ISA_IO_SPACE_SIZE 0x10000

/* ---- Time base ---- */

#define RTC_CRYSTAL_HZ 32768
/* UIP rises this many crystal cycles (244.1 us) before the update. */
#define RTC_UIP_CYCLES 8
/* The divider chain restarts half a second before its next update. */
#define RTC_DIVIDER_RELEASE_NS (NANOSECONDS_PER_SECOND / 2)
#define RTC_NEVER INT64_MAX
/* slew catches up at most this long a stretch of missed ticks. */
#define RTC_SLEW_MAX_SECS 60

struct MC146818RtcState {
    ISADevice parent_obj;

    /* Properties. */
    int32_t base_year;
    uint16_t io_base;
    uint8_t isairq;
    LostTickPolicy lost_tick_policy;

    MemoryRegion io;
    MemoryRegion coalesced_io; /* "rtc-index": the index port, as QEMU */
    qemu_irq irq;
    bool irq_level; /* what irq was last set to */
    QEMUTimer timer;
    QEMUClockType clock;

    uint8_t cmos_data[MC146818_CMOS_SIZE];
    uint8_t cmos_index;
    bool nmi_masked;

    /*
     * While the clock runs (divider out of reset, SET clear) the time
     * registers show rtc_secs; otherwise they hold what the guest wrote,
     * and rtc_secs is loaded from them when the clock runs again.
     */
    int64_t rtc_secs;   /* the time, seconds since 1970 (read as UTC) */
    int64_t tick_clock; /* the last update's instant, ns on clock */
    int64_t last_sync;  /* flags and registers are up to date to here */
    /* Periodic interrupts missed while one was pending (slew). */
    uint32_t irq_coalesced;
};

/* ---- Number formats ---- */

static bool rtc_binary(const MC146818RtcState *s)
{
    return s->cmos_data[RTC_REG_B] & REG_B_DM;
}

static uint8_t rtc_to_reg(const MC146818RtcState *s, int v)
{
    return rtc_binary(s) ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

/* BCD digits above 9 count as their value, as the counters would. */
static int rtc_from_reg(const MC146818RtcState *s, uint8_t r)
{
    return rtc_binary(s) ? r : (r >> 4) * 10 + (r & 0x0f);
}

/* 12-hour mode: 1-12 with bit 7 for PM (data sheet, Table 3). */
static uint8_t rtc_hour_to_reg(const MC146818RtcState *s, int hour)
{
    int h12 = hour % 12 ? hour % 12 : 12;

    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        return rtc_to_reg(s, hour);
    }
    return rtc_to_reg(s, h12) | (hour >= 12 ? 0x80 : 0);
}

/* 12 AM is midnight, 12 PM noon; "0" reads as 12, as QEMU takes it. */
static int rtc_hour_from_reg(const MC146818RtcState *s, uint8_t r)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        return rtc_from_reg(s, r);
    }
    return rtc_from_reg(s, r & 0x7f) % 12 + (r & 0x80 ? 12 : 0);
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t m = a % b;

    return m < 0 ? m + b : m;
}

/* The time registers from rtc_secs, in the current format. */
static void rtc_encode_time(MC146818RtcState *s)
{
    uint8_t *r = s->cmos_data;
    int64_t year;
    struct tm tm;

    rtc_secs_to_tm(s->rtc_secs, &tm);
    r[RTC_SECONDS] = rtc_to_reg(s, tm.tm_sec);
    r[RTC_MINUTES] = rtc_to_reg(s, tm.tm_min);
    r[RTC_HOURS] = rtc_hour_to_reg(s, tm.tm_hour);
    r[RTC_DAY_OF_WEEK] = rtc_to_reg(s, tm.tm_wday + 1);
    r[RTC_DAY_OF_MONTH] = rtc_to_reg(s, tm.tm_mday);
    r[RTC_MONTH] = rtc_to_reg(s, tm.tm_mon + 1);
    /* QEMU's split: the year and century count from base_year. */
    year = (int64_t)tm.tm_year + 1900 - s->base_year;
    r[RTC_YEAR] = rtc_to_reg(s, (int)floor_mod(year, 100));
    r[RTC_CENTURY] =
        rtc_to_reg(s, (int)floor_mod((year - floor_mod(year, 100)) / 100, 100));
    r[RTC_PS2_CENTURY] = r[RTC_CENTURY];
}

/*
 * The time the registers show, values out of range carried over (a
 * 25th hour is 1:00 the next day) as QEMU does; the day of the week is
 * recomputed from the date.
 */
static int64_t rtc_decode_time(const MC146818RtcState *s)
{
    const uint8_t *r = s->cmos_data;
    struct tm tm = {
        .tm_sec = rtc_from_reg(s, r[RTC_SECONDS]),
        .tm_min = rtc_from_reg(s, r[RTC_MINUTES]),
        .tm_hour = rtc_hour_from_reg(s, r[RTC_HOURS]),
        .tm_mday = rtc_from_reg(s, r[RTC_DAY_OF_MONTH]),
        .tm_mon = rtc_from_reg(s, r[RTC_MONTH]) - 1,
        .tm_year = s->base_year + rtc_from_reg(s, r[RTC_CENTURY]) * 100 +
                   rtc_from_reg(s, r[RTC_YEAR]) - 1900,
    };

    return rtc_tm_to_secs(&tm);
}

/* ---- The divider chain ---- */

static bool rtc_divider_running(const MC146818RtcState *s)
{
    return (s->cmos_data[RTC_REG_A] & REG_A_DV_RESET) != REG_A_DV_RESET;
}

/* The time registers follow rtc_secs: divider running, SET clear. */
static bool rtc_clock_running(const MC146818RtcState *s)
{
    return rtc_divider_running(s) && !(s->cmos_data[RTC_REG_B] & REG_B_SET);
}

/* Crystal cycles in ns nanoseconds (ns >= 0), rounded down. */
static int64_t rtc_ns_to_cycles(int64_t ns)
{
    return (int64_t)((__int128)ns * RTC_CRYSTAL_HZ / NANOSECONDS_PER_SECOND);
}

/* The first ns at which cycles crystal cycles have passed. */
static int64_t rtc_cycles_to_ns(int64_t cycles)
{
    return (int64_t)(((__int128)cycles * NANOSECONDS_PER_SECOND +
                      RTC_CRYSTAL_HZ - 1) /
                     RTC_CRYSTAL_HZ);
}

/*
 * The periodic interrupt's period in crystal cycles for RS3-0 (data
 * sheet, Table 5, 32.768 kHz column): 1 and 2 give 256 and 128 Hz, 3-15
 * 8192 Hz down to 2 Hz; 0 none.
 */
static int64_t rtc_periodic_cycles(const MC146818RtcState *s)
{
    int rs = s->cmos_data[RTC_REG_A] & REG_A_RS;

    if (rs == 0) {
        return 0;
    }
    return rs <= 2 ? (int64_t)1 << (rs + 6) : (int64_t)1 << (rs - 1);
}

/* ---- Alarm ---- */

/* An alarm byte as a value, -1 for "any", -2 for one that never matches. */
static int rtc_alarm_field(const MC146818RtcState *s, int reg, int limit)
{
    uint8_t r = s->cmos_data[reg];
    int v;

    if ((r & ALARM_DONT_CARE) == ALARM_DONT_CARE) {
        return -1;
    }
    v = reg == RTC_HOURS_ALARM ? rtc_hour_from_reg(s, r) : rtc_from_reg(s, r);
    return v < limit ? v : -2;
}

/*
 * The first time after t (seconds) whose hours, minutes and seconds
 * match the alarm bytes, or RTC_NEVER: at most one day ahead.
 */
static int64_t rtc_next_alarm(const MC146818RtcState *s, int64_t t)
{
    int as = rtc_alarm_field(s, RTC_SECONDS_ALARM, 60);
    int am = rtc_alarm_field(s, RTC_MINUTES_ALARM, 60);
    int ah = rtc_alarm_field(s, RTC_HOURS_ALARM, 24);
    int64_t day = (t - floor_mod(t, RTC_SECS_PER_DAY));
    int d, h, m;

    if (as == -2 || am == -2 || ah == -2) {
        return RTC_NEVER;
    }
    for (d = 0; d < 2; d++) {
        for (h = 0; h < 24; h++) {
            if (ah >= 0 && h != ah) {
                continue;
            }
            for (m = 0; m < 60; m++) {
                int64_t minute =
                    day + (int64_t)d * RTC_SECS_PER_DAY + h * 3600 + m * 60;

                if (am >= 0 && m != am) {
                    continue;
                }
                if (as >= 0 && minute + as > t) {
                    return minute + as;
                }
                if (as < 0 && minute + 59 > t) {
                    return MAX(minute, t + 1);
                }
            }
        }
    }
    return RTC_NEVER;
}

/* ---- Keeping time ---- */

/* The guest's time changed: tell the program (QEMU's RTC_CHANGE). */
static void rtc_time_set(MC146818RtcState *s)
{
    struct tm tm;

    rtc_secs_to_tm(s->rtc_secs, &tm);
    rtc_change_notify(OBJECT(s), qemu_timedate_diff(&tm));
}

/* Load the time from the registers, as they are when the clock runs. */
static void rtc_load_time(MC146818RtcState *s)
{
    s->rtc_secs = rtc_decode_time(s);
    rtc_encode_time(s);
    rtc_time_set(s);
}

/* n periodic interrupts happened (data sheet: PF is set whatever PIE). */
static void rtc_periodic_ticks(MC146818RtcState *s, int64_t n)
{
    uint8_t *c = &s->cmos_data[RTC_REG_C];

    if ((s->cmos_data[RTC_REG_B] & REG_B_PIE) &&
        s->lost_tick_policy == LOST_TICK_POLICY_SLEW) {
        /* Those the guest could not see: one is pending already. */
        int64_t lost = (*c & REG_C_PF) ? n : n - 1;
        int64_t cap =
            RTC_SLEW_MAX_SECS * RTC_CRYSTAL_HZ / rtc_periodic_cycles(s);

        s->irq_coalesced = (uint32_t)MIN(s->irq_coalesced + lost, cap);
    }
    *c |= REG_C_PF;
}

/*
 * Bring the time, the time registers and the flags of register C up to
 * the clock's present: the periodic interrupts and the updates (with
 * their alarm checks) between last_sync and now.  Every change of the
 * divider, SET or the time first syncs, so each stretch is uniform.
 */
static void rtc_sync(MC146818RtcState *s)
{
    int64_t now = qemu_clock_get_ns(s->clock);
    int64_t from, to, period, updates;

    if (now <= s->last_sync) {
        return;
    }
    if (rtc_divider_running(s)) {
        /* Both >= 0, and from < 1 s: tick_clock is the last update. */
        from = s->last_sync - s->tick_clock;
        to = now - s->tick_clock;
        period = rtc_periodic_cycles(s);
        if (period) {
            int64_t n =
                rtc_ns_to_cycles(to) / period - rtc_ns_to_cycles(from) / period;

            if (n > 0) {
                rtc_periodic_ticks(s, n);
            }
        }
        updates = to / NANOSECONDS_PER_SECOND;
        if (updates > 0) {
            s->tick_clock += updates * NANOSECONDS_PER_SECOND;
            /* SET inhibits the updates, not the divider (data sheet). */
            if (!(s->cmos_data[RTC_REG_B] & REG_B_SET)) {
                int64_t before = s->rtc_secs;

                s->rtc_secs += updates;
                s->cmos_data[RTC_REG_C] |= REG_C_UF;
                if (rtc_next_alarm(s, before) <= s->rtc_secs) {
                    s->cmos_data[RTC_REG_C] |= REG_C_AF;
                }
                rtc_encode_time(s);
            }
        }
    }
    s->last_sync = now;
}

/* IRQF = PF.PIE + AF.AIE + UF.UIE, and the IRQ line with it. */
static void rtc_update_irq(MC146818RtcState *s)
{
    uint8_t *c = &s->cmos_data[RTC_REG_C];
    bool level = *c & s->cmos_data[RTC_REG_B] & REG_C_FLAGS;

    *c = level ? *c | REG_C_IRQF : *c & ~REG_C_IRQF;
    if (level != s->irq_level) {
        s->irq_level = level;
        qemu_set_irq(s->irq, level);
    }
}

/*
 * Arm the timer for the next flag that would raise the IRQ, if any: a
 * flag already set needs no timer (it stays until register C is read).
 * Call after rtc_sync.
 */
static void rtc_rearm(MC146818RtcState *s)
{
    uint8_t b = s->cmos_data[RTC_REG_B];
    uint8_t c = s->cmos_data[RTC_REG_C];
    int64_t period = rtc_periodic_cycles(s);
    int64_t next = RTC_NEVER;

    if (rtc_divider_running(s) && (b & REG_B_PIE) && !(c & REG_C_PF) &&
        period) {
        int64_t k = rtc_ns_to_cycles(s->last_sync - s->tick_clock) / period + 1;

        next = s->tick_clock + rtc_cycles_to_ns(k * period);
    }
    if (rtc_clock_running(s)) {
        if ((b & REG_B_UIE) && !(c & REG_C_UF)) {
            next = MIN(next, s->tick_clock + NANOSECONDS_PER_SECOND);
        }
        if ((b & REG_B_AIE) && !(c & REG_C_AF)) {
            int64_t alarm = rtc_next_alarm(s, s->rtc_secs);

            if (alarm != RTC_NEVER) {
                next = MIN(next, s->tick_clock + (alarm - s->rtc_secs) *
                                                     NANOSECONDS_PER_SECOND);
            }
        }
    }
    if (next == RTC_NEVER) {
        timer_del(&s->timer);
    } else {
        timer_mod_ns(&s->timer, next);
    }
}

static void rtc_timer_cb(void *opaque)
{
    MC146818RtcState *s = opaque;

    rtc_sync(s);
    rtc_update_irq(s);
    rtc_rearm(s);
}

/* UIP: the update is at most 244 us away (data sheet, Table 6). */
static bool rtc_update_in_progress(const MC146818RtcState *s)
{
    if (!rtc_clock_running(s)) {
        return false;
    }
    return rtc_ns_to_cycles(s->last_sync - s->tick_clock) >=
           RTC_CRYSTAL_HZ - RTC_UIP_CYCLES;
}

/* ---- Register access ---- */

static uint8_t rtc_read_reg_c(MC146818RtcState *s)
{
    uint8_t val = s->cmos_data[RTC_REG_C];

    /* Reading C clears every flag and so the IRQ (data sheet). */
    s->cmos_data[RTC_REG_C] = 0;
    rtc_update_irq(s);
    if ((val & REG_C_PF) && s->irq_coalesced &&
        (s->cmos_data[RTC_REG_B] & REG_B_PIE)) {
        /* slew: deliver a missed tick now, as a new edge. */
        s->irq_coalesced--;
        s->cmos_data[RTC_REG_C] = REG_C_PF;
        rtc_update_irq(s);
    }
    return val;
}

static uint8_t cmos_read_data(MC146818RtcState *s)
{
    uint8_t index = s->cmos_index;
    uint8_t val;

    rtc_sync(s);
    switch (index) {
    case RTC_REG_A:
        val = s->cmos_data[RTC_REG_A];
        if (rtc_update_in_progress(s)) {
            val |= REG_A_UIP;
        }
        break;
    case RTC_REG_C:
        val = rtc_read_reg_c(s);
        break;
    default:
        val = s->cmos_data[index];
        break;
    }
    rtc_update_irq(s);
    rtc_rearm(s);
    return val;
}

static void rtc_write_reg_a(MC146818RtcState *s, uint8_t data)
{
    bool was_running = rtc_divider_running(s);
    uint8_t old = s->cmos_data[RTC_REG_A];

    /* UIP is read-only. */
    s->cmos_data[RTC_REG_A] = data & ~REG_A_UIP;
    if (!was_running && rtc_divider_running(s)) {
        /* Data sheet: the first update comes half a second later. */
        s->tick_clock = s->last_sync - RTC_DIVIDER_RELEASE_NS;
        if (rtc_clock_running(s)) {
            rtc_load_time(s);
        }
    }
    if ((old ^ data) & REG_A_RS) {
        s->irq_coalesced = 0;
    }
}

static void rtc_write_reg_b(MC146818RtcState *s, uint8_t data)
{
    uint8_t old = s->cmos_data[RTC_REG_B];

    /* Data sheet: setting SET clears UIE (QEMU: any write with SET). */
    if (data & REG_B_SET) {
        data &= ~REG_B_UIE;
    }
    if (data & REG_B_DSE && !(old & REG_B_DSE)) {
        qemu_log_mask(LOG_UNIMP, "mc146818rtc: daylight saving (DSE) is "
                                 "not implemented, the bit is only kept\n");
    }
    s->cmos_data[RTC_REG_B] = data;
    if ((old & REG_B_SET) && !(data & REG_B_SET) && rtc_divider_running(s)) {
        /* The guest has set the time: it runs from the registers. */
        rtc_load_time(s);
    } else if (rtc_clock_running(s) &&
               ((old ^ data) & (REG_B_DM | REG_B_24H))) {
        /* QEMU shows the running time in the new format at once. */
        rtc_encode_time(s);
    }
    if (!(data & REG_B_PIE)) {
        s->irq_coalesced = 0;
    }
}

static void cmos_write_data(MC146818RtcState *s, uint8_t data)
{
    uint8_t index = s->cmos_index;

    rtc_sync(s);
    switch (index) {
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_CENTURY:
    case RTC_PS2_CENTURY:
        /* QEMU keeps the PS/2 century byte as a copy of 0x32. */
        if (index == RTC_PS2_CENTURY || index == RTC_CENTURY) {
            s->cmos_data[RTC_CENTURY] = data;
            s->cmos_data[RTC_PS2_CENTURY] = data;
        } else {
            s->cmos_data[index] = data;
        }
        /* With the clock running a write sets the time at once. */
        if (rtc_clock_running(s)) {
            rtc_load_time(s);
        }
        break;
    case RTC_REG_A:
        rtc_write_reg_a(s, data);
        break;
    case RTC_REG_B:
        rtc_write_reg_b(s, data);
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mc146818rtc: write 0x%02x to read-only register "
                      "%c ignored\n",
                      data, 'A' + index - RTC_REG_A);
        break;
    default:
        /* The alarm bytes and the RAM. */
        s->cmos_data[index] = data;
        break;
    }
    rtc_update_irq(s);
    rtc_rearm(s);
}

/*
 * Port iobase: the index (bits 6-0) and, on a PC, the NMI mask (bit 7);
 * write-only, reads give 0xff as in QEMU.  Port iobase + 1: the data.
 */
static uint64_t cmos_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    MC146818RtcState *s = opaque;

    if ((addr & 1) == 0) {
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "mc146818rtc: read of the write-only index "
                                  "port\n");
        return 0xff;
    }
    return cmos_read_data(s);
}

static void cmos_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    MC146818RtcState *s = opaque;

    if ((addr & 1) == 0) {
        s->cmos_index = val & (MC146818_CMOS_SIZE - 1);
        s->nmi_masked = val & 0x80;
        return;
    }
    cmos_write_data(s, (uint8_t)val);
}

static const MemoryRegionOps cmos_ops = {
    .read = cmos_ioport_read,
    .write = cmos_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- Board interface ---- */

void rtc_set_memory(ISADevice *dev, int addr, int val)
{
    MC146818RtcState *s = MC146818_RTC(dev);

    g_assert(addr >= 0 && addr < MC146818_CMOS_SIZE);
    s->cmos_data[addr] = (uint8_t)val;
}

int rtc_get_memory(ISADevice *dev, int addr)
{
    MC146818RtcState *s = MC146818_RTC(dev);

    g_assert(addr >= 0 && addr < MC146818_CMOS_SIZE);
    return s->cmos_data[addr];
}

bool rtc_nmi_masked(ISADevice *dev)
{
    return MC146818_RTC(dev)->nmi_masked;
}

ISADevice *mc146818_rtc_init(ISABus *bus, int base_year, qemu_irq intercept_irq,
                             Error **errp)
{
    ISADevice *dev = isa_new(TYPE_MC146818_RTC);

    qdev_prop_set_int32(DEVICE(dev), "base_year", base_year);
    if (!isa_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    if (intercept_irq) {
        qdev_connect_gpio_out(DEVICE(dev), 0, intercept_irq);
    }
    return dev;
}

/* ---- Device ---- */

/*
 * RESET (data sheet): PIE, AIE, UIE, SQWE and the flags of C clear;
 * the time, registers A and D, SET, DM, 24/12, DSE and the RAM stay.
 * As in QEMU, the shutdown status byte is cleared unless it holds 0xfe,
 * the mark of a guest resuming from S3.  The index and NMI mask come
 * back to 0 (a fresh machine's).
 */
static void rtc_reset(DeviceState *dev)
{
    MC146818RtcState *s = MC146818_RTC(dev);

    rtc_sync(s);
    s->cmos_data[RTC_REG_B] &=
        ~(REG_B_PIE | REG_B_AIE | REG_B_UIE | REG_B_SQWE);
    s->cmos_data[RTC_REG_C] = 0;
    s->irq_coalesced = 0;
    if (s->cmos_data[RTC_SHUTDOWN_STATUS] != 0xfe) {
        s->cmos_data[RTC_SHUTDOWN_STATUS] = 0;
    }
    s->cmos_index = 0;
    s->nmi_masked = false;
    rtc_update_irq(s);
    rtc_rearm(s);
}

static void rtc_realize(DeviceState *dev, Error **errp)
{
    MC146818RtcState *s = MC146818_RTC(dev);
    ISADevice *isadev = ISA_DEVICE(dev);
    int64_t ns_into_second;
    struct tm tm;

    /* QEMU 7.2's messages. */
    if (s->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "Maximum value for \"irq\" is: %d", ISA_NUM_IRQS - 1);
        return;
    }
    if (s->lost_tick_policy != LOST_TICK_POLICY_DISCARD &&
        s->lost_tick_policy != LOST_TICK_POLICY_SLEW) {
        error_setg(errp, "Invalid lost tick policy.");
        return;
    }
    if (s->io_base > ISA_IO_SPACE_SIZE - RTC_IO_SIZE) {
        error_setg(errp,
                   "iobase 0x%" PRIx16 " is out of range: the %d ports "
                   "must end by 0xffff",
                   s->io_base, RTC_IO_SIZE);
        return;
    }
    /* QEMU takes 2000 to mean 0: the century byte holds the 20. */
    if (s->base_year == 2000) {
        s->base_year = 0;
    }

    s->clock = rtc_clock_type();
    s->cmos_data[RTC_REG_A] = REG_A_INIT;
    s->cmos_data[RTC_REG_B] = REG_B_INIT;
    s->cmos_data[RTC_REG_C] = 0;
    s->cmos_data[RTC_REG_D] = REG_D_VRT;
    rtc_get_timedate_ns(&tm, &ns_into_second);
    s->rtc_secs = rtc_tm_to_secs(&tm);
    s->last_sync = qemu_clock_get_ns(s->clock);
    /* Updates come when the reference date's seconds change. */
    s->tick_clock = s->last_sync - ns_into_second;
    rtc_encode_time(s);

    /* Battery-backed: a reset keeps the CMOS and the running time. */
    qdev_declare_persistent(dev, s->cmos_data, sizeof(s->cmos_data));
    qdev_declare_persistent(dev, &s->rtc_secs,
                            sizeof(s->rtc_secs) + sizeof(s->tick_clock) +
                                sizeof(s->last_sync));
    timer_init_ns(&s->timer, s->clock, rtc_timer_cb, s);
    qdev_init_gpio_out(dev, &s->irq, 1);
    qdev_connect_gpio_out(dev, 0, isa_get_irq(isadev, s->isairq));
    memory_region_init_io(&s->io, OBJECT(dev), &cmos_ops, s, "rtc",
                          RTC_IO_SIZE);
    /* QEMU's layout (info mtree): the index port in a region of its own. */
    memory_region_init_io(&s->coalesced_io, OBJECT(dev), &cmos_ops, s,
                          "rtc-index", 1);
    memory_region_add_subregion(&s->io, 0, &s->coalesced_io);
    isa_register_ioport(isadev, &s->io, s->io_base);
}

static void rtc_unrealize(DeviceState *dev)
{
    MC146818RtcState *s = MC146818_RTC(dev);

    timer_deinit(&s->timer);
    memory_region_del_subregion(&s->io, &s->coalesced_io);
}

static void rtc_finalize(Object *obj)
{
    MC146818RtcState *s = MC146818_RTC(obj);

    /* The container first: it lets go of its subregion. */
    memory_region_destroy(&s->io);
    memory_region_destroy(&s->coalesced_io);
}

/* QEMU 7.2's list and order (-device mc146818rtc,help). */
static Property rtc_properties[] = {
    DEFINE_PROP_INT32("base_year", MC146818RtcState, base_year, 1980),
    DEFINE_PROP_UINT16("iobase", MC146818RtcState, io_base, 0x70),
    DEFINE_PROP_UINT8("irq", MC146818RtcState, isairq, 8),
    DEFINE_PROP_LOSTTICKPOLICY("lost_tick_policy", MC146818RtcState,
                               lost_tick_policy, LOST_TICK_POLICY_DISCARD),
    DEFINE_PROP_END_OF_LIST(),
};

static void rtc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = rtc_realize;
    dc->unrealize = rtc_unrealize;
    dc->reset = rtc_reset;
    device_class_set_props(dc, rtc_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo rtc_info = {
    .name = TYPE_MC146818_RTC,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(MC146818RtcState),
    .instance_finalize = rtc_finalize,
    .class_init = rtc_class_init,
};

static void rtc_register_types(void)
{
    type_register_static(&rtc_info);
}

type_init(rtc_register_types)
