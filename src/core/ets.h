/*-------------------------------------------------------------------------
 *
 * ets.h
 *	  Exponential smoothing state-space models (ETS) of the numerical core.
 *
 * The innovations state-space family of Hyndman, Koehler, Ord & Snyder
 * (2008): error additive or multiplicative, trend none/additive/damped,
 * season none/additive/multiplicative with period m.  Models are fitted by
 * maximum likelihood and chosen by AICc the way R's forecast::ets() does by
 * default (same likelihood, same parameter bounds, same exclusions), so the
 * numbers can be checked against R.
 *
 * A fitted model is a small flat struct (no pointers): it can be copied,
 * stored per series and advanced in O(1) per new observation with
 * stk_ets_update() without refitting.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_ETS_H
#define STK_ETS_H

#include "stk_core.h"
#include "forecast.h"

/*
 * Longest seasonal period handled; as in R, longer periods are fitted
 * without a seasonal component (a note says so).
 */
#define STK_ETS_MAX_M		24

/* Paths simulated by stk_ets_forecast() when the model has no analytic
 * variance and the caller asked for none. */
#define STK_ETS_DEFAULT_NSIM	1000

/* Component codes; the characters are those of the model name. */
#define STK_ETS_ANY		'Z'			/* let the fit choose */

/* How a fit ended up simpler than asked for; reported in the model name. */
typedef enum StkEtsNote
{
	STK_ETS_NOTE_NONE = 0,
	STK_ETS_NOTE_CONSTANT,		/* constant series: level only, alpha fixed */
	STK_ETS_NOTE_SHORT,			/* too few observations for ML: simple SES */
	STK_ETS_NOTE_ONE,			/* a single observation: naive */
	STK_ETS_NOTE_NOSEASON,		/* period too long or too few seasons */
	STK_ETS_NOTE_NOCONV			/* optimiser hit its iteration limit */
} StkEtsNote;

/*
 * What to fit.  stk_ets_spec_init() sets everything to "choose/estimate";
 * any component or parameter may then be fixed.  init_states, when not
 * NULL, fixes the initial states in the order of R's fit$initstate: level,
 * trend (only if the trend is not N), then the m seasonal states
 * s_0, s_{-1}, ..., s_{-m+1} (only if seasonal).
 */
typedef struct StkEtsSpec
{
	char		error;			/* 'A', 'M' or 'Z' */
	char		trend;			/* 'N', 'A' or 'Z' */
	char		season;			/* 'N', 'A', 'M' or 'Z' */
	int			damped;			/* 0, 1, or -1 to choose */
	double		alpha;			/* NaN: estimate */
	double		beta;
	double		gamma;
	double		phi;
	const double *init_states;	/* NULL: estimate */
	int			maxit;			/* optimiser iterations per model, 0: default */
} StkEtsSpec;

typedef struct StkEtsModel
{
	char		error;			/* 'A' or 'M' */
	char		trend;			/* 'N' or 'A' */
	char		season;			/* 'N', 'A' or 'M' */
	bool		damped;
	int			m;				/* seasonal period used (1 if none) */
	int			n;				/* observations seen (fit + updates) */
	StkEtsNote	note;
	double		alpha,
				beta,
				gamma,
				phi;			/* beta/gamma 0 and phi 1 when unused */
	/* state after the last observation */
	double		level;
	double		slope;
	int			spos;			/* index in season[] of the next period */
	double		season_state[STK_ETS_MAX_M];	/* by position mod m */
	/* initial states as estimated (R's fit$initstate order) */
	double		init_states[2 + STK_ETS_MAX_M];
	double		sigma2;			/* residual variance, SSE / (n - nparams) */
	double		loglik;			/* R's convention: -0.5 * concentrated lik */
	double		aic,
				aicc,
				bic;
	double		mse;			/* mean squared one-step error (data units) */
	int			nparams;		/* estimated parameters, sigma included */
	char		name[40];		/* e.g. "ETS(M,Ad,M)" */
} StkEtsModel;

extern void stk_ets_spec_init(StkEtsSpec *spec);

/*
 * Fit one model (spec components fixed) or choose among several (any 'Z'
 * or damped == -1) by AICc.  Too short or constant series never fail:
 * they get a simpler model and a note in its name.  STK_ECANCELED when
 * stk_interrupted() says so (checked before every candidate and in every
 * iteration of the optimisers).
 */
extern StkStatus stk_ets_fit(const double *y, int n, int m,
							 const StkEtsSpec *spec, const StkAllocator *a,
							 StkEtsModel *out);
/* stk_ets_fit() with everything chosen: R's ets(y) defaults. */
extern StkStatus stk_ets_auto(const double *y, int n, int m,
							  const StkAllocator *a, StkEtsModel *out);

/* One-step fitted values of a fitted model on the series it was fitted to. */
extern StkStatus stk_ets_fitted(const StkEtsModel *mod, const double *y,
								int n, double *fitted);

/* Advance the state by one observation, O(1), no refit. */
extern StkStatus stk_ets_update(StkEtsModel *mod, double y);

/*
 * Point forecasts and predictive variances (analytic for the linear models
 * and for multiplicative error without multiplicative season, NaN
 * otherwise) for h steps.  nsim > 0 also draws nsim sample paths with
 * Gaussian innovations from a Mersenne twister seeded with seed; nsim == 0
 * draws STK_ETS_DEFAULT_NSIM paths only when the variance is not analytic.
 * Free with stk_forecast_free().
 */
extern StkStatus stk_ets_forecast(const StkEtsModel *mod, int h, int nsim,
								  uint64_t seed, const StkAllocator *a,
								  StkForecast *fc);

/* Exposed for the unit tests: is the linear part forecastable? */
extern bool stk_ets_admissible(char trend, char season, bool damped,
							   double alpha, double beta, double gamma,
							   double phi, int m);

#endif							/* STK_ETS_H */
