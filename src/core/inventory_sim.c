/*-------------------------------------------------------------------------
 *
 * inventory_sim.c
 *	  Policy simulator: replay demand under (R,S), (s,Q), (s,S), (R,s,S).
 *
 * See inventory_sim.h for the event order and the metric definitions
 * (shared/reference/inventory.md sections 6.1 and 6.2).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "inventory_policy.h"
#include "inventory_sim.h"

static StkStatus
check_policy(const StkSimPolicy *p)
{
	/* only the fields the policy uses must be finite */
	if (!isfinite(p->moq) || !isfinite(p->pack) ||
		(p->kind != STK_POLICY_RS && !isfinite(p->s)) ||
		(p->kind != STK_POLICY_SQ && !isfinite(p->S)) ||
		(p->kind == STK_POLICY_SQ && !isfinite(p->Q)))
		return STK_ENONFINITE;
	if (p->moq < 0.0 || p->pack < 0.0)
		return STK_EINVAL;
	switch (p->kind)
	{
		case STK_POLICY_RS:
			break;
		case STK_POLICY_RSS:
		case STK_POLICY_SS:
			if (p->s > p->S)
				return STK_EINVAL;
			break;
		case STK_POLICY_SQ:
			if (!(p->Q > 0.0))
				return STK_EINVAL;
			break;
		default:
			return STK_EINVAL;
	}
	if (p->kind == STK_POLICY_RS || p->kind == STK_POLICY_RSS)
	{
		if (p->review < 1 || p->review_offset < 0 ||
			p->review_offset >= p->review)
			return STK_EINVAL;
	}
	return STK_OK;
}

static StkStatus
check_lead(const StkSimLeadTime *l)
{
	int			i;

	switch (l->kind)
	{
		case STK_LEAD_CONSTANT:
			if (!isfinite(l->constant))
				return STK_ENONFINITE;
			return l->constant >= 0.0 ? STK_OK : STK_EINVAL;
		case STK_LEAD_SEQUENCE:
			if (l->sequence == NULL || l->nsequence < 1)
				return STK_EINVAL;
			for (i = 0; i < l->nsequence; i++)
			{
				if (!isfinite(l->sequence[i]))
					return STK_ENONFINITE;
				if (l->sequence[i] < 0.0)
					return STK_EINVAL;
			}
			return STK_OK;
		case STK_LEAD_GAMMA:
		case STK_LEAD_LOGNORMAL:
			if (!isfinite(l->mean) || !isfinite(l->sd))
				return STK_ENONFINITE;
			return (l->mean > 0.0 && l->sd >= 0.0) ? STK_OK : STK_EINVAL;
	}
	return STK_EINVAL;
}

/* Lead time of order number k, in whole periods, capped at the horizon. */
static int64_t
draw_lead(const StkSimLeadTime *l, const gsl_rng *rng, int64_t k, int n)
{
	double		x;

	switch (l->kind)
	{
		case STK_LEAD_CONSTANT:
			x = l->constant;
			break;
		case STK_LEAD_SEQUENCE:
			x = l->sequence[k % l->nsequence];
			break;
		case STK_LEAD_GAMMA:
			/* shape m^2/s^2, scale s^2/m: mean m, sd s */
			if (l->sd == 0.0)
				x = l->mean;
			else
				x = gsl_ran_gamma(rng, l->mean * l->mean / (l->sd * l->sd),
								  l->sd * l->sd / l->mean);
			break;
		case STK_LEAD_LOGNORMAL:
		default:
			if (l->sd == 0.0)
				x = l->mean;
			else
			{
				/* sigma^2 = ln(1 + s^2/m^2), zeta = ln m - sigma^2/2: mean m, sd s */
				double		s2 = log1p(l->sd * l->sd / (l->mean * l->mean));

				x = gsl_ran_lognormal(rng, log(l->mean) - 0.5 * s2, sqrt(s2));
			}
			break;
	}
	x = floor(x + 0.5);
	return x > (double) n ? (int64_t) n : (int64_t) x;
}

/* Apply MOQ and pack rounding to a positive order. */
static double
round_order(const StkSimPolicy *p, double q)
{
	double		r;

	if (p->pack > 0.0)
	{
		if (stk_round_order_qty(q, p->moq, p->pack, &r) == STK_OK)
			return r;
		return q;				/* cannot happen: arguments were validated */
	}
	return fmax(q, p->moq);
}

StkStatus
stk_simulate_policy(const double *demand, int n, const StkSimPolicy *policy,
					const StkSimLeadTime *lead, const StkSimOptions *opt,
					const StkAllocator *a, StkSimResult *out)
{
	double	   *pipe;
	gsl_rng		rng;
	bool		have_rng = false;
	bool		periodic;
	double		net,
				on_order = 0.0,
				sum_on_hand = 0.0;
	bool		cur_measured = false,
				cur_stockout = false;
	int64_t		norders_all = 0;
	int			t;
	StkStatus	st;

	if (demand == NULL || policy == NULL || lead == NULL || opt == NULL ||
		a == NULL || out == NULL || n < 1)
		return STK_EINVAL;
	for (t = 0; t < n; t++)
	{
		if (!isfinite(demand[t]))
			return STK_ENONFINITE;
		if (demand[t] < 0.0)
			return STK_EINVAL;
	}
	if ((st = check_policy(policy)) != STK_OK ||
		(st = check_lead(lead)) != STK_OK)
		return st;
	for (t = 0; t < n && (policy->S_path || policy->s_path); t++)
	{
		double		S = policy->S_path ? policy->S_path[t] : policy->S;
		double		s = policy->s_path ? policy->s_path[t] : policy->s;

		if ((policy->S_path && !isfinite(S)) || (policy->s_path && !isfinite(s)))
			return STK_ENONFINITE;
		if (policy->kind != STK_POLICY_RS && policy->kind != STK_POLICY_SQ && s > S)
			return STK_EINVAL;
	}
	if (!isfinite(opt->initial_on_hand))
		return STK_ENONFINITE;
	if (opt->initial_on_hand < 0.0 || opt->warmup < 0 || opt->warmup >= n)
		return STK_EINVAL;

	pipe = stk_alloc(a, sizeof(double) * (size_t) n);
	if (pipe == NULL)
		return STK_ENOMEM;
	memset(pipe, 0, sizeof(double) * (size_t) n);
	if (lead->kind == STK_LEAD_GAMMA || lead->kind == STK_LEAD_LOGNORMAL)
	{
		/*
		 * The generator's state comes from our allocator (gsl_rng_alloc
		 * would malloc); gsl_rng is a public two-field struct.
		 */
		rng.type = gsl_rng_mt19937;
		rng.state = stk_alloc(a, gsl_rng_mt19937->size);
		if (rng.state == NULL)
		{
			stk_free(a, pipe);
			return STK_ENOMEM;
		}
		gsl_rng_set(&rng, (unsigned long) (lead->seed ^ (lead->seed >> 32)));
		have_rng = true;
	}

	memset(out, 0, sizeof(*out));
	periodic = (policy->kind == STK_POLICY_RS || policy->kind == STK_POLICY_RSS);
	net = opt->initial_on_hand;

	for (t = 0; t < n; t++)
	{
		bool		measured = (t >= opt->warmup);
		bool		new_cycle = false;
		bool		review;
		double		q = 0.0;
		double		d,
					avail,
					served;

		/* 1. receipts */
		if (pipe[t] > 0.0)
		{
			net += pipe[t];
			on_order -= pipe[t];
			if (measured)
				out->units_received += pipe[t];
			if (!periodic)
				new_cycle = true;
		}

		/* 2. review */
		review = !periodic ||
			(t >= policy->review_offset &&
			 (t - policy->review_offset) % policy->review == 0);
		if (periodic && review)
			new_cycle = true;
		if (review)
		{
			double		ip = net + on_order;
			double		S = policy->S_path ? policy->S_path[t] : policy->S;
			double		s = policy->s_path ? policy->s_path[t] : policy->s;

			switch (policy->kind)
			{
				case STK_POLICY_RS:
					q = S - ip;
					break;
				case STK_POLICY_RSS:
				case STK_POLICY_SS:
					if (ip <= s)
						q = S - ip;
					break;
				case STK_POLICY_SQ:
					if (ip <= s)
						q = (floor((s - ip) / policy->Q) + 1.0) * policy->Q;
					break;
			}
			if (q > 0.0)
			{
				int64_t		lt;

				q = round_order(policy, q);
				lt = draw_lead(lead, have_rng ? &rng : NULL, norders_all, n);
				norders_all++;
				if (measured)
				{
					out->orders++;
					out->units_ordered += q;
				}
				if (lt == 0)
				{
					net += q;
					if (measured)
						out->units_received += q;
					if (!periodic)
						new_cycle = true;
				}
				else
				{
					if (t + lt < n)
						pipe[t + lt] += q;
					on_order += q;
				}
			}
		}

		/* close the previous cycle when a new one starts */
		if (new_cycle && t > 0)
		{
			if (cur_measured)
			{
				out->cycles++;
				if (cur_stockout)
					out->stockout_cycles++;
			}
			cur_measured = cur_stockout = false;
		}

		/* 3. demand */
		d = demand[t];
		avail = fmax(net, 0.0);
		served = fmin(d, avail);
		if (opt->lost_sales)
			net -= served;
		else
			net -= d;

		if (measured)
		{
			double		on_hand = fmax(net, 0.0);

			out->periods++;
			out->demand += d;
			out->served += served;
			out->short_units += d - served;
			if (d > served)
			{
				out->stockout_periods++;
				cur_stockout = true;
			}
			if (!(on_hand > 0.0))
				out->zero_stock_periods++;
			sum_on_hand += on_hand;
			cur_measured = true;
		}
	}
	if (cur_measured)
	{
		out->cycles++;
		if (cur_stockout)
			out->stockout_cycles++;
	}

	out->fill_rate = out->demand > 0.0 ? out->served / out->demand : NAN;
	out->cycle_service_level = 1.0 - (double) out->stockout_cycles / (double) out->cycles;
	out->avg_on_hand = sum_on_hand / (double) out->periods;
	out->end_on_hand = fmax(net, 0.0);
	out->end_backorders = fmax(-net, 0.0);
	out->end_on_order = on_order;

	if (have_rng)
		stk_free(a, rng.state);
	stk_free(a, pipe);
	return STK_OK;
}
