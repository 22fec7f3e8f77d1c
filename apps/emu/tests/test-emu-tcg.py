#!/usr/bin/env python3
"""emu's guests under TCG, end to end, with both back ends (issue 9's
"identical serial output and exit status under -accel tcg (both back
ends) and -accel kvm"):

- hello: the greeting and status 1 through isa-debug-exit; status 0
  through ACPI power-off without it;
- smp at -smp 1, 2 and 4, and -smp 4 with three resets through 0xcf9:
  the APs start in real mode from INIT/SIPI sent through the local APIC;
- pio and mmio against pc-testdev: every size and direction, string I/O
  and rep movs;
- irq: PIT and RTC interrupts through the I/O APIC (edge and level) and
  the 8259 pair, with and without a reset in between;
- triple: a reset through 0xcf9, and a triple fault (INT3 with an empty
  IDT), after which the machine resets and the guest runs again;
- loop: QMP stop/cont pauses and resumes the vCPU; system_reset;
- bench-exit: port writes and HPET reads in loops (the timings differ,
  the lines' shape must not);
- smc: self-modifying code (a patched function, an instruction that
  rewrites a later one in its own block, rep movsb over code);
- paging: 2-level and PAE paging, 4 MiB pages, aliases, accessed and
  dirty bits, page faults with CR2 and error code, INVLPG (not under
  kvm_pvm, which refuses CR0.PG in a 32-bit guest).
- realmode: real-mode code (segment arithmetic, 0x66/0x67 forms, far
  calls, INT/IRET and faults through the IVT), 16-bit protected mode
  in and out (MOV CR0, LMSW), big real mode, 16-bit code segments
  (under KVM with -append noud only: kvm_pvm's instruction emulator runs
  real mode and stops at UD2);
- excp: every exception vector with error code and saved EIP, #DF, a
  faulting rep movsb restarted, ring 3 (INT 0x80, call gate, SYSENTER),
  and with -append seglimit the limit, type and null-selector checks of
  data accesses (not under kvm_pvm: it pages);
- apic: the local APIC at -smp 2 (registers, IRR/ISR/EOI, TPR, the
  timer's modes, INIT/SIPI, fixed, NMI and lowest-priority IPIs), with
  -append sdm for what QEMU 7.2 lacks (not under kvm_pvm, whose APIC
  shows ISR and PPR clear in the handler, under QEMU too).
- atomic: at -smp 2 and 4, every CPU hammers shared counters with
  LOCK-prefixed ADD/SUB/ADC/SBB/INC/NOT/NEG/AND/OR/XOR, XADD, CMPXCHG,
  CMPXCHG8B, BTS/BTR/BTC and XCHG spin locks, and no update may be lost;
  one CPU rewrites code another runs (cross-modifying code, also while it
  runs), and fw_cfg DMA overwrites code that has run;
- x87: about 50,000 x87 cases (arithmetic in every precision and
  rounding mode, transcendentals, conversions, compares, the stack,
  unmasked exceptions, #MF) whose section checksums must equal those of
  x87-host-check, the same cases on the host's x87 (not under kvm_pvm,
  which stops at the first x87 memory access with an emulation failure,
  under QEMU too), and where qemu-system-i386 is installed, the part QEMU
  computes exactly (-append qemu) under QEMU's TCG as well.

Each guest runs under -accel tcg (the code generator) and
-accel tcg,backend=interp, and their outputs must be identical; where
KVM can run these guests, its output must be identical too.

usage: test-emu-tcg.py EMU HELLO TRIPLE LOOP SMP PIO MMIO IRQ SMC BENCH_EXIT
                      PAGING REALMODE EXCP APIC X87 X87_HOST_CHECK ATOMIC
"""
import re
import shutil
import subprocess
import sys
import time

from emutest import (Machine, check, finish, kvm_is_pvm, kvm_unusable,
                     run as run_binary)

(EMU, HELLO, TRIPLE, LOOP, SMP, PIO, MMIO, IRQ, SMC, BENCH_EXIT,
 PAGING, REALMODE, EXCP, APIC, X87, X87_HOST_CHECK, ATOMIC) = sys.argv[1:18]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
TESTDEV = ["-device", "pc-testdev"]
BACKENDS = ("tcg", "tcg,backend=interp")
# KVM is a reference where it can deliver everything these guests do
# (kvm_pvm cannot deliver a triple fault; it runs the rest).
KVM = not kvm_unusable()
KVM_PVM = KVM and kvm_is_pvm()


def run(accel, *args, timeout=120):
    return run_binary(EMU, "-accel", accel, "-M", "pc", "-nographic", *args,
                      timeout=timeout)


def guest_lines(out, prefix):
    """The guest's lines starting with prefix."""
    return [ln for ln in out.splitlines() if ln.startswith(prefix)]


def same_everywhere(name, args, prefix, want_rc, good, kvm=True, timeout=120,
                    backends=BACKENDS):
    """Run args under each back end (and KVM): same status and lines."""
    results = {}
    accels = list(backends) + (["kvm"] if KVM and kvm else [])
    for accel in accels:
        rc, out, err = run(accel, *args, timeout=timeout)
        results[accel] = (rc, guest_lines(out, prefix), err)
    for accel in accels:
        rc, lines, err = results[accel]
        check(rc == want_rc and good(lines),
              f"{name} under -accel {accel}: status {want_rc}",
              f"{rc} {lines} {err[-2000:]}")
    first = results[accels[0]][:2]
    check(all(results[a][:2] == first for a in accels),
          f"{name}: identical lines and status under "
          + ", ".join(accels), str({a: results[a][:2] for a in accels}))


# ---- hello ----

GREETING = "Hello from emu guest"
same_everywhere("hello", ["-kernel", HELLO, *DEBUG_EXIT], "Hello", 1,
                lambda ls: ls == [GREETING])
same_everywhere("hello without isa-debug-exit (ACPI power-off)",
                ["-kernel", HELLO], "Hello", 0,
                lambda ls: ls == [GREETING])


# ---- smp ----

def boot_ok(lines, n):
    want = {f"smp: cpu {i} up" for i in range(n)}
    return (len(lines) == n + 1 and lines[0] == "smp: cpu 0 up"
            and set(lines[:n]) == want and lines[n] == f"smp: {n} cpus")


def sort_boots(lines):
    """AP lines come in any order: compare them sorted per boot."""
    out, cur = [], []
    for ln in lines:
        if re.fullmatch(r"smp: cpu \d+ up", ln):
            cur.append(ln)
        else:
            out += sorted(cur) + [ln]
            cur = []
    return out + sorted(cur)


for n in (1, 2, 4):
    results = {}
    for accel in BACKENDS:
        rc, out, err = run(accel, "-smp", str(n), "-kernel", SMP,
                           *DEBUG_EXIT)
        lines = guest_lines(out, "smp: ")
        results[accel] = (rc, sort_boots(lines))
        check(rc == 1 and boot_ok(lines, n),
              f"smp -smp {n} under -accel {accel}: every CPU reports in "
              "once", f"{rc} {lines} {err[-2000:]}")
    check(len(set(map(str, results.values()))) == 1,
          f"smp -smp {n}: the same under both back ends", str(results))

for accel in BACKENDS:
    rc, out, err = run(accel, "-smp", "4", "-kernel", SMP, "-append",
                       "resets=3", *DEBUG_EXIT)
    check(rc == 1 and out.count("smp: 4 cpus") == 4
          and out.count("smp: booted again after the reset") == 3,
          f"smp -smp 4 -append resets=3 under -accel {accel}: the APs come "
          "up after each reset", f"{rc} {out!r} {err[-2000:]}")

# ---- pio, mmio ----

for name, kernel in (("pio", PIO), ("mmio", MMIO)):
    same_everywhere(f"{name} with pc-testdev",
                    ["-kernel", kernel, *TESTDEV, *DEBUG_EXIT], name + ": ", 1,
                    lambda ls, n=name: len(ls) == 1 and re.fullmatch(
                        n + r": \d+ checks passed", ls[0]) is not None)

# ---- bench-exit ----

for accel in BACKENDS:
    rc, out, err = run(accel, "-kernel", BENCH_EXIT,
                       "-append", "io=2000 mmio=2000", *DEBUG_EXIT)
    lines = [re.sub(r"ticks \d+", "ticks T", ln)
             for ln in guest_lines(out, "bench-exit: ")]
    check(rc == 1 and lines == ["bench-exit: io 2000 ticks T",
                                "bench-exit: mmio 2000 ticks T"],
          f"bench-exit under -accel {accel}: both loops ran",
          f"{rc} {lines} {err[-2000:]}")

# ---- smc ----

same_everywhere("smc", ["-kernel", SMC, *DEBUG_EXIT], "smc: ", 1,
                lambda ls: len(ls) == 1 and re.fullmatch(
                    r"smc: \d+ checks passed", ls[0]) is not None)

# ---- paging ----

for extra in ([], ["-append", "user"]):
    # user: ring-3 accesses (U/S, R/W with CR0.WP), through LTR and IRET.
    same_everywhere(" ".join(["paging"] + extra[1:]),
                    ["-kernel", PAGING, *extra, *DEBUG_EXIT], "paging: ", 1,
                    lambda ls: len(ls) == 1 and re.fullmatch(
                        r"paging: \d+ checks passed", ls[0]) is not None,
                    kvm=not KVM_PVM)

# ---- realmode, excp, apic ----


def passed(name):
    return lambda ls: len(ls) == 1 and re.fullmatch(
        name + r": \d+ checks passed", ls[0]) is not None


same_everywhere("realmode", ["-kernel", REALMODE, *DEBUG_EXIT], "realmode: ",
                1, passed("realmode"), kvm=False)
same_everywhere("realmode -append noud", ["-kernel", REALMODE, "-append",
                                         "noud", *DEBUG_EXIT], "realmode: ",
                1, passed("realmode"))
same_everywhere("excp", ["-kernel", EXCP, *DEBUG_EXIT], "excp: ", 1,
                passed("excp"), kvm=False)
# Segment limit and type checks of data accesses (QEMU's TCG has none).
same_everywhere("excp -append seglimit",
                ["-kernel", EXCP, "-append", "seglimit", *DEBUG_EXIT],
                "excp: ", 1, passed("excp"), kvm=False)
apic_checks = []


def apic_passed(lines):
    m = re.fullmatch(r"apic: (\d+) checks passed", lines[0]) if lines else None
    apic_checks.append(int(m.group(1)) if m and len(lines) == 1 else -1)
    return apic_checks[-1] > 0


same_everywhere("apic -smp 2", ["-smp", "2", "-kernel", APIC, "-append",
                                "sdm", *DEBUG_EXIT], "apic: ", 1,
                apic_passed, kvm=False)
# The timer's TSC-deadline mode, which emu's TCG offers on request: its
# checks come on top of the others.
plain = max(apic_checks)
same_everywhere("apic -smp 2 with tsc-deadline",
                ["-smp", "2", "-cpu", "qemu32,+tsc-deadline", "-kernel", APIC,
                 "-append", "sdm", *DEBUG_EXIT], "apic: ", 1,
                lambda ls: apic_passed(ls) and apic_checks[-1] > plain,
                kvm=False)

# ---- x87 ----

x87_want = subprocess.run([X87_HOST_CHECK], capture_output=True, text=True,
                          check=True).stdout.splitlines()
# A hang guard, not a time limit: the interpreter in the ASan build takes
# about 80 s alone, and CI runs two tests at once on two cores.
same_everywhere("x87 against x87-host-check", ["-kernel", X87, *DEBUG_EXIT],
                "x87: ", 1, lambda ls: ls == x87_want and len(ls) > 10,
                kvm=not KVM_PVM, timeout=400)
# QEMU's softfloat x87 is exact on part of it (x87.h: X87_QEMU): the
# guest's checks hold there under QEMU too.
QEMU = shutil.which("qemu-system-i386")
if QEMU:
    x87_want = subprocess.run([X87_HOST_CHECK, "--qemu"], capture_output=True,
                              text=True, check=True).stdout.splitlines()
    rc, out, err = run_binary(QEMU, "-accel", "tcg", "-M", "pc", "-nographic",
                              "-kernel", X87, "-append", "qemu", *DEBUG_EXIT,
                              timeout=300)
    lines = re.findall(r"x87: [^\r\n]*", out)
    check(rc == 1 and lines == x87_want and len(lines) > 2,
          "x87 -append qemu under qemu-system-i386 -accel tcg: the same as "
          "x87-host-check --qemu", f"{rc} {lines} {err[-2000:]}")

# ---- atomic ----

# Locked instructions from every vCPU thread at once lose no update;
# code another CPU rewrites, or a device's DMA overwrites, is run anew.
def atomic_ok(lines):
    return (len(lines) > 2 and lines[-1] == "atomic: all passed"
            and not any("FAILED" in ln for ln in lines))


# Not under kvm_pvm, which loses some of the LOCK ADD/SUB/ADC/SBB updates
# (qemu-system-i386 -accel kvm too, about one run in two).  Both back
# ends: the interpreter's XCHG spin lock, released by a plain MOV, let two
# CPUs in while the engine stored guest words with memcpy() (twice).
for n in (2, 4):
    same_everywhere(f"atomic -smp {n}",
                    ["-smp", str(n), "-kernel", ATOMIC, "-append",
                     "iters=100000 smcrace", *DEBUG_EXIT],
                    "atomic: ", 1, atomic_ok, kvm=not KVM_PVM, timeout=600)

# ---- irq ----

IRQ_WANT = ["irq: ioapic 3", "irq: ioapic-level 3", "irq: pic 3"]


def irq_lines(lines):
    # A path may deliver more ticks than the guest waits for.
    return [re.sub(r" ([4-9]|\d\d+)$", " 3", ln) for ln in lines]


for extra in ([], ["-append", "reset"]):
    for accel in BACKENDS:
        rc, out, err = run(accel, "-kernel", IRQ, *extra, *DEBUG_EXIT)
        lines = irq_lines(guest_lines(out, "irq: "))
        check(rc == 1 and all(w in lines for w in IRQ_WANT),
              f"irq {' '.join(extra)} under -accel {accel}: every path "
              "delivers its interrupts", f"{rc} {lines} {err[-2000:]}")

# ---- triple ----

for accel in BACKENDS:
    m = Machine(EMU, "-accel", accel, "-M", "pc", "-kernel", TRIPLE,
                "-append", "cf9", *DEBUG_EXIT)
    reset = m.qmp.event("RESET")
    rc, err = m.finish(timeout=60)
    check(reset is not None and reset["data"] ==
          {"guest": True, "reason": "guest-reset"} and rc == 1
          and m.final_output == "triple: first boot, resetting through "
          "0xcf9\ntriple: booted again after the reset\n",
          f"triple -append cf9 under -accel {accel}: RESET event, the "
          "guest runs again, status 1", f"{reset} {rc} "
          f"{m.final_output!r} {err[-2000:]}")
    rc, out, err = run(accel, "-kernel", TRIPLE, *DEBUG_EXIT)
    check(rc == 1 and "triple: first boot, faulting" in out
          and "triple: booted again after the reset" in out,
          f"triple fault under -accel {accel}: the machine resets and the "
          "guest runs again", f"{rc} {out!r} {err[-2000:]}")

# ---- loop: stop, cont, system_reset ----

for accel in BACKENDS:
    m = Machine(EMU, "-accel", accel, "-M", "pc", "-kernel", LOOP)
    m.wait_output(lambda t: t.count(".") >= 3)
    m.qmp.cmd("stop")
    time.sleep(0.2)
    frozen = m.output()
    time.sleep(0.5)
    still = m.output() == frozen
    m.qmp.cmd("cont")
    went_on = m.wait_output(lambda t: len(t) > len(frozen) + 2) != frozen
    m.qmp.cmd("system_reset")
    reset = m.qmp.event("RESET")
    m.qmp.cmd("quit")
    rc, err = m.finish(timeout=30)
    check(still and went_on and reset is not None and rc == 0,
          f"loop under -accel {accel}: stop freezes the guest, cont "
          "resumes it, system_reset, quit", f"{still} {went_on} {reset} "
          f"{rc} {err[-2000:]}")

finish()
