/*
 * test_csv.c
 *	  Unit tests of the CSV reader and the field checks of the importers.
 */
#include <string.h>

#include "csv.h"
#include "tap.h"

static const StkAllocator *A = &stk_malloc_allocator;

static int
field_is(StkCsvReader *r, int i, const char *want)
{
	return i < r->nfields && r->len[i] == strlen(want) &&
		memcmp(r->buf + r->off[i], want, r->len[i]) == 0;
}

static void
test_records(void)
{
	const char *text = "\xEF\xBB\xBF" "a,b,c\r\n"
		"1,\"x,y\",\"say \"\"hi\"\"\"\n"
		"\n"
		"2,\"two\nlines\",\n"
		"3,\"bad\"x,4\n"
		"5,,6";
	StkCsvReader r;

	stk_csv_init(&r, text, strlen(text), A);
	tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && r.nfields == 3 && field_is(&r, 0, "a") &&
		   field_is(&r, 2, "c") && r.record_line == 1, "header after a BOM, CRLF ending");
	tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && field_is(&r, 1, "x,y") &&
		   field_is(&r, 2, "say \"hi\"") && r.record_line == 2, "quoted delimiter and doubled quotes");
	tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && field_is(&r, 1, "two\nlines") &&
		   field_is(&r, 2, "") && r.nfields == 3 && r.record_line == 4,
		   "empty line skipped but counted; a field spanning two lines; empty last field");
	tap_ok(stk_csv_next(&r) == STK_CSV_BAD_QUOTE && r.record_line == 6,
		   "text after a closing quote is a bad record on its line");
	tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && field_is(&r, 0, "5") && field_is(&r, 1, "") &&
		   field_is(&r, 2, "6") && r.record_line == 7, "the reader recovers on the next line; no final newline");
	tap_ok(stk_csv_next(&r) == STK_CSV_EOF, "end of input");
	stk_csv_free(&r);

	stk_csv_init(&r, "a\n\"open,1\n2\n", 12, A);
	stk_csv_next(&r);
	tap_ok(stk_csv_next(&r) == STK_CSV_UNTERMINATED && r.record_line == 2, "an unterminated quote is reported");
	stk_csv_free(&r);

	/*
	 * max_fields: fields beyond it are counted, not kept, quoted ones
	 * included (their delimiters and line breaks do not end anything)
	 */
	{
		const char *t = "a,b\n1,2,\"x,\ny\",,\"\"\"\",z\n3,4\n";

		stk_csv_init(&r, t, strlen(t), A);
		r.max_fields = 3;
		tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && r.nfields == 2 && r.extra_fields == 0,
			   "max_fields: a short record as usual");
		tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && r.nfields == 3 && r.extra_fields == 3 &&
			   field_is(&r, 2, "x,\ny") && r.record_line == 2,
			   "max_fields: 6 fields, 3 kept, 3 counted (a quoted one with a quote)");
		tap_ok(stk_csv_next(&r) == STK_CSV_RECORD && r.nfields == 2 && r.extra_fields == 0 &&
			   field_is(&r, 0, "3") && r.record_line == 4, "max_fields: the next record starts where it should");
		tap_ok(r.fields_cap <= 16, "max_fields: no room made for the extra fields");
		stk_csv_free(&r);
	}

	tap_ok(stk_csv_guess_delim("a;b;c\n1,5;2;3", 13) == ';', "semicolon header: semicolon delimiter");
	tap_ok(stk_csv_guess_delim("a,b;c\n", 6) == ',', "a comma in the header: comma delimiter");
	tap_ok(stk_csv_guess_delim("\"a;b\",c\n", 8) == ',', "quoted semicolons do not count");
}

static void
test_fields(void)
{
	char		num[32];

	tap_ok(stk_csv_is_int("-42", 3, INT64_MIN, INT64_MAX), "-42 is a whole number");
	tap_ok(!stk_csv_is_int("9223372036854775808", 19, INT64_MIN, INT64_MAX), "2^63 overflows int8");
	tap_ok(!stk_csv_is_int("2147483648", 10, INT32_MIN, INT32_MAX), "2^31 overflows int4");
	tap_ok(!stk_csv_is_int("1.0", 3, INT64_MIN, INT64_MAX) && !stk_csv_is_int("+", 1, INT64_MIN, INT64_MAX),
		   "1.0 and + are not whole numbers");
	strcpy(num, "12,5");
	tap_ok(stk_csv_is_decimal(num, 4, true) && strcmp(num, "12.5") == 0, "decimal comma rewritten to a point");
	strcpy(num, "12,5");
	tap_ok(!stk_csv_is_decimal(num, 4, false), "no decimal comma unless asked");
	tap_ok(stk_csv_is_decimal((char *) (strcpy(num, "-.5e-3"), num), 6, false), "-.5e-3 is a number");
	tap_ok(!stk_csv_is_decimal((char *) (strcpy(num, "NaN"), num), 3, false) &&
		   !stk_csv_is_decimal((char *) (strcpy(num, "1e1000"), num), 6, false) &&
		   !stk_csv_is_decimal((char *) (strcpy(num, "."), num), 1, false),
		   "NaN, 1e1000 and . are refused");
	tap_ok(stk_csv_is_date("2024-02-29", 10) && !stk_csv_is_date("2026-02-29", 10) &&
		   !stk_csv_is_date("2026-04-31", 10) && !stk_csv_is_date("0000-01-01", 10),
		   "calendar dates: leap day, April 31st, year 0");
	tap_ok(stk_csv_is_timestamp("2026-07-01T10:00:00.123456Z", 27) &&
		   stk_csv_is_timestamp("2026-07-01 10:00+02:00", 22) &&
		   stk_csv_is_timestamp("2026-07-01 10:00-0530", 21) && stk_csv_is_timestamp("2026-07-01", 10),
		   "ISO timestamps with fractions, Z and offsets; a date alone");
	tap_ok(!stk_csv_is_timestamp("2026-07-01 24:00", 16) && !stk_csv_is_timestamp("2026-07-01 10:60", 16) &&
		   !stk_csv_is_timestamp("2026-07-01 10:00:00.1234567", 27) &&
		   !stk_csv_is_timestamp("2026-07-01 10:00 Z", 18),
		   "hour 24, minute 60, 7 fraction digits, space before Z refused");
	{
		char		d[32];

		strcpy(d, "01/07/2026");
		tap_ok(stk_csv_day_first(d, 10) && strcmp(d, "2026-07-01") == 0 && stk_csv_is_date(d, 10),
			   "DD/MM/YYYY rewritten to YYYY-MM-DD");
		strcpy(d, "31/12/2026 23:59:30");
		tap_ok(stk_csv_day_first(d, 19) && strcmp(d, "2026-12-31 23:59:30") == 0 &&
			   stk_csv_is_timestamp(d, 19), "day-first date with a time: the time kept");
		strcpy(d, "31/02/2026");
		tap_ok(stk_csv_day_first(d, 10) && !stk_csv_is_date(d, 10),
			   "31/02/2026 rewritten, then refused by the date check");
		strcpy(d, "1/7/2026");
		tap_ok(!stk_csv_day_first(d, 8) && strcmp(d, "1/7/2026") == 0, "1/7/2026 left alone");
		strcpy(d, "01/07/20261");
		tap_ok(!stk_csv_day_first(d, 11) && strcmp(d, "01/07/20261") == 0, "a fifth year digit: left alone");
		strcpy(d, "01-07-2026");
		tap_ok(!stk_csv_day_first(d, 10) && !stk_csv_day_first((char *) (strcpy(d, "ab/cd/efgh"), d), 10) &&
			   strcmp(d, "ab/cd/efgh") == 0, "other separators and non-digits left alone");
	}
	{
		/* digit groups: space, no-break space, narrow no-break space */
		static const struct
		{
			const char *in;
			const char *out;
		}			g[] = {
			{"13 500,50", "13500,50"},
			{"-1\xC2\xA0" "250\xC2\xA0" "000", "-1250000"},
			{"2\xE2\x80\xAF" "500,5", "2500,5"},
			{"1 5", "1 5"},			/* not a group of three */
			{"1234 567", "1234 567"},	/* four digits before a group */
			{"12 3456", "12 3456"},
			{"12 345 6", "12 345 6"},
			{"12,345 678", "12,345 678"},	/* groups after the decimal comma */
			{" 12", " 12"},
			{"12 ", "12 "},
			{"1,5", "1,5"}
		};
		bool		all = true;

		for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		{
			char		d[32];
			size_t		n = strlen(g[i].in);

			strcpy(d, g[i].in);
			stk_csv_close_groups(d, &n);
			d[n] = '\0';
			if (strcmp(d, g[i].out) != 0)
			{
				all = false;
				printf("# %s -> %s, expected %s\n", g[i].in, d, g[i].out);
			}
		}
		tap_ok(all, "digit groups closed up only between groups of three digits before the decimal comma");
	}
	{
		bool		b;

		tap_ok(stk_csv_is_bool("OUI", 3, &b) && b && stk_csv_is_bool("f", 1, &b) && !b &&
			   stk_csv_is_bool("VRAI", 4, &b) && b && stk_csv_is_bool("Faux", 4, &b) && !b &&
			   !stk_csv_is_bool("maybe", 5, &b), "booleans, in English and French (Excel's VRAI, FAUX)");
	}
}

int
main(void)
{
	test_records();
	test_fields();
	return tap_done();
}
