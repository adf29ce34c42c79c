#!/usr/bin/python3
"""Score the M5 quantile benchmark (issue 4; run by m5_quantiles.sh).

    /usr/bin/python3 test/bench/score_m5.py --data DIR/m5_subset --out OUT

Reads OUT/quantiles_*.csv (method,series_id,step,level,value; level 'point' for a point forecast,
else the point is the 0.5 quantile), DIR/train.csv and DIR/test.csv, OUT/timings_r.csv and
OUT/speed_stokkel.csv.  Per method, over the series every method forecast:
  SPL      scaled pinball loss at each level: mean over the 28 steps of the pinball loss,
           divided by the in-sample mean |y[t] - y[t-1]| (M5's scale), averaged over series
           with equal weights (M5 weights by dollar sales, which the subset does not have);
  MASE     mean |y - point| / same scale;  RMSSE  sqrt(mean (y - point)^2 / mean squared diff);
  below    share of actuals strictly below the quantile, at-or-below, and their mean (the
           calibration of a discrete forecast: a calibrated count quantile has
           P(Y < q) <= level <= P(Y <= q)).
R's ets and snaive quantiles are scored as R gives them (negative below zero) and censored at 0
(r_*_c0), the stronger baseline.  Writes OUT/scores_m5.csv.
"""
import argparse
import os

import numpy as np
import pandas as pd

M5 = [0.005, 0.025, 0.165, 0.25, 0.5, 0.75, 0.835, 0.975, 0.995]
CAL = [0.5, 0.9, 0.95]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    train = pd.read_csv(os.path.join(a.data, "train.csv"), dtype={"series_id": str})
    test = pd.read_csv(os.path.join(a.data, "test.csv"), dtype={"series_id": str})
    train = train.sort_values(["series_id", "period_index"])
    s1, s2 = {}, {}
    for sid, g in train.groupby("series_id"):
        d = np.diff(g.value.to_numpy())
        s1[sid], s2[sid] = np.mean(np.abs(d)), np.mean(d * d)
    test = test.sort_values(["series_id", "period_index"])
    test["step"] = test.groupby("series_id").cumcount() + 1
    act = test.set_index(["series_id", "step"]).value

    frames = []
    for f in sorted(os.listdir(a.out)):
        if f.startswith("quantiles_") and f.endswith(".csv"):
            frames.append(pd.read_csv(os.path.join(a.out, f), dtype={"series_id": str, "level": str}))
    q = pd.concat(frames)
    q["value"] = q.value.astype(float)
    for m in ["r_ets", "r_snaive"]:
        c = q[q.method == m].copy()
        c["method"] = m + "_c0"
        c["value"] = c.value.clip(lower=0)
        q = pd.concat([q, c])
    common = set.intersection(*[set(g.series_id) for _, g in q.groupby("method")])
    q = q[q.series_id.isin(common)]
    q["y"] = act.reindex(pd.MultiIndex.from_arrays([q.series_id, q.step])).to_numpy()
    q["s1"] = q.series_id.map(s1)
    q["s2"] = q.series_id.map(s2)

    rows = []
    for m, g in q.groupby("method"):
        pt = g[g.level == "point"]
        if len(pt) == 0:
            pt = g[g.level.astype(str).isin(["0.5"])]
        per = pt.assign(ae=(pt.y - pt.value).abs() / pt.s1, se=(pt.y - pt.value) ** 2 / pt.s2)
        agg = per.groupby("series_id").agg(ae=("ae", "mean"), se=("se", "mean"))
        r = {"method": m, "series": len(agg), "MASE": agg.ae.mean(), "RMSSE": np.sqrt(agg.se).mean()}
        gl = g[g.level != "point"].copy()
        gl["lv"] = gl.level.astype(float)
        for lv, h in gl.groupby("lv"):
            loss = np.where(h.y >= h.value, lv * (h.y - h.value), (1 - lv) * (h.value - h.y)) / h.s1
            r[f"spl_{lv:g}"] = pd.Series(loss, index=h.index).groupby(h.series_id).mean().mean()
            lo, le = (h.y < h.value).mean(), (h.y <= h.value).mean()
            r[f"below_{lv:g}"], r[f"atorbelow_{lv:g}"], r[f"mid_{lv:g}"] = lo, le, (lo + le) / 2
        rows.append(r)
    sc = pd.DataFrame(rows).set_index("method")
    sc.to_csv(os.path.join(a.out, "scores_m5.csv"))
    rmeth = [m for m in sc.index if m.startswith("r_")]
    smeth = [m for m in sc.index if m.startswith("stokkel")]
    n = int(sc.series.min())
    print(f"### M5 subset: {n} series, horizon 28, equal weights\n")
    print("| method | MASE | RMSSE | mean SPL (9 levels) |")
    print("|---|---|---|---|")
    for m in sc.index:
        print(f"| {m} | {sc.at[m, 'MASE']:.3f} | {sc.at[m, 'RMSSE']:.3f} | "
              f"{np.mean([sc.at[m, f'spl_{lv:g}'] for lv in M5]):.4f} |")
    print("\n#### Scaled pinball loss per level (lower is better)\n")
    print("| level | " + " | ".join(sc.index) + " | best R | Stokkel vs best R |")
    print("|---" * (len(sc.index) + 3) + "|")
    for lv in M5:
        col = f"spl_{lv:g}"
        vals = [sc.at[m, col] for m in sc.index]
        best = min((sc.at[m, col], m) for m in rmeth if not np.isnan(sc.at[m, col]))
        rel = " ".join(f"{100 * (sc.at[s, col] / best[0] - 1):+.1f} %" for s in smeth)
        print(f"| {lv:g} | " + " | ".join(f"{v:.4f}" for v in vals) + f" | {best[1]} | {rel} |")
    print("\n#### Share of actuals below the quantile: strictly below / at or below (mid)\n")
    print("| level | " + " | ".join(sc.index) + " |")
    print("|---" * (len(sc.index) + 1) + "|")
    for lv in sorted(set(M5 + CAL)):
        if f"below_{lv:g}" not in sc.columns:
            continue
        print(f"| {lv:g} | " + " | ".join(
            f"{sc.at[m, f'below_{lv:g}']:.3f} / {sc.at[m, f'atorbelow_{lv:g}']:.3f} "
            f"({sc.at[m, f'mid_{lv:g}']:.3f})" for m in sc.index) + " |")
    gp = os.path.join(a.out, "grid_stokkel.csv")
    if os.path.exists(gp):
        # Non-randomised PIT (Czado, Gneiting & Held 2009): for a count forecast with cdf F and
        # an actual y, the PIT is uniform on [F(y-1), F(y)]; its cdf at level u, averaged over
        # all actuals, is u when the forecasts are calibrated.  F is read off the quantiles at
        # levels 0.01..0.99: F(y) = largest level whose quantile is <= y, F(y-1) = largest
        # level whose quantile is < y (0 if none); 1 above the grid when y >= the 0.99 quantile.
        g = pd.read_csv(gp, dtype={"series_id": str})
        g = g[g.series_id.isin(common)]
        grid = np.arange(1, 100) / 100.0
        Q = np.array([np.array(v.split(), dtype=float) for v in g.q])
        y = act.reindex(pd.MultiIndex.from_arrays([g.series_id, g.step])).to_numpy()
        le = (Q <= y[:, None])
        lt = (Q < y[:, None])
        Fy = np.where(le.any(1), grid[np.where(le, np.arange(99), -1).max(1)], 0.0)
        Fy = np.where(le[:, -1], 1.0, Fy)
        Fm = np.where(lt.any(1), grid[np.where(lt, np.arange(99), -1).max(1)], 0.0)
        print("\n#### Calibration of Stokkel's count forecasts: mean PIT cdf (target = the level)\n")
        print("| level | " + " | ".join(f"{u:g}" for u in sorted(set(M5 + CAL))) + " |")
        print("|---" * (len(set(M5 + CAL)) + 1) + "|")
        row = []
        for u in sorted(set(M5 + CAL)):
            w = np.where(u <= Fm, 0.0, np.where(u >= Fy, 1.0, (u - Fm) / np.maximum(Fy - Fm, 1e-12)))
            row.append(f"{w.mean():.3f}")
        print(f"| stokkel_auto ({len(g)} forecasts) | " + " | ".join(row) + " |")
    tr = os.path.join(a.out, "timings_r.csv")
    sp = os.path.join(a.out, "speed_stokkel.csv")
    if os.path.exists(tr) and os.path.exists(sp):
        t = pd.read_csv(tr).set_index("method")
        s = pd.read_csv(sp).set_index("what")
        print("\n#### Speed per series (same run; shared 2-core machine, timings noisy)\n")
        print("| R | R s/series | Stokkel | Stokkel s/series | Stokkel faster by |")
        print("|---|---|---|---|---|")
        ours = [("classify_sba_point", "classification + SBA point forecast (C core)"),
                ("auto_slow", "classification + auto's SBA route with 11 integer quantiles (C core)")]
        for m, lab in [("r_croston_full", "croston() (the public function, with its fitted values)"),
                       ("r_croston", "forecast:::croston2(nofits = TRUE) (point forecast only)")]:
            if m not in t.index:
                continue
            per = t.at[m, "seconds_total"] / t.at[m, "series"]
            for w, wl in ours:
                us = float(s.at[w, "us_per_series"]) * 1e-6
                print(f"| {lab}, {int(t.at[m, 'series'])} series | {per:.2e} | {wl}, "
                      f"{int(s.at[w, 'series'])} series x {int(s.at[w, 'reps'])} | {us:.2e} | "
                      f"{per / us:,.0f} x |")
    ts = os.path.join(a.out, "timings_stokkel.csv")
    if os.path.exists(ts):
        v = open(ts).read().strip().split(",")
        print(f"\nstk_forecast(..., 'auto') in the database, all quantiles: {float(v[1]):.2f} s "
              f"for {n} series (SQL, incl. array building)")


if __name__ == "__main__":
    main()
