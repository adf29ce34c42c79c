/*-------------------------------------------------------------------------
 *
 * batch_fk.c
 *	  A foreign key checked once per statement instead of once per row.
 *
 * PostgreSQL 15 checks a declarative foreign key with one SPI query per
 * inserted row (ri_triggers.c, RI_FKey_check), which on a bulk insert of
 * sale lines costs more than the insert itself.  These two trigger
 * functions enforce the same guarantee with statement-level AFTER triggers
 * that read the statement's transition tables:
 *
 *	stk_fk_check_statement		on the referencing table, AFTER INSERT and
 *								AFTER UPDATE: every new key is present in
 *								the referenced table, which is locked FOR
 *								KEY SHARE (as RI_FKey_check does), one probe
 *								per distinct key, all in one query;
 *	stk_fk_noaction_statement	on the referenced table, AFTER DELETE, AFTER
 *								UPDATE and AFTER TRUNCATE: no key that is
 *								gone is still referenced (NO ACTION, as
 *								ri_restrict and ri_Check_Pk_Match do).
 *
 * Both take the same five arguments: the constraint's name (used in the
 * messages, like pg_constraint.conname), the referencing table, its key
 * columns, the referenced table and its key columns.  Tables are names in
 * the trigger table's schema, columns comma-separated names; both are
 * resolved at every statement, so a rename makes the check fail (closed),
 * never silently pass.  Keys with a NULL column pass (MATCH SIMPLE).
 *
 * As in ri_triggers.c, each check query runs as the owner of the table it
 * reads, without row-level security (SECURITY_NOFORCE_RLS), fires no
 * triggers, and under REPEATABLE READ or SERIALIZABLE the checks on the
 * referenced side run on the latest snapshot with the transaction snapshot
 * as crosscheck (ri_PerformCheck's detectNewRows), so that a concurrent
 * delete of a referenced row and insert of a row referring to it can never
 * both commit.  Because a trigger, unlike a constraint, can be created by
 * any table owner with any arguments, the owner of the trigger's table
 * must hold the REFERENCES right on the other table's key columns, as
 * ALTER TABLE ... ADD FOREIGN KEY requires.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/varlena.h"

PG_FUNCTION_INFO_V1(stk_fk_check_statement);
PG_FUNCTION_INFO_V1(stk_fk_noaction_statement);

#define FK_MAX_KEYS INDEX_MAX_KEYS

/* The queries, one cached plan per trigger and kind. */
typedef enum FkQuery
{
	FKQ_CHECK,					/* referencing side: a new key not present */
	FKQ_RESTRICT,				/* referenced side: gone keys still used */
	FKQ_RESTRICT_TRUNCATE,		/* the same after a TRUNCATE */
	FKQ_PK_MATCH				/* is a key present (again) */
} FkQuery;

typedef struct FkPlanKey
{
	Oid			tgoid;
	int			kind;
} FkPlanKey;

typedef struct FkPlanEntry
{
	FkPlanKey	key;
	SPIPlanPtr	plan;
	char	   *query;			/* its text, in TopMemoryContext */
} FkPlanEntry;

static HTAB *fk_plans = NULL;

/* A foreign key as the trigger's arguments describe it. */
typedef struct BatchFk
{
	const char *conname;
	Relation	fk_rel;
	Relation	pk_rel;
	int			nkeys;
	AttrNumber	fk_attnums[FK_MAX_KEYS];
	AttrNumber	pk_attnums[FK_MAX_KEYS];
} BatchFk;

/* A relation named by a trigger argument, in the trigger table's schema. */
static Relation
open_named_rel(Relation trigrel, const char *relname, const char *conname)
{
	Oid			relid;
	Relation	rel;

	if (strcmp(relname, RelationGetRelationName(trigrel)) == 0)
		return trigrel;
	relid = get_relname_relid(relname, RelationGetNamespace(trigrel));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" of foreign key check \"%s\" does not exist",
						get_namespace_name(RelationGetNamespace(trigrel)), relname, conname)));
	/* RowShareLock: what the check's SELECT ... FOR KEY SHARE takes */
	rel = table_open(relid, RowShareLock);
	if (rel->rd_rel->relkind != RELKIND_RELATION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" of foreign key check \"%s\" is not a table",
						relname, conname)));
	return rel;
}

/* Comma-separated column names to attribute numbers; returns the count. */
static int
parse_columns(Relation rel, const char *arg, AttrNumber *attnums, const char *conname)
{
	char	   *raw = pstrdup(arg);
	List	   *names;
	ListCell   *lc;
	int			n = 0;

	if (!SplitIdentifierString(raw, ',', &names) || names == NIL ||
		list_length(names) > FK_MAX_KEYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("foreign key check \"%s\": \"%s\" is not a list of 1 to %d column names",
						conname, arg, FK_MAX_KEYS)));
	foreach(lc, names)
	{
		const char *name = (const char *) lfirst(lc);
		AttrNumber	attnum = get_attnum(RelationGetRelid(rel), name);

		if (attnum <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of relation \"%s\" in foreign key check \"%s\" does not exist",
							name, RelationGetRelationName(rel), conname)));
		attnums[n++] = attnum;
	}
	return n;
}

/*
 * The owner of the trigger's table must hold REFERENCES on the other
 * table's key columns: the check reads that table with its owner's rights.
 */
static void
check_references_right(Relation trigrel, Relation other, const AttrNumber *attnums,
					   int nkeys, const char *conname)
{
	Oid			owner = trigrel->rd_rel->relowner;

	if (other == trigrel ||
		pg_class_aclcheck(RelationGetRelid(other), owner, ACL_REFERENCES) == ACLCHECK_OK)
		return;
	for (int i = 0; i < nkeys; i++)
		if (pg_attribute_aclcheck(RelationGetRelid(other), attnums[i], owner,
								  ACL_REFERENCES) != ACLCHECK_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("foreign key check \"%s\": the owner of table \"%s\" has no REFERENCES right on table \"%s\"",
							conname, RelationGetRelationName(trigrel),
							RelationGetRelationName(other))));
}

/*
 * Check the call (as ri_CheckTrigger does) and load the foreign key from
 * the trigger's arguments: name, fk table, fk columns, pk table, pk columns.
 */
static void
load_fk(FunctionCallInfo fcinfo, const char *funcname, bool on_pk, BatchFk *fk)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Trigger    *tg;
	Relation	trigrel;
	int			npk;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", funcname)));
	if (!TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired AFTER ... FOR EACH STATEMENT", funcname)));
	tg = td->tg_trigger;
	if (on_pk ? !(TRIGGER_FIRED_BY_DELETE(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event) ||
				  TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		: !(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for %s", funcname,
						on_pk ? "DELETE, UPDATE or TRUNCATE" : "INSERT or UPDATE")));
	/* the rows the statement changed, unless it is a TRUNCATE */
	if (on_pk ? (!TRIGGER_FIRED_BY_TRUNCATE(td->tg_event) && td->tg_oldtable == NULL)
		: td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs the trigger's REFERENCING %s TABLE", funcname,
						on_pk ? "OLD" : "NEW")));
	if (tg->tgnargs != 5)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("function \"%s\" takes 5 trigger arguments, not %d", funcname, tg->tgnargs),
				 errhint("The arguments are: constraint name, referencing table, its columns, "
						 "referenced table, its columns.")));

	trigrel = td->tg_relation;
	fk->conname = tg->tgargs[0];
	if (strcmp(on_pk ? tg->tgargs[3] : tg->tgargs[1], RelationGetRelationName(trigrel)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("foreign key check \"%s\" names table \"%s\", but its trigger is on \"%s\"",
						fk->conname, on_pk ? tg->tgargs[3] : tg->tgargs[1],
						RelationGetRelationName(trigrel))));
	fk->fk_rel = open_named_rel(trigrel, tg->tgargs[1], fk->conname);
	fk->pk_rel = open_named_rel(trigrel, tg->tgargs[3], fk->conname);
	fk->nkeys = parse_columns(fk->fk_rel, tg->tgargs[2], fk->fk_attnums, fk->conname);
	npk = parse_columns(fk->pk_rel, tg->tgargs[4], fk->pk_attnums, fk->conname);
	if (npk != fk->nkeys)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FOREIGN_KEY),
				 errmsg("foreign key check \"%s\": %d referencing columns but %d referenced ones",
						fk->conname, fk->nkeys, npk)));
	if (on_pk)
		check_references_right(trigrel, fk->fk_rel, fk->fk_attnums, fk->nkeys, fk->conname);
	else
		check_references_right(trigrel, fk->pk_rel, fk->pk_attnums, fk->nkeys, fk->conname);
}

static void
close_fk(BatchFk *fk, Relation trigrel)
{
	if (fk->fk_rel != trigrel)
		table_close(fk->fk_rel, RowShareLock);
	if (fk->pk_rel != trigrel)
		table_close(fk->pk_rel, RowShareLock);
}

static const char *
qualified_name(Relation rel)
{
	return quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
									  RelationGetRelationName(rel));
}

static const char *
column_name(Relation rel, AttrNumber attnum)
{
	return NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname);
}

/*
 * One term per key column: first before the first, sep between them, each
 * "<alias>.<column><suffix>", followed by "<rhs><n>" when rhs is given.
 */
static void
append_each(StringInfo buf, const char *first, const char *sep, const char *alias,
			Relation rel, const AttrNumber *attnums, int nkeys, const char *suffix,
			const char *rhs)
{
	for (int i = 0; i < nkeys; i++)
	{
		appendStringInfo(buf, "%s%s.%s%s", i ? sep : first, alias,
						 quote_identifier(column_name(rel, attnums[i])), suffix);
		if (rhs)
			appendStringInfo(buf, "%s%d", rhs, i + 1);
	}
}

/* "<alias>.c1, <alias>.c2" */
static void
append_columns(StringInfo buf, const char *alias, Relation rel, const AttrNumber *attnums,
			   int nkeys)
{
	append_each(buf, "", ", ", alias, rel, attnums, nkeys, "", NULL);
}

/* " WHERE <alias>.c1 IS NOT NULL AND ...": MATCH SIMPLE skips other keys */
static void
append_not_null(StringInfo buf, const char *alias, Relation rel, const AttrNumber *attnums,
				int nkeys)
{
	append_each(buf, " WHERE ", " AND ", alias, rel, attnums, nkeys, " IS NOT NULL", NULL);
}

/*
 * "SELECT 1 FROM ONLY <rel> x WHERE x.c1 OPERATOR(pg_catalog.=) <rhs>1 AND
 * ... FOR KEY SHARE OF x", the per-key probe of ri_triggers.c; rhs is "$"
 * for parameters or "k.c" for the columns of an outer query.
 */
static void
append_probe(StringInfo buf, Relation rel, const AttrNumber *attnums, int nkeys,
			 const char *rhs)
{
	appendStringInfo(buf, "SELECT 1 FROM ONLY %s x", qualified_name(rel));
	append_each(buf, " WHERE ", " AND ", "x", rel, attnums, nkeys, " OPERATOR(pg_catalog.=) ", rhs);
	appendStringInfoString(buf, " FOR KEY SHARE OF x");
}

/*
 * The distinct non-null keys of a transition table, minus those of the
 * other one when given: "SELECT [DISTINCT] t.c1, ... FROM <table> t WHERE
 * ... [EXCEPT SELECT u.c1, ... FROM <minus> u]".
 */
static void
append_keys(StringInfo buf, const char *table, const char *minus, Relation rel,
			const AttrNumber *attnums, int nkeys)
{
	appendStringInfoString(buf, minus ? "SELECT " : "SELECT DISTINCT ");
	append_columns(buf, "t", rel, attnums, nkeys);
	appendStringInfo(buf, " FROM %s t", quote_identifier(table));
	append_not_null(buf, "t", rel, attnums, nkeys);
	if (minus)
	{
		appendStringInfoString(buf, " EXCEPT SELECT ");
		append_columns(buf, "u", rel, attnums, nkeys);
		appendStringInfo(buf, " FROM %s u", quote_identifier(minus));
	}
}

/* " AS k(c1, c2, ...)" */
static void
append_key_alias(StringInfo buf, int nkeys)
{
	appendStringInfoString(buf, " AS k(");
	for (int i = 0; i < nkeys; i++)
		appendStringInfo(buf, "%sc%d", i ? ", " : "", i + 1);
	appendStringInfoString(buf, ")");
}

/*
 * "SELECT k.* FROM (<keys>) AS k(c1, ...) WHERE [NOT] EXISTS (<probe>)":
 * the distinct keys of a transition table (minus those of another), each
 * probed in probe_rel.
 */
static void
append_keys_probed(StringInfo buf, const char *table, const char *minus, Relation key_rel,
				   const AttrNumber *key_attnums, Relation probe_rel,
				   const AttrNumber *probe_attnums, int nkeys, bool present)
{
	appendStringInfoString(buf, "SELECT k.* FROM (");
	append_keys(buf, table, minus, key_rel, key_attnums, nkeys);
	appendStringInfoString(buf, ")");
	append_key_alias(buf, nkeys);
	appendStringInfoString(buf, present ? " WHERE EXISTS (" : " WHERE NOT EXISTS (");
	append_probe(buf, probe_rel, probe_attnums, nkeys, "k.c");
	appendStringInfoString(buf, ")");
}

/* Connect to SPI, with the trigger's transition tables when it has some. */
static void
fk_connect(TriggerData *td)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");
}

/*
 * The saved plan of a query, prepared as the owner of query_rel (as
 * ri_PlanCheck does).  Keyed by trigger and kind; replanned when the text
 * changed (CREATE OR REPLACE TRIGGER keeps the trigger's OID) or the plan
 * was invalidated.
 */
static SPIPlanPtr
fk_plan(Oid tgoid, FkQuery kind, const char *query, int nargs, Oid *argtypes,
		Relation query_rel)
{
	FkPlanKey	key;
	FkPlanEntry *entry;
	bool		found;
	SPIPlanPtr	plan;
	Oid			save_userid;
	int			save_sec_context;

	if (fk_plans == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(FkPlanKey);
		ctl.entrysize = sizeof(FkPlanEntry);
		fk_plans = hash_create("stokkel batch foreign key plans", 64, &ctl,
							   HASH_ELEM | HASH_BLOBS);
	}
	memset(&key, 0, sizeof(key));
	key.tgoid = tgoid;
	key.kind = (int) kind;
	entry = hash_search(fk_plans, &key, HASH_ENTER, &found);
	if (!found)
	{
		entry->plan = NULL;
		entry->query = NULL;
	}
	if (entry->plan != NULL &&
		(strcmp(entry->query, query) != 0 || !SPI_plan_is_valid(entry->plan)))
	{
		SPI_freeplan(entry->plan);
		pfree(entry->query);
		entry->plan = NULL;
		entry->query = NULL;
	}
	if (entry->plan != NULL)
		return entry->plan;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(RelationGetForm(query_rel)->relowner,
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
	plan = SPI_prepare(query, nargs, argtypes);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare returned %s for %s", SPI_result_code_string(SPI_result), query);
	SPI_keepplan(plan);
	entry->query = MemoryContextStrdup(TopMemoryContext, query);
	entry->plan = plan;
	return plan;
}

/*
 * Run a check query as ri_PerformCheck does: as the owner of query_rel
 * without row-level security, firing no triggers; with detect_new_rows
 * under a transaction snapshot, on the latest snapshot with the
 * transaction's as crosscheck.  Returns the number of rows.
 */
static uint64
fk_run(SPIPlanPtr plan, Datum *values, const char *nulls, Relation query_rel,
	   bool detect_new_rows, long limit)
{
	Snapshot	test_snapshot;
	Snapshot	crosscheck_snapshot;
	Oid			save_userid;
	int			save_sec_context;
	int			rc;

	if (IsolationUsesXactSnapshot() && detect_new_rows)
	{
		CommandCounterIncrement();	/* be sure all my own work is visible */
		test_snapshot = GetLatestSnapshot();
		crosscheck_snapshot = GetTransactionSnapshot();
	}
	else
	{
		/* SPI's default: a new snapshot for the query (or the transaction's) */
		test_snapshot = InvalidSnapshot;
		crosscheck_snapshot = InvalidSnapshot;
	}
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(RelationGetForm(query_rel)->relowner,
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
	rc = SPI_execute_snapshot(plan, values, nulls, test_snapshot, crosscheck_snapshot,
							  false, false, limit);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot returned %s", SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * Raise the violation for the key in tup (its first nkeys columns), with
 * the messages of ri_ReportViolation: the key's values only when the user
 * may see them (no row-level security on the table complained about,
 * SELECT on it or on the key columns).
 */
static void
report_violation(BatchFk *fk, bool on_fk, bool truncate, HeapTuple tup, TupleDesc desc)
{
	Relation	rel = on_fk ? fk->fk_rel : fk->pk_rel;
	const AttrNumber *attnums = on_fk ? fk->fk_attnums : fk->pk_attnums;
	Oid			relid = RelationGetRelid(rel);
	bool		has_perm = true;
	StringInfoData names;
	StringInfoData values;

	if (check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED)
		has_perm = false;
	else if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
	{
		for (int i = 0; i < fk->nkeys && has_perm; i++)
			if (pg_attribute_aclcheck(relid, attnums[i], GetUserId(), ACL_SELECT) != ACLCHECK_OK)
				has_perm = false;
	}
	initStringInfo(&names);
	initStringInfo(&values);
	if (has_perm)
	{
		for (int i = 0; i < fk->nkeys; i++)
		{
			char	   *v = SPI_getvalue(tup, desc, i + 1);

			appendStringInfo(&names, "%s%s", i ? ", " : "", column_name(rel, attnums[i]));
			appendStringInfo(&values, "%s%s", i ? ", " : "", v ? v : "null");
		}
	}

	if (on_fk)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("insert or update on table \"%s\" violates foreign key constraint \"%s\"",
						RelationGetRelationName(fk->fk_rel), fk->conname),
				 has_perm ?
				 errdetail("Key (%s)=(%s) is not present in table \"%s\".",
						   names.data, values.data, RelationGetRelationName(fk->pk_rel)) :
				 errdetail("Key is not present in table \"%s\".",
						   RelationGetRelationName(fk->pk_rel)),
				 errtableconstraint(fk->fk_rel, fk->conname)));
	ereport(ERROR,
			(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
			 truncate ?
			 errmsg("truncate of table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
					RelationGetRelationName(fk->pk_rel), fk->conname,
					RelationGetRelationName(fk->fk_rel)) :
			 errmsg("update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
					RelationGetRelationName(fk->pk_rel), fk->conname,
					RelationGetRelationName(fk->fk_rel)),
			 has_perm ?
			 errdetail("Key (%s)=(%s) is still referenced from table \"%s\".",
					   names.data, values.data, RelationGetRelationName(fk->fk_rel)) :
			 errdetail("Key is still referenced from table \"%s\".",
					   RelationGetRelationName(fk->fk_rel)),
			 truncate ?
			 errhint("Truncate table \"%s\" at the same time.",
					 RelationGetRelationName(fk->fk_rel)) : 0,
			 errtableconstraint(fk->fk_rel, fk->conname)));
}

/*
 * stk_fk_check_statement(conname, fk_table, fk_columns, pk_table, pk_columns)
 *		AFTER INSERT or UPDATE ... REFERENCING NEW TABLE [OLD TABLE]
 *		FOR EACH STATEMENT on the referencing table.
 *
 * One query: the statement's distinct new keys (on UPDATE minus the keys
 * the rows had before, which need no new check, as in
 * RI_FKey_fk_upd_check_required), each probed and locked in the
 * referenced table as RI_FKey_check does; the first key not found is the
 * violation.  Run as the referenced table's owner on SPI's default
 * snapshot (RI_FKey_check's detectNewRows is false for a plain table).
 */
Datum
stk_fk_check_statement(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	BatchFk		fk;
	StringInfoData q;
	const char *minus = NULL;
	SPIPlanPtr	plan;

	load_fk(fcinfo, "stk_fk_check_statement", false, &fk);
	if (tuplestore_tuple_count(td->tg_newtable) == 0)
	{
		close_fk(&fk, td->tg_relation);
		return PointerGetDatum(NULL);
	}
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && td->tg_oldtable != NULL)
		minus = td->tg_trigger->tgoldtable;

	initStringInfo(&q);
	append_keys_probed(&q, td->tg_trigger->tgnewtable, minus, fk.fk_rel, fk.fk_attnums,
					   fk.pk_rel, fk.pk_attnums, fk.nkeys, false);
	appendStringInfoString(&q, " LIMIT 1");

	fk_connect(td);
	plan = fk_plan(td->tg_trigger->tgoid, FKQ_CHECK, q.data, 0, NULL, fk.pk_rel);
	if (fk_run(plan, NULL, NULL, fk.pk_rel, false, 1) > 0)
		report_violation(&fk, true, false, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	close_fk(&fk, td->tg_relation);
	return PointerGetDatum(NULL);
}

/*
 * stk_fk_noaction_statement(conname, fk_table, fk_columns, pk_table, pk_columns)
 *		AFTER DELETE ... REFERENCING OLD TABLE, AFTER UPDATE ... REFERENCING
 *		OLD TABLE [NEW TABLE], or AFTER TRUNCATE, FOR EACH STATEMENT on the
 *		referenced table.
 *
 * The keys the statement removed (old keys minus new ones; after a
 * TRUNCATE, any key still used) that the referencing table still uses,
 * found with one query that locks one referencing row per key FOR KEY
 * SHARE (ri_restrict's query, run as the referencing table's owner); then,
 * for each of those, whether the key is present again in the referenced
 * table (ri_Check_Pk_Match, as its owner): if not, NO ACTION fails.  Both
 * on the latest snapshot under a transaction snapshot (detectNewRows).
 * An AFTER TRUNCATE check lets TRUNCATE of both tables in one command
 * pass, as PostgreSQL allows.
 */
Datum
stk_fk_noaction_statement(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	BatchFk		fk;
	StringInfoData q;
	bool		truncate;
	SPIPlanPtr	plan;
	SPIPlanPtr	match_plan = NULL;
	uint64		nused;
	SPITupleTable *used;
	Oid			argtypes[FK_MAX_KEYS];
	Datum		values[FK_MAX_KEYS];
	char		nulls[FK_MAX_KEYS];

	load_fk(fcinfo, "stk_fk_noaction_statement", true, &fk);
	truncate = TRIGGER_FIRED_BY_TRUNCATE(td->tg_event);
	if (!truncate && tuplestore_tuple_count(td->tg_oldtable) == 0)
	{
		close_fk(&fk, td->tg_relation);
		return PointerGetDatum(NULL);
	}

	initStringInfo(&q);
	if (truncate)
	{
		/* the referenced table is empty now: any key in use is gone */
		appendStringInfoString(&q, "SELECT ");
		append_columns(&q, "y", fk.fk_rel, fk.fk_attnums, fk.nkeys);
		appendStringInfo(&q, " FROM ONLY %s y", qualified_name(fk.fk_rel));
		append_not_null(&q, "y", fk.fk_rel, fk.fk_attnums, fk.nkeys);
		appendStringInfoString(&q, " LIMIT 1 FOR KEY SHARE OF y");
	}
	else
	{
		const char *minus = NULL;

		if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && td->tg_newtable != NULL)
			minus = td->tg_trigger->tgnewtable;
		append_keys_probed(&q, td->tg_trigger->tgoldtable, minus, fk.pk_rel, fk.pk_attnums,
						   fk.fk_rel, fk.fk_attnums, fk.nkeys, true);
	}

	fk_connect(td);
	plan = fk_plan(td->tg_trigger->tgoid, truncate ? FKQ_RESTRICT_TRUNCATE : FKQ_RESTRICT,
				   q.data, 0, NULL, fk.fk_rel);
	nused = fk_run(plan, NULL, NULL, fk.fk_rel, true, 0);
	used = SPI_tuptable;

	for (uint64 r = 0; r < nused; r++)
	{
		CHECK_FOR_INTERRUPTS();
		if (match_plan == NULL)
		{
			resetStringInfo(&q);
			append_probe(&q, fk.pk_rel, fk.pk_attnums, fk.nkeys, "$");
			for (int i = 0; i < fk.nkeys; i++)
				argtypes[i] = SPI_gettypeid(used->tupdesc, i + 1);
			match_plan = fk_plan(td->tg_trigger->tgoid, FKQ_PK_MATCH, q.data, fk.nkeys,
								 argtypes, fk.pk_rel);
		}
		for (int i = 0; i < fk.nkeys; i++)
		{
			bool		isnull;

			values[i] = SPI_getbinval(used->vals[r], used->tupdesc, i + 1, &isnull);
			nulls[i] = isnull ? 'n' : ' ';
		}
		if (fk_run(match_plan, values, nulls, fk.pk_rel, true, 1) == 0)
			report_violation(&fk, false, truncate, used->vals[r], used->tupdesc);
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	close_fk(&fk, td->tg_relation);
	return PointerGetDatum(NULL);
}
