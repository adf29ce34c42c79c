/*-------------------------------------------------------------------------
 *
 * fstate.c
 *	  Per-product forecast state: fit, pack/unpack, O(1) daily update,
 *	  count band and stock-out probability (see fstate.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "count_dist.h"
#include "demand_class.h"
#include "fstate.h"

/* Packed layout: a version tag first, so a future layout can be told apart. */
#define FS_TAG_ETS	1001.0
#define FS_TAG_SBA	2001.0

/* Weekly season of daily retail sales. */
#define FS_WEEK		7

/* A series this short gets no season (two full weeks and a day at least). */
#define FS_MIN_SEASONAL (2 * FS_WEEK + 1)

/* Weight of a new day in the running one-step variance (about 50 days). */
#define FS_VAR_WEIGHT 0.02

StkStatus
stk_fstate_fit(const double *y, int n, const StkAllocator *a, StkFState *st)
{
	StkDemandStats ds;
	StkStatus	status;

	memset(st, 0, sizeof(*st));
	status = stk_demand_classify(y, n, &ds);
	if (status != STK_OK)
		return status;

	if (ds.nonzero > 0 && ds.adi > 1.32)
	{
		StkIntermittentOptions opt;
		StkForecast fc;

		stk_intermittent_options_default(&opt);
		opt.method = STK_IM_SBA;
		opt.optimize = true;
		opt.loss = STK_IM_LOSS_MAR;
		status = stk_intermittent_forecast(y, n, &opt, 1, a, &fc, &st->im);
		stk_forecast_free(&fc, a);
		if (status != STK_OK)
			return status;
		st->kind = STK_FS_SBA;
		if (!isfinite(st->im.sigma2) || st->im.sigma2 < 0)
			st->im.sigma2 = ds.var;
		return STK_OK;
	}
	else
	{
		StkEtsSpec spec;

		stk_ets_spec_init(&spec);
		/* additive error and season: linear, analytic variance, O(1) update */
		spec.error = 'A';
		spec.trend = 'N';
		spec.damped = 0;
		spec.season = (n >= FS_MIN_SEASONAL) ? 'A' : 'N';
		status = stk_ets_fit(y, n, spec.season == 'A' ? FS_WEEK : 1, &spec, a,
							 &st->ets);
		if (status != STK_OK)
			return status;
		if (!isfinite(st->ets.sigma2) || st->ets.sigma2 < 0)
			st->ets.sigma2 = ds.var;
		st->kind = STK_FS_ETS;
		return STK_OK;
	}
}

const char *
stk_fstate_model_name(const StkFState *st)
{
	return st->kind == STK_FS_ETS ? st->ets.name : "SBA";
}

int
stk_fstate_pack(const StkFState *st, double *v)
{
	int			k = 0;

	if (st->kind == STK_FS_ETS)
	{
		const StkEtsModel *e = &st->ets;

		v[k++] = FS_TAG_ETS;
		v[k++] = e->trend == 'A' ? (e->damped ? 2 : 1) : 0;
		v[k++] = e->season == 'A' ? 1 : 0;
		v[k++] = e->m;
		v[k++] = e->n;
		v[k++] = e->nparams;
		v[k++] = e->alpha;
		v[k++] = e->beta;
		v[k++] = e->gamma;
		v[k++] = e->phi;
		v[k++] = e->sigma2;
		v[k++] = e->level;
		v[k++] = e->slope;
		v[k++] = e->spos;
		if (e->season == 'A')
			for (int i = 0; i < e->m; i++)
				v[k++] = e->season_state[i];
	}
	else
	{
		const StkIntermittentFit *f = &st->im;

		v[k++] = FS_TAG_SBA;
		v[k++] = f->alpha;
		v[k++] = f->alpha_interval;
		v[k++] = f->size;
		v[k++] = f->interval;
		v[k++] = f->since;
		v[k++] = f->has_state ? 1 : 0;
		v[k++] = f->forecast;
		v[k++] = f->sigma2;
	}
	return k;
}

static bool
IsInt(double x, double lo, double hi)
{
	return isfinite(x) && x == floor(x) && x >= lo && x <= hi;
}

static bool
InUnit(double x)
{
	return isfinite(x) && x >= 0 && x <= 1;
}

StkStatus
stk_fstate_unpack(const double *v, int len, StkFState *st)
{
	memset(st, 0, sizeof(*st));
	if (v == NULL || len < 1)
		return STK_ECORRUPT;
	for (int i = 0; i < len; i++)
		if (!isfinite(v[i]))
			return STK_ECORRUPT;

	if (v[0] == FS_TAG_ETS)
	{
		StkEtsModel *e = &st->ets;
		int			seasonal;

		if (len < 14 || !IsInt(v[1], 0, 2) || !IsInt(v[2], 0, 1) ||
			!IsInt(v[3], 1, STK_ETS_MAX_M) || !IsInt(v[4], 0, 1e15) ||
			!IsInt(v[5], 0, 100))
			return STK_ECORRUPT;
		seasonal = (int) v[2];
		e->error = 'A';
		e->trend = v[1] > 0 ? 'A' : 'N';
		e->damped = v[1] == 2;
		e->season = seasonal ? 'A' : 'N';
		e->m = (int) v[3];
		e->n = (int) fmin(v[4], 1e9);
		e->nparams = (int) v[5];
		e->alpha = v[6];
		e->beta = v[7];
		e->gamma = v[8];
		e->phi = v[9];
		e->sigma2 = v[10];
		e->level = v[11];
		e->slope = v[12];
		if (!InUnit(e->alpha) || !InUnit(e->beta) || !InUnit(e->gamma) ||
			!InUnit(e->phi) || e->sigma2 < 0 ||
			(seasonal && e->m < 2) || (!seasonal && e->m != 1) ||
			!IsInt(v[13], 0, e->m - 1) ||
			len != 14 + (seasonal ? e->m : 0))
			return STK_ECORRUPT;
		e->spos = (int) v[13];
		for (int i = 0; seasonal && i < e->m; i++)
			e->season_state[i] = v[14 + i];
		snprintf(e->name, sizeof(e->name), "ETS(A,%s,%s)",
				 e->trend == 'N' ? "N" : (e->damped ? "Ad" : "A"), e->season == 'A' ? "A" : "N");
		st->kind = STK_FS_ETS;
		return STK_OK;
	}
	if (v[0] == FS_TAG_SBA)
	{
		StkIntermittentFit *f = &st->im;

		if (len != 9 || !InUnit(v[1]) || v[1] <= 0 || !InUnit(v[2]) ||
			v[2] <= 0 || v[3] < 0 || v[4] < 0 || !IsInt(v[5], 0, 1e9) ||
			!IsInt(v[6], 0, 1) || v[7] < 0 || v[8] < 0)
			return STK_ECORRUPT;
		f->method = STK_IM_SBA;
		f->alpha = v[1];
		f->alpha_interval = v[2];
		f->size = v[3];
		f->interval = v[4];
		f->since = (int) v[5];
		f->has_state = v[6] == 1;
		f->forecast = v[7];
		f->sigma2 = v[8];
		f->prob = f->interval > 0 ? 1 / f->interval : 1;
		if (f->has_state && f->interval < 1)
			return STK_ECORRUPT;
		st->kind = STK_FS_SBA;
		return STK_OK;
	}
	return STK_ECORRUPT;
}

StkStatus
stk_fstate_update(StkFState *st, double y)
{
	if (!isfinite(y))
		return STK_ENONFINITE;
	/* a day with net returns is a day without demand */
	if (y < 0)
		y = 0;
	if (st->kind == STK_FS_ETS)
	{
		double		sigma2 = st->ets.sigma2;
		double		e = y - stk_fstate_mean(st, 1);
		StkStatus	status = stk_ets_update(&st->ets, y);

		/*
		 * The anomalies we look for must not widen the band that finds the
		 * next one: the variance follows an exponentially weighted mean of
		 * the squared errors, each winsorised at 3 sigma (ETS's own running
		 * variance lets one spike of 10 sigma double it).
		 */
		if (status == STK_OK && isfinite(sigma2) && sigma2 > 0)
			st->ets.sigma2 = (1 - FS_VAR_WEIGHT) * sigma2 +
				FS_VAR_WEIGHT * fmin(e * e, 9 * sigma2);
		return status;
	}
	return stk_intermittent_update(&st->im, y);
}

double
stk_fstate_mean(const StkFState *st, int h)
{
	double		mu;

	if (st->kind == STK_FS_ETS)
	{
		const StkEtsModel *e = &st->ets;
		double		bsum = 0;

		if (e->trend == 'A')
		{
			if (!e->damped)
				bsum = h;
			else
			{
				double		p = 1;

				for (int i = 1; i <= h; i++)
				{
					p *= e->phi;
					bsum += p;
				}
			}
		}
		mu = e->level + bsum * e->slope;
		if (e->season == 'A')
			mu += e->season_state[(e->spos + h - 1) % e->m];
	}
	else
		mu = st->im.forecast;
	return (isfinite(mu) && mu > 0) ? mu : 0;
}

/* One-step variance of the model, at least the mean (a count). */
static double
StepVar(const StkFState *st, double mean)
{
	double		v = st->kind == STK_FS_ETS ? st->ets.sigma2 : st->im.sigma2;

	if (!isfinite(v) || v < mean)
		v = mean;
	return v;
}

/* P(X <= x) of the count with this mean and variance. */
static double
CountCdf(double mean, double var, double x)
{
	if (x < 0)
		return 0;
	x = floor(x);
	if (mean <= 0)
		return 1;
	if (var <= mean * (1 + 1e-9))
		return gsl_cdf_poisson_P((unsigned int) fmin(x, 4e9), mean);
	else
	{
		double		p = mean / var;
		double		r = mean * mean / (var - mean);

		return gsl_cdf_negative_binomial_P((unsigned int) fmin(x, 4e9), p, r);
	}
}

double
stk_flift_of(const StkFLifts *l, int32_t day)
{
	if (l == NULL)
		return 0;
	for (int i = 0; i < l->n; i++)
		if (l->day[i] == day)
			return l->qty[i];
	return 0;
}

StkStatus
stk_fstate_band(const StkFState *st, double p_lo, double p_hi,
				const StkAllocator *a, StkFBand *band)
{
	return stk_fstate_band_lift(st, 0, p_lo, p_hi, a, band);
}

StkStatus
stk_fstate_band_lift(const StkFState *st, double lift, double p_lo,
					 double p_hi, const StkAllocator *a, StkFBand *band)
{
	StkCountDist d;
	StkStatus	status;
	double		levels[2];
	double		q[2];

	if (!(p_lo > 0 && p_lo <= 0.5 && p_hi > 0 && p_hi <= 0.5) || !isfinite(lift))
		return STK_EINVAL;
	band->mean = fmax(stk_fstate_mean(st, 1) + lift, 0);
	band->var = StepVar(st, band->mean);
	if (band->mean <= 0)
	{
		band->lo = band->hi = 0;
		band->p_zero = 1;
		return STK_OK;
	}
	status = stk_count_negbin(band->mean, band->var, &d);
	if (status != STK_OK)
		return status;
	levels[0] = p_lo;
	levels[1] = 1 - p_hi;
	if (levels[1] < levels[0])
		levels[1] = levels[0];
	status = stk_count_window_quantiles(&d, NULL, 1, levels, 2, a, q);
	stk_count_dist_free(&d, a);
	if (status != STK_OK)
		return status;
	band->lo = q[0];
	band->hi = q[1];
	band->p_zero = CountCdf(band->mean, band->var, 0);
	return STK_OK;
}

StkStatus
stk_fstate_stockout_prob(const StkFState *st, double on_hand, int first,
						 int days, double *prob)
{
	double		mean = 0,
				var = 0;

	if (!isfinite(on_hand))
		return STK_ENONFINITE;
	if (days < 1 || days > STK_FSTATE_MAX_GAP || first < 1 ||
		first > STK_FSTATE_MAX_GAP)
		return STK_EINVAL;
	if (on_hand <= 0)
	{
		*prob = 1;
		return STK_OK;
	}
	/* days assumed independent given the forecast, as count_dist.h does */
	for (int h = first; h < first + days; h++)
	{
		double		mu = stk_fstate_mean(st, h);

		mean += mu;
		var += StepVar(st, mu);
	}
	/* a state near DBL_MAX: the sums overflow, no probability */
	if (!isfinite(mean) || !isfinite(var))
		return STK_ENONFINITE;
	*prob = 1 - CountCdf(mean, var, on_hand);
	if (isnan(*prob))
		return STK_ENONFINITE;
	if (*prob < 0)
		*prob = 0;
	return STK_OK;
}

/* Check the open day's running total against its band. */
static void
CheckSpike(const StkFState *st, StkFDays *d)
{
	if (st != NULL && d->open_qty > d->band.hi)
	{
		d->spike_day = d->open_day;
		d->spike_qty = d->open_qty;
		d->spike_band = d->band.hi;
	}
}

StkStatus
stk_fstate_apply(StkFState *st, StkFDays *d, const int32_t *day,
				 const double *qty, int n, double p_lo, double p_hi,
				 bool have_band, const StkFLifts *lifts, const StkAllocator *a)
{
	StkStatus	status;

	d->spike_day = d->drop_day = STK_FS_NO_DAY;
	d->spike_qty = d->spike_band = d->drop_qty = d->drop_band = 0;
	d->late = 0;
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(qty[i]))
			return STK_ENONFINITE;
		if (i > 0 && day[i] <= day[i - 1])
			return STK_EORDER;
	}
	/* the state stops at the end of the day before the open one */
	if (st != NULL && d->open_day != STK_FS_NO_DAY && !have_band)
	{
		status = stk_fstate_band_lift(st, stk_flift_of(lifts, d->open_day),
									  p_lo, p_hi, a, &d->band);
		if (status != STK_OK)
			return status;
	}

	for (int i = 0; i < n; i++)
	{
		if (d->open_day != STK_FS_NO_DAY && day[i] < d->open_day)
		{
			d->late++;
			continue;
		}
		if (d->open_day == STK_FS_NO_DAY || day[i] > d->open_day)
		{
			if (st != NULL && d->open_day != STK_FS_NO_DAY)
			{
				int64_t		gap = (int64_t) day[i] - d->open_day - 1;

				/* a day that sold, but far below its band, is a drop */
				if (d->open_qty > 0 && d->open_qty < d->band.lo)
				{
					d->drop_day = d->open_day;
					d->drop_qty = d->open_qty;
					d->drop_band = d->band.lo;
				}
				/*
				 * Closing a day folds up to STK_FSTATE_MAX_GAP days, each
				 * with a lookup among up to STK_FLIFTS_MAX lifts, and a
				 * statement may close many days.
				 */
				if (stk_interrupted())
					return STK_ECANCELED;
				/* the model learns the demand without the day's event */
				status = stk_fstate_update(st, fmax(d->open_qty - stk_flift_of(lifts, d->open_day), 0));
				if (status != STK_OK)
					return status;
				d->updates++;
				if (gap > STK_FSTATE_MAX_GAP)
					gap = STK_FSTATE_MAX_GAP;
				for (int64_t g = 0; g < gap; g++)
				{
					status = stk_fstate_update(st, fmax(-stk_flift_of(lifts, d->open_day + 1 + (int32_t) g), 0));
					if (status != STK_OK)
						return status;
					d->updates++;
				}
			}
			d->open_day = day[i];
			d->open_qty = 0;
			if (st != NULL)
			{
				status = stk_fstate_band_lift(st, stk_flift_of(lifts, d->open_day),
											  p_lo, p_hi, a, &d->band);
				if (status != STK_OK)
					return status;
			}
		}
		d->open_qty += qty[i];
		if (qty[i] > 0 && (d->last_sale_day == STK_FS_NO_DAY ||
						   day[i] > d->last_sale_day))
			d->last_sale_day = day[i];
		CheckSpike(st, d);
	}
	return STK_OK;
}
