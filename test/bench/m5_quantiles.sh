#!/bin/sh
# M5 quantile benchmark (issue 4): Stokkel's 'auto' against R's ets(), snaive() and croston()
# on the M5 subset, and the speed of classification + Croston-family forecasting, in one run.
#
#   make start && test/bench/m5_quantiles.sh [--reuse-r] [--max-series N] [--data DIR] [--out DIR]
#
#   1. Rscript r_m5_quantiles.R     -> OUT/quantiles_r.csv, OUT/timings_r.csv (skipped with
#                                      --reuse-r when quantiles_r.csv exists)
#   2. stk_forecast(y, 28, 7, 'auto', levels) in the private cluster -> OUT/quantiles_stokkel.csv
#   3. slow_dev speed (C, the core's classification + auto's intermittent route, 28 steps,
#      11 quantile levels) -> OUT/speed_stokkel.csv
#   4. score_m5.py -> Markdown tables on stdout (scaled pinball loss per level, MASE, RMSSE,
#      share of actuals below / at or below each quantile, the PIT calibration of Stokkel's
#      count forecasts from a 99-level grid (OUT/grid_stokkel.csv), speed ratios)
# --data defaults to <repo>/../shared/data (or $STOKKEL_DATA); OUT to test/bench/out/m5q.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=${STOKKEL_DATA:-$(dirname "$top")/shared/data}
out=$here/out/m5q
reuse=
max=
while [ $# -gt 0 ]; do
	case $1 in
	--reuse-r) reuse=1 ;;
	--max-series) max=$2; shift ;;
	--data) data=$2; shift ;;
	--out) out=$2; shift ;;
	*) sed -n '2,17p' "$0" >&2; exit 2 ;;
	esac
	shift
done
data=$(cd "$data" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -n "$reuse" ] && [ -f "$out/quantiles_r.csv" ]; then
	echo "== R: reusing $out/quantiles_r.csv" >&2
else
	echo "== R: ets, snaive, croston" >&2
	Rscript "$here/r_m5_quantiles.R" --data "$data" --out "$out" ${max:+--max-series $max}
fi

echo "== Stokkel: stk_forecast(..., 'auto') in the database" >&2
eval "$("$top/test/cluster.sh" env)"
psql() { command psql -qX -v ON_ERROR_STOP=1 "$@"; }
psql -c 'CREATE EXTENSION IF NOT EXISTS stokkel' \
	-c 'DROP SCHEMA IF EXISTS bench_m5q CASCADE' -c 'CREATE SCHEMA bench_m5q' \
	-c 'CREATE TABLE bench_m5q.train (series_id text, period_index int, value float8, date text)' \
	-c "\\copy bench_m5q.train FROM '$data/m5_subset/train.csv' WITH (FORMAT csv, HEADER true)"
lim=""
[ -n "$max" ] && lim="LIMIT $max"
start=$(date +%s.%N)
psql -c "\\copy (
  WITH y AS (SELECT series_id, array_agg(value ORDER BY period_index) AS y
             FROM bench_m5q.train GROUP BY series_id ORDER BY series_id COLLATE \"C\" $lim)
  SELECT 'stokkel_auto', y.series_id, f.step, l.level, l.value
  FROM y, stokkel.stk_forecast(y.y, 28, 7, 'auto',
          '{0.005,0.025,0.1,0.165,0.25,0.5,0.75,0.835,0.9,0.95,0.975,0.995}') f,
       LATERAL (SELECT 'point' AS level, f.point AS value
                UNION ALL
                SELECT lv::text, q FROM unnest(f.quantiles,
                  '{0.005,0.025,0.1,0.165,0.25,0.5,0.75,0.835,0.9,0.95,0.975,0.995}'::float8[]) AS u(q, lv)) l
  ) TO STDOUT WITH (FORMAT csv)" | sed '1i method,series_id,step,level,value' >"$out/quantiles_stokkel.csv"
end=$(date +%s.%N)
echo "stokkel_auto,$(echo "$end - $start" | bc -l)" >"$out/timings_stokkel.csv"
# the predictive distribution on a grid of 99 levels, for the calibration (PIT) of count forecasts
psql -c "\\copy (
  WITH y AS (SELECT series_id, array_agg(value ORDER BY period_index) AS y
             FROM bench_m5q.train GROUP BY series_id ORDER BY series_id COLLATE \"C\" $lim)
  SELECT y.series_id, f.step, array_to_string(f.quantiles, ' ')
  FROM y, stokkel.stk_forecast(y.y, 28, 7, 'auto',
          (SELECT array_agg(k / 100.0 ORDER BY k) FROM generate_series(1, 99) k)::float8[]) f
  ) TO STDOUT WITH (FORMAT csv)" | sed '1i series_id,step,q' >"$out/grid_stokkel.csv"
psql -c 'DROP SCHEMA bench_m5q CASCADE'

echo "== Stokkel: classification + Croston-family forecast speed (C core)" >&2
gcc -O2 -ffp-contract=off -I"$top/src/core" -o "$out/slow_dev" "$here/slow_dev.c" \
	"$top"/src/core/*.c $(pkg-config --cflags --libs gsl 2>/dev/null || echo -lgsl -lgslcblas) -lhpdf -lm
"$out/slow_dev" speed "$data" 20 >"$out/speed_stokkel.csv"

echo "== scoring" >&2
/usr/bin/python3 "$here/score_m5.py" --data "$data/m5_subset" --out "$out"
