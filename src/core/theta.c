/*-------------------------------------------------------------------------
 *
 * theta.c
 *	  The Theta method (Hyndman & Billah 2003, as R's forecast::thetaf) and
 *	  the optimised Theta method (Fiorucci et al. 2016).
 *
 * Both fits reduce to one-dimensional searches over alpha.  For SES the
 * one-step errors are linear in the initial level l0:
 *
 *	 e[t] = u[t] - (1-alpha)^(t-1) l0
 *
 * where u are the errors of the same recursion started from 0, so the best
 * l0 for a given alpha is a one-variable least-squares solution.  For OTM
 * the errors are also linear in phi = 1 - 1/theta (see otm_profile), so
 * phi and l0 together are a two-variable least-squares problem with a bound
 * on phi.  Profiling them out leaves a smooth function of alpha alone,
 * which a grid plus Brent's method (GSL) minimises to full precision.
 * That is exact where a Nelder-Mead search over (alpha, theta, l0) would
 * stop at its tolerance, and it is several times cheaper.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>


#include "baselines.h"
#include "optim1d.h"
#include "seasonality.h"
#include "theta.h"

/* Bounds on alpha, those of R's ets() ("usual" bounds). */
#define ALPHA_LO 1e-4
#define ALPHA_HI 0.9999

/* theta capped at 1000: beyond that the forecast is the trend line alone */
#define PHI_MAX (1 - 1e-3)

#define STK_PI 3.14159265358979323846

/* Seasonal indices this close to zero make deseasonalising meaningless. */
#define MIN_SEASONAL_INDEX 1e-4

/* What the profiled objectives need. */
typedef struct ProfileData
{
	const double *y;
	int			n;
	double		shift;			/* subtracted from y: keeps sums small */
	double		A,
				B;				/* OTM: trend line A + B t, t = 1..n */
	/* outputs of the last evaluation */
	double		l0;
	double		phi;
} ProfileData;

/*
 * (1-alpha)^t, step by step.  Flushed to zero once negligible: for alpha
 * near 1 it would otherwise run through subnormal numbers, which cost a
 * hundred times a normal multiply and made the whole fit ten times slower.
 */
static inline double
next_weight(double w, double alpha)
{
	return w > 1e-100 ? w * (1 - alpha) : 0;
}

/*
 * SSE of SES at alpha with the initial level chosen optimally.  Errors of
 * the recursion started at 0 and the weights (1-alpha)^(t-1) are
 * accumulated first; the second pass recomputes the errors with the best
 * l0 rather than using the expanded quadratic, which cancels badly when
 * the fit is good.
 */
static double
ses_profile(double alpha, void *arg)
{
	ProfileData *d = arg;
	double		c = 0,
				w = 1,
				suw = 0,
				sww = 0,
				l,
				sse = 0;

	for (int t = 0; t < d->n; t++)
	{
		double		u = d->y[t] - d->shift - c;

		suw += u * w;
		sww += w * w;
		c += alpha * u;
		w = next_weight(w, alpha);
	}
	d->l0 = l = suw / sww;
	for (int t = 0; t < d->n; t++)
	{
		double		e = d->y[t] - d->shift - l;

		sse += e * e;
		l += alpha * e;
	}
	return sse;
}

/*
 * SSE of OTM at alpha with phi = 1 - 1/theta in [0, PHI_MAX] and the
 * initial level chosen optimally.  With x the series and L[t] = A + B t,
 * the one-step error is
 *
 *	 e[t] = ex[t] - phi eL[t] - c (1-alpha)^(t-1)
 *
 * where ex and eL are the SES errors of x and of L started from 0 and c is
 * the initial level of the theta line divided by theta.
 */
static double
otm_profile(double alpha, void *arg)
{
	ProfileData *d = arg;
	double		cx = 0,
				cl = 0,
				w = 1;
	double		s_ll = 0,
				s_lw = 0,
				s_ww = 0,
				s_xl = 0,
				s_xw = 0;
	double		det,
				phi,
				c,
				sse = 0;

	for (int t = 0; t < d->n; t++)
	{
		double		ex = d->y[t] - d->shift - cx;
		double		el = d->A + d->B * (t + 1) - cl;

		s_ll += el * el;
		s_lw += el * w;
		s_ww += w * w;
		s_xl += ex * el;
		s_xw += ex * w;
		cx += alpha * ex;
		cl += alpha * el;
		w = next_weight(w, alpha);
	}
	det = s_ll * s_ww - s_lw * s_lw;
	if (det > 1e-12 * s_ll * s_ww)
		phi = (s_xl * s_ww - s_xw * s_lw) / det;
	else
		phi = 0.5;				/* no trend to weigh: the classic theta = 2 */
	/* the problem is a convex quadratic: clamping phi then refitting c is exact */
	if (phi < 0)
		phi = 0;
	if (phi > PHI_MAX)
		phi = PHI_MAX;
	c = (s_xw - phi * s_lw) / s_ww;

	cx = cl = 0;
	w = 1;
	for (int t = 0; t < d->n; t++)
	{
		double		ex = d->y[t] - d->shift - cx;
		double		el = d->A + d->B * (t + 1) - cl;
		double		e = ex - phi * el - c * w;

		sse += e * e;
		cx += alpha * ex;
		cl += alpha * el;
		w = next_weight(w, alpha);
	}
	d->phi = phi;
	d->l0 = c;
	return sse;
}

/*
 * Minimise a profiled SSE over alpha in [ALPHA_LO, ALPHA_HI]: a grid finds
 * the basin (the SSE can have more than one local minimum), Brent's method
 * polishes it.  A minimum on the grid's edge is the bound itself, as for a
 * bounded optimiser.  Leaves the profile's outputs of the best alpha in d.
 */
static StkStatus
minimise_alpha(double (*f) (double, void *), ProfileData *d, double *alpha_out,
			   double *sse_out)
{
	static const double grid[] = {
		ALPHA_LO, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
	0.97, ALPHA_HI};
	double		alpha;

	/*
	 * Brent's own tolerance is about 1.5e-8 |alpha|, so the interval cannot
	 * get much narrower than 1e-7; the SSE is flat to many more digits than
	 * that near its minimum.
	 */
	StkStatus	st = stk_minimise_1d(f, d, grid, sizeof(grid) / sizeof(grid[0]),
									 1e-7, &alpha);

	if (st != STK_OK)
		return st;
	/* re-evaluate so that d holds the outputs of the chosen alpha */
	*sse_out = f(alpha, d);
	*alpha_out = alpha;
	return STK_OK;
}

StkStatus
stk_ses_fit(const double *y, int n, double *alpha, double *level0,
			double *level_n, double *sse)
{
	ProfileData d;
	double		l;
	StkStatus	st;

	if (y == NULL || n < 2)
		return STK_EINVAL;
	d.y = y;
	d.n = n;
	/* SES is shift-equivariant: fit y - y[0], shift the levels back */
	d.shift = y[0];
	d.A = d.B = 0;
	if ((st = minimise_alpha(ses_profile, &d, alpha, sse)) != STK_OK)
		return st;
	*level0 = l = d.l0 + d.shift;
	for (int t = 0; t < n; t++)
		l += *alpha * (y[t] - l);
	*level_n = l;
	return STK_OK;
}


/*
 * Too little data or nothing to smooth: the naive forecast is what Theta
 * converges to on a flat series (and the mean, for one point, is the same
 * number).  The model name says so.
 */
static StkStatus
theta_fallback(const double *y, int n, int horizon, bool optimise,
			   const StkAllocator *a, StkForecast *fc, StkThetaInfo *info)
{
	StkStatus	st;
	const char *base = n == 1 ? "mean" : "naive";

	st = n == 1 ? stk_meanf(y, n, horizon, a, fc) :
		stk_naive(y, n, horizon, a, fc);
	if (st != STK_OK)
		return st;
	snprintf(fc->model, sizeof(fc->model), "%s(fallback: %s)",
			 optimise ? "OTM" : "Theta", base);
	info->fallback = true;
	info->level = y[n - 1];
	return STK_OK;
}

/* Slope and intercept of the least-squares line through (t0 + t, x[t]). */
static void
linear_trend(const double *x, int n, double t0, double *intercept,
			 double *slope)
{
	double		tbar = (n - 1) / 2.0;
	double		xbar = 0,
				sxy = 0,
				stt = 0;

	for (int t = 0; t < n; t++)
		xbar += x[t];
	xbar /= n;
	for (int t = 0; t < n; t++)
	{
		sxy += (t - tbar) * (x[t] - xbar);
		stt += (t - tbar) * (t - tbar);
	}
	*slope = sxy / stt;
	*intercept = xbar - *slope * (tbar + t0);
}

StkStatus
stk_theta(const double *y, int n, int horizon, const StkThetaOptions *opts,
		  const StkAllocator *a, StkForecast *fc, StkThetaInfo *info)
{
	StkThetaInfo local_info;
	int			period = opts != NULL ? opts->period : 1;
	bool		optimise = opts != NULL && opts->optimise;
	bool		seasonal_var = opts != NULL && opts->seasonal_var;
	double	   *x = NULL,
			   *idx = NULL;
	double		alpha,
				sse,
				sigma2;
	StkStatus	st;

	if (info == NULL)
		info = &local_info;
	memset(info, 0, sizeof(*info));
	info->period = 1;
	info->theta = 2;
	if (fc != NULL)
		memset(fc, 0, sizeof(*fc));
	if (fc == NULL || a == NULL)
		return STK_EINVAL;
	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	if (period < 0 || period > n)
		return STK_EINVAL;

	/*
	 * Keep one residual degree of freedom: SES estimates alpha and l0, OTM
	 * also theta.
	 */
	if (n < (optimise ? 4 : 3) || stk_series_constant(y, n))
		return theta_fallback(y, n, horizon, optimise, a, fc, info);

	if (period == 0 &&
		(st = stk_detect_period(y, n, NULL, 0, a, &period)) != STK_OK)
		return st;
	info->period = period;

	x = stk_alloc(a, sizeof(double) * n);
	idx = stk_alloc(a, sizeof(double) * period);
	if (x == NULL || idx == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	if ((st = stk_seasonality_test(y, n, period, a, &info->seasonal)) != STK_OK)
		goto done;
	if (info->seasonal)
	{
		st = stk_decompose(y, n, period, STK_DECOMP_MULTIPLICATIVE, a, idx, NULL);
		if (st == STK_EINVAL)
		{
			/* a level at or below zero somewhere: no ratios to take */
			info->seasonal = false;
			st = STK_OK;
		}
		else if (st != STK_OK)
			goto done;
		for (int j = 0; info->seasonal && j < period; j++)
		{
			/*
			 * Stricter than thetaf, which tests |index|: a negative index
			 * (possible only with negative data) would flip the forecast.
			 */
			if (!(idx[j] > MIN_SEASONAL_INDEX))
				info->seasonal = false;
		}
	}
	for (int t = 0; t < n; t++)
		x[t] = info->seasonal ? y[t] / idx[t % period] : y[t];

	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		goto done;

	if (!optimise)
	{
		double		level0,
					level,
					intercept,
					slope,
					drift_term;

		if ((st = stk_ses_fit(x, n, &alpha, &level0, &level, &sse)) != STK_OK)
			goto done;
		linear_trend(x, n, 0, &intercept, &slope);
		/* thetaf guards the division; alpha >= 1e-4 here anyway */
		if (alpha < 1e-10)
			alpha = 1e-10;

		/*
		 * Hyndman & Billah: the theta = 0 line (the trend) and the SES of
		 * the theta = 2 line, averaged, equal SES of the data plus half the
		 * trend's slope b per step, offset by the lag with which SES of a
		 * line follows the line: yhat[n+h] = l[n] + b/2 (h - 1 + (1 -
		 * (1-alpha)^n) / alpha).
		 */
		drift_term = (1 - pow(1 - alpha, n)) / alpha;
		for (int h = 0; h < horizon; h++)
			fc->mean[h] = level + slope / 2 * (h + drift_term);
		sigma2 = sse / (n - 2);
		info->level0 = level0;
		info->level = level;
		info->drift = slope / 2;
		info->theta = 2;
		fc->nparams = 3;
	}
	else
	{
		ProfileData d;
		double		A,
					B,
					phi,
					cx = 0,
					cl = 0,
					lterm;

		/* the theta line's trend on t = 1..n, as in Fiorucci et al. */
		linear_trend(x, n, 1, &A, &B);
		d.y = x;
		d.n = n;
		d.shift = x[0];
		d.A = A - d.shift;
		d.B = B;
		if ((st = minimise_alpha(otm_profile, &d, &alpha, &sse)) != STK_OK)
			goto done;
		phi = d.phi;
		/* final levels of the zero-started recursions, then the l0 part */
		for (int t = 0; t < n; t++)
		{
			cx += alpha * (x[t] - d.shift - cx);
			cl += alpha * (d.A + B * (t + 1) - cl);
		}
		lterm = cx - phi * cl + pow(1 - alpha, n) * d.l0;
		for (int h = 0; h < horizon; h++)
			fc->mean[h] = d.shift + phi * (d.A + B * (n + h + 1)) + lterm;
		sigma2 = sse / (n - 3);

		/*
		 * In the form of Fiorucci et al. (SES level l of the series, plus
		 * phi times the trend's lead over its own SES started at 0), the
		 * shifted trend's SES started at 0 is the unshifted one's started at
		 * shift, hence the (1 - phi) shift.
		 */
		info->level0 = d.l0 + (1 - phi) * d.shift;
		info->level = info->level0;
		for (int t = 0; t < n; t++)
			info->level += alpha * (x[t] - info->level);
		info->drift = B;
		info->theta = 1 / (1 - phi);
		fc->nparams = 3;
	}
	info->alpha = alpha;
	info->sse = sse;

	/*
	 * The SES state space model's h-step variance.  In the seasonal case it
	 * is that of the deseasonalised series, as in thetaf, unless asked to
	 * scale it with the index like the mean.
	 */
	for (int h = 0; h < horizon; h++)
	{
		fc->var[h] = sigma2 * (1 + alpha * alpha * h);
		if (info->seasonal)
		{
			double		s = idx[(n + h) % period];

			fc->mean[h] *= s;
			if (seasonal_var)
				fc->var[h] *= s * s;
		}
	}
	fc->sigma2 = sigma2;
	/* Gaussian log-likelihood with sigma^2 at its MLE; none for a perfect fit */
	fc->loglik = sse > 0 ? -0.5 * n * (log(2 * STK_PI * sse / n) + 1) : NAN;
	if (info->seasonal)
	{
		fc->nparams += period - 1;
		snprintf(fc->model, sizeof(fc->model), "%s(m=%d)",
				 optimise ? "OTM" : "Theta", period);
	}
	else
		snprintf(fc->model, sizeof(fc->model), "%s",
				 optimise ? "OTM" : "Theta");

done:
	stk_free(a, x);
	stk_free(a, idx);
	if (st != STK_OK)
		stk_forecast_free(fc, a);
	return st;
}
