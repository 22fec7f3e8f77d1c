#!/usr/bin/env python3
"""Interrupts under KVM, end to end (exit 77 without a usable /dev/kvm):
the irq guest takes PIT and RTC interrupts through the I/O APIC (edge
and level-triggered, the level ones needing the local APIC's EOI to
reach the I/O APIC) and PIT interrupts through the 8259 pair as ExtINT,
under kernel-irqchip=on (the kernel's PIC, I/O APIC and PIT) and
kernel-irqchip=split (emu's own models; the kernel's local APICs), both
as -machine and as -accel property.  The guest leaves through
isa-debug-exit with status 1 when every path delivered its interrupts
(3 when one did not).

When qemu-system-x86_64 is installed, the guest runs the same there
(-accel kvm and -accel tcg), so that it stays portable.

usage: test-emu-kvm-irq.py EMU IRQ_GUEST
"""
import fcntl
import os
import shutil
import subprocess
import sys

EMU, GUEST = sys.argv[1:3]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
# What the guest prints when each path delivered its 5 interrupts.
WANT = ["irq: ioapic 5", "irq: ioapic-level 5", "irq: pic 5"]
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


def check(cond, what, detail=""):
    global FAILED
    if cond:
        print("ok:", what)
    else:
        FAILED = True
        print("FAIL:", what)
        if detail:
            print(detail)


def run_guest(binary, *args):
    """Status and the guest's lines; a hang (a lost interrupt with no
    timer to notice it) ends as status None."""
    try:
        p = subprocess.run([binary, *args, "-kernel", GUEST, *DEBUG_EXIT],
                           capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout
        return None, out or "", "timeout"
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("irq: ")]
    return p.returncode, lines, p.stderr


reason = kvm_usable()
if reason:
    print(f"SKIP: {reason}")
    sys.exit(77)

for where, args in (
        ("-machine kernel-irqchip=on", ["-M", "pc,kernel-irqchip=on"]),
        ("-machine kernel-irqchip=split", ["-M", "pc,kernel-irqchip=split"]),
        ("-accel kvm,kernel-irqchip=split",
         ["-M", "pc", "-accel", "kvm,kernel-irqchip=split"])):
    accel = [] if "-accel" in args else ["-accel", "kvm"]
    rc, lines, err = run_guest(EMU, *accel, *args, "-nographic")
    check(rc == 1 and lines == WANT,
          f"emu {where}: interrupts through the I/O APIC (edge, level) "
          f"and the 8259", f"{rc} {lines} {err}")

# -smp 2: the interrupts still reach APIC ID 0 / the BSP's LINT0.
rc, lines, err = run_guest(EMU, "-accel", "kvm", "-M",
                           "pc,kernel-irqchip=split", "-smp", "2",
                           "-nographic")
check(rc == 1 and lines == WANT, "emu kernel-irqchip=split -smp 2",
      f"{rc} {lines} {err}")

QEMU = shutil.which("qemu-system-x86_64")
if QEMU:
    for accel in ("kvm", "tcg"):
        rc, lines, err = run_guest(QEMU, "-accel", accel, "-M", "pc",
                                   "-display", "none", "-serial", "stdio")
        check(rc == 1 and lines == WANT,
              f"  ... qemu-system-x86_64 -accel {accel} runs it the same way",
              f"{rc} {lines} {err}")

sys.exit(1 if FAILED else 0)
