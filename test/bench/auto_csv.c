/*
 * auto_csv.c
 *	  stk_forecast_run() on every series of a data set in the layout of
 *	  ../shared/data, without the database: the fast loop for tuning 'auto'
 *	  on the development split (test/bench/tune_dev.sh).  Same core code,
 *	  same seed and the same arguments as stk_forecast(y, horizon,
 *	  frequency, method) in test/bench/stokkel_forecasts.sh, so its
 *	  forecasts are those of the database.
 *
 *   cc -O2 -Isrc/core test/bench/auto_csv.c src/core/[a-z]*.c \
 *      $(pkg-config --libs gsl) -lm -o /tmp/auto_csv
 *   /tmp/auto_csv DIR DATASET [METHOD] >> forecasts.csv
 *
 * Writes dataset,series_id,method,step,point,q10,q50,q90 rows (method
 * stokkel_METHOD, default auto) to stdout, no header, and the CPU seconds
 * to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "forecast_run.h"

#define FORECAST_SEED 20261122	/* src/forecast_fn.c */

typedef struct Series
{
	char		id[32];
	int			n;
	int			m;
	int			h;
	double	   *y;
} Series;

/* Split one CSV line into at most maxf fields (quotes removed, in place). */
static int
SplitCsv(char *line, char **f, int maxf)
{
	int			nf = 0;
	char	   *p = line;

	while (nf < maxf)
	{
		char	   *out = p;

		f[nf++] = p;
		if (*p == '"')
		{
			p++;
			while (*p && *p != '"')
				*out++ = *p++;
			if (*p == '"')
				p++;
		}
		while (*p && *p != ',' && *p != '\n' && *p != '\r')
			*out++ = *p++;
		if (*p != ',')
		{
			*out = '\0';
			break;
		}
		p++;
		*out = '\0';
	}
	return nf;
}

int
main(int argc, char **argv)
{
	char		path[1024],
				line[8192];
	char	   *f[16];
	FILE	   *fp;
	Series	   *s = NULL;
	int			count = 0,
				cap = 0,
				last = -1;
	const char *mname = argc > 3 ? argv[3] : "auto";
	StkMethod	method;
	static const double levels[3] = {0.1, 0.5, 0.9};
	struct timespec c0,
				c1;

	if (argc < 3 || !stk_method_parse(mname, &method))
	{
		fprintf(stderr, "usage: %s DIR DATASET [METHOD]\n", argv[0]);
		return 2;
	}
	gsl_set_error_handler_off();
	snprintf(path, sizeof(path), "%s/%s/meta.csv", argv[1], argv[2]);
	if ((fp = fopen(path, "r")) == NULL || fgets(line, sizeof(line), fp) == NULL)
	{
		perror(path);
		return 1;
	}
	/* series_id,dataset,category,period,frequency,horizon,n_train,... */
	while (fgets(line, sizeof(line), fp))
	{
		if (SplitCsv(line, f, 16) < 7)
			continue;
		if (count == cap)
		{
			cap = cap ? 2 * cap : 256;
			s = realloc(s, sizeof(Series) * cap);
		}
		snprintf(s[count].id, sizeof(s[count].id), "%s", f[0]);
		s[count].m = atoi(f[4]);
		s[count].h = atoi(f[5]);
		s[count].n = atoi(f[6]);
		s[count].y = calloc(s[count].n, sizeof(double));
		count++;
	}
	fclose(fp);
	snprintf(path, sizeof(path), "%s/%s/train.csv", argv[1], argv[2]);
	if ((fp = fopen(path, "r")) == NULL || fgets(line, sizeof(line), fp) == NULL)
	{
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), fp))
	{
		int			t;

		if (SplitCsv(line, f, 16) < 3)
			continue;
		if (last < 0 || strcmp(s[last].id, f[0]) != 0)
		{
			last = -1;
			for (int i = 0; i < count; i++)
				if (strcmp(s[i].id, f[0]) == 0)
				{
					last = i;
					break;
				}
			if (last < 0)
				continue;
		}
		t = atoi(f[1]) - 1;
		if (t >= 0 && t < s[last].n)
			s[last].y[t] = atof(f[2]);
	}
	fclose(fp);

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	for (int i = 0; i < count; i++)
	{
		StkForecastRequest req = {s[i].y, s[i].n, s[i].m, method, s[i].h,
		levels, 3, FORECAST_SEED};
		StkForecastResult res;

		if (stk_forecast_run(&req, &stk_malloc_allocator, &res) != STK_OK)
		{
			fprintf(stderr, "%s: %s failed\n", argv[2], s[i].id);
			continue;
		}
		for (int j = 0; j < s[i].h; j++)
			printf("%s,%s,stokkel_%s,%d,%.17g,%.17g,%.17g,%.17g\n", argv[2], s[i].id,
				   mname, j + 1, res.point[j], res.p10_50_90[3 * j],
				   res.p10_50_90[3 * j + 1], res.p10_50_90[3 * j + 2]);
		stk_forecast_result_free(&res, &stk_malloc_allocator);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	fprintf(stderr, "%s: %d series, %.2f s CPU\n", argv[2], count,
			(c1.tv_sec - c0.tv_sec) + 1e-9 * (c1.tv_nsec - c0.tv_nsec));
	return 0;
}
