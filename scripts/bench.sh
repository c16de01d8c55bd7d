#!/usr/bin/env bash
# make bench: the same benchmarks (bench/hwbp_bench.c, perf bench breakpoint
# thread) on the stock and the patched kernel, under QEMU TCG with
# "-icount shift=0" (guest time = instructions: repeatable) and with the
# wall clock, and a table: benchmark, stock, patched, ratio, target.
# Environment: RUNS (repetitions per benchmark, default 5), CPUS (default 2),
# CLOCKS (default "icount wall").
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-5}
export CPUS=${CPUS:-2}
CLOCKS=${CLOCKS:-icount wall}
OUT=$BUILD_DIR/out/bench
mkdir -p "$OUT"

for v in stock patched; do
	VARIANT=$v "$HWBP_TOP/scripts/build-kernel.sh"
	BENCH=1 VARIANT=$v "$HWBP_TOP/scripts/build-initramfs.sh"
done

for clock in $CLOCKS; do
	case $clock in
	icount) extra="-icount shift=0" ;;
	wall) extra= ;;
	*) die "unknown clock '$clock': use icount or wall" ;;
	esac
	for v in stock patched; do
		log=$OUT/$clock-$v-cpus$CPUS.log
		echo "==> Benchmarks on $v, clock $clock, $CPUS vCPUs, $RUNS runs each"
		VARIANT=$v QEMU_EXTRA=$extra APPEND="hwbp.runs=$RUNS" TIMEOUT=1800 \
			"$HWBP_TOP/scripts/boot.sh" bench ||
			die "the $v guest failed; see $(VARIANT=$v variant_out)/bench/console.log"
		cp "$(VARIANT=$v variant_out)/bench/results.log" "$log"
		grep -q '^HWBP-BENCH ' "$log" || die "no results in $log"
		! grep '^HWBP-BENCH-ERROR' "$log" || die "a benchmark failed; see $log"
	done
done
exec python3 "$HWBP_TOP/scripts/bench-table.py" --cpus "$CPUS" "$OUT" $CLOCKS
