/*-------------------------------------------------------------------------
 *
 * test_intermittent.c
 *	  Unit tests of the demand classification and of Croston, SBA, TSB,
 *	  ADIDA and IMAPA.
 *
 * Reference values come from R 4.x with forecast 8.20 (the R command is
 * given above each literal); R is not needed to run the tests.  forecast
 * 8.20's croston() has no 'type' argument, so SBA is checked as
 * croston() * (1 - alpha/2), its definition.  Croston here and in R are
 * the same recursions in the same order, so they agree to rounding: 1e-12
 * relative.  TSB and the classification are checked against values
 * worked out by hand (the arithmetic is in the comments).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "demand_class.h"
#include "forecast_run.h"
#include "intermittent.h"
#include "tap.h"

#define TOL_EXACT 1e-12
#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const StkAllocator *A = &stk_malloc_allocator;

/* A hand-made intermittent series. */
static const double y20[20] = {
	0, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 5, 0, 0, 0, 1, 0, 2, 0, 0
};

/*
 * R: d <- read.csv("m5_subset/train.csv");
 *    y <- d$value[d$series_id == "FOODS_1_057_CA_3"][1:200]
 */
static const double foods057[200] = {
	1, 0, 0, 0, 0, 0, 3, 0, 0, 1, 1, 1, 6, 1, 1, 0, 0, 0, 1, 5, 1, 2, 0, 2, 0,
	0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 3,
	0, 2, 0, 1, 1, 2, 5, 4, 0, 0, 0, 1, 0, 1, 2, 0, 1, 0, 1, 0, 6, 4, 0, 0, 0,
	0, 2, 0, 0, 1, 3, 0, 0, 2, 0, 1, 1, 1, 0, 0, 2, 0, 4, 1, 0, 1, 1, 2, 1, 2,
	0, 0, 0, 1, 1, 1, 2, 0, 0, 1, 2, 0, 1, 3, 0, 1, 0, 2, 1, 0, 1, 0, 3, 0, 0
};

/* R: y <- d$value[d$series_id == "FOODS_1_218_CA_1"][1:200] */
static const double foods218[200] = {
	10, 3, 4, 0, 0, 0, 1, 4, 2, 0, 0, 4, 0, 2, 0, 0, 1, 3, 2, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 26, 14, 24, 16, 18, 15, 6, 2, 3, 2, 2, 6, 4, 2, 3, 0, 0, 12, 2,
	2, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 6, 10, 10, 7, 8,
	19, 4, 1, 7, 4, 8, 2, 4, 0, 3, 0, 5, 3, 2, 0, 1, 0, 0, 0, 0, 0, 4, 6, 4, 10,
	20, 19, 12, 7, 2, 1, 0, 0, 6, 8, 7, 7, 4, 3, 6, 9, 10, 5, 17, 15, 21, 22, 21, 18,
	24, 8, 14, 13, 16, 17, 11, 9, 17, 10, 12, 11, 14, 27, 4, 11, 10, 17, 6, 33, 14, 5, 15, 8,
	8, 5, 15, 9, 2, 13, 15, 16, 7, 10, 0, 0, 0, 0, 0, 0, 0, 25, 10, 8, 8, 8, 13, 13,
	3, 3, 7
};

typedef struct CrostonGolden
{
	const char *name;
	const double *y;
	int			n;
	double		alpha;
	double		mean;			/* R: croston(y, h = 5, alpha = a)$mean[1] */
	double		mse;			/* R: mean((y - f$fitted)^2, na.rm = TRUE) */
} CrostonGolden;

static const CrostonGolden croston_golden[] = {
	{"y20", y20, 20, 0.1, 0.89343373514074398, 2.0411888310251101},
	{"y20", y20, 20, 0.3, 0.79127605096451048, NAN},
	{"FOODS_1_057_CA_3", foods057, 200, 0.1, 0.93685226253607945, 1.2887194837435094},
	{"FOODS_1_057_CA_3", foods057, 200, 0.25, 1.0252822455098589, 1.2753545846037158},
	{"FOODS_1_218_CA_1", foods218, 200, 0.1, 7.5649522846488386, 40.404185036238225},
	{"FOODS_1_218_CA_1", foods218, 200, 0.25, 6.6742830305767269, 36.203061951601512},
};

static void
test_classification(void)
{
	StkDemandStats st;
	static const double smooth[] = {5, 6, 5, 4, 6, 5};
	static const double erratic[] = {1, 10, 1, 12, 1, 9};
	static const double lumpy[] = {0, 0, 10, 0, 1, 0, 0, 20, 0, 1};
	static const double zeros[] = {0, 0, 0};
	static const double one[] = {0, 4, 0, 0};
	double		bad[3] = {1, -1, 2};

	/*
	 * y20: demands at positions 3, 5, 9, 12, 16, 18 (1-based), so the
	 * intervals are 3, 2, 4, 3, 4, 2 and ADI = 18 / 6 = 3.  Sizes 3, 1, 2,
	 * 5, 1, 2: mean 14/6, squared deviations sum to 34/3, sample variance
	 * 34/15, CV2 = (34/15) / (14/6)^2 = 0.416326...: intermittent.
	 */
	tap_ok(stk_demand_classify(y20, 20, &st) == STK_OK, "classify y20");
	tap_ok(st.nonzero == 6 && st.n == 20, "y20: 6 demands in 20 periods");
	tap_is_double(st.adi, 3.0, TOL_EXACT, "y20: ADI = 18/6");
	tap_is_double(st.adi_total, 20.0 / 6, TOL_EXACT, "y20: n/nonzero = 20/6");
	tap_is_double(st.cv2, (34.0 / 15) / ((14.0 / 6) * (14.0 / 6)), TOL_EXACT,
				  "y20: CV2 = (34/15)/(14/6)^2");
	tap_is_double(st.zero_share, 0.7, TOL_EXACT, "y20: zero share 14/20");
	tap_is_double(st.mean_size, 14.0 / 6, TOL_EXACT, "y20: mean size 14/6");
	tap_ok(st.first_demand == 2 && st.last_demand == 17 && st.trailing_zeros == 2,
		   "y20: first/last demand and trailing zeros");
	tap_ok(st.cls == STK_DEMAND_INTERMITTENT, "y20 is intermittent (%s)",
		   stk_demand_class_name(st.cls));

	/*
	 * Every period sells, sizes 5, 6, 5, 4, 6, 5: ADI 1, mean 31/6, squared
	 * deviations (1 + 25 + 1 + 49 + 25 + 1)/36 = 17/6, variance 17/30,
	 * CV2 = (17/30)/(31/6)^2 = 0.0212.
	 */
	stk_demand_classify(smooth, NELEM(smooth), &st);
	tap_ok(st.cls == STK_DEMAND_SMOOTH && st.adi == 1, "smooth series is smooth");
	tap_is_double(st.cv2, (17.0 / 30) / ((31.0 / 6) * (31.0 / 6)), TOL_EXACT,
				  "smooth: CV2 = (17/30)/(31/6)^2");
	/* sizes 1, 10, 1, 12, 1, 9: mean 34/6, CV2 well above 0.49 */
	stk_demand_classify(erratic, NELEM(erratic), &st);
	tap_ok(st.cls == STK_DEMAND_ERRATIC, "erratic series is erratic (CV2 %.3f)", st.cv2);

	/*
	 * Demands at 3, 5, 8, 10: ADI 10/4 = 2.5.  Sizes 10, 1, 20, 1: mean 8,
	 * squared deviations 4 + 49 + 144 + 49 = 246, variance 82, CV2 82/64.
	 */
	stk_demand_classify(lumpy, NELEM(lumpy), &st);
	tap_is_double(st.adi, 2.5, TOL_EXACT, "lumpy: ADI 10/4");
	tap_is_double(st.cv2, 82.0 / 64, TOL_EXACT, "lumpy: CV2 82/64");
	tap_ok(st.cls == STK_DEMAND_LUMPY, "lumpy series is lumpy");

	/* cut-offs: 1.32 and 0.49 belong to the upper classes */
	tap_ok(stk_demand_class_of(1.32, 0.49) == STK_DEMAND_LUMPY &&
		   stk_demand_class_of(1.3199, 0.4899) == STK_DEMAND_SMOOTH &&
		   stk_demand_class_of(1.3199, 0.49) == STK_DEMAND_ERRATIC &&
		   stk_demand_class_of(1.32, 0.4899) == STK_DEMAND_INTERMITTENT,
		   "cut-offs ADI 1.32 and CV2 0.49 are inclusive above");

	tap_ok(stk_demand_classify(zeros, 3, &st) == STK_OK &&
		   st.cls == STK_DEMAND_ZERO && st.nonzero == 0 && isnan(st.adi),
		   "all-zero series: class zero, ADI undefined, no error");
	tap_ok(stk_demand_classify(one, 4, &st) == STK_OK &&
		   st.adi == 2 && st.cv2 == 0 && st.cls == STK_DEMAND_INTERMITTENT,
		   "one demand: ADI 2/1, CV2 taken as 0");
	tap_ok(stk_demand_classify(bad, 3, &st) == STK_EINVAL,
		   "negative demand: STK_EINVAL");
	bad[1] = NAN;
	tap_ok(stk_demand_classify(bad, 3, &st) == STK_ENONFINITE,
		   "NaN: STK_ENONFINITE");
	tap_ok(stk_demand_classify(bad, 0, &st) == STK_EINVAL, "n = 0: STK_EINVAL");
	tap_ok(strcmp(stk_demand_class_name(STK_DEMAND_LUMPY), "lumpy") == 0,
		   "class names");
}

static void
test_croston_golden(void)
{
	for (int i = 0; i < NELEM(croston_golden); i++)
	{
		const CrostonGolden *g = &croston_golden[i];
		StkForecast fc;
		StkStatus	st;
		bool		flat = true;

		st = stk_croston(g->y, g->n, g->alpha, 5, A, &fc);
		tap_ok(st == STK_OK && strcmp(fc.model, "Croston") == 0,
			   "croston %s alpha %.2f fits", g->name, g->alpha);
		if (st != STK_OK)
			continue;
		tap_is_double(fc.mean[0], g->mean, TOL_EXACT,
					  "croston %s alpha %.2f = R croston()$mean", g->name, g->alpha);
		for (int h = 1; h < 5; h++)
			flat = flat && fc.mean[h] == fc.mean[0] && fc.var[h] == fc.var[0];
		tap_ok(flat, "croston %s: flat over the horizon", g->name);
		if (!isnan(g->mse))
			tap_is_double(fc.sigma2, g->mse, TOL_EXACT,
						  "croston %s alpha %.2f: in-sample MSE = R's from $fitted",
						  g->name, g->alpha);
		stk_forecast_free(&fc, A);

		/* SBA = Croston * (1 - alpha/2) by definition */
		st = stk_sba(g->y, g->n, g->alpha, 5, A, &fc);
		tap_ok(st == STK_OK && strcmp(fc.model, "SBA") == 0, "sba %s fits", g->name);
		if (st == STK_OK)
			tap_is_double(fc.mean[4], g->mean * (1 - g->alpha / 2), TOL_EXACT,
						  "sba %s alpha %.2f = R croston() * (1 - alpha/2)",
						  g->name, g->alpha);
		stk_forecast_free(&fc, A);
	}
}

static void
test_tsb(void)
{
	static const double y[6] = {0, 2, 0, 0, 3, 0};
	StkIntermittentOptions opt;
	StkIntermittentFit fit;
	StkForecast fc;
	double		e[5],
				sse = 0;

	/*
	 * alpha 0.2, beta 0.1.  Start: p = 2/6 (share of periods with demand),
	 * z = 2.5 (mean size).
	 *	t1 y=0: p = (1/3) 0.9 = 0.3
	 *	t2 y=2: p = 0.3 + 0.1 (1 - 0.3) = 0.37,	z = 2.5 + 0.2 (2 - 2.5) = 2.4
	 *	t3 y=0: p = 0.333
	 *	t4 y=0: p = 0.2997
	 *	t5 y=3: p = 0.2997 + 0.1 * 0.7003 = 0.36973, z = 2.4 + 0.2 * 0.6 = 2.52
	 *	t6 y=0: p = 0.332757
	 * forecast = 0.332757 * 2.52 = 0.83854764
	 * One-step forecasts before t2..t6: 0.3*2.5, 0.37*2.4, 0.333*2.4,
	 * 0.2997*2.4, 0.36973*2.52.
	 */
	tap_ok(stk_tsb(y, 6, 0.2, 0.1, 3, A, &fc) == STK_OK, "tsb fits");
	tap_is_double(fc.mean[0], 0.83854764, TOL_EXACT, "tsb: hand-computed forecast");
	tap_is_double(fc.mean[2], 0.83854764, TOL_EXACT, "tsb: flat");
	e[0] = 2 - 0.75;
	e[1] = 0 - 0.888;
	e[2] = 0 - 0.7992;
	e[3] = 3 - 0.71928;
	e[4] = 0 - 0.9317196;
	for (int i = 0; i < 5; i++)
		sse += e[i] * e[i];
	tap_is_double(fc.sigma2, sse / 5, TOL_EXACT, "tsb: hand-computed in-sample MSE");
	tap_ok(strcmp(fc.model, "TSB") == 0, "tsb: model name");
	stk_forecast_free(&fc, A);

	/* TSB decays when an item stops selling; Croston keeps its forecast */
	{
		double		dying[60];
		StkForecast fc2;

		for (int t = 0; t < 60; t++)
			dying[t] = t < 30 && t % 3 == 0 ? 2 : 0;
		stk_tsb(dying, 60, 0.1, 0.1, 1, A, &fc);
		stk_croston(dying, 60, 0.1, 1, A, &fc2);
		tap_ok(fc.mean[0] < 0.1 * fc2.mean[0],
			   "tsb decays after 30 periods without demand (%.4f vs Croston %.4f)",
			   fc.mean[0], fc2.mean[0]);
		stk_forecast_free(&fc, A);
		stk_forecast_free(&fc2, A);
	}

	/* the O(1) update reproduces a refit on the longer series */
	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_TSB;
	opt.alpha = 0.2;
	opt.beta = 0.1;
	stk_intermittent_forecast(y, 6, &opt, 1, A, &fc, &fit);
	stk_forecast_free(&fc, A);
	tap_ok(stk_intermittent_update(&fit, 4) == STK_OK, "tsb update");
	/* p = 0.332757 + 0.1 (1 - 0.332757), z = 2.52 + 0.2 (4 - 2.52) */
	tap_is_double(fit.forecast, (0.332757 + 0.1 * (1 - 0.332757)) * (2.52 + 0.2 * 1.48),
				  TOL_EXACT, "tsb update: hand-computed");
	tap_ok(stk_intermittent_update(&fit, -1) == STK_EINVAL, "tsb update: negative rejected");
}

static void
test_croston_update(void)
{
	StkIntermittentOptions opt;
	StkIntermittentFit fit,
				full;
	StkForecast fc;

	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_SBA;
	stk_intermittent_forecast(foods057, 190, &opt, 1, A, &fc, &fit);
	stk_forecast_free(&fc, A);
	for (int t = 190; t < 200; t++)
		stk_intermittent_update(&fit, foods057[t]);
	stk_intermittent_forecast(foods057, 200, &opt, 1, A, &fc, &full);
	tap_is_double(fit.forecast, fc.mean[0], TOL_EXACT,
				  "sba: 10 O(1) updates = refit on 200 periods");
	tap_ok(fit.since == full.since && fit.size == full.size && fit.interval == full.interval,
		   "sba: updated state equals refitted state");
	stk_forecast_free(&fc, A);
}

static void
test_aggregation(void)
{
	StkIntermittentOptions opt;
	StkIntermittentFit fit;
	StkForecast fc;

	stk_intermittent_options_default(&opt);

	/*
	 * ADIDA, k = round(ADI = 3) = 3: buckets from the end 4, 0, 2, 5, 1, 2.
	 * R: agg <- colSums(matrix(y[3:20], nrow = 3));
	 *    ses(agg, alpha = 0.1, initial = "simple", h = 1)$mean / 3
	 */
	opt.method = STK_IM_ADIDA;
	tap_ok(stk_intermittent_forecast(y20, 20, &opt, 2, A, &fc, &fit) == STK_OK,
		   "adida fits");
	tap_is_double(fc.mean[1], 1.0675866666666669, TOL_EXACT, "adida y20 = R ses(buckets)/3");
	tap_ok(fit.agg_level == 3 && strcmp(fc.model, "ADIDA(k=3)") == 0,
		   "adida: k = 3 (%s)", fc.model);
	stk_forecast_free(&fc, A);

	/* k = 1 is SES on the series */
	opt.agg_level = 1;
	stk_intermittent_forecast(y20, 20, &opt, 1, A, &fc, &fit);
	{
		double		l = y20[0];

		for (int t = 1; t < 20; t++)
			l += 0.1 * (y20[t] - l);
		tap_is_double(fc.mean[0], l, TOL_EXACT, "adida k=1 is SES");
	}
	stk_forecast_free(&fc, A);

	/*
	 * IMAPA, K = 3: levels 1, 2, 3 all have empty buckets, so SBA on each.
	 * R: a2 <- colSums(matrix(y, nrow = 2)); a3 as above;
	 *    mean(c(croston(y, alpha = .1)$mean[1] * .95,
	 *           croston(a2, alpha = .1)$mean[1] * .95 / 2,
	 *           croston(a3, alpha = .1)$mean[1] * .95 / 3))
	 */
	opt.method = STK_IM_IMAPA;
	opt.agg_level = 0;
	tap_ok(stk_intermittent_forecast(y20, 20, &opt, 1, A, &fc, &fit) == STK_OK,
		   "imapa fits");
	tap_is_double(fc.mean[0], 0.86565480778399462, TOL_EXACT, "imapa y20 = R average of SBA levels");
	tap_ok(fit.agg_level == 3, "imapa: K = 3 (%s)", fc.model);
	tap_ok(fc.sigma2 > 0 && isfinite(fc.sigma2), "imapa: in-sample MSE %.4f", fc.sigma2);
	stk_forecast_free(&fc, A);
}

static double
croston_mse_at(const double *y, int n, double alpha)
{
	StkForecast fc;
	double		s;

	stk_croston(y, n, alpha, 1, A, &fc);
	s = fc.sigma2;
	stk_forecast_free(&fc, A);
	return s;
}

static void
test_optimisation(void)
{
	StkIntermittentOptions opt;
	StkIntermittentFit fit;
	StkForecast fc;
	double		best;

	stk_intermittent_options_default(&opt);
	opt.optimize = true;
	tap_ok(stk_intermittent_forecast(foods218, 200, &opt, 1, A, &fc, &fit) == STK_OK,
		   "croston optimised (MSE)");
	best = fit.loss;
	tap_ok(fit.alpha > 0 && fit.alpha <= 1 && fc.nparams == 1,
		   "optimised alpha %.6f in (0,1]", fit.alpha);
	tap_ok(best <= croston_mse_at(foods218, 200, 0.1) &&
		   best <= croston_mse_at(foods218, 200, 0.25) &&
		   best <= croston_mse_at(foods218, 200, 1.0),
		   "optimised MSE %.6f no worse than alpha 0.1, 0.25, 1", best);
	if (fit.alpha > 0.002 && fit.alpha < 0.999)
		tap_ok(best <= croston_mse_at(foods218, 200, fit.alpha - 1e-3) + 1e-12 &&
			   best <= croston_mse_at(foods218, 200, fit.alpha + 1e-3) + 1e-12,
			   "optimised alpha is a local minimum");
	else
		tap_ok(1, "optimised alpha on the bound");
	stk_forecast_free(&fc, A);

	for (int m = STK_IM_CROSTON; m <= STK_IM_IMAPA; m++)
	{
		for (int l = STK_IM_LOSS_MSE; l <= STK_IM_LOSS_MSR; l++)
		{
			StkStatus	st;

			opt.method = (StkIntermittentMethod) m;
			opt.loss = (StkIntermittentLoss) l;
			st = stk_intermittent_forecast(foods057, 200, &opt, 3, A, &fc, &fit);
			tap_ok(st == STK_OK &&
				   fc.mean[0] >= 0 && isfinite(fc.mean[0]) &&
				   fit.alpha > 0 && fit.alpha <= 1 &&
				   (m != STK_IM_TSB || (fit.beta > 0 && fit.beta <= 1)),
				   "%s optimised by loss %d: status %d, forecast %.4f alpha %.4f",
				   stk_intermittent_method_name((StkIntermittentMethod) m), l,
				   (int) st, st == STK_OK ? fc.mean[0] : NAN, fit.alpha);
			stk_forecast_free(&fc, A);
		}
	}
}

static void
test_errors(void)
{
	StkIntermittentOptions opt;
	StkForecast fc;
	StkIntermittentMethod m;
	double		y[5] = {0, 1, 0, 2, 0};
	static const double zeros[4] = {0, 0, 0, 0};
	static const double one[5] = {0, 0, 5, 0, 0};

	stk_intermittent_options_default(&opt);
	for (int meth = STK_IM_CROSTON; meth <= STK_IM_IMAPA; meth++)
	{
		const char *name = stk_intermittent_method_name((StkIntermittentMethod) meth);

		opt.method = (StkIntermittentMethod) meth;
		tap_ok(stk_intermittent_forecast(zeros, 4, &opt, 3, A, &fc, NULL) == STK_OK &&
			   fc.mean[2] == 0 && fc.var[2] == 0 && strstr(fc.model, "no demand"),
			   "%s: all-zero series forecasts 0 without error (%s)", name, fc.model);
		stk_forecast_free(&fc, A);
		tap_ok(stk_intermittent_forecast(one, 5, &opt, 2, A, &fc, NULL) == STK_OK &&
			   fc.mean[1] == 1.0 && strstr(fc.model, "fallback: mean"),
			   "%s: one demand falls back to the mean (%s)", name, fc.model);
		stk_forecast_free(&fc, A);
	}

	opt.method = STK_IM_CROSTON;
	y[3] = -2;
	tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
		   "negative demand: STK_EINVAL");
	stk_forecast_free(&fc, A);
	y[3] = NAN;
	tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_ENONFINITE,
		   "NaN: STK_ENONFINITE");
	y[3] = 2;
	{
		static const double bad_alpha[] = {0, -0.1, 1.0000001, 2};

		for (int i = 0; i < NELEM(bad_alpha); i++)
		{
			opt.alpha = bad_alpha[i];
			tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
				   "alpha %g: STK_EINVAL", bad_alpha[i]);
		}
		opt.alpha = NAN;
		tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
			   "alpha NaN: STK_EINVAL");
		opt.alpha = 1;
		tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_OK,
			   "alpha 1 accepted");
		stk_forecast_free(&fc, A);
		opt.method = STK_IM_TSB;
		opt.beta = 0;
		tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
			   "tsb beta 0: STK_EINVAL");
		opt.beta = 0.1;
		opt.alpha_interval = 1.5;
		tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
			   "alpha_interval 1.5: STK_EINVAL");
		opt.alpha_interval = NAN;
	}
	tap_ok(stk_intermittent_forecast(y, 5, &opt, 0, A, &fc, NULL) == STK_EINVAL,
		   "horizon 0: STK_EINVAL");
	tap_ok(stk_intermittent_forecast(y, 0, &opt, 1, A, &fc, NULL) == STK_EINVAL,
		   "n = 0: STK_EINVAL");
	opt.agg_level = -1;
	tap_ok(stk_intermittent_forecast(y, 5, &opt, 1, A, &fc, NULL) == STK_EINVAL,
		   "negative agg_level: STK_EINVAL");

	tap_ok(stk_intermittent_method_from_name("SBA", &m) == STK_OK && m == STK_IM_SBA &&
		   stk_intermittent_method_from_name("imapa", &m) == STK_OK && m == STK_IM_IMAPA &&
		   stk_intermittent_method_from_name("crostonx", &m) == STK_EINVAL &&
		   stk_intermittent_method_from_name("cros", &m) == STK_EINVAL,
		   "method names");
}

/*
 * The methods by name through stk_forecast_run: the point forecast is the
 * method's, the quantiles integers, monotone and never negative.
 */
static void
test_forecast_run(void)
{
	static const char *const names[] = {"croston", "sba", "tsb", "adida", "imapa"};
	static const double levels[] = {0.05, 0.5, 0.9, 0.99};
	static const double zeros[] = {0, 0, 0, 0};
	double		neg[4] = {0, 2, -1, 0};
	StkForecastRequest req;
	StkForecastResult res;
	StkMethod	m;

	memset(&req, 0, sizeof(req));
	req.y = y20;
	req.n = 20;
	req.horizon = 3;
	req.levels = levels;
	req.nlevels = 4;
	for (int i = 0; i < NELEM(names); i++)
	{
		bool		ok = true;

		tap_ok(stk_method_parse(names[i], &m) && stk_method_is_intermittent(m),
			   "%s is an intermittent method", names[i]);
		req.method = m;
		tap_ok(stk_forecast_run(&req, A, &res) == STK_OK, "%s runs", names[i]);
		for (int h = 0; h < 3; h++)
		{
			const double *q = res.quantiles + h * 4;
			const double *p = res.p10_50_90 + h * 3;

			for (int j = 0; j < 4; j++)
				ok = ok && q[j] >= 0 && q[j] == floor(q[j]) && (j == 0 || q[j] >= q[j - 1]);
			for (int j = 0; j < 3; j++)
				ok = ok && p[j] >= 0 && p[j] == floor(p[j]) && (j == 0 || p[j] >= p[j - 1]);
			ok = ok && res.point[h] == res.point[0];
		}
		tap_ok(ok, "%s: flat point, integer monotone quantiles (%s)", names[i], res.model);
		if (m == STK_METHOD_CROSTON)
			tap_is_double(res.point[0], 0.89343373514074398, TOL_EXACT,
						  "croston by name = R croston()$mean");
		if (m == STK_METHOD_SBA)
			tap_is_double(res.point[0], 0.89343373514074398 * 0.95, TOL_EXACT,
						  "sba by name = R croston() * 0.95");
		stk_forecast_result_free(&res, A);
	}
	tap_ok(!stk_method_parse("auto", &m) || !stk_method_is_intermittent(m),
		   "auto is not an intermittent method");

	req.method = STK_METHOD_TSB;
	req.y = zeros;
	req.n = 4;
	tap_ok(stk_forecast_run(&req, A, &res) == STK_OK &&
		   res.point[0] == 0 && res.quantiles[3] == 0 && res.p10_50_90[2] == 0,
		   "all-zero series: zeros, no error");
	stk_forecast_result_free(&res, A);
	req.y = neg;
	tap_ok(stk_forecast_run(&req, A, &res) == STK_EINVAL && res.note[0] != '\0',
		   "negative demand: STK_EINVAL with a note (%s)", res.note);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_classification();
	test_croston_golden();
	test_tsb();
	test_croston_update();
	test_aggregation();
	test_optimisation();
	test_errors();
	test_forecast_run();
	return tap_done();
}
