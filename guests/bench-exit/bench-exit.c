/*
 * The bench-exit guest: times exits to the emulator.  It performs
 * io=N port writes to the POST port 0x80 and mmio=M 32-bit reads of the
 * HPET's capability register (0xfed00000), each an exit to userspace
 * under KVM, and prints how many ACPI PM timer ticks (3.579545 MHz, on
 * the PIIX4 at 0x608) each loop took:
 *
 *     bench-exit: io 20000 ticks 123456
 *     bench-exit: mmio 20000 ticks 234567
 *
 * then leaves (guest_exit(0)).  bench/kvm-bench turns the ticks into
 * exits per second.  The PM timer counts 24 bits: it is read every
 * 256 exits, so that it cannot wrap unseen (4.7 s between reads).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define PORT80 0x80
#define HPET_CAP_ADDR 0xfed00000u

/* Ticks for n exits of kind mmio (else port writes). */
static uint32_t time_exits(uint32_t n, int mmio)
{
    volatile uint32_t *hpet = (volatile uint32_t *)HPET_CAP_ADDR;
    uint32_t last = pm_timer(), ticks = 0;

    for (uint32_t i = 0; i < n; i++) {
        if (mmio) {
            (void)*hpet;
        } else {
            outb(PORT80, (uint8_t)i);
        }
        if ((i & 255) == 255) {
            uint32_t now = pm_timer();

            ticks += (now - last) & PM_TMR_MASK;
            last = now;
        }
    }
    ticks += (pm_timer() - last) & PM_TMR_MASK;
    return ticks;
}

static void report(const char *what, uint32_t n, uint32_t ticks)
{
    serial_puts("bench-exit: ");
    serial_puts(what);
    serial_putc(' ');
    serial_put_dec(n);
    serial_puts(" ticks ");
    serial_put_dec(ticks);
    serial_putc('\n');
}

void guest_main(uint32_t magic, uint32_t info)
{
    const char *cmdline = multiboot_cmdline(magic, info);
    uint32_t io = cmdline_uint(cmdline, "io", 10000);
    uint32_t mmio = cmdline_uint(cmdline, "mmio", 10000);

    pm_io_enable();
    report("io", io, time_exits(io, 0));
    report("mmio", mmio, time_exits(mmio, 1));
    guest_exit(0);
}
