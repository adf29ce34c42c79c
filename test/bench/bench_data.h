/*
 * bench_data.h
 *	  Reading the benchmark data sets of ../shared/data into memory, shared
 *	  by the stand-alone benchmark programs of test/bench (header only: each
 *	  program is one compile).
 */
#ifndef BENCH_DATA_H
#define BENCH_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
			while (*p && !(*p == '"' && p[1] != '"'))
			{
				if (*p == '"')
					p++;
				*out++ = *p++;
			}
			if (*p == '"')
				p++;
		}
		else
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				*out++ = *p++;
		while (*p && *p != ',' && *p != '\n' && *p != '\r')
			p++;
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

/*
 * The series of one data set in the layout of ../shared/data (meta.csv,
 * train.csv), in meta.csv order: all of them, or those of one period
 * (e.g. "MONTHLY"); at most maxs when maxs > 0.
 */
static int
LoadSeries(const char *dir, const char *ds, const char *period, int maxs, Series **out)
{
	char		path[1024];
	char		line[8192];
	char	   *f[16];
	FILE	   *fp;
	Series	   *s = NULL;
	int			count = 0,
				cap = 0,
				last = -1;

	snprintf(path, sizeof(path), "%s/%s/meta.csv", dir, ds);
	if ((fp = fopen(path, "r")) == NULL)
	{
		perror(path);
		exit(1);
	}
	if (fgets(line, sizeof(line), fp) == NULL)
		exit(1);
	/* series_id,dataset,category,period,frequency,horizon,n_train,... */
	while (fgets(line, sizeof(line), fp))
	{
		if (SplitCsv(line, f, 16) < 7 || (period && strcmp(f[3], period) != 0))
			continue;
		if (maxs > 0 && count >= maxs)
			break;
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

	snprintf(path, sizeof(path), "%s/%s/train.csv", dir, ds);
	if ((fp = fopen(path, "r")) == NULL)
	{
		perror(path);
		exit(1);
	}
	if (fgets(line, sizeof(line), fp) == NULL)
		exit(1);
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
	*out = s;
	return count;
}

#endif							/* BENCH_DATA_H */
