/*-------------------------------------------------------------------------
 *
 * series_agg.c
 *	  The stk_series_agg aggregate: sales rows -> one regular series per group.
 *
 * The state is a core series builder allocated in the aggregate context.
 * It combines and (de)serialises, so PostgreSQL can run the aggregate in
 * parallel workers; the deserialiser validates its input as a recv function
 * would, since a corrupted state must never crash the server.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "stokkel.h"
#include "series_glue.h"

PG_FUNCTION_INFO_V1(stk_series_agg_trans);
PG_FUNCTION_INFO_V1(stk_series_agg_combine);
PG_FUNCTION_INFO_V1(stk_series_agg_serialize);
PG_FUNCTION_INFO_V1(stk_series_agg_deserialize);
PG_FUNCTION_INFO_V1(stk_series_agg_final);

/* Fetch the aggregate memory context, refusing direct SQL calls. */
MemoryContext
stk_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext aggctx;

	if (!AggCheckCallContext(fcinfo, &aggctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	return aggctx;
}

/* Parse a frequency given as text without copying it. */
static StkFreq
FreqFromText(text *t)
{
	char		buf[16];
	int			len = VARSIZE_ANY_EXHDR(t);
	StkFreq		f;

	if (len < (int) sizeof(buf))
	{
		memcpy(buf, VARDATA_ANY(t), len);
		buf[len] = '\0';
		if (stk_freq_parse(buf, &f))
			return f;
	}
	return stk_freq_arg(t);		/* reports the error */
}

/* The frequency argument of a row (day when the aggregate has none). */
StkFreq
stk_series_agg_freq(FunctionCallInfo fcinfo, int freq_arg)
{
	if (freq_arg < 0 || PG_NARGS() <= freq_arg)
		return STK_FREQ_DAY;
	if (PG_ARGISNULL(freq_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("frequency must not be NULL")));
	return FreqFromText(PG_GETARG_TEXT_PP(freq_arg));
}

/*
 * Add the row (day = argument 1, quantity = argument 2, kind = argument
 * kind_arg if present) to a builder of frequency freq in the aggregate
 * context.  Shared by every aggregate that builds a series.
 */
void
stk_series_agg_add(FunctionCallInfo fcinfo, MemoryContext aggctx,
				   StkSeriesBuilder *b, StkFreq freq, int kind_arg)
{
	StkRowKind	kind = STK_ROW_SALE;
	double		qty = 0;
	int32		day;
	StkAllocator alloc;
	StkStatus	st;

	if (kind_arg >= 0 && PG_NARGS() > kind_arg && !PG_ARGISNULL(kind_arg))
	{
		text	   *k = PG_GETARG_TEXT_PP(kind_arg);

		kind = stk_row_kind_arg(VARDATA_ANY(k), VARSIZE_ANY_EXHDR(k));
	}

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("stk_series_agg: date must not be NULL")));
	if (get_fn_expr_argtype(fcinfo->flinfo, 1) == TIMESTAMPTZOID)
		day = DatumGetDateADT(DirectFunctionCall1(timestamptz_date,
												  PG_GETARG_DATUM(1)));
	else
		day = PG_GETARG_DATEADT(1);
	day = stk_day_arg(day);

	if (kind == STK_ROW_SALE || kind == STK_ROW_RETURN)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("stk_series_agg: quantity must not be NULL"),
					 errhint("Filter out or fix rows with a NULL quantity; "
							 "use kind \"closed\" or \"stockout\" to mark periods.")));
		qty = PG_GETARG_FLOAT8(2);
	}

	if (b->freq != freq)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stk_series_agg: frequency must be the same for all rows of a group")));

	stk_pg_allocator(&alloc, aggctx);
	st = stk_builder_add(b, &alloc, day, qty, kind, stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_series_agg");
}

/*
 * stk_series_agg_trans(state, day date|timestamptz, qty float8
 *						[, freq text [, kind text]])
 */
Datum
stk_series_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_series_agg_trans");
	StkSeriesBuilder *b = PG_ARGISNULL(0) ? NULL : (StkSeriesBuilder *) PG_GETARG_POINTER(0);
	StkFreq		freq = stk_series_agg_freq(fcinfo, 3);

	if (b == NULL)
	{
		b = MemoryContextAllocZero(aggctx, sizeof(StkSeriesBuilder));
		stk_builder_init(b, freq);
	}
	stk_series_agg_add(fcinfo, aggctx, b, freq, 4);
	PG_RETURN_POINTER(b);
}

/* Merge two partial states; the result always lives in the aggregate context. */
Datum
stk_series_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_series_agg_combine");
	StkSeriesBuilder *b1 = PG_ARGISNULL(0) ? NULL : (StkSeriesBuilder *) PG_GETARG_POINTER(0);
	StkSeriesBuilder *b2 = PG_ARGISNULL(1) ? NULL : (StkSeriesBuilder *) PG_GETARG_POINTER(1);
	StkAllocator alloc;
	StkStatus	st;

	if (b2 == NULL)
	{
		if (b1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(b1);
	}
	stk_pg_allocator(&alloc, aggctx);
	if (b1 == NULL)
	{
		/* Copy rather than adopt: b2 may belong to another context. */
		b1 = MemoryContextAllocZero(aggctx, sizeof(StkSeriesBuilder));
		stk_builder_init(b1, b2->freq);
	}
	else if (b1->freq != b2->freq)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stk_series_agg: frequency must be the same for all rows of a group")));
	st = stk_builder_merge(b1, &alloc, b2, stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_series_agg");
	PG_RETURN_POINTER(b1);
}

Datum
stk_series_agg_serialize(PG_FUNCTION_ARGS)
{
	StkSeriesBuilder *b;
	size_t		size;
	bytea	   *out;

	(void) stk_agg_context(fcinfo, "stk_series_agg_serialize");
	b = (StkSeriesBuilder *) PG_GETARG_POINTER(0);
	size = stk_builder_serial_size(b);
	out = (bytea *) palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	stk_builder_serialize(b, VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

Datum
stk_series_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_series_agg_deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	StkSeriesBuilder *b = MemoryContextAllocZero(aggctx, sizeof(StkSeriesBuilder));
	StkAllocator alloc;
	StkStatus	st;

	stk_pg_allocator(&alloc, aggctx);
	st = stk_builder_deserialize(b, &alloc, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in),
								 stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_series_agg");
	PG_RETURN_POINTER(b);
}

/* The final function only reads the state, so window use is safe. */
Datum
stk_series_agg_final(PG_FUNCTION_ARGS)
{
	(void) stk_agg_context(fcinfo, "stk_series_agg_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return stk_series_to_datum(fcinfo, (StkSeriesBuilder *) PG_GETARG_POINTER(0));
}
