/*-------------------------------------------------------------------------
 *
 * backtest.h
 *	  Rolling-origin evaluation of a forecasting method on one series.
 *
 * With horizon h, W windows and a step of s periods, the origins are
 *	o_w = n - h - (W - 1 - w) s,	w = 0 .. W-1,
 * so the last window ends with the series.  At each origin the method is
 * run on y[0..o_w) exactly as stk_forecast_run would run it, and its h
 * forecasts are scored against y[o_w .. o_w + h) (accuracy.h), step by
 * step: step k of the result pools the k-step-ahead forecasts of all
 * windows.  The scales of MASE, RMSSE and the scaled pinball loss are
 * those of each window's own history (lag scale_lag).
 *
 * Every window needs a history of at least scale_lag + 1 periods (so the
 * scale exists) and two periods, so the series must hold
 *	max(2, scale_lag + 1) + h + (W - 1) s
 * periods (stk_backtest_needed); fewer is STK_EINVAL before anything runs.
 * A window whose forecast fails is skipped and counted in failed (its
 * status in note); the others are still scored.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_BACKTEST_H
#define STK_BACKTEST_H

#include "accuracy.h"
#include "forecast_run.h"

typedef struct StkBacktestRequest
{
	StkForecastRequest fc;		/* y, n, period, method, horizon, levels */
	int			windows;		/* >= 1 */
	int			step;			/* >= 1 */
	int			scale_lag;		/* >= 1: lag of the naive scale */
} StkBacktestRequest;

typedef struct StkBacktestResult
{
	int			horizon;
	int			nlevels;
	int			windows;		/* windows scored */
	int			failed;			/* windows whose forecast failed */
	StkAccuracy *steps;			/* [horizon] */
	char		model[128];		/* model of the last scored window */
	char		note[128];		/* why a window failed, or "" */
} StkBacktestResult;

/* Periods of history a backtest with these settings needs (INT32_MAX on overflow). */
extern int	stk_backtest_needed(int horizon, int windows, int step, int scale_lag);

/*
 * Run the backtest.  STK_EINVAL for windows, step or scale_lag below 1,
 * a horizon outside 1..STK_MAX_HORIZON, bad levels, or a series shorter
 * than stk_backtest_needed(); STK_ENONFINITE for NaN or infinity;
 * STK_ENOMEM.  When every window fails, the first failure's status.
 * STK_ECANCELED, checked before every window and passed up from a
 * window's forecast, stops the whole backtest (res freed).
 */
extern StkStatus stk_backtest_run(const StkBacktestRequest *req,
								  const StkAllocator *a, StkBacktestResult *res);
extern void stk_backtest_result_free(StkBacktestResult *res, const StkAllocator *a);

#endif							/* STK_BACKTEST_H */
