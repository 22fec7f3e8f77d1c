/*
 * Value visitor: one typed C value in (set_str/int/uint/bool) or out
 * (the typed getters), with the type checks QEMU's QObject visitors make.
 * Integers convert between signed and unsigned when the value fits, so
 * object_property_set_int() works on a "uint32" property and
 * object_property_get_uint() on an "int" one holding a positive value.
 */
#include <glib.h>

#include "util/error.h"
#include "value-visitor.h"

static ValueVisitor *to_vv(Visitor *v)
{
    return (ValueVisitor *)v;
}

static const char *vv_name(const char *name)
{
    return name ? name : "null";
}

static bool wrong_type(const char *name, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               vv_name(name), expected);
    return false;
}

static bool value_to_int(const QomValue *value, const char *name, int64_t *obj,
                         Error **errp)
{
    switch (value->kind) {
    case QOM_VALUE_INT:
        *obj = value->i;
        return true;
    case QOM_VALUE_UINT:
        if (value->u > INT64_MAX) {
            error_setg(errp, "Parameter '%s' expects int64", vv_name(name));
            return false;
        }
        *obj = value->u;
        return true;
    default:
        return wrong_type(name, "integer", errp);
    }
}

static bool value_to_uint(const QomValue *value, const char *name,
                          const char *c_type, uint64_t *obj, Error **errp)
{
    switch (value->kind) {
    case QOM_VALUE_UINT:
        *obj = value->u;
        return true;
    case QOM_VALUE_INT:
        /* QEMU wraps negative numbers here; emu refuses them. */
        if (value->i < 0) {
            error_setg(errp, "Parameter '%s' expects %s", vv_name(name),
                       c_type);
            return false;
        }
        *obj = value->i;
        return true;
    default:
        return wrong_type(name, "integer", errp);
    }
}

static bool value_to_bool(const QomValue *value, const char *name, bool *obj,
                          Error **errp)
{
    if (value->kind != QOM_VALUE_BOOL) {
        return wrong_type(name, "boolean", errp);
    }
    *obj = value->b;
    return true;
}

/* ---- Input ---- */

static bool vvi_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    return value_to_int(&to_vv(v)->value, name, obj, errp);
}

static bool vvi_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    return value_to_uint(&to_vv(v)->value, name, "uint64", obj, errp);
}

static bool vvi_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    return value_to_uint(&to_vv(v)->value, name, "size", obj, errp);
}

static bool vvi_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    return value_to_bool(&to_vv(v)->value, name, obj, errp);
}

static bool vvi_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    const QomValue *value = &to_vv(v)->value;

    if (value->kind != QOM_VALUE_STR) {
        return wrong_type(name, "string", errp);
    }
    *obj = g_strdup(value->str);
    return true;
}

void value_input_visitor_init(ValueVisitor *vv, QomValue value)
{
    *vv = (ValueVisitor){
        .visitor =
            {
                .type = VISITOR_INPUT,
                .type_int64 = vvi_type_int64,
                .type_uint64 = vvi_type_uint64,
                .type_size = vvi_type_size,
                .type_bool = vvi_type_bool,
                .type_str = vvi_type_str,
            },
        .value = value,
    };
}

/* ---- Output ---- */

static void vvo_clear(ValueVisitor *vv)
{
    if (vv->value.kind == QOM_VALUE_STR) {
        g_free(vv->value.str);
    }
    vv->value = (QomValue){.kind = QOM_VALUE_NONE};
}

static bool vvo_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    vvo_clear(to_vv(v));
    to_vv(v)->value = (QomValue){.kind = QOM_VALUE_INT, .i = *obj};
    return true;
}

static bool vvo_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    vvo_clear(to_vv(v));
    to_vv(v)->value = (QomValue){.kind = QOM_VALUE_UINT, .u = *obj};
    return true;
}

static bool vvo_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    vvo_clear(to_vv(v));
    to_vv(v)->value = (QomValue){.kind = QOM_VALUE_BOOL, .b = *obj};
    return true;
}

static bool vvo_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    vvo_clear(to_vv(v));
    to_vv(v)->value = (QomValue){
        .kind = QOM_VALUE_STR,
        .str = g_strdup(*obj ? *obj : ""),
    };
    return true;
}

void value_output_visitor_init(ValueVisitor *vv)
{
    *vv = (ValueVisitor){
        .visitor =
            {
                .type = VISITOR_OUTPUT,
                .type_int64 = vvo_type_int64,
                .type_uint64 = vvo_type_uint64,
                .type_bool = vvo_type_bool,
                .type_str = vvo_type_str,
            },
        .value = {.kind = QOM_VALUE_NONE},
    };
}

bool value_output_get_int(ValueVisitor *vv, const char *name, int64_t *obj,
                          Error **errp)
{
    return value_to_int(&vv->value, name, obj, errp);
}

bool value_output_get_uint(ValueVisitor *vv, const char *name, uint64_t *obj,
                           Error **errp)
{
    return value_to_uint(&vv->value, name, "uint64", obj, errp);
}

bool value_output_get_bool(ValueVisitor *vv, const char *name, bool *obj,
                           Error **errp)
{
    return value_to_bool(&vv->value, name, obj, errp);
}

char *value_output_take_str(ValueVisitor *vv, const char *name, Error **errp)
{
    char *str;

    if (vv->value.kind != QOM_VALUE_STR) {
        wrong_type(name, "string", errp);
        return NULL;
    }
    str = vv->value.str;
    vv->value = (QomValue){.kind = QOM_VALUE_NONE};
    return str;
}

void value_visitor_destroy(ValueVisitor *vv)
{
    if (vv->visitor.type == VISITOR_OUTPUT) {
        vvo_clear(vv);
    }
}
