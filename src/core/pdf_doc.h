/*-------------------------------------------------------------------------
 *
 * pdf_doc.h
 *	  A printable report: a title and a list of blocks (headings, text,
 *	  tables, bar charts) laid out on A4 pages and written as PDF with
 *	  libharu (Debian's libhpdf-dev).
 *
 * The caller describes the content; this module does the layout: column
 * widths from the content, cells shortened with an ellipsis where a row is
 * wider than the page, page breaks that repeat a table's header, a heading
 * never left alone at the foot of a page, and "page i of n" in every
 * footer.  Text is UTF-8; the PDF's standard Helvetica fonts hold the
 * Windows-1252 characters (Latin letters with their accents, the euro
 * sign, typographic quotes), and any other character is printed as "?".
 *
 * No postgres.h here: the glue (src/pdf_fn.c) builds the StkPdfDoc from
 * JSON and copies the bytes out.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_PDF_DOC_H
#define STK_PDF_DOC_H

#include <stddef.h>

typedef enum StkPdfBlockKind
{
	STK_PDF_HEADING,
	STK_PDF_TEXT,
	STK_PDF_TABLE,
	STK_PDF_BARS
} StkPdfBlockKind;

typedef struct StkPdfBlock
{
	StkPdfBlockKind kind;
	const char *text;			/* heading, text, or the chart's caption */

	/* table: a header row and nrows rows of ncols cells, row-major */
	int			ncols;
	int			nrows;
	const char *const *header;	/* ncols; NULL entries print nothing */
	const char *const *cells;	/* nrows * ncols; NULL entries print nothing */
	const char *align;			/* ncols of 'l', 'r' or 'c'; NULL: all 'l' */

	/* bars: one bar per label, heights from values (finite) */
	int			nbars;
	const char *const *labels;
	const double *values;
} StkPdfBlock;

typedef struct StkPdfDoc
{
	const char *title;			/* required */
	const char *subtitle;		/* may be NULL */
	const char *footer;			/* left of every page's footer; may be NULL */
	int			nblocks;
	const StkPdfBlock *blocks;
} StkPdfDoc;

/* Bounds the caller can rely on (checked, STK_EINVAL or STK_ETOOLONG). */
#define STK_PDF_MAX_COLS 24
#define STK_PDF_MAX_BARS 400
#define STK_PDF_MAX_PAGES 1000

/*
 * Lay out and write doc.  On STK_OK *out holds *outlen bytes of PDF,
 * allocated with malloc (the caller frees it).  On failure *out is NULL and
 * err (errlen bytes) says why: STK_EINVAL for a malformed document,
 * STK_ENONFINITE for a bar value that is NaN or infinite, STK_ETOOLONG for
 * more than STK_PDF_MAX_PAGES pages, STK_ENOMEM when memory or libharu
 * fails.
 */
extern int	stk_pdf_render(const StkPdfDoc *doc, unsigned char **out, size_t *outlen,
						   char *err, size_t errlen);

/*
 * UTF-8 to Windows-1252 for the standard fonts: characters outside it
 * become '?', as do malformed sequences.  out has room for outsz bytes
 * (the result is at most strlen(in) bytes and always terminated).
 */
extern void stk_pdf_cp1252(const char *in, char *out, size_t outsz);

#endif							/* STK_PDF_DOC_H */
