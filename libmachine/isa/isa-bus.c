/*
 * The ISA bus (TYPE_ISA_BUS), ISA devices (TYPE_ISA_DEVICE) and the
 * stand-alone "isabus-bridge": I/O ports into the bus's I/O space, the 16
 * IRQ lines, and board helpers.
 */
#include <errno.h>

#include "machine/isa.h"
#include "machine/sysbus.h"
#include "util/error-report.h"
#include "util/error.h"

/*
 * The machine's ISA bus.  A PC has one (the PIIX3 bridge's), and board
 * code reaches it through isa_get_irq(NULL, n) as in QEMU.
 */
static ISABus *isabus;

/* A region isa_register_ioport() mapped, and where. */
typedef struct ISAIOPort {
    MemoryRegion *mr;
    MemoryRegion *space;
} ISAIOPort;

/* ---- The bus ---- */

static char *isabus_get_fw_dev_path(DeviceState *dev)
{
    ISADevice *d = ISA_DEVICE(dev);

    /* IEEE 1275 ISA binding: the unit address is the first I/O port. */
    if (d->ioport_id) {
        return g_strdup_printf("%s@%04x", qdev_fw_name(dev), d->ioport_id);
    }
    return g_strdup(qdev_fw_name(dev));
}

static void isa_bus_finalize(Object *obj)
{
    if (isabus == ISA_BUS(obj)) {
        isabus = NULL;
    }
}

static void isa_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->get_fw_dev_path = isabus_get_fw_dev_path;
    bc->device_type = TYPE_ISA_DEVICE;
}

ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space,
                    MemoryRegion *address_space_io, Error **errp)
{
    if (isabus) {
        error_setg(errp, "Can't create a second ISA bus");
        return NULL;
    }
    if (!dev) {
        dev = qdev_new(TYPE_ISABUS_BRIDGE);
        sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort);
    }
    isabus = ISA_BUS(qbus_new(TYPE_ISA_BUS, dev, NULL));
    isabus->address_space = address_space;
    isabus->address_space_io = address_space_io;
    return isabus;
}

void isa_bus_irqs(ISABus *bus, qemu_irq *irqs)
{
    bus->irqs = irqs;
}

ISABus *isa_bus_from_device(ISADevice *dev)
{
    return ISA_BUS(qdev_get_parent_bus(DEVICE(dev)));
}

/* dev's bus, or the machine's for dev NULL; a bus must exist. */
static ISABus *isa_bus_of(ISADevice *dev)
{
    ISABus *bus = dev ? isa_bus_from_device(dev) : isabus;

    g_assert(bus);
    return bus;
}

MemoryRegion *isa_address_space(ISADevice *dev)
{
    return isa_bus_of(dev)->address_space;
}

MemoryRegion *isa_address_space_io(ISADevice *dev)
{
    return isa_bus_of(dev)->address_space_io;
}

/* ---- IRQs ---- */

qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq)
{
    ISABus *bus = isa_bus_of(dev);

    if (isairq >= ISA_NUM_IRQS) {
        /* The device should have refused its irq property at realize. */
        error_report("ISA IRQ out of range: %u (the bus has %d lines)", isairq,
                     ISA_NUM_IRQS);
        abort();
    }
    return bus->irqs ? bus->irqs[isairq] : NULL;
}

void isa_init_irq(ISADevice *dev, qemu_irq *p, unsigned isairq)
{
    g_assert(dev->nirqs < (int)G_N_ELEMENTS(dev->isairq));
    *p = isa_get_irq(dev, isairq);
    dev->isairq[dev->nirqs++] = isairq;
}

void isa_connect_gpio_out(ISADevice *isadev, int gpioirq, unsigned isairq)
{
    qemu_irq irq;

    isa_init_irq(isadev, &irq, isairq);
    qdev_connect_gpio_out(DEVICE(isadev), gpioirq, irq);
}

/* ---- I/O ports ---- */

static void isa_note_ioport(ISADevice *dev, uint16_t port)
{
    if (dev->ioport_id == 0 || port < dev->ioport_id) {
        dev->ioport_id = port;
    }
}

void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start)
{
    ISAIOPort port = {.mr = io, .space = isa_address_space_io(dev)};

    memory_region_add_subregion(port.space, start, io);
    if (dev) {
        isa_note_ioport(dev, start);
        g_array_append_val(dev->ioports, port);
    }
}

int isa_register_portio_list(ISADevice *dev, PortioList *piolist,
                             uint16_t start, const MemoryRegionPortio *portio,
                             void *opaque, const char *name)
{
    if (!isabus) {
        return -ENODEV;
    }
    /* start, not the first entry, names the device (QEMU's rule). */
    portio_list_init(piolist, OBJECT(dev), portio, opaque, name);
    portio_list_add(piolist, isa_address_space_io(dev), start);
    if (dev) {
        isa_note_ioport(dev, start);
        g_ptr_array_add(dev->portio_lists, piolist);
    }
    return 0;
}

/* ---- Devices ---- */

ISADevice *isa_new(const char *name)
{
    return ISA_DEVICE(qdev_new(name));
}

ISADevice *isa_try_new(const char *name)
{
    DeviceState *dev = qdev_try_new(name);

    return dev ? ISA_DEVICE(dev) : NULL;
}

bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), BUS(bus), errp);
}

ISADevice *isa_create_simple(ISABus *bus, const char *name)
{
    ISADevice *dev = isa_new(name);

    isa_realize_and_unref(dev, bus, &error_abort);
    return dev;
}

static void isa_device_init(Object *obj)
{
    ISADevice *dev = ISA_DEVICE(obj);

    dev->isairq[0] = -1;
    dev->isairq[1] = -1;
    dev->ioports = g_array_new(false, false, sizeof(ISAIOPort));
    dev->portio_lists = g_ptr_array_new();
}

static void isa_device_finalize(Object *obj)
{
    ISADevice *dev = ISA_DEVICE(obj);

    g_array_free(dev->ioports, true);
    g_ptr_array_free(dev->portio_lists, true);
}

static void (*isa_device_parent_unparent)(Object *obj);

/*
 * Leaving the tree: give the ports back before the device unrealizes (its
 * unrealize or finalize may then destroy the regions), as a removed card
 * stops decoding.  A mapped region also holds its owner, which would
 * otherwise never be freed.
 */
static void isa_device_unparent(Object *obj)
{
    ISADevice *dev = ISA_DEVICE(obj);
    guint i;

    memory_region_transaction_begin();
    for (i = 0; i < dev->ioports->len; i++) {
        ISAIOPort *port = &g_array_index(dev->ioports, ISAIOPort, i);

        if (memory_region_is_mapped(port->mr)) {
            memory_region_del_subregion(port->space, port->mr);
        }
    }
    for (i = 0; i < dev->portio_lists->len; i++) {
        portio_list_destroy(g_ptr_array_index(dev->portio_lists, i));
    }
    memory_region_transaction_commit();
    g_array_set_size(dev->ioports, 0);
    g_ptr_array_set_size(dev->portio_lists, 0);

    isa_device_parent_unparent(obj);
}

static void isa_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_ISA_BUS;
    isa_device_parent_unparent = oc->unparent;
    oc->unparent = isa_device_unparent;
}

/* ---- The bridge-less bus owner ---- */

static void isabus_bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    dc->user_creatable = false;
}

static const TypeInfo isa_types[] = {
    {
        .name = TYPE_ISA_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(ISABus),
        .instance_finalize = isa_bus_finalize,
        .class_init = isa_bus_class_init,
    },
    {
        .name = TYPE_ISA_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ISADevice),
        .instance_init = isa_device_init,
        .instance_finalize = isa_device_finalize,
        .abstract = true,
        .class_size = sizeof(ISADeviceClass),
        .class_init = isa_device_class_init,
    },
    {
        .name = TYPE_ISABUS_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .class_init = isabus_bridge_class_init,
    },
};

DEFINE_TYPES(isa_types)
