#!/bin/sh
# samples/hw_breakpoint/watch_symbol: the hardware breakpoint core's sample
# watches a static, non-exported kernel variable at the address root reads
# from /proc/kallsyms (the core resolves no names); debugfs shows which
# register it holds.
. /hwbp/tests/tap.sh
ksym=warn_limit
proc=/proc/sys/kernel/warn_limit
slots=/sys/kernel/debug/hw_breakpoint/slots
hits() { dmesg | grep -c "$ksym accessed by"; }

tap_plan 10
tap_check "$ksym is static and not exported (panic_timeout, exported, is the control)" \
	sh -c "grep -q ' [bd] $ksym\$' /proc/kallsyms &&
		! grep -q ' __ksymtab_$ksym\$' /proc/kallsyms &&
		grep -q ' __ksymtab_panic_timeout\$' /proc/kallsyms"
addr=$(ksym_addr $ksym)
tap_check "insmod watch_symbol without an address is refused" \
	sh -c "! insmod /hwbp/modules/watch_symbol.ko 2>/dev/null"
tap_check "a user address is refused, and nothing is left in debugfs" \
	sh -c "! insmod /hwbp/modules/watch_symbol.ko addr=0x10000 2>/dev/null &&
		dmesg | grep -q 'cannot watch .*: -14' && ! grep -q ' prio ' $slots"
tap_check "insmod watch_symbol addr=$addr ($ksym, from /proc/kallsyms)" \
	insmod /hwbp/modules/watch_symbol.ko addr=$addr
tap_diag "$(cat $slots)"
tap_check "debugfs: DR3 holds the kernel breakpoint on every CPU" \
	sh -c "[ \$(grep -c 'DR3 kernel .*$ksym' $slots) = \$(nproc) ]"
tap_check "debugfs: listed as installed in DR3 with priority 0, type w" \
	sh -c "grep -q 'DR3 *prio *0 w .*$ksym' $slots"
before=$(hits)
cat $proc >/dev/null
tap_check "reading $ksym does not trigger" [ "$(hits)" = "$before" ]
old=$(cat $proc)
echo 7 >$proc
after=$(hits)
tap_diag "hits before write: $before, after: $after"
tap_check "one write triggers exactly once" [ "$after" = $((before + 1)) ]
tap_check "the report has the new value and a stack trace through the sysctl writer" \
	sh -c "dmesg | grep -q '$ksym accessed by .* value now 7' &&
		dmesg | grep -A40 '$ksym accessed by' | grep -q proc_sys_call_handler"
echo "$old" >$proc
rmmod watch_symbol
echo 3 >$proc
echo "$old" >$proc
tap_check "rmmod: no hit after unload, nothing left in debugfs" \
	sh -c "[ \$(dmesg | grep -c '$ksym accessed by') = $((after + 1)) ] && ! grep -q $ksym $slots"
tap_done
