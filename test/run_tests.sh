#!/bin/sh
# Run every test suite against the private cluster (test/cluster.sh start
# must have run) and end with one line "N passed, M failed".
#
#   pg_regress  sql/*.sql vs expected/*.out      one count per test file
#   isolation   specs/*.spec vs expected/*.out    one count per spec
#   pgTAP       test/pgtap/*.sql via pg_prove     one count per assertion
#   C units     test/unit/bin/* via prove         one count per assertion
#   exports     test/export/test_export.sh        one count per check
#   dump        test/dump/test_dump_restore.sh    one count per check
#   docker      test/docker/test_initdb.sh        one count per HTTP example or guard
#
# Exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
eval "$(test/cluster.sh env)"
out="$top/results"
mkdir -p "$out"
passed=0
failed=0

# Add one suite's counts; a failing run without a failed test (bad plan,
# crash, setup error) still counts as one failure.
add_counts() {
	ok=$1
	nok=$2
	if [ "$3" -ne 0 ] && [ "$nok" -eq 0 ]; then
		nok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
}

# Count TAP lines of a verbose prove/pg_prove log.
count_tap() {
	add_counts "$(grep -cE '^[[:space:]]*ok [0-9]+' "$1")" \
		"$(grep -cE '^[[:space:]]*not ok [0-9]+' "$1")" "$2"
}

# Count "... ok" / "... FAILED" lines of a pg_regress or pg_isolation_regress
# log, and show the diffs of a failing run.
count_regress() {
	cat "$1"
	add_counts "$(grep -cE '\.\.\. ok' "$1")" "$(grep -cE '\.\.\. FAILED|\.\.\. failed' "$1")" "$2"
	if [ "$2" -ne 0 ] && [ -f "$3" ]; then
		head -200 "$3"
	fi
}

# PGXS's installcheck runs both suites, stopping after a failing first one:
# run them one at a time so that each is always counted.
echo "== pg_regress"
make -s installcheck ISOLATION= >"$out/regress.log" 2>&1
count_regress "$out/regress.log" $? regression.diffs

echo "== isolation"
make -s installcheck REGRESS= >"$out/isolation.log" 2>&1
count_regress "$out/isolation.log" $? output_iso/regression.diffs

echo "== pgTAP"
PGOPTIONS="-c client_min_messages=warning" psql -qX -d postgres -c "DROP DATABASE IF EXISTS stokkel_tap" \
	-c 'CREATE DATABASE stokkel_tap' >/dev/null
psql -qX -d stokkel_tap -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION stokkel' >/dev/null
pg_prove -v -d stokkel_tap test/pgtap/*.sql >"$out/pgtap.log" 2>&1
rc=$?
grep -vE '^[[:space:]]*ok [0-9]+' "$out/pgtap.log"
count_tap "$out/pgtap.log" "$rc"

echo "== C unit tests"
prove -v test/unit/bin/* >"$out/unit.log" 2>&1
rc=$?
grep -vE '^[[:space:]]*ok [0-9]+' "$out/unit.log"
count_tap "$out/unit.log" "$rc"

echo "== exports (xlsx read back, SVG rendered by Chromium)"
sh test/export/test_export.sh >"$out/export.log" 2>&1
rc=$?
grep -vE '^[[:space:]]*ok [0-9]+' "$out/export.log"
count_tap "$out/export.log" "$rc"

echo "== pg_dump and pg_restore of a database using Stokkel"
sh test/dump/test_dump_restore.sh >"$out/dump.log" 2>&1
rc=$?
grep -vE '^[[:space:]]*ok [0-9]+' "$out/dump.log"
count_tap "$out/dump.log" "$rc"

echo "== docker init script and the README's HTTP examples"
sh test/docker/test_initdb.sh >"$out/docker.log" 2>&1
rc=$?
grep -vE '^[[:space:]]*ok [0-9]+' "$out/docker.log"
count_tap "$out/docker.log" "$rc"

# A crash anywhere above shows in the server log even if a suite missed it.
if grep -qE 'terminated by signal|server process .* was terminated' "$STOKKEL_SERVER_LOG" 2>/dev/null; then
	echo "server log shows a crashed backend:"
	grep -E 'terminated by signal' "$STOKKEL_SERVER_LOG"
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
