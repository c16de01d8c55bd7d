#!/bin/sh
# samples/hw_breakpoint: the module watches a kernel variable for writes.
# panic_timeout is what /proc/sys/kernel/panic writes; the stock sample can
# only resolve EXPORT_SYMBOL_GPL symbols, and this one is.
. /hwbp/tests/tap.sh
ksym=panic_timeout
hits() { dmesg | grep -c "$ksym value is changed"; }

tap_plan 5
tap_check "insmod data_breakpoint ksym=$ksym" insmod /hwbp/modules/data_breakpoint.ko ksym=$ksym
before=$(hits)
cat /proc/sys/kernel/panic >/dev/null
tap_check "reading the variable does not trigger" [ "$(hits)" = "$before" ]
echo -1 >/proc/sys/kernel/panic
after=$(hits)
tap_diag "hits before write: $before, after: $after"
tap_check "one write to $ksym triggers exactly once" [ "$after" = $((before + 1)) ]
tap_check "the hit has a stack trace through the sysctl writer" \
	sh -c 'dmesg | sed -n "/value is changed/,/Dump stack from sample_hbp_handler/p" |
		grep -q proc_sys_call_handler'
rmmod data_breakpoint
echo -1 >/proc/sys/kernel/panic
tap_check "rmmod, and no hit after unload" [ "$(hits)" = "$after" ]
tap_done
