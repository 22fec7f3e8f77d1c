/*
 * System reset, with QEMU's names: a list of handlers run in registration
 * order on every reset.  machine_create() registers the reset of the
 * whole device tree below the main system bus; boards add what is not a
 * device on that tree (CPUs, for instance).
 */
#ifndef MACHINE_RESET_H
#define MACHINE_RESET_H

#include <stdbool.h>
#include <sys/types.h>

typedef void QEMUResetHandler(void *opaque);

/* Run func(opaque) on every system reset, after those registered before. */
void qemu_register_reset(QEMUResetHandler *func, void *opaque);
/* Remove the first registration of func with opaque (if any). */
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);

/* Run every reset handler, in registration order. */
void qemu_devices_reset(void);

/*
 * Reset the machine: current_machine's MachineClass.reset if it has one
 * (boards chain to qemu_devices_reset() from it), else
 * qemu_devices_reset().
 */
void qemu_system_reset(void);

/*
 * Why the machine resets or shuts down: QEMU's ShutdownCause, whose QAPI
 * names ("guest-reset", ...) the RESET and SHUTDOWN events report.
 */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_SNAPSHOT_LOAD,
    SHUTDOWN_CAUSE__MAX,
} ShutdownCause;

/* The QAPI name of cause ("guest-reset"); QEMU's ShutdownCause_str(). */
const char *shutdown_cause_str(ShutdownCause cause);
/* Whether the guest asked (the events' "guest" member). */
bool shutdown_caused_by_guest(ShutdownCause cause);

/*
 * Ask for a system reset (QEMU's qemu_system_reset_request): devices call
 * it from an I/O callback (the keyboard controller's reset line, port
 * 0x92, the PIIX reset control register), which must not reset the
 * machine under itself.  The main loop handles it soon after, from a
 * bottom half: the reset event handler if one is installed, else
 * qemu_system_reset().  Thread-safe; requests made before it is handled
 * are merged (the last cause is reported).
 */
void qemu_system_reset_request(ShutdownCause reason);

/*
 * What the application does with a requested reset, in place of the
 * plain qemu_system_reset(): its policy (-no-reboot turns it into a
 * shutdown) and QEMU's QMP RESET event ({"guest": ..., "reason": ...});
 * libmachine knows neither, so the program installs this.  NULL: reset.
 */
typedef void QEMUResetEventHandler(ShutdownCause reason, void *opaque);
void qemu_system_reset_set_event_handler(QEMUResetEventHandler *fn,
                                         void *opaque);

/*
 * Ask for the end of the run (QEMU's qemu_system_shutdown_request): a
 * guest powering off through the accelerator, a host signal.  The main
 * loop handles it from a bottom half: the shutdown event handler if one
 * is installed (its policy: QMP SHUTDOWN, -no-shutdown), else the main
 * loop exits with status 0.  Thread-safe; qemu_system_shutdown_init()
 * must have run (it makes the bottom half).
 */
void qemu_system_shutdown_init(void);
void qemu_system_shutdown_request(ShutdownCause reason);
typedef void QEMUShutdownEventHandler(ShutdownCause reason, void *opaque);
void qemu_system_shutdown_set_event_handler(QEMUShutdownEventHandler *fn,
                                            void *opaque);

/*
 * A termination signal (SIGTERM, SIGINT, SIGHUP) from pid (0: unknown)
 * asks for a host-signal shutdown; async-signal-safe.  qemu_kill_report()
 * then prints QEMU's "terminating on signal 15 from pid 42 (bash)".
 */
void qemu_system_killed(int signal, pid_t pid);
void qemu_kill_report(void);

#endif /* MACHINE_RESET_H */
