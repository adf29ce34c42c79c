/*-------------------------------------------------------------------------
 *
 * arima.h
 *	  ARIMA and seasonal ARIMA models of the numerical core.
 *
 * (p,d,q)(P,D,Q)[m] models with an optional constant (the mean when
 * d + D = 0, the drift when d + D = 1), parameterised as R's arima():
 *
 *	 phi(B) Phi(B^m) (1 - B)^d (1 - B^m)^D (y_t - c t^(d+D) / ...) =
 *		 theta(B) Theta(B^m) e_t,
 *	 phi(B) = 1 - phi_1 B - ... - phi_p B^p,  theta(B) = 1 + theta_1 B + ...
 *
 * fitted by conditional sum of squares (CSS) or by exact Gaussian maximum
 * likelihood (a Kalman filter over the ARMA model of the differenced series,
 * started from its stationary covariance, CSS start values: R's default
 * "CSS-ML"), and chosen automatically in the spirit of forecast's
 * auto.arima(): d by KPSS tests, D by the seasonal strength, p, q, P, Q and
 * the constant by a stepwise AICc search.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_ARIMA_H
#define STK_ARIMA_H

#include "stk_core.h"
#include "forecast.h"

#define STK_ARIMA_MAX_P		5	/* p and q */
#define STK_ARIMA_MAX_SP	2	/* P and Q */
#define STK_ARIMA_MAX_D		2
#define STK_ARIMA_MAX_SD	1
#define STK_ARIMA_MAX_M		24	/* longer periods are fitted without season */
/* ar, ma, sar, sma and the constant, in R's coef() order */
#define STK_ARIMA_MAX_COEF	(2 * STK_ARIMA_MAX_P + 2 * STK_ARIMA_MAX_SP + 1)

typedef enum StkArimaMethod
{
	STK_ARIMA_CSS_ML = 0,		/* CSS start values, then exact ML (R's default) */
	STK_ARIMA_ML,				/* exact ML from zero start values */
	STK_ARIMA_CSS				/* conditional sum of squares only */
} StkArimaMethod;

typedef struct StkArimaSpec
{
	int			p,
				d,
				q,
				P,
				D,
				Q,
				m;				/* seasonal period; 1 (or P = D = Q = 0): none */
	bool		constant;		/* mean (d + D = 0) or drift (d + D = 1) */
	StkArimaMethod method;
	/* NULL: estimate; else the coefficients in R's order, none estimated */
	const double *fixed;
} StkArimaSpec;

typedef struct StkArimaModel
{
	int			p,
				d,
				q,
				P,
				D,
				Q,
				m;
	bool		constant;
	int			ncoef;			/* p + q + P + Q + constant */
	double		coef[STK_ARIMA_MAX_COEF];	/* R's coef(): ar, ma, sar, sma,
											 * intercept or drift */
	double		mu;				/* mean of the differenced series */
	double		sigma2;			/* innovation variance (R's sigma2) */
	double		loglik;
	double		aic,
				aicc,
				bic;
	int			nobs;			/* observations after differencing */
	bool		exact;			/* loglik is the exact one (ML) */
	char		name[64];		/* e.g. "ARIMA(0,1,1)(0,1,1)[12]" */
} StkArimaModel;

extern void stk_arima_spec_init(StkArimaSpec *spec);
/* The orders and constant of a fitted model, to fit them again. */
extern void stk_arima_spec_of_model(const StkArimaModel *mod, StkArimaSpec *spec);

/*
 * Fit one model.  STK_EINVAL for orders out of range or too few
 * observations after differencing (fewer than ncoef + 2), STK_ENOCONV when
 * the likelihood cannot be evaluated at the CSS estimates (a non-stationary
 * AR part, as R's "non-stationary AR part from CSS"), STK_ECANCELED when
 * stk_interrupted() stops an optimiser (checked every iteration).
 */
extern StkStatus stk_arima_fit(const double *y, int n, const StkArimaSpec *spec,
							   const StkAllocator *a, StkArimaModel *out);

typedef struct StkArimaAutoOptions
{
	int			max_models;		/* stepwise budget of fitted models, 0: 94 */
	bool		approximate;	/* CSS during the search, ML for the final fit;
								 * false: ML throughout */
	bool		css_final;		/* fit the chosen model by CSS only */
} StkArimaAutoOptions;

extern void stk_arima_auto_options_init(StkArimaAutoOptions *opts);

/*
 * auto.arima() in the stepwise form: never fails for n >= 1 (the last
 * resort is ARIMA(0,d,0), no parameters to estimate), except with
 * STK_ENOMEM or STK_ECANCELED (stk_interrupted(), checked before every
 * candidate and within its fit).
 */
extern StkStatus stk_arima_auto(const double *y, int n, int m,
								const StkArimaAutoOptions *opts,
								const StkAllocator *a, StkArimaModel *out);

/* Number of differences by successive KPSS tests (5 %), at most max_d. */
extern int	stk_arima_ndiffs(const double *y, int n, int max_d);
/* Seasonal differences (0 or 1): seasonal strength > 0.64 (arima.c says how). */
extern int	stk_arima_nsdiffs(const double *y, int n, int m,
							  const StkAllocator *a);

/*
 * Point forecasts (Kalman filter over the series, then integrated) and
 * predictive variances sigma2 * sum psi_j^2 of the integrated model, for h
 * steps.  y, n: the series the model was fitted to (or any other: the
 * model's coefficients are applied as they are).
 */
extern StkStatus stk_arima_forecast(const StkArimaModel *mod, const double *y,
									int n, int h, const StkAllocator *a,
									StkForecast *fc);

#endif							/* STK_ARIMA_H */
