/*-------------------------------------------------------------------------
 *
 * stk_core.h
 *	  Shared definitions of Stokkel's numerical core.
 *
 * The core is plain C (plus GSL).  It never includes postgres.h: every
 * function takes the memory allocator it may use and reports failures as an
 * StkStatus, so the same code runs inside the server (palloc), in the C unit
 * tests and in the benchmarks (malloc).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_CORE_H
#define STK_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
 * Allocator handed to the core.  alloc must return memory aligned for
 * double; it may never return NULL in the server (palloc throws), but the
 * core still checks, for the malloc-based callers.
 */
typedef struct StkAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
} StkAllocator;

/* Result codes of core functions; the glue maps each to a SQLSTATE. */
typedef enum StkStatus
{
	STK_OK = 0,
	STK_ENOMEM,					/* allocation failed */
	STK_EINVAL,					/* argument out of its documented range */
	STK_ENONFINITE,				/* NaN or infinity in the data */
	STK_ETOOLONG,				/* series longer than the allowed maximum */
	STK_EORDER,					/* timestamps not in ascending order */
	STK_ECORRUPT,				/* serialised state fails validation */
	STK_ENOCONV,				/* optimiser did not converge */
	STK_ECANCELED,				/* stk_interrupted() asked the work to stop */
	STK_ETOOBIG					/* a distribution or design beyond its size
								 * bound (not the series' length) */
} StkStatus;

extern const char *stk_status_message(StkStatus status);

/* Convenience wrappers, so core code reads like ordinary C. */
static inline void *
stk_alloc(const StkAllocator *a, size_t size)
{
	return a->alloc(a->ctx, size);
}

static inline void *
stk_realloc(const StkAllocator *a, void *ptr, size_t size)
{
	return a->realloc(a->ctx, ptr, size);
}

static inline void
stk_free(const StkAllocator *a, void *ptr)
{
	if (ptr != NULL)
		a->free(a->ctx, ptr);
}

/*
 * Cancellation.  Long loops of the core call stk_interrupted() and, when it
 * returns true, free what they hold and return STK_ECANCELED.  The server's
 * glue sets the hook to a test of PostgreSQL's pending cancel or
 * termination (without processing it, so nothing jumps out of the core);
 * NULL (unit tests, benchmarks) never interrupts.
 */
extern bool (*stk_interrupt_hook) (void);

static inline bool
stk_interrupted(void)
{
	return stk_interrupt_hook != NULL && stk_interrupt_hook();
}

/* Are all n values equal to the first (true for n <= 1)? */
extern bool stk_series_constant(const double *y, int n);

/* A malloc-based allocator for unit tests and benchmarks. */
extern const StkAllocator stk_malloc_allocator;

#endif							/* STK_CORE_H */
