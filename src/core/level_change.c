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

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

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

/*
 * The largest |t| over the splits of rank[0..kt) into blocks [0, i) and
 * [i, kt), each part at least seg long; rt, rt2 the sum of the ranks and
 * of their squares.  *best: the i of the largest.
 */
static double
SupT(const double *rank, int kt, int seg, double rt, double rt2, int *best)
{
	double		s = 0.0,
				s2 = 0.0,
				stat = 0.0;

	*best = 0;
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
			if (t > stat)
			{
				stat = t;
				*best = i;
			}
		}
		s += rank[i];
		s2 += rank[i] * rank[i];
	}
	return stat;
}

/*
 * Null distributions of the statistic, by number of blocks: the sorted
 * statistics of STK_LEVEL_NULL_DRAWS random orders of the ranks 1..kt,
 * drawn with a fixed seed (so the p-values are reproducible), kept for
 * the last few block counts asked for (histories of two years or more all
 * have the same one).
 */
#define NULL_SLOTS 16
typedef struct NullTable
{
	int			kt;
	float		stat[STK_LEVEL_NULL_DRAWS];
} NullTable;

static NullTable null_tables[NULL_SLOTS];
static int	null_next;

static int
CompareFloat(const void *a, const void *b)
{
	float		x = *(const float *) a,
				y = *(const float *) b;

	return (x > y) - (x < y);
}

static const NullTable *
NullTableFor(int kt)
{
	NullTable  *t;
	gsl_rng    *r;
	double		rank[STK_LEVEL_MAX_BLOCKS],
				rt = 0.0,
				rt2 = 0.0;
	int			seg,
				best;

	for (int i = 0; i < NULL_SLOTS; i++)
		if (null_tables[i].kt == kt)
			return &null_tables[i];
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r == NULL)
		return NULL;
	gsl_rng_set(r, 20261203UL + (unsigned long) kt);
	t = &null_tables[null_next];
	null_next = (null_next + 1) % NULL_SLOTS;
	t->kt = 0;					/* not a table until filled */
	seg = (int) ceil(STK_LEVEL_TRIM * kt);
	if (seg < STK_LEVEL_MIN_SEGMENT)
		seg = STK_LEVEL_MIN_SEGMENT;
	for (int i = 0; i < kt; i++)
	{
		rank[i] = i + 1.0;
		rt += rank[i];
		rt2 += rank[i] * rank[i];
	}
	for (int b = 0; b < STK_LEVEL_NULL_DRAWS; b++)
	{
		gsl_ran_shuffle(r, rank, kt, sizeof(double));
		t->stat[b] = (float) SupT(rank, kt, seg, rt, rt2, &best);
	}
	gsl_rng_free(r);
	qsort(t->stat, STK_LEVEL_NULL_DRAWS, sizeof(float), CompareFloat);
	t->kt = kt;
	return t;
}

double
stk_level_change_pvalue(double stat, int kt)
{
	const NullTable *t;
	int			lo,
				hi,
				tail = STK_LEVEL_NULL_DRAWS - STK_LEVEL_NULL_TAIL;
	double		c0;

	if (kt < STK_LEVEL_MIN_BLOCKS || kt > STK_LEVEL_MAX_BLOCKS || isnan(stat))
		return 1.0;
	if (!(stat < INFINITY))
		return 0.0;
	if ((t = NullTableFor(kt)) == NULL)
		return NAN;
	c0 = t->stat[tail];
	if (stat > c0)
	{
		/*
		 * Beyond the draws' tail, the tail of the supremum of a Gaussian
		 * process, P(> c) ~ C c phi(c), fitted at c0.
		 */
		double		p0 = (double) STK_LEVEL_NULL_TAIL / (STK_LEVEL_NULL_DRAWS + 1);

		return p0 * (stat / c0) * exp(-(stat * stat - c0 * c0) / 2.0);
	}
	/* (1 + draws >= stat) / (draws + 1) */
	lo = 0;
	hi = STK_LEVEL_NULL_DRAWS;
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (t->stat[mid] < (float) stat)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (1.0 + (STK_LEVEL_NULL_DRAWS - lo)) / (STK_LEVEL_NULL_DRAWS + 1.0);
}

double
stk_level_change_test_pvalue(const StkLevelTest *t)
{
	if (!t->tested)
		return 1.0;
	return stk_level_change_pvalue(t->stat, t->blocks < STK_LEVEL_MAX_BLOCKS
								   ? t->blocks : STK_LEVEL_MAX_BLOCKS);
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
	double		tot,
				tot2,
				mb,
				vb,
				rt = 0.0,
				rt2 = 0.0;
	int			i_best = 0;

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

	out->stat = SupT(rank, kt, seg, rt, rt2, &i_best);
	out->split = out->stat > 0.0 ? (kt - i_best) * block : 0;
}
