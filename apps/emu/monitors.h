/*
 * The monitors of -mon/-qmp/-monitor (libmonitor), the run state and
 * hooks through which QMP's quit/stop/cont/system_reset act on the VM,
 * and what a guest's pvpanic report does (-action panic=, QEMU's
 * GUEST_PANICKED / GUEST_CRASHLOADED events).
 */
#ifndef EMU_MONITORS_H
#define EMU_MONITORS_H

#include <stdbool.h>

/*
 * After the chardevs exist: one monitor per -mon set, and the -action
 * policy (refusing what emu cannot do yet).  Reports errors.
 */
bool emu_create_monitors(void);
/* The VM starts running (or stays paused with -S). */
void emu_monitors_vm_started(bool running);
void emu_monitors_cleanup(void);

#endif /* EMU_MONITORS_H */
