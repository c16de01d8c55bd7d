#!/usr/bin/env bash
# make profile: where the instructions of a benchmark go, stock vs patched,
# under QEMU -icount with the rig's plugin counting every translation block
# executed in the measured part (bench/plugin/hwbp_drcount.c, profile=on).
# Prints each kernel's busiest functions per operation
# (scripts/bench-profile.py).  Run make bench once first (it builds both
# kernels and the plugin).
#   BENCH=name[,name...] (default hit_to_stop)  RUNS (default 3)  CPUS (default 2)
#   VARIANTS (default "stock patched")  TOP (functions shown, default 25)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BENCH=${BENCH:-hit_to_stop}
RUNS=${RUNS:-3}
export CPUS=${CPUS:-2}
VARIANTS=${VARIANTS:-stock patched}
OUT=$BUILD_DIR/out/profile
PLUGIN=$BUILD_DIR/obj/plugin/hwbp_drcount.so
mkdir -p "$OUT" "$(dirname "$PLUGIN")"
gcc -shared -fPIC -O2 -Wall -fvisibility=hidden -o "$PLUGIN" \
	"$HWBP_TOP/bench/plugin/hwbp_drcount.c" ||
	die "could not build the QEMU plugin; is gcc installed (make setup)?"

for v in $VARIANTS; do
	obj=$(VARIANT=$v variant_obj)
	[ -f "$obj/System.map" ] && [ -f "$obj/initramfs.cpio.gz" ] ||
		die "no $v kernel built for benchmarks; run 'make bench' first"
	base=$OUT/$v-${BENCH//,/_}
	rm -f "$base.dr.log"
	echo "==> Profiling $BENCH on $v ($RUNS runs, $CPUS vCPUs, -icount shift=0)"
	VARIANT=$v QEMU_EXTRA="-icount shift=0 -plugin $PLUGIN,profile=on -d plugin -D $base.dr.log" \
		APPEND="hwbp.runs=$RUNS hwbp.bench=$BENCH kunit.enable=0" TIMEOUT=1800 \
		"$HWBP_TOP/scripts/boot.sh" bench ||
		die "the $v guest failed; see $(VARIANT=$v variant_out)/bench/console.log"
	cp "$(VARIANT=$v variant_out)/bench/results.log" "$base.log"
	python3 "$HWBP_TOP/scripts/bench-profile.py" --top "${TOP:-25}" \
		"$obj/System.map" "$base.log" "$base.dr.log"
done
