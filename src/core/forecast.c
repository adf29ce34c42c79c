/*-------------------------------------------------------------------------
 *
 * forecast.c
 *	  Allocation of forecast results.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include "forecast.h"

StkStatus
stk_forecast_init(StkForecast *fc, const StkAllocator *a, int horizon)
{
	memset(fc, 0, sizeof(*fc));
	if (horizon < 1 || horizon > STK_MAX_HORIZON)
		return STK_EINVAL;
	fc->horizon = horizon;
	fc->mean = stk_alloc(a, sizeof(double) * horizon);
	fc->var = stk_alloc(a, sizeof(double) * horizon);
	if (fc->mean == NULL || fc->var == NULL)
	{
		stk_forecast_free(fc, a);
		return STK_ENOMEM;
	}
	for (int i = 0; i < horizon; i++)
	{
		fc->mean[i] = 0;
		fc->var[i] = NAN;
	}
	fc->aicc = fc->loglik = fc->sigma2 = NAN;
	return STK_OK;
}

void
stk_forecast_free(StkForecast *fc, const StkAllocator *a)
{
	stk_free(a, fc->mean);
	stk_free(a, fc->var);
	stk_free(a, fc->paths);
	fc->mean = fc->var = fc->paths = NULL;
}
