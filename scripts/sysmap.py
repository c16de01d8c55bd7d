"""System.map as two sorted lists, for naming kernel addresses."""

import bisect


def load_map(path):
    """([address], [name]) of the text symbols in @path, by address."""
    syms = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[1] in 'tTwW':
                syms.append((int(parts[0], 16), parts[2]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def function_at(addrs, names, ip):
    """The symbol holding @ip and the offset into it, or None."""
    i = bisect.bisect_right(addrs, ip) - 1
    return (names[i], ip - addrs[i]) if i >= 0 else None
