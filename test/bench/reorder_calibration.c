/*
 * reorder_calibration.c
 *	  Calibration benchmark of the stock optimiser (issue 5): does the
 *	  (R,S) level of stk_reorder_plan() achieve the fill rate it targets
 *	  when the held-out demand is replayed through the core simulator
 *	  (stk_simulate_policy), and with how much stock compared with the
 *	  textbook normal rule (S = mu P + k sigma sqrt(P), G(k) = (1 - beta)
 *	  mu R / (sigma sqrt(P)), mu and sigma the history's mean and sd)?
 *
 * Run from the repository root: test/bench/reorder_calibration.sh
 * (builds this file against src/core and runs it), or
 *
 *   cc -O2 -Isrc/core test/bench/reorder_calibration.c src/core/[a-z]*.c \
 *      $(pkg-config --libs gsl) -lhpdf -lm -o /tmp/reorder_calibration
 *   /tmp/reorder_calibration [--items N] [--m5 DIR] [--lost-sales]
 *                            [--review R] [--lead L] [--lead-sd SD]
 *                            [--seed S] [--level-crit C] [--m5-dev]
 *                            [--no-pooled-dispersion] [--no-pooled-level]
 *                            [--size-tail Q]
 *
 * --seed draws another synthetic panel (tuning is done on another seed
 * than the reported 20261203); --level-crit sets stk_reorder_plan's
 * level-change critical value (0: always the adaptive forecast, the
 * behaviour before the long-run rule); --m5-dev holds out the last 112
 * training days of M5 and reads no test day (the development split);
 * --no-pooled-level leaves the pooled mode's level-change decision to the
 * per-item test (no group threshold), --size-tail 0 plans lumpy items on
 * their empirical sizes alone (both the behaviour before those changes).
 *
 * Data.
 *  - Synthetic panel, seed 20261203, N items per class (default 300, so
 *    1,200 items): 730 days of history and 365 held-out days from the same
 *    known stationary distribution.
 *      smooth        Poisson(mu), mu ~ U(3, 30)
 *      erratic       negative binomial, mean mu ~ U(3, 30), CV^2 ~ U(0.6, 1.5)
 *      intermittent  a demand with probability p ~ U(0.1, 0.5), size
 *                    1 + Poisson(m - 1), m ~ U(1, 4)
 *      lumpy         the same occurrence, size 1 + NB(mean m - 1, size 0.5),
 *                    m ~ U(2, 10)
 *  - M5 subset (DIR/train.csv, DIR/test.csv, default
 *    /work/shared/data/m5_subset): history = the training days except the
 *    last 84; held out = those 84 days + the 28 test days (112 days).
 *    The class is meta.csv's sbc_class.
 * Policy: (R,S), review every R = 7 days, lead time L = 7 days (or as
 * given; --lead-sd draws gamma lead times in the simulation and passes the
 * sd to the plan), levels computed once from the history, simulated with
 * backorders (the exact formula's assumption; --lost-sales for the retail
 * case), starting at S with nothing on order, the first L + R days not
 * measured.
 * Measures per class and target: pooled fill rate (served / demand over
 * all items), mean on-hand stock summed over the items, for stokkel and
 * the normal rule.  "Stock at equal fill rate": the normal rule's
 * trade-off curve (its stock against its achieved fill rate over the
 * targets 0.80 ... 0.995) interpolated at stokkel's achieved fill rate,
 * divided into stokkel's stock (< 1: stokkel needs less).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "inventory_policy.h"
#include "inventory_sim.h"
#include "pooled_fill_rate.h"
#include "reorder.h"

#define NCLASS 5				/* smooth, erratic, intermittent, lumpy, all */
static const char *class_names[NCLASS] = {"smooth", "erratic", "intermittent", "lumpy", "all"};

/*
 * The normal rule runs at every target, for its trade-off curve (up to
 * 0.99995, so that the curve reaches the fill rates stokkel achieves on the
 * skewed classes without extrapolating); stokkel at the reported ones.
 */
static const double targets[] = {0.80, 0.85, 0.90, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995,
0.9998, 0.9999, 0.99995};
#define NTARGETS ((int) (sizeof(targets) / sizeof(targets[0])))
#define REPORTED(k) (targets[k] == 0.90 || targets[k] == 0.95 || targets[k] == 0.99)

typedef struct Item
{
	int			cls;
	double	   *hist;
	int			nh;
	double	   *test;
	int			nt;
} Item;

typedef struct Acc
{
	double		demand,
				served,
				stock,
				item_fr;		/* sum of the items' own fill rates */
	int			items,
				items_with_demand,
				failed;
} Acc;

static int	review = 7;
static double lead = 7,
			lead_sd = 0;
static bool lost_sales = false;
static int	hist_len = 730;
static int	refit = -1;		/* -1: once on the panel, every 14 days on M5 */
static StkMethod method = STK_METHOD_AUTO;
static double level_crit = STK_REORDER_LEVEL_CRIT;	/* --level-crit; 0: off */
static unsigned long panel_seed = 20261203;	/* --seed (tuning: another one) */
static bool m5_dev = false;		/* --m5-dev: training days only */
static StkPooledCost pooled_cost = STK_POOLED_COST_ON_HAND;
static bool pooled_dispersion = true;	/* --no-pooled-dispersion: off */
static bool pooled_level = true;	/* --no-pooled-level: off */
static double size_tail = STK_REORDER_SIZE_TAIL;	/* --size-tail; 0: off */

static int
class_of(const char *s)
{
	for (int c = 0; c < 4; c++)
		if (strcmp(s, class_names[c]) == 0)
			return c;
	return -1;
}

/* ---- synthetic panel ---------------------------------------------------- */

static double
draw(gsl_rng *r, int cls, double mu, double cv2, double p, double m)
{
	switch (cls)
	{
		case 0:
			return gsl_ran_poisson(r, mu);
		case 1:
			{
				double		var = cv2 * mu * mu;
				double		size = mu * mu / (var - mu);

				return gsl_ran_negative_binomial(r, mu / var, size);
			}
		case 2:
			return gsl_rng_uniform(r) < p ? 1 + gsl_ran_poisson(r, m - 1) : 0;
		default:
			{
				double		mm = m - 1;
				double		size = 0.5;

				return gsl_rng_uniform(r) < p
					? 1 + gsl_ran_negative_binomial(r, size / (size + mm), size) : 0;
			}
	}
}

static int
make_panel(int per_class, Item **items)
{
	gsl_rng    *r = gsl_rng_alloc(gsl_rng_mt19937);
	int			n = 4 * per_class,
				k = 0;

	gsl_rng_set(r, panel_seed);
	*items = calloc(n, sizeof(Item));
	for (int c = 0; c < 4; c++)
		for (int i = 0; i < per_class; i++)
		{
			Item	   *it = &(*items)[k++];
			double		mu = 3 + 27 * gsl_rng_uniform(r);
			double		cv2 = 0.6 + 0.9 * gsl_rng_uniform(r);
			double		p = 0.1 + 0.4 * gsl_rng_uniform(r);
			double		m = (c == 2) ? 1 + 3 * gsl_rng_uniform(r) : 2 + 8 * gsl_rng_uniform(r);

			it->cls = c;
			it->nh = hist_len;
			it->nt = 365;
			it->hist = malloc(sizeof(double) * it->nh);
			it->test = malloc(sizeof(double) * it->nt);
			for (int t = 0; t < it->nh; t++)
				it->hist[t] = draw(r, c, mu, cv2, p, m);
			for (int t = 0; t < it->nt; t++)
				it->test[t] = draw(r, c, mu, cv2, p, m);
		}
	gsl_rng_free(r);
	return n;
}

/* ---- M5 subset ---------------------------------------------------------- */

typedef struct Rows
{
	char	  **id;
	double	   *v;
	int			n,
				cap;
} Rows;

static void
read_rows(const char *path, Rows *rows)
{
	FILE	   *f = fopen(path, "r");
	char		line[512];

	memset(rows, 0, sizeof(*rows));
	if (f == NULL)
		return;
	if (!fgets(line, sizeof(line), f))
	{
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f))
	{
		char	   *q1 = strchr(line, '"'),
				   *q2 = q1 ? strchr(q1 + 1, '"') : NULL,
				   *c2;

		if (!q2)
			continue;
		*q2 = '\0';
		c2 = strchr(q2 + 2, ',');
		if (!c2)
			continue;
		if (rows->n == rows->cap)
		{
			rows->cap = rows->cap ? 2 * rows->cap : 4096;
			rows->id = realloc(rows->id, sizeof(char *) * rows->cap);
			rows->v = realloc(rows->v, sizeof(double) * rows->cap);
		}
		if (rows->n > 0 && strcmp(rows->id[rows->n - 1], q1 + 1) == 0)
			rows->id[rows->n] = rows->id[rows->n - 1];
		else
			rows->id[rows->n] = strdup(q1 + 1);
		rows->v[rows->n] = atof(c2 + 1);
		rows->n++;
	}
	fclose(f);
}

static int
make_m5(const char *dir, Item **items)
{
	char		path[1024],
				line[2048];
	Rows		tr,
				te;
	FILE	   *f;
	int			n = 0,
				cap = 0;
	const int	extra = m5_dev ? 112 : 84;

	snprintf(path, sizeof(path), "%s/train.csv", dir);
	read_rows(path, &tr);
	snprintf(path, sizeof(path), "%s/test.csv", dir);
	read_rows(path, &te);
	/* development split: the last 112 training days held out, no test day */
	if (m5_dev)
		te.n = 0;
	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	f = fopen(path, "r");
	if (f == NULL || tr.n == 0 || (te.n == 0 && !m5_dev))
		return 0;
	*items = NULL;
	if (!fgets(line, sizeof(line), f))
		return 0;
	while (fgets(line, sizeof(line), f))
	{
		char		id[128],
				   *last;
		int			a = -1,
					b = -1,
					ta = -1,
					tb = -1;
		Item	   *it;

		if (sscanf(line, "\"%127[^\"]\"", id) != 1)
			continue;
		last = strrchr(line, ',');
		for (int i = 0; i < tr.n; i++)
			if (strcmp(tr.id[i], id) == 0)
			{
				if (a < 0)
					a = i;
				b = i;
			}
		for (int i = 0; i < te.n; i++)
			if (strcmp(te.id[i], id) == 0)
			{
				if (ta < 0)
					ta = i;
				tb = i;
			}
		if (a < 0 || (ta < 0 && !m5_dev) || b - a + 1 <= extra + 28)
			continue;
		if (n == cap)
		{
			cap = cap ? 2 * cap : 512;
			*items = realloc(*items, sizeof(Item) * cap);
		}
		it = &(*items)[n++];
		{
			char		cls[32] = "";

			sscanf(last + 1, "\"%31[^\"]\"", cls);
			it->cls = class_of(cls);
		}
		it->nh = b - a + 1 - extra;
		it->nt = extra + (m5_dev ? 0 : tb - ta + 1);
		it->hist = tr.v + a;
		it->test = malloc(sizeof(double) * it->nt);
		memcpy(it->test, tr.v + a + it->nh, sizeof(double) * extra);
		if (!m5_dev)
			memcpy(it->test + extra, te.v + ta, sizeof(double) * (tb - ta + 1));
	}
	fclose(f);
	return n;
}

/* ---- policies and simulation -------------------------------------------- */

static int
simulate(const Item *it, const double *S_path, StkSimResult *res)
{
	StkSimPolicy pol;
	StkSimLeadTime lt;
	StkSimOptions so;

	memset(&pol, 0, sizeof(pol));
	memset(&lt, 0, sizeof(lt));
	memset(&so, 0, sizeof(so));
	pol.kind = STK_POLICY_RS;
	pol.review = review;
	pol.S = S_path[0];
	pol.S_path = S_path;
	if (lead_sd > 0)
	{
		lt.kind = STK_LEAD_GAMMA;
		lt.mean = lead;
		lt.sd = lead_sd;
		lt.seed = 7;
	}
	else
	{
		lt.kind = STK_LEAD_CONSTANT;
		lt.constant = lead;
	}
	so.lost_sales = lost_sales;
	so.initial_on_hand = S_path[0];
	so.warmup = (int) ceil(lead) + review;
	return stk_simulate_policy(it->test, it->nt, &pol, &lt, &so,
							   &stk_malloc_allocator, res) == STK_OK;
}

static double
normal_rule(const double *y, int n, double target)
{
	double		mu = 0,
				var = 0;
	StkLevel	lv;

	for (int t = 0; t < n; t++)
		mu += y[t];
	mu /= n;
	for (int t = 0; t < n; t++)
		var += (y[t] - mu) * (y[t] - mu);
	var /= n - 1;
	if (!(mu > 0))
		return 0;
	if (stk_order_up_to_normal(mu, sqrt(var), review, lead, lead_sd,
							   STK_SERVICE_FILL_RATE, target, false, &lv) != STK_OK)
		return NAN;
	return lv.level;
}

static double
stokkel_rule(const double *y, int n, double target)
{
	StkReorderOptions opt;
	StkReorderPlan plan;
	StkStatus	st;
	double		S;

	stk_reorder_options_default(&opt);
	opt.lead_mean = lead;
	opt.lead_sd = lead_sd;
	opt.review = review;
	opt.target = target;
	opt.period = 7;
	opt.method = method;
	opt.level_crit = level_crit;
	opt.size_tail = size_tail;
	if ((st = stk_reorder_plan(y, n, &opt, &stk_malloc_allocator, &plan)) != STK_OK)
	{
		fprintf(stderr, "plan failed (n = %d, target %g): %s\n", n, target, stk_status_message(st));
		stk_reorder_plan_free(&plan, &stk_malloc_allocator);
		return NAN;
	}
	S = plan.order_up_to;
	stk_reorder_plan_free(&plan, &stk_malloc_allocator);
	return S;
}

/*
 * The level path of a rule over the held-out periods: estimated on the
 * history, then (refit > 0) re-estimated every refit periods on the
 * history plus the held-out periods seen so far.
 */
static bool
level_path(const Item *it, double (*rule) (const double *, int, double),
		   double target, double *buf, double *S_path)
{
	double		S = NAN;

	memcpy(buf, it->hist, sizeof(double) * it->nh);
	memcpy(buf + it->nh, it->test, sizeof(double) * it->nt);
	for (int t = 0; t < it->nt; t++)
	{
		if (t == 0 || (refit > 0 && t % refit == 0))
			S = rule(buf, it->nh + t, target);
		if (!isfinite(S))
			return false;
		S_path[t] = S;
	}
	return true;
}

static void
add(Acc *acc, const Item *it, double (*rule) (const double *, int, double),
	double target)
{
	StkSimResult res;
	int			cls[2] = {it->cls, 4};
	double	   *buf = malloc(sizeof(double) * (it->nh + it->nt));
	double	   *path = malloc(sizeof(double) * it->nt);
	bool		ok = level_path(it, rule, target, buf, path) && simulate(it, path, &res);

	for (int j = 0; j < 2; j++)
	{
		if (cls[j] < 0)
			continue;
		if (!ok)
		{
			acc[cls[j]].failed++;
			continue;
		}
		acc[cls[j]].demand += res.demand;
		acc[cls[j]].served += res.served;
		acc[cls[j]].stock += res.avg_on_hand;
		if (res.demand > 0)
		{
			acc[cls[j]].item_fr += res.served / res.demand;
			acc[cls[j]].items_with_demand++;
		}
		acc[cls[j]].items++;
	}
	free(buf);
	free(path);
}

/* ---- pooled mode -------------------------------------------------------- */

/*
 * The plans (demand distributions) of an item at each estimation time of
 * its level path: t = 0 and, with refit > 0, every refit periods.  They
 * do not depend on the target, so one set serves every target.
 */
typedef struct ItemPlans
{
	StkReorderPlan *plan;
	StkReorderPlan *alt;		/* the long-run plan of a history the
								 * per-item level test flagged */
	int			nplans;
	bool		ok;
} ItemPlans;

static int
estimation_times(const Item *it)
{
	return refit > 0 ? (it->nt + refit - 1) / refit : 1;
}

static void
plan_options(StkReorderOptions *opt)
{
	stk_reorder_options_default(opt);
	opt->lead_mean = lead;
	opt->lead_sd = lead_sd;
	opt->review = review;
	opt->target = 0.95;
	opt->period = 7;
	opt->method = method;
	opt->level_crit = level_crit;
	opt->size_tail = size_tail;
	opt->level_pvalue = true;
}

static void
make_plans(const Item *it, ItemPlans *ip)
{
	StkReorderOptions opt;
	double	   *buf = malloc(sizeof(double) * (it->nh + it->nt));

	plan_options(&opt);
	memcpy(buf, it->hist, sizeof(double) * it->nh);
	memcpy(buf + it->nh, it->test, sizeof(double) * it->nt);
	ip->nplans = estimation_times(it);
	ip->plan = calloc(ip->nplans, sizeof(StkReorderPlan));
	ip->alt = calloc(ip->nplans, sizeof(StkReorderPlan));
	ip->ok = true;
	for (int r = 0; r < ip->nplans && ip->ok; r++)
	{
		if (stk_reorder_plan(buf, it->nh + r * (refit > 0 ? refit : 0), &opt,
							 &stk_malloc_allocator, &ip->plan[r]) != STK_OK)
			ip->ok = false;
		else if (pooled_level && !ip->plan[r].long_run && ip->plan[r].level_p > 0.0)
		{
			StkReorderOptions o2 = opt;

			o2.level_p_group = 0.0;
			if (stk_reorder_plan(buf, it->nh + r * (refit > 0 ? refit : 0), &o2,
								 &stk_malloc_allocator, &ip->alt[r]) != STK_OK)
				ip->ok = false;
		}
	}
	free(buf);
}

/*
 * What the pooled aggregate does before it prices: at each estimation
 * time, the window dispersion of the smooth and erratic plans shrunk
 * toward their class's line over all items (stk_reorder_dispersion_prior;
 * the class groups reuse the all-items fit, which is per demand class
 * anyway) and the plans rebuilt with it.
 */
static void
pool_dispersion(ItemPlans *plans, int n)
{
	const StkReorderPlan **pp = malloc(sizeof(StkReorderPlan *) * n);
	StkReorderOptions opt;
	int			times = 0;

	plan_options(&opt);
	for (int i = 0; i < n; i++)
		if (plans[i].ok && plans[i].nplans > times)
			times = plans[i].nplans;
	for (int r = 0; r < times; r++)
	{
		StkReorderDispersionPrior prior;

		for (int i = 0; i < n; i++)
			pp[i] = plans[i].ok && r < plans[i].nplans ? &plans[i].plan[r] : NULL;
		if (stk_reorder_dispersion_prior(pp, n, &stk_malloc_allocator, &prior) != STK_OK)
			exit(1);
		for (int i = 0; i < n; i++)
		{
			double		v;

			if (pp[i] == NULL)
				continue;
			v = stk_reorder_pooled_dispersion(pp[i], &prior);
			if (isfinite(v) &&
				stk_reorder_plan_set_dispersion(&plans[i].plan[r], &opt, v,
												&stk_malloc_allocator) != STK_OK)
				exit(1);
		}
	}
	free(pp);
}


/*
 * What the pooled aggregate does first: at each estimation time the
 * level-change threshold over all items (stk_reorder_level_threshold; the
 * class groups reuse it), and a flagged plan whose p-value is above it
 * takes its long-run plan.
 */
static void
pool_levels(Item *items, ItemPlans *plans, int n)
{
	const StkReorderPlan **pp = malloc(sizeof(StkReorderPlan *) * n);
	int			times = 0;

	for (int i = 0; i < n; i++)
		if (plans[i].ok && plans[i].nplans > times)
			times = plans[i].nplans;
	for (int r = 0; r < times; r++)
	{
		int			flagged[NCLASS] = {0},
					kept[NCLASS] = {0};
		double		thr;

		for (int i = 0; i < n; i++)
			pp[i] = plans[i].ok && r < plans[i].nplans ? &plans[i].plan[r] : NULL;
		if (stk_reorder_level_threshold(pp, n, STK_REORDER_LEVEL_FDR,
										&stk_malloc_allocator, &thr) != STK_OK)
			exit(1);
		for (int i = 0; i < n; i++)
		{
			StkReorderPlan *pl;

			if (pp[i] == NULL)
				continue;
			pl = &plans[i].plan[r];
			if (pl->long_run || !isfinite(pl->level_p))
				continue;
			flagged[items[i].cls]++;
			if (plans[i].alt[r].long_run && pl->level_p > thr)
			{
				stk_reorder_plan_free(pl, &stk_malloc_allocator);
				*pl = plans[i].alt[r];
				memset(&plans[i].alt[r], 0, sizeof(StkReorderPlan));
			}
			else
				kept[items[i].cls]++;
		}
		if (r == 0 || r == times - 1)
			fprintf(stderr, "level threshold at estimation %d: p %.3g; flagged by the item test per class %d/%d/%d/%d, kept %d/%d/%d/%d\n",
					r, thr, flagged[0], flagged[1], flagged[2], flagged[3],
					kept[0], kept[1], kept[2], kept[3]);
	}
	free(pp);
}

static const double zero_table[2] = {0, 0};

/*
 * Pooled mode over the items of a group (class c, or all when c = 4):
 * at each estimation time the levels of stk_pooled_fill_rate_levels over
 * the group's items, then each item simulated with its level path.
 */
static void
add_pooled(Acc *acc, Item *items, ItemPlans *plans, int n, int c,
		   double target)
{
	int			nmax = 0,
				times = 0;
	int		   *idx = malloc(sizeof(int) * n);
	StkPooledItem *pi = malloc(sizeof(StkPooledItem) * n);
	double	   *lv = malloc(sizeof(double) * n);
	double	  **path = calloc(n, sizeof(double *));

	for (int i = 0; i < n; i++)
	{
		if (c < 4 && items[i].cls != c)
			continue;
		if (!plans[i].ok)
		{
			acc->failed++;
			continue;
		}
		idx[nmax++] = i;
		if (plans[i].nplans > times)
			times = plans[i].nplans;
		path[i] = malloc(sizeof(double) * items[i].nt);
	}
	for (int r = 0; r < times; r++)
	{
		int			m = 0;

		for (int j = 0; j < nmax; j++)
		{
			const StkReorderPlan *pl;

			if (r >= plans[idx[j]].nplans)
				continue;
			pl = &plans[idx[j]].plan[r];
			if (pl->loss_p)
			{
				pi[m].tp = pl->loss_p;
				pi[m].np = pl->np;
				pi[m].tl = pl->loss_l;
				pi[m].nl = pl->nl;
			}
			else
			{
				pi[m].tp = pi[m].tl = zero_table;
				pi[m].np = pi[m].nl = 1;
			}
			m++;
		}
		if (m == 0 ||
			stk_pooled_fill_rate_levels(pi, m, target, pooled_cost,
										&stk_malloc_allocator, lv, NULL, NULL) != STK_OK)
		{
			fprintf(stderr, "pooled levels failed (class %d, target %g)\n", c, target);
			exit(1);
		}
		m = 0;
		for (int j = 0; j < nmax; j++)
		{
			const Item *it = &items[idx[j]];
			int			from = refit > 0 ? r * refit : 0,
						to = refit > 0 ? from + refit : it->nt;

			if (r >= plans[idx[j]].nplans)
				continue;
			for (int t = from; t < to && t < it->nt; t++)
				path[idx[j]][t] = lv[m];
			m++;
		}
	}
	for (int j = 0; j < nmax; j++)
	{
		StkSimResult res;
		const Item *it = &items[idx[j]];

		if (!simulate(it, path[idx[j]], &res))
		{
			acc->failed++;
			continue;
		}
		acc->demand += res.demand;
		acc->served += res.served;
		acc->stock += res.avg_on_hand;
		if (res.demand > 0)
		{
			acc->item_fr += res.served / res.demand;
			acc->items_with_demand++;
		}
		acc->items++;
	}
	for (int i = 0; i < n; i++)
		free(path[i]);
	free(path);
	free(idx);
	free(pi);
	free(lv);
}

/* stock of a trade-off curve (fr[], st[] over the targets) at fill rate f */
static double
curve_stock(const double *fr, const double *st, double f)
{
	for (int i = 0; i + 1 < NTARGETS; i++)
	{
		double		a = fr[i],
					b = fr[i + 1];

		if ((f >= a && f <= b) || (i == 0 && f < a) || (i + 2 == NTARGETS && f > b))
		{
			if (b == a)
				return st[i];
			return st[i] + (st[i + 1] - st[i]) * (f - a) / (b - a);
		}
	}
	return NAN;
}

/*
 * "stock / curve's stock at f", marked " (x)" when f lies outside the
 * curve's range (linear extrapolation of a convex curve: biased).
 */
static const char *
ratio_text(char *buf, double stock, const double *fr, const double *st, double f)
{
	double		lo = INFINITY,
				hi = -INFINITY;

	for (int k = 0; k < NTARGETS; k++)
	{
		lo = fmin(lo, fr[k]);
		hi = fmax(hi, fr[k]);
	}
	snprintf(buf, 32, "%.3f%s", stock / curve_stock(fr, st, f),
			 f < lo || f > hi ? " (x)" : "");
	return buf;
}

static bool pooled = true;
static void run_pooled(const char *label, Item *items, int n,
					   Acc norm[NTARGETS][NCLASS]);

static void
run(const char *label, Item *items, int n)
{
	Acc			ours[NTARGETS][NCLASS],
				norm[NTARGETS][NCLASS];
	struct timespec t0,
				t1;

	memset(ours, 0, sizeof(ours));
	memset(norm, 0, sizeof(norm));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int k = 0; k < NTARGETS; k++)
		for (int i = 0; i < n; i++)
		{
			if (REPORTED(k))
				add(ours[k], &items[i], stokkel_rule, targets[k]);
			add(norm[k], &items[i], normal_rule, targets[k]);
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("\n## %s: %d items, R = %d, L = %g (sd %g), %s, levels %s, %.1f s\n\n", label, n,
		   review, lead, lead_sd, lost_sales ? "lost sales" : "backorders",
		   refit > 0 ? "re-estimated every refit periods" : "estimated once",
		   (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec));
	if (refit > 0)
		printf("(refit = %d periods)\n\n", refit);
	printf("| class | items | target | stokkel pooled FR | miss (pp) | normal pooled FR | miss (pp) | stokkel item-mean FR | normal item-mean FR | stokkel stock | normal stock | stock ratio at equal pooled FR | at equal item-mean FR |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int c = 0; c < NCLASS; c++)
	{
		double		nfr[NTARGETS],
					nif[NTARGETS],
					nst[NTARGETS];

		if (norm[0][c].items == 0)
			continue;
		for (int k = 0; k < NTARGETS; k++)
		{
			nfr[k] = norm[k][c].demand > 0 ? norm[k][c].served / norm[k][c].demand : NAN;
			nif[k] = norm[k][c].item_fr / norm[k][c].items_with_demand;
			nst[k] = norm[k][c].stock;
		}
		for (int k = 0; k < NTARGETS; k++)
		{
			double		fr = ours[k][c].served / ours[k][c].demand;
			double		ifr = ours[k][c].item_fr / ours[k][c].items_with_demand;
			char		b1[32],
						b2[32];

			if (!REPORTED(k))
				continue;
			printf("| %s | %d | %.2f | %.4f | %+.2f | %.4f | %+.2f | %.4f | %.4f | %.1f | %.1f | %s | %s |\n",
				   class_names[c], ours[k][c].items, targets[k], fr,
				   100 * (fr - targets[k]), nfr[k], 100 * (nfr[k] - targets[k]),
				   ifr, nif[k], ours[k][c].stock, nst[k],
				   ratio_text(b1, ours[k][c].stock, nfr, nst, fr),
				   ratio_text(b2, ours[k][c].stock, nif, nst, ifr));
			if (ours[k][c].failed || norm[k][c].failed)
				printf("|  (failed: stokkel %d, normal %d) |\n", ours[k][c].failed, norm[k][c].failed);
		}
	}
	fflush(stdout);
	if (pooled)
		run_pooled(label, items, n, norm);
}

/*
 * The pooled mode next to the same run's normal rule: per class the
 * levels pooled over the class's items, and "all" pooled over every item.
 */
static void
run_pooled(const char *label, Item *items, int n, Acc norm[NTARGETS][NCLASS])
{
	ItemPlans  *plans = calloc(n, sizeof(ItemPlans));
	Acc			pool[NTARGETS][NCLASS];
	struct timespec t0,
				t1;

	memset(pool, 0, sizeof(pool));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++)
		make_plans(&items[i], &plans[i]);
	if (pooled_level)
		pool_levels(items, plans, n);
	if (pooled_dispersion)
		pool_dispersion(plans, n);
	for (int k = 0; k < NTARGETS; k++)
	{
		if (!REPORTED(k))
			continue;
		for (int c = 0; c < NCLASS; c++)
			add_pooled(&pool[k][c], items, plans, n, c, targets[k]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("\n### %s, pooled mode (levels pooled over each class, and over all items; stock = %s), %.1f s\n\n",
		   label, pooled_cost == STK_POOLED_COST_ON_HAND ? "mean on hand" : "order-up-to level",
		   (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec));
	printf("| class | items | target | pooled mode: pooled FR | miss (pp) | normal pooled FR | item-mean FR | pooled-mode stock | normal stock | stock ratio at equal pooled FR |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int c = 0; c < NCLASS; c++)
	{
		double		nfr[NTARGETS],
					nst[NTARGETS];

		if (norm[0][c].items == 0)
			continue;
		for (int k = 0; k < NTARGETS; k++)
		{
			nfr[k] = norm[k][c].demand > 0 ? norm[k][c].served / norm[k][c].demand : NAN;
			nst[k] = norm[k][c].stock;
		}
		for (int k = 0; k < NTARGETS; k++)
		{
			Acc		   *p = &pool[k][c];
			double		fr;
			char		b1[32];

			if (!REPORTED(k))
				continue;
			fr = p->served / p->demand;
			printf("| %s | %d | %.2f | %.4f | %+.2f | %.4f | %.4f | %.1f | %.1f | %s |\n",
				   class_names[c], p->items, targets[k], fr, 100 * (fr - targets[k]),
				   nfr[k], p->item_fr / p->items_with_demand, p->stock, nst[k],
				   ratio_text(b1, p->stock, nfr, nst, fr));
			if (p->failed)
				printf("|  (failed: %d) |\n", p->failed);
		}
	}
	fflush(stdout);
	for (int i = 0; i < n; i++)
	{
		for (int r = 0; r < plans[i].nplans; r++)
		{
			stk_reorder_plan_free(&plans[i].plan[r], &stk_malloc_allocator);
			stk_reorder_plan_free(&plans[i].alt[r], &stk_malloc_allocator);
		}
		free(plans[i].plan);
		free(plans[i].alt);
	}
	free(plans);
}

int
main(int argc, char **argv)
{
	int			per_class = 300;
	const char *m5 = "/work/shared/data/m5_subset";
	Item	   *items;
	int			n;

	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "--items") == 0 && i + 1 < argc)
			per_class = atoi(argv[++i]);
		else if (strcmp(argv[i], "--m5") == 0 && i + 1 < argc)
			m5 = argv[++i];
		else if (strcmp(argv[i], "--refit") == 0 && i + 1 < argc)
			refit = atoi(argv[++i]);
		else if (strcmp(argv[i], "--history") == 0 && i + 1 < argc)
			hist_len = atoi(argv[++i]);
		else if (strcmp(argv[i], "--method") == 0 && i + 1 < argc)
		{
			if (!stk_method_parse(argv[++i], &method))
				return 2;
		}
		else if (strcmp(argv[i], "--pooled-cost") == 0 && i + 1 < argc)
		{
			i++;
			if (strcmp(argv[i], "level") == 0)
				pooled_cost = STK_POOLED_COST_LEVEL;
			else if (strcmp(argv[i], "on_hand") == 0)
				pooled_cost = STK_POOLED_COST_ON_HAND;
			else
				return 2;
		}
		else if (strcmp(argv[i], "--level-crit") == 0 && i + 1 < argc)
			level_crit = atof(argv[++i]);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			panel_seed = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--no-pooled-level") == 0)
			pooled_level = false;
		else if (strcmp(argv[i], "--size-tail") == 0 && i + 1 < argc)
			size_tail = atof(argv[++i]);
		else if (strcmp(argv[i], "--no-pooled-dispersion") == 0)
			pooled_dispersion = false;
		else if (strcmp(argv[i], "--m5-dev") == 0)
			m5_dev = true;
		else if (strcmp(argv[i], "--no-pooled") == 0)
			pooled = false;
		else if (strcmp(argv[i], "--lost-sales") == 0)
			lost_sales = true;
		else if (strcmp(argv[i], "--review") == 0 && i + 1 < argc)
			review = atoi(argv[++i]);
		else if (strcmp(argv[i], "--lead") == 0 && i + 1 < argc)
			lead = atof(argv[++i]);
		else if (strcmp(argv[i], "--lead-sd") == 0 && i + 1 < argc)
			lead_sd = atof(argv[++i]);
		else
		{
			fprintf(stderr, "usage: %s [--items N] [--m5 DIR|none] [--lost-sales] [--review R] [--lead L] [--lead-sd SD] [--pooled-cost level|on_hand] [--no-pooled] [--level-crit C] [--seed S] [--m5-dev] [--no-pooled-dispersion] [--no-pooled-level] [--size-tail Q]\n", argv[0]);
			return 2;
		}
	}
	gsl_set_error_handler_off();
	n = make_panel(per_class, &items);
	{
		int			keep = refit;
		char		label[160];

		refit = refit < 0 ? 0 : refit;
		snprintf(label, sizeof(label),
				 "Synthetic panel (known distributions, seed %lu), level-change critical value %g",
				 panel_seed, level_crit);
		run(label, items, n);
		refit = keep;
	}
	if (strcmp(m5, "none") != 0)
	{
		n = make_m5(m5, &items);
		if (refit < 0)
			refit = 14;
		if (n > 0)
		{
			char		label[160];

			snprintf(label, sizeof(label), "M5 subset (112 held-out days%s), level-change critical value %g",
					 m5_dev ? ", development split: training days only" : "", level_crit);
			run(label, items, n);
		}
		else
			printf("\n(M5 subset not found in %s)\n", m5);
	}
	return 0;
}
