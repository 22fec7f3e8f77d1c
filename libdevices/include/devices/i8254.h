/*
 * The PC's 8254 programmable interval timer ("isa-pit", QEMU's type and
 * properties): three 16-bit counters clocked at 1.193182 MHz, ports
 * 0x40-0x43.  Counter 0's OUT is IRQ 0 (unnamed GPIO output 0); counter
 * 1 was the DRAM refresh timer; counter 2 drives the speaker, with its
 * GATE and OUT on port 0x61 (devices/pcspk.h).  Counters 0 and 1 have
 * GATE tied high, as on the PIIX3.
 *
 * Unnamed GPIO input 0 enables counter 0's interrupt (high, the default)
 * or stops it (low): QEMU's line for the HPET's legacy replacement mode.
 *
 * Properties: iobase (uint32); lost_tick_policy ("delay", the default,
 * or "discard"): what IRQ 0 does when its timer runs late.
 */
#ifndef DEVICES_I8254_H
#define DEVICES_I8254_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/isa.h"
#include "util/error.h"

#define TYPE_PIT_COMMON "pit-common"
#define TYPE_I8254 "isa-pit"

/* The counters' input clock, Hz. */
#define PIT_FREQ 1193182

/* What port 0x61 and others see of a counter (QEMU's PITChannelInfo). */
typedef struct PITChannelInfo {
    int gate;
    int mode;          /* control word bits 3:1 as written */
    int initial_count; /* the count register, 1 to 65536 */
    int out;           /* the OUT pin now */
} PITChannelInfo;

/*
 * Create the PIT at base on bus, its OUT on ISA IRQ isa_irq, or on
 * alt_irq when isa_irq is negative (QEMU's i8254_pit_init: the HPET
 * takes it that way).  NULL with errp set if it refuses its properties.
 */
ISADevice *i8254_pit_init(ISABus *bus, int base, int isa_irq, qemu_irq alt_irq,
                          Error **errp);

/* Counter channel (0-2) of pit (a "pit-common") now. */
void pit_get_channel_info(ISADevice *pit, int channel, PITChannelInfo *info);

/* Drive counter channel's GATE input (0 or 1). */
void pit_set_gate(ISADevice *pit, int channel, int val);

#endif /* DEVICES_I8254_H */
