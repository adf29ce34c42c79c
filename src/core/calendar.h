/*-------------------------------------------------------------------------
 *
 * calendar.h
 *	  Periods of a regular series: days, ISO weeks and calendar months.
 *
 * Days are counted as in PostgreSQL's DateADT: day 0 is 2000-01-01.  A
 * period index is an integer that grows by one per period, so that a
 * series is a dense array indexed by (period - first period).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_CALENDAR_H
#define STK_CALENDAR_H

#include <stdint.h>
#include <stdbool.h>

typedef enum StkFreq
{
	STK_FREQ_DAY = 0,
	STK_FREQ_WEEK = 1,			/* ISO weeks, starting on Monday */
	STK_FREQ_MONTH = 2
} StkFreq;

#define STK_FREQ_COUNT 3

/* Days of 2000-01-01 relative to 1970-01-01, the civil-calendar epoch. */
#define STK_DAYS_1970_TO_2000 10957

extern bool stk_freq_parse(const char *name, StkFreq *freq);
extern const char *stk_freq_name(StkFreq freq);
extern int64_t stk_period_of_day(StkFreq freq, int32_t day);
extern int32_t stk_period_start_day(StkFreq freq, int64_t period);
extern int	stk_season_length(StkFreq freq);
extern void stk_civil_from_day(int32_t day, int *year, int *month, int *mday);
extern int32_t stk_day_from_civil(int year, int month, int mday);
extern int	stk_day_of_week(int32_t day);

#endif							/* STK_CALENDAR_H */
