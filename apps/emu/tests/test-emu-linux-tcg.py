#!/usr/bin/env python3
"""Debian's i386 Linux under TCG, end to end: the 686 kernel and a
busybox-static:i386 initramfs (tests/linux/fetch-linux --arch i386)
booted with issue 10's command line

    -accel tcg -m 512 -smp 2 -nographic -no-reboot
    -kernel vmlinuz -initrd initramfs.cpio.gz -append "console=ttyS0 ..."

The initramfs's /init (tests/linux/initscript.py) prints a marker, the
CPU count twice (/proc/cpuinfo, nproc), MemTotal, /proc/uptime, x87
arithmetic through busybox awk, seq and printf, the results of 50
pipelines run from two loops at once and the CPU a pinned process ran
on, then powers off.  Everything it printed is checked: the lines after
the marker, in order, none missing and none extra (kernel messages
aside, which must hold no panic, oops, BUG or WARNING), each value, and
the power-off: the kernel's "reboot: Power down" and exit status 0.

Skipped (exit 77, with the reason) only when there is no kernel:
fetch-linux failed (no network and no cache, or not a Debian system).

--qemu [BINARY] runs the same checks against QEMU (qemu-system-i386 by
default), the reference.

usage: test-emu-linux-tcg.py [--qemu [BINARY]] [--fetch SCRIPT]
                             [--cache DIR] [--timeout S] [EMU]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from emutest import check, finish, finish_with_output, skip

HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.join(HERE, "..", "..", "..", "tests", "linux", "fetch-linux")
RAM_MIB = 512
CPUS = 2
# panic=-1: a panic reboots at once, which -no-reboot turns into an exit
# (without the last line: a failure, not a hang until the timeout).
APPEND = "console=ttyS0 panic=-1 quiet"
KERNEL_LINE = re.compile(r"^\[ *\d+\.\d+\] ")
KERNEL_TROUBLE = re.compile(r"Kernel panic|Oops|BUG:|WARNING:|Call Trace")


def fetch(script, cache):
    cmd = [sys.executable, script, "--arch", "i386"]
    if cache:
        cmd += ["--cache", cache]
    p = subprocess.run(cmd, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    paths = dict(re.findall(r"^(kernel|initrd): (.*)$", p.stdout, re.M))
    if p.returncode != 0 or set(paths) != {"kernel", "initrd"}:
        skip(f"no kernel: {p.stderr.strip() or p.stdout.strip()}")
    return paths


def boot(binary, paths, timeout):
    cmd = [binary, "-accel", "tcg", "-m", str(RAM_MIB), "-smp", str(CPUS),
           "-nographic", "-no-reboot", "-kernel", paths["kernel"],
           "-initrd", paths["initrd"], "-append", APPEND]
    print("running:", " ".join(cmd))
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        rc, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, e.stdout or b"", e.stderr or b""
    elapsed = time.monotonic() - start
    print(f"exec to exit: {elapsed:.1f} s (status {rc})")
    return (rc, out.decode(errors="replace").replace("\r", ""),
            err.decode(errors="replace"), elapsed)


def expected_lines(init):
    """(key, value checker, what it means) for each line after the
    marker, in order."""
    def exact(want):
        return lambda v: v == want, want

    def memtotal(v):
        # The kernel keeps its image, page tables and reservations: it
        # reports somewhat less than -m, never more.
        m = re.fullmatch(r" *(\d+) kB", v)
        return m is not None and (RAM_MIB * 1024 * 0.9 <= int(m.group(1))
                                  <= RAM_MIB * 1024)

    lines = [("cpus", *exact(str(CPUS))), ("nproc", *exact(str(CPUS))),
             ("MemTotal", memtotal,
              f"90-100% of -m {RAM_MIB} ({RAM_MIB * 1024} kB)"),
             ("uptime", None, "seconds and idle seconds since boot")]
    for line in init.expected_fpu_lines():
        key, value = line.split(": ", 1)
        lines.append((key, *exact(value)))
    lines += [("procs", *exact(f"{init.PROCS} {init.PROCS} of {init.PROCS}")),
              ("pinned", *exact("0 1")), (init.POWEROFF, *exact(""))]
    return lines


def check_uptime(value, elapsed):
    m = re.fullmatch(r"(\d+\.\d\d) (\d+\.\d\d)", value or "")
    secs, idle = (float(m.group(1)), float(m.group(2))) if m else (0, -1)
    # Idle time is summed over the CPUs.
    check(m is not None and 0 < secs < elapsed + 1
          and 0 <= idle <= CPUS * secs + 1,
          f"uptime: {value!r}: seconds since boot (less than the "
          f"{elapsed:.1f} s the run took) and idle seconds (at most the "
          "CPUs' share)")


def check_output(initscript, after, elapsed):
    """Checks the lines the guest printed after the marker."""
    kernel = [s for s in after.split("\n") if KERNEL_LINE.match(s)]
    got = []
    for s in after.split("\n"):
        if s and not KERNEL_LINE.match(s):
            key, _, value = s.partition(": ")
            got.append((key, value))
    want = expected_lines(initscript)
    check([k for k, _ in got] == [k for k, _, _ in want],
          "the guest printed the expected lines, in order",
          f"  got:  {[k for k, _ in got]}\n"
          f"  want: {[k for k, _, _ in want]}")
    values = dict(got)
    for key, ok, what in want:
        value = values.get(key)
        if key == "uptime":
            check_uptime(value, elapsed)
        else:
            check(value is not None and ok(value),
                  f"{key}: {value!r} (want {what!r})")
    if kernel:
        print("kernel messages after the marker:", *kernel, sep="\n  ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qemu", nargs="?", const="qemu-system-i386",
                    help="test this QEMU binary instead of emu")
    ap.add_argument("--fetch", default=FETCH, help="fetch-linux script")
    ap.add_argument("--cache", help="fetch-linux's cache directory")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("emu", nargs="?", default="build/apps/emu/emu")
    args = ap.parse_args()

    binary = args.emu
    if args.qemu:
        binary = shutil.which(args.qemu)
        if not binary:
            skip(f"{args.qemu} is not installed")
    elif not os.access(binary, os.X_OK):
        check(False, f"{binary} is an executable (build emu first)")
        finish()
    # The guest's /init and its expected output live beside fetch-linux.
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.fetch)))
    sys.dont_write_bytecode = True
    import initscript

    paths = fetch(args.fetch, args.cache)
    rc, out, err, elapsed = boot(binary, paths, args.timeout)

    # -nographic's terminal set-up (QEMU's firmware clears the screen)
    # may precede the marker on its line.
    m = re.search(initscript.MARKER + r"\n(.*)", out, re.S)
    if check(m is not None, f"the guest printed {initscript.MARKER}"):
        check_output(initscript, m.group(1), elapsed)
    trouble = [s for s in out.split("\n") if KERNEL_TROUBLE.search(s)]
    check(not trouble, "no kernel panic, oops, BUG or WARNING",
          "\n".join(trouble[:10]))
    # kernel_power_off() prints it; a panic's reboot under -no-reboot
    # exits 0 too, after "reboot: Restarting system".
    check("reboot: Power down" in out and rc == 0,
          "the guest powered off: the kernel's \"reboot: Power down\", "
          f"exit status 0 (got {rc}{', timed out' if rc is None else ''})")
    finish_with_output(out, err)


if __name__ == "__main__":
    main()
