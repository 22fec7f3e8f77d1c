/*
 * The PC's keyboard controller and the fast A20/reset port, QEMU's ISA
 * types:
 *
 *   i8042   the 8042 keyboard controller: data port 0x60, status and
 *           command port 0x64, keyboard interrupt kbd-irq (1) and mouse
 *           interrupt mouse-irq (12), with a PS/2 keyboard and mouse
 *           behind it (devices/ps2.h; QOM children "ps2kbd" and
 *           "ps2mouse").  Its output port drives the A20 gate (named
 *           GPIO output "a20") and the reset line: command 0xfe, or
 *           output port bit 0 written 0, asks for a system reset
 *           (machine/reset.h, QMP's RESET event with reason
 *           "guest-reset").  Properties: extended-state (bool, on;
 *           off, as pc-i440fx-6.0 and older have it, keeps delivering
 *           the bytes of a keyboard or mouse the command byte disabled),
 *           kbd-throttle (bool, off: at most one keyboard byte per
 *           millisecond of virtual time), kbd-irq, mouse-irq (0-15).
 *   port92  port 0x92 ("System Control Port A"): bit 1 drives the A20
 *           gate (named GPIO output "a20"), writing bit 0 as 1 asks for
 *           a system reset.
 *
 * The board connects both "a20" outputs to the CPU's A20 state; emu's
 * memory does not mask address bit 20 yet (the CPU issues do).
 */
#ifndef DEVICES_I8042_H
#define DEVICES_I8042_H

#include "machine/irq.h"
#include "machine/isa.h"

#define TYPE_I8042 "i8042"
#define TYPE_PORT92 "port92"

#define I8042_A20_LINE "a20"
#define PORT92_A20_LINE "a20"

/* Connect the i8042's A20 output to a20_out (QEMU's helper). */
void i8042_setup_a20_line(ISADevice *dev, qemu_irq a20_out);

#endif /* DEVICES_I8042_H */
