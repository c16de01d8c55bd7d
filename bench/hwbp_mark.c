// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_mark: the plugin's markers (hwbp_mark.h) from a shell, around a
 * benchmark that is not ours (perf bench):
 *
 *	hwbp_mark begin; perf bench ...; hwbp_mark end
 *
 * The counts then include the commands' start and exit.
 */
#include <stdio.h>
#include <string.h>

#include "hwbp_mark.h"

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "begin")) {
		HWBP_MARK_BEGIN(3);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "end")) {
		HWBP_MARK_END(3);
		return 0;
	}
	fprintf(stderr, "usage: hwbp_mark begin|end\n");
	return 2;
}
