/*
 * Calendar arithmetic (rtc-time.h): the proleptic Gregorian calendar
 * counted in days from 1970-01-01, in 400-year cycles of 146097 days so
 * that every year works, negative ones included.
 */
#include "rtc-time.h"

#define DAYS_PER_400_YEARS 146097
/* Days from 0000-03-01 (the start of a cycle) to 1970-01-01. */
#define DAYS_0000_03_01_TO_EPOCH 719468
/* 1970-01-01 was a Thursday. */
#define EPOCH_WDAY 4

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/*
 * Days since the epoch of year y, month m (1-12), day d (1-31).  Years
 * are counted from March so that February's leap day ends the year.
 */
static int64_t days_from_date(int64_t y, int64_t m, int64_t d)
{
    int64_t march_year = m <= 2 ? y - 1 : y;
    int64_t cycle = floor_div(march_year, 400);
    int64_t year_of_cycle = march_year - cycle * 400;  /* 0-399 */
    int64_t month_from_march = m <= 2 ? m + 9 : m - 3; /* 0-11 */
    /* Mar..Feb have 31 30 31 30 31 31 30 31 30 31 31 28/29 days. */
    int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    int64_t day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 -
                           year_of_cycle / 100 + day_of_year;

    return cycle * DAYS_PER_400_YEARS + day_of_cycle - DAYS_0000_03_01_TO_EPOCH;
}

/* The inverse of days_from_date. */
static void date_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + DAYS_0000_03_01_TO_EPOCH;
    int64_t cycle = floor_div(z, DAYS_PER_400_YEARS);
    int64_t day_of_cycle = z - cycle * DAYS_PER_400_YEARS; /* 0-146096 */
    /* Leap days: one every 4 years, none every 100, one every 400. */
    int64_t year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 -
         day_of_cycle / (DAYS_PER_400_YEARS - 1)) /
        365;
    int64_t day_of_year =
        day_of_cycle -
        (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153;

    *d = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    *m = (int)(month_from_march < 10 ? month_from_march + 3
                                     : month_from_march - 9);
    *y = year_of_cycle + cycle * 400 + (*m <= 2 ? 1 : 0);
}

int64_t rtc_tm_to_secs(const struct tm *tm)
{
    int64_t months = ((int64_t)tm->tm_year + 1900) * 12 + tm->tm_mon;
    int64_t year = floor_div(months, 12);
    int64_t days =
        days_from_date(year, months - year * 12 + 1, 1) + tm->tm_mday - 1;

    return days * RTC_SECS_PER_DAY + (int64_t)tm->tm_hour * 3600 +
           (int64_t)tm->tm_min * 60 + tm->tm_sec;
}

void rtc_secs_to_tm(int64_t secs, struct tm *tm)
{
    int64_t days = floor_div(secs, RTC_SECS_PER_DAY);
    int64_t rem = secs - days * RTC_SECS_PER_DAY;
    int64_t year;
    int month, day;

    date_from_days(days, &year, &month, &day);
    tm->tm_sec = (int)(rem % 60);
    tm->tm_min = (int)(rem / 60 % 60);
    tm->tm_hour = (int)(rem / 3600);
    tm->tm_mday = day;
    tm->tm_mon = month - 1;
    tm->tm_year = (int)(year - 1900);
    tm->tm_wday =
        (int)(days - floor_div(days + EPOCH_WDAY, 7) * 7 + EPOCH_WDAY);
    tm->tm_yday = (int)(days - days_from_date(year, 1, 1));
    tm->tm_isdst = 0;
}
