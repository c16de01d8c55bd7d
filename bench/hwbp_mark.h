/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Markers for the rig's QEMU plugin (bench/plugin/hwbp_drcount.c): the
 * plugin counts instructions and debug-register accesses between
 * HWBP_MARK_BEGIN(id) and HWBP_MARK_END(id).  Each is one NOP (nopl with a
 * 32-bit displacement no compiler emits): nothing on other machines.
 * For user programs and kernel modules alike; id is 1-255.
 */
#ifndef HWBP_MARK_H
#define HWBP_MARK_H

#define HWBP_MARK(id, what) \
	asm volatile("nopl %c0(%%rax)" :: "i" (0x48570000 | ((id) << 8) | (what)) : "memory")
#define HWBP_MARK_BEGIN(id)	HWBP_MARK(id, 1)
#define HWBP_MARK_END(id)	HWBP_MARK(id, 2)

#endif
