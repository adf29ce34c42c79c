/*-------------------------------------------------------------------------
 *
 * glue_util.c
 *	  Argument checks, status reporting and the palloc allocator.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "stokkel.h"

static void *
pg_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) ctx, size == 0 ? 1 : size);
}

static void *
pg_realloc(void *ctx, void *ptr, size_t size)
{
	if (ptr == NULL)
		return MemoryContextAllocHuge((MemoryContext) ctx, size == 0 ? 1 : size);
	return repalloc_huge(ptr, size == 0 ? 1 : size);
}

static void
pg_free(void *ctx, void *ptr)
{
	pfree(ptr);
}

void
stk_pg_allocator(StkAllocator *a, MemoryContext cxt)
{
	a->alloc = pg_alloc;
	a->realloc = pg_realloc;
	a->free = pg_free;
	a->ctx = cxt;
}

void
stk_status_append(char *status, size_t size, const char *note)
{
	size_t		len = strlen(status);

	if (note == NULL || note[0] == '\0' || len >= size)
		return;
	snprintf(status + len, size - len, "%s%s", len > 0 ? "; " : "", note);
}

/*
 * The member key of a JSON object, of the given type (jbvArray: an array);
 * 22023 naming what when it is missing or of another type.
 */
JsonbValue *
stk_json_member(JsonbContainer *obj, const char *key, enum jbvType type, const char *what)
{
	JsonbValue	k;
	JsonbValue *v;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	v = findJsonbValueFromContainer(obj, JB_FOBJECT, &k);
	if (v == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has no \"%s\"", what, key)));
	if (v->type != type && !(type == jbvArray && v->type == jbvBinary &&
							 JsonContainerIsArray(v->val.binary.data)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" of %s has the wrong JSON type", key, what)));
	return v;
}

/* Map a core status to an error with a specific SQLSTATE. */
void
stk_report_status(StkStatus status, const char *what)
{
	switch (status)
	{
		case STK_OK:
			break;
		case STK_ENOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s", what)));
			break;
		case STK_EINVAL:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid argument in %s", what)));
			break;
		case STK_ENONFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: value is NaN or infinite", what)));
			break;
		case STK_ETOOLONG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: series would be longer than %d periods", what,
							stk_max_series_length),
					 errhint("Raise stokkel.max_series_length, or check the dates for outliers.")));
			break;
		case STK_EORDER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: dates are not in ascending order", what)));
			break;
		case STK_ECORRUPT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("%s: serialised state is corrupted", what)));
			break;
		case STK_ENOCONV:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("%s: optimiser did not converge", what)));
			break;
		case STK_ECANCELED:
			/* the pending cancel or timeout raises its own error here */
			CHECK_FOR_INTERRUPTS();
			ereport(ERROR,
					(errcode(ERRCODE_QUERY_CANCELED),
					 errmsg("canceling statement: %s was interrupted", what)));
			break;
		case STK_ETOOBIG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the data are too large for the model", what),
					 errdetail("Its count distribution of the quantities, or its design, would exceed their bound."),
					 errhint("Use another method, count in larger units, or pass fewer events.")));
			break;
	}
	elog(ERROR, "unexpected status %d in %s", (int) status, what);
}

/*
 * The first day of a period as a date: 22008 when it is not one PostgreSQL
 * can hold (a series or forecast reaching past 5874897-12-31 or before
 * 4714-11-24 BC; a crafted state's period far beyond).  The bounds are
 * checked on the period first, so that no day is computed out of range.
 */
DateADT
stk_period_date(StkFreq freq, int64 period)
{
	int64		lo = stk_period_of_day(freq, DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE);
	int64		hi = stk_period_of_day(freq, DATE_END_JULIAN - POSTGRES_EPOCH_JDATE - 1);
	DateADT		d;

	if (period < lo || period > hi ||
		!IS_VALID_DATE(d = stk_period_start_day(freq, period)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range: a %s beyond the dates PostgreSQL can hold",
						stk_freq_name(freq)),
				 errdetail("Dates run from 4714-11-24 BC to 5874897-12-31.")));
	return d;
}

StkFreq
stk_freq_arg(text *freq)
{
	char	   *name = text_to_cstring(freq);
	StkFreq		f;

	if (!stk_freq_parse(name, &f))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown frequency \"%s\"", name),
				 errhint("Use \"day\", \"week\" or \"month\".")));
	pfree(name);
	return f;
}

int
stk_check_1d_array(ArrayType *arr, const char *argname, int max_len)
{
	int			n;

	if (ARR_NDIM(arr) == 0)
		return 0;
	if (ARR_NDIM(arr) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname)));
	n = ARR_DIMS(arr)[0];
	if (n > max_len)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has %d elements, more than the limit of %d",
						argname, n, max_len),
				 errhint("Raise stokkel.max_series_length if this is intended.")));
	return n;
}

double *
stk_float8_array(ArrayType *arr, const char *argname, int *n,
				 bool allow_nonfinite)
{
	double	   *v;

	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s must be an array of double precision", argname)));
	*n = stk_check_1d_array(arr, argname, stk_max_series_length);
	if (*n == 0)
		return NULL;
	if (array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", argname)));
	v = (double *) ARR_DATA_PTR(arr);
	if (!allow_nonfinite)
	{
		for (int i = 0; i < *n; i++)
		{
			if (!isfinite(v[i]))
				ereport(ERROR,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("%s must not contain NaN or infinite values", argname),
						 errdetail("Element %d is %g.", i + 1, v[i])));
		}
	}
	return v;
}

void
stk_check_demand(const double *y, int n, const char *argname)
{
	for (int i = 0; i < n; i++)
		if (y[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be negative", argname),
					 errdetail("Element %d is %g.", i + 1, y[i]),
					 errhint("Demand is a count of units sold; keep returns in a separate series.")));
}
