/*-------------------------------------------------------------------------
 *
 * fdr.h
 *	  The Benjamini-Hochberg step-up procedure: which of many tests to
 *	  reject so that the expected share of false rejections among the
 *	  rejections (the false discovery rate) is at most q.
 *
 * With the p-values sorted, p_(1) <= ... <= p_(m), let k be the largest
 * i with p_(i) <= i q / m; the tests with p <= p_(k) are rejected, none
 * when there is no such i (Benjamini & Hochberg 1995, for independent
 * tests).  Over a group where few tests have a real effect the
 * threshold is far below q (about q / m when none has: the family-wise
 * rate), where many have it approaches q: the group, not a fixed
 * per-test level, sets how much evidence a rejection needs.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_FDR_H
#define STK_FDR_H

#include "stk_core.h"

/*
 * The rejection threshold of p[0..n) (NaN entries ignored, the others in
 * [0, 1]) at rate q in (0, 1) into *threshold: p_(k), or 0 when nothing
 * is rejected (then only p-values of exactly 0 count as rejected, by the
 * caller's "p <= threshold").  STK_EINVAL for q outside (0, 1), n < 0 or
 * a p-value outside [0, 1]; STK_ENOMEM.
 */
extern StkStatus stk_fdr_threshold(const double *p, int n, double q,
								   const StkAllocator *a, double *threshold);

#endif							/* STK_FDR_H */
