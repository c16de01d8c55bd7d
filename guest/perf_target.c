// SPDX-License-Identifier: GPL-2.0
/*
 * What Debian's perf watches in the perf/breakpoint suite: "perf_target W
 * [R]" writes the variable target W times, then reads it R times.  Built
 * static and not PIE, so target's address (perf_target.addr) is fixed.
 * target is in .data, not .bss: exec zeroes the part of .bss that shares
 * a page with .data, and a watchpoint that includes kernel mode would
 * count that write too.
 */
#include <stdlib.h>

volatile int target = 1;

int main(int argc, char **argv)
{
	int writes = argc > 1 ? atoi(argv[1]) : 0;
	int reads = argc > 2 ? atoi(argv[2]) : 0;
	int i, sum = 0;

	for (i = 0; i < writes; i++)
		target = i;
	for (i = 0; i < reads; i++)
		sum += target;
	return sum < 0;
}
