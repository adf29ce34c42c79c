/*-------------------------------------------------------------------------
 *
 * auto_slow.h
 *	  'auto' for slow and sporadic sellers and for new products: the
 *	  routes of stk_forecast_run that do not go to the ETS/Theta
 *	  combination (forecast_run.c), and the words that explain them.
 *
 * Routes, decided on the non-negative history y[0..n) (a series with a
 * negative value always goes to the general path):
 *	STK_SLOW_NEW			fewer than STK_SLOW_NEW_PERIODS periods of unit
 *							sales (whole numbers, mean at most
 *							STK_SLOW_NEW_MAX_MEAN): the new-product fallback;
 *	STK_SLOW_INTERMITTENT	SBC class intermittent, lumpy or zero
 *							(demand_class.h) on the whole history: a
 *							Croston-family forecast with integer quantiles;
 *	STK_SLOW_NONE			smooth or erratic: the general path.
 *
 * See auto_slow.c for the models and how they were chosen.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_AUTO_SLOW_H
#define STK_AUTO_SLOW_H

#include "demand_class.h"
#include "forecast_run.h"
#include "intermittent.h"

/* History below which a series is a new product. */
#define STK_SLOW_NEW_PERIODS 14
/* Largest mean per period of a "new product" (low counts). */
#define STK_SLOW_NEW_MAX_MEAN 50

typedef enum StkSlowRoute
{
	STK_SLOW_NONE = 0,
	STK_SLOW_NEW,
	STK_SLOW_INTERMITTENT
} StkSlowRoute;

/*
 * Candidates of the development study (test/bench/slow_dev.c): a variant
 * number is point * 6 + spread * 2 + weekly, with point 0 = SBA, 1 = TSB,
 * 2 = the mean of SBA and TSB; spread 0 = compound Bernoulli with
 * 1 + Poisson sizes, 1 = compound Bernoulli with the empirical sizes of the
 * last year, 2 = negative binomial with the last year's variance-to-mean
 * ratio; weekly 1 = times a day-of-week profile (period 7).
 */
#define STK_SLOW_NVARIANTS 18
extern const char *stk_auto_slow_variant_name(int variant);

/* What the route found, for the explanation. */
typedef struct StkSlowInfo
{
	StkSlowRoute route;
	StkDemandStats stats;		/* SBC statistics of the whole history */
	StkIntermittentFit fit;		/* the SBA fit (intermittent route) */
	double		tsb_prob;		/* TSB demand probability (combination) */
	double		profile[7];		/* day-of-week factors, 1 if none */
	int			nprofile;		/* 0 when no profile was used */
	char		method[48];		/* in words, e.g. "Croston-SBA" */
} StkSlowInfo;

/* Route of a series (stats may be NULL). */
extern StkSlowRoute stk_auto_slow_route(const double *y, int n,
										StkDemandStats *stats);

/*
 * Forecast by route (not STK_SLOW_NONE) with the variant 'auto' uses
 * (variant < 0) or the one given; res must be allocated as
 * stk_forecast_run allocates it.  stats: those of stk_auto_slow_route for
 * the same series, or NULL (then computed).  info may be NULL.
 */
extern StkStatus stk_auto_slow_run(const StkForecastRequest *req, int period,
								   StkSlowRoute route,
								   const StkDemandStats *stats, int variant,
								   const StkAllocator *a,
								   StkForecastResult *res, StkSlowInfo *info);

/*
 * New product from a category profile: profile[0..np) is the mean demand
 * per period of comparable products, the first element for the first
 * forecast period (repeated cyclically).  history y[0..n) (n may be 0) are
 * the item's own sales so far, whose periods are profile positions
 * (t - n) mod np.  The forecast of step i is k profile[i % np], with
 * k = (own sales + P) / (profile over the same periods + P), P the sum of
 * one cycle of the profile: a prior worth one cycle at k = 1, so a few
 * periods of history move the level only a little.  Quantiles from a
 * Poisson, or a negative binomial with the history's variance-to-mean
 * ratio once it has 7 periods or more.  res as stk_forecast_run allocates
 * it (model and note say "new product: category profile").  STK_EINVAL
 * for np < 1, a negative or non-finite profile or history value.
 */
extern StkStatus stk_new_product_profile(const double *y, int n,
										 const double *profile, int np,
										 const double *levels, int nlevels,
										 int horizon, const StkAllocator *a,
										 StkForecastResult *res);

/* One line in plain words: "sells on 1 day in 6 (intermittent); ..." */
extern void stk_auto_slow_reason(const StkSlowInfo *info, int period,
								 char *buf, size_t len);

#endif							/* STK_AUTO_SLOW_H */
