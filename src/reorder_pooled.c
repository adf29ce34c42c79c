/*-------------------------------------------------------------------------
 *
 * reorder_pooled.c
 *	  stk_reorder_pooled_price: the aggregate that finds, over a group of
 *	  products, the price of a unit short at which their order-up-to
 *	  levels reach a pooled fill rate with the least stock
 *	  (src/core/pooled_fill_rate.h); stk_reorder_policy and
 *	  stk_reorder_advice then give each product its level at that price
 *	  (their shortage_price argument).
 *
 * Each row's demand distributions are those of stk_reorder_policy (policy
 * RS, fill-rate target): the transition function plans the row and keeps
 * the plan (its loss tables and step forecasts; for a history the
 * level-change test flags, its plan on the long-run mean too); the final
 * function decides the level changes over the group
 * (stk_reorder_level_threshold, reorder.h: a flagged plan whose p-value
 * is above the group's false-discovery-rate threshold takes its long-run
 * plan), shrinks the smooth and erratic plans' window dispersion toward
 * their class's line over the group (stk_reorder_dispersion_prior),
 * rebuilds those plans with it, and bisects on the price.  The lines and
 * the threshold are returned as dispersion_prior, for stk_reorder_policy
 * and stk_reorder_advice to give each product the same distributions.  A row
 * with a NULL argument is skipped (strict-aggregate semantics), a row
 * whose plan fails on its data is skipped and counted, not an error for
 * the whole group; a bad argument (review period, lead time, method ...)
 * is an error as in stk_reorder_policy, and so is a target that differs
 * between rows (22023).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "stokkel.h"
#include "core/pooled_fill_rate.h"
#include "inventory_glue.h"
#include "reorder_glue.h"
#include "series_glue.h"

PG_FUNCTION_INFO_V1(stk_reorder_pooled_price_trans);
PG_FUNCTION_INFO_V1(stk_reorder_pooled_price_final);

typedef struct PooledState
{
	double		target;
	int			n,
				cap,
				skipped;
	StkPooledItem *items;		/* tables in the aggregate context */
	StkReorderPlan *plans;		/* the rows' plans (tables and step means
								 * in the aggregate context) */
	StkReorderPlan *alts;		/* a plan the level test flagged: the row's
								 * plan on the long-run mean, for the
								 * group's decision (zeroed: none) */
	StkReorderOptions *opts;	/* and their options */
	MemoryContext scratch;		/* one row's planning, reset per row */
	Size		kept_bytes;		/* of the kept tables, bounded */
} PooledState;

/*
 * The kept tables of one group: every row's loss tables stay until the
 * final function, and a product selling thousands a day over a long lead
 * time has tables of megabytes.
 */
#define POOLED_MAX_KEPT_BYTES ((Size) 1024 * 1024 * 1024)

/* A loss table copied into the aggregate's context. */
static const double *
copy_table(MemoryContext cxt, const double *t, int n)
{
	double	   *c = MemoryContextAlloc(cxt, sizeof(double) * (n + 1));

	memcpy(c, t, sizeof(double) * (n + 1));
	return c;
}

/* A plan kept in the aggregate's context: its step means and tables copied. */
static void
keep_plan(MemoryContext cxt, const StkReorderPlan *plan, StkReorderPlan *kept)
{
	*kept = *plan;
	kept->step_mean = MemoryContextAlloc(cxt, sizeof(double) * plan->horizon);
	memcpy(kept->step_mean, plan->step_mean, sizeof(double) * plan->horizon);
	kept->loss_p = kept->loss_l = NULL;
	if (plan->loss_p != NULL)
	{
		kept->loss_p = (double *) copy_table(cxt, plan->loss_p, plan->np);
		kept->loss_l = (double *) copy_table(cxt, plan->loss_l, plan->nl);
	}
}

/* A kept plan as an item of the pooled levels. */
static void
plan_item(const StkReorderPlan *plan, StkPooledItem *it)
{
	if (plan->loss_p != NULL)
	{
		it->tp = plan->loss_p;
		it->np = plan->np;
		it->tl = plan->loss_l;
		it->nl = plan->nl;
	}
	else
	{
		/* no demand in the history: no stock, nothing short */
		static const double zero[2] = {0.0, 0.0};

		it->tp = it->tl = zero;
		it->np = it->nl = 1;
	}
}

/*
 * stk_reorder_pooled_price_trans(internal, y float8[], lead_time float8,
 *	 review_period float8, target float8, lead_time_sd float8, method text
 *	 [, first_day date, event_days date[], event_names text[],
 *	 event_window int[]])
 *
 * With the events, each row is planned as stk_reorder_advice plans it with
 * them, so that the price is found on the distributions the levels then
 * take (a feast ahead lifts the protection demand of the products it
 * lifted before).
 */
Datum
stk_reorder_pooled_price_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = stk_agg_context(fcinfo, "stk_reorder_pooled_price_trans");
	PooledState *s = PG_ARGISNULL(0) ? NULL : (PooledState *) PG_GETARG_POINTER(0);
	StkReorderOptions opt;
	StkEventCalendar cal;
	StkReorderPlan plan,
				alt;
	StkAllocator alloc;
	MemoryContext old;
	double	   *y;
	int			n;
	StkStatus	st;

	if (s == NULL)
	{
		s = MemoryContextAllocZero(aggctx, sizeof(PooledState));
		s->target = NAN;
		s->scratch = AllocSetContextCreate(aggctx, "stk_reorder_pooled_price row",
										   ALLOCSET_DEFAULT_SIZES);
	}
	for (int i = 1; i <= 6; i++)
		if (PG_ARGISNULL(i))
		{
			s->skipped++;
			PG_RETURN_POINTER(s);
		}

	old = MemoryContextSwitchTo(s->scratch);
	y = stk_reorder_history_arg(PG_GETARG_ARRAYTYPE_P(1), &n);
	stk_reorder_options_args(fcinfo, 2, 5, 3, 4, -1, -1, -1, -1, 6, &opt);
	if (PG_NARGS() > 7)
		stk_reorder_events_args(fcinfo, 7, n, &cal, &opt);
	/* plan as stk_reorder_advice does, for the reorder list's levels */
	opt.cover_horizon = STK_REORDER_ADVICE_HORIZON;
	/* the p-values of the level test, for the group's decision */
	opt.level_pvalue = true;
	if (isnan(s->target))
		s->target = opt.target;
	else if (opt.target != s->target)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target must be the same for every row of the group"),
				 errdetail("Got %g after %g.", opt.target, s->target)));
	stk_pg_allocator(&alloc, s->scratch);
	st = stk_reorder_plan(y, n, &opt, &alloc, &plan);
	/* flagged by the level test: the long-run plan too (level_p_group) */
	memset(&alt, 0, sizeof(alt));
	if (st == STK_OK && !plan.long_run && plan.level_p > 0.0)
	{
		StkReorderOptions o2 = opt;

		o2.level_p_group = 0.0;
		st = stk_reorder_plan(y, n, &o2, &alloc, &alt);
	}
	MemoryContextSwitchTo(old);
	if (st == STK_ENOMEM)
		stk_report_status(st, "stk_reorder_pooled_price");
	stk_check_canceled(st, "stk_reorder_pooled_price");
	if (st != STK_OK)
		s->skipped++;
	else
	{
		if (s->n == s->cap)
		{
			s->cap = s->cap ? 2 * s->cap : 64;
			s->items = s->items
				? repalloc_huge(s->items, sizeof(StkPooledItem) * s->cap)
				: MemoryContextAllocHuge(aggctx, sizeof(StkPooledItem) * s->cap);
			s->plans = s->plans
				? repalloc_huge(s->plans, sizeof(StkReorderPlan) * s->cap)
				: MemoryContextAllocHuge(aggctx, sizeof(StkReorderPlan) * s->cap);
			s->alts = s->alts
				? repalloc_huge(s->alts, sizeof(StkReorderPlan) * s->cap)
				: MemoryContextAllocHuge(aggctx, sizeof(StkReorderPlan) * s->cap);
			s->opts = s->opts
				? repalloc_huge(s->opts, sizeof(StkReorderOptions) * s->cap)
				: MemoryContextAllocHuge(aggctx, sizeof(StkReorderOptions) * s->cap);
		}
		s->kept_bytes += sizeof(double) * ((Size) plan.np + plan.nl + alt.np + alt.nl + 4);
		if (s->kept_bytes > POOLED_MAX_KEPT_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("stk_reorder_pooled_price: the group's loss tables would take more than 1 GB"),
					 errdetail("%d products so far; the last one's tables hold %d and %d values.",
							   s->n + 1, plan.np, plan.nl),
					 errhint("Pool smaller groups (by category or supplier).")));
		s->opts[s->n] = opt;
		/* the events are in the kept step means; cal does not outlive the row */
		s->opts[s->n].calendar = NULL;
		keep_plan(aggctx, &plan, &s->plans[s->n]);
		memset(&s->alts[s->n], 0, sizeof(StkReorderPlan));
		if (alt.long_run)
			keep_plan(aggctx, &alt, &s->alts[s->n]);
		plan_item(&s->plans[s->n], &s->items[s->n]);
		s->n++;
	}
	MemoryContextReset(s->scratch);
	PG_RETURN_POINTER(s);
}

/*
 * The group's decisions, in the current context (the state is left as it
 * is): the level-change threshold (stk_reorder_level_threshold; a flagged
 * plan whose p-value is above it takes its long-run plan), then the
 * dispersion lines over the plans so chosen, and items[] from those
 * plans, the smooth and erratic ones rebuilt with their shrunk dispersion.
 */
static void
pool_plans(const PooledState *s, StkPooledItem *items,
		   StkReorderDispersionPrior *prior)
{
	const StkReorderPlan **pp = palloc(sizeof(StkReorderPlan *) * s->n);
	StkAllocator alloc;
	double		threshold;
	StkStatus	st;

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	for (int i = 0; i < s->n; i++)
		pp[i] = &s->plans[i];
	st = stk_reorder_level_threshold(pp, s->n, STK_REORDER_LEVEL_FDR, &alloc,
									 &threshold);
	if (st != STK_OK)
		stk_report_status(st, "stk_reorder_pooled_price");
	for (int i = 0; i < s->n; i++)
	{
		if (s->alts[i].long_run && s->plans[i].level_p > threshold)
			pp[i] = &s->alts[i];
		plan_item(pp[i], &items[i]);
	}
	st = stk_reorder_dispersion_prior(pp, s->n, &alloc, prior);
	if (st != STK_OK)
		stk_report_status(st, "stk_reorder_pooled_price");
	prior->level_threshold = threshold;
	for (int i = 0; i < s->n; i++)
	{
		StkReorderPlan plan = *pp[i];
		double		v = stk_reorder_pooled_dispersion(&plan, prior);

		if (!isfinite(v) || plan.loss_p == NULL)
			continue;
		/* rebuilt on copies of the tables (set_dispersion frees them) */
		plan.loss_p = (double *) copy_table(CurrentMemoryContext, plan.loss_p, plan.np);
		plan.loss_l = (double *) copy_table(CurrentMemoryContext, plan.loss_l, plan.nl);
		st = stk_reorder_plan_set_dispersion(&plan, &s->opts[i], v, &alloc);
		if (st != STK_OK)
			stk_report_status(st, "stk_reorder_pooled_price");
		plan_item(&plan, &items[i]);
	}
	pfree(pp);
}

/*
 * The result: shortage_price, expected_fill_rate (the model's pooled fill
 * rate at the levels of that price), items (planned), skipped,
 * dispersion_prior (the lines and the level threshold of pool_plans).  No row: NULL; no row
 * planned: NULL price, fill rate and lines.
 */
Datum
stk_reorder_pooled_price_final(PG_FUNCTION_ARGS)
{
	PooledState *s = PG_ARGISNULL(0) ? NULL : (PooledState *) PG_GETARG_POINTER(0);
	Datum		values[5];
	bool		nulls[5] = {true, true, false, false, true};
	StkAllocator alloc;

	if (s == NULL)
		PG_RETURN_NULL();
	values[2] = Int32GetDatum(s->n);
	values[3] = Int32GetDatum(s->skipped);
	if (s->n > 0)
	{
		double	   *levels = palloc(sizeof(double) * s->n);
		StkPooledItem *items = palloc(sizeof(StkPooledItem) * s->n);
		double		price,
					fr,
					sh = 0.0,
					demand = 0.0;
		StkReorderDispersionPrior prior;
		StkStatus	st;

		pool_plans(s, items, &prior);
		values[4] = stk_reorder_prior_datum(&prior);
		nulls[4] = false;
		stk_pg_allocator(&alloc, CurrentMemoryContext);
		st = stk_pooled_fill_rate_levels(items, s->n, s->target,
										 STK_POOLED_COST_ON_HAND, &alloc,
										 levels, &price, &fr);
		if (st != STK_OK)
			stk_report_status(st, "stk_reorder_pooled_price");

		/*
		 * The fill rate of the levels each item takes at the price alone
		 * (what stk_reorder_policy gives it), which may exceed the levels
		 * of the final unit-by-unit step.
		 */
		for (int i = 0; i < s->n; i++)
		{
			const StkPooledItem *it = &items[i];
			double		mu_r = it->tp[0] - it->tl[0];

			if (!(mu_r > 0.0))
				continue;
			demand += mu_r;
			sh += stk_pooled_shortage(it, stk_pooled_item_level(it, price,
																STK_POOLED_COST_ON_HAND));
		}
		values[0] = Float8GetDatum(price);
		values[1] = Float8GetDatum(demand > 0.0 ? 1.0 - sh / demand : 1.0);
		nulls[0] = nulls[1] = false;
		pfree(levels);
	}
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}
