/*-------------------------------------------------------------------------
 *
 * accuracy.h
 *	  Forecast accuracy measures, accumulated one forecast at a time.
 *
 * For a forecast f of an actual y made from the history x[0..o) (the
 * origin o), with e = f - y:
 *
 *	MASE	mean of |e| / s1,  s1 = mean |x[t] - x[t-m]| over t = m..o-1,
 *			the in-sample MAE of the (seasonal) naive forecast with lag m
 *			(Hyndman & Koehler 2006), computed at each origin.
 *	RMSSE	sqrt(mean of e^2 / s2),  s2 = mean (x[t] - x[t-m])^2  (M5).
 *	sMAPE	mean of 200 |e| / (|y| + |f|), 0 when y = f = 0 (M4).
 *	WAPE	sum |e| / sum |y|  (NaN when every actual is 0).
 *	bias	mean of e: positive when the forecasts are too high.
 *	pinball	for the quantile q at level tau: mean of tau (y - q) when
 *			y >= q, (1 - tau)(q - y) otherwise; "spl" is the same divided by
 *			s1 (M5's scaled pinball loss when m = 1).
 *	coverage	per level: share of actuals at or below the quantile, which
 *			is tau when the quantiles are calibrated.
 *
 * A history whose naive differences are all 0 (a constant series) has no
 * scale: MASE, RMSSE and spl skip forecasts made from it (NaN if all are
 * skipped); the other measures still count them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_ACCURACY_H
#define STK_ACCURACY_H

#include "stk_core.h"

/* Running sums for one group of forecasts (e.g. one horizon step). */
typedef struct StkAccuracy
{
	int			nlevels;
	int			count;			/* forecasts added */
	int			scaled;			/* of which with a scale (s1, s2 > 0) */
	double		sum_ase;		/* sum |e| / s1 */
	double		sum_sse;		/* sum e^2 / s2 */
	double		sum_smape;
	double		sum_abs_err;
	double		sum_abs_act;
	double		sum_err;
	double	   *sum_pinball;	/* [nlevels] */
	double	   *sum_spl;		/* [nlevels], scaled forecasts only */
	int		   *below;			/* [nlevels]: y <= q */
} StkAccuracy;

/* The measures of an StkAccuracy (NaN where undefined). */
typedef struct StkAccuracyResult
{
	int			count;
	double		mase;
	double		rmsse;
	double		smape;
	double		wape;
	double		bias;
	double	   *pinball;		/* [nlevels], caller's storage */
	double	   *spl;
	double	   *coverage;
} StkAccuracyResult;

/*
 * Scales of the history x[0..n) with lag m: *s1 = mean |x[t] - x[t-m]|,
 * *s2 = mean of the squares.  STK_EINVAL unless 1 <= m < n;
 * STK_ENONFINITE for NaN or infinity.
 */
extern StkStatus stk_accuracy_scale(const double *x, int n, int m,
									double *s1, double *s2);

extern StkStatus stk_accuracy_init(StkAccuracy *acc, int nlevels,
								   const StkAllocator *a);
extern void stk_accuracy_free(StkAccuracy *acc, const StkAllocator *a);

/*
 * Add one forecast: actual y, point forecast f, quantiles q[0..nlevels)
 * at levels (may be NULL when nlevels = 0), scales s1 and s2 of its
 * history.  STK_ENONFINITE for NaN or infinite y, f or q.
 */
extern StkStatus stk_accuracy_add(StkAccuracy *acc, double y, double f,
								  const double *q, const double *levels,
								  double s1, double s2);

/* The measures so far into r (its arrays sized nlevels). */
extern void stk_accuracy_result(const StkAccuracy *acc, StkAccuracyResult *r);

/* Pinball (quantile) loss of quantile q at level tau for actual y. */
extern double stk_pinball(double y, double q, double tau);

#endif							/* STK_ACCURACY_H */
