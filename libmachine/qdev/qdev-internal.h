/*
 * Private to libmachine/qdev: what the qdev source files share.
 */
#ifndef QDEV_INTERNAL_H
#define QDEV_INTERNAL_H

#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"

/* bus.c: plug and unplug, with the bus's child[N] link and references. */
void bus_add_child(BusState *bus, DeviceState *child);
void bus_remove_child(BusState *bus, DeviceState *child);
/* True if bus takes no more children. */
bool qbus_is_full(BusState *bus);
/*
 * The first bus below (and including) bus that matches name, or if name
 * is NULL, is of bus_typename, preferring one with room; NULL if none.
 */
BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_typename);

/* hotplug.c: tell the DEVICE_DELETED listeners (id may be NULL). */
void qdev_notify_deleted(const char *id, const char *path);

/* qdev-properties.c: apply compat props and -global to a new device. */
void qdev_prop_set_globals(DeviceState *dev, Error **errp);

/*
 * keyval-visitor.c: an input visitor over one string, with the error
 * texts of QEMU's keyval (-device) parsing.
 */
Visitor *qdev_keyval_string_visitor_new(const char *str);

#endif /* QDEV_INTERNAL_H */
