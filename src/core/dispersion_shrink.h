/*-------------------------------------------------------------------------
 *
 * dispersion_shrink.h
 *	  Empirical-Bayes shrinkage of per-item estimates toward a line over
 *	  the group (the Fay-Herriot model), for the pooled fill-rate mode of
 *	  the stock optimiser: each item's window dispersion is measured on a
 *	  few dozen independent windows, and the pooled allocation of stock
 *	  follows its errors (it stocks up the items whose tail is
 *	  over-estimated).
 *
 * Model.  theta_i = b0 + b1 x_i + u_i, u_i ~ (0, A) the true spread
 * between the items; the estimate is theta_i + e_i, e_i ~ (0, D_i) with
 * D_i known (its sampling variance).  A is estimated by moments (Prasad &
 * Rao 1990): the residual sum of squares of the ordinary least-squares
 * line less the part the sampling variances explain, sum D_i (1 - h_ii),
 * over n - p (p the number of coefficients), at least 0; the line is then
 * refitted by weighted least squares with weights 1 / (A + D_i).  The
 * shrunk estimate is
 *
 *	  theta~_i = theta_i - B_i (theta_i - b0 - b1 x_i),  B_i = D_i / (A + D_i)
 *
 * with posterior variance A B_i: an item moves toward the line by the
 * share of its estimate's variance that is noise, not at all when the
 * items really differ far more than their estimates' noise, all the way
 * when they do not differ beyond it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_DISPERSION_SHRINK_H
#define STK_DISPERSION_SHRINK_H

#include "stk_core.h"

/* Fewest items beyond the number of coefficients to fit a line at all. */
#define STK_SHRINK_MIN_EXTRA 3

/* A fitted line: theta ~ b0 + b1 x, between-item variance A. */
typedef struct StkShrinkLine
{
	bool		fitted;			/* false: too few items, nothing shrinks */
	double		b0;
	double		b1;				/* 0 without a covariate */
	double		between;		/* A >= 0 */
} StkShrinkLine;

/*
 * Fit the line to theta[0..n-1] (finite) with sampling variances
 * d[0..n-1] (finite, > 0) on the covariate x[0..n-1] (finite; NULL: the
 * weighted mean).  With fewer than p + STK_SHRINK_MIN_EXTRA items, or a
 * covariate without spread, line->fitted is false.  STK_EINVAL for a bad
 * argument, STK_ENOMEM.
 */
extern StkStatus stk_shrink_fit(const double *theta, const double *d,
								const double *x, int n, const StkAllocator *a,
								StkShrinkLine *line);

/*
 * The shrunk estimate of theta (sampling variance d > 0, covariate x) and
 * its posterior variance (*post_var, may be NULL); theta itself (variance
 * d) when the line is not fitted.
 */
extern double stk_shrink_apply(const StkShrinkLine *line, double theta,
							   double d, double x, double *post_var);

#endif							/* STK_DISPERSION_SHRINK_H */
