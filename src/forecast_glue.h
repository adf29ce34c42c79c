/*-------------------------------------------------------------------------
 *
 * forecast_glue.h
 *	  Forecasting shared by stk_forecast(series) and stk_forecast_agg.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_FORECAST_GLUE_H
#define STK_FORECAST_GLUE_H

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "utils/array.h"

#include "core/forecast_run.h"
#include "core/series.h"

#define STK_MAX_LEVELS 99

/* Attributes of stokkel.forecast_step. */
#define FORECAST_STEP_NATTS 9

typedef struct StkForecastOpts
{
	int32		horizon;
	int32		period;			/* 0: the calendar's season if history allows */
	StkMethod	method;
	int32		nlevels;
	double		levels[STK_MAX_LEVELS];
} StkForecastOpts;

extern void stk_forecast_opts_check(int32 horizon, text *method, ArrayType *levels,
									StkForecastOpts *opts);
extern void stk_forecast_series(const StkSeriesBuilder *b, const StkForecastOpts *opts,
								const StkEventCalendar *events, const char *events_note,
								const double *regressors, int nregressors,
								void (*emit) (void *arg, Datum *values, bool *nulls),
								void *arg);

extern StkMethod stk_method_arg(text *method);
extern const double *stk_regressors_arg(ArrayType *arr, int rows, int horizon, StkMethod method,
										int *k);
extern void stk_events_arg(FunctionCallInfo fcinfo, int argno, StkMethod method,
						   StkEventCalendar *cal, const char **dropped);
extern void stk_events_arg_all(FunctionCallInfo fcinfo, int argno, StkEventCalendar *cal);
extern char *stk_events_key(FunctionCallInfo fcinfo, int argno, Size *len);
/* The note of stk_events_arg's *dropped. */
extern const char *const stk_events_dropped_note;
extern void stk_forecast_emit_rows(ReturnSetInfo *rsinfo, const StkForecastResult *res,
								   int horizon, int nlevels);

#endif							/* STK_FORECAST_GLUE_H */
