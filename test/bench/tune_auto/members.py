import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exp2 import *
from itertools import combinations
def mase_only(cfg, K, wpow):
    rows = []
    for ds in ("m1", "tourism"):
        scale, test = truth[ds]
        for s in dumps[ds]:
            p = prep(s, members_for(s, cfg), K)
            pt, q = point_q(p, wpow)
            y = test[s["id"]]; sc = scale[s["id"]]
            if sc > 0: rows.append((ds, PER[s["m"]], np.mean(np.abs(y - np.maximum(pt, 0))) / sc))
    df = pd.DataFrame(rows, columns=["ds", "per", "mase"])
    return df.groupby(["ds", "per"], sort=False).mase.mean()
Y = ["O", "H", "D", "T", "E", "ED"]
S = ["E", "O", "ED", "T", "D"]
res = []
for r in (1, 2, 3):
    for ys, ss in zip(combinations(Y, r), list(combinations(S, r)) + [None]*100):
        pass
cfgs = []
for r in (1, 2, 3):
    for c in combinations(Y, r): cfgs.append(("y", list(c)))
    for c in combinations(S, r): cfgs.append(("s", list(c)))
for K in (1, 2):
    for wpow in (0.0, 1.0):
        for kind, mem in cfgs:
            cfg = dict(y=mem if kind == "y" else ["O"], s=mem if kind == "s" else ["O"])
            m = mase_only(cfg, K, wpow)
            vals = m.values
            if kind == "y":
                print(f"K={K} w={wpow} Y {'+'.join(mem):12s} m1Y {m[('m1','yearly')]:.4f} tY {m[('tourism','yearly')]:.4f}", flush=True)
            else:
                print(f"K={K} w={wpow} S {'+'.join(mem):12s} m1Q {m[('m1','quarterly')]:.4f} m1M {m[('m1','monthly')]:.4f} tQ {m[('tourism','quarterly')]:.4f} tM {m[('tourism','monthly')]:.4f}", flush=True)
