/*-------------------------------------------------------------------------
 *
 * quantiles.c
 *	  Quantiles of a forecast's predictive distribution.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "quantiles.h"

StkStatus
stk_validate_levels(const double *levels, int nlevels)
{
	if (levels == NULL || nlevels < 1)
		return STK_EINVAL;
	for (int j = 0; j < nlevels; j++)
	{
		/* the negated comparisons also reject NaN */
		if (!(levels[j] > 0 && levels[j] < 1))
			return STK_EINVAL;
		if (j > 0 && !(levels[j] > levels[j - 1]))
			return STK_EINVAL;
	}
	return STK_OK;
}

static int
cmp_double(const void *pa, const void *pb)
{
	double		a = *(const double *) pa;
	double		b = *(const double *) pb;

	return (a > b) - (a < b);
}

/* Type 7 quantile of sorted x[0..n-1]. */
static double
quantile_type7(const double *x, int n, double p)
{
	double		h = (n - 1) * p;
	int			lo = (int) floor(h);

	if (lo >= n - 1)
		return x[n - 1];
	return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

/*
 * Move the k-th smallest of x[lo..hi] to x[k], smaller ones before it and
 * larger ones after (Hoare's selection, median-of-three pivot): O(n) on
 * average, where sorting is O(n log n) through a comparison callback.
 */
static void
select_kth(double *x, int lo, int hi, int k)
{
	while (hi > lo)
	{
		int			mid = lo + (hi - lo) / 2;
		double		pivot,
					t;
		int			i = lo,
					j = hi;

		/* median of three as pivot */
		if (x[mid] < x[lo])
			t = x[mid], x[mid] = x[lo], x[lo] = t;
		if (x[hi] < x[lo])
			t = x[hi], x[hi] = x[lo], x[lo] = t;
		if (x[hi] < x[mid])
			t = x[hi], x[hi] = x[mid], x[mid] = t;
		pivot = x[mid];
		while (i <= j)
		{
			while (x[i] < pivot)
				i++;
			while (x[j] > pivot)
				j--;
			if (i <= j)
			{
				t = x[i], x[i] = x[j], x[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/*
 * Type 7 quantiles at increasing levels of the unsorted x[0..n-1] (which is
 * reordered): the same order statistics as quantile_type7 on the sorted
 * sample, found by selection when there are few levels.
 */
static void
quantiles_type7(double *x, int n, const double *levels, int nlevels,
				double *q)
{
	int			from = 0;

	if (nlevels > 8)
	{
		qsort(x, n, sizeof(double), cmp_double);
		for (int j = 0; j < nlevels; j++)
			q[j] = quantile_type7(x, n, levels[j]);
		return;
	}
	for (int j = 0; j < nlevels; j++)
	{
		double		h = (n - 1) * levels[j];
		int			lo = (int) floor(h);
		double		next;

		if (lo >= n - 1)
		{
			select_kth(x, from, n - 1, n - 1);
			q[j] = x[n - 1];
			continue;
		}
		/* levels increase: everything below x[from] is already smaller */
		select_kth(x, from, n - 1, lo);
		next = x[lo + 1];
		for (int i = lo + 2; i < n; i++)
			if (x[i] < next)
				next = x[i];
		q[j] = x[lo] + (h - lo) * (next - x[lo]);
		from = lo;
	}
}

StkStatus
stk_forecast_quantiles(const StkForecast *fc, const double *levels,
					   int nlevels, bool nonneg, const StkAllocator *a,
					   double *out)
{
	double	   *sample = NULL;
	StkStatus	st = STK_OK;

	if (fc == NULL || out == NULL || fc->mean == NULL ||
		fc->horizon < 1 || fc->horizon > STK_MAX_HORIZON)
		return STK_EINVAL;
	if ((st = stk_validate_levels(levels, nlevels)) != STK_OK)
		return st;

	for (int h = 0; h < fc->horizon && st == STK_OK; h++)
	{
		double	   *q = out + (size_t) h * nlevels;
		double		v = fc->var != NULL ? fc->var[h] : NAN;

		if (!isfinite(fc->mean[h]))
		{
			st = STK_ENONFINITE;
			break;
		}
		if (!isnan(v))
		{
			double		sd;

			if (!(v >= 0) || isinf(v))
			{
				st = STK_EINVAL;
				break;
			}
			sd = sqrt(v);
			for (int j = 0; j < nlevels; j++)
				q[j] = fc->mean[h] + sd * gsl_cdf_ugaussian_Pinv(levels[j]);
		}
		else if (fc->nsim > 0 && fc->paths != NULL)
		{
			if (sample == NULL &&
				(sample = stk_alloc(a, sizeof(double) * fc->nsim)) == NULL)
			{
				st = STK_ENOMEM;
				break;
			}
			for (int i = 0; i < fc->nsim; i++)
			{
				sample[i] = fc->paths[(size_t) i * fc->horizon + h];
				if (!isfinite(sample[i]))
					st = STK_ENONFINITE;
			}
			if (st != STK_OK)
				break;
			quantiles_type7(sample, fc->nsim, levels, nlevels, q);
		}
		else
		{
			/* no distribution at all for this step */
			st = STK_EINVAL;
			break;
		}

		for (int j = 0; j < nlevels; j++)
		{
			/* censoring at zero: the censored quantile function */
			if (nonneg && q[j] < 0)
				q[j] = 0;
			/* rounding in the interpolation must not reorder levels */
			if (j > 0 && q[j] < q[j - 1])
				q[j] = q[j - 1];
		}
	}
	stk_free(a, sample);
	return st;
}
