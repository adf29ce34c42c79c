#!/bin/sh
# Accuracy benchmark (issues 3 and 4): R's forecasts and Stokkel's, scored on the same data.
#
#   test/bench/accuracy.sh [--quick | --max-series N] [--datasets m1,tourism,m5_subset]
#                          [--data DIR] [--out DIR] [--reuse-r]
#
#   --quick        40 series of each data set and period (the full run takes ~11 min for R
#                  alone on 2 cores); --max-series N: N series. The series are the N smallest
#                  series_id per period in byte order (SQL: ORDER BY series_id in the C.UTF-8
#                  cluster).
#   --reuse-r      keep test/bench/out/forecasts_r.csv from an earlier run instead of rerunning
#                  R (the scorer's Stokkel-vs-R table still compares on common series only)
#   --data DIR     default: <repo>/../shared/data (or $STOKKEL_DATA); for the development
#                  split of make_dev_split.py: --data test/bench/out/dev --out test/bench/out/dev/r
#   --out DIR      where every output goes (default test/bench/out)
#
# Steps, all writing to test/bench/out/ (git-ignored):
#   1. Rscript r_forecasts.R        -> forecasts_r.csv, timings_r.csv, series_r.csv
#   2. stokkel_forecasts.sh, if it exists (needs the cluster: make start), called as
#        stokkel_forecasts.sh --data DIR --datasets LIST [--max-series N]
#      It must forecast the same series (see --quick) and write
#      test/bench/out/forecasts_stokkel.csv with the columns
#        dataset,series_id,method,step,point,q10,q50,q90     (method = stokkel_*)
#      and may write test/bench/out/timings_stokkel.csv (dataset,method,series,seconds_total).
#   3. score.py on every forecasts_*.csv -> Markdown tables on stdout, scores.csv,
#      scores_vs_r.csv, scores_series.csv.
# Exits non-zero if any step fails (after scoring whatever forecasts exist).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=${STOKKEL_DATA:-$(dirname "$top")/shared/data}
datasets=m1,tourism,m5_subset
max=
reuse_r=
python=${PYTHON:-/usr/bin/python3}
out=

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--quick) max=40 ;;
	--max-series) [ $# -ge 2 ] || usage; max=$2; shift ;;
	--datasets) [ $# -ge 2 ] || usage; datasets=$2; shift ;;
	--data) [ $# -ge 2 ] || usage; data=$2; shift ;;
	--out) [ $# -ge 2 ] || usage; out=$2; shift ;;
	--reuse-r) reuse_r=1 ;;
	-h | --help) usage ;;
	*) echo "accuracy.sh: unknown argument $1" >&2; usage ;;
	esac
	shift
done
[ -d "$data" ] || { echo "accuracy.sh: no data directory $data" >&2; exit 2; }
data=$(cd "$data" && pwd)
out=${out:-$here/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
limit=${max:+--max-series $max}
status=0
now() { date +%s; }

t0=$(now)
if [ -n "$reuse_r" ] && [ -f "$out/forecasts_r.csv" ]; then
	echo "== R: reusing $out/forecasts_r.csv" >&2
else
	echo "== R forecasts (datasets $datasets${max:+, $max series per period})" >&2
	# shellcheck disable=SC2086
	Rscript "$here/r_forecasts.R" --data "$data" --out "$out" --datasets "$datasets" $limit
fi
t1=$(now)

rm -f "$out/forecasts_stokkel.csv" "$out/timings_stokkel.csv"
if [ -f "$here/stokkel_forecasts.sh" ]; then
	echo "== Stokkel forecasts" >&2
	run="sh"
	[ -x "$here/stokkel_forecasts.sh" ] && run=""
	# shellcheck disable=SC2086
	if ! $run "$here/stokkel_forecasts.sh" --data "$data" --out "$out" --datasets "$datasets" $limit; then
		echo "accuracy.sh: stokkel_forecasts.sh failed; scoring R only" >&2
		rm -f "$out/forecasts_stokkel.csv"
		status=1
	fi
else
	echo "== note: test/bench/stokkel_forecasts.sh not found; scoring R's forecasts only" >&2
fi
t2=$(now)

echo "== scoring" >&2
set -- "$out/forecasts_r.csv"
[ -f "$out/forecasts_stokkel.csv" ] && set -- "$@" "$out/forecasts_stokkel.csv"
for t in "$out"/timings_r.csv "$out"/timings_stokkel.csv; do
	[ -f "$t" ] && set -- "$@" --timings "$t"
done
"$python" "$here/score.py" --data "$data" --out "$out" "$@" || status=1
t3=$(now)
echo "== wall time: R $((t1 - t0)) s, Stokkel $((t2 - t1)) s, scoring $((t3 - t2)) s" >&2
exit $status
