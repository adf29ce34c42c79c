#!/bin/sh
# Score Stokkel's 'auto' on the development split without the database (issue 3):
# what every tuning choice of forecast_run.c was checked with.
#
#   test/bench/dev_auto.sh [--data DIR]
#
# 1. test/bench/make_dev_split.py (once) -> test/bench/out/dev/{m1,tourism,m5_subset}
# 2. R's forecasts of the same split, once (~45 min on one core):
#      Rscript test/bench/r_forecasts.R --data test/bench/out/dev --out test/bench/out/dev/r \
#              --methods ets,theta,snaive
# 3. this script: builds test/bench/auto_csv.c against src/core, forecasts every dev series
#    with stk_forecast_run(method auto) (same seed and arguments as stk_forecast), and runs
#    score.py on its forecasts and R's -> Markdown tables on stdout, CSVs in
#    test/bench/out/dev/scores.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=${STOKKEL_DATA:-/work/shared/data}
[ "${1:-}" = "--data" ] && data=$2
dev="$here/out/dev"
python=${PYTHON:-/usr/bin/python3}
[ -f "$dev/m1/meta.csv" ] || "$python" "$here/make_dev_split.py" --data "$data" --out "$dev"
bin=$(mktemp /tmp/auto_csv.XXXXXX)
trap 'rm -f "$bin"' EXIT
# shellcheck disable=SC2046
cc -O2 -ffp-contract=off -I"$top/src/core" "$here/auto_csv.c" "$top"/src/core/[a-z]*.c \
	$(pkg-config --libs gsl) -lhpdf -lm -o "$bin"
mkdir -p "$dev/scores"
fc="$dev/scores/forecasts_stokkel.csv"
echo "dataset,series_id,method,step,point,q10,q50,q90" >"$fc"
for ds in m1 tourism m5_subset; do
	"$bin" "$dev" "$ds" >>"$fc"
done
set -- "$fc"
[ -f "$dev/r/forecasts_r.csv" ] && set -- "$dev/r/forecasts_r.csv" "$@"
"$python" "$here/score.py" --data "$dev" --out "$dev/scores" "$@"
