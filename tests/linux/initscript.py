"""The initramfs's /init (built by fetch-linux) and what it must print
(checked by apps/emu/tests/test-emu-linux*.py and bench/boot-bench).

The guest prints, one figure a line:

    EMU-LINUX-BOOT-OK
    cpus: 2
    nproc: 2
    MemTotal:         502876 kB
    uptime: 3.57 1.48
    fpu div: 0.666667 14.2857 1
    ...                               (the FPU lines, see FPU)
    procs: 25 25 of 25
    pinned: 0 1
    EMU-LINUX-POWEROFF

then powers off (`poweroff -f`: ACPI S5; under -no-reboot a panic or a
reboot ends the emulator too, but without the last line).

The FPU lines are busybox awk, seq and printf arithmetic: awk keeps
numbers as C doubles, and busybox-i386 computes them with the x87
(busybox-amd64 with SSE2: the expected values are i386's, awk_mod
says where amd64 differs).  Debian's busybox-static is built without awk's math
functions (sqrt, exp, sin, `^`: "Math support is not compiled in"), so
only what needs no libm is used: the four operations, `%`, int(),
number parsing and printing.  Each expression sits beside its value
computed here by Python's IEEE doubles (exact fractions for the x87's
80-bit intermediates), formatted the way awk formats numbers.

With `shell` on the kernel command line /init starts an interactive
busybox shell on the console instead (after the marker).
"""
import math
from fractions import Fraction

MARKER = "EMU-LINUX-BOOT-OK"
POWEROFF = "EMU-LINUX-POWEROFF"
PROCS = 25


def awk_num(v):
    """busybox awk's number to string: integral values within a long long
    as integers, the rest with OFMT (%.6g); bools are 1 and 0."""
    if isinstance(v, bool):
        return str(int(v))
    if math.isfinite(v) and abs(v) < 2.0 ** 63 and v == int(v):
        return str(int(v))
    return "%.6g" % v


def x87(x):
    """The Fraction x rounded to the x87's 64-bit significand, to nearest
    even: the precision control Linux gives processes (control word
    0x37f; Intel SDM vol. 1, 8.1.5.2)."""
    if x == 0:
        return x
    e = x.numerator.bit_length() - x.denominator.bit_length()
    if Fraction(2) ** e > abs(x):
        e -= 1
    unit = Fraction(2) ** (e - 63)
    return round(x / unit) * unit


def awk_mod(a, b):
    """busybox awk's a % b without libm: a - (long long)(a / b) * b in
    one C expression, which gcc's i386 code keeps in x87 registers: the
    quotient keeps 64 significant bits, so 1e17 % 7 is 5 (with doubles,
    as busybox-amd64 computes it, the quotient rounds up and it is 0)."""
    q = int(x87(Fraction(a) / Fraction(b)))  # truncated, as (long long)
    assert abs(q) < 2 ** 63
    return float(x87(Fraction(a) - x87(q * Fraction(b))))


# (label, [(awk expression, expected text)]): one guest line each.
FPU = [
    ("div", [
        ("2 / 3", awk_num(2 / 3)),
        ("100 / 7", awk_num(100 / 7)),
        ("1 / 3 * 3 == 1", awk_num(1 / 3 * 3 == 1)),
    ]),
    ("printf", [
        ('sprintf("%.10f", 2 / 3)', "%.10f" % (2 / 3)),
        ('sprintf("%.20f", 1 / 3)', "%.20f" % (1 / 3)),
        ('sprintf("%.17g", 0.1)', "%.17g" % 0.1),
        ('sprintf("%.6e", 6.02214076e23)', "%.6e" % 6.02214076e23),
    ]),
    ("parse", [
        ('"1e-5" * 3', awk_num(1e-5 * 3)),
        ('"3.25abc" + 1', awk_num(3.25 + 1)),
        ('"-0.5e+2" + 0', awk_num(-0.5e+2)),
        ("1e-5 < 2e-5", awk_num(1e-5 < 2e-5)),
        ("0.1 + 0.2 == 0.3", awk_num(0.1 + 0.2 == 0.3)),
    ]),
    ("range", [
        ("1e300 * 1e10", awk_num(1e300 * 1e10)),  # overflow: inf
        ("-1e300 * 1e10", awk_num(-1e300 * 1e10)),
        ("1e-300 / 1e100", awk_num(1e-300 / 1e100)),  # underflow: 0
        ("1e-310 * 1e-10", awk_num(1e-310 * 1e-10)),  # a denormal
        ("4294967296 * 4294967296", awk_num(4294967296.0 * 4294967296)),
        # Intel SDM vol. 1, 4.8.3.7: an invalid operation's masked result
        # is the QNaN floating-point indefinite, sign bit set: "-nan".
        ("1e308 * 10 - 1e308 * 10", "-nan"),
    ]),
    ("int", [
        ("int(-7.9)", awk_num(float(int(-7.9)))),
        ("int(1e9 / 7)", awk_num(float(int(1e9 / 7)))),
        ('int("1e-5" * 1e5)', awk_num(float(int(1e-5 * 1e5)))),
        ("2147483647 + 1", awk_num(2147483647.0 + 1)),
        ("123456789 * 1000", awk_num(123456789.0 * 1000)),
    ]),
    ("mod", [
        ("7.5 % 2", awk_num(awk_mod(7.5, 2))),
        ("-7.5 % 2", awk_num(awk_mod(-7.5, 2))),
        ("1e17 % 7", awk_num(awk_mod(1e17, 7))),
        ("10 % 3.5", awk_num(awk_mod(10, 3.5))),
    ]),
]

# busybox seq and printf parse and print doubles too (exact binary
# fractions only: seq accumulates its step).
SHELL_FPU = [
    ("seq", "seq -s ' ' 0 0.25 1",
     " ".join("%.2f" % (i / 4) for i in range(5))),
    ("sh printf", "printf '%.3f %g %e' 3.14159 1e-5 -2.5",
     "%.3f %g %e" % (3.14159, 1e-5, -2.5)),
]


def expected_fpu_lines():
    lines = [f"fpu {label}: " + " ".join(v for _, v in items)
             for label, items in FPU]
    lines += [f"fpu {label}: {v}" for label, _, v in SHELL_FPU]
    return lines


def _awk_program():
    return "\n".join(f'    print "fpu {label}:", '
                     + ", ".join(e for e, _ in items)
                     for label, items in FPU)


def _shell_fpu():
    return "\n".join(f'echo "fpu {label}: $({cmd})"'
                     for label, cmd, _ in SHELL_FPU)


# Mounts first: /proc gives the figures, devtmpfs the device nodes the
# kernel itself creates.  The marker comes right after, so that a reader
# (boot-bench) can stop at it; each figure on its own line for the tests
# to parse.  The kernel hands /init no PATH: busybox sh's default finds
# /bin.
INIT = f"""#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo {MARKER}
case " $(cat /proc/cmdline) " in
*" shell "*)
    # Every applet, for poking around; cttyhack opens the real console
    # (ttyS0) as the controlling terminal so that job control and Ctrl-C
    # work, which /dev/console cannot give.
    busybox --install -s /bin
    echo "busybox shell; 'poweroff -f' powers off"
    setsid cttyhack sh -l
    poweroff -f
    ;;
esac
echo "cpus: $(grep -c '^processor' /proc/cpuinfo)"
echo "nproc: $(nproc)"
grep '^MemTotal:' /proc/meminfo
echo "uptime: $(cat /proc/uptime)"
awk 'BEGIN {{
{_awk_program()}
}}'
{_shell_fpu()}
# Process creation: pipelines in command substitutions, two loops at
# once (both CPUs); each line counts the squares that came back right.
squares() {{
    n=0
    for i in $(seq 1 $1); do
        [ "$(echo $i | awk '{{ print $1 * $1 }}' | cat)" = $((i * i)) ] &&
            n=$((n + 1))
    done
    echo $n
}}
squares {PROCS} > /tmp/a &
squares {PROCS} > /tmp/b &
wait
echo "procs: $(cat /tmp/a) $(cat /tmp/b) of {PROCS}"
# Field 39 of /proc/PID/stat: the CPU the process last ran on.
echo "pinned: $(taskset -c 0 awk '{{ print $39 }}' /proc/self/stat)" \\
    "$(taskset -c 1 awk '{{ print $39 }}' /proc/self/stat)"
echo {POWEROFF}
poweroff -f
"""

# The applets /init uses (the shell installs the rest itself).
APPLETS = ["sh", "mount", "echo", "cat", "grep", "poweroff", "reboot",
           "nproc", "awk", "seq", "printf", "taskset", "setsid", "cttyhack",
           "ls", "dmesg", "uname", "sleep", "mkdir"]
