/*
 * -global DRIVER.PROP=VALUE and compat properties: default values applied
 * to every new device of a type (or of a subclass).
 */
#include "machine/qdev-properties.h"
#include "qdev-internal.h"
#include "util/error-report.h"
#include "util/error.h"

/* In registration order; later entries override earlier ones. */
static GPtrArray *global_props;
/* The GlobalProperty structs qdev_prop_register_global() allocated. */
static GPtrArray *owned_globals;

static GPtrArray *machine_compat_props;
static GPtrArray *accel_compat_props;

typedef struct OwnedGlobal {
    GlobalProperty prop;
    char *driver;
    char *property;
    char *value;
} OwnedGlobal;

static void owned_global_free(gpointer data)
{
    OwnedGlobal *g = data;

    g_free(g->driver);
    g_free(g->property);
    g_free(g->value);
    g_free(g);
}

void qdev_prop_register_global_prop(GlobalProperty *prop)
{
    if (!global_props) {
        global_props = g_ptr_array_new();
    }
    g_ptr_array_add(global_props, prop);
}

void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value)
{
    OwnedGlobal *g = g_new0(OwnedGlobal, 1);

    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g->prop.driver = g->driver;
    g->prop.property = g->property;
    g->prop.value = g->value;
    if (!owned_globals) {
        owned_globals = g_ptr_array_new_with_free_func(owned_global_free);
    }
    g_ptr_array_add(owned_globals, g);
    qdev_prop_register_global_prop(&g->prop);
}

void qdev_prop_clear_globals(void)
{
    if (global_props) {
        g_ptr_array_free(global_props, true);
        global_props = NULL;
    }
    if (owned_globals) {
        g_ptr_array_free(owned_globals, true);
        owned_globals = NULL;
    }
}

void qdev_set_machine_compat_props(GPtrArray *props)
{
    machine_compat_props = props;
}

void qdev_set_accel_compat_props(GPtrArray *props)
{
    accel_compat_props = props;
}

bool object_apply_global_props(Object *obj, const GPtrArray *props,
                               Error **errp)
{
    guint i;

    if (!props) {
        return true;
    }
    for (i = 0; i < props->len; i++) {
        GlobalProperty *p = g_ptr_array_index(props, i);
        Error *err = NULL;

        if (!object_dynamic_cast(obj, p->driver)) {
            continue;
        }
        if (p->optional && !object_property_find(obj, p->property)) {
            continue;
        }
        p->used = true;
        if (!object_property_parse(obj, p->property, p->value, &err)) {
            error_prepend(&err, "can't apply global %s.%s=%s: ", p->driver,
                          p->property, p->value);
            if (errp) {
                error_propagate(errp, err);
                return false;
            }
            warn_report_err(err);
        }
    }
    return true;
}

void qdev_prop_set_globals(DeviceState *dev, Error **errp)
{
    Object *obj = OBJECT(dev);

    /* QEMU's order: accelerator, machine, then the user's -global. */
    if (!object_apply_global_props(obj, accel_compat_props, errp) ||
        !object_apply_global_props(obj, machine_compat_props, errp)) {
        return;
    }
    object_apply_global_props(obj, global_props, errp);
}

bool qdev_prop_check_globals(void)
{
    bool ret = false;
    guint i;

    if (!global_props) {
        return false;
    }
    for (i = 0; i < global_props->len; i++) {
        GlobalProperty *prop = g_ptr_array_index(global_props, i);
        ObjectClass *oc;

        if (prop->used) {
            continue;
        }
        oc = object_class_by_name(prop->driver);
        oc = object_class_dynamic_cast(oc, TYPE_DEVICE);
        if (!oc) {
            warn_report("global %s.%s has invalid class name", prop->driver,
                        prop->property);
            ret = true;
            continue;
        }
        /* A hotpluggable device may still come with device_add. */
        if (!DEVICE_CLASS(oc)->hotpluggable) {
            warn_report("global %s.%s=%s not used", prop->driver,
                        prop->property, prop->value);
            ret = true;
        }
    }
    return ret;
}
