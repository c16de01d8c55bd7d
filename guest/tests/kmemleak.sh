#!/bin/sh
# Debug runs: after every other suite, kmemleak must have nothing to report.
. /hwbp/tests/tap.sh
f=/sys/kernel/debug/kmemleak
tap_plan 1
if [ ! -w $f ]; then
	tap_not_ok "kmemleak is available"
	tap_done
fi
# Two scans: an object must look unreferenced twice to be reported.
echo scan >$f; sleep 5; echo scan >$f
leaks=$(grep -c "^unreferenced object" $f)
[ "$leaks" = 0 ] || sed 's/^/# /' $f
tap_check "kmemleak reports no leaks" [ "$leaks" = 0 ]
tap_done
