#!/usr/bin/env bash
# Render the hardware breakpoint core's page (Documentation/hw_breakpoint.txt,
# included by Documentation/core-api/hw_breakpoint.rst) with the tree's own
# Sphinx setup: make SPHINXDIRS=core-api htmldocs, about a minute.
# Prints TAP: the page rendered, and no Sphinx warning names it (the
# core-api book has warnings of its own upstream, which do not count).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -f "$SRC_DIR/Documentation/Makefile" ] || die "no kernel tree at $SRC_DIR: run 'make tree' first"
command -v /usr/bin/sphinx-build >/dev/null ||
	die "no sphinx-build: run 'make setup' (Debian's python3-sphinx)"
OUT=$BUILD_DIR/obj/htmldocs
LOG=$OUT/htmldocs.log
mkdir -p "$OUT"
page=$OUT/Documentation/output/core-api/hw_breakpoint.html
rm -f "$page"

# htmldocs writes the netlink specs' pages into the source tree even with
# O=; remove what it adds there (make export refuses files git ignores).
untracked() { git -C "$SRC_DIR" ls-files --others --ignored --exclude-standard Documentation/ | sort; }
before=$(untracked)
tidy() {
	comm -13 <(printf '%s\n' "$before") <(untracked) |
		while read -r f; do rm -f "$SRC_DIR/$f"; done
}
trap tidy EXIT

echo "TAP version 13"
echo "1..2"
# Debian's Sphinx runs on Debian's python3, not another one first in PATH.
if PATH=/usr/bin:$PATH make -s -C "$SRC_DIR" O="$OUT" SPHINXDIRS=core-api htmldocs >"$LOG" 2>&1 &&
	[ -s "$page" ]; then
	echo "ok 1 core-api/hw_breakpoint renders"
else
	tail -n 20 "$LOG" | sed 's/^/# /'
	echo "not ok 1 core-api/hw_breakpoint renders (log: $LOG)"
fi
if grep -E 'hw_breakpoint\.(txt|rst).*(WARNING|ERROR|SEVERE)' "$LOG" | sed 's/^/# /' | grep .; then
	echo "not ok 2 no Sphinx warning in the page"
	exit 1
fi
echo "ok 2 no Sphinx warning in the page"
[ -s "$page" ]
