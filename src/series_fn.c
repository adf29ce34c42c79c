/*-------------------------------------------------------------------------
 *
 * series_fn.c
 *	  SQL functions over the stokkel.series type: build from arrays, expand
 *	  to rows, and move partial states as bytea.
 *
 * stokkel.series is a composite (freq, start_date, demand[], returns[],
 * closed[], stockout[], n_rows).  Users can build one by hand, so every
 * function that takes one validates it completely first.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "stokkel.h"
#include "series_glue.h"

PG_FUNCTION_INFO_V1(stk_series_from_arrays);
PG_FUNCTION_INFO_V1(stk_series_expand);
PG_FUNCTION_INFO_V1(stk_series_model_demand);
PG_FUNCTION_INFO_V1(stk_series_state);
PG_FUNCTION_INFO_V1(stk_series_from_state);

/* Attribute numbers of stokkel.series (1-based, as in the SQL type). */
enum
{
	SERIES_FREQ = 1,
	SERIES_START,
	SERIES_DEMAND,
	SERIES_RETURNS,
	SERIES_CLOSED,
	SERIES_STOCKOUT,
	SERIES_NROWS,
	SERIES_NATTS = SERIES_NROWS
};

StkRowKind
stk_row_kind_arg(const char *kind, int kindlen)
{
	char		buf[16];
	bool		ok = false;
	StkRowKind	k = STK_ROW_SALE;

	if (kindlen < (int) sizeof(buf))
	{
		memcpy(buf, kind, kindlen);
		buf[kindlen] = '\0';
		k = stk_row_kind_parse(buf, &ok);
	}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown row kind \"%.*s\"", Min(kindlen, 64), kind),
				 errhint("Use \"sale\", \"return\", \"closed\" or \"stockout\".")));
	return k;
}

int32
stk_day_arg(int32 date)
{
	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("dates of a series must be finite")));
	return date;
}

/* Build a float8[] or bool[] from n values. */
static Datum
Float8Array(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return PointerGetDatum(construct_array(d, n, FLOAT8OID, sizeof(float8),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum
stk_series_to_datum(FunctionCallInfo fcinfo, const StkSeriesBuilder *b)
{
	TupleDesc	tupdesc;
	Datum		values[SERIES_NATTS];
	bool		nulls[SERIES_NATTS] = {0};
	Datum	   *closed,
			   *stockout;
	double	   *dem,
			   *ret;
	int			n = b->len;

	tupdesc = lookup_rowtype_tupdesc_copy(get_func_rettype(fcinfo->flinfo->fn_oid), -1);
	if (tupdesc->natts != SERIES_NATTS)
		elog(ERROR, "stokkel.series has %d attributes, expected %d",
			 tupdesc->natts, SERIES_NATTS);
	tupdesc = BlessTupleDesc(tupdesc);

	dem = palloc(sizeof(double) * Max(n, 1));
	ret = palloc(sizeof(double) * Max(n, 1));
	closed = palloc(sizeof(Datum) * Max(n, 1));
	stockout = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		uint8		f = stk_builder_flags(b, i);

		dem[i] = stk_builder_demand(b, i);
		ret[i] = stk_builder_returns(b, i);
		closed[i] = BoolGetDatum((f & STK_FLAG_CLOSED) != 0);
		stockout[i] = BoolGetDatum((f & STK_FLAG_STOCKOUT) != 0);
	}

	values[SERIES_FREQ - 1] = CStringGetTextDatum(stk_freq_name(b->freq));
	if (n > 0)
		values[SERIES_START - 1] = DateADTGetDatum(stk_period_date(b->freq, b->first));
	else
		nulls[SERIES_START - 1] = true;
	values[SERIES_DEMAND - 1] = Float8Array(dem, n);
	values[SERIES_RETURNS - 1] = Float8Array(ret, n);
	values[SERIES_CLOSED - 1] = PointerGetDatum(construct_array(closed, n, BOOLOID, 1, true, TYPALIGN_CHAR));
	values[SERIES_STOCKOUT - 1] = PointerGetDatum(construct_array(stockout, n, BOOLOID, 1, true, TYPALIGN_CHAR));
	values[SERIES_NROWS - 1] = Int64GetDatum(b->nrows);

	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* Fetch a non-NULL attribute of a series, or complain. */
static Datum
SeriesAttr(HeapTupleHeader tup, int attno, const char *name)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(tup, attno, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("series field \"%s\" must not be NULL", name)));
	return d;
}

/* A series array field: 1-D, n elements, no NULLs. */
static ArrayType *
SeriesArray(HeapTupleHeader tup, int attno, const char *name, int n)
{
	ArrayType  *arr = DatumGetArrayTypeP(SeriesAttr(tup, attno, name));
	int			len = stk_check_1d_array(arr, name, stk_max_series_length);

	if (len != n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("series fields \"demand\" and \"%s\" differ in length", name),
				 errdetail("\"demand\" has %d elements, \"%s\" has %d.", n, name, len)));
	if (array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("series field \"%s\" must not contain NULL elements", name)));
	return arr;
}

void
stk_series_from_datum(HeapTupleHeader tup, StkSeriesBuilder *b)
{
	StkFreq		freq = stk_freq_arg(DatumGetTextPP(SeriesAttr(tup, SERIES_FREQ, "freq")));
	ArrayType  *dem = DatumGetArrayTypeP(SeriesAttr(tup, SERIES_DEMAND, "demand"));
	int			n;
	double	   *dv,
			   *rv;
	bool	   *cv,
			   *sv;
	int64		nrows;
	DateADT		start;
	int64		first;

	dv = stk_float8_array(dem, "demand", &n, false);
	rv = stk_float8_array(SeriesArray(tup, SERIES_RETURNS, "returns", n), "returns", &n, false);
	cv = (bool *) ARR_DATA_PTR(SeriesArray(tup, SERIES_CLOSED, "closed", n));
	sv = (bool *) ARR_DATA_PTR(SeriesArray(tup, SERIES_STOCKOUT, "stockout", n));
	nrows = DatumGetInt64(SeriesAttr(tup, SERIES_NROWS, "n_rows"));
	start = stk_day_arg(DatumGetDateADT(SeriesAttr(tup, SERIES_START, "start_date")));

	if (nrows < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("series field \"n_rows\" must not be negative")));
	first = stk_period_of_day(freq, start);
	if (stk_period_start_day(freq, first) != start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("series start_date is not the first day of a %s", stk_freq_name(freq)),
				 errhint("Weeks start on Monday, months on their first day.")));

	stk_builder_init(b, freq);
	b->nrows = nrows;
	b->len = n;
	b->cap = Max(n, 1);
	b->first = first;
	b->demand = palloc(sizeof(double) * b->cap);
	b->returns = palloc(sizeof(double) * b->cap);
	b->flags = palloc0(b->cap);
	for (int i = 0; i < n; i++)
	{
		if (dv[i] < 0 || rv[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("series demand and returns must not be negative"),
					 errdetail("Period %d has demand %g and returns %g.", i + 1, dv[i], rv[i])));
		b->demand[i] = dv[i];
		b->returns[i] = rv[i];
		b->flags[i] = (cv[i] ? STK_FLAG_CLOSED : 0) | (sv[i] ? STK_FLAG_STOCKOUT : 0);
	}
}

/*
 * stk_series(days date[], qty float8[], freq text [, kinds text[]])
 *		Build a series from parallel arrays whose dates ascend.
 */
Datum
stk_series_from_arrays(PG_FUNCTION_ARGS)
{
	ArrayType  *days_a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *qty_a = PG_GETARG_ARRAYTYPE_P(1);
	StkFreq		freq = stk_freq_arg(PG_GETARG_TEXT_PP(2));
	ArrayType  *kinds_a = PG_NARGS() > 3 ? PG_GETARG_ARRAYTYPE_P(3) : NULL;
	int			n = stk_check_1d_array(days_a, "days", stk_max_series_length);
	int			nq = stk_check_1d_array(qty_a, "quantities", stk_max_series_length);
	Datum	   *dd,
			   *qd,
			   *kd = NULL;
	bool	   *dn,
			   *qn,
			   *kn = NULL;
	int32	   *days;
	double	   *qty;
	StkRowKind *kinds = NULL;
	StkSeriesBuilder b;
	StkAllocator alloc;
	StkStatus	st;
	size_t		bad;

	if (nq != n || (kinds_a && stk_check_1d_array(kinds_a, "kinds", stk_max_series_length) != n))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("days, quantities and kinds must have the same length")));
	deconstruct_array(days_a, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &dd, &dn, &n);
	deconstruct_array(qty_a, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &qd, &qn, &nq);
	if (kinds_a)
		deconstruct_array(kinds_a, TEXTOID, -1, false, TYPALIGN_INT, &kd, &kn, &n);

	days = palloc(sizeof(int32) * Max(n, 1));
	qty = palloc(sizeof(double) * Max(n, 1));
	if (kinds_a)
		kinds = palloc(sizeof(StkRowKind) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		StkRowKind	k = STK_ROW_SALE;

		if (kinds_a && !kn[i])
			k = stk_row_kind_arg(VARDATA_ANY(DatumGetTextPP(kd[i])),
								 VARSIZE_ANY_EXHDR(DatumGetTextPP(kd[i])));
		if (kinds)
			kinds[i] = k;
		if (dn[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("days must not contain NULL elements"),
					 errdetail("Element %d is NULL.", i + 1)));
		days[i] = stk_day_arg(DatumGetDateADT(dd[i]));
		if (qn[i] && (k == STK_ROW_SALE || k == STK_ROW_RETURN))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("quantities must not contain NULL elements"),
					 errdetail("Element %d is NULL.", i + 1)));
		qty[i] = qn[i] ? 0 : DatumGetFloat8(qd[i]);
	}

	stk_builder_init(&b, freq);
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_builder_add_sorted(&b, &alloc, days, qty, kinds, n,
								stk_max_series_length, &bad);
	if (st == STK_EORDER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be in ascending order"),
				 errdetail("Element %zu comes before element %zu.", bad + 1, bad)));
	if (st == STK_ENONFINITE)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("quantities must not contain NaN or infinite values"),
				 errdetail("Element %zu is %g.", bad + 1, qty[bad])));
	if (st != STK_OK)
		stk_report_status(st, "stk_series");
	if (n == 0)
		PG_RETURN_NULL();
	return stk_series_to_datum(fcinfo, &b);
}

/*
 * stk_series_expand(s stokkel.series)
 *		One row per period: period, period_start, demand, returns, closed,
 *		stockout.
 */
Datum
stk_series_expand(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkSeriesBuilder b;

	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < b.len; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {0};
		uint8		f = stk_builder_flags(&b, i);

		values[0] = Int32GetDatum(i + 1);
		values[1] = DateADTGetDatum(stk_period_date(b.freq, b.first + i));
		values[2] = Float8GetDatum(stk_builder_demand(&b, i));
		values[3] = Float8GetDatum(stk_builder_returns(&b, i));
		values[4] = BoolGetDatum((f & STK_FLAG_CLOSED) != 0);
		values[5] = BoolGetDatum((f & STK_FLAG_STOCKOUT) != 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * stk_series_model_demand(s stokkel.series) -> float8[]
 *		The demand the forecasts model, one element per period: observed
 *		demand, except on closed and stock-out periods, where what sold is a
 *		floor of demand, not demand (see stk_builder_model_demand).  For
 *		callers that need the same history as a plain array.
 */
Datum
stk_series_model_demand(PG_FUNCTION_ARGS)
{
	StkSeriesBuilder b;
	StkAllocator alloc;
	double	   *y;

	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	y = palloc(sizeof(double) * Max(b.len, 1));
	stk_builder_model_demand(&b, stk_season_length(b.freq), &alloc, y);
	PG_RETURN_DATUM(Float8Array(y, b.len));
}

/*
 * stk_series_state(s stokkel.series) -> bytea
 *		The aggregate's serialised partial state for a series, so partial
 *		results can be moved between databases and merged later.
 */
Datum
stk_series_state(PG_FUNCTION_ARGS)
{
	StkSeriesBuilder b;
	size_t		size;
	bytea	   *out;

	stk_series_from_datum(PG_GETARG_HEAPTUPLEHEADER(0), &b);
	size = stk_builder_serial_size(&b);
	out = (bytea *) palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	stk_builder_serialize(&b, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/*
 * stk_series_from_state(state bytea) -> stokkel.series
 *		Decode a serialised state through the aggregate's own deserialiser.
 */
Datum
stk_series_from_state(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	StkSeriesBuilder b;
	StkAllocator alloc;
	StkStatus	st;

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_builder_deserialize(&b, &alloc, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in),
								 stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_series_from_state");
	if (b.len == 0)
		PG_RETURN_NULL();
	return stk_series_to_datum(fcinfo, &b);
}
