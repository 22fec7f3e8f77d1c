/*
 * The guest's wall clock as -rtc sets it up (devices/rtc.h): QEMU 7.2's
 * -rtc semantics (docs: qemu-options "-rtc"), own code.  One reference
 * per process, as in QEMU: every RTC device starts from it.
 */
#include <stdio.h>
#include <string.h>

#include "devices/rtc.h"
#include "rtc-time.h"

typedef enum RTCBaseType {
    RTC_BASE_UTC,
    RTC_BASE_LOCALTIME,
    RTC_BASE_DATETIME,
} RTCBaseType;

typedef struct RTCReference {
    bool configured;
    RTCBaseType base_type;
    QEMUClockType clock;
    /* The reference date when configured, ns since the epoch (UTC). */
    int64_t start_ns;
    /* The chosen clock and the host clock when configured. */
    int64_t clock_at_start;
    int64_t host_at_start;
} RTCReference;

static RTCReference ref = {
    .base_type = RTC_BASE_UTC,
    .clock = QEMU_CLOCK_HOST,
};

static RTCChangeHandler *change_handler;
static void *change_opaque;

/* "2006-06-17T16:01:21" or "2006-06-17" as seconds since the epoch. */
static bool parse_datetime(const char *s, int64_t *secs)
{
    struct tm tm = {0};
    int n = -1;

    if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        n < 0 || s[n] != '\0') {
        memset(&tm, 0, sizeof(tm));
        n = -1;
        if (sscanf(s, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) !=
                3 ||
            n < 0 || s[n] != '\0') {
            return false;
        }
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    /* Out-of-range fields carry over, as QEMU's mktimegm() lets them. */
    *secs = rtc_tm_to_secs(&tm);
    return true;
}

bool rtc_configure(const char *base, const char *clock, Error **errp)
{
    RTCReference r = {
        .configured = true,
        .base_type = RTC_BASE_UTC,
        .clock = QEMU_CLOCK_HOST,
    };
    int64_t base_secs = 0;

    if (base && !strcmp(base, "localtime")) {
        r.base_type = RTC_BASE_LOCALTIME;
    } else if (base && strcmp(base, "utc")) {
        if (!parse_datetime(base, &base_secs)) {
            error_setg(errp, "invalid datetime format");
            error_append_hint(errp, "valid formats: '2006-06-17T16:01:21' or "
                                    "'2006-06-17'\n");
            return false;
        }
        r.base_type = RTC_BASE_DATETIME;
    }
    if (clock && !strcmp(clock, "rt")) {
        r.clock = QEMU_CLOCK_REALTIME;
    } else if (clock && !strcmp(clock, "vm")) {
        r.clock = QEMU_CLOCK_VIRTUAL;
    } else if (clock && strcmp(clock, "host")) {
        error_setg(errp, "invalid option value '%s'", clock);
        return false;
    }
    r.host_at_start = qemu_clock_get_ns(QEMU_CLOCK_HOST);
    r.clock_at_start = qemu_clock_get_ns(r.clock);
    r.start_ns = r.base_type == RTC_BASE_DATETIME
                     ? base_secs * NANOSECONDS_PER_SECOND
                     : r.host_at_start;
    ref = r;
    return true;
}

static void rtc_configure_once(void)
{
    if (!ref.configured) {
        rtc_configure(NULL, NULL, &error_abort);
    }
}

QEMUClockType rtc_clock_type(void)
{
    return ref.clock;
}

/* The reference date now, in ns since the epoch, counted on clock. */
static int64_t rtc_ref_ns(QEMUClockType clock)
{
    int64_t at_start;

    rtc_configure_once();
    at_start =
        clock == QEMU_CLOCK_HOST ? ref.host_at_start : ref.clock_at_start;
    return ref.start_ns + (qemu_clock_get_ns(clock) - at_start);
}

/* secs broken down as the guest sees it: local time or UTC. */
static void rtc_breakdown(int64_t secs, struct tm *tm)
{
    time_t t = (time_t)secs;

    if (ref.base_type == RTC_BASE_LOCALTIME && localtime_r(&t, tm)) {
        return;
    }
    rtc_secs_to_tm(secs, tm);
}

/* The reference date now in whole seconds, and the ns past that second. */
static int64_t rtc_ref_secs(int64_t *ns_into_second)
{
    int64_t ns = rtc_ref_ns(ref.clock);
    int64_t secs = ns / NANOSECONDS_PER_SECOND;
    int64_t rem = ns % NANOSECONDS_PER_SECOND;

    /* Dates before 1970 count down: round towards the past. */
    if (rem < 0) {
        secs--;
        rem += NANOSECONDS_PER_SECOND;
    }
    *ns_into_second = rem;
    return secs;
}

void rtc_get_timedate_ns(struct tm *tm, int64_t *ns_into_second)
{
    rtc_breakdown(rtc_ref_secs(ns_into_second), tm);
}

void qemu_get_timedate(struct tm *tm, int64_t offset)
{
    int64_t ns_into_second;

    rtc_breakdown(rtc_ref_secs(&ns_into_second) + offset, tm);
}

int64_t qemu_timedate_diff(const struct tm *tm)
{
    int64_t secs;

    if (ref.base_type == RTC_BASE_LOCALTIME) {
        struct tm local = *tm;

        /* Let the C library decide whether DST applies to that date. */
        local.tm_isdst = -1;
        secs = (int64_t)mktime(&local);
    } else {
        secs = rtc_tm_to_secs(tm);
    }
    return secs - rtc_ref_ns(QEMU_CLOCK_HOST) / NANOSECONDS_PER_SECOND;
}

void rtc_set_change_handler(RTCChangeHandler *fn, void *opaque)
{
    change_handler = fn;
    change_opaque = opaque;
}

void rtc_change_notify(Object *dev, int64_t offset)
{
    g_autofree char *path = NULL;

    if (!change_handler) {
        return;
    }
    path = object_get_canonical_path(dev);
    change_handler(offset, path, change_opaque);
}
