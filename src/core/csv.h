/*-------------------------------------------------------------------------
 *
 * csv.h
 *	  A CSV record reader (RFC 4180 quoting) and the field checks of the
 *	  importers: whole numbers, decimals, ISO dates and timestamps.
 *
 * Plain C, no postgres.h: the glue (import_csv.c) turns records into rows
 * and its errors into SQLSTATEs; the unit tests run it on malloc.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_CSV_H
#define STK_CSV_H

#include "stk_core.h"

/* What stk_csv_next found. */
typedef enum StkCsvResult
{
	STK_CSV_RECORD,				/* a record: fields in rec */
	STK_CSV_EOF,				/* no more input */
	STK_CSV_BAD_QUOTE,			/* text after a closing quote: the rest of the
								 * line was skipped, the record is bad */
	STK_CSV_UNTERMINATED,		/* a quote never closed: input is malformed */
	STK_CSV_NOMEM
} StkCsvResult;

typedef struct StkCsvReader
{
	const char *p;				/* next byte to read */
	const char *end;
	long		line;			/* physical line of p, 1-based */
	char		delim;
	/* the current record: field i is buf[off[i]] .. + len[i] */
	char	   *buf;
	size_t		buf_cap;
	size_t	   *off;
	size_t	   *len;
	int			nfields;
	int			fields_cap;
	/*
	 * max_fields (0: no limit) bounds the fields kept per record: beyond it
	 * fields are only counted in extra_fields, so that a line of millions of
	 * delimiters costs no memory per field.
	 */
	int			max_fields;
	int			extra_fields;
	bool		cur_empty;		/* nothing read yet of the current field */
	long		record_line;	/* line the current record started on */
	const StkAllocator *alloc;
} StkCsvReader;

/* Start reading text[0 .. n); skips a UTF-8 byte order mark. */
extern void stk_csv_init(StkCsvReader *r, const char *text, size_t n,
						 const StkAllocator *a);

/* Guess the delimiter from the first line: ';' if it has ';' but no ','. */
extern char stk_csv_guess_delim(const char *text, size_t n);

/* Read the next record; empty lines are skipped (they hold no data). */
extern StkCsvResult stk_csv_next(StkCsvReader *r);

extern void stk_csv_free(StkCsvReader *r);

/*
 * Field checks.  Each returns true when s[0..n) is valid; the numeric check
 * may rewrite a decimal comma into a point (decimal_comma) in place.
 */
extern bool stk_csv_is_int(const char *s, size_t n, int64_t min, int64_t max);
extern bool stk_csv_is_decimal(char *s, size_t n, bool decimal_comma);

/* The longest field stk_csv_is_decimal accepts. */
#define STK_CSV_NUMBER_MAX 64
extern bool stk_csv_is_date(const char *s, size_t n);
extern bool stk_csv_is_timestamp(const char *s, size_t n);
extern bool stk_csv_is_bool(const char *s, size_t n, bool *value);

/*
 * A leading day-first date DD/MM/YYYY (as French spreadsheets write dates,
 * followed by the end, a space or T) rewritten in place into YYYY-MM-DD, the
 * same length, so that the date and timestamp checks then read it; true
 * when rewritten.  Not a check: the rewritten text may still be no date.
 */
extern bool stk_csv_day_first(char *s, size_t n);

/*
 * Digit groups of a French number, "13 500,50" or "1 250 000" (space, no-break
 * space U+00A0 or narrow no-break space U+202F between groups of three
 * digits), closed up in place; *n becomes the new length.  Text that is not
 * such a number is left as it is (the number check then judges it).
 */
extern void stk_csv_close_groups(char *s, size_t *n);

#endif							/* STK_CSV_H */
