/*-------------------------------------------------------------------------
 *
 * stokkel.h
 *	  Declarations shared by Stokkel's PostgreSQL glue.
 *
 * The glue validates arguments, converts them for the numerical core in
 * src/core, maps core statuses to ereport()s with a SQLSTATE, and is the
 * only code that touches memory contexts, SPI or the catalogs.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STOKKEL_H
#define STOKKEL_H

#include "postgres.h"

#include "utils/array.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/palloc.h"

#include "core/stk_core.h"
#include "core/calendar.h"

/* GUC variables (stokkel.c) */
extern int	stk_max_series_length;
extern int	stk_xlsx_max_member_kb;

/* An allocator for the core that pallocs in the given memory context. */
extern void stk_pg_allocator(StkAllocator *a, MemoryContext cxt);

/* ereport a core status as an error; what names the failing operation. */
extern void stk_report_status(StkStatus status, const char *what) pg_attribute_noreturn();
/*
 * Where a failure becomes a status row instead of an error: a computation
 * the core stopped for a pending cancel raises it now (never a status row).
 */
static inline void
stk_check_canceled(StkStatus status, const char *what)
{
	if (status == STK_ECANCELED)
		stk_report_status(status, what);
}

/* Append a note (NULL or "": nothing) to a status line, "; "-separated. */
extern void stk_status_append(char *status, size_t size, const char *note);

/* The first day of a period as a date; 22008 outside PostgreSQL's dates. */
extern DateADT stk_period_date(StkFreq freq, int64 period);

/* Frequency argument, checked. */
extern StkFreq stk_freq_arg(text *freq);

/*
 * Deconstruct a 1-D float8 array argument.  NULL elements are refused
 * (22004), as are NaN and infinities (22000) unless allow_nonfinite.
 */
extern double *stk_float8_array(ArrayType *arr, const char *argname, int *n,
								bool allow_nonfinite);
/* Demand counts: 22023 at the first negative element of y (argname names it). */
extern void stk_check_demand(const double *y, int n, const char *argname);

/* Check a 1-D array's shape and length; returns its length. */
extern int	stk_check_1d_array(ArrayType *arr, const char *argname, int max_len);

/* A member of a JSON object of the given type, or 22023 naming what. */
extern JsonbValue *stk_json_member(JsonbContainer *obj, const char *key,
								   enum jbvType type, const char *what);

#endif							/* STOKKEL_H */
