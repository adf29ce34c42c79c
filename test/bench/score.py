#!/usr/bin/python3
"""Score forecast CSVs against the holdout of ../shared/data (accuracy benchmark, issues 3-4).

    /usr/bin/python3 test/bench/score.py [--data DIR] [--out DIR] [--timings FILE]...
                                         FORECASTS.csv [FORECASTS.csv ...]

Every forecast file has the columns  dataset,series_id,method,step,point,q10,q50,q90
(one row per series, method and step 1..horizon; q10/q50/q90 may be empty). `method` tells
forecasters apart (R: r_ets, r_theta, r_snaive, r_croston; Stokkel: stokkel_*), so one file
may hold several methods and several files may be given.

Per series, with the measures of ../shared/data/README.md:
  sMAPE   200/h sum |y-f| / (|y|+|f|), a 0/0 term counting 0
  MASE    mean |y-f| / mean_{t>m} |y_t - y_{t-m}| on train; m = frequency for yearly (1),
          quarterly and monthly series, m = 1 for daily series
  RMSSE   sqrt(mean (y-f)^2 / mean_{t>1} (y_t - y_{t-1})^2)
  pinball L_tau for tau = 0.1/0.5/0.9 at q10/q50/q90, divided by the MASE denominator
  coverage share of test points with q10 <= y <= q90 (target 80 %); width = mean (q90 - q10)
          divided by the MASE denominator
then the mean over series per (dataset, period, method). Series whose MASE denominator is 0
are left out of every measure (column `zero_scale`). The series in scope are all series of a
dataset that any forecast file covers; a method without a complete, finite point forecast for
one of them is counted in `missing` and left out of its means. Writes scores.csv and
scores_vs_r.csv to --out and prints Markdown tables to stdout.
"""
import argparse
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATASETS = ["m1", "tourism", "m5_subset"]
PERIODS = ["YEARLY", "QUARTERLY", "MONTHLY", "DAILY"]
COLUMNS = ["dataset", "series_id", "method", "step", "point", "q10", "q50", "q90"]
TAUS = {"q10": 0.1, "q50": 0.5, "q90": 0.9}
TARGET_RATIO = 0.97
TARGET_COVERAGE = (0.78, 0.82)


def die(msg):
    sys.exit("score.py: " + msg)


def load_forecasts(paths):
    frames = []
    for p in paths:
        df = pd.read_csv(p, dtype={"series_id": str, "dataset": str, "method": str})
        if list(df.columns) != COLUMNS:
            die(f"{p}: columns are {','.join(df.columns)}, expected {','.join(COLUMNS)}")
        bad = set(df.dataset) - set(DATASETS)
        if bad:
            die(f"{p}: unknown dataset(s) {sorted(bad)}")
        for c in ["point", "q10", "q50", "q90"]:
            df[c] = pd.to_numeric(df[c], errors="raise").astype(float)
        df["file"] = os.path.basename(p)
        frames.append(df)
    fc = pd.concat(frames, ignore_index=True)
    dup = fc.duplicated(["dataset", "series_id", "method", "step"], keep=False)
    if dup.any():
        ex = fc[dup].iloc[0]
        die(f"{dup.sum()} duplicate rows, e.g. {ex.dataset}/{ex.series_id} {ex.method} step "
            f"{ex.step} (in {', '.join(sorted(set(fc[dup].file)))})")
    return fc.drop(columns="file")


def load_dataset(data, ds):
    d = os.path.join(data, ds)
    meta = pd.read_csv(os.path.join(d, "meta.csv"), dtype={"series_id": str},
                       keep_default_na=False)
    meta = meta[["series_id", "period", "frequency", "horizon", "n_train"]].copy()
    train = pd.read_csv(os.path.join(d, "train.csv"), dtype={"series_id": str},
                        usecols=["series_id", "period_index", "value"])
    test = pd.read_csv(os.path.join(d, "test.csv"), dtype={"series_id": str},
                       usecols=["series_id", "period_index", "value"])
    train = train.sort_values(["series_id", "period_index"])
    scales = []
    for sid, g in train.groupby("series_id", sort=False):
        y = g["value"].to_numpy(float)
        scales.append((sid, y))
    scale = {}
    lag = dict(zip(meta.series_id, np.where(meta.period == "DAILY", 1, meta.frequency)))
    for sid, y in scales:
        m = int(lag[sid])
        mase_den = np.mean(np.abs(y[m:] - y[:-m])) if len(y) > m else np.nan
        rmsse_den = np.mean(np.diff(y) ** 2) if len(y) > 1 else np.nan
        scale[sid] = (mase_den, rmsse_den, len(y))
    meta["mase_den"] = meta.series_id.map(lambda s: scale[s][0])
    meta["rmsse_den"] = meta.series_id.map(lambda s: scale[s][1])
    if (meta.series_id.map(lambda s: scale[s][2]) != meta.n_train).any():
        die(f"{ds}: train.csv lengths disagree with meta.n_train")
    test = test.merge(meta[["series_id", "n_train"]], on="series_id")
    test["step"] = test.period_index - test.n_train
    test["dataset"] = ds
    meta["dataset"] = ds
    return meta, test[["dataset", "series_id", "step", "value"]]


def pinball(y, q, tau):
    d = y - q
    return np.where(d >= 0, tau * d, (tau - 1) * d)


def score(fc, data):
    metas, tests = [], []
    for ds in [d for d in DATASETS if d in set(fc.dataset)]:
        m, t = load_dataset(data, ds)
        metas.append(m)
        tests.append(t)
    meta = pd.concat(metas, ignore_index=True)
    test = pd.concat(tests, ignore_index=True)

    unknown = fc.merge(meta[["dataset", "series_id"]], how="left", indicator=True)
    unknown = unknown[unknown._merge == "left_only"]
    if len(unknown):
        die(f"{unknown[['dataset', 'series_id']].drop_duplicates().shape[0]} unknown series, "
            f"e.g. {unknown.iloc[0].dataset}/{unknown.iloc[0].series_id}")

    # Scope: every (dataset, series) that some forecast covers, crossed with every method
    # that forecasts some series of that dataset.
    scope = fc[["dataset", "series_id"]].drop_duplicates().merge(meta, on=["dataset", "series_id"])
    grid = scope.merge(fc[["dataset", "method"]].drop_duplicates(), on="dataset")

    # Actual vs forecast, one row per (series, method, step 1..h).
    x = grid.merge(test, on=["dataset", "series_id"])
    x = x.merge(fc, on=["dataset", "series_id", "method", "step"], how="left")
    extra = fc.merge(test, on=["dataset", "series_id", "step"], how="left", indicator=True)
    if (extra._merge == "left_only").any():
        e = extra[extra._merge == "left_only"].iloc[0]
        die(f"forecast step outside the horizon, e.g. {e.dataset}/{e.series_id} {e.method} "
            f"step {e.step}")

    y, f = x.value.to_numpy(), x.point.to_numpy()
    den = np.abs(y) + np.abs(f)
    x["smape"] = np.where(den > 0, 200 * np.abs(y - f) / np.where(den > 0, den, 1), 0.0)
    x["ae"] = np.abs(y - f)
    x["se"] = (y - f) ** 2
    for c, tau in TAUS.items():
        x["pl_" + c] = pinball(y, x[c].to_numpy(), tau)
    lo, hi = x.q10.to_numpy(), x.q90.to_numpy()
    x["cover"] = np.where(np.isnan(lo) | np.isnan(hi), np.nan, ((lo <= y) & (y <= hi)) * 1.0)
    x["width"] = hi - lo
    x["point_ok"] = np.isfinite(f)

    keys = ["dataset", "series_id", "method", "period", "mase_den", "rmsse_den"]
    g = x.groupby(keys, sort=False, dropna=False)
    s = g.agg(h=("value", "size"), ok=("point_ok", "sum"), smape=("smape", "mean"),
              ae=("ae", "mean"), se=("se", "mean"), pl_q10=("pl_q10", "mean"),
              pl_q50=("pl_q50", "mean"), pl_q90=("pl_q90", "mean"), cover=("cover", "mean"),
              width=("width", "mean"), n_q10=("pl_q10", "count"), n_q50=("pl_q50", "count"),
              n_q90=("pl_q90", "count"), n_cover=("cover", "count"),
              n_width=("width", "count")).reset_index()
    for c, n in [("pl_q10", "n_q10"), ("pl_q50", "n_q50"), ("pl_q90", "n_q90"),
                 ("cover", "n_cover"), ("width", "n_width")]:
        s.loc[s[n] < s.h, c] = np.nan  # a quantile missing at any step: no value for the series
    s = s.drop(columns=["n_q10", "n_q50", "n_q90", "n_cover", "n_width"])
    s["zero_scale"] = ~(s.mase_den > 0)
    s["missing"] = ~s.zero_scale & (s.ok < s.h)
    s["scored"] = ~s.zero_scale & ~s.missing
    s["mase"] = s.ae / s.mase_den
    s["rmsse"] = np.sqrt(s.se / s.rmsse_den)
    for c in ["pl_q10", "pl_q50", "pl_q90", "width"]:
        s[c] = s[c] / s.mase_den
    s["pl_mean"] = s[["pl_q10", "pl_q50", "pl_q90"]].mean(axis=1, skipna=False)
    return s


def summarise(s):
    sc = s[s.scored]
    g = sc.groupby(["dataset", "period", "method"])
    out = g[["smape", "mase", "rmsse", "pl_q10", "pl_q50", "pl_q90", "pl_mean", "cover",
             "width"]].mean()
    out["n_q"] = g["pl_mean"].count()
    out["n"] = g.size()
    cnt = s.groupby(["dataset", "period", "method"])[["zero_scale", "missing"]].sum()
    out = cnt.join(out, how="left").reset_index()
    out["n"] = out.n.fillna(0).astype(int)
    out["n_q"] = out.n_q.fillna(0).astype(int)
    out["zero_scale"] = out.zero_scale.astype(int)
    out["missing"] = out.missing.astype(int)
    return order(out)


def order(df):
    methods = sorted(df.method.unique(), key=lambda m: (not m.startswith("r_"), m))
    df = df.assign(_d=df.dataset.map(DATASETS.index), _p=df.period.map(PERIODS.index),
                   _m=df.method.map(methods.index))
    return df.sort_values(["_d", "_p", "_m"]).drop(columns=["_d", "_p", "_m"]).reset_index(
        drop=True)


def vs_r(s):
    """Each stokkel_* method's MASE against min(r_ets, r_theta), on the series all three scored."""
    rows = []
    sc = s[s.scored]
    wide = sc.pivot_table(index=["dataset", "period", "series_id"], columns="method",
                          values="mase")
    cov = sc.pivot_table(index=["dataset", "period", "series_id"], columns="method",
                         values="cover")
    for m in sorted(c for c in wide.columns if c.startswith("stokkel_")):
        need = [m, "r_ets", "r_theta"]
        if not set(need) <= set(wide.columns):
            continue
        w = wide[need].dropna()
        for (ds, per), g in w.groupby(level=["dataset", "period"]):
            means = g.mean()
            best = min(means.r_ets, means.r_theta)
            c = cov[m].reindex(g.index) if m in cov.columns else pd.Series(dtype=float)
            rows.append(dict(dataset=ds, period=per, method=m, n=len(g), mase=means[m],
                             r_ets=means.r_ets, r_theta=means.r_theta,
                             best_r="r_ets" if means.r_ets <= means.r_theta else "r_theta",
                             ratio=means[m] / best, mase_ok=means[m] / best <= TARGET_RATIO,
                             cover=c.mean(), cover_ok=TARGET_COVERAGE[0] <= c.mean()
                             <= TARGET_COVERAGE[1] if c.notna().any() else False))
    if not rows:
        return pd.DataFrame(columns=["dataset", "period", "method", "n", "mase", "r_ets",
                                     "r_theta", "best_r", "ratio", "mase_ok", "cover",
                                     "cover_ok"])
    return order(pd.DataFrame(rows))


def fmt(v, spec):
    return "–" if v is None or (isinstance(v, float) and np.isnan(v)) else format(v, spec)


def md_table(header, rows, align):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("forecasts", nargs="+", help="forecast CSV files")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(REPO), "shared", "data"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--timings", action="append", default=[],
                    help="timings CSV (dataset,method,series,seconds_total[,...]) to tabulate")
    a = ap.parse_args()

    fc = load_forecasts(a.forecasts)
    s = score(fc, a.data)
    tab = summarise(s)
    ratio = vs_r(s)
    os.makedirs(a.out, exist_ok=True)
    tab.to_csv(os.path.join(a.out, "scores.csv"), index=False, float_format="%.6g")
    ratio.to_csv(os.path.join(a.out, "scores_vs_r.csv"), index=False, float_format="%.6g")
    s.drop(columns=["ae", "se", "ok", "h"]).to_csv(os.path.join(a.out, "scores_series.csv"),
                                                   index=False, float_format="%.6g")

    print("### Accuracy per data set and period (mean over series)\n")
    print("sMAPE in %; MASE with m = frequency (yearly 1, quarterly 4, monthly 12) and m = 1 for "
          "daily series. Pinball losses (τ = 0.1/0.5/0.9, and their mean) and the 10–90 % band "
          "width are **divided by each series' MASE denominator** (mean |y_t − y_{t−m}| over the "
          "training part) so that series and data sets are comparable; for daily data this is "
          "M5's SPL scaling. Coverage = share of test points inside [q10, q90] (target 80 %). "
          "n = series scored; `0-scale` = series left out because their MASE denominator is 0; "
          "`missing` = series in scope without a complete forecast from that method. "
          "r_croston has no interval, so only its q50 (= point) is scored.\n")
    hdr = ["data set", "period", "method", "n", "sMAPE", "MASE", "RMSSE", "PL 0.1", "PL 0.5",
           "PL 0.9", "PL mean", "cover 10–90", "width", "0-scale", "missing"]
    rows = [[r.dataset, r.period.lower(), r.method, str(r.n), fmt(r.smape, ".2f"),
             fmt(r.mase, ".3f"), fmt(r.rmsse, ".3f"), fmt(r.pl_q10, ".3f"), fmt(r.pl_q50, ".3f"),
             fmt(r.pl_q90, ".3f"), fmt(r.pl_mean, ".3f"),
             fmt(r.cover * 100, ".1f") + ("" if np.isnan(r.cover) else " %"), fmt(r.width, ".2f"),
             str(r.zero_scale), str(r.missing)] for r in tab.itertuples()]
    print(md_table(hdr, rows, "lllrrrrrrrrrrrr"))
    partial = tab[(tab.n_q > 0) & (tab.n_q < tab.n)]
    for r in partial.itertuples():
        print(f"\nNote: {r.dataset} {r.period.lower()} {r.method}: quantiles for only {r.n_q} of "
              f"{r.n} series; its pinball/coverage means cover those only.")

    print(f"\n### Stokkel vs the better of R's ets and theta (MASE ratio, target ≤ {TARGET_RATIO})"
          "\n")
    if ratio.empty:
        print("No stokkel_* forecasts were given (or r_ets/r_theta are missing): nothing to "
              "compare.")
    else:
        print("Means over the series that the Stokkel method, r_ets and r_theta all scored. "
              f"Coverage target {TARGET_COVERAGE[0]:.0%}–{TARGET_COVERAGE[1]:.0%}.\n")
        hdr = ["data set", "period", "method", "n", "MASE", "R ets", "R theta", "ratio", "≤ 0.97",
               "cover 10–90", "78–82 %"]
        rows = [[r.dataset, r.period.lower(), r.method, str(r.n), fmt(r.mase, ".3f"),
                 fmt(r.r_ets, ".3f"), fmt(r.r_theta, ".3f"), fmt(r.ratio, ".3f"),
                 "yes" if r.mase_ok else "**no**",
                 fmt(r.cover * 100, ".1f") + ("" if np.isnan(r.cover) else " %"),
                 "yes" if r.cover_ok else "**no**"] for r in ratio.itertuples()]
        print(md_table(hdr, rows, "lllrrrrrlrl"))

    times = [t for t in a.timings if os.path.exists(t)]
    if times:
        t = pd.concat([pd.read_csv(p) for p in times], ignore_index=True)
        print("\n### Time for fit + forecast\n")
        print("Wall-clock seconds summed over series (CPU seconds where the timings file has "
              "them), fit + forecast only.\n")
        if "cpu_seconds_total" not in t.columns:
            t["cpu_seconds_total"] = np.nan
        hdr = ["data set", "method", "series", "seconds", "ms per series", "CPU ms per series"]
        rows = [[r.dataset, r.method, str(r.series), f"{r.seconds_total:.2f}",
                 f"{1000 * r.seconds_total / r.series:.2f}",
                 fmt(1000 * r.cpu_seconds_total / r.series, ".2f")] for r in t.itertuples()]
        print(md_table(hdr, rows, "llrrrr"))


if __name__ == "__main__":
    main()
