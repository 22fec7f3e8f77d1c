/*
 * Visitors between json-glib nodes and QOM properties (scalars): what
 * qom-get reads a property into and what qom-set writes one from.
 */
#include "monitor/qmp-visitor.h"
#include "qom/visitor-impl.h"
#include "util/error.h"

typedef struct JsonVisitor {
    Visitor visitor;
    /* Input: the value (borrowed).  Output: the result, once visited. */
    JsonNode *node;
} JsonVisitor;

static JsonNode *in_node(Visitor *v)
{
    return ((JsonVisitor *)v)->node;
}

static bool in_is(Visitor *v, GType type)
{
    JsonNode *n = in_node(v);

    return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == type;
}

static bool type_error(const char *name, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               name ? name : "null", expected);
    return false;
}

static bool in_int64(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    if (!in_is(v, G_TYPE_INT64)) {
        return type_error(name, "integer", errp);
    }
    *obj = json_node_get_int(in_node(v));
    return true;
}

static bool in_uint64(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp)
{
    int64_t val;

    if (!in_int64(v, name, &val, errp)) {
        return false;
    }
    if (val < 0) {
        error_setg(errp, "Parameter '%s' expects uint64", name);
        return false;
    }
    *obj = val;
    return true;
}

static bool in_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    if (!in_is(v, G_TYPE_BOOLEAN)) {
        return type_error(name, "boolean", errp);
    }
    *obj = json_node_get_boolean(in_node(v));
    return true;
}

static bool in_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    if (!in_is(v, G_TYPE_STRING)) {
        return type_error(name, "string", errp);
    }
    *obj = g_strdup(json_node_get_string(in_node(v)));
    return true;
}

static void json_visitor_free(Visitor *v)
{
    JsonVisitor *jv = (JsonVisitor *)v;

    if (jv->visitor.type == VISITOR_OUTPUT && jv->node) {
        json_node_unref(jv->node);
    }
    g_free(jv);
}

Visitor *qmp_input_visitor_new(JsonNode *value)
{
    JsonVisitor *jv = g_new0(JsonVisitor, 1);

    jv->visitor.type = VISITOR_INPUT;
    jv->visitor.type_int64 = in_int64;
    jv->visitor.type_uint64 = in_uint64;
    jv->visitor.type_bool = in_bool;
    jv->visitor.type_str = in_str;
    jv->visitor.free = json_visitor_free;
    jv->node = value;
    return &jv->visitor;
}

static void out_set(Visitor *v, JsonNode *node)
{
    JsonVisitor *jv = (JsonVisitor *)v;

    if (jv->node) {
        json_node_unref(jv->node);
    }
    jv->node = node;
}

static bool out_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp)
{
    JsonNode *n = json_node_alloc();

    json_node_init_int(n, *obj);
    out_set(v, n);
    return true;
}

static bool out_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp)
{
    JsonNode *n = json_node_alloc();

    /* json-glib holds integers as int64; larger ones as a double. */
    if (*obj > INT64_MAX) {
        json_node_init_double(n, (double)*obj);
    } else {
        json_node_init_int(n, (int64_t)*obj);
    }
    out_set(v, n);
    return true;
}

static bool out_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    JsonNode *n = json_node_alloc();

    json_node_init_boolean(n, *obj);
    out_set(v, n);
    return true;
}

static bool out_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    JsonNode *n = json_node_alloc();

    json_node_init_string(n, *obj ? *obj : "");
    out_set(v, n);
    return true;
}

static void out_complete(Visitor *v, void *opaque)
{
    JsonVisitor *jv = (JsonVisitor *)v;
    JsonNode **result = opaque;

    *result = jv->node;
    jv->node = NULL;
}

Visitor *qmp_output_visitor_new(void)
{
    JsonVisitor *jv = g_new0(JsonVisitor, 1);

    jv->visitor.type = VISITOR_OUTPUT;
    jv->visitor.type_int64 = out_int64;
    jv->visitor.type_uint64 = out_uint64;
    jv->visitor.type_bool = out_bool;
    jv->visitor.type_str = out_str;
    jv->visitor.complete = out_complete;
    jv->visitor.free = json_visitor_free;
    return &jv->visitor;
}
