/*-------------------------------------------------------------------------
 *
 * dispersion_shrink.h
 *	  Empirical-Bayes shrinkage of per-item estimates toward a regression
 *	  over the group (the Fay-Herriot model), for the pooled fill-rate
 *	  mode of the stock optimiser: each item's window dispersion is
 *	  measured on a few dozen independent windows, and the pooled
 *	  allocation follows its errors.
 *
 * Model.  theta_i = x_i' beta + u_i, u_i ~ (0, A) the true between-item
 * spread; the estimate is theta_i + e_i, e_i ~ (0, D_i) with D_i known
 * (the sampling variance).  A is estimated by moments (Prasad & Rao
 * 1990): the residual sum of squares of the ordinary least-squares fit
 * less the part the sampling variances explain, sum D_i (1 - h_ii), over
 * n - p, at least 0; beta by weighted least squares with weights
 * 1 / (A + D_i).  The shrunk estimate is
 *
 *	  theta~_i = theta_i - B_i (theta_i - x_i' beta),  B_i = D_i / (A + D_i)
 *
 * so an item moves toward the group's line by the share of its
 * estimate's variance that is noise: nothing when the items really
 * differ far more than their estimates' noise, all the way when they do
 * not differ at all.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_DISPERSION_SHRINK_H
#define STK_DISPERSION_SHRINK_H

#include "stk_core.h"

/* Fewest items above the number of regression coefficients to shrink at all. */
#define STK_SHRINK_MIN_EXTRA 3

/*
 * Shrink theta[0..n-1] (finite) with sampling variances d[0..n-1]
 * (finite, > 0) toward the weighted least-squares line on the covariate
 * x[0..n-1] (finite; NULL: toward the weighted mean) into out[0..n-1]
 * (may be theta).  *between gets A (may be NULL).  With fewer than p +
 * STK_SHRINK_MIN_EXTRA items, or a covariate without spread, out =
 * theta (A = NaN).  STK_EINVAL for a bad argument, STK_ENOMEM.
 */
extern StkStatus stk_shrink_fay_herriot(const double *theta, const double *d,
										const double *x, int n,
										const StkAllocator *a, double *out,
										double *between);

#endif							/* STK_DISPERSION_SHRINK_H */
