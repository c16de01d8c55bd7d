#!/bin/sh
# perf's breakpoint events (PERF_TYPE_BREAKPOINT) count exactly the writes
# made: a per-task and a CPU-wide watchpoint on a kernel variable, with
# Debian's perf from the host root (9p).
. /hwbp/tests/tap.sh
ksym=warn_limit
ctl=/proc/sys/kernel/$ksym
addr=0x$(awk -v s=$ksym '$3 == s { print $1 }' /proc/kallsyms)

# perf reads /proc (its own and the kernel's); the guest's goes over the host's.
mount -t proc proc /host/proc
trap 'umount /host/proc' EXIT

# count EVENT-OPTIONS... -- CMD: perf stat's count for the one event.
count() {
	chroot /host perf stat -x, -o /proc/self/fd/3 "$@" 3>&1 >/dev/null 2>&1 |
		awk -F, '/mem:/ { print $1 }'
}

old=$(cat $ctl)
tap_plan 3
n=$(count -e "mem:$addr/4:w" -- sh -c "for i in 1 2 3; do echo \$i >$ctl; done")
tap_diag "per-task: $n"
tap_check "per-task mem:$ksym/4:w counts 3 writes" [ "$n" = 3 ]
n=$(count -a -e "mem:$addr/4:w" -- sh -c "echo 5 >$ctl; echo 6 >$ctl")
tap_diag "cpu-wide: $n"
tap_check "CPU-wide (-a) mem:$ksym/4:w counts 2 writes" [ "$n" = 2 ]
n=$(count -e "mem:$addr/4:w" -- sh -c "cat $ctl >/dev/null")
tap_diag "reads only: $n"
tap_check "a write watchpoint does not count reads" [ "$n" = 0 ]
echo "$old" >$ctl
tap_done
