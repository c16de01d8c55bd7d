#!/bin/sh
# Stress, as TAP: for DURATION seconds, at once,
#   - hwbp_stress.ko: kthreads registering and unregistering kernel
#     breakpoints at mixed priorities (evicting each other) and migrating;
#   - the ptrace fuzzer, privileged tracers, tracees moved to a random CPU
#     at every resume (its model checks every trap and DR6), in a loop;
#   - the perf fuzzer, with a module's breakpoints coming and going, in a loop;
#   - CPU hotplug: a random CPU but 0 offline then online, in a loop;
#   - kgdbts once, half way (hotplug and the fuzzers pause meanwhile);
# then kmemleak (debug kernels: a DEBUG=1 make stress).  The console is checked for splats by the
# host (scripts/summarize.py).
# Usage: stress.sh DURATION SEED; hwbp.stress=DURATION:SEED on the kernel
# command line (make stress) overrides both.
. /hwbp/tests/tap.sh
duration=$1
seed=$2
for arg in $(cat /proc/cmdline); do
	case $arg in
	hwbp.stress=*)
		v=${arg#hwbp.stress=}
		duration=${v%%:*}
		seed=${v#*:}
		;;
	esac
done
bp=/hwbp/selftests/breakpoints
ncpus=$(nproc --all)
start=$(date +%s)
end=$((start + duration))
dir=/tmp/stress
rm -rf "$dir"
mkdir -p "$dir"
tap_diag "stress: $duration s, seed $seed, $ncpus CPUs"

# loop NAME CMD...: run CMD until the end, count runs and failures.
loop() {
	name=$1
	shift
	runs=0 fails=0 s=$seed
	while [ "$(date +%s)" -lt "$end" ]; do
		# Not while kgdbts runs: kgdb takes registers from everyone.
		if [ -e "$dir/pause" ]; then
			sleep 1
			continue
		fi
		touch "$dir/$name.running"
		if ! STRESS_SEED=$s "$@" >"$dir/$name.last" 2>&1; then
			fails=$((fails + 1))
			cp "$dir/$name.last" "$dir/$name.fail.$s"
		fi
		runs=$((runs + 1))
		s=$((s + 100))
		echo "$runs $fails" >"$dir/$name.count"
		rm -f "$dir/$name.running"
	done
}

# ptrace_run BINARY: one ptrace fuzzer run (64-bit or ia32 build).
ptrace_run() {
	PTRACE_FUZZ_SEED=$STRESS_SEED PTRACE_FUZZ_OPS=5000 PTRACE_FUZZ_STRESS=1 "$bp/$1"
}
perf_run() {
	BREAKPOINT_FUZZ_SEED=$STRESS_SEED BREAKPOINT_FUZZ_OPS=10000 BREAKPOINT_FUZZ_BUSY=1 \
		"$bp/breakpoint_fuzz"
}

hotplug_loop() {
	cycles=0 fails=0 n=$seed
	[ "$ncpus" -gt 1 ] || return 0
	while [ "$(date +%s)" -lt "$end" ]; do
		if [ -e "$dir/pause" ]; then
			sleep 1
			continue
		fi
		n=$(((n * 1103515245 + 12345) % 2147483648))
		cpu=$((1 + n % (ncpus - 1)))
		f=/sys/devices/system/cpu/cpu$cpu/online
		echo 0 >"$f" || fails=$((fails + 1))
		echo 1 >"$f" || fails=$((fails + 1))
		cycles=$((cycles + 1))
		echo "$cycles $fails" >"$dir/hotplug.count"
	done
}

insmod /hwbp/modules/hwbp_stress.ko nthreads=2
module_rc=$?
loop ptrace ptrace_run ptrace_fuzz &
loop ptrace32 ptrace_run ptrace_fuzz_32 &
loop perf perf_run &
hotplug_loop &

# kgdbts half way, with the CPUs steady and the fuzzers between runs: kgdb
# outranks every breakpoint (ptrace's too), which would fail their models.
# The module's churn goes on.
sleep $((duration / 2))
touch "$dir/pause"
while ls "$dir"/*.running >/dev/null 2>&1; do sleep 1; done
sh /hwbp/tests/kgdbts.sh >"$dir/kgdbts.out" 2>&1
kgdbts_rc=$?
[ "$kgdbts_rc" = 0 ] || sed 's/^/# kgdbts: /' "$dir/kgdbts.out"
rm -f "$dir/pause"
wait

stats=$(cat /sys/kernel/debug/hwbp_stress 2>/dev/null)
rmmod hwbp_stress
rmmod_rc=$?
echo "$stats" | sed 's/^/# hwbp_stress: /'
for name in ptrace ptrace32 perf hotplug; do
	tap_diag "$name: $(cat "$dir/$name.count" 2>/dev/null) (runs or cycles, failures)"
done
for f in "$dir"/*.fail.*; do
	[ -e "$f" ] || continue
	tap_diag "failed: $f"
	grep -v '^ok\|^#  *\(RUN\|OK\)' "$f" | head -20 | sed 's/^/#   | /'
done
count_ok() { set -- $(cat "$dir/$1.count" 2>/dev/null); [ "${1:-0}" -gt 0 ] && [ "${2:-1}" = 0 ]; }
offline=$(cat /sys/devices/system/cpu/offline)

leak=/sys/kernel/debug/kmemleak
if [ -w "$leak" ]; then
	# Two scans: an object must look unreferenced twice to be reported.
	echo scan >"$leak"; sleep 5; echo scan >"$leak"
	leaks=$(grep -c "^unreferenced object" "$leak")
	[ "$leaks" = 0 ] || sed 's/^/# /' "$leak" | head -60
fi

plan=7
[ -w "$leak" ] && plan=8
tap_plan $plan
tap_check "hwbp_stress: loaded, $(stress_stat iterations) iterations, $(stress_stat evictions) evictions, unloaded" \
	sh -c "[ $module_rc = 0 ] && [ $rmmod_rc = 0 ] && [ '$(stress_stat iterations)' -gt 0 ]"
tap_check "hwbp_stress: no lost hit of an armed kernel breakpoint, no error ($(stress_stat extra) extra hits: TCG)" \
	sh -c "[ '$(stress_stat lost)' = 0 ] && [ '$(stress_stat errors)' = 0 ]"
tap_check "ptrace fuzzer (64-bit), migrating tracees: every run passed" count_ok ptrace
tap_check "ptrace fuzzer (ia32), migrating tracees: every run passed" count_ok ptrace32
tap_check "perf fuzzer with kernel breakpoints coming and going: every run passed" count_ok perf
if [ "$ncpus" -gt 1 ]; then
	tap_check "CPU hotplug: every offline and online worked, all CPUs back (offline: '$offline')" \
		sh -c "count_ok() { set -- \$(cat $dir/hotplug.count); [ \$1 -gt 0 ] && [ \$2 = 0 ]; }; count_ok && [ -z '$offline' ]"
else
	tap_skip "CPU hotplug" "one CPU"
fi
if [ -e /proc/lockdep ]; then
	tap_skip "kgdbts half way through" "lockdep kernel: see kgdb/kgdbts"
else
	tap_check "kgdbts half way through" [ "$kgdbts_rc" = 0 ]
fi
[ ! -w "$leak" ] || tap_check "kmemleak reports no leaks" [ "$leaks" = 0 ]
tap_done
