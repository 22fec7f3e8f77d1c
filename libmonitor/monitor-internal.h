/*
 * What the monitor's files share: the QMP monitor state, the command
 * table shape, reply helpers and the VM facts the monitor reports.
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "chardev/char-fe.h"
#include "monitor/monitor.h"

typedef enum QmpErrorClass {
    QMP_ERROR_GENERIC,
    QMP_ERROR_COMMAND_NOT_FOUND,
    QMP_ERROR_DEVICE_NOT_FOUND,
} QmpErrorClass;

typedef struct MonitorQMP {
    CharBackend be;
    bool pretty;
    bool negotiated;
    /* The value being framed. */
    GString *buf;
    int depth;
    bool in_string;
    bool escape;
    /* A top-level scalar (number, literal) is being read. */
    bool scalar;
    /* After a too large or too deep value: drop input up to a newline. */
    bool skip_line;
    /* The class of the error a command handler returns. */
    QmpErrorClass err_class;
    /* Output the backend has not taken yet, and the watch waiting on it. */
    GString *outbuf;
    guint out_watch;
} MonitorQMP;

typedef enum ArgType {
    ARG_STRING,
    ARG_BOOL,
    ARG_INT,
    ARG_ARRAY,
    ARG_ANY,
} ArgType;

typedef struct ArgDesc {
    const char *name;
    ArgType type;
    bool optional;
} ArgDesc;

/*
 * Returns the reply's "return" value, or NULL with *errp set.  mon is
 * NULL when HMP runs the command on its own behalf.
 */
typedef JsonNode *QmpHandler(MonitorQMP *mon, JsonObject *args, Error **errp);

typedef struct QmpCommand {
    const char *name;
    QmpHandler *fn;
    ArgDesc args[8];
    /* Members beyond args are the handler's to check (device_add). */
    bool extra_args;
    /* Runs once the reply is out. */
    void (*after)(void);
} QmpCommand;

/* The command tables, each ended by an entry with a NULL name. */
extern const QmpCommand qmp_commands_vm[];  /* qmp-cmds.c */
extern const QmpCommand qmp_commands_qom[]; /* qmp-cmds-qom.c */
extern const QmpCommand qmp_commands_machine[]; /* qmp-cmds-machine.c */
extern const QmpCommand qmp_commands_hmp[]; /* hmp.c */

/* The command called name in any table, or NULL. */
const QmpCommand *qmp_find_command(const char *name);

/*
 * Run command name with args (NULL: none) outside any monitor, checking
 * the arguments as the wire does; its "return" value or NULL with *errp.
 */
JsonNode *qmp_run_command(const char *name, JsonObject *args, Error **errp);

/* The class of the error the running handler is about to return. */
void qmp_set_error_class(MonitorQMP *mon, QmpErrorClass cls);

/* The application's hooks (members may be NULL) and their opaque. */
const MonitorHooks *monitor_hooks(void);
void *monitor_hooks_opaque(void);

/* What -name guest= and -uuid set; NULL when unset. */
const char *monitor_vm_name(void);
const char *monitor_vm_uuid(void);

/* Reply helpers: a node owning obj, and {}. */
JsonNode *qmp_node_from_object(JsonObject *obj);
JsonNode *qmp_empty_return(void);
/* {"qemu": {"micro", "minor", "major"}, "package"} */
JsonObject *qmp_version_object(void);
/* Send event name with data {"guest": false, "reason": reason}. */
void qmp_event_host(const char *name, const char *reason);

/* Free every QMP monitor (monitor_cleanup's part for QMP). */
void qmp_monitors_cleanup(void);

/*
 * qmp-cmds-machine.c: start (idempotent) and stop sending the events
 * libmachine reports (DEVICE_DELETED).
 */
void qmp_machine_events_init(void);
void qmp_machine_events_cleanup(void);

#endif /* MONITOR_INTERNAL_H */
