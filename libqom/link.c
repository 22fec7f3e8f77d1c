/*
 * link<T> properties: a pointer from one object to another that is not
 * its child, set by (canonical or partial) path and read back as the
 * target's canonical path.
 */
#include "qom/object.h"
#include "util/error.h"

typedef void(LinkCheck)(const Object *obj, const char *name, Object *val,
                        Error **errp);

typedef struct LinkProperty {
    union {
        Object **targetp;
        /* OBJ_PROP_LINK_CLASS: offset of the Object * in the instance. */
        ptrdiff_t offset;
    };
    /* T of link<T>: what a new target must be an instance of. */
    char *target_type;
    LinkCheck *check;
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static Object **link_targetp(Object *obj, LinkProperty *lprop)
{
    if (lprop->flags & OBJ_PROP_LINK_CLASS) {
        return (Object **)((char *)obj + lprop->offset);
    }
    return lprop->targetp;
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
    /* Any target of the right type will do. */
}

static void link_get(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    Object *target = *link_targetp(obj, opaque);
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;
    char *value = path ? path : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static Object *link_resolve_path(Object *obj, const char *name,
                                 LinkProperty *lprop, const char *path,
                                 Error **errp)
{
    bool ambiguous = false;
    Object *target;

    target = object_resolve_path_type(path, lprop->target_type, &ambiguous);
    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
        return NULL;
    }
    if (target) {
        return target;
    }
    /* Tell "nothing there" apart from "something of the wrong type". */
    if (object_resolve_path(path, &ambiguous) || ambiguous) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s", name,
                   lprop->target_type);
    } else {
        error_setg(errp, "Device '%s' not found", path);
    }
    return NULL;
}

static void link_set(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    ERRP_GUARD();
    LinkProperty *lprop = opaque;
    Object **targetp = link_targetp(obj, lprop);
    Object *old_target = *targetp;
    Object *new_target = NULL;
    g_autofree char *path = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return;
    }
    if (*path) {
        new_target = link_resolve_path(obj, name, lprop, path, errp);
        if (!new_target) {
            return;
        }
    }
    lprop->check(obj, name, new_target, errp);
    if (*errp) {
        return;
    }

    *targetp = new_target;
    if (lprop->flags & OBJ_PROP_LINK_STRONG) {
        /* Reference first: the new target may be the old one. */
        if (new_target) {
            object_ref(new_target);
        }
        if (old_target) {
            object_unref(old_target);
        }
    }
}

static Object *link_resolve(Object *obj, void *opaque, const char *part)
{
    return *link_targetp(obj, opaque);
}

static void link_release(Object *obj, const char *name, void *opaque)
{
    LinkProperty *lprop = opaque;
    Object **targetp = link_targetp(obj, lprop);
    Object *target = *targetp;

    if (lprop->flags & OBJ_PROP_LINK_STRONG) {
        *targetp = NULL;
        if (target) {
            object_unref(target);
        }
    }
    /* A class link's descriptor is shared by every instance. */
    if (!(lprop->flags & OBJ_PROP_LINK_CLASS)) {
        g_free(lprop->target_type);
        g_free(lprop);
    }
}

static LinkProperty *link_property_new(const char *type, LinkCheck *check,
                                       ObjectPropertyLinkFlags flags)
{
    LinkProperty *lprop = g_new0(LinkProperty, 1);

    lprop->target_type = g_strdup(type);
    lprop->check = check;
    lprop->flags = flags;
    return lprop;
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp,
                                         LinkCheck *check,
                                         ObjectPropertyLinkFlags flags)
{
    LinkProperty *lprop;
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    g_assert(!(flags & OBJ_PROP_LINK_CLASS));
    lprop = link_property_new(type, check, flags);
    lprop->targetp = targetp;
    op = object_property_add(obj, name, full_type, link_get,
                             check ? link_set : NULL, link_release, lprop);
    op->resolve = link_resolve;
    return op;
}

ObjectProperty *
object_class_property_add_link(ObjectClass *oc, const char *name,
                               const char *type, ptrdiff_t offset,
                               LinkCheck *check, ObjectPropertyLinkFlags flags)
{
    LinkProperty *lprop;
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    lprop = link_property_new(type, check, flags | OBJ_PROP_LINK_CLASS);
    lprop->offset = offset;
    op =
        object_class_property_add(oc, name, full_type, link_get,
                                  check ? link_set : NULL, link_release, lprop);
    op->resolve = link_resolve;
    return op;
}
