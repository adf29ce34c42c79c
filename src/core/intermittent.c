/*-------------------------------------------------------------------------
 *
 * intermittent.c
 *	  Croston, SBA, TSB, ADIDA and IMAPA (definitions in intermittent.h).
 *
 * Every method is a handful of exponential-smoothing recursions, run once
 * per candidate parameter when optimising.  The runs record the one-step
 * forecasts only when asked (fitted != NULL), so the optimiser's
 * evaluations touch nothing but the data and a few scalars.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>


#include "baselines.h"
#include "demand_class.h"
#include "intermittent.h"
#include "optim1d.h"

#define DEFAULT_ALPHA 0.1
#define DEFAULT_BETA 0.1

/* The optimiser's search interval: (0, 1] with the open end kept off 0. */
#define PARAM_LO 0.001
#define PARAM_HI 1.0

/* Accumulator of the in-sample criteria over one-step errors. */
typedef struct LossAcc
{
	double		sse;			/* sum of e^2 */
	double		cum;			/* running sum of e */
	double		sar;			/* sum of |cum| */
	double		ssr;			/* sum of cum^2 */
	int			m;				/* errors seen */
} LossAcc;

static inline void
loss_add(LossAcc *l, double e)
{
	l->sse += e * e;
	l->cum += e;
	l->sar += fabs(l->cum);
	l->ssr += l->cum * l->cum;
	l->m++;
}

static double
loss_value(const LossAcc *l, StkIntermittentLoss kind)
{
	if (l->m == 0)
		return 0;
	switch (kind)
	{
		case STK_IM_LOSS_MAR:
			return l->sar / l->m;
		case STK_IM_LOSS_MSR:
			return l->ssr / l->m;
		case STK_IM_LOSS_MSE:
			break;
	}
	return l->sse / l->m;
}

/* Croston's state: smoothed size and interval, periods since last demand. */
typedef struct CrostonState
{
	double		z;
	double		x;
	int			since;
	bool		have;			/* a demand has been seen */
} CrostonState;

static inline void
croston_step(CrostonState *s, double y, double as, double ai)
{
	if (y > 0)
	{
		double		q = s->since + 1;

		if (!s->have)
		{
			/* SES started at its first observation: the update is void */
			s->z = y;
			s->x = q;
			s->have = true;
		}
		else
		{
			s->z += as * (y - s->z);
			s->x += ai * (q - s->x);
		}
		s->since = 0;
	}
	else
		s->since++;
}

/*
 * Run Croston over y with the bias factor (1 for Croston, 1 - ai/2 for
 * SBA).  Before the first demand the forecast is 0 (R's convention for an
 * all-zero prefix).  fitted[t] gets the forecast made before seeing y[t]
 * (fitted[0] = NaN); errors from t = 1 go to acc.
 */
static void
croston_run(const double *y, int n, double as, double ai, double factor,
			CrostonState *s, double *fitted, LossAcc *acc)
{
	memset(s, 0, sizeof(*s));
	for (int t = 0; t < n; t++)
	{
		double		f = s->have ? factor * s->z / s->x : 0;

		if (t > 0)
		{
			if (acc)
				loss_add(acc, y[t] - f);
			if (fitted)
				fitted[t] = f;
		}
		else if (fitted)
			fitted[0] = NAN;
		croston_step(s, y[t], as, ai);
	}
}

typedef struct TsbState
{
	double		p;
	double		z;
	bool		have;			/* z is defined */
} TsbState;

static inline void
tsb_step(TsbState *s, double y, double alpha, double beta)
{
	if (y > 0)
	{
		s->p += beta * (1 - s->p);
		if (s->have)
			s->z += alpha * (y - s->z);
		else
		{
			s->z = y;
			s->have = true;
		}
	}
	else
		s->p -= beta * s->p;
}

static void
tsb_run(const double *y, int n, double alpha, double beta, double p0, double z0,
		TsbState *s, double *fitted, LossAcc *acc)
{
	s->p = p0;
	s->z = z0;
	s->have = true;
	for (int t = 0; t < n; t++)
	{
		double		f = s->p * s->z;

		if (t > 0)
		{
			if (acc)
				loss_add(acc, y[t] - f);
			if (fitted)
				fitted[t] = f;
		}
		else if (fitted)
			fitted[0] = NAN;
		tsb_step(s, y[t], alpha, beta);
	}
}

/* SES started at the first observation (R's initial = "simple"). */
static double
ses_run(const double *x, int m, double alpha, double *fitted, LossAcc *acc)
{
	double		level = x[0];

	if (fitted)
		fitted[0] = NAN;
	for (int t = 1; t < m; t++)
	{
		double		e = x[t] - level;

		if (acc)
			loss_add(acc, e);
		if (fitted)
			fitted[t] = level;
		level += alpha * e;
	}
	return level;
}

/*
 * One-dimensional minimisation over [PARAM_LO, PARAM_HI] (see optim1d.h:
 * the criteria of these recursions can have several local minima).
 */
static StkStatus
minimise_param(double (*f) (double, void *), void *arg, double *xbest)
{
	static const double grid[] = {
		PARAM_LO, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7,
	0.8, 0.9, PARAM_HI};

	return stk_minimise_1d(f, arg, grid, sizeof(grid) / sizeof(grid[0]), 1e-6, xbest);
}

/* Objectives for the optimiser. */
typedef struct ObjArg
{
	const double *y;
	int			n;
	StkIntermittentLoss loss;
	bool		sba;			/* Croston: apply the SBA factor */
	double		other;			/* TSB: the parameter held fixed */
	double		p0,
				z0;				/* TSB initial state */
} ObjArg;

static double
obj_croston(double alpha, void *arg)
{
	ObjArg	   *o = arg;
	CrostonState s;
	LossAcc		acc = {0};

	croston_run(o->y, o->n, alpha, alpha, o->sba ? 1 - alpha / 2 : 1,
				&s, NULL, &acc);
	return loss_value(&acc, o->loss);
}

static double
obj_tsb_alpha(double alpha, void *arg)
{
	ObjArg	   *o = arg;
	TsbState	s;
	LossAcc		acc = {0};

	tsb_run(o->y, o->n, alpha, o->other, o->p0, o->z0, &s, NULL, &acc);
	return loss_value(&acc, o->loss);
}

static double
obj_tsb_beta(double beta, void *arg)
{
	ObjArg	   *o = arg;
	TsbState	s;
	LossAcc		acc = {0};

	tsb_run(o->y, o->n, o->other, beta, o->p0, o->z0, &s, NULL, &acc);
	return loss_value(&acc, o->loss);
}

static double
obj_ses(double alpha, void *arg)
{
	ObjArg	   *o = arg;
	LossAcc		acc = {0};

	ses_run(o->y, o->n, alpha, NULL, &acc);
	return loss_value(&acc, o->loss);
}

/* Mean squared error of fitted against y over t >= 1 with a fitted value. */
static double
fitted_mse(const double *y, const double *fitted, int n)
{
	double		sse = 0;
	int			m = 0;

	for (int t = 1; t < n; t++)
	{
		if (isnan(fitted[t]))
			continue;
		sse += (y[t] - fitted[t]) * (y[t] - fitted[t]);
		m++;
	}
	return m > 0 ? sse / m : 0;
}

/* Sum y into m = n / k buckets of k, aligned on the end; returns start. */
static int
aggregate(const double *y, int n, int k, double *out, int *m)
{
	int			nb = n / k;
	int			start = n - nb * k;

	for (int b = 0; b < nb; b++)
	{
		double		s = 0;

		for (int j = 0; j < k; j++)
			s += y[start + b * k + j];
		out[b] = s;
	}
	*m = nb;
	return start;
}

static bool
valid_param(double p)
{
	return p > 0 && p <= 1;		/* false for NaN too */
}

void
stk_intermittent_options_default(StkIntermittentOptions *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->method = STK_IM_CROSTON;
	opt->alpha = DEFAULT_ALPHA;
	opt->alpha_interval = NAN;
	opt->beta = DEFAULT_BETA;
	opt->optimize = false;
	opt->loss = STK_IM_LOSS_MSE;
}

static const char *const method_names[] = {
	"croston", "sba", "tsb", "adida", "imapa"
};

const char *
stk_intermittent_method_name(StkIntermittentMethod method)
{
	if ((int) method < 0 || (int) method >= (int) (sizeof(method_names) / sizeof(method_names[0])))
		return "unknown";
	return method_names[method];
}

StkStatus
stk_intermittent_method_from_name(const char *name, StkIntermittentMethod *method)
{
	if (name == NULL)
		return STK_EINVAL;
	for (int i = 0; i < (int) (sizeof(method_names) / sizeof(method_names[0])); i++)
	{
		const char *p = method_names[i];
		const char *q = name;

		while (*p && *q && tolower((unsigned char) *q) == *p)
			p++, q++;
		if (*p == '\0' && *q == '\0')
		{
			*method = (StkIntermittentMethod) i;
			return STK_OK;
		}
	}
	return STK_EINVAL;
}

/* Fill every step of fc with the same mean and variance. */
static void
fill_flat(StkForecast *fc, double mean, double var)
{
	for (int h = 0; h < fc->horizon; h++)
	{
		fc->mean[h] = mean;
		fc->var[h] = var;
	}
}

/* Croston and SBA. */
static StkStatus
fit_croston(const double *y, int n, const StkIntermittentOptions *opt,
			bool sba, const StkAllocator *a, StkIntermittentFit *fit)
{
	double		as = opt->alpha,
				ai = isnan(opt->alpha_interval) ? opt->alpha : opt->alpha_interval;
	CrostonState s;
	LossAcc		acc = {0};
	double	   *fitted;
	StkStatus	st;

	if (opt->optimize)
	{
		ObjArg		o = {y, n, opt->loss, sba, 0, 0, 0};

		st = minimise_param(obj_croston, &o, &as);
		if (st != STK_OK)
			return st;
		ai = as;
	}
	fitted = stk_alloc(a, sizeof(double) * n);
	if (fitted == NULL)
		return STK_ENOMEM;
	croston_run(y, n, as, ai, sba ? 1 - ai / 2 : 1, &s, fitted, &acc);
	fit->alpha = as;
	fit->alpha_interval = ai;
	fit->size = s.z;
	fit->interval = s.x;
	fit->prob = 1 / s.x;
	fit->since = s.since;
	fit->has_state = true;
	fit->forecast = (sba ? 1 - ai / 2 : 1) * s.z / s.x;
	fit->loss = loss_value(&acc, opt->loss);
	fit->sigma2 = fitted_mse(y, fitted, n);
	stk_free(a, fitted);
	return STK_OK;
}

static StkStatus
fit_tsb(const double *y, int n, const StkDemandStats *ds,
		const StkIntermittentOptions *opt, const StkAllocator *a,
		StkIntermittentFit *fit)
{
	double		alpha = opt->alpha,
				beta = opt->beta;
	double		p0 = (double) ds->nonzero / n,
				z0 = ds->mean_size;
	TsbState	s;
	LossAcc		acc = {0};
	double	   *fitted;
	StkStatus	st;

	if (opt->optimize)
	{
		ObjArg		o = {y, n, opt->loss, false, 0, p0, z0};

		/*
		 * Coordinate search: the two parameters act on different parts of
		 * the forecast (size, occurrence) and interact weakly, so two
		 * rounds settle them.
		 */
		for (int round = 0; round < 2; round++)
		{
			o.other = beta;
			if ((st = minimise_param(obj_tsb_alpha, &o, &alpha)) != STK_OK)
				return st;
			o.other = alpha;
			if ((st = minimise_param(obj_tsb_beta, &o, &beta)) != STK_OK)
				return st;
		}
	}
	fitted = stk_alloc(a, sizeof(double) * n);
	if (fitted == NULL)
		return STK_ENOMEM;
	tsb_run(y, n, alpha, beta, p0, z0, &s, fitted, &acc);
	fit->alpha = alpha;
	fit->alpha_interval = NAN;
	fit->beta = beta;
	fit->size = s.z;
	fit->prob = s.p;
	fit->interval = s.p > 0 ? 1 / s.p : INFINITY;
	fit->since = ds->trailing_zeros;
	fit->has_state = true;
	fit->forecast = s.p * s.z;
	fit->loss = loss_value(&acc, opt->loss);
	fit->sigma2 = fitted_mse(y, fitted, n);
	stk_free(a, fitted);
	return STK_OK;
}

/*
 * Forecast one aggregation level k: buckets of k, SES or SBA (sba), alpha
 * fixed or optimised.  Adds the per-period one-step forecasts to sumfit
 * and counts them in nfit (for sigma2); returns the per-period forecast.
 */
static StkStatus
fit_level(const double *y, int n, int k, int choose_sba,
		  const StkIntermittentOptions *opt, double *buf, double *bfit,
		  double *sumfit, int *nfit, double *alpha_out, double *fc_out)
{
	int			m,
				start;
	double		alpha = opt->alpha;
	double		level;
	bool		sba;
	StkStatus	st;

	start = aggregate(y, n, k, buf, &m);
	sba = false;
	if (choose_sba)
	{
		/* IMAPA: SES where no bucket is empty, SBA where some are */
		for (int b = 0; b < m; b++)
			if (buf[b] == 0)
				sba = true;
	}
	if (opt->optimize && m > 1)
	{
		ObjArg		o = {buf, m, opt->loss, true, 0, 0, 0};

		st = minimise_param(sba ? obj_croston : obj_ses, &o, &alpha);
		if (st != STK_OK)
			return st;
	}
	if (sba)
	{
		CrostonState s;

		croston_run(buf, m, alpha, alpha, 1 - alpha / 2, &s, bfit, NULL);
		level = s.have ? (1 - alpha / 2) * s.z / s.x : 0;
	}
	else
		level = ses_run(buf, m, alpha, bfit, NULL);

	for (int b = 1; b < m; b++)
	{
		for (int j = 0; j < k; j++)
		{
			sumfit[start + b * k + j] += bfit[b] / k;
			nfit[start + b * k + j]++;
		}
	}
	*alpha_out = alpha;
	*fc_out = level / k;
	return STK_OK;
}

static StkStatus
fit_aggregate(const double *y, int n, const StkDemandStats *ds,
			  const StkIntermittentOptions *opt, bool imapa,
			  const StkAllocator *a, StkIntermittentFit *fit)
{
	int			lo,
				hi;
	double	   *buf,
			   *bfit,
			   *sumfit;
	int		   *nfit;
	double		total = 0,
				sse = 0;
	int			m = 0;
	StkStatus	st = STK_OK;

	if (imapa)
	{
		hi = opt->max_level > 0 ? opt->max_level : (int) ceil(ds->adi);
		if (opt->max_level <= 0 && hi < 2)
			hi = 2;
		if (hi > n / 2)
			hi = n / 2;
		if (hi < 1)
			hi = 1;
		lo = 1;
	}
	else
	{
		hi = opt->agg_level > 0 ? opt->agg_level : (int) lround(ds->adi);
		if (hi < 1)
			hi = 1;
		if (hi > n)
			hi = n;
		lo = hi;
	}

	buf = stk_alloc(a, sizeof(double) * n);
	bfit = stk_alloc(a, sizeof(double) * n);
	sumfit = stk_alloc(a, sizeof(double) * n);
	nfit = stk_alloc(a, sizeof(int) * n);
	if (buf == NULL || bfit == NULL || sumfit == NULL || nfit == NULL)
	{
		st = STK_ENOMEM;
		goto done;
	}
	memset(sumfit, 0, sizeof(double) * n);
	memset(nfit, 0, sizeof(int) * n);

	for (int k = lo; k <= hi; k++)
	{
		double		alpha,
					f;

		/* IMAPA fits up to n/2 levels, each O(n) passes: O(n^2) in all */
		if (stk_interrupted())
		{
			st = STK_ECANCELED;
			goto done;
		}
		st = fit_level(y, n, k, imapa, opt, buf, bfit, sumfit, nfit,
					   &alpha, &f);
		if (st != STK_OK)
			goto done;
		total += f;
		fit->alpha = alpha;		/* the last level's, for ADIDA the only */
	}
	fit->forecast = total / (hi - lo + 1);
	fit->agg_level = hi;
	for (int t = 1; t < n; t++)
	{
		if (nfit[t] > 0)
		{
			double		e = y[t] - sumfit[t] / nfit[t];

			sse += e * e;
			m++;
		}
	}
	fit->sigma2 = m > 0 ? sse / m : 0;
	fit->loss = NAN;
	fit->alpha_interval = NAN;
	fit->has_state = false;

done:
	stk_free(a, buf);
	stk_free(a, bfit);
	stk_free(a, sumfit);
	stk_free(a, nfit);
	return st;
}

StkStatus
stk_intermittent_forecast(const double *y, int n,
						  const StkIntermittentOptions *opt_in,
						  int horizon, const StkAllocator *a,
						  StkForecast *fc, StkIntermittentFit *fit_out)
{
	StkIntermittentOptions opt;
	StkIntermittentFit fit;
	StkDemandStats ds;
	StkStatus	st;
	const char *base;
	int			nparams = 0;

	memset(fc, 0, sizeof(*fc));
	memset(&fit, 0, sizeof(fit));
	if (opt_in)
		opt = *opt_in;
	else
		stk_intermittent_options_default(&opt);

	if ((st = stk_validate_input(y, n, horizon)) != STK_OK)
		return st;
	if ((int) opt.method < STK_IM_CROSTON || (int) opt.method > STK_IM_IMAPA ||
		!valid_param(opt.alpha) || !valid_param(opt.beta) ||
		(!isnan(opt.alpha_interval) && !valid_param(opt.alpha_interval)) ||
		opt.agg_level < 0 || opt.max_level < 0 ||
		(int) opt.loss < STK_IM_LOSS_MSE || (int) opt.loss > STK_IM_LOSS_MSR)
		return STK_EINVAL;
	if ((st = stk_demand_classify(y, n, &ds)) != STK_OK)
		return st;				/* negative demand */
	if ((st = stk_forecast_init(fc, a, horizon)) != STK_OK)
		return st;

	fit.method = opt.method;
	fit.alpha = opt.alpha;
	fit.alpha_interval = isnan(opt.alpha_interval) ? opt.alpha : opt.alpha_interval;
	fit.beta = opt.beta;
	fit.loss = NAN;

	switch (opt.method)
	{
		case STK_IM_CROSTON:
			base = "Croston";
			break;
		case STK_IM_SBA:
			base = "SBA";
			break;
		case STK_IM_TSB:
			base = "TSB";
			break;
		case STK_IM_ADIDA:
			base = "ADIDA";
			break;
		default:
			base = "IMAPA";
			break;
	}

	if (ds.nonzero == 0)
	{
		/* nothing ever sold: nothing to smooth, and nothing to expect */
		fit.forecast = fit.sigma2 = 0;
		fit.prob = 0;
		fit.size = fit.interval = NAN;
		fit.since = n;
		fill_flat(fc, 0, 0);
		snprintf(fc->model, sizeof(fc->model), "%s (no demand)", base);
	}
	else if (ds.nonzero == 1)
	{
		/*
		 * One sale: no interval between demands exists yet.  The mean
		 * spreads it over the whole history; the Croston state is still
		 * kept so that updates can continue from it.
		 */
		CrostonState s;

		croston_run(y, n, fit.alpha, fit.alpha_interval, 1, &s, NULL, NULL);
		fit.size = s.z;
		fit.interval = s.x;
		fit.prob = (double) ds.nonzero / n;
		fit.since = s.since;
		fit.has_state = opt.method <= STK_IM_TSB;
		if (opt.method == STK_IM_TSB)
			fit.interval = 1 / fit.prob;
		fit.forecast = ds.mean;
		fit.sigma2 = ds.var;
		fit.fallback = true;
		fill_flat(fc, ds.mean, ds.var);
		snprintf(fc->model, sizeof(fc->model), "%s (fallback: mean)", base);
	}
	else
	{
		switch (opt.method)
		{
			case STK_IM_CROSTON:
			case STK_IM_SBA:
				st = fit_croston(y, n, &opt, opt.method == STK_IM_SBA, a, &fit);
				nparams = 1;
				snprintf(fc->model, sizeof(fc->model), "%s", base);
				break;
			case STK_IM_TSB:
				st = fit_tsb(y, n, &ds, &opt, a, &fit);
				nparams = 2;
				snprintf(fc->model, sizeof(fc->model), "%s", base);
				break;
			case STK_IM_ADIDA:
			case STK_IM_IMAPA:
				st = fit_aggregate(y, n, &ds, &opt, opt.method == STK_IM_IMAPA,
								   a, &fit);
				nparams = opt.method == STK_IM_IMAPA ? fit.agg_level : 1;
				snprintf(fc->model, sizeof(fc->model), "%s(%s=%d)", base,
						 opt.method == STK_IM_IMAPA ? "K" : "k", fit.agg_level);
				break;
		}
		if (st != STK_OK)
		{
			stk_forecast_free(fc, a);
			return st;
		}
		if (!isfinite(fit.forecast) || !isfinite(fit.sigma2))
		{
			stk_forecast_free(fc, a);
			return STK_ENONFINITE;
		}
		fill_flat(fc, fit.forecast, fit.sigma2);
	}

	fc->sigma2 = fit.sigma2;
	fc->nparams = opt.optimize ? nparams : 0;
	if (fit_out)
		*fit_out = fit;
	return STK_OK;
}

StkStatus
stk_croston(const double *y, int n, double alpha, int horizon,
			const StkAllocator *a, StkForecast *fc)
{
	StkIntermittentOptions opt;

	stk_intermittent_options_default(&opt);
	opt.alpha = alpha;
	return stk_intermittent_forecast(y, n, &opt, horizon, a, fc, NULL);
}

StkStatus
stk_sba(const double *y, int n, double alpha, int horizon,
		const StkAllocator *a, StkForecast *fc)
{
	StkIntermittentOptions opt;

	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_SBA;
	opt.alpha = alpha;
	return stk_intermittent_forecast(y, n, &opt, horizon, a, fc, NULL);
}

StkStatus
stk_tsb(const double *y, int n, double alpha, double beta, int horizon,
		const StkAllocator *a, StkForecast *fc)
{
	StkIntermittentOptions opt;

	stk_intermittent_options_default(&opt);
	opt.method = STK_IM_TSB;
	opt.alpha = alpha;
	opt.beta = beta;
	return stk_intermittent_forecast(y, n, &opt, horizon, a, fc, NULL);
}

StkStatus
stk_intermittent_update(StkIntermittentFit *fit, double y)
{
	if (!isfinite(y))
		return STK_ENONFINITE;
	if (y < 0 || fit->method > STK_IM_TSB)
		return STK_EINVAL;

	if (fit->method == STK_IM_TSB)
	{
		TsbState	s = {fit->prob, fit->size, fit->has_state};

		tsb_step(&s, y, fit->alpha, fit->beta);
		fit->prob = s.p;
		fit->size = s.z;
		fit->interval = s.p > 0 ? 1 / s.p : INFINITY;
		fit->has_state = s.have;
		fit->since = y > 0 ? 0 : fit->since + 1;
		fit->forecast = s.have ? s.p * s.z : 0;
	}
	else
	{
		CrostonState s = {fit->size, fit->interval, fit->since, fit->has_state};

		croston_step(&s, y, fit->alpha, fit->alpha_interval);
		fit->size = s.z;
		fit->interval = s.x;
		fit->since = s.since;
		fit->has_state = s.have;
		if (s.have)
		{
			fit->prob = 1 / s.x;
			fit->forecast = (fit->method == STK_IM_SBA ?
							 1 - fit->alpha_interval / 2 : 1) * s.z / s.x;
		}
	}
	fit->fallback = false;
	return STK_OK;
}
