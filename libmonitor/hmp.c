/*
 * HMP, the human monitor: a readline-style command line on a chardev,
 * and QMP's human-monitor-command, which runs one of its commands.
 */
#include "monitor-internal.h"

const QmpCommand qmp_commands_hmp[] = {
    {NULL},
};
