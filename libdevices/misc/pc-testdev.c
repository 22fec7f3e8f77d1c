/*
 * pc-testdev: QEMU's ISA test device for guest-side test suites
 * (kvm-unit-tests), with the ports and answers QEMU 7.2 gives (observed
 * through qtest; own code):
 *
 *   0xe0-0xe3   "pc-testdev-ioport": a 32-bit latch, read and written at
 *               any width and offset (bytes merge into it).
 *   0xe4-0xe7   "pc-testdev-flush-page": a 32-bit write names a guest
 *               page whose cached translations the host should drop.
 *               emu has no TLB or shadow mappings yet, so there is
 *               nothing to drop: the write is taken and does nothing.
 *               Reads give 0.
 *   0xe8-0xeb   "pc-testdev-ioport-byte": the same latch, by bytes.
 *   0x2000-0x2017  "pc-testdev-irq-line": writing byte n sets ISA IRQ n
 *               to (value != 0); wider writes set one line per byte.
 *               Reads give 0.  QEMU aborts on 0x2010-0x2017 (the ISA bus
 *               has 16 lines); emu logs the write and ignores it.
 *   0xff000000  "pc-testdev-iomem": 64 KiB of memory in the ISA (PCI)
 *               memory space, any access width.
 *
 * As in QEMU, a system reset keeps the latch and the memory (scratch
 * storage for the guest, like RAM).  Unlike QEMU 7.2, it lowers the IRQ
 * lines the device raised: nothing drives them after a reset.
 */
#include <string.h>

#include "machine/isa.h"
#include "util/log.h"

#define TYPE_PC_TESTDEV "pc-testdev"
OBJECT_DECLARE_SIMPLE_TYPE(PCTestdevState, PC_TESTDEV)

#define PC_TESTDEV_IOPORT 0xe0
#define PC_TESTDEV_FLUSH_PAGE 0xe4
#define PC_TESTDEV_IOPORT_BYTE 0xe8
#define PC_TESTDEV_IRQ_LINE 0x2000
#define PC_TESTDEV_IRQ_LINES 24
#define PC_TESTDEV_IOMEM 0xff000000
#define PC_TESTDEV_IOMEM_LEN 0x10000

struct PCTestdevState {
    ISADevice parent_obj;

    uint32_t ioport_data;
    uint8_t *iomem_buf;
    uint16_t irq_levels; /* the ISA lines it holds high */

    MemoryRegion ioport;
    MemoryRegion ioport_byte;
    MemoryRegion flush;
    MemoryRegion irq;
    MemoryRegion iomem;
};

/* ---- The latch (0xe0 and 0xe8) ---- */

static uint64_t testdev_latch_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *d = opaque;
    uint64_t v = d->ioport_data >> (8 * addr);

    return size >= 4 ? v : v & ((1ULL << (8 * size)) - 1);
}

static void testdev_latch_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCTestdevState *d = opaque;

    for (unsigned i = 0; i < size && addr + i < 4; i++) {
        unsigned shift = 8 * (addr + i);

        d->ioport_data = (d->ioport_data & ~(0xffu << shift)) |
                         (uint32_t)((val >> (8 * i)) & 0xff) << shift;
    }
}

static const MemoryRegionOps testdev_latch_ops = {
    .read = testdev_latch_read,
    .write = testdev_latch_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4, .unaligned = true},
};

/* ---- Flush page (0xe4) ---- */

static uint64_t testdev_flush_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void testdev_flush_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    /*
     * QEMU re-protects the page's host mapping so that KVM drops its
     * translations.  emu caches no guest translation: nothing to do.
     */
}

static const MemoryRegionOps testdev_flush_ops = {
    .read = testdev_flush_read,
    .write = testdev_flush_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* ---- IRQ lines (0x2000) ---- */

static uint64_t testdev_irq_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void testdev_irq_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PCTestdevState *d = opaque;

    if (addr >= ISA_NUM_IRQS) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "pc-testdev: write to line %" PRIu64
                      ": the ISA bus has %d IRQs\n",
                      addr, ISA_NUM_IRQS);
        return;
    }
    d->irq_levels = (d->irq_levels & ~(1u << addr)) | (val != 0) << addr;
    qemu_set_irq(isa_get_irq(ISA_DEVICE(d), addr), val != 0);
}

static const MemoryRegionOps testdev_irq_ops = {
    .read = testdev_irq_read,
    .write = testdev_irq_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    /* One line per byte. */
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- Memory (0xff000000) ---- */

static uint64_t testdev_iomem_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *d = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size && addr + i < PC_TESTDEV_IOMEM_LEN; i++) {
        v |= (uint64_t)d->iomem_buf[addr + i] << (8 * i);
    }
    return v;
}

static void testdev_iomem_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCTestdevState *d = opaque;

    for (unsigned i = 0; i < size && addr + i < PC_TESTDEV_IOMEM_LEN; i++) {
        d->iomem_buf[addr + i] = val >> (8 * i);
    }
}

static const MemoryRegionOps testdev_iomem_ops = {
    .read = testdev_iomem_read,
    .write = testdev_iomem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 8, .unaligned = true},
};

/* ---- Device ---- */

static void testdev_realize(DeviceState *dev, Error **errp)
{
    PCTestdevState *d = PC_TESTDEV(dev);
    ISADevice *isa = ISA_DEVICE(dev);
    Object *obj = OBJECT(dev);

    d->iomem_buf = g_malloc0(PC_TESTDEV_IOMEM_LEN);
    /* Scratch storage, kept over a reset (see above). */
    qdev_declare_persistent(dev, &d->ioport_data, sizeof(d->ioport_data));
    memory_region_init_io(&d->ioport, obj, &testdev_latch_ops, d,
                          "pc-testdev-ioport", 4);
    memory_region_init_io(&d->ioport_byte, obj, &testdev_latch_ops, d,
                          "pc-testdev-ioport-byte", 4);
    memory_region_init_io(&d->flush, obj, &testdev_flush_ops, d,
                          "pc-testdev-flush-page", 4);
    memory_region_init_io(&d->irq, obj, &testdev_irq_ops, d,
                          "pc-testdev-irq-line", PC_TESTDEV_IRQ_LINES);
    memory_region_init_io(&d->iomem, obj, &testdev_iomem_ops, d,
                          "pc-testdev-iomem", PC_TESTDEV_IOMEM_LEN);
    isa_register_ioport(isa, &d->ioport, PC_TESTDEV_IOPORT);
    isa_register_ioport(isa, &d->ioport_byte, PC_TESTDEV_IOPORT_BYTE);
    isa_register_ioport(isa, &d->flush, PC_TESTDEV_FLUSH_PAGE);
    isa_register_ioport(isa, &d->irq, PC_TESTDEV_IRQ_LINE);
    memory_region_add_subregion(isa_address_space(isa), PC_TESTDEV_IOMEM,
                                &d->iomem);
}

static void testdev_reset(DeviceState *dev)
{
    PCTestdevState *d = PC_TESTDEV(dev);

    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        if (d->irq_levels & (1u << i)) {
            qemu_set_irq(isa_get_irq(ISA_DEVICE(d), i), 0);
        }
    }
    d->irq_levels = 0;
}

static void testdev_finalize(Object *obj)
{
    PCTestdevState *d = PC_TESTDEV(obj);

    memory_region_destroy(&d->ioport);
    memory_region_destroy(&d->ioport_byte);
    memory_region_destroy(&d->flush);
    memory_region_destroy(&d->irq);
    memory_region_destroy(&d->iomem);
    g_free(d->iomem_buf);
}

static void testdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = testdev_realize;
    dc->reset = testdev_reset;
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo testdev_info = {
    .name = TYPE_PC_TESTDEV,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PCTestdevState),
    .instance_finalize = testdev_finalize,
    .class_init = testdev_class_init,
};

static void testdev_register_types(void)
{
    type_register_static(&testdev_info);
}

type_init(testdev_register_types)
