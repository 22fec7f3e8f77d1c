#!/usr/bin/env python3
"""The seed's OpenStack command line runs a VM under KVM: Nova's line as
generated (seed 001), its paths in a temporary directory, without the
devices and backends emu does not have yet (USB, disk, network, VNC,
display, balloon; emutest.OPENSTACK_MISSING), with a multiboot guest as
-kernel.  The guest's console goes to the file chardev's console.log,
the QMP monitor answers on the unix socket, and -no-shutdown keeps the
powered-off VM paused until QMP quit.

usage: test-emu-openstack.py EMU HELLO_GUEST
"""
import os
import subprocess
import sys
import tempfile
import time

from emutest import (QMP, check, finish, kvm_unusable, openstack_command_line,
                     openstack_runnable, skip)

EMU, HELLO = sys.argv[1], sys.argv[2]
reason = kvm_unusable()
if reason:
    skip(reason)

tmp = tempfile.TemporaryDirectory(prefix="emu-openstack-")
instance = os.path.join(tmp.name, "1f8e6f7e-5a70-4780-89c1-464dc0e7f308")
os.mkdir(instance)
for name in ("disk", "console.log"):
    open(os.path.join(instance, name), "w").close()
argv = openstack_runnable(openstack_command_line(tmp.name, instance))
argv += ["-kernel", HELLO]

proc = subprocess.Popen([EMU, *argv], stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True)
qmp = QMP(os.path.join(tmp.name, "instance-00000024.monitor"))
check(qmp.greeting.get("QMP", {}).get("version", {}).get("qemu") is not None,
      "the QMP monitor answers on the chardev socket", str(qmp.greeting))
name = qmp.cmd("query-name")
check(name == {"return": {"name": "instance-00000024"}},
      "query-name: instance-00000024", str(name))
uuid = qmp.cmd("query-uuid")
check(uuid["return"]["UUID"] == "1f8e6f7e-5a70-4780-89c1-464dc0e7f308",
      "query-uuid: the -uuid", str(uuid))

# -global kvm-pit.lost_tick_policy=discard reached the in-kernel PIT's
# stand-in device (kernel-irqchip=on), as under QEMU.
qtree = qmp.cmd("human-monitor-command",
                **{"command-line": "info qtree"})["return"]
pit = qtree[qtree.find("dev: kvm-pit"):][:200]
check('lost_tick_policy = "discard"' in pit,
      "-global kvm-pit.lost_tick_policy=discard: the kvm-pit has it", pit)

# The guest powers off through ACPI; -no-shutdown pauses the VM.
deadline = time.time() + 60
status = None
while time.time() < deadline:
    status = qmp.cmd("query-status")["return"]
    if status["status"] == "shutdown":
        break
    time.sleep(0.05)
check(status and status["status"] == "shutdown" and not status["running"],
      "the guest's ACPI power-off pauses the VM (-no-shutdown)", str(status))
with open(os.path.join(instance, "console.log")) as f:
    console = f.read()
check(console == "Hello from emu guest\n",
      "the guest's COM1 output is in console.log", repr(console))

qmp.cmd("quit")
try:
    out, err = proc.communicate(timeout=20)
except subprocess.TimeoutExpired:
    proc.kill()
    out, err = proc.communicate()
# Warnings only: deprecated spellings in Nova's line (-realtime,
# server/nowait) and CPUID features the host lacks (no unused -global).
errors = [line for line in err.splitlines()
          if ": warning: " not in line and not line.startswith("Please use")]
check(proc.returncode == 0 and errors == [] and "global" not in err,
      "QMP quit ends the run with status 0, nothing but warnings",
      f"{proc.returncode} {err}")
finish()
