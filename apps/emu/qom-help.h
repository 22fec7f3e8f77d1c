/*
 * The help that the QOM type registry answers: "-machine help",
 * "-cpu help", "-device help", "-device DRIVER,help", "-accel help",
 * "-object help" and -list-types, in QEMU's layout.  libopts hands these
 * back (CMDLINE_HELP) because it knows nothing of QOM.
 */
#ifndef EMU_QOM_HELP_H
#define EMU_QOM_HELP_H

#include <stdbool.h>

/* Every registered type as a tree under its root types. */
void emu_list_types(void);

/*
 * Help asked of option group ("machine", "cpu", "device", "accel",
 * "object") with argument arg ("help", "DRIVER,help", ...).  Returns the
 * exit status: 0, or 1 after reporting an unknown type.
 */
int emu_qom_help(const char *group, const char *arg);

#endif /* EMU_QOM_HELP_H */
