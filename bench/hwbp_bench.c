// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_bench: the costs a debugger and the scheduler feel, the same
 * program on the stock and the patched kernel.
 *
 *	hwbp_bench [-r runs] [name...]
 *	hwbp_bench -H n		(hold n processes with a watchpoint each)
 *
 * Each benchmark runs `runs` times (default 7) and prints one line:
 *
 *	HWBP-BENCH <name> <median> <min> <max> <unit>
 *
 * Times come from CLOCK_MONOTONIC; under QEMU -icount it advances with
 * the instructions executed, which makes the numbers repeatable.
 *
 * The measured part of each run is bracketed by markers for the rig's QEMU
 * plugin (hwbp_mark.h), which counts the instructions and debug-register
 * accesses in it, and followed by a line with the interrupts sent meanwhile:
 *
 *	HWBP-PHASE <name> <operations> <function-call IPIs> <reschedule IPIs>
 *
 * one per marked part, in the order they ran (make bench pairs them with
 * the plugin's lines).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "hwbp_mark.h"

#define DR_OFF(n)	offsetof(struct user, u_debugreg[n])
/* DR7: slots 0-3 enabled (local), write, 8 bytes. */
#define DR7_FOUR_W8	(0x55UL | 0x99990000UL)
#define DR7_ONE_W8	(0x1UL | 0x90000UL)

static uint64_t watched[4] __attribute__((aligned(32)));
static int runs = 7;
static const char *bench_name;	/* the one running, for HWBP-PHASE */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* Interrupts of row @row ("CAL:", "RES:") of /proc/interrupts, all CPUs. */
static long irq_row(const char *text, const char *row)
{
	const char *p = strstr(text, row);
	long sum = 0;
	char *end;

	if (!p)
		return 0;
	p += strlen(row);
	for (;;) {
		long v = strtol(p, &end, 10);

		if (end == p)
			return sum;
		sum += v;
		p = end;
	}
}

static void ipis(long *cal, long *res)
{
	static char text[1 << 16];
	FILE *f = fopen("/proc/interrupts", "r");
	size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

	if (f)
		fclose(f);
	text[n] = 0;
	*cal = irq_row(text, "CAL:");
	*res = irq_row(text, "RES:");
}

/* The measured part of a run: HWBP_MARK_*, the clock and the IPIs. */
static struct {
	long cal, res;
	double t0;
} phase;

static void phase_begin(void)
{
	ipis(&phase.cal, &phase.res);
	HWBP_MARK_BEGIN(1);
	phase.t0 = now_ns();
}

/* The time per operation of the part that began with phase_begin(). */
static double phase_end(int ops)
{
	double t = (now_ns() - phase.t0) / ops;
	long cal, res;

	HWBP_MARK_END(1);
	ipis(&cal, &res);
	printf("HWBP-PHASE %s %d %ld %ld\n", bench_name, ops, cal - phase.cal, res - phase.res);
	fflush(stdout);
	return t;
}

static void pin_cpu(int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		die("sched_setaffinity");
}

static void pin_cpu0(void)
{
	pin_cpu(0);
}

/* A child stopped under ptrace that runs @fn once continued. */
static pid_t traced_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(10);
		raise(SIGSTOP);
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		die("waitpid (stop)");
	return pid;
}

static void poke(pid_t pid, int n, unsigned long val)
{
	if (ptrace(PTRACE_POKEUSER, pid, DR_OFF(n), val))
		die("PTRACE_POKEUSER");
}

/* Give stopped @pid four write watchpoints on watched[] (never written). */
static void arm_four(pid_t pid)
{
	int n;

	for (n = 0; n < 4; n++)
		poke(pid, n, (unsigned long)&watched[n]);
	poke(pid, 7, DR7_FOUR_W8);
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

/* ---- context switch: ping-pong over two pipes on CPU 0 ---- */

#define PINGPONG_ROUNDS	5000

static int ping[2], pong[2];

static void pong_loop(void *unused)
{
	char c;

	while (read(ping[0], &c, 1) == 1)
		if (write(pong[1], &c, 1) != 1)
			break;
	_exit(0);
}

static void pingpong_pipes(void)
{
	if (pipe(ping) || pipe(pong))
		die("pipe");
}

/* Round trips (two context switches each) with the pong_loop() child. */
static void pingpong(void)
{
	char c = 'x';
	int i;

	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			die("ping-pong");
	}
}

/* A child running @fn, with four watchpoints if @four (set, then detached). */
static pid_t spawn(void (*fn)(void *), bool four)
{
	pid_t pid;

	if (four) {
		pid = traced_child(fn, NULL);
		arm_four(pid);
		if (ptrace(PTRACE_DETACH, pid, 0, 0))
			die("PTRACE_DETACH");
		return pid;
	}
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		fn(NULL);
		_exit(0);
	}
	return pid;
}

static void sleeper(void *unused)
{
	for (;;)
		pause();
}

enum { NO_BREAKPOINTS, OTHER_TASK_HAS_FOUR, PARTNER_HAS_FOUR };

static double bench_ctxsw(int mode)
{
	pid_t partner, other = 0;
	double t;

	pin_cpu0();
	pingpong_pipes();
	if (mode == OTHER_TASK_HAS_FOUR)
		other = spawn(sleeper, true);
	partner = spawn(pong_loop, mode == PARTNER_HAS_FOUR);
	pingpong();	/* warm up */
	phase_begin();
	pingpong();
	t = phase_end(PINGPONG_ROUNDS);
	close(ping[1]);
	reap(partner);
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	if (other)
		reap(other);
	return t;
}

/*
 * CPU 0's debug register writes so far, from the core's debugfs (its first
 * line: "cpu0: dr7 0x..., N register writes"); -1 without the core.
 */
static double dr_writes_cpu0(void)
{
	FILE *f = fopen("/sys/kernel/debug/hw_breakpoint/slots", "r");
	char line[256], *p = NULL;
	double n = -1;

	if (f && fgets(line, sizeof(line), f))
		p = strstr(line, ", ");
	if (p)
		n = strtod(p + 2, NULL);
	if (f)
		fclose(f);
	return n;
}

/* DR0-3/DR7 writes per round trip of bench_ctxsw(@mode); -1 without the core. */
static double ctxsw_dr_writes(int mode)
{
	pid_t partner, other = 0;
	double before, after;

	pin_cpu0();
	pingpong_pipes();
	if (mode == OTHER_TASK_HAS_FOUR)
		other = spawn(sleeper, true);
	partner = spawn(pong_loop, mode == PARTNER_HAS_FOUR);
	pingpong();	/* warm up */
	before = dr_writes_cpu0();
	pingpong();
	after = dr_writes_cpu0();
	close(ping[1]);
	reap(partner);
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	if (other)
		reap(other);
	if (before < 0 || after < 0)
		return -1;
	/* The two debugfs reads switch too: a few writes of noise at most. */
	return (after - before) / PINGPONG_ROUNDS;
}

static double ctxsw_idle(void) { return bench_ctxsw(NO_BREAKPOINTS); }
static double ctxsw_other_has_bps(void) { return bench_ctxsw(OTHER_TASK_HAS_FOUR); }
static double ctxsw_partner_has_bps(void) { return bench_ctxsw(PARTNER_HAS_FOUR); }
static double drw_other_has_bps(void) { return ctxsw_dr_writes(OTHER_TASK_HAS_FOUR); }
static double drw_partner_has_bps(void) { return ctxsw_dr_writes(PARTNER_HAS_FOUR); }

/* ---- gdb-style arm/disarm: DR0-3 + DR7 on, DR7 off ---- */

#define ARM_ROUNDS	1000

static void nothing(void *unused)
{
}

/* The cycle with @others processes holding four watchpoints each meanwhile. */
static double arm_disarm_beside(int others)
{
	pid_t pid, *other = calloc(others + 1, sizeof(*other));
	double t;
	int i;

	if (!other)
		die("calloc");
	for (i = 0; i < others; i++)
		other[i] = spawn(sleeper, true);
	pid = traced_child(nothing, NULL);
	phase_begin();
	for (i = 0; i < ARM_ROUNDS; i++) {
		arm_four(pid);
		poke(pid, 7, 0);
	}
	t = phase_end(ARM_ROUNDS);
	reap(pid);
	for (i = 0; i < others; i++)
		reap(other[i]);
	free(other);
	return t;
}

static double arm_disarm(void) { return arm_disarm_beside(0); }

/* Registration must not walk the other owners: flat from 1 to 1000. */
static double arm_disarm_1(void) { return arm_disarm_beside(1); }
static double arm_disarm_100(void) { return arm_disarm_beside(100); }
static double arm_disarm_1000(void) { return arm_disarm_beside(1000); }

/*
 * The floor under arm_disarm: the same six ptrace calls, as reads that
 * touch no breakpoint.  What arm_disarm costs above this is the
 * breakpoint work itself.
 */
static double ptrace_floor(void)
{
	pid_t pid = traced_child(nothing, NULL);
	double t;
	int i, n;

	phase_begin();
	for (i = 0; i < ARM_ROUNDS; i++) {
		for (n = 0; n < 4; n++)
			ptrace(PTRACE_PEEKUSER, pid, DR_OFF(n), 0);
		ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
		ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
	}
	t = phase_end(ARM_ROUNDS);
	reap(pid);
	return t;
}

/* ---- a watchpoint hit: trap, tracer stop, continue ---- */

#define HIT_ROUNDS	1000

static void write_loop(void *unused)
{
	int i;

	for (i = 0; i < HIT_ROUNDS + 1; i++)
		*(volatile uint64_t *)&watched[0] = i;
}

static void int3_loop(void *unused)
{
	int i;

	for (i = 0; i < HIT_ROUNDS + 1; i++)
		asm volatile("int3");
}

/*
 * Where tracer and tracee run decides what a hit costs (the same CPU
 * switches between their address spaces at every hit, two CPUs wake each
 * other), and left to the scheduler it varies from run to run: each is
 * pinned.  The tracee runs @fn on @tracee_cpu, the tracer stays on CPU 0
 * and continues it from each SIGTRAP stop; @watch: with a write
 * watchpoint on what write_loop() writes.
 */
static double trap_to_stop(void (*fn)(void *), int tracee_cpu, bool watch)
{
	pid_t pid;
	double t;
	int i, status;

	pin_cpu(tracee_cpu);
	pid = traced_child(fn, NULL);
	pin_cpu0();

	if (watch) {
		poke(pid, 0, (unsigned long)&watched[0]);
		poke(pid, 7, DR7_ONE_W8);
	}
	phase_begin();
	for (i = 0; i < HIT_ROUNDS; i++) {
		if (ptrace(PTRACE_CONT, pid, 0, 0))
			die("PTRACE_CONT");
		if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
		    WSTOPSIG(status) != SIGTRAP) {
			fprintf(stderr, "%s: status 0x%x\n", bench_name, status);
			exit(2);
		}
	}
	t = phase_end(HIT_ROUNDS);
	reap(pid);
	return t;
}

/* A debugger on one CPU and the program it debugs on another. */
static double hit_to_stop(void) { return trap_to_stop(write_loop, 1, true); }
/* Both on one CPU. */
static double hit_to_stop_1cpu(void) { return trap_to_stop(write_loop, 0, true); }

/*
 * The floor under hit_to_stop: the same trap, stop and continue, placed
 * the same way, from an int3 instead of a watchpoint.  What hit_to_stop
 * costs above it is the breakpoint's own work.
 */
static double trap_floor(void) { return trap_to_stop(int3_loop, 1, false); }

/* ---- a CPU-bound perf breakpoint event: other CPUs take no #DB ---- */

#define OTHER_ROUNDS	1000

static void write_watched0(void)
{
	*(volatile uint64_t *)&watched[0] += 1;
}

/*
 * Writes on CPU 1 to what a perf event bound to CPU 0 watches (perf stat
 * -C 0 -e mem:ADDR:w): nothing to count, and no debug exception should
 * come (the plugin counts one DR6 read per #DB).  Checks that the event
 * counts on its own CPU.
 */
static double perf_cpu_bound_other(void)
{
	struct perf_event_attr attr;
	uint64_t count = 0;
	double t;
	int fd, i;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (unsigned long)&watched[0];
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, 0);
	if (fd < 0)
		die("perf_event_open (CPU 0)");

	pin_cpu(1);
	phase_begin();
	for (i = 0; i < OTHER_ROUNDS; i++)
		write_watched0();
	t = phase_end(OTHER_ROUNDS);

	pin_cpu0();
	write_watched0();
	if (read(fd, &count, sizeof(count)) != sizeof(count) || count != 1) {
		fprintf(stderr, "perf_cpu_bound_other: counted %llu, want 1\n",
			(unsigned long long)count);
		exit(2);
	}
	close(fd);
	return t;
}

static const struct bench {
	const char *name;
	double (*fn)(void);
	const char *unit;
} benches[] = {
	{ "ctxsw_idle", ctxsw_idle, "ns/roundtrip" },
	{ "ctxsw_other_has_bps", ctxsw_other_has_bps, "ns/roundtrip" },
	{ "ctxsw_partner_has_bps", ctxsw_partner_has_bps, "ns/roundtrip" },
	/* The core only (stock has no counter): printed on the patched kernel. */
	{ "drwrites_other_has_bps", drw_other_has_bps, "writes/roundtrip" },
	{ "drwrites_partner_has_bps", drw_partner_has_bps, "writes/roundtrip" },
	{ "arm_disarm", arm_disarm, "ns/cycle" },
	{ "arm_disarm_1", arm_disarm_1, "ns/cycle" },
	{ "arm_disarm_100", arm_disarm_100, "ns/cycle" },
	{ "arm_disarm_1000", arm_disarm_1000, "ns/cycle" },
	{ "ptrace_floor", ptrace_floor, "ns/cycle" },
	{ "hit_to_stop", hit_to_stop, "ns/hit" },
	{ "hit_to_stop_1cpu", hit_to_stop_1cpu, "ns/hit" },
	{ "trap_floor", trap_floor, "ns/hit" },
	{ "perf_cpu_bound_other", perf_cpu_bound_other, "ns/write" },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void run(const struct bench *b)
{
	double v[64];
	int i, n = runs;

	bench_name = b->name;
	for (i = 0; i < n; i++) {
		pid_t pid;
		int status;
		int fd[2];

		/* Each run in a fresh child: no state carried over. */
		if (pipe(fd))
			die("pipe");
		pid = fork();
		if (pid == 0) {
			double r = b->fn();

			if (write(fd[1], &r, sizeof(r)) != sizeof(r))
				_exit(3);
			_exit(0);
		}
		close(fd[1]);
		if (read(fd[0], &v[i], sizeof(v[i])) != sizeof(v[i]) ||
		    waitpid(pid, &status, 0) != pid || status) {
			fprintf(stderr, "%s: run %d failed (status 0x%x)\n", b->name, i, status);
			exit(2);
		}
		close(fd[0]);
	}
	qsort(v, n, sizeof(v[0]), cmp_double);
	if (v[0] < 0)	/* not measurable on this kernel */
		return;
	printf("HWBP-BENCH %s %.1f %.1f %.1f %s\n", b->name, v[n / 2], v[0], v[n - 1], b->unit);
	fflush(stdout);
}

static volatile sig_atomic_t stop_holding;

static void on_term(int sig)
{
	stop_holding = 1;
}

/*
 * hwbp_bench -H N: hold N processes with one watchpoint each (ptrace'd,
 * then detached) until SIGTERM, for benchmarks that run beside them.
 * Prints "HWBP-HOLDING N" once they all have theirs.
 */
static int hold(int n)
{
	pid_t *pid = calloc(n, sizeof(*pid));
	int i;

	if (!pid)
		die("calloc");
	signal(SIGTERM, on_term);
	for (i = 0; i < n; i++) {
		pid[i] = traced_child(sleeper, NULL);
		poke(pid[i], 0, (unsigned long)&watched[0]);
		poke(pid[i], 7, DR7_ONE_W8);
		if (ptrace(PTRACE_DETACH, pid[i], 0, 0))
			die("PTRACE_DETACH");
	}
	printf("HWBP-HOLDING %d\n", n);
	fflush(stdout);
	while (!stop_holding)
		sleep(1);
	for (i = 0; i < n; i++)
		reap(pid[i]);
	free(pid);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int i;
	int opt, a;

	while ((opt = getopt(argc, argv, "r:H:")) != -1) {
		if (opt == 'H')
			return hold(atoi(optarg));
		if (opt != 'r')
			return 2;
		runs = atoi(optarg);
		if (runs < 1 || runs > 64)
			return 2;
	}
	for (i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		if (optind == argc) {
			run(&benches[i]);
			continue;
		}
		for (a = optind; a < argc; a++)
			if (!strcmp(argv[a], benches[i].name))
				run(&benches[i]);
	}
	return 0;
}
