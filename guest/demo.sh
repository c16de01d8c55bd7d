#!/bin/sh
# make run: the hardware breakpoint core's sample module catches a write to
# a static, non-exported kernel variable, and debugfs shows who holds
# which debug register.
ksym=warn_limit
slots=/sys/kernel/debug/hw_breakpoint/slots
say() { echo; echo "hwbp demo: $*"; }
say "kernel $(uname -r), $(nproc) CPUs"
if [ ! -e /hwbp/modules/watch_symbol.ko ]; then
	say "no watch_symbol.ko: this kernel has no hardware breakpoint core (stock?)"
	exit 1
fi
say "$ksym in kallsyms (lowercase type: static, not exported):"
grep " $ksym\$" /proc/kallsyms
addr=0x$(awk -v s=$ksym '$3 == s { print $1; exit }' /proc/kallsyms)
say "insmod watch_symbol addr=$addr (root read $ksym's address in kallsyms; the core takes no names)"
say "(a write watchpoint on every CPU)"
insmod /hwbp/modules/watch_symbol.ko addr=$addr || exit 1
say "$slots:"
cat $slots
say "sysctl kernel.$ksym=7 (writes $ksym); the hit and its stack trace follow"
old=$(cat /proc/sys/kernel/$ksym)
echo 7 >/proc/sys/kernel/$ksym
sleep 1
echo "$old" >/proc/sys/kernel/$ksym
say "rmmod watch_symbol"
rmmod watch_symbol
if dmesg | grep -q "$ksym accessed by .* value now 7"; then
	say "the watchpoint caught the write: OK"
	exit 0
fi
say "no hit was reported: FAILED"
exit 1
