#!/usr/bin/env python3
"""The differential tester's generator: random instruction sequences over
every row of insns.py, deterministic from a seed, written as the binary
test file that the native harness and the guest both run
(guests/difftest/difftest.h has the layout).

Each sequence: random EAX, ECX, EDX, EBX, ESI, EDI and arithmetic flags
(+ DF); EBP fixed to the middle of a 512-byte data buffer that every
memory operand addresses, ESP to a private 512-byte stack after it (both
buffers filled from a per-sequence seed); then K instructions.  The
generator tracks which flags are undefined after each instruction, never
lets a later instruction read one, and stores the flags still defined at
the end as the sequence's EFLAGS mask.

With --x87 the x87 forms (insns.X87_ROWS) are picked too, and every
sequence starts from FNINIT; the generator tracks how many stack
registers are in use so that none overflows or underflows, and the file
says so (its header's flags), for the runners to print the FPU state.

With --faults pf most sequences end with one more instruction whose
memory operand ends just before, across or after the end of the
buffer's page, the next page being unmapped (#PF); with --faults limit
the operand goes through FS, a data segment of DT_FS_LIMIT + 1 bytes at
the buffer (guests/difftest/difftest.h), ending near its limit (#GP(0)).
The state at the fault is compared: nothing of the instruction may have
been done.

usage: gen.py [--seed S] [--count N] [--insns K] [--x87]
              [--faults pf|limit] -o FILE
"""
import argparse
import random
import struct

from insns import (AF, ARITH, CC_READS, CF, DF, FLAGS, LOCKABLE, OF, PF,
                   ROWS, SF, X87_ROWS, ZF)

# The same fixed addresses as difftest.h.
MEM_ADDR = 0x04010000
EBP = MEM_ADDR + 256
FILE_MAGIC = 0x54534454
FILE_VERSION = 2
FILE_X87 = 1  # header flags: the runners print the FPU state
FILE_FAULTS = 2  # ... and the state at a fault; FS is set up
FS_LIMIT = 511
FS_PREFIX = 0x64
FLAGS_MASK = ARITH | DF
# DT_CODE_SIZE less the 5-byte jump back.
CODE_MAX = 0x1000 - 5

EAX, ECX, EDX, EBX, ESP, EBPR, ESI, EDI = range(8)
# Registers an instruction may write: never ESP or EBP.
WREGS = [EAX, ECX, EDX, EBX, ESI, EDI]
# How far the stack may grow or shrink from its start, in bytes.
STACK_ROOM = 200
SEG_PREFIXES = [0x26, 0x36, 0x3e]  # es, ss, ds: flat in ring 3 and 0


class Insn:
    """One encoded instruction and its effect on the tracked state."""

    def __init__(self, key, code, reads=0, defs=0, undefs=0, stack=0,
                 skip=0, fpu=0):
        self.key = key          # coverage key: the table row
        self.code = bytes(code)
        self.reads, self.defs, self.undefs = reads, defs, undefs
        self.stack = stack      # bytes pushed (negative: popped)
        self.skip = skip        # a forward jump over this many insns
        self.fpu = fpu          # x87 registers pushed (negative: popped)


class Sequence:
    def __init__(self, mem_seed, regs, eflags, insns, mask, fault_mask=0):
        self.mem_seed, self.regs, self.eflags = mem_seed, regs, eflags
        self.insns, self.mask, self.fault_mask = insns, mask, fault_mask

    @property
    def code(self):
        return b"".join(i.code for i in self.insns)


def excluded(row, exclude):
    return row[0] in exclude or row_key(row) in exclude


def row_key(row):
    name, size, enc = row[0], row[1], row[2]
    return f"{name}{size} [{enc}]"


def rand_value(rng, bits=32):
    """Random values with the edge cases carry, overflow and sign need."""
    mask = (1 << bits) - 1
    r = rng.random()
    if r < 0.45:
        v = rng.getrandbits(bits)
    elif r < 0.6:
        v = rng.randrange(0, 17)
    elif r < 0.7:
        v = -rng.randrange(1, 17)
    elif r < 0.85:
        v = rng.choice([0, 1, -1, 1 << (bits - 1), (1 << (bits - 1)) - 1,
                        0x80, 0x7f, 0xff, 0x8000, 0x7fff, 0xffff])
    else:
        v = 1 << rng.randrange(bits)
    return v & mask


def imm_bytes(v, size):
    return (v & ((1 << size) - 1)).to_bytes(size // 8, "little")


def rel_bytes(v, size):
    return (v & ((1 << size) - 1)).to_bytes(size // 8, "little")


class Modrm:
    """A ModRM operand: mod/rm bits and the SIB and displacement bytes."""

    def __init__(self, mod, rm, tail=b"", mem=True):
        self.mod, self.rm, self.tail, self.mem = mod, rm, tail, mem

    def encode(self, reg):
        return bytes([self.mod << 6 | (reg & 7) << 3 | self.rm]) + self.tail


def mem_operand(rng, width=4):
    """A memory operand inside the data buffer (EBP-relative or absolute),
    64 bytes or more from its ends: string instructions and BT* with a
    register offset reach that far around it; width: bytes accessed."""
    kind = rng.randrange(4)
    if kind == 0:                           # [ebp + disp8]
        return Modrm(1, 5, rel_bytes(rng.randrange(-128, 128), 8))
    if kind == 1:                           # [ebp + disp32]
        d = rng.randrange(-192, 192 - width)
        return Modrm(2, 5, rel_bytes(d, 32))
    if kind == 2:                           # SIB, base ebp, no index
        scale = rng.randrange(4)
        return Modrm(1, 4, bytes([scale << 6 | 4 << 3 | 5]) +
                     rel_bytes(rng.randrange(-128, 128), 8))
    a = EBP + rng.randrange(-192, 192 - width)    # [disp32]
    return Modrm(0, 5, imm_bytes(a, 32))


def lea_operand(rng):
    """Any 32-bit addressing form: LEA computes it without an access."""
    mod = rng.randrange(3)
    rm = rng.randrange(8)
    tail = b""
    if rm == 4:
        base = rng.randrange(8)
        tail = bytes([rng.randrange(4) << 6 | rng.randrange(8) << 3 | base])
        if mod == 0 and base == 5:
            tail += imm_bytes(rng.getrandbits(32), 32)
    if mod == 0 and rm == 5:
        tail += imm_bytes(rng.getrandbits(32), 32)
    elif mod == 1:
        tail += imm_bytes(rng.getrandbits(8), 8)
    elif mod == 2:
        tail += imm_bytes(rng.getrandbits(32), 32)
    return Modrm(mod, rm, tail)


def reg_choice(rng, size, written, exclude=()):
    regs = list(range(8)) if size == 8 or not written else WREGS
    return rng.choice([r for r in regs if r not in exclude])


def e_operand(rng, size, written, mem_only=False, exclude=(), width=None):
    if mem_only or rng.random() < 0.5:
        return mem_operand(rng, width or max(size // 8, 1))
    return Modrm(3, reg_choice(rng, size, written, exclude), mem=False)


def opsize(size):
    return [0x66] if size == 16 else []


def parse_ops(ops):
    """'E!,G' -> [('E', None, True), ('G', None, False)]; E8/E16: the E
    operand's own size."""
    out = []
    for op in filter(None, ops.split(",")):
        w = op.endswith("!")
        op = op.rstrip("!")
        out.append((op[0], int(op[1:]) if op[1:] else None, w))
    return out


def encode_row(rng, row, e=None, g=None, o=None, imm=None):
    """Encode one table row with random operands (or the ones given);
    returns (bytes, the E operand)."""
    name, size, enc, ops, _, _ = row
    ops = parse_ops(ops)
    kinds = {k: (s, w) for k, s, w in ops}
    toks = enc.split()
    prefix = opsize(size)
    if "E" in kinds or "M" in kinds:
        k = "E" if "E" in kinds else "M"
        esize, ew = kinds[k]
        width = 8 if name == "cmpxchg8b" else None
        if e is None:
            e = e_operand(rng, esize or size, ew, mem_only=(k == "M"),
                          width=width)
        if e.mem:
            if ew and name in LOCKABLE and rng.random() < 0.3:
                prefix = [0xf0] + prefix
            if rng.random() < 0.1:
                prefix = [rng.choice(SEG_PREFIXES)] + prefix
    code = bytearray(prefix)
    for t in toks:
        if t == "/r":
            if g is None:
                gs, gw = kinds["G"]
                g = reg_choice(rng, gs or size, gw)
            code += e.encode(g)
        elif t.startswith("/"):
            code += e.encode(int(t[1:]))
        elif t == "+r":
            if o is None:
                o = reg_choice(rng, size, kinds["O"][1])
            code[-1] += o
        elif t in ("ib", "iw", "id", "iz"):
            bits = {"ib": 8, "iw": 16, "id": 32, "iz": min(size, 32)}[t]
            if t == "iz" and size == 8:
                bits = 8
            v = rand_value(rng, bits) if imm is None else imm
            code += imm_bytes(v, bits)
        elif t in ("cb", "cd"):
            pass                    # filled in by the jump hook
        else:
            code.append(int(t, 16))
    if "X" in kinds:
        code += imm_bytes(EBP + rng.randrange(-192, 188), 32)
    return bytes(code), e


def plain(row, code):
    """An instruction whose flag effect is its row's."""
    reads, defs, undefs = FLAGS[row[4]] if FLAGS[row[4]] else (0, 0, 0)
    if row[4] == "cc":
        reads = CC_READS[cc_of(row)]
    return Insn(row_key(row), code, reads, defs, undefs)


def cc_of(row):
    return int(row[2].split()[-2], 16) & 15


ROW_BY_ENC = {}
for _r in ROWS + X87_ROWS:
    ROW_BY_ENC[(_r[0], _r[1], _r[2])] = _r


def helper(rng, name, size, enc, **kw):
    """An instance of another row, used as setup (counted in coverage)."""
    row = ROW_BY_ENC[(name, size, enc)]
    code, _ = encode_row(rng, row, **kw)
    return plain(row, code)


def shift_flags(op, size, raw):
    """Flags after a shift or rotate by count raw (SDM: SAL/SAR/SHL/SHR,
    RCL/RCR/ROL/ROR "Flags Affected")."""
    c = raw & 31
    if c == 0:
        return 0, 0, 0
    of_def, of_undef = (OF, 0) if c == 1 else (0, OF)
    if op in ("rol", "ror"):
        return 0, CF | of_def, of_undef
    if op in ("rcl", "rcr"):
        return CF, CF | of_def, of_undef
    cf_def, cf_undef = CF, 0
    if op in ("shl", "shr") and c >= size:
        cf_def, cf_undef = 0, CF
    return 0, cf_def | SF | ZF | PF | of_def, cf_undef | AF | of_undef


def shxd_flags(raw):
    c = raw & 31
    if c == 0:
        return 0, 0, 0
    return 0, CF | SF | ZF | PF | (OF if c == 1 else 0), \
        AF | (0 if c == 1 else OF)


def shift_count(rng, size, shxd):
    if shxd and size == 16:
        # Counts 17-31 leave an undefined result on 16-bit SHLD/SHRD.
        return rng.randrange(17) | rng.choice([0, 32, 64, 128, 224])
    return rng.choice([rng.randrange(0, 34), rng.randrange(256)])


def build_shift(rng, row):
    name, size, enc, _, flags, special = row
    out = []
    if special == "shift1":
        raw = 1
    else:
        raw = shift_count(rng, size, flags == "shxd")
    if special in ("shift_cl", "shxd_cl"):
        out.append(helper(rng, "mov", 8, "b0 +r ib", o=ECX, imm=raw))
        code, _ = encode_row(rng, row)
    elif special in ("shift_imm", "shxd_imm"):
        code, _ = encode_row(rng, row, imm=raw)
    else:
        code, _ = encode_row(rng, row)
    if flags == "shxd":
        f = shxd_flags(raw)
    else:
        f = shift_flags(name, size, raw)
    out.append(Insn(row_key(row), code, *f))
    return out


def build_div(rng, row):
    """Divisor and dividend chosen so that no #DE can happen."""
    name, size = row[0], row[1]
    signed = name == "idiv"
    exclude = (EAX, 4) if size == 8 else (EAX, EDX)
    e = e_operand(rng, size, True, exclude=exclude)
    d = 0
    while d == 0 or (signed and d == (1 << size) - 1):
        d = rand_value(rng, size)
    mov = "c6 /0 ib" if size == 8 else "c7 /0 iz"
    out = [helper(rng, "mov", size, mov, e=e, imm=d)]
    if signed:
        # A sign-extended dividend: |quotient| <= |dividend| fits, as
        # the divisor is neither 0 nor -1.
        out.append(helper(rng, {8: "cbw", 16: "cwd", 32: "cdq"}[size],
                          16 if size != 32 else 32,
                          "98" if size == 8 else "99"))
    else:
        # High half below the divisor: the quotient fits.
        hi = rng.randrange(d)
        if size == 8:
            out.append(helper(rng, "mov", 8, "b0 +r ib", o=4, imm=hi))
        else:
            out.append(helper(rng, "mov", size, "b8 +r iz", o=EDX, imm=hi))
    code, _ = encode_row(rng, row, e=e)
    out.append(plain(row, code))
    return out


def build_bt_reg(rng, row):
    """BT* m, r: the bit offset register is set so that the addressed
    word stays inside the buffer."""
    e = e_operand(rng, row[1], row[3].startswith("E!"))
    if not e.mem:
        code, _ = encode_row(rng, row, e=e)
        return [plain(row, code)]
    g = rng.choice(WREGS)
    off = rng.randrange(-256, 256)
    out = [helper(rng, "mov", 32, "b8 +r iz", o=g, imm=off)]
    code, _ = encode_row(rng, row, e=e, g=g)
    out.append(plain(row, code))
    return out


def build_string(rng, row):
    name, size, _, _, flags, _ = row
    n = rng.randrange(0, 17)
    out = [helper(rng, "lea", 32, "8d /r", g=ESI,
                  e=Modrm(1, 5, rel_bytes(rng.randrange(-128, 128), 8))),
           helper(rng, "lea", 32, "8d /r", g=EDI,
                  e=Modrm(1, 5, rel_bytes(rng.randrange(-128, 128), 8))),
           helper(rng, "mov", 32, "b8 +r iz", o=ECX, imm=n)]
    rep = []
    r = rng.random()
    if r < 0.5:
        rep = [0xf3]
    elif r < 0.75 and flags == "strcmp":
        rep = [0xf2]
    seg = [rng.choice(SEG_PREFIXES)] if rng.random() < 0.1 else []
    code, _ = encode_row(rng, row)
    code = bytes(rep + seg) + code
    reads, defs, undefs = FLAGS[flags]
    if rep and n == 0:
        defs = 0                   # no iteration: flags unchanged
    key = row_key(row) + (" rep" if rep else "")
    out.append(Insn(key, code, reads, defs, undefs))
    return out


def build_jump(rng, row, simple_rows):
    """A forward jump over one plain instruction: both paths run."""
    nxt_row = rng.choice(simple_rows)
    nxt_code, _ = encode_row(rng, nxt_row)
    nxt = plain(nxt_row, nxt_code)
    code, _ = encode_row(rng, row)
    rel = rel_bytes(len(nxt.code), 8 if row[2].endswith("cb") else 32)
    j = plain(row, code + rel)
    j.skip = 1
    return [j, nxt]


def build_lea(rng, row):
    code, _ = encode_row(rng, row, e=lea_operand(rng))
    return [plain(row, code)]


def build_stack(rng, row, depth):
    name, size, special = row[0], row[1], row[5]
    n = size // 8
    if special == "push":
        if row[2] == "6a ib":
            n = 4
        if depth + n > STACK_ROOM:
            return None
        code, _ = encode_row(rng, row)
        ins = plain(row, code)
        ins.stack = n
        return [ins]
    if special == "pop":
        if depth - n < -STACK_ROOM:
            return None
        code, _ = encode_row(rng, row)
        ins = plain(row, code)
        ins.stack = -n
        return [ins]
    if special == "pusha":
        if depth + 8 * n > STACK_ROOM:
            return None
        p = opsize(size)
        return [Insn(row_key(row), p + [0x60]),
                Insn(f"popa{size} [61]", p + [0x61])]
    if special == "enter":
        frame = rng.randrange(0, 65)
        level = 0 if row[2].endswith("00") else rng.randrange(1, 4)
        if depth + n + n * level + frame > STACK_ROOM:
            return None
        p = opsize(size)
        code = p + [0xc8] + list(imm_bytes(frame, 16)) + [level]
        return [Insn(row_key(row), code),
                Insn(f"leave{size} [c9]", p + [0xc9])]
    if special == "call":
        if depth + 8 > STACK_ROOM:
            return None
        if rng.random() < 0.5:
            # call L; jmp over; L: ret
            return [Insn(row_key(row), [0xe8, 2, 0, 0, 0]),
                    Insn("jmp32 [eb cb]", [0xeb, 1]),
                    Insn("ret32 [c3]", [0xc3])]
        # push; call L; jmp over; L: ret 4 (drops the pushed word)
        return [helper(rng, "push", 32, "6a ib"),
                Insn(row_key(row), [0xe8, 2, 0, 0, 0]),
                Insn("jmp32 [eb cb]", [0xeb, 3]),
                Insn("ret32 [c2 iw]", [0xc2, 4, 0])]
    raise ValueError(special)


def x87_insn(rng, row, i=None, m=None):
    """One instance of an x87 row: stack register i for "+i" forms,
    memory operand m for "/n" forms (random when not given)."""
    name, size, enc, _, flags, special = row
    code = bytearray()
    for t in enc.split():
        if t.startswith("/"):
            if m is None:
                m = mem_operand(rng, max(size // 8, 2))
            if rng.random() < 0.1:
                code[:0] = bytes([rng.choice(SEG_PREFIXES)])
            code += m.encode(int(t[1:]))
        elif t == "+i":
            code[-1] += i
        else:
            code.append(int(t, 16))
    reads, defs, undefs = FLAGS[flags]
    return Insn(row_key(row), code, reads, defs, undefs,
                fpu=int(special.split()[2]))


X87_LOADS = [r for r in X87_ROWS if r[5] == "x87 0 1" and r[2] != "d9 d0"]
X87_FSTP0 = ROW_BY_ENC[("fstp", 0, "dd d8 +i")]


def fault_operand(rng, width, mode):
    """An absolute operand of width bytes ending near the end of the
    buffer's page (mode "pf") or of the FS segment ("limit"): inside,
    across it or past it."""
    end = 0x1000 if mode == "pf" else FS_LIMIT + 1
    off = end - width + rng.randrange(-6, 7)
    if mode == "pf":
        off += MEM_ADDR
    if rng.random() < 0.5:                  # [disp32]
        return Modrm(0, 5, imm_bytes(off, 32))
    # SIB without base or index: [disp32] again, another decoder path
    return Modrm(0, 4, bytes([rng.randrange(4) << 6 | 4 << 3 | 5]) +
                 imm_bytes(off, 32))


def build_fault(rng, row, fdepth, mode):
    """An instance of row with a fault_operand() (x87 rows: with the
    loads they need before it); with "limit" through FS."""
    if row[5]:
        size = row[1]
        part = build_x87(rng, row, fdepth,
                         m=fault_operand(rng, max(size // 8, 2), mode))
    else:
        esize = [s for k, s, _ in parse_ops(row[3]) if k in "EM"][0]
        width = 8 if row[0] == "cmpxchg8b" else max((esize or row[1]) // 8,
                                                    1)
        code, _ = encode_row(rng, row, e=fault_operand(rng, width, mode))
        part = [plain(row, code)]
    if mode == "limit":
        last = part[-1]
        code = last.code[1:] if last.code[0] in SEG_PREFIXES else last.code
        last.code = bytes([FS_PREFIX]) + code
    return part


def build_x87(rng, row, fdepth, m=None):
    """An x87 form with the loads or pops before it that keep the stack
    between 0 and 8 registers (counted in the coverage too)."""
    _, need, delta = row[5].split()
    need, delta = int(need), int(delta)
    out = []
    i = None
    if "+i" in row[2]:
        i = rng.randrange(8 - max(delta, 0))
        need = max(need, i + 1)
    while fdepth < need:
        out.append(x87_insn(rng, rng.choice(X87_LOADS), i=0))
        fdepth += 1
    while fdepth + delta > 8:
        out.append(x87_insn(rng, X87_FSTP0, i=0))
        fdepth -= 1
    if row[0] == "fldcw":
        # every exception stays masked; the rest of the word is random
        m = mem_operand(rng, 2)
        out.append(helper(rng, "mov", 16, "c7 /0 iz", e=m,
                          imm=rng.getrandbits(16) | 0x3f))
        out.append(x87_insn(rng, row, m=m))
        return out
    out.append(x87_insn(rng, row, i=i, m=m))
    return out


def build(rng, row, depth, simple_rows):
    special = row[5]
    if special is None:
        code, _ = encode_row(rng, row)
        return [plain(row, code)]
    if special.startswith("shift") or special.startswith("shxd"):
        return build_shift(rng, row)
    if special in ("div", "idiv"):
        return build_div(rng, row)
    if special == "bt_reg":
        return build_bt_reg(rng, row)
    if special == "string":
        return build_string(rng, row)
    if special in ("jump", "jump_loop"):
        return build_jump(rng, row, simple_rows)
    if special == "lea":
        return build_lea(rng, row)
    return build_stack(rng, row, depth)


def track(insns, undef):
    """Undefined flags after insns, or None if one reads an undefined
    flag.  A jump over k insns merges both paths."""
    pending = []
    for ins in insns:
        if ins.reads & undef:
            return None
        undef = (undef & ~ins.defs) | ins.undefs
        pending = [(n - 1, u) for n, u in pending]
        for _, u in [p for p in pending if p[0] == 0]:
            undef |= u
        pending = [p for p in pending if p[0] > 0]
        if ins.skip:
            pending.append((ins.skip, undef))
    for _, u in pending:
        undef |= u
    return undef


def gen_sequence(rng, k, rows, fault_rows=(), fault_mode=None):
    regs = [rand_value(rng) for _ in range(8)]
    regs[ESP] = regs[EBPR] = 0
    eflags = rng.getrandbits(32) & ARITH
    if rng.random() < 0.25:
        eflags |= DF
    # What a forward jump may skip: a row without setup.
    simple_rows = [r for r in rows if r[5] is None]
    undef, depth, fdepth, insns = 0, 0, 0, []
    while len(insns) < k:
        row = rng.choice(rows)
        if row[5] and row[5].startswith("x87"):
            part = build_x87(rng, row, fdepth)
        else:
            part = build(rng, row, depth, simple_rows)
        if part is None:
            continue
        u = track(part, undef)
        if u is None:
            continue
        undef = u
        depth += sum(i.stack for i in part)
        fdepth += sum(i.fpu for i in part)
        insns += part
    fault_undef = undef
    if fault_rows and rng.random() < 0.8:
        part = build_fault(rng, rng.choice(fault_rows), fdepth, fault_mode)
        u = track(part, undef)
        if u is not None:
            # the flags before the last instruction: the state at a fault
            fault_undef = track(part[:-1], undef)
            undef = u
            insns += part
    return Sequence(rng.getrandbits(32), regs, eflags, insns,
                    FLAGS_MASK & ~undef, FLAGS_MASK & ~fault_undef)


def generate(seed, count, k, exclude=(), x87=False, faults=None):
    """count sequences of k instructions (a little more where a form
    needs setup); exclude: mnemonics or row keys to leave out; x87: pick
    the x87 forms too; faults: "pf" or "limit", end most with an access
    that may fault."""
    rng = random.Random(seed)
    rows = [r for r in ROWS + (X87_ROWS if x87 else [])
            if not excluded(r, exclude)]
    fault_rows = [r for r in rows if faults and (
        (r[5] is None and ("E" in r[3] or "M" in r[3])) or
        (r[5] and r[5].startswith("x87") and "/" in r[2]
         and r[0] != "fldcw"))]
    return [gen_sequence(rng, k, rows, fault_rows, faults)
            for _ in range(count)]


def write_file(path, seqs, x87=False, faults=False):
    with open(path, "wb") as f:
        f.write(struct.pack("<IIII", FILE_MAGIC, FILE_VERSION, len(seqs),
                            (FILE_X87 if x87 else 0) |
                            (FILE_FAULTS if faults else 0)))
        for s in seqs:
            code = s.code
            if len(code) > CODE_MAX:
                raise ValueError(f"{len(code)} bytes of code: fewer --insns")
            f.write(struct.pack("<I8IIIII", s.mem_seed, *s.regs, s.eflags,
                                s.mask, len(code), s.fault_mask))
            f.write(code + bytes(-len(code) % 4))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--insns", type=int, default=8)
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out this mnemonic or row key")
    ap.add_argument("--x87", action="store_true",
                    help="the x87 forms too, and the FPU state compared")
    ap.add_argument("--faults", choices=["pf", "limit"],
                    help="end sequences with accesses near the end of the "
                    "page (pf) or of a segment (limit)")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    write_file(a.output, generate(a.seed, a.count, a.insns, a.exclude,
                                  a.x87, a.faults), a.x87, a.faults)


if __name__ == "__main__":
    main()
