/*-------------------------------------------------------------------------
 *
 * level_change.h
 *	  Has the demand rate of a history changed?  A test for a level shift
 *	  or a trend, and the long-run mean with its estimation error, for the
 *	  stock optimiser (reorder.c), which plans on the long-run mean when
 *	  the history shows no change and on the adaptive forecast when it does.
 *
 * The test.  The history is cut into blocks of b periods (b = the seasonal
 * period, so a weekly pattern sums out of every block; 1 without one) and
 * every split of the blocks into a "before" and an "after" part, each at
 * least STK_LEVEL_MIN_SEGMENT blocks and a fraction STK_LEVEL_TRIM of
 * them long (so a daily history without a period is not split into parts
 * of a few days, where the t statistic of counts is far from normal), is scored by the two-sample t
 * statistic of the block sums' midranks with the pooled within-part
 * variance (ranks, so that one large lump near an end of a lumpy history
 * is not a change of level; on the raw sums such a lump in an end part
 * of 4 blocks gives |t| near 4 whatever its size).  The
 * statistic is the largest |t| over the splits: the sup-Wald (Andrews
 * 1993) form of a structural-change test for one unknown break in the
 * mean, which also rejects under a trend (whose best split is near the
 * middle), and, unlike the plain OLS-CUSUM, keeps its power for a change
 * near the end of the history, the one a reorder plan most needs to see.
 * The ranks of the blocks are uniform on 1..K under no change, whatever
 * the demand's distribution (ties share their midrank), so the t of the
 * ranks is close to normal even for lumpy items; the pooled variance is
 * not inflated by the change itself.  Andrews' asymptotic
 * 5 % critical value for one parameter with 5 % trimming is a Wald
 * statistic of about 9.8, |t| about 3.1 (recalled from Andrews' table,
 * not re-derived here); the
 * threshold stokkel uses is STK_LEVEL_CHANGE_CRIT (reorder.c), tuned on a
 * synthetic panel with another seed than the reported benchmark and on
 * the M5 development split (BENCHMARKS.md, issue 5).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_LEVEL_CHANGE_H
#define STK_LEVEL_CHANGE_H

#include <stdbool.h>

/* Fewest blocks in each part of a split, and least fraction of them. */
#define STK_LEVEL_MIN_SEGMENT 4
#define STK_LEVEL_TRIM 0.04
/* Fewest blocks the test needs (else no test: the history is too short). */
#define STK_LEVEL_MIN_BLOCKS 16
/* Most blocks tested (the last ones); the mean is over all of them. */
#define STK_LEVEL_MAX_BLOCKS 1024

typedef struct StkLevelTest
{
	bool		tested;			/* enough blocks for the test */
	double		stat;			/* max |t| over the splits (0 if untested) */
	int			split;			/* periods after the best split */
	double		mean;			/* long-run mean per period (all n) */
	double		mean_cv2;		/* relative variance of that mean:
								 * var(block sum) / (K mean_block^2) */
	int			blocks;			/* K */
} StkLevelTest;

/*
 * Test y[0..n-1] (finite, >= 0) in blocks of `block` periods (>= 1), the
 * blocks ending at the last period (an incomplete first block is left
 * out).  A constant history has stat 0; one whose parts are each constant
 * but differ has stat +Inf.
 */
extern void stk_level_change_test(const double *y, int n, int block,
								  StkLevelTest *out);

/* Random orders of the ranks drawn for a null distribution. */
#define STK_LEVEL_NULL_DRAWS 4000
/* Draws above which the p-value is the tail approximation's. */
#define STK_LEVEL_NULL_TAIL 40

/*
 * P-value of a statistic of the test over kt tested blocks (the last
 * STK_LEVEL_MAX_BLOCKS of them) when the history has no change: under
 * that null the blocks are exchangeable, so the ranks' order is uniform
 * and the null distribution depends on kt alone (drawn without ties;
 * with the heavy ties of a slow mover's weekly sums the p-values stay
 * about uniform, test_level_change.c).  Beyond the draws' tail the
 * tail of the supremum of a Gaussian process, C c phi(c), fitted there.  1 for kt below
 * STK_LEVEL_MIN_BLOCKS or a NaN statistic, 0 for +Inf; NaN when out of
 * memory.
 */
extern double stk_level_change_pvalue(double stat, int kt);

/* The p-value of a test's statistic (1 if untested). */
extern double stk_level_change_test_pvalue(const StkLevelTest *t);

#endif							/* STK_LEVEL_CHANGE_H */
