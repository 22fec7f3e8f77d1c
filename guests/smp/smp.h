/*
 * What the smp guest's C and its AP trampoline share: where the
 * real-mode trampoline is copied, the GDT selectors it loads and the
 * AP stacks.
 */
#ifndef SMP_H
#define SMP_H

/*
 * Intel SDM vol. 3A, 8.4.4.1: a SIPI with vector V starts the AP in real
 * mode at V * 4 KiB.  0x8000 is conventional RAM in every e820 map (below
 * the EBDA) that neither emu's loader nor QEMU's uses.
 */
#define SMP_TRAMPOLINE_BASE 0x8000
#define SMP_SIPI_VECTOR (SMP_TRAMPOLINE_BASE >> 12)

/* The trampoline's flat GDT. */
#define SMP_CODE_SEL 0x08
#define SMP_DATA_SEL 0x10

/* At most this many CPUs (the BSP and SMP_MAX_CPUS - 1 APs). */
#define SMP_MAX_CPUS 16
#define SMP_AP_STACK_SIZE 1024

#endif /* SMP_H */
