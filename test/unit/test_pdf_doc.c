/*-------------------------------------------------------------------------
 *
 * test_pdf_doc.c
 *	  Unit tests of the report layout (src/core/pdf_doc.c).
 *
 * 1. UTF-8 to Windows-1252: accents and the euro sign kept, other
 *	  characters and malformed bytes as '?'.
 * 2. A document read back by an independent reader, poppler's pdftotext
 *	  (Debian's poppler-utils): the title, a heading, accented text, every
 *	  row of a table long enough to take three pages (its header repeated on
 *	  each), the numbers of a bar chart's axis, and "page i of n" footers.
 * 3. Layout: a cell too wide for the page is shortened with an ellipsis;
 *	  the same document gives the same bytes.
 * 4. Bad input gives a status and a message, never a crash: no title,
 *	  no columns, more than 24, a bad alignment, a NaN bar, no bars, more
 *	  than 1,000 pages.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_doc.h"
#include "stk_core.h"
#include "tap.h"

/* pdftotext's text of a PDF (malloc), or NULL when it cannot run. */
static char *
pdf_text(const unsigned char *pdf, size_t len)
{
	char		path[] = "/tmp/stk_pdf_test_XXXXXX";
	char		cmd[128];
	int			fd = mkstemp(path);
	FILE	   *f,
			   *p;
	char	   *out = NULL;
	size_t		n = 0,
				cap = 0;
	int			c;

	if (fd < 0 || (f = fdopen(fd, "wb")) == NULL)
		return NULL;
	fwrite(pdf, 1, len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s - 2>&1", path);
	if ((p = popen(cmd, "r")) != NULL)
	{
		while ((c = fgetc(p)) != EOF)
		{
			if (n + 2 > cap)
			{
				cap = cap ? 2 * cap : 4096;
				out = realloc(out, cap);
			}
			out[n++] = (char) c;
		}
		pclose(p);
		if (out)
			out[n] = '\0';
	}
	if (getenv("STK_PDF_KEEP") == NULL)
		remove(path);
	else
		printf("# kept %s\n", path);
	return out;
}

static int
count(const char *hay, const char *needle)
{
	int			k = 0;

	for (const char *s = hay; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		k++;
	return k;
}

static void
test_cp1252(void)
{
	char		out[64];

	stk_pdf_cp1252("Caf\xc3\xa9 cr\xc3\xa8me", out, sizeof(out));
	tap_ok(strcmp(out, "Caf\xe9 cr\xe8me") == 0, "cp1252: é and è are single bytes");
	stk_pdf_cp1252("\xe2\x82\xac 5 \xe2\x80\x94 \xe2\x80\x9cok\xe2\x80\x9d", out, sizeof(out));
	tap_ok(strcmp(out, "\x80 5 \x97 \x93ok\x94") == 0, "cp1252: euro sign, em dash and quotes mapped");
	stk_pdf_cp1252("a\xe4\xb8\xad" "b\xf0\x9f\x98\x80" "c", out, sizeof(out));
	tap_ok(strcmp(out, "a?b?c") == 0, "cp1252: characters outside it become one ? each");
	stk_pdf_cp1252("x\xc3(y\xff" "z\tw", out, sizeof(out));
	tap_ok(strcmp(out, "x?(y?z w") == 0, "cp1252: malformed bytes become ?, a tab a space");
	stk_pdf_cp1252("1\xe2\x80\xaf" "000", out, sizeof(out));
	tap_ok(strcmp(out, "1 000") == 0, "cp1252: a narrow no-break space becomes a space");
	stk_pdf_cp1252("abcdef", out, 4);
	tap_ok(strcmp(out, "abc") == 0, "cp1252: output cut at its size");
}

#define NROWS 150

static void
test_document(void)
{
	static const char *header[3] = {"SKU", "Product", "Units"};
	static const char *labels[4] = {"Mon", "Tue", "Wed", "Thu"};
	static const double values[4] = {1200, 0, 34500, 18000};
	const char **cells = malloc(sizeof(char *) * NROWS * 3);
	char	  (*buf)[3][64] = malloc(sizeof(*buf) * NROWS);
	StkPdfBlock blocks[5];
	StkPdfDoc	doc = {0};
	unsigned char *pdf = NULL,
			   *pdf2 = NULL;
	size_t		len = 0,
				len2 = 0;
	char		err[256];
	char	   *text;
	int			rc,
				found = 0;

	for (int r = 0; r < NROWS; r++)
	{
		snprintf(buf[r][0], 64, "SKU-%04d", r + 1);
		snprintf(buf[r][1], 64, r == 7 ? "Cr\xc3\xa8me fra\xc3\xae" "che %d" : "Product %d", r + 1);
		snprintf(buf[r][2], 64, "%d", 1000 + r);
		for (int c = 0; c < 3; c++)
			cells[r * 3 + c] = buf[r][c];
	}
	memset(blocks, 0, sizeof(blocks));
	blocks[0].kind = STK_PDF_HEADING;
	blocks[0].text = "Caisse du march\xc3\xa9";
	blocks[1].kind = STK_PDF_TEXT;
	blocks[1].text = "First paragraph.\nSecond paragraph, long enough to be wrapped over more than "
		"one line of the page: words words words words words words words words words words words "
		"words words words words words words words words words words words words.";
	blocks[2].kind = STK_PDF_BARS;
	blocks[2].text = "Revenue by day";
	blocks[2].nbars = 4;
	blocks[2].labels = labels;
	blocks[2].values = values;
	blocks[3].kind = STK_PDF_TABLE;
	blocks[3].ncols = 3;
	blocks[3].nrows = NROWS;
	blocks[3].header = header;
	blocks[3].cells = cells;
	blocks[3].align = "llr";
	blocks[4].kind = STK_PDF_HEADING;
	blocks[4].text = "The end";
	doc.title = "Boutique \xe2\x80\x94 report";
	doc.subtitle = "June 2026";
	doc.footer = "footer text";
	doc.nblocks = 5;
	doc.blocks = blocks;

	rc = stk_pdf_render(&doc, &pdf, &len, err, sizeof(err));
	tap_ok(rc == STK_OK && pdf != NULL && len > 1000, "document: rendered (%zu bytes)", len);
	if (rc != STK_OK)
	{
		printf("# %s\n", err);
		return;
	}
	tap_ok(memcmp(pdf, "%PDF-1.", 7) == 0, "document: starts with the PDF header");
	text = pdf_text(pdf, len);
	tap_ok(text != NULL && strstr(text, "Boutique \xe2\x80\x94 report") != NULL,
		   "pdftotext: the title, with its em dash");
	if (text == NULL)
		return;
	tap_ok(strstr(text, "Caisse du march\xc3\xa9") != NULL, "pdftotext: the heading, accented");
	tap_ok(strstr(text, "Cr\xc3\xa8me fra\xc3\xae" "che 8") != NULL, "pdftotext: an accented cell");
	for (int r = 0; r < NROWS; r++)
	{
		char		want[32];

		snprintf(want, sizeof(want), "SKU-%04d", r + 1);
		found += count(text, want) == 1;
	}
	tap_ok(found == NROWS, "pdftotext: each of the %d rows once (%d)", NROWS, found);
	tap_ok(strstr(text, "1149") != NULL, "pdftotext: the last row's number");
	/* the table starts on page 1 and takes the rest */
	{
		int			pages = 0,
					numbered = 0;
		char		want[32];

		sscanf(strstr(text, "page 1 of ") ? strstr(text, "page 1 of ") + 10 : "0", "%d", &pages);
		for (int i = 1; i <= pages; i++)
		{
			snprintf(want, sizeof(want), "page %d of %d", i, pages);
			numbered += count(text, want) == 1;
		}
		tap_ok(pages >= 3 && numbered == pages, "%d pages, each numbered i of %d", pages, pages);
		tap_ok(count(text, "Units") == pages, "the table header on each page (%d)", count(text, "Units"));
		tap_ok(count(text, "footer text") == pages, "the footer on every page");
	}
	tap_ok(strstr(text, "34.5k") != NULL && strstr(text, "Wed") != NULL,
		   "the chart's axis value (34.5k) and a label");
	tap_ok(strstr(text, "Second paragraph") != NULL && strstr(text, "The end") != NULL,
		   "the text and the last heading");
	free(text);

	rc = stk_pdf_render(&doc, &pdf2, &len2, err, sizeof(err));
	tap_ok(rc == STK_OK && len2 == len && memcmp(pdf, pdf2, len) == 0,
		   "the same document gives the same bytes");
	free(pdf);
	free(pdf2);
	free(cells);
	free(buf);
}

static void
test_ellipsis(void)
{
	static const char *header[2] = {"Name", "N"};
	char		wide[600];
	const char *cells[2];
	StkPdfBlock b = {0};
	StkPdfDoc	doc = {0};
	unsigned char *pdf;
	size_t		len;
	char		err[256];
	char	   *text;

	for (int i = 0; i < 599; i++)
		wide[i] = "abcdefghij "[i % 11];
	memcpy(wide + 590, "ENDOFCELL", 10);
	cells[0] = wide;
	cells[1] = "42";
	b.kind = STK_PDF_TABLE;
	b.ncols = 2;
	b.nrows = 1;
	b.header = header;
	b.cells = cells;
	b.align = "lr";
	doc.title = "t";
	doc.nblocks = 1;
	doc.blocks = &b;
	tap_ok(stk_pdf_render(&doc, &pdf, &len, err, sizeof(err)) == STK_OK, "a too wide cell: rendered");
	text = pdf_text(pdf, len);
	tap_ok(text && strstr(text, "\xe2\x80\xa6") != NULL && strstr(text, "42") != NULL &&
		   strstr(text, "ENDOFCELL") == NULL,
		   "a too wide cell: shortened with an ellipsis, the number beside it kept");
	free(text);
	free(pdf);
}


static bool
always(void)
{
	return true;
}

/*
 * Hostile sizes: a word of 100,000 characters (once measured prefix by
 * prefix, minutes), a title over libharu's 65,535-byte strings, bars at
 * +-1e308 (the span once overflowed to Infinity and wrote a corrupt
 * number); and a pending cancel stops the layout.
 */
static void
test_hostile(void)
{
	static const char *labels[2] = {"up", "down"};
	static const double values[2] = {1e308, -1e308};
	char	   *word = malloc(100001);
	char	   *title = malloc(70001);
	StkPdfBlock b[2];
	StkPdfDoc	doc = {0};
	unsigned char *pdf;
	size_t		len;
	char		err[256];
	char	   *text;
	int			rc;

	memset(word, 'W', 100000);
	word[100000] = '\0';
	memset(title, 'T', 70000);
	title[70000] = '\0';
	memset(b, 0, sizeof(b));
	b[0].kind = STK_PDF_TEXT;
	b[0].text = word;
	b[1].kind = STK_PDF_BARS;
	b[1].nbars = 2;
	b[1].labels = labels;
	b[1].values = values;
	doc.title = title;
	doc.footer = word;
	doc.nblocks = 2;
	doc.blocks = b;
	rc = stk_pdf_render(&doc, &pdf, &len, err, sizeof(err));
	tap_ok(rc == STK_OK, "a 100,000-character word, a 70,000-byte title, bars at +-1e308: rendered (%s)",
		   rc == STK_OK ? "ok" : err);
	if (rc == STK_OK)
	{
		text = pdf_text(pdf, len);
		tap_ok(text != NULL && strstr(text, "Syntax Error") == NULL && strstr(text, "WWWW") != NULL &&
			   strstr(text, "down") != NULL, "pdftotext reads it without a syntax error");
		free(text);
		free(pdf);
	}
	stk_interrupt_hook = always;
	rc = stk_pdf_render(&doc, &pdf, &len, err, sizeof(err));
	stk_interrupt_hook = NULL;
	tap_ok(rc == STK_ECANCELED && pdf == NULL, "a pending cancel: STK_ECANCELED, nothing returned");
	free(word);
	free(title);
}

static int
render_fails(StkPdfDoc *doc, int want, const char *what)
{
	unsigned char *pdf = (unsigned char *) "x";
	size_t		len = 7;
	char		err[256] = "";
	int			rc = stk_pdf_render(doc, &pdf, &len, err, sizeof(err));

	return tap_ok(rc == want && pdf == NULL && len == 0 && err[0] != '\0', "%s: status %d (%s)",
				  what, rc, err);
}

static void
test_bad_input(void)
{
	static const char *header[25] = {"a"};
	static const char *labels[2] = {"x", "y"};
	double		nan_values[2] = {1, NAN};
	const char **cells;
	StkPdfBlock b = {0};
	StkPdfDoc	doc = {0};

	render_fails(&doc, STK_EINVAL, "no title");
	doc.title = "t";
	doc.nblocks = 1;
	doc.blocks = &b;
	b.kind = STK_PDF_TABLE;
	b.header = header;
	render_fails(&doc, STK_EINVAL, "a table without columns");
	b.ncols = 25;
	render_fails(&doc, STK_EINVAL, "a table of 25 columns");
	b.ncols = 1;
	b.align = "x";
	render_fails(&doc, STK_EINVAL, "alignment x");
	b.align = NULL;
	b.kind = STK_PDF_BARS;
	b.nbars = 0;
	b.labels = labels;
	b.values = nan_values;
	render_fails(&doc, STK_EINVAL, "a chart without bars");
	b.nbars = 2;
	render_fails(&doc, STK_ENONFINITE, "a NaN bar");
	b.kind = (StkPdfBlockKind) 9;
	render_fails(&doc, STK_EINVAL, "an unknown block kind");
	b.kind = STK_PDF_HEADING;
	b.text = NULL;
	render_fails(&doc, STK_EINVAL, "a heading without text");

	/* 61 rows a page: 70,000 rows need more than 1,000 pages */
	cells = calloc(70000, sizeof(char *));
	b.kind = STK_PDF_TABLE;
	b.ncols = 1;
	b.nrows = 70000;
	b.cells = cells;
	render_fails(&doc, STK_ETOOLONG, "more than 1,000 pages");
	free(cells);
}

int
main(void)
{
	test_cp1252();
	test_document();
	test_ellipsis();
	test_hostile();
	test_bad_input();
	return tap_done();
}
