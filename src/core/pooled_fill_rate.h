/*-------------------------------------------------------------------------
 *
 * pooled_fill_rate.h
 *	  Order-up-to levels of a group of items that together reach a fill
 *	  rate target with the least stock (the "system" or pooled fill rate of
 *	  shared/reference/inventory.md section 2.9, item 4).
 *
 * Setting.  (R,S) policies with backorders, one per item.  Item i's demand
 * over its protection interval P = R + L is X_P, over its lead time X_L
 * (both discrete, given by their loss tables, as stk_reorder_plan builds
 * them: time-phased, compound for slow movers, widened for the error of
 * the mean, mixed over a random lead time).  Its expected units short per
 * review cycle at level S are
 *
 *	  ESC(S) = n_P(S) - n_L(S)
 *
 * (n the loss function; subtracting n_L removes the shortage already there
 * when the cycle starts), its demand per cycle mu_R = E[X_P] - E[X_L].
 * The pooled fill rate of the group is 1 - sum ESC_i(S_i) / sum mu_R,i:
 * the share of all units demanded that is served from stock, which is
 * what a category manager or a whole shop measures.
 *
 * Problem.  Minimise sum c_i(S_i) subject to the pooled fill rate >=
 * target, c_i the stock the level costs: the level itself (COST_LEVEL),
 * or the mean stock on hand over the cycle (COST_ON_HAND), taken as the
 * mean of the on-hand stock just before the order arrives and at the end
 * of the cycle: E[(S - X_L)+] and E[(S - X_P)+], i.e. S + (n_L(S) +
 * n_P(S)) / 2 up to a constant.  Its Lagrangian separates by item: for a
 * price lambda of a unit short per cycle each item takes the level
 * minimising c_i(S) + lambda ESC_i(S).  Where ESC is convex (above the
 * lead-time demand's bulk, where all practical levels lie) that is the
 * level where the marginal shortage one more unit avoids,
 * P(X_P > S) - P(X_L > S), falls to c_i'(S) / lambda: with COST_LEVEL
 * every item has the same probability 1/lambda of a stock-out on its last
 * unit.  The normal rule, or the per-item target, instead gives every
 * item the same fill rate, which spends the stock of skewed, slow items
 * where a unit buys less pooled fill rate.
 *
 * The price is found by bisection (on log lambda) so that the pooled
 * constraint holds, then the few units that move at the critical price
 * are added one at a time by the largest shortage avoided per unit of
 * cost, so the levels are the smallest meeting the target (the greedy
 * marginal allocation, optimal for separable convex shortage).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_POOLED_FILL_RATE_H
#define STK_POOLED_FILL_RATE_H

#include "stk_core.h"

/* What the levels minimise. */
typedef enum StkPooledCost
{
	STK_POOLED_COST_LEVEL,		/* sum of the order-up-to levels */
	STK_POOLED_COST_ON_HAND		/* sum of the mean stock on hand */
} StkPooledCost;

/*
 * An item: loss tables of X_P (tp[0..np], tp[np] = 0) and of X_L
 * (tl[0..nl]), as stk_pmf_loss_table builds them (StkReorderPlan's
 * loss_p/np and loss_l/nl).  An item with E[X_P] - E[X_L] <= 0 has no
 * demand in its review window and gets level 0.
 */
typedef struct StkPooledItem
{
	const double *tp;
	int			np;
	const double *tl;
	int			nl;
} StkPooledItem;

/* ESC(S) = n_P(S) - n_L(S) at an integer S. */
extern double stk_pooled_shortage(const StkPooledItem *it, double S);

/*
 * The smallest integer level in [0, np] minimising cost(S) + price *
 * ESC(S) (price >= 0): the item's level at that price of a unit short.
 */
extern double stk_pooled_item_level(const StkPooledItem *it, double price,
									StkPooledCost cost);

/*
 * The levels of items[0..n-1] (n >= 1) with the least total cost whose
 * pooled fill rate is at least target (in (0, 1)): levels[i], the price
 * of a unit short at which they are reached (*price, may be NULL) and the
 * pooled fill rate achieved (*achieved, may be NULL).  STK_EINVAL for a
 * bad target or item, STK_ENOMEM, STK_ECANCELED when stk_interrupted()
 * says so (per price tried and per unit step; levels are then
 * undefined).  Without any demand every level is 0 and the fill rate 1.
 */
extern StkStatus stk_pooled_fill_rate_levels(const StkPooledItem *items, int n,
											 double target, StkPooledCost cost,
											 const StkAllocator *a,
											 double *levels, double *price,
											 double *achieved);

#endif							/* STK_POOLED_FILL_RATE_H */
