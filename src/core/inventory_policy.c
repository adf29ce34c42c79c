/*-------------------------------------------------------------------------
 *
 * inventory_policy.c
 *	  EOQ, newsvendor, safety stock, reorder points and order-up-to levels.
 *
 * Every formula cites shared/reference/inventory.md (section numbers) and
 * the textbook behind it.  Normal approximations solve G(k) = target with
 * stk_std_normal_loss_inverse; the exact discrete rules search the
 * smallest integer level whose (monotone) service meets the target.
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "inventory_loss.h"
#include "inventory_policy.h"

/* Largest integer level the discrete searches will consider. */
#define STK_POLICY_MAX_LEVEL 2.0e9

#define ALL_FINITE2(a, b)		(isfinite(a) && isfinite(b))
#define ALL_FINITE3(a, b, c)	(isfinite(a) && isfinite(b) && isfinite(c))

StkStatus
stk_check_service_level(double level)
{
	if (!isfinite(level))
		return STK_ENONFINITE;
	if (!(level > 0.0 && level < 1.0))
		return STK_EINVAL;
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Order quantities
 * --------------------------------------------------------------------- */

StkStatus
stk_eoq(double K, double D, double h, double *Q, double *cost)
{
	if (!ALL_FINITE3(K, D, h))
		return STK_ENONFINITE;
	if (K < 0.0 || D < 0.0 || !(h > 0.0) || Q == NULL)
		return STK_EINVAL;
	/* Harris: Q* = sqrt(2KD/h), TC* = sqrt(2KDh) (reference 2.6) */
	*Q = sqrt(2.0 * K * D / h);
	if (cost)
		*cost = sqrt(2.0 * K * D * h);
	return STK_OK;
}

StkStatus
stk_eoq_backorders(double K, double D, double h, double p, double *Q,
				   double *cost)
{
	if (!ALL_FINITE3(K, D, h) || !isfinite(p))
		return STK_ENONFINITE;
	if (K < 0.0 || D < 0.0 || !(h > 0.0) || !(p > 0.0) || Q == NULL)
		return STK_EINVAL;
	/* reference 2.6: Q* = sqrt(2KD/h (h+p)/p); TC* = sqrt(2KDh p/(h+p)) */
	*Q = sqrt(2.0 * K * D / h * (h + p) / p);
	if (cost)
		*cost = sqrt(2.0 * K * D * h * p / (h + p));
	return STK_OK;
}

StkStatus
stk_eoq_discounts(double K, double D, double rate, const double *breaks,
				  const double *prices, int n, double *Q, double *cost,
				  int *tier)
{
	double		best_cost = INFINITY,
				best_q = 0.0;
	int			best = -1;
	int			i;

	if (!ALL_FINITE3(K, D, rate))
		return STK_ENONFINITE;
	if (K < 0.0 || !(D > 0.0) || !(rate > 0.0) || breaks == NULL ||
		prices == NULL || n < 1 || Q == NULL)
		return STK_EINVAL;
	for (i = 0; i < n; i++)
	{
		if (!isfinite(breaks[i]) || !isfinite(prices[i]))
			return STK_ENONFINITE;
		if (!(prices[i] > 0.0) ||
			(i == 0 && breaks[0] != 0.0) ||
			(i > 0 && (!(breaks[i] > breaks[i - 1]) || prices[i] > prices[i - 1])))
			return STK_EINVAL;
	}

	/*
	 * All-units discounts (reference 2.6): the cost curve of each tier is
	 * convex in Q, so its best feasible point is its EOQ moved up to the
	 * break.  An EOQ above the next break is dominated by the cheaper tier
	 * and skipped.  Total cost includes the purchase cost c D.
	 */
	for (i = 0; i < n; i++)
	{
		double		c = prices[i];
		double		h = rate * c;
		double		q = sqrt(2.0 * K * D / h);
		double		tc;

		if (i + 1 < n && q >= breaks[i + 1])
			continue;
		if (q < breaks[i])
			q = breaks[i];
		if (!(q > 0.0))
			continue;			/* K = 0 in the first tier: no meaningful lot */
		tc = c * D + K * D / q + h * q / 2.0;
		if (tc < best_cost)
		{
			best_cost = tc;
			best_q = q;
			best = i;
		}
	}
	if (best < 0)
		return STK_EINVAL;
	*Q = best_q;
	if (cost)
		*cost = best_cost;
	if (tier)
		*tier = best;
	return STK_OK;
}

StkStatus
stk_round_order_qty(double q, double moq, double pack, double *out)
{
	double		need,
				m;

	if (!ALL_FINITE3(q, moq, pack))
		return STK_ENONFINITE;
	if (!(pack > 0.0) || moq < 0.0 || out == NULL)
		return STK_EINVAL;
	if (q <= 0.0)
	{
		*out = 0.0;
		return STK_OK;
	}

	/*
	 * Reference 2.7 gives max(MOQ, m ceil(Q/m)), which breaks the pack
	 * multiple when the MOQ is not one; rounding max(Q, MOQ) up to the pack
	 * keeps both constraints and equals it otherwise.  The 1e-9 slack keeps
	 * a quantity that is a multiple up to rounding (12.000000000001 with
	 * packs of 6) from gaining a whole pack.
	 */
	need = fmax(q, moq);
	m = ceil(need / pack - 1e-9);
	if (m < 1.0)
		m = 1.0;
	*out = m * pack;
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Newsvendor
 * --------------------------------------------------------------------- */

StkStatus
stk_newsvendor_fractile(double p, double h, double *fractile)
{
	if (!ALL_FINITE2(p, h))
		return STK_ENONFINITE;
	if (!(p > 0.0) || !(h > 0.0) || fractile == NULL)
		return STK_EINVAL;
	/* reference 2.1 / 2.10: P(X <= S) = p/(p+h), without forming p + h (it
	 * overflows for costs near DBL_MAX) */
	*fractile = p >= h ? 1.0 / (1.0 + h / p) : (p / h) / (1.0 + p / h);
	return STK_OK;
}

StkStatus
stk_newsvendor_normal(double h, double p, double mean, double sd, double *S,
					  double *cost)
{
	double		fr,
				z;
	StkStatus	st;

	if (!ALL_FINITE2(mean, sd))
		return STK_ENONFINITE;
	if ((st = stk_newsvendor_fractile(p, h, &fr)) != STK_OK)
		return st;
	if (sd < 0.0 || S == NULL)
		return STK_EINVAL;
	z = gsl_cdf_ugaussian_Pinv(fr);
	*S = mean + sd * z;

	/*
	 * At the optimum, h nbar(S) + p n(S) = sd [h Gbar(z) + p G(z)]
	 * = sd (h + p) phi(z), because Gbar(z) = G(z) + z and
	 * (h + p) G(z) + h z = (h + p) phi(z) when Phi(z) = p/(p+h)
	 * (Snyder & Shen 2019, ch. 4).
	 */
	if (cost)
		*cost = (h + p) * sd * gsl_ran_ugaussian_pdf(z);
	return STK_OK;
}

StkStatus
stk_newsvendor_poisson(double h, double p, double mean, double *S,
					   double *cost)
{
	double		fr,
				x,
				n,
				nbar;
	StkStatus	st;

	if (!isfinite(mean))
		return STK_ENONFINITE;
	if ((st = stk_newsvendor_fractile(p, h, &fr)) != STK_OK)
		return st;
	if (mean < 0.0 || S == NULL)
		return STK_EINVAL;
	/* smallest x with F(x) >= p/(p+h), walking up from below the mean */
	x = floor(fmax(0.0, mean - 10.0 * sqrt(mean)));
	while (x > 0.0 && gsl_cdf_poisson_P((unsigned int) x, mean) >= fr)
		x -= 1.0;
	while (gsl_cdf_poisson_P((unsigned int) x, mean) < fr)
	{
		x += 1.0;
		if (x > STK_POLICY_MAX_LEVEL)
			return STK_ENOCONV;
	}
	*S = x;
	if (cost)
	{
		if ((st = stk_poisson_loss(x, mean, &n, &nbar)) != STK_OK)
			return st;
		*cost = h * nbar + p * n;
	}
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Normal approximations
 * --------------------------------------------------------------------- */

StkStatus
stk_protection_demand(double mu, double sigma, double review,
					  double lead_mean, double lead_sd, double *mean,
					  double *sd)
{
	double		t;

	if (!ALL_FINITE3(mu, sigma, review) || !ALL_FINITE2(lead_mean, lead_sd))
		return STK_ENONFINITE;
	if (mu < 0.0 || sigma < 0.0 || review < 0.0 || lead_mean < 0.0 ||
		lead_sd < 0.0 || mean == NULL || sd == NULL)
		return STK_EINVAL;
	/* reference 2.2: sigma_P^2 = (R + E[L]) sigma^2 + mu^2 Var(L) */
	t = review + lead_mean;
	*mean = mu * t;
	*sd = sqrt(t * sigma * sigma + mu * mu * lead_sd * lead_sd);
	return STK_OK;
}

/* Fill in level = mean + k sd, flooring the safety stock if asked. */
static void
finish_level(StkLevel *out, double mean, double sd, double k, bool floor_ss)
{
	double		ss = k * sd;

	if (floor_ss && ss < 0.0)
		ss = 0.0;
	out->mean_demand = mean;
	out->sd_demand = sd;
	out->k = k;
	out->safety_stock = ss;
	out->level = mean + ss;
}

/*
 * Safety factor for a target: Phi^-1(alpha) for a CSL; for a fill rate,
 * the k with G(k) = shortage_allowed / sd.
 */
static StkStatus
safety_factor(StkServiceType type, double target, double shortage_allowed,
			  double sd, double *k)
{
	if (type == STK_SERVICE_CSL)
	{
		*k = gsl_cdf_ugaussian_Pinv(target);
		return STK_OK;
	}
	if (type != STK_SERVICE_FILL_RATE)
		return STK_EINVAL;
	if (!(shortage_allowed > 0.0))
		return STK_EINVAL;		/* no demand to measure a fill rate against */
	return stk_std_normal_loss_inverse(shortage_allowed / sd, k);
}

StkStatus
stk_order_up_to_normal(double mu, double sigma, double review,
					   double lead_mean, double lead_sd, StkServiceType type,
					   double target, bool floor_ss, StkLevel *out)
{
	double		mp,
				sp,
				k;
	StkStatus	st;

	if (out == NULL)
		return STK_EINVAL;
	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if ((st = stk_protection_demand(mu, sigma, review, lead_mean, lead_sd,
									&mp, &sp)) != STK_OK)
		return st;
	if (!(review > 0.0))
		return STK_EINVAL;
	out->order_qty = 0.0;
	out->undershoot = 0.0;
	if (sp == 0.0)
	{
		/* deterministic demand: order exactly what the interval consumes */
		finish_level(out, mp, 0.0, 0.0, floor_ss);
		return STK_OK;
	}
	/* reference 2.3 (CSL) and 2.4: G(k) = (1 - beta) mu R / sigma_P */
	if ((st = safety_factor(type, target, (1.0 - target) * mu * review, sp,
							&k)) != STK_OK)
		return st;
	finish_level(out, mp, sp, k, floor_ss);
	return STK_OK;
}

StkStatus
stk_reorder_point_normal(double mu, double sigma, double lead_mean,
						 double lead_sd, double Q, StkServiceType type,
						 double target, bool lost_sales, bool floor_ss,
						 StkLevel *out)
{
	double		ml,
				sl,
				k,
				allowed;
	StkStatus	st;

	if (out == NULL)
		return STK_EINVAL;
	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (!isfinite(Q))
		return STK_ENONFINITE;
	if ((st = stk_protection_demand(mu, sigma, 0.0, lead_mean, lead_sd,
									&ml, &sl)) != STK_OK)
		return st;
	if (!(Q > 0.0))
		return STK_EINVAL;
	out->order_qty = Q;
	out->undershoot = 0.0;
	if (sl == 0.0)
	{
		finish_level(out, ml, 0.0, 0.0, floor_ss);
		return STK_OK;
	}

	/*
	 * Reference 2.4: backorders G(k) = (1-beta) Q / sigma_L; lost sales
	 * beta = Q / (Q + sigma_L G(k)), i.e. G(k) = (1-beta) Q / (beta sigma_L).
	 */
	allowed = (1.0 - target) * Q;
	if (lost_sales)
		allowed /= target;
	if ((st = safety_factor(type, target, allowed, sl, &k)) != STK_OK)
		return st;
	finish_level(out, ml, sl, k, floor_ss);
	return STK_OK;
}

StkStatus
stk_min_max_normal(double mu, double sigma, double review, double lead_mean,
				   double lead_sd, double Q, StkServiceType type,
				   double target, bool floor_ss, StkLevel *out)
{
	double		mp,
				sp,
				ym,
				yv,
				eu = 0.0,
				vu = 0.0,
				sx,
				k;
	StkStatus	st;

	if (out == NULL)
		return STK_EINVAL;
	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (!isfinite(Q))
		return STK_ENONFINITE;
	if ((st = stk_protection_demand(mu, sigma, review, lead_mean, lead_sd,
									&mp, &sp)) != STK_OK)
		return st;
	if (!(Q > 0.0))
		return STK_EINVAL;

	/*
	 * Undershoot (reference 2.5): for demand increments Y between reviews,
	 * the deficit below s at the trigger has E[U] = E[Y^2]/(2E[Y]) and
	 * E[U^2] = E[Y^3]/(3E[Y]) (continuous renewal theory), here with Y
	 * normal: E[Y^2] = m^2 + v, E[Y^3] = m^3 + 3 m v.
	 */
	ym = mu * (review > 0.0 ? review : 1.0);
	yv = sigma * sigma * (review > 0.0 ? review : 1.0);
	if (ym > 0.0)
	{
		eu = (ym * ym + yv) / (2.0 * ym);
		vu = (ym * ym * ym + 3.0 * ym * yv) / (3.0 * ym) - eu * eu;
		if (vu < 0.0)
			vu = 0.0;
	}
	sx = sqrt(sp * sp + vu);
	out->order_qty = Q;
	out->undershoot = eu;
	if (sx == 0.0)
		finish_level(out, mp + eu, 0.0, 0.0, floor_ss);
	else
	{
		/* demand per cycle = the order size Q + E[U] */
		if ((st = safety_factor(type, target, (1.0 - target) * (Q + eu), sx,
								&k)) != STK_OK)
			return st;
		finish_level(out, mp + eu, sx, k, floor_ss);
	}
	return STK_OK;
}

StkStatus
stk_ss_power_approximation(double K, double h, double p, double mu,
						   double sigma, double lead, double *s, double *S)
{
	double		ml,
				sl,
				qp,
				z,
				sp;

	if (!ALL_FINITE3(K, h, p) || !ALL_FINITE3(mu, sigma, lead))
		return STK_ENONFINITE;
	if (!(K > 0.0) || !(h > 0.0) || !(p > 0.0) || !(mu > 0.0) ||
		!(sigma > 0.0) || lead < 0.0 || s == NULL || S == NULL)
		return STK_EINVAL;

	/*
	 * Ehrhardt & Mosier (1984), reference 2.5: with mu_L = (L+1) mu and
	 * sigma_L^2 = (L+1) sigma^2,
	 *   Q_p = 1.30 mu^0.494 (K/h)^0.506 (1 + sigma_L^2/mu^2)^0.116,
	 *   z = sqrt(Q_p h / (sigma_L p)),
	 *   s_p = 0.973 mu_L + sigma_L (0.183/z + 1.063 - 2.192 z).
	 * When Q_p/sigma_L <= 1.5 the policy is capped by the newsvendor level
	 * S_0 = mu_L + sigma_L Phi^-1(p/(p+h)): s = min(s_p, S_0),
	 * S = min(s_p + Q_p, S_0) (the "modified" power approximation as in
	 * Porteus 2002 and Snyder & Shen 2019 [verify]).
	 */
	ml = (lead + 1.0) * mu;
	sl = sigma * sqrt(lead + 1.0);
	qp = 1.30 * pow(mu, 0.494) * pow(K / h, 0.506) *
		pow(1.0 + sl * sl / (mu * mu), 0.116);
	z = sqrt(qp * h / (sl * p));
	sp = 0.973 * ml + sl * (0.183 / z + 1.063 - 2.192 * z);
	if (qp / sl > 1.5)
	{
		*s = sp;
		*S = sp + qp;
	}
	else
	{
		double		s0 = ml + sl * gsl_cdf_ugaussian_Pinv(p / (p + h));

		*s = fmin(sp, s0);
		*S = fmin(sp + qp, s0);
	}
	return STK_OK;
}

/* ---- (r,Q), annual units ---------------------------------------------- */

typedef struct RQParams
{
	double		h,
				p,
				Q,
				ml,
				sl;
} RQParams;

/* g(y) = h nbar(y) + p n(y) for normal lead-time demand */
static double
rq_g(const RQParams *rp, double y)
{
	double		z = (y - rp->ml) / rp->sl;

	return rp->sl * (rp->h * stk_std_normal_loss_complement(z) +
					 rp->p * stk_std_normal_loss(z));
}

static double
rq_balance(double r, void *params)
{
	const RQParams *rp = params;

	return rq_g(rp, r) - rq_g(rp, r + rp->Q);
}

static StkStatus
rq_check(double h, double p, double D, double sd, double L)
{
	if (!ALL_FINITE3(h, p, D) || !ALL_FINITE2(sd, L))
		return STK_ENONFINITE;
	if (!(h > 0.0) || !(p > 0.0) || !(D > 0.0) || !(sd > 0.0) || !(L > 0.0))
		return STK_EINVAL;
	return STK_OK;
}

StkStatus
stk_rq_optimal_r(double Q, double h, double p, double D, double sd, double L,
				 double *r)
{
	RQParams	rp;
	double		ystar;
	StkStatus	st;

	if ((st = rq_check(h, p, D, sd, L)) != STK_OK)
		return st;
	if (!isfinite(Q))
		return STK_ENONFINITE;
	if (!(Q > 0.0) || r == NULL)
		return STK_EINVAL;
	rp.h = h;
	rp.p = p;
	rp.Q = Q;
	rp.ml = D * L;
	rp.sl = sd * sqrt(L);

	/*
	 * The expected cost per unit time for a given Q is (1/Q) int_r^{r+Q} g,
	 * with g convex and minimal at y* = F^-1(p/(p+h)); its optimum in r
	 * balances g(r) = g(r + Q) (Snyder & Shen 2019, ch. 5).  g(r) - g(r+Q)
	 * is positive at r = y* - Q and negative at r = y*.
	 */
	ystar = rp.ml + rp.sl * gsl_cdf_ugaussian_Pinv(p / (p + h));
	return stk_inv_root_brent(rq_balance, &rp, ystar - Q, ystar,
							  1e-13 * fmax(1.0, fabs(ystar)), 1e-15, r);
}

StkStatus
stk_rq_eil(double h, double p, double K, double D, double sd, double L,
		   double *r, double *Q, double *cost)
{
	double		ml,
				sl,
				q,
				rr = 0.0,
				n;
	int			iter;
	StkStatus	st;

	if ((st = rq_check(h, p, D, sd, L)) != STK_OK)
		return st;
	if (!isfinite(K))
		return STK_ENONFINITE;
	if (!(K > 0.0) || r == NULL || Q == NULL)
		return STK_EINVAL;
	ml = D * L;
	sl = sd * sqrt(L);
	q = sqrt(2.0 * K * D / h);

	/*
	 * Fixed point of Q = sqrt(2D(K + p n(r))/h) and 1 - F(r) = Q h/(p D)
	 * (Snyder & Shen 2019, ch. 5, expected-inventory-level approximation),
	 * starting from the EOQ.
	 */
	for (iter = 0; iter < 1000; iter++)
	{
		double		tail = q * h / (p * D);
		double		r_new,
					q_new;

		if (!(tail < 1.0))
			return STK_ENOCONV;
		r_new = ml + sl * gsl_cdf_ugaussian_Qinv(tail);
		n = sl * stk_std_normal_loss((r_new - ml) / sl);
		q_new = sqrt(2.0 * D * (K + p * n) / h);
		if (fabs(q_new - q) <= 1e-13 * q && fabs(r_new - rr) <= 1e-13 * fmax(1.0, fabs(r_new)))
		{
			q = q_new;
			rr = ml + sl * gsl_cdf_ugaussian_Qinv(q * h / (p * D));
			n = sl * stk_std_normal_loss((rr - ml) / sl);
			*r = rr;
			*Q = q;
			if (cost)
				*cost = h * (rr - ml + q / 2.0) + K * D / q + p * D * n / q;
			return STK_OK;
		}
		q = q_new;
		rr = r_new;
	}
	return STK_ENOCONV;
}

StkStatus
stk_rq_eoqss(double h, double p, double K, double D, double sd, double L,
			 double *r, double *Q)
{
	StkStatus	st;

	if ((st = rq_check(h, p, D, sd, L)) != STK_OK)
		return st;
	if (!isfinite(K))
		return STK_ENONFINITE;
	if (K < 0.0 || r == NULL || Q == NULL)
		return STK_EINVAL;
	/* EOQ plus the newsvendor safety stock (Snyder & Shen 2019, ch. 5) */
	*Q = sqrt(2.0 * K * D / h);
	*r = D * L + sd * sqrt(L) * gsl_cdf_ugaussian_Pinv(p / (p + h));
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Exact discrete policies
 * --------------------------------------------------------------------- */

static StkStatus
check_demand(const StkDiscreteDemand *d)
{
	if (d == NULL)
		return STK_EINVAL;
	if (!isfinite(d->mean) ||
		(d->family == STK_DEMAND_NEGBIN && !isfinite(d->variance)))
		return STK_ENONFINITE;
	if (!(d->mean > 0.0))
		return STK_EINVAL;
	if (d->family == STK_DEMAND_POISSON)
		return STK_OK;
	if (d->family == STK_DEMAND_NEGBIN && d->variance > d->mean)
		return STK_OK;
	return STK_EINVAL;
}

static StkStatus
check_lead(const StkLeadTimeDist *lead)
{
	double		sum = 0.0;
	int			i;

	if (lead == NULL || lead->n < 1 || lead->values == NULL ||
		(lead->n > 1 && lead->probs == NULL))
		return STK_EINVAL;
	for (i = 0; i < lead->n; i++)
	{
		if (!isfinite(lead->values[i]) ||
			(lead->probs && !isfinite(lead->probs[i])))
			return STK_ENONFINITE;
		if (lead->values[i] < 0.0 || (lead->probs && lead->probs[i] < 0.0))
			return STK_EINVAL;
		sum += lead->probs ? lead->probs[i] : 1.0;
	}
	if (fabs(sum - 1.0) > 1e-6)
		return STK_EINVAL;
	return STK_OK;
}

static inline double
lead_prob(const StkLeadTimeDist *lead, int i)
{
	return lead->probs ? lead->probs[i] : 1.0;
}

/* mean of a (validated) lead-time distribution */
static double
lead_mean(const StkLeadTimeDist *lead)
{
	double		m = 0.0;

	for (int i = 0; i < lead->n; i++)
		m += lead_prob(lead, i) * lead->values[i];
	return m;
}

/* loss of the t-period demand, arguments already validated */
static StkStatus
demand_loss(const StkDiscreteDemand *d, double t, double x, double *loss)
{
	if (t == 0.0)
	{
		*loss = fmax(-x, 0.0);
		return STK_OK;
	}
	if (d->family == STK_DEMAND_POISSON)
		return stk_poisson_loss(x, d->mean * t, loss, NULL);
	/* NB(r t, p) keeps the per-period variance-to-mean ratio (header) */
	return stk_negbin_loss(x, d->mean * d->mean / (d->variance - d->mean) * t,
						   d->mean / d->variance, loss, NULL);
}

/* P(X_t <= x), arguments already validated */
static double
demand_cdf(const StkDiscreteDemand *d, double t, double x)
{
	unsigned int k;

	if (x < 0.0)
		return 0.0;
	if (t == 0.0)
		return 1.0;
	k = (unsigned int) floor(x);
	if (d->family == STK_DEMAND_POISSON)
		return gsl_cdf_poisson_P(k, d->mean * t);
	return gsl_cdf_negative_binomial_P(k, d->mean / d->variance,
									   d->mean * d->mean / (d->variance - d->mean) * t);
}

StkStatus
stk_discrete_demand_loss(const StkDiscreteDemand *d, double periods, double x,
						 double *loss)
{
	StkStatus	st;

	if ((st = check_demand(d)) != STK_OK)
		return st;
	if (!ALL_FINITE2(periods, x))
		return STK_ENONFINITE;
	if (periods < 0.0 || loss == NULL)
		return STK_EINVAL;
	return demand_loss(d, periods, x, loss);
}

/* beta(S) of (R,S), validated arguments */
static StkStatus
rs_fill_rate(const StkDiscreteDemand *d, double review,
			 const StkLeadTimeDist *lead, double S, double *beta)
{
	double		shortage = 0.0;
	int			i;
	StkStatus	st;

	/* reference 2.4: beta(S) = 1 - [n_P(S) - n_L(S)] / (mu R), mixed over L */
	for (i = 0; i < lead->n; i++)
	{
		double		np,
					nl;

		if ((st = demand_loss(d, review + lead->values[i], S, &np)) != STK_OK)
			return st;
		if ((st = demand_loss(d, lead->values[i], S, &nl)) != STK_OK)
			return st;
		shortage += lead_prob(lead, i) * (np - nl);
	}
	*beta = 1.0 - shortage / (d->mean * review);
	return STK_OK;
}

/* beta(s) of (s,Q), validated arguments */
static StkStatus
sq_fill_rate(const StkDiscreteDemand *d, const StkLeadTimeDist *lead,
			 double Q, double s, double *beta)
{
	double		shortage = 0.0;
	int			i;
	StkStatus	st;

	/* Hadley-Whitin, reference 2.4: beta = 1 - [n_L(s) - n_L(s+Q)]/Q */
	for (i = 0; i < lead->n; i++)
	{
		double		n0,
					n1;

		if ((st = demand_loss(d, lead->values[i], s, &n0)) != STK_OK)
			return st;
		if ((st = demand_loss(d, lead->values[i], s + Q, &n1)) != STK_OK)
			return st;
		shortage += lead_prob(lead, i) * (n0 - n1);
	}
	*beta = 1.0 - shortage / Q;
	return STK_OK;
}

/* mixture cdf P(X_{t + L} <= x) */
static double
mixed_cdf(const StkDiscreteDemand *d, double t, const StkLeadTimeDist *lead,
		  double x)
{
	double		f = 0.0;
	int			i;

	for (i = 0; i < lead->n; i++)
		f += lead_prob(lead, i) * demand_cdf(d, t + lead->values[i], x);
	return f;
}

/* Service as a function of an integer level, for the monotone search. */
typedef struct LevelService
{
	const StkDiscreteDemand *d;
	const StkLeadTimeDist *lead;
	double		review;			/* R for (R,S); 0 for (s,Q) */
	double		Q;				/* (s,Q) only */
	bool		is_sq;
	StkServiceType type;
} LevelService;

static StkStatus
level_service(const LevelService *ls, double x, double *service)
{
	if (ls->type == STK_SERVICE_CSL)
	{
		*service = mixed_cdf(ls->d, ls->review, ls->lead, x);
		return STK_OK;
	}
	if (ls->is_sq)
		return sq_fill_rate(ls->d, ls->lead, ls->Q, x, service);
	return rs_fill_rate(ls->d, ls->review, ls->lead, x, service);
}

/*
 * Smallest integer x > lo with service(x) >= target, where service is
 * non-decreasing in x and service(lo) < target is known: double the step
 * from start until the target is met, then bisect.
 */
static StkStatus
smallest_level(const LevelService *ls, double target, double lo,
			   double start, double *x, double *achieved)
{
	double		hi = fmax(start, lo + 1.0);
	double		step = fmax(1.0, hi - lo);
	double		v,
				vhi;
	StkStatus	st;

	for (;;)
	{
		if ((st = level_service(ls, hi, &vhi)) != STK_OK)
			return st;
		if (vhi >= target)
			break;
		lo = hi;
		hi = lo + step;
		step *= 2.0;
		if (hi > STK_POLICY_MAX_LEVEL)
			return STK_ENOCONV;
	}
	while (hi - lo > 1.0)
	{
		double		mid = floor(lo + (hi - lo) / 2.0);

		if ((st = level_service(ls, mid, &v)) != STK_OK)
			return st;
		if (v >= target)
		{
			hi = mid;
			vhi = v;
		}
		else
			lo = mid;
	}
	*x = hi;
	if (achieved)
		*achieved = vhi;
	return STK_OK;
}

StkStatus
stk_rs_fill_rate_exact(const StkDiscreteDemand *d, double review,
					   const StkLeadTimeDist *lead, double S, double *beta)
{
	StkStatus	st;

	if ((st = check_demand(d)) != STK_OK || (st = check_lead(lead)) != STK_OK)
		return st;
	if (!ALL_FINITE2(review, S))
		return STK_ENONFINITE;
	if (!(review > 0.0) || beta == NULL)
		return STK_EINVAL;
	return rs_fill_rate(d, review, lead, S, beta);
}

StkStatus
stk_rs_order_up_to_exact(const StkDiscreteDemand *d, double review,
						 const StkLeadTimeDist *lead, StkServiceType type,
						 double target, double *S, double *achieved)
{
	LevelService ls;
	double		mlead;
	StkStatus	st;

	if ((st = check_demand(d)) != STK_OK || (st = check_lead(lead)) != STK_OK)
		return st;
	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (!isfinite(review))
		return STK_ENONFINITE;
	if (!(review > 0.0) || S == NULL ||
		(type != STK_SERVICE_CSL && type != STK_SERVICE_FILL_RATE))
		return STK_EINVAL;
	mlead = lead_mean(lead);
	ls.d = d;
	ls.lead = lead;
	ls.review = review;
	ls.Q = 0.0;
	ls.is_sq = false;
	ls.type = type;

	/*
	 * beta(0) = 1 - [mu (R+L) - mu L]/(mu R) = 0, and P(X_P <= -1) = 0, so
	 * the search starts from a failing level; start at the mean.
	 */
	return smallest_level(&ls, target, type == STK_SERVICE_CSL ? -1.0 : 0.0,
						  ceil(d->mean * (review + mlead)), S, achieved);
}

StkStatus
stk_sq_fill_rate_exact(const StkDiscreteDemand *d, const StkLeadTimeDist *lead,
					   double Q, double s, double *beta)
{
	StkStatus	st;

	if ((st = check_demand(d)) != STK_OK || (st = check_lead(lead)) != STK_OK)
		return st;
	if (!ALL_FINITE2(Q, s))
		return STK_ENONFINITE;
	if (!(Q >= 1.0) || Q != floor(Q) || beta == NULL)
		return STK_EINVAL;
	return sq_fill_rate(d, lead, Q, s, beta);
}

StkStatus
stk_sq_reorder_point_exact(const StkDiscreteDemand *d,
						   const StkLeadTimeDist *lead, double Q,
						   StkServiceType type, double target, double *s,
						   double *achieved)
{
	LevelService ls;
	double		mlead;
	StkStatus	st;

	if ((st = check_demand(d)) != STK_OK || (st = check_lead(lead)) != STK_OK)
		return st;
	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (!isfinite(Q))
		return STK_ENONFINITE;
	if (!(Q >= 1.0) || Q != floor(Q) || s == NULL ||
		(type != STK_SERVICE_CSL && type != STK_SERVICE_FILL_RATE))
		return STK_EINVAL;
	mlead = lead_mean(lead);
	ls.d = d;
	ls.lead = lead;
	ls.review = 0.0;
	ls.Q = Q;
	ls.is_sq = true;
	ls.type = type;

	/* beta(-Q) = 1 - [(mu_L + Q) - mu_L]/Q = 0; P(X_L <= -1) = 0 */
	return smallest_level(&ls, target, type == STK_SERVICE_CSL ? -1.0 : -Q,
						  ceil(d->mean * mlead), s, achieved);
}

StkStatus
stk_rs_order_up_to_pmf(const double *pmf_p, int np, const double *pmf_l,
					   int nl, StkServiceType type, double target,
					   const StkAllocator *a, double *S, double *achieved)
{
	double	   *tp,
			   *tl;
	StkStatus	st;

	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (a == NULL || S == NULL || np < 1 || nl < 1 ||
		(type != STK_SERVICE_CSL && type != STK_SERVICE_FILL_RATE))
		return STK_EINVAL;
	tp = stk_alloc(a, sizeof(double) * ((size_t) np + 1 + (size_t) nl + 1));
	if (tp == NULL)
		return STK_ENOMEM;
	tl = tp + np + 1;
	if ((st = stk_pmf_loss_table(pmf_p, np, tp)) == STK_OK &&
		(st = stk_pmf_loss_table(pmf_l, nl, tl)) == STK_OK)
		st = stk_level_from_loss(tp, np, tl, nl, 1, type, target, S, achieved);
	stk_free(a, tp);
	return st;
}

/* Loss n(y) of a loss table t[0..n] (t[n] = 0) at any integer y. */
static double
table_loss(const double *t, int n, double y)
{
	if (y <= 0.0)
		return t[0] - y;		/* n(y) = E[X] - y below the support */
	if (y >= n)
		return 0.0;
	return t[(int) y];
}

/* F(y) = 1 - P(X > y) = 1 - (n(y) - n(y + 1)) from a loss table. */
static double
table_cdf(const double *t, int n, double y)
{
	if (y < 0.0)
		return 0.0;
	if (y >= n)
		return 1.0;
	return 1.0 - (table_loss(t, n, y) - table_loss(t, n, y + 1.0));
}

double
stk_level_service(const double *tp, int np, const double *tl, int nl,
				  int Q, StkServiceType type, double x)
{
	double		mu_r = tp[0] - tl[0];
	double		sum = 0.0;

	if (type == STK_SERVICE_CSL)
		return table_cdf(tp, np, Q == 1 ? x : x - 1.0);
	for (int j = 0; j < Q; j++)
		sum += table_loss(tp, np, x + j) - table_loss(tl, nl, x + j);
	return 1.0 - sum / (Q * mu_r);
}

StkStatus
stk_level_from_loss(const double *tp, int np, const double *tl, int nl,
					int Q, StkServiceType type, double target,
					double *x, double *achieved)
{
	double		lo,
				hi;
	StkStatus	st;

	if ((st = stk_check_service_level(target)) != STK_OK)
		return st;
	if (tp == NULL || tl == NULL || x == NULL || np < 1 || nl < 1 || Q < 1 ||
		(type != STK_SERVICE_CSL && type != STK_SERVICE_FILL_RATE))
		return STK_EINVAL;
	/* n(0) = E[X]: the review window's demand is E[X_P] - E[X_L] */
	if (type == STK_SERVICE_FILL_RATE && !(tp[0] - tl[0] > 0.0))
		return STK_EINVAL;

	/*
	 * The service rises with x: 0 at x = -Q (every position in the range
	 * is at or below zero, so each cycle loses its whole demand), 1 at
	 * x = np (beyond the support nothing is short).  Bisect on integers.
	 */
	lo = -(double) Q;
	hi = np;
	if (type == STK_SERVICE_CSL)
		lo = -1.0;
	while (hi - lo > 1.0)
	{
		double		mid = floor((lo + hi) / 2.0);

		if (stk_level_service(tp, np, tl, nl, Q, type, mid) >= target)
			hi = mid;
		else
			lo = mid;
	}
	*x = hi;
	if (achieved)
		*achieved = stk_level_service(tp, np, tl, nl, Q, type, hi);
	return STK_OK;
}

/* ---------------------------------------------------------------------
 * Exact optimal periodic-review (s,S): Zheng & Federgruen (1991)
 * --------------------------------------------------------------------- */

/* Largest S - s the search will consider. */
#define STK_ZF_MAX_SPAN 100000

typedef struct ZFState
{
	const StkAllocator *a;
	const double *pmf;			/* per-period demand, for the renewal function */
	int			n;
	const double *loss;			/* loss table of the risk-period demand */
	int			nl;
	double		mean_l;			/* its mean */
	double		h,
				p,
				K;
	double	   *m;				/* renewal masses m(0..mlen-1) */
	int			mlen,
				mcap;
} ZFState;

/* One-period cost G(y) = h E[(y - D)+] + p E[(D - y)+] at an integer y. */
static double
zf_G(const ZFState *z, double y)
{
	double		n;

	if (y < 0.0)
		n = z->mean_l - y;
	else if (y >= z->nl)
		n = 0.0;
	else
		n = z->loss[(int) y];
	return z->h * (n + y - z->mean_l) + z->p * n;
}

/*
 * Renewal masses of one-period demand (ZF 1991, eq. 2):
 * m(0) = 1/(1 - p0), m(j) = sum_{l=1..j} p_l m(j - l) / (1 - p0).
 */
static StkStatus
zf_extend(ZFState *z, int upto)
{
	if (upto > STK_ZF_MAX_SPAN)
		return STK_ENOCONV;
	if (upto >= z->mcap)
	{
		int			cap = z->mcap;
		double	   *m;

		while (cap <= upto)
			cap *= 2;
		m = stk_realloc(z->a, z->m, sizeof(double) * (size_t) cap);
		if (m == NULL)
			return STK_ENOMEM;
		z->m = m;
		z->mcap = cap;
	}
	while (z->mlen <= upto)
	{
		int			j = z->mlen;
		double		sum = 0.0;
		int			l;

		if (j == 0)
			z->m[0] = 1.0 / (1.0 - z->pmf[0]);
		else
		{
			for (l = 1; l <= j && l < z->n; l++)
				sum += z->pmf[l] * z->m[j - l];
			z->m[j] = sum / (1.0 - z->pmf[0]);
		}
		z->mlen++;
	}
	return STK_OK;
}

/*
 * Average cost per period of (s,S) (ZF 1991, eq. 3):
 * c(s,S) = [K + sum_{j=0}^{S-s-1} m(j) G(S - j)] / M(S - s),
 * M(k) = sum_{j<k} m(j).
 */
static StkStatus
zf_cost(ZFState *z, double s, double S, double *c)
{
	int			span = (int) (S - s);
	double		num = z->K,
				den = 0.0;
	int			j;
	StkStatus	st;

	if ((st = zf_extend(z, span)) != STK_OK)
		return st;
	for (j = 0; j < span; j++)
	{
		num += z->m[j] * zf_G(z, S - j);
		den += z->m[j];
	}
	*c = num / den;
	return STK_OK;
}

StkStatus
stk_ss_discrete_exact(double h, double p, double K, const double *pmf, int n,
					  const double *pmf_lead, int nl, const StkAllocator *a,
					  double *s_out, double *S_out, double *cost)
{
	ZFState		z;
	double	   *table;
	double		total,
				ystar,
				s,
				S0,
				S,
				c0,
				c;
	int			i;
	StkStatus	st = STK_OK;

	if (!ALL_FINITE3(h, p, K))
		return STK_ENONFINITE;
	if (!(h > 0.0) || !(p > 0.0) || K < 0.0 || a == NULL || pmf == NULL ||
		pmf_lead == NULL || n < 1 || nl < 1 || s_out == NULL || S_out == NULL)
		return STK_EINVAL;
	total = 0.0;
	for (i = 0; i < n; i++)
	{
		if (!isfinite(pmf[i]))
			return STK_ENONFINITE;
		if (pmf[i] < 0.0)
			return STK_EINVAL;
		total += pmf[i];
	}
	if (fabs(total - 1.0) > 1e-6 || !(pmf[0] < 1.0))
		return STK_EINVAL;		/* demand never positive: no renewal */

	table = stk_alloc(a, sizeof(double) * ((size_t) nl + 1));
	if (table == NULL)
		return STK_ENOMEM;
	if ((st = stk_pmf_loss_table(pmf_lead, nl, table)) != STK_OK)
	{
		stk_free(a, table);
		return st;
	}
	z.a = a;
	z.pmf = pmf;
	z.n = n;
	z.loss = table;
	z.nl = nl;
	z.mean_l = table[0];
	z.h = h;
	z.p = p;
	z.K = K;
	z.mcap = 64;
	z.mlen = 0;
	z.m = stk_alloc(a, sizeof(double) * (size_t) z.mcap);
	if (z.m == NULL)
	{
		stk_free(a, table);
		return STK_ENOMEM;
	}

	/* y* minimises the convex G (the newsvendor level) */
	ystar = 0.0;
	while (zf_G(&z, ystar + 1.0) < zf_G(&z, ystar))
		ystar += 1.0;

	/*
	 * Zheng & Federgruen (1991), section 3: lower s from y* until
	 * c(s, y*) <= G(s); then raise S while G(S) <= c*, and whenever
	 * c(s, S) improves, accept S and raise s while c(s, S) <= G(s + 1).
	 */
	S0 = ystar;
	s = ystar - 1.0;
	for (;;)
	{
		if ((st = zf_cost(&z, s, S0, &c)) != STK_OK)
			goto done;
		if (c <= zf_G(&z, s))
			break;
		s -= 1.0;
	}
	c0 = c;
	for (S = S0 + 1.0; zf_G(&z, S) <= c0; S += 1.0)
	{
		if ((st = zf_cost(&z, s, S, &c)) != STK_OK)
			goto done;
		if (c < c0)
		{
			S0 = S;
			for (;;)
			{
				if ((st = zf_cost(&z, s, S0, &c)) != STK_OK)
					goto done;
				if (s + 1.0 >= S0 || !(c <= zf_G(&z, s + 1.0)))
					break;
				s += 1.0;
			}
			c0 = c;
		}
	}
	*s_out = s;
	*S_out = S0;
	if (cost)
		*cost = c0;
done:
	stk_free(a, z.m);
	stk_free(a, table);
	return st;
}
