/*-------------------------------------------------------------------------
 *
 * test_inventory.c
 *	  Unit tests of the inventory core: loss functions, EOQ, newsvendor,
 *	  (r,Q), (s,S), safety stocks, exact discrete (R,S) and (s,Q) rules,
 *	  order rounding, the policy simulator and its calibration.
 *
 * Sources of the reference numbers (stated again at each test):
 * - "stockpyl": the golden table of shared/reference/inventory.md 4.1
 *   (stockpyl doctests, Snyder & Shen 2019).  Checked at 1e-9 relative
 *   except stk_rq_optimal_r, whose stockpyl value stops at its own solver
 *   tolerance (see there).
 * - "R": R 4.x, base functions only (dpois, dnbinom, pnorm, uniroot ...),
 *   by brute-force sums of (k - x)+ f(k) over k = 0..1e5 or by direct root
 *   finding; the R command is in the comment.  Checked at 1e-9 relative.
 * - hand-traced simulator scenarios (the trace is in the comment).
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "count_dist.h"
#include "inventory_loss.h"
#include "inventory_policy.h"
#include "inventory_sim.h"
#include "tap.h"

#define REL 1e-9

static const StkAllocator *const A = &stk_malloc_allocator;

/* Relative comparison (tap_is_double is absolute below 1). */
static int
is_rel(double got, double want, double rel, const char *what)
{
	int			ok = fabs(got - want) <= rel * fabs(want);

	tap_ok(ok, "%s", what);
	if (!ok)
		printf("#   got %.17g, want %.17g (relative tolerance %g)\n",
			   got, want, rel);
	return ok;
}

static int
is_status(StkStatus got, StkStatus want, const char *what)
{
	int			ok = got == want;

	tap_ok(ok, "%s", what);
	if (!ok)
		printf("#   got status %d (%s), want %d (%s)\n", got,
			   stk_status_message(got), want, stk_status_message(want));
	return ok;
}

/* ------------------------------------------------------------------ */

static void
test_loss_golden(void)
{
	double		n,
				nb,
				r,
				p,
				z;

	/* stockpyl standard_normal_loss(1.3): L = 0.04552796208651397, Lbar = 1.345527962086514 */
	is_rel(stk_std_normal_loss(1.3), 0.04552796208651397, REL, "G(1.3) stockpyl");
	is_rel(stk_std_normal_loss_complement(1.3), 1.345527962086514, REL,
		   "Gbar(1.3) stockpyl");

	/* R: 0.5*((1+z^2)*pnorm(z,lower=F) - z*dnorm(z)), z = 1.3; agrees with integrate() to 3e-15 */
	is_rel(stk_std_normal_loss2(1.3), 0.018807066936571165, REL, "G2(1.3) R");

	/* stockpyl normal_loss(18.6, 15, 3) = 0.1683073521514889 */
	stk_normal_loss(18.6, 15, 3, &n, NULL);
	is_rel(n, 0.1683073521514889, REL, "normal loss x=18.6 N(15,3^2) stockpyl");

	/* stockpyl poisson_loss(18, 15): n = 0.5176095282584724, nbar = 3.5176095282584723 */
	tap_ok(stk_poisson_loss(18, 15, &n, &nb) == STK_OK, "poisson loss status");
	is_rel(n, 0.5176095282584724, REL, "Poisson loss x=18 mu=15 stockpyl (tail-sum branch)");
	is_rel(nb, 3.5176095282584723, REL, "Poisson complement x=18 mu=15 stockpyl");

	/* stockpyl negative_binomial_loss(14, r=4, p=0.2) = 4.447304632028364 */
	stk_negbin_loss(14, 4, 0.2, &n, NULL);
	is_rel(n, 4.447304632028364, REL, "NB loss x=14 r=4 p=0.2 stockpyl");

	/* stockpyl negative_binomial_loss(14, mean=23, sd=8) = 9.326459980156931 */
	{
		StkCountDist nbd;

		tap_ok(stk_count_negbin(23, 64, &nbd) == STK_OK && nbd.family == STK_COUNT_FAMILY_NEGBIN,
			   "NB from moments");
		r = nbd.nb_size;
		p = nbd.nb_prob;
	}
	stk_negbin_loss(14, r, p, &n, NULL);
	is_rel(n, 9.326459980156931, REL, "NB loss x=14 mean=23 sd=8 stockpyl");

	/* stockpyl gamma_loss(4, a=2, b=3) = 2.635971381157268 */
	stk_gamma_loss(4, 2, 3, &n, &nb);
	is_rel(n, 2.635971381157268, REL, "gamma loss x=4 a=2 b=3 stockpyl");
	/* R: integrate(function(t) (4-t)*dgamma(t,shape=2,scale=3), 0, 4) */
	is_rel(nb, 0.63597138115726781, 1e-9, "gamma complement R");

	/* stockpyl geometric_loss(7, 0.2) = 1.0485760000000004 (= 0.8^7/0.2) */
	stk_geometric_loss(7, 0.2, &n, NULL);
	is_rel(n, 1.0485760000000004, REL, "geometric loss x=7 p=0.2 stockpyl");

	/* inverse: G^-1(G(1.3)) = 1.3; R: uniroot(G(z) - 3) = -2.9996173287912224 */
	stk_std_normal_loss_inverse(0.04552796208651397, &z);
	is_rel(z, 1.3, 1e-12, "G^-1(G(1.3)) = 1.3");
	stk_std_normal_loss_inverse(3.0, &z);
	is_rel(z, -2.9996173287912224, 1e-12, "G^-1(3) R");
	stk_std_normal_loss_inverse(1e-12, &z);
	is_rel(stk_std_normal_loss(z), 1e-12, 1e-9, "G(G^-1(1e-12)) round trip");
	stk_std_normal_loss_inverse(1e6, &z);
	is_rel(stk_std_normal_loss(z), 1e6, 1e-12, "G(G^-1(1e6)) round trip");
}

static void
test_loss_discrete(void)
{
	double		n,
				nb,
				n2;
	double	   *pmf,
			   *table;
	int			k,
				ok;

	/* R: k<-0:1e5; sum(pmax(k-10,0)*dpois(k,15)); sum(pmax(10-k,0)*dpois(k,15)) */
	stk_poisson_loss(10, 15, &n, &nb);
	is_rel(n, 5.1368392047990046, REL, "Poisson loss x=10 mu=15 R (closed branch)");
	is_rel(nb, 0.13683920479900438, REL, "Poisson complement x=10 mu=15 R (head-sum branch)");
	/* R: sum(pmax(k-40,0)*dpois(k,15)): deep tail, where the closed form cancels */
	stk_poisson_loss(40, 15, &n, NULL);
	is_rel(n, 3.5980338948643831e-08, 1e-8, "Poisson loss x=40 mu=15 R (deep tail)");
	/* R: mu = 1000: sum(pmax(900-k,0)*dpois(k,1000)), sum(pmax(k-1100,0)*dpois(k,1000)) */
	stk_poisson_loss(900, 1000, &n, &nb);
	is_rel(nb, 0.0053928107416288439, 1e-8, "Poisson complement x=900 mu=1000 R");
	stk_poisson_loss(1100, 1000, &n, NULL);
	is_rel(n, 0.0082253460786388677, 1e-8, "Poisson loss x=1100 mu=1000 R");
	/* exact interpolation: E[(X - 17.5)+] = (n(17) + n(18))/2 for integer X */
	{
		double		a,
					b,
					c;

		stk_poisson_loss(17, 15, &a, NULL);
		stk_poisson_loss(18, 15, &b, NULL);
		stk_poisson_loss(17.5, 15, &c, NULL);
		is_rel(c, 0.5 * (a + b), 1e-14, "Poisson loss at 17.5 interpolates");
	}

	/* R: sum(pmax(k-30,0)*dnbinom(k,size=4,prob=0.2)); sum(pmax(5-k,0)*dnbinom(...)) */
	stk_negbin_loss(30, 4, 0.2, &n, NULL);
	is_rel(n, 0.4896300443381536, REL, "NB loss x=30 r=4 p=0.2 R (tail branch)");
	stk_negbin_loss(5, 4, 0.2, &n, &nb);
	is_rel(nb, 0.11490560000000001, REL, "NB complement x=5 r=4 p=0.2 R");
	/* R: size = 0.3, prob = 0.05 (lumpy: mean 5.7, var 114): x = 3 and x = 200 */
	stk_negbin_loss(3, 0.3, 0.05, &n, &nb);
	is_rel(n, 4.2249560425055988, REL, "NB loss x=3 r=0.3 p=0.05 R");
	is_rel(nb, 1.5249560425055995, REL, "NB complement x=3 r=0.3 p=0.05 R");
	stk_negbin_loss(200, 0.3, 0.05, &n, NULL);
	is_rel(n, 3.947411576135939e-05, 1e-8, "NB loss x=200 r=0.3 p=0.05 R");

	/* arbitrary pmf: Poisson(15) truncated at 80 (mass lost < 1e-20) vs the Poisson routine */
	pmf = malloc(sizeof(double) * 81);
	table = malloc(sizeof(double) * 82);
	for (k = 0; k < 81; k++)
		pmf[k] = gsl_ran_poisson_pdf(k, 15);
	tap_ok(stk_pmf_loss_table(pmf, 81, table) == STK_OK, "pmf loss table status");
	ok = 1;
	for (k = 0; k <= 60; k++)
	{
		double		want;

		stk_poisson_loss(k, 15, &want, NULL);
		if (fabs(table[k] - want) > 1e-12 * fmax(want, 1e-300) + 1e-300)
		{
			ok = 0;
			printf("#   x=%d table %.17g poisson %.17g\n", k, table[k], want);
		}
	}
	tap_ok(ok, "pmf loss table = Poisson loss at x = 0..60 (1e-12 relative)");
	stk_pmf_loss(pmf, 81, 18, &n, &nb);
	is_rel(n, 0.5176095282584724, REL, "pmf loss x=18 = stockpyl Poisson value");
	is_rel(nb, 3.5176095282584723, REL, "pmf complement x=18 = stockpyl value");
	stk_pmf_loss(pmf, 81, -2, &n, &nb);
	tap_is_double(n, 17.0, 1e-12, "pmf loss below 0 = mean - x");
	stk_pmf_loss(pmf, 81, 17.25, &n, NULL);
	{
		double		a,
					b;

		stk_poisson_loss(17, 15, &a, NULL);
		stk_poisson_loss(18, 15, &b, NULL);
		is_rel(n, 0.75 * a + 0.25 * b, 1e-12, "pmf loss at 17.25 interpolates");
	}
	/* second order: sum_{j > x} n(j) (Zipkin's discrete definition) */
	stk_pmf_loss2(pmf, 81, 18, &n2);
	{
		double		s = 0.0;

		for (k = 19; k <= 81; k++)
			s += table[k];
		is_rel(n2, s, 1e-12, "pmf second-order loss = sum_{j>x} n(j)");
	}
	free(pmf);
	free(table);

	/* a two-point pmf by hand: P(0) = 0.5, P(4) = 0.5: n(1) = 1.5, nbar(1) = 0.5, n2(1) = 0.5*3*2*0.5 */
	{
		double		two[5] = {0.5, 0, 0, 0, 0.5};

		stk_pmf_loss(two, 5, 1, &n, &nb);
		is_rel(n, 1.5, 1e-15, "two-point pmf loss by hand");
		is_rel(nb, 0.5, 1e-15, "two-point pmf complement by hand");
		stk_pmf_loss2(two, 5, 1, &n2);
		is_rel(n2, 1.5, 1e-15, "two-point pmf second-order loss by hand");
	}
}

static void
test_eoq_newsvendor(void)
{
	double		Q,
				c,
				S;
	int			tier;
	const double br[3] = {0, 400, 1000};
	const double pr[3] = {1.0, 0.98, 0.96};
	const double pr2[3] = {1.0, 0.98, 0.90};

	/* stockpyl economic_order_quantity(K=8, h=0.225, D=1300) */
	stk_eoq(8, 1300, 0.225, &Q, &c);
	is_rel(Q, 304.0467800264368, REL, "EOQ Q stockpyl");
	is_rel(c, 68.41052550594829, REL, "EOQ cost stockpyl");

	/* planned backorders: Q = EOQ sqrt((h+p)/p) by the formula of reference 2.6 */
	stk_eoq_backorders(8, 1300, 0.225, 7.5, &Q, &c);
	is_rel(Q, 304.0467800264368 * sqrt((0.225 + 7.5) / 7.5), 1e-14,
		   "EOQ with backorders");

	/*
	 * All-units discounts; R brute force over Q in 0.001 steps of
	 * c D + K D/Q + r c Q/2 with the tiered price: the 400 break (cost
	 * 1344.1); with a deep 1000-unit discount (0.90), the 1000 break
	 * (cost 1281.65).
	 */
	stk_eoq_discounts(8, 1300, 0.225, br, pr, 3, &Q, &c, &tier);
	tap_ok(tier == 1 && Q == 400.0, "discounts: moves up to the 400 break");
	is_rel(c, 1344.1, 1e-12, "discounts: cost R");
	stk_eoq_discounts(8, 1300, 0.225, br, pr2, 3, &Q, &c, &tier);
	tap_ok(tier == 2 && Q == 1000.0, "discounts: deep tier wins");
	is_rel(c, 1281.65, 1e-12, "discounts: deep tier cost R");

	/* stockpyl newsvendor_normal(h=0.18, p=0.70, 50, 8) */
	stk_newsvendor_normal(0.18, 0.70, 50, 8, &S, &c);
	is_rel(S, 56.60395592743389, REL, "newsvendor S stockpyl (h=.18 p=.7 N(50,8))");
	is_rel(c, 1.9976051931766445, REL, "newsvendor cost stockpyl");
	/* stockpyl newsvendor_normal(h=2, p=18, 120, 10) */
	stk_newsvendor_normal(2, 18, 120, 10, &S, &c);
	is_rel(S, 132.815515655446, REL, "newsvendor S stockpyl (h=2 p=18 N(120,10))");
	is_rel(c, 35.09966638649737, REL, "newsvendor cost stockpyl");
	/* R: qpois(0.8, 6) = 8; cost sum(pmax(8-k,0)*f) + 4*sum(pmax(k-8,0)*f) */
	stk_newsvendor_poisson(1, 4, 6, &S, &c);
	tap_ok(S == 8.0, "Poisson newsvendor S = qpois(0.8, 6) = 8");
	is_rel(c, 3.5701069457709425, REL, "Poisson newsvendor cost R");
	stk_newsvendor_fractile(7.5, 0.225, &c);
	is_rel(c, 7.5 / 7.725, 1e-15, "critical fractile");
}

static void
test_rq_ss(void)
{
	double		r,
				Q,
				c,
				s,
				S;

	/*
	 * stockpyl r_q_optimal_r_for_q(Q=300, h=0.225, p=7.5, D=1300, sd=150,
	 * L=1/12) = 129.4272799263067.  The exact root of g(r) = g(r+Q) is
	 * 129.42727969763931 (R: uniroot(g(r) - g(r+300), tol = 1e-14); there
	 * g(r) - g(r+Q) = -1.4e-14, against -5.5e-7 at stockpyl's value), so
	 * stockpyl stopped at its solver's tolerance, 1.8e-9 relative away:
	 * pinned to R at 1e-12 and to stockpyl at 1e-8.
	 */
	tap_ok(stk_rq_optimal_r(300, 0.225, 7.5, 1300, 150, 1.0 / 12, &r) == STK_OK,
		   "rq optimal r status");
	is_rel(r, 129.42727969763931, 1e-12, "(r,Q) optimal r for Q=300, exact root (R)");
	is_rel(r, 129.4272799263067, 1e-8, "(r,Q) optimal r for Q=300 stockpyl (its tolerance)");

	/* stockpyl r_q_eil_approximation: (213.97044213580244, 318.5901810768729, 95.45114022285196) */
	tap_ok(stk_rq_eil(0.225, 7.5, 8, 1300, 150, 1.0 / 12, &r, &Q, &c) == STK_OK,
		   "EIL status");
	is_rel(r, 213.97044213580244, REL, "(r,Q) EIL r stockpyl");
	is_rel(Q, 318.5901810768729, REL, "(r,Q) EIL Q stockpyl");
	is_rel(c, 95.45114022285196, REL, "(r,Q) EIL cost stockpyl");

	/* stockpyl r_q_eoqss_approximation: (190.3369965715624, 304.0467800264368) */
	stk_rq_eoqss(0.225, 7.5, 8, 1300, 150, 1.0 / 12, &r, &Q);
	is_rel(r, 190.3369965715624, REL, "(r,Q) EOQ+SS r stockpyl");
	is_rel(Q, 304.0467800264368, REL, "(r,Q) EOQ+SS Q stockpyl");

	/* stockpyl s_s_power_approximation(h=0.18, p=0.70, K=2.5, 50, 8): (40.19461695647407, 74.29017010980579) */
	stk_ss_power_approximation(2.5, 0.18, 0.70, 50, 8, 0, &s, &S);
	is_rel(s, 40.19461695647407, REL, "(s,S) power approximation s stockpyl");
	is_rel(S, 74.29017010980579, REL, "(s,S) power approximation S stockpyl");
	/*
	 * stockpyl s_s_discrete_exact(h=1, p=4, K=5, Poisson(6)): (4, 10,
	 * 8.034111561471642); R brute force over all s < S of the ZF cost
	 * formula agrees (8.0341115614716418).
	 */
	{
		double		pm[80];
		int			k;

		for (k = 0; k < 80; k++)
			pm[k] = gsl_ran_poisson_pdf(k, 6);
		tap_ok(stk_ss_discrete_exact(1, 4, 5, pm, 80, pm, 80, A, &s, &S, &c) == STK_OK &&
			   s == 4 && S == 10, "(s,S) Zheng-Federgruen: s = 4, S = 10 stockpyl");
		is_rel(c, 8.034111561471642, REL, "(s,S) Zheng-Federgruen cost stockpyl");
	}

	/* small Q_p/sigma_L: capped by the newsvendor level */
	stk_ss_power_approximation(0.01, 0.18, 0.70, 50, 8, 0, &s, &S);
	tap_ok(S <= 50 + 8 * 0.8255 + 1e-3 && s <= S, "(s,S) power approximation capped when Q_p/sigma small");
}

static void
test_normal_levels(void)
{
	StkLevel	lv;
	double		m,
				sd;

	/* reference 2.2: mu=10 sigma=4, R=2, L=3 +- 1: sigma_P^2 = 5*16 + 100*1 */
	stk_protection_demand(10, 4, 2, 3, 1, &m, &sd);
	is_rel(m, 50, 1e-15, "protection mean");
	is_rel(sd, sqrt(180.0), 1e-15, "protection sd with lead-time variability");

	/* R: uniroot(G(z) - 0.05*10*2/sP) -> k = 1.0578413978453647, S = 64.192431649973813 */
	tap_ok(stk_order_up_to_normal(10, 4, 2, 3, 1, STK_SERVICE_FILL_RATE, 0.95,
								  false, &lv) == STK_OK, "(R,S) normal fill rate status");
	is_rel(lv.k, 1.0578413978453647, 1e-10, "(R,S) normal fill-rate k R");
	is_rel(lv.level, 64.192431649973813, 1e-12, "(R,S) normal fill-rate S R");
	stk_order_up_to_normal(10, 4, 2, 3, 1, STK_SERVICE_CSL, 0.9, false, &lv);
	is_rel(lv.level, 50 + 1.2815515655446004 * sqrt(180.0), 1e-12, "(R,S) CSL S = mu_P + z sigma_P");

	/* R: (s,Q) mu=10 sigma=4 L=3 Q=50 beta=.98: backorders 34.808150875841136, lost 34.725098606037328 */
	stk_reorder_point_normal(10, 4, 3, 0, 50, STK_SERVICE_FILL_RATE, 0.98, false, false, &lv);
	is_rel(lv.level, 34.808150875841136, 1e-12, "(s,Q) normal fill rate, backorders R");
	stk_reorder_point_normal(10, 4, 3, 0, 50, STK_SERVICE_FILL_RATE, 0.98, true, false, &lv);
	is_rel(lv.level, 34.725098606037328, 1e-12, "(s,Q) normal fill rate, lost sales R");
	/* R: 30 + qnorm(0.9)*sqrt(48) */
	stk_reorder_point_normal(10, 4, 3, 0, 50, STK_SERVICE_CSL, 0.9, false, false, &lv);
	is_rel(lv.level, 38.878849696170739, 1e-12, "(s,Q) CSL R");
	/* big Q: k negative, floored */
	stk_reorder_point_normal(10, 4, 3, 0, 5000, STK_SERVICE_FILL_RATE, 0.95, false, true, &lv);
	tap_ok(lv.k < 0 && lv.safety_stock == 0.0 && lv.level == 30.0, "(s,Q) negative k floored at 0");

	/* deterministic demand: S = mu_P */
	stk_order_up_to_normal(10, 0, 2, 3, 0, STK_SERVICE_FILL_RATE, 0.95, false, &lv);
	tap_ok(lv.level == 50.0 && lv.safety_stock == 0.0, "(R,S) sigma 0 -> S = mu_P");

	/* (R,s,S) with undershoot: E[U] = (m^2 + v)/(2m), m = mu R, v = sigma^2 R */
	tap_ok(stk_min_max_normal(10, 4, 1, 2, 0, 30, STK_SERVICE_CSL, 0.9, false, &lv) == STK_OK,
		   "(R,s,S) normal status");
	is_rel(lv.undershoot, 116.0 / 20.0, 1e-15, "(R,s,S) mean undershoot");
	is_rel(lv.level - lv.mean_demand, 1.2815515655446004 * lv.sd_demand, 1e-12,
		   "(R,s,S) s = mean + k sd on X_P + U");
	tap_ok(lv.mean_demand == 30.0 + 5.8 && lv.order_qty == 30.0 &&
		   lv.sd_demand > sqrt(48.0), "(R,s,S) undershoot raises mean and sd");

	/* monotonicity: S non-decreasing in beta, mu, sigma, L (reference 6.5) */
	{
		double		prev = -INFINITY;
		int			ok = 1;
		double		b;

		for (b = 0.5; b < 0.995; b += 0.01)
		{
			stk_order_up_to_normal(10, 4, 2, 3, 1, STK_SERVICE_FILL_RATE, b, false, &lv);
			if (lv.level < prev)
				ok = 0;
			prev = lv.level;
		}
		tap_ok(ok, "(R,S) normal S non-decreasing in beta");
	}
}

static void
test_exact_discrete(void)
{
	StkDiscreteDemand pois = {STK_DEMAND_POISSON, 2.0, 0.0};
	StkDiscreteDemand nb = {STK_DEMAND_NEGBIN, 2.0, 5.0};
	double		l2 = 2.0,
				l3 = 3.0;
	StkLeadTimeDist lead2 = {1, &l2, NULL};
	StkLeadTimeDist lead3 = {1, &l3, NULL};
	const double lv[3] = {1, 2, 4};
	const double lp[3] = {0.2, 0.5, 0.3};
	StkLeadTimeDist mix = {3, lv, lp};
	double		S,
				beta,
				s;

	/*
	 * R, Poisson 2/period, R=3, L=2: beta(S) = 1 - (L(S,dpois(k,10)) -
	 * L(S,dpois(k,4)))/6; beta(12) = 0.91157667683456478; smallest S with
	 * beta >= .95 is 14, beta(14) = 0.96884818612583412.
	 */
	stk_rs_fill_rate_exact(&pois, 3, &lead2, 12, &beta);
	is_rel(beta, 0.91157667683456478, REL, "exact (R,S) beta(12) Poisson R");
	tap_ok(stk_rs_order_up_to_exact(&pois, 3, &lead2, STK_SERVICE_FILL_RATE, 0.95,
									&S, &beta) == STK_OK && S == 14.0,
		   "exact (R,S) Poisson: smallest S for 95%% = 14 (R)");
	is_rel(beta, 0.96884818612583412, REL, "exact (R,S) beta(14) R");
	/* R: qpois(0.95, 10) = 15, ppois(15, 10) = 0.95125959669602123 */
	stk_rs_order_up_to_exact(&pois, 3, &lead2, STK_SERVICE_CSL, 0.95, &S, &beta);
	tap_ok(S == 15.0, "exact (R,S) CSL 95%%: S = qpois(0.95, 10) = 15");
	is_rel(beta, 0.95125959669602123, REL, "exact (R,S) CSL achieved R");

	/* R, NB mean 2 var 5 per period (size 4/3 per period): beta(15) = 0.91053231831754078, S95 = 18, beta = 0.96208831096946612 */
	stk_rs_fill_rate_exact(&nb, 3, &lead2, 15, &beta);
	is_rel(beta, 0.91053231831754078, REL, "exact (R,S) beta(15) NB R");
	stk_rs_order_up_to_exact(&nb, 3, &lead2, STK_SERVICE_FILL_RATE, 0.95, &S, &beta);
	tap_ok(S == 18.0, "exact (R,S) NB: smallest S for 95%% = 18 (R)");
	is_rel(beta, 0.96208831096946612, REL, "exact (R,S) NB beta(18) R");

	/* R, lead-time mixture L in {1,2,4} w.p. {.2,.5,.3}: S95 = 16, beta = 0.95936235810910064 */
	stk_rs_order_up_to_exact(&pois, 3, &mix, STK_SERVICE_FILL_RATE, 0.95, &S, &beta);
	tap_ok(S == 16.0, "exact (R,S) lead-time mixture: S95 = 16 (R)");
	is_rel(beta, 0.95936235810910064, REL, "exact (R,S) mixture beta R");

	/* R, Hadley-Whitin (s,Q), Poisson 2/period, L=3, Q=10: beta(5) = 0.84827064440086386; s95 = 8, beta 0.96860033669306655 */
	stk_sq_fill_rate_exact(&pois, &lead3, 10, 5, &beta);
	is_rel(beta, 0.84827064440086386, REL, "exact (s,Q) beta(5) R");
	stk_sq_reorder_point_exact(&pois, &lead3, 10, STK_SERVICE_FILL_RATE, 0.95, &s, &beta);
	tap_ok(s == 8.0, "exact (s,Q): smallest s for 95%% = 8 (R)");
	is_rel(beta, 0.96860033669306655, REL, "exact (s,Q) beta(8) R");

	/* pmf route = parametric route */
	{
		double		pp[80],
					pl[40];
		double		S2,
					b2;
		int			k;

		for (k = 0; k < 80; k++)
			pp[k] = gsl_ran_poisson_pdf(k, 10);
		for (k = 0; k < 40; k++)
			pl[k] = gsl_ran_poisson_pdf(k, 4);
		tap_ok(stk_rs_order_up_to_pmf(pp, 80, pl, 40, STK_SERVICE_FILL_RATE, 0.95,
									  A, &S2, &b2) == STK_OK && S2 == 14.0,
			   "pmf (R,S) solver: S = 14 as the Poisson solver");
		is_rel(b2, 0.96884818612583412, 1e-12, "pmf (R,S) achieved = exact beta(14)");
		stk_rs_order_up_to_pmf(pp, 80, pl, 40, STK_SERVICE_CSL, 0.95, A, &S2, &b2);
		tap_ok(S2 == 15.0, "pmf (R,S) CSL S = 15");
	}

	/* monotone in the target and in the mean (reference 6.5) */
	{
		double		prev = -1,
					t;
		int			ok = 1;
		StkDiscreteDemand d = pois;

		for (t = 0.5; t < 0.9995; t += 0.005)
		{
			stk_rs_order_up_to_exact(&pois, 3, &lead2, STK_SERVICE_FILL_RATE, t, &S, &beta);
			if (S < prev || beta < t)
				ok = 0;
			prev = S;
		}
		tap_ok(ok, "exact S non-decreasing in the target and always meets it");
		prev = -1;
		ok = 1;
		for (d.mean = 0.05; d.mean < 30; d.mean *= 1.3)
		{
			stk_rs_order_up_to_exact(&d, 3, &lead2, STK_SERVICE_FILL_RATE, 0.95, &S, &beta);
			if (S < prev)
				ok = 0;
			prev = S;
		}
		tap_ok(ok, "exact S non-decreasing in the mean");
	}
}

static void
test_rounding(void)
{
	double		q;

	stk_round_order_qty(13, 0, 6, &q);
	tap_ok(q == 18, "pack 6: 13 -> 18");
	stk_round_order_qty(12.000000000001, 0, 6, &q);
	tap_ok(q == 12, "pack 6: 12 + rounding noise stays 12");
	stk_round_order_qty(5, 24, 6, &q);
	tap_ok(q == 24, "MOQ 24 wins");
	stk_round_order_qty(5, 20, 6, &q);
	tap_ok(q == 24, "MOQ 20 not a pack multiple: rounded up to 24");
	stk_round_order_qty(0, 20, 6, &q);
	tap_ok(q == 0, "no order stays 0");
	stk_round_order_qty(2.5, 0, 0.5, &q);
	tap_ok(q == 2.5, "fractional pack");
}

static void
test_errors(void)
{
	StkLevel	lv;
	double		x,
				y;
	StkDiscreteDemand pois = {STK_DEMAND_POISSON, 2.0, 0.0};
	StkDiscreteDemand badnb = {STK_DEMAND_NEGBIN, 2.0, 2.0};
	double		l2 = 2.0,
				lneg = -1.0;
	StkLeadTimeDist lead2 = {1, &l2, NULL};
	StkLeadTimeDist leadneg = {1, &lneg, NULL};
	const double badpmf[2] = {0.5, 0.4};

	is_status(stk_check_service_level(0.0), STK_EINVAL, "service level 0");
	is_status(stk_check_service_level(1.0), STK_EINVAL, "service level 1");
	is_status(stk_check_service_level(1.5), STK_EINVAL, "service level 1.5");
	is_status(stk_check_service_level(NAN), STK_ENONFINITE, "service level NaN");
	is_status(stk_order_up_to_normal(10, 4, 1, -1, 0, STK_SERVICE_CSL, 0.9, false, &lv),
			  STK_EINVAL, "negative lead time");
	is_status(stk_order_up_to_normal(10, -4, 1, 1, 0, STK_SERVICE_CSL, 0.9, false, &lv),
			  STK_EINVAL, "negative sigma");
	is_status(stk_order_up_to_normal(10, 4, 0, 1, 0, STK_SERVICE_CSL, 0.9, false, &lv),
			  STK_EINVAL, "review period 0 for (R,S)");
	is_status(stk_order_up_to_normal(NAN, 4, 1, 1, 0, STK_SERVICE_CSL, 0.9, false, &lv),
			  STK_ENONFINITE, "NaN mean");
	is_status(stk_order_up_to_normal(10, 4, 1, 1, INFINITY, STK_SERVICE_CSL, 0.9, false, &lv),
			  STK_ENONFINITE, "infinite lead sd");
	is_status(stk_order_up_to_normal(0, 4, 1, 1, 0, STK_SERVICE_FILL_RATE, 0.9, false, &lv),
			  STK_EINVAL, "fill rate with zero mean demand");
	is_status(stk_reorder_point_normal(10, 4, 1, 0, 0, STK_SERVICE_FILL_RATE, 0.9, false, false, &lv),
			  STK_EINVAL, "(s,Q) with Q = 0");
	is_status(stk_round_order_qty(5, 0, 0, &x), STK_EINVAL, "pack size 0");
	is_status(stk_round_order_qty(5, -1, 6, &x), STK_EINVAL, "negative MOQ");
	is_status(stk_round_order_qty(NAN, 0, 6, &x), STK_ENONFINITE, "NaN quantity");
	is_status(stk_eoq(8, 1300, 0, &x, &y), STK_EINVAL, "EOQ h = 0");
	is_status(stk_eoq(8, NAN, 1, &x, &y), STK_ENONFINITE, "EOQ NaN demand");
	is_status(stk_poisson_loss(3, -1, &x, NULL), STK_EINVAL, "Poisson negative mean");
	is_status(stk_poisson_loss(NAN, 1, &x, NULL), STK_ENONFINITE, "Poisson NaN level");
	is_status(stk_negbin_loss(3, 2, 1.5, &x, NULL), STK_EINVAL, "NB p > 1");
	{
		StkCountDist nbd;

		tap_ok(stk_count_negbin(5, 4, &nbd) == STK_OK && nbd.family == STK_COUNT_FAMILY_POISSON,
			   "var <= mean: no NB, its Poisson limit");
	}
	is_status(stk_std_normal_loss_inverse(0, &x), STK_EINVAL, "G^-1(0)");
	is_status(stk_std_normal_loss_inverse(NAN, &x), STK_ENONFINITE, "G^-1(NaN)");
	is_status(stk_pmf_loss(badpmf, 2, 1, &x, NULL), STK_EINVAL, "pmf not summing to 1");
	is_status(stk_rs_order_up_to_exact(&badnb, 3, &lead2, STK_SERVICE_FILL_RATE, 0.95, &x, &y),
			  STK_EINVAL, "exact NB with var = mean");
	is_status(stk_rs_order_up_to_exact(&pois, 3, &leadneg, STK_SERVICE_FILL_RATE, 0.95, &x, &y),
			  STK_EINVAL, "exact negative lead time");
	is_status(stk_rs_order_up_to_exact(&pois, 3, &lead2, STK_SERVICE_FILL_RATE, 1.0, &x, &y),
			  STK_EINVAL, "exact target 1");
	is_status(stk_sq_reorder_point_exact(&pois, &lead2, 2.5, STK_SERVICE_FILL_RATE, 0.9, &x, &y),
			  STK_EINVAL, "exact (s,Q) with non-integer Q");
}

/* ------------------------------------------------------------------ */

static StkSimPolicy
rs_policy(int R, double S)
{
	StkSimPolicy p;

	memset(&p, 0, sizeof(p));
	p.kind = STK_POLICY_RS;
	p.review = R;
	p.S = S;
	return p;
}

static StkSimLeadTime
const_lead(double L)
{
	StkSimLeadTime l;

	memset(&l, 0, sizeof(l));
	l.kind = STK_LEAD_CONSTANT;
	l.constant = L;
	return l;
}

static void
test_sim_basic(void)
{
	double		d[200];
	StkSimPolicy p;
	StkSimLeadTime l = const_lead(0);
	StkSimOptions o = {true, 0.0, 0};
	StkSimResult r;
	int			t;

	/* constant demand, zero lead time, S = demand: every unit served, stock ends at 0 */
	for (t = 0; t < 200; t++)
		d[t] = 5;
	p = rs_policy(1, 5);
	tap_ok(stk_simulate_policy(d, 200, &p, &l, &o, A, &r) == STK_OK, "sim status");
	tap_ok(r.fill_rate == 1.0 && r.stockout_periods == 0 && r.cycle_service_level == 1.0,
		   "constant demand, L = 0: fill rate 1, no stock-out");
	tap_ok(r.orders == 200 && r.units_ordered == 1000 && r.avg_on_hand == 0.0 &&
		   r.cycles == 200, "constant demand: one order and one cycle per period");

	/* huge S, random demand, long lead time: never out of stock */
	{
		gsl_rng    *g = gsl_rng_alloc(gsl_rng_mt19937);

		gsl_rng_set(g, 7);
		for (t = 0; t < 200; t++)
			d[t] = gsl_ran_poisson(g, 3);
		gsl_rng_free(g);
	}
	p = rs_policy(7, 1e6);
	l = const_lead(5);
	o.initial_on_hand = 1e6;
	stk_simulate_policy(d, 200, &p, &l, &o, A, &r);
	tap_ok(r.stockout_periods == 0 && r.fill_rate == 1.0 && r.stockout_cycles == 0,
		   "huge order-up-to level: no stock-outs");

	/* accounting identities on the same demand, a tight policy, both regimes */
	p = rs_policy(3, 12);
	l = const_lead(2);
	o.initial_on_hand = 10;
	o.lost_sales = false;
	stk_simulate_policy(d, 200, &p, &l, &o, A, &r);
	{
		StkSimResult rl;
		double		total = 0;

		for (t = 0; t < 200; t++)
			total += d[t];
		tap_ok(r.stockout_periods > 0, "tight policy has stock-outs");
		is_rel(r.served + r.short_units, r.demand, 1e-12, "backorders: served + short = demand");
		is_rel(r.demand, total, 1e-12, "demand totals match");
		is_rel(10 + r.units_received - r.demand, r.end_on_hand - r.end_backorders, 1e-12,
			   "backorders: initial + received - demand = net stock");
		is_rel(r.units_ordered, r.units_received + r.end_on_order, 1e-12,
			   "ordered = received + still on order");
		o.lost_sales = true;
		stk_simulate_policy(d, 200, &p, &l, &o, A, &rl);
		is_rel(10 + rl.units_received - rl.served, rl.end_on_hand, 1e-12,
			   "lost sales: initial + received - served = on hand");
		tap_ok(rl.end_backorders == 0.0, "lost sales: no backorders");
		tap_ok(rl.fill_rate >= r.fill_rate,
			   "(R,S) lost-sales fill rate >= backorder fill rate (net stock at each receipt is higher)");
	}
}

static void
test_sim_traced(void)
{
	/*
	 * Hand trace: (R,S) R=2 S=10, lead times 1 then 3 (sequence), start
	 * with 10, demand 4 per period for 6 periods.
	 * lost sales:  t0 IP 10 no order, 6 left; t1 2 left; t2 order 8 (due
	 * t3), serve 2 of 4; t3 receive 8, 4 left; t4 order 6 (due t7, after
	 * the end), 0 left; t5 serve 0 of 4.  Served 18 of 24, short in t2 and
	 * t5, end-of-period stock 6,2,0,4,0,0 (avg 2, 3 periods at 0), review
	 * cycles [0,1] [2,3] [4,5] with stock-outs in the last two.
	 * backorders:  t2 order 8, net -2; t3 receive 8 -> 6 -> 2; t4 IP 2,
	 * order 8 (due t7), net -2; t5 net -6.  Served 4+4+2+4+2+0 = 16.
	 */
	const double d[6] = {4, 4, 4, 4, 4, 4};
	const double seq[2] = {1, 3};
	StkSimPolicy p = rs_policy(2, 10);
	StkSimLeadTime l;
	StkSimOptions o = {true, 10.0, 0};
	StkSimResult r;

	memset(&l, 0, sizeof(l));
	l.kind = STK_LEAD_SEQUENCE;
	l.sequence = seq;
	l.nsequence = 2;
	stk_simulate_policy(d, 6, &p, &l, &o, A, &r);
	tap_ok(r.served == 18 && r.short_units == 6 && r.fill_rate == 0.75,
		   "trace lost sales: served 18 of 24");
	tap_ok(r.stockout_periods == 2 && r.zero_stock_periods == 3 && r.avg_on_hand == 2.0,
		   "trace lost sales: stock-out periods 2, zero-stock periods 3, average stock 2");
	tap_ok(r.orders == 2 && r.units_ordered == 14 && r.units_received == 8 &&
		   r.end_on_order == 6, "trace lost sales: orders 8 and 6, 6 still on order");
	tap_ok(r.cycles == 3 && r.stockout_cycles == 2, "trace lost sales: 3 review cycles, 2 with stock-outs");

	o.lost_sales = false;
	stk_simulate_policy(d, 6, &p, &l, &o, A, &r);
	tap_ok(r.served == 16 && r.end_backorders == 6 && r.end_on_order == 8 &&
		   r.units_ordered == 16, "trace backorders: served 16, 6 backordered, 8 on order");

	/* warm-up excludes the first periods from the metrics */
	o.lost_sales = true;
	o.warmup = 3;
	stk_simulate_policy(d, 6, &p, &l, &o, A, &r);
	tap_ok(r.periods == 3 && r.demand == 12 && r.served == 8 && r.orders == 1 &&
		   r.cycles == 2, "trace with warm-up 3: periods 3..5 only");
}

static void
test_sim_policies(void)
{
	double		d[100];
	StkSimPolicy p;
	StkSimLeadTime l = const_lead(2);
	StkSimOptions o = {true, 20.0, 0};
	StkSimResult r;
	int			t;

	/* (s,Q), demand 1 per period, s = 3 covers L + 1 = 3 periods: never out */
	for (t = 0; t < 100; t++)
		d[t] = 1;
	memset(&p, 0, sizeof(p));
	p.kind = STK_POLICY_SQ;
	p.s = 3;
	p.Q = 10;
	stk_simulate_policy(d, 100, &p, &l, &o, A, &r);
	tap_ok(r.stockout_periods == 0 && r.orders > 0 &&
		   r.units_ordered == 10.0 * (double) r.orders,
		   "(s,Q) unit demand, s = L+1 periods: no stock-out, orders of Q");
	/* s = 1 is one period short of L + 1 */
	p.s = 1;
	stk_simulate_policy(d, 100, &p, &l, &o, A, &r);
	tap_ok(r.stockout_periods > 0, "(s,Q) with s below lead-time demand runs out");

	/* (s,S), (R,s,S) with MOQ and packs: orders are pack multiples >= MOQ */
	p.kind = STK_POLICY_SS;
	p.s = 5;
	p.S = 17;
	p.moq = 24;
	p.pack = 12;
	for (t = 0; t < 100; t++)
		d[t] = (t * 7) % 5;
	stk_simulate_policy(d, 100, &p, &l, &o, A, &r);
	tap_ok(r.orders > 0 && fmod(r.units_ordered, 12.0) == 0.0 &&
		   r.units_ordered >= 24.0 * (double) r.orders,
		   "(s,S) with MOQ 24, pack 12: pack multiples, at least the MOQ");
	p.kind = STK_POLICY_RSS;
	p.review = 4;
	p.review_offset = 1;
	stk_simulate_policy(d, 100, &p, &l, &o, A, &r);
	tap_ok(r.orders > 0 && fmod(r.units_ordered, 12.0) == 0.0 && r.cycles == 26,
		   "(R,s,S) R=4 offset 1: 25 review cycles + the initial one");

	/* random lead times are reproducible by seed */
	{
		StkSimLeadTime g;
		StkSimResult r1,
					r2,
					r3;

		memset(&g, 0, sizeof(g));
		g.kind = STK_LEAD_GAMMA;
		g.mean = 3;
		g.sd = 1.5;
		g.seed = 42;
		p = rs_policy(2, 12);
		stk_simulate_policy(d, 100, &p, &g, &o, A, &r1);
		stk_simulate_policy(d, 100, &p, &g, &o, A, &r2);
		tap_ok(memcmp(&r1, &r2, sizeof(r1)) == 0, "gamma lead times: same seed, same result");
		g.kind = STK_LEAD_LOGNORMAL;
		tap_ok(stk_simulate_policy(d, 100, &p, &g, &o, A, &r3) == STK_OK &&
			   r3.units_ordered == r3.units_received + r3.end_on_order,
			   "lognormal lead times run, ordered = received + on order");
	}
}

static void
test_sim_errors(void)
{
	double		d[3] = {1, 2, 3};
	double		bad[3] = {1, NAN, 3};
	double		neg[3] = {1, -2, 3};
	StkSimPolicy p = rs_policy(1, 5);
	StkSimLeadTime l = const_lead(1);
	StkSimOptions o = {true, 0.0, 0};
	StkSimResult r;

	is_status(stk_simulate_policy(d, 0, &p, &l, &o, A, &r), STK_EINVAL, "sim: no history");
	is_status(stk_simulate_policy(bad, 3, &p, &l, &o, A, &r), STK_ENONFINITE, "sim: NaN demand");
	is_status(stk_simulate_policy(neg, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: negative demand");
	p.review = 0;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: review period 0");
	p = rs_policy(1, 5);
	l.constant = -1;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: negative lead time");
	l.constant = NAN;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_ENONFINITE, "sim: NaN lead time");
	l = const_lead(1);
	o.warmup = 3;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: warm-up covers everything");
	o.warmup = 0;
	p.kind = STK_POLICY_SS;
	p.s = 6;
	p.S = 5;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: s > S");
	p = rs_policy(1, 5);
	p.pack = -1;
	is_status(stk_simulate_policy(d, 3, &p, &l, &o, A, &r), STK_EINVAL, "sim: negative pack");
}

/*
 * Calibration: i.i.d. demand from the model, (R,S) with S from the exact
 * formula, backorders (the formula's assumption), a long seeded run.  The
 * achieved fill rate must match the formula's beta(S) -- not just clear
 * the target -- within 0.4 pp (the run has 100,000 review cycles; the
 * sampling sd of the pooled fill rate is below 0.1 pp).  With lost sales
 * the achieved fill rate can only be higher.
 */
static void
calibrate(const StkDiscreteDemand *dd, int R, int L, double target,
		  const char *label)
{
	int			n = 300000;
	double	   *d = malloc(sizeof(double) * n);
	gsl_rng    *g = gsl_rng_alloc(gsl_rng_mt19937);
	double		Lf = L,
				S,
				beta;
	StkLeadTimeDist lead = {1, &Lf, NULL};
	StkSimPolicy p;
	StkSimLeadTime l = const_lead(L);
	StkSimOptions o = {false, 0.0, 0};
	StkSimResult r;
	int			t;

	gsl_rng_set(g, 20240605);
	for (t = 0; t < n; t++)
	{
		if (dd->family == STK_DEMAND_POISSON)
			d[t] = gsl_ran_poisson(g, dd->mean);
		else
			d[t] = gsl_ran_negative_binomial(g, dd->mean / dd->variance,
											 dd->mean * dd->mean / (dd->variance - dd->mean));
	}
	gsl_rng_free(g);
	stk_rs_order_up_to_exact(dd, R, &lead, STK_SERVICE_FILL_RATE, target, &S, &beta);
	p = rs_policy(R, S);
	o.initial_on_hand = S;
	o.warmup = R + L;
	stk_simulate_policy(d, n, &p, &l, &o, A, &r);
	printf("# %s: target %.3f, S = %g, exact beta(S) %.5f, simulated %.5f (CSL %.4f, avg stock %.3f)\n",
		   label, target, S, beta, r.fill_rate, r.cycle_service_level, r.avg_on_hand);
	tap_ok(fabs(r.fill_rate - beta) < 0.004 && r.fill_rate > target - 0.004,
		   "calibration %s: simulated fill rate = exact beta(S) within 0.4 pp", label);
	o.lost_sales = true;
	stk_simulate_policy(d, n, &p, &l, &o, A, &r);
	tap_ok(r.fill_rate >= beta - 0.004, "calibration %s: lost sales at least as good", label);
	free(d);
}

static void
test_calibration(void)
{
	StkDiscreteDemand pois = {STK_DEMAND_POISSON, 2.0, 0.0};
	StkDiscreteDemand slow = {STK_DEMAND_POISSON, 0.3, 0.0};
	StkDiscreteDemand nb = {STK_DEMAND_NEGBIN, 2.0, 5.0};

	calibrate(&pois, 3, 2, 0.95, "Poisson 2/period R=3 L=2 95%");
	calibrate(&slow, 7, 5, 0.90, "Poisson 0.3/period R=7 L=5 90%");
	calibrate(&nb, 3, 2, 0.99, "NB mean 2 var 5 R=3 L=2 99%");
	calibrate(&nb, 1, 0, 0.95, "NB mean 2 var 5 R=1 L=0 95%");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_loss_golden();
	test_loss_discrete();
	test_eoq_newsvendor();
	test_rq_ss();
	test_normal_levels();
	test_exact_discrete();
	test_rounding();
	test_errors();
	test_sim_basic();
	test_sim_traced();
	test_sim_policies();
	test_sim_errors();
	test_calibration();
	return tap_done();
}
