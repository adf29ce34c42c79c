/*-------------------------------------------------------------------------
 *
 * stk_core.c
 *	  Status messages and the malloc allocator of the numerical core.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "stk_core.h"

/* Human-readable text for a core status (the glue adds the SQLSTATE). */
const char *
stk_status_message(StkStatus status)
{
	switch (status)
	{
		case STK_OK:
			return "success";
		case STK_ENOMEM:
			return "out of memory";
		case STK_EINVAL:
			return "invalid argument";
		case STK_ENONFINITE:
			return "value is NaN or infinite";
		case STK_ETOOLONG:
			return "series is longer than the allowed maximum";
		case STK_EORDER:
			return "timestamps are not in ascending order";
		case STK_ECORRUPT:
			return "serialised state is corrupted";
		case STK_ENOCONV:
			return "optimiser did not converge";
		case STK_ECANCELED:
			return "canceled";
		case STK_ETOOBIG:
			return "the data are too large for the model (its count distribution or design would exceed their bound)";
	}
	return "unknown status";
}

bool		(*stk_interrupt_hook) (void) = NULL;

static void *
malloc_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size == 0 ? 1 : size);
}

static void *
malloc_realloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return realloc(ptr, size == 0 ? 1 : size);
}

static void
malloc_free(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

const StkAllocator stk_malloc_allocator = {
	malloc_alloc, malloc_realloc, malloc_free, NULL
};

bool
stk_series_constant(const double *y, int n)
{
	for (int t = 1; t < n; t++)
		if (y[t] != y[0])
			return false;
	return true;
}
