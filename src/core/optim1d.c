/*-------------------------------------------------------------------------
 *
 * optim1d.c
 *	  Grid plus Brent search for the smoothing parameters of SES, Theta and
 *	  the intermittent-demand methods.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>

#include "optim1d.h"

#define MAX_GRID 32

StkStatus
stk_minimise_1d(double (*f) (double, void *), void *arg, const double *grid,
				int ngrid, double tol, double *xbest)
{
	double		fv[MAX_GRID];
	int			best = 0;
	double		x;

	if (ngrid < 1 || ngrid > MAX_GRID)
		return STK_EINVAL;
	for (int i = 0; i < ngrid; i++)
	{
		fv[i] = f(grid[i], arg);
		if (!isfinite(fv[i]))
			return STK_ENONFINITE;
		if (fv[i] < fv[best])
			best = i;
	}
	x = grid[best];
	if (best > 0 && best < ngrid - 1 &&
		fv[best] < fv[best - 1] && fv[best] < fv[best + 1])
	{
		gsl_function fn;
		gsl_min_fminimizer *s;
		int			status;

		fn.function = f;
		fn.params = arg;
		s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
		if (s == NULL)
			return STK_ENOMEM;
		status = gsl_min_fminimizer_set_with_values(s, &fn,
													grid[best], fv[best],
													grid[best - 1], fv[best - 1],
													grid[best + 1], fv[best + 1]);
		for (int iter = 0; status == GSL_SUCCESS && iter < 100; iter++)
		{
			status = gsl_min_fminimizer_iterate(s);
			if (status != GSL_SUCCESS)
				break;
			status = gsl_min_test_interval(gsl_min_fminimizer_x_lower(s),
										   gsl_min_fminimizer_x_upper(s),
										   tol, 0);
			if (status != GSL_CONTINUE)
				break;
			status = GSL_SUCCESS;
		}
		if (status == GSL_SUCCESS && gsl_min_fminimizer_f_minimum(s) <= fv[best])
			x = gsl_min_fminimizer_x_minimum(s);
		gsl_min_fminimizer_free(s);
	}
	*xbest = x;
	return STK_OK;
}
