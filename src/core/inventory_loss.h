/*-------------------------------------------------------------------------
 *
 * inventory_loss.h
 *	  Loss functions of demand distributions for inventory policies.
 *
 * The (first-order) loss function of a random demand X at level x is
 * n(x) = E[(X - x)+], the expected shortage when x units are available;
 * its complement is nbar(x) = E[(x - X)+] = n(x) + x - E[X], the expected
 * leftover.  The second-order loss is n2(x) = 1/2 E[((X - x)+)^2] for
 * continuous X and, following Zipkin (2000, "Foundations of Inventory
 * Management", appendix C), n2(x) = 1/2 E[(X - x)+ (X - x - 1)+] for
 * integer X, so that n2(x) = sum_{j > x} n(j).  Formulas and golden values:
 * shared/reference/inventory.md section 2.4 and table 4.1.
 *
 * Discrete distributions live on the non-negative integers; their loss at
 * a non-integer x is still exactly E[(X - x)+] (it is linear between
 * integers, so it is interpolated between floor(x) and ceil(x)).
 *
 * Every function validates its arguments: NaN or infinity gives
 * STK_ENONFINITE, anything else out of range STK_EINVAL.  The complement
 * pointer may be NULL when it is not wanted (the Poisson's and negative
 * binomial's complement below the mean is then not summed at all).  The
 * Poisson and negative binomial losses sum up to millions of terms and
 * return STK_ECANCELED when stk_interrupted() asks them to stop.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_INVENTORY_LOSS_H
#define STK_INVENTORY_LOSS_H

#include "stk_core.h"

/* Standard normal loss G(z) = phi(z) - z (1 - Phi(z)) = E[(Z - z)+]. */
extern double stk_std_normal_loss(double z);

/* Complement Gbar(z) = E[(z - Z)+] = G(z) + z. */
extern double stk_std_normal_loss_complement(double z);

/* Second-order G2(z) = 1/2 E[((Z - z)+)^2] = 1/2 [(1 + z^2)(1 - Phi(z)) - z phi(z)]. */
extern double stk_std_normal_loss2(double z);

/*
 * The z with G(z) = target (target > 0; G is strictly decreasing from
 * +inf to 0), by a bracketed Brent root search.  STK_ENOCONV if the
 * solver fails, which does not happen for finite positive targets.
 */
extern StkStatus stk_std_normal_loss_inverse(double target, double *z);

/*
 * Brent root of f on [lo, hi] (f(lo), f(hi) of opposite signs) to GSL's
 * interval test with epsabs/epsrel; no allocation.  Shared by the policy
 * solvers.  STK_ENOCONV without a sign change or after 300 iterations.
 */
extern StkStatus stk_inv_root_brent(double (*f) (double x, void *params),
									void *params, double lo, double hi,
									double epsabs, double epsrel,
									double *root);

/* Normal N(mean, sd^2): n(x) = sd G((x - mean)/sd); sd = 0 is a point mass. */
extern StkStatus stk_normal_loss(double x, double mean, double sd,
								 double *loss, double *complement);
extern StkStatus stk_normal_loss2(double x, double mean, double sd,
								  double *loss2);

/* Poisson with the given mean (>= 0). */
extern StkStatus stk_poisson_loss(double x, double mean,
								  double *loss, double *complement);

/*
 * Negative binomial: number of failures before the r-th success, success
 * probability p (GSL's and stockpyl's parameterisation); mean r (1-p)/p,
 * variance r (1-p)/p^2.  r > 0 need not be an integer; 0 < p <= 1.
 */
extern StkStatus stk_negbin_loss(double x, double r, double p,
								 double *loss, double *complement);

/*
 * (r, p) from a mean and variance: stk_count_negbin (count_dist.h), the one
 * moment fit of the core (nb_size = mu^2/(var - mu), nb_prob = mu/var).
 */

/* Gamma with shape a > 0 and scale b > 0 (mean a b). */
extern StkStatus stk_gamma_loss(double x, double shape, double scale,
								double *loss, double *complement);

/* Geometric on {1, 2, ...}, P(X = k) = (1-p)^(k-1) p, 0 < p <= 1. */
extern StkStatus stk_geometric_loss(double x, double p,
									double *loss, double *complement);

/*
 * Arbitrary pmf on {0, ..., n-1} (entries >= 0, summing to 1 within 1e-6;
 * the mass is used as given, not renormalised).  O(n).
 */
extern StkStatus stk_pmf_loss(const double *pmf, int n, double x,
							  double *loss, double *complement);
extern StkStatus stk_pmf_loss2(const double *pmf, int n, double x,
							   double *loss2);

/*
 * Loss table of a pmf: out[x] = n(x) for x = 0..n (out has n + 1 entries;
 * out[n] = 0), in one backward pass: n(x) = sum_{j >= x} (1 - F(j)), with
 * 1 - F(j) accumulated from the top so the upper tail keeps its relative
 * precision.
 */
extern StkStatus stk_pmf_loss_table(const double *pmf, int n, double *out);

#endif							/* STK_INVENTORY_LOSS_H */
