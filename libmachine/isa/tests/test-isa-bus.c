/*
 * Unit tests for the ISA bus core: the bus and its owner, I/O ports in
 * the bus's I/O space (accessed through the address space as a CPU's IN
 * and OUT are), the 16 IRQ lines, -device on the ISA bus, port I/O lists,
 * and that an unplugged device gives its ports back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "emu-test.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "util/error.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define TYPE_TEST_ISA "test-isa-dev"
#define TYPE_TEST_ISA_PORTIO "test-isa-portio"
#define TYPE_TEST_ISA_GPIO "test-isa-gpio"
#define TYPE_TEST_SB_BRIDGE "test-isa-bridge"
/* Claims the ISA bus without being an ISA device. */
#define TYPE_TEST_IMPOSTOR "test-isa-impostor"

/* ---- A UART-like device: 8 ports at iobase, one IRQ ---- */

typedef struct TestISADev {
    ISADevice parent_obj;
    MemoryRegion io;
    qemu_irq irq;
    uint32_t iobase;
    uint32_t isairq;
    uint8_t regs[8];
} TestISADev;

static int finalized;

static uint64_t tisa_read(void *opaque, hwaddr addr, unsigned size)
{
    TestISADev *s = opaque;

    return s->regs[addr & 7];
}

/* Writing 1 to register 1 raises the IRQ, 0 lowers it. */
static void tisa_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestISADev *s = opaque;

    s->regs[addr & 7] = val;
    if (addr == 1) {
        qemu_set_irq(s->irq, val == 1);
    }
}

static const MemoryRegionOps tisa_ops = {
    .read = tisa_read,
    .write = tisa_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
};

static void tisa_realize(DeviceState *dev, Error **errp)
{
    TestISADev *s = (TestISADev *)dev;
    ISADevice *isa = ISA_DEVICE(dev);

    /* The device, not the bus core, vets its irq property. */
    if (s->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "Maximum value for \"irq\" is: %u", ISA_NUM_IRQS - 1);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(s), &tisa_ops, s, "tisa", 8);
    isa_register_ioport(isa, &s->io, s->iobase);
    isa_init_irq(isa, &s->irq, s->isairq);
}

static void tisa_finalize(Object *obj)
{
    memory_region_destroy(&((TestISADev *)obj)->io);
    finalized++;
}

static Property tisa_props[] = {
    DEFINE_PROP_UINT32("iobase", TestISADev, iobase, 0x3f8),
    DEFINE_PROP_UINT32("irq", TestISADev, isairq, 4),
    DEFINE_PROP_END_OF_LIST(),
};

static void tisa_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = tisa_realize;
    device_class_set_props(dc, tisa_props);
}

/* ---- A device described by a port I/O list ---- */

typedef struct TestPortioDev {
    ISADevice parent_obj;
    PortioList ports;
    uint32_t last_port;
    uint32_t last_write;
    int calls;
} TestPortioDev;

static uint32_t tp_readb(void *opaque, uint32_t port)
{
    TestPortioDev *s = opaque;

    s->last_port = port;
    s->calls++;
    return port & 0xff;
}

static void tp_writeb(void *opaque, uint32_t port, uint32_t val)
{
    TestPortioDev *s = opaque;

    s->last_port = port;
    s->last_write = val;
    s->calls++;
}

static uint32_t tp_readw(void *opaque, uint32_t port)
{
    TestPortioDev *s = opaque;

    s->last_port = port;
    s->calls++;
    return 0xbeef;
}

/* Bytes at +0 and +1, a word at +0, and read-only bytes at +4..+7. */
static const MemoryRegionPortio tp_portio[] = {
    {0, 2, 1, .read = tp_readb, .write = tp_writeb},
    {0, 1, 2, .read = tp_readw},
    {4, 4, 1, .read = tp_readb},
    PORTIO_END_OF_LIST(),
};

static void tp_realize(DeviceState *dev, Error **errp)
{
    TestPortioDev *s = (TestPortioDev *)dev;

    isa_register_portio_list(ISA_DEVICE(dev), &s->ports, 0x1f0, tp_portio, s,
                             "tportio");
}

static void tp_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->realize = tp_realize;
}

/* ---- A device with GPIO outputs, wired by the board ---- */

typedef struct TestGpioDev {
    ISADevice parent_obj;
    qemu_irq out[2];
} TestGpioDev;

static void tgpio_init(Object *obj)
{
    TestGpioDev *s = (TestGpioDev *)obj;

    qdev_init_gpio_out(DEVICE(obj), s->out, 2);
}

/* ---- A bridge owning the bus ---- */

static void tbridge_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->user_creatable = false;
}

static void timpostor_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_ISA_BUS;
}

static const TypeInfo test_isa_types[] = {
    {
        .name = TYPE_TEST_ISA,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(TestISADev),
        .instance_finalize = tisa_finalize,
        .class_init = tisa_class_init,
    },
    {
        .name = TYPE_TEST_ISA_PORTIO,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(TestPortioDev),
        .class_init = tp_class_init,
    },
    {
        .name = TYPE_TEST_ISA_GPIO,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(TestGpioDev),
        .instance_init = tgpio_init,
    },
    {
        .name = TYPE_TEST_IMPOSTOR,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = timpostor_class_init,
    },
    {
        .name = TYPE_TEST_SB_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .class_init = tbridge_class_init,
    },
};

DEFINE_TYPES(test_isa_types)

/* ---- Fixture ---- */

static ISABus *bus;
static qemu_irq *lines;
static int level[ISA_NUM_IRQS];

static void line_handler(void *opaque, int n, int lvl)
{
    level[n] = lvl;
}

static int bare_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    /* Every test's bus is "isa.0", as in a fresh emu process. */
    BUS_CLASS(object_class_by_name(TYPE_ISA_BUS))->automatic_ids = 0;
    memory_map_init();
    memset(level, 0, sizeof(level));
    finalized = 0;
    bus = NULL;
    lines = NULL;
    return 0;
}

static int bus_setup(void **state)
{
    bare_setup(state);
    bus = isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    lines = qemu_allocate_irqs(line_handler, NULL, ISA_NUM_IRQS);
    isa_bus_irqs(bus, lines);
    return 0;
}

static int teardown(void **state)
{
    object_unparent(qdev_get_machine());
    if (lines) {
        qemu_free_irqs(lines, ISA_NUM_IRQS);
    }
    memory_map_cleanup();
    bus = NULL;
    return 0;
}

#define isa_test(f) cmocka_unit_test_setup_teardown(f, bus_setup, teardown)
#define isa_bare_test(f)                                                       \
    cmocka_unit_test_setup_teardown(f, bare_setup, teardown)

#define assert_error(err, text)                                                \
    do {                                                                       \
        if (!(err)) {                                                          \
            print_error("expected error \"%s\", got none\n", (text));          \
            fail();                                                            \
        }                                                                      \
        assert_string_equal(error_get_pretty(err), (text));                    \
        error_free(err);                                                       \
        (err) = NULL;                                                          \
    } while (0)

static uint8_t inb(uint16_t port)
{
    uint8_t v = 0;

    address_space_read(&address_space_io, port, ATTRS, &v, 1);
    return v;
}

static void outb(uint16_t port, uint8_t v)
{
    address_space_write(&address_space_io, port, ATTRS, &v, 1);
}

static uint32_t in_n(uint16_t port, unsigned len)
{
    uint32_t v = 0;

    address_space_read(&address_space_io, port, ATTRS, &v, len);
    return v;
}

static TestISADev *add_tisa(const char *id, const char *iobase, const char *irq,
                            Error **errp)
{
    const char *props[5] = {NULL};
    DeviceState *dev;
    int n = 0;

    if (iobase) {
        props[n++] = "iobase";
        props[n++] = iobase;
    }
    if (irq) {
        props[n++] = "irq";
        props[n++] = irq;
    }
    dev = qdev_device_add_from_props(TYPE_TEST_ISA, id, props, errp);
    if (dev) {
        object_unref(OBJECT(dev));
    }
    return (TestISADev *)dev;
}

/* ---- Tests ---- */

static void test_bus_new(void **state)
{
    Error *err = NULL;
    DeviceState *owner;

    bus = isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    assert_string_equal(BUS(bus)->name, "isa.0");
    assert_string_equal(object_get_typename(OBJECT(bus)), "ISA");
    /* Without a bridge, an "isabus-bridge" on the system bus owns it. */
    owner = BUS(bus)->parent;
    assert_string_equal(object_get_typename(OBJECT(owner)), TYPE_ISABUS_BRIDGE);
    assert_true(owner->realized);
    assert_ptr_equal(owner->parent_bus, sysbus_get_default());
    assert_false(DEVICE_GET_CLASS(owner)->user_creatable);
    assert_ptr_equal(isa_address_space(NULL), get_system_memory());
    assert_ptr_equal(isa_address_space_io(NULL), get_system_io());
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_ISA_DEVICE)));

    assert_null(isa_bus_new(NULL, get_system_memory(), get_system_io(), &err));
    assert_error(err, "Can't create a second ISA bus");
}

/* The bridge that creates the bus owns it; when it goes, so does the bus. */
static void test_bus_owned_by_bridge(void **state)
{
    DeviceState *br = qdev_new(TYPE_TEST_SB_BRIDGE);

    sysbus_realize_and_unref(SYS_BUS_DEVICE(br), &error_abort);
    bus = isa_bus_new(br, get_system_memory(), get_system_io(), &error_abort);
    assert_ptr_equal(BUS(bus)->parent, br);
    assert_ptr_equal(qdev_get_child_bus(br, "isa.0"), BUS(bus));

    object_unparent(OBJECT(br));
    /* The machine may create one again. */
    bus = isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    assert_non_null(bus);
}

/* IN and OUT through the I/O address space reach the device's ports. */
static void test_ioport_access(void **state)
{
    TestISADev *s = add_tisa(NULL, NULL, NULL, &error_abort);

    assert_ptr_equal(isa_bus_from_device(ISA_DEVICE(s)), bus);
    outb(0x3f8 + 3, 0x83);
    assert_int_equal(s->regs[3], 0x83);
    s->regs[5] = 0x60;
    assert_int_equal(inb(0x3fd), 0x60);
    /* Next to the device: nothing decodes. */
    assert_int_equal(inb(0x3f7), 0xff);
    assert_int_equal(inb(0x400), 0xff);
}

/* A bus may map into an I/O space of its own. */
static void test_ioport_private_space(void **state)
{
    MemoryRegion io;
    AddressSpace as;
    TestISADev *s;
    uint8_t v = 0;

    memory_region_init(&io, NULL, "isa-io", 0x10000);
    address_space_init(&as, &io, "isa-io");
    bus = isa_bus_new(NULL, get_system_memory(), &io, &error_abort);
    s = add_tisa(NULL, "0x2f8", NULL, &error_abort);
    s->regs[0] = 0x42;
    assert_ptr_equal(isa_address_space_io(ISA_DEVICE(s)), &io);
    address_space_read(&as, 0x2f8, ATTRS, &v, 1);
    assert_int_equal(v, 0x42);
    assert_int_equal(inb(0x2f8), 0xff);

    object_unparent(OBJECT(s));
    assert_int_equal(finalized, 1);
    address_space_destroy(&as);
    memory_region_destroy(&io);
}

static void test_irq_routing(void **state)
{
    TestISADev *s = add_tisa(NULL, NULL, NULL, &error_abort);
    ISADevice *isa = ISA_DEVICE(s);

    assert_int_equal(isa->isairq[0], 4);
    assert_int_equal(isa->isairq[1], -1);
    assert_int_equal(isa->nirqs, 1);
    assert_ptr_equal(s->irq, lines[4]);

    outb(0x3f9, 1);
    assert_int_equal(level[4], 1);
    outb(0x3f9, 0);
    assert_int_equal(level[4], 0);
    assert_ptr_equal(isa_get_irq(NULL, 11), lines[11]);
    assert_ptr_equal(isa_get_irq(isa, 0), lines[0]);
}

/* Before the board wires the lines, a device's IRQ goes nowhere. */
static void test_irq_unwired(void **state)
{
    TestISADev *s;

    bus = isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    s = add_tisa(NULL, NULL, "7", &error_abort);
    assert_null(s->irq);
    assert_null(isa_get_irq(NULL, 7));
    outb(0x3f9, 1);
    assert_int_equal(ISA_DEVICE(s)->isairq[0], 7);
}

static void get_irq_16(void *opaque)
{
    isa_get_irq(NULL, 16);
}

/* Asking the core for line 16 is a device bug. */
static void test_irq_out_of_range_aborts(void **state)
{
    assert_child_aborts(get_irq_16, NULL, "ISA IRQ out of range: 16");
}

/* The device refuses a bad irq property itself; nothing stays behind. */
static void test_device_irq_property_error(void **state)
{
    Error *err = NULL;

    assert_null(add_tisa("ser9", NULL, "16", &err));
    assert_error(err, "Maximum value for \"irq\" is: 15");
    assert_int_equal(BUS(bus)->num_children, 0);
    assert_null(object_resolve_path("/machine/peripheral/ser9", NULL));
    assert_int_equal(inb(0x3f8), 0xff);
}

static void test_connect_gpio_out(void **state)
{
    ISADevice *dev = isa_new(TYPE_TEST_ISA_GPIO);
    TestGpioDev *s = (TestGpioDev *)dev;

    isa_realize_and_unref(dev, bus, &error_abort);
    isa_connect_gpio_out(dev, 0, 8);
    isa_connect_gpio_out(dev, 1, 12);
    assert_int_equal(dev->isairq[0], 8);
    assert_int_equal(dev->isairq[1], 12);
    qemu_irq_raise(s->out[1]);
    assert_int_equal(level[12], 1);
    assert_int_equal(level[8], 0);
    qemu_irq_raise(s->out[0]);
    assert_int_equal(level[8], 1);
}

/* -device finds the ISA bus and names the device as asked. */
static void test_device_add(void **state)
{
    TestISADev *s = add_tisa("com2", "0x2f8", "3", &error_abort);

    assert_ptr_equal(DEVICE(s)->parent_bus, BUS(bus));
    assert_ptr_equal(object_resolve_path("/machine/peripheral/com2", NULL), s);
    s->regs[2] = 0xc1;
    assert_int_equal(inb(0x2fa), 0xc1);
    outb(0x2f9, 1);
    assert_int_equal(level[3], 1);
}

static void test_fw_dev_path(void **state)
{
    TestISADev *s = add_tisa(NULL, "0x2f8", NULL, &error_abort);
    ISADevice *g = isa_create_simple(bus, TYPE_TEST_ISA_GPIO);
    BusClass *bc = BUS_GET_CLASS(bus);
    g_autofree char *p1 = bc->get_fw_dev_path(DEVICE(s));
    g_autofree char *p2 = bc->get_fw_dev_path(DEVICE(g));

    assert_int_equal(ISA_DEVICE(s)->ioport_id, 0x2f8);
    assert_string_equal(p1, "test-isa-dev@02f8");
    assert_string_equal(p2, "test-isa-gpio");
}

/* The lowest port registered names the device. */
static void test_ioport_id_lowest(void **state)
{
    ISADevice *dev = isa_create_simple(bus, TYPE_TEST_ISA_GPIO);
    MemoryRegion a, b;

    memory_region_init_io(&a, OBJECT(dev), &tisa_ops, NULL, "a", 1);
    memory_region_init_io(&b, OBJECT(dev), &tisa_ops, NULL, "b", 1);
    isa_register_ioport(dev, &a, 0x61);
    isa_register_ioport(dev, &b, 0x60);
    assert_int_equal(dev->ioport_id, 0x60);
    assert_true(memory_region_is_mapped(&a));

    /* Unplugging gives both back; then the regions may go. */
    object_unparent(OBJECT(dev));
    assert_false(memory_region_is_mapped(&a));
    assert_false(memory_region_is_mapped(&b));
    memory_region_destroy(&a);
    memory_region_destroy(&b);
}

/* Unplugging unmaps the ports and lets the device be freed. */
static void test_unplug_unmaps_ports(void **state)
{
    TestISADev *s = add_tisa("gone", NULL, NULL, &error_abort);

    s->regs[0] = 0x11;
    assert_int_equal(inb(0x3f8), 0x11);
    object_unparent(OBJECT(s));
    assert_int_equal(finalized, 1);
    assert_int_equal(inb(0x3f8), 0xff);
    assert_int_equal(BUS(bus)->num_children, 0);
    /* The ports are free for another device. */
    add_tisa(NULL, NULL, NULL, &error_abort);
    assert_int_equal(inb(0x3f8), 0);
}

static void test_create_helpers(void **state)
{
    ISADevice *dev;
    Error *err = NULL;

    assert_null(isa_try_new("no-such-isa-device"));
    dev = isa_create_simple(bus, TYPE_TEST_ISA);
    assert_true(DEVICE(dev)->realized);
    assert_int_equal(((TestISADev *)dev)->iobase, 0x3f8);

    /* ISA devices go on ISA buses only. */
    dev = isa_new(TYPE_TEST_ISA);
    object_ref(OBJECT(dev));
    assert_false(
        qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), &err));
    assert_error(err, "Device 'test-isa-dev' can't go on System bus");
    object_unref(OBJECT(dev));

    /* And the ISA bus takes ISA devices only. */
    {
        DeviceState *imp = qdev_new(TYPE_TEST_IMPOSTOR);

        object_ref(OBJECT(imp));
        assert_false(qdev_realize_and_unref(imp, BUS(bus), &err));
        assert_error(err, "Device 'test-isa-impostor' can't go on ISA bus");
        object_unref(OBJECT(imp));
    }
}

/*
 * Port I/O lists: callbacks get absolute ports, 16-bit cycles fall back
 * to two 8-bit ones, what no entry serves floats high.
 */
static void test_portio_list(void **state)
{
    ISADevice *dev = isa_create_simple(bus, TYPE_TEST_ISA_PORTIO);
    TestPortioDev *s = (TestPortioDev *)dev;

    /* {0,2,1}+{0,1,2} share a region; {4,4,1} starts a new one. */
    assert_int_equal(s->ports.nr, 2);
    assert_int_equal(dev->ioport_id, 0x1f0);

    assert_int_equal(inb(0x1f1), 0xf1);
    assert_int_equal(s->last_port, 0x1f1);
    assert_int_equal(in_n(0x1f0, 2), 0xbeef);
    assert_int_equal(s->last_port, 0x1f0);
    /* No word entry at +4: two byte reads. */
    s->calls = 0;
    assert_int_equal(in_n(0x1f4, 2), 0xf5f4);
    assert_int_equal(s->calls, 2);
    /*
     * A dword read: the first region spans ports +0 and +1 only, so the
     * word entry serves the low half and the gap floats (as in QEMU).
     */
    assert_int_equal(in_n(0x1f0, 4), 0xffffbeef);
    /* No dword entry, inside one region: all-ones. */
    s->calls = 0;
    assert_int_equal(in_n(0x1f4, 4), 0xffffffff);
    assert_int_equal(s->calls, 0);
    /* The gap decodes nothing. */
    assert_int_equal(inb(0x1f2), 0xff);
    assert_int_equal(inb(0x1f3), 0xff);

    outb(0x1f1, 0x5a);
    assert_int_equal(s->last_port, 0x1f1);
    assert_int_equal(s->last_write, 0x5a);
    /* Read-only ports drop writes. */
    s->calls = 0;
    outb(0x1f4, 1);
    assert_int_equal(s->calls, 0);
    /* A word write with byte handlers only: two byte writes. */
    {
        uint16_t w = 0x1234;

        address_space_write(&address_space_io, 0x1f0, ATTRS, &w, 2);
        assert_int_equal(s->calls, 2);
        assert_int_equal(s->last_port, 0x1f1);
        assert_int_equal(s->last_write, 0x12);
    }

    /* Unplugging removes the list's regions. */
    object_unparent(OBJECT(dev));
    assert_int_equal(inb(0x1f1), 0xff);
}

/* Lists used directly, and through the ISA helper without a bus. */
static void test_portio_list_direct(void **state)
{
    TestPortioDev s = {0};
    PortioList pl;

    assert_int_equal(
        isa_register_portio_list(NULL, &pl, 0x80, tp_portio, &s, "x"), -ENODEV);

    portio_list_init(&pl, NULL, tp_portio, &s, "direct");
    portio_list_add(&pl, get_system_io(), 0x80);
    assert_int_equal(inb(0x81), 0x81);
    portio_list_del(&pl);
    assert_int_equal(inb(0x81), 0xff);
    /* Added again elsewhere. */
    portio_list_add(&pl, get_system_io(), 0x90);
    assert_int_equal(inb(0x95), 0x95);
    portio_list_destroy(&pl);
    assert_int_equal(inb(0x95), 0xff);
    assert_int_equal(pl.nr, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        isa_bare_test(test_bus_new),
        isa_bare_test(test_bus_owned_by_bridge),
        isa_test(test_ioport_access),
        isa_bare_test(test_ioport_private_space),
        isa_test(test_irq_routing),
        isa_bare_test(test_irq_unwired),
        isa_test(test_irq_out_of_range_aborts),
        isa_test(test_device_irq_property_error),
        isa_test(test_connect_gpio_out),
        isa_test(test_device_add),
        isa_test(test_fw_dev_path),
        isa_test(test_ioport_id_lowest),
        isa_test(test_unplug_unmaps_ports),
        isa_test(test_create_helpers),
        isa_test(test_portio_list),
        isa_bare_test(test_portio_list_direct),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
