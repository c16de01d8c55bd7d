#!/usr/bin/env bash
# make stress: the stress suite (guest/tests/stress.sh) for a long run on
# one kernel: kernel breakpoint churn, both fuzzers in loops, CPU hotplug
# and kgdbts, all at once, then kmemleak on debug kernels; the console is
# checked for splats.  The last line is "N passed, N failed, N skipped".
#   DURATION=seconds (default 1800)  SEED=n (default 1)  CPUS=n (default 4)
#   DEBUG=1 (lockdep, KASAN, kmemleak: what the long runs are for)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-1800}
SEED=${SEED:-1}
export CPUS=${CPUS:-4}
# The whole guest: the stress, kgdbts, boot and KUnit, with room to spare.
export TIMEOUT=$((DURATION + 1200))
export ONLY='stress/all'
export APPEND="hwbp.stress=$DURATION:$SEED hwbp.suite_timeout=$((DURATION + 600))${APPEND:+ $APPEND}"
echo "==> Stress: $DURATION s, seed $SEED, $CPUS vCPUs on the $(variant_name) kernel"
exec "$HWBP_TOP/scripts/test.sh"
