#!/bin/sh
# Debian's trinity (a system-call fuzzer, from the host root) for a bounded
# run, restricted to the calls that reach the debug registers:
# perf_event_open (its attrs include breakpoint events), ptrace, and ioctl,
# mmap and munmap on the perf fds it opens.  As nobody (-X), fixed seed,
# at most LIMIT seconds: trinity itself can wait forever on a child another
# child left stopped, so whatever of nobody's is left then is killed.  The
# kernel must keep running and not taint with DIE, WARN, BAD_PAGE or
# MACHINE_CHECK (the console check catches any splat as well).
# Usage: trinity.sh SYSCALLS SEED [LIMIT]
. /hwbp/tests/tap.sh
n=${1:-10000}
seed=${2:-1}
limit=${3:-150}
# A lockdep/KASAN kernel runs the same calls several times slower.
[ ! -e /proc/lockdep ] || limit=$((limit * 4))
dir=/tmp/trinity
out=/tmp/trinity.out
# TAINT_MACHINE_CHECK, TAINT_BAD_PAGE, TAINT_DIE, TAINT_WARN
bad_taint=$(((1 << 4) | (1 << 5) | (1 << 7) | (1 << 9)))

tap_plan 3
if ! [ -x /host/usr/bin/trinity ]; then
	tap_not_ok "trinity is installed on the host (scripts/setup-host.sh installs it)"
	tap_skip "trinity ran its system calls" "no trinity"
	tap_skip "the kernel did not taint" "no trinity"
	tap_done
fi
tap_ok "trinity is installed on the host (scripts/setup-host.sh installs it)"
taint0=$(($(cat /proc/sys/kernel/tainted) & bad_taint))
# Its working directory (test files) in the host root's /tmp, a tmpfs here.
mkdir -p /host$dir && chmod 777 /host$dir
tap_diag "trinity -N $n -s $seed, perf_event_open ptrace ioctl mmap munmap, as nobody, at most $limit s"
chroot /host sh -c "cd $dir && exec trinity -q -X -l off -s $seed -N $n -C 2 \
	-T DIE,WARN,BAD_PAGE,MACHINE_CHECK --enable-fds=perf \
	-c perf_event_open -c ptrace -c ioctl -c mmap -c munmap" >$out 2>&1 &
pid=$!
t=0
while kill -0 $pid 2>/dev/null && [ $t -lt "$limit" ]; do
	sleep 1
	t=$((t + 1))
done
stopped=
if kill -0 $pid 2>/dev/null; then
	stopped="stopped at $limit s"
	setpriv --reuid=65534 --regid=65534 --clear-groups kill -9 -1
	kill -9 $pid
fi
wait $pid
rc=$?
grep -v '^$' $out | grep -v 'futex:' | tail -8 | sed 's/^/# /'
ran=$(sed -n 's/.*Ran \([0-9][0-9]*\) syscalls.*/\1/p' $out | tail -1)
tap_check "trinity ran its $n system calls (exit $rc, ran ${ran:-?}${stopped:+, $stopped})" \
	sh -c "[ -z '$stopped' ] && [ $rc = 0 ] && [ '${ran:-0}' -ge $n ] &&
		grep -q 'Completed maximum number of operations' $out"
taint1=$(($(cat /proc/sys/kernel/tainted) & bad_taint))
tap_check "the kernel did not taint (DIE, WARN, BAD_PAGE, MACHINE_CHECK: $taint0 before, $taint1 after)" \
	sh -c "[ $taint1 = $taint0 ] && ! grep -q 'kernel became tainted\|Detected kernel tainting' $out"
tap_done
