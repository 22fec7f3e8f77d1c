/*
 * JSON text the way QEMU's QMP prints it: ", " between members, ": "
 * after keys, non-ASCII and control characters as \uXXXX; pretty mode
 * indents by four spaces.  json-glib's own generator spaces differently,
 * and QMP clients compare bytes, so the printing is ours; the parsing is
 * json-glib's.
 */
#include <inttypes.h>
#include <stdio.h>

#include "monitor/monitor.h"

static void put_indent(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(out, "    ");
        }
    }
}

static void put_string(GString *out, const char *s)
{
    const char *p = s;

    g_string_append_c(out, '"');
    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);

        if (c == (gunichar)-1 || c == (gunichar)-2) {
            /* Not UTF-8 (json-glib validates, so only from our code). */
            g_string_append(out, "\\uFFFD");
            p++;
            continue;
        }
        p = g_utf8_next_char(p);
        switch (c) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                g_string_append_printf(out, "\\u%04X", c);
            } else if (c < 0x80) {
                g_string_append_c(out, (char)c);
            } else if (c < 0x10000) {
                g_string_append_printf(out, "\\u%04X", c);
            } else {
                c -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF));
            }
        }
    }
    g_string_append_c(out, '"');
}

static void put_node(GString *out, JsonNode *node, bool pretty, int level)
{
    switch (JSON_NODE_TYPE(node)) {
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        break;
    case JSON_NODE_VALUE:
        switch (json_node_get_value_type(node)) {
        case G_TYPE_BOOLEAN:
            g_string_append(out, json_node_get_boolean(node) ? "true"
                                                             : "false");
            break;
        case G_TYPE_DOUBLE:
            g_string_append_printf(out, "%.17g", json_node_get_double(node));
            break;
        case G_TYPE_STRING:
            put_string(out, json_node_get_string(node));
            break;
        default:
            g_string_append_printf(out, "%" PRId64, json_node_get_int(node));
            break;
        }
        break;
    case JSON_NODE_OBJECT: {
        JsonObjectIter it;
        const char *key;
        JsonNode *member;
        bool first = true;

        g_string_append_c(out, '{');
        json_object_iter_init_ordered(&it, json_node_get_object(node));
        while (json_object_iter_next_ordered(&it, &key, &member)) {
            if (!first) {
                g_string_append_c(out, ',');
                if (!pretty) {
                    g_string_append_c(out, ' ');
                }
            }
            first = false;
            put_indent(out, pretty, level + 1);
            put_string(out, key);
            g_string_append(out, ": ");
            put_node(out, member, pretty, level + 1);
        }
        put_indent(out, pretty, level);
        g_string_append_c(out, '}');
        break;
    }
    case JSON_NODE_ARRAY: {
        JsonArray *a = json_node_get_array(node);
        guint n = json_array_get_length(a);

        g_string_append_c(out, '[');
        for (guint i = 0; i < n; i++) {
            if (i) {
                g_string_append_c(out, ',');
                if (!pretty) {
                    g_string_append_c(out, ' ');
                }
            }
            put_indent(out, pretty, level + 1);
            put_node(out, json_array_get_element(a, i), pretty, level + 1);
        }
        put_indent(out, pretty, level);
        g_string_append_c(out, ']');
        break;
    }
    }
}

char *qmp_to_json(JsonNode *node, bool pretty)
{
    GString *out = g_string_new(NULL);

    put_node(out, node, pretty, 0);
    return g_string_free(out, false);
}
