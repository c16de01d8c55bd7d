#!/usr/bin/env bash
# Build (and boot) the kernel after every patch of the series in turn, so a
# bisect never lands on a broken commit.  Slow: one incremental build per
# patch (minutes each with ccache).  Not part of `make test`.
#   BOOT=0 to only build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

WT=$BUILD_DIR/src/linux-bisect
export VARIANT=bisect ALLOW_UNKNOWN_OPTIONS=1
commits=$(git -C "$SRC_DIR" rev-list --reverse "$BASE_TAG..HEAD")
[ -n "$commits" ] || die "no patches on top of $BASE_TAG"

if [ ! -e "$WT/.git" ]; then
	rm -rf "$WT"
	git -C "$SRC_DIR" worktree prune
	git -C "$SRC_DIR" worktree add -q --detach "$WT" "$BASE_TAG"
fi

n=0 total=$(wc -w <<<"$commits") failed=()
for c in $commits; do
	n=$((n + 1))
	subject=$(git -C "$SRC_DIR" log -1 --format=%s "$c")
	echo "==> [$n/$total] $subject"
	git -C "$WT" checkout -q --detach "$c"
	if ! SRC_OVERRIDE=$WT "$HWBP_TOP/scripts/build-kernel.sh"; then
		failed+=("$n build: $subject")
		continue
	fi
	if [ "${BOOT:-1}" = 1 ]; then
		# Boots, KUnit passes, nothing bad on the console.
		out=$BUILD_DIR/out/bisect/probe
		if ! SRC_OVERRIDE=$WT "$HWBP_TOP/scripts/build-initramfs.sh" >/dev/null ||
			! SRC_OVERRIDE=$WT TIMEOUT=600 "$HWBP_TOP/scripts/boot.sh" probe ||
			! python3 "$HWBP_TOP/scripts/summarize.py" --variant bisect \
				--console "$out/console.log" --out "$out/parsed" \
				--kunit-suites "$HWBP_TOP/tests/kunit-suites" \
				--kunit-py "$WT/tools/testing/kunit/kunit.py"; then
			failed+=("$n boot: $subject")
		fi
	fi
done
if [ "${#failed[@]}" != 0 ]; then
	printf 'bisect check FAILED at:\n' >&2
	printf '  %s\n' "${failed[@]}" >&2
	exit 1
fi
echo "==> bisect check: all $total patches build$([ "${BOOT:-1}" = 1 ] && echo ' and boot')"
