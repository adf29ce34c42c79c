/*-------------------------------------------------------------------------
 *
 * count_dist.h
 *	  Count-valued predictive distributions for slow sellers: per period
 *	  and summed over a window of k periods (the lead time or protection
 *	  interval the inventory side needs).
 *
 * A Gaussian around a Croston forecast of 0.3 units a day puts mass below
 * zero and gives P90 = 0.9 units, which no shelf can hold.  Demand of a
 * slow seller is a count with a big mass at 0 and a long right tail, so
 * its quantiles must be integers from a discrete distribution whose mean
 * is the method's forecast.  Three families:
 *
 * Poisson(mu).  Variance = mean; used when the data are not
 *	  over-dispersed (variance-to-mean ratio <= 1.1 in STK_COUNT_AUTO, or
 *	  whenever a negative binomial is asked for with var <= mean).  The
 *	  k-period sum of independent Poissons is Poisson(sum of means).
 * Negative binomial by moments.  With mean mu and variance v > mu:
 *	  p = mu / v, r = mu^2 / (v - mu), P(X = x) as R's
 *	  dnbinom(x, size = r, prob = p).  The variance comes either from the
 *	  history's dispersion (v = VMR * mu, VMR = sample variance / mean of
 *	  the history: the ratio, not the variance, carries over to a new
 *	  mean) or from the in-sample one-step errors (v = sigma2).  Steps
 *	  with other means keep p and scale r (r_i = mu_i p / (1 - p)), so
 *	  the k-period sum is again negative binomial, size sum r_i, same p.
 * Compound Bernoulli (Croston-consistent).  In each period a demand
 *	  occurs with probability pi, its size Z >= 1 drawn from either
 *	  1 + Poisson(m - 1) ("shifted Poisson", m the method's smoothed size)
 *	  or the empirical distribution of the history's non-zero demands
 *	  (rounded to integers, at least 1).  pi = mean / E[Z], so pi E[Z] is
 *	  the method's forecast; pi is capped at 1 (then the mean falls short
 *	  of the forecast, and var/mean report what the distribution has).
 *	  The k-period pmf is the exact convolution of the per-period pmfs,
 *	  the upper tail beyond a negligible mass (default 1e-12 in total)
 *	  cut off after each step.
 *
 * Periods are assumed independent given the forecast, which is what the
 * intermittent methods assume too.
 *
 * Supports are bounded by STK_COUNT_MAX_SUPPORT (STK_ETOOBIG beyond).  What
 * walks or convolves a long support (the shifted Poisson's sizes, window
 * pmfs, and the quantiles and fits built on them) returns STK_ECANCELED,
 * having freed what it allocated, when stk_interrupted() asks it to stop.
 *
 * Quantiles are integers: the smallest x >= 0 with F(x) >= level (with a
 * relative fuzz of 64 DBL_EPSILON on the level, as R's q* functions use,
 * so that rounding in F cannot move a quantile one unit up).  They are
 * monotone in the level and never negative.  For the Poisson and the
 * negative binomial they come from GSL's cdfs, untruncated; for compound
 * Bernoulli from the truncated pmf, and a level above the retained mass
 * returns the last point of the support.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_COUNT_DIST_H
#define STK_COUNT_DIST_H

#include "stk_core.h"

/* Longest pmf the core will build (support 0..STK_COUNT_MAX_SUPPORT-1). */
#define STK_COUNT_MAX_SUPPORT (1 << 22)

/* Default total tail mass dropped from truncated pmfs. */
#define STK_COUNT_TAIL 1e-12

typedef enum StkCountFamily
{
	STK_COUNT_FAMILY_POISSON = 0,
	STK_COUNT_FAMILY_NEGBIN,
	STK_COUNT_FAMILY_BERNOULLI
} StkCountFamily;

/* How stk_count_dist_fit builds the distribution. */
typedef enum StkCountKind
{
	STK_COUNT_AUTO = 0,			/* Poisson if VMR <= 1.1, else NB_EMPIRICAL */
	STK_COUNT_POISSON,
	STK_COUNT_NB_EMPIRICAL,		/* NB, variance = VMR(history) * mean */
	STK_COUNT_NB_RESIDUAL,		/* NB, variance = sigma2 */
	STK_COUNT_BERN_SPOISSON,	/* compound Bernoulli, 1 + Poisson sizes */
	STK_COUNT_BERN_EMPIRICAL	/* compound Bernoulli, empirical sizes */
} StkCountKind;

/* Dispersion at or below which AUTO takes the Poisson. */
#define STK_COUNT_POISSON_VMR 1.1

typedef struct StkCountDist
{
	StkCountFamily family;
	double		mean;			/* per-period mean */
	double		var;			/* per-period variance */
	double		nb_size;		/* NB: r (R's size) */
	double		nb_prob;		/* NB: p (R's prob) */
	double		prob;			/* Bernoulli: P(demand in a period) */
	double		size_mean;		/* Bernoulli: E[Z] */
	int			nsize;			/* Bernoulli: length of size_pmf */
	double	   *size_pmf;		/* P(Z = j), j = 0..nsize-1; [0] = 0 */
} StkCountDist;

/*
 * Constructors.  All validate: mean >= 0 and finite, var finite,
 * size_mean finite (STK_EINVAL / STK_ENONFINITE).  The Bernoulli ones
 * allocate size_pmf; free with stk_count_dist_free (harmless otherwise).
 */
extern StkStatus stk_count_poisson(double mean, StkCountDist *d);
/* NB by moments; Poisson when var <= mean */
extern StkStatus stk_count_negbin(double mean, double var, StkCountDist *d);
/* sizes 1 + Poisson(size_mean - 1); size_mean below 1 is taken as 1 */
extern StkStatus stk_count_bernoulli_spoisson(double mean, double size_mean,
											  const StkAllocator *a,
											  StkCountDist *d);

/*
 * Sizes from the non-zero values of y[0..n-1] (rounded, at least 1).
 * STK_EINVAL when y has a negative value or no demand at all and mean > 0.
 */
extern StkStatus stk_count_bernoulli_empirical(double mean, const double *y,
											   int n, const StkAllocator *a,
											   StkCountDist *d);

/*
 * Replace the sizes of a compound Bernoulli d above their level-quantile
 * u (level in (0, 1)) by u + a geometric number on 1, 2, ... with the
 * same mass and the same mean excess over u (the geometric's maximum
 * likelihood fit to those sizes), so E[Z], the probability of a demand
 * and d's mean are kept, and the sizes get a tail beyond the largest one
 * seen: the geometric up to u + STK_COUNT_GEO_SPAN mean excesses, and
 * the mass it has beyond (about e^-6 of the tail's) at the geometric's
 * mean there, split between the two whole sizes around it, so the mass
 * and the mean stay exact and the support short (the window
 * convolution's cost grows with its square).  The empirical
 * sizes of a few dozen lumps put no mass above the largest; a negative
 * binomial's tail, the usual model of lumpy sizes, is about geometric
 * (its pmf falls by the factor p per unit).  Another family, or sizes
 * whose excess over u is always 1, are left as they are.  STK_EINVAL for
 * the level, STK_ETOOBIG, STK_ENOMEM.
 */
#define STK_COUNT_GEO_SPAN 6.0
extern StkStatus stk_count_bernoulli_geometric_tail(StkCountDist *d,
													double level,
													const StkAllocator *a);

/*
 * Choose and build a distribution of the given kind for a series y whose
 * per-period forecast is mean: size_mean is the method's smoothed size
 * (BERN_SPOISSON; NaN = mean non-zero demand of y), sigma2 its in-sample
 * one-step MSE (NB_RESIDUAL).  A series without demand, or mean = 0,
 * gives the point mass at 0 (Poisson(0)).
 */
extern StkStatus stk_count_dist_fit(const double *y, int n, double mean,
									double size_mean, double sigma2,
									StkCountKind kind, const StkAllocator *a,
									StkCountDist *d);

extern void stk_count_dist_free(StkCountDist *d, const StkAllocator *a);

/*
 * The window D_1 + ... + D_k.  step_mean[i] (i < k) rescales the
 * distribution to each period's forecast (NULL: d->mean in every period);
 * see the header comment for how each family is rescaled.
 */
extern StkStatus stk_count_window_moments(const StkCountDist *d,
										  const double *step_mean, int k,
										  double *mean, double *var);

/*
 * pmf of the window sum into *pmf (allocated with a, length *len, support
 * 0..*len-1), upper tail of total mass <= tail dropped (tail <= 0: the
 * default STK_COUNT_TAIL).  STK_ETOOBIG beyond STK_COUNT_MAX_SUPPORT.
 */
extern StkStatus stk_count_window_pmf(const StkCountDist *d,
									  const double *step_mean, int k,
									  double tail, const StkAllocator *a,
									  double **pmf, int *len);

/*
 * Integer quantiles of the window sum at levels (sorted, in (0, 1)) into
 * out[0..nlevels-1].
 */
extern StkStatus stk_count_window_quantiles(const StkCountDist *d,
											const double *step_mean, int k,
											const double *levels, int nlevels,
											const StkAllocator *a, double *out);

/*
 * Per-step quantiles (k = 1 at each step) for a forecast of the given
 * horizon: out[h * nlevels + j], the layout of stk_forecast_quantiles.
 */
extern StkStatus stk_count_step_quantiles(const StkCountDist *d,
										  const double *step_mean, int horizon,
										  const double *levels, int nlevels,
										  const StkAllocator *a, double *out);

/* cdf from a pmf: F(x) for x = 0..len-1 into cdf (may alias pmf). */
extern void stk_count_pmf_cdf(const double *pmf, int len, double *cdf);

/*
 * The loss function E[(D - x)+] of a window pmf is stk_pmf_loss (and its
 * table stk_pmf_loss_table) in inventory_loss.h: the tail cut off here is
 * at most STK_COUNT_TAIL, far inside its tolerance.
 */

#endif							/* STK_COUNT_DIST_H */
