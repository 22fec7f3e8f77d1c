/*
 * What the excp guest's C and assembly share: GDT selectors, IDT
 * vectors and the exception frame the common stub hands to C.
 */
#ifndef EXCP_H
#define EXCP_H

#define SEL_CODE0 0x08
#define SEL_DATA0 0x10
#define SEL_CODE3 0x1b /* SYSEXIT's CS: SYSENTER_CS + 16, RPL 3 */
#define SEL_DATA3 0x23 /* SYSEXIT's SS: SYSENTER_CS + 24, RPL 3 */
#define SEL_TSS 0x28
#define SEL_NOT_PRESENT 0x30 /* writable data, P = 0 */
#define SEL_CALL_GATE 0x3b   /* DPL 3 call gate to ring 0, one parameter */
#define SEL_EXEC_ONLY 0x40   /* execute-only code */
#define SEL_SMALL_TSS 0x48   /* a TSS descriptor with a 32-byte limit */
#define SEL_DF_TSS 0x50      /* the #DF task's TSS */
#define SEL_LIMITED 0x58     /* writable data at seg_buf, limit 0xff */
#define SEL_READ_ONLY 0x60   /* read-only data, flat */
#define SEL_EXPAND_DOWN 0x68 /* writable expand-down data, B = 1 */
#define SEL_BEYOND_GDT 0x100
#define GDT_ENTRIES 14

#define VEC_SYSCALL 0x80   /* DPL 3 interrupt gate */
#define VEC_USER_EXIT 0x81 /* DPL 3: back from run_user */
#define VEC_RING0_ONLY 0x82
#define VEC_NOT_PRESENT 0x50

#define SYSCALL_RESULT 0x80c0ffee
#define CALL_GATE_PARAM 0x1234abcd

#endif /* EXCP_H */
