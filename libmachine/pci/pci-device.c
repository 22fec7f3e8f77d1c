/*
 * TYPE_PCI_DEVICE: a PCI function's life cycle.  Realize places it in a
 * slot (with QEMU 7.2's checks and messages), builds its configuration
 * space and bus-master address space, runs the class realize and loads
 * the option ROM; unrealize undoes all of it.  Also PCI reset and the
 * board shorthands.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine/pci-ids.h"
#include "pci-internal.h"

/* ---- Placement ---- */

static bool pci_bus_devfn_reserved(PCIBus *bus, int devfn)
{
    return bus->slot_reserved_mask & (1u << PCI_SLOT(devfn));
}

/*
 * Pick (devfn -1) or check the function's address.  The texts are QEMU
 * 7.2's, including "id=(null)" for an occupant without id.
 */
static int pci_assign_devfn(PCIDevice *d, PCIBus *bus, Error **errp)
{
    DeviceState *dev = DEVICE(d);
    const char *name = object_get_typename(OBJECT(d));
    int devfn = d->devfn;
    PCIDevice *f0;

    if (devfn < 0) {
        for (devfn = bus->devfn_min; devfn < PCI_DEVFN_MAX;
             devfn += PCI_FUNC_MAX) {
            if (!bus->devices[devfn] && !pci_bus_devfn_reserved(bus, devfn)) {
                return devfn;
            }
        }
        error_setg(errp,
                   "PCI: no slot/function available for %s, all in use "
                   "or reserved",
                   name);
        return -1;
    }
    if (pci_bus_devfn_reserved(bus, devfn)) {
        error_setg(errp,
                   "PCI: slot %d function %d not available for %s, "
                   "reserved",
                   PCI_SLOT(devfn), PCI_FUNC(devfn), name);
        return -1;
    }
    if (bus->devices[devfn]) {
        PCIDevice *other = bus->devices[devfn];
        const char *other_id = DEVICE(other)->id;

        error_setg(errp,
                   "PCI: slot %d function %d not available for %s, in "
                   "use by %s,id=%s",
                   PCI_SLOT(devfn), PCI_FUNC(devfn), name, other->name,
                   other_id ? other_id : "(null)");
        return -1;
    }
    /*
     * A guest enumerates a slot through function 0: a function hot-added
     * next to a present function 0 would stay invisible.
     */
    f0 = bus->devices[PCI_DEVFN(PCI_SLOT(devfn), 0)];
    if (dev->hotplugged && f0) {
        error_setg(errp,
                   "PCI: slot %d function 0 already occupied by %s, new "
                   "func %s cannot be exposed to guest.",
                   PCI_SLOT(devfn), f0->name, name);
        return -1;
    }
    return devfn;
}

/*
 * PCI 3.0 6.2.1 (header type bit 7): functions 1-7 of a slot exist only
 * if function 0 says it is multi-function.  As QEMU, a function > 0 may
 * come before function 0, and only function 0's bit is checked (PIIX
 * leaves it clear on its other functions).
 */
static bool pci_init_multifunction(PCIBus *bus, PCIDevice *d, Error **errp)
{
    int slot = PCI_SLOT(d->devfn);
    int func;

    if (d->cap_present & QEMU_PCI_CAP_MULTIFUNCTION) {
        d->config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
    }
    if (PCI_FUNC(d->devfn)) {
        PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];

        if (f0 && !(f0->cap_present & QEMU_PCI_CAP_MULTIFUNCTION)) {
            error_setg(errp,
                       "PCI: single function device can't be populated "
                       "in function %x.%x",
                       slot, PCI_FUNC(d->devfn));
            return false;
        }
        return true;
    }
    if (d->cap_present & QEMU_PCI_CAP_MULTIFUNCTION) {
        return true;
    }
    for (func = 1; func < PCI_FUNC_MAX; func++) {
        if (bus->devices[PCI_DEVFN(slot, func)]) {
            error_setg(errp,
                       "PCI: %x.0 indicates single function, but %x.%x "
                       "is already populated.",
                       slot, slot, func);
            return false;
        }
    }
    return true;
}

/* ---- Bus mastering ---- */

AddressSpace *pci_device_iommu_address_space(PCIDevice *dev)
{
    return &address_space_memory;
}

AddressSpace *pci_get_address_space(PCIDevice *dev)
{
    g_assert(dev->config);
    return &dev->bus_master_as;
}

/*
 * PCI 3.0 6.2.2: without Bus Master the function may not initiate
 * transactions, so its DMA finds nothing (all-ones, MEMTX_DECODE_ERROR).
 */
void pci_update_bus_master(PCIDevice *d)
{
    bool on = (pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER) &&
              d->has_power;

    memory_region_set_enabled(&d->bus_master_enable_region, on);
}

static void pci_init_bus_master(PCIDevice *d)
{
    AddressSpace *dma_as = pci_device_iommu_address_space(d);

    memory_region_init(&d->bus_master_container_region, OBJECT(d),
                       "bus master container", UINT64_MAX);
    address_space_init(&d->bus_master_as, &d->bus_master_container_region,
                       d->name);
    memory_region_init_alias(&d->bus_master_enable_region, OBJECT(d),
                             "bus master", address_space_root(dma_as), 0,
                             UINT64_MAX);
    memory_region_set_enabled(&d->bus_master_enable_region, false);
    memory_region_add_subregion(&d->bus_master_container_region, 0,
                                &d->bus_master_enable_region);
}

static void pci_destroy_bus_master(PCIDevice *d)
{
    address_space_destroy(&d->bus_master_as);
    memory_region_destroy(&d->bus_master_container_region);
    memory_region_destroy(&d->bus_master_enable_region);
}

/* ---- Registration ---- */

static void pci_unregister_device(PCIDevice *d)
{
    PCIBus *bus = pci_get_bus(d);

    if (d->devfn >= 0 && d->devfn < PCI_DEVFN_MAX &&
        bus->devices[d->devfn] == d) {
        bus->devices[d->devfn] = NULL;
    }
    pci_destroy_bus_master(d);
    g_free(d->config);
    g_free(d->cmask);
    g_free(d->wmask);
    g_free(d->w1cmask);
    g_free(d->used);
    d->config = d->cmask = d->wmask = d->w1cmask = d->used = NULL;
    d->config_read = NULL;
    d->config_write = NULL;
    d->has_power = false;
}

static bool pci_register_device(PCIDevice *d, Error **errp)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    PCIBus *bus = pci_get_bus(d);
    int devfn = pci_assign_devfn(d, bus, errp);
    uint32_t size;

    if (devfn < 0) {
        return false;
    }
    d->devfn = devfn;
    g_strlcpy(d->name, object_get_typename(OBJECT(d)), sizeof(d->name));
    pci_init_bus_master(d);
    d->irq_state = 0;

    size = pci_is_express(d) ? PCIE_CONFIG_SPACE_SIZE : PCI_CONFIG_SPACE_SIZE;
    d->config_size = size;
    d->config = g_malloc0(size);
    d->cmask = g_malloc0(size);
    d->wmask = g_malloc0(size);
    d->w1cmask = g_malloc0(size);
    d->used = g_malloc0(size);

    pci_config_set_vendor_id(d->config, pc->vendor_id);
    pci_config_set_device_id(d->config, pc->device_id);
    pci_config_set_revision(d->config, pc->revision);
    pci_config_set_class(d->config, pc->class_id);
    if (pc->is_bridge) {
        d->config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_BRIDGE;
        /* A type 1 header has no subsystem registers (bridge spec 3.2). */
        g_assert(!pc->subsystem_vendor_id && !pc->subsystem_id);
    } else if (pc->subsystem_vendor_id || pc->subsystem_id) {
        pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID,
                     pc->subsystem_vendor_id);
        pci_set_word(d->config + PCI_SUBSYSTEM_ID, pc->subsystem_id);
    } else {
        pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID,
                     PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(d->config + PCI_SUBSYSTEM_ID, PCI_SUBDEVICE_ID_QEMU);
    }
    pci_init_config_masks(d);

    if (!pci_init_multifunction(bus, d, errp)) {
        pci_unregister_device(d);
        return false;
    }
    d->config_read =
        pc->config_read ? pc->config_read : pci_default_read_config;
    d->config_write =
        pc->config_write ? pc->config_write : pci_default_write_config;
    bus->devices[devfn] = d;
    return true;
}

/* ---- Option ROM ---- */

/*
 * Load romfile (QEMU 7.2's checks and texts) into a ROM region of
 * romsize bytes (default: the file's size rounded up to a power of two)
 * and declare it as the expansion ROM BAR.
 */
static void pci_add_option_rom(PCIDevice *d, Error **errp)
{
    g_autofree char *name = NULL;
    struct stat st;
    uint8_t *ptr;
    uint64_t size, done = 0;
    int fd;

    if (!d->romfile || !d->romfile[0]) {
        return;
    }
    if (!d->rom_bar) {
        if (DEVICE(d)->hotplugged) {
            error_setg(errp, "Hot-plugged device without ROM bar can't have "
                             "an option ROM");
        } else {
            /* QEMU hands such ROMs to the firmware through fw_cfg. */
            error_setg(errp,
                       "romfile \"%s\" with rombar=0 (an option ROM "
                       "loaded by the firmware) is not supported yet",
                       d->romfile);
        }
        return;
    }

    fd = open(d->romfile, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        error_setg(errp, "failed to find romfile \"%s\"", d->romfile);
        goto out;
    }
    size = st.st_size;
    if (size == 0) {
        error_setg(errp, "romfile \"%s\" is empty", d->romfile);
        goto out;
    }
    if (size > 2ULL * 1024 * 1024 * 1024) {
        error_setg(errp, "romfile \"%s\" too large (size cannot exceed 2 GiB)",
                   d->romfile);
        goto out;
    }
    if (d->romsize != UINT32_MAX) {
        if (size > d->romsize) {
            error_setg(errp,
                       "romfile \"%s\" (%u bytes) is too large for ROM "
                       "size %u",
                       d->romfile, (uint32_t)size, d->romsize);
            goto out;
        }
    } else {
        d->romsize = 1;
        while (d->romsize < size) {
            d->romsize <<= 1;
        }
    }

    name = g_strdup_printf("%s.rom", object_get_typename(OBJECT(d)));
    if (!memory_region_init_rom(&d->rom, OBJECT(d), name, d->romsize, errp)) {
        goto out;
    }
    d->has_rom = true;
    ptr = memory_region_get_ram_ptr(&d->rom);
    while (done < size) {
        ssize_t n = read(fd, ptr + done, size - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg(errp, "failed to load romfile \"%s\"", d->romfile);
            goto out;
        }
        done += n;
    }
    pci_register_bar(d, PCI_ROM_SLOT, PCI_BASE_ADDRESS_SPACE_MEMORY, &d->rom);

out:
    if (fd >= 0) {
        close(fd);
    }
}

static void pci_del_option_rom(PCIDevice *d)
{
    if (d->has_rom) {
        memory_region_destroy(&d->rom);
        d->has_rom = false;
    }
}

/* ---- Realize / unrealize ---- */

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    pci_unregister_io_regions(d);
    pci_del_option_rom(d);
    if (pc->exit) {
        pc->exit(d);
    }
    pci_device_deassert_intx(d);
    pci_unregister_device(d);
}

static void pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    ObjectClass *klass = OBJECT_CLASS(pc);
    int32_t devfn_prop = d->devfn;
    uint32_t romsize_prop = d->romsize;
    bool default_rom = false;
    Error *local_err = NULL;

    if (d->romsize != UINT32_MAX && (d->romsize & (d->romsize - 1))) {
        error_setg(errp, "ROM size %u is not a power of two", d->romsize);
        return;
    }
    if (object_class_dynamic_cast(klass, INTERFACE_PCIE_DEVICE) &&
        !object_class_dynamic_cast(klass, INTERFACE_CONVENTIONAL_PCI_DEVICE)) {
        d->cap_present |= QEMU_PCI_CAP_EXPRESS;
    }

    if (!pci_register_device(d, errp)) {
        return;
    }
    if (pc->realize) {
        pc->realize(d, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            pci_unregister_io_regions(d);
            pci_device_deassert_intx(d);
            pci_unregister_device(d);
            /* Nothing half-plugged: addr=-1 stays "any slot". */
            d->devfn = devfn_prop;
            return;
        }
    }

    if (!d->romfile && pc->romfile) {
        d->romfile = g_strdup(pc->romfile);
        default_rom = true;
    }
    pci_add_option_rom(d, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        pci_qdev_unrealize(qdev);
        if (default_rom) {
            g_free(d->romfile);
            d->romfile = NULL;
        }
        d->devfn = devfn_prop;
        d->romsize = romsize_prop;
        return;
    }

    /* Powered up: decoding and DMA follow the command register now. */
    d->has_power = true;
    pci_update_mappings(d);
    pci_update_bus_master(d);
}

/* ---- Reset ---- */

void pci_do_device_reset(PCIDevice *d)
{
    int r;

    if (!d->config) {
        return;
    }
    pci_device_deassert_intx(d);
    g_assert(d->irq_state == 0);

    /* PCI 3.0 6.2.2-6.2.4: RST# clears these registers. */
    pci_word_test_and_clear_mask(d->config + PCI_COMMAND,
                                 pci_get_word(d->wmask + PCI_COMMAND) |
                                     pci_get_word(d->w1cmask + PCI_COMMAND));
    pci_word_test_and_clear_mask(d->config + PCI_STATUS,
                                 pci_get_word(d->wmask + PCI_STATUS) |
                                     pci_get_word(d->w1cmask + PCI_STATUS));
    d->config[PCI_INTERRUPT_LINE] &=
        ~(d->wmask[PCI_INTERRUPT_LINE] | d->w1cmask[PCI_INTERRUPT_LINE]);
    d->config[PCI_CACHE_LINE_SIZE] = 0;

    for (r = 0; r < PCI_NUM_REGIONS; r++) {
        PCIIORegion *region = &d->io_regions[r];

        if (!region->size) {
            continue;
        }
        if (!(region->type & PCI_BASE_ADDRESS_SPACE_IO) &&
            (region->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
            pci_set_quad(d->config + pci_bar(d, r), region->type);
        } else {
            pci_set_long(d->config + pci_bar(d, r), region->type);
        }
    }
    pci_update_mappings(d);
    pci_update_bus_master(d);
}

void pci_device_reset(PCIDevice *dev)
{
    device_cold_reset(DEVICE(dev));
    pci_do_device_reset(dev);
}

/* ---- Accessors and board shorthands ---- */

PCIDevice *pci_get_function_0(PCIDevice *pci_dev)
{
    return pci_get_bus(pci_dev)
        ->devices[PCI_DEVFN(PCI_SLOT(pci_dev->devfn), 0)];
}

uint16_t pci_requester_id(PCIDevice *dev)
{
    return PCI_BUILD_BDF(pci_dev_bus_num(dev) & 0xff, dev->devfn);
}

MemoryRegion *pci_address_space(PCIDevice *dev)
{
    return pci_get_bus(dev)->address_space_mem;
}

MemoryRegion *pci_address_space_io(PCIDevice *dev)
{
    return pci_get_bus(dev)->address_space_io;
}

PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name)
{
    DeviceState *dev = qdev_new(name);

    qdev_prop_set_int32(dev, "addr", devfn);
    qdev_prop_set_bit(dev, "multifunction", multifunction);
    return PCI_DEVICE(dev);
}

PCIDevice *pci_new(int devfn, const char *name)
{
    return pci_new_multifunction(devfn, false, name);
}

bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), BUS(bus), errp);
}

PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           bool multifunction, const char *name)
{
    PCIDevice *dev = pci_new_multifunction(devfn, multifunction, name);

    pci_realize_and_unref(dev, bus, &error_fatal);
    return dev;
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name)
{
    return pci_create_simple_multifunction(bus, devfn, false, name);
}

/* ---- The type ---- */

static Property pci_props[] = {
    DEFINE_PROP_PCI_DEVFN("addr", PCIDevice, devfn, -1),
    DEFINE_PROP_STRING("romfile", PCIDevice, romfile),
    DEFINE_PROP_UINT32("romsize", PCIDevice, romsize, -1),
    DEFINE_PROP_UINT32("rombar", PCIDevice, rom_bar, 1),
    DEFINE_PROP_BIT("multifunction", PCIDevice, cap_present,
                    QEMU_PCI_CAP_MULTIFUNCTION_BITNR, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pci_device_finalize(Object *obj)
{
    PCIDevice *d = PCI_DEVICE(obj);

    /* Realized devices are unrealized before they can be finalized. */
    g_assert(!d->config);
}

static void pci_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *k = DEVICE_CLASS(oc);

    k->realize = pci_qdev_realize;
    k->unrealize = pci_qdev_unrealize;
    k->bus_type = TYPE_PCI_BUS;
    device_class_set_props(k, pci_props);
}

static const TypeInfo pci_device_types[] = {
    {
        .name = TYPE_PCI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .instance_finalize = pci_device_finalize,
        .abstract = true,
        .class_size = sizeof(PCIDeviceClass),
        .class_init = pci_device_class_init,
    },
    {
        .name = INTERFACE_CONVENTIONAL_PCI_DEVICE,
        .parent = TYPE_INTERFACE,
    },
    {
        .name = INTERFACE_PCIE_DEVICE,
        .parent = TYPE_INTERFACE,
    },
};

DEFINE_TYPES(pci_device_types)
