/*
 * The machine's power events (see devices/acpi.h): the power button the
 * ACPI PM devices listen to, and the guest's soft-off request, whose
 * effect the application decides.
 */
#include <glib.h>

#include "devices/acpi.h"
#include "util/main-loop.h"

typedef struct PowerButton {
    ACPIPowerButtonFunc *press;
    void *opaque;
} PowerButton;

static GSList *power_buttons;
static ACPIGuestPowerOffHandler *power_off_handler;
static void *power_off_opaque;

void acpi_register_power_button(ACPIPowerButtonFunc *press, void *opaque)
{
    PowerButton *b = g_new(PowerButton, 1);

    b->press = press;
    b->opaque = opaque;
    power_buttons = g_slist_append(power_buttons, b);
}

void acpi_unregister_power_button(ACPIPowerButtonFunc *press, void *opaque)
{
    GSList *l;

    for (l = power_buttons; l; l = l->next) {
        PowerButton *b = l->data;

        if (b->press == press && b->opaque == opaque) {
            power_buttons = g_slist_delete_link(power_buttons, l);
            g_free(b);
            return;
        }
    }
}

bool acpi_press_power_button(void)
{
    GSList *l;

    for (l = power_buttons; l; l = l->next) {
        PowerButton *b = l->data;

        b->press(b->opaque);
    }
    return power_buttons != NULL;
}

void acpi_set_guest_power_off_handler(ACPIGuestPowerOffHandler *fn,
                                      void *opaque)
{
    power_off_handler = fn;
    power_off_opaque = opaque;
}

void acpi_guest_power_off(void)
{
    if (power_off_handler) {
        power_off_handler(power_off_opaque);
        return;
    }
    /* QEMU's default: the process ends, status 0. */
    qemu_main_loop_request_exit(0);
}
