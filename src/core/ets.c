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
 * Optimisation, all in-house and allocation-free (no GSL workspaces):
 * Levenberg-Marquardt over the smoothing parameters and the initial states
 * with an analytic Jacobian.  The likelihood is a sum of squares (of e_t,
 * or of r_t times the geometric mean of yhat); the derivatives of the
 * states with respect to every free coordinate are carried along the
 * recursion (tangent-linear pass) and the normal equations accumulated on
 * the fly, so one pass costs O(n k^2) with no n x k Jacobian.  For the
 * linear models (additive error and season) the errors are affine in the
 * initial states, so for given smoothing parameters the states have an
 * exact least-squares solution from one such pass; every starting point
 * gets it.  The smoothing parameters move in coordinates alpha,
 * beta/alpha, gamma/(1-alpha), phi, where the usual bounds are boxes,
 * handled by projection with an active set.  A Nelder-Mead simplex in the
 * (at most four) smoothing parameters, logit space, with the states held
 * (cheap runs), and a second start guard against the local optima the
 * likelihood often has.  Related models warm-start each other (M error
 * from its A-error twin, damped from undamped).  The admissibility region
 * (roots of the characteristic polynomial of the discount matrix) is
 * enforced by rejection, using a Schur-Cohn test that costs O(m^2)
 * instead of an eigen-decomposition.  States are handled in units of the
 * data scale.
 *
 * Seasonal states live in a ring buffer indexed by time mod m, so a step
 * costs O(1) whatever the period (R's implementation shifts m states).  The
 * tangent pass is vectorised over coordinate pairs (quadruples for the
 * state coordinates and J'J in its AVX2 clone on x86-64) and adds J'J in
 * blocks of ETS_CH time steps (same operations in the same order as step
 * by step, so the same results whatever the vector width).
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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
#define ETS_NM_MAXEVAL		400		/* objective evaluations per simplex search */
#define ETS_NM_FTOL			1e-4	/* simplex spread in lik = -2 loglik */
#define ETS_NM_XTOL			1e-4	/* simplex size, logit coordinates */
#define ETS_MAXTH			4		/* free smoothing parameters */
#define ETS_MAXK			(1 + STK_ETS_MAX_M)	/* free initial states */
#define ETS_MAXC			(ETS_MAXK + ETS_MAXTH)	/* all free coordinates */
#define ETS_KP			((ETS_MAXC + 3) & ~3)	/* the same, padded to quadruples */
#define ETS_CH			8		/* Jacobian rows per blocked update */
#define ETS_LM_MAXIT		40		/* Levenberg-Marquardt iterations */
#define ETS_LM_FTOL		1e-3	/* lik gain that counts as progress */
#define ETS_LM_MAXSTEP		0.2		/* largest smoothing-parameter step */
#define ETS_HOPELESS		10		/* AICc behind the best: skip safeguards */

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
	int			nth;			/* free smoothing parameters */
	int			nx;				/* free initial states */
} EtsShape;

/* Everything a fit needs; on the stack, shared by the candidate models. */
typedef struct EtsWork
{
	const double *y;
	int			n;
	double		scale;			/* data scale for the state coordinates */
	EtsShape	shape;
	double		ring[STK_ETS_MAX_M];
	int			maxit;
	long		nevals;
	bool		canceled;		/* an optimiser stopped at stk_interrupted() */
	/* the search in progress: objective of the smoothing parameters */
	bool		profile;		/* initial states profiled out (linear models) */
	EtsPar		cur;			/* initial states the objective starts from */
	EtsPar		best;			/* best point seen, states included */
	double		best_lik;
	/* tangent-linear pass: state derivatives and normal equations */
	double		dring[STK_ETS_MAX_M][ETS_KP];
	double		Ap[ETS_MAXC][ETS_KP];	/* J'J, rows padded */
	double		U[ETS_CH][ETS_KP];	/* the latest Jacobian rows */
	double		A[ETS_MAXC * ETS_MAXC];
	double		L[ETS_MAXC * ETS_MAXC];
	double		H[ETS_MAXC * ETS_MAXC];
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
 * the final states.  EtsRunAs is inlined in EtsRun and EtsLik, with the
 * season and the error type as constants in EtsLik.
 */
#ifdef __GNUC__
#define ETS_INLINE inline __attribute__((always_inline))
#else
#define ETS_INLINE inline
#endif

static ETS_INLINE double
EtsRunAs(EtsWork *w, const EtsShape *sh, const EtsPar *p, double *fitted,
		 double *resid, double *sse_out, double *msesum_out, StkEtsModel *final,
		 const char season, const bool merr)
{
	const double *y = w->y;
	const int	n = w->n;
	const int	m = sh->m;
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
	if (season != 'N')
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

		if (season == 'N')
		{
			f = mu;
			e = y[t] - f;
			l = mu + alpha * e;
			b = phi * b + beta * e;
		}
		else if (season == 'A')
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
		if (season != 'N')
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

static double
EtsRun(EtsWork *w, const EtsShape *sh, const EtsPar *p, double *fitted,
	   double *resid, double *sse_out, double *msesum_out, StkEtsModel *final)
{
	return EtsRunAs(w, sh, p, fitted, resid, sse_out, msesum_out, final,
					sh->season, sh->error == 'M');
}

/*
 * The likelihood alone, what the searches call thousands of times: EtsRun
 * compiled once per season and error type, without the optional outputs
 * (the same operations, fewer branches per step).
 */
static double
EtsLik(EtsWork *w, const EtsShape *sh, const EtsPar *p)
{
	const bool	merr = (sh->error == 'M');

	switch (sh->season)
	{
		case 'N':
			return merr ? EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'N', true) :
				EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'N', false);
		case 'A':
			return merr ? EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'A', true) :
				EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'A', false);
		default:
			return merr ? EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'M', true) :
				EtsRunAs(w, sh, p, NULL, NULL, NULL, NULL, NULL, 'M', false);
	}
}

/* Map the free coordinates v to model parameters (and back). */
/*
 * Map the free smoothing coordinates v (logit space) to the smoothing
 * parameters of p.  The usual bounds are built in: beta in (lo, alpha),
 * gamma in (lo, 1 - alpha), phi in (0.8, 0.98).
 */
static void
EtsDecodeTheta(const EtsShape *sh, const double *v, EtsPar *p)
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
}

/* Inverse of EtsDecodeTheta; returns the number of free coordinates. */
static int
EtsEncodeTheta(const EtsShape *sh, const EtsPar *p, double *v)
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
	return k;
}

/* Number of initial states in R's order: level, slope, m seasonal. */
static inline int
EtsNState(const EtsShape *sh)
{
	return 1 + (sh->trend != 'N') + (sh->season != 'N' ? sh->m : 0);
}

/*
 * Free coordinates of the initial states: the level and the slope in units
 * of the data scale, the first m - 1 seasonal states (in data units, or as
 * indices for a multiplicative season); the last seasonal state keeps them
 * normalised (sum 0, or m), so moving coordinate i of the season moves s_i
 * and, the other way, s_{-m+1}.  out = x0 + step * delta.
 */
static void
EtsMoveStates(const EtsWork *w, const EtsShape *sh, const double *x0,
			  const double *delta, double step, double *out)
{
	int			k = 0,
				i = 0;
	int			m = sh->m;
	double		sscale = (sh->season == 'M') ? 1 : w->scale;

	memcpy(out, x0, sizeof(double) * EtsNState(sh));
	out[i++] += step * delta[k++] * w->scale;
	if (sh->trend != 'N')
		out[i++] += step * delta[k++] * w->scale;
	if (sh->season != 'N')
		for (int s = 0; s < m - 1; s++)
		{
			double		d = step * delta[k++] * sscale;

			out[i + s] += d;
			out[i + m - 1] -= d;
		}
}

/*
 * Solve A x = b for the symmetric positive semi-definite A whose upper
 * triangle (row-major, k x k) was accumulated; a small ridge handles
 * (near) singular systems.  b is overwritten by x.
 */
static bool
EtsSolve(EtsWork *w, int k, double *b)
{
	const double *A = w->A;
	double	   *L = w->L;
	double		dmax = 0;

	for (int i = 0; i < k; i++)
		if (A[i * k + i] > dmax)
			dmax = A[i * k + i];
	if (!(dmax > 0) || !isfinite(dmax))
		return false;
	for (int attempt = 0; attempt < 4; attempt++)
	{
		double		ridge = (attempt == 0) ? 1e-13 * dmax : dmax * pow(10.0, -12 + 3 * attempt);
		bool		ok = true;

		for (int j = 0; j < k && ok; j++)
		{
			double		d = A[j * k + j] + ridge;

			for (int q = 0; q < j; q++)
				d -= L[j * k + q] * L[j * k + q];
			if (!(d > 1e-300))
			{
				ok = false;
				break;
			}
			d = sqrt(d);
			L[j * k + j] = d;
			for (int i = j + 1; i < k; i++)
			{
				double		s = A[j * k + i];	/* (i, j) from the upper triangle */

				for (int q = 0; q < j; q++)
					s -= L[i * k + q] * L[j * k + q];
				L[i * k + j] = s / d;
			}
		}
		if (!ok)
			continue;
		for (int i = 0; i < k; i++)
		{
			double		s = b[i];

			for (int q = 0; q < i; q++)
				s -= L[i * k + q] * b[q];
			b[i] = s / L[i * k + i];
		}
		for (int i = k - 1; i >= 0; i--)
		{
			double		s = b[i];

			for (int q = i + 1; q < k; q++)
				s -= L[q * k + i] * b[q];
			b[i] = s / L[i * k + i];
		}
		for (int i = 0; i < k; i++)
			if (!isfinite(b[i]))
				return false;
		return true;
	}
	return false;
}

/*
 * The tangent pass works on pairs of coordinates with the GCC/Clang vector
 * extensions (SSE2 on x86-64, NEON on arm64; GCC's -O2 does not vectorise
 * these loops itself): the operations are element-wise, in the order of the
 * scalar code, so the results are those of a scalar loop (no reassociation,
 * no FMA); the smoothing-parameter terms, zero for the state coordinates,
 * can only change the sign of a zero.  The state coordinates (most of
 * them: 13 of 17 for a monthly Holt-Winters) therefore run a loop without
 * those terms, and without the slope's derivative when there is no trend
 * (phi = beta = 0): the same values, up to the sign of a zero, which never
 * reaches a result (zeros are only added and multiplied; divisors are the
 * Cholesky pivots, kept away from zero).  Coordinate arrays are padded to a
 * multiple of four with zeros.
 */
typedef double EtsV2 __attribute__((vector_size(16)));

/*
 * On x86-64 (GCC, glibc) the two hot functions of the pass are also
 * compiled for AVX2 and the one the CPU runs is picked at load time: the
 * same element-wise operations, in three-operand encoding (a product takes
 * its operand from memory, no register copies) and, for the J'J update,
 * four coordinates per register.  Not FMA: a fused multiply-add rounds once
 * and would change the results.
 */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define ETS_AVX2_CLONES 1
#define ETS_HOT __attribute__((target_clones("avx2", "default")))
#else
#define ETS_HOT
#endif

/*
 * The state coordinates (see EtsTangentK) in vectors of ETS_WS: four with
 * the AVX2 clones (two SSE2 registers in the default clone), else two.
 * Unaligned, and may alias the arrays of doubles they are loaded from.
 */
#ifdef ETS_AVX2_CLONES
#define ETS_WS 4
#else
#define ETS_WS 2
#endif
typedef double EtsVS __attribute__((vector_size(8 * ETS_WS), aligned(8), may_alias));

#define VS_LOAD(p) (*(const EtsVS *) (p))
#define VS_STORE(p, v) (*(EtsVS *) (p) = (v))

static inline EtsV2
V2Load(const double *p)
{
	EtsV2		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
V2Store(double *p, EtsV2 v)
{
	memcpy(p, &v, sizeof(v));
}

static inline EtsV2
V2Set(double x)
{
	EtsV2		v = {x, x};

	return v;
}

/*
 * Add the outer products of ETS_CH rows of U (k coordinates each) to the
 * upper triangle of Ap, rows in time order: each element of Ap receives its
 * terms in the same sequence as with one update per time step.
 */
#ifdef ETS_AVX2_CLONES
/*
 * Four coordinates at a time (one AVX2 register; two SSE2 ones in the
 * default clone), from the quadruple holding the diagonal: the few elements
 * left of it are computed and never read; U's columns from k to the next
 * multiple of four are zero (rows padded to ETS_KP).
 */
typedef double EtsV4 __attribute__((vector_size(32)));

ETS_HOT static void
EtsFlush(double (*Ap)[ETS_KP], double (*U)[ETS_KP], int k)
{
#define ETS_V4SET(x) ((EtsV4) {(x), (x), (x), (x)})
	for (int i = 0; i < k; i++)
	{
		EtsV4		b0 = ETS_V4SET(U[0][i]),
					b1 = ETS_V4SET(U[1][i]),
					b2 = ETS_V4SET(U[2][i]),
					b3 = ETS_V4SET(U[3][i]),
					b4 = ETS_V4SET(U[4][i]),
					b5 = ETS_V4SET(U[5][i]),
					b6 = ETS_V4SET(U[6][i]),
					b7 = ETS_V4SET(U[7][i]);

		for (int c = i & ~3; c < k; c += 4)
		{
			EtsV4		acc,
						u0,
						u1,
						u2,
						u3,
						u4,
						u5,
						u6,
						u7;

			memcpy(&acc, &Ap[i][c], sizeof(acc));
			memcpy(&u0, &U[0][c], sizeof(acc));
			memcpy(&u1, &U[1][c], sizeof(acc));
			memcpy(&u2, &U[2][c], sizeof(acc));
			memcpy(&u3, &U[3][c], sizeof(acc));
			memcpy(&u4, &U[4][c], sizeof(acc));
			memcpy(&u5, &U[5][c], sizeof(acc));
			memcpy(&u6, &U[6][c], sizeof(acc));
			memcpy(&u7, &U[7][c], sizeof(acc));
			acc = acc + b0 * u0;
			acc = acc + b1 * u1;
			acc = acc + b2 * u2;
			acc = acc + b3 * u3;
			acc = acc + b4 * u4;
			acc = acc + b5 * u5;
			acc = acc + b6 * u6;
			acc = acc + b7 * u7;
			memcpy(&Ap[i][c], &acc, sizeof(acc));
		}
	}
#undef ETS_V4SET
}
#else
/* Two coordinates at a time, from the pair holding the diagonal. */
static void
EtsFlush(double (*Ap)[ETS_KP], double (*U)[ETS_KP], int k)
{
	for (int i = 0; i < k; i++)
	{
		EtsV2		b0 = V2Set(U[0][i]),
					b1 = V2Set(U[1][i]),
					b2 = V2Set(U[2][i]),
					b3 = V2Set(U[3][i]),
					b4 = V2Set(U[4][i]),
					b5 = V2Set(U[5][i]),
					b6 = V2Set(U[6][i]),
					b7 = V2Set(U[7][i]);

		for (int c = i & ~1; c < k; c += 2)
		{
			EtsV2		acc = V2Load(&Ap[i][c]);

			acc = acc + b0 * V2Load(&U[0][c]);
			acc = acc + b1 * V2Load(&U[1][c]);
			acc = acc + b2 * V2Load(&U[2][c]);
			acc = acc + b3 * V2Load(&U[3][c]);
			acc = acc + b4 * V2Load(&U[4][c]);
			acc = acc + b5 * V2Load(&U[5][c]);
			acc = acc + b6 * V2Load(&U[6][c]);
			acc = acc + b7 * V2Load(&U[7][c]);
			V2Store(&Ap[i][c], acc);
		}
	}
}
#endif							/* ETS_AVX2_CLONES */

/*
 * Tangent-linear pass: the likelihood at p and the Gauss-Newton normal
 * equations in k = nth + nx coordinates: nth smoothing coordinates (column
 * c moves alpha, beta, gamma, phi by T[0..3][c]) and, when the states are
 * free, the nx state coordinates of EtsMoveStates.  The derivatives of the
 * states are carried along the recursion, one vector per state, and the
 * normal equations accumulated on the fly: no n x k Jacobian is stored
 * (only ETS_CH rows at a time, for a blocked update).
 * The likelihood is a sum of squares: of the errors e_t for additive error,
 * of r_t G for multiplicative error (r_t = e_t / yhat_t, G the geometric
 * mean of yhat, see EtsRun).  On return w->A holds the upper triangle of
 * J'J, g holds -J'res (so that the Gauss-Newton step solves A d = g) and
 * *ssq the sum of squares in the units of A.  Returns ETS_REJECT when the
 * run fails.
 */
ETS_HOT static double
EtsTangentK(EtsWork *w, const EtsShape *sh, const EtsPar *p, int nth,
			double T[4][ETS_MAXTH], double *g, double *ssq)
{
	const double *y = w->y;
	const int	n = w->n;
	const int	m = sh->m;
	const int	k = nth + sh->nx;
	/* the coordinate pairs that hold a smoothing parameter */
	const int	cfull = (nth + 1) & ~1;
	/* the state coordinates run from cfull to kend, by ETS_WS */
	const int	kend = cfull + (k - cfull + ETS_WS - 1) / ETS_WS * ETS_WS;
	const bool	merr = (sh->error == 'M');
	const bool	trend = (sh->trend != 'N');
	const char	season = sh->season;
	const double alpha = p->alpha;
	const double beta = trend ? p->beta : 0;
	const double phi = trend ? (sh->damped ? p->phi : 1) : 0;
	const double gamma = p->gamma;
	const int	soff = nth + (trend ? 2 : 1);
	const EtsV2 valpha = V2Set(alpha),
				vbeta = V2Set(beta),
				vphi = V2Set(phi),
				vgamma = V2Set(gamma);
	double	   *ring = w->ring;
	double	   *A = w->A;
	double		(*Ap)[ETS_KP] = w->Ap;
	double		(*U)[ETS_KP] = w->U;
	double		dl[ETS_KP],
				db[ETS_KP],
				cv[ETS_KP],
				gv[ETS_KP];
	/* smoothing-parameter coefficients, zero for the state coordinates */
	double		ca[ETS_KP],
				cb[ETS_KP],
				cg[ETS_KP],
				cp[ETS_KP];
	double		l = p->x0[0];
	double		b = trend ? p->x0[1] : 0;
	double		sse = 0,
				logsum = 0,
				prod = 1;
	int			j = 0,
				row = 0;

	w->nevals++;
	for (int i = 0; i < k; i++)
		memset(Ap[i], 0, sizeof(double) * ((k + 3) & ~3));
	memset(U, 0, sizeof(double) * ETS_CH * ETS_KP);
	for (int c = 0; c < ETS_KP; c++)
		dl[c] = db[c] = cv[c] = gv[c] = ca[c] = cb[c] = cg[c] = cp[c] = 0;
	for (int c = 0; c < nth; c++)
	{
		ca[c] = T[0][c];
		cb[c] = trend ? T[1][c] : 0;
		cg[c] = T[2][c];
		cp[c] = trend ? T[3][c] : 0;
	}
	if (sh->nx > 0)
	{
		dl[nth] = w->scale;
		if (trend)
			db[nth + 1] = w->scale;
	}
	if (season != 'N')
	{
		double		sscale = (season == 'M') ? 1 : w->scale;

		for (int q = 0; q < m; q++)
		{
			ring[q] = p->x0[(trend ? 2 : 1) + m - 1 - q];
			for (int c = 0; c < ETS_KP; c++)
				w->dring[q][c] = 0;
		}
		if (sh->nx > 0)
			for (int i = 0; i < m - 1; i++)
			{
				w->dring[m - 1 - i][soff + i] = sscale;
				w->dring[0][soff + i] = -sscale;
			}
	}

	for (int t = 0; t < n; t++)
	{
		double		mu = l + phi * b;
		double		f,
					e,
					s = 0,
					r = 0,
					wgt = 0;
		double	   *u = U[row];
		double	   *dr = w->dring[j];
		EtsV2		ve,
					vb,
					vw,
					vf,
					vr;

		if (season == 'N')
			f = mu;
		else
		{
			s = ring[j];
			if (season == 'A')
				f = mu + s;
			else
			{
				/* multiplicative season needs a positive level and index */
				if (!(mu > 0 && s > 0))
					return ETS_REJECT;
				f = mu * s;
			}
		}
		e = y[t] - f;
		if (merr)
		{
			if (!(f > 0))
				return ETS_REJECT;
			r = e / f;
			wgt = y[t] / (f * f);
			sse += r * r;
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
			sse += e * e;
		ve = V2Set(e);
		vb = V2Set(b);
		vw = V2Set(wgt);
		vf = V2Set(f);
		vr = V2Set(r);

/* the Jacobian row (derivative of the residual) and the gradient */
#define ETS_EMIT(c, vdf) \
		do { \
			if (merr) \
			{ \
				EtsV2		vu_ = (vdf) * vw; \
 \
				V2Store(u + (c), vu_); \
				V2Store(cv + (c), V2Load(cv + (c)) + (vdf) / vf); \
				V2Store(gv + (c), V2Load(gv + (c)) + vr * vu_); \
			} \
			else \
			{ \
				V2Store(u + (c), (vdf)); \
				V2Store(gv + (c), V2Load(gv + (c)) + ve * (vdf)); \
			} \
		} while (0)
/* the same for ETS_WS state coordinates */
#define ETS_EMIT_S(c, vdf) \
		do { \
			if (merr) \
			{ \
				EtsVS		vu_ = (vdf) * wgt; \
 \
				VS_STORE(u + (c), vu_); \
				VS_STORE(cv + (c), VS_LOAD(cv + (c)) + (vdf) / f); \
				VS_STORE(gv + (c), VS_LOAD(gv + (c)) + r * vu_); \
			} \
			else \
			{ \
				VS_STORE(u + (c), (vdf)); \
				VS_STORE(gv + (c), VS_LOAD(gv + (c)) + e * (vdf)); \
			} \
		} while (0)

		if (season == 'N')
		{
			int			c;

			for (c = 0; c < cfull; c += 2)
			{
				EtsV2		vdl = V2Load(dl + c),
							vdb = V2Load(db + c),
							vcp = V2Load(cp + c),
							vdf;

				vdf = vdl + vphi * vdb + vcp * vb;
				V2Store(dl + c, vdf - valpha * vdf + V2Load(ca + c) * ve);
				V2Store(db + c, vphi * vdb + vcp * vb - vbeta * vdf + V2Load(cb + c) * ve);
				ETS_EMIT(c, vdf);
			}
			/* the state columns: the same without the zero terms */
			if (trend)
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdl = VS_LOAD(dl + c),
								vdb = VS_LOAD(db + c),
								vdf;

					vdf = vdl + phi * vdb;
					VS_STORE(dl + c, vdf - alpha * vdf);
					VS_STORE(db + c, phi * vdb - beta * vdf);
					ETS_EMIT_S(c, vdf);
				}
			else
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdf = VS_LOAD(dl + c);

					VS_STORE(dl + c, vdf - alpha * vdf);
					ETS_EMIT_S(c, vdf);
				}
			l = mu + alpha * e;
			b = phi * b + beta * e;
		}
		else if (season == 'A')
		{
			int			c;

			for (c = 0; c < cfull; c += 2)
			{
				EtsV2		vdl = V2Load(dl + c),
							vdb = V2Load(db + c),
							vcp = V2Load(cp + c),
							vdr = V2Load(dr + c),
							vdm,
							vdf;

				vdm = vdl + vphi * vdb + vcp * vb;
				vdf = vdm + vdr;
				V2Store(dl + c, vdm - valpha * vdf + V2Load(ca + c) * ve);
				V2Store(db + c, vphi * vdb + vcp * vb - vbeta * vdf + V2Load(cb + c) * ve);
				V2Store(dr + c, vdr + (V2Load(cg + c) * ve - vgamma * vdf));
				ETS_EMIT(c, vdf);
			}
			if (trend)
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdl = VS_LOAD(dl + c),
								vdb = VS_LOAD(db + c),
								vdr = VS_LOAD(dr + c),
								vdm,
								vdf;

					vdm = vdl + phi * vdb;
					vdf = vdm + vdr;
					VS_STORE(dl + c, vdm - alpha * vdf);
					VS_STORE(db + c, phi * vdb - beta * vdf);
					VS_STORE(dr + c, vdr - gamma * vdf);
					ETS_EMIT_S(c, vdf);
				}
			else
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdl = VS_LOAD(dl + c),
								vdr = VS_LOAD(dr + c),
								vdf;

					vdf = vdl + vdr;
					VS_STORE(dl + c, vdl - alpha * vdf);
					VS_STORE(dr + c, vdr - gamma * vdf);
					ETS_EMIT_S(c, vdf);
				}
			l = mu + alpha * e;
			b = phi * b + beta * e;
			ring[j] = s + gamma * e;
		}
		else
		{
			double		q = e / s,
						emu = e / mu;
			EtsV2		vs = V2Set(s),
						vmu = V2Set(mu),
						vq = V2Set(q),
						vemu = V2Set(emu);

			int			c;

			for (c = 0; c < cfull; c += 2)
			{
				EtsV2		vdl = V2Load(dl + c),
							vdb = V2Load(db + c),
							vcp = V2Load(cp + c),
							vdr = V2Load(dr + c),
							vdm,
							vdf,
							vdq;

				vdm = vdl + vphi * vdb + vcp * vb;
				vdf = vdm * vs + vmu * vdr;
				vdq = (-vdf - vq * vdr) / vs;
				V2Store(dl + c, vdm + valpha * vdq + V2Load(ca + c) * vq);
				V2Store(db + c, vphi * vdb + vbeta * vdq + (vcp * vb + V2Load(cb + c) * vq));
				V2Store(dr + c, vdr + vgamma * (-vdf - vemu * vdm) / vmu + V2Load(cg + c) * vemu);
				ETS_EMIT(c, vdf);
			}
			if (trend)
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdl = VS_LOAD(dl + c),
								vdb = VS_LOAD(db + c),
								vdr = VS_LOAD(dr + c),
								vdm,
								vdf,
								vdq;

					vdm = vdl + phi * vdb;
					vdf = vdm * s + mu * vdr;
					vdq = (-vdf - q * vdr) / s;
					VS_STORE(dl + c, vdm + alpha * vdq);
					VS_STORE(db + c, phi * vdb + beta * vdq);
					VS_STORE(dr + c, vdr + gamma * (-vdf - emu * vdm) / mu);
					ETS_EMIT_S(c, vdf);
				}
			else
				for (; c < kend; c += ETS_WS)
				{
					EtsVS		vdm = VS_LOAD(dl + c),
								vdr = VS_LOAD(dr + c),
								vdf,
								vdq;

					vdf = vdm * s + mu * vdr;
					vdq = (-vdf - q * vdr) / s;
					VS_STORE(dl + c, vdm + alpha * vdq);
					VS_STORE(dr + c, vdr + gamma * (-vdf - emu * vdm) / mu);
					ETS_EMIT_S(c, vdf);
				}
			l = mu + alpha * q;
			b = phi * b + beta * q;
			ring[j] = s + gamma * emu;
		}
#undef ETS_EMIT
#undef ETS_EMIT_S
		if (++j == m)
			j = 0;
		if (++row == ETS_CH)
		{
			EtsFlush(Ap, U, k);
			row = 0;
		}
	}
	if (row > 0)
	{
		/* zero rows add nothing */
		for (int r = row; r < ETS_CH; r++)
			memset(U[r], 0, sizeof(double) * ETS_KP);
		EtsFlush(Ap, U, k);
	}
	if (!isfinite(sse) || !isfinite(l) || !isfinite(b))
		return ETS_REJECT;
	for (int i = 0; i < k; i++)
		for (int c = i; c < k; c++)
			A[i * k + c] = Ap[i][c];
	for (int c = 0; c < k; c++)
		g[c] = gv[c];
	*ssq = sse;
	if (merr)
	{
		/*
		 * The residuals are r_t G: their derivative is G (-u_t + r_t c) with
		 * c = mean(d yhat / yhat); expand the normal equations in the sums
		 * accumulated above (g holds sum r u).  G^2 cancels out.
		 */
		for (int c = 0; c < k; c++)
			cv[c] /= n;
		for (int i = 0; i < k; i++)
			for (int c = i; c < k; c++)
				A[i * k + c] += -g[i] * cv[c] - cv[i] * g[c] + sse * cv[i] * cv[c];
		for (int c = 0; c < k; c++)
			g[c] -= sse * cv[c];
		logsum += log(prod);
		if (sse < 1e-20 * n)
			sse = 1e-20 * n;
		return n * log(sse) + 2 * logsum;
	}
	if (sse < 1e-20 * n * w->scale * w->scale)
		sse = 1e-20 * n * w->scale * w->scale;
	return n * log(sse);
}

/* g' d for the solution d of A d = g: the predicted drop of the sum of squares */
static double
EtsQuad(const EtsWork *w, int k, const double *d)
{
	double		q = 0;

	for (int i = 0; i < k; i++)
	{
		double		s = 0;

		for (int c = 0; c < k; c++)
			s += (c >= i ? w->A[i * k + c] : w->A[c * k + i]) * d[c];
		q += s * d[i];
	}
	return q;
}

/*
 * The Gauss-Newton step for the initial states alone (smoothing parameters
 * fixed) into delta; returns the likelihood at p.  For the linear models
 * (additive error and components) the errors are affine in the states, so
 * the step is the exact least-squares solution and *pred the exact
 * profiled likelihood; otherwise *pred is the Gauss-Newton prediction.
 */
static double
EtsTangent(EtsWork *w, const EtsShape *sh, const EtsPar *p, double *delta,
		   double *pred)
{
	int			k = sh->nx;
	double		ssq,
				lik;

	lik = EtsTangentK(w, sh, p, 0, NULL, delta, &ssq);
	if (lik >= ETS_REJECT)
		return lik;
	if (k > 0 && EtsSolve(w, k, delta))
	{
		double		rest = ssq - EtsQuad(w, k, delta);

		if (rest < 1e-12 * ssq)
			rest = 1e-12 * ssq;
		*pred = lik + (ssq > 0 ? w->n * log(rest / ssq) : 0);
	}
	else
	{
		for (int c = 0; c < k; c++)
			delta[c] = 0;
		*pred = lik;
	}
	return lik;
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


/*
 * The objective of the smoothing-parameter simplex: -2 loglik at the
 * decoded parameters, the initial states held at w->cur.  The best point
 * seen is kept in w->best.
 */
static double
EtsObjective(EtsWork *w, const double *v)
{
	const EtsShape *sh = &w->shape;
	EtsPar		p = w->cur;
	double		lik;

	EtsDecodeTheta(sh, v, &p);
	if (!stk_ets_admissible(sh->trend, sh->season, sh->damped, p.alpha,
							p.beta, p.gamma, p.phi, sh->m))
		return ETS_REJECT;
	lik = EtsLik(w, sh, &p);
	if (lik < w->best_lik)
	{
		w->best_lik = lik;
		w->best = p;
	}
	return lik;
}

/*
 * Nelder-Mead over the (at most four) free smoothing coordinates, in logit
 * space, no allocation.  Stops when the simplex values agree within
 * ETS_NM_FTOL, the simplex is tiny, or after maxeval evaluations (*hit),
 * or when stk_interrupted() says so (w->canceled).  x is the start on
 * entry and the best vertex on exit.
 */
static double
EtsNelderMead(EtsWork *w, int d, double *x, double step, int maxeval, bool *hit)
{
	double		S[ETS_MAXTH + 1][ETS_MAXTH];
	double		F[ETS_MAXTH + 1];
	double		c[ETS_MAXTH],
				xr[ETS_MAXTH],
				xe[ETS_MAXTH];
	int			nev = 0;
	int			ord[ETS_MAXTH + 1];

	*hit = false;
	for (int i = 0; i <= d; i++)
	{
		memcpy(S[i], x, sizeof(double) * d);
		if (i > 0)
			S[i][i - 1] += step;
		F[i] = EtsObjective(w, S[i]);
		nev++;
		if (i > 0 && F[i] >= ETS_REJECT)
		{
			S[i][i - 1] -= 2 * step;
			F[i] = EtsObjective(w, S[i]);
			nev++;
		}
	}
	for (;;)
	{
		int			ib,
					iw,
					is;
		double		fr;
		double		size = 0;

		/* an iteration is one to d + 2 passes over the series */
		if (stk_interrupted())
		{
			w->canceled = true;
			break;
		}
		/* order the vertices: ord[0] best, ord[d] worst */
		for (int i = 0; i <= d; i++)
			ord[i] = i;
		for (int i = 1; i <= d; i++)
			for (int q = i; q > 0 && F[ord[q]] < F[ord[q - 1]]; q--)
			{
				int			tmp = ord[q];

				ord[q] = ord[q - 1];
				ord[q - 1] = tmp;
			}
		ib = ord[0];
		iw = ord[d];
		is = ord[d - 1];
		for (int i = 0; i <= d; i++)
			for (int q = 0; q < d; q++)
				size = fmax(size, fabs(S[i][q] - S[ib][q]));
		if (F[iw] - F[ib] <= ETS_NM_FTOL || size < ETS_NM_XTOL)
			break;
		if (nev >= maxeval)
		{
			*hit = true;
			break;
		}
		for (int q = 0; q < d; q++)
		{
			c[q] = 0;
			for (int i = 0; i <= d; i++)
				if (i != iw)
					c[q] += S[i][q];
			c[q] /= d;
			xr[q] = 2 * c[q] - S[iw][q];
		}
		fr = EtsObjective(w, xr);
		nev++;
		if (fr < F[ib])
		{
			double		fe;

			for (int q = 0; q < d; q++)
				xe[q] = 3 * c[q] - 2 * S[iw][q];
			fe = EtsObjective(w, xe);
			nev++;
			if (fe < fr)
			{
				memcpy(S[iw], xe, sizeof(double) * d);
				F[iw] = fe;
			}
			else
			{
				memcpy(S[iw], xr, sizeof(double) * d);
				F[iw] = fr;
			}
		}
		else if (fr < F[is])
		{
			memcpy(S[iw], xr, sizeof(double) * d);
			F[iw] = fr;
		}
		else
		{
			bool		outside = fr < F[iw];
			double		fc;

			for (int q = 0; q < d; q++)
				xe[q] = outside ? c[q] + 0.5 * (xr[q] - c[q]) : c[q] + 0.5 * (S[iw][q] - c[q]);
			fc = EtsObjective(w, xe);
			nev++;
			if (fc < (outside ? fr : F[iw]))
			{
				memcpy(S[iw], xe, sizeof(double) * d);
				F[iw] = fc;
			}
			else
			{
				/* shrink towards the best vertex */
				for (int i = 0; i <= d; i++)
				{
					if (i == ib)
						continue;
					for (int q = 0; q < d; q++)
						S[i][q] = S[ib][q] + 0.5 * (S[i][q] - S[ib][q]);
					F[i] = EtsObjective(w, S[i]);
					nev++;
				}
			}
		}
	}
	{
		int			ib = 0;

		for (int i = 1; i <= d; i++)
			if (F[i] < F[ib])
				ib = i;
		memcpy(x, S[ib], sizeof(double) * d);
		return F[ib];
	}
}

/* Which smoothing parameters are free (0 alpha, 1 beta, 2 gamma, 3 phi). */
static int
EtsFreeTheta(const EtsShape *sh, int *which)
{
	int			k = 0;

	if (isnan(sh->fix_alpha))
		which[k++] = 0;
	if (sh->trend != 'N' && isnan(sh->fix_beta))
		which[k++] = 1;
	if (sh->season != 'N' && isnan(sh->fix_gamma))
		which[k++] = 2;
	if (sh->damped && isnan(sh->fix_phi))
		which[k++] = 3;
	return k;
}

/*
 * Coordinates of the smoothing parameters for Levenberg-Marquardt: alpha,
 * beta / alpha, gamma / (1 - alpha) and phi, so that the usual bounds
 * (beta < alpha, gamma < 1 - alpha) become bounds on each coordinate.
 */
static double
EtsLmCoord(const EtsPar *p, int which)
{
	switch (which)
	{
		case 0:
			return p->alpha;
		case 1:
			return p->beta / p->alpha;
		case 2:
			return p->gamma / (1 - p->alpha);
		default:
			return p->phi;
	}
}

/* Bounds of coordinate 'which' given alpha (those of EtsDecodeTheta). */
static void
EtsLmBounds(const EtsShape *sh, int which, double alpha, double *lo, double *hi)
{
	switch (which)
	{
		case 0:
			*lo = ETS_LO;
			*hi = ETS_HI;
			if (!isnan(sh->fix_beta) && sh->fix_beta > *lo)
				*lo = sh->fix_beta;
			if (!isnan(sh->fix_gamma) && 1 - sh->fix_gamma < *hi)
				*hi = 1 - sh->fix_gamma;
			break;
		case 1:
			*lo = ETS_LO / alpha;
			*hi = fmin(ETS_HI, alpha) / alpha;
			break;
		case 2:
			*lo = ETS_LO / (1 - alpha);
			*hi = fmin(ETS_HI, 1 - alpha) / (1 - alpha);
			break;
		default:
			*lo = ETS_PHI_LO;
			*hi = ETS_PHI_HI;
			break;
	}
	if (*hi < *lo)
		*hi = *lo;
}

/* d(alpha, beta, gamma, phi) / d(coordinates) at p. */
static void
EtsLmJac(const EtsPar *p, int nth, const int *which, double T[4][ETS_MAXTH])
{
	memset(T, 0, sizeof(double) * 4 * ETS_MAXTH);
	for (int c = 0; c < nth; c++)
		switch (which[c])
		{
			case 0:
				T[0][c] = 1;
				for (int q = 0; q < nth; q++)
				{
					if (which[q] == 1)
						T[1][c] = p->beta / p->alpha;
					if (which[q] == 2)
						T[2][c] = -p->gamma / (1 - p->alpha);
				}
				break;
			case 1:
				T[1][c] = p->alpha;
				break;
			case 2:
				T[2][c] = 1 - p->alpha;
				break;
			default:
				T[3][c] = 1;
				break;
		}
}

/*
 * Levenberg-Marquardt on all free coordinates (smoothing parameters in the
 * coordinates of EtsLmCoord, kept in their bounds by projection, and the
 * initial states) with the analytic Jacobian of the tangent pass.  A
 * coordinate on a bound that the gradient pushes outwards is held there
 * for the step (active set), so bounds do not stall the search the way a
 * logistic reparametrisation does.  p is updated in place; returns its
 * likelihood.  Stops when stk_interrupted() says so (w->canceled).
 */
static double
EtsLevMar(EtsWork *w, const EtsShape *sh, EtsPar *p, double lik, int maxit,
		  double give_up)
{
	const int	nth = sh->nth;
	const int	k = nth + sh->nx;
	int			which[ETS_MAXTH];
	double		T[4][ETS_MAXTH];
	double		g[ETS_MAXC];
	double		ssq;
	double		lambda = 1e-3;
	int			small = 0;

	(void) EtsFreeTheta(sh, which);
	EtsLmJac(p, nth, which, T);
	if (EtsTangentK(w, sh, p, nth, T, g, &ssq) >= ETS_REJECT)
		return lik;
	memcpy(w->H, w->A, sizeof(double) * k * k);
	for (int it = 0; it < maxit; it++)
	{
		double		d[ETS_MAXC];
		double		lq = ETS_REJECT;
		bool		active[ETS_MAXC];
		EtsPar		q = *p;

		/* an iteration is a pass and a tangent pass, O(n k) */
		if (stk_interrupted())
		{
			w->canceled = true;
			break;
		}

		for (int i = 0; i < k; i++)
		{
			active[i] = false;
			if (i < nth)
			{
				double		lo,
							hi,
							x = EtsLmCoord(p, which[i]);

				EtsLmBounds(sh, which[i], p->alpha, &lo, &hi);
				active[i] = (x <= lo * (1 + 1e-9) && g[i] < 0) ||
					(x >= hi * (1 - 1e-9) && g[i] > 0);
			}
		}
		for (int i = 0; i < k; i++)
		{
			for (int c = i; c < k; c++)
				w->A[i * k + c] = (active[i] || active[c]) ? 0 : w->H[i * k + c];
			w->A[i * k + i] = active[i] ? 1 : w->H[i * k + i] * (1 + lambda);
			d[i] = active[i] ? 0 : g[i];
		}
		if (EtsSolve(w, k, d))
		{
			double		big = 0;
			double		x[4];

			/* a trust region for the smoothing parameters: no long jumps */
			for (int c = 0; c < nth; c++)
				big = fmax(big, fabs(d[c]));
			if (big > ETS_LM_MAXSTEP)
				for (int c = 0; c < k; c++)
					d[c] *= ETS_LM_MAXSTEP / big;
			for (int c = 0; c < 4; c++)
				x[c] = NAN;
			for (int c = 0; c < nth; c++)
				x[which[c]] = EtsLmCoord(p, which[c]) + d[c];
			/* alpha first: the other bounds depend on it */
			if (!isnan(x[0]))
			{
				double		lo,
							hi;

				EtsLmBounds(sh, 0, q.alpha, &lo, &hi);
				q.alpha = fmin(fmax(x[0], lo), hi);
			}
			for (int c = 1; c < 4; c++)
			{
				double		lo,
							hi,
							xc;

				if (isnan(x[c]))
				{
					/* free beta or gamma follow alpha along their ratio */
					if (c == 1 || c == 2)
					{
						bool		isfree = false;

						for (int q2 = 0; q2 < nth; q2++)
							isfree |= which[q2] == c;
						if (!isfree)
							continue;
					}
					else
						continue;
					x[c] = EtsLmCoord(p, c);
				}
				EtsLmBounds(sh, c, q.alpha, &lo, &hi);
				xc = fmin(fmax(x[c], lo), hi);
				if (c == 1)
					q.beta = xc * q.alpha;
				else if (c == 2)
					q.gamma = xc * (1 - q.alpha);
				else
					q.phi = xc;
			}
			if (sh->nx > 0)
				EtsMoveStates(w, sh, p->x0, d + nth, 1.0, q.x0);
			if (stk_ets_admissible(sh->trend, sh->season, sh->damped, q.alpha,
								   q.beta, q.gamma, q.phi, sh->m))
				lq = EtsLik(w, sh, &q);
		}
		if (lq < lik)
		{
			double		gain = lik - lq;

			*p = q;
			lik = lq;
			lambda = fmax(lambda * 0.2, 1e-10);
			if (gain < ETS_LM_FTOL)
			{
				if (++small >= 2)
					break;
			}
			else
				small = 0;
			if (lik > give_up && it >= 4)
				break;
			EtsLmJac(p, nth, which, T);
			if (EtsTangentK(w, sh, p, nth, T, g, &ssq) >= ETS_REJECT)
				break;
			memcpy(w->H, w->A, sizeof(double) * k * k);
		}
		else
		{
			lambda *= 10;
			if (lambda > 1e8)
				break;
		}
	}
	return lik;
}

/* Likelihood of a starting point, its states profiled for linear models. */
static double
EtsStartLik(EtsWork *w, const EtsShape *sh, EtsPar *p)
{
	if (!stk_ets_admissible(sh->trend, sh->season, sh->damped, p->alpha,
							p->beta, p->gamma, p->phi, sh->m))
		return ETS_REJECT;
	if (w->profile)
	{
		double		delta[ETS_MAXK],
					pred;

		if (EtsTangent(w, sh, p, delta, &pred) >= ETS_REJECT)
			return ETS_REJECT;
		EtsMoveStates(w, sh, p->x0, delta, 1.0, p->x0);
	}
	return EtsLik(w, sh, p);
}

/*
 * Fit one model shape.
 *	- Starting points: R's (alpha small, beta and gamma a fraction of their
 *	  range, phi near its upper bound, heuristic states), the fit of a
 *	  related model (warm), and three livelier or stiller ones; for linear
 *	  models (additive error, no multiplicative season) the states of each
 *	  are first set to their exact least-squares values for its smoothing
 *	  parameters (one tangent pass).
 *	- Levenberg-Marquardt on everything from the best start; Nelder-Mead on
 *	  the smoothing parameters alone (states held, cheap runs) to leave a
 *	  basin; Levenberg-Marquardt again if that helped; and
 *	  Levenberg-Marquardt from the second-best start, given up when it
 *	  lags far behind.
 * With the states fixed by the caller only the simplex runs; with all
 * smoothing parameters fixed, Levenberg-Marquardt on the states alone.
 * STK_ECANCELED when stk_interrupted() stopped a search.
 */
static StkStatus
EtsFitShape(EtsWork *w, const EtsShape *shape, const double *sidx,
			const EtsPar *warm, double lik_hopeless, EtsFit *fit)
{
	EtsShape   *sh = &w->shape;
	EtsPar		start,
				base,
				second;
	double		v[ETS_MAXTH];
	double		lik,
				lik2 = ETS_REJECT;
	int			nstate;
	bool		hit = false;
	int			maxeval;

	*sh = *shape;
	nstate = EtsNState(sh);
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
		memcpy(start.x0, sh->fix_states, sizeof(double) * nstate);
	else
		EtsStartStates(w->y, w->n, sh, sidx, start.x0);
	if (!sh->damped)
		start.phi = 1;

	sh->nth = EtsEncodeTheta(sh, &start, v);
	sh->nx = sh->fix_states ? 0 : nstate - (sh->season != 'N' ? 1 : 0);
	w->profile = sh->nx > 0 && sh->error == 'A' && sh->season != 'M';
	fit->converged = true;
	maxeval = (w->maxit < ETS_NM_MAXEVAL) ? w->maxit : ETS_NM_MAXEVAL;

	base = start;
	lik = EtsStartLik(w, sh, &start);
	if (warm)
	{
		/* the related fit, with this model's fixed values */
		EtsPar		q = *warm;
		double		lq;

		if (!isnan(sh->fix_alpha))
			q.alpha = sh->fix_alpha;
		if (!isnan(sh->fix_beta))
			q.beta = sh->fix_beta;
		if (!isnan(sh->fix_gamma))
			q.gamma = sh->fix_gamma;
		if (!isnan(sh->fix_phi))
			q.phi = sh->fix_phi;
		if (!sh->damped)
			q.phi = 1;
		if (sh->fix_states)
			memcpy(q.x0, sh->fix_states, sizeof(double) * nstate);
		lq = EtsStartLik(w, sh, &q);
		if (lq < lik)
		{
			second = start;
			lik2 = lik;
			start = q;
			lik = lq;
		}
		else
		{
			second = q;
			lik2 = lq;
		}
	}
	if (sh->nth > 0 && sh->nx > 0)
	{
		/*
		 * More starting points, with livelier smoothing or a still season:
		 * the likelihood often has a second basin (say gamma near 0 or
		 * not) that a local search from R's start cannot leave.  Each
		 * costs one pass.
		 */
		static const double alt[][3] = {{0.2, 0.1, 0.2}, {0.5, 0.1, 0.3}, {0.7, 0.01, 1e-3}};

		for (int i = 0; i < (int) (sizeof(alt) / sizeof(alt[0])); i++)
		{
			EtsPar		q = base;
			double		lq;

			if (isnan(sh->fix_alpha))
				q.alpha = alt[i][0];
			if (isnan(sh->fix_beta) && sh->trend != 'N')
				q.beta = fmax(ETS_LO, alt[i][1] * q.alpha);
			if (isnan(sh->fix_gamma) && sh->season != 'N')
				q.gamma = fmax(ETS_LO, fmin(alt[i][2], 0.9 * (1 - q.alpha)));
			if (isnan(sh->fix_phi) && sh->damped)
				q.phi = 0.95;
			lq = EtsStartLik(w, sh, &q);
			if (lq < lik)
			{
				second = start;
				lik2 = lik;
				start = q;
				lik = lq;
			}
			else if (lq < lik2)
			{
				second = q;
				lik2 = lq;
			}
		}
	}
	(void) EtsEncodeTheta(sh, &start, v);
	w->cur = start;
	w->best = start;
	w->best_lik = lik;

	if (sh->nth > 0 && sh->nx == 0)
	{
		/* states fixed: the simplex alone, then once more from its optimum */
		(void) EtsNelderMead(w, sh->nth, v, 1.0, maxeval, &hit);
		if (w->canceled)
			return STK_ECANCELED;
		if (hit && maxeval == w->maxit)
			fit->converged = false;
		(void) EtsEncodeTheta(sh, &w->best, v);
		w->cur = w->best;
		(void) EtsNelderMead(w, sh->nth, v, 0.25, maxeval, &hit);
	}
	else if (sh->nx > 0 && lik < ETS_REJECT)
	{
		EtsPar		p = start;

		lik = EtsLevMar(w, sh, &p, lik, ETS_LM_MAXIT, ETS_REJECT);
		if (w->canceled)
			return STK_ECANCELED;
		w->best = p;
		w->best_lik = lik;
		/* far behind the best model so far: the safeguards cannot matter */
		if (lik > lik_hopeless)
			lik2 = ETS_REJECT;
		if (sh->nth > 0 && lik <= lik_hopeless)
		{
			/*
			 * Then a simplex over the smoothing parameters alone, states
			 * held (cheap runs), to leave a basin Gauss-Newton steps stay
			 * in, and Levenberg-Marquardt again when it found better.
			 */
			w->cur = w->best;
			(void) EtsEncodeTheta(sh, &w->best, v);
			(void) EtsNelderMead(w, sh->nth, v, 1.0, maxeval, &hit);
			if (w->canceled)
				return STK_ECANCELED;
			if (w->best_lik < lik - 1e-3)
			{
				p = w->best;
				lik = EtsLevMar(w, sh, &p, w->best_lik, ETS_LM_MAXIT, ETS_REJECT);
				w->best = p;
				w->best_lik = lik;
			}
		}
		if (lik2 < ETS_REJECT)
		{
			/* the runner-up start, in case it lies in a better basin */
			p = second;
			lik2 = EtsLevMar(w, sh, &p, lik2, ETS_LM_MAXIT, w->best_lik + 8);
			if (w->canceled)
				return STK_ECANCELED;
			if (lik2 < w->best_lik)
			{
				w->best = p;
				w->best_lik = lik2;
			}
		}
	}

	if (w->canceled)
		return STK_ECANCELED;
	fit->shape = *sh;
	fit->par = w->best;
	if (!stk_ets_admissible(sh->trend, sh->season, sh->damped, fit->par.alpha,
							fit->par.beta, fit->par.gamma, fit->par.phi, sh->m))
		fit->lik = ETS_REJECT;
	else
		fit->lik = EtsLik(w, sh, &fit->par);
	fit->np = sh->nth + sh->nx + 1;
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
	EtsFit	   *fits;
	bool		have[2][3][3];
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
	/* the candidates' fits, for warm starts: [error M][trend N/A/Ad][season N/A/M] */
	fits = stk_alloc(a, sizeof(EtsFit) * 18);
	if (fits == NULL)
		return STK_ENOMEM;
	memset(have, 0, sizeof(have));

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
		/*
		 * Seasonal candidates first: with a marked season they set the bar
		 * early and the non-seasonal ones are quickly given up (the warm
		 * starts never cross seasonal types, so the order is free).
		 */
		seasons[nseason++] = 'A';
		if (positive)
			seasons[nseason++] = 'M';
		seasons[nseason++] = 'N';
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

	/*
	 * Season outermost, then trend, then error: each model can start from
	 * a related one already fitted (M error from its A-error twin, damped
	 * from undamped, multiplicative season from additive).
	 */
	for (int is = 0; is < nseason; is++)
		for (int it = 0; it < ntrend; it++)
			for (int id = 0; id < ndamp; id++)
				for (int ie = 0; ie < nerr; ie++)
				{
					EtsShape	sh = base;
					EtsPar		warm;
					bool		have_warm = false;
					double		hopeless;
					int			np,
								ke,
								kt,
								ks;

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
					/* a candidate is up to thousands of passes over y */
					if (stk_interrupted())
					{
						st = STK_ECANCELED;
						goto done;
					}
					ke = (sh.error == 'M');
					kt = (sh.trend == 'N') ? 0 : (sh.damped ? 2 : 1);
					ks = (sh.season == 'N') ? 0 : (sh.season == 'A' ? 1 : 2);
					if (ke == 1 && ks != 2 && have[0][kt][ks])
					{
						/* same recursion, other likelihood */
						warm = fits[kt * 3 + ks].par;
						have_warm = true;
					}
					else if (kt == 2 && have[ke][1][ks])
					{
						warm = fits[ke * 9 + 3 + ks].par;
						warm.phi = ETS_PHI_LO + 0.99 * (ETS_PHI_HI - ETS_PHI_LO);
						have_warm = true;
					}
					/*
					 * The likelihood this model would need, after its first
					 * local search, to be within ETS_HOPELESS of the best
					 * AICc so far; beyond it the extra searches are skipped.
					 */
					{
						double		c = n - np - 1;

						hopeless = ETS_REJECT;
						if (have_best && c > 0)
						{
							double		cb = n - best.np - 1;

							hopeless = best.lik + 2 * best.np +
								(cb > 0 ? 2.0 * best.np * (best.np + 1) / cb : INFINITY) -
								2 * np - 2.0 * np * (np + 1) / c + ETS_HOPELESS;
						}
					}
					st = EtsFitShape(&w, &sh, sh.season == 'M' ? sidx_m : sidx_a,
									 have_warm ? &warm : NULL, hopeless, &cur);
					if (st == STK_ENOMEM || st == STK_ECANCELED)
						goto done;
					if (st != STK_OK || cur.lik >= ETS_REJECT)
						continue;
					fits[ke * 9 + kt * 3 + ks] = cur;
					have[ke][kt][ks] = true;
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
		st = EtsFitShape(&w, &sh, sidx_a, NULL, ETS_REJECT, &best);
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
	stk_free(a, fits);
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
