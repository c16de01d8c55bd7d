// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel breakpoint register + unregister on every CPU, timed in the
 * kernel: make bench loads it once per run and reads the result from the
 * kernel log.
 *
 *	insmod hwbp_kbench.ko api=core|wide [rounds=N]
 *
 * api=core: register_kernel_hw_breakpoint() (the hardware breakpoint core);
 * api=wide: register_wide_hw_breakpoint() (perf's, on both kernels).
 * Prints "HWBP-KBENCH <api> <ns per register+unregister>", and for make
 * bench's plugin, which counts instructions and debug-register accesses
 * between the markers around the timed loop (hwbp_mark.h), the interrupts
 * sent meanwhile:
 *
 *	HWBP-PHASE <name> <rounds> <function-call IPIs> <reschedule IPIs>
 */
#include <linux/hw_breakpoint.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <asm/hardirq.h>

#include "hwbp_mark.h"

static char *api = "wide";
module_param(api, charp, 0444);
static int rounds = 200;
module_param(rounds, int, 0444);
static char *name = "kbench";
module_param(name, charp, 0444);

static u64 kbench_target;

#ifdef CONFIG_HW_BREAKPOINT_CORE
static void core_hit(struct hw_breakpoint *bp, struct pt_regs *regs)
{
}

static int one_core(void)
{
	struct hw_breakpoint bp = {
		.address = (unsigned long)&kbench_target,
		.len = HW_BREAKPOINT_LEN_8,
		.type = HW_BREAKPOINT_W,
		.triggered = core_hit,
	};
	int ret = register_kernel_hw_breakpoint(&bp);

	if (!ret)
		unregister_kernel_hw_breakpoint(&bp);
	return ret;
}
#else
static int one_core(void)
{
	return -ENODEV;
}
#endif

static void wide_hit(struct perf_event *bp, struct perf_sample_data *data,
		     struct pt_regs *regs)
{
}

static int one_wide(void)
{
	struct perf_event * __percpu *bp;
	struct perf_event_attr attr;

	hw_breakpoint_init(&attr);
	attr.bp_addr = (unsigned long)&kbench_target;
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	attr.bp_type = HW_BREAKPOINT_W;
	bp = register_wide_hw_breakpoint(&attr, wide_hit, NULL);
	if (IS_ERR(bp))
		return PTR_ERR(bp);
	unregister_wide_hw_breakpoint(bp);
	return 0;
}

/* Function-call and reschedule IPIs received so far, all CPUs. */
static void ipis(u64 *cal, u64 *res)
{
	int cpu;

	*cal = 0;
	*res = 0;
	for_each_possible_cpu(cpu) {
		*cal += per_cpu(irq_stat, cpu).irq_call_count;
		*res += per_cpu(irq_stat, cpu).irq_resched_count;
	}
}

static int __init kbench_init(void)
{
	int (*one)(void) = strcmp(api, "core") ? one_wide : one_core;
	u64 t0, t, cal0, res0, cal, res;
	int i, ret;

	if (rounds < 1)
		return -EINVAL;
	ret = one();		/* warm up, and is the API there? */
	if (ret)
		return ret;
	ipis(&cal0, &res0);
	HWBP_MARK_BEGIN(2);
	t0 = ktime_get_ns();
	for (i = 0; i < rounds; i++) {
		ret = one();
		if (ret)
			break;
	}
	t = ktime_get_ns() - t0;
	HWBP_MARK_END(2);
	ipis(&cal, &res);
	pr_info("HWBP-PHASE %s %d %llu %llu\n", name, rounds, cal - cal0, res - res0);
	if (ret)
		return ret;
	pr_info("HWBP-KBENCH %s %llu\n", api, div_u64(t, rounds));
	return 0;
}

static void __exit kbench_exit(void)
{
}

module_init(kbench_init);
module_exit(kbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hwbp benchmark: kernel breakpoint register + unregister");
