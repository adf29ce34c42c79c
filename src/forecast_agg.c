/*-------------------------------------------------------------------------
 *
 * forecast_agg.c
 *	  stk_forecast_agg: forecast every group of a GROUP BY from its
 *	  (day, quantity) rows, with dates on the output.
 *
 * The state is a series builder plus the forecast options and the events,
 * which the final function cannot see otherwise (aggregated arguments reach
 * it as NULLs).  The options and events are taken from the first row of a
 * group (events that differ on a later row, or in another partial state,
 * are refused) and travel with the state through serialisation, so partial
 * aggregation in parallel workers finishes with the same ones; the
 * deserialiser validates them like any other input.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/primnodes.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "stokkel.h"
#include "core/quantiles.h"
#include "forecast_glue.h"
#include "series_glue.h"

PG_FUNCTION_INFO_V1(stk_forecast_agg_trans);
PG_FUNCTION_INFO_V1(stk_forecast_agg_combine);
PG_FUNCTION_INFO_V1(stk_forecast_agg_serialize);
PG_FUNCTION_INFO_V1(stk_forecast_agg_deserialize);
PG_FUNCTION_INFO_V1(stk_forecast_agg_final);

typedef struct ForecastAggState
{
	StkSeriesBuilder b;
	StkForecastOpts opts;
	/* days and names in the aggregate's context; nevents 0: none */
	StkEventCalendar events;
	bool		events_dropped; /* over the model's limits: 'auto' goes without */
	/* the event arguments' fingerprint; whether rows may differ (not serialised) */
	uint32		ev_hash;
	bool		ev_per_row;
} ForecastAggState;

/*
 * The fingerprint of a row's event arguments (7 to 9), so that every row
 * of a group and every partial state can be checked to carry the same
 * calendar.
 */
static uint32
EventsFingerprint(FunctionCallInfo fcinfo)
{
	Size		len;
	char	   *key = stk_events_key(fcinfo, 7, &len);
	uint32		h = hash_bytes((const unsigned char *) key, (int) len);

	pfree(key);
	return h;
}

/*
 * Can the event arguments differ from row to row?  Not when their
 * expressions read no column of the rows and call nothing volatile (a
 * constant, a parameter, an uncorrelated subquery's value): then one
 * fingerprint per group is enough, else every row's is compared.
 */
static bool
EventsPerRow(FunctionCallInfo fcinfo)
{
	Aggref	   *ag = AggGetAggref(fcinfo);

	if (ag == NULL || list_length(ag->args) < 9)
		return true;
	for (int i = 6; i < 9; i++)
	{
		Node	   *e = (Node *) ((TargetEntry *) list_nth(ag->args, i))->expr;

		if (contain_var_clause(e) || contain_volatile_functions(e) || contain_subplans(e))
			return true;
	}
	return false;
}

static void
EventsDiffer(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("stk_forecast_agg: the events must be the same for all rows of a group"),
			 errhint("Pass the calendar as a constant or a subquery, not as a column that varies.")));
}

/* A copy of the events of src into ctx. */
static void
CopyEvents(MemoryContext ctx, ForecastAggState *dst, const ForecastAggState *src)
{
	int32	   *days,
			   *names;

	dst->events = src->events;
	dst->events_dropped = src->events_dropped;
	if (src->events.nevents == 0)
	{
		dst->events.days = dst->events.names = NULL;
		return;
	}
	days = MemoryContextAlloc(ctx, sizeof(int32) * src->events.nevents);
	names = MemoryContextAlloc(ctx, sizeof(int32) * src->events.nevents);
	memcpy(days, src->events.days, sizeof(int32) * src->events.nevents);
	memcpy(names, src->events.names, sizeof(int32) * src->events.nevents);
	dst->events.days = days;
	dst->events.names = names;
}

#define OPTS_MAGIC 0x53544b46	/* "STKF" */

/*
 * stk_forecast_agg_trans(state, day, qty, horizon int, freq text
 *						  [, method text, levels float8[]
 *						   [, event_days date[], event_names text[],
 *							event_window int[]]])
 */
Datum
stk_forecast_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_forecast_agg_trans");
	ForecastAggState *s = PG_ARGISNULL(0) ? NULL : (ForecastAggState *) PG_GETARG_POINTER(0);
	StkFreq		freq = stk_series_agg_freq(fcinfo, 4);

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("stk_forecast_agg: horizon must not be NULL")));
	if (s == NULL)
	{
		text	   *method;
		ArrayType  *levels;

		s = MemoryContextAllocZero(aggctx, sizeof(ForecastAggState));
		stk_builder_init(&s->b, freq);
		if (PG_NARGS() > 6)
		{
			if (PG_ARGISNULL(5) || PG_ARGISNULL(6))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("stk_forecast_agg: method and levels must not be NULL")));
			method = PG_GETARG_TEXT_PP(5);
			levels = PG_GETARG_ARRAYTYPE_P(6);
		}
		else
		{
			method = cstring_to_text("auto");
			levels = construct_array((Datum[3]) {Float8GetDatum(0.1), Float8GetDatum(0.5),
				Float8GetDatum(0.9)}, 3, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
									 TYPALIGN_DOUBLE);
		}
		stk_forecast_opts_check(PG_GETARG_INT32(3), method, levels, &s->opts);
		if (PG_NARGS() > 9)
		{
			ForecastAggState ev;
			const char *dropped;

			/* read in the row's context, kept in the aggregate's */
			stk_events_arg(fcinfo, 7, s->opts.method, &ev.events, &dropped);
			ev.events_dropped = (dropped != NULL);
			CopyEvents(aggctx, s, &ev);
			s->ev_hash = EventsFingerprint(fcinfo);
			s->ev_per_row = EventsPerRow(fcinfo);
		}
	}
	else
	{
		if (PG_GETARG_INT32(3) != s->opts.horizon)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("stk_forecast_agg: horizon must be the same for all rows of a group")));
		if (PG_NARGS() > 9 && s->ev_per_row && EventsFingerprint(fcinfo) != s->ev_hash)
			EventsDiffer();
	}
	stk_series_agg_add(fcinfo, aggctx, &s->b, freq, -1);
	PG_RETURN_POINTER(s);
}

Datum
stk_forecast_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_forecast_agg_combine");
	ForecastAggState *s1 = PG_ARGISNULL(0) ? NULL : (ForecastAggState *) PG_GETARG_POINTER(0);
	ForecastAggState *s2 = PG_ARGISNULL(1) ? NULL : (ForecastAggState *) PG_GETARG_POINTER(1);
	StkAllocator alloc;
	StkStatus	st;

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
	{
		/* copy, since s2 may belong to another context */
		s1 = MemoryContextAllocZero(aggctx, sizeof(ForecastAggState));
		stk_builder_init(&s1->b, s2->b.freq);
		s1->opts = s2->opts;
		CopyEvents(aggctx, s1, s2);
		s1->ev_hash = s2->ev_hash;
	}
	else if (s1->b.freq != s2->b.freq || s1->opts.horizon != s2->opts.horizon)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stk_forecast_agg: frequency and horizon must be the same for all rows of a group")));
	else if (s1->ev_hash != s2->ev_hash)
		EventsDiffer();
	stk_pg_allocator(&alloc, aggctx);
	st = stk_builder_merge(&s1->b, &alloc, &s2->b, stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast_agg");
	PG_RETURN_POINTER(s1);
}

/*
 * Serialised options: magic, horizon, period, method, nlevels, then the
 * events' nevents, nnames, days before, days after, dropped flag and
 * fingerprint; the levels, the event days and the event names.
 */
#define OPTS_NHDR 11
#define OPTS_HDR (4 * OPTS_NHDR)

Datum
stk_forecast_agg_serialize(PG_FUNCTION_ARGS)
{
	ForecastAggState *s;
	size_t		optsize,
				size;
	bytea	   *out;
	char	   *p;
	int32		hdr[OPTS_NHDR];
	size_t		evsize;

	(void) stk_agg_context(fcinfo, "stk_forecast_agg_serialize");
	s = (ForecastAggState *) PG_GETARG_POINTER(0);
	evsize = sizeof(int32) * 2 * (size_t) s->events.nevents;
	optsize = OPTS_HDR + sizeof(double) * s->opts.nlevels + evsize;
	size = optsize + stk_builder_serial_size(&s->b);
	out = (bytea *) palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	p = VARDATA(out);
	hdr[0] = OPTS_MAGIC;
	hdr[1] = s->opts.horizon;
	hdr[2] = s->opts.period;
	hdr[3] = (int32) s->opts.method;
	hdr[4] = s->opts.nlevels;
	hdr[5] = s->events.nevents;
	hdr[6] = s->events.nnames;
	hdr[7] = s->events.days_before;
	hdr[8] = s->events.days_after;
	hdr[9] = s->events_dropped ? 1 : 0;
	hdr[10] = (int32) s->ev_hash;
	memcpy(p, hdr, OPTS_HDR);
	memcpy(p + OPTS_HDR, s->opts.levels, sizeof(double) * s->opts.nlevels);
	if (s->events.nevents > 0)
	{
		char	   *e = p + OPTS_HDR + sizeof(double) * s->opts.nlevels;

		memcpy(e, s->events.days, sizeof(int32) * s->events.nevents);
		memcpy(e + sizeof(int32) * s->events.nevents, s->events.names,
			   sizeof(int32) * s->events.nevents);
	}
	stk_builder_serialize(&s->b, p + optsize);
	PG_RETURN_BYTEA_P(out);
}

/* Validate options read from a serialised state. */
static bool
OptsValid(const StkForecastOpts *o)
{
	return o->horizon >= 1 && o->horizon <= STK_MAX_HORIZON &&
		o->period >= 0 && o->period <= STK_SERIES_HARD_MAX &&
		(int) o->method >= (int) STK_METHOD_AUTO && (int) o->method <= (int) STK_METHOD_IMAPA &&
		o->nlevels >= 1 && o->nlevels <= STK_MAX_LEVELS &&
		stk_validate_levels(o->levels, o->nlevels) == STK_OK;
}

/*
 * Validate events read from a serialised state: what stk_events_arg can
 * give (names within the model's limits, finite days, a window of at most
 * STK_PROPHET_MAX_WINDOW days each side).
 */
static bool
EventsValid(const StkEventCalendar *c, bool dropped)
{
	if (c->days_before < 0 || c->days_before > STK_PROPHET_MAX_WINDOW ||
		c->days_after < 0 || c->days_after > STK_PROPHET_MAX_WINDOW)
		return false;
	if (c->nevents == 0)
		return c->nnames >= 0 && c->nnames <= STK_PROPHET_MAX_EVENT_NAMES;
	if (dropped || c->nnames < 1 || c->nnames > STK_PROPHET_MAX_EVENT_NAMES ||
		c->nnames * (c->days_before + c->days_after + 1) > STK_PROPHET_MAX_EVENT_TERMS)
		return false;
	for (int i = 0; i < c->nevents; i++)
		if (c->names[i] < 0 || c->names[i] >= c->nnames || !IS_VALID_DATE(c->days[i]))
			return false;
	return true;
}

Datum
stk_forecast_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_forecast_agg_deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	size_t		size = VARSIZE_ANY_EXHDR(in);
	ForecastAggState *s = MemoryContextAllocZero(aggctx, sizeof(ForecastAggState));
	StkAllocator alloc;
	StkStatus	st;
	int32		hdr[OPTS_NHDR];
	size_t		optsize;

	if (size < OPTS_HDR)
		stk_report_status(STK_ECORRUPT, "stk_forecast_agg");
	memcpy(hdr, p, OPTS_HDR);
	if (hdr[0] != OPTS_MAGIC || hdr[4] < 1 || hdr[4] > STK_MAX_LEVELS ||
		hdr[5] < 0 || (size_t) hdr[5] > size / (2 * sizeof(int32)) ||
		(hdr[9] != 0 && hdr[9] != 1))
		stk_report_status(STK_ECORRUPT, "stk_forecast_agg");
	optsize = OPTS_HDR + sizeof(double) * hdr[4] + sizeof(int32) * 2 * (size_t) hdr[5];
	if (size < optsize)
		stk_report_status(STK_ECORRUPT, "stk_forecast_agg");
	s->opts.horizon = hdr[1];
	s->opts.period = hdr[2];
	s->opts.method = (StkMethod) hdr[3];
	s->opts.nlevels = hdr[4];
	memcpy(s->opts.levels, p + OPTS_HDR, sizeof(double) * hdr[4]);
	if (!OptsValid(&s->opts))
		stk_report_status(STK_ECORRUPT, "stk_forecast_agg");
	s->events.nevents = hdr[5];
	s->events.nnames = hdr[6];
	s->events.days_before = hdr[7];
	s->events.days_after = hdr[8];
	s->events_dropped = (hdr[9] == 1);
	s->ev_hash = (uint32) hdr[10];
	if (hdr[5] > 0)
	{
		const char *e = p + OPTS_HDR + sizeof(double) * hdr[4];
		int32	   *days = MemoryContextAlloc(aggctx, sizeof(int32) * hdr[5]);
		int32	   *names = MemoryContextAlloc(aggctx, sizeof(int32) * hdr[5]);

		memcpy(days, e, sizeof(int32) * hdr[5]);
		memcpy(names, e + sizeof(int32) * hdr[5], sizeof(int32) * hdr[5]);
		s->events.days = days;
		s->events.names = names;
	}
	if (!EventsValid(&s->events, s->events_dropped))
		stk_report_status(STK_ECORRUPT, "stk_forecast_agg");
	stk_pg_allocator(&alloc, aggctx);
	st = stk_builder_deserialize(&s->b, &alloc, p + optsize, size - optsize,
								 stk_max_series_length);
	if (st != STK_OK)
		stk_report_status(st, "stk_forecast_agg");
	PG_RETURN_POINTER(s);
}

typedef struct ArrayCollector
{
	TupleDesc	tupdesc;
	Datum	   *elems;
	int			n;
} ArrayCollector;

static void
EmitToArray(void *arg, Datum *values, bool *nulls)
{
	ArrayCollector *c = (ArrayCollector *) arg;

	c->elems[c->n++] = HeapTupleGetDatum(heap_form_tuple(c->tupdesc, values, nulls));
}

/* The final function only reads the state. */
Datum
stk_forecast_agg_final(PG_FUNCTION_ARGS)
{
	ForecastAggState *s;
	Oid			elemtype;
	ArrayCollector c;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	(void) stk_agg_context(fcinfo, "stk_forecast_agg_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (ForecastAggState *) PG_GETARG_POINTER(0);
	elemtype = get_element_type(get_func_rettype(fcinfo->flinfo->fn_oid));
	c.tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));
	if (c.tupdesc->natts != FORECAST_STEP_NATTS)
		elog(ERROR, "stokkel.forecast_step has %d attributes, expected %d",
			 c.tupdesc->natts, FORECAST_STEP_NATTS);
	c.elems = palloc(sizeof(Datum) * s->opts.horizon);
	c.n = 0;
	stk_forecast_series(&s->b, &s->opts, &s->events,
						s->events_dropped ? stk_events_dropped_note : NULL, NULL, 0,
						EmitToArray, &c);
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(c.elems, c.n, elemtype, typlen, typbyval, typalign));
}
