/*-------------------------------------------------------------------------
 *
 * test_cancel.c
 *	  Unit tests of the core's cancellation: every long loop looks at
 *	  stk_interrupted() and returns STK_ECANCELED, having freed what it
 *	  held, and no caller swallows that status into a fallback.
 *
 * The hook returns true from its (K+1)-th call on, as the server's does
 * once a cancel is pending.  For each public entry point a run without a
 * hook gives the reference result and a run with a hook that never fires
 * counts the checks (C) and must give the same result bit for bit; then
 * K = 0, 1, 5, 50 and a sweep of K over 0 .. C-1 must each return
 * STK_ECANCELED (K >= C: the call completes, the hook never fired).  Run
 * under valgrind for leaks and invalid reads on every cancellation path.
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "arima.h"
#include "backtest.h"
#include "count_dist.h"
#include "ets.h"
#include "explain.h"
#include "forecast_run.h"
#include "fstate.h"
#include "intermittent.h"
#include "inventory_loss.h"
#include "pooled_fill_rate.h"
#include "prophet.h"
#include "rdatasets.h"
#include "reorder.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

static const double levels3[3] = {0.1, 0.5, 0.9};

/* A forecast request over AirPassengers (monthly), P10/P50/P90 */
static StkForecastRequest
monthly_request(StkMethod method, int horizon, uint64_t seed)
{
	StkForecastRequest req = {.y = AirPassengers, .n = 144, .period = 12, .method = method,
	.horizon = horizon, .levels = levels3, .nlevels = 3, .seed = seed};

	return req;
}

/* ---------------------------------------------------------------------
 * The hook and the result digest
 * --------------------------------------------------------------------- */

static long hook_calls;
static long hook_after;
static bool hook_fired;

static bool
cancel_after(void)
{
	if (hook_calls++ >= hook_after)
	{
		hook_fired = true;
		return true;
	}
	return false;
}

/* What a case computed, compared bit for bit between runs. */
#define MAXDIG 4096
static double dig[MAXDIG];
static int	ndig;

static void
put(double v)
{
	if (ndig < MAXDIG)
		dig[ndig++] = v;
}

static void
put_array(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		put(v[i]);
}

static void
put_string(const char *s)
{
	while (*s)
		put((unsigned char) *s++);
}

/* One call of a public entry point; on success it puts its result. */
typedef StkStatus (*CaseFn) (void);

typedef struct Case
{
	const char *name;
	CaseFn		fn;
	int			sweep;			/* most K values tried in the sweep */
} Case;

/* Run fn with the hook firing after k calls (k < 0: no hook at all). */
static StkStatus
run_with(CaseFn fn, long k, bool *fired)
{
	StkStatus	st;

	hook_calls = 0;
	hook_after = k;
	hook_fired = false;
	ndig = 0;
	stk_interrupt_hook = k < 0 ? NULL : cancel_after;
	st = fn();
	stk_interrupt_hook = NULL;
	if (fired)
		*fired = hook_fired;
	return st;
}

/* Cancelled after k calls: STK_ECANCELED when it fired, else success. */
static bool
cancel_ok(CaseFn fn, long k, StkStatus *got)
{
	bool		fired;
	StkStatus	st = run_with(fn, k, &fired);

	*got = st;
	return fired ? st == STK_ECANCELED : st == STK_OK;
}

static void
check_case(const Case *c)
{
	static const long ks[4] = {0, 1, 5, 50};
	double		ref[MAXDIG];
	int			nref;
	long		calls;
	StkStatus	st;
	int			nsweep,
				bad = 0;
	long		bad_k = -1;
	StkStatus	bad_st = STK_OK;

	/* the reference: no hook */
	st = run_with(c->fn, -1, NULL);
	tap_ok(st == STK_OK, "%s: without a hook: %s", c->name, stk_status_message(st));
	memcpy(ref, dig, sizeof(double) * ndig);
	nref = ndig;

	/* a hook that never fires: the same result, and the number of checks */
	st = run_with(c->fn, LONG_MAX, NULL);
	calls = hook_calls;
	tap_ok(st == STK_OK && ndig == nref && memcmp(ref, dig, sizeof(double) * ndig) == 0,
		   "%s: a hook that never fires changes nothing (%ld checks)", c->name, calls);
	tap_ok(calls >= 2, "%s: looks at the hook (%ld times)", c->name, calls);

	for (int i = 0; i < 4; i++)
	{
		bool		ok = cancel_ok(c->fn, ks[i], &st);

		tap_ok(ok, "%s: hook true after %ld calls: %s%s", c->name, ks[i],
			   stk_status_message(st),
			   ks[i] >= calls ? " (never fired: fewer checks)" : "");
	}

	/* every cancellation point, or an even spread of them */
	nsweep = calls < c->sweep ? (int) calls : c->sweep;
	for (int i = 0; i < nsweep; i++)
	{
		long		k = nsweep == calls ? i :
			(long) ((double) i * (calls - 1) / (nsweep - 1) + 0.5);

		if (!cancel_ok(c->fn, k, &st))
		{
			if (bad++ == 0)
			{
				bad_k = k;
				bad_st = st;
			}
		}
	}
	tap_ok(bad == 0, "%s: cancelled at %d of its %ld check points: STK_ECANCELED each time",
		   c->name, nsweep, calls);
	if (bad > 0)
		printf("#   %d failed, first at K = %ld: %s\n", bad, bad_k,
			   stk_status_message(bad_st));
}

/* ---------------------------------------------------------------------
 * The cases
 * --------------------------------------------------------------------- */

static void
put_forecast_result(const StkForecastResult *r)
{
	put_array(r->point, r->horizon);
	put_array(r->quantiles, r->horizon * r->nlevels);
	put_array(r->p10_50_90, r->horizon * 3);
	put_string(r->model);
	put_string(r->note);
}

/* Backtest of 'auto' on monthly data: ETS, OTM and ARIMA per window. */
static StkStatus
case_backtest(void)
{
	StkBacktestRequest req;
	StkBacktestResult res;
	StkStatus	st;

	memset(&req, 0, sizeof(req));
	req.fc = monthly_request(STK_METHOD_AUTO, 6, 1);
	req.windows = 3;
	req.step = 6;
	req.scale_lag = 12;
	st = stk_backtest_run(&req, A, &res);
	if (st != STK_OK)
		return st;
	put(res.windows);
	put(res.failed);
	for (int k = 0; k < res.horizon; k++)
	{
		StkAccuracyResult r;
		double		pin[3],
					spl[3],
					cov[3];

		r.pinball = pin;
		r.spl = spl;
		r.coverage = cov;
		stk_accuracy_result(&res.steps[k], &r);
		put(r.mase);
		put(r.rmsse);
		put_array(pin, 3);
	}
	put_string(res.model);
	stk_backtest_result_free(&res, A);
	return STK_OK;
}

/* 'auto' on monthly data: three members, their holdout */
static StkStatus
case_auto(void)
{
	StkForecastRequest req;
	StkForecastResult res;
	StkStatus	st;

	req = monthly_request(STK_METHOD_AUTO, 12, 7);
	st = stk_forecast_run(&req, A, &res);
	if (st != STK_OK)
		return st;
	put_forecast_result(&res);
	stk_forecast_result_free(&res, A);
	return STK_OK;
}

/* A daily series with events, as in test_prophet.c. */
#define EV_N 800
static double ev_y[EV_N];
static int32_t ev_days[3] = {9100, 9465, 9810};
static int32_t ev_names[3] = {0, 0, 0};

/* 'auto' with events: the events' fit, then 'auto' on the rest */
static StkStatus
case_auto_events(void)
{
	StkEventCalendar cal = {STK_FREQ_DAY, 9000, ev_days, ev_names, 3, 1, 1, 0};
	StkForecastRequest req;
	StkForecastResult res;
	StkStatus	st;

	memset(&req, 0, sizeof(req));
	req.y = ev_y;
	req.n = EV_N;
	req.period = 7;
	req.method = STK_METHOD_AUTO;
	req.horizon = 14;
	req.levels = levels3;
	req.nlevels = 3;
	req.seed = 1;
	req.calendar = &cal;
	st = stk_forecast_run(&req, A, &res);
	if (st != STK_OK)
		return st;
	put_forecast_result(&res);
	stk_forecast_result_free(&res, A);
	return STK_OK;
}

/* method prophet on the same daily series */
static StkStatus
case_prophet(void)
{
	StkProphetOptions o;
	StkForecast fc;
	StkProphetFit fit;
	StkStatus	st;

	stk_prophet_options_init(&o);
	o.period = 7;
	o.seed = 3;
	st = stk_prophet(ev_y, EV_N, 28, &o, A, &fc, &fit);
	if (st != STK_OK)
		return st;
	put_array(fc.mean, 28);
	put_array(fc.paths, fc.nsim * 28);
	put(fit.sigma);
	put(fit.iterations);
	stk_forecast_free(&fc, A);
	return STK_OK;
}

static StkStatus
case_ets(void)
{
	StkEtsModel mod;
	StkStatus	st = stk_ets_auto(AirPassengers, 144, 12, A, &mod);

	if (st != STK_OK)
		return st;
	put(mod.aicc);
	put(mod.alpha);
	put(mod.beta);
	put(mod.gamma);
	put(mod.phi);
	put_string(mod.name);
	return STK_OK;
}

static StkStatus
case_arima(void)
{
	StkArimaModel mod;
	StkStatus	st = stk_arima_auto(AirPassengers, 144, 12, NULL, A, &mod);

	if (st != STK_OK)
		return st;
	put(mod.aicc);
	put_array(mod.coef, mod.ncoef);
	put_string(mod.name);
	return STK_OK;
}

/* An intermittent series: a demand every few days. */
#define IM_N 400
static double im_y[IM_N];

/* IMAPA over levels 1 .. n/2, parameters optimised */
static StkStatus
case_imapa(void)
{
	StkIntermittentOptions opt;
	StkIntermittentFit fit;
	StkForecast fc;
	StkStatus	st;

	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_IMAPA;
	opt.optimize = true;
	opt.max_level = IM_N / 2;
	st = stk_intermittent_forecast(im_y, IM_N, &opt, 7, A, &fc, &fit);
	if (st != STK_OK)
	{
		stk_forecast_free(&fc, A);
		return st;
	}
	put_array(fc.mean, 7);
	put(fit.sigma2);
	put(fit.agg_level);
	stk_forecast_free(&fc, A);
	return STK_OK;
}

static void
put_plan(const StkReorderPlan *p)
{
	put(p->order_up_to);
	put(p->reorder_point);
	put(p->mean_protection);
	put(p->sd_protection);
	put(p->service);
	put(p->np);
	put(p->nl);
	put_string(p->method);
}

/* A reorder plan of y with the given lead time and period; puts the plan. */
static StkStatus
reorder_case(const double *y, int n, double lead_mean, double lead_sd, int period)
{
	StkReorderOptions opt;
	StkReorderPlan plan;
	StkStatus	st;

	stk_reorder_options_default(&opt);
	opt.lead_mean = lead_mean;
	opt.lead_sd = lead_sd;
	opt.review = 7;
	if (period > 0)
		opt.period = period;
	st = stk_reorder_plan(y, n, &opt, A, &plan);
	if (st == STK_OK)
		put_plan(&plan);
	stk_reorder_plan_free(&plan, A);
	return st;
}

/* A lumpy slow mover with a random lead time: compound Bernoulli windows */
static StkStatus
case_reorder_slow(void)
{
	return reorder_case(im_y, IM_N, 14, 4, 0);
}

/* A smooth seller: 'auto' forecast, then the windows */
static StkStatus
case_reorder_smooth(void)
{
	return reorder_case(ev_y, 400, 5, 2, 7);
}

/* Count distributions over long supports. */
static StkStatus
case_count_dist(void)
{
	StkCountDist d;
	double	   *pmf;
	int			len;
	double		q[3];
	StkStatus	st;

	/* shifted Poisson sizes of mean 3e4: a long walk of the cdf */
	if ((st = stk_count_bernoulli_spoisson(0.5, 3e4, A, &d)) != STK_OK)
		return st;
	put(d.nsize);
	put(d.size_mean);
	stk_count_dist_free(&d, A);

	/* sizes of mean 100 over 20 periods: a long convolution */
	if ((st = stk_count_bernoulli_spoisson(10, 100, A, &d)) != STK_OK)
		return st;
	st = stk_count_window_quantiles(&d, NULL, 20, levels3, 3, A, q);
	stk_count_dist_free(&d, A);
	if (st != STK_OK)
		return st;
	put_array(q, 3);

	/* a negative binomial window of mean 1e5: a long walk of the pdf */
	stk_count_negbin(1e4, 3e4, &d);
	if ((st = stk_count_window_pmf(&d, NULL, 10, 0, A, &pmf, &len)) != STK_OK)
		return st;
	put(len);
	put(pmf[len / 2]);
	free(pmf);
	return STK_OK;
}

/* Negative binomial losses whose sums run to their cap. */
static StkStatus
case_negbin_loss(void)
{
	StkCountDist d;
	double		l,
				c;
	StkStatus	st;

	/* r = 1: the complement's head never falls off (2 x 1e5 terms) */
	stk_count_negbin(1e10, 1e20, &d);
	if ((st = stk_negbin_loss(1e5 + 0.5, d.nb_size, d.nb_prob, &l, &c)) != STK_OK)
		return st;
	put(l);
	put(c);
	/* r = 1e-3, p = 1e-4: the tail above the mean (10) is long (5e5 terms) */
	if ((st = stk_negbin_loss(20, 1e-3, 1e-4, &l, NULL)) != STK_OK)
		return st;
	put(l);
	return STK_OK;
}

/* Twelve items of a pooled fill-rate group, from their reorder plans. */
#define PF_ITEMS 12
static StkReorderPlan pf_plans[PF_ITEMS];
static StkPooledItem pf_items[PF_ITEMS];

static StkStatus
case_pooled(void)
{
	double		lv[PF_ITEMS],
				price,
				achieved;
	StkStatus	st;

	st = stk_pooled_fill_rate_levels(pf_items, PF_ITEMS, 0.97,
									 STK_POOLED_COST_ON_HAND, A, lv, &price,
									 &achieved);
	if (st != STK_OK)
		return st;
	put_array(lv, PF_ITEMS);
	put(price);
	put(achieved);
	return STK_OK;
}

/* A fitted state folds 120 days with gaps and lifts. */
#define FS_DAYS 120
static StkStatus
case_fstate(void)
{
	StkFState	st;
	StkFDays	d;
	int32_t		days[FS_DAYS],
				lday[STK_FLIFTS_MAX];
	double		qty[FS_DAYS],
				lqty[STK_FLIFTS_MAX];
	StkFLifts	lifts = {lday, lqty, STK_FLIFTS_MAX};
	StkStatus	status;

	if ((status = stk_fstate_fit(ev_y, 200, A, &st)) != STK_OK)
		return status;
	for (int i = 0; i < FS_DAYS; i++)
	{
		days[i] = 1000 + 3 * i;
		qty[i] = 20 + (i % 5);
	}
	for (int j = 0; j < STK_FLIFTS_MAX; j++)
	{
		lday[j] = 1001 + j;
		lqty[j] = j % 3 == 0 ? 5 : -2;
	}
	memset(&d, 0, sizeof(d));
	d.open_day = STK_FS_NO_DAY;
	d.last_sale_day = STK_FS_NO_DAY;
	status = stk_fstate_apply(&st, &d, days, qty, FS_DAYS, 0.01, 0.01, false,
							  &lifts, A);
	if (status != STK_OK)
		return status;
	put(st.ets.level);
	put(d.updates);
	put(d.band.lo);
	put(d.band.hi);
	put(d.spike_day);
	put(d.drop_day);
	return STK_OK;
}

/* The explanation of ETS: the forecast, then the ETS fit again */
static StkStatus
case_explain(void)
{
	StkForecastRequest req;
	StkExplain ex;
	StkStatus	st;

	req = monthly_request(STK_METHOD_ETS, 12, 0);
	st = stk_forecast_explain(&req, A, &ex);
	if (st != STK_OK)
		return st;
	put(ex.level);
	put(ex.trend);
	put_array(ex.season, ex.nseason);
	put_string(ex.reason);
	return STK_OK;
}

static void
setup(void)
{
	for (int t = 0; t < EV_N; t++)
	{
		ev_y[t] = 20 + 4 * (t % 7 == 5) + 3 * sin(t * t * 0.37);
		if (t == 99 || t == 100 || t == 464 || t == 465)
			ev_y[t] += 30;
	}
	/* lumpy: a demand every 3 to 7 days, sizes 1 to 40 */
	for (int t = 0; t < IM_N; t++)
		im_y[t] = (t * 7 % 5 == 0 && t % 3 != 1) ? 1 + (t * 37 % 40) : 0;
	for (int i = 0; i < PF_ITEMS; i++)
	{
		StkReorderOptions opt;
		int			n = 120 + 20 * i;

		stk_reorder_options_default(&opt);
		opt.lead_mean = 3 + i % 4;
		opt.review = 7;
		opt.method = STK_METHOD_MEAN;
		opt.level_crit = 0;
		if (stk_reorder_plan(i % 2 ? im_y : ev_y, n, &opt, A, &pf_plans[i]) != STK_OK)
			abort();
		pf_items[i].tp = pf_plans[i].loss_p;
		pf_items[i].np = pf_plans[i].np;
		pf_items[i].tl = pf_plans[i].loss_l;
		pf_items[i].nl = pf_plans[i].nl;
	}
}

/*
 * stk_negbin_loss(1999999999.5, mean 1e10, variance 1e20), the audit's
 * case: it summed 2e9 terms of a complement nobody asked for (11 s).
 */
static void
test_negbin_loss_fast(void)
{
	StkCountDist d;
	struct timespec t0,
				t1;
	double		l = NAN,
				c = NAN,
				secs;
	StkStatus	st;

	stk_count_negbin(1e10, 1e20, &d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = stk_negbin_loss(1999999999.5, d.nb_size, d.nb_prob, &l, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
	tap_ok(st == STK_OK && isfinite(l) && secs < 1.0,
		   "negbin loss at 1999999999.5 (mean 1e10, var 1e20) without the complement: "
		   "%.6g in %.3f s", l, secs);
	/* r = 1 + 1e-10: about geometric, n(x) = mean (1 - p)^x = 1e10 e^-0.2 */
	tap_is_double(l, 1e10 * exp(-0.2), 1e-6, "  its value, about 1e10 exp(-0.2)");

	/* the complement asked for: at most STK_LOSS_MAX_TERMS terms, then n + x - mean */
	st = stk_negbin_loss(1999999999.5, d.nb_size, d.nb_prob, &l, &c);
	tap_ok(st == STK_OK && isfinite(c) && c > 0,
		   "with the complement: finite (%.10g)", c);
	tap_is_double(c, l + 1999999999.5 - 1e10, 1e-12, "  the complement is n + x - mean");
}

int
main(void)
{
	static const Case cases[] = {
		{"backtest (auto, monthly)", case_backtest, 12},
		{"auto (ETS + OTM + ARIMA)", case_auto, 16},
		{"auto with events", case_auto_events, 16},
		{"prophet", case_prophet, 40},
		{"ets auto", case_ets, 30},
		{"arima auto", case_arima, 30},
		{"imapa", case_imapa, 40},
		{"reorder plan, lumpy", case_reorder_slow, 40},
		{"reorder plan, smooth", case_reorder_smooth, 16},
		{"count distributions", case_count_dist, 40},
		{"negbin loss", case_negbin_loss, 20},
		{"pooled fill rate", case_pooled, 40},
		{"fstate apply with lifts", case_fstate, 40},
		{"explain (ets)", case_explain, 20},
	};

	gsl_set_error_handler_off();
	setup();
	test_negbin_loss_fast();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	for (int i = 0; i < PF_ITEMS; i++)
		stk_reorder_plan_free(&pf_plans[i], A);
	return tap_done();
}
