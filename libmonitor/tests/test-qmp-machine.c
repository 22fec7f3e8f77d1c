/*
 * QMP's machine commands over a real socket (qmp-test.h): query-cpus-fast,
 * query-kvm, system_powerdown, and device_add / device_del with
 * DEVICE_DELETED on a test machine whose host device has a hot pluggable
 * bus (a synchronous hotplug handler), one with an asynchronous handler
 * (the guest must eject) and one without hot plugging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/accel.h"
#include "machine/boards.h"
#include "machine/cpu.h"
#include "machine/hotplug.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "qmp-test.h"
#include "qom/object.h"

#define TYPE_QM_HP_BUS "QHP"
#define TYPE_QM_ASYNC_BUS "QASYNC"
#define TYPE_QM_COLD_BUS "QCOLD"
#define TYPE_QM_HOST "qm-host"
#define TYPE_QM_HANDLER "qm-handler"
#define TYPE_QM_NIC "qm-nic"
#define TYPE_QM_ASYNC_NIC "qm-async-nic"
#define TYPE_QM_COLD_DEV "qm-cold-dev"
#define TYPE_QM_CPU "qm-cpu"

/* ---- The machine: two CPUs, a host with three buses ---- */

typedef struct QmHost {
    DeviceState parent_obj;
    BusState *hot;
    BusState *async;
    BusState *cold;
} QmHost;

typedef struct QmNic {
    DeviceState parent_obj;
    uint32_t vectors;
    bool mq;
    char *label;
    int resets;
} QmNic;

static Property qm_nic_props[] = {
    DEFINE_PROP_UINT32("vectors", QmNic, vectors, 3),
    DEFINE_PROP_BOOL("mq", QmNic, mq, false),
    DEFINE_PROP_STRING("label", QmNic, label),
    DEFINE_PROP_END_OF_LIST(),
};

static void qm_nic_reset(DeviceState *dev)
{
    ((QmNic *)dev)->resets++;
}

static void qm_nic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = data ? TYPE_QM_ASYNC_BUS : TYPE_QM_HP_BUS;
    dc->reset = qm_nic_reset;
    device_class_set_props(dc, qm_nic_props);
}

static void qm_cold_dev_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_QM_COLD_BUS;
}

static void qm_host_realize(DeviceState *dev, Error **errp)
{
    QmHost *s = (QmHost *)dev;

    s->hot = qbus_new(TYPE_QM_HP_BUS, dev, NULL);
    s->async = qbus_new(TYPE_QM_ASYNC_BUS, dev, NULL);
    s->cold = qbus_new(TYPE_QM_COLD_BUS, dev, NULL);
}

static void qm_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    dc->realize = qm_host_realize;
    dc->user_creatable = false;
}

/* Synchronous unless class_data is set: then the guest has to eject. */
static void qm_unplug_request(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    dev->pending_deleted_event = true;
}

static void qm_handler_class_init(ObjectClass *oc, void *data)
{
    if (data) {
        HOTPLUG_HANDLER_CLASS(oc)->unplug_request = qm_unplug_request;
    }
}

static void qm_cpu_class_init(ObjectClass *oc, void *data)
{
    /* Created by the board only, as the pc board's CPUs are. */
    DEVICE_CLASS(oc)->user_creatable = false;
}

static const InterfaceInfo qm_handler_ifaces[] = {
    {TYPE_HOTPLUG_HANDLER},
    {NULL},
};

static const TypeInfo qm_types[] = {
    {.name = TYPE_QM_HP_BUS,
     .parent = TYPE_BUS,
     .instance_size = sizeof(BusState)},
    {.name = TYPE_QM_ASYNC_BUS,
     .parent = TYPE_BUS,
     .instance_size = sizeof(BusState)},
    {.name = TYPE_QM_COLD_BUS,
     .parent = TYPE_BUS,
     .instance_size = sizeof(BusState)},
    {.name = TYPE_QM_HOST,
     .parent = TYPE_DEVICE,
     .instance_size = sizeof(QmHost),
     .class_init = qm_host_class_init},
    {.name = TYPE_QM_HANDLER,
     .parent = TYPE_OBJECT,
     .instance_size = sizeof(Object),
     .class_init = qm_handler_class_init,
     .interfaces = qm_handler_ifaces},
    {.name = TYPE_QM_HANDLER "-async",
     .parent = TYPE_QM_HANDLER,
     .class_init = qm_handler_class_init,
     .class_data = (void *)"async"},
    {.name = TYPE_QM_NIC,
     .parent = TYPE_DEVICE,
     .instance_size = sizeof(QmNic),
     .class_init = qm_nic_class_init},
    {.name = TYPE_QM_ASYNC_NIC,
     .parent = TYPE_DEVICE,
     .instance_size = sizeof(QmNic),
     .class_init = qm_nic_class_init,
     .class_data = (void *)"async"},
    {.name = TYPE_QM_COLD_DEV,
     .parent = TYPE_DEVICE,
     .instance_size = sizeof(DeviceState),
     .class_init = qm_cold_dev_class_init},
    {.name = TYPE_QM_CPU,
     .parent = TYPE_CPU,
     .instance_size = sizeof(CPUState),
     .class_size = sizeof(CPUClass),
     .class_init = qm_cpu_class_init},
};

DEFINE_TYPES(qm_types)

/* One socket, two cores, one thread each; the first core in die 0. */
static const CPUArchIdList *qm_possible_cpu_arch_ids(MachineState *ms)
{
    if (!ms->possible_cpus) {
        ms->possible_cpus =
            g_malloc0(sizeof(CPUArchIdList) + 2 * sizeof(CPUArchId));
        ms->possible_cpus->len = 2;
        for (int i = 0; i < 2; i++) {
            CpuInstanceProperties *p = &ms->possible_cpus->cpus[i].props;

            ms->possible_cpus->cpus[i].arch_id = i;
            ms->possible_cpus->cpus[i].type = TYPE_QM_CPU;
            p->has_socket_id = true;
            p->has_core_id = true;
            p->core_id = i;
            p->has_thread_id = true;
            /* A die id on one only, so both shapes are checked. */
            p->has_die_id = i == 1;
            p->die_id = 0;
        }
    }
    return ms->possible_cpus;
}

static void qm_machine_init(MachineClass *mc)
{
    mc->desc = "QMP machine-commands test board";
    mc->max_cpus = 2;
    mc->possible_cpu_arch_ids = qm_possible_cpu_arch_ids;
}

DEFINE_MACHINE("qmp-machine-test", qm_machine_init)

static QmHost *host;

/* Built once: the machine core's globals are not meant to be rebuilt. */
static int machine_setup(void **state)
{
    MachineState *ms;
    Object *handler;

    qmp_test_init();
    ms = machine_create(find_machine("qmp-machine-test"), &error_abort);
    for (int i = 0; i < 2; i++) {
        Object *cpu = object_new(TYPE_QM_CPU);

        qdev_realize(DEVICE(cpu), NULL, &error_abort);
        object_unref(cpu);
    }
    host = (QmHost *)qdev_new(TYPE_QM_HOST);
    object_property_add_child(OBJECT(ms), "host", OBJECT(host));
    qdev_realize_and_unref(DEVICE(host), sysbus_get_default(), &error_abort);
    handler = object_new(TYPE_QM_HANDLER);
    object_property_add_child(OBJECT(ms), "hp", handler);
    object_unref(handler);
    qbus_set_hotplug_handler(host->hot, handler);
    handler = object_new(TYPE_QM_HANDLER "-async");
    object_property_add_child(OBJECT(ms), "hp-async", handler);
    object_unref(handler);
    qbus_set_hotplug_handler(host->async, handler);
    return 0;
}

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

/* Number of children of the object at path (0: none or no object). */
static int count_children(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);
    int n = 0;

    if (obj) {
        object_child_foreach(obj, count_child, &n);
    }
    return n;
}

/* A second client's request, sent whole. */
static void send_on(int fd, const char *req)
{
    assert_int_equal(send(fd, req, strlen(req), MSG_NOSIGNAL),
                     (ssize_t)strlen(req));
}

/* ---- Tests ---- */

static void test_query_cpus_fast(void **state)
{
    g_autofree char *want = NULL;
    /* emu's main thread runs the CPUs' accesses: its id is the pid. */
    int tid = getpid();

    negotiate();
    want = g_strdup_printf(
        "{\"return\": [{\"thread-id\": %d, \"props\": {\"core-id\": 0, "
        "\"thread-id\": 0, \"socket-id\": 0}, \"qom-path\": "
        "\"/machine/unattached/device[0]\", \"cpu-index\": 0, \"target\": "
        "\"x86_64\"}, {\"thread-id\": %d, \"props\": {\"core-id\": 1, "
        "\"thread-id\": 0, \"die-id\": 0, \"socket-id\": 0}, \"qom-path\": "
        "\"/machine/unattached/device[1]\", \"cpu-index\": 1, \"target\": "
        "\"x86_64\"}]}\r\n",
        tid, tid);
    cmd("{\"execute\": \"query-cpus-fast\"}", want);
    /* An accelerator with vCPU threads records them. */
    qemu_get_cpu(1)->thread_id = 4242;
    client_send("{\"execute\": \"query-cpus-fast\"}");
    {
        g_autofree char *line = client_line();

        assert_non_null(strstr(line, "{\"thread-id\": 4242, \"props\": "
                                     "{\"core-id\": 1,"));
    }
    qemu_get_cpu(1)->thread_id = 0;
    cmd("{\"execute\": \"query-cpus-fast\", \"arguments\": {\"x\": 1}}",
        GENERIC("Parameter 'x' is unexpected"));
}

static const TypeInfo fake_kvm_accel = {
    .name = ACCEL_CLASS_NAME("kvm"),
    .parent = TYPE_ACCEL,
};

static void test_query_kvm(void **state)
{
    negotiate();
    /* No KVM accelerator in this build (issue 8). */
    cmd("{\"execute\": \"query-kvm\"}",
        "{\"return\": {\"enabled\": false, \"present\": false}}\r\n");
    /* One registered: present; the one running: enabled. */
    type_register_static(&fake_kvm_accel);
    cmd("{\"execute\": \"query-kvm\"}",
        "{\"return\": {\"enabled\": false, \"present\": true}}\r\n");
    current_machine->accelerator = ACCEL(object_new(ACCEL_CLASS_NAME("kvm")));
    cmd("{\"execute\": \"query-kvm\", \"id\": \"k\"}",
        "{\"return\": {\"enabled\": true, \"present\": true}, "
        "\"id\": \"k\"}\r\n");
    object_unref(current_machine->accelerator);
    current_machine->accelerator = NULL;
}

static int powerdowns;

static void hook_powerdown(void *opaque)
{
    assert_ptr_equal(opaque, &powerdowns);
    powerdowns++;
}

static void test_system_powerdown(void **state)
{
    MonitorHooks hooks = {.system_powerdown = hook_powerdown};

    negotiate();
    /* Without a hook (no ACPI): only the event, as QEMU. */
    client_send("{\"execute\": \"system_powerdown\", \"id\": 1}");
    expect_event("\"event\": \"POWERDOWN\"}\r\n");
    expect("{\"return\": {}, \"id\": 1}\r\n");
    monitor_set_hooks(&hooks, &powerdowns);
    client_send("{\"execute\": \"system_powerdown\"}");
    expect_event("\"event\": \"POWERDOWN\"}\r\n");
    expect("{\"return\": {}}\r\n");
    assert_int_equal(powerdowns, 1);
    cmd("{\"execute\": \"system_powerdown\", \"arguments\": {\"force\": 1}}",
        GENERIC("Parameter 'force' is unexpected"));
    assert_int_equal(powerdowns, 1);
}

static QmNic *nic_at(const char *path)
{
    return (QmNic *)object_resolve_path_type(path, TYPE_QM_NIC, NULL);
}

static void test_device_add_del(void **state)
{
    QmNic *nic;
    g_autofree char *anon = NULL;
    g_autofree char *want = NULL;
    int on_hot = host->hot->num_children;

    negotiate();
    /* Properties from strings, numbers and bools, as QEMU passes them. */
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": \"n0\", \"vectors\": 8, \"mq\": true, "
        "\"label\": \"eth\"}, \"id\": 1}",
        "{\"return\": {}, \"id\": 1}\r\n");
    nic = nic_at("/machine/peripheral/n0");
    assert_non_null(nic);
    assert_int_equal(nic->vectors, 8);
    assert_true(nic->mq);
    assert_string_equal(nic->label, "eth");
    assert_true(DEVICE(nic)->hotplugged);
    assert_true(DEVICE(nic)->realized);
    assert_ptr_equal(DEVICE(nic)->parent_bus, host->hot);
    assert_int_equal(nic->resets, 1);
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
        "\"/machine/peripheral/n0\", \"property\": \"hotplugged\"}}",
        "{\"return\": true}\r\n");
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": \"n0\"}}",
        GENERIC("Duplicate device ID 'n0'"));
    /* Unplugged at once by the synchronous handler: the event first. */
    client_send("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
                "\"n0\"}, \"id\": 2}");
    expect_event("\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
                 "\"n0\", \"path\": \"/machine/peripheral/n0\"}}\r\n");
    expect("{\"return\": {}, \"id\": 2}\r\n");
    assert_null(nic_at("/machine/peripheral/n0"));
    assert_int_equal(host->hot->num_children, on_hot);
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"n0\"}}",
        "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
        "'n0' not found\"}}\r\n");
    /* The id is free again; the driver may come as a bus= path too. */
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": \"n0\", \"bus\": \"qhp.0\", \"vectors\": "
        "\"0x10\"}}",
        "{\"return\": {}}\r\n");
    assert_int_equal(nic_at("/machine/peripheral/n0")->vectors, 16);
    client_send("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
                "\"/machine/peripheral/n0\"}}");
    expect_event("\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
                 "\"n0\", \"path\": \"/machine/peripheral/n0\"}}\r\n");
    expect("{\"return\": {}}\r\n");
    /* No id (a non-string id is none, as in QEMU): no "device" member. */
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": 5, \"label\": {\"dropped\": 1}, \"mq\": null}}",
        "{\"return\": {}}\r\n");
    /* The newest device on the bus heads its list. */
    assert_int_equal(host->hot->num_children, on_hot + 1);
    nic = (QmNic *)((BusChild *)host->hot->children.head->data)->child;
    assert_null(DEVICE(nic)->id);
    assert_null(nic->label);
    anon = object_get_canonical_path(OBJECT(nic));
    assert_true(g_str_has_prefix(anon, "/machine/peripheral-anon/device["));
    want = g_strdup_printf("{\"execute\": \"device_del\", \"arguments\": "
                           "{\"id\": \"%s\"}}",
                           anon);
    client_send(want);
    g_free(want);
    want = g_strdup_printf("\"event\": \"DEVICE_DELETED\", \"data\": "
                           "{\"path\": \"%s\"}}\r\n",
                           anon);
    expect_event(want);
    expect("{\"return\": {}}\r\n");
    expect_nothing();
}

static void test_device_add_errors(void **state)
{
    int on_hot = host->hot->num_children;
    int on_cold = host->cold->num_children;

    negotiate();
    cmd("{\"execute\": \"device_add\"}",
        GENERIC("Parameter 'driver' is missing"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"id\": \"x\"}}",
        GENERIC("Parameter 'driver' is missing"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"nosuch\"}}",
        GENERIC("'nosuch' is not a valid device model name"));
    /* Any scalar is a string to QEMU's device_add. */
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": 5}}",
        GENERIC("'5' is not a valid device model name"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-cold-dev\"}}",
        GENERIC("Bus 'qcold.0' does not support hotplugging"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"bus\": \"qcold.0\"}}",
        GENERIC("Device 'qm-nic' can't go on QCOLD bus"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"bus\": \"nosuch.0\"}}",
        GENERIC("Bus 'nosuch.0' not found"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-cpu\"}}",
        GENERIC("Parameter 'driver' expects a pluggable device type"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"device\"}}",
        GENERIC("Parameter 'driver' expects a non-abstract device type"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": \"1x\"}}",
        GENERIC("Parameter 'id' expects an identifier"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"nosuch\": 1}}",
        GENERIC("Property 'qm-nic.nosuch' not found"));
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"mq\": 3}}",
        GENERIC("Parameter 'mq' expects 'on' or 'off'"));
    /* QMP is no command line: help is just an unknown property. */
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"help\": true}}",
        GENERIC("Property 'qm-nic.help' not found"));
    /* Nothing was left behind. */
    assert_int_equal(host->hot->num_children, on_hot);
    assert_int_equal(host->cold->num_children, on_cold);
    assert_int_equal(count_children("/machine/peripheral"), 0);
    expect_nothing();
}

static void test_device_del_errors(void **state)
{
    DeviceState *cold;

    cold = qdev_device_add_from_props(TYPE_QM_COLD_DEV, "cold0", NULL,
                                      &error_abort);
    object_unref(cold);
    negotiate();
    cmd("{\"execute\": \"device_del\"}", GENERIC("Parameter 'id' is missing"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": 1}}",
        GENERIC("Invalid parameter type for 'id', expected: string"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"n\", "
        "\"x\": 1}}",
        GENERIC("Parameter 'x' is unexpected"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"nope\"}}",
        "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
        "'nope' not found\"}}\r\n");
    /* Relative paths start at /machine/peripheral, with no partial match */
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
        "\"../host\"}}",
        "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
        "'../host' not found\"}}\r\n");
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
        "\"/machine\"}}",
        GENERIC("/machine is not a hotpluggable device"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"cold0\"}}",
        GENERIC("Bus 'qcold.0' does not support hotplugging"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
        "\"/machine/host\"}}",
        GENERIC("Bus 'main-system-bus' does not support hotplugging"));
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
        "\"/machine/unattached/device[0]\"}}",
        GENERIC("Device 'qm-cpu' does not support hotplugging"));
    assert_non_null(object_resolve_path("/machine/peripheral/cold0", NULL));
    expect_nothing();
}

static void test_device_del_async(void **state)
{
    DeviceState *dev;

    negotiate();
    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-async-nic\", \"id\": \"a0\"}}",
        "{\"return\": {}}\r\n");
    dev = DEVICE(object_resolve_path("/machine/peripheral/a0", NULL));
    /* Asked: the guest has to let go, nothing is deleted yet. */
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"a0\"}}",
        "{\"return\": {}}\r\n");
    cmd("{\"execute\": \"device_del\", \"arguments\": {\"id\": \"a0\"}}",
        GENERIC("Device a0 is already in the process of unplug"));
    expect_nothing();
    /* The guest ejects it. */
    assert_true(hotplug_handler_unplug(qdev_get_hotplug_handler(dev), dev,
                                       &error_abort));
    object_unparent(OBJECT(dev));
    expect_event("\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
                 "\"a0\", \"path\": \"/machine/peripheral/a0\"}}\r\n");
}

/* Events reach every negotiated monitor; replies only the asker. */
static void test_two_monitors(void **state)
{
    g_autofree char *path2 = g_build_filename(fx.dir, "qmp2", NULL);
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    Chardev *chr2 = chr_new("socket,id=qmp2,path=%s,server=on,wait=off", path2);
    GString *in2 = g_string_new(NULL);
    int fd2 = socket(AF_UNIX, SOCK_STREAM, 0);
    char *line;

    assert_true(monitor_init_qmp(chr2, false, &error_abort));
    g_strlcpy(su.sun_path, path2, sizeof(su.sun_path));
    assert_int_equal(connect(fd2, (struct sockaddr *)&su, sizeof(su)), 0);
    negotiate();
    line = client_line_from(fd2, in2);
    assert_string_equal(line, GREETING);
    g_free(line);
    send_on(fd2, "{\"execute\": \"qmp_capabilities\"}");
    line = client_line_from(fd2, in2);
    assert_string_equal(line, "{\"return\": {}}\r\n");
    g_free(line);

    cmd("{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
        "\"qm-nic\", \"id\": \"both\"}}",
        "{\"return\": {}}\r\n");
    client_send("{\"execute\": \"device_del\", \"arguments\": {\"id\": "
                "\"both\"}}");
    expect_event("\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
                 "\"both\", \"path\": \"/machine/peripheral/both\"}}\r\n");
    expect("{\"return\": {}}\r\n");
    line = client_line_from(fd2, in2);
    check_event(line, "\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": "
                      "\"both\", \"path\": \"/machine/peripheral/both\"}}"
                      "\r\n");
    g_free(line);
    /* The second client saw no reply: its next line is its own. */
    send_on(fd2, "{\"execute\": \"query-kvm\", \"id\": 2}");
    line = client_line_from(fd2, in2);
    assert_string_equal(line, "{\"return\": {\"enabled\": false, \"present\": "
                              "false}, \"id\": 2}\r\n");
    g_free(line);
    expect_nothing();
    close(fd2);
    g_string_free(in2, true);
    unlink(path2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f)                                                                   \
    cmocka_unit_test_setup_teardown(f, qmp_test_setup, qmp_test_teardown)
        T(test_query_cpus_fast),
        T(test_system_powerdown),
        T(test_device_add_del),
        T(test_device_add_errors),
        T(test_device_del_errors),
        T(test_device_del_async),
        T(test_two_monitors),
        /* Last: it registers a KVM accelerator type for good. */
        T(test_query_kvm),
#undef T
    };

    return cmocka_run_group_tests(tests, machine_setup, NULL);
}
