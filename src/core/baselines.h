/*-------------------------------------------------------------------------
 *
 * baselines.h
 *	  Benchmark forecasts: naive, seasonal naive, mean and drift.
 *
 * Each fills an StkForecast with point forecasts and the analytic Gaussian
 * predictive variance of the method (Hyndman & Athanasopoulos, FPP3,
 * section 5.5), with sigma^2 estimated as R's forecast package does:
 *
 *	naive	sigma^2 = mean of squared first differences	var = sigma^2 h
 *	snaive	sigma^2 = mean of squared lag-m differences	var = sigma^2 (floor((h-1)/m)+1)
 *	mean	sigma^2 = sample variance (divisor T-1)		var = sigma^2 (1 + 1/T)
 *	drift	sigma^2 = variance of first differences		var = sigma^2 h (1 + h/(T-1))
 *			(divisor T-2)
 *
 * When the series is too short to estimate sigma^2 at all (one point, or
 * as many points as the season for snaive, two for drift) sigma^2 is taken
 * as 0: the series shows no variation to scale an interval by, and a NaN
 * variance would only move the failure to the quantile code.  R reports
 * NaN there.  The mean method's intervals in R use Student's t; ours are
 * Gaussian with the same variance.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_BASELINES_H
#define STK_BASELINES_H

#include "forecast.h"

/*
 * Check a series and a horizon: STK_EINVAL when n < 1 or the horizon is
 * outside 1..STK_MAX_HORIZON, STK_ENONFINITE for NaN or infinity.  Shared
 * by every model of the core.
 */
extern StkStatus stk_validate_input(const double *y, int n, int horizon);

extern StkStatus stk_naive(const double *y, int n, int horizon,
						   const StkAllocator *a, StkForecast *fc);
extern StkStatus stk_snaive(const double *y, int n, int period, int horizon,
							const StkAllocator *a, StkForecast *fc);
extern StkStatus stk_meanf(const double *y, int n, int horizon,
						   const StkAllocator *a, StkForecast *fc);
extern StkStatus stk_drift(const double *y, int n, int horizon,
						   const StkAllocator *a, StkForecast *fc);

#endif							/* STK_BASELINES_H */
