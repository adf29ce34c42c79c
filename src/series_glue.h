/*-------------------------------------------------------------------------
 *
 * series_glue.h
 *	  Conversions between the core series builder and SQL values.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_SERIES_GLUE_H
#define STK_SERIES_GLUE_H

#include "fmgr.h"
#include "access/htup.h"
#include "utils/palloc.h"

#include "core/series.h"

/* Build a stokkel.series composite datum (the type fn returns) from b. */
extern Datum stk_series_to_datum(FunctionCallInfo fcinfo, const StkSeriesBuilder *b);

/* Validate a stokkel.series composite and load it into b (palloc'd). */
extern void stk_series_from_datum(HeapTupleHeader tup, StkSeriesBuilder *b);

/* Row kind and quantity of one input row, checked; returns the kind. */
extern StkRowKind stk_row_kind_arg(const char *kind, int kindlen);

/* Day number of a date argument, refusing infinite dates. */
extern int32 stk_day_arg(int32 date);

/* Aggregate helpers shared by the aggregates that build series. */
extern MemoryContext stk_agg_context(FunctionCallInfo fcinfo, const char *fname);
extern StkFreq stk_series_agg_freq(FunctionCallInfo fcinfo, int freq_arg);
extern void stk_series_agg_add(FunctionCallInfo fcinfo, MemoryContext aggctx,
							   StkSeriesBuilder *b, StkFreq freq, int kind_arg);

#endif							/* STK_SERIES_GLUE_H */
