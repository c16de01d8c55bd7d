// SPDX-License-Identifier: GPL-2.0
/*
 * A ptrace watchpoint survives suspend to RAM.
 *
 * A traced child on CPU 0 (the boot CPU, which resume does not bring up
 * through CPU hotplug) writes a watched variable once before a suspend and
 * once after; each write must stop it with SIGTRAP and DR6 naming DR0.
 * Before the suspend the child's breakpoints are loaded on CPU 0, so a
 * kernel that still believes CPU 0 holds them after resume (the registers
 * were reset) misses the second write.  The suspend is S3, woken by the
 * RTC alarm.
 *
 * TAP on stdout; exit 0 if every test passed.  Usage: resume_watch [seconds]
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

static void tap(int ok, const char *what)
{
	tests++;
	if (!ok)
		failed++;
	printf("%sok %d %s\n", ok ? "" : "not ", tests, what);
	fflush(stdout);
}

static void pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		exit(1);
	}
}

static void child(void)
{
	pin_to_cpu0();
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(2);
	raise(SIGSTOP);
	watched = 1;	/* before the suspend */
	raise(SIGSTOP);	/* the tracer suspends the machine here */
	watched = 2;	/* after the resume */
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

int main(int argc, char **argv)
{
	const char *secs = argc > 1 ? argv[1] : "3";
	char cmd[160];
	int status, ok;
	pid_t pid;

	printf("TAP version 13\n1..5\n");
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
	tap(cont_to_watchpoint(pid), "write before the suspend stops the child, DR6 says DR0");
	tap(cont_to_sigstop(pid), "child on CPU 0, stopped before the suspend");

	snprintf(cmd, sizeof(cmd),
		 "echo 0 >%1$s && echo +%2$s >%1$s && echo mem >/sys/power/state",
		 "/sys/class/rtc/rtc0/wakealarm", secs);
	tap(system(cmd) == 0, "suspend to RAM and resume (woken by the RTC alarm)");

	tap(cont_to_watchpoint(pid), "write after the resume stops the child, DR6 says DR0");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return failed ? 1 : 0;
}
