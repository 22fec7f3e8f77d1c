/*
 * After parsing (see startup.h).  No machine exists yet, so the run ends
 * here: with 0 when only the configuration was asked for (--dry-run, or
 * -writeconfig with -S as the issue describes), else with an error that
 * names the first option emu cannot honour.  Nothing is ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "opts/config-file.h"
#include "opts/option-groups.h"
#include "startup.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/log.h"

/* Options that do all they should without a machine. */
static const char *const working_options[] = {
    "d", /* logging is libutil's */
    "D",
    "nodefaults",     /* emu creates no default devices anyway */
    "no-user-config", /* emu reads no user config files anyway */
    "readconfig",     /* its sets are checked by the groups they fill */
    "writeconfig",
    "set", /* changes a set; that set's option is checked */
    "dry-run",
    NULL,
};

/* Groups whose sets emu can apply today. */
static const char *const working_groups[] = {"log", NULL};

static bool in(const char *const *names, const char *name)
{
    for (; *names; names++) {
        if (!strcmp(*names, name)) {
            return true;
        }
    }
    return false;
}

static bool write_config(Cmdline *cl)
{
    FILE *f;

    if (!strcmp(cl->writeconfig, "-")) {
        qemu_config_write(stdout);
        fflush(stdout);
        return true;
    }
    f = fopen(cl->writeconfig, "w");
    if (!f) {
        loc_set_cmdline(cl->argv, cl->writeconfig_index, 2);
        error_report("Could not open '%s': %s", cl->writeconfig,
                     strerror(errno));
        return false;
    }
    qemu_config_write(f);
    if (fclose(f) != 0) {
        loc_set_cmdline(cl->argv, cl->writeconfig_index, 2);
        error_report("Could not write '%s': %s", cl->writeconfig,
                     strerror(errno));
        return false;
    }
    return true;
}

/* -d and -D: libutil's logging works without a machine. */
static bool apply_log(void)
{
    QemuOpts *opts = qemu_opts_find(&emu_log_opts, NULL);
    const char *items = qemu_opt_get(opts, "items");
    const char *file = qemu_opt_get(opts, "file");
    Error *err = NULL;

    if (file && !qemu_set_log_filename(file, &err)) {
        error_report_err(err);
        return false;
    }
    if (items && !qemu_set_log(qemu_str_to_log_mask(items), &err)) {
        error_report_err(err);
        return false;
    }
    return true;
}

int emu_startup(Cmdline *cl)
{
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);
    bool autostart = qemu_opt_get_bool(system, "autostart", true);

    if (cl->writeconfig && !write_config(cl)) {
        return 1;
    }
    if (cl->dry_run || (cl->writeconfig && !autostart)) {
        return 0;
    }
    if (!apply_log()) {
        return 1;
    }
    for (guint i = 0; i < cl->uses->len; i++) {
        CmdlineUse *use = &g_array_index(cl->uses, CmdlineUse, i);
        const char *group = use->readconfig_group;

        if (!strcmp(use->opt->name, "readconfig")) {
            if (group && !in(working_groups, group)) {
                loc_set_cmdline(cl->argv, use->index, 2);
                error_report("[%s]: not supported yet", group);
                return 1;
            }
            continue;
        }
        if (!in(working_options, use->opt->name)) {
            loc_set_cmdline(cl->argv, use->index, 1);
            error_report("not supported yet");
            return 1;
        }
    }
    error_report("no machine can run yet: emu has no machine types "
                 "(see docs/options.md)");
    return 1;
}
