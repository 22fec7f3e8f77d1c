/*
 * The smp guest: every CPU reports in on COM1.
 *
 * The BSP reads how many CPUs the machine has from fw_cfg
 * (FW_CFG_NB_CPUS) and starts the APs with the MP initialisation
 * sequence of the Intel SDM (vol. 3A, 8.4.4.1) from a trampoline it
 * copied below 1 MiB: INIT, 10 ms, SIPI, 1 ms (the SDM asks for at least
 * 200 us), SIPI, broadcast to all excluding self through its local APIC.
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
void ap_main(void);

extern const uint8_t ap_trampoline[], ap_trampoline_end[];
extern volatile uint32_t ap_next_stack;

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

/* ACPI PM timer: 3.579545 MHz, 24 bits, on the PIIX4 (see guest.h). */
#define ACPI_PM_TMR 8
#define PM_TMR_MASK 0xffffffu
#define PM_TICKS_PER_MS 3580u
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

static inline uint32_t inl(uint16_t port)
{
    uint32_t val;

    __asm__ volatile("inl %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" ::: "memory");
}

static uint32_t lapic_read(uint32_t reg)
{
    return *(volatile uint32_t *)(LAPIC_BASE + reg);
}

static void lapic_write(uint32_t reg, uint32_t val)
{
    *(volatile uint32_t *)(LAPIC_BASE + reg) = val;
}

static uint32_t apic_id(void)
{
    return lapic_read(LAPIC_ID) >> 24;
}

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
    serial_put_dec(apic_id());
    serial_puts(" up\n");
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
    unlock();
}

void ap_main(void)
{
    report_in();
    halt_forever();
}

static uint32_t pm_timer(void)
{
    return inl(GUEST_PM_BASE + ACPI_PM_TMR) & PM_TMR_MASK;
}

/*
 * Wait until cond() or ms milliseconds have passed; returns cond().
 * Ticks are summed between close reads, so the 24-bit timer's wrap
 * (every 4.7 s) does not matter.
 */
static int wait_ms(uint32_t ms, int (*cond)(void))
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

static uint32_t expected_cpus;

static int all_cpus_up(void)
{
    return cpus_up >= expected_cpus;
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

/* FW_CFG_NB_CPUS: a little-endian 16-bit count. */
static uint32_t fw_cfg_nb_cpus(void)
{
    uint32_t lo, hi;

    outw(FW_CFG_PORT_SEL, FW_CFG_NB_CPUS);
    lo = inb(FW_CFG_PORT_DATA);
    hi = inb(FW_CFG_PORT_DATA);
    return lo | hi << 8;
}

static void start_aps(void)
{
    volatile uint8_t *dst = (volatile uint8_t *)SMP_TRAMPOLINE_BASE;

    for (const uint8_t *p = ap_trampoline; p < ap_trampoline_end; p++) {
        *dst++ = *p;
    }
    /* An APIC that software disabled still sends IPIs; enable it anyway. */
    lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | LAPIC_SVR_ENABLE);
    send_ipi_all_but_self(ICR_INIT | ICR_LEVEL_ASSERT);
    wait_ms(10, 0);
    for (int i = 0; i < 2; i++) {
        send_ipi_all_but_self(ICR_STARTUP | ICR_LEVEL_ASSERT | SMP_SIPI_VECTOR);
        wait_ms(1, all_cpus_up);
    }
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
    /* The PM timer's I/O space (the same steps as acpi_poweroff). */
    pci_config_writel(PIIX4_PM_DEV, PIIX4_PM_FN, PIIX4_PMBA, GUEST_PM_BASE | 1);
    pci_config_writeb(PIIX4_PM_DEV, PIIX4_PM_FN, PIIX4_PMREGMISC, 1);

    report_in();
    if (expected_cpus > 1) {
        start_aps();
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
