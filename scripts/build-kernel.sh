#!/usr/bin/env bash
# Configure and build one kernel variant out of tree.
#   VARIANT=patched|stock (default patched): base.config plus patched.config
#   or stock.config; RT=1, KCSAN=1 and DEBUG=1 add config/rt.config,
#   kcsan.config and debug.config.
# Output: build/obj/<variant>/arch/x86/boot/bzImage and the modules.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=$(variant_src)
OBJ=$(variant_obj)
FRAGMENTS=("$HWBP_TOP/config/base.config")
if [ "${VARIANT:-patched}" = stock ]; then
	FRAGMENTS+=("$HWBP_TOP/config/stock.config")
else
	FRAGMENTS+=("$HWBP_TOP/config/patched.config")
fi
for flavor in $(variant_flavors); do
	FRAGMENTS+=("$HWBP_TOP/config/$flavor.config")
done

[ -f "$SRC/Makefile" ] || die "no kernel tree at $SRC: run 'make tree' first"

configure() {
	mkdir -p "$OBJ"
	# Fixed build identity: identical sources give identical objects (ccache hits).
	kmake "$SRC" "$OBJ" -s tinyconfig
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "${FRAGMENTS[@]}" >"$OBJ/merge_config.log"
	kmake "$SRC" "$OBJ" -s olddefconfig
}

# Every option a fragment asks for must be in the final .config as asked.
verify_config() {
	local frag line sym want have missing=0
	for frag in "${FRAGMENTS[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) sym=${line%%=*} want=$line ;;
			"# CONFIG_"*" is not set") sym=${line#\# } sym=${sym%% *} want=$line ;;
			*) continue ;;
			esac
			have=$(grep -E "^($sym=|# $sym is not set)" "$OBJ/.config" || true)
			# Bisecting: a patch before the one that adds a symbol lacks it.
			if [ -z "$have" ] && [ -n "${ALLOW_UNKNOWN_OPTIONS:-}" ] &&
				! grep -rqsx "config ${sym#CONFIG_}" --include='Kconfig*' "$SRC"; then
				continue
			fi
			if [ "$want" = "# $sym is not set" ] && [ -z "$have" ]; then
				continue	# not set and not even visible: as good as n
			fi
			if [ "$have" != "$want" ]; then
				printf '  %s asks for "%s", .config has "%s"\n' "${frag#"$HWBP_TOP"/}" "$want" "${have:-nothing}" >&2
				missing=1
			fi
		done <"$frag"
	done
	[ "$missing" = 0 ] || die "Kconfig dropped options above (a missing dependency?); see $OBJ/.config"
}

build() {
	kmake "$SRC" "$OBJ" -s \
		KBUILD_BUILD_USER=hwbp KBUILD_BUILD_HOST=hwbp \
		KBUILD_BUILD_TIMESTAMP="$BASE_DATE" \
		bzImage modules
}

step "Configuring $(variant_name) kernel (tinyconfig + ${FRAGMENTS[*]##*/})" configure
verify_config
build_logged() { build >"$OBJ/build.log" 2>&1; }
step "Building $(variant_name) kernel in $OBJ (cold: ~8 min on 2 cores; log: $OBJ/build.log)" build_logged ||
	{ tail -n 30 "$OBJ/build.log" >&2; die "kernel build failed; full log: $OBJ/build.log"; }
printf '    %s\n' "$(cat "$OBJ/include/config/kernel.release") $OBJ/arch/x86/boot/bzImage"
