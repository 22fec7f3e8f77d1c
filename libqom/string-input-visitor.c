/*
 * String input visitor: one command-line string ("-device x,prop=VALUE")
 * parsed as whatever type the property's setter visits.
 */
#include <errno.h>
#include <glib.h>

#include "qom/visitor-impl.h"
#include "util/cutils.h"
#include "util/error.h"

typedef struct StringInputVisitor {
    Visitor visitor;
    const char *string;
} StringInputVisitor;

static StringInputVisitor *to_siv(Visitor *v)
{
    return (StringInputVisitor *)v;
}

static const char *siv_name(const char *name)
{
    return name ? name : "null";
}

static bool siv_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    int64_t value;

    if (qemu_strtoi64(to_siv(v)->string, NULL, 0, &value) < 0) {
        error_setg(errp, "Parameter '%s' expects an int64 value",
                   siv_name(name));
        return false;
    }
    *obj = value;
    return true;
}

static bool siv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    uint64_t value;

    if (qemu_strtou64(to_siv(v)->string, NULL, 0, &value) < 0) {
        error_setg(errp, "Parameter '%s' expects a uint64 value",
                   siv_name(name));
        return false;
    }
    *obj = value;
    return true;
}

static bool siv_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    ERRP_GUARD();
    uint64_t value;
    int ret;

    ret = qemu_strtosz(to_siv(v)->string, NULL, &value);
    if (ret == -ERANGE) {
        /* QEMU words the overflow case apart from a malformed number. */
        error_setg(errp,
                   "Parameter '%s' expects a non-negative number below 2^64",
                   siv_name(name));
    } else if (ret < 0) {
        error_setg(errp, "Parameter '%s' expects a size value", siv_name(name));
    }
    if (ret < 0) {
        error_append_hint(errp, QEMU_SIZE_SUFFIX_HINT);
        return false;
    }
    *obj = value;
    return true;
}

static bool siv_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    return qapi_bool_parse(siv_name(name), to_siv(v)->string, obj, errp);
}

static bool siv_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    *obj = g_strdup(to_siv(v)->string);
    return true;
}

static void siv_free(Visitor *v)
{
    g_free(to_siv(v));
}

Visitor *string_input_visitor_new(const char *str)
{
    StringInputVisitor *siv = g_new0(StringInputVisitor, 1);

    g_assert(str);
    siv->visitor.type = VISITOR_INPUT;
    siv->visitor.type_int64 = siv_type_int64;
    siv->visitor.type_uint64 = siv_type_uint64;
    siv->visitor.type_size = siv_type_size;
    siv->visitor.type_bool = siv_type_bool;
    siv->visitor.type_str = siv_type_str;
    siv->visitor.free = siv_free;
    siv->string = str;
    return &siv->visitor;
}
