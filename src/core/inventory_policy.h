/*-------------------------------------------------------------------------
 *
 * inventory_policy.h
 *	  Order quantities, safety stocks, reorder points and order-up-to
 *	  levels for the (R,S), (s,Q), (s,S) and (R,s,S) policies.
 *
 * Formulas: shared/reference/inventory.md section 2 (Silver, Pyke &
 * Peterson 1998; Axsater 2015; Snyder & Shen 2019; Zipkin 2000).
 *
 * Units.  Demand mean mu and sd sigma are per period; review period R and
 * lead times L are in the same periods (they may be fractional).  The
 * protection interval is P = R + L for periodic review, L for continuous
 * review.  Levels are on the inventory position (on hand + on order -
 * backorders - reserved).  The (r,Q) cost functions (stk_rq_*) use the
 * textbook's annual units instead: annual demand D, annual sd, L in years.
 *
 * Service targets: the cycle service level alpha = P(no stock-out in a
 * replenishment cycle), or the fill rate beta = share of demand served from
 * stock.  Both must lie in the open interval (0, 1).
 *
 * Validation: NaN or infinity gives STK_ENONFINITE, any other argument out
 * of range STK_EINVAL (negative lead time or sd, non-positive review
 * period, pack size, order quantity ...).  What evaluates the Poisson or
 * negative binomial loss (inventory_loss.h) returns its STK_ECANCELED.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_INVENTORY_POLICY_H
#define STK_INVENTORY_POLICY_H

#include "stk_core.h"

typedef enum StkServiceType
{
	STK_SERVICE_CSL,			/* cycle service level, type 1 (alpha) */
	STK_SERVICE_FILL_RATE		/* fill rate, type 2 (beta) */
} StkServiceType;

/* STK_OK for a service level strictly inside (0, 1). */
extern StkStatus stk_check_service_level(double level);

/* ---- Order quantities ------------------------------------------------ */

/* EOQ Q* = sqrt(2 K D / h), cost sqrt(2 K D h); K >= 0, D >= 0, h > 0. */
extern StkStatus stk_eoq(double K, double D, double h, double *Q, double *cost);

/* EOQ with planned backorders (shortage cost p > 0 per unit per time). */
extern StkStatus stk_eoq_backorders(double K, double D, double h, double p,
									double *Q, double *cost);

/*
 * EOQ with all-units quantity discounts: price prices[i] applies to the
 * whole order when Q >= breaks[i]; breaks strictly increasing from
 * breaks[0] = 0, prices positive and non-increasing; holding cost
 * h = rate * price.  Returns the Q minimising purchase + ordering +
 * holding cost per unit time, that cost and the tier used.
 */
extern StkStatus stk_eoq_discounts(double K, double D, double rate,
								   const double *breaks, const double *prices,
								   int n, double *Q, double *cost, int *tier);

/*
 * Order quantity rounded for the supplier: q <= 0 means no order (0);
 * otherwise the smallest multiple of pack that is >= max(q, moq), so both
 * the MOQ and the pack multiple hold.  pack > 0, moq >= 0.
 */
extern StkStatus stk_round_order_qty(double q, double moq, double pack,
									 double *out);

/* ---- Newsvendor ------------------------------------------------------ */

/* Critical fractile p / (p + h) (underage p, overage h; both > 0). */
extern StkStatus stk_newsvendor_fractile(double p, double h, double *fractile);

/* Optimal S and expected cost (h + p) sigma phi(z) for N(mean, sd^2). */
extern StkStatus stk_newsvendor_normal(double h, double p, double mean,
									   double sd, double *S, double *cost);

/* Smallest integer S with F(S) >= p/(p+h) for Poisson(mean); cost h nbar + p n. */
extern StkStatus stk_newsvendor_poisson(double h, double p, double mean,
										double *S, double *cost);

/* ---- Normal approximations ------------------------------------------- */

/*
 * Demand over the protection interval R + L with a random lead time
 * independent of demand (reference 2.2): mean mu (R + E[L]) and
 * variance (R + E[L]) sigma^2 + mu^2 Var(L).
 */
extern StkStatus stk_protection_demand(double mu, double sigma, double review,
									   double lead_mean, double lead_sd,
									   double *mean, double *sd);

typedef struct StkLevel
{
	double		mean_demand;	/* mean demand over the protection interval */
	double		sd_demand;		/* its sd (incl. lead-time variability) */
	double		k;				/* safety factor */
	double		safety_stock;	/* k * sd_demand, floored at 0 if asked */
	double		level;			/* mean_demand + safety_stock: S, or s */
	double		order_qty;		/* S - s for the min-max policies, else 0 */
	double		undershoot;		/* mean undershoot below s (min-max only) */
} StkLevel;

/*
 * (R,S) order-up-to level under a normal approximation.
 * CSL: k = Phi^-1(alpha).  Fill rate (backorders): G(k) = (1-beta) mu R /
 * sigma_P (reference 2.4).  review > 0.  With sigma_P = 0 demand is
 * deterministic and S = mu_P.  floor_ss keeps the safety stock >= 0.
 */
extern StkStatus stk_order_up_to_normal(double mu, double sigma, double review,
										double lead_mean, double lead_sd,
										StkServiceType type, double target,
										bool floor_ss, StkLevel *out);

/*
 * (s,Q) reorder point under a normal approximation of lead-time demand.
 * CSL: s = mu_L + Phi^-1(alpha) sigma_L.  Fill rate: G(k) = (1-beta) Q /
 * sigma_L with backorders, G(k) = (1-beta) Q / (beta sigma_L) with lost
 * sales (beta = Q / (Q + sigma_L G(k)), reference 2.4).
 */
extern StkStatus stk_reorder_point_normal(double mu, double sigma,
										  double lead_mean, double lead_sd,
										  double Q, StkServiceType type,
										  double target, bool lost_sales,
										  bool floor_ss, StkLevel *out);

/*
 * (s,S) (review = 0, continuous) or (R,s,S) (review > 0) with S - s = Q
 * given (EOQ, cover days, MOQ ...), with the undershoot correction of
 * reference 2.5: s is set on X_P + U, P = R + L (L when continuous), U the
 * deficit below s when an order triggers.  By renewal theory for the
 * demand Y between reviews (one period when continuous; R periods
 * otherwise), E[U] = E[Y^2]/(2E[Y]) and E[U^2] = E[Y^3]/(3E[Y]), with Y
 * normal.  Fill rate: G(k) = (1-beta)(Q + E[U]) / sd(X_P + U), the demand
 * per cycle being the order size Q + E[U].  When demand comes in period
 * buckets and the trigger is checked once per period, use review = 1.
 */
extern StkStatus stk_min_max_normal(double mu, double sigma, double review,
									double lead_mean, double lead_sd,
									double Q, StkServiceType type,
									double target, bool floor_ss,
									StkLevel *out);

/*
 * Ehrhardt-Mosier (1984) power approximation for periodic-review (s,S)
 * with fixed cost K, holding h and shortage p per unit per period, normal
 * per-period demand (mu, sigma) and lead time L periods (so the risk
 * period has L + 1 periods).  Reference 2.5.
 */
extern StkStatus stk_ss_power_approximation(double K, double h, double p,
											double mu, double sigma,
											double lead, double *s, double *S);

/*
 * (r,Q) with normal lead-time demand, annual units (Snyder & Shen ch. 5):
 * demand D per year with sd `sd` per sqrt(year), lead time L years, so
 * mu_L = D L and sigma_L = sd sqrt(L); holding h, backorder p per unit per
 * year, fixed cost K.
 *   stk_rq_optimal_r: the r minimising the exact expected cost for a given
 *     Q, i.e. the root of g(r) = g(r + Q), g(y) = h nbar(y) + p n(y).
 *   stk_rq_eil: the expected-inventory-level approximation, iterating
 *     Q = sqrt(2D(K + p n(r))/h) and 1 - F(r) = Q h/(p D) to a fixed
 *     point; cost h(r - mu_L + Q/2) + K D/Q + p D n(r)/Q.
 *   stk_rq_eoqss: Q = EOQ and r = F^-1(p/(p+h)).
 */
extern StkStatus stk_rq_optimal_r(double Q, double h, double p, double D,
								  double sd, double L, double *r);
extern StkStatus stk_rq_eil(double h, double p, double K, double D, double sd,
							double L, double *r, double *Q, double *cost);
extern StkStatus stk_rq_eoqss(double h, double p, double K, double D,
							  double sd, double L, double *r, double *Q);

/*
 * Exact optimal periodic-review (s,S) for discrete demand (Zheng &
 * Federgruen 1991, reference 2.5), reviewed every period: order up to S
 * when the inventory position is <= s.  pmf is the one-period demand (for
 * the renewal function), pmf_lead the demand over the L + 1 periods of
 * risk (the same array when L = 0); h, p per unit per period, K per order.
 * Returns s, S and the optimal cost per period.
 */
extern StkStatus stk_ss_discrete_exact(double h, double p, double K,
									   const double *pmf, int n,
									   const double *pmf_lead, int nl,
									   const StkAllocator *a,
									   double *s, double *S, double *cost);

/* ---- Exact discrete policies ----------------------------------------- */

typedef enum StkDemandFamily
{
	STK_DEMAND_POISSON,			/* variance = mean */
	STK_DEMAND_NEGBIN			/* variance > mean */
} StkDemandFamily;

/*
 * i.i.d. per-period demand.  Sums over t periods (t real >= 0) stay in
 * the family: Poisson(mu t); NB(r t, p) with r = mu^2/(var - mu),
 * p = mu/var, so the variance-to-mean ratio is kept.
 */
typedef struct StkDiscreteDemand
{
	StkDemandFamily family;
	double		mean;			/* per period, > 0 */
	double		variance;		/* per period; used by NEGBIN only, > mean */
} StkDiscreteDemand;

/*
 * Lead time: values[i] periods with probability probs[i] (an empirical
 * distribution learned from receipts; the reference's exact mixture,
 * section 2.2).  n = 1 with probs NULL is a constant lead time.
 */
typedef struct StkLeadTimeDist
{
	int			n;
	const double *values;
	const double *probs;
} StkLeadTimeDist;

/* Loss E[(X_t - x)+] of the demand over t periods. */
extern StkStatus stk_discrete_demand_loss(const StkDiscreteDemand *d,
										  double periods, double x,
										  double *loss);

/*
 * Exact (R,S) fill rate with backorders (reference 2.4):
 * beta(S) = 1 - [n_P(S) - n_L(S)] / (mu R), n_P and n_L the loss functions
 * of the demand over R + L and over L periods, mixed over the lead time.
 */
extern StkStatus stk_rs_fill_rate_exact(const StkDiscreteDemand *d,
										double review,
										const StkLeadTimeDist *lead,
										double S, double *beta);

/*
 * Smallest integer S >= 0 meeting the target: fill rate by the exact
 * formula above, or CSL by P(X_P <= S) >= alpha.  *achieved gets the
 * service of that S.
 */
extern StkStatus stk_rs_order_up_to_exact(const StkDiscreteDemand *d,
										  double review,
										  const StkLeadTimeDist *lead,
										  StkServiceType type, double target,
										  double *S, double *achieved);

/*
 * Exact (s,Q) fill rate with backorders for unit-sized demand
 * (Hadley-Whitin; reference 2.4): beta = 1 - [n_L(s) - n_L(s+Q)]/Q, and
 * the smallest integer s >= -Q meeting a fill rate or CSL (P(X_L <= s))
 * target.  Q >= 1 integer.
 */
extern StkStatus stk_sq_fill_rate_exact(const StkDiscreteDemand *d,
										const StkLeadTimeDist *lead,
										double Q, double s, double *beta);
extern StkStatus stk_sq_reorder_point_exact(const StkDiscreteDemand *d,
											const StkLeadTimeDist *lead,
											double Q, StkServiceType type,
											double target, double *s,
											double *achieved);

/*
 * The same exact (R,S) rule for arbitrary lead-time and protection-interval
 * pmfs (e.g. time-phased forecast distributions or a Panjer compound):
 * pmf_p of X_P on {0..np-1}, pmf_l of X_L on {0..nl-1} (nl = 1, pmf {1}
 * for L = 0).  The demand of the review window is taken as
 * E[X_P] - E[X_L], which must be > 0.  O(np + nl).
 */
extern StkStatus stk_rs_order_up_to_pmf(const double *pmf_p, int np,
										const double *pmf_l, int nl,
										StkServiceType type, double target,
										const StkAllocator *a,
										double *S, double *achieved);

/*
 * The general level search behind it, on loss tables (stk_pmf_loss_table:
 * tp[0..np] of X_P, tl[0..nl] of X_L) so that callers can keep them.  The
 * inventory position after a review is taken as uniform on
 * {x, ..., x + Q - 1} (reference 2.7: exact for (s,Q) with IP + nQ, the
 * usual approximation for (s,S) and (R,s,S) with S - s = Q; Q = 1 is
 * (R,S) with S = x).  Fill rate: beta(x) = 1 - (1/Q) sum_j [n_P(x+j) -
 * n_L(x+j)] / (E[X_P] - E[X_L]); CSL: F_P(x) for Q = 1, else F_P(x - 1),
 * i.e. P(X_P <= s) at the reorder point s = x - 1.  Returns the smallest
 * integer x meeting the target and its service.  O(Q log np).
 */
extern StkStatus stk_level_from_loss(const double *tp, int np,
									 const double *tl, int nl, int Q,
									 StkServiceType type, double target,
									 double *x, double *achieved);
/* The service of stk_level_from_loss at a given x (no checks). */
extern double stk_level_service(const double *tp, int np, const double *tl,
								int nl, int Q, StkServiceType type, double x);

#endif							/* STK_INVENTORY_POLICY_H */
