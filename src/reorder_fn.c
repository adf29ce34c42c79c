/*-------------------------------------------------------------------------
 *
 * reorder_fn.c
 *	  Stock levels from a demand history (stk_reorder_policy) and a
 *	  product's order advice (stk_reorder_advice), over src/core/reorder.c.
 *
 * Errors follow inventory_fn.c (shared checks in inventory_glue.h): NaN
 * or infinity 22000; a value out of range (service level outside (0,1),
 * negative lead time or sd, a review period that is not a whole number of
 * periods >= 1, moq <= 0, a pack size that is not a whole number of units
 * >= 1, unknown target_type, policy or method) 22023; an empty history
 * 22023 ("no history"); a NULL element 22004; negative demand 22023;
 * events without first_day, or an infinite one, 22023; the events'
 * own errors as stk_forecast_series's, less its limit on the names
 * (stk_events_arg_all).
 * stk_reorder_advice, meant to run over many products, reports a failure
 * of the computation on one product's data in its status column instead
 * of failing the query.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

#include "stokkel.h"
#include "core/reorder.h"
#include "forecast_glue.h"
#include "inventory_glue.h"
#include "reorder_glue.h"

PG_FUNCTION_INFO_V1(stk_reorder_policy_fn);
PG_FUNCTION_INFO_V1(stk_reorder_advice_fn);

/* Most lots a recommendation is cut into for the cash budget. */
#define ADVICE_MAX_LOTS 50

/* Return NULL from the calling function if any of the listed args is NULL. */
static bool
any_null(FunctionCallInfo fcinfo, const int *args, int n)
{
	for (int i = 0; i < n; i++)
		if (PG_ARGISNULL(args[i]))
			return true;
	return false;
}

/* The demand history: 1-D float8, no NULL, finite, >= 0, not empty. */
double *
stk_reorder_history_arg(ArrayType *arr, int *n)
{
	double	   *y = stk_float8_array(arr, "y", n, false);

	if (*n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no history: y is empty"),
				 errhint("Pass the demand per period, oldest first; days without sales are 0.")));
	for (int i = 0; i < *n; i++)
		if (y[i] < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("demand must not be negative"),
					 errdetail("Element %d is %g.", i + 1, y[i]),
					 errhint("Keep returns out of the demand series.")));
	return y;
}

/*
 * The options shared by the functions, from their arguments: lead time
 * and sd, review period, target and type, period (may be NULL), policy,
 * order quantity (may be NULL), method.  An argument number < 0 means the
 * function has no such argument: fill rate, period detected, RS, no
 * order quantity.
 */
void
stk_reorder_options_args(FunctionCallInfo fcinfo, int a_lead, int a_lead_sd,
						 int a_review, int a_target, int a_type, int a_period,
						 int a_policy, int a_qty, int a_method,
						 StkReorderOptions *opt)
{
	double		lead = PG_GETARG_FLOAT8(a_lead);
	double		lead_sd = PG_GETARG_FLOAT8(a_lead_sd);
	double		review = PG_GETARG_FLOAT8(a_review);
	char	   *method = text_to_cstring(PG_GETARG_TEXT_PP(a_method));

	stk_reorder_options_default(opt);
	stk_inv_check_nonneg(lead, "lead_time");
	stk_inv_check_nonneg(lead_sd, "lead_time_sd");
	if (lead + 6.0 * lead_sd > STK_REORDER_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lead_time + 6 lead_time_sd must be at most %d periods",
						STK_REORDER_MAX_PERIODS),
				 errdetail("Got lead_time %g, lead_time_sd %g.", lead, lead_sd)));
	stk_inv_check_finite(review, "review_period");
	if (!(review >= 1.0) || review != floor(review) ||
		review > STK_REORDER_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("review_period must be a whole number of periods between 1 and %d",
						STK_REORDER_MAX_PERIODS),
				 errdetail("Got %g.", review)));
	stk_inv_check_target(PG_GETARG_FLOAT8(a_target));
	opt->lead_mean = lead;
	opt->lead_sd = lead_sd;
	opt->review = (int) review;
	opt->target = PG_GETARG_FLOAT8(a_target);
	if (a_type >= 0)
		opt->type = stk_inv_target_type_arg(PG_GETARG_TEXT_PP(a_type));
	if (a_policy >= 0)
		opt->policy = stk_inv_policy_arg(PG_GETARG_TEXT_PP(a_policy));
	if (a_period >= 0 && !PG_ARGISNULL(a_period))
	{
		int32		p = PG_GETARG_INT32(a_period);

		if (p < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period must be at least 1"),
					 errdetail("Got %d.", p),
					 errhint("Pass NULL to detect the seasonal period.")));
		opt->period = p;
	}
	if (a_qty >= 0 && !PG_ARGISNULL(a_qty))
	{
		double		q = PG_GETARG_FLOAT8(a_qty);

		stk_inv_check_positive(q, "order_quantity");
		if (q > STK_REORDER_MAX_QTY)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("order_quantity must be at most %g units", STK_REORDER_MAX_QTY),
					 errdetail("Got %g.", q)));
		if (opt->policy == STK_POLICY_RS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("policy RS does not use order_quantity"),
					 errhint("sQ orders multiples of it; sS and RsS use it as S - s.")));
		opt->order_qty = q;
	}
	if (!stk_method_parse(method, &opt->method))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown forecasting method \"%s\"", method),
				 errhint("Use one of: %s.", stk_method_names())));
}

/* An error of the core on the data, as a message (for a status). */
static const char *
plan_failure(StkStatus st)
{
	if (st == STK_ETOOBIG)
		return "demand over the protection interval too large for the discrete model";
	return stk_status_message(st);
}

/*
 * The shortage_price argument (a_price; NULL: none): the price of a unit
 * short of a pooled fill-rate target (stk_reorder_pooled_price), finite and
 * >= 0, for policy RS and a fill-rate target only.  Returns whether given.
 */
static bool
price_arg(FunctionCallInfo fcinfo, int a_price, const StkReorderOptions *opt,
		  double *price)
{
	if (PG_ARGISNULL(a_price))
		return false;
	*price = PG_GETARG_FLOAT8(a_price);
	stk_inv_check_nonneg(*price, "shortage_price");
	if (opt->policy != STK_POLICY_RS || opt->type != STK_SERVICE_FILL_RATE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a pooled fill rate (shortage_price, target_scope pooled) needs policy RS and target_type fill_rate"),
				 errhint("The pooled levels are order-up-to levels for a fill-rate target.")));
	return true;
}

/*
 * The dispersion_prior argument (a_prior; NULL: none), the lines of
 * stk_reorder_pooled_price's result: {b0, b1, A} for the smooth class then
 * the erratic class, b0 and b1 finite, A >= 0 or Infinity (no line: the
 * estimates stay as measured), then optionally the group's level-change
 * threshold, a p-value in [0, 1] (reorder.h, stk_reorder_level_threshold;
 * the caller sets the options' level_p_group from it before planning).
 * It belongs to a shortage price (22023 without one).  Returns whether given.
 */
bool
stk_reorder_prior_arg(FunctionCallInfo fcinfo, int a_prior, bool priced,
					  StkReorderDispersionPrior *prior)
{
	double	   *v;
	int			n;

	memset(prior, 0, sizeof(*prior));
	if (PG_ARGISNULL(a_prior))
		return false;
	prior->level_threshold = NAN;
	v = stk_float8_array(PG_GETARG_ARRAYTYPE_P(a_prior), "dispersion_prior", &n, true);
	if (n != 6 && n != 7)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dispersion_prior must have 6 or 7 elements"),
				 errdetail("Got %d.", n),
				 errhint("Pass the dispersion_prior of stk_reorder_pooled_price's result.")));
	for (int c = 0; c < 2; c++)
	{
		const double *l = v + 3 * c;

		if (!isfinite(l[0]) || !isfinite(l[1]) || !(l[2] >= 0.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dispersion_prior must hold a finite intercept and slope and a between-item variance >= 0 (or Infinity) per class"),
					 errdetail("Got {%g, %g, %g}.", l[0], l[1], l[2])));
		prior->line[c].fitted = isfinite(l[2]);
		prior->line[c].b0 = l[0];
		prior->line[c].b1 = l[1];
		prior->line[c].between = l[2];
	}
	if (n == 7)
	{
		if (!(v[6] >= 0.0 && v[6] <= 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dispersion_prior's level-change threshold must be between 0 and 1"),
					 errdetail("Got %g.", v[6])));
		prior->level_threshold = v[6];
	}
	if (!priced)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dispersion_prior needs shortage_price"),
				 errhint("Both come from stk_reorder_pooled_price over the same group.")));
	return true;
}

/* A prior as the float8[7] of stk_reorder_prior_arg. */
Datum
stk_reorder_prior_datum(const StkReorderDispersionPrior *prior)
{
	Datum		d[7];
	int			n = 6;

	for (int c = 0; c < 2; c++)
	{
		const StkShrinkLine *l = &prior->line[c];

		d[3 * c] = Float8GetDatum(l->fitted ? l->b0 : 0.0);
		d[3 * c + 1] = Float8GetDatum(l->fitted ? l->b1 : 0.0);
		d[3 * c + 2] = Float8GetDatum(l->fitted ? l->between : INFINITY);
	}
	if (!isnan(prior->level_threshold))
		d[n++] = Float8GetDatum(prior->level_threshold);
	return PointerGetDatum(construct_array(d, n, FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd'));
}

/*
 * Move an RS plan to the level of a shortage price (see price_arg), its
 * window dispersion first to the group's (with a prior).
 */
static StkStatus
apply_price(StkReorderPlan *plan, const StkReorderOptions *opt, bool priced,
			double price, bool with_prior,
			const StkReorderDispersionPrior *prior, const StkAllocator *a)
{
	if (with_prior)
	{
		double		v = stk_reorder_pooled_dispersion(plan, prior);

		if (isfinite(v))
		{
			StkStatus	st = stk_reorder_plan_set_dispersion(plan, opt, v, a);

			if (st != STK_OK)
				return st;
		}
	}
	return priced ? stk_reorder_plan_price_level(plan, price) : STK_OK;
}

/*
 * The last calendar a call site read (in fn_mcxt): the reorder list passes
 * the tenant's whole calendar with every product, and reading thousands of
 * names costs more than comparing their bytes.
 */
typedef struct EventsCache
{
	char	   *key;			/* the three arguments' NULL flags and bytes */
	Size		keylen;
	StkEventCalendar cal;		/* days and names in fn_mcxt */
} EventsCache;

/* stk_events_arg_all, through the call site's cache. */
static void
events_cached(FunctionCallInfo fcinfo, int argno, StkEventCalendar *cal)
{
	EventsCache *c = (EventsCache *) fcinfo->flinfo->fn_extra;
	Size		keylen;
	char	   *key = stk_events_key(fcinfo, argno, &keylen);
	MemoryContext old;

	if (c != NULL && c->keylen == keylen && memcmp(c->key, key, keylen) == 0)
	{
		*cal = c->cal;
		return;
	}
	stk_events_arg_all(fcinfo, argno, cal);
	if (c == NULL)
		c = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(EventsCache));
	else
	{
		/* forget the old entry before anything can fail */
		if (c->key)
			pfree(c->key);
		if (c->cal.days)
			pfree((void *) c->cal.days);
		if (c->cal.names)
			pfree((void *) c->cal.names);
		memset(c, 0, sizeof(*c));
	}
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	c->cal = *cal;
	if (cal->nevents > 0)
	{
		int32	   *days = palloc(sizeof(int32) * cal->nevents);
		int32	   *names = palloc(sizeof(int32) * cal->nevents);

		memcpy(days, cal->days, sizeof(int32) * cal->nevents);
		memcpy(names, cal->names, sizeof(int32) * cal->nevents);
		c->cal.days = days;
		c->cal.names = names;
	}
	else
		c->cal.days = c->cal.names = NULL;
	c->key = palloc_extended(keylen, MCXT_ALLOC_HUGE);
	memcpy(c->key, key, keylen);
	c->keylen = keylen;
	MemoryContextSwitchTo(old);
}

void
stk_reorder_events_args(FunctionCallInfo fcinfo, int a_first, int n,
						StkEventCalendar *cal, StkReorderOptions *opt)
{
	DateADT		first;

	events_cached(fcinfo, a_first + 1, cal);
	if (cal->nevents == 0)
		return;
	if (PG_ARGISNULL(a_first))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("events need first_day, the date of the first value of y"),
				 errhint("The history must then be daily.")));
	first = PG_GETARG_DATEADT(a_first);
	if (DATE_NOT_FINITE(first))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_day must be a finite date")));
	/* the plan's days, history and horizon, must be dates */
	if (!IS_VALID_DATE((int64) first + n + STK_REORDER_MAX_PERIODS * 2 + STK_MAX_HORIZON))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the history from first_day runs past the last date PostgreSQL can hold")));
	cal->freq = STK_FREQ_DAY;
	cal->first = stk_period_of_day(STK_FREQ_DAY, first);
	opt->calendar = cal;
}

/*
 * stk_reorder_policy(y float8[], lead_time float8, review_period float8
 *	 DEFAULT 1, target float8 DEFAULT 0.95, target_type text DEFAULT
 *	 'fill_rate', period int DEFAULT NULL, lead_time_sd float8 DEFAULT 0,
 *	 policy text DEFAULT 'RS', order_quantity float8 DEFAULT NULL,
 *	 method text DEFAULT 'auto', shortage_price float8 DEFAULT NULL,
 *	 dispersion_prior float8[] DEFAULT NULL, first_day date DEFAULT NULL,
 *	 event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
 *	 event_window int[] DEFAULT '{7,1}')
 */
Datum
stk_reorder_policy_fn(PG_FUNCTION_ARGS)
{
	static const int required[] = {0, 1, 2, 3, 4, 6, 7, 9};
	StkReorderOptions opt;
	StkReorderPlan plan;
	StkAllocator alloc;
	Datum		values[11];
	bool		nulls[11] = {0};
	double	   *y;
	int			n;
	double		price = 0.0;
	bool		priced,
				with_prior;
	StkReorderDispersionPrior prior;
	StkEventCalendar cal;
	StkStatus	st;

	if (any_null(fcinfo, required, lengthof(required)))
		PG_RETURN_NULL();
	y = stk_reorder_history_arg(PG_GETARG_ARRAYTYPE_P(0), &n);
	stk_reorder_options_args(fcinfo, 1, 6, 2, 3, 4, 5, 7, 8, 9, &opt);
	stk_reorder_events_args(fcinfo, 12, n, &cal, &opt);
	priced = price_arg(fcinfo, 10, &opt, &price);
	with_prior = stk_reorder_prior_arg(fcinfo, 11, priced, &prior);
	if (with_prior)
		opt.level_p_group = prior.level_threshold;
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_reorder_plan(y, n, &opt, &alloc, &plan);
	if (st == STK_OK)
		st = apply_price(&plan, &opt, priced, price, with_prior, &prior, &alloc);
	stk_check_canceled(st, "stk_reorder_policy");
	if (st != STK_OK)
		ereport(ERROR,
				(errcode(st == STK_ENOMEM ? ERRCODE_OUT_OF_MEMORY :
						 st == STK_ETOOBIG ? ERRCODE_PROGRAM_LIMIT_EXCEEDED :
						 ERRCODE_DATA_EXCEPTION),
				 errmsg("stk_reorder_policy: %s", plan_failure(st))));
	values[0] = Float8GetDatum(plan.safety_stock);
	values[1] = Float8GetDatum(plan.reorder_point);
	values[2] = Float8GetDatum(plan.order_up_to);
	values[3] = Float8GetDatum(plan.order_qty);
	nulls[3] = (opt.policy == STK_POLICY_RS);
	values[4] = Float8GetDatum(plan.mean_protection);
	values[5] = Float8GetDatum(plan.sd_protection);
	values[6] = Float8GetDatum(plan.mean_lead);
	values[7] = Float8GetDatum(plan.mean_per_period);
	values[8] = Float8GetDatum(plan.service);
	values[9] = CStringGetTextDatum(stk_demand_class_name(plan.cls));
	values[10] = CStringGetTextDatum(plan.method);
	stk_reorder_plan_free(&plan, &alloc);
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}

/* The order in lots for the cash budget: cumulative quantity and gain. */
static void
advice_lots(const StkReorderPlan *plan, double ip, double qty, double moq,
			double pack, Datum *lot_qty, Datum *lot_gain)
{
	double		first = moq > pack ? ceil(moq / pack - 1e-9) * pack : pack;
	double		npacks = (qty - first) / pack;
	double		step = pack * fmax(1.0, ceil((npacks + 1.0) / ADVICE_MAX_LOTS));
	Datum		qd[ADVICE_MAX_LOTS + 2],
				gd[ADVICE_MAX_LOTS + 2];
	int			k = 0;
	double		prev = 0.0,
				prev_short = stk_reorder_shortage(plan, ip);

	for (double c = first; c <= qty + 1e-9 && k < ADVICE_MAX_LOTS + 1;)
	{
		double		sh = stk_reorder_shortage(plan, ip + c);

		qd[k] = Float8GetDatum(c);
		gd[k] = Float8GetDatum(fmax(prev_short - sh, 0.0));
		k++;
		prev_short = sh;
		prev = c;
		c = (c + step > qty && prev < qty) ? qty : c + step;
		if (c == prev)
			break;
	}
	*lot_qty = PointerGetDatum(construct_array(qd, k, FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd'));
	*lot_gain = PointerGetDatum(construct_array(gd, k, FLOAT8OID, 8, FLOAT8PASSBYVAL, 'd'));
}

/*
 * stk_reorder_advice(y float8[], on_hand float8, on_order float8,
 *	 reserved float8, lead_time float8, lead_time_sd float8 DEFAULT 0,
 *	 review_period float8 DEFAULT 1, target float8 DEFAULT 0.95,
 *	 target_type text DEFAULT 'fill_rate', policy text DEFAULT 'RS',
 *	 moq float8 DEFAULT NULL, pack_size float8 DEFAULT 1,
 *	 period int DEFAULT NULL, method text DEFAULT 'auto',
 *	 order_quantity float8 DEFAULT NULL, shortage_price float8 DEFAULT NULL,
 *	 dispersion_prior float8[] DEFAULT NULL, first_day date DEFAULT NULL,
 *	 event_days date[] DEFAULT NULL, event_names text[] DEFAULT NULL,
 *	 event_window int[] DEFAULT '{7,1}')
 * Argument numbers: 0 y, 1 on_hand, 2 on_order, 3 reserved, 4 lead_time,
 * 5 lead_time_sd, 6 review_period, 7 target, 8 target_type, 9 policy,
 * 10 moq, 11 pack_size, 12 period, 13 method, 14 order_quantity,
 * 15 shortage_price, 16 dispersion_prior, 17 first_day, 18 event_days,
 * 19 event_names, 20 event_window.
 */
#define ADVICE_NATTS 17
Datum
stk_reorder_advice_fn(PG_FUNCTION_ARGS)
{
	static const int required[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13};
	StkReorderOptions opt;
	StkReorderPlan plan;
	StkReorderAdvice adv;
	StkAllocator alloc;
	Datum		values[ADVICE_NATTS];
	bool		nulls[ADVICE_NATTS];
	double	   *y;
	double		on_hand,
				on_order,
				reserved,
				moq = 0.0,
				pack,
				qty,
				price = 0.0;
	bool		priced,
				with_prior;
	StkReorderDispersionPrior prior;
	StkEventCalendar cal;
	int			n;
	StkStatus	st;

	if (any_null(fcinfo, required, lengthof(required)))
		PG_RETURN_NULL();
	y = stk_reorder_history_arg(PG_GETARG_ARRAYTYPE_P(0), &n);
	on_hand = PG_GETARG_FLOAT8(1);
	on_order = PG_GETARG_FLOAT8(2);
	reserved = PG_GETARG_FLOAT8(3);
	stk_inv_check_finite(on_hand, "on_hand");
	stk_inv_check_nonneg(on_order, "on_order");
	stk_inv_check_nonneg(reserved, "reserved");
	stk_reorder_options_args(fcinfo, 4, 5, 6, 7, 8, 12, 9, 14, 13, &opt);
	stk_reorder_events_args(fcinfo, 17, n, &cal, &opt);
	priced = price_arg(fcinfo, 15, &opt, &price);
	with_prior = stk_reorder_prior_arg(fcinfo, 16, priced, &prior);
	if (with_prior)
		opt.level_p_group = prior.level_threshold;
	if (!PG_ARGISNULL(10))
	{
		moq = PG_GETARG_FLOAT8(10);
		stk_inv_check_moq(moq);
	}
	pack = PG_GETARG_FLOAT8(11);
	stk_inv_check_finite(pack, "pack_size");
	if (!(pack >= 1.0) || pack != floor(pack) || pack > 1e9)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pack_size must be a whole number of units between 1 and 1e9"),
				 errdetail("Got %g.", pack),
				 errhint("Demand is counted in units; a pack holds a whole number of them.")));
	opt.cover_horizon = STK_REORDER_ADVICE_HORIZON;

	memset(nulls, true, sizeof(nulls));
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_reorder_plan(y, n, &opt, &alloc, &plan);
	if (st == STK_OK)
		st = apply_price(&plan, &opt, priced, price, with_prior, &prior, &alloc);
	if (st == STK_OK)
		st = stk_reorder_assess(&plan, on_hand, on_order, reserved, &adv);
	if (st == STK_ENOMEM)
		stk_report_status(st, "stk_reorder_advice");
	stk_check_canceled(st, "stk_reorder_advice");
	if (st != STK_OK)
	{
		values[16] = CStringGetTextDatum(psprintf("failed: %s", plan_failure(st)));
		nulls[16] = false;
		stk_reorder_plan_free(&plan, &alloc);
		PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
	}
	if (stk_round_order_qty(adv.raw_qty, moq, pack, &qty) != STK_OK || !isfinite(qty))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rounded order quantity is out of range")));
	memset(nulls, false, sizeof(nulls));
	values[0] = Float8GetDatum(adv.position);
	values[1] = Float8GetDatum(plan.reorder_point);
	values[2] = Float8GetDatum(plan.order_up_to);
	values[3] = Float8GetDatum(plan.safety_stock);
	values[4] = Float8GetDatum(plan.mean_protection);
	values[5] = Float8GetDatum(plan.mean_per_period);
	values[6] = Float8GetDatum(adv.raw_qty);
	values[7] = Float8GetDatum(qty);
	values[8] = Float8GetDatum(adv.stockout_prob);
	values[9] = Float8GetDatum(adv.days_of_cover);
	nulls[9] = isnan(adv.days_of_cover);
	/* the service the position reaches with the rounded order */
	{
		double		mu_r = plan.loss_p ? plan.loss_p[0] - plan.loss_l[0] : 0.0;

		values[10] = Float8GetDatum(mu_r > 0.0
									? 1.0 - stk_reorder_shortage(&plan, adv.position + qty) / mu_r
									: 1.0);
	}
	values[11] = Float8GetDatum(plan.service);
	values[12] = CStringGetTextDatum(stk_demand_class_name(plan.cls));
	values[13] = CStringGetTextDatum(plan.method);
	if (qty > 0.0)
		advice_lots(&plan, adv.position, qty, moq, pack, &values[14], &values[15]);
	else
		nulls[14] = nulls[15] = true;
	values[16] = CStringGetTextDatum(plan.cls == STK_DEMAND_ZERO ? "no demand" : "ok");
	stk_reorder_plan_free(&plan, &alloc);
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}
