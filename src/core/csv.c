/*-------------------------------------------------------------------------
 *
 * csv.c
 *	  CSV records and field checks for the importers.
 *
 * Quoting follows RFC 4180: a field that starts with a double quote runs to
 * the next lone double quote, "" inside it is one quote, and it may span
 * lines.  Records end at LF or CRLF.  The reader copies each record's
 * fields into one growing buffer, so a record costs no allocation once the
 * buffer is large enough.
 *
 *-------------------------------------------------------------------------
 */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
stk_csv_init(StkCsvReader *r, const char *text, size_t n, const StkAllocator *a)
{
	memset(r, 0, sizeof(*r));
	r->p = text;
	r->end = text + n;
	if (n >= 3 && (unsigned char) text[0] == 0xEF &&
		(unsigned char) text[1] == 0xBB && (unsigned char) text[2] == 0xBF)
		r->p += 3;
	r->line = 1;
	r->delim = ',';
	r->alloc = a;
}

char
stk_csv_guess_delim(const char *text, size_t n)
{
	bool		comma = false,
				semi = false,
				quoted = false;

	for (size_t i = 0; i < n; i++)
	{
		char		c = text[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == '\n')
			break;
		else if (!quoted && c == ',')
			comma = true;
		else if (!quoted && c == ';')
			semi = true;
	}
	return (semi && !comma) ? ';' : ',';
}

void
stk_csv_free(StkCsvReader *r)
{
	stk_free(r->alloc, r->buf);
	stk_free(r->alloc, r->off);
	stk_free(r->alloc, r->len);
	r->buf = NULL;
	r->off = r->len = NULL;
}

static bool
put_char(StkCsvReader *r, size_t *used, char c)
{
	if (*used == r->buf_cap)
	{
		size_t		cap = r->buf_cap ? r->buf_cap * 2 : 1024;
		char	   *b = stk_realloc(r->alloc, r->buf, cap);

		if (b == NULL)
			return false;
		r->buf = b;
		r->buf_cap = cap;
	}
	r->buf[(*used)++] = c;
	return true;
}

static bool
new_field(StkCsvReader *r, size_t used)
{
	r->cur_empty = true;
	if (r->max_fields > 0 && r->nfields >= r->max_fields)
	{
		r->extra_fields++;
		return true;
	}
	if (r->nfields == r->fields_cap)
	{
		int			cap = r->fields_cap ? r->fields_cap * 2 : 16;
		size_t	   *o = stk_realloc(r->alloc, r->off, cap * sizeof(size_t));

		if (o == NULL)
			return false;
		r->off = o;
		o = stk_realloc(r->alloc, r->len, cap * sizeof(size_t));
		if (o == NULL)
			return false;
		r->len = o;
		r->fields_cap = cap;
	}
	r->off[r->nfields] = used;
	r->len[r->nfields] = 0;
	r->nfields++;
	return true;
}

StkCsvResult
stk_csv_next(StkCsvReader *r)
{
	size_t		used = 0;

	/* empty lines hold no data */
	for (;;)
	{
		if (r->p >= r->end)
			return STK_CSV_EOF;
		if (*r->p == '\n')
		{
			r->p++;
			r->line++;
		}
		else if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
		{
			r->p += 2;
			r->line++;
		}
		else
			break;
	}

	r->nfields = 0;
	r->extra_fields = 0;
	r->record_line = r->line;
	if (!new_field(r, used))
		return STK_CSV_NOMEM;

	while (r->p < r->end)
	{
		char		c = *r->p;

		/* an extra field (beyond max_fields) is read but not kept */
		bool		keep = r->extra_fields == 0;

		if (c == '"' && r->cur_empty)
		{
			/* a quoted field: up to the closing quote */
			r->p++;
			for (;;)
			{
				if (r->p >= r->end)
					return STK_CSV_UNTERMINATED;
				c = *r->p++;
				if (c == '"')
				{
					if (r->p < r->end && *r->p == '"')
					{
						r->p++;
						if (keep && !put_char(r, &used, '"'))
							return STK_CSV_NOMEM;
						continue;
					}
					break;
				}
				if (c == '\n')
					r->line++;
				if (keep && !put_char(r, &used, c))
					return STK_CSV_NOMEM;
			}
			r->cur_empty = false;
			if (keep)
				r->len[r->nfields - 1] = used - r->off[r->nfields - 1];
			/* only a delimiter or the end of the record may follow */
			if (r->p < r->end && *r->p != r->delim && *r->p != '\n' &&
				!(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') &&
				!(*r->p == '\r' && r->p + 1 == r->end))
			{
				while (r->p < r->end && *r->p != '\n')
					r->p++;
				if (r->p < r->end)
				{
					r->p++;
					r->line++;
				}
				return STK_CSV_BAD_QUOTE;
			}
			continue;
		}
		if (c == r->delim)
		{
			r->p++;
			if (!new_field(r, used))
				return STK_CSV_NOMEM;
			continue;
		}
		if (c == '\n' || (c == '\r' && (r->p + 1 == r->end || r->p[1] == '\n')))
		{
			r->p += (c == '\r' && r->p + 1 < r->end) ? 2 : 1;
			r->line++;
			return STK_CSV_RECORD;
		}
		r->cur_empty = false;
		if (keep)
		{
			if (!put_char(r, &used, c))
				return STK_CSV_NOMEM;
			r->len[r->nfields - 1]++;
		}
		r->p++;
	}
	return STK_CSV_RECORD;
}

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
stk_csv_is_int(const char *s, size_t n, int64_t min, int64_t max)
{
	char		tmp[24];
	char	   *endp;
	long long	v;
	size_t		i = 0;

	if (n == 0 || n > 20)
		return false;
	if (s[0] == '+' || s[0] == '-')
		i = 1;
	if (i == n)
		return false;
	for (size_t k = i; k < n; k++)
		if (!is_digit(s[k]))
			return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtoll(tmp, &endp, 10);
	if (errno == ERANGE || *endp != '\0')
		return false;
	return v >= min && v <= max;
}

bool
stk_csv_is_decimal(char *s, size_t n, bool decimal_comma)
{
	size_t		i = 0;
	size_t		digits = 0;
	size_t		exp_digits = 0;

	/* no more than numeric's input would ever need for a retail value */
	if (n == 0 || n > STK_CSV_NUMBER_MAX)
		return false;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < n && is_digit(s[i]))
		i++, digits++;
	if (i < n && (s[i] == '.' || (decimal_comma && s[i] == ',')))
	{
		s[i] = '.';
		i++;
		while (i < n && is_digit(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E'))
	{
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && is_digit(s[i]))
			i++, exp_digits++;
		/* at most 3 exponent digits: no 1e100000 */
		if (exp_digits == 0 || exp_digits > 3)
			return false;
	}
	return i == n;
}

static bool
parse_digits(const char *s, int count, int *v)
{
	*v = 0;
	for (int i = 0; i < count; i++)
	{
		if (!is_digit(s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

static bool
valid_ymd(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y,
				m,
				d,
				dim;

	if (!parse_digits(s, 4, &y) || s[4] != '-' || !parse_digits(s + 5, 2, &m) ||
		s[7] != '-' || !parse_digits(s + 8, 2, &d))
		return false;
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return false;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	return d <= dim;
}

/* Length of a digit-group separator at s[0..n), 0 when there is none. */
static size_t
group_sep(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ' ')
		return 1;
	if (n >= 2 && (unsigned char) s[0] == 0xC2 && (unsigned char) s[1] == 0xA0)
		return 2;
	if (n >= 3 && (unsigned char) s[0] == 0xE2 && (unsigned char) s[1] == 0x80 &&
		(unsigned char) s[2] == 0xAF)
		return 3;
	return 0;
}

void
stk_csv_close_groups(char *s, size_t *n)
{
	size_t		i = 0,
				lead = 0,
				out;

	if (i < *n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < *n && is_digit(s[i]))
		i++, lead++;
	if (lead == 0 || lead > 3 || group_sep(s + i, *n - i) == 0)
		return;
	/* up to the decimal separator, each group separator then three digits */
	for (size_t j = i; j < *n && s[j] != ',' && s[j] != '.';)
	{
		size_t		k = group_sep(s + j, *n - j);

		if (k == 0 || j + k + 3 > *n ||
			!is_digit(s[j + k]) || !is_digit(s[j + k + 1]) || !is_digit(s[j + k + 2]))
			return;
		j += k + 3;
	}
	out = i;
	while (i < *n && s[i] != ',' && s[i] != '.')
	{
		size_t		k = group_sep(s + i, *n - i);

		if (k > 0)
			i += k;
		else
			s[out++] = s[i++];
	}
	while (i < *n)
		s[out++] = s[i++];
	*n = out;
}

bool
stk_csv_day_first(char *s, size_t n)
{
	char		d[2],
				m[2];

	if (n < 10 || (n > 10 && s[10] != ' ' && s[10] != 'T') || s[2] != '/' || s[5] != '/')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 2 && i != 5 && !is_digit(s[i]))
			return false;
	memcpy(d, s, 2);
	memcpy(m, s + 3, 2);
	memmove(s, s + 6, 4);
	s[4] = '-';
	memcpy(s + 5, m, 2);
	s[7] = '-';
	memcpy(s + 8, d, 2);
	return true;
}

bool
stk_csv_is_date(const char *s, size_t n)
{
	return n == 10 && valid_ymd(s);
}

/*
 * YYYY-MM-DD, optionally followed by [T or space]HH:MM[:SS[.ffffff]] and
 * an offset Z, +HH, +HHMM or +HH:MM.
 */
bool
stk_csv_is_timestamp(const char *s, size_t n)
{
	size_t		i = 10;
	int			h,
				mi,
				sec;

	if (n < 10 || !valid_ymd(s))
		return false;
	if (n == 10)
		return true;
	if (s[i] != 'T' && s[i] != ' ')
		return false;
	i++;
	if (n < i + 5 || !parse_digits(s + i, 2, &h) || s[i + 2] != ':' ||
		!parse_digits(s + i + 3, 2, &mi) || h > 23 || mi > 59)
		return false;
	i += 5;
	if (i < n && s[i] == ':')
	{
		if (n < i + 3 || !parse_digits(s + i + 1, 2, &sec) || sec > 59)
			return false;
		i += 3;
		if (i < n && s[i] == '.')
		{
			size_t		f = 0;

			i++;
			while (i < n && is_digit(s[i]))
				i++, f++;
			if (f == 0 || f > 6)
				return false;
		}
	}
	if (i == n)
		return true;
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == n;
	if (s[i] == '+' || s[i] == '-')
	{
		int			oh,
					om;

		i++;
		if (n < i + 2 || !parse_digits(s + i, 2, &oh) || oh > 15)
			return false;
		i += 2;
		if (i == n)
			return true;
		if (s[i] == ':')
			i++;
		if (n != i + 2 || !parse_digits(s + i, 2, &om) || om > 59)
			return false;
		return true;
	}
	return false;
}

bool
stk_csv_is_bool(const char *s, size_t n, bool *value)
{
	/* vrai and faux: French Excel's TRUE and FALSE */
	static const char *const yes[] = {"true", "t", "yes", "y", "1", "oui", "vrai"};
	static const char *const no[] = {"false", "f", "no", "n", "0", "non", "faux"};

	for (int k = 0; k < 7; k++)
	{
		if (strlen(yes[k]) == n && strncasecmp(s, yes[k], n) == 0)
		{
			*value = true;
			return true;
		}
		if (strlen(no[k]) == n && strncasecmp(s, no[k], n) == 0)
		{
			*value = false;
			return true;
		}
	}
	return false;
}
