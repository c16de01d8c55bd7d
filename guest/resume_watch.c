// SPDX-License-Identifier: GPL-2.0
/*
 * A ptrace watchpoint survives suspend to RAM, or its CPU going offline.
 *
 * suspend SECONDS: a traced child on CPU 0 (the boot CPU, which resume does
 * not bring up through CPU hotplug) writes a watched variable once before a
 * suspend and once after; each write must stop it with SIGTRAP and DR6
 * naming DR0.  Before the suspend the child's breakpoints are loaded on
 * CPU 0, so a kernel that still believes CPU 0 holds them after resume (the
 * registers were reset) misses the second write.  The suspend is S3, woken
 * by the RTC alarm.
 *
 * hotplug CPU: the same on CPU N, which goes offline and comes back while
 * the child is stopped (the child moves to another CPU, and the tracer puts
 * it back on CPU N afterwards): CPU N came up with its registers cleared,
 * whatever it held before.
 *
 * TAP on stdout; exit 0 if every test passed.
 * Usage: resume_watch suspend SECONDS | resume_watch hotplug CPU
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define DR_OFFSET(n)	offsetof(struct user, u_debugreg[n])
/* DR7: local enable of DR0, write, 4 bytes. */
#define DR7_DR0_W4	(0x1UL | (0x1UL << 16) | (0x3UL << 18))

static volatile int watched;
static int tests, failed;
static int cpu;		/* where the child runs */

static void tap(int ok, const char *what)
{
	tests++;
	if (!ok)
		failed++;
	printf("%sok %d %s\n", ok ? "" : "not ", tests, what);
	fflush(stdout);
}

static int pin(pid_t pid, int where)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(where, &set);
	return sched_setaffinity(pid, sizeof(set), &set);
}

/* The CPU a stopped task last ran on (field 39 of /proc/PID/stat). */
static int last_cpu(pid_t pid)
{
	char path[64], buf[1024], *p;
	int field, n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');	/* after the command name */
		for (field = 2; p && field < 39; field++)
			p = strchr(p + 1, ' ');
		if (p)
			n = atoi(p + 1);
	}
	fclose(f);
	return n;
}

static void child(void)
{
	if (pin(0, cpu)) {
		perror("sched_setaffinity");
		_exit(1);
	}
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(2);
	raise(SIGSTOP);
	watched = 1;	/* before the suspend */
	raise(SIGSTOP);	/* the tracer suspends, or takes the CPU away, here */
	watched = 2;	/* after the resume, back on the CPU */
	_exit(0);
}

/* Let the child run to its next stop; true if that is a watchpoint stop. */
static int cont_to_watchpoint(pid_t pid)
{
	unsigned long dr6;
	int status;

	if (ptrace(PTRACE_CONT, pid, NULL, NULL))
		return 0;
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGTRAP)
		return 0;
	errno = 0;
	dr6 = ptrace(PTRACE_PEEKUSER, pid, DR_OFFSET(6), NULL);
	if (errno || !(dr6 & 1))
		return 0;
	/* As gdb does: clear DR6 after a watchpoint stop. */
	return ptrace(PTRACE_POKEUSER, pid, DR_OFFSET(6), 0) == 0;
}

static int cont_to_sigstop(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_CONT, pid, NULL, NULL))
		return 0;
	return waitpid(pid, &status, 0) == pid && WIFSTOPPED(status) &&
	       WSTOPSIG(status) == SIGSTOP;
}

static int cont_to_exit(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_CONT, pid, NULL, NULL))
		return 0;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	int hotplug = argc > 2 && !strcmp(argv[1], "hotplug");
	char cmd[200], what[120];
	int status, ok;
	pid_t pid;

	if (argc != 3 || (!hotplug && strcmp(argv[1], "suspend"))) {
		fprintf(stderr, "usage: %s suspend SECONDS | %s hotplug CPU\n",
			argv[0], argv[0]);
		return 2;
	}
	cpu = hotplug ? atoi(argv[2]) : 0;
	printf("TAP version 13\n1..6\n");
	if (!hotplug && !access("/sys/kernel/debug/kcsan", F_OK)) {
		/* See KCSAN_SUSPEND in /hwbp/tests/suspend.sh. */
		for (tests = 1; tests <= 6; tests++)
			printf("ok %d suspend step %d # SKIP KCSAN kernel: resume faults before %%gs is restored\n",
			       tests, tests);
		return 0;
	}
	pid = fork();
	if (pid == 0)
		child();
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		printf("Bail out! child did not stop\n");
		return 1;
	}
	ok = ptrace(PTRACE_POKEUSER, pid, DR_OFFSET(0), (void *)&watched) == 0 &&
	     ptrace(PTRACE_POKEUSER, pid, DR_OFFSET(7), DR7_DR0_W4) == 0;
	tap(ok, "watchpoint on the child's variable armed (DR0, DR7)");
	snprintf(what, sizeof(what),
		 "write before the %s stops the child, DR6 says DR0",
		 hotplug ? "CPU goes offline" : "suspend");
	tap(cont_to_watchpoint(pid), what);
	snprintf(what, sizeof(what), "child stopped, last on CPU %d", cpu);
	tap(cont_to_sigstop(pid) && last_cpu(pid) == cpu, what);

	if (hotplug) {
		snprintf(cmd, sizeof(cmd),
			 "echo 0 >/sys/devices/system/cpu/cpu%1$d/online && "
			 "echo 1 >/sys/devices/system/cpu/cpu%1$d/online", cpu);
		snprintf(what, sizeof(what),
			 "CPU %d offline and online again, child put back on it",
			 cpu);
		tap(system(cmd) == 0 && pin(pid, cpu) == 0, what);
	} else {
		snprintf(cmd, sizeof(cmd),
			 "echo 0 >%1$s && echo +%2$s >%1$s && echo mem >/sys/power/state",
			 "/sys/class/rtc/rtc0/wakealarm", argv[2]);
		tap(system(cmd) == 0, "suspend to RAM and resume (woken by the RTC alarm)");
	}

	snprintf(what, sizeof(what),
		 "write after the %s stops the child on CPU %d, DR6 says DR0",
		 hotplug ? "CPU came back" : "resume", cpu);
	tap(cont_to_watchpoint(pid) && last_cpu(pid) == cpu, what);
	tap(cont_to_exit(pid), "child runs to its end");
	kill(pid, SIGKILL);	/* in case it did not */
	waitpid(pid, &status, 0);
	return failed ? 1 : 0;
}
