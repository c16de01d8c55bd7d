#!/usr/bin/env python3
"""Where is a hung guest?  Ask QEMU's monitor for every vCPU's registers and
name the kernel function each RIP is in.

    scripts/guest-where.py MONITOR_SOCKET SYSTEM_MAP

Prints one line per vCPU ("CPU 1: RIP ffffffff8103c2d0 kgdb_cpu_enter+0x2a0"),
and a last line "in the kernel debugger" when one of them is in kgdb or its
serial I/O: kgdboc polls a port nobody is attached to and waits forever.
"""
import re
import socket
import sys
import time

from sysmap import function_at, load_map

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
        sym = function_at(addrs, names, ip) if ip >= 0xffffffff00000000 else None
        where = f'{sym[0]}+{sym[1]:#x}' if sym else 'user space'
        print(f'CPU {cpu}: RIP {rip} {where}')
        if sym and KGDB.match(sym[0]):
            in_kgdb = True
    if in_kgdb:
        print('in the kernel debugger')
    return 0


if __name__ == '__main__':
    sys.exit(main())
