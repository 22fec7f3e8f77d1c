/*
 * What emu does with a parsed command line: -writeconfig, --dry-run, the
 * options that work without a machine (-d, -D), and one clear error for
 * the first option whose subsystem emu does not have yet.
 */
#ifndef EMU_STARTUP_H
#define EMU_STARTUP_H

#include "opts/cmdline.h"

/* Returns the exit status. */
int emu_startup(Cmdline *cl);

#endif /* EMU_STARTUP_H */
