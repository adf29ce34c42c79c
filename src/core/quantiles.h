/*-------------------------------------------------------------------------
 *
 * quantiles.h
 *	  Quantiles of a forecast's predictive distribution.
 *
 * Per step, the distribution is Gaussian N(mean, var) when the model gave
 * a variance, otherwise the empirical distribution of the sample paths
 * (quantile type 7 of Hyndman & Fan 1996, R's default: linear
 * interpolation between order statistics).
 *
 * Demand cannot be negative.  With nonneg set, the distribution is
 * censored at zero (the probability mass below zero is put on zero), not
 * truncated and renormalised: the quantile function of the censored
 * distribution is simply max(0, q(p)), so P50 stays the median of the
 * distribution whose other quantiles we report, and the positive
 * quantiles are unchanged.  Truncation would shift every quantile up and
 * overstate demand for slow sellers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_QUANTILES_H
#define STK_QUANTILES_H

#include "forecast.h"

/* STK_EINVAL unless 1 <= nlevels and 0 < levels[0] < ... < levels[k] < 1. */
extern StkStatus stk_validate_levels(const double *levels, int nlevels);

/*
 * Quantiles of every step at the given levels into out[h * nlevels + j]
 * (horizon x nlevels, row-major), monotone in the level.  STK_EINVAL for
 * bad levels, or for a step with neither a variance (finite, >= 0) nor
 * sample paths; STK_ENONFINITE for NaN in the mean or the paths.
 */
extern StkStatus stk_forecast_quantiles(const StkForecast *fc,
										const double *levels, int nlevels,
										bool nonneg, const StkAllocator *a,
										double *out);

#endif							/* STK_QUANTILES_H */
