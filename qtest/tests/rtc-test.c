/*
 * The pc board's RTC/CMOS (MC146818A, QEMU's "mc146818rtc" at ports
 * 0x70/0x71, IRQ 8) through libqtest: registers A-D after power-on and
 * reset, reading the time in BCD and binary, 12- and 24-hour modes,
 * setting it (SET, or with the clock running) and the RTC_CHANGE event,
 * -rtc base=DATETIME and base=utc, the PS/2 century copy, the index
 * port, and the CMOS RAM the board fills (memory sizes, CPUs, boot
 * order), compared with qemu-system-x86_64 -M pc -nodefaults.
 *
 * With "-rtc clock=vm" the RTC keeps time on the virtual clock: emu's
 * -accel qtest moves it only with clock_step, so the update cycle, UIP,
 * the divider chain and every interrupt source (update-ended, alarm,
 * periodic at several rates, slew) are stepped exactly and seen through
 * "irq_intercept_in ioapic" (ISA IRQ 8 is input 8).  QEMU here runs
 * -accel tcg -S without clock_step: those tests skip there.  One test
 * runs on both with the host clock (-rtc clock=host, the default) and
 * real waits of about a second.
 *
 * Where emu and QEMU differ on purpose (data sheet): emu sets PF at each
 * periodic tick whatever PIE says (QEMU only with PIE or SQWE), and
 * resets the index port to 0 (QEMU keeps the last index); those checks
 * run on emu only.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_IRQ 8

#define SECONDS 0x00
#define SECONDS_ALARM 0x01
#define MINUTES 0x02
#define MINUTES_ALARM 0x03
#define HOURS 0x04
#define HOURS_ALARM 0x05
#define DAY_OF_WEEK 0x06
#define DAY_OF_MONTH 0x07
#define MONTH 0x08
#define YEAR 0x09
#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_D 0x0d
#define SHUTDOWN_STATUS 0x0f
#define CENTURY 0x32
#define PS2_CENTURY 0x37

#define A_UIP 0x80
#define A_DV_RESET 0x70
#define A_32KHZ 0x20
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_SQWE 0x08
#define B_DM 0x04
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

#define NS_PER_SEC 1000000000LL
/* UIP rises 8 cycles of 32768 Hz (244.140625 us) before the update. */
#define UIP_NS 244141

/* 2006-06-17T16:01:21 is a Saturday (day of week 7). */
#define FROZEN "-rtc base=2006-06-17T16:01:21,clock=vm"
/* 2006-06-17T16:01:21Z in seconds since the epoch. */
#define FROZEN_EPOCH 1150560081LL

static QTestState *start(const char *args)
{
    return qtest_initf("-M pc -nodefaults %s", args);
}

/* A machine whose virtual clock qtest moves (emu); skip if not. */
static QTestState *start_clocked(const char *args)
{
    QTestState *s = start(args);

    if (!qtest_probe_clock(s)) {
        qtest_quit(s);
        skip();
    }
    return s;
}

static uint8_t cmos_read(QTestState *s, uint8_t reg)
{
    qtest_outb(s, RTC_INDEX, reg);
    return qtest_inb(s, RTC_DATA);
}

static void cmos_write(QTestState *s, uint8_t reg, uint8_t val)
{
    qtest_outb(s, RTC_INDEX, reg);
    qtest_outb(s, RTC_DATA, val);
}

static int bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0x0f);
}

static void assert_time(QTestState *s, uint8_t hour, uint8_t min, uint8_t sec)
{
    assert_int_equal(cmos_read(s, HOURS), hour);
    assert_int_equal(cmos_read(s, MINUTES), min);
    assert_int_equal(cmos_read(s, SECONDS), sec);
}

static void assert_date(QTestState *s, uint8_t century, uint8_t year,
                        uint8_t month, uint8_t day, uint8_t dow)
{
    assert_int_equal(cmos_read(s, CENTURY), century);
    assert_int_equal(cmos_read(s, YEAR), year);
    assert_int_equal(cmos_read(s, MONTH), month);
    assert_int_equal(cmos_read(s, DAY_OF_MONTH), day);
    assert_int_equal(cmos_read(s, DAY_OF_WEEK), dow);
}

/* cmocka's assert_in_range is unsigned. */
static void assert_between(int64_t v, int64_t lo, int64_t hi)
{
    if (v < lo || v > hi) {
        fail_msg("%" PRId64 " is not in [%" PRId64 ", %" PRId64 "]", v, lo, hi);
    }
}

static void system_reset(QTestState *s)
{
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
}

/* ---- Registers ---- */

static void test_power_on_registers(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    /* 32.768 kHz, 1024 Hz periodic rate, 24-hour BCD, VRT. */
    assert_int_equal(cmos_read(s, REG_A), 0x26);
    assert_int_equal(cmos_read(s, REG_B), 0x02);
    assert_int_equal(cmos_read(s, REG_C), 0x00);
    assert_int_equal(cmos_read(s, REG_D), 0x80);
    /* The index port is write-only; 0x72/0x73 decode nothing. */
    assert_int_equal(qtest_inb(s, RTC_INDEX), 0xff);
    assert_int_equal(qtest_inb(s, 0x72), 0xff);
    qtest_quit(s);
}

static void test_register_writes(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    /* UIP is read-only; DV 111 holds the divider, so no UIP either. */
    cmos_write(s, REG_A, 0xff);
    assert_int_equal(cmos_read(s, REG_A), 0x7f);
    cmos_write(s, REG_A, 0x26);
    /* SET clears UIE, whatever else is written with it. */
    cmos_write(s, REG_B, 0xff);
    assert_int_equal(cmos_read(s, REG_B), 0xef);
    cmos_write(s, REG_B, 0x92);
    assert_int_equal(cmos_read(s, REG_B), 0x82);
    cmos_write(s, REG_B, 0x7e);
    assert_int_equal(cmos_read(s, REG_B), 0x7e);
    cmos_write(s, REG_B, 0x02);
    /* C and D are read-only. */
    cmos_write(s, REG_C, 0xff);
    assert_int_equal(cmos_read(s, REG_C), 0x00);
    cmos_write(s, REG_D, 0x00);
    assert_int_equal(cmos_read(s, REG_D), 0x80);
    /* Alarm bytes and RAM read back. */
    cmos_write(s, SECONDS_ALARM, 0x33);
    assert_int_equal(cmos_read(s, SECONDS_ALARM), 0x33);
    cmos_write(s, 0x7f, 0x77);
    assert_int_equal(cmos_read(s, 0x7f), 0x77);
    qtest_quit(s);
}

/* Bit 7 of the index is the PC's NMI mask, not part of the index. */
static void test_index_port(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    qtest_outb(s, RTC_INDEX, 0x80 | REG_A);
    assert_int_equal(qtest_inb(s, RTC_DATA), 0x26);
    cmos_write(s, 0x7e, 0x5a);
    qtest_outb(s, RTC_INDEX, 0xfe);
    assert_int_equal(qtest_inb(s, RTC_DATA), 0x5a);
    /* The index stays until written again. */
    assert_int_equal(qtest_inb(s, RTC_DATA), 0x5a);
    /* A word write is index then data. */
    qtest_outw(s, RTC_INDEX, 0x3510);
    assert_int_equal(cmos_read(s, 0x10), 0x35);
    qtest_quit(s);
}

/*
 * RESET clears PIE, AIE, SQWE and register C; A, the rest of B, the
 * time and the RAM stay; the shutdown status byte is cleared unless it
 * holds 0xfe (QEMU's S3 resume mark).  UIE: cleared too on emu, as the
 * data sheet's RESET does; QEMU 7.2 keeps it.
 */
static void test_reset(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    cmos_write(s, REG_A, 0x2f);
    cmos_write(s, REG_B, B_PIE | B_AIE | B_UIE | B_SQWE | B_DM | B_24H | 1);
    cmos_write(s, 0x40, 0x99);
    cmos_write(s, SHUTDOWN_STATUS, 0x05);
    system_reset(s);
    assert_int_equal(cmos_read(s, REG_A), 0x2f);
    assert_int_equal(cmos_read(s, REG_B) & ~B_UIE, B_DM | B_24H | 1);
    if (qtest_probe_clock(s)) {
        assert_int_equal(cmos_read(s, REG_B), B_DM | B_24H | 1);
    }
    assert_int_equal(cmos_read(s, REG_C), 0);
    assert_int_equal(cmos_read(s, REG_D), 0x80);
    assert_int_equal(cmos_read(s, 0x40), 0x99);
    assert_int_equal(cmos_read(s, SHUTDOWN_STATUS), 0x00);
    /* Binary mode stayed: 16:01:21. */
    assert_time(s, 16, 1, 21);
    cmos_write(s, SHUTDOWN_STATUS, 0xfe);
    system_reset(s);
    if (qtest_probe_clock(s)) {
        /* emu: the index is back to 0 (QEMU keeps 0x0f). */
        assert_int_equal(qtest_inb(s, RTC_DATA), 21);
    }
    assert_int_equal(cmos_read(s, SHUTDOWN_STATUS), 0xfe);
    qtest_quit(s);
}

/* ---- Reading the time ---- */

static void test_base_datetime(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    assert_time(s, 0x16, 0x01, 0x21);
    assert_date(s, 0x20, 0x06, 0x06, 0x17, 7);
    assert_int_equal(cmos_read(s, PS2_CENTURY), 0x20);
    qtest_quit(s);

    /* On the host clock the time runs, the date is the same. */
    s = start("-rtc base=2006-06-17T16:01:21");
    assert_date(s, 0x20, 0x06, 0x06, 0x17, 7);
    assert_int_equal(cmos_read(s, HOURS), 0x16);
    assert_int_equal(cmos_read(s, MINUTES), 0x01);
    assert_between(bcd(cmos_read(s, SECONDS)), 21, 31);
    qtest_quit(s);

    s = start("-rtc base=1999-12-31,clock=vm");
    assert_time(s, 0x00, 0x00, 0x00);
    assert_date(s, 0x19, 0x99, 0x12, 0x31, 6);
    assert_int_equal(cmos_read(s, PS2_CENTURY), 0x19);
    qtest_quit(s);
}

/* The seconds since the epoch the RTC shows (UTC, BCD, 24 h). */
static int64_t rtc_epoch_secs(QTestState *s)
{
    struct tm tm = {0};
    int tries;

    /* Read between updates: UIP clear, and the seconds unchanged. */
    for (tries = 0; tries < 100; tries++) {
        int sec;

        while (cmos_read(s, REG_A) & A_UIP) {
            continue;
        }
        sec = bcd(cmos_read(s, SECONDS));
        tm.tm_min = bcd(cmos_read(s, MINUTES));
        tm.tm_hour = bcd(cmos_read(s, HOURS));
        tm.tm_mday = bcd(cmos_read(s, DAY_OF_MONTH));
        tm.tm_mon = bcd(cmos_read(s, MONTH)) - 1;
        tm.tm_year =
            bcd(cmos_read(s, CENTURY)) * 100 + bcd(cmos_read(s, YEAR)) - 1900;
        tm.tm_sec = bcd(cmos_read(s, SECONDS));
        if (tm.tm_sec == sec) {
            return (int64_t)timegm(&tm);
        }
    }
    fail_msg("the RTC's seconds never held still");
    return 0;
}

static void test_base_utc(void **state)
{
    const char *const args[] = {"", "-rtc base=utc", "-rtc base=utc,clock=rt"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
        QTestState *s = start(args[i]);
        int64_t before = (int64_t)time(NULL);
        int64_t rtc = rtc_epoch_secs(s);
        int64_t after = (int64_t)time(NULL);

        assert_between(rtc, before - 1, after + 1);
        qtest_quit(s);
    }
}

static void test_binary_and_12_hour(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    /* A running clock is shown in the new format at once. */
    cmos_write(s, REG_B, B_DM | B_24H);
    assert_time(s, 16, 1, 21);
    assert_date(s, 20, 6, 6, 17, 7);
    cmos_write(s, REG_B, B_DM);
    assert_int_equal(cmos_read(s, HOURS), 0x80 | 4);
    cmos_write(s, REG_B, 0);
    assert_int_equal(cmos_read(s, HOURS), 0x84);
    /* 12-hour writes: 12 PM is noon, 12 AM midnight, "0" is 12. */
    cmos_write(s, REG_B, B_DM);
    cmos_write(s, HOURS, 0x8c);
    assert_int_equal(cmos_read(s, HOURS), 0x8c);
    cmos_write(s, HOURS, 0x0c);
    assert_int_equal(cmos_read(s, HOURS), 0x0c);
    cmos_write(s, HOURS, 0x00);
    assert_int_equal(cmos_read(s, HOURS), 0x0c);
    cmos_write(s, HOURS, 0x80);
    assert_int_equal(cmos_read(s, HOURS), 0x8c);
    cmos_write(s, REG_B, B_DM | B_24H);
    assert_int_equal(cmos_read(s, HOURS), 12);
    cmos_write(s, REG_B, B_24H);
    cmos_write(s, HOURS, 0x09);
    cmos_write(s, REG_B, 0);
    assert_int_equal(cmos_read(s, HOURS), 0x09);
    qtest_quit(s);
}

/* ---- Setting the time ---- */

static void assert_rtc_change(QTestState *s, int64_t offset)
{
    JsonObject *ev = qtest_qmp_eventwait_ref(s, "RTC_CHANGE");
    JsonObject *data = json_object_get_object_member(ev, "data");
    int64_t got = json_object_get_int_member(data, "offset");
    const char *path = json_object_get_string_member(data, "qom-path");

    /* Counted from the reference on the host clock: a little may pass. */
    assert_between(got, offset - 3, offset);
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    json_object_unref(ev);
}

static void test_set_time(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    cmos_write(s, REG_B, B_SET | B_24H);
    cmos_write(s, SECONDS, 0x30);
    cmos_write(s, MINUTES, 0x59);
    cmos_write(s, HOURS, 0x23);
    cmos_write(s, DAY_OF_MONTH, 0x31);
    cmos_write(s, MONTH, 0x12);
    cmos_write(s, YEAR, 0x99);
    cmos_write(s, CENTURY, 0x19);
    /* While SET is on, the registers hold what was written. */
    assert_time(s, 0x23, 0x59, 0x30);
    cmos_write(s, REG_B, B_24H);
    /* 1999-12-31T23:59:30 is 203875311 s before the base. */
    assert_rtc_change(s, 946684770LL - FROZEN_EPOCH);
    assert_time(s, 0x23, 0x59, 0x30);
    /* A Friday, from the date, whatever was in the register. */
    assert_date(s, 0x19, 0x99, 0x12, 0x31, 6);
    assert_int_equal(cmos_read(s, PS2_CENTURY), 0x19);

    if (qtest_probe_clock(s)) {
        /* 30 s later: a new century. */
        qtest_clock_step(s, 30 * NS_PER_SEC);
        assert_time(s, 0x00, 0x00, 0x00);
        assert_date(s, 0x20, 0x00, 0x01, 0x01, 7);
        assert_int_equal(cmos_read(s, PS2_CENTURY), 0x20);
    }
    qtest_quit(s);
}

/* With the clock running a write sets the time at once, carried over. */
static void test_write_running(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    cmos_write(s, SECONDS, 0x45);
    assert_int_equal(cmos_read(s, SECONDS), 0x45);
    assert_rtc_change(s, 24);
    /* Hour 25 is 1:00 the next day; second 99 is 1:39 later. */
    cmos_write(s, HOURS, 0x25);
    assert_int_equal(cmos_read(s, HOURS), 0x01);
    assert_int_equal(cmos_read(s, DAY_OF_MONTH), 0x18);
    assert_int_equal(cmos_read(s, DAY_OF_WEEK), 1);
    cmos_write(s, SECONDS, 0x99);
    assert_int_equal(cmos_read(s, SECONDS), 0x39);
    assert_int_equal(cmos_read(s, MINUTES), 0x02);
    /* The PS/2 century byte is the century too. */
    cmos_write(s, PS2_CENTURY, 0x21);
    assert_int_equal(cmos_read(s, CENTURY), 0x21);
    assert_int_equal(cmos_read(s, YEAR), 0x06);
    qtest_quit(s);
}

/* SET, or a stopped divider: a format change converts nothing. */
static void test_frozen_format_change(void **state)
{
    QTestState *s = start(FROZEN);

    (void)state;
    cmos_write(s, REG_B, B_SET | B_24H);
    cmos_write(s, REG_B, B_SET | B_DM | B_24H);
    assert_int_equal(cmos_read(s, HOURS), 0x16);
    /* Now binary: 0x16 is 22 o'clock. */
    cmos_write(s, REG_B, B_DM | B_24H);
    assert_int_equal(cmos_read(s, HOURS), 22);
    cmos_write(s, REG_A, A_DV_RESET | 0x06);
    cmos_write(s, REG_B, B_24H);
    assert_int_equal(cmos_read(s, HOURS), 22);
    cmos_write(s, REG_A, 0x26);
    /* Released: 0x16 read as BCD again. */
    assert_int_equal(cmos_read(s, HOURS), 0x16);
    qtest_quit(s);
}

/* ---- The update cycle (virtual clock) ---- */

/*
 * Restart the divider now, without periodic rate (so PF stays clear);
 * returns the time of the restart.  The first update is 500 ms later.
 */
static int64_t restart_divider(QTestState *s)
{
    int64_t now = qtest_clock_step(s, 0);

    cmos_write(s, REG_A, A_DV_RESET);
    cmos_write(s, REG_A, A_32KHZ);
    return now;
}

static int64_t first_update(QTestState *s)
{
    return restart_divider(s) + NS_PER_SEC / 2;
}

static void test_uip(void **state)
{
    QTestState *s = start_clocked(FROZEN);
    int64_t update = first_update(s);

    (void)state;
    qtest_clock_set(s, update - UIP_NS - 1);
    assert_int_equal(cmos_read(s, REG_A), A_32KHZ);
    qtest_clock_set(s, update - UIP_NS + 1);
    assert_int_equal(cmos_read(s, REG_A), A_UIP | A_32KHZ);
    assert_int_equal(cmos_read(s, SECONDS), 0x21);
    /* SET stops the updates and clears UIP. */
    cmos_write(s, REG_B, B_SET | B_24H);
    assert_int_equal(cmos_read(s, REG_A), A_32KHZ);
    cmos_write(s, REG_B, B_24H);
    assert_int_equal(cmos_read(s, REG_A), A_UIP | A_32KHZ);
    qtest_clock_set(s, update);
    assert_int_equal(cmos_read(s, REG_A), A_32KHZ);
    assert_int_equal(cmos_read(s, SECONDS), 0x22);
    qtest_clock_set(s, update + NS_PER_SEC - UIP_NS + 1);
    assert_int_equal(cmos_read(s, REG_A), A_UIP | A_32KHZ);
    qtest_quit(s);
}

/* Divider in reset: time stops; released: first update after 500 ms. */
static void test_divider(void **state)
{
    QTestState *s = start_clocked(FROZEN);

    (void)state;
    cmos_write(s, REG_A, A_DV_RESET | 0x06);
    qtest_clock_step(s, 3 * NS_PER_SEC);
    assert_int_equal(cmos_read(s, SECONDS), 0x21);
    /* No updates, no periodic ticks either. */
    assert_int_equal(cmos_read(s, REG_C), 0);
    cmos_write(s, REG_A, A_32KHZ);
    qtest_clock_step(s, NS_PER_SEC / 2 - 1);
    assert_int_equal(cmos_read(s, SECONDS), 0x21);
    qtest_clock_step(s, 1);
    assert_int_equal(cmos_read(s, SECONDS), 0x22);
    assert_int_equal(cmos_read(s, REG_C), C_UF);
    /* The other test modes of DV2-0 keep time as the 32.768 kHz base. */
    cmos_write(s, REG_A, 0x40);
    qtest_clock_step(s, NS_PER_SEC);
    assert_int_equal(cmos_read(s, SECONDS), 0x23);
    qtest_quit(s);
}

/* ---- Interrupts (virtual clock) ---- */

static QTestState *start_irq(const char *args)
{
    QTestState *s = start_clocked(args);

    qtest_irq_intercept_in(s, "ioapic");
    return s;
}

static void test_update_interrupt(void **state)
{
    QTestState *s = start_irq(FROZEN);
    int64_t update = first_update(s);

    (void)state;
    cmos_write(s, REG_B, B_UIE | B_24H);
    qtest_clock_set(s, update - 1);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_clock_set(s, update);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    /* Reading C gives the flags, clears them and the IRQ. */
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_UF);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), 0);
    qtest_clock_set(s, update + NS_PER_SEC);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    /* Unread, it stays; disabling UIE drops the line, not the flag. */
    qtest_clock_set(s, update + 3 * NS_PER_SEC);
    cmos_write(s, REG_B, B_24H);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), C_UF);
    /* Enabled with UF pending: the line rises at once. */
    qtest_clock_step(s, NS_PER_SEC);
    cmos_write(s, REG_B, B_UIE | B_24H);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_UF);
    /* SET: no updates, no UF. */
    cmos_write(s, REG_B, B_SET | B_24H);
    qtest_clock_step(s, 2 * NS_PER_SEC);
    assert_int_equal(cmos_read(s, REG_C), 0);
    qtest_quit(s);
}

static void test_alarm_interrupt(void **state)
{
    QTestState *s = start_irq(FROZEN);
    int64_t update = first_update(s);

    (void)state;
    /* 16:01:25, four updates away. */
    cmos_write(s, HOURS_ALARM, 0x16);
    cmos_write(s, MINUTES_ALARM, 0x01);
    cmos_write(s, SECONDS_ALARM, 0x25);
    cmos_write(s, REG_B, B_AIE | B_24H);
    qtest_clock_set(s, update + 2 * NS_PER_SEC);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), C_UF);
    qtest_clock_set(s, update + 3 * NS_PER_SEC);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, SECONDS), 0x25);
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_AF | C_UF);
    assert_false(qtest_get_irq(s, RTC_IRQ));

    /* Don't-care hours and minutes: every minute at :30. */
    cmos_write(s, HOURS_ALARM, 0xc0);
    cmos_write(s, MINUTES_ALARM, 0xff);
    cmos_write(s, SECONDS_ALARM, 0x30);
    qtest_clock_set(s, update + 7 * NS_PER_SEC);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_clock_set(s, update + 8 * NS_PER_SEC);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_AF | C_UF);
    qtest_clock_set(s, update + 67 * NS_PER_SEC);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_clock_set(s, update + 68 * NS_PER_SEC);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, MINUTES), 0x02);
    assert_int_equal(cmos_read(s, SECONDS), 0x30);
    cmos_read(s, REG_C);

    /* All don't-care: every second. */
    cmos_write(s, SECONDS_ALARM, 0xc0);
    qtest_clock_step(s, NS_PER_SEC);
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_AF | C_UF);

    /* 12-hour mode, at 16:02:31: 4:02:30 PM (0x84) is a day away. */
    cmos_read(s, REG_C);
    cmos_write(s, REG_B, B_AIE);
    cmos_write(s, HOURS_ALARM, 0x84);
    cmos_write(s, MINUTES_ALARM, 0x02);
    cmos_write(s, SECONDS_ALARM, 0x30);
    qtest_clock_step(s, 23 * 3600 * NS_PER_SEC);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_clock_step(s, 3600 * NS_PER_SEC);
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, DAY_OF_MONTH), 0x18);
    assert_int_equal(cmos_read(s, HOURS), 0x84);
    qtest_quit(s);
}

/* RS3-0 and their periods in cycles of 32.768 kHz (data sheet, Table 5). */
static const struct {
    uint8_t rs;
    int64_t cycles;
} rates[] = {
    {0x1, 128},   /* 256 Hz */
    {0x2, 256},   /* 128 Hz */
    {0x3, 4},     /* 8192 Hz */
    {0x6, 32},    /* 1024 Hz */
    {0xa, 512},   /* 64 Hz */
    {0xf, 16384}, /* 2 Hz */
};

static void test_periodic_interrupt(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
        QTestState *s = start_irq(FROZEN);
        int64_t t0 = restart_divider(s);
        int64_t k;

        cmos_write(s, REG_A, A_32KHZ | rates[i].rs);
        cmos_write(s, REG_B, B_PIE | B_24H);
        for (k = 1; k <= 3; k++) {
            /* The first ns of the k-th tick after the restart. */
            int64_t tick =
                t0 + (k * rates[i].cycles * NS_PER_SEC + 32767) / 32768;

            qtest_clock_set(s, tick - 1);
            assert_false(qtest_get_irq(s, RTC_IRQ));
            qtest_clock_set(s, tick);
            assert_true(qtest_get_irq(s, RTC_IRQ));
            /* (At 2 Hz the first tick is also the first update.) */
            assert_int_equal(cmos_read(s, REG_C) & ~C_UF, C_IRQF | C_PF);
            assert_false(qtest_get_irq(s, RTC_IRQ));
        }
        /* RS 0: no periodic interrupt. */
        cmos_write(s, REG_A, A_32KHZ);
        qtest_clock_step(s, NS_PER_SEC);
        assert_int_equal(cmos_read(s, REG_C) & C_PF, 0);
        qtest_quit(s);
    }
}

/* Data sheet: PF is set at each tick whatever PIE (emu; QEMU: not). */
static void test_periodic_flag_without_pie(void **state)
{
    QTestState *s = start_irq(FROZEN);

    (void)state;
    cmos_write(s, REG_A, A_32KHZ | 0xf);
    assert_int_equal(cmos_read(s, REG_C), 0);
    qtest_clock_step(s, NS_PER_SEC / 2);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C) & C_PF, C_PF);
    assert_int_equal(cmos_read(s, REG_C), 0);
    qtest_quit(s);
}

/*
 * Missed periodic interrupts: discard loses them; slew (-rtc
 * driftfix=slew) delivers each later, one per read of register C.
 */
static void test_periodic_lost_ticks(void **state)
{
    QTestState *s = start_irq(FROZEN);
    int i;

    (void)state;
    cmos_write(s, REG_A, A_32KHZ | 0xf);
    cmos_write(s, REG_B, B_PIE | B_24H);
    qtest_clock_step(s, 5 * NS_PER_SEC / 2);
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_PF | C_UF);
    assert_int_equal(cmos_read(s, REG_C), 0);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_quit(s);

    s = start_irq(FROZEN ",driftfix=slew");
    cmos_write(s, REG_A, A_32KHZ | 0xf);
    cmos_write(s, REG_B, B_PIE | B_24H);
    qtest_clock_step(s, 5 * NS_PER_SEC / 2);
    assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_PF | C_UF);
    for (i = 0; i < 4; i++) {
        assert_true(qtest_get_irq(s, RTC_IRQ));
        assert_int_equal(cmos_read(s, REG_C), C_IRQF | C_PF);
    }
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), 0);
    /* On time again. */
    qtest_clock_step(s, NS_PER_SEC / 2);
    assert_int_equal(cmos_read(s, REG_C) & ~C_UF, C_IRQF | C_PF);
    assert_int_equal(cmos_read(s, REG_C), 0);
    qtest_quit(s);
}

/*
 * On both emu and QEMU, with the host clock and real waits: UF and AF
 * (don't-care alarm) are set each second whatever the enables, UIE
 * raises IRQ 8, and reading C clears flags and line.
 */
static void test_interrupts_host_clock(void **state)
{
    QTestState *s = start("");
    int i;

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    /* No periodic rate: PF, which emu sets without PIE, stays clear. */
    cmos_write(s, REG_A, A_32KHZ);
    cmos_read(s, REG_C);
    cmos_write(s, SECONDS_ALARM, 0xc0);
    cmos_write(s, MINUTES_ALARM, 0xc0);
    cmos_write(s, HOURS_ALARM, 0xc0);
    g_usleep(1100 * 1000);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C), C_AF | C_UF);
    assert_int_equal(cmos_read(s, REG_C), 0);
    cmos_write(s, REG_B, B_UIE | B_24H);
    for (i = 0; i < 120 && !qtest_get_irq(s, RTC_IRQ); i++) {
        g_usleep(10 * 1000);
    }
    assert_true(qtest_get_irq(s, RTC_IRQ));
    assert_int_equal(cmos_read(s, REG_C) & (C_IRQF | C_UF), C_IRQF | C_UF);
    assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_quit(s);
}

/* ---- What the board leaves in CMOS ---- */

typedef struct CmosByte {
    uint8_t addr, val;
} CmosByte;

/*
 * Bytes 0x0e-0x7f after start: those listed, 0 elsewhere (QEMU 7.2 with
 * -M pc -nodefaults gives the same).
 */
static void assert_cmos_ram(QTestState *s, const CmosByte *want, size_t n)
{
    int addr;

    for (addr = 0x0e; addr < 0x80; addr++) {
        uint8_t expect = 0;
        size_t i;

        for (i = 0; i < n; i++) {
            if (want[i].addr == addr) {
                expect = want[i].val;
            }
        }
        if (cmos_read(s, addr) != expect) {
            fail_msg("CMOS 0x%02x: 0x%02x, expected 0x%02x", addr,
                     cmos_read(s, addr), expect);
        }
    }
}

static void test_cmos_128m(void **state)
{
    static const CmosByte want[] = {
        {0x14, 0x06}, {0x15, 0x80}, {0x16, 0x02}, {0x17, 0xff},
        {0x18, 0xff}, {0x30, 0xff}, {0x31, 0xff}, {0x32, 0x20},
        {0x35, 0x07}, {0x37, 0x20}, {0x38, 0x30}, {0x3d, 0x12},
    };
    QTestState *s = start(FROZEN " -m 128");

    (void)state;
    assert_cmos_ram(s, want, sizeof(want) / sizeof(want[0]));
    qtest_quit(s);
}

static void test_cmos_memory_sizes(void **state)
{
    static const struct {
        const char *args;
        CmosByte bytes[5];
    } cases[] = {
        {"-m 16", {{0x17, 0x00}, {0x18, 0x3c}, {0x34, 0}, {0x35, 0}}},
        {"-m 2", {{0x17, 0x00}, {0x18, 0x04}, {0x35, 0}}},
        {"-m 3583", {{0x34, 0xf0}, {0x35, 0xde}, {0x5c, 0}}},
        /* 3.5 GiB does not fit below 3.5 GiB: 3 + 0.5 GiB. */
        {"-m 3584", {{0x35, 0xbf}, {0x5b, 0}, {0x5c, 0x20}, {0x5d, 0}}},
        {"-m 4G", {{0x34, 0x00}, {0x35, 0xbf}, {0x5c, 0x40}}},
        {"-m 5G", {{0x35, 0xbf}, {0x5b, 0}, {0x5c, 0x80}, {0x5d, 0}}},
        {"-m 4G -M pc,max-ram-below-4g=1G", {{0x35, 0x3f}, {0x5c, 0xc0}}},
    };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        QTestState *s = start(cases[i].args);

        for (j = 0; j < 5 && cases[i].bytes[j].addr; j++) {
            if (cmos_read(s, cases[i].bytes[j].addr) != cases[i].bytes[j].val) {
                fail_msg("%s: CMOS 0x%02x is 0x%02x, expected 0x%02x",
                         cases[i].args, cases[i].bytes[j].addr,
                         cmos_read(s, cases[i].bytes[j].addr),
                         cases[i].bytes[j].val);
            }
        }
        /* Base memory is 640 KiB whatever the size. */
        assert_int_equal(cmos_read(s, 0x15), 0x80);
        assert_int_equal(cmos_read(s, 0x16), 0x02);
        qtest_quit(s);
    }
}

/* CPUs present at start, minus one. */
static void test_cmos_cpus(void **state)
{
    static const struct {
        const char *args;
        uint8_t val;
    } cases[] = {
        {"-smp 4", 3},
        {"-smp 1,maxcpus=4", 0},
        {"-smp 2,sockets=2,cores=2,maxcpus=4", 1},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        QTestState *s = start(cases[i].args);

        assert_int_equal(cmos_read(s, 0x5f), cases[i].val);
        qtest_quit(s);
    }
}

/* 0x3d: first and second device, 0x38: third (a 1, c 2, d 3, n 4). */
static void test_cmos_boot_order(void **state)
{
    static const struct {
        const char *args;
        uint8_t b3d, b38;
    } cases[] = {
        {"-boot order=ndc", 0x34, 0x20},
        {"-boot order=n", 0x04, 0x00},
        {"-boot order=a", 0x01, 0x00},
        {"-boot order=b", 0x01, 0x00},
        {"-boot order=dc,strict=on", 0x23, 0x00},
    };
    QTestState *s;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        s = start(cases[i].args);
        assert_int_equal(cmos_read(s, 0x3d), cases[i].b3d);
        assert_int_equal(cmos_read(s, 0x38), cases[i].b38);
        qtest_quit(s);
    }
    /* once= is the first boot's; a reset goes back to order. */
    s = start("-boot once=n,order=dc");
    assert_int_equal(cmos_read(s, 0x3d), 0x04);
    system_reset(s);
    assert_int_equal(cmos_read(s, 0x3d), 0x23);
    system_reset(s);
    assert_int_equal(cmos_read(s, 0x3d), 0x23);
    qtest_quit(s);
}

/* The RTC is /machine's rtc_state, an ISA device. */
static void test_qom(void **state)
{
    QTestState *s = start(FROZEN);
    JsonObject *link = qtest_qmp(s, "{\"execute\": \"qom-get\", "
                                    "\"arguments\": {\"path\": \"/machine\", "
                                    "\"property\": \"rtc_state\"}}");
    const char *path = json_object_get_string_member(link, "return");
    JsonObject *r;

    (void)state;
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    r = qtest_qmp(s,
                  "{\"execute\": \"qom-get\", \"arguments\": "
                  "{\"path\": \"%s\", \"property\": \"base_year\"}}",
                  path);
    /* The board asks for 2000, which QEMU keeps as 0. */
    assert_int_equal(json_object_get_int_member(r, "return"), 0);
    json_object_unref(r);
    r = qtest_qmp(s,
                  "{\"execute\": \"qom-get\", \"arguments\": "
                  "{\"path\": \"%s\", \"property\": \"type\"}}",
                  path);
    assert_string_equal(json_object_get_string_member(r, "return"),
                        "mc146818rtc");
    json_object_unref(r);
    json_object_unref(link);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_power_on_registers),
        cmocka_unit_test(test_register_writes),
        cmocka_unit_test(test_index_port),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_base_datetime),
        cmocka_unit_test(test_base_utc),
        cmocka_unit_test(test_binary_and_12_hour),
        cmocka_unit_test(test_set_time),
        cmocka_unit_test(test_write_running),
        cmocka_unit_test(test_frozen_format_change),
        cmocka_unit_test(test_uip),
        cmocka_unit_test(test_divider),
        cmocka_unit_test(test_update_interrupt),
        cmocka_unit_test(test_alarm_interrupt),
        cmocka_unit_test(test_periodic_interrupt),
        cmocka_unit_test(test_periodic_flag_without_pie),
        cmocka_unit_test(test_periodic_lost_ticks),
        cmocka_unit_test(test_interrupts_host_clock),
        cmocka_unit_test(test_cmos_128m),
        cmocka_unit_test(test_cmos_memory_sizes),
        cmocka_unit_test(test_cmos_cpus),
        cmocka_unit_test(test_cmos_boot_order),
        cmocka_unit_test(test_qom),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
