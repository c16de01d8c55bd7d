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

[ -f "$OBJ/arch/x86/boot/bzImage" ] || die "no kernel in $OBJ: run scripts/build-kernel.sh first"
file -L "$BUSYBOX" | grep -q 'statically linked' ||
	die "$BUSYBOX is not static: run 'make setup' (installs busybox-static)"

# Selftests as their own Makefiles build them, linked statically.
build_selftests() {
	kmake "$SRC" "$OBJ" -s headers
	make -s -C "$SRC/tools/testing/selftests" O="$OBJ" TARGETS=breakpoints \
		USERLDFLAGS=-static all
	# The same breakpoint_test at -O2: upstream's copy fails there because
	# its flag and watched variables are not volatile (see tests/expected-failures).
	gcc -static -O2 -Wall -I"$OBJ/usr/include" -I"$SRC/tools/include" \
		-o "$OBJ/kselftest/breakpoints/breakpoint_test_O2" \
		"$SRC/tools/testing/selftests/breakpoints/breakpoint_test.c"
}

suites() {
	cat <<-EOF
	# name command (run from /tmp, 600 s limit each)
	rig/guest sh /hwbp/tests/rig.sh
	breakpoints/breakpoint_test /hwbp/selftests/breakpoints/breakpoint_test
	breakpoints/breakpoint_test_O2 /hwbp/selftests/breakpoints/breakpoint_test_O2
	breakpoints/step_after_suspend_test /hwbp/selftests/breakpoints/step_after_suspend_test -n
	samples/hw_breakpoint sh /hwbp/tests/sample_hw_breakpoint.sh
	perf/breakpoint sh /hwbp/tests/perf_breakpoint.sh
	EOF
	[ "${VARIANT:-patched}" = stock ] ||
		echo "samples/watch_symbol sh /hwbp/tests/watch_symbol.sh"
	# The series' own selftests (not in the stock tree).
	[ ! -x "$OBJ/kselftest/breakpoints/ptrace_debugreg" ] ||
		echo "breakpoints/ptrace_debugreg /hwbp/selftests/breakpoints/ptrace_debugreg"
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
	find "$OBJ" -path "$STAGE" -prune -o -name '*.ko' -exec cp {} "$STAGE/hwbp/modules/" \;
	suites >"$STAGE/hwbp/suites"
	(cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$OBJ/initramfs.cpio.gz"
}

build_logged() { build_selftests >"$OBJ/selftests.log" 2>&1; }
step "Building selftests for $(variant_name) (log: $OBJ/selftests.log)" build_logged ||
	{ tail -n 20 "$OBJ/selftests.log" >&2; die "selftest build failed; see $OBJ/selftests.log"; }
step "Packing initramfs $OBJ/initramfs.cpio.gz" stage
