/*
 * emu: the product binary.  main() only: parse, create, link together.
 *
 * The command line grows with each library (libopts, libmachine, ...);
 * until then emu reports what it contains and refuses anything else with
 * one clear line, as QEMU does for an unknown option.
 */
#include <stdio.h>
#include <string.h>

#include "qom/object.h"
#include "util/error-report.h"

#ifndef EMU_VERSION
#define EMU_VERSION "unknown"
#endif

static void print_version(void)
{
    printf("emu version " EMU_VERSION "\n");
}

static void print_help(void)
{
    print_version();
    printf("usage: emu [options]\n\n"
           "-version         print the version and exit\n"
           "-h, -help        print this help and exit\n"
           "-machine help    list the machine types\n"
           "-device help     list the device types\n"
           "-list-types      list every registered QOM type as a tree\n");
}

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

static void list_types(void)
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

/* "-machine help" / "-device help": the concrete types under base. */
static void list_kind(const char *base, const char *title)
{
    GSList *list = NULL;

    if (object_class_by_name(base)) {
        list = object_class_get_list_sorted(base, false);
    }
    printf("%s\n", title);
    for (GSList *el = list; el; el = el->next) {
        printf("%s\n", object_class_get_name(el->data));
    }
    if (!list) {
        printf("(none: emu registers no '%s' types yet)\n", base);
    }
    g_slist_free(list);
}

int main(int argc, char **argv)
{
    module_call_init(MODULE_INIT_QOM);

    if (argc == 1) {
        print_version();
        list_types();
        list_kind("machine", "Supported machines are:");
        list_kind("device", "Devices:");
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];

        /* QEMU accepts both -opt and --opt. */
        if (opt[0] == '-' && opt[1] == '-') {
            opt++;
        }
        loc_set_cmdline(argv, i, 1);
        if (!strcmp(opt, "-version")) {
            print_version();
            return 0;
        } else if (!strcmp(opt, "-h") || !strcmp(opt, "-help")) {
            print_help();
            return 0;
        } else if (!strcmp(opt, "-list-types")) {
            list_types();
            return 0;
        } else if ((!strcmp(opt, "-machine") || !strcmp(opt, "-M") ||
                    !strcmp(opt, "-device")) && i + 1 < argc &&
                   !strcmp(argv[i + 1], "help")) {
            if (opt[1] == 'd') {
                list_kind("device", "Devices:");
            } else {
                list_kind("machine", "Supported machines are:");
            }
            return 0;
        } else if (opt[0] == '-') {
            error_report("invalid option");
            return 1;
        } else {
            error_report("this emu cannot run a guest yet "
                         "(no machine types are implemented)");
            return 1;
        }
    }
    return 0;
}
