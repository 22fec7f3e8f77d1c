/*
 * Enter a sequence with every register and the flags from dt_in, on the
 * private stack at DT_ESP; its trailer jumps to difftest_return, which
 * stores them into dt_out.  The flags are loaded on the caller's stack
 * and saved after switching back to it, so the sequence's stack memory
 * (part of the checksum) only holds what the sequence itself wrote.
 * Absolute addresses: link without PIE.
 */
    .text
    .globl difftest_run
    .type difftest_run, @function
difftest_run:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, dt_host_esp
    cmpl $0, dt_fpu_on      /* kvm_pvm cannot emulate x87 memory forms */
    je 1f
    fninit
1:  pushl dt_in+32
    popfl
    movl dt_in+0, %eax
    movl dt_in+4, %ecx
    movl dt_in+8, %edx
    movl dt_in+12, %ebx
    movl dt_in+20, %ebp
    movl dt_in+24, %esi
    movl dt_in+28, %edi
    movl dt_in+16, %esp
    jmp *dt_entry

    .globl difftest_return
    .type difftest_return, @function
difftest_return:
    movl %eax, dt_out+0
    movl %ecx, dt_out+4
    movl %edx, dt_out+8
    movl %ebx, dt_out+12
    movl %esp, dt_out+16
    movl %ebp, dt_out+20
    movl %esi, dt_out+24
    movl %edi, dt_out+28
    movl dt_host_esp, %esp
    pushfl
    popl dt_out+32
    cmpl $0, dt_fpu_on
    je 1f
    fnsave dt_fpu
1:
    cld                     /* the C side expects DF clear */
    /* Entered also from the guest's exception handlers (fault.S). */
    .globl difftest_resume
difftest_resume:
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .globl dt_host_esp
    .globl dt_fpu
    .bss
    .align 4
dt_host_esp:
    .skip 4
dt_fpu:
    .skip 108

    .section .note.GNU-stack, "", @progbits
