/*-------------------------------------------------------------------------
 *
 * theta.h
 *	  The Theta method (Assimakopoulos & Nikolopoulos 2000) in the form of
 *	  Hyndman & Billah (2003), as R's forecast::thetaf computes it, and the
 *	  optimised Theta method (OTM) of Fiorucci et al. (2016).
 *
 * Both deseasonalise first when the series passes the thetaf seasonality
 * test at the given period (classical multiplicative decomposition), and
 * reseasonalise the forecast.
 *
 * Standard Theta: simple exponential smoothing (alpha and initial level by
 * least squares, which is maximum likelihood for ETS(A,N,N)) plus a drift
 * of half the slope of a linear trend fitted to the series:
 *
 *	 yhat[n+h] = l[n] + b/2 * (h - 1 + 1/alpha - (1-alpha)^n / alpha)
 *
 * and the Gaussian predictive variance of the SES model,
 * sigma2 * (1 + alpha^2 (h-1)), sigma2 = SSE / (n - 2).
 *
 * OTM: the theta line Z[t] = theta y[t] + (1-theta)(A + B t) is smoothed by
 * SES and the forecast is (1 - 1/theta)(A + B(n+h)) + Z~[n+h] / theta, with
 * theta in [1, 1000], alpha in [1e-4, 0.9999] and the initial level chosen
 * to minimise the in-sample one-step squared errors (sigma2 = SSE / (n-3),
 * same variance formula).  theta = 2 is the classic method with alpha
 * estimated on the theta line.  On trending series the in-sample fit often
 * drives theta to its cap, i.e. towards extrapolating the full trend; the
 * choice between Theta and OTM belongs to out-of-sample validation.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_THETA_H
#define STK_THETA_H

#include "forecast.h"

typedef struct StkThetaOptions
{
	int			period;			/* seasonal period; 1 = none, 0 = detect */
	bool		optimise;		/* OTM instead of the standard method */

	/*
	 * Scale the predictive variance by the squared seasonal index of each
	 * step.  R's thetaf does not (its intervals have the width of the
	 * deseasonalised series in every season); off reproduces R.
	 */
	bool		seasonal_var;
} StkThetaOptions;

/* What the fit found, for explanation and tests. */
typedef struct StkThetaInfo
{
	int			period;			/* period used for the test */
	bool		seasonal;		/* deseasonalised? */
	double		alpha;			/* SES smoothing parameter */
	double		level0;			/* initial level l0 (for OTM, of the state
								 * space form of Fiorucci et al., eq. 3) */
	double		level;			/* final SES level of the deseasonalised series */
	double		drift;			/* b/2 (standard) or the trend slope B (OTM) */
	double		theta;			/* 2 for the standard method */
	double		sse;			/* in-sample sum of squared one-step errors */
	bool		fallback;		/* series too short or constant: naive/mean */
} StkThetaInfo;

/*
 * Simple exponential smoothing fitted by least squares: alpha in
 * [1e-4, 0.9999] (the bounds of R's ets), initial level profiled out in
 * closed form.  Needs n >= 2.
 */
extern StkStatus stk_ses_fit(const double *y, int n, double *alpha,
							 double *level0, double *level_n, double *sse);

/*
 * Theta forecast of y[0..n-1].  opts may be NULL (period 1, standard
 * method); info may be NULL.  Constant series and series of fewer than
 * three points (four for OTM) fall back to the naive method (the mean for one point) and
 * say so in fc->model, e.g. "Theta(fallback: naive)"; fc->model is
 * "Theta", "Theta(m=12)" (deseasonalised), "OTM" or "OTM(m=12)" otherwise.
 * period 0 detects the period (stk_detect_period); period > n is
 * STK_EINVAL.  fc must be freed with stk_forecast_free.
 */
extern StkStatus stk_theta(const double *y, int n, int horizon,
						   const StkThetaOptions *opts, const StkAllocator *a,
						   StkForecast *fc, StkThetaInfo *info);

#endif							/* STK_THETA_H */
