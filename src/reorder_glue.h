/*-------------------------------------------------------------------------
 *
 * reorder_glue.h
 *	  Argument handling shared by the stock optimiser's SQL functions
 *	  (reorder_fn.c, which defines it, and reorder_pooled.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_REORDER_GLUE_H
#define STK_REORDER_GLUE_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "core/reorder.h"

/*
 * Steps stk_reorder_advice forecasts (for the days of cover; the last one
 * is repeated beyond).  stk_reorder_pooled_price plans with the same
 * horizon, since the 'auto' forecast of the first steps depends on it.
 */
#define STK_REORDER_ADVICE_HORIZON 60

/* A demand history: 1-D float8, no NULL, finite, >= 0, not empty (22023). */
extern double *stk_reorder_history_arg(ArrayType *arr, int *n);

/*
 * Reorder options from the arguments numbered a_*: lead time and sd,
 * review period, target, target type, period, policy, order quantity,
 * method; a number < 0 when the function has no such argument.
 */
extern void stk_reorder_options_args(FunctionCallInfo fcinfo, int a_lead,
									 int a_lead_sd, int a_review, int a_target,
									 int a_type, int a_period, int a_policy,
									 int a_qty, int a_method,
									 StkReorderOptions *opt);

/*
 * The dispersion_prior argument a_prior (NULL: false) into *prior: float8[6]
 * or [7], {b0, b1, A} of the smooth then the erratic class (A Infinity: no
 * line), then the group's level-change threshold (level_threshold, NaN
 * without it); 22023 for another shape or without a shortage price
 * (priced false).
 */
extern bool stk_reorder_prior_arg(FunctionCallInfo fcinfo, int a_prior,
								  bool priced, StkReorderDispersionPrior *prior);

/*
 * The events of a daily history: first_day (argument a_first, the date of
 * y[1]) and event_days, event_names, event_window (the next three), as
 * stk_forecast_series takes them but without its limit on the names (the
 * plan fits only those whose window reaches its protection interval);
 * opt->calendar points at cal when there are any.  A call site keeps the
 * last calendar it read (fn_extra), since a list passes the same one with
 * every product.  22023 events without first_day or with an infinite one,
 * 22008 a history running past the last date.
 */
extern void stk_reorder_events_args(FunctionCallInfo fcinfo, int a_first,
									int n, StkEventCalendar *cal,
									StkReorderOptions *opt);

/* A prior as that float8[7] (stk_reorder_pooled_price's result). */
extern Datum stk_reorder_prior_datum(const StkReorderDispersionPrior *prior);

#endif							/* STK_REORDER_GLUE_H */
