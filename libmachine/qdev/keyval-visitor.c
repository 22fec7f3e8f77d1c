/*
 * An input visitor over one -device property value, parsing the string
 * the way QEMU 7.2's keyval visitor does, so that -device reports a bad
 * value in QEMU's words: "Parameter 'iobase' expects integer", "expects
 * size", "expects 'on' or 'off'" (the narrow ranges, "expects uint32_t",
 * come from the generic visit_type_uint32 and friends).
 */
#include "qom/visitor-impl.h"
#include "qdev-internal.h"
#include "util/cutils.h"
#include "util/error.h"

typedef struct KeyvalStringVisitor {
    Visitor visitor;
    const char *string;
} KeyvalStringVisitor;

static const char *kv_string(Visitor *v)
{
    return ((KeyvalStringVisitor *)v)->string;
}

static const char *kv_name(const char *name)
{
    return name ? name : "null";
}

static bool kv_type_int64(Visitor *v, const char *name, int64_t *obj,
                          Error **errp)
{
    if (qemu_strtoi64(kv_string(v), NULL, 0, obj) < 0) {
        error_setg(errp, "Parameter '%s' expects integer", kv_name(name));
        return false;
    }
    return true;
}

static bool kv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                           Error **errp)
{
    const char *s = kv_string(v);
    uint64_t value;

    while (g_ascii_isspace(*s)) {
        s++;
    }
    /*
     * QEMU 7.2's unsigned parse wraps a negative number as strtoull()
     * does, so "-1" reaches the range check ("expects uint32_t").
     */
    if (*s == '-') {
        if (qemu_strtou64(s + 1, NULL, 0, &value) < 0 || s[1] == '-' ||
            s[1] == '+') {
            error_setg(errp, "Parameter '%s' expects integer", kv_name(name));
            return false;
        }
        *obj = -value;
        return true;
    }
    if (qemu_strtou64(s, NULL, 0, &value) < 0) {
        error_setg(errp, "Parameter '%s' expects integer", kv_name(name));
        return false;
    }
    *obj = value;
    return true;
}

static bool kv_type_size(Visitor *v, const char *name, uint64_t *obj,
                         Error **errp)
{
    uint64_t value;

    if (qemu_strtosz(kv_string(v), NULL, &value) < 0) {
        error_setg(errp, "Parameter '%s' expects size", kv_name(name));
        return false;
    }
    *obj = value;
    return true;
}

static bool kv_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    return qapi_bool_parse(kv_name(name), kv_string(v), obj, errp);
}

static bool kv_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    *obj = g_strdup(kv_string(v));
    return true;
}

static void kv_free(Visitor *v)
{
    g_free(v);
}

Visitor *qdev_keyval_string_visitor_new(const char *str)
{
    KeyvalStringVisitor *kv = g_new0(KeyvalStringVisitor, 1);

    g_assert(str);
    kv->visitor.type = VISITOR_INPUT;
    kv->visitor.type_int64 = kv_type_int64;
    kv->visitor.type_uint64 = kv_type_uint64;
    kv->visitor.type_size = kv_type_size;
    kv->visitor.type_bool = kv_type_bool;
    kv->visitor.type_str = kv_type_str;
    kv->visitor.free = kv_free;
    kv->string = str;
    return &kv->visitor;
}
