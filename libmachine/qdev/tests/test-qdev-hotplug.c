/*
 * Unit tests for hot plug (machine/hotplug.h): a test bus whose hotplug
 * handler records what it is asked, device_add at run time with QEMU
 * 7.2's refusals, device_del through a synchronous and an asynchronous
 * handler, and the DEVICE_DELETED listeners.
 */
#include <string.h>

#include "machine/hotplug.h"
#include "machine/sysbus.h"
#include "qdev-test.h"
#include "util/module.h"

#define TYPE_THP_BUS "THP"
#define TYPE_TCOLD_BUS "TCOLD"
#define TYPE_HP_HOST "test-hp-host"
#define TYPE_HP_HANDLER "test-hp-handler"
#define TYPE_HP_DEV "test-hp-dev"
#define TYPE_HP_NOHOT "test-hp-nohot"
#define TYPE_HP_COLD_DEV "test-hp-cold-dev"
#define TYPE_HP_NOBUS "test-hp-nobus"
#define TYPE_HP_BRIDGE "test-hp-bridge"

/* ---- The handler: records its calls, may refuse or be asynchronous ---- */

typedef struct HpHandler {
    Object parent_obj;
    /* What it was asked, as "pre_plug:ID plug:ID ..." */
    GString *log;
    bool refuse_pre_plug;
    bool refuse_plug;
    bool closed;
} HpHandler;

static HpHandler *HP_HANDLER(void *obj)
{
    return OBJECT_CHECK(HpHandler, obj, TYPE_HP_HANDLER);
}

static void hp_log(HotplugHandler *h, const char *what, DeviceState *dev)
{
    g_string_append_printf(HP_HANDLER(h)->log, "%s%s:%s",
                           HP_HANDLER(h)->log->len ? " " : "", what,
                           dev->id ? dev->id : "-");
}

static void hp_pre_plug(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    assert_false(dev->realized);
    hp_log(h, "pre_plug", dev);
    if (HP_HANDLER(h)->refuse_pre_plug) {
        error_setg(errp, "slot is locked");
    }
}

static void hp_plug(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    hp_log(h, "plug", dev);
    if (HP_HANDLER(h)->refuse_plug) {
        error_setg(errp, "no slot left");
    }
}

static void hp_unplug_request(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    hp_log(h, "unplug_request", dev);
    /* As QEMU's ACPI PCI hotplug: the guest has been asked. */
    dev->pending_deleted_event = true;
}

static void hp_unplug(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    assert_true(dev->realized);
    hp_log(h, "unplug", dev);
}

static bool hp_is_hotpluggable_bus(HotplugHandler *h, BusState *bus)
{
    return !HP_HANDLER(h)->closed;
}

static void hp_handler_init(Object *obj)
{
    HP_HANDLER(obj)->log = g_string_new(NULL);
}

static void hp_handler_finalize(Object *obj)
{
    g_string_free(HP_HANDLER(obj)->log, true);
}

static void hp_handler_class_init(ObjectClass *oc, void *data)
{
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    hc->pre_plug = hp_pre_plug;
    hc->plug = hp_plug;
    hc->unplug = hp_unplug;
    hc->is_hotpluggable_bus = hp_is_hotpluggable_bus;
    /* class_data "async": devices leave only when the "guest" says so. */
    if (data) {
        hc->unplug_request = hp_unplug_request;
    }
}

/* ---- Devices ---- */

typedef struct HpHost {
    DeviceState parent_obj;
    BusState *hot;
    BusState *cold;
} HpHost;

typedef struct HpDev {
    DeviceState parent_obj;
    uint32_t slot;
    bool led;
    int resets;
    int realizes;
} HpDev;

static Property hp_dev_props[] = {
    DEFINE_PROP_UINT32("slot", HpDev, slot, 0),
    DEFINE_PROP_BOOL("led", HpDev, led, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void hp_dev_realize(DeviceState *dev, Error **errp)
{
    ((HpDev *)dev)->realizes++;
}

static void hp_dev_reset(DeviceState *dev)
{
    ((HpDev *)dev)->resets++;
}

static void hp_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_THP_BUS;
    dc->realize = hp_dev_realize;
    dc->reset = hp_dev_reset;
    device_class_set_props(dc, hp_dev_props);
}

static void hp_nohot_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->hotpluggable = false;
}

static void hp_cold_dev_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_TCOLD_BUS;
}

/* A hot pluggable device that owns a bus with a device of its own. */
static void hp_bridge_realize(DeviceState *dev, Error **errp)
{
    BusState *bus = qbus_new(TYPE_TCOLD_BUS, dev, NULL);
    DeviceState *kid = qdev_new(TYPE_HP_COLD_DEV);

    object_property_add_child(OBJECT(dev), "kid", OBJECT(kid));
    qdev_realize_and_unref(kid, bus, &error_abort);
}

static void hp_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_THP_BUS;
    dc->realize = hp_bridge_realize;
}

static void hp_host_realize(DeviceState *dev, Error **errp)
{
    HpHost *s = (HpHost *)dev;

    s->hot = qbus_new(TYPE_THP_BUS, dev, NULL);
    s->cold = qbus_new(TYPE_TCOLD_BUS, dev, NULL);
}

static void hp_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    dc->realize = hp_host_realize;
    dc->user_creatable = false;
}

static const InterfaceInfo hp_handler_ifaces[] = {
    {TYPE_HOTPLUG_HANDLER},
    {NULL},
};

static const TypeInfo hp_types[] = {
    {
        .name = TYPE_THP_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    },
    {
        .name = TYPE_TCOLD_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    },
    {
        .name = TYPE_HP_HOST,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(HpHost),
        .class_init = hp_host_class_init,
    },
    {
        .name = TYPE_HP_HANDLER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(HpHandler),
        .instance_init = hp_handler_init,
        .instance_finalize = hp_handler_finalize,
        .class_init = hp_handler_class_init,
        .interfaces = hp_handler_ifaces,
    },
    {
        .name = TYPE_HP_HANDLER "-async",
        .parent = TYPE_HP_HANDLER,
        .class_init = hp_handler_class_init,
        .class_data = (void *)"async",
    },
    {
        .name = TYPE_HP_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(HpDev),
        .class_init = hp_dev_class_init,
    },
    {
        .name = TYPE_HP_NOHOT,
        .parent = TYPE_HP_DEV,
        .class_init = hp_nohot_class_init,
    },
    {
        .name = TYPE_HP_COLD_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = hp_cold_dev_class_init,
    },
    {
        .name = TYPE_HP_NOBUS,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
    },
    {
        .name = TYPE_HP_BRIDGE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = hp_bridge_class_init,
    },
};

DEFINE_TYPES(hp_types)

/* ---- DEVICE_DELETED, recorded ---- */

typedef struct Recorder {
    DeviceDeletedListener listener;
    /* "id@path" per event, in order. */
    GPtrArray *events;
} Recorder;

static void record_deleted(DeviceDeletedListener *l, const char *id,
                           const char *path)
{
    Recorder *r = (Recorder *)l;

    g_ptr_array_add(r->events, g_strdup_printf("%s@%s", id ? id : "-", path));
}

/* ---- Fixture: /machine/host with buses thp.0 (hot) and tcold.0 ---- */

static HpHost *host;
static HpHandler *handler;
static Recorder rec = {.listener = {.deleted = record_deleted}};

static void hp_setup_with(const char *handler_type)
{
    BUS_CLASS(object_class_by_name(TYPE_THP_BUS))->automatic_ids = 0;
    BUS_CLASS(object_class_by_name(TYPE_TCOLD_BUS))->automatic_ids = 0;
    qdev_test_machine_setup(NULL);
    host = (HpHost *)qdev_new(TYPE_HP_HOST);
    object_property_add_child(qdev_get_machine(), "host", OBJECT(host));
    qdev_realize_and_unref(DEVICE(host), sysbus_get_default(), &error_abort);
    handler = HP_HANDLER(object_new(handler_type));
    object_property_add_child(qdev_get_machine(), "hp", OBJECT(handler));
    object_unref(handler);
    qbus_set_hotplug_handler(host->hot, OBJECT(handler));
    rec.events = g_ptr_array_new_with_free_func(g_free);
    qdev_add_deleted_listener(&rec.listener);
}

static int hp_setup(void **state)
{
    hp_setup_with(TYPE_HP_HANDLER);
    return 0;
}

static int hp_setup_async(void **state)
{
    hp_setup_with(TYPE_HP_HANDLER "-async");
    return 0;
}

static int hp_teardown(void **state)
{
    qdev_remove_deleted_listener(&rec.listener);
    g_ptr_array_free(rec.events, true);
    rec.events = NULL;
    host = NULL;
    handler = NULL;
    return qdev_test_machine_teardown(state);
}

#define hp_test(f) cmocka_unit_test_setup_teardown(f, hp_setup, hp_teardown)
#define hp_test_async(f)                                                       \
    cmocka_unit_test_setup_teardown(f, hp_setup_async, hp_teardown)

static void assert_events(const char *const *want, size_t n)
{
    assert_int_equal(rec.events->len, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(g_ptr_array_index(rec.events, i), want[i]);
    }
}

/* device_add DRIVER fails with text and leaves nothing behind. */
static void assert_hot_add_fails(const char *driver, const char *id,
                                 const char *const *props, const char *text)
{
    int periph = qdev_test_count_children("/machine/peripheral");
    int anon = qdev_test_count_children("/machine/peripheral-anon");
    int on_hot = host->hot->num_children;
    int on_cold = host->cold->num_children;
    Error *err = NULL;

    assert_null(qdev_device_add_hotplug(driver, id, props, &err));
    assert_error(err, text);
    assert_int_equal(qdev_test_count_children("/machine/peripheral"), periph);
    assert_int_equal(qdev_test_count_children("/machine/peripheral-anon"),
                     anon);
    assert_int_equal(host->hot->num_children, on_hot);
    assert_int_equal(host->cold->num_children, on_cold);
    /* Never realized, so no DEVICE_DELETED either. */
    assert_int_equal(rec.events->len, 0);
}

/* ---- Tests ---- */

static void test_bus_hotpluggable(void **state)
{
    Object *plain = object_new(TYPE_CONTAINER);
    Error *err = NULL;

    assert_true(qbus_is_hotpluggable(host->hot));
    assert_false(qbus_is_hotpluggable(host->cold));
    /* The handler is the bus's "hotplug-handler" link. */
    assert_ptr_equal(object_property_get_link(OBJECT(host->hot),
                                              QDEV_HOTPLUG_HANDLER_PROPERTY,
                                              &error_abort),
                     handler);
    assert_null(object_property_get_link(
        OBJECT(host->cold), QDEV_HOTPLUG_HANDLER_PROPERTY, &error_abort));
    assert_string_equal(
        object_property_get_type(OBJECT(host->cold), "hotplug-handler", NULL),
        "link<hotplug-handler>");
    /* Only a handler can be one. */
    object_property_add_child(qdev_get_machine(), "plain", plain);
    object_unref(plain);
    assert_false(object_property_set_link(
        OBJECT(host->cold), QDEV_HOTPLUG_HANDLER_PROPERTY, plain, &err));
    assert_non_null(err);
    error_free(err);
    /* The handler may close its bus for a while. */
    handler->closed = true;
    assert_false(qbus_is_hotpluggable(host->hot));
    handler->closed = false;
    qbus_set_hotplug_handler(host->hot, NULL);
    assert_false(qbus_is_hotpluggable(host->hot));
}

static void test_cold_plug_asks_handler(void **state)
{
    static const char *const props[] = {"slot", "2", NULL};
    DeviceState *dev;

    dev = qdev_device_add_from_props(TYPE_HP_DEV, "c0", props, &error_abort);
    assert_false(dev->hotplugged);
    assert_string_equal(handler->log->str, "pre_plug:c0 plug:c0");
    /* -device: no reset of its own, the machine's comes later. */
    assert_int_equal(((HpDev *)dev)->resets, 0);
    object_unref(dev);
    /* A refusing pre_plug fails -device too, before realize. */
    handler->refuse_pre_plug = true;
    {
        Error *err = NULL;

        assert_null(qdev_device_add_from_props(TYPE_HP_DEV, "c1", NULL, &err));
        assert_error(err, "slot is locked");
    }
    assert_null(object_resolve_path("/machine/peripheral/c1", NULL));
}

static void test_hot_add(void **state)
{
    static const char *const props[] = {"slot", "5", "led", "on", NULL};
    DeviceState *dev;
    HpDev *hd;
    g_autofree char *path = NULL;

    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "hp0", props, &error_abort);
    hd = (HpDev *)dev;
    assert_true(dev->realized);
    assert_true(dev->hotplugged);
    assert_true(object_property_get_bool(OBJECT(dev), "hotplugged", NULL));
    assert_ptr_equal(dev->parent_bus, host->hot);
    assert_int_equal(hd->slot, 5);
    assert_true(hd->led);
    assert_int_equal(hd->realizes, 1);
    /* Reset once, after realize: the machine's reset is long past. */
    assert_int_equal(hd->resets, 1);
    assert_string_equal(handler->log->str, "pre_plug:hp0 plug:hp0");
    path = object_get_canonical_path(OBJECT(dev));
    assert_string_equal(path, "/machine/peripheral/hp0");
    object_unref(dev);
}

static void test_hot_add_errors(void **state)
{
    static const char *const cold_bus[] = {"bus", "tcold.0", NULL};
    static const char *const bad_prop[] = {"slot", "x", NULL};
    DeviceState *dev;

    assert_hot_add_fails("nosuch", NULL, NULL,
                         "'nosuch' is not a valid device model name");
    assert_hot_add_fails(TYPE_HP_COLD_DEV, "k", NULL,
                         "Bus 'tcold.0' does not support hotplugging");
    assert_hot_add_fails(TYPE_HP_COLD_DEV, NULL, cold_bus,
                         "Bus 'tcold.0' does not support hotplugging");
    assert_hot_add_fails(TYPE_HP_NOBUS, "nb", NULL,
                         "Device 'test-hp-nobus' can not be hotplugged on "
                         "this machine");
    assert_hot_add_fails(TYPE_HP_NOHOT, "nh", NULL,
                         "Device 'test-hp-nohot' does not support "
                         "hotplugging");
    assert_hot_add_fails(TYPE_HP_DEV, "bad", bad_prop,
                         "Parameter 'slot' expects integer");
    handler->closed = true;
    assert_hot_add_fails(TYPE_HP_DEV, "cl", NULL,
                         "Bus 'thp.0' does not support hotplugging");
    handler->closed = false;
    handler->refuse_pre_plug = true;
    assert_hot_add_fails(TYPE_HP_DEV, "pp", NULL, "slot is locked");
    handler->refuse_pre_plug = false;
    g_string_truncate(handler->log, 0);
    /* plug refusing undoes the realize. */
    handler->refuse_plug = true;
    assert_hot_add_fails(TYPE_HP_DEV, "pl", NULL, "no slot left");
    assert_string_equal(handler->log->str, "pre_plug:pl plug:pl");
    handler->refuse_plug = false;
    /* A duplicate id is refused after the bus check, as in QEMU. */
    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "dup", NULL, &error_abort);
    object_unref(dev);
    assert_hot_add_fails(TYPE_HP_DEV, "dup", NULL, "Duplicate device ID 'dup'");
    assert_hot_add_fails(TYPE_HP_COLD_DEV, "dup", NULL,
                         "Bus 'tcold.0' does not support hotplugging");
}

static void test_sync_unplug(void **state)
{
    static const char *const want[] = {"hp1@/machine/peripheral/hp1"};
    DeviceState *dev;
    int on_hot = host->hot->num_children;

    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "hp1", NULL, &error_abort);
    object_unref(dev);
    assert_int_equal(host->hot->num_children, on_hot + 1);
    g_string_truncate(handler->log, 0);
    assert_true(qdev_unplug(dev, &error_abort));
    assert_string_equal(handler->log->str, "unplug:hp1");
    /* Gone from the bus and the tree, and reported once. */
    assert_int_equal(host->hot->num_children, on_hot);
    assert_null(object_resolve_path("/machine/peripheral/hp1", NULL));
    assert_events(want, 1);
    /* The id can be used again. */
    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "hp1", NULL, &error_abort);
    object_unref(dev);
    assert_non_null(object_resolve_path("/machine/peripheral/hp1", NULL));
}

static void test_unplug_errors(void **state)
{
    DeviceState *cold;
    DeviceState *nohot;
    DeviceState *nobus;
    Error *err = NULL;

    cold =
        qdev_device_add_from_props(TYPE_HP_COLD_DEV, "cd", NULL, &error_abort);
    assert_false(qdev_unplug(cold, &err));
    assert_error(err, "Bus 'tcold.0' does not support hotplugging");
    /* Cold plugged on the hot bus, but of a class that refuses. */
    nohot = qdev_device_add_from_props(TYPE_HP_NOHOT, "nh", NULL, &error_abort);
    assert_false(qdev_unplug(nohot, &err));
    assert_error(err, "Device 'test-hp-nohot' does not support hotplugging");
    /* No bus and no machine handler. */
    nobus = qdev_device_add_from_props(TYPE_HP_NOBUS, "nb", NULL, &error_abort);
    assert_false(qdev_unplug(nobus, &err));
    assert_error(err, "Device 'test-hp-nobus' does not support hotplugging");
    assert_true(cold->realized && nohot->realized && nobus->realized);
    assert_int_equal(rec.events->len, 0);
    object_unref(cold);
    object_unref(nohot);
    object_unref(nobus);
}

static void test_async_unplug(void **state)
{
    static const char *const want[] = {"hp2@/machine/peripheral/hp2"};
    DeviceState *dev;
    HotplugHandler *h;

    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "hp2", NULL, &error_abort);
    object_unref(dev);
    g_string_truncate(handler->log, 0);
    assert_true(qdev_unplug(dev, &error_abort));
    /* Asked, not done: the device waits for the guest. */
    assert_string_equal(handler->log->str, "unplug_request:hp2");
    assert_true(dev->realized);
    assert_true(dev->pending_deleted_event);
    assert_int_equal(rec.events->len, 0);
    /* The guest ejects it: what the handler then does. */
    h = qdev_get_hotplug_handler(dev);
    assert_ptr_equal(h, handler);
    assert_true(hotplug_handler_unplug(h, dev, &error_abort));
    object_unparent(OBJECT(dev));
    assert_string_equal(handler->log->str, "unplug_request:hp2 unplug:hp2");
    assert_events(want, 1);
}

static void test_deleted_when_finalized(void **state)
{
    DeviceState *dev;
    g_autofree char *path = NULL;
    g_autofree char *want = NULL;

    dev = qdev_device_add_hotplug(TYPE_HP_DEV, NULL, NULL, &error_abort);
    path = object_get_canonical_path(OBJECT(dev));
    assert_true(g_str_has_prefix(path, "/machine/peripheral-anon/device["));
    /* Still referenced (ours): out of the tree but not gone yet. */
    assert_true(qdev_unplug(dev, &error_abort));
    assert_null(object_resolve_path(path, NULL));
    assert_int_equal(rec.events->len, 0);
    object_unref(dev);
    /* No id: only the path. */
    want = g_strdup_printf("-@%s", path);
    assert_events((const char *const[]){want}, 1);
}

static void test_deleted_children(void **state)
{
    static const char *const want[] = {
        "-@/machine/peripheral/br/kid",
        "br@/machine/peripheral/br",
    };
    DeviceState *dev;

    dev = qdev_device_add_hotplug(TYPE_HP_BRIDGE, "br", NULL, &error_abort);
    object_unref(dev);
    assert_true(qdev_unplug(dev, &error_abort));
    /* The device below goes first, without "device" (it has no id). */
    assert_events(want, 2);
}

static void test_never_realized_not_reported(void **state)
{
    DeviceState *dev = qdev_new(TYPE_HP_DEV);

    object_unref(dev);
    assert_int_equal(rec.events->len, 0);
    /* A listener removed is told nothing more. */
    qdev_remove_deleted_listener(&rec.listener);
    dev = qdev_device_add_hotplug(TYPE_HP_DEV, "q", NULL, &error_abort);
    object_unref(dev);
    assert_true(qdev_unplug(dev, &error_abort));
    assert_int_equal(rec.events->len, 0);
    qdev_add_deleted_listener(&rec.listener);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        hp_test(test_bus_hotpluggable),
        hp_test(test_cold_plug_asks_handler),
        hp_test(test_hot_add),
        hp_test(test_hot_add_errors),
        hp_test(test_sync_unplug),
        hp_test(test_unplug_errors),
        hp_test_async(test_async_unplug),
        hp_test(test_deleted_when_finalized),
        hp_test(test_deleted_children),
        hp_test(test_never_realized_not_reported),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
