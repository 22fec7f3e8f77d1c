/*
 * Monitors for the emu binary (see monitors.h).  The hooks run inside the
 * monitor's read handler under the big lock: they only change the clocks,
 * reset the machine or ask the main loop to exit.
 */
#include <sys/prctl.h>

#include "monitors.h"
#include "machine/reset.h"
#include "monitor/monitor.h"
#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/main-loop.h"
#include "util/timer.h"

static void hook_quit(void *opaque)
{
    qemu_main_loop_request_exit(0);
}

/* Pausing as QEMU does: the virtual clock freezes and its timers stop. */
static void hook_stop(void *opaque)
{
    cpu_disable_ticks();
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
}

static void hook_cont(void *opaque)
{
    cpu_enable_ticks();
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
}

static void hook_system_reset(void *opaque)
{
    qemu_system_reset();
}

static int mon_init(void *opaque, QemuOpts *opts, Error **errp)
{
    Error *err = NULL;

    if (!monitor_init_opts(opts, &err)) {
        error_report_err(err);
        return -1;
    }
    return 0;
}

bool emu_create_monitors(void)
{
    static const MonitorHooks hooks = {
        .quit = hook_quit,
        .stop = hook_stop,
        .cont = hook_cont,
        .system_reset = hook_system_reset,
    };
    QemuOpts *name = qemu_opts_find(qemu_find_opts("name"), NULL);
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);

    monitor_set_hooks(&hooks, NULL);
    if (name && qemu_opt_get(name, "guest")) {
        monitor_set_vm_name(qemu_opt_get(name, "guest"));
    }
    /* -name process=: the name ps and top show (15 bytes, as QEMU). */
    if (name && qemu_opt_get(name, "process")) {
        prctl(PR_SET_NAME, qemu_opt_get(name, "process"));
    }
    if (system && qemu_opt_get(system, "uuid")) {
        monitor_set_vm_uuid(qemu_opt_get(system, "uuid"));
    }
    if (qemu_opts_foreach(qemu_find_opts("mon"), mon_init, NULL, NULL)) {
        return false;
    }
    loc_set_none();
    return true;
}

void emu_monitors_vm_started(bool running)
{
    /* QEMU's states: -S leaves the VM in "prelaunch" until cont. */
    monitor_set_run_state(running ? "running" : "prelaunch");
}

void emu_monitors_cleanup(void)
{
    monitor_cleanup();
}
