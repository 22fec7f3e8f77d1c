/*
 * The smp guest's application processors start here.  ap_trampoline is
 * copied to SMP_TRAMPOLINE_BASE, where the SIPI starts each AP in real
 * mode (CS = vector << 8, IP = 0, Intel SDM vol. 3A, 8.4.4.1); it loads
 * its own flat GDT, enters protected mode (SDM vol. 3A, 9.9.1) and jumps
 * to ap_entry32 in the image, which takes the next free stack and calls
 * ap_main().  Everything the trampoline addresses is computed from
 * SMP_TRAMPOLINE_BASE, since it runs away from where it was linked.
 */
#include "smp.h"

#define TRAMP(sym) (SMP_TRAMPOLINE_BASE + ((sym) - ap_trampoline))

    .section .rodata
    .code16
    .globl ap_trampoline, ap_trampoline_end
ap_trampoline:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    lgdtl TRAMP(ap_gdt_desc)
    movl %cr0, %eax
    orl $1, %eax            /* CR0.PE */
    movl %eax, %cr0
    ljmpl $SMP_CODE_SEL, $ap_entry32

    .align 8
ap_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff /* SMP_CODE_SEL: 4 GiB, 32-bit, execute/read */
    .quad 0x00cf92000000ffff /* SMP_DATA_SEL: 4 GiB, read/write */
ap_gdt_desc:
    .word ap_gdt_desc - ap_gdt - 1
    .long TRAMP(ap_gdt)
ap_trampoline_end:

    .text
    .code32
ap_entry32:
    movw $SMP_DATA_SEL, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    /* One stack per AP, in the order they arrive. */
    movl $1, %eax
    lock xaddl %eax, ap_next_stack
    cmpl $SMP_MAX_CPUS - 1, %eax
    jae 1f
    incl %eax
    imull $SMP_AP_STACK_SIZE, %eax
    leal ap_stacks(%eax), %esp
    call ap_main
1:  cli
    hlt
    jmp 1b

    .section .bss
    .align 16
ap_stacks:
    .skip (SMP_MAX_CPUS - 1) * SMP_AP_STACK_SIZE
    .globl ap_next_stack
    .align 4
ap_next_stack:
    .skip 4

    .section .note.GNU-stack, "", @progbits
