/*-------------------------------------------------------------------------
 *
 * forecast.h
 *	  What every forecasting model of the core returns.
 *
 * A model fit produces point forecasts and a predictive distribution per
 * step: Gaussian with the given variance where the model has an analytic
 * form, otherwise (var == NaN) sample paths drawn by the model's simulator.
 * Turning that into quantiles (monotone, never negative) is the job of the
 * shared quantile code, not of each model.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_FORECAST_H
#define STK_FORECAST_H

#include "stk_core.h"

#define STK_MAX_HORIZON 3660	/* ten years of days */

typedef struct StkForecast
{
	int			horizon;
	double	   *mean;			/* point forecast per step [horizon] */
	double	   *var;			/* predictive variance per step, NaN if none */
	int			nsim;			/* number of sample paths, 0 if none */
	double	   *paths;			/* nsim x horizon, row-major, or NULL */
	char		model[64];		/* e.g. "ETS(M,Ad,M)", "Theta", "SNaive" */
	double		aicc;			/* information criterion, NaN if none */
	double		sigma2;			/* residual variance of the fit */
	double		loglik;			/* log-likelihood, NaN if none */
	int			nparams;		/* estimated parameters */
} StkForecast;

/* Allocate mean/var (var filled with NaN) for a horizon. */
extern StkStatus stk_forecast_init(StkForecast *fc, const StkAllocator *a, int horizon);
extern void stk_forecast_free(StkForecast *fc, const StkAllocator *a);

#endif							/* STK_FORECAST_H */
