/*
 * test_series.c
 *	  Unit tests of the calendar and the series builder (no server needed).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "series.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

static void
test_calendar(void)
{
	int			y,
				m,
				d;
	StkFreq		f;

	/* day 0 is 2000-01-01, a Saturday */
	stk_civil_from_day(0, &y, &m, &d);
	tap_ok(y == 2000 && m == 1 && d == 1, "day 0 is 2000-01-01");
	tap_ok(stk_day_of_week(0) == 6, "2000-01-01 is a Saturday");
	tap_ok(stk_day_from_civil(2026, 3, 2) == 9557, "2026-03-02 is day 9557");
	stk_civil_from_day(-1, &y, &m, &d);
	tap_ok(y == 1999 && m == 12 && d == 31, "day -1 is 1999-12-31");
	stk_civil_from_day(stk_day_from_civil(2024, 2, 29), &y, &m, &d);
	tap_ok(y == 2024 && m == 2 && d == 29, "leap day round-trips");

	/* every day from 1900 to 2100 round-trips and weeks start on Monday */
	{
		int			bad = 0;

		for (int32_t day = stk_day_from_civil(1900, 1, 1);
			 day <= stk_day_from_civil(2100, 12, 31); day++)
		{
			int64_t		w = stk_period_of_day(STK_FREQ_WEEK, day);
			int64_t		mo = stk_period_of_day(STK_FREQ_MONTH, day);
			int32_t		ws = stk_period_start_day(STK_FREQ_WEEK, w);
			int32_t		ms = stk_period_start_day(STK_FREQ_MONTH, mo);

			stk_civil_from_day(day, &y, &m, &d);
			if (stk_day_from_civil(y, m, d) != day ||
				stk_day_of_week(ws) != 1 || ws > day || day - ws > 6 ||
				ms > day || stk_period_of_day(STK_FREQ_MONTH, ms) != mo)
				bad++;
			stk_civil_from_day(ms, &y, &m, &d);
			if (d != 1)
				bad++;
		}
		tap_ok(bad == 0, "1900-2100: civil dates, ISO weeks and months are consistent");
	}

	tap_ok(stk_freq_parse("weekly", &f) && f == STK_FREQ_WEEK, "weekly parses");
	tap_ok(!stk_freq_parse("hourly", &f), "hourly is refused");
	tap_ok(stk_season_length(STK_FREQ_MONTH) == 12, "months have a 12-period season");
}

static void
test_builder(void)
{
	StkSeriesBuilder b,
				c,
				r;
	int32_t		d0 = stk_day_from_civil(2026, 1, 1);
	unsigned char *buf;
	size_t		size;

	stk_builder_init(&b, STK_FREQ_DAY);
	/* backwards, forwards and a far jump: growth at both ends */
	tap_ok(stk_builder_add(&b, A, d0 + 10, 2, STK_ROW_SALE, 1000) == STK_OK, "add day 10");
	tap_ok(stk_builder_add(&b, A, d0, 1, STK_ROW_SALE, 1000) == STK_OK, "add day 0");
	tap_ok(stk_builder_add(&b, A, d0 + 20, -3, STK_ROW_SALE, 1000) == STK_OK, "negative sale");
	tap_ok(stk_builder_add(&b, A, d0 + 5, NAN, STK_ROW_CLOSED, 1000) == STK_OK,
		   "closed rows ignore the quantity");
	for (int i = 0; i < 300; i++)
		stk_builder_add(&b, A, d0 - i, 1, STK_ROW_SALE, 1000);
	tap_ok(b.len == 320 && b.first == d0 - 299, "covers 320 days from day -299");
	tap_is_double(stk_builder_demand(&b, 299), 2, 0, "day 0 holds 1 + 1");
	tap_is_double(stk_builder_demand(&b, 309), 2, 0, "day 10 holds 2");
	tap_is_double(stk_builder_demand(&b, 319), 0, 0, "a return is not demand");
	tap_is_double(stk_builder_returns(&b, 319), 3, 0, "returns kept apart");
	tap_ok(stk_builder_flags(&b, 304) == STK_FLAG_CLOSED, "closed flag");
	{
		bool		masked[320];

		tap_ok(stk_builder_masked(&b, masked) == 1 && masked[304] && !masked[303] && !masked[305],
			   "stk_builder_masked: the closed day alone");
	}
	tap_ok(stk_builder_add(&b, A, d0 + 1000, 1, STK_ROW_SALE, 1000) == STK_ETOOLONG,
		   "length limit refuses before allocating");
	tap_ok(stk_builder_add(&b, A, d0, INFINITY, STK_ROW_SALE, 1000) == STK_ENONFINITE,
		   "infinite quantity refused");

	/* serialise / deserialise / merge */
	size = stk_builder_serial_size(&b);
	buf = malloc(size);
	stk_builder_serialize(&b, buf);
	tap_ok(stk_builder_deserialize(&r, A, buf, size, 1000) == STK_OK, "deserialise");
	tap_ok(r.len == b.len && r.first == b.first && r.nrows == b.nrows &&
		   memcmp(r.demand + r.off, b.demand + b.off, sizeof(double) * b.len) == 0,
		   "round trip is exact");
	tap_ok(stk_builder_deserialize(&c, A, buf, size, 100) == STK_ETOOLONG,
		   "deserialise honours the length limit");

	/* every single-byte truncation and every flipped header byte is caught */
	{
		int			accepted = 0;

		for (size_t cut = 0; cut < size; cut++)
			if (stk_builder_deserialize(&c, A, buf, cut, 1000) == STK_OK)
			{
				accepted++;
				stk_builder_free(&c, A);
			}
		tap_ok(accepted == 0, "no truncated state is accepted");
		for (size_t i = 0; i < 8; i++)
		{
			buf[i] ^= 0x5a;
			if (stk_builder_deserialize(&c, A, buf, size, 1000) == STK_OK)
			{
				accepted++;
				stk_builder_free(&c, A);
			}
			buf[i] ^= 0x5a;
		}
		tap_ok(accepted == 0, "no state with a damaged header is accepted");
	}

	/* merging two halves equals building from all rows */
	stk_builder_init(&c, STK_FREQ_DAY);
	stk_builder_add(&c, A, d0 + 400, 7, STK_ROW_SALE, 1000);
	tap_ok(stk_builder_merge(&r, A, &c, 1000) == STK_OK, "merge");
	tap_ok(r.len == 700 && stk_builder_demand(&r, 699) == 7 &&
		   stk_builder_demand(&r, 299) == 2, "merged series spans both");
	tap_ok(stk_builder_merge(&r, A, &c, 500) == STK_ETOOLONG, "merge honours the limit");

	free(buf);
	stk_builder_free(&b, A);
	stk_builder_free(&c, A);
	stk_builder_free(&r, A);
}

static void
test_sorted(void)
{
	StkSeriesBuilder b;
	int32_t		days[] = {100, 101, 99};
	double		qty[] = {1, 2, 3};
	size_t		bad;

	stk_builder_init(&b, STK_FREQ_WEEK);
	tap_ok(stk_builder_add_sorted(&b, A, days, qty, NULL, 3, 1000, &bad) == STK_EORDER &&
		   bad == 2, "unsorted days refused at the offending row");
	tap_ok(stk_builder_add_sorted(&b, A, days, qty, NULL, 2, 1000, &bad) == STK_OK &&
		   b.len == 1 && stk_builder_demand(&b, 0) == 3, "days 100 and 101 share a week");
	stk_builder_free(&b, A);
}

int
main(void)
{
	test_calendar();
	test_builder();
	test_sorted();
	return tap_done();
}
