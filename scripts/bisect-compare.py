#!/usr/bin/env python3
"""Compare two `make test` runs of consecutive patches (make bisect).

    bisect-compare.py BEFORE AFTER

Each directory holds a run's parsed/*.parse.log (one per suite, written
by summarize.py) and test.out (scripts/test.sh's output).  An
intermediate patch is judged against the one before it, not against the
final series' expectations: a test that passed before the patch and does
not pass after it is a regression, and so is a console problem (oops,
WARN, lockdep, hang) the run before did not have.  Tests that were
failing already, or that the patch makes pass, are not.  Exit status 1
on any regression.
"""
import glob
import os
import re
import sys

RESULT = re.compile(r'\[(PASSED|FAILED|SKIPPED|CRASHED|ERROR)\] (.*)$')


def results(run):
    """{suite: {test: status}} from a run's parse logs."""
    out = {}
    for path in glob.glob(os.path.join(run, 'parsed', '*.parse.log')):
        suite = os.path.basename(path)[:-len('.parse.log')]
        tests = out.setdefault(suite, {})
        with open(path, errors='replace') as f:
            for line in f:
                m = RESULT.search(line.rstrip('\n'))
                if m:
                    tests[m.group(2).strip()] = m.group(1)
    return out


def problems(run):
    """test.sh's PROBLEM lines, with what changes from run to run masked."""
    path = os.path.join(run, 'test.out')
    if not os.path.exists(path):
        return set()
    found = set()
    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith('PROBLEM: '):
                line = re.sub(r'\[\s*\d+\.\d+\]', '', line)
                line = re.sub(r'0x[0-9a-f]+|\d+', 'N', line)
                found.add(line.strip())
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = sys.argv[1], sys.argv[2]
    old, new = results(before), results(after)
    if not old:
        sys.exit(f'no parse logs in {before}/parsed: was that run complete?')
    bad = []
    for suite, tests in sorted(old.items()):
        if suite in ('checkpatch', 'docs_htmldocs'):
            continue
        now = new.get(suite)
        for test, status in sorted(tests.items()):
            if status != 'PASSED':
                continue
            if now is None:
                bad.append(f'{suite}: no results any more (passed: {test})')
                break
            if now.get(test) != 'PASSED':
                bad.append(f'{suite}: {test}: passed, now {now.get(test, "missing")}')
    for p in sorted(problems(after) - problems(before)):
        bad.append(f'new {p}')
    fixed = sum(1 for s, t in new.items() for n, st in t.items()
                if st == 'PASSED' and old.get(s, {}).get(n) not in (None, 'PASSED'))
    for b in bad:
        print(f'REGRESSION {b}')
    print(f'{len(bad)} regressions, {fixed} tests newly passing')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
