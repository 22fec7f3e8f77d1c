/*
 * Static properties: the DEFINE_PROP_* machinery and the plain types
 * (bits, bool, integers, sizes, strings, enums, arrays, links).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "machine/qdev-properties.h"
#include "qdev-internal.h"
#include "util/error.h"

void *object_field_prop_ptr(Object *obj, Property *prop)
{
    /*
     * Integer arithmetic: array elements live outside the device state,
     * reached through an offset relative to it (see arraylen below).
     */
    return (void *)((uintptr_t)obj + (uintptr_t)prop->offset);
}

void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp)
{
    if (dev->id) {
        error_setg(errp,
                   "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, dev->id, object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp,
                   "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized",
                   name, object_get_typename(OBJECT(dev)));
    }
}

void error_set_from_qdev_prop_error(Error **errp, int ret, Object *obj,
                                    const char *name, const char *value)
{
    switch (ret) {
    case -EEXIST:
        error_setg(errp, "Property '%s.%s' can't take value '%s', it's in use",
                   object_get_typename(obj), name, value);
        break;
    case -ENOENT:
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), name, value);
        break;
    default:
        error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                   object_get_typename(obj), name, value);
        break;
    }
}

/*
 * Every static property's setter goes through here: properties describe
 * how a device is built, so they are frozen once it is.
 */
static void field_prop_get(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = opaque;

    prop->info->get(obj, v, name, opaque, errp);
}

static void field_prop_set(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = opaque;
    DeviceState *dev = DEVICE(obj);

    if (dev->realized && !prop->info->realized_set_allowed) {
        qdev_prop_set_after_realize(dev, name, errp);
        return;
    }
    prop->info->set(obj, v, name, opaque, errp);
}

static ObjectPropertyAccessor *field_prop_getter(const PropertyInfo *info)
{
    return info->get ? field_prop_get : NULL;
}

static ObjectPropertyAccessor *field_prop_setter(const PropertyInfo *info)
{
    return info->set ? field_prop_set : NULL;
}

/* ---- Defaults ---- */

void qdev_propinfo_set_default_value_int(ObjectProperty *op,
                                         const Property *prop)
{
    object_property_set_default_int(op, prop->defval.i);
}

void qdev_propinfo_set_default_value_uint(ObjectProperty *op,
                                          const Property *prop)
{
    object_property_set_default_uint(op, prop->defval.u);
}

void qdev_propinfo_set_default_value_enum(ObjectProperty *op,
                                          const Property *prop)
{
    object_property_set_default_str(
        op, qapi_enum_lookup(prop->info->enum_table, prop->defval.i));
}

static void set_default_value_bool(ObjectProperty *op, const Property *prop)
{
    object_property_set_default_bool(op, prop->defval.u);
}

/* ---- Bits ---- */

static uint64_t prop_bit_mask(const Property *prop)
{
    return 1ULL << prop->bitnr;
}

static void prop_get_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Property *prop = opaque;
    uint32_t *p = object_field_prop_ptr(obj, prop);
    bool value = (*p & prop_bit_mask(prop)) != 0;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    Property *prop = opaque;
    uint32_t *p = object_field_prop_ptr(obj, prop);
    bool value;

    g_assert(prop->bitnr < 32);
    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    if (value) {
        *p |= prop_bit_mask(prop);
    } else {
        *p &= ~prop_bit_mask(prop);
    }
}

const PropertyInfo qdev_prop_bit = {
    .name = "bool",
    .description = "on/off",
    .get = prop_get_bit,
    .set = prop_set_bit,
    .set_default_value = set_default_value_bool,
};

static void prop_get_bit64(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = opaque;
    uint64_t *p = object_field_prop_ptr(obj, prop);
    bool value = (*p & prop_bit_mask(prop)) != 0;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit64(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    Property *prop = opaque;
    uint64_t *p = object_field_prop_ptr(obj, prop);
    bool value;

    g_assert(prop->bitnr < 64);
    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    if (value) {
        *p |= prop_bit_mask(prop);
    } else {
        *p &= ~prop_bit_mask(prop);
    }
}

const PropertyInfo qdev_prop_bit64 = {
    .name = "bool",
    .description = "on/off",
    .get = prop_get_bit64,
    .set = prop_set_bit64,
    .set_default_value = set_default_value_bool,
};

/* ---- bool ---- */

static void get_bool(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    bool *ptr = object_field_prop_ptr(obj, opaque);

    visit_type_bool(v, name, ptr, errp);
}

static void set_bool(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    bool *ptr = object_field_prop_ptr(obj, opaque);

    visit_type_bool(v, name, ptr, errp);
}

const PropertyInfo qdev_prop_bool = {
    .name = "bool",
    .description = "on/off",
    .get = get_bool,
    .set = set_bool,
    .set_default_value = set_default_value_bool,
};

/*
 * ---- Integers ----
 * The visitor reads into the field only on success (a narrow visit
 * checks the range before storing), so a refused value leaves the old.
 */

#define DEFINE_INT_ACCESSORS(type, ctype)                                      \
    static void get_##type(Object *obj, Visitor *v, const char *name,          \
                           void *opaque, Error **errp)                         \
    {                                                                          \
        ctype *ptr = object_field_prop_ptr(obj, opaque);                       \
                                                                               \
        visit_type_##type(v, name, ptr, errp);                                 \
    }                                                                          \
                                                                               \
    static void set_##type(Object *obj, Visitor *v, const char *name,          \
                           void *opaque, Error **errp)                         \
    {                                                                          \
        ctype *ptr = object_field_prop_ptr(obj, opaque);                       \
        ctype value;                                                           \
                                                                               \
        if (visit_type_##type(v, name, &value, errp)) {                        \
            *ptr = value;                                                      \
        }                                                                      \
    }

DEFINE_INT_ACCESSORS(uint8, uint8_t)
DEFINE_INT_ACCESSORS(uint16, uint16_t)
DEFINE_INT_ACCESSORS(uint32, uint32_t)
DEFINE_INT_ACCESSORS(int32, int32_t)
DEFINE_INT_ACCESSORS(uint64, uint64_t)
DEFINE_INT_ACCESSORS(int64, int64_t)
DEFINE_INT_ACCESSORS(size, uint64_t)

const PropertyInfo qdev_prop_uint8 = {
    .name = "uint8",
    .get = get_uint8,
    .set = set_uint8,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_uint16 = {
    .name = "uint16",
    .get = get_uint16,
    .set = set_uint16,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_uint32 = {
    .name = "uint32",
    .get = get_uint32,
    .set = set_uint32,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_int32 = {
    .name = "int32",
    .get = get_int32,
    .set = set_int32,
    .set_default_value = qdev_propinfo_set_default_value_int,
};

const PropertyInfo qdev_prop_uint64 = {
    .name = "uint64",
    .get = get_uint64,
    .set = set_uint64,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

const PropertyInfo qdev_prop_int64 = {
    .name = "int64",
    .get = get_int64,
    .set = set_int64,
    .set_default_value = qdev_propinfo_set_default_value_int,
};

const PropertyInfo qdev_prop_size = {
    .name = "size",
    .get = get_size,
    .set = set_size,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

static void get_size32(Object *obj, Visitor *v, const char *name, void *opaque,
                       Error **errp)
{
    uint32_t *ptr = object_field_prop_ptr(obj, opaque);
    uint64_t value = *ptr;

    visit_type_size(v, name, &value, errp);
}

static void set_size32(Object *obj, Visitor *v, const char *name, void *opaque,
                       Error **errp)
{
    uint32_t *ptr = object_field_prop_ptr(obj, opaque);
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    if (value > UINT32_MAX) {
        error_setg(
            errp, "Property %s.%s doesn't take value %" PRIu64 " (maximum: %u)",
            object_get_typename(obj), name, value, UINT32_MAX);
        return;
    }
    *ptr = value;
}

const PropertyInfo qdev_prop_size32 = {
    .name = "size",
    .get = get_size32,
    .set = set_size32,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

/* ---- Strings ---- */

static void get_string(Object *obj, Visitor *v, const char *name, void *opaque,
                       Error **errp)
{
    char **ptr = object_field_prop_ptr(obj, opaque);
    char *value = *ptr ? *ptr : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static void set_string(Object *obj, Visitor *v, const char *name, void *opaque,
                       Error **errp)
{
    char **ptr = object_field_prop_ptr(obj, opaque);
    char *str;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    g_free(*ptr);
    *ptr = str;
}

static void release_string(Object *obj, const char *name, void *opaque)
{
    char **ptr = object_field_prop_ptr(obj, opaque);

    g_free(*ptr);
    *ptr = NULL;
}

const PropertyInfo qdev_prop_string = {
    .name = "str",
    .get = get_string,
    .set = set_string,
    .release = release_string,
};

/* ---- Enums ---- */

void qdev_propinfo_get_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    Property *prop = opaque;
    int *ptr = object_field_prop_ptr(obj, prop);

    visit_type_enum(v, name, ptr, prop->info->enum_table, errp);
}

void qdev_propinfo_set_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    Property *prop = opaque;
    int *ptr = object_field_prop_ptr(obj, prop);
    int value;

    if (visit_type_enum(v, name, &value, prop->info->enum_table, errp)) {
        *ptr = value;
    }
}

static const char *const OnOffAuto_names[] = {"auto", "on", "off"};
const QEnumLookup OnOffAuto_lookup = {
    .array = OnOffAuto_names,
    .size = ON_OFF_AUTO__MAX,
};

const PropertyInfo qdev_prop_on_off_auto = {
    .name = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = &OnOffAuto_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

static const char *const LostTickPolicy_names[] = {"discard", "delay", "slew"};
const QEnumLookup LostTickPolicy_lookup = {
    .array = LostTickPolicy_names,
    .size = LOST_TICK_POLICY__MAX,
};

const PropertyInfo qdev_prop_losttickpolicy = {
    .name = "LostTickPolicy",
    .enum_table = &LostTickPolicy_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

/* ---- Arrays ---- */

#define PROP_ARRAY_LEN_PREFIX "len-"

typedef struct ArrayElementProperty {
    Property prop;
    char *propname;
    ObjectPropertyRelease *release;
} ArrayElementProperty;

static void array_element_release(Object *obj, const char *name, void *opaque)
{
    ArrayElementProperty *p = opaque;

    if (p->release) {
        p->release(obj, name, opaque);
    }
    g_free(p->propname);
    g_free(p);
}

static void set_prop_arraylen(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    Property *prop = opaque;
    uint32_t *alenptr = object_field_prop_ptr(obj, prop);
    void **arrayptr = (void **)((uintptr_t)obj + prop->arrayoffset);
    const char *arrayname;
    uint32_t len;
    uint32_t i;

    if (*alenptr) {
        error_setg(errp,
                   "array size property %s may not be set more than "
                   "once",
                   name);
        return;
    }
    if (!visit_type_uint32(v, name, &len, errp)) {
        return;
    }
    if (!len) {
        return;
    }
    /* Each element is an instance property: keep the count sane. */
    if (len > 65536) {
        error_setg(errp, "Parameter '%s' expects a value between 0 and 65536",
                   name);
        return;
    }
    *alenptr = len;
    g_assert(g_str_has_prefix(name, PROP_ARRAY_LEN_PREFIX));
    arrayname = name + strlen(PROP_ARRAY_LEN_PREFIX);

    *arrayptr = g_malloc0_n(len, prop->arrayfieldsize);
    for (i = 0; i < len; i++) {
        ArrayElementProperty *ep = g_new0(ArrayElementProperty, 1);
        uintptr_t elt =
            (uintptr_t)*arrayptr + (uintptr_t)i * prop->arrayfieldsize;

        ep->propname = g_strdup_printf("%s[%u]", arrayname, i);
        ep->release = prop->arrayinfo->release;
        ep->prop.name = ep->propname;
        ep->prop.info = prop->arrayinfo;
        /* The element's offset from obj, so the element accessors work. */
        ep->prop.offset = (ptrdiff_t)(elt - (uintptr_t)obj);
        object_property_add(obj, ep->propname, ep->prop.info->name,
                            field_prop_getter(ep->prop.info),
                            field_prop_setter(ep->prop.info),
                            array_element_release, ep);
    }
}

static void get_prop_arraylen(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    uint32_t *ptr = object_field_prop_ptr(obj, opaque);

    visit_type_uint32(v, name, ptr, errp);
}

/* The elements were released with the instance properties, first. */
static void release_prop_arraylen(Object *obj, const char *name, void *opaque)
{
    Property *prop = opaque;
    void **arrayptr = (void **)((uintptr_t)obj + prop->arrayoffset);

    g_free(*arrayptr);
    *arrayptr = NULL;
}

const PropertyInfo qdev_prop_arraylen = {
    .name = "uint32",
    .get = get_prop_arraylen,
    .set = set_prop_arraylen,
    .release = release_prop_arraylen,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

/* ---- Links ---- */

static void qdev_prop_allow_set_link_before_realize(const Object *obj,
                                                    const char *name,
                                                    Object *val, Error **errp)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        error_setg(errp,
                   "Attempt to set link property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, dev->id ? dev->id : "(null)",
                   object_get_typename(OBJECT(obj)));
    }
}

static ObjectProperty *create_link_property(ObjectClass *oc, const char *name,
                                            Property *prop)
{
    return object_class_property_add_link(
        oc, name, prop->link_type, prop->offset,
        qdev_prop_allow_set_link_before_realize, OBJ_PROP_LINK_STRONG);
}

const PropertyInfo qdev_prop_link = {
    .name = "link",
    .create = create_link_property,
};

/* ---- Registration ---- */

static void qdev_class_add_property(DeviceClass *klass, const char *name,
                                    Property *prop)
{
    ObjectClass *oc = OBJECT_CLASS(klass);
    ObjectProperty *op;

    if (prop->info->create) {
        op = prop->info->create(oc, name, prop);
    } else {
        op = object_class_property_add(
            oc, name, prop->info->name, field_prop_getter(prop->info),
            field_prop_setter(prop->info), prop->info->release, prop);
    }
    if (prop->set_default) {
        g_assert(prop->info->set_default_value);
        prop->info->set_default_value(op, prop);
    }
    if (prop->info->description) {
        object_class_property_set_description(oc, name,
                                              prop->info->description);
    }
}

void device_class_set_props(DeviceClass *dc, Property *props)
{
    Property *prop;

    dc->props_ = props;
    for (prop = props; prop && prop->name; prop++) {
        qdev_class_add_property(dc, prop->name, prop);
    }
}

Property *qdev_get_prop(DeviceState *dev, const char *name)
{
    ObjectClass *oc;

    for (oc = object_get_class(OBJECT(dev)); oc;
         oc = object_class_get_parent(oc)) {
        DeviceClass *dc =
            (DeviceClass *)object_class_dynamic_cast(oc, TYPE_DEVICE);
        Property *prop;

        if (!dc) {
            break;
        }
        for (prop = dc->props_; prop && prop->name; prop++) {
            if (strcmp(prop->name, name) == 0) {
                return prop;
            }
        }
    }
    return NULL;
}

char *qdev_prop_print(DeviceState *dev, const char *name, Error **errp)
{
    Property *prop = qdev_get_prop(dev, name);

    if (prop && prop->info->print) {
        return prop->info->print(OBJECT(dev), prop);
    }
    return object_property_print(OBJECT(dev), name, true, errp);
}

/* ---- Setters for board code ---- */

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name, const char *value)
{
    object_property_set_str(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_enum(DeviceState *dev, const char *name, int value)
{
    Property *prop = qdev_get_prop(dev, name);

    g_assert(prop && prop->info->enum_table);
    object_property_set_str(OBJECT(dev), name,
                            qapi_enum_lookup(prop->info->enum_table, value),
                            &error_abort);
}
