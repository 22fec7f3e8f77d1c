/*
 * Hot plug: devices added and removed while the machine runs, with
 * QEMU's model and names (hw/core/hotplug.c, qdev's unplug).
 *
 * A bus supports hot plugging when it has a hotplug handler: an object
 * implementing TYPE_HOTPLUG_HANDLER (the chipset part that tells the guest,
 * such as PIIX4's ACPI PCI hotplug), set with qbus_set_hotplug_handler()
 * and visible as the bus's "hotplug-handler" link.  The handler is asked
 * around every realize of a device on its bus (pre_plug before, plug
 * after, cold plugged devices included), and on device_del:
 *
 * - a handler with unplug_request is asynchronous: it asks the guest to
 *   let go; once the guest has (an ACPI eject), the handler calls
 *   hotplug_handler_unplug() and object_unparent() on the device;
 * - a handler without one is synchronous: qdev_unplug() calls its unplug
 *   and takes the device out of the tree at once.
 *
 * A device that was realized and is then destroyed is reported to the
 * DEVICE_DELETED listeners once it is really gone (finalized), with its id
 * and QOM path: that is QEMU's DEVICE_DELETED event, which the monitor
 * subscribes to (libmachine knows nothing of the monitor).
 */
#ifndef MACHINE_HOTPLUG_H
#define MACHINE_HOTPLUG_H

#include <stdbool.h>

#include "machine/qdev-core.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_HOTPLUG_HANDLER "hotplug-handler"
/* The link every bus has to its handler (NULL: no hot plugging). */
#define QDEV_HOTPLUG_HANDLER_PROPERTY "hotplug-handler"

/* An object implementing TYPE_HOTPLUG_HANDLER (opaque, as in QEMU). */
typedef struct HotplugHandler HotplugHandler;

#define HOTPLUG_HANDLER(obj)                                                   \
    INTERFACE_CHECK(HotplugHandler, (obj), TYPE_HOTPLUG_HANDLER)

typedef void (*hotplug_fn)(HotplugHandler *plug_handler,
                           DeviceState *plugged_dev, Error **errp);

typedef struct HotplugHandlerClass {
    InterfaceClass parent;

    /* Before the device's realize: refuse it (errp) or prepare. */
    hotplug_fn pre_plug;
    /* After a successful realize: wire it up, tell the guest. */
    hotplug_fn plug;
    /* device_del: ask the guest to release it (asynchronous handlers). */
    hotplug_fn unplug_request;
    /* The device goes away: undo plug. */
    hotplug_fn unplug;
    /* Whether bus takes hot plugged devices now; NULL: it does. */
    bool (*is_hotpluggable_bus)(HotplugHandler *plug_handler, BusState *bus);
} HotplugHandlerClass;

#define HOTPLUG_HANDLER_CLASS(klass)                                           \
    OBJECT_CLASS_CHECK(HotplugHandlerClass, (klass), TYPE_HOTPLUG_HANDLER)
#define HOTPLUG_HANDLER_GET_CLASS(obj)                                         \
    OBJECT_GET_CLASS(HotplugHandlerClass, (obj), TYPE_HOTPLUG_HANDLER)

/* Call the handler's method if it has one; false with errp if it failed. */
bool hotplug_handler_pre_plug(HotplugHandler *plug_handler,
                              DeviceState *plugged_dev, Error **errp);
bool hotplug_handler_plug(HotplugHandler *plug_handler,
                          DeviceState *plugged_dev, Error **errp);
bool hotplug_handler_unplug_request(HotplugHandler *plug_handler,
                                    DeviceState *plugged_dev, Error **errp);
bool hotplug_handler_unplug(HotplugHandler *plug_handler,
                            DeviceState *plugged_dev, Error **errp);

/* ---- Buses ---- */

/* Make handler (a TYPE_HOTPLUG_HANDLER object; NULL: none) bus's handler. */
void qbus_set_hotplug_handler(BusState *bus, Object *handler);
/* Whether bus has a handler that takes hot plugged devices now. */
bool qbus_is_hotpluggable(BusState *bus);
/* The handler in charge of dev (its bus's), or NULL. */
HotplugHandler *qdev_get_hotplug_handler(DeviceState *dev);

/* ---- device_add / device_del ---- */

/*
 * device_add while the machine runs: qdev_device_add_from_props() plus
 * QEMU 7.2's hot plug rules.  The bus must take hot plugged devices
 * ("Bus 'isa.0' does not support hotplugging", checked before the device
 * is created); a device that sits on no bus needs a machine hotplug
 * handler, which emu's boards do not have ("Device 'X' can not be
 * hotplugged on this machine"); the device is marked hotplugged, so a
 * class with hotpluggable = false fails its realize ("Device 'X' does not
 * support hotplugging"), and it is reset after realize (the machine's
 * reset is long past).  Same ownership as qdev_device_add_from_props().
 */
DeviceState *qdev_device_add_hotplug(const char *driver, const char *id,
                                     const char *const *props, Error **errp);

/*
 * device_del: refuse a device on a bus without hot plugging ("Bus 'isa.0'
 * does not support hotplugging") or of a class that is not hotpluggable
 * ("Device 'i440FX' does not support hotplugging"), then request the
 * unplug from its handler (see the top of this file).  The device may
 * still be there on return (asynchronous handlers).
 */
bool qdev_unplug(DeviceState *dev, Error **errp);

/* ---- DEVICE_DELETED ---- */

typedef struct DeviceDeletedListener DeviceDeletedListener;

struct DeviceDeletedListener {
    /*
     * A device that had been realized is gone.  id is its user id (NULL
     * when it had none), path its QOM path while it was in the tree.
     */
    void (*deleted)(DeviceDeletedListener *listener, const char *id,
                    const char *path);
};

/* listener must stay valid until removed; each is called once per death. */
void qdev_add_deleted_listener(DeviceDeletedListener *listener);
void qdev_remove_deleted_listener(DeviceDeletedListener *listener);

#endif /* MACHINE_HOTPLUG_H */
