#!/usr/bin/env python3
"""Write the device fuzzer's seed corpora (fuzz/corpus/TARGET/seed-*):
short register sequences a driver would use, from each device's data
sheet, in the input format of device-fuzz.c.  Regions are numbered as
`fuzz-device --fuzz-target=T -runs=0` lists them (ports and MMIO
separately, by address).

usage: fuzz/device/seeds.py [OUTDIR]   (default: fuzz/corpus)"""
import os
import struct
import sys

OPS = ["in", "out", "read", "write", "pci_read", "pci_write", "pci_off",
       "dma_add", "dma_clear", "clock_step"]
SIZES = {"b": 0, "w": 1, "l": 2, "q": 3}


def op(name, *args):
    code = bytes([OPS.index(name)])
    if name in ("in", "read"):
        region, size, offset = args
        return code + struct.pack("<BBI", region, SIZES[size], offset)
    if name == "out":
        region, size, offset, value = args
        return code + struct.pack("<BBII", region, SIZES[size], offset, value)
    if name == "write":
        region, size, offset, value = args
        return code + struct.pack("<BBIQ", region, SIZES[size], offset, value)
    if name == "pci_read":
        fn, size, offset = args
        return code + struct.pack("<BBB", fn, SIZES[size], offset)
    if name == "pci_write":
        fn, size, offset, value = args
        return code + struct.pack("<BBBI", fn, SIZES[size], offset, value)
    if name == "dma_add":
        index, stride, data = args
        return code + struct.pack("<BB", index, stride) + data
    if name == "clock_step":
        # To the next timer deadline: the argument only documents the
        # wait the sequence expects.
        return code
    return code


def seed(*ops):
    return b"FUZZ".join(op(*o) for o in ops)


SEEDS = {
    # 16550A: divisor latch, line control, FIFO, loopback, interrupts.
    "serial": [
        seed(("out", 0, "b", 3, 0x80), ("out", 0, "b", 0, 12),
             ("out", 0, "b", 1, 0), ("out", 0, "b", 3, 0x03),
             ("out", 0, "b", 0, ord("A")), ("in", 0, "b", 5)),
        seed(("out", 0, "b", 2, 0xc7), ("out", 0, "b", 4, 0x10),
             ("out", 0, "b", 1, 0x0f), ("out", 0, "b", 0, 0x55),
             ("out", 0, "b", 0, 0xaa), ("in", 0, "b", 2), ("in", 0, "b", 0),
             ("clock_step", 1000000), ("in", 0, "b", 5), ("in", 0, "b", 0)),
        seed(("out", 0, "b", 4, 0x1f), ("in", 0, "b", 6), ("out", 0, "b", 7, 0x5a),
             ("in", 0, "b", 7), ("out", 0, "b", 3, 0x40), ("in", 0, "b", 5)),
    ],
    # MC146818: index 0x70, data 0x71; periodic, alarm, update-ended.
    "rtc": [
        seed(("out", 0, "b", 0, 0x0a), ("out", 1, "b", 0, 0x26),
             ("out", 0, "b", 0, 0x0b), ("out", 1, "b", 0, 0x42),
             ("clock_step", 2000000), ("out", 0, "b", 0, 0x0c), ("in", 1, "b", 0)),
        seed(("out", 0, "b", 0, 0x0b), ("out", 1, "b", 0, 0x86),
             ("out", 0, "b", 0, 0x00), ("out", 1, "b", 0, 0x59),
             ("out", 0, "b", 0, 0x0b), ("out", 1, "b", 0, 0x26),
             ("clock_step", 1000000000), ("out", 0, "b", 0, 0x00),
             ("in", 1, "b", 0)),
        seed(("out", 0, "b", 0, 0x0b), ("out", 1, "b", 0, 0x22),
             ("out", 0, "b", 0, 0x01), ("out", 1, "b", 0, 0xff),
             ("clock_step", 1100000000), ("out", 0, "b", 0, 0x0c),
             ("in", 1, "b", 0), ("out", 0, "b", 0, 0x8f), ("in", 1, "b", 0)),
    ],
    # i8254: modes 0/2/3, latch, read-back; speaker gate through 0x61.
    "pit": [
        seed(("out", 0, "b", 3, 0x34), ("out", 0, "b", 0, 0x9c),
             ("out", 0, "b", 0, 0x2e), ("clock_step", 1000000),
             ("out", 0, "b", 3, 0x00), ("in", 0, "b", 0), ("in", 0, "b", 0)),
        seed(("out", 1, "b", 0, 0x01), ("out", 0, "b", 3, 0xb6),
             ("out", 0, "b", 2, 0x00), ("out", 0, "b", 2, 0x10),
             ("clock_step", 500000), ("in", 1, "b", 0),
             ("out", 0, "b", 3, 0xe8), ("in", 0, "b", 2)),
        seed(("out", 0, "b", 3, 0x30), ("out", 0, "b", 0, 0xff),
             ("out", 0, "b", 0, 0x00), ("clock_step", 60000000),
             ("out", 0, "b", 3, 0xc2), ("in", 0, "b", 0)),
    ],
    # i8259 pair: ICW1-4, OCW1-3, poll, ELCR.
    "pic": [
        seed(("out", 0, "b", 0, 0x11), ("out", 0, "b", 1, 0x20),
             ("out", 0, "b", 1, 0x04), ("out", 0, "b", 1, 0x01),
             ("out", 1, "b", 0, 0x11), ("out", 1, "b", 1, 0x28),
             ("out", 1, "b", 1, 0x02), ("out", 1, "b", 1, 0x01),
             ("out", 0, "b", 1, 0xfb), ("out", 0, "b", 0, 0x0a),
             ("in", 0, "b", 0), ("out", 0, "b", 0, 0x0b), ("in", 0, "b", 0)),
        seed(("out", 2, "b", 0, 0x20), ("out", 3, "b", 0, 0x0e),
             ("out", 0, "b", 0, 0x0c), ("in", 0, "b", 0),
             ("out", 0, "b", 0, 0x20), ("out", 0, "b", 0, 0x68),
             ("out", 0, "b", 0, 0xc7)),
    ],
    # I/O APIC: IOREGSEL at 0, IOWIN at 0x10.
    "ioapic": [
        seed(("write", 0, "l", 0, 0x01), ("read", 0, "l", 0x10),
             ("write", 0, "l", 0, 0x10), ("write", 0, "l", 0x10, 0x0000a030),
             ("write", 0, "l", 0, 0x11), ("write", 0, "l", 0x10, 0x01000000),
             ("write", 0, "l", 0x40, 0x30), ("read", 0, "l", 0x10)),
        seed(("write", 0, "l", 0, 0x00), ("write", 0, "l", 0x10, 0x0f000000),
             ("write", 0, "l", 0, 0x02), ("read", 0, "l", 0x10)),
    ],
    # CPU 0's local APIC registers (SDM vol. 3A 10.4): SVR, TPR, the
    # timer (LVT, divide, counts), a self IPI through the ICR, EOI, ESR.
    "apic": [
        seed(("read", 0, "l", 0x20), ("read", 0, "l", 0x30),
             ("write", 0, "l", 0xf0, 0x1ff), ("write", 0, "l", 0x80, 0x10),
             ("write", 0, "l", 0x3e0, 0x3), ("write", 0, "l", 0x320, 0x20030),
             ("write", 0, "l", 0x380, 0x1000), ("clock_step", 0),
             ("read", 0, "l", 0x390), ("read", 0, "l", 0x100),
             ("write", 0, "l", 0xb0, 0)),
        seed(("write", 0, "l", 0xf0, 0x1ff), ("write", 0, "l", 0x310, 0),
             ("write", 0, "l", 0x300, 0x44041), ("read", 0, "l", 0x200),
             ("write", 0, "l", 0x280, 0), ("read", 0, "l", 0x280),
             ("write", 0, "l", 0xe0, 0xf0000000), ("write", 0, "l", 0xd0,
                                                    0x01000000)),
    ],
    # MSI writes into the local APIC's window.
    "msi": [
        seed(("write", 0, "l", 0x00000, 0x4031), ("write", 0, "l", 0x01000, 0x0031),
             ("read", 0, "l", 0)),
        seed(("write", 0, "l", 0x0000c, 0x80ff), ("write", 0, "l", 0x00004, 0x0500)),
    ],
    # HPET: capabilities, general config, timer N config/comparator.
    "hpet": [
        seed(("read", 0, "q", 0), ("write", 0, "q", 0x10, 0x3),
             ("write", 0, "q", 0x100, 0x4c), ("write", 0, "q", 0x108, 0x1000),
             ("write", 0, "q", 0x108, 0x1000), ("clock_step", 1000000),
             ("read", 0, "q", 0x20), ("read", 0, "q", 0xf0)),
        seed(("write", 0, "l", 0x120, 0x4004), ("write", 0, "l", 0x128, 0x100),
             ("write", 0, "l", 0x10, 0x1), ("clock_step", 100000),
             ("write", 0, "l", 0x20, 0x2), ("read", 0, "l", 0xf4)),
    ],
    # i8042: controller commands at 0x64, data at 0x60.
    "i8042": [
        seed(("out", 1, "b", 0, 0xaa), ("in", 0, "b", 0),
             ("out", 1, "b", 0, 0x20), ("in", 0, "b", 0),
             ("out", 1, "b", 0, 0x60), ("out", 0, "b", 0, 0x47),
             ("out", 0, "b", 0, 0xff), ("in", 1, "b", 0), ("in", 0, "b", 0)),
        seed(("out", 1, "b", 0, 0xd4), ("out", 0, "b", 0, 0xf4),
             ("in", 0, "b", 0), ("out", 1, "b", 0, 0xd4),
             ("out", 0, "b", 0, 0xf3), ("out", 1, "b", 0, 0xd4),
             ("out", 0, "b", 0, 200), ("out", 1, "b", 0, 0xd1),
             ("out", 0, "b", 0, 0xdf)),
    ],
    # fw_cfg: selector 0x510, data 0x511, DMA address 0x514 (big endian).
    "fw_cfg": [
        seed(("out", 0, "w", 0, 0x0000), ("in", 0, "b", 1), ("in", 0, "b", 1),
             ("in", 0, "b", 1), ("in", 0, "b", 1),
             ("out", 0, "w", 0, 0x0019), ("in", 0, "b", 1)),
        seed(("dma_add", 0, 0, struct.pack(">IIQ", 0x00190002, 0x40, 0x2000)),
             ("out", 1, "l", 0, 0), ("out", 1, "l", 4, 0x00100000)),
    ],
    # Configuration mechanism #1, PAM and SMRAM of the i440FX.
    "i440fx": [
        seed(("pci_read", 0, "l", 0x00), ("pci_write", 0, "b", 0x59, 0x30),
             ("pci_write", 0, "b", 0x5a, 0x33), ("pci_write", 0, "b", 0x72, 0x4a),
             ("pci_read", 0, "b", 0x72), ("out", 0, "l", 0, 0x80000000),
             ("in", 1, "l", 0)),
    ],
    # PIIX3 IRQ routing, PIIX4 PM I/O base and ACPI enable, APM, port 0x92.
    "piix": [
        seed(("pci_write", 0, "b", 0x60, 0x0b), ("pci_write", 0, "b", 0x61, 0x0a),
             ("pci_read", 0, "l", 0x60), ("out", 0, "b", 0, 0x02),
             ("in", 0, "b", 0)),
        seed(("pci_write", 1, "l", 0x40, 0xb001), ("pci_write", 1, "b", 0x80, 0x01),
             ("out", 1, "b", 0, 0xf1), ("in", 1, "b", 1), ("in", 2, "w", 4)),
    ],
    # PIIX3 IDE: bus master DMA registers (BAR4) with a PRD table.
    "ide": [
        seed(("pci_read", 0, "l", 0x20), ("out", 0, "b", 2, 0x06),
             ("dma_add", 0, 0, struct.pack("<IHH", 0x3000, 0x200, 0x8000)),
             ("out", 0, "l", 4, 0x2000), ("out", 0, "b", 0, 0x09),
             ("in", 0, "b", 2), ("out", 0, "b", 0, 0x00)),
    ],
    # pc-testdev, pci-testdev, debugcon, debug-exit, pvpanic, port 0x80.
    "testdev": [
        seed(("out", 1, "l", 0, 0x12345678), ("in", 1, "b", 2),
             ("out", 4, "b", 3, 1), ("out", 4, "b", 3, 0)),
        seed(("pci_read", 0, "l", 0x10), ("read", 0, "b", 0),
             ("write", 0, "l", 0, 0x01020304), ("in", 0, "b", 0)),
    ],
}
# The whole machine: a start (the fuzzer's finds grow from it).
SEEDS["generic"] = [
    seed(("pci_read", 0, "l", 0x00), ("in", 0, "b", 0), ("read", 0, "l", 0),
         ("clock_step", 1000000)),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "corpus")
    for target, seeds in SEEDS.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, data in enumerate(seeds):
            with open(os.path.join(d, "seed-%d" % i), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
