/*
 * Named GPIO lines of devices: input lines owned by the device (child<irq>
 * properties) and output pins (link<irq> properties over the device's
 * qemu_irq fields), and their interception for qtest.
 */
#include <string.h>

#include "machine/qdev-core.h"
#include "util/error.h"

static NamedGPIOList *gpio_list_find(DeviceState *dev, const char *name)
{
    GSList *l;

    for (l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    return NULL;
}

static NamedGPIOList *gpio_list_get(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl = gpio_list_find(dev, name);

    if (!ngl) {
        ngl = g_new0(NamedGPIOList, 1);
        ngl->name = g_strdup(name);
        dev->gpios = g_slist_append(dev->gpios, ngl);
    }
    return ngl;
}

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    if (name && (strcmp(name, QDEV_GPIO_IN_UNNAMED) == 0 ||
                 strcmp(name, QDEV_GPIO_OUT_UNNAMED) == 0)) {
        name = NULL;
    }
    return gpio_list_find(dev, name);
}

/* ---- Inputs ---- */

void qdev_init_gpio_in_named_with_opaque(DeviceState *dev,
                                         qemu_irq_handler handler, void *opaque,
                                         const char *name, int n)
{
    NamedGPIOList *ngl = gpio_list_get(dev, name);
    const char *prefix = name ? name : QDEV_GPIO_IN_UNNAMED;
    int i;

    /* Named groups share their property names between the directions. */
    g_assert(ngl->num_out == 0 || !name);
    g_assert(n >= 0);
    ngl->in = qemu_extend_irqs(ngl->in, ngl->num_in, handler, opaque, n);
    for (i = ngl->num_in; i < ngl->num_in + n; i++) {
        g_autofree char *propname = g_strdup_printf("%s[%d]", prefix, i);

        object_property_add_child(OBJECT(dev), propname, OBJECT(ngl->in[i]));
        /* The device's property now owns the line. */
        object_unref(ngl->in[i]);
    }
    ngl->num_in += n;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    qdev_init_gpio_in_named_with_opaque(dev, handler, dev, name, n);
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    if (!ngl || n < 0 || n >= ngl->num_in) {
        return NULL;
    }
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

/* ---- Outputs ---- */

/*
 * An output pin property: opaque is the address of the device's qemu_irq
 * field.  It holds a reference on the line it is connected to (the line
 * usually belongs to another device, which may go first).
 */
static void gpio_out_get(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    qemu_irq *pin = opaque;
    g_autofree char *path =
        *pin ? object_get_canonical_path(OBJECT(*pin)) : NULL;
    char *value = path ? path : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static void gpio_out_connect(qemu_irq *pin, qemu_irq irq)
{
    qemu_irq old = *pin;

    if (irq) {
        object_ref(irq);
    }
    *pin = irq;
    if (old) {
        object_unref(old);
    }
}

static void gpio_out_set(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    g_autofree char *path = NULL;
    Object *target = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return;
    }
    if (*path) {
        bool ambiguous = false;

        target = object_resolve_path_type(path, TYPE_IRQ, &ambiguous);
        if (!target) {
            error_setg(errp,
                       ambiguous ? "Path '%s' does not uniquely "
                                   "identify an object"
                                 : "Device '%s' not found",
                       path);
            return;
        }
    }
    gpio_out_connect(opaque, (qemu_irq)target);
}

static Object *gpio_out_resolve(Object *obj, void *opaque, const char *part)
{
    qemu_irq *pin = opaque;

    return *pin ? OBJECT(*pin) : NULL;
}

static void gpio_out_release(Object *obj, const char *name, void *opaque)
{
    gpio_out_connect(opaque, NULL);
}

static void gpio_out_add(Object *obj, const char *propname, qemu_irq *pin)
{
    ObjectProperty *op =
        object_property_add(obj, propname, "link<" TYPE_IRQ ">", gpio_out_get,
                            gpio_out_set, gpio_out_release, pin);

    op->resolve = gpio_out_resolve;
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *ngl = gpio_list_get(dev, name);
    const char *prefix = name ? name : QDEV_GPIO_OUT_UNNAMED;
    int i;

    g_assert(ngl->num_in == 0 || !name);
    g_assert(n >= 0);
    for (i = 0; i < n; i++) {
        g_autofree char *propname =
            g_strdup_printf("%s[%d]", prefix, ngl->num_out + i);

        pins[i] = NULL;
        gpio_out_add(OBJECT(dev), propname, &pins[i]);
    }
    ngl->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

/* The field behind output n of group name, or NULL if there is none. */
static qemu_irq *gpio_out_pin(DeviceState *dev, const char *name, int n)
{
    g_autofree char *propname =
        g_strdup_printf("%s[%d]", name ? name : QDEV_GPIO_OUT_UNNAMED, n);
    ObjectProperty *op = object_property_find(OBJECT(dev), propname);

    if (!op || op->get != gpio_out_get) {
        return NULL;
    }
    return op->opaque;
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq input_pin)
{
    qemu_irq *pin = gpio_out_pin(dev, name, n);

    /* Wiring a pin the device never declared is a board bug. */
    if (!pin) {
        g_error("device '%s' has no GPIO output %s[%d]",
                object_get_typename(OBJECT(dev)),
                name ? name : QDEV_GPIO_OUT_UNNAMED, n);
    }
    gpio_out_connect(pin, input_pin);
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq input_pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, input_pin);
}

qemu_irq qdev_get_gpio_out_connector(DeviceState *dev, const char *name, int n)
{
    qemu_irq *pin = gpio_out_pin(dev, name, n);

    return pin ? *pin : NULL;
}

qemu_irq qdev_intercept_gpio_out(DeviceState *dev, qemu_irq icpt,
                                 const char *name, int n)
{
    qemu_irq *pin = gpio_out_pin(dev, name, n);
    qemu_irq old;

    if (!pin) {
        return NULL;
    }
    old = *pin;
    if (old) {
        /* The caller's reference, taken before the pin drops its own. */
        object_ref(old);
    }
    gpio_out_connect(pin, icpt);
    return old;
}

/* ---- Forwarding a group to a container device ---- */

static void gpio_alias_get(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    g_autofree char *path = object_get_canonical_path(opaque);
    char *value = path ? path : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static Object *gpio_alias_resolve(Object *obj, void *opaque, const char *part)
{
    return opaque;
}

void qdev_pass_gpios(DeviceState *dev, DeviceState *container, const char *name)
{
    NamedGPIOList *ngl = gpio_list_find(dev, name);
    NamedGPIOList *cngl;
    int i;

    g_assert(ngl);
    cngl = gpio_list_get(container, name);
    g_assert(cngl->num_in == 0 && cngl->num_out == 0);

    /*
     * Inputs: the container hands out dev's lines (dev is normally its
     * child, so they live as long as the container needs them).
     */
    cngl->in = g_new(qemu_irq, ngl->num_in ? ngl->num_in : 1);
    for (i = 0; i < ngl->num_in; i++) {
        g_autofree char *propname =
            g_strdup_printf("%s[%d]", name ? name : QDEV_GPIO_IN_UNNAMED, i);
        ObjectProperty *op;

        cngl->in[i] = ngl->in[i];
        op = object_property_add(OBJECT(container), propname,
                                 "link<" TYPE_IRQ ">", gpio_alias_get, NULL,
                                 NULL, ngl->in[i]);
        op->resolve = gpio_alias_resolve;
    }
    cngl->num_in = ngl->num_in;

    /* Outputs: the container's pin properties write dev's fields. */
    for (i = 0; i < ngl->num_out; i++) {
        g_autofree char *propname =
            g_strdup_printf("%s[%d]", name ? name : QDEV_GPIO_OUT_UNNAMED, i);
        qemu_irq *pin = gpio_out_pin(dev, name, i);
        ObjectProperty *op;

        /* Not gpio_out_add(): dev's property keeps the reference. */
        op = object_property_add(OBJECT(container), propname,
                                 "link<" TYPE_IRQ ">", gpio_out_get,
                                 gpio_out_set, NULL, pin);
        op->resolve = gpio_out_resolve;
    }
    cngl->num_out = ngl->num_out;
}
