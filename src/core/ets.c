/*-------------------------------------------------------------------------
 *
 * ets.c
 *	  Exponential smoothing state-space models: fit, selection, forecast.
 *
 * Written from the model equations of Hyndman, Koehler, Ord & Snyder (2008),
 * "Forecasting with Exponential Smoothing" (HKOS), and of Hyndman &
 * Athanasopoulos, "Forecasting: Principles and Practice".  The choices that
 * make numbers comparable with R's forecast::ets() are those documented for
 * it: the concentrated likelihood, the "usual" parameter bounds plus the
 * admissibility region, AICc with sigma counted as a parameter, and the
 * exclusion of additive error with multiplicative season and of
 * multiplicative components on non-positive data.
 *
 * Error-correction form.  With e_t = y_t - yhat_t (additive one-step error
 * in data units) the state updates do not depend on the error type: for
 * multiplicative errors, alpha*mu*eps = alpha*e and so on.  One recursion per
 * seasonal type therefore serves both error types; only the likelihood
 * differs:
 *	  additive error:		 n log(sum e^2)
 *	  multiplicative error:	 n log(sum (e/yhat)^2) + 2 sum log|yhat|
 * (R reports loglik = -0.5 times that, without constants; so do we.)
 *
 * Optimisation.  GSL's Nelder-Mead (nmsimplex2) over the smoothing
 * parameters and the initial states.  The usual bounds are built into the
 * parametrisation (logistic maps, beta scaled to (lo, alpha), gamma to
 * (lo, 1 - alpha)), so every simplex vertex is feasible for them; the
 * admissibility region (roots of the characteristic polynomial of the
 * discount matrix) is enforced by rejection, using a Schur-Cohn test that
 * costs O(m^2) instead of an eigen-decomposition.  States are optimised in
 * units of the data scale so one simplex size fits all coordinates.
 *
 * Seasonal states live in a ring buffer indexed by time mod m, so a step
 * costs O(1) whatever the period (R's implementation shifts m states).
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ets.h"

/* R's default bounds for alpha, beta, gamma and phi */
#define ETS_LO		1e-4
#define ETS_HI		0.9999
#define ETS_PHI_LO	0.8
#define ETS_PHI_HI	0.98

/* Value of a rejected parameter vector: finite, so the simplex stays sane. */
#define ETS_REJECT	1e100

#define ETS_DEFAULT_MAXIT	2000
#define ETS_LM_MAXIT		100
#define ETS_LM_XTOL			1e-4	/* step and gradient tolerances */
#define ETS_XTOL			1e-4	/* simplex size, scaled coordinates */
#define ETS_FTOL			1e-3	/* lik = -2 loglik, over a window */
#define ETS_MAXDIM			(4 + 2 + STK_ETS_MAX_M)

/* The parameters and initial states of one candidate, in model units. */
typedef struct EtsPar
{
	double		alpha,
				beta,
				gamma,
				phi;
	double		x0[2 + STK_ETS_MAX_M];	/* l, b, s_0 ... s_{-m+1} */
} EtsPar;

/* The model being fitted and how its free parameters are laid out. */
typedef struct EtsShape
{
	char		error;
	char		trend;
	char		season;
	bool		damped;
	int			m;				/* 1 when not seasonal */
	/* fixed smoothing parameters, NaN when free */
	double		fix_alpha,
				fix_beta,
				fix_gamma,
				fix_phi;
	const double *fix_states;	/* NULL when estimated */
	int			dim;			/* free coordinates */
} EtsShape;

/* Everything a fit needs, allocated once per call and shared by models. */
typedef struct EtsWork
{
	const double *y;
	int			n;
	double		scale;			/* data scale for the state coordinates */
	EtsShape	shape;
	double		ring[STK_ETS_MAX_M];
	gsl_multimin_fminimizer *nm[ETS_MAXDIM + 1];	/* cached per dimension */
	gsl_multifit_nlinear_workspace *lm[ETS_MAXDIM + 1];
	gsl_vector *x;
	gsl_vector *step;
	int			maxit;
	long		nevals;
	double	   *rbuf;			/* n residuals */
} EtsWork;

/* What one fitted candidate leaves behind. */
typedef struct EtsFit
{
	EtsShape	shape;
	EtsPar		par;
	double		lik;
	int			np;
	bool		converged;
} EtsFit;

static inline double
Logistic(double u)
{
	return 1.0 / (1.0 + exp(-u));
}

static inline double
Logit(double p)
{
	if (p < 1e-12)
		p = 1e-12;
	if (p > 1 - 1e-12)
		p = 1 - 1e-12;
	return log(p / (1 - p));
}

/*
 * Schur-Cohn test: are all roots of c[0] + c[1] z + ... + c[d] z^d strictly
 * inside the unit circle?  Each step replaces p by (c_d p - c_0 p*) / z, p*
 * the reversed polynomial; by Rouche's theorem that keeps the count of roots
 * inside the circle minus one as long as |c_0| < |c_d|.  c is overwritten.
 */
static bool
SchurStable(double *c, int d)
{
	while (d > 0)
	{
		double		c0 = c[0],
					cd = c[d],
					big = 0;

		double		t[STK_ETS_MAX_M + 3];

		if (!(fabs(c0) < fabs(cd)))
			return false;
		for (int k = 0; k < d; k++)
		{
			t[k] = cd * c[k + 1] - c0 * c[d - 1 - k];
			if (fabs(t[k]) > big)
				big = fabs(t[k]);
		}
		memcpy(c, t, sizeof(double) * d);
		d--;
		/* rescale so long recursions neither overflow nor underflow */
		if (big > 0 && (big > 1e100 || big < 1e-100))
			for (int k = 0; k <= d; k++)
				c[k] /= big;
	}
	return true;
}

/*
 * Forecastability of the linear model with these smoothing parameters: the
 * discount matrix D = F - g w' must have its eigenvalues inside the unit
 * circle (HKOS ch. 10), apart from the unit root that seasonal models always
 * carry (the level and the seasonal states share a constant; the
 * normalisation of the seasonal states removes it).  By the matrix
 * determinant lemma,
 *	 det(zI - D) = (z-1)(z-phi)(z^m-1) + (z^m-1)[alpha(z-phi) + phi beta z]
 *				   + gamma (z-1)(z-phi)
 * for the damped seasonal model; dividing out (z-1) leaves
 *	 S(z) P(z) + gamma (z-phi), S = 1 + z + ... + z^{m-1},
 *	 P(z) = z^2 + (alpha + phi beta - 1 - phi) z + phi (1 - alpha),
 * and without trend S(z)(z - 1 + alpha) + gamma.  The same region applies to
 * the multiplicative models, as in R.
 */
bool
stk_ets_admissible(char trend, char season, bool damped, double alpha,
				   double beta, double gamma, double phi, int m)
{
	double		c[STK_ETS_MAX_M + 3];
	double		p[3];
	int			np;
	int			d;

	if (!damped)
		phi = 1;
	if (trend == 'N')
	{
		p[0] = alpha - 1;
		p[1] = 1;
		np = 1;
	}
	else
	{
		p[0] = phi * (1 - alpha);
		p[1] = alpha + phi * beta - 1 - phi;
		p[2] = 1;
		np = 2;
	}
	if (season == 'N' || m <= 1)
	{
		memcpy(c, p, sizeof(double) * (np + 1));
		return SchurStable(c, np);
	}
	if (m > STK_ETS_MAX_M)
		return false;
	d = m - 1 + np;
	for (int k = 0; k <= d; k++)
		c[k] = 0;
	for (int i = 0; i <= np; i++)
		for (int k = 0; k < m; k++)
			c[i + k] += p[i];
	if (trend == 'N')
		c[0] += gamma;
	else
	{
		c[0] -= gamma * phi;
		c[1] += gamma;
	}
	return SchurStable(c, d);
}

/*
 * Run the model over the data.  Returns the concentrated likelihood (R's
 * "lik", -2 loglik) or ETS_REJECT.  When the optional outputs are given it
 * also stores the one-step fitted values, the sum of squared (relative, for
 * multiplicative error) errors, the sum of squared errors in data units and
 * the final states.
 */
static double
EtsRun(EtsWork *w, const EtsShape *sh, const EtsPar *p, double *fitted,
	   double *resid, double *sse_out, double *msesum_out, StkEtsModel *final)
{
	const double *y = w->y;
	const int	n = w->n;
	const int	m = sh->m;
	const bool	merr = (sh->error == 'M');
	const double alpha = p->alpha;
	const double beta = (sh->trend == 'N') ? 0 : p->beta;
	const double phi = (sh->trend == 'N') ? 0 : (sh->damped ? p->phi : 1);
	const double gamma = p->gamma;
	double	   *ring = w->ring;
	double		l = p->x0[0];
	double		b = (sh->trend == 'N') ? 0 : p->x0[1];
	const int	soff = (sh->trend == 'N') ? 1 : 2;
	double		sse = 0,
				msesum = 0,
				logsum = 0,
				prod = 1;
	int			j = 0;

	w->nevals++;
	if (sh->season != 'N')
	{
		/* ring[k] is the seasonal state used at times t = k (mod m) */
		for (int k = 0; k < m; k++)
			ring[k] = p->x0[soff + m - 1 - k];
	}

	for (int t = 0; t < n; t++)
	{
		double		mu = l + phi * b;
		double		f,
					e;

		if (sh->season == 'N')
		{
			f = mu;
			e = y[t] - f;
			l = mu + alpha * e;
			b = phi * b + beta * e;
		}
		else if (sh->season == 'A')
		{
			double		s = ring[j];

			f = mu + s;
			e = y[t] - f;
			l = mu + alpha * e;
			b = phi * b + beta * e;
			ring[j] = s + gamma * e;
		}
		else
		{
			double		s = ring[j];

			/* multiplicative season needs a positive level and index */
			if (!(mu > 0 && s > 0))
				return ETS_REJECT;
			f = mu * s;
			e = y[t] - f;
			l = mu + alpha * e / s;
			b = phi * b + beta * e / s;
			ring[j] = s + gamma * e / mu;
		}
		if (++j == m)
			j = 0;
		if (fitted)
			fitted[t] = f;
		if (merr)
		{
			double		r;

			if (!(f > 0))
				return ETS_REJECT;
			r = e / f;
			if (resid)
				resid[t] = r;
			sse += r * r;
			/* sum of logs as a product, renormalised: log() per step is slow */
			if (f > 1e-100 && f < 1e100)
			{
				prod *= f;
				if (prod > 1e150 || prod < 1e-150)
				{
					logsum += log(prod);
					prod = 1;
				}
			}
			else
				logsum += log(f);
		}
		else
		{
			sse += e * e;
			if (resid)
				resid[t] = e;
		}
		if (msesum_out)
			msesum += e * e;
	}
	if (!isfinite(sse) || !isfinite(l))
		return ETS_REJECT;
	if (sse_out)
		*sse_out = sse;
	if (msesum_out)
		*msesum_out = msesum;
	if (final)
	{
		final->level = l;
		final->slope = b;
		final->spos = 0;
		if (sh->season != 'N')
		{
			memcpy(final->season_state, ring, sizeof(double) * m);
			final->spos = n % m;
		}
	}
	/* an exact fit would give log(0): floor it so the search stays finite */
	if (merr)
	{
		logsum += log(prod);
		/* scaled by the geometric mean of yhat, sum resid^2 is exp(lik / n) */
		if (resid)
		{
			double		g = exp(logsum / n);

			for (int t = 0; t < n; t++)
				resid[t] *= g;
		}
		if (sse < 1e-20 * n)
			sse = 1e-20 * n;
		return n * log(sse) + 2 * logsum;
	}
	if (sse < 1e-20 * n * w->scale * w->scale)
		sse = 1e-20 * n * w->scale * w->scale;
	return n * log(sse);
}

/* Map the free coordinates v to model parameters (and back). */
static void
EtsDecode(const EtsWork *w, const EtsShape *sh, const double *v, EtsPar *p)
{
	int			k = 0;
	double		lo,
				hi;

	lo = ETS_LO;
	hi = ETS_HI;
	if (!isnan(sh->fix_beta) && sh->fix_beta > lo)
		lo = sh->fix_beta;
	if (!isnan(sh->fix_gamma) && 1 - sh->fix_gamma < hi)
		hi = 1 - sh->fix_gamma;
	p->alpha = isnan(sh->fix_alpha) ? lo + (hi - lo) * Logistic(v[k++]) : sh->fix_alpha;
	p->beta = 0;
	p->gamma = 0;
	p->phi = 1;
	if (sh->trend != 'N')
	{
		hi = fmin(ETS_HI, p->alpha);
		p->beta = isnan(sh->fix_beta) ? ETS_LO + (hi - ETS_LO) * Logistic(v[k++]) : sh->fix_beta;
	}
	if (sh->season != 'N')
	{
		hi = fmin(ETS_HI, 1 - p->alpha);
		p->gamma = isnan(sh->fix_gamma) ? ETS_LO + (hi - ETS_LO) * Logistic(v[k++]) : sh->fix_gamma;
	}
	if (sh->damped)
		p->phi = isnan(sh->fix_phi) ?
			ETS_PHI_LO + (ETS_PHI_HI - ETS_PHI_LO) * Logistic(v[k++]) : sh->fix_phi;

	if (sh->fix_states)
	{
		memcpy(p->x0, sh->fix_states, sizeof(double) *
			   (1 + (sh->trend != 'N') + (sh->season != 'N' ? sh->m : 0)));
		return;
	}
	{
		int			i = 0;
		int			m = sh->m;
		double		sum = 0;
		double		sscale = (sh->season == 'M') ? 1 : w->scale;

		p->x0[i++] = v[k++] * w->scale;
		if (sh->trend != 'N')
			p->x0[i++] = v[k++] * w->scale;
		if (sh->season != 'N')
		{
			/* m-1 free seasonal states; the last one normalises them */
			for (int s = 0; s < m - 1; s++)
			{
				p->x0[i + s] = v[k++] * sscale;
				sum += p->x0[i + s];
			}
			p->x0[i + m - 1] = (sh->season == 'M') ? m - sum : -sum;
		}
	}
}

/* Inverse of EtsDecode for the starting point; returns the dimension. */
static int
EtsEncode(const EtsWork *w, const EtsShape *sh, const EtsPar *p, double *v)
{
	int			k = 0;
	double		lo = ETS_LO,
				hi = ETS_HI;

	if (!isnan(sh->fix_beta) && sh->fix_beta > lo)
		lo = sh->fix_beta;
	if (!isnan(sh->fix_gamma) && 1 - sh->fix_gamma < hi)
		hi = 1 - sh->fix_gamma;
	if (isnan(sh->fix_alpha))
		v[k++] = Logit((p->alpha - lo) / (hi - lo));
	if (sh->trend != 'N' && isnan(sh->fix_beta))
	{
		hi = fmin(ETS_HI, p->alpha);
		v[k++] = Logit((p->beta - ETS_LO) / (hi - ETS_LO));
	}
	if (sh->season != 'N' && isnan(sh->fix_gamma))
	{
		hi = fmin(ETS_HI, 1 - p->alpha);
		v[k++] = Logit((p->gamma - ETS_LO) / (hi - ETS_LO));
	}
	if (sh->damped && isnan(sh->fix_phi))
		v[k++] = Logit((p->phi - ETS_PHI_LO) / (ETS_PHI_HI - ETS_PHI_LO));
	if (!sh->fix_states)
	{
		int			i = 0;
		double		sscale = (sh->season == 'M') ? 1 : w->scale;

		v[k++] = p->x0[i++] / w->scale;
		if (sh->trend != 'N')
			v[k++] = p->x0[i++] / w->scale;
		if (sh->season != 'N')
			for (int s = 0; s < sh->m - 1; s++)
				v[k++] = p->x0[i + s] / sscale;
	}
	return k;
}

static double
EtsObjective(const gsl_vector *x, void *arg)
{
	EtsWork    *w = (EtsWork *) arg;
	const EtsShape *sh = &w->shape;
	EtsPar		p;

	EtsDecode(w, sh, x->data, &p);
	if (!stk_ets_admissible(sh->trend, sh->season, sh->damped, p.alpha,
							p.beta, p.gamma, p.phi, sh->m))
		return ETS_REJECT;
	return EtsRun(w, sh, &p, NULL, NULL, NULL, NULL, NULL);
}

/*
 * The likelihood as a sum of squares, for Levenberg-Marquardt: additive
 * errors as they are, relative errors times the geometric mean of the
 * fitted values (see EtsRun).  A rejected point gets huge residuals, so the
 * trust region shrinks away from it.
 */
static int
EtsResiduals(const gsl_vector *x, void *arg, gsl_vector *r)
{
	EtsWork    *w = (EtsWork *) arg;
	const EtsShape *sh = &w->shape;
	EtsPar		p;
	double		lik = ETS_REJECT;

	EtsDecode(w, sh, x->data, &p);
	/* the finite-difference Jacobian hands us matrix columns: mind the stride */
	if (stk_ets_admissible(sh->trend, sh->season, sh->damped, p.alpha,
						   p.beta, p.gamma, p.phi, sh->m))
		lik = EtsRun(w, sh, &p, NULL, w->rbuf, NULL, NULL, NULL);
	for (int t = 0; t < w->n; t++)
		gsl_vector_set(r, t, lik >= ETS_REJECT ? 1e3 * w->scale : w->rbuf[t]);
	return GSL_SUCCESS;
}

/*
 * Classical decomposition of the first seasons, for the starting seasonal
 * states: centred moving average of order m (2 x m for even m), detrended
 * values averaged per position and normalised.  With fewer than two full
 * seasons a straight-line fit stands in for the moving average.  idx[k] is
 * the seasonal index of times t = k (mod m).
 */
static void
EtsSeasonalStart(const double *y, int n, int m, bool mult, double *idx)
{
	int			cnt[STK_ETS_MAX_M];
	int			nd = (n < 3 * m) ? n : 3 * m;
	double		mean = 0;

	for (int k = 0; k < m; k++)
	{
		idx[k] = 0;
		cnt[k] = 0;
	}
	if (nd >= 2 * m)
	{
		int			h = m / 2;

		for (int t = h; t + h < nd; t++)
		{
			double		tr = 0;

			if (m % 2 == 0)
			{
				tr = 0.5 * (y[t - h] + y[t + h]);
				for (int i = t - h + 1; i < t + h; i++)
					tr += y[i];
			}
			else
				for (int i = t - h; i <= t + h; i++)
					tr += y[i];
			tr /= m;
			idx[t % m] += mult ? (tr != 0 ? y[t] / tr : 1) : y[t] - tr;
			cnt[t % m]++;
		}
	}
	else
	{
		/* least-squares line through all the data */
		double		st = 0,
					sy = 0,
					stt = 0,
					sty = 0,
					a0,
					a1,
					den;

		for (int t = 0; t < n; t++)
		{
			st += t;
			sy += y[t];
			stt += (double) t * t;
			sty += t * y[t];
		}
		den = n * stt - st * st;
		a1 = (den != 0) ? (n * sty - st * sy) / den : 0;
		a0 = (sy - a1 * st) / n;
		for (int t = 0; t < n; t++)
		{
			double		tr = a0 + a1 * t;

			idx[t % m] += mult ? (tr > 0 ? y[t] / tr : 1) : y[t] - tr;
			cnt[t % m]++;
		}
	}
	for (int k = 0; k < m; k++)
	{
		idx[k] = cnt[k] ? idx[k] / cnt[k] : (mult ? 1 : 0);
		mean += idx[k];
	}
	mean /= m;
	for (int k = 0; k < m; k++)
	{
		if (mult)
			idx[k] = (mean > 0) ? idx[k] / mean : 1;
		else
			idx[k] -= mean;
	}
}

/*
 * Starting states: seasonal indices from EtsSeasonalStart, then the level
 * (and slope) from the seasonally adjusted first max(10, 2m) observations:
 * their mean, or a least-squares line whose value at time 0 is the level.
 */
static void
EtsStartStates(const double *y, int n, const EtsShape *sh,
			   const double *sidx, double *x0)
{
	int			m = sh->m;
	int			maxn = (2 * m > 10) ? 2 * m : 10;
	int			i = 0;

	if (maxn > n)
		maxn = n;
	{
		double		st = 0,
					sy = 0,
					stt = 0,
					sty = 0;

		for (int t = 0; t < maxn; t++)
		{
			double		ya = y[t];

			if (sh->season == 'A')
				ya -= sidx[t % m];
			else if (sh->season == 'M')
				ya /= fmax(sidx[t % m], 1e-2);
			st += t + 1;
			sy += ya;
			stt += (double) (t + 1) * (t + 1);
			sty += (t + 1) * ya;
		}
		if (sh->trend == 'N' || maxn < 2)
		{
			x0[i++] = sy / maxn;
			if (sh->trend != 'N')
				x0[i++] = 0;
		}
		else
		{
			double		den = maxn * stt - st * st;
			double		b1 = (maxn * sty - st * sy) / den;
			double		b0 = (sy - b1 * st) / maxn;

			/* keep l0 + b0 away from zero: it is the first multiplicative forecast */
			if (fabs(b0 + b1) < 1e-8)
			{
				b0 *= 1 + 1e-3;
				b1 *= 1 - 1e-3;
			}
			x0[i++] = b0;
			x0[i++] = b1;
		}
	}
	if (sh->season != 'N')
	{
		/* R order: s_0 (time 0 = position m-1), s_{-1}, ... */
		for (int k = 0; k < m; k++)
			x0[i + k] = sidx[m - 1 - k];
	}
}

static gsl_multimin_fminimizer *
EtsMinimizer(EtsWork *w, int dim)
{
	if (w->nm[dim] == NULL)
		w->nm[dim] = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
	return w->nm[dim];
}

/*
 * Fit one model shape: start values as R chooses them (alpha small,
 * beta and gamma a fraction of their range, phi near its upper bound),
 * Nelder-Mead from there, restarted once from the optimum because a
 * collapsed simplex in 15+ dimensions often stops short.
 */
static StkStatus
EtsFitShape(EtsWork *w, const EtsShape *shape, const double *sidx, EtsFit *fit)
{
	EtsShape   *sh = &w->shape;
	EtsPar		start;
	double		v[ETS_MAXDIM];
	int			dim;

	*sh = *shape;
	memset(&start, 0, sizeof(start));
	start.alpha = isnan(sh->fix_alpha) ? ETS_LO + 0.2 * (ETS_HI - ETS_LO) / sh->m : sh->fix_alpha;
	start.beta = isnan(sh->fix_beta) ? ETS_LO + 0.1 * (fmin(ETS_HI, start.alpha) - ETS_LO) : sh->fix_beta;
	start.gamma = isnan(sh->fix_gamma) ? ETS_LO + 0.05 * (fmin(ETS_HI, 1 - start.alpha) - ETS_LO) : sh->fix_gamma;
	start.phi = isnan(sh->fix_phi) ? ETS_PHI_LO + 0.99 * (ETS_PHI_HI - ETS_PHI_LO) : sh->fix_phi;
	if (!isnan(sh->fix_beta) && start.alpha <= sh->fix_beta)
		start.alpha = fmin(ETS_HI, sh->fix_beta + 0.5 * (ETS_HI - sh->fix_beta));
	if (!isnan(sh->fix_gamma) && start.alpha >= 1 - sh->fix_gamma)
		start.alpha = 0.5 * (1 - sh->fix_gamma);
	if (sh->fix_states)
		memcpy(start.x0, sh->fix_states, sizeof(double) *
			   (1 + (sh->trend != 'N') + (sh->season != 'N' ? sh->m : 0)));
	else
		EtsStartStates(w->y, w->n, sh, sidx, start.x0);

	dim = EtsEncode(w, sh, &start, v);
	sh->dim = dim;
	fit->shape = *sh;
	fit->converged = true;
	if (dim > 0)
	{
		gsl_multimin_fminimizer *nm = EtsMinimizer(w, dim);
		gsl_multimin_function fn;
		gsl_vector_view xv = gsl_vector_subvector(w->x, 0, dim);
		gsl_vector_view sv = gsl_vector_subvector(w->step, 0, dim);
		int			k = 0;
		bool		lm_ok = false;

		if (nm == NULL)
			return STK_ENOMEM;
		fn.f = EtsObjective;
		fn.n = dim;
		fn.params = w;
		/* steps: a unit in logit space for smoothing parameters, a few % of scale for states */
		{
			int			nsmooth = dim - (sh->fix_states ? 0 :
										 1 + (sh->trend != 'N') + (sh->season != 'N' ? sh->m - 1 : 0));

			for (; k < nsmooth; k++)
				gsl_vector_set(&sv.vector, k, 1.0);
			if (!sh->fix_states)
			{
				gsl_vector_set(&sv.vector, k++, 0.1);
				if (sh->trend != 'N')
					gsl_vector_set(&sv.vector, k++, 0.01);
				for (; k < dim; k++)
					gsl_vector_set(&sv.vector, k, 0.05);
			}
		}
		/*
		 * Levenberg-Marquardt first: the concentrated likelihood is a sum of
		 * squares, and LM gets near the optimum in a few dozen runs where
		 * the simplex would crawl through thousands in 15+ dimensions.
		 */
		if (w->lm[dim] == NULL)
		{
			gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();

			fp.solver = gsl_multifit_nlinear_solver_cholesky;
			w->lm[dim] = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, w->n, dim);
			if (w->lm[dim] == NULL)
				return STK_ENOMEM;
		}
		{
			gsl_multifit_nlinear_fdf fdf;
			int			info;
			const gsl_vector *pos;

			fdf.f = EtsResiduals;
			fdf.df = NULL;
			fdf.fvv = NULL;
			fdf.n = w->n;
			fdf.p = dim;
			fdf.params = w;
			for (k = 0; k < dim; k++)
				gsl_vector_set(&xv.vector, k, v[k]);
			if (gsl_multifit_nlinear_init(&xv.vector, &fdf, w->lm[dim]) == GSL_SUCCESS)
			{
				/*
				 * Any finite end point will do, converged or not (stalls on a
				 * bound are common); the simplex is the fallback when it is
				 * not admissible.
				 */
				(void) gsl_multifit_nlinear_driver(ETS_LM_MAXIT, ETS_LM_XTOL,
												   ETS_LM_XTOL, ETS_LM_XTOL, NULL,
												   NULL, &info, w->lm[dim]);
				lm_ok = true;
				pos = gsl_multifit_nlinear_position(w->lm[dim]);
				for (k = 0; k < dim; k++)
					if (!isfinite(gsl_vector_get(pos, k)))
						lm_ok = false;
				if (lm_ok)
				{
					EtsPar		q;

					EtsDecode(w, sh, pos->data, &q);
					lm_ok = stk_ets_admissible(sh->trend, sh->season, sh->damped,
											   q.alpha, q.beta, q.gamma, q.phi, sh->m) &&
						EtsRun(w, sh, &q, NULL, NULL, NULL, NULL, NULL) < ETS_REJECT;
				}
				if (lm_ok)
					for (k = 0; k < dim; k++)
						v[k] = gsl_vector_get(pos, k);
			}
		}
		{
			int			iter = 0;
			int			status;
			int			window = 20 + 4 * dim;
			double		fwin;

			for (k = 0; k < dim; k++)
				gsl_vector_set(&xv.vector, k, v[k]);
			status = gsl_multimin_fminimizer_set(nm, &fn, &xv.vector, &sv.vector);
			if (status != GSL_SUCCESS)
				return STK_ENOCONV;
			/*
			 * Stop when the simplex is small or the best value has not moved
			 * by ETS_FTOL over a window of iterations: optima on a bound sit
			 * at infinity in logit space, where the simplex never shrinks.
			 */
			fwin = nm->fval;
			do
			{
				status = gsl_multimin_fminimizer_iterate(nm);
				if (status != GSL_SUCCESS)
					break;
				iter++;
				status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(nm), ETS_XTOL);
				if (iter % window == 0)
				{
					if (fwin - nm->fval < ETS_FTOL)
						status = GSL_SUCCESS;
					fwin = nm->fval;
				}
			} while (status == GSL_CONTINUE && iter < w->maxit);
			if (iter >= w->maxit)
				fit->converged = false;
			memcpy(v, nm->x->data, sizeof(double) * dim);
		}
	}
	EtsDecode(w, sh, v, &fit->par);
	if (!stk_ets_admissible(sh->trend, sh->season, sh->damped, fit->par.alpha,
							fit->par.beta, fit->par.gamma, fit->par.phi, sh->m))
		fit->lik = ETS_REJECT;
	else
		fit->lik = EtsRun(w, sh, &fit->par, NULL, NULL, NULL, NULL, NULL);
	fit->np = dim + 1;
	return STK_OK;
}

static void
EtsName(StkEtsModel *mod)
{
	const char *note = "";

	switch (mod->note)
	{
		case STK_ETS_NOTE_CONSTANT:
			note = " [constant]";
			break;
		case STK_ETS_NOTE_SHORT:
			note = " [short series]";
			break;
		case STK_ETS_NOTE_ONE:
			note = " [one observation]";
			break;
		case STK_ETS_NOTE_NOSEASON:
			note = " [no season]";
			break;
		case STK_ETS_NOTE_NOCONV:
			note = " [not converged]";
			break;
		case STK_ETS_NOTE_NONE:
			break;
	}
	snprintf(mod->name, sizeof(mod->name), "ETS(%c,%s,%c)%s",
			 mod->error,
			 mod->trend == 'N' ? "N" : (mod->damped ? "Ad" : "A"),
			 mod->season, note);
}

/* Fill the model struct from a finished fit: final states, sigma2, criteria. */
static StkStatus
EtsFinish(EtsWork *w, const EtsFit *fit, StkEtsModel *out)
{
	const EtsShape *sh = &fit->shape;
	double		sse,
				msesum,
				lik;
	int			n = w->n;
	int			np = fit->np;
	int			nstate;

	out->error = sh->error;
	out->trend = sh->trend;
	out->season = sh->season;
	out->damped = sh->damped;
	out->m = sh->m;
	out->n = n;
	out->alpha = fit->par.alpha;
	out->beta = (sh->trend != 'N') ? fit->par.beta : 0;
	out->gamma = (sh->season != 'N') ? fit->par.gamma : 0;
	out->phi = sh->damped ? fit->par.phi : 1;
	lik = EtsRun(w, sh, &fit->par, NULL, NULL, &sse, &msesum, out);
	if (lik >= ETS_REJECT)
		return STK_ENOCONV;
	nstate = 1 + (sh->trend != 'N') + (sh->season != 'N' ? sh->m : 0);
	memset(out->init_states, 0, sizeof(out->init_states));
	memcpy(out->init_states, fit->par.x0, sizeof(double) * nstate);
	out->nparams = np;
	out->loglik = -0.5 * lik;
	out->aic = lik + 2 * np;
	out->bic = lik + log((double) n) * np;
	out->aicc = (n - np - 1 > 0) ? out->aic + 2.0 * np * (np + 1) / (n - np - 1) : INFINITY;
	out->sigma2 = (n > np) ? sse / (n - np) : sse / n;
	out->mse = msesum / n;
	if (!fit->converged && out->note == STK_ETS_NOTE_NONE)
		out->note = STK_ETS_NOTE_NOCONV;
	EtsName(out);
	return STK_OK;
}

void
stk_ets_spec_init(StkEtsSpec *spec)
{
	spec->error = STK_ETS_ANY;
	spec->trend = STK_ETS_ANY;
	spec->season = STK_ETS_ANY;
	spec->damped = -1;
	spec->alpha = spec->beta = spec->gamma = spec->phi = NAN;
	spec->init_states = NULL;
	spec->maxit = 0;
}

static void
EtsWorkFree(EtsWork *w)
{
	for (int d = 0; d <= ETS_MAXDIM; d++)
		if (w->nm[d])
			gsl_multimin_fminimizer_free(w->nm[d]);
	for (int d = 0; d <= ETS_MAXDIM; d++)
		if (w->lm[d])
			gsl_multifit_nlinear_free(w->lm[d]);
	if (w->x)
		gsl_vector_free(w->x);
	if (w->step)
		gsl_vector_free(w->step);
}

static bool
ValidCode(char c, const char *allowed)
{
	return c != '\0' && strchr(allowed, c) != NULL;
}

/* The trivial fits: constant series, one observation. */
static void
EtsTrivial(const double *y, int n, StkEtsNote note, StkEtsModel *out)
{
	out->error = 'A';
	out->trend = 'N';
	out->season = 'N';
	out->damped = false;
	out->m = 1;
	out->n = n;
	out->note = note;
	out->alpha = 0.9999;
	out->beta = out->gamma = 0;
	out->phi = 1;
	out->level = y[n - 1];
	out->init_states[0] = y[0];
	out->sigma2 = (note == STK_ETS_NOTE_CONSTANT) ? 0 : NAN;
	out->mse = (note == STK_ETS_NOTE_CONSTANT) ? 0 : NAN;
	out->loglik = out->aic = out->aicc = out->bic = NAN;
	out->nparams = (note == STK_ETS_NOTE_CONSTANT) ? 0 : 1;
	EtsName(out);
}

StkStatus
stk_ets_fit(const double *y, int n, int m, const StkEtsSpec *spec,
			const StkAllocator *a, StkEtsModel *out)
{
	EtsWork		w;
	EtsShape	base;
	EtsFit		best,
				cur;
	double		sidx_a[STK_ETS_MAX_M],
				sidx_m[STK_ETS_MAX_M];
	double		ymin,
				ysum = 0;
	bool		positive,
				constant = true,
				seasonal_ok;
	bool		have_best = false;
	StkEtsNote	note = STK_ETS_NOTE_NONE;
	StkStatus	st = STK_OK;
	char		errs[2],
				trends[2],
				seasons[3];
	int			nerr = 0,
				ntrend = 0,
				nseason = 0;
	int			ndamp;
	int			damps[2];

	if (out == NULL || y == NULL || spec == NULL)
		return STK_EINVAL;
	memset(out, 0, sizeof(*out));
	if (n < 1 || m < 1)
		return STK_EINVAL;
	if (!ValidCode(spec->error, "AMZ") || !ValidCode(spec->trend, "NAZ") ||
		!ValidCode(spec->season, "NAMZ") || spec->damped < -1 || spec->damped > 1)
		return STK_EINVAL;
	if ((!isnan(spec->alpha) && !(spec->alpha > 0 && spec->alpha <= 1)) ||
		(!isnan(spec->beta) && !(spec->beta >= 0 && spec->beta <= 1)) ||
		(!isnan(spec->gamma) && !(spec->gamma >= 0 && spec->gamma <= 1)) ||
		(!isnan(spec->phi) && !(spec->phi > 0 && spec->phi <= 1)))
		return STK_EINVAL;
	ymin = y[0];
	for (int t = 0; t < n; t++)
	{
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
		if (y[t] < ymin)
			ymin = y[t];
		if (y[t] != y[0])
			constant = false;
		ysum += fabs(y[t]);
	}
	positive = ymin > 0;
	if (spec->error == 'M' && !positive)
		return STK_EINVAL;
	if (spec->season == 'M' && !positive)
		return STK_EINVAL;
	if (spec->damped == 1 && spec->trend == 'N')
		return STK_EINVAL;
	/* fixed initial states only make sense for one fixed shape */
	if (spec->init_states != NULL &&
		(spec->error == 'Z' || spec->trend == 'Z' || spec->season == 'Z' ||
		 spec->damped == -1 ||
		 (spec->season != 'N' && !(m > 1 && m <= STK_ETS_MAX_M && n > m))))
		return STK_EINVAL;

	if (n == 1)
	{
		EtsTrivial(y, n, STK_ETS_NOTE_ONE, out);
		return STK_OK;
	}
	if (constant)
	{
		EtsTrivial(y, n, STK_ETS_NOTE_CONSTANT, out);
		return STK_OK;
	}

	memset(&w, 0, sizeof(w));
	w.y = y;
	w.n = n;
	w.scale = ysum / n;
	if (!(w.scale > 0))
		w.scale = 1;
	w.maxit = spec->maxit > 0 ? spec->maxit : ETS_DEFAULT_MAXIT;
	w.rbuf = stk_alloc(a, sizeof(double) * n);
	if (w.rbuf == NULL)
		return STK_ENOMEM;
	w.x = gsl_vector_alloc(ETS_MAXDIM);
	w.step = gsl_vector_alloc(ETS_MAXDIM);
	if (w.x == NULL || w.step == NULL)
	{
		EtsWorkFree(&w);
		stk_free(a, w.rbuf);
		return STK_ENOMEM;
	}

	/* the candidate components, R's way */
	seasonal_ok = (m > 1 && m <= STK_ETS_MAX_M && n > m);
	if (spec->season != 'N' && spec->season != 'Z' && !seasonal_ok)
		note = STK_ETS_NOTE_NOSEASON;
	if (spec->error == 'Z')
	{
		errs[nerr++] = 'A';
		if (positive)
			errs[nerr++] = 'M';
	}
	else
		errs[nerr++] = spec->error;
	if (spec->trend == 'Z')
	{
		trends[ntrend++] = 'N';
		trends[ntrend++] = 'A';
	}
	else
		trends[ntrend++] = spec->trend;
	if (!seasonal_ok)
		seasons[nseason++] = 'N';
	else if (spec->season == 'Z')
	{
		seasons[nseason++] = 'N';
		seasons[nseason++] = 'A';
		if (positive)
			seasons[nseason++] = 'M';
	}
	else
		seasons[nseason++] = spec->season;
	if (spec->damped == -1)
	{
		ndamp = 2;
		damps[0] = 0;
		damps[1] = 1;
	}
	else
	{
		ndamp = 1;
		damps[0] = spec->damped;
	}

	if (seasonal_ok)
	{
		EtsSeasonalStart(y, n, m, false, sidx_a);
		if (positive)
			EtsSeasonalStart(y, n, m, true, sidx_m);
	}

	memset(&base, 0, sizeof(base));
	base.fix_alpha = spec->alpha;
	base.fix_beta = spec->beta;
	base.fix_gamma = spec->gamma;
	base.fix_phi = spec->phi;
	base.fix_states = spec->init_states;

	for (int ie = 0; ie < nerr; ie++)
		for (int it = 0; it < ntrend; it++)
			for (int is = 0; is < nseason; is++)
				for (int id = 0; id < ndamp; id++)
				{
					EtsShape	sh = base;
					int			np;

					sh.error = errs[ie];
					sh.trend = trends[it];
					sh.season = seasons[is];
					sh.damped = damps[id] && sh.trend != 'N';
					sh.m = (sh.season == 'N') ? 1 : m;
					if (damps[id] && sh.trend == 'N')
						continue;
					/* R's restrictions: no additive error with multiplicative season */
					if (sh.error == 'A' && sh.season == 'M' &&
						(spec->error == 'Z' || spec->season == 'Z'))
						continue;
					/* enough data for the estimated parameters (R: n > npars + 4) */
					np = 1 + (isnan(sh.fix_alpha) ? 1 : 0) +
						(sh.trend != 'N' && isnan(sh.fix_beta) ? 1 : 0) +
						(sh.season != 'N' && isnan(sh.fix_gamma) ? 1 : 0) +
						(sh.damped && isnan(sh.fix_phi) ? 1 : 0) +
						(sh.fix_states ? 0 : 1 + (sh.trend != 'N') +
						 (sh.season != 'N' ? m - 1 : 0));
					if (n < np + 4 && !sh.fix_states)
						continue;
					st = EtsFitShape(&w, &sh, sh.season == 'M' ? sidx_m : sidx_a, &cur);
					if (st == STK_ENOMEM)
						goto done;
					if (st != STK_OK || cur.lik >= ETS_REJECT)
						continue;
					if (!have_best)
						best = cur;
					else
					{
						double		ic_cur,
									ic_best,
									c;

						c = n - cur.np - 1;
						ic_cur = cur.lik + 2 * cur.np + (c > 0 ? 2.0 * cur.np * (cur.np + 1) / c : INFINITY);
						c = n - best.np - 1;
						ic_best = best.lik + 2 * best.np + (c > 0 ? 2.0 * best.np * (best.np + 1) / c : INFINITY);
						if (ic_cur < ic_best)
							best = cur;
					}
					have_best = true;
				}

	if (!have_best)
	{
		/*
		 * Too short for any candidate: simple exponential smoothing started
		 * at the first observation, alpha fitted (R falls back to
		 * non-likelihood Holt-Winters fits here).
		 */
		EtsShape	sh;
		double		x0[2 + STK_ETS_MAX_M];

		memset(&sh, 0, sizeof(sh));
		memset(x0, 0, sizeof(x0));
		x0[0] = y[0];
		sh.error = 'A';
		sh.trend = 'N';
		sh.season = 'N';
		sh.m = 1;
		sh.fix_alpha = sh.fix_beta = sh.fix_gamma = sh.fix_phi = NAN;
		sh.fix_states = x0;
		st = EtsFitShape(&w, &sh, sidx_a, &best);
		if (st != STK_OK)
			goto done;
		/* the level start is estimated, in effect (it is y[0]) */
		best.np = 2;
		best.shape.fix_states = NULL;
		note = STK_ETS_NOTE_SHORT;
	}
	out->note = note;
	st = EtsFinish(&w, &best, out);

done:
	EtsWorkFree(&w);
	stk_free(a, w.rbuf);
	return st;
}

StkStatus
stk_ets_auto(const double *y, int n, int m, const StkAllocator *a,
			 StkEtsModel *out)
{
	StkEtsSpec	spec;

	stk_ets_spec_init(&spec);
	return stk_ets_fit(y, n, m, &spec, a, out);
}

/* Model shape and parameters back from a fitted model. */
static void
EtsFromModel(const StkEtsModel *mod, EtsShape *sh, EtsPar *p)
{
	memset(sh, 0, sizeof(*sh));
	sh->error = mod->error;
	sh->trend = mod->trend;
	sh->season = mod->season;
	sh->damped = mod->damped;
	sh->m = mod->m;
	p->alpha = mod->alpha;
	p->beta = mod->beta;
	p->gamma = mod->gamma;
	p->phi = mod->phi;
	memcpy(p->x0, mod->init_states, sizeof(p->x0));
}

static bool
ModelValid(const StkEtsModel *mod)
{
	return mod != NULL && ValidCode(mod->error, "AM") &&
		ValidCode(mod->trend, "NA") && ValidCode(mod->season, "NAM") &&
		mod->m >= 1 && mod->m <= STK_ETS_MAX_M &&
		(mod->season == 'N' || mod->m > 1) &&
		mod->spos >= 0 && mod->spos < mod->m;
}

StkStatus
stk_ets_fitted(const StkEtsModel *mod, const double *y, int n, double *fitted)
{
	EtsWork		w;
	EtsShape	sh;
	EtsPar		p;

	if (!ModelValid(mod) || y == NULL || fitted == NULL || n < 1)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
	memset(&w, 0, sizeof(w));
	w.y = y;
	w.n = n;
	w.scale = 1;
	EtsFromModel(mod, &sh, &p);
	/* rejection only concerns the likelihood; keep the fitted values anyway */
	(void) EtsRun(&w, &sh, &p, fitted, NULL, NULL, NULL, NULL);
	return STK_OK;
}

/* One step of the state recursion; returns the one-step forecast. */
static inline double
EtsStep(char season, int m, double alpha, double beta, double gamma,
		double phi, double *l, double *b, double *ring, int *spos, double y)
{
	double		mu = *l + phi * *b;
	double		s = (season == 'N') ? 0 : ring[*spos];
	double		f,
				e;

	if (season == 'M')
	{
		f = mu * s;
		e = y - f;
		*l = mu + alpha * e / s;
		*b = phi * *b + beta * e / s;
		ring[*spos] = s + gamma * e / mu;
	}
	else
	{
		f = mu + s;
		e = y - f;
		*l = mu + alpha * e;
		*b = phi * *b + beta * e;
		if (season == 'A')
			ring[*spos] = s + gamma * e;
	}
	if (season != 'N' && ++(*spos) == m)
		*spos = 0;
	return f;
}

StkStatus
stk_ets_update(StkEtsModel *mod, double y)
{
	double		f,
				e,
				phi;
	int			spos;
	double		l,
				b;
	double		ring[STK_ETS_MAX_M];

	if (!ModelValid(mod))
		return STK_EINVAL;
	if (!isfinite(y))
		return STK_ENONFINITE;
	phi = (mod->trend == 'N') ? 0 : mod->phi;
	l = mod->level;
	b = mod->slope;
	spos = mod->spos;
	memcpy(ring, mod->season_state, sizeof(ring));
	f = EtsStep(mod->season, mod->m, mod->alpha, mod->beta, mod->gamma, phi,
				&l, &b, ring, &spos, y);
	if (!isfinite(l) || !isfinite(b))
		return STK_ENONFINITE;
	mod->level = l;
	mod->slope = b;
	mod->spos = spos;
	memcpy(mod->season_state, ring, sizeof(ring));
	/* running sigma2 with the fit's degrees of freedom */
	e = y - f;
	if (mod->error == 'M')
		e = (f != 0) ? e / f : 0;
	if (isfinite(mod->sigma2) && mod->n > mod->nparams)
		mod->sigma2 = (mod->sigma2 * (mod->n - mod->nparams) + e * e) /
			(mod->n + 1 - mod->nparams);
	mod->n++;
	return STK_OK;
}

/* Point forecast h steps (1-based) ahead of the model's state. */
static double
EtsPoint(const StkEtsModel *mod, int h, double *phisum)
{
	double		bsum;
	double		mu;

	if (mod->trend == 'N')
		bsum = 0;
	else if (!mod->damped)
		bsum = h;
	else
		bsum = *phisum = *phisum * mod->phi + mod->phi;
	mu = mod->level + bsum * mod->slope;
	if (mod->season == 'N')
		return mu;
	else
	{
		double		s = mod->season_state[(mod->spos + h - 1) % mod->m];

		return mod->season == 'A' ? mu + s : mu * s;
	}
}

StkStatus
stk_ets_forecast(const StkEtsModel *mod, int h, int nsim, uint64_t seed,
				 const StkAllocator *a, StkForecast *fc)
{
	StkStatus	st;
	double		phisum = 0;
	bool		analytic;

	if (fc == NULL)
		return STK_EINVAL;
	memset(fc, 0, sizeof(*fc));
	if (!ModelValid(mod) || nsim < 0 || h < 1 || h > STK_MAX_HORIZON)
		return STK_EINVAL;
	if (nsim > 0 && (size_t) nsim * (size_t) h > (size_t) 100000000)
		return STK_EINVAL;
	st = stk_forecast_init(fc, a, h);
	if (st != STK_OK)
		return st;
	snprintf(fc->model, sizeof(fc->model), "%s", mod->name);
	fc->aicc = mod->aicc;
	fc->sigma2 = mod->sigma2;
	fc->loglik = mod->loglik;
	fc->nparams = mod->nparams;

	for (int k = 1; k <= h; k++)
		fc->mean[k - 1] = EtsPoint(mod, k, &phisum);

	/*
	 * Variances (HKOS ch. 6).  With c_j = alpha + beta*phi_j + gamma*[j = 0
	 * mod m], phi_j = phi + ... + phi^j (j without damping, 0 without trend):
	 * class 1 (additive error, no multiplicative component):
	 *	 v_h = sigma2 (1 + sum_{j<h} c_j^2);
	 * class 2 (multiplicative error, additive or no trend and season):
	 *	 theta_1 = mu_1^2, theta_h = mu_h^2 + sigma2 sum_{j<h} c_j^2 theta_{h-j},
	 *	 v_h = (1 + sigma2) theta_h - mu_h^2.
	 * Multiplicative seasonality has no exact form: simulate.
	 */
	analytic = (mod->season != 'M') && isfinite(mod->sigma2);
	if (analytic)
	{
		double	   *c2 = stk_alloc(a, sizeof(double) * h);
		double		ph = 0;

		if (c2 == NULL)
		{
			stk_forecast_free(fc, a);
			return STK_ENOMEM;
		}
		for (int j = 1; j < h; j++)
		{
			double		cj = mod->alpha;

			if (mod->trend != 'N')
			{
				ph = mod->damped ? ph * mod->phi + mod->phi : j;
				cj += mod->beta * ph;
			}
			if (mod->season != 'N' && j % mod->m == 0)
				cj += mod->gamma;
			c2[j] = cj * cj;
		}
		if (mod->error == 'A')
		{
			double		acc = 1;

			for (int k = 1; k <= h; k++)
			{
				if (k > 1)
					acc += c2[k - 1];
				fc->var[k - 1] = mod->sigma2 * acc;
			}
		}
		else
		{
			/* theta in var[] first, then the variance in place */
			double	   *th = fc->var;

			for (int k = 1; k <= h; k++)
			{
				double		mu = fc->mean[k - 1];
				double		acc = 0;

				for (int j = 1; j < k; j++)
					acc += c2[j] * th[k - j - 1];
				th[k - 1] = mu * mu + mod->sigma2 * acc;
			}
			for (int k = 1; k <= h; k++)
			{
				double		mu = fc->mean[k - 1];

				fc->var[k - 1] = (1 + mod->sigma2) * th[k - 1] - mu * mu;
			}
		}
		stk_free(a, c2);
	}

	if (nsim == 0 && !analytic && isfinite(mod->sigma2))
		nsim = STK_ETS_DEFAULT_NSIM;
	if (nsim > 0 && isfinite(mod->sigma2))
	{
		gsl_rng    *rng = gsl_rng_alloc(gsl_rng_mt19937);
		double		sd = sqrt(mod->sigma2);
		double		phi = (mod->trend == 'N') ? 0 : mod->phi;

		fc->paths = stk_alloc(a, sizeof(double) * (size_t) nsim * h);
		if (rng == NULL || fc->paths == NULL)
		{
			if (rng)
				gsl_rng_free(rng);
			stk_forecast_free(fc, a);
			return STK_ENOMEM;
		}
		fc->nsim = nsim;
		gsl_rng_set(rng, (unsigned long) (seed ^ (seed >> 32)));
		for (int i = 0; i < nsim; i++)
		{
			double		l = mod->level,
						b = mod->slope;
			int			spos = mod->spos;
			double		ring[STK_ETS_MAX_M];
			double	   *path = fc->paths + (size_t) i * h;

			memcpy(ring, mod->season_state, sizeof(ring));
			for (int k = 0; k < h; k++)
			{
				double		mu = l + phi * b;
				double		s = (mod->season == 'N') ? 0 : ring[spos];
				double		f = (mod->season == 'M') ? mu * s : mu + s;
				double		eps = gsl_ran_gaussian_ziggurat(rng, sd);
				double		yk = (mod->error == 'M') ? f * (1 + eps) : f + eps;

				path[k] = yk;
				(void) EtsStep(mod->season, mod->m, mod->alpha, mod->beta,
							   mod->gamma, phi, &l, &b, ring, &spos, yk);
			}
		}
		gsl_rng_free(rng);
	}
	return STK_OK;
}
