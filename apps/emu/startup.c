/*
 * After parsing (see startup.h), in QEMU 7.2's order: the configuration
 * output (-writeconfig, --dry-run), logging, the machine (machine-opts.c:
 * -machine, -smp, -m, -boot, -cpu), the accelerator, then everything
 * that would create devices and backends, then the board, its reset and
 * the run (run_machine()).  The accelerators are qtest and kvm (TCG is
 * not registered yet: asking for it says so); an option whose subsystem
 * does not exist stops the run with one line naming it.  Nothing is
 * ignored.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "backends.h"
#include "machine-opts.h"
#include "monitors.h"
#include "smbios-opts.h"
#include "machine/accel.h"
#include "machine/cpus.h"
#include "machine/qdev-properties.h"
#include "machine/reset.h"
#include "opts/config-file.h"
#include "opts/option-groups.h"
#include "startup.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/timer.h"
#include "qtest/qtest.h"

/* Options that do all they should (the machine's take effect below). */
static const char *const working_options[] = {
    "machine", /* machine-opts.c: the machine and its properties */
    "M",
    "m",
    "smp",
    "cpu",
    "boot",
    "accel",
    "enable-kvm",
    "global", /* registered with qdev before the machine is created */
    "chardev", /* backends.c: after the accelerator, as QEMU */
    "serial",
    "device",  /* backends.c: after the board */
    "mon",     /* monitors.c: QMP (mode=control), HMP (readline) */
    "qmp",
    "qmp-pretty",
    "monitor",
    "name", /* guest= for QMP query-name, process= names the process,
             * debug-threads=on names the vCPU threads ("CPU 0/KVM") */
    "nographic", /* machine graphics=off; COM1 on stdio (backends.c) */
    "kernel", /* machine kernel=, initrd=, append=: the pc board loads */
    "initrd",
    "append",
    "no-hpet", /* machine hpet=off, acpi=off */
    "no-acpi",
    "d", /* logging is libutil's */
    "D",
    "nodefaults",     /* emu creates no default devices anyway */
    "no-user-config", /* emu reads no user config files anyway */
    "readconfig",     /* its sets are checked by the groups they fill */
    "writeconfig",
    "set", /* changes a set; that set's option is checked */
    "dry-run",
    "qtest", /* under -accel qtest: the run path below */
    "qtest-log",
    "S",
    "action", /* monitors.c: panic=, shutdown=, reboot=; watchdog= refused */
    "no-shutdown", /* action shutdown=pause */
    "no-reboot",   /* action reboot=shutdown */
    "rtc",    /* machine-opts.c: the RTC's date, clock and drift fix */
    "uuid",   /* smbios-opts.c: SMBIOS, fw_cfg and query-uuid */
    "smbios",
    "mem-prealloc", /* machine-opts.c: the RAM is faulted in */
    "overcommit",   /* apply_overcommit(): mem-lock; cpu-pm=on refused */
    "realtime",
    NULL,
};

/* Groups whose sets emu can apply today. */
static const char *const working_groups[] = {
    "log",       "machine", "memory", "smp-opts",
    "boot-opts", "cpu",     "accel",  "global", "chardev", "serial",
    "device",    "qtest",   "mon",    "name",   "action", "rtc", "smbios",
    "system",    "overcommit", "realtime",
    NULL,
};

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

/*
 * -overcommit mem-lock=on (and -realtime mlock=on, its older spelling;
 * the last given wins): all memory, the guest's included, locked in
 * RAM with mlockall(), as QEMU's os_mlock().  cpu-pm=on (KVM's HLT and
 * MWAIT passthrough) is refused: emu does not do it.
 */
static bool apply_overcommit(void)
{
    QemuOpts *over = qemu_opts_find(qemu_find_opts("overcommit"), NULL);
    QemuOpts *rt = qemu_opts_find(qemu_find_opts("realtime"), NULL);
    bool lock = false;

    if (rt) {
        lock = qemu_opt_get_bool(rt, "mlock", false);
    }
    if (over) {
        lock = qemu_opt_get_bool(over, "mem-lock", lock);
        if (qemu_opt_get_bool(over, "cpu-pm", false)) {
            error_report("-overcommit cpu-pm=on: not supported yet");
            return false;
        }
    }
    if (lock && mlockall(MCL_CURRENT | MCL_FUTURE) < 0) {
        error_report("locking memory failed");
        return false;
    }
    return true;
}

/*
 * -global driver.prop=value: defaults for every instance of driver (and
 * its subclasses), registered before any device exists, as QEMU does.
 */
static int register_global(void *opaque, QemuOpts *opts, Error **errp)
{
    qdev_prop_register_global(qemu_opt_get(opts, "driver"),
                              qemu_opt_get(opts, "property"),
                              qemu_opt_get(opts, "value"));
    return 0;
}

/* -display none (the last -display wins, as in QEMU). */
static bool display_is_none(void)
{
    QemuOpts *opts = qemu_opts_find(qemu_find_opts("display"), NULL);
    const char *type = opts ? qemu_opt_get(opts, "type") : NULL;

    return type && !strcmp(type, "none");
}

/* The first option (or -readconfig group) emu cannot honour yet. */
static bool check_supported(Cmdline *cl)
{
    for (guint i = 0; i < cl->uses->len; i++) {
        CmdlineUse *use = &g_array_index(cl->uses, CmdlineUse, i);
        const char *group = use->readconfig_group;

        if (!strcmp(use->opt->name, "readconfig")) {
            if (group && !in(working_groups, group)) {
                loc_set_cmdline(cl->argv, use->index, 2);
                error_report("[%s]: not supported yet", group);
                return false;
            }
            continue;
        }
        if (!strcmp(use->opt->name, "display") && display_is_none()) {
            /* What libqtest passes; emu has no display anyway. */
            continue;
        }
        if (!in(working_options, use->opt->name)) {
            loc_set_cmdline(cl->argv, use->index, 1);
            error_report("not supported yet");
            return false;
        }
    }
    loc_set_none();
    return true;
}

/*
 * SIGTERM / SIGINT / SIGHUP end the run with status 0, as in QEMU: a
 * host-signal shutdown (SHUTDOWN event, "terminating on signal ...").
 */
static void termsig_handler(int sig, siginfo_t *info, void *ctx)
{
    qemu_system_killed(sig, info ? info->si_pid : 0);
}

/* QEMU's os_setup_signal_handling(): these signals end the run cleanly. */
static void setup_signal_handling(void)
{
    static const int sigs[] = {SIGINT, SIGHUP, SIGTERM};
    struct sigaction act;

    qemu_system_shutdown_init();
    memset(&act, 0, sizeof(act));
    act.sa_sigaction = termsig_handler;
    act.sa_flags = SA_SIGINFO;
    sigemptyset(&act.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        sigaction(sigs[i], &act, NULL);
    }
}

/*
 * Run the machine: start the clocks and the vCPUs as QEMU does for a
 * running VM (not with -S: QMP cont starts them), then serve chardevs,
 * monitors, timers and -qtest in the main loop while the accelerator's
 * vCPU threads run the guest, until an exit request (isa-debug-exit, QMP
 * quit, a signal, the qtest client leaving, a fatal KVM exit).  The vCPU
 * threads are then stopped and joined before anything is torn down.
 * Under qtest the CPUs never run and the vCPU calls do nothing.
 */
static int run_machine(bool autostart)
{
    int status;

    if (autostart) {
        cpu_enable_ticks();
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    } else {
        qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    }
    emu_monitors_vm_started(autostart);
    qemu_mutex_lock_iothread();
    if (autostart) {
        resume_all_vcpus();
    }
    status = qemu_main_loop();
    qemu_mutex_unlock_iothread();
    cpus_exit_all();
    emu_monitors_cleanup();
    if (qtest_enabled()) {
        qtest_chr_cleanup();
    }
    return status;
}

EmuVmState emu_vm_create(Cmdline *cl)
{
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);
    bool autostart = qemu_opt_get_bool(system, "autostart", true);
    QemuOpts *qtest_opts;
    MachineState *ms;
    Error *err = NULL;

    if (cl->writeconfig && !write_config(cl)) {
        return EMU_VM_FAILED;
    }
    if (cl->dry_run || (cl->writeconfig && !autostart)) {
        return EMU_VM_DONE;
    }
    if (!apply_log() || !emu_validate_machine_options() ||
        !emu_apply_smbios_options(cl)) {
        return EMU_VM_FAILED;
    }
    qemu_opts_foreach(qemu_find_opts("global"), register_global, NULL, NULL);
    ms = emu_create_machine(cl);
    if (!ms) {
        return EMU_VM_FAILED;
    }
    /* Exits with QEMU's message if no accelerator starts. */
    emu_configure_accelerators(ms, cl->argv[0]);
    machine_warn_if_deprecated(MACHINE_GET_CLASS(ms));
    /* Before any stdio chardev installs its own. */
    setup_signal_handling();

    /* QEMU creates backends and devices once the accelerator runs. */
    if (!check_supported(cl) || !emu_create_backends()) {
        return EMU_VM_FAILED;
    }
    qtest_opts = qemu_opts_find(qemu_find_opts("qtest"), NULL);
    if (qtest_enabled() && qtest_opts && qemu_opt_get(qtest_opts, "chardev") &&
        !qtest_chr_init(qemu_opt_get(qtest_opts, "chardev"),
                        qemu_opt_get(qtest_opts, "log"), &err)) {
        error_report_err(err);
        return EMU_VM_FAILED;
    }
    if (!emu_create_monitors() || !apply_overcommit()) {
        return EMU_VM_FAILED;
    }
    if (!machine_run_board_init(ms, &err)) {
        error_report_err(err);
        return EMU_VM_FAILED;
    }
    if (!emu_create_devices()) {
        return EMU_VM_FAILED;
    }
    /* QEMU's warnings for -global sets no device took. */
    qdev_prop_check_globals();
    accel_setup_post(ms);
    qemu_system_reset();
    return EMU_VM_CREATED;
}

int emu_vm_run(void)
{
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);

    return run_machine(qemu_opt_get_bool(system, "autostart", true));
}

int emu_startup(Cmdline *cl)
{
    switch (emu_vm_create(cl)) {
    case EMU_VM_CREATED:
        return emu_vm_run();
    case EMU_VM_DONE:
        return 0;
    case EMU_VM_FAILED:
    default:
        return 1;
    }
}
