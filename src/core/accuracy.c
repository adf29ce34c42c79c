/*-------------------------------------------------------------------------
 *
 * accuracy.c
 *	  Forecast accuracy measures (see accuracy.h for the definitions).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "accuracy.h"

StkStatus
stk_accuracy_scale(const double *x, int n, int m, double *s1, double *s2)
{
	double		a = 0,
				b = 0;

	*s1 = *s2 = NAN;
	if (m < 1 || n <= m)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
		if (!isfinite(x[t]))
			return STK_ENONFINITE;
	for (int t = m; t < n; t++)
	{
		double		d = x[t] - x[t - m];

		a += fabs(d);
		b += d * d;
	}
	*s1 = a / (n - m);
	*s2 = b / (n - m);
	return STK_OK;
}

StkStatus
stk_accuracy_init(StkAccuracy *acc, int nlevels, const StkAllocator *a)
{
	memset(acc, 0, sizeof(*acc));
	if (nlevels < 0)
		return STK_EINVAL;
	acc->nlevels = nlevels;
	acc->sum_pinball = stk_alloc(a, sizeof(double) * (nlevels + 1));
	acc->sum_spl = stk_alloc(a, sizeof(double) * (nlevels + 1));
	acc->below = stk_alloc(a, sizeof(int) * (nlevels + 1));
	if (!acc->sum_pinball || !acc->sum_spl || !acc->below)
	{
		stk_accuracy_free(acc, a);
		return STK_ENOMEM;
	}
	memset(acc->sum_pinball, 0, sizeof(double) * (nlevels + 1));
	memset(acc->sum_spl, 0, sizeof(double) * (nlevels + 1));
	memset(acc->below, 0, sizeof(int) * (nlevels + 1));
	return STK_OK;
}

void
stk_accuracy_free(StkAccuracy *acc, const StkAllocator *a)
{
	stk_free(a, acc->sum_pinball);
	stk_free(a, acc->sum_spl);
	stk_free(a, acc->below);
	acc->sum_pinball = acc->sum_spl = NULL;
	acc->below = NULL;
}

double
stk_pinball(double y, double q, double tau)
{
	return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
}

StkStatus
stk_accuracy_add(StkAccuracy *acc, double y, double f, const double *q,
				 const double *levels, double s1, double s2)
{
	double		e = f - y;
	double		den = fabs(y) + fabs(f);
	bool		has_scale = s1 > 0 && s2 > 0 && isfinite(s1) && isfinite(s2);

	if (!isfinite(y) || !isfinite(f))
		return STK_ENONFINITE;
	for (int j = 0; j < acc->nlevels; j++)
		if (!isfinite(q[j]))
			return STK_ENONFINITE;
	acc->count++;
	acc->sum_abs_err += fabs(e);
	acc->sum_abs_act += fabs(y);
	acc->sum_err += e;
	acc->sum_smape += den > 0 ? 200 * fabs(e) / den : 0;
	if (has_scale)
	{
		acc->scaled++;
		acc->sum_ase += fabs(e) / s1;
		acc->sum_sse += e * e / s2;
	}
	for (int j = 0; j < acc->nlevels; j++)
	{
		double		l = stk_pinball(y, q[j], levels[j]);

		acc->sum_pinball[j] += l;
		if (has_scale)
			acc->sum_spl[j] += l / s1;
		acc->below[j] += (y <= q[j]);
	}
	return STK_OK;
}

void
stk_accuracy_result(const StkAccuracy *acc, StkAccuracyResult *r)
{
	int			n = acc->count,
				ns = acc->scaled;

	r->count = n;
	r->mase = ns > 0 ? acc->sum_ase / ns : NAN;
	r->rmsse = ns > 0 ? sqrt(acc->sum_sse / ns) : NAN;
	r->smape = n > 0 ? acc->sum_smape / n : NAN;
	r->wape = acc->sum_abs_act > 0 ? acc->sum_abs_err / acc->sum_abs_act : NAN;
	r->bias = n > 0 ? acc->sum_err / n : NAN;
	for (int j = 0; j < acc->nlevels; j++)
	{
		r->pinball[j] = n > 0 ? acc->sum_pinball[j] / n : NAN;
		r->spl[j] = ns > 0 ? acc->sum_spl[j] / ns : NAN;
		r->coverage[j] = n > 0 ? (double) acc->below[j] / n : NAN;
	}
}
