/*-------------------------------------------------------------------------
 *
 * explain.c
 *	  Components of a forecast and the reason for its model (explain.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auto_slow.h"
#include "ets.h"
#include "explain.h"
#include "intermittent.h"

static void
IntermittentComponents(const StkIntermittentFit *fit, StkExplain *ex)
{
	ex->level = fit->forecast;
	if (fit->has_state && !fit->fallback)
	{
		ex->size = fit->size;
		ex->interval = fit->method == STK_IM_TSB ? NAN : fit->interval;
		ex->probability = fit->prob;
	}
}

/*
 * The components of the ETS model chosen again on the series: none when
 * the fit fails, but STK_ECANCELED (a whole model search) is returned.
 */
static StkStatus
EtsComponents(const StkForecastRequest *req, int period,
			  const StkAllocator *a, StkExplain *ex)
{
	StkEtsModel mod;
	StkStatus	st;

	st = stk_ets_auto(req->y, req->n, period, a, &mod);
	if (st != STK_OK)
		return st == STK_ECANCELED ? st : STK_OK;
	ex->level = mod.level;
	if (mod.trend != 'N')
		ex->trend = mod.slope;
	if (mod.season != 'N' && mod.m > 1 && mod.m <= STK_EXPLAIN_MAX_SEASON)
	{
		ex->nseason = mod.m;
		for (int i = 0; i < mod.m; i++)
			ex->season[i] = mod.season_state[(mod.spos + i) % mod.m];
	}
	return STK_OK;
}

/* "sells on 9 of 10 days (smooth)" for the general path's reasons. */
static int
Sells(const StkExplain *ex, char *buf, size_t len)
{
	const StkDemandStats *s = &ex->stats;
	const char *unit = ex->period == 7 ? "day" : "period";

	if (!ex->has_class)
		return snprintf(buf, len, "has negative values (returns)");
	return snprintf(buf, len, "sells on %d of %d %ss (%s)", s->nonzero, s->n,
					unit, stk_demand_class_name(s->cls));
}

StkStatus
stk_forecast_explain(const StkForecastRequest *req, const StkAllocator *a,
					 StkExplain *ex)
{
	StkForecastResult res;
	StkStatus	st;
	StkSlowRoute route = STK_SLOW_NONE;
	char		sells[128];

	memset(ex, 0, sizeof(*ex));
	ex->level = ex->trend = ex->size = ex->interval = ex->probability = NAN;
	st = stk_forecast_run(req, a, &res);
	if (st != STK_OK)
	{
		snprintf(ex->note, sizeof(ex->note), "%s", res.note);
		return st;
	}
	snprintf(ex->model, sizeof(ex->model), "%s", res.model);
	snprintf(ex->note, sizeof(ex->note), "%s", res.note);
	ex->period = res.period;
	ex->has_class = stk_demand_classify(req->y, req->n, &ex->stats) == STK_OK;
	Sells(ex, sells, sizeof(sells));

	if (req->method == STK_METHOD_AUTO)
		route = stk_auto_slow_route(req->y, req->n, &ex->stats);
	if (route != STK_SLOW_NONE)
	{
		StkSlowInfo info;
		StkForecastResult r2 = res;

		/* the same run again, keeping what the route found */
		st = stk_auto_slow_run(req, res.period, route, &ex->stats, -1, a, &r2, &info);
		if (st == STK_OK)
		{
			stk_auto_slow_reason(&info, res.period, ex->reason, sizeof(ex->reason));
			if (route == STK_SLOW_INTERMITTENT)
				IntermittentComponents(&info.fit, ex);
			else
			{
				int			m = res.period > 1 && req->n >= res.period ? res.period : 0;

				ex->level = 0;
				for (int i = 0; i < req->horizon; i++)
					ex->level += res.point[i] / req->horizon;
				if (m > 0 && m <= STK_EXPLAIN_MAX_SEASON && m <= req->horizon)
				{
					ex->nseason = m;
					memcpy(ex->season, res.point, sizeof(double) * m);
				}
			}
		}
	}
	else if (stk_method_is_intermittent(req->method))
	{
		StkIntermittentOptions opt;
		StkIntermittentFit fit;
		StkForecast fc;
		static const StkIntermittentMethod im[] = {STK_IM_CROSTON, STK_IM_SBA,
		STK_IM_TSB, STK_IM_ADIDA, STK_IM_IMAPA};

		stk_intermittent_options_default(&opt);
		opt.method = im[req->method - STK_METHOD_CROSTON];
		st = stk_intermittent_forecast(req->y, req->n, &opt, 1, a, &fc, &fit);
		stk_forecast_free(&fc, a);
		if (st == STK_OK)
			IntermittentComponents(&fit, ex);
		snprintf(ex->reason, sizeof(ex->reason), "%s; %s as asked", sells,
				 stk_intermittent_method_name(opt.method));
	}
	else
	{
		switch (req->method)
		{
			case STK_METHOD_AUTO:
			case STK_METHOD_ETS:
				if (strncmp(res.model, "Empirical", 9) != 0)
					st = EtsComponents(req, res.period, a, ex);
				break;
			case STK_METHOD_NAIVE:
				ex->level = req->y[req->n - 1];
				break;
			case STK_METHOD_MEAN:
				ex->level = res.point[0];
				break;
			case STK_METHOD_DRIFT:
				ex->level = req->y[req->n - 1];
				if (req->n > 1)
					ex->trend = (req->y[req->n - 1] - req->y[0]) / (req->n - 1);
				break;
			default:
				break;
		}
		if (req->method != STK_METHOD_AUTO)
			snprintf(ex->reason, sizeof(ex->reason), "%s; %.100s as asked", sells, res.model);
		else if (strncmp(res.model, "Empirical", 9) == 0)
			snprintf(ex->reason, sizeof(ex->reason),
					 "%s but often not lately; recent sales' distribution chosen", sells);
		else
			snprintf(ex->reason, sizeof(ex->reason),
					 "%s; %.100s chosen for regular demand", sells, res.model);
	}
	stk_forecast_result_free(&res, a);
	return st;
}
