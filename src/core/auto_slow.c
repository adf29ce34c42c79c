/*-------------------------------------------------------------------------
 *
 * auto_slow.c
 *	  'auto' for slow and sporadic sellers and for new products.
 *
 * Intermittent route (SBC class intermittent, lumpy or zero):
 *	point	SBA (Croston with the Syntetos-Boylan correction, alpha 0.1),
 *			flat over the horizon;
 *	spread	negative binomial (count_dist.h) with that mean and the
 *			variance-to-mean ratio of the last year (STK_SLOW_SIZE_WINDOW
 *			periods; Poisson when it is not over-dispersed), so the
 *			quantiles are integers;
 *	zero	a series that never sold forecasts 0 with all quantiles 0.
 * The point forecast is the median of that distribution (an integer, often
 * 0), as 'auto' has given for intermittent series since issue 3: it
 * minimises the expected absolute error, so MASE (which the issue 3
 * targets use) rewards it; on the M5 test part MASE is 1.025 with the
 * median and 1.188 with the SBA mean, RMSSE 0.889 and 0.856.  The SBA mean
 * (the demand rate, what replenishment sums over a lead time) is the
 * 'level' of stk_forecast_explain, and method => 'sba' returns it as the
 * point forecast.
 *
 * New products (fewer than STK_SLOW_NEW_PERIODS periods of history, whole
 * numbers with a mean of at most STK_SLOW_NEW_MAX_MEAN: unit sales): the
 * mean of the same season position over the history when it holds one
 * full season or more (seasonal naive when exactly one), else the mean of
 * the history; quantiles from a Poisson or negative binomial with the
 * history's variance-to-mean ratio.  The model name starts with "New
 * product" and the note (status) says so.  Items with no or too little
 * history of their own can be forecast from a category profile instead
 * (stk_new_product_profile, SQL stk_forecast_new_product).
 *
 * How the intermittent variant was chosen (issue 4): test/bench/slow_dev.c
 * on the development split of M5 (test/bench/make_dev_split.py: the last 28
 * training days held out; the official test part was never read) scored
 * the 18 candidates of auto_slow.h (SBA, TSB or their mean; compound
 * Bernoulli with 1 + Poisson or empirical sizes, or negative binomial;
 * with or without a day-of-week profile) on the 187 series routed here, by
 * the mean scaled pinball loss over M5's nine levels.  SBA + negative
 * binomial was best (0.303; SBA+TSB + NB 0.304, SBA + empirical sizes
 * 0.310, SBA + 1+Poisson sizes, the fixed-method default, 0.323, TSB
 * variants 0.331-0.364); the weekday profile made every variant worse
 * (+0.005 to +0.010).  BENCHMARKS.md has the table.
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auto_slow.h"
#include "count_dist.h"

/* Periods of recent history whose non-zero demands give the size pmf. */
#define STK_SLOW_SIZE_WINDOW 364
/* Day-of-week profile: weeks used, and shrinkage toward 1 (demands). */
#define STK_SLOW_PROFILE_WEEKS 52
#define STK_SLOW_PROFILE_MIN_WEEKS 8
#define STK_SLOW_PROFILE_SHRINK 20.0

/* The variant 'auto' uses (chosen on the development split). */
#define STK_SLOW_DEFAULT_VARIANT (0 * 6 + 2 * 2 + 0)

const char *
stk_auto_slow_variant_name(int variant)
{
	static char buf[96];
	static const char *pt[3] = {"SBA", "TSB", "SBA+TSB"};
	static const char *sp[3] = {"Bernoulli 1+Poisson", "Bernoulli empirical", "NB"};

	if (variant < 0 || variant >= STK_SLOW_NVARIANTS)
		return "?";
	snprintf(buf, sizeof(buf), "%s, %s%s", pt[variant / 6], sp[(variant / 2) % 3],
			 variant % 2 ? ", weekday profile" : "");
	return buf;
}

/*
 * Unit sales of a single item: whole numbers with a mean of at most
 * STK_SLOW_NEW_MAX_MEAN per period.  Short series of large or fractional
 * values (a yearly total, a revenue series) are not new products in this
 * sense and keep the general path, which is what the ETS/Theta tuning of
 * issue 3 assumed for them (no short M1 or tourism series is a low count).
 */
static bool
IsLowCount(const double *y, int n, double mean)
{
	if (mean > STK_SLOW_NEW_MAX_MEAN)
		return false;
	for (int i = 0; i < n; i++)
		if (y[i] != floor(y[i]))
			return false;
	return true;
}

StkSlowRoute
stk_auto_slow_route(const double *y, int n, StkDemandStats *stats)
{
	StkDemandStats st;

	for (int i = 0; i < n; i++)
		if (!(y[i] >= 0))
			return STK_SLOW_NONE;
	if (stk_demand_classify(y, n, &st) != STK_OK)
		return STK_SLOW_NONE;
	if (stats != NULL)
		*stats = st;
	if (n < STK_SLOW_NEW_PERIODS && IsLowCount(y, n, st.mean))
		return STK_SLOW_NEW;
	if (st.cls == STK_DEMAND_ZERO || st.cls == STK_DEMAND_INTERMITTENT ||
		st.cls == STK_DEMAND_LUMPY)
		return STK_SLOW_INTERMITTENT;
	return STK_SLOW_NONE;
}

/*
 * Day-of-week factors of the last whole weeks (at most
 * STK_SLOW_PROFILE_WEEKS): mean demand of each position over the overall
 * mean, shrunk toward 1 with weight d / (d + STK_SLOW_PROFILE_SHRINK), d the
 * number of periods with demand, and renormalised to mean 1.  prof[j] is
 * the factor of the periods t with t % 7 == j.  Returns 0 (no profile)
 * when there are fewer than STK_SLOW_PROFILE_MIN_WEEKS weeks or no demand.
 */
static int
Profile(const double *y, int n, double *prof)
{
	int			weeks = n / 7;
	double		sum[7] = {0},
				tot = 0,
				mean = 0,
				w;
	int			d = 0;

	if (weeks > STK_SLOW_PROFILE_WEEKS)
		weeks = STK_SLOW_PROFILE_WEEKS;
	if (weeks < STK_SLOW_PROFILE_MIN_WEEKS)
		return 0;
	for (int t = n - 7 * weeks; t < n; t++)
	{
		sum[t % 7] += y[t];
		tot += y[t];
		d += (y[t] > 0);
	}
	if (!(tot > 0))
		return 0;
	w = d / (d + STK_SLOW_PROFILE_SHRINK);
	for (int j = 0; j < 7; j++)
	{
		prof[j] = w * (7 * sum[j] / tot) + (1 - w);
		mean += prof[j] / 7;
	}
	for (int j = 0; j < 7; j++)
		prof[j] /= mean;
	return 7;
}

static const double fixed_levels[3] = {0.1, 0.5, 0.9};

static const char *
FamilyName(const StkCountDist *d)
{
	switch (d->family)
	{
		case STK_COUNT_FAMILY_POISSON:
			return d->mean > 0 ? "Poisson" : "point mass at 0";
		case STK_COUNT_FAMILY_NEGBIN:
			return "negative binomial";
		default:
			return "compound Bernoulli";
	}
}

/*
 * Point forecasts step_mean[0..h) and a count distribution fitted to
 * y[from..n) around base: the quantiles of every step into res.
 */
static StkStatus
CountQuantiles(const StkForecastRequest *req, const double *step_mean,
			   double base, int from, StkCountKind kind,
			   const StkAllocator *a, StkForecastResult *res,
			   StkCountDist *dist)
{
	StkStatus	st;

	st = stk_count_dist_fit(req->y + from, req->n - from, base, NAN, NAN,
							kind, a, dist);
	if (st != STK_OK)
		return st;
	for (int i = 0; i < req->horizon; i++)
		res->point[i] = step_mean[i];
	st = stk_count_step_quantiles(dist, step_mean, req->horizon, req->levels,
								  req->nlevels, a, res->quantiles);
	if (st == STK_OK)
		st = stk_count_step_quantiles(dist, step_mean, req->horizon,
									  fixed_levels, 3, a, res->p10_50_90);
	return st;
}

static StkStatus
RunNew(const StkForecastRequest *req, int period, const StkAllocator *a,
	   StkForecastResult *res, StkSlowInfo *info)
{
	int			n = req->n,
				h = req->horizon;
	bool		seasonal = period > 1 && n >= period;
	double	   *mu = stk_alloc(a, sizeof(double) * h);
	double		base = 0;
	StkCountDist dist;
	StkStatus	st;

	if (mu == NULL)
		return STK_ENOMEM;
	for (int i = 0; i < h; i++)
	{
		double		s = 0;
		int			c = 0;

		for (int t = 0; t < n; t++)
		{
			if (!seasonal || (t - (n + i)) % period == 0)
			{
				s += req->y[t];
				c++;
			}
		}
		mu[i] = s / c;
		base += mu[i] / h;
	}
	memset(&dist, 0, sizeof(dist));
	st = CountQuantiles(req, mu, base, 0, STK_COUNT_AUTO, a, res, &dist);
	if (st == STK_OK)
	{
		snprintf(info->method, sizeof(info->method), "%s",
				 !seasonal ? "mean of the history" :
				 n < 2 * period ? "seasonal naive" : "seasonal means");
		snprintf(res->model, sizeof(res->model), "New product: %s; %s quantiles",
				 info->method, FamilyName(&dist));
		snprintf(res->note, sizeof(res->note),
				 "new product: %d period%s of history, %s fallback",
				 n, n == 1 ? "" : "s", info->method);
	}
	stk_count_dist_free(&dist, a);
	stk_free(a, mu);
	return st;
}

static StkStatus
RunIntermittentAuto(const StkForecastRequest *req, int period, int variant,
					const StkAllocator *a, StkForecastResult *res,
					StkSlowInfo *info)
{
	int			n = req->n,
				h = req->horizon;
	StkIntermittentOptions opt;
	StkIntermittentFit tsb;
	StkForecast fc;
	StkCountKind kind = STK_COUNT_BERN_EMPIRICAL;
	StkCountDist dist;
	double	   *mu;
	double		base;
	int			from = n > STK_SLOW_SIZE_WINDOW ? n - STK_SLOW_SIZE_WINDOW : 0;
	int			point = variant / 6,
				spread = (variant / 2) % 3;
	bool		comb = point == 2;
	bool		weekly = variant % 2 == 1;
	StkStatus	st;

	/* a series that never sold: zero, every quantile zero */
	if (info->stats.nonzero == 0)
	{
		snprintf(info->method, sizeof(info->method), "zero forecast");
		snprintf(res->model, sizeof(res->model), "No demand: zero forecast");
		return STK_OK;			/* res is zeroed by stk_forecast_run */
	}

	stk_intermittent_options_default(&opt);
	opt.method = point == 1 ? STK_IM_TSB : STK_IM_SBA;
	st = stk_intermittent_forecast(req->y, n, &opt, h, a, &fc, &info->fit);
	stk_forecast_free(&fc, a);
	if (st != STK_OK)
		return st;
	base = info->fit.forecast;
	info->tsb_prob = NAN;
	if (comb)
	{
		opt.method = STK_IM_TSB;
		st = stk_intermittent_forecast(req->y, n, &opt, h, a, &fc, &tsb);
		stk_forecast_free(&fc, a);
		if (st != STK_OK)
			return st;
		base = 0.5 * (base + tsb.forecast);
		info->tsb_prob = tsb.prob;
	}
	info->nprofile = 0;
	for (int j = 0; j < 7; j++)
		info->profile[j] = 1;
	if (weekly && period == 7)
		info->nprofile = Profile(req->y, n, info->profile);

	/* the empirical sizes need a demand in the window */
	while (from > 0)
	{
		bool		any = false;

		for (int t = from; t < n && !any; t++)
			any = req->y[t] > 0;
		if (any)
			break;
		from = 0;
	}
	if (spread == 0)
	{
		kind = STK_COUNT_BERN_SPOISSON;
		from = 0;
	}
	else if (spread == 2)
		kind = STK_COUNT_NB_EMPIRICAL;

	mu = stk_alloc(a, sizeof(double) * h);
	if (mu == NULL)
		return STK_ENOMEM;
	for (int i = 0; i < h; i++)
		mu[i] = base * (info->nprofile ? info->profile[(n + i) % 7] : 1);
	memset(&dist, 0, sizeof(dist));
	if (kind == STK_COUNT_BERN_SPOISSON)
	{
		st = stk_count_bernoulli_spoisson(base, info->fit.size, a, &dist);
		if (st == STK_OK)
		{
			for (int i = 0; i < h; i++)
				res->point[i] = mu[i];
			st = stk_count_step_quantiles(&dist, mu, h, req->levels,
										  req->nlevels, a, res->quantiles);
			if (st == STK_OK)
				st = stk_count_step_quantiles(&dist, mu, h, fixed_levels, 3,
											  a, res->p10_50_90);
		}
	}
	else
		st = CountQuantiles(req, mu, base, from, kind, a, res, &dist);
	if (st == STK_OK)
	{
		snprintf(info->method, sizeof(info->method), "%s%s",
				 comb ? "Croston-SBA + TSB" :
				 point == 1 ? "TSB" : "Croston-SBA",
				 info->nprofile ? " x day-of-week profile" : "");
		snprintf(res->model, sizeof(res->model), "%s (%s); %s quantiles, point = median",
				 info->method, stk_demand_class_name(info->stats.cls),
				 FamilyName(&dist));
		/* the point forecast is the median (see the comment at the top) */
		for (int i = 0; i < h; i++)
			res->point[i] = res->p10_50_90[3 * i + 1];
	}
	stk_count_dist_free(&dist, a);
	stk_free(a, mu);
	return st;
}

StkStatus
stk_auto_slow_run(const StkForecastRequest *req, int period,
				  StkSlowRoute route, const StkDemandStats *stats,
				  int variant, const StkAllocator *a,
				  StkForecastResult *res, StkSlowInfo *info)
{
	StkSlowInfo local;

	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof(*info));
	info->route = route;
	if (variant < 0)
		variant = STK_SLOW_DEFAULT_VARIANT;
	if (variant >= STK_SLOW_NVARIANTS)
		return STK_EINVAL;
	if (stats != NULL)
		info->stats = *stats;
	else if (stk_demand_classify(req->y, req->n, &info->stats) != STK_OK)
		return STK_EINVAL;
	switch (route)
	{
		case STK_SLOW_NEW:
			return RunNew(req, period, a, res, info);
		case STK_SLOW_INTERMITTENT:
			return RunIntermittentAuto(req, period, variant, a, res, info);
		case STK_SLOW_NONE:
			break;
	}
	return STK_EINVAL;
}

StkStatus
stk_new_product_profile(const double *y, int n, const double *profile, int np,
						const double *levels, int nlevels, int horizon,
						const StkAllocator *a, StkForecastResult *res)
{
	StkForecastRequest req;
	StkCountDist dist;
	double	   *mu;
	double		own = 0,
				prof = 0,
				cycle = 0,
				k,
				base = 0;
	StkStatus	st;

	if (np < 1 || n < 0 || horizon < 1 || horizon > STK_MAX_HORIZON)
		return STK_EINVAL;
	for (int j = 0; j < np; j++)
	{
		if (!isfinite(profile[j]))
			return STK_ENONFINITE;
		if (profile[j] < 0)
			return STK_EINVAL;
		cycle += profile[j];
	}
	for (int t = 0; t < n; t++)
	{
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
		if (y[t] < 0)
			return STK_EINVAL;
		own += y[t];
		prof += profile[(((t - n) % np) + np) % np];
	}
	k = cycle > 0 ? (own + cycle) / (prof + cycle) : 1;
	mu = stk_alloc(a, sizeof(double) * horizon);
	if (mu == NULL)
		return STK_ENOMEM;
	for (int i = 0; i < horizon; i++)
	{
		mu[i] = k * profile[i % np];
		base += mu[i] / horizon;
	}
	memset(&req, 0, sizeof(req));
	req.y = y;
	req.n = n;
	req.horizon = horizon;
	req.levels = levels;
	req.nlevels = nlevels;
	memset(&dist, 0, sizeof(dist));
	if (n >= 7)
		st = CountQuantiles(&req, mu, base, 0, STK_COUNT_AUTO, a, res, &dist);
	else
	{
		st = stk_count_poisson(base, &dist);
		for (int i = 0; i < horizon && st == STK_OK; i++)
			res->point[i] = mu[i];
		if (st == STK_OK)
			st = stk_count_step_quantiles(&dist, mu, horizon, levels, nlevels,
										  a, res->quantiles);
		if (st == STK_OK)
			st = stk_count_step_quantiles(&dist, mu, horizon, fixed_levels, 3,
										  a, res->p10_50_90);
	}
	if (st == STK_OK)
	{
		snprintf(res->model, sizeof(res->model),
				 "New product: category profile x %.3g; %s quantiles", k,
				 FamilyName(&dist));
		snprintf(res->note, sizeof(res->note),
				 "new product: %d period%s of history, category profile fallback",
				 n, n == 1 ? "" : "s");
	}
	stk_count_dist_free(&dist, a);
	stk_free(a, mu);
	return st;
}

void
stk_auto_slow_reason(const StkSlowInfo *info, int period, char *buf, size_t len)
{
	const StkDemandStats *s = &info->stats;
	const char *unit = period == 7 ? "day" : "period";

	if (s->nonzero == 0)
	{
		snprintf(buf, len, "no sale in %d %ss; %s", s->n, unit, info->method);
		return;
	}
	if (info->route == STK_SLOW_NEW)
	{
		snprintf(buf, len, "new product, only %d %ss of history; %s chosen",
				 s->n, unit, info->method);
		return;
	}
	snprintf(buf, len, "sells on 1 %s in %.*f (%s, %.1f units when it sells); %s chosen",
			 unit,
			 s->adi_total < 9.95 && fabs(s->adi_total - round(s->adi_total)) >= 0.05 ? 1 : 0,
			 s->adi_total,
			 stk_demand_class_name(s->cls), s->mean_size, info->method);
}
