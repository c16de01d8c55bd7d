#!/usr/bin/env bash
# Build the guest initramfs for one kernel variant: busybox, /init, the
# kselftests built from that variant's tree (static), the modules, and the
# list of suites the guest runs in test mode.
# Output: build/obj/<variant>/initramfs.cpio.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=$(variant_src)
OBJ=$(variant_obj)
STAGE=$OBJ/initramfs
BUSYBOX=/bin/busybox
# Requests per tracer process in make test's ptrace fuzzer runs (4
# tracers), and operations per process of each perf fuzzer run (2
# processes, 5 paranoid levels).
FUZZ_OPS=${FUZZ_OPS:-4000}
# make test's short stress run (guest/tests/stress.sh).
STRESS_SECONDS=${STRESS_SECONDS:-60}
# System calls of make test's trinity run (guest/tests/trinity.sh).
TRINITY_OPS=${TRINITY_OPS:-10000}

[ -f "$OBJ/arch/x86/boot/bzImage" ] || die "no kernel in $OBJ: run scripts/build-kernel.sh first"
file -L "$BUSYBOX" | grep -q 'statically linked' ||
	die "$BUSYBOX is not static: run 'make setup' (installs busybox-static)"

# Selftests as their own Makefiles build them, linked statically.
build_selftests() {
	kmake "$SRC" "$OBJ" -s headers
	make -s -C "$SRC/tools/testing/selftests" O="$OBJ" TARGETS=breakpoints \
		USERLDFLAGS=-static all
	local bp=$SRC/tools/testing/selftests/breakpoints
	# The same breakpoint_test at -O2: upstream's copy fails there because
	# its flag and watched variables are not volatile (see tests/expected-failures).
	cc_test breakpoint_test_O2 "$bp/breakpoint_test.c"
	# The series' ptrace test, also run on stock to compare, and as ia32
	# and x32 tracers (the compat ptrace paths).
	local series=$SRC_DIR/tools/testing/selftests/breakpoints/ptrace_debugreg.c
	[ -f "$series" ] || die "no $series: run 'make tree' first"
	cc_test ptrace_debugreg "$series" -lpthread
	CC=i686-linux-gnu-gcc cc_test ptrace_debugreg_32 "$series" -lpthread
	CC=x86_64-linux-gnux32-gcc cc_test ptrace_debugreg_x32 "$series" -lpthread
	# The series' ptrace fuzzer, with its model of the core's ptrace ABI
	# (patched only: stock refuses some writes the core accepts).
	if [ "${VARIANT:-patched}" = patched ]; then
		local fuzz=$SRC_DIR/tools/testing/selftests/breakpoints/ptrace_fuzz.c
		cc_test ptrace_fuzz "$fuzz"
		CC=i686-linux-gnu-gcc cc_test ptrace_fuzz_32 "$fuzz"
		CC=x86_64-linux-gnux32-gcc cc_test ptrace_fuzz_x32 "$fuzz"
	fi
	# MOV SS / POP SS with a watchpoint, then every kind of kernel entry
	# (CVE-2018-8897); it sets the watchpoint with ptrace and detaches.
	cc_test mov_ss_trap_64 "$SRC/tools/testing/selftests/x86/mov_ss_trap.c"
	CC=i686-linux-gnu-gcc cc_test mov_ss_trap_32 "$SRC/tools/testing/selftests/x86/mov_ss_trap.c"
	# perf's breakpoint events from user space: inherited, sigtrap, modify
	# attributes, enable/disable, across threads.  Without -O, as its own
	# Makefile builds it: at -O2 the compiler reuses signal_count across
	# the watched store and the "enabled for parent" checks fail on any
	# kernel.
	cc_test sigtrap_threads "$SRC/tools/testing/selftests/perf_events/sigtrap_threads.c" \
		-O0 -lpthread
	# The series' perf breakpoint-event tests, also run on stock to compare
	# (eviction needs the core's priorities).
	local t events=$SRC_DIR/tools/testing/selftests/perf_events
	for t in breakpoint_events breakpoint_eviction; do
		[ -f "$events/$t.c" ] || die "no $events/$t.c: run 'make tree' first"
		cc_test $t "$events/$t.c" -lpthread
	done
	# The series' perf fuzzer, with its model of the core's rules (patched only).
	[ "${VARIANT:-patched}" != patched ] || cc_test breakpoint_fuzz "$events/breakpoint_fuzz.c"
	# Debian's perf stat/record watch perf_target's variable: static and
	# not PIE, so its address is known before it runs.
	gcc -static -no-pie -O2 -Wall -o "$OBJ/perf_target" "$HWBP_TOP/guest/perf_target.c"
	nm "$OBJ/perf_target" | awk '$3 == "target" { sub(/^0+/, "", $1); print "0x" $1 }' \
		>"$OBJ/perf_target.addr"
	[ -s "$OBJ/perf_target.addr" ] || die "no symbol 'target' in $OBJ/perf_target"
	# A ptrace watchpoint across suspend to RAM, and across its CPU going
	# offline and online (both variants).
	gcc -static -O2 -Wall -o "$OBJ/resume_watch" "$HWBP_TOP/guest/resume_watch.c"
	# gdb's target: dynamic, it runs in the host root (chroot /host) with gdb.
	gcc -g -O0 -pthread -Wall -o "$OBJ/gdb_target" "$HWBP_TOP/guest/gdb/gdb_target.c"
	# The benchmarks; their module only for make bench (BENCH=1: it needs
	# the core's public API, which patches before the switch-over lack).
	# It is built in a copy: kbuild writes an external module's objects
	# next to its sources.
	gcc -static -O2 -Wall -o "$OBJ/hwbp_bench" "$HWBP_TOP/bench/hwbp_bench.c"
	gcc -static -O2 -Wall -o "$OBJ/hwbp_mark" "$HWBP_TOP/bench/hwbp_mark.c"
	# The stress test's kernel breakpoint churn (patched only: the core's API).
	rm -rf "$OBJ/stress-module"
	if [ "${VARIANT:-patched}" = patched ]; then
		cp -r "$HWBP_TOP/stress/module" "$OBJ/stress-module"
		kmake "$SRC" "$OBJ" -s M="$OBJ/stress-module" modules
	fi
	rm -rf "$OBJ/bench-module"
	if [ "${BENCH:-0}" = 1 ]; then
		cp -r "$HWBP_TOP/bench/module" "$OBJ/bench-module"
		cp "$HWBP_TOP/bench/hwbp_mark.h" "$OBJ/bench-module/"
		kmake "$SRC" "$OBJ" -s M="$OBJ/bench-module" modules
	fi
}

# [CC=compiler] cc_test NAME [gcc args...]: one static test binary, against
# the variant's headers.
cc_test() {
	local name=$1
	shift
	"${CC:-gcc}" -static -O2 -Wall -I"$OBJ/usr/include" -I"$SRC/tools/include" \
		-o "$OBJ/kselftest/breakpoints/$name" "$@"
}

suites() {
	cat <<-EOF
	# name command (run from /tmp, 600 s limit each)
	rig/guest sh /hwbp/tests/rig.sh
	kgdb/kgdbts sh /hwbp/tests/kgdbts.sh
	breakpoints/breakpoint_test /hwbp/selftests/breakpoints/breakpoint_test
	breakpoints/breakpoint_test_O2 /hwbp/selftests/breakpoints/breakpoint_test_O2
	breakpoints/step_after_suspend_test /hwbp/selftests/breakpoints/step_after_suspend_test -n
	samples/hw_breakpoint sh /hwbp/tests/sample_hw_breakpoint.sh
	perf/breakpoint sh /hwbp/tests/perf_breakpoint.sh
	EOF
	[ "${VARIANT:-patched}" = stock ] ||
		echo "samples/watch_symbol sh /hwbp/tests/watch_symbol.sh"
	# The series' ptrace test on both variants (its kernel_bp cases need the
	# core's sample module and skip on stock).
	local t ko="env WATCH_SYMBOL_KO=/hwbp/modules/watch_symbol.ko"
	for t in ptrace_debugreg ptrace_debugreg_32 ptrace_debugreg_x32; do
		echo "breakpoints/$t $ko /hwbp/selftests/breakpoints/$t"
	done
	# A bounded run of the ptrace fuzzer (make stress runs it long).
	if [ "${VARIANT:-patched}" = patched ]; then
		for t in ptrace_fuzz ptrace_fuzz_32 ptrace_fuzz_x32; do
			echo "breakpoints/$t env PTRACE_FUZZ_OPS=$FUZZ_OPS /hwbp/selftests/breakpoints/$t"
		done
	fi
	echo "x86/mov_ss_trap_64 sh /hwbp/tests/mov_ss_trap.sh 64"
	echo "x86/mov_ss_trap_32 sh /hwbp/tests/mov_ss_trap.sh 32"
	echo "perf_events/sigtrap_threads /hwbp/selftests/breakpoints/sigtrap_threads"
	echo "perf_events/breakpoint_events /hwbp/selftests/breakpoints/breakpoint_events"
	echo "perf_events/breakpoint_eviction /hwbp/selftests/breakpoints/breakpoint_eviction"
	[ "${VARIANT:-patched}" != patched ] ||
		echo "perf_events/breakpoint_fuzz sh /hwbp/tests/perf_fuzz.sh $FUZZ_OPS"
	echo "gdb/session sh /hwbp/tests/gdb_session.sh"
	# Debian's system-call fuzzer on the calls that reach this code.  Like
	# gdb, from the host root: before the suspend suites, after which the
	# guest's virtio-9p mount of it no longer answers.
	echo "fuzz/trinity sh /hwbp/tests/trinity.sh $TRINITY_OPS 1"
	# Suspend to RAM with breakpoints armed (S3 under QEMU, RTC wake-up).
	echo "suspend/kernel_watchpoint sh /hwbp/tests/suspend.sh"
	echo "suspend/ptrace_watchpoint /hwbp/resume_watch suspend 3"
	# CPU 1 offline and online under a stopped tracee's watchpoint.
	echo "hotplug/ptrace_watchpoint /hwbp/resume_watch hotplug 1"
	# A short stress (make stress runs it long): everything at once.
	[ "${VARIANT:-patched}" != patched ] ||
		echo "stress/all sh /hwbp/tests/stress.sh $STRESS_SECONDS 1"
	# Last, so it sees whatever the other suites leaked.
	[ "${DEBUG:-0}" = 1 ] && echo "debug/kmemleak sh /hwbp/tests/kmemleak.sh"
	return 0
}

stage() {
	rm -rf "$STAGE"
	mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,tmp,host,hwbp/modules,hwbp/selftests}
	cp "$BUSYBOX" "$STAGE/bin/busybox"
	install -m 755 "$HWBP_TOP/guest/init" "$STAGE/init"
	cp "$HWBP_TOP/guest/demo.sh" "$STAGE/hwbp/"
	cp -r "$HWBP_TOP/guest/tests" "$STAGE/hwbp/tests"
	cp -r "$OBJ/kselftest/breakpoints" "$STAGE/hwbp/selftests/"
	cp "$OBJ/gdb_target" "$OBJ/hwbp_bench" "$OBJ/hwbp_mark" "$OBJ/perf_target" \
		"$OBJ/perf_target.addr" "$OBJ/resume_watch" "$STAGE/hwbp/"
	cp "$HWBP_TOP/guest/bench.sh" "$STAGE/hwbp/"
	find "$OBJ" -path "$STAGE" -prune -o -name '*.ko' -exec cp {} "$STAGE/hwbp/modules/" \;
	suites >"$STAGE/hwbp/suites"
	(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$OBJ/initramfs.cpio.gz"
}

build_logged() { build_selftests >"$OBJ/selftests.log" 2>&1; }
step "Building selftests for $(variant_name) (log: $OBJ/selftests.log)" build_logged ||
	{ tail -n 20 "$OBJ/selftests.log" >&2; die "selftest build failed; see $OBJ/selftests.log"; }
step "Packing initramfs $OBJ/initramfs.cpio.gz" stage
