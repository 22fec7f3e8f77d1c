/*
 * Starting the application processors, shared by the guests built with
 * smp/trampoline.S (smp, atomic, apic): the CPU count from fw_cfg, the
 * trampoline copied below 1 MiB and the MP initialisation sequence of
 * the Intel SDM (vol. 3A, 8.4.4.1), with waits timed by the PM timer.
 */
#include <stdint.h>

#include "guest.h"
#include "smp.h"

/*
 * Wait until cond() or ms milliseconds have passed; returns cond().
 * Ticks are summed between close reads, so the 24-bit timer's wrap
 * (every 4.7 s) does not matter.  Needs pm_io_enable().
 */
int wait_ms(uint32_t ms, int (*cond)(void))
{
    uint32_t last = pm_timer(), elapsed = 0;

    while (elapsed < ms * PM_TICKS_PER_MS) {
        uint32_t now;

        if (cond && cond()) {
            return 1;
        }
        cpu_relax();
        now = pm_timer();
        elapsed += (now - last) & PM_TMR_MASK;
        last = now;
    }
    return cond && cond();
}

/* FW_CFG_NB_CPUS: a little-endian 16-bit count. */
uint32_t fw_cfg_nb_cpus(void)
{
    uint32_t lo, hi;

    outw(FW_CFG_PORT_SEL, FW_CFG_NB_CPUS);
    lo = inb(FW_CFG_PORT_DATA);
    hi = inb(FW_CFG_PORT_DATA);
    return lo | hi << 8;
}

/* Where a SIPI with SMP_SIPI_VECTOR starts the APs. */
void smp_copy_trampoline(void)
{
    volatile uint8_t *dst = (volatile uint8_t *)SMP_TRAMPOLINE_BASE;

    for (const uint8_t *p = ap_trampoline; p < ap_trampoline_end; p++) {
        *dst++ = *p;
    }
}

/* Send an IPI to every other CPU, and wait until the APIC took it. */
static void send_ipi_all_but_self(uint32_t icr)
{
    lapic_write(LAPIC_ICR_HI, 0);
    lapic_write(LAPIC_ICR_LO, ICR_ALL_BUT_SELF | icr);
    for (int i = 0; i < 1000; i++) {
        if (!(lapic_read(LAPIC_ICR_LO) & ICR_DELIVERY_PENDING)) {
            break;
        }
        cpu_relax();
    }
}

/*
 * INIT, 10 ms, SIPI, 1 ms (the SDM asks for at least 200 us), SIPI,
 * broadcast to all excluding self; the waits after the SIPIs end early
 * once all_up().
 */
void smp_start_aps(int (*all_up)(void))
{
    smp_copy_trampoline();
    /* An APIC that software disabled still sends IPIs; enable it anyway. */
    lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | LAPIC_SVR_ENABLE);
    send_ipi_all_but_self(ICR_INIT | ICR_LEVEL_ASSERT);
    wait_ms(10, 0);
    for (int i = 0; i < 2; i++) {
        send_ipi_all_but_self(ICR_STARTUP | ICR_LEVEL_ASSERT | SMP_SIPI_VECTOR);
        wait_ms(1, all_up);
    }
}
