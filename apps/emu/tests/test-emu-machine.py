#!/usr/bin/env python3
"""The emu binary's machine set-up: -machine/-m/-smp/-cpu/-accel applied
as QEMU 7.2 applies them, with its exact messages, up to the accelerator,
where every run stops until one exists; -machine help and -cpu help.

When qemu-system-x86_64 is installed, the error texts and -cpu help are
also compared with it live (run as "-display none -S -nodefaults -accel
tcg"); otherwise those comparisons are skipped and the fixed texts below
(taken from QEMU 7.2) are checked alone.

usage: test-emu-machine.py EMU
"""
import os
import shutil
import subprocess
import sys

from emutest import check, finish

EMU = sys.argv[1]
QEMU = shutil.which("qemu-system-x86_64")


def run(argv, *args):
    p = subprocess.run([*argv, *args], capture_output=True, text=True,
                       timeout=30, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


# KVM (the default accelerator while TCG is not registered) opens a
# device that does not exist, so every run stops at the accelerator with
# QEMU's two lines, whether or not /dev/kvm is usable here.
os.environ["EMU_KVM_DEVICE"] = "/nonexistent/kvm"
KVM_NOENT = "Could not access KVM kernel module: No such file or directory\n"
KVM_MISSING = KVM_NOENT + ("emu: failed to initialize kvm: No such file or "
                           "directory\n")


def emu(*args):
    return run([EMU], *args)


SEED_CPU = ("SandyBridge,+erms,+smep,+fsgsbase,+pdpe1gb,+rdrand,+f16c,"
            "+osxsave,+dca,+pcid,+pdcm,+xtpr,+tm2,+est,+smx,+vmx,+ds_cpl,"
            "+monitor,+dtes64,+pbe,+tm,+ht,+ss,+acpi,+ds,+vme")
SEED = ["-M", "pc", "-m", "2048", "-smp", "1,sockets=1,cores=1,threads=1",
        "-cpu", SEED_CPU]

# ---- The seed's machine: set up, then the stop at the accelerator ----

rc, out, err = emu(*SEED, "-enable-kvm")
check(rc == 1 and err == KVM_MISSING,
      "-enable-kvm (machine accel=kvm): stop at KVM", err)
rc, out, err = emu("-enable-kvm", "-machine",
                   "pc-i440fx-trusty,accel=kvm,usb=off", *SEED[2:])
check(rc == 1 and err == KVM_MISSING,
      "OpenStack's -enable-kvm -machine pc-i440fx-trusty,accel=kvm", err)
rc, out, err = emu(*SEED, "-accel", "kvm")
check(rc == 1
      and err == KVM_NOENT + "emu: -accel kvm: failed to initialize kvm: "
      "No such file or directory\n",
      "-accel kvm: the message names the option", err)
rc, out, err = emu("-M", "pc,accel=kvm:tcg", "-display", "none",
                   "-nodefaults")
check(rc == 1 and err.startswith(
      KVM_NOENT + "emu: failed to initialize kvm: No such file or "
      "directory\nemu: falling back to tcg\n")
      and err.endswith("emu: Trying to execute code outside RAM or ROM at "
                       "0xfffffff0\n"),
      "-machine accel=kvm:tcg: KVM's failure, the fallback to tcg, which "
      "finds no firmware at the reset vector", err)
rc, out, err = emu("-accel", "foo")
check(rc == 1 and err == "emu: -accel foo: invalid accelerator foo\n",
      "-accel foo: QEMU's invalid accelerator", err)

# ---- Errors before the accelerator: QEMU 7.2's exact texts ----

ERRORS = [
    (["-M", "foo"], "emu: unsupported machine type\n"
     "Use -machine help to list supported machines\n"),
    (["-M", "pc", "-smp", "300"], "emu: Invalid SMP CPUs 300. The max CPUs "
     "supported by machine 'pc-i440fx-7.2' is 255\n"),
    (["-M", "pc-i440fx-trusty", "-smp", "256"], "emu: Invalid SMP CPUs 256. "
     "The max CPUs supported by machine 'pc-i440fx-2.0' is 255\n"),
    (["-M", "pc", "-smp", "3,maxcpus=2"], "emu: Invalid CPU topology: maxcpus "
     "must be equal to or greater than smp: sockets (1) * dies (1) * cores "
     "(2) * threads (1) == maxcpus (2) < smp_cpus (3)\n"),
    (["-M", "pc", "-cpu", "SandyBridge,+foo"],
     "emu: Property 'SandyBridge-x86_64-cpu.foo' not found\n"),
    (["-M", "pc", "-cpu", "SandyBridge,-foo"],
     "emu: Property 'SandyBridge-x86_64-cpu.foo' not found\n"),
    (["-M", "pc", "-cpu", "SandyBridge,foo=on"],
     "emu: can't apply global SandyBridge-x86_64-cpu.foo=on: Property "
     "'SandyBridge-x86_64-cpu.foo' not found\n"),
    (["-M", "pc", "-cpu", "SandyBridge,erms=xyz"],
     "emu: can't apply global SandyBridge-x86_64-cpu.erms=xyz: Parameter "
     "'erms' expects 'on' or 'off'\n"),
    (["-M", "pc", "-cpu", "Foo"], "emu: unable to find CPU model 'Foo'\n"),
    (["-M", "pc,foo=bar"],
     "emu: Property 'pc-i440fx-7.2-machine.foo' not found\n"),
    (["-M", "pc,usb=maybe"], "emu: Parameter 'usb' expects 'on' or 'off'\n"),
    (["-M", "pc,smm=foo"], "emu: Parameter 'smm' does not accept value "
     "'foo'\n"),
    (["-M", "pc,max-ram-below-4g=5G"], "emu: Machine option "
     "'max-ram-below-4g=5368709120' expects size less than or equal to 4G\n"),
    (["-M", "pc", "-m", "1G,maxmem=512M"], "emu: invalid value of maxmem: "
     "maximum memory size (0x20000000) must be at least the initial memory "
     "size (0x40000000)\n"),
    (["-M", "pc", "-m", "1G,slots=2"],
     "emu: slots specified but no max-size\n"),
    (["-M", "pc", "-m", "1G,slots=2,maxmem=1G"], "emu: invalid value of "
     "maxmem: memory slots were specified but maximum memory size "
     "(0x40000000) is equal to the initial memory size (0x40000000)\n"),
    (["-M", "pc", "-m", "1G,maxmem=512M", "-smp", "300"], "emu: Invalid SMP "
     "CPUs 300. The max CPUs supported by machine 'pc-i440fx-7.2' is 255\n"),
    (["-M", "pc,accel=kvm", "-accel", "tcg"], "emu: The -accel and "
     "\"-machine accel=\" options are incompatible\n"),
    (["-append", "foo"], "emu: -append only allowed with -kernel option\n"),
    (["-initrd", "x"], "emu: -initrd only allowed with -kernel option\n"),
]
for args, expected in ERRORS:
    rc, out, err = emu(*args)
    check(rc == 1 and err == expected, "error: " + " ".join(args),
          f"rc={rc} stderr={err!r}")
    # Debian's QEMU has no Ubuntu machine types such as pc-i440fx-trusty.
    if QEMU and not any("trusty" in a for a in args):
        qrc, qout, qerr = run([QEMU, "-display", "none", "-S", "-nodefaults",
                               "-accel", "tcg"], *args)
        qerr = qerr.replace("qemu-system-x86_64: ", "emu: ")
        check(qrc == 1 and qerr == expected,
              "  ... and qemu-system-x86_64 says the same", qerr)

# ---- Listings ----

DESC = "Standard PC (i440FX + PIIX, 1996)"
VERSIONS = ["7.2", "7.1", "7.0", "6.2", "6.1", "6.0", "5.2", "5.1", "5.0",
            "4.2", "4.1", "4.0", "3.1", "3.0", "2.9", "2.8", "2.7", "2.6",
            "2.5", "2.4", "2.3", "2.2", "2.12", "2.11", "2.10", "2.1", "2.0"]
DISTRO = {"6.2": "jammy", "4.2": "focal", "2.11": "bionic", "2.5": "xenial",
          "2.0": "trusty"}
want = ["Supported machines are:",
        f"{'pc':<20} {DESC} (alias of pc-i440fx-7.2)"]
for v in VERSIONS:
    if v in DISTRO:
        want.append(f"{'pc-i440fx-' + DISTRO[v]:<20} {DESC} "
                    f"(alias of pc-i440fx-{v})")
    want.append(f"{'pc-i440fx-' + v:<20} {DESC}"
                + (" (default)" if v == "7.2" else ""))
want.append(f"{'none':<20} empty machine")
rc, out, err = emu("-machine", "help")
check(rc == 0 and out == "\n".join(want) + "\n",
      "-machine help: QEMU's layout, pc family newest first", out)
if QEMU:
    rc, qout, err = run([QEMU], "-machine", "help")
    qlines = set(qout.splitlines())
    ours = [l for l in want[1:] if "trusty" not in l and "xenial" not in l
            and "bionic" not in l and "focal" not in l and "jammy" not in l]
    check(all(l in qlines for l in ours),
          "  ... each pc line as qemu-system-x86_64 prints it",
          "\n".join(l for l in ours if l not in qlines))

rc, out, err = emu("-cpu", "help")
check(rc == 0 and out.startswith("Available CPUs:\nx86 486 ")
      and "\nRecognized CPUID flags:\n" in out
      and "x86 SandyBridge " in out, "-cpu help: models and flags", out[:200])
if QEMU:
    rc, qout, err = run([QEMU], "-cpu", "help")
    check(out == qout, "-cpu help is byte for byte qemu-system-x86_64's")
else:
    print("skip: -cpu help comparison (no qemu-system-x86_64)")

rc, out, err = emu("-M", "pc,help")
lines = out.splitlines()
check(rc == 0 and lines[0] == "pc-i440fx-7.2-machine options:"
      and "  max-ram-below-4g=<size> - Maximum ram below the 4G boundary "
      "(32bit boundary)" in lines
      and "  hpet=<bool>            - Enable/disable high precision event "
      "timer emulation" in lines
      and "  acpi=<OnOffAuto>       - Enable ACPI" in lines,
      "-M pc,help: the machine's properties", out)

rc, out, err = emu("-accel", "help")
check(rc == 0
      and out == "Accelerators supported in emu binary:\nkvm\nqtest\n"
      "tcg\n",
      "-accel help", out)

finish()
