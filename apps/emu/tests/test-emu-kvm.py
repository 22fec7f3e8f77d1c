#!/usr/bin/env python3
"""emu's guests under KVM, end to end (exit 77 without a usable
/dev/kvm):

- hello: the greeting on COM1, then status 1 through isa-debug-exit
  (-device isa-debug-exit,iobase=0xf4,iosize=4), else status 0 through
  ACPI power-off on the PIIX4 (issue 5's "emu -M pc -nographic -kernel
  hello.elf"); with -smp 2 too (the APs wait for INIT/SIPI);
- triple: a reset requested through the PIIX3's 0xcf9 (QMP RESET event,
  the guest entered again); a triple fault, which resets on hardware
  KVM, while kvm_pvm (software-emulated, /sys/module/kvm_pvm) cannot
  deliver the faults and reports an emulation failure, whose report is
  checked instead;
- no firmware at the reset vector: QEMU's internal-error report
  (Suberror, emulation failure, the register dump with its Code= line)
  and status 1;
- loop: QMP stop/cont pause and resume the running vCPU (its dots stop
  and go on), -S starts paused, query-kvm and query-cpus-fast say KVM and
  name the vCPU thread, system_reset re-enters the guest, quit and
  SIGTERM end the process with status 0.

When qemu-system-x86_64 is installed, hello's two exit statuses are
checked against it (TCG) as well, so the guest stays portable.

usage: test-emu-kvm.py EMU HELLO TRIPLE LOOP
"""
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

EMU, HELLO, TRIPLE, LOOP = sys.argv[1:5]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
GREETING = "Hello from emu guest\n"
FAILED = False

KVM_GET_API_VERSION = 0xAE00


def kvm_usable():
    """The reason KVM cannot run guests here, or None."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
    except OSError as e:
        return f"/dev/kvm: {e.strerror}"
    try:
        if fcntl.ioctl(fd, KVM_GET_API_VERSION) != 12:
            return "/dev/kvm: unexpected KVM API version"
    except OSError as e:
        return f"/dev/kvm: {e.strerror}"
    finally:
        os.close(fd)
    return None


reason = kvm_usable()
if reason:
    print(f"SKIP: {reason}")
    sys.exit(77)
KVM_PVM = os.path.exists("/sys/module/kvm_pvm")


def check(cond, what, detail=""):
    global FAILED
    if cond:
        print("ok:", what)
    else:
        FAILED = True
        print("FAIL:", what)
        if detail:
            print(detail)


def run(*args, binary=EMU, timeout=60):
    p = subprocess.run([binary, *args], capture_output=True, text=True,
                       timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


# ---- hello ----

rc, out, err = run("-accel", "kvm", "-M", "pc", "-nographic", "-kernel",
                   HELLO, *DEBUG_EXIT)
check(rc == 1 and out.endswith(GREETING),
      "hello with isa-debug-exit: greeting, status 1", f"{rc} {out!r} {err}")

rc, out, err = run("-M", "pc", "-nographic", "-kernel", HELLO)
check(rc == 0 and out.endswith(GREETING),
      "emu -M pc -nographic -kernel hello.elf: greeting, then ACPI "
      "power-off, status 0", f"{rc} {out!r} {err}")

rc, out, err = run("-accel", "kvm", "-M", "pc", "-smp", "2", "-nographic",
                   "-kernel", HELLO, *DEBUG_EXIT)
check(rc == 1 and out.endswith(GREETING),
      "hello with -smp 2: the BSP runs it, status 1", f"{rc} {out!r} {err}")

QEMU = shutil.which("qemu-system-x86_64")
if QEMU:
    for extra, want in (([], 0), (DEBUG_EXIT, 1)):
        rc, out, err = run("-accel", "tcg", "-M", "pc", "-display", "none",
                           "-serial", "stdio", "-kernel", HELLO, *extra,
                           binary=QEMU)
        check(rc == want and out.endswith(GREETING),
              f"  ... qemu-system-x86_64 (TCG) runs hello the same way "
              f"(status {want})", f"{rc} {out!r} {err}")


# ---- QMP ----

class QMP:
    """A QMP client on a unix socket: one JSON object per line."""

    def __init__(self, path):
        deadline = time.time() + 10
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(20)
        self.buf = b""
        self.events = []
        self.recv()
        self.cmd("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("monitor closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            r = self.recv()
            if "event" in r:
                self.events.append(r)
                continue
            return r

    def event(self, name, timeout=20):
        deadline = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name:
                    self.events.remove(e)
                    return e
            if time.time() > deadline:
                return None
            self.sock.settimeout(max(deadline - time.time(), 0.01))
            try:
                self.events.append(self.recv())
            except socket.timeout:
                return None
            finally:
                self.sock.settimeout(20)


class Machine:
    """
    emu running a guest with COM1 in a file and a QMP socket.  It starts
    paused (-S), so that QMP is connected before the guest can end; cont
    starts it unless start is False.
    """

    def __init__(self, kernel, *extra, start=True):
        self.dir = tempfile.mkdtemp(prefix="emu-kvm-")
        self.out = os.path.join(self.dir, "com1.txt")
        sock = os.path.join(self.dir, "qmp.sock")
        self.proc = subprocess.Popen(
            [EMU, "-accel", "kvm", "-M", "pc", "-display", "none",
             "-serial", f"file:{self.out}", "-kernel", kernel,
             "-qmp", f"unix:{sock},server=on,wait=off", "-S", *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.qmp = QMP(sock)
        if start:
            self.qmp.cmd("cont")

    def output(self):
        try:
            with open(self.out) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_output(self, pred, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.output()
            if pred(text):
                return text
            time.sleep(0.02)
        return self.output()

    def finish(self, timeout=20):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            return None, err
        self.final_output = self.output()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode, err


# ---- triple: resets ----

m = Machine(TRIPLE, "-append", "cf9", *DEBUG_EXIT)
reset = m.qmp.event("RESET")
check(reset is not None and reset["data"] ==
      {"guest": True, "reason": "guest-reset"},
      "0xcf9 reset under KVM: RESET event, guest-reset", str(reset))
m.wait_output(lambda t: "booted again" in t)
rc, err = m.finish()
# Read after the exit: the line may still have been arriving above.
text = m.final_output
check(rc == 1 and text == "triple: first boot, resetting through 0xcf9\n"
      "triple: booted again after the reset\n",
      "  ... the guest is entered again and exits (status 1)",
      f"{rc} {text!r} {err}")

rc, out, err = run("-M", "pc", "-nographic", "-kernel", TRIPLE, *DEBUG_EXIT)
if KVM_PVM:
    # kvm_pvm emulates the fault delivery and fails (QEMU does the same).
    check(rc == 1 and "triple: first boot, faulting" in out
          and "KVM internal error. Suberror: 1\nextra data[0]: " in err
          and "emulation failure\nEAX=" in err
          and "\nCS =0010 00000000 ffffffff 00c09b00 DPL=0 CS32 [-RA]\n"
          in err and " <cc> " in err,
          "triple fault on kvm_pvm: QEMU's internal error report with the "
          "int3 in Code=, status 1", f"{rc} {out!r} {err}")
else:
    check(rc == 1 and "triple: first boot, faulting" in out
          and "triple: booted again after the reset" in out,
          "triple fault: the machine resets and the guest runs again",
          f"{rc} {out!r} {err}")

# ---- no firmware: the reset vector is unassigned ----

rc, out, err = run("-M", "pc", "-display", "none", "-nodefaults")
lines = err.splitlines()
start = lines.index("KVM internal error. Suberror: 1") \
    if "KVM internal error. Suberror: 1" in lines else -1
check(rc == 1 and start >= 0 and "emulation failure" in lines
      and "EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 "
      "HLT=0" in lines
      and "CS =f000 ffff0000 0000ffff 00009b00" in lines
      and lines[-1] == "Code=" + " ".join(["??"] * 20 + ["<??>"]
                                          + ["??"] * 29),
      "nothing at the reset vector: internal error, dump, status 1", err)

# ---- loop: stop, cont, quit ----

def dots(text):
    return text.count(".")


m = Machine(LOOP)
text = m.wait_output(lambda t: dots(t) >= 3)
check(text.startswith("loop: running\n") and dots(text) >= 3,
      "loop guest runs under KVM", text[:80])
r = m.qmp.cmd("query-kvm")
check(r == {"return": {"enabled": True, "present": True}},
      "query-kvm: enabled", str(r))
r = m.qmp.cmd("query-cpus-fast")
tid = r["return"][0]["thread-id"]
check(tid != m.proc.pid and os.path.exists(f"/proc/{m.proc.pid}/task/{tid}"),
      "query-cpus-fast: the vCPU's own thread", str(r))

m.qmp.event("RESUME")
check(m.qmp.cmd("stop") == {"return": {}}, "stop")
check(m.qmp.event("STOP") is not None, "  ... STOP event")
r = m.qmp.cmd("query-status")
check(r["return"]["status"] == "paused" and not r["return"]["running"],
      "  ... query-status: paused", str(r))
time.sleep(0.1)
before = dots(m.output())
time.sleep(0.6)
check(dots(m.output()) == before, "  ... the guest makes no progress",
      f"{before} -> {dots(m.output())}")
check(m.qmp.cmd("cont") == {"return": {}}, "cont")
check(m.qmp.event("RESUME") is not None, "  ... RESUME event")
text = m.wait_output(lambda t: dots(t) >= before + 3)
check(dots(text) >= before + 3, "  ... the guest goes on",
      f"{before} -> {dots(text)}")

check(m.qmp.cmd("system_reset") == {"return": {}}, "system_reset")
text = m.wait_output(lambda t: t.count("loop: running\n") == 2)
check(text.count("loop: running\n") == 2,
      "  ... the guest is entered again", text[-80:])

check(m.qmp.cmd("quit") == {"return": {}}, "quit")
shutdown = m.qmp.event("SHUTDOWN")
rc, err = m.finish()
check(rc == 0 and shutdown is not None,
      "  ... SHUTDOWN, vCPU thread joined, status 0", f"{rc} {err}")

# -S: paused (prelaunch) until cont.
m = Machine(LOOP, start=False)
time.sleep(0.5)
r = m.qmp.cmd("query-status")
check(r["return"]["status"] == "prelaunch" and m.output() == "",
      "-S: prelaunch, the guest has not run", str(r))
m.qmp.cmd("cont")
text = m.wait_output(lambda t: dots(t) >= 1)
check(text.startswith("loop: running\n"), "  ... cont starts it", text[:40])

# SIGTERM while the vCPU is in the guest: a clean exit.
m.proc.send_signal(signal.SIGTERM)
rc, err = m.finish()
check(rc == 0, "SIGTERM while running: status 0", f"{rc} {err}")

sys.exit(1 if FAILED else 0)
