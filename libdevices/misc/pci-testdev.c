/*
 * pci-testdev: QEMU's PCI test device (1b36:0005, class 00ff; QEMU
 * docs/specs/pci-testdev.rst), which guest test suites use to time and
 * check I/O exits.  BAR0 is 4 KiB of memory, BAR1 256 I/O ports, BAR2
 * (membar=SIZE, off by default) a 64-bit prefetchable memory BAR with
 * nothing behind it.
 *
 * BAR0 and BAR1 start with a PCITestDevHdr: writing n to byte 0 starts
 * test n of that BAR (else none); the header then shows the test: its
 * global number, access width (1), the offset and the byte to write
 * there, how many writes it counted, and its name.  Reads past the
 * header, and with no test running, give 0.  The tests, as QEMU 7.2
 * numbers and places them (observed through qtest):
 *
 *   0 mmio-no-eventfd          BAR0 0x800, 0xfa   3 portio-no-eventfd ...
 *   1 mmio-wildcard-eventfd    BAR0 0x801, 0xce   4 BAR1 0x84, 0xce
 *   2 mmio-datamatch-eventfd   BAR0 0x802, 0xfa   5 BAR1 0x85, 0xfa
 *                                                   (3: BAR1 0x83, 0xfa)
 *
 * The device looks at writes byte by byte: a byte at the test's offset
 * counts if it is the test's byte (any byte for the wildcard tests).
 * An "eventfd" test also arms an I/O event notifier, as QEMU's ioeventfd:
 * a one-byte write at its offset (of its byte, for datamatch) goes to the
 * notifier instead of the device and is not counted.  Under KVM that
 * write never leaves the kernel; under TCG QEMU's memory core still
 * diverts it; emu does the same.
 */
#include <string.h>

#include "machine/pci.h"
#include "machine/pci-ids.h"
#include "machine/qdev-properties.h"
#include "util/log.h"

#define TYPE_PCI_TESTDEV "pci-testdev"
OBJECT_DECLARE_SIMPLE_TYPE(PCITestDevState, PCI_TESTDEV)

#define IOTEST_MEMSIZE 2048 /* BAR0 is twice this, tests at its middle */
#define IOTEST_IOSIZE 128   /* BAR1 likewise */
#define IOTEST_HDR_SIZE 16  /* test, width, pad, offset, data, pad, count */

enum { IOTEST_MMIO, IOTEST_PORTIO, IOTEST_TYPES };

typedef struct IOTest {
    const char *name;
    int type;        /* IOTEST_MMIO or IOTEST_PORTIO */
    uint32_t offset; /* in its BAR */
    uint8_t data;
    bool eventfd;
    bool match_data; /* datamatch: only data counts; else any byte */
    uint32_t count;
} IOTest;

static const struct {
    const char *suffix;
    uint8_t data;
    bool eventfd;
    bool wildcard;
} iotest_kinds[] = {
    {"-no-eventfd", 0xfa, false, false},
    {"-wildcard-eventfd", 0xce, true, true},
    {"-datamatch-eventfd", 0xfa, true, false},
};
#define IOTESTS_PER_TYPE ((int)G_N_ELEMENTS(iotest_kinds))
#define IOTEST_MAX (IOTEST_TYPES * IOTESTS_PER_TYPE)

struct PCITestDevState {
    PCIDevice parent_obj;

    uint64_t membar_size; /* membar */

    MemoryRegion mmio;
    MemoryRegion portio;
    MemoryRegion membar;
    IOTest tests[IOTEST_MAX];
    char *names[IOTEST_MAX];
    int current; /* -1: none */
};

/* The header bytes of the running test, as a guest reads them. */
static uint8_t testdev_header_byte(PCITestDevState *d, hwaddr addr)
{
    IOTest *t;
    size_t name_len;

    if (d->current < 0) {
        return 0;
    }
    t = &d->tests[d->current];
    switch (addr) {
    case 0:
        return d->current;
    case 1:
        return 1; /* byte-wide writes */
    case 4 ... 7:
        return t->offset >> (8 * (addr - 4));
    case 8:
        return t->data;
    case 12 ... 15:
        return t->count >> (8 * (addr - 12));
    default:
        name_len = strlen(t->name);
        if (addr >= IOTEST_HDR_SIZE && addr < IOTEST_HDR_SIZE + name_len) {
            return t->name[addr - IOTEST_HDR_SIZE];
        }
        return 0;
    }
}

static uint64_t testdev_read(PCITestDevState *d, hwaddr addr, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)testdev_header_byte(d, addr + i) << (8 * i);
    }
    return v;
}

/* Start test n of the BAR of this type; any other number stops. */
static void testdev_start(PCITestDevState *d, int type, uint8_t n)
{
    d->current = -1;
    if (n >= IOTESTS_PER_TYPE) {
        return;
    }
    d->current = type * IOTESTS_PER_TYPE + n;
    d->tests[d->current].count = 0;
}

static void testdev_byte_write(PCITestDevState *d, int type, hwaddr addr,
                               uint8_t val)
{
    IOTest *t;

    if (addr == 0) {
        testdev_start(d, type, val);
        return;
    }
    if (d->current < 0) {
        return;
    }
    t = &d->tests[d->current];
    if (t->type != type || addr != t->offset) {
        return;
    }
    if (t->match_data && val != t->data) {
        return;
    }
    t->count++;
}

static void testdev_write(PCITestDevState *d, int type, hwaddr addr,
                          uint64_t val, unsigned size)
{
    IOTest *t = d->current >= 0 ? &d->tests[d->current] : NULL;

    /* The running test's notifier sees one-byte writes first. */
    if (t && t->eventfd && t->type == type && size == 1 && addr == t->offset &&
        (!t->match_data || (uint8_t)val == t->data)) {
        /* Nobody listens to the notifier: the write just ends there. */
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        testdev_byte_write(d, type, addr + i, val >> (8 * i));
    }
}

static uint64_t testdev_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return testdev_read(opaque, addr, size);
}

static void testdev_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    testdev_write(opaque, IOTEST_MMIO, addr, val, size);
}

static uint64_t testdev_pio_read(void *opaque, hwaddr addr, unsigned size)
{
    return testdev_read(opaque, addr, size);
}

static void testdev_pio_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    testdev_write(opaque, IOTEST_PORTIO, addr, val, size);
}

static const MemoryRegionOps testdev_mmio_ops = {
    .read = testdev_mmio_read,
    .write = testdev_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static const MemoryRegionOps testdev_pio_ops = {
    .read = testdev_pio_read,
    .write = testdev_pio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

static void testdev_init_tests(PCITestDevState *d)
{
    static const char *const prefix[IOTEST_TYPES] = {"mmio", "portio"};
    static const uint32_t base[IOTEST_TYPES] = {IOTEST_MEMSIZE, IOTEST_IOSIZE};

    for (int i = 0; i < IOTEST_MAX; i++) {
        int type = i / IOTESTS_PER_TYPE;
        int kind = i % IOTESTS_PER_TYPE;
        IOTest *t = &d->tests[i];

        g_free(d->names[i]);
        d->names[i] =
            g_strconcat(prefix[type], iotest_kinds[kind].suffix, NULL);
        t->name = d->names[i];
        t->type = type;
        /* QEMU places test i at the BAR's middle plus i. */
        t->offset = base[type] + i;
        t->data = iotest_kinds[kind].data;
        t->eventfd = iotest_kinds[kind].eventfd;
        t->match_data = !iotest_kinds[kind].wildcard;
        t->count = 0;
    }
}

static void testdev_realize(PCIDevice *pdev, Error **errp)
{
    PCITestDevState *d = PCI_TESTDEV(pdev);
    Object *obj = OBJECT(pdev);

    if (d->membar_size && (d->membar_size & (d->membar_size - 1))) {
        error_setg(errp, "membar %" PRIu64 " is not a power of 2",
                   d->membar_size);
        return;
    }
    if (d->membar_size && d->membar_size < 16) {
        error_setg(errp, "membar %" PRIu64 " is below 16 bytes",
                   d->membar_size);
        return;
    }
    testdev_init_tests(d);
    d->current = -1;
    memory_region_init_io(&d->mmio, obj, &testdev_mmio_ops, d,
                          "pci-testdev-mmio", IOTEST_MEMSIZE * 2);
    memory_region_init_io(&d->portio, obj, &testdev_pio_ops, d,
                          "pci-testdev-portio", IOTEST_IOSIZE * 2);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &d->mmio);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_IO, &d->portio);
    if (d->membar_size) {
        /* No backing: the guest sizes and places it, accesses go nowhere. */
        memory_region_init(&d->membar, obj, "pci-testdev-membar",
                           d->membar_size);
        pci_register_bar(pdev, 2,
                         PCI_BASE_ADDRESS_SPACE_MEMORY |
                             PCI_BASE_ADDRESS_MEM_PREFETCH |
                             PCI_BASE_ADDRESS_MEM_TYPE_64,
                         &d->membar);
    }
}

static void testdev_reset(DeviceState *dev)
{
    PCITestDevState *d = PCI_TESTDEV(dev);
    PCIDevice *pci = PCI_DEVICE(dev);

    /*
     * The PCI core resets the header.  Past it the function has no
     * registers, only bytes the guest may write (0 at power-on).
     */
    memset(pci->config + PCI_CONFIG_HEADER_SIZE, 0,
           pci->config_size - PCI_CONFIG_HEADER_SIZE);
    d->current = -1;
    for (int i = 0; i < IOTEST_MAX; i++) {
        d->tests[i].count = 0;
    }
}

static void testdev_finalize(Object *obj)
{
    PCITestDevState *d = PCI_TESTDEV(obj);

    memory_region_destroy(&d->mmio);
    memory_region_destroy(&d->portio);
    memory_region_destroy(&d->membar);
    for (int i = 0; i < IOTEST_MAX; i++) {
        g_free(d->names[i]);
    }
}

static Property testdev_properties[] = {
    DEFINE_PROP_SIZE("membar", PCITestDevState, membar_size, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void testdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = testdev_realize;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_TEST;
    k->revision = 0;
    k->class_id = PCI_CLASS_OTHERS;
    dc->desc = "PCI Test Device";
    dc->reset = testdev_reset;
    device_class_set_props(dc, testdev_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo testdev_info = {
    .name = TYPE_PCI_TESTDEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCITestDevState),
    .instance_finalize = testdev_finalize,
    .class_init = testdev_class_init,
    .interfaces =
        (InterfaceInfo[]){
            {INTERFACE_CONVENTIONAL_PCI_DEVICE},
            {},
        },
};

static void testdev_register_types(void)
{
    type_register_static(&testdev_info);
}

type_init(testdev_register_types)
