/*
 * Port 0x61 of the PC ("isa-pcspk", QEMU's PC speaker device): the
 * PIIX3's NMI status and control register as far as the speaker and the
 * PIT use it.  Bit 0 drives counter 2's GATE, bit 1 enables the speaker
 * data, bit 4 toggles with each DRAM refresh request (every 15.09 us of
 * virtual time), bit 5 shows counter 2's OUT.
 *
 * emu has no audio output: nothing is played, as with QEMU 7.2 without an
 * audiodev.  Setting the audiodev property is refused.
 *
 * Properties: iobase (0x61), audiodev (string), migrate (bool, kept for
 * QEMU's -global; emu does not migrate), pit (link<pit-common>, required).
 */
#ifndef DEVICES_PCSPK_H
#define DEVICES_PCSPK_H

#include "machine/isa.h"
#include "util/error.h"

#define TYPE_PC_SPEAKER "isa-pcspk"

/*
 * Create the speaker port on bus, reading and gating pit's counter 2;
 * NULL with errp set if it refuses its properties (-global).
 */
ISADevice *pcspk_init(ISABus *bus, ISADevice *pit, Error **errp);

#endif /* DEVICES_PCSPK_H */
