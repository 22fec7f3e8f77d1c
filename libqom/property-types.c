/*
 * Typed property helpers: str, bool and enum properties backed by C
 * getter/setter functions, and integer properties backed by a field.
 *
 * The object_ forms own their descriptor and free it on release; the
 * object_class_ forms share one descriptor among all instances, kept as
 * long as the class (for ever).
 */
#include "qom/object.h"
#include "util/error.h"

static void property_release_opaque(Object *obj, const char *name, void *opaque)
{
    g_free(opaque);
}

/* ---- str ---- */

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static void property_get_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    g_autofree char *value = prop->get(obj, errp);

    if (value) {
        visit_type_str(v, name, &value, errp);
    }
}

static void property_set_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    g_autofree char *value = NULL;

    if (visit_type_str(v, name, &value, errp)) {
        prop->set(obj, value, errp);
    }
}

static StringProperty *string_property_new(char *(*get)(Object *, Error **),
                                           void (*set)(Object *, const char *,
                                                       Error **))
{
    StringProperty *prop = g_new0(StringProperty, 1);

    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **))
{
    return object_property_add(
        obj, name, "string", get ? property_get_str : NULL,
        set ? property_set_str : NULL, property_release_opaque,
        string_property_new(get, set));
}

ObjectProperty *
object_class_property_add_str(ObjectClass *klass, const char *name,
                              char *(*get)(Object *, Error **),
                              void (*set)(Object *, const char *, Error **))
{
    return object_class_property_add(
        klass, name, "string", get ? property_get_str : NULL,
        set ? property_set_str : NULL, NULL, string_property_new(get, set));
}

/* ---- bool ---- */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static void property_get_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    Error *err = NULL;
    bool value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_bool(v, name, &value, errp);
}

static void property_set_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    bool value;

    if (visit_type_bool(v, name, &value, errp)) {
        prop->set(obj, value, errp);
    }
}

static BoolProperty *bool_property_new(bool (*get)(Object *, Error **),
                                       void (*set)(Object *, bool, Error **))
{
    BoolProperty *prop = g_new0(BoolProperty, 1);

    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **))
{
    return object_property_add(
        obj, name, "bool", get ? property_get_bool : NULL,
        set ? property_set_bool : NULL, property_release_opaque,
        bool_property_new(get, set));
}

ObjectProperty *
object_class_property_add_bool(ObjectClass *klass, const char *name,
                               bool (*get)(Object *, Error **),
                               void (*set)(Object *, bool, Error **))
{
    return object_class_property_add(
        klass, name, "bool", get ? property_get_bool : NULL,
        set ? property_set_bool : NULL, NULL, bool_property_new(get, set));
}

/* ---- enum ---- */

typedef struct EnumProperty {
    const QEnumLookup *lookup;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static void property_get_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    Error *err = NULL;
    int value = prop->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_enum(v, name, &value, prop->lookup, errp);
}

static void property_set_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    int value;

    if (visit_type_enum(v, name, &value, prop->lookup, errp)) {
        prop->set(obj, value, errp);
    }
}

static EnumProperty *enum_property_new(const QEnumLookup *lookup,
                                       int (*get)(Object *, Error **),
                                       void (*set)(Object *, int, Error **))
{
    EnumProperty *prop = g_new0(EnumProperty, 1);

    prop->lookup = lookup;
    prop->get = get;
    prop->set = set;
    return prop;
}

ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                                         const char *typename,
                                         const QEnumLookup *lookup,
                                         int (*get)(Object *, Error **),
                                         void (*set)(Object *, int, Error **))
{
    return object_property_add(
        obj, name, typename, get ? property_get_enum : NULL,
        set ? property_set_enum : NULL, property_release_opaque,
        enum_property_new(lookup, get, set));
}

ObjectProperty *
object_class_property_add_enum(ObjectClass *klass, const char *name,
                               const char *typename, const QEnumLookup *lookup,
                               int (*get)(Object *, Error **),
                               void (*set)(Object *, int, Error **))
{
    return object_class_property_add(klass, name, typename,
                                     get ? property_get_enum : NULL,
                                     set ? property_set_enum : NULL, NULL,
                                     enum_property_new(lookup, get, set));
}

/*
 * Lives here rather than in property.c because it needs the enum's
 * lookup table, which only an EnumProperty knows.
 */
int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    g_autofree char *str = NULL;
    EnumProperty *enum_prop;

    if (!prop) {
        return -1;
    }
    if (!g_str_equal(prop->type, typename) ||
        (prop->get != property_get_enum && prop->set != property_set_enum)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s", name,
                   typename);
        return -1;
    }
    enum_prop = prop->opaque;
    str = object_property_get_str(obj, name, errp);
    if (!str) {
        return -1;
    }
    return qapi_enum_parse(enum_prop->lookup, str, -1, errp);
}

/* ---- Integers backed by a field ---- */

typedef enum {
    PTR_UINT8,
    PTR_UINT16,
    PTR_UINT32,
    PTR_UINT64,
    PTR_INT64,
    PTR_SIZE,
} PtrKind;

static const char *const ptr_type_names[] = {
    [PTR_UINT8] = "uint8",   [PTR_UINT16] = "uint16", [PTR_UINT32] = "uint32",
    [PTR_UINT64] = "uint64", [PTR_INT64] = "int",     [PTR_SIZE] = "size",
};

/*
 * One descriptor and one getter/setter pair serve all six widths and both
 * forms: this is not a hot path that would gain from specialising.
 */
typedef struct PtrProperty {
    PtrKind kind;
    /* Class form: field is the offset of the field in the instance. */
    bool is_offset;
    const void *field;
} PtrProperty;

static void *ptr_property_field(Object *obj, const PtrProperty *prop)
{
    if (prop->is_offset) {
        return (char *)obj + (uintptr_t)prop->field;
    }
    return (void *)prop->field;
}

static void property_get_ptr(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    PtrProperty *prop = opaque;
    void *field = ptr_property_field(obj, prop);

    switch (prop->kind) {
    case PTR_UINT8:
        visit_type_uint8(v, name, field, errp);
        break;
    case PTR_UINT16:
        visit_type_uint16(v, name, field, errp);
        break;
    case PTR_UINT32:
        visit_type_uint32(v, name, field, errp);
        break;
    case PTR_UINT64:
        visit_type_uint64(v, name, field, errp);
        break;
    case PTR_INT64:
        visit_type_int64(v, name, field, errp);
        break;
    case PTR_SIZE:
        visit_type_size(v, name, field, errp);
        break;
    }
}

/*
 * Visit into a local copy so that a failed (out of range) input leaves
 * the field unchanged.
 */
static void property_set_ptr(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    PtrProperty *prop = opaque;
    void *field = ptr_property_field(obj, prop);
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        int64_t i64;
    } value;

    switch (prop->kind) {
    case PTR_UINT8:
        if (visit_type_uint8(v, name, &value.u8, errp)) {
            *(uint8_t *)field = value.u8;
        }
        break;
    case PTR_UINT16:
        if (visit_type_uint16(v, name, &value.u16, errp)) {
            *(uint16_t *)field = value.u16;
        }
        break;
    case PTR_UINT32:
        if (visit_type_uint32(v, name, &value.u32, errp)) {
            *(uint32_t *)field = value.u32;
        }
        break;
    case PTR_UINT64:
        if (visit_type_uint64(v, name, &value.u64, errp)) {
            *(uint64_t *)field = value.u64;
        }
        break;
    case PTR_INT64:
        if (visit_type_int64(v, name, &value.i64, errp)) {
            *(int64_t *)field = value.i64;
        }
        break;
    case PTR_SIZE:
        if (visit_type_size(v, name, &value.u64, errp)) {
            *(uint64_t *)field = value.u64;
        }
        break;
    }
}

static PtrProperty *ptr_property_new(PtrKind kind, bool is_offset,
                                     const void *field)
{
    PtrProperty *prop = g_new0(PtrProperty, 1);

    prop->kind = kind;
    prop->is_offset = is_offset;
    prop->field = field;
    return prop;
}

static ObjectPropertyAccessor *ptr_getter(ObjectPropertyFlags flags)
{
    return (flags & OBJ_PROP_FLAG_READ) ? property_get_ptr : NULL;
}

static ObjectPropertyAccessor *ptr_setter(ObjectPropertyFlags flags)
{
    return (flags & OBJ_PROP_FLAG_WRITE) ? property_set_ptr : NULL;
}

static ObjectProperty *object_property_add_ptr(Object *obj, const char *name,
                                               PtrKind kind, const void *v,
                                               ObjectPropertyFlags flags)
{
    return object_property_add(
        obj, name, ptr_type_names[kind], ptr_getter(flags), ptr_setter(flags),
        property_release_opaque, ptr_property_new(kind, false, v));
}

static ObjectProperty *object_class_property_add_ptr(ObjectClass *klass,
                                                     const char *name,
                                                     PtrKind kind,
                                                     const void *offset,
                                                     ObjectPropertyFlags flags)
{
    return object_class_property_add(klass, name, ptr_type_names[kind],
                                     ptr_getter(flags), ptr_setter(flags), NULL,
                                     ptr_property_new(kind, true, offset));
}

ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_UINT8, v, flags);
}

ObjectProperty *object_class_property_add_uint8_ptr(ObjectClass *klass,
                                                    const char *name,
                                                    const uint8_t *v,
                                                    ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_UINT8, v, flags);
}

ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_UINT16, v, flags);
}

ObjectProperty *object_class_property_add_uint16_ptr(ObjectClass *klass,
                                                     const char *name,
                                                     const uint16_t *v,
                                                     ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_UINT16, v, flags);
}

ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_UINT32, v, flags);
}

ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
                                                     const char *name,
                                                     const uint32_t *v,
                                                     ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_UINT32, v, flags);
}

ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_UINT64, v, flags);
}

ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
                                                     const char *name,
                                                     const uint64_t *v,
                                                     ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_UINT64, v, flags);
}

ObjectProperty *object_property_add_int64_ptr(Object *obj, const char *name,
                                              const int64_t *v,
                                              ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_INT64, v, flags);
}

ObjectProperty *object_class_property_add_int64_ptr(ObjectClass *klass,
                                                    const char *name,
                                                    const int64_t *v,
                                                    ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_INT64, v, flags);
}

ObjectProperty *object_property_add_size_ptr(Object *obj, const char *name,
                                             const uint64_t *v,
                                             ObjectPropertyFlags flags)
{
    return object_property_add_ptr(obj, name, PTR_SIZE, v, flags);
}

ObjectProperty *object_class_property_add_size_ptr(ObjectClass *klass,
                                                   const char *name,
                                                   const uint64_t *v,
                                                   ObjectPropertyFlags flags)
{
    return object_class_property_add_ptr(klass, name, PTR_SIZE, v, flags);
}
