#!/bin/sh
# gdb as its users run it: Debian's gdb (the host root over 9p) debugs a
# two-thread program with hardware watchpoints (watch, rwatch, awatch) and
# a hardware breakpoint (hbreak), four registers at once, then asks for a
# fifth.  Every hit is in the worker thread; the checks read gdb's output.
. /hwbp/tests/tap.sh
out=/tmp/gdb.out
cp /hwbp/gdb_target /host/tmp/gdb_target

# Breakpoint numbers: 1 main, 2 counter, 3 rvar, 4 avar, 5 marker, 6-10 w[0..4].
set -- -ex 'set pagination off' -ex 'set confirm off' -ex 'break main' -ex run \
	-ex 'watch counter' -ex 'rwatch rvar' -ex 'awatch avar' -ex 'hbreak marker' \
	-ex continue -ex continue -ex continue -ex continue -ex delete
for i in 0 1 2 3 4; do set -- "$@" -ex "watch w[$i]"; done
set -- "$@" -ex continue -ex 'delete 10'
for i in 0 1 2 3 4; do set -- "$@" -ex continue; done
timeout 300 chroot /host gdb -nx -batch "$@" /tmp/gdb_target >$out 2>&1
rc=$?
sed 's/^/# gdb: /' $out

# has PATTERN [LINES PATTERN2]: PATTERN in gdb's output (and PATTERN2 within LINES after it).
has() {
	if [ $# = 1 ]; then grep -q -- "$1" $out; return; fi
	grep -A"$2" -- "$1" $out | grep -q -- "$3"
}
hit='Thread 2 "gdb_target" hit'

tap_plan 10
tap_check "gdb ran the script (status 0)" [ $rc = 0 ]
tap_check "watch, rwatch, awatch, hbreak are all set in hardware" \
	sh -c "grep -q '^Hardware watchpoint 2: counter' $out &&
		grep -q '^Hardware read watchpoint 3: rvar' $out &&
		grep -q '^Hardware access (read/write) watchpoint 4: avar' $out &&
		grep -q '^Hardware assisted breakpoint 5 at ' $out"
tap_check "watch: the worker's write, old and new value" \
	has "$hit Hardware watchpoint 2: counter" 3 'New value = 1'
tap_check "rwatch: the worker's read, with the value" \
	has "$hit Hardware read watchpoint 3: rvar" 2 'Value = 5'
tap_check "awatch: the worker's write, old and new value" \
	has "$hit Hardware access (read/write) watchpoint 4: avar" 3 'New value = 6'
tap_check "hbreak: stops at marker in the worker" has "$hit Breakpoint 5, marker (n=1)"
tap_check "a fifth hardware watchpoint: gdb's own out-of-registers message" \
	sh -c "grep -q 'Could not insert hardware watchpoint 10' $out &&
		grep -q 'You may have requested too many hardware breakpoints/watchpoints' $out"
tap_check "four watchpoints at once: each fires once, in order" \
	sh -c "[ \"\$(grep -o 'hit Hardware watchpoint [6-9]: w\[[0-3]\]' $out | tr '\n' ,)\" = \
'hit Hardware watchpoint 6: w[0],hit Hardware watchpoint 7: w[1],hit Hardware watchpoint 8: w[2],hit Hardware watchpoint 9: w[3],' ]"
tap_check "no other stop in the worker (8 hits in all)" \
	[ "$(grep -c '^Thread [0-9]* "gdb_target" hit' $out)" = 8 ]
tap_check "the program ran to its end" has '^\[Inferior 1 (process [0-9]*) exited normally\]'
tap_done
