/*-------------------------------------------------------------------------
 *
 * optim1d.h
 *	  Bounded one-dimensional minimisation: a grid, then Brent's method.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_OPTIM1D_H
#define STK_OPTIM1D_H

#include "stk_core.h"

/*
 * Minimise f over the span of grid[0..ngrid-1] (ascending; its ends are the
 * bounds).  The grid finds the basin, since the criteria of smoothing
 * recursions can have several local minima; Brent's method (GSL) refines an
 * interior grid minimum that brackets one, to an absolute interval width of
 * tol.  A minimum at an end of the grid is the bound itself, as a bounded
 * optimiser would return.  A failed or unfinished Brent search keeps the
 * grid point, which is still a valid parameter.  STK_ENONFINITE when f is
 * not finite at a grid point.
 */
extern StkStatus stk_minimise_1d(double (*f) (double, void *), void *arg,
								 const double *grid, int ngrid, double tol,
								 double *xbest);

#endif							/* STK_OPTIM1D_H */
