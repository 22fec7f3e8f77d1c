/*
 * -smbios and -uuid (see smbios-opts.h).
 */
#include <string.h>

#include "devices/smbios.h"
#include "opts/option-groups.h"
#include "smbios-opts.h"
#include "util/error-report.h"

static bool apply_uuid(const char *text)
{
    QemuUUID uuid;

    /* libopts checked the format. */
    if (!qemu_uuid_parse(text, &uuid)) {
        error_report("failed to parse UUID string: wrong format");
        return false;
    }
    qemu_uuid_set_value(&uuid);
    return true;
}

static bool apply_smbios(QemuOpts *opts)
{
    Error *err = NULL;

    if (!smbios_entry_add(opts, &err)) {
        qemu_opts_loc_restore(opts);
        error_report_err(err);
        loc_set_none();
        return false;
    }
    return true;
}

static int collect_set(void *opaque, QemuOpts *opts, Error **errp)
{
    g_ptr_array_add(opaque, opts);
    return 0;
}

bool emu_apply_smbios_options(Cmdline *cl)
{
    QemuOptsList *list = qemu_find_opts("smbios");
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);
    GPtrArray *sets = g_ptr_array_new();
    guint next = 0;
    bool uuid_option = false;
    bool ok = true;

    /* A fresh configuration: this is the command line's. */
    smbios_reset_config();
    qemu_opts_foreach(list, collect_set, sets, NULL);
    for (guint i = 0; i < cl->uses->len; i++) {
        CmdlineUse *use = &g_array_index(cl->uses, CmdlineUse, i);

        uuid_option |= !strcmp(use->opt->name, "uuid");
    }
    /* A UUID from -readconfig's [system] comes before the options. */
    if (!uuid_option && system && qemu_opt_get(system, "uuid")) {
        ok = apply_uuid(qemu_opt_get(system, "uuid"));
    }
    for (guint i = 0; ok && i < cl->uses->len; i++) {
        CmdlineUse *use = &g_array_index(cl->uses, CmdlineUse, i);

        if (!strcmp(use->opt->name, "uuid")) {
            ok = apply_uuid(use->arg);
        } else if (!strcmp(use->opt->name, "smbios") && next < sets->len) {
            ok = apply_smbios(g_ptr_array_index(sets, next++));
        }
    }
    /* Sets -readconfig added, in their order. */
    while (ok && next < sets->len) {
        ok = apply_smbios(g_ptr_array_index(sets, next++));
    }
    g_ptr_array_free(sets, true);
    return ok;
}
