/*
 * Private to libqom: a visitor over one typed C value, behind
 * object_property_set_str/int/uint/bool() (input) and the matching
 * getters (output).
 *
 * It lives on the caller's stack, because typed property access is hot
 * (a board sets hundreds of properties): init it, use it, then
 * value_visitor_destroy() it.  Do not visit_free() it.
 */
#ifndef QOM_VALUE_VISITOR_H
#define QOM_VALUE_VISITOR_H

#include "qom/visitor-impl.h"

typedef enum QomValueKind {
    QOM_VALUE_NONE,
    QOM_VALUE_STR,
    QOM_VALUE_INT,
    QOM_VALUE_UINT,
    QOM_VALUE_BOOL,
} QomValueKind;

typedef struct QomValue {
    QomValueKind kind;
    union {
        /* Input: borrowed from the caller.  Output: owned by the visitor. */
        char *str;
        int64_t i;
        uint64_t u;
        bool b;
    };
} QomValue;

typedef struct ValueVisitor {
    Visitor visitor;
    QomValue value;
} ValueVisitor;

/* An input visitor that hands value to the visit; value.str is not copied. */
void value_input_visitor_init(ValueVisitor *vv, QomValue value);

/* An output visitor that records the kind and value of the visit. */
void value_output_visitor_init(ValueVisitor *vv);

/*
 * What the output visitor recorded, converted to the type a typed getter
 * wants; false with "Invalid parameter type for 'NAME', expected: string"
 * (integer, boolean) if it cannot be.  value_output_take_str() moves the
 * string out to the caller.
 */
bool value_output_get_int(ValueVisitor *vv, const char *name, int64_t *obj,
                          Error **errp);
bool value_output_get_uint(ValueVisitor *vv, const char *name, uint64_t *obj,
                           Error **errp);
bool value_output_get_bool(ValueVisitor *vv, const char *name, bool *obj,
                           Error **errp);
char *value_output_take_str(ValueVisitor *vv, const char *name, Error **errp);

/* Free what the visitor owns (not vv itself). */
void value_visitor_destroy(ValueVisitor *vv);

#endif /* QOM_VALUE_VISITOR_H */
