/*
 * The PC's pair of 8259A programmable interrupt controllers ("isa-i8259",
 * QEMU's type and properties), as integrated in the PIIX3: a master at
 * ports 0x20/0x21 with its edge/level control register (ELCR) at 0x4d0,
 * a slave at 0xa0/0xa1 with ELCR 0x4d1, the slave's INT on the master's
 * IR2.
 *
 * Each chip has 8 unnamed GPIO inputs (IR0-7) and one unnamed GPIO output,
 * its INT pin (I8259_GPIO_INT).  The board connects the master's INT to
 * the CPU side; the CPU (or its local APIC, as LINT0 in ExtINT mode)
 * acknowledges with pic_read_irq(), which returns the vector the 8259
 * pair puts on the bus during the INTA cycles.
 *
 * Properties: iobase, elcr_addr (uint32), elcr_mask (uint8: the ELCR bits
 * that exist, 0xf8 master / 0xde slave), master (bool).
 */
#ifndef DEVICES_I8259_H
#define DEVICES_I8259_H

#include "machine/irq.h"
#include "machine/isa.h"
#include "util/error.h"

#define TYPE_PIC_COMMON "pic-common"
#define TYPE_I8259 "isa-i8259"

/* The INT output: unnamed GPIO output 0 of each chip. */
#define I8259_GPIO_INT 0

/*
 * The master of the pair i8259_init() created last (QEMU's isa_pic), for
 * the interrupt acknowledge; NULL when there is none.
 */
extern DeviceState *isa_pic;

/*
 * Create the pair on bus as QEMU's i8259_init does (master then slave,
 * cascaded on IR2) and connect the master's INT to parent_irq (NULL:
 * unconnected).  Returns the 16 ISA inputs, IRQ n at index n (g_free the
 * array, not the lines: the chips own them), or NULL with errp set when
 * a chip refuses its properties (-global).
 */
qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq, Error **errp);

/*
 * The INTA cycles of the master pic (and through IR2 the slave): the
 * highest-priority request goes in service (or, with auto-EOI, only
 * rotates) and its vector is returned; with no request left, the
 * spurious IRQ 7 vector of the chip that was asked (IRQ 15 for the
 * slave), with no in-service bit set on that chip.
 */
int pic_read_irq(DeviceState *pic);

/* The level of pic's INT output (1: a request the CPU should take). */
int pic_get_output(DeviceState *pic);

#endif /* DEVICES_I8259_H */
