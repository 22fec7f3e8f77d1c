/*
 * -smbios and -uuid: into libdevices' SMBIOS configuration
 * (devices/smbios.h), in command-line order as QEMU 7.2 applies them
 * while parsing (the UUID is the last one -uuid or -smbios type=1,uuid=
 * gave), before any machine exists.
 */
#ifndef EMU_SMBIOS_OPTS_H
#define EMU_SMBIOS_OPTS_H

#include <stdbool.h>

#include "opts/cmdline.h"

/* Reports the first error (with the option's location) and returns false. */
bool emu_apply_smbios_options(Cmdline *cl);

#endif /* EMU_SMBIOS_OPTS_H */
