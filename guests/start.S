/*
 * Entry of every guest: the multiboot header and _start, which calls
 * the guest's guest_main(magic, info).
 * Multiboot Specification 0.6.96, 3.1.1: magic, flags, checksum, 4-byte
 * aligned in the first 8192 bytes; 3.2: at entry EAX holds 0x2BADB002,
 * EBX the information structure, and the stack is ours to set up.
 */
#define MB_MAGIC 0x1BADB002
/* Bit 0: page-aligned modules; bit 1: memory information. */
#define MB_FLAGS 0x00000003

    .section .multiboot, "a"
    .align 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .text.start, "ax"
    .code32
    .globl _start
_start:
    cli
    movl $stack_top, %esp
    pushl %ebx
    pushl %eax
    call guest_main
1:  cli
    hlt
    jmp 1b

    .section .bss
    .align 16
    .skip 16384
stack_top:

    .section .note.GNU-stack, "", @progbits
