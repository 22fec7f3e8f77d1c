/*
 * Unit tests for sysbus: the main system bus, MMIO regions mapped into
 * the system memory, I/O regions, interrupt outputs, and the board
 * shorthands.
 */
#include <string.h>

#include "machine/memory.h"
#include "machine/sysbus.h"
#include "qdev-test.h"

#define TYPE_TIMER "test-sbtimer"
#define TYPE_WRAPPER "test-sbwrapper"

typedef struct TimerDev {
    SysBusDevice parent_obj;
    MemoryRegion regs;
    MemoryRegion bank;
    MemoryRegion ports;
    qemu_irq irq[2];
    uint32_t value;
} TimerDev;

static uint64_t timer_read(void *opaque, hwaddr addr, unsigned size)
{
    TimerDev *s = opaque;

    return s->value + addr;
}

static void timer_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    TimerDev *s = opaque;

    s->value = data;
    /* Writing 1 raises interrupt 0, 2 raises interrupt 1. */
    qemu_set_irq(s->irq[0], data == 1);
    qemu_set_irq(s->irq[1], data == 2);
}

static const MemoryRegionOps timer_ops = {
    .read = timer_read,
    .write = timer_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
};

static void timer_init(Object *obj)
{
    TimerDev *s = (TimerDev *)obj;
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->regs, obj, &timer_ops, s, "timer-regs", 0x100);
    memory_region_init_io(&s->bank, obj, &timer_ops, s, "timer-bank", 0x10);
    memory_region_init_io(&s->ports, obj, &timer_ops, s, "timer-io", 4);
    sysbus_init_mmio(sbd, &s->regs);
    sysbus_init_mmio(sbd, &s->bank);
    sysbus_init_irq(sbd, &s->irq[0]);
    sysbus_init_irq(sbd, &s->irq[1]);
    sysbus_init_ioports(sbd, 0x40, 4);
}

static void timer_finalize(Object *obj)
{
    TimerDev *s = (TimerDev *)obj;

    memory_region_destroy(&s->regs);
    memory_region_destroy(&s->bank);
    memory_region_destroy(&s->ports);
}

typedef struct WrapperDev {
    SysBusDevice parent_obj;
    TimerDev inner;
} WrapperDev;

static void wrapper_init(Object *obj)
{
    WrapperDev *s = (WrapperDev *)obj;

    object_initialize_child(obj, "inner", &s->inner, TYPE_TIMER);
    sysbus_pass_irq(SYS_BUS_DEVICE(s), SYS_BUS_DEVICE(&s->inner));
}

static const TypeInfo sysbus_test_types[] = {
    {
        .name = TYPE_TIMER,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TimerDev),
        .instance_init = timer_init,
        .instance_finalize = timer_finalize,
    },
    {
        .name = TYPE_WRAPPER,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(WrapperDev),
        .instance_init = wrapper_init,
    },
};

DEFINE_TYPES(sysbus_test_types)

static int levels[4];

static void pin_handler(void *opaque, int n, int level)
{
    levels[n] = level;
}

static int sysbus_setup(void **state)
{
    memset(levels, 0, sizeof(levels));
    memory_map_init();
    return qdev_test_machine_setup(state);
}

static int sysbus_teardown(void **state)
{
    qdev_test_machine_teardown(state);
    memory_map_cleanup();
    return 0;
}

#define sysbus_test(f)                                                         \
    cmocka_unit_test_setup_teardown(f, sysbus_setup, sysbus_teardown)

static TimerDev *timer_new(const char *id)
{
    TimerDev *s = (TimerDev *)qdev_new(TYPE_TIMER);

    qdev_set_id(DEVICE(s), g_strdup(id), &error_abort);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(s), &error_abort);
    return s;
}

static uint32_t read32(hwaddr addr)
{
    uint32_t v = 0;

    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, &v,
                       4);
    return v;
}

static void write32(hwaddr addr, uint32_t v)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, &v,
                        4);
}

static void test_default_bus(void **state)
{
    BusState *bus = sysbus_get_default();

    assert_ptr_equal(bus, sysbus_get_default());
    assert_string_equal(bus->name, "main-system-bus");
    assert_string_equal(object_get_typename(OBJECT(bus)), "System");
    assert_null(bus->parent);
    assert_true(bus->realized);
    assert_true(
        object_class_is_abstract(object_class_by_name(TYPE_SYS_BUS_DEVICE)));
    /* -device cannot create sysbus devices by default. */
    assert_false(
        DEVICE_CLASS(object_class_by_name(TYPE_TIMER))->user_creatable);
    assert_string_equal(
        DEVICE_CLASS(object_class_by_name(TYPE_TIMER))->bus_type,
        TYPE_SYSTEM_BUS);
}

static void test_realize_on_default_bus(void **state)
{
    TimerDev *s = timer_new("t0");
    BusState *bus = sysbus_get_default();

    assert_ptr_equal(DEVICE(s)->parent_bus, bus);
    assert_true(DEVICE(s)->realized);
    object_unparent(OBJECT(s));
    assert_int_equal(bus->num_children, 0);
}

static void test_mmio_map(void **state)
{
    TimerDev *s = timer_new("t0");
    SysBusDevice *sbd = SYS_BUS_DEVICE(s);

    assert_int_equal(sbd->num_mmio, 2);
    assert_true(sysbus_has_mmio(sbd, 1));
    assert_false(sysbus_has_mmio(sbd, 2));
    assert_ptr_equal(sysbus_mmio_get_region(sbd, 0), &s->regs);
    assert_null(sysbus_mmio_get_region(sbd, 2));
    assert_true(sbd->mmio[0].addr == (hwaddr)-1);

    s->value = 0x100;
    /* Nothing mapped: all ones. */
    assert_true(read32(0xfed00000) == UINT32_MAX);
    sysbus_mmio_map(sbd, 0, 0xfed00000);
    assert_true(sbd->mmio[0].addr == 0xfed00000);
    assert_true(memory_region_is_mapped(&s->regs));
    assert_int_equal(read32(0xfed00008), 0x108);
    /* Mapping elsewhere moves it. */
    sysbus_mmio_map(sbd, 0, 0xfee00000);
    assert_true(read32(0xfed00008) == UINT32_MAX);
    assert_int_equal(read32(0xfee00004), 0x104);
    /* Mapping at the same place again is a no-op. */
    sysbus_mmio_map(sbd, 0, 0xfee00000);
    assert_int_equal(read32(0xfee00004), 0x104);
    /* An overlapping map with priority wins over the other region. */
    sysbus_mmio_map_overlap(sbd, 1, 0xfee00000, 1);
    s->value = 0x200;
    assert_int_equal(read32(0xfee00004), 0x204);
    assert_int_equal(read32(0xfee00010), 0x210);
    sysbus_mmio_unmap(sbd, 1);
    sysbus_mmio_unmap(sbd, 0);
    assert_false(memory_region_is_mapped(&s->regs));
    assert_true(read32(0xfee00004) == UINT32_MAX);
    assert_true(sbd->mmio[0].addr == (hwaddr)-1);
    /* Unmapping twice is harmless. */
    sysbus_mmio_unmap(sbd, 0);
    object_unparent(OBJECT(s));
}

static void test_irqs(void **state)
{
    TimerDev *s = timer_new("t0");
    SysBusDevice *sbd = SYS_BUS_DEVICE(s);
    qemu_irq *pins = qemu_allocate_irqs(pin_handler, NULL, 2);

    assert_true(sysbus_has_irq(sbd, 0));
    assert_true(sysbus_has_irq(sbd, 1));
    assert_false(sysbus_has_irq(sbd, 2));
    assert_false(sysbus_is_irq_connected(sbd, 0));
    sysbus_connect_irq(sbd, 0, pins[1]);
    sysbus_connect_irq(sbd, 1, pins[0]);
    assert_true(sysbus_is_irq_connected(sbd, 1));
    assert_ptr_equal(sysbus_get_connected_irq(sbd, 0), pins[1]);
    assert_non_null(object_property_find(OBJECT(s), "sysbus-irq[1]"));

    sysbus_mmio_map(sbd, 0, 0x10000);
    write32(0x10000, 1);
    assert_int_equal(levels[1], 1);
    assert_int_equal(levels[0], 0);
    write32(0x10000, 2);
    assert_int_equal(levels[1], 0);
    assert_int_equal(levels[0], 1);
    object_unparent(OBJECT(s));
    qemu_free_irqs(pins, 2);
}

static void test_io_and_fw_path(void **state)
{
    TimerDev *s = timer_new("t0");
    SysBusDevice *sbd = SYS_BUS_DEVICE(s);
    BusClass *bc = BUS_GET_CLASS(sysbus_get_default());
    uint8_t v = 0;
    char *path;

    assert_int_equal(sbd->num_pio, 4);
    assert_int_equal(sbd->pio[0], 0x40);
    assert_int_equal(sbd->pio[3], 0x43);
    sysbus_add_io(sbd, 0x40, &s->ports);
    s->value = 0x50;
    address_space_read(&address_space_io, 0x41, MEMTXATTRS_UNSPECIFIED, &v, 1);
    assert_int_equal(v, 0x51);
    assert_ptr_equal(sysbus_address_space(sbd), get_system_memory());
    /* IEEE 1275 unit address: the port while no MMIO is mapped... */
    sbd->num_mmio = 0;
    path = bc->get_fw_dev_path(DEVICE(s));
    assert_string_equal(path, "t0@i0040");
    g_free(path);
    sbd->num_mmio = 2;
    /* ... else the first MMIO base. */
    sysbus_mmio_map(sbd, 0, 0xfed00000);
    path = bc->get_fw_dev_path(DEVICE(s));
    assert_string_equal(path, "t0@00000000fed00000");
    g_free(path);
    sysbus_mmio_unmap(sbd, 0);
    memory_region_del_subregion(get_system_io(), &s->ports);
    object_unparent(OBJECT(s));
}

static void test_create_simple(void **state)
{
    qemu_irq pin = qemu_allocate_irq(pin_handler, NULL, 3);
    DeviceState *dev = sysbus_create_simple(TYPE_TIMER, 0x20000, pin);
    TimerDev *s = (TimerDev *)dev;

    assert_true(dev->realized);
    assert_true(SYS_BUS_DEVICE(dev)->mmio[0].addr == 0x20000);
    assert_ptr_equal(sysbus_get_connected_irq(SYS_BUS_DEVICE(dev), 0), pin);
    assert_null(sysbus_get_connected_irq(SYS_BUS_DEVICE(dev), 1));
    write32(0x20000, 1);
    assert_int_equal(levels[3], 1);
    assert_int_equal(s->value, 1);
    sysbus_mmio_unmap(SYS_BUS_DEVICE(dev), 0);
    object_unparent(OBJECT(dev));
    qemu_free_irq(pin);
}

static void test_pass_irq(void **state)
{
    WrapperDev *w = (WrapperDev *)qdev_new(TYPE_WRAPPER);
    qemu_irq pin = qemu_allocate_irq(pin_handler, NULL, 2);

    qdev_set_id(DEVICE(w), g_strdup("w"), &error_abort);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(w), &error_abort);
    /* The wrapper's interrupt 1 is its inner timer's. */
    assert_true(sysbus_has_irq(SYS_BUS_DEVICE(w), 1));
    sysbus_connect_irq(SYS_BUS_DEVICE(w), 1, pin);
    assert_ptr_equal(w->inner.irq[1], pin);
    qemu_irq_raise(w->inner.irq[1]);
    assert_int_equal(levels[2], 1);
    object_unparent(OBJECT(w));
    qemu_free_irq(pin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        sysbus_test(test_default_bus),
        sysbus_test(test_realize_on_default_bus),
        sysbus_test(test_mmio_map),
        sysbus_test(test_irqs),
        sysbus_test(test_io_and_fw_path),
        sysbus_test(test_create_simple),
        sysbus_test(test_pass_irq),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
