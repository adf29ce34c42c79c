/*-------------------------------------------------------------------------
 *
 * inventory_glue.h
 *	  Argument checks shared by the inventory glue (inventory_fn.c, which
 *	  defines them, and reorder_fn.c), so that every inventory function
 *	  gives the same SQLSTATE for the same mistake.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_INVENTORY_GLUE_H
#define STK_INVENTORY_GLUE_H

#include "postgres.h"

#include "fmgr.h"

#include "core/inventory_policy.h"
#include "core/inventory_sim.h"

/* NaN or infinity: 22000. */
extern void stk_inv_check_finite(double v, const char *name);
/* Negative: 22023 (and 22000 for NaN/infinity). */
extern void stk_inv_check_nonneg(double v, const char *name);
/* Not positive: 22023. */
extern void stk_inv_check_positive(double v, const char *name);
/* A given MOQ must be positive: else 22023. */
extern void stk_inv_check_moq(double v);
/* A service level strictly inside (0, 1): else 22023. */
extern void stk_inv_check_target(double v);
/* 'cycle' or 'fill_rate': else 22023. */
extern StkServiceType stk_inv_target_type_arg(text *t);
/* A result that overflowed: 22003. */
extern float8 stk_inv_check_result(double v, const char *what);
/* A composite result of the calling function's row type. */
extern Datum stk_inv_make_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls);
/* 'RS', 'sQ', 'sS', 'RsS' (case-insensitive, textbook punctuation allowed). */
extern StkPolicyKind stk_inv_policy_arg(text *t);
extern const char *stk_inv_policy_name(StkPolicyKind k);

#endif							/* STK_INVENTORY_GLUE_H */
