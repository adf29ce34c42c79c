/*-------------------------------------------------------------------------
 *
 * test_pooled_fill_rate.c
 *	  Unit tests of the pooled fill-rate levels (pooled_fill_rate.c).
 *
 * Golden values: two Poisson items by exhaustive search over every pair
 * of levels (the least total stock meeting the pooled fill rate), and the
 * optimality conditions checked numerically: no transfer of units
 * between two items at equal or lower total stock reaches the target
 * with less stock, and no level can be lowered by one.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "inventory_loss.h"
#include "inventory_policy.h"
#include "pooled_fill_rate.h"
#include "reorder.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

#define MAXN 512

typedef struct Tables
{
	double		tp[MAXN + 1];
	double		tl[MAXN + 1];
} Tables;

/* Poisson(m) pmf on 0..n-1 (n large enough that the tail is below 1e-16) */
static int
poisson_pmf(double m, double *pmf)
{
	int			n = (int) ceil(m + 12.0 * sqrt(m) + 25.0);

	/* no demand (L = 0): all mass at 0 (GSL's pdf is NaN at mean 0) */
	if (m == 0.0)
	{
		pmf[0] = 1.0;
		return 1;
	}
	for (int j = 0; j < n; j++)
		pmf[j] = gsl_ran_poisson_pdf(j, m);
	return n;
}

/* An item with Poisson demand of mean mu per period, review R, lead time L */
static void
poisson_item(double mu, int R, int L, Tables *t, StkPooledItem *it)
{
	double		pmf[MAXN];
	int			np = poisson_pmf(mu * (R + L), pmf),
				nl;

	stk_pmf_loss_table(pmf, np, t->tp);
	nl = poisson_pmf(mu * L, pmf);
	stk_pmf_loss_table(pmf, nl, t->tl);
	it->tp = t->tp;
	it->np = np;
	it->tl = t->tl;
	it->nl = nl;
}

static double
pooled_fr(const StkPooledItem *it, int n, const double *S)
{
	double		sh = 0,
				d = 0;

	for (int i = 0; i < n; i++)
	{
		sh += stk_pooled_shortage(&it[i], S[i]);
		d += it[i].tp[0] - it[i].tl[0];
	}
	return 1 - sh / d;
}

static double
cost_of(const StkPooledItem *it, double S, StkPooledCost c)
{
	int			s = (int) S;

	if (c == STK_POOLED_COST_LEVEL)
		return S;
	return S + 0.5 * ((s < it->np ? it->tp[s] : 0) + (s < it->nl ? it->tl[s] : 0));
}

/*
 * Two Poisson items, R = 1, L = 0 (so X_L = 0, ESC = n_P): means 2 and
 * 10, pooled target 0.95 over 12 units a period, i.e. at most 0.6 units
 * short.  Every pair (S1, S2) in [0, 40]^2 is tried.
 */
static void
test_two_poisson(void)
{
	Tables		t[2];
	StkPooledItem it[2];
	double		S[2],
				price,
				fr,
				best = INFINITY,
				item_total = 0;
	int			b1 = -1,
				b2 = -1;

	poisson_item(2, 1, 0, &t[0], &it[0]);
	poisson_item(10, 1, 0, &t[1], &it[1]);
	tap_is_double(stk_pooled_shortage(&it[0], 0), 2, 1e-12, "ESC(0) = the mean");
	/* n(3) of Poisson(2) = 2 - 3 + sum_{j<3} (3 - j) p_j = -1 + 3e^-2 + 2(2e^-2) + 2e^-2 */
	tap_is_double(stk_pooled_shortage(&it[0], 3), -1 + 9 * exp(-2), 1e-12,
				  "ESC(3) of Poisson(2) = 9 e^-2 - 1");

	for (int s1 = 0; s1 <= 40; s1++)
		for (int s2 = 0; s2 <= 40; s2++)
		{
			double		SS[2] = {s1, s2};

			if (pooled_fr(it, 2, SS) >= 0.95 && s1 + s2 < best)
			{
				best = s1 + s2;
				b1 = s1;
				b2 = s2;
			}
		}
	tap_ok(stk_pooled_fill_rate_levels(it, 2, 0.95, STK_POOLED_COST_LEVEL, A, S, &price, &fr) == STK_OK,
		   "two Poisson items: status");
	tap_is_double(S[0] + S[1], best, 0, "least total stock = exhaustive search's (%g)", best);
	/* hand check of the search's answer: (3, 13) */
	tap_is_double(b1, 3, 0, "exhaustive: S1 = 3");
	tap_is_double(b2, 13, 0, "exhaustive: S2 = 13");
	tap_is_double(S[0], 3, 0, "pooled S1 = 3");
	tap_is_double(S[1], 13, 0, "pooled S2 = 13");
	tap_ok(fr >= 0.95 && fabs(fr - pooled_fr(it, 2, S)) < 1e-12, "achieved %.6f >= 0.95", fr);

	/*
	 * Item by item each needs its own 95 %: Poisson(2) S = 4 (n(3) =
	 * 0.218 > 0.1), Poisson(10) S = 13; the pooled levels save a unit.
	 */
	for (int i = 0; i < 2; i++)
	{
		double		x,
					ach;

		stk_level_from_loss(it[i].tp, it[i].np, it[i].tl, it[i].nl, 1,
							STK_SERVICE_FILL_RATE, 0.95, &x, &ach);
		item_total += x;
	}
	tap_is_double(item_total, 17, 0, "item by item: 4 + 13 = 17");
	tap_ok(S[0] + S[1] < item_total, "pooled needs less stock than item by item");

	/* price 0: nothing stocked; a huge price: the supports' ends */
	tap_is_double(stk_pooled_item_level(&it[0], 0, STK_POOLED_COST_LEVEL), 0, 0, "price 0: level 0");
	tap_is_double(stk_pooled_shortage(&it[0], stk_pooled_item_level(&it[0], 1e30, STK_POOLED_COST_LEVEL)), 0, 1e-15,
				  "huge price: no shortage left");

	/*
	 * COST_LEVEL: the common marginal stock-out probability.  At the
	 * price found, each level S has P(X > S) <= 1/price <= P(X > S - 1).
	 */
	for (int i = 0; i < 2; i++)
	{
		double		x = stk_pooled_item_level(&it[i], price, STK_POOLED_COST_LEVEL);
		double		above = stk_pooled_shortage(&it[i], x) - stk_pooled_shortage(&it[i], x + 1);
		double		below = stk_pooled_shortage(&it[i], x - 1) - stk_pooled_shortage(&it[i], x);

		tap_ok(above <= 1 / price + 1e-12 && below >= 1 / price - 1e-12,
			   "item %d at the price: P(X > S) = %.4f <= 1/price = %.4f <= P(X > S-1) = %.4f",
			   i, above, 1 / price, below);
	}
}

/*
 * Eight Poisson items with lead times (so the shortage at the start of a
 * cycle is subtracted), both costs, three targets: the levels meet the
 * target, no level can come down by one, and no transfer of one or two
 * units from one item to another reaches the target at lower cost.
 */
static void
test_perturbation(void)
{
	static const double mu[8] = {0.3, 0.8, 1.5, 2.5, 4, 7, 11, 16};
	static const int L[8] = {7, 3, 7, 0, 2, 7, 5, 1};
	Tables	   *t = malloc(sizeof(Tables) * 8);
	StkPooledItem it[8];
	static const double targets[3] = {0.9, 0.95, 0.99};

	for (int i = 0; i < 8; i++)
		poisson_item(mu[i], 7, L[i], &t[i], &it[i]);
	for (int c = 0; c < 2; c++)
		for (int k = 0; k < 3; k++)
		{
			StkPooledCost cost = c == 0 ? STK_POOLED_COST_LEVEL : STK_POOLED_COST_ON_HAND;
			double		S[8],
						fr,
						total = 0,
						item_total = 0;
			int			lowerable = 0,
						better = 0,
						tried = 0;

			tap_ok(stk_pooled_fill_rate_levels(it, 8, targets[k], cost, A, S, NULL, &fr) == STK_OK,
				   "8 items, cost %d, target %g: status", c, targets[k]);
			tap_ok(fr >= targets[k] && fr < targets[k] + 0.01,
				   "8 items, cost %d, target %g: achieved %.5f", c, targets[k], fr);
			for (int i = 0; i < 8; i++)
				total += cost_of(&it[i], S[i], cost);
			for (int i = 0; i < 8; i++)
			{
				double		x,
							ach;

				S[i] -= 1;
				if (S[i] >= 0 && pooled_fr(it, 8, S) >= targets[k])
					lowerable++;
				S[i] += 1;
				stk_level_from_loss(it[i].tp, it[i].np, it[i].tl, it[i].nl, 1,
									STK_SERVICE_FILL_RATE, targets[k], &x, &ach);
				item_total += cost_of(&it[i], x, cost);
			}
			tap_ok(lowerable == 0, "cost %d, target %g: no level can come down by one", c, targets[k]);
			for (int i = 0; i < 8; i++)
				for (int j = 0; j < 8; j++)
					for (int up = 1; up <= 2; up++)
						for (int down = 1; down <= 3; down++)
						{
							double		T[8],
										tot = 0;

							if (i == j || S[j] - down < 0)
								continue;
							memcpy(T, S, sizeof(T));
							T[i] += up;
							T[j] -= down;
							tried++;
							if (pooled_fr(it, 8, T) < fr - 1e-12)
								continue;
							for (int m = 0; m < 8; m++)
								tot += cost_of(&it[m], T[m], cost);
							if (tot < total - 1e-9)
							{
								better++;
								printf("# better: i %d +%d, j %d -%d: S = %g %g, cost %.4f < %.4f, fr %.6f\n", i, up, j, down, S[i], S[j], tot, total, pooled_fr(it, 8, T));
							}
						}
			tap_ok(tried > 200 && better == 0,
				   "cost %d, target %g: none of %d transfers reaches the same fill rate with less stock",
				   c, targets[k], tried);
			tap_ok(total <= item_total + 1e-9,
				   "cost %d, target %g: pooled %.2f <= item by item %.2f", c, targets[k], total, item_total);
		}
	free(t);
}

static void
test_edges(void)
{
	Tables		t[2];
	StkPooledItem it[2],
				bad;
	double		S[2],
				fr;
	double		zero[2] = {0, 0};

	poisson_item(2, 1, 0, &t[0], &it[0]);
	poisson_item(10, 1, 0, &t[1], &it[1]);
	tap_ok(stk_pooled_fill_rate_levels(it, 2, 1.0, STK_POOLED_COST_LEVEL, A, S, NULL, NULL) == STK_EINVAL,
		   "target 1: STK_EINVAL");
	tap_ok(stk_pooled_fill_rate_levels(it, 2, NAN, STK_POOLED_COST_LEVEL, A, S, NULL, NULL) == STK_ENONFINITE,
		   "target NaN: STK_ENONFINITE");
	tap_ok(stk_pooled_fill_rate_levels(it, 0, 0.9, STK_POOLED_COST_LEVEL, A, S, NULL, NULL) == STK_EINVAL,
		   "no items: STK_EINVAL");
	bad = it[0];
	bad.np = 0;
	tap_ok(stk_pooled_fill_rate_levels(&bad, 1, 0.9, STK_POOLED_COST_LEVEL, A, S, NULL, NULL) == STK_EINVAL,
		   "empty table: STK_EINVAL");
	/* an item without demand: level 0, the other item alone carries the target */
	bad.tp = zero;
	bad.np = 1;
	bad.tl = zero;
	bad.nl = 1;
	it[0] = bad;
	tap_ok(stk_pooled_fill_rate_levels(it, 2, 0.95, STK_POOLED_COST_LEVEL, A, S, NULL, &fr) == STK_OK &&
		   S[0] == 0 && S[1] == 13, "an item without demand gets 0 (the other 13)");
	it[1] = bad;
	tap_ok(stk_pooled_fill_rate_levels(it, 2, 0.95, STK_POOLED_COST_LEVEL, A, S, NULL, &fr) == STK_OK &&
		   S[0] == 0 && S[1] == 0 && fr == 1, "no demand at all: levels 0, fill rate 1");
}

/*
 * A reorder plan at a price: deterministic demand, 2 a period, R = 1,
 * L = 3, so X_P = 8 and X_L = 6, and the 2 units of the review period
 * are short below S = 8.  Mean on hand up to a constant, S + (n_L(S) +
 * n_P(S)) / 2, is 8 at S = 8, 7.5 at S = 7 and 7 at every S <= 6 (what
 * lies below the lead-time demand only fills backorders); with price x
 * ESC: 8, 7.5 + price, 7 + 2 price.  So the level is 0 (fill rate 0)
 * below price 0.5 and 8 (fill rate 1) above: serving the review period
 * costs one unit of mean stock for 2 units short avoided.
 */
static void
test_plan_price(void)
{
	double		y[60];
	StkReorderOptions o;
	StkReorderPlan p;

	for (int i = 0; i < 60; i++)
		y[i] = 2;
	stk_reorder_options_default(&o);
	o.lead_mean = 3;
	o.method = STK_METHOD_MEAN;
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK, "plan: status");
	tap_ok(stk_reorder_plan_price_level(&p, 0.45) == STK_OK && p.order_up_to == 0 &&
		   p.reorder_point == 0 && p.safety_stock == -8, "price 0.45: S = 0, safety stock -8");
	tap_is_double(p.service, 0, 1e-12, "price 0.45: fill rate 0");
	tap_ok(stk_reorder_plan_price_level(&p, 0.55) == STK_OK && p.order_up_to == 8 &&
		   p.safety_stock == 0 && p.service == 1, "price 0.55: S = 8, fill rate 1");
	tap_ok(stk_reorder_plan_price_level(&p, -1) == STK_EINVAL, "negative price: STK_EINVAL");
	tap_ok(stk_reorder_plan_price_level(&p, NAN) == STK_ENONFINITE, "NaN price: STK_ENONFINITE");
	stk_reorder_plan_free(&p, A);
	o.policy = STK_POLICY_SQ;
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK &&
		   stk_reorder_plan_price_level(&p, 1) == STK_EINVAL, "sQ plan: STK_EINVAL");
	stk_reorder_plan_free(&p, A);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_two_poisson();
	test_perturbation();
	test_edges();
	test_plan_price();
	return tap_done();
}
