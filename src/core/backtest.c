/*-------------------------------------------------------------------------
 *
 * backtest.c
 *	  Rolling-origin evaluation of a forecasting method (see backtest.h).
 *
 *-------------------------------------------------------------------------
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backtest.h"
#include "baselines.h"
#include "quantiles.h"

int
stk_backtest_needed(int horizon, int windows, int step, int scale_lag)
{
	long long	need = (long long) (scale_lag + 1 > 2 ? scale_lag + 1 : 2) +
		horizon + (long long) (windows - 1) * step;

	return need > INT_MAX ? INT_MAX : (int) need;
}

void
stk_backtest_result_free(StkBacktestResult *res, const StkAllocator *a)
{
	if (res->steps != NULL)
	{
		for (int k = 0; k < res->horizon; k++)
			stk_accuracy_free(&res->steps[k], a);
		stk_free(a, res->steps);
		res->steps = NULL;
	}
}

StkStatus
stk_backtest_run(const StkBacktestRequest *req, const StkAllocator *a,
				 StkBacktestResult *res)
{
	const StkForecastRequest *fr = &req->fc;
	int			h = fr->horizon;
	StkStatus	st,
				first_err = STK_OK;

	memset(res, 0, sizeof(*res));
	if (req->windows < 1 || req->step < 1 || req->scale_lag < 1)
		return STK_EINVAL;
	if ((st = stk_validate_input(fr->y, fr->n, h)) != STK_OK)
		return st;
	if ((st = stk_validate_levels(fr->levels, fr->nlevels)) != STK_OK)
		return st;
	if (fr->n < stk_backtest_needed(h, req->windows, req->step, req->scale_lag))
		return STK_EINVAL;

	res->horizon = h;
	res->nlevels = fr->nlevels;
	res->steps = stk_alloc(a, sizeof(StkAccuracy) * h);
	if (res->steps == NULL)
		return STK_ENOMEM;
	memset(res->steps, 0, sizeof(StkAccuracy) * h);
	for (int k = 0; k < h; k++)
	{
		if ((st = stk_accuracy_init(&res->steps[k], fr->nlevels, a)) != STK_OK)
		{
			stk_backtest_result_free(res, a);
			return st;
		}
	}

	for (int w = 0; w < req->windows; w++)
	{
		int			o = fr->n - h - (req->windows - 1 - w) * req->step;
		StkForecastRequest sub = *fr;
		StkForecastResult fc;
		double		s1,
					s2;

		/* a window is a whole forecast, 'auto' a model search or three */
		if (stk_interrupted())
		{
			stk_backtest_result_free(res, a);
			return STK_ECANCELED;
		}
		sub.n = o;
		/* a fixed period longer than this window's history: none */
		if (sub.period > o)
			sub.period = 1;
		st = stk_forecast_run(&sub, a, &fc);
		if (st == STK_ECANCELED)
		{
			/* not a failed window: the whole backtest stops */
			stk_backtest_result_free(res, a);
			return st;
		}
		if (st != STK_OK)
		{
			if (first_err == STK_OK)
			{
				first_err = st;
				snprintf(res->note, sizeof(res->note),
						 "window %d of %d failed: %.90s", w + 1, req->windows,
						 fc.note[0] ? fc.note : stk_status_message(st));
			}
			res->failed++;
			continue;
		}
		st = stk_accuracy_scale(fr->y, o, req->scale_lag, &s1, &s2);
		for (int k = 0; k < h && st == STK_OK; k++)
			st = stk_accuracy_add(&res->steps[k], fr->y[o + k], fc.point[k],
								  fc.quantiles + (size_t) k * fr->nlevels,
								  fr->levels, s1, s2);
		snprintf(res->model, sizeof(res->model), "%s", fc.model);
		stk_forecast_result_free(&fc, a);
		if (st != STK_OK)
		{
			stk_backtest_result_free(res, a);
			return st;
		}
		res->windows++;
	}
	if (res->windows == 0)
	{
		stk_backtest_result_free(res, a);
		return first_err;
	}
	return STK_OK;
}
