/*
 * ets_speed.c
 *	  Speed benchmark of the ETS engine: stk_ets_auto() + stk_ets_forecast().
 *
 * Build and run from the repository root:
 *
 *   cc -O2 -Isrc/core test/bench/ets_speed.c src/core/[a-z]*.c \
 *      $(pkg-config --libs gsl) -lhpdf -lm -o /tmp/ets_speed
 *   /tmp/ets_speed [--data DIR] [--max-series N] [--daily N] [--reps R]
 *                  [--dump FILE] [--write-daily FILE] [--only SET] [--auto]
 *
 * Sets timed (mean, median and max wall-clock ms per series, fit + forecast,
 * and the mean thread CPU ms, which other jobs on the machine disturb less):
 *   m1       MONTHLY rows of DIR/m1/meta.csv (frequency 12), DIR/m1/train.csv,
 *            forecast over the official horizon (18)
 *   tourism  MONTHLY rows of DIR/tourism/meta.csv, horizon 24
 *   daily    N (default 100) synthetic 730-day series with a weekly pattern
 *            (m = 7, seeded, reproducible), horizon 28
 * DIR defaults to /work/shared/data.  --max-series N keeps the first N series
 * of each monthly set in meta.csv order (what ets_speed.R times) and the
 * first N daily series.  --reps R repeats every fit R times (best time kept).
 * --dump FILE writes set,series_id,n,model,aicc,ms per series, to compare
 * the chosen models and their AICc between versions (or with R: ets_speed.R
 * writes the same columns).  --write-daily FILE writes the synthetic series
 * as series_id,t,value (%.17g) for ets_speed.R.  --only SET times one set
 * (m1, tourism or daily).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "ets.h"
#include "forecast_run.h"

#include "bench_data.h"

typedef struct Set
{
	const char *name;
	Series	   *s;
	int			count;
} Set;


/* A 32-bit LCG (exact in doubles, so R could reproduce it). */
static double
Unif(uint32_t *st)
{
	*st = 1664525u * *st + 1013904223u;
	return (*st + 0.5) / 4294967296.0;
}

static double
Gauss(uint32_t *st)
{
	double		s = 0;

	for (int k = 0; k < 12; k++)
		s += Unif(st);
	return s - 6;
}

/*
 * Daily series: random-walk level with drift, a weekly profile that scales
 * with the level (for half of them) or adds to it, Gaussian-like noise.
 */
static int
MakeDaily(int count, Series **out)
{
	Series	   *s = calloc(count, sizeof(Series));

	for (int i = 0; i < count; i++)
	{
		uint32_t	st = 12345u + 1000u * (uint32_t) i;
		double		base = 20 + 480 * Unif(&st);
		double		drift = (Unif(&st) - 0.4) * base * 0.002;
		double		amp = 0.05 + 0.35 * Unif(&st);
		double		sd = base * (0.03 + 0.12 * Unif(&st));
		double		rw = base * 0.01 * Unif(&st);
		bool		mult = Unif(&st) < 0.5;
		double		w[7];
		double		level = base;

		for (int k = 0; k < 7; k++)
			w[k] = amp * (2 * Unif(&st) - 1);
		snprintf(s[i].id, sizeof(s[i].id), "D%03d", i + 1);
		s[i].n = 730;
		s[i].m = 7;
		s[i].h = 28;
		s[i].y = malloc(sizeof(double) * 730);
		for (int t = 0; t < 730; t++)
		{
			double		v;

			level += drift + rw * Gauss(&st);
			if (level < 0.2 * base)
				level = 0.2 * base;
			v = mult ? level * (1 + w[t % 7]) : level + base * w[t % 7];
			v += sd * Gauss(&st);
			s[i].y[t] = v < 0.5 ? 0.5 : v;
		}
	}
	*out = s;
	return count;
}

static double
Now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* CPU time of this thread: what a fit costs when other jobs share the cores */
static double
Cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int
CmpDouble(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* --auto: time stk_forecast_run(method auto) instead of ETS alone. */
static bool time_auto = false;

static void
RunSet(const Set *set, int reps, FILE *dump)
{
	double	   *ms = malloc(sizeof(double) * (set->count ? set->count : 1));
	double		total = 0,
				cputotal = 0;
	int			fails = 0;

	for (int i = 0; i < set->count; i++)
	{
		const Series *s = &set->s[i];
		double		best = INFINITY,
					bestcpu = INFINITY;
		StkEtsModel mod;

		for (int r = 0; r < reps; r++)
		{
			StkForecast fc;
			double		t0 = Now(),
						c0 = Cpu(),
						t1,
						c1;
			StkStatus	st;

			if (time_auto)
			{
				/* the whole 'auto' method of stk_forecast(), quantiles included */
				static const double levels[3] = {0.1, 0.5, 0.9};
				StkForecastRequest req = {s->y, s->n, s->m, STK_METHOD_AUTO,
				s->h, levels, 3, 1};
				StkForecastResult res;

				snprintf(mod.name, sizeof(mod.name), "auto");
				mod.aicc = NAN;
				st = stk_forecast_run(&req, &stk_malloc_allocator, &res);
				t1 = Now();
				c1 = Cpu();
				if (st == STK_OK)
				{
					snprintf(mod.name, sizeof(mod.name), "%.39s", res.model);
					stk_forecast_result_free(&res, &stk_malloc_allocator);
				}
				else if (r == 0)
					fails++;
			}
			else
			{
				st = stk_ets_auto(s->y, s->n, s->m, &stk_malloc_allocator, &mod);
				if (st == STK_OK)
					st = stk_ets_forecast(&mod, s->h, 0, 1, &stk_malloc_allocator, &fc);
				t1 = Now();
				c1 = Cpu();
				if (st == STK_OK)
					stk_forecast_free(&fc, &stk_malloc_allocator);
				else if (r == 0)
					fails++;
			}
			if (t1 - t0 < best)
				best = t1 - t0;
			if (c1 - c0 < bestcpu)
				bestcpu = c1 - c0;
		}
		ms[i] = 1e3 * best;
		total += ms[i];
		cputotal += 1e3 * bestcpu;
		if (dump)
			fprintf(dump, "%s,%s,%d,\"%s\",%.6f,%.4f\n", set->name, s->id, s->n,
					mod.name, mod.aicc, ms[i]);
	}
	qsort(ms, set->count, sizeof(double), CmpDouble);
	printf("%-8s %5d series  mean %8.3f ms  median %8.3f ms  max %8.3f ms  (cpu mean %8.3f ms)%s\n",
		   set->name, set->count, set->count ? total / set->count : 0,
		   set->count ? ms[set->count / 2] : 0, set->count ? ms[set->count - 1] : 0,
		   set->count ? cputotal / set->count : 0,
		   fails ? "  (some fits failed)" : "");
	free(ms);
}

int
main(int argc, char **argv)
{
	const char *dir = "/work/shared/data";
	const char *dumpf = NULL,
			   *dailyf = NULL,
			   *only = NULL;
	int			maxs = 0,
				ndaily = 100,
				reps = 1;
	Set			sets[3];
	FILE	   *dump = NULL;

	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--max-series") == 0 && i + 1 < argc)
			maxs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--daily") == 0 && i + 1 < argc)
			ndaily = atoi(argv[++i]);
		else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
			dumpf = argv[++i];
		else if (strcmp(argv[i], "--write-daily") == 0 && i + 1 < argc)
			dailyf = argv[++i];
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--auto") == 0)
			time_auto = true;
		else
		{
			fprintf(stderr, "usage: %s [--data DIR] [--max-series N] [--daily N] [--reps R] "
					"[--dump FILE] [--write-daily FILE] [--only SET] [--auto]\n", argv[0]);
			return 2;
		}
	}
	if (reps < 1)
		reps = 1;
	if (maxs > 0 && maxs < ndaily)
		ndaily = maxs;
	gsl_set_error_handler_off();

	sets[0].name = "m1";
	sets[0].count = LoadSeries(dir, "m1", "MONTHLY", maxs, &sets[0].s);
	sets[1].name = "tourism";
	sets[1].count = LoadSeries(dir, "tourism", "MONTHLY", maxs, &sets[1].s);
	sets[2].name = "daily";
	sets[2].count = MakeDaily(ndaily, &sets[2].s);

	if (dailyf)
	{
		FILE	   *fp = fopen(dailyf, "w");

		if (fp == NULL)
		{
			perror(dailyf);
			return 1;
		}
		fprintf(fp, "series_id,t,value\n");
		for (int i = 0; i < sets[2].count; i++)
			for (int t = 0; t < sets[2].s[i].n; t++)
				fprintf(fp, "%s,%d,%.17g\n", sets[2].s[i].id, t + 1, sets[2].s[i].y[t]);
		fclose(fp);
	}
	if (dumpf)
	{
		if ((dump = fopen(dumpf, "w")) == NULL)
		{
			perror(dumpf);
			return 1;
		}
		fprintf(dump, "set,series_id,n,model,aicc,ms\n");
	}
	for (int k = 0; k < 3; k++)
		if (only == NULL || strcmp(only, sets[k].name) == 0)
			RunSet(&sets[k], reps, dump);
	if (dump)
		fclose(dump);
	return 0;
}
