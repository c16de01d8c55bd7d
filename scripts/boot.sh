#!/usr/bin/env bash
# Boot one kernel variant under QEMU with its initramfs.
#   scripts/boot.sh test|run|shell
# Environment: VARIANT, DEBUG, CPUS (default 2), MEM (MiB), TIMEOUT (s),
# RIG_QUIRKS (default pci=noacpi, see CMDLINE), ACCEL (kvm|tcg; default: probe KVM once, fall back to TCG), QEMU_EXTRA
# (more QEMU arguments, e.g. "-icount shift=0").
# Kernel log: build/out/<variant>/console.log; test results (ttyS1):
# build/out/<variant>/results.log; ttyS2 is a spare port with nothing
# attached, for kgdboc.  Exits with the guest's status, 124 on
# timeout, 125 if the guest died without reporting one, 126 if it
# reported success from a boot that went wrong (diagnose_console).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MODE=${1:?usage: scripts/boot.sh test|run|shell|bench}
OBJ=$(variant_obj)
OUT=$(variant_out)/$MODE
CPUS=${CPUS:-2}
if [ "${DEBUG:-0}" = 1 ]; then MEM=${MEM:-3072}; else MEM=${MEM:-1024}; fi
# Debug, KCSAN and RT kernels run the same suites several times slower
# (a debug make test reached trinity at 460 s).
if [ "${DEBUG:-0}" = 1 ] || [ "${KCSAN:-0}" = 1 ] || [ "${RT:-0}" = 1 ]; then
	TIMEOUT=${TIMEOUT:-1800}
else
	TIMEOUT=${TIMEOUT:-600}
fi
KERNEL=$OBJ/arch/x86/boot/bzImage
INITRD=$OBJ/initramfs.cpio.gz
[ -f "$KERNEL" ] && [ -f "$INITRD" ] || die "no kernel/initramfs in $OBJ: run 'make test' or 'make run'"
mkdir -p "$OUT"

# Under TCG a loaded host makes RCU think CPUs stall; give it room.
CMDLINE="console=ttyS0 panic=-1 oops=panic hwbp.mode=$MODE hwbp.cpus=$CPUS"
CMDLINE+=" rcupdate.rcu_cpu_stall_timeout=300 rcupdate.rcu_task_stall_timeout=0"
# Suites read their own kernel messages back with dmesg: room for a whole run.
CMDLINE+=" log_buf_len=8M"
# QEMU's i440fx DSDT builds the PCI routing table (_PRT) in an AML While
# loop.  A KASAN kernel under TCG needs about 27 s for it on an idle host
# and more than ACPICA's 30 s loop limit on a loaded one: then the method
# aborts (AE_AML_LOOP_TIMEOUT) and the boot may hang at the 9p mount.  The
# BIOS's $PIR table routes the same interrupts at no cost; ACPI stays on
# for everything else (S3, power-off).  RIG_QUIRKS= boots without it
# (scripts/boot-check.sh compares both).
CMDLINE+=" ${RIG_QUIRKS-pci=noacpi}"
CMDLINE+=" ${APPEND:-}"

qemu_cmd() {
	local accel=$1
	local -a cmd=(qemu-system-x86_64 -machine pc -accel "$accel" -m "$MEM" -smp "$CPUS"
		-kernel "$KERNEL" -initrd "$INITRD" -append "$CMDLINE"
		-display none -no-reboot -nodefaults
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on)
	[ "$accel" = kvm ] && cmd+=(-cpu host)
	if [ -n "${QEMU_EXTRA:-}" ]; then
		local -a extra
		read -ra extra <<<"$QEMU_EXTRA"
		cmd+=("${extra[@]}")
	fi
	printf '%s\0' "${cmd[@]}"
}

# KVM is listed here but broken on these machines ("failed to set MSR" or a
# hang): trust it only after a short boot reaches our init.
pick_accel() {
	local cache=$BUILD_DIR/out/accel
	if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; return; fi
	if [ -f "$cache" ]; then cat "$cache"; return; fi
	local accel=tcg log=$BUILD_DIR/out/kvm-probe.log
	mkdir -p "$BUILD_DIR/out"
	if [ -w /dev/kvm ]; then
		local -a cmd
		mapfile -d '' cmd < <(qemu_cmd kvm)
		cmd=("${cmd[@]/hwbp.mode=$MODE/hwbp.mode=probe}")
		if timeout 30 "${cmd[@]}" -serial "file:$log" </dev/null >"$log.qemu" 2>&1 &&
			grep -q HWBP-PROBE-OK "$log"; then
			accel=kvm
		fi
	fi
	echo "$accel" >"$cache"
	printf '    accelerator: %s (KVM probe: %s, %s.qemu; delete %s to probe again)\n' "$accel" "$log" "$log" "$cache" >&2
	echo "$accel"
}

ACCEL=$(pick_accel)
mapfile -d '' QEMU < <(qemu_cmd "$ACCEL")
CONSOLE=$OUT/console.log
RESULTS=$OUT/results.log
MONITOR=$OUT/monitor.sock
WHERE=$OUT/hung-where.txt
rm -f "$CONSOLE" "$RESULTS" "$MONITOR" "$WHERE"

# run_watched QEMU...: run the guest for at most $TIMEOUT seconds.  One that
# is still running then is asked, through the QEMU monitor, where its vCPUs
# are (scripts/guest-where.py into $WHERE) before it is killed: 124.
run_watched() {
	local qpid waited=0
	"$@" &
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		if [ "$waited" -ge "$TIMEOUT" ]; then
			python3 "$HWBP_TOP/scripts/guest-where.py" "$MONITOR" "$OBJ/System.map" \
				>"$WHERE" 2>&1 || true
			kill "$qpid" 2>/dev/null
			sleep 5
			kill -9 "$qpid" 2>/dev/null || true
			wait "$qpid" 2>/dev/null || true
			return 124
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait "$qpid"
}

printf '==> Booting %s kernel (%s, %s vCPUs, mode %s, limit %ss)\n' "$(variant_name)" "$ACCEL" "$CPUS" "$MODE" "$TIMEOUT"
start=$(date +%s)
rc=0
case $MODE in
shell)
	"${QEMU[@]}" -serial mon:stdio -serial null -serial null || rc=$?
	exit "$rc"
	;;
run)
	# Show the console live and keep a copy.
	timeout --foreground -k 10 "$TIMEOUT" "${QEMU[@]}" -serial stdio -serial null -serial null </dev/null |
		tee "$CONSOLE" || rc=${PIPESTATUS[0]}
	;;
*)
	printf '    console: %s\n' "$CONSOLE"
	run_watched "${QEMU[@]}" -serial "file:$CONSOLE" -serial "file:$RESULTS" \
		-serial null -monitor "unix:$MONITOR,server=on,wait=off" \
		</dev/null >"$OUT/qemu.log" 2>&1 || rc=$?
	;;
esac
printf '    guest ran for %ss\n' "$(($(date +%s) - start))"

# diagnose_console: say, from the kernel log, where a boot went wrong, in
# the order a boot gets there.  Returns 1 if the boot is not to be trusted.
diagnose_console() {
	local log=$CONSOLE bad=0
	[ -f "$log" ] || return 0
	if grep -q AE_AML_LOOP_TIMEOUT "$log"; then
		printf 'error: ACPI gave up on an AML loop (AE_AML_LOOP_TIMEOUT, 30 s limit): PCI interrupt routing is incomplete, so virtio may never interrupt; the rig boots with pci=noacpi to avoid this, check APPEND and CMDLINE in scripts/boot.sh\n' >&2
		grep -m 3 AE_AML_LOOP_TIMEOUT "$log" | sed 's/^/    /' >&2
		bad=1
	fi
	if ! grep -q 'hwbp-init: mounted' "$log"; then
		printf 'error: the guest never reached its init (no "hwbp-init:" line); the last kernel lines:\n' >&2
		tr -d '\r' <"$log" | tail -n 5 | sed 's/^/    /' >&2
		bad=1
	elif grep -q 'hwbp-init: mounting the host root' "$log" &&
		! grep -q 'hwbp-init: host root mounted' "$log"; then
		printf 'error: the guest did not mount the host root over virtio-9p (hung or failed in mount -t 9p)\n' >&2
		bad=1
	fi
	return "$bad"
}

diagnosed=0
diagnose_console || diagnosed=1
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	if grep -q 'in the kernel debugger' "$WHERE" 2>/dev/null; then
		printf 'error: the guest stopped in the kernel debugger: kgdb took a #DB, breakpoint or oops for its own and waits on ttyS2, where nobody is attached\n' >&2
	else
		printf 'error: the guest did not finish within %ss (hung?)\n' "$TIMEOUT" >&2
	fi
	[ -s "$WHERE" ] && sed 's/^/    /' "$WHERE" >&2
	printf '    see %s and %s\n' "$CONSOLE" "$WHERE" >&2
	exit 124
fi
# A kernel message may follow on the same line (printk from a printer
# thread on PREEMPT_RT interleaves with init's echo).
status=$(tr -d '\r' <"$CONSOLE" | sed -n 's/^HWBP-EXIT \([0-9][0-9]*\).*/\1/p' | tail -n 1)
if [ -z "$status" ]; then
	printf 'error: the guest stopped without reporting a status (panic?); see %s\n' "$CONSOLE" >&2
	exit 125
fi
if [ "$diagnosed" = 1 ] && [ "$status" = 0 ]; then
	printf 'error: the guest reported success, but its boot went wrong (above); see %s\n' "$CONSOLE" >&2
	exit 126
fi
exit "$status"
