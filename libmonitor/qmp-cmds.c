/*
 * QMP commands about the VM as a whole: version, run state, name, UUID,
 * reset and quit.  What acts on the VM goes through the application's
 * hooks (monitor_set_hooks).
 */
#include <string.h>

#include "monitor-internal.h"

static JsonNode *qmp_query_version(MonitorQMP *mon, JsonObject *args,
                                   Error **errp)
{
    return qmp_node_from_object(qmp_version_object());
}

static JsonNode *qmp_query_status(MonitorQMP *mon, JsonObject *args,
                                  Error **errp)
{
    JsonObject *obj = json_object_new();
    const char *state = monitor_get_run_state();

    json_object_set_string_member(obj, "status", state);
    json_object_set_boolean_member(obj, "singlestep", false);
    json_object_set_boolean_member(obj, "running", !strcmp(state, "running"));
    return qmp_node_from_object(obj);
}

/* QEMU's event comes before the reply (its main loop shuts down first). */
static JsonNode *qmp_quit(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    qmp_event_host("SHUTDOWN", "host-qmp-quit");
    return qmp_empty_return();
}

/* After the reply: the hook may end the process. */
static void quit_after(void)
{
    if (monitor_hooks()->quit) {
        monitor_hooks()->quit(monitor_hooks_opaque());
    }
}

static JsonNode *qmp_stop(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    if (strcmp(monitor_get_run_state(), "paused")) {
        if (monitor_hooks()->stop) {
            monitor_hooks()->stop(monitor_hooks_opaque());
        }
        monitor_set_run_state("paused");
        qapi_event_send("STOP", NULL);
    }
    return qmp_empty_return();
}

static JsonNode *qmp_cont(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    if (strcmp(monitor_get_run_state(), "running")) {
        if (monitor_hooks()->cont) {
            monitor_hooks()->cont(monitor_hooks_opaque());
        }
        monitor_set_run_state("running");
        qapi_event_send("RESUME", NULL);
    }
    return qmp_empty_return();
}

static JsonNode *qmp_query_name(MonitorQMP *mon, JsonObject *args,
                                Error **errp)
{
    JsonObject *obj = json_object_new();

    if (monitor_vm_name()) {
        json_object_set_string_member(obj, "name", monitor_vm_name());
    }
    return qmp_node_from_object(obj);
}

static JsonNode *qmp_query_uuid(MonitorQMP *mon, JsonObject *args,
                                Error **errp)
{
    JsonObject *obj = json_object_new();

    json_object_set_string_member(
        obj, "UUID", monitor_vm_uuid() ? monitor_vm_uuid() : "00000000-0000-0000-0000-000000000000");
    return qmp_node_from_object(obj);
}

static JsonNode *qmp_system_reset(MonitorQMP *mon, JsonObject *args,
                                  Error **errp)
{
    /* The hook reports the reset itself (it may become a shutdown). */
    if (monitor_hooks()->system_reset) {
        monitor_hooks()->system_reset(monitor_hooks_opaque());
    } else {
        qmp_event_host("RESET", "host-qmp-system-reset");
    }
    return qmp_empty_return();
}


const QmpCommand qmp_commands_vm[] = {
    {"query-version", qmp_query_version},
    {"query-status", qmp_query_status},
    {"quit", qmp_quit, .after = quit_after},
    {"stop", qmp_stop},
    {"cont", qmp_cont},
    {"query-name", qmp_query_name},
    {"query-uuid", qmp_query_uuid},
    {"system_reset", qmp_system_reset},
    {NULL},
};
