/*
 * The x87 guest's cases (cases.c), built twice: into the guest (x87.c,
 * output on COM1, #MF through the IDT) and into host-check (host-check.c,
 * output on stdout, #MF as SIGFPE), whose lines are the reference: the
 * host's own x87 unit computing the same instructions.
 */
#ifndef GUESTS_X87_H
#define GUESTS_X87_H

#include <stdint.h>

/* An 80-bit register as FNSAVE and FLD m80 lay it out. */
typedef struct __attribute__((packed)) X87Reg {
    uint64_t mant;
    uint16_t exp;
} X87Reg;

/*
 * The FNSAVE image with a 32-bit operand size (Intel SDM vol. 1, 8.1.10,
 * figures 8-9 and 8-11): the 28-byte environment, then ST(0)-ST(7).
 */
typedef struct __attribute__((packed)) X87Save {
    uint32_t cw, sw, tw, fip, fcs_fop, fdp, fds;
    X87Reg st[8];
} X87Save;

/*
 * An unmasked exception taken at a waiting instruction (#MF in the
 * guest, SIGFPE on the host): how many, and the FPU's status word,
 * opcode and instruction and operand pointers at the first.  Each side's
 * handler then masks every exception and clears the pending ones (as
 * FNSTENV; FNCLEX would), and the faulting instruction is restarted.
 */
typedef struct X87Fault {
    uint32_t count;
    uint16_t sw, fop;
    uint64_t fip, fdp;
} X87Fault;

extern volatile X87Fault x87_fault;

/* Provided by each side: write a string to the output. */
void x87_puts(const char *s);

/*
 * Run every case.  One line per section ("x87: <section> <cases>
 * <fnv-1a of its lines>"), and with X87_VERBOSE each case's line as well
 * ("x87: <section> <inputs> = <state>").  X87_QEMU: only the sections
 * QEMU 7.2's softfloat x87 gets exactly (arithmetic of normal numbers in
 * every precision and rounding mode, stores, constants), with C1 (round
 * up), which it never sets, left out.  Returns the number of cases.
 */
#define X87_VERBOSE 1
#define X87_QEMU 2
uint32_t x87_run_cases(int flags);

#endif /* GUESTS_X87_H */
