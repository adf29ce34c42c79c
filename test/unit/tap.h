/*-------------------------------------------------------------------------
 *
 * tap.h
 *	  A minimal TAP producer for the C unit tests of the numerical core.
 *
 * Tests print "ok N - ..." / "not ok N - ..." lines and the plan last, so
 * prove (and make test) count them like any other TAP suite.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_TAP_H
#define STK_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int	tap_count = 0;
static int	tap_failed = 0;

static void
tap_vreport(int ok, const char *fmt, va_list ap)
{
	tap_count++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	printf("\n");
}

/* Report one assertion; returns cond so callers can add diagnostics. */
static int
tap_ok(int cond, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/*
 * Compare doubles within an absolute-or-relative tolerance.  Inline so that
 * the tests that do not use it do not warn of an unused function.
 */
static inline int
tap_is_double(double got, double want, double tol, const char *fmt,...)
{
	va_list		ap;
	int			ok;

	ok = (isnan(got) && isnan(want)) ||
		fabs(got - want) <= tol * (fabs(want) > 1 ? fabs(want) : 1);
	va_start(ap, fmt);
	tap_vreport(ok, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   got %.17g, want %.17g (tolerance %g)\n", got, want, tol);
	return ok;
}

/* Print the plan; the exit status is non-zero when anything failed. */
static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

#endif							/* STK_TAP_H */
