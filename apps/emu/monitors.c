/*
 * Monitors for the emu binary (see monitors.h).  The hooks run inside the
 * monitor's read handler under the big lock: they only change the clocks,
 * reset the machine or ask the main loop to exit.  Also the guest's side
 * of the run state: what a pvpanic report does (-action panic=).
 */
#include <string.h>
#include <sys/prctl.h>

#include "monitors.h"
#include "devices/acpi.h"
#include "devices/pvpanic.h"
#include "devices/rtc.h"
#include "devices/smbios.h"
#include "machine/cpus.h"
#include "machine/reset.h"
#include "monitor/monitor.h"
#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/main-loop.h"
#include "util/thread.h"
#include "util/timer.h"
#include "qtest/qtest.h"

/* Send event name with data (consumed). */
static void send_event(const char *name, JsonObject *data)
{
    JsonNode *node = json_node_alloc();

    json_node_init_object(node, data);
    json_object_unref(data);
    qapi_event_send(name, node);
    json_node_unref(node);
}

/* An event whose data is QEMU's {"guest": ..., "reason": ...} of cause. */
static void send_cause_event(const char *name, ShutdownCause cause)
{
    JsonObject *data = json_object_new();

    json_object_set_boolean_member(data, "guest",
                                   shutdown_caused_by_guest(cause));
    json_object_set_string_member(data, "reason", shutdown_cause_str(cause));
    send_event(name, data);
}

static void hook_quit(void *opaque)
{
    qemu_main_loop_request_exit(0);
}

/*
 * Pausing as QEMU does: the vCPUs stop (pause_all_vcpus() returns once
 * every one is out of the guest), the virtual clock freezes and its
 * timers stop.
 */
static void hook_stop(void *opaque)
{
    pause_all_vcpus();
    cpu_disable_ticks();
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
}

static void hook_cont(void *opaque)
{
    cpu_enable_ticks();
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    resume_all_vcpus();
}

/*
 * As QEMU: the reset runs from the main loop after the reply, through
 * the same policy as a guest's request (reset_requested below).
 */
static void hook_system_reset(void *opaque)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

/* The guest set an RTC's time: QEMU's RTC_CHANGE event. */
static void rtc_change_event(int64_t offset, const char *qom_path, void *opaque)
{
    JsonObject *data = json_object_new();

    json_object_set_int_member(data, "offset", offset);
    json_object_set_string_member(data, "qom-path", qom_path);
    send_event("RTC_CHANGE", data);
}

/* ---- Guest panics (QEMU 7.2's qemu_system_guest_panicked) ---- */

/* -action panic=, QEMU's values; shutdown is the default. */
typedef enum PanicAction {
    PANIC_ACTION_SHUTDOWN,
    PANIC_ACTION_PAUSE,
    PANIC_ACTION_EXIT_FAILURE,
    PANIC_ACTION_NONE,
} PanicAction;

static PanicAction panic_action;

/* An event whose data is {"action": action}. */
static void event_with_action(const char *name, const char *action)
{
    JsonObject *data = json_object_new();

    json_object_set_string_member(data, "action", action);
    send_event(name, data);
}

/* QEMU's vm_stop(): a VM that is not running stays as it is, silently. */
static void vm_stop(const char *state)
{
    if (!strcmp(monitor_get_run_state(), "running")) {
        hook_stop(NULL);
        monitor_set_run_state(state);
        qapi_event_send("STOP", NULL);
    }
}

/* -action shutdown= and reboot= (-no-shutdown, -no-reboot). */
typedef enum ShutdownAction {
    SHUTDOWN_ACTION_POWEROFF,
    SHUTDOWN_ACTION_PAUSE,
} ShutdownAction;

typedef enum RebootAction {
    REBOOT_ACTION_RESET,
    REBOOT_ACTION_SHUTDOWN,
} RebootAction;

static ShutdownAction shutdown_action;
static RebootAction reboot_action;

/*
 * A shutdown (the guest's power off or panic, or a reset under
 * -no-reboot), as QEMU's main loop handles one: the SHUTDOWN event, then
 * either the end of the run with status, or a pause in the "shutdown"
 * state under -no-shutdown.
 */
static void shutdown_requested(ShutdownCause cause, int status)
{
    send_cause_event("SHUTDOWN", cause);
    if (shutdown_action == SHUTDOWN_ACTION_PAUSE) {
        vm_stop("shutdown");
    } else {
        qemu_main_loop_request_exit(status);
    }
}

/*
 * A requested reset (the guest's: i8042, port 0x92, 0xcf9, triple fault;
 * the host's: QMP/HMP system_reset): under -no-reboot a shutdown, else
 * the reset and QEMU's RESET event.
 */
static void reset_requested(ShutdownCause reason, void *opaque)
{
    if (reboot_action == REBOOT_ACTION_SHUTDOWN &&
        reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        shutdown_requested(reason, 0);
        return;
    }
    /*
     * As QEMU's main loop: the vCPUs are out of guest code while the
     * machine resets (TCG runs on the very state being reset).
     */
    bool running = vcpus_resumed();

    if (running) {
        pause_all_vcpus();
    }
    qemu_system_reset();
    if (running) {
        resume_all_vcpus();
    }
    send_cause_event("RESET", reason);
}

/*
 * A shutdown asked through libmachine: the guest's (KVM's system event)
 * or a termination signal's, which ends the run even under -no-shutdown
 * (QEMU's qemu_system_killed), after "terminating on signal ..." (not
 * printed when a -qtest client drives the run, as QEMU).
 */
static void shutdown_request(ShutdownCause cause, void *opaque)
{
    if (cause == SHUTDOWN_CAUSE_HOST_SIGNAL) {
        if (!qtest_driver()) {
            qemu_kill_report();
        }
        shutdown_action = SHUTDOWN_ACTION_POWEROFF;
    }
    shutdown_requested(cause, 0);
}

static void guest_panic_event(int event, void *opaque)
{
    if (event == PVPANIC_CRASH_LOADED) {
        /* The crash kernel runs on: only the event. */
        qemu_log_mask(LOG_GUEST_ERROR, "Guest crash loaded\n");
        event_with_action("GUEST_CRASHLOADED", "run");
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "Guest crashed\n");
    switch (panic_action) {
    case PANIC_ACTION_PAUSE:
        event_with_action("GUEST_PANICKED", "pause");
        vm_stop("guest-panicked");
        break;
    case PANIC_ACTION_SHUTDOWN:
    case PANIC_ACTION_EXIT_FAILURE:
        event_with_action("GUEST_PANICKED", "poweroff");
        vm_stop("guest-panicked");
        shutdown_requested(SHUTDOWN_CAUSE_GUEST_PANIC,
                       panic_action == PANIC_ACTION_EXIT_FAILURE ? 1 : 0);
        break;
    case PANIC_ACTION_NONE:
        event_with_action("GUEST_PANICKED", "run");
        break;
    }
}

/* ---- ACPI power events ---- */

static void hook_system_powerdown(void *opaque)
{
    acpi_press_power_button();
}

/* S5 (QEMU's qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN)). */
static void guest_power_off(void *opaque)
{
    shutdown_requested(SHUTDOWN_CAUSE_GUEST_SHUTDOWN, 0);
}

/*
 * -action panic=, shutdown=, reboot= (libopts checked the values);
 * watchdog= is refused: emu has no watchdog device.
 */
static bool apply_action_opts(void)
{
    static const char *const panic_names[] = {
        [PANIC_ACTION_SHUTDOWN] = "shutdown",
        [PANIC_ACTION_PAUSE] = "pause",
        [PANIC_ACTION_EXIT_FAILURE] = "exit-failure",
        [PANIC_ACTION_NONE] = "none",
    };
    static const char *const unsupported[] = {"watchdog"};
    QemuOpts *opts = qemu_opts_find(&qemu_action_opts, NULL);
    const char *panic;

    if (!opts) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(unsupported); i++) {
        if (qemu_opt_get(opts, unsupported[i])) {
            error_report("-action %s=%s: not supported yet", unsupported[i],
                         qemu_opt_get(opts, unsupported[i]));
            return false;
        }
    }
    if (qemu_opt_get(opts, "shutdown")) {
        shutdown_action = strcmp(qemu_opt_get(opts, "shutdown"), "pause")
                              ? SHUTDOWN_ACTION_POWEROFF
                              : SHUTDOWN_ACTION_PAUSE;
    }
    if (qemu_opt_get(opts, "reboot")) {
        reboot_action = strcmp(qemu_opt_get(opts, "reboot"), "shutdown")
                            ? REBOOT_ACTION_RESET
                            : REBOOT_ACTION_SHUTDOWN;
    }
    panic = qemu_opt_get(opts, "panic");
    for (size_t i = 0; panic && i < G_N_ELEMENTS(panic_names); i++) {
        if (!strcmp(panic, panic_names[i])) {
            panic_action = i;
        }
    }
    return true;
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
    /*
     * system_powerdown presses the ACPI power button (PIIX4 PM); a
     * machine without ACPI only gets the POWERDOWN event, as in QEMU.
     */
    static const MonitorHooks hooks = {
        .quit = hook_quit,
        .stop = hook_stop,
        .cont = hook_cont,
        .system_reset = hook_system_reset,
        .system_powerdown = hook_system_powerdown,
    };
    QemuOpts *name = qemu_opts_find(qemu_find_opts("name"), NULL);
    QemuUUID uuid;

    if (!apply_action_opts()) {
        return false;
    }
    monitor_set_hooks(&hooks, NULL);
    pvpanic_set_event_handler(guest_panic_event, NULL);
    rtc_set_change_handler(rtc_change_event, NULL);
    acpi_set_guest_power_off_handler(guest_power_off, NULL);
    qemu_system_reset_set_event_handler(reset_requested, NULL);
    qemu_system_shutdown_set_event_handler(shutdown_request, NULL);
    /* -name debug-threads=on: vCPU threads are named "CPU n/KVM". */
    qemu_thread_naming(name && qemu_opt_get_bool(name, "debug-threads", false));
    if (name && qemu_opt_get(name, "guest")) {
        monitor_set_vm_name(qemu_opt_get(name, "guest"));
    }
    /* -name process=: the name ps and top show (15 bytes, as QEMU). */
    if (name && qemu_opt_get(name, "process")) {
        prctl(PR_SET_NAME, qemu_opt_get(name, "process"));
    }
    /* -uuid or -smbios type=1,uuid=, whichever came last. */
    if (qemu_uuid_get(&uuid)) {
        g_autofree char *text = qemu_uuid_unparse_strdup(&uuid);

        monitor_set_vm_uuid(text);
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
    pvpanic_set_event_handler(NULL, NULL);
    rtc_set_change_handler(NULL, NULL);
    acpi_set_guest_power_off_handler(NULL, NULL);
    qemu_system_reset_set_event_handler(NULL, NULL);
    qemu_system_shutdown_set_event_handler(NULL, NULL);
    panic_action = PANIC_ACTION_SHUTDOWN;
    shutdown_action = SHUTDOWN_ACTION_POWEROFF;
    reboot_action = REBOOT_ACTION_RESET;
    monitor_cleanup();
}
