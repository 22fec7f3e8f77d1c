/*
 * The smp guest: every CPU reports in on COM1.
 *
 * The BSP reads how many CPUs the machine has from fw_cfg
 * (FW_CFG_NB_CPUS) and starts the APs with the MP initialisation
 * sequence of the Intel SDM (vol. 3A, 8.4.4.1) from a trampoline it
 * copied below 1 MiB: INIT, 10 ms, SIPI, 1 ms (the SDM asks for at least
 * 200 us), SIPI, broadcast to all excluding self through its local APIC
 * (smp-start.c, which the atomic and apic guests share).
 * Each AP reaches ap_main() in protected mode on a stack of its own,
 * prints "smp: cpu N up" (N its APIC ID) under a spin lock, counts itself
 * in and halts.  The BSP waits, bounded
 * by the ACPI PM timer, until every CPU is in, then prints "smp: N cpus"
 * and leaves (guest_exit(0)); if some are missing after the timeout it
 * prints "smp: timeout, M of N cpus" and leaves with 1.
 *
 * With "resets=N" on its command line (-append resets=3) the BSP then
 * resets the machine through the PIIX3's 0xcf9, N times (a mark at 3 MiB
 * counts them, as in the triple guest), and after each reset starts the
 * APs again, which shows the reset put them back to waiting for INIT and
 * SIPI.
 */
#include <stdint.h>

#include "guest.h"
#include "smp.h"

void guest_main(uint32_t magic, uint32_t info);

/* How long the BSP waits for the APs: generous for a loaded host. */
#define AP_TIMEOUT_MS 10000u

/* The mark, then how many resets are left (above the image). */
#define RESET_MARK_ADDR 0x300000
#define RESET_MARK 0x504d5352 /* "RSMP" */
/* Intel 82371SB (PIIX3) datasheet, 2.3.1: SRST | RCPU, a hard reset. */
#define PIIX_RCR_PORT 0xcf9
#define PIIX_RCR_HARD_RESET 0x06

static volatile uint32_t print_lock;
static volatile uint32_t cpus_up;

static void lock(void)
{
    while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE)) {
        while (print_lock) {
            cpu_relax();
        }
    }
}

static void unlock(void)
{
    __atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

/* "smp: cpu N up", then count this CPU in. */
static void report_in(void)
{
    lock();
    serial_puts("smp: cpu ");
    serial_put_dec(lapic_id());
    serial_puts(" up\n");
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
    unlock();
}

void ap_main(void)
{
    report_in();
    halt_forever();
}

static uint32_t expected_cpus;

static int all_cpus_up(void)
{
    return cpus_up >= expected_cpus;
}

static int fw_cfg_present(void)
{
    static const char sig[] = "QEMU";

    outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
    for (int i = 0; i < 4; i++) {
        if (inb(FW_CFG_PORT_DATA) != (uint8_t)sig[i]) {
            return 0;
        }
    }
    return 1;
}

void guest_main(uint32_t magic, uint32_t info)
{
    volatile uint32_t *mark = (volatile uint32_t *)RESET_MARK_ADDR;
    const char *cmdline = multiboot_cmdline(magic, info);
    uint32_t resets;

    if (mark[0] == RESET_MARK) {
        resets = mark[1];
        serial_puts("smp: booted again after the reset\n");
    } else {
        resets = cmdline_uint(cmdline, "resets", 0);
    }
    mark[0] = 0;
    if (!fw_cfg_present()) {
        serial_puts("smp: no fw_cfg\n");
        guest_exit(1);
    }
    expected_cpus = fw_cfg_nb_cpus();
    if (expected_cpus < 1 || expected_cpus > SMP_MAX_CPUS) {
        serial_puts("smp: unsupported cpu count ");
        serial_put_dec(expected_cpus);
        serial_putc('\n');
        guest_exit(1);
    }
    /* RAM keeps the last boot's values across a reset. */
    print_lock = 0;
    cpus_up = 0;
    ap_next_stack = 0;
    pm_io_enable();

    report_in();
    if (expected_cpus > 1) {
        smp_start_aps(all_cpus_up);
    }
    if (!wait_ms(AP_TIMEOUT_MS, all_cpus_up)) {
        lock();
        serial_puts("smp: timeout, ");
        serial_put_dec(cpus_up);
        serial_puts(" of ");
        serial_put_dec(expected_cpus);
        serial_puts(" cpus\n");
        unlock();
        guest_exit(1);
    }
    lock();
    serial_puts("smp: ");
    serial_put_dec(cpus_up);
    serial_puts(" cpus\n");
    unlock();
    if (resets) {
        mark[0] = RESET_MARK;
        mark[1] = resets - 1;
        serial_puts("smp: resetting through 0xcf9\n");
        outb(PIIX_RCR_PORT, PIIX_RCR_HARD_RESET);
        halt_forever();
    }
    guest_exit(0);
}
