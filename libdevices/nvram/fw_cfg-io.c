/*
 * fw_cfg_io: the fw_cfg registers in the I/O space, as on QEMU's x86
 * machines (QEMU docs/specs/fw_cfg.rst, "Register Locations"; what QEMU
 * 7.2 answers, observed through qtest):
 *
 *   iobase ("fwcfg", 2 ports)      a 16-bit write selects an item; byte
 *                                  reads, at either port, read the data
 *                                  register; byte writes are ignored.
 *   dma_iobase ("fwcfg.dma", 8)    the 64-bit big-endian DMA address: a
 *                                  32-bit write at +0 sets the high half
 *                                  (clearing the low one), at +4 the low
 *                                  half and starts the transfer; a 64-bit
 *                                  write at +0 does both.  Reads give
 *                                  "QEMU CFG".  Only with dma_enabled.
 *
 * QEMU refuses the other accesses and answers 0 to such reads; emu
 * takes them in the device to give the same answers, and logs them.
 */
#include "fw_cfg-internal.h"
#include "machine/qdev-properties.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(FWCfgIoState, FW_CFG_IO)

struct FWCfgIoState {
    FWCfgState parent_obj;

    MemoryRegion comb_iomem;
    MemoryRegion dma_iomem;
    /* Where the board maps them (fw_cfg_init_io_dma). */
    uint32_t iobase;
    uint32_t dma_iobase;
};

/* ---- Selector and data ---- */

static uint64_t fw_cfg_comb_read(void *opaque, hwaddr addr, unsigned size)
{
    FWCfgState *s = opaque;

    if (size != 1) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fw_cfg: %u-byte read of the data register "
                      "(it is 8 bits wide)\n",
                      size);
        return 0;
    }
    return fw_cfg_read_byte(s);
}

static void fw_cfg_comb_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    FWCfgState *s = opaque;

    switch (size) {
    case 1:
        /* A data register write: ignored since QEMU 2.4 (use DMA). */
        break;
    case 2:
        fw_cfg_select(s, value);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fw_cfg: %u-byte write to the selector ignored "
                      "(it is 16 bits wide)\n",
                      size);
        break;
    }
}

static const MemoryRegionOps fw_cfg_comb_ops = {
    .read = fw_cfg_comb_read,
    .write = fw_cfg_comb_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* ---- DMA address ---- */

static uint64_t fw_cfg_dma_read(void *opaque, hwaddr addr, unsigned size)
{
    /* The bytes of "QEMU CFG" at addr .. addr + size - 1, big-endian. */
    unsigned shift;

    if (addr + size > 8) {
        return 0; /* not reached: the region is 8 bytes */
    }
    shift = 64 - 8 * (addr + size);

    return (FW_CFG_DMA_SIGNATURE >> shift) &
           (size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1);
}

static void fw_cfg_dma_write(void *opaque, hwaddr addr, uint64_t value,
                             unsigned size)
{
    FWCfgState *s = opaque;

    if (size == 4 && addr == 0) {
        s->dma_addr = value << 32;
    } else if (size == 4 && addr == 4) {
        s->dma_addr |= value;
        fw_cfg_dma_transfer(s);
    } else if (size == 8 && addr == 0) {
        s->dma_addr = value;
        fw_cfg_dma_transfer(s);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fw_cfg: %u-byte write at DMA register offset %" PRIu64
                      " ignored\n",
                      size, addr);
    }
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8},
    .impl = {.min_access_size = 1, .max_access_size = 8},
};

/* ---- Device ---- */

static void fw_cfg_io_realize(DeviceState *dev, Error **errp)
{
    FWCfgIoState *d = FW_CFG_IO(dev);
    FWCfgState *s = FW_CFG(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    /* No DMA register to reach it through: the ID must not offer it. */
    if (!d->dma_iobase) {
        s->dma_enabled = false;
    }
    if (!fw_cfg_common_realize(s, errp)) {
        return;
    }
    memory_region_init_io(&d->comb_iomem, OBJECT(dev), &fw_cfg_comb_ops, s,
                          "fwcfg", 2);
    sysbus_add_io(sbd, d->iobase, &d->comb_iomem);
    sysbus_init_ioports(sbd, d->iobase, 2);
    if (s->dma_enabled) {
        memory_region_init_io(&d->dma_iomem, OBJECT(dev), &fw_cfg_dma_ops, s,
                              "fwcfg.dma", 8);
        sysbus_add_io(sbd, d->dma_iobase, &d->dma_iomem);
        sysbus_init_ioports(sbd, d->dma_iobase, 8);
    }
}

static void fw_cfg_io_unrealize(DeviceState *dev)
{
    FWCfgIoState *d = FW_CFG_IO(dev);
    MemoryRegion *io = get_system_io();

    memory_region_del_subregion(io, &d->comb_iomem);
    if (FW_CFG(dev)->dma_enabled) {
        memory_region_del_subregion(io, &d->dma_iomem);
    }
    fw_cfg_common_unrealize(FW_CFG(dev));
}

static void fw_cfg_io_finalize(Object *obj)
{
    FWCfgIoState *d = FW_CFG_IO(obj);

    fw_cfg_common_unrealize(FW_CFG(obj));
    memory_region_destroy(&d->comb_iomem);
    memory_region_destroy(&d->dma_iomem);
}

static Property fw_cfg_io_properties[] = {
    DEFINE_PROP_BOOL(FW_CFG_PROP_DMA_ENABLED, FWCfgState, dma_enabled, true),
    DEFINE_PROP_UINT16(FW_CFG_PROP_FILE_SLOTS, FWCfgState, file_slots,
                       FW_CFG_FILE_SLOTS_DFLT),
    DEFINE_PROP_END_OF_LIST(),
};

static void fw_cfg_io_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = fw_cfg_io_realize;
    dc->unrealize = fw_cfg_io_unrealize;
    device_class_set_props(dc, fw_cfg_io_properties);
}

FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_FW_CFG_IO);
    FWCfgIoState *d = FW_CFG_IO(dev);

    d->iobase = iobase;
    d->dma_iobase = dma_iobase;
    FW_CFG(dev)->dma_as = dma_as;
    object_property_add_child(qdev_get_machine(), TYPE_FW_CFG, OBJECT(dev));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    return FW_CFG(dev);
}

static const TypeInfo fw_cfg_io_info = {
    .name = TYPE_FW_CFG_IO,
    .parent = TYPE_FW_CFG,
    .instance_size = sizeof(FWCfgIoState),
    .instance_finalize = fw_cfg_io_finalize,
    .class_init = fw_cfg_io_class_init,
};

static void fw_cfg_io_register_types(void)
{
    type_register_static(&fw_cfg_io_info);
}

type_init(fw_cfg_io_register_types)
