/*
 * Visitor dispatch: the public visit_type_*() calls, mapped onto the few
 * callbacks a visitor implements (see qom/visitor-impl.h).  Narrow
 * integers go through the 64-bit callbacks and are range checked on
 * input; enums go through the string callback.
 */
#include <glib.h>
#include <inttypes.h>

#include "qom/visitor-impl.h"
#include "util/error.h"

/* QAPI's convention when a visit has no name (a list element, a root). */
static const char *visit_name(const char *name)
{
    return name ? name : "null";
}

static bool visit_unsupported(const char *name, const char *expected,
                              Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               visit_name(name), expected);
    return false;
}

VisitorType visit_get_type(const Visitor *v)
{
    return v->type;
}

int qapi_enum_parse(const QEnumLookup *lookup, const char *name, int def,
                    Error **errp)
{
    int i;

    if (!name) {
        return def;
    }
    for (i = 0; i < lookup->size; i++) {
        if (g_str_equal(lookup->array[i], name)) {
            return i;
        }
    }
    error_setg(errp, "Invalid parameter '%s'", name);
    return -1;
}

const char *qapi_enum_lookup(const QEnumLookup *lookup, int val)
{
    if (val < 0 || val >= lookup->size) {
        return NULL;
    }
    return lookup->array[val];
}

bool visit_type_int64(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    if (!v->type_int64) {
        return visit_unsupported(name, "integer", errp);
    }
    return v->type_int64(v, name, obj, errp);
}

bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    return visit_type_int64(v, name, obj, errp);
}

bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp)
{
    if (!v->type_uint64) {
        return visit_unsupported(name, "integer", errp);
    }
    return v->type_uint64(v, name, obj, errp);
}

/*
 * The narrow types share one signed and one unsigned helper: the value
 * travels as 64 bits, and only input can bring one that does not fit.
 */
static bool visit_type_intN(Visitor *v, const char *name, int64_t *value,
                            int64_t min, int64_t max, const char *c_type,
                            Error **errp)
{
    if (!visit_type_int64(v, name, value, errp)) {
        return false;
    }
    if (*value < min || *value > max) {
        error_setg(errp, "Parameter '%s' expects %s", visit_name(name), c_type);
        return false;
    }
    return true;
}

static bool visit_type_uintN(Visitor *v, const char *name, uint64_t *value,
                             uint64_t max, const char *c_type, Error **errp)
{
    if (!visit_type_uint64(v, name, value, errp)) {
        return false;
    }
    if (*value > max) {
        error_setg(errp, "Parameter '%s' expects %s", visit_name(name), c_type);
        return false;
    }
    return true;
}

bool visit_type_int8(Visitor *v, const char *name, int8_t *obj, Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT8_MIN, INT8_MAX, "int8_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_int16(Visitor *v, const char *name, int16_t *obj, Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT16_MIN, INT16_MAX, "int16_t",
                         errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_int32(Visitor *v, const char *name, int32_t *obj, Error **errp)
{
    int64_t value = *obj;

    if (!visit_type_intN(v, name, &value, INT32_MIN, INT32_MAX, "int32_t",
                         errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj, Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT8_MAX, "uint8_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT16_MAX, "uint16_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp)
{
    uint64_t value = *obj;

    if (!visit_type_uintN(v, name, &value, UINT32_MAX, "uint32_t", errp)) {
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_size(Visitor *v, const char *name, uint64_t *obj, Error **errp)
{
    if (v->type_size) {
        return v->type_size(v, name, obj, errp);
    }
    return visit_type_uint64(v, name, obj, errp);
}

bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    if (!v->type_bool) {
        return visit_unsupported(name, "boolean", errp);
    }
    return v->type_bool(v, name, obj, errp);
}

bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    if (!v->type_str) {
        return visit_unsupported(name, "string", errp);
    }
    return v->type_str(v, name, obj, errp);
}

static bool visit_output_enum(Visitor *v, const char *name, int *obj,
                              const QEnumLookup *lookup, Error **errp)
{
    const char *str = qapi_enum_lookup(lookup, *obj);

    if (!str) {
        /* A getter returned a value its own enum does not define. */
        error_setg(errp, "Invalid parameter '%s'", visit_name(name));
        return false;
    }
    return visit_type_str(v, name, (char **)&str, errp);
}

static bool visit_input_enum(Visitor *v, const char *name, int *obj,
                             const QEnumLookup *lookup, Error **errp)
{
    g_autofree char *str = NULL;
    int value;

    if (!visit_type_str(v, name, &str, errp)) {
        return false;
    }
    value = qapi_enum_parse(lookup, str, -1, NULL);
    if (value < 0) {
        error_setg(errp, "Parameter '%s' does not accept value '%s'",
                   visit_name(name), str);
        return false;
    }
    *obj = value;
    return true;
}

bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp)
{
    if (visit_is_input(v)) {
        return visit_input_enum(v, name, obj, lookup, errp);
    }
    return visit_output_enum(v, name, obj, lookup, errp);
}

void visit_complete(Visitor *v, void *opaque)
{
    g_assert(v->type == VISITOR_OUTPUT);
    if (v->complete) {
        v->complete(v, opaque);
    }
}

void visit_free(Visitor *v)
{
    if (v && v->free) {
        v->free(v);
    }
}
