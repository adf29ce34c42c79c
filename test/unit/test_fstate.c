/*-------------------------------------------------------------------------
 *
 * test_fstate.c
 *	  Unit tests of the per-product forecast state (core/fstate.h): the
 *	  O(1) update continues exactly the recursions a fit runs, packing is
 *	  lossless and unpacking refuses corrupted states, the count band and
 *	  the stock-out probability match R, the day bookkeeping of
 *	  stk_fstate_apply matches a hand computation.
 *
 * R values: qpois(c(0.001, 0.999), 10) = 2 21; 1 - ppois(25, 20) =
 * 0.11218497271797.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "fstate.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

/* Four weeks of daily sales with a weekly pattern. */
static const double week4[28] = {
	12, 9, 10, 11, 14, 18, 7, 11, 10, 9, 12, 15, 17, 8,
	13, 9, 11, 10, 13, 19, 6, 12, 8, 10, 11, 16, 18, 7
};

static const double sparse[24] = {
	0, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 5, 0, 0, 0, 1, 0, 2, 0, 0, 0, 4, 0, 0
};

/* A fit on n-1 days plus one update is the fit's own recursion on n days. */
static void
test_update_continues_fit(void)
{
	StkEtsSpec spec;
	StkEtsModel m1,
				m2;
	StkFState	st;
	double		init[8] = {11, 1, -2, -1, 0, 3, 6, -7};
	StkIntermittentOptions opt;
	StkIntermittentFit f1,
				f2;
	StkForecast fc;

	stk_ets_spec_init(&spec);
	spec.error = 'A';
	spec.trend = 'N';
	spec.season = 'A';
	spec.damped = 0;
	spec.alpha = 0.2;
	spec.gamma = 0.1;
	spec.init_states = init;
	tap_ok(stk_ets_fit(week4, 27, 7, &spec, A, &m1) == STK_OK &&
		   stk_ets_fit(week4, 28, 7, &spec, A, &m2) == STK_OK, "ETS(A,N,A) fits with fixed parameters");
	memset(&st, 0, sizeof(st));
	st.kind = STK_FS_ETS;
	st.ets = m1;
	tap_ok(stk_fstate_update(&st, week4[27]) == STK_OK, "update by one day");
	tap_is_double(st.ets.level, m2.level, 1e-12, "ETS level after the update = fit on 28 days");
	tap_is_double(st.ets.season_state[(st.ets.spos + 6) % 7], m2.season_state[(m2.spos + 6) % 7], 1e-12,
				  "ETS season just updated = fit on 28 days");
	tap_is_double(stk_fstate_mean(&st, 3), m2.level + m2.season_state[(m2.spos + 2) % 7], 1e-12,
				  "3-day-ahead mean = level + season of that weekday");

	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_SBA;
	opt.alpha = opt.alpha_interval = 0.15;
	tap_ok(stk_intermittent_forecast(sparse, 23, &opt, 1, A, &fc, &f1) == STK_OK, "SBA fit on 23 days");
	stk_forecast_free(&fc, A);
	tap_ok(stk_intermittent_forecast(sparse, 24, &opt, 1, A, &fc, &f2) == STK_OK, "SBA fit on 24 days");
	stk_forecast_free(&fc, A);
	memset(&st, 0, sizeof(st));
	st.kind = STK_FS_SBA;
	st.im = f1;
	stk_fstate_update(&st, sparse[23]);
	tap_is_double(stk_fstate_mean(&st, 1), f2.forecast, 1e-12, "SBA forecast after the update = fit on 24 days");
}

static void
test_pack(void)
{
	StkFState	st,
				back;
	double		v[STK_FSTATE_MAXLEN];
	double		w[STK_FSTATE_MAXLEN];
	int			n;
	int			bad = 0;

	tap_ok(stk_fstate_fit(week4, 28, A, &st) == STK_OK && st.kind == STK_FS_ETS &&
		   st.ets.season == 'A', "a weekly series gets ETS(A,N,A)");
	n = stk_fstate_pack(&st, v);
	tap_ok(n == 14 + 7, "packed ETS(A,N,A) has 21 elements");
	tap_ok(stk_fstate_unpack(v, n, &back) == STK_OK, "unpacks");
	tap_ok(stk_fstate_pack(&back, w) == n && memcmp(v, w, sizeof(double) * n) == 0,
		   "pack(unpack(pack)) is identical");
	for (int h = 1; h <= 10; h++)
		if (stk_fstate_mean(&st, h) != stk_fstate_mean(&back, h))
			bad++;
	tap_ok(bad == 0, "unpacked state forecasts the same");

	/* every element NaN, and a few impossible values: refused */
	bad = 0;
	for (int i = 0; i < n; i++)
	{
		memcpy(w, v, sizeof(double) * n);
		w[i] = NAN;
		if (stk_fstate_unpack(w, n, &back) != STK_ECORRUPT)
			bad++;
	}
	tap_ok(bad == 0, "a NaN anywhere: STK_ECORRUPT");
	memcpy(w, v, sizeof(double) * n);
	w[6] = 1.5;
	tap_ok(stk_fstate_unpack(w, n, &back) == STK_ECORRUPT, "alpha 1.5: STK_ECORRUPT");
	memcpy(w, v, sizeof(double) * n);
	w[13] = 7;
	tap_ok(stk_fstate_unpack(w, n, &back) == STK_ECORRUPT, "season position 7 of 7: STK_ECORRUPT");
	tap_ok(stk_fstate_unpack(v, n - 1, &back) == STK_ECORRUPT, "one element short: STK_ECORRUPT");
	w[0] = 3;
	tap_ok(stk_fstate_unpack(w, n, &back) == STK_ECORRUPT, "unknown tag: STK_ECORRUPT");

	tap_ok(stk_fstate_fit(sparse, 24, A, &st) == STK_OK && st.kind == STK_FS_SBA,
		   "an intermittent series gets SBA");
	n = stk_fstate_pack(&st, v);
	tap_ok(n == 9 && stk_fstate_unpack(v, n, &back) == STK_OK &&
		   stk_fstate_mean(&back, 1) == stk_fstate_mean(&st, 1), "SBA packs and unpacks");
	v[4] = 0.5;
	tap_ok(stk_fstate_unpack(v, n, &back) == STK_ECORRUPT, "SBA interval below 1: STK_ECORRUPT");
}

/* ETS(A,N,N), alpha 0.5, level 10, variance 4 */
static void
hand_state(StkFState *st)
{
	double		v[14] = {1001, 0, 0, 1, 20, 2, 0.5, 0, 0, 1, 4, 10, 0, 0};

	stk_fstate_unpack(v, 14, st);
}

static void
test_band_and_apply(void)
{
	StkFState	st;
	StkFBand	b;
	StkFDays	d;
	double		p;
	int32_t		days[2] = {100, 103};
	double		qty[2] = {14, 6};

	hand_state(&st);
	tap_ok(stk_fstate_band(&st, 0.001, 0.001, A, &b) == STK_OK, "band");
	tap_ok(b.mean == 10 && b.var == 10 && b.lo == 2 && b.hi == 21,
		   "Poisson(10) band at 0.001: 2 and 21 (R's qpois)");
	tap_is_double(b.p_zero, exp(-10), 1e-12, "P(no sale) = exp(-10)");
	tap_ok(stk_fstate_band(&st, 0, 0.1, A, &b) == STK_EINVAL, "p_lo 0: STK_EINVAL");
	tap_ok(stk_fstate_stockout_prob(&st, 25, 1, 2, &p) == STK_OK, "stock-out probability");
	tap_is_double(p, 0.11218497271797, 1e-10, "P(2 days > 25) = 1 - ppois(25, 20)");

	memset(&d, 0, sizeof(d));
	d.open_day = d.last_sale_day = STK_FS_NO_DAY;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 2, 0.001, 0.001, false, NULL, A) == STK_OK, "apply two days");
	tap_ok(d.open_day == 103 && d.open_qty == 6 && d.updates == 3 && d.last_sale_day == 103,
		   "day 103 open with 6, three days folded (100 and the zeros 101, 102)");
	tap_is_double(st.ets.level, 3, 1e-12, "level 10 -> 12 -> 6 -> 3");
	tap_is_double(st.ets.sigma2, 5.540032, 1e-12, "winsorised variance 4 -> 4.24 -> 4.9184 -> 5.540032");
	tap_ok(d.spike_day == STK_FS_NO_DAY && d.drop_day == STK_FS_NO_DAY, "no spike, no drop");

	hand_state(&st);
	memset(&d, 0, sizeof(d));
	d.open_day = 100;
	d.open_qty = 1;
	d.last_sale_day = 100;
	days[0] = 101;
	qty[0] = 30;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 1, 0.001, 0.001, false, NULL, A) == STK_OK &&
		   d.drop_day == 100 && d.drop_qty == 1 && d.drop_band == 2, "1 unit on a day with band 2..21: a drop");
	tap_ok(d.spike_day == 101 && d.spike_qty == 30, "30 units the next day: a spike");

	days[0] = 99;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 1, 0.001, 0.001, false, NULL, A) == STK_OK &&
		   d.late == 1 && d.open_day == 101 && d.open_qty == 30, "a day before the open one is late, ignored");
	days[0] = 105;
	days[1] = 104;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 2, 0.001, 0.001, false, NULL, A) == STK_EORDER, "days out of order: STK_EORDER");
	days[1] = 106;
	qty[1] = NAN;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 2, 0.001, 0.001, false, NULL, A) == STK_ENONFINITE, "NaN units: STK_ENONFINITE");
}

/*
 * Known lifts (events): a day's band has its mean moved by the lift, and
 * the day's units less the lift are what the model learns.
 */
static void
test_lifts(void)
{
	StkFState	st;
	StkFBand	b;
	StkFDays	d;
	int32_t		lday[2] = {101, 104};
	double		lqty[2] = {20, -3};
	StkFLifts	lifts = {lday, lqty, 2};
	int32_t		days[2] = {101, 102};
	double		qty[2] = {30, 10};

	hand_state(&st);
	tap_ok(stk_fstate_band_lift(&st, 15, 0.001, 0.001, A, &b) == STK_OK &&
		   b.mean == 25 && b.lo == 11 && b.hi == 42,
		   "band with a lift of 15: Poisson(25), 11 and 42 (R's qpois)");
	tap_ok(stk_fstate_band_lift(&st, -15, 0.001, 0.001, A, &b) == STK_OK && b.mean == 0 && b.hi == 0,
		   "a negative lift larger than the mean: mean 0");
	tap_ok(stk_fstate_band_lift(&st, NAN, 0.001, 0.001, A, &b) == STK_EINVAL, "NaN lift: STK_EINVAL");
	tap_ok(stk_flift_of(&lifts, 104) == -3 && stk_flift_of(&lifts, 103) == 0 && stk_flift_of(NULL, 101) == 0,
		   "lift of a listed day, of another, of none");

	memset(&d, 0, sizeof(d));
	d.open_day = 100;
	d.open_qty = 10;
	d.last_sale_day = 100;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 1, 0.001, 0.001, false, &lifts, A) == STK_OK &&
		   d.spike_day == STK_FS_NO_DAY && d.band.hi == 48,
		   "30 units on a day lifted by 20: within its band (Poisson(30): up to 48), no spike");
	tap_ok(stk_fstate_apply(&st, &d, days + 1, qty + 1, 1, 0.001, 0.001, false, &lifts, A) == STK_OK,
		   "the next day");
	tap_is_double(st.ets.level, 10, 1e-12, "the model learnt 30 - 20 = 10: level stays 10");

	hand_state(&st);
	memset(&d, 0, sizeof(d));
	d.open_day = 100;
	d.open_qty = 10;
	d.last_sale_day = 100;
	tap_ok(stk_fstate_apply(&st, &d, days, qty, 1, 0.001, 0.001, false, NULL, A) == STK_OK &&
		   d.spike_day == 101 && d.spike_qty == 30,
		   "without the lift the same day is a spike");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_update_continues_fit();
	test_pack();
	test_band_and_apply();
	test_lifts();
	return tap_done();
}
