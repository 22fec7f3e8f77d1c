/*
 * Objects: creation, initialisation, reference counting, finalization and
 * object casts.  Properties and the composition tree live in property*.c,
 * link.c and tree.c; this file only calls them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qom-internal.h"
#include "util/error.h"
#include "util/error-report.h"

/* For programming errors only: user input must never get here. */
static void object_abort(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

static void object_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
    abort();
}

/* ti's class, aborting with the reason if ti cannot have instances. */
static ObjectClass *type_class_for_instance(TypeImpl *ti, const char *typename)
{
    Error *err = NULL;
    ObjectClass *klass;

    if (!ti) {
        object_abort("Cannot create object of unknown type '%s'",
                     typename ? typename : "(null)");
    }
    klass = type_initialize(ti, &err);
    if (!klass) {
        object_abort("Cannot create object of type '%s': %s", ti->name,
                     error_get_pretty(err));
    }
    if (ti->abstract) {
        object_abort("Cannot create object of abstract type '%s'", ti->name);
    }
    return klass;
}

/* Parents first: a subclass's init may rely on what its parent set up. */
static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->parent_type) {
        object_init_with_type(obj, ti->parent_type);
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

/*
 * Child first, as QEMU 7.x does: a base type's post_init (e.g. the device
 * core applying -global values) sees what every subclass has set up.
 */
static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (ti->parent_type) {
        object_post_init_with_type(obj, ti->parent_type);
    }
}

static void object_initialize_with_class(void *data, size_t size,
                                         ObjectClass *klass)
{
    TypeImpl *ti = klass->type;
    Object *obj = data;

    if (size < ti->instance_size) {
        object_abort("Cannot initialise an object of type '%s' in %zu "
                     "bytes: it needs %zu",
                     ti->name, size, ti->instance_size);
    }
    /* Only the instance: data may be a larger caller-owned buffer. */
    memset(obj, 0, ti->instance_size);
    obj->class = klass;
    obj->ref = 1;
    obj->properties = object_property_table_new();
    /* Class property defaults are in place before any instance_init. */
    object_class_property_init_all(obj);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

Object *object_new_with_class(ObjectClass *klass)
{
    TypeImpl *ti = klass->type;
    ObjectFree *free_fn;
    Object *obj;

    type_class_for_instance(ti, ti->name);
    if (ti->instance_align > G_ALIGNOF(max_align_t)) {
#if GLIB_CHECK_VERSION(2, 72, 0)
        obj = g_aligned_alloc0(1, ti->instance_size, ti->instance_align);
        free_fn = g_aligned_free;
#else
        void *mem = NULL;

        if (posix_memalign(&mem, ti->instance_align, ti->instance_size)) {
            g_error("object_new: out of memory for type '%s'", ti->name);
        }
        obj = mem;
        free_fn = free;
#endif
    } else {
        obj = g_malloc(ti->instance_size);
        free_fn = g_free;
    }
    object_initialize_with_class(obj, ti->instance_size, klass);
    obj->free = free_fn;
    return obj;
}

Object *object_new(const char *typename)
{
    return object_new_with_class(
        type_class_for_instance(type_lookup(typename), typename));
}

void object_initialize(void *data, size_t size, const char *typename)
{
    ObjectClass *klass =
        type_class_for_instance(type_lookup(typename), typename);

    /* free stays NULL: the memory belongs to the caller. */
    object_initialize_with_class(data, size, klass);
}

void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type)
{
    object_initialize(child, size, type);
    object_property_add_child(parent, propname, OBJECT(child));
    /* The child<> property keeps the only reference. */
    object_unref(child);
}

bool object_set_propv(Object *obj, Error **errp, va_list vargs)
{
    const char *name;

    while ((name = va_arg(vargs, const char *)) != NULL) {
        const char *value = va_arg(vargs, const char *);

        if (!value) {
            object_abort("object_set_props: no value for property '%s' of "
                         "type '%s'",
                         name, object_get_typename(obj));
        }
        if (!object_property_parse(obj, name, value, errp)) {
            return false;
        }
    }
    return true;
}

bool object_set_props(Object *obj, Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_set_propv(obj, errp, vargs);
    va_end(vargs);
    return ok;
}

Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs)
{
    ObjectClass *klass;
    Object *obj;

    if (!type_lookup(typename)) {
        error_setg(errp, "invalid object type: %s",
                   typename ? typename : "(null)");
        return NULL;
    }
    klass = object_class_try_by_name(typename, errp);
    if (!klass) {
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "Object type '%s' is abstract", typename);
        return NULL;
    }
    if (parent && !id) {
        object_abort("object_new_with_props: a new '%s' needs an id to be "
                     "added to a parent",
                     typename);
    }

    obj = object_new_with_class(klass);
    if (!object_set_propv(obj, errp, vargs)) {
        goto fail;
    }
    if (parent) {
        if (!object_property_try_add_child(parent, id, obj, errp)) {
            goto fail;
        }
        /* The parent's child<> property now owns the object. */
        object_unref(obj);
    }
    return obj;

fail:
    object_unref(obj);
    return NULL;
}

Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
{
    va_list vargs;
    Object *obj;

    va_start(vargs, errp);
    obj = object_new_with_propv(typename, parent, id, errp, vargs);
    va_end(vargs);
    return obj;
}

/* ---- Reference counting and finalization ---- */

Object *object_ref(void *objptr)
{
    Object *obj = objptr;
    uint32_t old;

    if (!obj) {
        return NULL;
    }
    old = __atomic_fetch_add(&obj->ref, 1, __ATOMIC_RELAXED);
    /* A leak in a loop shows up here long before the count wraps. */
    g_assert(old < INT_MAX);
    return obj;
}

static void object_finalize(Object *obj)
{
    TypeImpl *ti = obj->class->type;

    /* Releases run first: they drop children and links to other objects */
    object_property_del_all(obj);
    /* The child-most type undoes its init first, the root's last. */
    for (TypeImpl *t = ti; t; t = t->parent_type) {
        if (t->instance_finalize) {
            t->instance_finalize(obj);
        }
    }
    g_hash_table_unref(obj->properties);
    obj->properties = NULL;

    if (__atomic_load_n(&obj->ref, __ATOMIC_RELAXED) != 0) {
        object_abort("Object %p of type '%s' was referenced again while "
                     "being finalized",
                     (void *)obj, ti->name);
    }
    if (obj->parent) {
        object_abort("Object %p of type '%s' is finalized while still a "
                     "child of %p",
                     (void *)obj, ti->name, (void *)obj->parent);
    }
    if (obj->free) {
        obj->free(obj);
    }
}

void object_unref(void *objptr)
{
    Object *obj = objptr;
    uint32_t old;

    if (!obj) {
        return;
    }
    /* Release/acquire: the finalizing thread sees every earlier write. */
    old = __atomic_fetch_sub(&obj->ref, 1, __ATOMIC_ACQ_REL);
    if (old == 0) {
        object_abort("object_unref: object %p of type '%s' has no "
                     "reference left",
                     (void *)obj, object_get_typename(obj));
    }
    if (old == 1) {
        object_finalize(obj);
    }
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

/* ---- Object casts ---- */

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

/*
 * Only the checked casts use the cache: they are given TYPE_* literals,
 * whereas object_dynamic_cast() may get a name that is freed afterwards,
 * whose address could later hold another name and give a false hit.
 */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line, const char *func)
{
    if (!obj) {
        return NULL;
    }
    if (type_cast_cache_hit(obj->class->object_cast_cache, typename)) {
        return obj;
    }
    if (!object_class_dynamic_cast(obj->class, typename)) {
        fprintf(stderr,
                "%s:%d:%s: Object %p is not an instance of type '%s' (it "
                "is '%s')\n",
                file, line, func, (void *)obj, typename,
                object_get_typename(obj));
        abort();
    }
    type_cast_cache_add(obj->class->object_cast_cache, typename);
    return obj;
}
