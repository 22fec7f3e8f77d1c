#!/usr/bin/env python3
"""emu's guests under KVM, end to end (exit 77 without a usable
/dev/kvm):

- hello: the greeting on COM1, then status 1 through isa-debug-exit
  (-device isa-debug-exit,iobase=0xf4,iosize=4), else status 0 through
  ACPI power-off on the PIIX4 (issue 5's "emu -M pc -nographic -kernel
  hello.elf"); with -smp 2 too (the APs wait for INIT/SIPI); with -cpu
  host and -cpu max (no warning: nothing the host lacks);
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
import os
import shutil
import signal
import sys
import time

from emutest import (Machine as VM, check, finish, kvm_is_pvm, kvm_unusable,
                     run as run_binary, skip)

EMU, HELLO, TRIPLE, LOOP = sys.argv[1:5]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
GREETING = "Hello from emu guest\n"

reason = kvm_unusable()
if reason:
    skip(reason)
KVM_PVM = kvm_is_pvm()


def run(*args, binary=EMU, timeout=60):
    return run_binary(binary, *args, timeout=timeout)


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

# -cpu host and max: the host's CPUID as KVM supports it, so no feature
# can be missing (no warning); a named model warns for what the host lacks.
for model in ("host", "max"):
    rc, out, err = run("-accel", "kvm", "-M", "pc", "-nographic", "-cpu",
                       model, "-kernel", HELLO)
    check(rc == 0 and out.endswith(GREETING) and err == "",
          f"-cpu {model}: hello runs, no warning", f"{rc} {out!r} {err}")

QEMU = shutil.which("qemu-system-x86_64")
if QEMU:
    for extra, want in (([], 0), (DEBUG_EXIT, 1)):
        rc, out, err = run("-accel", "tcg", "-M", "pc", "-display", "none",
                           "-serial", "stdio", "-kernel", HELLO, *extra,
                           binary=QEMU)
        check(rc == want and out.endswith(GREETING),
              f"  ... qemu-system-x86_64 (TCG) runs hello the same way "
              f"(status {want})", f"{rc} {out!r} {err}")


def Machine(kernel, *extra, start=True):
    """emu under KVM running kernel, COM1 in a file, QMP (emutest)."""
    return VM(EMU, "-accel", "kvm", "-M", "pc", "-kernel", kernel, *extra,
              start=start)


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

rc, out, err = run("-accel", "kvm", "-M", "pc", "-nographic", "-kernel",
                   TRIPLE, *DEBUG_EXIT)
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

rc, out, err = run("-accel", "kvm", "-M", "pc", "-display", "none",
                   "-nodefaults")
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

finish()
