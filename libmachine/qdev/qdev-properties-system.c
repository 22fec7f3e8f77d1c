/*
 * Static properties that name things outside the device: backends
 * (-chardev, -drive, -netdev ids), MAC addresses, UUIDs and PCI
 * addresses.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "machine/qdev-properties.h"
#include "qdev-internal.h"
#include "util/error.h"

/* ---- Backend references ---- */

static const QdevBackendResolver *backend_resolvers[QDEV_BACKEND__MAX];

void qdev_prop_register_backend_resolver(QdevBackendKind kind,
                                         const QdevBackendResolver *r)
{
    g_assert(kind >= 0 && kind < QDEV_BACKEND__MAX);
    backend_resolvers[kind] = r;
}

static QdevBackendKind backend_kind(const Property *prop)
{
    if (prop->info == &qdev_prop_chr) {
        return QDEV_BACKEND_CHARDEV;
    }
    if (prop->info == &qdev_prop_drive) {
        return QDEV_BACKEND_DRIVE;
    }
    g_assert(prop->info == &qdev_prop_netdev);
    return QDEV_BACKEND_NETDEV;
}

static void backend_ref_clear(Object *obj, const char *name, Property *prop,
                              QdevBackendRef *ref)
{
    const QdevBackendResolver *r = backend_resolvers[backend_kind(prop)];

    if (ref->backend && r && r->release) {
        r->release(obj, name, ref->backend);
    }
    ref->backend = NULL;
    g_free(ref->id);
    ref->id = NULL;
}

static void get_backend_ref(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    QdevBackendRef *ref = object_field_prop_ptr(obj, opaque);
    char *value = ref->id ? ref->id : (char *)"";

    visit_type_str(v, name, &value, errp);
}

static void set_backend_ref(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    Property *prop = opaque;
    QdevBackendRef *ref = object_field_prop_ptr(obj, prop);
    const QdevBackendResolver *r = backend_resolvers[backend_kind(prop)];
    g_autofree char *str = NULL;
    void *backend = NULL;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    /* QEMU: an empty id means "no backend". */
    if (!*str) {
        backend_ref_clear(obj, name, prop, ref);
        return;
    }
    if (r && r->resolve) {
        Error *err = NULL;
        int ret = r->resolve(obj, name, str, &backend, &err);

        if (ret < 0) {
            if (err) {
                error_propagate(errp, err);
            } else {
                error_set_from_qdev_prop_error(errp, ret, obj, name, str);
            }
            return;
        }
    }
    backend_ref_clear(obj, name, prop, ref);
    ref->id = g_steal_pointer(&str);
    ref->backend = backend;
}

static void release_backend_ref(Object *obj, const char *name, void *opaque)
{
    backend_ref_clear(obj, name, opaque, object_field_prop_ptr(obj, opaque));
}

const PropertyInfo qdev_prop_chr = {
    .name = "str",
    .description = "ID of a chardev to use as a backend",
    .get = get_backend_ref,
    .set = set_backend_ref,
    .release = release_backend_ref,
};

const PropertyInfo qdev_prop_drive = {
    .name = "str",
    .description = "Node name or ID of a block device to use as a backend",
    .get = get_backend_ref,
    .set = set_backend_ref,
    .release = release_backend_ref,
};

const PropertyInfo qdev_prop_netdev = {
    .name = "str",
    .description = "ID of a netdev to use as a backend",
    .get = get_backend_ref,
    .set = set_backend_ref,
    .release = release_backend_ref,
};

void qdev_prop_set_chr(DeviceState *dev, const char *name, const char *id)
{
    object_property_set_str(OBJECT(dev), name, id, &error_abort);
}

void qdev_prop_set_drive(DeviceState *dev, const char *name, const char *id)
{
    object_property_set_str(OBJECT(dev), name, id, &error_abort);
}

void qdev_prop_set_netdev(DeviceState *dev, const char *name, const char *id)
{
    object_property_set_str(OBJECT(dev), name, id, &error_abort);
}

/* ---- MAC addresses ---- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/*
 * Six two-digit hex bytes separated by ':' or '-' (QEMU accepts both,
 * even mixed), nothing before or after.
 */
static bool mac_parse(const char *str, MACAddr *mac)
{
    size_t pos = 0;
    int i;

    for (i = 0; i < 6; i++, pos += 3) {
        int hi = hex_digit(str[pos]);
        int lo = hi < 0 ? -1 : hex_digit(str[pos + 1]);

        if (lo < 0) {
            return false;
        }
        if (i == 5) {
            if (str[pos + 2] != '\0') {
                return false;
            }
        } else if (str[pos + 2] != ':' && str[pos + 2] != '-') {
            return false;
        }
        mac->a[i] = hi << 4 | lo;
    }
    return true;
}

static void get_mac(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    MACAddr *mac = object_field_prop_ptr(obj, opaque);
    g_autofree char *str =
        g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", mac->a[0], mac->a[1],
                        mac->a[2], mac->a[3], mac->a[4], mac->a[5]);
    char *p = str;

    visit_type_str(v, name, &p, errp);
}

static void set_mac(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    MACAddr *mac = object_field_prop_ptr(obj, opaque);
    g_autofree char *str = NULL;
    MACAddr parsed;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (!mac_parse(str, &parsed)) {
        error_set_from_qdev_prop_error(errp, -EINVAL, obj, name, str);
        return;
    }
    *mac = parsed;
}

const PropertyInfo qdev_prop_macaddr = {
    .name = "str",
    .description = "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56",
    .get = get_mac,
    .set = set_mac,
};

void qdev_prop_set_macaddr(DeviceState *dev, const char *name,
                           const uint8_t *value)
{
    g_autofree char *str =
        g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", value[0], value[1],
                        value[2], value[3], value[4], value[5]);

    object_property_set_str(OBJECT(dev), name, str, &error_abort);
}

/* ---- UUIDs ---- */

#define UUID_VALUE_AUTO "auto"

/* RFC 4122 string form: 8-4-4-4-12 hex digits, case-insensitive. */
static bool uuid_parse(const char *str, QemuUUID *uuid)
{
    size_t pos = 0;
    int i;

    if (strlen(str) != 36) {
        return false;
    }
    for (i = 0; i < 16; i++) {
        int hi, lo;

        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            if (str[pos] != '-') {
                return false;
            }
            pos++;
        }
        hi = hex_digit(str[pos]);
        lo = hex_digit(str[pos + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        uuid->data[i] = hi << 4 | lo;
        pos += 2;
    }
    return true;
}

static char *uuid_unparse(const QemuUUID *uuid)
{
    const uint8_t *u = uuid->data;

    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8],
                           u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static void get_uuid(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    QemuUUID *uuid = object_field_prop_ptr(obj, opaque);
    g_autofree char *str = uuid_unparse(uuid);
    char *p = str;

    visit_type_str(v, name, &p, errp);
}

static void set_uuid(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    QemuUUID *uuid = object_field_prop_ptr(obj, opaque);
    g_autofree char *str = NULL;
    QemuUUID parsed;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (strcmp(str, UUID_VALUE_AUTO) == 0) {
        /* A random (version 4) UUID, as QEMU's qemu_uuid_generate(). */
        g_autofree char *random = g_uuid_string_random();

        if (!uuid_parse(random, &parsed)) {
            g_assert_not_reached();
        }
    } else if (!uuid_parse(str, &parsed)) {
        error_set_from_qdev_prop_error(errp, -EINVAL, obj, name, str);
        return;
    }
    *uuid = parsed;
}

static void set_default_uuid_auto(ObjectProperty *op, const Property *prop)
{
    object_property_set_default_str(op, UUID_VALUE_AUTO);
}

const PropertyInfo qdev_prop_uuid = {
    .name = "str",
    .description =
        "UUID (aka GUID) or \"" UUID_VALUE_AUTO "\" for random value (default)",
    .get = get_uuid,
    .set = set_uuid,
    .set_default_value = set_default_uuid_auto,
};

/* ---- PCI device/function ---- */

/*
 * One number as C's sscanf("%x") reads it: blanks, an optional sign, an
 * optional 0x, hex digits (at least one); the value wraps like an
 * unsigned int.  Returns the end, or NULL if there is no number.
 */
static const char *scan_hex(const char *p, unsigned int *value)
{
    bool neg = false;
    unsigned int v = 0;
    const char *digits;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && hex_digit(p[2]) >= 0) {
        p += 2;
    }
    digits = p;
    while (hex_digit(*p) >= 0) {
        /* Saturate like strtoul on overflow: anything huge is > 31. */
        v = v > (UINT_MAX >> 4) ? UINT_MAX : (v << 4) | hex_digit(*p);
        p++;
    }
    if (p == digits) {
        return NULL;
    }
    *value = neg ? -v : v;
    return p;
}

/* "SLOT" or "SLOT.FN", each in hex: QEMU's PCI address syntax. */
static bool devfn_parse(const char *str, int32_t *devfn)
{
    unsigned int slot, fn = 0;
    const char *p = scan_hex(str, &slot);

    if (!p) {
        return false;
    }
    if (*p == '.') {
        const char *q = scan_hex(p + 1, &fn);

        /* "1." or "1.x": only the slot was read, the rest is junk. */
        if (q) {
            p = q;
        } else {
            fn = 0;
        }
    }
    if (*p != '\0' || fn > 7 || slot > 31) {
        return false;
    }
    *devfn = slot << 3 | fn;
    return true;
}

static void get_pci_devfn(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    int32_t *ptr = object_field_prop_ptr(obj, opaque);

    visit_type_int32(v, name, ptr, errp);
}

static void set_pci_devfn(Object *obj, Visitor *v, const char *name,
                          void *opaque, Error **errp)
{
    int32_t *ptr = object_field_prop_ptr(obj, opaque);
    g_autofree char *str = NULL;
    int32_t value;

    /* A typed integer (from C or QMP) is the devfn itself. */
    if (!visit_type_str(v, name, &str, NULL)) {
        if (!visit_type_int32(v, name, &value, errp)) {
            return;
        }
        if (value < -1 || value > 255) {
            error_setg(errp,
                       "Parameter '%s' expects a value between -1 and "
                       "255",
                       name ? name : "null");
            return;
        }
        *ptr = value;
        return;
    }
    if (!devfn_parse(str, &value)) {
        error_set_from_qdev_prop_error(errp, -EINVAL, obj, name, str);
        return;
    }
    *ptr = value;
}

static char *print_pci_devfn(Object *obj, Property *prop)
{
    int32_t *ptr = object_field_prop_ptr(obj, prop);

    if (*ptr == -1) {
        return g_strdup("<unset>");
    }
    return g_strdup_printf("%02x.%x", *ptr >> 3, *ptr & 7);
}

/*
 * The default (-1, "any slot") cannot go through the string parser, which
 * refuses "-1" as QEMU does: store it directly.
 */
static void init_default_pci_devfn(Object *obj, ObjectProperty *op)
{
    Property *prop = op->opaque;
    int32_t *ptr = object_field_prop_ptr(obj, prop);

    *ptr = prop->defval.i;
}

static void set_default_pci_devfn(ObjectProperty *op, const Property *prop)
{
    g_assert(!op->init && !op->defval);
    op->defval = g_strdup_printf("%" PRId64, prop->defval.i);
    op->init = init_default_pci_devfn;
}

const PropertyInfo qdev_prop_pci_devfn = {
    .name = "int32",
    .description = "Slot and optional function number, example: 06.0 or 06",
    .print = print_pci_devfn,
    .get = get_pci_devfn,
    .set = set_pci_devfn,
    .set_default_value = set_default_pci_devfn,
};
