/*-------------------------------------------------------------------------
 *
 * fstate_fn.c
 *	  SQL functions over the per-product forecast state (core/fstate.h):
 *	  stk_fstate_fit, stk_fstate_step, stk_fstate_forecast and
 *	  stk_fstate_stockout_prob.  The alert triggers (src/alerts.sql) call
 *	  them on the state table's rows.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"

#include "stokkel.h"
#include "core/fstate.h"

PG_FUNCTION_INFO_V1(stk_fstate_fit_fn);
PG_FUNCTION_INFO_V1(stk_fstate_step_fn);
PG_FUNCTION_INFO_V1(stk_fstate_forecast_fn);
PG_FUNCTION_INFO_V1(stk_fstate_stockout_prob_fn);

#define FSTATE_FIT_NATTS 7
#define FSTATE_STEP_NATTS 15

/* A tail probability argument: in (0, 0.5]. */
static double
TailArg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	double		p;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
	p = PG_GETARG_FLOAT8(argno);
	if (!(p > 0 && p <= 0.5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must lie in (0, 0.5], not %g", name, p)));
	return p;
}

/* The packed state argument, unpacked and validated. */
static void
StateArg(ArrayType *arr, StkFState *st)
{
	int			n;
	double	   *v = stk_float8_array(arr, "state", &n, true);
	StkStatus	status;

	if (n > STK_FSTATE_MAXLEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("forecast state has %d elements, at most %d expected",
						n, STK_FSTATE_MAXLEN)));
	status = stk_fstate_unpack(v, n, st);
	if (status != STK_OK)
		stk_report_status(status, "forecast state");
}

static ArrayType *
PackState(const StkFState *st)
{
	double		v[STK_FSTATE_MAXLEN];
	int			n = stk_fstate_pack(st, v);
	Datum	   *d = palloc(sizeof(Datum) * n);

	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/* The model's parameters as a jsonb object, for people reading the table. */
static Datum
ParamsJson(const StkFState *st)
{
	StringInfoData s;

	initStringInfo(&s);
	if (st->kind == STK_FS_ETS)
		appendStringInfo(&s, "{\"alpha\": %.17g, \"gamma\": %.17g, \"period\": %d, \"sigma2\": %.17g}",
						 st->ets.alpha, st->ets.season == 'A' ? st->ets.gamma : 0,
						 st->ets.m, st->ets.sigma2);
	else
		appendStringInfo(&s, "{\"alpha\": %.17g, \"alpha_interval\": %.17g, \"sigma2\": %.17g}",
						 st->im.alpha, st->im.alpha_interval, st->im.sigma2);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data));
}

static TupleDesc
ResultDesc(FunctionCallInfo fcinfo, int natts)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE ||
		desc->natts != natts)
		elog(ERROR, "return type must be a row type with %d columns", natts);
	return BlessTupleDesc(desc);
}

/*
 * stk_fstate_fit(y float8[], p_lo float8, p_hi float8)
 *	RETURNS (model text, params jsonb, state float8[], mean float8,
 *			 band_lo float8, band_hi float8, p_zero float8)
 *
 * Fit a state to a daily history (oldest first, days without sales as 0)
 * and give the band of the next day.
 */
Datum
stk_fstate_fit_fn(PG_FUNCTION_ARGS)
{
	TupleDesc	desc = ResultDesc(fcinfo, FSTATE_FIT_NATTS);
	double	   *y;
	int			n;
	double		p_lo,
				p_hi,
				open_lift;
	StkAllocator a;
	StkFState	st;
	StkFBand	band;
	StkStatus	status;
	Datum		values[FSTATE_FIT_NATTS];
	bool		nulls[FSTATE_FIT_NATTS] = {0};

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("y must not be null")));
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	p_lo = TailArg(fcinfo, 1, "p_lo");
	p_hi = TailArg(fcinfo, 2, "p_hi");
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a forecast state needs at least 2 days of history, got %d", n)));
	for (int i = 0; i < n; i++)
		if (y[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("daily demand must not be negative"),
					 errdetail("Element %d is %g.", i + 1, y[i])));

	stk_pg_allocator(&a, CurrentMemoryContext);
	status = stk_fstate_fit(y, n, &a, &st);
	if (status != STK_OK)
		stk_report_status(status, "stk_fstate_fit");
	open_lift = PG_NARGS() > 3 && !PG_ARGISNULL(3) ? PG_GETARG_FLOAT8(3) : 0;
	if (!isfinite(open_lift))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("open_lift must be finite")));
	status = stk_fstate_band_lift(&st, open_lift, p_lo, p_hi, &a, &band);
	if (status != STK_OK)
		stk_report_status(status, "stk_fstate_fit");

	values[0] = CStringGetTextDatum(stk_fstate_model_name(&st));
	values[1] = ParamsJson(&st);
	values[2] = PointerGetDatum(PackState(&st));
	values[3] = Float8GetDatum(band.mean);
	values[4] = Float8GetDatum(band.lo);
	values[5] = Float8GetDatum(band.hi);
	values[6] = Float8GetDatum(band.p_zero);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * Lifts from lift_days date[] and lift_qtys float8[] (arguments argno and
 * argno + 1; both NULL: none): same length, no NULLs, finite, at most
 * STK_FLIFTS_MAX.
 */
static bool
LiftsArg(FunctionCallInfo fcinfo, int argno, StkFLifts *l)
{
	ArrayType  *da;
	int			n,
				nq;

	memset(l, 0, sizeof(*l));
	if (PG_NARGS() <= argno + 1 || (PG_ARGISNULL(argno) && PG_ARGISNULL(argno + 1)))
		return false;
	if (PG_ARGISNULL(argno) || PG_ARGISNULL(argno + 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lift_days and lift_qtys must be given together")));
	da = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_ELEMTYPE(da) != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("lift_days must be an array of date")));
	n = stk_check_1d_array(da, "lift_days", STK_FLIFTS_MAX);
	l->qty = stk_float8_array(PG_GETARG_ARRAYTYPE_P(argno + 1), "lift_qtys", &nq, false);
	if (n != nq)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("lift_days and lift_qtys must have the same length (%d and %d)", n, nq)));
	if (n > 0 && array_contains_nulls(da))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lift_days must not contain NULL elements")));
	l->day = n > 0 ? (int32 *) ARR_DATA_PTR(da) : NULL;
	for (int i = 0; i < n; i++)
		if (DATE_NOT_FINITE(l->day[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lift_days must be finite dates")));
	l->n = n;
	return n > 0;
}

static int32
DayOrNone(FunctionCallInfo fcinfo, int argno)
{
	DateADT		d;

	if (PG_ARGISNULL(argno))
		return STK_FS_NO_DAY;
	d = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be finite dates")));
	return d;
}

/*
 * stk_fstate_step(state float8[], open_day date, open_qty float8,
 *				   last_sale_day date, updates bigint, days date[],
 *				   qtys float8[], p_lo float8, p_hi float8, band float8[])
 *	RETURNS (state, open_day, open_qty, last_sale_day, updates, mean,
 *			 band_lo, band_hi, p_zero, spike_day, spike_qty, spike_band,
 *			 drop_day, drop_qty, drop_band)
 *
 * Fold a statement's sales days (ascending, one entry per day) into a
 * state row: O(1) per day, plus the days without sales in between.  A NULL
 * state (no model fitted yet) only tracks the days.  band, when given, is
 * the open day's stored {mean, lo, hi, p_zero}: it is used as is instead of
 * being computed again (the state has not moved since it was computed).
 */
Datum
stk_fstate_step_fn(PG_FUNCTION_ARGS)
{
	TupleDesc	desc = ResultDesc(fcinfo, FSTATE_STEP_NATTS);
	StkFState	st;
	bool		has_model = !PG_ARGISNULL(0);
	StkFDays	d;
	ArrayType  *days_arr,
			   *qty_arr;
	int			n,
				nq;
	int32	   *days;
	double	   *qty;
	double		p_lo,
				p_hi;
	bool		have_band = false;
	StkFLifts	lifts;
	bool		has_lifts;
	StkAllocator a;
	StkStatus	status;
	Datum		values[FSTATE_STEP_NATTS];
	bool		nulls[FSTATE_STEP_NATTS] = {0};

	if (has_model)
		StateArg(PG_GETARG_ARRAYTYPE_P(0), &st);
	memset(&d, 0, sizeof(d));
	d.open_day = DayOrNone(fcinfo, 1);
	d.open_qty = PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2);
	if (!isfinite(d.open_qty))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("open_qty must be finite")));
	d.last_sale_day = DayOrNone(fcinfo, 3);
	d.updates = PG_ARGISNULL(4) ? 0 : PG_GETARG_INT64(4);
	if (PG_ARGISNULL(5) || PG_ARGISNULL(6))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("days and qtys must not be null")));
	days_arr = PG_GETARG_ARRAYTYPE_P(5);
	qty_arr = PG_GETARG_ARRAYTYPE_P(6);
	if (ARR_ELEMTYPE(days_arr) != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("days must be an array of date")));
	n = stk_check_1d_array(days_arr, "days", stk_max_series_length);
	qty = stk_float8_array(qty_arr, "qtys", &nq, false);
	if (n != nq)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("days and qtys must have the same length (%d and %d)", n, nq)));
	if (n > 0 && array_contains_nulls(days_arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("days must not contain NULL elements")));
	days = n > 0 ? (int32 *) ARR_DATA_PTR(days_arr) : NULL;
	for (int i = 0; i < n; i++)
		if (DATE_NOT_FINITE(days[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("days must be finite dates")));
	p_lo = TailArg(fcinfo, 7, "p_lo");
	p_hi = TailArg(fcinfo, 8, "p_hi");
	if (!PG_ARGISNULL(9) && has_model && d.open_day != STK_FS_NO_DAY)
	{
		int			nb;
		double	   *b = stk_float8_array(PG_GETARG_ARRAYTYPE_P(9), "band", &nb, false);

		if (nb != 4 || b[0] < 0 || b[1] < 0 || b[2] < b[1] || b[3] < 0 || b[3] > 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("band must be {mean, lo, hi, p_zero} with 0 <= lo <= hi and p_zero in [0, 1]")));
		d.band.mean = b[0];
		d.band.lo = b[1];
		d.band.hi = b[2];
		d.band.p_zero = b[3];
		have_band = true;
	}

	has_lifts = LiftsArg(fcinfo, 10, &lifts);
	stk_pg_allocator(&a, CurrentMemoryContext);
	status = stk_fstate_apply(has_model ? &st : NULL, &d, days, qty, n,
							  p_lo, p_hi, have_band, has_lifts ? &lifts : NULL, &a);
	if (status == STK_EORDER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be strictly ascending")));
	if (status != STK_OK)
		stk_report_status(status, "stk_fstate_step");

	if (has_model)
		values[0] = PointerGetDatum(PackState(&st));
	else
		nulls[0] = true;
	values[1] = DateADTGetDatum(d.open_day);
	nulls[1] = d.open_day == STK_FS_NO_DAY;
	values[2] = Float8GetDatum(d.open_qty);
	values[3] = DateADTGetDatum(d.last_sale_day);
	nulls[3] = d.last_sale_day == STK_FS_NO_DAY;
	values[4] = Int64GetDatum(d.updates);
	values[5] = Float8GetDatum(d.band.mean);
	values[6] = Float8GetDatum(d.band.lo);
	values[7] = Float8GetDatum(d.band.hi);
	values[8] = Float8GetDatum(d.band.p_zero);
	for (int i = 5; i <= 8; i++)
		nulls[i] = !has_model || d.open_day == STK_FS_NO_DAY;
	values[9] = DateADTGetDatum(d.spike_day);
	values[10] = Float8GetDatum(d.spike_qty);
	values[11] = Float8GetDatum(d.spike_band);
	nulls[9] = nulls[10] = nulls[11] = d.spike_day == STK_FS_NO_DAY;
	values[12] = DateADTGetDatum(d.drop_day);
	values[13] = Float8GetDatum(d.drop_qty);
	values[14] = Float8GetDatum(d.drop_band);
	nulls[12] = nulls[13] = nulls[14] = d.drop_day == STK_FS_NO_DAY;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * stk_fstate_forecast(state float8[], horizon int)
 *	RETURNS TABLE(step int, mean float8)
 *
 * Point forecasts served from the stored state, no refit.
 */
Datum
stk_fstate_forecast_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkFState	st;
	int32		horizon = PG_GETARG_INT32(1);

	StateArg(PG_GETARG_ARRAYTYPE_P(0), &st);
	if (horizon < 1 || horizon > STK_FSTATE_MAX_GAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must lie in 1..%d, not %d", STK_FSTATE_MAX_GAP, horizon)));
	InitMaterializedSRF(fcinfo, 0);
	for (int h = 1; h <= horizon; h++)
	{
		Datum		values[2];
		bool		nulls[2] = {0};

		values[0] = Int32GetDatum(h);
		values[1] = Float8GetDatum(stk_fstate_mean(&st, h));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * stk_fstate_stockout_prob(state float8[], on_hand float8, days int,
 *							first_step int)
 *	RETURNS float8
 */
Datum
stk_fstate_stockout_prob_fn(PG_FUNCTION_ARGS)
{
	StkFState	st;
	double		on_hand = PG_GETARG_FLOAT8(1);
	int32		days = PG_GETARG_INT32(2);
	int32		first = PG_GETARG_INT32(3);
	double		prob;
	StkStatus	status;

	StateArg(PG_GETARG_ARRAYTYPE_P(0), &st);
	if (!isfinite(on_hand))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("on_hand must be finite")));
	if (days < 1 || days > STK_FSTATE_MAX_GAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must lie in 1..%d, not %d", STK_FSTATE_MAX_GAP, days)));
	if (first < 1 || first > STK_FSTATE_MAX_GAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_step must lie in 1..%d, not %d", STK_FSTATE_MAX_GAP, first)));
	status = stk_fstate_stockout_prob(&st, on_hand, first, days, &prob);
	if (status != STK_OK)
		stk_report_status(status, "stk_fstate_stockout_prob");
	PG_RETURN_FLOAT8(prob);
}
