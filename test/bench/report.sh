#!/bin/sh
# The period report: time of its content (stk_report: the KPIs, trend, top
# products, reorder list and alerts it reads) and of the PDF writing
# (stk_pdf) apart, on a generated shop, best and median of several rounds;
# the PDF's size and pages (poppler's pdfinfo).
#
#   test/bench/report.sh [products [days [rounds]]]   (needs test/cluster.sh start)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
eval "$(test/cluster.sh env)"
products=${1:-200}
days=${2:-730}
rounds=${3:-5}
db=stokkel_bench_report
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 -v products="$products" -v days="$days" <<'SQL' >/dev/null
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
SELECT stokkel.stk_create_retail_schema('shop');
SELECT * FROM stokkel.stk_generate_sample_data('shop', :products, :days, 42, tenant => 'demo');
SQL
out=$(mktemp -d)
{
cat <<'SQL'
\set ON_ERROR_STOP 1
CREATE TEMP TABLE t (step text, s float8);
SQL
k=0
while [ "$k" -lt "$rounds" ]; do
	k=$((k + 1))
	cat <<'SQL'
SELECT clock_timestamp() AS t0 \gset
SELECT stokkel.stk_report('shop', 'demo', DATE '2026-06-01', DATE '2026-06-30') AS j \gset
SELECT clock_timestamp() AS t1 \gset
SELECT length(stokkel.stk_pdf(:'j')) AS bytes \gset
SELECT clock_timestamp() AS t2 \gset
INSERT INTO t VALUES ('1 content (stk_report)', extract(epoch FROM :'t1'::timestamptz - :'t0'::timestamptz)),
                     ('2 PDF (stk_pdf)', extract(epoch FROM :'t2'::timestamptz - :'t1'::timestamptz));
SQL
done
cat <<'SQL'
SELECT step, count(*) AS rounds, round(1000 * min(s)::numeric, 1) AS best_ms,
       round(1000 * (percentile_cont(0.5) WITHIN GROUP (ORDER BY s))::numeric, 1) AS median_ms
  FROM t GROUP BY step ORDER BY step;
SELECT :bytes AS pdf_bytes;
SQL
} | psql -qX -d $db
psql -qXAt -d $db -c "SELECT encode(stokkel.stk_report_pdf('shop', 'demo', DATE '2026-06-01', DATE '2026-06-30'), 'base64')" |
	base64 -d >"$out/report.pdf"
echo "pdfinfo: $(pdfinfo "$out/report.pdf" | grep -E '^(Pages|Page size)' | tr -s ' ' | tr '\n' ';')"
rm -rf "$out"
echo "$products products x $days days; load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
