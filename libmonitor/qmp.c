/*
 * QMP monitors: framing the input stream into JSON values, checking the
 * request shape, dispatching commands, replies and events.
 *
 * The stream is cut into values by tracking strings and {}/[] depth (as
 * QEMU's JSON streamer does); each value is then parsed by json-glib.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "monitor-internal.h"

/* Past this much pending output the monitor stops reading input. */
#define QMP_MAX_PENDING_OUTPUT (64 * 1024)

static GList *monitors;

void qmp_set_error_class(MonitorQMP *mon, QmpErrorClass cls)
{
    if (mon) {
        mon->err_class = cls;
    }
}

/* ---- Output ---- */

static void monitor_flush(MonitorQMP *mon);

static gboolean monitor_out_ready(void *do_not_use, GIOCondition cond,
                                  void *opaque)
{
    MonitorQMP *mon = opaque;
    bool was_full = mon->outbuf->len > QMP_MAX_PENDING_OUTPUT;

    mon->out_watch = 0;
    monitor_flush(mon);
    if (was_full && mon->outbuf->len <= QMP_MAX_PENDING_OUTPUT) {
        qemu_chr_fe_accept_input(&mon->be);
    }
    return G_SOURCE_REMOVE;
}

static void monitor_drop_output(MonitorQMP *mon)
{
    if (mon->out_watch) {
        g_source_remove(mon->out_watch);
        mon->out_watch = 0;
    }
    g_string_truncate(mon->outbuf, 0);
}

/*
 * Write what the backend takes now; wait for the rest with a watch
 * rather than blocking the main loop on a client that does not read.
 */
static void monitor_flush(MonitorQMP *mon)
{
    while (mon->outbuf->len && !mon->out_watch) {
        int n = qemu_chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                                  (int)MIN(mon->outbuf->len, (gsize)65536));

        if (n < 0) {
            /* No peer: nobody to read it. */
            monitor_drop_output(mon);
        } else if (n == 0) {
            mon->out_watch = qemu_chr_fe_add_watch(
                &mon->be, G_IO_OUT | G_IO_HUP, monitor_out_ready, mon);
            if (!mon->out_watch) {
                monitor_drop_output(mon);
            }
        } else {
            g_string_erase(mon->outbuf, 0, n);
        }
    }
}

static void monitor_send(MonitorQMP *mon, JsonNode *node)
{
    g_autofree char *text = qmp_to_json(node, mon->pretty);
    GString *out = mon->outbuf;

    /* Like QEMU's monitor_puts: every newline goes out as \r\n. */
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    g_string_append(out, "\r\n");
    monitor_flush(mon);
}

JsonNode *qmp_node_from_object(JsonObject *obj)
{
    JsonNode *node = json_node_alloc();

    json_node_init_object(node, obj);
    json_object_unref(obj);
    return node;
}

static void send_reply(MonitorQMP *mon, JsonNode *ret, JsonNode *id)
{
    JsonObject *obj = json_object_new();
    JsonNode *node;

    json_object_set_member(obj, "return", ret);
    if (id) {
        json_object_set_member(obj, "id", json_node_copy(id));
    }
    node = qmp_node_from_object(obj);
    monitor_send(mon, node);
    json_node_unref(node);
}

static void send_error(MonitorQMP *mon, QmpErrorClass cls, const char *desc,
                       JsonNode *id)
{
    JsonObject *err = json_object_new();
    JsonObject *obj = json_object_new();
    JsonNode *node;

    static const char *const names[] = {
        [QMP_ERROR_GENERIC] = "GenericError",
        [QMP_ERROR_COMMAND_NOT_FOUND] = "CommandNotFound",
        [QMP_ERROR_DEVICE_NOT_FOUND] = "DeviceNotFound",
    };

    json_object_set_string_member(err, "class", names[cls]);
    json_object_set_string_member(err, "desc", desc);
    json_object_set_object_member(obj, "error", err);
    if (id) {
        json_object_set_member(obj, "id", json_node_copy(id));
    }
    node = qmp_node_from_object(obj);
    monitor_send(mon, node);
    json_node_unref(node);
}

JsonObject *qmp_version_object(void)
{
    JsonObject *v = json_object_new();
    JsonObject *qemu = json_object_new();
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(EMU_VERSION, "%u.%u.%u", &major, &minor, &micro);
    json_object_set_int_member(qemu, "micro", micro);
    json_object_set_int_member(qemu, "minor", minor);
    json_object_set_int_member(qemu, "major", major);
    json_object_set_object_member(v, "qemu", qemu);
    json_object_set_string_member(v, "package", "emu " EMU_VERSION);
    return v;
}

static void send_greeting(MonitorQMP *mon)
{
    JsonObject *qmp = json_object_new();
    JsonObject *obj = json_object_new();
    JsonArray *caps = json_array_new();
    JsonNode *node;

    json_array_add_string_element(caps, "oob");
    json_object_set_object_member(qmp, "version", qmp_version_object());
    json_object_set_array_member(qmp, "capabilities", caps);
    json_object_set_object_member(obj, "QMP", qmp);
    node = qmp_node_from_object(obj);
    monitor_send(mon, node);
    json_node_unref(node);
}

void qapi_event_send(const char *name, JsonNode *data)
{
    gint64 now = g_get_real_time();
    JsonObject *ts = json_object_new();
    JsonObject *obj = json_object_new();
    JsonNode *node;

    json_object_set_int_member(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(obj, "timestamp", ts);
    json_object_set_string_member(obj, "event", name);
    if (data) {
        json_object_set_member(obj, "data", json_node_copy(data));
    }
    node = qmp_node_from_object(obj);
    for (GList *l = monitors; l; l = l->next) {
        MonitorQMP *mon = l->data;

        if (mon->negotiated) {
            monitor_send(mon, node);
        }
    }
    json_node_unref(node);
}

/* An event whose data is {"guest": false, "reason": reason}. */
void qmp_event_host(const char *name, const char *reason)
{
    JsonObject *data = json_object_new();
    JsonNode *node;

    json_object_set_boolean_member(data, "guest", false);
    json_object_set_string_member(data, "reason", reason);
    node = qmp_node_from_object(data);
    qapi_event_send(name, node);
    json_node_unref(node);
}

JsonNode *qmp_empty_return(void)
{
    return qmp_node_from_object(json_object_new());
}

/* ---- Commands ---- */

static JsonNode *qmp_capabilities(MonitorQMP *mon, JsonObject *args,
                                  Error **errp)
{
    JsonArray *enable = json_object_has_member(args, "enable")
                            ? json_object_get_array_member(args, "enable")
                            : NULL;

    for (guint i = 0; enable && i < json_array_get_length(enable); i++) {
        JsonNode *cap = json_array_get_element(enable, i);

        if (!JSON_NODE_HOLDS_VALUE(cap) ||
            json_node_get_value_type(cap) != G_TYPE_STRING) {
            error_setg(errp,
                       "Invalid parameter type for 'enable[%u]', expected: "
                       "string", i);
            return NULL;
        }
        if (strcmp(json_node_get_string(cap), "oob")) {
            error_setg(errp, "Parameter 'enable[%u]' does not accept value "
                       "'%s'", i, json_node_get_string(cap));
            return NULL;
        }
    }
    mon->negotiated = true;
    return qmp_empty_return();
}


static JsonNode *qmp_query_commands(MonitorQMP *mon, JsonObject *args,
                                    Error **errp);

/* The commands that belong to the protocol itself. */
static const QmpCommand qmp_commands_core[] = {
    {"qmp_capabilities", qmp_capabilities, {{"enable", ARG_ARRAY, true}}},
    {"query-commands", qmp_query_commands},
    {NULL},
};

static const QmpCommand *const command_tables[] = {
    qmp_commands_core,
    qmp_commands_vm,
    qmp_commands_qom,
    qmp_commands_machine,
    qmp_commands_hmp,
};

const QmpCommand *qmp_find_command(const char *name)
{
    for (size_t t = 0; t < G_N_ELEMENTS(command_tables); t++) {
        for (const QmpCommand *c = command_tables[t]; c->name; c++) {
            if (!strcmp(c->name, name)) {
                return c;
            }
        }
    }
    return NULL;
}

static JsonNode *qmp_query_commands(MonitorQMP *mon, JsonObject *args,
                                    Error **errp)
{
    JsonArray *list = json_array_new();
    JsonNode *node = json_node_alloc();

    for (size_t t = 0; t < G_N_ELEMENTS(command_tables); t++) {
        for (const QmpCommand *c = command_tables[t]; c->name; c++) {
            JsonObject *info = json_object_new();

            json_object_set_string_member(info, "name", c->name);
            json_array_add_object_element(list, info);
        }
    }
    json_node_init_array(node, list);
    json_array_unref(list);
    return node;
}

static const char *arg_type_name(ArgType t)
{
    switch (t) {
    case ARG_STRING:
        return "string";
    case ARG_BOOL:
        return "boolean";
    case ARG_INT:
        return "integer";
    case ARG_ARRAY:
        return "array";
    default:
        return "any";
    }
}

static bool arg_type_ok(JsonNode *node, ArgType t)
{
    switch (t) {
    case ARG_ANY:
        return true;
    case ARG_ARRAY:
        return JSON_NODE_HOLDS_ARRAY(node);
    case ARG_STRING:
        return JSON_NODE_HOLDS_VALUE(node) &&
               json_node_get_value_type(node) == G_TYPE_STRING;
    case ARG_BOOL:
        return JSON_NODE_HOLDS_VALUE(node) &&
               json_node_get_value_type(node) == G_TYPE_BOOLEAN;
    default:
        return JSON_NODE_HOLDS_VALUE(node) &&
               json_node_get_value_type(node) == G_TYPE_INT64;
    }
}

/* QEMU's input visitor: types, then unexpected members, then missing. */
static bool check_args(const QmpCommand *cmd, JsonObject *args, Error **errp)
{
    JsonObjectIter it;
    const char *key;
    JsonNode *member;

    for (const ArgDesc *a = cmd->args; a->name; a++) {
        JsonNode *v = json_object_get_member(args, a->name);

        if (!v) {
            if (!a->optional) {
                error_setg(errp, "Parameter '%s' is missing", a->name);
                return false;
            }
        } else if (!arg_type_ok(v, a->type)) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       a->name, arg_type_name(a->type));
            return false;
        }
    }
    json_object_iter_init_ordered(&it, args);
    while (json_object_iter_next_ordered(&it, &key, &member)) {
        bool known = false;

        for (const ArgDesc *a = cmd->args; a->name; a++) {
            known |= !strcmp(a->name, key);
        }
        if (!known && !cmd->extra_args) {
            error_setg(errp, "Parameter '%s' is unexpected", key);
            return false;
        }
    }
    return true;
}

static void dispatch(MonitorQMP *mon, JsonObject *req)
{
    JsonObjectIter it;
    const char *key;
    JsonNode *member;
    JsonNode *id = json_object_get_member(req, "id");
    const char *name = NULL;
    JsonObject *args = NULL;
    const QmpCommand *cmd = NULL;
    Error *err = NULL;
    JsonNode *ret;

    json_object_iter_init_ordered(&it, req);
    while (json_object_iter_next_ordered(&it, &key, &member)) {
        if (!strcmp(key, "execute") || !strcmp(key, "exec-oob")) {
            if (!JSON_NODE_HOLDS_VALUE(member) ||
                json_node_get_value_type(member) != G_TYPE_STRING) {
                g_autofree char *desc = g_strdup_printf(
                    "QMP input member '%s' must be a string", key);

                send_error(mon, QMP_ERROR_GENERIC, desc, id);
                return;
            }
            name = json_node_get_string(member);
        } else if (!strcmp(key, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(member)) {
                send_error(mon, QMP_ERROR_GENERIC,
                           "QMP input member 'arguments' must be an object",
                           id);
                return;
            }
            args = json_node_get_object(member);
        } else if (strcmp(key, "id")) {
            g_autofree char *desc =
                g_strdup_printf("QMP input member '%s' is unexpected", key);

            send_error(mon, QMP_ERROR_GENERIC, desc, id);
            return;
        }
    }
    if (!name) {
        send_error(mon, QMP_ERROR_GENERIC, "QMP input lacks member 'execute'",
                   id);
        return;
    }
    cmd = qmp_find_command(name);
    if (!mon->negotiated && (!cmd || cmd->fn != qmp_capabilities)) {
        send_error(mon, QMP_ERROR_COMMAND_NOT_FOUND,
                   "Expecting capabilities negotiation with "
                   "'qmp_capabilities'", id);
        return;
    }
    if (mon->negotiated && cmd && cmd->fn == qmp_capabilities) {
        send_error(mon, QMP_ERROR_COMMAND_NOT_FOUND,
                   "Capabilities negotiation is already complete, command "
                   "ignored", id);
        return;
    }
    if (!cmd) {
        g_autofree char *desc =
            g_strdup_printf("The command %s has not been found", name);

        send_error(mon, QMP_ERROR_COMMAND_NOT_FOUND, desc, id);
        return;
    }
    {
        g_autoptr(JsonObject) own = args ? json_object_ref(args)
                                         : json_object_new();

        if (!check_args(cmd, own, &err)) {
            send_error(mon, QMP_ERROR_GENERIC, error_get_pretty(err), id);
            error_free(err);
            return;
        }
        mon->err_class = QMP_ERROR_GENERIC;
        ret = cmd->fn(mon, own, &err);
    }
    if (!ret) {
        send_error(mon, mon->err_class, error_get_pretty(err), id);
        error_free(err);
        return;
    }
    send_reply(mon, ret, id);
    if (cmd->after) {
        cmd->after();
    }
}

JsonNode *qmp_run_command(const char *name, JsonObject *args, Error **errp)
{
    const QmpCommand *cmd = qmp_find_command(name);
    g_autoptr(JsonObject) own = args ? json_object_ref(args)
                                     : json_object_new();

    if (!cmd || cmd->fn == qmp_capabilities) {
        error_setg(errp, "The command %s has not been found", name);
        return NULL;
    }
    if (!check_args(cmd, own, errp)) {
        return NULL;
    }
    return cmd->fn(NULL, own, errp);
}


/* ---- Input ---- */

static void framer_reset(MonitorQMP *mon)
{
    g_string_truncate(mon->buf, 0);
    mon->depth = 0;
    mon->in_string = false;
    mon->escape = false;
    mon->scalar = false;
    mon->skip_line = false;
}

/* One complete JSON value is in mon->buf. */
static void handle_value(MonitorQMP *mon)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) gerr = NULL;
    g_autofree char *text = g_strndup(mon->buf->str, mon->buf->len);
    JsonNode *root;

    framer_reset(mon);
    if (!json_parser_load_from_data(parser, text, -1, &gerr)) {
        g_autofree char *desc =
            g_strdup_printf("JSON parse error, %s", gerr->message);

        send_error(mon, QMP_ERROR_GENERIC, desc, NULL);
        return;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        send_error(mon, QMP_ERROR_GENERIC, "QMP input must be a JSON object",
                   NULL);
        return;
    }
    dispatch(mon, json_node_get_object(root));
}

static void framer_error(MonitorQMP *mon, const char *desc)
{
    framer_reset(mon);
    send_error(mon, QMP_ERROR_GENERIC, desc, NULL);
}

static bool is_delim(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' ||
           c == '}' || c == '[' || c == ']' || c == '"' || c == ',' ||
           c == ':';
}

static void framer_feed(MonitorQMP *mon, uint8_t c)
{
    if (mon->skip_line) {
        mon->skip_line = c != '\n';
        return;
    }
    if (mon->scalar && is_delim(c)) {
        /* The top-level scalar ends here; c starts something new. */
        handle_value(mon);
    }
    if (mon->in_string) {
        g_string_append_c(mon->buf, c);
        if (mon->escape) {
            mon->escape = false;
        } else if (c == '\\') {
            mon->escape = true;
        } else if (c == '"') {
            mon->in_string = false;
            if (mon->depth == 0) {
                handle_value(mon);
                return;
            }
        }
    } else if (c == '"') {
        mon->in_string = true;
        g_string_append_c(mon->buf, c);
    } else if (c == '{' || c == '[') {
        if (++mon->depth > QMP_MAX_NESTING) {
            framer_error(mon, "JSON parse error, nesting too deep");
            mon->skip_line = true;
            return;
        }
        g_string_append_c(mon->buf, c);
    } else if (c == '}' || c == ']') {
        if (mon->depth == 0) {
            framer_error(mon, "JSON parse error, expecting value");
            return;
        }
        g_string_append_c(mon->buf, c);
        if (--mon->depth == 0) {
            handle_value(mon);
            return;
        }
    } else if (mon->depth == 0 &&
               (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
        return;
    } else {
        if (mon->depth == 0) {
            mon->scalar = true;
        }
        g_string_append_c(mon->buf, c);
    }
    if (mon->buf->len > QMP_MAX_INPUT_SIZE) {
        framer_error(mon, "JSON parse error, input too large");
        mon->skip_line = true;
    }
}

static int monitor_can_read(void *opaque)
{
    MonitorQMP *mon = opaque;

    /* A client that does not read its replies is not read either. */
    return mon->outbuf->len > QMP_MAX_PENDING_OUTPUT ? 0 : 4096;
}

static void monitor_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorQMP *mon = opaque;

    for (int i = 0; i < size; i++) {
        framer_feed(mon, buf[i]);
    }
}

static void monitor_event(void *opaque, QEMUChrEvent event)
{
    MonitorQMP *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_drop_output(mon);
        framer_reset(mon);
        mon->negotiated = false;
        send_greeting(mon);
        break;
    case CHR_EVENT_CLOSED:
        monitor_drop_output(mon);
        framer_reset(mon);
        mon->negotiated = false;
        break;
    default:
        break;
    }
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    MonitorQMP *mon = g_new0(MonitorQMP, 1);

    if (!qemu_chr_fe_init(&mon->be, chr, errp)) {
        g_free(mon);
        return false;
    }
    mon->pretty = pretty;
    mon->buf = g_string_new(NULL);
    mon->outbuf = g_string_new(NULL);
    monitors = g_list_append(monitors, mon);
    qmp_machine_events_init();
    qemu_chr_fe_set_handlers(&mon->be, monitor_can_read, monitor_read,
                             monitor_event, NULL, mon, NULL, true);
    return true;
}

void qmp_monitors_cleanup(void)
{
    for (GList *l = monitors; l; l = l->next) {
        MonitorQMP *mon = l->data;

        /* One last try for what is pending (the quit reply), no wait. */
        if (mon->out_watch) {
            g_source_remove(mon->out_watch);
            mon->out_watch = 0;
        }
        if (mon->outbuf->len) {
            qemu_chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                              (int)MIN(mon->outbuf->len, (gsize)65536));
        }
        monitor_drop_output(mon);
        qemu_chr_fe_deinit(&mon->be, false);
        g_string_free(mon->buf, true);
        g_string_free(mon->outbuf, true);
        g_free(mon);
    }
    g_list_free(monitors);
    monitors = NULL;
    qmp_machine_events_cleanup();
}
