/*
 * The excp guest's exception entry stubs, its ring-3 round trip and the
 * probes: short functions around one instruction that faults or traps,
 * with labels NAME_insn (the instruction) and NAME_next (the one after),
 * so that the C checks can compare the saved EIP with the SDM's (a fault
 * saves the faulting instruction's address, a trap the next one's:
 * Intel SDM vol. 3A, 6.5).  Each probe sets exc_resume to NAME_next,
 * where the handler sends the CPU on.
 */
#include "excp.h"

#define PROBE(name)                                                        \
    .globl name, name##_insn, name##_next;                                 \
name:                                                                      \
    movl $name##_next, exc_resume
#define INSN(name) name##_insn:
#define NEXT(name) name##_next:

/* ---- Entry stubs: vector and error code (0 where none), then C ---- */

.macro STUB vec, has_err
exc_stub_\vec:
    .if \has_err == 0
    pushl $0
    .endif
    pushl $\vec
    jmp exc_common
.endm

    .text
    .code32
    /* SDM vol. 3A, table 6-1: these push an error code. */
    .irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    STUB \v, 0
    .endr
    .irp v, 8,10,11,12,13,14,17
    STUB \v, 1
    .endr
    STUB 0x80, 0
    STUB 0x82, 0
    STUB 0x50, 0

    .section .rodata
    .globl exc_stubs
    .align 4
exc_stubs:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long exc_stub_\v
    .endr
    .globl exc_stub_0x80, exc_stub_0x82, exc_stub_0x50

    .text
/*
 * The frame exc_dispatch() sees: ES, DS, PUSHAD's eight, vector, error
 * code, then what the CPU pushed (EIP, CS, EFLAGS, and ESP, SS from an
 * outer ring).  DS and ES are ring 0's while C runs.
 */
exc_common:
    pushal
    pushl %ds
    pushl %es
    cld
    movw $SEL_DATA0, %ax
    movw %ax, %ds
    movw %ax, %es
    pushl %esp
    call exc_dispatch
    addl $4, %esp
    popl %es
    popl %ds
    popal
    addl $8, %esp
    iret

/*
 * run_user(fn): fn runs in ring 3 on user_stack (IRET to it, SDM vol.
 * 3A, 6.12.1); it ends with INT VEC_USER_EXIT, whose gate brings the CPU
 * back to ring 0, where run_user's caller's registers and stack are
 * taken up again.
 */
    .globl run_user, user_exit_entry
run_user:
    pushal
    movl %esp, kernel_esp
    movl 36(%esp), %ecx
    movw $SEL_DATA3, %ax
    movw %ax, %ds
    movw %ax, %es
    pushl $SEL_DATA3
    pushl $user_stack + 4096
    pushfl
    pushl $SEL_CODE3
    pushl %ecx
    iret
user_exit_entry:
    movw $SEL_DATA0, %ax
    movw %ax, %ds
    movw %ax, %es
    movl kernel_esp, %esp
    popal
    ret

/*
 * The call gate's ring-0 side: what the far call pushed on the ring-0
 * stack (SDM vol. 3A, 5.8.5, figure 5-13: SS, ESP, the parameter, CS,
 * EIP, top last), then LRET 4 back to ring 3.
 */
    .globl call_gate_entry
call_gate_entry:
    movl %cs, %eax
    movl %eax, gate_cs
    movl (%esp), %eax
    movl %eax, gate_frame
    movl 4(%esp), %eax
    movl %eax, gate_frame + 4
    movl 8(%esp), %eax
    movl %eax, gate_frame + 8
    movl 12(%esp), %eax
    movl %eax, gate_frame + 12
    movl 16(%esp), %eax
    movl %eax, gate_frame + 16
    movl %esp, gate_esp
    movl $0x6a7e, %eax
    lret $4

/* SYSENTER lands here (ring 0); SYSEXIT to EDX with ESP = ECX. */
    .globl sysenter_entry
sysenter_entry:
    movl %cs, %eax
    movl %eax, sysenter_cs
    movl %ss, %eax
    movl %eax, sysenter_ss
    movl %esp, sysenter_esp
    movl $0x5e5e, %eax
    sysexit

/*
 * The #DF task (a task gate in IDT entry 8, SDM vol. 3A, 7.3): the
 * error code is on its own stack; df_task_switched() looks at both
 * TSSs and moves the interrupted task past the fault; IRET with NT set
 * goes back to it through the back link.  The next #DF starts after
 * the IRET, where the TSS saved EIP: hence the loop.
 */
    .globl df_task_entry
df_task_entry:
    popl %eax
    movl %eax, df_err
    pushfl
    popl %eax
    movl %eax, df_eflags
    call df_task_switched
    iret
    jmp df_task_entry

/* ---- Probes, ring 0 ---- */

PROBE(probe_de)
    xorl %ecx, %ecx
    movl $1, %eax
    xorl %edx, %edx
INSN(probe_de)
    divl %ecx
NEXT(probe_de)
    ret

/* POPF sets TF: the trap comes after the instruction that follows. */
PROBE(probe_step)
    pushfl
    orl $0x100, (%esp)
    popfl
INSN(probe_step)
    nop
NEXT(probe_step)
    ret

/* Under a DR0 execute breakpoint: a fault, before the NOP runs. */
PROBE(probe_bp_exec)
INSN(probe_bp_exec)
    nop
NEXT(probe_bp_exec)
    ret

/* Under a DR1 write breakpoint on watch_var: a trap, after the write. */
PROBE(probe_bp_write)
    movl $0x77777777, %eax
INSN(probe_bp_write)
    movl %eax, watch_var
NEXT(probe_bp_write)
    ret

PROBE(probe_int3)
INSN(probe_int3)
    int3
NEXT(probe_int3)
    ret

PROBE(probe_into)
    movl $0x7fffffff, %eax
    addl $1, %eax
INSN(probe_into)
    into
NEXT(probe_into)
    ret

PROBE(probe_bound)
    movl $10, %eax
    movl $bound_range, %edx
INSN(probe_bound)
    boundl %eax, (%edx)
NEXT(probe_bound)
    ret

PROBE(probe_ud2)
INSN(probe_ud2)
    ud2
NEXT(probe_ud2)
    ret

PROBE(probe_fnop)
INSN(probe_fnop)
    fnop
NEXT(probe_fnop)
    ret

PROBE(probe_wait)
INSN(probe_wait)
    fwait
NEXT(probe_wait)
    ret

/* 1 / 0 with ZE unmasked: #MF at the next waiting x87 instruction. */
PROBE(probe_mf)
    fninit
    fldcw fpu_cw_ze_unmasked
    fldz
    fld1
    fdiv %st(1), %st
INSN(probe_mf)
    fwait
NEXT(probe_mf)
    fninit
    ret

PROBE(probe_int_np)
INSN(probe_int_np)
    int $VEC_NOT_PRESENT
NEXT(probe_int_np)
    ret

PROBE(probe_jmp_small_tss)
INSN(probe_jmp_small_tss)
    ljmp $SEL_SMALL_TSS, $0
NEXT(probe_jmp_small_tss)
    ret

PROBE(probe_ds_np)
    movw $SEL_NOT_PRESENT, %ax
INSN(probe_ds_np)
    movw %ax, %ds
NEXT(probe_ds_np)
    ret

PROBE(probe_ss_np)
    movw $SEL_NOT_PRESENT, %ax
INSN(probe_ss_np)
    movw %ax, %ss
NEXT(probe_ss_np)
    ret

PROBE(probe_ds_beyond)
    movw $SEL_BEYOND_GDT, %ax
INSN(probe_ds_beyond)
    movw %ax, %ds
NEXT(probe_ds_beyond)
    ret

PROBE(probe_ds_exec_only)
    movw $SEL_EXEC_ONLY, %ax
INSN(probe_ds_exec_only)
    movw %ax, %ds
NEXT(probe_ds_exec_only)
    ret

PROBE(probe_jmp_data)
INSN(probe_jmp_data)
    ljmp $SEL_DATA0, $0
NEXT(probe_jmp_data)
    ret

PROBE(probe_ss_null)
    xorl %eax, %eax
INSN(probe_ss_null)
    movw %ax, %ss
NEXT(probe_ss_null)
    ret

/*
 * Data accesses at offset seg_off through FS (loaded by the caller), CS
 * and an expand-down SS; what a load read goes to probe_eax.
 */
PROBE(probe_fs_load)
    movl seg_off, %ecx
    xorl %eax, %eax
INSN(probe_fs_load)
    movl %fs:(%ecx), %eax
NEXT(probe_fs_load)
    movl %eax, probe_eax
    ret

PROBE(probe_fs_loadb)
    movl seg_off, %ecx
    xorl %eax, %eax
INSN(probe_fs_loadb)
    movb %fs:(%ecx), %al
NEXT(probe_fs_loadb)
    movl %eax, probe_eax
    ret

PROBE(probe_fs_store)
    movl seg_off, %ecx
INSN(probe_fs_store)
    movw %cx, %fs:(%ecx)
NEXT(probe_fs_store)
    ret

PROBE(probe_cs_load)
    movl seg_off, %ecx
INSN(probe_cs_load)
    movl %cs:(%ecx), %eax
NEXT(probe_cs_load)
    movl %eax, probe_eax
    ret

PROBE(probe_cs_store)
    movl seg_off, %ecx
INSN(probe_cs_store)
    movl %eax, %cs:(%ecx)
NEXT(probe_cs_store)
    ret

PROBE(probe_ss_expdown)
    movl seg_off, %ecx
    movw $SEL_EXPAND_DOWN, %ax
    movw %ax, %ss
    nop
INSN(probe_ss_expdown)
    movl %ss:(%ecx), %eax
NEXT(probe_ss_expdown)
    movw $SEL_DATA0, %ax
    movw %ax, %ss
    ret

    .data
    .globl probe_eax
probe_eax:
    .long 0
    .text

PROBE(probe_read)
    movl pf_addr, %ecx
INSN(probe_read)
    movl (%ecx), %eax
NEXT(probe_read)
    ret

/*
 * rep movsb of rep_count bytes from rep_src to rep_dst; what is left
 * in ECX, ESI, EDI afterwards goes to rep_after.  No exc_resume: the
 * #PF handler maps the page and the instruction restarts.
 */
    .globl probe_rep, probe_rep_insn
probe_rep:
    pushl %esi
    pushl %edi
    movl rep_src, %esi
    movl rep_dst, %edi
    movl rep_count, %ecx
    cld
probe_rep_insn:
    rep movsb
    movl %ecx, rep_after
    movl %esi, rep_after + 4
    movl %edi, rep_after + 8
    popl %edi
    popl %esi
    ret

/* ---- Probes, ring 3 ---- */

PROBE(probe_syscall)
    movl %esp, syscall_esp
INSN(probe_syscall)
    int $VEC_SYSCALL
NEXT(probe_syscall)
    movl %eax, syscall_eax
    ret

PROBE(probe_int_ring0_gate)
INSN(probe_int_ring0_gate)
    int $VEC_RING0_ONLY
NEXT(probe_int_ring0_gate)
    ret

PROBE(probe_hlt)
INSN(probe_hlt)
    hlt
NEXT(probe_hlt)
    ret

PROBE(probe_cli)
INSN(probe_cli)
    cli
NEXT(probe_cli)
    ret

PROBE(probe_out)
INSN(probe_out)
    outb %al, $0x80
NEXT(probe_out)
    ret

PROBE(probe_ds_ring0)
    movw $SEL_DATA0, %ax
INSN(probe_ds_ring0)
    movw %ax, %ds
NEXT(probe_ds_ring0)
    ret

    .globl probe_call_gate, probe_call_gate_ret
probe_call_gate:
    pushl $CALL_GATE_PARAM
    movl %esp, probe_esp
    lcall $SEL_CALL_GATE, $0
probe_call_gate_ret:
    movl %eax, gate_eax
    movl %cs, %eax
    movl %eax, gate_back_cs
    ret                             /* LRET 4 popped the parameter */

    /* Without SEP in CPUID, SYSENTER is #UD: on to probe_sysenter_ret. */
    .globl probe_sysenter, probe_sysenter_insn, probe_sysenter_ret
probe_sysenter:
    pushl %ebp
    movl $probe_sysenter_ret, exc_resume
    movl %esp, %ecx
    movl $probe_sysenter_ret, %edx
probe_sysenter_insn:
    sysenter
probe_sysenter_ret:
    movl %eax, sysenter_eax
    movl %cs, %eax
    movl %eax, sysexit_cs
    movl %ss, %eax
    movl %eax, sysexit_ss
    popl %ebp
    ret

    .section .rodata
bound_range:
    .long 0, 5
/* The default control word 0x37f with ZM (bit 2) clear. */
fpu_cw_ze_unmasked:
    .word 0x37b

    .section .note.GNU-stack, "", @progbits
