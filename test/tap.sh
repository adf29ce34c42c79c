# Shared by the shell test suites (sourced from the repository's top, after
# `cd "$top"`): the private cluster's environment, a results folder, and
# TAP counting.
#
#   tap_begin NAME          results go to $out = results/NAME (emptied first)
#   ok STATUS DESCRIPTION   one TAP line: "ok" when STATUS is 0
#   tap_end                 the plan line; fails if any check failed
eval "$(test/cluster.sh env)"
n=0
failed=0
tap_begin() {
	out="$top/results/$1"
	rm -rf "$out"
	mkdir -p "$out"
}
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
tap_end() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
