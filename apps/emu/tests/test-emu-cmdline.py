#!/usr/bin/env python3
"""The emu binary's command line: the seed's OpenStack command line in
dry-run mode, -writeconfig/-readconfig, QEMU 7.2's error messages, help
layouts, and the "not supported yet" stop.

usage: test-emu-cmdline.py EMU
"""
import os
import subprocess
import sys
import tempfile

from emutest import check, finish, openstack_command_line


# KVM (the default accelerator while TCG is not registered) opens a
# device that does not exist, so every run stops at the accelerator with
# QEMU's two lines, whether or not /dev/kvm is usable here.
KVM_ENV = dict(os.environ, EMU_KVM_DEVICE="/nonexistent/kvm")
KVM_MISSING = ("Could not access KVM kernel module: No such file or "
               "directory\nemu: failed to initialize kvm: No such file or "
               "directory\n")


def run(*args):
    p = subprocess.run([EMU, *args], capture_output=True, text=True,
                       timeout=30, env=KVM_ENV)
    return p.returncode, p.stdout, p.stderr


EMU = sys.argv[1]
TMP = tempfile.TemporaryDirectory(prefix="emu-cmdline-")
DIR = TMP.name
INSTANCE = os.path.join(DIR, "1f8e6f7e-5a70-4780-89c1-464dc0e7f308")
os.mkdir(INSTANCE)
for name in ("disk", "console.log"):
    open(os.path.join(INSTANCE, name), "w").close()

# The seed's command line (../shared/seeds/001), its paths moved to DIR.
OPENSTACK = openstack_command_line(DIR, INSTANCE)

# What the options without key=value arguments become.
FIXED = {
    "-enable-kvm": ["[machine]", 'accel = "kvm"'],
    "-no-user-config": ['user-config = "off"'],
    "-nodefaults": ['defaults = "off"'],
    "-no-hpet": ['hpet = "off"'],
    "-no-shutdown": ['shutdown = "pause"'],
    "-name": ['guest = "instance-00000024"'],
    "-m": ["[memory]", 'size = "2048"'],
    "-uuid": ['uuid = "1f8e6f7e-5a70-4780-89c1-464dc0e7f308"'],
    "-global": ['driver = "kvm-pit"', 'property = "lost_tick_policy"',
                'value = "discard"'],
    "-vnc": ['[vnc "default"]', 'vnc = "0.0.0.0:12"'],
    "-k": ['keyboard-layout = "en-us"'],
}
SECTION = {"-machine": "machine", "-cpu": "cpu", "-realtime": "realtime",
           "-smp": "smp-opts", "-smbios": "smbios", "-chardev": "chardev",
           "-mon": "mon", "-rtc": "rtc", "-boot": "boot-opts",
           "-device": "device", "-drive": "drive", "-netdev": "netdev"}
FLAGS = {"server": 'server = "on"', "nowait": 'wait = "off"'}


def expected_lines(opt, arg):
    """The lines of the -writeconfig output that show opt arg."""
    if opt in FIXED:
        return FIXED[opt]
    lines = []
    ident = None
    for i, elem in enumerate(arg.split(",")):
        if elem.startswith("+"):
            lines.append(f'{elem[1:]} = "on"')
        elif elem in FLAGS:
            lines.append(FLAGS[elem])
        elif "=" in elem:
            k, v = elem.split("=", 1)
            if k == "id":
                ident = v
            else:
                lines.append(f'{k} = "{v}"')
        elif i == 0:
            lines.append(f'= "{elem}"')  # the implied key
    section = SECTION[opt]
    lines.append(f'[{section} "{ident}"]' if ident else f"[{section}]")
    return lines


def option_pairs(argv):
    i = 0
    while i < len(argv):
        opt = argv[i]
        if i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            yield opt, argv[i + 1]
            i += 2
        else:
            yield opt, None
            i += 1


# ---- The seed's command line ----

rc, out, err = run(*OPENSTACK, "--dry-run")
check(rc == 0 and out == "", "OpenStack command line: --dry-run exits 0",
      err)
check(err.count("warning: short-form boolean option") == 2
      and "Please use wait=off instead" in err,
      "server,nowait: QEMU's deprecation warnings", err)

rc, config, err = run(*OPENSTACK, "-writeconfig", "-", "-S")
check(rc == 0 and config.startswith("# qemu config file\n"),
      "-writeconfig - -S prints the configuration and exits 0", err)
for opt, arg in option_pairs(OPENSTACK):
    missing = [l for l in expected_lines(opt, arg or "") if l not in config]
    check(not missing, f"{opt} {arg or ''} is in the -writeconfig output"[:78],
          f"missing: {missing}")

cfg = os.path.join(DIR, "openstack.cfg")
rc, out, err = run(*OPENSTACK, "-writeconfig", cfg, "-S")
check(rc == 0 and out == "" and open(cfg).read() == config,
      "-writeconfig FILE writes what -writeconfig - prints")

rc, back, err = run("-readconfig", cfg, "-writeconfig", "-", "--dry-run")
check(rc == 0 and back == config,
      "-readconfig of -writeconfig's output gives the same configuration",
      err + back)

rc, out, err = run(*OPENSTACK)
check(rc == 1 and err.endswith(KVM_MISSING),
      "without --dry-run: the machine is set up, the stop is at KVM", err)

# ---- Malformed command lines: exit 1 and QEMU 7.2's exact message ----

MALFORMED = [
    (["-m", "foo"],
     "emu: -m foo: Parameter 'size' expects a non-negative number below "
     "2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
     "tera-, peta-\nand exabytes, respectively.\n"),
    (["-m"], "emu: -m: requires an argument\n"),
    (["-foo"], "emu: -foo: invalid option\n"),
    (["-name", "foo=bar"], "emu: -name foo=bar: Invalid parameter 'foo'\n"),
    (["-netdev", "tap,id=n0,vhost=maybe"],
     "emu: -netdev tap,id=n0,vhost=maybe: Parameter 'vhost' expects 'on' "
     "or 'off'\n"),
    (["-chardev", "null,id=a", "-chardev", "null,id=a"],
     "emu: -chardev null,id=a: Duplicate ID 'a' for chardev\n"),
    (["-chardev", "socket,id=1bad,path=/tmp/x"],
     "emu: -chardev socket,id=1bad,path=/tmp/x: Parameter 'id' expects an "
     "identifier\nIdentifiers consist of letters, digits, '-', '.', '_', "
     "starting with a letter.\n"),
    (["-mon", "chardev=x,mode=bogus"],
     "emu: -mon chardev=x,mode=bogus: Parameter 'mode' does not accept "
     "value 'bogus'\n"),
    (["-netdev", "tap"], "emu: -netdev tap: Parameter 'id' is missing\n"),
    (["-chardev", "bogus,id=x"],
     "emu: -chardev bogus,id=x: 'bogus' is not a valid char driver name\n"),
    (["-drive", "file=x,cache=bogus"],
     "emu: -drive file=x,cache=bogus: invalid cache option\n"),
    (["-uuid", "1f8e6f7e-5a70-4780-89c1-464dc0e7f30"],
     "emu: -uuid 1f8e6f7e-5a70-4780-89c1-464dc0e7f30: failed to parse UUID "
     "string: wrong format\n"),
]
for args, expected in MALFORMED:
    rc, out, err = run(*args)
    check(rc == 1 and err == expected, "malformed: " + " ".join(args),
          f"rc={rc} stderr={err!r}")

# ---- Help, in QEMU's layout ----

rc, out, err = run("-h")
lines = out.splitlines()
check(rc == 0 and lines[0].startswith("emu version ")
      and lines[1] == "usage: emu [options] [disk_image]"
      and "Standard options:" in lines
      and "-h or -help     print this help and exit" in lines
      and "-machine [type=]name[,prop[=value][,...]]" in lines,
      "-h: QEMU's usage layout", out)

rc, out, err = run("-machine", "help")
check(rc == 0 and out.startswith("Supported machines are:\n"),
      "-machine help", out)
rc, out, err = run("-accel", "help")
check(rc == 0 and out.startswith("Accelerators supported in emu binary:\n"),
      "-accel help", out)
rc, out, err = run("-cpu", "help")
check(rc == 0 and out.startswith("Available CPUs:\n"), "-cpu help", out)
rc, out, err = run("-device", "help")
check(rc == 0 and out != "", "-device help", out)
rc, out, err = run("-device", "virtio-net-pci,help")
check(rc == 1 and err == "emu: -device virtio-net-pci,help: Device "
      "'virtio-net-pci' not found\n", "-device DRIVER,help of a missing one",
      err)
rc, out, err = run("-object", "help")
check(rc == 0 and out.startswith("List of user creatable objects:\n"),
      "-object help", out)
rc, out, err = run("-chardev", "help")
check(rc == 0 and out.startswith("Available chardev backend types: \n")
      and "  socket\n" in out and "  pty\n" in out, "-chardev help", out)
rc, out, err = run("-netdev", "help")
check(rc == 0 and out.startswith("Available netdev backend types:\ntap\n"),
      "-netdev help", out)
rc, out, err = run("-d", "help")
check(rc == 0 and out.startswith("Log items (comma separated):\n")
      and "\nguest_errors " in out, "-d help", out)
rc, out, err = run("-boot", "help")
check(rc == 0 and out == "boot-opts options:\n  menu=<bool (on/off)>\n"
      "  once=<str>\n  order=<str>\n  reboot-timeout=<num>\n"
      "  splash-time=<num>\n  splash=<str>\n  strict=<bool (on/off)>\n",
      "-boot help: QEMU's layout of a group's keys", out)

# ---- What runs today ----

# The machine and the accelerator come first, as in QEMU; options whose
# subsystem does not exist (-vnc, ...) are checked after the accelerator
# started, so a run whose accelerator fails stops there.
rc, out, err = run("-enable-kvm", "-vnc", ":1")
check(rc == 1 and err == KVM_MISSING,
      "-vnc: the stop is at the accelerator, before devices", err)
rc, out, err = run("-accel", "qtest", "-vnc", ":1")
check(rc == 1 and err == "emu: -vnc: not supported yet\n",
      "-vnc: once the accelerator runs, the option is refused", err)
rc, out, err = run("-M", "foo", "-vnc", ":1")
check(rc == 1 and err == "emu: unsupported machine type\n"
      "Use -machine help to list supported machines\n",
      "-M foo -vnc: the machine is checked first", err)
rc, out, err = run("-enable-kvm", "-nodefaults", "-d", "guest_errors")
check(rc == 1 and err == KVM_MISSING,
      "no unsupported option: the default machine, stop at KVM", err)
rc, out, err = run("-enable-kvm", "-writeconfig", "-", "-m", "64")
check(rc == 1 and "[memory]" in out and err == KVM_MISSING,
      "-writeconfig without -S writes, then goes on to the accelerator", err)

finish()
