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

#include "utils/date.h"

#include "stokkel.h"
#include "forecast_glue.h"
#include "series_glue.h"

PG_FUNCTION_INFO_V1(stk_forecast_array);
PG_FUNCTION_INFO_V1(stk_forecast_series_fn);
PG_FUNCTION_INFO_V1(stk_event_effects_fn);

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
	StkForecastOpts opts;
	StkForecastRequest req;
	StkForecastResult res;
	StkAllocator alloc;
	StkStatus	st;
	int			horizon;

	/* NULL data or horizon: no rows, as a strict function would give */
	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		return (Datum) 0;

	memset(&opts, 0, sizeof(opts));
	memset(&req, 0, sizeof(req));
	req.y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &req.n, false);
	stk_forecast_opts_check(PG_GETARG_INT32(1), PG_GETARG_TEXT_PP(3),
							PG_GETARG_ARRAYTYPE_P(4), &opts);
	horizon = req.horizon = opts.horizon;
	req.method = opts.method;
	req.levels = opts.levels;
	req.nlevels = opts.nlevels;
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
	if (stk_method_is_intermittent(req.method))
	{
		for (int i = 0; i < req.n; i++)
			if (req.y[i] < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("method \"%s\" needs non-negative demand",
								text_to_cstring(PG_GETARG_TEXT_PP(3))),
						 errdetail("Element %d is %g.", i + 1, req.y[i]),
						 errhint("Intermittent methods (croston, sba, tsb, adida, imapa) forecast "
								 "demand counts; keep returns in a separate series.")));
	}
	req.seed = FORECAST_SEED;

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_forecast_run(&req, &alloc, &res);
	if (st == STK_EINVAL && res.note[0] != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", res.note)));
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast");

	stk_forecast_emit_rows(rsinfo, &res, horizon, req.nlevels);
	stk_forecast_result_free(&res, &alloc);
	return (Datum) 0;
}

/*
 * The rows of stk_forecast (step, point, p10, p50, p90, quantiles, model,
 * status) from a result; shared with stk_forecast_intermittent.
 */
void
stk_forecast_emit_rows(ReturnSetInfo *rsinfo, const StkForecastResult *res,
					   int horizon, int nlevels)
{
	for (int i = 0; i < horizon; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {0};
		Datum	   *q = palloc(sizeof(Datum) * nlevels);

		for (int j = 0; j < nlevels; j++)
			q[j] = Float8GetDatum(res->quantiles[i * nlevels + j]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = Float8GetDatum(res->point[i]);
		values[2] = Float8GetDatum(res->p10_50_90[i * 3]);
		values[3] = Float8GetDatum(res->p10_50_90[i * 3 + 1]);
		values[4] = Float8GetDatum(res->p10_50_90[i * 3 + 2]);
		values[5] = PointerGetDatum(construct_array(q, nlevels, FLOAT8OID, sizeof(float8),
													FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[6] = CStringGetTextDatum(res->model);
		values[7] = CStringGetTextDatum(res->note[0] ? res->note : "ok");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* ---------------------------------------------------------------------
 * Forecasts of stokkel.series values, shared with stk_forecast_agg.
 * ---------------------------------------------------------------------
 */

/* A method name argument (22023 when unknown). */
StkMethod
stk_method_arg(text *method)
{
	char	   *m = text_to_cstring(method);
	StkMethod	res;

	if (!stk_method_parse(m, &res))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown forecasting method \"%s\"", m),
				 errhint("Use one of: %s.", stk_method_names())));
	pfree(m);
	return res;
}

/* Check horizon, method and levels; fill opts. */
void
stk_forecast_opts_check(int32 horizon, text *method, ArrayType *levels,
						StkForecastOpts *opts)
{
	double	   *lv;

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
	opts->horizon = horizon;
	opts->method = stk_method_arg(method);
	lv = LevelsArg(levels, &opts->nlevels);
	if (opts->nlevels > STK_MAX_LEVELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d levels can be asked for", STK_MAX_LEVELS)));
	memcpy(opts->levels, lv, sizeof(double) * opts->nlevels);
}

/*
 * Forecast a series; emit() receives one forecast_step row per step, or a
 * single row with only a status when this series cannot be forecast, so
 * that one bad series never fails a query over many.  regressors: b->len +
 * horizon rows of nregressors values (method prophet), or NULL.
 */
void
stk_forecast_series(const StkSeriesBuilder *b, const StkForecastOpts *opts,
					const StkEventCalendar *events, const char *events_note,
					const double *regressors, int nregressors,
					void (*emit) (void *arg, Datum *values, bool *nulls),
					void *arg)
{
	StkEventCalendar cal;
	Datum		values[FORECAST_STEP_NATTS];
	bool		nulls[FORECAST_STEP_NATTS];
	StkForecastRequest req;
	StkForecastResult res;
	StkAllocator alloc;
	StkStatus	st;
	double	   *y;
	bool	   *masked;
	int			unmasked;
	int			season = stk_season_length(b->freq);
	char		status[256];

	CHECK_FOR_INTERRUPTS();
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	y = palloc(sizeof(double) * Max(b->len, 1));
	masked = palloc(sizeof(bool) * Max(b->len, 1));
	unmasked = stk_builder_model_demand(b, season, &alloc, y);
	stk_builder_masked(b, masked);

	memset(&req, 0, sizeof(req));
	req.y = y;
	req.n = b->len;
	req.horizon = opts->horizon;
	req.method = opts->method;
	req.levels = opts->levels;
	req.nlevels = opts->nlevels;
	req.seed = FORECAST_SEED;
	/* the series' dates (and events), for the methods that use them */
	if (events != NULL)
		cal = *events;
	else
		memset(&cal, 0, sizeof(cal));
	cal.freq = b->freq;
	cal.first = b->first;
	req.calendar = &cal;
	req.regressors = regressors;
	req.nregressors = nregressors;
	req.masked = masked;
	/* the calendar's own season when the history holds two of them */
	req.period = opts->period > 0 ? opts->period : (b->len >= 2 * season ? season : 1);
	status[0] = '\0';
	if (req.period > b->len)
	{
		snprintf(status, sizeof(status), "period %d is longer than the %d periods of history: no season",
				 req.period, b->len);
		req.period = 1;
	}
	if (unmasked == 0 && b->len > 0)
		stk_status_append(status, sizeof(status),
						  "every period is closed or out of stock: forecast from observed sales");
	stk_status_append(status, sizeof(status), events_note);

	memset(nulls, 0, sizeof(nulls));
	res.note[0] = '\0';
	st = b->len > 0 ? stk_forecast_run(&req, &alloc, &res) : STK_EINVAL;
	if (st != STK_OK)
	{
		stk_check_canceled(st, "stk_forecast_series");
		for (int i = 0; i < FORECAST_STEP_NATTS; i++)
			nulls[i] = true;
		snprintf(status, sizeof(status), "failed: %s",
				 b->len == 0 ? "empty series" :
				 res.note[0] != '\0' ? res.note : stk_status_message(st));
		nulls[FORECAST_STEP_NATTS - 1] = false;
		values[FORECAST_STEP_NATTS - 1] = CStringGetTextDatum(status);
		emit(arg, values, nulls);
		pfree(y);
		pfree(masked);
		return;
	}
	stk_status_append(status, sizeof(status), res.note);

	for (int i = 0; i < opts->horizon; i++)
	{
		Datum	   *q = palloc(sizeof(Datum) * opts->nlevels);

		for (int j = 0; j < opts->nlevels; j++)
			q[j] = Float8GetDatum(res.quantiles[i * opts->nlevels + j]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = DateADTGetDatum(stk_period_date(b->freq, b->first + b->len + i));
		values[2] = Float8GetDatum(res.point[i]);
		values[3] = Float8GetDatum(res.p10_50_90[i * 3]);
		values[4] = Float8GetDatum(res.p10_50_90[i * 3 + 1]);
		values[5] = Float8GetDatum(res.p10_50_90[i * 3 + 2]);
		values[6] = PointerGetDatum(construct_array(q, opts->nlevels, FLOAT8OID, sizeof(float8),
													FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		values[7] = CStringGetTextDatum(res.model);
		values[8] = CStringGetTextDatum(status[0] ? status : "ok");
		emit(arg, values, nulls);
		pfree(q);
	}
	stk_forecast_result_free(&res, &alloc);
	pfree(y);
	pfree(masked);
}

/* emit() for set-returning functions: one row into the tuplestore. */
static void
EmitToTuplestore(void *arg, Datum *values, bool *nulls)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* Most events one call takes (a calendar of 2,700 years of days). */
#define STK_MAX_EVENTS 1000000

/* An event's name and position, sorted to give names their ids. */
typedef struct EventKey
{
	char	   *name;
	int			pos;
} EventKey;

static int
event_key_cmp(const void *a, const void *b)
{
	const EventKey *x = a;
	const EventKey *y = b;
	int			c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Runs of one name, by the position of their first event. */
static int
run_first_cmp(const void *a, const void *b, void *arg)
{
	const int  *first = arg;
	int			x = first[*(const int *) a],
				y = first[*(const int *) b];

	return (x > y) - (x < y);
}

/*
 * Events from arguments argno .. argno + 2: event_days date[] and
 * event_names text[] of the same length (both NULL: none), event_window
 * int[] as {days before, days after} (NULL: {7, 1}).  Names become ids
 * 0 .. nnames-1; past max_names distinct names the result is true and the
 * calendar incomplete.
 */
static bool
parse_events(FunctionCallInfo fcinfo, int argno, int max_names,
			 StkEventCalendar *cal)
{
	ArrayType  *darr,
			   *narr;
	Datum	   *days,
			   *names;
	bool	   *dnulls,
			   *nnulls;
	int			ndays,
				nnames;
	int32	   *day_ids,
			   *name_ids;
	EventKey   *keys;
	int		   *first,
			   *order,
			   *rank;
	int			nruns = 0;
	bool		too_many;

	memset(cal, 0, sizeof(*cal));
	cal->days_before = 7;
	cal->days_after = 1;
	if (!PG_ARGISNULL(argno + 2))
	{
		int32	   *w;
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(argno + 2);

		if (ARR_NDIM(arr) > 1 || ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) != 2 ||
			array_contains_nulls(arr))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("event_window must be an array of two integers, days before and days after an event")));
		w = (int32 *) ARR_DATA_PTR(arr);
		for (int i = 0; i < 2; i++)
			if (w[i] < 0 || w[i] > STK_PROPHET_MAX_WINDOW)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("event_window days must be between 0 and %d", STK_PROPHET_MAX_WINDOW),
						 errdetail("Got %d.", w[i])));
		cal->days_before = w[0];
		cal->days_after = w[1];
	}
	if (PG_ARGISNULL(argno) && PG_ARGISNULL(argno + 1))
		return false;
	if (PG_ARGISNULL(argno) || PG_ARGISNULL(argno + 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("event_days and event_names must be given together")));
	darr = PG_GETARG_ARRAYTYPE_P(argno);
	narr = PG_GETARG_ARRAYTYPE_P(argno + 1);
	if (ARR_NDIM(darr) > 1 || ARR_NDIM(narr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("event_days and event_names must be one-dimensional arrays")));
	if (ArrayGetNItems(ARR_NDIM(darr), ARR_DIMS(darr)) > STK_MAX_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d events can be given", STK_MAX_EVENTS)));
	deconstruct_array(darr, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &days, &dnulls, &ndays);
	deconstruct_array(narr, TEXTOID, -1, false, TYPALIGN_INT, &names, &nnulls, &nnames);
	if (ndays != nnames)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("event_days and event_names must have the same length"),
				 errdetail("Got %d days and %d names.", ndays, nnames)));
	day_ids = palloc(sizeof(int32) * Max(ndays, 1));
	name_ids = palloc(sizeof(int32) * Max(ndays, 1));
	keys = palloc(sizeof(EventKey) * Max(ndays, 1));
	for (int i = 0; i < ndays; i++)
	{
		DateADT		d;

		CHECK_FOR_INTERRUPTS();
		if (dnulls[i] || nnulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("event_days and event_names must not contain NULLs"),
					 errdetail("Event %d is NULL.", i + 1)));
		d = DatumGetDateADT(days[i]);
		if (DATE_NOT_FINITE(d))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("event days must be finite dates"),
					 errdetail("Event %d is infinite.", i + 1)));
		day_ids[i] = d;
		keys[i].name = TextDatumGetCString(names[i]);
		keys[i].pos = i;
	}

	/*
	 * Names become ids in the order they first appear: sorted by name then
	 * position, each run of one name starts at its first appearance
	 * (O(n log n); a calendar may hold thousands of names).
	 */
	qsort(keys, ndays, sizeof(EventKey), event_key_cmp);
	first = palloc(sizeof(int) * Max(ndays, 1));
	for (int i = 0; i < ndays; i++)
	{
		if (i == 0 || strcmp(keys[i].name, keys[i - 1].name) != 0)
			first[nruns++] = keys[i].pos;
		name_ids[keys[i].pos] = nruns - 1;	/* run number, for now */
	}
	/* run r's id: how many runs start before its first position */
	order = palloc(sizeof(int) * Max(nruns, 1));
	for (int r = 0; r < nruns; r++)
		order[r] = r;
	qsort_arg(order, nruns, sizeof(int), run_first_cmp, first);
	rank = palloc(sizeof(int) * Max(nruns, 1));
	for (int k = 0; k < nruns; k++)
		rank[order[k]] = k;
	for (int i = 0; i < ndays; i++)
		name_ids[i] = rank[name_ids[i]];
	cal->nnames = Min(nruns, max_names);
	too_many = nruns > max_names;
	cal->days = day_ids;
	cal->names = name_ids;
	cal->nevents = ndays;
	return too_many;
}

const char *const stk_events_dropped_note =
"events not used: more than 64 names or 400 effects (names times window days)";

/*
 * The events of stk_forecast_series and stk_backtest_series, arguments
 * argno .. argno + 2 (parse_events).  Over the model's limits (names, names
 * times window days) method prophet fails with 54000; 'auto', for which the
 * events are an addition, drops them and returns the reason in *dropped.
 */
void
stk_events_arg(FunctionCallInfo fcinfo, int argno, StkMethod method,
			   StkEventCalendar *cal, const char **dropped)
{
	bool		too_many = parse_events(fcinfo, argno, STK_PROPHET_MAX_EVENT_NAMES, cal);

	*dropped = NULL;
	if (too_many && method == STK_METHOD_PROPHET)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d distinct event names can be given",
						STK_PROPHET_MAX_EVENT_NAMES)));
	if (!too_many &&
		cal->nnames * (cal->days_before + cal->days_after + 1) > STK_PROPHET_MAX_EVENT_TERMS)
	{
		too_many = true;
		if (method == STK_METHOD_PROPHET)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many event effects: %d names times a window of %d days",
							cal->nnames, cal->days_before + cal->days_after + 1),
					 errhint("At most %d; shorten event_window or group the events under fewer names.",
							 STK_PROPHET_MAX_EVENT_TERMS)));
	}
	if (too_many)
	{
		cal->nevents = 0;
		*dropped = stk_events_dropped_note;
	}
}

/*
 * The NULL flags and bytes of event arguments argno .. argno + 2, in the
 * current context: what tells two calendars apart (the reorder functions'
 * cache, stk_forecast_agg's check that a group has one calendar).
 */
char *
stk_events_key(FunctionCallInfo fcinfo, int argno, Size *len)
{
	struct varlena *v[3] = {NULL, NULL, NULL};
	Size		n = 3;
	char	   *key,
			   *p;

	for (int a = 0; a < 3; a++)
		if (!PG_ARGISNULL(argno + a))
		{
			v[a] = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno + a));
			n += sizeof(Size) + VARSIZE_ANY_EXHDR(v[a]);
		}
	key = p = palloc_extended(n, MCXT_ALLOC_HUGE);
	for (int a = 0; a < 3; a++)
	{
		*p++ = v[a] == NULL;
		if (v[a] != NULL)
		{
			Size		l = VARSIZE_ANY_EXHDR(v[a]);

			memcpy(p, &l, sizeof(Size));
			memcpy(p + sizeof(Size), VARDATA_ANY(v[a]), l);
			p += sizeof(Size) + l;
		}
	}
	*len = n;
	return key;
}

/*
 * The events as parse_events reads them, without a limit on the names: for
 * a caller whose model takes only some of them (the stock optimiser takes
 * the names whose window reaches its horizon).
 */
void
stk_events_arg_all(FunctionCallInfo fcinfo, int argno, StkEventCalendar *cal)
{
	parse_events(fcinfo, argno, INT_MAX, cal);
}

/*
 * stk_forecast_series(s stokkel.series, horizon int, period int DEFAULT NULL,
 *				method text DEFAULT 'auto', levels float8[] DEFAULT ...,
 *				event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
 *				event_window int[] DEFAULT NULL, regressors float8[] DEFAULT NULL)
 *	RETURNS SETOF stokkel.forecast_step
 */
Datum
stk_forecast_series_fn(PG_FUNCTION_ARGS)
{
	StkSeriesBuilder b;
	StkForecastOpts opts;
	StkEventCalendar events;
	const char *dropped;
	const double *regressors = NULL;
	int			nregressors = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		return (Datum) 0;
	memset(&opts, 0, sizeof(opts));
	stk_forecast_opts_check(PG_GETARG_INT32(1), PG_GETARG_TEXT_PP(3),
							PG_GETARG_ARRAYTYPE_P(4), &opts);
	if (!PG_ARGISNULL(2))
	{
		opts.period = PG_GETARG_INT32(2);
		if (opts.period < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be at least 1"),
					 errdetail("Got %d.", opts.period)));
	}
	stk_events_arg(fcinfo, 5, opts.method, &events, &dropped);
	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	if (!PG_ARGISNULL(8))
		regressors = stk_regressors_arg(PG_GETARG_ARRAYTYPE_P(8), b.len + opts.horizon, opts.horizon,
										opts.method, &nregressors);
	stk_forecast_series(&b, &opts, &events, dropped, regressors, nregressors,
						EmitToTuplestore, fcinfo->resultinfo);
	return (Datum) 0;
}

/*
 * stk_event_effects(y float8[], first_day date, horizon int, event_days
 *				date[], event_names text[], event_window int[] DEFAULT '{7,1}')
 *	RETURNS float8[]
 *
 * The effect of the events on each day of a daily demand history y (y[1] on
 * first_day) and of the horizon days after it, as 'auto' estimates them:
 * the event component of the Prophet-style fit under the tight prior
 * (n + horizon values, 0 where no event).  What the alerts' forecast state
 * takes out of the history and adds to the bands.  No events, too few
 * days, or events over the limits: all zeros.
 */
Datum
stk_event_effects_fn(PG_FUNCTION_ARGS)
{
	double	   *y;
	int			n,
				horizon,
				nterms = 0;
	StkEventCalendar cal;
	const char *dropped;
	StkProphetOptions opts;
	StkAllocator alloc;
	StkStatus	st;
	double	   *eff;
	Datum	   *d;
	DateADT		first;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("y, first_day and horizon must not be null")));
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	first = PG_GETARG_DATEADT(1);
	if (DATE_NOT_FINITE(first))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_day must be a finite date")));
	horizon = PG_GETARG_INT32(2);
	if (horizon < 1 || horizon > STK_MAX_HORIZON)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be between 1 and %d", STK_MAX_HORIZON),
				 errdetail("Got %d.", horizon)));
	stk_events_arg(fcinfo, 3, STK_METHOD_AUTO, &cal, &dropped);
	cal.freq = STK_FREQ_DAY;
	cal.first = stk_period_of_day(STK_FREQ_DAY, first);
	eff = palloc0(sizeof(double) * (size_t) Max(n + horizon, 1));
	if (cal.nevents > 0 && n >= 3)
	{
		stk_pg_allocator(&alloc, CurrentMemoryContext);
		stk_prophet_options_init(&opts);
		opts.cal = &cal;
		opts.holiday_scale = STK_AUTO_EVENT_PRIOR_SCALE;
		st = stk_prophet_event_effects(y, n, horizon, &opts, &alloc, eff, &nterms);
		if (st == STK_ENOMEM || st == STK_ENONFINITE)
			stk_report_status(st, "stk_event_effects");
		stk_check_canceled(st, "stk_event_effects");
		if (st != STK_OK)
			memset(eff, 0, sizeof(double) * (size_t) (n + horizon));
	}
	d = palloc(sizeof(Datum) * (size_t) Max(n + horizon, 1));
	for (int i = 0; i < n + horizon; i++)
		d[i] = Float8GetDatum(eff[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n + horizon, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
