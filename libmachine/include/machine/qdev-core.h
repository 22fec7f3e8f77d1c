/*
 * qdev: the device and bus core, with QEMU's names and semantics.
 *
 * A device (TYPE_DEVICE) is a QOM object with a two-step life: after
 * object_new() its properties are set (static properties with defaults,
 * then -global values, then the user's), then it is "realized" (the
 * "realized" property set to true, through qdev_realize()), which builds
 * its guest-visible state; properties are frozen from then on.  A device
 * sits on a bus (TYPE_BUS) owned by a parent device, and may own buses
 * itself: the machine's tree is devices and buses alternating, rooted at
 * the main system bus.  Devices talk to interrupt controllers through
 * named GPIO lines (qemu_irq, see machine/irq.h).
 *
 * Static properties (DEFINE_PROP_*) live in machine/qdev-properties.h.
 */
#ifndef MACHINE_QDEV_CORE_H
#define MACHINE_QDEV_CORE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "qom/object.h"
#include "util/error.h"
#include "machine/irq.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"

OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)
OBJECT_DECLARE_TYPE(BusState, BusClass, BUS)

typedef struct Property Property;
typedef struct BusChild BusChild;
typedef struct NamedGPIOList NamedGPIOList;

/* Groups of -device help, in QEMU's order. */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

/*
 * The heading -device help prints for a category ("Network devices");
 * cat == DEVICE_CATEGORY_MAX gives "Uncategorized devices".
 */
const char *device_category_name(DeviceCategory cat);

typedef void (*DeviceRealize)(DeviceState *dev, Error **errp);
typedef void (*DeviceUnrealize)(DeviceState *dev);
typedef void (*DeviceReset)(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;

    /* Bitmap of 1 << DeviceCategory; see device_class_set_category(). */
    uint32_t categories;
    /* One line for -device help. */
    const char *desc;
    /* Static properties, NULL-name terminated; see device_class_set_props */
    Property *props_;

    /*
     * Can -device / device_add create it?  True by default; a device that
     * only a board can wire up (it needs links or IRQs set in C) clears
     * it, and -device then refuses it.
     */
    bool user_creatable;
    /* May be added and removed while the machine runs (machine/hotplug.h). */
    bool hotpluggable;

    /* Build guest-visible state; on error set errp and leave no trace. */
    DeviceRealize realize;
    /* Undo realize. */
    DeviceUnrealize unrealize;
    /* Put the device in its power-on state (device_cold_reset()). */
    DeviceReset reset;

    /*
     * Type of the bus the device plugs into (TYPE_SYSTEM_BUS, "PCI",
     * "ISA"...); NULL for a device that sits on no bus (a CPU).
     */
    const char *bus_type;
};

/* One named group of GPIO lines; name NULL for the unnamed group. */
struct NamedGPIOList {
    char *name;
    /* Input lines, owned by the device (children "NAME[i]"). */
    qemu_irq *in;
    int num_in;
    /* Output lines are link<irq> properties "NAME[i]"; count only. */
    int num_out;
};

/*
 * The name qdev (and qtest) use for the unnamed in/out groups in property
 * names and commands.
 */
#define QDEV_GPIO_IN_UNNAMED "unnamed-gpio-in"
#define QDEV_GPIO_OUT_UNNAMED "unnamed-gpio-out"

struct DeviceState {
    Object parent_obj;

    /* The user's id (-device ...,id=X), or NULL. */
    char *id;
    bool realized;
    /* Set by device_add at run time (as opposed to the command line). */
    bool hotplugged;
    BusState *parent_bus;
    /* NamedGPIOList *, in creation order. */
    GSList *gpios;
    /* Buses this device owns (BusState *), newest first as in QEMU. */
    GQueue child_bus;
    int num_child_bus;
    /*
     * private: the first compat/-global property that failed to apply
     * when the device was created; realize reports it.
     */
    Error *global_error;
    /* private: its QOM path from realize on, for DEVICE_DELETED. */
    char *canonical_path;
    /*
     * Unrealized after a realize, so DEVICE_DELETED is due when it is
     * finalized; an asynchronous hotplug handler also sets it on an
     * unplug request, and device_del then refuses a second one.
     */
    bool pending_deleted_event;
    /* private: qdev_declare_persistent()'s ranges (DevicePersistent). */
    GArray *persistent;
};

/* A range of a device's state that survives its reset. */
typedef struct DevicePersistent {
    void *ptr;
    size_t size;
} DevicePersistent;

typedef void (*BusRealize)(BusState *bus, Error **errp);
typedef void (*BusUnrealize)(BusState *bus);
typedef void (*BusReset)(BusState *bus);

struct BusClass {
    ObjectClass parent_class;

    /* Device path for migration and info qtree; NULL: none. */
    char *(*get_dev_path)(DeviceState *dev);
    /* Open Firmware path component of dev; NULL: none. */
    char *(*get_fw_dev_path)(DeviceState *dev);
    /*
     * The bus's own lines about dev in info qtree (PCI: class and
     * address, sysbus: MMIO), each indented by indent; NULL: none.
     */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);

    /*
     * Vet dev's address properties before it is plugged (a taken PCI slot,
     * an IRQ out of range); return false with errp to refuse.
     */
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);

    BusRealize realize;
    BusUnrealize unrealize;
    BusReset reset;

    /* At most this many children; 0 means no limit. */
    int max_dev;
    /*
     * Number used for the next automatically named bus of this class
     * ("pci.0", "pci.1"); see qbus_new().
     */
    int automatic_ids;
    /*
     * emu: if set, only devices of this type may plug (checked as well as
     * the device's own bus_type).
     */
    const char *device_type;
};

/* A device plugged into a bus, with its index (creation order). */
struct BusChild {
    DeviceState *child;
    int index;
};

struct BusState {
    Object obj;

    DeviceState *parent;
    char *name;
    /*
     * The "hotplug-handler" link: a TYPE_HOTPLUG_HANDLER object, or NULL
     * when the bus takes no hot plugged devices (machine/hotplug.h).
     */
    Object *hotplug_handler;
    /* Index given to the next child. */
    int max_index;
    bool realized;
    /* True when the bus can take no more children (max_dev reached). */
    bool full;
    int num_children;
    /*
     * BusChild *, newest first as in QEMU (which decides the order of
     * resets, walks and bus searches); BusChild.index is the plug order.
     */
    GQueue children;
};

/* Iterate over a bus's children: QBUS_FOREACH_CHILD(bus, kid) { ... } */
#define QBUS_FOREACH_CHILD(bus, kid)                                        \
    for (GList *kid##_l_ = (bus)->children.head;                            \
         kid##_l_ && ((kid) = kid##_l_->data, true);                        \
         kid##_l_ = kid##_l_->next)

/* ---- Device class helpers ---- */

static inline void device_class_set_category(DeviceClass *dc,
                                             DeviceCategory cat)
{
    dc->categories |= 1u << cat;
}

static inline bool device_class_has_category(const DeviceClass *dc,
                                             DeviceCategory cat)
{
    return dc->categories & (1u << cat);
}

/*
 * Install a subclass's realize/unrealize/reset and save the parent's
 * in *parent_xxx, so the subclass can chain up.
 */
void device_class_set_parent_realize(DeviceClass *dc,
                                     DeviceRealize dev_realize,
                                     DeviceRealize *parent_realize);
void device_class_set_parent_unrealize(DeviceClass *dc,
                                       DeviceUnrealize dev_unrealize,
                                       DeviceUnrealize *parent_unrealize);
/*
 * Declare size bytes at ptr (inside dev's state) as state that a reset
 * keeps on purpose, as battery-backed CMOS keeps the time.  A harness
 * that needs every run to start from the same power-on state (the
 * device fuzzer) saves these ranges once and copies them back before
 * each reset; everything else a reset must restore by itself.
 */
void qdev_declare_persistent(DeviceState *dev, void *ptr, size_t size);
/* The declared ranges (NULL: none). */
const GArray *qdev_get_persistent(DeviceState *dev);

void device_class_set_parent_reset(DeviceClass *dc, DeviceReset dev_reset,
                                   DeviceReset *parent_reset);

/* ---- Device life cycle ---- */

/* A new unrealized device; aborts if name is unknown (a board bug). */
DeviceState *qdev_new(const char *name);
/* The same, NULL if the type does not exist. */
DeviceState *qdev_try_new(const char *name);

/*
 * Plug dev into bus (NULL for a device without bus) and realize it.  A
 * device that is not yet in the composition tree is put under
 * /machine/unattached (as QEMU does).  On failure dev is unplugged again
 * and false is returned with errp set.
 */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
/* qdev_realize() then drop the caller's reference (kept by the tree). */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
/* Unrealize dev (and its buses' children), leaving it plugged. */
void qdev_unrealize(DeviceState *dev);

/*
 * Move dev to bus (unplug from the old one first).  Refuses a bus of the
 * wrong type ("Device 'X' can't go on PCI bus"), a full bus ("Bus 'X' is
 * full"), and whatever the bus's check_address refuses.
 */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);
BusState *qdev_get_parent_bus(DeviceState *dev);
/* dev's child bus called name, or NULL. */
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);

/*
 * Give dev an id and put it in the tree: /machine/peripheral/ID, or
 * /machine/peripheral-anon/device[N] when id is NULL.  Takes ownership of
 * id.  Returns the name it got, NULL with errp for a bad or duplicate id.
 */
const char *qdev_set_id(DeviceState *dev, char *id, Error **errp);

/* The machine ("/machine"), or NULL before one is created. */
Object *qdev_get_machine(void);

/* The bus's get_dev_path of dev, prefixed by its parents'; NULL: none. */
char *qdev_get_dev_path(DeviceState *dev);
/* dev's user id, or its QOM name if it has none. */
const char *qdev_fw_name(DeviceState *dev);

/* ---- Reset ---- */

/*
 * Reset dev and everything below it: the devices on its child buses
 * first (depth first), then each bus's own reset, then dev's (the order
 * of QEMU's reset "hold" phase, where the legacy reset hooks run).
 */
void device_cold_reset(DeviceState *dev);
/* Reset every device below bus. */
void bus_cold_reset(BusState *bus);
/* The device's own reset hook only. */
void device_legacy_reset(DeviceState *dev);
/* QEMU's older names for the recursive resets. */
void qdev_reset_all(DeviceState *dev);
void qbus_reset_all(BusState *bus);

/* ---- Buses ---- */

/*
 * Create a bus of typename owned by parent (may be NULL for the system
 * bus).  name NULL picks one: parent's id followed by ".N" (N the number
 * of its buses) when the parent has an id, else the lower-cased type name
 * followed by ".N", N counted per bus class ("pci.0", "isa.0").  The bus
 * is a child<> of parent named name and owned by it; without a parent the
 * caller holds the only reference.
 */
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);
/* The same for a bus embedded in the parent's state (size bytes). */
void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name);
bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);
/* Unplug and unrealize a bus created with qbus_new, dropping it. */
void qbus_unparent(BusState *bus);

/*
 * Resolve a -device bus= value: "pci.0" (a bus name anywhere under the
 * main system bus, searched breadth first), "/i440fx/pci.0" (a path of
 * device ids / bus names from the main system bus), or a QOM path
 * ("/machine/i440fx/pci.0").  Errors as QEMU: "Bus 'pci.7' not found".
 */
BusState *qbus_find(const char *path, Error **errp);

/*
 * info qtree: the device tree from the main system bus in QEMU's layout
 * (bus, type, devices with their GPIO lines, static properties, the
 * bus's lines and child buses, two spaces per level), appended to out.
 */
void qdev_print_tree(GString *out);

typedef int (qdev_walkerfn)(DeviceState *dev, void *opaque);
typedef int (qbus_walkerfn)(BusState *bus, void *opaque);

/*
 * Walk the devices below bus (depth first), calling the pre function
 * before and the post function after a node's children; any may be NULL.
 * A pre function returning a positive value skips that node's children;
 * a negative value stops the walk and is returned.
 */
int qbus_walk_children(BusState *bus, qdev_walkerfn *pre_devfn,
                       qbus_walkerfn *pre_busfn, qdev_walkerfn *post_devfn,
                       qbus_walkerfn *post_busfn, void *opaque);
int qdev_walk_children(DeviceState *dev, qdev_walkerfn *pre_devfn,
                       qbus_walkerfn *pre_busfn, qdev_walkerfn *post_devfn,
                       qbus_walkerfn *post_busfn, void *opaque);

/* ---- GPIO lines ---- */

/*
 * Create n input lines calling handler(dev, i, level) (named: in group
 * name, which may be called several times to grow it).  The lines belong
 * to the device (child<irq> properties "NAME[i]", or "unnamed-gpio-in[i]"
 * for the unnamed group).
 */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler,
                                         void *opaque, const char *name,
                                         int n);
/*
 * Declare n output lines stored in pins[0..n-1] (initially NULL, i.e.
 * unconnected); they become link<irq> properties "NAME[i]" (or
 * "unnamed-gpio-out[i]") so qdev_connect_gpio_out() can set them.  As in
 * QEMU, a named group is either all inputs or all outputs.
 */
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);

/* Input line n of group name; NULL if there is no such line. */
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);

/*
 * Connect output line n (of group name) to input_pin (NULL: disconnect).
 * The output holds a reference on input_pin.  A line the device never
 * declared is a board bug (abort).
 */
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq input_pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin);
/* What output line n of group name is connected to (NULL: nothing). */
qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name,
                                     int n);

/*
 * Interception of an output, for qtest's "irq_intercept_out": connect
 * output n of group name to icpt and return what it was connected to
 * (NULL: nothing), with a reference the caller now owns.
 */
qemu_irq qdev_intercept_gpio_out(DeviceState *dev, qemu_irq icpt,
                                 const char *name, int n);

/*
 * The group called name (NULL or "unnamed-gpio-in"/"unnamed-gpio-out" for
 * the unnamed one), or NULL if the device has none.  For qtest's commands.
 */
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

/* Forward container's group name to dev's (for composite devices). */
void qdev_pass_gpios(DeviceState *dev, DeviceState *container,
                     const char *name);

#endif /* MACHINE_QDEV_CORE_H */
