#!/bin/sh
# Exports checked from outside the database (TAP output):
#   - the .xlsx files written by api.forecast_xlsx and api.kpis_xlsx pass
#     `unzip -t` and, read back with Python's zipfile and XML parser (not
#     Stokkel's own reader), hold the values api.forecast / api.dashboard_kpis
#     return;
#   - the SVG of api.forecast_chart is valid XML, and headless Chromium
#     renders it to a non-empty, non-blank PNG of the chart's size.
# Needs the private cluster (test/cluster.sh start), unzip, python3, chromium.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. test/tap.sh
tap_begin export
db=stokkel_export

PGOPTIONS="-c client_min_messages=warning" psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -qX -d $db -v ON_ERROR_STOP=1 >"$out/setup.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION stokkel;
SELECT stokkel.stk_create_retail_schema('shop');
SELECT count(*) FROM stokkel.stk_generate_sample_data('shop', 5, 120, 11, tenant => 'dakar');
SELECT stokkel.stk_create_api('shop', 'api', 'export_anon', 'export_user', 'export_admin');
SQL
ok $? "set-up: retail schema, sample data, api"

# One request as PostgREST makes it; prints the value of the query.
request() {
	psql -qXAt -d $db -v ON_ERROR_STOP=1 <<SQL
BEGIN;
SET LOCAL ROLE export_user;
SELECT set_config('request.jwt.claims', '{"role": "export_user", "tenant_id": "dakar"}', true) \\g /dev/null
$1
COMMIT;
SQL
}

request "SELECT encode(api.forecast_xlsx(1, 5), 'base64');" | base64 -d >"$out/forecast.xlsx"
request "SELECT encode(api.kpis_xlsx('2026-04-01', '2026-04-30'), 'base64');" | base64 -d >"$out/kpis.xlsx"
request "COPY (SELECT sku, step, period_start, point, p10, p50, p90 FROM api.forecast(1, 5) ORDER BY step) TO STDOUT WITH (FORMAT csv, HEADER);" >"$out/forecast.csv"
request "COPY (SELECT kpi, value, note FROM api.dashboard_kpis('2026-04-01', '2026-04-30')) TO STDOUT WITH (FORMAT csv, HEADER);" >"$out/kpis.csv"
request "SELECT api.forecast_chart(1, 28, 'day', 90);" >"$out/chart.svg"
request "SELECT encode(api.report('2026-04-01', '2026-04-30'), 'base64');" | base64 -d >"$out/report.pdf"
request "COPY (SELECT name, revenue FROM api.top_products('2026-04-01', '2026-04-30') ORDER BY rank LIMIT 1) TO STDOUT;" >"$out/top.txt"
request "SELECT stokkel.stk_report_number(value) FROM api.dashboard_kpis('2026-04-01', '2026-04-30') WHERE kpi = 'revenue';" >"$out/revenue.txt"

unzip -tq "$out/forecast.xlsx" >"$out/unzip.log" 2>&1
ok $? "forecast.xlsx passes unzip -t"
unzip -tq "$out/kpis.xlsx" >>"$out/unzip.log" 2>&1
ok $? "kpis.xlsx passes unzip -t"

# Read each workbook with Python's zipfile and XML parser and compare it with
# what the API function returned.
python3 test/export/xlsx_matches.py "$out/forecast.xlsx" forecast "$out/forecast.csv" \
	sku,step,period_start,point,p10,p50,p90 >"$out/forecast_check.log" 2>&1
ok $? "forecast.xlsx read back by Python holds api.forecast's values ($(tail -1 "$out/forecast_check.log"))"
python3 test/export/xlsx_matches.py "$out/kpis.xlsx" kpis "$out/kpis.csv" kpi,value,note \
	>"$out/kpis_check.log" 2>&1
ok $? "kpis.xlsx read back by Python holds api.dashboard_kpis's values ($(tail -1 "$out/kpis_check.log"))"

python3 - "$out/chart.svg" <<'PY' >"$out/svg_check.log" 2>&1
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
svg = '{http://www.w3.org/2000/svg}'
assert root.tag == svg + 'svg', root.tag
assert len(root.findall(svg + 'polygon')) == 1          # the P10-P90 fan
assert len(root.findall(svg + 'polyline')) == 2         # history and P50
pts = root.find(svg + 'polygon').get('points').split()
assert len(pts) == 2 * 28, len(pts)
print('svg ok')
PY
ok $? "the forecast chart is valid SVG (XML) with a 28-day P10-P90 fan, history and P50 lines"

# Render with headless Chromium (a fresh profile, no network services).
profile=$(mktemp -d)
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
	--window-size=800,360 --screenshot="$out/chart.png" "file://$out/chart.svg" >"$out/chromium.log" 2>&1
rm -rf "$profile"
python3 - "$out/chart.png" <<'PY' >"$out/png_check.log" 2>&1
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (800, 360), (w, h)
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    if kind == b'IDAT':
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
pixels = zlib.decompress(idat)
# not blank: the chart's colours make many distinct byte values
assert len(set(pixels)) > 20, len(set(pixels))
print(len(data), 'bytes', w, 'x', h)
PY
ok $? "headless Chromium renders the SVG to a non-blank 800x360 PNG ($(tail -1 "$out/png_check.log"))"

# The PDF report, read by poppler (pdfinfo, pdftotext): A4 pages, and the
# tenant's revenue and best seller as the API's own functions give them.
pdfinfo "$out/report.pdf" >"$out/pdfinfo.log" 2>&1 && grep -q '^Page size: *595.276 x 841.89' "$out/pdfinfo.log"
ok $? "report.pdf passes pdfinfo, A4 ($(grep '^Pages' "$out/pdfinfo.log" | tr -s ' '))"
pdftotext -layout -enc UTF-8 "$out/report.pdf" "$out/report.txt" 2>"$out/pdftotext.log"
top_name=$(cut -f1 "$out/top.txt")
revenue=$(cat "$out/revenue.txt")
grep -q "^Revenue  *$revenue " "$out/report.txt" && grep -qF "$top_name" "$out/report.txt" &&
	grep -q "page 1 of" "$out/report.txt"
ok $? "pdftotext finds the revenue ($revenue), the best seller ($top_name) and page numbers in report.pdf"

# A workbook written by another program (Python's zipfile): shared and
# inline strings, a serial date, an empty row; then the same workbook with
# cells that do not give their reference, which must be refused, not half read.
python3 - "$out" <<'PY' >"$out/foreign.log" 2>&1
import sys, zipfile
out = sys.argv[1]
M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
def book(path, sheet_xml):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets>'
                   f'<sheet name="sales" sheetId="1" r:id="rId7"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId7" Type="t" Target="worksheets/other.xml"/></Relationships>')
        z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{M}"><si><t>sku</t></si>'
                   f'<si><r><t>RIZ-</t></r><r><t>000001</t></r></si></sst>')
        z.writestr('xl/worksheets/other.xml', f'<worksheet xmlns="{M}"><sheetData>{sheet_xml}</sheetData></worksheet>')
good = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>sold_at</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>quantity</t></is></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>46204.75</v></c><c r="C3"><v>2</v></c></row>')
book(out + '/foreign.xlsx', good)
book(out + '/norefs.xlsx', good.replace(' r="A3"', '').replace(' r="B3"', '').replace(' r="C3"', ''))
print('written')
PY
q="SELECT stokkel.stk_xlsx_sheet_csv(decode(:'x', 'hex'), 'sales', stokkel.stk_import_columns('sales'))"
got=$(psql -qXAt -d $db -v x="$(od -An -v -tx1 "$out/foreign.xlsx" | tr -d ' \n')" <<SQL 2>&1
$q;
SQL
)
want=$(printf '"sku","sold_at","quantity"\n\n"RIZ-000001","2026-07-01 18:00:00","2"')
[ "$got" = "$want" ]
ok $? "a workbook from another writer: shared, rich and inline strings, an Excel date, row 3 stays line 3"
got=$(psql -qXAt -d $db -v x="$(od -An -v -tx1 "$out/norefs.xlsx" | tr -d ' \n')" <<SQL 2>&1
$q;
SQL
)
case "$got" in *"cells without a valid reference"*) r=0 ;; *) r=1 ;; esac
ok $r "cells without references are refused (22P03), not dropped"

# Hostile workbooks: each must end in its SQLSTATE, quickly, never XX000 or
# a half-read sheet.  A 70 MB sheet packed into a small file (over the
# 64 MB stokkel.xlsx_max_member_size), a fragment instead of a document, a cell twice, a cell beyond
# column XFD, a shared string that does not exist.  And a sheet id with a
# quote, which once broke an XPath string: read as any other.
python3 - "$out" <<'PY' >"$out/hostile.log" 2>&1
import sys, zipfile
out = sys.argv[1]
M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
def book(path, rows, rid='rId1', sheet=None, shared='<si><t>sku</t></si>'):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets>'
                   f'<sheet name="sales" sheetId="1" r:id=\'{rid}\'/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id=\'{rid}\' Type="t" Target="worksheets/s.xml"/></Relationships>')
        z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{M}">{shared}</sst>')
        z.writestr('xl/worksheets/s.xml', sheet if sheet is not None else
                   f'<worksheet xmlns="{M}"><sheetData>{rows}</sheetData></worksheet>')
head = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
book(out + '/h_bomb.xlsx', head + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + 'x' * (70 << 20) + '</t></is></c></row>')
book(out + '/h_rid.xlsx', head, rid='a"b')
book(out + '/h_fragment.xlsx', '', sheet='<a/><b/>')
book(out + '/h_twice.xlsx', head + '<row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>2</v></c></row>')
book(out + '/h_far.xlsx', head + '<row r="2"><c r="XFE2"><v>1</v></c></row>')
book(out + '/h_shared.xlsx', head + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>')
# styled empty cells right of the data, in the header row and below (as Excel writes them)
book(out + '/h_styled.xlsx', '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"/></row>'
     '<row r="2"><c r="A2" t="inlineStr"><is><t>RIZ</t></is></c><c r="C2" s="1"/></row>')
print('written')
PY
for case in "bomb|54000" "rid|00000 \"sku\"" "fragment|22P03" "twice|22P03" "far|22P03" "shared|22P03" 'styled|00000 "sku"
"RIZ"'; do
	f=${case%%|*}
	want=${case#*|}
	got=$(psql -qXAt -d $db 2>&1 <<SQL
SET statement_timeout = '20s';
DO \$\$BEGIN RAISE NOTICE 'state 00000 %', stokkel.stk_xlsx_sheet_csv(decode('$(od -An -v -tx1 "$out/h_$f.xlsx" | tr -d ' \n')', 'hex'), 'sales', stokkel.stk_import_columns('sales'));
EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'state %', SQLSTATE; END\$\$;
SQL
)
	case "$got" in *"state $want"*) r=0 ;; *) r=1; echo "# $f: $got" | head -3 ;; esac
	ok $r "hostile workbook ($f): $(printf %s "$want" | tr '\n' ' ')"
done

tap_end
