/*-------------------------------------------------------------------------
 *
 * seasonality.c
 *	  Autocorrelation, seasonality test, classical decomposition and
 *	  seasonal period detection.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "seasonality.h"

/* Upper 5% point of the standard normal: thetaf's one-sided 90% test. */
#define Z_095 1.6448536269514722

StkStatus
stk_acf(const double *y, int n, int max_lag, double *acf)
{
	double		mean = 0,
				c0 = 0;

	if (y == NULL || acf == NULL || n < 1 || max_lag < 0 || max_lag >= n)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
		mean += y[t];
	mean /= n;
	for (int t = 0; t < n; t++)
		c0 += (y[t] - mean) * (y[t] - mean);
	acf[0] = 1;
	for (int k = 1; k <= max_lag; k++)
	{
		double		ck = 0;

		for (int t = 0; t + k < n; t++)
			ck += (y[t] - mean) * (y[t + k] - mean);
		/* a constant series has no correlation to speak of */
		acf[k] = c0 > 0 ? ck / c0 : 0;
	}
	return STK_OK;
}

/* |r_m| divided by its Bartlett standard error under "no seasonality". */
static double
seasonal_ratio(const double *acf, int n, int m)
{
	double		ss = 0;

	for (int k = 1; k < m; k++)
		ss += acf[k] * acf[k];
	return fabs(acf[m]) / sqrt((1 + 2 * ss) / n);
}


StkStatus
stk_seasonality_test(const double *y, int n, int m,
					 const StkAllocator *a, bool *seasonal)
{
	double	   *acf;
	StkStatus	st;

	if (y == NULL || seasonal == NULL || n < 1 || m < 1)
		return STK_EINVAL;
	*seasonal = false;
	if (m == 1 || n <= 2 * m || stk_series_constant(y, n))
		return STK_OK;
	acf = stk_alloc(a, sizeof(double) * (m + 1));
	if (acf == NULL)
		return STK_ENOMEM;
	st = stk_acf(y, n, m, acf);
	if (st == STK_OK)
		*seasonal = seasonal_ratio(acf, n, m) > Z_095;
	stk_free(a, acf);
	return st;
}

StkStatus
stk_decompose(const double *y, int n, int m, StkDecompType type,
			  const StkAllocator *a, double *indices, double *trend_out)
{
	double	   *trend;
	int		   *count;
	int			half = m / 2;
	double		total = 0;
	StkStatus	st = STK_OK;

	if (y == NULL || indices == NULL || m < 2 || n < 2 * m)
		return STK_EINVAL;
	trend = trend_out != NULL ? trend_out : stk_alloc(a, sizeof(double) * n);
	count = stk_alloc(a, sizeof(int) * m);
	if (trend == NULL || count == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}

	/*
	 * Centred moving average.  For even m the window spans m + 1 points with
	 * half weight at both ends, so that it is centred on an observation.
	 */
	for (int t = 0; t < n; t++)
	{
		double		s = 0;

		if (t < half || t + half >= n)
		{
			trend[t] = NAN;
			continue;
		}
		if (m % 2 == 0)
		{
			s = 0.5 * (y[t - half] + y[t + half]);
			for (int k = t - half + 1; k < t + half; k++)
				s += y[k];
		}
		else
		{
			for (int k = t - half; k <= t + half; k++)
				s += y[k];
		}
		trend[t] = s / m;
		if (type == STK_DECOMP_MULTIPLICATIVE && !(trend[t] > 0))
		{
			/* a ratio to a non-positive level means nothing */
			st = STK_EINVAL;
			goto done;
		}
	}

	/* Mean detrended value per seasonal position. */
	for (int j = 0; j < m; j++)
	{
		indices[j] = 0;
		count[j] = 0;
	}
	for (int t = half; t + half < n; t++)
	{
		double		d = type == STK_DECOMP_MULTIPLICATIVE ?
			y[t] / trend[t] : y[t] - trend[t];

		indices[t % m] += d;
		count[t % m]++;
	}
	for (int j = 0; j < m; j++)
	{
		/* n >= 2m leaves at least one defined value per position */
		indices[j] /= count[j];
		total += indices[j];
	}
	total /= m;
	for (int j = 0; j < m; j++)
	{
		if (type == STK_DECOMP_MULTIPLICATIVE)
			indices[j] /= total;
		else
			indices[j] -= total;
	}

done:
	if (trend_out == NULL)
		stk_free(a, trend);
	stk_free(a, count);
	return st;
}

StkStatus
stk_detect_period(const double *y, int n, const int *candidates,
				  int ncandidates, const StkAllocator *a, int *period)
{
	static const int default_candidates[] = {4, 7, 12, 24, 52, 365};
	double	   *diff,
			   *acf;
	int			nd = n - 1;
	int			max_lag = 0;
	double		best = 0;
	StkStatus	st;

	if (y == NULL || period == NULL || n < 1)
		return STK_EINVAL;
	if (candidates == NULL)
	{
		candidates = default_candidates;
		ncandidates = sizeof(default_candidates) / sizeof(default_candidates[0]);
	}
	if (ncandidates < 0)
		return STK_EINVAL;
	*period = 1;
	for (int i = 0; i < ncandidates; i++)
	{
		if (candidates[i] < 1)
			return STK_EINVAL;
		/* the test needs more than two seasons of differences */
		if (candidates[i] > 1 && nd > 2 * candidates[i] + 1 &&
			candidates[i] > max_lag)
			max_lag = candidates[i];
	}
	if (max_lag == 0 || stk_series_constant(y, n))
		return STK_OK;

	diff = stk_alloc(a, sizeof(double) * nd);
	acf = stk_alloc(a, sizeof(double) * (max_lag + 2));
	if (diff == NULL || acf == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	for (int t = 0; t < nd; t++)
		diff[t] = y[t + 1] - y[t];
	if ((st = stk_acf(diff, nd, max_lag + 1, acf)) != STK_OK)
		goto done;
	for (int i = 0; i < ncandidates; i++)
	{
		int			m = candidates[i];
		double		ratio;

		/*
		 * A season shows as a positive peak of the autocorrelation at its
		 * lag; a short-memory process (AR-like demand) has significant but
		 * steadily decaying correlations, which the peak condition rejects.
		 */
		if (m < 2 || m > max_lag || acf[m] <= 0 ||
			acf[m] <= acf[m - 1] || acf[m] <= acf[m + 1])
			continue;
		ratio = seasonal_ratio(acf, nd, m);
		/* ties go to the shorter period, which needs less data */
		if (ratio > Z_095 && (ratio > best || (ratio == best && m < *period)))
		{
			best = ratio;
			*period = m;
		}
	}

done:
	stk_free(a, diff);
	stk_free(a, acf);
	return st;
}
