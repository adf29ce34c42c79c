/*-------------------------------------------------------------------------
 *
 * inventory_fn.c
 *	  Inventory formulas in SQL: loss functions, EOQ, safety stock, reorder
 *	  points, order-up-to levels (normal and exact discrete), newsvendor,
 *	  order rounding and the policy simulator.
 *
 * Thin glue over src/core/inventory_{loss,policy,sim}.c: every argument is
 * checked here first, so that each kind of mistake gets its own SQLSTATE
 * and a message naming the argument; the core's own status is still mapped
 * (stk_report_status) as a second line of defence.
 *
 * Error policy (shared by every function in this file, see the README):
 *   - NaN or infinity in any float8 argument or array element: 22000;
 *   - a value outside its range (service level outside (0,1), negative
 *     demand, sd, lead time or cost, pack size <= 0, MOQ < 0, unknown
 *     target_type or policy, a parameter the policy needs missing or one
 *     it does not use given): 22023;
 *   - a fill-rate target with no demand to measure it against: 22012;
 *   - NULL array element: 22004; multi-dimensional array: 2202E;
 *   - inputs beyond the size limits: 54000.
 *   - a result that overflows (inputs near DBL_MAX): 22003.
 * Non-STRICT functions (those with an optional argument defaulting to
 * NULL) return NULL when a required argument is NULL, as STRICT would.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "stokkel.h"
#include "core/count_dist.h"
#include "core/inventory_loss.h"
#include "core/inventory_policy.h"
#include "core/inventory_sim.h"
#include "inventory_glue.h"

PG_FUNCTION_INFO_V1(stk_normal_loss_fn);
PG_FUNCTION_INFO_V1(stk_normal_loss_inverse_fn);
PG_FUNCTION_INFO_V1(stk_poisson_loss_fn);
PG_FUNCTION_INFO_V1(stk_negbin_loss_fn);
PG_FUNCTION_INFO_V1(stk_eoq_fn);
PG_FUNCTION_INFO_V1(stk_eoq_detail_fn);
PG_FUNCTION_INFO_V1(stk_safety_stock_fn);
PG_FUNCTION_INFO_V1(stk_reorder_point_fn);
PG_FUNCTION_INFO_V1(stk_order_up_to_fn);
PG_FUNCTION_INFO_V1(stk_order_up_to_exact_fn);
PG_FUNCTION_INFO_V1(stk_newsvendor_fn);
PG_FUNCTION_INFO_V1(stk_round_order_qty_fn);
PG_FUNCTION_INFO_V1(stk_simulate_policy_fn);

/*
 * Largest mean demand over the protection interval the exact discrete
 * search accepts.  Beyond it the Poisson/NB model is indistinguishable from
 * the normal one (use stk_order_up_to) and the search would only cost time.
 */
#define STK_EXACT_MAX_MEAN 1.0e7
/*
 * The exact search's cost grows with the variance-to-mean ratio (the
 * negative binomial's tail): cap it so a call cannot run for seconds.
 */
#define STK_EXACT_MAX_DISPERSION 1.0e5

/* ---------------------------------------------------------------------
 * Argument checks
 * --------------------------------------------------------------------- */

/* NaN or infinity: 22000, as stk_float8_array does for array elements. */
void
stk_inv_check_finite(double v, const char *name)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s must be a finite number", name),
				 errdetail("Got %g.", v)));
}

void
stk_inv_check_nonneg(double v, const char *name)
{
	stk_inv_check_finite(v, name);
	if (v < 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", name),
				 errdetail("Got %g.", v)));
}

void
stk_inv_check_positive(double v, const char *name)
{
	stk_inv_check_finite(v, name);
	if (!(v > 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be positive", name),
				 errdetail("Got %g.", v)));
}

/* A minimum order quantity, when given: positive (NULL is "none"). */
void
stk_inv_check_moq(double v)
{
	stk_inv_check_finite(v, "moq");
	if (!(v > 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("moq must be positive"),
				 errdetail("Got %g.", v),
				 errhint("Pass NULL when the supplier has no minimum order quantity.")));
}

/* A service level (cycle service or fill rate) strictly inside (0, 1). */
void
stk_inv_check_target(double v)
{
	stk_inv_check_finite(v, "target");
	if (!(v > 0.0 && v < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target must lie strictly between 0 and 1"),
				 errdetail("Got %g.", v),
				 errhint("Write 95 %% as 0.95.")));
}

/* 'cycle' (cycle service level, type 1) or 'fill_rate' (type 2). */
StkServiceType
stk_inv_target_type_arg(text *t)
{
	char	   *s = text_to_cstring(t);

	if (pg_strcasecmp(s, "cycle") == 0)
		return STK_SERVICE_CSL;
	if (pg_strcasecmp(s, "fill_rate") == 0)
		return STK_SERVICE_FILL_RATE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown target_type \"%s\"", s),
			 errhint("Use \"cycle\" (cycle service level) or \"fill_rate\".")));
	return STK_SERVICE_CSL;		/* keep the compiler quiet */
}

/* A result that overflowed (huge inputs): 22003, never a NaN or infinity. */
float8
stk_inv_check_result(double v, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: result is out of range", what)));
	return v;
}

/* Return NULL from the calling function if any of the first n args is NULL. */
#define RETURN_NULL_IF_ANY_NULL(n) \
	do { \
		for (int i_ = 0; i_ < (n); i_++) \
			if (PG_ARGISNULL(i_)) \
				PG_RETURN_NULL(); \
	} while (0)

/* Build a composite result from values (no NULLs unless nulls given). */
Datum
stk_inv_make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* ---------------------------------------------------------------------
 * Loss functions
 * --------------------------------------------------------------------- */

/* stk_normal_loss(z) = G(z) = E[(Z - z)+], Z standard normal. */
Datum
stk_normal_loss_fn(PG_FUNCTION_ARGS)
{
	float8		z = PG_GETARG_FLOAT8(0);

	stk_inv_check_finite(z, "z");
	PG_RETURN_FLOAT8(stk_inv_check_result(stk_std_normal_loss(z), "stk_normal_loss"));
}

/* stk_normal_loss_inverse(g): the z with G(z) = g, g > 0. */
Datum
stk_normal_loss_inverse_fn(PG_FUNCTION_ARGS)
{
	float8		g = PG_GETARG_FLOAT8(0);
	double		z;
	StkStatus	st;

	stk_inv_check_positive(g, "g");
	st = stk_std_normal_loss_inverse(g, &z);
	if (st != STK_OK)
		stk_report_status(st, "stk_normal_loss_inverse");
	PG_RETURN_FLOAT8(z);
}

/* stk_poisson_loss(x, mean) = E[(X - x)+], X ~ Poisson(mean). */
Datum
stk_poisson_loss_fn(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	float8		mean = PG_GETARG_FLOAT8(1);
	double		loss;
	StkStatus	st;

	stk_inv_check_finite(x, "x");
	stk_inv_check_nonneg(mean, "mean");
	st = stk_poisson_loss(x, mean, &loss, NULL);
	if (st != STK_OK)
		stk_report_status(st, "stk_poisson_loss");
	PG_RETURN_FLOAT8(stk_inv_check_result(loss, "stk_poisson_loss"));
}

/*
 * stk_negbin_loss(x, mean, variance) = E[(X - x)+] for the negative
 * binomial with these moments (over-dispersed: variance > mean > 0).
 */
Datum
stk_negbin_loss_fn(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	float8		mean = PG_GETARG_FLOAT8(1);
	float8		var = PG_GETARG_FLOAT8(2);
	StkCountDist nb;
	double		loss;
	StkStatus	st;

	stk_inv_check_finite(x, "x");
	stk_inv_check_positive(mean, "mean");
	stk_inv_check_finite(var, "variance");
	if (!(var > mean))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("variance must exceed the mean for a negative binomial"),
				 errdetail("Got mean %g and variance %g.", mean, var),
				 errhint("Use stk_poisson_loss when the variance equals the mean.")));
	st = stk_count_negbin(mean, var, &nb);
	if (st == STK_OK)
		st = stk_negbin_loss(x, nb.nb_size, nb.nb_prob, &loss, NULL);
	if (st != STK_OK)
		stk_report_status(st, "stk_negbin_loss");
	PG_RETURN_FLOAT8(stk_inv_check_result(loss, "stk_negbin_loss"));
}

/* ---------------------------------------------------------------------
 * EOQ
 * --------------------------------------------------------------------- */

/* Shared checks: demand and order cost >= 0, holding cost > 0. */
static void
eoq_args(FunctionCallInfo fcinfo, double *Q, double *cost)
{
	float8		D = PG_GETARG_FLOAT8(0);
	float8		K = PG_GETARG_FLOAT8(1);
	float8		h = PG_GETARG_FLOAT8(2);
	StkStatus	st;

	stk_inv_check_nonneg(D, "annual_demand");
	stk_inv_check_nonneg(K, "order_cost");
	stk_inv_check_positive(h, "holding_cost");
	st = stk_eoq(K, D, h, Q, cost);
	if (st != STK_OK)
		stk_report_status(st, "stk_eoq");
	if (!isfinite(*Q) || !isfinite(*cost))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("economic order quantity is out of range")));
}

/* stk_eoq(annual_demand, order_cost, holding_cost) = sqrt(2 K D / h). */
Datum
stk_eoq_fn(PG_FUNCTION_ARGS)
{
	double		Q,
				cost;

	eoq_args(fcinfo, &Q, &cost);
	PG_RETURN_FLOAT8(Q);
}

/*
 * stk_eoq_detail(...): the EOQ with its annual ordering + holding cost
 * sqrt(2 K D h), orders per year D / Q (NULL when Q = 0) and cycle length
 * Q / D in years (NULL when D = 0).
 */
Datum
stk_eoq_detail_fn(PG_FUNCTION_ARGS)
{
	double		Q,
				cost;
	float8		D = PG_GETARG_FLOAT8(0);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	eoq_args(fcinfo, &Q, &cost);
	values[0] = Float8GetDatum(Q);
	values[1] = Float8GetDatum(cost);
	if (Q > 0.0)
		values[2] = Float8GetDatum(D / Q);
	else
		nulls[2] = true;
	if (D > 0.0)
		values[3] = Float8GetDatum(Q / D);
	else
		nulls[3] = true;
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}

/* ---------------------------------------------------------------------
 * Safety stock, reorder point, order-up-to (normal approximations)
 * --------------------------------------------------------------------- */

/*
 * stk_safety_stock / stk_reorder_point (demand_mean, demand_sd, lead_time,
 *	 target, target_type, review_period, lead_time_sd, order_quantity,
 *	 lost_sales): normal approximation over the protection interval
 *	 P = review_period + lead_time (periods; review_period 0 = continuous
 *	 review), sigma_P^2 = P sigma^2 + mu^2 Var(L).
 *	 cycle:      k = Phi^-1(target).
 *	 fill_rate:  with order_quantity Q, the (s,Q) rule G(k) = (1-beta) Q /
 *				 sigma_P (divided by beta with lost sales); without it, the
 *				 (R,S) rule G(k) = (1-beta) mu R / sigma_P, which needs R > 0.
 * Returns k sigma_P (not floored: it is negative below a 50 % cycle target
 * or when Q alone nearly meets the fill rate), or mu P + k sigma_P.
 */
static Datum
normal_level(FunctionCallInfo fcinfo, bool want_level)
{
	float8		mu,
				sigma,
				lead,
				target,
				review,
				lead_sd;
	StkServiceType type;
	bool		have_q,
				lost_sales;
	double		Q = 0.0;
	StkLevel	lv;
	StkStatus	st;

	/* order_quantity (7) may be NULL: it is optional */
	RETURN_NULL_IF_ANY_NULL(7);
	if (PG_ARGISNULL(8))
		PG_RETURN_NULL();
	mu = PG_GETARG_FLOAT8(0);
	sigma = PG_GETARG_FLOAT8(1);
	lead = PG_GETARG_FLOAT8(2);
	target = PG_GETARG_FLOAT8(3);
	type = stk_inv_target_type_arg(PG_GETARG_TEXT_PP(4));
	review = PG_GETARG_FLOAT8(5);
	lead_sd = PG_GETARG_FLOAT8(6);
	have_q = !PG_ARGISNULL(7);
	lost_sales = PG_GETARG_BOOL(8);

	stk_inv_check_nonneg(mu, "demand_mean");
	stk_inv_check_nonneg(sigma, "demand_sd");
	stk_inv_check_nonneg(lead, "lead_time");
	stk_inv_check_target(target);
	stk_inv_check_nonneg(review, "review_period");
	stk_inv_check_nonneg(lead_sd, "lead_time_sd");
	if (have_q)
	{
		Q = PG_GETARG_FLOAT8(7);
		stk_inv_check_positive(Q, "order_quantity");
	}

	if (type == STK_SERVICE_FILL_RATE && !have_q)
	{
		if (!(review > 0.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a fill-rate target needs order_quantity or a positive review_period"),
					 errdetail("The fill rate is shortage per unit of demand in a cycle; "
							   "with continuous review the cycle demand is the order quantity."),
					 errhint("Pass order_quantity for an (s,Q) policy, or review_period for (R,S).")));
		if (mu == 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_DIVISION_BY_ZERO),
					 errmsg("a fill-rate target needs demand_mean > 0"),
					 errhint("Use target_type => 'cycle', or leave out items without demand.")));
	}
	if (lost_sales && !(type == STK_SERVICE_FILL_RATE && have_q))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lost_sales applies only to a fill-rate target with order_quantity"),
				 errhint("The other rules are the same with lost sales and backorders.")));

	if (have_q)
		/* demand over P = R + L; passing R + L as the lead time adds R sigma^2 */
		st = stk_reorder_point_normal(mu, sigma, review + lead, lead_sd, Q,
									  type, target, lost_sales, false, &lv);
	else if (review > 0.0)
		st = stk_order_up_to_normal(mu, sigma, review, lead, lead_sd, type,
									target, false, &lv);
	else
		/* cycle target, continuous review: Q does not enter; any Q > 0 will do */
		st = stk_reorder_point_normal(mu, sigma, lead, lead_sd, 1.0, type,
									  target, false, false, &lv);
	if (st != STK_OK)
		stk_report_status(st, want_level ? "stk_reorder_point" : "stk_safety_stock");
	PG_RETURN_FLOAT8(stk_inv_check_result(want_level ? lv.level : lv.safety_stock,
								  want_level ? "stk_reorder_point" : "stk_safety_stock"));
}

Datum
stk_safety_stock_fn(PG_FUNCTION_ARGS)
{
	return normal_level(fcinfo, false);
}

Datum
stk_reorder_point_fn(PG_FUNCTION_ARGS)
{
	return normal_level(fcinfo, true);
}

/*
 * stk_order_up_to(demand_mean, demand_sd, lead_time, review_period, target,
 *	 target_type, lead_time_sd): the (R,S) level S = mu (R + L) + k sigma_P.
 */
Datum
stk_order_up_to_fn(PG_FUNCTION_ARGS)
{
	float8		mu = PG_GETARG_FLOAT8(0);
	float8		sigma = PG_GETARG_FLOAT8(1);
	float8		lead = PG_GETARG_FLOAT8(2);
	float8		review = PG_GETARG_FLOAT8(3);
	float8		target = PG_GETARG_FLOAT8(4);
	StkServiceType type = stk_inv_target_type_arg(PG_GETARG_TEXT_PP(5));
	float8		lead_sd = PG_GETARG_FLOAT8(6);
	StkLevel	lv;
	StkStatus	st;

	stk_inv_check_nonneg(mu, "demand_mean");
	stk_inv_check_nonneg(sigma, "demand_sd");
	stk_inv_check_nonneg(lead, "lead_time");
	stk_inv_check_positive(review, "review_period");
	stk_inv_check_target(target);
	stk_inv_check_nonneg(lead_sd, "lead_time_sd");
	if (type == STK_SERVICE_FILL_RATE && mu == 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("a fill-rate target needs demand_mean > 0"),
				 errhint("Use target_type => 'cycle', or leave out items without demand.")));
	st = stk_order_up_to_normal(mu, sigma, review, lead, lead_sd, type, target,
								false, &lv);
	if (st != STK_OK)
		stk_report_status(st, "stk_order_up_to");
	PG_RETURN_FLOAT8(stk_inv_check_result(lv.level, "stk_order_up_to"));
}

/*
 * stk_order_up_to_exact(mean_per_period, review_period int, lead_time int,
 *	 target, target_type, variance_per_period DEFAULT NULL)
 *	 -> (order_up_to, achieved_service)
 * The smallest integer S meeting the target under i.i.d. Poisson
 * (variance NULL) or negative binomial per-period demand, by the exact
 * (R,S) formulas with backorders; achieved_service is the fill rate or
 * cycle service level of that S.
 */
Datum
stk_order_up_to_exact_fn(PG_FUNCTION_ARGS)
{
	StkDiscreteDemand d;
	StkLeadTimeDist ld;
	double		leadv,
				S,
				achieved;
	int32		review,
				lead;
	float8		target;
	StkServiceType type;
	StkStatus	st;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	RETURN_NULL_IF_ANY_NULL(5);
	d.mean = PG_GETARG_FLOAT8(0);
	review = PG_GETARG_INT32(1);
	lead = PG_GETARG_INT32(2);
	target = PG_GETARG_FLOAT8(3);
	type = stk_inv_target_type_arg(PG_GETARG_TEXT_PP(4));

	stk_inv_check_positive(d.mean, "mean_per_period");
	if (review < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("review_period must be at least 1"),
				 errdetail("Got %d.", review)));
	if (lead < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lead_time must not be negative"),
				 errdetail("Got %d.", lead)));
	stk_inv_check_target(target);
	if (PG_ARGISNULL(5))
	{
		d.family = STK_DEMAND_POISSON;
		d.variance = d.mean;
	}
	else
	{
		d.family = STK_DEMAND_NEGBIN;
		d.variance = PG_GETARG_FLOAT8(5);
		stk_inv_check_finite(d.variance, "variance_per_period");
		if (!(d.variance > d.mean))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("variance_per_period must exceed mean_per_period"),
					 errdetail("Got mean %g and variance %g.", d.mean, d.variance),
					 errhint("Leave variance_per_period NULL for Poisson demand (variance = mean).")));
		if (d.variance / d.mean > STK_EXACT_MAX_DISPERSION)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("variance_per_period exceeds %g times mean_per_period",
							STK_EXACT_MAX_DISPERSION),
					 errdetail("Got mean %g and variance %g.", d.mean, d.variance),
					 errhint("Demand this erratic is better served by stk_order_up_to (normal approximation).")));
	}
	if (d.mean * ((double) review + (double) lead) > STK_EXACT_MAX_MEAN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mean demand over the protection interval exceeds %g units",
						STK_EXACT_MAX_MEAN),
				 errhint("At this volume the normal approximation (stk_order_up_to) is exact enough.")));

	leadv = (double) lead;
	ld.n = 1;
	ld.values = &leadv;
	ld.probs = NULL;
	st = stk_rs_order_up_to_exact(&d, (double) review, &ld, type, target,
								  &S, &achieved);
	if (st != STK_OK)
		stk_report_status(st, "stk_order_up_to_exact");
	values[0] = Float8GetDatum(S);
	values[1] = Float8GetDatum(achieved);
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}

/* ---------------------------------------------------------------------
 * Newsvendor and rounding
 * --------------------------------------------------------------------- */

/*
 * stk_newsvendor(mean, sd, underage_cost, overage_cost)
 *	 -> (order_quantity, expected_cost, critical_ratio)
 * Normal demand: S = mean + sd Phi^-1(p/(p+h)), cost (p+h) sd phi(z).
 */
Datum
stk_newsvendor_fn(PG_FUNCTION_ARGS)
{
	float8		mean = PG_GETARG_FLOAT8(0);
	float8		sd = PG_GETARG_FLOAT8(1);
	float8		p = PG_GETARG_FLOAT8(2);
	float8		h = PG_GETARG_FLOAT8(3);
	double		S,
				cost,
				fr;
	StkStatus	st;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	stk_inv_check_nonneg(mean, "mean");
	stk_inv_check_nonneg(sd, "sd");
	stk_inv_check_positive(p, "underage_cost");
	stk_inv_check_positive(h, "overage_cost");
	st = stk_newsvendor_normal(h, p, mean, sd, &S, &cost);
	if (st == STK_OK)
		st = stk_newsvendor_fractile(p, h, &fr);
	if (st != STK_OK)
		stk_report_status(st, "stk_newsvendor");
	/* a ratio so close to 0 or 1 that Phi^-1 is infinite */
	if (!isfinite(S) || !isfinite(cost))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("newsvendor quantity is out of range"),
				 errdetail("The critical ratio is %g.", fr)));
	values[0] = Float8GetDatum(S);
	values[1] = Float8GetDatum(cost);
	values[2] = Float8GetDatum(fr);
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}

/*
 * stk_round_order_qty(qty, moq DEFAULT NULL, pack_size DEFAULT 1): 0 for
 * qty <= 0, otherwise the smallest multiple of pack_size that is
 * >= max(qty, moq).  A NULL moq means no minimum; a given one must be
 * positive (an MOQ of 0 is a typing mistake more often than "none").
 */
Datum
stk_round_order_qty_fn(PG_FUNCTION_ARGS)
{
	float8		q,
				moq = 0.0,
				pack;
	double		out;
	StkStatus	st;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	q = PG_GETARG_FLOAT8(0);
	pack = PG_GETARG_FLOAT8(2);
	stk_inv_check_finite(q, "qty");
	if (!PG_ARGISNULL(1))
	{
		moq = PG_GETARG_FLOAT8(1);
		stk_inv_check_moq(moq);
	}
	stk_inv_check_positive(pack, "pack_size");
	st = stk_round_order_qty(q, moq, pack, &out);
	if (st != STK_OK)
		stk_report_status(st, "stk_round_order_qty");
	if (!isfinite(out))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rounded order quantity is out of range")));
	PG_RETURN_FLOAT8(out);
}

/* ---------------------------------------------------------------------
 * Simulator
 * --------------------------------------------------------------------- */

/*
 * Policy names: RS, sQ, sS, RsS, case-insensitive, with or without the
 * textbook's parentheses and commas: '(R,s,S)' = 'RsS' = 'rss'.
 */
StkPolicyKind
stk_inv_policy_arg(text *t)
{
	char	   *raw = text_to_cstring(t);
	char		buf[16];
	int			n = 0;

	for (const char *c = raw; *c; c++)
	{
		if (*c == '(' || *c == ')' || *c == ',' || *c == ' ')
			continue;
		if (n >= (int) sizeof(buf) - 1)
		{
			n = 0;
			break;
		}
		buf[n++] = pg_ascii_tolower((unsigned char) *c);
	}
	buf[n] = '\0';
	if (strcmp(buf, "rs") == 0)
		return STK_POLICY_RS;
	if (strcmp(buf, "sq") == 0)
		return STK_POLICY_SQ;
	if (strcmp(buf, "ss") == 0)
		return STK_POLICY_SS;
	if (strcmp(buf, "rss") == 0)
		return STK_POLICY_RSS;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown policy \"%s\"", raw),
			 errhint("Use \"RS\", \"sQ\", \"sS\" or \"RsS\".")));
	return STK_POLICY_RS;		/* keep the compiler quiet */
}

const char *
stk_inv_policy_name(StkPolicyKind k)
{
	switch (k)
	{
		case STK_POLICY_RS:
			return "RS";
		case STK_POLICY_SQ:
			return "sQ";
		case STK_POLICY_SS:
			return "sS";
		case STK_POLICY_RSS:
			return "RsS";
	}
	return "?";
}

/*
 * A policy parameter: required (22023 when NULL), or unused (22023 when
 * given, since passing s for S is the likely mistake).
 */
static double
policy_param(FunctionCallInfo fcinfo, int argno, const char *name,
			 bool used, StkPolicyKind kind)
{
	double		v;

	if (!used)
	{
		if (!PG_ARGISNULL(argno))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("policy %s does not use %s", stk_inv_policy_name(kind), name),
					 errhint("RS uses big_s; sQ uses s and q; sS and RsS use s and big_s.")));
		return 0.0;
	}
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("policy %s needs %s", stk_inv_policy_name(kind), name),
				 errhint("RS uses big_s; sQ uses s and q; sS and RsS use s and big_s.")));
	v = PG_GETARG_FLOAT8(argno);
	stk_inv_check_finite(v, name);
	return v;
}

/*
 * stk_simulate_policy(demand float8[], policy text, lead_time int,
 *	 review_period int DEFAULT 1, s, big_s, q float8 DEFAULT NULL,
 *	 lost_sales bool DEFAULT true, initial_stock float8 DEFAULT NULL,
 *	 moq float8 DEFAULT 0, pack_size float8 DEFAULT NULL, warmup int DEFAULT 0)
 * One row of service metrics (inventory_sim.h has the event order).
 * Argument numbers: 0 demand, 1 policy, 2 lead_time, 3 review_period,
 * 4 s, 5 big_s, 6 q, 7 lost_sales, 8 initial_stock, 9 moq, 10 pack_size,
 * 11 warmup.
 */
Datum
stk_simulate_policy_fn(PG_FUNCTION_ARGS)
{
	StkSimPolicy pol;
	StkSimLeadTime lt;
	StkSimOptions opt;
	StkSimResult res;
	StkAllocator alloc;
	StkStatus	st;
	double	   *demand;
	int			n;
	int32		lead,
				review,
				warmup;
	Datum		values[16];
	bool		nulls[16];

	/* required arguments: NULL in, NULL out; s, big_s, q, initial_stock, pack_size optional */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		PG_ARGISNULL(3) || PG_ARGISNULL(7) || PG_ARGISNULL(9) ||
		PG_ARGISNULL(11))
		PG_RETURN_NULL();

	demand = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "demand", &n, false);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("demand must not be empty"),
				 errdetail("There is no history to replay.")));
	for (int i = 0; i < n; i++)
		if (demand[i] < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("demand must not be negative"),
					 errdetail("Element %d is %g.", i + 1, demand[i]),
					 errhint("Returns are not negative demand; leave them out.")));

	memset(&pol, 0, sizeof(pol));
	pol.kind = stk_inv_policy_arg(PG_GETARG_TEXT_PP(1));
	lead = PG_GETARG_INT32(2);
	review = PG_GETARG_INT32(3);
	warmup = PG_GETARG_INT32(11);
	if (lead < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lead_time must not be negative"),
				 errdetail("Got %d.", lead)));
	if (review < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("review_period must be at least 1"),
				 errdetail("Got %d.", review)));
	/* sQ and sS look at the inventory position every period */
	if (review != 1 && (pol.kind == STK_POLICY_SQ || pol.kind == STK_POLICY_SS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("policy %s is reviewed every period; review_period must be 1",
						stk_inv_policy_name(pol.kind)),
				 errhint("Use RsS for a periodic-review min-max policy.")));
	if (warmup < 0 || warmup >= n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("warmup must be between 0 and the number of periods minus 1 (%d)", n - 1),
				 errdetail("Got %d.", warmup)));
	pol.review = review;
	pol.review_offset = 0;
	pol.s = policy_param(fcinfo, 4, "s", pol.kind != STK_POLICY_RS, pol.kind);
	pol.S = policy_param(fcinfo, 5, "big_s", pol.kind != STK_POLICY_SQ, pol.kind);
	pol.Q = policy_param(fcinfo, 6, "q", pol.kind == STK_POLICY_SQ, pol.kind);
	if (pol.kind == STK_POLICY_SQ && !(pol.Q > 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("q must be positive"),
				 errdetail("Got %g.", pol.Q)));
	if ((pol.kind == STK_POLICY_SS || pol.kind == STK_POLICY_RSS) && pol.s > pol.S)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("s must not exceed big_s"),
				 errdetail("Got s = %g and big_s = %g.", pol.s, pol.S)));
	pol.moq = PG_GETARG_FLOAT8(9);
	stk_inv_check_nonneg(pol.moq, "moq");
	if (!PG_ARGISNULL(10))
	{
		pol.pack = PG_GETARG_FLOAT8(10);
		stk_inv_check_positive(pol.pack, "pack_size");
	}

	memset(&lt, 0, sizeof(lt));
	lt.kind = STK_LEAD_CONSTANT;
	lt.constant = (double) lead;

	memset(&opt, 0, sizeof(opt));
	opt.lost_sales = PG_GETARG_BOOL(7);
	opt.warmup = warmup;
	if (PG_ARGISNULL(8))
	{
		/* start full: at S, or at s + Q for sQ; never below zero */
		opt.initial_on_hand = pol.kind == STK_POLICY_SQ ? pol.s + pol.Q : pol.S;
		if (opt.initial_on_hand < 0.0)
			opt.initial_on_hand = 0.0;
	}
	else
	{
		opt.initial_on_hand = PG_GETARG_FLOAT8(8);
		stk_inv_check_nonneg(opt.initial_on_hand, "initial_stock");
	}

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_simulate_policy(demand, n, &pol, &lt, &opt, &alloc, &res);
	if (st != STK_OK)
		stk_report_status(st, "stk_simulate_policy");
	/* finite inputs near DBL_MAX can still overflow the sums */
	if (!isfinite(res.demand) || !isfinite(res.served) || !isfinite(res.avg_on_hand) ||
		!isfinite(res.units_ordered) || !isfinite(res.units_received) ||
		!isfinite(res.end_on_hand) || !isfinite(res.end_backorders) || !isfinite(res.end_on_order))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("stk_simulate_policy: the simulated quantities overflow double precision")));

	memset(nulls, 0, sizeof(nulls));
	values[0] = Int32GetDatum((int32) res.periods);
	values[1] = Float8GetDatum(res.demand);
	values[2] = Float8GetDatum(res.served);
	/* no demand in the measured periods: the fill rate is undefined */
	if (isnan(res.fill_rate))
		nulls[3] = true;
	else
		values[3] = Float8GetDatum(res.fill_rate);
	values[4] = Int32GetDatum((int32) res.cycles);
	values[5] = Int32GetDatum((int32) res.stockout_cycles);
	if (res.cycles > 0 && isfinite(res.cycle_service_level))
		values[6] = Float8GetDatum(res.cycle_service_level);
	else
		nulls[6] = true;
	values[7] = Float8GetDatum(res.avg_on_hand);
	values[8] = Int32GetDatum((int32) res.stockout_periods);
	values[9] = Int32GetDatum((int32) res.zero_stock_periods);
	values[10] = Int32GetDatum((int32) res.orders);
	values[11] = Float8GetDatum(res.units_ordered);
	values[12] = Float8GetDatum(res.units_received);
	values[13] = Float8GetDatum(res.end_on_hand);
	values[14] = Float8GetDatum(res.end_backorders);
	values[15] = Float8GetDatum(res.end_on_order);
	PG_RETURN_DATUM(stk_inv_make_row(fcinfo, values, nulls));
}
