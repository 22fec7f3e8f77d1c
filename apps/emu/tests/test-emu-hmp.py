#!/usr/bin/env python3
"""HMP through the emu binary (qtest accelerator: the main loop runs):
-monitor on a unix socket with every command, info qtree and info mtree
checked for QEMU's layout, -monitor stdio, and -nographic's mux on a
terminal (C-a c reaches the monitor, info status, quit).  When
qemu-system-x86_64 is installed, the same commands run there too: the
texts both define must match, and QEMU's trees must pass the same
layout checks.

usage: test-emu-hmp.py EMU
"""
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from emutest import require

PROMPT = b"(qemu) "
TIMEOUT = 20


def wait_for_path(path, proc):
    for _ in range(400):
        if os.path.exists(path):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    out = proc.communicate(timeout=5)[1] if proc.poll() is not None else b""
    require(False, f"{path} appears ({out!r})")


class Reader:
    """Bytes from a socket or fd, read until a marker."""

    def __init__(self, read):
        self.read = read
        self.buf = b""

    def until(self, marker):
        deadline = time.time() + TIMEOUT
        while marker not in self.buf:
            if time.time() > deadline:
                require(False, f"{marker!r} arrives (have {self.buf[-300:]!r})")
            data = self.read()
            if data is None:
                continue
            if not data:
                require(False, f"{marker!r} arrives before EOF "
                      f"(have {self.buf[-300:]!r})")
            self.buf += data
        i = self.buf.index(marker) + len(marker)
        text, self.buf = self.buf[:i], self.buf[i:]
        return text


def sock_reader(sock):
    def read():
        r, _, _ = select.select([sock], [], [], 0.5)
        return sock.recv(65536) if r else None
    return Reader(read)


def fd_reader(fd):
    def read():
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            return None
        try:
            return os.read(fd, 65536)
        except OSError:
            return b""
    return Reader(read)


class Hmp:
    """A monitor client: type a line, get the command's output (text
    between the echo and the next prompt), "\r\n" made "\n"."""

    def __init__(self, write, reader):
        self.write = write
        self.reader = reader

    def greeting(self):
        return self.reader.until(PROMPT)

    def cmd(self, line):
        self.write(line.encode() + b"\r")
        self.reader.until(b"\r\n")          # end of the echo
        out = self.reader.until(PROMPT)
        return out[:-len(PROMPT)].decode().replace("\r\n", "\n")


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(path)
        self.f = self.sock.makefile("rwb")
        self.recv()
        self.cmd("qmp_capabilities")

    def recv(self):
        return json.loads(self.f.readline())

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.f.write((json.dumps(msg) + "\n").encode())
        self.f.flush()
        while True:
            r = self.recv()
            if "event" not in r:
                return r

    def event(self, name):
        while True:
            r = self.recv()
            if r.get("event") == name:
                return r


# ---- Layout checks (QEMU's formats) ----

QTREE_LINE = re.compile(
    r'^(?P<ind> *)(?:'
    r'(?P<bus>bus: \S+)|'
    r'(?P<type>type \S+)|'
    r'(?P<dev>dev: \S+, id "[^"]*")|'
    r'gpio-(?:in|out) "[^"]*" \d+|'
    r'[\w.-]+ = .+|'
    r'mmio [0-9a-f]{16}/[0-9a-f]{16}|'
    r'class .+, addr [0-9a-f]{2}:[0-9a-f]{2}\.[0-7], '
    r'pci id [0-9a-f]{4}:[0-9a-f]{4} \(sub [0-9a-f]{4}:[0-9a-f]{4}\)|'
    r'bar \d: (?:i/o|mem) at 0x[0-9a-f]+ \[0x[0-9a-f]+\])$')


def qtree_layout_errors(text):
    """Lines that break QEMU's info qtree layout."""
    errors = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if lines[:2] != ["bus: main-system-bus", "  type System"]:
        errors.append("starts with the main system bus")
    stack = []      # (indent, "bus"/"dev") of the enclosing nodes
    prev = None
    for n, line in enumerate(lines):
        m = QTREE_LINE.match(line)
        if not m:
            errors.append(f"line {n}: {line!r}")
            continue
        ind = len(m.group("ind"))
        if ind % 2:
            errors.append(f"line {n}: odd indent")
        while stack and stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1] if stack else None
        if m.group("type") and not (prev and prev.group("bus") and
                                    ind == len(prev.group("ind")) + 2):
            errors.append(f"line {n}: type follows its bus")
        if m.group("bus") and n and parent != (ind - 2, "dev"):
            errors.append(f"line {n}: bus below its device")
        if m.group("dev") and parent != (ind - 2, "bus"):
            errors.append(f"line {n}: device below a bus")
        if not (m.group("bus") or m.group("dev")) and (
                parent is None or parent[0] != ind - 2):
            errors.append(f"line {n}: detail below its node")
        if m.group("bus"):
            stack.append((ind, "bus"))
        elif m.group("dev"):
            stack.append((ind, "dev"))
        prev = m
    return errors


RANGE = r'[0-9a-f]{16}-[0-9a-f]{16} \(prio -?\d+, (?:nv-)?(?:ram|rom|i/o|romd)\): '
MTREE_REGION = re.compile(
    r'^(?P<ind>(?:  )+)' + RANGE +
    r'(?:alias (?P<alias>.+?) @(?P<target>.+?) [0-9a-f]{16}-[0-9a-f]{16}|'
    r'(?P<name>[^ ].*?))(?: \[disabled\])?$')


def mtree_layout_errors(text):
    """Problems with QEMU's info mtree layout."""
    errors = []
    if not text.endswith("\n\n"):
        errors.append("ends with a blank line")
    targets, sections = [], []
    for bn, block in enumerate(text.rstrip("\n").split("\n\n")):
        lines = block.split("\n")
        heads = [ln for ln in lines if not ln.startswith(" ")]
        body = lines[len(heads):]
        if not heads or not all(
                re.match(r"^(address-space|memory-region): \S", h)
                for h in heads):
            errors.append(f"block {bn}: headers {heads!r}")
        if heads and heads[0].startswith("memory-region: "):
            sections.append(heads[0][len("memory-region: "):])
            if len(heads) != 1:
                errors.append(f"block {bn}: one memory-region")
        if not body:
            errors.append(f"block {bn}: no regions")
        depth = 0
        for ln in body:
            m = MTREE_REGION.match(ln)
            if not m:
                errors.append(f"block {bn}: {ln!r}")
                continue
            d = len(m.group("ind")) // 2
            # Deeper by more than one level only below a hidden
            # (disabled) region, which QEMU does not print.
            if d > depth + 2:
                errors.append(f"block {bn}: {ln!r} too deep")
            depth = d
            if m.group("target"):
                targets.append(m.group("target"))
    for t in targets:
        if t not in sections:
            errors.append(f"alias target {t} has a memory-region section")
    return errors


def run_socket_monitor(binary, extra, tmp, name):
    """A VM with HMP and QMP on unix sockets; returns (proc, hmp, qmp)."""
    hpath = os.path.join(tmp, name + "-hmp.sock")
    qpath = os.path.join(tmp, name + "-qmp.sock")
    args = [binary, "-nodefaults", "-display", "none", "-S",
            "-monitor", f"unix:{hpath},server=on,wait=off",
            "-qmp", f"unix:{qpath},server=on,wait=off"] + extra
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_path(hpath, proc)
    wait_for_path(qpath, proc)
    hsock = socket.socket(socket.AF_UNIX)
    hsock.connect(hpath)
    hmp = Hmp(hsock.sendall, sock_reader(hsock))
    qmp = Qmp(qpath)
    return proc, hmp, qmp


def finish(proc, what):
    try:
        rc = proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        rc = None
    require(rc == 0, f"{what}: the process ends with status 0 (got {rc})")


# Commands whose output both emu and QEMU define identically.
COMMON = ["help quit", "help info status", "help foo", "help info foo",
          "? stop", "foo", "  foo", "info foo", "info \"status\"",
          "quit x", "  q   x", "info status extra", "info mtree -x",
          "info mtree -o -f", "stop now", "info status", "info name",
          "info uuid", "", "   ", "help system_reset", "help cont",
          "help help"]


def main():
    emu = sys.argv[1]
    qemu = shutil.which("qemu-system-x86_64")
    tmp = tempfile.mkdtemp()

    # ---- Every command over a socket ----
    proc, hmp, qmp = run_socket_monitor(
        emu, ["-M", "pc", "-accel", "qtest", "-name", "vm1"], tmp, "emu")
    try:
        greeting = hmp.greeting().decode()
        require(re.fullmatch(r"emu \S+ monitor - type 'help' for more "
                           r"information\r\n\(qemu\) ", greeting) is not None,
              "banner names emu, QEMU's wording and prompt")
        out = hmp.cmd("help")
        require(out.split("\n")[:-1] == [
            "cont|c  -- resume emulation",
            "help|? [cmd] -- show the help",
            "info [subcommand] -- show various information about the "
            "system state",
            "quit|q  -- quit the emulator",
            "stop|s  -- stop emulation",
            "system_powerdown  -- send system power down event",
            "system_reset  -- reset the system"], "help lists the commands")
        info = hmp.cmd("info")
        require(info == hmp.cmd("help info") and all(
            f"info {s} " in info for s in
            ["status", "version", "name", "uuid", "qtree", "mtree",
             "chardev", "cpus", "kvm"]), "info lists its subcommands")
        require(hmp.cmd("info status") == "VM status: paused (prelaunch)\n",
              "info status under -S")
        require(re.fullmatch(r"\d+\.\d+\.\d+emu \S+\n",
                           hmp.cmd("info version")) is not None,
              "info version")
        require(hmp.cmd("info name") == "vm1\n", "info name")
        require(hmp.cmd("info uuid") ==
              "00000000-0000-0000-0000-000000000000\n", "info uuid")
        chardev = hmp.cmd("info chardev")
        require(re.search(r"^compat_monitor0: filename=unix:\S+hmp\.sock,"
                        r"server=on$", chardev, re.M) is not None and
              re.search(r"^compat_monitor1: filename=unix:\S+qmp\.sock,"
                        r"server=on$", chardev, re.M) is not None,
              "info chardev lists both monitors' chardevs")
        cpus = hmp.cmd("info cpus")
        require(re.fullmatch(r"\* CPU #0: thread_id=\d+\n", cpus) is not None,
              f"info cpus marks the current CPU ({cpus!r})")
        kvm = hmp.cmd("info kvm")
        require(re.fullmatch(r"kvm support: (enabled|disabled|not compiled)\n",
                           kvm) is not None, f"info kvm ({kvm!r})")
        # The reset state (SDM vol. 3A, table 9-1): CS F000 based at
        # FFFF0000, EIP FFF0, EFLAGS 2; -a heads each CPU with CPU#n.
        regs = hmp.cmd("info registers")
        require(re.search(r"^EAX=00000000 ", regs, re.M) and
                "EIP=0000fff0 EFL=00000002" in regs and
                re.search(r"^CS =f000 ffff0000 0000ffff ", regs, re.M) and
                "FCW=037f" in regs,
                f"info registers: the reset state ({regs!r})")
        regs_all = hmp.cmd("info registers -a")
        require(regs_all.startswith("\nCPU#0\nEAX=") and
                regs_all.count("CPU#") == 1,
                f"info registers -a ({regs_all[:80]!r})")
        require(hmp.cmd("cont") == "" and
              qmp.event("RESUME")["event"] == "RESUME", "cont, RESUME")
        require(hmp.cmd("info status") == "VM status: running\n",
              "running after cont")
        require(hmp.cmd("stop") == "" and qmp.event("STOP")["event"] == "STOP",
              "stop, STOP")
        require(hmp.cmd("info status") == "VM status: paused\n",
              "paused after stop")
        require(hmp.cmd("c") == "" and hmp.cmd("s") == "",
              "short names c and s")
        require(hmp.cmd("system_reset") == "" and
              qmp.event("RESET")["data"]["reason"] == "host-qmp-system-reset",
              "system_reset, RESET")
        out = hmp.cmd("system_powerdown")
        require(out == "" and qmp.event("POWERDOWN")["event"] == "POWERDOWN",
              f"system_powerdown, POWERDOWN ({out!r})")
        qtree = hmp.cmd("info qtree")
        errs = qtree_layout_errors(qtree)
        require(not errs, f"info qtree in QEMU's layout {errs}")
        require("\n    bus: pci.0\n      type PCI\n" in qtree and
              "\n        bus: isa.0\n          type ISA\n" in qtree,
              "info qtree shows the pc board's buses")
        mtree = hmp.cmd("info mtree")
        errs = mtree_layout_errors(mtree)
        require(not errs, f"info mtree in QEMU's layout {errs}")
        require(mtree.startswith("address-space: memory\n  0000000000000000-"
                               "ffffffffffffffff (prio 0, i/o): system\n")
              and "\naddress-space: I/O\n  0000000000000000-"
              "000000000000ffff (prio 0, i/o): io\n" in mtree and
              " (prio 0, ram): alias ram-below-4g @pc.ram " in mtree and
              "\nmemory-region: pc.ram\n" in mtree,
              "info mtree shows the pc memory map")
        flat = hmp.cmd("info mtree -f")
        require(re.match(r'FlatView #0\n AS "memory", root: system\n'
                       r' Root memory region: system\n  0000000000000000-',
                       flat) is not None, "info mtree -f: flat views")
        require(" owner:{" in hmp.cmd("info mtree -o"), "info mtree -o")
        hmc = qmp.cmd("human-monitor-command", **{"command-line":
                                                  "info status"})
        require(hmc == {"return": "VM status: paused\r\n"},
              "human-monitor-command through QMP")
        require(qmp.cmd("human-monitor-command", **{"command-line": "stop"})
              == {"return": ""}, "human-monitor-command: no output is \"\"")
        emu_common = {c: hmp.cmd(c) for c in COMMON}
        hmp.write(b"quit\r")
        require(qmp.event("SHUTDOWN")["data"] ==
              {"guest": False, "reason": "host-qmp-quit"},
              "quit: SHUTDOWN on the QMP monitor")
    finally:
        if proc.poll() is None:
            finish(proc, "HMP quit")

    # ---- -M none: the same bytes as QEMU's where the machines agree ----
    proc, hmp, qmp = run_socket_monitor(emu, ["-M", "none", "-accel",
                                              "qtest"], tmp, "none")
    hmp.greeting()
    none_qtree = hmp.cmd("info qtree")
    none_mtree = hmp.cmd("info mtree")
    require(none_qtree == "bus: main-system-bus\n  type System\n",
          "-M none: info qtree")
    require(none_mtree == "address-space: memory\n  0000000000000000-"
          "ffffffffffffffff (prio 0, i/o): system\n\naddress-space: I/O\n"
          "  0000000000000000-000000000000ffff (prio 0, i/o): io\n\n",
          "-M none: info mtree")
    require(hmp.cmd("info cpus") == "", "-M none: no CPUs")
    qmp.cmd("quit")
    finish(proc, "QMP quit with HMP attached")

    # ---- QEMU as the reference ----
    if qemu:
        proc, hmp, qmp = run_socket_monitor(
            qemu, ["-M", "pc", "-accel", "tcg", "-name", "vm1"], tmp,
            "qemu")
        try:
            hmp.greeting()
            errs = qtree_layout_errors(hmp.cmd("info qtree"))
            require(not errs, f"QEMU's info qtree passes the layout check "
                  f"{errs}")
            errs = mtree_layout_errors(hmp.cmd("info mtree"))
            require(not errs, f"QEMU's info mtree passes the layout check "
                  f"{errs}")
            # emu's run left the VM paused after stop; so does this one.
            hmp.cmd("cont")
            hmp.cmd("stop")
            qemu_common = {c: hmp.cmd(c) for c in COMMON}
            for c in COMMON:
                require(emu_common[c] == qemu_common[c],
                      f"{c!r}: emu and QEMU print the same "
                      f"({emu_common[c]!r} vs {qemu_common[c]!r})")
            hmp.write(b"quit\r")
        finally:
            if proc.poll() is None:
                finish(proc, "QEMU quit")
        proc, hmp, qmp = run_socket_monitor(
            qemu, ["-M", "none", "-accel", "tcg"], tmp, "qemu-none")
        hmp.greeting()
        q_qtree = hmp.cmd("info qtree")
        q_mtree = hmp.cmd("info mtree")
        # QEMU walks its address spaces in hash table order: compare
        # the blocks, each byte for byte, whatever their order.
        require(q_qtree == none_qtree and
              sorted(q_mtree.split("\n\n")) ==
              sorted(none_mtree.split("\n\n")),
              "-M none: info qtree and info mtree byte for byte as QEMU "
              f"({q_qtree!r} {q_mtree!r})")
        qmp.cmd("quit")
        finish(proc, "QEMU quit")
    else:
        print("skip: qemu-system-x86_64 not installed")

    # ---- -monitor stdio ----
    proc = subprocess.Popen([emu, "-M", "none", "-accel", "qtest",
                             "-nodefaults", "-monitor", "stdio"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate(b"info status\rquit\r", timeout=TIMEOUT)
    require(proc.returncode == 0 and
          b"\r\nVM status: running\r\n(qemu) " in out and
          out.startswith(b"emu ") and out.endswith(b"quit\x1b[K\r\n"),
          f"-monitor stdio: info status, quit ({out[-200:]!r} {err!r})")

    # ---- -nographic: COM1 and the monitor share stdio ----
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(emu, [emu, "-M", "pc", "-accel", "qtest", "-nographic"])
    term = fd_reader(fd)
    try:
        time.sleep(0.5)
        # COM1 has the focus: what is typed goes to the guest.
        os.write(fd, b"info status\r")
        time.sleep(0.3)
        require(select.select([fd], [], [], 0.3)[0] == [],
              "-nographic: COM1 has the focus at start")
        os.write(fd, b"\x01c")
        text = term.until(PROMPT)
        require(re.fullmatch(rb"emu \S+ monitor - type 'help' for more "
                           rb"information\r\r\n\(qemu\) ", text) is not None,
              f"-nographic: C-a c shows the banner and prompt ({text!r})")
        os.write(fd, b"info status\r")
        term.until(b"\r\n")
        require(term.until(PROMPT) ==
              b"VM status: running\r\r\n(qemu) ",
              "-nographic: info status on the mux monitor")
        os.write(fd, b"\x01c")
        require(term.until(b"\r\n") == b"\r\r\n",
              "-nographic: C-a c back to COM1 ends the monitor's line")
        os.write(fd, b"\x01c")
        require(term.until(PROMPT) == PROMPT,
              "-nographic: C-a c again: a fresh prompt")
        os.write(fd, b"quit\r")
        deadline = time.time() + TIMEOUT
        status = None
        while time.time() < deadline:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
            wpid, status = os.waitpid(pid, os.WNOHANG)
            if wpid:
                break
            time.sleep(0.05)
        require(status is not None and os.WIFEXITED(status) and
              os.WEXITSTATUS(status) == 0, "-nographic: quit ends emu (0)")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
