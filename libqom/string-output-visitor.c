/*
 * String output visitor: a property's value as the string a user would
 * type (plain), or as help and "info qtree"-style output show it (human).
 */
#include <glib.h>
#include <inttypes.h>

#include "qom/visitor-impl.h"
#include "util/cutils.h"

typedef struct StringOutputVisitor {
    Visitor visitor;
    bool human;
    char **result;
    /* The last value visited; one property visits one scalar. */
    char *string;
} StringOutputVisitor;

static StringOutputVisitor *to_sov(Visitor *v)
{
    return (StringOutputVisitor *)v;
}

static void sov_set(Visitor *v, char *string)
{
    StringOutputVisitor *sov = to_sov(v);

    g_free(sov->string);
    sov->string = string;
}

static bool sov_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    if (to_sov(v)->human) {
        sov_set(v, g_strdup_printf("%" PRId64 " (0x%" PRIx64 ")", *obj,
                                   (uint64_t)*obj));
    } else {
        sov_set(v, g_strdup_printf("%" PRId64, *obj));
    }
    return true;
}

static bool sov_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    if (to_sov(v)->human) {
        sov_set(v, g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")", *obj, *obj));
    } else {
        sov_set(v, g_strdup_printf("%" PRIu64, *obj));
    }
    return true;
}

static bool sov_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    g_autofree char *pretty = NULL;

    if (!to_sov(v)->human) {
        sov_set(v, g_strdup_printf("%" PRIu64, *obj));
        return true;
    }
    pretty = size_to_str(*obj);
    sov_set(v, g_strdup_printf("%" PRIu64 " (%s)", *obj, pretty));
    return true;
}

static bool sov_type_bool(Visitor *v, const char *name, bool *obj, Error **errp)
{
    sov_set(v, g_strdup(*obj ? "true" : "false"));
    return true;
}

static bool sov_type_str(Visitor *v, const char *name, char **obj, Error **errp)
{
    if (!to_sov(v)->human) {
        sov_set(v, g_strdup(*obj ? *obj : ""));
    } else if (*obj) {
        sov_set(v, g_strdup_printf("\"%s\"", *obj));
    } else {
        sov_set(v, g_strdup("<null>"));
    }
    return true;
}

static void sov_complete(Visitor *v, void *opaque)
{
    StringOutputVisitor *sov = to_sov(v);

    /* QEMU passes the constructor's result pointer again; allow NULL too. */
    g_assert(opaque == NULL || opaque == sov->result);
    *sov->result = sov->string ? sov->string : g_strdup("");
    sov->string = NULL;
}

static void sov_free(Visitor *v)
{
    StringOutputVisitor *sov = to_sov(v);

    g_free(sov->string);
    g_free(sov);
}

Visitor *string_output_visitor_new(bool human, char **result)
{
    StringOutputVisitor *sov = g_new0(StringOutputVisitor, 1);

    g_assert(result);
    sov->visitor.type = VISITOR_OUTPUT;
    sov->visitor.type_int64 = sov_type_int64;
    sov->visitor.type_uint64 = sov_type_uint64;
    sov->visitor.type_size = sov_type_size;
    sov->visitor.type_bool = sov_type_bool;
    sov->visitor.type_str = sov_type_str;
    sov->visitor.complete = sov_complete;
    sov->visitor.free = sov_free;
    sov->human = human;
    sov->result = result;
    return &sov->visitor;
}
