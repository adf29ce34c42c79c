/*-------------------------------------------------------------------------
 *
 * backtest_fn.c
 *	  stk_backtest(): rolling-origin accuracy of a forecasting method
 *	  (core/backtest.h), and stk_forecast_explain(): the components of a
 *	  forecast and why its model (core/explain.h).  Both take a float8[]
 *	  or a stokkel.series (from stk_series_agg, so they work per group).
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
#include "core/backtest.h"
#include "core/explain.h"

PG_FUNCTION_INFO_V1(stk_backtest_array);
PG_FUNCTION_INFO_V1(stk_backtest_series_fn);
PG_FUNCTION_INFO_V1(stk_forecast_explain_array);
PG_FUNCTION_INFO_V1(stk_forecast_explain_series_fn);

/* Seed of simulated predictive distributions, as stk_forecast uses. */
#define BACKTEST_SEED 20261122

#define BACKTEST_NATTS 12
#define EXPLAIN_NATTS 14

static Datum
Float8OrNull(double v, bool *isnull)
{
	*isnull = !isfinite(v);
	return Float8GetDatum(*isnull ? 0 : v);
}

static Datum
Float8Array(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(n, 1));
	int			dims[1] = {n},
				lbs[1] = {1};

	for (int i = 0; i < n; i++)
	{
		nulls[i] = !isfinite(v[i]);
		d[i] = Float8GetDatum(nulls[i] ? 0 : v[i]);
	}
	return PointerGetDatum(construct_md_array(d, nulls, 1, dims, lbs, FLOAT8OID,
											  sizeof(float8), FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
}

/* The one row of a series that failed: every column NULL but the last, its status. */
static void
StatusRow(ReturnSetInfo *rsinfo, int natts, const char *status)
{
	Datum	   *values = palloc0(sizeof(Datum) * natts);
	bool	   *nulls = palloc(sizeof(bool) * natts);

	memset(nulls, true, sizeof(bool) * natts);
	nulls[natts - 1] = false;
	values[natts - 1] = CStringGetTextDatum(status);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

typedef struct BacktestArgs
{
	StkForecastOpts opts;
	int32		windows;
	int32		step;
	int32		period;			/* 0: not given */
} BacktestArgs;

/* Arguments 1..6 (horizon, windows, step, period, method, levels). */
static void
BacktestArgsCheck(FunctionCallInfo fcinfo, BacktestArgs *ba)
{
	memset(ba, 0, sizeof(*ba));
	stk_forecast_opts_check(PG_GETARG_INT32(1), PG_GETARG_TEXT_PP(5),
							PG_GETARG_ARRAYTYPE_P(6), &ba->opts);
	ba->windows = PG_GETARG_INT32(2);
	if (ba->windows < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("windows must be at least 1"),
				 errdetail("Got %d.", ba->windows)));
	ba->step = PG_ARGISNULL(3) ? ba->opts.horizon : PG_GETARG_INT32(3);
	if (ba->step < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step must be at least 1"),
				 errdetail("Got %d.", ba->step)));
	if (!PG_ARGISNULL(4))
	{
		ba->period = PG_GETARG_INT32(4);
		if (ba->period < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be at least 1"),
					 errdetail("Got %d.", ba->period)));
	}
}

/*
 * Run the backtest of y[0..n) and put one row per step ahead into the
 * tuplestore; on a failure either raise it (raise) or put one status row.
 */
static void
BacktestEmit(FunctionCallInfo fcinfo, const BacktestArgs *ba, const double *y,
			 int n, int period, const StkEventCalendar *cal, const bool *masked,
			 const double *regressors, int nregressors,
			 const char *status_in, bool raise)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkBacktestRequest req;
	StkBacktestResult res;
	StkAllocator alloc;
	StkStatus	st;
	Datum		values[BACKTEST_NATTS];
	bool		nulls[BACKTEST_NATTS];
	int			nl = ba->opts.nlevels;
	int			need;
	char		status[256];
	double	   *pin = palloc(sizeof(double) * nl * 3);

	memset(&req, 0, sizeof(req));
	req.fc.calendar = cal;
	req.fc.y = y;
	req.fc.n = n;
	req.fc.period = period;
	req.fc.method = ba->opts.method;
	req.fc.horizon = ba->opts.horizon;
	req.fc.levels = ba->opts.levels;
	req.fc.nlevels = nl;
	req.fc.seed = BACKTEST_SEED;
	/* each window's forecast reads the rows up to its origin plus horizon */
	req.fc.regressors = regressors;
	req.fc.nregressors = nregressors;
	req.fc.masked = masked;
	req.windows = ba->windows;
	req.step = ba->step;
	/* the given period scales the errors, unless the series is shorter */
	req.scale_lag = ba->period > 1 && ba->period <= n ? ba->period : 1;
	need = stk_backtest_needed(req.fc.horizon, req.windows, req.step, req.scale_lag);
	snprintf(status, sizeof(status), "%s", status_in);

	if (n < need)
	{
		if (raise)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the series is too short for %d backtest windows of horizon %d every %d periods",
							req.windows, req.fc.horizon, req.step),
					 errdetail("That needs at least %d periods of history; the series has %d.",
							   need, n),
					 errhint("Ask for fewer windows, a shorter horizon or a smaller step.")));
		st = STK_EINVAL;
		snprintf(status, sizeof(status),
				 "failed: too short for %d windows of horizon %d every %d periods (needs %d periods, has %d)",
				 req.windows, req.fc.horizon, req.step, need, n);
	}
	else
	{
		if (raise && stk_method_is_intermittent(req.fc.method))
			stk_check_demand(y, n, "demand");
		stk_pg_allocator(&alloc, CurrentMemoryContext);
		st = stk_backtest_run(&req, &alloc, &res);
		if (st != STK_OK)
		{
			if (raise)
				stk_report_status(st, "stk_backtest");
			stk_check_canceled(st, "stk_backtest_series");
			snprintf(status, sizeof(status), "failed: %s", stk_status_message(st));
		}
	}
	if (st != STK_OK)
	{
		StatusRow(rsinfo, BACKTEST_NATTS, status);
		return;
	}
	stk_status_append(status, sizeof(status), res.note);
	for (int k = 0; k < res.horizon; k++)
	{
		StkAccuracyResult r;

		memset(nulls, 0, sizeof(nulls));
		r.pinball = pin;
		r.spl = pin + nl;
		r.coverage = pin + 2 * nl;
		stk_accuracy_result(&res.steps[k], &r);
		values[0] = Int32GetDatum(k + 1);
		values[1] = Int32GetDatum(r.count);
		values[2] = Float8OrNull(r.mase, &nulls[2]);
		values[3] = Float8OrNull(r.smape, &nulls[3]);
		values[4] = Float8OrNull(r.wape, &nulls[4]);
		values[5] = Float8OrNull(r.bias, &nulls[5]);
		values[6] = Float8OrNull(r.rmsse, &nulls[6]);
		values[7] = Float8Array(r.pinball, nl);
		values[8] = Float8Array(r.spl, nl);
		values[9] = Float8Array(r.coverage, nl);
		values[10] = CStringGetTextDatum(res.model);
		values[11] = CStringGetTextDatum(status[0] ? status : "ok");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	stk_backtest_result_free(&res, &alloc);
}

/*
 * stk_backtest(y float8[], horizon int, windows int DEFAULT 3,
 *				step int DEFAULT NULL, period int DEFAULT NULL,
 *				method text DEFAULT 'auto', levels float8[] DEFAULT ...)
 */
Datum
stk_backtest_array(PG_FUNCTION_ARGS)
{
	BacktestArgs ba;
	double	   *y;
	int			n;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(5) || PG_ARGISNULL(6))
		return (Datum) 0;
	BacktestArgsCheck(fcinfo, &ba);
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	if (ba.period > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must be between 1 and the series length (%d)", n),
				 errdetail("Got %d.", ba.period)));
	BacktestEmit(fcinfo, &ba, y, n, ba.period, NULL, NULL, NULL, 0, "", true);
	return (Datum) 0;
}

/*
 * The model demand of a series (closed and stock-out periods filled as
 * stk_forecast_series does) and the period to use; *status gets a note.
 * masked (may be NULL) gets which periods were filled.
 */
static double *
SeriesDemand(PG_FUNCTION_ARGS, int period_arg, int32 given, int *n,
			 int *period, StkEventCalendar *cal, char *status, size_t len,
			 bool **masked)
{
	StkSeriesBuilder b;
	StkAllocator alloc;
	double	   *y;
	int			season;

	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	season = stk_season_length(b.freq);
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	y = palloc(sizeof(double) * Max(b.len, 1));
	stk_builder_model_demand(&b, season, &alloc, y);
	if (masked != NULL)
	{
		*masked = palloc(sizeof(bool) * Max(b.len, 1));
		stk_builder_masked(&b, *masked);
	}
	*n = b.len;
	if (cal != NULL)
	{
		cal->freq = b.freq;
		cal->first = b.first;
	}
	*period = given > 0 ? given : (b.len >= 2 * season ? season : 1);
	status[0] = '\0';
	if (*period > b.len)
	{
		snprintf(status, len, "period %d is longer than the %d periods of history: no season",
				 *period, b.len);
		*period = 1;
	}
	(void) period_arg;
	return y;
}

/* stk_backtest(s stokkel.series, ...): a failing series gives a status row. */
Datum
stk_backtest_series_fn(PG_FUNCTION_ARGS)
{
	BacktestArgs ba;
	StkEventCalendar cal;
	const char *dropped;
	double	   *y;
	const double *regressors = NULL;
	bool	   *masked;
	int			n,
				period,
				nregressors = 0;
	char		status[256];

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(5) || PG_ARGISNULL(6))
		return (Datum) 0;
	CHECK_FOR_INTERRUPTS();
	BacktestArgsCheck(fcinfo, &ba);
	stk_events_arg(fcinfo, 7, ba.opts.method, &cal, &dropped);
	y = SeriesDemand(fcinfo, 4, ba.period, &n, &period, &cal, status, sizeof(status), &masked);
	/* the windows' horizons lie inside the series: one row per period */
	if (!PG_ARGISNULL(10))
		regressors = stk_regressors_arg(PG_GETARG_ARRAYTYPE_P(10), n, 0, ba.opts.method,
										&nregressors);
	stk_status_append(status, sizeof(status), dropped);
	BacktestEmit(fcinfo, &ba, y, n, period, &cal, masked, regressors, nregressors, status, false);
	return (Datum) 0;
}

/* One explanation row into the tuplestore. */
static void
ExplainEmit(FunctionCallInfo fcinfo, const double *y, int n, int period,
			StkMethod method, const StkEventCalendar *cal, const char *status_in)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkForecastRequest req;
	StkExplain ex;
	StkAllocator alloc;
	StkStatus	st;
	Datum		values[EXPLAIN_NATTS];
	bool		nulls[EXPLAIN_NATTS];
	static const double lv[3] = {0.1, 0.5, 0.9};
	char		status[256];

	memset(&req, 0, sizeof(req));
	req.calendar = cal;
	req.y = y;
	req.n = n;
	req.period = period;
	req.method = method;
	req.horizon = STK_EXPLAIN_MAX_SEASON;	/* room for a season of new-product means */
	req.levels = lv;
	req.nlevels = 3;
	req.seed = BACKTEST_SEED;
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = n > 0 ? stk_forecast_explain(&req, &alloc, &ex) : STK_EINVAL;
	memset(nulls, 0, sizeof(nulls));
	snprintf(status, sizeof(status), "%s", status_in);
	if (st != STK_OK)
	{
		stk_check_canceled(st, "stk_forecast_explain");
		snprintf(status, sizeof(status), "failed: %s",
				 n == 0 ? "empty series" : ex.note[0] ? ex.note : stk_status_message(st));
		StatusRow(rsinfo, EXPLAIN_NATTS, status);
		return;
	}
	stk_status_append(status, sizeof(status), ex.note);
	values[0] = CStringGetTextDatum(ex.model);
	values[1] = CStringGetTextDatum(ex.reason);
	values[2] = CStringGetTextDatum(ex.has_class ? stk_demand_class_name(ex.stats.cls) : "");
	nulls[2] = !ex.has_class;
	values[3] = Float8OrNull(ex.level, &nulls[3]);
	values[4] = Float8OrNull(ex.trend, &nulls[4]);
	values[5] = Float8Array(ex.season, ex.nseason);
	nulls[5] = ex.nseason == 0;
	values[6] = Float8OrNull(ex.size, &nulls[6]);
	values[7] = Float8OrNull(ex.interval, &nulls[7]);
	values[8] = Float8OrNull(ex.probability, &nulls[8]);
	values[9] = Float8OrNull(ex.has_class && ex.stats.nonzero > 0 ? ex.stats.adi : NAN, &nulls[9]);
	values[10] = Float8OrNull(ex.has_class && ex.stats.nonzero > 0 ? ex.stats.cv2 : NAN, &nulls[10]);
	values[11] = Float8OrNull(ex.has_class ? ex.stats.zero_share : NAN, &nulls[11]);
	values[12] = Int32GetDatum(ex.period);
	values[13] = CStringGetTextDatum(status[0] ? status : "ok");
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}


/* stk_forecast_explain(y float8[], period int DEFAULT NULL, method text DEFAULT 'auto') */
Datum
stk_forecast_explain_array(PG_FUNCTION_ARGS)
{
	double	   *y;
	int			n,
				period = 0;
	StkMethod	method;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		return (Datum) 0;
	method = stk_method_arg(PG_GETARG_TEXT_PP(2));
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot explain the forecast of an empty series")));
	if (!PG_ARGISNULL(1))
	{
		period = PG_GETARG_INT32(1);
		if (period < 1 || period > n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be between 1 and the series length (%d)", n),
					 errdetail("Got %d.", period)));
	}
	if (stk_method_is_intermittent(method))
		stk_check_demand(y, n, "demand");
	ExplainEmit(fcinfo, y, n, period, method, NULL, "");
	return (Datum) 0;
}

/*
 * stk_forecast_explain(s stokkel.series, period int, method text, event_days
 * date[], event_names text[], event_window int[]): status row on failure.
 */
Datum
stk_forecast_explain_series_fn(PG_FUNCTION_ARGS)
{
	StkEventCalendar cal;
	const char *dropped;
	double	   *y;
	int			n,
				period,
				given = 0;
	StkMethod	method;
	char		status[256];

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		return (Datum) 0;
	method = stk_method_arg(PG_GETARG_TEXT_PP(2));
	if (!PG_ARGISNULL(1))
	{
		given = PG_GETARG_INT32(1);
		if (given < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be at least 1"),
					 errdetail("Got %d.", given)));
	}
	stk_events_arg(fcinfo, 3, method, &cal, &dropped);
	y = SeriesDemand(fcinfo, 1, given, &n, &period, &cal, status, sizeof(status), NULL);
	stk_status_append(status, sizeof(status), dropped);
	ExplainEmit(fcinfo, y, n, period, method, &cal, status);
	return (Datum) 0;
}
