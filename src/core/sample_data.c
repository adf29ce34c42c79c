/*-------------------------------------------------------------------------
 *
 * sample_data.c
 *	  Deterministic simulator of a Senegalese shop, for demos, tests and
 *	  benchmarks: catalogue, suppliers, holiday calendar, daily demand,
 *	  periodic replenishment with random lead times, censored sales.
 *
 * Randomness.  Every draw comes from GSL's MT19937, re-seeded for each
 * independent stream from a SplitMix64 hash of (seed, stream, key):
 *	 stream 1, key product	product attributes
 *	 stream 2, key product	daily demand, customers, short deliveries
 *	 stream 3, key customer	visiting interval and phase of a customer
 *	 stream 4, key supplier and day	lead time of the orders placed that day
 * so a product's history does not depend on how many products are asked
 * for, and all lines ordered from a supplier on a day arrive together.
 *
 * Demand.  The daily rate is base x trend x weekday x payday x promotion
 * x the product of its seasonal factors; the count is negative binomial
 * (fast and medium sellers), Poisson (slow sellers) or a Bernoulli
 * occurrence of a negative-binomial-sized order (lumpy).  Closed days have
 * no demand.
 *
 * Replenishment.  An (R, S) policy on the inventory position: on each of
 * its supplier's order days the shop orders up to S, where S is the
 * demand the buyer expects over the review period plus the mean lead
 * time, plus z standard deviations.  The buyer foresees only part of the
 * seasonal peaks (anticipation < 1), and lead times vary (gamma, with an
 * occasional port delay), so stock-outs arise on their own, mostly before
 * the feasts.  Sales are min(demand, stock on hand).
 *
 * Islamic feasts move by the mean lunar year (354.367 days) from anchors
 * observed in Senegal in 2024; the computed days can be a day off the
 * announced ones, which does not matter for sample data.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "calendar.h"
#include "sample_data.h"

#define LUNAR_YEAR 354.367

/* Anchors (DateADT days) of the lunar feasts, as observed in 2024. */
#define ANCHOR_RAMADAN		8836	/* 2024-03-11 */
#define ANCHOR_KORITE		8866	/* 2024-04-10 */
#define ANCHOR_TABASKI		8933	/* 2024-06-16 */
#define ANCHOR_TAMKHARIT	8963	/* 2024-07-16 */
#define ANCHOR_MAGAL		9001	/* 2024-08-23 */
#define ANCHOR_GAMOU		9024	/* 2024-09-15 */

/* Random streams (see the file header). */
enum
{
	STREAM_ATTRS = 1,
	STREAM_DEMAND = 2,
	STREAM_CUSTOMER = 3,
	STREAM_LEADTIME = 4,
	STREAM_SKIP = 5
};

/* Share of sale rows attributed to a known customer. */
#define CUSTOMER_SHARE 0.30

/*
 * Suppliers.  Names are invented; lead times reflect where the goods come
 * from (imports through the port of Dakar are slow and variable, market
 * gardeners of the Niayes deliver in a day or two).
 */
static const StkSampleSupplier suppliers[] = {
	{1, "Comptoir Import du Port", "Dakar", "+221 33 821 10 01", 10.0, 4.0, 7, 500000},
	{2, "Huilerie du Sine", "Kaolack", "+221 33 941 22 02", 6.0, 2.0, 7, 150000},
	{3, "Sucrerie du Fleuve", "Richard-Toll", "+221 33 963 30 03", 7.0, 3.0, 7, 200000},
	{4, "Maraîchers des Niayes", "Pikine", "+221 77 640 40 04", 2.0, 0.8, 2, 25000},
	{5, "Eaux et Boissons du Cap-Vert", "Rufisque", "+221 33 836 50 05", 3.0, 1.2, 3, 50000},
	{6, "Savonnerie de Rufisque", "Rufisque", "+221 33 836 60 06", 5.0, 2.0, 7, 75000},
	{7, "Papeterie Sandaga", "Dakar", "+221 33 822 70 07", 9.0, 5.0, 14, 100000},
	{8, "Torréfaction du Baol", "Touba", "+221 33 978 80 08", 4.0, 2.0, 7, 50000},
	{9, "Charbonniers du Sénégal Oriental", "Tambacounda", "+221 33 981 90 09", 8.0, 4.0, 7, 100000},
	{10, "Tissus du Marché HLM", "Dakar", "+221 77 510 10 10", 12.0, 6.0, 14, 200000},
	{11, "Grossiste de Colobane", "Dakar", "+221 33 823 11 11", 4.0, 2.0, 7, 50000},
	{12, "Biscuiterie de Thiès", "Thiès", "+221 33 951 12 12", 4.0, 1.5, 7, 50000},
	{13, "Laiterie du Ferlo", "Dahra", "+221 33 968 13 13", 3.0, 1.0, 3, 30000}
};

#define N_SUPPLIERS ((int) (sizeof(suppliers) / sizeof(suppliers[0])))

/* Short names of the season flags, in bit order. */
static const char *const season_names[STK_SEAS_COUNT] = {
	"tabaski", "korite", "ramadan", "school", "christmas", "magal", "hot"
};

/* Range of the peak amplitude of each season, in bit order. */
static const double amplitude_range[STK_SEAS_COUNT][2] = {
	{2.0, 6.0},					/* tabaski */
	{1.5, 4.0},					/* korite */
	{0.3, 1.0},					/* ramadan */
	{4.0, 10.0},				/* school */
	{3.0, 10.0},				/* christmas */
	{1.0, 3.0},					/* magal */
	{0.2, 0.6}					/* hot season */
};

#define TAB STK_SEAS_TABASKI
#define KOR STK_SEAS_KORITE
#define RAM STK_SEAS_RAMADAN
#define SCH STK_SEAS_SCHOOL
#define CHR STK_SEAS_CHRISTMAS
#define MAG STK_SEAS_MAGAL
#define HOT STK_SEAS_HOT

/* An item of the basic assortment; variants add a brand and a format. */
typedef struct BaseItem
{
	const char *name;
	const char *category;
	const char *code;			/* SKU prefix */
	double		price;			/* XOF */
	double		rate;			/* units per day of the basic variant */
	int			supplier_no;
	int			pack_size;
	int			moq_packs;
	unsigned	seasons;
	bool		lumpy;
} BaseItem;

static const BaseItem items[] = {
	{"Riz brisé parfumé 25kg", "Riz et céréales", "RIZ", 16500, 4, 1, 1, 2, TAB, false},
	{"Riz brisé 5kg", "Riz et céréales", "RIZ", 3750, 10, 1, 4, 2, 0, false},
	{"Riz brisé au kilo", "Riz et céréales", "RIZ", 650, 25, 1, 50, 1, 0, false},
	{"Huile végétale 1L", "Huiles et condiments", "HUI", 1300, 16, 2, 12, 2, TAB, false},
	{"Huile végétale 5L", "Huiles et condiments", "HUI", 6250, 4, 2, 4, 1, TAB, false},
	{"Huile d'arachide 1L", "Huiles et condiments", "HUI", 1500, 5, 2, 12, 1, TAB, false},
	{"Sucre en morceaux 1kg", "Sucre", "SUC", 750, 10, 3, 20, 1, KOR | RAM, false},
	{"Sucre en poudre 1kg", "Sucre", "SUC", 700, 14, 3, 20, 1, KOR | RAM, false},
	{"Sucre en poudre 50kg", "Sucre", "SUC", 32500, 0.3, 3, 1, 1, KOR | RAM, true},
	{"Lait en poudre 400g", "Produits laitiers", "LAI", 2300, 7, 1, 24, 1, RAM, false},
	{"Lait en poudre 2,5kg", "Produits laitiers", "LAI", 11500, 1.2, 1, 6, 1, RAM, false},
	{"Lait caillé 1L", "Produits laitiers", "LAI", 1000, 9, 13, 12, 1, KOR, false},
	{"Lait concentré sucré 397g", "Produits laitiers", "LAI", 650, 5, 1, 48, 1, RAM, false},
	{"Café Touba 250g", "Café et thé", "CAF", 1000, 10, 8, 20, 1, MAG, false},
	{"Café Touba 500g", "Café et thé", "CAF", 1900, 3, 8, 10, 1, MAG, false},
	{"Thé vert de Chine 25g", "Café et thé", "CAF", 250, 28, 8, 100, 1, 0, false},
	{"Thé vert de Chine 500g", "Café et thé", "CAF", 4000, 0.8, 8, 10, 1, MAG, false},
	{"Bouillon cube (paquet de 10)", "Épicerie", "EPI", 250, 20, 11, 50, 1, TAB, false},
	{"Bouillon cube (boîte de 60)", "Épicerie", "EPI", 1500, 2, 11, 12, 1, TAB, false},
	{"Concentré de tomate 70g", "Épicerie", "EPI", 150, 22, 11, 100, 1, TAB, false},
	{"Concentré de tomate 400g", "Épicerie", "EPI", 750, 5, 11, 24, 1, TAB, false},
	{"Oignons 1kg", "Légumes", "LEG", 600, 18, 4, 25, 1, TAB, false},
	{"Oignons sac 25kg", "Légumes", "LEG", 12000, 0.8, 4, 1, 1, TAB, true},
	{"Pommes de terre 1kg", "Légumes", "LEG", 500, 8, 4, 25, 1, TAB, false},
	{"Ail 100g", "Légumes", "LEG", 300, 4, 4, 20, 1, TAB, false},
	{"Poivre noir 50g", "Épicerie", "EPI", 350, 3, 11, 24, 1, TAB, false},
	{"Piment moulu 50g", "Épicerie", "EPI", 300, 3, 11, 24, 1, TAB, false},
	{"Moutarde 370g", "Épicerie", "EPI", 900, 2, 11, 12, 1, TAB, false},
	{"Vinaigre 1L", "Épicerie", "EPI", 600, 2, 11, 12, 1, TAB, false},
	{"Sel iodé 1kg", "Épicerie", "EPI", 200, 5, 11, 25, 1, TAB, false},
	{"Mayonnaise 470g", "Épicerie", "EPI", 1300, 2, 11, 12, 1, TAB, false},
	{"Charbon de bois 3kg", "Énergie", "ENE", 750, 6, 9, 20, 1, TAB, false},
	{"Charbon de bois sac 25kg", "Énergie", "ENE", 5000, 1, 9, 1, 5, TAB, true},
	{"Recharge gaz butane 6kg", "Énergie", "ENE", 3000, 4, 9, 1, 10, TAB, false},
	{"Savon de Marseille 400g", "Hygiène et entretien", "HYG", 500, 9, 6, 48, 1, 0, false},
	{"Savon de toilette 125g", "Hygiène et entretien", "HYG", 350, 6, 6, 72, 1, 0, false},
	{"Détergent en poudre 1kg", "Hygiène et entretien", "HYG", 1100, 5, 6, 12, 1, 0, false},
	{"Eau de javel 1L", "Hygiène et entretien", "HYG", 500, 4, 6, 12, 1, 0, false},
	{"Papier hygiénique (lot de 4)", "Hygiène et entretien", "HYG", 1000, 3, 6, 12, 1, 0, false},
	{"Dentifrice 75ml", "Hygiène et entretien", "HYG", 600, 3, 6, 24, 1, 0, false},
	{"Eau minérale 1,5L", "Boissons", "BOI", 300, 30, 5, 6, 10, HOT, false},
	{"Eau minérale 10L", "Boissons", "BOI", 1000, 5, 5, 1, 10, HOT, false},
	{"Boisson gazeuse 33cl", "Boissons", "BOI", 400, 15, 5, 24, 1, KOR | HOT, false},
	{"Boisson gazeuse 1,5L", "Boissons", "BOI", 1000, 6, 5, 6, 2, KOR | TAB, false},
	{"Jus de bissap 1L", "Boissons", "BOI", 750, 5, 11, 12, 1, KOR | RAM | HOT, false},
	{"Fleurs de bissap 250g", "Épicerie", "EPI", 500, 3, 11, 20, 1, KOR | RAM, false},
	{"Jus de gingembre 1L", "Boissons", "BOI", 1000, 2, 11, 12, 1, KOR | RAM, false},
	{"Dattes 500g", "Épicerie", "EPI", 1500, 2, 1, 20, 1, RAM | KOR, false},
	{"Farine de blé 1kg", "Riz et céréales", "RIZ", 600, 5, 1, 25, 1, KOR, false},
	{"Spaghetti 500g", "Riz et céréales", "RIZ", 400, 12, 1, 20, 1, 0, false},
	{"Couscous de mil 1kg", "Riz et céréales", "RIZ", 900, 3, 11, 10, 1, 0, false},
	{"Sardines à l'huile 125g", "Épicerie", "EPI", 450, 5, 1, 50, 1, 0, false},
	{"Arachides décortiquées 1kg", "Épicerie", "EPI", 1200, 2, 11, 10, 1, 0, false},
	{"Biscuits (paquet)", "Biscuits et confiserie", "BIS", 100, 25, 12, 48, 1, 0, false},
	{"Bonbons (sachet)", "Biscuits et confiserie", "BIS", 500, 3, 12, 24, 1, CHR, false},
	{"Chocolat en tablette 100g", "Biscuits et confiserie", "BIS", 1000, 1, 12, 12, 1, CHR, false},
	{"Cahier 100 pages", "Fournitures scolaires", "SCO", 250, 5, 7, 50, 1, SCH, false},
	{"Cahier 200 pages", "Fournitures scolaires", "SCO", 450, 2.5, 7, 25, 1, SCH, false},
	{"Stylo à bille bleu", "Fournitures scolaires", "SCO", 100, 7, 7, 50, 1, SCH, false},
	{"Crayon à papier", "Fournitures scolaires", "SCO", 75, 3, 7, 50, 1, SCH, false},
	{"Ardoise", "Fournitures scolaires", "SCO", 500, 0.8, 7, 10, 1, SCH, false},
	{"Cartable enfant", "Fournitures scolaires", "SCO", 7500, 0.2, 7, 1, 1, SCH, false},
	{"Règle 30cm", "Fournitures scolaires", "SCO", 200, 1.2, 7, 20, 1, SCH, false},
	{"Tissu wax 6 yards", "Textile", "TEX", 12000, 0.7, 10, 1, 1, KOR | TAB, false},
	{"Tissu bazin riche 5m", "Textile", "TEX", 25000, 0.2, 10, 1, 1, KOR | TAB, true},
	{"Encens thiouraye 100g", "Maison", "MAI", 500, 1, 11, 20, 1, KOR | TAB | MAG, false},
	{"Bougies (paquet de 6)", "Maison", "MAI", 300, 2, 11, 20, 1, 0, false},
	{"Allumettes (paquet de 10)", "Maison", "MAI", 250, 4, 11, 50, 1, 0, false},
	{"Piles AA (lot de 2)", "Maison", "MAI", 400, 1.5, 11, 24, 1, 0, false},
	{"Guirlande de Noël", "Fêtes", "FET", 2500, 0.05, 11, 10, 1, CHR, false},
	{"Sapin de Noël artificiel", "Fêtes", "FET", 15000, 0.02, 11, 1, 1, CHR, false},
	{"Petite voiture (jouet)", "Fêtes", "FET", 3000, 0.15, 11, 6, 1, CHR, false},
	{"Couches bébé (paquet de 30)", "Bébé", "BEB", 4500, 1.5, 1, 6, 1, 0, false},
	{"Ventilateur de table", "Maison", "MAI", 15000, 0.05, 11, 1, 1, HOT, false},
	{"Beurre de karité 250g", "Hygiène et entretien", "HYG", 1000, 0.5, 11, 12, 1, 0, false}
};

#define N_ITEMS ((int) (sizeof(items) / sizeof(items[0])))

/* Brands of the variants (invented, named after places of Senegal). */
static const char *const brands[] = {
	"Baobab", "Teranga", "Sahel", "Ndar", "Saloum", "Casamance", "Jolof",
	"Niayes", "Fouta", "Kayor", "Baol", "Sine", "Walo", "Lac Rose", "Gorée",
	"Dakar Or"
};

#define N_BRANDS ((int) (sizeof(brands) / sizeof(brands[0])))

/* Formats of the variants: name suffix, price and demand multipliers. */
static const struct
{
	const char *suffix;
	double		price_mult;
	double		demand_mult;
	bool		multipack;
}			formats[] = {
	{"", 1.0, 1.0, false},
	{" économique", 0.85, 1.1, false},
	{" premium", 1.35, 0.6, false},
	{" format familial", 1.8, 0.5, false},
	{" lot de 3", 2.85, 0.35, true},
	{" lot de 6", 5.5, 0.2, true},
	{" carton de 12", 10.5, 0.08, true},
	{" promo", 0.9, 0.9, false},
	{" bio", 1.5, 0.3, false},
	{" importé", 1.6, 0.3, false}
};

#define N_FORMATS ((int) (sizeof(formats) / sizeof(formats[0])))

/* Demand multipliers by ISO weekday (Monday first): Saturday is market day. */
static const double weekday_factor[7] = {0.92, 0.90, 0.95, 0.97, 1.02, 1.22, 1.02};

/* Intervals (days) between the visits of regular and occasional customers. */
static const int visit_intervals[] = {2, 3, 4, 7, 7, 7, 10, 14, 14, 21, 30, 45};

#define N_INTERVALS ((int) (sizeof(visit_intervals) / sizeof(visit_intervals[0])))

struct StkSampleWorld
{
	StkAllocator alloc;
	uint32_t	seed;
	int32_t		start_day;
	int			n_days;
	int			n_customers;
	uint8_t    *closed;			/* [n_days] shop closed */
	uint8_t    *promo;			/* [n_days] promotion day */
	float	   *shape[STK_SEAS_COUNT];	/* [n_days] seasonal shape, see below */
	double	   *base_factor;	/* [n_days] weekday x payday x promotion */
	double	   *weekday_sqrt;	/* [n_days] milder factor for slow sellers */
	int32_t    *arrival[N_SUPPLIERS];	/* [n_days] arrival index of an order
										 * placed at the end of that day, or
										 * -1 when no order is placed */
	int32_t    *visit_start;	/* [n_days + 1] offsets into visitors */
	int32_t    *visitors;		/* customer numbers visiting each day */
};

/* SplitMix64 finaliser: decorrelates neighbouring seeds. */
static inline uint64_t
mix64(uint64_t x)
{
	x += UINT64_C(0x9E3779B97F4A7C15);
	x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
	return x ^ (x >> 31);
}

/* Seed of one random stream; MT19937 takes 32 bits and maps 0 to a default. */
static unsigned long
stream_seed(uint32_t seed, int stream, int64_t key1, int64_t key2)
{
	uint64_t	h = mix64(((uint64_t) seed << 8) ^ (uint64_t) stream);

	h = mix64(h ^ (uint64_t) key1);
	h = mix64(h ^ ((uint64_t) key2 * UINT64_C(0x100000001B3)));
	h &= UINT64_C(0xFFFFFFFF);
	return (unsigned long) (h == 0 ? 1 : h);
}

static inline double
uniform(const gsl_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * gsl_rng_uniform(r);
}

static inline double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Shop prices: multiples of 5 XOF below 100, of 25 below 1000, else of 50. */
static double
round_price(double x)
{
	double		step = x < 100 ? 5 : (x < 1000 ? 25 : 50);
	double		p = floor(x / step + 0.5) * step;

	return p < step ? step : p;
}

/* Day of a lunar feast in lunar year k relative to its 2024 anchor. */
static inline int32_t
feast_day(int32_t anchor, int64_t k)
{
	return anchor + (int32_t) floor((double) k * LUNAR_YEAR + 0.5);
}

static int32_t
feast_near(int32_t anchor, int32_t day)
{
	return feast_day(anchor, (int64_t) floor((day - anchor) / LUNAR_YEAR + 0.5));
}

int32_t
stk_sample_tabaski_near(int32_t day)
{
	return feast_near(ANCHOR_TABASKI, day);
}

int32_t
stk_sample_korite_near(int32_t day)
{
	return feast_near(ANCHOR_KORITE, day);
}

/* School reopens on the first Monday of October (close to recent years). */
static int32_t
school_reopening(int year)
{
	int32_t		d = stk_day_from_civil(year, 10, 1);

	while (stk_day_of_week(d) != 1)
		d++;
	return d;
}

/* Last Friday of November. */
static int32_t
black_friday(int year)
{
	int32_t		d = stk_day_from_civil(year, 11, 30);

	while (stk_day_of_week(d) != 5)
		d--;
	return d;
}

const char *
stk_sample_kind_name(StkSampleKind kind)
{
	switch (kind)
	{
		case STK_ACT_OPENING:
			return "opening";
		case STK_ACT_SALE:
			return "sale";
		case STK_ACT_RETURN:
			return "return";
		case STK_ACT_STOCKOUT:
			return "stockout";
		case STK_ACT_ORDER:
			return "order";
		case STK_ACT_RECEIPT:
			return "receipt";
		case STK_ACT_CLOSING:
			return "closing";
	}
	return "unknown";
}

const char *
stk_sample_pattern_name(StkSamplePattern pattern)
{
	switch (pattern)
	{
		case STK_PATTERN_FAST:
			return "fast";
		case STK_PATTERN_MEDIUM:
			return "medium";
		case STK_PATTERN_SLOW:
			return "slow";
		case STK_PATTERN_LUMPY:
			return "lumpy";
	}
	return "unknown";
}

/* Season flags as "tabaski+korite"; empty string for none. */
void
stk_sample_seasons_text(unsigned seasons, char *buf, size_t len)
{
	size_t		used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (int f = 0; f < STK_SEAS_COUNT; f++)
	{
		if (seasons & (1u << f))
		{
			int			w = snprintf(buf + used, len - used, "%s%s",
									 used > 0 ? "+" : "", season_names[f]);

			if (w < 0 || (size_t) w >= len - used)
				break;
			used += (size_t) w;
		}
	}
}

int
stk_sample_supplier_count(void)
{
	return N_SUPPLIERS;
}

const StkSampleSupplier *
stk_sample_supplier(int supplier_no)
{
	if (supplier_no < 1 || supplier_no > N_SUPPLIERS)
		return NULL;
	return &suppliers[supplier_no - 1];
}

/*
 * Draw the attributes of a product from its own stream.  Product p is
 * variant (p - 1) / N_ITEMS of item (p - 1) % N_ITEMS, so the first
 * N_ITEMS products are the basic assortment and further products add
 * brands, then formats, to it.
 */
static void
draw_product(gsl_rng *r, uint32_t seed, int32_t product_no, StkSampleProduct *p)
{
	const BaseItem *it = &items[(product_no - 1) % N_ITEMS];
	int			variant = (product_no - 1) / N_ITEMS;
	int			fmt = 0;
	double		rate;
	double		margin;
	int			pack;

	gsl_rng_set(r, stream_seed(seed, STREAM_ATTRS, product_no, 0));
	memset(p, 0, sizeof(*p));
	p->product_no = product_no;
	p->category = it->category;
	p->supplier_no = it->supplier_no;
	p->seasons = it->seasons;
	snprintf(p->sku, sizeof(p->sku), "%s-%06d", it->code, (int) product_no);

	if (variant == 0)
		snprintf(p->name, sizeof(p->name), "%s", it->name);
	else
	{
		int			idx = variant - 1;
		int			generation = idx / (N_BRANDS * N_FORMATS);

		fmt = (idx / N_BRANDS) % N_FORMATS;
		if (generation == 0)
			snprintf(p->name, sizeof(p->name), "%s %s%s", it->name,
					 brands[idx % N_BRANDS], formats[fmt].suffix);
		else
			snprintf(p->name, sizeof(p->name), "%s %s%s (gamme %d)", it->name,
					 brands[idx % N_BRANDS], formats[fmt].suffix, generation + 1);
	}

	/* Price and cost: the item's price, the format, a brand premium. */
	p->unit_price = round_price(it->price * formats[fmt].price_mult *
								exp(gsl_ran_gaussian(r, variant == 0 ? 0.05 : 0.15)));
	margin = uniform(r, 0.10, 0.30);
	p->unit_cost = round_price(p->unit_price * (1.0 - margin));
	if (p->unit_cost >= p->unit_price)
		p->unit_cost = p->unit_price - (p->unit_price < 100 ? 5 : 25);

	/*
	 * Demand: the basic variant sells about the item's rate, other brands
	 * and formats much less (median a third), which gives the long tail of
	 * slow and intermittent sellers that real shops have.
	 */
	if (variant == 0)
		rate = it->rate * exp(gsl_ran_gaussian(r, 0.25));
	else
		rate = it->rate * formats[fmt].demand_mult * exp(-1.0 + gsl_ran_gaussian(r, 0.9));
	p->mean_daily_demand = clamp(rate, 0.005, 200.0);

	/* About 5% of products were launched in the last 90 days. */
	if (gsl_rng_uniform(r) < 0.05)
		p->age_days = 5 + (int32_t) gsl_rng_uniform_int(r, 86);
	else
		p->age_days = 400 + (int32_t) floor(gsl_ran_exponential(r, 2500.0));

	if (it->lumpy || (p->mean_daily_demand < 2.0 && gsl_rng_uniform(r) < 0.07))
		p->pattern = STK_PATTERN_LUMPY;
	else if (p->mean_daily_demand >= 4.0)
		p->pattern = STK_PATTERN_FAST;
	else if (p->mean_daily_demand >= 0.8)
		p->pattern = STK_PATTERN_MEDIUM;
	else
		p->pattern = STK_PATTERN_SLOW;

	p->trend = clamp(0.03 + gsl_ran_gaussian(r, 0.15), -0.5, 0.6);
	p->dispersion = p->pattern == STK_PATTERN_FAST ? uniform(r, 4.0, 20.0) : uniform(r, 1.5, 8.0);
	p->lumpy_size = uniform(r, 4.0, 14.0);
	for (int f = 0; f < STK_SEAS_COUNT; f++)
		p->amplitude[f] = uniform(r, amplitude_range[f][0], amplitude_range[f][1]);
	p->anticipation = uniform(r, 0.5, 1.0);
	p->safety_z = uniform(r, 1.0, 2.3);

	/*
	 * Pack sizes: multipacks come by the unit; suppliers split cartons for
	 * items that would otherwise sit on the shelf for months.
	 */
	pack = formats[fmt].multipack ? 1 : it->pack_size;
	while (pack > 1 && pack > p->mean_daily_demand * 45.0)
		pack /= 2;
	p->pack_size = pack < 1 ? 1 : pack;
	p->moq = p->pack_size * it->moq_packs;
	if (p->mean_daily_demand * 30.0 < p->moq)
		p->moq = p->pack_size;
}

StkStatus
stk_sample_product(uint32_t seed, int32_t product_no, StkSampleProduct *out)
{
	gsl_rng    *r;

	if (product_no < 1 || product_no > STK_SAMPLE_MAX_PRODUCTS || out == NULL)
		return STK_EINVAL;
	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r == NULL)
		return STK_ENOMEM;
	draw_product(r, seed, product_no, out);
	gsl_rng_free(r);
	return STK_OK;
}

/* Append a holiday to a growing array. */
static StkStatus
add_holiday(const StkAllocator *a, StkSampleHoliday **arr, int *n, int *cap,
			int32_t day, const char *name, const char *kind, bool closed)
{
	if (*n >= *cap)
	{
		int			newcap = *cap < 16 ? 16 : *cap * 2;
		StkSampleHoliday *p = stk_realloc(a, *arr, sizeof(StkSampleHoliday) * (size_t) newcap);

		if (p == NULL)
			return STK_ENOMEM;
		*arr = p;
		*cap = newcap;
	}
	(*arr)[*n].day = day;
	(*arr)[*n].name = name;
	(*arr)[*n].kind = kind;
	(*arr)[*n].closed = closed;
	(*n)++;
	return STK_OK;
}

static int
holiday_cmp(const void *a, const void *b)
{
	const StkSampleHoliday *x = a;
	const StkSampleHoliday *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The shop's calendar: civil holidays, lunar feasts, school reopening and
 * promotions.  The shop closes on New Year's Day, Korite and the two days
 * of Tabaski.
 */
StkStatus
stk_sample_holidays(int32_t first_day, int32_t last_day, const StkAllocator *a,
					StkSampleHoliday **out, int *n)
{
	static const struct
	{
		int32_t		anchor;
		const char *name;
		bool		closed;
	}			lunar[] = {
		{ANCHOR_RAMADAN, "Début du Ramadan", false},
		{ANCHOR_KORITE, "Korité", true},
		{ANCHOR_TABASKI, "Tabaski", true},
		{ANCHOR_TAMKHARIT, "Tamkharit", false},
		{ANCHOR_MAGAL, "Grand Magal de Touba", false},
		{ANCHOR_GAMOU, "Gamou (Maouloud)", false}
	};
	static const struct
	{
		int			month;
		int			mday;
		const char *name;
		bool		closed;
	}			civil[] = {
		{1, 1, "Jour de l'an", true},
		{4, 4, "Fête de l'Indépendance", false},
		{5, 1, "Fête du Travail", false},
		{8, 15, "Assomption", false},
		{11, 1, "Toussaint", false},
		{12, 25, "Noël", false}
	};
	StkSampleHoliday *arr = NULL;
	int			cnt = 0;
	int			cap = 0;
	int			y0,
				y1,
				m,
				d;
	StkStatus	st;

	*out = NULL;
	*n = 0;
	if (first_day > last_day)
		return STK_OK;
	stk_civil_from_day(first_day, &y0, &m, &d);
	stk_civil_from_day(last_day, &y1, &m, &d);

	for (int y = y0; y <= y1; y++)
	{
		for (size_t i = 0; i < sizeof(civil) / sizeof(civil[0]); i++)
		{
			int32_t		day = stk_day_from_civil(y, civil[i].month, civil[i].mday);

			if (day >= first_day && day <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, day, civil[i].name,
								  "holiday", civil[i].closed)) != STK_OK)
				goto fail;
		}
		{
			int32_t		s = school_reopening(y);
			int32_t		bf = black_friday(y);

			if (s >= first_day && s <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, s, "Rentrée scolaire",
								  "school", false)) != STK_OK)
				goto fail;
			if (s - 2 >= first_day && s - 2 <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, s - 2, "Promotion de la rentrée",
								  "promotion", false)) != STK_OK)
				goto fail;
			if (bf >= first_day && bf <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, bf, "Black Friday",
								  "promotion", false)) != STK_OK)
				goto fail;
		}
	}

	for (size_t i = 0; i < sizeof(lunar) / sizeof(lunar[0]); i++)
	{
		int64_t		k0 = (int64_t) floor((first_day - lunar[i].anchor) / LUNAR_YEAR) - 1;
		int64_t		k1 = (int64_t) ceil((last_day - lunar[i].anchor) / LUNAR_YEAR) + 1;

		for (int64_t k = k0; k <= k1; k++)
		{
			int32_t		day = feast_day(lunar[i].anchor, k);

			if (day >= first_day && day <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, day, lunar[i].name,
								  "holiday", lunar[i].closed)) != STK_OK)
				goto fail;
			/* Tabaski is a two-day holiday; shops stay shut the next day. */
			if (lunar[i].anchor == ANCHOR_TABASKI &&
				day + 1 >= first_day && day + 1 <= last_day &&
				(st = add_holiday(a, &arr, &cnt, &cap, day + 1, "Lendemain de Tabaski",
								  "holiday", true)) != STK_OK)
				goto fail;
		}
	}

	if (cnt > 1)
		qsort(arr, (size_t) cnt, sizeof(StkSampleHoliday), holiday_cmp);
	*out = arr;
	*n = cnt;
	return STK_OK;

fail:
	stk_free(a, arr);
	return st;
}

/* Raise a seasonal shape to at least v at index i of the window. */
static inline void
shape_max(float *shape, int n, int64_t i, double v)
{
	if (i >= 0 && i < n && v > shape[i])
		shape[i] = (float) v;
}

/* Set a (negative) post-holiday dip, unless a peak is already there. */
static inline void
shape_dip(float *shape, int n, int64_t i, double v)
{
	if (i >= 0 && i < n && shape[i] == 0.0f)
		shape[i] = (float) v;
}

/*
 * Seasonal shapes over the window.  A positive value s becomes a demand
 * factor 1 + amplitude * s for the products with that season; a negative
 * value is a dip by |s| whatever the amplitude (after the feast people
 * live on what they bought).
 */
static void
build_shapes(StkSampleWorld *w)
{
	int32_t		s0 = w->start_day;
	int32_t		s1 = w->start_day + w->n_days - 1;
	int			n = w->n_days;
	int			y0,
				y1,
				m,
				d;
	int64_t		k0,
				k1;

	/* Lunar feasts: a margin of one lunar year covers the window's edges. */
	k0 = (int64_t) floor((s0 - ANCHOR_TABASKI) / LUNAR_YEAR) - 1;
	k1 = (int64_t) ceil((s1 - ANCHOR_TABASKI) / LUNAR_YEAR) + 1;
	for (int64_t k = k0; k <= k1; k++)
	{
		int64_t		t = feast_day(ANCHOR_TABASKI, k) - s0;
		int64_t		kor = feast_day(ANCHOR_KORITE, k) - s0;
		int64_t		ram = feast_day(ANCHOR_RAMADAN, k) - s0;
		int64_t		mag = feast_day(ANCHOR_MAGAL, k) - s0;

		/* The ten days before Tabaski, rising to the eve. */
		for (int j = 1; j <= 10; j++)
			shape_max(w->shape[0], n, t - j, pow((11 - j) / 10.0, 1.5));
		for (int j = 2; j <= 5; j++)
			shape_dip(w->shape[0], n, t + j, -0.35);

		/* The week before Korite. */
		for (int j = 1; j <= 7; j++)
			shape_max(w->shape[1], n, kor - j, pow((8 - j) / 7.0, 1.5));
		for (int j = 1; j <= 3; j++)
			shape_dip(w->shape[1], n, kor + j, -0.3);

		/* Ramadan: the whole month, and the days of shopping before it. */
		for (int64_t i = ram; i < kor; i++)
			shape_max(w->shape[2], n, i, 1.0);
		for (int j = 1; j <= 3; j++)
			shape_max(w->shape[2], n, ram - j, 0.5);

		/* The week before the Magal, when pilgrims buy for Touba. */
		for (int j = 1; j <= 7; j++)
			shape_max(w->shape[5], n, mag - j, pow((8 - j) / 7.0, 1.5));
		shape_max(w->shape[5], n, mag, 0.5);
	}

	stk_civil_from_day(s0, &y0, &m, &d);
	stk_civil_from_day(s1, &y1, &m, &d);
	for (int y = y0 - 1; y <= y1 + 1; y++)
	{
		int64_t		sch = school_reopening(y) - s0;
		int64_t		jan1 = stk_day_from_civil(y, 1, 1) - s0;
		int64_t		dec1 = stk_day_from_civil(y, 12, 1) - s0;
		int64_t		vac0 = stk_day_from_civil(y, 7, 15) - s0;
		int64_t		vac1 = stk_day_from_civil(y, 9, 10) - s0;

		/* School supplies: a bell around reopening, a trough in the holidays. */
		for (int64_t i = sch - 21; i <= sch + 14; i++)
		{
			double		z = (double) (i - (sch - 2)) / 7.0;

			shape_max(w->shape[3], n, i, exp(-z * z));
		}
		for (int64_t i = vac0; i <= vac1; i++)
			shape_dip(w->shape[3], n, i, -0.6);

		/* Christmas: December up to the 24th, a little at New Year. */
		for (int j = 0; j < 24; j++)
			shape_max(w->shape[4], n, dec1 + j, pow((j + 1) / 24.0, 2.0));
		shape_max(w->shape[4], n, dec1 + 30, 0.4);
		for (int j = 1; j <= 20; j++)
			shape_dip(w->shape[4], n, dec1 + 30 + j, -0.5);

		/* The hot season: a bump centred on mid-May. */
		for (int j = 60; j <= 210; j++)
		{
			double		z = (j - 135) / 40.0;

			shape_max(w->shape[6], n, jan1 + j, exp(-z * z));
		}
	}
}

void
stk_sample_world_free(StkSampleWorld *w)
{
	StkAllocator a;

	if (w == NULL)
		return;
	a = w->alloc;
	stk_free(&a, w->closed);
	stk_free(&a, w->promo);
	for (int f = 0; f < STK_SEAS_COUNT; f++)
		stk_free(&a, w->shape[f]);
	stk_free(&a, w->base_factor);
	stk_free(&a, w->weekday_sqrt);
	for (int s = 0; s < N_SUPPLIERS; s++)
		stk_free(&a, w->arrival[s]);
	stk_free(&a, w->visit_start);
	stk_free(&a, w->visitors);
	stk_free(&a, w);
}

/* Does customer c skip the visit due on a day?  A hash, so no stream state. */
static inline bool
visit_skipped(uint32_t seed, int c, int32_t day)
{
	return stream_seed(seed, STREAM_SKIP, c, day) % 100 < 15;
}

/* First window index i with (start_day + i - phase) divisible by interval. */
static inline int
first_visit(int32_t start_day, int phase, int interval)
{
	int64_t		rem = ((int64_t) phase - start_day) % interval;

	return (int) (rem < 0 ? rem + interval : rem);
}

/*
 * The state shared by every product of a call: closed days, seasonal
 * shapes, the lead times of each supplier's orders, and which customers
 * visit the shop on each day.
 */
StkStatus
stk_sample_world_create(uint32_t seed, int32_t start_day, int n_days,
						int n_customers, const StkAllocator *a,
						StkSampleWorld **out)
{
	StkSampleWorld *w;
	StkSampleHoliday *hol = NULL;
	int			n_hol = 0;
	gsl_rng    *r = NULL;
	int		   *interval = NULL;
	int		   *phase = NULL;
	size_t		total = 0;
	StkStatus	st = STK_ENOMEM;

	*out = NULL;
	if (n_days < 1 || n_days > STK_SAMPLE_MAX_DAYS ||
		n_customers < 0 || n_customers > STK_SAMPLE_MAX_CUSTOMERS)
		return STK_EINVAL;

	w = stk_alloc(a, sizeof(StkSampleWorld));
	if (w == NULL)
		return STK_ENOMEM;
	memset(w, 0, sizeof(*w));
	w->alloc = *a;
	w->seed = seed;
	w->start_day = start_day;
	w->n_days = n_days;
	w->n_customers = n_customers;

	w->closed = stk_alloc(a, (size_t) n_days);
	w->promo = stk_alloc(a, (size_t) n_days);
	w->base_factor = stk_alloc(a, sizeof(double) * (size_t) n_days);
	w->weekday_sqrt = stk_alloc(a, sizeof(double) * (size_t) n_days);
	w->visit_start = stk_alloc(a, sizeof(int32_t) * (size_t) (n_days + 1));
	if (!w->closed || !w->promo || !w->base_factor || !w->weekday_sqrt || !w->visit_start)
		goto fail;
	memset(w->closed, 0, (size_t) n_days);
	memset(w->promo, 0, (size_t) n_days);
	for (int f = 0; f < STK_SEAS_COUNT; f++)
	{
		w->shape[f] = stk_alloc(a, sizeof(float) * (size_t) n_days);
		if (w->shape[f] == NULL)
			goto fail;
		for (int i = 0; i < n_days; i++)
			w->shape[f][i] = 0.0f;
	}
	for (int s = 0; s < N_SUPPLIERS; s++)
	{
		w->arrival[s] = stk_alloc(a, sizeof(int32_t) * (size_t) n_days);
		if (w->arrival[s] == NULL)
			goto fail;
	}

	st = stk_sample_holidays(start_day, start_day + n_days - 1, a, &hol, &n_hol);
	if (st != STK_OK)
		goto fail;
	st = STK_ENOMEM;
	for (int h = 0; h < n_hol; h++)
	{
		int			i = hol[h].day - start_day;

		if (hol[h].closed)
			w->closed[i] = 1;
		if (strcmp(hol[h].kind, "promotion") == 0)
			w->promo[i] = 1;
	}
	stk_free(a, hol);
	build_shapes(w);

	/* Weekday, payday (end and start of the month) and promotion factors. */
	for (int i = 0; i < n_days; i++)
	{
		int32_t		day = start_day + i;
		int			y,
					m,
					d;
		double		wk = weekday_factor[stk_day_of_week(day) - 1];
		double		pay;

		stk_civil_from_day(day, &y, &m, &d);
		pay = (d >= 28 || d <= 3) ? 1.08 : ((d >= 15 && d <= 22) ? 0.95 : 1.0);
		w->base_factor[i] = wk * pay * (w->promo[i] ? 1.3 : 1.0);
		w->weekday_sqrt[i] = sqrt(wk) * pay * (w->promo[i] ? 1.15 : 1.0);
	}

	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r == NULL)
		goto fail;

	/*
	 * Lead times, per supplier and order day.  Gamma with the supplier's
	 * mean and standard deviation; one order in twenty is held up (port
	 * congestion, a broken-down truck) for another 3 to 10 days.  A
	 * delivery due on a closed day comes on the next open day.
	 */
	for (int s = 0; s < N_SUPPLIERS; s++)
	{
		const StkSampleSupplier *sup = &suppliers[s];
		double		shape = (sup->lead_time_mean / sup->lead_time_sd) *
			(sup->lead_time_mean / sup->lead_time_sd);
		double		scale = sup->lead_time_sd * sup->lead_time_sd / sup->lead_time_mean;
		int			offset = (sup->supplier_no * 3) % sup->review_days;

		for (int i = 0; i < n_days; i++)
		{
			int32_t		day = start_day + i;
			int64_t		rem = ((int64_t) day - offset) % sup->review_days;
			double		lt;
			int64_t		arr;

			w->arrival[s][i] = -1;
			if (rem < 0)
				rem += sup->review_days;
			if (rem != 0 || w->closed[i])
				continue;
			gsl_rng_set(r, stream_seed(seed, STREAM_LEADTIME, sup->supplier_no, day));
			lt = gsl_ran_gamma(r, shape, scale);
			if (gsl_rng_uniform(r) < 0.05)
				lt += 3 + (double) gsl_rng_uniform_int(r, 8);
			arr = i + (int64_t) (lt < 1.0 ? 1.0 : floor(lt + 0.5));
			while (arr < n_days && w->closed[arr])
				arr++;
			w->arrival[s][i] = (int32_t) (arr > INT32_MAX ? INT32_MAX : arr);
		}
	}

	/*
	 * Customers: each visits every interval days (from a few days for the
	 * regulars to weeks for occasional ones) from a phase of its own, and
	 * misses one visit in seven or so.  Two passes: count, then fill.
	 */
	if (n_customers > 0)
	{
		interval = stk_alloc(a, sizeof(int) * (size_t) n_customers);
		phase = stk_alloc(a, sizeof(int) * (size_t) n_customers);
		if (interval == NULL || phase == NULL)
			goto fail;
		for (int c = 0; c < n_customers; c++)
		{
			gsl_rng_set(r, stream_seed(seed, STREAM_CUSTOMER, c + 1, 0));
			interval[c] = visit_intervals[gsl_rng_uniform_int(r, N_INTERVALS)];
			phase[c] = (int) gsl_rng_uniform_int(r, (unsigned long) interval[c]);
		}
	}
	for (int i = 0; i <= n_days; i++)
		w->visit_start[i] = 0;
	for (int c = 0; c < n_customers; c++)
	{
		for (int i = first_visit(start_day, phase[c], interval[c]); i < n_days; i += interval[c])
		{
			if (!w->closed[i] && !visit_skipped(seed, c + 1, start_day + i))
			{
				w->visit_start[i + 1]++;
				total++;
			}
		}
	}
	for (int i = 0; i < n_days; i++)
		w->visit_start[i + 1] += w->visit_start[i];
	w->visitors = stk_alloc(a, sizeof(int32_t) * (total > 0 ? total : 1));
	if (w->visitors == NULL)
		goto fail;
	{
		int32_t    *fill = stk_alloc(a, sizeof(int32_t) * (size_t) n_days);

		if (fill == NULL)
			goto fail;
		memcpy(fill, w->visit_start, sizeof(int32_t) * (size_t) n_days);
		for (int c = 0; c < n_customers; c++)
		{
			for (int i = first_visit(start_day, phase[c], interval[c]); i < n_days; i += interval[c])
			{
				if (!w->closed[i] && !visit_skipped(seed, c + 1, start_day + i))
					w->visitors[fill[i]++] = c + 1;
			}
		}
		stk_free(a, fill);
	}
	stk_free(a, interval);
	stk_free(a, phase);
	gsl_rng_free(r);
	*out = w;
	return STK_OK;

fail:
	if (r != NULL)
		gsl_rng_free(r);
	stk_free(a, interval);
	stk_free(a, phase);
	stk_sample_world_free(w);
	return st;
}

/* Growing array of events. */
typedef struct EventBuf
{
	const StkAllocator *a;
	StkSampleEvent *ev;
	int			n;
	int			cap;
} EventBuf;

static bool
emit(EventBuf *b, int32_t day, StkSampleKind kind, double qty, int32_t ref,
	 int32_t minute)
{
	if (b->n >= b->cap)
	{
		int			newcap = b->cap < 64 ? 64 : b->cap * 2;
		StkSampleEvent *p = stk_realloc(b->a, b->ev, sizeof(StkSampleEvent) * (size_t) newcap);

		if (p == NULL)
			return false;
		b->ev = p;
		b->cap = newcap;
	}
	b->ev[b->n].day = day;
	b->ev[b->n].kind = (int8_t) kind;
	b->ev[b->n].quantity = qty;
	b->ev[b->n].ref = ref;
	b->ev[b->n].minute = minute;
	b->n++;
	return true;
}

/* A purchase order line not yet received. */
typedef struct Pending
{
	int32_t		arrival;		/* window index */
	int32_t		order_no;
	double		quantity;
} Pending;

/*
 * Minute of a sale within opening hours: the morning rush, a quiet
 * afternoon (heat, prayers) and the evening peak after work.
 */
static int32_t
sale_minute(gsl_rng *r)
{
	double		u = gsl_rng_uniform(r);
	double		m;

	if (u < 0.35)
		m = uniform(r, STK_SAMPLE_OPEN_MINUTE, 720);
	else if (u < 0.55)
		m = uniform(r, 720, 1020);
	else
		m = uniform(r, 1020, STK_SAMPLE_CLOSE_MINUTE);
	return (int32_t) m;
}

/* Product of the seasonal factors of a product on window day i. */
static double
season_factor(const StkSampleWorld *w, const StkSampleProduct *p, int i)
{
	double		f = 1.0;

	for (int s = 0; s < STK_SEAS_COUNT; s++)
	{
		if (p->seasons & (1u << s))
		{
			double		v = w->shape[s][i];

			f *= v >= 0 ? 1.0 + p->amplitude[s] * v : 1.0 + v;
		}
	}
	return f;
}

StkStatus
stk_sample_simulate(const StkSampleWorld *w, int32_t product_no,
					const StkAllocator *a, StkSampleEvent **events,
					int *n_events, double *demand)
{
	const StkSampleSupplier *sup;
	StkSampleProduct p;
	EventBuf	buf = {a, NULL, 0, 0};
	gsl_rng    *r;
	double	   *rate = NULL;	/* true daily rate */
	double	   *plan = NULL;	/* the rate the buyer plans for */
	Pending    *pend = NULL;
	int			n_pend = 0;
	int			n_orders = 0;
	int			n = w->n_days;
	int32_t		end_day = w->start_day + n - 1;
	int			first;
	int			horizon;
	double		on_hand = 0.0;
	StkStatus	st = STK_ENOMEM;

	*events = NULL;
	*n_events = 0;
	if (product_no < 1 || product_no > STK_SAMPLE_MAX_PRODUCTS)
		return STK_EINVAL;

	r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r == NULL)
		return STK_ENOMEM;
	draw_product(r, w->seed, product_no, &p);
	sup = &suppliers[p.supplier_no - 1];
	gsl_rng_set(r, stream_seed(w->seed, STREAM_DEMAND, product_no, 0));

	rate = stk_alloc(a, sizeof(double) * (size_t) n);
	plan = stk_alloc(a, sizeof(double) * (size_t) n);
	pend = stk_alloc(a, sizeof(Pending) * (size_t) n);
	if (rate == NULL || plan == NULL || pend == NULL)
		goto done;

	/* Before its launch a product has no demand and no stock. */
	{
		int64_t		launch = (int64_t) end_day - p.age_days;

		first = launch <= w->start_day ? 0 : (int) (launch - w->start_day);
	}

	for (int i = 0; i < n; i++)
	{
		double		trend = exp(p.trend * (double) (i - (n - 1)) / 365.0);
		double		base = p.mean_daily_demand * trend *
			(p.pattern == STK_PATTERN_FAST ? w->base_factor[i] : w->weekday_sqrt[i]);
		double		sf = season_factor(w, &p, i);

		rate[i] = (i < first || w->closed[i]) ? 0.0 : base * sf;
		plan[i] = (i < first || w->closed[i]) ? 0.0 :
			base * (1.0 + p.anticipation * (sf - 1.0));
		if (demand != NULL)
			demand[i] = 0.0;
	}

	/* Orders cover the review period plus the mean lead time. */
	horizon = sup->review_days + (int) ceil(sup->lead_time_mean);

	for (int i = first; i < n; i++)
	{
		int32_t		day = w->start_day + i;
		double		d = 0.0;
		double		before;
		double		sold;

		/* The stock the shop starts with: one cycle's worth, or so. */
		if (i == first)
		{
			double		e = 0.0;

			for (int j = i; j < i + horizon && j < n; j++)
				e += plan[j];
			on_hand = floor(e + p.safety_z * sqrt(e) + 0.5);
			if (first == 0)
				on_hand = floor(on_hand * uniform(r, 0.6, 1.1) + 0.5);
			if (on_hand < 1)
				on_hand = 1;
			if (!emit(&buf, day, STK_ACT_OPENING, on_hand, 0, -1))
				goto done;
		}

		/* Deliveries arrive before the shop opens. */
		for (int k = 0; k < n_pend;)
		{
			if (pend[k].arrival == i)
			{
				double		q = pend[k].quantity;

				/* One delivery in 25 is short, and the rest never comes. */
				if (gsl_rng_uniform(r) < 0.04)
					q = floor(q * uniform(r, 0.6, 0.95));
				if (q < 1)
					q = 1;
				on_hand += q;
				if (!emit(&buf, day, STK_ACT_RECEIPT, q, pend[k].order_no, -1))
					goto done;
				pend[k] = pend[--n_pend];
			}
			else
				k++;
		}
		if (w->closed[i])
			continue;

		/* Demand of the day. */
		if (rate[i] > 0.0)
		{
			switch (p.pattern)
			{
				case STK_PATTERN_FAST:
				case STK_PATTERN_MEDIUM:
					d = gsl_ran_negative_binomial(r, p.dispersion / (p.dispersion + rate[i]),
												  p.dispersion);
					break;
				case STK_PATTERN_SLOW:
					d = gsl_ran_poisson(r, rate[i]);
					break;
				case STK_PATTERN_LUMPY:
					if (gsl_rng_uniform(r) < clamp(rate[i] / p.lumpy_size, 0.0, 0.95))
						d = 1 + gsl_ran_negative_binomial(r, 1.5 / (1.5 + p.lumpy_size - 1.0), 1.5);
					break;
			}
		}
		if (demand != NULL)
			demand[i] = d;

		/* Sales are censored by the stock on hand. */
		before = on_hand;
		sold = d < on_hand ? d : on_hand;
		on_hand -= sold;
		if (sold > 0)
		{
			int32_t		cust = 0;

			if (gsl_rng_uniform(r) < CUSTOMER_SHARE)
			{
				int32_t		lo = w->visit_start[i];
				int32_t		cnt = w->visit_start[i + 1] - lo;

				if (cnt > 0)
					cust = w->visitors[lo + (int32_t) gsl_rng_uniform_int(r, (unsigned long) cnt)];
			}
			if (!emit(&buf, day, STK_ACT_SALE, sold, cust, sale_minute(r)))
				goto done;

			/* Now and then a customer brings one back; it goes back on sale. */
			if (gsl_rng_uniform(r) < clamp(0.003 * sold, 0.0, 0.05))
			{
				on_hand += 1;
				if (!emit(&buf, day, STK_ACT_RETURN, -1.0, 0, sale_minute(r)))
					goto done;
			}
		}
		if (before <= 0.0 || d > before)
		{
			if (!emit(&buf, day, STK_ACT_STOCKOUT, d - sold, 0, -1))
				goto done;
		}

		/* The supplier's order day: order up to S on the inventory position. */
		if (w->arrival[p.supplier_no - 1][i] >= 0)
		{
			double		e = 0.0,
						v = 0.0,
						position = on_hand,
						target,
						q;

			for (int j = i + 1; j <= i + horizon && j < n; j++)
			{
				e += plan[j];
				if (p.pattern == STK_PATTERN_LUMPY)
					v += plan[j] * p.lumpy_size * 2.0;
				else if (p.pattern == STK_PATTERN_SLOW)
					v += plan[j];
				else
					v += plan[j] + plan[j] * plan[j] / p.dispersion;
			}
			if (i + horizon >= n)
			{
				/* Near the window's end, plan with today's rate. */
				for (int j = n; j <= i + horizon; j++)
				{
					e += plan[i];
					v += plan[i];
				}
			}
			/* Lead-time uncertainty, with the average daily demand. */
			v += (e / horizon) * (e / horizon) * sup->lead_time_sd * sup->lead_time_sd;
			target = ceil(e + p.safety_z * sqrt(v));

			/*
			 * The normal approximation is poor for slow sellers: keep one
			 * more unit, and for lumpy items enough for a typical order.
			 */
			if (p.pattern == STK_PATTERN_SLOW)
				target += 1;
			else if (p.pattern == STK_PATTERN_LUMPY && target < ceil(1.5 * p.lumpy_size))
				target = ceil(1.5 * p.lumpy_size);
			if (target < 1)
				target = 1;
			for (int k = 0; k < n_pend; k++)
				position += pend[k].quantity;
			if (position < target)
			{
				q = target - position;
				q = ceil(q / p.pack_size) * p.pack_size;
				if (q < p.moq)
					q = p.moq;
				n_orders++;
				pend[n_pend].arrival = w->arrival[p.supplier_no - 1][i];
				pend[n_pend].order_no = n_orders;
				pend[n_pend].quantity = q;
				n_pend++;
				if (!emit(&buf, day, STK_ACT_ORDER, q, n_orders, -1))
					goto done;
			}
		}
	}
	if (first < n && !emit(&buf, end_day, STK_ACT_CLOSING, on_hand, 0, -1))
		goto done;
	st = STK_OK;

done:
	gsl_rng_free(r);
	stk_free(a, rate);
	stk_free(a, plan);
	stk_free(a, pend);
	if (st != STK_OK)
	{
		stk_free(a, buf.ev);
		return st;
	}
	*events = buf.ev;
	*n_events = buf.n;
	return STK_OK;
}
