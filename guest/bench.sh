#!/bin/sh
# The benchmarks, in the guest (hwbp.mode=bench).  Every result is one line
#	HWBP-BENCH <name> <median> <min> <max> <unit>
# and each run's measured part, marked for the rig's QEMU plugin (which
# counts instructions and debug-register accesses in it), one line
#	HWBP-PHASE <name> <operations> <function-call IPIs> <reschedule IPIs>
# in the order they ran.
# hwbp.runs=N on the kernel command line: repetitions of each (default 5);
# hwbp.bench=NAME,NAME...: only those benchmarks (default all).
runs=5
only=
for arg in $(cat /proc/cmdline); do
	case $arg in
	hwbp.runs=*) runs=${arg#hwbp.runs=} ;;
	hwbp.bench=*) only=$(echo "${arg#hwbp.bench=}" | tr , ' ') ;;
	esac
done

# wanted NAME: is NAME to run?
wanted() {
	[ -z "$only" ] && return 0
	for w in $only; do [ "$w" = "$1" ] && return 0; done
	return 1
}

# summarize NAME UNIT: one value per line on stdin -> the HWBP-BENCH line.
summarize() {
	sort -n | awk -v n="$1" -v u="$2" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "HWBP-BENCH-ERROR " n " no output"; exit }
			printf "HWBP-BENCH %s %.1f %.1f %.1f %s\n", n, v[int((NR + 1) / 2)], v[1], v[NR], u
		}'
}

# shellcheck disable=SC2086 # $only: names, one word each
/hwbp/hwbp_bench -r "$runs" $only || echo "HWBP-BENCH-ERROR hwbp_bench status $?"

# ipis: "<function-call> <reschedule>" IPIs so far, all CPUs.
ipis() {
	awk '$1 == "CAL:" || $1 == "RES:" {
		s = 0
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i
		n[$1] = s
	} END { print n["CAL:"] + 0, n["RES:"] + 0 }' /proc/interrupts
}

# perf_bench NAME OPS ARGS...: "perf bench ARGS" (Debian's perf from the
# host root), one measured part per run counting OPS operations; on CPU
# $pin only if that is set (taskset).
perf_bench() {
	name=$1
	ops=$2
	shift 2
	i=0
	while [ $i -lt "$runs" ]; do
		before=$(ipis)
		/hwbp/hwbp_mark begin
		out=$(chroot /host ${pin:+taskset -c "$pin"} perf bench "$@" 2>&1)
		/hwbp/hwbp_mark end
		after=$(ipis)
		echo "$out" | awk '/usecs\/op$/ { print $1 }' >>/tmp/perf_bench.$$
		echo "$before $after" | awk -v n="$name" -v ops="$ops" '{
			printf "HWBP-PHASE %s %d %d %d\n", n, ops, $3 - $1, $4 - $2
		}'
		i=$((i + 1))
	done
	summarize "$name" us/op </tmp/perf_bench.$$
	rm -f /tmp/perf_bench.$$
}

# perf bench breakpoint thread: threads created and joined while the
# process holds 4 inherited breakpoints, and with none for the baseline.
# 50 repeats x 10 threads: 500 operations.  Pinned to the last CPU: spread
# over two, the runs differ by up to 20% with the scheduler's placement
# and the TLB shootdowns it brings (10-2300 IPIs a run), on either kernel.
pin=$(($(grep -c '^processor' /proc/cpuinfo) - 1))
wanted perf_thread_0bps && perf_bench perf_thread_0bps 500 -r 50 breakpoint thread -b 0 -p 1 -t 10
wanted perf_thread_4bps && perf_bench perf_thread_4bps 500 -r 50 breakpoint thread -b 4 -p 1 -t 10
pin=

# named NAME: was NAME asked for by name (hwbp.bench=)?  The scale runs are
# too slow for the default set: make scale asks for them.
named() {
	for w in $only; do [ "$w" = "$1" ] && return 0; done
	return 1
}

# Elver's anchor (2022: 236 s -> 0.067 s on 256 CPUs with -p 64 -t 64):
# 16 x 64 threads created and joined, each inheriting 4 breakpoints; and a
# breakpoint enabled and disabled while 64 threads hold inherited copies.
# One operation each: the whole command.
named scale_thread && perf_bench scale_thread 1 -r 1 breakpoint thread -b 4 -p 16 -t 64
named scale_enable && perf_bench scale_enable 1 -r 100 breakpoint enable -p 64

# kbench NAME API: a kernel breakpoint registered and unregistered on every
# CPU, 200 times per run (bench/module).  Fails if the kernel lacks API.
kbench() {
	ko=/hwbp/modules/hwbp_kbench.ko
	echo "kbench $1" >/dev/kmsg
	insmod $ko api="$2" rounds=1 name=probe 2>/dev/null || return 1
	rmmod hwbp_kbench
	i=0
	while [ $i -lt "$runs" ]; do
		insmod $ko api="$2" rounds=200 name="$1" && rmmod hwbp_kbench
		i=$((i + 1))
	done
	# This benchmark's lines, after the mark (the probe's run first).
	dmesg | awk -v m="kbench $1" 'index($0, m) { on = 1 } on' >/tmp/kbench.$$
	sed -n 's/.*\(HWBP-PHASE .*\)/\1/p' /tmp/kbench.$$
	awk -v a="$2" '$(NF - 1) == a && /HWBP-KBENCH/ { print $NF }' /tmp/kbench.$$ |
		tail -n "$runs" | summarize "$1" ns/cycle
	rm -f /tmp/kbench.$$
}
# The API each kernel offers for it: the core's, or perf's on stock.
if wanted kbp_register; then
	kbench kbp_register core || kbench kbp_register wide
fi
wanted kbp_wide && kbench kbp_wide wide

# kbench_beside N: kbp_register beside N processes holding one watchpoint
# each (make scale).  A kernel registration moves at most those owners
# whose breakpoints sit where it takes a register: here none, so its cost
# must not grow with N.
kbench_beside() {
	named "kbp_register_$1" || return 0
	/hwbp/hwbp_bench -H "$1" >/tmp/hold.$$ &
	holder=$!
	until grep -q HWBP-HOLDING /tmp/hold.$$; do
		kill -0 $holder 2>/dev/null || { echo "HWBP-BENCH-ERROR kbp_register_$1 holder died"; return 0; }
		sleep 1
	done
	kbench "kbp_register_$1" core || kbench "kbp_register_$1" wide
	kill -TERM $holder
	wait $holder
	rm -f /tmp/hold.$$
}
kbench_beside 1
kbench_beside 100
kbench_beside 1000
