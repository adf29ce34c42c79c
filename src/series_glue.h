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

#include "core/series.h"

/* Build a stokkel.series composite datum (the type fn returns) from b. */
extern Datum stk_series_to_datum(FunctionCallInfo fcinfo, const StkSeriesBuilder *b);

/* Validate a stokkel.series composite and load it into b (palloc'd). */
extern void stk_series_from_datum(HeapTupleHeader tup, StkSeriesBuilder *b);

/* Row kind and quantity of one input row, checked; returns the kind. */
extern StkRowKind stk_row_kind_arg(const char *kind, int kindlen);

/* Day number of a date argument, refusing infinite dates. */
extern int32 stk_day_arg(int32 date);

#endif							/* STK_SERIES_GLUE_H */
