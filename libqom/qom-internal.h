/*
 * Private to libqom: the seams between the type/object core (type.c,
 * object.c) and the property code (property*.c, link.c, tree.c).
 */
#ifndef QOM_INTERNAL_H
#define QOM_INTERNAL_H

#include "qom/object.h"

/* property.c: a new, empty name -> ObjectProperty table. */
GHashTable *object_property_table_new(void);

/* property.c: set every class property's default on a new object. */
void object_class_property_init_all(Object *obj);

/*
 * property.c: delete every instance property of obj, calling each release
 * (a release may delete further properties; all of them go).  The table
 * itself stays: object.c destroys it after the instance_finalize chain.
 */
void object_property_del_all(Object *obj);

/* ---- type.c: the type table, for object.c ---- */

/*
 * One registered type.  The declared fields come from its TypeInfo; the
 * resolved ones are filled by type_initialize().
 */
struct TypeImpl {
    const char *name;
    const char *parent;

    size_t class_size;
    size_t instance_size;
    size_t instance_align;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    /* Terminated by a NULL type; NULL if none. */
    const InterfaceInfo *interfaces;

    /*
     * Set by type_initialize(), which also replaces zero sizes with the
     * parent's and sets abstract for types without instances.
     */
    struct TypeImpl *parent_type;
    /* TYPE_INTERFACE or one of its descendants. */
    bool is_interface;
    /* Published (release store) once class_init has returned. */
    ObjectClass *class;
    /* The class while its base_init/class_init functions run. */
    ObjectClass *class_in_progress;
    int init_state;
    /* An initialisation failure was already printed with error_report */
    bool error_reported;
};
typedef struct TypeImpl TypeImpl;

/*
 * Cast caches (ObjectClass.object_cast_cache / class_cast_cache): the
 * type-name pointers of the last checked casts that succeeded.  Checked
 * casts are given TYPE_* string literals, so comparing pointers is enough
 * for a hit; a miss falls back to the type table.  vCPU threads cast
 * concurrently, hence the atomic slot accesses; a lost update only costs
 * a later miss, and every slot always holds a name that did succeed.
 */
static inline bool type_cast_cache_hit(const char *const *cache,
                                       const char *typename)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED) == typename) {
            return true;
        }
    }
    return false;
}

/* Forget the oldest slot and remember typename as the newest. */
static inline void type_cast_cache_add(const char **cache, const char *typename)
{
    for (int i = 1; i < OBJECT_CLASS_CAST_CACHE; i++) {
        __atomic_store_n(&cache[i - 1],
                         __atomic_load_n(&cache[i], __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    __atomic_store_n(&cache[OBJECT_CLASS_CAST_CACHE - 1], typename,
                     __ATOMIC_RELAXED);
}

/* The registered type called name, or NULL.  Does not initialise it. */
TypeImpl *type_lookup(const char *name);

/*
 * ti's class, building it (and its ancestors' and interfaces') first if
 * needed; NULL with the reason in errp if the type is broken.
 */
ObjectClass *type_initialize(TypeImpl *ti, Error **errp);

#endif /* QOM_INTERNAL_H */
