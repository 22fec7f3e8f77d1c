/*
 * TYPE_HOTPLUG_HANDLER, a bus's handler, device_del's unplug, and the
 * DEVICE_DELETED listeners (see machine/hotplug.h).
 */
#include "machine/hotplug.h"
#include "qdev-internal.h"
#include "util/error.h"

/* ---- The interface ---- */

static bool hotplug_call(hotplug_fn fn, HotplugHandler *plug_handler,
                         DeviceState *plugged_dev, Error **errp)
{
    Error *local_err = NULL;

    if (fn) {
        fn(plug_handler, plugged_dev, &local_err);
    }
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

bool hotplug_handler_pre_plug(HotplugHandler *plug_handler,
                              DeviceState *plugged_dev, Error **errp)
{
    return hotplug_call(HOTPLUG_HANDLER_GET_CLASS(plug_handler)->pre_plug,
                        plug_handler, plugged_dev, errp);
}

bool hotplug_handler_plug(HotplugHandler *plug_handler,
                          DeviceState *plugged_dev, Error **errp)
{
    return hotplug_call(HOTPLUG_HANDLER_GET_CLASS(plug_handler)->plug,
                        plug_handler, plugged_dev, errp);
}

bool hotplug_handler_unplug_request(HotplugHandler *plug_handler,
                                    DeviceState *plugged_dev, Error **errp)
{
    return hotplug_call(HOTPLUG_HANDLER_GET_CLASS(plug_handler)->unplug_request,
                        plug_handler, plugged_dev, errp);
}

bool hotplug_handler_unplug(HotplugHandler *plug_handler,
                            DeviceState *plugged_dev, Error **errp)
{
    return hotplug_call(HOTPLUG_HANDLER_GET_CLASS(plug_handler)->unplug,
                        plug_handler, plugged_dev, errp);
}

/* ---- Buses ---- */

void qbus_set_hotplug_handler(BusState *bus, Object *handler)
{
    /* Through the property, so its type check applies. */
    object_property_set_link(OBJECT(bus), QDEV_HOTPLUG_HANDLER_PROPERTY,
                             handler, &error_abort);
}

bool qbus_is_hotpluggable(BusState *bus)
{
    HotplugHandler *handler;
    HotplugHandlerClass *hdc;

    if (!bus->hotplug_handler) {
        return false;
    }
    handler = HOTPLUG_HANDLER(bus->hotplug_handler);
    hdc = HOTPLUG_HANDLER_GET_CLASS(handler);
    return !hdc->is_hotpluggable_bus || hdc->is_hotpluggable_bus(handler, bus);
}

HotplugHandler *qdev_get_hotplug_handler(DeviceState *dev)
{
    /* QEMU asks the machine first (CPUs, DIMMs); emu's boards have none. */
    if (dev->parent_bus && dev->parent_bus->hotplug_handler) {
        return HOTPLUG_HANDLER(dev->parent_bus->hotplug_handler);
    }
    return NULL;
}

/* ---- device_del ---- */

bool qdev_unplug(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    HotplugHandler *handler;

    /* QEMU 7.2's order and texts (qdev_unplug). */
    if (dev->parent_bus && !qbus_is_hotpluggable(dev->parent_bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging",
                   dev->parent_bus->name);
        return false;
    }
    if (!dc->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    handler = qdev_get_hotplug_handler(dev);
    if (!handler) {
        /* A bus-less device (a CPU): only a machine handler could. */
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (HOTPLUG_HANDLER_GET_CLASS(handler)->unplug_request) {
        return hotplug_handler_unplug_request(handler, dev, errp);
    }
    if (!hotplug_handler_unplug(handler, dev, errp)) {
        return false;
    }
    object_unparent(OBJECT(dev));
    return true;
}

/* ---- DEVICE_DELETED ---- */

static GSList *deleted_listeners;

void qdev_add_deleted_listener(DeviceDeletedListener *listener)
{
    deleted_listeners = g_slist_append(deleted_listeners, listener);
}

void qdev_remove_deleted_listener(DeviceDeletedListener *listener)
{
    deleted_listeners = g_slist_remove(deleted_listeners, listener);
}

void qdev_notify_deleted(const char *id, const char *path)
{
    GSList *l, *next;

    for (l = deleted_listeners; l; l = next) {
        DeviceDeletedListener *listener = l->data;

        /* A listener may remove itself. */
        next = l->next;
        listener->deleted(listener, id, path);
    }
}

/* ---- The type ---- */

static const TypeInfo hotplug_handler_info = {
    .name = TYPE_HOTPLUG_HANDLER,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(HotplugHandlerClass),
};

static void hotplug_register_types(void)
{
    type_register_static(&hotplug_handler_info);
}

type_init(hotplug_register_types)
