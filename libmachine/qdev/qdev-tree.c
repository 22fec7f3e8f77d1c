/*
 * info qtree: the device tree as text, in QEMU's layout.
 *
 *     bus: main-system-bus
 *       type System
 *       dev: hpet, id ""
 *         gpio-in "" 2
 *         timers = 3 (0x3)
 *         mmio 00000000fed00000/0000000000000400
 *         bus: ...
 *
 * Buses list their devices newest first and devices their buses newest
 * first (qdev's list order, which is QEMU's); GPIO groups come newest
 * first too, static properties from the most derived class up.
 */
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"

/* Deeper than any real machine; stops a corrupted tree from recursing. */
#define QTREE_MAX_DEPTH 64

static void qbus_print(GString *out, BusState *bus, int indent, int depth);

static void print_gpios(GString *out, DeviceState *dev, int indent)
{
    g_autoptr(GSList) newest_first = g_slist_reverse(g_slist_copy(dev->gpios));

    for (GSList *l = newest_first; l; l = l->next) {
        NamedGPIOList *ngl = l->data;
        const char *name = ngl->name ? ngl->name : "";

        if (ngl->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   name, ngl->num_in);
        }
        if (ngl->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent, "",
                                   name, ngl->num_out);
        }
    }
}

/* The static properties a class declares itself (not inherited). */
static Property *class_own_props(ObjectClass *oc)
{
    DeviceClass *dc = (DeviceClass *)oc;
    ObjectClass *parent = object_class_get_parent(oc);
    DeviceClass *pdc =
        parent ? (DeviceClass *)object_class_dynamic_cast(parent, TYPE_DEVICE)
               : NULL;

    /* A class that sets none keeps its parent's pointer. */
    if (pdc && pdc->props_ == dc->props_) {
        return NULL;
    }
    return dc->props_;
}

static void print_props(GString *out, DeviceState *dev, int indent)
{
    ObjectClass *device_class = object_class_by_name(TYPE_DEVICE);

    for (ObjectClass *oc = object_get_class(OBJECT(dev));
         oc && oc != device_class; oc = object_class_get_parent(oc)) {
        for (Property *p = class_own_props(oc); p && p->name; p++) {
            g_autofree char *value = qdev_prop_print(dev, p->name, NULL);

            if (value) {
                g_string_append_printf(out, "%*s%s = %s\n", indent, "", p->name,
                                       *value ? value : "<null>");
            }
        }
    }
}

static void qdev_print(GString *out, DeviceState *dev, int indent, int depth)
{
    BusState *bus = dev->parent_bus;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    indent += 2;
    print_gpios(out, dev, indent);
    print_props(out, dev, indent);
    if (bus && BUS_GET_CLASS(bus)->print_dev) {
        BUS_GET_CLASS(bus)->print_dev(out, dev, indent);
    }
    for (GList *l = dev->child_bus.head; l; l = l->next) {
        qbus_print(out, l->data, indent, depth + 1);
    }
}

static void qbus_print(GString *out, BusState *bus, int indent, int depth)
{
    BusChild *kid;

    if (depth > QTREE_MAX_DEPTH) {
        g_string_append_printf(out, "%*s...\n", indent, "");
        return;
    }
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    indent += 2;
    g_string_append_printf(out, "%*stype %s\n", indent, "",
                           object_get_typename(OBJECT(bus)));
    QBUS_FOREACH_CHILD(bus, kid)
    {
        qdev_print(out, kid->child, indent, depth);
    }
}

void qdev_print_tree(GString *out)
{
    qbus_print(out, sysbus_get_default(), 0, 0);
}
