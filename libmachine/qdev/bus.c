/*
 * TYPE_BUS: buses, their names, plugging devices in and out, realize,
 * walking the device tree, and finding a bus for -device bus=.
 */
#include <string.h>

#include "machine/hotplug.h"
#include "machine/qdev-core.h"
#include "machine/sysbus.h"
#include "qdev-internal.h"
#include "util/error.h"

/* ---- Children ---- */

void bus_add_child(BusState *bus, DeviceState *child)
{
    BusChild *kid = g_new0(BusChild, 1);
    g_autofree char *name = NULL;

    bus->num_children++;
    kid->index = bus->max_index++;
    kid->child = child;
    /* The bus holds the device for as long as it is plugged. */
    object_ref(OBJECT(child));
    g_queue_push_head(&bus->children, kid);

    /* Read-only child[N] links show the bus's devices in the QOM tree. */
    name = g_strdup_printf("child[%d]", kid->index);
    object_property_add_link(OBJECT(bus), name,
                             object_get_typename(OBJECT(child)),
                             (Object **)&kid->child, NULL, 0);
}

void bus_remove_child(BusState *bus, DeviceState *child)
{
    GList *l;

    for (l = bus->children.head; l; l = l->next) {
        BusChild *kid = l->data;

        if (kid->child == child) {
            g_autofree char *name = g_strdup_printf("child[%d]", kid->index);

            g_queue_delete_link(&bus->children, l);
            bus->num_children--;
            object_property_del(OBJECT(bus), name);
            object_unref(OBJECT(child));
            g_free(kid);
            return;
        }
    }
}

bool qbus_is_full(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    return bus->full || (bc->max_dev && bus->num_children >= bc->max_dev);
}

/* ---- Creation ---- */

static void qbus_init_internal(BusState *bus, DeviceState *parent,
                               const char *name)
{
    bus->parent = parent;

    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        /* "<parent id>.<n>": the bus of -device ...,id=br0 is br0.0. */
        bus->name = g_strdup_printf("%s.%d", parent->id, parent->num_child_bus);
    } else {
        /* "<type>.<n>" lower-cased, n counted per bus class: pci.0. */
        BusClass *bc = BUS_GET_CLASS(bus);
        g_autofree char *raw = g_strdup_printf(
            "%s.%d", object_get_typename(OBJECT(bus)), bc->automatic_ids++);

        bus->name = g_ascii_strdown(raw, -1);
    }

    if (parent) {
        g_queue_push_head(&parent->child_bus, bus);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        /* The parent's child<> property owns the bus now. */
        object_unref(OBJECT(bus));
    }
}

BusState *qbus_new(const char *typename, DeviceState *parent, const char *name)
{
    BusState *bus = BUS(object_new(typename));

    qbus_init_internal(bus, parent, name);
    return bus;
}

void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name)
{
    object_initialize(bus, size, typename);
    qbus_init_internal(bus, parent, name);
}

void qbus_unparent(BusState *bus)
{
    object_unparent(OBJECT(bus));
}

/* ---- Realize ---- */

static bool bus_get_realized(Object *obj, Error **errp)
{
    return BUS(obj)->realized;
}

static void bus_set_realized(Object *obj, bool value, Error **errp)
{
    BusState *bus = BUS(obj);
    BusClass *bc = BUS_GET_CLASS(bus);
    Error *local_err = NULL;
    GList *l;

    if (value && !bus->realized) {
        /* The devices on the bus are realized one by one by their owners. */
        if (bc->realize) {
            bc->realize(bus, &local_err);
            if (local_err) {
                error_propagate(errp, local_err);
                return;
            }
        }
        bus->realized = true;
    } else if (!value && bus->realized) {
        for (l = bus->children.head; l; l = l->next) {
            BusChild *kid = l->data;

            qdev_unrealize(kid->child);
        }
        if (bc->unrealize) {
            bc->unrealize(bus);
        }
        bus->realized = false;
    }
}

bool qbus_realize(BusState *bus, Error **errp)
{
    return object_property_set_bool(OBJECT(bus), "realized", true, errp);
}

void qbus_unrealize(BusState *bus)
{
    object_property_set_bool(OBJECT(bus), "realized", false, &error_abort);
}

/* ---- Walking ---- */

int qbus_walk_children(BusState *bus, qdev_walkerfn *pre_devfn,
                       qbus_walkerfn *pre_busfn, qdev_walkerfn *post_devfn,
                       qbus_walkerfn *post_busfn, void *opaque)
{
    GList *l, *next;
    int err;

    if (pre_busfn) {
        err = pre_busfn(bus, opaque);
        if (err) {
            return err < 0 ? err : 0;
        }
    }
    for (l = bus->children.head; l; l = next) {
        BusChild *kid = l->data;

        /* A walker function may unplug the device it is given. */
        next = l->next;
        err = qdev_walk_children(kid->child, pre_devfn, pre_busfn, post_devfn,
                                 post_busfn, opaque);
        if (err < 0) {
            return err;
        }
    }
    if (post_busfn) {
        err = post_busfn(bus, opaque);
        if (err < 0) {
            return err;
        }
    }
    return 0;
}

int qdev_walk_children(DeviceState *dev, qdev_walkerfn *pre_devfn,
                       qbus_walkerfn *pre_busfn, qdev_walkerfn *post_devfn,
                       qbus_walkerfn *post_busfn, void *opaque)
{
    GList *l;
    int err;

    if (pre_devfn) {
        err = pre_devfn(dev, opaque);
        if (err) {
            return err < 0 ? err : 0;
        }
    }
    for (l = dev->child_bus.head; l; l = l->next) {
        err = qbus_walk_children(l->data, pre_devfn, pre_busfn, post_devfn,
                                 post_busfn, opaque);
        if (err < 0) {
            return err;
        }
    }
    if (post_devfn) {
        err = post_devfn(dev, opaque);
        if (err < 0) {
            return err;
        }
    }
    return 0;
}

/* ---- Finding a bus (-device bus=) ---- */

BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_typename)
{
    BusState *pick;
    GList *l, *b;
    bool match;

    g_assert(name || bus_typename);
    if (name) {
        match = strcmp(bus->name, name) == 0;
    } else {
        match = object_dynamic_cast(OBJECT(bus), bus_typename) != NULL;
    }
    if (match && !qbus_is_full(bus)) {
        return bus;
    }
    /* A full match is the answer only if nothing with room turns up. */
    pick = match ? bus : NULL;

    for (l = bus->children.head; l; l = l->next) {
        DeviceState *dev = ((BusChild *)l->data)->child;

        for (b = dev->child_bus.head; b; b = b->next) {
            BusState *ret = qbus_find_recursive(b->data, name, bus_typename);

            if (ret && !qbus_is_full(ret)) {
                return ret;
            }
            if (ret && !pick) {
                pick = ret;
            }
        }
    }
    return pick;
}

static DeviceState *qbus_find_dev(BusState *bus, const char *elem)
{
    GList *l;

    /* By id first, then by type name (QEMU's order). */
    for (l = bus->children.head; l; l = l->next) {
        DeviceState *dev = ((BusChild *)l->data)->child;

        if (dev->id && strcmp(dev->id, elem) == 0) {
            return dev;
        }
    }
    for (l = bus->children.head; l; l = l->next) {
        DeviceState *dev = ((BusChild *)l->data)->child;

        if (strcmp(object_get_typename(OBJECT(dev)), elem) == 0) {
            return dev;
        }
    }
    return NULL;
}

/* The hint QEMU gives after "Device 'x' not found". */
static void qbus_list_dev(BusState *bus, Error **errp)
{
    const char *sep = " ";
    GList *l;

    error_append_hint(errp, "devices at \"%s\":", bus->name);
    for (l = bus->children.head; l; l = l->next) {
        DeviceState *dev = ((BusChild *)l->data)->child;

        error_append_hint(errp, "%s\"%s\"", sep,
                          object_get_typename(OBJECT(dev)));
        if (dev->id) {
            error_append_hint(errp, "/\"%s\"", dev->id);
        }
        sep = ", ";
    }
    error_append_hint(errp, "\n");
}

static void qbus_list_bus(DeviceState *dev, Error **errp)
{
    const char *sep = " ";
    GList *l;

    error_append_hint(errp, "child buses at \"%s\":",
                      dev->id ? dev->id : object_get_typename(OBJECT(dev)));
    for (l = dev->child_bus.head; l; l = l->next) {
        BusState *child = l->data;

        error_append_hint(errp, "%s\"%s\"", sep, child->name);
        sep = ", ";
    }
    error_append_hint(errp, "\n");
}

/* Next path element of path at *pos (skipping slashes), or NULL at end. */
static char *qbus_path_next(const char *path, size_t *pos)
{
    size_t start, len;

    while (path[*pos] == '/') {
        (*pos)++;
    }
    if (!path[*pos]) {
        return NULL;
    }
    start = *pos;
    len = strcspn(path + start, "/");
    *pos = start + len;
    return g_strndup(path + start, len);
}

/*
 * QEMU's bus path syntax: an optional leading bus name found anywhere in
 * the tree, then device/bus pairs ("/i440fx/pci.0/piix3/isa.0"); a path
 * that ends at a device with exactly one bus means that bus.
 */
static BusState *qbus_find_qdev_path(const char *path, Error **errp)
{
    BusState *bus;
    size_t pos = 0;

    if (path[0] == '/') {
        bus = sysbus_get_default();
    } else {
        g_autofree char *elem = NULL;
        size_t len = strcspn(path, "/");

        elem = g_strndup(path, len);
        bus = qbus_find_recursive(sysbus_get_default(), elem, NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", elem);
            return NULL;
        }
        pos = len;
    }

    for (;;) {
        g_autofree char *dev_elem = qbus_path_next(path, &pos);
        g_autofree char *bus_elem = NULL;
        DeviceState *dev;

        if (!dev_elem) {
            break;
        }
        dev = qbus_find_dev(bus, dev_elem);
        if (!dev) {
            error_setg(errp, "Device '%s' not found", dev_elem);
            qbus_list_dev(bus, errp);
            return NULL;
        }

        bus_elem = qbus_path_next(path, &pos);
        if (!bus_elem) {
            if (dev->num_child_bus == 1) {
                bus = g_queue_peek_head(&dev->child_bus);
                break;
            }
            if (dev->num_child_bus) {
                error_setg(errp, "Device '%s' has multiple child buses",
                           dev_elem);
                qbus_list_bus(dev, errp);
            } else {
                error_setg(errp, "Device '%s' has no child bus", dev_elem);
            }
            return NULL;
        }
        bus = qdev_get_child_bus(dev, bus_elem);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", bus_elem);
            qbus_list_bus(dev, errp);
            return NULL;
        }
    }
    return bus;
}

BusState *qbus_find(const char *path, Error **errp)
{
    Error *local_err = NULL;
    BusState *bus = qbus_find_qdev_path(path, &local_err);

    /* emu: an absolute QOM path to a bus works too (/machine/.../pci.0). */
    if (!bus && path[0] == '/') {
        Object *obj = object_resolve_path_type(path, TYPE_BUS, NULL);

        if (obj) {
            error_free(local_err);
            return BUS(obj);
        }
    }
    error_propagate(errp, local_err);
    return bus;
}

/* ---- The type ---- */

/*
 * Leaving the tree: every device on the bus leaves too (which unplugs
 * it), then the bus leaves its parent.
 */
static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);
    BusChild *kid;

    while ((kid = g_queue_peek_head(&bus->children))) {
        DeviceState *dev = kid->child;

        if (OBJECT(dev)->parent) {
            object_unparent(OBJECT(dev));
        } else {
            /* Plugged but never named: unplug by hand. */
            bus_remove_child(bus, dev);
            dev->parent_bus = NULL;
            object_unref(OBJECT(bus));
        }
    }
    if (bus->parent) {
        g_queue_remove(&bus->parent->child_bus, bus);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static void bus_finalize(Object *obj)
{
    BusState *bus = BUS(obj);

    g_free(bus->name);
    bus->name = NULL;
}

static void bus_class_init(ObjectClass *oc, void *data)
{
    oc->unparent = bus_unparent;
    object_class_property_add_bool(oc, "realized", bus_get_realized,
                                   bus_set_realized);
    object_class_property_add_link(oc, QDEV_HOTPLUG_HANDLER_PROPERTY,
                                   TYPE_HOTPLUG_HANDLER,
                                   offsetof(BusState, hotplug_handler),
                                   object_property_allow_set_link, 0);
}

static const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .instance_finalize = bus_finalize,
    .abstract = true,
    .class_size = sizeof(BusClass),
    .class_init = bus_class_init,
};

static void bus_register_types(void)
{
    type_register_static(&bus_type_info);
}

type_init(bus_register_types)
