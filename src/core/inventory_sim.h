/*-------------------------------------------------------------------------
 *
 * inventory_sim.h
 *	  Replay a demand history under an inventory policy and measure the
 *	  service actually achieved.
 *
 * This is the product's self-check and the verification tool of
 * shared/reference/inventory.md section 6.1.  One pass over the periods,
 * O(n) time, one allocation (the arrival pipeline), plus the GSL random
 * generator's state when lead times are drawn.
 *
 * Event order in each period t (documented because stockpyl and
 * InventoryManagement.jl both had bugs here, reference 6.1):
 *   1. receive the orders due at t;
 *   2. review: inventory position IP = net stock + on order; place an order
 *      if the policy says so.  An order placed at t with lead time L
 *      arrives at the start of period t + L, so with L = 0 it serves the
 *      demand of period t itself;
 *   3. demand d_t: serve min(d_t, on hand); the rest is lost (lost sales)
 *      or backordered (net stock goes negative; backorders are filled
 *      first from later receipts and never count as served from stock).
 * So an (R,S) order protects R + L periods of demand, and the exact
 * formula of stk_rs_fill_rate_exact applies with the same R and L.  The
 * continuous-review policies ((s,Q), (s,S)) are checked once per period,
 * which makes their protection interval L + 1 periods.
 *
 * Lead times are whole periods: fractional values (and random draws) are
 * rounded to the nearest integer.  Orders may cross.  Orders due after
 * the last period stay on order.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_INVENTORY_SIM_H
#define STK_INVENTORY_SIM_H

#include "stk_core.h"

typedef enum StkPolicyKind
{
	STK_POLICY_RS,				/* every R periods order S - IP */
	STK_POLICY_SQ,				/* when IP <= s order n Q, n smallest with IP + n Q > s */
	STK_POLICY_SS,				/* when IP <= s order S - IP (checked every period) */
	STK_POLICY_RSS				/* every R periods, if IP <= s order S - IP */
} StkPolicyKind;

typedef struct StkSimPolicy
{
	StkPolicyKind kind;
	int			review;			/* R >= 1 (RS, RSS) */
	int			review_offset;	/* first review period, 0 <= offset < R */
	double		s;				/* reorder point (SQ, SS, RSS) */
	double		S;				/* order-up-to level (RS, SS, RSS); >= s */
	double		Q;				/* order quantity (SQ), > 0 */
	double		moq;			/* minimum order quantity, >= 0 (0: none) */
	double		pack;			/* pack multiple, >= 0 (0: none) */

	/*
	 * Time-varying levels (rolling re-estimation, time-phased levels): when
	 * not NULL, period t uses S_path[t] / s_path[t] instead of S / s
	 * (arrays of the demand's length, finite, s_path[t] <= S_path[t]).
	 */
	const double *S_path;
	const double *s_path;
} StkSimPolicy;

typedef enum StkLeadKind
{
	STK_LEAD_CONSTANT,			/* constant periods */
	STK_LEAD_SEQUENCE,			/* order k takes sequence[k % nsequence] */
	STK_LEAD_GAMMA,				/* gamma with mean and sd, seeded */
	STK_LEAD_LOGNORMAL			/* lognormal with mean and sd, seeded */
} StkLeadKind;

typedef struct StkSimLeadTime
{
	StkLeadKind kind;
	double		constant;		/* >= 0 */
	const double *sequence;		/* each >= 0 */
	int			nsequence;
	double		mean;			/* > 0 */
	double		sd;				/* >= 0 (0: constant mean) */
	uint64_t	seed;
} StkSimLeadTime;

typedef struct StkSimOptions
{
	bool		lost_sales;		/* true: lost sales (retail); false: backorders */
	double		initial_on_hand;	/* >= 0; nothing on order at the start */
	int			warmup;			/* leading periods left out of the metrics */
} StkSimOptions;

/*
 * Metrics over the measured periods (t >= warmup), reference 6.2.
 * A cycle is a review cycle (from one review to the next) for RS and RSS,
 * and a replenishment cycle (from one receipt to the next) for SQ and SS,
 * whose every-period "review" would inflate the count; the first cycle
 * starts at period 0 and a cycle counts if any of its periods is measured.
 */
typedef struct StkSimResult
{
	int64_t		periods;		/* measured periods */
	double		demand;			/* units demanded */
	double		served;			/* units served from stock on demand */
	double		short_units;	/* demand - served: lost or backordered */
	double		fill_rate;		/* served / demand; NaN when no demand */
	int64_t		cycles;
	int64_t		stockout_cycles;	/* cycles with any unserved demand */
	double		cycle_service_level;	/* 1 - stockout_cycles / cycles */
	double		avg_on_hand;	/* mean end-of-period on-hand stock */
	int64_t		stockout_periods;	/* periods with unserved demand */
	int64_t		zero_stock_periods; /* periods ending with nothing on hand */
	int64_t		orders;			/* orders placed */
	double		units_ordered;
	double		units_received; /* receipts in measured periods */
	double		end_on_hand;	/* after the last period */
	double		end_backorders;
	double		end_on_order;
} StkSimResult;

/*
 * Simulate n >= 1 periods of demand (finite, >= 0).  STK_ENONFINITE for
 * NaN/infinity anywhere, STK_EINVAL for any other bad argument (n = 0, a
 * negative demand, lead time or stock, warmup >= n, s > S ...).
 */
extern StkStatus stk_simulate_policy(const double *demand, int n,
									 const StkSimPolicy *policy,
									 const StkSimLeadTime *lead,
									 const StkSimOptions *opt,
									 const StkAllocator *a,
									 StkSimResult *out);

#endif							/* STK_INVENTORY_SIM_H */
