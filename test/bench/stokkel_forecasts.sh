#!/bin/sh
# Stokkel's side of the accuracy benchmark: load the shared data sets into
# the private cluster and forecast every series with stk_forecast(), writing
# test/bench/out/forecasts_stokkel.csv in the scorer's format
# (dataset,series_id,method,step,point,q10,q50,q90) and the time taken to
# test/bench/out/timings_stokkel.csv.
#
#   make start && test/bench/stokkel_forecasts.sh [--datasets m1,tourism,m5_subset]
#                                                 [--methods auto,ets,theta] [--max-series N]
#                                                 [--data DIR] [--out DIR]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
data=${STOKKEL_DATA:-$top/../shared/data}
out="$top/test/bench/out"
datasets=m1,tourism,m5_subset
methods=auto
max=0
while [ $# -gt 0 ]; do
	case "$1" in
	--datasets) datasets=$2; shift 2 ;;
	--methods) methods=$2; shift 2 ;;
	--max-series) max=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
eval "$("$top/test/cluster.sh" env)"
# a fresh cluster (make start) has the database but not the extension
psql -qX -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS stokkel' >/dev/null
mkdir -p "$out"
psql() { command psql -qX -v ON_ERROR_STOP=1 "$@"; }

psql -c 'DROP SCHEMA IF EXISTS bench_acc CASCADE' -c 'CREATE SCHEMA bench_acc'
echo "dataset,series_id,method,step,point,q10,q50,q90" >"$out/forecasts_stokkel.csv"
echo "dataset,method,series,seconds_total" >"$out/timings_stokkel.csv"

for ds in $(echo "$datasets" | tr ',' ' '); do
	# meta.csv has data-set specific columns: create its table from the header
	cols=$(head -1 "$data/$ds/meta.csv" | tr -d '"\r' | sed 's/,/ text, /g; s/$/ text/')
	psql <<SQL
CREATE TABLE bench_acc.meta_$ds ($cols);
\copy bench_acc.meta_$ds FROM '$data/$ds/meta.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE bench_acc.train_$ds (series_id text, period_index int, value float8, date text);
SQL
	if head -1 "$data/$ds/train.csv" | grep -q date; then
		psql -c "\\copy bench_acc.train_$ds FROM '$data/$ds/train.csv' WITH (FORMAT csv, HEADER true)"
	else
		psql -c "\\copy bench_acc.train_$ds (series_id, period_index, value) FROM '$data/$ds/train.csv' WITH (FORMAT csv, HEADER true)"
	fi
	for method in $(echo "$methods" | tr ',' ' '); do
		lim=""
		[ "$max" -gt 0 ] && lim="WHERE rn <= $max"
		start=$(date +%s.%N)
		psql -c "\\copy (
  WITH s AS (
    SELECT m.series_id, m.period, m.frequency::int AS freq, m.horizon::int AS h,
           row_number() OVER (PARTITION BY m.period ORDER BY m.series_id) AS rn
    FROM bench_acc.meta_$ds m),
  y AS (
    SELECT s.*, (SELECT array_agg(value ORDER BY period_index)
                 FROM bench_acc.train_$ds t WHERE t.series_id = s.series_id) AS y
    FROM s $lim)
  SELECT '$ds', y.series_id, 'stokkel_$method', f.step, f.point, f.p10, f.p50, f.p90
  FROM y, stokkel.stk_forecast(y.y, y.h, y.freq, '$method') f
  ORDER BY 2, 4) TO STDOUT WITH (FORMAT csv)" >>"$out/forecasts_stokkel.csv"
		end=$(date +%s.%N)
		n=$(psql -At -c "SELECT count(*) FROM bench_acc.meta_$ds")
		[ "$max" -gt 0 ] && n=$(psql -At -c "SELECT sum(least(c, $max)) FROM (SELECT count(*) c FROM bench_acc.meta_$ds GROUP BY period) t")
		echo "$ds,stokkel_$method,$n,$(echo "$end - $start" | bc -l)" >>"$out/timings_stokkel.csv"
		echo "stokkel: $ds $method: $n series in $(echo "$end - $start" | bc -l) s" >&2
	done
done
psql -c 'DROP SCHEMA bench_acc CASCADE'
