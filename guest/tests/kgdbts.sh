#!/bin/sh
# kgdb's in-tree self-test (drivers/misc/kgdbts.c), with user space up.
# The test boot registers kgdboc on the spare ttyS2 (kgdboc=ttyS2), so every
# suite runs with a kgdb I/O driver in place: a #DB or oops that kgdb takes
# for its own would stop the guest.  kgdbts needs the I/O driver slot for
# itself: kgdboc steps aside, kgdbts=V1F100 sets hardware breakpoints (an
# instruction breakpoint, a write and an access watchpoint) from debugger
# context, runs its software breakpoint and 1000-step single-step tests,
# then a breakpoint on kernel_clone() taken by 100 forks, and unregisters;
# then kgdboc comes back.  Any kgdbts failure is also a WARN on the console.
# On the series, a kthread meanwhile registers kernel breakpoints and writes
# their variables (hwbp_stress.ko): kgdb's stops on every CPU must not cost
# it a hit (each roundup NMI reloads the registers on its way out).
. /hwbp/tests/tap.sh
kgdbts=/sys/module/kgdbts/parameters/kgdbts
kgdboc=/sys/module/kgdboc/parameters/kgdboc
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

stress=/hwbp/modules/hwbp_stress.ko
tap_plan 6
dmesg | grep -E 'kgdb|KGDB' | sed 's/^/# boot: /'
tap_check "kgdboc registered on ttyS2 at boot" sh -c "dmesg | grep -q 'KGDB: Registered I/O driver kgdboc' && grep -qx ttyS2 $kgdboc"

# Upstream kgdb plants software breakpoints with text_poke() from int3
# context once the kernel text is read-only, and lockdep reports the page
# table lock taken there ("inconsistent lock state"), then turns itself off
# for every suite after this one: not on lockdep kernels.
if [ -e /proc/lockdep ]; then
	for t in "kgdbts=V1F100 accepted" "hardware breakpoint, watchpoint, software breakpoint and single-step tests pass" \
		"100 kernel_clone breakpoints taken, kgdbts unregistered" "kgdboc registered again" \
		"kernel breakpoints registered meanwhile lose no hit"; do
		tap_skip "$t" "lockdep kernel"
	done
	tap_done
fi

echo >$kgdboc
# Not when the stress suite, which runs this, has it loaded already.
stress_rc=
if [ -e $stress ] && [ ! -d /sys/module/hwbp_stress ]; then
	insmod $stress nthreads=1
	stress_rc=$?
fi
# What the kernel says from here on (a mark, not a line count: the ring
# buffer may have wrapped since boot).
mark="hwbp-kgdbts-$$-$(date +%s)"
echo "$mark" >/dev/kmsg
since_mark() { dmesg | sed -n "/$mark/,\$p"; }
echo V1F100 >$kgdbts
tap_check "kgdbts=V1F100 accepted" [ $? = 0 ]
# The kernel_clone test takes a breakpoint on each of the next 100 forks.
i=0
while ! since_mark | grep -q "$done_msg" && [ $i -lt 300 ]; do
	for j in 1 2 3 4 5; do /bin/true; done
	sleep 1
	i=$((i + 1))
done
since_mark >/tmp/kgdbts-run.log
grep -E 'kgdbts|KGDB' /tmp/kgdbts-run.log | sed 's/^/# /'
tap_check "hardware breakpoint, watchpoint, software breakpoint and single-step tests pass" \
	kgdbts_ran /tmp/kgdbts-run.log
tap_check "100 kernel_clone breakpoints taken, kgdbts unregistered" \
	sh -c "grep -q 'kgdbts:RUN kernel_clone for 100 breakpoints' /tmp/kgdbts-run.log &&
		grep -q '$done_msg' /tmp/kgdbts-run.log"
echo ttyS2 >$kgdboc
tap_check "kgdboc registered again" sh -c "grep -qx ttyS2 $kgdboc && dmesg | tail -n 3 | grep -q 'Registered I/O driver kgdboc'"
if [ -n "$stress_rc" ]; then
	stats=$(cat /sys/kernel/debug/hwbp_stress 2>/dev/null)
	echo "$stats" | sed 's/^/# hwbp_stress: /'
	rmmod hwbp_stress
	tap_diag "hwbp_stress: $(stress_stat iterations) iterations, $(stress_stat lost) hits lost"
	tap_check "kernel breakpoints registered meanwhile lose no hit" \
		sh -c "[ $stress_rc = 0 ] && [ '$(stress_stat iterations)' -gt 0 ] && [ '$(stress_stat lost)' = 0 ] && [ '$(stress_stat errors)' = 0 ]"
else
	tap_skip "kernel breakpoints registered meanwhile lose no hit" "no hardware breakpoint core, or the stress suite runs it"
fi
tap_done
