#!/usr/bin/env python3
"""Command-line behaviour of the emu binary: version, type listing, errors.

usage: test-emu-cli.py EMU VERSION
"""
import subprocess
import sys

from emutest import require


def run(*args):
    p = subprocess.run([EMU, *args], capture_output=True, text=True,
                       timeout=30)
    return p.returncode, p.stdout, p.stderr


EMU, VERSION = sys.argv[1], sys.argv[2]

rc, out, err = run("-version")
require(rc == 0 and out == f"emu version {VERSION}\n", "-version")
rc, out2, err = run("--version")
require(rc == 0 and out2 == out, "--version is the same as -version")

rc, out, err = run()
require(rc == 0, "no arguments exits 0")
lines = out.splitlines()
require(lines[0] == f"emu version {VERSION}", "no arguments prints the version")
require("  object (abstract)" in lines, "type tree has the root type")
require("    container" in lines, "container is a child of object")
require("  interface (abstract)" in lines, "type tree has the interface root")
require("Supported machines are:" in lines, "machine list is printed")
require("pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)"
      in lines, "the machine list is -machine help's")

rc, out, err = run("-list-types")
require(rc == 0 and out.startswith("Registered QOM types ("), "-list-types")
# Linked whole: the constructors of every library's types ran.
types = {l.strip().replace(" (abstract)", "") for l in out.splitlines()}
for t in ["machine", "x86-machine", "generic-pc-machine",
          "pc-i440fx-7.2-machine", "pc-i440fx-2.0-machine", "none-machine",
          "i440FX-pcihost", "i440FX", "PIIX3", "piix3-ide", "PIIX4_PM",
          "isabus-bridge", "PCI", "ISA",
          "x86_64-cpu", "qemu64-x86_64-cpu", "SandyBridge-x86_64-cpu",
          "accel", "device", "sys-bus-device"]:
    require(t in types, f"-list-types has {t}")
rc, out, err = run("-machine", "help")
require(rc == 0 and "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) "
      "(default)\n" in out and "pc-i440fx-trusty" in out,
      "-machine help lists the pc machines")

rc, out, err = run("-no-such-option")
require(rc == 1 and err == "emu: -no-such-option: invalid option\n",
      "unknown option: one error line naming it")

# Under an accelerator that starts anywhere (qtest), so that the stop is
# the image's whether or not /dev/kvm is usable here.
rc, out, err = run("-accel", "qtest", "disk.img")
require(rc == 1 and err == "emu: disk.img: not supported yet\n",
      "a guest image cannot run yet: one clear error line")

# -device help in QEMU 7.2's layout: a header per category, blank lines
# between sections, 'name "X", bus B' lines (values checked against
# qemu-system-x86_64 7.2 -device help).
rc, out, err = run("-device", "help")
sections = out.split("\n\n")
require(rc == 0 and sections[0].startswith("Storage devices:\n"),
      "-device help starts with the first category that has devices")
require('Storage devices:\nname "piix3-ide", bus PCI\n' in out,
      "piix3-ide is a storage device on the PCI bus, as in QEMU")
require('name "isa-serial", bus ISA' in sections[1] and
      sections[1].startswith("Input devices:"),
      "isa-serial is an input device on the ISA bus, as in QEMU")
require('name "isa-debug-exit", bus ISA' in sections[2] and
      sections[2].startswith("Misc devices:"),
      "isa-debug-exit is a misc device")
require(all(s.split("\n")[0].endswith("devices:") for s in sections),
      "every section has a category header")
