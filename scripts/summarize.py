#!/usr/bin/env python3
"""Turn one guest run into a verdict.

Reads the guest's console log (KUnit's KTAP lines and every kernel message)
and its results stream (one TAP stream per suite between HWBP-SUITE markers),
parses each stream with the kernel's own tools/testing/kunit/kunit.py parse,
applies tests/expected-failures, checks the console for oopses and friends,
prints a per-suite table and ends with "N passed, N failed, N skipped".
Exit status 0 only if nothing unexpected happened.
"""

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile

# Console lines that fail a run whatever the tests said.
BAD_CONSOLE = [
    (re.compile(r'Kernel panic'), 'kernel panic'),
    (re.compile(r'\bOops\b|general protection fault'), 'oops'),
    (re.compile(r'\bBUG[: ]'), 'BUG'),
    (re.compile(r'WARNING: '), 'WARNING'),
    (re.compile(r'possible (recursive|circular) locking|inconsistent lock state|'
                r'lock held when returning|suspicious RCU usage|'
                r'INFO: trying to register non-static key'), 'lockdep report'),
    (re.compile(r'KASAN'), 'KASAN report'),
    (re.compile(r'UBSAN'), 'UBSAN report'),
    (re.compile(r'sleeping function called from invalid context'), 'atomic sleep'),
    (re.compile(r'INFO: task .* blocked for more than'), 'hung task'),
    (re.compile(r'rcu: INFO: .* detected stalls|rcu_.* kthread starved'), 'RCU stall'),
]
# Set up by the rig, not by a test: the sample module's deliberate dump_stack().
OK_CONSOLE = [re.compile(r'value is changed')]


def read_lines(path):
    with open(path, errors='replace') as f:
        return [line.rstrip('\r\n').replace('\r', '') for line in f]


def load_list(path, variant, flavors=()):
    """Lines "variants | suite | test glob | reason" that apply to variant.

    "any" applies to every run, "patched" to the patched kernel's runs with
    and without a checker flavour, "patched-debug" to the runs with the
    debug config only (likewise "-rt", "-kcsan")."""
    entries = []
    if not path or not os.path.exists(path):
        return entries
    for raw in read_lines(path):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        fields = [f.strip() for f in line.split('|')]
        if len(fields) < 3:
            sys.exit(f'{path}: malformed line: {raw}')
        variants = fields[0].split(',')
        names = {'any', variant} | {variant + '-' + f for f in flavors}
        if names & set(variants):
            entries.append({'suite': fields[1], 'test': fields[2],
                            'reason': fields[3] if len(fields) > 3 else '',
                            'used': False})
    return entries


def kunit_parse(kunit_py, lines, log_path):
    """Run kunit.py parse on lines; return [(name, PASS|FAIL|SKIP|ERROR)]."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'in.log')
        out = os.path.join(tmp, 'out.json')
        with open(src, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        with open(log_path, 'w') as log:
            subprocess.run([sys.executable, kunit_py, 'parse', '--json=' + out, src],
                           stdout=log, stderr=subprocess.STDOUT, check=False)
        if not os.path.exists(out):
            return []
        with open(out) as f:
            data = json.load(f)
    cases = []

    def walk(group, prefix):
        for case in group.get('test_cases', []):
            cases.append((prefix + case['name'], case['status']))
        for sub in group.get('sub_groups', []):
            walk(sub, prefix + sub['name'] + '.')

    walk(data, '')
    return cases


def split_results(lines):
    """{suite: (tap lines, rc)} from the results stream; and whether it ended."""
    suites, current, body, ended = {}, None, [], False
    for line in lines:
        m = re.match(r'HWBP-SUITE-BEGIN (\S+)', line)
        if m:
            current, body = m.group(1), []
            continue
        m = re.match(r'HWBP-SUITE-END (\S+) rc=(\d+)', line)
        if m and current:
            suites[current] = (body, int(m.group(2)))
            current = None
            continue
        if line.startswith('HWBP-RESULTS-END'):
            ended = True
        elif current:
            body.append(line)
    if current:
        suites[current] = (body, None)      # never finished
    return suites, ended


def planned(lines):
    for line in lines:
        m = re.match(r'1\.\.(\d+)', line)
        if m:
            return int(m.group(1))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--console', required=True)
    ap.add_argument('--results')
    ap.add_argument('--variant', required=True)
    ap.add_argument('--flavor', action='append', default=[],
                    help='a checker flavour of the run (debug, rt, kcsan); repeatable')
    ap.add_argument('--kunit-py', required=True)
    ap.add_argument('--suites', help='the guest manifest: suites that must report')
    ap.add_argument('--only', help='only the manifest suites matching this glob must report')
    ap.add_argument('--kunit-suites', help='KUnit suites that must report')
    ap.add_argument('--expected-failures')
    ap.add_argument('--tap', action='append', default=[], metavar='NAME=FILE',
                    help='an extra host-side TAP stream (e.g. checkpatch)')
    ap.add_argument('--out', required=True, help='directory for parse logs')
    ap.add_argument('--guest-status', type=int, default=0,
                    help="boot.sh's exit status: 124 timeout, 125 no status")
    args = ap.parse_args()

    problems = []           # failures that are not a test case
    rows = []               # (suite, passed, failed, xfail, skipped, note)
    totals = {'pass': 0, 'fail': 0, 'skip': 0, 'xfail': 0}
    xfails = load_list(args.expected_failures, args.variant, args.flavor)
    os.makedirs(args.out, exist_ok=True)

    if args.guest_status == 124:
        problems.append('the guest timed out (hung?)')
    elif args.guest_status == 125:
        problems.append('the guest died without reporting a status (panic?)')
    elif args.guest_status:
        problems.append(f'the guest reported status {args.guest_status}')
    console = read_lines(args.console) if os.path.exists(args.console) else []
    if not console:
        problems.append(f'no console log at {args.console}')

    streams = {}            # suite -> (lines, rc)
    required = []
    if args.suites:
        for line in read_lines(args.suites):
            if line.strip() and not line.startswith('#'):
                required.append(line.split()[0])
    if args.only:
        required = [r for r in required if fnmatch.fnmatchcase(r, args.only)]
    if args.results is not None:
        res_lines = read_lines(args.results) if os.path.exists(args.results) else []
        got, ended = split_results(res_lines)
        streams.update(got)
        if not ended:
            problems.append('the results stream has no HWBP-RESULTS-END (guest died or hung?)')
    kunit_required = [e['suite'] for e in load_list(args.kunit_suites, args.variant, args.flavor)]

    def parse(suite, lines):
        log = os.path.join(args.out, suite.replace('/', '_') + '.parse.log')
        return kunit_parse(args.kunit_py, lines, log)

    def judge(suite, cases, rc=None, plan=None):
        p = f = x = s = 0
        notes = []
        for name, status in cases:
            hit = next((e for e in xfails if fnmatch.fnmatchcase(suite, e['suite']) and
                        fnmatch.fnmatchcase(name, e['test'])), None)
            if hit:
                hit['used'] = True
            if status == 'SKIP':
                # A skip is a test that did not run: allowed only when listed.
                if hit:
                    s += 1
                else:
                    f += 1
                    notes.append(f'SKIP {name} (not in tests/expected-failures)')
            elif status == 'PASS':
                p += 1
                if hit:
                    problems.append(f'{suite}: "{name}" passed but is listed as an expected '
                                    'failure: remove it from tests/expected-failures')
            elif hit:
                x += 1
            else:
                f += 1
                notes.append(f'FAIL {name}')
        if not cases:
            problems.append(f'{suite}: no tests ran')
            notes.append('no tests ran')
        if plan is not None and plan != len(cases):
            problems.append(f'{suite}: planned {plan} tests, {len(cases)} reported')
        if rc is None and plan is not None:
            problems.append(f'{suite}: did not finish (timed out or crashed)')
        elif rc not in (None, 0) and f == 0 and x == 0:
            problems.append(f'{suite}: exited with status {rc} although no test failed')
        totals['pass'] += p
        totals['fail'] += f
        totals['skip'] += s
        totals['xfail'] += x
        if len(notes) > 3:
            notes = notes[:3] + [f'and {len(notes) - 3} more']
        rows.append((suite, p, f, x, s, '; '.join(notes)))

    # KUnit, from the console.
    kcases = parse('kunit', console)
    by_suite = {}
    for name, status in kcases:
        suite, _, case = name.partition('.')
        by_suite.setdefault(suite, []).append((case or suite, status))
    for suite in kunit_required:
        if suite not in by_suite:
            problems.append(f'kunit/{suite}: no results (did the suite run?)')
            rows.append((f'kunit/{suite}', 0, 0, 0, 0, 'missing'))
    for suite, cases in sorted(by_suite.items()):
        judge(f'kunit/{suite}', cases)

    # Guest suites, from the results stream, in the manifest's order.
    for suite in required + [s for s in streams if s not in required]:
        if suite not in streams:
            problems.append(f'{suite}: no results (suite did not run)')
            rows.append((suite, 0, 0, 0, 0, 'missing'))
            continue
        lines, rc = streams[suite]
        judge(suite, parse(suite, lines), rc, planned(lines) or 0)

    # Host-side streams.
    for spec in args.tap:
        suite, _, path = spec.partition('=')
        lines = read_lines(path) if os.path.exists(path) else []
        judge(suite, parse(suite, lines), 0, planned(lines) or 0)

    # The console: anything bad the tests themselves did not notice, unless
    # tests/expected-failures lists the line (suite "console").
    for line in console:
        if any(ok.search(line) for ok in OK_CONSOLE):
            continue
        for pattern, what in BAD_CONSOLE:
            if pattern.search(line):
                hit = next((e for e in xfails if e['suite'] == 'console' and
                            fnmatch.fnmatchcase(line.strip(), e['test'])), None)
                if hit:
                    hit['used'] = True
                    totals['xfail'] += 1
                else:
                    problems.append(f'console: {what}: {line.strip()}')
                break

    ran = {r[0] for r in rows if r[5] != 'missing'}
    for e in xfails:
        if (e['suite'] in ran or e['suite'] == 'console') and not e['used']:
            print(f'note: expected failure not seen (renamed? not run?): '
                  f'{e["suite"]} | {e["test"]}')

    width = max([len(r[0]) for r in rows] + [5])
    print(f'{"suite":<{width}}  {"pass":>5} {"fail":>5} {"xfail":>5} {"skip":>5}')
    for suite, p, f, x, s, note in rows:
        print(f'{suite:<{width}}  {p:>5} {f:>5} {x:>5} {s:>5}  {note}'.rstrip())
    if totals['xfail']:
        print(f'expected failures (tests/expected-failures): {totals["xfail"]}')
    for pr in problems:
        print(f'PROBLEM: {pr}')
    if problems or totals['fail']:
        print(f'FAILED: see the FAIL and PROBLEM lines above; logs in {os.path.dirname(args.console)}')
    failed = totals['fail'] + len(problems)
    print(f'{totals["pass"]} passed, {failed} failed, {totals["skip"]} skipped')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
