/*
 * Shutdown requests (QEMU's qemu_system_shutdown_request and
 * qemu_system_killed): a guest powering off through the accelerator, or
 * a termination signal, asks for the end of the run; the main loop
 * handles it from a bottom half with the handler the program installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "machine/reset.h"
#include "util/error-report.h"
#include "util/main-loop.h"

static QEMUShutdownEventHandler *shutdown_event_fn;
static void *shutdown_event_opaque;
static QEMUBH *shutdown_bh;
static int shutdown_requested; /* ShutdownCause */
/* The signal that ended the run and who sent it (0: none, unknown). */
static volatile int shutdown_signal;
static volatile pid_t shutdown_pid;

static void shutdown_request_bh(void *opaque)
{
    ShutdownCause cause = __atomic_exchange_n(
        &shutdown_requested, SHUTDOWN_CAUSE_NONE, __ATOMIC_ACQ_REL);

    if (cause == SHUTDOWN_CAUSE_NONE) {
        return;
    }
    if (shutdown_event_fn) {
        shutdown_event_fn(cause, shutdown_event_opaque);
    } else {
        qemu_main_loop_request_exit(0);
    }
}

void qemu_system_shutdown_init(void)
{
    if (!shutdown_bh) {
        shutdown_bh = qemu_bh_new(shutdown_request_bh, NULL);
    }
}

void qemu_system_shutdown_set_event_handler(QEMUShutdownEventHandler *fn,
                                            void *opaque)
{
    shutdown_event_fn = fn;
    shutdown_event_opaque = opaque;
}

void qemu_system_shutdown_request(ShutdownCause reason)
{
    g_assert(reason > SHUTDOWN_CAUSE_NONE && reason < SHUTDOWN_CAUSE__MAX);
    g_assert(shutdown_bh);
    __atomic_store_n(&shutdown_requested, reason, __ATOMIC_RELEASE);
    qemu_bh_schedule(shutdown_bh);
}

void qemu_system_killed(int signal, pid_t pid)
{
    /* Async-signal-safe: plain stores and an eventfd write. */
    shutdown_signal = signal;
    shutdown_pid = pid;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

/* The sender's program name, from its command line's first word. */
static void pid_name(pid_t pid, char *buf, size_t size)
{
    char path[64];
    ssize_t n = -1;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        n = read(fd, buf, size - 1);
        close(fd);
    }
    if (n <= 0) {
        g_strlcpy(buf, "unknown", size);
        return;
    }
    buf[n] = '\0';
}

void qemu_kill_report(void)
{
    char name[256];

    if (!shutdown_signal) {
        return;
    }
    if (shutdown_pid == 0) {
        /* The kernel, or a sender that left no trace. */
        error_report("terminating on signal %d", shutdown_signal);
        return;
    }
    pid_name(shutdown_pid, name, sizeof(name));
    error_report("terminating on signal %d from pid %d (%s)", shutdown_signal,
                 (int)shutdown_pid, name);
}
