#!/usr/bin/env bash
# Boot one kernel variant BOOTS times (default 20) to user space and the
# host root mount, and count what went wrong: the rig's reliability check.
#   scripts/boot-check.sh            (VARIANT, DEBUG, CPUS as for make test)
# Environment: BOOTS, TIMEOUT per boot (default 240 s), LOAD=N busy loops
# on the host during the boots (a loaded CI machine), RIG_QUIRKS (see
# scripts/boot.sh; RIG_QUIRKS= boots without pci=noacpi).
# Each boot's console: build/out/<variant>/boot-check/NN.console.log; the
# table: build/out/<variant>/boot-check/summary.txt.  Exits 1 unless
# every boot completed cleanly.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BOOTS=${BOOTS:-20}
export TIMEOUT=${TIMEOUT:-240}
LOAD=${LOAD:-0}
OUT=$(variant_out)/boot-check
rm -rf "$OUT"
mkdir -p "$OUT"

"$HWBP_TOP/scripts/build-kernel.sh"
"$HWBP_TOP/scripts/build-initramfs.sh"

load_pids=()
stop_load() { [ "${#load_pids[@]}" = 0 ] || kill "${load_pids[@]}" 2>/dev/null || true; }
trap stop_load EXIT
for _ in $(seq 1 "$LOAD"); do
	sh -c 'while :; do :; done' &
	load_pids+=($!)
done

quirks=${RIG_QUIRKS-pci=noacpi}
printf '# %s, %s boots, %s vCPUs, host load %s, quirks "%s"\n' \
	"$(variant_name)" "$BOOTS" "${CPUS:-2}" "$LOAD" "$quirks" | tee "$OUT/summary.txt"
printf '# boot rc seconds aml_timeout reached_init host_root\n' | tee -a "$OUT/summary.txt"
good=0
for n in $(seq -w 1 "$BOOTS"); do
	start=$(date +%s)
	rc=0
	"$HWBP_TOP/scripts/boot.sh" boot >"$OUT/$n.boot.log" 2>&1 || rc=$?
	secs=$(($(date +%s) - start))
	log=$(variant_out)/boot/console.log
	cp "$log" "$OUT/$n.console.log" 2>/dev/null || : >"$OUT/$n.console.log"
	[ ! -f "$(variant_out)/boot/hung-where.txt" ] || cp "$(variant_out)/boot/hung-where.txt" "$OUT/$n.hung-where.txt"
	aml=$(grep -c AE_AML_LOOP_TIMEOUT "$OUT/$n.console.log" || true)
	init=no; grep -q 'hwbp-init: mounted' "$OUT/$n.console.log" && init=yes
	root=no; grep -q 'hwbp-init: host root mounted' "$OUT/$n.console.log" && root=yes
	printf '%s %s %s %s %s %s\n' "$n" "$rc" "$secs" "$aml" "$init" "$root" | tee -a "$OUT/summary.txt"
	[ "$rc" != 0 ] || good=$((good + 1))
done
printf '==> %s of %s boots completed cleanly (%s)\n' "$good" "$BOOTS" "$OUT/summary.txt" | tee -a "$OUT/summary.txt"
[ "$good" = "$BOOTS" ] || {
	printf 'error: some boots failed: see the NN.boot.log (what the rig said) and NN.console.log files in %s\n' "$OUT" >&2
	exit 1
}
