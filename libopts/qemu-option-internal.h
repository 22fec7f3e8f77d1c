/*
 * What config-file.c needs from qemu-option.c and nothing else does.
 */
#ifndef LIBOPTS_QEMU_OPTION_INTERNAL_H
#define LIBOPTS_QEMU_OPTION_INTERNAL_H

#include "opts/qemu-option.h"

/* The registered lists in registration order, NULL-terminated. */
QemuOptsList **qemu_opts_registered_lists(void);

/* How many values opts holds, and drop all but the first n of them. */
unsigned qemu_opts_count_values(QemuOpts *opts);
void qemu_opts_truncate_values(QemuOpts *opts, unsigned n);

#endif /* LIBOPTS_QEMU_OPTION_INTERNAL_H */
