/*-------------------------------------------------------------------------
 *
 * pdf_fn.c
 *	  stk_pdf(doc jsonb): a printable report from a JSON description, laid
 *	  out and written by src/core/pdf_doc.c (libharu).
 *
 * The JSON (an object):
 *	  title (string, required), subtitle and footer (strings, optional),
 *	  blocks (array, optional) of objects with one of
 *		heading: string
 *		text: string (newlines start paragraphs)
 *		table: {columns: [strings], align: "lrr..." (optional), rows: [[cells]]}
 *			   cells are strings, numbers, booleans or null (printed empty)
 *		bars: {labels: [strings], values: [numbers], caption: string (optional)}
 *
 * The whole description is checked and converted before libharu is called,
 * so that no error can interrupt the library (the core frees its document
 * on every path); the bytes it returns (malloc) are copied and freed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "core/pdf_doc.h"
#include "stokkel.h"

PG_FUNCTION_INFO_V1(stk_pdf);

/* Bounds of what one report may hold (54000 beyond them). */
#define PDF_MAX_BLOCKS 1000
#define PDF_MAX_CELLS 200000

/* The member key of obj if present (of type type), else NULL. */
static JsonbValue *
optional_member(JsonbContainer *obj, const char *key, enum jbvType type, const char *what)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	if (findJsonbValueFromContainer(obj, JB_FOBJECT, &k) == NULL)
		return NULL;
	return stk_json_member(obj, key, type, what);
}

/* A JSON string as UTF-8, whatever the database's encoding. */
static char *
string_of(JsonbValue *v)
{
	char	   *s = pnstrdup(v->val.string.val, v->val.string.len);

	return pg_server_to_any(s, v->val.string.len, PG_UTF8);
}

/* A table cell as text: strings as they are, numbers as numeric_out. */
static const char *
cell_text(JsonbValue *v, int block, int row)
{
	switch (v->type)
	{
		case jbvNull:
			return NULL;
		case jbvString:
			return string_of(v);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return v->val.boolean ? "true" : "false";
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("row %d of table block %d holds a JSON array or object", row, block),
					 errhint("A cell is a string, a number, a boolean or null.")));
	}
	return NULL;				/* not reached */
}

static JsonbContainer *
array_of(JsonbValue *v)
{
	return v->val.binary.data;
}

static void
table_block(JsonbContainer *t, int bno, StkPdfBlock *b, int *cells_used)
{
	JsonbContainer *cols = array_of(stk_json_member(t, "columns", jbvArray, "a table"));
	JsonbContainer *rows = array_of(stk_json_member(t, "rows", jbvArray, "a table"));
	JsonbValue *align = optional_member(t, "align", jbvString, "a table");
	const char **header;
	const char **cells;

	b->kind = STK_PDF_TABLE;
	b->ncols = JsonContainerSize(cols);
	b->nrows = JsonContainerSize(rows);
	if (b->ncols < 1 || b->ncols > STK_PDF_MAX_COLS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("table block %d has %d columns", bno, b->ncols),
				 errdetail("A table has 1 to %d columns.", STK_PDF_MAX_COLS)));
	if ((double) *cells_used + (double) b->ncols * (b->nrows + 1) > PDF_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a report holds at most %d table cells", PDF_MAX_CELLS)));
	*cells_used += b->ncols * (b->nrows + 1);
	header = palloc(sizeof(char *) * b->ncols);
	for (int c = 0; c < b->ncols; c++)
	{
		JsonbValue *v = getIthJsonbValueFromContainer(cols, c);

		if (v->type != jbvString)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("column names of table block %d must be JSON strings", bno)));
		header[c] = string_of(v);
	}
	if (align)
	{
		char	   *a = string_of(align);

		if (strlen(a) != (size_t) b->ncols || strspn(a, "lrc") != (size_t) b->ncols)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("align of table block %d must have one of l, r or c per column", bno)));
		b->align = a;
	}
	cells = palloc(sizeof(char *) * ((size_t) b->nrows * b->ncols + 1));
	for (int r = 0; r < b->nrows; r++)
	{
		JsonbValue *row = getIthJsonbValueFromContainer(rows, r);

		if (row->type != jbvBinary || !JsonContainerIsArray(row->val.binary.data) ||
			JsonContainerSize(row->val.binary.data) != (uint32) b->ncols)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("row %d of table block %d is not an array of %d cells", r + 1, bno,
							b->ncols)));
		for (int c = 0; c < b->ncols; c++)
			cells[(size_t) r * b->ncols + c] =
				cell_text(getIthJsonbValueFromContainer(row->val.binary.data, c), bno, r + 1);
	}
	b->header = header;
	b->cells = cells;
}

static void
bars_block(JsonbContainer *o, int bno, StkPdfBlock *b)
{
	JsonbContainer *labels = array_of(stk_json_member(o, "labels", jbvArray, "a bar chart"));
	JsonbContainer *values = array_of(stk_json_member(o, "values", jbvArray, "a bar chart"));
	JsonbValue *caption = optional_member(o, "caption", jbvString, "a bar chart");
	const char **lab;
	double	   *val;

	b->kind = STK_PDF_BARS;
	b->nbars = JsonContainerSize(values);
	if (b->nbars < 1 || b->nbars > STK_PDF_MAX_BARS ||
		JsonContainerSize(labels) != (uint32) b->nbars)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bar chart block %d needs 1 to %d values and as many labels", bno,
						STK_PDF_MAX_BARS)));
	lab = palloc(sizeof(char *) * b->nbars);
	val = palloc(sizeof(double) * b->nbars);
	for (int i = 0; i < b->nbars; i++)
	{
		JsonbValue *l = getIthJsonbValueFromContainer(labels, i);
		JsonbValue *v = getIthJsonbValueFromContainer(values, i);

		if (l->type != jbvString && l->type != jbvNull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("labels of bar chart block %d must be JSON strings or null", bno)));
		if (v->type != jbvNumeric)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("values of bar chart block %d must be JSON numbers", bno)));
		lab[i] = l->type == jbvString ? string_of(l) : NULL;
		val[i] = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													NumericGetDatum(v->val.numeric)));
		if (!isfinite(val[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value %d of bar chart block %d is out of range", i + 1, bno)));
	}
	b->labels = lab;
	b->values = val;
	b->text = caption ? string_of(caption) : NULL;
}

Datum
stk_pdf(PG_FUNCTION_ARGS)
{
	Jsonb	   *doc = PG_GETARG_JSONB_P(0);
	JsonbContainer *root = &doc->root;
	JsonbValue *blocks;
	JsonbValue *v;
	StkPdfDoc	d = {0};
	StkPdfBlock *bl = NULL;
	int			cells_used = 0;
	unsigned char *pdf;
	size_t		len;
	char		err[256] = "";
	int			rc;
	bytea	   *result;

	if (!JB_ROOT_IS_OBJECT(doc))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a report must be a JSON object with a title and blocks")));
	d.title = string_of(stk_json_member(root, "title", jbvString, "a report"));
	if ((v = optional_member(root, "subtitle", jbvString, "a report")) != NULL)
		d.subtitle = string_of(v);
	if ((v = optional_member(root, "footer", jbvString, "a report")) != NULL)
		d.footer = string_of(v);
	if ((blocks = optional_member(root, "blocks", jbvArray, "a report")) != NULL)
	{
		JsonbContainer *arr = array_of(blocks);

		d.nblocks = JsonContainerSize(arr);
		if (d.nblocks > PDF_MAX_BLOCKS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a report holds at most %d blocks", PDF_MAX_BLOCKS)));
		bl = palloc0(sizeof(StkPdfBlock) * (d.nblocks + 1));
		for (int i = 0; i < d.nblocks; i++)
		{
			JsonbValue *b = getIthJsonbValueFromContainer(arr, i);
			JsonbContainer *o;

			if (b->type != jbvBinary || !JsonContainerIsObject(b->val.binary.data) ||
				JsonContainerSize(b->val.binary.data) != 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("block %d must be a JSON object with one key", i + 1),
						 errhint("The keys are heading, text, table and bars.")));
			o = b->val.binary.data;
			if ((v = optional_member(o, "heading", jbvString, "a block")) != NULL)
			{
				bl[i].kind = STK_PDF_HEADING;
				bl[i].text = string_of(v);
			}
			else if ((v = optional_member(o, "text", jbvString, "a block")) != NULL)
			{
				bl[i].kind = STK_PDF_TEXT;
				bl[i].text = string_of(v);
			}
			else if ((v = optional_member(o, "table", jbvBinary, "a block")) != NULL &&
					 JsonContainerIsObject(v->val.binary.data))
				table_block(v->val.binary.data, i + 1, &bl[i], &cells_used);
			else if ((v = optional_member(o, "bars", jbvBinary, "a block")) != NULL &&
					 JsonContainerIsObject(v->val.binary.data))
				bars_block(v->val.binary.data, i + 1, &bl[i]);
			else
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("block %d is not a heading, text, table or bars object", i + 1)));
		}
	}
	d.blocks = bl;

	rc = stk_pdf_render(&d, &pdf, &len, err, sizeof(err));
	stk_check_canceled(rc, "stk_pdf");
	if (rc != STK_OK)
		ereport(ERROR,
				(errcode(rc == STK_ENOMEM ? ERRCODE_OUT_OF_MEMORY :
						 rc == STK_ETOOLONG ? ERRCODE_PROGRAM_LIMIT_EXCEEDED :
						 ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("could not write the report: %s", err)));
	if (len > MaxAllocSize - VARHDRSZ)
	{
		free(pdf);
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the report is larger than 1 GB")));
	}
	result = palloc_extended(len + VARHDRSZ, MCXT_ALLOC_NO_OOM);
	if (result == NULL)
	{
		free(pdf);
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory for a report of %zu bytes", len)));
	}
	SET_VARSIZE(result, len + VARHDRSZ);
	memcpy(VARDATA(result), pdf, len);
	free(pdf);
	PG_RETURN_BYTEA_P(result);
}
