#!/bin/sh
# The series' perf breakpoint fuzzer (selftests/perf_events/breakpoint_fuzz)
# at every perf_event_paranoid level, as TAP: its unprivileged process
# meets each level's rules (3 is Debian's: no perf without privilege).
# Usage: perf_fuzz.sh OPS [SEED]
. /hwbp/tests/tap.sh
ops=$1
seed=${2:-1}
knob=/proc/sys/kernel/perf_event_paranoid
saved=$(cat "$knob")
levels="2 1 0 -1 3"

tap_plan 5
for level in $levels; do
	echo "$level" >"$knob"
	out=/tmp/perf_fuzz.$level.out
	BREAKPOINT_FUZZ_SEED=$seed BREAKPOINT_FUZZ_OPS=$ops \
		/hwbp/selftests/breakpoints/breakpoint_fuzz >"$out" 2>&1
	rc=$?
	grep 'breakpoint_fuzz\|seed' "$out" | sed 's/^#* */# /'
	# A failure: the last 48 operations that led to it and what diverged.
	[ "$rc" = 0 ] || tail -n 70 "$out" | sed 's/^/#   | /'
	tap_check "perf_event_paranoid $level: seed $seed, $ops operations per process, model holds" \
		[ "$rc" = 0 ]
	seed=$((seed + 2))
done
echo "$saved" >"$knob"
tap_done
