/*-------------------------------------------------------------------------
 *
 * test_level_change.c
 *	  Unit tests of the level-change test (level_change.c).
 *
 * Golden values: an independent Python computation (statistics module:
 * the midranks of the block sums, the pooled-variance two-sample t of
 * those ranks at every split with at least 4 blocks on each side, the
 * largest |t|), quoted below; on the raw sums (the test before it took
 * ranks) the same script gives 1.5811, 7.4661 and 4.2392.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "level_change.h"
#include "tap.h"

/* 32 periods, 16 blocks of 2; the stepped copy adds 2 from period 20 on */
static const double flat[33] = {1, 1, 0, 2, 1, 0, 1, 3, 0, 1, 1, 0, 2, 1, 1, 2, 0,
2, 1, 0, 3, 1, 1, 2, 2, 0, 1, 1, 0, 2, 1, 0, 1};

/* 64-bit LCG (Knuth's MMIX constants), independent of GSL's Mersenne twister */
static double
lcg_uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((*s >> 11) + 0.5) / 9007199254740992.0;
}

/*
 * p-values: the null table's (random orders of the ranks) against an
 * independent Monte Carlo of the whole test on histories without a
 * change (i.i.d. exponential periods, so no ties), and the edge cases.
 */
static void
test_pvalue(void)
{
	enum
	{
		NSIM = 2000, LEN = 104
	};
	double		y[LEN],
				prev = 1.0,
				p1;
	int			below05 = 0,
				below20 = 0;
	uint64_t	s = 20261203;
	StkLevelTest t;
	bool		mono = true;

	for (int r = 0; r < NSIM; r++)
	{
		for (int i = 0; i < LEN; i++)
			y[i] = -log(lcg_uniform(&s));
		stk_level_change_test(y, LEN, 1, &t);
		below05 += stk_level_change_test_pvalue(&t) <= 0.05;
		below20 += stk_level_change_test_pvalue(&t) <= 0.20;
	}
	/* binomial sd: 0.0049 and 0.0089; 3.5 sd either side */
	tap_ok(fabs(below05 / (double) NSIM - 0.05) < 0.017,
		   "no change: P(p <= 0.05) = %.4f (0.05 +- 0.017)", below05 / (double) NSIM);
	tap_ok(fabs(below20 / (double) NSIM - 0.20) < 0.031,
		   "no change: P(p <= 0.20) = %.4f (0.20 +- 0.031)", below20 / (double) NSIM);

	/*
	 * Ties: the table assumes distinct ranks; weekly sums of a demand of 1
	 * with probability 0.1 a day are 0 in 48 % of the weeks, their
	 * midranks heavily tied.  The p-values stay about uniform.
	 */
	below05 = below20 = 0;
	for (int r = 0; r < NSIM; r++)
	{
		double		d[728];

		for (int i = 0; i < 728; i++)
			d[i] = lcg_uniform(&s) < 0.1 ? 1.0 : 0.0;
		stk_level_change_test(d, 728, 7, &t);
		below05 += stk_level_change_test_pvalue(&t) <= 0.05;
		below20 += stk_level_change_test_pvalue(&t) <= 0.20;
	}
	tap_ok(fabs(below05 / (double) NSIM - 0.05) < 0.017,
		   "tied weekly sums: P(p <= 0.05) = %.4f (0.05 +- 0.017)", below05 / (double) NSIM);
	tap_ok(fabs(below20 / (double) NSIM - 0.20) < 0.031,
		   "tied weekly sums: P(p <= 0.20) = %.4f (0.20 +- 0.031)", below20 / (double) NSIM);

	for (double c = 0.0; c <= 8.0; c += 0.05)
	{
		double		p = stk_level_change_pvalue(c, 104);

		if (!(p <= prev && p > 0.0))
			mono = false;
		prev = p;
	}
	tap_ok(mono, "p-value decreasing in the statistic, > 0 up to 8 (%.3g at 8)", prev);
	tap_is_double(stk_level_change_pvalue(0.0, 104), 1.0, 0, "statistic 0: p 1");
	tap_ok(stk_level_change_pvalue(INFINITY, 104) == 0.0, "infinite statistic: p 0");
	tap_ok(stk_level_change_pvalue(NAN, 104) == 1.0 &&
		   stk_level_change_pvalue(3.0, STK_LEVEL_MIN_BLOCKS - 1) == 1.0 &&
		   stk_level_change_pvalue(3.0, STK_LEVEL_MAX_BLOCKS + 1) == 1.0,
		   "NaN statistic, too few or too many blocks: p 1");
	p1 = stk_level_change_pvalue(3.0, 104);
	/* twenty other block counts evict 104 from the cache of sixteen */
	for (int k = 20; k < 40; k++)
		(void) stk_level_change_pvalue(3.0, k);
	tap_ok(stk_level_change_pvalue(3.0, 104) == p1,
		   "the same p-value after the table is rebuilt (%.4f): seeded", p1);
	tap_ok(p1 > 0.04 && p1 < 0.08,
		   "max |t| 3.0 over 104 blocks: p %.4f, near Andrews' 5 %% at 3.1", p1);

	/* the test reports its p-value; untested: 1 */
	stk_level_change_test(flat, 33, 2, &t);
	tap_is_double(stk_level_change_test_pvalue(&t), stk_level_change_pvalue(t.stat, 16), 0,
				  "the test's p-value is its statistic's over its 16 blocks");
	stk_level_change_test(flat, 30, 2, &t);
	tap_ok(!t.tested && stk_level_change_test_pvalue(&t) == 1.0, "untested: p 1");
}

int
main(void)
{
	double		step[33];
	StkLevelTest t;
	double		c[40];
	double		lump[60];

	/* the leading 1 is an incomplete block: out of the test, in the mean */
	stk_level_change_test(flat, 33, 2, &t);
	tap_ok(t.tested && t.blocks == 16, "16 blocks of 2 tested");
	tap_is_double(t.stat, 1.6015259898556768, 1e-12, "stable: max |t| of the ranks = 1.6015 (Python)");
	tap_is_double(t.split, 8, 0, "best split 8 periods before the end");
	tap_is_double(t.mean, 35.0 / 33.0, 1e-15, "long-run mean 35 / 33");
	tap_is_double(t.mean_cv2, 0.012687427912341407, 1e-12,
				  "relative variance of the mean: var(blocks) / (K mean^2)");

	memcpy(step, flat, sizeof(step));
	for (int i = 21; i < 33; i++)
		step[i] += 2;
	stk_level_change_test(step, 33, 2, &t);
	tap_is_double(t.stat, 6.196773353931867, 1e-12, "stepped: max |t| of the ranks = 6.1968 (Python)");
	tap_is_double(t.split, 12, 0, "the change found 12 periods before the end");
	tap_is_double(t.mean, 59.0 / 33.0, 1e-15, "mean of the stepped history 59 / 33");
	tap_is_double(t.mean_cv2, 0.021482362267142292, 1e-12, "its relative variance");

	/*
	 * 0, 1, 2, 3 repeated over 60 periods, the last one a lump of 1000: on
	 * the raw values the last 4 periods give |t| 4.24, a false alarm; its
	 * rank is only one above the next largest's
	 */
	for (int i = 0; i < 60; i++)
		lump[i] = i % 4;
	lump[59] = 1000;
	stk_level_change_test(lump, 60, 1, &t);
	tap_is_double(t.stat, 0.9261934651030986, 1e-12,
				  "one lump at the end: max |t| of the ranks = 0.9262 (Python)");
	tap_is_double(t.split, 6, 0, "its best split 6 periods before the end");
	tap_is_double(t.mean, (87.0 + 1000.0) / 60.0, 1e-13,
				  "the mean keeps the lump");

	/* constant, and constant parts that differ */
	for (int i = 0; i < 40; i++)
		c[i] = 3;
	stk_level_change_test(c, 40, 1, &t);
	tap_ok(t.tested && t.stat == 0.0 && t.mean_cv2 == 0.0, "constant: statistic 0");
	for (int i = 20; i < 40; i++)
		c[i] = 5;
	stk_level_change_test(c, 40, 1, &t);
	tap_ok(isinf(t.stat) && t.split == 20, "two constant levels: infinite at the step");

	/* too short: not tested, but the mean is there */
	stk_level_change_test(c, 30, 2, &t);
	tap_ok(!t.tested && t.stat == 0.0 && t.blocks == 15, "15 blocks: not tested");
	tap_is_double(t.mean, (20 * 3 + 10 * 5) / 30.0, 1e-15, "mean of an untested history");
	stk_level_change_test(c, 1, 2, &t);
	tap_ok(!t.tested && t.blocks == 0 && t.mean == 3.0, "shorter than a block");
	stk_level_change_test(c, 40, 0, &t);
	tap_ok(t.tested && t.blocks == 40, "block < 1 taken as 1");

	test_pvalue();
	return tap_done();
}
