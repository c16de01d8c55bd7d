#!/usr/bin/env bash
# No new sparse or W=1 warnings: for every C file the series touches, build
# its object with C=2 (sparse) and W=1 in the stock and the patched tree and
# report warnings the patched tree adds.  Line numbers are ignored, so moved
# code does not count as new.  Uses the patched kernel's .config for both.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OBJ_P=$BUILD_DIR/obj/warn-patched
OBJ_S=$BUILD_DIR/obj/warn-stock
CONFIG=$BUILD_DIR/obj/patched/.config
[ -f "$CONFIG" ] || die "no patched kernel config: run 'make kernel' first"
command -v sparse >/dev/null || die "sparse is missing: run 'make setup'"

mapfile -t files < <(git -C "$SRC_DIR" diff --name-only --diff-filter=AM "$BASE_TAG..HEAD" -- '*.c' |
	grep -v '^tools/\|^samples/\|^scripts/' || true)
if [ "${#files[@]}" = 0 ]; then
	echo "==> check-warnings: the series touches no kernel C file"
	exit 0
fi

# warnings SRC OBJ FILE...: sparse + W=1 messages for the objects, normalized.
warnings() {
	local src=$1 obj=$2
	shift 2
	mkdir -p "$obj"
	cp "$CONFIG" "$obj/.config"
	kmake "$src" "$obj" -s olddefconfig >/dev/null
	kmake "$src" "$obj" prepare >/dev/null 2>&1
	local f
	for f in "$@"; do
		[ -f "$src/$f" ] || continue
		kmake "$src" "$obj" C=2 W=1 "${f%.c}.o" 2>&1 |
			grep -E 'warning:|error:' | sed -E "s|$src/||; s|:[0-9]+:[0-9]+:|:|; s|:[0-9]+:|:|" || true
	done | sort -u
}

echo "==> check-warnings: ${#files[@]} files: ${files[*]}"
new=$(comm -13 <(warnings "$STOCK_DIR" "$OBJ_S" "${files[@]}") <(warnings "$SRC_DIR" "$OBJ_P" "${files[@]}"))
for f in "${files[@]}"; do
	[ -f "$OBJ_P/${f%.c}.o" ] || echo "    not checked (not built by this config): $f"
done
if [ -n "$new" ]; then
	printf 'New sparse/W=1 warnings:\n%s\n' "$new" >&2
	exit 1
fi
echo "==> check-warnings: no new sparse or W=1 warnings"
