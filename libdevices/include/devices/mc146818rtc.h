/*
 * mc146818rtc: the PC's real-time clock and CMOS RAM (a Motorola
 * MC146818A), QEMU's ISA device: index port iobase (0x70), data port
 * iobase + 1, interrupt on ISA IRQ irq (8), 128 bytes of which 0x00-0x0d
 * are the clock's registers and the rest battery-backed RAM the
 * firmware keeps its settings in.  It keeps time on the -rtc clock
 * (devices/rtc.h) from the -rtc date.
 *
 * Properties: base_year (1980; the year register counts from it, 2000
 * meaning 0 as in QEMU), iobase, irq, lost_tick_policy (discard, or slew:
 * periodic interrupts the guest missed are delivered late).
 */
#ifndef DEVICES_MC146818RTC_H
#define DEVICES_MC146818RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/isa.h"
#include "util/error.h"

#define TYPE_MC146818_RTC "mc146818rtc"

/* The CMOS RAM's size, registers included. */
#define MC146818_CMOS_SIZE 128

/*
 * Create and realize an RTC on bus at the default ports, with base_year
 * (QEMU's mc146818_rtc_init).  Its interrupt goes to intercept_irq if
 * given (the HPET's legacy input), else to its ISA IRQ.  NULL + errp if
 * realize fails.
 */
ISADevice *mc146818_rtc_init(ISABus *bus, int base_year, qemu_irq intercept_irq,
                             Error **errp);

/*
 * The board's access to CMOS RAM, addr 0-127 (QEMU 7.2's names): what
 * the firmware finds there at power-on (memory size, boot order, ...).
 */
void rtc_set_memory(ISADevice *dev, int addr, int val);
int rtc_get_memory(ISADevice *dev, int addr);

/*
 * Bit 7 of the last value written to the index port: on a PC, NMIs are
 * masked while it is set.  The RTC ignores it and keeps it for the CPU
 * model; 0 (NMIs enabled) after reset.
 */
bool rtc_nmi_masked(ISADevice *dev);

#endif /* DEVICES_MC146818RTC_H */
