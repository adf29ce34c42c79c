/*-------------------------------------------------------------------------
 *
 * regressor_fn.c
 *	  Extra regressors of method prophet (price, promotion): the argument
 *	  check shared by stk_forecast_series and stk_backtest_series, and
 *	  stk_regressor_effects(), the effect each regressor has on demand.
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
#include "forecast_glue.h"
#include "series_glue.h"
#include "core/prophet.h"

PG_FUNCTION_INFO_V1(stk_regressor_effects_fn);

/*
 * A regressors argument (stk_forecast_series, stk_backtest_series): a
 * float8 array of rows rows (the series' periods, then horizon more) by
 * one column per regressor, or a one-dimensional array of rows values (one
 * regressor).  Only method prophet uses regressors (22023); an empty array
 * is none.
 */
const double *
stk_regressors_arg(ArrayType *arr, int rows, int horizon, StkMethod method, int *k)
{
	int			ndim = ARR_NDIM(arr);
	int			nrows;
	const double *v;

	*k = 0;
	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("regressors must be an array of double precision")));
	if (ndim == 0)
		return NULL;
	if (method != STK_METHOD_PROPHET)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("regressors are used by method prophet only"),
				 errhint("Pass method => 'prophet', or leave regressors out.")));
	if (ndim > 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("regressors must be a one- or two-dimensional array"),
				 errdetail("Got %d dimensions.", ndim)));
	nrows = ARR_DIMS(arr)[0];
	*k = ndim == 2 ? ARR_DIMS(arr)[1] : 1;
	if (*k > STK_PROPHET_MAX_REGRESSORS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d regressors can be given", STK_PROPHET_MAX_REGRESSORS),
				 errdetail("Got %d columns.", *k)));
	if (nrows != rows)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 horizon > 0 ?
				 errmsg("regressors must have one row per period of the series and of the horizon") :
				 errmsg("regressors must have one row per period of the series"),
				 horizon > 0 ?
				 errdetail("Expected %d rows (%d periods and a horizon of %d), got %d.",
						   rows, rows - horizon, horizon, nrows) :
				 errdetail("Expected %d rows, got %d.", rows, nrows)));
	if (array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("regressors must not contain NULL elements")));
	v = (const double *) ARR_DATA_PTR(arr);
	for (int i = 0; i < rows * *k; i++)
		if (!isfinite(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("regressors must not contain NaN or infinite values"),
					 errdetail("Row %d, column %d is %g.", i / *k + 1, i % *k + 1, v[i])));
	return v;
}

/*
 * stk_regressor_effects(s stokkel.series, regressors float8[])
 *	RETURNS TABLE (regressor int, effect float8, relative_effect float8)
 *
 * The effect of each regressor (one row per period of the series, one
 * column per regressor) as method prophet learns it from the series: units
 * of demand per unit of the regressor, and that over the mean demand.  The
 * fit is the forecast's own (dated seasonality, changepoints, priors); its
 * one-step forecast is not used.
 */
Datum
stk_regressor_effects_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkSeriesBuilder b;
	StkEventCalendar cal;
	StkProphetOptions opts;
	StkProphetFit fit;
	StkForecast fc;
	StkAllocator alloc;
	StkStatus	st;
	const double *reg;
	double	   *y,
			   *x,
				mean = 0;
	bool	   *masked;
	int			k,
				observed;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	reg = stk_regressors_arg(PG_GETARG_ARRAYTYPE_P(1), b.len, 0, STK_METHOD_PROPHET, &k);
	if (k == 0)
		return (Datum) 0;
	if (b.len < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the series needs at least 3 periods to learn the regressors' effects"),
				 errdetail("It has %d.", b.len)));

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	y = palloc(sizeof(double) * b.len);
	masked = palloc(sizeof(bool) * b.len);
	stk_builder_model_demand(&b, stk_season_length(b.freq), &alloc, y);
	observed = b.len - stk_builder_masked(&b, masked);
	/* the mean of the observed demand (of all, when none was observed) */
	for (int i = 0; i < b.len; i++)
		if (!masked[i] || observed == 0)
			mean += y[i] / (observed > 0 ? observed : b.len);
	/* the fit comes with a forecast: one step, on a copy of the last row */
	x = palloc(sizeof(double) * (size_t) (b.len + 1) * k);
	memcpy(x, reg, sizeof(double) * (size_t) b.len * k);
	memcpy(x + (size_t) b.len * k, reg + (size_t) (b.len - 1) * k, sizeof(double) * k);
	memset(&cal, 0, sizeof(cal));
	cal.freq = b.freq;
	cal.first = b.first;
	stk_prophet_options_init(&opts);
	opts.cal = &cal;
	opts.regressors = x;
	opts.nregressors = k;
	opts.masked = masked;
	opts.nsim = 1;				/* the fewest paths the model draws */
	st = stk_prophet(y, b.len, 1, &opts, &alloc, &fc, &fit);
	stk_check_canceled(st, "stk_regressor_effects");
	if (st == STK_ETOOBIG)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the series is too long for the model"),
				 errdetail("It has %d periods and %d regressors.", b.len, k)));
	if (st != STK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the regressors' effects could not be learnt: %s", stk_status_message(st))));
	stk_forecast_free(&fc, &alloc);

	for (int r = 0; r < k; r++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(r + 1);
		values[1] = Float8GetDatum(fit.regressor_coef[r]);
		if (mean > 0)
			values[2] = Float8GetDatum(fit.regressor_coef[r] / mean);
		else
			nulls[2] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
