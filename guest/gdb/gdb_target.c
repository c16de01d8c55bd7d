// SPDX-License-Identifier: GPL-2.0
/*
 * The program guest/tests/gdb_session.sh debugs: a worker thread touches
 * each watched variable once, in order, while main waits in pthread_join().
 */
#include <pthread.h>

volatile long counter;		/* watch: written once, 0 -> 1 */
volatile long rvar = 5;		/* rwatch: read once */
volatile long avar;		/* awatch: written once, 0 -> 6 */
volatile long w[5];		/* four watchpoints, then a fifth */

void __attribute__((noinline)) marker(int n)	/* hbreak */
{
	asm volatile("" : : "r" (n) : "memory");
}

static void *worker(void *arg)
{
	long x, i;

	counter = 1;
	x = rvar;
	avar = x + 1;
	marker(1);
	for (i = 0; i < 5; i++)
		w[i] = i + 1;
	return arg;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL))
		return 1;
	pthread_join(t, NULL);
	return 0;
}
