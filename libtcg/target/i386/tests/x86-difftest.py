#!/usr/bin/env python3
"""The differential tester's sequences (tests/difftest/gen.py, every form
of insns.py) run natively by difftest-harness and through the x86 front
end by x86-difftest-runner (the test engine); the result lines are
compared, undefined flags masked as gen.py tracks them.

usage: x86-difftest.py --harness H --runner R [--seed S] [--count N]
                       [--insns K] [--exclude FORM]... [--extra]
                       [--per-form]
Exit status: 0 all equal, 1 a mismatch or a failed run.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "..", "..", "..", "..", "tests",
                                "difftest"))
import difftest  # noqa: E402
import gen  # noqa: E402
import insns as table  # noqa: E402


# Forms insns.py leaves out that this front end implements and the host
# runs the same way in ring 3: the BCD adjustments (Intel SDM vol. 2A,
# "Flags Affected" of DAA DAS AAA AAS AAM AAD).  AAM with an immediate
# of 0 raises #DE on both sides.
EXTRA_FLAGS = {
    "daa": (table.CF | table.AF,
            table.CF | table.AF | table.SF | table.ZF | table.PF, table.OF),
    "aaa": (table.AF, table.AF | table.CF,
            table.OF | table.SF | table.ZF | table.PF),
    "aam": (0, table.SF | table.ZF | table.PF,
            table.OF | table.AF | table.CF),
}
EXTRA_ROWS = [
    ("daa", 32, "27", "", "daa", None),
    ("das", 32, "2f", "", "daa", None),
    ("aaa", 32, "37", "", "aaa", None),
    ("aas", 32, "3f", "", "aaa", None),
    ("aam", 32, "d4 ib", "I", "aam", None),
    ("aad", 32, "d5 ib", "I", "aam", None),
]


def add_extra_rows():
    table.FLAGS.update(EXTRA_FLAGS)
    table.ROWS.extend(EXTRA_ROWS)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"x86-difftest: {cmd[0]} failed ({p.returncode}):\n"
                 f"{p.stderr[-2000:]}")
    return difftest.result_lines(p.stdout), p.stderr.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--harness", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--insns", type=int, default=8)
    ap.add_argument("--max-reports", type=int, default=10)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--extra", action="store_true",
                    help="add the BCD forms insns.py leaves out")
    ap.add_argument("--per-form", action="store_true",
                    help="print the forms of mismatching sequences")
    args = ap.parse_args()

    if args.extra:
        add_extra_rows()
    seqs = gen.generate(args.seed, args.count, args.insns, args.exclude)
    with tempfile.TemporaryDirectory(prefix="x86-difftest-") as tmp:
        path = os.path.join(tmp, "seqs.bin")
        gen.write_file(path, seqs)
        native, _ = run([args.harness, path])
        got, stats = run([args.runner, path])
    if len(native) != len(seqs) or len(got) != len(seqs):
        sys.exit(f"x86-difftest: {len(native)} native and {len(got)} "
                 f"emulated results for {len(seqs)} sequences")
    bad = 0
    forms = collections.Counter()
    for i, (a, b) in enumerate(zip(native, got)):
        if a != b:
            if bad < args.max_reports:
                difftest.report("emu-tcg-frontend", i, seqs[i], a, b)
            bad += 1
            for ins in seqs[i].insns:
                forms[ins.key] += 1
    rows = {gen.row_key(r) for r in table.ROWS
            if not gen.excluded(r, args.exclude)}
    covered = {i.key for s in seqs for i in s.insns}
    ninsns = sum(len(s.insns) for s in seqs)
    print(f"x86-difftest: seed {args.seed}: {len(seqs)} sequences, {ninsns} "
          f"instructions, {len(rows & covered)} of {len(rows)} forms; "
          f"{bad} mismatching sequences")
    print(f"x86-difftest: {stats}")
    if args.per_form and forms:
        for k, n in forms.most_common(40):
            print(f"  {n:6d}  {k}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
