/*
 * Calendar arithmetic for the RTCs, private to libdevices/rtc: a
 * broken-down date and a count of seconds since 1970-01-01 00:00:00,
 * both ways, for any year (the guest may set the century byte to
 * anything), with no time zone: the count is the date read as UTC.
 */
#ifndef RTC_TIME_H
#define RTC_TIME_H

#include <stdint.h>
#include <time.h>

#define RTC_SECS_PER_DAY 86400

/*
 * Seconds since the epoch of tm (tm_year since 1900, tm_mon 0-11,
 * tm_mday from 1), ignoring tm_wday, tm_yday and tm_isdst.  Fields out
 * of range carry into the next larger ones as mktime() does: 25 hours is
 * 1:00 on the next day, month 12 is January of the next year, day 0 is
 * the last day of the previous month.
 */
int64_t rtc_tm_to_secs(const struct tm *tm);

/* The date of secs, with tm_wday (0: Sunday) and tm_yday; no DST. */
void rtc_secs_to_tm(int64_t secs, struct tm *tm);

#endif /* RTC_TIME_H */
