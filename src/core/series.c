/*-------------------------------------------------------------------------
 *
 * series.c
 *	  Dense, two-way growable accumulation of sales rows into periods.
 *
 * Rows may arrive in any order (aggregates see them so), so the cell arrays
 * grow at both ends.  Growth doubles the capacity and recentres the data,
 * which keeps insertion amortised O(1) whether rows come forwards, backwards
 * or at random.  The configured maximum length is checked before any
 * allocation, so a stray date in 1900 fails cleanly instead of allocating a
 * century of cells.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "series.h"

#define SERIAL_MAGIC	0x53544b53	/* "STKS" */
#define SERIAL_VERSION	1

/*
 * Serialised header.  Written with memcpy field by field, so the layout has
 * no padding to leak and no alignment demands on the input.
 */
#define HDR_SIZE (4 + 1 + 1 + 2 + 4 + 8 + 8)
#define CELL_SIZE (sizeof(double) * 2 + 1)

/* Period indexes are bounded far inside int64 to keep span arithmetic exact. */
#define PERIOD_LIMIT ((int64_t) 1 << 40)

void
stk_builder_init(StkSeriesBuilder *b, StkFreq freq)
{
	memset(b, 0, sizeof(*b));
	b->freq = freq;
}

void
stk_builder_free(StkSeriesBuilder *b, const StkAllocator *a)
{
	stk_free(a, b->demand);
	stk_free(a, b->returns);
	stk_free(a, b->flags);
	b->demand = b->returns = NULL;
	b->flags = NULL;
	b->cap = b->len = b->off = 0;
}

/* Parse a row kind; NULL means a sale line. */
StkRowKind
stk_row_kind_parse(const char *name, bool *ok)
{
	*ok = true;
	if (name == NULL || strcmp(name, "sale") == 0)
		return STK_ROW_SALE;
	if (strcmp(name, "return") == 0)
		return STK_ROW_RETURN;
	if (strcmp(name, "closed") == 0)
		return STK_ROW_CLOSED;
	if (strcmp(name, "stockout") == 0)
		return STK_ROW_STOCKOUT;
	*ok = false;
	return STK_ROW_SALE;
}

/*
 * Make the builder cover periods [lo, hi], keeping the cells it has.
 * Fails with STK_ETOOLONG before allocating when the span exceeds max_len.
 */
static StkStatus
builder_cover(StkSeriesBuilder *b, const StkAllocator *a, int64_t lo, int64_t hi,
			  int32_t max_len)
{
	int64_t		newfirst,
				newlast,
				span;
	int32_t		newcap,
				newoff;
	double	   *d,
			   *r;
	uint8_t    *f;

	if (b->len > 0)
	{
		newfirst = lo < b->first ? lo : b->first;
		newlast = hi > b->first + b->len - 1 ? hi : b->first + b->len - 1;
	}
	else
	{
		newfirst = lo;
		newlast = hi;
	}
	span = newlast - newfirst + 1;
	if (span > max_len || span > STK_SERIES_HARD_MAX)
		return STK_ETOOLONG;

	/* Fits in the current allocation? */
	if (b->len > 0 && b->cap > 0 &&
		newfirst - b->first >= -(int64_t) b->off &&
		b->off + (newlast - b->first) < b->cap)
	{
		int32_t		shift = (int32_t) (b->first - newfirst);

		/* Zero the cells newly covered at either end. */
		if (shift > 0)
		{
			memset(b->demand + b->off - shift, 0, sizeof(double) * shift);
			memset(b->returns + b->off - shift, 0, sizeof(double) * shift);
			memset(b->flags + b->off - shift, 0, shift);
		}
		{
			int32_t		oldend = b->off + b->len;
			int32_t		newend = b->off - shift + (int32_t) span;

			if (newend > oldend)
			{
				memset(b->demand + oldend, 0, sizeof(double) * (newend - oldend));
				memset(b->returns + oldend, 0, sizeof(double) * (newend - oldend));
				memset(b->flags + oldend, 0, newend - oldend);
			}
		}
		b->off -= shift;
		b->first = newfirst;
		b->len = (int32_t) span;
		return STK_OK;
	}

	/* Grow: double, with slack split evenly so growth either way is cheap. */
	newcap = b->cap > 0 ? b->cap : 8;
	while (newcap < span)
		newcap = newcap > STK_SERIES_HARD_MAX ? (int32_t) span : newcap * 2;
	if ((int64_t) newcap > (int64_t) span * 2 + 16 && b->cap == 0)
		newcap = (int32_t) span;
	newoff = (int32_t) ((newcap - span) / 2);

	d = stk_alloc(a, sizeof(double) * newcap);
	r = stk_alloc(a, sizeof(double) * newcap);
	f = stk_alloc(a, newcap);
	if (d == NULL || r == NULL || f == NULL)
	{
		stk_free(a, d);
		stk_free(a, r);
		stk_free(a, f);
		return STK_ENOMEM;
	}
	memset(d, 0, sizeof(double) * newcap);
	memset(r, 0, sizeof(double) * newcap);
	memset(f, 0, newcap);
	if (b->len > 0)
	{
		int32_t		at = newoff + (int32_t) (b->first - newfirst);

		memcpy(d + at, b->demand + b->off, sizeof(double) * b->len);
		memcpy(r + at, b->returns + b->off, sizeof(double) * b->len);
		memcpy(f + at, b->flags + b->off, b->len);
	}
	stk_free(a, b->demand);
	stk_free(a, b->returns);
	stk_free(a, b->flags);
	b->demand = d;
	b->returns = r;
	b->flags = f;
	b->cap = newcap;
	b->off = newoff;
	b->first = newfirst;
	b->len = (int32_t) span;
	return STK_OK;
}

/*
 * Add one row.  Sale quantities must be finite; a negative sale is a return
 * line and goes to the returns cell, so that demand is never netted down.
 */
StkStatus
stk_builder_add(StkSeriesBuilder *b, const StkAllocator *a, int32_t day,
				double qty, StkRowKind kind, int32_t max_len)
{
	int64_t		p = stk_period_of_day(b->freq, day);
	int32_t		i;
	StkStatus	st;

	if ((kind == STK_ROW_SALE || kind == STK_ROW_RETURN) && !isfinite(qty))
		return STK_ENONFINITE;
	if (b->len == 0 || p < b->first || p >= b->first + b->len)
	{
		st = builder_cover(b, a, p, p, max_len);
		if (st != STK_OK)
			return st;
	}
	i = b->off + (int32_t) (p - b->first);
	switch (kind)
	{
		case STK_ROW_SALE:
			if (qty >= 0)
				b->demand[i] += qty;
			else
				b->returns[i] -= qty;
			break;
		case STK_ROW_RETURN:
			b->returns[i] += fabs(qty);
			break;
		case STK_ROW_CLOSED:
			b->flags[i] |= STK_FLAG_CLOSED;
			break;
		case STK_ROW_STOCKOUT:
			b->flags[i] |= STK_FLAG_STOCKOUT;
			break;
	}
	if (!isfinite(b->demand[i]) || !isfinite(b->returns[i]))
		return STK_ENONFINITE;
	b->nrows++;
	return STK_OK;
}

/*
 * Add rows whose days must be in ascending order (the array interface:
 * unsorted input there usually means misaligned arrays, so it is refused).
 * On failure *bad_row is the 0-based index of the offending row.
 */
StkStatus
stk_builder_add_sorted(StkSeriesBuilder *b, const StkAllocator *a,
					   const int32_t *days, const double *qty,
					   const StkRowKind *kinds, size_t n, int32_t max_len,
					   size_t *bad_row)
{
	StkStatus	st;

	*bad_row = 0;
	if (n == 0)
		return STK_OK;
	for (size_t k = 1; k < n; k++)
	{
		if (days[k] < days[k - 1])
		{
			*bad_row = k;
			return STK_EORDER;
		}
	}
	/* Cover the whole range once, so the length check precedes allocation. */
	st = builder_cover(b, a, stk_period_of_day(b->freq, days[0]),
					   stk_period_of_day(b->freq, days[n - 1]), max_len);
	if (st != STK_OK)
		return st;
	for (size_t k = 0; k < n; k++)
	{
		st = stk_builder_add(b, a, days[k], qty[k],
							 kinds ? kinds[k] : STK_ROW_SALE, max_len);
		if (st != STK_OK)
		{
			*bad_row = k;
			return st;
		}
	}
	return STK_OK;
}

/* Merge src into dst (both must have the same frequency). */
StkStatus
stk_builder_merge(StkSeriesBuilder *dst, const StkAllocator *a,
				  const StkSeriesBuilder *src, int32_t max_len)
{
	StkStatus	st;
	int32_t		base;

	if (src->len == 0)
	{
		dst->nrows += src->nrows;
		return STK_OK;
	}
	if (dst->freq != src->freq)
		return STK_EINVAL;
	st = builder_cover(dst, a, src->first, src->first + src->len - 1, max_len);
	if (st != STK_OK)
		return st;
	base = dst->off + (int32_t) (src->first - dst->first);
	for (int32_t i = 0; i < src->len; i++)
	{
		dst->demand[base + i] += stk_builder_demand(src, i);
		dst->returns[base + i] += stk_builder_returns(src, i);
		dst->flags[base + i] |= stk_builder_flags(src, i);
		if (!isfinite(dst->demand[base + i]) || !isfinite(dst->returns[base + i]))
			return STK_ENONFINITE;
	}
	dst->nrows += src->nrows;
	return STK_OK;
}

size_t
stk_builder_serial_size(const StkSeriesBuilder *b)
{
	return HDR_SIZE + (size_t) b->len * CELL_SIZE;
}

/* Write the builder to out, which must hold stk_builder_serial_size bytes. */
void
stk_builder_serialize(const StkSeriesBuilder *b, void *out)
{
	unsigned char *p = out;
	uint32_t	magic = SERIAL_MAGIC;
	uint8_t		version = SERIAL_VERSION;
	uint8_t		freq = (uint8_t) b->freq;
	uint16_t	reserved = 0;
	int32_t		len = b->len;
	int64_t		first = b->len > 0 ? b->first : 0;
	int64_t		nrows = b->nrows;

	memcpy(p, &magic, 4);
	p += 4;
	memcpy(p, &version, 1);
	p += 1;
	memcpy(p, &freq, 1);
	p += 1;
	memcpy(p, &reserved, 2);
	p += 2;
	memcpy(p, &len, 4);
	p += 4;
	memcpy(p, &first, 8);
	p += 8;
	memcpy(p, &nrows, 8);
	p += 8;
	if (len > 0)
	{
		memcpy(p, b->demand + b->off, sizeof(double) * len);
		p += sizeof(double) * len;
		memcpy(p, b->returns + b->off, sizeof(double) * len);
		p += sizeof(double) * len;
		memcpy(p, b->flags + b->off, len);
	}
}

/*
 * Read a serialised builder, validating everything as a recv function must:
 * the magic and version, the frequency, the declared length against both
 * the limit and the actual payload size, the period range, finiteness and
 * sign of every value, and the flag bits.  b is initialised on success only.
 */
StkStatus
stk_builder_deserialize(StkSeriesBuilder *b, const StkAllocator *a,
						const void *data, size_t size, int32_t max_len)
{
	const unsigned char *p = data;
	uint32_t	magic;
	uint8_t		version,
				freq;
	uint16_t	reserved;
	int32_t		len;
	int64_t		first,
				nrows;
	StkSeriesBuilder nb;

	if (size < HDR_SIZE)
		return STK_ECORRUPT;
	memcpy(&magic, p, 4);
	memcpy(&version, p + 4, 1);
	memcpy(&freq, p + 5, 1);
	memcpy(&reserved, p + 6, 2);
	memcpy(&len, p + 8, 4);
	memcpy(&first, p + 12, 8);
	memcpy(&nrows, p + 20, 8);
	p += HDR_SIZE;

	if (magic != SERIAL_MAGIC || version != SERIAL_VERSION || reserved != 0 ||
		freq >= STK_FREQ_COUNT || nrows < 0)
		return STK_ECORRUPT;
	if (len < 0 || len > STK_SERIES_HARD_MAX)
		return STK_ECORRUPT;
	if (size != HDR_SIZE + (size_t) len * CELL_SIZE)
		return STK_ECORRUPT;
	if (first <= -PERIOD_LIMIT || first >= PERIOD_LIMIT)
		return STK_ECORRUPT;
	if (len == 0 && first != 0)
		return STK_ECORRUPT;
	if (len > max_len)
		return STK_ETOOLONG;

	stk_builder_init(&nb, (StkFreq) freq);
	nb.nrows = nrows;
	if (len > 0)
	{
		const unsigned char *dp = p;
		const unsigned char *rp = p + sizeof(double) * len;
		const unsigned char *fp = p + sizeof(double) * 2 * len;
		StkStatus	st = builder_cover(&nb, a, first, first + len - 1, max_len);

		if (st != STK_OK)
			return st;
		memcpy(nb.demand + nb.off, dp, sizeof(double) * len);
		memcpy(nb.returns + nb.off, rp, sizeof(double) * len);
		memcpy(nb.flags + nb.off, fp, len);
		for (int32_t i = 0; i < len; i++)
		{
			double		dv = nb.demand[nb.off + i];
			double		rv = nb.returns[nb.off + i];

			if (!(isfinite(dv) && dv >= 0 && isfinite(rv) && rv >= 0) ||
				(nb.flags[nb.off + i] & ~STK_FLAG_MASK) != 0)
			{
				stk_builder_free(&nb, a);
				return STK_ECORRUPT;
			}
		}
	}
	*b = nb;
	return STK_OK;
}

/*
 * One pass over the periods in direction step (+1 or -1): a masked period
 * still holding NaN in out gets the larger of its observed sales and the
 * mean of the last `window` unmasked periods seen, kept in a ring buffer.
 */
static void
FillMasked(const StkSeriesBuilder *b, int window, int step, double *ring,
		   double *out)
{
	double		sum = 0;
	int			count = 0,
				head = 0;

	for (int32_t k = 0, i = step > 0 ? 0 : b->len - 1; k < b->len; k++, i += step)
	{
		double		obs = b->demand[b->off + i];

		if (b->flags[b->off + i] == 0)
		{
			if (count == window)
				sum -= ring[head];
			else
				count++;
			ring[head] = obs;
			sum += obs;
			head = (head + 1) % window;
		}
		else if (isnan(out[i]) && count > 0)
			out[i] = obs > sum / count ? obs : sum / count;
	}
}

int
stk_builder_masked(const StkSeriesBuilder *b, bool *masked)
{
	int			count = 0;

	for (int32_t i = 0; i < b->len; i++)
	{
		masked[i] = (b->flags[b->off + i] & STK_FLAG_MASK) != 0;
		count += masked[i];
	}
	return count;
}

int
stk_builder_model_demand(const StkSeriesBuilder *b, int window,
						 const StkAllocator *a, double *out)
{
	int			unmasked = 0;
	double	   *ring;

	if (window < 1)
		window = 1;
	for (int32_t i = 0; i < b->len; i++)
	{
		bool		masked = b->flags[b->off + i] != 0;

		out[i] = masked ? NAN : b->demand[b->off + i];
		unmasked += !masked;
	}
	ring = unmasked > 0 ? stk_alloc(a, sizeof(double) * window) : NULL;
	if (ring != NULL)
	{
		FillMasked(b, window, 1, ring, out);
		FillMasked(b, window, -1, ring, out);
		stk_free(a, ring);
	}
	/* nothing to learn from (or no memory): keep the observed sales */
	for (int32_t i = 0; i < b->len; i++)
		if (isnan(out[i]))
			out[i] = b->demand[b->off + i];
	return unmasked;
}
