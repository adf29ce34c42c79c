"""Shared loading and scoring for the tuning scripts of test/bench/tune_auto (issue 3).

Dumps: auto_members.c output as $TUNE_DUMPS/mo_<dataset>.jsonl (default /tmp/tune_auto);
members.py: MASE of member subsets; priors.py: spread priors by minimax coverage.
The baseline forecasts of intermittent series come from auto_csv ($TUNE_BASE: auto_csv output, default /tmp/i3_A.csv).
"""
import os, json, sys, math
import numpy as np, pandas as pd
DEV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out", "dev")
DUMPS = os.environ.get("TUNE_DUMPS", "/tmp/tune_auto")
PER = {1: "yearly", 4: "quarterly", 12: "monthly", 7: "daily"}
Z90 = 1.2815515655446004

def load_truth(ds):
    tr = pd.read_csv(f"{DEV}/{ds}/train.csv", dtype={"series_id": str}, usecols=["series_id", "period_index", "value"])
    te = pd.read_csv(f"{DEV}/{ds}/test.csv", dtype={"series_id": str}, usecols=["series_id", "period_index", "value"])
    meta = pd.read_csv(f"{DEV}/{ds}/meta.csv", dtype={"series_id": str}, keep_default_na=False)
    fr = dict(zip(meta.series_id, meta.frequency))
    scale, test = {}, {}
    for sid, g in tr.sort_values(["series_id", "period_index"]).groupby("series_id"):
        y = g.value.values; m = fr[sid]; m = 1 if m == 7 else m
        scale[sid] = np.mean(np.abs(y[m:] - y[:-m])) if len(y) > m else np.nan
    for sid, g in te.sort_values(["series_id", "period_index"]).groupby("series_id"):
        test[sid] = g.value.values
    return scale, test

def load_dump(ds, mode):
    out = []
    with open(f"{DUMPS}/dump_{ds}_{mode}.jsonl") as f:
        for line in f:
            out.append(json.loads(line))
    return out

def load_base(path=os.environ.get("TUNE_BASE", "/tmp/i3_A.csv")):
    df = pd.read_csv(path, header=None, names=["dataset","series_id","method","step","point","q10","q50","q90"], dtype={"series_id": str})
    d = {}
    for (ds, sid), g in df.groupby(["dataset", "series_id"]):
        g = g.sort_values("step")
        d[(ds, sid)] = (g.point.values, np.c_[g.q10.values, g.q50.values, g.q90.values])
    return d

def score(rows):
    """rows: list of (ds, period, point, q[h,3], y, scale) -> DataFrame per ds/period"""
    recs = []
    for ds, per, pt, q, y, sc in rows:
        if not (sc > 0): continue
        e = y - pt
        mase = np.mean(np.abs(e)) / sc
        pl = 0
        for k, tau in enumerate([0.1, 0.5, 0.9]):
            d = y - q[:, k]
            pl += np.mean(np.where(d >= 0, tau * d, (tau - 1) * d)) / sc / 3
        cov = np.mean((q[:, 0] <= y) & (y <= q[:, 2]))
        lo = np.mean(y < q[:, 0]); hi = np.mean(y > q[:, 2])
        recs.append((ds, per, mase, pl, cov, lo, hi))
    df = pd.DataFrame(recs, columns=["ds", "per", "mase", "pl", "cov", "below", "above"])
    return df.groupby(["ds", "per"], sort=False).mean()
