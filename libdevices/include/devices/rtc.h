/*
 * The guest's wall clock, as -rtc sets it up (QEMU's sysemu/rtc.h): the
 * date the RTC devices start from (base=utc, localtime, or a fixed
 * "2006-06-17T16:01:21"), the clock they keep time with (clock=host,
 * rt or vm), and how a device reports that the guest set its time
 * (QEMU's RTC_CHANGE event, which the program sends: libdevices knows
 * no monitor).
 *
 * The reference date is what an RTC reads if the guest never sets it:
 * the base date plus the time the chosen clock has run since
 * rtc_configure() (clock=host with base=utc: simply the host's date).
 * With clock=vm it stands still while the VM is stopped, and under the
 * qtest accelerator moves only with clock_step.
 */
#ifndef DEVICES_RTC_H
#define DEVICES_RTC_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "qom/object.h"
#include "util/error.h"
#include "util/timer.h"

/*
 * -rtc base= and clock= (NULL: the default, utc and host), checked with
 * QEMU's messages ("invalid datetime format" with a hint, "invalid
 * option value 'X'"); the date is taken now.  On error nothing changes.
 * Without a call the defaults apply, taken at first use.
 */
bool rtc_configure(const char *base, const char *clock, Error **errp);

/* The clock the RTC devices run their time and timers on (rtc_clock). */
QEMUClockType rtc_clock_type(void);

/*
 * The reference date now, broken down as the guest should see it (local
 * time for base=localtime, else UTC), and how far into that second the
 * reference is (0 to 999999999 ns), so a device can place its updates.
 */
void rtc_get_timedate_ns(struct tm *tm, int64_t *ns_into_second);
/* The same plus offset seconds, whole seconds (qemu_get_timedate). */
void qemu_get_timedate(struct tm *tm, int64_t offset);
/*
 * Seconds from the reference date (on the host clock, as QEMU counts)
 * to tm, a date as the guest sees it (qemu_timedate_diff): what
 * RTC_CHANGE reports.
 */
int64_t qemu_timedate_diff(const struct tm *tm);

/*
 * The guest set the time of RTC device dev, now offset seconds from the
 * reference date.  Called with the big lock held.
 */
typedef void RTCChangeHandler(int64_t offset, const char *qom_path,
                              void *opaque);

/* Install fn (NULL: nothing is told, the default). */
void rtc_set_change_handler(RTCChangeHandler *fn, void *opaque);
/* For the devices: tell the handler, if any, with dev's QOM path. */
void rtc_change_notify(Object *dev, int64_t offset);

#endif /* DEVICES_RTC_H */
