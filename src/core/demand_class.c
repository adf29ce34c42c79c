/*-------------------------------------------------------------------------
 *
 * demand_class.c
 *	  Syntetos-Boylan-Croston demand classification.
 *
 * One pass for the counts and means, a second for the sums of squared
 * deviations (two-pass rather than the textbook sum of squares, which
 * cancels badly for large sizes with a small spread).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "demand_class.h"

StkDemandClass
stk_demand_class_of(double adi, double cv2)
{
	if (adi < STK_SBC_ADI_CUTOFF)
		return cv2 < STK_SBC_CV2_CUTOFF ? STK_DEMAND_SMOOTH : STK_DEMAND_ERRATIC;
	return cv2 < STK_SBC_CV2_CUTOFF ? STK_DEMAND_INTERMITTENT : STK_DEMAND_LUMPY;
}

const char *
stk_demand_class_name(StkDemandClass cls)
{
	switch (cls)
	{
		case STK_DEMAND_ZERO:
			return "zero";
		case STK_DEMAND_SMOOTH:
			return "smooth";
		case STK_DEMAND_ERRATIC:
			return "erratic";
		case STK_DEMAND_INTERMITTENT:
			return "intermittent";
		case STK_DEMAND_LUMPY:
			return "lumpy";
	}
	return "unknown";
}

StkStatus
stk_demand_classify(const double *y, int n, StkDemandStats *st)
{
	double		sum = 0,
				ssq = 0,
				sizessq = 0;
	int			nz = 0,
				first = -1,
				last = -1;

	memset(st, 0, sizeof(*st));
	if (y == NULL || n < 1)
		return STK_EINVAL;
	for (int t = 0; t < n; t++)
	{
		if (!isfinite(y[t]))
			return STK_ENONFINITE;
		if (y[t] < 0)
			return STK_EINVAL;
		if (y[t] > 0)
		{
			if (first < 0)
				first = t;
			last = t;
			nz++;
		}
		sum += y[t];
	}

	st->n = n;
	st->nonzero = nz;
	st->zero_share = (double) (n - nz) / n;
	st->mean = sum / n;
	st->first_demand = first;
	st->last_demand = last;
	for (int t = 0; t < n; t++)
	{
		double		d = y[t] - st->mean;

		ssq += d * d;
	}
	st->var = n > 1 ? ssq / (n - 1) : 0;

	if (nz == 0)
	{
		/* nothing sold: intervals and sizes do not exist */
		st->adi = st->adi_total = st->cv2 = NAN;
		st->mean_size = st->sd_size = NAN;
		st->trailing_zeros = n;
		st->cls = STK_DEMAND_ZERO;
		return STK_OK;
	}

	st->trailing_zeros = n - 1 - last;
	/* the intervals telescope: their sum is the 1-based position of the last */
	st->adi = (double) (last + 1) / nz;
	st->adi_total = (double) n / nz;
	st->mean_size = sum / nz;
	/*
	 * Deviations relative to the mean size: their squares cannot overflow
	 * where the sizes' own squares would (sizes near 1e154 and beyond).
	 */
	for (int t = 0; t < n; t++)
	{
		if (y[t] > 0)
		{
			double		d = y[t] / st->mean_size - 1.0;

			sizessq += d * d;
		}
	}
	st->cv2 = nz > 1 ? sizessq / (nz - 1) : 0;
	st->sd_size = st->mean_size * sqrt(st->cv2);
	st->cls = stk_demand_class_of(st->adi, st->cv2);
	return STK_OK;
}
