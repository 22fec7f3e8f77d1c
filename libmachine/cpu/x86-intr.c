/*
 * The CPU-side ends of the x86 interrupt wires (machine/x86-intr.h):
 * what the board registered, called by the accelerator.  Registered at
 * board init and read under the big lock.
 */
#include <stddef.h>

#include "machine/x86-intr.h"

static int (*pic_intack)(void *opaque);
static void *pic_intack_opaque;
static X86IOAPICRouteHandler ioapic_route_handler;
static void *ioapic_route_opaque;
static void (*ioapic_eoi_handler)(int vector);

void x86_intr_set_pic_intack(int (*intack)(void *opaque), void *opaque)
{
    pic_intack = intack;
    pic_intack_opaque = opaque;
}

int cpu_get_pic_interrupt(CPUX86State *env)
{
    return pic_intack ? pic_intack(pic_intack_opaque) : -1;
}

void x86_intr_set_ioapic_route_handler(X86IOAPICRouteHandler handler,
                                       void *opaque)
{
    ioapic_route_handler = handler;
    ioapic_route_opaque = opaque;
}

void x86_intr_ioapic_route_changed(unsigned pin, bool masked, uint32_t addr,
                                   uint32_t data)
{
    if (ioapic_route_handler) {
        ioapic_route_handler(ioapic_route_opaque, pin, masked, addr, data);
    }
}

void x86_intr_set_ioapic_eoi_handler(void (*eoi)(int vector))
{
    ioapic_eoi_handler = eoi;
}

void x86_intr_ioapic_eoi(int vector)
{
    if (ioapic_eoi_handler) {
        ioapic_eoi_handler(vector);
    }
}
