/*
 * sysbus: the main system bus and the memory-mapped devices on it.
 *
 * A SysBusDevice declares its MMIO regions (sysbus_init_mmio), I/O port
 * regions (sysbus_add_io) and interrupt outputs (sysbus_init_irq, the
 * GPIO output group "sysbus-irq") at init or realize; the board then maps
 * region n at a guest physical address (sysbus_mmio_map) and wires
 * interrupt n (sysbus_connect_irq).  The main system bus
 * ("main-system-bus", type "System") has no parent device; the machine
 * puts it in the QOM tree as /machine/unattached/sysbus.
 */
#ifndef MACHINE_SYSBUS_H
#define MACHINE_SYSBUS_H

#include "machine/memory.h"
#include "machine/qdev-core.h"

#define TYPE_SYSTEM_BUS "System"
#define TYPE_SYS_BUS_DEVICE "sys-bus-device"

OBJECT_DECLARE_TYPE(SysBusDevice, SysBusDeviceClass, SYS_BUS_DEVICE)

/* The name of the output group sysbus_init_irq() adds to. */
#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"

#define QDEV_MAX_MMIO 32
#define QDEV_MAX_PIO 32

struct SysBusDeviceClass {
    DeviceClass parent_class;
    /* Open Firmware name of the device; NULL: none. */
    char *(*explicit_ofw_unit_address)(const SysBusDevice *dev);
};

struct SysBusDevice {
    DeviceState parent_obj;

    int num_mmio;
    struct {
        /* Where region n is mapped; -1 while it is not. */
        hwaddr addr;
        MemoryRegion *memory;
    } mmio[QDEV_MAX_MMIO];
    int num_pio;
    uint32_t pio[QDEV_MAX_PIO];
};

/* The main system bus, created on first use and never freed. */
BusState *sysbus_get_default(void);

/* Declare MMIO region n (in call order); at most QDEV_MAX_MMIO. */
void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory);
/* Region n, or NULL if the device has no such region. */
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);
bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n);
/*
 * Map region n at addr in the system memory (moving it if it was mapped
 * elsewhere); the _overlap form gives it a priority over what it covers.
 */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);
void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority);
void sysbus_mmio_unmap(SysBusDevice *dev, int n);

/* Declare a new interrupt output (the next "sysbus-irq[n]"). */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);
/* Pass dev's interrupt outputs on as target's (composite devices). */
void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target);
bool sysbus_has_irq(SysBusDevice *dev, int n);
bool sysbus_is_irq_connected(SysBusDevice *dev, int n);
qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n);
/* Wire interrupt output n to irq. */
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);

/* Record I/O ports [ioport, ioport + size) for info qtree. */
void sysbus_init_ioports(SysBusDevice *dev, uint32_t ioport, uint32_t size);
/* Map mem at addr in the system I/O space. */
void sysbus_add_io(SysBusDevice *dev, hwaddr addr, MemoryRegion *mem);
MemoryRegion *sysbus_address_space(SysBusDevice *dev);

/* qdev_realize() on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

/*
 * Board shorthand: create a sysbus device, realize it (aborting on
 * error), map its region 0 at addr (unless addr is (hwaddr)-1) and wire
 * its interrupts 0, 1, ... to the NULL-terminated irqs.
 */
DeviceState *sysbus_create_varargs(const char *name, hwaddr addr, ...);
DeviceState *sysbus_create_simple(const char *name, hwaddr addr,
                                  qemu_irq irq);

#endif /* MACHINE_SYSBUS_H */
