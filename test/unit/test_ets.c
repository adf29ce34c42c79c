/*-------------------------------------------------------------------------
 *
 * test_ets.c
 *	  Unit tests of the ETS engine, with golden values from R.
 *
 * Reference numbers come from R 4.2.2 with forecast 8.20 and are pinned
 * here (R is not needed to run the tests).  Each block names the R
 * command that produced it.  Fixed-parameter fits pass R's fitted initial
 * states (fit$initstate) as fixed, so the comparison is exact (1e-6); for
 * optimised fits we require an optimum at least as good as R's (AICc no
 * more than 0.5 above) and forecasts within a few per cent.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "ets.h"
#include "tap.h"

/* R's datasets: AirPassengers, USAccDeaths, Nile, WWWusage, ldeaths */
static const double air[] = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432};
static const double usacc[] = {9007, 8106, 8928, 9137, 10017, 10826, 11317, 10744, 9713, 9938, 9161, 8927, 7750, 6981, 8038, 8422, 8714, 9512, 10120, 9823, 8743, 9129, 8710, 8680, 8162, 7306, 8124, 7870, 9387, 9556, 10093, 9620, 8285, 8466, 8160, 8034, 7717, 7461, 7767, 7925, 8623, 8945, 10078, 9179, 8037, 8488, 7874, 8647, 7792, 6957, 7726, 8106, 8890, 9299, 10625, 9302, 8314, 8850, 8265, 8796, 7836, 6892, 7791, 8192, 9115, 9434, 10484, 9827, 9110, 9070, 8633, 9240};
static const double nile[] = {1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140, 1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759, 781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890, 744, 749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740};
static const double www[] = {88, 84, 85, 85, 84, 85, 83, 85, 88, 89, 91, 99, 104, 112, 126, 138, 146, 151, 150, 148, 147, 149, 143, 132, 131, 139, 147, 150, 148, 145, 140, 134, 131, 131, 129, 126, 126, 132, 137, 140, 142, 150, 159, 167, 170, 171, 172, 172, 174, 175, 172, 172, 174, 174, 169, 165, 156, 142, 131, 121, 112, 104, 102, 99, 99, 95, 88, 84, 84, 87, 89, 88, 85, 86, 89, 91, 91, 94, 101, 110, 121, 135, 145, 149, 156, 165, 171, 175, 177, 182, 193, 204, 208, 210, 215, 222, 228, 226, 222, 220};
static const double ldeaths[] = {3035, 2552, 2704, 2554, 2014, 1655, 1721, 1524, 1596, 2074, 2199, 2512, 2933, 2889, 2938, 2497, 1870, 1726, 1607, 1545, 1396, 1787, 2076, 2837, 2787, 3891, 3179, 2011, 1636, 1580, 1489, 1300, 1356, 1653, 2013, 2823, 3102, 2294, 2385, 2444, 1748, 1554, 1498, 1361, 1346, 1564, 1640, 2293, 2815, 3137, 2679, 1969, 1870, 1633, 1529, 1366, 1357, 1570, 1535, 2491, 3084, 2605, 2573, 2143, 1693, 1504, 1461, 1354, 1333, 1492, 1781, 1915};

/*
 * Fit a fully fixed model (components, parameters, R's initial states) and
 * compare loglik, the first fitted values and the forecasts with R.
 * varratio is R's ((upper95 - mean) / qnorm(0.975))^2 / fit$sigma2.
 */
typedef struct Golden
{
	const char *label;
	const double *y;
	int			n;
	int			m;
	char		error,
				trend,
				season;
	int			damped;
	double		alpha,
				beta,
				gamma,
				phi;
	const double *init;
	double		loglik;
	double		sigma2;			/* R's, with R's parameter count */
	const double *fitted;		/* first 5 */
	int			h;
	const double *mean;
	const double *varratio;		/* NULL: checked separately */
} Golden;

static void
CheckGolden(const Golden *g)
{
	StkEtsSpec	spec;
	StkEtsModel mod;
	StkForecast fc;
	StkStatus	st;
	double		fitted[200];
	int			ok;

	stk_ets_spec_init(&spec);
	spec.error = g->error;
	spec.trend = g->trend;
	spec.season = g->season;
	spec.damped = g->damped;
	spec.alpha = g->alpha;
	spec.beta = g->beta;
	spec.gamma = g->gamma;
	spec.phi = g->phi;
	spec.init_states = g->init;
	st = stk_ets_fit(g->y, g->n, g->m, &spec, &stk_malloc_allocator, &mod);
	tap_ok(st == STK_OK, "%s: fit with fixed parameters and states", g->label);
	tap_is_double(mod.loglik, g->loglik, 1e-8, "%s: loglik", g->label);
	st = stk_ets_fitted(&mod, g->y, g->n, fitted);
	ok = (st == STK_OK);
	for (int t = 0; t < 5; t++)
		ok &= tap_is_double(fitted[t], g->fitted[t], 1e-8, "%s: fitted[%d]", g->label, t + 1);
	st = stk_ets_forecast(&mod, g->h, 0, 1, &stk_malloc_allocator, &fc);
	tap_ok(st == STK_OK, "%s: forecast", g->label);
	for (int k = 0; k < g->h; k++)
		tap_is_double(fc.mean[k], g->mean[k], 1e-7, "%s: mean[%d]", g->label, k + 1);
	if (g->varratio && g->error == 'A')
		for (int k = 0; k < g->h; k++)
			tap_is_double(fc.var[k] / mod.sigma2, g->varratio[k], 1e-6,
						  "%s: var[%d] / sigma2", g->label, k + 1);
	else if (g->varratio)
	{
		/* class 2: the variance depends on sigma2 itself; use R's */
		StkForecast fc2;

		mod.sigma2 = g->sigma2;
		st = stk_ets_forecast(&mod, g->h, 0, 1, &stk_malloc_allocator, &fc2);
		for (int k = 0; k < g->h; k++)
			tap_is_double(fc2.var[k], g->varratio[k] * g->sigma2, 1e-6,
						  "%s: class-2 var[%d]", g->label, k + 1);
		stk_forecast_free(&fc2, &stk_malloc_allocator);
	}
	stk_forecast_free(&fc, &stk_malloc_allocator);
}

/* ets(Nile, model="ANN", alpha=0.3); forecast(fit, h=5, level=95) */
static const double nile_init[] = {1113.133437};
static const double nile_fit[] = {1113.133437, 1115.193406, 1128.635384, 1078.944769, 1118.261338};
static const double nile_mean[] = {788.4401256, 788.4401256, 788.4401256, 788.4401256, 788.4401256};
static const double nile_vr[] = {1, 1.09, 1.18, 1.27, 1.36};

/* ets(USAccDeaths, model="AAA", damped=TRUE, alpha=0.4, beta=0.02, gamma=0.1, phi=0.9); h=14 */
static const double usacc_init[] = {10018.02732, -83.05559019, -16.08993288, -241.3204652, 263.7757575, -66.42324348, 990.1574513, 1672.849777, 800.8838507, 322.5808891, -534.9212217, -767.1046556, -1558.475162, -865.9130455};
static const double usacc_fit[] = {9077.364244, 8288.114845, 8941.67392, 9109.672712, 9925.754062};
static const double usacc_mean[] = {8222.187947, 7502.988588, 8303.295306, 8552.762891, 9423.367694, 9896.221789, 10805.0699, 10097.01725, 9071.59443, 9383.991444, 8887.4342, 9163.686691, 8307.957984, 7580.181621};
static const double usacc_vr[] = {1, 1.174724, 1.36325364, 1.564657128, 1.778010586, 2.002413455, 2.236999292, 2.48094298, 2.733465212, 2.99383488, 3.261369905, 3.53543691, 3.931282593, 4.216701825};

/* ets(WWWusage, model="MAN", damped=TRUE, alpha=0.8, beta=0.3, phi=0.9); h=6 (class 2) */
static const double www_init[] = {88.66231946, -1.627571923};
static const double www_fit[] = {87.19750473, 86.73784141, 82.81685752, 83.59518029, 84.22696528};
static const double www_mean[] = {219.8459108, 219.0537346, 218.3407761, 217.6991134, 217.1216169, 216.6018701};
static const double www_vr[] = {48332.2245, 103397.6836, 186216.2399, 298797.4971, 442045.0045, 616054.0469};

/* ets(AirPassengers, model="MAM", damped=FALSE, alpha=0.5, beta=0.01, gamma=0.1); h=12 (class 3) */
static const double air_init[] = {126.1656343, 1.625042147, 0.8885756633, 0.7881252116, 0.9123140382, 1.048589545, 1.200943951, 1.230935298, 1.117585379, 0.9947723829, 0.99964125, 1.028894677, 0.893569751, 0.8960528527};
static const double air_fit[] = {114.5072001, 114.3668427, 135.4636347, 131.5330496, 131.2025112};
static const double air_mean[] = {448.7952674, 438.4684359, 508.7738383, 504.0381346, 508.6779461, 576.347284, 641.2862253, 631.2588996, 542.7471137, 478.6153683, 416.6314069, 468.8488104};
static const double air_vr[] = {201417.1921, 241742.6648, 393960.6616, 455694.3423, 536298.4918, 783538.7671, 1090735.827, 1176740.52, 960638.4589, 819291.9903, 676865.0882, 929761.3733};
static const double air_sigma2 = 0.001617197126;

/* ets(ldeaths, model="MNA", alpha=0.2, gamma=0.05); h=6 (class 2) */
static const double ld_init[] = {2239.087784, 471.772442, -192.2554648, -382.6825814, -676.3731962, -664.623298, -524.1397059, -455.0511403, -242.9300747, 241.9807076, 686.6552991, 917.8725572, 819.7744555};
static const double ld_fit[] = {3058.862239, 3152.187893, 2800.933056, 2336.871854, 1895.386701};
static const double ld_mean[] = {2683.254752, 2735.083138, 2529.724074, 2078.790444, 1604.817, 1398.496121};
static const double ld_vr[] = {7199856.063, 7771675.633, 6992966.959, 5173728.301, 3602807.91, 3087681.222};

/*
 * Optimised fits: for nm in AirPassengers, USAccDeaths, Nile, WWWusage,
 * ldeaths: f <- ets(get(nm)); f$method; f$aicc; forecast(f, h=12)$mean
 */
typedef struct AutoRef
{
	const char *label;
	const double *y;
	int			n;
	int			m;
	const char *r_model;
	double		r_aicc;
	double		r_mean[12];
	double		tol;			/* relative, on each forecast step */
} AutoRef;

static const AutoRef autos[] = {
	{"AirPassengers", air, 144, 12, "ETS(M,Ad,M)", 1400.638432,
	{441.8018473, 434.1186201, 496.6300468, 483.2374794, 483.9913534, 551.0244, 613.1796792, 609.3648308, 530.5408345, 463.0332145, 402.7478001, 451.9693731}, 0.06},
	{"USAccDeaths", usacc, 72, 12, "ETS(A,N,A)", 1148.716099,
	{8397.496909, 7599.220613, 8396.594687, 8646.509703, 9443.411945, 9893.064727, 10819.1237, 10107.10463, 9015.232645, 9354.407375, 8880.417695, 9085.492104}, 0.03},
	{"Nile", nile, 100, 1, "ETS(M,N,N)", 1458.551916,
	{838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613, 838.8751613}, 0.01},
	{"WWWusage", www, 100, 1, "ETS(A,Ad,N)", 718.634206,
	{218.3663349, 217.0350687, 215.9501425, 215.0659733, 214.3454124, 213.7581856, 213.2796204, 212.8896098, 212.5717676, 212.3127395, 212.1016425, 211.9296072}, 0.03},
	{"ldeaths", ldeaths, 72, 12, "ETS(M,N,M)", 1089.368520,
	{2655.697042, 2657.92587, 2470.591533, 2059.111549, 1630.999208, 1458.498028, 1405.853544, 1269.322829, 1259.675341, 1533.118715, 1700.749654, 2279.822519}, 0.08},
};

static void
CheckAuto(const AutoRef *r)
{
	StkEtsModel mod;
	StkForecast fc;
	StkStatus	st;
	double		worst = 0;

	st = stk_ets_auto(r->y, r->n, r->m, &stk_malloc_allocator, &mod);
	tap_ok(st == STK_OK, "%s: auto fit", r->label);
	if (!tap_ok(mod.aicc <= r->r_aicc + 0.5, "%s: AICc %.3f (%s) <= R's %.3f (%s) + 0.5",
				r->label, mod.aicc, mod.name, r->r_aicc, r->r_model))
		printf("#   ours %s aicc %.6f\n", mod.name, mod.aicc);
	st = stk_ets_forecast(&mod, 12, 0, 42, &stk_malloc_allocator, &fc);
	for (int k = 0; k < 12; k++)
	{
		double		d = fabs(fc.mean[k] - r->r_mean[k]) / fabs(r->r_mean[k]);

		if (d > worst)
			worst = d;
	}
	tap_ok(st == STK_OK && worst <= r->tol, "%s: forecasts within %.0f%% of R's (worst %.2f%%)",
		   r->label, 100 * r->tol, 100 * worst);
	stk_forecast_free(&fc, &stk_malloc_allocator);
}

int
main(void)
{
	Golden		g[] = {
		{"Nile ANN", nile, 100, 1, 'A', 'N', 'N', 0, 0.3, NAN, NAN, NAN,
		nile_init, -726.4967365, 20847.04, nile_fit, 5, nile_mean, nile_vr},
		{"USAccDeaths AAdA", usacc, 72, 12, 'A', 'A', 'A', 1, 0.4, 0.02, 0.1, 0.9,
		usacc_init, -555.7890105, 92157.13986, usacc_fit, 14, usacc_mean, usacc_vr},
		{"WWWusage MAdN", www, 100, 1, 'M', 'A', 'N', 1, 0.8, 0.3, NAN, 0.9,
		www_init, -386.4138832, 0.00140201193, www_fit, 6, www_mean, www_vr},
		{"AirPassengers MAM", air, 144, 12, 'M', 'A', 'M', 0, 0.5, 0.01, 0.1, NAN,
		air_init, -684.3085062, air_sigma2, air_fit, 12, air_mean, NULL},
		{"ldeaths MNA", ldeaths, 72, 12, 'M', 'N', 'A', 0, 0.2, NAN, 0.05, NAN,
		ld_init, -529.2211961, 0.01042250201, ld_fit, 6, ld_mean, ld_vr},
	};
	StkEtsSpec	spec;
	StkEtsModel mod,
				mod2;
	StkForecast fc,
				fc2;
	StkStatus	st;

	gsl_set_error_handler_off();

	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		CheckGolden(&g[i]);

	/*
	 * Class 3 (M,A,M) has no exact variance: simulated paths, with R's
	 * sigma2, must reproduce R's mean and its approximate variance.
	 */
	stk_ets_spec_init(&spec);
	spec.error = 'M';
	spec.trend = 'A';
	spec.season = 'M';
	spec.damped = 0;
	spec.alpha = 0.5;
	spec.beta = 0.01;
	spec.gamma = 0.1;
	spec.init_states = air_init;
	st = stk_ets_fit(air, 144, 12, &spec, &stk_malloc_allocator, &mod);
	mod.sigma2 = air_sigma2;
	st = stk_ets_forecast(&mod, 12, 20000, 7, &stk_malloc_allocator, &fc);
	tap_ok(st == STK_OK && fc.nsim == 20000 && fc.paths != NULL && isnan(fc.var[0]),
		   "MAM: simulated paths, variance NaN");
	{
		int			ok = 1;

		for (int k = 0; k < 12; k++)
		{
			double		s = 0,
						ss = 0;

			for (int i = 0; i < fc.nsim; i++)
			{
				double		v = fc.paths[(size_t) i * 12 + k];

				s += v;
				ss += v * v;
			}
			s /= fc.nsim;
			ss = ss / fc.nsim - s * s;
			ok &= tap_is_double(s, air_mean[k], 0.01, "MAM: simulated mean[%d] within 1%% of R", k + 1);
			ok &= tap_is_double(ss, air_vr[k] * air_sigma2, 0.10,
								"MAM: simulated var[%d] within 10%% of R's approximation", k + 1);
		}
		(void) ok;
	}
	st = stk_ets_forecast(&mod, 12, 20000, 7, &stk_malloc_allocator, &fc2);
	tap_ok(st == STK_OK && memcmp(fc.paths, fc2.paths, sizeof(double) * 12 * 20000) == 0,
		   "simulation is deterministic for a seed");
	stk_forecast_free(&fc, &stk_malloc_allocator);
	stk_forecast_free(&fc2, &stk_malloc_allocator);
	st = stk_ets_forecast(&mod, 5, 0, 7, &stk_malloc_allocator, &fc);
	tap_ok(st == STK_OK && fc.nsim == STK_ETS_DEFAULT_NSIM,
		   "no analytic variance: default number of paths");
	stk_forecast_free(&fc, &stk_malloc_allocator);

	/* ets(Nile, model="ANN"): loglik -726.39052000, alpha 0.2455338627, l 1110.68686 */
	stk_ets_spec_init(&spec);
	spec.error = 'A';
	spec.trend = 'N';
	spec.season = 'N';
	spec.damped = 0;
	st = stk_ets_fit(nile, 100, 1, &spec, &stk_malloc_allocator, &mod);
	tap_ok(st == STK_OK && strcmp(mod.name, "ETS(A,N,N)") == 0, "Nile ANN optimised: %s", mod.name);
	tap_is_double(mod.loglik, -726.39052000, 1e-5, "Nile ANN optimised: loglik as R");
	tap_is_double(mod.alpha, 0.2455338627, 2e-3, "Nile ANN optimised: alpha as R");
	tap_is_double(mod.init_states[0], 1110.68686, 2e-3, "Nile ANN optimised: l0 as R");

	for (size_t i = 0; i < sizeof(autos) / sizeof(autos[0]); i++)
		CheckAuto(&autos[i]);

	/* O(1) update: fit on 71 points + update == fit on 72 (fixed model) */
	stk_ets_spec_init(&spec);
	spec.error = 'A';
	spec.trend = 'A';
	spec.season = 'A';
	spec.damped = 1;
	spec.alpha = 0.4;
	spec.beta = 0.02;
	spec.gamma = 0.1;
	spec.phi = 0.9;
	spec.init_states = usacc_init;
	st = stk_ets_fit(usacc, 71, 12, &spec, &stk_malloc_allocator, &mod);
	st |= stk_ets_update(&mod, usacc[71]);
	st |= stk_ets_fit(usacc, 72, 12, &spec, &stk_malloc_allocator, &mod2);
	st |= stk_ets_forecast(&mod, 14, 0, 1, &stk_malloc_allocator, &fc);
	tap_ok(st == STK_OK && mod.n == 72, "update: one observation added");
	for (int k = 0; k < 14; k += 13)
		tap_is_double(fc.mean[k], usacc_mean[k], 1e-9, "update: forecast[%d] as the full fit", k + 1);
	tap_is_double(mod.level, mod2.level, 1e-12, "update: level as the full fit");
	stk_forecast_free(&fc, &stk_malloc_allocator);
	tap_ok(stk_ets_update(&mod, NAN) == STK_ENONFINITE, "update: NaN rejected");

	/*
	 * The holdout of 'auto' (forecast_run.c): the automatic fit's form,
	 * smoothing parameters and initial states fixed on a prefix is that
	 * model's filter over the prefix, so the prefix fit plus the remaining
	 * observations as updates ends in the automatic fit's state.
	 */
	st = stk_ets_auto(air, 144, 12, &stk_malloc_allocator, &mod2);
	stk_ets_spec_init(&spec);
	spec.error = mod2.error;
	spec.trend = mod2.trend;
	spec.season = mod2.season;
	spec.damped = mod2.damped ? 1 : 0;
	spec.alpha = mod2.alpha;
	if (mod2.trend != 'N')
		spec.beta = mod2.beta;
	if (mod2.season != 'N')
		spec.gamma = mod2.gamma;
	if (mod2.damped)
		spec.phi = mod2.phi;
	spec.init_states = mod2.init_states;
	st |= stk_ets_fit(air, 144, 12, &spec, &stk_malloc_allocator, &mod);
	tap_ok(st == STK_OK && strcmp(mod.name, mod2.name) == 0 && mod.alpha == mod2.alpha,
		   "all fixed: the automatic model %s", mod.name);
	tap_is_double(mod.loglik, mod2.loglik, 1e-9, "all fixed: the automatic fit's likelihood");
	st = stk_ets_fit(air, 120, 12, &spec, &stk_malloc_allocator, &mod);
	for (int t = 120; t < 144; t++)
		st |= stk_ets_update(&mod, air[t]);
	tap_ok(st == STK_OK && mod.n == 144, "all fixed on 120 points, 24 updates");
	tap_is_double(mod.level, mod2.level, 1e-9, "all fixed on a prefix: the filter of the automatic fit");
	tap_is_double(mod.season_state[mod.spos], mod2.season_state[mod2.spos], 1e-9,
				  "all fixed on a prefix: the next seasonal state as the automatic fit");

	/* admissibility: the Schur-Cohn test on known points */
	tap_ok(stk_ets_admissible('A', 'A', false, 0.5, 0.1, 0.3, 1, 4), "admissible: AAA 0.5/0.1/0.3");
	tap_ok(!stk_ets_admissible('N', 'N', false, 2.5, 0, 0, 1, 1), "not admissible: ANN alpha 2.5");
	tap_ok(!stk_ets_admissible('A', 'N', false, 0.5, 3.5, 0, 1, 1), "not admissible: AAN beta > 4 - 2 alpha");
	tap_ok(stk_ets_admissible('A', 'N', false, 0.5, 2.9, 0, 1, 1), "admissible: AAN beta < 4 - 2 alpha");
	tap_ok(!stk_ets_admissible('N', 'A', false, 0.9, 0, 1.5, 1, 12), "not admissible: ANA gamma > 2 - alpha");
	/* forecast:::admissible(a, b, g, phi, 12): 0, 1, 1 */
	tap_ok(!stk_ets_admissible('A', 'A', true, 0.9999, 0.5, 0.0001, 0.98, 12), "not admissible: AAdA 0.9999/0.5/1e-4/0.98 (as R)");
	tap_ok(stk_ets_admissible('A', 'A', true, 0.3, 0.1, 0.2, 0.9, 12), "admissible: AAdA 0.3/0.1/0.2/0.9 (as R)");
	tap_ok(stk_ets_admissible('A', 'A', true, 0.9, 0.05, 0.05, 0.9, 12), "admissible: AAdA 0.9/0.05/0.05/0.9 (as R)");

	/* input validation */
	{
		double		bad[] = {1, 2, NAN, 4};
		double		neg[] = {1, -2, 3, 4, 5, 6, 7, 8, 9, 10};
		double		konst[] = {5, 5, 5, 5, 5, 5, 5, 5};
		double		three[] = {3, 5, 4};

		tap_ok(stk_ets_auto(air, 0, 12, &stk_malloc_allocator, &mod) == STK_EINVAL, "n = 0: EINVAL");
		tap_ok(stk_ets_auto(air, 144, 0, &stk_malloc_allocator, &mod) == STK_EINVAL, "m = 0: EINVAL");
		tap_ok(stk_ets_auto(bad, 4, 1, &stk_malloc_allocator, &mod) == STK_ENONFINITE, "NaN: ENONFINITE");
		bad[2] = INFINITY;
		tap_ok(stk_ets_auto(bad, 4, 1, &stk_malloc_allocator, &mod) == STK_ENONFINITE, "Inf: ENONFINITE");
		stk_ets_spec_init(&spec);
		spec.error = 'M';
		tap_ok(stk_ets_fit(neg, 10, 1, &spec, &stk_malloc_allocator, &mod) == STK_EINVAL,
			   "multiplicative error on non-positive data: EINVAL");
		spec.error = 'Q';
		tap_ok(stk_ets_fit(air, 144, 12, &spec, &stk_malloc_allocator, &mod) == STK_EINVAL, "bad code: EINVAL");
		st = stk_ets_auto(neg, 10, 1, &stk_malloc_allocator, &mod);
		tap_ok(st == STK_OK && mod.error == 'A', "non-positive data: additive only (%s)", mod.name);
		st = stk_ets_auto(konst, 8, 4, &stk_malloc_allocator, &mod);
		tap_ok(st == STK_OK && strstr(mod.name, "constant") != NULL, "constant series: %s", mod.name);
		st = stk_ets_forecast(&mod, 3, 0, 1, &stk_malloc_allocator, &fc);
		tap_ok(st == STK_OK && fc.mean[2] == 5 && fc.var[2] == 0, "constant series: flat forecast");
		stk_forecast_free(&fc, &stk_malloc_allocator);
		st = stk_ets_auto(three, 3, 1, &stk_malloc_allocator, &mod);
		tap_ok(st == STK_OK && strstr(mod.name, "short") != NULL, "three points: %s", mod.name);
		st = stk_ets_forecast(&mod, 3, 0, 1, &stk_malloc_allocator, &fc);
		tap_ok(st == STK_OK && isfinite(fc.mean[0]) && isfinite(fc.var[0]), "three points: forecast");
		stk_forecast_free(&fc, &stk_malloc_allocator);
		st = stk_ets_auto(three, 1, 1, &stk_malloc_allocator, &mod);
		tap_ok(st == STK_OK && strstr(mod.name, "one observation") != NULL, "one point: %s", mod.name);
		st = stk_ets_auto(air, 20, 12, &stk_malloc_allocator, &mod);
		tap_ok(st == STK_OK, "20 monthly points: %s", mod.name);
		tap_ok(stk_ets_forecast(&mod, 0, 0, 1, &stk_malloc_allocator, &fc) == STK_EINVAL, "horizon 0: EINVAL");
		tap_ok(stk_ets_forecast(&mod, STK_MAX_HORIZON + 1, 0, 1, &stk_malloc_allocator, &fc) == STK_EINVAL,
			   "horizon too long: EINVAL");
	}
	return tap_done();
}
