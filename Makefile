# hwbp: hardware-breakpoint subsystem for x86, as a patch series on Debian's
# Linux 6.12.  See README.md.  Every target does its own set-up.
#
#   make run            build, boot, show the sample module catching a write
#   make test           build, boot, run KUnit + kselftests + checkpatch
#   make test BASE=stock      the same suite on the unpatched kernel
#   make test-debug     make test with lockdep, KASAN, kmemleak
#   make test-rt        make test on PREEMPT_RT with lockdep
#   make test-kcsan     make test with the KCSAN data-race detector
#   make shell          interactive console in the guest
#   make stress         everything at once for a long run (DURATION=1800 SEED=1 CPUS=4; DEBUG=1 on the debug kernel)
#   make bench          stock vs patched benchmarks, -icount and wall clock (RUNS=5 CPUS=2)
#   make scale          perf bench breakpoint at scale + registration beside 1/100/1000 owners, both kernels (CPUS=4 RUNS=3)
#   make profile        where a benchmark's instructions go, both kernels (BENCH=hit_to_stop; after make bench)
#   make boot-check     boot the kernel 20 times, count clean boots (BOOTS=20 LOAD=0)
#   make tree / export / checkpatch / bisect    the patch-queue loop
#   make warnings       no new sparse or W=1 warnings in the files the series touches
#   make cross          the patched tree still builds for arm64 (perf-based hw_breakpoint)

BASE ?= patched
DEBUG ?= 0
RT ?= 0
KCSAN ?= 0
CPUS ?= 2
export VARIANT := $(BASE)
export DEBUG RT KCSAN CPUS

S := scripts

.PHONY: all setup tree run run-debug shell test test-debug test-rt test-kcsan stress boot-check bench scale profile export checkpatch bisect warnings cross kernel clean help

all: help

help:
	@sed -n 's/^#   //p' Makefile

setup:
	@$(S)/setup-host.sh

tree: setup
	@$(S)/materialize.sh

kernel: tree
	@$(S)/build-kernel.sh

run: tree
	@$(S)/run.sh run

run-debug:
	@$(MAKE) --no-print-directory run DEBUG=1

shell: tree
	@$(S)/run.sh shell

test: tree
	@$(S)/test.sh

# make stress defaults to 4 vCPUs (the Makefile's 2 unless CPUS is given).
STRESS_CPUS = $(if $(filter command line environment,$(origin CPUS)),$(CPUS),4)
stress: tree
	@CPUS=$(STRESS_CPUS) $(S)/stress.sh

boot-check: tree
	@$(S)/boot-check.sh

bench: tree
	@$(S)/bench.sh

# make scale defaults to 4 vCPUs, like make stress.
SCALE_CPUS = $(if $(filter command line environment,$(origin CPUS)),$(CPUS),4)
SCALE_BENCHES = scale_thread,scale_enable,arm_disarm_1,arm_disarm_100,arm_disarm_1000,kbp_register_1,kbp_register_100,kbp_register_1000
scale: tree
	@CPUS=$(SCALE_CPUS) CLOCKS=icount RUNS=$${RUNS:-3} BENCH_ONLY=$(SCALE_BENCHES) $(S)/bench.sh

profile: tree
	@$(S)/bench-profile.sh

test-debug:
	@$(MAKE) --no-print-directory test DEBUG=1

test-rt:
	@$(MAKE) --no-print-directory test RT=1

test-kcsan:
	@$(MAKE) --no-print-directory test KCSAN=1

export:
	@$(S)/export-patches.sh

checkpatch: tree
	@$(S)/checkpatch-series.sh

bisect: tree
	@$(S)/bisect-check.sh

warnings: kernel
	@$(S)/check-warnings.sh

cross: tree
	@$(S)/cross-build.sh

clean:
	rm -rf build/obj build/out
