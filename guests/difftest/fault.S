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

dt_fault_common:
    popl dt_fault
    movl dt_host_esp, %esp
    cld
    jmp difftest_resume

    .section .note.GNU-stack, "", @progbits
