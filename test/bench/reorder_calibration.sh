#!/bin/sh
# Calibration benchmark of the stock optimiser (issue 5): builds
# test/bench/reorder_calibration.c against the numerical core and runs it
# (synthetic panel with known distributions + the M5 subset), printing
# Markdown tables for BENCHMARKS.md.  Arguments go to the program, e.g.
#   test/bench/reorder_calibration.sh --lost-sales
#   test/bench/reorder_calibration.sh --items 50 --m5 none     (quick)
set -e
cd "$(dirname "$0")/../.."
bin=${TMPDIR:-/tmp}/reorder_calibration.$$
cc -O2 -ffp-contract=off -Isrc/core test/bench/reorder_calibration.c src/core/[a-z]*.c \
   $(pkg-config --cflags --libs gsl 2>/dev/null || echo -lgsl -lgslcblas) -lhpdf -lm -o "$bin"
trap 'rm -f "$bin"' EXIT
"$bin" "$@"
