/*
 * auto_members.c
 *	  Dump for tuning 'auto' on the development split (issue 3; not part of the
 *	  extension): for every series of DIR/DATASET, the full-sample forecast and
 *	  10/50/90 % quantiles of each candidate member, and its forecasts at up to
 *	  three holdout origins, as JSON lines.  Includes forecast_run.c to reach
 *	  its static functions.
 *
 *   cc -O2 -ffp-contract=off -Isrc/core test/bench/tune_auto/auto_members.c \
 *      $(ls src/core/[a-z]*.c | grep -v forecast_run.c) $(pkg-config --libs gsl) -lhpdf -lm -o /tmp/auto_members
 *   /tmp/auto_members test/bench/out/dev m1 E,O,H,ED,T,D 2 > mo_m1.jsonl
 *
 * Members: E automatic ETS, ED ETS with no or damped trend, O OTM, T Theta,
 * N naive/snaive, H/D/S Holt/damped/SES on the seasonally adjusted series.
 * Last argument: the ETS holdout keeps 0 the form, 1 also the smoothing
 * parameters, 2 also the initial states of the full-sample fit.
 */
#include "../../../src/core/forecast_run.c"
#include <time.h>
#include <gsl/gsl_errno.h>

typedef struct Series { char id[32]; int n, m, h; double *y; } Series;

static int SplitCsv(char *line, char **f, int maxf)
{
	int nf = 0; char *p = line;
	while (nf < maxf) {
		char *out = p; f[nf++] = p;
		if (*p == '"') { p++; while (*p && *p != '"') *out++ = *p++; if (*p == '"') p++; }
		while (*p && *p != ',' && *p != '\n' && *p != '\r') *out++ = *p++;
		if (*p != ',') { *out = '\0'; break; }
		p++; *out = '\0';
	}
	return nf;
}

static int hmode = 0;	/* ETS holdout: 0 refit params, 1 fix smoothing params, 2 fix all */

/* deseasonalised copy (theta's test and classical multiplicative decomposition) */
static bool Deseason(const double *y, int n, int m, double *x, double *idx)
{
	bool seas = false;
	for (int t = 0; t < n; t++) x[t] = y[t];
	if (m <= 1) return false;
	if (stk_seasonality_test(y, n, m, &stk_malloc_allocator, &seas) != STK_OK || !seas) return false;
	if (stk_decompose(y, n, m, STK_DECOMP_MULTIPLICATIVE, &stk_malloc_allocator, idx, NULL) != STK_OK) return false;
	for (int j = 0; j < m; j++) if (!(idx[j] > 1e-3)) return false;
	for (int t = 0; t < n; t++) x[t] = y[t] / idx[t % m];
	return true;
}

/* one member: code; fills mean[h], q[3h]; *form in/out for ETS */
static int Member(const char *code, const double *y, int n, int m, int h, bool holdout,
				  StkEtsModel *form, double *mean, double *q)
{
	StkForecast fc; StkStatus st = STK_OK;
	StkForecastRequest r; static const double lv[3] = {0.1, 0.5, 0.9};
	double x[4000], idx[64]; bool ds = false;
	memset(&r, 0, sizeof(r));
	r.y = y; r.n = n; r.period = m; r.horizon = h; r.levels = lv; r.nlevels = 3; r.seed = 20261122;
	if (strcmp(code, "E") == 0 || strcmp(code, "ED") == 0 || strcmp(code, "EN") == 0)
	{
		StkEtsModel mod; StkEtsSpec spec;
		if (holdout) {
			stk_ets_spec_init(&spec);
			spec.error = form->error; spec.trend = form->trend; spec.season = form->season;
			spec.damped = form->damped ? 1 : 0;
			if (hmode >= 1) { spec.alpha = form->alpha; if (form->trend != 'N') spec.beta = form->beta;
				if (form->season != 'N') spec.gamma = form->gamma; if (form->damped) spec.phi = form->phi; }
			if (hmode >= 2) spec.init_states = form->init_states;
			st = stk_ets_fit(y, n, form->m > 1 ? form->m : 1, &spec, &stk_malloc_allocator, &mod);
		} else if (code[1] == 0) {
			st = stk_ets_auto(y, n, m, &stk_malloc_allocator, &mod);
		} else {
			/* trend N or Ad (ED), or N only (EN), by AICc */
			StkEtsModel m2;
			stk_ets_spec_init(&spec); spec.trend = 'N'; spec.damped = 0;
			st = stk_ets_fit(y, n, m, &spec, &stk_malloc_allocator, &mod);
			if (st == STK_OK && code[1] == 'D') {
				stk_ets_spec_init(&spec); spec.trend = 'A'; spec.damped = 1;
				if (stk_ets_fit(y, n, m, &spec, &stk_malloc_allocator, &m2) == STK_OK && m2.aicc < mod.aicc && m2.note == STK_ETS_NOTE_NONE)
					mod = m2;
			}
		}
		if (st != STK_OK) return -1;
		if (!holdout) *form = mod;
		st = stk_ets_forecast(&mod, h, 0, r.seed, &stk_malloc_allocator, &fc);
	}
	else if (strcmp(code, "O") == 0) st = RunMember(&r, STK_METHOD_OTM, m, NULL, NULL, &stk_malloc_allocator, &fc);
	else if (strcmp(code, "T") == 0) st = RunMember(&r, STK_METHOD_THETA, m, NULL, NULL, &stk_malloc_allocator, &fc);
	else if (strcmp(code, "N") == 0) st = m > 1 ? stk_snaive(y, n, m, h, &stk_malloc_allocator, &fc) : stk_naive(y, n, h, &stk_malloc_allocator, &fc);
	else
	{
		/* H, D, S on the deseasonalised series */
		StkEtsSpec spec; StkEtsModel mod;
		if (n > 4000) return -1;
		ds = Deseason(y, n, m, x, idx);
		stk_ets_spec_init(&spec); spec.error = 'A'; spec.season = 'N';
		spec.trend = code[0] == 'S' ? 'N' : 'A'; spec.damped = code[0] == 'D';
		if (holdout && hmode >= 1) { /* keep it simple: refit */ }
		st = stk_ets_fit(x, n, 1, &spec, &stk_malloc_allocator, &mod);
		if (st != STK_OK) return -1;
		st = stk_ets_forecast(&mod, h, 0, r.seed, &stk_malloc_allocator, &fc);
	}
	if (st != STK_OK) return -1;
	for (int j = 0; j < h; j++) if (!isfinite(fc.var[j]) && fc.paths == NULL) fc.var[j] = 0;
	if (stk_forecast_quantiles(&fc, lv, 3, false, &stk_malloc_allocator, q) != STK_OK) { stk_forecast_free(&fc, &stk_malloc_allocator); return -1; }
	for (int j = 0; j < h; j++) mean[j] = fc.mean[j];
	if (ds) for (int j = 0; j < h; j++) { double s = idx[(n + j) % m]; mean[j] *= s; for (int k = 0; k < 3; k++) q[3*j+k] *= s; }
	stk_forecast_free(&fc, &stk_malloc_allocator);
	return 0;
}

static void PrintArr(const char *key, const double *v, int k)
{
	printf("\"%s\":[", key);
	for (int i = 0; i < k; i++) printf("%s%.10g", i ? "," : "", v[i]);
	printf("]");
}

int main(int argc, char **argv)
{
	char path[1024], line[8192], *f[16]; FILE *fp; Series *s = NULL;
	int count = 0, cap = 0, last = -1;
	const char *codes[16]; int nc = 0;
	char buf[256];
	if (argc < 4) { fprintf(stderr, "usage: DIR DS CODES(comma) [hmode]\n"); return 2; }
	if (argc > 4) hmode = atoi(argv[4]);
	snprintf(buf, sizeof(buf), "%s", argv[3]);
	for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) codes[nc++] = t;
	gsl_set_error_handler_off();
	snprintf(path, sizeof(path), "%s/%s/meta.csv", argv[1], argv[2]);
	fp = fopen(path, "r"); if (!fp || !fgets(line, sizeof(line), fp)) return 1;
	while (fgets(line, sizeof(line), fp)) {
		if (SplitCsv(line, f, 16) < 7) continue;
		if (count == cap) { cap = cap ? 2 * cap : 256; s = realloc(s, sizeof(Series) * cap); }
		snprintf(s[count].id, 32, "%s", f[0]); s[count].m = atoi(f[4]); s[count].h = atoi(f[5]); s[count].n = atoi(f[6]);
		s[count].y = calloc(s[count].n, sizeof(double)); count++;
	}
	fclose(fp);
	snprintf(path, sizeof(path), "%s/%s/train.csv", argv[1], argv[2]);
	fp = fopen(path, "r"); if (!fp || !fgets(line, sizeof(line), fp)) return 1;
	while (fgets(line, sizeof(line), fp)) {
		int t; if (SplitCsv(line, f, 16) < 3) continue;
		if (last < 0 || strcmp(s[last].id, f[0]) != 0) { last = -1;
			for (int i = 0; i < count; i++) if (strcmp(s[i].id, f[0]) == 0) { last = i; break; }
			if (last < 0) continue; }
		t = atoi(f[1]) - 1; if (t >= 0 && t < s[last].n) s[last].y[t] = atof(f[2]);
	}
	fclose(fp);
	for (int i = 0; i < count; i++)
	{
		Series *z = &s[i]; int h = z->h, n = z->n, m = z->m;
		int minn = m > 1 ? 2 * m + 2 : 5;
		int hh = n - minn < h ? n - minn : h;
		bool inter = IsIntermittent(z->y, n);
		double mean[4000], q[12000];
		StkEtsModel forms[16];
		int oks[16];
		printf("{\"ds\":\"%s\",\"id\":\"%s\",\"m\":%d,\"h\":%d,\"n\":%d,\"inter\":%s,\"hh\":%d", argv[2], z->id, m, h, n, inter ? "true" : "false", hh < 2 ? 0 : hh);
		printf(",\"mem\":{");
		for (int c = 0; c < nc; c++)
		{
			oks[c] = Member(codes[c], z->y, n, m, h, false, &forms[c], mean, q) == 0;
			printf("%s\"%s\":{\"ok\":%d", c ? "," : "", codes[c], oks[c]);
			if (oks[c]) {
				printf(",\"name\":\"%s\",", codes[c][0] == 'E' ? forms[c].name : codes[c]);
				PrintArr("f", mean, h); printf(","); PrintArr("q", q, 3 * h);
			}
			printf("}");
		}
		printf("},\"ho\":[");
		for (int o = 0; o < 3 && hh >= 2; o++)
		{
			int n0 = n - (o + 1) * hh;
			if (n0 < minn) break;
			printf("%s{", o ? "," : "");
			PrintArr("hy", z->y + n0, hh);
			for (int c = 0; c < nc; c++)
			{
				if (!oks[c]) continue;
				if (Member(codes[c], z->y, n0, m, hh, true, &forms[c], mean, q) == 0) {
					printf(",\"%s\":{", codes[c]); PrintArr("hf", mean, hh); printf(","); PrintArr("hq", q, 3 * hh); printf("}");
				}
			}
			printf("}");
		}
		printf("]}\n");
	}
	return 0;
}
