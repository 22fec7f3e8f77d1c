/*
 * QMP, the QEMU Machine Protocol, over a character device (layer 4).
 *
 * A QMP monitor greets the peer when its chardev opens, waits for
 * qmp_capabilities, then runs commands and sends events.  Replies and
 * events are one JSON object per line ("\r\n"), shaped like QEMU 7.2's.
 * The application installs hooks for what the monitor cannot do itself
 * (quit, stop, cont, reset); without them the commands only update the
 * monitor's own run state and send the events.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <stdbool.h>

#include <json-glib/json-glib.h>

#include "chardev/char.h"
#include "opts/qemu-option.h"
#include "util/error.h"

/* Largest JSON value (bytes) one command may be; larger is an error. */
#define QMP_MAX_INPUT_SIZE (1024 * 1024)
/* Deepest nesting of objects and arrays in one command. */
#define QMP_MAX_NESTING 1024

/* Attach a QMP monitor to chr.  pretty: indented replies. */
bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);

/*
 * Attach an HMP monitor (the human monitor, "(qemu) " prompt, line
 * editing) to chr; a mux chardev shares it with the other front ends.
 */
bool monitor_init_hmp(Chardev *chr, Error **errp);

/*
 * -mon chardev=ID[,mode=readline|control][,pretty=on]: HMP (readline,
 * the default) or QMP (control, pretty for indented replies).
 */
bool monitor_init_opts(QemuOpts *mon_opts, Error **errp);

/* Detach and free every monitor. */
void monitor_cleanup(void);

/*
 * Send event name with data (a JSON object node, or NULL: no "data"
 * member) to every monitor past capabilities negotiation.  data is
 * borrowed.
 */
void qapi_event_send(const char *name, JsonNode *data);

/* What the application does for the commands that act on the VM. */
typedef struct MonitorHooks {
    void (*quit)(void *opaque);
    void (*stop)(void *opaque);
    void (*cont)(void *opaque);
    /*
     * system_reset: reset the machine (or, under the application's
     * policy, shut it down) and send what QEMU sends for it (RESET
     * {"guest": false, "reason": "host-qmp-system-reset"}, or SHUTDOWN).
     * Without this hook the command only sends RESET.
     */
    void (*system_reset)(void *opaque);
    /*
     * system_powerdown, after its POWERDOWN event: press the machine's
     * power button (ACPI), so the guest may shut down.
     */
    void (*system_powerdown)(void *opaque);
} MonitorHooks;

/*
 * hooks is copied; NULL members do nothing.  Hooks run inside the
 * monitor's read handler: they may request a main loop exit but must not
 * call monitor_cleanup() or remove the monitor's chardev.  quit runs
 * after its reply and the SHUTDOWN event are written.
 */
void monitor_set_hooks(const MonitorHooks *hooks, void *opaque);

/*
 * The run state query-status reports ("prelaunch", "running", "paused",
 * "shutdown", ...); "prelaunch" until set.  stop sets "paused", cont
 * "running".
 */
void monitor_set_run_state(const char *state);
const char *monitor_get_run_state(void);

/* What query-name and query-uuid report; NULL: none / all zeros. */
void monitor_set_vm_name(const char *name);
void monitor_set_vm_uuid(const char *uuid);

/* The JSON text of node the way QMP prints it (QEMU's spacing). */
char *qmp_to_json(JsonNode *node, bool pretty);

#endif /* MONITOR_MONITOR_H */
