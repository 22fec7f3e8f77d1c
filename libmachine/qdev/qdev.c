/*
 * TYPE_DEVICE: the device base class, its life cycle (realize, unrealize,
 * unparent), ids and the peripheral containers, and reset.
 */
#include <string.h>

#include "machine/hotplug.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"
#include "qdev-internal.h"
#include "util/error.h"

/* -device help headings, in QEMU 7.2's wording. */
static const char *const device_category_names[DEVICE_CATEGORY_MAX + 1] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub devices",
    [DEVICE_CATEGORY_USB] = "USB devices",
    [DEVICE_CATEGORY_STORAGE] = "Storage devices",
    [DEVICE_CATEGORY_NETWORK] = "Network devices",
    [DEVICE_CATEGORY_INPUT] = "Input devices",
    [DEVICE_CATEGORY_DISPLAY] = "Display devices",
    [DEVICE_CATEGORY_SOUND] = "Sound devices",
    [DEVICE_CATEGORY_MISC] = "Misc devices",
    [DEVICE_CATEGORY_CPU] = "CPU devices",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog devices",
    [DEVICE_CATEGORY_MAX] = "Uncategorized devices",
};

const char *device_category_name(DeviceCategory cat)
{
    if ((unsigned)cat > DEVICE_CATEGORY_MAX) {
        return NULL;
    }
    return device_category_names[cat];
}

/* ---- The machine and its containers ---- */

Object *qdev_get_machine(void)
{
    return object_resolve_path_component(object_get_root(), "machine");
}

const char *qdev_set_id(DeviceState *dev, char *id, Error **errp)
{
    static int anon_count;
    Object *machine = qdev_get_machine();
    ObjectProperty *prop;

    g_assert(!dev->id && !dev->realized);
    if (!machine) {
        error_setg(errp,
                   "Device '%s' can't be added before the machine "
                   "exists",
                   id ? id : object_get_typename(OBJECT(dev)));
        g_free(id);
        return NULL;
    }
    if (id) {
        prop = object_property_try_add_child(
            container_get(machine, "/peripheral"), id, OBJECT(dev), NULL);
        if (!prop) {
            error_setg(errp, "Duplicate device ID '%s'", id);
            g_free(id);
            return NULL;
        }
        dev->id = id;
    } else {
        /* As QEMU, anonymous numbers are never reused. */
        g_autofree char *name = g_strdup_printf("device[%d]", anon_count++);

        prop = object_property_add_child(
            container_get(machine, "/peripheral-anon"), name, OBJECT(dev));
    }
    return prop->name;
}

/* ---- Realize ---- */

static bool device_get_realized(Object *obj, Error **errp)
{
    return DEVICE(obj)->realized;
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    static int unattached_count;
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    HotplugHandler *hotplug_ctrl;
    Error *local_err = NULL;
    bool unattached_parent = false;
    GList *l;

    if (dev->hotplugged && !dc->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(obj));
        return;
    }

    if (value && !dev->realized) {
        if (dev->global_error) {
            error_propagate(errp, error_copy(dev->global_error));
            return;
        }
        /*
         * A device must have a place in the tree once it is realized;
         * QEMU files the ones nobody named under /machine/unattached.
         */
        if (!obj->parent && qdev_get_machine()) {
            g_autofree char *name =
                g_strdup_printf("device[%d]", unattached_count++);

            object_property_add_child(
                container_get(qdev_get_machine(), "/unattached"), name, obj);
            unattached_parent = true;
        }
        hotplug_ctrl = qdev_get_hotplug_handler(dev);
        if (hotplug_ctrl &&
            !hotplug_handler_pre_plug(hotplug_ctrl, dev, &local_err)) {
            goto fail;
        }
        if (dc->realize) {
            dc->realize(dev, &local_err);
            if (local_err) {
                goto fail;
            }
        }
        g_free(dev->canonical_path);
        dev->canonical_path = object_get_canonical_path(obj);
        for (l = dev->child_bus.head; l; l = l->next) {
            if (!qbus_realize(l->data, &local_err)) {
                goto child_realize_fail;
            }
        }
        /* The machine's reset is past: a hot plugged device gets its own. */
        if (dev->hotplugged) {
            device_cold_reset(dev);
        }
        dev->pending_deleted_event = false;
        if (hotplug_ctrl &&
            !hotplug_handler_plug(hotplug_ctrl, dev, &local_err)) {
            goto child_realize_fail;
        }
        dev->realized = true;
    } else if (!value && dev->realized) {
        dev->realized = false;
        for (l = dev->child_bus.head; l; l = l->next) {
            qbus_unrealize(l->data);
        }
        if (dc->unrealize) {
            dc->unrealize(dev);
        }
        /* QEMU's DEVICE_DELETED is sent once the device is finalized. */
        dev->pending_deleted_event = true;
    }
    return;

child_realize_fail:
    for (l = dev->child_bus.head; l; l = l->next) {
        qbus_unrealize(l->data);
    }
    g_free(dev->canonical_path);
    dev->canonical_path = NULL;
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
fail:
    error_propagate(errp, local_err);
    if (unattached_parent) {
        /* The object may die here: keep it for the caller's reference. */
        object_ref(obj);
        object_unparent(obj);
        unattached_count--;
        object_unref(obj);
    }
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    g_assert(!dev->realized && !dev->parent_bus);

    if (bus) {
        if (!qdev_set_parent_bus(dev, bus, errp)) {
            return false;
        }
    } else {
        /* A bus device realized without its bus is a board bug. */
        g_assert(!DEVICE_GET_CLASS(dev)->bus_type);
    }
    if (!object_property_set_bool(OBJECT(dev), "realized", true, errp)) {
        /* emu: nothing half-plugged, the caller may try another bus. */
        if (bus && dev->parent_bus == bus) {
            BusState *old = dev->parent_bus;

            bus_remove_child(old, dev);
            dev->parent_bus = NULL;
            object_unref(OBJECT(old));
        }
        return false;
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ret = qdev_realize(dev, bus, errp);

    object_unref(OBJECT(dev));
    return ret;
}

void qdev_unrealize(DeviceState *dev)
{
    object_property_set_bool(OBJECT(dev), "realized", false, &error_abort);
}

DeviceState *qdev_try_new(const char *name)
{
    ObjectClass *oc = object_class_try_by_name(name, NULL);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        return NULL;
    }
    return DEVICE(object_new(name));
}

DeviceState *qdev_new(const char *name)
{
    ObjectClass *oc = object_class_try_by_name(name, NULL);

    if (!oc) {
        /* A board asked for a device type that was never linked in. */
        g_error("unknown device type '%s'", name);
    }
    return DEVICE(object_new(name));
}

/* ---- Buses of a device ---- */

BusState *qdev_get_parent_bus(DeviceState *dev)
{
    return dev->parent_bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    GList *l;

    for (l = dev->child_bus.head; l; l = l->next) {
        BusState *bus = l->data;

        if (strcmp(name, bus->name) == 0) {
            return bus;
        }
    }
    return NULL;
}

bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    BusState *old_parent_bus = dev->parent_bus;
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusClass *bc = BUS_GET_CLASS(bus);

    if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type) ||
        (bc->device_type &&
         !object_dynamic_cast(OBJECT(dev), bc->device_type))) {
        error_setg(errp, "Device '%s' can't go on %s bus",
                   object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    if (old_parent_bus != bus && qbus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return false;
    }
    if (bc->check_address && !bc->check_address(bus, dev, errp)) {
        return false;
    }

    if (old_parent_bus) {
        /* The old bus may hold the last reference but one. */
        object_ref(OBJECT(dev));
        bus_remove_child(old_parent_bus, dev);
    }
    dev->parent_bus = bus;
    object_ref(OBJECT(bus));
    bus_add_child(bus, dev);
    if (old_parent_bus) {
        object_unref(OBJECT(old_parent_bus));
        object_unref(OBJECT(dev));
    }
    return true;
}

char *qdev_get_dev_path(DeviceState *dev)
{
    BusClass *bc;

    if (!dev || !dev->parent_bus) {
        return NULL;
    }
    bc = BUS_GET_CLASS(dev->parent_bus);
    if (bc->get_dev_path) {
        return bc->get_dev_path(dev);
    }
    return NULL;
}

const char *qdev_fw_name(DeviceState *dev)
{
    if (dev->id) {
        return dev->id;
    }
    return object_get_typename(OBJECT(dev));
}

/* ---- Reset ---- */

void device_legacy_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->reset) {
        dc->reset(dev);
    }
}

static int qdev_reset_one(DeviceState *dev, void *opaque)
{
    device_legacy_reset(dev);
    return 0;
}

static int qbus_reset_one(BusState *bus, void *opaque)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    if (bc->reset) {
        bc->reset(bus);
    }
    return 0;
}

void device_cold_reset(DeviceState *dev)
{
    qdev_walk_children(dev, NULL, NULL, qdev_reset_one, qbus_reset_one, NULL);
}

void bus_cold_reset(BusState *bus)
{
    qbus_walk_children(bus, NULL, NULL, qdev_reset_one, qbus_reset_one, NULL);
}

void qdev_reset_all(DeviceState *dev)
{
    device_cold_reset(dev);
}

void qbus_reset_all(BusState *bus)
{
    bus_cold_reset(bus);
}

/* ---- Class helpers ---- */

void device_class_set_parent_realize(DeviceClass *dc, DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize)
{
    *parent_realize = dc->realize;
    dc->realize = dev_realize;
}

void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize)
{
    *parent_unrealize = dc->unrealize;
    dc->unrealize = dev_unrealize;
}

void device_class_set_parent_reset(DeviceClass *dc, DeviceReset dev_reset,
                                   DeviceReset *parent_reset)
{
    *parent_reset = dc->reset;
    dc->reset = dev_reset;
}

/* ---- The type ---- */

static bool device_get_hotpluggable(Object *obj, Error **errp)
{
    return DEVICE_GET_CLASS(obj)->hotpluggable;
}

static bool device_get_hotplugged(Object *obj, Error **errp)
{
    return DEVICE(obj)->hotplugged;
}

static void device_post_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    /*
     * QEMU exits here when a -global does not apply; a library must not,
     * so the error waits for realize (and -device reports it at once).
     */
    qdev_prop_set_globals(dev, &dev->global_error);
}

/*
 * Leaving the tree: unrealize, drop the buses (and with them every device
 * below), and unplug from the parent bus.
 */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    while (dev->num_child_bus) {
        qbus_unparent(g_queue_peek_head(&dev->child_bus));
    }
    if (dev->parent_bus) {
        BusState *bus = dev->parent_bus;

        bus_remove_child(bus, dev);
        dev->parent_bus = NULL;
        object_unref(OBJECT(bus));
    }
}

void qdev_declare_persistent(DeviceState *dev, void *ptr, size_t size)
{
    DevicePersistent p = {ptr, size};

    if (!dev->persistent) {
        dev->persistent = g_array_new(false, false, sizeof(p));
    }
    g_array_append_val(dev->persistent, p);
}

const GArray *qdev_get_persistent(DeviceState *dev)
{
    return dev->persistent;
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    GSList *l;

    if (dev->persistent) {
        g_array_free(dev->persistent, true);
    }
    /* The input lines were children: they went with the properties. */
    for (l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        g_free(ngl->name);
        g_free(ngl->in);
        g_free(ngl);
    }
    g_slist_free(dev->gpios);
    dev->gpios = NULL;
    /* Really gone: what QEMU reports as DEVICE_DELETED. */
    if (dev->pending_deleted_event && dev->canonical_path) {
        qdev_notify_deleted(dev->id, dev->canonical_path);
    }
    g_free(dev->canonical_path);
    dev->canonical_path = NULL;
    if (dev->global_error) {
        error_free(dev->global_error);
        dev->global_error = NULL;
    }
    g_free(dev->id);
    dev->id = NULL;
}

static void device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    oc->unparent = device_unparent;
    /* QEMU's defaults: a device is creatable by -device unless it says. */
    dc->user_creatable = true;
    dc->hotpluggable = true;

    object_class_property_add_bool(oc, "realized", device_get_realized,
                                   device_set_realized);
    object_class_property_add_bool(oc, "hotpluggable", device_get_hotpluggable,
                                   NULL);
    object_class_property_add_bool(oc, "hotplugged", device_get_hotplugged,
                                   NULL);
    object_class_property_add_link(oc, "parent_bus", TYPE_BUS,
                                   offsetof(DeviceState, parent_bus), NULL, 0);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
    .class_init = device_class_init,
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
