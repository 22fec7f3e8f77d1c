#!/usr/bin/env python3
"""The qtest protocol on the wire: a fixed script of requests (with the
asynchronous IRQ lines they cause) through
"emu -M pc -accel qtest -nodefaults -qtest stdio", every response checked
byte for byte against the expected text (QEMU 7.2's); when
qemu-system-x86_64 is installed, the same script also runs through
"qemu-system-x86_64 -M pc -accel tcg -S -display none -nodefaults -qtest
stdio" and both must answer the same bytes.  QEMU 7.2 lacks the qtest
accelerator, so the clock commands are emu-only; so are the malformed
requests (QEMU aborts on them).  Then emu's own behaviour: exit status on
EOF, isa-debug-exit, SIGTERM, -qtest-log.

usage: test-qtest-protocol.py EMU
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

EMU = sys.argv[1]
QEMU = shutil.which("qemu-system-x86_64")
FAILED = False

# (request, response) both QEMU and emu define; isa-serial at 0x3f8.
COMMON = [
    ("endianness", "OK little"),
    ("writeb 0x100000 0x12", "OK"),
    ("readb 0x100000", "OK 0x0000000000000012"),
    ("writew 0x100000 0xabcd", "OK"),
    ("readw 0x100000", "OK 0x000000000000abcd"),
    ("writel 0x100000 0x11223344", "OK"),
    ("readl 0x100000", "OK 0x0000000011223344"),
    ("writeq 0x100008 0x0102030405060708", "OK"),
    ("readq 0x100008", "OK 0x0102030405060708"),
    ("read 0x100000 16", "OK 0x44332211000000000807060504030201"),
    ("b64read 0x100000 16", "OK RDMiEQAAAAAIBwYFBAMCAQ=="),
    ("write 0x100020 4 0xdeadbeef", "OK"),
    ("read 0x100020 4", "OK 0xdeadbeef"),
    ("write 0x100020 4 0xAB", "OK"),
    ("read 0x100020 5", "OK 0xab00000000"),
    ("write 0x100020 2 0x", "ERR invalid argument size"),
    ("b64write 0x100030 3 AQID", "OK"),
    ("read 0x100030 3", "OK 0x010203"),
    ("b64write 0x100030 3 AQ", "ERR invalid argument size"),
    ("memset 0x100040 8 0x5a", "OK"),
    ("memset 0x100040 0 0x11", "OK"),
    ("read 0x100040 9", "OK 0x5a5a5a5a5a5a5a5a00"),
    ("writeb 1048576 255", "OK"),
    ("readb 04000000", "OK 0x00000000000000ff"),
    ("outb 0x3ff 0xa5", "OK"),
    ("inb 0x3ff", "OK 0x00a5"),
    ("inb 0x3fd", "OK 0x0060"),
    ("outb 0x3fb 0x80", "OK"),
    ("outw 0x3f8 0x0c01", "OK"),
    ("inw 0x3f8", "OK 0x0c01"),
    ("inb 0x3f9", "OK 0x000c"),
    ("outb 0x3fb 0x03", "OK"),
    ("inl 0x3f8", "OK 0x3010000"),
    ("outl 0x3000 0x12345678", "OK"),
    ("frobnicate 1 2", "FAIL Unknown command 'frobnicate'"),
    ("module_load block curl", "FAIL"),
    ("irq_intercept_in /machine/nothing", "FAIL Unknown device"),
    ("irq_intercept_out /machine/nothing", "FAIL Unknown device"),
    ("set_irq_in /machine/nothing unnamed-gpio-in 0 0", "FAIL Unknown device"),
    (" ", "FAIL Unknown command ''"),
    # Asynchronous IRQ lines come before the answer of the request that
    # moved the line.  COM1's THRE interrupt on ISA IRQ 4 (I/O APIC pin 4);
    # rewriting IER with THRE still set does not raise it again.
    ("outb 0x3fb 0x03", "OK"),
    ("irq_intercept_in ioapic", "OK"),
    ("outb 0x3f9 0x02", "IRQ raise 4\nOK"),
    ("inb 0x3fa", "IRQ lower 4\nOK 0x0002"),
    ("inb 0x3fa", "OK 0x0001"),
    ("outb 0x3f9 0x02", "OK"),
    ("outb 0x3f9 0x00", "OK"),
    ("irq_intercept_in ioapic", "OK"),
    ("irq_intercept_in /machine/i440fx", "FAIL IRQ intercept already enabled"),
    ("endianness", "OK little"),
]

# emu only: the qtest accelerator's clock, and malformed requests.
EMU_ONLY = [
    ("clock_step", "FAIL cannot advance clock to the next deadline because "
     "there is no pending deadline"),
    ("clock_step 100", "OK 100"),
    ("clock_set 1000", "OK 1000"),
    ("clock_set 10", "FAIL 1000"),
    ("", "ERR empty request"),
    ("readb", "ERR missing argument"),
    ("readb 0x1g", "ERR invalid number"),
    ("outb 0x10000 1", "ERR invalid port address"),
    ("read 0 0", "ERR invalid argument size"),
    ("read\0b 0", "ERR invalid character in request"),
    ("x" * (1024 * 1024 + 1), "ERR request too long"),
    ("endianness", "OK little"),
]

ARGS = ["-M", "pc", "-nodefaults", "-device", "isa-serial", "-qtest",
        "stdio"]


def check(cond, what, detail=""):
    global FAILED
    if cond:
        print("ok:", what)
    else:
        FAILED = True
        print("FAIL:", what)
        if detail:
            print(detail)


def script(pairs):
    return b"".join(req.encode("latin-1") + b"\n" for req, _ in pairs)


def expected(pairs):
    return b"".join(resp.encode("latin-1") + b"\n" for _, resp in pairs)


def emu_run(pairs, *extra):
    p = subprocess.run([EMU, "-accel", "qtest", *ARGS, *extra],
                       input=script(pairs), capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def qemu_run(pairs):
    """QEMU does not exit at EOF: read one line per request, then kill."""
    p = subprocess.Popen([QEMU, "-accel", "tcg", "-S", "-display", "none",
                          *ARGS, "-qtest-log", "none"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    try:
        p.stdin.write(script(pairs))
        p.stdin.flush()
        lines = sum(resp.count("\n") + 1 for _, resp in pairs)
        out = b"".join(p.stdout.readline() for _ in range(lines))
    finally:
        p.kill()
        p.wait()
    return out


def first_diff(a, b):
    al, bl = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return "line %d: %r != %r" % (i + 1, x[:100], y[:100])
    return "lengths %d != %d" % (len(al), len(bl))


# The common script, exact bytes; -qtest-log none keeps stderr quiet.
rc, out, err = emu_run(COMMON, "-qtest-log", "none")
check(rc == 0 and out == expected(COMMON) and err == b"",
      "emu: the common script", first_diff(out, expected(COMMON)) +
      " rc=%d err=%r" % (rc, err))

if QEMU:
    qout = qemu_run(COMMON)
    check(qout == out, "qemu-system-x86_64 answers the same bytes",
          first_diff(qout, out))
else:
    print("skip: qemu-system-x86_64 is not installed")

# pit=off: the PIT arms a timer from reset (as in QEMU), and clock_step
# without an argument must find no deadline at all.
rc, out, err = emu_run(EMU_ONLY, "-qtest-log", "none", "-machine", "pit=off")
check(rc == 0 and out == expected(EMU_ONLY),
      "emu: clock and malformed requests",
      first_diff(out, expected(EMU_ONLY)) + " rc=%d" % rc)

# Without -qtest-log the protocol is logged on stderr, as QEMU does.
pairs = [("endianness", "OK little"), ("readb 0x100000",
                                       "OK 0x0000000000000000")]
rc, out, err = emu_run(pairs)
log_re = (rb"\[I 0\.000000\] OPENED\n"
          rb"\[R \+\d+\.\d{6}\] endianness\n\[S \+\d+\.\d{6}\] OK little\n"
          rb"\[R \+\d+\.\d{6}\] readb 0x100000\n"
          rb"\[S \+\d+\.\d{6}\] OK 0x0000000000000000\n"
          rb"\[I \+\d+\.\d{6}\] CLOSED\n$")
check(rc == 0 and out == expected(pairs) and re.match(log_re, err),
      "emu: the log on stderr", repr(err))

with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "qtest.log")
    rc, out, err = emu_run(pairs, "-qtest-log", log)
    with open(log, "rb") as f:
        text = f.read()
    check(rc == 0 and err == b"" and re.match(log_re, text),
          "emu: -qtest-log FILE", repr(text))

# isa-debug-exit ends the run with its status.
rc, out, err = emu_run([("outb 0x501 0x10", "OK")],
                       "-device", "isa-debug-exit", "-qtest-log", "none")
check(rc == 0x21 and out == b"OK\n", "emu: isa-debug-exit status 33",
      "rc=%d out=%r" % (rc, out))

# SIGTERM: status 0, no message (QEMU prints none under qtest).
p = subprocess.Popen([EMU, "-accel", "qtest", *ARGS, "-qtest-log", "none"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
p.stdin.write(b"endianness\n")
p.stdin.flush()
line = p.stdout.readline()
p.send_signal(signal.SIGTERM)
try:
    _, err = p.communicate(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    _, err = p.communicate()
check(line == b"OK little\n" and p.returncode == 0 and err == b"",
      "emu: SIGTERM exits 0", "rc=%r err=%r" % (p.returncode, err))

# -qtest unix:PATH connects to the client's listening socket (libqtest's
# way, with its -display none); the client closing ends the run with
# status 0.
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "qtest.sock")
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    srv.listen(1)
    srv.settimeout(60)
    p = subprocess.Popen([EMU, "-M", "pc", "-accel", "qtest", "-qtest",
                          "unix:" + path, "-qtest-log", "none", "-display",
                          "none"],
                         stdin=subprocess.DEVNULL)
    conn, _ = srv.accept()
    conn.settimeout(60)
    conn.sendall(b"endianness\nreadq 0x100000\n")
    f = conn.makefile("rb")
    lines = f.readline() + f.readline()
    f.close()
    conn.close()
    srv.close()
    try:
        rc = p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    check(lines == b"OK little\nOK 0x0000000000000000\n" and rc == 0,
          "emu: -qtest unix:PATH, exit when the client closes",
          "%r rc=%d" % (lines, rc))

# A -qtest socket emu cannot connect to: QEMU's two lines.
p = subprocess.run([EMU, "-M", "pc", "-accel", "qtest", "-qtest",
                    "unix:/nonexistent/sock"], capture_output=True, text=True,
                   timeout=60, stdin=subprocess.DEVNULL)
check(p.returncode == 1 and p.stderr ==
      "emu: Failed to connect to '/nonexistent/sock': No such file or "
      "directory\n"
      "emu: Failed to initialize device for qtest: "
      "\"unix:/nonexistent/sock\"\n",
      "emu: -qtest unix:BADPATH fails with QEMU's lines", p.stderr)

sys.exit(1 if FAILED else 0)
