/*-------------------------------------------------------------------------
 *
 * intermittent_fn.c
 *	  stk_demand_class(): Syntetos-Boylan-Croston classification of a
 *	  demand series (core/demand_class.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "stokkel.h"
#include "forecast_glue.h"
#include "core/demand_class.h"
#include "core/auto_slow.h"
#include "core/intermittent.h"

PG_FUNCTION_INFO_V1(stk_demand_class_fn);

/*
 * stk_demand_class(y float8[])
 *	RETURNS TABLE(class text, adi float8, cv2 float8, zero_share float8,
 *				  nonzero int, n int)
 *
 * One row.  A series without demand is class 'zero' with adi and cv2 NULL.
 */
Datum
stk_demand_class_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkDemandStats st;
	StkStatus	status;
	double	   *y;
	int			n;
	Datum		values[6];
	bool		nulls[6] = {0};

	InitMaterializedSRF(fcinfo, 0);
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot classify an empty series")));
	stk_check_demand(y, n, "demand");
	status = stk_demand_classify(y, n, &st);
	if (status != STK_OK)
		stk_report_status(status, "stk_demand_class");

	values[0] = CStringGetTextDatum(stk_demand_class_name(st.cls));
	values[1] = Float8GetDatum(st.adi);
	nulls[1] = !isfinite(st.adi);
	values[2] = Float8GetDatum(st.cv2);
	nulls[2] = !isfinite(st.cv2);
	values[3] = Float8GetDatum(st.zero_share);
	values[4] = Int32GetDatum(st.nonzero);
	values[5] = Int32GetDatum(st.n);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(stk_forecast_intermittent_fn);

/* A smoothing parameter argument: must lie in (0, 1]. */
static double
SmoothingArg(FunctionCallInfo fcinfo, int arg, const char *name)
{
	double		v = PG_GETARG_FLOAT8(arg);

	if (!(v > 0 && v <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must lie in (0, 1]", name),
				 errdetail("Got %g.", v)));
	return v;
}

/*
 * stk_forecast_intermittent(y float8[], horizon int, method text DEFAULT 'sba',
 *		alpha float8 DEFAULT 0.1, beta float8 DEFAULT 0.1,
 *		optimize bool DEFAULT false, levels float8[] DEFAULT '{0.1,0.5,0.9}')
 *	RETURNS TABLE(step, point, p10, p50, p90, quantiles, model, status)
 *
 * stk_forecast with one of the intermittent methods and its smoothing
 * parameters given (alpha for sizes and intervals or the level; beta for
 * TSB's probability), or chosen (optimize: MSE for TSB, ADIDA and IMAPA,
 * MAR for Croston and SBA; see core/intermittent.h).
 */
Datum
stk_forecast_intermittent_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkForecastOpts opts;
	StkForecastRequest req;
	StkForecastResult res;
	StkIntermittentOptions im;
	StkAllocator alloc;
	StkStatus	st;
	char	   *mname;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < 7; i++)
		if (PG_ARGISNULL(i))
			return (Datum) 0;
	memset(&opts, 0, sizeof(opts));
	memset(&req, 0, sizeof(req));
	stk_forecast_opts_check(PG_GETARG_INT32(1), PG_GETARG_TEXT_PP(2),
							PG_GETARG_ARRAYTYPE_P(6), &opts);
	mname = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (!stk_method_is_intermittent(opts.method))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("method \"%s\" is not an intermittent-demand method", mname),
				 errhint("Use one of: croston, sba, tsb, adida, imapa.")));
	stk_intermittent_options_default(&im);
	im.alpha = SmoothingArg(fcinfo, 3, "alpha");
	im.beta = SmoothingArg(fcinfo, 4, "beta");
	im.optimize = PG_GETARG_BOOL(5);
	im.loss = (opts.method == STK_METHOD_CROSTON || opts.method == STK_METHOD_SBA)
		? STK_IM_LOSS_MAR : STK_IM_LOSS_MSE;

	req.y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &req.n, false);
	if (req.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot forecast an empty series")));
	stk_check_demand(req.y, req.n, "demand");
	req.horizon = opts.horizon;
	req.method = opts.method;
	req.levels = opts.levels;
	req.nlevels = opts.nlevels;
	req.period = 1;
	req.im_opts = &im;

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_forecast_run(&req, &alloc, &res);
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast_intermittent");
	stk_forecast_emit_rows(rsinfo, &res, opts.horizon, opts.nlevels);
	stk_forecast_result_free(&res, &alloc);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(stk_forecast_new_product_fn);

/*
 * stk_forecast_new_product(history float8[], horizon int, category_profile float8[],
 *		levels float8[] DEFAULT '{0.1,0.5,0.9}')
 *	RETURNS TABLE(step, point, p10, p50, p90, quantiles, model, status)
 *
 * The category-profile fallback for an item with no or little history
 * (core/auto_slow.h, stk_new_product_profile).
 */
Datum
stk_forecast_new_product_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkForecastOpts opts;
	StkForecastResult res;
	StkAllocator alloc;
	StkStatus	st;
	double	   *y,
			   *prof;
	int			n,
				np;

	InitMaterializedSRF(fcinfo, 0);
	memset(&opts, 0, sizeof(opts));
	stk_forecast_opts_check(PG_GETARG_INT32(1), cstring_to_text("auto"),
							PG_GETARG_ARRAYTYPE_P(3), &opts);
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "history", &n, false);
	prof = stk_float8_array(PG_GETARG_ARRAYTYPE_P(2), "category_profile", &np, false);
	if (np == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("category_profile must not be empty")));
	stk_check_demand(prof, np, "category_profile");
	stk_check_demand(y, n, "history");
	memset(&res, 0, sizeof(res));
	res.horizon = opts.horizon;
	res.nlevels = opts.nlevels;
	res.point = palloc0(sizeof(double) * opts.horizon);
	res.quantiles = palloc0(sizeof(double) * opts.horizon * opts.nlevels);
	res.p10_50_90 = palloc0(sizeof(double) * opts.horizon * 3);
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_new_product_profile(y, n, prof, np, opts.levels, opts.nlevels,
								 opts.horizon, &alloc, &res);
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast_new_product");
	stk_forecast_emit_rows(rsinfo, &res, opts.horizon, opts.nlevels);
	return (Datum) 0;
}
