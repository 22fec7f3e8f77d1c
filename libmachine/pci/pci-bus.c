/*
 * TYPE_PCI_BUS: root and secondary buses, bus numbers, finding a function
 * by bus number and devfn (configuration cycles), device paths, and the
 * bus part of reset.
 */
#include <stdio.h>
#include <string.h>

#include "machine/pci-host.h"
#include "pci-internal.h"

/* ---- Bus numbers and lookups ---- */

bool pci_bus_is_root(PCIBus *bus)
{
    return !bus->parent_dev;
}

int pci_bus_num(PCIBus *s)
{
    if (pci_bus_is_root(s)) {
        PCIBusClass *pbc = PCI_BUS_GET_CLASS(s);

        return pbc->bus_num ? pbc->bus_num(s) : 0;
    }
    /* Bridge spec 3.2.5.4: the bridge's Secondary Bus Number register. */
    if (!s->parent_dev->config) {
        return -1;
    }
    return s->parent_dev->config[PCI_SECONDARY_BUS];
}

PCIBus *pci_bridge_get_sec_bus(PCIDevice *bridge)
{
    GList *l;

    for (l = DEVICE(bridge)->child_bus.head; l; l = l->next) {
        PCIBus *sec = (PCIBus *)object_dynamic_cast(l->data, TYPE_PCI_BUS);

        if (sec && sec->parent_dev == bridge) {
            return sec;
        }
    }
    return NULL;
}

/*
 * Does bridge forward type 1 configuration cycles for bus_num?  Those
 * between its secondary and subordinate numbers, unless its secondary
 * bus is held in reset (bridge spec 3.2.5.17).
 */
static bool pci_bridge_claims_bus(PCIDevice *bridge, int bus_num)
{
    const uint8_t *c = bridge->config;

    if (pci_get_word(c + PCI_BRIDGE_CONTROL) & PCI_BRIDGE_CTL_BUS_RESET) {
        return false;
    }
    return c[PCI_SECONDARY_BUS] <= bus_num && bus_num <= c[PCI_SUBORDINATE_BUS];
}

PCIBus *pci_find_bus_nr(PCIBus *bus, int bus_num)
{
    int devfn;

    /* Descends only: the walk ends with the device tree. */
    while (bus) {
        PCIBus *next = NULL;

        if (pci_bus_num(bus) == bus_num) {
            return bus;
        }
        for (devfn = 0; devfn < PCI_DEVFN_MAX && !next; devfn++) {
            PCIDevice *d = bus->devices[devfn];

            if (d && pci_is_bridge(d) && pci_bridge_claims_bus(d, bus_num)) {
                next = pci_bridge_get_sec_bus(d);
            }
        }
        bus = next;
    }
    return NULL;
}

PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn)
{
    bus = pci_find_bus_nr(bus, bus_num);
    return bus ? bus->devices[devfn] : NULL;
}

/* ---- The 64-bit window ---- */

static void pci_w64_extend(uint64_t lob, uint64_t upb, bool *found,
                           uint64_t *min, uint64_t *max)
{
    /* Only what lies at or above 4 GiB counts (QEMU's rule). */
    lob = MAX(lob, 1ULL << 32);
    if (upb < lob) {
        return;
    }
    *min = *found ? MIN(*min, lob) : lob;
    *max = *found ? MAX(*max, upb) : upb;
    *found = true;
}

/*
 * Bridge spec 3.2.5.10: the prefetchable window, 64-bit when its type
 * bits say so, decodes [base, limit | 0xfffff] while memory decode is on.
 */
static void pci_bridge_w64(PCIDevice *d, bool *found, uint64_t *min,
                           uint64_t *max)
{
    const uint8_t *c = d->config;
    uint64_t base, limit;

    if (!(pci_get_word(c + PCI_COMMAND) & PCI_COMMAND_MEMORY) ||
        (pci_get_word(c + PCI_PREF_MEMORY_BASE) & PCI_PREF_RANGE_TYPE_MASK) !=
            PCI_PREF_RANGE_TYPE_64) {
        return;
    }
    /* Bits 15:4 of base and limit are address bits 31:20. */
    base = (uint64_t)(pci_get_word(c + PCI_PREF_MEMORY_BASE) &
                      PCI_PREF_RANGE_MASK & 0xffff)
               << 16 |
           (uint64_t)pci_get_long(c + PCI_PREF_BASE_UPPER32) << 32;
    limit = (uint64_t)(pci_get_word(c + PCI_PREF_MEMORY_LIMIT) &
                       PCI_PREF_RANGE_MASK & 0xffff)
                << 16 |
            (uint64_t)pci_get_long(c + PCI_PREF_LIMIT_UPPER32) << 32 | 0xfffff;
    if (limit >= base) {
        pci_w64_extend(base, limit, found, min, max);
    }
}

bool pci_bus_get_w64_range(PCIBus *bus, uint64_t *lob, uint64_t *upb)
{
    bool found = false;
    uint64_t min = 0, max = 0;
    int devfn, i;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *d = bus->devices[devfn];

        if (!d) {
            continue;
        }
        if (pci_is_bridge(d)) {
            pci_bridge_w64(d, &found, &min, &max);
        }
        for (i = 0; i < PCI_NUM_REGIONS; i++) {
            PCIIORegion *r = &d->io_regions[i];

            if (!r->size || (r->type & PCI_BASE_ADDRESS_SPACE_IO) ||
                !(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) ||
                r->addr == PCI_BAR_UNMAPPED) {
                continue;
            }
            pci_w64_extend(r->addr, r->addr + r->size - 1, &found, &min, &max);
        }
    }
    if (found) {
        *lob = min;
        *upb = max;
    }
    return found;
}

/* ---- Paths ---- */

PCIBus *pci_device_root_bus(const PCIDevice *d)
{
    PCIBus *bus = pci_get_bus(d);

    while (!pci_bus_is_root(bus)) {
        bus = pci_get_bus(bus->parent_dev);
    }
    return bus;
}

const char *pci_root_bus_path(PCIDevice *dev)
{
    PCIBus *root = pci_device_root_bus(dev);
    DeviceState *host = BUS(root)->parent;
    Object *hobj =
        host ? object_dynamic_cast(OBJECT(host), TYPE_PCI_HOST_BRIDGE) : NULL;

    if (hobj) {
        PCIHostBridgeClass *hc = PCI_HOST_BRIDGE_GET_CLASS(hobj);

        if (hc->root_bus_path) {
            return hc->root_bus_path(PCI_HOST_BRIDGE(hobj), root);
        }
    }
    /* PCI firmware spec: segment (domain) 0, then the bus number. */
    snprintf(root->root_path, sizeof(root->root_path), "0000:%02x",
             pci_bus_num(root) & 0xff);
    return root->root_path;
}

int pci_dev_bus_num(const PCIDevice *dev)
{
    return pci_bus_num(pci_get_bus(dev));
}

/* "0000:00:01.0:03.1": the root's path, then slot.function down to dev. */
static char *pcibus_get_dev_path(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);
    GString *path = g_string_new(pci_root_bus_path(d));
    GSList *chain = NULL, *l;
    PCIDevice *t;

    for (t = d; t; t = pci_get_bus(t)->parent_dev) {
        chain = g_slist_prepend(chain, t);
    }
    for (l = chain; l; l = l->next) {
        t = l->data;
        g_string_append_printf(path, ":%02x.%x", PCI_SLOT(t->devfn),
                               PCI_FUNC(t->devfn));
    }
    g_slist_free(chain);
    return g_string_free(path, false);
}

/* IEEE 1275 PCI binding: name@slot or name@slot,function. */
static char *pcibus_get_fw_dev_path(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);

    if (PCI_FUNC(d->devfn)) {
        return g_strdup_printf("%s@%x,%x", qdev_fw_name(dev),
                               PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
    }
    return g_strdup_printf("%s@%x", qdev_fw_name(dev), PCI_SLOT(d->devfn));
}

/* ---- Creation ---- */

static void pci_root_bus_internal_init(PCIBus *bus, DeviceState *parent,
                                       MemoryRegion *mem, MemoryRegion *io,
                                       uint8_t devfn_min)
{
    Object *host;

    /* Automatic placement starts at a slot boundary. */
    g_assert(PCI_FUNC(devfn_min) == 0);
    bus->devfn_min = devfn_min;
    bus->address_space_mem = mem;
    bus->address_space_io = io;

    host = parent ? object_dynamic_cast(OBJECT(parent), TYPE_PCI_HOST_BRIDGE)
                  : NULL;
    if (host && !PCI_HOST_BRIDGE(host)->bus) {
        PCI_HOST_BRIDGE(host)->bus = bus;
    }
}

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io, uint8_t devfn_min,
                         const char *typename)
{
    PCIBus *bus = PCI_BUS(qbus_new(typename, parent, name));

    pci_root_bus_internal_init(bus, parent, mem, io, devfn_min);
    return bus;
}

PCIBus *pci_register_root_bus(DeviceState *parent, const char *name,
                              pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                              void *irq_opaque, MemoryRegion *mem,
                              MemoryRegion *io, uint8_t devfn_min, int nirq,
                              const char *typename)
{
    PCIBus *bus = pci_root_bus_new(parent, name, mem, io, devfn_min, typename);

    pci_bus_irqs(bus, set_irq, irq_opaque, nirq);
    pci_bus_map_irqs(bus, map_irq);
    return bus;
}

void pci_root_bus_cleanup(PCIBus *bus)
{
    Object *host = BUS(bus)->parent
                       ? object_dynamic_cast(OBJECT(BUS(bus)->parent),
                                             TYPE_PCI_HOST_BRIDGE)
                       : NULL;

    if (host && PCI_HOST_BRIDGE(host)->bus == bus) {
        PCI_HOST_BRIDGE(host)->bus = NULL;
    }
    pci_bus_irqs_cleanup(bus);
    qbus_unparent(BUS(bus));
}

PCIBus *pci_secondary_bus_new(PCIDevice *bridge, const char *typename,
                              const char *name, MemoryRegion *mem,
                              MemoryRegion *io)
{
    PCIBus *sec;

    g_assert(pci_is_bridge(bridge));
    g_assert(!pci_bridge_get_sec_bus(bridge));
    sec = PCI_BUS(qbus_new(typename, DEVICE(bridge), name));
    sec->parent_dev = bridge;
    sec->address_space_mem = mem;
    sec->address_space_io = io;
    /* No lines of its own: pins rotate onto the bridge's (spec 9.1). */
    sec->map_irq = pci_swizzle_map_irq_fn;
    return sec;
}

/* ---- The type ---- */

/*
 * Bus reset (RST#): every function's configuration goes back to its
 * power-on state, after the devices' own reset hooks have run.
 */
static void pcibus_reset(BusState *qbus)
{
    PCIBus *bus = PCI_BUS(qbus);
    int devfn;

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            pci_do_device_reset(bus->devices[devfn]);
        }
    }
}

static void pci_bus_finalize(Object *obj)
{
    PCIBus *bus = PCI_BUS(obj);

    g_free(bus->irq_count);
    bus->irq_count = NULL;
}

/* ---- info qtree ---- */

/* Names of class codes (base class, sub-class) as info qtree shows them. */
static const struct {
    uint16_t class;
    const char *desc;
} pci_class_names[] = {
    {0x0001, "VGA controller"},        {0x0100, "SCSI controller"},
    {0x0101, "IDE controller"},        {0x0102, "Floppy controller"},
    {0x0103, "IPI controller"},        {0x0104, "RAID controller"},
    {0x0106, "SATA controller"},       {0x0107, "SAS controller"},
    {0x0180, "Storage controller"},    {0x0200, "Ethernet controller"},
    {0x0201, "Token Ring controller"}, {0x0202, "FDDI controller"},
    {0x0203, "ATM controller"},        {0x0280, "Network controller"},
    {0x0300, "VGA controller"},        {0x0301, "XGA controller"},
    {0x0302, "3D controller"},         {0x0380, "Display controller"},
    {0x0400, "Video controller"},      {0x0401, "Audio controller"},
    {0x0402, "Phone"},                 {0x0403, "Audio controller"},
    {0x0480, "Multimedia controller"}, {0x0500, "RAM controller"},
    {0x0501, "Flash controller"},      {0x0580, "Memory controller"},
    {0x0600, "Host bridge"},           {0x0601, "ISA bridge"},
    {0x0602, "EISA bridge"},           {0x0603, "MC bridge"},
    {0x0604, "PCI bridge"},            {0x0605, "PCMCIA bridge"},
    {0x0606, "NUBUS bridge"},          {0x0607, "CARDBUS bridge"},
    {0x0608, "RACEWAY bridge"},        {0x0680, "Bridge"},
    {0x0700, "Serial port"},           {0x0701, "Parallel port"},
    {0x0800, "Interrupt controller"},  {0x0801, "DMA controller"},
    {0x0802, "Timer"},                 {0x0803, "RTC"},
    {0x0900, "Keyboard"},              {0x0901, "Pen"},
    {0x0902, "Mouse"},                 {0x0A00, "Dock station"},
    {0x0B00, "i386 cpu"},              {0x0c00, "Firewire controller"},
    {0x0c01, "Access bus controller"}, {0x0c02, "SSA controller"},
    {0x0c03, "USB controller"},        {0x0c04, "Fibre channel controller"},
};

/* The class line, then one line per implemented BAR (as QEMU prints it). */
static void pcibus_dev_print(GString *out, DeviceState *dev, int indent)
{
    PCIDevice *d = PCI_DEVICE(dev);
    uint16_t class = pci_get_word(d->config + PCI_CLASS_DEVICE);
    const char *desc = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(pci_class_names); i++) {
        if (pci_class_names[i].class == class) {
            desc = pci_class_names[i].desc;
            break;
        }
    }
    g_string_append_printf(out, "%*sclass ", indent, "");
    if (desc) {
        g_string_append(out, desc);
    } else {
        g_string_append_printf(out, "%04x", class);
    }
    g_string_append_printf(out,
                           ", addr %02x:%02x.%x, pci id %04x:%04x (sub "
                           "%04x:%04x)\n",
                           pci_dev_bus_num(d), PCI_SLOT(d->devfn),
                           PCI_FUNC(d->devfn),
                           pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_ID));
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        const PCIIORegion *r = &d->io_regions[i];

        if (!r->size) {
            continue;
        }
        /* An unmapped BAR shows all-ones and a wrapped end, as in QEMU. */
        g_string_append_printf(out, "%*sbar %d: %s at 0x%" PRIx64 " [0x%" PRIx64
                               "]\n", indent, "", i,
                               r->type & PCI_BASE_ADDRESS_SPACE_IO ? "i/o"
                                                                   : "mem",
                               (uint64_t)r->addr,
                               (uint64_t)(r->addr + r->size - 1));
    }
}

static void pci_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *k = BUS_CLASS(oc);

    k->get_dev_path = pcibus_get_dev_path;
    k->get_fw_dev_path = pcibus_get_fw_dev_path;
    k->print_dev = pcibus_dev_print;
    k->reset = pcibus_reset;
    k->device_type = TYPE_PCI_DEVICE;
}

static const TypeInfo pci_bus_info = {
    .name = TYPE_PCI_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(PCIBus),
    .instance_finalize = pci_bus_finalize,
    .class_size = sizeof(PCIBusClass),
    .class_init = pci_bus_class_init,
};

static void pci_bus_register_types(void)
{
    type_register_static(&pci_bus_info);
}

type_init(pci_bus_register_types)
