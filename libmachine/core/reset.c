/*
 * System reset: the handler list, the machine's reset entry point and
 * the requests devices make (run later from the main loop).
 */
#include <glib.h>

#include "machine/boards.h"
#include "machine/reset.h"
#include "util/main-loop.h"

typedef struct QEMUResetEntry {
    QEMUResetHandler *func;
    void *opaque;
} QEMUResetEntry;

/* QEMUResetEntry *, in registration order. */
static GQueue reset_handlers = G_QUEUE_INIT;

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    QEMUResetEntry *re = g_new0(QEMUResetEntry, 1);

    re->func = func;
    re->opaque = opaque;
    g_queue_push_tail(&reset_handlers, re);
}

void qemu_unregister_reset(QEMUResetHandler *func, void *opaque)
{
    GList *l;

    for (l = reset_handlers.head; l; l = l->next) {
        QEMUResetEntry *re = l->data;

        if (re->func == func && re->opaque == opaque) {
            g_queue_delete_link(&reset_handlers, l);
            g_free(re);
            return;
        }
    }
}

void qemu_devices_reset(void)
{
    GList *l, *next;

    /* A handler may unregister itself: fetch the successor first. */
    for (l = reset_handlers.head; l; l = next) {
        QEMUResetEntry *re = l->data;

        next = l->next;
        re->func(re->opaque);
    }
}

void qemu_system_reset(void)
{
    MachineClass *mc =
        current_machine ? MACHINE_GET_CLASS(current_machine) : NULL;

    if (mc && mc->reset) {
        mc->reset(current_machine);
    } else {
        qemu_devices_reset();
    }
}

/* ---- Requests ---- */

static const char *const shutdown_cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
    [SHUTDOWN_CAUSE_SNAPSHOT_LOAD] = "snapshot-load",
};

const char *shutdown_cause_str(ShutdownCause cause)
{
    g_assert(cause >= 0 && cause < SHUTDOWN_CAUSE__MAX);
    return shutdown_cause_names[cause];
}

bool shutdown_caused_by_guest(ShutdownCause cause)
{
    /* QEMU's rule: the causes after the host ones, but a subsystem's. */
    return cause > SHUTDOWN_CAUSE_HOST_UI &&
           cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET;
}

static QEMUResetEventHandler *reset_event_fn;
static void *reset_event_opaque;
/* The pending request's cause (SHUTDOWN_CAUSE_NONE: none), atomic. */
static int reset_requested;

void qemu_system_reset_set_event_handler(QEMUResetEventHandler *fn,
                                         void *opaque)
{
    reset_event_fn = fn;
    reset_event_opaque = opaque;
}

static void reset_request_bh(void *opaque)
{
    ShutdownCause reason = __atomic_exchange_n(
        &reset_requested, SHUTDOWN_CAUSE_NONE, __ATOMIC_ACQ_REL);

    if (reason == SHUTDOWN_CAUSE_NONE) {
        return;
    }
    if (reset_event_fn) {
        reset_event_fn(reason, reset_event_opaque);
    } else {
        qemu_system_reset();
    }
}

void qemu_system_reset_request(ShutdownCause reason)
{
    /* One bottom half for the process, made on first use, never freed. */
    static QEMUBH *bh;
    static gsize bh_ready;

    g_assert(reason > SHUTDOWN_CAUSE_NONE && reason < SHUTDOWN_CAUSE__MAX);
    if (g_once_init_enter(&bh_ready)) {
        bh = qemu_bh_new(reset_request_bh, NULL);
        g_once_init_leave(&bh_ready, 1);
    }
    __atomic_store_n(&reset_requested, reason, __ATOMIC_RELEASE);
    qemu_bh_schedule(bh);
}
