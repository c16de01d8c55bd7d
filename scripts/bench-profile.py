#!/usr/bin/env python3
"""Print a benchmark's busiest kernel functions from the plugin's profile.

Inputs: the kernel's System.map, the guest's results log (HWBP-PHASE lines)
and the plugin's log (HWBP-DR and HWBP-PROF lines, in the same order).  Each
HWBP-PROF line gives a translation block's first address and the
instructions executed in blocks starting there; blocks are charged to the
function that holds their first address, user-space ones to "[user]".
Per benchmark: instructions per operation by function, summed over its runs
and divided by their operations.  The plugin keeps only each phase's
busiest blocks, so the rows add up to less than the total.
"""

import argparse
import sys

from sysmap import function_at, load_map


def symbol(addrs, names, a):
    if a < 1 << 63:
        return '[user]'
    sym = function_at(addrs, names, a)
    return sym[0] if sym else f'{a:#x}'


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('system_map')
    ap.add_argument('results')
    ap.add_argument('drlog')
    ap.add_argument('--top', type=int, default=25)
    args = ap.parse_args()
    addrs, names = load_map(args.system_map)

    phases = []
    with open(args.results, errors='replace') as f:
        for line in f:
            p = line.split()
            if len(p) == 5 and p[0] == 'HWBP-PHASE':
                phases.append((p[1], int(p[2])))
    parts = []          # [(insns, {address: insns})] in order
    with open(args.drlog, errors='replace') as f:
        for line in f:
            p = line.split()
            if p and p[0] == 'HWBP-DR' and len(p) > 3:
                parts.append((int(p[3]), {}))
            elif p and p[0] == 'HWBP-PROF' and len(p) == 4 and parts:
                parts[-1][1][int(p[2], 16)] = int(p[3])
    if len(parts) != len(phases):
        sys.exit(f'{len(phases)} measured parts in {args.results}, {len(parts)} in '
                 f'{args.drlog}: a marker was missed')

    per = {}
    for (name, ops), (insns, prof) in zip(phases, parts):
        if name == 'probe' or ops <= 0:
            continue
        fn = per.setdefault(name, [0, {}, 0])[1]
        per[name][0] += insns
        per[name][2] += ops
        for a, c in prof.items():
            s = symbol(addrs, names, a)
            fn[s] = fn.get(s, 0) + c
    for name, (insns, fn, ops) in per.items():
        print(f'\n{name}: {insns / ops:.0f} instructions per operation ({ops} operations)')
        print('| function | instructions/op | share |')
        print('| --- | --- | --- |')
        for s, c in sorted(fn.items(), key=lambda x: -x[1])[:args.top]:
            print(f'| {s} | {c / ops:.0f} | {100 * c / insns:.1f}% |')
    return 0


if __name__ == '__main__':
    sys.exit(main())
