/*
 * Unit tests for the configuration space: read-only IDs, writable and
 * write-1-to-clear bits, type 0 and type 1 headers, the BAR sizing
 * protocol, BAR mapping as the guest enables decoding and moves BARs
 * (checked through the address spaces), 64-bit BARs, the expansion ROM,
 * PCI reset, and the config hooks.  Expected values follow the PCI Local
 * Bus Specification 3.0 chapter 6 and what QEMU 7.2 shows a guest.
 */
#include <glib/gstdio.h>

#include "pci-test.h"

static PCIDevice *add_dev(int devfn)
{
    return pci_test_add(test_bus, TYPE_TEST_DEV, devfn, false, &error_abort);
}

static void test_ids_read_only(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    int fn = d->devfn;

    assert_int_equal(cfg_read(fn, PCI_VENDOR_ID, 4), 0x00051b36);
    assert_int_equal(cfg_read(fn, PCI_CLASS_REVISION, 4), 0x00ff0002);
    /* QEMU's subsystem IDs when the class gives none. */
    assert_int_equal(cfg_read(fn, PCI_SUBSYSTEM_VENDOR_ID, 4), 0x11001af4);

    cfg_write(fn, PCI_VENDOR_ID, 0xffffffff, 4);
    cfg_write(fn, PCI_CLASS_REVISION, 0xffffffff, 4);
    cfg_write(fn, PCI_SUBSYSTEM_VENDOR_ID, 0, 4);
    cfg_write(fn, PCI_INTERRUPT_PIN, 4, 1);
    assert_int_equal(cfg_read(fn, PCI_VENDOR_ID, 4), 0x00051b36);
    assert_int_equal(cfg_read(fn, PCI_CLASS_REVISION, 4), 0x00ff0002);
    assert_int_equal(cfg_read(fn, PCI_SUBSYSTEM_VENDOR_ID, 4), 0x11001af4);
    assert_int_equal(cfg_read(fn, PCI_INTERRUPT_PIN, 1), 1);

    d = pci_test_add(test_bus, TYPE_TEST_SUBSYS, PCI_DEVFN(4, 0), false,
                     &error_abort);
    assert_int_equal(cfg_read(d->devfn, PCI_SUBSYSTEM_VENDOR_ID, 4),
                     0x00421af4);
    assert_int_equal(cfg_read(d->devfn, PCI_INTERRUPT_PIN, 1), 2);
}

/* Command: I/O, memory, master, SERR#, INTx disable are writable. */
static void test_command_mask(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));

    cfg_write(d->devfn, PCI_COMMAND, 0xffff, 2);
    assert_int_equal(cfg_read(d->devfn, PCI_COMMAND, 2), 0x0507);
    /* The high byte alone (Interrupt Disable lives there). */
    cfg_write(d->devfn, PCI_COMMAND + 1, 0x00, 1);
    assert_int_equal(cfg_read(d->devfn, PCI_COMMAND, 2), 0x0007);
    cfg_write(d->devfn, PCI_COMMAND, 0, 2);
    assert_int_equal(cfg_read(d->devfn, PCI_COMMAND, 2), 0);
}

/* Status error bits are cleared by writing 1 to them, one at a time. */
static void test_status_w1c(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    uint16_t errors = PCI_STATUS_REC_MASTER_ABORT | PCI_STATUS_PARITY |
                      PCI_STATUS_DETECTED_PARITY;

    pci_word_test_and_set_mask(d->config + PCI_STATUS,
                               errors | PCI_STATUS_66MHZ);
    cfg_write(d->devfn, PCI_STATUS, 0, 2);
    assert_int_equal(cfg_read(d->devfn, PCI_STATUS, 2),
                     errors | PCI_STATUS_66MHZ);
    cfg_write(d->devfn, PCI_STATUS, PCI_STATUS_REC_MASTER_ABORT, 2);
    assert_int_equal(cfg_read(d->devfn, PCI_STATUS, 2),
                     PCI_STATUS_PARITY | PCI_STATUS_DETECTED_PARITY |
                         PCI_STATUS_66MHZ);
    /* All-ones clears every error bit; the others are read-only. */
    cfg_write(d->devfn, PCI_STATUS, 0xffff, 2);
    assert_int_equal(cfg_read(d->devfn, PCI_STATUS, 2), PCI_STATUS_66MHZ);
    assert_int_equal(pci_get_word(d->w1cmask + PCI_STATUS), 0xf900);
}

/* The other registers of the type 0 header, as QEMU 7.2 shows them. */
static void test_type0_header_masks(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 0),
                                false, &error_abort);
    int fn = d->devfn;

    /* Cache line size writable; latency timer, header type, BIST not. */
    cfg_write(fn, PCI_CACHE_LINE_SIZE, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_CACHE_LINE_SIZE, 4), 0x000000ff);
    /* Interrupt line writable, pin and min/max latency not. */
    cfg_write(fn, PCI_INTERRUPT_LINE, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_INTERRUPT_LINE, 4), 0x000000ff);
    /* Unimplemented BARs and ROM read as zero. */
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    cfg_write(fn, PCI_ROM_ADDRESS, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0);
    assert_int_equal(cfg_read(fn, PCI_ROM_ADDRESS, 4), 0);
    /* The device-specific area is plain storage by default. */
    cfg_write(fn, 0x40, 0xdeadbeef, 4);
    cfg_write(fn, 0xfe, 0x1234, 2);
    assert_int_equal(cfg_read(fn, 0x40, 4), 0xdeadbeef);
    assert_int_equal(cfg_read(fn, 0xfe, 2), 0x1234);
    assert_int_equal(cfg_read(fn, 0x41, 2), 0xadbe);
}

/* Type 1 header: bridge spec 3.2, with QEMU 7.2's values. */
static void test_type1_header_masks(void **state)
{
    PCIDevice *b = pci_test_add(test_bus, TYPE_TEST_BRIDGE, PCI_DEVFN(4, 0),
                                false, &error_abort);
    int fn = b->devfn;

    assert_int_equal(cfg_read(fn, PCI_HEADER_TYPE, 1), 0x01);
    assert_int_equal(cfg_read(fn, PCI_CLASS_DEVICE, 2), 0x0604);
    /* No subsystem IDs: 0x2c is the prefetchable limit's upper half. */
    assert_int_equal(cfg_read(fn, PCI_PREF_LIMIT_UPPER32, 4), 0);

    cfg_write(fn, PCI_PRIMARY_BUS, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_PRIMARY_BUS, 4), 0xffffffff);
    assert_int_equal(cfg_read(fn, PCI_IO_BASE, 2), 0x0000);
    cfg_write(fn, PCI_IO_BASE, 0xffff, 2);
    assert_int_equal(cfg_read(fn, PCI_IO_BASE, 2), 0xf0f0);
    cfg_write(fn, PCI_MEMORY_BASE, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_MEMORY_BASE, 4), 0xfff0fff0);
    /* Prefetchable window: 64-bit type bits, read-only. */
    assert_int_equal(cfg_read(fn, PCI_PREF_MEMORY_BASE, 4), 0x00010001);
    cfg_write(fn, PCI_PREF_MEMORY_BASE, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_PREF_MEMORY_BASE, 4), 0xfff1fff1);
    cfg_write(fn, PCI_PREF_BASE_UPPER32, 0xffffffff, 4);
    cfg_write(fn, PCI_PREF_LIMIT_UPPER32, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_PREF_BASE_UPPER32, 4), 0xffffffff);
    assert_int_equal(cfg_read(fn, PCI_PREF_LIMIT_UPPER32, 4), 0xffffffff);
    /* 16-bit I/O decoding only: no upper 16 bits. */
    cfg_write(fn, PCI_IO_BASE_UPPER16, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_IO_BASE_UPPER16, 4), 0);
    /* Bridge control 0x0bff (bit 10 is write-1-to-clear), line RW. */
    cfg_write(fn, PCI_INTERRUPT_LINE, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_INTERRUPT_LINE, 4), 0x0bff01ff);
    /* Two BARs at most; 0x18 onwards are the bus numbers. */
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0);
    assert_int_equal(cfg_read(fn, PCI_ROM_ADDRESS1, 4), 0);
}

/*
 * Sizing (PCI 3.0 6.2.5.1): after writing all-ones a BAR reads back the
 * size mask with its read-only type bits.
 */
static void test_bar_sizing(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    int fn = d->devfn;

    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0x00000000);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_1, 4), 0x00000001);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_2, 4), 0x0000000c);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_3, 4), 0x00000000);

    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_1, 0xffffffff, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_2, 0xffffffff, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_3, 0xffffffff, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_4, 0xffffffff, 4);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0xfffff000);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_1, 4), 0xffffffe1);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_2, 4), 0xffffc00c);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_3, 4), 0xffffffff);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_4, 4), 0x00000000);

    /* Writing 0 leaves the type bits. */
    cfg_write(fn, PCI_BASE_ADDRESS_1, 0, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_2, 0, 4);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_1, 4), 0x00000001);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_2, 4), 0x0000000c);
}

/* A device with a 64-bit BAR larger than 4 GiB sizes across both halves. */
#define TYPE_TEST_BIGBAR "test-pci-bigbar"

typedef struct BigBarDev {
    PCIDevice parent_obj;
    MemoryRegion big;
} BigBarDev;

static void bigbar_realize(PCIDevice *pdev, Error **errp)
{
    BigBarDev *s = (BigBarDev *)pdev;

    /* A container decodes nothing but can be that large. */
    memory_region_init(&s->big, OBJECT(s), "bigbar", 8ULL << 30);
    pci_register_bar(
        pdev, 4, PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_64,
        &s->big);
}

static void bigbar_exit(PCIDevice *pdev)
{
    memory_region_destroy(&((BigBarDev *)pdev)->big);
}

static void bigbar_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = bigbar_realize;
    k->exit = bigbar_exit;
    k->vendor_id = 0x1234;
    k->device_id = 0x1111;
}

static const TypeInfo bigbar_info = {
    .name = TYPE_TEST_BIGBAR,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(BigBarDev),
    .class_init = bigbar_class_init,
};

static void register_bigbar(void)
{
    type_register_static(&bigbar_info);
}

type_init(register_bigbar)

    static void test_bar_sizing_64bit_large(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_BIGBAR, PCI_DEVFN(3, 0),
                                false, &error_abort);

    assert_int_equal(cfg_read(d->devfn, PCI_BASE_ADDRESS_4, 4), 0x4);
    cfg_write(d->devfn, PCI_BASE_ADDRESS_4, 0xffffffff, 4);
    cfg_write(d->devfn, PCI_BASE_ADDRESS_5, 0xffffffff, 4);
    assert_int_equal(cfg_read(d->devfn, PCI_BASE_ADDRESS_4, 4), 0x00000004);
    assert_int_equal(cfg_read(d->devfn, PCI_BASE_ADDRESS_5, 4), 0xfffffffe);
}

/* BARs map where the guest puts them, once it enables decoding. */
static void test_bar_mapping(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    TestPCIDev *s = (TestPCIDev *)d;
    int fn = d->devfn;

    s->regs[1] = 0x11223344;
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xfebf0000, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_1, 0xc040, 4);
    /* Not decoding yet. */
    assert_int_equal(mem_readl(0xfebf0004), 0xffffffff);
    assert_int_equal(io_in(0xc044, 4), 0xffffffff);
    assert_int_equal(pci_get_bar_addr(d, 0), PCI_BAR_UNMAPPED);

    cfg_write(fn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    assert_int_equal(mem_readl(0xfebf0004), 0x11223344);
    assert_int_equal(pci_get_bar_addr(d, 0), 0xfebf0000);
    /* Memory decode does not enable the I/O BAR. */
    assert_int_equal(io_in(0xc044, 4), 0xffffffff);

    cfg_write(fn, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO, 2);
    assert_int_equal(io_in(0xc044, 4), 0x11223344);
    io_out(0xc048, 0xcafe, 4);
    assert_int_equal(s->regs[2], 0xcafe);
    assert_int_equal(pci_get_bar_addr(d, 1), 0xc040);

    /* Decoding off again: gone. */
    cfg_write(fn, PCI_COMMAND, 0, 2);
    assert_int_equal(mem_readl(0xfebf0004), 0xffffffff);
    assert_int_equal(io_in(0xc044, 4), 0xffffffff);
    assert_false(memory_region_is_mapped(&s->mmio));
}

/* Moving a BAR while decoding moves the mapping at once. */
static void test_bar_remap(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    TestPCIDev *s = (TestPCIDev *)d;
    int fn = d->devfn;

    s->regs[0] = 0xabcd0000;
    cfg_write(fn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xfebf0000, 4);
    assert_int_equal(mem_readl(0xfebf0000), 0xabcd0000);

    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xfe000000, 4);
    assert_int_equal(mem_readl(0xfebf0000), 0xffffffff);
    assert_int_equal(mem_readl(0xfe000000), 0xabcd0000);

    /* Low bits below the size are hardwired to zero. */
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xfe001234, 4);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0xfe001000);
    assert_int_equal(mem_readl(0xfe001000), 0xabcd0000);

    /* Sizing with decode on: all-ones is not an address, 0 is none. */
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    assert_int_equal(pci_get_bar_addr(d, 0), PCI_BAR_UNMAPPED);
    cfg_write(fn, PCI_BASE_ADDRESS_0, 0, 4);
    assert_int_equal(pci_get_bar_addr(d, 0), PCI_BAR_UNMAPPED);
    assert_int_equal(mem_readl(0), 0xffffffff);
}

/* Two devices' BARs may overlap: the later mapping wins, nothing breaks. */
static void test_bar_overlap_allowed(void **state)
{
    PCIDevice *a = add_dev(PCI_DEVFN(3, 0));
    PCIDevice *b = add_dev(PCI_DEVFN(4, 0));

    ((TestPCIDev *)a)->regs[0] = 0xaaaaaaaa;
    ((TestPCIDev *)b)->regs[0] = 0xbbbbbbbb;
    cfg_write(a->devfn, PCI_BASE_ADDRESS_0, 0xfeb00000, 4);
    cfg_write(b->devfn, PCI_BASE_ADDRESS_0, 0xfeb00000, 4);
    cfg_write(a->devfn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    cfg_write(b->devfn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    assert_int_equal(mem_readl(0xfeb00000), 0xbbbbbbbb);
    cfg_write(b->devfn, PCI_BASE_ADDRESS_0, 0xfeb10000, 4);
    assert_int_equal(mem_readl(0xfeb00000), 0xaaaaaaaa);
    assert_int_equal(mem_readl(0xfeb10000), 0xbbbbbbbb);
}

/* A 64-bit BAR uses both dwords; writing either remaps. */
static void test_bar_64bit_mapping(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    TestPCIDev *s = (TestPCIDev *)d;
    int fn = d->devfn;

    s->regs[3] = 0x64646464;
    cfg_write(fn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    cfg_write(fn, PCI_BASE_ADDRESS_2, 0x00004000, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_3, 0x00000008, 4);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_2, 4), 0x0000400c);
    assert_int_equal(pci_get_bar_addr(d, 2), 0x800004000ULL);
    assert_int_equal(mem_readl(0x80000400cULL), 0x64646464);

    /* The upper half alone moves it. */
    cfg_write(fn, PCI_BASE_ADDRESS_3, 0x00000009, 4);
    assert_int_equal(mem_readl(0x80000400cULL), 0xffffffff);
    assert_int_equal(mem_readl(0x90000400cULL), 0x64646464);
    /* Below 4 GiB is fine for a 64-bit BAR too. */
    cfg_write(fn, PCI_BASE_ADDRESS_3, 0, 4);
    assert_int_equal(mem_readl(0x400c), 0x64646464);
    /* The upper half is not a BAR of its own. */
    assert_int_equal(d->io_regions[3].size, 0);
}

/* The expansion ROM: file, sizing, the enable bit, QEMU's errors. */
static void test_rom_bar(void **state)
{
    g_autofree char *path = NULL;
    uint8_t image[3000];
    uint8_t buf[4];
    PCIDevice *d;
    const char *props[5];
    int fd, i;

    for (i = 0; i < (int)sizeof(image); i++) {
        image[i] = i & 0xff;
    }
    image[0] = 0x55;
    image[1] = 0xaa;
    fd = g_file_open_tmp("emu-pci-rom-XXXXXX", &path, NULL);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, image, sizeof(image)), sizeof(image));
    close(fd);

    props[0] = "addr";
    props[1] = "5";
    props[2] = "romfile";
    props[3] = path;
    props[4] = NULL;
    d = PCI_DEVICE(
        qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &error_abort));
    object_unref(OBJECT(d));
    assert_true(d->has_rom);
    /* 3000 bytes round up to 4 KiB. */
    assert_int_equal(d->romsize, 4096);
    cfg_write(d->devfn, PCI_ROM_ADDRESS, 0xffffffff, 4);
    assert_int_equal(cfg_read(d->devfn, PCI_ROM_ADDRESS, 4), 0xfffff001);

    cfg_write(d->devfn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    cfg_write(d->devfn, PCI_ROM_ADDRESS, 0xfeb40000, 4);
    assert_int_equal(pci_get_bar_addr(d, PCI_ROM_SLOT), PCI_BAR_UNMAPPED);
    cfg_write(d->devfn, PCI_ROM_ADDRESS, 0xfeb40001, 4);
    assert_int_equal(pci_get_bar_addr(d, PCI_ROM_SLOT), 0xfeb40000);
    address_space_read(&address_space_memory, 0xfeb40000, ATTRS, buf, 4);
    assert_int_equal(buf[0], 0x55);
    assert_int_equal(buf[1], 0xaa);
    assert_int_equal(buf[2], 2);
    assert_int_equal(buf[3], 3);
    /* Read-only. */
    buf[0] = 0;
    address_space_write(&address_space_memory, 0xfeb40000, ATTRS, buf, 1);
    assert_int_equal(mem_readl(0xfeb40000) & 0xffff, 0xaa55);
    /* Past the file: zeros, up to the ROM size. */
    assert_int_equal(mem_readl(0xfeb40ffc), 0);
    cfg_write(d->devfn, PCI_ROM_ADDRESS, 0xfeb40000, 4);
    assert_int_equal(mem_readl(0xfeb40000), 0xffffffff);

    g_unlink(path);
}

static void test_rom_errors(void **state)
{
    g_autofree char *path = NULL, *empty = NULL, *want = NULL;
    const char *props[7] = {"romfile", NULL, NULL};
    Error *err = NULL;
    char data[3000] = {0};
    int fd;

    fd = g_file_open_tmp("emu-pci-rom-XXXXXX", &path, NULL);
    assert_int_equal(write(fd, data, sizeof(data)), sizeof(data));
    close(fd);
    fd = g_file_open_tmp("emu-pci-rom-XXXXXX", &empty, NULL);
    close(fd);

    props[1] = "/nonexistent/emu.rom";
    assert_null(qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &err));
    assert_error(err, "failed to find romfile \"/nonexistent/emu.rom\"");

    props[1] = empty;
    assert_null(qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &err));
    want = g_strdup_printf("romfile \"%s\" is empty", empty);
    assert_error(err, want);
    g_free(want);

    props[1] = path;
    props[2] = "romsize";
    props[3] = "2048";
    props[4] = NULL;
    assert_null(qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &err));
    want = g_strdup_printf("romfile \"%s\" (3000 bytes) is too large for ROM "
                           "size 2048",
                           path);
    assert_error(err, want);
    g_free(want);
    want = NULL;

    props[3] = "3000";
    assert_null(qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &err));
    assert_error(err, "ROM size 3000 is not a power of two");

    /* An explicit power-of-two size larger than the file is kept. */
    props[3] = "65536";
    props[4] = "addr";
    props[5] = "6";
    props[6] = NULL;
    {
        DeviceState *dev = qdev_device_add_from_props(TYPE_TEST_DEV, NULL,
                                                      props, &error_abort);

        assert_int_equal(PCI_DEVICE(dev)->romsize, 65536);
        cfg_write(PCI_DEVFN(6, 0), PCI_ROM_ADDRESS, 0xffffffff, 4);
        assert_int_equal(cfg_read(PCI_DEVFN(6, 0), PCI_ROM_ADDRESS, 4),
                         0xffff0001);
        object_unref(OBJECT(dev));
    }

    props[2] = "rombar";
    props[3] = "0";
    props[4] = NULL;
    assert_null(qdev_device_add_from_props(TYPE_TEST_DEV, NULL, props, &err));
    want = g_strdup_printf("romfile \"%s\" with rombar=0 (an option ROM loaded "
                           "by the firmware) is not supported yet",
                           path);
    assert_error(err, want);

    /* Failures left no device behind on the bus. */
    assert_int_equal(BUS(test_bus)->num_children, 1);
    g_unlink(path);
    g_unlink(empty);
}

/* RST#: registers back to power-on values, BARs unmapped, INTx down. */
static void test_reset(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    int fn = d->devfn;

    cfg_write(fn, PCI_BASE_ADDRESS_0, 0xfebf0000, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_2, 0x10000000, 4);
    cfg_write(fn, PCI_BASE_ADDRESS_3, 0x1, 4);
    cfg_write(fn, PCI_COMMAND, 0x0507, 2);
    cfg_write(fn, PCI_CACHE_LINE_SIZE, 0x10, 1);
    cfg_write(fn, PCI_INTERRUPT_LINE, 11, 1);
    cfg_write(fn, 0x44, 0x12345678, 4);
    d->config[PCI_STATUS + 1] |= PCI_STATUS_REC_MASTER_ABORT >> 8;
    cfg_write(fn, PCI_COMMAND, 0x0107, 2);
    pci_irq_assert(d);
    assert_int_equal(irq_level[(0 + 3) % 4], 1);
    assert_true(memory_region_is_mapped(&((TestPCIDev *)d)->mmio));

    bus_cold_reset(BUS(test_bus));

    assert_int_equal(cfg_read(fn, PCI_COMMAND, 2), 0);
    assert_int_equal(cfg_read(fn, PCI_STATUS, 2), 0);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_0, 4), 0);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_1, 4), 1);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_2, 4), 0xc);
    assert_int_equal(cfg_read(fn, PCI_BASE_ADDRESS_3, 4), 0);
    assert_int_equal(cfg_read(fn, PCI_CACHE_LINE_SIZE, 1), 0);
    assert_int_equal(cfg_read(fn, PCI_INTERRUPT_LINE, 1), 0);
    assert_int_equal(cfg_read(fn, PCI_INTERRUPT_PIN, 1), 1);
    assert_int_equal(irq_level[3], 0);
    assert_false(memory_region_is_mapped(&((TestPCIDev *)d)->mmio));
    assert_int_equal(mem_readl(0xfebf0000), 0xffffffff);
    /* Device-specific registers are the device's business. */
    assert_int_equal(cfg_read(fn, 0x44, 4), 0x12345678);
}

/* A class config_write hook sees guest writes and chains the default. */
static void test_config_hooks(void **state)
{
    PCIDevice *d = add_dev(PCI_DEVFN(3, 0));
    TestPCIDev *s = (TestPCIDev *)d;

    cfg_write(d->devfn, 0x40, 0x77, 1);
    cfg_write(d->devfn, 0x44, 0x77, 1);
    assert_int_equal(s->vendor_writes, 1);
    assert_int_equal(cfg_read(d->devfn, 0x40, 1), 0x77);
    assert_ptr_equal(d->config_read, pci_default_read_config);
}

/* A PCI Express function has 4 KiB; mechanism #1 reaches 256 bytes. */
static void test_pcie_config_size(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_PCIE, PCI_DEVFN(7, 0),
                                false, &error_abort);

    assert_true(pci_is_express(d));
    assert_int_equal(pci_config_size(d), PCIE_CONFIG_SPACE_SIZE);
    assert_int_equal(d->wmask[0xfff], 0xff);
    pci_default_write_config(d, 0x100, 0x11223344, 4);
    assert_int_equal(pci_default_read_config(d, 0x100, 4), 0x11223344);
    /* The host accessors cut at the limit they are given. */
    assert_int_equal(pci_host_config_read_common(d, 0x100, 0x100, 4),
                     0xffffffff);
    assert_int_equal(pci_host_config_read_common(d, 0xfe, 0x100, 4),
                     pci_default_read_config(d, 0xfe, 2));
    assert_int_equal(pci_host_config_read_common(d, 0x100, 0x1000, 4),
                     0x11223344);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pci_unit_test(test_ids_read_only),
        pci_unit_test(test_command_mask),
        pci_unit_test(test_status_w1c),
        pci_unit_test(test_type0_header_masks),
        pci_unit_test(test_type1_header_masks),
        pci_unit_test(test_bar_sizing),
        pci_unit_test(test_bar_sizing_64bit_large),
        pci_unit_test(test_bar_mapping),
        pci_unit_test(test_bar_remap),
        pci_unit_test(test_bar_overlap_allowed),
        pci_unit_test(test_bar_64bit_mapping),
        pci_unit_test(test_rom_bar),
        pci_unit_test(test_rom_errors),
        pci_unit_test(test_reset),
        pci_unit_test(test_config_hooks),
        pci_unit_test(test_pcie_config_size),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
