/*
 * Types and classes: the type table, lazy class construction, interfaces
 * and class casts.
 *
 * Types are registered from module init functions, in link order, so a
 * type may be registered before its parent.  Nothing about the parent is
 * checked until the class is first needed (type_initialize()), which is
 * also when sizes are inherited and the class struct is built.
 *
 * Locking: registration and class construction take type_lock (recursive,
 * because a class_init may look up other classes).  Reading the table and
 * a built class needs no lock; types are registered at start-up, before
 * other threads look them up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qom-internal.h"
#include "util/error.h"
#include "util/error-report.h"

enum {
    TYPE_INIT_NONE,
    /* Resolving the parent and the interfaces; no class yet. */
    TYPE_INIT_RESOLVING,
    /* Running base_init/class_init on ti->class_in_progress. */
    TYPE_INIT_CLASS_INIT,
    TYPE_INIT_DONE,
};

static GHashTable *type_table;
static GRecMutex type_lock;

TypeImpl *type_lookup(const char *name)
{
    if (!name || !type_table) {
        return NULL;
    }
    return g_hash_table_lookup(type_table, name);
}

/*
 * Casts look names up constantly, usually with the same few string
 * literals.  A direct-mapped cache indexed by the name's address saves the
 * hash; the entry is confirmed by comparing the name itself, so a stale or
 * colliding entry only costs a miss.  Types are never unregistered, so a
 * cached TypeImpl stays valid.
 */
#define TYPE_LOOKUP_CACHE_SIZE 64
static TypeImpl *type_lookup_cache[TYPE_LOOKUP_CACHE_SIZE];

static TypeImpl *type_lookup_cached(const char *name)
{
    size_t slot = ((uintptr_t)name >> 3) % TYPE_LOOKUP_CACHE_SIZE;
    TypeImpl *ti = __atomic_load_n(&type_lookup_cache[slot], __ATOMIC_ACQUIRE);

    if (ti && (ti->name == name || !strcmp(ti->name, name))) {
        return ti;
    }
    ti = type_lookup(name);
    if (ti) {
        __atomic_store_n(&type_lookup_cache[slot], ti, __ATOMIC_RELEASE);
    }
    return ti;
}

/* ---- Registration ---- */

/*
 * Whether the type called name is TYPE_INTERFACE or descends from it, as
 * far as the registered parents tell.  Used at registration, before any
 * parent is resolved; type_initialize() checks again with the full chain.
 */
static bool type_name_is_interface(const char *name)
{
    guint limit = type_table ? g_hash_table_size(type_table) : 0;

    /* limit bounds the walk: the chain may still contain a cycle. */
    for (guint i = 0; name && i <= limit; i++) {
        TypeImpl *ti;

        if (!strcmp(name, TYPE_INTERFACE)) {
            return true;
        }
        ti = type_lookup(name);
        if (!ti) {
            return false;
        }
        name = ti->parent;
    }
    return false;
}

static const InterfaceInfo *interfaces_copy(const InterfaceInfo *src)
{
    InterfaceInfo *copy;
    size_t n = 0;

    if (!src) {
        return NULL;
    }
    while (src[n].type) {
        n++;
    }
    copy = g_new0(InterfaceInfo, n + 1);
    for (size_t i = 0; i < n; i++) {
        copy[i].type = g_strdup(src[i].type);
    }
    return copy;
}

static bool type_info_check(const TypeInfo *info, Error **errp)
{
    if (!info->name) {
        error_setg(errp, "Cannot register a type without a name");
        return false;
    }
    if (!info->parent && strcmp(info->name, TYPE_OBJECT) != 0 &&
        strcmp(info->name, TYPE_INTERFACE) != 0) {
        error_setg(errp, "Type '%s' has no parent type", info->name);
        return false;
    }
    if (type_lookup(info->name)) {
        error_setg(errp, "Type '%s' is already registered", info->name);
        return false;
    }
    if (info->interfaces && info->interfaces[0].type &&
        (!strcmp(info->name, TYPE_INTERFACE) ||
         type_name_is_interface(info->parent))) {
        error_setg(errp, "Interface type '%s' cannot implement interfaces",
                   info->name);
        return false;
    }
    return true;
}

static TypeImpl *type_register_internal(const TypeInfo *info, bool copy,
                                        Error **errp)
{
    TypeImpl *ti = NULL;

    g_rec_mutex_lock(&type_lock);
    if (!type_info_check(info, errp)) {
        goto out;
    }

    ti = g_new0(TypeImpl, 1);
    if (copy) {
        ti->name = g_strdup(info->name);
        ti->parent = g_strdup(info->parent);
        ti->interfaces = interfaces_copy(info->interfaces);
    } else {
        ti->name = info->name;
        ti->parent = info->parent;
        ti->interfaces = info->interfaces;
    }
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;

    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(type_table, (gpointer)ti->name, ti);
out:
    g_rec_mutex_unlock(&type_lock);
    return ti;
}

/*
 * The checked form copies the strings: its callers build TypeInfos at run
 * time and cannot promise they outlive the type.
 */
Type type_try_register(const TypeInfo *info, Error **errp)
{
    return type_register_internal(info, true, errp);
}

Type type_register(const TypeInfo *info)
{
    return type_register_internal(info, true, &error_abort);
}

Type type_register_static(const TypeInfo *info)
{
    return type_register_internal(info, false, &error_abort);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    for (int i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

/* ---- Lazy class construction ---- */

static bool type_is_ancestor(const TypeImpl *ti, const TypeImpl *ancestor)
{
    for (; ti; ti = ti->parent_type) {
        if (ti == ancestor) {
            return true;
        }
    }
    return false;
}

/*
 * Follow the parent names from ti up to the first type that is already
 * built (or the root, or an unknown name, reported later) and refuse a
 * chain that comes back on itself, which would otherwise recurse forever.
 */
static bool type_check_cycle(TypeImpl *ti, Error **errp)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new();
    TypeImpl *cur = ti;

    while (cur && cur->init_state < TYPE_INIT_CLASS_INIT) {
        if (g_ptr_array_find(seen, cur, NULL)) {
            g_autoptr(GString) path = g_string_new(NULL);

            for (guint i = 0; i < seen->len; i++) {
                TypeImpl *t = g_ptr_array_index(seen, i);

                g_string_append_printf(path, "%s -> ", t->name);
            }
            g_string_append(path, cur->name);
            error_setg(errp, "Type '%s' has a cycle in its parent chain: %s",
                       ti->name, path->str);
            return false;
        }
        g_ptr_array_add(seen, cur);
        cur = type_lookup(cur->parent);
    }
    return true;
}

static ObjectClass *type_initialize_locked(TypeImpl *ti, Error **errp);

/* What the type_resolve_*() steps found; applied once all checks pass. */
typedef struct TypeLayout {
    TypeImpl *parent;
    size_t class_size;
    size_t instance_size;
    size_t instance_align;
    bool is_interface;
    /* TypeImpl * of each interface ti declares. */
    GPtrArray *interfaces;
} TypeLayout;

static bool type_resolve_parent(TypeImpl *ti, TypeLayout *l, Error **errp)
{
    if (!ti->parent) {
        /* A root: TYPE_OBJECT or TYPE_INTERFACE (see type_info_check). */
        l->is_interface = !strcmp(ti->name, TYPE_INTERFACE);
        return true;
    }
    l->parent = type_lookup(ti->parent);
    if (!l->parent) {
        error_setg(errp, "Type '%s' has unknown parent type '%s'", ti->name,
                   ti->parent);
        return false;
    }
    if (!type_initialize_locked(l->parent, errp)) {
        error_prepend(errp, "Type '%s' cannot be initialised: ", ti->name);
        return false;
    }
    l->is_interface = l->parent->is_interface;
    return true;
}

static bool type_resolve_sizes(TypeImpl *ti, TypeLayout *l, Error **errp)
{
    TypeImpl *p = l->parent;

    l->instance_size = ti->instance_size;
    l->class_size = ti->class_size;
    l->instance_align = ti->instance_align;
    if (l->instance_align & (l->instance_align - 1)) {
        error_setg(errp,
                   "Type '%s' has instance_align %zu, which is not a power "
                   "of two",
                   ti->name, l->instance_align);
        return false;
    }
    if (!p) {
        return true;
    }
    if (!l->instance_size) {
        l->instance_size = p->instance_size;
    } else if (l->instance_size < p->instance_size) {
        error_setg(errp,
                   "Type '%s' has instance_size %zu, smaller than its parent "
                   "'%s' (%zu)",
                   ti->name, l->instance_size, p->name, p->instance_size);
        return false;
    }
    if (!l->class_size) {
        l->class_size = p->class_size;
    } else if (l->class_size < p->class_size) {
        error_setg(errp,
                   "Type '%s' has class_size %zu, smaller than its parent "
                   "'%s' (%zu)",
                   ti->name, l->class_size, p->name, p->class_size);
        return false;
    }
    /* The parent's struct is embedded first, with its alignment. */
    l->instance_align = MAX(l->instance_align, p->instance_align);
    return true;
}

static bool type_resolve_interfaces(TypeImpl *ti, TypeLayout *l, Error **errp)
{
    if (l->is_interface) {
        /* Interfaces only lend methods to classes; they have no objects. */
        if (ti->instance_size || ti->instance_align || ti->instance_init ||
            ti->instance_post_init || ti->instance_finalize) {
            error_setg(errp,
                       "Interface type '%s' cannot have instances "
                       "(instance_size, instance_align, instance_init, "
                       "instance_post_init and instance_finalize must be "
                       "unset)",
                       ti->name);
            return false;
        }
        if (ti->interfaces && ti->interfaces[0].type) {
            error_setg(errp, "Interface type '%s' cannot implement interfaces",
                       ti->name);
            return false;
        }
        return true;
    }

    for (int i = 0; ti->interfaces && ti->interfaces[i].type; i++) {
        const char *name = ti->interfaces[i].type;
        TypeImpl *iface = type_lookup(name);

        if (!iface) {
            error_setg(errp, "Type '%s' implements unknown interface '%s'",
                       ti->name, name);
            return false;
        }
        if (!type_initialize_locked(iface, errp)) {
            error_prepend(errp, "Type '%s' cannot be initialised: ", ti->name);
            return false;
        }
        if (!iface->is_interface) {
            error_setg(errp,
                       "Type '%s' implements '%s', which is not an interface "
                       "type",
                       ti->name, name);
            return false;
        }
        g_ptr_array_add(l->interfaces, iface);
    }
    return true;
}

/*
 * Call the class_base_init of top and each of its ancestors on klass, the
 * root's first, so that each level can undo what the memcpy from the
 * parent class copied (e.g. per-class lists) before the next level runs.
 */
static void type_call_base_init(ObjectClass *klass, TypeImpl *top, void *data)
{
    g_autoptr(GPtrArray) chain = g_ptr_array_new();

    for (TypeImpl *t = top; t; t = t->parent_type) {
        g_ptr_array_add(chain, t);
    }
    for (guint i = chain->len; i > 0; i--) {
        TypeImpl *t = g_ptr_array_index(chain, i - 1);

        if (t->class_base_init) {
            t->class_base_init(klass, data);
        }
    }
}

/* Give a class copied from another one its own identity. */
static void class_reset_copy(ObjectClass *klass, TypeImpl *ti)
{
    klass->type = ti;
    klass->interfaces = NULL;
    memset(klass->object_cast_cache, 0, sizeof(klass->object_cast_cache));
    memset(klass->class_cast_cache, 0, sizeof(klass->class_cast_cache));
    klass->properties = object_property_table_new();
}

/*
 * klass's own copy of iface's class, starting from src: iface's class for
 * an interface klass declares, the parent's copy for an inherited one (so
 * that the parent's class_init methods carry over).
 */
static void class_add_interface(ObjectClass *klass, TypeImpl *iface,
                                const ObjectClass *src)
{
    InterfaceClass *ic = g_malloc0(iface->class_size);

    memcpy(ic, src, iface->class_size);
    class_reset_copy(OBJECT_CLASS(ic), iface);
    ic->concrete_class = klass;
    ic->interface_type = iface;
    /* As for a subclass: each copy is a class of its own for base_init. */
    type_call_base_init(OBJECT_CLASS(ic), iface, NULL);
    klass->interfaces = g_slist_append(klass->interfaces, ic);
}

static bool class_has_interface(ObjectClass *klass, TypeImpl *iface)
{
    for (GSList *e = klass->interfaces; e; e = e->next) {
        InterfaceClass *ic = e->data;

        if (type_is_ancestor(ic->interface_type, iface)) {
            return true;
        }
    }
    return false;
}

/*
 * The class of a type that type_initialize_locked() accepted: built, or
 * still running its class_init when that asks for a subclass.
 */
static ObjectClass *type_class_of(TypeImpl *ti)
{
    return ti->class ? ti->class : ti->class_in_progress;
}

static ObjectClass *type_build_class(TypeImpl *ti, TypeLayout *l)
{
    ObjectClass *klass = g_malloc0(l->class_size);

    if (l->parent) {
        memcpy(klass, type_class_of(l->parent), l->parent->class_size);
    }
    class_reset_copy(klass, ti);
    ti->class_in_progress = klass;

    if (l->parent) {
        ObjectClass *pclass = type_class_of(l->parent);

        for (GSList *e = pclass->interfaces; e; e = e->next) {
            InterfaceClass *pic = e->data;

            class_add_interface(klass, pic->interface_type, e->data);
        }
    }
    for (guint i = 0; i < l->interfaces->len; i++) {
        TypeImpl *iface = g_ptr_array_index(l->interfaces, i);

        /* Declared again, or implied by a sub-interface already there. */
        if (!class_has_interface(klass, iface)) {
            class_add_interface(klass, iface, type_class_of(iface));
        }
    }

    type_call_base_init(klass, l->parent, ti->class_data);
    if (ti->class_init) {
        ti->class_init(klass, ti->class_data);
    }
    return klass;
}

static ObjectClass *type_initialize_locked(TypeImpl *ti, Error **errp)
{
    TypeLayout l = {0};
    ObjectClass *klass = NULL;

    switch (ti->init_state) {
    case TYPE_INIT_DONE:
        return ti->class;
    case TYPE_INIT_CLASS_INIT:
        /* Asked for by its own class_init (directly or not), as in QEMU. */
        return ti->class_in_progress;
    case TYPE_INIT_RESOLVING:
        error_setg(errp,
                   "Type '%s' is needed while its own parent or interfaces "
                   "are being initialised",
                   ti->name);
        return NULL;
    default:
        break;
    }

    if (!type_check_cycle(ti, errp)) {
        return NULL;
    }
    ti->init_state = TYPE_INIT_RESOLVING;
    l.interfaces = g_ptr_array_new();
    if (!type_resolve_parent(ti, &l, errp) ||
        !type_resolve_sizes(ti, &l, errp) ||
        !type_resolve_interfaces(ti, &l, errp)) {
        /* Nothing kept: a parent registered later may fix the type. */
        ti->init_state = TYPE_INIT_NONE;
        goto out;
    }

    ti->parent_type = l.parent;
    ti->is_interface = l.is_interface;
    ti->instance_size = l.instance_size;
    ti->class_size = l.class_size;
    ti->instance_align = l.instance_align;
    /* No instance size means no instances (interfaces), as in QEMU. */
    if (!ti->instance_size) {
        ti->abstract = true;
    }

    ti->init_state = TYPE_INIT_CLASS_INIT;
    klass = type_build_class(ti, &l);
    ti->class_in_progress = NULL;
    ti->init_state = TYPE_INIT_DONE;
    /* Other threads read the class without the lock: publish it last. */
    __atomic_store_n(&ti->class, klass, __ATOMIC_RELEASE);
out:
    g_ptr_array_free(l.interfaces, true);
    return klass;
}

ObjectClass *type_initialize(TypeImpl *ti, Error **errp)
{
    ObjectClass *klass = __atomic_load_n(&ti->class, __ATOMIC_ACQUIRE);

    if (klass) {
        return klass;
    }
    g_rec_mutex_lock(&type_lock);
    klass = type_initialize_locked(ti, errp);
    g_rec_mutex_unlock(&type_lock);
    return klass;
}

/* A broken type is a programming error worth one message, not one a call */
static void type_report_once(TypeImpl *ti, Error *err)
{
    if (__atomic_exchange_n(&ti->error_reported, true, __ATOMIC_RELAXED)) {
        error_free(err);
    } else {
        error_report_err(err);
    }
}

/* ---- Class queries ---- */

ObjectClass *object_class_try_by_name(const char *typename, Error **errp)
{
    TypeImpl *ti = type_lookup(typename);

    if (!ti) {
        error_setg(errp, "Type '%s' is not registered",
                   typename ? typename : "(null)");
        return NULL;
    }
    return type_initialize(ti, errp);
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_lookup(typename);
    Error *err = NULL;
    ObjectClass *klass;

    /* Unknown names are not reported: callers probe for optional types. */
    if (!ti) {
        return NULL;
    }
    klass = type_initialize(ti, &err);
    if (!klass) {
        type_report_once(ti, err);
    }
    return klass;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = klass->type->parent_type;

    /* Built before klass, so this cannot fail. */
    return parent ? type_initialize(parent, &error_abort) : NULL;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

size_t object_class_get_instance_size(ObjectClass *klass)
{
    return klass->type->instance_size;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    GList *types = NULL;

    /* A snapshot: fn or a class_init may register more types. */
    g_rec_mutex_lock(&type_lock);
    if (type_table) {
        types = g_hash_table_get_values(type_table);
    }
    g_rec_mutex_unlock(&type_lock);

    for (GList *e = types; e; e = e->next) {
        TypeImpl *ti = e->data;
        Error *err = NULL;
        ObjectClass *klass = type_initialize(ti, &err);

        if (!klass) {
            type_report_once(ti, err);
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(klass, implements_type)) {
            continue;
        }
        if (!include_abstract && ti->abstract) {
            continue;
        }
        fn(klass, opaque);
    }
    g_list_free(types);
}

static void class_list_prepend(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(class_list_prepend, implements_type, include_abstract,
                         &list);
    return list;
}

static gint class_cmp_name(gconstpointer a, gconstpointer b)
{
    const char *na = object_class_get_name((ObjectClass *)a);
    const char *nb = object_class_get_name((ObjectClass *)b);
    int r = g_ascii_strcasecmp(na, nb);

    /* Names differing only in case still get a stable order. */
    return r ? r : strcmp(na, nb);
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    return g_slist_sort(
        object_class_get_list(implements_type, include_abstract),
        class_cmp_name);
}

/* ---- Class casts ---- */

/*
 * klass's copy of the interface target: the one of exactly that type, or
 * else the only one that extends it.  Two unrelated sub-interfaces of
 * target make the cast ambiguous, and it fails (as in QEMU).
 */
static ObjectClass *class_find_interface(ObjectClass *klass, TypeImpl *target)
{
    ObjectClass *found = NULL;
    int matches = 0;

    for (GSList *e = klass->interfaces; e; e = e->next) {
        InterfaceClass *ic = e->data;

        if (ic->interface_type == target) {
            return e->data;
        }
        if (type_is_ancestor(ic->interface_type, target)) {
            found = e->data;
            matches++;
        }
    }
    return matches == 1 ? found : NULL;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename)
{
    TypeImpl *target;

    if (!klass) {
        return NULL;
    }
    /*
     * Callers mostly pass the TYPE_* literal the type was registered with:
     * a pointer match up the (short) parent chain avoids hashing the name.
     */
    for (TypeImpl *ti = klass->type; ti; ti = ti->parent_type) {
        if (ti->name == typename) {
            return klass;
        }
    }
    target = type_lookup_cached(typename);
    if (!target) {
        return NULL;
    }
    /* Also how an InterfaceClass casts to its own interface's ancestors. */
    if (type_is_ancestor(klass->type, target)) {
        return klass;
    }
    return class_find_interface(klass, target);
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    if (type_cast_cache_hit(klass->class_cast_cache, typename)) {
        return klass;
    }
    ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        fprintf(stderr,
                "%s:%d:%s: Class %p is not a class of type '%s' (it is "
                "'%s')\n",
                file, line, func, (void *)klass, typename, klass->type->name);
        abort();
    }
    /* An interface cast returns another class; only klass is cached. */
    if (ret == klass) {
        type_cast_cache_add(klass->class_cast_cache, typename);
    }
    return ret;
}

/* ---- The two roots ---- */

static char *object_get_type(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}

static void object_class_init(ObjectClass *klass, void *data)
{
    /* As in QEMU, every object answers qom-get of "type". */
    object_class_property_add_str(klass, "type", object_get_type, NULL);
}

static const TypeInfo qom_base_types[] = {
    {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
        .class_init = object_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    },
};

DEFINE_TYPES(qom_base_types)
