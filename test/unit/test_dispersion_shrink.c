/*-------------------------------------------------------------------------
 *
 * test_dispersion_shrink.c
 *	  Unit tests of the empirical-Bayes (Fay-Herriot) shrinkage
 *	  (dispersion_shrink.c) and of the stock optimiser's pooled dispersion
 *	  (reorder.c: stk_reorder_dispersion_prior, stk_reorder_pooled_dispersion,
 *	  stk_reorder_plan_set_dispersion).
 *
 * Golden values by hand (checked with a few lines of Python):
 *	- theta {0, 1, 2, 3}, D 0.5 each, no covariate: mean 1.5, RSS 5,
 *	  leverages 1/4, so A = (5 - 4 x 0.5 x 3/4) / 3 = 3.5 / 3; B = 0.5 /
 *	  (3.5/3 + 0.5) = 0.3; theta 0 shrinks to 0 - 0.3 (0 - 1.5) = 0.45 with
 *	  posterior variance A B = 0.35.
 *	- theta {0.1, 0.9, 2.3, 2.7, 4.0} on x {0, 1, 2, 3, 4}, D 0.1: OLS line
 *	  0.08 + 0.96 x, RSS 0.184 < sum D (1 - h) = 0.1 x 3 = 0.3, so A = 0 and
 *	  every item takes the line (2.3 at x = 2 becomes 2.0).
 *	- theta {0, 1, 2, 4}, D {0.2, 0.2, 0.2, 1}: A = (8.75 - 1.2) / 3 =
 *	  2.516667, the weighted mean 1.614322 (weights 1 / (A + D)), theta 4
 *	  (D 1) shrinks to 3.321608 (posterior variance 0.715640), theta 0 (D
 *	  0.2) to 0.118846.
 *	- A plan with window ratio 2, log variance 0.02, independent-periods
 *	  ratio 1.5, on the line b0 0, b1 1, A 0.02: theta = ln 2 + 0.01, B =
 *	  1/2, theta~ = (theta + ln 1.5) / 2, posterior variance 0.01, pooled
 *	  ratio exp(theta~ + 0.005) = 1.749458.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "dispersion_shrink.h"
#include "reorder.h"
#include "tap.h"

int
main(void)
{
	StkShrinkLine line;
	double		post;

	/* no covariate, A > 0 */
	{
		const double th[4] = {0, 1, 2, 3},
					d[4] = {0.5, 0.5, 0.5, 0.5};

		tap_ok(stk_shrink_fit(th, d, NULL, 4, &stk_malloc_allocator, &line) == STK_OK &&
			   line.fitted, "fit: four items, no covariate");
		tap_is_double(line.between, 3.5 / 3.0, 1e-14, "A = (RSS - sum D (1 - h)) / (n - 1) = 3.5 / 3");
		tap_is_double(line.b0, 1.5, 1e-14, "equal D: the plain mean");
		tap_is_double(line.b1, 0.0, 0, "no slope without a covariate");
		tap_is_double(stk_shrink_apply(&line, 0.0, 0.5, 0.0, &post), 0.45, 1e-14,
					  "theta 0 shrinks by B = 0.3 toward 1.5: 0.45");
		tap_is_double(post, 0.35, 1e-14, "posterior variance A B = 0.35");
	}
	/* covariate, A = 0: every item on the line */
	{
		const double th[5] = {0.1, 0.9, 2.3, 2.7, 4.0},
					d[5] = {0.1, 0.1, 0.1, 0.1, 0.1},
					x[5] = {0, 1, 2, 3, 4};

		stk_shrink_fit(th, d, x, 4, &stk_malloc_allocator, &line);
		tap_ok(!line.fitted, "4 items, 2 coefficients: too few for a line");
		tap_ok(stk_shrink_fit(th, d, x, 5, &stk_malloc_allocator, &line) == STK_OK &&
			   line.fitted, "fit: five items on a covariate");
		tap_is_double(line.between, 0.0, 0, "RSS 0.184 below the noise 0.3: A = 0");
		tap_is_double(line.b0, 0.08, 1e-14, "intercept 0.08");
		tap_is_double(line.b1, 0.96, 1e-14, "slope 0.96");
		tap_is_double(stk_shrink_apply(&line, 2.3, 0.1, 2.0, &post), 2.0, 1e-14,
					  "A = 0: theta 2.3 at x = 2 takes the line, 2.0");
		tap_is_double(post, 0.0, 0, "and no posterior variance");
	}
	/* unequal D: the weighted mean, each item by its own B */
	{
		const double th[4] = {0, 1, 2, 4},
					d[4] = {0.2, 0.2, 0.2, 1.0};

		stk_shrink_fit(th, d, NULL, 4, &stk_malloc_allocator, &line);
		tap_is_double(line.between, 2.5166666666666666, 1e-13, "A = 7.55 / 3");
		tap_is_double(line.b0, 1.6143216080402012, 1e-13, "mean weighted by 1 / (A + D): 1.614322");
		tap_is_double(stk_shrink_apply(&line, 4.0, 1.0, 0.0, &post), 3.321608040201005, 1e-13,
					  "the noisy item (D 1) moves more: 4 -> 3.321608");
		tap_is_double(post, 0.7156398104265402, 1e-13, "posterior variance 0.715640");
		tap_is_double(stk_shrink_apply(&line, 0.0, 0.2, 0.0, NULL), 0.11884576255510684, 1e-13,
					  "the precise one (D 0.2) less: 0 -> 0.118846");
	}
	/* too few items, no spread in x, bad input */
	{
		const double th[4] = {0, 1, 2, 3},
					d[4] = {0.5, 0.5, 0.5, 0.5},
					xc[4] = {1, 1, 1, 1},
					dbad[4] = {0.5, 0, 0.5, 0.5},
					thbad[4] = {0, NAN, 2, 3};

		stk_shrink_fit(th, d, NULL, 3, &stk_malloc_allocator, &line);
		tap_ok(!line.fitted, "3 items, 1 coefficient: no line");
		tap_is_double(stk_shrink_apply(&line, 7.0, 0.5, 0.0, &post), 7.0, 0,
					  "no line: the estimate as it is");
		tap_is_double(post, 0.5, 0, "with its own sampling variance");
		stk_shrink_fit(th, d, xc, 4, &stk_malloc_allocator, &line);
		tap_ok(!line.fitted, "a covariate without spread: no line");
		tap_ok(stk_shrink_fit(th, dbad, NULL, 4, &stk_malloc_allocator, &line) == STK_EINVAL,
			   "a sampling variance 0: STK_EINVAL");
		tap_ok(stk_shrink_fit(thbad, d, NULL, 4, &stk_malloc_allocator, &line) == STK_EINVAL,
			   "a NaN estimate: STK_EINVAL");
	}

	/* the reorder plan's pooled dispersion */
	{
		StkReorderPlan p;
		StkReorderDispersionPrior prior;

		memset(&p, 0, sizeof(p));
		memset(&prior, 0, sizeof(prior));
		p.cls = STK_DEMAND_SMOOTH;
		p.long_run = true;
		p.window_vmr = 2.0;
		p.window_vmr_var = 0.02;
		p.step_vmr = 1.5;
		prior.line[0].fitted = true;
		prior.line[0].b1 = 1.0;
		prior.line[0].between = 0.02;
		tap_is_double(stk_reorder_pooled_dispersion(&p, &prior), 1.7494582075832128, 1e-13,
					  "pooled ratio exp(theta~ + post / 2) = 1.749458");
		p.cls = STK_DEMAND_ERRATIC;
		tap_ok(isnan(stk_reorder_pooled_dispersion(&p, &prior)),
			   "erratic plan, no erratic line: NaN (kept as measured)");
		p.cls = STK_DEMAND_SMOOTH;
		p.long_run = false;
		tap_ok(isnan(stk_reorder_pooled_dispersion(&p, &prior)),
			   "a plan on the adaptive forecast does not take part");
		p.long_run = true;
		p.cls = STK_DEMAND_LUMPY;
		tap_ok(isnan(stk_reorder_pooled_dispersion(&p, &prior)), "nor a slow mover");
	}

	/*
	 * A real plan: set_dispersion(v) rebuilds exactly the plan made with
	 * window_vmr = v, and a group of independent-draw histories gets a
	 * fitted smooth line.
	 */
	{
		StkReorderOptions opt;
		StkReorderPlan a,
					b;
		double		y[400];
		uint64_t	s = 12345;
		bool		same = true;

		for (int t = 0; t < 400; t++)
		{
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			y[t] = 5 + (double) ((s >> 33) % 7);
		}
		stk_reorder_options_default(&opt);
		opt.lead_mean = 7;
		opt.review = 7;
		opt.period = 7;
		tap_ok(stk_reorder_plan(y, 400, &opt, &stk_malloc_allocator, &a) == STK_OK,
			   "plan a stable smooth history");
		tap_ok(a.long_run && a.cls == STK_DEMAND_SMOOTH && a.window_vmr > 0 &&
			   a.window_vmr_var > 0 && a.step_vmr > 0,
			   "long-run plan with a window ratio, its log variance and the independent-periods ratio");
		/* uniform 5..11: variance 4, mean 8, ratio 0.5 */
		tap_is_double(a.step_vmr, 0.5, 0.08, "independent-periods ratio near 4 / 8");
		tap_is_double(a.window_vmr_var, (2.0 / 3.0) * (14.0 / 400.0) * 2.0, 0.01,
					  "log variance near (2/3)(P/m)(2 + excess kurtosis ~ 0)");
		opt.window_vmr = 1.7;
		stk_reorder_plan(y, 400, &opt, &stk_malloc_allocator, &b);
		opt.window_vmr = 0;
		tap_ok(stk_reorder_plan_set_dispersion(&a, &opt, 1.7, &stk_malloc_allocator) == STK_OK,
			   "set_dispersion 1.7");
		same = a.np == b.np && a.nl == b.nl && a.order_up_to == b.order_up_to &&
			fabs(a.service - b.service) < 1e-12;
		for (int j = 0; same && j <= a.np; j++)
			same = fabs(a.loss_p[j] - b.loss_p[j]) < 1e-12 * fmax(1.0, b.loss_p[0]);
		tap_ok(same, "same tables and level as planning with window_vmr 1.7");
		tap_ok(strstr(a.method, "pooled over the group") != NULL, "the method says so");
		tap_ok(stk_reorder_plan_set_dispersion(&a, &opt, 0.0, &stk_malloc_allocator) == STK_EINVAL,
			   "ratio 0: STK_EINVAL");
		tap_ok(stk_reorder_plan_set_dispersion(&a, &opt, NAN, &stk_malloc_allocator) == STK_ENONFINITE,
			   "ratio NaN: STK_ENONFINITE");
		stk_reorder_plan_free(&a, &stk_malloc_allocator);
		stk_reorder_plan_free(&b, &stk_malloc_allocator);
	}
	return tap_done();
}
