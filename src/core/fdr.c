/*-------------------------------------------------------------------------
 *
 * fdr.c
 *	  The Benjamini-Hochberg threshold (fdr.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>

#include "fdr.h"

static int
CompareDouble(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

StkStatus
stk_fdr_threshold(const double *p, int n, double q, const StkAllocator *a,
				  double *threshold)
{
	double	   *s;
	int			m = 0;

	*threshold = 0.0;
	if (!(q > 0.0 && q < 1.0) || n < 0 || (n > 0 && p == NULL))
		return STK_EINVAL;
	for (int i = 0; i < n; i++)
		if (!isnan(p[i]) && !(p[i] >= 0.0 && p[i] <= 1.0))
			return STK_EINVAL;
	if (n == 0)
		return STK_OK;
	s = stk_alloc(a, sizeof(double) * n);
	if (s == NULL)
		return STK_ENOMEM;
	for (int i = 0; i < n; i++)
		if (!isnan(p[i]))
			s[m++] = p[i];
	qsort(s, m, sizeof(double), CompareDouble);
	/* step up: the largest i with p_(i) <= i q / m */
	for (int i = m; i >= 1; i--)
		if (s[i - 1] <= q * i / m)
		{
			*threshold = s[i - 1];
			break;
		}
	stk_free(a, s);
	return STK_OK;
}
