/*
 * Property core: tables, adding, finding, iterating, and generic set/get.
 *
 * An object's properties are its own (obj->properties, added at run time)
 * plus those of its class and every ancestor class.  A name is unique
 * across all of them, so lookups stop at the first hit.
 */
#include <inttypes.h>
#include <string.h>

#include "qom-internal.h"
#include "util/error.h"
#include "value-visitor.h"

static void object_property_free(gpointer data)
{
    ObjectProperty *prop = data;

    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop->defval);
    g_free(prop);
}

GHashTable *object_property_table_new(void)
{
    /* The key is prop->name, freed with the property. */
    return g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                 object_property_free);
}

void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

/*
 * Run prop's release once: it is cleared first so that a release which
 * (directly or not) deletes prop again does not run twice.
 */
static void object_property_release(Object *obj, ObjectProperty *prop)
{
    ObjectPropertyRelease *release = prop->release;

    if (release) {
        prop->release = NULL;
        release(obj, prop->name, prop->opaque);
    }
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);
    g_autofree char *key = NULL;

    if (!prop) {
        return;
    }
    /*
     * The property stays in the table while its release runs (a child's
     * unparent hook still sees its canonical path); release may free
     * prop itself, hence the private copy of the name.
     */
    key = g_strdup(prop->name);
    object_property_release(obj, prop);
    if (g_hash_table_lookup(obj->properties, key) == prop) {
        g_hash_table_remove(obj->properties, key);
    }
}

void object_property_del_all(Object *obj)
{
    ObjectClass *klass;
    GHashTableIter iter;
    gpointer value;

    /*
     * A release may delete other properties (or add some), so never keep
     * an iterator or a name of the table across one: delete by copied
     * names, and go round again for any property added meanwhile.
     */
    while (g_hash_table_size(obj->properties) > 0) {
        g_autoptr(GPtrArray) names =
            g_ptr_array_new_full(g_hash_table_size(obj->properties), g_free);
        guint i;

        g_hash_table_iter_init(&iter, obj->properties);
        while (g_hash_table_iter_next(&iter, &value, NULL)) {
            g_ptr_array_add(names, g_strdup(value));
        }
        for (i = 0; i < names->len; i++) {
            object_property_del(obj, names->pdata[i]);
        }
    }

    /*
     * Class properties are shared, but a release there undoes per-object
     * state (a strong class link<> drops the reference this object holds).
     */
    for (klass = object_get_class(obj); klass;
         klass = object_class_get_parent(klass)) {
        g_hash_table_iter_init(&iter, klass->properties);
        while (g_hash_table_iter_next(&iter, NULL, &value)) {
            ObjectProperty *prop = value;

            if (prop->release) {
                prop->release(obj, prop->name, prop->opaque);
            }
        }
    }
}

/* ---- Adding ---- */

static ObjectProperty *object_property_new(const char *name, const char *type,
                                           ObjectPropertyAccessor *get,
                                           ObjectPropertyAccessor *set,
                                           ObjectPropertyRelease *release,
                                           void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

static bool name_is_array(const char *name)
{
    size_t len = strlen(name);

    return len >= 3 && strcmp(name + len - 3, "[*]") == 0;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    ObjectProperty *prop;
    g_autofree char *array_name = NULL;

    if (name_is_array(name)) {
        g_autofree char *base = g_strndup(name, strlen(name) - 3);
        int i;

        for (i = 0;; i++) {
            g_free(array_name);
            array_name = g_strdup_printf("%s[%d]", base, i);
            if (!object_property_find(obj, array_name)) {
                break;
            }
        }
        name = array_name;
    }

    if (object_property_find(obj, name)) {
        error_setg(errp,
                   "attempt to add duplicate property '%s' to object "
                   "(type '%s')",
                   name, object_get_typename(obj));
        return NULL;
    }

    prop = object_property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *
object_property_add(Object *obj, const char *name, const char *type,
                    ObjectPropertyAccessor *get, ObjectPropertyAccessor *set,
                    ObjectPropertyRelease *release, void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release, opaque,
                                   &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *klass, const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        error_setg(&error_abort,
                   "attempt to add duplicate property '%s' to class "
                   "(type '%s')",
                   name, object_class_get_name(klass));
        return NULL;
    }

    prop = object_property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

/* ---- Finding and iterating ---- */

ObjectProperty *object_class_property_find(ObjectClass *klass, const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name, Error **errp)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_class_get_name(klass), name);
    }
    return prop;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (prop) {
        return prop;
    }
    return object_class_property_find(object_get_class(obj), name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found", object_get_typename(obj),
                   name);
    }
    return prop;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    g_hash_table_iter_init(&iter->iter, obj->properties);
    iter->nextclass = object_get_class(obj);
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    g_hash_table_iter_init(&iter->iter, klass->properties);
    iter->nextclass = object_class_get_parent(klass);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    gpointer value;

    while (!g_hash_table_iter_next(&iter->iter, NULL, &value)) {
        if (!iter->nextclass) {
            return NULL;
        }
        g_hash_table_iter_init(&iter->iter, iter->nextclass->properties);
        iter->nextclass = object_class_get_parent(iter->nextclass);
    }
    return value;
}

/* ---- Values ---- */

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ERRP_GUARD();
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    prop->set(obj, v, name, prop->opaque, errp);
    return !*errp;
}

bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ERRP_GUARD();
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return false;
    }
    prop->get(obj, v, name, prop->opaque, errp);
    return !*errp;
}

static bool object_property_set_value(Object *obj, const char *name,
                                      QomValue value, Error **errp)
{
    ValueVisitor vv;
    bool ok;

    value_input_visitor_init(&vv, value);
    ok = object_property_set(obj, name, &vv.visitor, errp);
    value_visitor_destroy(&vv);
    return ok;
}

bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp)
{
    return object_property_set_value(
        obj, name, (QomValue){.kind = QOM_VALUE_STR, .str = (char *)value},
        errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    return object_property_set_value(
        obj, name, (QomValue){.kind = QOM_VALUE_INT, .i = value}, errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    return object_property_set_value(
        obj, name, (QomValue){.kind = QOM_VALUE_UINT, .u = value}, errp);
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    return object_property_set_value(
        obj, name, (QomValue){.kind = QOM_VALUE_BOOL, .b = value}, errp);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    ValueVisitor vv;
    char *value = NULL;

    value_output_visitor_init(&vv);
    if (object_property_get(obj, name, &vv.visitor, errp)) {
        value = value_output_take_str(&vv, name, errp);
    }
    value_visitor_destroy(&vv);
    return value;
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    ValueVisitor vv;
    int64_t value = -1;

    value_output_visitor_init(&vv);
    if (!object_property_get(obj, name, &vv.visitor, errp) ||
        !value_output_get_int(&vv, name, &value, errp)) {
        value = -1;
    }
    value_visitor_destroy(&vv);
    return value;
}

uint64_t object_property_get_uint(Object *obj, const char *name, Error **errp)
{
    ValueVisitor vv;
    uint64_t value = 0;

    value_output_visitor_init(&vv);
    if (!object_property_get(obj, name, &vv.visitor, errp) ||
        !value_output_get_uint(&vv, name, &value, errp)) {
        value = 0;
    }
    value_visitor_destroy(&vv);
    return value;
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    ValueVisitor vv;
    bool value = false;

    value_output_visitor_init(&vv);
    if (!object_property_get(obj, name, &vv.visitor, errp) ||
        !value_output_get_bool(&vv, name, &value, errp)) {
        value = false;
    }
    value_visitor_destroy(&vv);
    return value;
}

bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp)
{
    g_autofree char *path = NULL;

    if (value) {
        path = object_get_canonical_path(value);
        if (!path) {
            /* QEMU would quietly clear the link; that hides the bug. */
            error_setg(errp,
                       "Cannot set link '%s.%s' to an object of type '%s': "
                       "it is not in the composition tree",
                       object_get_typename(obj), name,
                       object_get_typename(value));
            return false;
        }
    }
    return object_property_set_str(obj, name, path ? path : "", errp);
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    g_autofree char *path = object_property_get_str(obj, name, errp);
    Object *target;

    if (!path || !*path) {
        return NULL;
    }
    target = object_resolve_path(path, NULL);
    if (!target) {
        error_setg(errp, "Device '%s' not found", path);
    }
    return target;
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    Visitor *v = string_input_visitor_new(string);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp)
{
    char *string = NULL;
    Visitor *v = string_output_visitor_new(human, &string);

    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &string);
    }
    visit_free(v);
    return string;
}

/* ---- Descriptions and defaults ---- */

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find_err(obj, name, &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass, const char *name,
                                           const char *description)
{
    ObjectProperty *prop =
        object_class_property_find_err(klass, name, &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

/*
 * The default goes through the property's own setter, parsed like a
 * command-line value, so a default can never bypass the setter's checks.
 */
static void object_property_init_defval(Object *obj, ObjectProperty *prop)
{
    Visitor *v = string_input_visitor_new(prop->defval);

    g_assert(prop->set);
    prop->set(obj, v, prop->name, prop->opaque, &error_abort);
    visit_free(v);
}

static void object_property_set_default(ObjectProperty *prop, char *defval)
{
    g_assert(!prop->defval);
    g_assert(!prop->init);
    prop->defval = defval;
    prop->init = object_property_init_defval;
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, g_strdup(value ? "true" : "false"));
}

void object_property_set_default_str(ObjectProperty *prop, const char *value)
{
    object_property_set_default(prop, g_strdup(value));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, g_strdup_printf("%" PRId64, value));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, g_strdup_printf("%" PRIu64, value));
}
