/*
 * test_sample_data.c
 *	  Unit tests of the sample-data simulator (src/core/sample_data.c).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "calendar.h"
#include "sample_data.h"

#define N_PRODUCTS 150
#define N_DAYS 730

/* Field-wise comparison (the structs have padding). */
static bool
same_events(const StkSampleEvent *a, int na, const StkSampleEvent *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i].day != b[i].day || a[i].kind != b[i].kind ||
			a[i].quantity != b[i].quantity || a[i].ref != b[i].ref ||
			a[i].minute != b[i].minute)
			return false;
	return true;
}

/* Simulate one product; aborts the test run on failure. */
static StkSampleEvent *
simulate(const StkSampleWorld *w, int p, int *n, double *demand)
{
	StkSampleEvent *ev = NULL;
	StkStatus	st = stk_sample_simulate(w, p, &stk_malloc_allocator, &ev, n, demand);

	if (st != STK_OK)
	{
		printf("Bail out! stk_sample_simulate(%d): %s\n", p, stk_status_message(st));
		exit(1);
	}
	return ev;
}

int
main(void)
{
	const StkAllocator *a = &stk_malloc_allocator;
	int32_t		start = stk_day_from_civil(2024, 7, 1);
	StkSampleWorld *w1 = NULL,
			   *w2 = NULL,
			   *w3 = NULL;
	bool		same = true,
				other_seed_differs = false,
				nonneg = true,
				never_oversold = true,
				closing_matches = true,
				orders_received_later = true,
				minutes_ok = true;
	int			slow_products = 0,
				slow_mostly_zero = 0,
				stockout_days = 0,
				open_product_days = 0,
				sale_rows = 0,
				customer_rows = 0;
	double		tabaski_peak = 0.0,
				tabaski_base = 0.0;
	int32_t		tabaski = stk_sample_tabaski_near(stk_day_from_civil(2025, 6, 1));
	StkSampleHoliday *hol;
	int			n_hol;
	StkSampleProduct prod,
				prod2;

	tap_ok(stk_sample_world_create(42, start, N_DAYS, 300, a, &w1) == STK_OK,
		   "world created");
	tap_ok(stk_sample_world_create(42, start, N_DAYS, 300, a, &w2) == STK_OK,
		   "second world with the same seed created");
	tap_ok(stk_sample_world_create(43, start, N_DAYS, 300, a, &w3) == STK_OK,
		   "world with another seed created");
	{
		StkSampleWorld *bad = NULL;

		tap_ok(stk_sample_world_create(42, start, 0, 300, a, &bad) == STK_EINVAL &&
			   stk_sample_world_create(42, start, STK_SAMPLE_MAX_DAYS + 1, 0, a, &bad) == STK_EINVAL &&
			   stk_sample_world_create(42, start, 10, -1, a, &bad) == STK_EINVAL && bad == NULL,
			   "out-of-range day and customer counts are refused");
	}

	/* The feasts fall where the anchors say. */
	tap_ok(tabaski == stk_day_from_civil(2025, 6, 5) || tabaski == stk_day_from_civil(2025, 6, 6),
		   "Tabaski 2025 is one lunar year after Tabaski 2024");
	tap_ok(stk_sample_korite_near(stk_day_from_civil(2024, 4, 1)) == stk_day_from_civil(2024, 4, 10),
		   "Korite 2024 is the anchor");
	tap_ok(stk_sample_holidays(start, start + N_DAYS - 1, a, &hol, &n_hol) == STK_OK,
		   "holiday calendar computed");
	tap_ok(n_hol > 20, "holiday calendar over two years has %d days", n_hol);
	{
		int			closed = 0;

		for (int h = 0; h < n_hol; h++)
			closed += hol[h].closed;
		tap_ok(closed == 8, "8 closed days in two years (Korite, Tabaski x2, New Year)");
		free(hol);
	}

	tap_ok(stk_sample_product(42, 0, &prod) == STK_EINVAL &&
		   stk_sample_product(42, STK_SAMPLE_MAX_PRODUCTS + 1, &prod) == STK_EINVAL,
		   "product numbers out of range are refused");
	stk_sample_product(42, 77, &prod);
	stk_sample_product(42, 77, &prod2);
	tap_ok(memcmp(&prod, &prod2, sizeof(prod)) == 0 && prod.unit_price > prod.unit_cost &&
		   prod.unit_cost > 0 && prod.pack_size >= 1 && prod.moq >= prod.pack_size,
		   "product attributes are reproducible and sensible (%s, %.0f XOF)",
		   prod.name, prod.unit_price);
	stk_sample_product(42, 10000, &prod);
	tap_ok(strlen(prod.name) > 0 && strstr(prod.sku, "10000") != NULL,
		   "product 10000 has a name (%s) and a SKU (%s)", prod.name, prod.sku);

	for (int p = 1; p <= N_PRODUCTS; p++)
	{
		int			n1,
					n2,
					n3;
		double		demand[N_DAYS];
		StkSampleEvent *e1 = simulate(w1, p, &n1, demand);
		StkSampleEvent *e2 = simulate(w2, p, &n2, NULL);
		StkSampleEvent *e3 = simulate(w3, p, &n3, NULL);
		double		on_hand = 0.0;
		int			zero_days = 0,
					active_days = 0;
		int			k = 0;

		stk_sample_product(42, p, &prod);
		if (!same_events(e1, n1, e2, n2))
			same = false;
		if (!same_events(e1, n1, e3, n3))
			other_seed_differs = true;

		/*
		 * Replay the stock: opening + receipts - sales + returns.  Events
		 * of a day come in order, so the stock before each sale is known.
		 */
		for (k = 0; k < n1; k++)
		{
			const StkSampleEvent *e = &e1[k];

			switch ((StkSampleKind) e->kind)
			{
				case STK_ACT_OPENING:
				case STK_ACT_RECEIPT:
					if (e->quantity < 0)
						nonneg = false;
					on_hand += e->quantity;
					break;
				case STK_ACT_SALE:
					if (e->quantity <= 0)
						nonneg = false;
					if (e->quantity > on_hand)
						never_oversold = false;
					if (e->minute < STK_SAMPLE_OPEN_MINUTE || e->minute >= STK_SAMPLE_CLOSE_MINUTE)
						minutes_ok = false;
					on_hand -= e->quantity;
					sale_rows++;
					customer_rows += e->ref > 0;
					break;
				case STK_ACT_RETURN:
					on_hand -= e->quantity;
					break;
				case STK_ACT_STOCKOUT:
					if (e->quantity < 0)
						nonneg = false;
					stockout_days++;
					break;
				case STK_ACT_ORDER:
					if (e->quantity <= 0 || fmod(e->quantity, prod.pack_size) != 0)
						nonneg = false;
					/* its receipt, if any, comes strictly later */
					for (int j = 0; j < n1; j++)
						if (e1[j].kind == STK_ACT_RECEIPT && e1[j].ref == e->ref &&
							e1[j].day <= e->day)
							orders_received_later = false;
					break;
				case STK_ACT_CLOSING:
					if (fabs(e->quantity - on_hand) > 1e-9)
						closing_matches = false;
					break;
			}
			if (on_hand < 0)
				nonneg = false;
		}
		for (int i = 0; i < N_DAYS; i++)
		{
			if (demand[i] < 0)
				nonneg = false;
			if (w1 && i >= N_DAYS - prod.age_days)
			{
				active_days++;
				zero_days += demand[i] == 0;
			}
			if ((prod.seasons & STK_SEAS_TABASKI) && prod.pattern == STK_PATTERN_FAST)
			{
				int32_t		day = start + i;

				if (day >= tabaski - 7 && day < tabaski)
					tabaski_peak += demand[i] / 7.0;
				else if (day >= tabaski - 67 && day < tabaski - 7)
					tabaski_base += demand[i] / 60.0;
			}
		}
		open_product_days += active_days;
		if ((prod.pattern == STK_PATTERN_SLOW || prod.pattern == STK_PATTERN_LUMPY) &&
			prod.mean_daily_demand < 0.3 && active_days > 100)
		{
			slow_products++;
			if (zero_days > active_days / 2)
				slow_mostly_zero++;
		}
		free(e1);
		free(e2);
		free(e3);
	}

	tap_ok(same, "same seed gives identical events");
	tap_ok(other_seed_differs, "another seed gives other events");
	tap_ok(nonneg, "quantities, demand and stock are never negative; orders are whole packs");
	tap_ok(never_oversold, "sales never exceed the stock on hand");
	tap_ok(closing_matches, "closing stock = opening + receipts - sales + returns");
	tap_ok(orders_received_later, "receipts come after their orders");
	tap_ok(minutes_ok, "sales happen within opening hours");
	tap_ok(slow_products > 10 && slow_mostly_zero == slow_products,
		   "intermittent products (under 0.3 a day) have zero demand on most days (%d of %d)",
		   slow_mostly_zero, slow_products);
	tap_ok(stockout_days > 0 && stockout_days < open_product_days / 10,
		   "stock-outs happen, but rarely (%d of %d product-days, %.1f%%)",
		   stockout_days, open_product_days, 100.0 * stockout_days / open_product_days);
	tap_is_double((double) customer_rows / sale_rows, 0.30, 0.05,
				  "about 30%% of sales have a customer (%d of %d)", customer_rows, sale_rows);
	tap_ok(tabaski_peak > 1.5 * tabaski_base,
		   "Tabaski items sell more in the week before the feast (%.1f vs %.1f per day)",
		   tabaski_peak, tabaski_base);

	/* A product's history does not depend on the other products. */
	{
		int			n1,
					n2;
		StkSampleEvent *e1 = simulate(w1, 12345, &n1, NULL);
		StkSampleEvent *e2 = simulate(w2, 12345, &n2, NULL);

		tap_ok(same_events(e1, n1, e2, n2),
			   "product 12345 is reproducible on its own");
		free(e1);
		free(e2);
	}

	stk_sample_world_free(w1);
	stk_sample_world_free(w2);
	stk_sample_world_free(w3);
	return tap_done();
}
