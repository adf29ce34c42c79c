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
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"

#include "stokkel.h"
#include "core/csv.h"

/* Columns a CSV header may have (the importers know a dozen). */
#define CSV_MAX_HEADER 1600

PG_FUNCTION_INFO_V1(stk_csv_rows);
PG_FUNCTION_INFO_V1(stk_csv_records);

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
		/* header names are compared lower-cased: so are the specs' */
		specs[i].name = str_tolower(s, strlen(s), DEFAULT_COLLATION_OID);
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

/*
 * The reason a field is unusable, or NULL.  decimal_comma: a file of
 * French spreadsheets (semicolons), whose numbers have decimal commas and
 * may have digit groups ("13 500,50"), and whose dates are day-first
 * (DD/MM/YYYY); they are rewritten in place into what the SQL input
 * functions read (*len shrinks when digit groups close up).
 */
static char *
check_field(ColSpec *c, char *s, size_t *len, bool decimal_comma)
{
	bool		b;
	char		orig[10];
	bool		day_first = false;
	size_t		n = *len;

	/* at most 40 bytes of the field in a message, never half a character */
	int			k = pg_mbcliplen(s, (int) Min(n, 64), 40);

	if (decimal_comma && (c->type == COL_DATE || c->type == COL_TIMESTAMPTZ) && n >= 10)
	{
		memcpy(orig, s, 10);
		day_first = stk_csv_day_first(s, n);
	}

	switch (c->type)
	{
		case COL_TEXT:
			return NULL;
		case COL_INT8:
			if (stk_csv_is_int(s, n, PG_INT64_MIN, PG_INT64_MAX))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a whole number", c->name, k, s);
		case COL_INT4:
			if (stk_csv_is_int(s, n, PG_INT32_MIN, PG_INT32_MAX))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a whole number (32-bit)", c->name, k, s);
		case COL_NUMERIC:
			if (decimal_comma && n <= STK_CSV_NUMBER_MAX)
			{
				/* the message quotes the field as the file has it */
				char		as_read[STK_CSV_NUMBER_MAX];

				memcpy(as_read, s, n);
				stk_csv_close_groups(s, len);
				if (stk_csv_is_decimal(s, *len, true))
					return NULL;
				return psprintf("%s: \"%.*s\" is not a number", c->name, k, as_read);
			}
			/* longer ones are no number anyway */
			if (stk_csv_is_decimal(s, n, false))
				return NULL;
			return psprintf("%s: \"%.*s\" is not a number", c->name, k, s);
		case COL_DATE:
			if (stk_csv_is_date(s, n))
				return NULL;
			/* the message quotes the field as the file has it */
			if (day_first)
				memcpy(s, orig, 10);
			return psprintf("%s: \"%.*s\" is not a date (YYYY-MM-DD%s)", c->name, k, s,
							decimal_comma ? " or DD/MM/YYYY" : "");
		case COL_TIMESTAMPTZ:
			if (stk_csv_is_timestamp(s, n))
				return NULL;
			if (day_first)
				memcpy(s, orig, 10);
			return psprintf("%s: \"%.*s\" is not a date or time (%s[ HH:MM[:SS]][+HH:MM])",
							c->name, k, s, decimal_comma ? "YYYY-MM-DD or DD/MM/YYYY" : "YYYY-MM-DD");
		case COL_BOOL:
			if (stk_csv_is_bool(s, n, &b))
			{
				/* normalised, so that the SQL cast cannot fail */
				return NULL;
			}
			return psprintf("%s: \"%.*s\" is not true or false", c->name, k, s);
	}
	return NULL;
}

/* One read of a CSV text: the column specs and where the header put them. */
typedef struct CsvRead
{
	ColSpec    *specs;
	int			ncols;
	int			nheader;
	bool		decimal_comma;
	StkAllocator alloc;
	StkCsvReader r;
} CsvRead;

/*
 * Check the arguments, parse the column specs and read the header; the
 * errors that concern the text as a whole are raised here.
 */
static void
csv_read_start(CsvRead *cr, FunctionCallInfo fcinfo)
{
	text	   *csv;
	StkCsvResult res;
	char	  **hnames;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("csv and columns must not be NULL")));
	csv = PG_GETARG_TEXT_PP(0);
	cr->specs = parse_specs(PG_GETARG_ARRAYTYPE_P(1), &cr->ncols);

	stk_pg_allocator(&cr->alloc, CurrentMemoryContext);
	stk_csv_init(&cr->r, VARDATA_ANY(csv), VARSIZE_ANY_EXHDR(csv), &cr->alloc);
	cr->r.delim = stk_csv_guess_delim(cr->r.p, cr->r.end - cr->r.p);
	cr->decimal_comma = (cr->r.delim == ';');

	/* no file has this many columns: a longer header is refused unread */
	cr->r.max_fields = CSV_MAX_HEADER;
	res = stk_csv_next(&cr->r);
	if (res == STK_CSV_EOF)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the CSV text is empty"),
				 errhint("The first line must name the columns.")));
	if (res != STK_CSV_RECORD)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the CSV header on line 1 is malformed")));
	if (cr->r.extra_fields > 0)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("the CSV header has more than %d columns", CSV_MAX_HEADER)));
	cr->nheader = cr->r.nfields;
	/* one field more than the header is enough to tell a row is too long */
	cr->r.max_fields = cr->nheader + 1;
	hnames = palloc(sizeof(char *) * cr->nheader);
	for (int h = 0; h < cr->nheader; h++)
	{
		bool		known = false;

		hnames[h] = header_name(cr->r.buf + cr->r.off[h], cr->r.len[h]);
		for (int c = 0; c < cr->ncols; c++)
		{
			if (strcmp(hnames[h], cr->specs[c].name) != 0)
				continue;
			if (cr->specs[c].pos >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_DUPLICATE_COLUMN),
						 errmsg("column \"%s\" appears twice in the CSV header", hnames[h])));
			cr->specs[c].pos = h;
			known = true;
		}
		if (!known)
		{
			StringInfoData all;

			initStringInfo(&all);
			for (int c = 0; c < cr->ncols; c++)
				appendStringInfo(&all, "%s%s", c ? ", " : "", cr->specs[c].name);
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("unknown column \"%s\" in the CSV header", hnames[h]),
					 errdetail("The columns are: %s.", all.data)));
		}
	}
	for (int c = 0; c < cr->ncols; c++)
		if (cr->specs[c].required && cr->specs[c].pos < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the CSV header has no column \"%s\"", cr->specs[c].name)));
}

/*
 * The next data record, false at the end of the text.  Either *err says why
 * the record is unusable, or *err is NULL and column c's field is
 * fld[c][0 .. flen[c]) (fld[c] NULL when absent or empty), checked against
 * its type.  Allocates in CurrentMemoryContext.
 */
static bool
csv_read_next(CsvRead *cr, char **fld, size_t *flen, char **err)
{
	StkCsvResult res;

	res = stk_csv_next(&cr->r);
	if (res == STK_CSV_EOF)
		return false;
	if (res == STK_CSV_UNTERMINATED)
		ereport(ERROR,
				(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
				 errmsg("unterminated quoted field starting on line %ld of the CSV text",
						cr->r.record_line)));
	if (res == STK_CSV_NOMEM)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory reading CSV")));
	if (cr->r.record_line > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the CSV text has more than %d lines", PG_INT32_MAX)));

	*err = NULL;
	if (res == STK_CSV_BAD_QUOTE)
		*err = pstrdup("malformed quoting: text after a closing quote");
	else if (cr->r.nfields + cr->r.extra_fields != cr->nheader)
		*err = psprintf("expected %d fields, found %d", cr->nheader,
						cr->r.nfields + cr->r.extra_fields);
	for (int c = 0; c < cr->ncols && *err == NULL; c++)
	{
		ColSpec    *spec = &cr->specs[c];

		fld[c] = NULL;
		if (spec->pos < 0 || cr->r.len[spec->pos] == 0)
		{
			if (spec->required)
				*err = psprintf("%s is empty", spec->name);
			continue;
		}
		fld[c] = cr->r.buf + cr->r.off[spec->pos];
		flen[c] = cr->r.len[spec->pos];
		*err = check_field(spec, fld[c], &flen[c], cr->decimal_comma);
	}
	return true;
}

/*
 * One output row from a record: *err NULL and fld/flen its checked fields,
 * or *err the reason it is unusable.  Fills vals/nulls (in the per-row
 * memory context).
 */
typedef void (*CsvRowFn) (CsvRead *cr, char **fld, size_t *flen, char *err,
						  Datum *vals, bool *nulls, void *arg);

/*
 * Read every data record into the function's result set (materialised with
 * rsinfo->setDesc), one row each made by row_fn.
 */
static void
csv_read_all(CsvRead *cr, ReturnSetInfo *rsinfo, CsvRowFn row_fn, void *arg)
{
	char	  **fld = palloc(sizeof(char *) * cr->ncols);
	size_t	   *flen = palloc(sizeof(size_t) * cr->ncols);
	Datum	   *vals = palloc(sizeof(Datum) * rsinfo->setDesc->natts);
	bool	   *nulls = palloc(sizeof(bool) * rsinfo->setDesc->natts);
	MemoryContext rowcxt,
				oldcxt;

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "stokkel CSV row",
								   ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		char	   *err;
		bool		more;

		CHECK_FOR_INTERRUPTS();
		oldcxt = MemoryContextSwitchTo(rowcxt);
		more = csv_read_next(cr, fld, flen, &err);
		if (more)
			row_fn(cr, fld, flen, err, vals, nulls, arg);
		MemoryContextSwitchTo(oldcxt);
		if (!more)
			break;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, vals, nulls);
		MemoryContextReset(rowcxt);
	}
	stk_csv_free(&cr->r);
}

/* The elements of stk_csv_rows' fields array, reused from row to row. */
typedef struct FieldArray
{
	Datum	   *elems;
	bool	   *nulls;
} FieldArray;

/* A row of stk_csv_rows: line, fields as a text array, error. */
static void
text_array_row(CsvRead *cr, char **fld, size_t *flen, char *err,
			   Datum *vals, bool *nulls, void *arg)
{
	FieldArray *fa = (FieldArray *) arg;
	int			dims[1] = {cr->ncols};
	int			lbs[1] = {1};

	vals[0] = Int32GetDatum((int32) cr->r.record_line);
	nulls[0] = false;
	nulls[1] = (err != NULL);
	nulls[2] = (err == NULL);
	if (err != NULL)
	{
		vals[2] = CStringGetTextDatum(err);
		return;
	}
	for (int c = 0; c < cr->ncols; c++)
	{
		bool		b;

		fa->nulls[c] = (fld[c] == NULL);
		if (fa->nulls[c])
			continue;
		/* booleans normalised, so that the SQL cast cannot fail */
		if (cr->specs[c].type == COL_BOOL && stk_csv_is_bool(fld[c], flen[c], &b))
			fa->elems[c] = CStringGetTextDatum(b ? "true" : "false");
		else
			fa->elems[c] = PointerGetDatum(cstring_to_text_with_len(fld[c], flen[c]));
	}
	vals[1] = PointerGetDatum(construct_md_array(fa->elems, fa->nulls, 1, dims, lbs,
												 TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * stk_csv_rows(csv text, columns text[])
 *		RETURNS TABLE (line integer, fields text[], error text)
 */
Datum
stk_csv_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CsvRead		cr;
	FieldArray	fa;

	csv_read_start(&cr, fcinfo);
	InitMaterializedSRF(fcinfo, 0);
	fa.elems = palloc(sizeof(Datum) * cr.ncols);
	fa.nulls = palloc(sizeof(bool) * cr.ncols);
	csv_read_all(&cr, rsinfo, text_array_row, &fa);
	return (Datum) 0;
}

/* The input functions of stk_csv_records' typed columns. */
typedef struct TypedInputs
{
	FmgrInfo   *in;
	Oid		   *ioparam;
} TypedInputs;

/* A row of stk_csv_records: line, error, the fields as typed values. */
static void
typed_row(CsvRead *cr, char **fld, size_t *flen, char *err,
		  Datum *vals, bool *nulls, void *arg)
{
	TypedInputs *ti = (TypedInputs *) arg;

	vals[0] = Int32GetDatum((int32) cr->r.record_line);
	nulls[0] = false;
	nulls[1] = (err == NULL);
	if (err != NULL)
		vals[1] = CStringGetTextDatum(err);
	for (int c = 0; c < cr->ncols; c++)
	{
		bool		b;

		nulls[c + 2] = (err != NULL || fld[c] == NULL);
		if (nulls[c + 2])
			continue;

		/*
		 * The field passed its type's check, so the input function does not
		 * fail on it (the checks are stricter than the input functions).
		 */
		if (cr->specs[c].type == COL_TEXT)
			vals[c + 2] = PointerGetDatum(cstring_to_text_with_len(fld[c], flen[c]));
		else if (cr->specs[c].type == COL_BOOL && stk_csv_is_bool(fld[c], flen[c], &b))
			vals[c + 2] = BoolGetDatum(b);
		else
			vals[c + 2] = InputFunctionCall(&ti->in[c], pnstrdup(fld[c], flen[c]),
											ti->ioparam[c], -1);
	}
}

/*
 * stk_csv_records(csv text, columns text[]) RETURNS SETOF record
 *		AS (line integer, error text, <one column per spec, of its type>)
 *
 * The typed form of stk_csv_rows for the importers: the fields come out as
 * values of their columns' types, converted once here, instead of as a
 * text array that the query takes apart and casts again (that round trip
 * was about 40 % of the CPU time of a 100,000-line import's checks).
 */
Datum
stk_csv_records(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CsvRead		cr;
	TupleDesc	desc;
	TypedInputs ti;
	static const Oid type_oids[] = {
		TEXTOID, INT8OID, INT4OID, NUMERICOID, DATEOID, TIMESTAMPTZOID, BOOLOID
	};

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || rsinfo->expectedDesc == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("stk_csv_records must be called in FROM with a column definition list")));
	csv_read_start(&cr, fcinfo);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	desc = rsinfo->setDesc;

	/* the column definition list: line, error, then the specs' types */
	if (desc->natts != cr.ncols + 2 ||
		TupleDescAttr(desc, 0)->atttypid != INT4OID ||
		TupleDescAttr(desc, 1)->atttypid != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the column definition list of stk_csv_records must be (line integer, error text) "
						"and one column per column spec")));
	ti.in = palloc(sizeof(FmgrInfo) * cr.ncols);
	ti.ioparam = palloc(sizeof(Oid) * cr.ncols);
	for (int c = 0; c < cr.ncols; c++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, c + 2);
		Oid			func;

		if (att->atttypid != type_oids[cr.specs[c].type])
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of the column definition list must be of type %s",
							NameStr(att->attname), format_type_be(type_oids[cr.specs[c].type]))));
		getTypeInputInfo(att->atttypid, &func, &ti.ioparam[c]);
		fmgr_info(func, &ti.in[c]);
	}
	csv_read_all(&cr, rsinfo, typed_row, &ti);
	return (Datum) 0;
}
