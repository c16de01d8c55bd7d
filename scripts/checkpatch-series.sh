#!/usr/bin/env bash
# Run the tree's checkpatch.pl --strict on every patch in patches/series.
# Prints TAP (one test per patch); a patch passes only with no error,
# warning or check.  Exit status: 0 when every patch is clean.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -x "$SRC_DIR/scripts/checkpatch.pl" ] || die "no kernel tree at $SRC_DIR: run 'make tree' first"
mapfile -t patches < <(grep -v -e '^#' -e '^[[:space:]]*$' "$PATCH_DIR/series" || true)

# checkpatch runs scripts/spdxcheck.py with "python3": use Debian's, which
# has the python3-ply and python3-git modules it imports.
export PATH=/usr/bin:$PATH

echo "TAP version 13"
echo "1..${#patches[@]}"
n=0 bad=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	if out=$(cd "$SRC_DIR" && ./scripts/checkpatch.pl --strict --quiet --no-summary "$PATCH_DIR/$p" 2>&1) && [ -z "$out" ]; then
		echo "ok $n $p"
	else
		bad=$((bad + 1))
		printf '%s\n' "$out" | sed 's/^/# /'
		echo "not ok $n $p"
	fi
done
# checkpatch caches its CamelCase scan in the tree it runs in; the tree is
# for commits only (make export refuses files git ignores).
rm -f "$SRC_DIR"/.checkpatch-camelcase.git.*
[ "$bad" = 0 ]
