/*-------------------------------------------------------------------------
 *
 * forecast_run.c
 *	  Method dispatch, automatic choice and the combination of ETS and Theta.
 *
 * 'auto' forecasts with the equal-weight combination of automatic ETS and
 * Theta: on the M3/M4 data such combinations beat either member (Makridakis
 * et al. 2020), and they are robust where one member misfits.  Quantiles of
 * the combination are the averages of the members' quantiles at each level
 * (quantile averaging keeps them monotone and gives a combined distribution
 * whose spread lies between the members').  Every quantile is censored at
 * zero, since demand cannot be negative, so P50 stays a true median.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "baselines.h"
#include "ets.h"
#include "forecast_run.h"
#include "quantiles.h"
#include "seasonality.h"
#include "theta.h"

static const struct
{
	const char *name;
	StkMethod	method;
}			method_names[] = {
	{"auto", STK_METHOD_AUTO},
	{"ets", STK_METHOD_ETS},
	{"theta", STK_METHOD_THETA},
	{"otm", STK_METHOD_OTM},
	{"naive", STK_METHOD_NAIVE},
	{"snaive", STK_METHOD_SNAIVE},
	{"mean", STK_METHOD_MEAN},
	{"drift", STK_METHOD_DRIFT},
};

bool
stk_method_parse(const char *name, StkMethod *method)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
	{
		if (strcmp(name, method_names[i].name) == 0)
		{
			*method = method_names[i].method;
			return true;
		}
	}
	return false;
}

const char *
stk_method_names(void)
{
	return "auto, ets, theta, otm, naive, snaive, mean, drift";
}

void
stk_forecast_result_free(StkForecastResult *res, const StkAllocator *a)
{
	stk_free(a, res->point);
	stk_free(a, res->quantiles);
	stk_free(a, res->p10_50_90);
	res->point = res->quantiles = res->p10_50_90 = NULL;
}

/* Run one model; fc must be freed by the caller on success. */
static StkStatus
RunModel(const StkForecastRequest *req, StkMethod method, int period,
		 const StkAllocator *a, StkForecast *fc)
{
	switch (method)
	{
		case STK_METHOD_ETS:
			{
				StkEtsModel mod;
				StkStatus	st = stk_ets_auto(req->y, req->n, period, a, &mod);

				if (st != STK_OK)
					return st;
				st = stk_ets_forecast(&mod, req->horizon, STK_FORECAST_NSIM,
									  req->seed, a, fc);
				if (st == STK_OK)
					snprintf(fc->model, sizeof(fc->model), "%s", mod.name);
				return st;
			}
		case STK_METHOD_THETA:
		case STK_METHOD_OTM:
			{
				StkThetaOptions opts;

				memset(&opts, 0, sizeof(opts));
				opts.period = period;
				opts.optimise = (method == STK_METHOD_OTM);
				opts.seasonal_var = true;
				return stk_theta(req->y, req->n, req->horizon, &opts, a, fc, NULL);
			}
		case STK_METHOD_NAIVE:
			return stk_naive(req->y, req->n, req->horizon, a, fc);
		case STK_METHOD_SNAIVE:
			return stk_snaive(req->y, req->n, period, req->horizon, a, fc);
		case STK_METHOD_MEAN:
			return stk_meanf(req->y, req->n, req->horizon, a, fc);
		case STK_METHOD_DRIFT:
			return stk_drift(req->y, req->n, req->horizon, a, fc);
		case STK_METHOD_AUTO:
			break;
	}
	return STK_EINVAL;
}

static const double fixed_levels[3] = {0.1, 0.5, 0.9};

/* Point and quantiles of one model's forecast, added with weight w. */
static StkStatus
Accumulate(StkForecast *fc, const StkForecastRequest *req, double w,
		   const StkAllocator *a, StkForecastResult *res, double *tmp)
{
	int			h = req->horizon;
	StkStatus	st;

	/*
	 * A model fitted to a single observation has no spread to offer; its
	 * quantiles collapse to the point forecast, and the note says so.
	 */
	if (fc->paths == NULL)
	{
		for (int i = 0; i < h; i++)
		{
			if (!isfinite(fc->var[i]))
			{
				fc->var[i] = 0;
				snprintf(res->note, sizeof(res->note),
						 "too little history to estimate the spread");
			}
		}
	}
	for (int i = 0; i < h; i++)
		res->point[i] += w * fc->mean[i];
	st = stk_forecast_quantiles(fc, req->levels, req->nlevels, true, a, tmp);
	if (st != STK_OK)
		return st;
	for (int i = 0; i < h * req->nlevels; i++)
		res->quantiles[i] += w * tmp[i];
	st = stk_forecast_quantiles(fc, fixed_levels, 3, true, a, tmp);
	if (st != STK_OK)
		return st;
	for (int i = 0; i < h * 3; i++)
		res->p10_50_90[i] += w * tmp[i];
	return STK_OK;
}

StkStatus
stk_forecast_run(const StkForecastRequest *req, const StkAllocator *a,
				 StkForecastResult *res)
{
	int			h = req->horizon;
	int			period = req->period;
	int			k = req->nlevels > 3 ? req->nlevels : 3;
	double	   *tmp;
	StkStatus	st;

	memset(res, 0, sizeof(*res));
	if ((st = stk_validate_input(req->y, req->n, h)) != STK_OK)
		return st;
	if ((st = stk_validate_levels(req->levels, req->nlevels)) != STK_OK)
		return st;
	if (period < 0 || period > req->n)
		return STK_EINVAL;
	if (period == 0)
	{
		st = stk_detect_period(req->y, req->n, NULL, 0, a, &period);
		if (st != STK_OK)
			period = 1;
	}

	res->horizon = h;
	res->nlevels = req->nlevels;
	res->period = period;
	res->point = stk_alloc(a, sizeof(double) * h);
	res->quantiles = stk_alloc(a, sizeof(double) * h * req->nlevels);
	res->p10_50_90 = stk_alloc(a, sizeof(double) * h * 3);
	tmp = stk_alloc(a, sizeof(double) * h * k);
	if (!res->point || !res->quantiles || !res->p10_50_90 || !tmp)
	{
		stk_free(a, tmp);
		stk_forecast_result_free(res, a);
		return STK_ENOMEM;
	}
	memset(res->point, 0, sizeof(double) * h);
	memset(res->quantiles, 0, sizeof(double) * h * req->nlevels);
	memset(res->p10_50_90, 0, sizeof(double) * h * 3);

	if (req->method == STK_METHOD_AUTO)
	{
		StkForecast fe,
					ft;
		StkStatus	se = RunModel(req, STK_METHOD_ETS, period, a, &fe);
		StkStatus	sth = RunModel(req, STK_METHOD_THETA, period, a, &ft);

		if (se == STK_OK && sth == STK_OK)
		{
			st = Accumulate(&fe, req, 0.5, a, res, tmp);
			if (st == STK_OK)
				st = Accumulate(&ft, req, 0.5, a, res, tmp);
			snprintf(res->model, sizeof(res->model), "Combination(%.56s, %.56s)",
					 fe.model, ft.model);
		}
		else if (se == STK_OK || sth == STK_OK)
		{
			/* one member failed: the other alone, and say so */
			StkForecast *ok = se == STK_OK ? &fe : &ft;

			st = Accumulate(ok, req, 1.0, a, res, tmp);
			snprintf(res->model, sizeof(res->model), "%s", ok->model);
			snprintf(res->note, sizeof(res->note), "%s failed (%s); used %.60s alone",
					 se == STK_OK ? "Theta" : "ETS",
					 stk_status_message(se == STK_OK ? sth : se), ok->model);
		}
		else
			st = se;
		if (se == STK_OK)
			stk_forecast_free(&fe, a);
		if (sth == STK_OK)
			stk_forecast_free(&ft, a);
	}
	else
	{
		StkForecast fc;

		st = RunModel(req, req->method, period, a, &fc);
		if (st == STK_OK)
		{
			st = Accumulate(&fc, req, 1.0, a, res, tmp);
			snprintf(res->model, sizeof(res->model), "%s", fc.model);
			stk_forecast_free(&fc, a);
		}
	}
	stk_free(a, tmp);
	if (st != STK_OK)
	{
		stk_forecast_result_free(res, a);
		return st;
	}
	/* demand is never negative */
	for (int i = 0; i < h; i++)
		if (res->point[i] < 0)
			res->point[i] = 0;
	return STK_OK;
}
