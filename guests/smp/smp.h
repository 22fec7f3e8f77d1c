/*
 * What the smp guest's C and its AP trampoline share: where the
 * real-mode trampoline is copied, the GDT selectors it loads and the
 * AP stacks.  For C, the AP start-up that the guests built with the
 * trampoline (smp, atomic, apic) share: local APIC access and
 * smp-start.c.
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

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Local APIC registers (Intel SDM vol. 3A, table 10-1). */
#define LAPIC_BASE 0xfee00000u
#define LAPIC_ID 0x20
#define LAPIC_SVR 0xf0
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_SVR_ENABLE (1u << 8)
/* ICR fields (SDM vol. 3A, 10.6.1). */
#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)
#define ICR_DELIVERY_PENDING (1u << 12)
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)

/* QEMU's fw_cfg I/O interface (docs/specs/fw_cfg.rst). */
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_NB_CPUS 0x05

/* trampoline.S: the real-mode code, and the next AP stack's index. */
extern const uint8_t ap_trampoline[], ap_trampoline_end[];
extern volatile uint32_t ap_next_stack;

/* Each guest's: where every AP arrives, on its own stack. */
void ap_main(void);

static inline uint32_t lapic_read(uint32_t reg)
{
    return *(volatile uint32_t *)(LAPIC_BASE + reg);
}

static inline void lapic_write(uint32_t reg, uint32_t val)
{
    *(volatile uint32_t *)(LAPIC_BASE + reg) = val;
}

static inline uint32_t lapic_id(void)
{
    return lapic_read(LAPIC_ID) >> 24;
}

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

/* smp-start.c */
int wait_ms(uint32_t ms, int (*cond)(void));
uint32_t fw_cfg_nb_cpus(void);
void smp_copy_trampoline(void);
void smp_start_aps(int (*all_up)(void));
#endif

#endif /* SMP_H */
