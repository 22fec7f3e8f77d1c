/*
 * Unit tests for static device properties (DEFINE_PROP_*): defaults,
 * parsing and printing of every type, QEMU's error texts for bad values,
 * the refusal after realize, backend references, arrays, links and the
 * class-level introspection -device help relies on.
 */
#include <errno.h>
#include <string.h>

#include "qdev-test.h"

#define TYPE_PROPS_DEV "test-props-dev"

typedef struct PropsDev {
    DeviceState parent_obj;
    uint32_t flags;
    uint64_t flags64;
    bool on;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    uint64_t size;
    uint32_t size32;
    char *str;
    QdevBackendRef chr;
    QdevBackendRef drive;
    QdevBackendRef netdev;
    MACAddr mac;
    QemuUUID uuid;
    QemuUUID uuid_nodef;
    int32_t addr;
    OnOffAuto ooa;
    LostTickPolicy ltp;
    uint32_t num_ports;
    uint32_t *ports;
    Object *link;
    /* What instance_init saw. */
    uint32_t u32_at_init;
    int32_t addr_at_init;
} PropsDev;

static Property props_dev_props[] = {
    DEFINE_PROP_BIT("bit0", PropsDev, flags, 0, true),
    DEFINE_PROP_BIT("bit5", PropsDev, flags, 5, false),
    DEFINE_PROP_BIT64("bit40", PropsDev, flags64, 40, true),
    DEFINE_PROP_BOOL("on", PropsDev, on, false),
    DEFINE_PROP_UINT8("u8", PropsDev, u8, 7),
    DEFINE_PROP_UINT16("u16", PropsDev, u16, 0x3f8),
    DEFINE_PROP_UINT32("u32", PropsDev, u32, -1),
    DEFINE_PROP_INT32("i32", PropsDev, i32, -5),
    DEFINE_PROP_UINT64("u64", PropsDev, u64, UINT64_MAX),
    DEFINE_PROP_INT64("i64", PropsDev, i64, INT64_MIN),
    DEFINE_PROP_SIZE("size", PropsDev, size, 256 * 1024 * 1024),
    DEFINE_PROP_SIZE32("size32", PropsDev, size32, 4096),
    DEFINE_PROP_STRING("str", PropsDev, str),
    DEFINE_PROP_CHR("chardev", PropsDev, chr),
    DEFINE_PROP_DRIVE("drive", PropsDev, drive),
    DEFINE_PROP_NETDEV("netdev", PropsDev, netdev),
    DEFINE_PROP_MACADDR("mac", PropsDev, mac),
    DEFINE_PROP_UUID("uuid", PropsDev, uuid),
    DEFINE_PROP_UUID_NODEFAULT("guid", PropsDev, uuid_nodef),
    DEFINE_PROP_PCI_DEVFN("addr", PropsDev, addr, -1),
    DEFINE_PROP_ON_OFF_AUTO("ooa", PropsDev, ooa, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_LOSTTICKPOLICY("lost_tick_policy", PropsDev, ltp,
                               LOST_TICK_POLICY_DISCARD),
    DEFINE_PROP_ARRAY("ports", PropsDev, num_ports, ports, qdev_prop_uint32,
                      uint32_t),
    DEFINE_PROP_LINK("link", PropsDev, link, TYPE_OBJECT, Object *),
    DEFINE_PROP_END_OF_LIST(),
};

static void props_dev_init(Object *obj)
{
    PropsDev *s = (PropsDev *)obj;

    s->u32_at_init = s->u32;
    s->addr_at_init = s->addr;
}

static void props_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "property test device";
    device_class_set_props(dc, props_dev_props);
}

static const TypeInfo props_types[] = {
    {
        .name = TYPE_PROPS_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PropsDev),
        .instance_init = props_dev_init,
        .class_init = props_dev_class_init,
    },
};

DEFINE_TYPES(props_types)

static PropsDev *props_dev_new(void)
{
    return (PropsDev *)qdev_new(TYPE_PROPS_DEV);
}

/* Parse value into name; return the error text (g_free) or NULL. */
static char *parse_err(PropsDev *s, const char *name, const char *value)
{
    Error *err = NULL;
    char *text;

    if (object_property_parse(OBJECT(s), name, value, &err)) {
        return NULL;
    }
    text = g_strdup(error_get_pretty(err));
    error_free(err);
    return text;
}

static void assert_print(PropsDev *s, const char *name, const char *want)
{
    g_autofree char *got =
        object_property_print(OBJECT(s), name, false, &error_abort);

    assert_string_equal(got, want);
}

static void test_defaults(void **state)
{
    PropsDev *s = props_dev_new();
    static const uint8_t zero_mac[6];

    assert_int_equal(s->flags, 1);
    assert_true(s->flags64 == 1ULL << 40);
    assert_false(s->on);
    assert_int_equal(s->u8, 7);
    assert_int_equal(s->u16, 0x3f8);
    assert_true(s->u32 == UINT32_MAX);
    assert_int_equal(s->i32, -5);
    assert_true(s->u64 == UINT64_MAX);
    assert_true(s->i64 == INT64_MIN);
    assert_true(s->size == 256 * 1024 * 1024);
    assert_int_equal(s->size32, 4096);
    assert_null(s->str);
    assert_null(s->chr.id);
    assert_memory_equal(s->mac.a, zero_mac, 6);
    assert_int_equal(s->addr, -1);
    assert_int_equal(s->ooa, ON_OFF_AUTO_AUTO);
    assert_int_equal(s->ltp, LOST_TICK_POLICY_DISCARD);
    assert_int_equal(s->num_ports, 0);
    assert_null(s->ports);
    /* Defaults are in place before instance_init runs. */
    assert_true(s->u32_at_init == UINT32_MAX);
    assert_int_equal(s->addr_at_init, -1);
    object_unref(s);
}

static void test_bool_and_bits(void **state)
{
    PropsDev *s = props_dev_new();
    g_autofree char *e = NULL;

    assert_null(parse_err(s, "bit5", "on"));
    assert_int_equal(s->flags, 0x21);
    assert_null(parse_err(s, "bit0", "off"));
    assert_int_equal(s->flags, 0x20);
    assert_print(s, "bit5", "true");
    assert_print(s, "bit0", "false");
    assert_null(parse_err(s, "bit40", "no"));
    assert_true(s->flags64 == 0);
    assert_null(parse_err(s, "on", "yes"));
    assert_true(s->on);
    assert_true(object_property_get_bool(OBJECT(s), "on", &error_abort));
    e = parse_err(s, "on", "maybe");
    assert_string_equal(e, "Parameter 'on' expects 'on' or 'off'");
    assert_true(s->on);
    object_unref(s);
}

static void test_integers(void **state)
{
    PropsDev *s = props_dev_new();

    assert_null(parse_err(s, "u8", "0x10"));
    assert_int_equal(s->u8, 16);
    assert_print(s, "u8", "16");
    assert_null(parse_err(s, "u16", "0x2f8"));
    assert_int_equal(s->u16, 0x2f8);
    assert_null(parse_err(s, "u32", "4294967295"));
    assert_true(s->u32 == UINT32_MAX);
    assert_null(parse_err(s, "i32", "-2147483648"));
    assert_true(s->i32 == INT32_MIN);
    assert_print(s, "i32", "-2147483648");
    assert_null(parse_err(s, "u64", "0xffffffffffffffff"));
    assert_true(s->u64 == UINT64_MAX);
    assert_null(parse_err(s, "i64", "-9223372036854775808"));
    assert_true(s->i64 == INT64_MIN);
    assert_int_equal(object_property_get_uint(OBJECT(s), "u16", &error_abort),
                     0x2f8);
    object_unref(s);
}

static void test_integer_range_errors(void **state)
{
    PropsDev *s = props_dev_new();
    char *e;

    e = parse_err(s, "u8", "256");
    assert_string_equal(e, "Parameter 'u8' expects uint8_t");
    g_free(e);
    assert_int_equal(s->u8, 7);
    e = parse_err(s, "u16", "65536");
    assert_string_equal(e, "Parameter 'u16' expects uint16_t");
    g_free(e);
    e = parse_err(s, "u32", "4294967296");
    assert_string_equal(e, "Parameter 'u32' expects uint32_t");
    g_free(e);
    e = parse_err(s, "i32", "2147483648");
    assert_string_equal(e, "Parameter 'i32' expects int32_t");
    g_free(e);
    assert_int_equal(s->i32, -5);
    /* Typed C values are range checked the same way. */
    {
        Error *err = NULL;

        assert_false(object_property_set_uint(OBJECT(s), "u8", 300, &err));
        assert_error(err, "Parameter 'u8' expects uint8_t");
    }
    object_unref(s);
}

static void test_sizes(void **state)
{
    PropsDev *s = props_dev_new();
    char *e;

    assert_null(parse_err(s, "size", "512K"));
    assert_true(s->size == 512 * 1024);
    assert_null(parse_err(s, "size", "2G"));
    assert_true(s->size == 2ULL << 30);
    assert_print(s, "size", "2147483648");
    assert_null(parse_err(s, "size32", "1M"));
    assert_int_equal(s->size32, 1 << 20);
    e = parse_err(s, "size32", "4G");
    assert_string_equal(e, "Property test-props-dev.size32 doesn't take "
                           "value 4294967296 (maximum: 4294967295)");
    g_free(e);
    assert_int_equal(s->size32, 1 << 20);
    object_unref(s);
}

static void test_strings(void **state)
{
    PropsDev *s = props_dev_new();

    assert_print(s, "str", "");
    assert_null(parse_err(s, "str", "hello"));
    assert_string_equal(s->str, "hello");
    assert_null(parse_err(s, "str", "world"));
    assert_string_equal(s->str, "world");
    assert_print(s, "str", "world");
    qdev_prop_set_string(DEVICE(s), "str", "board");
    assert_string_equal(s->str, "board");
    /* Freed with the device (the sanitizer build checks). */
    object_unref(s);
}

static void test_macaddr(void **state)
{
    PropsDev *s = props_dev_new();
    static const uint8_t want[6] = {0xfa, 0x16, 0x3e, 0xd1, 0x2d, 0x99};
    static const char *const bad[] = {
        "zz",
        "fa:16:3e:d1:2d:999",
        "",
        "fa:16:3e:d1:2d",
        "fa:16:3e:d1:2d:9",
        "fa.16.3e.d1.2d.99",
        " fa:16:3e:d1:2d:99",
        "fa:16:3e:d1:2d:9g",
    };
    size_t i;

    assert_null(parse_err(s, "mac", "fa:16:3e:d1:2d:99"));
    assert_memory_equal(s->mac.a, want, 6);
    assert_print(s, "mac", "fa:16:3e:d1:2d:99");
    /* '-' separators and upper case are accepted; printing is canonical. */
    assert_null(parse_err(s, "mac", "52-54-00-12-34-AB"));
    assert_print(s, "mac", "52:54:00:12:34:ab");
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *e = parse_err(s, "mac", bad[i]);
        g_autofree char *want_err = g_strdup_printf(
            "Property 'test-props-dev.mac' doesn't take value '%s'", bad[i]);

        assert_non_null(e);
        assert_string_equal(e, want_err);
    }
    assert_print(s, "mac", "52:54:00:12:34:ab");
    qdev_prop_set_macaddr(DEVICE(s), "mac", want);
    assert_memory_equal(s->mac.a, want, 6);
    object_unref(s);
}

static void test_uuid(void **state)
{
    PropsDev *a = props_dev_new();
    PropsDev *b = props_dev_new();
    static const QemuUUID zero;
    g_autofree char *e = NULL;

    /* "auto" (the default): random, version 4, different each time. */
    assert_memory_not_equal(a->uuid.data, zero.data, 16);
    assert_int_equal(a->uuid.data[6] >> 4, 4);
    assert_memory_not_equal(a->uuid.data, b->uuid.data, 16);
    /* _NODEFAULT leaves it zero. */
    assert_memory_equal(a->uuid_nodef.data, zero.data, 16);

    assert_null(parse_err(a, "uuid", "5B1F66A2-0E3A-4C2B-9E61-0123456789ab"));
    assert_int_equal(a->uuid.data[0], 0x5b);
    assert_int_equal(a->uuid.data[15], 0xab);
    assert_print(a, "uuid", "5b1f66a2-0e3a-4c2b-9e61-0123456789ab");
    e = parse_err(a, "uuid", "5b1f66a2-0e3a-4c2b-9e61-0123456789a");
    assert_string_equal(e, "Property 'test-props-dev.uuid' doesn't take "
                           "value '5b1f66a2-0e3a-4c2b-9e61-0123456789a'");
    g_free(e);
    e = parse_err(a, "guid", "5b1f66a2x0e3a-4c2b-9e61-0123456789ab");
    assert_string_equal(e, "Property 'test-props-dev.guid' doesn't take "
                           "value '5b1f66a2x0e3a-4c2b-9e61-0123456789ab'");
    assert_print(a, "uuid", "5b1f66a2-0e3a-4c2b-9e61-0123456789ab");
    assert_null(parse_err(a, "guid", "auto"));
    assert_int_equal(a->uuid_nodef.data[6] >> 4, 4);
    object_unref(a);
    object_unref(b);
}

static void test_pci_devfn(void **state)
{
    static const struct {
        const char *text;
        int32_t devfn;
    } good[] = {
        {"0x4", 4 << 3}, {"4", 4 << 3}, {"0x1.0x2", 1 << 3 | 2},
        {"1f.7", 255},   {"03.2", 26},  {"0x1f.0x7", 255},
        {"0", 0},        {"1.0", 8},    {"0x01.1", 9},
    };
    /* Each checked against qemu-system-x86_64 7.2 -device ...,addr=X. */
    static const char *const bad[] = {
        "0x1.0x9", "foo", "0x20", "32",     "0x1.", "1.2.3",
        "0:1.2",   "-1",  "",     "0x1f.8", "1.x",  "1 junk",
    };
    PropsDev *s = props_dev_new();
    Error *err = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good); i++) {
        assert_null(parse_err(s, "addr", good[i].text));
        assert_int_equal(s->addr, good[i].devfn);
    }
    s->addr = 26;
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *e = parse_err(s, "addr", bad[i]);
        g_autofree char *want = g_strdup_printf(
            "Property 'test-props-dev.addr' doesn't take value '%s'", bad[i]);

        assert_non_null(e);
        assert_string_equal(e, want);
        assert_int_equal(s->addr, 26);
    }
    /* A typed integer is the devfn itself. */
    assert_true(object_property_set_int(OBJECT(s), "addr", 17, &error_abort));
    assert_int_equal(s->addr, 17);
    assert_int_equal(object_property_get_int(OBJECT(s), "addr", &error_abort),
                     17);
    assert_false(object_property_set_int(OBJECT(s), "addr", 256, &err));
    assert_error(err, "Parameter 'addr' expects a value between -1 and 255");
    assert_true(object_property_set_int(OBJECT(s), "addr", -1, &error_abort));
    object_unref(s);
}

static void test_pci_devfn_print(void **state)
{
    PropsDev *s = props_dev_new();
    char *p;

    p = qdev_prop_print(DEVICE(s), "addr", &error_abort);
    assert_string_equal(p, "<unset>");
    g_free(p);
    assert_null(parse_err(s, "addr", "0x3.2"));
    p = qdev_prop_print(DEVICE(s), "addr", &error_abort);
    assert_string_equal(p, "03.2");
    g_free(p);
    /* Without a print hook: the human string output. */
    assert_null(parse_err(s, "u8", "16"));
    p = qdev_prop_print(DEVICE(s), "u8", &error_abort);
    assert_string_equal(p, "16 (0x10)");
    g_free(p);
    object_unref(s);
}

static void test_enums(void **state)
{
    PropsDev *s = props_dev_new();
    char *e;

    assert_print(s, "ooa", "auto");
    assert_print(s, "lost_tick_policy", "discard");
    assert_null(parse_err(s, "ooa", "on"));
    assert_int_equal(s->ooa, ON_OFF_AUTO_ON);
    assert_null(parse_err(s, "ooa", "off"));
    assert_int_equal(s->ooa, ON_OFF_AUTO_OFF);
    e = parse_err(s, "ooa", "maybe");
    assert_string_equal(e, "Parameter 'ooa' does not accept value 'maybe'");
    g_free(e);
    assert_int_equal(s->ooa, ON_OFF_AUTO_OFF);
    qdev_prop_set_enum(DEVICE(s), "lost_tick_policy", LOST_TICK_POLICY_SLEW);
    assert_int_equal(s->ltp, LOST_TICK_POLICY_SLEW);
    assert_print(s, "lost_tick_policy", "slew");
    object_unref(s);
}

static void test_set_after_realize(void **state)
{
    PropsDev *s = props_dev_new();
    Error *err = NULL;

    qdev_realize(DEVICE(s), NULL, &error_abort);
    assert_false(object_property_parse(OBJECT(s), "u32", "5", &err));
    assert_error(err, "Attempt to set property 'u32' on anonymous device "
                      "(type 'test-props-dev') after it was realized");
    assert_true(s->u32 == UINT32_MAX);
    assert_false(
        object_property_parse(OBJECT(s), "mac", "00:00:00:00:00:01", &err));
    assert_error(err, "Attempt to set property 'mac' on anonymous device "
                      "(type 'test-props-dev') after it was realized");
    assert_false(object_property_set_bool(OBJECT(s), "bit5", true, &err));
    assert_error(err, "Attempt to set property 'bit5' on anonymous device "
                      "(type 'test-props-dev') after it was realized");
    /* Reading is fine. */
    assert_print(s, "u8", "7");
    /* Unrealized, the device takes values again (QEMU does the same). */
    qdev_unrealize(DEVICE(s));
    assert_null(parse_err(s, "u32", "5"));
    assert_int_equal(s->u32, 5);
    object_unparent(OBJECT(s));
    object_unref(s);
}

static void test_set_after_realize_with_id(void **state)
{
    PropsDev *s = props_dev_new();
    Error *err = NULL;

    qdev_set_id(DEVICE(s), g_strdup("p0"), &error_abort);
    qdev_realize(DEVICE(s), NULL, &error_abort);
    assert_false(object_property_parse(OBJECT(s), "addr", "0x5", &err));
    assert_error(err, "Attempt to set property 'addr' on device 'p0' "
                      "(type 'test-props-dev') after it was realized");
    assert_false(object_property_parse(OBJECT(s), "link", "/machine", &err));
    assert_error(err, "Attempt to set link property 'link' on device 'p0' "
                      "(type 'test-props-dev') after it was realized");
    object_unref(s);
}

static void test_backend_without_resolver(void **state)
{
    PropsDev *s = props_dev_new();

    /* No backend library: the id is kept for later, anything goes. */
    assert_null(parse_err(s, "chardev", "c0"));
    assert_string_equal(s->chr.id, "c0");
    assert_null(s->chr.backend);
    assert_print(s, "chardev", "c0");
    assert_null(parse_err(s, "drive", "disk0"));
    assert_null(parse_err(s, "netdev", "hostnet0"));
    assert_print(s, "netdev", "hostnet0");
    /* An empty id clears. */
    assert_null(parse_err(s, "chardev", ""));
    assert_null(s->chr.id);
    assert_print(s, "chardev", "");
    qdev_prop_set_chr(DEVICE(s), "chardev", "serial0");
    assert_string_equal(s->chr.id, "serial0");
    object_unref(s);
}

static int backend_released;
static int backend_objects[2];

static int test_resolve(Object *dev, const char *name, const char *id,
                        void **backend, Error **errp)
{
    if (!strcmp(id, "c0")) {
        *backend = &backend_objects[0];
        return 0;
    }
    if (!strcmp(id, "c1")) {
        *backend = &backend_objects[1];
        return 0;
    }
    if (!strcmp(id, "busy")) {
        return -EEXIST;
    }
    if (!strcmp(id, "wrong")) {
        error_setg(errp, "Drive 'wrong' is already in use by another device");
        return -EBUSY;
    }
    return -ENOENT;
}

static void test_release(Object *dev, const char *name, void *backend)
{
    assert_true(backend == &backend_objects[0] ||
                backend == &backend_objects[1]);
    backend_released++;
}

static const QdevBackendResolver test_resolver = {
    .resolve = test_resolve,
    .release = test_release,
};

static void test_backend_with_resolver(void **state)
{
    PropsDev *s = props_dev_new();
    char *e;

    qdev_prop_register_backend_resolver(QDEV_BACKEND_CHARDEV, &test_resolver);
    qdev_prop_register_backend_resolver(QDEV_BACKEND_DRIVE, &test_resolver);
    backend_released = 0;

    assert_null(parse_err(s, "chardev", "c0"));
    assert_ptr_equal(s->chr.backend, &backend_objects[0]);
    e = parse_err(s, "chardev", "foo");
    assert_string_equal(e, "Property 'test-props-dev.chardev' can't find "
                           "value 'foo'");
    g_free(e);
    /* A refused value keeps the old one. */
    assert_ptr_equal(s->chr.backend, &backend_objects[0]);
    e = parse_err(s, "chardev", "busy");
    assert_string_equal(e, "Property 'test-props-dev.chardev' can't take "
                           "value 'busy', it's in use");
    g_free(e);
    e = parse_err(s, "drive", "wrong");
    assert_string_equal(e, "Drive 'wrong' is already in use by another "
                           "device");
    g_free(e);
    /* Replacing lets go of the old backend. */
    assert_null(parse_err(s, "chardev", "c1"));
    assert_int_equal(backend_released, 1);
    assert_ptr_equal(s->chr.backend, &backend_objects[1]);
    assert_null(parse_err(s, "drive", "c0"));
    /* Netdev has no resolver: anything goes. */
    assert_null(parse_err(s, "netdev", "foo"));
    object_unref(s);
    assert_int_equal(backend_released, 3);

    qdev_prop_register_backend_resolver(QDEV_BACKEND_CHARDEV, NULL);
    qdev_prop_register_backend_resolver(QDEV_BACKEND_DRIVE, NULL);
}

static void test_array(void **state)
{
    PropsDev *s = props_dev_new();
    char *e;

    assert_null(object_property_find(OBJECT(s), "ports[0]"));
    assert_null(parse_err(s, "len-ports", "3"));
    assert_int_equal(s->num_ports, 3);
    assert_non_null(s->ports);
    assert_null(parse_err(s, "ports[0]", "0x3f8"));
    assert_null(parse_err(s, "ports[2]", "0x2e8"));
    assert_int_equal(s->ports[0], 0x3f8);
    assert_int_equal(s->ports[1], 0);
    assert_int_equal(s->ports[2], 0x2e8);
    assert_print(s, "ports[2]", "744");
    assert_null(object_property_find(OBJECT(s), "ports[3]"));
    e = parse_err(s, "len-ports", "4");
    assert_string_equal(e, "array size property len-ports may not be set "
                           "more than once");
    g_free(e);
    e = parse_err(s, "ports[1]", "0x100000000");
    assert_string_equal(e, "Parameter 'ports[1]' expects uint32_t");
    g_free(e);
    /* Array and element properties are freed with the device. */
    object_unref(s);
}

static void test_link(void **state)
{
    PropsDev *s = props_dev_new();
    Object *target = object_new(TYPE_CONTAINER);

    object_property_add_child(qdev_get_machine(), "target", target);
    assert_true(
        object_property_set_link(OBJECT(s), "link", target, &error_abort));
    assert_ptr_equal(s->link, target);
    /* A strong link: the device holds a reference. */
    object_unparent(target);
    assert_ptr_equal(s->link, target);
    object_unref(target);
    object_unref(s);
}

static void test_class_introspection(void **state)
{
    ObjectClass *oc = object_class_by_name(TYPE_PROPS_DEV);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    int seen = 0;

    object_class_property_iter_init(&iter, oc);
    while ((prop = object_property_iter_next(&iter))) {
        if (!strcmp(prop->name, "u32")) {
            assert_string_equal(prop->type, "uint32");
            assert_string_equal(prop->defval, "4294967295");
            assert_null(prop->description);
            seen++;
        } else if (!strcmp(prop->name, "chardev")) {
            assert_string_equal(prop->type, "str");
            assert_string_equal(prop->description,
                                "ID of a chardev to use as a backend");
            assert_null(prop->defval);
            seen++;
        } else if (!strcmp(prop->name, "addr")) {
            assert_string_equal(prop->type, "int32");
            assert_string_equal(prop->description,
                                "Slot and optional "
                                "function number, example: 06.0 or 06");
            assert_string_equal(prop->defval, "-1");
            seen++;
        } else if (!strcmp(prop->name, "on")) {
            assert_string_equal(prop->type, "bool");
            assert_string_equal(prop->description, "on/off");
            assert_string_equal(prop->defval, "false");
            seen++;
        } else if (!strcmp(prop->name, "lost_tick_policy")) {
            assert_string_equal(prop->type, "LostTickPolicy");
            assert_string_equal(prop->defval, "discard");
            seen++;
        } else if (!strcmp(prop->name, "uuid")) {
            assert_string_equal(prop->description,
                                "UUID (aka GUID) or "
                                "\"auto\" for random value (default)");
            assert_string_equal(prop->defval, "auto");
            seen++;
        } else if (!strcmp(prop->name, "mac")) {
            assert_string_equal(prop->description,
                                "Ethernet 6-byte MAC "
                                "Address, example: 52:54:00:12:34:56");
            seen++;
        } else if (!strcmp(prop->name, "drive")) {
            assert_string_equal(prop->description,
                                "Node name or ID of a "
                                "block device to use as a backend");
            seen++;
        } else if (!strcmp(prop->name, "size")) {
            assert_string_equal(prop->type, "size");
            assert_string_equal(prop->defval, "268435456");
            seen++;
        } else if (!strcmp(prop->name, "link")) {
            assert_string_equal(prop->type, "link<object>");
            seen++;
        }
    }
    assert_int_equal(seen, 10);
    assert_string_equal(DEVICE_CLASS(oc)->desc, "property test device");
    assert_ptr_equal(DEVICE_CLASS(oc)->props_, props_dev_props);
}

static void test_board_setters(void **state)
{
    PropsDev *s = props_dev_new();

    qdev_prop_set_bit(DEVICE(s), "bit5", true);
    qdev_prop_set_uint8(DEVICE(s), "u8", 200);
    qdev_prop_set_uint16(DEVICE(s), "u16", 0x2f8);
    qdev_prop_set_uint32(DEVICE(s), "u32", 3);
    qdev_prop_set_int32(DEVICE(s), "i32", -7);
    qdev_prop_set_uint64(DEVICE(s), "u64", 1ULL << 40);
    qdev_prop_set_drive(DEVICE(s), "drive", "d0");
    qdev_prop_set_netdev(DEVICE(s), "netdev", "n0");
    assert_int_equal(s->flags, 0x21);
    assert_int_equal(s->u8, 200);
    assert_int_equal(s->u16, 0x2f8);
    assert_int_equal(s->u32, 3);
    assert_int_equal(s->i32, -7);
    assert_true(s->u64 == 1ULL << 40);
    assert_string_equal(s->drive.id, "d0");
    assert_string_equal(s->netdev.id, "n0");
    assert_ptr_equal(qdev_get_prop(DEVICE(s), "u16"), &props_dev_props[5]);
    assert_null(qdev_get_prop(DEVICE(s), "realized"));
    object_unref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        qdev_unit_test(test_defaults),
        qdev_unit_test(test_bool_and_bits),
        qdev_unit_test(test_integers),
        qdev_unit_test(test_integer_range_errors),
        qdev_unit_test(test_sizes),
        qdev_unit_test(test_strings),
        qdev_unit_test(test_macaddr),
        qdev_unit_test(test_uuid),
        qdev_unit_test(test_pci_devfn),
        qdev_unit_test(test_pci_devfn_print),
        qdev_unit_test(test_enums),
        qdev_unit_test(test_set_after_realize),
        qdev_unit_test(test_set_after_realize_with_id),
        qdev_unit_test(test_backend_without_resolver),
        qdev_unit_test(test_backend_with_resolver),
        qdev_unit_test(test_array),
        qdev_unit_test(test_link),
        qdev_unit_test(test_class_introspection),
        qdev_unit_test(test_board_setters),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
