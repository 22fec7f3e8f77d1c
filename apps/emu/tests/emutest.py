"""What emu's end-to-end tests share: verdicts, KVM detection, a QMP
client and a VM started with a QMP socket.

A test imports it from its own directory (python puts the script's
directory first on sys.path):

    from emutest import check, finish, QMP, Machine
"""
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

_failed = False


def check(cond, what, detail=""):
    """Print one verdict line; a failure makes finish() exit 1."""
    global _failed
    if cond:
        print("ok:", what)
    else:
        _failed = True
        print("FAIL:", what)
        if detail:
            print(detail)
    return cond


def require(cond, what):
    """A verdict the rest of the test depends on: a failure ends it."""
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


def failed():
    return _failed


def finish_with_output(out, err):
    """finish(), first printing the ends of a failed run's output."""
    if failed():
        print("--- guest output (last 4000 characters):")
        print(out[-4000:])
        print("--- stderr:")
        print(err[-4000:])
    finish()


def finish():
    sys.exit(1 if _failed else 0)


def skip(reason):
    """Meson's skip: exit status 77 with the reason."""
    print(f"SKIP: {reason}")
    sys.exit(77)


KVM_GET_API_VERSION = 0xAE00


def kvm_unusable():
    """Why KVM cannot run guests here, or None."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
    except OSError as e:
        return f"/dev/kvm: {e.strerror}"
    try:
        if fcntl.ioctl(fd, KVM_GET_API_VERSION) != 12:
            return "/dev/kvm: unexpected KVM API version"
    except OSError as e:
        return f"/dev/kvm: {e.strerror}"
    finally:
        os.close(fd)
    return None


def kvm_is_pvm():
    """The host's KVM is kvm_pvm: every guest instruction is emulated."""
    return os.path.exists("/sys/module/kvm_pvm")


def run(binary, *args, timeout=60, env=None):
    """Run to the end; returns (status, stdout, stderr) as text."""
    p = subprocess.run([binary, *args], capture_output=True, text=True,
                       timeout=timeout, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout, p.stderr


class QMP:
    """A QMP client on a unix socket: one JSON object per line."""

    def __init__(self, path, timeout=10):
        deadline = time.time() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX)
            try:
                self.sock.connect(path)
                break
            except OSError:
                # The path appears at bind(), before listen(): retry.
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(20)
        self.buf = b""
        self.events = []
        self.greeting = self.recv()
        self.cmd("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("monitor closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall((json.dumps(msg) + "\n").encode())
        while True:
            r = self.recv()
            if "event" in r:
                self.events.append(r)
                continue
            return r

    def event(self, name, timeout=20):
        """The first event called name (queued or coming), or None."""
        deadline = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name:
                    self.events.remove(e)
                    return e
            if time.time() > deadline:
                return None
            self.sock.settimeout(max(deadline - time.time(), 0.01))
            try:
                self.events.append(self.recv())
            except (socket.timeout, EOFError):
                return None
            finally:
                self.sock.settimeout(20)

    def close(self):
        self.sock.close()


class Machine:
    """
    A VM with COM1 in a file and a QMP socket.  It starts paused (-S) so
    that QMP is connected before the guest can end; cont starts it unless
    start is False.  args are the whole command line but for those.
    """

    def __init__(self, binary, *args, start=True, serial=True):
        self.dir = tempfile.mkdtemp(prefix="emu-test-")
        self.out = os.path.join(self.dir, "com1.txt")
        sock = os.path.join(self.dir, "qmp.sock")
        cmd = [binary, "-display", "none",
               "-qmp", f"unix:{sock},server=on,wait=off", "-S", *args]
        if serial:
            cmd += ["-serial", f"file:{self.out}"]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.qmp = QMP(sock)
        self.final_output = None
        if start:
            self.qmp.cmd("cont")

    def output(self):
        try:
            with open(self.out) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_output(self, pred, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.output()
            if pred(text):
                return text
            time.sleep(0.02)
        return self.output()

    def finish(self, timeout=20):
        """Wait for the end: (status or None on a timeout, stderr)."""
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
            self.final_output = self.output()
            shutil.rmtree(self.dir, ignore_errors=True)
            return None, err
        self.qmp.close()
        self.final_output = self.output()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode, err


# ---- The seed's OpenStack command line ----

# What emu has no device or backend for yet (issues on the roadmap):
# USB, block, network, VNC (and its keyboard layout), display, balloon.
OPENSTACK_MISSING = {
    "-device": ("piix3-usb-uhci", "virtio-blk-pci", "virtio-net-pci",
                "usb-tablet", "cirrus-vga", "virtio-balloon-pci"),
    "-drive": ("",), "-netdev": ("",), "-vnc": ("",), "-k": ("",),
}


def openstack_command_line(run_dir, instance_dir):
    """
    The command line Nova generated in seed 001, as given, with the
    monitor socket in run_dir and the disk and console.log in
    instance_dir.
    """
    DIR, INSTANCE = run_dir, instance_dir
    return [
        "-enable-kvm",
        "-name", "instance-00000024",
        "-machine", "pc-i440fx-trusty,accel=kvm,usb=off",
        "-cpu", "SandyBridge,+erms,+smep,+fsgsbase,+pdpe1gb,+rdrand,+f16c,"
                "+osxsave,+dca,+pcid,+pdcm,+xtpr,+tm2,+est,+smx,+vmx,+ds_cpl,"
                "+monitor,+dtes64,+pbe,+tm,+ht,+ss,+acpi,+ds,+vme",
        "-m", "2048", "-realtime", "mlock=off",
        "-smp", "1,sockets=1,cores=1,threads=1",
        "-uuid", "1f8e6f7e-5a70-4780-89c1-464dc0e7f308",
        "-smbios", "type=1,manufacturer=OpenStack Foundation,"
                   "product=OpenStack Nova,version=2014.1,"
                   "serial=80590690-87d2-e311-b1b0-a0481cabdfb4,"
                   "uuid=1f8e6f7e-5a70-4780-89c1-464dc0e7f308",
        "-no-user-config",
        "-nodefaults",
        "-chardev", f"socket,id=charmonitor,path={DIR}/instance-00000024.monitor"
                    ",server,nowait",
        "-mon", "chardev=charmonitor,id=monitor,mode=control",
        "-rtc", "base=utc,driftfix=slew",
        "-global", "kvm-pit.lost_tick_policy=discard",
        "-no-hpet",
        "-no-shutdown",
        "-boot", "strict=on",
        "-device", "piix3-usb-uhci,id=usb,bus=pci.0,addr=0x1.0x2",
        "-drive", f"file={INSTANCE}/disk,if=none,id=drive-virtio-disk0,"
                  "format=qcow2,cache=none",
        "-device", "virtio-blk-pci,scsi=off,bus=pci.0,addr=0x4,"
                   "drive=drive-virtio-disk0,id=virtio-disk0,bootindex=1",
        "-netdev", "tap,fd=32,id=hostnet0,vhost=on,vhostfd=37",
        "-device", "virtio-net-pci,netdev=hostnet0,id=net0,mac=fa:16:3e:d1:2d:99,"
                   "bus=pci.0,addr=0x3",
        "-chardev", f"file,id=charserial0,path={INSTANCE}/console.log",
        "-device", "isa-serial,chardev=charserial0,id=serial0",
        "-chardev", "pty,id=charserial1",
        "-device", "isa-serial,chardev=charserial1,id=serial1",
        "-device", "usb-tablet,id=input0",
        "-vnc", "0.0.0.0:12",
        "-k", "en-us",
        "-device", "cirrus-vga,id=video0,bus=pci.0,addr=0x2",
        "-device", "virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x5",
    ]


def openstack_runnable(argv):
    """argv without the options whose subsystem emu does not have yet."""
    out, i = [], 0
    while i < len(argv):
        opt, arg = argv[i], argv[i + 1] if i + 1 < len(argv) else ""
        missing = OPENSTACK_MISSING.get(opt)
        if missing is not None and any(arg.startswith(m) for m in missing):
            i += 2
            continue
        out.append(opt)
        i += 1
    return out
