/*-------------------------------------------------------------------------
 *
 * explain.h
 *	  What a forecast is made of, and why that model: the components and
 *	  a one-line reason in plain words.
 *
 * Components, by the model the forecast used:
 *	intermittent (auto's slow-seller route, croston, sba, tsb, adida,
 *	imapa): size = smoothed demand size when it sells, interval =
 *	smoothed periods between demands (Croston/SBA), probability = chance
 *	of a demand in a period (TSB's p, else 1 / interval), level = the
 *	per-period demand rate forecast;
 *	ETS and auto's ETS/Theta combination: level, trend (slope, NULL
 *	without a trend) and season (the next period first, NULL without a
 *	season) of the automatic ETS fit of the series;
 *	new products: level = mean per period of the history, season the
 *	seasonal means when used;
 *	naive, mean, drift: level (last value, mean), drift's trend;
 *	theta, otm, snaive: no components (NaN).
 * The demand statistics (SBC class, ADI, CV2, share of zeros) are given for
 * every non-negative series.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_EXPLAIN_H
#define STK_EXPLAIN_H

#include "demand_class.h"
#include "forecast_run.h"

#define STK_EXPLAIN_MAX_SEASON 24

typedef struct StkExplain
{
	char		model[128];		/* as stk_forecast_run names it */
	char		reason[256];	/* one line in plain words */
	char		note[128];		/* the forecast's note ("" if none) */
	bool		has_class;		/* demand statistics valid (y >= 0) */
	StkDemandStats stats;
	int			period;
	double		level;			/* NaN where the model has none */
	double		trend;
	double		season[STK_EXPLAIN_MAX_SEASON];
	int			nseason;		/* 0: no season */
	double		size;
	double		interval;
	double		probability;
} StkExplain;

/* Explain the forecast stk_forecast_run(req) makes; errors as it. */
extern StkStatus stk_forecast_explain(const StkForecastRequest *req,
									  const StkAllocator *a, StkExplain *ex);

#endif							/* STK_EXPLAIN_H */
