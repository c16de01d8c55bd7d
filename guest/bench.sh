#!/bin/sh
# The benchmarks, in the guest (hwbp.mode=bench).  Every result is one line
#	HWBP-BENCH <name> <median> <min> <max> <unit>
# RUNS (kernel command line hwbp.runs=N) repetitions each.
runs=5
for arg in $(cat /proc/cmdline); do
	case $arg in hwbp.runs=*) runs=${arg#hwbp.runs=} ;; esac
done

/hwbp/hwbp_bench -r "$runs" || echo "HWBP-BENCH-ERROR hwbp_bench status $?"

# perf bench breakpoint thread (Debian's perf from the host root): threads
# created and joined while the process holds 4 inherited breakpoints, and
# with none for the baseline.  One line per configuration, as above.
perf_thread() {
	name=$1 bps=$2 i=0
	while [ $i -lt "$runs" ]; do
		chroot /host perf bench breakpoint thread -b "$bps" -p 1 -t 10 2>&1 |
			awk '/usecs\/op$/ { print $1 }'
		i=$((i + 1))
	done | sort -n | awk -v n="$name" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "HWBP-BENCH-ERROR " n " no output"; exit }
			printf "HWBP-BENCH %s %.1f %.1f %.1f us/op\n", n, v[int((NR + 1) / 2)], v[1], v[NR]
		}'
}
perf_thread perf_thread_0bps 0
perf_thread perf_thread_4bps 4
