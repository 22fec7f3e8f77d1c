/*
 * What emu does with a parsed command line: -writeconfig, --dry-run, the
 * options that work without a machine (-d, -D), and one clear error for
 * the first option whose subsystem emu does not have yet.
 */
#ifndef EMU_STARTUP_H
#define EMU_STARTUP_H

#include "opts/cmdline.h"

typedef enum EmuVmState {
    EMU_VM_CREATED, /* the machine is built and reset, not yet running */
    EMU_VM_DONE,    /* nothing to run (-writeconfig, --dry-run): exit 0 */
    EMU_VM_FAILED,  /* an error was reported: exit 1 */
} EmuVmState;

/*
 * Everything before the run: the machine, accelerator, backends,
 * monitors and devices, then the system reset.  The fuzzers stop here
 * and drive the machine themselves.
 */
EmuVmState emu_vm_create(Cmdline *cl);
/* Run the created machine until an exit request; the exit status. */
int emu_vm_run(void);
/* emu_vm_create() then emu_vm_run(): the exit status. */
int emu_startup(Cmdline *cl);

#endif /* EMU_STARTUP_H */
