/*
 * Monitors in general: what the application tells every monitor (hooks,
 * run state, name, UUID), -mon options (QMP or HMP), and tearing
 * monitors down.
 */
#include <string.h>

#include "hmp-internal.h"

static MonitorHooks hooks;
static void *hooks_opaque;
static char *run_state;
static char *vm_name;
static char *vm_uuid;

void monitor_set_hooks(const MonitorHooks *h, void *opaque)
{
    hooks = h ? *h : (MonitorHooks){0};
    hooks_opaque = opaque;
}

void monitor_set_run_state(const char *state)
{
    g_free(run_state);
    run_state = g_strdup(state);
}

const char *monitor_get_run_state(void)
{
    return run_state ? run_state : "prelaunch";
}

void monitor_set_vm_name(const char *name)
{
    g_free(vm_name);
    vm_name = g_strdup(name);
}

void monitor_set_vm_uuid(const char *uuid)
{
    g_free(vm_uuid);
    vm_uuid = g_strdup(uuid);
}

const MonitorHooks *monitor_hooks(void)
{
    return &hooks;
}

void *monitor_hooks_opaque(void)
{
    return hooks_opaque;
}

const char *monitor_vm_name(void)
{
    return vm_name;
}

const char *monitor_vm_uuid(void)
{
    return vm_uuid;
}

bool monitor_init_opts(QemuOpts *opts, Error **errp)
{
    const char *id = qemu_opt_get(opts, "chardev");
    const char *mode = qemu_opt_get(opts, "mode");
    Chardev *chr;

    if (!id) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    if (mode && strcmp(mode, "readline") && strcmp(mode, "control")) {
        error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
        return false;
    }
    chr = qemu_chr_find(id);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", id);
        return false;
    }
    /* As QEMU: -mon defaults to the human monitor. */
    if (!mode || !strcmp(mode, "readline")) {
        if (qemu_opt_get_bool(opts, "pretty", false)) {
            error_setg(errp, "'pretty' is not compatible with HMP monitors");
            return false;
        }
        return monitor_init_hmp(chr, errp);
    }
    return monitor_init_qmp(chr, qemu_opt_get_bool(opts, "pretty", false),
                            errp);
}

void monitor_cleanup(void)
{
    qmp_monitors_cleanup();
    hmp_monitors_cleanup();
    monitor_set_hooks(NULL, NULL);
    monitor_set_run_state(NULL);
    monitor_set_vm_name(NULL);
    monitor_set_vm_uuid(NULL);
}
