/*
 * Exception entry points for vectors 0-31: a sequence that faults ends
 * there.  Each records its vector in dt_fault and returns from
 * difftest_run on the saved stack, never with IRET (which kvm_pvm's
 * instruction emulator cannot run in protected mode).
 */
    .text
    .globl dt_fault_stubs
    .align 16
dt_fault_stubs:
    .set vec, 0
    .rept 32
    .align 16
    pushl $vec
    jmp dt_fault_common
    .set vec, vec + 1
    .endr

/*
 * The registers, flags and FPU at the fault into dt_out and dt_fpu; the
 * error code (0 for vectors without one), EIP and CR2 into dt_fault_err,
 * dt_fault_eip and dt_fault_cr2.  Same privilege level: the frame has no SS:ESP, so ESP
 * after it is the one at the fault.
 */
dt_fault_common:
    movl %eax, dt_out+0
    movl %ecx, dt_out+4
    movl %edx, dt_out+8
    movl %ebx, dt_out+12
    movl %ebp, dt_out+20
    movl %esi, dt_out+24
    movl %edi, dt_out+28
    popl %eax
    movl %eax, dt_fault
    xorl %edx, %edx
    cmpl $8, %eax
    je 1f
    cmpl $17, %eax
    je 1f
    cmpl $10, %eax
    jb 2f
    cmpl $14, %eax
    ja 2f
1:  popl %edx
2:  movl %edx, dt_fault_err
    movl %cr2, %edx
    movl %edx, dt_fault_cr2
    popl dt_fault_eip
    addl $4, %esp
    popl dt_out+32
    movl %esp, dt_out+16
    cmpl $0, dt_fpu_on
    je 3f
    fnsave dt_fpu
3:  movl dt_host_esp, %esp
    cld
    jmp difftest_resume

    .section .note.GNU-stack, "", @progbits
