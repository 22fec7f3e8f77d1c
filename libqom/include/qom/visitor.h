/*
 * Visitors: how property getters and setters exchange values.
 *
 * A property's get/set accessor calls visit_type_<T>(v, name, &value, errp)
 * once.  With an input visitor (a setter), the visitor fills value from its
 * source (a command-line string, a typed C value, later JSON); with an
 * output visitor (a getter), it records value.  One accessor therefore
 * serves -device key=value parsing, typed C calls and the monitor alike.
 *
 * Only scalars are visited so far; struct and list visits come with the
 * first property that needs them.
 */
#ifndef QOM_VISITOR_H
#define QOM_VISITOR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Error Error;
typedef struct Visitor Visitor;

/* A QAPI-style enum: value i is named array[i]. */
typedef struct QEnumLookup {
    const char *const *array;
    int size;
} QEnumLookup;

/* Index of name in lookup, or def if name is NULL; -1 + errp if unknown. */
int qapi_enum_parse(const QEnumLookup *lookup, const char *name, int def,
                    Error **errp);
/* Name of value; NULL if out of range. */
const char *qapi_enum_lookup(const QEnumLookup *lookup, int val);

typedef enum VisitorType {
    VISITOR_INPUT = 1,
    VISITOR_OUTPUT = 2,
} VisitorType;

VisitorType visit_get_type(const Visitor *v);
static inline bool visit_is_input(const Visitor *v)
{
    return visit_get_type(v) == VISITOR_INPUT;
}

/*
 * Each returns false and sets errp on failure.  On input, *obj receives
 * the value (for visit_type_str, a g_malloc'd string the caller owns);
 * on output, *obj is read.  Narrow integer types are range checked on
 * input: "Parameter 'NAME' expects uint8_t".
 */
bool visit_type_int(Visitor *v, const char *name, int64_t *obj, Error **errp);
bool visit_type_int8(Visitor *v, const char *name, int8_t *obj, Error **errp);
bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp);
bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp);
bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp);
bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp);
bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp);
bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp);
bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp);
/* A byte count; string input accepts suffixes ("2G", "512K"). */
bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp);
bool visit_type_bool(Visitor *v, const char *name, bool *obj, Error **errp);
bool visit_type_str(Visitor *v, const char *name, char **obj, Error **errp);
/* Visited as its name; unknown names are rejected on input. */
bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp);

/* Output visitors: hand the result to opaque (see each constructor). */
void visit_complete(Visitor *v, void *opaque);
void visit_free(Visitor *v);

/*
 * Input from a command-line string: ints with base auto-detection
 * ("0x10", "020", "16"), sizes with suffixes, bools as on/off/yes/no/
 * true/false, enums by name.  str must outlive the visitor.
 */
Visitor *string_input_visitor_new(const char *str);

/*
 * Output to a string, stored in *result (g_malloc'd) by visit_complete().
 * human: ints as "16 (0x10)", sizes as "2147483648 (2 GiB)", strings
 * quoted.
 */
Visitor *string_output_visitor_new(bool human, char **result);

#endif /* QOM_VISITOR_H */
