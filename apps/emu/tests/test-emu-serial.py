#!/usr/bin/env python3
"""-serial and -nographic through the emu binary, driven by qtest:
bytes written to COM1's THR reach the -serial file, and C-a x on the
-nographic mux ends emu with QEMU's "QEMU: Terminated" and status 0.

usage: test-emu-serial.py EMU
"""
import os
import subprocess
import sys
import tempfile

from emutest import require


EMU = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "com1.txt")
    p = subprocess.run([EMU, "-M", "pc", "-accel", "qtest", "-nodefaults",
                        "-serial", f"file:{out}", "-qtest", "stdio",
                        "-qtest-log", "none"],
                       input=b"outb 0x3f8 0x68\noutb 0x3f8 0x69\ninb 0x3fd\n",
                       capture_output=True, timeout=30)
    require(p.returncode == 0, "qtest session ends with status 0 at EOF")
    require(p.stdout == b"OK\nOK\nOK 0x0060\n",
          "THR writes accepted; LSR reads THRE|TEMT afterwards")
    with open(out, "rb") as f:
        require(f.read() == b"hi", "-serial file: received the bytes")

p = subprocess.run([EMU, "-M", "pc", "-accel", "qtest", "-nographic"],
                   input=b"\x01x", capture_output=True, timeout=30)
require(p.returncode == 0 and p.stdout == b"QEMU: Terminated\n\r",
      "-nographic: C-a x terminates emu as QEMU does")
