/*
 * The ISA bus core: the bus a PC's legacy devices (serial, RTC, PIT,
 * keyboard controller, floppy, debug ports) sit on, with QEMU's names.
 *
 * ISA devices decode fixed I/O ports (mapped into the bus's I/O space,
 * normally get_system_io()) and drive some of the 16 IRQ lines, which the
 * board connects to the interrupt controllers with isa_bus_irqs().  As in
 * QEMU a machine has at most one ISA bus ("isa.0"), created by the
 * PCI-to-ISA bridge (or, with no parent device, by an "isabus-bridge"
 * sysbus device).  A device type derives from TYPE_ISA_DEVICE and, in its
 * realize, maps its ports and takes its IRQs:
 *
 *     memory_region_init_io(&s->io, OBJECT(s), &ops, s, "serial", 8);
 *     isa_register_ioport(isadev, &s->io, s->iobase);
 *     isa_init_irq(isadev, &s->irq, s->isairq);
 *
 * The ports a device registered here are unmapped when it leaves the
 * tree.  DMA channels (the 8237 controllers) come with those devices.
 */
#ifndef MACHINE_ISA_H
#define MACHINE_ISA_H

#include <stdint.h>

#include "machine/ioport.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"

#define ISA_NUM_IRQS 16

#define TYPE_ISA_BUS "ISA"
#define TYPE_ISA_DEVICE "isa-device"
/* The sysbus device that owns an ISA bus created without a bridge. */
#define TYPE_ISABUS_BRIDGE "isabus-bridge"

OBJECT_DECLARE_SIMPLE_TYPE(ISABus, ISA_BUS)
OBJECT_DECLARE_TYPE(ISADevice, ISADeviceClass, ISA_DEVICE)

struct ISABus {
    BusState parent_obj;

    /* The memory space (ISA memory: VGA window, option ROMs). */
    MemoryRegion *address_space;
    /* The I/O space ports are mapped into. */
    MemoryRegion *address_space_io;
    /* ISA_NUM_IRQS lines from the board, or NULL before isa_bus_irqs(). */
    qemu_irq *irqs;
};

struct ISADeviceClass {
    DeviceClass parent_class;
};

struct ISADevice {
    DeviceState parent_obj;

    /* The IRQs taken with isa_init_irq() (-1: none), for info qtree. */
    int8_t isairq[2];
    int nirqs;
    /* Lowest port registered, the unit address in firmware paths. */
    int ioport_id;

    /* private: what isa_register_ioport/_portio_list mapped. */
    GArray *ioports;
    GPtrArray *portio_lists;
};

/*
 * Create the ISA bus, owned by dev (NULL: a new "isabus-bridge" on the
 * main system bus), mapping into address_space (memory) and
 * address_space_io (ports).  A second ISA bus is refused ("Can't create
 * a second ISA bus").
 */
ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space,
                    MemoryRegion *address_space_io, Error **errp);
/* Connect the bus's 16 IRQ lines (array of ISA_NUM_IRQS, caller's). */
void isa_bus_irqs(ISABus *bus, qemu_irq *irqs);
/* The bus dev is on. */
ISABus *isa_bus_from_device(ISADevice *dev);

/*
 * Line isairq of dev's bus (dev NULL: of the machine's ISA bus); NULL
 * while the board has not connected the lines.  isairq >= 16 is a
 * programming error: "ISA IRQ out of range" and abort (devices check
 * their irq property in realize).
 */
qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq);
/* *p = isa_get_irq(dev, isairq), recorded as one of dev's (two) IRQs. */
void isa_init_irq(ISADevice *dev, qemu_irq *p, unsigned isairq);
/* Connect dev's unnamed GPIO output gpioirq to ISA line isairq. */
void isa_connect_gpio_out(ISADevice *isadev, int gpioirq, unsigned isairq);

/* The bus's memory and I/O regions (dev NULL: the machine's bus). */
MemoryRegion *isa_address_space(ISADevice *dev);
MemoryRegion *isa_address_space_io(ISADevice *dev);

/* Map io at port start of the bus's I/O space. */
void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start);
/*
 * portio_list_init + portio_list_add at port start of the bus's I/O
 * space (see machine/ioport.h).  Returns 0, or -ENODEV without ISA bus.
 */
int isa_register_portio_list(ISADevice *dev, PortioList *piolist,
                             uint16_t start, const MemoryRegionPortio *portio,
                             void *opaque, const char *name);

/* An unrealized ISA device of type name (abort / NULL if unknown). */
ISADevice *isa_new(const char *name);
ISADevice *isa_try_new(const char *name);
bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp);
/* isa_new + realize on bus, aborting on error (board code). */
ISADevice *isa_create_simple(ISABus *bus, const char *name);

#endif /* MACHINE_ISA_H */
