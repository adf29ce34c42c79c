/*-------------------------------------------------------------------------
 *
 * test_backtest.c
 *	  Unit tests of the accuracy measures, the rolling-origin backtest,
 *	  'auto's slow-seller and new-product routes and the explanations.
 *
 * Expected values are hand computations (shown beside each) or R 4.x
 * (the command in the comment).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy.h"
#include "auto_slow.h"
#include "backtest.h"
#include "explain.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

static void
test_accuracy(void)
{
	StkAccuracy acc;
	StkAccuracyResult r;
	double		s1,
				s2,
				pin[2],
				spl[2],
				cov[2];
	static const double x[5] = {1, 3, 2, 5, 4};
	static const double lv[2] = {0.1, 0.9};
	double		q1[2] = {2, 6},
				q2[2] = {0, 3};

	/* diffs 2, -1, 3, -1: s1 = 7/4, s2 = 15/4; lag 2: 1, 2, 2 -> 5/3, 3 */
	tap_ok(stk_accuracy_scale(x, 5, 1, &s1, &s2) == STK_OK, "scale ok");
	tap_is_double(s1, 1.75, 1e-15, "s1 lag 1");
	tap_is_double(s2, 3.75, 1e-15, "s2 lag 1");
	stk_accuracy_scale(x, 5, 2, &s1, &s2);
	tap_is_double(s1, 5.0 / 3, 1e-15, "s1 lag 2");
	tap_is_double(s2, 3.0, 1e-15, "s2 lag 2");
	tap_ok(stk_accuracy_scale(x, 5, 5, &s1, &s2) == STK_EINVAL, "lag >= n: EINVAL");
	tap_ok(stk_accuracy_scale(x, 5, 0, &s1, &s2) == STK_EINVAL, "lag 0: EINVAL");

	/* f = 4, y = 5 (e = -1) and f = 2, y = 0 (e = 2), scales 2 and 4 */
	tap_ok(stk_accuracy_init(&acc, 2, A) == STK_OK, "init");
	stk_accuracy_add(&acc, 5, 4, q1, lv, 2, 4);
	stk_accuracy_add(&acc, 0, 2, q2, lv, 2, 4);
	tap_ok(stk_accuracy_add(&acc, NAN, 2, q2, lv, 2, 4) == STK_ENONFINITE, "NaN actual");
	r.pinball = pin;
	r.spl = spl;
	r.coverage = cov;
	stk_accuracy_result(&acc, &r);
	tap_ok(r.count == 2, "count");
	tap_is_double(r.mase, (0.5 + 1.0) / 2, 1e-15, "MASE = mean(1/2, 2/2)");
	tap_is_double(r.rmsse, sqrt((0.25 + 1.0) / 2), 1e-15, "RMSSE = sqrt(mean(1/4, 4/4))");
	tap_is_double(r.smape, (200.0 / 9 + 200.0) / 2, 1e-13, "sMAPE");
	tap_is_double(r.wape, 3.0 / 5, 1e-15, "WAPE = 3/5");
	tap_is_double(r.bias, 0.5, 1e-15, "bias = mean(-1, 2)");
	/* level 0.1: y=5 q=2 -> 0.3; y=0 q=0 -> 0; level 0.9: q=6 -> 0.1; q=3 -> 0.3 */
	tap_is_double(pin[0], 0.15, 1e-15, "pinball 0.1");
	tap_is_double(pin[1], 0.2, 1e-15, "pinball 0.9");
	tap_is_double(spl[1], 0.1, 1e-15, "scaled pinball 0.9");
	tap_is_double(cov[0], 0.5, 1e-15, "coverage 0.1: y <= q once (0 <= 0)");
	tap_is_double(cov[1], 1.0, 1e-15, "coverage 0.9");
	stk_accuracy_free(&acc, A);
	tap_is_double(stk_pinball(3, 1, 0.25), 0.5, 1e-15, "pinball under");
	tap_is_double(stk_pinball(1, 3, 0.25), 1.5, 1e-15, "pinball over");
}

static void
test_backtest(void)
{
	StkBacktestRequest req;
	StkBacktestResult res;
	StkAccuracyResult r;
	double		y[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	double		pin[1],
				spl[1],
				cov[1];
	static const double lv[1] = {0.5};

	memset(&req, 0, sizeof(req));
	req.fc.y = y;
	req.fc.n = 8;
	req.fc.method = STK_METHOD_NAIVE;
	req.fc.horizon = 2;
	req.fc.levels = lv;
	req.fc.nlevels = 1;
	req.fc.period = 1;
	req.windows = 2;
	req.step = 1;
	req.scale_lag = 1;
	tap_ok(stk_backtest_needed(2, 2, 1, 1) == 5, "needed = 2 + 2 + 1");
	tap_ok(stk_backtest_needed(7, 4, 7, 7) == 8 + 7 + 21, "needed with lag 7");
	tap_ok(stk_backtest_run(&req, A, &res) == STK_OK, "naive backtest runs");
	r.pinball = pin;
	r.spl = spl;
	r.coverage = cov;
	stk_accuracy_result(&res.steps[0], &r);
	tap_ok(res.windows == 2 && r.count == 2, "two windows scored");
	tap_is_double(r.mase, 1, 1e-15, "h=1 MASE 1");
	tap_is_double(r.bias, -1, 1e-15, "h=1 bias -1");
	tap_is_double(pin[0], 0.5, 1e-15, "h=1 pinball 0.5");
	stk_accuracy_result(&res.steps[1], &r);
	tap_is_double(r.rmsse, 2, 1e-15, "h=2 RMSSE 2");
	tap_is_double(r.wape, 4.0 / 15, 1e-15, "h=2 WAPE 4/15");
	stk_backtest_result_free(&res, A);

	req.windows = 5;			/* needs 2 + 2 + 4 = 8: fits exactly */
	tap_ok(stk_backtest_run(&req, A, &res) == STK_OK && res.windows == 5,
		   "5 windows fit 8 periods");
	stk_backtest_result_free(&res, A);
	req.windows = 6;
	tap_ok(stk_backtest_run(&req, A, &res) == STK_EINVAL, "6 windows: too short");
	req.windows = 0;
	tap_ok(stk_backtest_run(&req, A, &res) == STK_EINVAL, "0 windows: EINVAL");
	req.windows = 1;
	req.step = 0;
	tap_ok(stk_backtest_run(&req, A, &res) == STK_EINVAL, "step 0: EINVAL");
	req.step = 1;
	y[3] = NAN;
	tap_ok(stk_backtest_run(&req, A, &res) == STK_ENONFINITE, "NaN: ENONFINITE");
}

static void
test_auto_slow(void)
{
	static const double slow[30] = {0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0,
	3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0};
	static const double smooth[20] = {5, 6, 4, 5, 7, 6, 5, 4, 6, 5, 6, 5, 4, 6, 7, 5, 6, 5, 4, 6};
	static const double lv[4] = {0.1, 0.5, 0.9, 0.99};
	double		zeros[20] = {0};
	double		neg[20];
	StkForecastRequest req;
	StkForecastResult res;
	StkExplain ex;

	for (int i = 0; i < 20; i++)
		neg[i] = i % 4 == 0 ? -1 : 2;
	tap_ok(stk_auto_slow_route(slow, 30, NULL) == STK_SLOW_INTERMITTENT, "slow: intermittent route");
	tap_ok(stk_auto_slow_route(smooth, 20, NULL) == STK_SLOW_NONE, "smooth: general path");
	tap_ok(stk_auto_slow_route(zeros, 20, NULL) == STK_SLOW_INTERMITTENT, "all zero: intermittent route");
	tap_ok(stk_auto_slow_route(neg, 20, NULL) == STK_SLOW_NONE, "negative values: general path");
	tap_ok(stk_auto_slow_route(smooth, 13, NULL) == STK_SLOW_NEW, "13 periods: new product");
	tap_ok(stk_auto_slow_route(smooth, 14, NULL) == STK_SLOW_NONE, "14 periods: not new");

	memset(&req, 0, sizeof(req));
	req.y = slow;
	req.n = 30;
	req.period = 7;
	req.horizon = 3;
	req.levels = lv;
	req.nlevels = 4;
	tap_ok(stk_forecast_run(&req, A, &res) == STK_OK, "auto on the slow seller");
	tap_is_double(res.point[0], 0, 0, "point = the median, 0");
	/* R: qnbinom(c(.1,.5,.9,.99), size = f^2/(v-f), prob = f/v), v = 1.724138 f */
	tap_ok(res.quantiles[0] == 0 && res.quantiles[1] == 0 && res.quantiles[2] == 1 &&
		   res.quantiles[3] == 3, "integer NB quantiles 0 0 1 3");
	tap_ok(strstr(res.model, "Croston-SBA") != NULL, "model names SBA: %s", res.model);
	stk_forecast_result_free(&res, A);

	req.y = zeros;
	req.n = 20;
	tap_ok(stk_forecast_run(&req, A, &res) == STK_OK && res.point[0] == 0 &&
		   res.quantiles[3] == 0, "all-zero series: zero forecast, no error");
	stk_forecast_result_free(&res, A);

	/* new product {3,1,4,0,2}: mean 2, VMR 1.25; R: qnbinom(c(.1,.5,.9,.99), 8, .8) = 0 2 4 7 */
	req.y = (const double[]) {3, 1, 4, 0, 2};
	req.n = 5;
	req.period = 0;
	tap_ok(stk_forecast_run(&req, A, &res) == STK_OK, "new product runs");
	tap_is_double(res.point[0], 2, 1e-15, "new product: mean of the history");
	tap_ok(res.quantiles[0] == 0 && res.quantiles[1] == 2 && res.quantiles[2] == 4 &&
		   res.quantiles[3] == 7, "new product NB quantiles 0 2 4 7");
	tap_ok(strncmp(res.model, "New product", 11) == 0 && strstr(res.note, "new product") != NULL,
		   "new product flagged in model and note");
	stk_forecast_result_free(&res, A);

	req.y = slow;
	req.n = 30;
	req.period = 7;
	tap_ok(stk_forecast_explain(&req, A, &ex) == STK_OK, "explain runs");
	/* 0.95 * 1.32761 / 3.86241 by hand; R: croston2(y, 1, .1, nofits = TRUE) * 0.95 */
	tap_is_double(ex.level, 0.32653951807291309, 1e-14, "explain level = the SBA rate");
	tap_is_double(ex.size, 1.32761, 1e-12, "explain size (hand SES of the sizes)");
	tap_is_double(ex.interval, 3.86241, 1e-12, "explain interval (hand SES of the intervals)");
	tap_ok(strcmp(ex.reason, "sells on 1 day in 5 (intermittent, 1.7 units when it sells); "
				  "Croston-SBA chosen") == 0, "reason: %s", ex.reason);
}

static void
test_new_product_profile(void)
{
	static const double y[6] = {2, 4, 8, 2, 4, 8};
	static const double prof[3] = {1, 2, 4};
	static const double bad[1] = {-1};
	static const double lv[3] = {0.1, 0.5, 0.9};
	double		point[3],
				q[9],
				p3[9];
	StkForecastResult res;

	memset(&res, 0, sizeof(res));
	res.point = point;
	res.quantiles = q;
	res.p10_50_90 = p3;
	/* k = (28 + 7) / (14 + 7) = 5/3; R: qpois(c(.1,.5,.9), 20/3) = 3 6 10 */
	tap_ok(stk_new_product_profile(y, 6, prof, 3, lv, 3, 3, A, &res) == STK_OK, "profile runs");
	tap_is_double(point[0], 5.0 / 3, 1e-15, "step 1 = k * 1");
	tap_is_double(point[2], 20.0 / 3, 1e-14, "step 3 = k * 4");
	tap_ok(q[6] == 3 && q[7] == 6 && q[8] == 10, "Poisson quantiles of step 3: 3 6 10");
	tap_ok(strstr(res.note, "category profile") != NULL, "flagged: %s", res.note);
	tap_ok(stk_new_product_profile(NULL, 0, prof, 3, lv, 3, 3, A, &res) == STK_OK &&
		   point[1] == 2, "no history: the profile itself");
	tap_ok(stk_new_product_profile(y, 6, prof, 0, lv, 3, 3, A, &res) == STK_EINVAL, "empty profile");
	tap_ok(stk_new_product_profile(y, 6, bad, 1, lv, 3, 3, A, &res) == STK_EINVAL, "negative profile");
	tap_ok(stk_new_product_profile(bad, 1, prof, 3, lv, 3, 3, A, &res) == STK_EINVAL, "negative history");
}

int
main(void)
{
	test_accuracy();
	test_backtest();
	test_auto_slow();
	test_new_product_profile();
	return tap_done();
}
