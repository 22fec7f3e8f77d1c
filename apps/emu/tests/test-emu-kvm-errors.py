#!/usr/bin/env python3
"""The KVM accelerator's refusals, which need no usable /dev/kvm: QEMU
7.2's two lines when the device cannot be opened (pointed at a missing
file through -accel kvm,device= or $EMU_KVM_DEVICE), "kvm version too
old" for something that is no KVM device, the fallback lists (-accel
kvm -accel X, -machine accel=kvm:X), kernel-irqchip=on|split|off
accepted and a bad value refused.  Where /dev/kvm is
usable, the board's errors under KVM too: -m beyond what the host can
map, a -kernel that does not exist.

usage: test-emu-kvm-errors.py EMU
"""
import os
import signal
import subprocess
import sys
import time

from emutest import check, finish, kvm_unusable

EMU = sys.argv[1]
MISSING = "/nonexistent/kvm"
NOENT = "No such file or directory"


def run(*args, env=None):
    p = subprocess.run([EMU, *args], capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout, p.stderr


# ---- The device cannot be opened: QEMU's two lines, status 1 ----

rc, out, err = run("-M", "pc,accel=kvm", "-display", "none",
                   env={"EMU_KVM_DEVICE": MISSING})
check(rc == 1 and out == "" and err ==
      f"Could not access KVM kernel module: {NOENT}\n"
      f"emu: failed to initialize kvm: {NOENT}\n",
      "-M pc,accel=kvm, device missing: QEMU's two lines", err)

rc, out, err = run("-accel", f"kvm,device={MISSING}", "-M", "pc")
check(rc == 1 and err ==
      f"Could not access KVM kernel module: {NOENT}\n"
      f"emu: -accel kvm,device={MISSING}: failed to initialize kvm: "
      f"{NOENT}\n",
      "-accel kvm,device=MISSING: the second line names the option", err)

rc, out, err = run("-enable-kvm", "-M", "pc",
                   env={"EMU_KVM_DEVICE": MISSING})
check(rc == 1 and err.startswith("Could not access KVM kernel module: ")
      and err.endswith(f"emu: failed to initialize kvm: {NOENT}\n"),
      "-enable-kvm: the same", err)

# Something that is no KVM device: the API version ioctl fails.
rc, out, err = run("-accel", "kvm,device=/dev/null")
check(rc == 1 and err == "kvm version too old\n"
      "emu: -accel kvm,device=/dev/null: failed to initialize kvm: "
      "Inappropriate ioctl for device\n",
      "/dev/null as the device: kvm version too old", err)

# ---- Fallback lists ----

# The line that ends a run stopped by SIGTERM from this script.
TERMINATED = (f"emu: terminating on signal 15 from pid {os.getpid()} "
              f"({open('/proc/self/cmdline').read().split(chr(0))[0]})\n")

rc, out, err = run("-accel", f"kvm,device={MISSING}", "-accel", "tcg",
                   "-M", "pc", "-display", "none", "-nodefaults")
check(rc == 1 and err.startswith(
      f"Could not access KVM kernel module: {NOENT}\n"
      f"emu: -accel kvm,device={MISSING}: failed to initialize kvm: "
      f"{NOENT}\n"
      "emu: falling back to tcg\n")
      and err.endswith("emu: Trying to execute code outside RAM or ROM at "
                       "0xfffffff0\n"),
      "-accel kvm -accel tcg: KVM's failure reported, then TCG runs (and "
      "finds no firmware at the reset vector)", err)


def fallback_runs(*args, env=None):
    """emu falls back to qtest: the lines, then it runs until SIGTERM."""
    p = subprocess.Popen([EMU, *args, "-display", "none", "-nodefaults"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, **(env or {})))
    time.sleep(1.0)
    running = p.poll() is None
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=20)
    return running, p.returncode, err


running, rc, err = fallback_runs("-accel", f"kvm,device={MISSING}",
                                 "-accel", "qtest")
check(running and rc == 0 and err ==
      f"Could not access KVM kernel module: {NOENT}\n"
      f"emu: -accel kvm,device={MISSING}: failed to initialize kvm: "
      f"{NOENT}\n"
      "emu: falling back to QTest\n"
      + TERMINATED,
      "-accel kvm -accel qtest: KVM fails, qtest runs the machine (until "
      "SIGTERM)", err)

running, rc, err = fallback_runs("-machine", "accel=kvm:qtest",
                                 env={"EMU_KVM_DEVICE": MISSING})
check(running and rc == 0 and err ==
      f"Could not access KVM kernel module: {NOENT}\n"
      f"emu: failed to initialize kvm: {NOENT}\n"
      "emu: falling back to QTest\n"
      + TERMINATED,
      "-machine accel=kvm:qtest: the same fallback", err)

# ---- kernel-irqchip: on (the pc default), split and off ----

for where, args in (("-machine", ["-M", "pc,kernel-irqchip=off"]),
                    ("-machine", ["-M", "pc,kernel-irqchip=split"]),
                    ("-accel", ["-accel", "kvm,kernel-irqchip=off"])):
    accel = [] if where == "-accel" else ["-enable-kvm"]
    rc, out, err = run(*accel, *args, env={"EMU_KVM_DEVICE": MISSING})
    prefix = f"emu: {' '.join(args)}: " if where == "-accel" else "emu: "
    check(rc == 1 and err ==
          f"Could not access KVM kernel module: {NOENT}\n"
          f"{prefix}failed to initialize kvm: {NOENT}\n",
          f"{' '.join(args)} is accepted: it goes on to open the device", err)
rc, out, err = run("-accel", "kvm,kernel-irqchip=maybe")
check(rc == 1 and err.startswith("emu: -accel kvm,kernel-irqchip=maybe: ")
      and "kernel-irqchip" in err and err.count("\n") == 1,
      "kernel-irqchip=maybe: the property refuses it", err)

# ---- With a usable /dev/kvm: the board's errors under KVM ----

if not kvm_unusable():
    # More than the host can map (QEMU's text; 100 TiB is refused by the
    # kernel's address-space limit whatever the overcommit policy).
    rc, out, err = run("-accel", "kvm", "-M", "pc", "-display", "none",
                       "-m", "100T")
    check(rc == 1 and err.splitlines()[-1:] ==
          ["emu: cannot set up guest memory 'pc.ram': Cannot allocate "
           "memory"],
          "-m 100T under KVM: cannot set up guest memory, status 1", err)
    rc, out, err = run("-accel", "kvm", "-M", "pc", "-display", "none",
                       "-kernel", MISSING)
    check(rc == 1 and err.splitlines()[-1:] ==
          [f"emu: -kernel {MISSING}: cannot open: {NOENT}"],
          "-kernel of a missing file under KVM: one line, status 1", err)
else:
    print("skipped: errors needing a usable /dev/kvm")

rc, out, err = run("-accel", "help")
check(rc == 0 and "kvm\n" in out, "-accel help lists kvm", out)

finish()
