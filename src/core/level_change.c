/*-------------------------------------------------------------------------
 *
 * level_change.c
 *	  Test for a change in the demand rate of a history, and its long-run
 *	  mean (level_change.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "level_change.h"

void
stk_level_change_test(const double *y, int n, int block, StkLevelTest *out)
{
	int			k,
				first,
				seg;
	double		s = 0.0,
				s2 = 0.0,
				tot,
				tot2,
				mb,
				vb;

	memset(out, 0, sizeof(*out));
	if (block < 1)
		block = 1;
	k = n / block;
	out->blocks = k;
	if (k < 1)
	{
		for (int i = 0; i < n; i++)
			out->mean += y[i];
		out->mean = n > 0 ? out->mean / n : 0.0;
		return;
	}
	first = n - k * block;

	/* totals of the block sums and of their squares */
	tot = tot2 = 0.0;
	for (int i = 0; i < k; i++)
	{
		double		b = 0.0;

		for (int j = 0; j < block; j++)
			b += y[first + i * block + j];
		tot += b;
		tot2 += b * b;
	}
	mb = tot / k;
	vb = k > 1 ? fmax(0.0, (tot2 - k * mb * mb) / (k - 1)) : 0.0;
	/* the mean of every period, the incomplete block's too */
	out->mean = tot;
	for (int i = 0; i < first; i++)
		out->mean += y[i];
	out->mean /= n;
	out->mean_cv2 = mb > 0.0 ? vb / (k * mb * mb) : 0.0;
	if (k < STK_LEVEL_MIN_BLOCKS)
		return;
	out->tested = true;
	seg = (int) ceil(STK_LEVEL_TRIM * k);
	if (seg < STK_LEVEL_MIN_SEGMENT)
		seg = STK_LEVEL_MIN_SEGMENT;

	/* every split: "before" = blocks [0, i), "after" = [i, k) */
	for (int i = 0; i < k; i++)
	{
		double		b = 0.0;

		if (i >= seg && k - i >= seg)
		{
			double		m1 = s / i,
						m2 = (tot - s) / (k - i),
						ss = (s2 - i * m1 * m1) +
				((tot2 - s2) - (k - i) * m2 * m2),
						se,
						t;

			ss = fmax(0.0, ss) / (k - 2);
			se = sqrt(ss * (1.0 / i + 1.0 / (k - i)));
			/* relative tolerance: sums of whole units are exact */
			if (fabs(m2 - m1) <= 1e-12 * fmax(1.0, fabs(mb)))
				t = 0.0;
			else
				t = se > 0.0 ? fabs(m2 - m1) / se : INFINITY;
			if (t > out->stat)
			{
				out->stat = t;
				out->split = (k - i) * block;
			}
		}
		for (int j = 0; j < block; j++)
			b += y[first + i * block + j];
		s += b;
		s2 += b * b;
	}
}
