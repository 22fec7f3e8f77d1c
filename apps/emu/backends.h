/*
 * Backends and devices from the command line, in QEMU 7.2's order:
 * -chardev sets once the accelerator is configured, -serial (and
 * -nographic's default serial) ports, then -device after the board.
 */
#ifndef EMU_BACKENDS_H
#define EMU_BACKENDS_H

#include <stdbool.h>

/* -chardev, then the chardevs of -serial ("serial0", ...). */
bool emu_create_backends(void);
/* The COM ports of -serial, then every -device, once the board exists. */
bool emu_create_devices(void);

#endif /* EMU_BACKENDS_H */
