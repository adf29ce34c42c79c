/*-------------------------------------------------------------------------
 *
 * forecast_fn.c
 *	  stk_forecast(): point forecasts and quantiles of a demand series.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "stokkel.h"
#include "core/forecast_run.h"

PG_FUNCTION_INFO_V1(stk_forecast_array);

/* Seed of the simulated predictive distributions: fixed, so results repeat. */
#define FORECAST_SEED 20261122

/* Check and fetch the levels argument. */
static double *
LevelsArg(ArrayType *arr, int *n)
{
	double	   *lv = stk_float8_array(arr, "levels", n, true);

	if (*n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("levels must not be empty")));
	for (int i = 0; i < *n; i++)
	{
		if (!(lv[i] > 0 && lv[i] < 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("levels must lie strictly between 0 and 1"),
					 errdetail("Level %d is %g.", i + 1, lv[i])));
		if (i > 0 && !(lv[i] > lv[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("levels must be strictly increasing"),
					 errdetail("Level %d (%g) does not exceed level %d (%g).",
							   i + 1, lv[i], i, lv[i - 1])));
	}
	return lv;
}

/*
 * stk_forecast(y float8[], horizon int, period int DEFAULT NULL,
 *				method text DEFAULT 'auto', levels float8[] DEFAULT '{0.1,0.5,0.9}')
 *	RETURNS TABLE(step, point, p10, p50, p90, quantiles, model, status)
 */
Datum
stk_forecast_array(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkForecastRequest req;
	StkForecastResult res;
	StkAllocator alloc;
	StkStatus	st;
	char	   *method;
	int			horizon;

	/* NULL data or horizon: no rows, as a strict function would give */
	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		return (Datum) 0;

	memset(&req, 0, sizeof(req));
	req.y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &req.n, false);
	horizon = PG_GETARG_INT32(1);
	if (horizon < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at least 1"),
				 errdetail("Got %d.", horizon)));
	if (horizon > STK_MAX_HORIZON)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("horizon must be at most %d periods", STK_MAX_HORIZON),
				 errdetail("Got %d.", horizon)));
	req.horizon = horizon;
	if (req.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot forecast an empty series")));
	if (!PG_ARGISNULL(2))
	{
		req.period = PG_GETARG_INT32(2);
		if (req.period < 1 || req.period > req.n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be between 1 and the series length (%d)", req.n),
					 errdetail("Got %d.", req.period)));
	}
	method = text_to_cstring(PG_GETARG_TEXT_PP(3));
	if (!stk_method_parse(method, &req.method))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown forecasting method \"%s\"", method),
				 errhint("Use one of: %s.", stk_method_names())));
	req.levels = LevelsArg(PG_GETARG_ARRAYTYPE_P(4), &req.nlevels);
	req.seed = FORECAST_SEED;

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_forecast_run(&req, &alloc, &res);
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast");

	for (int i = 0; i < horizon; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {0};
		Datum	   *q = palloc(sizeof(Datum) * req.nlevels);

		for (int j = 0; j < req.nlevels; j++)
			q[j] = Float8GetDatum(res.quantiles[i * req.nlevels + j]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = Float8GetDatum(res.point[i]);
		values[2] = Float8GetDatum(res.p10_50_90[i * 3]);
		values[3] = Float8GetDatum(res.p10_50_90[i * 3 + 1]);
		values[4] = Float8GetDatum(res.p10_50_90[i * 3 + 2]);
		values[5] = PointerGetDatum(construct_array(q, req.nlevels, FLOAT8OID, sizeof(float8),
													FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[6] = CStringGetTextDatum(res.model);
		values[7] = CStringGetTextDatum(res.note[0] ? res.note : "ok");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	stk_forecast_result_free(&res, &alloc);
	return (Datum) 0;
}
