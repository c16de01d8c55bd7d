#!/bin/sh
# Upstream's tools/testing/selftests/x86/mov_ss_trap, unchanged, as TAP:
# a watchpoint on the stack segment selector (set by a child with ptrace,
# which then detaches), MOV SS from it, then every kind of kernel entry
# (CVE-2018-1087, CVE-2018-8897).  Usage: mov_ss_trap.sh 64|32
. /hwbp/tests/tap.sh
bits=$1
out=/tmp/mov_ss_trap_$bits.out
/hwbp/selftests/breakpoints/mov_ss_trap_"$bits" >"$out" 2>&1
rc=$?
sed 's/^/# /' "$out"
traps=$(grep -c 'Got SIGTRAP' "$out")
tap_diag "exit status $rc, $traps SIGTRAPs"

tap_plan 3
tap_check "ran every kernel entry and lived (exit 0, \"I aten't dead\")" \
	sh -c "[ $rc = 0 ] && grep -q \"I aten't dead\" $out"
tap_check "the watchpoint outlives PTRACE_DETACH: the plain read traps" \
	sh -c "grep -A1 'Read from watched memory' $out | grep -q 'Got SIGTRAP'"
# Real CPUs deliver the MOV SS #DB after INT3 has entered the kernel (no
# signal for it); QEMU TCG delivers it at once in user mode (one SIGTRAP
# more per spelling).  Either way each int3 must arrive.
tap_check "MOV SS; INT3, four spellings: each int3 arrives (4 to 8 SIGTRAPs)" \
	sh -c "n=\$(sed -n '/MOV SS; INT3/,/MOV SS; INT 4/p' $out | grep -c 'Got SIGTRAP');
		[ \$n -ge 4 ] && [ \$n -le 8 ]"
tap_done
