/*
 * Visitors over json-glib nodes, for QOM properties (scalars only:
 * integers, booleans, strings, and what visitor.c derives from them).
 */
#ifndef MONITOR_QMP_VISITOR_H
#define MONITOR_QMP_VISITOR_H

#include <json-glib/json-glib.h>

#include "qom/visitor.h"

/* Reads value (borrowed; must outlive the visitor). */
Visitor *qmp_input_visitor_new(JsonNode *value);

/*
 * Writes one value; visit_complete(v, &node) hands over the JsonNode
 * (caller unrefs; NULL if nothing was visited).
 */
Visitor *qmp_output_visitor_new(void);

#endif /* MONITOR_QMP_VISITOR_H */
