/*-------------------------------------------------------------------------
 *
 * reorder.c
 *	  Stock levels from a demand history, and a product's stock against
 *	  them (reorder.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "count_dist.h"
#include "dispersion_shrink.h"
#include "fdr.h"
#include "intermittent.h"
#include "inventory_loss.h"
#include "level_change.h"
#include "pooled_fill_rate.h"
#include "reorder.h"

/* Recent history the dispersion and sizes are measured on (two years of days). */
#define REORDER_HISTORY 730
/* Most whole-period points of a discretised lead-time distribution. */
#define REORDER_LEAD_POINTS 16
/* Lead-time quantiles the discretisation spans. */
#define REORDER_LEAD_TAIL 1e-4
/* Variance-to-mean ratio band taken as Poisson; below it a discretised normal. */
#define REORDER_VMR_LOW 0.9
#define REORDER_VMR_HIGH 1.1
/* Points of a discretised normal between two looks at stk_interrupted(). */
#define REORDER_CHECK_POINTS 65536

void
stk_reorder_options_default(StkReorderOptions *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->review = 1;
	opt->type = STK_SERVICE_FILL_RATE;
	opt->target = 0.95;
	opt->policy = STK_POLICY_RS;
	opt->method = STK_METHOD_AUTO;
	opt->cover_horizon = 0;
	opt->nearest = true;
	opt->seed = 42;
	opt->level_crit = STK_REORDER_LEVEL_CRIT;
	opt->size_tail = STK_REORDER_SIZE_TAIL;
	opt->level_p_group = NAN;
}

void
stk_reorder_plan_free(StkReorderPlan *plan, const StkAllocator *a)
{
	stk_free(a, plan->loss_p);
	stk_free(a, plan->loss_l);
	stk_free(a, plan->step_mean);
	plan->loss_p = plan->loss_l = plan->step_mean = NULL;
}

/*
 * Whole-period lead times with their probabilities: a constant (split
 * between the two neighbouring periods when fractional, so the mean is
 * kept) or a gamma with this mean and sd, each period taking the mass
 * within half a period of it, merged into at most REORDER_LEAD_POINTS
 * points when the spread is wide.
 */
static int
LeadPoints(double mean, double sd, double *vals, double *probs)
{
	double		shape,
				scale,
				lo,
				hi;
	int			count,
				width,
				k = 0;

	/* a spread too small to move a whole period is a constant lead time */
	if (sd <= 1e-6 * fmax(mean, 1.0) || mean <= 1e-9)
	{
		double		f = floor(mean),
					frac = mean - f;

		vals[0] = f;
		probs[0] = 1.0;
		if (frac < 1e-9)
			return 1;
		probs[0] = 1.0 - frac;
		vals[1] = f + 1.0;
		probs[1] = frac;
		return 2;
	}
	shape = (mean / sd) * (mean / sd);
	scale = sd * sd / mean;
	lo = floor(gsl_cdf_gamma_Pinv(REORDER_LEAD_TAIL, shape, scale));
	hi = ceil(gsl_cdf_gamma_Qinv(REORDER_LEAD_TAIL, shape, scale));
	/* NaN or extreme quantiles (GSL at extreme shapes): clamp */
	if (!(lo >= 0.0))
		lo = 0.0;
	if (!(lo <= 2.0 * STK_REORDER_MAX_PERIODS))
		lo = floor(mean);
	if (!(hi <= 2.0 * STK_REORDER_MAX_PERIODS))
		hi = 2.0 * STK_REORDER_MAX_PERIODS;
	if (!(hi >= lo))
		hi = lo;
	count = (int) (hi - lo) + 1;
	width = (count + REORDER_LEAD_POINTS - 1) / REORDER_LEAD_POINTS;
	for (double g = lo; g <= hi; g += width)
	{
		double		pm = 0.0,
					wm = 0.0;

		for (int j = 0; j < width && g + j <= hi; j++)
		{
			double		l = g + j;
			double		pa = (l == lo) ? 0.0 : gsl_cdf_gamma_P(l - 0.5, shape, scale);
			double		pb = (l == hi) ? 1.0 : gsl_cdf_gamma_P(l + 0.5, shape, scale);

			pm += pb - pa;
			wm += (pb - pa) * l;
		}
		if (pm <= 0.0)
			continue;
		vals[k] = round(wm / pm);
		probs[k] = pm;
		k++;
	}
	return k;
}

/*
 * Variance-to-mean ratio of demand summed over w periods, from the
 * overlapping windows of the recent history, plus the estimation error of
 * the mean over w periods (w^2 s^2 / m).  1 when there is no demand.
 * *raw gets the windows' own ratio (NaN without windows), *logvar the
 * sampling variance of its log: for overlapping windows of a long series
 * var(s^2) / sigma^4 is about (2/3) (w / m) (2 + kurtosis excess) (the
 * Bartlett kernel's 4/3 against the 2 of m / w disjoint windows).  With
 * use > 0 the windows' ratio is that instead of the measured one.
 */
static double
WindowDispersion(const double *y, int m, int w, int period, double use,
				 double *raw, double *logvar, double *step_vmr,
				 double *mean_err)
{
	double		mean = 0.0,
				var = 0.0,
				wm = 0.0,
				wv = 0.0,
				m4 = 0.0,
				sum = 0.0;
	int			nw = m - w + 1;

	*raw = NAN;
	*logvar = NAN;
	*step_vmr = NAN;
	*mean_err = 0.0;
	for (int t = 0; t < m; t++)
		mean += y[t];
	mean /= m;
	if (mean > 0.0)
	{
		/* per-period variance around the seasonal means, over the mean */
		int			p = period > 1 && period <= m / 2 ? period : 1;
		double		rss = 0.0;

		for (int j = 0; j < p; j++)
		{
			double		sm = 0.0;
			int			c = 0;

			for (int t = j; t < m; t += p)
			{
				sm += y[t];
				c++;
			}
			sm /= c;
			for (int t = j; t < m; t += p)
				rss += (y[t] - sm) * (y[t] - sm);
		}
		if (m > p)
			*step_vmr = rss / (m - p) / mean;
	}
	for (int t = 0; t < m; t++)
		var += (y[t] - mean) * (y[t] - mean);
	var = m > 1 ? var / (m - 1) : 0.0;
	if (!(mean > 0.0))
		return 1.0;
	if (nw >= 3)
	{
		/* running window sums; Welford for the mean and variance */
		for (int t = 0; t < w; t++)
			sum += y[t];
		for (int i = 0; i < nw; i++)
		{
			double		d;

			if (i > 0)
				sum += y[i + w - 1] - y[i - 1];
			d = sum - wm;
			wm += d / (i + 1);
			wv += d * (sum - wm);
		}
		wv /= nw - 1;
		/* fourth central moment of the sums, for the kurtosis */
		sum = 0.0;
		for (int t = 0; t < w; t++)
			sum += y[t];
		for (int i = 0; i < nw; i++)
		{
			if (i > 0)
				sum += y[i + w - 1] - y[i - 1];
			m4 += pow(sum - wm, 4);
		}
		m4 /= nw;
		if (wm > 0.0 && wv > 0.0)
		{
			double		kurt = fmax(0.0, m4 / (wv * wv) - 3.0);

			*raw = wv / wm;
			*logvar = (2.0 / 3.0) * ((double) w / m) * (2.0 + kurt);
		}
	}
	else
	{
		wm = w * mean;
		wv = w * var;
	}
	if (!(wm > 0.0))
		return 1.0;
	if (use > 0.0)
		wv = use * wm;
	*mean_err = (double) w * w * var / m / wm;
	return wv / wm + *mean_err;
}

/* Add weight x pmf[0..len) into *acc (grown to *alen as needed). */
static StkStatus
MixInto(double **acc, int *alen, const double *pmf, int len, double weight,
		const StkAllocator *a)
{
	if (len > *alen)
	{
		double	   *grown = stk_realloc(a, *acc, sizeof(double) * len);

		if (grown == NULL)
			return STK_ENOMEM;
		memset(grown + *alen, 0, sizeof(double) * (len - *alen));
		*acc = grown;
		*alen = len;
	}
	for (int j = 0; j < len; j++)
		(*acc)[j] += weight * pmf[j];
	return STK_OK;
}

/*
 * A normal N(mean, var) discretised on the whole units 0, 1, ... (mass
 * below 0.5 on 0), for windows less dispersed than a Poisson; a
 * deterministic window puts its mass on the two units around the mean so
 * the mean is kept.
 */
static StkStatus
NormalPmf(double mean, double var, const StkAllocator *a, double **pmf,
		  int *len)
{
	double		sd = sqrt(var);
	double		top = ceil(mean + 10.0 * sd) + 2.0;
	double		prev = 0.0,
				total = 0.0;
	double	   *p;

	if (top >= STK_COUNT_MAX_SUPPORT)
		return STK_ETOOBIG;
	*len = (int) top;
	p = stk_alloc(a, sizeof(double) * *len);
	if (p == NULL)
		return STK_ENOMEM;
	memset(p, 0, sizeof(double) * *len);
	if (!(sd > 1e-9))
	{
		double		f = floor(mean);

		p[(int) f] = 1.0 - (mean - f);
		p[(int) f + 1] += mean - f;
	}
	else
	{
		for (int j = 0; j < *len; j++)
		{
			double		c = gsl_cdf_ugaussian_P((j + 0.5 - mean) / sd);

			p[j] = c - prev;
			prev = c;
			total += p[j];
			/* up to STK_COUNT_MAX_SUPPORT cdf calls */
			if ((j + 1) % REORDER_CHECK_POINTS == 0 && stk_interrupted())
			{
				stk_free(a, p);
				return STK_ECANCELED;
			}
		}
		for (int j = 0; j < *len; j++)
			p[j] /= total;
	}
	*pmf = p;
	return STK_OK;
}

/* How the window distributions are built. */
typedef struct WindowModel
{
	bool		normal;			/* discretised normal with ratio vmr */
	double		vmr;
	StkCountDist dist;			/* otherwise */
	const double *step_mean;
} WindowModel;

static StkStatus
WindowPmf(const WindowModel *wm, int k, const StkAllocator *a, double **pmf,
		  int *len)
{
	if (k == 0)
	{
		*pmf = stk_alloc(a, sizeof(double));
		if (*pmf == NULL)
			return STK_ENOMEM;
		(*pmf)[0] = 1.0;
		*len = 1;
		return STK_OK;
	}
	if (wm->normal)
	{
		double		m = 0.0;

		for (int i = 0; i < k; i++)
			m += wm->step_mean[i];
		return NormalPmf(m, wm->vmr * m, a, pmf, len);
	}
	return stk_count_window_pmf(&wm->dist, wm->step_mean, k, 0.0, a, pmf, len);
}

static StkStatus
CheckOptions(const StkReorderOptions *opt)
{
	if (!isfinite(opt->lead_mean) || !isfinite(opt->lead_sd) ||
		!isfinite(opt->target) || !isfinite(opt->order_qty) ||
		!isfinite(opt->window_vmr))
		return STK_ENONFINITE;
	if (opt->window_vmr < 0.0 || !(opt->size_tail >= 0.0 && opt->size_tail < 1.0) ||
		(!isnan(opt->level_p_group) &&
		 !(opt->level_p_group >= 0.0 && opt->level_p_group <= 1.0)))
		return STK_EINVAL;
	if (opt->lead_mean < 0.0 || opt->lead_sd < 0.0 ||
		opt->lead_mean + 6.0 * opt->lead_sd > STK_REORDER_MAX_PERIODS ||
		opt->review < 1 || opt->review > STK_REORDER_MAX_PERIODS ||
		opt->period < 0 || opt->cover_horizon < 0 ||
		opt->cover_horizon > STK_MAX_HORIZON ||
		opt->order_qty > STK_REORDER_MAX_QTY)
		return STK_EINVAL;
	if (opt->type != STK_SERVICE_CSL && opt->type != STK_SERVICE_FILL_RATE)
		return STK_EINVAL;
	if (opt->calendar != NULL)
	{
		const StkEventCalendar *cal = opt->calendar;

		if (cal->freq != STK_FREQ_DAY || cal->nevents < 0 || cal->nnames < 0 ||
			(cal->nevents > 0 && (cal->days == NULL || cal->names == NULL)) ||
			cal->days_before < 0 || cal->days_before > STK_PROPHET_MAX_WINDOW ||
			cal->days_after < 0 || cal->days_after > STK_PROPHET_MAX_WINDOW)
			return STK_EINVAL;
		for (int i = 0; i < cal->nevents; i++)
			if (cal->names[i] < 0 || cal->names[i] >= cal->nnames)
				return STK_EINVAL;
	}
	return stk_check_service_level(opt->target);
}

static const char *
FamilyName(const WindowModel *wm)
{
	if (wm->normal)
		return "discretised normal";
	switch (wm->dist.family)
	{
		case STK_COUNT_FAMILY_POISSON:
			return "Poisson";
		case STK_COUNT_FAMILY_NEGBIN:
			return "negative binomial";
		default:
			return "compound Bernoulli";
	}
}

/*
 * Per-step forecasts for h steps into step_mean; the model in words, the
 * seasonal period used (0 for none).
 */
static StkStatus
StepForecast(const double *y, int n, const StkReorderOptions *opt,
			 bool slow, int h, const StkAllocator *a, double *step_mean,
			 double *alpha, int *period, char *model, size_t msize)
{
	StkStatus	st;

	*alpha = NAN;
	*period = 0;
	if (slow && opt->method == STK_METHOD_AUTO)
	{
		StkIntermittentOptions io;
		StkIntermittentFit fit;
		StkForecast fc;

		stk_intermittent_options_default(&io);
		io.method = STK_IM_SBA;
		memset(&fit, 0, sizeof(fit));
		st = stk_intermittent_forecast(y, n, &io, h, a, &fc, &fit);
		if (st == STK_OK)
		{
			memcpy(step_mean, fc.mean, sizeof(double) * h);
			snprintf(model, msize, "%s", fc.model);
			*alpha = fit.alpha;
		}
		stk_forecast_free(&fc, a);
		return st;
	}
	else
	{
		StkForecastRequest req;
		StkForecastResult res;
		static const double median[1] = {0.5};

		memset(&req, 0, sizeof(req));
		req.y = y;
		req.n = n;
		req.period = opt->period > n ? 0 : opt->period;
		req.method = opt->method;
		req.horizon = h;
		req.levels = median;
		req.nlevels = 1;
		req.seed = opt->seed;
		st = stk_forecast_run(&req, a, &res);
		if (st != STK_OK)
			return st;
		memcpy(step_mean, res.point, sizeof(double) * h);
		snprintf(model, msize, "%s", res.model);
		*period = res.period > 1 ? res.period : 0;
		stk_forecast_result_free(&res, a);
		return STK_OK;
	}
}

/*
 * The family of a smooth or erratic window with variance-to-mean ratio
 * wm->vmr (per-period mean mu > 0): Poisson when about 1, negative
 * binomial above, a discretised normal below.
 */
static StkStatus
DispersionModel(WindowModel *wm, double mu)
{
	if (wm->vmr < REORDER_VMR_LOW)
	{
		wm->normal = true;
		return STK_OK;
	}
	if (wm->vmr <= REORDER_VMR_HIGH)
		return stk_count_poisson(mu, &wm->dist);
	return stk_count_negbin(mu, wm->vmr * mu, &wm->dist);
}

/*
 * The window distributions of a plan whose step means, demand class and
 * window model are set: X_P and X_L as exact mixtures over the lead-time
 * points (and, nscale > 1, over the mean scaled by scales[] with weights
 * sweights[]), their loss tables, the levels for the options' target,
 * and the method in words (model, then the distribution).
 */
static StkStatus
PlanWindows(StkReorderPlan *plan, const StkReorderOptions *opt,
			WindowModel *wm, int review, const double *lvals,
			const double *lprobs, int nlead, int nscale,
			const double *scales, const double *sweights, const char *model,
			const StkAllocator *a)
{
	double	   *pmf_p = NULL,
			   *pmf_l = NULL,
			   *scaled = NULL;
	int			np = 0,
				nl = 0,
				q;
	double		x,
				achieved,
				ep = 0.0,
				ep2 = 0.0,
				el = 0.0,
				psum = 0.0,
				mu = plan->mean_per_period;
	StkStatus	st = STK_OK;

	if (nscale > 1)
	{
		scaled = stk_alloc(a, sizeof(double) * plan->horizon);
		if (scaled == NULL)
			return STK_ENOMEM;
	}
	/* exact mixtures over the lead time (and the mean's error) */
	for (int v = 0; v < nscale; v++)
	{
		if (nscale > 1)
		{
			for (int i = 0; i < plan->horizon; i++)
				scaled[i] = plan->step_mean[i] * scales[v];
			wm->step_mean = scaled;
		}
		for (int i = 0; i < nlead; i++)
		{
			double	   *pm;
			int			len;
			int			l = (int) lvals[i];
			double		w = lprobs[i] * sweights[v];

			/* a pair of window pmfs per scale and lead time, each maybe long */
			if (stk_interrupted())
			{
				st = STK_ECANCELED;
				goto done;
			}
			if ((st = WindowPmf(wm, review + l, a, &pm, &len)) != STK_OK)
				goto done;
			st = MixInto(&pmf_p, &np, pm, len, w, a);
			stk_free(a, pm);
			if (st != STK_OK)
				goto done;
			if ((st = WindowPmf(wm, l, a, &pm, &len)) != STK_OK)
				goto done;
			st = MixInto(&pmf_l, &nl, pm, len, w, a);
			stk_free(a, pm);
			if (st != STK_OK)
				goto done;
			psum += w;
		}
	}
	for (int j = 0; j < np; j++)
	{
		pmf_p[j] /= psum;
		ep += j * pmf_p[j];
		ep2 += (double) j * j * pmf_p[j];
	}
	for (int j = 0; j < nl; j++)
	{
		pmf_l[j] /= psum;
		el += j * pmf_l[j];
	}

	plan->loss_p = stk_alloc(a, sizeof(double) * (np + 1));
	plan->loss_l = stk_alloc(a, sizeof(double) * (nl + 1));
	if (plan->loss_p == NULL || plan->loss_l == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	if ((st = stk_pmf_loss_table(pmf_p, np, plan->loss_p)) != STK_OK ||
		(st = stk_pmf_loss_table(pmf_l, nl, plan->loss_l)) != STK_OK)
		goto done;
	plan->np = np;
	plan->nl = nl;
	plan->mean_protection = ep;
	plan->sd_protection = sqrt(fmax(ep2 - ep * ep, 0.0));
	plan->mean_lead = el;

	/* order quantity of the (s,Q)/min-max policies */
	if (opt->policy == STK_POLICY_RS)
		q = 1;
	else if (opt->order_qty > 0.0)
		q = (int) ceil(opt->order_qty - 1e-9);
	else
		q = (int) fmin(STK_REORDER_MAX_QTY, fmax(1.0, round(mu * opt->review)));
	plan->qty_units = q;

	if (!(ep - el > 0.0))
	{
		/* no demand expected in the review window: nothing to protect */
		x = 0.0;
		achieved = 1.0;
	}
	else
	{
		double		below;

		if ((st = stk_level_from_loss(plan->loss_p, np, plan->loss_l, nl, q,
									  opt->type, opt->target,
									  &x, &achieved)) != STK_OK)
			goto done;

		/*
		 * Whole units make the service jump between levels, by several
		 * points for slow movers; the smallest level meeting the target
		 * overshoots on every product, the level nearest the target
		 * overshoots on some and undershoots on others, so that over many
		 * products the service achieved averages the target.
		 */
		below = stk_level_service(plan->loss_p, np, plan->loss_l, nl, q,
								  opt->type, x - 1.0);
		if (opt->nearest && opt->target - below < achieved - opt->target)
		{
			x -= 1.0;
			achieved = below;
		}
	}
	plan->service = achieved;
	if (opt->policy == STK_POLICY_RS)
	{
		plan->order_up_to = plan->reorder_point = x;
		plan->order_qty = 0.0;
		plan->safety_stock = x - ep;
	}
	else
	{
		plan->reorder_point = x - 1.0;
		plan->order_qty = q;
		plan->order_up_to = x - 1.0 + q;
		plan->safety_stock = x - 1.0 - ep;
	}
	snprintf(plan->method, sizeof(plan->method),
			 "%s; %s over %d periods%s, time-phased%s",
			 model, FamilyName(wm), review + (int) round(opt->lead_mean),
			 nlead > 1 ? " (mixed over the lead time)" : "",
			 nscale > 1 ? ", with the error of the mean" : "");

	plan->model_len = (int) fmin(strlen(model), sizeof(plan->method) - 1);

done:
	stk_free(a, scaled);
	stk_free(a, pmf_p);
	stk_free(a, pmf_l);
	return st;
}

/* All of x[0..n) equal (to rounding)? */
static bool
Flat(const double *x, int n)
{
	for (int i = 1; i < n; i++)
		if (fabs(x[i] - x[0]) > 1e-9 * fmax(1.0, fabs(x[0])))
			return false;
	return true;
}

/*
 * A stable history's step means: the long-run mean, with the seasonal
 * shape of the adaptive forecast when it has one (its first season
 * scaled to mean 1, repeated), so only the level changes; the forecast's
 * trend, if any, is dropped, since the test found none.
 */
static void
LongRunSteps(double *step_mean, int h, int period, double mean)
{
	double		lvl = 0.0;

	if (period > 1 && h >= period)
	{
		for (int i = 0; i < period; i++)
			lvl += step_mean[i];
		lvl /= period;
	}
	if (!(lvl > 0.0))
	{
		for (int i = 0; i < h; i++)
			step_mean[i] = mean;
		return;
	}
	for (int i = 0; i < period; i++)
		step_mean[i] *= mean / lvl;
	for (int i = period; i < h; i++)
		step_mean[i] = step_mean[i % period];
}

/*
 * No change of level: the statistic at most the critical value, or, in a
 * group (level_p_group), its p-value above the group's threshold.  *p:
 * the p-value when asked for or needed, else NaN.
 */
static bool
LongRun(const StkLevelTest *lt, const StkReorderOptions *opt, double *p)
{
	*p = NAN;
	if (lt->tested &&
		(opt->level_pvalue ||
		 (!isnan(opt->level_p_group) && lt->stat > opt->level_crit)))
		*p = stk_level_change_test_pvalue(lt);
	return lt->tested && lt->mean > 0.0 &&
		(lt->stat <= opt->level_crit || *p > opt->level_p_group);
}

/*
 * The event effects of a daily history for the plan (options' calendar):
 * only the names with an occurrence whose window reaches into the
 * protection interval [n, n + hsel) take part, so the levels are those of
 * the same history without a calendar unless an event falls where they
 * protect, a plan far from any event costs nothing, and a calendar of many
 * holidays does not put all of them into the fit.  eff[n + h] (h >= hsel,
 * the plan's horizon, days of cover included) as stk_prophet_event_effects
 * gives them, with the prior STK_REORDER_EVENT_PRIOR_SCALE; *nterms 0 (eff
 * untouched) when no name reaches the interval or none was seen in the
 * history, and *too_many set too when those names exceed the model's
 * limits (prophet.h).
 */
static StkStatus
EventEffects(const double *y, int n, int h, int hsel, const StkReorderOptions *opt,
			 const StkAllocator *a, double *eff, int *nterms, bool *too_many)
{
	const StkEventCalendar *cal = opt->calendar;
	StkEventCalendar sub = *cal;
	StkProphetOptions popts;
	int32_t    *days,
			   *names,
			   *map;
	int			k = 0;
	StkStatus	st = STK_OK;

	*nterms = 0;
	*too_many = false;
	if (n < 3)
		return STK_OK;
	days = stk_alloc(a, sizeof(int32_t) * (size_t) cal->nevents);
	names = stk_alloc(a, sizeof(int32_t) * (size_t) cal->nevents);
	map = stk_alloc(a, sizeof(int32_t) * (size_t) cal->nnames);
	if (days == NULL || names == NULL || map == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	for (int j = 0; j < cal->nnames; j++)
		map[j] = -1;
	for (int i = 0; i < cal->nevents; i++)
	{
		int64_t		t = stk_period_of_day(STK_FREQ_DAY, cal->days[i]) - cal->first;

		if (t + cal->days_after >= n && t - cal->days_before < (int64_t) n + hsel)
			map[cal->names[i]] = 0;
	}
	sub.nnames = 0;
	for (int j = 0; j < cal->nnames; j++)
		if (map[j] == 0)
			map[j] = sub.nnames++;
	if (sub.nnames == 0)
		goto done;
	if (sub.nnames > STK_PROPHET_MAX_EVENT_NAMES ||
		sub.nnames * (sub.days_before + sub.days_after + 1) > STK_PROPHET_MAX_EVENT_TERMS)
	{
		*too_many = true;
		goto done;
	}
	for (int i = 0; i < cal->nevents; i++)
		if (map[cal->names[i]] >= 0)
		{
			days[k] = cal->days[i];
			names[k] = map[cal->names[i]];
			k++;
		}
	sub.days = days;
	sub.names = names;
	sub.nevents = k;
	stk_prophet_options_init(&popts);
	popts.cal = &sub;
	popts.seed = opt->seed;
	popts.holiday_scale = STK_REORDER_EVENT_PRIOR_SCALE;
	st = stk_prophet_event_effects(y, n, h, &popts, a, eff, nterms);

done:
	stk_free(a, days);
	stk_free(a, names);
	stk_free(a, map);
	return st;
}

StkStatus
stk_reorder_plan(const double *y, int n, const StkReorderOptions *opt,
				 const StkAllocator *a, StkReorderPlan *plan)
{
	StkDemandStats ds;
	double		lvals[REORDER_LEAD_POINTS + 2],
				lprobs[REORDER_LEAD_POINTS + 2];
	int			nlead,
				review,
				maxlead = 0,
				h,
				m;
	bool		slow;
	WindowModel wm;
	double		alpha,
				mu;
	char		model[256];
	int			fperiod = 0,
				lm;
	bool		test_level;
	StkLevelTest lt;
	double		level_p = NAN;
	double		scales[3],
				sweights[3];
	int			nscale;
	double	   *eff = NULL,
			   *yadj = NULL;
	int			nterms = 0;
	bool		too_many = false,
				fit_failed = false;
	StkStatus	st;

	memset(plan, 0, sizeof(*plan));
	memset(&wm, 0, sizeof(wm));
	plan->window_vmr = plan->window_vmr_var = plan->step_vmr = NAN;
	if (y == NULL || n < 1)
		return STK_EINVAL;
	if ((st = CheckOptions(opt)) != STK_OK)
		return st;
	if ((st = stk_demand_classify(y, n, &ds)) != STK_OK)
		return st;
	plan->cls = ds.cls;
	plan->policy = opt->policy;

	/* continuous review is checked once per period */
	review = (opt->policy == STK_POLICY_SQ || opt->policy == STK_POLICY_SS)
		? 1 : opt->review;
	nlead = LeadPoints(opt->lead_mean, opt->lead_sd, lvals, lprobs);
	for (int i = 0; i < nlead; i++)
		if (lvals[i] > maxlead)
			maxlead = (int) lvals[i];
	h = review + maxlead;
	plan->horizon = h > opt->cover_horizon ? h : opt->cover_horizon;
	plan->step_mean = stk_alloc(a, sizeof(double) * plan->horizon);
	if (plan->step_mean == NULL)
		return STK_ENOMEM;

	if (ds.cls == STK_DEMAND_ZERO)
	{
		/* nothing was ever sold: no stock to hold */
		memset(plan->step_mean, 0, sizeof(double) * plan->horizon);
		plan->qty_units = 1;
		plan->service = 1.0;
		snprintf(plan->method, sizeof(plan->method), "no demand in the history");
		return STK_OK;
	}

	slow = (ds.cls == STK_DEMAND_INTERMITTENT || ds.cls == STK_DEMAND_LUMPY);

	/*
	 * Events: plan on the history without their effects (a past feast is
	 * neither a level change nor noise), add the horizon's back below.  A
	 * failed event fit plans as without events, as 'auto' does.
	 */
	if (!slow && opt->calendar != NULL && opt->calendar->nevents > 0)
	{
		eff = stk_alloc(a, sizeof(double) * (size_t) (n + plan->horizon));
		yadj = stk_alloc(a, sizeof(double) * (size_t) n);
		if (eff == NULL || yadj == NULL)
		{
			st = STK_ENOMEM;
			goto done;
		}
		st = EventEffects(y, n, plan->horizon, h, opt, a, eff, &nterms, &too_many);
		if (st == STK_ENOMEM || st == STK_ECANCELED)
			goto done;
		fit_failed = (st != STK_OK);
		if (fit_failed)
			nterms = 0;
		for (int i = 0; i < n; i++)
			yadj[i] = nterms > 0 ? fmax(y[i] - eff[i], 0.0) : y[i];
		y = yadj;
	}

	/*
	 * Method auto: the long-run mean of the recent history when it shows no
	 * change of level (level_change.h), the adaptive forecast when it does.
	 * On a stable history the adaptive forecasts (SBA with a smoothing
	 * constant fitted per series, ETS) weigh the last few dozen periods and
	 * are much noisier than the mean of two years; the allocation of stock
	 * across items follows those errors.  Blocks of the seasonal period,
	 * so a weekly pattern is not taken for a change.
	 */
	lm = n < REORDER_HISTORY ? n : REORDER_HISTORY;
	test_level = opt->method == STK_METHOD_AUTO && opt->level_crit > 0.0;
	plan->level_stat = plan->level_p = NAN;
	memset(&lt, 0, sizeof(lt));
	if (test_level && slow)
	{
		/* SBA has no season: blocks of the period asked for */
		stk_level_change_test(y + n - lm, lm, opt->period > 1 ? opt->period : 1, &lt);
		plan->long_run = LongRun(&lt, opt, &level_p);
	}
	if (plan->long_run)
	{
		/* a stable slow mover: no smoothing to fit */
		for (int i = 0; i < plan->horizon; i++)
			plan->step_mean[i] = lt.mean;
		alpha = NAN;
		model[0] = '\0';
	}
	else
	{
		st = StepForecast(y, n, opt, slow, plan->horizon, a, plan->step_mean,
						  &alpha, &fperiod, model, sizeof(model));
		if (st != STK_OK)
			goto done;
		if (test_level && !slow)
		{
			int			b = fperiod > 1 ? fperiod : (opt->period > 1 ? opt->period : 1);

			stk_level_change_test(y + n - lm, lm, b, &lt);
			plan->long_run = LongRun(&lt, opt, &level_p);
			if (plan->long_run)
				LongRunSteps(plan->step_mean, plan->horizon, fperiod, lt.mean);
		}
	}
	if (lt.tested)
	{
		char		adaptive[128];

		plan->level_stat = lt.stat;
		plan->level_p = level_p;
		snprintf(adaptive, sizeof(adaptive), "%s", model);
		if (!plan->long_run)
			snprintf(model, sizeof(model),
					 "%s (level change in the history, max |t| %.2f)",
					 adaptive, lt.stat);
		else
		{
			char		why[64];

			/* the group lifted the test's flag (level_p_group) */
			if (lt.stat > opt->level_crit)
				snprintf(why, sizeof(why),
						 "no level change over the group, max |t| %.2f, p %.2g",
						 lt.stat, level_p);
			else
				snprintf(why, sizeof(why), "no level change, max |t| %.2f", lt.stat);
			/* a horizon shorter than the season keeps no shape (LongRunSteps) */
			if (fperiod > 1 && plan->horizon >= fperiod &&
				!Flat(plan->step_mean, fperiod))
				snprintf(model, sizeof(model),
						 "long-run mean of %d periods (%s) with the seasonal shape of %s",
						 lm, why, adaptive);
			else
				snprintf(model, sizeof(model), "long-run mean of %d periods (%s)",
						 lm, why);
		}
	}
	if (nterms > 0)
	{
		size_t		len = strlen(model);

		for (int i = 0; i < plan->horizon; i++)
			plan->step_mean[i] = fmax(plan->step_mean[i] + eff[n + i], 0.0);
		snprintf(model + len, sizeof(model) - len, " + events");
	}
	else if (too_many || fit_failed)
	{
		size_t		len = strlen(model);

		if (too_many)
			snprintf(model + len, sizeof(model) - len,
					 " (events left out: more than %d names or %d effects ahead)",
					 STK_PROPHET_MAX_EVENT_NAMES, STK_PROPHET_MAX_EVENT_TERMS);
		else
			snprintf(model + len, sizeof(model) - len,
					 " (events left out: their fit failed)");
	}
	mu = 0.0;
	for (int i = 0; i < h; i++)
		mu += plan->step_mean[i];
	mu /= h;
	plan->mean_per_period = mu;

	/* the shape of the window distributions */
	m = n < REORDER_HISTORY ? n : REORDER_HISTORY;
	memset(&wm, 0, sizeof(wm));
	wm.step_mean = plan->step_mean;
	if (!(mu > 0.0))
	{
		/* the forecast expects no demand: point mass at 0 */
		st = stk_count_poisson(0.0, &wm.dist);
	}
	else if (slow)
	{
		/* sizes from the recent history, or all of it if it sold nothing */
		if (ds.last_demand < n - m)
			m = n;
		st = stk_count_bernoulli_empirical(mu, y + n - m, m, a, &wm.dist);
		/* a lumpy item's few largest sizes: a tail beyond them */
		if (st == STK_OK && ds.cls == STK_DEMAND_LUMPY && opt->size_tail > 0.0)
			st = stk_count_bernoulli_geometric_tail(&wm.dist, opt->size_tail, a);
	}
	else
	{
		int			w = review + (int) round(opt->lead_mean);

		wm.vmr = WindowDispersion(y + n - m, m, w < 1 ? 1 : w,
								  fperiod > 1 ? fperiod : opt->period,
								  opt->window_vmr, &plan->window_vmr,
								  &plan->window_vmr_var, &plan->step_vmr,
								  &plan->vmr_mean_err);
		st = DispersionModel(&wm, mu);
	}
	if (st != STK_OK)
		goto done;

	/*
	 * The smoothed mean of a slow mover is itself uncertain, and the error
	 * is the same in every step of the window (Prak & Teunter 2019): mix
	 * over the mean scaled by 1 - sqrt(3) c, 1, 1 + sqrt(3) c with weights
	 * 1/6, 2/3, 1/6 (the three-point rule matching a normal's first four
	 * moments), c the mean's coefficient of variation.  Croston/SBA's
	 * ratio z/x of two exponentially smoothed quantities has relative
	 * variance about alpha / (2 - alpha) (CV2(sizes) + CV2(intervals)),
	 * geometric intervals having CV2 = 1 - 1/ADI.
	 */
	nscale = 1;
	scales[0] = 1.0;
	sweights[0] = 1.0;
	if (slow && ds.nonzero >= 2 &&
		(plan->long_run || (isfinite(alpha) && alpha > 0.0 && alpha < 2.0)))
	{
		/*
		 * The long-run mean's relative variance is that of the mean of K
		 * block sums, var(block) / (K mean_block^2): far smaller.
		 */
		double		c = plan->long_run ? sqrt(lt.mean_cv2) :
			sqrt(alpha / (2.0 - alpha) *
				 (ds.cv2 + fmax(0.0, 1.0 - 1.0 / ds.adi)));
		double		d = fmin(sqrt(3.0) * c, 0.95);

		nscale = 3;
		scales[0] = 1.0 - d;
		scales[1] = 1.0;
		scales[2] = 1.0 + d;
		sweights[0] = sweights[2] = 1.0 / 6.0;
		sweights[1] = 2.0 / 3.0;
	}

	st = PlanWindows(plan, opt, &wm, review, lvals, lprobs, nlead, nscale,
					 scales, sweights, model, a);

done:
	stk_count_dist_free(&wm.dist, a);
	stk_free(a, eff);
	stk_free(a, yadj);
	return st;
}

StkStatus
stk_reorder_plan_set_dispersion(StkReorderPlan *plan,
								const StkReorderOptions *opt,
								double window_vmr, const StkAllocator *a)
{
	double		lvals[REORDER_LEAD_POINTS + 2],
				lprobs[REORDER_LEAD_POINTS + 2];
	static const double one[1] = {1.0};
	char		model[sizeof(plan->method)];
	WindowModel wm;
	int			nlead,
				review;
	size_t		len;
	StkStatus	st;

	if (!isfinite(window_vmr))
		return STK_ENONFINITE;
	if (!(window_vmr > 0.0))
		return STK_EINVAL;
	if ((st = CheckOptions(opt)) != STK_OK)
		return st;
	if (plan->loss_p == NULL || !isfinite(plan->window_vmr) ||
		!(plan->mean_per_period > 0.0))
		return STK_OK;
	review = (opt->policy == STK_POLICY_SQ || opt->policy == STK_POLICY_SS)
		? 1 : opt->review;
	nlead = LeadPoints(opt->lead_mean, opt->lead_sd, lvals, lprobs);
	memset(&wm, 0, sizeof(wm));
	wm.step_mean = plan->step_mean;
	wm.vmr = window_vmr + plan->vmr_mean_err;
	if ((st = DispersionModel(&wm, plan->mean_per_period)) != STK_OK)
		return st;
	memcpy(model, plan->method, plan->model_len);
	model[plan->model_len] = '\0';
	stk_free(a, plan->loss_p);
	stk_free(a, plan->loss_l);
	plan->loss_p = plan->loss_l = NULL;
	st = PlanWindows(plan, opt, &wm, review, lvals, lprobs, nlead, 1, one,
					 one, model, a);
	stk_count_dist_free(&wm.dist, a);
	len = strlen(plan->method);
	snprintf(plan->method + len, sizeof(plan->method) - len,
			 ", window dispersion %.3g pooled over the group (measured %.3g)",
			 window_vmr, plan->window_vmr);
	return st;
}

StkStatus
stk_reorder_dispersion_prior(const StkReorderPlan *const *plans, int n,
							 const StkAllocator *a,
							 StkReorderDispersionPrior *prior)
{
	double	   *buf;
	StkStatus	st = STK_OK;

	memset(prior, 0, sizeof(*prior));
	prior->level_threshold = NAN;
	if (n < 0 || (n > 0 && plans == NULL))
		return STK_EINVAL;
	buf = stk_alloc(a, sizeof(double) * 3 * (n > 0 ? n : 1));
	if (buf == NULL)
		return STK_ENOMEM;
	for (int c = 0; c < 2 && st == STK_OK; c++)
	{
		StkDemandClass cls = c == 0 ? STK_DEMAND_SMOOTH : STK_DEMAND_ERRATIC;
		double	   *theta = buf,
				   *d = buf + n,
				   *x = buf + 2 * n;
		int			k = 0;

		for (int i = 0; i < n; i++)
		{
			const StkReorderPlan *p = plans[i];

			if (p == NULL || p->cls != cls || !p->long_run ||
				!(p->window_vmr > 0.0) || !isfinite(p->window_vmr) ||
				!(p->window_vmr_var > 0.0) || !isfinite(p->window_vmr_var) ||
				!(p->step_vmr > 0.0) || !isfinite(p->step_vmr))
				continue;
			/* log s^2 is low by about half its variance */
			theta[k] = log(p->window_vmr) + p->window_vmr_var / 2.0;
			d[k] = p->window_vmr_var;
			x[k] = log(p->step_vmr);
			k++;
		}
		st = stk_shrink_fit(theta, d, x, k, a, &prior->line[c]);
	}
	stk_free(a, buf);
	return st;
}

StkStatus
stk_reorder_level_threshold(const StkReorderPlan *const *plans, int n,
							double q, const StkAllocator *a,
							double *threshold)
{
	double	   *p;
	int			m = 0;
	StkStatus	st;

	*threshold = 0.0;
	if (n < 0 || (n > 0 && plans == NULL) || !(q > 0.0 && q < 1.0))
		return STK_EINVAL;
	p = stk_alloc(a, sizeof(double) * (n > 0 ? n : 1));
	if (p == NULL)
		return STK_ENOMEM;
	for (int i = 0; i < n; i++)
		if (plans[i] != NULL && isfinite(plans[i]->level_p))
			p[m++] = plans[i]->level_p;
	st = stk_fdr_threshold(p, m, q, a, threshold);
	stk_free(a, p);
	return st;
}

double
stk_reorder_pooled_dispersion(const StkReorderPlan *plan,
							  const StkReorderDispersionPrior *prior)
{
	const StkShrinkLine *line;
	double		d = plan->window_vmr_var,
				theta,
				post;

	if (plan->cls != STK_DEMAND_SMOOTH && plan->cls != STK_DEMAND_ERRATIC)
		return NAN;
	line = &prior->line[plan->cls == STK_DEMAND_SMOOTH ? 0 : 1];
	if (!line->fitted || !plan->long_run ||
		!(plan->window_vmr > 0.0) || !isfinite(plan->window_vmr) ||
		!(d > 0.0) || !isfinite(d) ||
		!(plan->step_vmr > 0.0) || !isfinite(plan->step_vmr))
		return NAN;
	theta = stk_shrink_apply(line, log(plan->window_vmr) + d / 2.0, d,
							 log(plan->step_vmr), &post);
	/* the posterior mean of the ratio, not of its log */
	return exp(theta + post / 2.0);
}

StkStatus
stk_reorder_plan_price_level(StkReorderPlan *plan, double price)
{
	StkPooledItem it;
	double		x;

	if (!isfinite(price))
		return STK_ENONFINITE;
	if (price < 0.0 || plan->policy != STK_POLICY_RS)
		return STK_EINVAL;
	if (plan->loss_p == NULL || !(plan->loss_p[0] - plan->loss_l[0] > 0.0))
		return STK_OK;
	it.tp = plan->loss_p;
	it.np = plan->np;
	it.tl = plan->loss_l;
	it.nl = plan->nl;
	x = stk_pooled_item_level(&it, price, STK_POOLED_COST_ON_HAND);
	plan->order_up_to = plan->reorder_point = x;
	plan->safety_stock = x - plan->mean_protection;
	plan->service = stk_level_service(plan->loss_p, plan->np, plan->loss_l,
									  plan->nl, 1, STK_SERVICE_FILL_RATE, x);
	return STK_OK;
}

double
stk_reorder_shortage(const StkReorderPlan *plan, double y)
{
	double		mu_r;

	if (plan->loss_p == NULL)
		return 0.0;
	mu_r = plan->loss_p[0] - plan->loss_l[0];
	if (!(mu_r > 0.0))
		return 0.0;
	return mu_r * (1.0 - stk_level_service(plan->loss_p, plan->np,
										   plan->loss_l, plan->nl, 1,
										   STK_SERVICE_FILL_RATE, floor(y)));
}

StkStatus
stk_reorder_assess(const StkReorderPlan *plan, double on_hand,
				   double on_order, double reserved, StkReorderAdvice *out)
{
	double		ip,
				s = plan->reorder_point,
				S = plan->order_up_to,
				left,
				mu_r;

	memset(out, 0, sizeof(*out));
	if (!isfinite(on_hand) || !isfinite(on_order) || !isfinite(reserved))
		return STK_ENONFINITE;
	if (on_order < 0.0 || reserved < 0.0)
		return STK_EINVAL;
	ip = on_hand + on_order - reserved;
	out->position = ip;

	/* what the policy orders at a review now */
	out->raw_qty = 0.0;
	if (plan->policy == STK_POLICY_RS)
	{
		if (ip < S)
			out->raw_qty = S - ip;
	}
	else if (ip <= s)
	{
		if (plan->policy == STK_POLICY_SQ)
			out->raw_qty = (floor((s - ip) / plan->order_qty) + 1.0) * plan->order_qty;
		else
			out->raw_qty = S - ip;
	}

	/* P(X_L > IP): running out before an order placed now arrives */
	if (plan->loss_l == NULL)
		out->stockout_prob = ip < 0.0 ? 1.0 : 0.0;
	else
		out->stockout_prob =
			1.0 - stk_level_service(plan->loss_l, plan->nl, plan->loss_l,
									plan->nl, 1, STK_SERVICE_CSL, floor(ip));

	/* forward days of cover of the stock on hand */
	left = on_hand;
	out->days_of_cover = NAN;
	if (left <= 0.0)
		out->days_of_cover = 0.0;
	else
	{
		for (int i = 0; i < plan->horizon; i++)
		{
			double		f = plan->step_mean[i];

			if (f >= left && f > 0.0)
			{
				out->days_of_cover = i + left / f;
				break;
			}
			left -= f;
		}
		if (isnan(out->days_of_cover) && plan->horizon > 0 &&
			plan->step_mean[plan->horizon - 1] > 0.0)
			out->days_of_cover = plan->horizon +
				left / plan->step_mean[plan->horizon - 1];
	}

	mu_r = plan->loss_p ? plan->loss_p[0] - plan->loss_l[0] : 0.0;
	out->service_now = mu_r > 0.0
		? 1.0 - stk_reorder_shortage(plan, ip + out->raw_qty) / mu_r : 1.0;
	return STK_OK;
}
