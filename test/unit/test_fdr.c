/*-------------------------------------------------------------------------
 *
 * test_fdr.c
 *	  Unit tests of the Benjamini-Hochberg threshold (fdr.c).
 *
 * Golden value: the example of Benjamini & Hochberg (1995, section 4.1),
 * 15 p-values at q = 0.05, where the step-up procedure rejects the four
 * smallest (p_(4) = 0.0095 <= 4 x 0.05 / 15 = 0.0133, and no larger i
 * has p_(i) <= i x 0.05 / 15), while Bonferroni (0.05 / 15) rejects 3.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "fdr.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

int
main(void)
{
	/* shuffled: the function sorts */
	static const double bh[15] = {0.0459, 0.0001, 0.3240, 0.0004, 0.0019,
		0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.4262, 0.5719, 0.6528,
	0.7590, 1.0000};
	double		thr;

	tap_ok(stk_fdr_threshold(bh, 15, 0.05, A, &thr) == STK_OK, "BH example: status");
	tap_is_double(thr, 0.0095, 0, "BH (1995) example: threshold p_(4) = 0.0095, 4 rejected");

	/* step-up: 0.04 > 0.05 / 3, but p_(3) = 0.04 <= 3 x 0.05 / 3 */
	stk_fdr_threshold((const double[]) {0.04, 0.04, 0.04}, 3, 0.05, A, &thr);
	tap_is_double(thr, 0.04, 0, "three p of 0.04 at q 0.05: all rejected (step up)");
	stk_fdr_threshold((const double[]) {0.02, 0.5, 0.9}, 3, 0.05, A, &thr);
	tap_is_double(thr, 0.0, 0, "0.02 > 0.05 / 3 and nothing above: none rejected");
	stk_fdr_threshold((const double[]) {NAN, 0.01, NAN}, 3, 0.05, A, &thr);
	tap_is_double(thr, 0.01, 0, "NaN skipped: m = 1, 0.01 <= 0.05");
	tap_ok(stk_fdr_threshold(NULL, 0, 0.05, A, &thr) == STK_OK && thr == 0.0,
		   "no p-value: nothing rejected");

	tap_ok(stk_fdr_threshold(bh, 15, 0.0, A, &thr) == STK_EINVAL &&
		   stk_fdr_threshold(bh, 15, 1.0, A, &thr) == STK_EINVAL &&
		   stk_fdr_threshold(bh, 15, NAN, A, &thr) == STK_EINVAL,
		   "q outside (0, 1): EINVAL");
	tap_ok(stk_fdr_threshold((const double[]) {0.1, 1.5}, 2, 0.05, A, &thr) == STK_EINVAL &&
		   stk_fdr_threshold((const double[]) {-0.1}, 1, 0.05, A, &thr) == STK_EINVAL &&
		   stk_fdr_threshold(bh, -1, 0.05, A, &thr) == STK_EINVAL,
		   "a p-value outside [0, 1], n < 0: EINVAL");
	return tap_done();
}
