/*
 * -device / device_add: creating a user's device from a driver name, an
 * id and key=value properties, with QEMU 7.2's checks and messages.
 */
#include <string.h>

#include "machine/hotplug.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "qdev-internal.h"
#include "util/error.h"

static bool (*dynamic_sysbus_allowed)(const char *typename);

void qdev_set_dynamic_sysbus_check(bool (*allowed)(const char *typename))
{
    dynamic_sysbus_allowed = allowed;
}

/* QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
    size_t i;

    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (i = 1; id[i]; i++) {
        if (!g_ascii_isalnum(id[i]) && !strchr("-._", id[i])) {
            return false;
        }
    }
    return true;
}

static DeviceClass *qdev_get_device_class(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    DeviceClass *dc;

    if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                         "type");
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device type");
        return NULL;
    }
    if (object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE) &&
        !(dynamic_sysbus_allowed && dynamic_sysbus_allowed(driver))) {
        error_setg(errp, "Parameter 'driver' expects a dynamic sysbus device "
                         "type for the machine");
        return NULL;
    }
    return dc;
}

/* The value of key in the key/value list, or NULL. */
static const char *props_get(const char *const *props, const char *key)
{
    const char *value = NULL;
    size_t i;

    /* As with QemuOpts, the last occurrence wins. */
    for (i = 0; props && props[i]; i += 2) {
        g_assert(props[i + 1]);
        if (strcmp(props[i], key) == 0) {
            value = props[i + 1];
        }
    }
    return value;
}

static bool qdev_set_props(DeviceState *dev, const char *const *props,
                           Error **errp)
{
    size_t i;

    for (i = 0; props && props[i]; i += 2) {
        const char *key = props[i];
        Visitor *v;
        bool ok;

        if (!strcmp(key, "driver") || !strcmp(key, "bus") ||
            !strcmp(key, "id")) {
            continue;
        }
        if (!object_property_find_err(OBJECT(dev), key, errp)) {
            return false;
        }
        v = qdev_keyval_string_visitor_new(props[i + 1]);
        ok = object_property_set(OBJECT(dev), key, v, errp);
        visit_free(v);
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* -device (hotplug false) and device_add (true): QEMU's qdev_device_add. */
static DeviceState *qdev_device_add_common(const char *driver, const char *id,
                                           const char *const *props,
                                           bool hotplug, Error **errp)
{
    ERRP_GUARD();
    const char *path = props_get(props, "bus");
    DeviceState *dev;
    DeviceClass *dc;
    BusState *bus = NULL;

    if (id && !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                                "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }

    dc = qdev_get_device_class(driver, errp);
    if (!dc) {
        return NULL;
    }

    if (path) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       object_get_typename(OBJECT(bus)));
            return NULL;
        }
        if (qbus_is_full(bus)) {
            error_setg(errp, "Bus '%s' is full", path);
            return NULL;
        }
    } else if (dc->bus_type) {
        bus = qbus_find_recursive(sysbus_get_default(), NULL, dc->bus_type);
        if (!bus || qbus_is_full(bus)) {
            error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type,
                       driver);
            return NULL;
        }
    }
    if (hotplug && bus && !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return NULL;
    }

    dev = qdev_new(driver);
    if (hotplug) {
        dev->hotplugged = true;
        if (!bus) {
            /* QEMU would ask the machine's handler; emu's boards have none. */
            error_setg(errp, "Device '%s' can not be hotplugged on this "
                             "machine", driver);
            goto err_del_dev;
        }
    }
    /* A -global that does not apply fails the device (QEMU: exits). */
    if (dev->global_error) {
        error_propagate(errp, error_copy(dev->global_error));
        goto err_del_dev;
    }
    if (!qdev_set_id(dev, g_strdup(id), errp)) {
        goto err_del_dev;
    }
    if (!qdev_set_props(dev, props, errp)) {
        goto err_del_dev;
    }
    if (!qdev_realize(dev, bus, errp)) {
        goto err_del_dev;
    }
    return dev;

err_del_dev:
    /* Out of the tree (which also unplugs it), then gone. */
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    return NULL;
}

DeviceState *qdev_device_add_from_props(const char *driver, const char *id,
                                        const char *const *props, Error **errp)
{
    return qdev_device_add_common(driver, id, props, false, errp);
}

DeviceState *qdev_device_add_hotplug(const char *driver, const char *id,
                                     const char *const *props, Error **errp)
{
    return qdev_device_add_common(driver, id, props, true, errp);
}
