/*
 * QMP commands that look into the object model: qom-list/get/set, the
 * type and machine lists, device properties and the chardevs.
 */
#include <string.h>

#include "machine/boards.h"
#include "machine/qdev-core.h"
#include "monitor-internal.h"
#include "monitor/qmp-visitor.h"
#include "qom/object.h"

/* The object at path, or NULL with the error set as QEMU words it. */
static Object *resolve_path(MonitorQMP *mon, const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (obj) {
        return obj;
    }
    if (ambiguous) {
        error_setg(errp, "Path '%s' is ambiguous", path);
    } else {
        qmp_set_error_class(mon, QMP_ERROR_DEVICE_NOT_FOUND);
        error_setg(errp, "Device '%s' not found", path);
    }
    return NULL;
}

static JsonNode *qmp_qom_list(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    Object *obj = resolve_path(
        mon, json_object_get_string_member(args, "path"), errp);
    ObjectPropertyIterator it;
    ObjectProperty *prop;
    JsonArray *list;
    JsonNode *node;

    if (!obj) {
        return NULL;
    }
    list = json_array_new();
    object_property_iter_init(&it, obj);
    while ((prop = object_property_iter_next(&it))) {
        JsonObject *info = json_object_new();

        json_object_set_string_member(info, "name", prop->name);
        json_object_set_string_member(info, "type", prop->type);
        json_array_add_object_element(list, info);
    }
    node = json_node_alloc();
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

static JsonNode *qmp_qom_get(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    Object *obj = resolve_path(
        mon, json_object_get_string_member(args, "path"), errp);
    Visitor *v;
    JsonNode *ret = NULL;

    if (!obj) {
        return NULL;
    }
    v = qmp_output_visitor_new();
    if (object_property_get(obj,
                            json_object_get_string_member(args, "property"),
                            v, errp)) {
        visit_complete(v, &ret);
        if (!ret) {
            ret = json_node_init_null(json_node_alloc());
        }
    }
    visit_free(v);
    return ret;
}

static JsonNode *qmp_qom_set(MonitorQMP *mon, JsonObject *args, Error **errp)
{
    Object *obj = resolve_path(
        mon, json_object_get_string_member(args, "path"), errp);
    Visitor *v;
    bool ok;

    if (!obj) {
        return NULL;
    }
    v = qmp_input_visitor_new(json_object_get_member(args, "value"));
    ok = object_property_set(obj,
                             json_object_get_string_member(args, "property"),
                             v, errp);
    visit_free(v);
    return ok ? qmp_empty_return() : NULL;
}

static int chardev_info(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);
    JsonObject *info;

    if (!chr) {
        return 0;
    }
    info = json_object_new();
    json_object_set_boolean_member(info, "frontend-open",
                                   chr->be && chr->be->fe_open);
    json_object_set_string_member(info, "filename",
                                  chr->filename ? chr->filename : "");
    json_object_set_string_member(info, "label", chr->label);
    json_array_add_object_element(opaque, info);
    return 0;
}

static JsonNode *qmp_query_chardev(MonitorQMP *mon, JsonObject *args,
                                   Error **errp)
{
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_alloc();

    object_child_foreach(get_chardevs_root(), chardev_info, list);
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

static JsonNode *qmp_qom_list_types(MonitorQMP *mon, JsonObject *args,
                                    Error **errp)
{
    const char *implements =
        json_object_has_member(args, "implements")
            ? json_object_get_string_member(args, "implements")
            : NULL;
    bool abstract = json_object_has_member(args, "abstract") &&
                    json_object_get_boolean_member(args, "abstract");
    GSList *classes = object_class_get_list_sorted(implements, abstract);
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_alloc();

    for (GSList *l = classes; l; l = l->next) {
        ObjectClass *oc = l->data;
        ObjectClass *parent = object_class_get_parent(oc);
        JsonObject *info = json_object_new();

        if (object_class_is_abstract(oc)) {
            json_object_set_boolean_member(info, "abstract", true);
        }
        json_object_set_string_member(info, "name", object_class_get_name(oc));
        if (parent) {
            json_object_set_string_member(info, "parent",
                                          object_class_get_name(parent));
        }
        json_array_add_object_element(list, info);
    }
    g_slist_free(classes);
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

/* QEMU's members, in the order QEMU 7.2 prints them. */
static JsonNode *qmp_query_machines(MonitorQMP *mon, JsonObject *args,
                                    Error **errp)
{
    GSList *classes = object_class_get_list_sorted(TYPE_MACHINE, false);
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_alloc();

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        JsonObject *info = json_object_new();

        /* emu has neither cpu hotplug nor NUMA yet. */
        json_object_set_boolean_member(info, "hotpluggable-cpus", false);
        json_object_set_string_member(info, "name", mc->name);
        json_object_set_boolean_member(info, "numa-mem-supported", false);
        if (mc->default_cpu_type) {
            json_object_set_string_member(info, "default-cpu-type",
                                          mc->default_cpu_type);
        }
        json_object_set_int_member(info, "cpu-max",
                                   mc->max_cpus ? mc->max_cpus : 1);
        json_object_set_boolean_member(info, "deprecated",
                                       mc->deprecation_reason != NULL);
        if (mc->default_ram_id) {
            json_object_set_string_member(info, "default-ram-id",
                                          mc->default_ram_id);
        }
        if (mc->alias) {
            json_object_set_string_member(info, "alias", mc->alias);
        }
        if (mc->is_default) {
            json_object_set_boolean_member(info, "is-default", true);
        }
        json_array_add_object_element(list, info);
    }
    g_slist_free(classes);
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

static JsonNode *qmp_device_list_properties(MonitorQMP *mon,
                                            JsonObject *args, Error **errp)
{
    static const char *const hidden[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };
    const char *name = json_object_get_string_member(args, "typename");
    ObjectClass *oc = object_class_by_name(name);
    ObjectPropertyIterator it;
    ObjectProperty *prop;
    JsonArray *list;
    JsonNode *node;
    Object *obj;

    if (!oc) {
        qmp_set_error_class(mon, QMP_ERROR_DEVICE_NOT_FOUND);
        error_setg(errp, "Device '%s' not found", name);
        return NULL;
    }
    if (!object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        error_setg(errp,
                   "Parameter 'typename' expects a non-abstract device type");
        return NULL;
    }
    /* A fresh instance holds every default: read them back from it. */
    obj = object_new(name);
    list = json_array_new();
    object_property_iter_init(&it, obj);
    while ((prop = object_property_iter_next(&it))) {
        JsonObject *info;
        bool skip = g_str_has_prefix(prop->type, "child<") ||
                    g_str_has_prefix(prop->type, "link<");

        for (size_t i = 0; i < G_N_ELEMENTS(hidden); i++) {
            skip |= !strcmp(prop->name, hidden[i]);
        }
        if (skip) {
            continue;
        }
        info = json_object_new();
        if (prop->defval && prop->get) {
            Visitor *v = qmp_output_visitor_new();
            JsonNode *def = NULL;

            if (object_property_get(obj, prop->name, v, NULL)) {
                visit_complete(v, &def);
            }
            visit_free(v);
            if (def) {
                json_object_set_member(info, "default-value", def);
            }
        }
        json_object_set_string_member(info, "name", prop->name);
        json_object_set_string_member(info, "type", prop->type);
        if (prop->description) {
            json_object_set_string_member(info, "description",
                                          prop->description);
        }
        json_array_add_object_element(list, info);
    }
    object_unref(obj);
    node = json_node_alloc();
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}


const QmpCommand qmp_commands_qom[] = {
    {"qom-list", qmp_qom_list, {{"path", ARG_STRING}}},
    {"qom-get", qmp_qom_get, {{"path", ARG_STRING}, {"property", ARG_STRING}}},
    {"qom-set", qmp_qom_set,
     {{"path", ARG_STRING}, {"property", ARG_STRING}, {"value", ARG_ANY}}},
    {"query-chardev", qmp_query_chardev},
    {"query-machines", qmp_query_machines},
    {"device-list-properties", qmp_device_list_properties,
     {{"typename", ARG_STRING}}},
    {"qom-list-types", qmp_qom_list_types,
     {{"implements", ARG_STRING, true}, {"abstract", ARG_BOOL, true}}},
    {NULL},
};
