#!/usr/bin/env python3
"""The differential tester's comparator: generates sequences (gen.py),
runs them natively in difftest-harness (the host CPU is the oracle) and
in the difftest guest under each target, and compares the result lines.
Reports each mismatch with its instructions (and their disassembly when
objdump is installed) and the per-form coverage of the run.

Targets: qemu (qemu-system-i386 -accel tcg), emu-kvm (emu -accel kvm),
emu-tcg (emu -accel tcg, once emu has it).  Exit status: 0 all equal,
1 mismatches or a failed run, 77 when no target can run here.

usage: difftest.py --harness H --guest G [--target T]... [--emu EMU]
                   [--seed S] [--count N] [--insns K] [--chunk C]
                   [--x87] [--faults pf|limit] [--coverage FILE]
"""
import argparse
import collections
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import insns as table  # noqa: E402

KVM_GET_API_VERSION = 0xae00
FIELDS = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags",
          "memsum", "fpu-cw:sw", "fpu-tw", "fpu-regsum"]
LINE = re.compile(r"^[0-9a-f]{8} [0-9a-f ]+$|^[0-9a-f]{8} fault [0-9a-f ]+$")


def kvm_unusable():
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


def target_command(target, args):
    """The command line that runs the guest, or (None, why not)."""
    common = ["-M", "pc", "-m", "128", "-nographic", "-no-reboot",
              "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
              "-kernel", args.guest]
    if target == "qemu":
        qemu = shutil.which(args.qemu)
        if not qemu:
            return None, f"{args.qemu} not installed"
        return [qemu, "-accel", "tcg"] + common, None
    if not args.emu:
        return None, "no --emu given"
    if target == "emu-kvm":
        why = kvm_unusable()
        if why:
            return None, why
        return [args.emu, "-accel", "kvm"] + common, None
    if target.startswith("emu-tcg"):
        accel = "tcg" + target[len("emu-tcg"):].replace(":", ",")
        return [args.emu, "-accel", accel] + common, None
    return None, f"unknown target {target}"


def result_lines(text):
    return [ln.strip() for ln in text.splitlines() if LINE.match(ln.strip())]


def run_native(args, path):
    p = subprocess.run([args.harness, path], capture_output=True, text=True,
                       timeout=args.timeout)
    if p.returncode != 0:
        raise RuntimeError(f"harness failed ({p.returncode}): {p.stderr}")
    return result_lines(p.stdout)


def run_guest(cmd, path, timeout):
    p = subprocess.run(cmd + ["-initrd", path], capture_output=True,
                       text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    lines = result_lines(p.stdout)
    # guest_exit(0) through isa-debug-exit: status 1.
    if p.returncode != 1 or "difftest: done" not in p.stdout:
        tail = "\n".join((p.stdout + p.stderr).splitlines()[-5:])
        raise RuntimeError(f"{cmd[0]} exited with {p.returncode} after "
                           f"{len(lines)} results:\n{tail}")
    return lines


def disassemble(code):
    if not shutil.which("objdump"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        p = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386",
                            f.name], capture_output=True, text=True)
    return [ln for ln in p.stdout.splitlines() if re.match(r"^\s+[0-9a-f]+:",
                                                           ln)]


def report(target, index, seq, want, got):
    print(f"MISMATCH {target} sequence {index}:")
    w, g = want.split()[1:], got.split()[1:]
    if len(w) == len(g) and len(w) in (len(FIELDS) - 3, len(FIELDS)):
        for name, a, b in zip(FIELDS, w, g):
            if a != b:
                print(f"  {name}: native {a} {target} {b}")
    else:
        print(f"  native: {want}\n  {target}: {got}")
    print("  initial: " + " ".join(f"{r:08x}" for r in seq.regs) +
          f" eflags {seq.eflags:08x} mask {seq.mask:08x}"
          f" mem_seed {seq.mem_seed:08x}")
    listing(seq)


def listing(seq):
    for ins in seq.insns:
        print(f"  {ins.code.hex(' '):40} {ins.key}")
    dis = disassemble(seq.code)
    if dis:
        print("  objdump:")
        for ln in dis:
            print("  " + ln)


def coverage(seqs, counts):
    for s in seqs:
        for i in s.insns:
            counts[i.key] += 1


def write_coverage(path, counts):
    rows = [gen.row_key(r) for r in table.ROWS + table.X87_ROWS]
    with open(path, "w") as f:
        f.write("# instances per instruction form (insns.py row)\n")
        for key in rows + sorted(set(counts) - set(rows)):
            f.write(f"{counts.get(key, 0):10d}  {key}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--harness", required=True)
    ap.add_argument("--guest", required=True)
    ap.add_argument("--target", action="append", default=[])
    ap.add_argument("--emu")
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--insns", type=int, default=8)
    ap.add_argument("--chunk", type=int, default=20000,
                    help="sequences per guest run")
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--max-reports", type=int, default=20)
    ap.add_argument("--coverage", help="write per-form counts here")
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out this mnemonic or row key (\"enter32 "
                    "[c8 iw ib]\"): a known bug of a target")
    ap.add_argument("--x87", action="store_true",
                    help="the x87 forms too; the FPU state is compared")
    ap.add_argument("--faults", choices=["pf", "limit"],
                    help="end sequences with accesses near the end of the "
                    "buffer's page (pf) or of a segment (limit); the state "
                    "at the fault is compared")
    args = ap.parse_args()

    targets = {}
    for t in args.target or ["qemu"]:
        cmd, why = target_command(t, args)
        if cmd:
            targets[t] = cmd
        else:
            print(f"difftest: skipping {t}: {why}")
    if not targets:
        sys.exit(77)

    counts = collections.Counter()
    mismatches = collections.Counter()
    total = insns = 0
    start = time.time()
    tmp = tempfile.mkdtemp(prefix="difftest-")
    try:
        for first in range(0, args.count, args.chunk):
            n = min(args.chunk, args.count - first)
            # Each chunk its own seed: any chunk can be rerun alone.
            seqs = gen.generate(args.seed * 1000003 + first, n, args.insns,
                                args.exclude, args.x87, args.faults)
            coverage(seqs, counts)
            insns += sum(len(s.insns) for s in seqs)
            path = os.path.join(tmp, "seqs.bin")
            gen.write_file(path, seqs, args.x87, args.faults)
            native = run_native(args, path)
            if len(native) != n:
                raise RuntimeError(f"harness printed {len(native)} of {n}")
            for t, cmd in targets.items():
                try:
                    got = run_guest(cmd, path, args.timeout)
                except RuntimeError as e:
                    done = int(re.search(r"after (\d+) results", str(e))[1])
                    if done < n:
                        print(f"difftest: {t} stopped in sequence "
                              f"{first + done}:")
                        listing(seqs[done])
                    raise
                if len(got) != n and t == "qemu":
                    # QEMU has been seen to lose one result line from its
                    # serial output on a loaded host (2,000 sequences, the
                    # guest's "done" still printed): once more, said so.
                    print(f"difftest: {t} printed {len(got)} of {n} result "
                          "lines; running it again")
                    got = run_guest(cmd, path, args.timeout)
                if len(got) != n:
                    raise RuntimeError(f"{t} printed {len(got)} of {n}")
                for i, (a, b) in enumerate(zip(native, got)):
                    if a != b:
                        if sum(mismatches.values()) < args.max_reports:
                            report(t, first + i, seqs[i], a, b)
                        mismatches[t] += 1
            total += n
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"difftest: FAILED: {e}")
        sys.exit(1)
    finally:
        shutil.rmtree(tmp)

    rows = {gen.row_key(r)
            for r in table.ROWS + (table.X87_ROWS if args.x87 else [])
            if not gen.excluded(r, args.exclude)}
    covered = len(rows & set(counts))
    print(f"difftest: seed {args.seed}: {total} sequences, {insns} "
          f"instructions, {covered} of {len(rows)} forms covered, "
          f"{time.time() - start:.1f} s")
    if args.coverage:
        write_coverage(args.coverage, counts)
    for t in targets:
        print(f"difftest: {t}: {mismatches[t]} mismatching sequences")
    sys.exit(1 if sum(mismatches.values()) else 0)


if __name__ == "__main__":
    main()
