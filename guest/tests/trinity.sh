#!/bin/sh
# Debian's trinity (a system-call fuzzer, from the host root) for a bounded
# run, restricted to the calls that reach the debug registers:
# perf_event_open (its attrs include breakpoint events), ptrace, and ioctl,
# mmap and munmap on the perf fds it opens.  As nobody (-X), fixed seed.
# The kernel must keep running: trinity stops early if the kernel taints
# with DIE, WARN, BAD_PAGE or MACHINE_CHECK, and the console check catches
# any splat.  Usage: trinity.sh SYSCALLS SEED
. /hwbp/tests/tap.sh
n=${1:-20000}
seed=${2:-1}
dir=/tmp/trinity
out=/tmp/trinity.out

tap_plan 2
if ! [ -x /host/usr/bin/trinity ]; then
	tap_not_ok "trinity is installed on the host (scripts/setup-host.sh installs it)"
	tap_skip "trinity ran its system calls" "no trinity"
	tap_done
fi
tap_ok "trinity is installed on the host (scripts/setup-host.sh installs it)"
# Its working directory (test files) in the host root's /tmp, a tmpfs here.
mkdir -p /host$dir && chmod 777 /host$dir
tap_diag "trinity -N $n -s $seed, perf_event_open ptrace ioctl mmap munmap, as nobody"
chroot /host sh -c "cd $dir && exec timeout 600 trinity -q -X -l off -s $seed -N $n -C 2 \
	-T DIE,WARN,BAD_PAGE,MACHINE_CHECK --enable-fds=perf \
	-c perf_event_open -c ptrace -c ioctl -c mmap -c munmap" >$out 2>&1
rc=$?
grep -v '^$' $out | tail -15 | sed 's/^/# /'
ran=$(sed -n 's/.*Ran \([0-9][0-9]*\) syscalls.*/\1/p' $out | tail -1)
grep -i 'taint' $out | sed 's/^/# /'
tap_check "trinity ran its $n system calls (exit $rc, ran ${ran:-none}), the kernel not tainted" \
	sh -c "[ $rc = 0 ] && [ '${ran:-0}' -ge $n ] &&
		grep -q 'Completed maximum number of operations' $out &&
		! grep -q 'kernel became tainted\|Detected kernel tainting' $out"
tap_done
