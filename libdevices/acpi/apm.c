/*
 * APM control (0xb2) and status (0xb3) ports (see devices/apm.h).  Both
 * are plain read/write bytes; the chipset's reaction to a command is the
 * owner's callback.
 */
#include "devices/apm.h"

static uint64_t apm_ioport_readb(void *opaque, hwaddr addr, unsigned size)
{
    APMState *s = opaque;

    return addr == 0 ? s->apmc : s->apms;
}

static void apm_ioport_writeb(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    APMState *s = opaque;

    if (addr == 0) {
        s->apmc = val;
        if (s->callback) {
            s->callback(val, s->arg);
        }
    } else {
        s->apms = val;
    }
}

static const MemoryRegionOps apm_ops = {
    .read = apm_ioport_readb,
    .write = apm_ioport_writeb,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

void apm_init(PCIDevice *dev, APMState *s, apm_ctrl_changed_t callback,
              void *arg)
{
    s->callback = callback;
    s->arg = arg;
    apm_reset(s);
    memory_region_init_io(&s->io, OBJECT(dev), &apm_ops, s, "apm-io", 2);
    memory_region_add_subregion(pci_address_space_io(dev), APM_CNT_IOPORT,
                                &s->io);
}

void apm_reset(APMState *s)
{
    s->apmc = 0;
    s->apms = 0;
}

void apm_destroy(PCIDevice *dev, APMState *s)
{
    memory_region_del_subregion(pci_address_space_io(dev), &s->io);
    memory_region_destroy(&s->io);
}
