#!/usr/bin/env python3
"""The integer benchmarks of guests/bench (issue 9) against their host
build, at tiny sizes (kvm_pvm emulates every guest instruction):

- host-check --self-test: the textbook known answers (CRC-32 of
  "123456789", the primes up to 100 and 10^6);
- each benchmark under emu -accel kvm prints "bench: NAME size S reps R"
  and "bench: NAME checksum 0x... iterations R ticks T" with the host
  build's checksum, T no more PM timer ticks than the run's wall time
  holds, and leaves through isa-debug-exit with guest_exit(0) (status
  1); an unknown name or a size beyond the benchmark's buffers lists the
  benchmarks and leaves with guest_exit(2) (status 5);
- the same under emu -accel tcg and tcg,backend=interp once emu has TCG
  (until then emu's refusal is noted);
- the same under qemu-system-i386 -accel tcg when it is installed.

Without a usable /dev/kvm the rest still runs and the test exits 77
(skipped) unless something failed.

usage: test-emu-bench-guests.py EMU BENCH_ELF HOST_CHECK
"""
import re
import shutil
import subprocess
import sys
import time

from emutest import check, failed, kvm_unusable, require

EMU, BENCH, HOST_CHECK = sys.argv[1:4]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
BASE = ["-M", "pc", "-display", "none", "-nodefaults", "-serial", "stdio"]
PM_TIMER_HZ = 3579545
REPS = 2
# Tiny: a few hundred thousand guest instructions each.
SIZES = {"sieve": 1000, "crc32": 1000, "quicksort": 1000, "matmul": 16,
         "strsearch": 1000, "bytecode": 1000, "ptrchase": 1000,
         "coremix": 5}
RESULT = re.compile(r"bench: (\S+) checksum (0x[0-9a-f]{8}) iterations (\d+)"
                    r"(?: ticks (\d+))?\n")


def host(*args):
    return subprocess.run([HOST_CHECK, *args], capture_output=True,
                          text=True, timeout=60)


p = host("--self-test")
check(p.returncode == 0 and "self-test passed" in p.stdout,
      "host-check --self-test: CRC-32 check value, primes to 100 and 10^6",
      p.stdout + p.stderr)

p = host("--list")
listed = [line.split()[0] for line in p.stdout.splitlines()]
require(p.returncode == 0 and listed == list(SIZES),
        f"host-check --list names the eight benchmarks ({listed})")

want = {}
for name, size in SIZES.items():
    p = host(name, str(size), str(REPS))
    m = RESULT.fullmatch(p.stdout)
    require(p.returncode == 0 and m and m[1] == name and int(m[3]) == REPS,
            f"host-check {name} {size} {REPS}: {p.stdout.strip()}")
    want[name] = m[2]
p = host("nosuch", "10", "1")
check(p.returncode == 2, "host-check refuses an unknown name (status 2)")


def guest(binary, accel, append, timeout=120):
    """(status, serial output, stderr, wall seconds) of one bench.elf run."""
    start = time.monotonic()
    p = subprocess.run([binary, "-accel", accel, *BASE, "-kernel", BENCH,
                        "-append", append, *DEBUG_EXIT],
                       capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def bench_lines(out):
    """The guest's lines (QEMU's firmware may print before them)."""
    return "".join(line + "\n" for line in re.findall(r"bench: [^\r\n]*",
                                                      out))


def run_all(label, binary, accel):
    for name, size in SIZES.items():
        rc, out, err, wall = guest(binary, accel,
                                   f"{name} size={size} reps={REPS}")
        lines = bench_lines(out)
        head = f"bench: {name} size {size} reps {REPS}\n"
        m = RESULT.fullmatch(lines[len(head):]) if lines.startswith(head) \
            else None
        ok = (rc == 1 and m is not None and m[1] == name and
              m[2] == want[name] and int(m[3]) == REPS and m[4] is not None)
        check(ok, f"{label}: {name} size={size} reps={REPS}: checksum "
              f"{want[name]} as on the host, status 1",
              f"status {rc}\n{out}{err}")
        if ok:
            ticks = int(m[4])
            check(ticks / PM_TIMER_HZ <= wall,
                  f"{label}: {name}: {ticks} PM timer ticks fit in the "
                  f"run's {wall:.2f} s")
    rc, out, err, _ = guest(binary, accel, "nosuch")
    lines = bench_lines(out)
    check(rc == 5 and all(f"bench:   {n} (size:" in lines for n in SIZES),
          f"{label}: an unknown name lists the benchmarks, guest_exit(2) "
          "(status 5)", f"status {rc}\n{out}{err}")
    rc, out, err, _ = guest(binary, accel, "matmul size=513")
    check(rc == 5 and "bench:   matmul (size: rows" in out,
          f"{label}: matmul size=513, beyond its buffers, is refused "
          "(status 5)", f"status {rc}\n{out}{err}")


kvm_reason = kvm_unusable()
if kvm_reason:
    print(f"note: emu -accel kvm not run: {kvm_reason}")
else:
    run_all("emu -accel kvm", EMU, "kvm")

for accel in ("tcg", "tcg,backend=interp"):
    rc, out, err, _ = guest(EMU, accel, "nosuch")
    if "not supported yet" in err:
        print(f"note: emu -accel {accel}: {err.strip()}")
    else:
        run_all(f"emu -accel {accel}", EMU, accel)

QEMU = shutil.which("qemu-system-i386")
if QEMU:
    run_all("qemu-system-i386 -accel tcg", QEMU, "tcg")
else:
    print("note: no qemu-system-i386 installed")

if failed():
    sys.exit(1)
if kvm_reason:
    print(f"SKIP: emu under KVM: {kvm_reason}")
    sys.exit(77)
sys.exit(0)
