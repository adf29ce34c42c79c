/*-------------------------------------------------------------------------
 *
 * sample_data.h
 *	  A seeded, deterministic simulator of a Senegalese retailer: catalogue,
 *	  suppliers, holiday calendar, daily demand, replenishment and stock.
 *
 * Everything is a pure function of the seed and of the numbers asked for.
 * Each product draws from its own random streams, seeded from (seed,
 * product number), so product 17 looks the same whether 20 or 10,000
 * products are generated.  Supplier lead times are drawn per (supplier,
 * order day), so every line of a purchase order arrives together.
 *
 * Days are PostgreSQL DateADT day numbers (day 0 = 2000-01-01).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_SAMPLE_DATA_H
#define STK_SAMPLE_DATA_H

#include "stk_core.h"

/* Documented limits of the generator (the glue enforces them). */
#define STK_SAMPLE_MAX_PRODUCTS		100000
#define STK_SAMPLE_MAX_DAYS			3660
#define STK_SAMPLE_MAX_CUSTOMERS	100000

/* Opening hours, minutes after midnight (local time of the shop). */
#define STK_SAMPLE_OPEN_MINUTE		480		/* 08:00 */
#define STK_SAMPLE_CLOSE_MINUTE		1260	/* 21:00 */

/* Seasonality flags of a product (bit mask). */
#define STK_SEAS_TABASKI	0x01	/* the ~10 days before Tabaski */
#define STK_SEAS_KORITE		0x02	/* the week before Korite */
#define STK_SEAS_RAMADAN	0x04	/* the whole month of Ramadan */
#define STK_SEAS_SCHOOL		0x08	/* school reopening, early October */
#define STK_SEAS_CHRISTMAS	0x10	/* December, up to Christmas Eve */
#define STK_SEAS_MAGAL		0x20	/* the week before the Magal of Touba */
#define STK_SEAS_HOT		0x40	/* the hot season, April to June */
#define STK_SEAS_COUNT		7

/* Demand pattern of a product. */
typedef enum StkSamplePattern
{
	STK_PATTERN_FAST = 0,		/* sells every day, weekly rhythm */
	STK_PATTERN_MEDIUM,			/* sells most days */
	STK_PATTERN_SLOW,			/* intermittent, Poisson */
	STK_PATTERN_LUMPY			/* rare, large orders */
} StkSamplePattern;

typedef struct StkSampleSupplier
{
	int			supplier_no;	/* 1-based */
	const char *name;
	const char *city;
	const char *phone;
	double		lead_time_mean; /* days */
	double		lead_time_sd;	/* days */
	int			review_days;	/* orders are placed every review_days */
	double		min_order_value;	/* XOF */
} StkSampleSupplier;

typedef struct StkSampleProduct
{
	int32_t		product_no;		/* 1-based */
	char		sku[24];
	char		name[128];
	const char *category;
	double		unit_price;		/* XOF */
	double		unit_cost;		/* XOF */
	int			supplier_no;
	int			pack_size;
	int			moq;
	int32_t		age_days;		/* days from launch to the last day */
	StkSamplePattern pattern;
	unsigned	seasons;		/* STK_SEAS_* */
	double		mean_daily_demand;	/* current base rate, before factors */
	/* simulation parameters, drawn with the attributes */
	double		trend;			/* log growth per year */
	double		dispersion;		/* negative binomial size */
	double		lumpy_size;		/* mean size of a lumpy order */
	double		amplitude[STK_SEAS_COUNT];
	double		anticipation;	/* share of seasonality the buyer foresees */
	double		safety_z;		/* safety factor of the order-up-to level */
} StkSampleProduct;

/* Kinds of activity rows. */
typedef enum StkSampleKind
{
	STK_ACT_OPENING = 0,		/* stock on hand on the first active day */
	STK_ACT_SALE,				/* units sold on a day (quantity > 0) */
	STK_ACT_RETURN,				/* units returned (quantity < 0) */
	STK_ACT_STOCKOUT,			/* open day with unmet demand or empty shelf */
	STK_ACT_ORDER,				/* purchase order line placed */
	STK_ACT_RECEIPT,			/* purchase order line received */
	STK_ACT_CLOSING				/* stock on hand after the last day */
} StkSampleKind;

typedef struct StkSampleEvent
{
	int32_t		day;
	int8_t		kind;			/* StkSampleKind */
	double		quantity;
	int32_t		ref;			/* sale: customer (0 = none); order and
								 * receipt: order number of the product */
	int32_t		minute;			/* sale and return: minute of the day
								 * (opening hours); otherwise -1 */
} StkSampleEvent;

/* A calendar event of the shop (holiday, promotion, school). */
typedef struct StkSampleHoliday
{
	int32_t		day;
	const char *name;
	const char *kind;			/* "holiday", "promotion" or "school" */
	bool		closed;			/* the shop is closed that day */
} StkSampleHoliday;

/* Per-call state shared by all products: calendar, lead times, customers. */
typedef struct StkSampleWorld StkSampleWorld;

extern const char *stk_sample_kind_name(StkSampleKind kind);
extern const char *stk_sample_pattern_name(StkSamplePattern pattern);
extern void stk_sample_seasons_text(unsigned seasons, char *buf, size_t len);

extern int	stk_sample_supplier_count(void);
extern const StkSampleSupplier *stk_sample_supplier(int supplier_no);

/* Attributes of one product; depends only on (seed, product_no). */
extern StkStatus stk_sample_product(uint32_t seed, int32_t product_no,
									StkSampleProduct *out);

/*
 * Holiday calendar between two days (inclusive), in day order.  *out is
 * allocated with a; *n receives the count.
 */
extern StkStatus stk_sample_holidays(int32_t first_day, int32_t last_day,
									 const StkAllocator *a,
									 StkSampleHoliday **out, int *n);

/* Day of the Islamic feasts nearest to a given day (mean lunar year). */
extern int32_t stk_sample_tabaski_near(int32_t day);
extern int32_t stk_sample_korite_near(int32_t day);

extern StkStatus stk_sample_world_create(uint32_t seed, int32_t start_day,
										 int n_days, int n_customers,
										 const StkAllocator *a,
										 StkSampleWorld **out);
extern void stk_sample_world_free(StkSampleWorld *w);

/*
 * Simulate one product over the world's window.  Events are in day order
 * (within a day: opening, receipts, sales, returns, stockout, orders,
 * closing); *events and the working arrays are allocated with a, and
 * *events is freed by the caller.  demand, if not NULL, receives the uncensored daily demand
 * (n_days values, 0 on closed days and before launch), for tests.
 */
extern StkStatus stk_sample_simulate(const StkSampleWorld *w, int32_t product_no,
									 const StkAllocator *a,
									 StkSampleEvent **events, int *n_events,
									 double *demand);

#endif							/* STK_SAMPLE_DATA_H */
