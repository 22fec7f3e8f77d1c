/*
 * The realmode guest's 16-bit code.  rm_blob is copied to RM_BASE
 * (realmode.h); rm_run, called from 32-bit protected mode, jumps to it
 * in 16-bit protected mode, leaves protected mode (Intel SDM vol. 3A,
 * 9.9.2: clear CR0.PE, far jump), runs the real-mode checks, enters
 * protected mode again with LMSW, goes back to real mode, and finally
 * returns to 32-bit code through a 16-bit protected-mode segment.  Each
 * check stores what it saw in rm_results; realmode.c compares.
 *
 * pm16_call runs 16-bit code in a 16-bit code segment from 32-bit
 * protected mode and back (far calls both ways).
 */
#include "realmode.h"

#define OFF(sym) ((sym) - rm_blob)
#define RES(i) (OFF(rm_results) + 4 * (i))
/* FLAGS bits (SDM vol. 1, 3.4.3). */
#define FL_CF 0x0001
#define FL_IF 0x0200

    .section .rodata
    .globl rm_blob, rm_blob_end, rm_results, rm_skip_ud
    .globl rm_far_ret, rm_int_ret, rm_de_insn, rm_ud_insn
    .code16
rm_blob:

/* Entered from rm_run: 16-bit protected mode, CS = SEL_CODE16. */
pm16_entry:
    movw $SEL_DATA16, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $OFF(rm_stack_top), %sp
    movw %cs, RES(RES_PM16_CS)
    movl $0x89abcdef, %eax          /* 0x66: a 32-bit operand here */
    movl %eax, RES(RES_PM16_OP32)
    /* A 4 GiB limit in FS's cache, kept into real mode. */
    movw $SEL_BIG, %ax
    movw %ax, %fs
    movl %cr0, %eax
    andl $~1, %eax
    movl %eax, %cr0
    ljmp $RM_SEG, $OFF(real_entry)

real_entry:
    movw $RM_SEG, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movl %cr0, %eax
    andl $1, %eax
    movl %eax, RES(RES_CR0_PE_CLEAR)
    movw %cs, RES(RES_RM_CS)

    /* Segment arithmetic: linear = segment * 16 + offset. */
    movw $SEG_A, %ax
    movw %ax, %es
    movl $0xcafe1234, %es:OFF_A
    movw $SEG_B, %ax
    movw %ax, %es
    movl %es:OFF_B, %eax
    movl %eax, RES(RES_SEG_ARITH)
    movw %ds, %ax
    movw %ax, %es

    /* 0x67: 32-bit addressing with a scaled index. */
    movl $OFF(rm_table), %ebx
    movl $2, %ecx
    addr32 movl (%ebx,%ecx,4), %eax
    movl %eax, RES(RES_ADDR32_SIB)
    /* 16-bit [bx+si], and its sum wrapping at 64 KiB. */
    movw $OFF(rm_table), %bx
    movw $4, %si
    movw (%bx,%si), %ax
    movw %ax, RES(RES_ADDR16_BXSI)
    movw $0xfff0, %bx
    movw $OFF(rm_table) + 8 + 0x10, %si
    movw (%bx,%si), %ax
    movw %ax, RES(RES_ADDR16_WRAP)

    /* 0x66 arithmetic, and a 16-bit one leaving the upper half. */
    movl $0xfffffff0, %eax
    addl $0x20, %eax
    sbbl %edx, %edx
    movl %eax, RES(RES_ADD32)
    movl %edx, RES(RES_ADD32_CARRY)
    movl $0x12340000, %eax
    movw $0xfff0, %ax
    addw $0x20, %ax
    movl %eax, RES(RES_ADD16)

    /* Far call and return; the far jump to another CS:IP, same byte. */
    lcall $RM_SEG, $OFF(far_fn)
rm_far_ret:
    movw %ax, RES(RES_FAR_CALL)
    ljmp $RM_SEG + 1, $OFF(other_cs) - 16
other_cs:
    movw %cs, RES(RES_FAR_JMP_CS)
    ljmp $RM_SEG, $OFF(back_cs)
back_cs:

    /*
     * INT n through the IVT (SDM vol. 3A, 20.1.4): FLAGS, CS, IP pushed,
     * IF cleared, IRET back.  The 8259s are masked (realmode.c).
     */
    xorw %ax, %ax
    movw %ax, %es
    movw $OFF(int_handler), %es:4 * RM_VEC_SOFT
    movw $RM_SEG, %es:4 * RM_VEC_SOFT + 2
    movw $OFF(fault_handler), %es:4 * 0
    movw $RM_SEG, %es:4 * 0 + 2
    movw $OFF(fault_handler), %es:4 * 6
    movw $RM_SEG, %es:4 * 6 + 2
    movw %ds, %ax
    movw %ax, %es
    xorw %bx, %bx
    sti
    stc
    int $RM_VEC_SOFT
rm_int_ret:
    pushfw
    cli
    popw %ax
    andw $FL_IF | FL_CF, %ax
    movw %ax, RES(RES_IRET_FLAGS)
    movw %bx, RES(RES_INT_BX)

    /* Faults through the IVT: the pushed IP is the faulting one. */
    movw $OFF(de_next), OFF(fault_resume_off)
    movw $1, %ax
    xorw %dx, %dx
    xorw %cx, %cx
rm_de_insn:
    divw %cx
de_next:
    movw OFF(fault_ip), %ax
    movw %ax, RES(RES_DE_IP)
    movw OFF(fault_count), %ax
    movw %ax, RES(RES_DE_COUNT)
    cmpw $0, OFF(rm_skip_ud)
    jne ud_next
    movw $OFF(ud_next), OFF(fault_resume_off)
rm_ud_insn:
    ud2
ud_next:
    movw OFF(fault_ip), %ax
    movw %ax, RES(RES_UD_IP)

    /* Operand-size prefixed pushes on a 16-bit stack. */
    pushw $0x1234
    pushl $0x56789abc
    popw %ax
    popw %bx
    popw %cx
    movw %ax, RES(RES_PUSH_MIX)
    movw %bx, RES(RES_PUSH_MIX) + 2
    movw %cx, RES(RES_PUSH_MIX_CX)

    /* LDS: a far pointer loads DS and SI. */
    pushw %ds
    lds OFF(rm_farptr), %si
    movl (%si), %eax
    movw %ds, %bx
    popw %ds
    movw %bx, RES(RES_LDS_SEG)
    movl %eax, RES(RES_LDS_VAL)

    /* LMSW sets PE (and cannot clear it): 16-bit protected mode again. */
    smsw %ax
    orw $1, %ax
    lmsw %ax
    ljmp $SEL_CODE16, $OFF(pm16_again)
pm16_again:
    movw %cs, RES(RES_LMSW_CS)
    smsw %ax
    andw $1, %ax
    movw %ax, RES(RES_LMSW_PE)
    smsw %ax
    andw $~1, %ax
    lmsw %ax
    smsw %ax
    andw $1, %ax
    movw %ax, RES(RES_LMSW_KEEPS_PE)
    movl %cr0, %eax
    andl $~1, %eax
    movl %eax, %cr0
    ljmp $RM_SEG, $OFF(real_again)
real_again:
    /* Big real mode: FS still has the 4 GiB limit of SEL_BIG. */
    movl $BIG_ADDR, %ebx
    addr32 movl %fs:(%ebx), %eax
    movl %eax, RES(RES_BIG_READ)
    addr32 movl $0x0b160b16, %fs:4(%ebx)

    /* Back to 32-bit code: protected mode, a 16-bit segment, then 32. */
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmp $SEL_CODE16, $OFF(pm16_exit)
pm16_exit:
    ljmpl $SEL_CODE32, $rm_back32

/* A far procedure: its frame holds the caller's IP and CS. */
far_fn:
    movw %sp, %bp
    movw (%bp), %ax
    movw %ax, RES(RES_FAR_CALL_IP)
    movw 2(%bp), %ax
    movw %ax, RES(RES_FAR_CALL_CS)
    movw $0x4321, %ax
    lret

/* INT RM_VEC_SOFT: the frame IP, CS, FLAGS, and IF inside. */
int_handler:
    pushw %bp
    movw %sp, %bp
    pushfw
    popw %ax
    andw $FL_IF, %ax
    movw %ax, RES(RES_INT_HANDLER_IF)
    movw 2(%bp), %ax
    movw %ax, RES(RES_INT_IP)
    movw 4(%bp), %ax
    movw %ax, RES(RES_INT_CS)
    movw 6(%bp), %ax
    andw $FL_IF | FL_CF, %ax
    movw %ax, RES(RES_INT_FLAGS)
    movw $0x5a5a, %bx
    popw %bp
    iret

/* #DE, #UD: record the faulting IP, resume at fault_resume_off. */
fault_handler:
    pushw %bp
    movw %sp, %bp
    movw 2(%bp), %ax
    movw %ax, OFF(fault_ip)
    incw OFF(fault_count)
    movw OFF(fault_resume_off), %ax
    movw %ax, 2(%bp)
    popw %bp
    iret

/*
 * In the 16-bit segment, with SS's 32-bit stack (the B bit of SS, not
 * CS, sizes the stack pointer, SDM vol. 3A, 3.4.5).
 */
code16_fn:
    movw $0x1616, %ax
    movl $0x32323232, %edx
    addr32 movl 4(%esp), %esi       /* the pushed CS */
    call sub16
    lcalll $SEL_CODE32, $ret32_fn
    lretl
sub16:
    movw $0x1234, %bx
    ret

    .align 4
rm_table:
    .long 0x11111111, 0x22222222, 0x33333333
rm_farptr:
    .word OFF_A, SEG_A
fault_ip:
    .word 0
fault_count:
    .word 0
fault_resume_off:
    .word 0
rm_skip_ud:
    .word 0
    .align 4
rm_results:
    .skip 4 * RES_COUNT
    .skip 256
rm_stack_top:
rm_blob_end:

/*
 * rm_run: from 32-bit protected mode into rm_blob and back.  IDTR
 * becomes the real-mode IVT at 0 (the interrupt table real mode uses,
 * SDM vol. 3A, 20.1.4); interrupts stay off outside real mode.
 */
    .text
    .code32
    .globl rm_run, pm16_call
rm_run:
    pushal
    movl %esp, rm_saved_esp
    lidt rm_ivt_desc
    ljmp $SEL_CODE16, $OFF(pm16_entry)
rm_back32:
    movw $SEL_DATA32, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
    movl rm_saved_esp, %esp
    popal
    ret

/*
 * pm16_call(out): a far call from 32-bit code into code16_fn, in the
 * 16-bit segment SEL_CODE16; out[0..4] = EAX, EDX, ECX, EBX, and the CS
 * code16_fn found pushed.
 */
pm16_call:
    pushl %ebx
    pushl %esi
    pushl %edi
    movl $0xaaaa0000, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    lcall $SEL_CODE16, $OFF(code16_fn)
    movl 16(%esp), %edi
    movl %eax, (%edi)
    movl %edx, 4(%edi)
    movl %ecx, 8(%edi)
    movl %ebx, 12(%edi)
    movl %esi, 16(%edi)
    popl %edi
    popl %esi
    popl %ebx
    ret

/* Called with a 32-bit far call from 16-bit code: back with LRET. */
ret32_fn:
    movl $0x3232, %ecx
    lret

    .data
    .align 4
rm_saved_esp:
    .long 0
rm_ivt_desc:
    .word 0x3ff
    .long 0

    .section .note.GNU-stack, "", @progbits
