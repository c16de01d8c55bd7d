#!/usr/bin/env bash
# make run: build and boot the kernel, and watch the sample module catch a
# write to a kernel variable, with its stack trace, on the live console.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$HWBP_TOP/scripts/build-kernel.sh"
"$HWBP_TOP/scripts/build-initramfs.sh"
mode=${1:-run}
rc=0
"$HWBP_TOP/scripts/boot.sh" "$mode" || rc=$?
[ "$mode" = run ] || exit "$rc"
if [ "$rc" = 0 ]; then
	echo "==> make run: OK (console log: $(variant_out)/run/console.log)"
else
	echo "==> make run: FAILED with status $rc; see $(variant_out)/run/console.log" >&2
fi
exit "$rc"
