#!/usr/bin/env bash
# make test: build the kernel variant, boot it, run KUnit and the kselftests
# in the guest, check the series with checkpatch and the core's page with
# Sphinx, print the verdict.  The last line is "N passed, N failed, N
# skipped".
# VARIANT=patched|stock, DEBUG=1 for the debug config, RT=1 for PREEMPT_RT,
# KCSAN=1 for the data-race detector, CPUS=N.  ONLY=GLOB runs only the
# suites whose name matches (make stress; while developing one);
# RUN=/path/on/host runs just that program in the guest (as /host/path).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
start=$(date +%s)

"$HWBP_TOP/scripts/build-kernel.sh"
"$HWBP_TOP/scripts/build-initramfs.sh"
OBJ=$(variant_obj)
OUT=$(variant_out)/test
mkdir -p "$OUT"

# kgdb's serial I/O driver on the spare ttyS2 from the start, KUnit
# included: a #DB, breakpoint or oops that kgdb takes for its own stops the
# guest there, and the run fails as a hang that names kgdb.  kgdbts runs
# later, in its own suite (guest/tests/kgdbts.sh).
guest_rc=0
APPEND="kgdboc=ttyS2${ONLY:+ hwbp.only=$ONLY}${RUN:+ hwbp.run=/host$RUN}${APPEND:+ $APPEND}" "$HWBP_TOP/scripts/boot.sh" test || guest_rc=$?

extra=()
for flavor in $(variant_flavors); do
	extra+=(--flavor "$flavor")
done
if [ "${VARIANT:-patched}" = patched ]; then
	check() { "$HWBP_TOP/scripts/checkpatch-series.sh" >"$OUT/checkpatch.tap" 2>&1 || true; }
	step "checkpatch --strict on patches/series" check
	extra+=(--tap "checkpatch=$OUT/checkpatch.tap")
	docs() { "$HWBP_TOP/scripts/check-docs.sh" >"$OUT/docs.tap" 2>&1 || true; }
	step "Sphinx: the core's page in the core-api book (about a minute)" docs
	extra+=(--tap "docs/htmldocs=$OUT/docs.tap")
fi

echo "==> Results for the $(variant_name) kernel $(cat "$OBJ/include/config/kernel.release")"
echo "    logs: $OUT (console.log, results.log, parsed/); took $(($(date +%s) - start))s"
exec python3 "$HWBP_TOP/scripts/summarize.py" \
	--variant "${VARIANT:-patched}" --guest-status "$guest_rc" \
	--console "$OUT/console.log" --results "$OUT/results.log" \
	--suites "$OBJ/initramfs/hwbp/suites" ${ONLY:+--only "$ONLY"} \
	--kunit-suites "$HWBP_TOP/tests/kunit-suites" \
	--expected-failures "$HWBP_TOP/tests/expected-failures" \
	--kunit-py "$(variant_src)/tools/testing/kunit/kunit.py" \
	--out "$OUT/parsed" "${extra[@]}"
