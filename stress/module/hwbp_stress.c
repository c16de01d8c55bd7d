// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_stress: kernel breakpoints registered and unregistered at a high
 * rate, with mixed priorities, by kthreads that migrate between CPUs, for
 * scripts/stress.sh.  Each thread keeps up to three breakpoints on its own
 * variables and writes them: a breakpoint that was armed all the time
 * (installed, and not uninstalled since) must see every write.  Under
 * QEMU's TCG a #DB may also report an older hit of another register again,
 * so extra hits are counted, not failed.
 *
 * /sys/kernel/debug/hwbp_stress: iterations, registrations, -ENOSPC,
 * evictions seen, lost hits, extra hits, other errors, misses explained by
 * an eviction under way.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/hw_breakpoint.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <asm/debugreg.h>
#include <linux/seq_file.h>

static int nthreads = 2;
module_param(nthreads, int, 0444);
MODULE_PARM_DESC(nthreads, "kthreads, each with up to 3 breakpoints (default 2)");

#define SLOTS	3
#define MAX_THREADS 8

struct stress_slot {
	struct hw_breakpoint bp;
	bool registered;
	atomic_t hits;
	atomic_t armed;		/* installed and not uninstalled since */
	atomic_t changes;	/* installed or uninstalled calls */
};

struct stress_thread {
	struct task_struct *task;
	struct stress_slot slot[SLOTS];
	u64 var[SLOTS] __aligned(8);
};

static struct stress_thread threads[MAX_THREADS];
static atomic64_t n_iter, n_reg, n_enospc, n_evict, n_lost, n_extra, n_err, n_raced;
static struct dentry *stats;

static void stress_triggered(struct hw_breakpoint *bp, struct pt_regs *regs)
{
	atomic_inc(&container_of(bp, struct stress_slot, bp)->hits);
}

static void stress_installed(struct hw_breakpoint *bp)
{
	struct stress_slot *s = container_of(bp, struct stress_slot, bp);

	atomic_set(&s->armed, 1);
	atomic_inc(&s->changes);
}

static void stress_uninstalled(struct hw_breakpoint *bp)
{
	struct stress_slot *s = container_of(bp, struct stress_slot, bp);

	atomic_set(&s->armed, 0);
	atomic_inc(&s->changes);
	atomic64_inc(&n_evict);
}

static const int prios[] = {
	HW_BREAKPOINT_PRIO_LOW, HW_BREAKPOINT_PRIO_NORMAL, 50, HW_BREAKPOINT_PRIO_PERF - 1,
};

static void stress_register(struct stress_thread *t, int i)
{
	static const u8 lens[] = { 1, 2, 4, 8 };
	struct stress_slot *s = &t->slot[i];
	u8 len = lens[get_random_u32_below(4)];
	int ret;

	memset(&s->bp, 0, sizeof(s->bp));
	s->bp.address = (unsigned long)&t->var[i] + get_random_u32_below(8 / len) * len;
	s->bp.len = len;
	s->bp.type = get_random_u32_below(2) ? HW_BREAKPOINT_W : HW_BREAKPOINT_RW;
	s->bp.priority = prios[get_random_u32_below(ARRAY_SIZE(prios))];
	s->bp.triggered = stress_triggered;
	s->bp.installed = stress_installed;
	s->bp.uninstalled = stress_uninstalled;
	atomic_set(&s->armed, 0);
	ret = register_kernel_hw_breakpoint(&s->bp);
	if (ret == -ENOSPC) {
		atomic64_inc(&n_enospc);
		return;
	}
	if (ret) {
		pr_err("hwbp_stress: register: %d\n", ret);
		atomic64_inc(&n_err);
		return;
	}
	s->registered = true;
	atomic64_inc(&n_reg);
}

/* Write each registered slot's variable a few times; check the hits. */
static void stress_write(struct stress_thread *t)
{
	int i, k, n = 1 + get_random_u32_below(4);

	for (i = 0; i < SLOTS; i++) {
		struct stress_slot *s = &t->slot[i];
		unsigned long dr7, shadow, dr[4];
		int hits0, changes0, got, cpu;
		bool armed;

		if (!s->registered)
			continue;
		changes0 = atomic_read(&s->changes);
		armed = atomic_read(&s->armed);
		hits0 = atomic_read(&s->hits);
		/* One 8-byte store covers the breakpoint whatever its length. */
		preempt_disable();
		for (k = 0; k < n; k++)
			WRITE_ONCE(t->var[i], k);
		got = atomic_read(&s->hits) - hits0;
		/* What this CPU had armed, for the report of a loss. */
		get_debugreg(dr7, 7);
		get_debugreg(dr[0], 0);
		get_debugreg(dr[1], 1);
		get_debugreg(dr[2], 2);
		get_debugreg(dr[3], 3);
		shadow = this_cpu_read(cpu_dr7);
		cpu = smp_processor_id();
		preempt_enable();
		if (!armed || atomic_read(&s->changes) != changes0)
			continue;
		/*
		 * The core tells an evicted breakpoint before it disarms it,
		 * but a kernel debugger takes its registers first, and the
		 * core tells their breakpoints later, from a work item: a
		 * miss is a loss only if no call follows.
		 */
		for (k = 0; got < n && k < 5; k++) {
			msleep(k ? 100 : 10);
			if (atomic_read(&s->changes) != changes0)
				break;
		}
		if (got < n && atomic_read(&s->changes) != changes0) {
			atomic64_inc(&n_raced);
			continue;
		}
		if (got < n) {
			pr_err_ratelimited("hwbp_stress: %d of %d writes seen on CPU %d, DR7 %#lx cpu_dr7 %#lx DR0-3 %lx %lx %lx %lx slot %d (prio %d, %s at %px len %u)\n",
					   got, n, cpu, dr7, shadow, dr[0], dr[1], dr[2], dr[3],
					   s->bp.slot, s->bp.priority,
					   s->bp.type == HW_BREAKPOINT_W ? "w" : "rw",
					   (void *)s->bp.address, s->bp.len);
			atomic64_add(n - got, &n_lost);
		} else if (got > n) {
			atomic64_add(got - n, &n_extra);
		}
	}
}

static int stress_thread_fn(void *data)
{
	struct stress_thread *t = data;
	unsigned long iter = 0;
	int i;

	while (!kthread_should_stop()) {
		i = get_random_u32_below(SLOTS);
		if (t->slot[i].registered) {
			unregister_kernel_hw_breakpoint(&t->slot[i].bp);
			t->slot[i].registered = false;
		} else {
			stress_register(t, i);
		}
		stress_write(t);
		atomic64_inc(&n_iter);
		/* Move to a random CPU now and then (it may be offline). */
		if (!(++iter % 64)) {
			int cpu = cpumask_any_distribute(cpu_online_mask);

			set_cpus_allowed_ptr(current, cpumask_of(cpu));
			set_cpus_allowed_ptr(current, cpu_possible_mask);
		}
		cond_resched();
	}
	for (i = 0; i < SLOTS; i++)
		if (t->slot[i].registered)
			unregister_kernel_hw_breakpoint(&t->slot[i].bp);
	return 0;
}

static int stress_show(struct seq_file *m, void *v)
{
	seq_printf(m, "iterations %lld\nregistered %lld\nenospc %lld\nevictions %lld\n",
		   atomic64_read(&n_iter), atomic64_read(&n_reg),
		   atomic64_read(&n_enospc), atomic64_read(&n_evict));
	seq_printf(m, "lost %lld\nextra %lld\nerrors %lld\nraced %lld\n",
		   atomic64_read(&n_lost), atomic64_read(&n_extra), atomic64_read(&n_err),
		   atomic64_read(&n_raced));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stress);

static void stress_stop(int n)
{
	while (n--)
		kthread_stop(threads[n].task);
}

static int __init stress_init(void)
{
	int i;

	if (nthreads < 1 || nthreads > MAX_THREADS)
		return -EINVAL;
	for (i = 0; i < nthreads; i++) {
		threads[i].task = kthread_run(stress_thread_fn, &threads[i], "hwbp_stress/%d", i);
		if (IS_ERR(threads[i].task)) {
			stress_stop(i);
			return PTR_ERR(threads[i].task);
		}
	}
	stats = debugfs_create_file("hwbp_stress", 0444, NULL, NULL, &stress_fops);
	return 0;
}

static void __exit stress_exit(void)
{
	debugfs_remove(stats);
	stress_stop(nthreads);
}

module_init(stress_init);
module_exit(stress_exit);
MODULE_DESCRIPTION("Kernel breakpoint churn for the hardware breakpoint core's stress test");
MODULE_LICENSE("GPL");
