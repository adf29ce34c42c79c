/*-------------------------------------------------------------------------
 *
 * intermittent_fn.c
 *	  stk_demand_class(): Syntetos-Boylan-Croston classification of a
 *	  demand series (core/demand_class.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "stokkel.h"
#include "core/demand_class.h"

PG_FUNCTION_INFO_V1(stk_demand_class_fn);

/*
 * stk_demand_class(y float8[])
 *	RETURNS TABLE(class text, adi float8, cv2 float8, zero_share float8,
 *				  nonzero int, n int)
 *
 * One row.  A series without demand is class 'zero' with adi and cv2 NULL.
 */
Datum
stk_demand_class_fn(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StkDemandStats st;
	StkStatus	status;
	double	   *y;
	int			n;
	Datum		values[6];
	bool		nulls[6] = {0};

	InitMaterializedSRF(fcinfo, 0);
	y = stk_float8_array(PG_GETARG_ARRAYTYPE_P(0), "y", &n, false);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot classify an empty series")));
	for (int i = 0; i < n; i++)
		if (y[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("demand must not be negative"),
					 errdetail("Element %d is %g.", i + 1, y[i]),
					 errhint("Keep returns in a separate series.")));
	status = stk_demand_classify(y, n, &st);
	if (status != STK_OK)
		stk_report_status(status, "stk_demand_class");

	values[0] = CStringGetTextDatum(stk_demand_class_name(st.cls));
	values[1] = Float8GetDatum(st.adi);
	nulls[1] = !isfinite(st.adi);
	values[2] = Float8GetDatum(st.cv2);
	nulls[2] = !isfinite(st.cv2);
	values[3] = Float8GetDatum(st.zero_share);
	values[4] = Int32GetDatum(st.nonzero);
	values[5] = Int32GetDatum(st.n);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
