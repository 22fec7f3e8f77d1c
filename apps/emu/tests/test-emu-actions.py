#!/usr/bin/env python3
"""What a guest's reset and power-off requests do, with -action reboot=
and shutdown= (-no-reboot, -no-shutdown), as QEMU 7.2's main loop: the
binary under -accel qtest, driven through qtest on stdin/stdout with a
QMP socket for the events and the run state.

- default: the i8042 reset line (0xfe to port 0x64) resets; RESET event
  {"guest": true, "reason": "guest-reset"}; the VM keeps running.
- -no-reboot: the same request is a shutdown: SHUTDOWN with that data,
  exit status 0 while qtest is still connected.
- -no-shutdown: ACPI S5 through PIIX4 PM (PMBA programmed through
  0xcf8/0xcfc, SLP_EN|SLP_TYP=0 to PM1a control): SHUTDOWN {"guest":
  true, "reason": "guest-shutdown"}, then STOP, run state "shutdown".
- both: the reset request becomes a shutdown, which pauses.
- QMP system_reset: the reply, then RESET; under -no-reboot, SHUTDOWN
  {"guest": false, "reason": "host-qmp-system-reset"} and the end.

usage: test-emu-actions.py EMU
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from emutest import check, finish

EMU = sys.argv[1]
PM_DEVFN = (1 << 3) | 3
PM_BASE = 0x600


class Vm:
    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp()
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        self.proc = subprocess.Popen(
            [EMU, "-M", "pc", "-nodefaults", "-display", "none",
             "-accel", "qtest", "-qtest", "stdio", "-qtest-log", "none",
             "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path, *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        # The path appears at bind(), before listen(): retry refusals.
        for _ in range(400):
            self.qmp = socket.socket(socket.AF_UNIX)
            try:
                self.qmp.connect(self.qmp_path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.qmp.close()
                time.sleep(0.05)
        else:
            raise RuntimeError("emu's QMP socket never accepted")
        self.qmp.settimeout(20)
        self.rfile = self.qmp.makefile("rb")
        self.events = []
        self.read_json()                                   # greeting
        self.command("qmp_capabilities")

    def read_json(self):
        line = self.rfile.readline()
        if not line:
            raise EOFError("QMP connection closed")
        return json.loads(line)

    def command(self, name):
        self.qmp.sendall(json.dumps({"execute": name}).encode() + b"\n")
        while True:
            msg = self.read_json()
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def event(self, name):
        for i, ev in enumerate(self.events):
            if ev["event"] == name:
                return self.events.pop(i)
        while True:
            msg = self.read_json()
            if msg.get("event") == name:
                return msg
            if "event" in msg:
                self.events.append(msg)

    def qtest(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().decode().strip()

    def pci_cfg_writel(self, devfn, offset, value):
        self.qtest("outl 0xcf8 0x%x" % (0x80000000 | devfn << 8 | offset))
        self.qtest("outl 0xcfc 0x%x" % value)

    def acpi_power_off(self):
        self.pci_cfg_writel(PM_DEVFN, 0x40, PM_BASE | 1)   # PMBA
        self.qtest("outl 0xcf8 0x%x" % (0x80000000 | PM_DEVFN << 8 | 0x80))
        self.qtest("outb 0xcfc 0x01")                      # PMIOSE
        self.qtest("outw 0x%x 0x2000" % (PM_BASE + 4))     # SLP_EN, S5

    def exit_status(self):
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.qmp.close()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


def data(ev):
    return ev.get("data")


# Default: a guest reset resets and the VM runs on.
vm = Vm()
vm.qtest("outb 0x64 0xfe")
ev = vm.event("RESET")
check(data(ev) == {"guest": True, "reason": "guest-reset"},
      "default: i8042 reset sends RESET guest-reset", str(ev))
st = vm.command("query-status")["return"]
check(st["status"] == "running", "default: still running", str(st))
check(vm.qtest("endianness") == "OK little", "default: qtest still served")
vm.close()

# -no-reboot: the reset request shuts the VM down.
vm = Vm("-no-reboot")
vm.qtest("outb 0x64 0xfe")
ev = vm.event("SHUTDOWN")
check(data(ev) == {"guest": True, "reason": "guest-reset"},
      "-no-reboot: SHUTDOWN guest-reset", str(ev))
check(vm.exit_status() == 0, "-no-reboot: exit status 0")
vm.close()

# -no-shutdown: ACPI power-off pauses in the "shutdown" state.
vm = Vm("-no-shutdown")
vm.acpi_power_off()
ev = vm.event("SHUTDOWN")
check(data(ev) == {"guest": True, "reason": "guest-shutdown"},
      "-no-shutdown: SHUTDOWN guest-shutdown", str(ev))
vm.event("STOP")
st = vm.command("query-status")["return"]
check(st["status"] == "shutdown" and not st["running"],
      "-no-shutdown: run state shutdown", str(st))
check(vm.proc.poll() is None, "-no-shutdown: emu keeps running")
vm.command("quit")
check(vm.exit_status() == 0, "-no-shutdown: quit exits 0")
vm.close()

# Without -no-shutdown the same power-off ends the run.
vm = Vm()
vm.acpi_power_off()
ev = vm.event("SHUTDOWN")
check(data(ev) == {"guest": True, "reason": "guest-shutdown"},
      "default: ACPI S5 sends SHUTDOWN guest-shutdown", str(ev))
check(vm.exit_status() == 0, "default: ACPI S5 exits 0")
vm.close()

# Both: the reset becomes a shutdown, and the shutdown a pause.
vm = Vm("-action", "reboot=shutdown,shutdown=pause")
vm.qtest("outb 0x92 0x01")                                 # port 0x92 reset
ev = vm.event("SHUTDOWN")
check(data(ev) == {"guest": True, "reason": "guest-reset"},
      "reboot=shutdown,shutdown=pause: SHUTDOWN guest-reset", str(ev))
vm.event("STOP")
st = vm.command("query-status")["return"]
check(st["status"] == "shutdown", "both: paused in shutdown", str(st))
vm.close()

# QMP system_reset goes through the same policy, after its reply (as
# QEMU 7.2, checked with qemu-system-x86_64 -no-reboot -qmp stdio).
vm = Vm()
check(vm.command("system_reset") == {"return": {}}, "system_reset reply")
ev = vm.event("RESET")
check(data(ev) == {"guest": False, "reason": "host-qmp-system-reset"},
      "system_reset: RESET host-qmp-system-reset", str(ev))
check(vm.command("query-status")["return"]["status"] == "running",
      "system_reset: still running")
vm.close()

vm = Vm("-no-reboot")
check(vm.command("system_reset") == {"return": {}},
      "-no-reboot: system_reset reply")
ev = vm.event("SHUTDOWN")
check(data(ev) == {"guest": False, "reason": "host-qmp-system-reset"},
      "-no-reboot: system_reset is SHUTDOWN host-qmp-system-reset", str(ev))
check(vm.exit_status() == 0, "-no-reboot: system_reset exits 0")
vm.close()

# watchdog= stays refused: emu has no watchdog device.
p = subprocess.run([EMU, "-action", "watchdog=pause"], capture_output=True,
                   text=True, timeout=30)
check(p.returncode == 1 and
      "-action watchdog=pause: not supported yet" in p.stderr,
      "-action watchdog= refused with one line", p.stderr)

finish()
