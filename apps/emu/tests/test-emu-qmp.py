#!/usr/bin/env python3
"""QMP through the emu binary, on unix sockets, with the qtest accelerator
(no vCPU runs; the main loop does).

One monitor: the handshake, a few commands, stop/STOP, the machine
commands (query-cpus-fast, query-kvm, device_add/device_del refusals on
the pc board, system_powerdown), and quit ending the process with status
0.

Two monitors (-qmp twice), a client on each: requests interleaved byte
by byte and several per write, replies only to the asker with its id,
events (STOP, RESUME, RESET, POWERDOWN, SHUTDOWN) to both, and a client
leaving mid-message disturbing neither the other one nor the client that
connects next.

usage: test-emu-qmp.py EMU
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from emutest import require


EMU = sys.argv[1]


class Client:
    """A QMP client on a unix socket: whole lines in, JSON objects out."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        self.sock.connect(path)
        self.buf = b""

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("monitor closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send_raw(self, data):
        self.sock.sendall(data.encode() if isinstance(data, str) else data)

    def send(self, obj):
        self.send_raw(json.dumps(obj) + "\n")

    def cmd(self, obj):
        """Send obj and return the reply, checking no event came first."""
        self.send(obj)
        reply = self.recv()
        require("event" not in reply, f"{obj['execute']}: a reply, no event")
        return reply

    def negotiate(self):
        greeting = self.recv()
        require("QMP" in greeting, "greeting")
        require(self.cmd({"execute": "qmp_capabilities"}) == {"return": {}},
              "qmp_capabilities")

    def nothing_pending(self):
        """Nothing more arrives within 0.3 s."""
        time.sleep(0.3)
        self.sock.setblocking(False)
        try:
            self.sock.recv(1, socket.MSG_PEEK)
            return False
        except BlockingIOError:
            return not self.buf
        finally:
            self.sock.settimeout(20)

    def close(self):
        self.sock.close()


def is_event(msg, name):
    return (msg.get("event") == name
            and set(msg.get("timestamp", {})) == {"seconds", "microseconds"})


def start(tmp, *sockets, extra=()):
    paths = [os.path.join(tmp, s) for s in sockets]
    args = [EMU, "-M", "pc", "-accel", "qtest", "-display", "none",
            "-nodefaults"] + list(extra)
    for p in paths:
        args += ["-qmp", f"unix:{p},server=on,wait=off"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    for _ in range(200):
        if all(os.path.exists(p) for p in paths):
            break
        time.sleep(0.05)
    return proc, paths


def stop(proc, paths, tmp):
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for p in paths:
        if os.path.exists(p):
            os.unlink(p)
    os.rmdir(tmp)


def one_monitor():
    tmp = tempfile.mkdtemp()
    proc, paths = start(tmp, "qmp.sock", extra=[
        "-name", "instance-00000024,process=emu-inst"])
    try:
        c = Client(paths[0])
        greeting = c.recv()
        require(greeting["QMP"]["capabilities"] == ["oob"]
              and "qemu" in greeting["QMP"]["version"], "greeting")
        c.send({"execute": "query-status"})
        require(c.recv()["error"]["class"] == "CommandNotFound",
              "commands before qmp_capabilities are refused")
        c.send({"execute": "qmp_capabilities"})
        require(c.recv() == {"return": {}}, "qmp_capabilities")
        c.send({"execute": "query-status", "id": 7})
        require(c.recv() == {"return": {"status": "running",
                                      "singlestep": False, "running": True},
                           "id": 7},
              "query-status running, id echoed")
        c.send({"execute": "query-name"})
        require(c.recv() == {"return": {"name": "instance-00000024"}},
              "-name guest via query-name")
        with open(f"/proc/{proc.pid}/comm") as comm:
            require(comm.read().strip() == "emu-inst",
                  "-name process= sets comm")
        c.send({"execute": "qom-get",
                "arguments": {"path": "/machine", "property": "type"}})
        require(c.recv() == {"return": "pc-i440fx-7.2-machine"},
              "qom-get /machine")

        # The machine commands, on the pc board.
        cpus = c.cmd({"execute": "query-cpus-fast"})["return"]
        # The qtest accelerator has no vCPU threads: the main thread's id.
        require(cpus == [{"thread-id": proc.pid,
                        "props": {"core-id": 0, "thread-id": 0,
                                  "socket-id": 0},
                        "qom-path": "/machine/unattached/device[0]",
                        "cpu-index": 0, "target": "x86_64"}],
              "query-cpus-fast")
        require(c.cmd({"execute": "query-kvm"}) ==
              {"return": {"enabled": False, "present": True}},
              "query-kvm: KVM is built in, qtest runs")
        errors = [
            ({"driver": "isa-serial", "id": "s1"},
             "Bus 'isa.0' does not support hotplugging"),
            ({"driver": "foo"}, "'foo' is not a valid device model name"),
            ({"id": "x"}, "Parameter 'driver' is missing"),
        ]
        for args, desc in errors:
            r = c.cmd({"execute": "device_add", "arguments": args})
            require(r == {"error": {"class": "GenericError", "desc": desc}},
                  f"device_add {args}: {desc}")
        r = c.cmd({"execute": "device_del", "arguments": {"id": "s1"}})
        require(r == {"error": {"class": "DeviceNotFound",
                              "desc": "Device 's1' not found"}},
              "device_del of nothing: DeviceNotFound")
        r = c.cmd({"execute": "device_del",
                   "arguments": {"id": "/machine/i440fx"}})
        require(r["error"]["desc"] ==
              "Bus 'main-system-bus' does not support hotplugging",
              "device_del on a bus without hot plugging")
        c.send({"execute": "system_powerdown"})
        require(is_event(c.recv(), "POWERDOWN"), "POWERDOWN event")
        require(c.recv() == {"return": {}}, "system_powerdown reply")

        c.send({"execute": "stop"})
        require(is_event(c.recv(), "STOP"), "STOP event")
        require(c.recv() == {"return": {}}, "stop reply")
        c.send({"execute": "query-status"})
        require(c.recv()["return"]["status"] == "paused", "paused after stop")
        c.send({"execute": "quit"})
        # QEMU's order: the SHUTDOWN event, then quit's reply.
        require(c.recv()["data"] == {"guest": False, "reason": "host-qmp-quit"},
              "SHUTDOWN event")
        require(c.recv() == {"return": {}}, "quit reply")
        require(proc.wait(timeout=20) == 0, "emu exits 0 after quit")
    finally:
        stop(proc, paths, tmp)


def two_monitors():
    tmp = tempfile.mkdtemp()
    proc, paths = start(tmp, "qmp-a.sock", "qmp-b.sock")
    try:
        a = Client(paths[0])
        b = Client(paths[1])
        a.negotiate()
        b.negotiate()

        # Two requests interleaved byte by byte: each monitor frames its
        # own stream, each reply goes to its asker.
        ra = json.dumps({"execute": "query-status", "id": "a1"}) + "\n"
        rb = json.dumps({"execute": "query-name", "id": {"b": [1]}}) + "\n"
        for i in range(max(len(ra), len(rb))):
            if i < len(ra):
                a.send_raw(ra[i])
            if i < len(rb):
                b.send_raw(rb[i])
            if i % 8 == 0:
                time.sleep(0.002)
        require(a.recv() == {"return": {"status": "running",
                                      "singlestep": False, "running": True},
                           "id": "a1"},
              "byte-interleaved: A's reply to A")
        require(b.recv() == {"return": {}, "id": {"b": [1]}},
              "byte-interleaved: B's reply to B")

        # Several requests per write on B while A sends line by line.
        b.send_raw("".join(json.dumps({"execute": "query-kvm", "id": n})
                           for n in range(3)))
        for n in range(3):
            a.send({"execute": "query-name", "id": f"a{n}"})
        for n in range(3):
            require(b.recv() == {"return": {"enabled": False,
                                          "present": True}, "id": n},
                  f"B's reply {n}, in order")
            require(a.recv() == {"return": {}, "id": f"a{n}"},
                  f"A's reply a{n}, in order")
        require(a.nothing_pending() and b.nothing_pending(),
              "no stray replies on either monitor")

        # Events reach both monitors; replies only the asker.
        a.send({"execute": "stop", "id": "s"})
        require(is_event(a.recv(), "STOP"), "STOP event on A")
        require(a.recv() == {"return": {}, "id": "s"}, "stop reply on A")
        require(is_event(b.recv(), "STOP"), "STOP event on B")
        b.send({"execute": "cont", "id": "c"})
        require(is_event(b.recv(), "RESUME"), "RESUME event on B")
        require(b.recv() == {"return": {}, "id": "c"}, "cont reply on B")
        require(is_event(a.recv(), "RESUME"), "RESUME event on A")
        a.send({"execute": "system_reset"})
        # QEMU's order: the reply, then the reset from the main loop.
        require(a.recv() == {"return": {}}, "system_reset reply on A")
        for who, c in (("A", a), ("B", b)):
            ev = c.recv()
            require(is_event(ev, "RESET") and ev["data"] ==
                  {"guest": False, "reason": "host-qmp-system-reset"},
                  f"RESET event on {who}")
        b.send({"execute": "system_powerdown"})
        require(is_event(b.recv(), "POWERDOWN"), "POWERDOWN event on B")
        require(b.recv() == {"return": {}}, "system_powerdown reply on B")
        require(is_event(a.recv(), "POWERDOWN"), "POWERDOWN event on A")
        require(a.nothing_pending() and b.nothing_pending(),
              "each event once, each reply once")

        # A leaves in the middle of a request.
        a.send_raw('{"execute": "stop", "arg')
        time.sleep(0.1)
        a.close()
        require(b.cmd({"execute": "query-status", "id": 1}) ==
              {"return": {"status": "running", "singlestep": False,
                          "running": True}, "id": 1},
              "B unaffected by A leaving mid-message (and no stop ran)")
        # The next client of A's socket starts from scratch.
        a = Client(paths[0])
        require("QMP" in a.recv(), "new client on A gets a greeting")
        require(a.cmd({"execute": "query-status"})["error"]["class"] ==
              "CommandNotFound", "new client on A must negotiate again")
        require(a.cmd({"execute": "qmp_capabilities"}) == {"return": {}},
              "new client on A negotiates")
        require(a.cmd({"execute": "query-name", "id": 2}) ==
              {"return": {}, "id": 2}, "new client on A is served")
        b.send({"execute": "quit", "id": "q"})
        for who, cl in (("B", b), ("A", a)):
            ev = cl.recv()
            require(is_event(ev, "SHUTDOWN") and ev["data"] ==
                  {"guest": False, "reason": "host-qmp-quit"},
                  f"SHUTDOWN event on {who}")
        require(b.recv() == {"return": {}, "id": "q"},
                "quit reply on B, after the event")
        require(proc.wait(timeout=20) == 0, "emu exits 0 after quit on B")
        a.close()
        b.close()
    finally:
        stop(proc, paths, tmp)


one_monitor()
two_monitors()
