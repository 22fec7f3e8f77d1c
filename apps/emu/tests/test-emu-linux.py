#!/usr/bin/env python3
"""Real Linux end to end: Debian's cloud kernel and a busybox initramfs
(tests/linux/fetch-linux) booted with issue 8's command line

    -kernel vmlinuz -initrd initramfs.cpio.gz -append "console=ttyS0 ..."
    -nographic -no-reboot -m 2048 -smp 2

The initramfs's /init prints a marker, the CPU count, MemTotal and
/proc/uptime, then reboots; -no-reboot makes that a clean exit (status
0).  Everything it printed is checked.

Skipped (exit 77, with the reason) where the accelerator cannot boot
Linux: /dev/kvm missing or unusable, or a kvm_pvm host
(/sys/module/kvm_pvm: every guest instruction is emulated in software;
Linux, under QEMU too, prints nothing for minutes, still decompressing,
or stops with an emulation failure), checked before anything is
fetched; an accelerator the binary does not list in `-accel help`; or
no kernel (fetch-linux failed, e.g. no network and no cache).

--qemu [BINARY] runs the same test on qemu-system-x86_64, e.g. with
--accel tcg to check the initramfs and the expectations on any host.

usage: test-emu-linux.py [--accel kvm|tcg] [--qemu [BINARY]]
                         [--fetch SCRIPT] [--cache DIR] [--timeout S] [EMU]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from emutest import (check, finish_with_output, kvm_is_pvm, kvm_unusable,
                     skip)

HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.join(HERE, "..", "..", "..", "tests", "linux", "fetch-linux")
MARKER = "EMU-LINUX-BOOT-OK"
RAM_MIB = 2048
CPUS = 2
# panic=-1: a panic reboots at once, which -no-reboot turns into an exit
# (without the marker: a failure, not a hang until the timeout).
APPEND = "console=ttyS0 panic=-1 quiet"


def kvm_reason():
    """Why KVM cannot boot Linux here, or None."""
    reason = kvm_unusable()
    if reason is None and kvm_is_pvm():
        reason = ("/dev/kvm is kvm_pvm (software-emulated KVM, "
                  "/sys/module/kvm_pvm): Linux does not boot there in useful "
                  "time (under QEMU either); this test runs where KVM is "
                  "hardware-backed")
    return reason


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accel", default="kvm")
    ap.add_argument("--qemu", nargs="?", const="qemu-system-x86_64",
                    help="test this QEMU binary instead of emu")
    ap.add_argument("--fetch", default=FETCH, help="fetch-linux script")
    ap.add_argument("--cache", help="fetch-linux's cache directory")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("emu", nargs="?",
                    default="build/apps/emu/emu-system-x86_64")
    args = ap.parse_args()

    binary = args.emu
    if args.qemu:
        binary = shutil.which(args.qemu)
        if not binary:
            skip(f"{args.qemu} is not installed")
    if args.accel == "kvm":
        reason = kvm_reason()
        if reason:
            skip(reason)
    accels = subprocess.run([binary, "-accel", "help"], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL).stdout
    # A heading line, then one accelerator per line.
    if args.accel not in [a.strip() for a in accels.splitlines()[1:]]:
        skip(f"{os.path.basename(binary)} has no {args.accel} accelerator")

    cmd = [sys.executable, args.fetch]
    if args.cache:
        cmd += ["--cache", args.cache]
    p = subprocess.run(cmd, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    paths = dict(re.findall(r"^(kernel|initrd): (.*)$", p.stdout, re.M))
    if p.returncode != 0 or set(paths) != {"kernel", "initrd"}:
        skip(f"no kernel: {p.stderr.strip() or p.stdout.strip()}")

    cmd = [binary, "-accel", args.accel, "-kernel", paths["kernel"],
           "-initrd", paths["initrd"], "-append", APPEND, "-nographic",
           "-no-reboot", "-m", str(RAM_MIB), "-smp", str(CPUS)]
    print("running:", " ".join(cmd))
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=args.timeout,
                           stdin=subprocess.DEVNULL)
        rc, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, e.stdout or b"", e.stderr or b""
    elapsed = time.monotonic() - start
    out = out.decode(errors="replace").replace("\r", "")
    err = err.decode(errors="replace")
    print(f"boot to exit: {elapsed:.1f} s (status {rc})")

    # -nographic's terminal set-up (QEMU's firmware clears the screen)
    # may precede the marker on its line.
    m = re.search(MARKER + r"\n(.*)", out, re.S)
    check(m is not None, f"the guest printed {MARKER}")
    after = m.group(1) if m else ""
    cpus = re.search(r"^cpus: (\d+)$", after, re.M)
    check(cpus is not None and int(cpus.group(1)) == CPUS,
          f"cpus: {CPUS} (-smp {CPUS})")
    # The kernel keeps its image, page tables and reservations: it
    # reports somewhat less than -m, never more.
    mem = re.search(r"^MemTotal: +(\d+) kB$", after, re.M)
    kib = int(mem.group(1)) if mem else 0
    check(RAM_MIB * 1024 * 0.9 <= kib <= RAM_MIB * 1024,
          f"MemTotal {kib} kB is 90-100% of -m {RAM_MIB} "
          f"({RAM_MIB * 1024} kB)")
    up = re.search(r"^uptime: (\d+\.\d+) (\d+\.\d+)$", after, re.M)
    if up:
        secs, idle = float(up.group(1)), float(up.group(2))
    # Idle time is summed over the CPUs.
    check(up is not None and 0 < secs < elapsed + 1
          and 0 <= idle <= CPUS * secs + 1,
          "uptime: seconds since boot (less than the run took) and idle "
          "time (at most the CPUs' share)")
    check(rc == 0, "the guest's reboot under -no-reboot: exit status 0")
    finish_with_output(out, err)


if __name__ == "__main__":
    main()
