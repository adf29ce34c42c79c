/*-------------------------------------------------------------------------
 *
 * test_quantiles.c
 *	  Unit tests of forecast quantiles: Gaussian, empirical, censoring at
 *	  zero, monotonicity and level validation.
 *
 * Reference values from R (command above each literal).  Gaussian
 * quantiles use GSL's inverse normal, which agrees with R's qnorm() to
 * about 1e-15 relative, so bounds are tested at 1e-12; the type 7
 * empirical quantiles are exact up to rounding.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "baselines.h"
#include "quantiles.h"
#include "rdatasets.h"
#include "tap.h"

#define TOL 1e-12
#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const StkAllocator *const A = &stk_malloc_allocator;

/* R: set.seed(42); p <- matrix(round(rnorm(15*3, 5, 4), 3), nrow = 15)  (15 paths x 3 steps, row-major: t(p)) */
static const double paths[45] = {
	10.484, 7.5439999999999996, 6.8220000000000001, 2.7410000000000001,
	3.863, 7.819, 6.4530000000000003, -5.6260000000000003,
	9.1400000000000006, 7.5309999999999997, -4.7619999999999996, 2.5640000000000001,
	6.617, 10.279999999999999, 7.0199999999999996, 4.5759999999999996,
	3.7730000000000001, -1.8680000000000001, 11.045999999999999, -2.125,
	1.8620000000000001, 4.6210000000000004, 4.3120000000000003, 1.5960000000000001,
	13.074, 9.859, -4.657, 4.7489999999999997,
	12.581, 5.1440000000000001, 10.218999999999999, 3.278,
	5.8239999999999998, 14.147, 3.9710000000000001, 3.556,
	-0.55500000000000005, -2.0529999999999999, 8.0329999999999995, 3.8849999999999998,
	6.8399999999999999, 2.093, 4.4669999999999996, 2.4399999999999999,
	-0.47299999999999998
};

/* R: (apply(p, 2, quantile, probs = c(0.05,0.1,0.25,0.5,0.75,0.9,0.95), type = 7)) */
static const double paths_q[21] = {
	1.7522000000000006, 3.1986000000000008, 4.5214999999999996, 6.4530000000000003,
	10.3515, 12.262799999999999, 13.395899999999999, -5.0211999999999994,
	-3.7071999999999985, 0.19350000000000001, 3.863, 7.1920000000000002,
	10.111599999999999, 10.970299999999996, -2.7046999999999994, -1.3099999999999996,
	1.7290000000000001, 3.556, 6.9209999999999994, 7.9474,
	8.3650999999999982
};

/* R: f <- naive(Nile, h = 3, level = c(80, 90)); rbind(f$lower[,2], f$lower[,1], f$mean, f$upper[,1], f$upper[,2])  (levels 0.05 0.1 0.5 0.9 0.95, step-major) */
static const double Nile_naive_q[15] = {
	464.77545802279474, 525.56484487869307, 740, 954.43515512130693,
	1015.2245419772053, 350.77372003791311, 436.74289537786933, 740,
	1043.2571046221306, 1129.2262799620869, 263.29710980560731, 368.58741640098293,
	740, 1111.4125835990171, 1216.7028901943927
};

/* R: pmax(0, qnorm(c(0.1, 0.3, 0.5, 0.7, 0.9), mean = 1, sd = 2)) */
static const double cens_q[5] = {
	0, 0, 1, 2.0488010254160813,
	3.5631031310892016
};

static void
test_gaussian(void)
{
	static const double levels[5] = {0.05, 0.1, 0.5, 0.9, 0.95};
	double		q[3 * 5];
	StkForecast fc;
	int			ok = 1;

	stk_naive(Nile, NELEM(Nile), 3, A, &fc);
	tap_ok(stk_forecast_quantiles(&fc, levels, 5, false, A, q) == STK_OK,
		   "Gaussian quantiles of naive(Nile)");
	for (int i = 0; i < 15; i++)
		ok &= fabs(q[i] - Nile_naive_q[i]) <= TOL * fabs(Nile_naive_q[i]);
	tap_ok(ok, "naive(Nile) quantiles are R's 80%% and 90%% bounds");
	/* with a variance, the paths are not used */
	fc.nsim = 15;
	fc.paths = (double *) paths;
	tap_ok(stk_forecast_quantiles(&fc, levels, 5, false, A, q) == STK_OK &&
		   q[2] == 740, "a variance takes precedence over paths");
	fc.paths = NULL;
	fc.nsim = 0;
	stk_forecast_free(&fc, A);

	/* censoring at zero: max(0, q) */
	{
		static const double lv[5] = {0.1, 0.3, 0.5, 0.7, 0.9};
		double		out[5];
		int			ok2 = 1;

		stk_forecast_init(&fc, A, 1);
		fc.mean[0] = 1;
		fc.var[0] = 4;
		tap_ok(stk_forecast_quantiles(&fc, lv, 5, true, A, out) == STK_OK,
			   "censored quantiles");
		for (int j = 0; j < 5; j++)
			ok2 &= fabs(out[j] - cens_q[j]) <= TOL;
		tap_ok(ok2, "censored at zero: R's pmax(0, qnorm())");
		tap_ok(out[2] == 1, "P50 of the censored distribution is the median");
		fc.mean[0] = -3;
		stk_forecast_quantiles(&fc, lv, 5, true, A, out);
		tap_ok(out[0] == 0 && out[4] == 0, "mean below zero: every quantile 0");
		stk_forecast_quantiles(&fc, lv, 5, false, A, out);
		tap_ok(out[0] < 0, "without nonneg, negative quantiles stay");
		fc.var[0] = 0;
		stk_forecast_quantiles(&fc, lv, 5, false, A, out);
		tap_ok(out[0] == -3 && out[4] == -3, "zero variance: all at the mean");
		fc.var[0] = -1;
		tap_ok(stk_forecast_quantiles(&fc, lv, 5, false, A, out) == STK_EINVAL,
			   "negative variance: EINVAL");
		fc.var[0] = INFINITY;
		tap_ok(stk_forecast_quantiles(&fc, lv, 5, false, A, out) == STK_EINVAL,
			   "infinite variance: EINVAL");
		fc.var[0] = 1;
		fc.mean[0] = NAN;
		tap_ok(stk_forecast_quantiles(&fc, lv, 5, false, A, out) == STK_ENONFINITE,
			   "NaN mean: ENONFINITE");
		stk_forecast_free(&fc, A);
	}
}

static void
test_empirical(void)
{
	static const double levels[7] = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};
	double		q[3 * 7];
	double		bad[45];
	StkForecast fc;
	int			ok = 1,
				mono = 1;

	stk_forecast_init(&fc, A, 3);	/* var stays NaN: use the paths */
	fc.nsim = 15;
	fc.paths = (double *) paths;
	tap_ok(stk_forecast_quantiles(&fc, levels, 7, false, A, q) == STK_OK,
		   "empirical quantiles");
	for (int i = 0; i < 21; i++)
		ok &= fabs(q[i] - paths_q[i]) <= TOL * fmax(1, fabs(paths_q[i]));
	tap_ok(ok, "type 7 quantiles match R's quantile()");
	tap_ok(stk_forecast_quantiles(&fc, levels, 7, true, A, q) == STK_OK,
		   "censored empirical quantiles");
	for (int h = 0; h < 3; h++)
		for (int j = 0; j < 7; j++)
		{
			double		want = fmax(0, paths_q[h * 7 + j]);

			ok &= fabs(q[h * 7 + j] - want) <= TOL * fmax(1, want);
			mono &= j == 0 || q[h * 7 + j] >= q[h * 7 + j - 1];
		}
	tap_ok(ok && mono, "censored: max(0, q), monotone");
	{
		static const double extreme[2] = {1e-9, 1 - 1e-9};
		double		e[6];

		double		lo = INFINITY,
					hi = -INFINITY;

		for (int i = 0; i < 15; i++)
		{
			lo = fmin(lo, paths[i * 3]);
			hi = fmax(hi, paths[i * 3]);
		}
		stk_forecast_quantiles(&fc, extreme, 2, false, A, e);
		tap_is_double(e[0], lo, 1e-6, "level 1e-9: the sample minimum");
		tap_is_double(e[1], hi, 1e-6, "level 1 - 1e-9: the sample maximum");
	}
	memcpy(bad, paths, sizeof(bad));
	bad[20] = NAN;
	fc.paths = bad;
	tap_ok(stk_forecast_quantiles(&fc, levels, 7, false, A, q) == STK_ENONFINITE,
		   "NaN in a path: ENONFINITE");
	fc.paths = NULL;
	fc.nsim = 0;
	tap_ok(stk_forecast_quantiles(&fc, levels, 7, false, A, q) == STK_EINVAL,
		   "neither variance nor paths: EINVAL");
	stk_forecast_free(&fc, A);

	/* a single path: every level is that path */
	{
		static const double one_path[2] = {3, 4};
		double		o[14];

		stk_forecast_init(&fc, A, 2);
		fc.nsim = 1;
		fc.paths = (double *) one_path;
		tap_ok(stk_forecast_quantiles(&fc, levels, 7, false, A, o) == STK_OK &&
			   o[0] == 3 && o[6] == 3 && o[13] == 4, "one path");
		fc.paths = NULL;
		stk_forecast_free(&fc, A);
	}
}

/*
 * Few levels are found by selection, many (more than 8) by sorting: both
 * must give R's type 7 quantiles, also with many ties.
 */
static void
test_selection(void)
{
	static const double many[9] = {0.05, 0.1, 0.2, 0.25, 0.5, 0.6, 0.75, 0.9, 0.95};
	static const int in_r[7] = {0, 1, 3, 4, 6, 7, 8};	/* the 7 levels of paths_q */
	static const double three[3] = {0.1, 0.5, 0.9};
	double		q[3 * 9];
	double		tied[1001];
	double		qt[3],
				qm[9];
	StkForecast fc;
	int			ok = 1;

	stk_forecast_init(&fc, A, 3);
	fc.nsim = 15;
	fc.paths = (double *) paths;
	tap_ok(stk_forecast_quantiles(&fc, many, 9, false, A, q) == STK_OK,
		   "nine levels (sorted sample)");
	for (int h = 0; h < 3; h++)
		for (int j = 0; j < 7; j++)
			ok &= fabs(q[h * 9 + in_r[j]] - paths_q[h * 7 + j]) <=
				TOL * fmax(1, fabs(paths_q[h * 7 + j]));
	tap_ok(ok, "nine levels: R's type 7 quantiles");
	fc.paths = NULL;
	stk_forecast_free(&fc, A);

	/* 1001 draws of 0..6 in a scrambled order: ties everywhere */
	for (int i = 0; i < 1001; i++)
		tied[i] = (double) ((i * 7919) % 1001 % 7);
	stk_forecast_init(&fc, A, 1);
	fc.nsim = 1001;
	fc.paths = tied;
	stk_forecast_quantiles(&fc, three, 3, false, A, qt);
	stk_forecast_quantiles(&fc, many, 9, false, A, qm);
	/* 143 of each value: the 10 % point is in the block of 0s, etc. */
	tap_ok(qt[0] == 0 && qt[1] == 3 && qt[2] == 6 &&
		   qm[1] == qt[0] && qm[4] == qt[1] && qm[7] == qt[2],
		   "ties: selection and sorting agree (0, 3, 6)");
	fc.paths = NULL;
	stk_forecast_free(&fc, A);
}

static void
test_levels(void)
{
	static const double ok1[3] = {0.1, 0.5, 0.9};
	static const double unsorted[3] = {0.5, 0.1, 0.9};
	static const double dup[3] = {0.1, 0.5, 0.5};
	static const double zero[2] = {0, 0.5};
	static const double one[2] = {0.5, 1};
	static const double neg[1] = {-0.1};
	const double nan_l[2] = {0.1, NAN};
	double		q[3];
	StkForecast fc;

	tap_ok(stk_validate_levels(ok1, 3) == STK_OK, "levels 0.1 0.5 0.9: ok");
	tap_ok(stk_validate_levels(unsorted, 3) == STK_EINVAL, "unsorted: EINVAL");
	tap_ok(stk_validate_levels(dup, 3) == STK_EINVAL, "duplicate: EINVAL");
	tap_ok(stk_validate_levels(zero, 2) == STK_EINVAL, "level 0: EINVAL");
	tap_ok(stk_validate_levels(one, 2) == STK_EINVAL, "level 1: EINVAL");
	tap_ok(stk_validate_levels(neg, 1) == STK_EINVAL, "negative level: EINVAL");
	tap_ok(stk_validate_levels(nan_l, 2) == STK_EINVAL, "NaN level: EINVAL");
	tap_ok(stk_validate_levels(ok1, 0) == STK_EINVAL, "no levels: EINVAL");
	tap_ok(stk_validate_levels(NULL, 3) == STK_EINVAL, "NULL levels: EINVAL");
	stk_naive(Nile, 100, 1, A, &fc);
	tap_ok(stk_forecast_quantiles(&fc, unsorted, 3, false, A, q) == STK_EINVAL,
		   "quantiles with unsorted levels: EINVAL");
	stk_forecast_free(&fc, A);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_gaussian();
	test_empirical();
	test_selection();
	test_levels();
	return tap_done();
}
