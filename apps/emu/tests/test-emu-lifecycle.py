#!/usr/bin/env python3
"""The process around the VM, as QEMU 7.2 runs it:

- guest RAM: -mem-prealloc faults it in at start (resident at once),
  -machine mem-merge (KSM advice, on by default) and dump-guest-core=off
  (left out of core dumps) show as the RAM mapping's VmFlags "mg" and
  "dd"; -overcommit mem-lock=on and -realtime mlock=on lock it (VmLck);
  -overcommit cpu-pm=on is refused with one line.
- termination signals: "terminating on signal 15 from pid N (prog)",
  the SHUTDOWN event {"guest": false, "reason": "host-signal"}, status 0,
  also under -no-shutdown; no such line when a -qtest client drives.
- -name debug-threads=on names the vCPU threads "CPU n/KVM" (KVM only).
- a -global for a type that does not exist: QEMU's "has invalid class
  name" warning once the devices are created.

These run under -accel qtest (no guest code), but for the thread names.

usage: test-emu-lifecycle.py EMU LOOP_GUEST
"""
import os
import re
import signal
import subprocess
import sys
import time

from emutest import Machine, check, finish, kvm_unusable, run

EMU = sys.argv[1]
LOOP = sys.argv[2]
RAM_MB = 64


def status(pid):
    """/proc/PID/status as a dict of kB values (the ones in kB)."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, val = line.partition(":")
            parts = val.split()
            if len(parts) == 2 and parts[1] == "kB":
                out[key] = int(parts[0])
    return out


def ram_vmflags(pid, size_kb):
    """VmFlags of the mapping(s) exactly size_kb long: the guest RAM."""
    flags, size = [], None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                size = None
            elif line.startswith("Size:"):
                size = int(line.split()[1])
            elif line.startswith("VmFlags:") and size == size_kb:
                flags.append(line.split()[1:])
    return flags


def vm(*extra):
    return Machine(EMU, "-M", "pc", "-nodefaults", "-accel", "qtest",
                   "-m", str(RAM_MB), *extra, serial=False)


def stop(m):
    m.proc.kill()
    m.finish()


# ---- guest RAM ----

m = vm()
st = status(m.proc.pid)
flags = ram_vmflags(m.proc.pid, RAM_MB * 1024)
check(st["VmRSS"] < RAM_MB * 1024,
      f"default: guest RAM is not resident at start ({st['VmRSS']} kB)")
check(len(flags) == 1 and "mg" in flags[0] and "dd" not in flags[0],
      "default: the RAM is mergeable (mem-merge=on) and dumped", str(flags))
stop(m)

m = vm("-mem-prealloc")
st = status(m.proc.pid)
check(st["VmRSS"] >= RAM_MB * 1024,
      f"-mem-prealloc: all {RAM_MB} MiB resident at start "
      f"({st['VmRSS']} kB)")
stop(m)

m = vm("-machine", "mem-merge=off,dump-guest-core=off")
flags = ram_vmflags(m.proc.pid, RAM_MB * 1024)
check(len(flags) == 1 and "mg" not in flags[0] and "dd" in flags[0],
      "mem-merge=off,dump-guest-core=off: VmFlags without mg, with dd",
      str(flags))
stop(m)

# AddressSanitizer makes mlockall() a no-op (its shadow memory could not
# be locked), so an ASan build can only be checked to run.
with open(EMU, "rb") as f:
    ASAN = b"__asan_init" in f.read()
for opt in (["-overcommit", "mem-lock=on"], ["-realtime", "mlock=on"]):
    rc, out, err = run(EMU, "-M", "pc", "-nodefaults", "-accel", "qtest",
                       "-m", str(RAM_MB), *opt, "--dry-run")
    m = None
    try:
        m = vm(*opt)
        st = status(m.proc.pid)
        if ASAN:
            check(True, f"{' '.join(opt)}: runs (ASan's mlockall does "
                        "nothing: the lock is not checked)")
        else:
            check(st["VmLck"] >= RAM_MB * 1024,
                  f"{' '.join(opt)}: the guest RAM is locked "
                  f"(VmLck {st['VmLck']} kB)")
        stop(m)
    except EOFError:
        # Not permitted here (RLIMIT_MEMLOCK without CAP_IPC_LOCK): the
        # run must have ended with QEMU's line.
        rc = m.proc.wait() if m else None
        err = m.proc.stderr.read() if m else ""
        check(rc == 1 and "locking memory failed" in err,
              f"{' '.join(opt)}: refused with 'locking memory failed'", err)

rc, out, err = run(EMU, "-M", "pc", "-nodefaults", "-accel", "qtest",
                   "-overcommit", "cpu-pm=on")
check(rc == 1 and err == "emu: -overcommit cpu-pm=on: not supported yet\n",
      "-overcommit cpu-pm=on: one line, status 1", f"{rc} {err!r}")

# ---- -global for a type that does not exist: QEMU's warning ----

rc, out, err = run(EMU, "-M", "pc", "-nodefaults", "-accel", "qtest",
                   "-qtest", "stdio", "-qtest-log", "none", "-global", "foo.bar=1",
                   "-global", "isa-pit.iobase=0x40")
check(err == "emu: warning: global foo.bar has invalid class name\n",
      "-global foo.bar=1: 'has invalid class name' (and nothing for a used "
      "one)", f"{rc} {err!r}")

# ---- termination signals ----

for extra, what in (([], "default"), (["-no-shutdown"], "-no-shutdown")):
    m = vm(*extra)
    os.kill(m.proc.pid, signal.SIGTERM)
    ev = m.qmp.event("SHUTDOWN")
    rc, err = m.finish()
    check(ev is not None and ev["data"] ==
          {"guest": False, "reason": "host-signal"},
          f"{what}: SIGTERM sends SHUTDOWN host-signal", str(ev))
    check(rc == 0 and re.search(r"^emu: terminating on signal 15 from pid "
                                rf"{os.getpid()} \(\S+\)$", err, re.M),
          f"{what}: 'terminating on signal 15 from pid N (prog)', status 0",
          f"{rc} {err!r}")

p = subprocess.Popen([EMU, "-M", "pc", "-nodefaults", "-accel", "qtest",
                      "-qtest", "stdio", "-qtest-log", "none"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
p.stdin.write("endianness\n")
p.stdin.flush()
p.stdout.readline()
p.send_signal(signal.SIGINT)
_, err = p.communicate(timeout=20)
check(p.returncode == 0 and "terminating" not in err,
      "a -qtest client drives: SIGINT ends the run silently, status 0",
      f"{p.returncode} {err!r}")

# ---- thread names (KVM) ----

reason = kvm_unusable()
if reason:
    print(f"skipped: vCPU thread names ({reason})")
else:
    for extra, want in ((["-name", "vm1,debug-threads=on"],
                         ["CPU 0/KVM", "CPU 1/KVM"]), ([], [])):
        m = Machine(EMU, "-accel", "kvm", "-M", "pc", "-smp", "2",
                    "-kernel", LOOP, *extra)
        m.wait_output(lambda t: "running" in t)
        names = []
        for tid in os.listdir(f"/proc/{m.proc.pid}/task"):
            with open(f"/proc/{m.proc.pid}/task/{tid}/comm") as f:
                names.append(f.read().strip())
        m.qmp.cmd("quit")
        m.finish()
        cpu_names = sorted(n for n in names if n.startswith("CPU "))
        check(cpu_names == want,
              f"{' '.join(extra) or 'no -name'}: vCPU thread names "
              f"{want or 'left alone'}", str(names))

finish()
