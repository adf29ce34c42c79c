/*-------------------------------------------------------------------------
 *
 * test_count_dist.c
 *	  Unit tests of the count-valued predictive distributions.
 *
 * Negative binomial and Poisson values are R 4.x's dnbinom, pnbinom,
 * qnbinom and qpois (the R command above each literal); they agree with
 * GSL to rounding, so 1e-12 relative.  Compound Bernoulli windows are
 * checked against a brute-force enumeration of every per-period outcome,
 * and the loss function against the closed form for the negative binomial
 * (Zipkin 2000) and a direct sum.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "count_dist.h"
#include "inventory_loss.h"
#include "intermittent.h"
#include "tap.h"

#define TOL_EXACT 1e-12
#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const StkAllocator *A = &stk_malloc_allocator;

static const double levels[5] = {0.1, 0.5, 0.9, 0.95, 0.99};

static void
test_negbin(void)
{
	StkCountDist d;
	double	   *pmf;
	int			len;
	StkStatus	st;
	double		q[5],
				m,
				v,
				cdf[9];

	/* R: dnbinom(0:8, size = 0.4, prob = 0.4) */
	static const double dnb[9] = {
		0.69314484315514635, 0.1663547623572352, 0.069869000190038777,
		0.033537120091218627, 0.01710393124652149, 0.0090308756981633421,
		0.0048766728770081981, 0.0026752034068159244, 0.0014847378907828436
	};

	/* R: pnbinom(0:8, size = 2.8, prob = 0.4)  (7 periods of the above) */
	static const double pnb7[9] = {
		0.076871963774811619, 0.2060168629164951, 0.35324204793801417,
		0.49457822555867259, 0.6175407000886457, 0.71787807930510339,
		0.79614123509394052, 0.85517401546037752, 0.89856310902970882
	};

	/* R: qnbinom(c(.1, .5, .9, .95, .99), size = s, prob = 0.4) */
	static const double qnb1[5] = {0, 0, 2, 3, 6};	/* s = 0.4 */
	static const double qnb7[5] = {1, 4, 9, 10, 14};	/* s = 2.8 */
	static const double qnb70[5] = {29, 41, 55, 60, 69};	/* s = 28 */

	/* mean 0.6, variance 1.5: p = 0.6/1.5 = 0.4, r = 0.36/0.9 = 0.4 */
	tap_ok(stk_count_negbin(0.6, 1.5, &d) == STK_OK &&
		   d.family == STK_COUNT_FAMILY_NEGBIN, "negbin by moments");
	tap_is_double(d.nb_prob, 0.4, TOL_EXACT, "negbin p = mean/var");
	tap_is_double(d.nb_size, 0.4, TOL_EXACT, "negbin r = mean^2/(var - mean)");

	/* the call sets len: not in the same argument list that prints it */
	st = stk_count_window_pmf(&d, NULL, 1, 0, A, &pmf, &len);
	tap_ok(st == STK_OK && len > 9, "negbin pmf, one period (length %d)", len);
	for (int x = 0; x < 9; x++)
		tap_is_double(pmf[x], dnb[x], TOL_EXACT, "negbin pmf(%d) = R dnbinom", x);
	{
		double		s = 0;

		for (int x = 0; x < len; x++)
			s += pmf[x];
		tap_ok(fabs(1 - s) <= 2e-12, "negbin pmf sums to 1 - tail (%.3g)", 1 - s);
	}
	free(pmf);

	tap_ok(stk_count_window_pmf(&d, NULL, 7, 0, A, &pmf, &len) == STK_OK,
		   "negbin pmf, 7 periods");
	stk_count_pmf_cdf(pmf, 9, cdf);
	for (int x = 0; x < 9; x++)
		tap_is_double(cdf[x], pnb7[x], TOL_EXACT,
					  "7-period cdf(%d) = R pnbinom(size = 7 r)", x);
	free(pmf);

	stk_count_window_quantiles(&d, NULL, 1, levels, 5, A, q);
	for (int j = 0; j < 5; j++)
		tap_ok(q[j] == qnb1[j], "1-period quantile %.2f = R qnbinom (%g)", levels[j], q[j]);
	stk_count_window_quantiles(&d, NULL, 7, levels, 5, A, q);
	for (int j = 0; j < 5; j++)
		tap_ok(q[j] == qnb7[j], "7-period quantile %.2f = R qnbinom (%g)", levels[j], q[j]);
	stk_count_window_quantiles(&d, NULL, 70, levels, 5, A, q);
	for (int j = 0; j < 5; j++)
		tap_ok(q[j] == qnb70[j], "70-period quantile %.2f = R qnbinom (%g)", levels[j], q[j]);

	/* per-step means: same p, sizes add up -> equal to the flat window */
	{
		double		steps[7] = {0.2, 0.8, 0.6, 0.6, 1.0, 0.4, 0.6};	/* sum 4.2 */

		stk_count_window_quantiles(&d, steps, 7, levels, 5, A, q);
		tap_ok(memcmp(q, qnb7, sizeof(q)) == 0,
			   "varying step means with the same total give the same NB window");
	}

	stk_count_window_moments(&d, NULL, 7, &m, &v);
	tap_is_double(m, 4.2, TOL_EXACT, "7-period mean");
	tap_is_double(v, 10.5, TOL_EXACT, "7-period variance");

	/* not over-dispersed: Poisson */
	tap_ok(stk_count_negbin(0.6, 0.6, &d) == STK_OK &&
		   d.family == STK_COUNT_FAMILY_POISSON, "var <= mean gives a Poisson");
	{
		/* R: qpois(c(.1, .5, .9, .95, .99), 4.2) */
		static const double qp[5] = {2, 4, 7, 8, 10};

		stk_count_window_quantiles(&d, NULL, 7, levels, 5, A, q);
		tap_ok(memcmp(q, qp, sizeof(q)) == 0, "Poisson 7-period quantiles = R qpois");
	}

	tap_ok(stk_count_negbin(-1, 2, &d) == STK_EINVAL, "negative mean: STK_EINVAL");
	tap_ok(stk_count_negbin(NAN, 2, &d) == STK_ENONFINITE, "NaN mean: STK_ENONFINITE");
}

/* P(window = x) by enumerating every outcome of k periods (k small). */
static void
brute_force(const StkCountDist *d, const double *step_mean, int k,
			double *out, int maxlen)
{
	int			outcomes[8] = {0};
	int			nout = d->nsize;	/* 0 = no demand, j = size j */

	memset(out, 0, sizeof(double) * maxlen);
	for (;;)
	{
		double		p = 1;
		int			s = 0;

		for (int i = 0; i < k; i++)
		{
			double		mu = step_mean ? step_mean[i] : d->mean;
			double		pi = fmin(1.0, mu / d->size_mean);

			if (outcomes[i] == 0)
				p *= 1 - pi;
			else
				p *= pi * d->size_pmf[outcomes[i]];
			s += outcomes[i];
		}
		out[s] += p;
		/* next outcome, odometer style */
		{
			int			i = 0;

			while (i < k && ++outcomes[i] == nout)
				outcomes[i++] = 0;
			if (i == k)
				break;
		}
	}
}

static void
test_bernoulli(void)
{
	/* sizes 1 (x3), 2 (x2), 4 (x1): E[Z] = 11/6 */
	static const double hist[12] = {0, 1, 0, 0, 2, 1, 0, 4, 0, 1, 2, 0};
	StkCountDist d;
	double	   *pmf;
	int			len;
	double		bf[32],
				m,
				v,
				mean,
				q[5];

	tap_ok(stk_count_bernoulli_empirical(0.5, hist, 12, A, &d) == STK_OK &&
		   d.family == STK_COUNT_FAMILY_BERNOULLI, "empirical compound Bernoulli");
	tap_is_double(d.size_mean, 11.0 / 6, TOL_EXACT, "empirical E[Z] = 11/6");
	tap_is_double(d.prob, 0.5 / (11.0 / 6), TOL_EXACT, "pi = mean / E[Z]");
	tap_is_double(d.mean, 0.5, TOL_EXACT, "per-period mean = the forecast");

	for (int k = 1; k <= 4; k++)
	{
		double		maxerr = 0;

		stk_count_window_pmf(&d, NULL, k, 0, A, &pmf, &len);
		brute_force(&d, NULL, k, bf, 32);
		for (int x = 0; x < 32; x++)
			maxerr = fmax(maxerr, fabs((x < len ? pmf[x] : 0) - bf[x]));
		tap_ok(maxerr <= 1e-12, "%d-period convolution = brute force (max error %.2g)",
			   k, maxerr);
		free(pmf);
	}

	/* varying per-step means */
	{
		double		steps[4] = {0.1, 0.9, 0.3, 2.5};	/* the last has pi capped at 1 */
		double		maxerr = 0;

		stk_count_window_pmf(&d, steps, 4, 0, A, &pmf, &len);
		brute_force(&d, steps, 4, bf, 32);
		for (int x = 0; x < 32; x++)
			maxerr = fmax(maxerr, fabs((x < len ? pmf[x] : 0) - bf[x]));
		tap_ok(maxerr <= 1e-12, "varying means: convolution = brute force (%.2g)", maxerr);
		free(pmf);
	}

	/* moments of the window against the pmf */
	stk_count_window_moments(&d, NULL, 30, &m, &v);
	stk_count_window_pmf(&d, NULL, 30, 0, A, &pmf, &len);
	{
		double		s = 0,
					s1 = 0,
					s2 = 0;

		for (int x = 0; x < len; x++)
		{
			s += pmf[x];
			s1 += x * pmf[x];
			s2 += (double) x * x * pmf[x];
		}
		tap_ok(1 - s <= 1e-12 && 1 - s >= 0, "30-period pmf loses at most 1e-12 (%.2g)", 1 - s);
		tap_is_double(s1, m, 1e-9, "30-period mean from the pmf = 15");
		tap_is_double(s2 - s1 * s1, v, 1e-9, "30-period variance from the pmf");

		/* quantile definition: F(q - 1) < level <= F(q) */
		stk_count_window_quantiles(&d, NULL, 30, levels, 5, A, q);
		for (int j = 0; j < 5; j++)
		{
			double		F = 0,
						Fm1 = 0;

			for (int x = 0; x <= (int) q[j]; x++)
			{
				Fm1 = F;
				F += pmf[x];
			}
			tap_ok(Fm1 < levels[j] && F >= levels[j] * (1 - 1e-12),
				   "30-period quantile %.2f = %g is the smallest x with F(x) >= level",
				   levels[j], q[j]);
		}
	}
	free(pmf);
	stk_count_dist_free(&d, A);

	/* shifted Poisson sizes: Z = 1 + Poisson(1.5) */
	tap_ok(stk_count_bernoulli_spoisson(0.25, 2.5, A, &d) == STK_OK, "shifted-Poisson sizes");
	tap_is_double(d.size_mean, 2.5, 1e-14, "E[Z] = 2.5");
	tap_is_double(d.prob, 0.1, 1e-14, "pi = 0.25/2.5");
	tap_is_double(d.size_pmf[1], exp(-1.5), TOL_EXACT, "P(Z = 1) = exp(-1.5)");
	tap_is_double(d.size_pmf[3], exp(-1.5) * 1.5 * 1.5 / 2, TOL_EXACT,
				  "P(Z = 3) = exp(-1.5) 1.5^2/2");
	stk_count_window_pmf(&d, NULL, 1, 0, A, &pmf, &len);
	tap_is_double(pmf[0], 0.9, TOL_EXACT, "one period: P(0) = 1 - pi");
	free(pmf);
	stk_count_window_pmf(&d, NULL, 3, 0, A, &pmf, &len);
	tap_is_double(pmf[0], 0.729, TOL_EXACT, "three periods: P(0) = 0.9^3");
	/* P(1) = 3 * 0.1 * exp(-1.5) * 0.9^2 */
	tap_is_double(pmf[1], 3 * 0.1 * exp(-1.5) * 0.81, TOL_EXACT,
				  "three periods: P(1) = 3 pi P(Z=1) (1-pi)^2");
	free(pmf);
	stk_count_dist_free(&d, A);

	/* size mean 1: every demand is one unit, window = Binomial(10, 0.3) */
	tap_ok(stk_count_bernoulli_spoisson(0.3, 1.0, A, &d) == STK_OK &&
		   d.size_pmf[1] == 1 && d.prob == 0.3, "unit sizes: P(Z = 1) = 1, pi = 0.3");
	stk_count_window_pmf(&d, NULL, 10, 0, A, &pmf, &len);
	tap_is_double(pmf[3], 120 * pow(0.3, 3) * pow(0.7, 7), TOL_EXACT,
				  "unit sizes: 10-period P(3) = choose(10,3) 0.3^3 0.7^7");
	free(pmf);
	stk_count_dist_free(&d, A);

	/* item selling 0, 0, 3, 0, 1: quantiles of a week of demand */
	{
		static const double y5[5] = {0, 0, 3, 0, 1};
		double		qs[5 * 3];

		mean = 0.8;
		stk_count_bernoulli_empirical(mean, y5, 5, A, &d);
		stk_count_window_quantiles(&d, NULL, 7, levels, 5, A, q);
		tap_ok(q[0] >= 0 && q[0] <= q[1] && q[1] <= q[2] && q[2] <= q[3] && q[3] <= q[4] &&
			   q[0] == floor(q[0]) && q[4] == floor(q[4]),
			   "0,0,3,0,1: 7-day quantiles integer and monotone: %g %g %g %g %g",
			   q[0], q[1], q[2], q[3], q[4]);
		stk_count_step_quantiles(&d, NULL, 3, levels, 5, A, qs);
		tap_ok(qs[0] == 0 && qs[1] == 0 && qs[4] == 3 && memcmp(qs, qs + 10, 5 * sizeof(double)) == 0,
			   "0,0,3,0,1: per-day P10 = P50 = 0, P99 = 3, same every day (%g %g %g %g %g)",
			   qs[0], qs[1], qs[2], qs[3], qs[4]);
		stk_count_dist_free(&d, A);
	}

	tap_ok(stk_count_bernoulli_empirical(0.5, (const double[]) {0, -1}, 2, A, &d) == STK_EINVAL,
		   "negative history: STK_EINVAL");
	tap_ok(stk_count_bernoulli_empirical(0.5, (const double[]) {0, 0}, 2, A, &d) == STK_EINVAL,
		   "no demand in the history but mean > 0: STK_EINVAL");
}

static void
test_loss(void)
{
	StkCountDist d;
	double	   *pmf,
			   *cdf;
	int			len;
	double		r,
				p,
				b;

	/* negative binomial: n(x) = -(x - r b)(1 - F(x)) + (x + r) b f(x), b = (1-p)/p */
	stk_count_negbin(2.0, 5.0, &d);
	r = d.nb_size;
	p = d.nb_prob;
	b = (1 - p) / p;
	stk_count_window_pmf(&d, NULL, 1, 0, A, &pmf, &len);
	cdf = malloc(sizeof(double) * len);
	stk_count_pmf_cdf(pmf, len, cdf);
	for (int x = 0; x <= 6; x += 3)
	{
		double		closed = -(x - r * b) * (1 - cdf[x]) + (x + r) * b * pmf[x];
		double		direct = 0;

		for (int j = x + 1; j < len; j++)
			direct += (j - x) * pmf[j];
		double		n;

		stk_pmf_loss(pmf, len, x, &n, NULL);
		tap_is_double(n, closed, 1e-10, "NB loss n(%d) = closed form", x);
		tap_is_double(n, direct, 1e-10, "NB loss n(%d) = direct tail sum", x);
	}
	{
		double		n0,
					n1;

		stk_pmf_loss(pmf, len, 0, &n0, NULL);
		stk_pmf_loss(pmf, len, -1, &n1, NULL);
		tap_is_double(n0, 2.0, 1e-10, "n(0) = mean (tail cut at 1e-12)");
		tap_is_double(n1, 3.0, 1e-10, "n(-1) = mean + 1");
	}
	free(cdf);
	free(pmf);
}

static void
test_fit_and_monotone(void)
{
	static const double y[20] = {0, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 5, 0, 0, 0, 1, 0, 2, 0, 0};
	static const double zeros[4] = {0, 0, 0, 0};
	StkIntermittentFit fit;
	StkIntermittentOptions opt;
	StkForecast fc;
	StkCountDist d;
	double		lv[19],
				q[19];

	for (int i = 0; i < 19; i++)
		lv[i] = 0.05 * (i + 1);
	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_SBA;
	stk_intermittent_forecast(y, 20, &opt, 1, A, &fc, &fit);

	for (int kind = STK_COUNT_AUTO; kind <= STK_COUNT_BERN_EMPIRICAL; kind++)
	{
		for (int k = 1; k <= 28; k += 9)
		{
			bool		ok;
			double		m,
						v;

			ok = stk_count_dist_fit(y, 20, fc.mean[0], fit.size, fc.sigma2,
									(StkCountKind) kind, A, &d) == STK_OK &&
				stk_count_window_quantiles(&d, NULL, k, lv, 19, A, q) == STK_OK;
			for (int i = 0; ok && i < 19; i++)
				ok = q[i] >= 0 && q[i] == floor(q[i]) && (i == 0 || q[i] >= q[i - 1]);
			stk_count_window_moments(&d, NULL, k, &m, &v);
			tap_ok(ok && fabs(m - k * fc.mean[0]) < 1e-9,
				   "kind %d, %d periods: 19 quantiles integer, >= 0, monotone, mean k*forecast (P50 %g, P95 %g)",
				   kind, k, q[9], q[18]);
			stk_count_dist_free(&d, A);
		}
	}
	stk_forecast_free(&fc, A);

	tap_ok(stk_count_dist_fit(zeros, 4, 0, NAN, 0, STK_COUNT_AUTO, A, &d) == STK_OK &&
		   stk_count_window_quantiles(&d, NULL, 10, lv, 19, A, q) == STK_OK &&
		   q[18] == 0, "all-zero history: every quantile 0");
	tap_ok(stk_count_dist_fit(y, 20, -0.1, NAN, 0, STK_COUNT_AUTO, A, &d) == STK_EINVAL,
		   "negative forecast: STK_EINVAL");
	stk_count_poisson(1, &d);
	tap_ok(stk_count_window_quantiles(&d, NULL, 0, lv, 19, A, q) == STK_EINVAL,
		   "window of 0 periods: STK_EINVAL");
	lv[3] = lv[2];
	tap_ok(stk_count_window_quantiles(&d, NULL, 1, lv, 19, A, q) == STK_EINVAL,
		   "unsorted levels: STK_EINVAL");
	lv[3] = 1;
	tap_ok(stk_count_window_quantiles(&d, NULL, 1, lv, 4, A, q) == STK_EINVAL,
		   "level 1: STK_EINVAL");
	tap_ok(stk_count_window_quantiles(&d, (const double[]) {1, NAN}, 2, levels, 5, A, q) ==
		   STK_ENONFINITE, "NaN step mean: STK_ENONFINITE");
}

/*
 * Distributions beyond the core's size bounds: STK_ETOOBIG (a size, not a
 * series length), before anything of that size is allocated.
 */
static void
test_too_big(void)
{
	StkCountDist d;
	double	   *pmf = NULL;
	int			len;
	double		q;
	static const double far[1] = {0.99999999};
	double		big[1] = {5e6};
	double		lumps[2] = {1, 3e6};

	tap_ok(stk_count_bernoulli_spoisson(1, 3e6, A, &d) == STK_ETOOBIG,
		   "shifted Poisson sizes of mean 3e6: ETOOBIG");
	stk_count_dist_free(&d, A);
	tap_ok(stk_count_bernoulli_empirical(1, big, 1, A, &d) == STK_ETOOBIG,
		   "an empirical size of 5e6: ETOOBIG");
	stk_count_dist_free(&d, A);

	/* two periods of sizes up to 3e6: the window needs 6e6 points */
	tap_ok(stk_count_bernoulli_empirical(1e6, lumps, 2, A, &d) == STK_OK,
		   "sizes 1 and 3e6: status");
	tap_ok(stk_count_window_pmf(&d, NULL, 2, 0, A, &pmf, &len) == STK_ETOOBIG &&
		   pmf == NULL, "their two-period window: ETOOBIG");
	stk_count_dist_free(&d, A);

	/* R: qnbinom(1 - 1e-8, size = 1, mu = 2e8) is about 3.7e9 */
	stk_count_negbin(2e8, 4e16, &d);
	tap_ok(stk_count_window_quantiles(&d, NULL, 1, far, 1, A, &q) == STK_ETOOBIG,
		   "a quantile beyond 2^31: ETOOBIG");
}

/*
 * Found by the stock optimiser's calibration benchmark: a negative binomial
 * with a large size (variance-to-mean ratio 1.16, mean 235 over the
 * window) whose pdfs sum to a few ulps short of 1 - 2 tail; the window pmf
 * used to grow until it hit STK_COUNT_MAX_SUPPORT.
 */
static void
test_large_size(void)
{
	StkCountDist d;
	double	   *pmf;
	int			len;
	double		sum = 0;

	stk_count_negbin(16.7901, 1.16151 * 16.7901, &d);
	tap_ok(stk_count_window_pmf(&d, NULL, 14, 0, A, &pmf, &len) == STK_OK,
		   "NB window with a large size: status");
	for (int j = 0; j < len; j++)
		sum += pmf[j];
	tap_ok(len < 1000 && fabs(sum - 1) < 1e-9, "short support (%d), mass 1", len);
	free(pmf);
}

/*
 * Geometric tail of the sizes, by hand: sizes 1, 1, 2, 2, 3, 3, 4, 4, 5,
 * 9 (E[Z] = 3.4); their 0.8-quantile is u = 4 (F(4) = 0.8), the mass
 * above it 0.2 with mean excess ((5 - 4) + (9 - 4)) / 2 = 3, so
 * P(Z = 4 + j) = 0.2 (1/3) (2/3)^(j-1): 0.066667, 0.044444, 0.029630 ...
 * up to j = 6 x 3 = 18, the rest of the geometric at its mean 4 + 18 + 3.
 */
static void
test_geometric_tail(void)
{
	static const double y[12] = {1, 0, 1, 2, 2, 3, 0, 3, 4, 4, 5, 9};
	StkCountDist d;
	double		tail = 0.0,
				ez = 0.0;
	StkCountDist pois;

	stk_count_bernoulli_empirical(0.5, y, 12, A, &d);
	tap_ok(stk_count_bernoulli_geometric_tail(&d, 0.8, A) == STK_OK, "geometric tail: status");
	tap_is_double(d.size_pmf[4], 0.2, 1e-15, "P(Z = 4) kept (the quantile u = 4)");
	tap_is_double(d.size_pmf[5], 0.2 / 3.0, 1e-15, "P(Z = 5) = 0.2 x 1/3");
	tap_is_double(d.size_pmf[6], 0.2 / 3.0 * 2.0 / 3.0, 1e-15, "P(Z = 6) = 0.2 x 1/3 x 2/3");
	tap_is_double(d.size_pmf[12], 0.2 / 3.0 * pow(2.0 / 3.0, 7), 1e-15,
				  "P(Z = 12) = 0.2 x 1/3 x (2/3)^7: beyond the largest size seen");
	for (int j = 5; j < d.nsize; j++)
		tail += d.size_pmf[j];
	for (int j = 1; j < d.nsize; j++)
		ez += j * d.size_pmf[j];
	tap_is_double(tail, 0.2, 1e-15, "mass above u 0.2");
	tap_is_double(ez, 3.4, 1e-13, "E[Z] = 3.4 kept");
	/*
	 * the geometric up to 4 + 6 x 3 = 22; beyond it mass 0.2 (2/3)^18 at
	 * its mean 22 + 3 = 25 exactly
	 */
	tap_ok(d.nsize == 26, "support up to 25 (%d)", d.nsize - 1);
	tap_is_double(d.size_pmf[22], 0.2 / 3.0 * pow(2.0 / 3.0, 17), 1e-18, "P(Z = 22): geometric");
	tap_is_double(d.size_pmf[25], 0.2 * pow(2.0 / 3.0, 18), 1e-18,
				  "P(Z = 25) = 0.2 (2/3)^18: the rest at its mean");
	tap_ok(d.size_pmf[23] == 0.0 && d.size_pmf[24] == 0.0, "nothing at 23, 24");
	tap_is_double(d.size_mean, ez, 1e-15, "size_mean updated");
	tap_is_double(d.mean, 0.5, 1e-9, "the per-period mean kept");
	tap_ok(stk_count_bernoulli_geometric_tail(&d, 1.0, A) == STK_EINVAL &&
		   stk_count_bernoulli_geometric_tail(&d, 0.0, A) == STK_EINVAL &&
		   stk_count_bernoulli_geometric_tail(&d, NAN, A) == STK_EINVAL,
		   "level outside (0, 1): EINVAL");
	stk_count_dist_free(&d, A);

	/* every size above u is u + 1: unchanged */
	stk_count_bernoulli_empirical(0.5, (const double[]) {1, 1, 1, 1, 2}, 5, A, &d);
	tap_ok(stk_count_bernoulli_geometric_tail(&d, 0.5, A) == STK_OK && d.nsize == 3 &&
		   d.size_pmf[2] == 0.2, "sizes 1 and 2 only: unchanged");
	stk_count_dist_free(&d, A);
	stk_count_poisson(1.0, &pois);
	tap_ok(stk_count_bernoulli_geometric_tail(&pois, 0.9, A) == STK_OK &&
		   pois.family == STK_COUNT_FAMILY_POISSON, "a Poisson: unchanged");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_geometric_tail();
	test_negbin();
	test_bernoulli();
	test_loss();
	test_fit_and_monotone();
	test_large_size();
	test_too_big();
	return tap_done();
}
