/*-------------------------------------------------------------------------
 *
 * forecast_run.h
 *	  One entry point for forecasting a series with any method: choose the
 *	  seasonal period, run the model(s), combine, and return point forecasts
 *	  and quantiles that are monotone and never negative.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_FORECAST_RUN_H
#define STK_FORECAST_RUN_H

#include "forecast.h"
#include "prophet.h"

typedef enum StkMethod
{
	STK_METHOD_AUTO = 0,		/* combination by kind of series (forecast_run.c) */
	STK_METHOD_ETS,				/* automatic ETS by AICc */
	STK_METHOD_THETA,			/* standard Theta (R's thetaf) */
	STK_METHOD_OTM,				/* optimised Theta */
	STK_METHOD_NAIVE,
	STK_METHOD_SNAIVE,
	STK_METHOD_MEAN,
	STK_METHOD_DRIFT,
	STK_METHOD_ARIMA,			/* automatic (seasonal) ARIMA, auto.arima's search */
	STK_METHOD_PROPHET,			/* trend + seasonality + events (prophet.h) */
	/* intermittent demand (intermittent.h), default parameters, count quantiles */
	STK_METHOD_CROSTON,
	STK_METHOD_SBA,
	STK_METHOD_TSB,
	STK_METHOD_ADIDA,
	STK_METHOD_IMAPA,			/* the last one SQL can name */
	/* members of 'auto' only, not named in SQL (see forecast_run.c) */
	STK_METHOD_HOLT,			/* ETS(A,A,N) */
	STK_METHOD_EMPIRICAL		/* empirical distribution of recent demand */
} StkMethod;

/*
 * Prior scale of the event effects 'auto' adds (and the alerts' lifts):
 * N(0, scale^2) on the series scaled by its largest value (forecast_run.c).
 */
#define STK_AUTO_EVENT_PRIOR_SCALE	0.05

extern bool stk_method_parse(const char *name, StkMethod *method);
extern const char *stk_method_names(void);
/* Croston, SBA, TSB, ADIDA or IMAPA: demand must not be negative. */
extern bool stk_method_is_intermittent(StkMethod method);

typedef struct StkForecastRequest
{
	const double *y;
	int			n;
	int			period;			/* seasonal period; 0 = detect */
	StkMethod	method;
	int			horizon;
	const double *levels;		/* strictly increasing, in (0, 1) */
	int			nlevels;
	uint64_t	seed;			/* for simulated predictive distributions */
	/* intermittent methods: smoothing parameters (intermittent.h); NULL = defaults */
	const struct StkIntermittentOptions *im_opts;
	/* the dates of y and the events, for method prophet; NULL = undated */
	const StkEventCalendar *calendar;
	/*
	 * Extra regressors of method prophet (StkProphetOptions): n + horizon
	 * rows of nregressors values, row-major; any other method refuses them
	 * (STK_EINVAL).
	 */
	const double *regressors;
	int			nregressors;
	/*
	 * masked[n]: periods whose demand was not observed (closed, out of
	 * stock; y holds a filled-in value), which method prophet leaves out of
	 * its fit; NULL: none.
	 */
	const bool *masked;
} StkForecastRequest;

typedef struct StkForecastResult
{
	int			horizon;
	int			nlevels;
	int			period;			/* seasonal period used */
	double	   *point;			/* [horizon], never negative */
	double	   *quantiles;		/* [horizon * nlevels], row-major */
	double	   *p10_50_90;		/* [horizon * 3] */
	char		model[128];		/* the model(s) used, in words */
	char		note[128];		/* fallbacks and warnings; "" when none; on an
								 * error, why (when more than the status says) */
} StkForecastResult;

/*
 * Forecast req.  A method's failure is returned with its status (res->note
 * may say why); 'auto' leaves a failed member out of its combination and
 * its events out when their fit fails, but STK_ECANCELED (stk_interrupted()
 * stopped a model) is always returned as it is, res freed.
 */
extern StkStatus stk_forecast_run(const StkForecastRequest *req,
								  const StkAllocator *a,
								  StkForecastResult *res);
extern void stk_forecast_result_free(StkForecastResult *res, const StkAllocator *a);

#endif							/* STK_FORECAST_RUN_H */
