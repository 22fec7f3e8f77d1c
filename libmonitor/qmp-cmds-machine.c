/*
 * QMP commands about the machine's parts: devices added and removed at
 * run time, CPUs, the accelerator, and the power button.
 */
#include "monitor-internal.h"

const QmpCommand qmp_commands_machine[] = {
    {NULL},
};
