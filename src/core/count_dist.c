/*-------------------------------------------------------------------------
 *
 * count_dist.c
 *	  Poisson, negative binomial and compound Bernoulli predictive
 *	  distributions, their window sums, quantiles and loss function.
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "count_dist.h"
#include "demand_class.h"
#include "quantiles.h"

/* R's fuzz for discrete quantiles: F(x) >= p (1 - 64 eps) counts as >= p */
#define LEVEL_FUZZ (1 - 64 * DBL_EPSILON)

/* Largest quantile searched for; far beyond any shelf. */
#define MAX_QUANTILE 2147483647.0

/*
 * Work between two looks at stk_interrupted(): support points of a cdf or
 * pdf walk (a GSL call each), multiply-adds of a convolution; about a
 * millisecond either way.
 */
#define CHECK_POINTS 4096
#define CHECK_MULADDS (1 << 20)

static void
count_dist_zero(StkCountDist *d)
{
	memset(d, 0, sizeof(*d));
	d->family = STK_COUNT_FAMILY_POISSON;
}

StkStatus
stk_count_poisson(double mean, StkCountDist *d)
{
	count_dist_zero(d);
	if (isnan(mean) || isinf(mean))
		return STK_ENONFINITE;
	if (mean < 0)
		return STK_EINVAL;
	d->mean = d->var = mean;
	return STK_OK;
}

StkStatus
stk_count_negbin(double mean, double var, StkCountDist *d)
{
	count_dist_zero(d);
	if (!isfinite(mean) || !isfinite(var))
		return STK_ENONFINITE;
	if (mean < 0 || var < 0)
		return STK_EINVAL;

	/*
	 * Not over-dispersed (or no demand): the negative binomial does not
	 * exist, and the Poisson is its limit as r grows.
	 */
	if (mean == 0 || var <= mean)
		return stk_count_poisson(mean, d);
	d->family = STK_COUNT_FAMILY_NEGBIN;
	d->mean = mean;
	d->var = var;
	d->nb_prob = mean / var;
	d->nb_size = mean * mean / (var - mean);
	return STK_OK;
}

/* Fill the Bernoulli fields from a size pmf already in d. */
static void
bernoulli_finish(StkCountDist *d, double mean)
{
	double		ez = 0,
				ez2 = 0;

	for (int j = 1; j < d->nsize; j++)
	{
		ez += j * d->size_pmf[j];
		ez2 += (double) j * j * d->size_pmf[j];
	}
	d->family = STK_COUNT_FAMILY_BERNOULLI;
	d->size_mean = ez;
	d->prob = ez > 0 ? fmin(1.0, mean / ez) : 0;
	d->mean = d->prob * ez;
	d->var = d->prob * ez2 - d->mean * d->mean;
	if (d->var < 0)
		d->var = 0;
}

StkStatus
stk_count_bernoulli_spoisson(double mean, double size_mean,
							 const StkAllocator *a, StkCountDist *d)
{
	double		lambda,
				sum = 0;
	int			len;

	count_dist_zero(d);
	if (!isfinite(mean) || !isfinite(size_mean))
		return STK_ENONFINITE;
	if (mean < 0)
		return STK_EINVAL;
	/* sizes are counts of at least one unit */
	lambda = size_mean > 1 ? size_mean - 1 : 0;
	if (lambda > STK_COUNT_MAX_SUPPORT / 2)
		return STK_ETOOBIG;

	/*
	 * support of 1 + Poisson(lambda) up to where its tail is negligible:
	 * millions of cdf calls for a lambda near the bound
	 */
	len = 2;
	while (len < STK_COUNT_MAX_SUPPORT &&
		   gsl_cdf_poisson_Q((unsigned int) (len - 2), lambda) > 1e-16)
	{
		len++;
		if (len % CHECK_POINTS == 0 && stk_interrupted())
			return STK_ECANCELED;
	}
	d->size_pmf = stk_alloc(a, sizeof(double) * len);
	if (d->size_pmf == NULL)
		return STK_ENOMEM;
	d->nsize = len;
	d->size_pmf[0] = 0;
	for (int j = 1; j < len; j++)
	{
		/* GSL's pdf is NaN at lambda = 0 (0 log 0); the size is then 1 */
		if (lambda > 0)
			d->size_pmf[j] = gsl_ran_poisson_pdf((unsigned int) (j - 1), lambda);
		else
			d->size_pmf[j] = j == 1 ? 1 : 0;
		sum += d->size_pmf[j];
	}
	/* renormalise the cut tail away, so E[Z] stays 1 + lambda to 1e-16 */
	for (int j = 1; j < len; j++)
		d->size_pmf[j] /= sum;
	bernoulli_finish(d, mean);
	return STK_OK;
}

StkStatus
stk_count_bernoulli_empirical(double mean, const double *y, int n,
							  const StkAllocator *a, StkCountDist *d)
{
	double		zmax = 0;
	int			nz = 0;

	count_dist_zero(d);
	if (!isfinite(mean))
		return STK_ENONFINITE;
	if (mean < 0 || y == NULL || n < 1)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
	{
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
		if (y[t] < 0)
			return STK_EINVAL;
		if (y[t] > 0)
		{
			nz++;
			zmax = fmax(zmax, fmax(1.0, round(y[t])));
		}
	}
	if (nz == 0)
		return mean == 0 ? stk_count_poisson(0, d) : STK_EINVAL;
	if (zmax >= STK_COUNT_MAX_SUPPORT)
		return STK_ETOOBIG;
	d->nsize = (int) zmax + 1;
	d->size_pmf = stk_alloc(a, sizeof(double) * d->nsize);
	if (d->size_pmf == NULL)
		return STK_ENOMEM;
	memset(d->size_pmf, 0, sizeof(double) * d->nsize);
	for (int t = 0; t < n; t++)
		if (y[t] > 0)
			d->size_pmf[(int) fmax(1.0, round(y[t]))] += 1.0 / nz;
	bernoulli_finish(d, mean);
	return STK_OK;
}

StkStatus
stk_count_bernoulli_geometric_tail(StkCountDist *d, double level,
								   const StkAllocator *a)
{
	double		cdf = 0.0,
				tail = 0.0,
				excess = 0.0,
				q,
				*pmf;
	int			u,
				len;

	if (!(level > 0.0 && level < 1.0))
		return STK_EINVAL;
	if (d->family != STK_COUNT_FAMILY_BERNOULLI || d->nsize < 3)
		return STK_OK;
	/* u: the sizes' level-quantile */
	for (u = 1; u < d->nsize - 1; u++)
	{
		cdf += d->size_pmf[u];
		if (cdf >= level * (1.0 - 64 * DBL_EPSILON))
			break;
	}
	for (int j = u + 1; j < d->nsize; j++)
	{
		tail += d->size_pmf[j];
		excess += (j - u) * d->size_pmf[j];
	}
	/* nothing above u, or every size above it is u + 1: nothing to do */
	if (!(tail > 0.0) || !(excess / tail > 1.0 + 1e-12))
		return STK_OK;
	q = tail / excess;

	/*
	 * The geometric up to u + STK_COUNT_GEO_SPAN mean excesses (the
	 * window convolution's cost grows with the square of the sizes'
	 * support), and what it has beyond, a mass tail (1 - q)^(K - u), at
	 * its mean K + 1/q (the geometric has no memory), split between the
	 * two whole sizes around it: the mass and the mean stay exact.
	 */
	{
		int			k = u + (int) ceil(STK_COUNT_GEO_SPAN / q);
		double		rest,
					at,
					hi;

		at = k + 1.0 / q;
		len = (int) ceil(at) + 1;
		if (len >= STK_COUNT_MAX_SUPPORT)
			return STK_ETOOBIG;
		pmf = stk_alloc(a, sizeof(double) * len);
		if (pmf == NULL)
			return STK_ENOMEM;
		memset(pmf, 0, sizeof(double) * len);
		memcpy(pmf, d->size_pmf, sizeof(double) * (u + 1));
		for (int j = u + 1; j <= k; j++)
			pmf[j] = tail * q * pow(1.0 - q, j - u - 1);
		rest = tail * pow(1.0 - q, k - u);
		hi = at - floor(at);
		pmf[(int) floor(at)] += rest * (1.0 - hi);
		if (hi > 0.0)
			pmf[(int) ceil(at)] += rest * hi;
	}
	stk_free(a, d->size_pmf);
	d->size_pmf = pmf;
	d->nsize = len;
	bernoulli_finish(d, d->mean);
	return STK_OK;
}

void
stk_count_dist_free(StkCountDist *d, const StkAllocator *a)
{
	stk_free(a, d->size_pmf);
	d->size_pmf = NULL;
	d->nsize = 0;
}

StkStatus
stk_count_dist_fit(const double *y, int n, double mean, double size_mean,
				   double sigma2, StkCountKind kind, const StkAllocator *a,
				   StkCountDist *d)
{
	StkDemandStats ds;
	StkStatus	st;
	double		vmr;

	count_dist_zero(d);
	if ((st = stk_demand_classify(y, n, &ds)) != STK_OK)
		return st;
	if (!isfinite(mean))
		return STK_ENONFINITE;
	if (mean < 0)
		return STK_EINVAL;
	if (ds.nonzero == 0 || mean == 0)
		return stk_count_poisson(0, d);

	vmr = ds.var / ds.mean;
	switch (kind)
	{
		case STK_COUNT_AUTO:
			if (vmr <= STK_COUNT_POISSON_VMR)
				return stk_count_poisson(mean, d);
			return stk_count_negbin(mean, vmr * mean, d);
		case STK_COUNT_POISSON:
			return stk_count_poisson(mean, d);
		case STK_COUNT_NB_EMPIRICAL:
			return stk_count_negbin(mean, vmr * mean, d);
		case STK_COUNT_NB_RESIDUAL:
			return stk_count_negbin(mean, sigma2, d);
		case STK_COUNT_BERN_SPOISSON:
			return stk_count_bernoulli_spoisson(mean,
												isnan(size_mean) ? ds.mean_size : size_mean,
												a, d);
		case STK_COUNT_BERN_EMPIRICAL:
			return stk_count_bernoulli_empirical(mean, y, n, a, d);
	}
	return STK_EINVAL;
}

/* Validate a window: k >= 1, step means finite and >= 0. */
static StkStatus
check_window(const StkCountDist *d, const double *step_mean, int k)
{
	if (d == NULL || k < 1)
		return STK_EINVAL;
	if (d->family == STK_COUNT_FAMILY_BERNOULLI && d->size_pmf == NULL)
		return STK_EINVAL;
	if (step_mean)
	{
		for (int i = 0; i < k; i++)
		{
			if (!isfinite(step_mean[i]))
				return STK_ENONFINITE;
			if (step_mean[i] < 0)
				return STK_EINVAL;
		}
	}
	return STK_OK;
}

static inline double
step_mu(const StkCountDist *d, const double *step_mean, int i)
{
	return step_mean ? step_mean[i] : d->mean;
}

/* Bernoulli probability of a step: pi_i = mu_i / E[Z], at most 1. */
static inline double
step_prob(const StkCountDist *d, const double *step_mean, int i)
{
	if (step_mean == NULL)
		return d->prob;
	return d->size_mean > 0 ? fmin(1.0, step_mean[i] / d->size_mean) : 0;
}

/*
 * Parameter of the closed-form window sum: Poisson total mean, or NB total
 * size (same p).
 */
static double
window_param(const StkCountDist *d, const double *step_mean, int k)
{
	double		total = 0;

	for (int i = 0; i < k; i++)
		total += step_mu(d, step_mean, i);
	if (d->family == STK_COUNT_FAMILY_NEGBIN)
		return total * d->nb_prob / (1 - d->nb_prob);
	return total;
}

StkStatus
stk_count_window_moments(const StkCountDist *d, const double *step_mean, int k,
						 double *mean, double *var)
{
	StkStatus	st;
	double		m = 0,
				v = 0,
				ez2 = 0;

	if ((st = check_window(d, step_mean, k)) != STK_OK)
		return st;
	if (d->family == STK_COUNT_FAMILY_BERNOULLI)
	{
		for (int j = 1; j < d->nsize; j++)
			ez2 += (double) j * j * d->size_pmf[j];
	}
	for (int i = 0; i < k; i++)
	{
		double		mu = step_mu(d, step_mean, i);

		switch (d->family)
		{
			case STK_COUNT_FAMILY_POISSON:
				m += mu;
				v += mu;
				break;
			case STK_COUNT_FAMILY_NEGBIN:
				m += mu;
				v += mu / d->nb_prob;
				break;
			case STK_COUNT_FAMILY_BERNOULLI:
				{
					double		pi = step_prob(d, step_mean, i);

					m += pi * d->size_mean;
					v += pi * ez2 - pi * pi * d->size_mean * d->size_mean;
				}
				break;
		}
	}
	*mean = m;
	*var = v;
	return STK_OK;
}

/* cdf of the closed-form families at integer x >= 0 */
static double
closed_cdf(const StkCountDist *d, double param, double x)
{
	if (param <= 0)
		return 1;
	if (d->family == STK_COUNT_FAMILY_NEGBIN)
		return gsl_cdf_negative_binomial_P((unsigned int) x, d->nb_prob, param);
	return gsl_cdf_poisson_P((unsigned int) x, param);
}

static double
closed_sf(const StkCountDist *d, double param, double x)
{
	if (param <= 0)
		return 0;
	if (d->family == STK_COUNT_FAMILY_NEGBIN)
		return gsl_cdf_negative_binomial_Q((unsigned int) x, d->nb_prob, param);
	return gsl_cdf_poisson_Q((unsigned int) x, param);
}

static double
closed_pdf(const StkCountDist *d, double param, double x)
{
	if (param <= 0)
		return x == 0 ? 1 : 0;
	if (d->family == STK_COUNT_FAMILY_NEGBIN)
		return gsl_ran_negative_binomial_pdf((unsigned int) x, d->nb_prob, param);
	return gsl_ran_poisson_pdf((unsigned int) x, param);
}

/* Smallest integer x >= 0 with F(x) >= target, by doubling then bisection. */
static StkStatus
closed_quantile(const StkCountDist *d, double param, double mean, double var,
				double target, double *out)
{
	double		lo = -1,
				hi = fmax(1.0, ceil(mean + 4 * sqrt(var)));

	if (param <= 0)
	{
		*out = 0;
		return STK_OK;
	}
	/*
	 * Far in the tail F(x) can stall a few ulps below 1 (GSL's negative
	 * binomial cdf with a large size parameter), so the search for an
	 * upper end also stops where the survival function, which keeps its
	 * relative precision there, has fallen to 1 - target.
	 */
	while (closed_cdf(d, param, hi) < target &&
		   closed_sf(d, param, hi) > 1.0 - target)
	{
		lo = hi;
		hi *= 2;
		if (hi > MAX_QUANTILE)
			return STK_ETOOBIG;
	}
	/* invariant: F(lo) < target <= F(hi), with F(-1) = 0 */
	while (hi - lo > 1)
	{
		double		mid = floor((lo + hi) / 2);

		if (closed_cdf(d, param, mid) >= target)
			hi = mid;
		else
			lo = mid;
	}
	*out = hi;
	return STK_OK;
}

/* Grow a buffer to at least len doubles. */
static StkStatus
reserve(const StkAllocator *a, double **buf, int *cap, int len)
{
	double	   *p;
	int			ncap;

	if (len <= *cap)
		return STK_OK;
	if (len > STK_COUNT_MAX_SUPPORT)
		return STK_ETOOBIG;
	ncap = *cap > 0 ? *cap : 64;
	while (ncap < len)
		ncap = ncap > STK_COUNT_MAX_SUPPORT / 2 ? STK_COUNT_MAX_SUPPORT : ncap * 2;
	p = *buf ? stk_realloc(a, *buf, sizeof(double) * ncap)
		: stk_alloc(a, sizeof(double) * ncap);
	if (p == NULL)
		return STK_ENOMEM;
	*buf = p;
	*cap = ncap;
	return STK_OK;
}

/*
 * Convolution of the per-step compound Bernoulli pmfs.  The tail budget is
 * split evenly between the steps, so the total mass dropped is at most
 * tail.  One step costs len x nsize multiply-adds, up to 10^12 for long
 * supports, so stk_interrupted() is looked at every CHECK_MULADDS of them
 * (and at every step).
 */
static StkStatus
bernoulli_window_pmf(const StkCountDist *d, const double *step_mean, int k,
					 double tail, const StkAllocator *a,
					 double **pmf_out, int *len_out)
{
	double	   *cur = NULL,
			   *nxt = NULL;
	int			ccap = 0,
				ncap = 0,
				len = 1;
	double		budget = tail / k;
	long		work = 0;
	StkStatus	st;

	if ((st = reserve(a, &cur, &ccap, 1)) != STK_OK)
		return st;
	cur[0] = 1;
	for (int i = 0; i < k; i++)
	{
		double		pi = step_prob(d, step_mean, i);
		int			nlen = len + d->nsize - 1;
		double		dropped = 0;
		double	   *tmp;
		int			tcap;

		if (stk_interrupted())
		{
			st = STK_ECANCELED;
			goto fail;
		}
		if (pi <= 0)
			continue;
		if ((st = reserve(a, &nxt, &ncap, nlen)) != STK_OK)
			goto fail;
		memset(nxt, 0, sizeof(double) * nlen);
		for (int x = 0; x < len; x++)
		{
			double		c = cur[x];
			double		cp = c * pi;

			if (c == 0)
				continue;
			nxt[x] += c * (1 - pi);
			for (int j = 1; j < d->nsize; j++)
				nxt[x + j] += cp * d->size_pmf[j];
			work += d->nsize;
			if (work >= CHECK_MULADDS)
			{
				work = 0;
				if (stk_interrupted())
				{
					st = STK_ECANCELED;
					goto fail;
				}
			}
		}
		/* drop the top of the support while its mass fits the budget */
		while (nlen > 1 && dropped + nxt[nlen - 1] <= budget)
			dropped += nxt[--nlen];
		tmp = cur;
		cur = nxt;
		nxt = tmp;
		tcap = ccap;
		ccap = ncap;
		ncap = tcap;
		len = nlen;
	}
	stk_free(a, nxt);
	*pmf_out = cur;
	*len_out = len;
	return STK_OK;

fail:
	stk_free(a, cur);
	stk_free(a, nxt);
	return st;
}

StkStatus
stk_count_window_pmf(const StkCountDist *d, const double *step_mean, int k,
					 double tail, const StkAllocator *a,
					 double **pmf_out, int *len_out)
{
	StkStatus	st;
	double		param,
				wmean,
				cum = 0;
	double	   *pmf = NULL;
	int			cap = 0,
				len = 0;

	*pmf_out = NULL;
	*len_out = 0;
	if ((st = check_window(d, step_mean, k)) != STK_OK)
		return st;
	if (!(tail > 0))
		tail = STK_COUNT_TAIL;
	if (d->family == STK_COUNT_FAMILY_BERNOULLI)
		return bernoulli_window_pmf(d, step_mean, k, tail, a, pmf_out, len_out);

	param = window_param(d, step_mean, k);
	wmean = d->family == STK_COUNT_FAMILY_NEGBIN
		? param * (1 - d->nb_prob) / d->nb_prob : param;
	for (;;)
	{
		double		f = closed_pdf(d, param, len);

		if ((st = reserve(a, &pmf, &cap, len + 1)) != STK_OK)
		{
			stk_free(a, pmf);
			return st;
		}
		pmf[len++] = f;
		cum += f;

		/*
		 * The running sum says when the tail is about to be small enough;
		 * the survival function, exact to the last digits, decides.  With
		 * a large negative binomial size the pdfs can sum to a few ulps
		 * short of 1 - 2 tail: past the mean, a pdf below the tail budget
		 * lets the survival function decide too.
		 */
		if ((cum >= 1 - 2 * tail || (len - 1 > wmean && f < tail)) &&
			closed_sf(d, param, len - 1) <= tail)
			break;
		/* up to STK_COUNT_MAX_SUPPORT pdf calls */
		if (len % CHECK_POINTS == 0 && stk_interrupted())
		{
			stk_free(a, pmf);
			return STK_ECANCELED;
		}
	}
	*pmf_out = pmf;
	*len_out = len;
	return STK_OK;
}

void
stk_count_pmf_cdf(const double *pmf, int len, double *cdf)
{
	double		c = 0;

	for (int x = 0; x < len; x++)
	{
		c += pmf[x];
		cdf[x] = c > 1 ? 1 : c;
	}
}

StkStatus
stk_count_window_quantiles(const StkCountDist *d, const double *step_mean, int k,
						   const double *levels, int nlevels,
						   const StkAllocator *a, double *out)
{
	StkStatus	st;

	if ((st = check_window(d, step_mean, k)) != STK_OK)
		return st;
	if ((st = stk_validate_levels(levels, nlevels)) != STK_OK)
		return st;

	if (d->family == STK_COUNT_FAMILY_BERNOULLI)
	{
		double	   *pmf;
		int			len,
					x = 0;
		double		c;

		if ((st = stk_count_window_pmf(d, step_mean, k, 0, a, &pmf, &len)) != STK_OK)
			return st;
		c = pmf[0];
		/* levels are sorted, so one pass up the cdf serves them all */
		for (int j = 0; j < nlevels; j++)
		{
			double		target = levels[j] * LEVEL_FUZZ;

			while (c < target && x < len - 1)
				c += pmf[++x];
			out[j] = x;
		}
		stk_free(a, pmf);
	}
	else
	{
		double		param = window_param(d, step_mean, k);
		double		m,
					v;

		if ((st = stk_count_window_moments(d, step_mean, k, &m, &v)) != STK_OK)
			return st;
		for (int j = 0; j < nlevels; j++)
		{
			st = closed_quantile(d, param, m, v, levels[j] * LEVEL_FUZZ, &out[j]);
			if (st != STK_OK)
				return st;
			/* bisection per level is monotone already; keep it certain */
			if (j > 0 && out[j] < out[j - 1])
				out[j] = out[j - 1];
		}
	}
	return STK_OK;
}

StkStatus
stk_count_step_quantiles(const StkCountDist *d, const double *step_mean,
						 int horizon, const double *levels, int nlevels,
						 const StkAllocator *a, double *out)
{
	StkStatus	st;

	if (horizon < 1)
		return STK_EINVAL;
	for (int h = 0; h < horizon; h++)
	{
		/* equal consecutive means (the flat forecasts) give equal rows */
		if (h > 0 && (step_mean == NULL || step_mean[h] == step_mean[h - 1]))
		{
			memcpy(out + (size_t) h * nlevels, out + (size_t) (h - 1) * nlevels,
				   sizeof(double) * nlevels);
			continue;
		}
		st = stk_count_window_quantiles(d, step_mean ? step_mean + h : NULL, 1,
										levels, nlevels, a,
										out + (size_t) h * nlevels);
		if (st != STK_OK)
			return st;
	}
	return STK_OK;
}
