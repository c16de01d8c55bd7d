#!/bin/sh
# The benchmarks, in the guest (hwbp.mode=bench).  Every result is one line
#	HWBP-BENCH <name> <median> <min> <max> <unit>
# hwbp.runs=N on the kernel command line: repetitions of each (default 5).
runs=5
for arg in $(cat /proc/cmdline); do
	case $arg in hwbp.runs=*) runs=${arg#hwbp.runs=} ;; esac
done

# summarize NAME UNIT: one value per line on stdin -> the HWBP-BENCH line.
summarize() {
	sort -n | awk -v n="$1" -v u="$2" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "HWBP-BENCH-ERROR " n " no output"; exit }
			printf "HWBP-BENCH %s %.1f %.1f %.1f %s\n", n, v[int((NR + 1) / 2)], v[1], v[NR], u
		}'
}

/hwbp/hwbp_bench -r "$runs" || echo "HWBP-BENCH-ERROR hwbp_bench status $?"

# perf bench breakpoint thread (Debian's perf from the host root): threads
# created and joined while the process holds 4 inherited breakpoints, and
# with none for the baseline.
perf_thread() {
	i=0
	while [ $i -lt "$runs" ]; do
		chroot /host perf bench breakpoint thread -b "$2" -p 1 -t 10 2>&1 |
			awk '/usecs\/op$/ { print $1 }'
		i=$((i + 1))
	done | summarize "$1" us/op
}
perf_thread perf_thread_0bps 0
perf_thread perf_thread_4bps 4

# kbench NAME API: a kernel breakpoint registered and unregistered on every
# CPU, 200 times per run (bench/module).  Fails if the kernel lacks API.
kbench() {
	ko=/hwbp/modules/hwbp_kbench.ko
	insmod $ko api="$2" rounds=1 2>/dev/null || return 1
	rmmod hwbp_kbench
	i=0
	while [ $i -lt "$runs" ]; do
		insmod $ko api="$2" rounds=200 && rmmod hwbp_kbench
		i=$((i + 1))
	done
	dmesg | awk -v a="$2" '$(NF - 1) == a && /HWBP-KBENCH/ { print $NF }' |
		tail -n "$runs" | summarize "$1" ns/cycle
}
# The API each kernel offers for it: the core's, or perf's on stock.
kbench kbp_register core || kbench kbp_register wide
kbench kbp_wide wide
