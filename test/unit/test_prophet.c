/*-------------------------------------------------------------------------
 *
 * test_prophet.c
 *	  Unit tests of the Prophet-style trend + seasonality + event model.
 *
 * 1. The regression against R: with flat priors (scales 1e8) the posterior
 *	  mode is the least-squares fit of the same design, which R's lm.fit
 *	  computes independently (script below); forecasts agree to 1e-6
 *	  relative.
 * 2. Known answer: a noiseless daily series with one trend break, weekly
 *	  and yearly cycles and a recurring event with a window is continued
 *	  exactly, the event's days included, and the trend's last slope found.
 * 3. Distribution: paths are seeded (same seed, same paths), their spread
 *	  grows with the horizon and is that of the residual noise at step 1;
 *	  with default priors that noise is RSS / (n - effective degrees of
 *	  freedom), close to the noise the series was made with.
 * 4. Bad input gives a status, never a crash.
 * 5. 'auto' with events: the event component is added to its forecast on
 *	  the event's days, and nothing changes without events or for a slow
 *	  seller.
 * 6. Extra regressors (a promotion flag and a price): with flat priors the
 *	  forecasts and the regressors' coefficients are R lm.fit's on the same
 *	  design; with default priors a promotion in the horizon lifts its day;
 *	  bad regressors give a status.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "forecast_run.h"
#include "prophet.h"
#include "tap.h"

/*
 * R 4.2.2:
 *	 n <- 60; i <- 0:(n+13); t <- i/(n-1); ii <- i[1:n]
 *	 y <- 10 + 0.3*ii + 3*sin(2*pi*ii/7) + 2*sin(ii^2*0.37)
 *	 cp <- round(47*(1:25)/25)
 *	 X <- cbind(1, t); for (c in cp) X <- cbind(X, ifelse(i > c, t - c/(n-1), 0))
 *	 for (k in 1:3) X <- cbind(X, sin(2*pi*k*(i%%7)/7), cos(2*pi*k*(i%%7)/7))
 *	 fit <- lm.fit(X[1:n,], y); X[(n+1):(n+14),] %*% fit$coefficients
 *	 sqrt(sum(fit$residuals^2)/(n - fit$rank))		# 27 residual degrees of freedom
 */
static const double lm_pred[14] = {
	26.306732900962, 24.865208617252, 25.038712615584, 28.293099441861,
	32.272203746043, 33.132728371696, 31.042967630458, 27.922731964620,
	26.481207680911, 26.654711679243, 29.909098505520, 33.888202809702,
	34.748727435354, 32.658966694117
};
static const double lm_sigma = 1.205209542921;

static void
test_against_lm(void)
{
	double		y[60];
	StkProphetOptions o;
	StkForecast fc;
	StkProphetFit fit;
	double		worst = 0;

	for (int i = 0; i < 60; i++)
		y[i] = 10 + 0.3 * i + 3 * sin(2 * M_PI * i / 7) + 2 * sin(i * i * 0.37);
	stk_prophet_options_init(&o);
	o.period = 7;
	o.changepoint_scale = o.seasonality_scale = o.holiday_scale = o.trend_scale = 1e8;
	tap_ok(stk_prophet(y, 60, 14, &o, &stk_malloc_allocator, &fc, &fit) == STK_OK,
		   "flat priors: fit");
	for (int h = 0; h < 14; h++)
	{
		double		r = fabs(fc.mean[h] - lm_pred[h]) / lm_pred[h];

		if (r > worst)
			worst = r;
	}
	tap_ok(worst < 1e-6, "flat priors: forecasts = R lm.fit on the same design (worst %.2e relative)", worst);
	tap_is_double(fit.sigma, lm_sigma, 1e-6, "flat priors: sigma = R's residual standard error (n - edf = n - p)");
	tap_ok(fit.nchangepoints == 25 && fit.nseason_terms == 6 && fit.nevent_terms == 0,
		   "25 changepoints, 6 Fourier terms for period 7");
	stk_forecast_free(&fc, &stk_malloc_allocator);
}

/*
 * 1,100 noiseless days from day 9000 (three years: the yearly terms are
 * on), a break at day 387 (one of the candidate changepoints), an event on
 * days 100, 465 and 830 and, in the horizon, 1107 (a moving feast)
 */
static double
truth(int t, bool with_event)
{
	/* effects from 3 days before to 1 after */
	static const int events[4] = {100, 465, 830, 1107};
	double		v = 50 + 0.05 * t + (t > 387 ? 0.1 * (t - 387) : 0) +
		8 * sin(2 * M_PI * (9000 + t) / 7.0) + 10 * sin(2 * M_PI * (9000 + t) / 365.25);

	if (with_event)
		for (int e = 0; e < 4; e++)
			if (t >= events[e] - 3 && t <= events[e] + 1)
				v += 30;
	return v;
}

static void
test_known_answer(void)
{
	enum
	{
	N = 1100, H = 28};
	double		y[N];
	int32_t		days[4] = {9100, 9465, 9830, 10107};	/* the last in the horizon */
	int32_t		names[4] = {0, 0, 0, 0};
	StkEventCalendar cal = {STK_FREQ_DAY, 9000, days, names, 4, 1, 3, 1};
	StkProphetOptions o;
	StkForecast fc;
	StkProphetFit fit;
	double		worst = 0;

	for (int t = 0; t < N; t++)
		y[t] = truth(t, true);
	stk_prophet_options_init(&o);
	o.cal = &cal;
	o.seed = 42;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit) == STK_OK, "dated: fit");
	tap_ok(strcmp(fc.model, "Prophet-style(trend, weekly, yearly, events)") == 0,
		   "dated, three years: weekly and yearly seasonality and events (%s)", fc.model);
	for (int h = 0; h < H; h++)
	{
		double		d = fabs(fc.mean[h] - truth(N + h, true));

		if (d > worst)
			worst = d;
	}
	tap_ok(worst < 0.1, "dated: continues the series within 0.1 (worst %.4f; level about 170)", worst);
	tap_ok(fc.mean[7] - truth(N + 7, false) > 29.9 && fc.mean[7] - truth(N + 7, false) < 30.1,
		   "dated: the event in the horizon adds its 30 units");
	tap_is_double(fit.last_rate, 0.15, 0.002, "dated: the slope after the break");
	tap_ok(fit.nevent_terms == 5, "dated: one effect per window day (3 before, the day, 1 after)");
	stk_forecast_free(&fc, &stk_malloc_allocator);
	/* two years: no yearly terms */
	tap_ok(stk_prophet(y, 730, H, &o, &stk_malloc_allocator, &fc, NULL) == STK_OK &&
		   strcmp(fc.model, "Prophet-style(trend, weekly, events)") == 0,
		   "dated, two years: no yearly terms yet (%s)", fc.model);
	stk_forecast_free(&fc, &stk_malloc_allocator);
}

static void
test_distribution(void)
{
	double		y[200];
	StkProphetOptions o;
	StkForecast f1,
				f2;
	StkProphetFit fit;
	double		sd1 = 0,
				sd30 = 0,
				m1 = 0,
				m30 = 0;
	int			ns;

	for (int i = 0; i < 200; i++)
		y[i] = 100 + 0.2 * i + 5 * sin(i * i * 0.91);
	stk_prophet_options_init(&o);
	o.seed = 7;
	tap_ok(stk_prophet(y, 200, 30, &o, &stk_malloc_allocator, &f1, &fit) == STK_OK &&
		   stk_prophet(y, 200, 30, &o, &stk_malloc_allocator, &f2, NULL) == STK_OK,
		   "undated, no season: two fits");
	tap_ok(f1.nsim == STK_PROPHET_DEFAULT_NSIM && f1.paths != NULL && isnan(f1.var[0]),
		   "simulated distribution, %d paths", f1.nsim);
	tap_ok(memcmp(f1.paths, f2.paths, sizeof(double) * f1.nsim * 30) == 0, "same seed, same paths");
	ns = f1.nsim;
	for (int s = 0; s < ns; s++)
	{
		m1 += f1.paths[s * 30] / ns;
		m30 += f1.paths[s * 30 + 29] / ns;
	}
	for (int s = 0; s < ns; s++)
	{
		sd1 += pow(f1.paths[s * 30] - m1, 2) / (ns - 1);
		sd30 += pow(f1.paths[s * 30 + 29] - m30, 2) / (ns - 1);
	}
	sd1 = sqrt(sd1);
	sd30 = sqrt(sd30);
	tap_ok(fabs(sd1 / fit.sigma - 1) < 0.1, "step 1 spread is the noise (%.3f against sigma %.3f)",
		   sd1, fit.sigma);
	/* 5 sin(0.91 i^2) is close to white noise of sd 5 / sqrt(2) */
	tap_ok(fabs(fit.sigma / (5 / sqrt(2)) - 1) < 0.1 && fit.edf > 2 && fit.edf < 27,
		   "sigma %.3f near the made noise's 3.536, edf %.1f between 2 and 27", fit.sigma, fit.edf);
	tap_ok(sd30 >= sd1 * 0.95, "spread does not shrink with the horizon (%.3f, %.3f)", sd1, sd30);
	tap_ok(fabs(m1 - f1.mean[0]) < 0.2 * fit.sigma, "paths centred on the point forecast");
	stk_forecast_free(&f1, &stk_malloc_allocator);
	stk_forecast_free(&f2, &stk_malloc_allocator);
}

static void
test_bad_input(void)
{
	double		y[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	double		zeros[10] = {0};
	int32_t		days[1] = {5};
	int32_t		bad_name[1] = {3};
	StkEventCalendar cal = {STK_FREQ_DAY, 0, days, bad_name, 1, 1, 7, 1};
	StkProphetOptions o;
	StkForecast fc;

	stk_prophet_options_init(&o);
	tap_ok(stk_prophet(y, 2, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL, "n < 3: EINVAL");
	tap_ok(stk_prophet(y, 10, 0, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL, "horizon 0: EINVAL");
	tap_ok(stk_prophet(y, 10, STK_MAX_HORIZON + 1, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL,
		   "horizon above the maximum: EINVAL");
	y[4] = NAN;
	tap_ok(stk_prophet(y, 10, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_ENONFINITE, "NaN: ENONFINITE");
	y[4] = 5;
	o.cal = &cal;
	tap_ok(stk_prophet(y, 10, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL,
		   "event name id out of range: EINVAL");
	o.cal = NULL;
	tap_ok(stk_prophet(zeros, 10, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_OK &&
		   fabs(fc.mean[4]) < 1e-9, "all zeros: forecast 0");
	stk_forecast_free(&fc, &stk_malloc_allocator);
	{
		/* 1.3 M periods x 27 columns: over the design's bound, before allocating it */
		int			big = 1300000;
		double	   *ybig = calloc(big, sizeof(double));

		tap_ok(ybig != NULL && stk_prophet(ybig, big, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_ETOOBIG,
			   "a design over 32 M values: ETOOBIG");
		free(ybig);
	}
	o.period = 7;
	tap_ok(stk_prophet(y, 10, 5, &o, &stk_malloc_allocator, &fc, NULL) == STK_OK &&
		   strcmp(fc.model, "Prophet-style(trend)") == 0,
		   "period 7 with fewer than two cycles: no season");
	stk_forecast_free(&fc, &stk_malloc_allocator);
}

static void
test_auto_events(void)
{
	enum
	{
	N = 800, H = 14};
	double		y[N],
				slow[N];
	int32_t		days[3] = {9100, 9465, 9810};	/* day 810 = step 11 ahead */
	int32_t		names[3] = {0, 0, 0};
	StkEventCalendar cal = {STK_FREQ_DAY, 9000, days, names, 3, 1, 1, 0};
	StkEventCalendar none = {STK_FREQ_DAY, 9000, NULL, NULL, 0, 0, 7, 1};
	static const double lv[3] = {0.1, 0.5, 0.9};
	StkForecastRequest req;
	StkForecastResult with,
				without,
				slowres;

	for (int t = 0; t < N; t++)
	{
		y[t] = 20 + 4 * (t % 7 == 5) + 3 * sin(t * t * 0.37);
		if (t == 99 || t == 100 || t == 464 || t == 465)
			y[t] += 30;
		slow[t] = (t % 9 == 0) ? 1 + (t % 2) : 0;
	}
	memset(&req, 0, sizeof(req));
	req.y = y;
	req.n = N;
	req.period = 7;
	req.method = STK_METHOD_AUTO;
	req.horizon = H;
	req.levels = lv;
	req.nlevels = 3;
	req.seed = 1;
	req.calendar = &cal;
	tap_ok(stk_forecast_run(&req, &stk_malloc_allocator, &with) == STK_OK, "auto with events: ok");
	req.calendar = &none;
	tap_ok(stk_forecast_run(&req, &stk_malloc_allocator, &without) == STK_OK, "auto, calendar without events: ok");
	tap_ok(strstr(with.model, " + events") != NULL && strstr(without.model, "events") == NULL,
		   "the model says so (%s / %s)", with.model, without.model);
	tap_ok(with.point[10] - without.point[10] > 15 && with.point[9] - without.point[9] > 15,
		   "the day before and the event day are lifted (+%.1f, +%.1f of 30)",
		   with.point[9] - without.point[9], with.point[10] - without.point[10]);
	tap_ok(fabs(with.point[3] - without.point[3]) < 1.5 && fabs(with.point[12] - without.point[12]) < 1.5,
		   "other days about unchanged (%.2f, %.2f)",
		   with.point[3] - without.point[3], with.point[12] - without.point[12]);
	tap_ok(with.p10_50_90[30] <= with.p10_50_90[31] && with.p10_50_90[31] <= with.p10_50_90[32],
		   "quantiles on the event day stay ordered");
	stk_forecast_result_free(&with, &stk_malloc_allocator);
	stk_forecast_result_free(&without, &stk_malloc_allocator);
	req.y = slow;
	req.calendar = &cal;
	tap_ok(stk_forecast_run(&req, &stk_malloc_allocator, &slowres) == STK_OK &&
		   strstr(slowres.model, "events") == NULL,
		   "a slow seller keeps its count model (%s)", slowres.model);
	stk_forecast_result_free(&slowres, &stk_malloc_allocator);
}

/*
 * R 4.2.2, the design of test_against_lm with two more columns:
 *	 promo <- as.numeric((i %% 9) == 4); price <- 100 + 10*sin(i*0.7) + 5*cos(i*1.3)
 *	 y <- 10 + 0.3*ii + 3*sin(2*pi*ii/7) + 2*sin(ii^2*0.37) + 6*promo[1:n] - 0.2*price[1:n]
 *	 X <- cbind(X, promo, price); fit <- lm.fit(X[1:n,], y)
 *	 X[(n+1):(n+14),] %*% fit$coefficients; fit$coefficients[c("promo", "price")]
 */
static const double lm_reg_pred[14] = {
	10.0316004431408, 8.9340579509344, 6.6826403013504, 7.2706533023804,
	10.6649427329800, 11.8123777642842, 9.7610337962981, 13.3332328118112,
	7.3704396699063, 10.3289778653566, 14.4652249477472, 16.3509068465206,
	13.6446914223295, 10.0046295190155
};
static const double lm_reg_coef[2] = {6.36074516006109, -0.25969272132061};

static void
test_regressors(void)
{
	enum
	{
	N = 60, H = 14};
	double		y[N],
				reg[(N + H) * 2],
				worst = 0;
	StkProphetOptions o;
	StkForecast fc,
				plain;
	StkProphetFit fit;
	StkStatus	st;

	for (int i = 0; i < N + H; i++)
	{
		reg[i * 2] = (i % 9) == 4;
		reg[i * 2 + 1] = 100 + 10 * sin(i * 0.7) + 5 * cos(i * 1.3);
		if (i < N)
			y[i] = 10 + 0.3 * i + 3 * sin(2 * M_PI * i / 7) + 2 * sin(i * i * 0.37) +
				6 * reg[i * 2] - 0.2 * reg[i * 2 + 1];
	}
	stk_prophet_options_init(&o);
	o.period = 7;
	o.regressors = reg;
	o.nregressors = 2;
	o.changepoint_scale = o.seasonality_scale = o.holiday_scale = o.trend_scale =
		o.regressor_scale = 1e8;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit) == STK_OK,
		   "regressors, flat priors: fit");
	for (int h = 0; h < H; h++)
		worst = fmax(worst, fabs(fc.mean[h] - lm_reg_pred[h]) / fabs(lm_reg_pred[h]));
	tap_ok(worst < 1e-6, "regressors, flat priors: forecasts = R lm.fit (worst %.2e relative)", worst);
	tap_ok(fit.nregressors == 2 &&
		   fabs(fit.regressor_coef[0] - lm_reg_coef[0]) < 1e-6 * fabs(lm_reg_coef[0]) &&
		   fabs(fit.regressor_coef[1] - lm_reg_coef[1]) < 1e-6 * fabs(lm_reg_coef[1]),
		   "regressors, flat priors: coefficients = R's, in y units per unit (%.6f, %.6f)",
		   fit.regressor_coef[0], fit.regressor_coef[1]);
	tap_ok(strcmp(fc.model, "Prophet-style(trend, weekly, regressors)") == 0, "model: %s", fc.model);
	stk_forecast_free(&fc, &stk_malloc_allocator);

	/* default priors */
	stk_prophet_options_init(&o);
	o.period = 7;
	o.seed = 3;
	o.regressors = reg;
	o.nregressors = 2;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit) == STK_OK, "default priors: fit");
	tap_ok(fabs(fit.regressor_coef[0] - 6) < 1 && fabs(fit.regressor_coef[1] + 0.2) < 0.1,
		   "default priors: promotion %.2f (made 6), price %.3f (made -0.2)",
		   fit.regressor_coef[0], fit.regressor_coef[1]);
	worst = 0;
	for (int h = 0; h < H; h++)
		worst = fmax(worst, fabs(fc.mean[h] - lm_reg_pred[h]));
	tap_ok(worst < 2, "default priors: within 2 of the least-squares forecast (worst %.2f)", worst);
	/* the horizon's promotion (step 67 = horizon step 8) cancelled */
	reg[67 * 2] = 0;
	st = stk_prophet(y, N, H, &o, &stk_malloc_allocator, &plain, NULL);
	tap_ok(st == STK_OK && fabs(fc.mean[7] - plain.mean[7] - fit.regressor_coef[0]) < 1e-9 &&
		   fabs(fc.mean[6] - plain.mean[6]) < 1e-9,
		   "the promotion in the horizon adds its effect to its day only (%.2f)",
		   st == STK_OK ? fc.mean[7] - plain.mean[7] : NAN);
	reg[67 * 2] = 1;
	stk_forecast_free(&fc, &stk_malloc_allocator);
	stk_forecast_free(&plain, &stk_malloc_allocator);

	/* bad regressors */
	reg[(N + 3) * 2 + 1] = INFINITY;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, NULL) == STK_ENONFINITE,
		   "an infinite regressor value in the horizon: ENONFINITE");
	reg[(N + 3) * 2 + 1] = 100;
	o.nregressors = STK_PROPHET_MAX_REGRESSORS + 1;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL,
		   "more than %d regressors: EINVAL", STK_PROPHET_MAX_REGRESSORS);
	o.nregressors = 1;
	o.regressors = NULL;
	tap_ok(stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, NULL) == STK_EINVAL,
		   "regressors announced, none given: EINVAL");
	/* constant over the history: no effect, and no failure */
	for (int i = 0; i < N + H; i++)
		reg[i] = i < N ? 5 : 50;
	o.regressors = reg;
	st = stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit);
	tap_ok(st == STK_OK && fabs(fit.regressor_coef[0]) < 1e-9,
		   "a regressor constant over the history has no effect (%.2e)", fit.regressor_coef[0]);
	stk_forecast_free(&fc, &stk_malloc_allocator);
	/* a flag on every day of the history is constant too, not a second intercept */
	for (int i = 0; i < N + H; i++)
		reg[i] = i < N ? 1 : 0;
	st = stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit);
	tap_ok(st == STK_OK && fabs(fit.regressor_coef[0]) < 1e-9 && fabs(fc.mean[0] - y[N - 1]) < 10,
		   "a flag on all through the history has no effect (%.2e) and leaves the level (%.1f)",
		   fit.regressor_coef[0], st == STK_OK ? fc.mean[0] : NAN);
	stk_forecast_free(&fc, &stk_malloc_allocator);
	/* values near the limits of double precision: standardised, not overflowed */
	for (int i = 0; i < N + H; i++)
		reg[i] = ((i % 9) == 4) ? 1e200 : -1e200;
	for (int i = 0; i < N; i++)
		y[i] = 20 + 6 * ((i % 9) == 4);
	st = stk_prophet(y, N, H, &o, &stk_malloc_allocator, &fc, &fit);
	tap_ok(st == STK_OK && fabs(fc.mean[7] - 26) < 0.5 && fabs(fc.mean[6] - 20) < 0.5,
		   "a regressor of +-1e200 is fitted (%.2f on its day, %.2f off)",
		   st == STK_OK ? fc.mean[7] : NAN, st == STK_OK ? fc.mean[6] : NAN);
	stk_forecast_free(&fc, &stk_malloc_allocator);
	{
		/*
		 * Promotions that sell out: the promotion days after day 30 are out
		 * of stock, their demand filled in at the ordinary level.  Left out
		 * of the fit (masked), they do not pull the promotion's effect down.
		 */
		bool		masked[N];
		double		yfill[N];

		for (int i = 0; i < N + H; i++)
			reg[i] = (i % 10) == 3;
		for (int i = 0; i < N; i++)
		{
			masked[i] = (i % 10) == 3 && i > 30;
			yfill[i] = masked[i] ? 20 + i % 7 : 20 + 10 * reg[i] + i % 7;
		}
		st = stk_prophet(yfill, N, H, &o, &stk_malloc_allocator, &fc, &fit);
		tap_ok(st == STK_OK && fit.regressor_coef[0] < 7,
			   "filled-in stock-out days fitted as sales bias the effect (%.2f of 10)", fit.regressor_coef[0]);
		if (st == STK_OK)
			stk_forecast_free(&fc, &stk_malloc_allocator);
		o.masked = masked;
		st = stk_prophet(yfill, N, H, &o, &stk_malloc_allocator, &fc, &fit);
		tap_ok(st == STK_OK && fabs(fit.regressor_coef[0] - 10) < 1,
			   "masked, they are left out: the effect is found (%.2f of 10)", fit.regressor_coef[0]);
		if (st == STK_OK)
			stk_forecast_free(&fc, &stk_malloc_allocator);
		for (int i = 0; i < N; i++)
			masked[i] = i > 1;
		st = stk_prophet(yfill, N, H, &o, &stk_malloc_allocator, &fc, &fit);
		tap_ok(st == STK_OK, "fewer than 3 observed periods: the mask is ignored, no failure");
		if (st == STK_OK)
			stk_forecast_free(&fc, &stk_malloc_allocator);
		o.masked = NULL;
	}
	{
		/* through the dispatcher: method prophet only */
		static const double lv[3] = {0.1, 0.5, 0.9};
		StkForecastRequest req = {.y = y, .n = N, .period = 7, .method = STK_METHOD_ETS,
		.horizon = H, .levels = lv, .nlevels = 3, .seed = 1, .regressors = reg, .nregressors = 1};
		StkForecastResult res;

		tap_ok(stk_forecast_run(&req, &stk_malloc_allocator, &res) == STK_EINVAL &&
			   strstr(res.note, "method prophet only") != NULL,
			   "regressors with method ets: EINVAL (%s)", res.note);
		req.method = STK_METHOD_PROPHET;
		tap_ok(stk_forecast_run(&req, &stk_malloc_allocator, &res) == STK_OK &&
			   strstr(res.model, "1 regressor") != NULL, "method prophet: %s", res.model);
		stk_forecast_result_free(&res, &stk_malloc_allocator);
	}
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_against_lm();
	test_known_answer();
	test_distribution();
	test_bad_input();
	test_auto_events();
	test_regressors();
	return tap_done();
}
