/*
 * QOM, the object model: types, classes, objects, interfaces, properties
 * and the composition tree, with QEMU's names and signatures.
 *
 * A type is registered from a TypeInfo (usually in a type_init function).
 * Its class, one struct per type holding the "virtual methods", is built
 * lazily on first use: the parent's class bytes are copied in, every
 * ancestor's class_base_init runs, then the type's class_init.  Objects are
 * created with object_new(), reference counted, and finalized child-most
 * type first.  Objects are linked into a tree of child<> properties rooted
 * at object_get_root(), which gives them paths like /machine/peripheral/x.
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "util/error.h"
#include "util/module.h"
#include "qom/visitor.h"

typedef struct TypeImpl *Type;
typedef struct TypeInfo TypeInfo;
typedef struct InterfaceInfo InterfaceInfo;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct InterfaceClass InterfaceClass;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/* Property accessors: call one visit_type_*() (see qom/visitor.h). */
typedef void(ObjectPropertyAccessor)(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp);
/* For child<> and link<> properties: the object the property points to. */
typedef Object *(ObjectPropertyResolve)(Object *obj, void *opaque,
                                        const char *part);
/* Called when the property is deleted (with its object, or explicitly). */
typedef void(ObjectPropertyRelease)(Object *obj, const char *name,
                                    void *opaque);
/* Class properties only: set the instance's default value. */
typedef void(ObjectPropertyInit)(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    ObjectPropertyAccessor *get;
    ObjectPropertyAccessor *set;
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    /* Default value as a string parsed by the setter; NULL: none. */
    char *defval;
};

typedef void(ObjectUnparent)(Object *obj);
typedef void(ObjectFree)(void *obj);

#define OBJECT_CLASS_CAST_CACHE 4

/* Base of every class struct; embed it first. */
struct ObjectClass {
    Type type;
    /* InterfaceClass * for each interface this class implements. */
    GSList *interfaces;
    /* Type names this class was last cast to successfully (see .c). */
    const char *object_cast_cache[OBJECT_CLASS_CAST_CACHE];
    const char *class_cast_cache[OBJECT_CLASS_CAST_CACHE];
    /* Called by object_unparent() before the object leaves the tree. */
    ObjectUnparent *unparent;
    /* Class properties: name -> ObjectProperty. */
    GHashTable *properties;
};

/* Base of every object struct; embed it first. */
struct Object {
    ObjectClass *class;
    /* How to release the memory after finalize; NULL for embedded. */
    ObjectFree *free;
    /* Instance properties: name -> ObjectProperty. */
    GHashTable *properties;
    uint32_t ref;
    Object *parent;
};

struct TypeInfo {
    const char *name;
    const char *parent;

    size_t instance_size;
    size_t instance_align;
    void (*instance_init)(Object *obj);
    /* After every instance_init; runs child type first, then parents. */
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    size_t class_size;

    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;

    /* Terminated by an entry with a NULL type; may be NULL. */
    const InterfaceInfo *interfaces;
};

struct InterfaceInfo {
    const char *type;
};

/*
 * The class of an interface as one implementing class sees it: every class
 * that implements interface I gets its own copy of I's class struct,
 * which its class_init may fill with its methods.
 */
struct InterfaceClass {
    ObjectClass parent_class;
    /* The class that implements the interface. */
    ObjectClass *concrete_class;
    Type interface_type;
};

/* ---- Casts ---- */

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(class) ((ObjectClass *)(class))

/* Checked casts: abort naming both types when obj is not a typename. */
#define OBJECT_CHECK(type, obj, name)                                       \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__,     \
                                        __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, class, name)                         \
    ((class_type *)object_class_dynamic_cast_assert(                        \
        OBJECT_CLASS(class), (name), __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class, obj, name)                                  \
    OBJECT_CLASS_CHECK(class, object_get_class(OBJECT(obj)), name)
#define INTERFACE_CHECK(interface, obj, name)                               \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name),        \
                                             __FILE__, __LINE__, __func__))

/*
 * OBJECT_DECLARE_TYPE(FooState, FooClass, FOO) declares the struct typedefs
 * and FOO(obj), FOO_CLASS(klass), FOO_GET_CLASS(obj) checked casts using
 * TYPE_FOO; OBJECT_DECLARE_SIMPLE_TYPE(FooState, FOO) is for types that add
 * no class struct (only FOO()).
 */
#define OBJECT_DECLARE_CHECKERS_(InstanceType, ClassType, NAME)             \
    static inline G_GNUC_UNUSED InstanceType *NAME(const void *obj)         \
    {                                                                       \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##NAME);                \
    }                                                                       \
    static inline G_GNUC_UNUSED ClassType *NAME##_GET_CLASS(const void *obj) \
    {                                                                       \
        return OBJECT_GET_CLASS(ClassType, obj, TYPE_##NAME);               \
    }                                                                       \
    static inline G_GNUC_UNUSED ClassType *NAME##_CLASS(const void *klass)  \
    {                                                                       \
        return OBJECT_CLASS_CHECK(ClassType, klass, TYPE_##NAME);           \
    }

#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, NAME)                  \
    typedef struct InstanceType InstanceType;                               \
    typedef struct ClassType ClassType;                                     \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)               \
    OBJECT_DECLARE_CHECKERS_(InstanceType, ClassType, NAME)

#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, NAME)                      \
    typedef struct InstanceType InstanceType;                               \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)               \
    static inline G_GNUC_UNUSED InstanceType *NAME(const void *obj)         \
    {                                                                       \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##NAME);                \
    }

/*
 * obj if it is an instance of typename (or implements the interface
 * typename), else NULL.  obj may be NULL.
 */
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
/*
 * klass if it is typename or a subclass; the InterfaceClass if typename is
 * an interface klass implements; else NULL.  klass may be NULL.
 */
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

/* ---- Types and classes ---- */

/*
 * Register a type.  info is not copied for _static (it must live forever).
 * A duplicate name, a missing name/parent, or an interface list on an
 * interface type is a programming error: these abort with a message.
 */
Type type_register_static(const TypeInfo *info);
/* Like type_register_static() but copies info's strings. */
Type type_register(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr_infos);
/* emu: the checked form, for callers that can handle a bad TypeInfo. */
Type type_try_register(const TypeInfo *info, Error **errp);

/* Register an array of TypeInfo from a type_init function. */
#define DEFINE_TYPES(type_array)                                            \
    static void do_emu_init_##type_array(void)                              \
    {                                                                       \
        type_register_static_array(type_array, G_N_ELEMENTS(type_array));   \
    }                                                                       \
    type_init(do_emu_init_##type_array)

/*
 * The class of typename, initialised on first use; NULL if no such type,
 * or if the type cannot be initialised (unknown parent, sizes smaller
 * than the parent's, a cycle): that reason is printed with error_report().
 */
ObjectClass *object_class_by_name(const char *typename);
/* emu: the same, with the reason in errp. */
ObjectClass *object_class_try_by_name(const char *typename, Error **errp);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
/* The bytes of an instance (the device fuzzer compares device state). */
size_t object_class_get_instance_size(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);

/*
 * Call fn for the class of every registered type that is (or implements)
 * implements_type (NULL: all), skipping abstract ones unless
 * include_abstract.  Order is unspecified.
 */
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);
/* The same set as a list of ObjectClass *; free with g_slist_free. */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
/* Sorted by type name (case-insensitive, as QEMU's help lists are). */
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);

/* ---- Objects ---- */

/* A new object with one reference.  Aborts on unknown/abstract types. */
Object *object_new(const char *typename);
Object *object_new_with_class(ObjectClass *klass);
/*
 * object_new(), then set the NULL-terminated name/value string pairs with
 * object_property_parse(), then (if parent) add it as child "id" of parent.
 * Returns NULL with errp on failure (unknown or abstract type included),
 * leaving nothing behind.  The returned object is owned by the parent when
 * one is given (the caller holds no extra reference).
 */
Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
    G_GNUC_NULL_TERMINATED;
Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs);
/* Set NULL-terminated name/value string pairs; false on the first error. */
bool object_set_props(Object *obj, Error **errp, ...) G_GNUC_NULL_TERMINATED;
bool object_set_propv(Object *obj, Error **errp, va_list vargs);

/*
 * Initialise an object in caller-provided memory of size bytes (aborts if
 * too small).  Its last object_unref() finalizes it without freeing.
 */
void object_initialize(void *data, size_t size, const char *typename);
/*
 * object_initialize() and add as child "propname" of parent; the parent's
 * reference is the only one left.
 */
void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type);
#define object_initialize_child(parent, propname, child, type)              \
    object_initialize_child_internal(OBJECT(parent), propname, child,      \
                                     sizeof(*(child)), type)

/* Atomic reference counting; returns obj.  Last unref finalizes. */
Object *object_ref(void *obj);
void object_unref(void *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Object, object_unref)

ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);

/* ---- Properties: adding ---- */

typedef enum {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE,
} ObjectPropertyFlags;

typedef enum {
    /* Unreference the old target and reference the new one. */
    OBJ_PROP_LINK_STRONG = 0x1,
    /* The link property is a class property; opaque holds an offset. */
    OBJ_PROP_LINK_CLASS = 0x2,
} ObjectPropertyLinkFlags;

/*
 * Add a property with a type name ("bool", "link<device>", ...).  A name
 * ending in "[*]" gets the first free index ("device[0]", "device[1]").
 * Adding a name that exists is a programming error (abort); use
 * object_property_try_add() when the name comes from a user.
 */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);
/* Delete an instance property, calling its release. */
void object_property_del(Object *obj, const char *name);

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **));
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                              const char *name,
                                              char *(*get)(Object *,
                                                           Error **),
                                              void (*set)(Object *,
                                                          const char *,
                                                          Error **));
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool,
                                                     Error **));
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                               const char *name,
                                               bool (*get)(Object *,
                                                           Error **),
                                               void (*set)(Object *, bool,
                                                           Error **));
ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                                         const char *typename,
                                         const QEnumLookup *lookup,
                                         int (*get)(Object *, Error **),
                                         void (*set)(Object *, int,
                                                     Error **));
ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                               const char *name,
                                               const char *typename,
                                               const QEnumLookup *lookup,
                                               int (*get)(Object *,
                                                          Error **),
                                               void (*set)(Object *, int,
                                                           Error **));

/*
 * Integer properties backed by a field.  For the object_ forms v points at
 * the field; for the object_class_ forms v is the field's offset in the
 * instance struct, cast to a pointer (as QEMU does).  Type names: "uint8",
 * "uint16", "uint32", "uint64", and (emu) "int" and "size", whose string
 * form accepts K/M/G/T suffixes.
 */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint8_ptr(ObjectClass *klass,
                                                    const char *name,
                                                    const uint8_t *v,
                                                    ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint16_ptr(
    ObjectClass *klass, const char *name, const uint16_t *v,
    ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint32_ptr(
    ObjectClass *klass, const char *name, const uint32_t *v,
    ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint64_ptr(
    ObjectClass *klass, const char *name, const uint64_t *v,
    ObjectPropertyFlags flags);
ObjectProperty *object_property_add_int64_ptr(Object *obj, const char *name,
                                              const int64_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_int64_ptr(
    ObjectClass *klass, const char *name, const int64_t *v,
    ObjectPropertyFlags flags);
ObjectProperty *object_property_add_size_ptr(Object *obj, const char *name,
                                             const uint64_t *v,
                                             ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_size_ptr(ObjectClass *klass,
                                                   const char *name,
                                                   const uint64_t *v,
                                                   ObjectPropertyFlags flags);

/*
 * link<type>: a pointer *targetp to another object, set by canonical path
 * (or partial path).  check (may be NULL for read-only links) vets a new
 * value; object_property_allow_set_link accepts any.  With
 * OBJ_PROP_LINK_STRONG the link holds a reference.
 */
ObjectProperty *object_property_add_link(
    Object *obj, const char *name, const char *type, Object **targetp,
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp),
    ObjectPropertyLinkFlags flags);
ObjectProperty *object_class_property_add_link(
    ObjectClass *oc, const char *name, const char *type, ptrdiff_t offset,
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp),
    ObjectPropertyLinkFlags flags);
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/*
 * child<type>: makes child part of obj in the composition tree, taking a
 * reference (the caller keeps its own).  A duplicate name aborts; the
 * try_ form reports it.  A child already in the tree aborts too.
 */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);

/* Description shown by help output. */
void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/*
 * Default values of class properties: set on every new instance before
 * instance_init runs, and shown in help.
 */
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_str(ObjectProperty *prop, const char *value);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);

/* ---- Properties: finding and iterating ---- */

/* Instance property, else class property (up the class chain); or NULL. */
ObjectProperty *object_property_find(Object *obj, const char *name);
/* The same with "Property 'TYPE.NAME' not found" in errp. */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp);
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);

typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    GHashTableIter iter;
} ObjectPropertyIterator;

/* Every property of obj: instance properties, then class ones. */
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
/* Every class property of klass and its ancestors. */
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* ---- Properties: values ---- */

/* Run the property's setter/getter with visitor v. */
bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp);
bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp);

/*
 * Typed access.  Setting a property of another type fails with
 * "Invalid parameter type for 'NAME', expected: TYPE".  Getters return
 * NULL / -1 / 0 / false on error.
 */
bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp);
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
/* Links: value must be in the composition tree, or NULL to clear. */
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp);
Object *object_property_get_link(Object *obj, const char *name,
                                  Error **errp);
int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp);

/* Parse a command-line string according to the property's type. */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
/* The value as a string (g_free it); human: see string_output_visitor_new */
char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp);

/* ---- The composition tree ---- */

/* The root container, "/". */
Object *object_get_root(void);
/* The "/objects" container for -object. */
Object *object_get_objects_root(void);
/* The container at path under root, creating missing containers. */
Object *container_get(Object *root, const char *path);

/* Canonical path ("/machine/unattached/device[0]"); NULL if unattached. */
char *object_get_canonical_path(const Object *obj);
/* The name obj has in its parent; NULL if unattached. */
const char *object_get_canonical_path_component(const Object *obj);

/*
 * Resolve an absolute path ("/machine/peripheral/serial0") or a partial
 * one ("serial0", "peripheral/serial0"), which matches any object whose
 * path ends that way.  NULL if none; for a partial path that matches more
 * than one object, NULL with *ambiguous = true (ambiguous may be NULL).
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
/* The same, keeping only objects of typename. */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
/* The object that property part of parent points at (child or link). */
Object *object_resolve_path_component(Object *parent, const char *part);

/* Remove obj from its parent (calls the class's unparent first). */
void object_unparent(Object *obj);

/* Call fn for each child; stops at and returns the first non-zero. */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
/* The same for the whole subtree below obj, depth first. */
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

#endif /* QOM_OBJECT_H */
