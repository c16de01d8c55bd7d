#!/usr/bin/env bash
# Other architectures keep upstream's perf-based hw_breakpoint code: check
# that the patched tree still builds one (arm64, with Debian's cross
# compiler) with its hw_breakpoint code, KUnit suite and sample.
#   scripts/cross-build.sh [stock]    (default: the patched tree)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

VARIANT=${1:-patched}
SRC=$(variant_src)
OBJ=$BUILD_DIR/obj/arm64-$VARIANT
CROSS=aarch64-linux-gnu-
command -v ${CROSS}gcc >/dev/null || die "${CROSS}gcc is missing: run 'make setup' (gcc-aarch64-linux-gnu)"

amake() {
	local cc=${CROSS}gcc
	command -v ccache >/dev/null && cc="ccache ${CROSS}gcc"
	make -C "$SRC" O="$OBJ" ARCH=arm64 CROSS_COMPILE=$CROSS CC="$cc" -j"$(nproc)" "$@"
}

configure() {
	mkdir -p "$OBJ"
	amake -s tinyconfig
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "$HWBP_TOP/config/arm64.config" >/dev/null
	amake -s olddefconfig
	local line
	while IFS= read -r line; do
		case $line in CONFIG_*) grep -qx "$line" "$OBJ/.config" || die "arm64 config dropped $line" ;; esac
	done <"$HWBP_TOP/config/arm64.config"
}
build() { amake -s Image modules >"$OBJ/build.log" 2>&1; }

step "Configuring arm64 ($VARIANT)" configure
step "Building arm64 ($VARIANT) in $OBJ (cold: ~6 min; log: $OBJ/build.log)" build ||
	{ tail -n 30 "$OBJ/build.log" >&2; die "arm64 build failed; see $OBJ/build.log"; }
for o in kernel/events/hw_breakpoint.o kernel/events/hw_breakpoint_test.o \
	arch/arm64/kernel/hw_breakpoint.o samples/hw_breakpoint/data_breakpoint.ko; do
	[ -f "$OBJ/$o" ] || die "arm64 build has no $o"
done
echo "==> arm64 ($VARIANT) builds, with the perf-based hw_breakpoint code"
