/*-------------------------------------------------------------------------
 *
 * fstate.h
 *	  Per-product forecast state for the alert triggers: fitted once in
 *	  batch, then advanced in O(1) per day of sales, so that a forecast and
 *	  an anomaly band are served without refitting.
 *
 * A state is either an additive-error ETS model (ETS(A,N,N) or, with two
 * weeks of history at least, ETS(A,N,A) with a weekly season) for series
 * that sell most days, or SBA (Croston's method with the Syntetos-Boylan
 * correction) for intermittent ones (ADI > 1.32, demand_class.h).  Both
 * are exponential smoothers whose state after the last observation is a
 * handful of numbers, advanced by stk_ets_update / stk_intermittent_update.
 *
 * Daily demand is a count, so the band of a day is taken from a count
 * distribution with the model's one-step mean and variance (count_dist.h:
 * negative binomial by moments, Poisson when the variance does not exceed
 * the mean): integer quantiles, never negative, a real mass at zero.
 *
 * The packed form (stk_fstate_pack) is a float8 array that the glue stores
 * in a table; unpacking validates every field (STK_ECORRUPT), since anyone
 * who can write the table can write anything into it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef STK_FSTATE_H
#define STK_FSTATE_H

#include "stk_core.h"
#include "ets.h"
#include "intermittent.h"

typedef enum StkFStateKind
{
	STK_FS_ETS = 1,
	STK_FS_SBA = 2
} StkFStateKind;

/* Longest packed state: header, ETS parameters and states, season. */
#define STK_FSTATE_MAXLEN (16 + STK_ETS_MAX_M)

/* Zero days folded into a state at most when sales resume after a gap. */
#define STK_FSTATE_MAX_GAP 400

typedef struct StkFState
{
	StkFStateKind kind;
	StkEtsModel ets;			/* STK_FS_ETS */
	StkIntermittentFit im;		/* STK_FS_SBA */
} StkFState;

/* The distribution of one day's demand. */
typedef struct StkFBand
{
	double		mean;			/* one-step point forecast, >= 0 */
	double		var;			/* its variance, >= mean (count) */
	double		lo;				/* quantile at p_lo */
	double		hi;				/* quantile at 1 - p_hi */
	double		p_zero;			/* P(no sale in the day) */
} StkFBand;

/* The day being accumulated and what a batch of sales days raised. */
typedef struct StkFDays
{
	int32_t		open_day;		/* day number; INT32_MIN = none yet */
	double		open_qty;		/* units sold so far that day */
	int32_t		last_sale_day;	/* INT32_MIN = none */
	int64_t		updates;		/* days folded into the model */
	StkFBand	band;			/* of open_day (valid with a model) */
	/* results of stk_fstate_apply */
	int32_t		spike_day;		/* INT32_MIN = no spike */
	double		spike_qty,
				spike_band;
	int32_t		drop_day;		/* INT32_MIN = no drop */
	double		drop_qty,
				drop_band;
	int			late;			/* sales days older than open_day, ignored */
} StkFDays;

#define STK_FS_NO_DAY INT32_MIN

/*
 * Known lifts of single days: the effect of an event (a feast, a
 * promotion) on the day's demand, added to the model's mean for its band
 * and taken out of the day's units before they are folded into the model,
 * so that a feast rush is neither a spike nor a new level.  day[] need not
 * be sorted; a day not listed has no lift.
 */
typedef struct StkFLifts
{
	const int32_t *day;
	const double *qty;
	int			n;
} StkFLifts;

#define STK_FLIFTS_MAX 400

/* The lift of a day (0 when l is NULL or the day is not listed). */
extern double stk_flift_of(const StkFLifts *l, int32_t day);

/*
 * Fit a state to a daily series y[0..n-1] (n >= 1, values >= 0, finite);
 * the state is left after y[n-1].  SBA's alpha is chosen by the MAR
 * criterion (intermittent.h), ETS by maximum likelihood (its STK_ECANCELED
 * passed on).
 */
extern StkStatus stk_fstate_fit(const double *y, int n, const StkAllocator *a,
								StkFState *st);

/* Model name as stored ("ETS(A,N,A)", "SBA"). */
extern const char *stk_fstate_model_name(const StkFState *st);

/* Pack into v[0..STK_FSTATE_MAXLEN-1]; returns the length used. */
extern int	stk_fstate_pack(const StkFState *st, double *v);
extern StkStatus stk_fstate_unpack(const double *v, int len, StkFState *st);

/* Fold one more day of demand y into the state, O(1). */
extern StkStatus stk_fstate_update(StkFState *st, double y);

/* Point forecast h >= 1 days after the state, never negative. */
extern double stk_fstate_mean(const StkFState *st, int h);

/*
 * Band of the next day: lo = smallest x with F(x) >= p_lo, hi = smallest
 * x with F(x) >= 1 - p_hi, both in (0, 0.5].
 */
extern StkStatus stk_fstate_band(const StkFState *st, double p_lo, double p_hi,
								 const StkAllocator *a, StkFBand *band);
/* The same with the mean moved by a lift (never below 0). */
extern StkStatus stk_fstate_band_lift(const StkFState *st, double lift, double p_lo,
									  double p_hi, const StkAllocator *a,
									  StkFBand *band);

/*
 * P(demand of days days from step first (1 = the day after the state, the
 * open day) > on_hand): the probability that the stock runs out before a
 * delivery that far ahead (1 when on_hand <= 0).
 */
extern StkStatus stk_fstate_stockout_prob(const StkFState *st, double on_hand,
										  int first, int days, double *prob);

/*
 * Fold the days of a statement's sales into the state: day[i] ascending
 * with qty[i] the units of that day.  A later day closes the open day
 * (folded into the model, checked for a drop below its band when it sold
 * something) and the days without sales in between (folded as zeros, at
 * most STK_FSTATE_MAX_GAP); an earlier day is late and ignored by the
 * model.  After every day the open day's running total is checked against
 * the band (a spike).  st may be NULL (no model yet): only the days are
 * tracked.  d holds the open day on entry and on return; with have_band
 * set, d->band is the open day's band already (the caller stored it), so
 * it is not computed again.  lifts (may be NULL): known lifts of days
 * (StkFLifts), in the bands and out of the folded units.  STK_ECANCELED
 * when stk_interrupted() says so (checked per day closed); st and d are
 * then partly advanced, as after any other error, and must be discarded.
 */
extern StkStatus stk_fstate_apply(StkFState *st, StkFDays *d,
								  const int32_t *day, const double *qty, int n,
								  double p_lo, double p_hi, bool have_band,
								  const StkFLifts *lifts,
								  const StkAllocator *a);

#endif							/* STK_FSTATE_H */
