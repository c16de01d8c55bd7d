#!/bin/sh
# kgdb's in-tree self-test (drivers/misc/kgdbts.c).  The test boot passes
# kgdbts=V1: at boot, kgdb sets hardware breakpoints (an instruction
# breakpoint, a write and an access watchpoint) from debugger context, then
# runs its software breakpoint and single-step tests.  Here, with user space
# up, the same tests run again through the module parameter with F100: a
# breakpoint on kernel_clone() taken by 100 forks, after which kgdbts
# unregisters.  Any kgdbts failure is also a WARN on the console.
. /hwbp/tests/tap.sh
param=/sys/module/kgdbts/parameters/kgdbts
done_msg='Unregistered I/O driver kgdbts'

# kgdbts_ran LOG: every test kgdbts announces, and no error.
kgdbts_ran() {
	for t in "hw breakpoint test" "hw write breakpoint test" \
		"access write breakpoint test" "plant and detach test" \
		"sw breakpoint test" "bad memory access test" \
		"singlestep test 1000 iterations"; do
		grep -q "kgdbts:RUN $t" "$1" || { tap_diag "missing: kgdbts:RUN $t"; return 1; }
	done
	! grep -E 'kgdbts|KGDB' "$1" | grep -Ei 'error|mismatch|fail'
}

tap_plan 5
dmesg >/tmp/kgdbts-boot.log
grep -E 'kgdbts|KGDB' /tmp/kgdbts-boot.log | sed 's/^/# boot: /'
tap_check "kgdbts registered at boot (kgdbts=V1)" grep -q 'Registered I/O driver kgdbts' /tmp/kgdbts-boot.log
tap_check "boot: hardware breakpoint, watchpoint, software breakpoint and single-step tests pass" \
	kgdbts_ran /tmp/kgdbts-boot.log

# Upstream kgdb plants software breakpoints with text_poke() from int3
# context once the kernel text is read-only, and lockdep reports the page
# table lock taken there ("inconsistent lock state"), then turns itself off
# for every suite after this one: on lockdep kernels, boot tests only.
if [ -e /proc/lockdep ]; then
	for t in "runtime: kgdbts=V1F100 accepted" "runtime: the same tests pass again" \
		"runtime: 100 kernel_clone breakpoints taken, kgdbts unregistered"; do
		tap_skip "$t" "lockdep kernel"
	done
	tap_done
fi

lines=$(dmesg | wc -l)
echo V1F100 >$param
tap_check "runtime: kgdbts=V1F100 accepted" [ $? = 0 ]
# The kernel_clone test takes a breakpoint on each of the next 100 forks.
i=0
while ! dmesg | tail -n +$((lines + 1)) | grep -q "$done_msg" && [ $i -lt 300 ]; do
	for j in 1 2 3 4 5; do /bin/true; done
	sleep 1
	i=$((i + 1))
done
dmesg | tail -n +$((lines + 1)) >/tmp/kgdbts-run.log
grep -E 'kgdbts|KGDB' /tmp/kgdbts-run.log | sed 's/^/# runtime: /'
tap_check "runtime: the same tests pass again" kgdbts_ran /tmp/kgdbts-run.log
tap_check "runtime: 100 kernel_clone breakpoints taken, kgdbts unregistered" \
	sh -c "grep -q 'kgdbts:RUN kernel_clone for 100 breakpoints' /tmp/kgdbts-run.log &&
		grep -q '$done_msg' /tmp/kgdbts-run.log"
tap_done
