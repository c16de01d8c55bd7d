#!/bin/sh
# make run: the sample module catches a write to a kernel variable.
ksym=panic_timeout
say() { echo; echo "hwbp demo: $*"; }
say "kernel $(uname -r), $(nproc) CPUs"
say "insmod data_breakpoint ksym=$ksym (a write watchpoint on every CPU)"
insmod /hwbp/modules/data_breakpoint.ko ksym=$ksym || exit 1
say "writing $ksym through /proc/sys/kernel/panic; the hit and its stack trace follow"
echo -1 >/proc/sys/kernel/panic
sleep 1
say "rmmod data_breakpoint"
rmmod data_breakpoint
if dmesg | grep -q "$ksym value is changed"; then
	say "the watchpoint caught the write: OK"
	exit 0
fi
say "no hit was reported: FAILED"
exit 1
