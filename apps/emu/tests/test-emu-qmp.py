#!/usr/bin/env python3
"""QMP through the emu binary: -qmp on a unix socket with the qtest
accelerator (no vCPU runs; the main loop does), the handshake, a few
commands, stop/STOP, and quit ending the process with status 0.

usage: test-emu-qmp.py EMU
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


EMU = sys.argv[1]
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "qmp.sock")
proc = subprocess.Popen([EMU, "-M", "pc", "-accel", "qtest", "-display",
                         "none", "-nodefaults",
                         "-name", "instance-00000024,process=emu-inst",
                         "-qmp",
                         f"unix:{path},server=on,wait=off"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
try:
    for _ in range(200):
        if os.path.exists(path):
            break
        time.sleep(0.05)
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(20)
    sock.connect(path)
    f = sock.makefile("rwb")

    def recv():
        return json.loads(f.readline())

    def send(obj):
        f.write((json.dumps(obj) + "\n").encode())
        f.flush()

    greeting = recv()
    check(greeting["QMP"]["capabilities"] == ["oob"]
          and "qemu" in greeting["QMP"]["version"], "greeting")
    send({"execute": "query-status"})
    check(recv()["error"]["class"] == "CommandNotFound",
          "commands before qmp_capabilities are refused")
    send({"execute": "qmp_capabilities"})
    check(recv() == {"return": {}}, "qmp_capabilities")
    send({"execute": "query-status", "id": 7})
    check(recv() == {"return": {"status": "running", "singlestep": False,
                                "running": True}, "id": 7},
          "query-status running, id echoed")
    send({"execute": "query-name"})
    check(recv() == {"return": {"name": "instance-00000024"}},
          "-name guest via query-name")
    with open(f"/proc/{proc.pid}/comm") as comm:
        check(comm.read().strip() == "emu-inst", "-name process= sets comm")
    send({"execute": "qom-get",
          "arguments": {"path": "/machine", "property": "type"}})
    check(recv() == {"return": "pc-i440fx-7.2-machine"}, "qom-get /machine")
    send({"execute": "stop"})
    ev = recv()
    check(ev["event"] == "STOP" and set(ev["timestamp"]) ==
          {"seconds", "microseconds"}, "STOP event")
    check(recv() == {"return": {}}, "stop reply")
    send({"execute": "query-status"})
    check(recv()["return"]["status"] == "paused", "paused after stop")
    send({"execute": "quit"})
    check(recv() == {"return": {}}, "quit reply")
    check(recv()["data"] == {"guest": False, "reason": "host-qmp-quit"},
          "SHUTDOWN event")
    check(proc.wait(timeout=20) == 0, "emu exits 0 after quit")
finally:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if os.path.exists(path):
        os.unlink(path)
    os.rmdir(tmp)
