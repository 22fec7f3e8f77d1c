#!/usr/bin/env python3
"""Write the hand-made seeds of the tcg fuzzer (fuzz/corpus/tcg/).

Each seed is real guest code for one mode of fuzz-tcg.c: two
configuration bytes, then the code, assembled here with GNU as (Intel
syntax).  Every seed is written for the code generator, and for the
interpreter (FUZZ_CFG_INTERP) when listed in BOTH_BACK_ENDS.  Run from anywhere:

    fuzz/tcg/make-seeds.py [OUTDIR]
"""
import os
import subprocess
import sys
import tempfile

# fuzz-tcg.c's byte 0.
REAL, PM16, PM32, PAGING = 0, 1, 2, 3
INTERP, LIMITED, RING3, PAE, TF, EXTRA = 0x04, 0x08, 0x10, 0x20, 0x40, 0x80

# name: (byte 0, byte 1, 16-bit code?, source)
SEEDS = {
    # Real mode: ALU, string ops, calls, a software interrupt.
    'real-alu-string': (REAL, 0, True, '''
        mov ax, 0x1234
        mov bx, 0x5678
        add ax, bx
        adc cx, 7
        imul bx
        xchg ax, dx
        mov di, 0x100
        mov cx, 8
        rep stosb
        mov si, 0x100
        mov di, 0x200
        mov cx, 4
        rep movsw
        call 1f
        jmp 2f
    1:  push ax
        pop bx
        ret
    2:  div cl
        aaa
        daa
        int 0x21
        hlt
    '''),
    # Real mode: the 64 KiB limit (a word at 0xffff: #GP), then INTO.
    'real-seg-limit': (REAL, 0, True, '''
        mov bx, 0xffff
        mov word ptr [bx], ax
        hlt
    '''),
    # Real mode into 32-bit protected mode through the harness's GDT.
    'real-to-pm': (REAL, 0, True, '''
        lgdt cs:[gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        .byte 0x66, 0xea
        .long pm32 + 0x10000
        .word 0x08
    gdtr:
        .word 0x87
        .long 0x1000
        .code32
    pm32:
        mov ax, 0x10
        mov ds, ax
        mov ss, ax
        mov dword ptr [0x20000], 0xdeadbeef
        hlt
    '''),
    # 16-bit protected mode: prefixes, segment loads, a far call.
    'pm16-prefixes': (PM16, 0, True, '''
        mov eax, 0x12345678
        mov bx, 0x10
        add eax, [bx]
        mov ax, 0x20
        mov es, ax
        mov ax, 0x50
        mov fs, ax
        mov ebx, 0x3fffc
        mov eax, fs:[ebx]
        push 0x18
        push offset 1f
        retf
    1:  lea ecx, [ebx + esi * 4 + 8]
        bound ax, [bx]
        hlt
    '''),
    # 32-bit: flags, bit ops, shifts, BCD, CMPXCHG8B, LOCK.
    'pm32-alu': (PM32, 0, False, '''
        mov eax, 0x80000001
        mov ebx, 3
        shld eax, ebx, 5
        shrd eax, ebx, 31
        rcl eax, 3
        bt eax, 7
        bts dword ptr [0x20000], 33
        lock xadd [0x20004], ebx
        lock cmpxchg [0x20008], ecx
        cmpxchg8b [0x20010]
        bsf edx, eax
        bswap edx
        setc al
        cmovz esi, edi
        aam
        das
        cdq
        idiv ebx
        xor ebx, ebx
        div ebx
    '''),
    # 32-bit: the x87 and MMX.
    'pm32-fpu-mmx': (PM32, 0, False, '''
        fninit
        fld1
        fldpi
        fdivp st(1), st
        fsqrt
        fist dword ptr [0x20000]
        fstp tbyte ptr [0x20010]
        fnstsw ax
        movd mm0, eax
        paddb mm0, mm0
        punpcklbw mm1, mm0
        movq [0x20020], mm1
        emms
        fld dword ptr [0x20000]
        fcomip st, st(0)
        fnsave [0x20100]
        frstor [0x20100]
        hlt
    '''),
    # 32-bit: system instructions, MSRs, CPUID, ports, descriptors.
    'pm32-system': (PM32, 0, False, '''
        cpuid
        rdtsc
        mov ecx, 0x1b
        rdmsr
        mov ecx, 0x174
        mov eax, 0x08
        wrmsr
        in al, 0x71
        out 0x80, al
        mov dx, 0x3f8
        outsb
        sgdt [0x20000]
        sidt [0x20008]
        mov ax, 0x80
        lldt ax
        mov ax, 0x0c
        lar ebx, eax
        lsl ecx, eax
        verr ax
        str dx
        mov eax, cr0
        mov cr0, eax
        mov ebx, dr7
        clts
        invd
        wbinvd
        int 0x80
    '''),
    # 32-bit: segments with limits and the odd ones (checked accesses).
    'pm32-segments': (PM32 | LIMITED, 0, False, '''
        mov eax, [0x3fffd]
        mov ax, 0x60
        mov es, ax
        mov byte ptr es:[0x2000], 1
        mov byte ptr es:[0x10], 1
        mov ax, 0x68
        mov gs, ax
        mov ebx, gs:[0]
        mov gs:[0], ebx
    '''),
    # 32-bit: self-modifying code, in the block that runs and ahead.
    'pm32-smc': (PM32, 0, False, '''
        mov byte ptr [1f], 0x40
        nop
    1:  nop
        mov dword ptr [2f], 0x90909090
    2:  hlt
        hlt
        hlt
        hlt
        mov ecx, 100
    3:  inc byte ptr [4f + 1]
    4:  add eax, 1
        loop 3b
        hlt
    '''),
    # 32-bit: a far call through the call gate, IRET, a task switch.
    'pm32-far': (PM32, 0, False, '''
        pushfd
        push 0x08
        push offset 1f
        iretd
    1:  call 0x70:2f
    2:  mov ax, 0x10
        mov ds, ax
        ljmp 0x48:0
    '''),
    # Ring 3: the call gate, privileged instructions (#GP), INT 0x80.
    'ring3-gate': (PM32 | RING3, 0, False, '''
        mov eax, [0x20000]
        push 1
        call 0x7b:0
    '''),
    'ring3-priv': (PM32 | RING3, 0, False, '''
        cli
    '''),
    'ring3-int': (PM32 | RING3, 0, False, '''
        mov eax, 1
        int 0x80
    '''),
    'ring3-io': (PM32 | RING3, 0, False, '''
        in al, 0x60
    '''),
    # Paging: #PF cases, WP, aliases, INVLPG, CR3 reload, PTE edits.
    'paging-faults': (PAGING | EXTRA, 0, False, '''
        mov eax, [0x3e000]
        mov [0x3e000], eax
    '''),
    'paging-alias-smc': (PAGING, 0, False, '''
        mov byte ptr [0x400000 + 1f], 0x40
        nop
    1:  nop
        mov eax, [0x5000 + (0x10 * 4)]
        and eax, 0xfffffffd
        mov [0x5000 + (0x10 * 4)], eax
        invlpg [0x10000]
        mov eax, cr3
        mov cr3, eax
        mov byte ptr [0x10000], 0x90
        hlt
    '''),
    'paging-unmap-code': (PAGING, 0, False, '''
        mov dword ptr [0x5000 + (0x10 * 4)], 0
        mov eax, cr3
        mov cr3, eax
        nop
        nop
    '''),
    'paging-off-on': (PAGING, 0, False, '''
        mov eax, cr0
        and eax, 0x7fffffff
        mov cr0, eax
        mov ebx, [0x3f000]
        or eax, 0x80000000
        mov cr0, eax
        mov ebx, [0x3f000]
    '''),
    'paging-4m-page': (PAGING, 0, False, '''
        mov eax, [0x410000]
        mov [0x810000], eax
    '''),
    'pae-nx': (PAGING | PAE | EXTRA, 0, False, '''
        mov eax, [0x600000]
        mov ebx, [0x410000]
        jmp 0x3c000
    '''),
    'pae-2m-ring3': (PAGING | PAE | RING3, 0, False, '''
        mov eax, [0x210000]
        mov [0x410000], eax
        mov eax, [0x3d000]
    '''),
    # EFLAGS.TF: a #DB after the first instruction.
    'tf-single-step': (PM32 | TF, 0, False, '''
        nop
        nop
    '''),
    # DF, IOPL 3, CR0.EM (#NM on the x87), AC with an unaligned access.
    'flags-em-ac': (PM32 | RING3, 0x01 | 0x06 | 0x08 | 0x10, False, '''
        std
        lodsd
        in al, 0x61
        mov eax, [0x20001]
        fld1
    '''),
    # Virtual-8086 mode through IRET, then a #GP out of it.
    'vm86-iret': (PM32, 0, False, '''
        push 0
        push 0
        push 0
        push 0
        push 0x2000
        push 0xfff0
        push 0x20002
        push 0x1000
        push 0x0020
        iretd
        .org 0x20, 0x90
        .code16
        cli
        hlt
    '''),
    # SYSENTER with the MSRs set, a loop that runs out the budget.
    'sysenter': (PM32, 0, False, '''
        mov ecx, 0x174
        mov eax, 0x08
        xor edx, edx
        wrmsr
        mov ecx, 0x175
        mov eax, 0x2fff0
        wrmsr
        mov ecx, 0x176
        mov eax, 0x7000
        wrmsr
        sysenter
    '''),
    'budget-loop': (PM32, 0, False, '''
    1:  inc eax
        jmp 1b
    '''),
    # The stack: PUSHA, ENTER/LEAVE, a stack fault at the limit.
    'pm16-stack': (PM16, 0, True, '''
        pusha
        enter 16, 2
        leave
        popa
        mov sp, 2
        push eax
    '''),
}


# Written for the interpreter too (the fuzzer flips the bit on the rest).
BOTH_BACK_ENDS = {
    'real-alu-string', 'real-to-pm', 'pm16-prefixes', 'pm32-alu',
    'pm32-fpu-mmx', 'pm32-smc', 'pm32-far', 'ring3-gate', 'paging-alias-smc',
    'pae-nx', 'budget-loop',
}


def assemble(code16, source):
    """The code's bytes: 32-bit code runs at 0x10000 (flat CS), 16-bit
    code at offset 0 of a CS based at 0x10000."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'seed.s')
        obj = os.path.join(tmp, 'seed.o')
        elf = os.path.join(tmp, 'seed.elf')
        out = os.path.join(tmp, 'seed.bin')
        with open(src, 'w') as f:
            f.write('.intel_syntax noprefix\n')
            f.write('.code16\n' if code16 else '.code32\n')
            f.write(source + '\n')
        subprocess.run(['as', '--32', '-o', obj, src], check=True)
        subprocess.run(['ld', '-m', 'elf_i386', '-e', '0',
                        '-Ttext=%#x' % (0 if code16 else 0x10000),
                        '-o', elf, obj], check=True)
        subprocess.run(['objcopy', '-O', 'binary', '-j', '.text', elf, out],
                       check=True)
        with open(out, 'rb') as f:
            return f.read()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(here, '..', 'corpus', 'tcg')
    os.makedirs(outdir, exist_ok=True)
    for name, (cfg, cfg2, code16, source) in SEEDS.items():
        code = assemble(code16, source)
        variants = [('jit', 0)]
        if name in BOTH_BACK_ENDS:
            variants.append(('interp', INTERP))
        for suffix, extra in variants:
            path = os.path.join(outdir, 'seed-%s-%s' % (name, suffix))
            with open(path, 'wb') as f:
                f.write(bytes([cfg | extra, cfg2]) + code)


if __name__ == '__main__':
    main()
