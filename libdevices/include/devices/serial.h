/*
 * isa-serial: the PC's COM ports, a 16550A UART on the ISA bus, with
 * QEMU's type name and properties.
 *
 *     -device isa-serial,chardev=charserial0,id=serial0
 *
 * Properties: index (0-3: COM1-COM4, which picks the defaults of iobase
 * and irq; given in creation order when unset), iobase, irq, chardev,
 * baudbase (115200: the 1.8432 MHz clock / 16) and wakeup.
 */
#ifndef DEVICES_SERIAL_H
#define DEVICES_SERIAL_H

#include "machine/isa.h"
#include "util/error.h"

#define TYPE_ISA_SERIAL "isa-serial"

/* COM1-COM4 (QEMU's MAX_ISA_SERIAL_PORTS). */
#define MAX_ISA_SERIAL_PORTS 4

/*
 * Create COM<index + 1> on bus with the chardev called chardev_id (NULL:
 * a port with nothing attached) and realize it, as QEMU's board does
 * for each -serial.  Returns the device (owned by the tree), or NULL
 * with errp set.
 */
ISADevice *isa_serial_create(ISABus *bus, int index, const char *chardev_id,
                             Error **errp);

#endif /* DEVICES_SERIAL_H */
