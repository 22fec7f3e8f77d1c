/*
 * QMP over a real socket (qmp-test.h): the protocol, the VM and QOM
 * commands, errors, limits and reconnecting clients.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/boards.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"
#include "qmp-test.h"
#include "qom/object.h"

static void test_greeting_negotiation(void **state)
{
    expect(GREETING);
    cmd("{\"execute\": \"query-status\"}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting "
        "capabilities negotiation with 'qmp_capabilities'\"}}\r\n");
    cmd("{\"execute\": \"nosuch\", \"id\": 3}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting "
        "capabilities negotiation with 'qmp_capabilities'\"}, \"id\": 3}\r\n");
    cmd("{\"execute\": \"qmp_capabilities\", \"arguments\": "
        "{\"enable\": [\"nope\"]}}",
        "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter "
        "'enable[0]' does not accept value 'nope'\"}}\r\n");
    cmd("{\"execute\": \"qmp_capabilities\", \"id\": 1}",
        "{\"return\": {}, \"id\": 1}\r\n");
    cmd("{\"execute\": \"qmp_capabilities\"}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
        "\"Capabilities negotiation is already complete, command "
        "ignored\"}}\r\n");
}

static void test_negotiate_oob(void **state)
{
    expect(GREETING);
    cmd("{\"execute\": \"qmp_capabilities\", \"arguments\": "
        "{\"enable\": [\"oob\"]}}",
        "{\"return\": {}}\r\n");
    cmd("{\"exec-oob\": \"query-name\", \"id\": \"x\"}",
        "{\"return\": {}, \"id\": \"x\"}\r\n");
}

static void test_queries(void **state)
{
    negotiate();
    cmd("{\"execute\": \"query-version\"}",
        "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 1, \"major\": 0}, "
        "\"package\": \"emu 0.1.0\"}}\r\n");
    cmd("{\"execute\": \"query-status\"}",
        "{\"return\": {\"status\": \"prelaunch\", \"singlestep\": false, "
        "\"running\": false}}\r\n");
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
    monitor_set_vm_name("vm\"1\xc3\xa9");
    cmd("{\"execute\": \"query-name\"}",
        "{\"return\": {\"name\": \"vm\\\"1\\u00E9\"}}\r\n");
    cmd("{\"execute\": \"query-uuid\"}",
        "{\"return\": {\"UUID\": "
        "\"00000000-0000-0000-0000-000000000000\"}}\r\n");
    monitor_set_vm_uuid("12345678-1234-1234-1234-123456789abc");
    cmd("{\"execute\": \"query-uuid\", \"arguments\": {}}",
        "{\"return\": {\"UUID\": "
        "\"12345678-1234-1234-1234-123456789abc\"}}\r\n");
    /* Every command is listed once (the order is emu's own). */
    {
        static const char *const expected[] = {
            "qmp_capabilities", "query-commands", "query-version",
            "query-status", "quit", "stop", "cont", "query-name",
            "query-uuid", "system_reset", "human-monitor-command",
            "qom-list", "qom-get", "qom-set", "query-chardev",
            "query-machines", "device-list-properties", "qom-list-types",
            "query-cpus-fast", "query-kvm", "system_powerdown", "device_add",
            "device_del",
        };
        g_autofree char *line = NULL;

        client_send("{\"execute\": \"query-commands\"}");
        line = client_line();
        assert_true(g_str_has_prefix(line, "{\"return\": [{\"name\": "));
        for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
            g_autofree char *item =
                g_strdup_printf("{\"name\": \"%s\"}", expected[i]);
            const char *at = strstr(line, item);

            assert_non_null(at);
            assert_null(strstr(at + 1, item));
        }
    }
}

static void test_id_echo(void **state)
{
    negotiate();
    cmd("{\"id\": {\"a\": [1, \"b\", null, true]}, \"execute\": \"query-name\"}",
        "{\"return\": {}, \"id\": {\"a\": [1, \"b\", null, true]}}\r\n");
    cmd("{\"execute\": \"nosuch\", \"id\": \"q\"}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command "
        "nosuch has not been found\"}, \"id\": \"q\"}\r\n");
}

static int hook_calls[4];

static void hook_quit(void *opaque)
{
    assert_ptr_equal(opaque, &fx);
    hook_calls[0]++;
}

static void hook_stop(void *opaque)
{
    hook_calls[1]++;
}

static void hook_cont(void *opaque)
{
    hook_calls[2]++;
}

/* As an application's hook does: the reset, then QEMU's RESET event. */
static void hook_reset(void *opaque)
{
    JsonObject *data = json_object_new();
    JsonNode *node = json_node_alloc();

    hook_calls[3]++;
    json_object_set_boolean_member(data, "guest", false);
    json_object_set_string_member(data, "reason", "host-qmp-system-reset");
    json_node_init_object(node, data);
    json_object_unref(data);
    qapi_event_send("RESET", node);
    json_node_unref(node);
}

static void test_run_state(void **state)
{
    MonitorHooks h = {hook_quit, hook_stop, hook_cont, hook_reset};

    memset(hook_calls, 0, sizeof(hook_calls));
    monitor_set_hooks(&h, &fx);
    negotiate();
    client_send("{\"execute\": \"cont\"}");
    expect_event("\"event\": \"RESUME\"}\r\n");
    expect("{\"return\": {}}\r\n");
    cmd("{\"execute\": \"query-status\"}",
        "{\"return\": {\"status\": \"running\", \"singlestep\": false, "
        "\"running\": true}}\r\n");
    /* Already running: no event, no hook. */
    cmd("{\"execute\": \"cont\"}", "{\"return\": {}}\r\n");
    client_send("{\"execute\": \"stop\"}");
    expect_event("\"event\": \"STOP\"}\r\n");
    expect("{\"return\": {}}\r\n");
    cmd("{\"execute\": \"query-status\"}",
        "{\"return\": {\"status\": \"paused\", \"singlestep\": false, "
        "\"running\": false}}\r\n");
    client_send("{\"execute\": \"system_reset\"}");
    expect_event("\"event\": \"RESET\", \"data\": {\"guest\": false, "
                 "\"reason\": \"host-qmp-system-reset\"}}\r\n");
    expect("{\"return\": {}}\r\n");
    assert_int_equal(hook_calls[0], 0);
    /* QEMU's order: the SHUTDOWN event before quit's reply. */
    client_send("{\"execute\": \"quit\", \"id\": 9}");
    expect_event("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, "
                 "\"reason\": \"host-qmp-quit\"}}\r\n");
    expect("{\"return\": {}, \"id\": 9}\r\n");
    assert_int_equal(hook_calls[0], 1);
    assert_int_equal(hook_calls[1], 1);
    assert_int_equal(hook_calls[2], 1);
    assert_int_equal(hook_calls[3], 1);
}

static void test_events(void **state)
{
    JsonParser *p = json_parser_new();
    JsonNode *data;

    /* Before negotiation: no events. */
    expect(GREETING);
    qapi_event_send("EARLY", NULL);
    cmd("{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}\r\n");
    assert_true(json_parser_load_from_data(
        p, "{\"b\": 1, \"a\": [\"x\\ty\", 2.5, false]}", -1, NULL));
    data = json_parser_get_root(p);
    qapi_event_send("MY_EVENT", data);
    expect_event("\"event\": \"MY_EVENT\", \"data\": {\"b\": 1, \"a\": "
                 "[\"x\\ty\", 2.5, false]}}\r\n");
    g_object_unref(p);
    expect_nothing();
}

static void test_errors(void **state)
{
    negotiate();
    cmd("[1, 2]", GENERIC("QMP input must be a JSON object"));
    cmd("\"str\"", GENERIC("QMP input must be a JSON object"));
    cmd("42\n", GENERIC("QMP input must be a JSON object"));
    cmd("{}", GENERIC("QMP input lacks member 'execute'"));
    cmd("{\"execute\": 1}",
        GENERIC("QMP input member 'execute' must be a string"));
    cmd("{\"execute\": \"stop\", \"x\": 1}",
        GENERIC("QMP input member 'x' is unexpected"));
    cmd("{\"execute\": \"stop\", \"arguments\": []}",
        GENERIC("QMP input member 'arguments' must be an object"));
    cmd("{\"execute\": \"foo\"}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command "
        "foo has not been found\"}}\r\n");
    cmd("{\"execute\": \"query-status\", \"arguments\": {\"x\": 1}}",
        GENERIC("Parameter 'x' is unexpected"));
    cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
        "{\"command-line\": 1}}",
        GENERIC("Invalid parameter type for 'command-line', expected: "
                "string"));
    cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
        "{\"command-line\": \"info\", \"cpu-index\": \"0\"}}",
        GENERIC("Invalid parameter type for 'cpu-index', expected: "
                "integer"));
    cmd("{\"execute\": \"human-monitor-command\"}",
        GENERIC("Parameter 'command-line' is missing"));
    cmd("{\"execute\": \"human-monitor-command\", \"arguments\": "
        "{\"command-line\": \"info status\", \"cpu-index\": 99}}",
        GENERIC("Parameter 'cpu-index' expects a CPU number"));
    cmd("}", GENERIC("JSON parse error, expecting value"));
    /* Still works afterwards. */
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
}

static void test_malformed_json(void **state)
{
    g_autofree char *line = NULL;

    negotiate();
    client_send("{\"execute\" \"stop\"}");
    line = client_line();
    assert_true(g_str_has_prefix(
        line, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON "
              "parse error, "));
    assert_true(g_str_has_suffix(line, "\"}}\r\n"));
    g_free(g_steal_pointer(&line));
    client_send("nul\n");
    line = client_line();
    assert_true(g_str_has_prefix(
        line, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON "
              "parse error, "));
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
}

static void test_stream(void **state)
{
    const char *req = "{\"execute\": \"query-name\", \"id\": \"}{\\\"\"}";

    negotiate();
    /* Several values in one write. */
    client_send("{\"execute\": \"query-name\", \"id\": 1}{\"execute\": "
                "\"query-name\", \"id\": 2}\n  {\"execute\": \"query-name\", "
                "\"id\": 3}");
    expect("{\"return\": {}, \"id\": 1}\r\n");
    expect("{\"return\": {}, \"id\": 2}\r\n");
    expect("{\"return\": {}, \"id\": 3}\r\n");
    /* One value a byte at a time, the loop running in between. */
    for (const char *p = req; *p; p++) {
        client_send_len(p, 1);
        for (int i = 0; i < 3; i++) {
            main_loop_wait(true);
        }
    }
    expect("{\"return\": {}, \"id\": \"}{\\\"\"}\r\n");
    expect_nothing();
}

static void test_limits(void **state)
{
    GString *big = g_string_new("{\"execute\": \"");

    negotiate();
    for (int i = 0; i < QMP_MAX_NESTING + 1; i++) {
        g_string_append_c(big, '[');
    }
    client_send(big->str + strlen("{\"execute\": \""));
    expect(GENERIC("JSON parse error, nesting too deep"));
    /* The rest of that line is dropped. */
    client_send("]]]]}}}\n");
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
    g_string_truncate(big, strlen("{\"execute\": \""));
    while (big->len <= QMP_MAX_INPUT_SIZE + 100) {
        g_string_append(big, "aaaaaaaaaaaaaaaa");
    }
    g_string_append(big, "\"}\n");
    client_send(big->str);
    expect(GENERIC("JSON parse error, input too large"));
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
    g_string_free(big, true);
}

static void test_reconnect(void **state)
{
    negotiate();
    /* Leave mid-message. */
    client_send("{\"execute\": \"query-na");
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
    close(fx.fd);
    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    g_string_truncate(fx.in, 0);
    fx.fd = client_connect();
    expect(GREETING);
    /* Negotiation starts over, and nothing of the old message is left. */
    cmd("{\"execute\": \"query-name\"}",
        "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting "
        "capabilities negotiation with 'qmp_capabilities'\"}}\r\n");
    cmd("{\"execute\": \"qmp_capabilities\"}", "{\"return\": {}}\r\n");
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
}

static void test_pretty(void **state)
{
    Chardev *chr;
    int fd;

    close(fx.fd);
    fx.fd = -1;
    monitor_cleanup();
    qemu_chr_cleanup();
    qemu_opts_reset(&qemu_chardev_opts);
    unlink(fx.path);
    chr = chr_new("socket,id=qmp2,path=%s,server=on,wait=off", fx.path);
    assert_non_null(chr);
    assert_true(monitor_init_qmp(chr, true, &error_abort));
    fd = client_connect();
    fx.fd = fd;
    expect("{\r\n");
    expect("    \"QMP\": {\r\n");
    /* Drain the rest of the greeting. */
    for (;;) {
        g_autofree char *l = client_line();

        if (!strcmp(l, "}\r\n")) {
            break;
        }
    }
    cmd("{\"execute\": \"qmp_capabilities\"}",
        "{\r\n");
    expect("    \"return\": {\r\n");
    expect("    }\r\n");
    expect("}\r\n");
    client_send("{\"execute\": \"query-status\"}");
    expect("{\r\n");
    expect("    \"return\": {\r\n");
    expect("        \"status\": \"prelaunch\",\r\n");
    expect("        \"singlestep\": false,\r\n");
    expect("        \"running\": false\r\n");
    expect("    }\r\n");
    expect("}\r\n");
}

static void test_init_opts(void **state)
{
    QemuOpts *opts;
    Error *err = NULL;

    /* HMP (test-hmp.c has the rest): QEMU refuses pretty for it. */
    opts = qemu_opts_parse(&qemu_mon_opts, "qmp,mode=readline,pretty=on",
                           true, &error_abort);
    assert_false(monitor_init_opts(opts, &err));
    assert_string_equal(error_get_pretty(err),
                        "'pretty' is not compatible with HMP monitors");
    error_free(g_steal_pointer(&err));
    qemu_opts_del(opts);

    opts = qemu_opts_parse(&qemu_mon_opts, "nosuch,mode=control", true,
                           &error_abort);
    assert_false(monitor_init_opts(opts, &err));
    assert_string_equal(error_get_pretty(err), "chardev \"nosuch\" not found");
    error_free(g_steal_pointer(&err));
    qemu_opts_del(opts);

    opts = qemu_opts_parse(&qemu_mon_opts, "qmp,mode=bad", true,
                           &error_abort);
    assert_false(monitor_init_opts(opts, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'mode' does not accept value 'bad'");
    error_free(g_steal_pointer(&err));
    qemu_opts_del(opts);

    /* A second monitor on a chardev in use: the chardev says so. */
    opts = qemu_opts_parse(&qemu_mon_opts, "qmp,mode=control", true,
                           &error_abort);
    assert_false(monitor_init_opts(opts, &err));
    assert_non_null(err);
    error_free(g_steal_pointer(&err));
    qemu_opts_del(opts);
    negotiate();
}

/* ---- QOM ---- */

#define TYPE_QMP_TEST_DEV "qmp-test-dev"

typedef struct QmpTestDev {
    Object parent_obj;
    char *label;
    bool on;
    uint32_t count;
} QmpTestDev;

static char *dev_get_label(Object *obj, Error **errp)
{
    return g_strdup(((QmpTestDev *)obj)->label);
}

static void dev_set_label(Object *obj, const char *value, Error **errp)
{
    QmpTestDev *d = (QmpTestDev *)obj;

    g_free(d->label);
    d->label = g_strdup(value);
}

static bool dev_get_on(Object *obj, Error **errp)
{
    return ((QmpTestDev *)obj)->on;
}

static void dev_set_on(Object *obj, bool value, Error **errp)
{
    ((QmpTestDev *)obj)->on = value;
}

static void dev_init(Object *obj)
{
    QmpTestDev *d = (QmpTestDev *)obj;

    d->label = g_strdup("hello");
    d->count = 7;
    object_property_add_str(obj, "label", dev_get_label, dev_set_label);
    object_property_add_bool(obj, "on", dev_get_on, dev_set_on);
    object_property_add_uint32_ptr(obj, "count", &d->count,
                                   OBJ_PROP_FLAG_READWRITE);
}

static void dev_finalize(Object *obj)
{
    g_free(((QmpTestDev *)obj)->label);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_QMP_TEST_DEV,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(QmpTestDev),
        .instance_init = dev_init,
        .instance_finalize = dev_finalize,
    },
};

DEFINE_TYPES(test_types)

static void test_qom(void **state)
{
    Object *dev = object_new(TYPE_QMP_TEST_DEV);

    object_property_add_child(object_get_root(), "qmptest", dev);
    object_unref(dev);
    negotiate();
    cmd("{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/qmptest\"}}",
        /* In libqom's iteration order (QEMU's is a hash table's). */
        "{\"return\": [{\"name\": \"count\", \"type\": \"uint32\"}, "
        "{\"name\": \"on\", \"type\": \"bool\"}, {\"name\": \"label\", "
        "\"type\": \"string\"}, {\"name\": \"type\", \"type\": "
        "\"string\"}]}\r\n");
    cmd("{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/nosuch\"}}",
        "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
        "'/nosuch' not found\"}}\r\n");
    cmd("{\"execute\": \"qom-list\", \"arguments\": {\"path\": 1}}",
        GENERIC("Invalid parameter type for 'path', expected: string"));
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"type\"}}",
        "{\"return\": \"qmp-test-dev\"}\r\n");
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"qmptest\", "
        "\"property\": \"label\"}}",
        "{\"return\": \"hello\"}\r\n");
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"on\"}}",
        "{\"return\": false}\r\n");
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\"}}",
        "{\"return\": 7}\r\n");
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"nosuch\"}}",
        GENERIC("Property 'qmp-test-dev.nosuch' not found"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"label\", \"value\": \"x\\ny\"}}",
        "{\"return\": {}}\r\n");
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"on\", \"value\": true}}",
        "{\"return\": {}}\r\n");
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\", \"value\": 4000000000}}",
        "{\"return\": {}}\r\n");
    assert_string_equal(((QmpTestDev *)dev)->label, "x\ny");
    assert_true(((QmpTestDev *)dev)->on);
    assert_int_equal(((QmpTestDev *)dev)->count, 4000000000u);
    cmd("{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"label\"}}",
        "{\"return\": \"x\\ny\"}\r\n");
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"on\", \"value\": \"x\"}}",
        GENERIC("Invalid parameter type for 'on', expected: boolean"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"label\", \"value\": 1}}",
        GENERIC("Invalid parameter type for 'label', expected: string"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\", \"value\": 1.5}}",
        GENERIC("Invalid parameter type for 'count', expected: integer"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\", \"value\": -1}}",
        GENERIC("Parameter 'count' expects uint64"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\", \"value\": 5000000000}}",
        GENERIC("Parameter 'count' expects uint32_t"));
    cmd("{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"/qmptest\", "
        "\"property\": \"count\"}}",
        GENERIC("Parameter 'value' is missing"));
    object_unparent(dev);
}

static void test_query_chardev(void **state)
{
    g_autofree char *want = NULL;

    chr_new("null,id=n0");
    negotiate();
    want = g_strdup_printf(
        "{\"return\": [{\"frontend-open\": false, \"filename\": \"null\", "
        "\"label\": \"n0\"}, {\"frontend-open\": true, \"filename\": "
        "\"unix:%s,server=on\", \"label\": \"qmp\"}]}\r\n",
        fx.path);
    cmd("{\"execute\": \"query-chardev\"}", want);
}

static void test_qom_list_types(void **state)
{
    negotiate();
    cmd("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": "
        "\"qmp-test-dev\"}}",
        "{\"return\": [{\"name\": \"qmp-test-dev\", \"parent\": "
        "\"object\"}]}\r\n");
    cmd("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": "
        "\"chardev-socket\", \"abstract\": true}}",
        "{\"return\": [{\"name\": \"chardev-socket\", \"parent\": "
        "\"chardev\"}]}\r\n");
    cmd("{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": "
        "\"nosuch-type\"}}",
        "{\"return\": []}\r\n");
    cmd("{\"execute\": \"qom-list-types\", \"arguments\": {\"abstract\": "
        "\"yes\"}}",
        GENERIC("Invalid parameter type for 'abstract', expected: boolean"));
}

static void qmp_test_machine_init(MachineClass *mc)
{
    mc->desc = "QMP test board";
    mc->alias = "qmpt";
    mc->is_default = true;
    mc->max_cpus = 4;
    mc->default_ram_id = "qmpt.ram";
    mc->default_cpu_type = "qmpt-cpu";
}

DEFINE_MACHINE("qmp-test", qmp_test_machine_init)

static void test_query_machines(void **state)
{
    /* Also links libmachine's core, which registers TYPE_MACHINE. */
    assert_non_null(find_machine("qmpt"));
    negotiate();
    cmd("{\"execute\": \"query-machines\"}",
        "{\"return\": [{\"hotpluggable-cpus\": false, \"name\": \"none\", "
        "\"numa-mem-supported\": false, \"cpu-max\": 1, \"deprecated\": "
        "false, \"default-ram-id\": \"ram\"}, {\"hotpluggable-cpus\": false, "
        "\"name\": \"qmp-test\", \"numa-mem-supported\": false, "
        "\"default-cpu-type\": \"qmpt-cpu\", \"cpu-max\": 4, \"deprecated\": "
        "false, \"default-ram-id\": \"qmpt.ram\", \"alias\": \"qmpt\", "
        "\"is-default\": true}]}\r\n");
}

typedef struct QmpTestQdev {
    DeviceState parent_obj;
    uint32_t iobase;
    bool flag;
    char *name;
} QmpTestQdev;

static Property qmp_test_qdev_props[] = {
    DEFINE_PROP_UINT32("iobase", QmpTestQdev, iobase, 0x501),
    DEFINE_PROP_BOOL("flag", QmpTestQdev, flag, true),
    DEFINE_PROP_STRING("name", QmpTestQdev, name),
    DEFINE_PROP_END_OF_LIST(),
};

static void qmp_test_qdev_class_init(ObjectClass *oc, void *data)
{
    device_class_set_props(DEVICE_CLASS(oc), qmp_test_qdev_props);
}

static const TypeInfo qdev_types[] = {
    {
        .name = "qmp-test-qdev",
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(QmpTestQdev),
        .class_init = qmp_test_qdev_class_init,
    },
};

DEFINE_TYPES(qdev_types)

static void test_device_list_properties(void **state)
{
    negotiate();
    cmd("{\"execute\": \"device-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-qdev\"}}",
        "{\"return\": [{\"default-value\": 1281, \"name\": \"iobase\", "
        "\"type\": \"uint32\"}, {\"default-value\": true, \"name\": "
        "\"flag\", \"type\": \"bool\", \"description\": \"on/off\"}, "
        "{\"name\": \"name\", \"type\": \"str\"}]}\r\n");
    cmd("{\"execute\": \"device-list-properties\", \"arguments\": "
        "{\"typename\": \"nosuch\"}}",
        "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
        "'nosuch' not found\"}}\r\n");
    cmd("{\"execute\": \"device-list-properties\", \"arguments\": "
        "{\"typename\": \"device\"}}",
        GENERIC("Parameter 'typename' expects a non-abstract device type"));
    cmd("{\"execute\": \"device-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-dev\"}}",
        GENERIC("Parameter 'typename' expects a non-abstract device type"));
}

/* Garbage never crashes the monitor; a new client gets a fresh one. */
static void test_garbage(void **state)
{
    static const char alphabet[] = "{}[]\":,\\ \n0123456789aeflnrstux-.";
    GRand *rand = g_rand_new_with_seed(42);
    char buf[8192];
    char junk[256];

    negotiate();
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = g_rand_boolean(rand)
                     ? alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)]
                     : (char)g_rand_int_range(rand, 0, 256);
    }
    g_rand_free(rand);
    client_send_len(buf, sizeof(buf));
    for (int i = 0; i < 50; i++) {
        main_loop_wait(true);
        while (recv(fx.fd, junk, sizeof(junk), MSG_DONTWAIT) > 0) {
        }
    }
    close(fx.fd);
    for (int i = 0; i < 20; i++) {
        main_loop_wait(true);
    }
    g_string_truncate(fx.in, 0);
    fx.fd = client_connect();
    negotiate();
    cmd("{\"execute\": \"query-name\"}", "{\"return\": {}}\r\n");
}

/*
 * A client that sends many commands without reading: the monitor never
 * blocks on it (the main loop keeps running), stops reading while its
 * output is pending, and every reply arrives once the client reads.
 */
static void test_backpressure(void **state)
{
    enum { N = 4000 };
    const char *req = "{\"execute\": \"query-version\"}";
    const char *want = "{\"return\": {\"qemu\": {\"micro\": 0, \"minor\": 1, "
                       "\"major\": 0}, \"package\": \"emu 0.1.0\"}}\r\n";
    size_t sent = 0;
    int got = 0;

    negotiate();
    /* Send without reading, the loop running each time (no blocking). */
    for (int i = 0; i < N; i++) {
        size_t len = strlen(req);
        size_t off = 0;

        while (off < len) {
            ssize_t n = send(fx.fd, req + off, len - off,
                             MSG_DONTWAIT | MSG_NOSIGNAL);

            if (n < 0) {
                assert_int_equal(errno, EAGAIN);
                break;
            }
            off += n;
        }
        if (off < len) {
            /* Our send buffer is full too: the monitor stopped reading. */
            assert_int_equal(off, 0);
            break;
        }
        sent++;
        main_loop_wait(true);
    }
    assert_true(sent > 0);
    /* Now read every reply. */
    while (got < (int)sent) {
        g_autofree char *line = client_line();

        assert_string_equal(line, want);
        got++;
    }
    expect_nothing();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, qmp_test_setup, qmp_test_teardown)
        T(test_greeting_negotiation),
        T(test_negotiate_oob),
        T(test_queries),
        T(test_id_echo),
        T(test_run_state),
        T(test_events),
        T(test_errors),
        T(test_malformed_json),
        T(test_stream),
        T(test_limits),
        T(test_reconnect),
        T(test_pretty),
        T(test_init_opts),
        T(test_qom),
        T(test_query_chardev),
        T(test_qom_list_types),
        T(test_query_machines),
        T(test_device_list_properties),
        T(test_garbage),
        T(test_backpressure),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
