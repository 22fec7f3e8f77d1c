/*
 * The RTC on emu's side, for what qtest/tests/rtc-test.c cannot see:
 * the calendar arithmetic over any year, -rtc's configuration and
 * reference date (devices/rtc.h, base=localtime included), the
 * RTC_CHANGE handler, the NMI mask bit of the index port, base_year as
 * a -device mc146818rtc would use it, the properties' and -boot's
 * errors, guest mistakes, and what the board puts in CMOS.
 */
#include <string.h>
#include <time.h>

#include "devices/mc146818rtc.h"
#include "devices/rtc.h"
#include "machine/isa.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "rtc-time.h"
#include "util/timer.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define NS_PER_SEC 1000000000LL

#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_D 0x0d

/* 2006-06-17T16:01:21Z, a Saturday. */
#define BASE_DATE "2006-06-17T16:01:21"
#define BASE_EPOCH 1150560081LL

static void outb(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, ATTRS, NULL);
}

static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, ATTRS, NULL);
}

static uint8_t cmos_read(uint16_t base, uint8_t reg)
{
    outb(base, reg);
    return inb(base + 1);
}

static void cmos_write(uint16_t base, uint8_t reg, uint8_t val)
{
    outb(base, reg);
    outb(base + 1, val);
}

/* ---- Calendar ---- */

static void assert_tm(const struct tm *tm, int year, int mon, int mday,
                      int hour, int min, int sec, int wday)
{
    assert_int_equal(tm->tm_year + 1900, year);
    assert_int_equal(tm->tm_mon + 1, mon);
    assert_int_equal(tm->tm_mday, mday);
    assert_int_equal(tm->tm_hour, hour);
    assert_int_equal(tm->tm_min, min);
    assert_int_equal(tm->tm_sec, sec);
    assert_int_equal(tm->tm_wday, wday);
}

static int64_t secs_of(int year, int mon, int mday, int hour, int min, int sec)
{
    struct tm tm = {
        .tm_year = year - 1900,
        .tm_mon = mon - 1,
        .tm_mday = mday,
        .tm_hour = hour,
        .tm_min = min,
        .tm_sec = sec,
    };

    return rtc_tm_to_secs(&tm);
}

static void test_calendar_known_dates(void **state)
{
    struct tm tm;

    (void)state;
    assert_int_equal(secs_of(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(secs_of(2006, 6, 17, 16, 1, 21), BASE_EPOCH);
    rtc_secs_to_tm(BASE_EPOCH, &tm);
    assert_tm(&tm, 2006, 6, 17, 16, 1, 21, 6);
    assert_int_equal(tm.tm_yday, 167);
    /* Leap years: 2000 is one, 1900 and 2100 are not. */
    rtc_secs_to_tm(secs_of(2000, 2, 28, 12, 0, 0) + 86400, &tm);
    assert_tm(&tm, 2000, 2, 29, 12, 0, 0, 2);
    rtc_secs_to_tm(secs_of(1900, 2, 28, 0, 0, 0) + 86400, &tm);
    assert_tm(&tm, 1900, 3, 1, 0, 0, 0, 4);
    rtc_secs_to_tm(secs_of(2100, 2, 28, 0, 0, 0) + 86400, &tm);
    assert_tm(&tm, 2100, 3, 1, 0, 0, 0, 1);
    /* Before the epoch and far from it. */
    rtc_secs_to_tm(-1, &tm);
    assert_tm(&tm, 1969, 12, 31, 23, 59, 59, 3);
    rtc_secs_to_tm(secs_of(1, 1, 1, 0, 0, 0), &tm);
    assert_tm(&tm, 1, 1, 1, 0, 0, 0, 1);
    rtc_secs_to_tm(secs_of(9999, 12, 31, 23, 59, 59), &tm);
    assert_tm(&tm, 9999, 12, 31, 23, 59, 59, 5);
    /* Fields out of range carry over, as mktime() lets them. */
    assert_int_equal(secs_of(1999, 13, 1, 0, 0, 0),
                     secs_of(2000, 1, 1, 0, 0, 0));
    assert_int_equal(secs_of(2000, 3, 0, 0, 0, 0),
                     secs_of(2000, 2, 29, 0, 0, 0));
    assert_int_equal(secs_of(2000, 0, 1, 0, 0, 0),
                     secs_of(1999, 12, 1, 0, 0, 0));
    assert_int_equal(secs_of(2006, 6, 17, 25, 0, 99),
                     secs_of(2006, 6, 18, 1, 1, 39));
}

/* Against the C library, every 997 days over 5000 years each way. */
static void test_calendar_matches_libc(void **state)
{
    int64_t days;

    (void)state;
    for (days = -1826000; days <= 1826000; days += 997) {
        int64_t secs = days * 86400 + 45296; /* 12:34:56 */
        time_t t = (time_t)secs;
        struct tm mine, libc;

        rtc_secs_to_tm(secs, &mine);
        assert_non_null(gmtime_r(&t, &libc));
        assert_tm(&mine, libc.tm_year + 1900, libc.tm_mon + 1, libc.tm_mday,
                  libc.tm_hour, libc.tm_min, libc.tm_sec, libc.tm_wday);
        assert_int_equal(mine.tm_yday, libc.tm_yday);
        assert_int_equal(rtc_tm_to_secs(&libc), secs);
    }
}

/* ---- -rtc ---- */

static int config_teardown(void **state)
{
    rtc_configure(NULL, NULL, &error_abort);
    rtc_set_change_handler(NULL, NULL);
    return 0;
}

static void test_configure_errors(void **state)
{
    Error *err = NULL;

    (void)state;
    assert_true(rtc_configure(BASE_DATE, "vm", &error_abort));
    assert_false(rtc_configure("2006-06-17T16:01", NULL, &err));
    assert_string_equal(error_get_pretty(err), "invalid datetime format");
    error_free(err);
    err = NULL;
    assert_false(rtc_configure("yesterday", NULL, &err));
    assert_error(err, "invalid datetime format");
    assert_false(rtc_configure("utc", "wall", &err));
    assert_error(err, "invalid option value 'wall'");
    /* Nothing changed on error. */
    assert_int_equal(rtc_clock_type(), QEMU_CLOCK_VIRTUAL);
    assert_true(rtc_configure("utc", "rt", &error_abort));
    assert_int_equal(rtc_clock_type(), QEMU_CLOCK_REALTIME);
    assert_true(rtc_configure(NULL, NULL, &error_abort));
    assert_int_equal(rtc_clock_type(), QEMU_CLOCK_HOST);
}

/* base=DATETIME on the virtual clock: that date, moving with the clock. */
static void test_reference_datetime(void **state)
{
    int64_t ns_into_second;
    struct tm tm;

    (void)state;
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    assert_true(rtc_configure(BASE_DATE, "vm", &error_abort));
    rtc_get_timedate_ns(&tm, &ns_into_second);
    assert_tm(&tm, 2006, 6, 17, 16, 1, 21, 6);
    assert_int_equal(ns_into_second, 0);
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                    NS_PER_SEC * 3 / 2);
    rtc_get_timedate_ns(&tm, &ns_into_second);
    assert_tm(&tm, 2006, 6, 17, 16, 1, 22, 6);
    assert_int_equal(ns_into_second, NS_PER_SEC / 2);
    qemu_get_timedate(&tm, 3600);
    assert_tm(&tm, 2006, 6, 17, 17, 1, 22, 6);
    /* The diff counts on the host clock: only a moment passed there. */
    tm.tm_hour = 16;
    tm.tm_sec = 21;
    assert_in_range(qemu_timedate_diff(&tm), 0, 1);
    /* A date alone is midnight. */
    assert_true(rtc_configure("2006-06-17", "vm", &error_abort));
    qemu_get_timedate(&tm, 0);
    assert_tm(&tm, 2006, 6, 17, 0, 0, 0, 6);
}

static void test_reference_utc_and_localtime(void **state)
{
    const char *old_tz = getenv("TZ");
    g_autofree char *saved = old_tz ? g_strdup(old_tz) : NULL;
    time_t now;
    struct tm tm, host;
    int64_t secs;

    (void)state;
    assert_true(rtc_configure("utc", "host", &error_abort));
    now = time(NULL);
    qemu_get_timedate(&tm, 0);
    secs = rtc_tm_to_secs(&tm);
    assert_in_range(secs, (uint64_t)now - 1, (uint64_t)now + 2);
    assert_in_range(qemu_timedate_diff(&tm) + 1, 0, 2);

    /* Five hours west of UTC, no DST. */
    setenv("TZ", "EST5", 1);
    tzset();
    assert_true(rtc_configure("localtime", NULL, &error_abort));
    now = time(NULL);
    qemu_get_timedate(&tm, 0);
    assert_non_null(localtime_r(&now, &host));
    assert_int_equal(tm.tm_hour, host.tm_hour);
    secs = rtc_tm_to_secs(&tm);
    assert_in_range(secs + 5 * 3600, (uint64_t)now - 1, (uint64_t)now + 2);
    /* The guest's local time is no offset from the host's. */
    assert_in_range(qemu_timedate_diff(&tm) + 1, 0, 2);
    if (saved) {
        setenv("TZ", saved, 1);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* ---- The device on the board ---- */

typedef struct ChangeSeen {
    int count;
    int64_t offset;
    char *path;
} ChangeSeen;

static ChangeSeen seen;

static void change_handler(int64_t offset, const char *qom_path, void *opaque)
{
    seen.count++;
    seen.offset = offset;
    g_free(seen.path);
    seen.path = g_strdup(qom_path);
}

static PCMachineState *build_frozen(const PCTestArgs *args)
{
    PCTestArgs dflt = {.machine = "pc"};
    MachineState *ms;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    assert_true(rtc_configure(BASE_DATE, "vm", &error_abort));
    ms = pc_test_build(args ? args : &dflt);
    qemu_devices_reset();
    memset(&seen, 0, sizeof(seen));
    rtc_set_change_handler(change_handler, NULL);
    return PC_MACHINE(ms);
}

static int board_teardown(void **state)
{
    g_free(seen.path);
    memset(&seen, 0, sizeof(seen));
    config_teardown(state);
    return pc_test_teardown(state);
}

#define board_test(f) cmocka_unit_test_teardown(f, board_teardown)

static void test_nmi_mask(void **state)
{
    PCMachineState *pcms = build_frozen(NULL);

    (void)state;
    assert_false(rtc_nmi_masked(pcms->rtc));
    outb(0x70, 0x80 | REG_A);
    assert_true(rtc_nmi_masked(pcms->rtc));
    /* The index is bits 6-0 all the same. */
    assert_int_equal(inb(0x71), 0x26);
    outb(0x70, REG_D);
    assert_false(rtc_nmi_masked(pcms->rtc));
    outb(0x70, 0x8d);
    qemu_devices_reset();
    assert_false(rtc_nmi_masked(pcms->rtc));
}

static void test_change_handler(void **state)
{
    PCMachineState *pcms = build_frozen(NULL);
    g_autofree char *path = object_get_canonical_path(OBJECT(pcms->rtc));

    (void)state;
    cmos_write(0x70, 0x00, 0x45);
    assert_int_equal(seen.count, 1);
    assert_in_range(seen.offset, 23, 24);
    assert_string_equal(seen.path, path);
    /* SET: nothing until the guest clears it; then one report. */
    cmos_write(0x70, REG_B, 0x82);
    cmos_write(0x70, 0x09, 0x07);
    cmos_write(0x70, 0x08, 0x07);
    assert_int_equal(seen.count, 1);
    cmos_write(0x70, REG_B, 0x02);
    assert_int_equal(seen.count, 2);
    /* 2007-07-17T16:01:45 */
    assert_in_range(seen.offset, 395 * 86400 + 23, 395 * 86400 + 24);
    /* Without a handler the guest's writes just work. */
    rtc_set_change_handler(NULL, NULL);
    cmos_write(0x70, 0x00, 0x10);
    assert_int_equal(cmos_read(0x70, 0x00), 0x10);
    assert_int_equal(seen.count, 2);
}

/* The board's RTC and the CMOS it filled. */
static void test_board_cmos(void **state)
{
    static const char *const keys[] = {"max-ram-below-4g", "2G", NULL};
    PCTestArgs a = {
        .machine = "pc",
        .ram_size = 6 * GiB,
        .smp = {.has_cpus = true, .cpus = 3, .has_maxcpus = true, .maxcpus = 8},
        .keys = keys,
    };
    PCMachineState *pcms = build_frozen(&a);
    Object *link;

    (void)state;
    link = object_property_get_link(OBJECT(pcms), "rtc_state", &error_abort);
    assert_ptr_equal(link, OBJECT(pcms->rtc));
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x5f), 2);
    /* 2 GiB low: 0x7f00 units above 16 MiB; 4 GiB high: 0x010000. */
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x34), 0x00);
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x35), 0x7f);
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x5b), 0x00);
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x5c), 0x00);
    assert_int_equal(rtc_get_memory(pcms->rtc, 0x5d), 0x01);
    rtc_set_memory(pcms->rtc, 0x40, 0xab);
    assert_int_equal(cmos_read(0x70, 0x40), 0xab);
}

static void assert_boot_error(const char *order, const char *once,
                              const char *text)
{
    PCTestArgs a = {.machine = "pc"};
    BootConfiguration bc = {.order = (char *)order, .once = (char *)once};
    MachineState *ms = pc_test_prepare(&a, &error_abort);
    Error *err = NULL;

    assert_true(machine_set_boot_config(ms, &bc, &error_abort));
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, text);
    pc_test_teardown(NULL);
}

/* QEMU 7.2's messages for what the PC BIOS cannot boot from. */
static void test_boot_order_errors(void **state)
{
    (void)state;
    assert_boot_error("cdna", NULL, "Too many boot devices for PC");
    assert_boot_error("ce", NULL, "Invalid boot device for PC: 'e'");
    assert_boot_error("c", "p", "Invalid boot device for PC: 'p'");
}

/* A second RTC as -device would add it, with the default base_year. */
static ISADevice *extra_rtc(PCMachineState *pcms, const char *const *props,
                            Error **errp)
{
    ISADevice *dev = isa_new(TYPE_MC146818_RTC);

    qdev_prop_set_uint16(DEVICE(dev), "iobase", 0x170);
    qdev_prop_set_uint8(DEVICE(dev), "irq", 9);
    for (; props && *props; props += 2) {
        if (!object_property_parse(OBJECT(dev), props[0], props[1], errp)) {
            object_unref(OBJECT(dev));
            return NULL;
        }
    }
    if (!isa_realize_and_unref(dev, pcms->isa_bus, errp)) {
        return NULL;
    }
    return dev;
}

/*
 * base_year 1980 (the property's default): the year register counts
 * from 1980 and the century from there, as QEMU's do.
 */
static void test_base_year(void **state)
{
    PCMachineState *pcms = build_frozen(NULL);
    ISADevice *rtc = extra_rtc(pcms, NULL, &error_abort);

    (void)state;
    assert_int_equal(
        object_property_get_int(OBJECT(rtc), "base_year", &error_abort), 1980);
    assert_int_equal(cmos_read(0x170, 0x09), 0x26);
    assert_int_equal(cmos_read(0x170, 0x32), 0x00);
    assert_int_equal(cmos_read(0x170, 0x37), 0x00);
    /* Year 10 is 1990 now. */
    cmos_write(0x170, 0x09, 0x10);
    assert_int_equal(seen.count, 1);
    assert_in_range(seen.offset + 504921600, 0, 1);
    /* The board's RTC is unaffected. */
    assert_int_equal(cmos_read(0x70, 0x09), 0x06);
}

static void assert_extra_rtc_error(const char *const *props, const char *text)
{
    PCMachineState *pcms = build_frozen(NULL);
    Error *err = NULL;

    assert_null(extra_rtc(pcms, props, &err));
    assert_error(err, text);
    board_teardown(NULL);
}

static void test_property_errors(void **state)
{
    static const char *const irq16[] = {"irq", "16", NULL};
    static const char *const delay[] = {"lost_tick_policy", "delay", NULL};
    static const char *const port[] = {"iobase", "0xffff", NULL};
    static const char *const slew[] = {"lost_tick_policy", "slew", NULL};
    PCMachineState *pcms;

    (void)state;
    assert_extra_rtc_error(irq16, "Maximum value for \"irq\" is: 15");
    assert_extra_rtc_error(delay, "Invalid lost tick policy.");
    assert_extra_rtc_error(port, "iobase 0xffff is out of range: the 2 ports "
                                 "must end by 0xffff");
    pcms = build_frozen(NULL);
    assert_non_null(extra_rtc(pcms, slew, &error_abort));
}

/* What a guest gets wrong changes nothing and crashes nothing. */
static void test_guest_mistakes(void **state)
{
    build_frozen(NULL);

    (void)state;
    assert_int_equal(inb(0x70), 0xff);
    cmos_write(0x70, REG_C, 0xff);
    cmos_write(0x70, REG_D, 0x00);
    assert_int_equal(cmos_read(0x70, REG_C), 0x00);
    assert_int_equal(cmos_read(0x70, REG_D), 0x80);
    /* Daylight saving is kept as a bit, and time goes on plainly. */
    cmos_write(0x70, REG_B, 0x03);
    assert_int_equal(cmos_read(0x70, REG_B), 0x03);
    /* Not BCD at all: counted as the digits say, then carried. */
    cmos_write(0x70, 0x02, 0xff);
    assert_int_equal(cmos_read(0x70, 0x02), 0x45);
    assert_int_equal(cmos_read(0x70, 0x04), 0x18);
    /* An alarm that can never match arms nothing and fires never. */
    cmos_write(0x70, 0x01, 0x7a);
    cmos_write(0x70, REG_B, 0x22);
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                    2 * 86400 * NS_PER_SEC);
    assert_int_equal(cmos_read(0x70, REG_C) & 0x20, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_known_dates),
        cmocka_unit_test(test_calendar_matches_libc),
        cmocka_unit_test_teardown(test_configure_errors, config_teardown),
        cmocka_unit_test_teardown(test_reference_datetime, config_teardown),
        cmocka_unit_test_teardown(test_reference_utc_and_localtime,
                                  config_teardown),
        board_test(test_nmi_mask),
        board_test(test_change_handler),
        board_test(test_board_cmos),
        cmocka_unit_test(test_boot_order_errors),
        board_test(test_base_year),
        board_test(test_property_errors),
        board_test(test_guest_mistakes),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
