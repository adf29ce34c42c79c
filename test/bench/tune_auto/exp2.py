import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emu2 import *
import itertools
base = load_base()
DS = ("m1", "tourism", "m5_subset")
truth = {ds: load_truth(ds) for ds in DS}
dumps = {ds: [json.loads(l) for l in open(f"{DUMPS}/mo_{ds}.jsonl")] for ds in DS}

def members_for(s, cfg):
    return cfg["y"] if s["m"] == 1 else cfg["s"]

def build(cfg, K, wpow=1.0):
    """returns list of (ds, per, id, pt, qraw, prep, y, scale)"""
    out = []
    for ds in DS:
        scale, test = truth[ds]
        for s in dumps[ds]:
            if s["inter"]:
                pt, q = base[(ds, s["id"])]
                out.append((ds, PER[s["m"]], s["id"], pt, q, None, test[s["id"]], scale[s["id"]]))
                continue
            p = prep(s, members_for(s, cfg), K)
            pt, q = point_q(p, wpow)
            out.append((ds, PER[s["m"]], s["id"], np.maximum(pt, 0), q, p, test[s["id"]], scale[s["id"]]))
    return out

def apply_cal(items, priors, psteps=6.0, est="mean_abs"):
    rows = []
    for ds, per, sid, pt, q, p, y, sc in items:
        if p is not None:
            plo, phi = priors[per]
            q = calibrate(p, q, plo, phi, psteps, est)
        rows.append((ds, per, pt, q, y, sc))
    return rows

def cov_stats(items, priors, per, psteps, est):
    sub = [it for it in items if it[1] == per and it[5] is not None]
    rows = apply_cal(sub, {per: priors}, psteps, est)
    lo = np.mean([np.mean(y < q[:, 0]) for _, _, pt, q, y, sc in rows if sc > 0])
    hi = np.mean([np.mean(y > q[:, 2]) for _, _, pt, q, y, sc in rows if sc > 0])
    return lo, hi

def solve(items, per, psteps, est, asym, target=0.2):
    # symmetric: total miss = 0.2; asym: each tail 0.1
    def f(kl, kh):
        lo, hi = cov_stats(items, (kl, kh), per, psteps, est); return lo, hi
    if not asym:
        a, b = math.log(0.1), math.log(20)
        for _ in range(30):
            c = (a + b) / 2; lo, hi = f(math.exp(c), math.exp(c))
            if lo + hi > target: a = c
            else: b = c
        return (math.exp(c), math.exp(c))
    res = []
    for tail in (0, 1):
        a, b = math.log(0.1), math.log(20)
        for _ in range(30):
            c = (a + b) / 2; kk = math.exp(c)
            lo, hi = f(kk, kk)
            v = lo if tail == 0 else hi
            if v > target / 2: a = c
            else: b = c
        res.append(math.exp(c))
    return tuple(res)

def report(name, items, priors, psteps=6.0, est="mean_abs"):
    r = score(apply_cal(items, priors, psteps, est))
    print(f"{name:28s} MASE", " ".join(f"{v:.4f}" for v in r["mase"].values), "| cov", " ".join(f"{100*v:.1f}" for v in r["cov"].values),
          "| PL", " ".join(f"{v:.4f}" for v in r["pl"].values), f"| maxdev {100*np.max(np.abs(r['cov'].values-0.8)):.1f}", flush=True)
    return r
