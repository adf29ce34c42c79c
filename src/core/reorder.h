/*-------------------------------------------------------------------------
 *
 * reorder.h
 *	  Stock levels from a demand history: the protection-interval demand
 *	  of the forecast's predictive distribution, time-phased, discrete for
 *	  slow movers, mixed over a random lead time; and the assessment of a
 *	  product's stock against those levels (what to order, how long the
 *	  stock lasts, the risk of running out before a delivery).
 *
 * Demand over the protection interval (shared/reference/inventory.md
 * sections 2.2, 2.11, 3.4).
 *	- Per-step means are the forecast's point forecasts for the next
 *	  R + L periods, so the levels follow the season and the trend
 *	  ("time-phased"), not average x P.  Smooth and erratic series (SBC
 *	  class) use the forecast method asked for (default 'auto'); for
 *	  intermittent and lumpy series the mean is SBA's.  With method 'auto'
 *	  a history without a change of level (level_change.h, statistic at
 *	  most opt->level_crit) is planned on its long-run mean instead (with
 *	  the forecast's seasonal shape), and a slow mover's mean error is the
 *	  long-run mean's: on stable demand the adaptive forecasts are much
 *	  noisier than the mean of two years.
 *	- Shape.  Intermittent and lumpy: compound Bernoulli (a demand in a
 *	  period with probability mean / E[Z], sizes Z from the history's
 *	  non-zero demands), its window pmf the exact convolution.  Smooth and
 *	  erratic: a count distribution with the window's variance-to-mean
 *	  ratio, measured on the history as the variance of the sums over
 *	  overlapping windows of P periods (so autocorrelated errors widen it,
 *	  as Saoud, Kourentzes & Boylan 2022 recommend, rather than
 *	  sigma_1 sqrt(P)), plus the estimation error of the mean over P
 *	  periods (P^2 s^2 / n, Prak & Teunter 2019): Poisson when the ratio
 *	  is about 1, negative binomial above, a discretised normal below.
 *	- Lead time: a gamma distribution with the given mean and sd (a
 *	  constant one when sd = 0, a fractional one split between the two
 *	  whole periods around it), discretised on whole periods; X_P and X_L
 *	  are the exact mixtures over it.
 *
 * Policies, with the simulator's event order (inventory_sim.h): RS orders
 * up to S every R periods, so it protects R + L periods; sQ and sS are
 * checked every period (R = 1, protection L + 1); RsS every R periods.
 * The level search is stk_level_from_loss (inventory_policy.h): fill rate
 * with backorders by the exact discrete formula, the position after a
 * review uniform over the Q positions of a min-max or (s,Q) policy.  The
 * order quantity of sQ, sS and RsS is given, or the mean demand of a
 * review period (at least 1).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_REORDER_H
#define STK_REORDER_H

#include "demand_class.h"
#include "dispersion_shrink.h"
#include "forecast_run.h"
#include "inventory_policy.h"
#include "inventory_sim.h"

/* Largest review period, lead time (mean + spread) in periods. */
#define STK_REORDER_MAX_PERIODS 1000
/*
 * Critical value of the level-change test (level_change.h) below which
 * method 'auto' plans on the long-run mean: tuned on the synthetic panel
 * with seed 7 and the M5 development split (BENCHMARKS.md, issue 5).
 */
#define STK_REORDER_LEVEL_CRIT 3.0
/*
 * False discovery rate of the group's level-change decision in the
 * pooled mode (stk_reorder_level_threshold): tuned like the critical
 * value (BENCHMARKS.md, issue 5).
 */
#define STK_REORDER_LEVEL_FDR 0.1
/*
 * Lumpy items: the sizes' quantile above which the empirical sizes get a
 * geometric tail (stk_count_bernoulli_geometric_tail), tuned on the
 * synthetic panel with seed 7 (BENCHMARKS.md, issue 5).
 */
#define STK_REORDER_SIZE_TAIL 0.9
/*
 * Prior scale of the event effects a plan adds (options' calendar), as
 * STK_AUTO_EVENT_PRIOR_SCALE is 'auto''s: N(0, scale^2) on the series
 * scaled by its largest value.  'auto''s 0.05, chosen for the error of
 * point forecasts, keeps about two thirds of a feast's lift seen once, and
 * a level short of the lift costs the feast's fill rate; only the names
 * whose window reaches the horizon take part, so a looser prior does not
 * touch the other days.  Chosen on the generated shop with seed 7
 * (test/bench/reorder_events.sh 200 800 7; scales 0.05, 0.2, 1, 10: fill
 * rate of the feast products before the feast 0.70, 0.885, 0.905, 0.905
 * against 0.56 without events, other product-days unchanged); seeds 42 and
 * 11, not used to choose: 0.95 and 0.945 against 0.655 (BENCHMARKS.md).
 */
#define STK_REORDER_EVENT_PRIOR_SCALE 1.0
/* Largest order quantity of sQ/sS/RsS (the level search is O(Q log)). */
#define STK_REORDER_MAX_QTY 1e6

typedef struct StkReorderOptions
{
	double		lead_mean;		/* periods, >= 0 */
	double		lead_sd;		/* >= 0 */
	int			review;			/* R >= 1 */
	StkServiceType type;
	double		target;			/* in (0, 1) */
	int			period;			/* seasonal period; 0: detect */
	StkPolicyKind policy;
	double		order_qty;		/* Q of sQ/sS/RsS; <= 0: mean demand of R */
	StkMethod	method;			/* forecast for smooth and erratic series */
	int			cover_horizon;	/* steps forecast for the days of cover */
	bool		nearest;		/* the level with the service nearest the
								 * target (default), not the smallest one
								 * meeting it */
	uint64_t	seed;
	double		level_crit;		/* method auto: plan on the long-run mean
								 * when the level-change statistic is at
								 * most this (default
								 * STK_REORDER_LEVEL_CRIT); <= 0: always
								 * the adaptive forecast */
	double		window_vmr;		/* smooth and erratic: > 0, the variance-to-
								 * mean ratio of the window sums to plan on
								 * instead of the history's; 0 (default):
								 * measure it */
	double		size_tail;		/* lumpy items: the sizes above this
								 * quantile get a geometric tail (default
								 * STK_REORDER_SIZE_TAIL); 0: the
								 * empirical sizes alone */
	bool		level_pvalue;	/* method auto: give the level test's
								 * p-value (plan level_p; for the group's
								 * decision, stk_reorder_level_threshold)
								 * even when level_p_group does not need
								 * it; default false (a null table per
								 * number of blocks costs a few ms) */
	double		level_p_group;	/* method auto: the group's threshold
								 * (stk_reorder_level_threshold): a history
								 * whose statistic is above level_crit but
								 * whose p-value is above this is planned
								 * on the long-run mean too; NaN (default):
								 * the statistic alone decides */
	/*
	 * The dates of a daily history and the tenant's events (freq
	 * STK_FREQ_DAY; NULL, the default: none).  When an event's window
	 * reaches into the protection interval, a smooth or erratic history's
	 * effects of that event's name are measured as 'auto' measures them
	 * (forecast_run.c), with the prior STK_REORDER_EVENT_PRIOR_SCALE: the
	 * plan is made on the history with them taken out, and their effects
	 * ahead are added to the step means, so the levels and the days of
	 * cover see a feast coming.  Slow movers keep their count models.
	 */
	const StkEventCalendar *calendar;
} StkReorderOptions;

extern void stk_reorder_options_default(StkReorderOptions *opt);

typedef struct StkReorderPlan
{
	StkPolicyKind policy;
	StkDemandClass cls;
	double		mean_per_period;	/* mean forecast per step over P */
	double		mean_protection;	/* E[X_P], P = R + L (L + 1 continuous) */
	double		sd_protection;	/* sd(X_P) */
	double		mean_lead;		/* E[X_L] */
	double		order_up_to;	/* S (RS, sS, RsS); s + Q for sQ */
	double		reorder_point;	/* s; S for RS (order whenever below) */
	double		order_qty;		/* Q (sQ; S - s of sS, RsS); 0 for RS */
	double		safety_stock;	/* level - E[X_P]: S for RS, s otherwise */
	double		service;		/* the model's service at these levels */
	char		method[256];	/* forecast, distribution, in words */
	/* kept for stk_reorder_assess; allocated with the caller's allocator */
	double	   *loss_p;			/* loss table of X_P, [np + 1] */
	int			np;
	double	   *loss_l;			/* loss table of X_L, [nl + 1] */
	int			nl;
	double	   *step_mean;		/* forecast per step, [horizon] */
	int			horizon;
	int			qty_units;		/* Q as an integer >= 1 (1 for RS) */
	bool		long_run;		/* planned on the long-run mean */
	double		level_stat;		/* level-change statistic; NaN untested */
	double		level_p;		/* its p-value (level_change.h); NaN
								 * untested or not asked for
								 * (options' level_pvalue) */
	double		window_vmr;		/* smooth and erratic: the variance-to-mean
								 * ratio of the history's window sums
								 * (before the mean's error is added); NaN
								 * otherwise */
	double		window_vmr_var; /* sampling variance of its log */
	double		step_vmr;		/* per-period variance around the seasonal
								 * means over the mean (what the window
								 * ratio would be for independent periods) */
	double		vmr_mean_err;	/* what the mean's error adds to the ratio */
	int			model_len;		/* method[0..model_len): the forecast part */
} StkReorderPlan;

/*
 * Plan the levels for demand history y[0..n-1] (n >= 1, every value finite
 * and >= 0).  A history without demand gives zero levels (cls
 * STK_DEMAND_ZERO).  STK_EINVAL for bad options (a calendar that is not
 * daily among them), STK_ENONFINITE for NaN,
 * STK_ETOOBIG when the protection demand would need a pmf longer than
 * STK_COUNT_MAX_SUPPORT, STK_ECANCELED when stk_interrupted() asks the
 * forecast or the window distributions to stop; a failed forecast's status
 * otherwise.  Free with stk_reorder_plan_free (also after an error).
 */
extern StkStatus stk_reorder_plan(const double *y, int n,
								  const StkReorderOptions *opt,
								  const StkAllocator *a, StkReorderPlan *plan);
extern void stk_reorder_plan_free(StkReorderPlan *plan, const StkAllocator *a);

/*
 * Pooled fill rate (pooled_fill_rate.h): set an RS plan's level to the one
 * minimising the mean stock on hand plus price x the expected units short
 * per review cycle, the level the item takes in a group whose pooled fill
 * rate target has this price (stk_pooled_fill_rate_levels), and the
 * plan's service to its fill rate there.  price finite and >= 0;
 * STK_EINVAL for another policy.  A plan without demand keeps level 0.
 */
extern StkStatus stk_reorder_plan_price_level(StkReorderPlan *plan,
											  double price);

/*
 * Pooled dispersion (the pooled fill-rate mode).  A smooth or erratic
 * plan's window dispersion is the variance-to-mean ratio of the history's
 * sums over overlapping windows of P periods: about 1.5 m / P independent
 * windows (50-80 for two years of days), so the log ratio has a sampling
 * variance of 0.03-0.06, and an optimal pooled allocation stocks up the
 * items whose tail it over-estimates.  Over a group the estimates are
 * shrunk (dispersion_shrink.h) per demand class toward the line on the
 * log of the ratio the windows would have with independent periods (the
 * per-period variance around the seasonal means over the mean, from
 * every period, so much less noisy): where the windows' ratio follows it
 * (demand without autocorrelation) the between-item spread A is near 0
 * and the item takes the line's value; where autocorrelation makes the
 * items differ (M5), A is large and the estimates stay as measured.  Only
 * the long-run plans of stable histories take part: after a level change
 * the windows measure the change, not the noise around the forecast.
 * theta = log ratio + var / 2 (the log of an unbiased variance estimate
 * is low by about half its variance), the shrunk ratio exp(theta~ +
 * posterior variance / 2).
 */
typedef struct StkReorderDispersionPrior
{
	StkShrinkLine line[2];		/* smooth, erratic */
	double		level_threshold;	/* the group's level-change threshold
									 * (stk_reorder_level_threshold); NaN:
									 * none */
} StkReorderDispersionPrior;

/*
 * The group's lines from plans[0..n-1] (NULL entries skipped).
 * STK_EINVAL, STK_ENOMEM.
 */
extern StkStatus stk_reorder_dispersion_prior(const StkReorderPlan *const *plans,
											  int n, const StkAllocator *a,
											  StkReorderDispersionPrior *prior);

/*
 * A plan's window dispersion shrunk toward its class's line: NaN when the
 * plan does not take part (slow mover, adaptive forecast, no line).
 */
extern double stk_reorder_pooled_dispersion(const StkReorderPlan *plan,
											const StkReorderDispersionPrior *prior);

/*
 * Rebuild a smooth or erratic plan's window distributions and levels with
 * this variance-to-mean ratio of the window sums (> 0; the mean's error is
 * added as before), opt the options the plan was made with; a plan
 * without a measured ratio (slow mover, no demand) is left as it is.
 * The method says so.  STK_EINVAL, STK_ENONFINITE, STK_ENOMEM, STK_ETOOBIG,
 * STK_ECANCELED.
 */
extern StkStatus stk_reorder_plan_set_dispersion(StkReorderPlan *plan,
												 const StkReorderOptions *opt,
												 double window_vmr,
												 const StkAllocator *a);

/*
 * The group's level-change decision (pooled mode).  The per-item test
 * (level_change.h) at the critical value level_crit flags about 6 % of
 * stable histories (its p-value there is about 0.06 for two years of
 * weeks), and a flagged stable slow mover keeps the adaptive forecast,
 * which misses in the tail; over a group the decision is instead the
 * Benjamini-Hochberg threshold (fdr.h) at rate q on the tested plans'
 * p-values: a flagged plan whose p-value is above it is planned on the
 * long-run mean (options' level_p_group).  Where most of the group has
 * no change (a stable assortment) the threshold is near q / m and
 * clears the chance flags; where many items do change (M5) it is near q
 * or above the per-item test's level, and, since the group only lifts
 * flags, the per-item decision stays as it is.  plans[0..n) (NULL
 * entries and untested plans skipped) made with the same options; q in
 * (0, 1).  STK_EINVAL, STK_ENOMEM.
 */
extern StkStatus stk_reorder_level_threshold(const StkReorderPlan *const *plans,
											 int n, double q,
											 const StkAllocator *a,
											 double *threshold);

/* A product's stock against its plan. */
typedef struct StkReorderAdvice
{
	double		position;		/* on hand + on order - reserved */
	double		raw_qty;		/* what the policy orders now (>= 0) */
	double		stockout_prob;	/* P(X_L > position) */
	double		days_of_cover;	/* steps until the forecast uses up on hand; NaN never */
	double		service_now;	/* the model's service after ordering raw_qty */
} StkReorderAdvice;

/*
 * on_hand, on_order, reserved finite (reserved and on_order >= 0).  Days
 * of cover: the smallest h with sum of the first h step forecasts >=
 * on hand (interpolated within the step), the last step's forecast
 * repeated beyond the horizon; 0 when nothing is on hand, NaN without
 * demand.
 */
extern StkStatus stk_reorder_assess(const StkReorderPlan *plan,
									double on_hand, double on_order,
									double reserved, StkReorderAdvice *out);

/*
 * Expected units short per review cycle, n_P(y) - n_L(y), when the
 * position after ordering is y: the measure the cash budget allocates by
 * (units served gained per unit of money).
 */
extern double stk_reorder_shortage(const StkReorderPlan *plan, double y);

#endif							/* STK_REORDER_H */
