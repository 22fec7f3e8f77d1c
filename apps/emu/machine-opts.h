/*
 * From the parsed option groups to the machine: what QEMU 7.2's
 * qemu_init() does between parsing and the board init, in the machine
 * core's calling order (machine/boards.h), with QEMU's messages.
 *
 * libmachine knows no option parsing and libopts knows no QOM; this is
 * where the option lists become select_machine()'s name, -machine
 * properties, MemorySizeConfiguration, SMPConfiguration, the -cpu
 * string and the AccelOptions of configure_accelerators().
 */
#ifndef EMU_MACHINE_OPTS_H
#define EMU_MACHINE_OPTS_H

#include <stdbool.h>

#include "machine/boards.h"
#include "opts/cmdline.h"

/*
 * QEMU's checks of the machine options made before any machine exists
 * (qemu_validate_options): -append and -initrd need -kernel.  Reports
 * and returns false on error.
 */
bool emu_validate_machine_options(void);

/*
 * Select and create the machine, then apply -smp, -m, the -machine
 * keys, -boot and -cpu.  Reports the first error (QEMU's text, no
 * location, as QEMU 7.2 prints these) and returns NULL.
 */
MachineState *emu_create_machine(Cmdline *cl);

/*
 * Start the accelerator from -accel, -machine accel= (-enable-kvm), or
 * the default; exits with QEMU's message when none can be started.
 */
void emu_configure_accelerators(MachineState *ms, const char *progname);

#endif /* EMU_MACHINE_OPTS_H */
