/*-------------------------------------------------------------------------
 *
 * test_baselines.c
 *	  Unit tests of the naive, seasonal naive, mean and drift forecasts.
 *
 * Reference values from R with forecast 8.20 (command above each literal).
 * These methods are closed-form, so they must match R to 1e-9 relative:
 * interval bounds are rebuilt as mean +- z sqrt(var) with R's qnorm().
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "baselines.h"
#include "rdatasets.h"
#include "tap.h"

#define TOL 1e-9
#define Z80 1.2815515655446004	/* R: qnorm(0.9) */
#define Z95 1.959963984540054	/* R: qnorm(0.975) */

/* R: naive(Nile, h = 10, level = c(80, 95))$lower[, 1] */
static const double Nile_naive_lo80[10] = {
	525.56484487869307, 436.74289537786933, 368.58741640098293, 311.12968975738619,
	260.50841638304553, 214.74328703823903, 172.65790719946335, 133.48579075573866,
	96.694534636079311, 61.896499405150166
};

/* R: ...$upper[, 2] */
static const double Nile_naive_hi95[10] = {
	1067.9502693115742, 1203.7917186443369, 1308.0265288035425, 1395.9005386231481,
	1473.3190954200427, 1543.3108208216815, 1607.6748549950826, 1667.5834372886741,
	1723.8508079347221, 1777.0698102901943
};

/* R: rwf(Nile, h = 10, drift = TRUE, level = c(80, 95))$mean */
static const double Nile_drift_mean[10] = {
	736.16161616161617, 732.32323232323233, 728.4848484848485, 724.64646464646466,
	720.80808080808083, 716.969696969697, 713.13131313131316, 709.29292929292933,
	705.4545454545455, 701.61616161616166
};

/* R: ...$lower[, 1] */
static const double Nile_drift_lo80[10] = {
	519.60640018161178, 424.54044143385272, 349.66793439767662, 285.08738367922672,
	226.98620993320668, 173.42041872592836, 123.24190075332706, 75.706989563098659,
	30.302199355990979, -13.344089791421766
};

/* R: ...$upper[, 2] */
static const double Nile_drift_hi95[10] = {
	1067.3542387579091, 1203.0363908281388, 1307.83532357084, 1396.8940674241221,
	1476.0434593249338, 1548.25658219761, 1615.2893176990283, 1678.279005521335,
	1738.0109544263196, 1795.0535080416869
};

/* R: snaive(USAccDeaths, h = 30, level = c(80, 95))$mean */
static const double USAcc_snaive_mean[30] = {
	7836, 6892, 7791, 8192,
	9115, 9434, 10484, 9827,
	9110, 9070, 8633, 9240,
	7836, 6892, 7791, 8192,
	9115, 9434, 10484, 9827,
	9110, 9070, 8633, 9240,
	7836, 6892, 7791, 8192,
	9115, 9434
};

/* R: ...$lower[, 1] */
static const double USAcc_snaive_lo80[30] = {
	7119.0931929033322, 6175.0931929033322, 7074.0931929033322, 7475.0931929033322,
	8398.0931929033322, 8717.0931929033322, 9767.0931929033322, 9110.0931929033322,
	8393.0931929033322, 8353.0931929033322, 7916.0931929033322, 8523.0931929033322,
	6822.1406704463006, 5878.1406704463006, 6777.1406704463006, 7178.1406704463006,
	8101.1406704463006, 8420.1406704463006, 9470.1406704463006, 8813.1406704463006,
	8096.1406704463006, 8056.1406704463006, 7619.1406704463006, 8226.1406704463006,
	6594.280985816592, 5650.280985816592, 6549.280985816592, 6950.280985816592,
	7873.280985816592, 8192.2809858165929
};

/* R: ...$upper[, 2] */
static const double USAcc_snaive_hi95[30] = {
	8932.414346451962, 7988.414346451962, 8887.414346451962, 9288.414346451962,
	10211.414346451962, 10530.414346451962, 11580.414346451962, 10923.414346451962,
	10206.414346451962, 10166.414346451962, 9729.414346451962, 10336.414346451962,
	9386.5640387327967, 8442.5640387327967, 9341.5640387327967, 9742.5640387327967,
	10665.564038732797, 10984.564038732797, 12034.564038732797, 11377.564038732797,
	10660.564038732797, 10620.564038732797, 10183.564038732797, 10790.564038732797,
	9735.0453542022224, 8791.0453542022224, 9690.0453542022224, 10091.045354202222,
	11014.045354202222, 11333.045354202222
};

/* R: meanf(WWWusage, h = 5)$mean[1] */
static const double WWW_meanf_mean[1] = {
	137.08000000000001
};

/* R: sd(WWWusage)^2 * (1 + 1/length(WWWusage))  (meanf's interval uses qt() with this variance) */
static const double WWW_meanf_var[1] = {
	1615.9526626262625
};

/* R: naive(WWWusage, h = 5)$mean[1] */
static const double WWW_naive_mean[1] = {
	220
};

static const StkAllocator *const A = &stk_malloc_allocator;

/* Every step of a forecast against R's mean and interval bounds. */
static void
check_bounds(const char *name, const StkForecast *fc, const double *mean,
			 const double *lo80, const double *hi95)
{
	int			ok = 1;

	for (int h = 0; h < fc->horizon; h++)
	{
		double		sd = sqrt(fc->var[h]);
		double		lo = fc->mean[h] - Z80 * sd;
		double		hi = fc->mean[h] + Z95 * sd;

		if ((mean && fabs(fc->mean[h] - mean[h]) > TOL * fabs(mean[h])) ||
			fabs(lo - lo80[h]) > TOL * fabs(lo80[h]) ||
			fabs(hi - hi95[h]) > TOL * fabs(hi95[h]))
		{
			printf("# h=%d mean %.12g lo %.12g/%.12g hi %.12g/%.12g\n",
				   h + 1, fc->mean[h], lo, lo80[h], hi, hi95[h]);
			ok = 0;
			break;
		}
	}
	tap_ok(ok, "%s: mean, 80%% lower and 95%% upper bounds match R", name);
}

static void
test_golden(void)
{
	StkForecast fc;

	tap_ok(stk_naive(Nile, 100, 10, A, &fc) == STK_OK &&
		   strcmp(fc.model, "Naive") == 0, "naive(Nile)");
	tap_ok(fc.mean[9] == Nile[99], "naive: last value repeated");
	check_bounds("naive(Nile)", &fc, NULL, Nile_naive_lo80, Nile_naive_hi95);
	stk_forecast_free(&fc, A);

	tap_ok(stk_drift(Nile, 100, 10, A, &fc) == STK_OK &&
		   strcmp(fc.model, "Drift") == 0, "rwf(Nile, drift = TRUE)");
	check_bounds("rwf(Nile, drift = TRUE)", &fc, Nile_drift_mean,
				 Nile_drift_lo80, Nile_drift_hi95);
	stk_forecast_free(&fc, A);

	tap_ok(stk_snaive(USAccDeaths, 72, 12, 30, A, &fc) == STK_OK &&
		   strcmp(fc.model, "SNaive") == 0, "snaive(USAccDeaths)");
	check_bounds("snaive(USAccDeaths), 2.5 seasons", &fc, USAcc_snaive_mean,
				 USAcc_snaive_lo80, USAcc_snaive_hi95);
	/* the variance steps up once per whole season */
	tap_is_double(fc.var[12] / fc.var[11], 2, TOL, "snaive: var doubles at h = 13");
	tap_is_double(fc.var[24] / fc.var[0], 3, TOL, "snaive: var triples at h = 25");
	stk_forecast_free(&fc, A);

	tap_ok(stk_meanf(WWWusage, 100, 5, A, &fc) == STK_OK &&
		   strcmp(fc.model, "Mean") == 0, "meanf(WWWusage)");
	tap_is_double(fc.mean[4], WWW_meanf_mean[0], TOL, "meanf: mean");
	tap_is_double(fc.var[4], WWW_meanf_var[0], TOL, "meanf: var = s^2 (1 + 1/T)");
	stk_forecast_free(&fc, A);

	stk_naive(WWWusage, 100, 5, A, &fc);
	tap_is_double(fc.mean[0], WWW_naive_mean[0], TOL, "naive(WWWusage)");
	stk_forecast_free(&fc, A);
}

static void
test_edges(void)
{
	static const double one[1] = {4};
	static const double two[2] = {4, 6};
	static const double zeros[10] = {0};
	double		y[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	StkForecast fc;

	tap_ok(stk_naive(one, 1, 3, A, &fc) == STK_OK && fc.mean[2] == 4 &&
		   fc.var[2] == 0, "naive, one point: no variation, variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_meanf(one, 1, 3, A, &fc) == STK_OK && fc.mean[0] == 4 &&
		   fc.var[0] == 0, "mean, one point: variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_drift(one, 1, 3, A, &fc) == STK_OK && fc.mean[2] == 4 &&
		   fc.var[2] == 0, "drift, one point: naive, variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_drift(two, 2, 3, A, &fc) == STK_OK && fc.mean[2] == 12 &&
		   fc.var[2] == 0, "drift, two points: slope 2, variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_snaive(y, 10, 10, 12, A, &fc) == STK_OK && fc.mean[0] == 1 &&
		   fc.mean[11] == 2 && fc.var[11] == 0,
		   "snaive, one season: repeats it, variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_snaive(y, 10, 1, 2, A, &fc) == STK_OK && fc.mean[1] == 10 &&
		   fc.var[1] == 2, "snaive with period 1 is naive");
	stk_forecast_free(&fc, A);
	tap_ok(stk_drift(y, 10, 2, A, &fc) == STK_OK && fc.mean[1] == 12 &&
		   fc.var[1] == 0, "drift on a straight line: exact, variance 0");
	stk_forecast_free(&fc, A);
	tap_ok(stk_naive(zeros, 10, 4, A, &fc) == STK_OK && fc.mean[3] == 0 &&
		   fc.var[3] == 0, "naive, all zero");
	stk_forecast_free(&fc, A);
	tap_ok(stk_meanf(zeros, 10, 4, A, &fc) == STK_OK && fc.mean[3] == 0 &&
		   fc.var[3] == 0, "mean, all zero");
	stk_forecast_free(&fc, A);

	/* errors */
	tap_ok(stk_naive(y, 0, 3, A, &fc) == STK_EINVAL, "n = 0: EINVAL");
	tap_ok(stk_meanf(NULL, 3, 3, A, &fc) == STK_EINVAL, "NULL: EINVAL");
	tap_ok(stk_drift(y, 10, 0, A, &fc) == STK_EINVAL, "horizon 0: EINVAL");
	tap_ok(stk_naive(y, 10, STK_MAX_HORIZON + 1, A, &fc) == STK_EINVAL,
		   "horizon above the maximum: EINVAL");
	tap_ok(stk_snaive(y, 10, 0, 3, A, &fc) == STK_EINVAL, "snaive period 0: EINVAL");
	tap_ok(stk_snaive(y, 10, 11, 3, A, &fc) == STK_EINVAL, "snaive period > n: EINVAL");
	y[3] = NAN;
	tap_ok(stk_snaive(y, 10, 2, 3, A, &fc) == STK_ENONFINITE, "NaN: ENONFINITE");
	y[3] = -INFINITY;
	tap_ok(stk_meanf(y, 10, 3, A, &fc) == STK_ENONFINITE, "-Inf: ENONFINITE");
	tap_ok(stk_validate_input(y, 3, 1) == STK_OK, "validation looks at y[0..n-1] only");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_golden();
	test_edges();
	return tap_done();
}
