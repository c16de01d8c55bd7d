#!/bin/sh
# The guest itself: what every later test relies on.
. /hwbp/tests/tap.sh

want_cpus=$(sed -n 's/.*hwbp\.cpus=\([0-9]*\).*/\1/p' /proc/cmdline)
tap_plan 4
tap_diag "nproc=$(nproc) expected=$want_cpus"
tap_check "guest sees all $want_cpus vCPUs" [ "$(nproc)" = "$want_cpus" ]
tap_check "debugfs is mounted" grep -q " /sys/kernel/debug debugfs " /proc/mounts
tap_check "kallsyms shows addresses" sh -c '! grep -q "^0000000000000000 . panic_timeout" /proc/kallsyms'
version=$(chroot /host gdb --version 2>&1 | head -n 1)
tap_diag "host gdb: $version"
case $version in
"GNU gdb"*) tap_ok "Debian's gdb runs from the host root (9p)" ;;
*) tap_not_ok "Debian's gdb runs from the host root (9p)" ;;
esac
tap_done
