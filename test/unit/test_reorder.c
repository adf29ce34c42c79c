/*-------------------------------------------------------------------------
 *
 * test_reorder.c
 *	  Unit tests of the stock optimiser core (reorder.c) and of the level
 *	  search it shares with the exact (R,S) rule (stk_level_from_loss).
 *
 * Golden values are hand computations (deterministic demand, where every
 * loss function is a straight line) and the exact (R,S) rule of
 * inventory_policy.c, itself tested against R; the calibration on random
 * demand is the job of test/bench/reorder_calibration.c, here only a
 * small simulation checks that the exact level's fill rate is reached.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "inventory_loss.h"
#include "inventory_policy.h"
#include "inventory_sim.h"
#include "level_change.h"
#include "reorder.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

static void
opts(StkReorderOptions *o, double lead, int review, StkMethod m)
{
	stk_reorder_options_default(o);
	o->lead_mean = lead;
	o->review = review;
	o->method = m;
}

/* 2 units every period, forecast by the mean: every window is deterministic. */
static void
test_deterministic(void)
{
	double		y[60];
	StkReorderOptions o;
	StkReorderPlan p;
	StkReorderAdvice adv;

	for (int i = 0; i < 60; i++)
		y[i] = 2;
	opts(&o, 3, 1, STK_METHOD_MEAN);
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK, "plan status");
	/* beta(8) = 1, beta(7) = 1 - (n_4(7) - n_3(7))/2 = 0.5 */
	tap_is_double(p.order_up_to, 8, 0, "RS: S = 2 (R + L) = 8");
	tap_is_double(p.safety_stock, 0, 1e-12, "no safety stock for certain demand");
	tap_is_double(p.mean_protection, 8, 1e-12, "E[X_P] = 8");
	tap_is_double(p.mean_lead, 6, 1e-12, "E[X_L] = 6");
	tap_is_double(p.service, 1, 0, "service 1");

	/* position 2: order 6; P(X_L = 6 > 2) = 1; on hand 3 lasts 1.5 periods */
	tap_ok(stk_reorder_assess(&p, 3, 0, 1, &adv) == STK_OK, "assess status");
	tap_is_double(adv.position, 2, 0, "position = on hand + on order - reserved");
	tap_is_double(adv.raw_qty, 6, 0, "order S - IP");
	tap_is_double(adv.stockout_prob, 1, 0, "certain stock-out before delivery");
	tap_is_double(adv.days_of_cover, 1.5, 1e-12, "days of cover 1.5");
	tap_is_double(stk_reorder_shortage(&p, 2), 2, 1e-12, "shortage per cycle n_P(2) - n_L(2) = 2");
	tap_is_double(stk_reorder_shortage(&p, 8), 0, 1e-12, "no shortage at S");
	tap_ok(stk_reorder_assess(&p, 100, 0, 0, &adv) == STK_OK && adv.raw_qty == 0 &&
		   adv.stockout_prob == 0 && fabs(adv.days_of_cover - 50) < 1e-9,
		   "plenty of stock: no order, no risk, 50 days of cover");
	tap_ok(stk_reorder_assess(&p, 1, -1, 0, &adv) == STK_EINVAL, "negative on order: STK_EINVAL");
	tap_ok(stk_reorder_assess(&p, NAN, 0, 0, &adv) == STK_ENONFINITE, "NaN on hand: STK_ENONFINITE");
	stk_reorder_plan_free(&p, A);

	/*
	 * (s,Q), Q = 10, checked every period: protection L + 1 = 4 periods.
	 * s = 6: positions 7..16, position 7 short 1 of the period's 2 -> 0.95.
	 */
	o.policy = STK_POLICY_SQ;
	o.order_qty = 10;
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK, "sQ plan status");
	tap_is_double(p.reorder_point, 6, 0, "sQ: s = 6 (nearest to 0.95)");
	tap_is_double(p.service, 0.95, 1e-12, "sQ: service 0.95");
	tap_ok(stk_reorder_assess(&p, 0, 0, 0, &adv) == STK_OK && adv.raw_qty == 10,
		   "sQ: one Q when the position is at or below s");
	tap_ok(stk_reorder_assess(&p, -15, 0, 0, &adv) == STK_OK && adv.raw_qty == 30,
		   "sQ: enough multiples of Q to rise above s");
	stk_reorder_plan_free(&p, A);

	/* smallest level meeting the target instead of the nearest */
	o.nearest = false;
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK && p.reorder_point == 6 &&
		   p.service >= 0.95 - 1e-12, "sQ smallest meeting 0.95 is also 6");
	stk_reorder_plan_free(&p, A);
	o.target = 0.96;
	tap_ok(stk_reorder_plan(y, 60, &o, A, &p) == STK_OK && p.reorder_point == 7 &&
		   p.service == 1, "sQ smallest meeting 0.96: 7");
	stk_reorder_plan_free(&p, A);
}

/* The general search reproduces the exact (R,S) rule on Poisson demand. */
static void
test_level_search(void)
{
	double		pp[80],
				pl[40],
				tp[81],
				tl[41],
				S1,
				b1,
				x,
				b2;

	for (int j = 0; j < 80; j++)
		pp[j] = gsl_ran_poisson_pdf(j, 10.0);
	for (int j = 0; j < 40; j++)
		pl[j] = gsl_ran_poisson_pdf(j, 4.0);
	stk_pmf_loss_table(pp, 80, tp);
	stk_pmf_loss_table(pl, 40, tl);
	stk_rs_order_up_to_pmf(pp, 80, pl, 40, STK_SERVICE_FILL_RATE, 0.95, A, &S1, &b1);
	tap_ok(stk_level_from_loss(tp, 80, tl, 40, 1, STK_SERVICE_FILL_RATE, 0.95, &x, &b2) == STK_OK,
		   "level search status");
	tap_is_double(x, S1, 0, "Q = 1 is the (R,S) level");
	tap_is_double(b2, b1, 1e-15, "and its fill rate");
	tap_ok(stk_level_service(tp, 80, tl, 40, 1, STK_SERVICE_FILL_RATE, x - 1) < 0.95,
		   "one unit less misses the target");
	/* larger Q (positions spread above s) needs a lower s */
	tap_ok(stk_level_from_loss(tp, 80, tl, 40, 8, STK_SERVICE_FILL_RATE, 0.95, &x, &b2) == STK_OK &&
		   x < S1 && b2 >= 0.95, "Q = 8: lower reorder level, target met");
	tap_ok(stk_level_from_loss(tp, 80, tl, 40, 1, STK_SERVICE_FILL_RATE, 1.0, &x, &b2) == STK_EINVAL,
		   "target 1: STK_EINVAL");
	tap_ok(stk_level_from_loss(tp, 80, tl, 40, 0, STK_SERVICE_FILL_RATE, 0.9, &x, &b2) == STK_EINVAL,
		   "Q = 0: STK_EINVAL");
}

/*
 * Poisson demand replayed through the simulator: with the smallest level
 * meeting 0.95 (backorders, the formula's assumption), the achieved fill
 * rate over 20,000 periods is within a point of the model's.
 */
static void
test_simulated(void)
{
	int			nh = 1000,
				nt = 20000;
	double	   *y = malloc(sizeof(double) * (nh + nt));
	gsl_rng    *g = gsl_rng_alloc(gsl_rng_mt19937);
	StkReorderOptions o;
	StkReorderPlan p;
	StkSimPolicy pol;
	StkSimLeadTime lt;
	StkSimOptions so;
	StkSimResult r;

	gsl_rng_set(g, 5);
	for (int i = 0; i < nh + nt; i++)
		y[i] = gsl_ran_poisson(g, 3.0);
	opts(&o, 4, 7, STK_METHOD_MEAN);
	o.nearest = false;
	tap_ok(stk_reorder_plan(y, nh, &o, A, &p) == STK_OK, "Poisson plan status");
	memset(&pol, 0, sizeof(pol));
	memset(&lt, 0, sizeof(lt));
	memset(&so, 0, sizeof(so));
	pol.kind = STK_POLICY_RS;
	pol.review = 7;
	pol.S = p.order_up_to;
	lt.kind = STK_LEAD_CONSTANT;
	lt.constant = 4;
	so.initial_on_hand = pol.S;
	so.warmup = 11;
	tap_ok(stk_simulate_policy(y + nh, nt, &pol, &lt, &so, A, &r) == STK_OK, "simulation status");
	{
		StkDiscreteDemand dd = {STK_DEMAND_POISSON, 3.0, 3.0};
		double		lv = 4,
					truth;
		StkLeadTimeDist ld = {1, &lv, NULL};

		stk_rs_fill_rate_exact(&dd, 7, &ld, p.order_up_to, &truth);
		tap_ok(fabs(r.fill_rate - truth) < 0.006,
			   "simulated fill rate %.4f vs the true distribution's %.4f", r.fill_rate, truth);
		tap_ok(fabs(p.service - truth) < 0.015,
			   "estimated model's service %.4f vs the true %.4f", p.service, truth);
	}
	tap_ok(p.service >= 0.95, "model service meets the target");
	stk_reorder_plan_free(&p, A);

	/* time-varying levels: a path equal to S everywhere gives the same run */
	{
		double	   *path = malloc(sizeof(double) * nt);
		StkSimResult r2;

		for (int i = 0; i < nt; i++)
			path[i] = pol.S;
		pol.S_path = path;
		stk_simulate_policy(y + nh, nt, &pol, &lt, &so, A, &r2);
		tap_ok(r2.served == r.served && r2.avg_on_hand == r.avg_on_hand,
			   "a constant level path reproduces the constant level");
		path[5] = NAN;
		tap_ok(stk_simulate_policy(y + nh, nt, &pol, &lt, &so, A, &r2) == STK_ENONFINITE,
			   "NaN in the level path: STK_ENONFINITE");
		free(path);
	}
	gsl_rng_free(g);
	free(y);
}

/* Slow movers, no demand, bad options. */
static void
test_edges(void)
{
	double		slow[40] = {0, 0, 3, 0, 0, 0, 5, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 4, 0,
		0, 1, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0};
	double		zero[5] = {0, 0, 0, 0, 0};
	double		neg[3] = {1, -1, 2};
	StkReorderOptions o;
	StkReorderPlan p,
				q;
	StkReorderAdvice adv;

	opts(&o, 5, 7, STK_METHOD_AUTO);
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &p) == STK_OK && p.cls == STK_DEMAND_INTERMITTENT,
		   "intermittent series planned");
	/* 40 periods without a change of level (max |t| 1.29): the long-run mean */
	tap_ok(strstr(p.method, "compound Bernoulli") != NULL &&
		   strstr(p.method, "long-run mean of 40 periods") != NULL &&
		   fabs(p.mean_per_period - 24.0 / 40.0) < 1e-12,
		   "long-run mean 24 / 40, compound Bernoulli shape: %s", p.method);
	o.level_crit = 0.0;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &q) == STK_OK &&
		   strstr(q.method, "compound Bernoulli") != NULL && strstr(q.method, "SBA") != NULL,
		   "without the level test: SBA mean, compound Bernoulli shape: %s", q.method);
	stk_reorder_plan_free(&q, A);
	o.level_crit = STK_REORDER_LEVEL_CRIT;
	o.lead_sd = 3;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &q) == STK_OK && q.order_up_to >= p.order_up_to &&
		   q.sd_protection > p.sd_protection, "lead-time spread: wider, level not lower");
	stk_reorder_plan_free(&q, A);
	stk_reorder_plan_free(&p, A);

	opts(&o, 5, 7, STK_METHOD_AUTO);
	tap_ok(stk_reorder_plan(zero, 5, &o, A, &p) == STK_OK && p.cls == STK_DEMAND_ZERO &&
		   p.order_up_to == 0 && p.mean_protection == 0, "no demand: zero levels");
	tap_ok(stk_reorder_assess(&p, 4, 0, 0, &adv) == STK_OK && adv.raw_qty == 0 &&
		   isnan(adv.days_of_cover) && adv.stockout_prob == 0, "no demand: no order, cover unknown");
	stk_reorder_plan_free(&p, A);

	/* found by the fuzz sweep: extreme lead-time spreads used to loop */
	{
		double		y14[14] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7};
		StkReorderPlan r0,
					r1;

		opts(&o, 3, 1, STK_METHOD_MEAN);
		stk_reorder_plan(y14, 14, &o, A, &r0);
		o.lead_sd = 1e-12;
		tap_ok(stk_reorder_plan(y14, 14, &o, A, &r1) == STK_OK &&
			   r1.order_up_to == r0.order_up_to, "a negligible lead-time sd is a constant lead time");
		stk_reorder_plan_free(&r1, A);
		o.lead_mean = 5e-324;
		o.lead_sd = 1;
		tap_ok(stk_reorder_plan(y14, 14, &o, A, &r1) == STK_OK, "a denormal lead time: status");
		stk_reorder_plan_free(&r1, A);
		o.lead_mean = 3;
		o.lead_sd = 166;
		tap_ok(stk_reorder_plan(y14, 14, &o, A, &r1) == STK_OK, "a huge lead-time sd: status");
		stk_reorder_plan_free(&r1, A);
		stk_reorder_plan_free(&r0, A);
		opts(&o, 5, 7, STK_METHOD_AUTO);
	}
	tap_ok(stk_reorder_plan(neg, 3, &o, A, &p) == STK_EINVAL, "negative demand: STK_EINVAL");
	stk_reorder_plan_free(&p, A);
	tap_ok(stk_reorder_plan(slow, 0, &o, A, &p) == STK_EINVAL, "no history: STK_EINVAL");
	o.target = 1;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &p) == STK_EINVAL, "target 1: STK_EINVAL");
	o.target = 0.9;
	o.lead_mean = -1;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &p) == STK_EINVAL, "negative lead time: STK_EINVAL");
	o.lead_mean = NAN;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &p) == STK_ENONFINITE, "NaN lead time: STK_ENONFINITE");
	o.lead_mean = 2;
	o.review = 0;
	tap_ok(stk_reorder_plan(slow, 40, &o, A, &p) == STK_EINVAL, "review 0: STK_EINVAL");
}

/*
 * Method auto plans on the long-run mean of a history without a level
 * change, on the adaptive forecast (SBA, ETS) of one with a step
 * (level_change.h): smooth and intermittent, stationary and stepped.
 */
static void
test_level_rule(void)
{
	int			n = 730;
	double	   *y = malloc(sizeof(double) * n);
	gsl_rng    *g = gsl_rng_alloc(gsl_rng_mt19937);
	StkReorderOptions o;
	StkReorderPlan p;

	gsl_rng_set(g, 11);
	opts(&o, 7, 7, STK_METHOD_AUTO);
	o.period = 7;
	for (int kind = 0; kind < 2; kind++)
	{
		const char *name = kind == 0 ? "smooth" : "intermittent";
		double		mean = 0.0;

		/* stationary: Poisson(4), or a demand w.p. 0.3 of 1 + Poisson(1.5) */
		for (int t = 0; t < n; t++)
		{
			y[t] = kind == 0 ? gsl_ran_poisson(g, 4.0)
				: (gsl_rng_uniform(g) < 0.3 ? 1 + gsl_ran_poisson(g, 1.5) : 0);
			mean += y[t];
		}
		mean /= n;
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK, "%s stationary: status", name);
		tap_ok(kind == 0 ? p.cls == STK_DEMAND_SMOOTH
			   : (p.cls == STK_DEMAND_INTERMITTENT || p.cls == STK_DEMAND_LUMPY),
			   "%s: class %d", name, (int) p.cls);
		tap_ok(p.long_run && p.level_stat <= STK_REORDER_LEVEL_CRIT,
			   "%s stationary: long-run mean (max |t| %.2f)", name, p.level_stat);
		/* a non-seasonal forecast's shape is flat: the mean itself */
		tap_is_double(p.step_mean[0], mean, 1e-3 * mean,
					  "%s stationary: the step mean is the history's mean %.4f", name, mean);
		tap_ok(strstr(p.method, "long-run mean of 730 periods") != NULL,
			   "%s stationary: method says so (%s)", name, p.method);
		stk_reorder_plan_free(&p, A);

		/* the same series with the adaptive forecast: another mean */
		o.level_crit = 0.0;
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK, "%s, level_crit 0: status", name);
		tap_ok(!p.long_run && isnan(p.level_stat) && fabs(p.step_mean[0] - mean) > 1e-6,
			   "%s, level_crit 0: the adaptive forecast %.4f", name, p.step_mean[0]);
		stk_reorder_plan_free(&p, A);
		o.level_crit = STK_REORDER_LEVEL_CRIT;

		/* stepped: the second year sells twice as much */
		for (int t = n / 2; t < n; t++)
			y[t] = kind == 0 ? gsl_ran_poisson(g, 8.0)
				: (gsl_rng_uniform(g) < 0.6 ? 1 + gsl_ran_poisson(g, 1.5) : 0);
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK, "%s stepped: status", name);
		tap_ok(!p.long_run && p.level_stat > STK_REORDER_LEVEL_CRIT,
			   "%s stepped: adaptive forecast (max |t| %.2f)", name, p.level_stat);
		tap_ok(fabs(p.mean_per_period / (kind == 0 ? 8.0 : 1.5) - 1.0) < 0.2,
			   "%s stepped: the mean %.3f follows the new level", name, p.mean_per_period);
		tap_ok(strstr(p.method, "level change in the history") != NULL,
			   "%s stepped: method says so (%s)", name, p.method);
		stk_reorder_plan_free(&p, A);
	}

	/*
	 * The group's decision (level_p_group): y is the stepped intermittent
	 * history, flagged; its p-value is that of its statistic over 104
	 * weekly blocks.  Above a group threshold below it: the long-run mean.
	 */
	tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK && !p.long_run && isnan(p.level_p),
		   "stepped: flagged, no p-value unless asked for");
	stk_reorder_plan_free(&p, A);
	o.level_pvalue = true;
	tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK && !p.long_run, "stepped: flagged");
	tap_is_double(p.level_p, stk_level_change_pvalue(p.level_stat, 104), 0,
				  "its p-value %.3g is the statistic's over 104 blocks", p.level_p);
	{
		double		pv = p.level_p;

		stk_reorder_plan_free(&p, A);
		o.level_p_group = pv;
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK && !p.long_run,
			   "group threshold = its p-value: still the adaptive forecast");
		stk_reorder_plan_free(&p, A);
		o.level_p_group = pv / 2.0;
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK && p.long_run &&
			   strstr(p.method, "long-run mean of 730 periods (no level change over the group, max |t|") != NULL,
			   "group threshold below its p-value: the long-run mean (%s)", p.method);
		stk_reorder_plan_free(&p, A);
		o.level_p_group = 1.5;
		tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_EINVAL, "group threshold 1.5: EINVAL");
		o.level_p_group = NAN;
	}

	/* another method than auto: never tested */
	opts(&o, 7, 7, STK_METHOD_ETS);
	tap_ok(stk_reorder_plan(y, n, &o, A, &p) == STK_OK && !p.long_run &&
		   isnan(p.level_stat), "method ets: no level test");
	stk_reorder_plan_free(&p, A);
	gsl_rng_free(g);
	free(y);
}

/*
 * stk_reorder_level_threshold is Benjamini-Hochberg over the tested
 * plans: p-values 0.01, 0.02, (untested), 0.5 at q 0.1 are m = 3 tests
 * with bounds 0.0333, 0.0667, 0.1: p_(2) = 0.02 is the threshold.
 */
static void
test_level_threshold(void)
{
	StkReorderPlan p[4];
	const StkReorderPlan *pp[5];
	static const double pv[4] = {0.5, 0.01, NAN, 0.02};
	double		thr;

	for (int i = 0; i < 4; i++)
	{
		memset(&p[i], 0, sizeof(p[i]));
		p[i].level_p = pv[i];
		pp[i] = &p[i];
	}
	pp[4] = NULL;
	tap_ok(stk_reorder_level_threshold(pp, 5, 0.1, A, &thr) == STK_OK,
		   "level threshold: status");
	tap_is_double(thr, 0.02, 0, "BH over 3 tested plans at q 0.1: 0.02");
	stk_reorder_level_threshold(pp, 5, 0.01, A, &thr);
	tap_is_double(thr, 0.0, 0, "at q 0.01 (0.01 > 0.01 / 3): none, threshold 0");
	tap_ok(stk_reorder_level_threshold(pp, 5, 0.0, A, &thr) == STK_EINVAL &&
		   stk_reorder_level_threshold(NULL, 2, 0.1, A, &thr) == STK_EINVAL,
		   "q 0, no plans: EINVAL");
}

/*
 * Events (options' calendar): a daily history whose event (the day and
 * the day before, +30 over a level of about 20) came twice, the third
 * falling 10 steps ahead, inside the protection interval of 7 + 14 steps.
 */
static void
test_events(void)
{
	enum
	{
	N = 800};
	double		y[N],
				slow[N];
	int32_t		days[3] = {9100, 9465, 9810};	/* steps 100, 465; 810 = 10 ahead */
	int32_t		names[3] = {0, 0, 0};
	int32_t		bad_name[3] = {0, 1, 0};
	StkEventCalendar cal = {STK_FREQ_DAY, 9000, days, names, 3, 1, 1, 0};
	StkEventCalendar past = {STK_FREQ_DAY, 9000, days, names, 2, 1, 1, 0};
	StkEventCalendar bad;
	StkReorderOptions o;
	StkReorderPlan with,
				without,
				p;

	for (int t = 0; t < N; t++)
	{
		y[t] = 20 + 4 * (t % 7 == 5) + 3 * sin(t * t * 0.37) + 3;
		if (t == 99 || t == 100 || t == 464 || t == 465)
			y[t] += 30;
		slow[t] = (t % 9 == 0) ? 1 + (t % 2) : 0;
	}
	opts(&o, 14, 7, STK_METHOD_THETA);
	tap_ok(stk_reorder_plan(y, N, &o, A, &without) == STK_OK, "events: plan without them");
	o.calendar = &cal;
	tap_ok(stk_reorder_plan(y, N, &o, A, &with) == STK_OK, "events: plan with them");
	tap_ok(strstr(with.method, " + events") != NULL && strstr(without.method, "events") == NULL,
		   "the method says so (%s)", with.method);
	tap_ok(with.step_mean[9] - without.step_mean[9] > 15 &&
		   with.step_mean[10] - without.step_mean[10] > 15,
		   "the event and the day before are lifted (+%.1f, +%.1f of 30)",
		   with.step_mean[9] - without.step_mean[9], with.step_mean[10] - without.step_mean[10]);
	tap_ok(fabs(with.step_mean[3] - without.step_mean[3]) < 1.5 &&
		   fabs(with.step_mean[15] - without.step_mean[15]) < 1.5,
		   "other steps about unchanged (%+.2f, %+.2f)",
		   with.step_mean[3] - without.step_mean[3], with.step_mean[15] - without.step_mean[15]);
	tap_ok(with.mean_protection - without.mean_protection > 50 &&
		   with.mean_protection - without.mean_protection < 70,
		   "protection demand up by about the event's 60 units (%+.1f)",
		   with.mean_protection - without.mean_protection);
	tap_ok(with.order_up_to - without.order_up_to > 50,
		   "the order-up-to level follows (%.0f -> %.0f)", without.order_up_to, with.order_up_to);
	stk_reorder_plan_free(&with, A);
	stk_reorder_plan_free(&without, A);

	/* no event reaches the horizon: exactly the plan without a calendar */
	o.calendar = NULL;
	stk_reorder_plan(y, N, &o, A, &without);
	o.calendar = &past;
	tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_OK &&
		   p.order_up_to == without.order_up_to &&
		   p.mean_protection == without.mean_protection &&
		   strcmp(p.method, without.method) == 0,
		   "only past events: the same plan as without events");
	stk_reorder_plan_free(&p, A);
	stk_reorder_plan_free(&without, A);

	/*
	 * A calendar of 80 names: the feast's and 79 met once in the history
	 * only.  The plan fits the one name reaching the horizon, as with the
	 * short calendar.  When all 80 reach it, over the model's 64, the
	 * plan leaves the events out and says so.
	 */
	{
		int32_t		many_days[82],
					many_names[82];
		StkEventCalendar many = {STK_FREQ_DAY, 9000, many_days, many_names, 82, 80, 1, 0};
		double		lifted;

		for (int i = 0; i < 3; i++)
		{
			many_days[i] = days[i];
			many_names[i] = 0;
		}
		for (int j = 1; j < 80; j++)
		{
			many_days[2 + j] = 9000 + 150 + 7 * j;
			many_names[2 + j] = j;
		}
		o.calendar = &cal;
		stk_reorder_plan(y, N, &o, A, &with);
		lifted = with.order_up_to;
		stk_reorder_plan_free(&with, A);
		o.calendar = &many;
		tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_OK && p.order_up_to == lifted &&
			   strstr(p.method, " + events") != NULL,
			   "80 names, one ahead: the same plan as the feast's alone");
		stk_reorder_plan_free(&p, A);
		for (int j = 1; j < 80; j++)
			many_days[2 + j] = 9000 + N + 1 + (j % 20);
		o.calendar = NULL;
		stk_reorder_plan(y, N, &o, A, &without);
		o.calendar = &many;
		tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_OK &&
			   p.order_up_to == without.order_up_to &&
			   strstr(p.method, "events left out: more than 64 names") != NULL,
			   "80 names ahead: events left out, and said (%s)", p.method);
		stk_reorder_plan_free(&p, A);
		stk_reorder_plan_free(&without, A);
	}

	/*
	 * An event 40 days ahead: beyond the protection interval of 21 days,
	 * within the 60 days of cover.  The levels are those without events
	 * (stk_reorder_advice plans with 60 days of cover, stk_reorder_policy
	 * without: the two must agree).
	 */
	{
		int32_t		far_days[3] = {9100, 9465, 9840};
		StkEventCalendar far = {STK_FREQ_DAY, 9000, far_days, names, 3, 1, 1, 0};

		o.calendar = NULL;
		o.cover_horizon = 60;
		stk_reorder_plan(y, N, &o, A, &without);
		o.calendar = &far;
		tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_OK &&
			   p.order_up_to == without.order_up_to &&
			   p.mean_protection == without.mean_protection &&
			   strstr(p.method, "events") == NULL,
			   "an event beyond the protection interval, within the cover: the same levels");
		stk_reorder_plan_free(&p, A);
		stk_reorder_plan_free(&without, A);
		o.cover_horizon = 0;
	}

	o.calendar = &cal;
	tap_ok(stk_reorder_plan(slow, N, &o, A, &p) == STK_OK && strstr(p.method, "events") == NULL,
		   "a slow mover keeps its count model (%s)", p.method);
	stk_reorder_plan_free(&p, A);

	bad = cal;
	bad.freq = STK_FREQ_WEEK;
	o.calendar = &bad;
	tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_EINVAL, "a weekly calendar: EINVAL");
	stk_reorder_plan_free(&p, A);
	bad = cal;
	bad.names = bad_name;
	tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_EINVAL, "a name id out of range: EINVAL");
	stk_reorder_plan_free(&p, A);
	bad = cal;
	bad.days_before = STK_PROPHET_MAX_WINDOW + 1;
	tap_ok(stk_reorder_plan(y, N, &o, A, &p) == STK_EINVAL, "a window too wide: EINVAL");
	stk_reorder_plan_free(&p, A);
}

/*
 * A stable weekly history planned on its long-run mean with a horizon
 * (continuous review, lead time 2) shorter than the season: the step
 * means are flat, no seasonal shape is claimed, and nothing beyond the
 * horizon's step means is read (valgrind found the check reading a whole
 * season).
 */
static void
test_short_horizon_season(void)
{
	double		y[140];
	StkReorderOptions o;
	StkReorderPlan p;
	StkStatus	st;

	for (int k = 1; k <= 140; k++)
		y[k - 1] = 10 + 5 * (k % 7 == 0) + (k * 37 % 5);
	opts(&o, 2, 1, STK_METHOD_AUTO);
	o.policy = STK_POLICY_SQ;
	o.order_qty = 5;
	o.type = STK_SERVICE_CSL;
	o.target = 0.9;
	o.period = 7;
	st = stk_reorder_plan(y, 140, &o, A, &p);
	tap_ok(st == STK_OK && p.long_run && p.horizon < 7,
		   "short horizon: long-run plan over %d steps (%s)", p.horizon, p.method);
	tap_ok(strstr(p.method, "seasonal shape") == NULL && p.step_mean[0] == p.step_mean[p.horizon - 1],
		   "short horizon: flat step means, no seasonal shape claimed");
	stk_reorder_plan_free(&p, A);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_deterministic();
	test_level_search();
	test_simulated();
	test_edges();
	test_level_rule();
	test_level_threshold();
	test_events();
	test_short_horizon_season();
	return tap_done();
}
