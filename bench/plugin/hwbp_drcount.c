// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp_drcount: a QEMU TCG plugin that counts what make bench cannot see in
 * time under -icount: the debug-register accesses (MOV to/from DR0-DR7,
 * 0F 23 / 0F 21) and the instructions the guest executes, on all vCPUs,
 * between two markers a benchmark executes.
 *
 * A marker is "nopl 0x4857ii0m(%rax)" (0F 1F 80 and a 32-bit displacement,
 * which no compiler emits): ii is the benchmark's id, m is 1 at the start
 * of the measured part and 2 at its end (bench/hwbp_mark.h).  At each end
 * marker the plugin writes one line to QEMU's log (-d plugin -D file):
 *
 *	HWBP-DR <id> insns <n> w <dr0> ... <dr7> r <dr0> ... <dr7>
 *
 * counts since the matching start marker.  Instructions are counted per
 * translation block, so a count may be off by the rest of the block that
 * holds a marker: a few instructions.  The counters are not atomic: use it
 * with -icount (one vCPU runs at a time), as make bench does.
 *
 * With the argument "profile=on" it also counts, between the markers, the
 * instructions executed per translation block, and at the end marker
 * writes the blocks that executed most, by their first address:
 *
 *	HWBP-PROF <id> <address> <insns>
 *
 * (scripts/bench-profile.py turns them into functions).
 *
 * Debian ships no plugin header: the few declarations used are below, from
 * QEMU's documented plugin API (include/qemu/qemu-plugin.h), version 1 as
 * in QEMU 7.2.
 *
 *	qemu-system-x86_64 -plugin hwbp_drcount.so -d plugin -D dr.log ...
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- QEMU plugin API (version 1) ---- */
typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;	/* not looked into */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);

#define PLUGIN_API __attribute__((visibility("default")))

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op, void *ptr,
					      uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_outs(const char *string);

PLUGIN_API int qemu_plugin_version = 1;

/* ---- counting ---- */
#define MARK_MAGIC	0x48570000u
#define MARK_BEGIN	1
#define MARK_END	2

struct counts {
	uint64_t insns;
	uint64_t dr[2][8];	/* [0] writes (0F 23), [1] reads (0F 21) */
};

static struct counts now, start;
static int open_id = -1;

/* The profile: instructions per block start address, while a phase is open. */
#define PROF_SLOTS	(1 << 18)
#define PROF_TOP	300

struct prof_tb {
	uint64_t vaddr;
	uint64_t n;
};

static bool profile;
static struct prof_tb prof[PROF_SLOTS];

static void tb_exec(unsigned int vcpu, void *udata)
{
	const struct prof_tb *tb = udata;
	uint64_t h = (tb->vaddr * 0x9e3779b97f4a7c15ULL) >> 46;
	unsigned int i;

	if (open_id < 0)
		return;
	for (i = 0; i < PROF_SLOTS; i++) {
		struct prof_tb *e = &prof[(h + i) & (PROF_SLOTS - 1)];

		if (e->vaddr == tb->vaddr || !e->n) {
			e->vaddr = tb->vaddr;
			e->n += tb->n;
			return;
		}
	}
}

/* The PROF_TOP busiest blocks of phase @id, then forget them all. */
static void prof_dump(int id)
{
	char line[96];
	int k, i, best;

	for (k = 0; k < PROF_TOP; k++) {
		best = -1;
		for (i = 0; i < PROF_SLOTS; i++)
			if (prof[i].n && (best < 0 || prof[i].n > prof[best].n))
				best = i;
		if (best < 0)
			break;
		snprintf(line, sizeof(line), "HWBP-PROF %d %" PRIx64 " %" PRIu64 "\n", id,
			 prof[best].vaddr, prof[best].n);
		qemu_plugin_outs(line);
		prof[best].n = 0;
	}
	memset(prof, 0, sizeof(prof));
}

static void dr_access(unsigned int vcpu, void *udata)
{
	uintptr_t what = (uintptr_t)udata;

	now.dr[what >> 3][what & 7]++;
}

static void mark(unsigned int vcpu, void *udata)
{
	uint32_t disp = (uint32_t)(uintptr_t)udata;
	int id = (disp >> 8) & 0xff;
	char line[256];
	int n, i, j;

	if ((disp & 0xff) == MARK_BEGIN) {
		start = now;
		open_id = id;
		if (profile)
			memset(prof, 0, sizeof(prof));
		return;
	}
	if (open_id != id) {
		snprintf(line, sizeof(line), "HWBP-DR-ERROR end of %d, open %d\n", id, open_id);
		qemu_plugin_outs(line);
		return;
	}
	open_id = -1;
	n = snprintf(line, sizeof(line), "HWBP-DR %d insns %" PRIu64, id,
		     now.insns - start.insns);
	for (j = 0; j < 2; j++) {
		n += snprintf(line + n, sizeof(line) - n, j ? " r" : " w");
		for (i = 0; i < 8; i++)
			n += snprintf(line + n, sizeof(line) - n, " %" PRIu64,
				      now.dr[j][i] - start.dr[j][i]);
	}
	snprintf(line + n, sizeof(line) - n, "\n");
	qemu_plugin_outs(line);
	if (profile)
		prof_dump(id);
}

/*
 * A MOV to or from a debug register: 0F 23 or 0F 21 and a ModRM byte whose
 * reg field is the register, after any legacy or REX prefixes.  Returns
 * (read << 3 | register), or -1.
 */
static int dr_move(const uint8_t *b, size_t len)
{
	size_t i = 0;

	while (i < len && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 || b[i] == 0xf3 ||
			   b[i] == 0x2e || b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x36 ||
			   b[i] == 0x64 || b[i] == 0x65 || (b[i] & 0xf0) == 0x40))
		i++;
	if (i + 3 > len || b[i] != 0x0f || (b[i + 1] != 0x21 && b[i + 1] != 0x23))
		return -1;
	return (b[i + 1] == 0x21) << 3 | ((b[i + 2] >> 3) & 7);
}

/* The displacement of a marker, or 0. */
static uint32_t marker(const uint8_t *b, size_t len)
{
	uint32_t disp;

	if (len != 7 || b[0] != 0x0f || b[1] != 0x1f || b[2] != 0x80)
		return 0;
	memcpy(&disp, b + 3, 4);
	if ((disp & 0xffff0000u) != MARK_MAGIC ||
	    ((disp & 0xff) != MARK_BEGIN && (disp & 0xff) != MARK_END))
		return 0;
	return disp;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;

	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &now.insns, n);
	if (profile) {
		struct prof_tb *p = malloc(sizeof(*p));	/* lives as long as QEMU */

		if (p) {
			p->vaddr = qemu_plugin_tb_vaddr(tb);
			p->n = n;
			qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, p);
		}
	}
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *b = qemu_plugin_insn_data(insn);
		size_t len = qemu_plugin_insn_size(insn);
		uint32_t disp = marker(b, len);
		int dr = dr_move(b, len);

		if (disp)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark, QEMU_PLUGIN_CB_NO_REGS,
							       (void *)(uintptr_t)disp);
		else if (dr >= 0)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, dr_access,
							       QEMU_PLUGIN_CB_NO_REGS,
							       (void *)(uintptr_t)dr);
	}
}

PLUGIN_API int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
				   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "profile=on")) {
			profile = true;
		} else {
			fprintf(stderr, "hwbp_drcount: unknown argument '%s' (profile=on)\n",
				argv[i]);
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}
