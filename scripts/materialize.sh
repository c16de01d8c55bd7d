#!/usr/bin/env bash
# Build the kernel git tree under build/src/linux: Debian's source as one
# deterministic base commit (tagged), then one commit per patch in
# patches/series.  Also keeps build/src/linux-stock, a worktree at the base.
#
# Safe to re-run: an up-to-date tree is left alone; a tree whose commits
# differ from patches/ is rebuilt, unless it holds commits that were never
# exported (then it stops and tells you what to do).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

check_tarball() {
	[ -f "$TARBALL" ] || die "$TARBALL is missing: run 'make setup' (it installs $DEBIAN_PACKAGE)"
	local have_version have_sha
	have_version=$(dpkg-query -W -f='${Version}' "$DEBIAN_PACKAGE" 2>/dev/null || echo unknown)
	have_sha=$(sha256sum "$TARBALL" | cut -d' ' -f1)
	if [ "$have_sha" != "$TARBALL_SHA256" ]; then
		cat >&2 <<-MSG
		#####################################################################
		WARNING: the base kernel source is not the recorded one.
		  recorded: $DEBIAN_PACKAGE $DEBIAN_VERSION (sha256 $TARBALL_SHA256)
		  found:    $DEBIAN_PACKAGE $have_version (sha256 $have_sha)
		Carrying on: the patches are applied to what was found.  If they
		apply and the tests pass, record the new version and hash in base.conf.
		#####################################################################
		MSG
	fi
}

unpack_base() {
	local tmp=$BUILD_DIR/src/.unpack
	rm -rf "$tmp" "$SRC_DIR"
	mkdir -p "$tmp"
	tar -C "$tmp" -xf "$TARBALL"
	mv "$tmp/$TARBALL_TOPDIR" "$SRC_DIR"
	rmdir "$tmp"
	(
		cd "$SRC_DIR"
		git init -q -b "$BASE_BRANCH"
		git config user.name "$(git -C "$HWBP_TOP" config user.name || echo hwbp)"
		git config user.email "$(git -C "$HWBP_TOP" config user.email || echo hwbp@localhost)"
		git config core.abbrev 12
		git config gc.auto 0
		# -f: the tarball may hold files the kernel's .gitignore names.
		git add -A -f .
		GIT_AUTHOR_NAME="$BASE_AUTHOR_NAME" GIT_AUTHOR_EMAIL="$BASE_AUTHOR_EMAIL" \
		GIT_COMMITTER_NAME="$BASE_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$BASE_AUTHOR_EMAIL" \
		GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE" \
			git commit -q -m "Linux $KERNEL_VERSION ($DEBIAN_PACKAGE $DEBIAN_VERSION)"
		git tag "$BASE_TAG"
	)
}

series_patches() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$PATCH_DIR/series" 2>/dev/null || true
}

# patch-ids of the series as exported, and of the tree's commits.
series_ids() {
	local p
	series_patches | while read -r p; do
		git patch-id --stable <"$PATCH_DIR/$p" | cut -d' ' -f1
	done
}
tree_ids() {
	local c
	git -C "$SRC_DIR" rev-list --reverse "$BASE_TAG..HEAD" | while read -r c; do
		git -C "$SRC_DIR" show "$c" | git patch-id --stable | cut -d' ' -f1
	done
}

apply_series() {
	local p n=0
	git -C "$SRC_DIR" checkout -q -B "$BASE_BRANCH" "$BASE_TAG"
	while read -r p; do
		[ -n "$p" ] || continue
		if ! git -C "$SRC_DIR" am -q --keep-cr --committer-date-is-author-date "$PATCH_DIR/$p"; then
			git -C "$SRC_DIR" am --abort || true
			die "patches/$p does not apply to $DEBIAN_PACKAGE $(dpkg-query -W -f='${Version}' "$DEBIAN_PACKAGE" 2>/dev/null) (recorded: $DEBIAN_VERSION).
Install the recorded version (apt-get install $DEBIAN_PACKAGE=$DEBIAN_VERSION), or rebase the series on the new base and record it in base.conf."
		fi
		n=$((n + 1))
	done < <(series_patches)
	printf '    applied %d patches on %s\n' "$n" "$BASE_TAG"
}

ensure_stock_worktree() {
	if [ ! -e "$STOCK_DIR/.git" ]; then
		rm -rf "$STOCK_DIR"
		git -C "$SRC_DIR" worktree prune
		git -C "$SRC_DIR" worktree add -q --detach "$STOCK_DIR" "$BASE_TAG"
	fi
}

main() {
	mkdir -p "$BUILD_DIR/src"
	check_tarball
	if ! git -C "$SRC_DIR" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null 2>&1; then
		step "Unpacking $TARBALL into a git tree (a few minutes, once)" unpack_base
	fi
	ensure_stock_worktree

	if [ "$(tree_ids)" = "$(series_ids)" ] && [ -z "$(git -C "$SRC_DIR" status --porcelain --untracked-files=no)" ]; then
		printf '==> Kernel tree is up to date with patches/ (%s)\n' "$SRC_DIR"
		return
	fi
	if [ "${FORCE:-0}" != 1 ]; then
		local unexported dirty
		unexported=$(comm -23 <(tree_ids | sort) <(series_ids | sort))
		dirty=$(git -C "$SRC_DIR" status --porcelain --untracked-files=no)
		if [ -n "$unexported" ] || [ -n "$dirty" ]; then
			die "$SRC_DIR has commits or changes that patches/ does not have.
Export them first ('make export'), or throw them away with 'make tree FORCE=1'."
		fi
	fi
	step "Applying patches/series to $BASE_TAG" apply_series
}

main "$@"
