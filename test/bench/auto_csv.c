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
 *      $(pkg-config --libs gsl) -lhpdf -lm -o /tmp/auto_csv
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

#include "bench_data.h"

int
main(int argc, char **argv)
{
	Series	   *s = NULL;
	int			count;
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
	count = LoadSeries(argv[1], argv[2], NULL, 0, &s);

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
