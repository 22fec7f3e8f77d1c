/*
 * What the human monitor's files share: running one command line
 * (hmp-cmds.c) for a monitor on a chardev or for QMP's
 * human-monitor-command (hmp.c).
 */
#ifndef MONITOR_HMP_INTERNAL_H
#define MONITOR_HMP_INTERNAL_H

#include <stdbool.h>

#include "monitor-internal.h"
#include "readline.h"

typedef struct HmpContext {
    /* The command's output; lines end in "\n" (senders make it "\r\n"). */
    GString *out;
    /* The monitor's current CPU ("*" in info cpus); -1: the first. */
    int64_t cpu_index;
    /* The monitor's line editor (info history); NULL: none. */
    ReadLineState *rs;
    /*
     * Set by quit: the caller sends the output, then runs
     * hmp_quit_after() (the SHUTDOWN event, the application's hook).
     */
    bool quit;
} HmpContext;

/* Parse and run one command line as QEMU's monitor does. */
void hmp_handle_command(HmpContext *ctx, const char *cmdline);

/* What QMP's quit does once its reply is out. */
void hmp_quit_after(void);

/* Free every HMP monitor (monitor_cleanup's part for HMP). */
void hmp_monitors_cleanup(void);

#endif /* MONITOR_HMP_INTERNAL_H */
