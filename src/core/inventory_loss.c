/*-------------------------------------------------------------------------
 *
 * inventory_loss.c
 *	  Loss functions of demand distributions (normal, Poisson, negative
 *	  binomial, gamma, geometric, arbitrary pmf) and the inverse of the
 *	  standard normal loss.
 *
 * Formulas: shared/reference/inventory.md section 2.4 (Zipkin 2000;
 * Snyder & Shen 2019, appendix C).  Numerical care:
 *
 * - 1 - F(x) is never formed as 1 - cdf: GSL's upper-tail Q functions keep
 *   the relative precision of small tails.
 * - The closed forms of the discrete losses, e.g. Poisson
 *   n(x) = (mu - x)(1 - F(x)) + mu f(x), add two non-negative terms while
 *   x <= mean but subtract nearly equal ones above the mean, where the
 *   loss is small.  There we sum the tail sum_{k > x} (k - x) f(k)
 *   directly (all terms positive, pmf by its ratio recurrence), and
 *   symmetrically the complement sum_{k < x} (x - k) f(k) below the mean.
 *   Both sums stop once the remaining geometric tail is below 1e-17 of the
 *   sum, so they cost O(sd) terms, not O(x).  A sum whose terms do not fall
 *   off (a negative binomial with r <= 1 is flattest at 0; a tiny p) stops
 *   after STK_LOSS_MAX_TERMS terms and takes the closed form, which is
 *   accurate there: the loss and its complement are then both large.  The
 *   complement is only summed when the caller asks for it.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>

#include "inventory_loss.h"

/* Discrete levels must fit GSL's unsigned int arguments. */
#define STK_LOSS_MAX_LEVEL 2.0e9

/* Cap on tail-sum terms before falling back to the closed form. */
#define STK_LOSS_MAX_TERMS 10000000L

/* Terms summed between two looks at stk_interrupted() (well under 1 ms). */
#define STK_LOSS_CHECK_TERMS 4096

/* Tolerated deviation of a pmf's total mass from 1. */
#define STK_PMF_MASS_TOL 1e-6

static inline StkStatus
check_finite(double v)
{
	return isfinite(v) ? STK_OK : STK_ENONFINITE;
}

/* ---------------------------------------------------------------------
 * Standard normal loss
 * --------------------------------------------------------------------- */

double
stk_std_normal_loss(double z)
{
	/*
	 * G(z) = phi(z) - z Q(z).  For z <= 0 both terms are non-negative; for
	 * large positive z they nearly cancel (G ~ phi/z^2), which costs about
	 * z^2 ulps: 1e-14 relative at z = 8, beyond any service level we use.
	 */
	return gsl_ran_ugaussian_pdf(z) - z * gsl_cdf_ugaussian_Q(z);
}

double
stk_std_normal_loss_complement(double z)
{
	/* Gbar(z) = E[(z - Z)+] = G(-z) by symmetry, without the cancellation of G(z) + z. */
	return stk_std_normal_loss(-z);
}

double
stk_std_normal_loss2(double z)
{
	/* 1/2 int_z^inf (t - z)^2 phi(t) dt = 1/2 [(1 + z^2) Q(z) - z phi(z)] */
	return 0.5 * ((1.0 + z * z) * gsl_cdf_ugaussian_Q(z) -
				  z * gsl_ran_ugaussian_pdf(z));
}

typedef struct LossTarget
{
	double		target;
} LossTarget;

static double
loss_minus_target(double z, void *params)
{
	return stk_std_normal_loss(z) - ((LossTarget *) params)->target;
}

StkStatus
stk_inv_root_brent(double (*f) (double x, void *params), void *params,
				   double lo, double hi, double epsabs, double epsrel,
				   double *root)
{
	gsl_function fn;
	gsl_root_fsolver solver;
	const gsl_root_fsolver_type *type = gsl_root_fsolver_brent;

	/*
	 * The solver's state lives on the stack: the core allocates only
	 * through a caller's allocator, and the root finder runs inside search
	 * loops, so gsl_root_fsolver_alloc (malloc) is avoided by filling in
	 * GSL's public solver struct ourselves.
	 */
	double		state[64];
	int			iter;
	int			gs;

	if (type->size > sizeof(state))
		return STK_ENOMEM;
	fn.function = f;
	fn.params = params;
	solver.type = type;
	solver.state = state;
	gs = gsl_root_fsolver_set(&solver, &fn, lo, hi);
	if (gs != GSL_SUCCESS)
		return STK_ENOCONV;		/* includes a bracket without a sign change */

	for (iter = 0; iter < 300; iter++)
	{
		gs = gsl_root_fsolver_iterate(&solver);
		if (gs != GSL_SUCCESS)
			return STK_ENOCONV;
		lo = gsl_root_fsolver_x_lower(&solver);
		hi = gsl_root_fsolver_x_upper(&solver);
		if (gsl_root_test_interval(lo, hi, epsabs, epsrel) == GSL_SUCCESS)
		{
			*root = gsl_root_fsolver_root(&solver);
			return STK_OK;
		}
	}
	return STK_ENOCONV;
}

StkStatus
stk_std_normal_loss_inverse(double target, double *z)
{
	LossTarget	lt;
	double		lo,
				hi;

	if (z == NULL)
		return STK_EINVAL;
	if (check_finite(target) != STK_OK)
		return STK_ENONFINITE;
	if (!(target > 0.0))
		return STK_EINVAL;

	/*
	 * Bracket.  G(z) > -z everywhere, so G(-target - 1) > target.  For
	 * z <= 0, G(z) = -z + G(-z) <= -z + phi(0) < -z + 0.4, so for target > 1
	 * the root lies below 0.5 - target; otherwise below 40, where G has
	 * underflowed to 0.
	 */
	lo = -target - 1.0;
	hi = (target > 1.0) ? 0.5 - target : 40.0;
	lt.target = target;
	return stk_inv_root_brent(loss_minus_target, &lt, lo, hi, 1e-15, 1e-15, z);
}

StkStatus
stk_normal_loss(double x, double mean, double sd, double *loss,
				double *complement)
{
	if (check_finite(x) || check_finite(mean) || check_finite(sd))
		return STK_ENONFINITE;
	if (sd < 0.0 || loss == NULL)
		return STK_EINVAL;
	if (sd == 0.0)
	{
		/* point mass at the mean */
		*loss = fmax(mean - x, 0.0);
		if (complement)
			*complement = fmax(x - mean, 0.0);
		return STK_OK;
	}
	*loss = sd * stk_std_normal_loss((x - mean) / sd);
	if (complement)
		*complement = sd * stk_std_normal_loss_complement((x - mean) / sd);
	return STK_OK;
}

StkStatus
stk_normal_loss2(double x, double mean, double sd, double *loss2)
{
	if (check_finite(x) || check_finite(mean) || check_finite(sd))
		return STK_ENONFINITE;
	if (sd < 0.0 || loss2 == NULL)
		return STK_EINVAL;
	if (sd == 0.0)
	{
		double		d = fmax(mean - x, 0.0);

		*loss2 = 0.5 * d * d;
		return STK_OK;
	}
	*loss2 = sd * sd * stk_std_normal_loss2((x - mean) / sd);
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Poisson and negative binomial
 * --------------------------------------------------------------------- */

typedef enum
{
	DD_POISSON,
	DD_NEGBIN
} DiscreteFamily;

typedef struct DiscreteDist
{
	DiscreteFamily family;
	double		mu;				/* Poisson mean */
	double		r;				/* NB size */
	double		p;				/* NB success probability */
	double		mean;
} DiscreteDist;

static double
dd_pmf(const DiscreteDist *d, unsigned int k)
{
	if (d->family == DD_POISSON)
		return gsl_ran_poisson_pdf(k, d->mu);
	return gsl_ran_negative_binomial_pdf(k, d->p, d->r);
}

/* P(X > k) */
static double
dd_upper(const DiscreteDist *d, unsigned int k)
{
	if (d->family == DD_POISSON)
		return gsl_cdf_poisson_Q(k, d->mu);
	return gsl_cdf_negative_binomial_Q(k, d->p, d->r);
}

/* f(k + 1) / f(k) */
static inline double
dd_ratio_up(const DiscreteDist *d, double k)
{
	if (d->family == DD_POISSON)
		return d->mu / (k + 1.0);
	return (k + d->r) * (1.0 - d->p) / (k + 1.0);
}

/* f(k - 1) / f(k), k >= 1 */
static inline double
dd_ratio_down(const DiscreteDist *d, double k)
{
	if (d->family == DD_POISSON)
		return k / d->mu;
	return k / ((k - 1.0 + d->r) * (1.0 - d->p));
}

/*
 * Closed-form n(x) at an integer x (Zipkin 2000; reference 2.4):
 * Poisson  n(x) = (mu - x)(1 - F(x)) + mu f(x),
 * NB       n(x) = -(x - r b)(1 - F(x)) + (x + r) b f(x),  b = (1-p)/p.
 */
static double
dd_loss_closed(const DiscreteDist *d, double x)
{
	unsigned int k = (unsigned int) x;

	if (d->family == DD_POISSON)
		return (d->mu - x) * dd_upper(d, k) + d->mu * dd_pmf(d, k);
	else
	{
		double		b = (1.0 - d->p) / d->p;

		return -(x - d->r * b) * dd_upper(d, k) + (x + d->r) * b * dd_pmf(d, k);
	}
}

/*
 * n(x) = sum_{k > x} (k - x) f(k) at an integer x above the mean.
 * STK_ECANCELED when stk_interrupted() says so.
 */
static StkStatus
dd_loss_tail(const DiscreteDist *d, double x, double *loss)
{
	double		k = x + 1.0;
	double		f = dd_pmf(d, (unsigned int) k);
	double		sum = 0.0;
	long		i;

	for (i = 0; i < STK_LOSS_MAX_TERMS; i++)
	{
		double		term = (k - x) * f;
		double		ratio;

		sum += term;
		ratio = dd_ratio_up(d, k) * (k + 1.0 - x) / (k - x);
		if (term == 0.0 ||
			(ratio < 1.0 && term < 1e-17 * (1.0 - ratio) * sum))
		{
			*loss = sum;
			return STK_OK;
		}
		f *= dd_ratio_up(d, k);
		k += 1.0;
		if ((i + 1) % STK_LOSS_CHECK_TERMS == 0 && stk_interrupted())
			return STK_ECANCELED;
	}
	/* extremely flat tail (tiny p): accept the closed form's rounding */
	*loss = dd_loss_closed(d, x);
	return STK_OK;
}

/*
 * nbar(x) = sum_{k < x} (x - k) f(k) at an integer x below the mean, loss
 * n(x).  A head that does not fall off geometrically (a negative binomial
 * with r <= 1 never does) is not walked down all of its x terms: after
 * STK_LOSS_MAX_TERMS of them nbar = n(x) + x - mean, whose rounding is
 * small beside an nbar that large.  STK_ECANCELED when stk_interrupted()
 * says so.
 */
static StkStatus
dd_complement_head(const DiscreteDist *d, double x, double loss, double *comp)
{
	double		k = x - 1.0;
	double		f;
	double		sum = 0.0;
	long		i;

	if (k < 0.0)
	{
		*comp = 0.0;
		return STK_OK;
	}
	f = dd_pmf(d, (unsigned int) k);
	for (i = 0; i < STK_LOSS_MAX_TERMS; i++)
	{
		double		term = (x - k) * f;
		double		ratio;

		sum += term;
		if (k < 0.5)
			break;
		ratio = dd_ratio_down(d, k) * (x - k + 1.0) / (x - k);
		if (term == 0.0 ||
			(ratio < 1.0 && term < 1e-17 * (1.0 - ratio) * sum))
			break;
		f *= dd_ratio_down(d, k);
		k -= 1.0;
		if ((i + 1) % STK_LOSS_CHECK_TERMS == 0 && stk_interrupted())
			return STK_ECANCELED;
	}
	*comp = i < STK_LOSS_MAX_TERMS ? sum : loss + x - d->mean;
	return STK_OK;
}

/*
 * Loss and, when comp is not NULL, its complement at an integer x >= 0.
 * Below the mean the complement costs a sum of up to STK_LOSS_MAX_TERMS
 * terms, so it is only formed when asked for.
 */
static StkStatus
dd_loss_at(const DiscreteDist *d, double x, double *loss, double *comp)
{
	StkStatus	st;

	if (x <= d->mean)
	{
		*loss = dd_loss_closed(d, x);
		if (comp)
			return dd_complement_head(d, x, *loss, comp);
		return STK_OK;
	}
	if ((st = dd_loss_tail(d, x, loss)) != STK_OK)
		return st;
	if (comp)
		*comp = *loss + x - d->mean;
	return STK_OK;
}

/* Loss of a discrete distribution at a real x: exact piecewise-linear interpolation. */
static StkStatus
dd_loss(const DiscreteDist *d, double x, double *loss, double *complement)
{
	double		x0,
				frac,
				n0,
				c0 = 0.0;
	StkStatus	st;

	if (x > STK_LOSS_MAX_LEVEL)
		return STK_EINVAL;
	if (d->mean == 0.0 || x <= 0.0)
	{
		/* X >= 0, so below 0 the shortage is every unit plus the deficit */
		if (d->mean == 0.0 && x > 0.0)
		{
			*loss = 0.0;
			if (complement)
				*complement = x;
			return STK_OK;
		}
		*loss = d->mean - x;
		if (complement)
			*complement = 0.0;
		return STK_OK;
	}
	x0 = floor(x);
	frac = x - x0;
	if ((st = dd_loss_at(d, x0, &n0, complement ? &c0 : NULL)) != STK_OK)
		return st;
	if (frac > 0.0)
	{
		double		n1,
					c1 = 0.0;

		if ((st = dd_loss_at(d, x0 + 1.0, &n1, complement ? &c1 : NULL)) != STK_OK)
			return st;
		n0 = (1.0 - frac) * n0 + frac * n1;
		c0 = (1.0 - frac) * c0 + frac * c1;
	}
	*loss = fmax(n0, 0.0);
	if (complement)
		*complement = fmax(c0, 0.0);
	return STK_OK;
}

StkStatus
stk_poisson_loss(double x, double mean, double *loss, double *complement)
{
	DiscreteDist d;

	if (check_finite(x) || check_finite(mean))
		return STK_ENONFINITE;
	if (mean < 0.0 || loss == NULL)
		return STK_EINVAL;
	d.family = DD_POISSON;
	d.mu = mean;
	d.r = d.p = 0.0;
	d.mean = mean;
	return dd_loss(&d, x, loss, complement);
}

StkStatus
stk_negbin_loss(double x, double r, double p, double *loss, double *complement)
{
	DiscreteDist d;

	if (check_finite(x) || check_finite(r) || check_finite(p))
		return STK_ENONFINITE;
	if (!(r > 0.0) || !(p > 0.0) || p > 1.0 || loss == NULL)
		return STK_EINVAL;
	d.family = DD_NEGBIN;
	d.mu = 0.0;
	d.r = r;
	d.p = p;
	d.mean = r * (1.0 - p) / p;
	return dd_loss(&d, x, loss, complement);
}

/* ---------------------------------------------------------------------
 * Gamma and geometric
 * --------------------------------------------------------------------- */

StkStatus
stk_gamma_loss(double x, double shape, double scale, double *loss,
			   double *complement)
{
	double		mean;
	double		n;

	if (check_finite(x) || check_finite(shape) || check_finite(scale))
		return STK_ENONFINITE;
	if (!(shape > 0.0) || !(scale > 0.0) || loss == NULL)
		return STK_EINVAL;
	mean = shape * scale;
	if (x <= 0.0)
		n = mean - x;
	else
		/* reference 2.4: n(x) = [(a - x/b)(1 - F(x)) + x f(x)] b */
		n = ((shape - x / scale) * gsl_cdf_gamma_Q(x, shape, scale) +
			 x * gsl_ran_gamma_pdf(x, shape, scale)) * scale;
	*loss = fmax(n, 0.0);
	if (complement)
		*complement = fmax(n + x - mean, 0.0);
	return STK_OK;
}

StkStatus
stk_geometric_loss(double x, double p, double *loss, double *complement)
{
	double		mean;
	double		x0,
				frac,
				n;

	if (check_finite(x) || check_finite(p))
		return STK_ENONFINITE;
	if (!(p > 0.0) || p > 1.0 || loss == NULL)
		return STK_EINVAL;
	mean = 1.0 / p;
	if (x <= 1.0)
		n = mean - x;			/* X >= 1: no truncation below 1 */
	else
	{
		/*
		 * For integer x >= 1, P(X > j) = (1-p)^j, so
		 * n(x) = sum_{j >= x} (1-p)^j = (1-p)^x / p; interpolate between
		 * integers.
		 */
		x0 = floor(x);
		frac = x - x0;
		n = pow(1.0 - p, x0) / p;
		if (frac > 0.0)
			n = (1.0 - frac) * n + frac * pow(1.0 - p, x0 + 1.0) / p;
	}
	*loss = n;
	if (complement)
		*complement = fmax(n + x - mean, 0.0);
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Arbitrary pmf
 * --------------------------------------------------------------------- */

static StkStatus
check_pmf(const double *pmf, int n, double *total)
{
	double		sum = 0.0;
	int			i;

	if (pmf == NULL || n < 1)
		return STK_EINVAL;
	for (i = 0; i < n; i++)
	{
		if (!isfinite(pmf[i]))
			return STK_ENONFINITE;
		if (pmf[i] < 0.0)
			return STK_EINVAL;
		sum += pmf[i];
	}
	if (fabs(sum - 1.0) > STK_PMF_MASS_TOL)
		return STK_EINVAL;
	*total = sum;
	return STK_OK;
}

StkStatus
stk_pmf_loss_table(const double *pmf, int n, double *out)
{
	double		total;
	double		tail = 0.0;
	StkStatus	st;
	int			j;

	if (out == NULL)
		return STK_EINVAL;
	if ((st = check_pmf(pmf, n, &total)) != STK_OK)
		return st;
	out[n] = 0.0;
	for (j = n - 1; j >= 0; j--)
	{
		/* tail = P(X > j), summed from the top */
		out[j] = out[j + 1] + tail;
		tail += pmf[j];
	}
	return STK_OK;
}

/* n and nbar at an integer level x0 (any sign), plus P(X > x0) and F(x0). */
static void
pmf_loss_at(const double *pmf, int n, double total, double x0,
			double *loss, double *comp, double *upper, double *cdf)
{
	double		tail = 0.0,
				l = 0.0,
				head = 0.0,
				c = 0.0;
	int			j;
	int			lo = (x0 < 0.0) ? 0 : (x0 > n ? n : (int) x0);

	/* sum_{j >= x0} P(X > j) over the support, then the linear part below 0 */
	for (j = n - 1; j >= lo; j--)
	{
		l += tail;
		tail += pmf[j];
	}
	/* tail is now P(X > lo - 1) = P(X >= lo) */
	if (x0 < 0.0)
		l += -x0 * total;		/* j = x0..-1 each contribute P(X > j) = total */
	*upper = (x0 < 0.0) ? total : (lo < n ? tail - pmf[lo] : 0.0);

	/* sum_{j < x0} F(j) */
	for (j = 0; j < lo; j++)
	{
		head += pmf[j];
		c += head;
	}
	if (x0 > n)
		c += (x0 - n) * total;
	*cdf = (x0 < 0.0) ? 0.0 : (lo < n ? head + pmf[lo] : total);
	*loss = l;
	*comp = c;
}

StkStatus
stk_pmf_loss(const double *pmf, int n, double x, double *loss,
			 double *complement)
{
	double		total,
				x0,
				frac,
				l,
				c,
				upper,
				cdf;
	StkStatus	st;

	if (loss == NULL)
		return STK_EINVAL;
	if ((st = check_pmf(pmf, n, &total)) != STK_OK)
		return st;
	if (check_finite(x) != STK_OK)
		return STK_ENONFINITE;
	if (fabs(x) > STK_LOSS_MAX_LEVEL)
		return STK_EINVAL;
	x0 = floor(x);
	frac = x - x0;
	pmf_loss_at(pmf, n, total, x0, &l, &c, &upper, &cdf);
	/* n(x0+1) = n(x0) - P(X > x0); nbar(x0+1) = nbar(x0) + F(x0) */
	*loss = l - frac * upper;
	if (complement)
		*complement = c + frac * cdf;
	return STK_OK;
}

StkStatus
stk_pmf_loss2(const double *pmf, int n, double x, double *loss2)
{
	double		total,
				sum = 0.0;
	StkStatus	st;
	int			k;

	if (loss2 == NULL)
		return STK_EINVAL;
	if ((st = check_pmf(pmf, n, &total)) != STK_OK)
		return st;
	if (check_finite(x) != STK_OK)
		return STK_ENONFINITE;
	/* Zipkin's discrete second-order loss 1/2 E[(X-x)+ (X-x-1)+], summed directly */
	for (k = n - 1; k >= 0 && k > x; k--)
		sum += (k - x) * fmax(k - x - 1.0, 0.0) * pmf[k];
	*loss2 = 0.5 * sum;
	return STK_OK;
}
