#!/usr/bin/env python3
"""Where is a hung guest?  Ask QEMU's monitor for every vCPU's registers and
name the kernel function each RIP is in.

    scripts/guest-where.py MONITOR_SOCKET SYSTEM_MAP

Prints one line per vCPU ("CPU 1: RIP ffffffff8103c2d0 kgdb_cpu_enter+0x2a0"),
and a last line "in the kernel debugger" when one of them is in kgdb or its
serial I/O: kgdboc polls a port nobody is attached to and waits forever.
"""
import bisect
import re
import socket
import sys
import time

KGDB = re.compile(r'^(kgdb_|gdb_serial_stub|kgdboc_|io_serial_in|serial8250_get_poll_char|'
                  r'dbg_|kdb_)')


def monitor(path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.sendall(command.encode() + b'\n')
    out = b''
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        out += chunk
        # The answer is complete once the next prompt follows it.
        if out.count(b'(qemu)') >= 2:
            break
    s.close()
    return out.decode(errors='replace')


def load_map(path):
    addrs, names = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[1] in 'tTwW':
                addrs.append(int(parts[0], 16))
                names.append(parts[2])
    return addrs, names


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    text = monitor(sys.argv[1], 'info registers -a')
    addrs, names = load_map(sys.argv[2])
    in_kgdb = False
    rips = re.findall(r'RIP=([0-9a-f]{16})', text)
    if not rips:
        print('no registers from the QEMU monitor')
        return 1
    for cpu, rip in enumerate(rips):
        ip = int(rip, 16)
        i = bisect.bisect_right(addrs, ip) - 1
        where = f'{names[i]}+{ip - addrs[i]:#x}' if i >= 0 and ip >= 0xffffffff00000000 else 'user space'
        print(f'CPU {cpu}: RIP {rip} {where}')
        if i >= 0 and KGDB.match(names[i]):
            in_kgdb = True
    if in_kgdb:
        print('in the kernel debugger')
    return 0


if __name__ == '__main__':
    sys.exit(main())
