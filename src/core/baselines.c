/*-------------------------------------------------------------------------
 *
 * baselines.c
 *	  Benchmark forecasts: naive, seasonal naive, mean and drift.
 *
 * See baselines.h for the variances and how sigma^2 is estimated.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>

#include "baselines.h"

StkStatus
stk_validate_input(const double *y, int n, int horizon)
{
	if (y == NULL || n < 1 || horizon < 1 || horizon > STK_MAX_HORIZON)
		return STK_EINVAL;
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
			return STK_ENONFINITE;
	}
	return STK_OK;
}

/*
 * Mean of squared lag-k differences, the residual variance of a
 * (seasonal) random walk; 0 when there are no differences at all.
 */
static double
lag_diff_mse(const double *y, int n, int k)
{
	double		ss = 0;

	if (n <= k)
		return 0;
	for (int t = k; t < n; t++)
	{
		double		d = y[t] - y[t - k];

		ss += d * d;
	}
	return ss / (n - k);
}

static void
set_fit_info(StkForecast *fc, const char *name, double sigma2, int nparams)
{
	snprintf(fc->model, sizeof(fc->model), "%s", name);
	fc->sigma2 = sigma2;
	fc->nparams = nparams;
}

StkStatus
stk_naive(const double *y, int n, int horizon,
		  const StkAllocator *a, StkForecast *fc)
{
	StkStatus	st;
	double		sigma2;

	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		return st;
	sigma2 = lag_diff_mse(y, n, 1);
	for (int h = 0; h < horizon; h++)
	{
		fc->mean[h] = y[n - 1];
		fc->var[h] = sigma2 * (h + 1);
	}
	set_fit_info(fc, "Naive", sigma2, 0);
	return STK_OK;
}

StkStatus
stk_snaive(const double *y, int n, int period, int horizon,
		   const StkAllocator *a, StkForecast *fc)
{
	StkStatus	st;
	double		sigma2;

	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	/* a whole season must have been seen to repeat it */
	if (period < 1 || period > n)
		return STK_EINVAL;
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		return st;
	sigma2 = lag_diff_mse(y, n, period);
	for (int h = 0; h < horizon; h++)
	{
		/* step h+1 repeats the value one or more whole seasons back */
		fc->mean[h] = y[n - period + h % period];
		fc->var[h] = sigma2 * (h / period + 1);
	}
	set_fit_info(fc, "SNaive", sigma2, 0);
	return STK_OK;
}

StkStatus
stk_meanf(const double *y, int n, int horizon,
		  const StkAllocator *a, StkForecast *fc)
{
	StkStatus	st;
	double		mean = 0,
				ss = 0,
				sigma2;

	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		return st;
	/* two passes: a running formula loses digits on large demand levels */
	for (int t = 0; t < n; t++)
		mean += y[t];
	mean /= n;
	for (int t = 0; t < n; t++)
		ss += (y[t] - mean) * (y[t] - mean);
	sigma2 = n > 1 ? ss / (n - 1) : 0;
	for (int h = 0; h < horizon; h++)
	{
		fc->mean[h] = mean;
		fc->var[h] = sigma2 * (1 + 1.0 / n);
	}
	set_fit_info(fc, "Mean", sigma2, 1);
	return STK_OK;
}

StkStatus
stk_drift(const double *y, int n, int horizon,
		  const StkAllocator *a, StkForecast *fc)
{
	StkStatus	st;
	double		b,
				ss = 0,
				sigma2;

	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		return st;
	/* the drift is the mean first difference: the slope of first-to-last */
	b = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0;
	for (int t = 1; t < n; t++)
	{
		double		d = y[t] - y[t - 1] - b;

		ss += d * d;
	}
	/* one degree of freedom went into the drift */
	sigma2 = n > 2 ? ss / (n - 2) : 0;
	for (int h = 0; h < horizon; h++)
	{
		double		k = h + 1;

		fc->mean[h] = y[n - 1] + k * b;
		/* the second term is the uncertainty of the estimated drift */
		fc->var[h] = n > 1 ? sigma2 * k * (1 + k / (n - 1)) : 0;
	}
	set_fit_info(fc, "Drift", sigma2, 1);
	return STK_OK;
}
