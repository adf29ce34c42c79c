/*-------------------------------------------------------------------------
 *
 * slow_dev.c
 *	  Slow sellers (issue 4): the development study behind 'auto's
 *	  intermittent route, and the speed of classification + Croston-family
 *	  forecasting per series.
 *
 *	  slow_dev study DIR [H]	DIR/m5_subset/{train,test}.csv of the
 *		development split (make_dev_split.py; never the official test):
 *		every variant of auto_slow.h on the series 'auto' routes to the
 *		intermittent path, scored by the scaled pinball loss at M5's nine
 *		levels (scale: in-sample MAE of the lag-1 naive) and the share of
 *		actuals at or below the quantile at 0.5, 0.9 and 0.95.
 *	  slow_dev speed DIR REPS	time, over every series of
 *		DIR/m5_subset/train.csv, REPS times, (1) stk_demand_classify + 'auto's
 *		intermittent route (SBA, 28 steps, integer quantiles at 11 levels)
 *		and (2) stk_demand_classify + the SBA point forecast alone (what R's
 *		croston returns); prints the mean microseconds per series.
 *
 * m5_quantiles.sh compiles it against src/core.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accuracy.h"
#include "auto_slow.h"

#define MAXS 400

typedef struct
{
	char		id[64];
	double	   *y;
	int			n,
				cap;
} Series;

static Series ser[MAXS];
static int	nser;

static Series *
Find(const char *id)
{
	for (int i = nser - 1; i >= 0; i--)
		if (strcmp(ser[i].id, id) == 0)
			return &ser[i];
	if (nser == MAXS)
	{
		fprintf(stderr, "too many series\n");
		exit(1);
	}
	snprintf(ser[nser].id, sizeof(ser[nser].id), "%s", id);
	return &ser[nser++];
}

/* Load "series_id",period_index,value,... rows (sorted by period) into s->y. */
static void
Load(const char *path, int test)
{
	FILE	   *f = fopen(path, "r");
	char		line[512];

	if (f == NULL)
	{
		perror(path);
		exit(1);
	}
	if (!fgets(line, sizeof(line), f))
		exit(1);
	while (fgets(line, sizeof(line), f))
	{
		char	   *id = strtok(line, ",");
		char	   *pi = strtok(NULL, ",");
		char	   *val = strtok(NULL, ",");
		Series	   *s;
		char		clean[64];
		int			k = 0;

		if (!id || !pi || !val)
			continue;
		for (const char *p = id; *p && k < 63; p++)
			if (*p != '"')
				clean[k++] = *p;
		clean[k] = '\0';
		s = Find(clean);
		(void) test;
		if (s->n == s->cap)
		{
			s->cap = s->cap ? 2 * s->cap : 2048;
			s->y = realloc(s->y, sizeof(double) * s->cap);
		}
		s->y[s->n++] = atof(val);
	}
	fclose(f);
}

static const double lv[12] = {0.005, 0.025, 0.165, 0.25, 0.5, 0.75, 0.835,
	0.9, 0.95, 0.975, 0.995, 0.1};
static const double m5lv[9] = {0.005, 0.025, 0.165, 0.25, 0.5, 0.75, 0.835,
0.975, 0.995};


static int
Study(const char *dir, int h)
{
	char		p[1024];
	Series		train[MAXS];
	int			ntrain;
	double		spl[STK_SLOW_NVARIANTS][11] = {{0}},
				below[STK_SLOW_NVARIANTS][11] = {{0}},
				mase[STK_SLOW_NVARIANTS] = {0};
	int			cnt = 0;
	const double levels[11] = {0.005, 0.025, 0.165, 0.25, 0.5, 0.75, 0.835,
	0.9, 0.95, 0.975, 0.995};

	snprintf(p, sizeof(p), "%s/m5_subset/train.csv", dir);
	Load(p, 0);
	memcpy(train, ser, sizeof(Series) * nser);
	ntrain = nser;
	nser = 0;
	snprintf(p, sizeof(p), "%s/m5_subset/test.csv", dir);
	Load(p, 1);
	for (int i = 0; i < ntrain; i++)
	{
		Series	   *te = NULL;
		double		s1,
					s2;
		StkForecastRequest req;

		for (int j = 0; j < nser; j++)
			if (strcmp(ser[j].id, train[i].id) == 0)
				te = &ser[j];
		if (te == NULL || te->n < h)
			continue;
		if (stk_auto_slow_route(train[i].y, train[i].n, NULL) != STK_SLOW_INTERMITTENT)
			continue;
		stk_accuracy_scale(train[i].y, train[i].n, 1, &s1, &s2);
		if (!(s1 > 0))
			continue;
		memset(&req, 0, sizeof(req));
		req.y = train[i].y;
		req.n = train[i].n;
		req.horizon = h;
		req.levels = levels;
		req.nlevels = 11;
		req.period = 7;
		cnt++;
		for (int v = 0; v < STK_SLOW_NVARIANTS; v++)
		{
			StkForecastResult res;

			memset(&res, 0, sizeof(res));
			res.point = calloc(h, sizeof(double));
			res.quantiles = calloc(h * 11, sizeof(double));
			res.p10_50_90 = calloc(h * 3, sizeof(double));
			if (stk_auto_slow_run(&req, 7, STK_SLOW_INTERMITTENT, NULL, v,
								  &stk_malloc_allocator, &res, NULL) != STK_OK)
			{
				fprintf(stderr, "%s: variant %d failed\n", train[i].id, v);
				return 1;
			}
			for (int k = 0; k < h; k++)
			{
				double		y = te->y[k];

				mase[v] += fabs(y - res.point[k]) / s1 / h;
				for (int j = 0; j < 11; j++)
				{
					double		q = res.quantiles[k * 11 + j];

					spl[v][j] += stk_pinball(y, q, levels[j]) / s1 / h;
					below[v][j] += (y <= q) / (double) h;
				}
			}
			free(res.point);
			free(res.quantiles);
			free(res.p10_50_90);
		}
	}
	printf("%d intermittent/lumpy series, horizon %d (development split)\n\n", cnt, h);
	printf("| variant | MASE | mean SPL (9 levels) | SPL 0.005 | 0.025 | 0.165 | 0.25 | 0.5 | 0.75 | 0.835 | 0.975 | 0.995 | below q0.5 | q0.9 | q0.95 |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (int v = 0; v < STK_SLOW_NVARIANTS; v++)
	{
		double		m = 0;
		int			idx9[9] = {0, 1, 2, 3, 4, 5, 6, 9, 10};

		for (int j = 0; j < 9; j++)
			m += spl[v][idx9[j]] / cnt / 9;
		printf("| %s | %.4f | %.4f |", stk_auto_slow_variant_name(v), mase[v] / cnt, m);
		for (int j = 0; j < 9; j++)
			printf(" %.4f |", spl[v][idx9[j]] / cnt);
		printf(" %.3f | %.3f | %.3f |\n", below[v][4] / cnt, below[v][7] / cnt,
			   below[v][8] / cnt);
	}
	(void) m5lv;
	return 0;
}

static int
Speed(const char *dir, int reps)
{
	char		p[1024];
	struct timespec t0,
				t1;
	double		sec;
	double		sink = 0;

	snprintf(p, sizeof(p), "%s/m5_subset/train.csv", dir);
	Load(p, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < reps; r++)
	{
		for (int i = 0; i < nser; i++)
		{
			StkForecastRequest req;
			StkForecastResult res;
			double		point[28],
						q[28 * 12],
						p3[28 * 3];
			StkDemandStats st;

			memset(&req, 0, sizeof(req));
			req.y = ser[i].y;
			req.n = ser[i].n;
			req.horizon = 28;
			req.levels = lv;
			req.nlevels = 11;	/* lv[0..10] are increasing */
			req.period = 7;
			memset(&res, 0, sizeof(res));
			res.point = point;
			res.quantiles = q;
			res.p10_50_90 = p3;
			memset(point, 0, sizeof(point));
			memset(q, 0, sizeof(q));
			memset(p3, 0, sizeof(p3));
			if (stk_demand_classify(req.y, req.n, &st) != STK_OK ||
				stk_auto_slow_run(&req, 7, STK_SLOW_INTERMITTENT, &st, -1,
								  &stk_malloc_allocator, &res, NULL) != STK_OK)
			{
				fprintf(stderr, "%s failed\n", ser[i].id);
				return 1;
			}
			sink += point[0] + st.adi;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
	printf("what,series,reps,seconds_total,us_per_series,checksum\n");
	printf("auto_slow,%d,%d,%.6f,%.3f,%.6g\n",
		   nser, reps, sec, 1e6 * sec / (nser * (double) reps), sink);

	/* the same work as R's croston point forecast: classify, SBA, 28 steps */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < reps; r++)
	{
		for (int i = 0; i < nser; i++)
		{
			StkIntermittentOptions opt;
			StkForecast fc;
			StkDemandStats st;

			stk_intermittent_options_default(&opt);
			opt.method = STK_IM_SBA;
			if (stk_demand_classify(ser[i].y, ser[i].n, &st) != STK_OK ||
				stk_intermittent_forecast(ser[i].y, ser[i].n, &opt, 28,
										  &stk_malloc_allocator, &fc, NULL) != STK_OK)
				return 1;
			sink += fc.mean[0] + st.adi;
			stk_forecast_free(&fc, &stk_malloc_allocator);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
	printf("classify_sba_point,%d,%d,%.6f,%.3f,%.6g\n",
		   nser, reps, sec, 1e6 * sec / (nser * (double) reps), sink);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "study") == 0)
		return Study(argv[2], argc > 3 ? atoi(argv[3]) : 28);
	if (argc >= 4 && strcmp(argv[1], "speed") == 0)
		return Speed(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: slow_dev study DIR [H] | slow_dev speed DIR REPS\n");
	return 2;
}
