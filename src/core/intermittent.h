/*-------------------------------------------------------------------------
 *
 * intermittent.h
 *	  Forecasts for intermittent demand: Croston, SBA, TSB, ADIDA, IMAPA.
 *
 * All are exponential smoothers with O(1) state; the point forecast is
 * flat over the horizon.  Definitions (y[t] the demand of period t):
 *
 * Croston (1972).  Sizes z and intervals x are smoothed at the periods
 *	  with demand only: z += alpha (y - z), x += alpha_i (q - x), where q
 *	  is the number of periods since the previous demand.  Forecast z / x.
 *	  Initialisation as R's forecast::croston (8.20), so the forecasts
 *	  match it: both SES recursions start at their first observation
 *	  (initial = "simple"), i.e. z = first size and x = first interval,
 *	  the first interval counted from the start of the series (1-based
 *	  position of the first demand).
 * SBA (Syntetos & Boylan 2005).  Croston times (1 - alpha_i / 2), which
 *	  removes most of Croston's upward bias.
 * TSB (Teunter, Syntetos & Babai 2011).  The probability of a demand p is
 *	  smoothed every period, p += beta (1{y > 0} - p), the size only when
 *	  there is a demand, z += alpha (y - z).  Forecast p z; it decays
 *	  towards 0 when an item stops selling, which Croston never does.
 *	  Initial values: p = share of periods with demand, z = mean size
 *	  (the "mean" initialisation of the literature; R's forecast has no
 *	  TSB to match).
 * ADIDA (Nikolopoulos et al. 2011).  The series is summed into
 *	  non-overlapping buckets of k periods, aligned on the end of the
 *	  series (a partial bucket at the start is dropped, so the newest
 *	  bucket is complete), the buckets are forecast with SES (initial
 *	  level = first bucket, as R's ses(initial = "simple")), and the
 *	  bucket forecast is spread evenly: per-period forecast = level / k.
 *	  k defaults to the ADI (demand_class.h) rounded to the nearest
 *	  integer.
 * IMAPA (Petropoulos & Kourentzes 2015).  For each aggregation level
 *	  k = 1..K, the series in buckets of k (aligned as for ADIDA) is
 *	  forecast with SES when no bucket is zero (ADI = 1 at that level) and
 *	  with SBA otherwise; the per-period forecasts (bucket forecast / k)
 *	  are averaged with equal weights.  K defaults to max(2, ceil(ADI)),
 *	  at most n / 2 so every level has two buckets.
 *
 * Special cases, for every method:
 *	- all-zero series: forecast 0, variance 0, no error; model name gets
 *	  " (no demand)";
 *	- a single demand: no interval or size can be smoothed, so the
 *	  forecast is the mean of the series (total / n) and the variance its
 *	  sample variance; model name gets " (fallback: mean)".  R's croston
 *	  returns size / first interval instead, which for one sale early in a
 *	  long history is far too high.
 *
 * Smoothing parameters must lie in (0, 1] (STK_EINVAL otherwise).  With
 * optimize set they are chosen by minimising an in-sample criterion of the
 * one-step-ahead forecasts f[t], t = 2..n (the first period only starts
 * the recursions), with a grid then Brent's method (GSL) on [0.001, 1]:
 *	MSE  mean of (y - f)^2;
 *	MAR  mean of |c[t]|, c[t] = sum_{s <= t} (y[s] - f[s]), the
 *		 cumulative ("rate") error of Kourentzes (2014), which does not
 *		 reward forecasting zero the way per-period errors do;
 *	MSR  mean of c[t]^2.
 * MAR and MSR suit Croston and SBA, whose forecasts move only at demands.
 * For the recursions updated every period (TSB, and SES in ADIDA/IMAPA)
 * they are degenerate: at alpha = beta = 1 the forecast is the previous
 * value, whose cumulative error telescopes to y[t] - y[1], so the search
 * ends on that bound; use MSE for those methods.
 * Croston and SBA optimise one alpha used for both size and interval;
 * TSB optimises alpha and beta in turn (two rounds of coordinate search);
 * ADIDA and IMAPA optimise the SES/SBA alpha of each level on that level's
 * buckets.
 *
 * The StkForecast gets var[h] = sigma2 = in-sample mean squared one-step
 * error (periods 2..n).  It is only a Gaussian fallback; count_dist.h
 * gives the discrete predictive distributions these series need.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_INTERMITTENT_H
#define STK_INTERMITTENT_H

#include "forecast.h"

typedef enum StkIntermittentMethod
{
	STK_IM_CROSTON = 0,
	STK_IM_SBA,
	STK_IM_TSB,
	STK_IM_ADIDA,
	STK_IM_IMAPA
} StkIntermittentMethod;

typedef enum StkIntermittentLoss
{
	STK_IM_LOSS_MSE = 0,
	STK_IM_LOSS_MAR,
	STK_IM_LOSS_MSR
} StkIntermittentLoss;

typedef struct StkIntermittentOptions
{
	StkIntermittentMethod method;
	double		alpha;			/* size / level smoothing, default 0.1 */
	double		alpha_interval; /* Croston/SBA intervals; NaN = alpha */
	double		beta;			/* TSB probability smoothing, default 0.1 */
	bool		optimize;		/* choose the parameters (see above) */
	StkIntermittentLoss loss;	/* criterion when optimising */
	int			agg_level;		/* ADIDA bucket size; 0 = round(ADI) */
	int			max_level;		/* IMAPA highest level; 0 = default */
} StkIntermittentOptions;

/*
 * What the fit found.  The state (size, interval, prob, since) is enough
 * to continue the recursions with stk_intermittent_update (Croston, SBA,
 * TSB only), one period at a time.
 */
typedef struct StkIntermittentFit
{
	StkIntermittentMethod method;
	double		alpha;			/* parameters used */
	double		alpha_interval;
	double		beta;
	double		size;			/* smoothed demand size z */
	double		interval;		/* smoothed interval x (Croston, SBA) */
	double		prob;			/* demand probability: TSB p, else 1/x */
	int			since;			/* periods since the last demand */
	int			agg_level;		/* ADIDA k; IMAPA K */
	double		forecast;		/* per-period point forecast */
	double		sigma2;			/* in-sample mean squared one-step error */
	double		loss;			/* criterion value at the parameters */
	bool		fallback;		/* fewer than two demands: mean used */
	bool		has_state;		/* size/interval/prob valid */
} StkIntermittentFit;

extern void stk_intermittent_options_default(StkIntermittentOptions *opt);

/* "croston", "sba", "tsb", "adida", "imapa" (case-insensitive) */
extern StkStatus stk_intermittent_method_from_name(const char *name,
												   StkIntermittentMethod *method);
extern const char *stk_intermittent_method_name(StkIntermittentMethod method);

/*
 * Fit the method of opt (NULL: Croston with defaults) to y[0..n-1] and
 * forecast horizon steps into fc (initialised here; free it with
 * stk_forecast_free, also after an error).  fit may be NULL.
 *
 * STK_EINVAL for n < 1, a horizon outside 1..STK_MAX_HORIZON, a negative
 * value, smoothing parameters outside (0, 1], agg_level or max_level < 0;
 * STK_ENONFINITE for NaN or infinity; STK_ENOMEM; STK_ECANCELED when
 * stk_interrupted() says so (ADIDA and IMAPA, per aggregation level).
 */
extern StkStatus stk_intermittent_forecast(const double *y, int n,
										   const StkIntermittentOptions *opt,
										   int horizon, const StkAllocator *a,
										   StkForecast *fc,
										   StkIntermittentFit *fit);

/* Shorthands with fixed parameters. */
extern StkStatus stk_croston(const double *y, int n, double alpha, int horizon,
							 const StkAllocator *a, StkForecast *fc);
extern StkStatus stk_sba(const double *y, int n, double alpha, int horizon,
						 const StkAllocator *a, StkForecast *fc);
extern StkStatus stk_tsb(const double *y, int n, double alpha, double beta,
						 int horizon, const StkAllocator *a, StkForecast *fc);

/*
 * Feed one more period to a Croston/SBA/TSB fit (the O(1) update when a
 * day's sales arrive) and refresh fit->forecast.  sigma2 is not updated.
 * STK_EINVAL for other methods, a fit without state or negative demand;
 * STK_ENONFINITE for NaN.
 */
extern StkStatus stk_intermittent_update(StkIntermittentFit *fit, double y);

#endif							/* STK_INTERMITTENT_H */
