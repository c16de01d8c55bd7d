#!/usr/bin/env bash
# Export the kernel tree's commits (hwbp-base..HEAD) back to patches/:
# one git format-patch file per commit, the cover letter (its text is
# doc/cover-letter.txt), and a regenerated quilt series file.  Output is
# stable: exporting an unchanged tree gives byte-identical files.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

COVER=$HWBP_TOP/doc/cover-letter.txt
[ -d "$SRC_DIR/.git" ] || die "no kernel tree at $SRC_DIR: run 'make tree' first"
[ -f "$COVER" ] || die "missing $COVER (first line: subject; then a blank line and the body)"
dirty=$(git -C "$SRC_DIR" status --porcelain --untracked-files=no)
[ -z "$dirty" ] || die "uncommitted changes in $SRC_DIR: commit them (git commit --fixup ...) first"
# Debian's .gitignore ignores every top-level entry, so a new file in, say,
# kernel/ is invisible to "git add -A".  Builds are out of tree: any ignored
# file here is a forgotten source file.
ignored=$(git -C "$SRC_DIR" status --porcelain --ignored --untracked-files=all | sed -n 's/^!! //p' | head -n 10)
[ -z "$ignored" ] || die "files git ignores in $SRC_DIR (Debian's .gitignore hides new files):
$ignored
Add them with 'git add -f' and commit, or delete them."
count=$(git -C "$SRC_DIR" rev-list --count "$BASE_TAG..HEAD")
[ "$count" -gt 0 ] || die "no commits on top of $BASE_TAG in $SRC_DIR"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The cover letter's subject and body come from the branch description.
git -C "$SRC_DIR" config "branch.$(git -C "$SRC_DIR" symbolic-ref --short HEAD).description" "$(cat "$COVER")"
# Fixed date for the cover letter (the patches carry their author dates).
GIT_COMMITTER_DATE="$BASE_DATE" git -C "$SRC_DIR" format-patch -q \
	--zero-commit --no-signature --base="$BASE_TAG" \
	--cover-letter --cover-from-description=subject \
	--subject-prefix=PATCH \
	-o "$tmp" "$BASE_TAG..HEAD"

rm -f "$PATCH_DIR"/*.patch
mkdir -p "$PATCH_DIR"
cp "$tmp"/*.patch "$PATCH_DIR/"
{
	echo "# Apply in order on $DEBIAN_PACKAGE $DEBIAN_VERSION (scripts/materialize.sh does)."
	(cd "$PATCH_DIR" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-cover-letter.patch$')
} >"$PATCH_DIR/series"
echo "==> Exported $count patches and the cover letter to patches/"
git -C "$HWBP_TOP" status --short -- patches | sed 's/^/    /'
