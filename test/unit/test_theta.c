/*-------------------------------------------------------------------------
 *
 * test_theta.c
 *	  Unit tests of the Theta method, OTM and the seasonality helpers.
 *
 * Reference values come from R 4.x with forecast 8.20 (the R command is
 * given above each literal); R is not needed to run the tests.
 *
 * Tolerances.  The decomposition and the autocorrelations are closed-form
 * and match R to 1e-12.  thetaf's point forecasts and intervals depend on
 * the SES parameters, which R finds with Nelder-Mead over (alpha, l0) and
 * stops at its tolerance, while stk_ses_fit profiles l0 out and finds the
 * exact least-squares alpha (its SSE on Nile is 2038674.43 against R's
 * 2038674.50 for the same model).  The forecasts therefore agree only as
 * far as R's optimiser got: within 2.4e-5 relative for the means and
 * 7.7e-5 for the interval bounds on these series, so both are tested at
 * 1e-4 relative.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "baselines.h"
#include "quantiles.h"
#include "seasonality.h"
#include "theta.h"
#include "rdatasets.h"
#include "tap.h"

#define TOL_THETA 1e-4
#define TOL_EXACT 1e-12
#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* R: f <- thetaf(AirPassengers, h = 12, level = 80); f$model$alpha = 0.83775208994930184 */
/* R: f$mean */
static const double AirPassengers_mean[12] = {
	440.0781910815864, 428.38428055698267, 489.70709866963773, 475.70462766137348,
	479.67038866920922, 545.36627215421584, 602.75200182239598, 601.1007630914861,
	523.95149215865342, 456.62714491283037, 397.95373466555657, 447.6449087428964
};

/* R: f$lower */
static const double AirPassengers_lo80[12] = {
	426.2937571250543, 410.40191420067202, 468.33608137884994, 451.41316289875101,
	452.77373198879059, 516.09538182175606, 571.28551328100536, 567.58218941365726,
	488.49941659647203, 419.34169812809682, 358.92093535257141, 406.93969651548804
};

/* R: f$upper */
static const double AirPassengers_hi80[12] = {
	453.86262503811849, 446.36664691329332, 511.07811596042552, 499.99609242399595,
	506.56704534962785, 574.63716248667561, 634.2184903637866, 634.61933676931494,
	559.40356772083487, 493.91259169756393, 436.98653397854173, 488.35012097030477
};

/* R: f <- thetaf(USAccDeaths, h = 12, level = 80); f$model$alpha = 0.55170261162723444 */
/* R: f$mean */
static const double USAccDeaths_mean[12] = {
	8270.6938063391572, 7508.9238670619334, 8322.1248067686956, 8554.143505356531,
	9450.092974497371, 9870.9336198768051, 10822.497730850089, 10091.840706036739,
	8944.4335995647707, 9329.2896664046584, 8778.9128341902324, 8990.7759138775527
};

/* R: f$lower */
static const double USAccDeaths_lo80[12] = {
	7936.11663603532, 7126.8057179566913, 7897.7586006887232, 8091.3702629906802,
	8951.8646424678736, 9339.6108669064579, 10260.024384982855, 9499.8536607408332,
	8324.3359791974053, 8682.3016790568545, 8106.1083657453091, 8293.1096256375749
};

/* R: f$upper */
static const double USAccDeaths_hi80[12] = {
	8605.2709766429944, 7891.0420161671755, 8746.4910128486681, 9016.9167477223818,
	9948.3213065268683, 10402.256372847152, 11384.971076717324, 10683.827751332645,
	9564.5312199321361, 9976.2776537524624, 9451.7173026351556, 9688.4422021175305
};

/* R: f <- thetaf(Nile, h = 12, level = 80); f$model$alpha = 0.24566815365311614 */
/* R: f$mean */
static const double Nile_mean[12] = {
	799.8119962158562, 798.45484350058473, 797.09769078531315, 795.74053807004157,
	794.3833853547701, 793.02623263949852, 791.66907992422705, 790.31192720895547,
	788.954774493684, 787.59762177841242, 786.24046906314095, 784.88331634786937
};

/* R: f$lower */
static const double Nile_lo80[12] = {
	614.97155928496636, 608.11829541291411, 601.41934259354707, 594.86239001957301,
	588.43668162462086, 582.13275433720071, 575.94223040481825, 569.85765073263588,
	563.87233975070933, 557.98029481253786, 552.17609489209963, 546.45482461668155
};

/* R: f$upper */
static const double Nile_hi80[12] = {
	984.65243314674603, 988.79139158825535, 992.77603897707922, 996.61868612051012,
	1000.3300890849193, 1003.9197109417963, 1007.3959294436359, 1010.7662036852751,
	1014.0372092366587, 1017.214948744287, 1020.3048432341823, 1023.3118080790572
};

/* R: f <- thetaf(WWWusage, h = 12, level = 80); f$model$alpha = 0.99989993175666658 */
/* R: f$mean */
static const double WWWusage_mean[12] = {
	220.30962808014399, 220.61902501983798, 220.92842195953193, 221.23781889922591,
	221.54721583891987, 221.85661277861385, 222.16600971830781, 222.47540665800179,
	222.78480359769574, 223.09420053738972, 223.40359747708368, 223.71299441677766
};

/* R: f$lower */
static const double WWWusage_lo80[12] = {
	212.83850591096194, 210.05379135744485, 207.98892203816376, 206.29669597994007,
	204.84261617405718, 203.55770172255777, 202.40097387944394, 201.34573232104867,
	200.37343073792169, 199.47056556446614, 198.62694263410577, 197.83464205264556
};

/* R: f$upper */
static const double WWWusage_hi80[12] = {
	227.78075024932605, 231.1842586822311, 233.8679218809001, 236.17894181851176,
	238.25181550378255, 240.15552383466994, 241.93104555717167, 243.6050809949549,
	245.19617645746979, 246.71783551031331, 248.18025232006158, 249.59134678090976
};

/* R: f <- thetaf(UKgas, h = 12, level = 80); f$model$alpha = 0.23742908125153914 */
/* R: f$mean */
static const double UKgas_mean[12] = {
	999.74391714309422, 660.09764195380956, 387.18946722445844, 718.3607429938603,
	1016.076372642662, 670.8375553347505, 393.46359272600995, 729.954293411251,
	1032.4088281422298, 681.57746871569145, 399.7377182275614, 741.5478438286417
};

/* R: f$lower */
static const double UKgas_lo80[12] = {
	900.50053688981768, 558.09530883139814, 282.50086516705028, 611.05309723153209,
	906.21210057311123, 558.47481366434067, 278.65674121439406, 612.75429088424937,
	912.86357298482869, 559.73209346916394, 275.63484595102591, 615.22781237834067
};

/* R: f$upper */
static const double UKgas_hi80[12] = {
	1098.9872973963706, 762.09997507622097, 491.8780692818666, 825.66838875618851,
	1125.9406447122128, 783.20029700516034, 508.27044423762584, 847.15429593825263,
	1151.9540832996311, 803.42284396221896, 523.84059050409689, 867.86787527894273
};

/* R: decompose(AirPassengers, "multiplicative")$figure */
static const double AirPassengers_mult_idx[12] = {
	0.91023036737220087, 0.88362532069437572, 1.0073662876035454, 0.97590601232284724,
	0.98137802749512937, 1.1127758266792729, 1.2265555429312014, 1.2199109694456249,
	1.0604919326468183, 0.92175724041049767, 0.80117808241347432, 0.89882438998501135
};

/* R: decompose(AirPassengers, "multiplicative")$trend */
static const double AirPassengers_trend[144] = {
	NAN, NAN, NAN, NAN,
	NAN, NAN, 126.79166666666664, 127.24999999999999,
	127.95833333333331, 128.58333333333331, 128.99999999999997, 129.75,
	131.25, 133.08333333333331, 134.91666666666666, 136.41666666666666,
	137.41666666666669, 138.75, 140.91666666666666, 143.16666666666669,
	145.70833333333334, 148.41666666666666, 151.54166666666666, 154.70833333333331,
	157.12499999999997, 159.54166666666666, 161.83333333333331, 164.12499999999997,
	166.66666666666663, 169.08333333333331, 171.24999999999997, 173.58333333333334,
	175.45833333333331, 176.83333333333334, 178.04166666666666, 180.16666666666669,
	183.125, 186.20833333333331, 189.04166666666663, 191.29166666666663,
	193.58333333333337, 195.83333333333331, 198.04166666666666, 199.75,
	202.20833333333331, 206.24999999999994, 210.41666666666663, 213.37499999999997,
	215.83333333333329, 218.5, 220.91666666666666, 222.91666666666669,
	224.08333333333334, 224.70833333333337, 225.33333333333334, 225.33333333333331,
	224.95833333333334, 224.58333333333331, 224.45833333333331, 225.54166666666669,
	228, 230.45833333333334, 232.25, 233.91666666666666,
	235.62499999999997, 237.74999999999997, 240.49999999999997, 243.95833333333331,
	247.1666666666666, 250.25, 253.5, 257.125,
	261.83333333333331, 266.66666666666663, 271.125, 275.20833333333331,
	278.49999999999994, 281.95833333333331, 285.75, 289.33333333333331,
	293.25, 297.16666666666663, 301, 305.45833333333331,
	309.95833333333337, 314.41666666666663, 318.625, 321.75000000000006,
	324.5, 327.08333333333331, 329.54166666666663, 331.83333333333331,
	334.45833333333331, 337.54166666666674, 340.54166666666674, 344.08333333333331,
	348.25, 352.99999999999994, 357.625, 361.37499999999994,
	364.5, 367.16666666666663, 369.45833333333331, 371.20833333333331,
	372.16666666666657, 372.41666666666663, 372.75, 373.625,
	375.25000000000006, 377.91666666666669, 379.5, 380,
	380.70833333333331, 380.95833333333326, 381.83333333333337, 383.66666666666669,
	386.49999999999994, 390.33333333333331, 394.70833333333331, 398.62500000000006,
	402.54166666666669, 407.16666666666669, 411.87499999999994, 416.33333333333326,
	420.49999999999994, 425.5, 430.70833333333326, 435.12499999999994,
	437.70833333333331, 440.95833333333326, 445.83333333333326, 450.625,
	456.33333333333331, 461.375, 465.20833333333331, 469.33333333333331,
	472.74999999999994, 475.04166666666663, NAN, NAN,
	NAN, NAN, NAN, NAN
};

/* R: decompose(USAccDeaths, "additive")$figure */
static const double USAccDeaths_add_idx[12] = {
	-805.89236111111109, -1523.3090277777774, -740.84236111111102, -514.78402777777751,
	339.64930555555537, 744.84097222222249, 1679.4409722222222, 986.31597222222217,
	-109.29236111111103, 263.85763888888863, -260.95069444444425, -59.034027777778562
};

/* R: acf(AirPassengers, lag.max = 12, plot = FALSE)$acf */
static const double AirPassengers_acf[13] = {
	1, 0.94804734075249186, 0.87557483512535028, 0.80668115549650043,
	0.75262541738830802, 0.71376997265196462, 0.6817336033310043, 0.66290438636844962,
	0.65561048432508673, 0.67094832792450476, 0.70271992090907176, 0.74324018900693312,
	0.76039504226255583
};

/* R: set.seed(1); p <- round(rnorm(12), 2); 100 + 10*rep(p, 3)[1:25]
 * The test statistic |r12|/se is 1.97 on all 25 points and 1.85 on the first 24,
 * but thetaf applies the test only when n > 2m */
static const double seas25[25] = {
	93.700000000000003, 101.8, 91.599999999999994, 116,
	103.3, 91.799999999999997, 104.90000000000001, 107.40000000000001,
	105.8, 96.900000000000006, 115.09999999999999, 103.90000000000001,
	93.700000000000003, 101.8, 91.599999999999994, 116,
	103.3, 91.799999999999997, 104.90000000000001, 107.40000000000001,
	105.8, 96.900000000000006, 115.09999999999999, 103.90000000000001,
	93.700000000000003
};

/* R: thetaf(ts(seas25, frequency = 12), h = 3)$mean  (seasonal) */
static const double seas25_theta_mean[3] = {
	101.80000000000001, 91.599999999999994, 116.00000000000001
};

/* R: thetaf(ts(seas25[1:24], frequency = 12), h = 3)$mean  (n = 2m: not seasonal) */
static const double seas24_theta_mean[3] = {
	105.22090256983577, 105.32672865679228, 105.43255474374881
};

/* R: thetaf(ts(c(1,2,3)), h = 2)$mean */
static const double short3_mean[2] = {
	3.5, 4
};

/* R: thetaf(ts(c(1,2,3,5)), h = 2)$mean */
static const double short4_mean[2] = {
	5.6500000000000004, 6.2999999999999998
};

/*
 * An allocator that counts live blocks, so that the tests see every
 * allocation freed, and can fail the k-th allocation to exercise the
 * out-of-memory paths.
 */
typedef struct CountingCtx
{
	long		live;
	long		calls;
	long		fail_at;		/* 0 = never fail */
} CountingCtx;

static void *
counting_alloc(void *ctx, size_t size)
{
	CountingCtx *c = ctx;

	if (c->fail_at > 0 && ++c->calls == c->fail_at)
		return NULL;
	c->live++;
	return malloc(size == 0 ? 1 : size);
}

static void *
counting_realloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return realloc(ptr, size == 0 ? 1 : size);
}

static void
counting_free(void *ctx, void *ptr)
{
	CountingCtx *c = ctx;

	c->live--;
	free(ptr);
}

static const StkAllocator *const A = &stk_malloc_allocator;
#define ALLOC A

/* Compare a thetaf forecast and its 80% interval with R's. */
static void
check_thetaf(const char *name, const double *y, int n, int m,
			 const double *mean, const double *lo, const double *hi)
{
	StkThetaOptions opts = {m, false, false};
	StkForecast fc;
	StkThetaInfo info;
	static const double levels[3] = {0.1, 0.5, 0.9};
	double		q[12 * 3];
	int			ok_mean = 1,
				ok_lo = 1,
				ok_hi = 1,
				ok_med = 1;

	tap_ok(stk_theta(y, n, 12, &opts, A, &fc, &info) == STK_OK,
		   "%s: thetaf fit", name);
	tap_ok(stk_forecast_quantiles(&fc, levels, 3, false, A, q) == STK_OK,
		   "%s: quantiles", name);
	for (int h = 0; h < 12; h++)
	{
		double		scale = fabs(mean[h]);

		ok_mean &= fabs(fc.mean[h] - mean[h]) <= TOL_THETA * scale;
		ok_lo &= fabs(q[h * 3] - lo[h]) <= TOL_THETA * fabs(lo[h]);
		ok_hi &= fabs(q[h * 3 + 2] - hi[h]) <= TOL_THETA * fabs(hi[h]);
		ok_med &= q[h * 3 + 1] == fc.mean[h];
		if (!(ok_mean && ok_lo && ok_hi))
		{
			printf("# h=%d mean %.10g/%.10g lo %.10g/%.10g hi %.10g/%.10g\n",
				   h + 1, fc.mean[h], mean[h], q[h * 3], lo[h],
				   q[h * 3 + 2], hi[h]);
			break;
		}
	}
	tap_ok(ok_mean, "%s: thetaf mean matches R within %g", name, TOL_THETA);
	tap_ok(ok_lo, "%s: thetaf 80%% lower bound matches R", name);
	tap_ok(ok_hi, "%s: thetaf 80%% upper bound matches R", name);
	tap_ok(ok_med, "%s: P50 is the point forecast", name);
	tap_ok(strncmp(fc.model, "Theta", 5) == 0 && fc.var[0] > 0,
		   "%s: model %s", name, fc.model);
	stk_forecast_free(&fc, A);
}

static void
test_golden_thetaf(void)
{
	StkForecast fc;
	StkThetaOptions o12 = {12, false, false};
	StkThetaInfo info;

	check_thetaf("AirPassengers", AirPassengers, NELEM(AirPassengers), 12,
				 AirPassengers_mean, AirPassengers_lo80, AirPassengers_hi80);
	check_thetaf("USAccDeaths", USAccDeaths, NELEM(USAccDeaths), 12,
				 USAccDeaths_mean, USAccDeaths_lo80, USAccDeaths_hi80);
	check_thetaf("Nile", Nile, NELEM(Nile), 1, Nile_mean, Nile_lo80, Nile_hi80);
	check_thetaf("WWWusage", WWWusage, NELEM(WWWusage), 1,
				 WWWusage_mean, WWWusage_lo80, WWWusage_hi80);
	check_thetaf("UKgas", UKgas, NELEM(UKgas), 4,
				 UKgas_mean, UKgas_lo80, UKgas_hi80);

	/* the model name records the deseasonalisation */
	stk_theta(AirPassengers, NELEM(AirPassengers), 3, &o12, A, &fc, &info);
	tap_ok(strcmp(fc.model, "Theta(m=12)") == 0 && info.seasonal &&
		   info.theta == 2, "AirPassengers: model name %s", fc.model);
	/* R's alpha, to the precision its optimiser reaches */
	tap_is_double(info.alpha, 0.83775208994930184, 1e-3,
				  "AirPassengers: alpha near R's");
	stk_forecast_free(&fc, A);

	/* thetaf tests seasonality only when n > 2m: 25 points yes, 24 no */
	stk_theta(seas25, 25, 3, &o12, A, &fc, &info);
	tap_ok(info.seasonal, "n = 25, m = 12: seasonal");
	for (int h = 0; h < 3; h++)
		tap_is_double(fc.mean[h], seas25_theta_mean[h], TOL_THETA,
					  "n = 25: thetaf mean step %d", h + 1);
	stk_forecast_free(&fc, A);
	stk_theta(seas25, 24, 3, &o12, A, &fc, &info);
	tap_ok(!info.seasonal && strcmp(fc.model, "Theta") == 0,
		   "n = 24, m = 12: not seasonal");
	for (int h = 0; h < 3; h++)
		tap_is_double(fc.mean[h], seas24_theta_mean[h], TOL_THETA,
					  "n = 24: thetaf mean step %d", h + 1);
	stk_forecast_free(&fc, A);
}

static void
test_short_and_degenerate(void)
{
	static const double short3[3] = {1, 2, 3};
	static const double short4[4] = {1, 2, 3, 5};
	static const double zeros[30] = {0};
	static const double one[1] = {7.5};
	static const double two[2] = {3, 4};
	StkForecast fc;
	StkThetaInfo info;
	StkThetaOptions o12 = {12, false, false};
	StkThetaOptions otm = {1, true, false};
	double		constant[30];

	for (int t = 0; t < 30; t++)
		constant[t] = 5;
	/* alpha sits on its bound for these; R's and ours agree closely */
	tap_ok(stk_theta(short3, 3, 2, NULL, A, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "Theta") == 0, "3 points: full Theta");
	tap_is_double(fc.mean[0], short3_mean[0], TOL_THETA, "3 points: step 1 as R");
	tap_is_double(fc.mean[1], short3_mean[1], TOL_THETA, "3 points: step 2 as R");
	stk_forecast_free(&fc, A);
	stk_theta(short4, 4, 2, NULL, A, &fc, &info);
	tap_is_double(fc.mean[0], short4_mean[0], TOL_THETA, "4 points: step 1 as R");
	tap_is_double(fc.mean[1], short4_mean[1], TOL_THETA, "4 points: step 2 as R");
	stk_forecast_free(&fc, A);

	tap_ok(stk_theta(constant, 30, 5, &o12, A, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "Theta(fallback: naive)") == 0 && info.fallback,
		   "constant series: naive fallback (%s)", fc.model);
	tap_ok(fc.mean[4] == 5 && fc.var[4] == 0,
		   "constant series: forecast 5, variance 0");
	stk_forecast_free(&fc, A);

	tap_ok(stk_theta(zeros, 30, 7, &o12, A, &fc, &info) == STK_OK &&
		   fc.mean[0] == 0 && fc.mean[6] == 0 && fc.var[6] == 0,
		   "all-zero series: zero forecast (%s)", fc.model);
	stk_forecast_free(&fc, A);

	tap_ok(stk_theta(one, 1, 3, NULL, A, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "Theta(fallback: mean)") == 0 &&
		   fc.mean[2] == 7.5 && fc.var[2] == 0,
		   "one point: mean fallback (%s)", fc.model);
	stk_forecast_free(&fc, A);

	tap_ok(stk_theta(two, 2, 3, NULL, A, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "Theta(fallback: naive)") == 0 &&
		   fc.mean[0] == 4 && fc.var[1] == 2,
		   "two points: naive fallback, sigma2 1 (%s)", fc.model);
	stk_forecast_free(&fc, A);

	tap_ok(stk_theta(short3, 3, 2, &otm, A, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "OTM(fallback: naive)") == 0,
		   "OTM, 3 points: naive fallback (%s)", fc.model);
	stk_forecast_free(&fc, A);

	/* zeros in a seasonal series: the moving average stays positive */
	{
		double		y[48];

		for (int t = 0; t < 48; t++)
			y[t] = (t % 12 < 3) ? 0 : 10 + t % 12;
		tap_ok(stk_theta(y, 48, 12, &o12, A, &fc, &info) == STK_OK &&
			   info.seasonal == false,
			   "zero seasonal index: treated as non-seasonal (%s)", fc.model);
		stk_forecast_free(&fc, A);
	}
}

static void
test_errors(void)
{
	double		y[20];
	StkForecast fc;
	StkThetaOptions o = {1, false, false};

	for (int t = 0; t < 20; t++)
		y[t] = 10 + t;
	tap_ok(stk_theta(y, 0, 5, NULL, A, &fc, NULL) == STK_EINVAL, "n = 0: EINVAL");
	tap_ok(stk_theta(NULL, 5, 5, NULL, A, &fc, NULL) == STK_EINVAL, "NULL y: EINVAL");
	tap_ok(stk_theta(y, 20, 0, NULL, A, &fc, NULL) == STK_EINVAL, "horizon 0: EINVAL");
	tap_ok(stk_theta(y, 20, -3, NULL, A, &fc, NULL) == STK_EINVAL, "horizon < 0: EINVAL");
	tap_ok(stk_theta(y, 20, STK_MAX_HORIZON + 1, NULL, A, &fc, NULL) == STK_EINVAL,
		   "horizon above STK_MAX_HORIZON: EINVAL");
	tap_ok(stk_theta(y, 20, STK_MAX_HORIZON, NULL, A, &fc, NULL) == STK_OK &&
		   isfinite(fc.mean[STK_MAX_HORIZON - 1]) &&
		   isfinite(fc.var[STK_MAX_HORIZON - 1]),
		   "horizon STK_MAX_HORIZON: finite");
	stk_forecast_free(&fc, A);
	o.period = -1;
	tap_ok(stk_theta(y, 20, 5, &o, A, &fc, NULL) == STK_EINVAL, "period -1: EINVAL");
	o.period = 21;
	tap_ok(stk_theta(y, 20, 5, &o, A, &fc, NULL) == STK_EINVAL, "period > n: EINVAL");
	y[7] = NAN;
	tap_ok(stk_theta(y, 20, 5, NULL, A, &fc, NULL) == STK_ENONFINITE, "NaN: ENONFINITE");
	y[7] = INFINITY;
	tap_ok(stk_theta(y, 20, 5, NULL, A, &fc, NULL) == STK_ENONFINITE, "Inf: ENONFINITE");
	tap_ok(fc.mean == NULL && fc.var == NULL, "failed fit leaves nothing allocated");
}

static void
test_memory(void)
{
	CountingCtx ctx = {0, 0, 0};
	StkAllocator ca = {counting_alloc, counting_realloc, counting_free, &ctx};
	StkThetaOptions opts[3] = {{12, false, false}, {12, true, true}, {0, false, false}};
	StkForecast fc;
	int			all_ok = 1;

	for (int i = 0; i < 3; i++)
	{
		ctx.live = 0;
		tap_ok(stk_theta(AirPassengers, NELEM(AirPassengers), 24, &opts[i], &ca,
						 &fc, NULL) == STK_OK, "counting allocator: fit %d", i);
		stk_forecast_free(&fc, &ca);
		tap_ok(ctx.live == 0, "fit %d frees everything (%ld live)", i, ctx.live);
	}
	/* every failing allocation is reported, nothing leaks */
	for (long k = 1; k <= 12; k++)
	{
		StkStatus	st;

		ctx.live = 0;
		ctx.calls = 0;
		ctx.fail_at = k;
		st = stk_theta(AirPassengers, NELEM(AirPassengers), 24, &opts[2], &ca,
					   &fc, NULL);
		if (st == STK_OK)
			stk_forecast_free(&fc, &ca);
		if (ctx.live != 0 || (st != STK_OK && st != STK_ENOMEM))
			all_ok = 0;
	}
	tap_ok(all_ok, "allocation failures: ENOMEM and no leak");
}

static void
test_seasonality(void)
{
	double		acf[13];
	double		idx[12];
	double		trend[144];
	bool		seasonal;
	int			ok = 1;
	int			period;

	tap_ok(stk_acf(AirPassengers, 144, 12, acf) == STK_OK, "acf");
	for (int k = 0; k <= 12; k++)
		ok &= fabs(acf[k] - AirPassengers_acf[k]) < TOL_EXACT;
	tap_ok(ok, "acf(AirPassengers) matches R");
	tap_ok(stk_acf(AirPassengers, 144, 144, acf) == STK_EINVAL, "acf lag >= n: EINVAL");

	tap_ok(stk_decompose(AirPassengers, 144, 12, STK_DECOMP_MULTIPLICATIVE, A,
						 idx, trend) == STK_OK, "multiplicative decomposition");
	ok = 1;
	for (int j = 0; j < 12; j++)
		ok &= fabs(idx[j] - AirPassengers_mult_idx[j]) < TOL_EXACT;
	tap_ok(ok, "multiplicative indices match R's decompose()$figure");
	ok = 1;
	for (int t = 0; t < 144; t++)
		ok &= (isnan(trend[t]) && isnan(AirPassengers_trend[t])) ||
			fabs(trend[t] - AirPassengers_trend[t]) < TOL_EXACT * AirPassengers_trend[t];
	tap_ok(ok, "trend matches R's decompose()$trend (NaN at the ends)");

	tap_ok(stk_decompose(USAccDeaths, 72, 12, STK_DECOMP_ADDITIVE, A,
						 idx, NULL) == STK_OK, "additive decomposition");
	ok = 1;
	for (int j = 0; j < 12; j++)
		ok &= fabs(idx[j] - USAccDeaths_add_idx[j]) < 1e-9;
	tap_ok(ok, "additive indices match R");
	tap_ok(stk_decompose(USAccDeaths, 23, 12, STK_DECOMP_ADDITIVE, A,
						 idx, NULL) == STK_EINVAL, "decompose with n < 2m: EINVAL");
	tap_ok(stk_decompose(USAccDeaths, 72, 1, STK_DECOMP_ADDITIVE, A,
						 idx, NULL) == STK_EINVAL, "decompose with m = 1: EINVAL");

	stk_seasonality_test(AirPassengers, 144, 12, A, &seasonal);
	tap_ok(seasonal, "AirPassengers is seasonal at 12");
	/*
	 * The test is weak against persistence: R's statistic for Nile at lag 4
	 * is 1.688 > 1.645 (acf(Nile, 4) by hand), so thetaf would call it
	 * seasonal at frequency 4.  Same answer here.
	 */
	stk_seasonality_test(Nile, 100, 4, A, &seasonal);
	tap_ok(seasonal, "Nile passes the test at 4, as in R");
	{
		double		noise[200];
		unsigned	seed = 777;

		for (int t = 0; t < 200; t++)
		{
			seed = seed * 1103515245u + 12345u;
			noise[t] = ((seed >> 16) % 1000) / 100.0;
		}
		stk_seasonality_test(noise, 200, 12, A, &seasonal);
		tap_ok(!seasonal, "white noise is not seasonal at 12");
	}
	stk_seasonality_test(Nile, 100, 1, A, &seasonal);
	tap_ok(!seasonal, "period 1: not seasonal");
	tap_ok(stk_seasonality_test(Nile, 100, 0, A, &seasonal) == STK_EINVAL,
		   "period 0: EINVAL");

	stk_detect_period(AirPassengers, 144, NULL, 0, A, &period);
	tap_ok(period == 12, "detected period of AirPassengers: %d", period);
	stk_detect_period(USAccDeaths, 72, NULL, 0, A, &period);
	tap_ok(period == 12, "detected period of USAccDeaths: %d", period);
	stk_detect_period(UKgas, 108, NULL, 0, A, &period);
	tap_ok(period == 4, "detected period of UKgas: %d", period);
	stk_detect_period(Nile, 100, NULL, 0, A, &period);
	tap_ok(period == 1, "detected period of Nile: %d", period);
	stk_detect_period(WWWusage, 100, NULL, 0, A, &period);
	tap_ok(period == 1, "detected period of WWWusage (AR-like, no season): %d", period);
	{
		/* 730 days with a weekly pattern, a trend and noise */
		static const double week[7] = {1.0, 0.9, 0.95, 1.0, 1.2, 1.6, 0.4};
		double		y[730];
		unsigned	seed = 12345;

		for (int t = 0; t < 730; t++)
		{
			seed = seed * 1103515245u + 12345u;
			y[t] = (20 + 0.01 * t) * week[t % 7] + ((seed >> 16) % 1000) / 100.0;
		}
		stk_detect_period(y, 730, NULL, 0, A, &period);
		tap_ok(period == 7, "detected period of a daily weekly series: %d", period);
		stk_detect_period(y, 10, NULL, 0, A, &period);
		tap_ok(period == 1, "too short to detect: %d", period);
	}
	{
		static const int bad[2] = {12, 0};

		tap_ok(stk_detect_period(AirPassengers, 144, bad, 2, A, &period) == STK_EINVAL,
			   "candidate period 0: EINVAL");
	}
}

/*
 * OTM has no R reference installed (forecTheta is not in Debian), so it is
 * checked against the state space form of Fiorucci et al. (2016, eq. 3-4),
 * written out independently here:
 *	 mu[t] = l[t-1] + (1 - 1/theta) ((1-alpha)^(t-1) A + (1 - (1-alpha)^t)/alpha B)
 *	 l[t] = alpha y[t] + (1-alpha) l[t-1]
 *	 yhat[n+h] = l[n] + (1 - 1/theta) ((1-alpha)^n A + (h - 1 + (1 - (1-alpha)^(n+1))/alpha) B)
 * with A, B the least-squares line on t = 1..n.
 */
static double
otm_sse(const double *y, int n, double alpha, double theta, double l0,
		double LA, double LB, double *level_n)
{
	double		l = l0,
				sse = 0;

	for (int t = 1; t <= n; t++)
	{
		double		mu = l + (1 - 1 / theta) *
			(pow(1 - alpha, t - 1) * LA + (1 - pow(1 - alpha, t)) / alpha * LB);

		sse += (y[t - 1] - mu) * (y[t - 1] - mu);
		l = alpha * y[t - 1] + (1 - alpha) * l;
	}
	*level_n = l;
	return sse;
}

static void
check_otm(const char *name, const double *y, int n)
{
	StkThetaOptions opts = {1, true, false};
	StkForecast fc;
	StkThetaInfo info;
	double		tbar = (n + 1) / 2.0,
				ybar = 0,
				sxy = 0,
				stt = 0,
				LA,
				LB,
				ln,
				sse,
				best = INFINITY;
	int			ok = 1;

	for (int t = 1; t <= n; t++)
		ybar += y[t - 1];
	ybar /= n;
	for (int t = 1; t <= n; t++)
	{
		sxy += (t - tbar) * (y[t - 1] - ybar);
		stt += (t - tbar) * (t - tbar);
	}
	LB = sxy / stt;
	LA = ybar - LB * tbar;

	tap_ok(stk_theta(y, n, 12, &opts, ALLOC, &fc, &info) == STK_OK &&
		   strcmp(fc.model, "OTM") == 0, "%s: OTM fit", name);
	sse = otm_sse(y, n, info.alpha, info.theta, info.level0, LA, LB, &ln);
	tap_is_double(sse, info.sse, 1e-8, "%s: OTM SSE as the state space form", name);
	tap_ok(info.theta >= 1 && info.alpha > 0 && info.alpha < 1,
		   "%s: theta %g >= 1, alpha %g in (0,1)", name, info.theta, info.alpha);
	for (int h = 1; h <= 12; h++)
	{
		double		f = ln + (1 - 1 / info.theta) *
			(pow(1 - info.alpha, n) * LA +
			 (h - 1 + (1 - pow(1 - info.alpha, n + 1)) / info.alpha) * LB);

		ok &= fabs(f - fc.mean[h - 1]) <= 1e-8 * fabs(f);
		ok &= fabs(fc.var[h - 1] - fc.sigma2 * (1 + info.alpha * info.alpha * (h - 1)))
			<= 1e-12 * fc.var[h - 1];
	}
	tap_ok(ok, "%s: OTM forecasts as the state space form", name);

	/* a local minimum in every parameter (theta kept >= 1) */
	for (int da = -1; da <= 1; da++)
		for (int dt = -1; dt <= 1; dt++)
			for (int dl = -1; dl <= 1; dl++)
			{
				double		a2 = info.alpha + da * 1e-3;
				double		t2 = fmax(1, info.theta * (1 + dt * 1e-3));
				double		l2 = info.level0 + dl * 1e-3 * (fabs(info.level0) + 1);

				if ((da || dt || dl) && a2 > 0 && a2 < 1 && t2 <= 1000)
					best = fmin(best, otm_sse(y, n, a2, t2, l2, LA, LB, &ln));
			}
	tap_ok(info.sse <= best * (1 + 1e-12), "%s: OTM SSE is a local minimum", name);
	/* the classic theta = 2 with its best alpha and l0 can only be worse */
	tap_ok(info.sse <= otm_sse(y, n, info.alpha, 2, info.level0, LA, LB, &ln),
		   "%s: OTM beats theta = 2", name);
	stk_forecast_free(&fc, ALLOC);
}

static void
test_otm(void)
{
	StkThetaOptions opts = {12, true, false};
	StkForecast fc;

	check_otm("Nile", Nile, NELEM(Nile));
	check_otm("WWWusage", WWWusage, NELEM(WWWusage));
	check_otm("USAccDeaths (no deseasonalising)", USAccDeaths, NELEM(USAccDeaths));
	tap_ok(stk_theta(AirPassengers, 144, 12, &opts, A, &fc, NULL) == STK_OK &&
		   strcmp(fc.model, "OTM(m=12)") == 0, "seasonal OTM: %s", fc.model);
	stk_forecast_free(&fc, A);
}

/* stk_ses_fit: the SSE is the minimum over alpha of the profiled SSE. */
static void
test_ses(void)
{
	double		alpha,
				l0,
				ln,
				sse;

	tap_ok(stk_ses_fit(Nile, 100, &alpha, &l0, &ln, &sse) == STK_OK, "SES on Nile");
	/* R: ets(Nile, "ANN")$mse * 100 = 2038674.50050534, at its alpha 0.24553 */
	tap_ok(sse <= 2038674.50050534, "SES SSE %.6f no worse than R's ets", sse);
	tap_is_double(alpha, 0.24553386, 2e-3, "SES alpha near R's");
	tap_ok(stk_ses_fit(Nile, 1, &alpha, &l0, &ln, &sse) == STK_EINVAL, "SES on 1 point: EINVAL");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_golden_thetaf();
	test_short_and_degenerate();
	test_errors();
	test_memory();
	test_seasonality();
	test_otm();
	test_ses();
	return tap_done();
}
