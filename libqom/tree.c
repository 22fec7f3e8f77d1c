/*
 * The composition tree: child<T> properties, containers, canonical paths
 * and path resolution.
 *
 * Every object has at most one parent, which holds a reference to it
 * through a child<> property; the root container "/" holds the machine,
 * "/objects" and so on.  A path names the child<> properties from the
 * root down; link<> properties may be followed when resolving one, but
 * never make up a canonical path.
 */
#include <string.h>

#include "qom/object.h"
#include "util/error.h"

/* ---- child<> properties ---- */

static void child_get(Object *obj, Visitor *v, const char *name, void *opaque,
                      Error **errp)
{
    g_autofree char *path = object_get_canonical_path(opaque);
    char *value = path ? path : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static Object *child_resolve(Object *obj, void *opaque, const char *part)
{
    return opaque;
}

/*
 * The unparent hook runs first, while the child is still fully in the
 * tree (its parent, its path), so that it can tear down what depends on
 * that; only then is the link cut and the parent's reference dropped,
 * which may finalize the child.
 */
static void child_release(Object *obj, const char *name, void *opaque)
{
    Object *child = opaque;
    ObjectClass *klass = object_get_class(child);

    if (klass->unparent) {
        klass->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

static bool object_property_is_child(const ObjectProperty *prop)
{
    return prop->resolve == child_resolve;
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    g_autofree char *type = NULL;
    ObjectProperty *op;

    if (child->parent) {
        g_autofree char *path = object_get_canonical_path(child);

        /* Two parents would make the tree a graph: a programming error. */
        error_setg(&error_abort,
                   "Cannot add '%s' (type '%s') as child '%s': it already "
                   "has a parent",
                   path ? path : object_get_canonical_path_component(child),
                   object_get_typename(child), name);
        return NULL;
    }

    type = g_strdup_printf("child<%s>", object_get_typename(child));
    op = object_property_try_add(obj, name, type, child_get, NULL,
                                 child_release, child, errp);
    if (!op) {
        return NULL;
    }
    op->resolve = child_resolve;
    object_ref(child);
    child->parent = obj;
    return op;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    return object_property_try_add_child(obj, name, child, &error_abort);
}

/* The child<> property of obj's parent that holds obj, or NULL. */
static ObjectProperty *object_parent_child_property(const Object *obj)
{
    GHashTableIter iter;
    gpointer value;

    if (!obj->parent) {
        return NULL;
    }
    g_hash_table_iter_init(&iter, obj->parent->properties);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        ObjectProperty *prop = value;

        if (object_property_is_child(prop) && prop->opaque == obj) {
            return prop;
        }
    }
    /* child->parent is only ever set together with the property. */
    g_assert_not_reached();
}

void object_unparent(Object *obj)
{
    ObjectProperty *prop = object_parent_child_property(obj);

    /* Deleting the property runs child_release(): hook, cut, unref. */
    if (prop) {
        object_property_del(obj->parent, prop->name);
    }
}

/* ---- Containers ---- */

static const TypeInfo container_types[] = {
    {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    },
};

DEFINE_TYPES(container_types)

Object *object_get_root(void)
{
    /*
     * Created on first use and never freed: the tree lives as long as the
     * process.  The static pointer keeps it reachable for LeakSanitizer.
     */
    static Object *root;

    if (g_once_init_enter(&root)) {
        g_once_init_leave(&root, object_new(TYPE_CONTAINER));
    }
    return root;
}

Object *object_get_objects_root(void)
{
    return container_get(object_get_root(), "/objects");
}

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    Object *obj = root;
    int i;

    for (i = 0; parts[i]; i++) {
        Object *child;

        /* The leading "/" (and any "//") gives empty components. */
        if (!parts[i][0]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}

/* ---- Paths ---- */

const char *object_get_canonical_path_component(const Object *obj)
{
    ObjectProperty *prop = object_parent_child_property(obj);

    return prop ? prop->name : NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    GPtrArray *parts;
    GString *path;
    int i;

    if (obj == root) {
        return g_strdup("/");
    }

    parts = g_ptr_array_new();
    for (; obj != root; obj = obj->parent) {
        const char *component = object_get_canonical_path_component(obj);

        /* Reached a parentless object that is not the root: detached. */
        if (!component) {
            g_ptr_array_free(parts, true);
            return NULL;
        }
        g_ptr_array_add(parts, (gpointer)component);
    }

    path = g_string_new(NULL);
    for (i = parts->len - 1; i >= 0; i--) {
        g_string_append_c(path, '/');
        g_string_append(path, g_ptr_array_index(parts, i));
    }
    g_ptr_array_free(parts, true);
    return g_string_free(path, false);
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (!prop || !prop->resolve) {
        return NULL;
    }
    return prop->resolve(parent, prop->opaque, part);
}

/*
 * Walk parts (NULL-terminated) from obj through child<> and link<>
 * properties; the object reached if it is a typename, else NULL.
 */
static Object *resolve_abs_path(Object *obj, char **parts, const char *typename)
{
    for (; obj && *parts; parts++) {
        if (**parts) {
            obj = object_resolve_path_component(obj, *parts);
        }
    }
    return object_dynamic_cast(obj, typename);
}

typedef struct PartialMatch {
    char **parts;
    const char *typename;
    Object *found;
    bool ambiguous;
} PartialMatch;

/*
 * A partial path matches wherever in the tree it can be walked from: try
 * every object under obj (following child<> properties only, so each is
 * visited once).  Stops as soon as two different objects match.
 */
static void resolve_partial_path(Object *obj, PartialMatch *match)
{
    Object *found = resolve_abs_path(obj, match->parts, match->typename);
    GHashTableIter iter;
    gpointer value;

    if (found && match->found && found != match->found) {
        match->ambiguous = true;
        return;
    }
    if (found) {
        /* Two routes to one object (a child and a link) are one match. */
        match->found = found;
    }

    g_hash_table_iter_init(&iter, obj->properties);
    while (!match->ambiguous && g_hash_table_iter_next(&iter, NULL, &value)) {
        ObjectProperty *prop = value;

        if (object_property_is_child(prop)) {
            resolve_partial_path(prop->opaque, match);
        }
    }
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    g_auto(GStrv) parts = NULL;
    PartialMatch match = {0};

    if (ambiguous) {
        *ambiguous = false;
    }
    /*
     * "" is a partial path of no components: it matches every object, so
     * with a type it finds the one object of that type (QEMU's idiom).
     */
    parts = g_strsplit(path, "/", 0);
    if (path[0] == '/') {
        return resolve_abs_path(object_get_root(), parts, typename);
    }

    match.parts = parts;
    match.typename = typename;
    resolve_partial_path(object_get_root(), &match);
    if (match.ambiguous) {
        if (ambiguous) {
            *ambiguous = true;
        }
        return NULL;
    }
    return match.found;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

/* ---- Walking children ---- */

/*
 * The names are taken up front and each looked up again before use, so
 * fn may unparent the current child (or any other) without disturbing
 * the walk; children added meanwhile are not visited.
 */
static int do_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                            void *opaque, bool recurse)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer value;
    guint i;
    int ret = 0;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        ObjectProperty *prop = value;

        if (object_property_is_child(prop)) {
            g_ptr_array_add(names, g_strdup(prop->name));
        }
    }

    for (i = 0; i < names->len && ret == 0; i++) {
        ObjectProperty *prop =
            g_hash_table_lookup(obj->properties, names->pdata[i]);
        Object *child;

        if (!prop || !object_property_is_child(prop)) {
            continue;
        }
        child = prop->opaque;
        if (!recurse) {
            ret = fn(child, opaque);
            continue;
        }
        /* fn may unparent child: keep it alive until we know. */
        object_ref(child);
        ret = fn(child, opaque);
        if (ret == 0 && child->parent == obj) {
            ret = do_child_foreach(child, fn, opaque, true);
        }
        object_unref(child);
    }
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return do_child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return do_child_foreach(obj, fn, opaque, true);
}
