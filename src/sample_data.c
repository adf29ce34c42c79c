/*-------------------------------------------------------------------------
 *
 * sample_data.c
 *	  Set-returning functions over the sample-data simulator
 *	  (src/core/sample_data.c): suppliers, products, the shop's calendar
 *	  and the daily activity of every product.
 *
 * All of them are pure functions of their arguments (the seed is an
 * argument), hence IMMUTABLE and PARALLEL SAFE.  The GSL generators the
 * core uses are allocated and freed inside each core call, so an error or
 * a cancel between two products leaks nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "stokkel.h"
#include "core/sample_data.h"

PG_FUNCTION_INFO_V1(stk_sample_suppliers);
PG_FUNCTION_INFO_V1(stk_sample_products);
PG_FUNCTION_INFO_V1(stk_sample_events);
PG_FUNCTION_INFO_V1(stk_sample_activity);

/*
 * Dates the generator accepts: its calendar is proleptic Gregorian and
 * works anywhere, but sample data outside 1901..2199 is surely a mistake,
 * and the bound keeps day arithmetic far from overflow.
 */
#define SAMPLE_MIN_DAY	(-36524)		/* 1900-01-01 */
#define SAMPLE_MAX_DAY	73049			/* 2199-12-31 */

/* Longest calendar stk_sample_events returns (about a century). */
#define SAMPLE_MAX_CALENDAR_DAYS 36600

/* Check a count argument: 22023 below min, 54000 above the documented max. */
static void
CheckCount(int32 value, const char *argname, int32 min, int32 max)
{
	if (value < min)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at least %d", argname, min),
				 errdetail("Got %d.", value)));
	if (value > max)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s must be at most %d", argname, max),
				 errdetail("Got %d.", value)));
}

/* Check a date argument: finite and within the generator's years. */
static int32
CheckDate(DateADT d, const char *argname)
{
	if (DATE_NOT_FINITE(d) || d < SAMPLE_MIN_DAY || d > SAMPLE_MAX_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 1900-01-01 and 2199-12-31", argname)));
	return (int32) d;
}

/* Seeds are any int4; the core takes their 32 bits. */
static inline uint32_t
SeedArg(int32 seed)
{
	return (uint32_t) seed;
}

/*
 * stk_sample_suppliers()
 *		The simulated shop's suppliers and their lead times.
 */
Datum
stk_sample_suppliers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int s = 1; s <= stk_sample_supplier_count(); s++)
	{
		const StkSampleSupplier *sup = stk_sample_supplier(s);
		Datum		values[8];
		bool		nulls[8] = {0};

		values[0] = Int32GetDatum(sup->supplier_no);
		values[1] = CStringGetTextDatum(sup->name);
		values[2] = CStringGetTextDatum(sup->city);
		values[3] = CStringGetTextDatum(sup->phone);
		values[4] = Float8GetDatum(sup->lead_time_mean);
		values[5] = Float8GetDatum(sup->lead_time_sd);
		values[6] = Int32GetDatum(sup->review_days);
		values[7] = Float8GetDatum(sup->min_order_value);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * stk_sample_products(products int, seed int)
 *		Catalogue of products 1..products; each row depends only on
 *		(seed, product_no).
 */
Datum
stk_sample_products(PG_FUNCTION_ARGS)
{
	int32		products = PG_GETARG_INT32(0);
	uint32_t	seed = SeedArg(PG_GETARG_INT32(1));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext rowcxt;
	MemoryContext oldcxt;

	CheckCount(products, "products", 1, STK_SAMPLE_MAX_PRODUCTS);
	InitMaterializedSRF(fcinfo, 0);

	/* Text datums of each row live only until it is in the tuplestore. */
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "stk_sample_products row",
								   ALLOCSET_SMALL_SIZES);
	for (int32 p = 1; p <= products; p++)
	{
		StkSampleProduct prod;
		StkStatus	st;
		Datum		values[13];
		bool		nulls[13] = {0};
		char		seasons[128];

		CHECK_FOR_INTERRUPTS();
		st = stk_sample_product(seed, p, &prod);
		if (st != STK_OK)
			stk_report_status(st, "stk_sample_products");

		oldcxt = MemoryContextSwitchTo(rowcxt);
		stk_sample_seasons_text(prod.seasons, seasons, sizeof(seasons));
		values[0] = Int32GetDatum(prod.product_no);
		values[1] = CStringGetTextDatum(prod.sku);
		values[2] = CStringGetTextDatum(prod.name);
		values[3] = CStringGetTextDatum(prod.category);
		values[4] = Float8GetDatum(prod.unit_price);
		values[5] = Float8GetDatum(prod.unit_cost);
		values[6] = Int32GetDatum(prod.supplier_no);
		values[7] = Int32GetDatum(prod.pack_size);
		values[8] = Int32GetDatum(prod.moq);
		values[9] = Int32GetDatum(prod.age_days);
		values[10] = CStringGetTextDatum(stk_sample_pattern_name(prod.pattern));
		if (seasons[0] != '\0')
			values[11] = CStringGetTextDatum(seasons);
		else
			nulls[11] = true;
		values[12] = Float8GetDatum(prod.mean_daily_demand);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(rowcxt);
	}
	MemoryContextDelete(rowcxt);
	return (Datum) 0;
}

/*
 * stk_sample_events(start_date date, end_date date)
 *		The shop's calendar: holidays (lunar feasts by the mean lunar
 *		year), school reopening, promotions, and whether the shop closes.
 */
Datum
stk_sample_events(PG_FUNCTION_ARGS)
{
	int32		first = CheckDate(PG_GETARG_DATEADT(0), "start_date");
	int32		last = CheckDate(PG_GETARG_DATEADT(1), "end_date");
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkAllocator alloc;
	StkSampleHoliday *hol;
	int			n;
	StkStatus	st;

	if (last < first)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("end_date must not be before start_date")));
	if (last - first + 1 > SAMPLE_MAX_CALENDAR_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("calendar must span at most %d days", SAMPLE_MAX_CALENDAR_DAYS),
				 errdetail("Got %d days.", last - first + 1)));

	InitMaterializedSRF(fcinfo, 0);
	stk_pg_allocator(&alloc, CurrentMemoryContext);
	st = stk_sample_holidays(first, last, &alloc, &hol, &n);
	if (st != STK_OK)
		stk_report_status(st, "stk_sample_events");
	for (int i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {0};

		values[0] = DateADTGetDatum(hol[i].day);
		values[1] = CStringGetTextDatum(hol[i].name);
		values[2] = CStringGetTextDatum(hol[i].kind);
		values[3] = BoolGetDatum(hol[i].closed);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * stk_sample_activity(products int, days int, seed int, start_date date,
 *					   customers int)
 *		Simulated daily history of products 1..products over days days
 *		from start_date: rows (product_no, day, kind, quantity, ref, minute)
 *		with kind opening, receipt, sale, return, stockout, order or
 *		closing.  ref is the customer of a sale (NULL for none) or the
 *		product's order number of an order and its receipt; minute is the
 *		minute of the day of a sale or return.
 */
Datum
stk_sample_activity(PG_FUNCTION_ARGS)
{
	int32		products = PG_GETARG_INT32(0);
	int32		days = PG_GETARG_INT32(1);
	uint32_t	seed = SeedArg(PG_GETARG_INT32(2));
	int32		start;
	int32		customers = PG_GETARG_INT32(4);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext prodcxt;
	StkAllocator walloc;
	StkAllocator palloc_;
	StkSampleWorld *world;
	Datum		kind_text[STK_ACT_CLOSING + 1];
	StkStatus	st;

	CheckCount(products, "products", 1, STK_SAMPLE_MAX_PRODUCTS);
	CheckCount(days, "days", 1, STK_SAMPLE_MAX_DAYS);
	start = CheckDate(PG_GETARG_DATEADT(3), "start_date");
	if (start + days - 1 > SAMPLE_MAX_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("start_date plus days must end before 2200-01-01")));
	CheckCount(customers, "customers", 0, STK_SAMPLE_MAX_CUSTOMERS);

	InitMaterializedSRF(fcinfo, 0);

	stk_pg_allocator(&walloc, CurrentMemoryContext);
	st = stk_sample_world_create(seed, start, days, customers, &walloc, &world);
	if (st != STK_OK)
		stk_report_status(st, "stk_sample_activity");

	/* The kind names are the same few texts on every row. */
	for (int k = 0; k <= STK_ACT_CLOSING; k++)
		kind_text[k] = CStringGetTextDatum(stk_sample_kind_name((StkSampleKind) k));

	/* Each product's events are freed once they are in the tuplestore. */
	prodcxt = AllocSetContextCreate(CurrentMemoryContext, "stk_sample_activity product",
									ALLOCSET_DEFAULT_SIZES);
	stk_pg_allocator(&palloc_, prodcxt);

	for (int32 p = 1; p <= products; p++)
	{
		StkSampleEvent *ev;
		int			n;

		CHECK_FOR_INTERRUPTS();
		st = stk_sample_simulate(world, p, &palloc_, &ev, &n, NULL);
		if (st != STK_OK)
			stk_report_status(st, "stk_sample_activity");

		for (int i = 0; i < n; i++)
		{
			Datum		values[6];
			bool		nulls[6] = {0};
			StkSampleKind kind = (StkSampleKind) ev[i].kind;

			values[0] = Int32GetDatum(p);
			values[1] = DateADTGetDatum(ev[i].day);
			values[2] = kind_text[kind];
			values[3] = Float8GetDatum(ev[i].quantity);
			if (kind == STK_ACT_SALE)
				nulls[4] = ev[i].ref == 0;
			else if (kind == STK_ACT_ORDER || kind == STK_ACT_RECEIPT)
				nulls[4] = false;
			else
				nulls[4] = true;
			values[4] = Int32GetDatum(ev[i].ref);
			nulls[5] = ev[i].minute < 0;
			values[5] = Int32GetDatum(ev[i].minute);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		MemoryContextReset(prodcxt);
	}
	MemoryContextDelete(prodcxt);
	stk_sample_world_free(world);
	return (Datum) 0;
}
