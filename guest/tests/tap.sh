# Minimal TAP producer for the guest's shell tests.  Source it, call
# tap_plan N, then ok/not_ok per test, and exit with tap_done.
tap_n=0
tap_failed=0
tap_plan() { echo "TAP version 13"; echo "1..$1"; }
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n $*"; }
tap_not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n $*"; }
tap_skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n $1 # SKIP ${2:-}"; }
# tap_check "description" command...: ok if the command succeeds.
tap_check() {
	local desc=$1
	shift
	if "$@"; then tap_ok "$desc"; else tap_not_ok "$desc"; fi
}
tap_diag() { echo "# $*"; }
# ksym_addr NAME: NAME's address from /proc/kallsyms (root sees it), 0x...
ksym_addr() { awk -v s="$1" '$3 == s { print "0x" $1; exit }' /proc/kallsyms; }
# stress_stat KEY: KEY's value in $stats, a copy of hwbp_stress's debugfs file.
stress_stat() { echo "$stats" | awk -v k="$1" '$1 == k { print $2 }'; }
tap_done() { [ "$tap_failed" -eq 0 ]; exit $?; }
