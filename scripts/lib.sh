# Shared helpers for the hwbp scripts. Source it; do not run it.
# shellcheck shell=bash

HWBP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../base.conf
. "$HWBP_TOP/base.conf"

BUILD_DIR=$HWBP_TOP/build
SRC_DIR=$BUILD_DIR/src/linux            # patched tree: base commit + one commit per patch
STOCK_DIR=$BUILD_DIR/src/linux-stock    # git worktree at the base tag
PATCH_DIR=$HWBP_TOP/patches

# Where a variant's objects and guest outputs go.  VARIANT is "patched" or
# "stock".  Checker flavours add a config fragment (config/<flavour>.config)
# and a suffix each: RT=1 "-rt" (PREEMPT_RT, lockdep), KCSAN=1 "-kcsan",
# DEBUG=1 "-debug" (lockdep, KASAN, kmemleak).
variant_flavors() {
	[ "${RT:-0}" != 1 ] || echo rt
	[ "${KCSAN:-0}" != 1 ] || echo kcsan
	[ "${DEBUG:-0}" != 1 ] || echo debug
}
variant_name() {
	local v=${VARIANT:-patched} f
	for f in $(variant_flavors); do v=$v-$f; done
	printf '%s\n' "$v"
}
variant_src() {
	if [ -n "${SRC_OVERRIDE:-}" ]; then
		printf '%s\n' "$SRC_OVERRIDE"
		return
	fi
	case ${VARIANT:-patched} in
	patched) printf '%s\n' "$SRC_DIR" ;;
	stock) printf '%s\n' "$STOCK_DIR" ;;
	*) die "unknown VARIANT '${VARIANT}': use patched or stock" ;;
	esac
}
variant_obj() { printf '%s\n' "$BUILD_DIR/obj/$(variant_name)"; }
variant_out() { printf '%s\n' "$BUILD_DIR/out/$(variant_name)"; }

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

warn() {
	printf 'WARNING: %s\n' "$*" >&2
}

# step "message" command...: print what is happening, run it, print how long it took.
step() {
	local msg=$1 start rc
	shift
	printf '==> %s\n' "$msg"
	start=$(date +%s)
	rc=0
	"$@" || rc=$?
	if [ "$rc" -ne 0 ]; then
		printf '==> FAILED after %ss: %s\n' "$(($(date +%s) - start))" "$msg" >&2
		return "$rc"
	fi
	printf '    done in %ss\n' "$(($(date +%s) - start))"
}

# Kernel make with the project's defaults: out-of-tree, x86_64, all cores, ccache if present.
kmake() {
	local src=$1 obj=$2
	shift 2
	local cc=gcc
	command -v ccache >/dev/null && cc="ccache gcc"
	make -C "$src" O="$obj" ARCH=x86_64 CC="$cc" HOSTCC="$cc" -j"$(nproc)" "$@"
}
