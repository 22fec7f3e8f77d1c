/*
 * Help listings answered from the QOM type registry (see qom-help.h).
 *
 * emu names its types as QEMU does: "NAME-machine", "NAME-x86_64-cpu",
 * "NAME-accel"; the listings show NAME.  Where no type of a kind is
 * registered yet, the listing says so instead of being silently empty.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "machine/accel.h"
#include "machine/boards.h"
#include "machine/qdev-core.h"
#include "machine/x86-cpu.h"
#include "qom/object.h"
#include "qom-help.h"
#include "util/error-report.h"

/* ---- -list-types ---- */

/* Print klass and, indented below it, every type whose parent it is. */
static void print_type_tree(GSList *all, ObjectClass *klass, int depth)
{
    printf("%*s%s%s\n", depth * 2, "", object_class_get_name(klass),
           object_class_is_abstract(klass) ? " (abstract)" : "");
    for (GSList *el = all; el; el = el->next) {
        ObjectClass *child = el->data;

        if (object_class_get_parent(child) == klass) {
            print_type_tree(all, child, depth + 1);
        }
    }
}

void emu_list_types(void)
{
    GSList *all = object_class_get_list_sorted(NULL, true);

    printf("Registered QOM types (%u):\n", g_slist_length(all));
    for (GSList *el = all; el; el = el->next) {
        if (!object_class_get_parent(el->data)) {
            print_type_tree(all, el->data, 1);
        }
    }
    g_slist_free(all);
}

/* ---- Helpers ---- */

/* The concrete types implementing base; NULL if base is not registered. */
static GSList *types_of(const char *base)
{
    if (!object_class_try_by_name(base, NULL)) {
        return NULL;
    }
    return object_class_get_list_sorted(base, false);
}

/* The user-visible name: the type name without suffix. */
static char *short_name(ObjectClass *klass, const char *suffix)
{
    const char *name = object_class_get_name(klass);
    size_t n = strlen(name), s = strlen(suffix);

    if (n > s && !strcmp(name + n - s, suffix)) {
        return g_strndup(name, n - s);
    }
    return g_strdup(name);
}

static void say_none(const char *what)
{
    printf("(none: emu has no %s yet; see docs/options.md)\n", what);
}

/* The class of NAME+suffix, or of NAME itself, implementing base. */
static ObjectClass *find_kind(const char *name, const char *suffix,
                              const char *base)
{
    g_autofree char *full = g_strconcat(name, suffix, NULL);
    ObjectClass *klass = object_class_try_by_name(full, NULL);

    if (!klass) {
        klass = object_class_try_by_name(name, NULL);
    }
    if (!klass || object_class_is_abstract(klass) ||
        !object_class_dynamic_cast(klass, base)) {
        return NULL;
    }
    return klass;
}

static int compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "NAME options:" and its class properties, as QEMU lists them. */
static void print_properties(const char *name, ObjectClass *klass)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, klass);
    while ((prop = object_property_iter_next(&iter))) {
        GString *s = g_string_new(NULL);

        /*
         * Read-only ones are nothing for the command line; like QEMU, the
         * device core's own "realized" is not listed either.
         */
        if (!prop->set || !strcmp(prop->name, "realized")) {
            g_string_free(s, true);
            continue;
        }
        g_string_append_printf(s, "  %s=<%s>", prop->name, prop->type);
        if (prop->description || prop->defval) {
            while (s->len < 24) {
                g_string_append_c(s, ' ');
            }
            g_string_append_printf(s, " - %s",
                                   prop->description ? prop->description : "");
            if (prop->defval) {
                g_string_append_printf(s, " (default: %s)", prop->defval);
            }
        }
        g_ptr_array_add(lines, g_string_free(s, false));
    }
    g_ptr_array_sort(lines, compare_lines);
    printf("%s options:\n", name);
    for (guint i = 0; i < lines->len; i++) {
        printf("%s\n", (const char *)g_ptr_array_index(lines, i));
    }
    g_ptr_array_free(lines, true);
}

/* The first element of "NAME,help" (NULL for a bare "help"). */
static char *help_subject(const char *arg)
{
    size_t n = strcspn(arg, ",");

    if (n == 0 || !strncmp(arg, "help", n) || !strncmp(arg, "?", n)) {
        return NULL;
    }
    /* "type=NAME,help" and "driver=NAME,help" name it too. */
    const char *eq = memchr(arg, '=', n);
    return eq ? g_strndup(eq + 1, n - (eq + 1 - arg)) : g_strndup(arg, n);
}

/* ---- -machine help ---- */

static int machine_help(const char *arg)
{
    g_autofree char *subject = help_subject(arg);
    MachineClass *mc = subject ? find_machine(subject) : NULL;

    if (!mc) {
        /* QEMU lists the machines for an unknown one, too. */
        machine_help_func(stdout);
        return 0;
    }
    print_properties(object_class_get_name(OBJECT_CLASS(mc)),
                     OBJECT_CLASS(mc));
    return 0;
}

/* ---- -cpu help ---- */

static int cpu_help(const char *arg)
{
    /* QEMU 7.2's listing: models, then the CPUID flags. */
    x86_cpu_list();
    return 0;
}

/* ---- -device help, -device DRIVER,help ---- */

/*
 * QEMU 7.2's layout: the user-creatable devices under a header per
 * category (a device in several categories is listed in each; those in
 * none under "Uncategorized devices"), a blank line between sections,
 * each line 'name "X"[, bus B][, desc "D"]'.
 */
static void print_device_list(GSList *list)
{
    bool first = true;

    for (int cat = 0; cat <= DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;

        for (GSList *el = list; el; el = el->next) {
            DeviceClass *dc = DEVICE_CLASS(el->data);
            bool in_cat = cat == DEVICE_CATEGORY_MAX
                              ? dc->categories == 0
                              : device_class_has_category(dc, cat);

            if (!dc->user_creatable || !in_cat) {
                continue;
            }
            if (!header) {
                printf("%s%s:\n", first ? "" : "\n",
                       device_category_name(cat));
                header = true;
                first = false;
            }
            printf("name \"%s\"", object_class_get_name(el->data));
            if (dc->bus_type) {
                printf(", bus %s", dc->bus_type);
            }
            if (dc->desc) {
                printf(", desc \"%s\"", dc->desc);
            }
            printf("\n");
        }
    }
}

static int device_help(const char *arg)
{
    g_autofree char *subject = help_subject(arg);
    GSList *list;

    if (subject) {
        ObjectClass *klass = find_kind(subject, "", "device");

        if (!klass) {
            error_report("Device '%s' not found", subject);
            return 1;
        }
        print_properties(subject, klass);
        return 0;
    }
    list = types_of("device");
    print_device_list(list);
    if (!list) {
        say_none("device types");
    }
    g_slist_free(list);
    return 0;
}

/* ---- -accel help ---- */

static int accel_help(const char *arg)
{
    g_autofree char *subject = help_subject(arg);
    GSList *list;

    if (subject) {
        ObjectClass *klass =
            find_kind(subject, ACCEL_CLASS_SUFFIX, TYPE_ACCEL);

        if (!klass) {
            error_report("invalid accelerator %s", subject);
            return 1;
        }
        print_properties(object_class_get_name(klass), klass);
        return 0;
    }
    list = types_of(TYPE_ACCEL);
    printf("Accelerators supported in emu binary:\n");
    for (GSList *el = list; el; el = el->next) {
        g_autofree char *name = short_name(el->data, ACCEL_CLASS_SUFFIX);

        printf("%s\n", name);
    }
    if (!list) {
        say_none("accelerators");
    }
    g_slist_free(list);
    return 0;
}

/* ---- -object help ---- */

static int object_help(const char *arg)
{
    g_autofree char *subject = help_subject(arg);
    GSList *list;

    if (subject) {
        ObjectClass *klass = find_kind(subject, "", "user-creatable");

        if (!klass) {
            error_report("Parameter 'qom-type' does not accept value '%s'",
                         subject);
            return 1;
        }
        print_properties(subject, klass);
        return 0;
    }
    list = types_of("user-creatable");
    printf("List of user creatable objects:\n");
    for (GSList *el = list; el; el = el->next) {
        printf("  %s\n", object_class_get_name(el->data));
    }
    if (!list) {
        say_none("user-creatable object types");
    }
    g_slist_free(list);
    return 0;
}

int emu_qom_help(const char *group, const char *arg)
{
    if (!strcmp(group, "machine")) {
        return machine_help(arg);
    } else if (!strcmp(group, "cpu")) {
        return cpu_help(arg);
    } else if (!strcmp(group, "device")) {
        return device_help(arg);
    } else if (!strcmp(group, "accel")) {
        return accel_help(arg);
    } else if (!strcmp(group, "object")) {
        return object_help(arg);
    }
    error_report("no help for -%s", group);
    return 1;
}
