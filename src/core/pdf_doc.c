/*-------------------------------------------------------------------------
 *
 * pdf_doc.c
 *	  Lay out a report (pdf_doc.h) on A4 pages and write it with libharu.
 *
 * libharu is used without an error handler: its calls then return a status
 * and remember the first error, which is checked once at the end (nothing
 * here jumps out of the library, so a document is always freed).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "pdf_doc.h"
#include "stk_core.h"

#define PAGE_W 595.276f			/* A4, in points */
#define PAGE_H 841.89f
#define MARGIN 42.5f			/* 15 mm */
#define BOTTOM (MARGIN + 14.0f) /* lowest line of content: the footer is below */
#define BODY 9.0f				/* font sizes */
#define SMALL 7.5f
#define HEADING 12.0f
#define TITLE 16.0f
#define ROW_H 13.0f
#define PAD 3.0f
#define CHART_H 150.0f
#define ELLIPSIS "\x85"			/* in Windows-1252 */
#define FIT_MAX 1024			/* bytes: more never fit on a line */

typedef struct Layout
{
	HPDF_Doc	pdf;
	HPDF_Font	regular;
	HPDF_Font	bold;
	HPDF_Page  *pages;
	int			npages;
	int			maxpages;
	HPDF_Page	page;
	float		y;				/* top of the free space on the page */
	int			status;			/* first failure of ours */
	char	   *err;
	size_t		errlen;
} Layout;

/* Unicode code points of Windows-1252's bytes 0x80..0x9F (0: unassigned). */
static const unsigned int cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

static unsigned char
cp1252_byte(unsigned int cp, bool keep_newlines)
{
	if (cp == '\n' && keep_newlines)
		return '\n';
	if (cp < 0x20)
		return ' ';				/* control characters: tabs, newlines */
	if (cp < 0x7F || (cp >= 0xA0 && cp <= 0xFF))
		return (unsigned char) cp;
	if (cp == 0x202F || cp == 0x2009)
		return ' ';				/* thin spaces of French number formats */
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] == cp)
			return (unsigned char) (0x80 + i);
	return '?';
}

static void
convert(const char *in, char *out, size_t outsz, bool keep_newlines)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t		o = 0;

	if (outsz == 0)
		return;
	while (*s && o + 1 < outsz)
	{
		unsigned int cp;
		int			len;

		if (*s < 0x80)
		{
			cp = *s;
			len = 1;
		}
		else if ((*s & 0xE0) == 0xC0)
		{
			cp = *s & 0x1F;
			len = 2;
		}
		else if ((*s & 0xF0) == 0xE0)
		{
			cp = *s & 0x0F;
			len = 3;
		}
		else if ((*s & 0xF8) == 0xF0)
		{
			cp = *s & 0x07;
			len = 4;
		}
		else
		{
			out[o++] = '?';
			s++;
			continue;
		}
		for (int k = 1; k < len; k++)
		{
			if ((s[k] & 0xC0) != 0x80)
			{
				/* truncated sequence: one '?' for its lead byte */
				cp = 0x110000;
				len = k;
				break;
			}
			cp = (cp << 6) | (s[k] & 0x3F);
		}
		out[o++] = cp >= 0x110000 ? '?' : (char) cp1252_byte(cp, keep_newlines);
		s += len;
	}
	out[o] = '\0';
}

void
stk_pdf_cp1252(const char *in, char *out, size_t outsz)
{
	convert(in, out, outsz, false);
}

/*
 * A copy of UTF-8 text in Windows-1252 (malloc), or NULL when out of memory;
 * newlines kept or made spaces.
 */
static char *
latin_text(const char *utf8, bool keep_newlines)
{
	size_t		n = strlen(utf8 ? utf8 : "") + 1;
	char	   *out = malloc(n);

	if (out)
		convert(utf8 ? utf8 : "", out, n, keep_newlines);
	return out;
}

static char *
latin(const char *utf8)
{
	return latin_text(utf8, false);
}

static float
text_width(HPDF_Font font, float size, const char *s, size_t len)
{
	HPDF_TextWidth tw;

	if (len == 0)
		return 0.0f;
	/* wider than any page at any size used here (the narrowest glyph is
	 * 0.19 em): not measured, libharu measures at most 65535 bytes */
	if (len > FIT_MAX)
		return 1e9f;
	tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *) s, (HPDF_UINT) len);
	return tw.width * size / 1000.0f;
}

static void
fail(Layout *L, int status, const char *msg)
{
	if (L->status == STK_OK)
	{
		L->status = status;
		snprintf(L->err, L->errlen, "%s", msg);
	}
}

static void
new_page(Layout *L)
{
	if (L->npages == STK_PDF_MAX_PAGES)
	{
		fail(L, STK_ETOOLONG, "the report would have more than 1000 pages");
		return;
	}
	if (L->npages == L->maxpages)
	{
		int			n = L->maxpages ? 2 * L->maxpages : 8;
		HPDF_Page  *p = realloc(L->pages, n * sizeof(HPDF_Page));

		if (p == NULL)
		{
			fail(L, STK_ENOMEM, "out of memory");
			return;
		}
		L->pages = p;
		L->maxpages = n;
	}
	L->page = HPDF_AddPage(L->pdf);
	if (L->page == NULL)
	{
		fail(L, STK_ENOMEM, "libharu could not add a page");
		return;
	}
	HPDF_Page_SetSize(L->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	L->pages[L->npages++] = L->page;
	L->y = PAGE_H - MARGIN;
}

/* Room for h more points on this page, or a new page. */
static void
need(Layout *L, float h)
{
	if (L->y - h < BOTTOM)
		new_page(L);
}

/* Text (Windows-1252) with its left edge at x and its baseline at y. */
static void
put(Layout *L, HPDF_Font font, float size, float x, float y, const char *s)
{
	HPDF_Page_BeginText(L->page);
	HPDF_Page_SetFontAndSize(L->page, font, size);
	HPDF_Page_TextOut(L->page, x, y, s);
	HPDF_Page_EndText(L->page);
}

/*
 * s (Windows-1252, modified in place) cut to at most w points wide, with an
 * ellipsis where it was cut.  One byte is one character in Windows-1252.
 */
static void
fit(HPDF_Font font, float size, char *s, float w)
{
	size_t		n = strlen(s);
	float		ell;

	if (text_width(font, size, s, n) <= w)
		return;
	ell = text_width(font, size, ELLIPSIS, 1);
	if (ell > w)
	{
		s[0] = '\0';
		return;
	}
	/* the longest prefix that fits with the ellipsis, in one pass */
	if (n > FIT_MAX)
		n = FIT_MAX;
	n = HPDF_Font_MeasureText(font, (const HPDF_BYTE *) s, (HPDF_UINT) n, w - ell, size,
							  0, 0, HPDF_FALSE, NULL);
	s[n] = ELLIPSIS[0];
	s[n + 1] = '\0';
}

/* Text in a cell from x to x + w, aligned, on baseline y. */
static void
put_cell(Layout *L, HPDF_Font font, float size, float x, float w, float y,
		 const char *utf8, char align)
{
	char	   *s;
	float		tw,
				tx;

	if (utf8 == NULL || utf8[0] == '\0')
		return;
	s = latin(utf8);
	if (s == NULL)
	{
		fail(L, STK_ENOMEM, "out of memory");
		return;
	}
	fit(font, size, s, w - 2 * PAD);
	tw = text_width(font, size, s, strlen(s));
	tx = align == 'r' ? x + w - PAD - tw : align == 'c' ? x + (w - tw) / 2 : x + PAD;
	put(L, font, size, tx, y, s);
	free(s);
}

static void
heading(Layout *L, const char *text)
{
	char	   *s = latin(text);

	if (s == NULL)
	{
		fail(L, STK_ENOMEM, "out of memory");
		return;
	}
	/* a heading keeps at least three lines of what follows with it */
	L->y -= 8.0f;
	need(L, HEADING + 4 * ROW_H);
	if (L->status == STK_OK)
	{
		fit(L->bold, HEADING, s, PAGE_W - 2 * MARGIN);
		L->y -= HEADING;
		put(L, L->bold, HEADING, MARGIN, L->y, s);
		L->y -= 6.0f;
	}
	free(s);
}

/* Paragraphs (split at newlines), wrapped at word boundaries. */
static void
paragraphs(Layout *L, const char *text, HPDF_Font font, float size)
{
	char	   *s = latin_text(text, true);
	char	   *p;
	float		w = PAGE_W - 2 * MARGIN;
	float		lh = size * 1.35f;

	if (s == NULL)
	{
		fail(L, STK_ENOMEM, "out of memory");
		return;
	}
	p = s;
	while (*p && L->status == STK_OK)
	{
		size_t		end = strcspn(p, "\n");
		size_t		len = 0;

		if (stk_interrupted())
		{
			fail(L, STK_ECANCELED, "canceled");
			break;
		}

		/* the longest run of whole words that fits, at least one word */
		while (len < end)
		{
			size_t		next = len;

			while (next < end && p[next] == ' ')
				next++;
			while (next < end && p[next] != ' ')
				next++;
			if (len > 0 && text_width(font, size, p, next) > w)
				break;
			len = next;
		}
		need(L, lh);
		if (L->status != STK_OK)
			break;
		L->y -= lh;
		{
			char		save = p[len];

			p[len] = '\0';
			fit(font, size, p, w);	/* one word wider than the page */
			put(L, font, size, MARGIN, L->y + (lh - size), p);
			p[len] = save;
		}
		p += len;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
	L->y -= 4.0f;
	free(s);
}

static void
table_header(Layout *L, const StkPdfBlock *b, const float *colw)
{
	float		x = MARGIN,
				tw = 0;

	for (int c = 0; c < b->ncols; c++)
		tw += colw[c];
	HPDF_Page_SetGrayFill(L->page, 0.88f);
	HPDF_Page_Rectangle(L->page, MARGIN, L->y - ROW_H, tw, ROW_H);
	HPDF_Page_Fill(L->page);
	HPDF_Page_SetGrayFill(L->page, 0.0f);
	for (int c = 0; c < b->ncols; c++)
	{
		put_cell(L, L->bold, BODY, x, colw[c], L->y - ROW_H + 3.5f, b->header[c],
				 b->align ? b->align[c] : 'l');
		x += colw[c];
	}
	L->y -= ROW_H;
}

/*
 * Column widths: each column's widest text; when the total is wider than
 * the page, the widest columns are cut to one common width (the narrow
 * ones, numbers mostly, keep theirs).
 */
static int
table_widths(Layout *L, const StkPdfBlock *b, float *colw)
{
	float		avail = PAGE_W - 2 * MARGIN;
	float		total = 0,
				lo = 0,
				hi = 0;

	for (int c = 0; c < b->ncols; c++)
	{
		float		w = 0;

		for (int r = -1; r < b->nrows; r++)
		{
			const char *cell = r < 0 ? b->header[c] : b->cells[(size_t) r * b->ncols + c];
			char	   *s;
			float		cw;

			if (cell == NULL)
				continue;
			if ((s = latin(cell)) == NULL)
				return STK_ENOMEM;
			cw = text_width(r < 0 ? L->bold : L->regular, BODY, s, strlen(s));
			free(s);
			if (cw > w)
				w = cw;
		}
		colw[c] = w + 2 * PAD + 1.0f;
		total += colw[c];
		if (colw[c] > hi)
			hi = colw[c];
	}
	if (total <= avail)
		return STK_OK;
	/* the common cap, by bisection: sum of min(width, cap) = avail */
	for (int it = 0; it < 60; it++)
	{
		float		mid = (lo + hi) / 2,
					sum = 0;

		for (int c = 0; c < b->ncols; c++)
			sum += colw[c] < mid ? colw[c] : mid;
		if (sum > avail)
			hi = mid;
		else
			lo = mid;
	}
	for (int c = 0; c < b->ncols; c++)
		if (colw[c] > lo)
			colw[c] = lo;
	return STK_OK;
}

static void
table(Layout *L, const StkPdfBlock *b)
{
	float		colw[STK_PDF_MAX_COLS];
	float		tw = 0;
	int			rc = table_widths(L, b, colw);

	if (rc != STK_OK)
	{
		fail(L, rc, "out of memory");
		return;
	}
	for (int c = 0; c < b->ncols; c++)
		tw += colw[c];
	need(L, 2 * ROW_H);
	if (L->status == STK_OK)
		table_header(L, b, colw);
	for (int r = 0; r < b->nrows && L->status == STK_OK; r++)
	{
		float		x = MARGIN;

		if (stk_interrupted())
		{
			fail(L, STK_ECANCELED, "canceled");
			break;
		}

		if (L->y - ROW_H < BOTTOM)
		{
			new_page(L);
			if (L->status != STK_OK)
				break;
			table_header(L, b, colw);
		}
		if (r % 2 == 1)
		{
			HPDF_Page_SetGrayFill(L->page, 0.96f);
			HPDF_Page_Rectangle(L->page, MARGIN, L->y - ROW_H, tw, ROW_H);
			HPDF_Page_Fill(L->page);
			HPDF_Page_SetGrayFill(L->page, 0.0f);
		}
		for (int c = 0; c < b->ncols; c++)
		{
			put_cell(L, L->regular, BODY, x, colw[c], L->y - ROW_H + 3.5f,
					 b->cells[(size_t) r * b->ncols + c], b->align ? b->align[c] : 'l');
			x += colw[c];
		}
		L->y -= ROW_H;
	}
	L->y -= 6.0f;
}

/* An axis value in few characters: 950, 12.5k, 3.2M. */
static void
short_number(double v, char *buf, size_t n)
{
	double		a = fabs(v);

	if (a >= 1e9)
		snprintf(buf, n, "%.3gG", v / 1e9);
	else if (a >= 1e6)
		snprintf(buf, n, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(buf, n, "%.3gk", v / 1e3);
	else
		snprintf(buf, n, "%.4g", v);
}

static void
bars(Layout *L, const StkPdfBlock *b)
{
	double		vmax = 0,
				vmin = 0,
				span;
	char		top[32],
				low[32];
	float		axisw,
				x0,
				w,
				slot,
				base,
				zero,
				lw = 0;
	int			step,
				drawn = 0;

	for (int i = 0; i < b->nbars; i++)
	{
		if (b->values[i] > vmax)
			vmax = b->values[i];
		if (b->values[i] < vmin)
			vmin = b->values[i];
	}
	if (vmax == vmin)
		vmax = 1;				/* all zero: an empty chart with an axis */
	/* halves, so that 1e308 and -1e308 do not overflow the span */
	span = vmax / 2 - vmin / 2;
	short_number(vmax, top, sizeof(top));
	short_number(vmin, low, sizeof(low));
	axisw = fmaxf(text_width(L->regular, SMALL, top, strlen(top)),
				  text_width(L->regular, SMALL, low, strlen(low))) + 4.0f;
	x0 = MARGIN + axisw;
	w = PAGE_W - MARGIN - x0;
	slot = w / b->nbars;

	/* the caption (it breaks pages itself), then the chart with its labels */
	need(L, ROW_H + CHART_H + 2 * ROW_H);
	if (L->status == STK_OK && b->text && b->text[0])
		paragraphs(L, b->text, L->regular, BODY);
	need(L, CHART_H + 2 * ROW_H);
	if (L->status != STK_OK)
		return;
	base = L->y - 4.0f - CHART_H;
	zero = base + (float) (CHART_H / 2 * (-vmin / span));

	/* the axis: lines at the top value and at zero, with their values */
	HPDF_Page_SetGrayStroke(L->page, 0.75f);
	HPDF_Page_SetLineWidth(L->page, 0.5f);
	HPDF_Page_MoveTo(L->page, x0, base + CHART_H);
	HPDF_Page_LineTo(L->page, x0 + w, base + CHART_H);
	HPDF_Page_MoveTo(L->page, x0, zero);
	HPDF_Page_LineTo(L->page, x0 + w, zero);
	HPDF_Page_Stroke(L->page);
	put(L, L->regular, SMALL, MARGIN, base + CHART_H - 2.5f, top);
	put(L, L->regular, SMALL, MARGIN, (vmin < 0 ? base : zero) - 2.5f, vmin < 0 ? low : "0");

	HPDF_Page_SetRGBFill(L->page, 0.16f, 0.42f, 0.63f);
	for (int i = 0; i < b->nbars; i++)
	{
		float		h = (float) (CHART_H / 2 * (b->values[i] / span));

		if (h != 0)
		{
			HPDF_Page_Rectangle(L->page, x0 + i * slot + 0.15f * slot, h > 0 ? zero : zero + h,
								0.7f * slot, fabsf(h));
			drawn = 1;
		}
	}
	/* a fill needs a path: none when every bar is zero */
	if (drawn)
		HPDF_Page_Fill(L->page);
	HPDF_Page_SetGrayFill(L->page, 0.0f);

	/* labels under the bars, every step-th so that they do not overlap */
	for (int i = 0; i < b->nbars; i++)
	{
		char	   *s;
		float		tw;

		if (b->labels[i] == NULL)
			continue;
		if ((s = latin(b->labels[i])) == NULL)
		{
			fail(L, STK_ENOMEM, "out of memory");
			return;
		}
		tw = text_width(L->regular, SMALL, s, strlen(s));
		if (tw > lw)
			lw = tw;
		free(s);
	}
	step = (int) ceilf((lw + 6.0f) / slot);
	if (step < 1)
		step = 1;
	for (int i = 0; i < b->nbars; i += step)
		put_cell(L, L->regular, SMALL, x0 + i * slot + slot / 2 - step * slot / 2, step * slot,
				 base - 9.0f, b->labels[i], 'c');
	L->y = base - 9.0f - ROW_H;
}

static int
check(const StkPdfDoc *doc, char *err, size_t errlen)
{
	if (doc == NULL || doc->title == NULL || doc->nblocks < 0 ||
		(doc->nblocks > 0 && doc->blocks == NULL))
	{
		snprintf(err, errlen, "a report needs a title");
		return STK_EINVAL;
	}
	for (int i = 0; i < doc->nblocks; i++)
	{
		const StkPdfBlock *b = &doc->blocks[i];

		switch (b->kind)
		{
			case STK_PDF_HEADING:
			case STK_PDF_TEXT:
				if (b->text == NULL)
				{
					snprintf(err, errlen, "block %d has no text", i + 1);
					return STK_EINVAL;
				}
				break;
			case STK_PDF_TABLE:
				if (b->ncols < 1 || b->ncols > STK_PDF_MAX_COLS || b->nrows < 0 ||
					b->header == NULL || (b->nrows > 0 && b->cells == NULL))
				{
					snprintf(err, errlen, "table %d has no columns or more than %d", i + 1,
							 STK_PDF_MAX_COLS);
					return STK_EINVAL;
				}
				for (int c = 0; b->align && c < b->ncols; c++)
					if (b->align[c] != 'l' && b->align[c] != 'r' && b->align[c] != 'c')
					{
						snprintf(err, errlen, "table %d: alignment must be l, r or c", i + 1);
						return STK_EINVAL;
					}
				break;
			case STK_PDF_BARS:
				if (b->nbars < 1 || b->nbars > STK_PDF_MAX_BARS || b->labels == NULL ||
					b->values == NULL)
				{
					snprintf(err, errlen, "chart %d has no bars or more than %d", i + 1,
							 STK_PDF_MAX_BARS);
					return STK_EINVAL;
				}
				for (int k = 0; k < b->nbars; k++)
					if (!isfinite(b->values[k]))
					{
						snprintf(err, errlen, "chart %d: bar %d is not a finite number", i + 1, k + 1);
						return STK_ENONFINITE;
					}
				break;
			default:
				snprintf(err, errlen, "block %d is of an unknown kind", i + 1);
				return STK_EINVAL;
		}
	}
	return STK_OK;
}

int
stk_pdf_render(const StkPdfDoc *doc, unsigned char **out, size_t *outlen,
			   char *err, size_t errlen)
{
	Layout		L = {0};
	char	   *title = NULL;
	HPDF_UINT32 size;
	int			rc;

	*out = NULL;
	*outlen = 0;
	if ((rc = check(doc, err, errlen)) != STK_OK)
		return rc;
	L.status = STK_OK;
	L.err = err;
	L.errlen = errlen;
	L.pdf = HPDF_New(NULL, NULL);
	if (L.pdf == NULL)
	{
		snprintf(err, errlen, "libharu could not start a document");
		return STK_ENOMEM;
	}
	HPDF_SetCompressionMode(L.pdf, HPDF_COMP_ALL);
	L.regular = HPDF_GetFont(L.pdf, "Helvetica", "WinAnsiEncoding");
	L.bold = HPDF_GetFont(L.pdf, "Helvetica-Bold", "WinAnsiEncoding");
	if ((title = latin(doc->title)) == NULL)
		fail(&L, STK_ENOMEM, "out of memory");
	else
	{
		/*
		 * The document's title is stored in PDFDocEncoding, which puts other
		 * characters at 0x80..0x9F than Windows-1252: those become '?' there
		 * (the page shows them right).  At most 1000 bytes of it.
		 */
		char		info[1001];

		snprintf(info, sizeof(info), "%s", title);
		for (char *c = info; *c; c++)
			if ((unsigned char) *c >= 0x80 && (unsigned char) *c <= 0x9F)
				*c = '?';
		HPDF_SetInfoAttr(L.pdf, HPDF_INFO_TITLE, info);
		HPDF_SetInfoAttr(L.pdf, HPDF_INFO_CREATOR, "Stokkel");
	}
	if (L.regular == NULL || L.bold == NULL)
		fail(&L, STK_ENOMEM, "libharu has no Helvetica");
	if (L.status == STK_OK)
		new_page(&L);
	if (L.status == STK_OK)
	{
		fit(L.bold, TITLE, title, PAGE_W - 2 * MARGIN);
		L.y -= TITLE;
		put(&L, L.bold, TITLE, MARGIN, L.y, title);
		L.y -= 6.0f;
		if (doc->subtitle && doc->subtitle[0])
		{
			HPDF_Page_SetGrayFill(L.page, 0.35f);
			paragraphs(&L, doc->subtitle, L.regular, BODY);
			HPDF_Page_SetGrayFill(L.page, 0.0f);
		}
	}
	for (int i = 0; i < doc->nblocks && L.status == STK_OK; i++)
	{
		const StkPdfBlock *b = &doc->blocks[i];

		if (stk_interrupted())
		{
			fail(&L, STK_ECANCELED, "canceled");
			break;
		}

		if (b->kind == STK_PDF_HEADING)
			heading(&L, b->text);
		else if (b->kind == STK_PDF_TEXT)
			paragraphs(&L, b->text, L.regular, BODY);
		else if (b->kind == STK_PDF_TABLE)
			table(&L, b);
		else
			bars(&L, b);
	}
	/* footers, now that the number of pages is known */
	for (int p = 0; p < L.npages && L.status == STK_OK; p++)
	{
		char		num[48];
		char	   *foot = latin(doc->footer);

		if (foot == NULL)
		{
			fail(&L, STK_ENOMEM, "out of memory");
			break;
		}
		L.page = L.pages[p];
		snprintf(num, sizeof(num), "page %d of %d", p + 1, L.npages);
		HPDF_Page_SetGrayFill(L.page, 0.45f);
		fit(L.regular, SMALL, foot, PAGE_W - 2 * MARGIN - 80.0f);
		put(&L, L.regular, SMALL, MARGIN, MARGIN - 10.0f, foot);
		put(&L, L.regular, SMALL, PAGE_W - MARGIN - text_width(L.regular, SMALL, num, strlen(num)),
			MARGIN - 10.0f, num);
		free(foot);
	}
	if (L.status == STK_OK && HPDF_GetError(L.pdf) != HPDF_OK)
	{
		char		msg[64];

		snprintf(msg, sizeof(msg), "libharu error 0x%04X (detail %u)",
				 (unsigned) HPDF_GetError(L.pdf), (unsigned) HPDF_GetErrorDetail(L.pdf));
		fail(&L, STK_EINVAL, msg);
	}
	if (L.status == STK_OK && HPDF_SaveToStream(L.pdf) != HPDF_OK)
		fail(&L, STK_ENOMEM, "libharu could not write the document");
	if (L.status == STK_OK)
	{
		size = HPDF_GetStreamSize(L.pdf);
		*out = malloc(size > 0 ? size : 1);
		if (*out == NULL)
			fail(&L, STK_ENOMEM, "out of memory");
		else
		{
			HPDF_STATUS st = HPDF_ReadFromStream(L.pdf, *out, &size);

			if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || size != HPDF_GetStreamSize(L.pdf))
			{
				free(*out);
				*out = NULL;
				fail(&L, STK_ENOMEM, "libharu could not read the document back");
			}
			else
				*outlen = size;
		}
	}
	free(title);
	free(L.pages);
	HPDF_Free(L.pdf);
	return L.status;
}
