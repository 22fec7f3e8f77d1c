/*
 * System reset: the handler list and the machine's reset entry point.
 */
#include <glib.h>

#include "machine/boards.h"
#include "machine/reset.h"

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
