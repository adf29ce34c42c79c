/*-------------------------------------------------------------------------
 *
 * seasonality.h
 *	  Autocorrelation, seasonality test, classical decomposition and
 *	  seasonal period detection.
 *
 * Seasonal positions are counted from the first observation: index j of a
 * decomposition applies to observations t (0-based) with t % m == j, and
 * step h (1-based) of a forecast to position (n + h - 1) % m.  The core
 * knows no calendar; the caller aligns the series if it needs to.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_SEASONALITY_H
#define STK_SEASONALITY_H

#include "stk_core.h"

typedef enum StkDecompType
{
	STK_DECOMP_ADDITIVE,
	STK_DECOMP_MULTIPLICATIVE
} StkDecompType;

/*
 * Sample autocorrelations acf[0..max_lag] (acf[0] = 1) of the demeaned
 * series, with divisor n at every lag (the estimator R's acf() uses).  A
 * constant series has acf[k] = 0 for k >= 1.  Needs 0 <= max_lag < n.
 */
extern StkStatus stk_acf(const double *y, int n, int max_lag, double *acf);

/*
 * The seasonality test of Hyndman & Billah's Theta method as used by R's
 * forecast::thetaf: seasonal when
 *		|r_m| > 1.645 * sqrt((1 + 2 * sum_{k=1}^{m-1} r_k^2) / n)
 * (a one-sided 90% test with Bartlett's standard error).  It is only
 * applied when m > 1, the series is not constant and n > 2m (thetaf's
 * condition; a shorter series is reported non-seasonal, not an error).
 */
extern StkStatus stk_seasonality_test(const double *y, int n, int m,
									  const StkAllocator *a, bool *seasonal);

/*
 * Classical decomposition (as R's decompose()): trend by a centred moving
 * average of order m (2 x m for even m), seasonal indices as the mean
 * detrended value per position, normalised to mean 1 (multiplicative) or
 * 0 (additive).  indices has m elements; trend, when not NULL, n elements
 * with NaN where the moving average is undefined (m/2 at each end).
 * Needs m >= 2 and n >= 2m; a multiplicative decomposition also needs a
 * positive moving average everywhere it is defined (STK_EINVAL if not).
 */
extern StkStatus stk_decompose(const double *y, int n, int m,
							   StkDecompType type, const StkAllocator *a,
							   double *indices, double *trend);

/*
 * Detect a seasonal period: among the candidates (default, when candidates
 * is NULL: 4, 7, 12, 24, 52 and 365) that fit more than twice into the
 * differenced series, the one whose autocorrelation of the first
 * differences is a positive local peak, significant by the test above and
 * largest relative to its standard error; 1 when none is.  Differencing
 * first keeps a trend from making every lag look significant; the peak
 * condition keeps short-memory (AR-like) series non-seasonal.
 */
extern StkStatus stk_detect_period(const double *y, int n,
								   const int *candidates, int ncandidates,
								   const StkAllocator *a, int *period);

#endif							/* STK_SEASONALITY_H */
