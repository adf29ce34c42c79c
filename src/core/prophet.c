/*-------------------------------------------------------------------------
 *
 * prophet.c
 *	  The Prophet-style trend + seasonality + event regression (prophet.h).
 *
 * The design matrix X has one row per step, history then horizon:
 *	 intercept, t, the changepoint hinges (t - c_j)+, the Fourier terms of
 *	 each seasonality, the event-day indicators, the extra regressors.
 * With sigma fixed, the posterior mode is penalised least squares: ridge
 * penalties sigma^2 / scale^2 for the Gaussian priors, an L1 penalty
 * sigma^2 / tau for the Laplace prior of the rate changes (FitMap).  X'X is
 * formed once, over the nonzero entries.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "prophet.h"

#define MAX_CHANGEPOINTS		25
#define CHANGEPOINT_RANGE		0.8
#define WEEKLY_ORDER			3
#define YEARLY_ORDER			10
#define DAYS_PER_YEAR			365.25
#define YEARLY_MIN_DAYS			1095	/* three years (see ChooseSeasonalities) */
#define MAX_OUTER				50		/* sigma^2 refreshes */
#define MAX_SWEEPS				1000	/* coordinate-descent sweeps per refresh */
#define TOLERANCE				1e-6
#define ABS_FLOOR				1e-8	/* |delta| below: a rate change not in use */
/* the design matrix: at most this many values (256 MB) */
#define MAX_DESIGN_VALUES		(32 * 1024 * 1024)
/* sample paths: at most this many values in all */
#define MAX_PATH_VALUES			2000000
/*
 * Work between two looks at stk_interrupted() (a few milliseconds): design
 * values (a sine or cosine each), multiply-adds of X'X, lasso sweeps,
 * sample paths.
 */
#define CHECK_DESIGN_VALUES		(1 << 18)
#define CHECK_GRAM_MULADDS		(1L << 22)
#define CHECK_SWEEPS			64
#define CHECK_PATHS				256

void
stk_prophet_options_init(StkProphetOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->period = 1;
}

/* One seasonality: period in units of x, Fourier order. */
typedef struct Seasonality
{
	double		period;
	int			order;
	bool		dated;			/* x is the day of the step, else the step */
} Seasonality;

/* Number of Fourier columns of order K at period P (no sine at Nyquist). */
static int
FourierColumns(const Seasonality *s)
{
	int			c = 2 * s->order;

	if (fabs(2.0 * s->order - s->period) < 1e-9)
		c--;
	return c;
}

/* Day (DateADT numbering) at which step i starts. */
static double
StepDay(const StkEventCalendar *cal, int i)
{
	return (double) stk_period_start_day(cal->freq, cal->first + i);
}

/*
 * The seasonalities of the series: an undated series its period; a dated
 * one by its calendar, weekly for days and yearly once three years are
 * seen.  Prophet starts the yearly terms at two years; with only two
 * cycles (order 10: 20 coefficients) they learn each year's feasts as
 * fixed-date bumps and take part of the moving events' effects.  On the
 * generated shop (test/bench/prophet_events.sh, seeds 42, 7 and 11, 730
 * days) waiting for three years lowered prophet's error on ordinary days by
 * 2.5-5 % and auto's with events before the feast by 2 %, and changed
 * nothing else by more than 1.5 %.
 */
static int
ChooseSeasonalities(int n, const StkProphetOptions *opts, Seasonality *s)
{
	int			ns = 0;
	const StkEventCalendar *cal = opts->cal;

	if (cal == NULL)
	{
		int			p = opts->period;

		if (p >= 2 && n >= 2 * p)
		{
			s[ns].period = p;
			s[ns].order = p == 7 ? WEEKLY_ORDER : (p / 2 < YEARLY_ORDER ? p / 2 : YEARLY_ORDER);
			s[ns].dated = false;
			ns++;
		}
		return ns;
	}
	if (cal->freq == STK_FREQ_DAY && n >= 14)
	{
		s[ns].period = 7;
		s[ns].order = WEEKLY_ORDER;
		s[ns].dated = true;
		ns++;
	}
	if (StepDay(cal, n) - StepDay(cal, 0) >= YEARLY_MIN_DAYS)
	{
		double		steps = cal->freq == STK_FREQ_DAY ? DAYS_PER_YEAR :
			cal->freq == STK_FREQ_WEEK ? DAYS_PER_YEAR / 7 : 12;
		int			order = (int) ((steps - 1) / 2);

		s[ns].period = DAYS_PER_YEAR;
		s[ns].order = order < YEARLY_ORDER ? order : YEARLY_ORDER;
		s[ns].dated = true;
		ns++;
	}
	return ns;
}

/*
 * Event columns: an event day's window day o (-before .. after) falls on
 * step i; daily series only use the window, coarser ones the event's own
 * period.  col[g * w + o] is the column of name g, window day o, or -1 when
 * the history never sees it (then its effect is unknown and taken as 0).
 */
static int
EventWindow(const StkEventCalendar *cal)
{
	return cal->freq == STK_FREQ_DAY ? cal->days_before + cal->days_after + 1 : 1;
}

static int
EventStep(const StkEventCalendar *cal, int e, int o)
{
	int32_t		day = cal->days[e];
	int64_t		step;

	if (cal->freq == STK_FREQ_DAY)
		day += o - cal->days_before;
	step = stk_period_of_day(cal->freq, day) - cal->first;
	return step < -1 || step > INT32_MAX / 2 ? -1 : (int) step;
}

/*
 * Centre and scale of each extra regressor over the history: a regressor
 * holding only 0 and 1 (a promotion flag) is left as it is, so that its
 * coefficient is the effect of the flag, as Prophet's standardize = 'auto'
 * does; another is standardised, so that one prior scale suits prices and
 * counts alike.  A regressor constant over the history (a flag always on
 * included) is centred with scale 1: its history is then all zero, it
 * cannot stand in for the intercept, and the prior holds its effect at 0.
 * The spread is taken on the deviations divided by the largest one, so
 * that values near the limits of double precision neither overflow nor
 * underflow when squared.
 */
static StkStatus
RegressorScales(const double *r, int k, int n, int rows, double *centre,
				double *sd)
{
	for (int j = 0; j < k; j++)
	{
		double		mean = 0,
					big = 0,
					ss = 0;
		bool		binary = true;

		for (int i = 0; i < rows; i++)
			if (!isfinite(r[(size_t) i * k + j]))
				return STK_ENONFINITE;
		/* a running mean: exact for a constant, and no overflow */
		for (int i = 0; i < n; i++)
		{
			double		v = r[(size_t) i * k + j];

			mean += (v - mean) / (i + 1);
			binary &= (v == 0 || v == 1);
		}
		for (int i = 0; i < n; i++)
			big = fmax(big, fabs(r[(size_t) i * k + j] - mean));
		if (big > 0)
		{
			for (int i = 0; i < n; i++)
			{
				double		d = (r[(size_t) i * k + j] - mean) / big;

				ss += d * d;
			}
			ss = big * sqrt(ss / n);
		}
		if (!(ss > 0) || !isfinite(ss))
		{
			/* constant over the history */
			centre[j] = mean;
			sd[j] = 1;
		}
		else if (binary)
		{
			centre[j] = 0;
			sd[j] = 1;
		}
		else
		{
			centre[j] = mean;
			sd[j] = ss;
		}
	}
	return STK_OK;
}

/*
 * Coordinate descent creeps on an ill-conditioned C (neighbouring hinges are
 * nearly collinear).  Once it has found the active set and the signs, the
 * lasso's solution solves C_AA delta_A = e_A - thresh sign(delta_A) exactly;
 * that solution is taken when it keeps every sign (else the descent's).
 */
static void
PolishLasso(const gsl_matrix *C, const gsl_vector *e, double thresh,
			gsl_vector *beta)
{
	int			ncp = (int) C->size1;
	int			act[MAX_CHANGEPOINTS];
	int			na = 0;
	double		m[MAX_CHANGEPOINTS * MAX_CHANGEPOINTS],
				rhs[MAX_CHANGEPOINTS];
	gsl_matrix_view M;
	gsl_vector_view R;

	for (int j = 0; j < ncp; j++)
		if (gsl_vector_get(beta, 2 + j) != 0)
			act[na++] = j;
	if (na == 0)
		return;
	for (int i = 0; i < na; i++)
	{
		for (int k = 0; k < na; k++)
			m[i * na + k] = gsl_matrix_get(C, act[i], act[k]);
		rhs[i] = gsl_vector_get(e, act[i]) -
			copysign(thresh, gsl_vector_get(beta, 2 + act[i]));
	}
	M = gsl_matrix_view_array(m, na, na);
	R = gsl_vector_view_array(rhs, na);
	if (gsl_linalg_cholesky_decomp1(&M.matrix) != 0 ||
		gsl_linalg_cholesky_svx(&M.matrix, &R.vector) != 0)
		return;
	for (int i = 0; i < na; i++)
		if (!isfinite(rhs[i]) || rhs[i] * gsl_vector_get(beta, 2 + act[i]) <= 0)
			return;
	for (int i = 0; i < na; i++)
		gsl_vector_set(beta, 2 + act[i], rhs[i]);
}

/*
 * The posterior mode for the Gaussian priors (pen[j] = 1 / scale^2) and
 * the Laplace prior of the ncp rate changes in columns 2 .. 2 + ncp - 1.
 * For a given sigma^2 the other coefficients (block R) are profiled out:
 * with A_r = G_rr + sigma^2 diag(pen_r), factored once,
 *	 C = G_dd - G_dr A_r^-1 G_rd,  e = b_d - G_dr A_r^-1 b_r,
 * the rate changes minimise 1/2 delta'C delta - e'delta + sigma^2/tau
 * sum |delta_j|, a lasso in ncp (<= 25) unknowns solved exactly by
 * coordinate descent (soft thresholding, so the unused changepoints are
 * exactly zero), and rest = A_r^-1 (b_r - G_rd delta).  sigma^2 = RSS / n
 * is then refreshed and the whole repeated until it settles.  On return
 * beta holds the mode and *sigma2 the residual variance (scaled units).
 * STK_ECANCELED when stk_interrupted() says so (per refresh, each with a
 * Cholesky factorisation of A_r, and every CHECK_SWEEPS sweeps).
 */
static StkStatus
FitMap(const gsl_matrix *G, const gsl_vector *b, const double *pen, int ncp,
	   double tau, int n, double yty, double *sigma2, gsl_vector *beta,
	   int *iterations)
{
	int			p = (int) G->size1;
	int			pr = p - ncp;
	int		   *ridx;
	gsl_matrix *Ar = NULL,
			   *Grd = NULL,
			   *W = NULL,
			   *C = NULL;
	gsl_vector *br = NULL,
			   *wr = NULL,
			   *e = NULL,
			   *Gb = NULL;
	double		s2 = *sigma2;
	StkStatus	st = STK_ENOMEM;
	int			sweeps = 0;

	ridx = malloc(sizeof(int) * (size_t) pr);
	Ar = gsl_matrix_alloc(pr, pr);
	br = gsl_vector_alloc(pr);
	wr = gsl_vector_alloc(pr);
	Gb = gsl_vector_alloc(p);
	if (ncp > 0)
	{
		Grd = gsl_matrix_alloc(pr, ncp);
		W = gsl_matrix_alloc(pr, ncp);
		C = gsl_matrix_alloc(ncp, ncp);
		e = gsl_vector_alloc(ncp);
	}
	if (ridx == NULL || Ar == NULL || br == NULL || wr == NULL || Gb == NULL ||
		(ncp > 0 && (Grd == NULL || W == NULL || C == NULL || e == NULL)))
		goto done;
	for (int j = 0, k = 0; j < p; j++)
		if (j < 2 || j >= 2 + ncp)
			ridx[k++] = j;
	for (int i = 0; i < pr; i++)
	{
		gsl_vector_set(br, i, gsl_vector_get(b, ridx[i]));
		for (int j = 0; j < ncp; j++)
			gsl_matrix_set(Grd, i, j, gsl_matrix_get(G, ridx[i], 2 + j));
	}

	st = STK_ENOCONV;
	for (int outer = 0; outer < MAX_OUTER; outer++)
	{
		double		rss,
					quad,
					bb,
					s2new,
					thresh = s2 / tau;

		if (stk_interrupted())
		{
			st = STK_ECANCELED;
			goto done;
		}
		/* profile out R at this sigma^2 */
		for (int i = 0; i < pr; i++)
			for (int j = 0; j <= i; j++)
				gsl_matrix_set(Ar, i, j, gsl_matrix_get(G, ridx[i], ridx[j]) +
							   (i == j ? s2 * pen[ridx[i]] : 0));
		if (gsl_linalg_cholesky_decomp1(Ar) != 0 ||
			gsl_linalg_cholesky_solve(Ar, br, wr) != 0)
			goto done;
		for (int j = 0; j < ncp; j++)
		{
			gsl_vector_view wc = gsl_matrix_column(W, j);
			gsl_vector_const_view gc = gsl_matrix_const_column(Grd, j);

			if (gsl_linalg_cholesky_solve(Ar, &gc.vector, &wc.vector) != 0)
				goto done;
		}
		if (ncp > 0)
		{
			for (int i = 0; i < ncp; i++)
			{
				for (int j = 0; j < ncp; j++)
					gsl_matrix_set(C, i, j, gsl_matrix_get(G, 2 + i, 2 + j));
				gsl_vector_set(e, i, gsl_vector_get(b, 2 + i));
			}
			gsl_blas_dgemm(CblasTrans, CblasNoTrans, -1.0, Grd, W, 1.0, C);
			gsl_blas_dgemv(CblasTrans, -1.0, Grd, wr, 1.0, e);
		}

		/* the lasso in the rate changes, warm-started */
		for (int sweep = 0; sweep < MAX_SWEEPS; sweep++)
		{
			double		change = 0;

			if (sweep % CHECK_SWEEPS == CHECK_SWEEPS - 1 && stk_interrupted())
			{
				st = STK_ECANCELED;
				goto done;
			}
			sweeps++;
			for (int j = 0; j < ncp; j++)
			{
				double		r = gsl_vector_get(e, j),
							cjj = gsl_matrix_get(C, j, j),
							old = gsl_vector_get(beta, 2 + j),
							d;

				for (int k = 0; k < ncp; k++)
					if (k != j)
						r -= gsl_matrix_get(C, j, k) * gsl_vector_get(beta, 2 + k);
				d = cjj > 0 ? copysign(fmax(fabs(r) - thresh, 0), r) / cjj : 0;
				gsl_vector_set(beta, 2 + j, d);
				if (fabs(d - old) > change)
					change = fabs(d - old);
			}
			if (change < TOLERANCE)
				break;
		}
		if (ncp > 0)
			PolishLasso(C, e, thresh, beta);
		/* rest = wr - W delta */
		for (int i = 0; i < pr; i++)
		{
			double		v = gsl_vector_get(wr, i);

			for (int j = 0; j < ncp; j++)
				v -= gsl_matrix_get(W, i, j) * gsl_vector_get(beta, 2 + j);
			gsl_vector_set(beta, ridx[i], v);
		}
		/* RSS = y'y - 2 beta'b + beta'G beta */
		gsl_blas_dsymv(CblasLower, 1.0, G, beta, 0.0, Gb);
		gsl_blas_ddot(beta, Gb, &quad);
		gsl_blas_ddot(beta, b, &bb);
		rss = yty - 2 * bb + quad;
		if (!isfinite(rss))
			goto done;
		s2new = rss / n > 1e-12 ? rss / n : 1e-12;
		if (fabs(s2new - s2) <= 1e-6 * s2)
			break;
		s2 = s2new;
	}
	*iterations = sweeps;
	*sigma2 = s2;
	st = STK_OK;

done:
	free(ridx);
	if (Ar)
		gsl_matrix_free(Ar);
	if (Grd)
		gsl_matrix_free(Grd);
	if (W)
		gsl_matrix_free(W);
	if (C)
		gsl_matrix_free(C);
	if (br)
		gsl_vector_free(br);
	if (wr)
		gsl_vector_free(wr);
	if (e)
		gsl_vector_free(e);
	if (Gb)
		gsl_vector_free(Gb);
	return st;
}

/*
 * The noise variance of the predictive distribution: RSS / (n - edf), the
 * effective degrees of freedom edf = tr((G + D)^-1 G) = p - tr((G + D)^-1 D)
 * of the penalised fit, D at the mode (for the L1 block the quadratic that
 * touches sigma^2 / tau |delta| there, sigma^2 / (tau |delta|): a rate
 * change at zero drops out).  The mode's RSS / n leaves out what
 * the ~p coefficients absorbed and gave 10-90 % bands covering 73-75 % on
 * the generated shop (BENCHMARKS.md).  On entry *sigma2 is RSS / n.
 */
static StkStatus
NoiseVariance(const gsl_matrix *G, const double *pen, int ncp, double tau,
			  int n, const gsl_vector *beta, double *sigma2, double *edf)
{
	int			p = (int) G->size1;
	gsl_matrix *A = gsl_matrix_alloc(p, p);
	double		s2 = *sigma2,
				tr = 0;
	double	   *d;

	d = malloc(sizeof(double) * (size_t) p);
	if (A == NULL || d == NULL)
	{
		if (A)
			gsl_matrix_free(A);
		free(d);
		return STK_ENOMEM;
	}
	gsl_matrix_memcpy(A, G);
	for (int j = 0; j < p; j++)
	{
		if (j >= 2 && j < 2 + ncp)
		{
			double		a = fabs(gsl_vector_get(beta, j));

			d[j] = s2 / (tau * (a > ABS_FLOOR ? a : ABS_FLOOR));
		}
		else
			d[j] = s2 * pen[j];
		*gsl_matrix_ptr(A, j, j) += d[j];
	}
	if (gsl_linalg_cholesky_decomp1(A) != 0 || gsl_linalg_cholesky_invert(A) != 0)
	{
		gsl_matrix_free(A);
		free(d);
		return STK_ENOCONV;
	}
	for (int j = 0; j < p; j++)
		tr += d[j] * gsl_matrix_get(A, j, j);
	*edf = p - tr;
	if (n - *edf >= 1)
		*sigma2 = s2 * n / (n - *edf);
	gsl_matrix_free(A);
	free(d);
	return STK_OK;
}

/*
 * Fit, then either forecast (fc) or return the event component of every
 * history and horizon step in y units (effects[n + horizon], fc NULL).
 */
static StkStatus
ProphetRun(const double *y, int n, int horizon, const StkProphetOptions *opts,
		   const StkAllocator *a, StkForecast *fc, StkProphetFit *fit,
		   double *effects, int *nevent_terms)
{
	const StkEventCalendar *cal = opts->cal;
	Seasonality seas[2];
	int			nseas;
	int			ncp;
	int			cp_idx[MAX_CHANGEPOINTS];
	int			p,
				p_seas = 0,
				p_ev = 0,
				p_reg = opts->nregressors,
				c_seas,
				c_ev,
				c_reg;
	double		reg_centre[STK_PROPHET_MAX_REGRESSORS],
				reg_sd[STK_PROPHET_MAX_REGRESSORS];
	int			w = 0;
	int			rows = n + horizon;
	int			n_fit = n;		/* history steps in the fit */
	const bool *masked = opts->masked;
	int		   *evcol = NULL,
			   *nz = NULL;
	double	   *X = NULL,
			   *pen = NULL,
			   *ys = NULL;
	double		scale = 0,
				edf = 0,
				yty,
				dt,
				sigma2,
				tau,
				s_scale,
				h_scale,
				k_scale,
				r_scale;
	gsl_matrix *G = NULL;
	gsl_vector *b = NULL,
			   *beta = NULL;
	gsl_rng    *rng = NULL;
	int			iter = 0;
	int			nsim;
	long		work = 0;
	StkStatus	st = STK_ENOMEM;

	if (fc != NULL)
		memset(fc, 0, sizeof(*fc));
	if (y == NULL || n < 3 || horizon < 1 || horizon > STK_MAX_HORIZON ||
		p_reg < 0 || p_reg > STK_PROPHET_MAX_REGRESSORS ||
		(p_reg > 0 && opts->regressors == NULL))
		return STK_EINVAL;
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(y[i]))
			return STK_ENONFINITE;
		if (fabs(y[i]) > scale)
			scale = fabs(y[i]);
	}
	if (scale == 0)
		scale = 1;
	tau = opts->changepoint_scale > 0 ? opts->changepoint_scale : 0.05;
	s_scale = opts->seasonality_scale > 0 ? opts->seasonality_scale : 10;
	h_scale = opts->holiday_scale > 0 ? opts->holiday_scale : 10;
	k_scale = opts->trend_scale > 0 ? opts->trend_scale : 5;
	r_scale = opts->regressor_scale > 0 ? opts->regressor_scale : 10;
	if (masked != NULL)
	{
		for (int i = 0; i < n; i++)
			n_fit -= masked[i];
		/* too little observed: fit the filled-in values after all */
		if (n_fit < 3)
		{
			masked = NULL;
			n_fit = n;
		}
	}
	if (p_reg > 0 &&
		(st = RegressorScales(opts->regressors, p_reg, n, rows, reg_centre, reg_sd)) != STK_OK)
		return st;
	st = STK_ENOMEM;
	dt = 1.0 / (n - 1);

	/* changepoints: evenly over the first 80 % of the history */
	{
		int			hist = (int) floor(n * CHANGEPOINT_RANGE);

		ncp = hist - 1 < MAX_CHANGEPOINTS ? hist - 1 : MAX_CHANGEPOINTS;
		if (ncp < 0)
			ncp = 0;
		for (int j = 1; j <= ncp; j++)
			cp_idx[j - 1] = (int) lround((double) (hist - 1) * j / ncp);
	}
	nseas = ChooseSeasonalities(n, opts, seas);
	for (int s = 0; s < nseas; s++)
		p_seas += FourierColumns(&seas[s]);

	/* event columns seen in the history */
	if (cal != NULL && cal->nevents > 0)
	{
		if (cal->nnames < 1 || cal->nnames > STK_PROPHET_MAX_EVENT_NAMES ||
			cal->days_before < 0 || cal->days_before > STK_PROPHET_MAX_WINDOW ||
			cal->days_after < 0 || cal->days_after > STK_PROPHET_MAX_WINDOW)
			return STK_EINVAL;
		w = EventWindow(cal);
		evcol = stk_alloc(a, sizeof(int) * (size_t) cal->nnames * w);
		if (evcol == NULL)
			goto done;
		for (int k = 0; k < cal->nnames * w; k++)
			evcol[k] = -1;
		for (int e = 0; e < cal->nevents; e++)
		{
			if (cal->names[e] < 0 || cal->names[e] >= cal->nnames)
			{
				st = STK_EINVAL;
				goto done;
			}
			for (int o = 0; o < w; o++)
			{
				int			i = EventStep(cal, e, o);
				int		   *c = &evcol[cal->names[e] * w + o];

				if (i >= 0 && i < n && *c < 0)
					*c = p_ev++;
			}
		}
		if (p_ev > STK_PROPHET_MAX_EVENT_TERMS)
		{
			st = STK_EINVAL;
			goto done;
		}
	}
	c_seas = 2 + ncp;
	c_ev = c_seas + p_seas;
	c_reg = c_ev + p_ev;
	p = c_reg + p_reg;

	/* the design, history and horizon rows (dense: bounded here) */
	if ((size_t) rows * p > MAX_DESIGN_VALUES)
	{
		st = STK_ETOOBIG;
		goto done;
	}
	X = stk_alloc(a, sizeof(double) * (size_t) rows * p);
	pen = stk_alloc(a, sizeof(double) * p);
	ys = stk_alloc(a, sizeof(double) * n);
	if (X == NULL || pen == NULL || ys == NULL)
		goto done;
	memset(X, 0, sizeof(double) * (size_t) rows * p);
	for (int i = 0; i < rows; i++)
	{
		double	   *x = X + (size_t) i * p;
		double		t = i * dt;
		int			c = c_seas;

		/* up to MAX_DESIGN_VALUES values */
		work += p;
		if (work >= CHECK_DESIGN_VALUES)
		{
			work = 0;
			if (stk_interrupted())
			{
				st = STK_ECANCELED;
				goto done;
			}
		}

		x[0] = 1;
		x[1] = t;
		for (int j = 0; j < ncp; j++)
			x[2 + j] = i > cp_idx[j] ? t - cp_idx[j] * dt : 0;
		for (int s = 0; s < nseas; s++)
		{
			double		xs = seas[s].dated ? StepDay(cal, i) : i;

			for (int k = 1; k <= seas[s].order; k++)
			{
				double		arg = 2 * M_PI * k * fmod(xs, seas[s].period) / seas[s].period;

				if (!(fabs(2.0 * k - seas[s].period) < 1e-9))
					x[c++] = sin(arg);
				x[c++] = cos(arg);
			}
		}
		for (int r = 0; r < p_reg; r++)
			x[c_reg + r] = (opts->regressors[(size_t) i * p_reg + r] - reg_centre[r]) / reg_sd[r];
	}
	if (p_ev > 0)
	{
		for (int e = 0; e < cal->nevents; e++)
			for (int o = 0; o < w; o++)
			{
				int			i = EventStep(cal, e, o);
				int			c = evcol[cal->names[e] * w + o];

				if (c >= 0 && i >= 0 && i < rows)
					X[(size_t) i * p + c_ev + c] = 1;
			}
	}
	for (int i = 0; i < n; i++)
		ys[i] = y[i] / scale;

	/* X'X and X'y over the history */
	G = gsl_matrix_alloc(p, p);
	b = gsl_vector_alloc(p);
	beta = gsl_vector_calloc(p);
	if (G == NULL || b == NULL || beta == NULL)
		goto done;
	/*
	 * Row by row over the nonzero entries: the event columns are almost all
	 * zero, and with a long window they are most of the columns.
	 */
	nz = stk_alloc(a, sizeof(int) * p);
	if (nz == NULL)
		goto done;
	gsl_matrix_set_zero(G);
	gsl_vector_set_zero(b);
	work = 0;
	for (int i = 0; i < n; i++)
	{
		const double *x = X + (size_t) i * p;
		int			k = 0;

		if (masked != NULL && masked[i])
			continue;
		for (int j = 0; j < p; j++)
			if (j < c_ev || j >= c_reg || x[j] != 0)
				nz[k++] = j;
		/* k (k + 1) / 2 multiply-adds a row, n rows */
		work += (long) k * k / 2 + p;
		if (work >= CHECK_GRAM_MULADDS)
		{
			work = 0;
			if (stk_interrupted())
			{
				st = STK_ECANCELED;
				goto done;
			}
		}
		for (int u = 0; u < k; u++)
		{
			double		xu = x[nz[u]];
			double	   *grow = gsl_matrix_ptr(G, nz[u], 0);

			for (int v = 0; v <= u; v++)
				grow[nz[v]] += xu * x[nz[v]];
			*gsl_vector_ptr(b, nz[u]) += xu * ys[i];
		}
	}
	/* the full symmetric matrix, for the blocks of FitMap */
	for (int i = 0; i < p; i++)
		for (int j = i + 1; j < p; j++)
			gsl_matrix_set(G, i, j, gsl_matrix_get(G, j, i));
	for (int j = 0; j < p; j++)
	{
		if (j < 2)
			pen[j] = 1 / (k_scale * k_scale);
		else if (j < c_seas)
			pen[j] = 0;			/* Laplace: set per iteration */
		else if (j < c_ev)
			pen[j] = 1 / (s_scale * s_scale);
		else if (j < c_reg)
			pen[j] = 1 / (h_scale * h_scale);
		else
			pen[j] = 1 / (r_scale * r_scale);
	}

	/* start: the scaled series' variance, no rate change */
	{
		double		mean = 0,
					ss = 0;

		yty = 0;
		for (int i = 0; i < n; i++)
		{
			if (masked != NULL && masked[i])
				continue;
			mean += ys[i];
			yty += ys[i] * ys[i];
		}
		mean /= n_fit;
		for (int i = 0; i < n; i++)
			if (masked == NULL || !masked[i])
				ss += (ys[i] - mean) * (ys[i] - mean);
		sigma2 = ss / n_fit > 1e-12 ? ss / n_fit : 1e-12;
	}
	st = FitMap(G, b, pen, ncp, tau, n_fit, yty, &sigma2, beta, &iter);
	if (st != STK_OK)
		goto done;
	if (fc == NULL)
	{
		/* the event component only */
		for (int i = 0; i < rows; i++)
		{
			const double *x = X + (size_t) i * p;
			double		f = 0;

			for (int j = c_ev; j < c_reg; j++)
				f += x[j] * gsl_vector_get(beta, j);
			effects[i] = f * scale;
		}
		*nevent_terms = p_ev;
		st = STK_OK;
		goto done;
	}
	/* a Cholesky inverse of G + D, p x p: the last long step before paths */
	if (stk_interrupted())
	{
		st = STK_ECANCELED;
		goto done;
	}
	if ((st = NoiseVariance(G, pen, ncp, tau, n_fit, beta, &sigma2, &edf)) != STK_OK)
		goto done;

	/* the forecast: deterministic part, then simulated trend changes and noise */
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		goto done;
	for (int h = 0; h < horizon; h++)
	{
		const double *x = X + (size_t) (n + h) * p;
		double		f = 0;

		for (int j = 0; j < p; j++)
			f += x[j] * gsl_vector_get(beta, j);
		fc->mean[h] = f * scale;
	}
	nsim = opts->nsim > 0 ? opts->nsim : STK_PROPHET_DEFAULT_NSIM;
	if ((size_t) nsim * horizon > MAX_PATH_VALUES)
		nsim = MAX_PATH_VALUES / horizon;
	if (nsim < 100)
		nsim = 100;
	fc->paths = stk_alloc(a, sizeof(double) * (size_t) nsim * horizon);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (fc->paths == NULL || rng == NULL)
	{
		stk_forecast_free(fc, a);
		st = STK_ENOMEM;
		goto done;
	}
	fc->nsim = nsim;
	gsl_rng_set(rng, (unsigned long) (opts->seed ^ (opts->seed >> 32)));
	{
		double		lambda = 0;
		double		pchange = ncp > 0 ? (double) ncp * dt : 0;
		double		sd = sqrt(sigma2);

		for (int j = 0; j < ncp; j++)
			lambda += fabs(gsl_vector_get(beta, 2 + j));
		lambda = ncp > 0 ? lambda / ncp : 0;
		if (pchange > 1)
			pchange = 1;
		for (int s = 0; s < nsim; s++)
		{
			double	   *path = fc->paths + (size_t) s * horizon;
			double		extra_rate = 0,
						extra = 0;

			/* up to MAX_PATH_VALUES draws in all */
			if (s % CHECK_PATHS == CHECK_PATHS - 1 && stk_interrupted())
			{
				stk_forecast_free(fc, a);
				st = STK_ECANCELED;
				goto done;
			}

			for (int h = 0; h < horizon; h++)
			{
				if (lambda > 0 && gsl_rng_uniform(rng) < pchange)
					extra_rate += gsl_ran_laplace(rng, lambda);
				extra += extra_rate * dt;
				path[h] = fc->mean[h] + (extra + gsl_ran_gaussian_ziggurat(rng, sd)) * scale;
			}
		}
	}

	fc->sigma2 = sigma2 * scale * scale;
	fc->nparams = p;
	fc->aicc = NAN;
	fc->loglik = NAN;
	{
		bool		weekly = false,
					yearly = false;

		for (int s = 0; s < nseas; s++)
		{
			weekly |= seas[s].period == 7;
			yearly |= seas[s].period == DAYS_PER_YEAR;
		}
		snprintf(fc->model, sizeof(fc->model), "Prophet-style(trend%s%s%s)",
				 weekly && yearly ? ", weekly, yearly" : weekly ? ", weekly" :
				 yearly ? ", yearly" : nseas > 0 ? ", seasonal" : "",
				 p_ev > 0 ? ", events" : "",
				 p_reg == 1 ? ", 1 regressor" : p_reg > 1 ? ", regressors" : "");
	}
	if (fit != NULL)
	{
		double		rate = gsl_vector_get(beta, 1);

		memset(fit, 0, sizeof(*fit));
		fit->nchangepoints = ncp;
		for (int j = 0; j < ncp; j++)
		{
			rate += gsl_vector_get(beta, 2 + j);
			if (fabs(gsl_vector_get(beta, 2 + j)) > 1e-3)
				fit->nactive++;
		}
		fit->nseason_terms = p_seas;
		fit->nevent_terms = p_ev;
		fit->sigma = sqrt(sigma2) * scale;
		fit->edf = edf;
		fit->last_rate = rate * dt * scale;
		fit->iterations = iter;
		fit->nregressors = p_reg;
		for (int r = 0; r < p_reg; r++)
			fit->regressor_coef[r] = gsl_vector_get(beta, c_reg + r) * scale / reg_sd[r];
	}
	st = STK_OK;

done:
	if (rng)
		gsl_rng_free(rng);
	if (G)
		gsl_matrix_free(G);
	if (b)
		gsl_vector_free(b);
	if (beta)
		gsl_vector_free(beta);
	stk_free(a, X);
	stk_free(a, pen);
	stk_free(a, ys);
	stk_free(a, evcol);
	stk_free(a, nz);
	return st;
}

StkStatus
stk_prophet(const double *y, int n, int horizon, const StkProphetOptions *opts,
			const StkAllocator *a, StkForecast *fc, StkProphetFit *fit)
{
	return ProphetRun(y, n, horizon, opts, a, fc, fit, NULL, NULL);
}

StkStatus
stk_prophet_event_effects(const double *y, int n, int horizon,
						  const StkProphetOptions *opts, const StkAllocator *a,
						  double *effects, int *nterms)
{
	*nterms = 0;
	return ProphetRun(y, n, horizon, opts, a, NULL, NULL, effects, nterms);
}
