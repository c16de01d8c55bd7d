#!/usr/bin/env python3
"""Print make bench's table from build/out/bench/<clock>-<variant>-cpus<N>.log.

Each log holds lines "HWBP-BENCH name median min max unit".  Ratios are
patched/stock medians; "extra" rows compare the cost above the benchmark
with no breakpoints.  Targets are issue 6's.
"""

import argparse
import os
import sys

# name: (target ratio, what is compared)
TARGETS = {
    'ctxsw_idle': (1.01, 'context switch, no breakpoints anywhere'),
    'ctxsw_other_has_bps': (1.0, 'context switch, an unrelated task has 4 ptrace watchpoints'),
    'ctxsw_partner_has_bps': (None, 'context switch, one of the pair has 4 ptrace watchpoints'),
    'ctxsw_partner_extra': (0.2, '  extra cost over ctxsw_idle'),
    'arm_disarm': (0.3, 'gdb-style arm/disarm: DR0-3 + DR7 on, DR7 off'),
    'ptrace_floor': (None, '  the same 6 ptrace calls as PEEKUSER (syscall floor)'),
    'arm_disarm_extra': (None, '  arm_disarm above that floor'),
    'hit_to_stop': (1.0, 'watchpoint hit -> tracer stop -> continue'),
    'kbp_register': (1.0, 'kernel breakpoint on all CPUs: register + unregister (core API; stock: wide)'),
    'kbp_wide': (None, '  the same through register_wide_hw_breakpoint() on both'),
    'perf_thread_0bps': (None, 'perf bench breakpoint thread, no breakpoints'),
    'perf_thread_4bps': (1.1, 'perf bench breakpoint thread, 4 inherited breakpoints'),
}

# Measured on the patched kernel only (the core's debugfs counter).
PATCHED_ONLY = {
    'drwrites_other_has_bps': 'DR0-3/DR7 writes per ctxsw round trip, an unrelated task has 4',
    'drwrites_partner_has_bps': 'DR0-3/DR7 writes per ctxsw round trip, the partner process has 4',
}


def load(path):
    res = {}
    with open(path, errors='replace') as f:
        for line in f:
            p = line.split()
            if len(p) == 6 and p[0] == 'HWBP-BENCH':
                res[p[1]] = (float(p[2]), float(p[3]), float(p[4]), p[5])
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('dir')
    ap.add_argument('clocks', nargs='+')
    ap.add_argument('--cpus', default='2')
    args = ap.parse_args()
    missed = 0
    for clock in args.clocks:
        runs = {v: load(os.path.join(args.dir, f'{clock}-{v}-cpus{args.cpus}.log'))
                for v in ('stock', 'patched')}
        for v in runs.values():
            if 'ctxsw_idle' in v and 'ctxsw_partner_has_bps' in v:
                m = v['ctxsw_partner_has_bps'][0] - v['ctxsw_idle'][0]
                v['ctxsw_partner_extra'] = (m, m, m, v['ctxsw_idle'][3])
            if 'arm_disarm' in v and 'ptrace_floor' in v:
                m = v['arm_disarm'][0] - v['ptrace_floor'][0]
                v['arm_disarm_extra'] = (m, m, m, v['arm_disarm'][3])
        print(f'\nclock: {clock} ({"-icount shift=0, repeatable" if clock == "icount" else "wall clock, noisy"}), '
              f'{args.cpus} vCPUs; median [min-max] of the runs')
        print(f'| benchmark | stock | patched | ratio | target | met |')
        print(f'| --- | --- | --- | --- | --- | --- |')
        for name, (target, what) in TARGETS.items():
            s, p = runs['stock'].get(name), runs['patched'].get(name)
            if not s or not p:
                continue

            def cell(r):
                if name.endswith('_extra'):
                    return f'{r[0]:.0f} {r[3]}'
                return f'{r[0]:.0f} [{r[1]:.0f}-{r[2]:.0f}] {r[3]}'
            ratio = p[0] / s[0] if s[0] > 0 else float('inf')
            met = '' if target is None else ('yes' if ratio <= target else 'NO')
            if clock == 'icount' and met == 'NO':
                missed += 1
            tgt = '' if target is None else f'<= {target}'
            print(f'| {name}: {what.strip()} | {cell(s)} | {cell(p)} | {ratio:.3f} | {tgt} | {met} |')
        for name, what in PATCHED_ONLY.items():
            p = runs['patched'].get(name)
            if p:
                print(f'| {name}: {what} | - | {p[0]:.2f} [{p[1]:.2f}-{p[2]:.2f}] {p[3]} | | | |')
    print(f'\ntargets missed under -icount: {missed}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
