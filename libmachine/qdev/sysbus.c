/*
 * sysbus: the main system bus and memory-mapped devices (MMIO regions,
 * I/O port regions, interrupt outputs).
 */
#include <stdarg.h>

#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "util/error.h"

/* ---- The main system bus ---- */

static BusState *main_system_bus;

BusState *sysbus_get_default(void)
{
    if (!main_system_bus) {
        /* No parent device: the only such bus, kept for the process. */
        main_system_bus = qbus_new(TYPE_SYSTEM_BUS, NULL, "main-system-bus");
        qbus_realize(main_system_bus, &error_abort);
    }
    return main_system_bus;
}

static char *sysbus_get_fw_dev_path(DeviceState *dev)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);
    SysBusDeviceClass *sbc = SYS_BUS_DEVICE_GET_CLASS(s);
    const char *name = qdev_fw_name(dev);

    if (sbc->explicit_ofw_unit_address) {
        g_autofree char *addr = sbc->explicit_ofw_unit_address(s);

        if (addr) {
            return g_strdup_printf("%s@%s", name, addr);
        }
    }
    /* IEEE 1275: the unit address is the first MMIO base, else port. */
    if (s->num_mmio) {
        return g_strdup_printf("%s@%016" PRIx64, name,
                               (uint64_t)s->mmio[0].addr);
    }
    if (s->num_pio) {
        return g_strdup_printf("%s@i%04x", name, s->pio[0]);
    }
    return g_strdup(name);
}

/* info qtree: each MMIO region's address (all-ones: unmapped) and size. */
static void sysbus_dev_print(GString *out, DeviceState *dev, int indent)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    for (int i = 0; i < s->num_mmio; i++) {
        g_string_append_printf(out, "%*smmio %016" PRIx64 "/%016" PRIx64 "\n",
                               indent, "", (uint64_t)s->mmio[i].addr,
                               memory_region_size(s->mmio[i].memory));
    }
}

static void system_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *k = BUS_CLASS(oc);

    k->get_fw_dev_path = sysbus_get_fw_dev_path;
    k->print_dev = sysbus_dev_print;
}

/* ---- MMIO ---- */

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *memory)
{
    int n;

    g_assert(dev->num_mmio < QDEV_MAX_MMIO);
    n = dev->num_mmio++;
    dev->mmio[n].addr = (hwaddr)-1;
    dev->mmio[n].memory = memory;
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio) {
        return NULL;
    }
    return dev->mmio[n].memory;
}

bool sysbus_has_mmio(SysBusDevice *dev, unsigned int n)
{
    return n < (unsigned int)dev->num_mmio;
}

static void sysbus_mmio_map_common(SysBusDevice *dev, int n, hwaddr addr,
                                   bool may_overlap, int priority)
{
    g_assert(n >= 0 && n < dev->num_mmio);

    if (dev->mmio[n].addr == addr) {
        return;
    }
    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), dev->mmio[n].memory);
    }
    dev->mmio[n].addr = addr;
    if (may_overlap) {
        memory_region_add_subregion_overlap(get_system_memory(), addr,
                                            dev->mmio[n].memory, priority);
    } else {
        memory_region_add_subregion(get_system_memory(), addr,
                                    dev->mmio[n].memory);
    }
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_common(dev, n, addr, false, 0);
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    sysbus_mmio_map_common(dev, n, addr, true, priority);
}

void sysbus_mmio_unmap(SysBusDevice *dev, int n)
{
    g_assert(n >= 0 && n < dev->num_mmio);

    if (dev->mmio[n].addr != (hwaddr)-1) {
        memory_region_del_subregion(get_system_memory(), dev->mmio[n].memory);
        dev->mmio[n].addr = (hwaddr)-1;
    }
}

/* ---- Interrupts ---- */

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

void sysbus_pass_irq(SysBusDevice *dev, SysBusDevice *target)
{
    /* dev takes over target's outputs: it must have none of its own. */
    g_assert(!qdev_get_named_gpio_list(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ));
    qdev_pass_gpios(DEVICE(target), DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ);
}

bool sysbus_has_irq(SysBusDevice *dev, int n)
{
    g_autofree char *prop =
        g_strdup_printf("%s[%d]", SYSBUS_DEVICE_GPIO_IRQ, n);

    return object_property_find(OBJECT(dev), prop) != NULL;
}

qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n)
{
    return qdev_get_gpio_out_connector(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n);
}

bool sysbus_is_irq_connected(SysBusDevice *dev, int n)
{
    return sysbus_get_connected_irq(dev, n) != NULL;
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, irq);
}

/* ---- I/O ports ---- */

void sysbus_init_ioports(SysBusDevice *dev, uint32_t ioport, uint32_t size)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        g_assert(dev->num_pio < QDEV_MAX_PIO);
        dev->pio[dev->num_pio++] = ioport++;
    }
}

void sysbus_add_io(SysBusDevice *dev, hwaddr addr, MemoryRegion *mem)
{
    memory_region_add_subregion(get_system_io(), addr, mem);
}

MemoryRegion *sysbus_address_space(SysBusDevice *dev)
{
    return get_system_memory();
}

/* ---- Creation ---- */

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

DeviceState *sysbus_create_varargs(const char *name, hwaddr addr, ...)
{
    DeviceState *dev = qdev_new(name);
    SysBusDevice *s = SYS_BUS_DEVICE(dev);
    va_list va;
    qemu_irq irq;
    int n;

    sysbus_realize_and_unref(s, &error_abort);
    if (addr != (hwaddr)-1) {
        sysbus_mmio_map(s, 0, addr);
    }
    va_start(va, addr);
    n = 0;
    while ((irq = va_arg(va, qemu_irq))) {
        sysbus_connect_irq(s, n++, irq);
    }
    va_end(va);
    return dev;
}

DeviceState *sysbus_create_simple(const char *name, hwaddr addr, qemu_irq irq)
{
    return sysbus_create_varargs(name, addr, irq, NULL);
}

/* ---- Types ---- */

static void sysbus_device_init(Object *obj)
{
    SysBusDevice *s = SYS_BUS_DEVICE(obj);
    int i;

    for (i = 0; i < QDEV_MAX_MMIO; i++) {
        s->mmio[i].addr = (hwaddr)-1;
    }
}

static void sysbus_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *k = DEVICE_CLASS(oc);

    k->bus_type = TYPE_SYSTEM_BUS;
    /*
     * -device would plug a sysbus device in without mapping its regions
     * or wiring its interrupts, leaving it useless; a device that can be
     * used that way (the machine maps it) sets this back to true.
     */
    k->user_creatable = false;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = system_bus_class_init,
    },
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .instance_init = sysbus_device_init,
        .abstract = true,
        .class_size = sizeof(SysBusDeviceClass),
        .class_init = sysbus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)
