/*-------------------------------------------------------------------------
 *
 * series.h
 *	  Building regular demand series from irregular sales rows.
 *
 * A builder accumulates (day, quantity, kind) rows in any order into dense
 * per-period cells: demand (sales), returns (kept apart from demand, never
 * netted), and flags marking closed periods and stock-out periods, which are
 * not zero demand.  Periods without rows are zero sales.  Builders merge
 * (for parallel aggregation) and serialise to a validated byte format.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_SERIES_H
#define STK_SERIES_H

#include "stk_core.h"
#include "calendar.h"

/* What a row says about its period. */
typedef enum StkRowKind
{
	STK_ROW_SALE = 0,			/* quantity sold; a negative one is a return */
	STK_ROW_RETURN = 1,			/* quantity returned (sign ignored) */
	STK_ROW_CLOSED = 2,			/* shop closed: no demand could be observed */
	STK_ROW_STOCKOUT = 3		/* out of stock: sales understate demand */
} StkRowKind;

/* Cell flags. */
#define STK_FLAG_CLOSED		0x01
#define STK_FLAG_STOCKOUT	0x02
#define STK_FLAG_MASK		(STK_FLAG_CLOSED | STK_FLAG_STOCKOUT)

/* Hard ceiling on any series length, whatever the configured limit. */
#define STK_SERIES_HARD_MAX 10000000

typedef struct StkSeriesBuilder
{
	StkFreq		freq;
	int32_t		len;			/* number of periods covered */
	int64_t		first;			/* period index of the first period */
	int64_t		nrows;			/* rows accumulated */
	int32_t		cap;			/* allocated cells */
	int32_t		off;			/* array slot of the first period */
	double	   *demand;
	double	   *returns;
	uint8_t    *flags;
} StkSeriesBuilder;

extern void stk_builder_init(StkSeriesBuilder *b, StkFreq freq);
extern void stk_builder_free(StkSeriesBuilder *b, const StkAllocator *a);
extern StkRowKind stk_row_kind_parse(const char *name, bool *ok);
extern StkStatus stk_builder_add(StkSeriesBuilder *b, const StkAllocator *a,
								 int32_t day, double qty, StkRowKind kind,
								 int32_t max_len);
extern StkStatus stk_builder_merge(StkSeriesBuilder *dst, const StkAllocator *a,
								   const StkSeriesBuilder *src, int32_t max_len);
extern StkStatus stk_builder_add_sorted(StkSeriesBuilder *b, const StkAllocator *a,
										const int32_t *days, const double *qty,
										const StkRowKind *kinds, size_t n,
										int32_t max_len, size_t *bad_row);

/*
 * Demand to model, per period: the observed demand where nothing masks the
 * period; where the shop was closed or the product out of stock, the larger
 * of the observed sales and the mean of the last `window` unmasked periods
 * (the next ones, for masked periods at the start).  Returns the number of
 * unmasked periods (0: everything was masked, out is the observed demand).
 */
extern int	stk_builder_model_demand(const StkSeriesBuilder *b, int window,
									 const StkAllocator *a, double *out);

/*
 * masked[i] = whether period i is closed or out of stock (its demand is
 * not observed); returns the number of masked periods.
 */
extern int	stk_builder_masked(const StkSeriesBuilder *b, bool *masked);

/* Serialised form. */
extern size_t stk_builder_serial_size(const StkSeriesBuilder *b);
extern void stk_builder_serialize(const StkSeriesBuilder *b, void *out);
extern StkStatus stk_builder_deserialize(StkSeriesBuilder *b, const StkAllocator *a,
										 const void *data, size_t size,
										 int32_t max_len);

/* Cell accessors: i in [0, len). */
static inline double
stk_builder_demand(const StkSeriesBuilder *b, int32_t i)
{
	return b->demand[b->off + i];
}

static inline double
stk_builder_returns(const StkSeriesBuilder *b, int32_t i)
{
	return b->returns[b->off + i];
}

static inline uint8_t
stk_builder_flags(const StkSeriesBuilder *b, int32_t i)
{
	return b->flags[b->off + i];
}

#endif							/* STK_SERIES_H */
