/*
 * The monitors of -mon/-qmp/-monitor (libmonitor), and the run state and
 * hooks through which QMP's quit/stop/cont/system_reset act on the VM.
 */
#ifndef EMU_MONITORS_H
#define EMU_MONITORS_H

#include <stdbool.h>

/* After the chardevs exist: one monitor per -mon set.  Reports errors. */
bool emu_create_monitors(void);
/* The VM starts running (or stays paused with -S). */
void emu_monitors_vm_started(bool running);
void emu_monitors_cleanup(void);

#endif /* EMU_MONITORS_H */
