/*
 * The global system interrupts (GSIs) of the x86 boards, QEMU 7.2's
 * model (hw/i386/x86.c, pc.c; own code): 24 lines, the first 16 being
 * the ISA bus's IRQs.  GSI n goes to ISA IRQ n of the i8259 pair (n <
 * 16) and to input n of the I/O APIC, as on a PIIX3 board where both
 * controllers see every ISA line.  The I/O APIC itself moves input 0
 * (the PIT) to its pin 2, as QEMU's does (intc/ioapic.c).
 *
 * The i8259 pair (issue 7) plugs in by filling gsi_state->i8259_irq with
 * its 16 inputs; until then those targets are NULL, an unconnected pin.
 */
#include "devices/apic.h"
#include "devices/i8259.h"
#include "machine/accel.h"
#include "machine/cpus.h"
#include "machine/sysbus.h"
#include "machine/x86-intr.h"
#include "pc-internal.h"

static void gsi_handler(void *opaque, int n, int level)
{
    GSIState *s = opaque;

    if (s->accel_irq[n]) {
        /* The kernel's routing fans it out to its PIC and I/O APIC. */
        qemu_set_irq(s->accel_irq[n], level);
        return;
    }
    if (n < ISA_NUM_IRQS) {
        qemu_set_irq(s->i8259_irq[n], level);
    }
    qemu_set_irq(s->ioapic_irq[n], level);
}

GSIState *pc_gsi_create(qemu_irq **irqs)
{
    GSIState *s = g_new0(GSIState, 1);
    unsigned i;

    /* QEMU's kvm_pc_gsi_handler: an in-kernel irqchip takes the GSIs. */
    for (i = 0; i < GSI_NUM_PINS; i++) {
        s->accel_irq[i] = accel_get_gsi_irq(i);
    }

    *irqs = qemu_allocate_irqs(gsi_handler, s, GSI_NUM_PINS);
    return s;
}

bool ioapic_init_gsi(GSIState *gsi_state, Object *parent, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_IOAPIC);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    int i;

    /* QEMU's path: /machine/i440fx/ioapic, found by qtest as "ioapic". */
    object_property_add_child(parent, "ioapic", OBJECT(dev));
    if (!sysbus_realize_and_unref(sbd, errp)) {
        return false;
    }
    sysbus_mmio_map(sbd, 0, IO_APIC_DEFAULT_ADDRESS);
    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        gsi_state->ioapic_irq[i] = qdev_get_gpio_in(dev, i);
    }
    return true;
}

/*
 * The master 8259's INT (QEMU's pic_irq_request): with userspace local
 * APICs, to every CPU's LINT0, each APIC deciding whether it takes it;
 * with the local APICs in the kernel, an interrupt request to the BSP.
 */
static void pic_irq_request(void *opaque, int n, int level)
{
    CPUState *cs = first_cpu;

    if (!cs) {
        return;
    }
    if (X86_CPU(cs)->apic_state) {
        CPU_FOREACH(cs)
        {
            apic_deliver_pic_intr(X86_CPU(cs)->apic_state, level);
        }
        return;
    }
    if (level) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

/* The INTA cycles of the pair i8259_init() made (isa_pic). */
static int pc_pic_intack(void *opaque)
{
    return isa_pic ? pic_read_irq(isa_pic) : -1;
}

qemu_irq x86_allocate_cpu_irq(void)
{
    qemu_irq irq = qemu_allocate_irq(pic_irq_request, NULL, 0);

    object_property_add_child(container_get(qdev_get_machine(), "/unattached"),
                              "non-qdev-gpio[*]", OBJECT(irq));
    object_unref(OBJECT(irq));
    x86_intr_set_pic_intack(pc_pic_intack, NULL);
    return irq;
}
