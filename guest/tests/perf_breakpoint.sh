#!/bin/sh
# perf's breakpoint events (PERF_TYPE_BREAKPOINT) with Debian's perf from
# the host root (9p): perf stat counts exactly the writes made to a kernel
# variable (per task and CPU-wide) and to a user program's variable, and
# perf record takes one sample per hit, each at the watched address.
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
tap_plan 12
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

# A user program's variable: perf_target W R writes it W times, reads it R times.
cp /hwbp/perf_target /host/tmp/perf_target
uaddr=$(cat /hwbp/perf_target.addr)
n=$(count -e "mem:$uaddr/4:w" -- /tmp/perf_target 1000 300)
tap_diag "perf_target 1000 300, mem:$uaddr/4:w: $n"
tap_check "perf stat mem:ADDR:w on a program counts its 1000 writes" [ "$n" = 1000 ]
n=$(count -e "mem:$uaddr/4" -- /tmp/perf_target 1000 300)
tap_diag "perf_target 1000 300, mem:$uaddr/4 (rw): $n"
tap_check "perf stat mem:ADDR (read/write) counts 1000 writes + 300 reads" [ "$n" = 1300 ]

data=/tmp/perf.data
chroot /host perf record -q -d -o $data -e "mem:$uaddr/4:w" -- /tmp/perf_target 250 2>&1 |
	sed 's/^/# perf record: /'
tap_check "perf record mem:ADDR:w ran (perf.data written)" [ -s /host$data ]
# perf script: one line per sample, the data address of the hit.
chroot /host perf script -i $data -F addr 2>&1 >/tmp/samples | sed 's/^/# perf script: /'
n=$(wc -l </tmp/samples)
tap_diag "samples: $n; first: $(head -n 1 /tmp/samples)"
tap_check "perf record takes one sample per write (250)" [ "$n" = 250 ]
n=$(awk '{ print $1 }' /tmp/samples | sort -u | tr '\n' ' ')
tap_diag "sample addresses: $n"
tap_check "every sample is at the watched address" [ "$n" = "${uaddr#0x} " ]

# Debian's own perf test cases for breakpoints.  "Breakpoint accounting"
# counts the registers by opening identical events until -ENOSPC.
perf_test() {
	chroot /host perf test "$1" 2>&1 | tee /tmp/perf_test | sed 's/^/# perf test: /'
	grep -q ": Ok\$" /tmp/perf_test && ! grep -q -i ": \(FAILED\|Skip\)" /tmp/perf_test
}
tap_check "perf test 'Breakpoint overflow signal handler'" perf_test "Breakpoint overflow signal handler"
tap_check "perf test 'Breakpoint overflow sampling'" perf_test "Breakpoint overflow sampling"
tap_check "perf test 'Breakpoint accounting'" perf_test "Breakpoint accounting"
# Subtest 1, read-only, skips: x86 has no read-only watchpoints.
tap_check "perf test 'Watchpoint': write, read/write and modify Ok" \
	sh -c "chroot /host perf test -v Watchpoint >/tmp/wp_test 2>&1; sed 's/^/# perf test: /' /tmp/wp_test;
		[ \$(grep -c 'Watchpoint subtest [234]: Ok' /tmp/wp_test) = 3 ]"
tap_done
