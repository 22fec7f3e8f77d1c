/*
 * Static device properties: a table of DEFINE_PROP_* entries per device
 * class, each a field of the device state with a type and a default.
 *
 *     static Property serial_props[] = {
 *         DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, -1),
 *         DEFINE_PROP_CHR("chardev", ISASerialState, chr),
 *         DEFINE_PROP_END_OF_LIST(),
 *     };
 *     device_class_set_props(dc, serial_props);
 *
 * Each entry becomes a QOM class property (so -device DRIVER,help lists it
 * with object_class_property_iter_init, with its type name and
 * description).  Defaults are in place before instance_init; -global
 * values are applied after every instance_init (in the device's
 * instance_post_init); the user's values come last.  Once the device is
 * realized its properties refuse new values.
 *
 * Error texts follow QEMU 7.2: a value a property parser refuses gives
 * "Property 'TYPE.NAME' doesn't take value 'VALUE'"; an unknown backend
 * "Property 'TYPE.NAME' can't find value 'ID'"; a number out of range
 * "Parameter 'NAME' expects uint32_t".
 */
#ifndef MACHINE_QDEV_PROPERTIES_H
#define MACHINE_QDEV_PROPERTIES_H

#include <stddef.h>
#include <stdint.h>

#include "machine/qdev-core.h"

typedef struct PropertyInfo PropertyInfo;

struct PropertyInfo {
    /* QOM type name of the property ("uint32", "str", "OnOffAuto"). */
    const char *name;
    /* Help text ("on/off", "Slot and optional function number, ..."). */
    const char *description;
    /* Enum properties: the value names. */
    const QEnumLookup *enum_table;
    /* May be set on a realized device (rare: runtime knobs). */
    bool realized_set_allowed;
    /*
     * The form info qtree shows ("03.2" for a PCI address); NULL: use
     * object_property_print().  Returns a g_malloc'd string.
     */
    char *(*print)(Object *obj, Property *prop);
    /* Install prop->defval as op's default (when prop->set_default). */
    void (*set_default_value)(ObjectProperty *op, const Property *prop);
    /* Add the class property itself (links); NULL: a plain field prop. */
    ObjectProperty *(*create)(ObjectClass *oc, const char *name,
                              Property *prop);
    /* Accessors; opaque is the Property. */
    ObjectPropertyAccessor *get;
    ObjectPropertyAccessor *set;
    ObjectPropertyRelease *release;
};

struct Property {
    const char *name;
    const PropertyInfo *info;
    /* Offset of the field in the device state. */
    ptrdiff_t offset;
    /* Bit properties: the bit. */
    uint8_t bitnr;
    bool set_default;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    /* Array properties (DEFINE_PROP_ARRAY): where the array pointer is. */
    int arrayoffset;
    const PropertyInfo *arrayinfo;
    int arrayfieldsize;
    /* Link properties: the target type. */
    const char *link_type;
};

/* ---- Field types of the special properties ---- */

/* An Ethernet address (DEFINE_PROP_MACADDR). */
typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

/* A UUID in RFC 4122 byte order (DEFINE_PROP_UUID). */
typedef struct QemuUUID {
    uint8_t data[16];
} QemuUUID;

/*
 * A reference to a backend by its id: a -chardev (DEFINE_PROP_CHR), a
 * -drive or block node (DEFINE_PROP_DRIVE), a -netdev (DEFINE_PROP_NETDEV).
 * The property stores the id; when the backend library has registered a
 * resolver (qdev_prop_register_backend_resolver()), setting the property
 * also looks the backend up and stores it in backend, and an unknown id
 * is refused ("Property 'isa-serial.chardev' can't find value 'foo'").
 * Without a resolver backend stays NULL and any id is accepted: a device
 * realize that needs the backend must then check it.  An empty string
 * clears the reference.
 */
typedef struct QdevBackendRef {
    char *id;
    void *backend;
} QdevBackendRef;

typedef enum QdevBackendKind {
    QDEV_BACKEND_CHARDEV,
    QDEV_BACKEND_DRIVE,
    QDEV_BACKEND_NETDEV,
    QDEV_BACKEND__MAX
} QdevBackendKind;

typedef struct QdevBackendResolver {
    /*
     * Find the backend called id for dev's property name.  Return 0 and
     * set *backend, or a negative errno: -ENOENT if there is none,
     * -EEXIST if it is already in use by another frontend, -EINVAL if it
     * is of the wrong kind.  Left without an error in errp, qdev turns
     * these into QEMU's texts ("Property 'X.chardev' can't find value
     * 'foo'"); a resolver with a better message sets errp itself.
     */
    int (*resolve)(Object *dev, const char *name, const char *id,
                   void **backend, Error **errp);
    /* The frontend lets go of backend (value replaced, or finalize). */
    void (*release)(Object *dev, const char *name, void *backend);
} QdevBackendResolver;

/* Install (NULL: remove) the resolver of kind; r must outlive its use. */
void qdev_prop_register_backend_resolver(QdevBackendKind kind,
                                         const QdevBackendResolver *r);

/* Values of the OnOffAuto enum (QEMU's qapi OnOffAuto). */
typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
    ON_OFF_AUTO__MAX
} OnOffAuto;
extern const QEnumLookup OnOffAuto_lookup;

/* What a timer device does with ticks the guest missed. */
typedef enum LostTickPolicy {
    LOST_TICK_POLICY_DISCARD,
    LOST_TICK_POLICY_DELAY,
    LOST_TICK_POLICY_SLEW,
    LOST_TICK_POLICY__MAX
} LostTickPolicy;
extern const QEnumLookup LostTickPolicy_lookup;

/* ---- Property types ---- */

extern const PropertyInfo qdev_prop_bit;
extern const PropertyInfo qdev_prop_bit64;
extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_size32;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_chr;
extern const PropertyInfo qdev_prop_drive;
extern const PropertyInfo qdev_prop_netdev;
extern const PropertyInfo qdev_prop_macaddr;
extern const PropertyInfo qdev_prop_uuid;
extern const PropertyInfo qdev_prop_pci_devfn;
extern const PropertyInfo qdev_prop_on_off_auto;
extern const PropertyInfo qdev_prop_losttickpolicy;
extern const PropertyInfo qdev_prop_arraylen;
extern const PropertyInfo qdev_prop_link;

/*
 * Building blocks for enum properties of other types:
 *
 *     const PropertyInfo qdev_prop_fdc_drive_type = {
 *         .name = "FloppyDriveType",
 *         .description = "FDC drive type, 144/288/120/none/auto",
 *         .enum_table = &FloppyDriveType_lookup,
 *         .get = qdev_propinfo_get_enum,
 *         .set = qdev_propinfo_set_enum,
 *         .set_default_value = qdev_propinfo_set_default_value_enum,
 *     };
 *
 * with an int-sized enum field and DEFINE_PROP_SIGNED(..., qdev_prop_x,
 * int) in the table.
 */
void qdev_propinfo_get_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp);
void qdev_propinfo_set_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp);
void qdev_propinfo_set_default_value_enum(ObjectProperty *op,
                                          const Property *prop);
void qdev_propinfo_set_default_value_int(ObjectProperty *op,
                                         const Property *prop);
void qdev_propinfo_set_default_value_uint(ObjectProperty *op,
                                          const Property *prop);

/* ---- Table entries ---- */

/* Compile-time check that a field has the type the property expects. */
#define qdev_prop_type_check_(t1, t2)                                      \
    (0 * sizeof(struct {                                                    \
         int type_mismatch_ : __builtin_types_compatible_p(t1, t2) ? 1 : -1; \
     }))

#define DEFINE_PROP(_name, _state, _field, _prop, _type, ...)              \
    {                                                                       \
        .name = (_name), .info = &(_prop),                                  \
        .offset = offsetof(_state, _field) +                                \
                  qdev_prop_type_check_(_type,                              \
                                        typeof(((_state *)0)->_field)),     \
        __VA_ARGS__                                                         \
    }

#define DEFINE_PROP_SIGNED(_name, _state, _field, _defval, _prop, _type)   \
    DEFINE_PROP(_name, _state, _field, _prop, _type, .set_default = true,  \
                .defval.i = (_type)(_defval))
#define DEFINE_PROP_SIGNED_NODEFAULT(_name, _state, _field, _prop, _type)  \
    DEFINE_PROP(_name, _state, _field, _prop, _type)
#define DEFINE_PROP_UNSIGNED(_name, _state, _field, _defval, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type, .set_default = true,  \
                .defval.u = (_type)(_defval))
#define DEFINE_PROP_UNSIGNED_NODEFAULT(_name, _state, _field, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type)

/* Bit _bit of a uint32_t (BIT) or uint64_t (BIT64) field, as a bool. */
#define DEFINE_PROP_BIT(_name, _state, _field, _bit, _defval)              \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bit, uint32_t,            \
                .bitnr = (_bit), .set_default = true,                       \
                .defval.u = (bool)(_defval))
#define DEFINE_PROP_BIT64(_name, _state, _field, _bit, _defval)            \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bit64, uint64_t,          \
                .bitnr = (_bit), .set_default = true,                       \
                .defval.u = (bool)(_defval))
#define DEFINE_PROP_BOOL(_name, _state, _field, _defval)                   \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bool, bool,               \
                .set_default = true, .defval.u = (bool)(_defval))

#define DEFINE_PROP_UINT8(_n, _s, _f, _d)                                   \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint8, uint8_t)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d)                                  \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint16, uint16_t)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d)                                  \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint32, uint32_t)
#define DEFINE_PROP_INT32(_n, _s, _f, _d)                                   \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int32, int32_t)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d)                                  \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint64, uint64_t)
#define DEFINE_PROP_INT64(_n, _s, _f, _d)                                   \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int64, int64_t)
/* Byte counts with K/M/G/T suffixes ("512K"). */
#define DEFINE_PROP_SIZE(_n, _s, _f, _d)                                    \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size, uint64_t)
#define DEFINE_PROP_SIZE32(_n, _s, _f, _d)                                  \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size32, uint32_t)

/* A char * field (g_free'd with the device); NULL by default. */
#define DEFINE_PROP_STRING(_n, _s, _f)                                      \
    DEFINE_PROP(_n, _s, _f, qdev_prop_string, char *)

/* Backend references: a QdevBackendRef field (see above). */
#define DEFINE_PROP_CHR(_n, _s, _f)                                         \
    DEFINE_PROP(_n, _s, _f, qdev_prop_chr, QdevBackendRef)
#define DEFINE_PROP_DRIVE(_n, _s, _f)                                       \
    DEFINE_PROP(_n, _s, _f, qdev_prop_drive, QdevBackendRef)
#define DEFINE_PROP_NETDEV(_n, _s, _f)                                      \
    DEFINE_PROP(_n, _s, _f, qdev_prop_netdev, QdevBackendRef)

/* "fa:16:3e:d1:2d:99" (also with '-'); all zero by default. */
#define DEFINE_PROP_MACADDR(_n, _s, _f)                                     \
    DEFINE_PROP(_n, _s, _f, qdev_prop_macaddr, MACAddr)

/* A UUID string, or "auto" for a random one (the default). */
#define DEFINE_PROP_UUID(_n, _s, _f)                                        \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uuid, QemuUUID, .set_default = true)
#define DEFINE_PROP_UUID_NODEFAULT(_n, _s, _f)                              \
    DEFINE_PROP(_n, _s, _f, qdev_prop_uuid, QemuUUID)

/*
 * A PCI device/function as an int32_t devfn (slot << 3 | function):
 * "addr=0x4" or "addr=4" (slot, in hex), "addr=0x1.0x2" or "1.2" (slot and
 * function); -1 (the usual default) means "pick a free slot".
 */
#define DEFINE_PROP_PCI_DEVFN(_n, _s, _f, _d)                               \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_pci_devfn, int32_t)

#define DEFINE_PROP_ON_OFF_AUTO(_n, _s, _f, _d)                             \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_on_off_auto, OnOffAuto)
#define DEFINE_PROP_LOSTTICKPOLICY(_n, _s, _f, _d)                          \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_losttickpolicy,           \
                       LostTickPolicy)

/*
 * A link<_type> to another object, stored in the _ptr_type * field; set
 * by QOM path, or with object_property_set_link() from board code.
 */
#define DEFINE_PROP_LINK(_n, _s, _f, _type, _ptr_type)                      \
    {                                                                       \
        .name = (_n), .info = &(qdev_prop_link), .link_type = (_type),     \
        .offset = offsetof(_s, _f) +                                        \
                  qdev_prop_type_check_(_ptr_type, typeof(((_s *)0)->_f)), \
    }

/*
 * A variable-length array: a uint32_t field _f counting elements and a
 * _arraytype * field _arrayfield.  Setting "len-NAME" (once, before
 * anything else) allocates the array and adds one property "NAME[i]" of
 * type _arrayprop per element.
 */
#define DEFINE_PROP_ARRAY(_name, _state, _field, _arrayfield, _arrayprop,  \
                          _arraytype)                                       \
    {                                                                       \
        .name = ("len-" _name), .info = &(qdev_prop_arraylen),             \
        .set_default = true, .defval.u = 0,                                 \
        .offset = offsetof(_state, _field) +                                \
                  qdev_prop_type_check_(uint32_t,                           \
                                        typeof(((_state *)0)->_field)),     \
        .arrayinfo = &(_arrayprop),                                         \
        .arrayfieldsize = sizeof(_arraytype),                               \
        .arrayoffset = offsetof(_state, _arrayfield) +                      \
                       qdev_prop_type_check_(_arraytype *,                  \
                           typeof(((_state *)0)->_arrayfield)),             \
    }

#define DEFINE_PROP_END_OF_LIST()                                           \
    {                                                                       \
    }

/* Register props (NULL-name terminated, must live forever) on dc. */
void device_class_set_props(DeviceClass *dc, Property *props);

/* The Property behind dev's static property name, or NULL. */
Property *qdev_get_prop(DeviceState *dev, const char *name);
/* Address of a property's field in obj. */
void *object_field_prop_ptr(Object *obj, Property *prop);

/*
 * The info qtree form of a static property's value (PropertyInfo.print,
 * else the string output visitor's).  g_free the result.
 */
char *qdev_prop_print(DeviceState *dev, const char *name, Error **errp);

/*
 * QEMU's error for a value a property refuses: ret is -EINVAL ("doesn't
 * take value"), -ENOENT ("can't find value") or -EEXIST ("can't take
 * value '%s', it's in use").
 */
void error_set_from_qdev_prop_error(Error **errp, int ret, Object *obj,
                                    const char *name, const char *value);
/* "Attempt to set property 'X' on device 'Y' (type 'Z') after ..." */
void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp);

/*
 * Setters for board code: a failure is a programming error (abort).
 * qdev_prop_set_chr/drive/netdev take the backend's id.
 */
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value);
void qdev_prop_set_uint16(DeviceState *dev, const char *name,
                          uint16_t value);
void qdev_prop_set_uint32(DeviceState *dev, const char *name,
                          uint32_t value);
void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name,
                          uint64_t value);
void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value);
void qdev_prop_set_chr(DeviceState *dev, const char *name, const char *id);
void qdev_prop_set_drive(DeviceState *dev, const char *name, const char *id);
void qdev_prop_set_netdev(DeviceState *dev, const char *name,
                          const char *id);
void qdev_prop_set_macaddr(DeviceState *dev, const char *name,
                           const uint8_t *value);
void qdev_prop_set_enum(DeviceState *dev, const char *name, int value);

/* ---- -global and compat properties ---- */

typedef struct GlobalProperty {
    const char *driver;
    const char *property;
    const char *value;
    /* Set once applied to some object (for the unused warning). */
    bool used;
    /* Skip objects that lack the property instead of failing. */
    bool optional;
} GlobalProperty;

/*
 * -global DRIVER.PROPERTY=VALUE: every device created from now on that is
 * a DRIVER (or a subclass) gets PROPERTY parsed from VALUE, after its
 * defaults and instance_init and before any property its creator sets.
 * Strings are copied.  Later registrations win over earlier ones.
 */
void qdev_prop_register_global(const char *driver, const char *property,
                               const char *value);
/* The same for a caller-owned GlobalProperty (not copied). */
void qdev_prop_register_global_prop(GlobalProperty *prop);
/* Forget every -global (tests). */
void qdev_prop_clear_globals(void);

/*
 * The machine's and the accelerator's compat properties (GPtrArray of
 * GlobalProperty *, owned by the caller), applied before the -global ones
 * (accelerator, then machine).
 */
void qdev_set_machine_compat_props(GPtrArray *props);
void qdev_set_accel_compat_props(GPtrArray *props);

/*
 * Apply every GlobalProperty of props that matches obj's type.  A failure
 * is "can't apply global DRIVER.PROP=VALUE: REASON"; with errp the first
 * failure stops and is returned, with errp NULL each is warned about.
 */
bool object_apply_global_props(Object *obj, const GPtrArray *props,
                               Error **errp);

/*
 * Warn about -global entries that never applied: a DRIVER that is no
 * device type ("global X.Y has invalid class name"), or a
 * non-hotpluggable device type of which no instance was created ("global
 * X.Y=Z not used").  Returns true if it warned.
 */
bool qdev_prop_check_globals(void);

/* ---- -device ---- */

/*
 * Create a device as -device / device_add do (QEMU 7.2's semantics):
 * driver must be a non-abstract, user-creatable device type; props is a
 * NULL-terminated array of key, value strings (may be NULL), where "bus"
 * names the bus (qbus_find()) and every other key is a property parsed
 * from its string; without bus= the device goes on the first bus of its
 * dc->bus_type that has room.  The device is named
 * /machine/peripheral/ID (id non-NULL) or /machine/peripheral-anon/
 * device[N], then realized.  On failure nothing is left behind (not on
 * the bus, not in the tree) and NULL is returned with errp.  On success
 * the caller holds a reference (drop it with object_unref once it has
 * looked at the device; the tree keeps its own).
 *
 * Properties are parsed like QEMU's keyval input: a bad number is
 * "Parameter 'NAME' expects integer" (or "expects size"), a bad bool
 * "Parameter 'NAME' expects 'on' or 'off'".
 */
DeviceState *qdev_device_add_from_props(const char *driver, const char *id,
                                        const char *const *props,
                                        Error **errp);

/*
 * Sysbus devices can be created with -device only where the machine
 * allows it (QEMU's dynamic sysbus device list).  The machine core
 * installs this check; without one, every sysbus device is refused with
 * "Parameter 'driver' expects a dynamic sysbus device type for the
 * machine".
 */
void qdev_set_dynamic_sysbus_check(bool (*allowed)(const char *typename));

#endif /* MACHINE_QDEV_PROPERTIES_H */
