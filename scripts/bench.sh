#!/usr/bin/env bash
# make bench: the same benchmarks (bench/hwbp_bench.c, perf bench breakpoint
# thread) on the stock and the patched kernel, under QEMU TCG with
# "-icount shift=0" (guest time = instructions: repeatable) and with the
# wall clock, and a table: benchmark, stock, patched, ratio, target.
# The icount runs load a QEMU plugin (bench/plugin/hwbp_drcount.c) that
# counts instructions and debug-register reads and writes in each measured
# part; with the IPIs the guest counts, that is the hardware-cost table.
# Environment: RUNS (repetitions per benchmark, default 5), CPUS (default 2),
# CLOCKS (default "icount wall"), BENCH_ONLY (name,name...: only those;
# the scale runs of make scale only run when named).
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
PLUGIN=$BUILD_DIR/obj/plugin/hwbp_drcount.so
mkdir -p "$(dirname "$PLUGIN")"
gcc -shared -fPIC -O2 -Wall -fvisibility=hidden -o "$PLUGIN" \
	"$HWBP_TOP/bench/plugin/hwbp_drcount.c" ||
	die "could not build the QEMU plugin; is gcc installed (make setup)?"

for clock in $CLOCKS; do
	for v in stock patched; do
		log=$OUT/$clock-$v-cpus$CPUS.log
		case $clock in
		icount)
			rm -f "${log%.log}.dr.log"
			extra="-icount shift=0 -plugin $PLUGIN -d plugin -D ${log%.log}.dr.log"
			;;
		wall) extra= ;;
		*) die "unknown clock '$clock': use icount or wall" ;;
		esac
		echo "==> Benchmarks on $v, clock $clock, $CPUS vCPUs, $RUNS runs each"
		# No KUnit at boot: it measures nothing here, and its CPU hotplug
		# test crawls under -icount (one vCPU at a time, spinning on IPIs).
		VARIANT=$v QEMU_EXTRA=$extra TIMEOUT=1800 \
			APPEND="hwbp.runs=$RUNS kunit.enable=0${BENCH_ONLY:+ hwbp.bench=$BENCH_ONLY}" \
			"$HWBP_TOP/scripts/boot.sh" bench ||
			die "the $v guest failed; see $(VARIANT=$v variant_out)/bench/console.log"
		cp "$(VARIANT=$v variant_out)/bench/results.log" "$log"
		grep -q '^HWBP-BENCH ' "$log" || die "no results in $log"
		! grep '^HWBP-BENCH-ERROR' "$log" || die "a benchmark failed; see $log"
	done
done
exec python3 "$HWBP_TOP/scripts/bench-table.py" --cpus "$CPUS" --only "${BENCH_ONLY:-}" "$OUT" $CLOCKS
