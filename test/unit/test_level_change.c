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
#include <string.h>

#include "level_change.h"
#include "tap.h"

/* 32 periods, 16 blocks of 2; the stepped copy adds 2 from period 20 on */
static const double flat[33] = {1, 1, 0, 2, 1, 0, 1, 3, 0, 1, 1, 0, 2, 1, 1, 2, 0,
2, 1, 0, 3, 1, 1, 2, 2, 0, 1, 1, 0, 2, 1, 0, 1};

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
	return tap_done();
}
