/*
 * QMP commands about the machine's parts: devices added and removed at
 * run time, CPUs, the accelerator, and the power button; and the
 * DEVICE_DELETED event.  Shapes and texts are QEMU 7.2's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "machine/accel.h"
#include "machine/boards.h"
#include "machine/cpu.h"
#include "machine/hotplug.h"
#include "machine/qdev-properties.h"
#include "monitor-internal.h"

/* QEMU's TARGET_NAME: emu emulates x86-64 only. */
#define QMP_TARGET_NAME "x86_64"

/* ---- query-cpus-fast ---- */

/*
 * The CPU's place in the machine's topology (QEMU takes it from the
 * machine's possible CPUs, by cpu_index); NULL when the board has none.
 * Members in the order QEMU 7.2 prints them (its dictionary's).
 */
static JsonObject *cpu_instance_props(CPUState *cpu)
{
    MachineState *ms = current_machine;
    const CPUArchIdList *possible;
    const CpuInstanceProperties *p;
    JsonObject *props;

    if (!ms || !MACHINE_GET_CLASS(ms)->possible_cpu_arch_ids) {
        return NULL;
    }
    possible = MACHINE_GET_CLASS(ms)->possible_cpu_arch_ids(ms);
    if (cpu->cpu_index < 0 || cpu->cpu_index >= possible->len) {
        return NULL;
    }
    p = &possible->cpus[cpu->cpu_index].props;
    props = json_object_new();
    if (p->has_core_id) {
        json_object_set_int_member(props, "core-id", p->core_id);
    }
    if (p->has_thread_id) {
        json_object_set_int_member(props, "thread-id", p->thread_id);
    }
    if (p->has_node_id) {
        json_object_set_int_member(props, "node-id", p->node_id);
    }
    if (p->has_die_id) {
        json_object_set_int_member(props, "die-id", p->die_id);
    }
    if (p->has_socket_id) {
        json_object_set_int_member(props, "socket-id", p->socket_id);
    }
    if (p->has_cluster_id) {
        json_object_set_int_member(props, "cluster-id", p->cluster_id);
    }
    return props;
}

/*
 * The host thread that runs the vCPU: the accelerator's vCPU thread once
 * one records it in CPUState.thread_id.  The qtest accelerator has none:
 * the main loop thread, which runs this command, does the CPU's accesses.
 */
static int64_t cpu_host_thread_id(CPUState *cpu)
{
    return cpu->thread_id ? cpu->thread_id : (int64_t)syscall(SYS_gettid);
}

static JsonNode *qmp_query_cpus_fast(MonitorQMP *mon, JsonObject *args,
                                     Error **errp)
{
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_alloc();
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        JsonObject *info = json_object_new();
        JsonObject *props = cpu_instance_props(cpu);
        g_autofree char *path = object_get_canonical_path(OBJECT(cpu));

        json_object_set_int_member(info, "thread-id", cpu_host_thread_id(cpu));
        if (props) {
            json_object_set_object_member(info, "props", props);
        }
        json_object_set_string_member(info, "qom-path", path ? path : "");
        json_object_set_int_member(info, "cpu-index", cpu->cpu_index);
        json_object_set_string_member(info, "target", QMP_TARGET_NAME);
        json_array_add_object_element(list, info);
    }
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

/* ---- query-kvm ---- */

/*
 * present: a KVM accelerator is built in (registered); enabled: it is the
 * one running.  Both come from the accelerator types, so KVM's arrival
 * needs no change here.
 */
static JsonNode *qmp_query_kvm(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    JsonObject *obj = json_object_new();
    AccelState *accel = current_accel();

    json_object_set_boolean_member(
        obj, "enabled",
        accel && object_dynamic_cast(OBJECT(accel), ACCEL_CLASS_NAME("kvm")));
    json_object_set_boolean_member(obj, "present", accel_find("kvm") != NULL);
    return qmp_node_from_object(obj);
}

/* ---- x-query-jit ---- */

static JsonNode *qmp_x_query_jit(MonitorQMP *mon, JsonObject *args,
                                 Error **errp)
{
    AccelState *accel = current_accel();
    AccelClass *ac = accel ? ACCEL_GET_CLASS(accel) : NULL;
    g_autoptr(GString) buf = g_string_new(NULL);
    JsonObject *obj;

    if (!ac || !ac->dump_jit_info) {
        /* QEMU 7.2's words. */
        error_setg(errp, "JIT information is only available with accel=tcg");
        return NULL;
    }
    ac->dump_jit_info(accel, buf);
    obj = json_object_new();
    json_object_set_string_member(obj, "human-readable-text", buf->str);
    return qmp_node_from_object(obj);
}

/* ---- system_powerdown ---- */

static JsonNode *qmp_system_powerdown(MonitorQMP *mon, JsonObject *args,
                                      Error **errp)
{
    /* QEMU sends the event, then presses the button. */
    qapi_event_send("POWERDOWN", NULL);
    if (monitor_hooks()->system_powerdown) {
        monitor_hooks()->system_powerdown(monitor_hooks_opaque());
    }
    return qmp_empty_return();
}

/* ---- device_add / device_del ---- */

/*
 * A device_add member as QEMU 7.2 passes it on (through QemuOpts): the
 * string itself, a number in decimal, a bool as on/off; NULL for what it
 * drops (objects, arrays, null).
 */
static char *device_add_value(JsonNode *node)
{
    if (!JSON_NODE_HOLDS_VALUE(node)) {
        return NULL;
    }
    switch (json_node_get_value_type(node)) {
    case G_TYPE_STRING:
        return g_strdup(json_node_get_string(node));
    case G_TYPE_INT64:
        return g_strdup_printf("%" PRId64, json_node_get_int(node));
    case G_TYPE_DOUBLE:
        return g_strdup_printf("%.17g", json_node_get_double(node));
    case G_TYPE_BOOLEAN:
        return g_strdup(json_node_get_boolean(node) ? "on" : "off");
    default:
        return NULL;
    }
}

/* The arguments are the device's: driver, id, bus and any property. */
static JsonNode *qmp_device_add(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *driver = NULL;
    const char *id = NULL;
    JsonObjectIter it;
    const char *key;
    JsonNode *member;
    DeviceState *dev;

    json_object_iter_init_ordered(&it, args);
    while (json_object_iter_next_ordered(&it, &key, &member)) {
        char *value;

        if (!strcmp(key, "id")) {
            /* QEMU takes an id only from a string; anything else: none. */
            if (JSON_NODE_HOLDS_VALUE(member) &&
                json_node_get_value_type(member) == G_TYPE_STRING) {
                id = json_node_get_string(member);
            }
            continue;
        }
        value = device_add_value(member);
        if (!value) {
            continue;
        }
        if (!strcmp(key, "driver")) {
            g_free(driver);
            driver = value;
            continue;
        }
        g_ptr_array_add(props, g_strdup(key));
        g_ptr_array_add(props, value);
    }
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    g_ptr_array_add(props, NULL);
    dev = qdev_device_add_hotplug(driver, id, (const char *const *)props->pdata,
                                  errp);
    if (!dev) {
        return NULL;
    }
    object_unref(OBJECT(dev));
    return qmp_empty_return();
}

/*
 * device_del's id: a QOM path, absolute or relative to
 * /machine/peripheral (QEMU's object_resolve_path_at(), no partial match).
 */
static Object *device_del_find(const char *id)
{
    g_auto(GStrv) parts = g_strsplit(id, "/", 0);
    Object *obj;

    if (id[0] == '/') {
        obj = object_get_root();
    } else {
        obj = qdev_get_machine();
        obj = obj ? object_resolve_path_component(obj, "peripheral") : NULL;
    }
    for (char **p = parts; obj && *p; p++) {
        if (**p) {
            obj = object_resolve_path_component(obj, *p);
        }
    }
    return obj;
}

static JsonNode *qmp_device_del(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    const char *id = json_object_get_string_member(args, "id");
    Object *obj = device_del_find(id);
    DeviceState *dev;

    if (!obj) {
        qmp_set_error_class(mon, QMP_ERROR_DEVICE_NOT_FOUND);
        error_setg(errp, "Device '%s' not found", id);
        return NULL;
    }
    dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    if (!dev) {
        error_setg(errp, "%s is not a hotpluggable device", id);
        return NULL;
    }
    if (dev->pending_deleted_event) {
        error_setg(errp, "Device %s is already in the process of unplug", id);
        return NULL;
    }
    if (!qdev_unplug(dev, errp)) {
        return NULL;
    }
    return qmp_empty_return();
}

/* ---- DEVICE_DELETED ---- */

/* {"device": ID (when it has one), "path": QOM path}, as QEMU 7.2. */
static void device_deleted(DeviceDeletedListener *listener, const char *id,
                           const char *path)
{
    JsonObject *data = json_object_new();
    JsonNode *node;

    if (id) {
        json_object_set_string_member(data, "device", id);
    }
    json_object_set_string_member(data, "path", path);
    node = qmp_node_from_object(data);
    qapi_event_send("DEVICE_DELETED", node);
    json_node_unref(node);
}

static DeviceDeletedListener device_deleted_listener = {
    .deleted = device_deleted,
};
static bool listening;

void qmp_machine_events_init(void)
{
    if (!listening) {
        qdev_add_deleted_listener(&device_deleted_listener);
        listening = true;
    }
}

void qmp_machine_events_cleanup(void)
{
    if (listening) {
        qdev_remove_deleted_listener(&device_deleted_listener);
        listening = false;
    }
}

const QmpCommand qmp_commands_machine[] = {
    {"query-cpus-fast", qmp_query_cpus_fast},
    {"query-kvm", qmp_query_kvm},
    {"x-query-jit", qmp_x_query_jit},
    {"system_powerdown", qmp_system_powerdown},
    /* Like QEMU's (no schema check): every member is the handler's. */
    {"device_add", qmp_device_add, .extra_args = true},
    {"device_del", qmp_device_del, {{"id", ARG_STRING}}},
    {NULL},
};
