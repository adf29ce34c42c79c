/*-------------------------------------------------------------------------
 *
 * stokkel.c
 *	  Module entry point: GUCs, the switch-off of GSL's abort handler and the
 *	  core's cancellation test.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include <gsl/gsl_errno.h>

#include "stokkel.h"
#include "core/series.h"

PG_MODULE_MAGIC;

/* Longest series (in periods) the extension builds or accepts. */
int			stk_max_series_length = 100000;

/* Largest member of an .xlsx that the importer inflates, in kB. */
int			stk_xlsx_max_member_kb = 64 * 1024;

/* What the alert triggers' NOTIFY stk_alerts carries. */
static int	stk_notify_payload = 0;
static const struct config_enum_entry notify_payload_options[] = {
	{"full", 0, false},
	{"id", 1, false},
	{NULL, 0, false}
};

void		_PG_init(void);

/*
 * The core's cancellation test: a cancel, a statement timeout or a
 * termination is pending.  Only looked at, not processed: the core returns
 * STK_ECANCELED after freeing what it holds, and the glue's next
 * CHECK_FOR_INTERRUPTS() raises the error.
 */
static bool
interrupt_pending(void)
{
	return QueryCancelPending || ProcDiePending;
}

void
_PG_init(void)
{
	/*
	 * GSL's default error handler prints and calls abort(), which would take
	 * the whole server through crash recovery.  Every GSL status is checked
	 * by the callers instead.
	 */
	gsl_set_error_handler_off();
	stk_interrupt_hook = interrupt_pending;

	DefineCustomIntVariable("stokkel.max_series_length",
							"Longest series, in periods, that Stokkel builds or accepts.",
							"Series longer than this are refused with SQLSTATE 54000. "
							"The default covers 270 years of daily data.",
							&stk_max_series_length,
							100000,
							2,
							STK_SERIES_HARD_MAX,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	/*
	 * Superuser only: an .xlsx of 1 MB can inflate to 1 GB, and its XML then
	 * takes several times that in the backend.
	 */
	DefineCustomIntVariable("stokkel.xlsx_max_member_size",
							"Largest member of an .xlsx workbook that the importers unpack.",
							"A sheet whose XML is larger is refused with SQLSTATE 54000.",
							&stk_xlsx_max_member_kb,
							64 * 1024,
							64,
							(int) ((MaxAllocSize - VARHDRSZ) / 1024),
							PGC_SUSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);

	/*
	 * Superuser only: PostgreSQL checks no privilege on LISTEN, so every
	 * role that can connect hears every tenant's alerts; a deployment whose
	 * tenants have their own logins sends only the ids, read back under
	 * row-level security.
	 */
	DefineCustomEnumVariable("stokkel.notify_payload",
							 "What NOTIFY stk_alerts carries: the whole alert (full) or its id and table (id).",
							 "Every role that can connect may LISTEN: with id, they learn nothing of a tenant "
							 "they cannot read.",
							 &stk_notify_payload,
							 0,
							 notify_payload_options,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);

	MarkGUCPrefixReserved("stokkel");
}
