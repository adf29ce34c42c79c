/*-------------------------------------------------------------------------
 *
 * xlsx.c
 *	  Excel workbooks: stk_xlsx writes one (libxlsxwriter), stk_zip_entry
 *	  reads a member of one (zlib), for the importers.
 *
 * Writing: libxlsxwriter (Debian's libxlsxwriter-dev) writes only to a
 * file, so the workbook goes to a file in the server's temporary-file
 * directory, is read back as bytea and removed, also when an error
 * interrupts the writing.
 *
 * Reading: an .xlsx is a ZIP archive of XML files.  Debian has no xlsx
 * reader library, and only the container needs C: this file finds a member
 * through the ZIP central directory and inflates it with zlib, checking
 * sizes and CRC; the XML of the sheets is then read with PostgreSQL's own
 * xpath() (libxml2) in SQL (src/api_import.sql).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include <xlsxwriter.h>
#include <zlib.h>

#include "catalog/pg_tablespace_d.h"
#include "common/file_perm.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "stokkel.h"

PG_FUNCTION_INFO_V1(stk_xlsx);
PG_FUNCTION_INFO_V1(stk_zip_entry);

#define XLSX_MAX_ROWS 1048576
#define XLSX_MAX_COLS 16384

/* Check the shape of the sheets argument before anything is written. */
static void
check_sheets(Jsonb *sheets)
{
	int			n;

	if (!JB_ROOT_IS_ARRAY(sheets) || JB_ROOT_IS_SCALAR(sheets))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sheets must be a JSON array of {name, columns, rows} objects")));
	n = JsonContainerSize(&sheets->root);
	if (n < 1 || n > 255)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a workbook has 1 to 255 sheets, not %d", n)));
	for (int s = 0; s < n; s++)
	{
		JsonbValue *sh = getIthJsonbValueFromContainer(&sheets->root, s);
		JsonbValue *v;
		JsonbContainer *cols,
				   *rows;
		int			ncols,
					nrows;

		if (sh->type != jbvBinary || !JsonContainerIsObject(sh->val.binary.data))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sheet %d is not a JSON object", s + 1)));
		v = stk_json_member(sh->val.binary.data, "name", jbvString, "a sheet");
		if (v->val.string.len < 1 ||
			pg_mbstrlen_with_len(v->val.string.val, v->val.string.len) > 31 ||
			strpbrk(pnstrdup(v->val.string.val, v->val.string.len), "[]:*?/\\") != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid sheet name \"%.*s\"", v->val.string.len, v->val.string.val),
					 errdetail("Excel sheet names have 1 to 31 characters, none of []:*?/\\.")));
		cols = stk_json_member(sh->val.binary.data, "columns", jbvArray, "a sheet")->val.binary.data;
		rows = stk_json_member(sh->val.binary.data, "rows", jbvArray, "a sheet")->val.binary.data;
		ncols = JsonContainerSize(cols);
		nrows = JsonContainerSize(rows);
		if (ncols > XLSX_MAX_COLS || nrows >= XLSX_MAX_ROWS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a sheet holds at most %d rows and %d columns",
							XLSX_MAX_ROWS - 1, XLSX_MAX_COLS)));
		for (int c = 0; c < ncols; c++)
			if (getIthJsonbValueFromContainer(cols, c)->type != jbvString)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column names must be JSON strings")));
		for (int r = 0; r < nrows; r++)
		{
			JsonbValue *row = getIthJsonbValueFromContainer(rows, r);

			if (row->type != jbvBinary || !JsonContainerIsArray(row->val.binary.data))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("row %d of sheet %d is not a JSON array", r + 1, s + 1)));
			if (JsonContainerSize(row->val.binary.data) > XLSX_MAX_COLS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("a sheet holds at most %d columns", XLSX_MAX_COLS)));
		}
	}
}

static void
lxw_check(lxw_error err)
{
	if (err == LXW_NO_ERROR)
		return;
	if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("a cell text is longer than Excel's 32767 characters")));
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("could not write the workbook: %s", lxw_strerror(err))));
}

static void
write_cell(lxw_worksheet *ws, int r, int c, JsonbValue *v, lxw_format *fmt)
{
	switch (v->type)
	{
		case jbvNull:
			break;
		case jbvString:
			{
				char	   *s = pnstrdup(v->val.string.val, v->val.string.len);

				/*
				 * U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML
				 * characters: the sheet would not parse.
				 */
				if (strstr(s, "\xEF\xBF\xBE") != NULL || strstr(s, "\xEF\xBF\xBF") != NULL)
					ereport(ERROR,
							(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
							 errmsg("a cell text holds U+FFFE or U+FFFF, which a workbook cannot hold")));
				lxw_check(worksheet_write_string(ws, r, c, s, fmt));
				break;
			}
		case jbvNumeric:
			{
				char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out,
																	NumericGetDatum(v->val.numeric)));
				double		d = strtod(s, NULL);

				if (!isfinite(d))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("number %.40s%s is out of range for a workbook", s,
									strlen(s) > 40 ? "..." : "")));
				lxw_check(worksheet_write_number(ws, r, c, d, fmt));
				break;
			}
		case jbvBool:
			lxw_check(worksheet_write_boolean(ws, r, c, v->val.boolean, fmt));
			break;
		default:
			{
				/* a nested array or object: its JSON text */
				char	   *s = JsonbToCString(NULL, v->val.binary.data, -1);

				lxw_check(worksheet_write_string(ws, r, c, s, fmt));
				break;
			}
	}
}

static bytea *
read_whole_file(const char *path)
{
	int			fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	struct stat st;
	bytea	   *out;
	ssize_t		got = 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read the workbook file \"%s\": %m", path)));
	if (st.st_size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the workbook is larger than 1 GB")));
	out = palloc(VARHDRSZ + st.st_size);
	SET_VARSIZE(out, VARHDRSZ + st.st_size);
	while (got < st.st_size)
	{
		ssize_t		k = read(fd, VARDATA(out) + got, st.st_size - got);

		if (k <= 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not read the workbook file \"%s\": %m", path)));
		got += k;
	}
	CloseTransientFile(fd);
	return out;
}

/*
 * stk_xlsx(sheets jsonb) RETURNS bytea
 *
 * sheets: [{"name": ..., "columns": [...], "rows": [[...], ...]}, ...].
 * Numbers become number cells, strings text, booleans booleans, null an
 * empty cell; the first row holds the column names in bold.
 */
Datum
stk_xlsx(PG_FUNCTION_ARGS)
{
	Jsonb	   *sheets = PG_GETARG_JSONB_P(0);
	static uint32 counter = 0;
	char		dir[MAXPGPATH];
	char		path[MAXPGPATH];
	lxw_workbook_options opt = {0};
	lxw_doc_properties props = {0};
	lxw_workbook *volatile wb = NULL;
	bytea	   *out;

	check_sheets(sheets);

	TempTablespacePath(dir, DEFAULTTABLESPACE_OID);
	if (MakePGDirectory(dir) < 0 && errno != EEXIST)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not create directory \"%s\": %m", dir)));
	snprintf(path, sizeof(path), "%s/stk_xlsx_%d_%u.xlsx", dir, MyProcPid, counter++);
	opt.tmpdir = dir;

	PG_TRY();
	{
		int			nsheets = JsonContainerSize(&sheets->root);
		lxw_format *bold;

		wb = workbook_new_opt(path, &opt);
		if (wb == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("could not create the workbook \"%s\"", path)));
		/*
		 * The creation time stored in the workbook is the transaction's
		 * start, not the wall clock: the same data in the same transaction
		 * gives the same bytes.
		 */
		props.created = timestamptz_to_time_t(GetCurrentTransactionStartTimestamp());
		props.author = "Stokkel";
		lxw_check(workbook_set_properties(wb, &props));
		bold = workbook_add_format(wb);
		format_set_bold(bold);
		for (int s = 0; s < nsheets; s++)
		{
			JsonbContainer *sh = getIthJsonbValueFromContainer(&sheets->root, s)->val.binary.data;
			JsonbValue *name = stk_json_member(sh, "name", jbvString, "a sheet");
			JsonbContainer *cols = stk_json_member(sh, "columns", jbvArray, "a sheet")->val.binary.data;
			JsonbContainer *rows = stk_json_member(sh, "rows", jbvArray, "a sheet")->val.binary.data;
			int			nrows = JsonContainerSize(rows);
			lxw_worksheet *ws;
			char	   *sname = pnstrdup(name->val.string.val, name->val.string.len);

			if (workbook_validate_sheet_name(wb, sname) != LXW_NO_ERROR)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid or repeated sheet name \"%s\"", sname)));
			ws = workbook_add_worksheet(wb, sname);
			if (ws == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
						 errmsg("could not add sheet \"%s\"", sname)));
			for (int c = 0; c < JsonContainerSize(cols); c++)
				write_cell(ws, 0, c, getIthJsonbValueFromContainer(cols, c), bold);
			for (int r = 0; r < nrows; r++)
			{
				JsonbContainer *row = getIthJsonbValueFromContainer(rows, r)->val.binary.data;

				CHECK_FOR_INTERRUPTS();
				for (int c = 0; c < JsonContainerSize(row); c++)
					write_cell(ws, r + 1, c, getIthJsonbValueFromContainer(row, c), NULL);
			}
		}
		{
			/* workbook_close frees the workbook, also when it fails */
			lxw_error err = workbook_close(wb);

			wb = NULL;
			lxw_check(err);
		}
		out = read_whole_file(path);

		/*
		 * libxlsxwriter does not check its writes: a full disk leaves a
		 * workbook cut short, without the ZIP's end record (no archive
		 * comment is written, so the record ends the file).
		 */
		if (VARSIZE(out) - VARHDRSZ < 22 ||
			memcmp(VARDATA(out) + VARSIZE(out) - VARHDRSZ - 22, "PK\005\006", 4) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_IO_ERROR),
					 errmsg("the workbook was not written completely"),
					 errhint("Is the temporary file space full?")));
	}
	PG_CATCH();
	{
		/* freed without writing the rest: an error must not wait for it */
		if (wb != NULL)
			lxw_workbook_free(wb);
		unlink(path);
		PG_RE_THROW();
	}
	PG_END_TRY();
	unlink(path);
	PG_RETURN_BYTEA_P(out);
}


/* ZIP reading ----------------------------------------------------------- */

static inline uint32
le32(const unsigned char *p)
{
	return (uint32) p[0] | ((uint32) p[1] << 8) | ((uint32) p[2] << 16) | ((uint32) p[3] << 24);
}

static inline uint16
le16(const unsigned char *p)
{
	return (uint16) (p[0] | (p[1] << 8));
}

static voidpf
zlib_palloc(voidpf opaque, uInt items, uInt size)
{
	return palloc((Size) items * size);
}

static void
zlib_pfree(voidpf opaque, voidpf address)
{
	pfree(address);
}

static void
bad_zip(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("not a valid .xlsx (ZIP) file: %s", why)));
}

/*
 * stk_zip_entry(zip bytea, name text) RETURNS bytea
 *
 * The uncompressed member name of a ZIP archive, or NULL when it has no
 * such member.  Stored and deflated members are read; sizes, offsets and
 * the CRC are checked, so a damaged or hostile archive gives 22P03.
 */
Datum
stk_zip_entry(PG_FUNCTION_ARGS)
{
	bytea	   *zip = PG_GETARG_BYTEA_PP(0);
	text	   *nm = PG_GETARG_TEXT_PP(1);
	const unsigned char *z = (const unsigned char *) VARDATA_ANY(zip);
	size_t		n = VARSIZE_ANY_EXHDR(zip);
	const char *want = VARDATA_ANY(nm);
	size_t		wantlen = VARSIZE_ANY_EXHDR(nm);
	size_t		eocd = 0;
	bool		found = false;
	uint32		cd_off,
				cd_size;
	uint16		entries;
	size_t		p;

	if (n < 22)
		bad_zip("too short");
	/* the end of central directory record, within the last 64 kB + 22 */
	for (size_t i = n - 22 + 1; i-- > 0 && n - i <= 65557;)
	{
		if (le32(z + i) == 0x06054b50)
		{
			eocd = i;
			found = true;
			break;
		}
	}
	if (!found)
		bad_zip("no end of central directory");
	entries = le16(z + eocd + 10);
	cd_size = le32(z + eocd + 12);
	cd_off = le32(z + eocd + 16);
	if (cd_off == 0xFFFFFFFF || entries == 0xFFFF)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("ZIP64 archives are not supported")));
	if ((size_t) cd_off + cd_size > eocd)
		bad_zip("central directory out of bounds");

	p = cd_off;
	for (int e = 0; e < entries; e++)
	{
		uint16		method,
					fnlen,
					extralen,
					commentlen,
					lfnlen,
					lextralen;
		uint32		crc,
					csize,
					usize,
					loff;
		size_t		data;
		bytea	   *out;

		if (p + 46 > eocd || le32(z + p) != 0x02014b50)
			bad_zip("corrupt central directory");
		method = le16(z + p + 10);
		crc = le32(z + p + 16);
		csize = le32(z + p + 20);
		usize = le32(z + p + 24);
		fnlen = le16(z + p + 28);
		extralen = le16(z + p + 30);
		commentlen = le16(z + p + 32);
		loff = le32(z + p + 42);
		if (p + 46 + fnlen > eocd)
			bad_zip("corrupt central directory");
		if (fnlen != wantlen || memcmp(z + p + 46, want, wantlen) != 0)
		{
			p += 46 + (size_t) fnlen + extralen + commentlen;
			continue;
		}

		/* the local header, then the data */
		if ((size_t) loff + 30 > cd_off || le32(z + loff) != 0x04034b50)
			bad_zip("corrupt local header");
		lfnlen = le16(z + loff + 26);
		lextralen = le16(z + loff + 28);
		data = (size_t) loff + 30 + lfnlen + lextralen;
		if (data > cd_off || csize > cd_off - data)
			bad_zip("member data out of bounds");
		if ((uint64) usize > (uint64) stk_xlsx_max_member_kb * 1024)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("ZIP member \"%.*s\" unpacks to %u bytes, more than %d kB",
							(int) wantlen, want, usize, stk_xlsx_max_member_kb),
					 errhint("A superuser can raise stokkel.xlsx_max_member_size; or import the sheet as CSV.")));
		out = palloc(VARHDRSZ + usize);
		SET_VARSIZE(out, VARHDRSZ + usize);
		if (method == 0)
		{
			if (csize != usize)
				bad_zip("stored member sizes differ");
			memcpy(VARDATA(out), z + data, usize);
		}
		else if (method == 8)
		{
			z_stream	zs;
			int			rc;

			memset(&zs, 0, sizeof(zs));
			/* zlib's state in the memory context: a cancel frees it */
			zs.zalloc = zlib_palloc;
			zs.zfree = zlib_pfree;
			if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("could not start zlib")));
			zs.next_in = (Bytef *) (z + data);
			zs.avail_in = csize;
			zs.next_out = (Bytef *) VARDATA(out);
			/* 4 MB at a time, so that a cancel is seen between them */
			rc = Z_OK;
			while (rc == Z_OK && zs.total_out < usize)
			{
				CHECK_FOR_INTERRUPTS();
				zs.avail_out = Min(usize - zs.total_out, 4 * 1024 * 1024);
				rc = inflate(&zs, Z_NO_FLUSH);
			}
			if (rc == Z_OK)
			{
				/* all declared bytes out: the stream must end here */
				Bytef		extra;

				zs.next_out = &extra;
				zs.avail_out = 1;
				rc = inflate(&zs, Z_FINISH);
				if (zs.avail_out == 0)
					rc = Z_DATA_ERROR;
			}
			inflateEnd(&zs);
			/* more output than declared, or less: either is an error */
			if (rc != Z_STREAM_END || zs.total_out != usize)
				bad_zip("deflated data does not match its declared size");
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("ZIP compression method %d is not supported", method)));
		if (crc32(0L, (const Bytef *) VARDATA(out), usize) != crc)
			bad_zip("CRC mismatch");
		PG_RETURN_BYTEA_P(out);
	}
	PG_RETURN_NULL();
}
