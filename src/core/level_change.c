/*-------------------------------------------------------------------------
 *
 * level_change.c
 *	  Test for a change in the demand rate of a history, and its long-run
 *	  mean (level_change.h).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "level_change.h"

/* A block sum and its place in the history, for the ranks. */
typedef struct BlockSum
{
	double		sum;
	int			idx;
} BlockSum;

static int
CompareBlockSum(const void *a, const void *b)
{
	double		x = ((const BlockSum *) a)->sum,
				y = ((const BlockSum *) b)->sum;

	return (x > y) - (x < y);
}

/*
 * Midranks (1..k, ties sharing the mean of their ranks) of the sums in
 * bs[0..k), into rank[] by position; bs is sorted on the way.
 */
static void
MidRanks(BlockSum *bs, int k, double *rank)
{
	qsort(bs, k, sizeof(BlockSum), CompareBlockSum);
	for (int i = 0; i < k;)
	{
		int			j = i;

		while (j + 1 < k && bs[j + 1].sum == bs[i].sum)
			j++;
		for (int l = i; l <= j; l++)
			rank[bs[l].idx] = (i + j) / 2.0 + 1.0;
		i = j + 1;
	}
}

void
stk_level_change_test(const double *y, int n, int block, StkLevelTest *out)
{
	BlockSum	bs[STK_LEVEL_MAX_BLOCKS];
	double		rank[STK_LEVEL_MAX_BLOCKS];
	int			k,
				kt,
				first,
				seg;
	double		s = 0.0,
				s2 = 0.0,
				tot,
				tot2,
				mb,
				vb,
				rt = 0.0,
				rt2 = 0.0;

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
	/* the test looks at the last STK_LEVEL_MAX_BLOCKS blocks at most */
	kt = k < STK_LEVEL_MAX_BLOCKS ? k : STK_LEVEL_MAX_BLOCKS;

	/* totals of the block sums and of their squares */
	tot = tot2 = 0.0;
	for (int i = 0; i < k; i++)
	{
		double		b = 0.0;

		for (int j = 0; j < block; j++)
			b += y[first + i * block + j];
		tot += b;
		tot2 += b * b;
		if (i >= k - kt)
		{
			bs[i - (k - kt)].sum = b;
			bs[i - (k - kt)].idx = i - (k - kt);
		}
	}
	mb = tot / k;
	vb = k > 1 ? fmax(0.0, (tot2 - k * mb * mb) / (k - 1)) : 0.0;
	/* the mean of every period, the incomplete block's too */
	out->mean = tot;
	for (int i = 0; i < first; i++)
		out->mean += y[i];
	out->mean /= n;
	out->mean_cv2 = mb > 0.0 ? vb / (k * mb * mb) : 0.0;
	if (kt < STK_LEVEL_MIN_BLOCKS)
		return;
	out->tested = true;
	seg = (int) ceil(STK_LEVEL_TRIM * kt);
	if (seg < STK_LEVEL_MIN_SEGMENT)
		seg = STK_LEVEL_MIN_SEGMENT;

	/*
	 * The t statistics are of the block sums' ranks: a single large block
	 * (a lump of a lumpy item) in a short end part would otherwise carry
	 * the t of that part to about 4 whatever its size, and flag a stable
	 * history.
	 */
	MidRanks(bs, kt, rank);
	for (int i = 0; i < kt; i++)
	{
		rt += rank[i];
		rt2 += rank[i] * rank[i];
	}

	/* every split: "before" = blocks [0, i), "after" = [i, kt) */
	for (int i = 0; i < kt; i++)
	{
		if (i >= seg && kt - i >= seg)
		{
			double		m1 = s / i,
						m2 = (rt - s) / (kt - i),
						ss = (s2 - i * m1 * m1) +
				((rt2 - s2) - (kt - i) * m2 * m2),
						se,
						t;

			ss = fmax(0.0, ss) / (kt - 2);
			se = sqrt(ss * (1.0 / i + 1.0 / (kt - i)));
			/* relative tolerance: midranks are exact halves */
			if (fabs(m2 - m1) <= 1e-12 * fmax(1.0, rt / kt))
				t = 0.0;
			else
				t = se > 0.0 ? fabs(m2 - m1) / se : INFINITY;
			if (t > out->stat)
			{
				out->stat = t;
				out->split = (kt - i) * block;
			}
		}
		s += rank[i];
		s2 += rank[i] * rank[i];
	}
}
