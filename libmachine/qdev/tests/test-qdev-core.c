/*
 * Unit tests for the device and bus core: realize/unrealize (and their
 * failures), child buses, reset order, bus names, plugging rules,
 * qbus_find, tree walks and unparenting.
 */
#include <string.h>

#include "machine/sysbus.h"
#include "qdev-test.h"

#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_BUS2 "TestOtherBus"
#define TYPE_SMALL_BUS "small-bus"
#define TYPE_BRIDGE_DEV "test-bridge"
#define TYPE_LEAF_DEV "test-leaf"
#define TYPE_LEAF_SUB "test-leaf-sub"
#define TYPE_OTHER_LEAF "test-other-leaf"
#define TYPE_NOBUS_DEV "test-nobus"

/* A log of callbacks, to check orders. */
static GString *events;

static void log_event(const char *fmt, const char *name)
{
    if (events->len) {
        g_string_append_c(events, ' ');
    }
    g_string_append_printf(events, fmt, name);
}

static const char *dev_name(DeviceState *dev)
{
    return dev->id ? dev->id : object_get_typename(OBJECT(dev));
}

/* ---- Buses ---- */

typedef struct TestBusClass {
    BusClass parent_class;
} TestBusClass;

static bool fail_bus_realize;
static int refuse_address = -1;

typedef struct LeafDev {
    DeviceState parent_obj;
    uint32_t slot;
    bool fail_realize;
    int realize_count;
    int unrealize_count;
    int finalized_marker;
} LeafDev;

static bool test_bus_check_address(BusState *bus, DeviceState *dev,
                                   Error **errp)
{
    LeafDev *leaf = (LeafDev *)object_dynamic_cast(OBJECT(dev), TYPE_LEAF_DEV);

    if (leaf && (int)leaf->slot == refuse_address) {
        error_setg(errp, "slot %u is taken", leaf->slot);
        return false;
    }
    return true;
}

static void test_bus_realize(BusState *bus, Error **errp)
{
    if (fail_bus_realize) {
        error_setg(errp, "bus %s refuses", bus->name);
        return;
    }
    log_event("realize-bus:%s", bus->name);
}

static void test_bus_unrealize(BusState *bus)
{
    log_event("unrealize-bus:%s", bus->name);
}

static void test_bus_reset(BusState *bus)
{
    log_event("reset-bus:%s", bus->name);
}

static char *test_bus_get_dev_path(DeviceState *dev)
{
    return g_strdup_printf("test/%s", dev_name(dev));
}

static void test_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->check_address = test_bus_check_address;
    bc->realize = test_bus_realize;
    bc->unrealize = test_bus_unrealize;
    bc->reset = test_bus_reset;
    bc->get_dev_path = test_bus_get_dev_path;
}

static void small_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->max_dev = 2;
}

static void other_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    /* Only leaves of the sub type go here. */
    bc->device_type = TYPE_LEAF_SUB;
}

/* ---- Devices ---- */

typedef struct BridgeDev {
    DeviceState parent_obj;
    BusState *bus;
    uint32_t nbuses;
} BridgeDev;

static Property leaf_props[] = {
    DEFINE_PROP_UINT32("slot", LeafDev, slot, 0),
    DEFINE_PROP_BOOL("fail", LeafDev, fail_realize, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void leaf_realize(DeviceState *dev, Error **errp)
{
    LeafDev *s = (LeafDev *)dev;

    if (s->fail_realize) {
        error_setg(errp, "leaf '%s' failed", dev_name(dev));
        return;
    }
    s->realize_count++;
    log_event("realize:%s", dev_name(dev));
}

static void leaf_unrealize(DeviceState *dev)
{
    ((LeafDev *)dev)->unrealize_count++;
    log_event("unrealize:%s", dev_name(dev));
}

static void leaf_reset(DeviceState *dev)
{
    log_event("reset:%s", dev_name(dev));
}

static int finalized;

static void leaf_finalize(Object *obj)
{
    finalized++;
}

static void leaf_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TEST_BUS;
    dc->realize = leaf_realize;
    dc->unrealize = leaf_unrealize;
    dc->reset = leaf_reset;
    device_class_set_props(dc, leaf_props);
}

static DeviceRealize leaf_sub_parent_realize;

static void leaf_sub_realize(DeviceState *dev, Error **errp)
{
    log_event("sub-realize:%s", dev_name(dev));
    leaf_sub_parent_realize(dev, errp);
}

static void leaf_sub_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_parent_realize(dc, leaf_sub_realize,
                                    &leaf_sub_parent_realize);
    device_class_set_category(dc, DEVICE_CATEGORY_NETWORK);
}

static void other_leaf_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TEST_BUS2;
}

static Property bridge_props[] = {
    DEFINE_PROP_UINT32("nbuses", BridgeDev, nbuses, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void bridge_realize(DeviceState *dev, Error **errp)
{
    BridgeDev *s = (BridgeDev *)dev;
    uint32_t i;

    /* Buses made at realize are realized by qdev right after. */
    for (i = 0; i < s->nbuses; i++) {
        BusState *bus = qbus_new(TYPE_TEST_BUS, dev, NULL);

        if (!s->bus) {
            s->bus = bus;
        }
    }
    log_event("realize:%s", dev_name(dev));
}

static void bridge_unrealize(DeviceState *dev)
{
    log_event("unrealize:%s", dev_name(dev));
}

static void bridge_reset(DeviceState *dev)
{
    log_event("reset:%s", dev_name(dev));
}

static void bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TEST_BUS;
    dc->realize = bridge_realize;
    dc->unrealize = bridge_unrealize;
    dc->reset = bridge_reset;
    device_class_set_props(dc, bridge_props);
}

static void nobus_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->reset = bridge_reset;
}

static const TypeInfo core_types[] = {
    {
        .name = TYPE_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_size = sizeof(TestBusClass),
        .class_init = test_bus_class_init,
    },
    {
        .name = TYPE_SMALL_BUS,
        .parent = TYPE_TEST_BUS,
        .class_init = small_bus_class_init,
    },
    {
        .name = TYPE_TEST_BUS2,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = other_bus_class_init,
    },
    {
        .name = TYPE_LEAF_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(LeafDev),
        .instance_finalize = leaf_finalize,
        .class_init = leaf_class_init,
    },
    {
        .name = TYPE_LEAF_SUB,
        .parent = TYPE_LEAF_DEV,
        .class_init = leaf_sub_class_init,
    },
    {
        .name = TYPE_OTHER_LEAF,
        .parent = TYPE_LEAF_DEV,
        .class_init = other_leaf_class_init,
    },
    {
        .name = TYPE_BRIDGE_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(BridgeDev),
        .class_init = bridge_class_init,
    },
    {
        .name = TYPE_NOBUS_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(BridgeDev),
        .class_init = nobus_class_init,
    },
};

DEFINE_TYPES(core_types)

static int core_setup(void **state)
{
    events = g_string_new(NULL);
    fail_bus_realize = false;
    refuse_address = -1;
    return qdev_test_machine_setup(state);
}

static int core_teardown(void **state)
{
    qdev_test_machine_teardown(state);
    g_string_free(events, true);
    events = NULL;
    return 0;
}

#define core_test(f)                                                           \
    cmocka_unit_test_setup_teardown(f, core_setup, core_teardown)

/* A root bus for the tests, owned by a bus-less device in the tree. */
static BusState *root_bus(const char *name)
{
    DeviceState *owner = qdev_new(TYPE_NOBUS_DEV);
    BusState *bus;

    object_property_add_child(qdev_get_machine(), "root-owner[*]",
                              OBJECT(owner));
    object_unref(owner);
    bus = qbus_new(TYPE_TEST_BUS, owner, name);
    qdev_realize(owner, NULL, &error_abort);
    return bus;
}

static LeafDev *leaf_new(const char *type, const char *id)
{
    DeviceState *dev = qdev_new(type);

    if (id) {
        qdev_set_id(dev, g_strdup(id), &error_abort);
        object_unref(dev);
    }
    return (LeafDev *)dev;
}

/* ---- Tests ---- */

static void test_realize_unrealize(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *s = leaf_new(TYPE_LEAF_DEV, NULL);
    Error *err = NULL;

    g_string_truncate(events, 0);
    assert_false(object_property_get_bool(OBJECT(s), "realized", NULL));
    assert_true(qdev_realize(DEVICE(s), bus, &error_abort));
    assert_true(DEVICE(s)->realized);
    assert_true(object_property_get_bool(OBJECT(s), "realized", NULL));
    assert_ptr_equal(qdev_get_parent_bus(DEVICE(s)), bus);
    assert_int_equal(s->realize_count, 1);
    /* Nobody named it: QEMU files it under /machine/unattached. */
    {
        g_autofree char *path = object_get_canonical_path(OBJECT(s));

        assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    }
    /* Setting realized to its current value does nothing. */
    assert_true(object_property_set_bool(OBJECT(s), "realized", true, &err));
    assert_int_equal(s->realize_count, 1);

    qdev_unrealize(DEVICE(s));
    assert_false(DEVICE(s)->realized);
    assert_int_equal(s->unrealize_count, 1);
    assert_string_equal(events->str, "realize:test-leaf unrealize:test-leaf");
    /* Still plugged: unrealize is not unplug. */
    assert_int_equal(bus->num_children, 1);
    assert_true(
        object_property_set_bool(OBJECT(s), "realized", true, &error_abort));
    assert_int_equal(s->realize_count, 2);
    object_unref(s);
}

static void test_realize_and_unref(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *s = leaf_new(TYPE_LEAF_DEV, NULL);
    int before = finalized;

    assert_true(qdev_realize_and_unref(DEVICE(s), bus, &error_abort));
    /* The tree and the bus keep it alive. */
    assert_int_equal(finalized, before);
    assert_true(DEVICE(s)->realized);
    object_unparent(OBJECT(s));
    assert_int_equal(finalized, before + 1);
    assert_int_equal(bus->num_children, 0);
}

static void test_realize_failure(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *s = leaf_new(TYPE_LEAF_DEV, NULL);
    Error *err = NULL;
    int unattached_before = qdev_test_count_children("/machine/unattached");

    s->fail_realize = true;
    assert_false(qdev_realize(DEVICE(s), bus, &err));
    assert_error(err, "leaf 'test-leaf' failed");
    assert_false(DEVICE(s)->realized);
    /* Nothing left behind: not in the tree, not on the bus. */
    assert_null(OBJECT(s)->parent);
    assert_null(DEVICE(s)->parent_bus);
    assert_int_equal(bus->num_children, 0);
    assert_int_equal(qdev_test_count_children("/machine/unattached"),
                     unattached_before);
    assert_int_equal(s->unrealize_count, 0);
    /* Fixed, it can be realized after all. */
    s->fail_realize = false;
    assert_true(qdev_realize(DEVICE(s), bus, &error_abort));
    assert_int_equal(bus->num_children, 1);
    object_unref(s);
}

static void test_realize_failure_keeps_id(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *s = leaf_new(TYPE_LEAF_DEV, "l0");
    Error *err = NULL;

    s->fail_realize = true;
    assert_false(qdev_realize(DEVICE(s), bus, &err));
    assert_error(err, "leaf 'l0' failed");
    /* A named device stays where its creator put it, unplugged. */
    assert_ptr_equal(object_resolve_path("/machine/peripheral/l0", NULL), s);
    assert_null(DEVICE(s)->parent_bus);
    assert_int_equal(bus->num_children, 0);
}

static void test_child_bus_realize(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    LeafDev *leaf;

    g_string_truncate(events, 0);
    qdev_realize(DEVICE(br), bus, &error_abort);
    assert_string_equal(events->str, "realize:br realize-bus:br.0");
    assert_true(br->bus->realized);
    assert_true(object_property_get_bool(OBJECT(br->bus), "realized", NULL));

    leaf = leaf_new(TYPE_LEAF_DEV, "l1");
    qdev_realize(DEVICE(leaf), br->bus, &error_abort);
    g_string_truncate(events, 0);
    /* Unrealizing the bridge takes its bus and the devices on it down. */
    qdev_unrealize(DEVICE(br));
    assert_string_equal(events->str,
                        "unrealize:l1 unrealize-bus:br.0 unrealize:br");
    assert_false(br->bus->realized);
    assert_false(DEVICE(leaf)->realized);
}

static void test_child_bus_realize_failure(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    Error *err = NULL;

    fail_bus_realize = true;
    g_string_truncate(events, 0);
    assert_false(qdev_realize(DEVICE(br), bus, &err));
    assert_error(err, "bus br.0 refuses");
    /* The device's realize was undone. */
    assert_string_equal(events->str, "realize:br unrealize:br");
    assert_false(DEVICE(br)->realized);
    assert_false(br->bus->realized);
    assert_int_equal(bus->num_children, 0);
}

static void test_reset_order(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    BridgeDev *br2 = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br2");

    qdev_realize(DEVICE(br), bus, &error_abort);
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "a")), br->bus, &error_abort);
    qdev_realize(DEVICE(br2), br->bus, &error_abort);
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "c")), br2->bus, &error_abort);
    g_string_truncate(events, 0);
    /* Children first, newest first (QEMU's list order), then the bus. */
    device_cold_reset(DEVICE(br));
    assert_string_equal(events->str, "reset:c reset-bus:br2.0 reset:br2 "
                                     "reset:a reset-bus:br.0 reset:br");
    g_string_truncate(events, 0);
    bus_cold_reset(br2->bus);
    assert_string_equal(events->str, "reset:c reset-bus:br2.0");
    g_string_truncate(events, 0);
    device_legacy_reset(DEVICE(br));
    assert_string_equal(events->str, "reset:br");
    g_string_truncate(events, 0);
    qdev_reset_all(DEVICE(br2));
    assert_string_equal(events->str, "reset:c reset-bus:br2.0 reset:br2");
}

static void test_bus_naming(void **state)
{
    DeviceState *anon = qdev_new(TYPE_NOBUS_DEV);
    BridgeDev *named = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br0");
    BusState *b0, *b1, *b2, *b3, *explicit_bus;
    BusClass *bc = BUS_CLASS(object_class_by_name(TYPE_TEST_BUS2));
    int base = bc->automatic_ids;

    object_property_add_child(qdev_get_machine(), "anon", OBJECT(anon));
    object_unref(anon);
    /* No id on the parent: lower-cased type name, counted per class. */
    b0 = qbus_new(TYPE_TEST_BUS2, anon, NULL);
    b1 = qbus_new(TYPE_TEST_BUS2, anon, NULL);
    {
        g_autofree char *n0 = g_strdup_printf("testotherbus.%d", base);
        g_autofree char *n1 = g_strdup_printf("testotherbus.%d", base + 1);

        assert_string_equal(b0->name, n0);
        assert_string_equal(b1->name, n1);
    }
    /* A parent with an id: "<id>.<number of its buses>". */
    b2 = qbus_new(TYPE_TEST_BUS, DEVICE(named), NULL);
    b3 = qbus_new(TYPE_TEST_BUS2, DEVICE(named), NULL);
    assert_string_equal(b2->name, "br0.0");
    assert_string_equal(b3->name, "br0.1");
    explicit_bus = qbus_new(TYPE_TEST_BUS, DEVICE(named), "pci.0");
    assert_string_equal(explicit_bus->name, "pci.0");
    assert_int_equal(DEVICE(named)->num_child_bus, 3);
    /* Buses are children of their parent in the QOM tree, by name. */
    assert_ptr_equal(object_resolve_path("/machine/peripheral/br0/br0.1", NULL),
                     b3);
    assert_ptr_equal(object_resolve_path("/machine/peripheral/br0/pci.0", NULL),
                     explicit_bus);
    assert_ptr_equal(qdev_get_child_bus(DEVICE(named), "br0.0"), b2);
    assert_null(qdev_get_child_bus(DEVICE(named), "br0.7"));
    assert_ptr_equal(b2->parent, named);
}

static void test_bus_children(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *a = leaf_new(TYPE_LEAF_DEV, "a");
    LeafDev *b = leaf_new(TYPE_LEAF_DEV, "b");
    BusChild *kid;
    GString *order = g_string_new(NULL);

    qdev_realize(DEVICE(a), bus, &error_abort);
    qdev_realize(DEVICE(b), bus, &error_abort);
    assert_int_equal(bus->num_children, 2);
    QBUS_FOREACH_CHILD(bus, kid)
    {
        g_string_append_printf(order, "%s=%d ", kid->child->id, kid->index);
    }
    assert_string_equal(order->str, "b=1 a=0 ");
    g_string_free(order, true);
    /* child[N] links on the bus and parent_bus on the device. */
    assert_ptr_equal(object_resolve_path_component(OBJECT(bus), "child[1]"), b);
    {
        g_autofree char *p =
            object_property_get_str(OBJECT(bus), "child[0]", &error_abort);
        g_autofree char *pb =
            object_property_get_str(OBJECT(a), "parent_bus", &error_abort);
        g_autofree char *bus_path = object_get_canonical_path(OBJECT(bus));

        assert_string_equal(p, "/machine/peripheral/a");
        assert_string_equal(pb, bus_path);
    }
    assert_string_equal(
        object_property_get_type(OBJECT(bus), "child[0]", &error_abort),
        "link<test-leaf>");
    object_unparent(OBJECT(a));
    assert_int_equal(bus->num_children, 1);
    assert_null(object_property_find(OBJECT(bus), "child[0]"));
    /* Indexes are not reused. */
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "c")), bus, &error_abort);
    assert_non_null(object_property_find(OBJECT(bus), "child[2]"));
    {
        g_autofree char *path = qdev_get_dev_path(DEVICE(b));

        assert_string_equal(path, "test/b");
    }
}

static void test_plug_rules(void **state)
{
    DeviceState *owner = qdev_new(TYPE_NOBUS_DEV);
    BusState *small, *other, *bus = root_bus("r.0");
    LeafDev *a = leaf_new(TYPE_LEAF_DEV, "a");
    LeafDev *b = leaf_new(TYPE_LEAF_DEV, "b");
    LeafDev *c = leaf_new(TYPE_LEAF_DEV, "c");
    LeafDev *o = leaf_new(TYPE_OTHER_LEAF, "o");
    LeafDev *sub = leaf_new(TYPE_LEAF_SUB, "sub");
    Error *err = NULL;

    object_property_add_child(qdev_get_machine(), "owner", OBJECT(owner));
    object_unref(owner);
    small = qbus_new(TYPE_SMALL_BUS, owner, "small.0");
    other = qbus_new(TYPE_TEST_BUS2, owner, "other.0");

    /* Wrong type of bus for the device. */
    assert_false(qdev_realize(DEVICE(a), other, &err));
    assert_error(err, "Device 'test-leaf' can't go on TestOtherBus bus");
    assert_false(qdev_realize(DEVICE(o), small, &err));
    assert_error(err, "Device 'test-other-leaf' can't go on small-bus bus");
    /* The bus restricts the device type too. */
    assert_false(qdev_set_parent_bus(DEVICE(o), other, &err));
    assert_error(err, "Device 'test-other-leaf' can't go on TestOtherBus "
                      "bus");
    /* max_dev. */
    assert_true(qdev_realize(DEVICE(a), small, &error_abort));
    assert_true(qdev_realize(DEVICE(b), small, &error_abort));
    assert_false(qdev_realize(DEVICE(c), small, &err));
    assert_error(err, "Bus 'small.0' is full");
    assert_null(DEVICE(c)->parent_bus);
    /* check_address. */
    refuse_address = 3;
    c->slot = 3;
    assert_false(qdev_realize(DEVICE(c), bus, &err));
    assert_error(err, "slot 3 is taken");
    assert_int_equal(bus->num_children, 0);
    c->slot = 4;
    assert_true(qdev_realize(DEVICE(c), bus, &error_abort));
    /* A subclass of a bus's device type is accepted. */
    assert_false(qdev_realize(DEVICE(sub), other, &err));
    assert_error(err, "Device 'test-leaf-sub' can't go on TestOtherBus bus");
    /* Moving: out of the old bus, into the new. */
    assert_true(qdev_set_parent_bus(DEVICE(b), bus, &error_abort));
    assert_int_equal(small->num_children, 1);
    assert_int_equal(bus->num_children, 2);
    assert_ptr_equal(DEVICE(b)->parent_bus, bus);
}

static void test_qbus_find(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    Error *err = NULL;

    qdev_realize(DEVICE(br), bus, &error_abort);
    /* By QOM path (emu's addition; r.0 is not below the system bus). */
    assert_ptr_equal(qbus_find("/machine/peripheral/br/br.0", &error_abort),
                     br->bus);
    assert_null(qbus_find("/machine/peripheral/br", &err));
    assert_error(err, "Device 'machine' not found");
    assert_null(qbus_find("nosuchbus.0", &err));
    assert_error(err, "Bus 'nosuchbus.0' not found");
    assert_null(qbus_find("", &err));
    assert_error(err, "Bus '' not found");
}

/*
 * qbus_find's QEMU path syntax starts at the main system bus; these
 * tests plug a bridge there (a sysbus-typed bridge is not needed: the
 * root bus of the test is reached through a device on it).
 */
#define TYPE_SYSBRIDGE "test-sysbridge"

static void sysbridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    dc->realize = bridge_realize;
    dc->reset = bridge_reset;
    device_class_set_props(dc, bridge_props);
}

static const TypeInfo sysbridge_type = {
    .name = TYPE_SYSBRIDGE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(BridgeDev),
    .class_init = sysbridge_class_init,
};

static void register_sysbridge(void)
{
    type_register_static(&sysbridge_type);
}

type_init(register_sysbridge)

    static void test_qbus_find_paths(void **state)
{
    BridgeDev *host = (BridgeDev *)leaf_new(TYPE_SYSBRIDGE, "host");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    BridgeDev *two = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "two");
    BridgeDev *none = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "none");
    BusState *b;
    Error *err = NULL;

    qdev_realize(DEVICE(host), sysbus_get_default(), &error_abort);
    qdev_realize(DEVICE(br), host->bus, &error_abort);
    two->nbuses = 2;
    qdev_realize(DEVICE(two), host->bus, &error_abort);
    none->nbuses = 0;
    qdev_realize(DEVICE(none), host->bus, &error_abort);

    /* A bus name anywhere below the main system bus. */
    assert_ptr_equal(qbus_find("host.0", &error_abort), host->bus);
    assert_ptr_equal(qbus_find("br.0", &error_abort), br->bus);
    /* Absolute: device (by id or type), bus, ... */
    assert_ptr_equal(qbus_find("/", &error_abort), sysbus_get_default());
    assert_ptr_equal(qbus_find("/host/host.0", &error_abort), host->bus);
    assert_ptr_equal(qbus_find("/host/host.0/br/br.0", &error_abort), br->bus);
    assert_ptr_equal(qbus_find("/test-sysbridge/host.0", &error_abort),
                     host->bus);
    /* A trailing device with exactly one bus stands for that bus. */
    assert_ptr_equal(qbus_find("/host/host.0/br", &error_abort), br->bus);
    assert_ptr_equal(qbus_find("host.0/br", &error_abort), br->bus);
    b = qbus_find("//host//host.0//br//", &error_abort);
    assert_ptr_equal(b, br->bus);

    assert_null(qbus_find("/nosuch/x", &err));
    assert_true(g_str_has_prefix(error_get_pretty(err), "Device 'nosuch' "));
    assert_error(err, "Device 'nosuch' not found");
    assert_null(qbus_find("/host/host.9", &err));
    assert_error(err, "Bus 'host.9' not found");
    assert_null(qbus_find("/host/host.0/two", &err));
    assert_error(err, "Device 'two' has multiple child buses");
    assert_null(qbus_find("/host/host.0/none", &err));
    assert_error(err, "Device 'none' has no child bus");
    /* By type name: the newest of that type ("none"). */
    assert_null(qbus_find("/host/host.0/test-bridge", &err));
    assert_error(err, "Device 'test-bridge' has no child bus");
    assert_null(qbus_find("br.7", &err));
    assert_error(err, "Bus 'br.7' not found");
    object_unparent(OBJECT(host));
}

static void report_find_error(void *opaque)
{
    Error *err = NULL;

    qbus_find(opaque, &err);
    error_report_err(err);
}

static void test_qbus_find_hints(void **state)
{
    BridgeDev *host = (BridgeDev *)leaf_new(TYPE_SYSBRIDGE, "host");
    BridgeDev *two = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "two");
    ChildResult r;

    qdev_realize(DEVICE(host), sysbus_get_default(), &error_abort);
    qdev_realize_and_unref(DEVICE(leaf_new(TYPE_LEAF_DEV, NULL)), host->bus,
                           &error_abort);
    two->nbuses = 2;
    qdev_realize(DEVICE(two), host->bus, &error_abort);

    /* QEMU's hints list what is there, newest first. */
    r = run_in_child(report_find_error, (void *)"host.0/x");
    assert_string_equal(r.err, "emu: Device 'x' not found\n"
                               "devices at \"host.0\": \"test-bridge\"/"
                               "\"two\", \"test-leaf\"\n");
    g_free(r.err);
    r = run_in_child(report_find_error, (void *)"host.0/two/x");
    assert_string_equal(r.err, "emu: Bus 'x' not found\n"
                               "child buses at \"two\": \"two.1\", "
                               "\"two.0\"\n");
    g_free(r.err);
    object_unparent(OBJECT(host));
}

static int walk_dev(DeviceState *dev, void *opaque)
{
    log_event("dev:%s", dev_name(dev));
    /* A positive value skips the children of "skip". */
    return dev->id && !strcmp(dev->id, "skip") ? 1 : 0;
}

static int walk_bus(BusState *bus, void *opaque)
{
    log_event("bus:%s", bus->name);
    return 0;
}

static int walk_post_dev(DeviceState *dev, void *opaque)
{
    log_event("post:%s", dev_name(dev));
    return dev->id && !strcmp(dev->id, "stop") ? -7 : 0;
}

static void test_walk_children(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    BridgeDev *skip = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "skip");

    qdev_realize(DEVICE(br), bus, &error_abort);
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "a")), br->bus, &error_abort);
    qdev_realize(DEVICE(skip), br->bus, &error_abort);
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "hidden")), skip->bus,
                 &error_abort);
    g_string_truncate(events, 0);
    assert_int_equal(qdev_walk_children(DEVICE(br), walk_dev, walk_bus,
                                        walk_post_dev, NULL, NULL),
                     0);
    assert_string_equal(events->str, "dev:br bus:br.0 dev:skip dev:a post:a "
                                     "post:br");
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_DEV, "stop")), br->bus,
                 &error_abort);
    g_string_truncate(events, 0);
    assert_int_equal(
        qbus_walk_children(br->bus, NULL, NULL, walk_post_dev, NULL, NULL), -7);
    assert_string_equal(events->str, "post:stop");
}

static void test_unparent_cascades(void **state)
{
    BusState *bus = root_bus("r.0");
    BridgeDev *br = (BridgeDev *)leaf_new(TYPE_BRIDGE_DEV, "br");
    LeafDev *a = leaf_new(TYPE_LEAF_DEV, "a");
    LeafDev *b = leaf_new(TYPE_LEAF_DEV, NULL);
    int before = finalized;

    qdev_realize(DEVICE(br), bus, &error_abort);
    qdev_realize(DEVICE(a), br->bus, &error_abort);
    qdev_realize_and_unref(DEVICE(b), br->bus, &error_abort);
    g_string_truncate(events, 0);
    /* The bridge goes: unrealized, its bus and both leaves with it. */
    object_unparent(OBJECT(br));
    assert_int_equal(finalized, before + 2);
    assert_int_equal(bus->num_children, 0);
    assert_null(object_resolve_path("/machine/peripheral/br", NULL));
    assert_null(object_resolve_path("/machine/peripheral/a", NULL));
    assert_string_equal(events->str, "unrealize:test-leaf unrealize:a "
                                     "unrealize-bus:br.0 unrealize:br");
}

static void test_get_machine(void **state)
{
    Object *machine = qdev_get_machine();
    DeviceState *dev = qdev_new(TYPE_NOBUS_DEV);
    Error *err = NULL;

    assert_ptr_equal(machine, object_resolve_path("/machine", NULL));
    object_unparent(machine);
    assert_null(qdev_get_machine());
    /* Without a machine: no id can be given, realize still works. */
    assert_null(qdev_set_id(dev, g_strdup("x"), &err));
    assert_error(err, "Device 'x' can't be added before the machine exists");
    assert_true(qdev_realize(dev, NULL, &error_abort));
    assert_null(OBJECT(dev)->parent);
    object_unref(dev);
    qdev_test_machine_setup(state);
}

static void test_class_helpers(void **state)
{
    DeviceClass *dc = DEVICE_CLASS(object_class_by_name(TYPE_LEAF_SUB));
    DeviceClass *base = DEVICE_CLASS(object_class_by_name(TYPE_LEAF_DEV));
    BusState *bus = root_bus("r.0");

    assert_true(device_class_has_category(dc, DEVICE_CATEGORY_NETWORK));
    assert_false(device_class_has_category(dc, DEVICE_CATEGORY_MISC));
    assert_false(device_class_has_category(base, DEVICE_CATEGORY_NETWORK));
    assert_string_equal(device_category_name(DEVICE_CATEGORY_BRIDGE),
                        "Controller/Bridge/Hub devices");
    assert_string_equal(device_category_name(DEVICE_CATEGORY_NETWORK),
                        "Network devices");
    assert_string_equal(device_category_name(DEVICE_CATEGORY_MAX),
                        "Uncategorized devices");
    /* QEMU's defaults. */
    assert_true(base->user_creatable);
    assert_true(base->hotpluggable);
    assert_true(object_class_is_abstract(object_class_by_name(TYPE_DEVICE)));
    assert_true(object_class_is_abstract(object_class_by_name(TYPE_BUS)));
    /* The subclass's realize chains to its parent's. */
    g_string_truncate(events, 0);
    qdev_realize(DEVICE(leaf_new(TYPE_LEAF_SUB, "s")), bus, &error_abort);
    assert_string_equal(events->str, "sub-realize:s realize:s");
}

static void test_device_properties(void **state)
{
    BusState *bus = root_bus("r.0");
    LeafDev *a = leaf_new(TYPE_LEAF_DEV, "a");
    Error *err = NULL;

    assert_true(object_property_get_bool(OBJECT(a), "hotpluggable", NULL));
    assert_false(object_property_get_bool(OBJECT(a), "hotplugged", NULL));
    assert_false(
        object_property_set_bool(OBJECT(a), "hotpluggable", false, &err));
    assert_error(err, "Property 'test-leaf.hotpluggable' is not writable");
    qdev_realize(DEVICE(a), bus, &error_abort);
    assert_ptr_equal(object_property_get_link(OBJECT(a), "parent_bus", NULL),
                     bus);
    assert_string_equal(qdev_fw_name(DEVICE(a)), "a");
    /* A hotplugged device whose class refuses hotplug cannot realize. */
    {
        LeafDev *h = leaf_new(TYPE_LEAF_DEV, "h");
        DeviceClass *dc = DEVICE_GET_CLASS(h);

        DEVICE(h)->hotplugged = true;
        dc->hotpluggable = false;
        assert_false(qdev_realize(DEVICE(h), bus, &err));
        dc->hotpluggable = true;
        assert_error(err, "Device 'test-leaf' does not support hotplugging");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        core_test(test_realize_unrealize),
        core_test(test_realize_and_unref),
        core_test(test_realize_failure),
        core_test(test_realize_failure_keeps_id),
        core_test(test_child_bus_realize),
        core_test(test_child_bus_realize_failure),
        core_test(test_reset_order),
        core_test(test_bus_naming),
        core_test(test_bus_children),
        core_test(test_plug_rules),
        core_test(test_qbus_find),
        core_test(test_qbus_find_paths),
        core_test(test_qbus_find_hints),
        core_test(test_walk_children),
        core_test(test_unparent_cascades),
        core_test(test_get_machine),
        core_test(test_class_helpers),
        core_test(test_device_properties),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
