/*-------------------------------------------------------------------------
 *
 * pooled_fill_rate.c
 *	  Order-up-to levels of a group of items reaching a pooled fill rate
 *	  with the least stock (pooled_fill_rate.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "inventory_policy.h"
#include "pooled_fill_rate.h"

/* Bisection steps on log(price) and the relative width it stops at. */
#define POOLED_MAX_STEPS 200
#define POOLED_PRICE_TOL 1e-13
/* Prices tried when looking for a bracket: 4^-40 ... 4^40. */
#define POOLED_BRACKET_STEPS 40
/* Widest step of one item when filling beyond the critical price's levels. */
#define POOLED_STEP_SPAN 64
/* Slack on the fill rate, for rounding in the sums. */
#define POOLED_FR_TOL 1e-12
/* Support points searched between two looks at stk_interrupted(). */
#define POOLED_CHECK_POINTS (1 << 20)

/* n(S) of a loss table t[0..n] at an integer S >= 0 */
static inline double
TableLoss(const double *t, int n, int S)
{
	return S < n ? t[S] : 0.0;
}

double
stk_pooled_shortage(const StkPooledItem *it, double S)
{
	int			s = (int) S;

	if (S <= 0.0)
		return it->tp[0] - it->tl[0];
	return TableLoss(it->tp, it->np, s) - TableLoss(it->tl, it->nl, s);
}

/* The stock a level costs, up to a constant. */
static inline double
Cost(const StkPooledItem *it, int S, StkPooledCost cost)
{
	if (cost == STK_POOLED_COST_LEVEL)
		return S;
	return S + 0.5 * (TableLoss(it->tp, it->np, S) + TableLoss(it->tl, it->nl, S));
}

double
stk_pooled_item_level(const StkPooledItem *it, double price, StkPooledCost cost)
{
	double		best = INFINITY;
	int			arg = 0;

	if (!(it->tp[0] - it->tl[0] > 0.0))
		return 0.0;
	/* ESC is 0 from np on, so no larger level can be cheaper */
	for (int S = 0; S <= it->np; S++)
	{
		double		f = Cost(it, S, cost) +
			price * (TableLoss(it->tp, it->np, S) - TableLoss(it->tl, it->nl, S));

		if (f < best)
		{
			best = f;
			arg = S;
		}
	}
	return arg;
}

/*
 * Levels at a price; their total shortage into *sh.  A pass over every
 * item's support, so it looks at stk_interrupted() on entry and every
 * POOLED_CHECK_POINTS support points (STK_ECANCELED).
 */
static StkStatus
LevelsAt(const StkPooledItem *items, int n, double price, StkPooledCost cost,
		 double *levels, double *sh)
{
	long		work = 0;

	*sh = 0.0;
	if (stk_interrupted())
		return STK_ECANCELED;
	for (int i = 0; i < n; i++)
	{
		work += items[i].np;
		if (work >= POOLED_CHECK_POINTS)
		{
			work = 0;
			if (stk_interrupted())
				return STK_ECANCELED;
		}
		levels[i] = stk_pooled_item_level(&items[i], price, cost);
		*sh += stk_pooled_shortage(&items[i], levels[i]);
	}
	return STK_OK;
}

/* Total cost of levels. */
static double
TotalCost(const StkPooledItem *items, int n, const double *lv, StkPooledCost cost)
{
	double		c = 0.0;

	for (int i = 0; i < n; i++)
		c += Cost(&items[i], (int) lv[i], cost);
	return c;
}

/*
 * Raise levels lv (total shortage *sh) until the shortage is within budget,
 * step by step, each step the move of one item (not skip) from its level S
 * to a level S' <= limit[i] (limit NULL: S + POOLED_STEP_SPAN, within the
 * support) with the most shortage avoided per unit of cost.  With last
 * given, *last is the item of the last step and prev the levels before it.
 * *sh gets the shortage reached.  A step costs O(n POOLED_STEP_SPAN) and
 * there may be as many steps as units in the group: STK_ECANCELED when
 * stk_interrupted() says so.
 */
static StkStatus
Fill(const StkPooledItem *items, int n, double *lv, double *sh, double budget,
	 StkPooledCost cost, const double *limit, int skip, int *last, double *prev)
{
	while (*sh > budget)
	{
		int			best = -1,
					best_to = 0;
		double		best_ratio = -1.0,
					gain = 0.0;

		if (stk_interrupted())
			return STK_ECANCELED;
		for (int i = 0; i < n; i++)
		{
			int			S = (int) lv[i],
						top;
			double		e0,
						c0;

			if (i == skip)
				continue;
			top = limit ? (int) limit[i] : S + POOLED_STEP_SPAN;
			if (top > items[i].np)
				top = items[i].np;
			if (top <= S)
				continue;
			e0 = stk_pooled_shortage(&items[i], S);
			c0 = Cost(&items[i], S, cost);
			for (int to = S + 1; to <= top; to++)
			{
				double		g = e0 - stk_pooled_shortage(&items[i], to);
				double		r = g / fmax(Cost(&items[i], to, cost) - c0, 1e-12);

				if (r > best_ratio)
				{
					best_ratio = r;
					best = i;
					best_to = to;
					gain = g;
				}
			}
		}
		if (best < 0)
			break;
		if (last)
		{
			memcpy(prev, lv, sizeof(double) * n);
			*last = best;
		}
		lv[best] = best_to;
		*sh -= gain;
	}
	return STK_OK;
}

/*
 * Lower levels by a unit while the shortage (*sh) stays within budget, the
 * most cost saved per shortage added first (not item skip).  *sh gets the
 * shortage reached.  STK_ECANCELED when stk_interrupted() says so (a step
 * per unit, O(n) each).
 */
static StkStatus
Trim(const StkPooledItem *items, int n, double *lv, double *sh, double budget,
	 StkPooledCost cost, int skip)
{
	for (;;)
	{
		int			best = -1;
		double		best_ratio = -1.0,
					loss = 0.0;

		if (stk_interrupted())
			return STK_ECANCELED;
		for (int i = 0; i < n; i++)
		{
			int			S = (int) lv[i];
			double		d,
						saved,
						r;

			if (S < 1 || i == skip)
				continue;
			d = stk_pooled_shortage(&items[i], S - 1) - stk_pooled_shortage(&items[i], S);
			saved = Cost(&items[i], S, cost) - Cost(&items[i], S - 1, cost);
			if (*sh + d > budget || !(saved > 0.0))
				continue;
			r = saved / fmax(d, 1e-300);
			if (r > best_ratio)
			{
				best_ratio = r;
				best = i;
				loss = d;
			}
		}
		if (best < 0)
			return STK_OK;
		lv[best] -= 1.0;
		*sh += loss;
	}
}

StkStatus
stk_pooled_fill_rate_levels(const StkPooledItem *items, int n, double target,
							StkPooledCost cost, const StkAllocator *a,
							double *levels, double *price, double *achieved)
{
	double		demand = 0.0,
				budget,
				lo,
				hi,
				sh;
	double	   *lv,
			   *prev = NULL,
			   *cand = NULL,
				lv_last = 0.0;
	int			last;
	StkStatus	st;

	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (items == NULL || levels == NULL || n < 1 ||
		(cost != STK_POOLED_COST_LEVEL && cost != STK_POOLED_COST_ON_HAND))
		return STK_EINVAL;
	for (int i = 0; i < n; i++)
	{
		const StkPooledItem *it = &items[i];

		if (it->tp == NULL || it->tl == NULL || it->np < 1 || it->nl < 1)
			return STK_EINVAL;
		if (!isfinite(it->tp[0]) || !isfinite(it->tl[0]))
			return STK_ENONFINITE;
		if (it->tp[0] - it->tl[0] > 0.0)
			demand += it->tp[0] - it->tl[0];
	}
	if (price)
		*price = 0.0;
	if (achieved)
		*achieved = 1.0;
	if (!(demand > 0.0))
	{
		memset(levels, 0, sizeof(double) * n);
		return STK_OK;
	}
	budget = (1.0 - target) * demand * (1.0 + POOLED_FR_TOL);
	lv = stk_alloc(a, sizeof(double) * n);
	if (lv == NULL)
		return STK_ENOMEM;

	/*
	 * Bracket the price: the shortage falls as the price rises (each
	 * item's smallest minimiser moves up), from the whole demand at price
	 * 0 to none once every level reaches its support's end.  Each price
	 * costs a pass over every item's support.
	 */
	lo = hi = 1.0;
	if ((st = LevelsAt(items, n, hi, cost, lv, &sh)) != STK_OK)
		goto done;
	if (sh > budget)
	{
		for (int k = 0; k < POOLED_BRACKET_STEPS; k++)
		{
			if ((st = LevelsAt(items, n, hi, cost, lv, &sh)) != STK_OK)
				goto done;
			if (!(sh > budget))
				break;
			lo = hi;
			hi *= 4.0;
		}
	}
	else
	{
		for (int k = 0; k < POOLED_BRACKET_STEPS; k++)
		{
			if ((st = LevelsAt(items, n, lo, cost, lv, &sh)) != STK_OK)
				goto done;
			if (!(sh <= budget))
				break;
			hi = lo;
			lo /= 4.0;
		}
	}
	for (int k = 0; k < POOLED_MAX_STEPS && hi / lo > 1.0 + POOLED_PRICE_TOL; k++)
	{
		double		mid = sqrt(lo * hi);

		if ((st = LevelsAt(items, n, mid, cost, lv, &sh)) != STK_OK)
			goto done;
		if (sh > budget)
			lo = mid;
		else
			hi = mid;
	}

	/* levels at the high price meet the target (or are the support's ends) */
	if ((st = LevelsAt(items, n, hi, cost, levels, &sh)) != STK_OK ||
		(st = LevelsAt(items, n, lo, cost, lv, &sh)) != STK_OK)
		goto done;

	/*
	 * Between the two prices some items jump by a unit or more.  From the
	 * low price's levels, take the steps one at a time, the one avoiding
	 * the most shortage per unit of cost first, until the target is met,
	 * then lower what the last step overshot.
	 */
	prev = stk_alloc(a, sizeof(double) * n);
	cand = stk_alloc(a, sizeof(double) * n);
	if (prev == NULL || cand == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	memcpy(prev, lv, sizeof(double) * n);
	last = -1;
	if ((st = Fill(items, n, lv, &sh, budget, cost, levels, -1, &last, prev)) != STK_OK)
		goto done;
	if (last >= 0)
		lv_last = lv[last];
	if (sh > budget)
	{
		/* rounding left the target unmet: the high price's levels meet it */
		sh = 0.0;
		for (int i = 0; i < n; i++)
			sh += stk_pooled_shortage(&items[i], levels[i]);
	}
	else
	{
		double		best = TotalCost(items, n, lv, cost),
					sh0 = 0.0;

		if ((st = Trim(items, n, lv, &sh, budget, cost, -1)) != STK_OK)
			goto done;
		best = TotalCost(items, n, lv, cost);
		memcpy(levels, lv, sizeof(double) * n);

		/*
		 * Below the bulk of the lead-time demand an item's shortage is not
		 * convex (its first units mostly fill backorders), so the last
		 * step may span several units that only pay off together, and
		 * cutting it short is not the best use of them: try every level
		 * within the last step for its item, filling the rest of the
		 * target with the other items' steps.
		 */
		if (last >= 0)
		{
			for (int i = 0; i < n; i++)
				sh0 += stk_pooled_shortage(&items[i], prev[i]);
			for (double k = prev[last]; k < lv_last; k += 1.0)
			{
				double		c,
							shc;

				memcpy(cand, prev, sizeof(double) * n);
				cand[last] = k;
				shc = sh0 - stk_pooled_shortage(&items[last], prev[last]) +
					stk_pooled_shortage(&items[last], k);
				if ((st = Fill(items, n, cand, &shc, budget, cost, NULL, last,
							   NULL, NULL)) != STK_OK)
					goto done;
				if (shc > budget)
					continue;
				if ((st = Trim(items, n, cand, &shc, budget, cost, last)) != STK_OK)
					goto done;
				c = TotalCost(items, n, cand, cost);
				if (c < best - 1e-12)
				{
					best = c;
					memcpy(levels, cand, sizeof(double) * n);
				}
			}
		}
		sh = 0.0;
		for (int i = 0; i < n; i++)
			sh += stk_pooled_shortage(&items[i], levels[i]);
	}

	/* the exact total of the levels returned */
	sh = 0.0;
	for (int i = 0; i < n; i++)
		sh += stk_pooled_shortage(&items[i], levels[i]);
	if (price)
		*price = hi;
	if (achieved)
		*achieved = 1.0 - sh / demand;
done:
	stk_free(a, lv);
	stk_free(a, prev);
	stk_free(a, cand);
	return st;
}
