#!/usr/bin/env bash
# Build, boot and test the kernel after every patch of the series in turn,
# so a bisect never lands on a broken commit or a regression.  Each patch
# runs the whole guest suite (KUnit, selftests, gdb, perf, kgdbts,
# suspend, hotplug) and is judged against the patch before it
# (scripts/bisect-compare.py): a test that passed there and fails here, or
# a new console problem, is a regression.  Patch 1 is judged against stock
# (run first if build/out/bisect/patch-00 is missing).  Results stay in
# build/out/bisect/patch-NN.  Slow: about 10 minutes a patch with ccache,
# hours for the series; not part of `make test`.
#   BOOT=0 to only build; SELFTESTS=0 to boot and run KUnit only.
#   FROM=N and TO=M for patches N to M only; without patch N-1's results,
#   patch N is only recorded, as the baseline for N+1.
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

RESULTS=$BUILD_DIR/out/bisect
SELFTESTS=${SELFTESTS:-1}
[ "${BOOT:-1}" = 1 ] || SELFTESTS=0
FROM=${FROM:-1}
TO=${TO:-999}

# save_run DIR: keep test.sh's parse logs and output for the next patch.
save_run() {
	rm -rf "$1"
	mkdir -p "$1"
	cp -r "$2/parsed" "$1/parsed"
	cp "$2/test.out" "$1/test.out"
}

# run_tests NAME: the whole guest suite on the worktree's kernel.
run_tests() {
	local out=$BUILD_DIR/out/bisect/test
	rm -rf "$out/parsed"
	mkdir -p "$out"
	SRC_OVERRIDE=$WT "$HWBP_TOP/scripts/test.sh" >"$out/test.out" 2>&1 || true
	[ -d "$out/parsed" ] || return 1
	save_run "$RESULTS/$1" "$out"
}

if [ "$SELFTESTS" = 1 ] && [ "$FROM" = 1 ] && [ ! -d "$RESULTS/patch-00/parsed" ]; then
	echo "==> [0] stock, the baseline for patch 1 (about 10 minutes)"
	(unset ALLOW_UNKNOWN_OPTIONS; VARIANT=stock "$HWBP_TOP/scripts/test.sh" \
		>"$BUILD_DIR/out/stock/test.out" 2>&1) || true
	mkdir -p "$BUILD_DIR/out/stock/test"
	mv "$BUILD_DIR/out/stock/test.out" "$BUILD_DIR/out/stock/test/test.out"
	save_run "$RESULTS/patch-00" "$BUILD_DIR/out/stock/test"
fi

n=0 total=$(wc -w <<<"$commits") failed=()
for c in $commits; do
	n=$((n + 1))
	[ "$n" -ge "$FROM" ] && [ "$n" -le "$TO" ] || continue
	subject=$(git -C "$SRC_DIR" log -1 --format=%s "$c")
	echo "==> [$n/$total] $subject"
	git -C "$WT" checkout -q --detach "$c"
	if ! SRC_OVERRIDE=$WT "$HWBP_TOP/scripts/build-kernel.sh"; then
		failed+=("$n build: $subject")
		continue
	fi
	if [ "$SELFTESTS" = 1 ]; then
		this=$(printf 'patch-%02d' "$n")
		prev=$(printf 'patch-%02d' $((n - 1)))
		if ! run_tests "$this"; then
			failed+=("$n no test results: $subject")
		elif [ ! -d "$RESULTS/$prev/parsed" ]; then
			echo "    no results for patch $((n - 1)): patch $n is the baseline"
		elif ! python3 "$HWBP_TOP/scripts/bisect-compare.py" \
			"$RESULTS/$prev" "$RESULTS/$this"; then
			failed+=("$n regressions (above): $subject")
		fi
	elif [ "${BOOT:-1}" = 1 ]; then
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
last=$((TO < total ? TO : total))
echo "==> bisect check: patches $FROM-$last of $total build$([ "${BOOT:-1}" = 1 ] && echo ' and boot')$([ "$SELFTESTS" = 1 ] && echo ', with no test regressing')"
