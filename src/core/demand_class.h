/*-------------------------------------------------------------------------
 *
 * demand_class.h
 *	  Syntetos-Boylan-Croston classification of a demand series.
 *
 * From the non-zero demands ("sizes") z and the intervals between them:
 *
 *	ADI  average inter-demand interval, in periods;
 *	CV2  squared coefficient of variation of the sizes, (sd(z)/mean(z))^2,
 *		 with the sample sd (divisor nnz - 1), as R's sd().
 *
 * ADI convention (that of R's tsintermittent::idclass and of the interval
 * series forecast::croston smooths): the intervals are the differences of
 * the 1-based positions of the non-zero periods with a 0 prepended, so the
 * first interval runs from the start of the series to the first demand,
 * and the zeros after the last demand do not count.  ADI is therefore
 * (position of the last demand) / nnz.  adi_total = n / nnz, which does
 * count the trailing zeros, is reported too; a series that stopped selling
 * is better seen through zero_share and trailing_zeros than through ADI.
 *
 * Classes (Syntetos, Boylan & Croston 2005, JORS 56(5)):
 *
 *					CV2 < 0.49		CV2 >= 0.49
 *	ADI < 1.32		smooth			erratic
 *	ADI >= 1.32		intermittent	lumpy
 *
 * A series without any demand is STK_DEMAND_ZERO.  With a single demand
 * CV2 is undefined (no spread can be measured); it is reported as 0, so
 * the class rests on ADI alone.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_DEMAND_CLASS_H
#define STK_DEMAND_CLASS_H

#include "stk_core.h"

#define STK_SBC_ADI_CUTOFF 1.32
#define STK_SBC_CV2_CUTOFF 0.49

typedef enum StkDemandClass
{
	STK_DEMAND_ZERO = 0,		/* no demand at all */
	STK_DEMAND_SMOOTH,
	STK_DEMAND_ERRATIC,
	STK_DEMAND_INTERMITTENT,
	STK_DEMAND_LUMPY
} StkDemandClass;

typedef struct StkDemandStats
{
	int			n;				/* periods */
	int			nonzero;		/* periods with demand > 0 */
	double		zero_share;		/* share of periods without demand */
	double		adi;			/* (position of last demand) / nonzero */
	double		adi_total;		/* n / nonzero */
	double		cv2;			/* squared CV of the non-zero sizes */
	double		mean_size;		/* mean of the non-zero sizes */
	double		sd_size;		/* sample sd of the sizes (0 if one) */
	double		mean;			/* mean demand per period */
	double		var;			/* sample variance per period (0 if n = 1) */
	int			first_demand;	/* 0-based index of the first demand, -1 */
	int			last_demand;	/* 0-based index of the last demand, -1 */
	int			trailing_zeros; /* periods after the last demand */
	StkDemandClass cls;
} StkDemandStats;

/*
 * Classify y[0..n-1].  STK_EINVAL for n < 1 or a negative value (demand
 * cannot be negative; returns are a separate series), STK_ENONFINITE for
 * NaN or infinity.  On error *st is zeroed.
 */
extern StkStatus stk_demand_classify(const double *y, int n, StkDemandStats *st);

/* Class from ADI and CV2 with the SBC cut-offs (nonzero > 0 assumed). */
extern StkDemandClass stk_demand_class_of(double adi, double cv2);

/* "zero", "smooth", "erratic", "intermittent", "lumpy" */
extern const char *stk_demand_class_name(StkDemandClass cls);

#endif							/* STK_DEMAND_CLASS_H */
