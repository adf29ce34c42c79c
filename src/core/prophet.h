/*-------------------------------------------------------------------------
 *
 * prophet.h
 *	  A Prophet-style regression model: a piecewise-linear trend with
 *	  automatic changepoints, Fourier seasonalities and holiday/event
 *	  windows, in the form of Taylor & Letham (2018), "Forecasting at
 *	  scale", The American Statistician 72(1).
 *
 *	  y(t) = g(t) + s(t) + h(t) + r(t) + e(t),	 e ~ N(0, sigma^2)
 *
 *	  g(t)	m + k t + sum_j delta_j (t - c_j)+, with changepoints c_j evenly
 *			spaced over the first 80 % of the history (at most 25); a
 *			Laplace(0, 0.05) prior on the rate changes delta_j makes most
 *			of them zero;
 *	  s(t)	Fourier terms of each seasonality (weekly: order 3; yearly:
 *			order 10, on dated series of three years or more; an undated
 *			series: its period), N(0, 10^2) priors;
 *	  h(t)	one coefficient per event name and day of its window (days
 *			before and after the event), N(0, 10^2) priors;
 *	  r(t)	one coefficient per extra regressor (price, promotion: values
 *			given for the history and the horizon), N(0, 10^2) priors, on
 *			the regressor standardised over the history unless it only
 *			holds 0 and 1 (Prophet's standardize = 'auto');
 *
 * on y scaled by max |y| and t scaled to [0, 1] over the history, as
 * Prophet does; periods marked masked (closed, out of stock) are left out
 * of the fit, as Prophet leaves out missing values.  The fit is the posterior mode (Prophet's default
 * MAP fit): penalised least squares, the Laplace prior an L1 penalty on the
 * rate changes solved exactly by coordinate descent, with sigma
 * re-estimated until it settles.  The predictive distribution is simulated as in
 * Prophet: future changepoints at the history's rate with Laplace rate
 * changes of the fitted mean size, plus Gaussian noise, whose variance is
 * RSS / (n - edf) with the fit's effective degrees of freedom (Prophet
 * uses the mode's sigma, which the many coefficients shrink).  Demand is not
 * floored here: the shared quantile code censors at zero.
 *
 * It is not Facebook's Prophet (no Stan, no logistic growth, no
 * multiplicative seasonality); the names and defaults follow it so a user
 * of Prophet knows what to expect.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_PROPHET_H
#define STK_PROPHET_H

#include "calendar.h"
#include "forecast.h"

#define STK_PROPHET_MAX_EVENT_NAMES	64
#define STK_PROPHET_MAX_WINDOW		30	/* days before or after an event */
/* event names times window days */
#define STK_PROPHET_MAX_EVENT_TERMS	400
#define STK_PROPHET_MAX_REGRESSORS	16

/* The calendar of a dated series and its events (holidays, feasts, promotions). */
typedef struct StkEventCalendar
{
	StkFreq		freq;			/* the series' periods */
	int64_t		first;			/* period index (stk_period_of_day) of y[0] */
	const int32_t *days;		/* event days (day 0 = 2000-01-01), any order */
	const int32_t *names;		/* event name of each, 0 .. nnames - 1 */
	int			nevents;
	int			nnames;
	int			days_before;	/* window: effects from days_before days */
	int			days_after;		/* before to days_after days after */
} StkEventCalendar;

typedef struct StkProphetOptions
{
	int			period;			/* undated series: seasonal period in steps (1: none);
								 * a dated series follows its calendar */
	const StkEventCalendar *cal;	/* dated series, or NULL */
	/*
	 * Extra regressors: regressors[i * nregressors + r] is regressor r at
	 * step i, for the n history steps and then the horizon (NULL, 0: none).
	 */
	const double *regressors;
	int			nregressors;
	/*
	 * masked[i]: history step i is left out of the fit (closed, out of
	 * stock: its demand was not observed, and a filled-in value would bias
	 * the effects); NULL: none.  Ignored when fewer than 3 steps are left.
	 */
	const bool *masked;
	int			nsim;			/* sample paths (0: default) */
	uint64_t	seed;
	/* prior scales, as Prophet's; 0 = default */
	double		changepoint_scale;	/* 0.05 */
	double		seasonality_scale;	/* 10 */
	double		holiday_scale;	/* 10 */
	double		trend_scale;	/* 5: intercept and slope */
	double		regressor_scale;	/* 10 */
} StkProphetOptions;

/* What the fit found, for explanations and tests (may be NULL). */
typedef struct StkProphetFit
{
	int			nchangepoints;	/* candidate changepoints */
	int			nactive;		/* with a rate change above 1e-3 (scaled) */
	int			nseason_terms;	/* Fourier columns */
	int			nevent_terms;	/* event-day columns seen in the history */
	double		sigma;			/* noise sd, y units: sqrt(RSS / (n - edf)) */
	double		edf;			/* effective degrees of freedom of the fit */
	double		last_rate;		/* trend slope at the end, y units per step */
	int			iterations;		/* coordinate-descent sweeps */
	int			nregressors;
	/* each regressor's effect, in y units per unit of the regressor */
	double		regressor_coef[STK_PROPHET_MAX_REGRESSORS];
} StkProphetFit;

#define STK_PROPHET_DEFAULT_NSIM	1000

extern void stk_prophet_options_init(StkProphetOptions *opts);

/*
 * Fit and forecast.  STK_EINVAL for n < 3, a horizon outside
 * 1..STK_MAX_HORIZON, a bad calendar or more than
 * STK_PROPHET_MAX_REGRESSORS regressors, STK_ENONFINITE (y or a regressor), STK_ETOOBIG when
 * the design (history and horizon rows x columns) would exceed its bound
 * of 32 M values, STK_ENOCONV, STK_ENOMEM, and STK_ECANCELED when
 * stk_interrupted() says so (while the design and X'X are built, per
 * refresh and every few dozen sweeps of the fit, per batch of paths).
 */
extern StkStatus stk_prophet(const double *y, int n, int horizon,
							 const StkProphetOptions *opts,
							 const StkAllocator *a, StkForecast *fc,
							 StkProphetFit *fit);

/*
 * The event component alone, effects[n + horizon] in y units (history, then
 * horizon; 0 where no event), from the same fit; *nterms event effects were
 * seen in the history (0: none, effects all 0).  What 'auto' adds to its
 * forecast of the series with the events taken out (forecast_run.c).
 */
extern StkStatus stk_prophet_event_effects(const double *y, int n, int horizon,
										   const StkProphetOptions *opts,
										   const StkAllocator *a,
										   double *effects, int *nterms);

#endif							/* STK_PROPHET_H */
