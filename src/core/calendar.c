/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  Conversions between days, periods and civil dates.
 *
 * The civil-date conversions use the proleptic Gregorian calendar with
 * days counted from 2000-01-01 (PostgreSQL's date epoch), computed with
 * the era-based method (400-year cycles), which is exact for every day a
 * PostgreSQL date can hold.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "calendar.h"

/* ISO weeks start on Monday; 2000-01-03 (day 2) was a Monday. */
#define FIRST_MONDAY 2

static const char *const freq_names[STK_FREQ_COUNT] = {"day", "week", "month"};

/* Floor division, since C division truncates towards zero. */
static inline int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Parse a frequency name.  The adjective forms are accepted too, since
 * users write both "day" and "daily".
 */
bool
stk_freq_parse(const char *name, StkFreq *freq)
{
	static const struct
	{
		const char *name;
		StkFreq		freq;
	}			names[] = {
		{"day", STK_FREQ_DAY}, {"daily", STK_FREQ_DAY},
		{"week", STK_FREQ_WEEK}, {"weekly", STK_FREQ_WEEK},
		{"month", STK_FREQ_MONTH}, {"monthly", STK_FREQ_MONTH},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		if (strcmp(name, names[i].name) == 0)
		{
			*freq = names[i].freq;
			return true;
		}
	}
	return false;
}

const char *
stk_freq_name(StkFreq freq)
{
	if ((int) freq < 0 || (int) freq >= STK_FREQ_COUNT)
		return "unknown";
	return freq_names[freq];
}

/* Natural seasonal period of a frequency: a week of days, a year of months. */
int
stk_season_length(StkFreq freq)
{
	switch (freq)
	{
		case STK_FREQ_DAY:
			return 7;
		case STK_FREQ_WEEK:
			return 52;
		case STK_FREQ_MONTH:
			return 12;
	}
	return 1;
}

/* Civil date of a day number (day 0 = 2000-01-01). */
void
stk_civil_from_day(int32_t day, int *year, int *month, int *mday)
{
	int64_t		z = (int64_t) day + STK_DAYS_1970_TO_2000 + 719468;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int64_t		d = doy - (153 * mp + 2) / 5 + 1;
	int64_t		m = mp < 10 ? mp + 3 : mp - 9;
	int64_t		y = yoe + era * 400 + (m <= 2);

	*year = (int) y;
	*month = (int) m;
	*mday = (int) d;
}

/* Day number (day 0 = 2000-01-01) of a civil date. */
int32_t
stk_day_from_civil(int year, int month, int mday)
{
	int64_t		y = (int64_t) year - (month <= 2);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;
	int64_t		mp = month > 2 ? month - 3 : month + 9;
	int64_t		doy = (153 * mp + 2) / 5 + mday - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t) (era * 146097 + doe - 719468 - STK_DAYS_1970_TO_2000);
}

/* ISO day of week: 1 = Monday ... 7 = Sunday. */
int
stk_day_of_week(int32_t day)
{
	return (int) (((int64_t) day - FIRST_MONDAY) - floor_div((int64_t) day - FIRST_MONDAY, 7) * 7) + 1;
}

/* Index of the period that contains a day. */
int64_t
stk_period_of_day(StkFreq freq, int32_t day)
{
	int			y,
				m,
				d;

	switch (freq)
	{
		case STK_FREQ_DAY:
			return day;
		case STK_FREQ_WEEK:
			return floor_div((int64_t) day - FIRST_MONDAY, 7);
		case STK_FREQ_MONTH:
			stk_civil_from_day(day, &y, &m, &d);
			return (int64_t) y * 12 + (m - 1);
	}
	return day;
}

/* First day of a period; the inverse of stk_period_of_day on period starts. */
int32_t
stk_period_start_day(StkFreq freq, int64_t period)
{
	switch (freq)
	{
		case STK_FREQ_DAY:
			return (int32_t) period;
		case STK_FREQ_WEEK:
			return (int32_t) (period * 7 + FIRST_MONDAY);
		case STK_FREQ_MONTH:
			return stk_day_from_civil((int) floor_div(period, 12),
									  (int) (period - floor_div(period, 12) * 12) + 1, 1);
	}
	return (int32_t) period;
}
