/*-------------------------------------------------------------------------
 *
 * dispersion_shrink.c
 *	  Empirical-Bayes (Fay-Herriot) shrinkage of per-item estimates
 *	  (dispersion_shrink.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "dispersion_shrink.h"

/*
 * Weighted least squares of theta on (1, x) (x NULL: on 1) with weights
 * w: intercept *b0, slope *b1 (0 without x).  False when the covariate
 * has no spread.
 */
static bool
WeightedLine(const double *theta, const double *x, const double *w, int n,
			 double *b0, double *b1)
{
	double		sw = 0.0,
				mx = 0.0,
				mt = 0.0,
				sxx = 0.0,
				sxt = 0.0;

	for (int i = 0; i < n; i++)
	{
		sw += w[i];
		mt += w[i] * theta[i];
		if (x)
			mx += w[i] * x[i];
	}
	mt /= sw;
	mx /= sw;
	*b1 = 0.0;
	if (x)
	{
		for (int i = 0; i < n; i++)
		{
			sxx += w[i] * (x[i] - mx) * (x[i] - mx);
			sxt += w[i] * (x[i] - mx) * (theta[i] - mt);
		}
		if (!(sxx > 1e-12 * sw))
			return false;
		*b1 = sxt / sxx;
	}
	*b0 = mt - *b1 * mx;
	return true;
}

StkStatus
stk_shrink_fit(const double *theta, const double *d, const double *x, int n,
			   const StkAllocator *a, StkShrinkLine *line)
{
	int			p = x ? 2 : 1;
	double		b0,
				b1,
				rss = 0.0,
				noise = 0.0,
				mx = 0.0,
				sxx = 0.0;
	double	   *w;

	memset(line, 0, sizeof(*line));
	if (theta == NULL || d == NULL || n < 0)
		return STK_EINVAL;
	for (int i = 0; i < n; i++)
		if (!isfinite(theta[i]) || !isfinite(d[i]) || !(d[i] > 0.0) ||
			(x && !isfinite(x[i])))
			return STK_EINVAL;
	if (n < p + STK_SHRINK_MIN_EXTRA)
		return STK_OK;
	w = stk_alloc(a, sizeof(double) * n);
	if (w == NULL)
		return STK_ENOMEM;

	/* ordinary least squares and its leverages h_ii */
	for (int i = 0; i < n; i++)
		w[i] = 1.0;
	if (!WeightedLine(theta, x, w, n, &b0, &b1))
	{
		stk_free(a, w);
		return STK_OK;
	}
	if (x)
	{
		for (int i = 0; i < n; i++)
			mx += x[i];
		mx /= n;
		for (int i = 0; i < n; i++)
			sxx += (x[i] - mx) * (x[i] - mx);
	}
	for (int i = 0; i < n; i++)
	{
		double		e = theta[i] - b0 - b1 * (x ? x[i] : 0.0);
		double		h = 1.0 / n + (x ? (x[i] - mx) * (x[i] - mx) / sxx : 0.0);

		rss += e * e;
		noise += d[i] * (1.0 - h);
	}
	line->between = fmax(0.0, (rss - noise) / (n - p));

	/* the line weighted by each estimate's total variance */
	for (int i = 0; i < n; i++)
		w[i] = 1.0 / (line->between + d[i]);
	WeightedLine(theta, x, w, n, &line->b0, &line->b1);
	stk_free(a, w);
	line->fitted = true;
	return STK_OK;
}

double
stk_shrink_apply(const StkShrinkLine *line, double theta, double d, double x,
				 double *post_var)
{
	double		b;

	if (!line->fitted)
	{
		if (post_var)
			*post_var = d;
		return theta;
	}
	b = d / (line->between + d);
	if (post_var)
		*post_var = line->between * b;
	return theta - b * (theta - line->b0 - line->b1 * x);
}
