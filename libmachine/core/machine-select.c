/*
 * Choosing the machine type: -machine type= by name or alias, the default
 * machine, and the -machine help listing (QEMU 7.2's softmmu/vl.c
 * behaviour and texts, own code).
 */
#include <string.h>

#include "core-internal.h"
#include "machine/boards.h"
#include "util/error-report.h"
#include "util/error.h"

static bool machine_class_has_name(MachineClass *mc, const char *name)
{
    const char *const *a;

    if (!strcmp(mc->name, name) || !g_strcmp0(mc->alias, name)) {
        return true;
    }
    for (a = mc->compat_aliases; a && *a; a++) {
        if (!strcmp(*a, name)) {
            return true;
        }
    }
    return false;
}

MachineClass *find_machine(const char *name)
{
    GSList *machines = machine_class_get_list();
    MachineClass *found = NULL;
    GSList *el;

    for (el = machines; el; el = el->next) {
        if (machine_class_has_name(el->data, name)) {
            found = el->data;
            break;
        }
    }
    g_slist_free(machines);
    return found;
}

MachineClass *find_default_machine(void)
{
    GSList *machines = machine_class_get_list();
    MachineClass *found = NULL;
    GSList *el;

    for (el = machines; el; el = el->next) {
        MachineClass *mc = el->data;

        if (mc->is_default) {
            found = mc;
            break;
        }
    }
    g_slist_free(machines);
    return found;
}

MachineClass *select_machine(const char *type, Error **errp)
{
    ERRP_GUARD();
    MachineClass *mc;

    if (type) {
        mc = find_machine(type);
        if (!mc) {
            error_setg(errp, "unsupported machine type");
        }
    } else {
        mc = find_default_machine();
        if (!mc) {
            error_setg(errp, "No machine specified, and there is no default");
        }
    }
    if (!mc) {
        error_append_hint(errp,
                          "Use -machine help to list supported machines\n");
    }
    return mc;
}

/* QEMU compares type names, suffix included ("pc-machine" > "pc-q35-..."). */
static const char *mc_type(const MachineClass *mc)
{
    return object_class_get_name(OBJECT_CLASS(mc));
}

/*
 * QEMU's -machine help order: families first, alphabetically, each
 * family's versions in decreasing name order (newest first); then the
 * machines without family in increasing order.
 */
static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    const MachineClass *mc1 = a;
    const MachineClass *mc2 = b;
    int res;

    if (!mc1->family || !mc2->family) {
        if (mc1->family) {
            return -1;
        }
        if (mc2->family) {
            return 1;
        }
        return strcmp(mc_type(mc1), mc_type(mc2));
    }
    res = strcmp(mc1->family, mc2->family);
    if (res) {
        return res;
    }
    return strcmp(mc_type(mc2), mc_type(mc1));
}

void machine_help_func(FILE *out)
{
    GSList *machines = machine_class_get_list();
    GSList *el;

    machines = g_slist_sort(machines, machine_class_cmp);
    fprintf(out, "Supported machines are:\n");
    for (el = machines; el; el = el->next) {
        MachineClass *mc = el->data;
        const char *desc = mc->desc ? mc->desc : "";
        const char *const *a;

        if (mc->alias) {
            fprintf(out, "%-20s %s (alias of %s)\n", mc->alias, desc, mc->name);
        }
        for (a = mc->compat_aliases; a && *a; a++) {
            fprintf(out, "%-20s %s (alias of %s)\n", *a, desc, mc->name);
        }
        fprintf(out, "%-20s %s%s%s\n", mc->name, desc,
                mc->is_default ? " (default)" : "",
                mc->deprecation_reason ? " (deprecated)" : "");
    }
    g_slist_free(machines);
}

void machine_warn_if_deprecated(MachineClass *mc)
{
    if (mc->deprecation_reason) {
        warn_report("Machine type '%s' is deprecated: %s", mc->name,
                    mc->deprecation_reason);
    }
}
