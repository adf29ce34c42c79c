/*-------------------------------------------------------------------------
 *
 * import_csv.c
 *	  stk_csv_rows: CSV text to checked rows for the importers.
 *
 * The header names the columns (any order, any case); columns is the
 * importer's list "name:type" with a trailing "!" for a column that must be
 * present and filled.  Each data record becomes one row: its line, its
 * fields in the order of columns (NULL when absent or empty), or an error
 * that says why the record cannot be used.  A bad record never fails the
 * call, so the importers can report every one of them; only input that is
 * not CSV at all (a quote never closed, no header, wrong columns) does.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation_d.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/formatting.h"

#include "stokkel.h"
#include "core/csv.h"

PG_FUNCTION_INFO_V1(stk_csv_rows);

typedef enum ColType
{
	COL_TEXT,
	COL_INT8,
	COL_INT4,
	COL_NUMERIC,
	COL_DATE,
	COL_TIMESTAMPTZ,
	COL_BOOL
} ColType;

typedef struct ColSpec
{
	char	   *name;
	ColType		type;
	bool		required;
	int			pos;			/* its index in the header, or -1 */
} ColSpec;

static const char *const type_names[] = {
	"text", "int8", "int4", "numeric", "date", "timestamptz", "bool"
};

static ColSpec *
parse_specs(ArrayType *columns, int *ncols)
{
	Datum	   *elems;
	bool	   *nulls;
	ColSpec    *specs;

	if (ARR_NDIM(columns) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("columns must be a one-dimensional array")));
	deconstruct_array(columns, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, ncols);
	if (*ncols == 0 || *ncols > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("columns must list 1 to 100 columns")));
	specs = palloc0(sizeof(ColSpec) * *ncols);
	for (int i = 0; i < *ncols; i++)
	{
		char	   *s,
				   *colon;
		size_t		len;
		bool		found = false;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("columns must not contain NULL")));
		s = TextDatumGetCString(elems[i]);
		len = strlen(s);
		if (len > 0 && s[len - 1] == '!')
		{
			specs[i].required = true;
			s[--len] = '\0';
		}
		colon = strchr(s, ':');
		if (colon == NULL || colon == s)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("column spec \"%s\" is not name:type", s)));
		*colon = '\0';
		specs[i].name = s;
		specs[i].pos = -1;
		for (int t = 0; t < lengthof(type_names); t++)
		{
			if (strcmp(colon + 1, type_names[t]) == 0)
			{
				specs[i].type = (ColType) t;
				found = true;
			}
		}
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown column type \"%s\"", colon + 1)));
	}
	return specs;
}

/* Trimmed, lower-cased copy of a header field. */
static char *
header_name(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return str_tolower(s, n, DEFAULT_COLLATION_OID);
}

/* The reason a field is unusable, or NULL. */
static char *
check_field(ColSpec *c, char *s, size_t n, bool decimal_comma)
{
	bool		b;

	switch (c->type)
	{
		case COL_TEXT:
			return NULL;
		case COL_INT8:
			if (stk_csv_is_int(s, n, PG_INT64_MIN, PG_INT64_MAX))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a whole number", c->name, (int) Min(n, 40), s);
		case COL_INT4:
			if (stk_csv_is_int(s, n, PG_INT32_MIN, PG_INT32_MAX))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a whole number (32-bit)", c->name, (int) Min(n, 40), s);
		case COL_NUMERIC:
			if (stk_csv_is_decimal(s, n, decimal_comma))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a number", c->name, (int) Min(n, 40), s);
		case COL_DATE:
			if (stk_csv_is_date(s, n))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a date (YYYY-MM-DD)", c->name, (int) Min(n, 40), s);
		case COL_TIMESTAMPTZ:
			if (stk_csv_is_timestamp(s, n))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a date or time (YYYY-MM-DD[ HH:MM[:SS]][+HH:MM])",
							c->name, (int) Min(n, 40), s);
		case COL_BOOL:
			if (stk_csv_is_bool(s, n, &b))
			{
				/* normalised, so that the SQL cast cannot fail */
				return NULL;
			}
			return psprintf("%s: \"%.*s\" is not true or false", c->name, (int) Min(n, 40), s);
	}
	return NULL;
}

/*
 * stk_csv_rows(csv text, columns text[])
 *		RETURNS TABLE (line integer, fields text[], error text)
 */
Datum
stk_csv_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *csv;
	ColSpec    *specs;
	int			ncols;
	StkCsvReader r;
	StkAllocator alloc;
	StkCsvResult res;
	int			nheader;
	char	  **hnames;
	Datum	   *vals;
	bool	   *vnulls;
	bool		decimal_comma;
	MemoryContext rowcxt,
				oldcxt;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("csv and columns must not be NULL")));
	csv = PG_GETARG_TEXT_PP(0);
	specs = parse_specs(PG_GETARG_ARRAYTYPE_P(1), &ncols);

	InitMaterializedSRF(fcinfo, 0);

	stk_pg_allocator(&alloc, CurrentMemoryContext);
	stk_csv_init(&r, VARDATA_ANY(csv), VARSIZE_ANY_EXHDR(csv), &alloc);
	r.delim = stk_csv_guess_delim(r.p, r.end - r.p);
	decimal_comma = (r.delim == ';');

	/* the header */
	res = stk_csv_next(&r);
	if (res == STK_CSV_EOF)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the CSV text is empty"),
				 errhint("The first line must name the columns.")));
	if (res != STK_CSV_RECORD)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the CSV header on line 1 is malformed")));
	nheader = r.nfields;
	hnames = palloc(sizeof(char *) * nheader);
	for (int h = 0; h < nheader; h++)
	{
		bool		known = false;

		hnames[h] = header_name(r.buf + r.off[h], r.len[h]);
		for (int c = 0; c < ncols; c++)
		{
			if (strcmp(hnames[h], specs[c].name) != 0)
				continue;
			if (specs[c].pos >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_DUPLICATE_COLUMN),
						 errmsg("column \"%s\" appears twice in the CSV header", hnames[h])));
			specs[c].pos = h;
			known = true;
		}
		if (!known)
		{
			StringInfoData all;

			initStringInfo(&all);
			for (int c = 0; c < ncols; c++)
				appendStringInfo(&all, "%s%s", c ? ", " : "", specs[c].name);
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("unknown column \"%s\" in the CSV header", hnames[h]),
					 errdetail("The columns are: %s.", all.data)));
		}
	}
	for (int c = 0; c < ncols; c++)
		if (specs[c].required && specs[c].pos < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the CSV header has no column \"%s\"", specs[c].name)));

	vals = palloc(sizeof(Datum) * ncols);
	vnulls = palloc(sizeof(bool) * ncols);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "stk_csv_rows row",
								   ALLOCSET_DEFAULT_SIZES);

	for (;;)
	{
		Datum		out[3];
		bool		onull[3] = {false, false, false};
		char	   *err = NULL;

		CHECK_FOR_INTERRUPTS();
		res = stk_csv_next(&r);
		if (res == STK_CSV_EOF)
			break;
		if (res == STK_CSV_UNTERMINATED)
			ereport(ERROR,
					(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					 errmsg("unterminated quoted field starting on line %ld of the CSV text",
							r.record_line)));
		if (res == STK_CSV_NOMEM)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory reading CSV")));
		if (r.record_line > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the CSV text has more than %d lines", PG_INT32_MAX)));

		oldcxt = MemoryContextSwitchTo(rowcxt);
		if (res == STK_CSV_BAD_QUOTE)
			err = pstrdup("malformed quoting: text after a closing quote");
		else if (r.nfields != nheader)
			err = psprintf("expected %d fields, found %d", nheader, r.nfields);
		for (int c = 0; c < ncols && err == NULL; c++)
		{
			char	   *s;
			size_t		n;
			int			pos = specs[c].pos;

			vnulls[c] = true;
			if (pos < 0 || r.len[pos] == 0)
			{
				if (specs[c].required)
					err = psprintf("%s is empty", specs[c].name);
				continue;
			}
			s = r.buf + r.off[pos];
			n = r.len[pos];
			err = check_field(&specs[c], s, n, decimal_comma);
			if (err == NULL)
			{
				bool		b;

				if (specs[c].type == COL_BOOL && stk_csv_is_bool(s, n, &b))
					vals[c] = CStringGetTextDatum(b ? "true" : "false");
				else
					vals[c] = PointerGetDatum(cstring_to_text_with_len(s, n));
				vnulls[c] = false;
			}
		}

		out[0] = Int32GetDatum((int32) r.record_line);
		if (err == NULL)
		{
			int			dims[1] = {ncols};
			int			lbs[1] = {1};

			out[1] = PointerGetDatum(construct_md_array(vals, vnulls, 1, dims, lbs,
														TEXTOID, -1, false, TYPALIGN_INT));
			onull[2] = true;
		}
		else
		{
			onull[1] = true;
			out[2] = CStringGetTextDatum(err);
		}
		MemoryContextSwitchTo(oldcxt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, out, onull);
		MemoryContextReset(rowcxt);
	}
	stk_csv_free(&r);
	return (Datum) 0;
}
