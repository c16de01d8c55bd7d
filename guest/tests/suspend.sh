#!/bin/sh
# Suspend to RAM (ACPI S3, woken by the RTC alarm) with a kernel watchpoint
# armed: after resume it still fires on CPU 0, the boot CPU, which resume
# does not bring up through CPU hotplug, and on the others, which it does.
# With the series the watchpoint is the core's (samples/watch_symbol on
# warn_limit); stock has only perf's wide breakpoint (the upstream sample on
# panic_timeout), whose per-CPU events perf drops when their CPU goes
# offline.  The ptrace side is /hwbp/resume_watch (its own suite).
. /hwbp/tests/tap.sh
alarm=/sys/class/rtc/rtc0/wakealarm
if [ -e /hwbp/modules/watch_symbol.ko ]; then
	module=watch_symbol ksym=warn_limit proc=/proc/sys/kernel/warn_limit value=7
	param=addr=$(ksym_addr $ksym)
	hit_msg="warn_limit accessed by"
else
	module=data_breakpoint ksym=panic_timeout proc=/proc/sys/kernel/panic value=-1
	param=ksym=$ksym
	hit_msg="panic_timeout value is changed"
fi
hits() { dmesg | grep -c "$hit_msg"; }
# suspend_to_ram SECONDS: S3 until the RTC alarm wakes the guest.
suspend_to_ram() { echo 0 >$alarm && echo "+$1" >$alarm && echo mem >/sys/power/state; }

tap_plan 5
# KCSAN_SUSPEND: on a KCSAN kernel, resume from S3 dies before any console
# output, on stock too: __restore_processor_state() (arch/x86/power/cpu.c,
# unchanged by the series) is instrumented, and its __tsan_read*() calls
# run before it restores MSR_GS_BASE, so the per-CPU access faults with no
# IDT loaded and the machine triple-faults.
if [ -e /sys/kernel/debug/kcsan ]; then
	for t in 1 2 3 4 5; do
		tap_skip "suspend step $t" "KCSAN kernel: resume faults before %gs is restored"
	done
	tap_done
fi
tap_check "the guest can suspend to RAM (mem in /sys/power/state, an RTC)" \
	sh -c "grep -qw mem /sys/power/state && [ -e $alarm ]"
tap_check "insmod $module $param ($ksym)" insmod /hwbp/modules/$module.ko $param
old=$(cat $proc)
tap_check "suspend to RAM and resume (woken by the RTC alarm)" suspend_to_ram 3
hit0=0 others=ok
for cpu in $(seq 0 $(($(nproc) - 1))); do
	before=$(hits)
	taskset -c "$cpu" sh -c "echo $value >$proc"
	n=$(($(hits) - before))
	tap_diag "CPU $cpu: a write after resume triggered $n time(s)"
	if [ "$cpu" = 0 ]; then
		hit0=$n
	elif [ "$n" != 1 ]; then
		others=bad
	fi
done
tap_check "after resume, a write on CPU 0 triggers exactly once" [ "$hit0" = 1 ]
tap_check "after resume, a write on every other CPU triggers exactly once" [ "$others" = ok ]
echo "$old" >$proc
rmmod $module
tap_done
