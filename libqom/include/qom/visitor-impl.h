/*
 * For libraries that implement a visitor (e.g. a JSON visitor for QMP).
 * Users of visitors include only <qom/visitor.h>.
 *
 * An implementation embeds Visitor first in its own struct and fills the
 * callbacks it supports; a NULL scalar callback makes that visit fail with
 * "Invalid parameter type for 'NAME', expected: integer" (or boolean,
 * string).  Narrow integer and enum visits are derived from
 * type_int64/type_uint64/type_str by visitor.c.
 */
#ifndef QOM_VISITOR_IMPL_H
#define QOM_VISITOR_IMPL_H

#include "qom/visitor.h"

struct Visitor {
    VisitorType type;
    bool (*type_int64)(Visitor *v, const char *name, int64_t *obj,
                       Error **errp);
    bool (*type_uint64)(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp);
    /* Optional; falls back to type_uint64. */
    bool (*type_size)(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp);
    bool (*type_bool)(Visitor *v, const char *name, bool *obj, Error **errp);
    bool (*type_str)(Visitor *v, const char *name, char **obj, Error **errp);
    /* Output visitors: deliver the result. */
    void (*complete)(Visitor *v, void *opaque);
    /* Frees the visitor itself. */
    void (*free)(Visitor *v);
};

#endif /* QOM_VISITOR_IMPL_H */
