"""The differential tester's instruction table: one row per instruction
form of the 32-bit integer instruction set (protected mode, flat
segments), with its encoding, operands and the flags it reads, defines
and leaves undefined (Intel SDM volume 2, each instruction's "Flags
Affected").  gen.py turns rows into random instances.

A row: (mnemonic, size, encoding, operands, flags, special)
- size: operand size 8, 16 or 32 (16 adds the 0x66 prefix); "v" in a
  template row expands to 16 and 32.
- encoding: hex opcode bytes, then "/r" (ModRM, reg field = G), "/0".."/7"
  (ModRM with that reg field), "+r" (register in the opcode's low bits),
  then immediates "ib", "iw", "id", "iz" (iw or id by size).
- operands: E (register or memory), M (memory only), G (ModRM reg),
  O (opcode register), I (immediate), X (absolute address, moffs);
  a trailing "!" marks an operand the instruction writes (never ESP or
  EBP, which hold the stack and the memory base).
- flags: a FLAGS key below: (read, defined, undefined) after the
  instruction; flags in none of them are left unchanged.
- special: None, or the generator hook that completes the form: setup
  instructions that make it deterministic and fault-free (a shift count
  in CL, a divisor that cannot raise #DE, string pointers inside the
  buffer), flags that depend on an immediate count, or control flow.

Left out on purpose: in/out/ins/outs, hlt, cli/sti (privileged or I/O),
cpuid and rdtsc (their values differ between host and guest), pushf and
popf (the pushed image holds IF and IOPL, different in ring 3 and ring
0), int/int3/into/iret, far call/ret/jmp, segment register moves and
loads, BCD (daa, das, aaa, aas, aam, aad), xlat, bound, arpl, salc, the
undocumented shift /6 alias, x87/MMX/SSE, and any form whose result the
SDM leaves undefined (bswap r16, shld/shrd r16 with a count above 16).
"""

CF, PF, AF, ZF, SF, DF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x400, 0x800
ARITH = CF | PF | AF | ZF | SF | OF
LOGIC_DEF = CF | PF | ZF | SF | OF

# name: (read, defined, undefined)
FLAGS = {
    "none": (0, 0, 0),
    "arith": (0, ARITH, 0),            # add sub cmp neg xadd cmpxchg
    "carry": (CF, ARITH, 0),           # adc sbb
    "logic": (0, LOGIC_DEF, AF),       # and or xor test
    "incdec": (0, ARITH & ~CF, 0),
    "mul": (0, CF | OF, SF | ZF | AF | PF),
    "div": (0, 0, ARITH),
    "bt": (0, CF, OF | SF | AF | PF),  # ZF unchanged
    "bsf": (0, ZF, CF | OF | SF | AF | PF),
    "zf": (0, ZF, 0),                  # cmpxchg8b
    "zf_read": (ZF, 0, 0),             # loope loopne
    "sahf": (0, CF | PF | AF | ZF | SF, 0),
    "lahf": (CF | PF | AF | ZF | SF, 0, 0),
    "clc": (0, CF, 0),
    "cmc": (CF, CF, 0),
    "df": (0, DF, 0),
    "string": (DF, 0, 0),
    "strcmp": (DF, ARITH, 0),
    # Depend on the count or the condition: gen.py computes them.
    "shift": None, "shxd": None, "cc": None,
}

# Condition codes 0-15 and the flags each reads.
CC_READS = [OF, OF, CF, CF, ZF, ZF, CF | ZF, CF | ZF,
            SF, SF, PF, PF, SF | OF, SF | OF, ZF | SF | OF, ZF | SF | OF]

ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
ALU_FLAGS = ["arith", "logic", "carry", "carry", "logic", "arith", "logic",
             "arith"]
SHIFTS = {0: "rol", 1: "ror", 2: "rcl", 3: "rcr", 4: "shl", 5: "shr",
          7: "sar"}
CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np",
      "l", "ge", "le", "g"]


def _rows():
    rows = []

    def add(name, size, enc, ops, flags, special=None):
        sizes = (16, 32) if size == "v" else (size,)
        for s in sizes:
            rows.append((name, s, enc, ops, flags, special))

    for i, op in enumerate(ALU):
        base = i * 8
        f = ALU_FLAGS[i]
        w = "" if op == "cmp" else "!"
        add(op, 8, f"{base:02x} /r", f"E{w},G", f)
        add(op, "v", f"{base + 1:02x} /r", f"E{w},G", f)
        add(op, 8, f"{base + 2:02x} /r", f"G{w},E", f)
        add(op, "v", f"{base + 3:02x} /r", f"G{w},E", f)
        add(op, 8, f"{base + 4:02x} ib", "A,I", f)
        add(op, "v", f"{base + 5:02x} iz", "A,I", f)
        add(op, 8, f"80 /{i} ib", f"E{w},I", f)
        add(op, 8, f"82 /{i} ib", f"E{w},I", f)
        add(op, "v", f"81 /{i} iz", f"E{w},I", f)
        add(op, "v", f"83 /{i} ib", f"E{w},I", f)

    for n, op in SHIFTS.items():
        add(op, 8, f"d0 /{n}", "E!", "shift", "shift1")
        add(op, "v", f"d1 /{n}", "E!", "shift", "shift1")
        add(op, 8, f"c0 /{n} ib", "E!,I", "shift", "shift_imm")
        add(op, "v", f"c1 /{n} ib", "E!,I", "shift", "shift_imm")
        add(op, 8, f"d2 /{n}", "E!", "shift", "shift_cl")
        add(op, "v", f"d3 /{n}", "E!", "shift", "shift_cl")
    add("shld", "v", "0f a4 /r ib", "E!,G,I", "shxd", "shxd_imm")
    add("shrd", "v", "0f ac /r ib", "E!,G,I", "shxd", "shxd_imm")
    add("shld", "v", "0f a5 /r", "E!,G", "shxd", "shxd_cl")
    add("shrd", "v", "0f ad /r", "E!,G", "shxd", "shxd_cl")

    for n, op in enumerate(["bt", "bts", "btr", "btc"]):
        w = "" if op == "bt" else "!"
        add(op, "v", f"0f {0xa3 + 8 * n:02x} /r", f"E{w},G", "bt", "bt_reg")
        add(op, "v", f"0f ba /{4 + n} ib", f"E{w},I", "bt")
    add("bsf", "v", "0f bc /r", "G!,E", "bsf")
    add("bsr", "v", "0f bd /r", "G!,E", "bsf")

    for n, cc in enumerate(CC):
        add("set" + cc, 8, f"0f {0x90 + n:02x} /0", "E!", "cc")
        add("cmov" + cc, "v", f"0f {0x40 + n:02x} /r", "G!,E", "cc")
        add("j" + cc, 32, f"{0x70 + n:02x} cb", "", "cc", "jump")
        add("j" + cc, 32, f"0f {0x80 + n:02x} cd", "", "cc", "jump")
    add("jmp", 32, "eb cb", "", "none", "jump")
    add("jmp", 32, "e9 cd", "", "none", "jump")
    add("jecxz", 32, "e3 cb", "", "none", "jump")
    add("loop", 32, "e2 cb", "", "none", "jump_loop")
    add("loope", 32, "e1 cb", "", "zf_read", "jump_loop")
    add("loopne", 32, "e0 cb", "", "zf_read", "jump_loop")

    add("mul", 8, "f6 /4", "E", "mul")
    add("mul", "v", "f7 /4", "E", "mul")
    add("imul", 8, "f6 /5", "E", "mul")
    add("imul", "v", "f7 /5", "E", "mul")
    add("imul", "v", "0f af /r", "G!,E", "mul")
    add("imul", "v", "6b /r ib", "G!,E,I", "mul")
    add("imul", "v", "69 /r iz", "G!,E,I", "mul")
    add("div", 8, "f6 /6", "E", "div", "div")
    add("div", "v", "f7 /6", "E", "div", "div")
    add("idiv", 8, "f6 /7", "E", "div", "idiv")
    add("idiv", "v", "f7 /7", "E", "div", "idiv")
    add("neg", 8, "f6 /3", "E!", "arith")
    add("neg", "v", "f7 /3", "E!", "arith")
    add("not", 8, "f6 /2", "E!", "none")
    add("not", "v", "f7 /2", "E!", "none")
    add("test", 8, "f6 /0 ib", "E,I", "logic")
    add("test", "v", "f7 /0 iz", "E,I", "logic")
    add("test", 8, "84 /r", "E,G", "logic")
    add("test", "v", "85 /r", "E,G", "logic")
    add("test", 8, "a8 ib", "A,I", "logic")
    add("test", "v", "a9 iz", "A,I", "logic")
    add("inc", "v", "40 +r", "O!", "incdec")
    add("dec", "v", "48 +r", "O!", "incdec")
    add("inc", 8, "fe /0", "E!", "incdec")
    add("dec", 8, "fe /1", "E!", "incdec")
    add("inc", "v", "ff /0", "E!", "incdec")
    add("dec", "v", "ff /1", "E!", "incdec")

    add("mov", 8, "88 /r", "E!,G", "none")
    add("mov", "v", "89 /r", "E!,G", "none")
    add("mov", 8, "8a /r", "G!,E", "none")
    add("mov", "v", "8b /r", "G!,E", "none")
    add("mov", 8, "b0 +r ib", "O!,I", "none")
    add("mov", "v", "b8 +r iz", "O!,I", "none")
    add("mov", 8, "c6 /0 ib", "E!,I", "none")
    add("mov", "v", "c7 /0 iz", "E!,I", "none")
    add("mov", 8, "a0", "A!,X", "none")
    add("mov", "v", "a1", "A!,X", "none")
    add("mov", 8, "a2", "X!,A", "none")
    add("mov", "v", "a3", "X!,A", "none")
    add("movzx", "v", "0f b6 /r", "G!,E8", "none")
    add("movzx", 32, "0f b7 /r", "G!,E16", "none")
    add("movsx", "v", "0f be /r", "G!,E8", "none")
    add("movsx", 32, "0f bf /r", "G!,E16", "none")
    add("lea", "v", "8d /r", "G!,M", "none", "lea")
    add("xchg", 8, "86 /r", "E!,G!", "none")
    add("xchg", "v", "87 /r", "E!,G!", "none")
    add("xchg", "v", "90 +r", "A!,O!", "none")
    add("xadd", 8, "0f c0 /r", "E!,G!", "arith")
    add("xadd", "v", "0f c1 /r", "E!,G!", "arith")
    add("cmpxchg", 8, "0f b0 /r", "E!,G", "arith")
    add("cmpxchg", "v", "0f b1 /r", "E!,G", "arith")
    add("cmpxchg8b", 32, "0f c7 /1", "M!", "zf")
    add("bswap", 32, "0f c8 +r", "O!", "none")
    add("cbw", 16, "98", "", "none")
    add("cwde", 32, "98", "", "none")
    add("cwd", 16, "99", "", "none")
    add("cdq", 32, "99", "", "none")
    add("lahf", 32, "9f", "", "lahf")
    add("sahf", 32, "9e", "", "sahf")
    add("clc", 32, "f8", "", "clc")
    add("stc", 32, "f9", "", "clc")
    add("cmc", 32, "f5", "", "cmc")
    add("cld", 32, "fc", "", "df")
    add("std", 32, "fd", "", "df")
    add("nop", 32, "90", "", "none")
    add("nop", "v", "0f 1f /0", "E", "none")

    for op, opc, f in [("movs", 0xa4, "string"), ("cmps", 0xa6, "strcmp"),
                       ("stos", 0xaa, "string"), ("lods", 0xac, "string"),
                       ("scas", 0xae, "strcmp")]:
        add(op, 8, f"{opc:02x}", "", f, "string")
        add(op, "v", f"{opc + 1:02x}", "", f, "string")

    add("push", "v", "50 +r", "O", "none", "push")
    add("push", 32, "6a ib", "I", "none", "push")
    add("push", "v", "68 iz", "I", "none", "push")
    add("push", "v", "ff /6", "M", "none", "push")
    add("pop", "v", "58 +r", "O!", "none", "pop")
    add("pop", "v", "8f /0", "M!", "none", "pop")
    add("pusha", "v", "60", "", "none", "pusha")
    add("enter", "v", "c8 iw 00", "", "none", "enter")
    add("enter", 32, "c8 iw ib", "", "none", "enter")   # nesting level 1-3
    add("call", 32, "e8 cd", "", "none", "call")
    return rows


ROWS = _rows()

# ---- the x87 (gen.py --x87) ----
#
# Rows of the same shape; size is the memory operand's bits (0: none),
# the encoding's "/n" a memory ModRM, "+i" a stack register added to the
# last byte, and special "x87 N D": the form needs N registers in use
# (more with "+i": i + 1) and changes their number by D.  gen.py keeps
# the stack between 0 and 8 registers, loading or popping first as
# needed, so stack faults are rare (FPTAN and FSINCOS do not push for
# an operand out of range) and all exceptions stay masked.
# Left out: FLDENV/FNSTENV/FRSTOR/FNSAVE and FXSAVE (the pointers and
# selectors they store differ between ring 3 and the guest), FBLD (an
# invalid digit's result is undefined), FFREE, FINCSTP and FDECSTP
# (which leave registers the generator does not track; FFREEP ST(0) is
# in), and FISTTP (SSE3).  The aliases the hardware runs (FSTP1, FCOM2,
# FCOMP3, FXCH4, FCOMP5, FXCH7, FSTP8, FSTP9) are in.
FLAGS.update({
    "fcomi": (0, ARITH, 0),
    "fcmovb": (CF, 0, 0), "fcmove": (ZF, 0, 0), "fcmovbe": (CF | ZF, 0, 0),
    "fcmovu": (PF, 0, 0),
})
# Functions whose results depend on the implementation (QEMU's softfloat
# differs from the hardware): difftest.py --exclude them for QEMU.
X87_TRANSCENDENTAL = ["f2xm1", "fyl2x", "fptan", "fpatan", "fyl2xp1",
                      "fsin", "fcos", "fsincos"]


def _x87_rows():
    rows = []

    def add(name, size, enc, need, delta, flags="none"):
        ops = "M" if "/" in enc else ""
        rows.append((name, size, enc, ops, flags, f"x87 {need} {delta}"))

    arith = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv",
             "fdivr"]
    for n, op in enumerate(arith):
        pop = -1 if op == "fcomp" else 0
        add(op, 32, f"d8 /{n}", 1, pop)
        add(op, 64, f"dc /{n}", 1, pop)
        add(op.replace("f", "fi", 1), 32, f"da /{n}", 1, pop)
        add(op.replace("f", "fi", 1), 16, f"de /{n}", 1, pop)
        add(op, 0, f"d8 {0xc0 + 8 * n:02x} +i", 1, pop)
    # DC and DE: ST(i) = ST(i) op ST(0); SUB/SUBR and DIV/DIVR swapped
    for n, op in enumerate(["fadd", "fmul", None, None, "fsubr", "fsub",
                            "fdivr", "fdiv"]):
        if op:
            add(op, 0, f"dc {0xc0 + 8 * n:02x} +i", 1, 0)
            add(op + "p", 0, f"de {0xc0 + 8 * n:02x} +i", 2, -1)
    add("fcompp", 0, "de d9", 2, -2)
    add("fucom", 0, "dd e0 +i", 1, 0)
    add("fucomp", 0, "dd e8 +i", 1, -1)
    add("fucompp", 0, "da e9", 2, -2)
    add("fcomi", 0, "db f0 +i", 1, 0, "fcomi")
    add("fucomi", 0, "db e8 +i", 1, 0, "fcomi")
    add("fcomip", 0, "df f0 +i", 1, -1, "fcomi")
    add("fucomip", 0, "df e8 +i", 1, -1, "fcomi")
    for n, cc in enumerate(["b", "e", "be", "u"]):
        add("fcmov" + cc, 0, f"da {0xc0 + 8 * n:02x} +i", 1, 0, "fcmov" + cc)
        add("fcmovn" + cc, 0, f"db {0xc0 + 8 * n:02x} +i", 1, 0,
            "fcmov" + cc)
    # loads and stores of every format
    add("fld", 32, "d9 /0", 0, 1)
    add("fld", 64, "dd /0", 0, 1)
    add("fld", 80, "db /5", 0, 1)
    add("fild", 16, "df /0", 0, 1)
    add("fild", 32, "db /0", 0, 1)
    add("fild", 64, "df /5", 0, 1)
    add("fld", 0, "d9 c0 +i", 1, 1)
    add("fst", 32, "d9 /2", 1, 0)
    add("fst", 64, "dd /2", 1, 0)
    add("fstp", 32, "d9 /3", 1, -1)
    add("fstp", 64, "dd /3", 1, -1)
    add("fstp", 80, "db /7", 1, -1)
    add("fist", 16, "df /2", 1, 0)
    add("fist", 32, "db /2", 1, 0)
    add("fistp", 16, "df /3", 1, -1)
    add("fistp", 32, "db /3", 1, -1)
    add("fistp", 64, "df /7", 1, -1)
    add("fbstp", 80, "df /6", 1, -1)
    add("fst", 0, "dd d0 +i", 1, 0)
    add("fstp", 0, "dd d8 +i", 1, -1)
    add("fxch", 0, "d9 c8 +i", 1, 0)
    add("ffreep", 0, "df c0", 1, -1)
    # undocumented aliases of FSTP, FCOM(P) and FXCH
    add("fstp1", 0, "d9 d8 +i", 1, -1)
    add("fcom2", 0, "dc d0 +i", 1, 0)
    add("fcomp3", 0, "dc d8 +i", 1, -1)
    add("fxch4", 0, "dd c8 +i", 1, 0)
    add("fcomp5", 0, "de d0 +i", 1, -1)
    add("fxch7", 0, "df c8 +i", 1, 0)
    add("fstp8", 0, "df d0 +i", 1, -1)
    add("fstp9", 0, "df d8 +i", 1, -1)
    for n, k in enumerate(["fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2",
                           "fldln2", "fldz"]):
        add(k, 0, f"d9 {0xe8 + n:02x}", 0, 1)
    # D9 E0-FF
    for op, b, need, delta in [
            ("fchs", 0xe0, 1, 0), ("fabs", 0xe1, 1, 0), ("ftst", 0xe4, 1, 0),
            ("fxam", 0xe5, 1, 0), ("f2xm1", 0xf0, 1, 0),
            ("fyl2x", 0xf1, 2, -1), ("fptan", 0xf2, 1, 1),
            ("fpatan", 0xf3, 2, -1), ("fxtract", 0xf4, 1, 1),
            ("fprem1", 0xf5, 2, 0), ("fprem", 0xf8, 2, 0),
            ("fyl2xp1", 0xf9, 2, -1), ("fsqrt", 0xfa, 1, 0),
            ("fsincos", 0xfb, 1, 1), ("frndint", 0xfc, 1, 0),
            ("fscale", 0xfd, 2, 0), ("fsin", 0xfe, 1, 0),
            ("fcos", 0xff, 1, 0), ("fnop", 0xd0, 0, 0)]:
        add(op, 0, f"d9 {b:02x}", need, delta)
    # control and status words
    add("fnstsw", 16, "dd /7", 0, 0)
    add("fnstsw", 0, "df e0", 0, 0)
    add("fnstcw", 16, "d9 /7", 0, 0)
    add("fldcw", 16, "d9 /5", 0, 0)
    add("fnclex", 0, "db e2", 0, 0)
    add("fwait", 0, "9b", 0, 0)
    return rows


X87_ROWS = _x87_rows()

# ---- MMX (not picked yet: gen.py does not know these operands) ----
#
# Rows of the same shape; size is the memory operand's bits (0: none).
# Operands: P (an MMX register in the ModRM reg field), Q (an MMX
# register or memory in r/m), N (an MMX register in r/m, no memory),
# E32 (a 32-bit general register or memory in r/m), I (imm8); "!" marks
# the one written.  special "mmx": every MMX instruction but EMMS makes
# TOP 0 and all eight x87 registers valid (EMMS all empty), and the
# written register's sign and exponent all ones; what FNSAVE shows of
# them is compared when the x87 state is (--x87).  A generator needs, per
# sequence, all eight registers loaded before the first MMX read (FNINIT
# keeps their old contents, which differ between harness and guest) and
# the x87 stack depth taken as 8 after an MMX form and 0 after EMMS.
# Left out: SSE's additions to MMX (PSHUFW, PMINUB, PAVGB, ...), which a
# CPU without SSE does not have.
def _mmx_rows():
    rows = []

    def add(name, size, enc, ops):
        rows.append((name, size, enc, ops, "none", "mmx"))

    binary = {
        0x60: "punpcklbw", 0x61: "punpcklwd", 0x62: "punpckldq",
        0x63: "packsswb", 0x64: "pcmpgtb", 0x65: "pcmpgtw",
        0x66: "pcmpgtd", 0x67: "packuswb", 0x68: "punpckhbw",
        0x69: "punpckhwd", 0x6a: "punpckhdq", 0x6b: "packssdw",
        0x74: "pcmpeqb", 0x75: "pcmpeqw", 0x76: "pcmpeqd",
        0xd1: "psrlw", 0xd2: "psrld", 0xd3: "psrlq", 0xd5: "pmullw",
        0xd8: "psubusb", 0xd9: "psubusw", 0xdb: "pand", 0xdc: "paddusb",
        0xdd: "paddusw", 0xdf: "pandn", 0xe1: "psraw", 0xe2: "psrad",
        0xe5: "pmulhw", 0xe8: "psubsb", 0xe9: "psubsw", 0xeb: "por",
        0xec: "paddsb", 0xed: "paddsw", 0xef: "pxor", 0xf1: "psllw",
        0xf2: "pslld", 0xf3: "psllq", 0xf5: "pmaddwd", 0xf8: "psubb",
        0xf9: "psubw", 0xfa: "psubd", 0xfc: "paddb", 0xfd: "paddw",
        0xfe: "paddd",
    }
    for op, name in binary.items():
        # PUNPCKL* read 32 bits of memory, the rest 64
        add(name, 32 if op <= 0x62 else 64, f"0f {op:02x} /r", "P!,Q")
    add("movd", 32, "0f 6e /r", "P!,E32")
    add("movd", 32, "0f 7e /r", "E32!,P")
    add("movq", 64, "0f 6f /r", "P!,Q")
    add("movq", 64, "0f 7f /r", "Q!,P")
    for op, shifts in [(0x71, {2: "psrlw", 4: "psraw", 6: "psllw"}),
                       (0x72, {2: "psrld", 4: "psrad", 6: "pslld"}),
                       (0x73, {2: "psrlq", 6: "psllq"})]:
        for n, name in shifts.items():
            add(name, 0, f"0f {op:02x} /{n} ib", "N!,I")
    add("emms", 0, "0f 77", "")
    return rows


MMX_ROWS = _mmx_rows()

# Mnemonics that take a LOCK prefix with a memory destination.
LOCKABLE = {"add", "or", "adc", "sbb", "and", "sub", "xor", "inc", "dec",
            "not", "neg", "xchg", "xadd", "cmpxchg", "cmpxchg8b", "bts",
            "btr", "btc"}
