#!/usr/bin/python3
"""Development split for the accuracy benchmark (issue 3): tune on this, never on test.csv.

    /usr/bin/python3 test/bench/make_dev_split.py [--data DIR] [--out DIR]

For every data set of --data (default <repo>/../shared/data), holds out the last `horizon`
points of each *training* series as a development test set and writes, with the layout of
the shared data (see its README), to --out/<dataset>/ (default test/bench/out/dev):
  train.csv  the first n_train - horizon points
  test.csv   the last horizon points of the official train.csv (period_index unchanged)
  meta.csv   the official meta with n_train reduced by horizon
The official test.csv is never read. A series is kept only when at least 3 points and more
than `frequency` points remain (so that every model can be fitted and the MASE scale is
defined); the number dropped is printed.
"""
import argparse
import csv
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATASETS = ["m1", "tourism", "m5_subset"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(REPO), "shared", "data"))
    ap.add_argument("--out", default=os.path.join(HERE, "out", "dev"))
    a = ap.parse_args()
    for ds in DATASETS:
        src = os.path.join(a.data, ds)
        if not os.path.isdir(src):
            continue
        meta = pd.read_csv(os.path.join(src, "meta.csv"), dtype={"series_id": str},
                           keep_default_na=False)
        train = pd.read_csv(os.path.join(src, "train.csv"), dtype={"series_id": str},
                            keep_default_na=False)
        n_dev = meta.n_train - meta.horizon
        keep = (n_dev >= 3) & (n_dev > meta.frequency)
        meta = meta[keep].copy()
        meta["n_train"] = meta.n_train - meta.horizon
        cut = dict(zip(meta.series_id, meta.n_train))
        train = train[train.series_id.isin(cut)]
        lim = train.series_id.map(cut)
        dev_train = train[train.period_index <= lim]
        dev_test = train[train.period_index > lim]
        dst = os.path.join(a.out, ds)
        os.makedirs(dst, exist_ok=True)
        for df, name in [(meta, "meta.csv"), (dev_train, "train.csv"), (dev_test, "test.csv")]:
            df.to_csv(os.path.join(dst, name), index=False, quoting=csv.QUOTE_NONNUMERIC)
        print(f"{ds}: {len(meta)} series ({(~keep).sum()} dropped as too short), "
              f"{len(dev_train)} train and {len(dev_test)} test rows -> {dst}")


if __name__ == "__main__":
    main()
