/*-------------------------------------------------------------------------
 *
 * arima.c
 *	  ARIMA / seasonal ARIMA: CSS and exact maximum likelihood, forecasts,
 *	  and the automatic order search (arima.h).
 *
 * The model of the differenced series w = (1 - B)^d (1 - B^m)^D y is a
 * stationary ARMA with mean mu, its AR and MA polynomials the products of
 * the non-seasonal and seasonal ones (orders p' = p + mP, q' = q + mQ).  A
 * drift c (R's xreg 1:n) is the mean of w divided by m^D: differencing the
 * line c t once, at lag 1 or m, leaves the constant c or m c.
 *
 * Exact likelihood.  Harvey's state-space form of the ARMA (R's arima()):
 * state dimension r = max(p', q' + 1), x_t = a_t[0],
 *	 a_t[i] = phi_{i+1} x_{t-1} + a_{t-1}[i+1] + theta_i e_t   (theta_0 = 1),
 * filtered by a Kalman filter started at the stationary covariance P0 of
 * the state.  P0 comes from the autocovariances gamma and the psi weights
 * in O(r^2) (the recursion above applied to P0 = E a a'), instead of
 * solving the r^2 x r^2 Lyapunov system; the filter step is O(r^2)
 * (the transition is a companion matrix) until the prediction variance has
 * converged, then O(r).  sigma2 is concentrated out, as in R:
 *	 -2 loglik = N log(ssq / N) + sum log F_t + N (1 + log 2 pi).
 * R's diffuse prior on the differenced part gives the same likelihood as
 * the ARMA of w alone (its first d + mD observations carry no weight), so
 * parameters and log-likelihoods match R's arima() / forecast's Arima().
 *
 * Estimation.  CSS: residuals by the ARMA recursion from t = p' with
 * zero pre-sample errors, 0.5 log(ssq / (N - p')) minimised.  ML: R's
 * transform of each AR polynomial to partial autocorrelations (tanh), so
 * every trial point is stationary; start values from CSS (R's "CSS-ML").
 * Both by GSL's BFGS with central-difference gradients; the constant is
 * optimised in units of ten standard errors of the mean of w (R's
 * parscale).  After an ML fit a non-invertible MA part is replaced by its
 * invertible mirror (roots inverted) and refitted, as R does.
 *
 * Forecasts: the filter's last predicted state, run forward and integrated
 * back through the differences; variances sigma2 sum psi_j^2 from the psi
 * weights of the integrated model (R's predict() uses the Kalman filter of
 * the whole integrated state; the two agree once the filter has settled).
 *
 *-------------------------------------------------------------------------
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_poly.h>

#include "arima.h"
#include "seasonality.h"

#define ARIMA_BAD			1e10	/* objective of an infeasible point */
#define ARIMA_MAXIT			100		/* BFGS iterations */
#define ARIMA_GRAD_TOL		1e-6
#define ARIMA_DIFF_STEP		1e-4	/* central differences */
#define ARIMA_ROOT_MARGIN	1.01	/* auto.arima's admissibility margin */
#define ARIMA_STEADY_TOL	1e-10	/* relative change of F: filter settled */
#define ARIMA_MAX_EXP		(STK_ARIMA_MAX_P + STK_ARIMA_MAX_SP * STK_ARIMA_MAX_M)

/* What the objective functions need. */
typedef struct ArimaWork
{
	int			p,
				q,
				P,
				Q,
				m;
	bool		constant;
	int			ncoef;
	const double *w;			/* differenced series */
	int			N;
	int			pp,
				qq,
				r;				/* expanded orders, state dimension */
	double		mu0,
				muscale;		/* constant = mu0 + muscale * x */
	bool		transform;		/* AR in PACF coordinates (ML) */
	bool		exact;			/* objective: exact (ML) or CSS */
	/* scratch */
	double		phi[ARIMA_MAX_EXP + 2];
	double		theta[ARIMA_MAX_EXP + 2];	/* theta[0] = 1 */
	double		gam[ARIMA_MAX_EXP + 2];
	double		psi[ARIMA_MAX_EXP + 2];
	/* the non-zero lags of phi and theta (seasonal models are sparse) */
	int			arlag[ARIMA_MAX_EXP + 2],
				malag[ARIMA_MAX_EXP + 2],
				nar,
				nma;
	double	   *Pm,
			   *Pf,
			   *M,				/* r x r */
			   *st,
			   *stf,			/* r */
			   *res,			/* N residuals (CSS) */
			   *lu;				/* (pp + 1)^2 */
	size_t	   *perm;
	double		coef[STK_ARIMA_MAX_COEF];
	bool		canceled;		/* an optimiser stopped at stk_interrupted() */
} ArimaWork;

void
stk_arima_spec_init(StkArimaSpec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->m = 1;
	spec->method = STK_ARIMA_CSS_ML;
}

void
stk_arima_spec_of_model(const StkArimaModel *mod, StkArimaSpec *spec)
{
	stk_arima_spec_init(spec);
	spec->p = mod->p;
	spec->d = mod->d;
	spec->q = mod->q;
	spec->P = mod->P;
	spec->D = mod->D;
	spec->Q = mod->Q;
	spec->m = mod->m;
	spec->constant = mod->constant;
}

void
stk_arima_auto_options_init(StkArimaAutoOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->max_models = 94;
	opts->approximate = true;
}

/* ---------------------------------------------------------------- */
/* polynomials													   */
/* ---------------------------------------------------------------- */

/*
 * R's partrans(): p unconstrained values -> the coefficients of a
 * stationary AR polynomial (tanh to partial autocorrelations, then
 * Durbin-Levinson).
 */
static void
ParTrans(int p, const double *raw, double *out)
{
	double		work[STK_ARIMA_MAX_P + 1];

	for (int j = 0; j < p; j++)
		work[j] = out[j] = tanh(raw[j]);
	for (int j = 1; j < p; j++)
	{
		double		a = out[j];

		for (int k = 0; k < j; k++)
			work[k] -= a * out[j - k - 1];
		memcpy(out, work, sizeof(double) * j);
	}
}

/* R's invpartrans(); false if the polynomial is not stationary. */
static bool
InvParTrans(int p, const double *phi, double *raw)
{
	double		nw[STK_ARIMA_MAX_P + 1],
				work[STK_ARIMA_MAX_P + 1];

	memcpy(nw, phi, sizeof(double) * p);
	for (int j = p - 1; j > 0; j--)
	{
		double		a = nw[j];

		if (!(fabs(a) < 1))
			return false;
		for (int k = 0; k < j; k++)
			work[k] = (nw[k] + a * nw[j - k - 1]) / (1 - a * a);
		memcpy(nw, work, sizeof(double) * j);
	}
	for (int j = 0; j < p; j++)
	{
		if (!(fabs(nw[j]) < 1))
			return false;
		raw[j] = atanh(nw[j]);
	}
	return true;
}

/*
 * Smallest modulus of the roots of 1 + sign * (c_1 z + ... + c_k z^k)
 * (sign -1: an AR polynomial); +Inf when there are none.
 */
static double
MinRoot(const double *c, int k, double sign)
{
	double		poly[STK_ARIMA_MAX_P + 1];
	double		z[2 * STK_ARIMA_MAX_P];
	double		mn = INFINITY;
	gsl_poly_complex_workspace *ws;
	int			rc;

	while (k > 0 && c[k - 1] == 0)
		k--;
	if (k == 0)
		return INFINITY;
	if (k == 1)
		return 1.0 / fabs(c[0]);
	poly[0] = 1;
	for (int i = 0; i < k; i++)
		poly[i + 1] = sign * c[i];
	ws = gsl_poly_complex_workspace_alloc(k + 1);
	if (ws == NULL)
		return 0;
	rc = gsl_poly_complex_solve(poly, k + 1, ws, z);
	gsl_poly_complex_workspace_free(ws);
	if (rc != GSL_SUCCESS)
		return 0;
	for (int i = 0; i < k; i++)
	{
		double		mod = hypot(z[2 * i], z[2 * i + 1]);

		if (mod < mn)
			mn = mod;
	}
	return mn;
}

/*
 * R's maInvert(): the invertible MA polynomial with the same
 * autocorrelations (roots inside the unit circle inverted).  False if the
 * roots cannot be found.
 */
static bool
MaInvert(double *ma, int q)
{
	double		poly[STK_ARIMA_MAX_P + 1],
				z[2 * STK_ARIMA_MAX_P];
	double		xr[STK_ARIMA_MAX_P + 1],
				xi[STK_ARIMA_MAX_P + 1];
	int			q0 = q;
	bool		any = false;
	gsl_poly_complex_workspace *ws;
	int			rc;

	while (q0 > 0 && ma[q0 - 1] == 0)
		q0--;
	if (q0 == 0)
		return true;
	if (q0 == 1)
	{
		if (fabs(ma[0]) > 1)
			ma[0] = 1 / ma[0];
		return true;
	}
	poly[0] = 1;
	memcpy(poly + 1, ma, sizeof(double) * q0);
	ws = gsl_poly_complex_workspace_alloc(q0 + 1);
	if (ws == NULL)
		return false;
	rc = gsl_poly_complex_solve(poly, q0 + 1, ws, z);
	gsl_poly_complex_workspace_free(ws);
	if (rc != GSL_SUCCESS)
		return false;
	for (int i = 0; i < q0; i++)
	{
		double		re = z[2 * i],
					im = z[2 * i + 1],
					mod2 = re * re + im * im;

		if (mod2 < 1)
		{
			/* 1 / z */
			z[2 * i] = re / mod2;
			z[2 * i + 1] = -im / mod2;
			any = true;
		}
	}
	if (!any)
		return true;
	/* x = prod (1 - B / z_i), complex arithmetic */
	xr[0] = 1;
	xi[0] = 0;
	for (int k = 1; k <= q0; k++)
		xr[k] = xi[k] = 0;
	for (int i = 0; i < q0; i++)
	{
		double		re = z[2 * i],
					im = z[2 * i + 1],
					mod2 = re * re + im * im,
					ir = re / mod2,
					ii = -im / mod2;	/* 1 / z_i */

		for (int k = i + 1; k >= 1; k--)
		{
			double		pr = xr[k - 1] * ir - xi[k - 1] * ii,
						pi = xr[k - 1] * ii + xi[k - 1] * ir;

			xr[k] -= pr;
			xi[k] -= pi;
		}
	}
	for (int k = 0; k < q0; k++)
		ma[k] = xr[k + 1];
	return true;
}

/* Expanded AR and MA polynomials from the coefficients (R's order). */
static void
Expand(ArimaWork *w, const double *coef)
{
	const double *ar = coef,
			   *ma = coef + w->p,
			   *sar = ma + w->q,
			   *sma = sar + w->P;
	int			r = w->r;

	for (int i = 0; i <= r; i++)
		w->phi[i] = w->theta[i] = 0;
	w->theta[0] = 1;
	for (int i = 0; i < w->p; i++)
		w->phi[i + 1] += ar[i];
	for (int j = 0; j < w->P; j++)
	{
		w->phi[(j + 1) * w->m] += sar[j];
		for (int i = 0; i < w->p; i++)
			w->phi[(j + 1) * w->m + i + 1] -= ar[i] * sar[j];
	}
	for (int i = 0; i < w->q; i++)
		w->theta[i + 1] += ma[i];
	for (int j = 0; j < w->Q; j++)
	{
		w->theta[(j + 1) * w->m] += sma[j];
		for (int i = 0; i < w->q; i++)
			w->theta[(j + 1) * w->m + i + 1] += ma[i] * sma[j];
	}
	w->nar = w->nma = 0;
	for (int i = 1; i <= w->pp; i++)
		if (w->phi[i] != 0)
			w->arlag[w->nar++] = i;
	for (int i = 1; i <= w->qq; i++)
		if (w->theta[i] != 0)
			w->malag[w->nma++] = i;
}

/* ---------------------------------------------------------------- */
/* likelihoods													   */
/* ---------------------------------------------------------------- */

/* CSS: sum of squared conditional residuals from t = p'. */
static double
CssSsq(ArimaWork *w, double mu)
{
	double		ssq = 0;
	double	   *e = w->res;

	for (int t = 0; t < w->N; t++)
	{
		double		v;

		if (t < w->pp)
		{
			e[t] = 0;
			continue;
		}
		v = w->w[t] - mu;
		for (int l = 0; l < w->nar; l++)
		{
			int			i = w->arlag[l];

			v -= w->phi[i] * (w->w[t - i] - mu);
		}
		for (int l = 0; l < w->nma; l++)
		{
			int			j = w->malag[l];

			if (j > t)
				break;
			v -= w->theta[j] * e[t - j];
		}
		e[t] = v;
		ssq += v * v;
	}
	return ssq;
}

/*
 * Autocovariances gamma(0..r) and psi weights psi(0..r) of the ARMA with
 * unit innovation variance; false if the AR part is (numerically) not
 * stationary.
 */
static bool
Acvf(ArimaWork *w)
{
	int			pp = w->pp,
				qq = w->qq,
				r = w->r;
	double	   *phi = w->phi,
			   *th = w->theta,
			   *psi = w->psi,
			   *g = w->gam;

	for (int j = 0; j <= r; j++)
	{
		double		v = j <= qq ? th[j] : 0;

		for (int i = 1; i <= pp && i <= j; i++)
			v += phi[i] * psi[j - i];
		psi[j] = v;
	}
	if (pp == 0)
	{
		for (int k = 0; k <= r; k++)
		{
			double		v = 0;

			for (int j = k; j <= qq; j++)
				v += th[j] * th[j - k];
			g[k] = v;
		}
		return true;
	}
	else
	{
		int			np = pp + 1;
		gsl_matrix_view A = gsl_matrix_view_array(w->lu, np, np);
		gsl_vector_view b = gsl_vector_view_array(g, np);
		gsl_permutation perm;
		int			sgn;

		memset(w->lu, 0, sizeof(double) * np * np);
		for (int k = 0; k <= pp; k++)
		{
			double		v = 0;

			w->lu[k * np + k] += 1;
			for (int i = 1; i <= pp; i++)
				w->lu[k * np + abs(k - i)] -= phi[i];
			for (int j = k; j <= qq; j++)
				v += th[j] * psi[j - k];
			g[k] = v;
		}
		perm.size = np;
		perm.data = w->perm;
		if (gsl_linalg_LU_decomp(&A.matrix, &perm, &sgn) != GSL_SUCCESS)
			return false;
		for (int k = 0; k < np; k++)
			if (!(fabs(w->lu[k * np + k]) > 1e-10))
				return false;
		if (gsl_linalg_LU_svx(&A.matrix, &perm, &b.vector) != GSL_SUCCESS)
			return false;
		for (int k = pp + 1; k <= r; k++)
		{
			double		v = 0;

			for (int i = 1; i <= pp; i++)
				v += phi[i] * g[k - i];
			for (int j = k; j <= qq; j++)
				v += th[j] * psi[j - k];
			g[k] = v;
		}
		if (!(g[0] > 0) || !isfinite(g[0]))
			return false;
		return true;
	}
}

/* Stationary covariance of the state (unit innovation variance). */
static void
InitP0(ArimaWork *w)
{
	int			r = w->r;
	double	   *P = w->Pm,
			   *phi = w->phi,
			   *th = w->theta;

#define PH(i) ((i) <= w->pp ? phi[i] : 0.0)
#define TH(i) ((i) <= w->qq ? th[i] : 0.0)
	/* first row: E[x_t a_t[k]] */
	for (int k = 0; k < r; k++)
	{
		double		v = 0;

		if (k == 0)
			v = w->gam[0];
		else
			for (int l = k; l < r; l++)
				v += PH(l + 1) * w->gam[1 + l - k] + TH(l) * w->psi[l - k];
		P[k] = P[k * r] = v;
	}
	for (int i = r - 1; i >= 1; i--)
	{
		for (int j = r - 1; j >= i; j--)
		{
			double		v = PH(i + 1) * PH(j + 1) * w->gam[0] + TH(i) * TH(j);

			v += PH(i + 1) * (j + 1 < r ? P[j + 1] : 0);
			v += PH(j + 1) * (i + 1 < r ? P[i + 1] : 0);
			if (i + 1 < r && j + 1 < r)
				v += P[(i + 1) * r + j + 1];
			P[i * r + j] = P[j * r + i] = v;
		}
	}
#undef PH
#undef TH
}

/*
 * Kalman filter of x_t = w_t - mu; sums of v^2 / F and log F.  The
 * predicted state after the last observation is left in w->st.  False if
 * the model is not stationary.
 */
static bool
KalmanLik(ArimaWork *w, double mu, double *ssq, double *sumlog)
{
	int			r = w->r;
	double	   *P = w->Pm,
			   *Pf = w->Pf,
			   *M = w->M,
			   *a = w->st,
			   *af = w->stf,
			   *phi = w->phi,
			   *th = w->theta;
	double		Fprev = -1;
	bool		steady = false;
	int			calm = 0;

	if (!Acvf(w))
		return false;
	InitP0(w);
	for (int i = 0; i < r; i++)
		a[i] = 0;
	*ssq = *sumlog = 0;
	for (int t = 0; t < w->N; t++)
	{
		double		F = P[0],
					v = w->w[t] - mu - a[0];

		if (!(F > 0) || !isfinite(F))
			return false;
		*ssq += v * v / F;
		*sumlog += log(F);
		for (int i = 0; i < r; i++)
			af[i] = a[i] + P[i * r] / F * v;
		for (int i = 0; i < r; i++)
			a[i] = (i + 1 <= w->pp ? phi[i + 1] : 0) * af[0] + (i + 1 < r ? af[i + 1] : 0);
		if (steady)
			continue;
		/* Pf = P - P[:,0] P[0,:] / F */
		for (int i = 0; i < r; i++)
			for (int j = 0; j < r; j++)
				Pf[i * r + j] = P[i * r + j] - P[i * r] * P[j] / F;
		/* M = T Pf */
		for (int i = 0; i < r; i++)
		{
			double		ph = i + 1 <= w->pp ? phi[i + 1] : 0;

			for (int j = 0; j < r; j++)
				M[i * r + j] = ph * Pf[j] + (i + 1 < r ? Pf[(i + 1) * r + j] : 0);
		}
		/* P = M T' + R R' */
		for (int i = 0; i < r; i++)
		{
			double		ri = i <= w->qq ? th[i] : 0;

			for (int j = 0; j < r; j++)
			{
				double		phj = j + 1 <= w->pp ? phi[j + 1] : 0;
				double		rj = j <= w->qq ? th[j] : 0;

				P[i * r + j] = M[i * r] * phj + (j + 1 < r ? M[i * r + j + 1] : 0) + ri * rj;
			}
		}
		/*
		 * Settled when F has not moved for r + 1 steps in a row (a seasonal
		 * model's F can repeat from one step to the next and still change a
		 * season later).
		 */
		if (fabs(P[0] - Fprev) < ARIMA_STEADY_TOL * P[0])
			steady = ++calm > r;
		else
			calm = 0;
		Fprev = P[0];
	}
	return true;
}

/* Coefficients (R's order) and mu from an optimiser point. */
static void
Unpack(ArimaWork *w, const double *x, double *coef, double *mu)
{
	int			k = w->p + w->q + w->P + w->Q;

	memcpy(coef, x, sizeof(double) * k);
	if (w->transform)
	{
		ParTrans(w->p, x, coef);
		ParTrans(w->P, x + w->p + w->q, coef + w->p + w->q);
	}
	if (w->constant)
	{
		coef[k] = w->mu0 + w->muscale * x[k];
		*mu = coef[k];
	}
	else
		*mu = 0;
}

/* The objective: 0.5 log(sigma2) (+ 0.5 sum log F / N for ML). */
static double
Objective(ArimaWork *w, const double *x)
{
	double		coef[STK_ARIMA_MAX_COEF],
				mu,
				ssq,
				sumlog;

	Unpack(w, x, coef, &mu);
	Expand(w, coef);
	if (w->exact)
	{
		double		val;

		if (!KalmanLik(w, mu, &ssq, &sumlog))
			return ARIMA_BAD;
		val = 0.5 * (log(ssq / w->N) + sumlog / w->N);
		return isfinite(val) ? val : ARIMA_BAD;
	}
	else
	{
		double		val;

		ssq = CssSsq(w, mu);
		val = 0.5 * log(ssq / (w->N - w->pp));
		return isfinite(val) ? val : ARIMA_BAD;
	}
}

static double
GslF(const gsl_vector *v, void *params)
{
	return Objective((ArimaWork *) params, v->data);
}

static void
GslDf(const gsl_vector *v, void *params, gsl_vector *g)
{
	ArimaWork  *w = params;
	double		x[STK_ARIMA_MAX_COEF];
	int			k = (int) v->size;

	memcpy(x, v->data, sizeof(double) * k);
	for (int i = 0; i < k; i++)
	{
		double		x0 = x[i],
					fp,
					fm;

		x[i] = x0 + ARIMA_DIFF_STEP;
		fp = Objective(w, x);
		x[i] = x0 - ARIMA_DIFF_STEP;
		fm = Objective(w, x);
		x[i] = x0;
		g->data[i] = (fp >= ARIMA_BAD || fm >= ARIMA_BAD) ? 0 :
			(fp - fm) / (2 * ARIMA_DIFF_STEP);
	}
}

static void
GslFdf(const gsl_vector *v, void *params, double *f, gsl_vector *g)
{
	*f = GslF(v, params);
	GslDf(v, params, g);
}

/*
 * Minimise the objective from x (updated); false on a GSL failure or when
 * stk_interrupted() stopped it (w->canceled).  An iteration costs 2k + 1
 * likelihood passes or more, each O(N r) once the filter has settled.
 */
static bool
Minimise(ArimaWork *w, double *x, int k)
{
	gsl_multimin_function_fdf fdf;
	gsl_multimin_fdfminimizer *s;
	gsl_vector_view xv = gsl_vector_view_array(x, k);
	double		f0;
	int			status = GSL_CONTINUE;

	f0 = Objective(w, x);
	if (f0 >= ARIMA_BAD)
		return false;
	if (k == 0)
		return true;
	fdf.n = k;
	fdf.f = GslF;
	fdf.df = GslDf;
	fdf.fdf = GslFdf;
	fdf.params = w;
	s = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, k);
	if (s == NULL)
		return false;
	if (gsl_multimin_fdfminimizer_set(s, &fdf, &xv.vector, 0.1, 0.1) != GSL_SUCCESS)
	{
		gsl_multimin_fdfminimizer_free(s);
		return false;
	}
	for (int it = 0; it < ARIMA_MAXIT && status == GSL_CONTINUE; it++)
	{
		if (stk_interrupted())
		{
			w->canceled = true;
			gsl_multimin_fdfminimizer_free(s);
			return false;
		}
		status = gsl_multimin_fdfminimizer_iterate(s);
		if (status != GSL_SUCCESS)
			break;				/* GSL_ENOPROG: no better point in reach */
		status = gsl_multimin_test_gradient(s->gradient, ARIMA_GRAD_TOL);
	}
	if (s->f < f0)
		memcpy(x, s->x->data, sizeof(double) * k);
	gsl_multimin_fdfminimizer_free(s);
	return true;
}

/*
 * CSS residuals e_t, t = p' .. N - 1, at the optimiser point x, capped so
 * that a trial point where the MA recursion explodes is merely bad; returns
 * their sum of squares.
 */
static double
CssResid(ArimaWork *w, const double *x, double *e)
{
	double		coef[STK_ARIMA_MAX_COEF],
				mu,
				ssq = 0;

	Unpack(w, x, coef, &mu);
	Expand(w, coef);
	CssSsq(w, mu);
	for (int t = w->pp; t < w->N; t++)
	{
		double		v = w->res[t];

		v = isfinite(v) ? (fabs(v) < 1e100 ? v : copysign(1e100, v)) : 1e100;
		e[t - w->pp] = v;
		ssq += v * v;
	}
	return isfinite(ssq) ? ssq : HUGE_VAL;
}

/*
 * CSS by Levenberg-Marquardt on the residuals (forward-difference
 * Jacobian, Marquardt's diagonal damping): k + 1 residual passes per
 * iteration and few iterations, several times cheaper than BFGS on
 * log(ssq).  x is kept unless the fit improves on it.  False when
 * stk_interrupted() stopped it (w->canceled).
 */
#define ARIMA_LM_MAXIT	50
#define ARIMA_LM_FTOL	1e-6		/* relative decrease of the CSS that ends the fit */

static bool
MinimiseCssLM(ArimaWork *w, const StkAllocator *a, double *x, int k)
{
	int			nres = w->N - w->pp;
	double	   *J,
			   *e0,
			   *e1;
	double		A[STK_ARIMA_MAX_COEF * STK_ARIMA_MAX_COEF],
				M[STK_ARIMA_MAX_COEF * STK_ARIMA_MAX_COEF],
				g[STK_ARIMA_MAX_COEF],
				dx[STK_ARIMA_MAX_COEF],
				xn[STK_ARIMA_MAX_COEF];
	double		c0,
				lambda = 1e-3;

	if (k == 0 || nres <= k)
		return Minimise(w, x, k);
	J = stk_alloc(a, sizeof(double) * nres * (k + 2));
	if (J == NULL)
		return false;
	e0 = J + nres * k;
	e1 = e0 + nres;
	c0 = CssResid(w, x, e0);
	if (!isfinite(c0))
	{
		stk_free(a, J);
		return false;
	}
	for (int it = 0; it < ARIMA_LM_MAXIT; it++)
	{
		bool		accepted = false;
		double		cn = c0,
					step = 0,
					size = 0;

		if (stk_interrupted())
		{
			w->canceled = true;
			stk_free(a, J);
			return false;
		}

		for (int j = 0; j < k; j++)
		{
			double		xj = x[j],
						h = 1e-7 * (fabs(xj) > 1 ? fabs(xj) : 1);

			x[j] = xj + h;
			CssResid(w, x, e1);
			x[j] = xj;
			for (int t = 0; t < nres; t++)
				J[t * k + j] = (e1[t] - e0[t]) / h;
		}
		for (int i = 0; i < k; i++)
		{
			double		v = 0;

			for (int t = 0; t < nres; t++)
				v += J[t * k + i] * e0[t];
			g[i] = v;
			for (int j = 0; j <= i; j++)
			{
				double		s = 0;

				for (int t = 0; t < nres; t++)
					s += J[t * k + i] * J[t * k + j];
				A[i * k + j] = A[j * k + i] = s;
			}
		}
		for (int tries = 0; tries < 12 && !accepted; tries++)
		{
			gsl_matrix_view mv = gsl_matrix_view_array(M, k, k);
			gsl_vector_view gv = gsl_vector_view_array(g, k);
			gsl_vector_view dv = gsl_vector_view_array(dx, k);

			memcpy(M, A, sizeof(double) * k * k);
			for (int i = 0; i < k; i++)
				M[i * k + i] += lambda * A[i * k + i] + 1e-12;
			if (gsl_linalg_cholesky_decomp1(&mv.matrix) != GSL_SUCCESS ||
				gsl_linalg_cholesky_solve(&mv.matrix, &gv.vector, &dv.vector) != GSL_SUCCESS)
			{
				lambda *= 10;
				continue;
			}
			for (int i = 0; i < k; i++)
				xn[i] = x[i] - dx[i];
			cn = CssResid(w, xn, e1);
			if (cn < c0)
				accepted = true;
			else
				lambda *= 10;
		}
		if (!accepted)
			break;
		for (int i = 0; i < k; i++)
		{
			step += dx[i] * dx[i];
			size += xn[i] * xn[i];
		}
		memcpy(x, xn, sizeof(double) * k);
		memcpy(e0, e1, sizeof(double) * nres);
		if (c0 - cn < ARIMA_LM_FTOL * c0 || step < 1e-16 * (size + 1e-16))
			break;
		c0 = cn;
		lambda = lambda / 10 > 1e-12 ? lambda / 10 : 1e-12;
	}
	stk_free(a, J);
	return true;
}

/* ---------------------------------------------------------------- */
/* fitting														   */
/* ---------------------------------------------------------------- */

/* w = (1 - B)^d (1 - B^m)^D y; returns its length. */
static int
Difference(const double *y, int n, int d, int D, int m, double *w)
{
	int			len = n;

	memcpy(w, y, sizeof(double) * n);
	for (int k = 0; k < D; k++)
	{
		for (int t = len - 1; t >= m; t--)
			w[t] = w[t] - w[t - m];
		memmove(w, w + m, sizeof(double) * (len - m));
		len -= m;
	}
	for (int k = 0; k < d; k++)
	{
		for (int t = len - 1; t >= 1; t--)
			w[t] = w[t] - w[t - 1];
		memmove(w, w + 1, sizeof(double) * (len - 1));
		len -= 1;
	}
	return len;
}

static void
WorkFree(ArimaWork *w, const StkAllocator *a)
{
	stk_free(a, w->Pm);
	stk_free(a, w->res);
	stk_free(a, (void *) w->w);
	w->Pm = NULL;
	w->res = NULL;
	w->w = NULL;
}

/*
 * Set up the work area for a model; w->w is owned (the differenced
 * series).  STK_EINVAL if too few observations remain.
 */
static StkStatus
WorkInit(ArimaWork *w, const double *y, int n, const StkArimaSpec *s,
		 const StkAllocator *a)
{
	double	   *wv;
	int			r,
				np;

	memset(w, 0, sizeof(*w));
	if (s->p < 0 || s->q < 0 || s->P < 0 || s->Q < 0 || s->d < 0 || s->D < 0 ||
		s->p > STK_ARIMA_MAX_P || s->q > STK_ARIMA_MAX_P ||
		s->P > STK_ARIMA_MAX_SP || s->Q > STK_ARIMA_MAX_SP ||
		s->d > STK_ARIMA_MAX_D || s->D > STK_ARIMA_MAX_SD || s->m < 1)
		return STK_EINVAL;
	if ((s->P > 0 || s->Q > 0 || s->D > 0) && (s->m < 2 || s->m > STK_ARIMA_MAX_M))
		return STK_EINVAL;
	w->p = s->p;
	w->q = s->q;
	w->P = s->P;
	w->Q = s->Q;
	w->m = (s->P > 0 || s->Q > 0 || s->D > 0) ? s->m : 1;
	w->constant = s->constant && s->d + s->D <= 1;
	w->ncoef = w->p + w->q + w->P + w->Q + (w->constant ? 1 : 0);
	/* estimation needs a residual degree of freedom or two */
	if (n - s->d - s->D * w->m < (s->fixed != NULL ? 1 : w->ncoef + 2))
		return STK_EINVAL;
	wv = stk_alloc(a, sizeof(double) * n);
	if (wv == NULL)
		return STK_ENOMEM;
	w->N = Difference(y, n, s->d, s->D, w->m, wv);
	w->w = wv;
	w->pp = w->p + w->P * w->m;
	w->qq = w->q + w->Q * w->m;
	r = w->pp > w->qq + 1 ? w->pp : w->qq + 1;
	w->r = r;
	np = w->pp + 1;
	if (w->N <= w->pp)
	{
		WorkFree(w, a);
		return STK_EINVAL;
	}
	/* one block: Pm, Pf, M (r^2 each), st, stf (r), lu (np^2), perm (np) */
	w->Pm = stk_alloc(a, sizeof(double) * (3 * r * r + 2 * r + np * np) + sizeof(size_t) * np);
	w->res = stk_alloc(a, sizeof(double) * w->N);
	if (w->Pm == NULL || w->res == NULL)
	{
		WorkFree(w, a);
		return STK_ENOMEM;
	}
	w->Pf = w->Pm + r * r;
	w->M = w->Pf + r * r;
	w->st = w->M + r * r;
	w->stf = w->st + r;
	w->lu = w->stf + r;
	w->perm = (size_t *) (w->lu + np * np);
	return STK_OK;
}

static void
ModelName(StkArimaModel *mod)
{
	int			len;

	len = snprintf(mod->name, sizeof(mod->name), "ARIMA(%d,%d,%d)", mod->p, mod->d, mod->q);
	if (mod->P > 0 || mod->D > 0 || mod->Q > 0)
		len += snprintf(mod->name + len, sizeof(mod->name) - len, "(%d,%d,%d)[%d]",
						mod->P, mod->D, mod->Q, mod->m);
	if (mod->constant)
		snprintf(mod->name + len, sizeof(mod->name) - len, "%s",
				 mod->d + mod->D == 0 ? " with mean" : " with drift");
}

/*
 * Likelihood, sigma2 and information criteria of the model at coef (the
 * work area set up for its orders), exact or CSS.
 */
static bool
Finish(ArimaWork *w, const double *coef, bool exact, StkArimaModel *mod)
{
	double		mu = w->constant ? coef[w->ncoef - 1] : 0;
	double		ssq,
				sumlog = 0,
				N = w->N,
				npar,
				m2ll;

	double		s2;

	Expand(w, coef);
	if (exact)
	{
		if (!KalmanLik(w, mu, &ssq, &sumlog))
			return false;
		s2 = ssq / N;
	}
	else
	{
		ssq = CssSsq(w, mu);
		s2 = ssq / (N - w->pp);
	}
	/* a constant series (the null model's last resort) fits exactly */
	if (!(s2 >= 0) || !isfinite(s2))
		return false;
	/* forecast's Arima(): the residual variance with its degrees of freedom */
	mod->sigma2 = ssq / (N - w->ncoef > 0 ? N - w->ncoef : 1);
	m2ll = N * log(s2 > DBL_MIN ? s2 : DBL_MIN) + sumlog + N * (1 + log(2 * M_PI));
	mod->loglik = -0.5 * m2ll;
	npar = w->ncoef + 1;
	mod->aic = m2ll + 2 * npar;
	mod->bic = m2ll + log(N) * npar;
	mod->aicc = (N - npar - 1 > 0) ? mod->aic + 2 * npar * (npar + 1) / (N - npar - 1) : INFINITY;
	mod->exact = exact;
	mod->nobs = w->N;
	memcpy(mod->coef, coef, sizeof(double) * w->ncoef);
	mod->ncoef = w->ncoef;
	mod->mu = mu;
	return true;
}

/* mean and standard error of the mean of w: the constant's start and scale */
static void
ConstantStart(ArimaWork *w)
{
	double		s = 0,
				ss = 0;

	for (int t = 0; t < w->N; t++)
		s += w->w[t];
	s /= w->N;
	for (int t = 0; t < w->N; t++)
		ss += (w->w[t] - s) * (w->w[t] - s);
	w->mu0 = s;
	w->muscale = w->N > 1 ? 10 * sqrt(ss / (w->N - 1) / w->N) : 1;
	if (!(w->muscale > 0))
		w->muscale = fabs(s) > 0 ? fabs(s) * 1e-3 : 1;
}

/* coef (R order) -> optimiser point; false if an AR part is not stationary */
static bool
Pack(ArimaWork *w, const double *coef, double *x)
{
	int			k = w->p + w->q + w->P + w->Q;

	memcpy(x, coef, sizeof(double) * k);
	if (w->transform)
	{
		if (!InvParTrans(w->p, coef, x))
			return false;
		if (!InvParTrans(w->P, coef + w->p + w->q, x + w->p + w->q))
			return false;
	}
	if (w->constant)
		x[k] = (coef[k] - w->mu0) / w->muscale;
	return true;
}

StkStatus
stk_arima_fit(const double *y, int n, const StkArimaSpec *spec,
			  const StkAllocator *a, StkArimaModel *out)
{
	ArimaWork	w;
	StkStatus	st;
	double		x[STK_ARIMA_MAX_COEF],
				coef[STK_ARIMA_MAX_COEF],
				mu;
	int			k;
	bool		ok = true;

	memset(out, 0, sizeof(*out));
	if (y == NULL || n < 1)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
	if ((st = WorkInit(&w, y, n, spec, a)) != STK_OK)
		return st;
	out->p = w.p;
	out->d = spec->d;
	out->q = w.q;
	out->P = w.P;
	out->D = spec->D;
	out->Q = w.Q;
	out->m = w.m;
	out->constant = w.constant;
	k = w.ncoef;
	ConstantStart(&w);
	memset(coef, 0, sizeof(coef));
	if (w.constant)
		coef[k - 1] = w.mu0;

	if (spec->fixed != NULL)
	{
		memcpy(coef, spec->fixed, sizeof(double) * k);
		if (w.constant && spec->D > 0)
			coef[k - 1] *= w.m;	/* drift -> mean of w */
		ok = Finish(&w, coef, spec->method != STK_ARIMA_CSS, out);
	}
	else
	{
		/* CSS, the estimate or the start of ML */
		if (spec->method != STK_ARIMA_ML)
		{
			w.exact = false;
			w.transform = false;
			Pack(&w, coef, x);
			ok = MinimiseCssLM(&w, a, x, k);
			if (ok)
				Unpack(&w, x, coef, &mu);
		}
		if (ok && spec->method == STK_ARIMA_CSS)
			ok = Finish(&w, coef, false, out);
		else if (ok)
		{
			w.exact = true;
			w.transform = true;
			if (!Pack(&w, coef, x))
			{
				/* a non-stationary CSS estimate: start ML from zero */
				memset(coef, 0, sizeof(double) * (k - (w.constant ? 1 : 0)));
				Pack(&w, coef, x);
			}
			ok = Minimise(&w, x, k);
			if (ok)
			{
				Unpack(&w, x, coef, &mu);
				/* R: make the MA parts invertible and refit if that moved them */
				if (w.q > 0 || w.Q > 0)
				{
					double		c2[STK_ARIMA_MAX_COEF];

					memcpy(c2, coef, sizeof(double) * k);
					if (MaInvert(c2 + w.p, w.q) &&
						MaInvert(c2 + w.p + w.q + w.P, w.Q) &&
						memcmp(c2, coef, sizeof(double) * k) != 0 &&
						Pack(&w, c2, x) && Minimise(&w, x, k))
						Unpack(&w, x, coef, &mu);
				}
				ok = Finish(&w, coef, true, out);
			}
		}
	}
	WorkFree(&w, a);
	if (w.canceled)
		return STK_ECANCELED;
	if (!ok)
		return STK_ENOCONV;
	/* R reports the drift per period: the mean of w over m for D = 1 */
	if (out->constant && out->D > 0)
		out->coef[k - 1] = out->mu / out->m;
	ModelName(out);
	return STK_OK;
}

/* ---------------------------------------------------------------- */
/* forecasts														   */
/* ---------------------------------------------------------------- */

StkStatus
stk_arima_forecast(const StkArimaModel *mod, const double *y, int n, int h,
				   const StkAllocator *a, StkForecast *fc)
{
	ArimaWork	w;
	StkArimaSpec spec;
	StkStatus	st;
	double		ssq,
				sumlog;
	double	   *ext,
			   *xf,
			   *delta,
			   *phistar,
			   *psi;
	int			nd,
				ps;

	if (h < 1 || h > STK_MAX_HORIZON)
		return STK_EINVAL;
	stk_arima_spec_of_model(mod, &spec);
	spec.fixed = mod->coef;		/* nothing to estimate: one observation will do */
	if ((st = WorkInit(&w, y, n, &spec, a)) != STK_OK)
		return st;
	Expand(&w, mod->coef);
	/*
	 * A CSS fit is forecast as CSS sees it (conditional residuals, no
	 * Kalman filter: the ARMA recursion is O(N) over the sparse lags, the
	 * filter O(N r^2) until it settles).
	 */
	if (!mod->exact)
		CssSsq(&w, mod->mu);
	else if (!KalmanLik(&w, mod->mu, &ssq, &sumlog))
	{
		WorkFree(&w, a);
		return STK_ENOCONV;
	}
	if ((st = stk_forecast_init(fc, a, h)) != STK_OK)
	{
		WorkFree(&w, a);
		return st;
	}
	nd = mod->d + mod->D * w.m;
	ps = w.pp + nd;
	ext = stk_alloc(a, sizeof(double) * (n + 3 * h + 2 * (ps + 1)));
	if (ext == NULL)
	{
		WorkFree(&w, a);
		stk_forecast_free(fc, a);
		return STK_ENOMEM;
	}
	xf = ext + n + h;
	delta = xf + h;
	phistar = delta + ps + 1;
	psi = phistar + ps + 1;

	if (!mod->exact)
	{
		/* x_{N+j} = sum phi_i x_{N+j-i} + sum_{l > j} theta_l e_{N+j-l} */
		for (int j = 0; j < h; j++)
		{
			double		v = 0;

			for (int l = 0; l < w.nar; l++)
			{
				int			i = w.arlag[l],
							t = w.N + j - i;

				if (t >= w.N)
					v += w.phi[i] * (xf[t - w.N] - mod->mu);
				else if (t >= 0)
					v += w.phi[i] * (w.w[t] - mod->mu);
			}
			for (int l = 0; l < w.nma; l++)
			{
				int			i = w.malag[l],
							t = w.N + j - i;

				if (t < w.N && t >= 0)
					v += w.theta[i] * w.res[t];
			}
			xf[j] = mod->mu + v;
		}
	}
	else
	{
		/* ARMA forecasts of w: the predicted state run forward */
		for (int j = 0; j < h; j++)
		{
			double		a0 = w.st[0];

			xf[j] = mod->mu + a0;
			for (int i = 0; i < w.r; i++)
				w.st[i] = (i + 1 <= w.pp ? w.phi[i + 1] : 0) * a0 + (i + 1 < w.r ? w.st[i + 1] : 0);
		}
	}
	/* delta(B) = (1 - B)^d (1 - B^m)^D = sum delta_k B^k */
	memset(delta, 0, sizeof(double) * (nd + 1));
	delta[0] = 1;
	{
		int			deg = 0;

		for (int k = 0; k < mod->d + mod->D; k++)
		{
			int			lag = k < mod->d ? 1 : w.m;

			for (int i = deg + lag; i >= lag; i--)
				delta[i] -= delta[i - lag];
			deg += lag;
		}
	}
	/* integrate: y_t = w_t - sum_{k>=1} delta_k y_{t-k} */
	memcpy(ext, y, sizeof(double) * n);
	for (int j = 0; j < h; j++)
	{
		double		v = xf[j];

		for (int k = 1; k <= nd; k++)
			v -= delta[k] * ext[n + j - k];
		ext[n + j] = v;
		fc->mean[j] = v;
	}
	/* psi weights of phi(B) delta(B) y = theta(B) e */
	memset(phistar, 0, sizeof(double) * (ps + 1));
	for (int i = 0; i <= w.pp; i++)
	{
		double		ci = i == 0 ? 1 : -w.phi[i];

		for (int k = 0; k <= nd; k++)
			phistar[i + k] += ci * delta[k];
	}
	{
		double		cum = 0;

		for (int j = 0; j < h; j++)
		{
			double		v = j <= w.qq ? w.theta[j] : 0;

			for (int i = 1; i <= ps && i <= j; i++)
				v -= phistar[i] * psi[j - i];
			psi[j] = v;
			cum += v * v;
			fc->var[j] = mod->sigma2 * cum;
		}
	}
	fc->aicc = mod->aicc;
	fc->sigma2 = mod->sigma2;
	fc->loglik = mod->loglik;
	fc->nparams = mod->ncoef + 1;
	snprintf(fc->model, sizeof(fc->model), "%s", mod->name);
	stk_free(a, ext);
	WorkFree(&w, a);
	return STK_OK;
}

/* ---------------------------------------------------------------- */
/* automatic choice												   */
/* ---------------------------------------------------------------- */


/* KPSS level-stationarity statistic (urca's ur.kpss, type "mu"). */
static double
Kpss(const double *y, int n, int lag)
{
	double		mean = 0,
				s2 = 0,
				cs = 0,
				num = 0;

	for (int t = 0; t < n; t++)
		mean += y[t];
	mean /= n;
	for (int t = 0; t < n; t++)
	{
		double		e = y[t] - mean;

		s2 += e * e;
		cs += e;
		num += cs * cs;
	}
	s2 /= n;
	for (int i = 1; i <= lag; i++)
	{
		double		c = 0;

		for (int t = i; t < n; t++)
			c += (y[t] - mean) * (y[t - i] - mean);
		s2 += 2.0 / n * (1 - i / (lag + 1.0)) * c;
	}
	if (!(s2 > 0))
		return 0;
	return num / ((double) n * n * s2);
}

int
stk_arima_ndiffs(const double *y, int n, int max_d)
{
	double		x[4096];
	double	   *buf = x;
	int			d = 0,
				len = n;

	if (n < 3 || stk_series_constant(y, n))
		return 0;
	/* long series: test the last 4096 points (the test only needs a sample) */
	if (len > (int) (sizeof(x) / sizeof(x[0])))
	{
		y += len - (int) (sizeof(x) / sizeof(x[0]));
		len = (int) (sizeof(x) / sizeof(x[0]));
	}
	memcpy(buf, y, sizeof(double) * len);
	/* 5 % critical value of the KPSS "mu" statistic */
	while (d < max_d && len >= 3 && Kpss(buf, len, (int) (3 * sqrt(len) / 13)) > 0.463)
	{
		d++;
		for (int t = 0; t < len - 1; t++)
			buf[t] = buf[t + 1] - buf[t];
		len--;
		if (stk_series_constant(buf, len))
			break;
	}
	return d;
}

/*
 * Seasonal differences (forecast's nsdiffs(test = "seas")): 1 when the
 * seasonal strength 1 - var(R) / var(S + R) exceeds 0.64.  R decomposes by
 * STL (mstl, seasonal window 11); here the trend is the classical centred
 * moving average and the seasonal component a moving average of the
 * detrended values over ARIMA_SEAS_WINDOW seasons of the same position, so
 * it may drift as STL's does.  Fixed classical indices instead understate
 * the strength of drifting seasonal patterns (tourism: 0.36-0.58 where R
 * finds 0.65-0.78, and no seasonal difference); with the window of 7 the
 * strength is within about 0.05 of R's on the 50 seasonal dev series
 * checked.
 */
#define ARIMA_SEAS_WINDOW	7

int
stk_arima_nsdiffs(const double *y, int n, int m, const StkAllocator *a)
{
	double		idx[STK_ARIMA_MAX_M];
	double	   *trend;
	double		sr = 0,
				sr2 = 0,
				ss = 0,
				ss2 = 0;
	int			cnt = 0,
				half = ARIMA_SEAS_WINDOW / 2;

	if (m < 2 || m > STK_ARIMA_MAX_M || n <= 2 * m || stk_series_constant(y, n))
		return 0;
	trend = stk_alloc(a, sizeof(double) * n);
	if (trend == NULL)
		return 0;
	if (stk_decompose(y, n, m, STK_DECOMP_ADDITIVE, a, idx, trend) != STK_OK)
	{
		stk_free(a, trend);
		return 0;
	}
	for (int t = 0; t < n; t++)
	{
		double		sea,
					rem,
					sum = 0;
		int			c = 0;

		if (!isfinite(trend[t]))
			continue;
		sea = y[t] - trend[t];	/* S + R */
		for (int k = -half; k <= half; k++)
		{
			int			u = t + k * m;

			if (u < 0 || u >= n || !isfinite(trend[u]))
				continue;
			sum += y[u] - trend[u];
			c++;
		}
		rem = sea - sum / c;
		sr += rem;
		sr2 += rem * rem;
		ss += sea;
		ss2 += sea * sea;
		cnt++;
	}
	stk_free(a, trend);
	if (cnt < 3)
		return 0;
	{
		double		vr = sr2 - sr * sr / cnt,
					vs = ss2 - ss * ss / cnt;

		if (!(vs > 0))
			return 0;
		return 1 - vr / vs > 0.64 ? 1 : 0;
	}
}

/*
 * auto.arima's checks: admissible roots, finite criterion (AICc; AIC for
 * series of three points or fewer, where AICc is infinite for any constant).
 */
static double
Criterion(const StkArimaModel *mod, int n)
{
	const double *c = mod->coef;
	double		r,
				ic = n <= 3 ? mod->aic : mod->aicc;

	if (!isfinite(ic))
		return INFINITY;
	if (MinRoot(c, mod->p, -1) < ARIMA_ROOT_MARGIN)
		return INFINITY;
	if (MinRoot(c + mod->p, mod->q, 1) < ARIMA_ROOT_MARGIN)
		return INFINITY;
	r = MinRoot(c + mod->p + mod->q, mod->P, -1);
	if (pow(r, 1.0 / mod->m) < ARIMA_ROOT_MARGIN)
		return INFINITY;
	r = MinRoot(c + mod->p + mod->q + mod->P, mod->Q, 1);
	if (pow(r, 1.0 / mod->m) < ARIMA_ROOT_MARGIN)
		return INFINITY;
	return ic;
}

#define ARIMA_MAX_TRIED 128

typedef struct AutoSearch
{
	const double *y;
	int			n,
				m,
				d,
				D;
	StkArimaMethod method;
	const StkAllocator *a;
	StkStatus	status;			/* STK_ECANCELED stops the search */
	int			ntried,
				budget;
	int			tried[ARIMA_MAX_TRIED][5];
	double		tried_ic[ARIMA_MAX_TRIED];
	StkArimaModel best;
	double		best_ic;
	int			max_p,
				max_q,
				max_P,
				max_Q,
				max_order;
} AutoSearch;

/*
 * Fit one candidate if new and within bounds; true if it became the best.
 * A cancellation (before the fit or within it) is kept in s->status, and
 * every later call returns false at once.
 */
static bool
TryModel(AutoSearch *s, int p, int q, int P, int Q, bool c)
{
	StkArimaSpec spec;
	StkArimaModel mod;
	StkStatus	st;
	double		ic;

	if (s->status != STK_OK)
		return false;
	if (stk_interrupted())
	{
		s->status = STK_ECANCELED;
		return false;
	}
	if (p < 0 || q < 0 || P < 0 || Q < 0 || p > s->max_p || q > s->max_q ||
		P > s->max_P || Q > s->max_Q || p + q + P + Q > s->max_order)
		return false;
	for (int i = 0; i < s->ntried; i++)
		if (s->tried[i][0] == p && s->tried[i][1] == q && s->tried[i][2] == P &&
			s->tried[i][3] == Q && s->tried[i][4] == (int) c)
			return false;
	if (s->ntried >= s->budget || s->ntried >= ARIMA_MAX_TRIED)
		return false;
	s->tried[s->ntried][0] = p;
	s->tried[s->ntried][1] = q;
	s->tried[s->ntried][2] = P;
	s->tried[s->ntried][3] = Q;
	s->tried[s->ntried][4] = (int) c;
	s->tried_ic[s->ntried] = INFINITY;
	s->ntried++;
	stk_arima_spec_init(&spec);
	spec.p = p;
	spec.q = q;
	spec.P = P;
	spec.Q = Q;
	spec.d = s->d;
	spec.D = s->D;
	spec.m = s->m;
	spec.constant = c;
	spec.method = s->method;
	st = stk_arima_fit(s->y, s->n, &spec, s->a, &mod);
	if (st == STK_ECANCELED)
		s->status = st;
	if (st != STK_OK)
		return false;
	ic = Criterion(&mod, s->n);
	s->tried_ic[s->ntried - 1] = ic;
	if (ic < s->best_ic)
	{
		s->best_ic = ic;
		s->best = mod;
		return true;
	}
	return false;
}

/* ARIMA(0,d,0)(0,D,0) with the constant fixed at the mean of w: no search */
static StkStatus
FitNull(const double *y, int n, int d, int D, int m, bool constant,
		const StkAllocator *a, StkArimaModel *out)
{
	StkArimaSpec spec;
	double		mu = 0;
	double	   *w;
	int			N;

	stk_arima_spec_init(&spec);
	spec.d = d;
	spec.D = D;
	spec.m = m;
	spec.constant = constant && d + D <= 1;
	spec.method = STK_ARIMA_ML;
	if (spec.constant)
	{
		w = stk_alloc(a, sizeof(double) * n);
		if (w == NULL)
			return STK_ENOMEM;
		N = Difference(y, n, d, D, D > 0 ? m : 1, w);
		for (int t = 0; t < N; t++)
			mu += w[t] / N;
		stk_free(a, w);
	}
	spec.fixed = &mu;
	return stk_arima_fit(y, n, &spec, a, out);
}

StkStatus
stk_arima_auto(const double *y, int n, int m, const StkArimaAutoOptions *opts,
			   const StkAllocator *a, StkArimaModel *out)
{
	AutoSearch	s;
	StkArimaAutoOptions defopts;
	double	   *dx;
	int			d,
				D = 0,
				len,
				p,
				q,
				P,
				Q;
	bool		c,
				allow_const;
	StkStatus	st;

	if (opts == NULL)
	{
		stk_arima_auto_options_init(&defopts);
		opts = &defopts;
	}
	if (y == NULL || n < 1)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
	if (m < 1)
		m = 1;
	if (m > STK_ARIMA_MAX_M)
		m = 1;
	if (n < 3 || stk_series_constant(y, n))
		return FitNull(y, n, 0, 0, 1, true, a, out);
	if (m > 1 && n > 2 * m)
		D = stk_arima_nsdiffs(y, n, m, a);
	dx = stk_alloc(a, sizeof(double) * n);
	if (dx == NULL)
		return STK_ENOMEM;
	len = Difference(y, n, 0, D, m, dx);
	d = stk_arima_ndiffs(dx, len, STK_ARIMA_MAX_D);
	len = Difference(y, n, d, D, m, dx);
	if (len < 3 || stk_series_constant(dx, len))
	{
		stk_free(a, dx);
		return FitNull(y, n, d, D, m, d + D <= 1, a, out);
	}
	stk_free(a, dx);

	memset(&s, 0, sizeof(s));
	s.y = y;
	s.n = n;
	s.m = m;
	s.d = d;
	s.D = D;
	s.a = a;
	s.budget = opts->max_models > 0 ? opts->max_models : 94;
	s.best_ic = INFINITY;
	s.method = opts->approximate ? STK_ARIMA_CSS : STK_ARIMA_CSS_ML;
	s.max_p = n / 3 < STK_ARIMA_MAX_P ? n / 3 : STK_ARIMA_MAX_P;
	s.max_q = s.max_p;
	s.max_P = m > 1 ? (n / 3 / m < STK_ARIMA_MAX_SP ? n / 3 / m : STK_ARIMA_MAX_SP) : 0;
	s.max_Q = s.max_P;
	if (m > 1 && s.max_P > 0 && s.max_p > m - 1)
		s.max_p = s.max_q = m - 1;
	s.max_order = 5;
	allow_const = d + D <= 1;
	c = allow_const;
	p = s.max_p < 2 ? s.max_p : 2;
	q = s.max_q < 2 ? s.max_q : 2;
	P = s.max_P < 1 ? s.max_P : 1;
	Q = s.max_Q < 1 ? s.max_Q : 1;

	TryModel(&s, p, q, P, Q, c);
	if (TryModel(&s, 0, 0, 0, 0, c))
		p = q = P = Q = 0;
	if ((s.max_p > 0 || s.max_P > 0) &&
		TryModel(&s, s.max_p > 0, 0, s.max_P > 0, 0, c))
	{
		p = s.max_p > 0;
		q = 0;
		P = s.max_P > 0;
		Q = 0;
	}
	if ((s.max_q > 0 || s.max_Q > 0) &&
		TryModel(&s, 0, s.max_q > 0, 0, s.max_Q > 0, c))
	{
		p = 0;
		q = s.max_q > 0;
		P = 0;
		Q = s.max_Q > 0;
	}
	if (c && TryModel(&s, 0, 0, 0, 0, false))
	{
		p = q = P = Q = 0;
		c = false;
	}
	if (isfinite(s.best_ic))
	{
		p = s.best.p;
		q = s.best.q;
		P = s.best.P;
		Q = s.best.Q;
		c = s.best.constant;
	}
	for (;;)
	{
		static const int moves[][4] = {
			{0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1},
			{0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
			{-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
			{-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}
		};
		bool		moved = false;

		if (s.ntried >= s.budget)
			break;
		for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]) && !moved; i++)
		{
			if (TryModel(&s, p + moves[i][0], q + moves[i][1],
						 P + moves[i][2], Q + moves[i][3], c))
				moved = true;
		}
		if (!moved && allow_const && TryModel(&s, p, q, P, Q, !c))
			moved = true;
		if (!moved)
			break;
		p = s.best.p;
		q = s.best.q;
		P = s.best.P;
		Q = s.best.Q;
		c = s.best.constant;
	}

	if (s.status != STK_OK)
		return s.status;
	if (!isfinite(s.best_ic))
		return FitNull(y, n, d, D, m, allow_const, a, out);
	if (opts->approximate && !opts->css_final)
	{
		/*
		 * auto.arima: refit the candidates by ML in the order of their CSS
		 * criterion until one is admissible.
		 */
		for (;;)
		{
			StkArimaSpec spec;
			StkArimaModel mod;
			int			k = -1;

			if (stk_interrupted())
				return STK_ECANCELED;
			for (int i = 0; i < s.ntried; i++)
				if (isfinite(s.tried_ic[i]) && (k < 0 || s.tried_ic[i] < s.tried_ic[k]))
					k = i;
			if (k < 0)
				break;
			s.tried_ic[k] = INFINITY;
			stk_arima_spec_init(&spec);
			spec.p = s.tried[k][0];
			spec.q = s.tried[k][1];
			spec.P = s.tried[k][2];
			spec.Q = s.tried[k][3];
			spec.constant = s.tried[k][4] != 0;
			spec.d = d;
			spec.D = D;
			spec.m = m;
			st = stk_arima_fit(y, n, &spec, a, &mod);
			if (st == STK_ENOMEM || st == STK_ECANCELED)
				return st;
			if (st == STK_OK && isfinite(Criterion(&mod, n)))
			{
				*out = mod;
				return STK_OK;
			}
		}
		/* none: the CSS fit stands in (its AR part is admissible) */
	}
	*out = s.best;
	return STK_OK;
}
